//! The site around the posts read: its languages, the URL index (with
//! the redirect stubs skipped), and each post's translations. Apart from
//! reading because a site read again in part links with an index patched,
//! not rebuilt.

use crate::content::layout::SiteConfig;
use crate::content::links::{self, PermalinkInput, UrlIndex};
use crate::content::{
    Lang, Language, LayoutKind, Post, Site, SkipReason, Skipped, Source, Warning,
};
use std::collections::HashSet;
use std::sync::Arc;

/// What reading every file left besides the posts.
pub(in crate::content) struct Read {
    pub(in crate::content) skipped: Vec<Skipped>,
    pub(in crate::content) warnings: Vec<Warning>,
}

/// The site around `posts` (which it does not hold): languages, the URL
/// index, redirects, and each post's translations set.
pub(in crate::content) fn link(
    source: &Source,
    config: &SiteConfig,
    posts: &mut [Post],
    read: Read,
) -> Site {
    link_with(source, config, posts, read, UrlIndex::build)
}

/// [`link`], the URL index made by `index` (from the posts, with the
/// warnings to add to): a site read again in part patches the index it
/// had.
pub(in crate::content) fn link_with(
    source: &Source,
    config: &SiteConfig,
    posts: &mut [Post],
    read: Read,
    index: impl FnOnce(&[Post], &SiteConfig, &mut Vec<Warning>) -> UrlIndex,
) -> Site {
    let Read {
        skipped,
        mut warnings,
    } = read;
    let mut languages = config.languages.clone();
    let mut known: HashSet<Lang> = languages.iter().map(|l| l.code.clone()).collect();
    for post in posts.iter() {
        if !known.contains(&post.lang) {
            known.insert(post.lang.clone());
            languages.push(Language {
                code: post.lang.clone(),
                name: None,
                base_url: None,
                content_dir: None,
            });
        }
    }

    let mut urls = index(posts, config, &mut warnings);
    for skip in &skipped {
        if let SkipReason::RedirectStub {
            target: Some(target),
        } = &skip.reason
        {
            let placement = config.place(&skip.path);
            let lang = placement
                .lang_from_place
                .clone()
                .unwrap_or_else(|| config.default_lang.clone());
            let url = links::public_url(
                config,
                &PermalinkInput {
                    path_in_lang: &placement.path_in_lang,
                    lang: &lang,
                    title: "",
                    slug: None,
                    explicit_url: None,
                    date: None,
                    categories: &[],
                },
            );
            urls.add_redirect(&url, target);
        }
    }
    warnings.extend(links::link_translations(posts, &urls));
    warnings.sort_by(|a, b| a.path.cmp(&b.path).then(a.line.cmp(&b.line)));

    // A lone file's language is the only one there is.
    let default_lang = match (config.kind, posts.first()) {
        (LayoutKind::SingleFile, Some(post)) => post.lang.clone(),
        _ => config.default_lang.clone(),
    };
    languages.retain(|l| {
        config.kind != LayoutKind::SingleFile || posts.iter().any(|p| p.lang == l.code)
    });
    Site {
        origin: source.describe(),
        layout: config.kind,
        languages,
        default_lang,
        posts: Vec::new(),
        skipped,
        warnings,
        urls: Arc::new(urls),
        partial: false,
        time_zone: config.time_zone.clone(),
        dates: Default::default(),
    }
}
