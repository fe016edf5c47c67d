//! Arbitrary Markdown, HTML and template soup never makes the renderer
//! panic, never lets a control character through, and never overflows the
//! width.

use liseuse::render::{self, BodyFormat};
use liseuse::text::is_unsafe_for_terminal;
use liseuse::theme::Theme;
use proptest::prelude::*;
use unicode_width::UnicodeWidthStr;

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("**".to_string()),
        Just("_".to_string()),
        Just("> ".to_string()),
        Just("- ".to_string()),
        Just("1. ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("```\n".to_string()),
        Just("| a | b |\n|---|---|\n| c | d |\n".to_string()),
        Just("[link](https://example.ca/x)".to_string()),
        Just("[bad] (https://example.ca/y)".to_string()),
        Just("![alt](/i.png)".to_string()),
        Just("<div>".to_string()),
        Just("</div>".to_string()),
        Just("<p>".to_string()),
        Just("<strong>".to_string()),
        Just("<table><tr><td>".to_string()),
        Just("<a href=\"/z/\">".to_string()),
        Just("<script>".to_string()),
        Just("<!--".to_string()),
        Just("&amp;".to_string()),
        Just("&#x1b;".to_string()),
        Just("&nbps;".to_string()),
        Just("{{< figure src=\"/a.png\" >}}".to_string()),
        Just("{{% roadmap/div %}}".to_string()),
        Just("{% include x %}".to_string()),
        Just("{{ page.title }}".to_string()),
        Just("\u{1b}[31m".to_string()),
        Just("\u{1b}]0;title\u{7}".to_string()),
        Just("\u{9b}".to_string()),
        Just("\u{202e}".to_string()),
        Just("\0".to_string()),
        Just("漢字".to_string()),
        Just("🎉".to_string()),
        Just("e\u{301}".to_string()),
        Just("\u{a0}".to_string()),
        "[a-zA-Zéà ]{0,30}",
        any::<String>(),
    ]
}

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..60).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn rendering_is_safe_and_fits(body in soup(), html in any::<bool>()) {
        let format = if html { BodyFormat::Html } else { BodyFormat::Markdown };
        let document = render::parse_as(&body, format);
        for width in [20u16, 41, 80] {
            let lines = render::wrap::layout(&document, width, &Theme::colored());
            for line in &lines {
                let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
                prop_assert!(!text.chars().any(is_unsafe_for_terminal), "control character in {text:?}");
                prop_assert!(text.width() <= usize::from(width), "{} > {width}: {text:?}", text.width());
            }
        }
    }
}
