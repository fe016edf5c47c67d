//! Snapshots of rendered text: focused fixtures for each construct, at
//! three widths. Plain text (styles are the theme's business); review
//! changes with `cargo insta review`.

use liseuse::render::{self, wrap};
use liseuse::theme::Theme;
use std::path::Path;

fn rendered(body: &str, width: u16) -> String {
    let document = render::parse(body);
    let mut text = String::new();
    for line in wrap::layout(&document, width, &Theme::plain()) {
        for span in &line.spans {
            text.push_str(&span.content);
        }
        text.push('\n');
    }
    if !document.references.is_empty() {
        text.push_str("--- references\n");
        for reference in &document.references {
            let kind = if reference.is_image { "image" } else { "link" };
            text.push_str(&format!(
                "[{}] {kind} {}\n",
                reference.number, reference.target
            ));
        }
    }
    text
}

fn snapshot_fixture(name: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/render")
        .join(name);
    let body = std::fs::read_to_string(&path).expect("fixture");
    for width in [40u16, 80, 120] {
        let text = rendered(&body, width);
        for line in text.lines() {
            assert!(
                unicode_width::UnicodeWidthStr::width(line) <= usize::from(width)
                    || line.starts_with('['),
                "wider than {width}: {line:?}"
            );
        }
        insta::assert_snapshot!(format!("{name}-{width}"), text);
    }
}

#[test]
fn headings_lists_quotes_footnotes() {
    snapshot_fixture("headings-and-lists.md");
}

#[test]
fn wordpress_html() {
    snapshot_fixture("wordpress-html.md");
}

#[test]
fn tables_fit() {
    snapshot_fixture("tables.md");
}

#[test]
fn templates_and_links() {
    snapshot_fixture("templates-and-links.md");
}

#[test]
fn scripts_widths_and_control_characters() {
    snapshot_fixture("scripts.md");
}

/// Every post of the embedded sample, header and links included.
#[test]
fn sample_posts() {
    use liseuse::content::{self, Source};
    let site = content::load(&Source::sample());
    assert!(site.posts.len() >= 21);
    for (id, post) in site.posts.iter().enumerate() {
        let document = render::render_post(&site, id);
        for width in [40u16, 80, 120] {
            let mut text = String::new();
            for line in wrap::layout(&document, width, &Theme::plain()) {
                let line: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
                assert!(unicode_width::UnicodeWidthStr::width(line.as_str()) <= usize::from(width));
                text.push_str(&line);
                text.push('\n');
            }
            let name = post.display_path().replace(['/', ':', '’'], "_");
            insta::assert_snapshot!(format!("sample-{name}-{width}"), text);
        }
    }
}
