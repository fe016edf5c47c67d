//! Laying a [`Document`] out for one width: wrapping by display width
//! (CJK, emoji, combining accents), container prefixes, tables that fit.

use super::highlight::{CodeRole, Runs};
use super::{Block, BlockKind, Container, Document, Emphasis, Reference, Span, Table, TextRole};
use crate::text::cells;
use crate::theme::Theme;
use ratatui::text::{Line, Span as StyledSpan};
use std::collections::HashMap;
use std::rc::Rc;
use textwrap::WordSeparator;
use textwrap::core::Fragment;
use textwrap::wrap_algorithms::wrap_first_fit;
use unicode_segmentation::UnicodeSegmentation;

/// The narrowest text column drawn; narrower panes still get this much.
const MIN_TEXT_WIDTH: usize = 8;

/// A document laid out at one width.
pub type Lines = Vec<Line<'static>>;

/// How a document's structure is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Decoration {
    /// Drawn: rules under headings and between parts, quote bars, tables
    /// in frames.
    #[default]
    Drawn,
    /// Written, for screen readers and braille displays, which read
    /// drawing characters aloud as noise: headings marked `#`, `##`…,
    /// quotes indented, tables as `header: value` lines, no rule, frame
    /// or bar.
    Linear,
}

/// Lays a document out in lines of at most `width` columns.
pub fn layout(doc: &Document, width: u16, theme: &Theme) -> Lines {
    layout_with_blocks(doc, width, theme).0
}

/// [`layout`], with the line each block starts at (for headings).
pub fn layout_with_blocks(doc: &Document, width: u16, theme: &Theme) -> (Lines, Vec<usize>) {
    layout_decorated(doc, width, theme, Decoration::Drawn)
}

/// [`layout_with_blocks`], its structure shown as `decoration` says.
pub fn layout_decorated(
    doc: &Document,
    width: u16,
    theme: &Theme,
    decoration: Decoration,
) -> (Lines, Vec<usize>) {
    let width = usize::from(width).max(MIN_TEXT_WIDTH);
    let mut out: Lines = Vec::new();
    let mut starts = Vec::with_capacity(doc.blocks.len());
    for (index, block) in doc.blocks.iter().enumerate() {
        // Written linear, a rule is only the blank line around it.
        if decoration == Decoration::Linear && block.kind == BlockKind::Rule {
            starts.push(out.len());
            continue;
        }
        if index > 0 && needs_gap(&doc.blocks[index - 1], block) {
            // The gap belongs to what both blocks share (a quote's bar).
            let previous = &doc.blocks[index - 1].containers;
            let shared = block
                .containers
                .iter()
                .zip(previous)
                .take_while(|(a, b)| {
                    a == b || matches!((a, b), (Container::Quote, Container::Quote))
                })
                .count();
            let (_, rest) = prefixes(&block.containers[..shared], width, theme, decoration);
            out.push(Line::from(trimmed(rest)));
        }
        starts.push(out.len());
        layout_block(block, &doc.references, width, theme, decoration, &mut out);
    }
    (out, starts)
}

/// Consecutive items of one list sit without a blank line between them.
fn needs_gap(previous: &Block, block: &Block) -> bool {
    let role = |b: &Block| match b.kind {
        BlockKind::Text { role, .. } => Some(role),
        _ => None,
    };
    let stacked = matches!(
        (role(previous), role(block)),
        (Some(TextRole::Title | TextRole::Meta), Some(TextRole::Meta))
            | (Some(TextRole::Reference), Some(TextRole::Reference))
    );
    !(block.tight || stacked)
}

/// A line without trailing blanks (a prefix of spaces alone vanishes).
fn trimmed(mut spans: Vec<StyledSpan<'static>>) -> Vec<StyledSpan<'static>> {
    while let Some(last) = spans.last_mut() {
        let kept = last.content.trim_end().len();
        if kept == 0 {
            spans.pop();
        } else {
            if kept < last.content.len() {
                last.content = last.content[..kept].to_string().into();
            }
            break;
        }
    }
    spans
}

/// The prefix of the first line and of the following lines of a block.
fn prefixes(
    containers: &[Container],
    width: usize,
    theme: &Theme,
    decoration: Decoration,
) -> (Vec<StyledSpan<'static>>, Vec<StyledSpan<'static>>) {
    let linear = decoration == Decoration::Linear;
    // Keep at least half the width (and MIN_TEXT_WIDTH) for text: the
    // outermost levels give way first.
    let widths: Vec<usize> = containers.iter().map(container_width).collect();
    let budget = (width / 2).max(width.saturating_sub(MIN_TEXT_WIDTH * 3));
    // The levels drawn, and the `┆` that stands for the ones left out.
    let drawn = |skip: usize| widths[skip..].iter().sum::<usize>() + usize::from(skip > 0);
    let mut skip = 0;
    while skip < containers.len() && drawn(skip) > budget {
        skip += 1;
    }
    let mut first = Vec::new();
    let mut rest = Vec::new();
    if skip > 0 && !linear {
        first.push(StyledSpan::styled("┆", theme.quote_bar));
        rest.push(StyledSpan::styled("┆", theme.quote_bar));
    }
    for container in &containers[skip..] {
        match container {
            Container::Quote if linear => {
                first.push(StyledSpan::raw("  "));
                rest.push(StyledSpan::raw("  "));
            }
            Container::Quote => {
                first.push(StyledSpan::styled("│ ", theme.quote_bar));
                rest.push(StyledSpan::styled("│ ", theme.quote_bar));
            }
            Container::Item { marker } => {
                first.push(StyledSpan::styled(format!("{marker} "), theme.list_marker));
                rest.push(StyledSpan::raw(" ".repeat(cells::width(marker) + 1)));
            }
            Container::Indent => {
                first.push(StyledSpan::raw("  "));
                rest.push(StyledSpan::raw("  "));
            }
        }
    }
    (first, rest)
}

fn container_width(container: &Container) -> usize {
    match container {
        Container::Quote | Container::Indent => 2,
        Container::Item { marker } => cells::width(marker) + 1,
    }
}

fn spans_width(spans: &[StyledSpan<'_>]) -> usize {
    spans.iter().map(|s| display_width(&s.content)).sum()
}

fn layout_block(
    block: &Block,
    references: &[Reference],
    width: usize,
    theme: &Theme,
    decoration: Decoration,
    out: &mut Lines,
) {
    let (first, rest) = prefixes(&block.containers, width, theme, decoration);
    let text_width = width
        .saturating_sub(spans_width(&first))
        .max(MIN_TEXT_WIDTH / 2);
    let linear = decoration == Decoration::Linear;
    let text = |role: TextRole| {
        move |e: Emphasis, link: Option<usize>| linked(theme.text(role, e), references, link)
    };
    let mut lines: Vec<Vec<StyledSpan<'static>>> = match &block.kind {
        BlockKind::Text { role, spans } if linear => match heading_mark(*role) {
            Some(mark) => {
                let mut marked = vec![Span {
                    text: mark,
                    emphasis: Emphasis::default(),
                    link: None,
                }];
                marked.extend(spans.iter().cloned());
                wrap_spans(&marked, text_width, text(*role))
            }
            None => wrap_spans(spans, text_width, text(*role)),
        },
        BlockKind::Text { role, spans } => {
            let mut lines = wrap_spans(spans, text_width, text(*role));
            decorate(*role, &mut lines, text_width, theme);
            lines
        }
        BlockKind::Code {
            lines, highlight, ..
        } => code_lines(lines, highlight.as_deref(), text_width, theme),
        // Never reached: a linear layout leaves rules out.
        BlockKind::Rule if linear => Vec::new(),
        BlockKind::Rule => vec![vec![StyledSpan::styled("─".repeat(text_width), theme.rule)]],
        BlockKind::Table(table) if linear => {
            stacked_table(table, references, text_width, theme, decoration)
        }
        BlockKind::Table(table) => table_lines(table, references, text_width, theme),
    };
    if lines.is_empty() {
        lines.push(Vec::new());
    }
    for (i, line) in lines.into_iter().enumerate() {
        let mut spans = if i == 0 { first.clone() } else { rest.clone() };
        spans.extend(line);
        out.push(Line::from(trimmed(spans)));
    }
}

/// How a heading is marked in text, as Markdown writes it: `# ` for the
/// post's title, `## ` for a second-level heading.
fn heading_mark(role: TextRole) -> Option<String> {
    let level = match role {
        TextRole::Title => 1,
        TextRole::Heading(level) => usize::from(level.clamp(1, 6)),
        _ => return None,
    };
    Some(format!("{} ", "#".repeat(level)))
}

/// Underlines the top-level headings so they stand out without colour.
fn decorate(
    role: TextRole,
    lines: &mut Vec<Vec<StyledSpan<'static>>>,
    width: usize,
    theme: &Theme,
) {
    let underline = match role {
        TextRole::Title => '═',
        TextRole::Heading(1 | 2) => '─',
        _ => return,
    };
    let longest = lines
        .iter()
        .map(|l| spans_width(l))
        .max()
        .unwrap_or(0)
        .min(width);
    lines.push(vec![StyledSpan::styled(
        underline.to_string().repeat(longest),
        theme.heading_rule,
    )]);
}

/// A word found by the line breaker, with where it sits in the joined text.
#[derive(Debug)]
struct Piece {
    start: usize,
    end: usize,
    width: usize,
    whitespace_width: usize,
}

impl Fragment for Piece {
    fn width(&self) -> f64 {
        self.width as f64
    }
    fn whitespace_width(&self) -> f64 {
        self.whitespace_width as f64
    }
    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// Wraps styled spans into lines of at most `width` columns; a span of
/// `"\n"` forces a break. Words wider than a line are split.
pub fn wrap_spans(
    spans: &[Span],
    width: usize,
    style: impl Fn(Emphasis, Option<usize>) -> ratatui::style::Style,
) -> Vec<Vec<StyledSpan<'static>>> {
    let mut lines = Vec::new();
    for segment in spans.split(|s| s.text == "\n") {
        let mut joined = String::new();
        let mut runs: Vec<(usize, usize, Mark)> = Vec::new();
        for span in segment {
            let start = joined.len();
            joined.push_str(&span.text);
            runs.push((start, joined.len(), (span.emphasis, span.link)));
        }
        if joined.trim().is_empty() {
            lines.push(Vec::new());
            continue;
        }
        let pieces = break_into_pieces(&joined, width);
        for line in wrap_first_fit(&pieces, &[width as f64]) {
            let (Some(first), Some(last)) = (line.first(), line.last()) else {
                continue;
            };
            // The pieces of a line are contiguous in `joined`: the line is
            // one range of it, cut where the emphasis changes.
            lines.push(line_spans(&joined, first.start, last.end, &runs, &style));
        }
    }
    lines
}

fn break_into_pieces(text: &str, width: usize) -> Vec<Piece> {
    // The Unicode line-breaking rules matter for scripts written without
    // spaces (CJK, Thai…); other text breaks at ASCII spaces only (so a
    // no-break space holds), which is much faster.
    if has_script_written_without_spaces(text) {
        let base = text.as_ptr() as usize;
        let mut pieces = Vec::new();
        for word in WordSeparator::UnicodeBreakProperties.find_words(text) {
            push_word(
                &mut pieces,
                text,
                word.word.as_ptr() as usize - base,
                word.word.len() + word.whitespace.len(),
                word.word.len(),
                width,
            );
        }
        return pieces;
    }
    // One pass over the bytes: words are short, so a plain loop beats
    // searching for each space; in ASCII text a word's width is its length.
    let bytes = text.as_bytes();
    let ascii = text.is_ascii();
    let mut pieces = Vec::with_capacity(bytes.len() / 5);
    let mut at = 0;
    while at < bytes.len() {
        let start = at;
        while at < bytes.len() && bytes[at] != b' ' {
            at += 1;
        }
        let end = at;
        while at < bytes.len() && bytes[at] == b' ' {
            at += 1;
        }
        let word_width = if ascii {
            end - start
        } else {
            display_width(&text[start..end])
        };
        if word_width <= width {
            pieces.push(Piece {
                start,
                end,
                width: word_width,
                whitespace_width: at - end,
            });
        } else {
            push_word(&mut pieces, text, start, at - start, end - start, width);
        }
    }
    pieces
}

/// Adds the word at `text[start..]` (`word_len` bytes, then whitespace up
/// to `len`), split into parts of at most `width` columns if it is wider.
fn push_word(
    pieces: &mut Vec<Piece>,
    text: &str,
    start: usize,
    len: usize,
    word_len: usize,
    width: usize,
) {
    let word = &text[start..start + word_len];
    let whitespace = &text[start + word_len..start + len];
    let word_width = display_width(word);
    if word_width <= width {
        pieces.push(Piece {
            start,
            end: start + word_len,
            width: word_width,
            whitespace_width: display_width(whitespace),
        });
        return;
    }
    // Split between graphemes, never inside one: a conjunct or an emoji
    // sequence cut in two is drawn as two broken halves.
    let mut part_start = start;
    let mut part_width = 0;
    for (at, grapheme) in word.grapheme_indices(true) {
        let w = cells::grapheme_width(grapheme);
        if part_width + w > width && part_width > 0 {
            pieces.push(Piece {
                start: part_start,
                end: start + at,
                width: part_width,
                whitespace_width: 0,
            });
            part_start = start + at;
            part_width = 0;
        }
        part_width += w;
    }
    pieces.push(Piece {
        start: part_start,
        end: start + word_len,
        width: part_width,
        whitespace_width: display_width(whitespace),
    });
}

/// Display width as the screen buffer counts it, without the
/// per-grapheme work for ASCII.
fn display_width(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        cells::width(text)
    }
}

/// Whether `text` holds a character of [`is_written_without_spaces`]; all
/// of them take three or four bytes, so only those are decoded.
fn has_script_written_without_spaces(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(found) = bytes[at..].iter().position(|&b| b >= 0xe0) {
        at += found;
        if text[at..]
            .chars()
            .next()
            .is_some_and(is_written_without_spaces)
        {
            return true;
        }
        at += 1;
        while at < bytes.len() && !text.is_char_boundary(at) {
            at += 1;
        }
    }
    false
}

/// Characters of scripts that break lines between letters rather than at
/// spaces (Thai, Lao, Tibetan, Myanmar, Khmer, CJK). Typographic quotes,
/// dashes and emoji are not among them: French text is full of those.
fn is_written_without_spaces(c: char) -> bool {
    matches!(c,
        '\u{0e00}'..='\u{109f}'
        | '\u{1780}'..='\u{17ff}'
        | '\u{2e80}'..='\u{a4cf}'
        | '\u{f900}'..='\u{faff}'
        | '\u{fe30}'..='\u{fe4f}'
        | '\u{ff00}'..='\u{ffef}'
        | '\u{20000}'..='\u{3ffff}')
}

/// What a run of text is styled by: its emphasis and its link.
type Mark = (Emphasis, Option<usize>);

/// `style`, marked as the hyperlink of link number `link` when it has one
/// (see [`super::hyperlink`]).
fn linked(
    style: ratatui::style::Style,
    references: &[Reference],
    link: Option<usize>,
) -> ratatui::style::Style {
    let hyperlink = link
        .and_then(|number| references.get(number.checked_sub(1)?))
        .and_then(|reference| reference.hyperlink);
    match hyperlink {
        Some(hyperlink) => style.patch(hyperlink.style()),
        None => style,
    }
}

/// `text[start..end]` as styled spans, cut where the emphasis or the link
/// changes (`runs` are sorted and contiguous).
fn line_spans(
    text: &str,
    start: usize,
    end: usize,
    runs: &[(usize, usize, Mark)],
    style: &impl Fn(Emphasis, Option<usize>) -> ratatui::style::Style,
) -> Vec<StyledSpan<'static>> {
    let mut spans = Vec::new();
    let mut current: Option<(usize, usize, Mark)> = None;
    let first = runs.partition_point(|&(_, run_end, _)| run_end <= start);
    for &(run_start, run_end, emphasis) in &runs[first..] {
        if run_start >= end {
            break;
        }
        let (from, to) = (start.max(run_start), end.min(run_end));
        if from >= to {
            continue;
        }
        match &mut current {
            Some((_, current_end, current_emphasis)) if *current_emphasis == emphasis => {
                *current_end = to;
            }
            _ => {
                if let Some((from, to, emphasis)) = current.replace((from, to, emphasis)) {
                    spans.push(StyledSpan::styled(
                        text[from..to].to_owned(),
                        style(emphasis.0, emphasis.1),
                    ));
                }
            }
        }
    }
    if let Some((from, to, emphasis)) = current {
        spans.push(StyledSpan::styled(
            text[from..to].to_owned(),
            style(emphasis.0, emphasis.1),
        ));
    }
    spans
}

/// Code is kept as written; a line too long for the pane is cut with `→`.
/// Highlighted lines are styled run by run, the rest with the code style.
fn code_lines(
    lines: &[String],
    highlight: Option<&[Runs]>,
    width: usize,
    theme: &Theme,
) -> Vec<Vec<StyledSpan<'static>>> {
    let plain: Runs = Vec::new();
    lines
        .iter()
        .enumerate()
        .map(|(index, line)| {
            let runs = highlight.and_then(|h| h.get(index)).unwrap_or(&plain);
            code_line(line, runs, width, theme)
        })
        .collect()
}

/// One line of code as spans: tabs as four spaces, cut with `→` when
/// wider than `width`.
fn code_line(line: &str, runs: &Runs, width: usize, theme: &Theme) -> Vec<StyledSpan<'static>> {
    // The runs, as text with its tabs expanded; what the runs leave (a
    // grammar that stopped early) is plain.
    let mut pieces: Vec<(String, CodeRole)> = Vec::with_capacity(runs.len() + 1);
    let mut start = 0;
    for &(end, role) in runs {
        if let Some(text) = line.get(start..end) {
            pieces.push((text.replace('\t', "    "), role));
            start = end;
        }
    }
    if start < line.len() {
        pieces.push((line[start..].replace('\t', "    "), CodeRole::Plain));
    }
    let total: usize = pieces.iter().map(|(text, _)| display_width(text)).sum();
    let cut = total > width;
    // Columns for the text: one is kept for the mark when it is cut.
    let room = if cut { width.saturating_sub(1) } else { width };
    let mut spans = Vec::with_capacity(pieces.len() + 1);
    let mut used = 0;
    for (text, role) in pieces {
        let style = theme.code_style(role);
        let text_width = display_width(&text);
        if used + text_width <= room {
            used += text_width;
            spans.push(StyledSpan::styled(text, style));
            continue;
        }
        let mut kept = String::new();
        for grapheme in text.graphemes(true) {
            let w = cells::grapheme_width(grapheme);
            if used + w > room {
                break;
            }
            used += w;
            kept.push_str(grapheme);
        }
        if !kept.is_empty() {
            spans.push(StyledSpan::styled(kept, style));
        }
        break;
    }
    if cut {
        spans.push(StyledSpan::styled("→", theme.cut_mark));
    }
    spans
}

fn cell_width(cell: &[Span]) -> usize {
    cell.iter().map(|s| display_width(&s.text)).sum()
}

fn longest_word(cell: &[Span]) -> usize {
    cell.iter()
        .flat_map(|s| s.text.split_whitespace())
        .map(display_width)
        .max()
        .unwrap_or(0)
}

/// Column widths that fit `available`: every column its natural width when
/// possible, else the widest ones capped at the same width.
fn column_widths(natural: &[usize], available: usize) -> Vec<usize> {
    if natural.iter().sum::<usize>() <= available {
        return natural.to_vec();
    }
    let (mut low, mut high) = (1usize, natural.iter().copied().max().unwrap_or(1));
    while low < high {
        let cap = (low + high).div_ceil(2);
        if natural.iter().map(|&n| n.min(cap)).sum::<usize>() <= available {
            low = cap;
        } else {
            high = cap - 1;
        }
    }
    natural.iter().map(|&n| n.min(low).max(1)).collect()
}

fn table_lines(
    table: &Table,
    references: &[Reference],
    width: usize,
    theme: &Theme,
) -> Vec<Vec<StyledSpan<'static>>> {
    let columns = table.rows.iter().map(Vec::len).max().unwrap_or(0);
    if columns == 0 {
        return Vec::new();
    }
    let overhead = 3 * columns + 1;
    let mut natural = vec![1usize; columns];
    let mut minimum = vec![1usize; columns];
    for row in &table.rows {
        for (c, cell) in row.iter().enumerate() {
            natural[c] = natural[c].max(cell_width(cell));
            minimum[c] = minimum[c].max(longest_word(cell).min(12));
        }
    }
    let available = width.saturating_sub(overhead);
    if available < minimum.iter().sum::<usize>().min(columns * 6) {
        return stacked_table(table, references, width, theme, Decoration::Drawn);
    }
    let widths = column_widths(&natural, available);
    let border = |left: &str, middle: &str, right: &str| {
        let body: Vec<String> = widths.iter().map(|w| "─".repeat(w + 2)).collect();
        vec![StyledSpan::styled(
            format!("{left}{}{right}", body.join(middle)),
            theme.table_border,
        )]
    };
    let mut lines = vec![border("┌", "┬", "┐")];
    for (r, row) in table.rows.iter().enumerate() {
        let header = r < table.header_rows;
        let cells: Vec<Vec<Vec<StyledSpan<'static>>>> = (0..columns)
            .map(|c| {
                let cell = row.get(c).map(Vec::as_slice).unwrap_or(&[]);
                wrap_spans(cell, widths[c], |e, link| {
                    let style = if header {
                        theme.text(TextRole::Paragraph, e.with(Emphasis::BOLD))
                    } else {
                        theme.text(TextRole::Paragraph, e)
                    };
                    linked(style, references, link)
                })
            })
            .collect();
        let height = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
        for l in 0..height {
            let mut line = vec![StyledSpan::styled("│", theme.table_border)];
            for (c, cell) in cells.iter().enumerate() {
                line.push(StyledSpan::raw(" "));
                let content = cell.get(l).cloned().unwrap_or_default();
                let used = spans_width(&content);
                line.extend(content);
                line.push(StyledSpan::raw(
                    " ".repeat(widths[c].saturating_sub(used) + 1),
                ));
                line.push(StyledSpan::styled("│", theme.table_border));
            }
            lines.push(line);
        }
        if header && r + 1 == table.header_rows && r + 1 < table.rows.len() {
            lines.push(border("├", "┼", "┤"));
        }
    }
    lines.push(border("└", "┴", "┘"));
    lines
}

/// A table too wide for the pane (or any table, written linear): each
/// row as `header: value` lines, rows apart by a short rule (or, linear,
/// a blank line).
fn stacked_table(
    table: &Table,
    references: &[Reference],
    width: usize,
    theme: &Theme,
    decoration: Decoration,
) -> Vec<Vec<StyledSpan<'static>>> {
    let headers: Vec<&[Span]> = table
        .rows
        .first()
        .filter(|_| table.header_rows > 0)
        .map(|row| row.iter().map(Vec::as_slice).collect())
        .unwrap_or_default();
    let mut lines = Vec::new();
    for row in table.rows.iter().skip(table.header_rows) {
        if !lines.is_empty() {
            lines.push(match decoration {
                Decoration::Linear => Vec::new(),
                Decoration::Drawn => vec![StyledSpan::styled(
                    "─".repeat(width.min(20)),
                    theme.table_border,
                )],
            });
        }
        for (c, cell) in row.iter().enumerate() {
            let mut spans: Vec<Span> = Vec::new();
            if let Some(header) = headers.get(c) {
                spans.extend(header.iter().map(|s| Span {
                    text: s.text.clone(),
                    emphasis: s.emphasis.with(Emphasis::BOLD),
                    link: s.link,
                }));
                spans.push(Span {
                    text: ": ".to_string(),
                    emphasis: Emphasis::BOLD,
                    link: None,
                });
            }
            spans.extend(cell.iter().cloned());
            lines.extend(wrap_spans(&spans, width, |e, link| {
                linked(theme.text(TextRole::Paragraph, e), references, link)
            }));
        }
    }
    lines
}

/// Layouts of posts by width, so drawing never lays out twice.
#[derive(Debug, Default)]
pub struct LayoutCache {
    entries: HashMap<(usize, u16), Rc<Lines>>,
}

impl LayoutCache {
    /// The layout of document `key` at `width`, computed on first use.
    pub fn get_or_layout(
        &mut self,
        key: usize,
        width: u16,
        make: impl FnOnce() -> Lines,
    ) -> Rc<Lines> {
        Rc::clone(
            self.entries
                .entry((key, width))
                .or_insert_with(|| Rc::new(make())),
        )
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// How many layouts are kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::parse;

    fn plain(lines: &Lines) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    fn render(body: &str, width: u16) -> Vec<String> {
        plain(&layout(&parse(body), width, &Theme::plain()))
    }

    #[test]
    fn wraps_by_display_width() {
        let lines = render("漢字漢字漢字漢字漢字 emoji 🎉🎉🎉 café", 10);
        for line in &lines {
            assert!(cells::width(line) <= 10, "{line:?} in {lines:?}");
        }
        assert!(lines.concat().contains("café"));
    }

    #[test]
    fn no_break_space_holds_words_together() {
        let lines = render("Objectif\u{a0}: lire les billets hors ligne", 12);
        assert!(
            lines.iter().any(|l| l.contains("Objectif\u{a0}:")),
            "{lines:?}"
        );
    }

    fn render_linear(body: &str, width: u16) -> Vec<String> {
        plain(&layout_decorated(&parse(body), width, &Theme::plain(), Decoration::Linear).0)
    }

    #[test]
    fn linear_text_marks_headings_and_draws_nothing() {
        let body = "# Première partie\n\nUn paragraphe.\n\n## Deuxième\n\n> Une citation \
                    sur deux lignes au moins.\n\n---\n\n| Nom | Rôle |\n|---|---|\n\
                    | Amal | lectrice |\n| Jo | auteur |\n";
        let lines = render_linear(body, 24);
        assert_eq!(lines[0], "# Première partie");
        assert!(lines.contains(&"## Deuxième".to_string()), "{lines:?}");
        assert!(
            lines.contains(&"  Une citation sur deux".to_string()),
            "{lines:?}"
        );
        assert!(lines.contains(&"Nom: Amal".to_string()), "{lines:?}");
        assert!(lines.contains(&"Rôle: auteur".to_string()), "{lines:?}");
        let drawn: Vec<&String> = lines
            .iter()
            .filter(|l| l.chars().any(|c| ('\u{2500}'..='\u{259f}').contains(&c)))
            .collect();
        assert!(drawn.is_empty(), "drawing characters: {drawn:?}");
        // Drawn, the same document has its rules and frames.
        assert!(render(body, 24).iter().any(|l| l.contains('─')));
    }

    #[test]
    fn quotes_and_lists_are_prefixed() {
        assert_eq!(render("> quoted text", 40), ["│ quoted text"]);
        assert_eq!(render("- one\n- two", 40), ["• one", "• two"]);
    }

    #[test]
    fn long_code_lines_are_cut_with_a_mark() {
        let lines = render("```\nabcdefghijklmnopqrstuvwxyz\n```", 10);
        assert_eq!(lines, ["abcdefghi→"]);
    }

    #[test]
    fn tables_fit_the_width_and_lose_no_text() {
        let body = "| Name | Description |\n|---|---|\n| Reader | A terminal reader for bilingual content |\n";
        for width in [30u16, 50, 80] {
            let lines = render(body, width);
            assert!(
                lines.iter().all(|l| cells::width(l) <= usize::from(width)),
                "{lines:#?}"
            );
            let all = lines.concat();
            for word in ["Reader", "terminal", "bilingual", "content", "Description"] {
                assert!(all.contains(word), "{word} lost at {width}: {lines:#?}");
            }
        }
    }

    #[test]
    fn deep_nesting_still_leaves_room_for_text() {
        let body = format!("{} deep text here", "> ".repeat(30));
        let lines = render(&body, 40);
        assert!(lines.iter().all(|l| cells::width(l) <= 40));
        assert!(lines.concat().contains("deep text here"));
    }

    /// Below the narrowest text column, lines are that wide at most.
    #[test]
    fn the_narrowest_widths_still_hold_deep_nesting() {
        let body = format!(
            "{} deep words here\n\n{}\n",
            "> ".repeat(12),
            (0..8)
                .map(|d| format!("{}- level {d}", "  ".repeat(d)))
                .collect::<Vec<_>>()
                .join("\n")
        );
        for width in 1..=12u16 {
            let lines = render(&body, width);
            let limit = usize::from(width).max(MIN_TEXT_WIDTH);
            assert!(
                lines.iter().all(|l| cells::width(l) <= limit),
                "{width}: {lines:#?}"
            );
            assert!(lines.concat().contains("deep"), "{width}: {lines:#?}");
        }
    }

    #[test]
    fn cache_lays_out_once_per_width() {
        let mut cache = LayoutCache::default();
        let mut calls = 0;
        for _ in 0..3 {
            cache.get_or_layout(7, 80, || {
                calls += 1;
                Vec::new()
            });
        }
        cache.get_or_layout(7, 60, || {
            calls += 1;
            Vec::new()
        });
        assert_eq!(calls, 2);
    }
}
