//! A post from a file's text: its front matter read field by field
//! (wrong types reported, not fatal), its language, title, dates and
//! permalink. Apart from reading files because it sees one text only.

use crate::content::date::{PostDate, date_from_file_name, parse_date};
use crate::content::front_matter::{self, FrontMatter, SplitError};
use crate::content::layout::{self, SiteConfig};
use crate::content::links::{self, PermalinkInput};
use crate::content::source::{PostExtension, post_extension};
use crate::content::{
    FileText, Lang, LayoutKind, Post, PostData, SkipReason, Warning, WarningKind,
};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Builds a post from a file's text.
pub fn parse_post(
    config: &SiteConfig,
    path: &Path,
    text: String,
    warnings: &mut Vec<Warning>,
) -> Result<Post, SkipReason> {
    let (mut post, body_start) = parse_fields(config, path, &text, warnings)?;
    post.text = FileText::own(text, body_start);
    Ok(Post::new(post))
}

/// A post read from a file's text, and where in the text its body starts;
/// the post's `text` is left for the caller to set.
pub(super) fn parse_fields(
    config: &SiteConfig,
    path: &Path,
    text: &str,
    warnings: &mut Vec<Warning>,
) -> Result<(PostData, usize), SkipReason> {
    let split = front_matter::split(text)
        .map_err(|SplitError::Unclosed { line }| SkipReason::UnclosedFrontMatter(line))?;
    let is_html = post_extension(path) == Some(PostExtension::Html);
    let body_start = split.body.as_ptr() as usize - text.as_ptr() as usize;
    let body_line = split.body_line;
    let fm = match split.format {
        None if is_html => {
            return Err(match refresh_target(text) {
                Some(target) => SkipReason::RedirectStub { target },
                None => SkipReason::HtmlWithoutFrontMatter,
            });
        }
        None => FrontMatter::default(),
        Some(format) => {
            let visible = match format {
                front_matter::Format::Yaml => controls_made_visible(split.front_matter),
                front_matter::Format::Toml => None,
            };
            let fm_text = visible.as_deref().unwrap_or(split.front_matter);
            let (fm, issues) = front_matter::parse(format, fm_text, split.front_matter_line);
            for issue in issues {
                warnings.push(Warning {
                    path: path.to_path_buf(),
                    line: Some(issue.line),
                    kind: WarningKind::FrontMatter,
                    message: issue.message,
                });
            }
            fm
        }
    };
    let post = build_post(config, path, &fm, &text[body_start..], body_line, warnings);
    Ok((post, body_start))
}

/// YAML refuses the whole document for one control character written as
/// it is (its escapes, `"\e"`, are fine), and what is then read line by
/// line loses block scalars: a `title: |` became the title `|`. Such
/// characters are shown as their visible stand-ins (`␛`) before parsing,
/// as they would be on screen anyway. `None` when there is none (nearly
/// always).
fn controls_made_visible(yaml: &str) -> Option<String> {
    let refused = |c: char| {
        matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}')
            || (matches!(c, '\u{80}'..='\u{9f}') && c != '\u{85}')
    };
    let may_hold_one = yaml
        .bytes()
        .any(|b| b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r' || b == 0x7f || b == 0xc2);
    if !may_hold_one || !yaml.chars().any(refused) {
        return None;
    }
    Some(
        yaml.chars()
            .map(|c| {
                if refused(c) {
                    crate::text::visible_replacement(c)
                } else {
                    c
                }
            })
            .collect(),
    )
}

/// The target of a `<meta http-equiv="refresh">` page: `None` when the
/// page is no redirect, `Some(None)` when it redirects nowhere readable.
fn refresh_target(html: &str) -> Option<Option<String>> {
    use html5gum::Token;
    for token in crate::text::html_tokens(html) {
        let Token::StartTag(tag) = token else {
            continue;
        };
        if tag.name.as_slice() != b"meta" {
            continue;
        }
        let attribute = |name: &str| {
            tag.attributes
                .get(name.as_bytes())
                .map(|v| String::from_utf8_lossy(v).trim().to_string())
        };
        if !attribute("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("refresh")) {
            continue;
        }
        let target = attribute("content").and_then(|content| {
            let lower = content.to_ascii_lowercase();
            let at = lower.find("url")?;
            let rest = content[at + 3..].trim_start().strip_prefix('=')?;
            let url = rest.trim().trim_matches(['\'', '"']);
            (!url.is_empty()).then(|| url.to_string())
        });
        return Some(target);
    }
    None
}

/// Reads the fields of a post's front matter, reporting wrong types.
struct Fields<'a> {
    fm: &'a FrontMatter,
    path: &'a Path,
    warnings: &'a mut Vec<Warning>,
}

impl Fields<'_> {
    fn wrong_type(&mut self, key: &str, expected: &str, found: &Value) {
        let found = match found {
            Value::Null => "nothing",
            Value::Bool(_) => "a true/false value",
            Value::Number(_) => "a number",
            Value::String(_) => "text",
            Value::Array(_) => "a list",
            Value::Object(_) => "a mapping",
        };
        self.warnings.push(Warning {
            path: self.path.to_path_buf(),
            line: None,
            kind: WarningKind::FrontMatter,
            message: format!("`{key}` should be {expected}, found {found}; ignored"),
        });
    }

    /// A text field; numbers are accepted as text.
    fn text(&mut self, keys: &[&str]) -> Option<String> {
        let (key, value) = self.fm.get_any(keys)?;
        match value {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Null => None,
            other => {
                self.wrong_type(key, "text", &other.clone());
                None
            }
        }
    }

    /// A list of texts; a single text is a list of one; empty texts are dropped.
    fn list(&mut self, keys: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        for key in keys {
            let Some(value) = self.fm.get(key) else {
                continue;
            };
            match value {
                Value::String(s) => out.push(s.clone()),
                Value::Number(n) => out.push(n.to_string()),
                Value::Array(items) => {
                    for item in items {
                        match item {
                            Value::String(s) => out.push(s.clone()),
                            Value::Number(n) => out.push(n.to_string()),
                            _ => {}
                        }
                    }
                }
                Value::Null => {}
                other => self.wrong_type(key, "a list of text", &other.clone()),
            }
        }
        out.retain(|s| !s.trim().is_empty());
        out
    }

    /// A language code (`fr`, `en-CA`); anything else (a sentence, a
    /// control sequence) is reported and ignored, as it would be shown
    /// wherever languages are.
    fn language(&mut self, keys: &[&str]) -> Option<String> {
        let (key, _) = self.fm.get_any(keys)?;
        let code = self.text(keys)?;
        let code = code.trim();
        if code.is_empty() {
            return None;
        }
        if layout::is_language_tag(code) {
            return Some(code.to_string());
        }
        self.warnings.push(Warning {
            path: self.path.to_path_buf(),
            line: None,
            kind: WarningKind::FrontMatter,
            message: format!("`{key}: {code}` is not a language code; ignored"),
        });
        None
    }

    fn flag(&mut self, key: &str) -> bool {
        match self.fm.get(key) {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => true,
            Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => false,
            Some(other) => {
                let other = other.clone();
                self.wrong_type(key, "true or false", &other);
                false
            }
        }
    }

    fn date(&mut self, keys: &[&str]) -> Option<PostDate> {
        let (key, value) = self.fm.get_any(keys)?;
        let raw = match value {
            Value::String(s) => s.clone(),
            Value::Null => return None,
            other => {
                let other = other.clone();
                self.wrong_type(key, "a date", &other);
                return None;
            }
        };
        let parsed = parse_date(&raw);
        if parsed.is_none() {
            self.warnings.push(Warning {
                path: self.path.to_path_buf(),
                line: None,
                kind: WarningKind::Date,
                message: format!("`{key}: {raw}` is not a date liseuse can read; sorted last"),
            });
        }
        parsed
    }
}

fn build_post(
    config: &SiteConfig,
    path: &Path,
    fm: &FrontMatter,
    body: &str,
    body_line: usize,
    warnings: &mut Vec<Warning>,
) -> PostData {
    let mut fields = Fields { fm, path, warnings };
    let placement = config.place(path);
    let declared_lang = fields.language(&["lang", "locale", "language"]);
    let lang = match (&placement.lang_from_place, &declared_lang) {
        (Some(place), Some(declared)) => {
            let declared = config.match_language(declared);
            if declared.primary() != place.primary() {
                fields.warnings.push(Warning {
                    path: path.to_path_buf(),
                    line: None,
                    kind: WarningKind::LanguageMismatch,
                    message: format!("front matter says `{declared}` but the file is in the `{place}` tree; kept `{place}`"),
                });
            }
            place.clone()
        }
        (Some(place), None) => place.clone(),
        (None, Some(declared)) => config.match_language(declared),
        // A lone file has no site to say its language: read it from the text.
        (None, None) if config.kind == LayoutKind::SingleFile || config.languages.is_empty() => {
            guess_language(body).unwrap_or_else(|| config.default_lang.clone())
        }
        (None, None) => config.default_lang.clone(),
    };

    let title = match fields.text(&["title"]) {
        Some(title) => crate::text::title_text(&title),
        None => first_heading(body).unwrap_or_else(|| title_from_path(&placement.path_in_lang)),
    };
    let mut authors = fields.list(&["authors"]);
    if authors.is_empty() {
        authors = fields.list(&["author"]);
    }
    let mut date = fields.date(&["date", "publishDate", "pubDate"]);
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file_date = date_from_file_name(&file_name).map(|(d, _)| d);
    if file_date.is_some() && (date.is_none() || config.filename_date_first) {
        date = file_date;
    }
    let updated = fields.date(&[
        "lastmod",
        "dateUpdated",
        "updated",
        "last_modified_at",
        "modified",
    ]);
    let draft = fields.flag("draft");
    let tags = fields.list(&["tags"]);
    let categories = fields.list(&["categories"]);
    let translation_key = fields
        .text(&["translationKey"])
        .filter(|k| !k.trim().is_empty());
    let trans_url = fields.text(&["trans_url"]).filter(|u| !u.trim().is_empty());
    let url_field = fields.text(&["url"]);
    let explicit_url = url_field.clone().or_else(|| fields.text(&["permalink"]));
    let slug = fields.text(&["slug"]).filter(|s| !s.trim().is_empty());
    let aliases = fields.list(&["aliases"]);

    let links::Permalink { url, needs_a_date } = links::permalink(
        config,
        &PermalinkInput {
            path_in_lang: &placement.path_in_lang,
            lang: &lang,
            title: &title,
            slug: slug.as_deref(),
            explicit_url: explicit_url.as_deref(),
            date: date.as_ref().map(|d| d.date),
            categories: &categories,
        },
    );
    if let Some(pattern) = needs_a_date {
        fields.warnings.push(Warning {
            path: path.to_path_buf(),
            line: None,
            kind: WarningKind::Date,
            message: format!(
                "no date, which the permalink `{pattern}` needs: its address is its file's, {url}"
            ),
        });
    }

    // Each string is kept as long as the site: none keeps the room it was
    // built with (a third of their bytes at 100,000 posts, 15 MB).
    let fit_date = |date: Option<PostDate>| {
        date.map(|date| PostDate {
            raw: fitted(date.raw),
            ..date
        })
    };
    PostData {
        path: path.to_path_buf(),
        lang_path: PathBuf::from(placement.path_in_lang.as_os_str().to_owned()),
        lang,
        title: fitted(title),
        authors: fitted_list(authors),
        date: fit_date(date),
        updated: fit_date(updated),
        draft,
        tags: fitted_list(tags),
        categories: fitted_list(categories),
        translation_key: translation_key.map(fitted),
        trans_url: trans_url.map(fitted),
        url: fitted(url),
        aliases: fitted_list(aliases),
        url_field: url_field.map(fitted),
        text: FileText::default(),
        body_line,
    }
}

/// `text` in an allocation of its size. A copy rather than
/// `shrink_to_fit`: the allocator keeps a block that shrinks by less
/// than half as it is.
fn fitted(text: String) -> String {
    if text.capacity() == text.len() {
        text
    } else {
        text.as_str().to_owned()
    }
}

/// `list` and its strings in allocations of their sizes (copied from a
/// slice: collecting a `Vec`'s own items would reuse its allocation).
fn fitted_list(list: Vec<String>) -> Vec<String> {
    list.iter().map(|item| item.as_str().to_owned()).collect()
}

/// English or French, from the most common short words, when one clearly
/// dominates; `None` otherwise.
pub fn guess_language(text: &str) -> Option<Lang> {
    const ENGLISH: &[&str] = &[
        "the", "and", "of", "to", "is", "that", "for", "with", "we", "are", "this", "in",
    ];
    const FRENCH: &[&str] = &[
        "le", "la", "les", "des", "du", "et", "est", "pour", "que", "qui", "dans", "nous", "une",
    ];
    let (mut english, mut french) = (0usize, 0usize);
    for word in text.split(|c: char| !c.is_alphabetic()).take(5000) {
        let word = word.to_lowercase();
        english += usize::from(ENGLISH.contains(&word.as_str()));
        french += usize::from(FRENCH.contains(&word.as_str()));
    }
    if english + french < 10 {
        None
    } else if french > english * 2 {
        Some(Lang::new("fr"))
    } else if english > french * 2 {
        Some(Lang::new("en"))
    } else {
        None
    }
}

/// The text of the first `# heading` of a Markdown body.
fn first_heading(body: &str) -> Option<String> {
    body.lines()
        .find_map(|line| line.strip_prefix("# "))
        .map(|heading| crate::text::html_to_text(heading.trim()))
        .filter(|heading| !heading.is_empty())
}

/// A readable title from a file name: `getting-started.md` → "getting started";
/// `_index.md` and `index.md` take their directory's name.
fn title_from_path(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = if stem == "_index" || stem == "index" {
        path.parent()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or(stem)
    } else {
        stem
    };
    let name = date_from_file_name(&name)
        .map_or(name.as_str(), |(_, rest)| rest)
        .to_string();
    crate::text::fold_whitespace(&name.replace(['-', '_'], " "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Source;

    fn single_file_config() -> SiteConfig {
        layout::detect(&Source::File(PathBuf::from("post.md")))
    }

    fn parse(text: &str) -> (Result<Post, SkipReason>, Vec<Warning>) {
        let mut warnings = Vec::new();
        let post = parse_post(
            &single_file_config(),
            Path::new("2019-03-06-hello-there.md"),
            text.to_string(),
            &mut warnings,
        );
        (post, warnings)
    }

    #[test]
    fn single_file_layout() {
        assert_eq!(single_file_config().kind, LayoutKind::SingleFile);
    }

    #[test]
    fn reads_the_common_fields() {
        let (post, warnings) = parse(
            "---\nTitle: 'Plain &amp; <em>clear</em>'\nauthors: [Ana, Ben]\ndate: '2021-04-07T13:00:00.000Z'\n\
             dateUpdated: 2021-05-01\ntags: [\"\"]\nTranslationKey: k\nlang: fr\ndraft: true\n---\nBody\n",
        );
        let post = post.expect("loads");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(post.title, "Plain & clear");
        assert_eq!(post.authors, ["Ana", "Ben"]);
        assert_eq!(
            post.date.as_ref().map(|d| d.to_iso8601()),
            Some("2021-04-07T13:00:00Z".into())
        );
        assert_eq!(
            post.updated.as_ref().map(|d| d.to_iso8601()),
            Some("2021-05-01".into())
        );
        assert!(post.tags.is_empty());
        assert_eq!(post.translation_key.as_deref(), Some("k"));
        assert_eq!(post.lang, Lang::new("fr"));
        assert!(post.draft);
        assert_eq!(post.body(), "Body\n");
        assert_eq!(post.body_line, 11);
    }

    #[test]
    fn a_title_that_is_a_list_is_reported_and_replaced() {
        let (post, warnings) = parse("---\ntitle: [a, b]\n---\n# From heading\n");
        assert_eq!(post.expect("loads").title, "From heading");
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].message.contains("`title` should be text"),
            "{warnings:?}"
        );
    }

    #[test]
    fn jekyll_file_name_gives_the_date_when_front_matter_has_none() {
        let (post, _) = parse("---\ntitle: x\n---\n");
        assert_eq!(
            post.expect("loads").date.as_ref().map(|d| d.to_iso8601()),
            Some("2019-03-06".into())
        );
    }

    #[test]
    fn unreadable_date_is_a_warning_not_an_error() {
        let (post, warnings) = parse("---\ntitle: x\ndateUpdated: le 13 mai, 2019\n---\n");
        assert!(post.expect("loads").updated.is_none());
        assert_eq!(warnings[0].kind, WarningKind::Date);
    }

    #[test]
    fn untitled_posts_are_named_after_their_file() {
        let (post, _) = parse("no front matter at all");
        assert_eq!(post.expect("loads").title, "hello there");
    }

    #[test]
    fn unclosed_front_matter_is_skipped_with_its_line() {
        let (post, _) = parse("---\ntitle: x\nbody");
        assert_eq!(post.err(), Some(SkipReason::UnclosedFrontMatter(1)));
    }

    #[test]
    fn html_without_front_matter_is_a_redirect_stub() {
        let mut warnings = Vec::new();
        let stub = "<meta http-equiv = \"refresh\" content = \"0; url = https://example.ca/\" />";
        let outcome = parse_post(
            &single_file_config(),
            Path::new("x.html"),
            stub.to_string(),
            &mut warnings,
        );
        let target = Some("https://example.ca/".to_string());
        assert_eq!(outcome.err(), Some(SkipReason::RedirectStub { target }));
    }

    #[test]
    fn a_lone_file_without_a_language_is_read_for_one() {
        let (post, _) = parse(
            "---\ntitle: x\n---\nNous avons lancé le service pour que les équipes et les gens qui travaillent dans la fonction publique puissent lire les billets.\n",
        );
        assert_eq!(post.expect("loads").lang, Lang::new("fr"));
        let (post, _) = parse(
            "---\ntitle: x\n---\nWe built the reader so that the teams who work in the public service can read this and the rest of the posts with ease.\n",
        );
        assert_eq!(post.expect("loads").lang, Lang::new("en"));
        assert_eq!(guess_language("Bonjour hello"), None);
    }

    #[test]
    fn a_language_that_is_no_code_is_reported_and_ignored() {
        let (post, warnings) = parse(
            "---\ntitle: x\nlang: \"\\e]0;title\\a\"\n---\nWe built the reader so that the teams who work in the public service can read this and the rest.\n",
        );
        assert_eq!(
            post.expect("loads").lang,
            Lang::new("en"),
            "read from the text"
        );
        assert!(
            warnings[0].message.contains("is not a language code"),
            "{warnings:?}"
        );
        let (post, warnings) = parse("---\ntitle: x\nlang: ''\n---\n");
        post.expect("loads");
        assert!(
            warnings.is_empty(),
            "an empty language is no language: {warnings:?}"
        );
    }
}
