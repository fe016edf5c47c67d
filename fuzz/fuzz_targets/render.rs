//! Any bytes as a Markdown body and as an HTML body, parsed and laid out
//! at widths 1, 20 and 80: no panic, no control character in what is drawn,
//! and no line wider than the width (or than the narrowest text column,
//! eight, that narrower panes still get).

#![no_main]

use libfuzzer_sys::fuzz_target;
use liseuse::render::{self, BodyFormat};
use liseuse::text::{self, is_unsafe_for_terminal};
use liseuse::theme::Theme;
use std::sync::LazyLock;
use unicode_width::UnicodeWidthStr;

/// `MIN_TEXT_WIDTH` in `render::wrap`.
const NARROWEST: usize = 8;

static THEME: LazyLock<Theme> = LazyLock::new(Theme::colored);

fuzz_target!(|data: &[u8]| {
    let body = String::from_utf8_lossy(data);
    for format in [BodyFormat::Markdown, BodyFormat::Html] {
        let document = render::parse_as(&body, format);
        for width in [1u16, 20, 80] {
            let limit = usize::from(width).max(NARROWEST);
            for line in render::wrap::layout(&document, width, &THEME) {
                let shown: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
                assert!(
                    !shown.chars().any(is_unsafe_for_terminal),
                    "a control character drawn: {shown:?}"
                );
                assert!(
                    shown.width() <= limit,
                    "{} columns at width {width}: {shown:?}",
                    shown.width()
                );
            }
        }
    }
    // The one-line helpers used for titles, paths and messages.
    let line = text::sanitize_line(&body);
    assert!(!line.chars().any(is_unsafe_for_terminal), "{line:?}");
    text::html_to_text(&body);
    text::decode_leftover_entities(&body);
});
