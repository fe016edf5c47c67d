//! The snippet of a hit: the line of a post's text that best shows the
//! match (most parts of the query, closest together, earliest), cut
//! between words around it, made safe for a terminal, its matches marked.

use super::query::{Hit, Occurrence, highlights, narrowest_window};
use crate::text::sanitize_line;
use std::ops::Range;

/// The longest snippet, in characters, before the `…` marks.
pub const SNIPPET_CHARS: usize = 160;

/// One line of a post's text around its best match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snippet {
    /// Plain text, safe for a terminal, at most [`SNIPPET_CHARS`]
    /// characters plus `…` where the line was cut.
    pub text: String,
    /// Byte ranges of the matched words in `text`, in order.
    pub highlights: Vec<Range<usize>>,
}

/// The line of `text` that best shows the match (most parts of the query,
/// closest together, earliest), cut around them.
pub(super) fn snippet(text: &str, hits: &[Hit], occurrences: &[Occurrence]) -> Snippet {
    // (parts covered, first and last positions of their window, line)
    let mut best: Option<(usize, u32, u32, u32)> = None;
    for on_line in occurrences.chunk_by(|a, b| a.line == b.line) {
        let Some((covered, first, last)) = narrowest_window(on_line) else {
            continue;
        };
        let better =
            best.is_none_or(|(c, f, l, _)| covered > c || (covered == c && last - first < l - f));
        if better {
            best = Some((covered, first, last, on_line[0].line));
        }
    }
    let Some((_, first, last, line)) = best else {
        // Only the title matches: the opening of the text.
        let opening = text.split('\n').next().unwrap_or_default();
        return cut(opening, 0..0, &[]);
    };
    let bounds = line_bounds(text, line);
    let window: Vec<&Hit> = hits
        .iter()
        .filter(|h| h.at.position >= first && h.at.position <= last)
        .collect();
    let focus_start = window
        .iter()
        .map(|h| h.at.start)
        .min()
        .unwrap_or(bounds.start);
    let focus_end = window.iter().map(|h| h.at.end).max().unwrap_or(focus_start);
    let on_line: Vec<Occurrence> = occurrences
        .iter()
        .filter(|o| o.line == line)
        .cloned()
        .collect();
    let marks = highlights(hits, &on_line, bounds.clone());
    cut(
        &text[bounds.clone()],
        focus_start - bounds.start..focus_end - bounds.start,
        &marks,
    )
}

/// The byte range of line `line` (0-based) of `text`, without its `\n`.
fn line_bounds(text: &str, line: u32) -> Range<usize> {
    let mut start = 0;
    for (index, newline) in memchr::memchr_iter(b'\n', text.as_bytes()).enumerate() {
        if index as u32 == line {
            return start..newline;
        }
        start = newline + 1;
    }
    start..text.len()
}

/// At most [`SNIPPET_CHARS`] characters of `line` around `focus`, cut
/// between words, with `…` where it was cut and every character unsafe
/// for a terminal replaced; `marks` (byte ranges in `line`) are carried
/// over to the result.
fn cut(line: &str, focus: Range<usize>, marks: &[Range<usize>]) -> Snippet {
    let chars = line.chars().count();
    let (start, end) = if chars <= SNIPPET_CHARS {
        (0, line.len())
    } else {
        let focus_chars = line[focus.clone()].chars().count();
        let before_focus = line[..focus.start].chars().count();
        // A third of the room before the match: what follows it reads better.
        let room = SNIPPET_CHARS.saturating_sub(focus_chars);
        let first = before_focus.saturating_sub(room / 3);
        let last = (first + SNIPPET_CHARS).min(chars);
        let first = last.saturating_sub(SNIPPET_CHARS).min(before_focus);
        let byte = |char_index: usize| {
            line.char_indices()
                .nth(char_index)
                .map_or(line.len(), |(at, _)| at)
        };
        let (mut start, mut end) = (byte(first), byte(first + SNIPPET_CHARS).min(byte(last)));
        // Between words: forward to the next space before the match, back
        // to the last space after it.
        if start > 0 && !line[..start].ends_with(' ') {
            if let Some(space) = line[start..focus.start.max(start)].find(' ') {
                start += space + 1;
            }
        }
        if end < line.len() && !line[end..].starts_with(' ') {
            if let Some(space) = line[focus.end.min(end)..end].rfind(' ') {
                end = focus.end.min(end) + space;
            }
        }
        (start, end)
    };
    let mut text = String::with_capacity(end - start + 8);
    if start > 0 {
        text.push('…');
    }
    // Sanitised piece by piece so the marks still point at their words.
    let mut cuts: Vec<usize> = marks
        .iter()
        .flat_map(|m| [m.start, m.end])
        .filter(|&at| at > start && at < end)
        .collect();
    cuts.push(end);
    cuts.sort_unstable();
    cuts.dedup();
    let mut offsets = Vec::with_capacity(cuts.len() + 1);
    offsets.push((start, text.len()));
    let mut from = start;
    for at in cuts {
        text.push_str(&sanitize_line(&line[from..at]));
        offsets.push((at, text.len()));
        from = at;
    }
    let map = |at: usize| {
        offsets
            .iter()
            .find(|(original, _)| *original == at)
            .map(|&(_, out)| out)
    };
    let highlights = marks
        .iter()
        .filter(|m| m.start >= start && m.end <= end)
        .filter_map(|m| Some(map(m.start)?..map(m.end)?))
        .collect();
    if end < line.len() {
        text.push('…');
    }
    Snippet { text, highlights }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::site::testing::*;
    use rstest::rstest;

    // ---------------------------------------------------------- snippets

    #[test]
    fn the_snippet_is_the_line_with_the_match() {
        let site = site_of(&[(
            "Post",
            "# A heading\n\nFirst paragraph, nothing.\n\nSecond paragraph with the word offline in it.",
        )]);
        let hit = &search(&site, "offline").hits[0];
        assert_eq!(
            hit.snippet.text,
            "Second paragraph with the word offline in it."
        );
        assert_eq!(marked(&hit.snippet), ["offline"]);
    }

    #[test]
    fn the_snippet_prefers_the_line_holding_more_of_the_query() {
        let site = site_of(&[(
            "Post",
            "Plain is here.\n\nForms are there.\n\nPlain forms, together.",
        )]);
        let hit = &search(&site, "forms plain").hits[0];
        assert_eq!(hit.snippet.text, "Plain forms, together.");
        assert_eq!(marked(&hit.snippet), ["Plain", "forms"]);
    }

    #[test]
    fn long_lines_are_cut_between_words_around_the_match() {
        let before = "avant ".repeat(60);
        let after = "après ".repeat(60);
        let site = site_of(&[("Post", &format!("{before}le mot numérique ici {after}"))]);
        let snippet = &search(&site, "numerique").hits[0].snippet;
        assert!(
            snippet.text.starts_with('…') && snippet.text.ends_with('…'),
            "{}",
            snippet.text
        );
        let inner = snippet.text.trim_matches('…');
        assert!(inner.chars().count() <= SNIPPET_CHARS, "{}", snippet.text);
        assert!(
            inner.starts_with("avant ") && inner.ends_with("après"),
            "{inner:?}"
        );
        assert_eq!(marked(snippet), ["numérique"]);
    }

    #[rstest]
    #[case::at_start("Offline first. ", true)]
    #[case::at_end(" the end is offline", false)]
    fn matches_at_either_end_of_a_long_line(#[case] around: &str, #[case] at_start: bool) {
        let filler = "mot ".repeat(80);
        let body = if at_start {
            format!("{around}{filler}")
        } else {
            format!("{filler}{around}")
        };
        let site = site_of(&[("Post", &body)]);
        let snippet = &search(&site, "offline").hits[0].snippet;
        let word = if at_start { "Offline" } else { "offline" };
        assert_eq!(marked(snippet), [word]);
        assert_eq!(snippet.text.starts_with('…'), !at_start, "{}", snippet.text);
        assert_eq!(snippet.text.ends_with('…'), at_start, "{}", snippet.text);
    }

    #[test]
    fn multibyte_text_is_cut_on_character_boundaries() {
        let line = format!("{}ᐊᐃᓐᖓᐃ été 日本 {}", "é€ ".repeat(90), "🍁œ ".repeat(90));
        let site = site_of(&[("Post", &line)]);
        for query in ["ete", "日本", "ᐊᐃᓐᖓᐃ"] {
            let snippet = &search(&site, query).hits[0].snippet;
            assert!(!marked(snippet).is_empty(), "{query}: {snippet:?}");
            for range in &snippet.highlights {
                assert!(
                    snippet.text.is_char_boundary(range.start)
                        && snippet.text.is_char_boundary(range.end)
                );
            }
        }
        let snippet = &search(&site, "ete").hits[0].snippet;
        assert_eq!(marked(snippet), ["été"]);
    }

    #[test]
    fn control_characters_never_reach_the_snippet() {
        let site = site_of(&[("Post", "Before \u{1b}[2J the offline \u{202e}word.")]);
        let snippet = &search(&site, "offline").hits[0].snippet;
        assert!(
            !snippet
                .text
                .chars()
                .any(crate::text::is_unsafe_for_terminal),
            "{snippet:?}"
        );
        assert_eq!(marked(snippet), ["offline"]);
    }

    #[test]
    fn a_title_only_match_shows_the_opening() {
        let site = site_of(&[("Offline", "The first line.\n\nThe second.")]);
        let hit = &search(&site, "offline").hits[0];
        assert_eq!(hit.snippet.text, "The first line.");
        assert!(hit.snippet.highlights.is_empty());
    }
}
