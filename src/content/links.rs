//! Public URLs (Hugo and Jekyll permalinks with their slug rules), the URL
//! index that lets links be followed offline, and translation links.
//!
//! One responsibility a module: `permalink` makes a post's public path,
//! `url_index` finds what a URL leads to, `translations` links posts to
//! their translations, `body` lists the links a post's body holds.

mod body;
mod permalink;
mod translations;
mod url_index;

pub use body::{body_links, malformed_link_targets};
pub use permalink::{
    Permalink, PermalinkInput, hugo_sanitize, jekyll_slugify, permalink, public_url,
};
pub use translations::link_translations;
pub use url_index::{Resolution, UrlIndex, url_key};
