//! liseuse: a terminal reader for bilingual website content.
//!
//! The library holds everything; the `liseuse` binary only parses its
//! arguments and calls in here.

pub mod app;
pub mod cli;
pub mod config;
pub mod content;
pub mod i18n;
pub mod render;
pub mod search;
pub mod serve;
pub mod session;
pub mod state;
pub mod terminal;
pub mod text;
pub mod theme;
pub mod threads;
pub mod ui;
pub mod watch;
