//! liseuse: a terminal reader for bilingual website content.
//!
//! The library holds everything; the `liseuse` binary only parses its
//! arguments and calls in here.

pub mod cli;
pub mod content;
pub mod text;
