//! Links as terminal hyperlinks (OSC 8): `ESC ] 8 ; ; URL ESC \` before a
//! link's text, `ESC ] 8 ; ; ESC \` after it, so terminals that know the
//! sequence make the text clickable.
//!
//! A screen cell of ratatui holds a symbol, colours and attributes, and no
//! hyperlink. The one slot of a cell that liseuse never draws is the
//! underline colour (no theme sets it, and neither the exact backend nor
//! `show` writes it), so a link's cells carry there, as an RGB value, the
//! number of their URL in a table of every URL met ([`Hyperlink`]). The
//! number then follows the text through layout, widgets and ratatui's diff
//! of frames with nothing else to keep in step: two URLs have two numbers,
//! so a link whose URL changed under the same text is a changed cell and
//! is drawn again. What writes the screen ([`open`], [`CLOSE`]) reads the
//! URL back from the number.
//!
//! Only a URL that parses (the `url` crate) becomes a hyperlink, and it is
//! written as the crate serialises it: spaces and control characters
//! percent-encoded, so nothing from a post can end the sequence early or
//! put another one on the terminal.

use ratatui::style::{Color, Style};
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

/// The number of a URL in the table: 1 up to [`MAX_HYPERLINKS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Hyperlink(u32);

/// The most URLs kept (24 bits, an RGB colour); past that, links are
/// shown as before, without a hyperlink. A site has thousands.
pub const MAX_HYPERLINKS: u32 = (1 << 24) - 1;

/// Closes the hyperlink open on the terminal.
pub const CLOSE: &str = "\x1b]8;;\x1b\\";

#[derive(Default)]
struct Table {
    numbers: HashMap<Arc<str>, u32>,
    urls: Vec<Arc<str>>,
}

/// Every URL met, shared by the sessions of `liseuse serve` (a URL is the
/// same for every reader of a site).
static TABLE: LazyLock<Mutex<Table>> = LazyLock::new(Mutex::default);

impl Hyperlink {
    /// The number of `url`, given one on first use; `None` when the table
    /// is full.
    pub fn of(url: &url::Url) -> Option<Hyperlink> {
        let text = url.as_str();
        // A poisoned lock only means a panic elsewhere while holding it:
        // the table is still whole (entries are pushed in one step).
        let mut table = TABLE.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&number) = table.numbers.get(text) {
            return Some(Hyperlink(number));
        }
        let number = u32::try_from(table.urls.len() + 1).ok()?;
        if number > MAX_HYPERLINKS {
            return None;
        }
        let text: Arc<str> = text.into();
        table.urls.push(Arc::clone(&text));
        table.numbers.insert(text, number);
        Some(Hyperlink(number))
    }

    /// The style that marks a link's cells.
    pub fn style(self) -> Style {
        let [_, r, g, b] = self.0.to_be_bytes();
        Style::new().underline_color(Color::Rgb(r, g, b))
    }

    /// The hyperlink a cell or span of this underline colour belongs to.
    pub fn in_color(color: Option<Color>) -> Option<Hyperlink> {
        match color? {
            Color::Rgb(r, g, b) => {
                let number = u32::from_be_bytes([0, r, g, b]);
                (number != 0).then_some(Hyperlink(number))
            }
            _ => None,
        }
    }

    /// The URL, as the `url` crate wrote it.
    pub fn url(self) -> Option<Arc<str>> {
        let table = TABLE.lock().unwrap_or_else(|e| e.into_inner());
        let index = usize::try_from(self.0).ok()?.checked_sub(1)?;
        table.urls.get(index).cloned()
    }

    /// The sequence that opens this hyperlink on the terminal.
    pub fn open(self) -> Option<String> {
        self.url().map(|url| open(&url))
    }
}

/// `ESC ] 8 ; ; url ESC \`.
pub fn open(url: &str) -> String {
    format!("\x1b]8;;{url}\x1b\\")
}

/// `address` as a URL fit for a hyperlink: parsed (a relative one joined
/// to `base`, the public address of the post it is in) and written out by
/// the `url` crate, or `None`. Only web and mail addresses: a `file:` or
/// `javascript:` link is shown, not made clickable.
pub fn url_for(address: &str, base: Option<&str>) -> Option<url::Url> {
    let url = match url::Url::parse(address) {
        Ok(url) => url,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            url::Url::parse(base?).ok()?.join(address).ok()?
        }
        Err(_) => return None,
    };
    matches!(url.scheme(), "http" | "https" | "mailto").then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_keeps_its_number_and_another_gets_another() {
        let a = url::Url::parse("https://example.org/a").unwrap();
        let b = url::Url::parse("https://example.org/b").unwrap();
        let first = Hyperlink::of(&a).unwrap();
        assert_eq!(Hyperlink::of(&a), Some(first));
        let second = Hyperlink::of(&b).unwrap();
        assert_ne!(first, second);
        assert_eq!(
            Hyperlink::in_color(first.style().underline_color),
            Some(first)
        );
        assert_eq!(first.url().as_deref(), Some("https://example.org/a"));
        assert_eq!(
            second.open().as_deref(),
            Some("\x1b]8;;https://example.org/b\x1b\\")
        );
    }

    #[test]
    fn spaces_and_controls_are_percent_encoded_or_the_link_is_refused() {
        let url = url_for("https://example.org/a b\u{7}c\u{1b}]8;;x", None).unwrap();
        assert_eq!(url.as_str(), "https://example.org/a%20b%07c%1B]8;;x");
        assert!(!url.as_str().chars().any(char::is_control));
        assert!(url_for("https://exa mple.org/", None).is_none());
        assert!(url_for("javascript:alert(1)", None).is_none());
        assert!(url_for("/relative", None).is_none());
        assert_eq!(
            url_for("../autre/", Some("https://example.org/fr/un/")).map(String::from),
            Some("https://example.org/fr/autre/".to_string())
        );
    }

    #[test]
    fn other_colours_are_no_hyperlink() {
        assert_eq!(Hyperlink::in_color(None), None);
        assert_eq!(Hyperlink::in_color(Some(Color::Reset)), None);
        assert_eq!(Hyperlink::in_color(Some(Color::Rgb(0, 0, 0))), None);
    }
}
