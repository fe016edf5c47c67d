//! `s`: the search of every post, its index built in the background.

use super::*;

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
            Action::FilterAccept | Action::Open => self.open_search_hit(),
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

    /// Posts read for the site search's index (see [`Effect::Index`]).
    /// The search shown is run again over them, the hit under the cursor
    /// kept.
    pub fn receive_index(&mut self, batches: impl IntoIterator<Item = (u64, IndexBatch)>) {
        let Some(index) = &mut self.site_index else {
            return;
        };
        let mut grew = false;
        for (site, batch) in batches {
            if site == self.site_number {
                Arc::make_mut(index).merge(batch);
                grew = true;
            }
        }
        // Out of sight the search waits: `s` runs it again.
        if !grew || self.mode != Mode::Search || self.search.query.trim().is_empty() {
            return;
        }
        let kept = self
            .search
            .results
            .hits
            .get(self.search.cursor)
            .map(|h| h.id);
        let offset = self.search.cursor.saturating_sub(self.search.offset);
        self.research();
        if let Some(at) =
            kept.and_then(|id| self.search.results.hits.iter().position(|h| h.id == id))
        {
            self.search.cursor = at;
            self.search.offset = at.saturating_sub(offset);
        }
    }

    /// While the site search's index fills: how many posts it holds, of
    /// how many.
    pub fn indexing(&self) -> Option<(usize, usize)> {
        if self.index_stopped {
            return None;
        }
        let indexed = self.site_index.as_ref()?.len();
        (indexed < self.site.posts.len()).then_some((indexed, self.site.posts.len()))
    }

    /// Runs the site search again for the query as typed.
    pub(super) fn research(&mut self) {
        let Some(index) = &self.site_index else {
            return;
        };
        let query = Query::parse_incremental(&self.search.query);
        self.search.results = index.search(&self.site, &query, None, SEARCH_LIMIT);
        self.search.cursor = 0;
        self.search.offset = 0;
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
