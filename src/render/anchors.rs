//! Where a `#fragment` leads in a document: the ids written in the post,
//! else the ids Hugo (GitHub style) or Jekyll (kramdown) would give its
//! headings.

use super::{AnchorTarget, Document};

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
    use crate::render::{BlockKind, parse};

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
}
