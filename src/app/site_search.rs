//! `s`: the search of every post, its index built in the background.

use super::*;

/// A site search for the background to run ([`Effect::Search`]): the
/// site and index it reads are shared, never copied.
#[derive(Clone)]
pub struct SearchRequest {
    /// [`SiteSearch::asked`] when it was asked.
    pub number: u64,
    /// The site's number: an answer about a site replaced since is let go.
    pub site_number: u64,
    pub site: Arc<Site>,
    pub index: Arc<SiteIndex>,
    pub query: Query,
}

impl SearchRequest {
    /// The results, as [`App::search_done`] takes them.
    pub fn run(&self) -> SearchResults {
        self.index
            .search(&self.site, &self.query, None, SEARCH_LIMIT)
    }
}

impl std::fmt::Debug for SearchRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchRequest")
            .field("number", &self.number)
            .field("site_number", &self.site_number)
            .field("query", &self.query)
            .field("indexed", &self.index.len())
            .finish_non_exhaustive()
    }
}

/// The same search: asked with the same number, of the same site.
impl PartialEq for SearchRequest {
    fn eq(&self, other: &SearchRequest) -> bool {
        self.number == other.number
            && self.site_number == other.site_number
            && self.query == other.query
            && Arc::ptr_eq(&self.index, &other.index)
    }
}

impl Eq for SearchRequest {}

impl App {
    pub(super) fn search_key(&mut self, action: Action) {
        let count = self.search.results.hits.len();
        let last = count.saturating_sub(1);
        let page = self.search_page();
        self.search.choosing = match action {
            Action::Down | Action::Up | Action::PageDown | Action::PageUp => true,
            Action::FilterChar(_) | Action::Insert(_) | Action::Edit(_) => false,
            _ => self.search.choosing,
        };
        match action {
            Action::FilterChar(c) => {
                self.insert_into(Prompt::Search, c.encode_utf8(&mut [0; 4]));
                self.research();
            }
            Action::Insert(text) => {
                self.insert_into(Prompt::Search, &text);
                self.research();
            }
            Action::Edit(edit) => {
                let changed = self.search.query.edit(edit);
                if changed {
                    self.research();
                }
            }
            Action::Down => self.search.cursor = (self.search.cursor + 1).min(last),
            Action::Up => self.search.cursor = self.search.cursor.saturating_sub(1),
            Action::PageDown => self.search.cursor = (self.search.cursor + page).min(last),
            Action::PageUp => self.search.cursor = self.search.cursor.saturating_sub(page),
            Action::FilterAccept | Action::Open => {
                // Enter opens a hit of the query as typed, never one of
                // the query before it.
                if self.search.pending.is_some() {
                    self.search_at_once(None);
                }
                self.open_search_hit();
            }
            // Esc leaves the search; the query and results wait for `s`.
            Action::FilterClear | Action::Back => self.mode = Mode::Browse,
            _ => {}
        }
        self.keep_hit_in_view();
    }

    fn keep_hit_in_view(&mut self) {
        let page = self.search_page();
        if self.search.cursor < self.search.offset {
            self.search.offset = self.search.cursor;
        } else if self.search.cursor >= self.search.offset + page {
            self.search.offset = self.search.cursor + 1 - page;
        }
    }

    /// Whether the open post is the result last opened from the site
    /// search, being read.
    pub(super) fn reading_a_search_result(&self) -> bool {
        self.focus == Pane::Reader
            && self.search.opened.is_some()
            && self.reading.as_ref().map(|r| r.id) == self.search.opened
    }

    /// `n`/`N` past the matches of a post opened from the results: the
    /// next (or previous) result's post, at its match.
    pub(super) fn step_search_hit(&mut self, step: isize) {
        let Some(cursor) = self
            .search
            .cursor
            .checked_add_signed(step)
            .filter(|&cursor| cursor < self.search.results.hits.len())
        else {
            let edge = if step > 0 {
                Text::LastResult
            } else {
                Text::FirstResult
            };
            self.message = Some(self.ui.text(edge).to_string());
            return;
        };
        self.search.cursor = cursor;
        self.keep_hit_in_view();
        self.open_search_hit();
        self.message = Some(format!(
            "{} {}/{}",
            self.ui.text(Text::SearchResult),
            self.ui.number(cursor + 1),
            self.ui.number(self.search.results.hits.len())
        ));
    }

    /// Hits that fit on the screen, three lines each (title, snippet, gap).
    pub fn search_page(&self) -> usize {
        (usize::from(self.size.1.saturating_sub(4)) / 3).max(1)
    }

    /// Asks for posts `ids` to be read into the site search's index.
    pub(super) fn index_posts(&mut self, ids: Vec<PostId>) {
        if !ids.is_empty() {
            self.effects.push(Effect::Index {
                site: self.site_number,
                ids,
            });
        }
    }

    /// The site search's index as the background has it now (see
    /// [`Effect::Index`]): taken whole, never merged here, so that no key
    /// waits on a merge. The search shown is run again over it, the hit
    /// under the cursor kept. An index of an older site, or one that
    /// holds fewer posts than the one here, is let go.
    pub fn receive_index(&mut self, newest: Option<(u64, Arc<SiteIndex>)>) {
        let Some(index) = &mut self.site_index else {
            return;
        };
        let mut grew = false;
        if let Some((site, newer)) = newest {
            if site == self.site_number && newer.len() >= index.len() {
                *index = newer;
                grew = true;
            }
        }
        // Out of sight the search waits: `s` runs it again.
        if !grew || self.mode != Mode::Search || self.search.query.trim().is_empty() {
            return;
        }
        let keep = self
            .search
            .results
            .hits
            .get(self.search.cursor)
            .map(|h| (h.id, self.search.cursor.saturating_sub(self.search.offset)));
        self.search_again(keep);
    }

    /// What the background found for search number `number` of the site
    /// numbered `site`: shown if it is the newest search asked.
    pub fn search_done(&mut self, number: u64, site: u64, results: SearchResults) {
        let Some(pending) = self.search.pending else {
            return;
        };
        if pending.number != number || site != self.site_number {
            return;
        }
        self.search.pending = None;
        self.show_results(results, pending.keep);
        self.release_held();
    }

    /// The site search's index as this reader has it.
    pub fn site_index(&self) -> Option<&SiteIndex> {
        self.site_index.as_deref()
    }

    /// While the site search's index fills: how many posts it holds, of
    /// how many.
    pub fn indexing(&self) -> Option<(usize, usize)> {
        if self.index_stopped {
            return None;
        }
        let indexed = self.site_index.as_ref()?.len();
        // A post kept on screen after its file was deleted is not searched.
        let searchable = self.site.posts.len() - usize::from(self.deleted.is_some());
        (indexed < searchable).then_some((indexed, searchable))
    }

    /// Runs the site search again for the query as typed, from its first
    /// hit.
    pub(super) fn research(&mut self) {
        self.search_again(None);
    }

    /// Runs the site search for the query as typed: at once over a small
    /// index, in the background over a large one or one still being built
    /// (the prompt answers the key now, the results follow). `keep`: the
    /// hit to keep under the cursor, at its row, if the results still
    /// hold it.
    fn search_again(&mut self, keep: Option<(PostId, usize)>) {
        // While posts arrive and are indexed, the index is in many pieces
        // and the cores are busy: a search of 15,000 posts then took
        // 10-40 ms, a key's whole budget.
        let growing = self.loading.is_some() || self.indexing().is_some();
        let Some(index) = &self.site_index else {
            return;
        };
        if index.len() < self.search.background_from && !growing {
            self.search_at_once(keep);
            return;
        }
        self.search.asked += 1;
        self.search.pending = Some(PendingSearch {
            number: self.search.asked,
            keep,
        });
        self.effects.push(Effect::Search(SearchRequest {
            number: self.search.asked,
            site_number: self.site_number,
            site: Arc::clone(&self.site),
            index: Arc::clone(index),
            query: Query::parse_incremental(&self.search.query),
        }));
    }

    /// Runs the site search here and now; an answer still to come from
    /// the background is let go.
    fn search_at_once(&mut self, keep: Option<(PostId, usize)>) {
        let Some(index) = &self.site_index else {
            return;
        };
        let query = Query::parse_incremental(&self.search.query);
        let results = index.search(&self.site, &query, None, SEARCH_LIMIT);
        let keep = keep.or(self.search.pending.take().and_then(|p| p.keep));
        self.show_results(results, keep);
    }

    fn show_results(&mut self, results: SearchResults, keep: Option<(PostId, usize)>) {
        self.search.results = results;
        self.search.cursor = 0;
        self.search.offset = 0;
        if let Some((id, row)) = keep {
            if let Some(at) = self.search.results.hits.iter().position(|h| h.id == id) {
                self.search.cursor = at;
                self.search.offset = at.saturating_sub(row);
            }
        }
        self.keep_hit_in_view();
    }

    /// Enter on a hit: the post opens at the first match of the query,
    /// every match highlighted (`n` moves on).
    pub(super) fn open_search_hit(&mut self) {
        let Some(id) = self
            .search
            .results
            .hits
            .get(self.search.cursor)
            .map(|h| h.id)
        else {
            return;
        };
        self.mode = Mode::Browse;
        self.visit(id, None);
        self.search.opened = Some(id);
        // Esc comes back to this hit: the focus is there, not the caret.
        self.search.choosing = true;
        self.find = Find {
            query: self.search.query.clone(),
            site_query: Some(Query::parse(&self.search.query)),
            ..Find::default()
        };
        self.scroll = 0;
        self.refind(true);
    }
}
