//! Reading again only the files that changed on disk: the posts of the
//! other files are kept as they were (their text is shared, not copied),
//! and the links between all of them are made again. What a watcher's
//! notice names, or the file an editor just wrote, is read with the very
//! rules, budgets and warnings of a whole load ([`super::load`]).
//!
//! Whatever this cannot be sure of reading in part (a configuration file,
//! a language's directory coming or going, a path outside the site's
//! content) gives `None`: the caller then reads the whole site again.

use super::layout::{self, SiteConfig};
use super::links::UrlIndex;
use super::load::{self, FileResult, Read};
use super::source::Found;
use super::{Post, PostId, Site, Skipped, Source, Warning, WarningKind};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// A site with some of its files read again.
#[derive(Debug)]
pub struct Refreshed {
    pub site: Site,
    /// For each post of the new site, its id in the old one when it was
    /// kept as it was (its file not read again): what was made of it
    /// (a filter index entry, a content hash) still holds.
    pub kept_from: Vec<Option<PostId>>,
    /// How many files were read (a file gone is not read).
    pub files_read: usize,
}

/// `site` with the files at `changed` read again: each a file or a
/// directory (everything beneath it), added, changed or gone, given as
/// the watcher gives it (beneath the site's root as the source names it,
/// or absolute). `site` must be as a load gives it, its posts sorted by
/// path. `None` when only a whole reading can be right (see the module).
pub fn refresh(site: &Site, source: &Source, changed: &[PathBuf]) -> Option<Refreshed> {
    let Source::Directory(root) = source else {
        return None;
    };
    let config = layout::detect(source);
    if !same_layout(site, &config) {
        return None;
    }
    let canonical_root = std::fs::canonicalize(root).ok();
    let mut relative: Vec<PathBuf> = Vec::with_capacity(changed.len());
    for path in changed {
        let inside = path
            .strip_prefix(root)
            .ok()
            .or_else(|| path.strip_prefix(canonical_root.as_ref()?).ok())?;
        if !within_posts(site, &config, root, inside) {
            return None;
        }
        relative.push(inside.to_path_buf());
    }
    relative.sort();
    relative.dedup();

    let gone = Gone::new(&relative);
    let found = source.walk_changed(&relative, &config.content_roots);
    let files_read = found.iter().filter(|f| f.outcome.is_ok()).count();
    let (fresh, fresh_skipped, fresh_warnings) = read(source, &config, found);

    // The kept posts and the fresh ones, both in path order, merged.
    let mut posts: Vec<Post> = Vec::with_capacity(site.posts.len() + fresh.len());
    let mut kept_from: Vec<Option<PostId>> = Vec::with_capacity(posts.capacity());
    let mut fresh = fresh.into_iter().peekable();
    for (id, post) in site.posts.iter().enumerate() {
        if gone.holds(&post.path) {
            continue;
        }
        while let Some(new) = fresh.next_if(|new| new.path < post.path) {
            posts.push(new);
            kept_from.push(None);
        }
        posts.push(post.clone());
        kept_from.push(Some(id));
    }
    for new in fresh {
        posts.push(new);
        kept_from.push(None);
    }

    let mut skipped: Vec<Skipped> = site
        .skipped
        .iter()
        .filter(|skip| !gone.holds(&skip.path))
        .cloned()
        .chain(fresh_skipped)
        .collect();
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    // Linking says its own warnings again; those of files kept stay.
    let warnings: Vec<Warning> = site
        .warnings
        .iter()
        .filter(|w| !made_by_linking(w.kind) && !gone.holds(&w.path))
        .cloned()
        .chain(fresh_warnings)
        .collect();

    let read = Read { skipped, warnings };
    let mut refreshed = load::link_with(
        source,
        &config,
        &mut posts,
        read,
        |posts, config, warnings| {
            // The index patched, unless the languages it knows changed.
            site.urls
                .refreshed(posts, &kept_from, config, warnings)
                .unwrap_or_else(|| UrlIndex::build(posts, config, warnings))
        },
    );
    refreshed.posts = posts;
    Some(Refreshed {
        site: refreshed,
        kept_from,
        files_read,
    })
}

/// Whether the configuration read now describes the site as it was
/// loaded: the same kind of site, default language and languages.
fn same_layout(site: &Site, config: &SiteConfig) -> bool {
    config.kind == site.layout
        && config.default_lang == site.default_lang
        && config
            .languages
            .iter()
            .all(|l| site.languages.iter().any(|known| known.code == l.code))
}

/// Whether a change at `inside` (relative to the site's root) can only
/// change posts: beneath a content root, not a file of the root itself
/// (a configuration), not a directory directly in a content root (a
/// language's tree, which the layout may be detected from).
fn within_posts(site: &Site, config: &SiteConfig, root: &Path, inside: &Path) -> bool {
    if inside.components().count() < 2 {
        return false;
    }
    let Some(within) = config
        .content_roots
        .iter()
        .find_map(|r| inside.strip_prefix(r).ok())
    else {
        return false;
    };
    if within.components().count() > 1 {
        return true;
    }
    // One name in a content root: a post, unless it is or was a directory.
    !root.join(inside).is_dir() && !holds_posts_beneath(site, inside)
}

/// Whether some post of `site` (sorted by path) is beneath `dir`: those
/// come right after `dir` itself in path order.
fn holds_posts_beneath(site: &Site, dir: &Path) -> bool {
    let after = site.posts.partition_point(|p| p.path.as_path() <= dir);
    site.posts
        .get(after)
        .is_some_and(|post| post.path.starts_with(dir))
}

/// The relative paths changed: what was at them, or beneath them, is gone
/// (and read again if it is still there). Compared as bytes: looking a
/// hundred thousand paths up by their components costs far more.
struct Gone<'p> {
    paths: HashSet<&'p [u8]>,
}

impl<'p> Gone<'p> {
    fn new(relative: &'p [PathBuf]) -> Gone<'p> {
        Gone {
            paths: relative
                .iter()
                .map(|p| p.as_os_str().as_encoded_bytes())
                .collect(),
        }
    }

    /// Whether `path` is one of the paths changed, or beneath one.
    fn holds(&self, path: &Path) -> bool {
        let bytes = path.as_os_str().as_encoded_bytes();
        self.paths.contains(bytes)
            || memchr::memchr_iter(b'/', bytes).any(|at| self.paths.contains(&bytes[..at]))
    }
}

/// The warnings [`load::link`] gives (URLs, translation links), which
/// any change may make or unmake, unlike those of reading one file.
fn made_by_linking(kind: WarningKind) -> bool {
    matches!(
        kind,
        WarningKind::UrlConflict
            | WarningKind::AmbiguousKey
            | WarningKind::LoneTranslationKey
            | WarningKind::DanglingTranslation
    )
}

/// Reads `found` as a load does (in groups sharing one allocation, on
/// every core): the posts in path order, the files skipped, the warnings.
fn read(
    source: &Source,
    config: &SiteConfig,
    found: Vec<Found>,
) -> (Vec<Post>, Vec<Skipped>, Vec<Warning>) {
    let opener = source.opener();
    let results: Vec<Vec<FileResult>> = found
        .into_par_iter()
        .chunks(load::files_per_allocation())
        .map(|group| load::read_group(&opener, config, group))
        .collect();
    let mut posts = Vec::new();
    let mut skipped = Vec::new();
    let mut warnings = Vec::new();
    for result in results.into_iter().flatten() {
        match result.outcome {
            Ok(post) => posts.push(post),
            Err(skip) => skipped.push(skip),
        }
        warnings.extend(result.warnings);
    }
    (posts, skipped, warnings)
}

#[cfg(test)]
mod tests;
