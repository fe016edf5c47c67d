//! Public URLs (Hugo and Jekyll permalinks with their slug rules), the URL
//! index that lets links be followed offline, and translation links.

use super::layout::{LayoutKind, SiteConfig};
use super::{Lang, Post, PostId, Warning, WarningKind};
use percent_encoding::percent_decode_str;
use rayon::prelude::*;
use smallvec::SmallVec;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

/// Hugo's path sanitising (`UnicodeSanitize` then lower case): letters,
/// digits and marks (accents included) are kept with `. / _ - # + ~ @`,
/// runs of spaces become one `-`, everything else (`:` `?` `’` `'` `!`…)
/// is dropped.
pub fn hugo_sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    let mut was_hyphen = false;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        let allowed = matches!(c, '.' | '/' | '\\' | '_' | '#' | '+' | '~' | '-' | '@')
            || c.is_alphanumeric()
            || is_mark(c)
            || (c == '%'
                && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit));
        if allowed {
            was_hyphen = c == '-';
            if pending_hyphen && !was_hyphen {
                out.push('-');
            }
            pending_hyphen = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else if c.is_whitespace() && !out.is_empty() && !was_hyphen {
            pending_hyphen = true;
        }
    }
    out
}

/// Combining marks (the accents of decomposed text).
fn is_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

/// Jekyll's default `slugify`: lower case, every run of characters that are
/// not letters or digits becomes one `-`, no `-` at the ends.
pub fn jekyll_slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            out.extend(c.to_lowercase());
        } else {
            pending_hyphen = true;
        }
    }
    out
}

/// The facts about a post a permalink is made of.
#[derive(Debug, Clone, Copy)]
pub struct PermalinkInput<'a> {
    /// Path inside the language's tree, language suffix removed.
    pub path_in_lang: &'a Path,
    pub lang: &'a Lang,
    pub title: &'a str,
    pub slug: Option<&'a str>,
    /// `url:` (Hugo) or `permalink:` (Jekyll, Eleventy) as written.
    pub explicit_url: Option<&'a str>,
    pub date: Option<jiff::civil::Date>,
    pub categories: &'a [String],
}

/// The public path of a post on its site (`/2021/04/07/digital-gardeners/`).
pub fn public_url(config: &SiteConfig, post: &PermalinkInput<'_>) -> String {
    permalink(config, post).url
}

/// A post's public path, and whether it is not the one its permalink
/// pattern gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permalink {
    pub url: String,
    /// The pattern, when it needs a date (`/:year/:month/:slug/`) and the
    /// post has none: the URL is then the file's path, never a date
    /// made up (nor `/year/month/…` written out).
    pub needs_a_date: Option<String>,
}

/// The public path of a post on its site, and what kept it from following
/// its permalink pattern, if anything.
pub fn permalink(config: &SiteConfig, post: &PermalinkInput<'_>) -> Permalink {
    if let Some(url) = post.explicit_url.filter(|u| !u.trim().is_empty()) {
        let url = url.trim();
        let url = if url.starts_with('/') || url.contains("://") {
            url.to_string()
        } else {
            format!("/{url}")
        };
        return Permalink {
            url,
            needs_a_date: None,
        };
    }
    let (url, needs_a_date) = match config.kind {
        LayoutKind::HugoContentDirs | LayoutKind::HugoFileSuffix => match hugo_url(config, post) {
            Ok(url) => (url, None),
            Err(pattern) => (path_url(post.path_in_lang, hugo_sanitize), Some(pattern)),
        },
        LayoutKind::Jekyll => match jekyll_url(config, post) {
            Ok(url) => (url, None),
            Err(pattern) => (
                path_url(post.path_in_lang, |s| s.to_string()),
                Some(pattern),
            ),
        },
        LayoutKind::Eleventy | LayoutKind::PlainTree | LayoutKind::SingleFile => (
            path_url(post.path_in_lang, |segment| segment.to_string()),
            None,
        ),
    };
    Permalink {
        url: language_prefix(config, post.lang) + &url,
        needs_a_date,
    }
}

/// The tokens of a permalink pattern that are parts of a date.
fn is_date_token(token: &str) -> bool {
    matches!(
        token,
        "year" | "month" | "monthname" | "day" | "yearday" | "i_month" | "i_day" | "y_day"
    )
}

/// Whether `pattern` has a date token (`:year`, `:month`…).
fn pattern_needs_a_date(pattern: &str) -> bool {
    pattern.split(':').skip(1).any(|rest| {
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        is_date_token(&rest[..len])
    })
}

/// Languages that share one host live under `/fr/…`; a language with a
/// host of its own (Hugo "multihost") does not.
fn language_prefix(config: &SiteConfig, lang: &Lang) -> String {
    config.language_prefix(lang)
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn is_index(stem: &str) -> bool {
    stem == "_index" || stem == "index"
}

/// `section/sub/name.md` → `/section/sub/name/`; `index`/`_index` stand for
/// their directory.
fn path_url(path: &Path, clean: impl Fn(&str) -> String) -> String {
    let mut url = String::from("/");
    let mut segments: Vec<String> = path
        .parent()
        .into_iter()
        .flat_map(|p| p.components())
        .map(|c| clean(&c.as_os_str().to_string_lossy()))
        .filter(|s| !s.is_empty())
        .collect();
    let stem = file_stem(path);
    if !is_index(&stem) {
        segments.push(clean(&stem));
    }
    for segment in segments {
        url.push_str(&segment);
        url.push('/');
    }
    url
}

/// `Err(pattern)` when the pattern needs a date the post does not have.
fn hugo_url(config: &SiteConfig, post: &PermalinkInput<'_>) -> Result<String, String> {
    let stem = file_stem(post.path_in_lang);
    let section = post
        .path_in_lang
        .components()
        .next()
        .filter(|_| post.path_in_lang.components().count() > 1)
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let is_section_page = stem == "_index";
    let pattern = section
        .as_deref()
        .filter(|_| !is_section_page)
        .and_then(|section| config.permalinks.get(post.lang)?.get(section));
    // A leaf bundle (`dir/index.md`) is named after its directory.
    let filename = if stem == "index" {
        post.path_in_lang
            .parent()
            .and_then(Path::file_name)
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    } else {
        stem.clone()
    };
    let Some(pattern) = pattern else {
        if let Some(slug) = post.slug.filter(|_| !is_index(&stem)) {
            let with_slug = post.path_in_lang.with_file_name(format!("{slug}.md"));
            return Ok(path_url(&with_slug, hugo_sanitize));
        }
        return Ok(path_url(post.path_in_lang, hugo_sanitize));
    };
    let date = post.date;
    if date.is_none() && pattern_needs_a_date(pattern) {
        return Err(pattern.clone());
    }
    let two = |n: i8| format!("{n:02}");
    let title = hugo_sanitize(post.title);
    let slug = post.slug.map(hugo_sanitize);
    let sections: Vec<String> = post
        .path_in_lang
        .parent()
        .into_iter()
        .flat_map(|p| p.components())
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let url = expand_pattern(pattern, |token| {
        Some(match token {
            "year" => date?.year().to_string(),
            "month" => two(date?.month()),
            "monthname" => month_name(date?.month()).to_string(),
            "day" => two(date?.day()),
            "yearday" => date?.day_of_year().to_string(),
            "section" => section.clone().unwrap_or_default(),
            "sections" => sections.join("/"),
            "title" => title.clone(),
            "slug" => slug.clone().unwrap_or_else(|| title.clone()),
            "slugorfilename" | "slugorcontentbasename" => {
                slug.clone().unwrap_or_else(|| filename.clone())
            }
            "filename" | "contentbasename" => filename.clone(),
            _ => return None,
        })
    });
    let mut url = hugo_sanitize(&url);
    if !url.starts_with('/') {
        url.insert(0, '/');
    }
    if !url.ends_with('/') && Path::new(&url).extension().is_none() {
        url.push('/');
    }
    Ok(url)
}

fn month_name(month: i8) -> &'static str {
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    NAMES
        .get(usize::try_from(month - 1).unwrap_or(0))
        .copied()
        .unwrap_or("")
}

/// Replaces each `:token` of a permalink pattern; unknown tokens stay.
fn expand_pattern(pattern: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut rest = pattern;
    while let Some(colon) = rest.find(':') {
        out.push_str(&rest[..colon]);
        let after = &rest[colon + 1..];
        let len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let token = &after[..len];
        match value(token) {
            Some(v) if !token.is_empty() => out.push_str(&v),
            _ => {
                out.push(':');
                out.push_str(token);
            }
        }
        rest = &after[len..];
    }
    out.push_str(rest);
    out
}

/// `Err(pattern)` when the pattern needs a date the post does not have.
fn jekyll_url(config: &SiteConfig, post: &PermalinkInput<'_>) -> Result<String, String> {
    let components: Vec<String> = post
        .path_in_lang
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let posts_at = components.iter().position(|c| c == "_posts");
    let Some(posts_at) = posts_at else {
        return Ok(path_url(post.path_in_lang, |s| s.to_string()));
    };
    let stem = file_stem(post.path_in_lang);
    let (file_date, title_part) = match super::date::date_from_file_name(&stem) {
        Some((date, rest)) => (Some(date.date), rest.to_string()),
        None => (None, stem.clone()),
    };
    let date = post.date.or(file_date);
    let title = post.slug.map_or(title_part, str::to_string);
    // Folders above `_posts` act as categories, before the front matter's.
    let mut categories: Vec<String> = components[..posts_at].to_vec();
    categories.extend(post.categories.iter().cloned());
    let style = config.jekyll_permalink.as_deref().unwrap_or("date");
    let pattern = match style {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        custom => custom,
    };
    if date.is_none() && pattern_needs_a_date(pattern) {
        return Err(pattern.to_string());
    }
    let two = |n: i8| format!("{n:02}");
    let url = expand_pattern(pattern, |token| {
        Some(match token {
            "year" => date?.year().to_string(),
            "month" => two(date?.month()),
            "i_month" => date?.month().to_string(),
            "day" => two(date?.day()),
            "i_day" => date?.day().to_string(),
            "y_day" => format!("{:03}", date?.day_of_year()),
            "title" => title.clone(),
            "slug" => jekyll_slugify(&title),
            "categories" => categories
                .iter()
                .map(|c| jekyll_slugify(c))
                .collect::<Vec<_>>()
                .join("/"),
            "output_ext" => ".html".to_string(),
            _ => return None,
        })
    });
    Ok(collapse_slashes(&url))
}

fn collapse_slashes(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c == '/' && out.ends_with('/') {
            continue;
        }
        out.push(c);
    }
    out
}

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
    fn lookup_except(&self, url: &str, except: &Lang, posts: &[Post]) -> Option<PostId> {
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

/// Links every post to its translations, in order of trust: the same
/// `translationKey`, then `trans_url`, then the same path in another
/// language's tree. Returns the warnings it met.
///
/// Translations form groups, at most one post per language: a link joins
/// two groups when no language is in both (a post already translated into
/// French is not given a second French version). Groups are joined the
/// smaller into the larger, so the work is about linear in the posts
/// whatever the number of languages: 2,000 languages of one post each,
/// all sharing a key, are 1,999 joins, not two million pairs.
pub fn link_translations(posts: &mut [Post], index: &UrlIndex) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let mut groups = Groups::new(posts);
    link_by_key(posts, &mut groups, &mut warnings);
    link_by_trans_url(posts, index, &mut groups, &mut warnings);
    link_by_path(posts, &mut groups);
    groups.set(posts);
    warnings
}

/// Translation groups while linking: a forest of posts (union–find), the
/// root of each tree holding its group's posts by language.
pub(crate) struct Groups {
    parent: Vec<PostId>,
    /// At a root of two posts or more, its group; at a post alone, empty
    /// (its group is itself: a hundred thousand maps of one post each
    /// were a hundred thousand allocations at every reading); elsewhere
    /// empty too.
    members: Vec<BTreeMap<Lang, PostId>>,
    /// Each post's language, for the groups of one post.
    langs: Vec<Lang>,
    /// Languages looked up or moved: the work joining cost, which tests
    /// bound.
    pub(crate) steps: usize,
}

impl Groups {
    /// Every post alone in its group.
    pub(crate) fn new(posts: &[Post]) -> Groups {
        Groups {
            parent: (0..posts.len()).collect(),
            members: (0..posts.len()).map(|_| BTreeMap::new()).collect(),
            langs: posts.iter().map(|post| post.lang.clone()).collect(),
            steps: 0,
        }
    }

    /// The root of `id`'s group (halving the path on the way).
    fn find(&mut self, mut id: PostId) -> PostId {
        while self.parent[id] != id {
            self.parent[id] = self.parent[self.parent[id]];
            id = self.parent[id];
        }
        id
    }

    /// How many posts the group of `root` holds.
    fn size(&self, root: PostId) -> usize {
        self.members[root].len().max(1)
    }

    /// Whether the group of `root` has a post in `lang`.
    fn has(&self, root: PostId, lang: &Lang) -> bool {
        if self.members[root].is_empty() {
            self.langs[root] == *lang
        } else {
            self.members[root].contains_key(lang)
        }
    }

    /// The group of `root`, taken out of it.
    fn take(&mut self, root: PostId) -> BTreeMap<Lang, PostId> {
        let members = std::mem::take(&mut self.members[root]);
        if members.is_empty() {
            BTreeMap::from([(self.langs[root].clone(), root)])
        } else {
            members
        }
    }

    /// Joins the groups of `a` and `b` unless a language is in both;
    /// whether they are now one group.
    pub(crate) fn connect(&mut self, a: PostId, b: PostId) -> bool {
        let (a, b) = (self.find(a), self.find(b));
        if a == b {
            return true;
        }
        let (small, large) = if self.size(a) <= self.size(b) {
            (a, b)
        } else {
            (b, a)
        };
        self.steps += self.size(small);
        let overlaps = if self.members[small].is_empty() {
            self.has(large, &self.langs[small])
        } else {
            self.members[small].keys().any(|lang| self.has(large, lang))
        };
        if overlaps {
            return false;
        }
        let moved = self.take(small);
        let mut joined = self.take(large);
        joined.extend(moved);
        self.members[large] = joined;
        self.parent[small] = large;
        true
    }

    /// Gives each post its group: one shared list per group.
    pub(crate) fn set(mut self, posts: &mut [Post]) {
        for post in posts.iter_mut() {
            post.translations.clear();
        }
        for root in 0..posts.len() {
            if self.members[root].len() < 2 {
                continue;
            }
            let group: std::sync::Arc<[(Lang, PostId)]> = std::mem::take(&mut self.members[root])
                .into_iter()
                .collect();
            for (own, &(_, id)) in group.iter().enumerate() {
                posts[id].translations = super::Translations::of_group(group.clone(), own);
            }
        }
    }
}

fn link_by_key(posts: &[Post], groups: &mut Groups, warnings: &mut Vec<Warning>) {
    // (key, language, post), sorted: by key, then language, then post,
    // so that the first of a language is the first by path (posts are
    // sorted by path). One sort of borrowed keys: a map of maps of the
    // keys copied cost a hundred thousand allocations at every reading.
    let mut keyed: Vec<(&str, &Lang, PostId)> = posts
        .iter()
        .enumerate()
        .filter_map(|(id, post)| {
            let key = post.translation_key.as_deref().map(str::trim)?;
            (!key.is_empty()).then_some((key, &post.lang, id))
        })
        .collect();
    keyed.sort_unstable();
    let mut lone: Vec<(String, PostId)> = Vec::new();
    for same_key in keyed.chunk_by(|a, b| a.0 == b.0) {
        let key = same_key[0].0;
        let by_lang: Vec<&[(&str, &Lang, PostId)]> = same_key.chunk_by(|a, b| a.1 == b.1).collect();
        for ids in &by_lang {
            for &(_, _, extra) in &ids[1..] {
                warnings.push(Warning {
                    path: posts[extra].path.clone(),
                    line: None,
                    kind: WarningKind::AmbiguousKey,
                    message: format!(
                        "translationKey `{key}` is also used by {} in the same language; kept that one",
                        posts[ids[0].2].display_path()
                    ),
                });
            }
        }
        let first = by_lang[0][0].2;
        for other in &by_lang[1..] {
            groups.connect(first, other[0].2);
        }
        if by_lang.len() == 1 {
            lone.push((key.to_string(), first));
        }
    }
    // A key with no partner but a near-twin in another language is a typo.
    for (key, id, other, other_id) in near_twins(posts, &lone) {
        warnings.push(Warning {
            path: posts[id].path.clone(),
            line: None,
            kind: WarningKind::LoneTranslationKey,
            message: format!(
                "translationKey `{key}` has no partner; `{other}` in {} is close (a typo?)",
                posts[other_id].display_path()
            ),
        });
    }
}

/// How many keys the search for near-twins compares in all: beyond, it
/// gives up (a hint, not a check). Ten thousand lone keys of one length
/// are fifty million comparisons (50 s); a real site's are a few.
const TWIN_COMPARISONS: usize = 2_000_000;

/// Each lone key (6 bytes or more) with the first other lone key, in key
/// order, of another language and at most 2 edits away. Only keys whose
/// lengths differ by 2 characters or less are compared.
fn near_twins<'k>(
    posts: &[Post],
    lone: &'k [(String, PostId)],
) -> Vec<(&'k str, PostId, &'k str, PostId)> {
    near_twins_within(posts, lone, TWIN_COMPARISONS).0
}

/// [`near_twins`] with at most `budget` comparisons; with how many it made.
fn near_twins_within<'k>(
    posts: &[Post],
    lone: &'k [(String, PostId)],
    budget: usize,
) -> (Vec<(&'k str, PostId, &'k str, PostId)>, usize) {
    let chars: Vec<Vec<char>> = lone.iter().map(|(key, _)| key.chars().collect()).collect();
    // Lone keys by length in characters, in key order.
    let mut by_length: HashMap<usize, Vec<usize>> = HashMap::new();
    for (at, key) in chars.iter().enumerate() {
        by_length.entry(key.len()).or_default().push(at);
    }
    let mut left = budget;
    let mut twins = Vec::new();
    for (at, (key, id)) in lone.iter().enumerate() {
        if key.len() < 6 {
            continue;
        }
        let length = chars[at].len();
        let mut first: Option<usize> = None;
        for other_length in length.saturating_sub(2)..=length + 2 {
            for &other in by_length.get(&other_length).into_iter().flatten() {
                if first.is_some_and(|f| other > f) || left == 0 {
                    break;
                }
                let (_, other_id) = &lone[other];
                if posts[*other_id].lang == posts[*id].lang {
                    continue;
                }
                left -= 1;
                if edit_distance_chars(&chars[at], &chars[other], 2) <= 2 {
                    first = Some(other);
                    break;
                }
            }
        }
        if let Some(other) = first {
            twins.push((key.as_str(), *id, lone[other].0.as_str(), lone[other].1));
        }
    }
    (twins, budget - left)
}

fn link_by_trans_url(
    posts: &[Post],
    index: &UrlIndex,
    groups: &mut Groups,
    warnings: &mut Vec<Warning>,
) {
    for id in 0..posts.len() {
        let Some((target, resolved)) = trans_url_target(index, posts, id) else {
            continue;
        };
        let message = match resolved {
            Some(found) if found == id => {
                Some(format!("trans_url `{target}` points to the post itself"))
            }
            Some(found) if posts[found].lang == posts[id].lang => Some(format!(
                "trans_url `{target}` points to {}, in the same language",
                posts[found].display_path()
            )),
            Some(found) => {
                groups.connect(id, found);
                None
            }
            None => Some(format!("trans_url `{target}` leads to no post")),
        };
        if let Some(message) = message {
            warnings.push(Warning {
                path: posts[id].path.clone(),
                line: None,
                kind: WarningKind::DanglingTranslation,
                message,
            });
        }
    }
}

/// Posts at the same path in different languages' trees. In path order,
/// each post joins the first group of its path it fits (no language twice),
/// else starts one: a path shared by every language of a site already
/// linked by key is one group, tried once per post.
fn link_by_path(posts: &[Post], groups: &mut Groups) {
    // (path in its language's tree without its extension, as bytes; post),
    // sorted: borrowed, not a path made and hashed by its components for
    // each of a hundred thousand posts at every reading.
    let mut paths: Vec<(&[u8], PostId)> = posts
        .iter()
        .enumerate()
        .map(|(id, post)| (without_extension(&post.lang_path), id))
        .collect();
    paths.sort_unstable();
    let mut by_path: Vec<Vec<PostId>> = paths
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|same| same.len() > 1)
        .map(|same| same.iter().map(|&(_, id)| id).collect())
        .collect();
    by_path.sort();
    for ids in by_path {
        // One post of each group this path's posts are in, first by path.
        let mut formed: Vec<PostId> = Vec::new();
        for id in ids {
            let mut joined = false;
            for &at in &formed {
                if groups.connect(at, id) {
                    joined = true;
                    break;
                }
            }
            if !joined {
                formed.push(id);
            }
        }
    }
}

/// `path`'s bytes less its extension, as `Path::with_extension("")`
/// leaves it.
fn without_extension(path: &std::path::Path) -> &[u8] {
    let bytes = path.as_os_str().as_encoded_bytes();
    match path.extension() {
        Some(extension) => &bytes[..bytes.len() - extension.len() - 1],
        None => bytes,
    }
}

/// Levenshtein distance, giving up (returning `limit + 1`) past `limit`.
/// Post `id`'s `trans_url`, if it has one, and the post it names. A
/// translation's URL names another language, on its own host if it has
/// one, whatever the post's host: those are looked in first.
fn trans_url_target<'a>(
    index: &UrlIndex,
    posts: &'a [Post],
    id: PostId,
) -> Option<(&'a str, Option<PostId>)> {
    let target = posts[id]
        .trans_url
        .as_deref()
        .filter(|t| !t.trim().is_empty())?;
    let on_site = target.starts_with('/') || index.is_local_host(target);
    let resolved = on_site
        .then(|| index.lookup_except(target, &posts[id].lang, posts))
        .flatten()
        .or_else(|| match index.resolve(target, Some(&posts[id]), posts) {
            Resolution::Post { id: found, .. } => Some(found),
            _ => None,
        });
    Some((target, resolved))
}

#[cfg(test)]
fn edit_distance(a: &str, b: &str, limit: usize) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    edit_distance_chars(&a, &b, limit)
}

/// Levenshtein distance on characters, giving up (returning `limit + 1`)
/// past `limit`: only along the diagonals within
/// `limit` of the main one: about `limit` × the length, not the square.
fn edit_distance_chars(a: &[char], b: &[char], limit: usize) -> usize {
    let over = limit + 1;
    if a.len().abs_diff(b.len()) > limit {
        return over;
    }
    let m = b.len();
    let mut previous: Vec<usize> = (0..=m).map(|j| j.min(over)).collect();
    let mut current = vec![over; m + 1];
    for (i, ca) in a.iter().enumerate() {
        let row = i + 1;
        let lo = row.saturating_sub(limit).max(1);
        let hi = (row + limit).min(m);
        current[lo - 1] = if lo == 1 { row.min(over) } else { over };
        let mut best = current[lo - 1];
        for j in lo..=hi {
            let cost = usize::from(*ca != b[j - 1]);
            let cell = (previous[j - 1] + cost)
                .min(previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(over);
            current[j] = cell;
            best = best.min(cell);
        }
        if hi < m {
            current[hi + 1] = over;
        }
        if best > limit {
            return over;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[m].min(over)
}

/// Every link target written in a post body: Markdown links, HTML `href`s,
/// and the common malformed `[text] (url)`.
pub fn body_links(body: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let mut links = Vec::new();
    let mut html = String::new();
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(body, options) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.into_string()),
            Event::Html(text) | Event::InlineHtml(text) => {
                html.push_str(&text);
                html.push('\n');
            }
            _ => {}
        }
    }
    if !html.is_empty() {
        links.extend(html_hrefs(&html));
    }
    // The parser splits `[text] (url)` into several text events: scan the source.
    links.extend(malformed_link_targets(body));
    links
}

/// Targets of `[text] (https://…)`, a space before the parenthesis.
pub fn malformed_link_targets(text: &str) -> Vec<String> {
    let mut targets = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("] (") {
        let after = &rest[at + 3..];
        let end = after.find([')', ' ', '\n']).unwrap_or(after.len());
        let target = &after[..end];
        let looks_like_url = target.starts_with("http://")
            || target.starts_with("https://")
            || target.starts_with('/');
        if looks_like_url && after[end..].starts_with(')') {
            targets.push(target.to_string());
        }
        rest = after;
    }
    targets
}

fn html_hrefs(html: &str) -> Vec<String> {
    use html5gum::Token;
    let mut hrefs = Vec::new();
    for token in crate::text::html_tokens(html) {
        if let Token::StartTag(tag) = token {
            if tag.name.as_slice() == b"a" {
                if let Some(href) = tag.attributes.get(b"href".as_slice()) {
                    hrefs.push(String::from_utf8_lossy(href).into_owned());
                }
            }
        }
    }
    hrefs
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
    #[case::colon(
        "ripple-effect-part-1-3-:-co-creating",
        "ripple-effect-part-1-3--co-creating"
    )]
    #[case::curly_apostrophe_and_space(
        "effet-d’entraînement-partie 1-de-3- :-le-succès",
        "effet-dentraînement-partie-1-de-3--le-succès"
    )]
    #[case::trailing_space("vers-un-système-de-design ", "vers-un-système-de-design")]
    #[case::question_mark("are-you-the-next-ceo?", "are-you-the-next-ceo")]
    #[case::entity_in_name("progress-&amp;-plans:-2025", "progress-amp-plans-2025")]
    #[case::brackets("minding-the-[digital]-gender-gap", "minding-the-digital-gender-gap")]
    #[case::capitals("CDS-gets-its-first-CEO", "cds-gets-its-first-ceo")]
    #[case::leading_space(" x", "x")]
    #[case::space_after_hyphen("fréquentes- :-faire", "fréquentes--faire")]
    #[case::space_before_colon("commun :-améliorer", "commun-améliorer")]
    fn hugo_slug_rules(#[case] name: &str, #[case] slug: &str) {
        assert_eq!(hugo_sanitize(name), slug);
    }

    #[rstest]
    #[case(
        "Why Canada needs a digital service",
        "why-canada-needs-a-digital-service"
    )]
    #[case("Pourquoi l’été?", "pourquoi-l-été")]
    #[case("  --Hello, World!--  ", "hello-world")]
    fn jekyll_slug_rules(#[case] title: &str, #[case] slug: &str) {
        assert_eq!(jekyll_slugify(title), slug);
    }

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
    #[case("/:year/:month/:day/:filename", "/2021/04/07/x")]
    #[case("/:section/:slug/", "/blog/s/")]
    #[case("/:unknown/:title", "/:unknown/t")]
    fn permalink_patterns_expand(#[case] pattern: &str, #[case] expected: &str) {
        let got = expand_pattern(pattern, |token| {
            Some(match token {
                "year" => "2021".into(),
                "month" => "04".into(),
                "day" => "07".into(),
                "filename" => "x".into(),
                "section" => "blog".into(),
                "slug" => "s".into(),
                "title" => "t".into(),
                _ => return None,
            })
        });
        assert_eq!(got, expected);
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

    #[test]
    fn edit_distance_finds_typos() {
        assert_eq!(edit_distance("in-this-together", "n-this-together", 2), 1);
        assert_eq!(edit_distance("policy", "politiques", 2), 3);
    }

    /// Levenshtein distance over the whole table: the reference.
    fn edit_distance_full(a: &str, b: &str) -> usize {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let mut previous: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.iter().enumerate() {
            let mut current = vec![i + 1; b.len() + 1];
            for (j, cb) in b.iter().enumerate() {
                current[j + 1] = (previous[j] + usize::from(ca != cb))
                    .min(previous[j + 1] + 1)
                    .min(current[j] + 1);
            }
            previous = current;
        }
        previous[b.len()]
    }

    /// A small deterministic generator (xorshift), for the comparisons
    /// with the references below.
    struct Random(u64);

    impl Random {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    #[test]
    fn the_banded_edit_distance_agrees_with_the_whole_table() {
        let mut random = Random(0x9e37_79b9_7f4a_7c15);
        let letters = ['a', 'b', 'c', 'é', '-'];
        for _ in 0..20_000 {
            let word = |random: &mut Random| -> String {
                let length = random.below(9);
                (0..length)
                    .map(|_| letters[random.below(letters.len())])
                    .collect()
            };
            let (a, b) = (word(&mut random), word(&mut random));
            for limit in 0..4 {
                assert_eq!(
                    edit_distance(&a, &b, limit),
                    edit_distance_full(&a, &b).min(limit + 1),
                    "{a:?} {b:?} limit {limit}"
                );
            }
        }
    }

    /// A post with only what linking reads.
    fn post(lang: &str, path: &str, key: Option<&str>) -> Post {
        Post::new(super::super::PostData {
            path: format!("content/{lang}/{path}").into(),
            lang_path: path.into(),
            lang: Lang::new(lang),
            title: String::new(),
            authors: Vec::new(),
            date: None,
            updated: None,
            draft: false,
            tags: Vec::new(),
            categories: Vec::new(),
            translation_key: key.map(str::to_string),
            trans_url: None,
            url: format!("/{lang}/{path}/"),
            aliases: Vec::new(),
            url_field: None,
            text: super::super::FileText::default(),
            body_line: 1,
        })
    }

    /// The near-twin search as it was: every lone key against every other.
    fn near_twins_scanning(posts: &[Post], lone: &[(String, PostId)]) -> Vec<(PostId, PostId)> {
        lone.iter()
            .filter_map(|(key, id)| {
                let (_, other_id) = lone.iter().find(|(other, other_id)| {
                    posts[*other_id].lang != posts[*id].lang
                        && key.len() >= 6
                        && edit_distance_full(key, other) <= 2
                })?;
                Some((*id, *other_id))
            })
            .collect()
    }

    #[test]
    fn near_twins_by_length_are_those_a_scan_finds() {
        let mut random = Random(0x2545_f491_4f6c_dd1d);
        for _ in 0..300 {
            let mut keys: Vec<String> = (0..random.below(30))
                .map(|_| {
                    let length = 4 + random.below(6);
                    (0..length)
                        .map(|_| ['a', 'b', 'ç'][random.below(3)])
                        .collect()
                })
                .collect();
            keys.sort();
            keys.dedup();
            let posts: Vec<Post> = keys
                .iter()
                .enumerate()
                .map(|(i, key)| post(["en", "fr", "de"][i % 3], &format!("p{i}"), Some(key)))
                .collect();
            let lone: Vec<(String, PostId)> = keys.iter().cloned().zip(0..).collect();
            let found: Vec<(PostId, PostId)> = near_twins(&posts, &lone)
                .into_iter()
                .map(|(_, id, _, other)| (id, other))
                .collect();
            assert_eq!(found, near_twins_scanning(&posts, &lone), "{keys:?}");
        }
    }

    /// Lone keys of one length, none close to another: the search stops
    /// at its budget, not at the square of their number.
    #[test]
    fn the_search_for_near_twins_has_a_budget() {
        let count = 4_000;
        let posts: Vec<Post> = (0..count)
            .map(|i| post(["en", "fr"][i % 2], &format!("p{i}"), None))
            .collect();
        // Base 7 digits spelt with letters, written three times: two keys
        // are three edits apart or more.
        let lone: Vec<(String, PostId)> = (0..count)
            .map(|i: usize| {
                let key: String = (0..5)
                    .map(|place| char::from(b'a' + ((i / 7usize.pow(place)) % 7) as u8))
                    .collect();
                (key.repeat(3), i)
            })
            .collect();
        // 400 keys: each compared with the 200 of the other language.
        let (twins, compared) = near_twins_within(&posts, &lone[..400], usize::MAX);
        assert_eq!((twins.len(), compared), (0, 400 * 200));
        // 4,000 keys would be 8 million comparisons.
        let (twins, compared) = near_twins_within(&posts, &lone, 100_000);
        assert_eq!((twins.len(), compared), (0, 100_000));
    }

    /// One post in each of 2,000 languages, one key and one path: 1,999
    /// joins of one post into the group, not two million pairs, and one
    /// list of 2,000 stored for all of them.
    #[test]
    fn linking_thousands_of_languages_is_linear() {
        for count in [500, 2_000] {
            let mut posts: Vec<Post> = (0..count)
                .map(|i| post(&format!("l{i:04}"), "hello.md", Some("hello")))
                .collect();
            let mut groups = Groups::new(&posts);
            let mut warnings = Vec::new();
            link_by_key(&posts, &mut groups, &mut warnings);
            let after_keys = groups.steps;
            link_by_path(&posts, &mut groups);
            assert_eq!(after_keys, count - 1, "one language looked up per join");
            assert_eq!(groups.steps, after_keys, "the path adds nothing: one group");
            groups.set(&mut posts);
            for post in &posts {
                assert_eq!(post.translations.len(), count - 1);
                assert!(post.translations.shares_group_with(&posts[0].translations));
            }
            assert!(warnings.is_empty());
        }
    }

    /// Joined the smaller into the larger, however they come: each post
    /// is looked up or moved at most log₂ n times.
    #[test]
    fn joining_groups_costs_n_log_n_at_most() {
        let count = 4_096;
        let posts: Vec<Post> = (0..count)
            .map(|i| post(&format!("l{i:04}"), "x.md", None))
            .collect();
        let bound = count * 12; // log₂ 4,096
        // Pairs, then pairs of pairs…: the worst case of halving.
        let mut groups = Groups::new(&posts);
        let mut width = 1;
        while width < count {
            for start in (0..count).step_by(2 * width) {
                assert!(groups.connect(start, start + width));
            }
            width *= 2;
        }
        assert!(groups.steps <= bound, "{} > {bound}", groups.steps);
        // In a random order.
        let mut groups = Groups::new(&posts);
        let mut random = Random(7);
        for _ in 0..count * 4 {
            groups.connect(random.below(count), random.below(count));
        }
        assert!(groups.steps <= bound + count * 4, "{}", groups.steps);
    }

    /// The linking this replaced, pair by pair (quadratic in the size of a
    /// group): links, and whether a link was refused because a post
    /// already had a version in the other's language.
    fn link_pairwise(posts: &[Post], index: &UrlIndex) -> (Vec<BTreeMap<Lang, PostId>>, bool) {
        let mut links: Vec<BTreeMap<Lang, PostId>> = vec![BTreeMap::new(); posts.len()];
        let mut refused = false;
        let mut connect = |links: &mut Vec<BTreeMap<Lang, PostId>>, a: PostId, b: PostId| {
            let (lang_a, lang_b) = (&posts[a].lang, &posts[b].lang);
            if a == b || lang_a == lang_b {
                return;
            }
            let free_a = links[a].get(lang_b).is_none_or(|&x| x == b);
            let free_b = links[b].get(lang_a).is_none_or(|&x| x == a);
            if free_a && free_b {
                links[a].insert(lang_b.clone(), b);
                links[b].insert(lang_a.clone(), a);
            } else {
                refused = true;
            }
        };
        let mut keyed: BTreeMap<&str, BTreeMap<&Lang, PostId>> = BTreeMap::new();
        for (id, post) in posts.iter().enumerate() {
            if let Some(key) = post
                .translation_key
                .as_deref()
                .map(str::trim)
                .filter(|k| !k.is_empty())
            {
                keyed
                    .entry(key)
                    .or_default()
                    .entry(&post.lang)
                    .or_insert(id);
            }
        }
        for by_lang in keyed.values() {
            let firsts: Vec<PostId> = by_lang.values().copied().collect();
            for (i, &a) in firsts.iter().enumerate() {
                for &b in &firsts[i + 1..] {
                    connect(&mut links, a, b);
                }
            }
        }
        for id in 0..posts.len() {
            if let Some((_, Some(found))) = trans_url_target(index, posts, id) {
                connect(&mut links, id, found);
            }
        }
        let mut by_path: BTreeMap<std::path::PathBuf, Vec<PostId>> = BTreeMap::new();
        for (id, post) in posts.iter().enumerate() {
            by_path
                .entry(post.lang_path.with_extension(""))
                .or_default()
                .push(id);
        }
        let mut by_path: Vec<Vec<PostId>> =
            by_path.into_values().filter(|ids| ids.len() > 1).collect();
        by_path.sort();
        for ids in by_path {
            for (i, &a) in ids.iter().enumerate() {
                for &b in &ids[i + 1..] {
                    connect(&mut links, a, b);
                }
            }
        }
        (links, refused)
    }

    /// A random Hugo site of `languages`: posts with keys, `trans_url`s
    /// and shared paths drawn from small sets, so that they meet.
    fn random_site(random: &mut Random, languages: &[&str]) -> super::super::Site {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let mut config =
            String::from("baseURL: https://x.org/\ndefaultContentLanguage: en\nlanguages:\n");
        for (i, lang) in languages.iter().enumerate() {
            config += &format!(
                "  {lang}:\n    contentDir: content/{lang}\n    weight: {}\n",
                i + 1
            );
        }
        std::fs::write(dir.path().join("hugo.yaml"), config).expect("written");
        for _ in 0..3 + random.below(14) {
            let lang = languages[random.below(languages.len())];
            let name = ["a", "b", "c", "d", "e"][random.below(5)];
            let ext = ["md", "html"][random.below(2)];
            let mut front = format!("title: {name}\n");
            if random.below(2) == 0 {
                front += &format!("translationKey: k{}\n", random.below(4));
            }
            if random.below(3) == 0 {
                let to = languages[random.below(languages.len())];
                let prefix = if to == "en" {
                    String::new()
                } else {
                    format!("/{to}")
                };
                front += &format!(
                    "trans_url: {prefix}/{}/\n",
                    ["a", "b", "c", "d", "e"][random.below(5)]
                );
            }
            let file = dir.path().join(format!("content/{lang}/{name}.{ext}"));
            std::fs::create_dir_all(file.parent().expect("a directory")).expect("made");
            std::fs::write(file, format!("---\n{front}---\nText.\n")).expect("written");
        }
        super::super::load::load_path(dir.path()).expect("loaded")
    }

    fn links_of(site: &super::super::Site) -> Vec<BTreeMap<Lang, PostId>> {
        site.posts
            .iter()
            .map(|post| {
                post.translations
                    .iter()
                    .map(|(l, &id)| (l.clone(), id))
                    .collect()
            })
            .collect()
    }

    /// The groups of linked posts, each closed (every post linked to every
    /// other of its group), when they hold at most one post a language.
    fn closure(
        links: &[BTreeMap<Lang, PostId>],
        posts: &[Post],
    ) -> Option<Vec<BTreeMap<Lang, PostId>>> {
        let mut closed = Vec::with_capacity(links.len());
        for start in 0..links.len() {
            let mut group = std::collections::BTreeSet::from([start]);
            let mut pending = vec![start];
            while let Some(id) = pending.pop() {
                for &other in links[id].values() {
                    if group.insert(other) {
                        pending.push(other);
                    }
                }
            }
            let langs: std::collections::BTreeSet<&Lang> =
                group.iter().map(|&id| &posts[id].lang).collect();
            if langs.len() != group.len() {
                return None;
            }
            closed.push(
                group
                    .into_iter()
                    .filter(|&id| id != start)
                    .map(|id| (posts[id].lang.clone(), id))
                    .collect(),
            );
        }
        Some(closed)
    }

    /// With two languages, groups are pairs: linking by groups gives what
    /// linking pair by pair gave, link for link.
    #[test]
    fn two_languages_link_as_pair_by_pair() {
        let mut random = Random(0xdead_beef_cafe_f00d);
        for _ in 0..60 {
            let site = random_site(&mut random, &["en", "fr"]);
            let (pairwise, _) = link_pairwise(&site.posts, &site.urls);
            assert_eq!(links_of(&site), pairwise);
        }
    }

    /// With more languages, a post's translations are its group's: links
    /// go both ways and are transitive, one post a language; where pair by
    /// pair refused nothing and made consistent groups, they are those
    /// groups closed.
    #[test]
    fn many_languages_link_in_closed_groups() {
        let mut random = Random(0x0123_4567_89ab_cdef);
        let mut compared = 0;
        for _ in 0..100 {
            let site = random_site(&mut random, &["en", "fr", "es"]);
            let links = links_of(&site);
            assert_eq!(closure(&links, &site.posts).as_ref(), Some(&links));
            for (id, post) in site.posts.iter().enumerate() {
                assert!(!links[id].contains_key(&post.lang));
            }
            let (pairwise, refused) = link_pairwise(&site.posts, &site.urls);
            if let (false, Some(closed)) = (refused, closure(&pairwise, &site.posts)) {
                assert_eq!(links, closed);
                compared += 1;
            }
        }
        assert!(compared >= 20, "{compared} sites compared");
    }

    #[test]
    fn links_in_markdown_html_and_malformed_brackets() {
        let body = "See [a](/a/) and <a href=\"https://x.ca/b\">b</a>.\n\n\
                    <p>Para <a\n  href='/c/'>c</a></p>\n\n\
                    The [team] (https://example.ca/team/) and [x] (not a link).";
        assert_eq!(
            body_links(body),
            ["/a/", "https://x.ca/b", "/c/", "https://example.ca/team/"]
        );
    }
}
