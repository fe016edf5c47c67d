//! A line of text being typed (the filter, the search in a post, the site
//! search) and where its caret is, with the editing keys of a shell's
//! prompt. Pure: no screen, no site.

use crate::text::cells;
use unicode_segmentation::UnicodeSegmentation;

/// One way to change a field, besides typing into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// The caret one character (grapheme) left or right.
    Left,
    Right,
    /// The caret to the start or the end.
    Start,
    End,
    /// Delete the character before or under the caret.
    Backspace,
    Delete,
    /// Delete from the start to the caret (Ctrl-U).
    ToStart,
    /// Delete the word before the caret, and the spaces after it (Ctrl-W).
    WordBack,
}

/// Text and a caret, a byte offset always at a grapheme's start.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Field {
    text: String,
    caret: usize,
}

impl Field {
    /// A field holding `text`, the caret at its end.
    pub fn new(text: impl Into<String>) -> Field {
        let text = text.into();
        let caret = text.len();
        Field { text, caret }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The caret's byte offset in [`Field::as_str`].
    pub fn caret(&self) -> usize {
        self.caret
    }

    /// The text before the caret.
    pub fn before_caret(&self) -> &str {
        &self.text[..self.caret]
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.caret = 0;
    }

    /// `text` typed at the caret, as far as `limit` characters in the whole
    /// field; returns how many characters did not fit. Line breaks and
    /// tabs become spaces and characters unsafe for a terminal are left out,
    /// so what is typed is what the field shows.
    pub fn insert(&mut self, text: &str, limit: usize) -> usize {
        let room = limit.saturating_sub(self.text.chars().count());
        let mut kept = String::new();
        let (mut kept_count, mut dropped) = (0, 0);
        for c in text.chars() {
            let c = match c {
                '\n' | '\r' | '\t' => ' ',
                c if crate::text::is_unsafe_for_terminal(c) => continue,
                c => c,
            };
            if kept_count < room {
                kept.push(c);
                kept_count += 1;
            } else {
                dropped += 1;
            }
        }
        self.text.insert_str(self.caret, &kept);
        self.caret += kept.len();
        // A combining mark typed after a letter joins its grapheme: keep the
        // caret at a grapheme's start.
        self.caret = self.grapheme_start_at_or_after(self.caret);
        dropped
    }

    /// Applies `edit`; returns whether the text changed.
    pub fn edit(&mut self, edit: Edit) -> bool {
        let before = self.text.len();
        match edit {
            Edit::Left => self.caret = self.previous_boundary(self.caret),
            Edit::Right => self.caret = self.next_boundary(self.caret),
            Edit::Start => self.caret = 0,
            Edit::End => self.caret = self.text.len(),
            Edit::Backspace => {
                let start = self.previous_boundary(self.caret);
                self.text.replace_range(start..self.caret, "");
                self.caret = start;
            }
            Edit::Delete => {
                let end = self.next_boundary(self.caret);
                self.text.replace_range(self.caret..end, "");
            }
            Edit::ToStart => {
                self.text.replace_range(..self.caret, "");
                self.caret = 0;
            }
            Edit::WordBack => {
                let start = word_start_before(&self.text[..self.caret]);
                self.text.replace_range(start..self.caret, "");
                self.caret = start;
            }
        }
        self.text.len() != before
    }

    /// How many terminal cells the text before the caret takes.
    pub fn caret_column(&self) -> usize {
        cells::width(self.before_caret())
    }

    fn previous_boundary(&self, at: usize) -> usize {
        self.text[..at]
            .grapheme_indices(true)
            .next_back()
            .map_or(0, |(start, _)| start)
    }

    fn next_boundary(&self, at: usize) -> usize {
        self.text[at..]
            .graphemes(true)
            .next()
            .map_or(at, |grapheme| at + grapheme.len())
    }

    fn grapheme_start_at_or_after(&self, at: usize) -> usize {
        let mut start = 0;
        for grapheme in self.text.graphemes(true) {
            if start >= at {
                return start;
            }
            start += grapheme.len();
        }
        self.text.len()
    }
}

/// Where the word that ends at the end of `text` starts, spaces after it
/// included: what Ctrl-W deletes.
fn word_start_before(text: &str) -> usize {
    let trimmed = text.trim_end();
    trimmed
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(index, c)| index + c.len_utf8())
}

impl std::ops::Deref for Field {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text
    }
}

impl PartialEq<&str> for Field {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> Field {
        let mut field = Field::default();
        field.insert(text, 100);
        field
    }

    /// The field with `|` at the caret.
    fn shown(field: &Field) -> String {
        format!("{}|{}", field.before_caret(), &field[field.caret()..])
    }

    #[test]
    fn typing_goes_in_at_the_caret() {
        let mut field = typed("numérique");
        field.edit(Edit::Start);
        field.insert("le ", 100);
        assert_eq!(shown(&field), "le |numérique");
        field.edit(Edit::End);
        field.edit(Edit::Left);
        field.edit(Edit::Left);
        field.insert("X", 100);
        assert_eq!(shown(&field), "le numériqX|ue");
    }

    #[test]
    fn the_caret_moves_by_whole_graphemes() {
        // A Bengali letter with its vowel sign, an emoji with a skin tone.
        let mut field = typed("কা👍🏽e\u{301}");
        field.edit(Edit::Left);
        assert_eq!(shown(&field), "কা👍🏽|e\u{301}");
        field.edit(Edit::Left);
        assert_eq!(shown(&field), "কা|👍🏽e\u{301}");
        field.edit(Edit::Backspace);
        assert_eq!(shown(&field), "|👍🏽e\u{301}");
        field.edit(Edit::Delete);
        assert_eq!(shown(&field), "|e\u{301}");
        field.edit(Edit::Left);
        assert_eq!(shown(&field), "|e\u{301}", "nothing before the start");
        field.edit(Edit::End);
        field.edit(Edit::Right);
        assert_eq!(shown(&field), "e\u{301}|", "nothing after the end");
    }

    #[test]
    fn a_combining_mark_typed_after_a_letter_joins_it() {
        let mut field = typed("e");
        field.insert("\u{301}", 100);
        assert_eq!(shown(&field), "e\u{301}|");
        field.edit(Edit::Backspace);
        assert_eq!(shown(&field), "|");
    }

    #[test]
    fn control_u_and_w_delete_before_the_caret_only() {
        let mut field = typed("lang:fr  données ouvertes");
        field.edit(Edit::WordBack);
        assert_eq!(shown(&field), "lang:fr  données |");
        field.edit(Edit::WordBack);
        assert_eq!(shown(&field), "lang:fr  |");
        field.insert("#outils", 100);
        field.edit(Edit::Start);
        field.edit(Edit::Right);
        field.edit(Edit::WordBack);
        assert_eq!(shown(&field), "|ang:fr  #outils");
        field.edit(Edit::End);
        field.edit(Edit::Left);
        field.edit(Edit::ToStart);
        assert_eq!(shown(&field), "|s");
    }

    #[test]
    fn an_edit_says_whether_the_text_changed() {
        let mut field = typed("ab");
        assert!(!field.edit(Edit::Left));
        assert!(field.edit(Edit::Backspace));
        assert!(!field.edit(Edit::Backspace));
    }

    #[test]
    fn inserting_stops_at_the_limit_and_counts_what_is_left_out() {
        let mut field = typed("abc");
        field.edit(Edit::Start);
        assert_eq!(field.insert("xyz\n", 5), 2);
        assert_eq!(shown(&field), "xy|abc");
        assert_eq!(field.insert("\u{1b}[2J", 10), 0, "escapes are left out");
        assert_eq!(shown(&field), "xy[2J|abc");
    }

    #[test]
    fn the_caret_column_counts_terminal_cells() {
        let mut field = typed("日本a");
        assert_eq!(field.caret_column(), 5);
        field.edit(Edit::Left);
        assert_eq!(field.caret_column(), 4);
    }
}
