//! Text measured in terminal cells, grapheme by grapheme, exactly as the
//! screen buffer counts them: what a layout measures here is what the
//! buffer draws, so no line is cut at the pane's edge and no letter lost.
//!
//! `unicode-width` measures a whole string with rules across characters
//! (the lam-alef ligature counts one column, an emoji ZWJ sequence two),
//! while the buffer measures each grapheme on its own: a layout that
//! measured the first way drew lines wider than it thought.

use ratatui::buffer::{Buffer, CellDiffOption, CellWidth};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use unicode_segmentation::UnicodeSegmentation;

/// The cells a terminal gives one grapheme, and so the cells the layout
/// and the screen buffer give it: 0 for one that is dropped (a control,
/// or a mark with nothing to sit on).
///
/// Terminals measure code point by code point (wcwidth): a spacing mark
/// takes a cell. `unicode-width`, which ratatui follows, counts as zero
/// the spacing marks that also extend graphemes (Bengali's vowel sign
/// `া`, Tamil's `ா`…): a layout that trusted it left no cell for them,
/// and terminals drew each over the next letter. Emoji sequences keep
/// ratatui's two cells, as current terminals draw them.
pub fn grapheme_width(grapheme: &str) -> usize {
    if grapheme.contains(char::is_control) {
        return 0;
    }
    let natural = usize::from(grapheme.cell_width());
    if grapheme.is_ascii() || natural == 0 {
        return natural;
    }
    natural
        + grapheme
            .chars()
            .filter(|&c| is_extending_spacing_mark(c))
            .count()
}

/// Spacing marks (general category Mc) that are also `Grapheme_Extend`:
/// the ones `unicode-width` counts as zero where terminals give a cell.
fn is_extending_spacing_mark(c: char) -> bool {
    matches!(
        c,
        '\u{09be}'
            | '\u{09d7}'
            | '\u{0b3e}'
            | '\u{0b57}'
            | '\u{0bbe}'
            | '\u{0bd7}'
            | '\u{0cc2}'
            | '\u{0cd5}'
            | '\u{0cd6}'
            | '\u{0d3e}'
            | '\u{0d57}'
            | '\u{0dcf}'
            | '\u{0ddf}'
            | '\u{1b35}'
            | '\u{302e}'
            | '\u{302f}'
            | '\u{1133e}'
            | '\u{11357}'
            | '\u{114b0}'
            | '\u{115af}'
            | '\u{11930}'
            | '\u{1d165}'
            | '\u{1d16e}'..='\u{1d172}'
    )
}

/// Writes `text` into `buffer` from (`x`, `y`), at most `max` cells, in
/// `style`, grapheme by grapheme at the widths of [`grapheme_width`]
/// (where ratatui would count another, the cell says so, so that the
/// buffer's diff and the backend keep the cells that follow it). Returns
/// the column after the text.
pub fn put_str(buffer: &mut Buffer, x: u16, y: u16, text: &str, max: u16, style: Style) -> u16 {
    let area = buffer.area;
    if y < area.y || y >= area.bottom() || x >= area.right() {
        return x;
    }
    let end = x.saturating_add(max).min(area.right());
    let mut at = x;
    for (_, grapheme) in graphemes(text) {
        let w = grapheme_width(grapheme) as u16;
        if w == 0 {
            continue;
        }
        if at.saturating_add(w) > end {
            break;
        }
        let cell = &mut buffer[(at, y)];
        cell.set_symbol(grapheme).set_style(style);
        let option = match std::num::NonZeroU16::new(w) {
            Some(forced) if w != grapheme.cell_width() => CellDiffOption::ForcedWidth(forced),
            _ => CellDiffOption::None,
        };
        cell.set_diff_option(option);
        for covered in at + 1..at + w {
            buffer[(covered, y)].reset();
        }
        at += w;
    }
    at
}

/// Writes a styled line into the row `row` of `buffer` (its width the
/// most cells written), over `base`, as a paragraph of one line would.
pub fn put_line(buffer: &mut Buffer, row: Rect, line: &Line<'_>, base: Style) {
    let style = base.patch(line.style);
    if style != Style::default() {
        buffer.set_style(row, style);
    }
    let mut x = row.x;
    for span in &line.spans {
        let room = row.right().saturating_sub(x);
        if room == 0 {
            break;
        }
        x = put_str(
            buffer,
            x,
            row.y,
            &span.content,
            room,
            style.patch(span.style),
        );
    }
}

/// The cells `text` takes on screen, the sum of its graphemes'.
pub fn width(text: &str) -> usize {
    if text.is_ascii() {
        return text.bytes().filter(|b| !b.is_ascii_control()).count();
    }
    graphemes(text).map(|(_, g)| grapheme_width(g)).sum()
}

/// Whether `c` is a grapheme by itself whatever surrounds it, one cell
/// wide (or a control): Latin letters, accented or not, and the common
/// punctuation. Text made only of these (almost all English and French)
/// is cut into graphemes character by character, without the Unicode
/// segmentation rules, which took a third of the time of drawing a frame.
fn stands_alone(c: char) -> bool {
    (c < '\u{300}' && c != '\r')
        || ('\u{2010}'..='\u{2027}').contains(&c)
        || ('\u{2030}'..='\u{205e}').contains(&c)
}

/// The graphemes of `text` with their byte offsets, as
/// `unicode-segmentation` finds them, quicker for text whose characters
/// all [stand alone](stands_alone).
pub fn graphemes(text: &str) -> Graphemes<'_> {
    if text.chars().all(stands_alone) {
        Graphemes::Alone(text, text.char_indices())
    } else {
        Graphemes::Segmented(text.grapheme_indices(true))
    }
}

/// See [`graphemes`].
pub enum Graphemes<'a> {
    Alone(&'a str, std::str::CharIndices<'a>),
    Segmented(unicode_segmentation::GraphemeIndices<'a>),
}

impl<'a> Iterator for Graphemes<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        match self {
            Graphemes::Alone(text, chars) => {
                let (at, c) = chars.next()?;
                Some((at, &text[at..at + c.len_utf8()]))
            }
            Graphemes::Segmented(graphemes) => graphemes.next(),
        }
    }
}

/// `text` cut to at most `max` cells, ending with `…` when cut; never in
/// the middle of a grapheme.
pub fn truncate(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if width(text) <= max {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::new();
    let mut used = 0;
    for (_, grapheme) in graphemes(text) {
        let w = grapheme_width(grapheme);
        if used + w + 1 > max {
            break;
        }
        used += w;
        out.push_str(grapheme);
    }
    if max > 0 {
        out.push('…');
    }
    std::borrow::Cow::Owned(out)
}

/// The end of `text` in at most `max` cells, starting with `…` when cut:
/// a prompt keeps in view the end, where one types.
pub fn tail(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if width(text) <= max {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut kept = Vec::new();
    let mut used = 0;
    for grapheme in text.graphemes(true).rev() {
        let w = grapheme_width(grapheme);
        if used + w + 1 > max {
            break;
        }
        used += w;
        kept.push(grapheme);
    }
    let mut out = String::from(if max > 0 { "…" } else { "" });
    out.extend(kept.into_iter().rev());
    std::borrow::Cow::Owned(out)
}

/// Whether every terminal draws `grapheme` in the cells the buffer gives
/// it: one character of Latin, Greek or Cyrillic letters, common
/// punctuation, box drawing (one cell), or CJK ideographs, kana and hangul
/// (two). Anything else (combining marks, Indic conjuncts, Arabic, emoji
/// and their sequences, flags, variation selectors) is drawn with the
/// cursor placed after it, since terminals disagree on its width.
pub fn is_plain(grapheme: &str) -> bool {
    let mut chars = grapheme.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return false;
    };
    let narrow = matches!(c,
        ' '..='~'
        | '\u{a0}'..='\u{ac}'
        | '\u{ae}'..='\u{24f}'
        | '\u{370}'..='\u{377}'
        | '\u{37a}'..='\u{3ff}'
        | '\u{400}'..='\u{482}'
        | '\u{48a}'..='\u{52f}'
        | '\u{1e00}'..='\u{1eff}'
        | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{205e}'
        | '\u{2070}'..='\u{209f}'
        | '\u{20a0}'..='\u{20c0}'
        | '\u{2190}'..='\u{21ff}'
        | '\u{2300}'..='\u{23ff}'
        | '\u{2400}'..='\u{2426}'
        | '\u{2500}'..='\u{259f}'
        | '\u{2713}'
        | '\u{2717}'
        | '\u{fffd}');
    let wide = matches!(c,
        '\u{3001}'..='\u{3029}'
        | '\u{3041}'..='\u{3096}'
        | '\u{30a1}'..='\u{30fa}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{ac00}'..='\u{d7a3}'
        | '\u{ff01}'..='\u{ff60}');
    let w = grapheme_width(grapheme);
    (narrow && w == 1) || (wide && w == 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::ascii("hello", 5)]
    #[case::french("Numérique « ici »", 17)]
    #[case::cjk("日本語", 6)]
    // The buffer draws lam and alef in a cell each; unicode-width's whole
    // string rule counts the ligature once.
    #[case::lam_alef("لا", 2)]
    #[case::family("👩\u{200d}👩\u{200d}👧", 2)]
    // Nine code points that take a cell each, as terminals count them;
    // unicode-width leaves out the vowel sign `া`.
    #[case::bengali("প্রেক্ষাপটে", 9)]
    #[case::bengali_name("বাংলা", 5)]
    fn widths_are_the_terminals(#[case] text: &str, #[case] cells: usize) {
        assert_eq!(width(text), cells);
        let mut buffer = Buffer::empty(Rect::new(0, 0, 40, 1));
        let end = put_str(&mut buffer, 0, 0, text, 40, Style::new());
        assert_eq!(usize::from(end), cells, "{text}");
        // The buffer's own count of the cells, forced widths included.
        let mut x = 0;
        while x < end {
            x += buffer[(x, 0)].cell_width().max(1);
        }
        assert_eq!(x, end, "{text}: the cells the buffer steps over");
    }

    #[rstest]
    #[case::fits("short", 10, "short")]
    #[case::cut("a longer title", 8, "a longe…")]
    #[case::wide("日本語の文章", 7, "日本語…")]
    #[case::cluster_kept_whole("নমস্কার বন্ধু", 5, "নম…")]
    fn truncation_ends_with_an_ellipsis(#[case] text: &str, #[case] max: usize, #[case] cut: &str) {
        let shown = truncate(text, max);
        assert_eq!(shown, cut);
        assert!(width(&shown) <= max);
    }

    proptest::proptest! {
        #[test]
        fn quick_graphemes_are_the_unicode_ones(
            text in "(\\PC|[\u{300}-\u{36f}\u{200d}\u{fe0f}\r\né’«»😀👩🇨🇦ক্ষা]){0,40}"
        ) {
            let quick: Vec<(usize, &str)> = graphemes(&text).collect();
            let unicode: Vec<(usize, &str)> = text.grapheme_indices(true).collect();
            proptest::prop_assert_eq!(quick, unicode);
        }
    }

    #[rstest]
    #[case("a", true)]
    #[case("é", true)]
    #[case("Ж", true)]
    #[case("日", true)]
    #[case("│", true)]
    #[case("␛", true)]
    #[case("✓", true)]
    #[case("⌚", false)]
    #[case("e\u{301}", false)]
    #[case("ক্ষা", false)]
    #[case("ل", false)]
    #[case("😀", false)]
    #[case("🇨🇦", false)]
    #[case("\u{ad}", false)]
    fn plain_graphemes(#[case] grapheme: &str, #[case] plain: bool) {
        assert_eq!(is_plain(grapheme), plain, "{grapheme:?}");
    }
}
