//! Which part of the body a place on screen shows: `e` opens the editor at
//! the line of the first block whose text is on screen.

use super::Document;

/// The offset in the body of the block shown at line `top` of a layout
/// whose blocks start at lines `starts` (as [`super::wrap::layout_with_blocks`]
/// gives them). A block begun above the screen counts, since its text is
/// still on it. Past the reader's own blocks (the header above the body,
/// the links after it) the nearest block of the body is taken; `None` when
/// the body has none.
pub fn body_offset_at(doc: &Document, starts: &[usize], top: usize) -> Option<usize> {
    let shown = starts
        .partition_point(|&start| start <= top)
        .saturating_sub(1);
    let below = doc.blocks.iter().skip(shown).find_map(|b| b.source);
    below.or_else(|| doc.blocks.iter().take(shown).rev().find_map(|b| b.source))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load::load_text;
    use crate::render::{BlockKind, BodyFormat, parse_as};
    use std::path::Path;

    /// The line in the file of the first block whose text contains
    /// `needle`, for a post file written as `text`.
    fn line_of(name: &str, text: &str, needle: &str) -> usize {
        let site = load_text(Path::new(name), text.as_bytes().to_vec());
        let post = &site.posts[0];
        let doc = parse_as(post.body(), BodyFormat::of_path(&post.path));
        let block = doc
            .blocks
            .iter()
            .find(|b| match &b.kind {
                BlockKind::Text { spans, .. } => spans
                    .iter()
                    .map(|s| s.text.as_str())
                    .collect::<String>()
                    .contains(needle),
                BlockKind::Code { lines, .. } => lines.iter().any(|l| l.contains(needle)),
                BlockKind::Table(table) => format!("{table:?}").contains(needle),
                BlockKind::Rule => false,
            })
            .unwrap_or_else(|| panic!("no block holds {needle:?}"));
        let offset = block.source.expect("a block of the body has a source");
        post.text.line_of_body_offset(offset)
    }

    #[test]
    fn yaml_front_matter_lines_are_counted() {
        let text = "---\ntitle: Otters\ndate: 2024-01-02\n---\n\nFirst words.\n\nSecond words.\n";
        assert_eq!(line_of("otters.md", text, "First"), 6);
        assert_eq!(line_of("otters.md", text, "Second"), 8);
    }

    #[test]
    fn toml_front_matter_lines_are_counted() {
        let text = "+++\ntitle = \"Otters\"\n+++\nOne.\n\nTwo.\n";
        assert_eq!(line_of("otters.md", text, "One"), 4);
        assert_eq!(line_of("otters.md", text, "Two"), 6);
    }

    #[test]
    fn a_paragraph_after_a_shortcode_keeps_its_line() {
        // The figure becomes several lines of Markdown; the paragraph after
        // it must still point at its own line of the file.
        let text = "---\ntitle: T\n---\nIntro.\n\n{{< figure src=\"/a.png\" alt=\"Alt\" caption=\"Long caption\" >}}\n\n{{< note >}}\nInside the note.\n{{< /note >}}\n\nAfter the tags.\n";
        assert_eq!(line_of("t.md", text, "Long caption"), 6);
        assert_eq!(line_of("t.md", text, "Inside the note"), 9);
        assert_eq!(line_of("t.md", text, "After the tags"), 12);
    }

    #[test]
    fn liquid_tags_before_a_paragraph_keep_its_line() {
        let text = "---\ntitle: T\n---\n{% comment %}\nhidden\n{% endcomment %}\n{% if x %}\n\nShown here.\n{% endif %}\n";
        assert_eq!(line_of("t.md", text, "Shown here"), 9);
    }

    #[test]
    fn blocks_inside_lists_and_quotes_have_their_lines() {
        let text = "---\ntitle: T\n---\n- first item\n- second item\n\n  more of the second\n\n> quoted words\n>\n> > deeper words\n";
        assert_eq!(line_of("t.md", text, "first item"), 4);
        assert_eq!(line_of("t.md", text, "second item"), 5);
        assert_eq!(line_of("t.md", text, "more of the second"), 7);
        assert_eq!(line_of("t.md", text, "quoted words"), 9);
        assert_eq!(line_of("t.md", text, "deeper words"), 11);
    }

    #[test]
    fn blocks_after_an_html_block_have_their_lines() {
        let text = "---\ntitle: T\n---\n<div class=\"box\">\n<p>Boxed words</p>\n</div>\n\nPlain words after.\n\n```\ncode line\n```\n";
        assert_eq!(line_of("t.md", text, "Boxed words"), 5);
        assert_eq!(line_of("t.md", text, "Plain words after"), 8);
        assert_eq!(line_of("t.md", text, "code line"), 10);
    }

    #[test]
    fn each_element_of_an_html_block_has_its_own_line() {
        let text = "---\ntitle: T\n---\n<div>\n<p>First boxed</p>\n<ul>\n<li>An item</li>\n</ul>\n<p>Last boxed</p>\n</div>\n";
        assert_eq!(line_of("t.md", text, "First boxed"), 5);
        assert_eq!(line_of("t.md", text, "An item"), 7);
        assert_eq!(line_of("t.md", text, "Last boxed"), 9);
    }

    #[test]
    fn an_html_block_in_a_quote_keeps_its_lines() {
        let text = "---\ntitle: T\n---\nBefore.\n\n> <div>\n> <p>Quoted box</p>\n> <p>Second box</p>\n> </div>\n";
        assert_eq!(line_of("t.md", text, "Quoted box"), 7);
        assert_eq!(line_of("t.md", text, "Second box"), 8);
    }

    #[test]
    fn html_files_place_each_element() {
        let text = "---\ntitle: T\n---\n<h2>A heading</h2>\n\n<p>Some\nwords</p>\n<p>More words {{< x >}}</p>\n";
        assert_eq!(line_of("t.html", text, "A heading"), 4);
        assert_eq!(line_of("t.html", text, "Some words"), 6);
        assert_eq!(line_of("t.html", text, "More words"), 8);
    }

    #[test]
    fn crlf_files_count_lines_once() {
        let text = "---\r\ntitle: T\r\n---\r\n\r\nOne.\r\n\r\n{{< x >}}\r\n\r\nTwo.\r\n";
        assert_eq!(line_of("t.md", text, "One"), 5);
        assert_eq!(line_of("t.md", text, "Two"), 9);
    }

    #[test]
    fn scripts_other_than_latin_keep_their_lines() {
        let text = "---\ntitle: T\n---\nمرحبا بالعالم\n\n{{< note >}}\n日本語の文\n{{< /note >}}\n\nΚαλημέρα.\n";
        assert_eq!(line_of("t.md", text, "مرحبا"), 4);
        assert_eq!(line_of("t.md", text, "日本語"), 7);
        assert_eq!(line_of("t.md", text, "Καλημέρα"), 10);
    }

    #[test]
    fn the_block_on_screen_is_the_one_begun_above_or_at_the_top() {
        let doc = crate::render::parse("One.\n\nTwo.\n\nThree.\n");
        // Blocks start at lines 0, 2 and 4 (one blank line between).
        let starts = [0, 2, 4];
        assert_eq!(body_offset_at(&doc, &starts, 0), Some(0));
        assert_eq!(body_offset_at(&doc, &starts, 1), Some(0));
        assert_eq!(body_offset_at(&doc, &starts, 3), Some(6));
        assert_eq!(body_offset_at(&doc, &starts, 40), Some(12));
    }

    #[test]
    fn the_readers_own_blocks_lead_to_the_nearest_of_the_body() {
        let mut doc = crate::render::parse("Header.\n\nBody.\n\nLinks.\n");
        doc.blocks[0].source = None;
        doc.blocks[2].source = None;
        let starts = [0, 2, 4];
        assert_eq!(body_offset_at(&doc, &starts, 0), Some(9));
        assert_eq!(body_offset_at(&doc, &starts, 4), Some(9));
        doc.blocks[1].source = None;
        assert_eq!(body_offset_at(&doc, &starts, 2), None);
    }
}
