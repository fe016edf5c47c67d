//! A post beside its translation: the blocks of two laid-out documents
//! paired so that what says the same thing sits at the same height.
//!
//! Headings are the landmarks: they are matched by order and level, and
//! by anchor where both sides wrote the same one (`{#team}` kept across
//! languages). Translated anchors differ (`our-team`, `notre-equipe`), so
//! an anchor that disagrees says nothing. Between matched headings, blocks
//! are paired in order; the shorter block of a pair is padded, so every
//! matched heading starts both sides' row together.

use super::{Document, Heading};
use std::ops::Range;

/// One side: a document and where its layout put each block.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    pub document: &'a Document,
    /// The line each block starts at ([`super::wrap::layout_decorated`]).
    pub starts: &'a [usize],
    /// Lines in the layout.
    pub total: usize,
}

impl Side<'_> {
    /// The lines of block `index`, with the blank line that follows it.
    fn block_lines(&self, index: usize) -> Range<usize> {
        let start = self.starts.get(index).copied().unwrap_or(self.total);
        let end = self.starts.get(index + 1).copied().unwrap_or(self.total);
        start.min(self.total)..end.clamp(start.min(self.total), self.total)
    }
}

/// Lines of each side that sit together; an empty range is padding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub left: Range<usize>,
    pub right: Range<usize>,
}

impl Pair {
    /// Rows the pair takes side by side: its longer side.
    pub fn rows(&self) -> usize {
        self.left.len().max(self.right.len())
    }
}

/// Two documents aligned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Alignment {
    /// Blocks paired, top to bottom; every line of each side is in
    /// exactly one pair, in order.
    pub pairs: Vec<Pair>,
    /// The headings matched (indexes into each side's `headings`).
    pub headings: Vec<(usize, usize)>,
}

/// One row side by side: the line of each side shown on it, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub left: Option<usize>,
    pub right: Option<usize>,
}

impl Alignment {
    /// The rows of the two columns, padding where one side is shorter.
    pub fn rows(&self) -> Vec<Row> {
        let mut rows = Vec::new();
        for pair in &self.pairs {
            for offset in 0..pair.rows() {
                let line =
                    |range: &Range<usize>| (offset < range.len()).then(|| range.start + offset);
                rows.push(Row {
                    left: line(&pair.left),
                    right: line(&pair.right),
                });
            }
        }
        rows
    }
}

/// Aligns `left` and `right` block by block.
pub fn align(left: Side<'_>, right: Side<'_>) -> Alignment {
    let headings = match_headings(
        &left.document.headings,
        left.document.blocks.len(),
        &right.document.headings,
        right.document.blocks.len(),
    );
    // Each matched heading opens a section on both sides; the part before
    // the first (title, byline, introduction) is a section too.
    let bounds = |side: &Side<'_>, pick: fn(&(usize, usize)) -> usize| {
        let mut bounds = vec![0];
        bounds.extend(
            headings
                .iter()
                .map(|m| side.document.headings[pick(m)].block),
        );
        bounds.push(side.document.blocks.len());
        bounds
    };
    let left_bounds = bounds(&left, |m| m.0);
    let right_bounds = bounds(&right, |m| m.1);
    let mut pairs = Vec::new();
    for (l, r) in left_bounds.windows(2).zip(right_bounds.windows(2)) {
        let (l_count, r_count) = (l[1] - l[0], r[1] - r[0]);
        for offset in 0..l_count.max(r_count) {
            let lines = |side: &Side<'_>, start: usize, count: usize| {
                if offset < count {
                    side.block_lines(start + offset)
                } else {
                    let end = side.block_lines(start + count.saturating_sub(1)).end;
                    end..end
                }
            };
            let pair = Pair {
                left: lines(&left, l[0], l_count),
                right: lines(&right, r[0], r_count),
            };
            if pair.rows() > 0 {
                pairs.push(pair);
            }
        }
    }
    Alignment { pairs, headings }
}

/// Beyond this many heading pairs to weigh, headings are matched in order
/// of the same level only, without weighing: the table would cost more
/// than the view is worth.
const MOST_WEIGHED: usize = 1_000_000;

/// The headings of two documents that stand for each other, in order:
/// the most pairs of the same level, preferring pairs whose anchors agree
/// and then pairs at the same depth through their document (so that the
/// heading missing on one side is the one skipped).
pub fn match_headings(
    left: &[Heading],
    left_blocks: usize,
    right: &[Heading],
    right_blocks: usize,
) -> Vec<(usize, usize)> {
    let (n, m) = (left.len(), right.len());
    if n == 0 || m == 0 {
        return Vec::new();
    }
    if n.saturating_mul(m) > MOST_WEIGHED {
        return in_order(left, right);
    }
    let depth = |h: &Heading, blocks: usize| h.block as f64 / blocks.max(1) as f64;
    let (left_sizes, right_sizes) = (
        section_sizes(left, left_blocks),
        section_sizes(right, right_blocks),
    );
    let weight = |i: usize, j: usize| -> Option<u64> {
        let (a, b) = (&left[i], &right[j]);
        let same_anchor = !a.anchor.is_empty() && a.anchor == b.anchor;
        if a.level != b.level && !same_anchor {
            return None;
        }
        // Both at most 1: together less than one more pair is worth.
        let closeness = 1.0 - (depth(a, left_blocks) - depth(b, right_blocks)).abs();
        let (small, large) = (
            left_sizes[i].min(right_sizes[j]),
            left_sizes[i].max(right_sizes[j]).max(1),
        );
        let likeness = small as f64 / large as f64;
        Some(
            4_000
                + if same_anchor { 8_000 } else { 0 }
                + (closeness.clamp(0.0, 1.0) * 1_000.0) as u64
                + (likeness * 1_000.0) as u64,
        )
    };
    // best[i][j]: the best weight matching left[i..] with right[j..].
    let width = m + 1;
    let mut best = vec![0u64; (n + 1) * width];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let skip = best[(i + 1) * width + j].max(best[i * width + j + 1]);
            let take = weight(i, j).map_or(0, |w| w + best[(i + 1) * width + j + 1]);
            best[i * width + j] = skip.max(take);
        }
    }
    let mut matched = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        let here = best[i * width + j];
        match weight(i, j) {
            Some(w) if here == w + best[(i + 1) * width + j + 1] => {
                matched.push((i, j));
                i += 1;
                j += 1;
            }
            _ if here == best[(i + 1) * width + j] => i += 1,
            _ => j += 1,
        }
    }
    matched
}

/// The blocks from each heading to the next (or to the end).
fn section_sizes(headings: &[Heading], blocks: usize) -> Vec<usize> {
    headings
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let end = headings.get(i + 1).map_or(blocks, |next| next.block);
            end.saturating_sub(h.block)
        })
        .collect()
}

/// Headings of the same level paired in order, a heading whose level the
/// other side has not next skipped.
fn in_order(left: &[Heading], right: &[Heading]) -> Vec<(usize, usize)> {
    let mut matched = Vec::new();
    let mut j = 0;
    for (i, heading) in left.iter().enumerate() {
        if let Some(found) = right[j..].iter().position(|h| h.level == heading.level) {
            matched.push((i, j + found));
            j += found + 1;
            if j == right.len() {
                break;
            }
        }
    }
    matched
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::parse;
    use crate::render::wrap::layout_with_blocks;
    use crate::theme::Theme;

    /// Two Markdown texts laid out at `width` and aligned.
    fn aligned(left: &str, right: &str, width: u16) -> (Alignment, [Document; 2], [Vec<usize>; 2]) {
        let theme = Theme::plain();
        let (a, b) = (parse(left), parse(right));
        let (a_lines, a_starts) = layout_with_blocks(&a, width, &theme);
        let (b_lines, b_starts) = layout_with_blocks(&b, width, &theme);
        let alignment = align(
            Side {
                document: &a,
                starts: &a_starts,
                total: a_lines.len(),
            },
            Side {
                document: &b,
                starts: &b_starts,
                total: b_lines.len(),
            },
        );
        (alignment, [a, b], [a_starts, b_starts])
    }

    /// The row each matched heading sits on, for each side.
    fn heading_rows(
        alignment: &Alignment,
        docs: &[Document; 2],
        starts: &[Vec<usize>; 2],
    ) -> Vec<(usize, usize)> {
        let rows = alignment.rows();
        let row_of = |line: usize, left: bool| {
            rows.iter()
                .position(|r| if left { r.left } else { r.right } == Some(line))
                .expect("every line has a row")
        };
        alignment
            .headings
            .iter()
            .map(|&(i, j)| {
                (
                    row_of(starts[0][docs[0].headings[i].block], true),
                    row_of(starts[1][docs[1].headings[j].block], false),
                )
            })
            .collect()
    }

    /// Every line of each side is shown once, in order.
    fn assert_complete(alignment: &Alignment, totals: (usize, usize)) {
        let rows = alignment.rows();
        let left: Vec<usize> = rows.iter().filter_map(|r| r.left).collect();
        let right: Vec<usize> = rows.iter().filter_map(|r| r.right).collect();
        assert_eq!(left, (0..totals.0).collect::<Vec<_>>());
        assert_eq!(right, (0..totals.1).collect::<Vec<_>>());
    }

    #[test]
    fn matched_headings_share_a_row_however_long_the_text_before() {
        let left = "Short opening.\n\n## Cats\n\nThey sleep.\n\n## Dogs\n\nThey bark.\n";
        let right = "A much longer opening paragraph that needs several lines at this narrow width, on and on.\n\n## Chats\n\nIls dorment, longuement, au soleil, sur le rebord de la fenêtre.\n\n## Chiens\n\nIls aboient.\n";
        let (alignment, docs, starts) = aligned(left, right, 20);
        assert_eq!(alignment.headings, vec![(0, 0), (1, 1)]);
        for (l, r) in heading_rows(&alignment, &docs, &starts) {
            assert_eq!(l, r);
        }
        let totals = (
            crate::render::wrap::layout(&docs[0], 20, &Theme::plain()).len(),
            crate::render::wrap::layout(&docs[1], 20, &Theme::plain()).len(),
        );
        assert_complete(&alignment, totals);
    }

    #[test]
    fn unequal_section_counts_leave_the_extra_one_unmatched_at_its_place() {
        // The right side lacks the middle section: the sizes of the
        // sections say which one is missing.
        let left = "## One\n\na\n\n## Two\n\nb\n\nc\n\nd\n\ne\n\n## Three\n\nf\n";
        let right = "## Un\n\na\n\n## Trois\n\nf\n";
        let (alignment, docs, starts) = aligned(left, right, 40);
        assert_eq!(alignment.headings, vec![(0, 0), (2, 1)]);
        for (l, r) in heading_rows(&alignment, &docs, &starts) {
            assert_eq!(l, r);
        }
    }

    #[test]
    fn a_heading_of_another_level_on_one_side_only_is_a_block_like_another() {
        let left = "## Start\n\nx\n\n### Aside\n\ny\n\n## End\n\nz\n";
        let right = "## Début\n\nx\n\ny\n\n## Fin\n\nz\n";
        let (alignment, docs, starts) = aligned(left, right, 40);
        assert_eq!(alignment.headings, vec![(0, 0), (2, 1)]);
        let rows = heading_rows(&alignment, &docs, &starts);
        assert_eq!(rows[1].0, rows[1].1, "the last section starts together");
    }

    #[test]
    fn anchors_that_agree_win_over_order() {
        // `{#b}` is kept on both sides; the left has an extra heading first.
        let left = "## Extra\n\np\n\n## Kept {#b}\n\nq\n";
        let right = "## Gardé {#b}\n\nq\n";
        let (alignment, ..) = aligned(left, right, 40);
        assert_eq!(alignment.headings, vec![(1, 0)]);
    }

    #[test]
    fn without_headings_paragraphs_pair_in_order_and_the_shorter_side_is_padded() {
        let left = "one\n\ntwo\n\nthree\n";
        let right = "un\n\ndeux\n";
        let (alignment, ..) = aligned(left, right, 40);
        assert!(alignment.headings.is_empty());
        let rows = alignment.rows();
        // one/un, two/deux side by side, then three alone.
        assert_eq!(
            rows[0],
            Row {
                left: Some(0),
                right: Some(0)
            }
        );
        assert_eq!(
            rows[2],
            Row {
                left: Some(2),
                right: Some(2)
            }
        );
        assert_eq!(rows.last().map(|r| r.right), Some(None));
        assert_complete(&alignment, (5, 3));
    }

    #[test]
    fn an_empty_side_pads_the_whole_other_one() {
        let text = "# Title\n\nSome text.\n";
        let (alignment, ..) = aligned(text, "", 40);
        assert!(alignment.headings.is_empty());
        let rows = alignment.rows();
        let total = crate::render::wrap::layout(&parse(text), 40, &Theme::plain()).len();
        assert!(total >= 3);
        assert_eq!(rows.len(), total);
        assert!(rows.iter().all(|r| r.right.is_none() && r.left.is_some()));
        let (alignment, ..) = aligned("", "", 40);
        assert!(alignment.rows().is_empty());
    }

    #[test]
    fn very_many_headings_are_matched_in_order_without_weighing() {
        let heading = |level, n: usize| Heading {
            level,
            text: String::new(),
            anchor: format!("h{n}"),
            block: n,
        };
        let left: Vec<Heading> = (0..1200).map(|n| heading(2, n)).collect();
        let mut right: Vec<Heading> = (0..1000).map(|n| heading(2, n + 5000)).collect();
        right[0].level = 3;
        let matched = match_headings(&left, 1200, &right, 1000);
        assert_eq!(matched.len(), 999);
        assert_eq!(matched[0], (0, 1));
    }
}
