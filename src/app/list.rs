//! The post list: moving the selection, the filter, what a click selects.

use super::*;

impl App {
    pub(super) fn move_by(&mut self, delta: isize) {
        if self.focus == Pane::Reader && self.mode != Mode::Filter {
            self.scroll_reader(delta);
        } else {
            self.move_selection(delta);
        }
    }

    /// `J` and `K`: the post `step` rows from the open one (else from the
    /// selected one) in the list, opened, and selected in the list.
    pub(super) fn open_neighbour(&mut self, step: isize) {
        let from = self
            .reading
            .as_ref()
            .and_then(|reading| self.matches.iter().position(|m| m.id == reading.id))
            .unwrap_or(self.selected);
        let Some(index) = from
            .checked_add_signed(step)
            .filter(|&index| index < self.matches.len())
        else {
            let edge = if step > 0 {
                Text::LastPost
            } else {
                Text::FirstPost
            };
            self.message = Some(self.ui.text(edge).to_string());
            return;
        };
        let id = self.matches[index].id;
        self.remember_place();
        self.selected = index;
        self.keep_selection_visible();
        self.open(id);
        self.focus = Pane::Reader;
    }

    pub(super) fn move_selection(&mut self, delta: isize) {
        if self.matches.is_empty() {
            self.selected = 0;
            return;
        }
        let last = self.matches.len() - 1;
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        self.follow_selection();
    }

    /// In the wide layout the reader shows the selected post.
    pub(super) fn follow_selection(&mut self) {
        self.keep_selection_visible();
        if self.is_wide() {
            if let Some(id) = self.selected_id() {
                if self.reading.as_ref().map(|r| r.id) != Some(id) {
                    self.open(id);
                }
            }
        }
    }

    pub(super) fn keep_selection_visible(&mut self) {
        let height = self
            .panes()
            .list
            .map_or(1, |p| inner_height(p).saturating_sub(1).max(1));
        if self.selected < self.list_offset {
            self.list_offset = self.selected;
        } else if self.selected >= self.list_offset + height {
            self.list_offset = self.selected + 1 - height;
        }
    }

    /// Recomputes the list for the current language and filter, selecting
    /// `keep` when it is still listed, else the first match.
    pub(super) fn refilter(&mut self, keep: Option<PostId>) {
        let (lang_word, filter) = crate::search::split_lang(&self.filter);
        // `lang:fr` lists another language's posts, `lang:any` every one.
        let list_lang = match lang_word.as_deref() {
            None => Some(self.lang.clone()),
            Some(word) if crate::search::means_every_language(word) => None,
            Some(word) => Some(
                self.site
                    .match_language(word)
                    .unwrap_or_else(|| Lang::new(word)),
            ),
        };
        let listed = ListKey {
            site: self.site_number,
            posts: self.site.posts.len(),
            lang: list_lang.clone(),
            sort: self.sort,
        };
        let filtered_listed = listed.clone();
        match &mut self.listed {
            Some((key, _)) if *key == listed => {}
            // Posts arrived: they join the order, which is not made again.
            Some((key, order))
                if listed.sort == Sort::NewestFirst
                    && listed.posts > key.posts
                    && ListKey {
                        posts: listed.posts,
                        ..key.clone()
                    } == listed =>
            {
                let from = key.posts;
                self.site
                    .extend_newest_first(order, from, list_lang.as_ref());
                *key = listed;
                let joined: Vec<PostId> = (from..self.site.posts.len())
                    .filter(|&id| {
                        list_lang
                            .as_ref()
                            .is_none_or(|l| self.site.posts[id].lang == *l)
                    })
                    .collect();
                self.listed_facts.add(&self.site, &joined);
            }
            _ => {
                // Sorted once for each keystroke would be 10 ms at 100,000 posts.
                let order = match self.sort {
                    Sort::NewestFirst => self.site.newest_first(list_lang.as_ref()),
                    Sort::Title => self.site.by_title(list_lang.as_ref()),
                };
                self.listed_facts = ListFacts::default();
                self.listed_facts.add(&self.site, &order);
                self.listed = Some((listed, order));
            }
        }
        let order = self.listed.as_ref().map_or(&[][..], |(_, order)| order);
        let (is_words, filter) = memory::split_is(&filter);
        let (tags, words) = crate::search::split_tags(&filter);
        let tagged: Vec<PostId>;
        // A post deleted on disk stays open, never listed (nor in the
        // filter's index).
        let candidates = if tags.is_empty() && is_words.is_empty() && self.deleted.is_none() {
            order
        } else {
            tagged = order
                .iter()
                .copied()
                .filter(|&id| {
                    Some(id) != self.deleted
                        && crate::search::has_tags(&self.site.posts[id], &tags)
                        && self.passes(id, &is_words)
                })
                .collect();
            &tagged
        };
        let from = is_words.is_empty().then_some(FilteredFrom {
            listed: filtered_listed,
            tags,
            deleted: self.deleted,
        });
        let (matches, matched_by) = if from.is_some() && from == self.filtered_from {
            self.filter_index
                .refine(candidates, &words, &self.matches, &self.matched_by)
        } else {
            self.filter_index.filter(candidates, &words)
        };
        self.matches = matches;
        self.matched_by = matched_by;
        self.filtered_from = from;
        self.selected = keep
            .and_then(|id| self.matches.iter().position(|m| m.id == id))
            .unwrap_or(0);
        self.list_offset = 0;
        self.keep_selection_visible();
    }

    /// Adds `text` to a prompt as one edit: line breaks become spaces,
    /// controls are dropped, and the prompt holds at most
    /// [`PASTE_LIMIT`] characters (the status line says what was left out).
    pub(super) fn insert_into(&mut self, prompt: Prompt, text: &str) {
        let field = match prompt {
            Prompt::Filter => &mut self.filter,
            Prompt::Find => &mut self.find.query,
            Prompt::Search => &mut self.search.query,
        };
        let dropped = field.insert(text, PASTE_LIMIT);
        if dropped > 0 {
            self.message = Some(self.ui.labelled(Text::PasteCut, &self.ui.number(dropped)));
        }
    }

    pub(super) fn click(&mut self, column: u16, row: u16) {
        let panes = self.panes();
        if let Some(list) = panes.list.filter(|r| contains(*r, column, row)) {
            let top = list.y + 1 + u16::from(self.shows_filter_line());
            if row >= top && row < list.y + list.height.saturating_sub(1) {
                let index = self.list_offset + usize::from(row - top);
                if index < self.matches.len() {
                    self.selected = index;
                    self.focus = Pane::List;
                    self.follow_selection();
                }
            }
        } else if panes.reader.is_some_and(|r| contains(r, column, row)) && self.reading.is_some() {
            self.focus = Pane::Reader;
        }
    }
}
