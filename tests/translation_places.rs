//! `t` is its own inverse: on a two-language site, `t` then `t` comes back
//! to the very line the reader left, from any place in any post.

use liseuse::app::App;
use liseuse::app::action::Action;
use liseuse::content::{self, Site, Source};
use liseuse::theme::Theme;
use proptest::prelude::*;
use std::path::PathBuf;
use std::sync::OnceLock;

fn corpus() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let corpus = std::env::var_os("LISEUSE_CORPUS").map_or_else(
            || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
            PathBuf::from,
        );
        let dir = corpus.join("digital-canada-ca");
        assert!(dir.is_dir(), "the real corpus is not at {}", dir.display());
        content::load(&Source::from_path(&dir).expect("a site"))
    })
}

/// Posts with headings and a translation, by id.
fn translated_with_headings(site: &Site) -> Vec<usize> {
    (0..site.posts.len())
        .filter(|&id| !site.posts[id].translations.is_empty())
        .filter(|&id| {
            site.posts[id].body().contains("\n#") || site.posts[id].body().contains("<h2")
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn t_then_t_returns_to_the_same_line(
        pick in any::<prop::sample::Index>(),
        place in 0.0f64..=1.0,
        size in prop::sample::select(vec![(40u16, 12u16), (80, 24), (120, 40)]),
    ) {
        let site = corpus();
        let posts = translated_with_headings(site);
        prop_assume!(!posts.is_empty());
        let id = posts[pick.index(posts.len())];
        APPS.with(|apps| {
        let mut apps = apps.borrow_mut();
        let app = apps.entry(size).or_insert_with(|| {
            App::new(
                content::load(&Source::from_path(&site_dir()).expect("a site")),
                None,
                size,
                Theme::plain(),
            )
        });
        app.start_at(id);
        app.update(Action::Bottom);
        let bottom = app.scroll;
        let wanted = (bottom as f64 * place) as usize;
        app.update(Action::Top);
        for _ in 0..wanted {
            app.update(Action::Down);
        }
        prop_assert_eq!(app.scroll, wanted);
        app.update(Action::SwitchLanguage);
        let translation = app.reading.as_ref().map(|r| r.id);
        prop_assert_ne!(translation, Some(id));
        app.update(Action::SwitchLanguage);
        prop_assert_eq!(app.reading.as_ref().map(|r| r.id), Some(id));
        prop_assert_eq!(app.scroll, wanted, "back at the line left");
        Ok(())
        })?;
    }
}

thread_local! {
    /// One reader per screen size, kept between cases: reading the corpus
    /// for each would be most of the test's time.
    static APPS: std::cell::RefCell<std::collections::HashMap<(u16, u16), App>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

fn site_dir() -> PathBuf {
    std::env::var_os("LISEUSE_CORPUS")
        .map_or_else(
            || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
            PathBuf::from,
        )
        .join("digital-canada-ca")
}
