//! When posts last changed: the site arrives judged by its front matter;
//! its git history and file times are gathered in the background and the
//! "translation may be out of date" marks follow when they arrive.

use super::*;
use crate::content::freshness::ChangeDates;

impl App {
    /// Judges translations stale past `stale_days` and gathers the dates
    /// of each site this reader holds, in the background (a reader that
    /// never asks, a served session, keeps front-matter dates).
    pub fn date_translations(&mut self, stale_days: i64) {
        self.stale_days = Some(stale_days);
        Arc::make_mut(&mut self.site).dates = Arc::new(ChangeDates::unknown(stale_days));
        if self.loading.is_none() {
            self.ask_for_dates();
        }
    }

    /// Asks for the dates of the site now held, if dates are wanted. The
    /// site keeps the threshold meanwhile.
    pub(super) fn ask_for_dates(&mut self) {
        let Some(stale_days) = self.stale_days else {
            return;
        };
        if self.site.dates.stale_days != stale_days {
            Arc::make_mut(&mut self.site).dates = Arc::new(ChangeDates::unknown(stale_days));
        }
        self.effects.push(Effect::GatherDates {
            site: self.site_number,
            stale_days,
        });
    }

    /// Site `of`, the one this reader holds, with its dates gathered once
    /// for every session (`liseuse serve`): the same posts in the same
    /// order, so everything that names a post stays. Dates of a site
    /// since replaced are dropped.
    pub fn receive_dated_site(&mut self, of: &Arc<Site>, dated: Shared) {
        if !Arc::ptr_eq(&self.site, of) || dated.site.posts.len() != of.posts.len() {
            return;
        }
        self.site = dated.site;
        self.filter_index = dated.filter_index;
        self.site_index = dated.site_index;
        self.redate();
    }

    /// The dates gathered for the site numbered `site`: the marks of stale
    /// translations are judged again with them. Dates of a site since
    /// replaced are dropped.
    pub fn receive_dates(&mut self, site: u64, dates: ChangeDates) {
        if site != self.site_number {
            return;
        }
        if self.site_lent() {
            self.held_dates = Some((site, dates));
            return;
        }
        // The gatherer has let go of the site: it is not copied.
        Arc::make_mut(&mut self.site).dates = Arc::new(dates);
        self.redate();
    }

    /// After the dates changed: a post's header names the state of its
    /// translations.
    fn redate(&mut self) {
        self.documents.clear();
        self.layouts.clear();
        if let Some(place) = self.current_place() {
            self.reading = Some(self.lay_out(place.id));
            self.scroll = place.scroll.min(self.max_scroll());
        }
        if self.mode == Mode::Facts {
            self.show_facts();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::history::Budget;
    use crate::content::{Source, TranslationState};

    /// A pair with no dates in its front matter, the French file older
    /// than the English by `days` days of modification time.
    fn undated_pair(days: u64) -> (tempfile::TempDir, Source) {
        let dir = tempfile::tempdir().expect("temp dir");
        for (lang, day) in [("en", 20_000), ("fr", 20_000 - days)] {
            std::fs::create_dir_all(dir.path().join(lang)).expect("dir");
            let path = dir.path().join(lang).join("walk.md");
            std::fs::write(
                &path,
                "---\ntitle: Walk\ntranslationKey: walk\n---\nSteps.\n",
            )
            .expect("write");
            let at = std::time::UNIX_EPOCH + std::time::Duration::from_secs(day * 86_400);
            std::fs::File::options()
                .write(true)
                .open(&path)
                .and_then(|f| f.set_modified(at))
                .expect("set the modification time");
        }
        let source = Source::Directory(dir.path().to_path_buf());
        (dir, source)
    }

    fn english(app: &App) -> PostId {
        app.site
            .posts
            .iter()
            .position(|p| p.lang.as_str() == "en")
            .expect("an English post")
    }

    #[test]
    fn the_mark_follows_the_dates_when_they_arrive() {
        let (_dir, source) = undated_pair(45);
        let site = crate::content::load(&source);
        let mut app = App::new(site, None, (80, 24), Theme::plain());
        let fr = Lang::new("fr");
        assert_eq!(
            app.site.translation_state(english(&app), &fr),
            Some(TranslationState::Current),
            "no front-matter date: nothing to judge yet"
        );
        app.date_translations(30);
        let asked: Vec<(u64, i64)> = app
            .take_effects()
            .into_iter()
            .filter_map(|e| match e {
                Effect::GatherDates { site, stale_days } => Some((site, stale_days)),
                _ => None,
            })
            .collect();
        assert_eq!(asked.len(), 1, "asked once");
        let (number, stale_days) = asked[0];
        let dates = ChangeDates::gather(&app.site, &source, stale_days, Budget::default());
        // Dates of a site since replaced are dropped.
        app.receive_dates(number + 1, dates.clone());
        assert_eq!(
            app.site.translation_state(english(&app), &fr),
            Some(TranslationState::Current)
        );
        app.receive_dates(number, dates);
        assert_eq!(
            app.site.translation_state(english(&app), &fr),
            Some(TranslationState::Older)
        );
    }

    /// The header of the open post says its translation may be behind.
    fn says_older(app: &App) -> bool {
        let older = app.ui.text(Text::TranslationOlder);
        app.reading
            .as_ref()
            .is_some_and(|r| r.lines.iter().any(|l| l.to_string().contains(older)))
    }

    #[test]
    fn a_served_session_takes_the_site_the_server_dated() {
        let (_dir, source) = undated_pair(45);
        let shared = crate::serve::load(&source);
        let mut app = english_session(&shared);
        assert_eq!(
            app.site.posts[app.reading.as_ref().expect("open").id]
                .lang
                .as_str(),
            "en"
        );
        assert!(!says_older(&app), "front matter alone: nothing to judge");
        let dated = crate::serve::dated(&shared, &source, 30);
        assert_eq!(dated.site.posts.len(), shared.site.posts.len());
        // Dates of another site (one since read again) are dropped.
        let other = Arc::new((*shared.site).clone());
        app.receive_dated_site(&other, dated.clone());
        assert!(!says_older(&app));
        app.receive_dated_site(&shared.site, dated.clone());
        assert!(says_older(&app), "the header says so once the dates came");
        assert!(Arc::ptr_eq(&app.site, &dated.site), "shared, not copied");
        assert!(
            gatherings(&mut app).is_empty(),
            "a session never gathers dates itself"
        );
        // Past the threshold only: 60 days is not behind.
        let lenient = crate::serve::dated(&shared, &source, 60);
        let mut app = english_session(&shared);
        app.receive_dated_site(&shared.site, lenient);
        assert!(!says_older(&app));
    }

    /// A served session on `shared`, in English, its first post open.
    fn english_session(shared: &crate::app::Shared) -> App {
        let mut app = App::sharing(
            shared.clone(),
            Some(Lang::new("en")),
            (100, 30),
            Theme::plain(),
        );
        app.update(Action::Open);
        app
    }

    fn gatherings(app: &mut App) -> Vec<u64> {
        app.take_effects()
            .into_iter()
            .filter_map(|e| match e {
                Effect::GatherDates { site, .. } => Some(site),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn each_site_read_again_is_dated_again_only_when_asked() {
        let (_dir, source) = undated_pair(45);
        let load = || crate::content::load(&source);
        let mut app = App::new(load(), None, (80, 24), Theme::plain());
        let _ = app.replace_site(load());
        assert!(
            gatherings(&mut app).is_empty(),
            "a served session keeps front-matter dates"
        );
        app.date_translations(10);
        let first = gatherings(&mut app);
        let _ = app.replace_site(load());
        let second = gatherings(&mut app);
        assert_eq!((first.len(), second.len()), (1, 1));
        assert_ne!(first, second, "the new site has its own number");
        assert_eq!(app.site.dates.stale_days, 10, "the threshold holds");
    }
}
