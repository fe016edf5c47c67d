//! The loaded site: posts, languages, translations and the URL index.

pub mod date;
mod file_text;
pub mod freshness;
pub mod front_matter;
pub mod history;
mod lang;
pub mod layout;
pub mod links;
pub mod load;
mod problems;
pub mod refresh;
pub mod source;
mod translations;

use self::date::PostDate;
use self::front_matter::FrontMatter;
use self::links::UrlIndex;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use self::file_text::{FileText, content_hash};
pub use self::lang::{Lang, Language, best_language};
pub use self::layout::LayoutKind;
pub use self::load::{LoadError, load};
pub use self::problems::{SkipReason, Skipped, Warning, WarningKind};
pub use self::source::Source;
pub use self::translations::{Translations, TranslationsIter};

/// Index of a post in [`Site::posts`].
pub type PostId = usize;

/// One piece of content: what its file says, shared, and its place among
/// the site's other posts. A clone is a reference count and its few
/// translation links, so a
/// background task (linking a site still loading, indexing it for search)
/// can hold every post of a site without copying any.
#[derive(Debug, Clone)]
pub struct Post {
    data: Arc<PostData>,
    /// The same content in other languages.
    pub translations: Translations,
}

impl Post {
    pub fn new(data: PostData) -> Post {
        Post {
            data: Arc::new(data),
            translations: Translations::default(),
        }
    }

    /// The file's fields to change, copied first if another clone shares
    /// them.
    pub fn data_mut(&mut self) -> &mut PostData {
        Arc::make_mut(&mut self.data)
    }
}

/// A post reads as what its file says.
impl std::ops::Deref for Post {
    type Target = PostData;

    fn deref(&self) -> &PostData {
        &self.data
    }
}

/// What a post's file says, read once at load: the same whichever site
/// (or part of a site still loading) holds the post.
#[derive(Debug, Clone)]
pub struct PostData {
    /// Relative to the site root, byte-exact (spaces, accents, odd bytes kept).
    pub path: PathBuf,
    /// The path inside its language's tree, language suffix removed
    /// (`blog/posts/hello.md`): translations by path share it.
    pub lang_path: PathBuf,
    pub lang: Lang,
    /// Plain text: entities decoded, tags removed.
    pub title: String,
    pub authors: Vec<String>,
    pub date: Option<PostDate>,
    pub updated: Option<PostDate>,
    pub draft: bool,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    pub translation_key: Option<String>,
    /// Jekyll's link to the translation, a site URL as written.
    pub trans_url: Option<String>,
    /// The public path on the site (`/2021/04/07/digital-gardeners/`).
    pub url: String,
    pub aliases: Vec<String>,
    /// The `url` field as written, which the URL index also answers to.
    pub url_field: Option<String>,
    /// The file's text, front matter and body; see [`Post::body`] and
    /// [`Post::front_matter`].
    pub text: FileText,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
}

impl PostData {
    /// The Markdown or HTML after the front matter.
    pub fn body(&self) -> &str {
        self.text.body()
    }

    /// Every field of the front matter, unknown ones included, read again
    /// from the file's text: what the reader needs is read once at load,
    /// the rest is kept as text rather than as a tree in memory.
    pub fn front_matter(&self) -> FrontMatter {
        let Ok(split) = front_matter::split(self.text.whole()) else {
            return FrontMatter::default();
        };
        match split.format {
            Some(format) => {
                front_matter::parse(format, split.front_matter, split.front_matter_line).0
            }
            None => FrontMatter::default(),
        }
    }

    /// The path with `/` separators, for display and JSON. Bytes that are
    /// not UTF-8 are shown as `�`; use [`Post::path`] to reach the file.
    pub fn display_path(&self) -> String {
        display_path(&self.path)
    }

    /// The date used for ordering: the publication date, else the update.
    pub fn sort_date(&self) -> Option<&PostDate> {
        self.date.as_ref().or(self.updated.as_ref())
    }
}

/// Whether a translation keeps up with the post it translates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TranslationState {
    Current,
    /// Stale: the post changed after its translation by more than the
    /// site's threshold; see [`freshness::ChangeDates::stale`].
    Older,
}

/// A path with `/` separators, lossily decoded.
pub fn display_path(path: &Path) -> String {
    let mut out = String::new();
    for part in path.components() {
        if matches!(part, std::path::Component::RootDir) {
            out.push('/');
            continue;
        }
        if !out.is_empty() && !out.ends_with('/') {
            out.push('/');
        }
        out.push_str(&part.as_os_str().to_string_lossy());
    }
    out
}

/// A post a reader asked for, and the heading to open it at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub id: PostId,
    /// The `#fragment` given, decoded, without the `#`.
    pub fragment: Option<String>,
}

/// A whole site in memory.
#[derive(Debug, Clone)]
pub struct Site {
    /// Where it was loaded from, for display.
    pub origin: String,
    pub layout: LayoutKind,
    pub languages: Vec<Language>,
    pub default_lang: Lang,
    /// In the order of their paths (the walk's order), so that a post's id
    /// orders it by path too.
    pub posts: Vec<Post>,
    pub skipped: Vec<Skipped>,
    pub warnings: Vec<Warning>,
    /// Shared: a copy of the site (`liseuse serve` makes one when the
    /// posts' dates are gathered, while every session holds the first)
    /// costs no second index, 20 MB at 100,000 posts.
    pub urls: Arc<UrlIndex>,
    /// Only some posts were loaded (`liseuse show FILE`): links and
    /// translations to the others are unknown, not missing.
    pub partial: bool,
    /// The site's `timeZone` (Hugo) or `timezone` (Jekyll): the zone of
    /// dates written without an offset.
    pub time_zone: Option<jiff::tz::TimeZone>,
    /// When each post last changed and the threshold of staleness: front
    /// matter alone until git history is gathered.
    pub dates: Arc<freshness::ChangeDates>,
}

impl Site {
    /// Every file looked at: posts plus skipped files.
    pub fn files_seen(&self) -> usize {
        self.posts.len() + self.skipped.len()
    }

    /// Every language of the site: the configured ones in the site's
    /// order, then any other a post is in.
    pub fn known_languages(&self) -> Vec<Lang> {
        let mut known: Vec<Lang> = self.languages.iter().map(|l| l.code.clone()).collect();
        let mut seen: std::collections::HashSet<&Lang> = known.iter().collect();
        let mut more = Vec::new();
        for post in &self.posts {
            if seen.insert(&post.lang) {
                more.push(post.lang.clone());
            }
        }
        drop(seen);
        known.extend(more);
        known
    }

    /// The site's language a BCP 47 tag (`--lang fr-CA`) means; see
    /// [`best_language`].
    pub fn match_language(&self, tag: &str) -> Option<Lang> {
        best_language(tag, &self.known_languages())
    }

    /// The name `lang` goes by on this site: its `languageName`, else its
    /// own name for itself, else its code.
    pub fn language_name(&self, lang: &Lang) -> String {
        let name = self
            .language(lang)
            .and_then(|l| l.name.as_deref())
            .filter(|name| !name.trim().is_empty());
        match name {
            Some(name) => crate::text::sanitize_line(name).into_owned(),
            None => lang
                .endonym()
                .map_or_else(|| lang.as_str().to_uppercase(), str::to_string),
        }
    }

    /// The site's language that `wanted` (a language a reader asked for,
    /// perhaps from a locale: `fr-ca`) means: the same code, else the same
    /// primary language.
    pub fn matching_language(&self, wanted: &Lang) -> Option<Lang> {
        let codes = || self.languages.iter().map(|l| &l.code);
        codes()
            .find(|code| *code == wanted)
            .or_else(|| codes().find(|code| code.primary() == wanted.primary()))
            .cloned()
    }

    pub fn language(&self, code: &Lang) -> Option<&Language> {
        self.languages.iter().find(|l| &l.code == code)
    }

    /// Posts of one language (all when `lang` is `None`), newest first;
    /// undated posts last, by path.
    pub fn newest_first(&self, lang: Option<&Lang>) -> Vec<PostId> {
        let mut order = Vec::new();
        self.extend_newest_first(&mut order, 0, lang);
        order
    }

    /// `order`, what [`Site::newest_first`] gave for the posts before
    /// `from`, with posts `from..` put in their places: a site still
    /// loading is not sorted again as each batch of posts arrives.
    pub fn extend_newest_first(&self, order: &mut Vec<PostId>, from: PostId, lang: Option<&Lang>) {
        let key = |id: PostId| {
            let date = self.posts[id].sort_date().map(PostDate::sort_key);
            (date.map(std::cmp::Reverse), id)
        };
        // Dated before undated; equal dates by id, which is path order.
        type Key = (Option<std::cmp::Reverse<jiff::civil::DateTime>>, PostId);
        let before = |(da, a): &Key, (db, b): &Key| match (da, db) {
            (Some(da), Some(db)) => da.cmp(db).then(a.cmp(b)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.cmp(b),
        };
        use rayon::prelude::*;
        // Sorted on a key made once per post, not once per comparison;
        // on all cores: each post's key is a read of memory far from the
        // last (50,000 posts took 10 ms on one).
        let mut new: Vec<Key> = (from..self.posts.len())
            .into_par_iter()
            .with_min_len(4096)
            .filter(|&id| lang.is_none_or(|l| &self.posts[id].lang == l))
            .map(key)
            .collect();
        new.par_sort_unstable_by(before);
        if order.is_empty() {
            order.extend(new.into_iter().map(|(_, id)| id));
            return;
        }
        let old = std::mem::take(order);
        order.reserve_exact(old.len() + new.len());
        let (mut old, mut new) = (old.into_iter().peekable(), new.into_iter().peekable());
        loop {
            let take_new = match (old.peek(), new.peek()) {
                (Some(&o), Some(n)) => before(n, &key(o)).is_lt(),
                (Some(_), None) => false,
                (None, Some(_)) => true,
                (None, None) => break,
            };
            if take_new {
                order.extend(new.next().map(|(_, id)| id));
            } else {
                order.extend(old.next());
            }
        }
    }

    /// Posts of one language (all when `lang` is `None`) by title, folded
    /// (case and accents aside, a line break as a space: as the list's
    /// filter holds titles, which the reader sorts by), then by path.
    pub fn by_title(&self, lang: Option<&Lang>) -> Vec<PostId> {
        let mut keyed: Vec<(String, PostId)> = (0..self.posts.len())
            .filter(|&id| lang.is_none_or(|l| &self.posts[id].lang == l))
            .map(|id| {
                let folded = crate::text::fold(&self.posts[id].title).text;
                (folded.replace('\n', " "), id)
            })
            .collect();
        // Equal titles by id, which is path order.
        keyed.sort_unstable();
        keyed.into_iter().map(|(_, id)| id).collect()
    }

    /// How the translation of `id` into `lang` stands, if there is one.
    pub fn translation_state(&self, id: PostId, lang: &Lang) -> Option<TranslationState> {
        let other = *self.posts[id].translations.get(lang)?;
        Some(match self.dates.stale(self, id, other) {
            Some(_) => TranslationState::Older,
            None => TranslationState::Current,
        })
    }

    /// Number of linked pairs: each unordered pair of posts counted once.
    pub fn translation_pairs(&self) -> usize {
        // Links go both ways: each pair is counted by both its posts.
        self.posts
            .iter()
            .map(|post| post.translations.len())
            .sum::<usize>()
            / 2
    }

    /// The post a site URL points to (absolute on one of the site's hosts,
    /// root-relative, or relative to `from`). A URL means the language its
    /// host or its `/fr/` prefix names, else the one at the root; see
    /// [`links::UrlIndex`] for who wins a tie.
    pub fn resolve(&self, url: &str, from: Option<PostId>) -> links::Resolution {
        self.urls
            .resolve(url, from.map(|id| &self.posts[id]), &self.posts)
    }

    /// [`Site::resolve`] of a URL written nowhere (given on the command
    /// line), ties going to the default language, then to `reading`.
    pub fn resolve_reading(&self, url: &str, reading: Option<&Lang>) -> links::Resolution {
        self.urls.resolve_reading(url, None, reading, &self.posts)
    }

    /// The languages in which a page answers to `url`, whatever language
    /// the URL names: where to look when it is not found.
    pub fn languages_with(&self, url: &str) -> Vec<Lang> {
        self.urls.languages_with(url, &self.posts)
    }

    /// The post a reader means by `target`: its path (relative to the site,
    /// or ending the path given), a site URL, or a slug (`hello-world`).
    pub fn find(&self, target: &str) -> Option<PostId> {
        self.find_target(target, None).map(|found| found.id)
    }

    /// The post and heading a reader means by `target`: its path (relative
    /// to the site, or ending the path given), a site URL, or a slug
    /// (`hello-world`), each with an optional `#heading`. A URL leads to
    /// the language it names (see [`Site::resolve`]); a slug many
    /// languages share, to the one in `reading`, else the default, else
    /// the first in the site's order.
    pub fn find_target(&self, target: &str, reading: Option<&Lang>) -> Option<Target> {
        let target = target.trim();
        let fragment_of = |f: &str| {
            Some(
                percent_encoding::percent_decode_str(f)
                    .decode_utf8_lossy()
                    .into_owned(),
            )
            .filter(|f| !f.is_empty())
        };
        // A file name may hold a `#`: the whole target is tried first.
        let mut tries = vec![(target, None)];
        if let Some((before, fragment)) = target.split_once('#') {
            tries.push((before, fragment_of(fragment)));
        }
        for (wanted, fragment) in &tries {
            if let Some(id) = self.find_path(wanted) {
                return Some(Target {
                    id,
                    fragment: fragment.clone(),
                });
            }
        }
        if let links::Resolution::Post { id, fragment } = self.resolve_reading(target, reading) {
            return Some(Target { id, fragment });
        }
        let (wanted, fragment) = tries.pop().unwrap_or((target, None));
        // A URL whose page is in other languages only is not a slug.
        let url_like = wanted.starts_with('/') || wanted.contains("://");
        if url_like && !self.languages_with(wanted).is_empty() {
            return None;
        }
        let slug = links::url_key(wanted);
        let slug = slug.rsplit('/').next().unwrap_or_default();
        let order = |lang: &Lang| {
            self.languages
                .iter()
                .position(|l| &l.code == lang)
                .unwrap_or(usize::MAX)
        };
        let id = (0..self.posts.len())
            .filter(|&id| {
                let post = &self.posts[id];
                let key = links::url_key(&post.url);
                key.rsplit('/').next() == Some(slug)
                    || links::url_key(&post.path.file_stem().unwrap_or_default().to_string_lossy())
                        .trim_start_matches('/')
                        == slug
            })
            .min_by_key(|&id| {
                let lang = &self.posts[id].lang;
                (
                    Some(lang) != reading,
                    lang != &self.default_lang,
                    order(lang),
                    id,
                )
            })?;
        Some(Target { id, fragment })
    }

    /// The post whose file `wanted` is: relative to the site, or a longer
    /// path that ends with it.
    fn find_path(&self, wanted: &str) -> Option<PostId> {
        let wanted = wanted.trim_start_matches("./");
        if let Some(id) = self.posts.iter().position(|p| p.display_path() == wanted) {
            return Some(id);
        }
        self.posts
            .iter()
            .position(|p| wanted.ends_with(&format!("/{}", p.display_path())))
    }

    /// The public web address of a post: its language's `baseURL` plus its URL.
    pub fn public_address(&self, post: &Post) -> Option<String> {
        let base = self.language(&post.lang)?.base_url.as_deref()?;
        Some(format!("{}{}", base.trim_end_matches('/'), post.url))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posts_added_to_a_sorted_list_take_their_places() {
        let dir = tempfile::tempdir().expect("temp dir");
        // Dates out of path order, equal dates, undated posts, two languages.
        let dates = [
            "2021-03-01",
            "",
            "2019-05-05",
            "2021-03-01",
            "2024-01-01",
            "",
            "2019-05-05",
            "2022-02-02",
            "2018-01-01",
            "2024-01-01T08:00:00",
        ];
        for (i, date) in dates.iter().enumerate() {
            let lang = if i % 3 == 0 { "fr" } else { "en" };
            let date = if date.is_empty() {
                String::new()
            } else {
                format!("date: {date}\n")
            };
            std::fs::create_dir_all(dir.path().join(lang)).expect("dir");
            std::fs::write(
                dir.path().join(lang).join(format!("p{i:02}.md")),
                format!("---\ntitle: P{i}\n{date}---\nText.\n"),
            )
            .expect("write");
        }
        let site = load(&Source::Directory(dir.path().to_path_buf()));
        for lang in [None, Some(Lang::new("en")), Some(Lang::new("fr"))] {
            let whole = site.newest_first(lang.as_ref());
            for split in 0..=site.posts.len() {
                let part = Site {
                    posts: site.posts[..split].to_vec(),
                    ..site.clone()
                };
                let mut order = part.newest_first(lang.as_ref());
                site.extend_newest_first(&mut order, split, lang.as_ref());
                assert_eq!(order, whole, "{lang:?} split at {split}");
            }
        }
    }

    #[test]
    fn a_clone_shares_the_file_and_keeps_its_own_links() {
        let site = pair("date: 2024-03-01", "date: 2024-03-02");
        let original = &site.posts[0];
        let mut clone = original.clone();
        assert!(Arc::ptr_eq(&original.data, &clone.data));
        clone.translations.clear();
        assert!(!original.translations.is_empty());
        // Changing the file's fields copies them first: the original keeps its own.
        clone.data_mut().title = "Changed".to_string();
        assert!(!Arc::ptr_eq(&original.data, &clone.data));
        assert_eq!(
            (original.title.as_str(), clone.title.as_str()),
            ("T", "Changed")
        );
    }

    fn pair(english: &str, french: &str) -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        for (lang, front) in [("en", english), ("fr", french)] {
            std::fs::create_dir_all(dir.path().join(lang)).expect("dir");
            std::fs::write(
                dir.path().join(lang).join("post.md"),
                format!("---\ntitle: T\ntranslationKey: k\n{front}\n---\nText.\n"),
            )
            .expect("write");
        }
        load(&Source::Directory(dir.path().to_path_buf()))
    }

    fn states(site: &Site) -> (Option<TranslationState>, Option<TranslationState>) {
        let id = |lang: &str| {
            site.posts
                .iter()
                .position(|p| p.lang == Lang::new(lang))
                .expect("both posts")
        };
        (
            site.translation_state(id("en"), &Lang::new("fr")),
            site.translation_state(id("fr"), &Lang::new("en")),
        )
    }

    #[test]
    fn a_translation_more_than_30_days_behind_is_older() {
        let site = pair("date: 2024-03-01\nlastmod: 2024-05-10", "date: 2024-03-02");
        assert_eq!(
            states(&site),
            (
                Some(TranslationState::Older),
                Some(TranslationState::Current)
            ),
            "the English was updated 69 days after the French"
        );
    }

    #[test]
    fn thirty_days_or_undated_is_current() {
        let site = pair("date: 2024-03-31", "date: 2024-03-01");
        assert_eq!(
            states(&site),
            (
                Some(TranslationState::Current),
                Some(TranslationState::Current)
            )
        );
        let site = pair("date: 2024-03-31", "draft: false");
        assert_eq!(
            states(&site),
            (
                Some(TranslationState::Current),
                Some(TranslationState::Current)
            )
        );
    }
}
