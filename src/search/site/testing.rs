//! What the tests of every part of the site search share: posts and
//! sites made in a line, and a search's hits read back.

use super::{DEFAULT_LIMIT, Query, SearchResults, SiteIndex, Snippet};
use crate::content::{Lang, Post, PostId, Site};
use std::path::PathBuf;

pub(super) fn post(title: &str, body: &str, lang: &str, date: Option<&str>) -> Post {
    Post::new(crate::content::PostData {
        path: PathBuf::from(format!("content/{lang}/{}.md", title.len())),
        lang_path: PathBuf::new(),
        lang: Lang::new(lang),
        title: title.to_string(),
        authors: Vec::new(),
        date: date.and_then(crate::content::date::parse_date),
        updated: None,
        draft: false,
        tags: Vec::new(),
        categories: Vec::new(),
        translation_key: None,
        trans_url: None,
        url: String::new(),
        aliases: Vec::new(),
        url_field: None,
        text: crate::content::FileText::own(body.to_string(), 0),
        body_line: 1,
    })
}

pub(super) fn site(posts: Vec<Post>) -> Site {
    Site {
        origin: "test".to_string(),
        layout: crate::content::LayoutKind::HugoContentDirs,
        languages: Vec::new(),
        default_lang: Lang::new("en"),
        posts,
        skipped: Vec::new(),
        warnings: Vec::new(),
        urls: Default::default(),
        partial: false,
        time_zone: None,
        dates: Default::default(),
    }
}

/// Posts with these (title, body), English, undated.
pub(super) fn site_of(posts: &[(&str, &str)]) -> Site {
    site(posts.iter().map(|(t, b)| post(t, b, "en", None)).collect())
}

pub(super) fn search(site: &Site, query: &str) -> SearchResults {
    SiteIndex::build(site).search(site, &Query::parse(query), None, DEFAULT_LIMIT)
}

pub(super) fn ids(site: &Site, query: &str) -> Vec<PostId> {
    search(site, query).hits.iter().map(|h| h.id).collect()
}

pub(super) fn marked(snippet: &Snippet) -> Vec<&str> {
    snippet
        .highlights
        .iter()
        .map(|r| &snippet.text[r.clone()])
        .collect()
}
