//! Any string as a link, a URL, a slug or a file path, against the sample
//! site: resolution, URL keys, permalinks and link extraction never panic
//! or hang, and a URL key is always an absolute path.

#![no_main]

use libfuzzer_sys::fuzz_target;
use liseuse::content::layout::{LayoutKind, SiteConfig};
use liseuse::content::links::{self, PermalinkInput};
use liseuse::content::{Lang, Site, Source, layout, load};
use std::path::Path;
use std::sync::LazyLock;

static SITE: LazyLock<Site> = LazyLock::new(|| load(&Source::sample()));

/// The sample's configuration, and the same languages as each other layout.
static CONFIGS: LazyLock<Vec<SiteConfig>> = LazyLock::new(|| {
    let hugo = layout::detect(&Source::sample());
    let mut configs = vec![hugo.clone()];
    for kind in [
        LayoutKind::HugoFileSuffix,
        LayoutKind::Jekyll,
        LayoutKind::Eleventy,
        LayoutKind::PlainTree,
        LayoutKind::SingleFile,
    ] {
        let mut config = hugo.clone();
        config.kind = kind;
        config.jekyll_permalink = Some("/:categories/:year/:month/:day/:title:output_ext".into());
        configs.push(config);
    }
    configs
});

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let site = &*SITE;
    site.resolve(&text, None);
    for id in [0, site.posts.len() / 2, site.posts.len() - 1] {
        site.resolve(&text, Some(id));
    }
    site.find(&text);
    let key = links::url_key(&text);
    assert!(key.starts_with('/'), "{key:?}");
    links::hugo_sanitize(&text);
    links::jekyll_slugify(&text);
    links::body_links(&text);
    links::malformed_link_targets(&text);

    let date = jiff::civil::date(2024, 5, 1);
    let categories = [text.to_string()];
    for config in CONFIGS.iter() {
        for lang in ["en", "fr"] {
            let lang = Lang::new(lang);
            for explicit_url in [None, Some(text.as_ref())] {
                let url = links::public_url(
                    config,
                    &PermalinkInput {
                        path_in_lang: Path::new(text.as_ref()),
                        lang: &lang,
                        title: &text,
                        slug: Some(&text),
                        explicit_url,
                        date: Some(date),
                        categories: &categories,
                    },
                );
                links::url_key(&url);
            }
        }
    }
});
