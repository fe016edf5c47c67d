//! The links written in a post's body (Markdown, HTML `href`s, the
//! malformed `[text] (url)`), for `check` to follow: reading a body, not
//! resolving a URL.

/// Every link target written in a post body: Markdown links, HTML `href`s,
/// and the common malformed `[text] (url)`.
pub fn body_links(body: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let mut links = Vec::new();
    let mut html = String::new();
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(body, options) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.into_string()),
            Event::Html(text) | Event::InlineHtml(text) => {
                html.push_str(&text);
                html.push('\n');
            }
            _ => {}
        }
    }
    if !html.is_empty() {
        links.extend(html_hrefs(&html));
    }
    // The parser splits `[text] (url)` into several text events: scan the source.
    links.extend(malformed_link_targets(body));
    links
}

/// Targets of `[text] (https://…)`, a space before the parenthesis.
pub fn malformed_link_targets(text: &str) -> Vec<String> {
    let mut targets = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("] (") {
        let after = &rest[at + 3..];
        let end = after.find([')', ' ', '\n']).unwrap_or(after.len());
        let target = &after[..end];
        let looks_like_url = target.starts_with("http://")
            || target.starts_with("https://")
            || target.starts_with('/');
        if looks_like_url && after[end..].starts_with(')') {
            targets.push(target.to_string());
        }
        rest = after;
    }
    targets
}

fn html_hrefs(html: &str) -> Vec<String> {
    use html5gum::Token;
    let mut hrefs = Vec::new();
    for token in crate::text::html_tokens(html) {
        if let Token::StartTag(tag) = token {
            if tag.name.as_slice() == b"a" {
                if let Some(href) = tag.attributes.get(b"href".as_slice()) {
                    hrefs.push(String::from_utf8_lossy(href).into_owned());
                }
            }
        }
    }
    hrefs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_in_markdown_html_and_malformed_brackets() {
        let body = "See [a](/a/) and <a href=\"https://x.ca/b\">b</a>.\n\n\
                    <p>Para <a\n  href='/c/'>c</a></p>\n\n\
                    The [team] (https://example.ca/team/) and [x] (not a link).";
        assert_eq!(
            body_links(body),
            ["/a/", "https://x.ca/b", "/c/", "https://example.ca/team/"]
        );
    }
}
