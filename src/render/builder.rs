//! The [`Builder`]: a [`Document`] assembled from calls that Markdown
//! events (`markdown.rs`) and HTML tokens (`html.rs`) make alike, so both
//! come out the same. It keeps the budgets (depth, table size, combining
//! marks) and cleans every piece of text of what a terminal must not see.

use super::anchors::anchor_for;
use super::{
    Anchor, Block, BlockKind, Container, Document, Emphasis, Heading, MAX_COMBINING_MARKS,
    MAX_DEPTH, MAX_TABLE_COLUMNS, MAX_TABLE_ROWS, Reference, Span, Table, TextRole, highlight,
};
use crate::text::is_unsafe_for_terminal;
use std::borrow::Cow;

/// Builds a [`Document`] from Markdown events and HTML tokens alike.
#[derive(Debug, Default)]
pub struct Builder {
    doc: Document,
    containers: Vec<Container>,
    /// Containers opened past [`MAX_DEPTH`]: counted so closes still match.
    overflow: usize,
    /// The item marker waiting for the first block of its item.
    pending_marker: Option<usize>,
    inline: Vec<Span>,
    role: Option<TextRole>,
    emphasis: Vec<Emphasis>,
    lists: Vec<Option<u64>>,
    /// Items seen so far in each open list.
    list_items: Vec<usize>,
    code: Option<Vec<String>>,
    /// The language of the open code block, as its fence names it.
    pub(super) code_language: Option<String>,
    table: Option<TableBuilder>,
    pub(super) links: Vec<Option<usize>>,
    /// Inside `<script>`, `<style>` and similar: text is dropped.
    pub(super) hidden: usize,
    /// HTML text collapses white space; Markdown text already has.
    pub(crate) in_pre: usize,
    pub(super) image: Option<(String, String)>,
    /// The next block sits right under the previous one.
    tight_next: bool,
    reference_numbers: std::collections::HashMap<(String, bool), usize>,
    /// An indented code block, held until we know it is not HTML.
    pub(super) indented_code: Option<String>,
    /// Titles of open `<abbr>` elements, shown after their text.
    abbreviations: Vec<Option<String>>,
    /// The id written for the heading being read (`{#team}`).
    heading_id: Option<String>,
    /// Where the event being read starts in the text parsed; `None` when
    /// the text is the reader's own.
    pub(crate) source: Option<usize>,
    /// Where the block being gathered started.
    block_source: Option<usize>,
}

#[derive(Debug, Default)]
struct TableBuilder {
    table: Table,
    row: Option<Vec<Vec<Span>>>,
    in_head: bool,
    /// Inside a row or cell past the budget: its text is dropped.
    skipping_row: bool,
    skipping_cell: bool,
    rows_left_out: usize,
    /// The most cells left out of one row.
    columns_left_out: usize,
    cells_left_out_of_row: usize,
}

impl Builder {
    pub(super) fn current_emphasis(&self) -> Emphasis {
        self.emphasis
            .iter()
            .fold(Emphasis::default(), |acc, e| acc.with(*e))
    }

    /// Adds text with the current emphasis; control characters are made
    /// visible here, so nothing downstream ever sees one.
    pub fn text(&mut self, text: &str) {
        if self.hidden > 0 || text.is_empty() {
            return;
        }
        if self.block_source.is_none() {
            self.block_source = self.source;
        }
        if self
            .table
            .as_ref()
            .is_some_and(|t| t.skipping_row || t.skipping_cell)
        {
            return;
        }
        if let Some(indented) = &mut self.indented_code {
            indented.push_str(text);
            return;
        }
        let clean = clean_text(text);
        if let Some(code) = &mut self.code {
            let mut pieces = clean.split('\n');
            if let (Some(last), Some(first)) = (code.last_mut(), pieces.next()) {
                last.push_str(first);
            }
            code.extend(pieces.map(str::to_string));
            return;
        }
        if let Some((alt, _)) = &mut self.image {
            alt.push_str(&clean);
            return;
        }
        let emphasis = self.current_emphasis();
        let clean = if emphasis.contains(Emphasis::SUPERSCRIPT) {
            Cow::Owned(crate::text::superscript(&clean))
        } else if emphasis.contains(Emphasis::SUBSCRIPT) {
            Cow::Owned(crate::text::subscript(&clean))
        } else {
            clean
        };
        self.push_span(clean, emphasis);
    }

    pub fn start_abbreviation(&mut self, title: Option<&str>) {
        self.abbreviations.push(
            title
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string),
        );
    }

    pub fn end_abbreviation(&mut self) {
        if let Some(Some(title)) = self.abbreviations.pop() {
            self.text(&format!(" ({title})"));
        }
    }

    pub(super) fn push_span<'t>(&mut self, text: impl Into<Cow<'t, str>>, emphasis: Emphasis) {
        let text: Cow<'t, str> = text.into();
        let after_break = match &self.table {
            Some(TableBuilder { row: Some(row), .. }) => row.last().and_then(|c| c.last()),
            _ => self.inline.last(),
        }
        .is_some_and(|last| last.text == "\n");
        // After `<br>` the source's own line break is not a space to show.
        let text = if after_break && text != "\n" {
            match text {
                Cow::Borrowed(text) => Cow::Borrowed(text.trim_start()),
                Cow::Owned(text) => Cow::Owned(text.trim_start().to_owned()),
            }
        } else {
            text
        };
        if text.is_empty() {
            return;
        }
        let target = match &mut self.table {
            Some(TableBuilder { row: Some(row), .. }) => match row.last_mut() {
                Some(cell) => cell,
                None => &mut self.inline,
            },
            _ => &mut self.inline,
        };
        // The note after a link (`[3]`) is pushed once it is closed, so it
        // is never part of the link.
        let link = self.links.last().copied().flatten();
        match target.last_mut() {
            Some(last)
                if last.emphasis == emphasis
                    && last.link == link
                    && last.text != "\n"
                    && text != "\n" =>
            {
                last.text.push_str(&text)
            }
            _ => target.push(Span {
                text: text.into_owned(),
                emphasis,
                link,
            }),
        }
    }

    pub fn line_break(&mut self) {
        if self.code.is_some() {
            self.text("\n");
        } else {
            self.push_span("\n", Emphasis::default());
        }
    }

    pub fn push_emphasis(&mut self, emphasis: Emphasis) {
        self.emphasis.push(emphasis);
    }

    pub fn pop_emphasis(&mut self, emphasis: Emphasis) {
        if let Some(at) = self.emphasis.iter().rposition(|e| *e == emphasis) {
            self.emphasis.remove(at);
        }
    }

    /// Ends the current run of inline text as a block.
    pub fn flush(&mut self) {
        let spans = std::mem::take(&mut self.inline);
        let role = self.role.take().unwrap_or(TextRole::Paragraph);
        let spans = trim_spans(spans);
        if spans.is_empty() {
            // An empty heading's id still marks its place.
            if let Some(id) = self.heading_id.take() {
                self.anchor(&id);
            }
            self.role = match role {
                TextRole::Paragraph => None,
                other => Some(other),
            };
            self.block_source = None;
            return;
        }
        self.push_block(BlockKind::Text { role, spans });
    }

    fn push_block(&mut self, kind: BlockKind) {
        let mut containers = self.containers.clone();
        // Only the first block of an item shows the marker.
        let showing = self.pending_marker.take();
        for (depth, container) in containers.iter_mut().enumerate() {
            if let Container::Item { marker } = container {
                if Some(depth) != showing {
                    *marker = " ".repeat(crate::text::cells::width(marker));
                }
            }
        }
        let tight = std::mem::take(&mut self.tight_next);
        if let BlockKind::Text {
            role: TextRole::Heading(level),
            spans,
        } = &kind
        {
            let text: String = spans.iter().map(|s| s.text.as_str()).collect();
            self.doc.headings.push(Heading {
                level: *level,
                anchor: self.heading_id.take().unwrap_or_else(|| anchor_for(&text)),
                text,
                block: self.doc.blocks.len(),
            });
        }
        let source = self.block_source.take().or(self.source);
        self.doc.blocks.push(Block {
            containers,
            kind,
            tight,
            source,
        });
    }

    /// The id written for the heading just started (`{#team}`,
    /// `<h2 id="team">`).
    pub fn heading_id(&mut self, id: &str) {
        let id = id.trim();
        if !id.is_empty() {
            self.heading_id = Some(id.to_string());
        }
    }

    /// An id of raw HTML that is no heading's (`<a id="x">`, `<a name>`,
    /// `<p id>`): a place a `#fragment` may lead to, in the block being
    /// built or, when none is, the next one.
    pub fn anchor(&mut self, id: &str) {
        let id = id.trim();
        if self.hidden == 0 && !id.is_empty() {
            self.doc.anchors.push(Anchor {
                id: id.to_string(),
                block: self.doc.blocks.len(),
            });
        }
    }

    pub fn start_role(&mut self, role: TextRole) {
        self.flush();
        self.role = Some(role);
    }

    pub fn end_role(&mut self) {
        self.flush();
    }

    pub fn open_container(&mut self, container: Container) {
        self.flush();
        if self.containers.len() >= MAX_DEPTH {
            if self.overflow == 0 {
                self.doc.notes.push(format!(
                    "nested more than {MAX_DEPTH} levels deep: deeper levels are shown at that depth"
                ));
            }
            self.overflow += 1;
            return;
        }
        if matches!(container, Container::Item { .. }) {
            self.pending_marker = Some(self.containers.len());
        }
        self.containers.push(container);
    }

    pub fn close_container(&mut self) {
        self.flush();
        if self.overflow > 0 {
            self.overflow -= 1;
        } else if self.containers.pop().is_some()
            && self.pending_marker == Some(self.containers.len())
        {
            self.pending_marker = None;
        }
    }

    pub fn start_list(&mut self, start: Option<u64>) {
        self.flush();
        // A list inside an item hangs right under the item's text.
        let nested = self
            .containers
            .iter()
            .any(|c| matches!(c, Container::Item { .. }));
        self.tight_next = nested && !self.doc.blocks.is_empty();
        self.lists.push(start);
        self.list_items.push(0);
    }

    pub fn end_list(&mut self) {
        self.flush();
        self.lists.pop();
        self.list_items.pop();
    }

    /// Opens a list item with the next marker of the innermost list.
    pub fn start_item(&mut self) {
        self.flush();
        if let Some(count) = self.list_items.last_mut() {
            if *count > 0 {
                self.tight_next = true;
            }
            *count += 1;
        }
        let marker = match self.lists.last_mut() {
            Some(Some(n)) => {
                let marker = format!("{n}.");
                *n += 1;
                marker
            }
            _ => {
                let depth = self.lists.len().saturating_sub(1);
                ["•", "◦", "▪"][depth % 3].to_string()
            }
        };
        self.open_container(Container::Item { marker });
    }

    pub fn rule(&mut self) {
        self.flush();
        self.push_block(BlockKind::Rule);
    }

    pub fn start_code(&mut self) {
        self.flush();
        self.block_source = self.source;
        self.code = Some(vec![String::new()]);
    }

    /// A code block in `language` (a fence's info string, a `<code>`'s
    /// `language-` class).
    pub fn start_code_in(&mut self, language: &str) {
        self.start_code();
        self.code_language = highlight::fence_language(language);
    }

    pub fn end_code(&mut self) {
        let language = self.code_language.take();
        if let Some(mut lines) = self.code.take() {
            while lines.last().is_some_and(String::is_empty) {
                lines.pop();
            }
            // Highlighted after parsing ([`Document::highlight_code`]),
            // at once or by the reader in the background.
            self.push_block(BlockKind::Code {
                lines,
                language,
                highlight: None,
            });
        }
    }

    /// Numbers a link or image target, reusing the number of an equal one.
    fn reference(&mut self, target: &str, is_image: bool) -> usize {
        let target = clean_text(target).into_owned();
        if let Some(&number) = self.reference_numbers.get(&(target.clone(), is_image)) {
            return number;
        }
        let number = self.doc.references.len() + 1;
        self.reference_numbers
            .insert((target.clone(), is_image), number);
        self.doc.references.push(Reference {
            number,
            target,
            is_image,
            hyperlink: None,
        });
        number
    }

    pub fn start_link(&mut self, target: &str) {
        let target = target.trim();
        let number = (!target.is_empty()).then(|| self.reference(target, false));
        self.links.push(number);
        self.push_emphasis(Emphasis::LINK);
    }

    pub fn end_link(&mut self) {
        self.pop_emphasis(Emphasis::LINK);
        if let Some(Some(number)) = self.links.pop() {
            let emphasis = self.current_emphasis().with(Emphasis::NOTE);
            self.push_span(format!("[{number}]"), emphasis);
        }
    }

    /// An image: `[image: alt]` and its reference number.
    pub fn image(&mut self, alt: &str, target: &str) {
        if self.hidden > 0 {
            return;
        }
        let alt = crate::text::fold_whitespace(&clean_text(alt));
        let label = if alt.is_empty() {
            "[image]".to_string()
        } else {
            format!("[image: {alt}]")
        };
        let emphasis = self.current_emphasis().with(Emphasis::IMAGE);
        self.push_span(label, emphasis);
        if !target.trim().is_empty() {
            let number = self.reference(target.trim(), true);
            self.push_span(format!("[{number}]"), emphasis.with(Emphasis::NOTE));
        }
    }

    pub fn start_table(&mut self) {
        self.flush();
        self.block_source = self.source;
        self.table = Some(TableBuilder::default());
    }

    pub fn start_table_head(&mut self) {
        if let Some(table) = &mut self.table {
            table.in_head = true;
        }
    }

    pub fn end_table_head(&mut self) {
        self.end_row();
        if let Some(table) = &mut self.table {
            table.in_head = false;
        }
    }

    pub fn start_row(&mut self) {
        self.end_row();
        if let Some(table) = &mut self.table {
            if table.table.rows.len() >= MAX_TABLE_ROWS {
                table.skipping_row = true;
                table.rows_left_out += 1;
            } else {
                table.row = Some(Vec::new());
            }
        }
    }

    /// Ends a cell left out, if one is open.
    fn end_skipped_cell(&mut self) {
        if let Some(table) = &mut self.table {
            if table.skipping_cell {
                table.skipping_cell = false;
            }
        }
    }

    pub fn end_row(&mut self) {
        self.end_skipped_cell();
        if let Some(table) = &mut self.table {
            if table.skipping_row {
                table.skipping_row = false;
            }
            table.columns_left_out = table.columns_left_out.max(table.cells_left_out_of_row);
            table.cells_left_out_of_row = 0;
            if let Some(row) = table.row.take() {
                if table.in_head {
                    table.table.header_rows += 1;
                }
                table.table.rows.push(row);
            }
        }
    }

    pub fn start_cell(&mut self) {
        self.end_skipped_cell();
        if let Some(table) = &mut self.table {
            if table.skipping_row {
                return;
            }
            let row = table.row.get_or_insert_with(Vec::new);
            if row.len() >= MAX_TABLE_COLUMNS {
                table.skipping_cell = true;
                table.cells_left_out_of_row += 1;
            } else {
                row.push(Vec::new());
            }
        } else {
            self.text(" ");
        }
    }

    pub fn end_cell(&mut self) {
        if self.table.as_ref().is_some_and(|t| t.skipping_cell) {
            self.end_skipped_cell();
            return;
        }
        if let Some(TableBuilder { row: Some(row), .. }) = &mut self.table {
            if let Some(cell) = row.last_mut() {
                *cell = trim_spans(std::mem::take(cell));
            }
        }
    }

    pub fn end_table(&mut self) {
        self.end_row();
        if let Some(builder) = self.table.take() {
            if !builder.table.rows.is_empty() {
                self.push_block(BlockKind::Table(builder.table));
            }
            let (rows, columns) = (builder.rows_left_out, builder.columns_left_out);
            if rows > 0 || columns > 0 {
                self.doc.notes.push(format!(
                    "a table larger than {MAX_TABLE_ROWS} rows or {MAX_TABLE_COLUMNS} columns: \
                     its first ones are shown, {rows} rows and {columns} columns left out"
                ));
            }
        }
    }

    pub fn note(&mut self, note: String) {
        self.doc.notes.push(note);
    }

    /// Closes everything left open and returns the document.
    pub fn finish(mut self) -> Document {
        if let Some((alt, target)) = self.image.take() {
            self.image(&alt, &target);
        }
        self.end_code();
        self.end_table();
        self.flush();
        self.doc
    }
}

/// Control characters shown visibly; tabs and carriage returns (left by
/// `&#13;`, which would send the cursor back over the line) become spaces.
pub(super) fn clean_text(text: &str) -> Cow<'_, str> {
    match cap_combining_marks(text) {
        Cow::Borrowed(text) => clean_unsafe(text),
        Cow::Owned(capped) => Cow::Owned(clean_unsafe(&capped).into_owned()),
    }
}

/// Keeps the first [`MAX_COMBINING_MARKS`] of each run of combining marks.
fn cap_combining_marks(text: &str) -> Cow<'_, str> {
    use unicode_normalization::char::is_combining_mark;
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let mut run = 0usize;
    let too_many = text.chars().any(|c| {
        run = if is_combining_mark(c) { run + 1 } else { 0 };
        run > MAX_COMBINING_MARKS
    });
    if !too_many {
        return Cow::Borrowed(text);
    }
    let mut run = 0usize;
    Cow::Owned(
        text.chars()
            .filter(|&c| {
                run = if is_combining_mark(c) { run + 1 } else { 0 };
                run <= MAX_COMBINING_MARKS
            })
            .collect(),
    )
}

fn clean_unsafe(text: &str) -> Cow<'_, str> {
    if !crate::text::has_unsafe_for_terminal(text)
        && memchr::memchr2(b'\t', b'\r', text.as_bytes()).is_none()
    {
        return Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match c {
            '\n' => '\n',
            '\t' | '\r' => ' ',
            c if is_unsafe_for_terminal(c) => crate::text::visible_replacement(c),
            c => c,
        })
        .collect()
}

/// Drops leading and trailing white space and line breaks of a paragraph,
/// and decodes double-escaped entities (the parser hands `&amp;nbsp;` over
/// in pieces, so this waits for the whole run).
fn trim_spans(mut spans: Vec<Span>) -> Vec<Span> {
    for span in &mut spans {
        if span.emphasis.contains(Emphasis::CODE) {
            continue;
        }
        if let std::borrow::Cow::Owned(decoded) = crate::text::decode_leftover_entities(&span.text)
        {
            span.text = clean_text(&decoded).into_owned();
        }
    }
    while spans
        .first()
        .is_some_and(|s| s.text == "\n" || s.text.trim().is_empty())
    {
        spans.remove(0);
    }
    while spans
        .last()
        .is_some_and(|s| s.text == "\n" || s.text.trim().is_empty())
    {
        spans.pop();
    }
    if let Some(first) = spans.first_mut() {
        first.text = first.text.trim_start().to_string();
    }
    if let Some(last) = spans.last_mut() {
        last.text = last.text.trim_end().to_string();
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{BodyFormat, parse, parse_as};

    fn texts(doc: &Document) -> Vec<String> {
        doc.blocks
            .iter()
            .map(|b| match &b.kind {
                BlockKind::Text { spans, .. } => spans.iter().map(|s| s.text.as_str()).collect(),
                BlockKind::Code { lines, .. } => lines.join("\n"),
                BlockKind::Rule => "---".to_string(),
                BlockKind::Table(t) => format!("table {}x{}", t.rows.len(), t.rows[0].len()),
            })
            .collect()
    }

    #[test]
    fn tables_past_the_budget_keep_their_first_rows_and_columns() {
        let columns = MAX_TABLE_COLUMNS + 50;
        let row = |c: &str| format!("|{}\n", vec![c; columns].join("|"));
        let mut markdown = row("h") + &row("-");
        for _ in 0..MAX_TABLE_ROWS + 5 {
            markdown.push_str(&row("x"));
        }
        markdown.push_str("\nAfter the table.\n");
        let doc = parse(&markdown);
        assert_eq!(
            texts(&doc),
            [
                format!("table {}x{MAX_TABLE_COLUMNS}", MAX_TABLE_ROWS),
                "After the table.".to_string()
            ]
        );
        assert!(
            doc.notes[0].contains("6 rows and 50 columns left out"),
            "{:?}",
            doc.notes
        );
        let html = format!(
            "<table><tr>{}</tr></table>\n\nAfter.\n",
            "<td>c</td>".repeat(columns)
        );
        let doc = parse(&html);
        assert_eq!(texts(&doc)[0], format!("table 1x{MAX_TABLE_COLUMNS}"));
        assert_eq!(texts(&doc).last().map(String::as_str), Some("After."));
    }

    #[test]
    fn runs_of_combining_marks_keep_their_first_few() {
        let zalgo = format!("Z{}a\u{301}lgo", "\u{0300}\u{0301}\u{0302}".repeat(100));
        let doc = parse(&zalgo);
        let text = &texts(&doc)[0];
        assert_eq!(text.chars().count(), 1 + MAX_COMBINING_MARKS + 5);
        assert!(text.ends_with("a\u{301}lgo"));
        assert_eq!(texts(&parse("Cafe\u{301} déjà")), ["Cafe\u{301} déjà"]);
    }

    #[test]
    fn markdown_and_html_emphasis_meet_in_one_style() {
        let doc = parse(
            "Some **bold** and <strong>strong</strong> text.\n\n<p>An <em>HTML</em> **para**</p>\n",
        );
        let BlockKind::Text { spans, .. } = &doc.blocks[0].kind else {
            panic!("text")
        };
        let bold: Vec<&str> = spans
            .iter()
            .filter(|s| s.emphasis.contains(Emphasis::BOLD))
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(
            bold,
            ["bold", " and ", "strong"]
                .iter()
                .copied()
                .filter(|t| *t != " and ")
                .collect::<Vec<_>>()
        );
        assert_eq!(texts(&doc)[1], "An HTML **para**");
    }

    #[test]
    fn links_and_images_are_numbered_once_per_target() {
        let doc = parse("[a](https://x.ca/) [b](https://x.ca/) ![Maple](/m.png) [c](/c/)");
        assert_eq!(texts(&doc), ["a[1] b[1] [image: Maple][2] c[3]"]);
        assert_eq!(doc.references.len(), 3);
        assert!(doc.references[1].is_image);
    }

    #[test]
    fn control_characters_never_survive() {
        let doc = parse("Hi \u{1b}]0;title\u{7} there\n\n```\n\u{1b}[2J\n```\n");
        for text in texts(&doc) {
            assert!(!text.chars().any(is_unsafe_for_terminal), "{text:?}");
        }
    }

    #[test]
    fn carriage_returns_never_survive() {
        let doc = parse("Legit&#13;over\n\n<pre>code&#13;over</pre>\n\n<p>a&#x0d;b</p>\n");
        for text in texts(&doc) {
            assert!(!text.contains('\r'), "{text:?}");
        }
        let doc = parse_as("<pre>x&#13;y</pre>", BodyFormat::Html);
        assert_eq!(texts(&doc), ["x y"]);
    }

    #[test]
    fn deep_quotes_are_capped_with_a_note() {
        let body = format!("{} deep", ">".repeat(20_000));
        let doc = parse(&body);
        assert!(doc.blocks.iter().all(|b| b.containers.len() <= MAX_DEPTH));
        assert_eq!(doc.notes.len(), 1);
        assert_eq!(texts(&doc), ["deep"]);
    }

    #[test]
    fn lists_number_and_nest() {
        let doc = parse("1. one\n2. two\n   - inner\n");
        let markers: Vec<Vec<Container>> =
            doc.blocks.iter().map(|b| b.containers.clone()).collect();
        assert_eq!(
            markers,
            [
                vec![Container::Item {
                    marker: "1.".into()
                }],
                vec![Container::Item {
                    marker: "2.".into()
                }],
                vec![
                    Container::Item {
                        marker: "  ".into()
                    },
                    Container::Item {
                        marker: "◦".into()
                    }
                ],
            ]
        );
    }
}
