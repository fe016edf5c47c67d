//! Every post of the real corpus and every seed, rendered at 40, 80 and
//! 120 columns: nothing wider than the pane, no markup or template source
//! left, and no words lost.
//!
//! "Words lost" is judged against an independent, deliberately simple
//! extraction of each body: HTML comments, `<script>`/`<style>` blocks,
//! template tags, link targets and tags are cut out, then every run of 4+
//! letters must appear in the rendered text.

use liseuse::content::{self, Site};
use liseuse::render::{self, wrap};
use liseuse::theme::Theme;
use std::path::PathBuf;
use unicode_width::UnicodeWidthStr;

fn corpus() -> PathBuf {
    let dir = std::env::var_os("LISEUSE_CORPUS").map_or_else(
        || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus")),
        PathBuf::from,
    );
    assert!(
        dir.join("digital-canada-ca").is_dir(),
        "the real corpus is missing at {}: set LISEUSE_CORPUS",
        dir.display()
    );
    dir
}

fn sites() -> Vec<Site> {
    let root = corpus();
    let mut sites =
        vec![content::load::load_path(&root.join("digital-canada-ca")).expect("corpus loads")];
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(root.join("seeds"))
        .expect("seeds")
        .flatten()
        .map(|e| e.path())
        .collect();
    seeds.sort();
    assert_eq!(seeds.len(), 5);
    for seed in seeds {
        sites.push(content::load::load_path(&seed).expect("seed loads"));
    }
    sites
}

/// Cuts `open … close` spans out of `text` (unclosed: to the end).
fn cut(text: &str, open: &str, close: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(open) {
        out.push_str(&rest[..at]);
        out.push(' ');
        rest = match rest[at + open.len()..].find(close) {
            Some(end) => &rest[at + open.len() + end + close.len()..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// Words a reader must find: runs of four or more letters of the visible
/// text, by a simple extraction independent of the renderer.
fn expected_words(body: &str) -> Vec<String> {
    let mut text = body.to_string();
    for (open, close) in [
        ("<!--", "-->"),
        ("<script", "</script>"),
        ("<style", "</style>"),
        ("{{<", ">}}"),
        ("{{%", "%}}"),
        ("{%", "%}"),
        ("{{", "}}"),
        ("](", ")"),
        ("] (", ")"),
        ("<", ">"),
        ("&", ";"),
    ] {
        // Double-escaped entities (`&amp;nbsp;`) are one entity to a reader.
        if open == "&" {
            text = text.replace("&amp;", "&");
        }
        text = cut(&text, open, close);
    }
    let mut words = Vec::new();
    let mut current = String::new();
    for c in text.chars().chain([' ']) {
        if c.is_alphabetic() {
            current.push(c);
        } else {
            if current.chars().count() >= 4 && current.chars().count() <= 25 {
                words.push(std::mem::take(&mut current));
            }
            current.clear();
        }
    }
    words
}

#[test]
fn every_post_renders_clean_at_three_widths() {
    let theme = Theme::plain();
    let mut posts = 0;
    let mut problems: Vec<String> = Vec::new();
    for site in sites() {
        for (id, post) in site.posts.iter().enumerate() {
            posts += 1;
            let document = render::render_post(&site, id);
            for width in [40u16, 80, 120] {
                let lines = wrap::layout(&document, width, &theme);
                let text: Vec<String> = lines
                    .iter()
                    .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
                    .collect();
                let place = format!("{} at {width}", post.display_path());
                for line in &text {
                    if line.width() > usize::from(width) {
                        problems.push(format!("{place}: line wider than the pane: {line:?}"));
                    }
                    if line.chars().any(liseuse::text::is_unsafe_for_terminal) {
                        problems.push(format!("{place}: control character: {line:?}"));
                    }
                }
                let all = text.join("\n");
                for leak in [
                    "<p", "</", "<br", "<div", "<span", "<strong", "<a href", "{{<", "{{%", "{%",
                    "{{ ",
                ] {
                    if all.contains(leak) {
                        problems.push(format!("{place}: raw source `{leak}` left"));
                    }
                }
                for entity in [
                    "&amp;", "&nbsp;", "&#8217;", "&rsquo;", "&lt;", "&gt;", "&quot;", "&eacute;",
                ] {
                    if all.contains(entity) {
                        problems.push(format!("{place}: undecoded entity `{entity}`"));
                    }
                }
                if width == 120 {
                    // Words may be split by wrapping only when longer than a line.
                    let joined: String = text.join(" ");
                    for word in expected_words(post.body()) {
                        if !joined.contains(&word) {
                            problems.push(format!("{place}: word lost: {word}"));
                        }
                    }
                }
            }
        }
    }
    assert!(posts > 500, "only {posts} posts rendered");
    problems.dedup();
    assert!(
        problems.is_empty(),
        "{} problems, first ones:\n{}",
        problems.len(),
        problems
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
