//! Rendering a post: parse its body once into a width-independent
//! [`Document`] (blocks of styled spans, links and images collected), then
//! lay it out for any width with [`wrap::layout`].
//!
//! Markdown events and raw HTML tags drive the same [`Builder`], so
//! `<strong>` inside Markdown and `**` inside `<p>` come out alike.
//!
//! This file holds the document model and the entry points that parse a
//! body. Beside it: `builder.rs` (the [`Builder`]), `markdown.rs`
//! (Markdown events into it; `html.rs` does HTML tokens), `post.rs` (a
//! whole post: header, body, numbered links), `anchors.rs` (where a
//! `#fragment` leads); and after parsing `highlight.rs`, `hyperlink.rs`,
//! `wrap.rs` (layout for a width), `align.rs`, `source.rs`, `shortcodes.rs`.

pub mod align;
mod anchors;
mod builder;
pub mod highlight;
pub mod html;
pub mod hyperlink;
mod markdown;
mod post;
pub mod shortcodes;
pub mod source;
pub mod wrap;

pub use anchors::{anchor_for, kramdown_id};
pub use builder::Builder;
pub(crate) use markdown::looks_like_html;
pub use post::{MAX_HEADER_LANGUAGES, render_post, render_post_plain};

use pulldown_cmark::{Event, Options, Parser};

/// How deep quotes, lists and other containers are drawn; deeper content
/// is shown at this depth with a note, so a hostile post cannot push text
/// off the screen or exhaust memory.
pub const MAX_DEPTH: usize = 12;

/// Budgets for what costs layout more than its text: a table's rows and
/// columns past these are left out (and counted in a note), and a run of
/// combining marks keeps its first few (a post of "Zalgo" text cost half
/// a second of layout per key pressed).
pub const MAX_TABLE_ROWS: usize = 10_000;
pub const MAX_TABLE_COLUMNS: usize = 200;
pub const MAX_COMBINING_MARKS: usize = 8;

/// Inline emphasis, combinable.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Emphasis(u16);

impl Emphasis {
    pub const BOLD: Emphasis = Emphasis(1);
    pub const ITALIC: Emphasis = Emphasis(1 << 1);
    pub const STRIKE: Emphasis = Emphasis(1 << 2);
    pub const CODE: Emphasis = Emphasis(1 << 3);
    pub const LINK: Emphasis = Emphasis(1 << 4);
    pub const IMAGE: Emphasis = Emphasis(1 << 5);
    pub const SUPERSCRIPT: Emphasis = Emphasis(1 << 6);
    pub const SUBSCRIPT: Emphasis = Emphasis(1 << 7);
    pub const UNDERLINE: Emphasis = Emphasis(1 << 8);
    /// Reference numbers and other apparatus around the text.
    pub const NOTE: Emphasis = Emphasis(1 << 9);

    pub fn contains(self, other: Emphasis) -> bool {
        self.0 & other.0 == other.0
    }

    pub fn with(self, other: Emphasis) -> Emphasis {
        Emphasis(self.0 | other.0)
    }
}

/// A run of text with one emphasis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub emphasis: Emphasis,
    /// The number of the link (its [`Reference`]) this text is in.
    pub link: Option<usize>,
}

/// A level of nesting around a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Container {
    Quote,
    /// A list item; `marker` is drawn on its first line only.
    Item {
        marker: String,
    },
    /// Indented content without a mark (footnote bodies, `<dd>`).
    Indent,
}

/// What a block of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextRole {
    Paragraph,
    Heading(u8),
    /// A figure caption.
    Caption,
    /// The title of a post, in its header.
    Title,
    /// Lines of the header under the title (author, date, languages).
    Meta,
    /// An entry of the numbered list of links.
    Reference,
}

/// One block of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    /// Wrapped text; a span of `"\n"` is a hard line break.
    Text {
        role: TextRole,
        spans: Vec<Span>,
    },
    /// Kept verbatim: never wrapped, long lines cut with a mark.
    Code {
        lines: Vec<String>,
        /// The language named by the fence or the `language-` class.
        language: Option<String>,
        /// The runs of the first lines, when the language is known
        /// (lines past the highlighting budget have none). `None` too
        /// while the reader highlights the block in the background.
        highlight: Option<Vec<highlight::Runs>>,
    },
    Rule,
    Table(Table),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Outermost first. The first block of a list item carries its marker;
    /// later blocks of the item have spaces of the marker's width instead.
    pub containers: Vec<Container>,
    pub kind: BlockKind,
    /// Follows the previous block without a blank line (items of a list).
    pub tight: bool,
    /// Where the block starts in the post's body, in bytes: `e` opens the
    /// editor at its line. `None` for what the reader adds (the header,
    /// the list of links).
    pub source: Option<usize>,
}

/// A table: each cell is a run of spans.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// Rows; the first `header_rows` are headers.
    pub rows: Vec<Vec<Vec<Span>>>,
    pub header_rows: usize,
}

/// Where a numbered link or image reference goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// 1-based, as shown in the text (`[3]`).
    pub number: usize,
    /// The target as written.
    pub target: String,
    pub is_image: bool,
    /// Where a terminal hyperlink for it leads: set when the post is
    /// rendered with its site ([`render_post`]), a link that makes a URL.
    pub hyperlink: Option<hyperlink::Hyperlink>,
}

/// A heading, for a table of contents and for `#anchor` links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    /// The id written for it (`{#team}`, `<h2 id="team">`), else the
    /// GitHub/Hugo style one (`notre-approche`).
    pub anchor: String,
    /// Index into [`Document::blocks`].
    pub block: usize,
}

/// An `id` (or `<a name>`) of raw HTML that is not a heading's: a place a
/// `#fragment` may lead to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub id: String,
    /// Index into [`Document::blocks`] of the block it is in (or, when it
    /// stands alone, the block after it).
    pub block: usize,
}

/// Where a `#fragment` leads in a [`Document`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnchorTarget {
    /// Index into [`Document::headings`].
    Heading(usize),
    /// Index into [`Document::blocks`]: an anchor that is no heading.
    Block(usize),
}

/// A parsed post body, independent of width.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    pub blocks: Vec<Block>,
    pub references: Vec<Reference>,
    pub headings: Vec<Heading>,
    /// Ids of raw HTML elements that are not headings.
    pub anchors: Vec<Anchor>,
    /// Shortcode and template tag names met, with whether each is known.
    pub shortcodes: Vec<shortcodes::ShortcodeUse>,
    /// Problems met while rendering (too deep nesting…), shown to the reader.
    pub notes: Vec<String>,
}

/// How a body is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyFormat {
    /// Markdown with raw HTML (`.md`).
    Markdown,
    /// HTML only (`.html` content files are not Markdown to Hugo or Jekyll).
    Html,
}

impl BodyFormat {
    pub fn of_path(path: &std::path::Path) -> BodyFormat {
        match crate::content::source::post_extension(path) {
            Some(crate::content::source::PostExtension::Html) => BodyFormat::Html,
            _ => BodyFormat::Markdown,
        }
    }
}

/// Parses a Markdown post body (with raw HTML and template tags).
pub fn parse(body: &str) -> Document {
    parse_as(body, BodyFormat::Markdown)
}

/// Parses a post body written in `format`, shortcodes named in English.
pub fn parse_as(body: &str, format: BodyFormat) -> Document {
    parse_in(body, format, shortcodes::Words::English)
}

/// Parses a post body written in `format`, naming what shortcodes stand
/// for in `words` (the post's language).
pub fn parse_in(body: &str, format: BodyFormat, words: shortcodes::Words) -> Document {
    let mut document = parse_plain(body, format, words);
    document.highlight_code();
    document
}

/// [`parse_in`] with its code left plain, to highlight later.
pub(crate) fn parse_plain(body: &str, format: BodyFormat, words: shortcodes::Words) -> Document {
    let pre = shortcodes::preprocess_in(body, words);
    let mut builder = Builder::default();
    builder.source = Some(0);
    if format == BodyFormat::Html {
        html::feed(&mut builder, &pre.text);
        return finish_body(builder, pre);
    }
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut html_block = String::new();
    // Where each line of the HTML block came from, for its tokens' lines.
    let mut html_pieces = Vec::new();
    for (event, range) in Parser::new_ext(&pre.text, options).into_offset_iter() {
        // An HTML block arrives a line at a time; a tag may span lines.
        if let Event::Html(text) = &event {
            html_pieces.push((html_block.len(), range.start));
            html_block.push_str(text);
            continue;
        }
        if !html_block.is_empty() {
            html::feed_pieces(&mut builder, &html_block, &html_pieces);
            html_block.clear();
            html_pieces.clear();
        }
        builder.source = Some(range.start);
        builder.markdown_event(event);
    }
    if !html_block.is_empty() {
        html::feed_pieces(&mut builder, &html_block, &html_pieces);
    }
    finish_body(builder, pre)
}

/// The document of a body, its blocks placed in the body rather than in
/// the preprocessed text.
fn finish_body(builder: Builder, pre: shortcodes::Preprocessed) -> Document {
    let mut document = builder.finish();
    for block in &mut document.blocks {
        block.source = block.source.map(|at| pre.source.body_offset(at));
    }
    document.shortcodes = pre.shortcodes;
    document
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_text_fits(body: &str) -> Document {
        let doc = parse(body);
        let lines = wrap::layout(&doc, 80, &crate::theme::Theme::plain());
        for line in &lines {
            let width: usize = line
                .spans
                .iter()
                .map(|s| crate::text::cells::width(&s.content))
                .sum();
            assert!(width <= 80);
        }
        doc
    }

    #[test]
    fn hostile_shapes_render() {
        all_text_fits(&"word ".repeat(1_000_000));
        let links: String = (0..20_000)
            .map(|i| format!("[l{i}](https://example.ca/{i}) "))
            .collect();
        assert_eq!(all_text_fits(&links).references.len(), 20_000);
        let lists: String = (0..3000)
            .map(|depth| format!("{}- level {depth}\n", "  ".repeat(depth)))
            .collect();
        assert!(!all_text_fits(&lists).notes.is_empty());
        all_text_fits(&"<div><span><em>".repeat(5000));
        all_text_fits("<p>unclosed <strong>tags <a href='/x'>everywhere");
        all_text_fits("<!-- a comment that never closes\n\nand more");
    }
}
