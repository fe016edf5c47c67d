//! Sites arriving: the first load in the background, and `R` reading the
//! site again while keeping the open post and place.

use super::*;

impl App {
    /// The site read again (`R`): the open post stays open at the same
    /// place if it still exists, the selection and history follow their
    /// posts by path, and posts that are gone are simply no longer there.
    /// Returns what was replaced, for the caller to free where it costs
    /// nothing.
    pub fn replace_site(&mut self, site: Site) -> Replaced {
        let filter_index = FilterIndex::new(&site);
        self.replace_site_indexed(site, filter_index)
    }

    /// [`App::replace_site`], with the new site's filter index made
    /// already (on the thread that read it: at 100,000 posts it takes a
    /// good part of a second).
    pub fn replace_site_indexed(&mut self, site: Site, filter_index: FilterIndex) -> Replaced {
        self.replace_shared(Shared {
            site: Arc::new(site),
            filter_index: Arc::new(filter_index),
            site_index: None,
        })
    }

    /// [`App::replace_site`] with a site loaded for several readers: its
    /// search index, if it has one, is complete.
    pub fn replace_shared(&mut self, shared: Shared) -> Replaced {
        self.reloading = false;
        let path_of = |app: &App, id: PostId| app.site.posts[id].path.clone();
        let open = self
            .current_place()
            .map(|p| (path_of(self, p.id), p.scroll));
        let selected = self.selected_id().map(|id| path_of(self, id));
        let history: Vec<(bool, std::path::PathBuf, usize)> = self
            .history
            .back
            .iter()
            .map(|p| (false, path_of(self, p.id), p.scroll))
            .chain(
                self.history
                    .forward
                    .iter()
                    .map(|p| (true, path_of(self, p.id), p.scroll)),
            )
            .collect();

        let old = Replaced {
            site: std::mem::replace(&mut self.site, shared.site),
            filter_index: std::mem::replace(&mut self.filter_index, shared.filter_index),
            site_index: std::mem::replace(&mut self.site_index, shared.site_index),
        };
        self.site_number += 1;
        // Hits of the old site name its posts: they go with it.
        self.search.results = SearchResults::default();
        self.search.cursor = 0;
        self.search.offset = 0;
        if old.site_index.is_some() && self.site_index.is_none() {
            self.site_index = Some(Arc::new(SiteIndex::new()));
            self.index_stopped = false;
            self.index_posts((0..self.site.posts.len()).collect());
        }
        self.documents.clear();
        self.layouts.clear();
        self.heading_cache.clear();
        // The pair named posts of the old site.
        self.side = None;
        self.side_views.clear();
        let find =
            |app: &App, path: &std::path::Path| app.site.posts.iter().position(|p| p.path == path);
        self.history = History::default();
        for (forward, path, scroll) in history {
            if let Some(id) = find(self, &path) {
                let place = Place { id, scroll };
                if forward {
                    self.history.forward.push(place);
                } else {
                    self.history.back.push(place);
                }
            }
        }
        if self.site.language(&self.lang).is_none() {
            self.set_lang(self.site.default_lang.clone());
        }
        let keep = selected.and_then(|path| find(self, &path));
        self.refilter(keep);
        self.reading = None;
        let reopened = open
            .as_ref()
            .and_then(|(path, scroll)| Some((find(self, path)?, *scroll)));
        match reopened {
            Some((id, scroll)) => {
                self.reading = Some(self.lay_out(id));
                self.scroll = scroll.min(self.max_scroll());
                self.after_open();
            }
            None => {
                if self.focus == Pane::Reader {
                    self.focus = Pane::List;
                }
                self.follow_selection();
            }
        }
        self.remember_posts(0);
        self.site_complete();
        let gone = open.is_some() && reopened.is_none();
        self.message = Some(if gone {
            self.ui.text(Text::PostGone).to_string()
        } else {
            self.ui
                .labelled(Text::Reloaded, &self.ui.number(self.site.posts.len()))
        });
        old
    }

    /// A reader on a site still loading: `site` is what its configuration
    /// says (languages, layout), posts arrive through [`App::update_loading`].
    pub fn loading(site: Site, lang: Option<Lang>, size: (u16, u16), theme: Theme) -> App {
        let mut app = App::new(site, lang.clone(), size, theme);
        app.loading = Some((0, 0));
        // A language the configuration does not name may be the posts'
        // (a Jekyll site's `lang`): it is kept, and its posts fill the list
        // as they arrive, whatever the order they are read in.
        if let Some(wanted) = lang.filter(|l| app.site.matching_language(l).is_none()) {
            app.set_lang(wanted);
            app.refilter(None);
        }
        app
    }

    /// What the background loader has reported since last asked, in
    /// order. Posts join the list as they arrive (the filter and the
    /// selection hold), the list being sorted and filtered once for all of
    /// them; at the end the links between posts are put in and the open
    /// post is drawn again with them.
    pub fn update_loading(
        &mut self,
        arrived: impl IntoIterator<Item = crate::content::load::Progress>,
    ) {
        use crate::content::load::Progress;
        let mut grew = false;
        for progress in arrived {
            match progress {
                Progress::Started(_) => {}
                Progress::Found(total) => {
                    self.loading = Some((0, total));
                    // Exactly the room needed: doubling would leave up to half unused.
                    Arc::make_mut(&mut self.site).posts.reserve_exact(total);
                    Arc::make_mut(&mut self.filter_index).reserve_exact(total);
                }
                Progress::Posts { posts, files } => {
                    let first = self.site.posts.len();
                    // The reader loading its site is its only owner:
                    // nothing is copied.
                    Arc::make_mut(&mut self.filter_index).extend(&posts);
                    Arc::make_mut(&mut self.site).posts.extend(posts);
                    self.remember_posts(first);
                    // A stopped index waits for the next site (`R`).
                    if self.site_index.is_some() && !self.index_stopped {
                        self.index_posts((first..self.site.posts.len()).collect());
                    }
                    if let Some((read, _)) = &mut self.loading {
                        *read = files;
                    }
                    grew = true;
                }
                Progress::Done(finish) => {
                    self.finish_loading(*finish);
                    grew = false;
                }
            }
        }
        if grew {
            let keep = self.selected_id();
            let offset = self.list_offset;
            self.refilter(keep);
            self.list_offset = offset;
            self.keep_selection_visible();
            self.try_resume();
            if self.reading.is_none() {
                self.follow_selection();
            }
        }
    }

    pub(super) fn finish_loading(&mut self, finish: crate::content::load::Finish) {
        let posts = std::mem::take(&mut Arc::make_mut(&mut self.site).posts);
        self.site = Arc::new(finish.complete(posts));
        self.loading = None;
        // Headers and link lists now know the translations.
        self.documents.clear();
        self.layouts.clear();
        self.heading_cache.clear();
        self.side_views.clear();
        if self.site.language(&self.lang).is_none() {
            let lang = self
                .site
                .matching_language(&self.lang)
                .unwrap_or_else(|| self.site.default_lang.clone());
            self.set_lang(lang);
        }
        let keep = self.selected_id();
        self.refilter(keep);
        // Accessible, the end of loading is said once, as a sentence (its
        // progress was not counted on screen).
        if self.accessible {
            self.message = Some(self.ui.posts_loaded(self.site.posts.len()));
        }
        if let Some(place) = self.current_place() {
            self.reading = Some(self.lay_out(place.id));
            self.scroll = place.scroll.min(self.max_scroll());
            self.after_open();
        } else {
            self.follow_selection();
        }
        self.relayout_side();
        self.try_resume();
        self.site_complete();
    }

    /// Background `work` stopped before its end (its thread panicked,
    /// saying `cause` if it said anything). The reader goes on with what
    /// it has: the posts read so far, the site as it was, the index as far
    /// as it got; the status line says what stopped, and why.
    pub fn background_stopped(&mut self, work: Work, cause: Option<&str>) {
        let what = match work {
            Work::Load => {
                self.loading = None;
                let keep = self.selected_id();
                self.refilter(keep);
                Text::LoadStopped
            }
            Work::Reload => {
                self.reloading = false;
                Text::ReloadStopped
            }
            Work::Index => {
                self.index_stopped = true;
                Text::IndexStopped
            }
        };
        let cause = cause.map_or_else(
            || self.ui.text(Text::UnknownCause).to_string(),
            |cause| crate::text::sanitize_line(cause).into_owned(),
        );
        self.message = Some(self.ui.labelled(what, &cause));
    }
}
