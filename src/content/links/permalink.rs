//! Permalinks: the public path of a post as Hugo or Jekyll would publish
//! it (their URL patterns and slug rules), so that links written for the
//! site can be followed offline.

use crate::content::Lang;
use crate::content::layout::{LayoutKind, SiteConfig};
use std::path::Path;

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
pub(super) fn language_prefix(config: &SiteConfig, lang: &Lang) -> String {
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
    let (file_date, title_part) = match crate::content::date::date_from_file_name(&stem) {
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
}
