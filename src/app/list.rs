//! The post list: moving the selection, the filter, what a click selects.

use super::*;
use rayon::prelude::*;

/// What the rows of a list need to know of the whole list.
#[derive(Debug, Default)]
pub(super) struct ListFacts {
    /// Whether any post of it has a date.
    pub(super) dated: bool,
    /// The hash of each post's title, in increasing order: a title whose
    /// hash is there twice is shared. (Copies of the titles would cost
    /// megabytes at 100,000 posts; a map of counts cost 25 ms to make for
    /// 50,000 posts, its inserts at random places.)
    title_hashes: Vec<u64>,
}

impl ListFacts {
    /// Adds the posts `ids` of `site` to the list.
    pub(super) fn add(&mut self, site: &Site, ids: &[PostId]) {
        let posts = &site.posts;
        self.dated |= ids.par_iter().any(|&id| posts[id].sort_date().is_some());
        let mut new: Vec<u64> = ids
            .par_iter()
            .with_min_len(4096)
            .map(|&id| title_hash(&posts[id].title))
            .collect();
        new.par_sort_unstable();
        if self.title_hashes.is_empty() {
            self.title_hashes = new;
            return;
        }
        let old = std::mem::take(&mut self.title_hashes);
        self.title_hashes.reserve_exact(old.len() + new.len());
        let (mut old, mut new) = (old.into_iter().peekable(), new.into_iter().peekable());
        while let Some(next) = match (old.peek(), new.peek()) {
            (Some(o), Some(n)) if n < o => new.next(),
            (Some(_), _) => old.next(),
            (None, _) => new.next(),
        } {
            self.title_hashes.push(next);
        }
    }

    /// Whether more than one post of the list has the title `title`.
    pub(super) fn shares_title(&self, title: &str) -> bool {
        let hash = title_hash(title);
        let first = self.title_hashes.partition_point(|&h| h < hash);
        self.title_hashes.get(first + 1) == Some(&hash)
    }
}

fn title_hash(title: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0).hash_one(title)
}

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
                let left = self
                    .listed
                    .take()
                    .map(|(key, order)| (key, order, std::mem::take(&mut self.listed_facts)));
                match self.spare_list.take() {
                    // `t` and `t` again: the list left is taken back.
                    Some((key, order, facts)) if key == listed => {
                        self.listed = Some((key, order));
                        self.listed_facts = facts;
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
                self.spare_list = left;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Source, load};

    #[test]
    fn titles_shared_in_the_list_are_known_whatever_batch_brought_them() {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, title) in [
            ("a", "Plain words"),
            ("b", "A map"),
            ("c", "Plain words"),
            ("d", "Alone"),
            ("e", "A map"),
        ] {
            std::fs::write(
                dir.path().join(format!("{name}.md")),
                format!("---\ntitle: {title}\n---\n"),
            )
            .expect("write");
        }
        let site = load(&Source::Directory(dir.path().to_path_buf()));
        let id = |title: &str| {
            site.posts
                .iter()
                .position(|p| p.title == title)
                .expect("a post")
        };
        let mut facts = ListFacts::default();
        facts.add(&site, &[0, 1]);
        facts.add(&site, &[2]);
        facts.add(&site, &[3, 4]);
        assert!(facts.shares_title("Plain words"));
        assert!(facts.shares_title("A map"));
        assert!(!facts.shares_title("Alone"));
        assert!(!facts.shares_title("Nowhere"));
        assert!(!facts.dated);
        // One list of some of them: a title is shared only within it.
        let mut some = ListFacts::default();
        some.add(&site, &[id("Plain words"), id("A map"), id("Alone")]);
        assert!(!some.shares_title("Plain words"));
    }
}
