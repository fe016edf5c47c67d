//! Public addresses and links: copied (`y`, `Y`) and opened (`o`) only as
//! URLs.

use super::*;

impl App {
    /// `y`: the public web address of the open (or selected) post.
    pub(super) fn copy_address(&mut self) {
        let Some(id) = self.current_post() else {
            return;
        };
        match self.site.public_address(&self.site.posts[id]) {
            Some(address) => self.copy_url(&address, Text::AddressCopied),
            None => self.message = Some(self.ui.text(Text::NoAddress).to_string()),
        }
    }

    /// The address a link leads to, absolute when it is a post of the site
    /// with a known public address.
    pub(super) fn link_address(&self, reference: &render::Reference) -> String {
        let from = self.reading.as_ref().map(|r| r.id);
        match self.site.resolve(&reference.target, from) {
            Resolution::Post { id, fragment } => self
                .site
                .public_address(&self.site.posts[id])
                .map(|address| match fragment {
                    Some(fragment) => format!("{address}#{fragment}"),
                    None => address,
                })
                .unwrap_or_else(|| reference.target.clone()),
            _ => reference.target.clone(),
        }
    }

    /// `address` as a URL, parsed and written out again (spaces and
    /// control characters percent-encoded, line breaks dropped): what is
    /// copied or opened is a URL or nothing, never text that a shell or a
    /// browser would read as more than one. A relative address is taken
    /// from the open post's public address, when it has one.
    pub(super) fn as_url(&self, address: &str) -> Option<url::Url> {
        match url::Url::parse(address) {
            Ok(url) => Some(url),
            Err(url::ParseError::RelativeUrlWithoutBase) => {
                let reading = self.reading.as_ref()?;
                let base = self.site.public_address(&self.site.posts[reading.id])?;
                url::Url::parse(&base).ok()?.join(address).ok()
            }
            Err(_) => None,
        }
    }

    /// `Y`: the selected link's address.
    pub(super) fn copy_link(&mut self) {
        match self.selected_reference() {
            Some(reference) => {
                let address = self.link_address(reference);
                self.copy_url(&address, Text::LinkCopied);
            }
            None => self.message = Some(self.ui.text(Text::NoLinkSelected).to_string()),
        }
    }

    /// Copies `address` as a URL, or says it is none.
    pub(super) fn copy_url(&mut self, address: &str, done: Text) {
        match self.as_url(address) {
            Some(url) => self.copy(url.into(), done),
            None => {
                let shown = crate::text::sanitize_line(address);
                self.message = Some(self.ui.labelled(Text::NotAUrl, &shown));
            }
        }
    }

    pub(super) fn copy(&mut self, text: String, done: Text) {
        let text = crate::text::sanitize_line(&text).into_owned();
        self.message = Some(self.ui.labelled(done, &text));
        self.effects.push(Effect::Copy(text.clone()));
        // Shown whole, to select with the mouse where the terminal does
        // not take the clipboard sequence (tmux without set-clipboard).
        self.copied = Some((done, text));
        self.mode = Mode::Copied;
    }

    /// `o`: the selected link, else the post's address, in a browser, but
    /// only where one can show (never over SSH alone), and only a web
    /// address (http, https) that parses as one.
    pub(super) fn open_in_browser(&mut self) {
        if !self.graphical {
            self.message = Some(self.ui.text(Text::NoGraphicalSession).to_string());
            return;
        }
        let address = match self.selected_reference() {
            Some(reference) => self.link_address(reference),
            None => match self
                .current_post()
                .and_then(|id| self.site.public_address(&self.site.posts[id]))
            {
                Some(address) => address,
                None => {
                    self.message = Some(self.ui.text(Text::NoAddress).to_string());
                    return;
                }
            },
        };
        let shown = |text: &str| crate::text::sanitize_line(text).into_owned();
        match self.as_url(&address) {
            Some(url) if matches!(url.scheme(), "http" | "https") => {
                let address = shown(url.as_str());
                self.message = Some(format!("{} {address}", self.ui.text(Text::OpeningBrowser)));
                self.effects.push(Effect::OpenInBrowser(address));
            }
            Some(url) => {
                self.message = Some(self.ui.labelled(Text::NotWebAddress, &shown(url.as_str())));
            }
            None => self.message = Some(self.ui.labelled(Text::NotAUrl, &shown(&address))),
        }
    }
}
