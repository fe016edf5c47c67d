//! Sites arriving: the first load in the background, and `R` reading the
//! site again while keeping the open post and place.

use super::*;
use crate::content::Post;
use crate::watch::Changes;

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
        // Kept in case its file is gone: it then stays on screen, marked.
        let open_post = self.current_place().map(|p| self.site.posts[p.id].clone());
        let selected_post = self.selected_id().map(|id| self.site.posts[id].clone());
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
        // Lists of the old site can never be shown again.
        self.kept_lists.clear();
        self.ask_for_dates();
        // Hits of the old site name its posts: they go with it.
        self.search.results = SearchResults::default();
        self.search.pending = None;
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
        let posts = self.site.posts.len();
        // Renamed, the open post follows; deleted, it stays, marked.
        let open_id = open_post.map(|post| {
            self.successor(&post)
                .unwrap_or_else(|| self.keep_deleted(post))
        });
        self.deleted = open_id.filter(|&id| id >= posts);
        let keep = selected_post.and_then(|post| self.successor(&post));
        self.refilter(keep);
        self.make_lists_ahead();
        self.reading = None;
        let reopened = open_id.zip(open.map(|(_, scroll)| scroll));
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
        self.message = Some(if self.deleted.is_some() {
            self.ui.text(Text::PostDeletedOnDisk).to_string()
        } else {
            self.ui.labelled(Text::Reloaded, &self.ui.number(posts))
        });
        self.reload_if_changed_meanwhile();
        old
    }

    /// The post of this site that `old` (a post of the site before) is
    /// now: the one at its path, else, when its file was renamed (or
    /// moved), the one in its language with its title and its very text.
    fn successor(&self, old: &Post) -> Option<PostId> {
        let posts = &self.site.posts;
        posts.iter().position(|p| p.path == old.path).or_else(|| {
            posts.iter().position(|p| {
                p.lang == old.lang && p.title == old.title && p.text.whole() == old.text.whole()
            })
        })
    }

    /// Whether the open post's file was deleted on disk.
    pub fn reading_deleted(&self) -> bool {
        self.deleted
            .is_some_and(|id| self.reading.as_ref().is_some_and(|r| r.id == id))
    }

    /// Puts `post`, whose file is gone, at the end of the site's posts,
    /// alone: no translations (their ids were the old site's), and no
    /// place in the URL index, the list or the search. Returns its id.
    fn keep_deleted(&mut self, mut post: Post) -> PostId {
        post.translations = Default::default();
        // The reader's own site is its only owner (no copy); a server's
        // site, shared with its other sessions, is copied once here.
        let posts = &mut Arc::make_mut(&mut self.site).posts;
        posts.push(post);
        posts.len() - 1
    }

    /// What the watch on the site's files told: changes are read (once
    /// for any number of them), a fallback or a failure is said once.
    pub(super) fn watch_notice(&mut self, notice: crate::watch::Notice) {
        use crate::watch::Notice;
        match notice {
            Notice::Changed(changes) => self.files_changed(changes),
            Notice::Polling { reason } => {
                let reason = crate::text::sanitize_line(&reason).into_owned();
                self.message = Some(self.ui.labelled(Text::WatchPolling, &reason));
            }
            Notice::Failed { reason } => {
                let reason = crate::text::sanitize_line(&reason).into_owned();
                self.message = Some(self.ui.labelled(Text::WatchFailed, &reason));
            }
        }
    }

    /// Files of the site changed on disk (the watcher said, or the
    /// editor returned): they are read again, alone when they can be.
    pub(super) fn files_changed(&mut self, changes: Changes) {
        if self.reloading || self.loading.is_some() {
            // What is being read may be from before the change.
            match &mut self.changed_meanwhile {
                Some(meanwhile) => meanwhile.merge(changes),
                None => self.changed_meanwhile = Some(changes),
            }
            return;
        }
        let Some(source) = &self.source else {
            return;
        };
        match changes {
            Changes::Everything => {
                self.reloading = true;
                self.effects.push(Effect::Reload);
            }
            Changes::Paths(paths) if paths.is_empty() => {}
            Changes::Paths(mut paths) => {
                // The open post kept after its file was deleted sits at the
                // end of the posts, out of their order: it is named too, so
                // that the refreshed site leaves it out (and the reader
                // keeps it on screen as a full reload would).
                if let Some(gone) = self.deleted.and_then(|id| self.site.posts.get(id)) {
                    paths.extend(source.path_on_disk(&gone.path));
                }
                self.reloading = true;
                self.effects.push(Effect::Refresh(paths));
            }
        }
    }

    /// A change came while the site was being read: it is read now.
    fn reload_if_changed_meanwhile(&mut self) {
        if let Some(changes) = self.changed_meanwhile.take() {
            self.files_changed(changes);
        }
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
        // Lent to a search in the background (for a few milliseconds), the
        // site is not changed: changing it would copy all of it.
        self.held_progress.extend(arrived);
        if self.site_lent() || self.held_progress.is_empty() {
            return;
        }
        let arrived = std::mem::take(&mut self.held_progress);
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

    /// Whether something else holds the site (a search in the
    /// background): changing it would copy all of it. A served session's
    /// site is always shared, and never loaded nor dated there.
    pub(super) fn site_lent(&self) -> bool {
        Arc::strong_count(&self.site) > 1
    }

    /// Applies what came while the site was lent, once it is not.
    pub fn release_held(&mut self) {
        if self.site_lent() {
            return;
        }
        if !self.held_progress.is_empty() {
            self.update_loading([]);
        }
        if let Some((site, dates)) = self.held_dates.take() {
            self.receive_dates(site, dates);
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
        self.make_lists_ahead();
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
        self.ask_for_dates();
        self.reload_if_changed_meanwhile();
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
                self.changed_meanwhile = None;
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
