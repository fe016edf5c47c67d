//! The post list: moving the selection, the filter, what a click selects.

use super::*;
use rayon::prelude::*;

/// What the rows of a list need to know of the whole list.
#[derive(Debug, Default, PartialEq, Eq)]
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

/// A list not shown: the one shown before (`t`, `t` takes it back), or
/// one made ahead.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct KeptList {
    pub(super) key: ListKey,
    order: Vec<PostId>,
    facts: ListFacts,
}

impl KeptList {
    /// The list `key` names, made from `site` (and its filter index) now.
    fn make(site: &Site, index: &FilterIndex, key: ListKey) -> KeptList {
        let order = match key.sort {
            Sort::NewestFirst => site.newest_first(key.lang.as_ref()),
            Sort::Title => by_title(site, index, key.lang.as_ref()),
        };
        KeptList::with_order(site, key, order)
    }

    fn with_order(site: &Site, key: ListKey, order: Vec<PostId>) -> KeptList {
        let mut facts = ListFacts::default();
        facts.add(site, &order);
        KeptList { key, order, facts }
    }
}

/// Lists to make ahead, off the interface's thread, for the keys that
/// would show them: each language's list in each order. At 100,000 posts
/// making one takes 20 ms (sorting by title, more), which `t` or the
/// sort key would otherwise wait for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListsToMake {
    site: u64,
    posts: usize,
    langs: Vec<Lang>,
    /// The list shown: it needs no copy.
    shown: Option<ListKey>,
}

/// What [`ListsToMake::make`] made, for [`App::receive_lists`].
#[derive(Debug, PartialEq, Eq)]
pub struct MadeLists(Vec<KeptList>);

impl ListsToMake {
    /// Makes the lists of `site` (the one they were asked for), with the
    /// parallel parts on the caller's pool. Each order is the whole
    /// site's, sorted once, taken apart by language: the same as sorting
    /// each language's posts (the orders are total, ties going by id),
    /// and as fast for a thousand languages as for two.
    pub fn make(self, site: &Site, index: &FilterIndex) -> MadeLists {
        if site.posts.len() != self.posts {
            return MadeLists(Vec::new());
        }
        let mut made = Vec::new();
        for sort in [Sort::NewestFirst, Sort::Title] {
            let whole = match sort {
                Sort::NewestFirst => site.newest_first(None),
                Sort::Title => by_title(site, index, None),
            };
            let mut by_lang: HashMap<&Lang, Vec<PostId>> =
                self.langs.iter().map(|lang| (lang, Vec::new())).collect();
            for id in whole {
                if let Some(order) = by_lang.get_mut(&site.posts[id].lang) {
                    order.push(id);
                }
            }
            for lang in &self.langs {
                let key = ListKey {
                    site: self.site,
                    posts: self.posts,
                    lang: Some(lang.clone()),
                    sort,
                };
                if self.shown.as_ref() == Some(&key) {
                    continue;
                }
                let order = by_lang.remove(lang).unwrap_or_default();
                made.push(KeptList::with_order(site, key, order));
            }
        }
        MadeLists(made)
    }
}

/// [`Site::by_title`], the titles compared where the filter's index
/// holds them folded: folding each title again took 50 ms at 50,000
/// posts, on the interface's thread for `S` and for each batch of posts
/// arriving in a list sorted by title. The same order: the same folded
/// titles, ties by id (an index without them all falls back on folding).
fn by_title(site: &Site, index: &FilterIndex, lang: Option<&Lang>) -> Vec<PostId> {
    if !index.holds_titles(site.posts.len()) {
        return site.by_title(lang);
    }
    let mut order: Vec<PostId> = (0..site.posts.len())
        .into_par_iter()
        .with_min_len(4096)
        .filter(|&id| lang.is_none_or(|l| &site.posts[id].lang == l))
        .collect();
    order.par_sort_unstable_by(|&a, &b| title_before(index, a, b));
    order
}

/// `order`, what [`by_title`] gave for the posts before `from`, with
/// posts `from..` put in their places: a list sorted by title is not
/// sorted again as each batch of a loading site arrives.
fn extend_by_title(
    site: &Site,
    index: &FilterIndex,
    order: &mut Vec<PostId>,
    from: PostId,
    lang: Option<&Lang>,
) {
    if !index.holds_titles(site.posts.len()) {
        *order = site.by_title(lang);
        return;
    }
    let mut new: Vec<PostId> = (from..site.posts.len())
        .filter(|&id| lang.is_none_or(|l| &site.posts[id].lang == l))
        .collect();
    new.par_sort_unstable_by(|&a, &b| title_before(index, a, b));
    let old = std::mem::take(order);
    order.reserve_exact(old.len() + new.len());
    let (mut old, mut new) = (old.into_iter().peekable(), new.into_iter().peekable());
    while let Some(next) = match (old.peek(), new.peek()) {
        (Some(&o), Some(&n)) if title_before(index, n, o).is_lt() => new.next(),
        (Some(_), _) => old.next(),
        (None, _) => new.next(),
    } {
        order.push(next);
    }
}

/// Post `a` before post `b` by title, then by id.
fn title_before(index: &FilterIndex, a: PostId, b: PostId) -> std::cmp::Ordering {
    index
        .folded_title(a)
        .cmp(&index.folded_title(b))
        .then(a.cmp(&b))
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

    /// Keeps `list` for a later key, dropping the lists of a site since
    /// changed (they can never be shown) and any older copy of it.
    fn keep_list(&mut self, list: KeptList) {
        let posts = self.site.posts.len();
        let site = self.site_number;
        self.kept_lists.retain(|kept| {
            kept.key.site == site && kept.key.posts == posts && kept.key != list.key
        });
        if list.key.site == site && list.key.posts == posts {
            self.kept_lists.push(list);
        }
    }

    /// Asks for every language's list in both orders to be made in the
    /// background, once the site is whole, when it is large enough for
    /// making one to be felt.
    pub(super) fn make_lists_ahead(&mut self) {
        let posts = self.site.posts.len();
        if posts < self.lists_ahead_from || self.site.languages.len() < 2 {
            return;
        }
        self.effects.push(Effect::MakeLists(ListsToMake {
            site: self.site_number,
            posts,
            langs: self.site.languages.iter().map(|l| l.code.clone()).collect(),
            shown: self.listed.as_ref().map(|(key, _)| key.clone()),
        }));
    }

    /// The lists made ahead: kept for the keys that will show them
    /// (those of a site since replaced are dropped).
    pub fn receive_lists(&mut self, made: MadeLists) {
        let shown = self.listed.as_ref().map(|(key, _)| key.clone());
        for list in made.0 {
            if Some(&list.key) != shown.as_ref()
                && !self.kept_lists.iter().any(|kept| kept.key == list.key)
            {
                self.keep_list(list);
            }
        }
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
                if listed.posts > key.posts
                    && ListKey {
                        posts: listed.posts,
                        ..key.clone()
                    } == listed =>
            {
                let from = key.posts;
                match listed.sort {
                    Sort::NewestFirst => {
                        self.site
                            .extend_newest_first(order, from, list_lang.as_ref());
                    }
                    Sort::Title => extend_by_title(
                        &self.site,
                        &self.filter_index,
                        order,
                        from,
                        list_lang.as_ref(),
                    ),
                }
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
                if let Some((key, order)) = self.listed.take() {
                    let facts = std::mem::take(&mut self.listed_facts);
                    self.keep_list(KeptList { key, order, facts });
                }
                let kept = self.kept_lists.iter().position(|kept| kept.key == listed);
                let list = match kept {
                    // `t` and `t` again, or a list made ahead.
                    Some(at) => self.kept_lists.swap_remove(at),
                    // Sorted once for each keystroke would be 10 ms at 100,000 posts.
                    None => KeptList::make(&self.site, &self.filter_index, listed),
                };
                self.listed = Some((list.key, list.order));
                self.listed_facts = list.facts;
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

    /// A Hugo site of three languages: dates equal, missing and out of
    /// order, titles shared within a language and across them, accents
    /// that sorting by title folds.
    fn site_of_three_languages() -> (tempfile::TempDir, Site) {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("config.yaml"),
            "defaultContentLanguage: en\nlanguages:\n  en: {contentDir: content/en, weight: 1}\n  \
             fr: {contentDir: content/fr, weight: 2}\n  de: {contentDir: content/de, weight: 3}\n",
        )
        .expect("config");
        let posts = [
            ("en", "a", "Zebra crossings", Some("2021-05-01")),
            ("en", "b", "Échelles", Some("2021-05-01")),
            ("en", "c", "Zebra crossings", None),
            ("en", "d", "apples", Some("2019-01-02")),
            ("fr", "a", "Passages piétons", Some("2021-05-01")),
            ("fr", "b", "Échelles", None),
            ("fr", "c", "Été", Some("2023-07-14")),
            ("de", "a", "Zebrastreifen", Some("2020-02-02")),
            ("de", "b", "Zebrastreifen", Some("2020-02-02")),
        ];
        for (lang, name, title, date) in posts {
            let folder = dir.path().join("content").join(lang).join("posts");
            std::fs::create_dir_all(&folder).expect("folders");
            let date = date.map(|d| format!("date: {d}\n")).unwrap_or_default();
            std::fs::write(
                folder.join(format!("{name}.md")),
                format!("---\ntitle: {title}\n{date}---\nText.\n"),
            )
            .expect("post");
        }
        let site = load(&Source::Directory(dir.path().to_path_buf()));
        assert_eq!(site.posts.len(), posts.len());
        (dir, site)
    }

    #[test]
    fn lists_made_ahead_are_the_lists_made_when_shown() {
        let (_dir, site) = site_of_three_languages();
        let langs: Vec<Lang> = site.languages.iter().map(|l| l.code.clone()).collect();
        assert_eq!(langs.len(), 3);
        let key = |lang: &Lang, sort| ListKey {
            site: 4,
            posts: site.posts.len(),
            lang: Some(lang.clone()),
            sort,
        };
        let shown = key(&langs[0], Sort::NewestFirst);
        let asked = ListsToMake {
            site: 4,
            posts: site.posts.len(),
            langs: langs.clone(),
            shown: Some(shown.clone()),
        };
        let index = FilterIndex::new(&site);
        let MadeLists(made) = asked.clone().make(&site, &index);
        // Each language in each order, but the one shown.
        assert_eq!(made.len(), langs.len() * 2 - 1);
        assert!(made.iter().all(|list| list.key != shown));
        for list in &made {
            let lang = list.key.lang.as_ref().expect("a language");
            assert!(!list.order.is_empty(), "{:?}", list.key);
            assert!(list.order.iter().all(|&id| &site.posts[id].lang == lang));
            assert_eq!(
                list,
                &KeptList::make(&site, &index, list.key.clone()),
                "{lang:?} by {:?}",
                list.key.sort
            );
        }
        // A site other than the one they were asked of: nothing is made.
        let other = ListsToMake { posts: 2, ..asked };
        assert_eq!(other.make(&site, &index), MadeLists(Vec::new()));
    }

    #[test]
    fn the_title_order_from_the_filters_titles_is_the_sites_and_grows_in_place() {
        let (_dir, mut site) = site_of_three_languages();
        // A line break in a title (the loader makes none; a post made
        // otherwise may hold one), held as a space by the filter.
        let mut broken = site.posts[0].clone();
        broken.data_mut().title = "Zebra\ncrossings".to_string();
        site.posts.push(broken);
        let mut spaced = site.posts[0].clone();
        spaced.data_mut().title = "Zebra crossing".to_string();
        site.posts.push(spaced);
        let index = FilterIndex::new(&site);
        for lang in [None, Some(Lang::new("en")), Some(Lang::new("fr"))] {
            let whole = site.by_title(lang.as_ref());
            assert_eq!(by_title(&site, &index, lang.as_ref()), whole, "{lang:?}");
            for split in 0..=site.posts.len() {
                let part = Site {
                    posts: site.posts[..split].to_vec(),
                    ..site.clone()
                };
                let mut order = by_title(&part, &FilterIndex::new(&part), lang.as_ref());
                extend_by_title(&site, &index, &mut order, split, lang.as_ref());
                assert_eq!(order, whole, "{lang:?} split at {split}");
            }
        }
        // An index without every title: the site's own folding.
        let short = FilterIndex::new(&Site {
            posts: site.posts[..2].to_vec(),
            ..site.clone()
        });
        assert_eq!(by_title(&site, &short, None), site.by_title(None));
    }
}
