//! The HTML subset real migrated sites use, read with a WHATWG tokenizer
//! and fed to the same [`Builder`] as Markdown.

use super::{Builder, Container, Emphasis, TextRole, highlight};
use html5gum::{HtmlString, Spanned, Token};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Feeds a fragment of HTML (a block or one inline tag) to the builder,
/// the fragment starting where the builder's source is.
pub fn feed(builder: &mut Builder, html: &str) {
    let pieces = builder.source.map(|at| [(0, at)]);
    feed_pieces(builder, html, pieces.as_ref().map_or(&[], |p| p.as_slice()));
}

/// Feeds HTML gathered from `pieces` of the text parsed, each given as
/// (where it starts in `html`, where it starts in the text), in order: an
/// HTML block arrives a line at a time, its container's markers (`> `)
/// left out. Each token places what it starts at its own line.
pub fn feed_pieces(builder: &mut Builder, html: &str, pieces: &[(usize, usize)]) {
    let base = builder.source;
    for token in crate::text::html_tokens_placed(html) {
        if !pieces.is_empty() {
            let start = match &token {
                Token::StartTag(tag) => tag.span.start,
                Token::EndTag(tag) => tag.span.start,
                Token::String(text) => text.span.start,
                Token::Comment(c) => c.span.start,
                Token::Doctype(d) => d.span.start,
                Token::Error(e) => e.span.start,
            };
            let piece = pieces
                .partition_point(|&(at, _)| at <= start)
                .saturating_sub(1);
            if let Some(&(at, source)) = pieces.get(piece) {
                builder.source = Some(source + start.saturating_sub(at));
            }
        }
        match token {
            // The tokenizer lowercases tag and attribute names (WHATWG).
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name);
                let attributes = Attributes(&tag.attributes);
                start_tag(builder, &name, &attributes, tag.self_closing);
            }
            Token::EndTag(tag) => end_tag(builder, &String::from_utf8_lossy(&tag.name)),
            Token::String(text) => {
                let text = String::from_utf8_lossy(&text);
                if builder.in_pre > 0 {
                    builder.text(&text);
                } else {
                    builder.text(&collapse_whitespace(&text));
                }
            }
            Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    builder.source = base;
}

/// The attributes of a start tag, read where the tokenizer left them.
struct Attributes<'t>(&'t BTreeMap<HtmlString, Spanned<HtmlString, usize>>);

impl<'t> Attributes<'t> {
    fn get(&self, key: &str) -> Option<Cow<'t, str>> {
        self.0
            .get(key.as_bytes())
            .map(|value| String::from_utf8_lossy(&value.value))
    }
}

/// HTML white space rules: any run of white space is one space.
fn collapse_whitespace(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let needs_collapse = bytes.iter().enumerate().any(|(i, &b)| {
        b.is_ascii_whitespace()
            && (b != b' ' || bytes.get(i + 1).is_some_and(u8::is_ascii_whitespace))
    });
    if !needs_collapse {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        if c.is_ascii_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    Cow::Owned(out)
}

/// Elements whose content is never shown.
fn is_hidden(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "template" | "noscript" | "head" | "title" | "svg" | "math"
    )
}

/// Elements that end the current paragraph and start a new one.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "figure"
            | "address"
            | "form"
            | "fieldset"
            | "center"
            | "dl"
            | "dt"
            | "body"
            | "html"
    )
}

/// The inline emphasis an element gives its text.
fn emphasis_of(name: &str) -> Option<Emphasis> {
    Some(match name {
        "strong" | "b" => Emphasis::BOLD,
        "em" | "i" | "cite" | "dfn" | "var" => Emphasis::ITALIC,
        "s" | "strike" | "del" => Emphasis::STRIKE,
        "u" | "ins" => Emphasis::UNDERLINE,
        "code" | "kbd" | "samp" | "tt" => Emphasis::CODE,
        "sup" => Emphasis::SUPERSCRIPT,
        "sub" => Emphasis::SUBSCRIPT,
        _ => return None,
    })
}

fn start_tag(builder: &mut Builder, name: &str, attributes: &Attributes<'_>, self_closing: bool) {
    start_element(builder, name, attributes, self_closing);
    // A heading's id is the heading's (see `start_element`); any other
    // element's marks a place once the element has begun its block.
    let heading = matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
    if !heading && !is_hidden(name) {
        if let Some(id) = attributes.get("id") {
            builder.anchor(&id);
        }
        if let Some(id) = attributes.get("name").filter(|_| name == "a") {
            builder.anchor(&id);
        }
    }
}

fn start_element(
    builder: &mut Builder,
    name: &str,
    attributes: &Attributes<'_>,
    self_closing: bool,
) {
    let attribute = |key: &str| attributes.get(key).unwrap_or_default();
    if is_hidden(name) {
        if !self_closing {
            builder.hidden += 1;
        }
        return;
    }
    if let Some(emphasis) = emphasis_of(name) {
        // `<pre><code class="language-go">`: what Hugo, Jekyll and
        // Prism write for a highlighted block.
        if name == "code" && builder.in_pre > 0 && builder.code_language.is_none() {
            builder.code_language = code_language(attributes);
        }
        builder.push_emphasis(emphasis);
        return;
    }
    match name {
        "a" => {
            let href = attribute("href");
            if href.is_empty() {
                builder.links.push(None);
                builder.push_emphasis(Emphasis::LINK);
            } else {
                builder.start_link(&href);
            }
        }
        "br" => builder.line_break(),
        "hr" => builder.rule(),
        "img" => {
            let alt = attributes
                .get("alt")
                .or_else(|| attributes.get("title"))
                .unwrap_or_default();
            builder.image(&alt, &attribute("src"));
        }
        "iframe" | "video" | "audio" | "embed" | "object" => {
            let src = [attribute("src"), attribute("data")]
                .into_iter()
                .find(|s| !s.is_empty())
                .unwrap_or_default();
            let title = attribute("title");
            let label = match (name, title.is_empty()) {
                (_, false) => format!("[{title}]"),
                ("audio", true) => "[audio]".to_string(),
                _ => "[video]".to_string(),
            };
            if !src.is_empty() {
                builder.start_link(&src);
                builder.text(&label);
                builder.end_link();
            }
            if !self_closing && matches!(name, "iframe" | "object") {
                // Fallback content inside an iframe is for old browsers.
                builder.hidden += 1;
            }
        }
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            let level = name[1..].parse().unwrap_or(2);
            builder.start_role(TextRole::Heading(level));
            builder.heading_id(&attribute("id"));
        }
        "summary" => builder.start_role(TextRole::Heading(4)),
        "figcaption" | "caption" => builder.start_role(TextRole::Caption),
        "blockquote" => builder.open_container(Container::Quote),
        "dd" | "details" => builder.open_container(Container::Indent),
        "ul" | "menu" => builder.start_list(None),
        "ol" => {
            let start = attribute("start").parse().ok().or(Some(1));
            builder.start_list(start);
        }
        "li" => builder.start_item(),
        "pre" => {
            builder.in_pre += 1;
            builder.start_code();
            builder.code_language = code_language(attributes);
        }
        "table" => builder.start_table(),
        "thead" => builder.start_table_head(),
        "tbody" | "tfoot" => builder.end_table_head(),
        "tr" => builder.start_row(),
        "td" | "th" => {
            builder.start_cell();
            if name == "th" {
                builder.push_emphasis(Emphasis::BOLD);
            }
        }
        "abbr" | "acronym" => builder.start_abbreviation(attributes.get("title").as_deref()),
        _ if is_block(name) => builder.flush(),
        // Unknown and custom elements (`<gcds-notice>`): their text shows.
        _ => {}
    }
}

/// The language a `<pre>` or `<code>` names: a `language-x` or `lang-x`
/// class, else `data-lang` (Hugo's Chroma writes both).
fn code_language(attributes: &Attributes<'_>) -> Option<String> {
    let class = attributes.get("class").unwrap_or_default();
    class
        .split_whitespace()
        .find_map(|word| {
            word.strip_prefix("language-")
                .or_else(|| word.strip_prefix("lang-"))
        })
        .map(str::to_string)
        .or_else(|| attributes.get("data-lang").map(|l| l.into_owned()))
        .and_then(|word| highlight::fence_language(&word))
}

fn end_tag(builder: &mut Builder, name: &str) {
    if is_hidden(name) {
        builder.hidden = builder.hidden.saturating_sub(1);
        return;
    }
    if builder.hidden > 0 {
        if matches!(name, "iframe" | "object") {
            builder.hidden -= 1;
        }
        return;
    }
    if let Some(emphasis) = emphasis_of(name) {
        builder.pop_emphasis(emphasis);
        return;
    }
    match name {
        "a" if !builder.links.is_empty() => builder.end_link(),
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "summary" | "figcaption" | "caption" => {
            builder.end_role()
        }
        "blockquote" | "dd" | "details" | "li" => builder.close_container(),
        "ul" | "ol" | "menu" => builder.end_list(),
        "abbr" | "acronym" => builder.end_abbreviation(),
        "pre" => {
            builder.in_pre = builder.in_pre.saturating_sub(1);
            builder.end_code();
        }
        "table" => builder.end_table(),
        "thead" => builder.end_table_head(),
        "tr" => builder.end_row(),
        "td" | "th" => {
            if name == "th" {
                builder.pop_emphasis(Emphasis::BOLD);
            }
            builder.end_cell();
        }
        _ if is_block(name) => builder.flush(),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::{BlockKind, Document, parse, parse_as};

    fn plain(doc: &Document) -> Vec<String> {
        doc.blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Text { spans, .. } => {
                    Some(spans.iter().map(|s| s.text.as_str()).collect())
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn scripts_and_styles_are_dropped() {
        let doc = parse("<div>Keep<script>alert('x')</script><style>p{}</style> this</div>\n");
        assert_eq!(plain(&doc), ["Keep this"]);
    }

    #[test]
    fn custom_elements_show_their_text() {
        let doc = parse("<gcds-notice type=\"info\"><p>Read &amp; share</p></gcds-notice>\n");
        assert_eq!(plain(&doc), ["Read & share"]);
    }

    #[test]
    fn details_show_open_with_the_summary_as_heading() {
        let doc = parse("<details><summary>More</summary><p>Hidden no more</p></details>\n");
        assert_eq!(plain(&doc), ["More", "Hidden no more"]);
        assert_eq!(doc.headings[0].text, "More");
    }

    #[test]
    fn a_tag_across_lines_of_an_html_block() {
        let doc = parse("<p>See <a\n   href=\"https://x.ca/\">this</a></p>\n");
        assert_eq!(plain(&doc), ["See this[1]"]);
        assert_eq!(doc.references[0].target, "https://x.ca/");
    }

    #[test]
    fn html_tables_become_tables() {
        let doc = parse(
            "<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>\n",
        );
        let BlockKind::Table(table) = &doc.blocks[0].kind else {
            panic!("a table: {doc:?}")
        };
        assert_eq!(table.header_rows, 1);
        assert_eq!(table.rows.len(), 2);
    }

    #[test]
    fn five_thousand_nested_divs_render() {
        let body = format!("{}deep{}\n", "<div>".repeat(5000), "</div>".repeat(5000));
        assert_eq!(plain(&parse(&body)), ["deep"]);
    }

    #[test]
    fn iframes_become_links() {
        let doc =
            parse("<iframe src=\"https://www.youtube.com/embed/x\" title=\"Demo\"></iframe>\n");
        assert_eq!(plain(&doc), ["[Demo][1]"]);
    }

    /// The language and whether it was highlighted, of each code block.
    fn code_blocks(doc: &Document) -> Vec<(Option<String>, bool, Vec<String>)> {
        doc.blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Code {
                    lines,
                    language,
                    highlight,
                } => Some((language.clone(), highlight.is_some(), lines.clone())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn pre_code_names_its_language_as_a_fence_does() {
        let cases = [
            (
                "<pre><code class=\"language-rust\">let n = 1;\n</code></pre>\n",
                Some("rust"),
            ),
            (
                "<pre><code class=\"hljs lang-Python\">x = 1\n</code></pre>\n",
                Some("python"),
            ),
            (
                "<pre><code data-lang=\"go\">x := 1\n</code></pre>\n",
                Some("go"),
            ),
            ("<pre class=\"language-yaml\">a: 1\n</pre>\n", Some("yaml")),
            ("<pre><code class=\"x\">a &lt; b\n</code></pre>\n", None),
        ];
        for (html, language) in cases {
            let blocks = code_blocks(&parse(html));
            assert_eq!(blocks.len(), 1, "{html}: {blocks:?}");
            let (found, highlighted, _) = &blocks[0];
            assert_eq!(found.as_deref(), language, "{html}");
            assert_eq!(*highlighted, language.is_some(), "{html}");
        }
        // An HTML body, and the entity decoded in the highlighted text.
        let doc = parse_as(
            "<pre><code class=\"language-rust\">if a &lt; b {}</code></pre>",
            crate::render::BodyFormat::Html,
        );
        assert_eq!(
            code_blocks(&doc),
            [(Some("rust".into()), true, vec!["if a < b {}".to_string()])]
        );
    }
}
