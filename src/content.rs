//! The loaded site: posts, languages, translations and the URL index.

pub mod date;
pub mod freshness;
pub mod front_matter;
pub mod history;
pub mod layout;
pub mod links;
pub mod load;
pub mod refresh;
pub mod source;

use self::date::PostDate;
use self::front_matter::FrontMatter;
use self::links::UrlIndex;
use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use self::layout::LayoutKind;
pub use self::load::{LoadError, load};
pub use self::source::Source;

/// Index of a post in [`Site::posts`].
pub type PostId = usize;

/// A language code as a site writes it, lower-cased (`en`, `fr`, `pt-br`).
/// Every post and translation link holds one: clones share the text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Lang(Arc<str>);

impl Lang {
    /// The language's name in itself (`Français`, `বাংলা`), when known:
    /// the names a site leaves out are shown the way its readers know them.
    pub fn endonym(&self) -> Option<&'static str> {
        let name = match self.as_str() {
            "pt-br" => "Português (Brasil)",
            "pt-pt" => "Português (Portugal)",
            "zh-cn" | "zh-hans" | "zh-sg" => "中文（简体）",
            "zh-tw" | "zh-hant" | "zh-hk" => "中文（繁體）",
            _ => match self.primary() {
                "ar" => "العربية",
                "bn" => "বাংলা",
                "cr" => "ᓀᐦᐃᔭᐍᐏᐣ",
                "de" => "Deutsch",
                "el" => "Ελληνικά",
                "en" => "English",
                "es" => "Español",
                "fa" => "فارسی",
                "fr" => "Français",
                "gu" => "ગુજરાતી",
                "he" => "עברית",
                "hi" => "हिन्दी",
                "it" => "Italiano",
                "iu" => "ᐃᓄᒃᑎᑐᑦ",
                "ja" => "日本語",
                "ko" => "한국어",
                "nl" => "Nederlands",
                "pa" => "ਪੰਜਾਬੀ",
                "pl" => "Polski",
                "pt" => "Português",
                "ru" => "Русский",
                "so" => "Soomaali",
                "sv" => "Svenska",
                "ta" => "தமிழ்",
                "tl" => "Tagalog",
                "tr" => "Türkçe",
                "uk" => "Українська",
                "ur" => "اردو",
                "vi" => "Tiếng Việt",
                "zh" => "中文",
                _ => return None,
            },
        };
        Some(name)
    }

    /// Normalises `fr_CA`, `FR-ca` and ` fr ` alike to `fr-ca`.
    pub fn new(code: &str) -> Lang {
        Lang(code.trim().to_ascii_lowercase().replace('_', "-").into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary subtag: `fr` for `fr-ca`.
    pub fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }
}

/// The language among `available` (in the site's order) a BCP 47 tag
/// means, case aside: the same code; the tag with subtags dropped from the
/// end (`fr-CA` → `fr`); for Chinese, the same script, written or implied
/// by the region (`zh-Hant`, `zh-TW`, `zh-HK` → `zh-tw` or `zh-hant`);
/// else the first with the same language (`pt` → `pt-br`), never one of
/// the other script.
pub fn best_language(tag: &str, available: &[Lang]) -> Option<Lang> {
    if !layout::is_language_tag(tag.trim()) {
        return None;
    }
    let wanted = Lang::new(tag);
    let find = |code: &str| available.iter().find(|l| l.as_str() == code).cloned();
    if let Some(lang) = find(wanted.as_str()) {
        return Some(lang);
    }
    // Subtags dropped from the end, down to two (`zh-hant-tw` → `zh-hant`).
    let parts: Vec<&str> = wanted.as_str().split('-').collect();
    for len in (2..parts.len()).rev() {
        if let Some(lang) = find(&parts[..len].join("-")) {
            return Some(lang);
        }
    }
    let same_language: Vec<&Lang> = available
        .iter()
        .filter(|l| l.primary() == wanted.primary())
        .collect();
    if let Some(script) = script_of(&wanted) {
        if let Some(lang) = same_language.iter().find(|l| script_of(l) == Some(script)) {
            return Some((*lang).clone());
        }
    }
    if let Some(lang) = find(wanted.primary()) {
        return Some(lang);
    }
    let script = script_of(&wanted);
    same_language
        .into_iter()
        .find(|l| script.is_none() || script_of(l).is_none_or(|s| Some(s) == script))
        .cloned()
}

/// The script a Chinese code writes or implies: `hant` (Traditional:
/// `zh-hant`, `zh-tw`, `zh-hk`, `zh-mo`) or `hans` (Simplified: `zh-hans`,
/// `zh-cn`, `zh-sg`, `zh-my`).
fn script_of(lang: &Lang) -> Option<&'static str> {
    if lang.primary() != "zh" {
        return None;
    }
    lang.as_str()
        .split('-')
        .skip(1)
        .find_map(|part| match part {
            "hant" | "tw" | "hk" | "mo" => Some("hant"),
            "hans" | "cn" | "sg" | "my" => Some("hans"),
            _ => None,
        })
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One language of a site, as its configuration describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    pub code: Lang,
    /// Its own name for itself (`Français`), when the site says.
    pub name: Option<String>,
    /// The site's address in this language (`https://numerique.canada.ca/`).
    pub base_url: Option<String>,
    /// Hugo's `contentDir`, relative to the site root.
    pub content_dir: Option<PathBuf>,
}

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

/// A post's versions in other languages, by language, in language order.
///
/// Posts that are one another's translations form a group, at most one
/// post per language, stored once and shared by every member: each holds
/// the group and where it stands in it, and sees the others. A group of a
/// thousand languages is one list of a thousand, not a thousand lists of
/// 999 (which made linking and memory quadratic in the languages).
#[derive(Clone, Default)]
pub struct Translations {
    /// The group, sorted by language; `None` for a post without any.
    group: Option<Arc<[(Lang, PostId)]>>,
    /// The post's own place in `group`, left out of what it shows;
    /// `NOT_IN_GROUP` for a list of others alone (built by `insert`).
    own: u32,
}

const NOT_IN_GROUP: u32 = u32::MAX;

impl Translations {
    /// The translations of the post at `own` in `group`: the group less
    /// that post. `group` must be sorted by language, each at most once.
    pub fn of_group(group: Arc<[(Lang, PostId)]>, own: usize) -> Translations {
        debug_assert!(group.is_sorted_by(|a, b| a.0 < b.0));
        debug_assert!(own < group.len());
        if group.len() < 2 {
            return Translations::default();
        }
        Translations {
            group: Some(group),
            own: u32::try_from(own).expect("fewer than 2³² languages"),
        }
    }

    /// Kept sorted by language, so a post translated into every one of a
    /// thousand languages is searched, not scanned.
    pub fn get(&self, lang: &Lang) -> Option<&PostId> {
        let group = self.group.as_deref()?;
        let at = group.binary_search_by(|(l, _)| l.cmp(lang)).ok()?;
        (at != self.own as usize).then(|| &group[at].1)
    }

    pub fn contains_key(&self, lang: &Lang) -> bool {
        self.get(lang).is_some()
    }

    /// Sets the version in `lang`; returns the one it replaces. The post
    /// then has a list of its own, no longer shared with its group: for
    /// building by hand; loading links whole groups (`of_group`).
    pub fn insert(&mut self, lang: Lang, id: PostId) -> Option<PostId> {
        let mut others: Vec<(Lang, PostId)> = self.iter().map(|(l, &id)| (l.clone(), id)).collect();
        let replaced = match others.binary_search_by(|(l, _)| l.cmp(&lang)) {
            Ok(at) => Some(std::mem::replace(&mut others[at].1, id)),
            Err(at) => {
                others.insert(at, (lang, id));
                None
            }
        };
        *self = Translations {
            group: Some(others.into()),
            own: NOT_IN_GROUP,
        };
        replaced
    }

    /// How many other languages the post is in.
    pub fn len(&self) -> usize {
        let whole = self.group.as_ref().map_or(0, |group| group.len());
        whole - usize::from(self.own != NOT_IN_GROUP && whole > 0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn clear(&mut self) {
        *self = Translations::default();
    }

    pub fn values(&self) -> impl Iterator<Item = &PostId> {
        self.iter().map(|(_, id)| id)
    }

    pub fn keys(&self) -> impl Iterator<Item = &Lang> {
        self.iter().map(|(lang, _)| lang)
    }

    pub fn iter(&self) -> TranslationsIter<'_> {
        self.into_iter()
    }

    /// Whether `self` and `other` are views of one stored group (two
    /// translations of each other share it).
    pub fn shares_group_with(&self, other: &Translations) -> bool {
        match (&self.group, &other.group) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl fmt::Debug for Translations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// Equal when they show the same translations, shared or not.
impl PartialEq for Translations {
    fn eq(&self, other: &Translations) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Translations {}

/// A post's translations, in language order.
pub struct TranslationsIter<'t> {
    entries: std::iter::Enumerate<std::slice::Iter<'t, (Lang, PostId)>>,
    own: usize,
}

impl<'t> Iterator for TranslationsIter<'t> {
    type Item = (&'t Lang, &'t PostId);

    fn next(&mut self) -> Option<Self::Item> {
        let own = self.own;
        self.entries
            .find(|(at, _)| *at != own)
            .map(|(_, (lang, id))| (lang, id))
    }
}

impl<'t> IntoIterator for &'t Translations {
    type Item = (&'t Lang, &'t PostId);
    type IntoIter = TranslationsIter<'t>;

    fn into_iter(self) -> TranslationsIter<'t> {
        TranslationsIter {
            entries: self.group.as_deref().unwrap_or_default().iter().enumerate(),
            own: self.own as usize,
        }
    }
}

impl FromIterator<(Lang, PostId)> for Translations {
    fn from_iter<I: IntoIterator<Item = (Lang, PostId)>>(items: I) -> Translations {
        let mut translations = Translations::default();
        for (lang, id) in items {
            translations.insert(lang, id);
        }
        translations
    }
}

/// The decoded text of a post's file. Files read together share one
/// allocation (a site of 100,000 posts holds a few thousand, not 100,000),
/// and a clone is a reference count, so a background task can read bodies
/// without copying them.
#[derive(Clone)]
pub struct FileText {
    shared: Arc<String>,
    start: usize,
    body: usize,
    end: usize,
    /// [`content_hash`] of the whole file: worked out as it is read (on
    /// the loader's threads), so that neither the reader's thread nor
    /// each served session hashes a gigabyte of text to know which
    /// posts changed since they were read.
    hash: u64,
}

impl Default for FileText {
    fn default() -> FileText {
        FileText::own(String::new(), 0)
    }
}

impl FileText {
    /// A file's text in an allocation of its own; its body starts at
    /// byte `body_start`.
    pub fn own(text: String, body_start: usize) -> FileText {
        let end = text.len();
        FileText {
            hash: content_hash(text.as_bytes()),
            shared: Arc::new(text),
            start: 0,
            body: body_start.min(end),
            end,
        }
    }

    /// `shared[start..end]`, a file among others, its body from `body`.
    /// The offsets fall on character boundaries, `start <= body <= end`.
    pub fn within(shared: Arc<String>, start: usize, body: usize, end: usize) -> FileText {
        debug_assert!(start <= body && body <= end && end <= shared.len());
        FileText {
            hash: content_hash(&shared.as_bytes()[start..end]),
            shared,
            start,
            body,
            end,
        }
    }

    /// [`content_hash`] of [`FileText::whole`].
    pub fn hash(&self) -> u64 {
        self.hash
    }

    /// The whole file: front matter and body.
    pub fn whole(&self) -> &str {
        &self.shared[self.start..self.end]
    }

    pub fn body(&self) -> &str {
        &self.shared[self.body..self.end]
    }

    /// The line of the file (from 1) holding byte `offset` of the body:
    /// lines of front matter are counted, and a CRLF is one line break.
    /// Counts the file from its start, which is only done on asking.
    pub fn line_of_body_offset(&self, offset: usize) -> usize {
        let end = self.body.saturating_add(offset).min(self.end);
        1 + memchr::memchr_iter(b'\n', &self.shared.as_bytes()[self.start..end]).count()
    }
}

/// A hash of a file's text that stays the same from one release to the
/// next (it is written in state files): four lanes of multiply-and-rotate
/// over 8-byte words (independent, so a core runs them side by side: at
/// 100,000 posts every byte of a gigabyte goes through here), then mixed.
/// It tells a changed file from an unchanged one, no more.
pub fn content_hash(text: &[u8]) -> u64 {
    const PRIME: u64 = 0x9e37_79b9_7f4a_7c15;
    let seed = 0xcbf2_9ce4_8422_2325 ^ text.len() as u64;
    let mut lanes = [
        seed,
        seed.rotate_left(16),
        seed.rotate_left(32),
        seed.rotate_left(48),
    ];
    let mut blocks = text.chunks_exact(32);
    for block in &mut blocks {
        for (lane, word) in lanes.iter_mut().zip(block.chunks_exact(8)) {
            let value = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
            *lane = (*lane ^ value).wrapping_mul(PRIME).rotate_left(31);
        }
    }
    let mut hash = lanes.iter().fold(0u64, |hash, &lane| {
        (hash ^ lane).wrapping_mul(PRIME).rotate_left(27)
    });
    for &byte in blocks.remainder() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(PRIME);
    }
    // A final mix, so that nearby inputs spread over all the bits.
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^ (hash >> 33)
}

impl fmt::Debug for FileText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileText")
            .field("bytes", &(self.end - self.start))
            .field("body_from", &(self.body - self.start))
            .finish()
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

/// A file that is not a post, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: SkipReason,
}

/// Why a file is not a post.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SkipReason {
    #[error("redirect stub (HTML without front matter)")]
    RedirectStub {
        /// Where it sends readers (`<meta http-equiv="refresh" content="0; url=…">`).
        target: Option<String>,
    },
    #[error("HTML without front matter")]
    HtmlWithoutFrontMatter,
    #[error("not a post (.{0} file)")]
    NotAPost(String),
    #[error("hidden file")]
    Hidden,
    #[error("empty file")]
    Empty,
    #[error("binary file (NUL bytes)")]
    Binary,
    #[error("larger than the {limit} byte limit ({size} bytes)")]
    TooLarge { size: u64, limit: u64 },
    #[error("not a regular file ({0})")]
    NotRegularFile(&'static str),
    #[error("symbolic link loop")]
    SymlinkLoop,
    #[error("symbolic link to outside the site")]
    OutsideSite,
    #[error("symbolic link to a directory (not followed)")]
    DirectoryLink,
    #[error("front matter opened at line {0} never closes")]
    UnclosedFrontMatter(usize),
    #[error("cannot read: {0}")]
    Unreadable(String),
    /// Gone when it was to be read: removed since the walk, or a link
    /// that leads nowhere.
    #[error("cannot read: not found (removed, or a broken symbolic link)")]
    Missing,
}

impl SkipReason {
    /// Whether the file was meant to be content but could not be used: these
    /// make `liseuse check` fail. Redirect stubs, images and the like do not.
    pub fn is_problem(&self) -> bool {
        matches!(
            self,
            SkipReason::Binary
                | SkipReason::TooLarge { .. }
                | SkipReason::SymlinkLoop
                | SkipReason::UnclosedFrontMatter(_)
                | SkipReason::Unreadable(_)
                | SkipReason::Missing
        )
    }
}

/// Something wrong with a file that did not stop it from loading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub path: PathBuf,
    /// 1-based line, when one is to blame.
    pub line: Option<usize>,
    pub kind: WarningKind,
    pub message: String,
}

/// The kinds of [`Warning`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WarningKind {
    /// YAML or TOML that had to be read tolerantly, or a field of the wrong type.
    FrontMatter,
    /// Bytes that are not valid UTF-8.
    Encoding,
    /// A date that could not be read.
    Date,
    /// A `translationKey` used twice in one language.
    AmbiguousKey,
    /// A translation link (`trans_url`) that leads to no post.
    DanglingTranslation,
    /// A `translationKey` no post of another language shares.
    LoneTranslationKey,
    /// The directory and the front matter name different languages.
    LanguageMismatch,
    /// Two posts of one language claim the same public URL.
    UrlConflict,
    /// The site configuration could not be read.
    Config,
}

impl WarningKind {
    pub fn label(self) -> &'static str {
        match self {
            WarningKind::FrontMatter => "front matter",
            WarningKind::Encoding => "encoding",
            WarningKind::Date => "date",
            WarningKind::AmbiguousKey => "ambiguous translation key",
            WarningKind::DanglingTranslation => "translation points nowhere",
            WarningKind::LoneTranslationKey => "translation key without partner",
            WarningKind::LanguageMismatch => "language disagreement",
            WarningKind::UrlConflict => "URL conflict",
            WarningKind::Config => "site configuration",
        }
    }
}

impl fmt::Display for WarningKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
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
    /// (case and accents aside), then by path.
    pub fn by_title(&self, lang: Option<&Lang>) -> Vec<PostId> {
        let mut keyed: Vec<(String, PostId)> = (0..self.posts.len())
            .filter(|&id| lang.is_none_or(|l| &self.posts[id].lang == l))
            .map(|id| (crate::text::fold(&self.posts[id].title).text, id))
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
    fn translations_keep_language_order_and_replace_in_place() {
        let mut translations = Translations::default();
        assert_eq!(translations.insert(Lang::new("fr"), 3), None);
        assert_eq!(translations.insert(Lang::new("de"), 7), None);
        assert_eq!(translations.insert(Lang::new("es"), 9), None);
        assert_eq!(translations.insert(Lang::new("FR"), 4), Some(3));
        let keys: Vec<&str> = translations.keys().map(Lang::as_str).collect();
        assert_eq!(keys, ["de", "es", "fr"]);
        assert_eq!(translations.get(&Lang::new("fr")), Some(&4));
        assert!(!translations.contains_key(&Lang::new("en")));
        let pairs: Vec<(String, PostId)> = (&translations)
            .into_iter()
            .map(|(l, &id)| (l.to_string(), id))
            .collect();
        assert_eq!(
            pairs,
            [("de".into(), 7), ("es".into(), 9), ("fr".into(), 4)]
        );
        translations.clear();
        assert!(translations.is_empty());
    }

    #[rstest::rstest]
    #[case::same("fr", &["en", "fr"], Some("fr"))]
    #[case::case_aside("FR", &["en", "fr"], Some("fr"))]
    #[case::region_dropped("fr-CA", &["en", "fr"], Some("fr"))]
    #[case::underscore("fr_CA", &["en", "fr"], Some("fr"))]
    #[case::region_kept("pt-BR", &["en", "pt-br", "pt-pt"], Some("pt-br"))]
    #[case::language_alone("pt", &["en", "pt-br"], Some("pt-br"))]
    #[case::other_region("fr-CA", &["en", "fr-fr"], Some("fr-fr"))]
    #[case::script_to_region("zh-Hant", &["zh-cn", "zh-tw"], Some("zh-tw"))]
    #[case::script_to_script("zh-Hant", &["zh", "zh-hant"], Some("zh-hant"))]
    #[case::script_before_bare("zh-Hant", &["zh", "zh-tw"], Some("zh-tw"))]
    #[case::region_to_script("zh-TW", &["zh-hans", "zh-hant"], Some("zh-hant"))]
    #[case::hong_kong("zh-HK", &["zh-cn", "zh-tw"], Some("zh-tw"))]
    #[case::script_and_region("zh-Hant-TW", &["zh-hant"], Some("zh-hant"))]
    #[case::simplified("zh-Hans", &["zh-tw", "zh-cn"], Some("zh-cn"))]
    #[case::never_the_other_script("zh-Hans", &["en", "zh-tw"], None)]
    #[case::unknown("xx", &["en", "fr"], None)]
    #[case::not_a_tag("fr fr", &["en", "fr"], None)]
    fn bcp47_tags_find_the_site_language(
        #[case] tag: &str,
        #[case] available: &[&str],
        #[case] expected: Option<&str>,
    ) {
        let available: Vec<Lang> = available.iter().map(|c| Lang::new(c)).collect();
        assert_eq!(best_language(tag, &available), expected.map(Lang::new));
    }

    #[test]
    fn file_text_is_the_file_and_its_body() {
        let text = FileText::own("---\ntitle: T\n---\nBody\n".to_string(), 17);
        assert_eq!(text.whole(), "---\ntitle: T\n---\nBody\n");
        assert_eq!(text.body(), "Body\n");
        let empty = FileText::default();
        assert_eq!((empty.whole(), empty.body()), ("", ""));
        // The hash is the whole file's, however the text is held.
        assert_eq!(text.hash(), content_hash(text.whole().as_bytes()));
        assert_eq!(empty.hash(), content_hash(b""));
        let shared = Arc::new("one---\nx\n---\nBody\ntwo".to_string());
        let within = FileText::within(Arc::clone(&shared), 3, 14, 18);
        assert_eq!(within.whole(), "---\nx\n---\nBody\n");
        assert_eq!(within.hash(), content_hash(within.whole().as_bytes()));
        assert_ne!(within.hash(), content_hash(shared.as_bytes()));
    }

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
                    origin: site.origin.clone(),
                    layout: site.layout,
                    languages: site.languages.clone(),
                    default_lang: site.default_lang.clone(),
                    posts: site.posts[..split].to_vec(),
                    skipped: Vec::new(),
                    warnings: Vec::new(),
                    urls: Default::default(),
                    partial: false,
                    time_zone: None,
                    dates: Default::default(),
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
