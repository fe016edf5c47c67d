//! The non-interactive commands: `list`, `check`, `search` and `resolve`.
//! Each writes to any `Write` so tests can read what it prints; content is
//! sanitised before it reaches a terminal.

use crate::content::links::{self, Resolution};
use crate::content::{Lang, Post, PostId, Site, display_path};
use crate::render::{
    self,
    hyperlink::{self, Hyperlink},
};
use crate::search::site::{Query, SiteIndex};
use crate::text::sanitize_line;
use crate::theme::Theme;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

mod stale;

/// What a command wants the process to exit with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything fine: exit 0.
    Ok,
    /// The command found problems (`check`) or nothing (`resolve`): exit 1.
    Problems,
}

/// How `list` prints each post.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ListFormat {
    /// Date, language, translations and title, in columns.
    #[default]
    Text,
    /// One JSON array.
    Json,
    /// `--format`: a line of the template's for each post.
    Template(ListTemplate),
}

/// A field of a post `list --format` can print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListField {
    Path,
    Lang,
    Title,
    Date,
    Url,
    Address,
    Translations,
}

impl ListField {
    /// Every field, by the name written between braces.
    pub const ALL: [(&'static str, ListField); 7] = [
        ("path", ListField::Path),
        ("lang", ListField::Lang),
        ("title", ListField::Title),
        ("date", ListField::Date),
        ("url", ListField::Url),
        ("address", ListField::Address),
        ("translations", ListField::Translations),
    ];
}

/// A piece of a [`ListTemplate`].
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Field(ListField),
}

/// `list --format '{date}\t{lang}\t{title}'`: text with `{field}`s, `\t`,
/// `\n` and `\\` escapes, and `{{`, `}}` for braces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListTemplate(Vec<Piece>);

/// What is wrong with a `--format` template.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error(
        "--format: unknown field {{{0}}} (fields: {{path}} {{lang}} {{title}} {{date}} {{url}} {{address}} {{translations}})"
    )]
    UnknownField(String),
    #[error("--format: a `{{` is never closed (write `{{{{` for a brace)")]
    Unclosed,
}

impl std::str::FromStr for ListTemplate {
    type Err = TemplateError;

    fn from_str(template: &str) -> Result<ListTemplate, TemplateError> {
        let mut pieces = Vec::new();
        let mut text = String::new();
        let mut chars = template.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.peek() {
                    Some('t') => {
                        chars.next();
                        text.push('\t');
                    }
                    Some('n') => {
                        chars.next();
                        text.push('\n');
                    }
                    Some('\\') => {
                        chars.next();
                        text.push('\\');
                    }
                    _ => text.push('\\'),
                },
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    text.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    text.push('}');
                }
                '{' => {
                    let mut name = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some(c) => name.push(c),
                            None => return Err(TemplateError::Unclosed),
                        }
                    }
                    let field = ListField::ALL
                        .iter()
                        .find(|(n, _)| *n == name.trim())
                        .map(|(_, f)| *f)
                        .ok_or_else(|| {
                            TemplateError::UnknownField(sanitize_line(&name).into_owned())
                        })?;
                    if !text.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut text)));
                    }
                    pieces.push(Piece::Field(field));
                }
                c => text.push(c),
            }
        }
        if !text.is_empty() {
            pieces.push(Piece::Text(text));
        }
        Ok(ListTemplate(pieces))
    }
}

impl ListTemplate {
    /// The template filled in for post `id`; content is made safe for a
    /// terminal (its tabs and line breaks too, so one post stays one line).
    pub fn render(&self, site: &Site, id: PostId) -> String {
        let post = &site.posts[id];
        let mut out = String::new();
        for piece in &self.0 {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Field(field) => {
                    let value = match field {
                        ListField::Path => post.display_path(),
                        ListField::Lang => post.lang.to_string(),
                        ListField::Title => post.title.clone(),
                        ListField::Date => post
                            .date
                            .as_ref()
                            .map(|d| d.to_rfc3339(site.time_zone.as_ref()))
                            .unwrap_or_default(),
                        ListField::Url => post.url.clone(),
                        ListField::Address => site.public_address(post).unwrap_or_default(),
                        ListField::Translations => post
                            .translations
                            .keys()
                            .map(Lang::as_str)
                            .collect::<Vec<_>>()
                            .join(","),
                    };
                    out.push_str(&sanitize_line(&value));
                }
            }
        }
        out
    }
}

/// `liseuse list`: one line per post (or one JSON array), newest first.
pub fn list(
    site: &Site,
    lang: Option<&Lang>,
    format: &ListFormat,
    state: Option<&crate::state::SiteState>,
    out: &mut impl Write,
) -> io::Result<()> {
    let ids = site.newest_first(lang);
    let template = match format {
        ListFormat::Json => {
            let entries = ids.iter().map(|&id| {
                let mut entry = post_json(site, id);
                let post = &site.posts[id];
                // What the reader remembers: read as the file is now,
                // bookmarked. Nothing is, without a state.
                let hash = post.text.hash();
                let read = state.is_some_and(|s| s.is_read(&post.path, hash));
                let bookmarked = state.is_some_and(|s| s.is_bookmarked(&post.path));
                if let Some(fields) = entry.as_object_mut() {
                    fields.insert("read".into(), read.into());
                    fields.insert("bookmarked".into(), bookmarked.into());
                }
                entry
            });
            crate::text::write_json_pretty_array(&mut *out, entries)?;
            return writeln!(out);
        }
        ListFormat::Template(template) => Some(template),
        ListFormat::Text => None,
    };
    for id in ids {
        if let Some(template) = template {
            writeln!(out, "{}", template.render(site, id))?;
            continue;
        }
        let post = &site.posts[id];
        let date = post
            .sort_date()
            .map_or_else(|| "----------".to_string(), |d| d.date.to_string());
        let translations = if post.translations.is_empty() {
            "—".to_string()
        } else {
            post.translations
                .keys()
                .map(Lang::as_str)
                .collect::<Vec<_>>()
                .join(",")
        };
        writeln!(
            out,
            "{date}  {:<5} {:<5} {}",
            post.lang.as_str(),
            translations,
            sanitize_line(&post.title)
        )?;
    }
    Ok(())
}

/// "unknown language `xx`; this site has: en (English), fr (Français)".
pub fn unknown_language(site: &Site, tag: &str) -> String {
    let known: Vec<String> = site
        .known_languages()
        .iter()
        .map(
            |code| match site.language(code).and_then(|l| l.name.as_deref()) {
                Some(name) => format!("{code} ({})", sanitize_line(name)),
                None => code.to_string(),
            },
        )
        .collect();
    let has = if known.is_empty() {
        "this site has no language".to_string()
    } else {
        format!("this site has: {}", known.join(", "))
    };
    format!("unknown language `{}`; {has}", sanitize_line(tag))
}

/// Adds `path_bytes`, the bytes of `path`, when `path` is not UTF-8: the
/// `path` beside it is then lossy (`inv�.md`), and only the bytes name the
/// file exactly. UTF-8 paths, nearly all, get no such field.
fn with_path_bytes(mut entry: serde_json::Value, path: &Path) -> serde_json::Value {
    if let (None, Some(object)) = (path.to_str(), entry.as_object_mut()) {
        let bytes = path.as_os_str().as_encoded_bytes();
        object.insert("path_bytes".to_string(), json!(bytes));
    }
    entry
}

fn post_json(site: &Site, id: PostId) -> serde_json::Value {
    let post = &site.posts[id];
    with_path_bytes(post_fields_json(site, post), &post.path)
}

fn post_fields_json(site: &Site, post: &Post) -> serde_json::Value {
    let translations: BTreeMap<&str, String> = post
        .translations
        .iter()
        .map(|(lang, &other)| (lang.as_str(), site.posts[other].display_path()))
        .collect();
    json!({
        "path": post.display_path(),
        "lang": post.lang,
        "title": post.title,
        "date": post.date.as_ref().map(|d| d.to_rfc3339(site.time_zone.as_ref())),
        "updated": post.updated.as_ref().map(|d| d.to_rfc3339(site.time_zone.as_ref())),
        "url": post.url,
        "address": site.public_address(post),
        "translations": translations,
        "translationKey": post.translation_key,
        "authors": post.authors,
        "tags": post.tags,
        "draft": post.draft,
    })
}

/// `liseuse search`: the posts whose title or body holds every word and
/// phrase of `query`, best first, at most `limit`; each with its language,
/// date, path and a line of text around the match. Nothing found is
/// [`Outcome::Problems`]; an empty query is an error.
pub fn search(
    site: &Site,
    query: &str,
    lang: Option<&Lang>,
    json: bool,
    limit: usize,
    out: &mut impl Write,
    err: &mut impl Write,
) -> io::Result<Outcome> {
    let parsed = Query::parse(query);
    if parsed.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "the query has no word to search for",
        ));
    }
    let index = SiteIndex::build(site);
    let results = index.search(site, &parsed, lang, limit);
    if json {
        let entries: Vec<serde_json::Value> = results
            .hits
            .iter()
            .map(|hit| {
                let post = &site.posts[hit.id];
                let ranges = |ranges: &[std::ops::Range<usize>]| -> Vec<[usize; 2]> {
                    ranges.iter().map(|r| [r.start, r.end]).collect()
                };
                with_path_bytes(
                    json!({
                        "path": post.display_path(),
                        "lang": post.lang,
                        "title": post.title,
                        "date": post.date.as_ref().map(|d| d.to_rfc3339(site.time_zone.as_ref())),
                        "url": post.url,
                        "address": site.public_address(post),
                        // Four decimals: an f32 widened to f64 prints noise digits.
                        "score": (f64::from(hit.score) * 1e4).round() / 1e4,
                        "titleMatch": hit.title_match,
                        "titleHighlights": ranges(&hit.title_highlights),
                        "snippet": hit.snippet.text,
                        "highlights": ranges(&hit.snippet.highlights),
                    }),
                    &post.path,
                )
            })
            .collect();
        crate::text::write_json_pretty(&mut *out, &entries)?;
        writeln!(out)?;
    } else {
        for (i, hit) in results.hits.iter().enumerate() {
            let post = &site.posts[hit.id];
            if i > 0 {
                writeln!(out)?;
            }
            let date = post
                .sort_date()
                .map_or_else(|| "----------".to_string(), |d| d.date.to_string());
            writeln!(out, "{}", sanitize_line(&post.title))?;
            writeln!(
                out,
                "  {:<5} {date}  {}",
                post.lang.as_str(),
                sanitize_line(&post.display_path())
            )?;
            if !hit.snippet.text.is_empty() {
                writeln!(out, "  {}", sanitize_line(&hit.snippet.text))?;
            }
        }
    }
    if results.hits.is_empty() {
        writeln!(err, "no post matches {}", sanitize_line(query))?;
        return Ok(Outcome::Problems);
    }
    let shown = results.hits.len();
    if results.total > shown {
        let about = if results.exact { "" } else { "about " };
        writeln!(
            err,
            "{shown} of {about}{} matching posts shown (see --limit)",
            results.total
        )?;
    }
    Ok(Outcome::Ok)
}

/// Internal links of every post, followed through the URL index.
#[derive(Debug, Default, Serialize)]
pub struct LinkReport {
    /// Links into the site (absolute on a site host, root-relative, relative).
    pub internal: usize,
    /// Of those, how many lead to a post.
    pub to_posts: usize,
    /// Of those, how many lead to a file that is not a post (PDF, image).
    pub to_files: usize,
    /// Of those, how many lead to a redirect stub of the site.
    pub to_redirects: usize,
    /// Internal links that are absolute URLs on one of the site's hosts.
    pub absolute: usize,
    /// Of those, how many lead to a post.
    pub absolute_to_posts: usize,
    /// Of those, how many lead to a file that is not a post.
    pub absolute_to_files: usize,
    /// Of those, how many lead to a redirect stub.
    pub absolute_to_redirects: usize,
    pub unresolved: Vec<UnresolvedLink>,
}

/// A link into the site that leads nowhere.
#[derive(Debug, Clone, Serialize)]
pub struct UnresolvedLink {
    pub path: String,
    pub url: String,
}

impl LinkReport {
    /// Share of absolute links to the site's pages (files aside) that reach
    /// a post or a known redirect.
    pub fn absolute_resolved_share(&self) -> f64 {
        let pages = self.absolute - self.absolute_to_files;
        if pages == 0 {
            1.0
        } else {
            (self.absolute_to_posts + self.absolute_to_redirects) as f64 / pages as f64
        }
    }

    /// Share of internal page links (files aside) that reach a post or a
    /// known redirect.
    pub fn resolved_share(&self) -> f64 {
        let pages = self.internal - self.to_files;
        if pages == 0 {
            1.0
        } else {
            (self.to_posts + self.to_redirects) as f64 / pages as f64
        }
    }
}

/// Template tags met across the site, by name.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ShortcodeCount {
    pub uses: usize,
    pub known: bool,
}

/// What `check` learns by reading every body: links and shortcodes.
#[derive(Debug, Default)]
pub struct BodyReport {
    pub links: LinkReport,
    pub shortcodes: BTreeMap<String, ShortcodeCount>,
}

/// Follows every link of every post and lists the shortcodes met.
pub fn body_report(site: &Site) -> BodyReport {
    type PerPost = (
        PostId,
        Vec<(String, Resolution)>,
        Vec<render::shortcodes::ShortcodeUse>,
    );
    let per_post: Vec<PerPost> = (0..site.posts.len())
        .into_par_iter()
        .map(|id| {
            let body = site.posts[id].body();
            let links = links::body_links(body)
                .into_iter()
                .map(|url| {
                    let resolution = site.resolve(&url, Some(id));
                    (url, resolution)
                })
                .collect();
            (id, links, render::shortcodes::preprocess(body).shortcodes)
        })
        .collect();
    let mut report = BodyReport::default();
    for (id, links, shortcodes) in per_post {
        for used in shortcodes {
            let count = report.shortcodes.entry(used.name).or_default();
            count.uses += 1;
            count.known = used.known;
        }
        let links_report = &mut report.links;
        for (url, resolution) in links {
            if !resolution.is_internal() {
                continue;
            }
            links_report.internal += 1;
            let absolute = url.contains("://") || url.starts_with("//");
            if absolute {
                links_report.absolute += 1;
            }
            match resolution {
                Resolution::Post { .. } => {
                    links_report.to_posts += 1;
                    if absolute {
                        links_report.absolute_to_posts += 1;
                    }
                }
                Resolution::File(_) => {
                    links_report.to_files += 1;
                    links_report.absolute_to_files += usize::from(absolute);
                }
                Resolution::Redirect { .. } => {
                    links_report.to_redirects += 1;
                    links_report.absolute_to_redirects += usize::from(absolute);
                }
                _ => links_report.unresolved.push(UnresolvedLink {
                    path: site.posts[id].display_path(),
                    url,
                }),
            }
        }
    }
    report
}

/// What `check` says of a directory with no post in it, on one line.
pub fn no_posts(site: &Site) -> String {
    let seen = match site.files_seen() {
        0 => "no files".to_string(),
        1 => "1 file, not a post".to_string(),
        n => format!("{n} files, none a post"),
    };
    format!(
        "{}: no posts found ({seen}); looked for a Hugo site (hugo.toml, config.toml or \
         config/_default/, with content/), a Jekyll site (_config.yml, _posts/), an Eleventy \
         site (.eleventy.js, src/) and language directories (en/, fr/…), with .md, .markdown \
         or .html files that have front matter",
        sanitize_line(&site.origin)
    )
}

/// `liseuse check`: what was loaded and what is wrong with it. A site
/// without a single post is a problem, said on `err`.
pub fn check(
    site: &Site,
    json: bool,
    strict: bool,
    out: &mut impl Write,
    err: &mut impl Write,
) -> io::Result<Outcome> {
    let problems = site
        .skipped
        .iter()
        .filter(|s| s.reason.is_problem())
        .count();
    if site.posts.is_empty() {
        writeln!(err, "liseuse: {}", no_posts(site))?;
    }
    let stale_pairs = site.dates.stale_pairs(site);
    // Stale translations are a translator's news, not a broken site: they
    // fail `check` only with --strict, so that an edit of an original
    // does not fail every build until its translation follows.
    let strict_problems = !site.warnings.is_empty() || !stale_pairs.is_empty();
    let outcome = if problems > 0 || site.posts.is_empty() || (strict && strict_problems) {
        Outcome::Problems
    } else {
        Outcome::Ok
    };
    let BodyReport { links, shortcodes } = body_report(site);
    let mut per_language: BTreeMap<&str, usize> = BTreeMap::new();
    for post in &site.posts {
        *per_language.entry(post.lang.as_str()).or_default() += 1;
    }
    let untranslated: Vec<&Post> = site
        .newest_first(None)
        .into_iter()
        .map(|id| &site.posts[id])
        .filter(|p| p.translations.is_empty())
        .collect();
    let undated = site
        .posts
        .iter()
        .filter(|p| p.sort_date().is_none())
        .count();

    if json {
        let report = json!({
            "site": site.origin,
            "layout": site.layout,
            "languages": site.languages.iter().map(|l| json!({
                "code": l.code,
                "name": l.name,
                "baseURL": l.base_url,
                "contentDir": l.content_dir.as_deref().map(display_path),
            })).collect::<Vec<_>>(),
            "defaultLanguage": site.default_lang,
            "filesSeen": site.files_seen(),
            "posts": site.posts.len(),
            "postsPerLanguage": per_language,
            "translationPairs": site.translation_pairs(),
            "untranslated": untranslated.iter().map(|p| p.display_path()).collect::<Vec<_>>(),
            "undated": undated,
            "skipped": site.skipped.iter().map(|s| with_path_bytes(json!({
                "path": display_path(&s.path),
                "reason": s.reason.to_string(),
                "problem": s.reason.is_problem(),
            }), &s.path)).collect::<Vec<_>>(),
            "warnings": site.warnings.iter().map(|w| with_path_bytes(json!({
                "path": display_path(&w.path),
                "line": w.line,
                "kind": w.kind,
                "message": w.message,
            }), &w.path)).collect::<Vec<_>>(),
            "links": links,
            "shortcodes": shortcodes,
            "staleDays": site.dates.stale_days,
            "datesFrom": stale::dates_from(&site.dates),
            "stale_translations": stale::json(site, &stale_pairs),
            "ok": outcome == Outcome::Ok,
        });
        crate::text::write_json_pretty(&mut *out, &report)?;
        writeln!(out)?;
        return Ok(outcome);
    }

    writeln!(out, "Site:         {}", sanitize_line(&site.origin))?;
    writeln!(out, "Layout:       {}", site.layout)?;
    let languages: Vec<String> = site
        .languages
        .iter()
        .map(|l| {
            let mut text = l.code.to_string();
            let details: Vec<&str> = [l.name.as_deref(), l.base_url.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            if !details.is_empty() {
                text.push_str(&format!(" ({})", details.join(", ")));
            }
            text
        })
        .collect();
    writeln!(
        out,
        "Languages:    {}",
        sanitize_line(&languages.join("; "))
    )?;
    writeln!(
        out,
        "Files:        {} seen, {} posts, {} skipped",
        site.files_seen(),
        site.posts.len(),
        site.skipped.len()
    )?;
    let counts: Vec<String> = per_language
        .iter()
        .map(|(l, n)| format!("{l} {n}"))
        .collect();
    writeln!(out, "Posts:        {}", counts.join(", "))?;
    writeln!(
        out,
        "Translations: {} pairs, {} without a translation",
        site.translation_pairs(),
        untranslated.len()
    )?;
    if undated > 0 {
        writeln!(
            out,
            "Undated:      {undated} posts have no date (listed last)"
        )?;
    }
    stale::summary(out, &site.dates, &stale_pairs)?;
    writeln!(
        out,
        "Links:        {} internal: {} to posts, {} to redirects ({:.1}% resolved), {} to files, {} unresolved",
        links.internal,
        links.to_posts,
        links.to_redirects,
        links.resolved_share() * 100.0,
        links.to_files,
        links.unresolved.len()
    )?;
    writeln!(
        out,
        "              of them {} absolute (on the site's hosts): {:.1}% of those to pages resolved",
        links.absolute,
        links.absolute_resolved_share() * 100.0
    )?;

    if !shortcodes.is_empty() {
        let listed: Vec<String> = shortcodes
            .iter()
            .map(|(name, count)| {
                let known = if count.known {
                    ""
                } else {
                    ", unknown: shown as text"
                };
                format!("{} ({}{known})", sanitize_line(name), count.uses)
            })
            .collect();
        writeln!(out, "Shortcodes:   {}", listed.join(", "))?;
    }

    if !untranslated.is_empty() {
        writeln!(out, "\nWithout a translation ({}):", untranslated.len())?;
        for post in &untranslated {
            writeln!(
                out,
                "  {}  {}",
                post.lang,
                sanitize_line(&post.display_path())
            )?;
        }
    }
    stale::section(out, site, &stale_pairs)?;
    if !site.skipped.is_empty() {
        writeln!(out, "\nSkipped ({}):", site.skipped.len())?;
        let mut by_reason: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for skipped in &site.skipped {
            by_reason
                .entry(skipped.reason.to_string())
                .or_default()
                .push(display_path(&skipped.path));
        }
        for (reason, paths) in by_reason {
            writeln!(out, "  {} ({}):", sanitize_line(&reason), paths.len())?;
            for path in paths {
                writeln!(out, "    {}", sanitize_line(&path))?;
            }
        }
    }
    if !site.warnings.is_empty() {
        writeln!(out, "\nWarnings ({}):", site.warnings.len())?;
        for warning in &site.warnings {
            let place = match warning.line {
                Some(line) => format!("{}:{line}", display_path(&warning.path)),
                None => display_path(&warning.path),
            };
            writeln!(
                out,
                "  {}: {}: {}",
                sanitize_line(&place),
                warning.kind,
                sanitize_line(&warning.message)
            )?;
        }
    }
    if !links.unresolved.is_empty() {
        writeln!(
            out,
            "\nUnresolved internal links ({}):",
            links.unresolved.len()
        )?;
        for link in &links.unresolved {
            writeln!(
                out,
                "  {}: {}",
                sanitize_line(&link.path),
                sanitize_line(&link.url)
            )?;
        }
    }
    Ok(outcome)
}

/// `liseuse show`: one post rendered for a terminal `width` wide, with
/// ANSI styles when `color` is set, plain text otherwise.
pub fn show(
    site: &Site,
    target: &str,
    reading: Option<&Lang>,
    width: u16,
    output: Output,
    out: &mut impl Write,
    err: &mut impl Write,
) -> io::Result<Outcome> {
    let Some(id) = site.find_target(target, reading).map(|found| found.id) else {
        writeln!(err, "liseuse: {}", no_such_post(site, target))?;
        return Ok(Outcome::Problems);
    };
    let theme = output.theme();
    let document = render::render_post(site, id);
    let lines = render::wrap::layout(&document, width, &theme);
    write_lines(&lines, &output, out)?;
    Ok(Outcome::Ok)
}

/// `liseuse show --all`: every post (of one language, if given), newest
/// first, one after the other.
pub fn show_all(
    site: &Site,
    lang: Option<&Lang>,
    width: u16,
    output: Output,
    out: &mut impl Write,
) -> io::Result<Outcome> {
    let theme = output.theme();
    // Rendering is the work: do it on every core, then print in order.
    let ids = site.newest_first(lang);
    let rendered: Vec<Vec<Line<'static>>> = ids
        .par_iter()
        .map(|&id| render::wrap::layout(&render::render_post(site, id), width, &theme))
        .collect();
    for (i, lines) in rendered.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        write_lines(lines, &output, out)?;
    }
    Ok(Outcome::Ok)
}

/// How `show` writes: with ANSI styles or as plain text, links as
/// terminal hyperlinks or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub color: bool,
    /// OSC 8 hyperlinks, written only with `color` (plain text has no
    /// escape at all).
    pub hyperlinks: bool,
    /// The styles written with `color`: the configuration's theme
    /// (`NO_COLOR` already applied). `None`: the default theme.
    pub theme: Option<Theme>,
}

impl Output {
    /// Plain text: no escape sequence.
    pub const PLAIN: Output = Output {
        color: false,
        hyperlinks: false,
        theme: None,
    };

    fn theme(&self) -> Theme {
        match &self.theme {
            _ if !self.color => Theme::plain(),
            Some(theme) => theme.clone(),
            None => Theme::from_env(),
        }
    }
}

/// Writes laid-out lines, as ANSI-styled text or as plain text.
pub fn write_lines(lines: &[Line<'_>], output: &Output, out: &mut impl Write) -> io::Result<()> {
    for line in lines {
        for span in &line.spans {
            if !output.color {
                out.write_all(span.content.as_bytes())?;
                continue;
            }
            let link = output
                .hyperlinks
                .then(|| Hyperlink::in_color(span.style.underline_color))
                .flatten()
                .and_then(Hyperlink::open);
            if let Some(open) = &link {
                out.write_all(open.as_bytes())?;
            }
            let codes = sgr(span.style);
            if codes.is_empty() {
                out.write_all(span.content.as_bytes())?;
            } else {
                write!(out, "\x1b[{codes}m{}\x1b[0m", span.content)?;
            }
            if link.is_some() {
                out.write_all(hyperlink::CLOSE.as_bytes())?;
            }
        }
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// The SGR parameters of a style, for the 16 ANSI colours.
fn sgr(style: Style) -> String {
    let mut codes: Vec<String> = Vec::new();
    let modifiers = [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::REVERSED, "7"),
        (Modifier::CROSSED_OUT, "9"),
    ];
    for (modifier, code) in modifiers {
        if style.add_modifier.contains(modifier) {
            codes.push(code.to_string());
        }
    }
    if let Some(color) = style.fg.and_then(ansi_color) {
        codes.push(color.to_string());
    }
    if let Some(color) = style.bg.and_then(ansi_color) {
        codes.push((color + 10).to_string());
    }
    codes.join(";")
}

fn ansi_color(color: Color) -> Option<u8> {
    Some(match color {
        Color::Black => 30,
        Color::Red => 31,
        Color::Green => 32,
        Color::Yellow => 33,
        Color::Blue => 34,
        Color::Magenta => 35,
        Color::Cyan => 36,
        Color::Gray => 37,
        Color::DarkGray => 90,
        Color::LightRed => 91,
        Color::LightGreen => 92,
        Color::LightYellow => 93,
        Color::LightBlue => 94,
        Color::LightMagenta => 95,
        Color::LightCyan => 96,
        Color::White => 97,
        _ => return None,
    })
}

/// Why `target` (a path, a site URL or a slug) names no post: "no post
/// at URL; this page exists in: …" when its page is in other languages.
pub fn no_such_post(site: &Site, target: &str) -> String {
    if !site.languages_with(target).is_empty() {
        return not_found(site, target);
    }
    format!(
        "{}: no such post (give a path, a site URL or a slug)",
        sanitize_line(target)
    )
}

/// "no post at URL", and the languages that have the page, if any.
pub fn not_found(site: &Site, url: &str) -> String {
    let elsewhere = site.languages_with(url);
    let mut text = format!("no post at {}", sanitize_line(url));
    if !elsewhere.is_empty() {
        let codes: Vec<&str> = elsewhere.iter().map(Lang::as_str).collect();
        text.push_str(&format!("; this page exists in: {}", codes.join(", ")));
    }
    text
}

/// `liseuse resolve`: the local post a site URL points to.
pub fn resolve(
    site: &Site,
    url: &str,
    reading: Option<&Lang>,
    out: &mut impl Write,
    err: &mut impl Write,
) -> io::Result<Outcome> {
    match site.resolve_reading(url, reading) {
        Resolution::Post { id, fragment } => {
            let post = &site.posts[id];
            write!(out, "{}", sanitize_line(&post.display_path()))?;
            if let Some(fragment) = fragment {
                write!(out, "#{}", sanitize_line(&fragment))?;
            }
            writeln!(out, "\t{}\t{}", post.lang, sanitize_line(&post.title))?;
            Ok(Outcome::Ok)
        }
        Resolution::Redirect { target } => {
            writeln!(
                err,
                "liseuse: {}: a redirect to {}",
                sanitize_line(url),
                sanitize_line(&target)
            )?;
            Ok(Outcome::Problems)
        }
        Resolution::File(_) => {
            writeln!(
                err,
                "liseuse: {}: a file on the site, not a post",
                sanitize_line(url)
            )?;
            Ok(Outcome::Problems)
        }
        Resolution::External(_) => {
            writeln!(err, "liseuse: {}: not on this site", sanitize_line(url))?;
            Ok(Outcome::Problems)
        }
        Resolution::Anchor(_) | Resolution::NotFound(_) => {
            writeln!(err, "liseuse: {}", not_found(site, url))?;
            Ok(Outcome::Problems)
        }
    }
}
