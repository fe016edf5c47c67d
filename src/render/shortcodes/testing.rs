//! What the tests of every part share: the result of a body, and a
//! check that no template is shown.

pub(super) use super::*;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

pub(super) fn text(body: &str) -> String {
    preprocess(body).text
}

pub(super) fn uses(body: &str) -> Vec<(String, bool)> {
    preprocess(body)
        .shortcodes
        .into_iter()
        .map(|u| (u.name, u.known))
        .collect()
}

/// Everything pulldown-cmark (what reads the result) shows as text:
/// text, HTML, link and image targets; code left out. Adjacent text
/// events are joined, since the parser splits text at `<` and `[`.
pub(super) fn shown_outside_code(markdown: &str) -> Vec<String> {
    let mut shown = vec![String::new()];
    let mut in_code_block = false;
    for event in Parser::new_ext(markdown, markdown_options()) {
        match event {
            Event::Text(t) if !in_code_block => {
                shown.last_mut().into_iter().for_each(|s| s.push_str(&t))
            }
            Event::Html(t) | Event::InlineHtml(t) => shown.push(t.to_string()),
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Start(
                Tag::Link {
                    dest_url, title, ..
                }
                | Tag::Image {
                    dest_url, title, ..
                },
            ) => {
                shown.push(dest_url.to_string());
                shown.push(title.to_string());
            }
            _ => shown.push(String::new()),
        }
    }
    shown
}

pub(super) const OPENERS: [&str; 3] = ["{{<", "{{%", "{%"];

/// At most the first 300 characters, for failure messages.
pub(super) fn preview(text: &str) -> &str {
    text.char_indices()
        .nth(300)
        .map_or(text, |(at, _)| &text[..at])
}

/// Asserts that no template opener is shown as text by the renderer.
pub(super) fn assert_no_template_shown(body: &str, out: &str) {
    for piece in shown_outside_code(out) {
        for opener in OPENERS.iter().chain(&["{{ "]) {
            assert!(
                !piece.contains(opener),
                "{opener:?} shown in {:?}\nout: {:?}\nbody: {:?}",
                preview(&piece),
                preview(out),
                preview(body)
            );
        }
    }
}
