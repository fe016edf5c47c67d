//! The URL index: every URL each post answers to, per language and host,
//! and where a link written in a post leads (a post, a file, a redirect,
//! elsewhere). Apart from permalinks because it reads them all and is
//! asked for every link followed.

use super::permalink::{hugo_sanitize, language_prefix};
use crate::content::layout::SiteConfig;
use crate::content::{Lang, Post, PostId, Warning, WarningKind};
use percent_encoding::percent_decode_str;
use rayon::prelude::*;
use smallvec::SmallVec;
use std::collections::{HashMap, HashSet};
use unicode_normalization::UnicodeNormalization;

/// A URL path reduced to the form the index compares: decoded, lower case,
/// sanitised as Hugo does, no trailing `/`, `index.html` or `.html`.
pub fn url_key(path: &str) -> String {
    use std::borrow::Cow;
    use unicode_normalization::{IsNormalized, is_nfc_quick};
    let path = path.split(['#', '?']).next().unwrap_or("");
    let decoded: Cow<'_, str> = if path.contains('%') {
        percent_decode_str(path).decode_utf8_lossy()
    } else {
        Cow::Borrowed(path)
    };
    let normalized: Cow<'_, str> =
        if decoded.is_ascii() || is_nfc_quick(decoded.chars()) == IsNormalized::Yes {
            decoded
        } else {
            Cow::Owned(decoded.nfc().collect())
        };
    let sanitized = hugo_sanitize(&normalized);
    // A segment made only of what the rules drop (`/!!!/`, `/%00/`,
    // `/%20/`) must not vanish and leave its parent (the home page) to
    // answer: such a path is kept whole, to match only itself.
    let vanished = normalized
        .split(['/', '\\'])
        .zip(sanitized.split(['/', '\\']))
        .any(|(raw, clean)| !raw.is_empty() && clean.trim_matches('-').is_empty());
    if vanished {
        return format!("\u{0}{}", normalized.to_lowercase());
    }
    // One pass: `\` is `/`; runs of `/` and of `-` fold to one (Hugo
    // versions differ on `a-:-b`, and old links outlive them); hyphens at
    // the ends of a segment go (`-title.md` is linked as `title/`).
    let mut key = String::with_capacity(sanitized.len() + 1);
    key.push('/');
    for c in sanitized.chars() {
        let c = if c == '\\' { '/' } else { c };
        match c {
            '/' => {
                while key.ends_with('-') {
                    key.pop();
                }
                if !key.ends_with('/') {
                    key.push('/');
                }
            }
            '-' if key.ends_with('-') || key.ends_with('/') => {}
            c => key.push(c),
        }
    }
    while key.ends_with('-') {
        key.pop();
    }
    loop {
        let before = key.len();
        for suffix in [
            "/index.html",
            "/index.htm",
            "/_index",
            "/index",
            ".html",
            ".htm",
            ".md",
            ".markdown",
            "/",
        ] {
            if key.len() > suffix.len() && key.ends_with(suffix) {
                key.truncate(key.len() - suffix.len());
            }
        }
        if key.len() == before {
            break;
        }
    }
    key
}

/// Where a link leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// A local post, with the `#fragment` if any.
    Post {
        id: PostId,
        fragment: Option<String>,
    },
    /// A heading of the same page.
    Anchor(String),
    /// A local file that is not a post (a PDF, an image).
    File(String),
    /// A page of the site that only redirects readers elsewhere.
    Redirect { target: String },
    /// Off the site.
    External(String),
    /// On the site, but no post answers to it.
    NotFound(String),
}

impl Resolution {
    /// Whether the link points into the site (found or not).
    pub fn is_internal(&self) -> bool {
        matches!(
            self,
            Resolution::Post { .. }
                | Resolution::File(_)
                | Resolution::Redirect { .. }
                | Resolution::NotFound(_)
        )
    }
}

/// Every URL each post answers to, per language, and the site's hosts.
///
/// A URL names a language: by its host (a language with a host of its
/// own), by a `/fr/` prefix, or, with neither, the language at the root of
/// its host (the default one). [`UrlIndex::resolve`] looks in that
/// language: a URL a post is published at (its permalink, `url` or
/// `aliases`) first, in any language served there; then a guess from a
/// file's path, in the language named only. Ties go to the language the
/// URL names, then the site's default, then the reading language, then
/// the site's order of languages: never to the order of codes or paths.
#[derive(Debug, Clone, Default)]
pub struct UrlIndex {
    /// What each post is published at: its permalink, `url` and
    /// `aliases`. Nearly every key leads to one post: kept inline, and
    /// keys without spare capacity (a large site has several hundred
    /// thousand).
    exact: HashMap<Box<str>, SmallVec<[PostId; 1]>>,
    /// Guesses from each file's path (`/blog/x`, `/fr/blog/x`), for links
    /// written by hand; only keys a post is not published at.
    by_path: HashMap<Box<str>, SmallVec<[PostId; 1]>>,
    /// Host (lower case, no `www.`) → the languages served there.
    hosts: HashMap<String, Served>,
    /// Each language's host: the first one configured for it.
    host_of: HashMap<Lang, String>,
    /// Every language of the site and of its posts, the default first,
    /// then in the site's order; with whether its URLs start with `/code/`.
    languages: Vec<(Lang, bool)>,
    /// Each language's place in `languages`, by code: URLs are resolved
    /// by lookups, not by scanning the languages (thousands of them made
    /// each link cost as much).
    language_at: HashMap<Box<str>, usize>,
    /// The languages whose URLs have no prefix, in the order of `languages`.
    unprefixed: Vec<Lang>,
    /// Redirect stubs: URL key → where they send readers.
    redirects: HashMap<String, String>,
}

/// The languages served at one host, in the site's order.
#[derive(Debug, Clone, Default)]
struct Served {
    list: Vec<Lang>,
    set: HashSet<Lang>,
}

impl Served {
    fn contains(&self, lang: &Lang) -> bool {
        self.set.contains(lang)
    }
}

/// Where a URL was met, which tells which language it means when its path
/// does not say.
#[derive(Debug, Clone, Copy, Default)]
struct Context<'a> {
    /// The languages served at the URL's host; `None` when no host is
    /// known (a root-relative path given on the command line).
    served: Option<&'a Served>,
    /// The language a path without prefix means, when the URL does not say
    /// (a path joined to a file inside one language's tree); `None`: the
    /// languages at the root of the host.
    meant: Option<&'a Lang>,
    /// Who wins a tie after the language named and the site's default.
    reading: Option<&'a Lang>,
}

/// Host of an absolute URL, lower case and without `www.`.
fn host_of(url: &str) -> Option<String> {
    let rest = url
        .split_once("://")
        .map(|(_, r)| r)
        .or_else(|| url.strip_prefix("//"))?;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host
        .rsplit('@')
        .next()?
        .split(':')
        .next()?
        .to_ascii_lowercase();
    Some(host.strip_prefix("www.").unwrap_or(&host).to_string())
}

fn path_of_absolute(url: &str) -> &str {
    let rest = url
        .split_once("://")
        .map(|(_, r)| r)
        .or_else(|| url.strip_prefix("//"))
        .unwrap_or(url);
    rest.find('/').map_or("/", |slash| &rest[slash..])
}

fn fragment_of(url: &str) -> Option<String> {
    url.split_once('#')
        .map(|(_, f)| percent_decode_str(f).decode_utf8_lossy().into_owned())
        .filter(|f| !f.is_empty())
}

fn has_scheme(url: &str) -> bool {
    let Some(colon) = url.find(':') else {
        return false;
    };
    let scheme = &url[..colon];
    !scheme.is_empty()
        && scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Extensions of pages; any other extension is a file.
fn is_page_path(path: &str) -> bool {
    let path = path.split(['#', '?']).next().unwrap_or("");
    let last = path.rsplit('/').next().unwrap_or("");
    match last.rsplit_once('.') {
        None => true,
        Some((_, ext)) => {
            let ext = ext.to_ascii_lowercase();
            matches!(
                ext.as_str(),
                "html" | "htm" | "md" | "markdown" | "php" | "asp" | "aspx"
            ) || ext.len() > 5
                || ext.chars().all(|c| c.is_ascii_digit())
                || ext.chars().any(|c| !c.is_ascii_alphanumeric())
        }
    }
}

/// Joins a relative reference to a base directory path, resolving `.` and `..`.
fn join_relative(base_dir: &str, relative: &str) -> String {
    let mut parts: Vec<&str> = base_dir.split('/').filter(|s| !s.is_empty()).collect();
    for segment in relative.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let trailing = if relative.ends_with('/') { "/" } else { "" };
    format!("/{}{}", parts.join("/"), trailing)
}

/// The keys a post is found at: those it is published at (its public
/// URL, `url` field and aliases, sorted), guesses from its file's path
/// (those it is not published at), and its public URL's key.
fn post_keys(post: &Post) -> (Vec<String>, Vec<String>, String) {
    let mut exact: Vec<String> = Vec::with_capacity(2 + post.aliases.len());
    let public = url_key(path_of_absolute(&post.url));
    exact.push(public.clone());
    if let Some(explicit) = &post.url_field {
        exact.push(url_key(path_of_absolute(explicit)));
    }
    exact.extend(
        post.aliases
            .iter()
            .map(|alias| url_key(path_of_absolute(alias))),
    );
    exact.sort();
    exact.dedup();
    let lang_path = post.lang_path.to_string_lossy();
    let file_key = url_key(&lang_path);
    let mut by_path = vec![format!(
        "/{}{}",
        post.lang,
        if file_key == "/" { "" } else { &file_key }
    )];
    by_path.push(file_key);
    by_path.retain(|key| exact.binary_search(key).is_err());
    (exact, by_path, public)
}

/// The languages a URL index of `posts` knows, in its order: the
/// default, the site's, then those only posts name, each once.
fn index_languages<'p>(config: &'p SiteConfig, posts: &'p [Post]) -> Vec<&'p Lang> {
    let codes = std::iter::once(&config.default_lang)
        .chain(config.languages.iter().map(|l| &l.code))
        .chain(posts.iter().map(|post| &post.lang));
    let mut seen: HashSet<&Lang> = HashSet::new();
    codes.filter(|code| seen.insert(code)).collect()
}

impl UrlIndex {
    /// The index of `posts`, a site read again in part, made from this
    /// index (of the site before) rather than from every post again: the
    /// keys of the posts kept (`kept_from` gives each one's id before)
    /// move to their new ids, those of the posts read are computed. Warns
    /// of URL conflicts as [`UrlIndex::build`] does. `None` when the
    /// languages the index knows changed: then it is built whole.
    pub fn refreshed(
        &self,
        posts: &[Post],
        kept_from: &[Option<PostId>],
        config: &SiteConfig,
        warnings: &mut Vec<Warning>,
    ) -> Option<UrlIndex> {
        let languages = index_languages(config, posts);
        if languages.len() != self.languages.len()
            || languages
                .iter()
                .zip(&self.languages)
                .any(|(new, (old, _))| *new != old)
        {
            return None;
        }
        let old_posts = kept_from.iter().flatten().max().map_or(0, |&id| id + 1);
        let mut new_of_old: Vec<Option<PostId>> = vec![None; old_posts];
        for (id, from) in kept_from.iter().enumerate() {
            if let Some(from) = from {
                new_of_old[*from] = Some(id);
            }
        }
        // Ids move in the order they were in: each key's list stays sorted.
        let moved = |map: &HashMap<Box<str>, SmallVec<[PostId; 1]>>| {
            let mut out: HashMap<Box<str>, SmallVec<[PostId; 1]>> =
                HashMap::with_capacity(map.len() + map.len() / 8);
            for (key, ids) in map {
                let ids: SmallVec<[PostId; 1]> = ids
                    .iter()
                    .filter_map(|&id| new_of_old.get(id).copied().flatten())
                    .collect();
                if !ids.is_empty() {
                    out.insert(key.clone(), ids);
                }
            }
            out
        };
        let mut index = UrlIndex {
            exact: moved(&self.exact),
            by_path: moved(&self.by_path),
            hosts: self.hosts.clone(),
            host_of: self.host_of.clone(),
            languages: self.languages.clone(),
            language_at: self.language_at.clone(),
            unprefixed: self.unprefixed.clone(),
            // Made again from the files skipped, by the caller.
            redirects: HashMap::new(),
        };
        for (id, post) in posts.iter().enumerate() {
            if kept_from.get(id).copied().flatten().is_some() {
                continue;
            }
            let (exact, by_path, _) = post_keys(post);
            for (map, keys) in [(&mut index.exact, exact), (&mut index.by_path, by_path)] {
                for key in keys {
                    let ids = map.entry(key.into_boxed_str()).or_default();
                    if let Err(at) = ids.binary_search(&id) {
                        ids.insert(at, id);
                    }
                }
            }
        }
        // Conflicts: only among posts sharing a key, in id order, as
        // `build` finds them; each post is judged at its public URL's key.
        for (key, ids) in index.exact.iter().filter(|(_, ids)| ids.len() > 1) {
            let publics: Vec<(PostId, String)> = ids
                .iter()
                .map(|&id| (id, url_key(path_of_absolute(&posts[id].url))))
                .collect();
            for (at, (id, public)) in publics.iter().enumerate() {
                // Judged once: at the entry of its own public key.
                if public.as_str() != &**key {
                    continue;
                }
                let post = &posts[*id];
                let claimed = publics[..at]
                    .iter()
                    .find(|(other, other_key)| {
                        other_key == public && posts[*other].lang == post.lang
                    })
                    .map(|(other, _)| *other);
                if let Some(claimed) = claimed.filter(|&c| posts[c].url == post.url) {
                    warnings.push(url_conflict(post, &posts[claimed]));
                }
            }
        }
        Some(index)
    }

    /// Indexes every post's public URL, `url`, aliases and file path.
    pub fn build(posts: &[Post], config: &SiteConfig, warnings: &mut Vec<Warning>) -> UrlIndex {
        let mut index = UrlIndex::default();
        for language in &config.languages {
            if let Some(host) = language.base_url.as_deref().and_then(host_of) {
                index
                    .host_of
                    .entry(language.code.clone())
                    .or_insert_with(|| host.clone());
                let served = index.hosts.entry(host).or_default();
                served.list.push(language.code.clone());
                served.set.insert(language.code.clone());
            }
        }
        // The default, the site's languages, then those only posts name,
        // each once.
        let codes = std::iter::once(&config.default_lang)
            .chain(config.languages.iter().map(|l| &l.code))
            .chain(posts.iter().map(|post| &post.lang));
        let mut seen: HashSet<&Lang> = HashSet::new();
        for code in codes {
            if seen.insert(code) {
                let prefixed = !language_prefix(config, code).is_empty();
                index
                    .language_at
                    .insert(code.as_str().into(), index.languages.len());
                if !prefixed {
                    index.unprefixed.push(code.clone());
                }
                index.languages.push((code.clone(), prefixed));
            }
        }
        // Keys are computed on every core; inserting them is quick. A
        // handful of posts (`liseuse show FILE`) is not worth starting the
        // threads for.
        let keys_of = post_keys;
        type Keys = (Vec<String>, Vec<String>, String);
        let keys_per_post: Vec<Keys> = if posts.len() < 64 {
            posts.iter().map(keys_of).collect()
        } else {
            posts.par_iter().map(keys_of).collect()
        };
        index.exact.reserve(posts.len() + posts.len() / 4);
        index.by_path.reserve(posts.len() * 2);
        let mut owner: HashMap<(&str, &Lang), PostId> = HashMap::with_capacity(posts.len());
        for (id, (_, _, public)) in keys_per_post.iter().enumerate() {
            let post = &posts[id];
            let claimed = *owner.entry((public.as_str(), &post.lang)).or_insert(id);
            if claimed != id && posts[claimed].url == post.url {
                warnings.push(url_conflict(post, &posts[claimed]));
            }
        }
        drop(owner);
        // The keys move into the index: no second copy of them.
        for (id, (exact, by_path, _)) in keys_per_post.into_iter().enumerate() {
            for (map, keys) in [(&mut index.exact, exact), (&mut index.by_path, by_path)] {
                for key in keys {
                    let ids = map.entry(key.into_boxed_str()).or_default();
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
            }
        }
        // Room was made for a key or more per post; posts that share
        // their URLs leave most of it empty, and an empty slot is
        // resident all the same (keys are spread over the whole table).
        index.exact.shrink_to_fit();
        index.by_path.shrink_to_fit();
        index
    }

    /// How many keys posts are published at, and how many the index has
    /// room for: for tests of its memory.
    #[cfg(test)]
    pub(crate) fn published_keys_and_room(&self) -> (usize, usize) {
        (self.exact.len(), self.exact.capacity())
    }

    /// Every key and the posts it leads to, sorted, published ones then
    /// guesses: for tests comparing two indexes.
    #[cfg(test)]
    pub(crate) fn entries(&self) -> Vec<(bool, String, Vec<PostId>)> {
        let mut entries: Vec<(bool, String, Vec<PostId>)> = self
            .exact
            .iter()
            .map(|(k, ids)| (true, k.to_string(), ids.to_vec()))
            .chain(
                self.by_path
                    .iter()
                    .map(|(k, ids)| (false, k.to_string(), ids.to_vec())),
            )
            .collect();
        entries.sort();
        entries
    }

    /// Records a page that only redirects (a `meta refresh` stub).
    pub fn add_redirect(&mut self, url: &str, target: &str) {
        self.redirects.insert(url_key(url), target.to_string());
    }

    /// The languages served at a host, if it is one of the site's.
    fn host_languages(&self, host: &str) -> Option<&Served> {
        self.hosts.get(host)
    }

    /// The languages served where `lang` is: at its host, when it has one.
    fn languages_beside(&self, lang: &Lang) -> Option<&Served> {
        self.host_languages(self.host_of.get(lang)?)
    }

    /// `lang`'s place in the site's order of languages.
    fn order(&self, lang: &Lang) -> Option<usize> {
        self.language_at.get(lang.as_str()).copied()
    }

    /// Whether an absolute URL is on one of the site's hosts.
    pub fn is_local_host(&self, url: &str) -> bool {
        host_of(url).is_some_and(|host| self.host_languages(&host).is_some())
    }

    /// Where `url`, written in `from`, leads. Ties between languages go to
    /// the default, then to `from`'s language.
    pub fn resolve(&self, url: &str, from: Option<&Post>, posts: &[Post]) -> Resolution {
        self.resolve_reading(url, from, from.map(|p| &p.lang), posts)
    }

    /// [`UrlIndex::resolve`], ties after the default language going to
    /// `reading` (the language the reader reads in).
    pub fn resolve_reading(
        &self,
        url: &str,
        from: Option<&Post>,
        reading: Option<&Lang>,
        posts: &[Post],
    ) -> Resolution {
        let url = url.trim();
        if url.is_empty() {
            return Resolution::Anchor(String::new());
        }
        if let Some(fragment) = url.strip_prefix('#') {
            return Resolution::Anchor(
                percent_decode_str(fragment)
                    .decode_utf8_lossy()
                    .into_owned(),
            );
        }
        let fragment = fragment_of(url);
        let mut context = Context {
            reading,
            ..Context::default()
        };
        let served: Option<&Served>;
        let path: String = if url.starts_with("//") || has_scheme(url) {
            let is_web =
                url.starts_with("//") || url.starts_with("http://") || url.starts_with("https://");
            let host = if is_web { host_of(url) } else { None };
            served = host.as_deref().and_then(|h| self.host_languages(h));
            if served.is_none() {
                return Resolution::External(url.to_string());
            }
            context.served = served;
            path_of_absolute(url).to_string()
        } else if url.starts_with('/') {
            // On the host of the page it is written in.
            served = from.and_then(|p| self.languages_beside(&p.lang));
            context.served = served;
            url.to_string()
        } else {
            // Relative: against the page's public URL, then against its file.
            let Some(from) = from else {
                return Resolution::NotFound(url.to_string());
            };
            served = self.languages_beside(&from.lang);
            context.served = served;
            let base = if from.url.ends_with('/') {
                from.url.clone()
            } else {
                parent_url(&from.url)
            };
            let by_url = join_relative(&base, url);
            if let Some(id) = self.lookup(&by_url, context, posts) {
                return Resolution::Post { id, fragment };
            }
            let file_dir = from
                .lang_path
                .parent()
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or_default();
            context.meant = Some(&from.lang);
            join_relative(&file_dir, url)
        };
        match self.lookup(&path, context, posts) {
            Some(id) => Resolution::Post { id, fragment },
            None if self.redirects.contains_key(&url_key(&path)) => {
                let target = self.redirects[&url_key(&path)].clone();
                // One hop only: a redirect to a local post leads to that post.
                match self.resolve_once(&target, posts) {
                    Some(id) => Resolution::Post { id, fragment },
                    None => Resolution::Redirect { target },
                }
            }
            // Checked after the lookup: `…-canada.ca/` is a page, not a file.
            None if !is_page_path(&path) => Resolution::File(url.to_string()),
            None => Resolution::NotFound(url.to_string()),
        }
    }

    fn resolve_once(&self, url: &str, posts: &[Post]) -> Option<PostId> {
        if !url.starts_with('/') && !self.is_local_host(url) {
            return None;
        }
        let served = host_of(url).and_then(|h| self.host_languages(&h));
        let context = Context {
            served,
            ..Context::default()
        };
        self.lookup(path_of_absolute(url), context, posts)
    }

    /// The language a key's first segment names, and the rest of the key:
    /// `/fr/blog/x` → (`fr`, `/blog/x`).
    fn split_language<'k>(&self, key: &'k str) -> Option<(&Lang, &'k str)> {
        let rest = key.strip_prefix('/')?;
        let (first, rest) = match rest.split_once('/') {
            Some((first, _)) => (first, &key[first.len() + 1..]),
            None => (rest, "/"),
        };
        let at = *self.language_at.get(first.to_ascii_lowercase().as_str())?;
        Some((&self.languages[at].0, rest))
    }

    /// The post `path` leads to in `context`; see [`UrlIndex`] for the order.
    fn lookup(&self, path: &str, context: Context<'_>, posts: &[Post]) -> Option<PostId> {
        let key = url_key(path);
        let served = |id: &PostId| context.served.is_none_or(|s| s.contains(&posts[*id].lang));
        let prefixed = self.split_language(&key);
        // The languages the URL names, in order.
        let named: Vec<&Lang> = match (prefixed, context.meant) {
            (Some((lang, _)), _) => vec![lang],
            (None, Some(meant)) => vec![meant],
            (None, None) => match context.served {
                None => self.unprefixed.iter().collect(),
                // The shorter of the two lists is read.
                Some(served) if served.list.len() < self.unprefixed.len() => {
                    let mut named: Vec<&Lang> = served
                        .list
                        .iter()
                        .filter(|l| self.order(l).is_some_and(|at| !self.languages[at].1))
                        .collect();
                    named.sort_by_key(|l| self.order(l));
                    named.dedup();
                    named
                }
                Some(served) => self
                    .unprefixed
                    .iter()
                    .filter(|l| served.contains(l))
                    .collect(),
            },
        };
        let in_named = |id: &PostId| named.is_empty() || named.contains(&&posts[*id].lang);
        let best = |ids: &mut dyn Iterator<Item = PostId>| {
            ids.min_by_key(|&id| self.rank(&posts[id].lang, &named, context.reading, id))
        };
        // A URL a post is published at, in any language served there.
        if let Some(ids) = self.exact.get(key.as_str()) {
            if let Some(id) = best(&mut ids.iter().copied().filter(served)) {
                return Some(id);
            }
        }
        // A guess from a file's path, in the language named only.
        let mut guesses: Vec<&SmallVec<[PostId; 1]>> = Vec::with_capacity(3);
        guesses.extend(self.by_path.get(key.as_str()));
        if let Some((_, rest)) = prefixed {
            // `/fr/x/` for the French `/x/` of a host of its own.
            guesses.extend(self.exact.get(rest));
            guesses.extend(self.by_path.get(rest));
        }
        guesses
            .into_iter()
            .find_map(|ids| best(&mut ids.iter().copied().filter(in_named)))
    }

    /// How a post in `lang` ranks among several that answer to one URL:
    /// lowest first.
    fn rank(
        &self,
        lang: &Lang,
        named: &[&Lang],
        reading: Option<&Lang>,
        id: PostId,
    ) -> (usize, bool, bool, usize, PostId) {
        let named_at = named.iter().position(|l| *l == lang).unwrap_or(named.len());
        // `languages` starts with the default.
        let order = self.order(lang).unwrap_or(usize::MAX);
        (named_at, order != 0, reading != Some(lang), order, id)
    }

    /// The index keys `url` is looked up by: its path as a key, then,
    /// when it starts with a language's prefix, the rest (`/fr/x/` → `/x/`).
    fn lookup_keys(&self, url: &str) -> Vec<String> {
        let path = if url.starts_with("//") || has_scheme(url) {
            path_of_absolute(url)
        } else {
            url
        };
        let key = url_key(path);
        let rest = self.split_language(&key).map(|(_, rest)| rest.to_string());
        std::iter::once(key.clone()).chain(rest).collect()
    }

    /// The languages in which a page answers to `url` (by the URL it is
    /// published at or by its file's path), whatever language the URL
    /// names: to say where a page that is not found in one language is.
    pub fn languages_with(&self, url: &str, posts: &[Post]) -> Vec<Lang> {
        let mut found: Vec<&Lang> = Vec::new();
        for key in self.lookup_keys(url) {
            for map in [&self.exact, &self.by_path] {
                for &id in map.get(key.as_str()).into_iter().flatten() {
                    if !found.contains(&&posts[id].lang) {
                        found.push(&posts[id].lang);
                    }
                }
            }
        }
        found.sort_by_key(|lang| self.order(lang).unwrap_or(usize::MAX));
        found.into_iter().cloned().collect()
    }

    /// The post `url` leads to among posts in languages other than
    /// `except`, by the URL it is published at first, then by its file's
    /// path.
    pub(super) fn lookup_except(&self, url: &str, except: &Lang, posts: &[Post]) -> Option<PostId> {
        let keys = self.lookup_keys(url);
        [&self.exact, &self.by_path].into_iter().find_map(|map| {
            keys.iter().find_map(|key| {
                map.get(key.as_str())?
                    .iter()
                    .copied()
                    .find(|&id| &posts[id].lang != except)
            })
        })
    }
}

fn parent_url(url: &str) -> String {
    match url.rfind('/') {
        Some(slash) => url[..=slash].to_string(),
        None => "/".to_string(),
    }
}

/// `post` is published at the URL `claimed` already has.
fn url_conflict(post: &Post, claimed: &Post) -> Warning {
    Warning {
        path: post.path.clone(),
        line: None,
        kind: WarningKind::UrlConflict,
        message: format!(
            "public URL {} is also the URL of {}",
            post.url,
            claimed.display_path()
        ),
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("/2018/10/19/hello-world-canada/", "/2018/10/19/hello-world-canada")]
    #[case(
        "/2024/05/27/vers-un-syst%C3%A8me-de-design/",
        "/2024/05/27/vers-un-système-de-design"
    )]
    #[case("/2017/09/10/customer-service.html", "/2017/09/10/customer-service")]
    #[case("/About/?utm_source=x#team", "/about")]
    #[case("/blog/index.html", "/blog")]
    #[case("/", "/")]
    #[case("", "/")]
    #[case("//double//slash/", "/double/slash")]
    #[case("/x/fre\u{301}quentes--faire/", "/x/fréquentes-faire")]
    fn url_keys_compare_loosely(#[case] path: &str, #[case] key: &str) {
        assert_eq!(url_key(path), key);
    }

    /// A segment that the rules would empty keeps the path from folding
    /// to its parent: `/!!!/` is no name of the home page.
    #[rstest]
    #[case("/!!!/")]
    #[case("/%00%00")]
    #[case("/%20/")]
    #[case("/blog/!!!/")]
    fn paths_of_dropped_characters_are_not_their_parent(#[case] path: &str) {
        let parent = path.trim_end_matches('/');
        let parent = &parent[..parent.rfind('/').unwrap_or(0)];
        assert_ne!(url_key(path), url_key(parent), "{path:?}");
        assert_eq!(url_key(path), url_key(path), "{path:?}");
    }

    #[rstest]
    #[case("https://digital.canada.ca/2021/x/", Some("digital.canada.ca"))]
    #[case("http://www.Example.ca:8080/x", Some("example.ca"))]
    #[case("//cdn.example.ca/a.png", Some("cdn.example.ca"))]
    #[case("/relative", None)]
    fn hosts(#[case] url: &str, #[case] host: Option<&str>) {
        assert_eq!(host_of(url).as_deref(), host);
    }

    #[rstest]
    #[case("/2018/08/31/report.pdf#page=69", false)]
    #[case("/reports/strategy-2024.pdf", false)]
    #[case("/2017/09/10/x.html", true)]
    #[case("/about/", true)]
    #[case("/2021/04/07/version-1.2", true)]
    fn page_or_file(#[case] path: &str, #[case] page: bool) {
        assert_eq!(is_page_path(path), page);
    }

    #[test]
    fn relative_paths_join() {
        assert_eq!(
            join_relative("/2020/01/01/a/", "../../02/b/"),
            "/2020/01/02/b/"
        );
        assert_eq!(join_relative("/blog/", "./x.md"), "/blog/x.md");
        assert_eq!(join_relative("/", "../../x"), "/x");
    }
}
