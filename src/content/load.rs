//! Reading a whole site: walk, read and parse every file in parallel,
//! then index URLs and link translations. Bad files become warnings or
//! skipped entries; loading itself only fails when the site cannot be opened.

use super::date::{PostDate, date_from_file_name, parse_date};
use super::front_matter::{self, FrontMatter, SplitError};
use super::layout::{self, SiteConfig};
use super::links::{self, PermalinkInput, UrlIndex};
use super::source::{Found, OpenFile, Opener};
use super::source::{PostExtension, post_extension};
use super::{
    FileText, Lang, Language, LayoutKind, Post, PostData, Site, SkipReason, Skipped, Source,
    Translations, Warning, WarningKind,
};
use rayon::prelude::*;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Why a site could not be opened at all: one line, the path and the
/// reason once (the reason is not also a `source`, which `{:#}` would
/// print a second time).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: {reason}")]
    Open { path: String, reason: String },
}

impl LoadError {
    /// `path` could not be opened for `error`.
    pub fn open(path: &Path, error: &io::Error) -> LoadError {
        LoadError::Open {
            path: crate::text::sanitize_line(&super::display_path(path)).into_owned(),
            reason: io_reason(error),
        }
    }
}

/// An I/O error in words, without Rust's `(os error 2)`.
pub fn io_reason(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::NotADirectory => "a part of the path is not a directory".to_string(),
        _ => {
            let text = error.to_string();
            match text.find(" (os error") {
                Some(at) => text[..at].to_string(),
                None => text,
            }
        }
    }
}

/// Opens a directory or a single post file and loads it.
pub fn load_path(path: &Path) -> Result<Site, LoadError> {
    let source = Source::from_path(path).map_err(|error| LoadError::open(path, &error))?;
    Ok(load(&source))
}

/// One post given as bytes rather than a file (`liseuse show -` reads
/// standard input), Markdown with or without front matter: a site of its
/// own, as a single file is, with `name` as its path.
pub fn load_text(name: &Path, bytes: Vec<u8>) -> Site {
    let config = layout::detect(&Source::File(name.to_path_buf()));
    let mut warnings = config.warnings.clone();
    let mut posts = Vec::new();
    let mut skipped = Vec::new();
    let post = decode(Cow::Owned(bytes), name, &mut warnings)
        .and_then(|text| parse_post(&config, name, text, &mut warnings));
    match post {
        Ok(post) => posts.push(post),
        Err(reason) => skipped.push(Skipped {
            path: name.to_path_buf(),
            reason,
        }),
    }
    let urls = UrlIndex::build(&posts, &config, &mut warnings);
    let default_lang = posts
        .first()
        .map_or_else(|| config.default_lang.clone(), |p| p.lang.clone());
    Site {
        origin: super::display_path(name),
        layout: config.kind,
        languages: Vec::new(),
        default_lang,
        posts,
        skipped,
        warnings,
        urls: Arc::new(urls),
        partial: true,
        time_zone: None,
        dates: Default::default(),
    }
}

/// What reading one file gave.
pub(super) struct FileResult {
    pub(super) outcome: Result<Post, Skipped>,
    pub(super) warnings: Vec<Warning>,
}

/// Loads every post of a site.
pub fn load(source: &Source) -> Site {
    let config = layout::detect(source);
    let mut posts = Vec::new();
    let read = read_batches(source, &config, |progress| match progress {
        // Room for exactly every file: growing by doubling would leave up
        // to half of it unused.
        Progress::Found(files) => posts.reserve_exact(files),
        Progress::Posts { posts: batch, .. } => posts.extend(batch),
        Progress::Started(_) | Progress::Done(_) => {}
    });
    // Linked in place: no outline of each post is needed beside it.
    let mut site = link(source, &config, &mut posts, read);
    site.posts = posts;
    site
}

/// What [`load_in_batches`] reports, in this order: `Started`, `Found`,
/// any number of `Posts`, `Done`.
#[derive(Debug)]
pub enum Progress {
    /// The site as its configuration describes it, without posts yet.
    Started(Box<Site>),
    /// How many files will be read.
    Found(usize),
    /// The next posts, in order (their ids follow those sent before);
    /// `files` counts every file read so far, skipped ones too. Their
    /// translations are not linked yet.
    Posts { posts: Vec<Post>, files: usize },
    /// The rest: links between posts, skips, warnings.
    Done(Box<Finish>),
}

/// What a site needs once all its posts are read.
#[derive(Debug)]
pub struct Finish {
    /// The site without its posts.
    pub site: Site,
    /// Each post's translations, by id.
    pub translations: Vec<Translations>,
}

impl Finish {
    /// The whole site, given every post reported, in order.
    pub fn complete(self, mut posts: Vec<Post>) -> Site {
        for (post, translations) in posts.iter_mut().zip(self.translations) {
            post.translations = translations;
        }
        Site { posts, ..self.site }
    }
}

/// The first batch is small so that a reader shows posts at once; later
/// ones are larger so that reporting costs little.
const FIRST_BATCH: usize = 256;
const BATCH: usize = 4096;

/// Loads a site, reporting posts in batches as they are read (on every
/// core), then what links them: a reader can show posts before the whole
/// site is read. [`load`] is this, collected.
pub fn load_in_batches(source: &Source, mut report: impl FnMut(Progress)) {
    let config = layout::detect(source);
    report(Progress::Started(Box::new(Site {
        origin: source.describe(),
        layout: config.kind,
        languages: config.languages.clone(),
        default_lang: config.default_lang.clone(),
        posts: Vec::new(),
        skipped: Vec::new(),
        warnings: Vec::new(),
        urls: Default::default(),
        partial: false,
        time_zone: config.time_zone.clone(),
        dates: Default::default(),
    })));
    // The posts go to the reader as they are read; linking works on
    // clones of them, which share what the reader holds.
    let mut linked: Vec<Post> = Vec::new();
    let read = read_batches(source, &config, |progress| {
        match &progress {
            Progress::Found(files) => linked.reserve_exact(*files),
            Progress::Posts { posts, .. } => linked.extend(posts.iter().cloned()),
            Progress::Started(_) | Progress::Done(_) => {}
        }
        report(progress);
    });
    let site = link(source, &config, &mut linked, read);
    // The loader's clones are gone before the reader hears of it.
    let translations = linked.into_iter().map(|post| post.translations).collect();
    report(Progress::Done(Box::new(Finish { site, translations })));
}

/// What reading every file left besides the posts.
pub(super) struct Read {
    pub(super) skipped: Vec<Skipped>,
    pub(super) warnings: Vec<Warning>,
}

/// Walks the site and reads every file on every core, reporting
/// [`Progress::Found`], then [`Progress::Posts`] batch after batch.
fn read_batches(source: &Source, config: &SiteConfig, mut report: impl FnMut(Progress)) -> Read {
    let mut to_read = source.walk(&config.content_roots);
    report(Progress::Found(to_read.len()));
    let mut skipped: Vec<Skipped> = Vec::new();
    let mut warnings = config.warnings.clone();
    let mut files = 0;
    // The site's directory is opened once; every file beneath it.
    let opener = source.opener();
    while !to_read.is_empty() {
        let size = if files == 0 { FIRST_BATCH } else { BATCH }.min(to_read.len());
        let chunk: Vec<Found> = to_read.drain(..size).collect();
        files += chunk.len();
        let results: Vec<Vec<FileResult>> = chunk
            .into_par_iter()
            .chunks(files_per_allocation())
            .map(|group| read_group(&opener, config, group))
            .collect();
        let mut posts = Vec::with_capacity(size);
        for result in results.into_iter().flatten() {
            match result.outcome {
                Ok(post) => posts.push(post),
                Err(skip) => skipped.push(skip),
            }
            warnings.extend(result.warnings);
        }
        report(Progress::Posts { posts, files });
    }
    Read { skipped, warnings }
}

/// The site around `posts` (which it does not hold): languages, the URL
/// index, redirects, and each post's translations set.
pub(super) fn link(source: &Source, config: &SiteConfig, posts: &mut [Post], read: Read) -> Site {
    link_with(source, config, posts, read, UrlIndex::build)
}

/// [`link`], the URL index made by `index` (from the posts, with the
/// warnings to add to): a site read again in part patches the index it
/// had.
pub(super) fn link_with(
    source: &Source,
    config: &SiteConfig,
    posts: &mut [Post],
    read: Read,
    index: impl FnOnce(&[Post], &SiteConfig, &mut Vec<Warning>) -> UrlIndex,
) -> Site {
    let Read {
        skipped,
        mut warnings,
    } = read;
    let mut languages = config.languages.clone();
    let mut known: HashSet<Lang> = languages.iter().map(|l| l.code.clone()).collect();
    for post in posts.iter() {
        if !known.contains(&post.lang) {
            known.insert(post.lang.clone());
            languages.push(Language {
                code: post.lang.clone(),
                name: None,
                base_url: None,
                content_dir: None,
            });
        }
    }

    let mut urls = index(posts, config, &mut warnings);
    for skip in &skipped {
        if let SkipReason::RedirectStub {
            target: Some(target),
        } = &skip.reason
        {
            let placement = config.place(&skip.path);
            let lang = placement
                .lang_from_place
                .clone()
                .unwrap_or_else(|| config.default_lang.clone());
            let url = links::public_url(
                config,
                &PermalinkInput {
                    path_in_lang: &placement.path_in_lang,
                    lang: &lang,
                    title: "",
                    slug: None,
                    explicit_url: None,
                    date: None,
                    categories: &[],
                },
            );
            urls.add_redirect(&url, target);
        }
    }
    warnings.extend(links::link_translations(posts, &urls));
    warnings.sort_by(|a, b| a.path.cmp(&b.path).then(a.line.cmp(&b.line)));

    // A lone file's language is the only one there is.
    let default_lang = match (config.kind, posts.first()) {
        (LayoutKind::SingleFile, Some(post)) => post.lang.clone(),
        _ => config.default_lang.clone(),
    };
    languages.retain(|l| {
        config.kind != LayoutKind::SingleFile || posts.iter().any(|p| p.lang == l.code)
    });
    Site {
        origin: source.describe(),
        layout: config.kind,
        languages,
        default_lang,
        posts: Vec::new(),
        skipped,
        warnings,
        urls: Arc::new(urls),
        partial: false,
        time_zone: config.time_zone.clone(),
        dates: Default::default(),
    }
}

/// How many files share one allocation for their text (see [`FileText`]):
/// enough that a large site holds few allocations, few enough that a
/// batch still spreads over every core.
const FILES_PER_ALLOCATION: usize = 64;

/// Each core holds its group's files open at once: on a machine with many
/// cores groups get smaller, so that all of them stay well under the usual
/// limit of 1,024 open files.
const FILES_OPEN_AT_ONCE: usize = 512;

pub(super) fn files_per_allocation() -> usize {
    (FILES_OPEN_AT_ONCE / rayon::current_num_threads().max(1)).clamp(8, FILES_PER_ALLOCATION)
}

/// Reads `group` (files next to each other in the walk) into posts whose
/// text shares one allocation. The files are opened and measured first, so
/// the allocation is made once at its size and each file is read straight
/// into its place: no copy, and a file's bytes are checked once.
pub(super) fn read_group(
    opener: &Opener<'_>,
    config: &SiteConfig,
    group: Vec<Found>,
) -> Vec<FileResult> {
    let opened: Vec<(PathBuf, Result<OpenFile, SkipReason>)> = group
        .into_iter()
        .map(|Found { path, outcome }| {
            let file = outcome.and_then(|()| opener.open(&path));
            (path, file)
        })
        .collect();
    let size = opened
        .iter()
        .filter_map(|(_, file)| file.as_ref().ok())
        .map(|file| file.size)
        .sum();
    let mut shared = Vec::with_capacity(size);
    let mut read = Vec::with_capacity(opened.len());
    for (path, file) in opened {
        let mut warnings = Vec::new();
        let start = shared.len();
        let post = file.and_then(|file| {
            file.read_into(&mut shared)?;
            let text = decode_in_place(&mut shared, start, &path, &mut warnings)?;
            let (post, body_start) = parse_fields(config, &path, text, &mut warnings)?;
            Ok((post, [start, start + body_start, start + text.len()]))
        });
        if post.is_err() {
            shared.truncate(start);
        }
        read.push((post.map_err(|reason| Skipped { path, reason }), warnings));
    }
    debug_assert!(std::str::from_utf8(&shared).is_ok());
    // SAFETY: `shared` holds the files kept, one after the other, each
    // checked to be UTF-8 by `decode_in_place` (or replaced by its decoded
    // text); what failed was cut off. UTF-8 joined to UTF-8 is UTF-8.
    let shared = Arc::new(unsafe { String::from_utf8_unchecked(shared) });
    read.into_iter()
        .map(|(post, warnings)| FileResult {
            outcome: post.map(|(mut post, [start, body, end])| {
                post.text = FileText::within(Arc::clone(&shared), start, body, end);
                Post::new(post)
            }),
            warnings,
        })
        .collect()
}

/// Whether [`decode`] would give `bytes` back unchanged: UTF-8 that is
/// not empty, binary, marked by a byte order mark or broken by carriage
/// returns. Most files are; they need no copy.
fn is_text_as_it_is(bytes: &[u8]) -> bool {
    !bytes.starts_with(b"\xef\xbb\xbf")
        && !bytes.starts_with(b"\xff\xfe")
        && !bytes.starts_with(b"\xfe\xff")
        && !bytes.iter().all(u8::is_ascii_whitespace)
        && !bytes[..bytes.len().min(BINARY_SNIFF)].contains(&0)
        && memchr::memchr(b'\r', bytes).is_none()
        && simdutf8::basic::from_utf8(bytes).is_ok()
}

/// Makes the file read into `buffer[start..]` text, as [`decode`] would,
/// and returns it. UTF-8 without a byte order mark or carriage returns (the
/// usual file) is left where it is; anything else is replaced by its
/// decoded text.
fn decode_in_place<'b>(
    buffer: &'b mut Vec<u8>,
    start: usize,
    path: &Path,
    warnings: &mut Vec<Warning>,
) -> Result<&'b str, SkipReason> {
    let bytes = &buffer[start..];
    if !is_text_as_it_is(bytes) {
        let text = decode(Cow::Borrowed(bytes), path, warnings)?;
        buffer.truncate(start);
        buffer.extend_from_slice(text.as_bytes());
    }
    // SAFETY: `buffer[start..]` was just checked to be UTF-8, or was just
    // written from a `String`. (Checking it again would read every file
    // twice.)
    Ok(unsafe { std::str::from_utf8_unchecked(&buffer[start..]) })
}

/// Loads one post of a site, and of the site only what needs no other post
/// (layout, languages, hosts): for showing a single file fast.
pub fn load_one(root: &Path, file: &Path) -> Result<Site, LoadError> {
    let open_error = |path: &Path, error: io::Error| LoadError::open(path, &error);
    let canonical_root = std::fs::canonicalize(root).map_err(|e| open_error(root, e))?;
    let canonical_file = std::fs::canonicalize(file).map_err(|e| open_error(file, e))?;
    let relative = canonical_file
        .strip_prefix(&canonical_root)
        .map_err(|_| {
            open_error(
                file,
                io::Error::new(io::ErrorKind::InvalidInput, "not inside the site"),
            )
        })?
        .to_path_buf();
    let source = Source::Directory(root.to_path_buf());
    let config = layout::detect(&source);
    let mut warnings = config.warnings.clone();
    let mut skipped = Vec::new();
    let mut posts = Vec::new();
    match read_post(&source, &config, &relative, &mut warnings) {
        Ok(post) => posts.push(post),
        Err(reason) => skipped.push(Skipped {
            path: relative,
            reason,
        }),
    }
    let urls = UrlIndex::build(&posts, &config, &mut warnings);
    Ok(Site {
        origin: source.describe(),
        layout: config.kind,
        languages: config.languages.clone(),
        default_lang: config.default_lang.clone(),
        posts,
        skipped,
        warnings,
        urls: Arc::new(urls),
        partial: true,
        time_zone: config.time_zone.clone(),
        dates: Default::default(),
    })
}

fn read_post(
    source: &Source,
    config: &SiteConfig,
    path: &Path,
    warnings: &mut Vec<Warning>,
) -> Result<Post, SkipReason> {
    let bytes = source.read(path)?;
    let text = decode(bytes, path, warnings)?;
    parse_post(config, path, text, warnings)
}

/// How far into a file a NUL byte makes it binary.
const BINARY_SNIFF: usize = 8192;

/// Bytes to text: UTF-8 (BOM removed), UTF-16 with a BOM, else Windows-1252
/// (the Latin-1 files are really written in) when the bytes have no UTF-8
/// in them at all, else UTF-8 with the bad bytes replaced. Line endings
/// (`\r\n`, and `\r` alone) become `\n`: a carriage return left in the
/// text would send the terminal's cursor back over what was printed.
pub fn decode(
    bytes: Cow<'_, [u8]>,
    path: &Path,
    warnings: &mut Vec<Warning>,
) -> Result<String, SkipReason> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(SkipReason::Empty);
    }
    let text = if let Some(utf16) = decode_utf16_with_bom(&bytes) {
        utf16
    } else {
        let bom = if bytes.starts_with(b"\xef\xbb\xbf") {
            3
        } else {
            0
        };
        let head = &bytes[bom..bytes.len().min(BINARY_SNIFF)];
        if head.contains(&0) {
            return Err(SkipReason::Binary);
        }
        // The common case reuses the buffer read from disk: no copy, and
        // the bytes are checked once.
        let mut owned = bytes.into_owned();
        if bom > 0 {
            owned.drain(..bom);
        }
        match String::from_utf8(owned) {
            Ok(text) => text,
            Err(error) => {
                let error_at = error.utf8_error();
                let bytes = error.as_bytes();
                let line = 1 + bytes[..error_at.valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                let has_utf8_sequences = String::from_utf8_lossy(bytes)
                    .chars()
                    .any(|c| c as u32 > 0x7f && c != '\u{fffd}');
                let (text, how) = if has_utf8_sequences {
                    (
                        String::from_utf8_lossy(bytes).into_owned(),
                        "invalid bytes shown as �",
                    )
                } else {
                    (
                        bytes.iter().map(|&b| windows_1252(b)).collect(),
                        "read as Windows-1252 (Latin-1)",
                    )
                };
                warnings.push(Warning {
                    path: path.to_path_buf(),
                    line: Some(line),
                    kind: WarningKind::Encoding,
                    message: format!("not valid UTF-8; {how}"),
                });
                text
            }
        }
    };
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    })
}

/// A Windows-1252 byte as a character. Latin-1 would make 0x80–0x9F C1
/// control characters, which terminals obey; Windows-1252 has quotes,
/// dashes and `€` there, and the five bytes it leaves undefined are `�`.
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{fffd}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{fffd}', 'Ž',
        '\u{fffd}', '\u{fffd}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ',
        '\u{fffd}', 'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9f => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

fn decode_utf16_with_bom(bytes: &[u8]) -> Option<String> {
    let little_endian = match bytes {
        [0xff, 0xfe, ..] => true,
        [0xfe, 0xff, ..] => false,
        _ => return None,
    };
    let units = bytes[2..].chunks_exact(2).map(|pair| {
        if little_endian {
            u16::from_le_bytes([pair[0], pair[1]])
        } else {
            u16::from_be_bytes([pair[0], pair[1]])
        }
    });
    Some(
        char::decode_utf16(units)
            .map(|c| c.unwrap_or('\u{fffd}'))
            .collect(),
    )
}

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
fn parse_fields(
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
    use std::path::PathBuf;

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

    /// The loader's fast path and `decode` must agree: what is left as it
    /// is must be exactly what decoding would have given.
    #[test]
    fn text_left_as_it_is_is_what_decoding_gives() {
        let samples: &[&[u8]] = &[
            b"---\ntitle: Plain\n---\nBody\n",
            "Déjà vu, 日本語, emoji 🎉\n".as_bytes(),
            b"\xef\xbb\xbf---\ntitle: BOM\n---\n",
            b"\xff\xfet\x00i\x00",
            b"\xfe\xff\x00t\x00i",
            b"line\r\nline\r\n",
            b"lone\rreturn",
            b"Caf\xe9",
            b"bad \xff\xfe bytes \xc3\xa9",
            b"nul\x00inside",
            b"   \n\t ",
            b"",
        ];
        for &bytes in samples {
            let mut warnings = Vec::new();
            let decoded = decode(Cow::Borrowed(bytes), Path::new("x.md"), &mut warnings);
            if is_text_as_it_is(bytes) {
                assert_eq!(decoded.as_deref().ok(), std::str::from_utf8(bytes).ok());
                assert!(warnings.is_empty(), "{bytes:?}");
            } else {
                assert!(
                    decoded
                        .as_ref()
                        .map_or(true, |text| text.as_bytes() != bytes),
                    "{bytes:?} needs no decoding, yet is not left as it is"
                );
            }
        }
    }

    /// A site's strings and URL index are kept as long as the site: none
    /// keeps room to grow.
    #[test]
    fn a_loaded_site_keeps_no_room_to_grow() {
        let dir = tempfile::tempdir().expect("temp dir");
        for i in 0..200 {
            // Every post at one of two addresses: the URL index made room
            // for a key or more per post.
            let file = format!(
                "---\ntitle: \"Caf&eacute; &amp; notes, number {i}\"\nurl: /shared/{}/\n\
                 tags: [one tag, another tag {i}]\nauthors: [Some One]\n\
                 aliases: [/old/{i}/]\ndate: 2024-05-0{}\n---\nBody {i}.\n",
                i % 2,
                1 + i % 9
            );
            std::fs::write(dir.path().join(format!("p{i:03}.md")), file).expect("write");
        }
        let site = load(&Source::Directory(dir.path().to_path_buf()));
        assert_eq!(site.posts.len(), 200);
        let fits = |text: &String| text.capacity() == text.len();
        for post in &site.posts {
            let lists = [&post.authors, &post.tags, &post.categories, &post.aliases];
            assert!(fits(&post.title) && fits(&post.url), "{}", post.title);
            assert_eq!(post.lang_path.capacity(), post.lang_path.as_os_str().len());
            assert!(lists.iter().all(|list| list.capacity() == list.len()));
            assert!(lists.iter().flat_map(|list| list.iter()).all(fits));
            assert!(post.url_field.iter().all(fits));
            assert!(post.date.iter().all(|date| fits(&date.raw)));
        }
        let (keys, room) = site.urls.published_keys_and_room();
        assert!(
            keys >= 2 && room <= 2 * keys + 3,
            "{keys} keys, room for {room}"
        );
    }

    #[test]
    fn files_read_together_share_one_allocation_and_keep_their_own_text() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut expected = Vec::new();
        let per_allocation = files_per_allocation();
        for i in 0..(per_allocation + 3) {
            // Some files need decoding (CRLF, Windows-1252), and one is
            // skipped among them: neither may shift the others' text.
            let body = match i % 3 {
                0 => format!("Body {i}\r\nsecond line\r\n").into_bytes(),
                1 => [b"Caf\xe9 ".as_slice(), format!("{i}\n").as_bytes()].concat(),
                _ => format!("Plain body {i}.\n").into_bytes(),
            };
            let mut file = format!("---\ntitle: Post {i}\nextra: kept {i}\n---\n").into_bytes();
            file.extend_from_slice(&body);
            let body = if i % 3 == 1 {
                format!("Café {i}\n")
            } else {
                String::from_utf8(body)
                    .expect("UTF-8")
                    .replace("\r\n", "\n")
            };
            std::fs::write(dir.path().join(format!("p{i:03}.md")), file).expect("write");
            expected.push(body);
        }
        std::fs::write(dir.path().join("p001a.md"), "").expect("an empty file");
        let site = load(&Source::Directory(dir.path().to_path_buf()));
        assert_eq!(site.posts.len(), expected.len());
        assert_eq!(site.skipped.len(), 1);
        for (i, (post, body)) in site.posts.iter().zip(&expected).enumerate() {
            assert_eq!(post.title, format!("Post {i}"));
            assert_eq!(post.body(), body, "{}", post.path.display());
            assert_eq!(
                post.front_matter().get("extra").and_then(Value::as_str),
                Some(format!("kept {i}").as_str()),
                "unknown fields are kept, read again from the text"
            );
        }
        let allocations = site
            .posts
            .iter()
            .fold(Vec::new(), |mut seen: Vec<&Arc<String>>, p| {
                if !seen.iter().any(|s| Arc::ptr_eq(s, &p.text.shared)) {
                    seen.push(&p.text.shared);
                }
                seen
            });
        // The first batch of the walk may end a group early: one more.
        assert!(
            allocations.len() <= site.posts.len().div_ceil(per_allocation) + 1,
            "{} posts in {} allocations",
            site.posts.len(),
            allocations.len()
        );
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
    fn decoding_handles_boms_latin1_and_bad_bytes() {
        let path = Path::new("x.md");
        let mut warnings = Vec::new();
        assert_eq!(
            decode(
                Cow::Borrowed(b"\xef\xbb\xbf---\r\na: 1\r\n"),
                path,
                &mut warnings
            ),
            Ok("---\na: 1\n".to_string())
        );
        assert_eq!(
            decode(Cow::Borrowed(b"\xff\xfeh\0i\0"), path, &mut warnings),
            Ok("hi".to_string())
        );
        assert!(warnings.is_empty());
        assert_eq!(
            decode(Cow::Borrowed(b"caf\xe9"), path, &mut warnings),
            Ok("café".to_string())
        );
        assert_eq!(
            decode(Cow::Borrowed("é\n\u{1}".as_bytes()), path, &mut warnings),
            Ok("é\n\u{1}".to_string())
        );
        let mixed = decode(Cow::Borrowed(b"\xc3\xa9\n\xff"), path, &mut warnings);
        assert_eq!(mixed, Ok("é\n\u{fffd}".to_string()));
        assert_eq!(warnings.len(), 2);
        assert_eq!(warnings[1].line, Some(2));
        assert_eq!(
            decode(Cow::Borrowed(b"  \n"), path, &mut warnings),
            Err(SkipReason::Empty)
        );
        assert_eq!(
            decode(Cow::Borrowed(b"ab\0cd"), path, &mut warnings),
            Err(SkipReason::Binary)
        );
    }

    #[test]
    fn single_byte_text_is_windows_1252_never_c1_controls() {
        let mut warnings = Vec::new();
        let text = decode(
            Cow::Borrowed(b"\x93Caf\xe9\x94 \x9b21t \x9d \x80 \x85"),
            Path::new("x.md"),
            &mut warnings,
        );
        assert_eq!(text, Ok("“Café” ›21t \u{fffd} € …".to_string()));
        assert!(warnings[0].message.contains("Windows-1252"), "{warnings:?}");
    }

    #[test]
    fn a_carriage_return_alone_ends_a_line() {
        let text = decode(
            Cow::Borrowed(b"---\rtitle: x\r---\rone\r\ntwo\rthree"),
            Path::new("x.md"),
            &mut Vec::new(),
        );
        assert_eq!(text, Ok("---\ntitle: x\n---\none\ntwo\nthree".to_string()));
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
