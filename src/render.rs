//! Rendering a post: parse its body once into a width-independent
//! [`Document`] (blocks of styled spans, links and images collected), then
//! lay it out for any width with [`wrap::layout`].
//!
//! Markdown events and raw HTML tags drive the same [`Builder`], so
//! `<strong>` inside Markdown and `**` inside `<p>` come out alike.

pub mod align;
pub mod highlight;
pub mod html;
pub mod hyperlink;
pub mod shortcodes;
pub mod source;
pub mod wrap;

use crate::content::links::Resolution;
use crate::content::{PostId, Site};
use crate::i18n::{Text as Label, Ui};
use crate::text::is_unsafe_for_terminal;
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::borrow::Cow;

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

/// The translations a post's header names; the rest are counted. A site
/// of 2,000 languages made every header 2,000 names long, and `show --all`
/// quadratic in the languages (7 s); the reader's language picker and `i`
/// list them all.
pub const MAX_HEADER_LANGUAGES: usize = 24;

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
    let mut builder = Builder {
        source: Some(0),
        ..Builder::default()
    };
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

/// A whole post as a reader sees it: a header (title, authors, dates,
/// tags, languages), the body, render notes, and the numbered links.
pub fn render_post(site: &Site, id: PostId) -> Document {
    let mut document = render_post_plain(site, id);
    document.highlight_code();
    document
}

/// [`render_post`] with its code plain: the reader shows it so at once
/// and highlights it in the background ([`Document::code_to_highlight`]),
/// since compiling a grammar's patterns takes tens of milliseconds.
pub fn render_post_plain(site: &Site, id: PostId) -> Document {
    let post = &site.posts[id];
    let ui = Ui::for_lang(&post.lang);
    let mut builder = Builder::default();
    let meta = |builder: &mut Builder, parts: Vec<String>| {
        let parts: Vec<String> = parts.into_iter().filter(|p| !p.is_empty()).collect();
        if !parts.is_empty() {
            builder.start_role(TextRole::Meta);
            builder.text(&parts.join(" · "));
            builder.end_role();
        }
    };
    builder.start_role(TextRole::Title);
    builder.text(&post.title);
    builder.end_role();

    let mut byline = vec![post.authors.join(", ")];
    if let Some(date) = &post.date {
        byline.push(ui.date(date.date));
    }
    if let Some(updated) = &post.updated {
        byline.push(format!(
            "{} {}",
            ui.text(Label::Updated),
            ui.date(updated.date)
        ));
    }
    if post.draft {
        byline.push(ui.text(Label::Draft).to_string());
    }
    meta(&mut builder, byline);

    let languages: Vec<String> = if site.partial {
        Vec::new()
    } else if post.translations.is_empty() {
        vec![ui.text(Label::NoTranslation).to_string()]
    } else {
        let mut named: Vec<String> = post
            .translations
            .keys()
            .take(MAX_HEADER_LANGUAGES)
            .map(|lang| match site.translation_state(id, lang) {
                Some(crate::content::TranslationState::Older) => format!(
                    "{} ! {}",
                    site.language_name(lang),
                    ui.text(Label::TranslationOlder)
                ),
                _ => format!("{} ✓", site.language_name(lang)),
            })
            .collect();
        let unnamed = post.translations.len().saturating_sub(MAX_HEADER_LANGUAGES);
        if unnamed > 0 {
            named.push(ui.other_versions(unnamed));
        }
        named
    };
    let tags: Vec<String> = post.tags.iter().map(|t| format!("#{t}")).collect();
    meta(&mut builder, vec![languages.join(" · "), tags.join(" ")]);
    builder.rule();

    let mut header = builder.finish();
    let body = parse_plain(
        post.body(),
        BodyFormat::of_path(&post.path),
        shortcodes::Words::for_lang(post.lang.as_str()),
    );
    let offset = header.blocks.len();
    header.blocks.extend(body.blocks);
    header
        .headings
        .extend(body.headings.into_iter().map(|mut h| {
            h.block += offset;
            h
        }));
    header.anchors.extend(body.anchors.into_iter().map(|mut a| {
        a.block += offset;
        a
    }));
    header.references = body.references;
    let base = site.public_address(post);
    for reference in &mut header.references {
        reference.hyperlink = hyperlink_of(site, id, base.as_deref(), &reference.target);
    }
    header.shortcodes = body.shortcodes;
    header.notes = body.notes;

    let mut tail = Builder::default();
    for note in &header.notes {
        tail.start_role(TextRole::Caption);
        tail.text(&format!("{}: {note}", ui.text(Label::RenderNote)));
        tail.end_role();
    }
    if !header.references.is_empty() {
        tail.start_role(TextRole::Heading(2));
        tail.text(ui.text(Label::Links));
        tail.end_role();
        for reference in &header.references {
            tail.start_role(TextRole::Reference);
            tail.push_span(format!("[{}] ", reference.number), Emphasis::NOTE);
            // The entry is the link too, for a terminal that opens it.
            tail.links.push(Some(reference.number));
            let target = sanitize_target(&reference.target);
            match site.resolve(&reference.target, Some(id)) {
                Resolution::Post { id: target_id, .. } => {
                    let other = &site.posts[target_id];
                    tail.text(&other.title);
                    tail.push_span(
                        format!(" — {} ({})", ui.text(Label::Local), other.lang),
                        Emphasis::NOTE,
                    );
                }
                Resolution::Redirect { target: to } => {
                    tail.push_span(target, Emphasis::LINK);
                    tail.push_span(
                        format!(" — {} {}", ui.text(Label::Redirect), sanitize_target(&to)),
                        Emphasis::NOTE,
                    );
                }
                // Only this post was loaded: the link is local, its title unknown.
                Resolution::NotFound(_) if site.partial => {
                    tail.push_span(target, Emphasis::LINK);
                    tail.push_span(format!(" — {}", ui.text(Label::Local)), Emphasis::NOTE);
                }
                Resolution::NotFound(_) => {
                    tail.push_span(target, Emphasis::LINK);
                    tail.push_span(format!(" — {}", ui.text(Label::NotFound)), Emphasis::NOTE);
                }
                _ => {
                    if reference.is_image {
                        tail.push_span(format!("{}: ", ui.text(Label::Image)), Emphasis::NOTE);
                    }
                    tail.push_span(target, Emphasis::LINK);
                }
            }
            tail.links.pop();
            tail.end_role();
        }
    }
    let tail = tail.finish();
    let offset = header.blocks.len();
    header
        .headings
        .extend(tail.headings.into_iter().map(|mut h| {
            h.block += offset;
            h
        }));
    header.blocks.extend(tail.blocks);
    header
}

/// The terminal hyperlink for a link of post `from` to `target`: a post
/// of the site at its public address (with the `#fragment`), anything
/// else as written, relative addresses taken from `base` (the post's own
/// public address). `None` when that makes no web address.
fn hyperlink_of(
    site: &Site,
    from: PostId,
    base: Option<&str>,
    target: &str,
) -> Option<hyperlink::Hyperlink> {
    let address = match site.resolve(target, Some(from)) {
        Resolution::Post { id, fragment } => {
            let address = site.public_address(&site.posts[id])?;
            match fragment {
                Some(fragment) => format!("{address}#{fragment}"),
                None => address,
            }
        }
        _ => target.to_string(),
    };
    hyperlink::Hyperlink::of(&hyperlink::url_for(&address, base)?)
}

fn sanitize_target(target: &str) -> String {
    crate::text::sanitize_line(target).into_owned()
}

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
    code_language: Option<String>,
    table: Option<TableBuilder>,
    links: Vec<Option<usize>>,
    /// Inside `<script>`, `<style>` and similar: text is dropped.
    hidden: usize,
    /// HTML text collapses white space; Markdown text already has.
    pub(crate) in_pre: usize,
    image: Option<(String, String)>,
    /// The next block sits right under the previous one.
    tight_next: bool,
    reference_numbers: std::collections::HashMap<(String, bool), usize>,
    /// An indented code block, held until we know it is not HTML.
    indented_code: Option<String>,
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
    fn current_emphasis(&self) -> Emphasis {
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

    fn push_span<'t>(&mut self, text: impl Into<Cow<'t, str>>, emphasis: Emphasis) {
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

    fn markdown_event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.markdown_start(tag),
            Event::End(tag) => self.markdown_end(tag),
            Event::Text(text) => self.text(&text),
            Event::Code(code) => {
                self.push_emphasis(Emphasis::CODE);
                self.text(&code);
                self.pop_emphasis(Emphasis::CODE);
            }
            Event::InlineMath(math) | Event::DisplayMath(math) => self.text(&math),
            Event::InlineHtml(html) | Event::Html(html) => html::feed(self, &html),
            Event::FootnoteReference(label) => {
                let emphasis = self.current_emphasis().with(Emphasis::NOTE);
                self.push_span(format!("[^{}]", clean_text(&label)), emphasis);
            }
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.line_break(),
            Event::Rule => self.rule(),
            Event::TaskListMarker(done) => {
                self.text(if done { "☑ " } else { "☐ " });
            }
        }
    }

    fn markdown_start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.flush(),
            Tag::Heading { level, id, .. } => {
                self.start_role(TextRole::Heading(heading_level(level)));
                if let Some(id) = id {
                    self.heading_id(&id);
                }
            }
            Tag::BlockQuote(_) => self.open_container(Container::Quote),
            Tag::CodeBlock(CodeBlockKind::Fenced(info)) => self.start_code_in(&info),
            Tag::CodeBlock(CodeBlockKind::Indented) => {
                self.flush();
                self.indented_code = Some(String::new());
            }
            Tag::List(start) => self.start_list(start),
            Tag::Item => self.start_item(),
            Tag::FootnoteDefinition(label) => {
                self.open_container(Container::Item {
                    marker: format!("[^{}]", clean_text(&label)),
                });
            }
            Tag::Table(_) => self.start_table(),
            Tag::TableHead => {
                self.start_table_head();
                self.start_row();
            }
            Tag::TableRow => self.start_row(),
            Tag::TableCell => self.start_cell(),
            Tag::Emphasis => self.push_emphasis(Emphasis::ITALIC),
            Tag::Strong => self.push_emphasis(Emphasis::BOLD),
            Tag::Strikethrough => self.push_emphasis(Emphasis::STRIKE),
            Tag::Superscript => self.push_emphasis(Emphasis::SUPERSCRIPT),
            Tag::Subscript => self.push_emphasis(Emphasis::SUBSCRIPT),
            Tag::Link { dest_url, .. } => self.start_link(&dest_url),
            Tag::Image { dest_url, .. } => {
                self.image = Some((String::new(), dest_url.into_string()));
            }
            Tag::HtmlBlock
            | Tag::MetadataBlock(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => {}
        }
    }

    fn markdown_end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.flush(),
            TagEnd::Heading(_) => self.end_role(),
            TagEnd::BlockQuote(_) | TagEnd::Item | TagEnd::FootnoteDefinition => {
                self.close_container()
            }
            TagEnd::CodeBlock => match self.indented_code.take() {
                // WordPress exports indent their HTML; after a blank line
                // Markdown would read it as code and show the tags.
                Some(text) if looks_like_html(&text) => html::feed(self, &text),
                Some(text) => {
                    self.start_code();
                    self.text(&text);
                    self.end_code();
                }
                None => self.end_code(),
            },
            TagEnd::List(_) => self.end_list(),
            TagEnd::Table => self.end_table(),
            TagEnd::TableHead => self.end_table_head(),
            TagEnd::TableRow => self.end_row(),
            TagEnd::TableCell => self.end_cell(),
            TagEnd::Emphasis => self.pop_emphasis(Emphasis::ITALIC),
            TagEnd::Strong => self.pop_emphasis(Emphasis::BOLD),
            TagEnd::Strikethrough => self.pop_emphasis(Emphasis::STRIKE),
            TagEnd::Superscript => self.pop_emphasis(Emphasis::SUPERSCRIPT),
            TagEnd::Subscript => self.pop_emphasis(Emphasis::SUBSCRIPT),
            TagEnd::Link => self.end_link(),
            TagEnd::Image => {
                if let Some((alt, target)) = self.image.take() {
                    self.image(&alt, &target);
                }
            }
            TagEnd::HtmlBlock
            | TagEnd::MetadataBlock(_)
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => {}
        }
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

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Whether an indented block is markup rather than code: it opens with a
/// tag and holds closing tags.
pub(crate) fn looks_like_html(text: &str) -> bool {
    let start = text.trim_start();
    let opens_with_tag = start.starts_with('<')
        && start[1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
    opens_with_tag && text.contains("</")
}

/// Control characters shown visibly; tabs and carriage returns (left by
/// `&#13;`, which would send the cursor back over the line) become spaces.
fn clean_text(text: &str) -> Cow<'_, str> {
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

impl Document {
    /// Where `#fragment` leads: a heading whose id is written in the post
    /// (`{#team}`, `<h2 id>`), an element's `id` or `<a name>`, else a
    /// heading whose id Hugo or Jekyll would make from its text (a repeated
    /// one followed by `-1`, `-2`…). Case does not matter; `%C3%A9` is `é`.
    pub fn find_anchor(&self, fragment: &str) -> Option<AnchorTarget> {
        let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
        let wanted = percent_encoding::percent_decode_str(fragment)
            .decode_utf8_lossy()
            .trim()
            .to_lowercase();
        if wanted.is_empty() {
            return None;
        }
        if let Some(at) = self
            .headings
            .iter()
            .position(|h| h.anchor.to_lowercase() == wanted)
        {
            return Some(AnchorTarget::Heading(at));
        }
        if let Some(anchor) = self.anchors.iter().find(|a| a.id.to_lowercase() == wanted) {
            // An anchor just before a heading is that heading.
            let heading = self.headings.iter().position(|h| h.block == anchor.block);
            return Some(heading.map_or(AnchorTarget::Block(anchor.block), AnchorTarget::Heading));
        }
        let transliterated = |text: &str| kramdown_id(&crate::text::fold(text).text);
        let generators: [&dyn Fn(&str) -> String; 3] = [&anchor_for, &kramdown_id, &transliterated];
        for generate in generators {
            let mut seen: std::collections::HashMap<String, usize> =
                std::collections::HashMap::new();
            for (at, heading) in self.headings.iter().enumerate() {
                let base = generate(&heading.text);
                let repeats = seen.entry(base.clone()).or_default();
                let id = match *repeats {
                    0 => base,
                    n => format!("{base}-{n}"),
                };
                *repeats += 1;
                if id == wanted {
                    return Some(AnchorTarget::Heading(at));
                }
            }
        }
        None
    }
}

/// The id kramdown (Jekyll's Markdown) gives a heading: leading characters
/// up to the first ASCII letter dropped, then everything but ASCII letters,
/// digits, spaces and `-`; spaces to `-`, lower case; `section` when
/// nothing is left.
pub fn kramdown_id(text: &str) -> String {
    let start = text
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(text.len());
    let id: String = text[start..]
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_ascii_alphanumeric() || c == '-' => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect();
    if id.is_empty() {
        "section".to_string()
    } else {
        id
    }
}

/// The anchor Hugo and GitHub give a heading: lower case, spaces to `-`,
/// punctuation dropped, accents kept.
pub fn anchor_for(text: &str) -> String {
    let mut anchor = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            anchor.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            anchor.push('-');
        }
    }
    anchor
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn headings_get_anchors() {
        let doc = parse("## Notre approche\n\nTexte\n\n### L’été, enfin !\n");
        let anchors: Vec<&str> = doc.headings.iter().map(|h| h.anchor.as_str()).collect();
        assert_eq!(anchors, ["notre-approche", "lété-enfin-"]);
    }

    #[test]
    fn written_ids_name_headings_and_places() {
        let doc = parse(
            "## Who we are {#the-team}\n\nText\n\n<h2 id=\"html-history\">History</h2>\n\n\
             <p><a id=\"care\"></a>Care first.</p>\n\n<p>Then <a name=\"glass\">glass</a>.</p>\n\n\
             <a id=\"before-values\"></a>\n\n## Values\n",
        );
        let anchors: Vec<&str> = doc.headings.iter().map(|h| h.anchor.as_str()).collect();
        assert_eq!(anchors, ["the-team", "html-history", "values"]);
        let block_of = |text: &str| {
            doc.blocks.iter().position(|b| match &b.kind {
                BlockKind::Text { spans, .. } => {
                    spans.iter().map(|s| s.text.as_str()).collect::<String>() == text
                }
                _ => false,
            })
        };
        assert_eq!(doc.find_anchor("the-team"), Some(AnchorTarget::Heading(0)));
        assert_eq!(
            doc.find_anchor("#HTML-History"),
            Some(AnchorTarget::Heading(1))
        );
        assert_eq!(
            doc.find_anchor("care").map(|t| match t {
                AnchorTarget::Block(b) => Some(b),
                AnchorTarget::Heading(_) => None,
            }),
            Some(block_of("Care first."))
        );
        assert_eq!(
            doc.find_anchor("glass"),
            block_of("Then glass.").map(AnchorTarget::Block)
        );
        // An anchor standing just before a heading is the heading.
        assert_eq!(
            doc.find_anchor("before-values"),
            Some(AnchorTarget::Heading(2))
        );
        assert_eq!(doc.find_anchor("nowhere"), None);
        assert_eq!(doc.find_anchor(""), None);
    }

    #[test]
    fn generated_ids_of_hugo_and_jekyll_find_headings() {
        let doc = parse(
            "## Lessons learned\n\n## Café & thé, à l’étage\n\n## Lessons learned\n\n## 2024: a year\n",
        );
        for (fragment, at) in [
            ("lessons-learned", 0),
            // Hugo (GitHub style): accents kept, punctuation dropped.
            ("café--thé-à-létage", 1),
            ("caf%C3%A9--th%C3%A9-%C3%A0-l%C3%A9tage", 1),
            // kramdown: ASCII only; transliterated when so configured.
            ("caf--th--ltage", 1),
            ("cafe--the-a-letage", 1),
            // A repeated heading is numbered.
            ("lessons-learned-1", 2),
            ("2024-a-year", 3),
            ("a-year", 3),
        ] {
            assert_eq!(
                doc.find_anchor(fragment),
                Some(AnchorTarget::Heading(at)),
                "{fragment}"
            );
        }
        assert_eq!(doc.find_anchor("lessons-learned-2"), None);
    }

    #[rstest::rstest]
    #[case("Lessons learned", "lessons-learned")]
    #[case("2024: a year", "a-year")]
    #[case("Café & thé", "caf--th")]
    #[case("¿?", "section")]
    fn kramdown_ids(#[case] text: &str, #[case] id: &str) {
        assert_eq!(kramdown_id(text), id);
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
