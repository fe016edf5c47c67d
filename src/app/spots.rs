//! Places in a laid-out post the reader can point at: the reference
//! numbers of links (`[3]`), and the matches of a search in the post.
//! Pure functions of the lines, computed once per layout or query.

use crate::search::fold;
use crate::search::site::Query;
use ratatui::text::Line;
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// A run of columns on one line of the laid-out post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spot {
    pub line: usize,
    /// Display columns from the start of the text area.
    pub columns: Range<u16>,
}

/// Where a link's reference number is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkSpot {
    pub spot: Spot,
    /// 1-based, as in [`crate::render::Reference::number`].
    pub number: usize,
}

/// The text of a laid-out line.
pub fn line_text(line: &Line<'_>) -> String {
    line.spans.iter().map(|s| s.content.as_ref()).collect()
}

/// Display columns of each character of `text` (start, end), in order, as
/// the screen buffer places them: a grapheme's cells go to its first
/// character, the others sit at its end.
fn char_columns(text: &str) -> Vec<(u16, u16)> {
    let mut column = 0u16;
    let mut columns = Vec::with_capacity(text.len());
    for grapheme in text.graphemes(true) {
        let start = column;
        column = column.saturating_add(crate::text::cells::grapheme_width(grapheme) as u16);
        columns.push((start, column));
        columns.extend(grapheme.chars().skip(1).map(|_| (column, column)));
    }
    columns
}

/// Every `[n]` with `1 <= n <= references` in `lines`: where links and
/// images are marked. The list of links at the end of a post is marked the
/// same way, so following a link works from there too.
pub fn link_spots(lines: &[Line<'_>], references: usize) -> Vec<LinkSpot> {
    let mut spots = Vec::new();
    if references == 0 {
        return spots;
    }
    for (index, line) in lines.iter().enumerate() {
        let text = line_text(line);
        if !text.contains('[') {
            continue;
        }
        let chars: Vec<char> = text.chars().collect();
        let mut columns = None;
        let mut i = 0;
        while i < chars.len() {
            if chars[i] != '[' {
                i += 1;
                continue;
            }
            let digits = chars[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            let close = i + 1 + digits;
            if digits == 0 || digits > 6 || chars.get(close) != Some(&']') {
                i += 1;
                continue;
            }
            let number: usize = chars[i + 1..close]
                .iter()
                .collect::<String>()
                .parse()
                .unwrap_or(0);
            if (1..=references).contains(&number) {
                let columns = columns.get_or_insert_with(|| char_columns(&text));
                spots.push(LinkSpot {
                    spot: Spot {
                        line: index,
                        columns: columns[i].0..columns[close].1,
                    },
                    number,
                });
            }
            i = close + 1;
        }
    }
    spots
}

/// Every match of `query` in `lines`, folded as the list filter folds
/// (case, accents, ligatures): `ete` finds "Été". Matches do not run
/// across lines.
pub fn find_matches(lines: &[Line<'_>], query: &str) -> Vec<Spot> {
    let needle = fold(query.trim()).text;
    if needle.is_empty() {
        return Vec::new();
    }
    let mut found = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let text = line_text(line);
        let folded = fold(&text);
        if !folded.text.contains(&needle) {
            continue;
        }
        let columns = char_columns(&text);
        // Folded byte offsets to folded character indices, then through
        // `origin` to the original characters.
        let folded_chars: Vec<usize> = folded.text.char_indices().map(|(at, _)| at).collect();
        let mut from = 0;
        while let Some(at) = folded.text[from..].find(&needle) {
            let start = from + at;
            let end = start + needle.len();
            let first = folded_chars.partition_point(|&b| b < start);
            let last = folded_chars.partition_point(|&b| b < end) - 1;
            let (Some(&first), Some(&last)) = (folded.origin.get(first), folded.origin.get(last))
            else {
                break;
            };
            found.push(Spot {
                line: index,
                columns: columns[first].0..columns[last].1,
            });
            from = end;
        }
    }
    found
}

/// Every match of a site search `query` in `lines` (its words, and its
/// phrases where a whole phrase stands on one line).
pub fn query_matches(lines: &[Line<'_>], query: &Query) -> Vec<Spot> {
    let mut found = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let text = line_text(line);
        let ranges = query.find_in(&text);
        if ranges.is_empty() {
            continue;
        }
        let columns = char_columns(&text);
        let starts: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
        for range in ranges {
            let first = starts.partition_point(|&b| b < range.start);
            let last = starts.partition_point(|&b| b < range.end).saturating_sub(1);
            if let (Some(first), Some(last)) = (columns.get(first), columns.get(last)) {
                found.push(Spot {
                    line: index,
                    columns: first.0..last.1,
                });
            }
        }
    }
    found
}

/// The spots of `spots` on lines `visible`.
pub fn visible<'s, T>(
    spots: &'s [T],
    line_of: impl Fn(&T) -> usize + 's,
    visible: Range<usize>,
) -> impl Iterator<Item = (usize, &'s T)> + 's {
    spots
        .iter()
        .enumerate()
        .filter(move |(_, s)| visible.contains(&line_of(s)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::text::Span;

    fn lines(texts: &[&str]) -> Vec<Line<'static>> {
        texts
            .iter()
            .map(|t| {
                // Spans cut in the middle of words, as layout may cut them.
                let (a, b) = t.split_at(t.char_indices().nth(3).map_or(t.len(), |(i, _)| i));
                Line::from(vec![Span::raw(a.to_string()), Span::raw(b.to_string())])
            })
            .collect()
    }

    #[test]
    fn reference_numbers_are_found_with_their_columns() {
        let text = lines(&[
            "See the guide[1] and « Été »[12].",
            "[3] https://example.ca",
        ]);
        let spots = link_spots(&text, 12);
        let found: Vec<(usize, Range<u16>, usize)> = spots
            .iter()
            .map(|s| (s.spot.line, s.spot.columns.clone(), s.number))
            .collect();
        assert_eq!(
            found,
            [(0, 13..16, 1), (0, 28..32, 12), (1, 0..3, 3)],
            "columns count characters, not bytes"
        );
    }

    #[test]
    fn numbers_beyond_the_references_and_other_brackets_are_not_links() {
        let text = lines(&["[4] [x] [] [2a] [^1] [0]"]);
        assert!(link_spots(&text, 3).is_empty());
        assert!(link_spots(&text, 0).is_empty());
    }

    #[test]
    fn wide_characters_push_the_columns() {
        let text = lines(&["日本語[1]"]);
        assert_eq!(link_spots(&text, 1)[0].spot.columns, 6..9);
    }

    #[test]
    fn matches_fold_case_accents_and_ligatures() {
        let text = lines(&["L’été arrive. ÉTÉ!", "Une œuvre", "rien"]);
        let found = find_matches(&text, "ete");
        assert_eq!(
            found,
            [
                Spot {
                    line: 0,
                    columns: 2..5
                },
                Spot {
                    line: 0,
                    columns: 14..17
                }
            ]
        );
        assert_eq!(
            find_matches(&text, "OEUVRE"),
            [Spot {
                line: 1,
                columns: 4..9
            }],
            "the ligature is one column"
        );
        assert!(find_matches(&text, "  ").is_empty());
        assert!(find_matches(&text, "absent").is_empty());
    }

    #[test]
    fn site_search_words_are_found_in_lines() {
        let text = lines(&["Le numérique, au « Numérique » près", "plain language here"]);
        let found = query_matches(&text, &Query::parse("numerique \"plain language\""));
        let columns: Vec<(usize, Range<u16>)> =
            found.iter().map(|s| (s.line, s.columns.clone())).collect();
        assert_eq!(columns, [(0, 3..12), (0, 19..28), (1, 0..5), (1, 6..14)]);
    }

    #[test]
    fn visible_keeps_the_indices_of_the_spots_in_view() {
        let text = lines(&["[1]", "x", "[2]", "[3]"]);
        let spots = link_spots(&text, 3);
        let shown: Vec<usize> = visible(&spots, |s| s.spot.line, 1..3)
            .map(|(i, _)| i)
            .collect();
        assert_eq!(shown, [1]);
    }
}
