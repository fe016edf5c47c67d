//! Reading a whole site: walk, read and parse every file in parallel,
//! then index URLs and link translations. Bad files become warnings or
//! skipped entries; loading itself only fails when the site cannot be opened.
//!
//! One responsibility a module: `read` reads files into posts (`decode`
//! makes their bytes text, `parse` makes a post of the text), `linking`
//! builds the site around the posts, `batches` reports posts to the reader
//! as they are read. This file holds the ways in: a directory, one file
//! of a site, text given, or the whole site at once.

mod batches;
mod decode;
mod linking;
mod parse;
mod read;

pub use batches::{Finish, Progress, load_in_batches};
pub use decode::decode;
pub(super) use linking::{Read, link, link_with};
pub use parse::{guess_language, parse_post};
pub(super) use read::{FileResult, files_per_allocation, read_group};

use self::batches::read_batches;
use self::read::read_post;
use super::layout;
use super::links::UrlIndex;
use super::{Site, Skipped, Source};
use std::borrow::Cow;
use std::io;
use std::path::Path;
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
