//! Markdown into the [`Builder`]: each pulldown-cmark event turned into
//! the calls HTML tokens make too (`html.rs`), so both render alike.

use super::builder::clean_text;
use super::{Builder, Container, Emphasis, TextRole, html};
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Tag, TagEnd};

impl Builder {
    pub(super) fn markdown_event(&mut self, event: Event<'_>) {
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
