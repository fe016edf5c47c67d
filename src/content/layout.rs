//! Recognising how a site is laid out (Hugo, Jekyll, Eleventy, a plain
//! tree) and which language each file is in.

use super::front_matter::{parse_json_document, parse_toml_document, parse_yaml_document};
use super::{Lang, Language, Source, Warning, WarningKind};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The shapes of site liseuse understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LayoutKind {
    /// Hugo with one `contentDir` per language.
    HugoContentDirs,
    /// Hugo with the language in the file name (`post.fr.md`).
    HugoFileSuffix,
    Jekyll,
    Eleventy,
    /// Any tree with `en/`, `fr/`… directories.
    PlainTree,
    /// A single post file.
    SingleFile,
}

impl fmt::Display for LayoutKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LayoutKind::HugoContentDirs => "Hugo, one content directory per language",
            LayoutKind::HugoFileSuffix => "Hugo, language in the file name",
            LayoutKind::Jekyll => "Jekyll",
            LayoutKind::Eleventy => "Eleventy",
            LayoutKind::PlainTree => "plain tree",
            LayoutKind::SingleFile => "single file",
        })
    }
}

/// What the loader needs to know about a site before reading its posts.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub kind: LayoutKind,
    /// Configured languages, in the site's order (default first otherwise).
    pub languages: Vec<Language>,
    pub default_lang: Lang,
    /// Directories to walk, relative to the site root.
    pub content_roots: Vec<PathBuf>,
    /// Hugo permalink patterns by section, per language.
    pub permalinks: BTreeMap<Lang, BTreeMap<String, String>>,
    /// Jekyll's `permalink` setting (a style name or a pattern).
    pub jekyll_permalink: Option<String>,
    /// Hugo's `frontmatter.date` puts `:filename` first.
    pub filename_date_first: bool,
    /// `timeZone` (Hugo) or `timezone` (Jekyll): the zone of dates written
    /// without an offset.
    pub time_zone: Option<jiff::tz::TimeZone>,
    pub warnings: Vec<Warning>,
    /// `languages` indexed, made at first use: placing a file, reading its
    /// language or prefixing its URL looks a language up instead of
    /// scanning them all (a scan per file made a site of one post in each
    /// of 2,000 languages quadratic).
    lookup: OnceLock<LanguageLookup>,
}

/// The configured languages by code, content directory, primary subtag
/// and address; each entry is the first language (in the site's order)
/// that has it, as a scan in order would find.
#[derive(Debug, Clone, Default)]
pub(crate) struct LanguageLookup {
    /// How many languages it was made from: a configuration changed after
    /// (a test's) is indexed again.
    count: usize,
    /// Lower-case code → index.
    by_code: HashMap<Box<str>, usize>,
    /// Primary subtag (`fr` of `fr-ca`) → index.
    by_primary: HashMap<Box<str>, usize>,
    /// Content directory → index.
    by_dir: HashMap<PathBuf, usize>,
    /// Base URL → the first language's code there, and whether another
    /// code shares it.
    by_base_url: HashMap<Box<str>, (Lang, bool)>,
}

impl LanguageLookup {
    fn new(languages: &[Language]) -> LanguageLookup {
        let mut lookup = LanguageLookup {
            count: languages.len(),
            ..LanguageLookup::default()
        };
        for (at, language) in languages.iter().enumerate() {
            let code = &language.code;
            lookup.by_code.entry(code.as_str().into()).or_insert(at);
            lookup.by_primary.entry(code.primary().into()).or_insert(at);
            if let Some(dir) = &language.content_dir {
                lookup.by_dir.entry(dir.clone()).or_insert(at);
            }
            if let Some(base_url) = &language.base_url {
                lookup
                    .by_base_url
                    .entry(base_url.as_str().into())
                    .and_modify(|(first, shared)| *shared |= first != code)
                    .or_insert_with(|| (code.clone(), false));
            }
        }
        lookup
    }
}

/// Where a file sits with respect to languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// The language its place (directory or file name suffix) gives, if any.
    pub lang_from_place: Option<Lang>,
    /// The path inside its language's tree, without the language suffix
    /// (`blog/posts/hello.md` for `content/fr/blog/posts/hello.fr.md`).
    pub path_in_lang: PathBuf,
}

const HUGO_CONFIG_FILES: &[&str] = &[
    "config/_default/hugo.yaml",
    "config/_default/hugo.yml",
    "config/_default/hugo.toml",
    "config/_default/hugo.json",
    "config/_default/config.yaml",
    "config/_default/config.yml",
    "config/_default/config.toml",
    "config/_default/config.json",
    "hugo.yaml",
    "hugo.yml",
    "hugo.toml",
    "hugo.json",
    "config.yaml",
    "config.yml",
    "config.toml",
    "config.json",
];

const JEKYLL_CONFIG_FILES: &[&str] = &["_config.yml", "_config.yaml"];

const ELEVENTY_CONFIG_FILES: &[&str] = &[
    ".eleventy.js",
    "eleventy.config.js",
    "eleventy.config.mjs",
    "eleventy.config.cjs",
];

/// Looks at a site's configuration files and top directories.
pub fn detect(source: &Source) -> SiteConfig {
    if matches!(source, Source::File(_)) {
        return SiteConfig::plain(
            LayoutKind::SingleFile,
            Vec::new(),
            None,
            vec![PathBuf::new()],
        );
    }
    let mut warnings = Vec::new();
    if let Some((name, config)) = read_first_config(source, HUGO_CONFIG_FILES, &mut warnings) {
        let mut config = config;
        merge_split_hugo_config(source, &mut config, &mut warnings);
        return hugo_config(source, &name, &config, warnings);
    }
    if let Some((name, config)) = read_first_config(source, JEKYLL_CONFIG_FILES, &mut warnings) {
        return jekyll_config(source, &name, &config, warnings);
    }
    if source.is_dir(Path::new("_posts")) {
        return jekyll_config(source, JEKYLL_CONFIG_FILES[0], &Value::Null, warnings);
    }
    let eleventy = ELEVENTY_CONFIG_FILES
        .iter()
        .any(|name| source.read_text(name).is_some());
    let root = if source.is_dir(Path::new("src")) && (eleventy || has_language_dirs(source, "src"))
    {
        PathBuf::from("src")
    } else {
        PathBuf::new()
    };
    let languages = language_dirs(source, &root);
    let kind = if eleventy {
        LayoutKind::Eleventy
    } else {
        LayoutKind::PlainTree
    };
    let mut config = SiteConfig::plain(kind, languages, None, vec![root]);
    config.warnings = warnings;
    config
}

impl SiteConfig {
    fn plain(
        kind: LayoutKind,
        codes: Vec<Lang>,
        default_lang: Option<Lang>,
        content_roots: Vec<PathBuf>,
    ) -> SiteConfig {
        let default_lang = default_lang
            .or_else(|| codes.iter().find(|c| c.as_str() == "en").cloned())
            .or_else(|| codes.first().cloned())
            .unwrap_or_else(|| Lang::new("en"));
        let mut languages: Vec<Language> = codes
            .into_iter()
            .map(|code| Language {
                code,
                name: None,
                base_url: None,
                content_dir: None,
            })
            .collect();
        languages.sort_by_key(|l| l.code != default_lang);
        SiteConfig {
            kind,
            languages,
            default_lang,
            content_roots,
            permalinks: BTreeMap::new(),
            jekyll_permalink: None,
            filename_date_first: false,
            time_zone: None,
            warnings: Vec::new(),
            lookup: OnceLock::new(),
        }
    }

    /// The languages indexed (see [`LanguageLookup`]).
    pub(crate) fn lookup(&self) -> Cow<'_, LanguageLookup> {
        let lookup = self
            .lookup
            .get_or_init(|| LanguageLookup::new(&self.languages));
        if lookup.count == self.languages.len() {
            Cow::Borrowed(lookup)
        } else {
            Cow::Owned(LanguageLookup::new(&self.languages))
        }
    }

    /// The first configured language whose code is `code` (lower case).
    fn configured(&self, code: &str) -> Option<&Language> {
        let at = *self.lookup().by_code.get(code)?;
        self.languages.get(at)
    }

    /// The configured language matching a code as a post writes it
    /// (`fr-CA` finds `fr`), else the code itself.
    pub fn match_language(&self, code: &str) -> Lang {
        let wanted = Lang::new(code);
        if self.configured(wanted.as_str()).is_some() {
            return wanted;
        }
        let lookup = self.lookup();
        lookup
            .by_primary
            .get(wanted.primary())
            .and_then(|&at| self.languages.get(at))
            .map(|l| l.code.clone())
            .unwrap_or(wanted)
    }

    /// The configured language a segment (`FR`) names, whatever its case.
    fn configured_segment(&self, segment: &str) -> Option<Lang> {
        self.configured(&segment.to_ascii_lowercase())
            .map(|l| l.code.clone())
    }

    fn is_language(&self, segment: &str) -> Option<Lang> {
        self.configured_segment(segment)
            .or_else(|| is_language_code(segment).then(|| Lang::new(segment)))
    }

    /// The URL prefix of `lang`'s pages: `/fr` when it shares its host
    /// with another language and is not the default, else nothing.
    pub(crate) fn language_prefix(&self, lang: &Lang) -> String {
        if self.kind == LayoutKind::SingleFile || self.languages.len() < 2 {
            return String::new();
        }
        let own_host = self
            .configured(lang.as_str())
            .and_then(|l| l.base_url.as_deref());
        let shared = own_host.is_none_or(|host| {
            self.lookup()
                .by_base_url
                .get(host)
                .is_some_and(|(first, shared)| first != lang || *shared)
        });
        if shared && lang != &self.default_lang && self.kind != LayoutKind::Jekyll {
            format!("/{lang}")
        } else {
            String::new()
        }
    }

    /// Which language a file's place says, and its path inside that language.
    pub fn place(&self, path: &Path) -> Placement {
        match self.kind {
            LayoutKind::HugoContentDirs => {
                // The first language (in the site's order) whose content
                // directory holds the file: its directories are looked up.
                let lookup = self.lookup();
                let first = path
                    .ancestors()
                    .filter_map(|dir| lookup.by_dir.get(dir))
                    .min();
                if let Some(language) = first.and_then(|&at| self.languages.get(at)) {
                    if let Some(Ok(inner)) =
                        language.content_dir.as_ref().map(|d| path.strip_prefix(d))
                    {
                        let (_, path_in_lang) = self.split_suffix(inner);
                        return Placement {
                            lang_from_place: Some(language.code.clone()),
                            path_in_lang,
                        };
                    }
                }
                self.place_by_suffix(path)
            }
            LayoutKind::HugoFileSuffix => self.place_by_suffix(path),
            LayoutKind::SingleFile => {
                let (lang, path_in_lang) = self.split_suffix(path);
                Placement {
                    lang_from_place: lang,
                    path_in_lang,
                }
            }
            LayoutKind::Jekyll | LayoutKind::Eleventy | LayoutKind::PlainTree => {
                let root = self.content_roots.first().cloned().unwrap_or_default();
                let inner = path.strip_prefix(&root).unwrap_or(path);
                let mut components = inner.components();
                if let Some(first) = components.next() {
                    let first = first.as_os_str().to_string_lossy();
                    if let Some(lang) = self.is_language(&first) {
                        let rest = components.as_path();
                        if !rest.as_os_str().is_empty() {
                            let (_, path_in_lang) = self.split_suffix(rest);
                            return Placement {
                                lang_from_place: Some(lang),
                                path_in_lang,
                            };
                        }
                    }
                }
                let (lang, path_in_lang) = self.split_suffix(inner);
                Placement {
                    lang_from_place: lang,
                    path_in_lang,
                }
            }
        }
    }

    fn place_by_suffix(&self, path: &Path) -> Placement {
        let root = self.content_roots.first().cloned().unwrap_or_default();
        let inner = path.strip_prefix(&root).unwrap_or(path);
        let (lang, path_in_lang) = self.split_suffix(inner);
        Placement {
            lang_from_place: lang,
            path_in_lang,
        }
    }

    /// `post.fr.md` → (`fr`, `post.md`); names without a language suffix
    /// are returned unchanged.
    fn split_suffix(&self, path: &Path) -> (Option<Lang>, PathBuf) {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            return (None, path.to_path_buf());
        };
        let mut parts: Vec<&str> = name.split('.').collect();
        if parts.len() >= 3 {
            let suffix = parts[parts.len() - 2];
            // `…-canada.ca.md` is not Catalan: once a site names its
            // languages, only those count as suffixes.
            let lang = if self.languages.is_empty() {
                self.is_language(suffix)
            } else {
                self.configured_segment(suffix)
            };
            if let Some(lang) = lang {
                parts.remove(parts.len() - 2);
                return (Some(lang), path.with_file_name(parts.join(".")));
            }
        }
        (None, path.to_path_buf())
    }
}

fn read_first_config(
    source: &Source,
    names: &[&str],
    warnings: &mut Vec<Warning>,
) -> Option<(String, Value)> {
    for name in names {
        if let Some(size) = oversized_config(source, name) {
            let limit = super::front_matter::budget::CONFIGURATION.document_bytes;
            warnings.push(Warning {
                path: PathBuf::from(name),
                line: None,
                kind: WarningKind::Config,
                message: format!("over budget: {size} bytes, larger than {limit} bytes; not read"),
            });
            return Some((name.to_string(), Value::Null));
        }
        let Some(read) = source.read_text(name) else {
            continue;
        };
        let parsed = read
            .map_err(|error| (1, error.to_string()))
            .and_then(|text| {
                parse_config(name, &text).map_err(|issue| (issue.line, issue.message))
            });
        match parsed {
            Ok(value) => return Some((name.to_string(), value)),
            Err((line, message)) => {
                warnings.push(Warning {
                    path: PathBuf::from(name),
                    line: Some(line),
                    kind: WarningKind::Config,
                    message,
                });
                return Some((name.to_string(), Value::Null));
            }
        }
    }
    None
}

/// The size of a configuration file too large to read at all: reading
/// a 170 MB `config.toml` cost 1.6 GB before any budget could count it.
fn oversized_config(source: &Source, name: &str) -> Option<u64> {
    let Source::Directory(root) = source else {
        return None;
    };
    let size = std::fs::metadata(root.join(name)).ok()?.len();
    let limit = super::front_matter::budget::CONFIGURATION.document_bytes;
    (size > limit as u64).then_some(size)
}

fn parse_config(name: &str, text: &str) -> Result<Value, super::front_matter::Issue> {
    if name.ends_with(".toml") {
        parse_toml_document(text)
    } else if name.ends_with(".json") {
        parse_json_document(text)
    } else {
        parse_yaml_document(text)
    }
}

/// Hugo lets `languages` and `permalinks` live in files of their own.
fn merge_split_hugo_config(source: &Source, config: &mut Value, warnings: &mut Vec<Warning>) {
    for key in ["languages", "permalinks"] {
        if get_ci(config, key).is_some() {
            continue;
        }
        let names: Vec<String> = ["yaml", "yml", "toml", "json"]
            .iter()
            .map(|ext| format!("config/_default/{key}.{ext}"))
            .collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        if let Some((_, value)) = read_first_config(source, &names, warnings) {
            if let Value::Object(map) = config {
                map.insert(key.to_string(), value);
            } else {
                *config = serde_json::json!({ key: value });
            }
        }
    }
}

/// Hugo's configuration keys are case-insensitive (`baseURL`, `baseUrl`).
fn get_ci<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    value
        .as_object()?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

fn get_str<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    get_ci(value, key)?.as_str()
}

/// Permalink patterns by section: `{blog: "/:year/:month/:day/:filename"}`,
/// or Hugo's newer form nested under `page`.
fn permalink_patterns(value: Option<&Value>) -> BTreeMap<String, String> {
    let Some(Value::Object(map)) = value else {
        return BTreeMap::new();
    };
    if let Some(page) = map.iter().find(|(k, _)| k.eq_ignore_ascii_case("page")) {
        if page.1.is_object() {
            return permalink_patterns(Some(page.1));
        }
    }
    map.iter()
        .filter_map(|(section, pattern)| Some((section.clone(), pattern.as_str()?.to_string())))
        .collect()
}

fn hugo_config(source: &Source, file: &str, config: &Value, warnings: Vec<Warning>) -> SiteConfig {
    let mut warnings = warnings;
    let default_lang = get_str(config, "defaultContentLanguage")
        .and_then(|code| configured_language(code, file, "defaultContentLanguage", &mut warnings))
        .unwrap_or_else(|| Lang::new("en"));
    let top_base_url = get_str(config, "baseURL").map(str::to_string);
    let top_content_dir = get_str(config, "contentDir")
        .unwrap_or("content")
        .to_string();
    let top_permalinks = permalink_patterns(get_ci(config, "permalinks"));
    let filename_date_first = get_ci(config, "frontmatter")
        .and_then(|fm| get_ci(fm, "date"))
        .and_then(Value::as_array)
        .and_then(|order| order.first())
        .and_then(Value::as_str)
        .is_some_and(|first| first == ":filename");

    let mut entries: Vec<(i64, Language, BTreeMap<String, String>)> = Vec::new();
    if let Some(Value::Object(languages)) = get_ci(config, "languages") {
        for (code, settings) in languages {
            let Some(code) = configured_language(code, file, "language", &mut warnings) else {
                continue;
            };
            let mut permalinks = top_permalinks.clone();
            permalinks.extend(permalink_patterns(get_ci(settings, "permalinks")));
            let weight = get_ci(settings, "weight")
                .and_then(Value::as_i64)
                .unwrap_or(0);
            let base_url = get_str(settings, "baseURL")
                .filter(|url| !url.contains("${"))
                .map(str::to_string)
                .or_else(|| top_base_url.clone());
            let language = Language {
                code,
                name: get_str(settings, "languageName").map(str::to_string),
                base_url,
                content_dir: get_str(settings, "contentDir").map(PathBuf::from),
            };
            entries.push((weight, language, permalinks));
        }
    }
    if entries.is_empty() {
        entries.push((
            0,
            Language {
                code: default_lang.clone(),
                name: None,
                base_url: top_base_url.clone(),
                content_dir: None,
            },
            top_permalinks.clone(),
        ));
    }
    // Hugo orders languages by weight, then name; weight 0 means "unset".
    entries.sort_by(|a, b| {
        let weight = |w: i64| if w == 0 { i64::MAX } else { w };
        weight(a.0)
            .cmp(&weight(b.0))
            .then_with(|| a.1.code.cmp(&b.1.code))
    });

    let per_language_dirs = entries.iter().any(|(_, l, _)| l.content_dir.is_some());
    let mut content_roots: Vec<PathBuf> = Vec::new();
    let mut seen_roots: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
    for (_, language, _) in &mut entries {
        if per_language_dirs && language.content_dir.is_none() {
            language.content_dir = Some(PathBuf::from(&top_content_dir));
        }
        let root = language
            .content_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from(&top_content_dir));
        if seen_roots.insert(root.clone()) {
            content_roots.push(root);
        }
    }
    for root in &content_roots {
        if !source.is_dir(root) {
            warnings.push(Warning {
                path: PathBuf::from(file),
                line: None,
                kind: WarningKind::Config,
                message: format!("content directory `{}` does not exist", root.display()),
            });
        }
    }
    let permalinks = entries
        .iter()
        .map(|(_, language, patterns)| (language.code.clone(), patterns.clone()))
        .collect();
    SiteConfig {
        kind: if per_language_dirs {
            LayoutKind::HugoContentDirs
        } else {
            LayoutKind::HugoFileSuffix
        },
        languages: entries
            .into_iter()
            .map(|(_, language, _)| language)
            .collect(),
        default_lang,
        content_roots,
        permalinks,
        jekyll_permalink: None,
        filename_date_first,
        time_zone: time_zone(config, file, &mut warnings),
        warnings,
        lookup: OnceLock::new(),
    }
}

fn jekyll_config(
    source: &Source,
    file: &str,
    config: &Value,
    warnings: Vec<Warning>,
) -> SiteConfig {
    let mut warnings = warnings;
    let mut codes: Vec<Lang> = match get_ci(config, "languages") {
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .filter_map(|code| configured_language(code, file, "language", &mut warnings))
            .collect(),
        _ => Vec::new(),
    };
    let mut seen: std::collections::HashSet<Lang> = codes.iter().cloned().collect();
    for lang in language_dirs(source, Path::new("")) {
        if seen.insert(lang.clone()) {
            codes.push(lang);
        }
    }
    let default_lang = get_str(config, "default_lang")
        .or_else(|| get_str(config, "lang"))
        .and_then(|code| configured_language(code, file, "default_lang", &mut warnings));
    let mut site = SiteConfig::plain(
        LayoutKind::Jekyll,
        codes,
        default_lang,
        vec![PathBuf::new()],
    );
    let url = get_str(config, "url").map(|url| {
        let base = get_str(config, "baseurl").unwrap_or("");
        format!("{}{}", url.trim_end_matches('/'), base)
    });
    for language in &mut site.languages {
        language.base_url = url.clone();
    }
    site.jekyll_permalink = get_str(config, "permalink").map(str::to_string);
    site.time_zone = time_zone(config, file, &mut warnings);
    site.warnings = warnings;
    site
}

/// The zone a configuration names (`timeZone`, `timezone`: an IANA name
/// such as `America/Toronto`); a warning when it is not one.
fn time_zone(
    config: &Value,
    file: &str,
    warnings: &mut Vec<Warning>,
) -> Option<jiff::tz::TimeZone> {
    let name = get_str(config, "timeZone")?.trim();
    if name.is_empty() {
        return None;
    }
    match jiff::tz::TimeZone::get(name) {
        Ok(zone) => Some(zone),
        Err(error) => {
            warnings.push(Warning {
                path: PathBuf::from(file),
                line: None,
                kind: WarningKind::Config,
                message: format!(
                    "timeZone `{name}` is not a known time zone ({error}); \
                     dates without an offset are taken as UTC"
                ),
            });
            None
        }
    }
}

fn has_language_dirs(source: &Source, dir: &str) -> bool {
    !language_dirs(source, Path::new(dir)).is_empty()
}

fn language_dirs(source: &Source, dir: &Path) -> Vec<Lang> {
    source
        .subdirectories(dir)
        .iter()
        .filter(|name| is_language_code(name))
        .map(|name| Lang::new(name))
        .collect()
}

/// Whether a site or a post may name a language so: a letter, then ASCII
/// letters, digits, `-` or `_` (`fr`, `en-CA`, `zh_Hant`, `english`), at
/// most 35 in all. Codes are shown wherever languages are; anything else
/// (a sentence, a control sequence) is refused where it is read.
pub fn is_language_tag(code: &str) -> bool {
    code.len() <= 35
        && code.starts_with(|c: char| c.is_ascii_alphabetic())
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The language a configuration names at `key`, when it is one; a warning
/// for `file` when it is not.
fn configured_language(
    code: &str,
    file: &str,
    key: &str,
    warnings: &mut Vec<Warning>,
) -> Option<Lang> {
    if is_language_tag(code.trim()) {
        return Some(Lang::new(code));
    }
    warnings.push(Warning {
        path: PathBuf::from(file),
        line: None,
        kind: WarningKind::Config,
        message: format!("{key} `{code}` is not a language code; ignored"),
    });
    None
}

/// ISO 639-1 codes, optionally with a region or script (`pt-br`, `zh-hant`).
pub fn is_language_code(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase().replace('_', "-");
    let mut parts = lower.split('-');
    let primary = parts.next().unwrap_or("");
    let rest_ok =
        parts.all(|p| (2..=4).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    primary.len() == 2 && ISO_639_1.split(' ').any(|code| code == primary) && rest_ok
}

const ISO_639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("en", true)]
    #[case("fr", true)]
    #[case("pt-br", true)]
    #[case("zh_Hant", true)]
    #[case("iu", true)]
    #[case("blog", false)]
    #[case("img", false)]
    #[case("xx", false)]
    #[case("", false)]
    fn language_codes(#[case] segment: &str, #[case] expected: bool) {
        assert_eq!(is_language_code(segment), expected);
    }

    #[rstest]
    #[case("en", true)]
    #[case("fr-CA", true)]
    #[case("zh_Hant", true)]
    #[case("english", true)]
    #[case("", false)]
    #[case("42", false)]
    #[case("en fr", false)]
    #[case("\u{1b}]0;title\u{7}", false)]
    #[case("fr\u{9b}", false)]
    #[case("a-very-long-language-code-nobody-writes", false)]
    fn language_tags(#[case] code: &str, #[case] expected: bool) {
        assert_eq!(is_language_tag(code), expected);
    }

    #[test]
    fn configured_languages_that_are_no_codes_are_refused() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        std::fs::create_dir(dir.path().join("content")).expect("content");
        std::fs::write(
            dir.path().join("hugo.toml"),
            "defaultContentLanguage = \"\\u001b[2J\"\n[languages.en]\nweight = 1\n\
             [languages.\"\\u001b]0;x\\u0007\"]\nweight = 2\n",
        )
        .expect("write");
        let config = detect(&Source::Directory(dir.path().to_path_buf()));
        let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["en"]);
        assert_eq!(config.default_lang, Lang::new("en"));
        assert_eq!(config.warnings.len(), 2, "{:?}", config.warnings);
        std::fs::remove_file(dir.path().join("hugo.toml")).expect("remove");
        std::fs::write(
            dir.path().join("_config.yml"),
            "languages: [en, \"\\e]0;x\\a\"]\ndefault_lang: \"\\x9b\"\n",
        )
        .expect("write");
        let config = detect(&Source::Directory(dir.path().to_path_buf()));
        let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["en"]);
        assert_eq!(config.warnings.len(), 2, "{:?}", config.warnings);
    }

    fn hugo_dirs() -> SiteConfig {
        let mut config = SiteConfig::plain(
            LayoutKind::HugoContentDirs,
            vec![Lang::new("en"), Lang::new("fr")],
            None,
            vec![PathBuf::from("content/en"), PathBuf::from("content/fr")],
        );
        for language in &mut config.languages {
            language.content_dir = Some(PathBuf::from(format!("content/{}", language.code)));
        }
        config
    }

    #[rstest]
    #[case::content_dir("content/fr/blog/posts/x.md", Some("fr"), "blog/posts/x.md")]
    #[case::content_dir_with_suffix("content/en/about.fr.md", Some("en"), "about.md")]
    fn hugo_content_dirs_give_the_language(
        #[case] path: &str,
        #[case] lang: Option<&str>,
        #[case] inner: &str,
    ) {
        let placement = hugo_dirs().place(Path::new(path));
        assert_eq!(placement.lang_from_place, lang.map(Lang::new));
        assert_eq!(placement.path_in_lang, PathBuf::from(inner));
    }

    #[rstest]
    #[case::suffix("content/posts/hello.fr.md", Some("fr"), "posts/hello.md")]
    #[case::index_suffix("content/_index.en.md", Some("en"), "_index.md")]
    #[case::no_suffix("content/posts/hello.md", None, "posts/hello.md")]
    #[case::dotted_name_not_a_language("content/posts/v1.2.md", None, "posts/v1.2.md")]
    #[case::unconfigured_code_is_not_a_suffix(
        "content/posts/canada.ca.md",
        None,
        "posts/canada.ca.md"
    )]
    fn hugo_file_suffix_gives_the_language(
        #[case] path: &str,
        #[case] lang: Option<&str>,
        #[case] inner: &str,
    ) {
        let config = SiteConfig::plain(
            LayoutKind::HugoFileSuffix,
            vec![Lang::new("en"), Lang::new("fr")],
            None,
            vec![PathBuf::from("content")],
        );
        let placement = config.place(Path::new(path));
        assert_eq!(placement.lang_from_place, lang.map(Lang::new));
        assert_eq!(placement.path_in_lang, PathBuf::from(inner));
    }

    #[rstest]
    #[case::jekyll_lang_dir("fr/_posts/2019-03-06-x.md", Some("fr"), "_posts/2019-03-06-x.md")]
    #[case::top_level_post("_posts/2019-03-06-x.md", None, "_posts/2019-03-06-x.md")]
    #[case::eleventy_src("src/en/about.md", Some("en"), "about.md")]
    fn plain_trees_take_the_first_language_segment(
        #[case] path: &str,
        #[case] lang: Option<&str>,
        #[case] inner: &str,
    ) {
        let root = if path.starts_with("src/") { "src" } else { "" };
        let config = SiteConfig::plain(
            LayoutKind::PlainTree,
            vec![],
            None,
            vec![PathBuf::from(root)],
        );
        let placement = config.place(Path::new(path));
        assert_eq!(placement.lang_from_place, lang.map(Lang::new));
        assert_eq!(placement.path_in_lang, PathBuf::from(inner));
    }

    #[test]
    fn region_codes_match_the_configured_language() {
        let config = hugo_dirs();
        assert_eq!(config.match_language("fr-CA"), Lang::new("fr"));
        assert_eq!(config.match_language("FR"), Lang::new("fr"));
        assert_eq!(config.match_language("de"), Lang::new("de"));
    }

    #[test]
    fn reads_the_hugo_configuration_of_a_bilingual_site() {
        let config = detect(&Source::sample());
        assert_eq!(config.kind, LayoutKind::HugoContentDirs);
        let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["en", "fr"]);
        assert!(config.languages.iter().all(|l| l.base_url.is_some()));
        assert!(config.permalinks[&Lang::new("fr")].contains_key("blog"));
    }
}
