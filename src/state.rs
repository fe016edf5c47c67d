//! What the reader remembers of each site between runs: the last place
//! read and the places behind it, read marks, bookmarks, and what the site
//! held at the previous visit (for `is:new`).
//!
//! The model and its merge are pure: two readers open on one site each
//! keep a [`SiteState`], and saving merges what this one holds with what
//! the file holds now ([`merge`]), so neither loses the other's marks.
//! The text format is in [`format`], the file itself in [`store`].

pub mod format;
pub mod store;

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// A map by post path, hashed fast: a state of 100,000 read posts is
/// filled once at start, and the reader looks each post up in it. Look
/// a path up with [`key`].
pub type PathMap<V> = HashMap<PathKey, V, foldhash::fast::RandomState>;

/// A post's path as a map key, hashed and compared as its bytes. `Path`'s
/// own `Hash` walks it byte by byte for separators and compares it
/// component by component: at 100,000 read posts that was a third of
/// loading the state file. Paths here come from one place (the site's
/// listing), so the same post always has the same bytes.
#[derive(Debug, Clone)]
pub struct PathKey(PathBuf);

impl PathKey {
    pub fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> &[u8] {
        key(&self.0)
    }
}

impl From<PathBuf> for PathKey {
    fn from(path: PathBuf) -> PathKey {
        PathKey(path)
    }
}

impl std::ops::Deref for PathKey {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl PartialEq for PathKey {
    fn eq(&self, other: &PathKey) -> bool {
        self.bytes() == other.bytes()
    }
}

impl Eq for PathKey {}

/// By bytes too, as `Eq`: any fixed order will do for the file.
impl Ord for PathKey {
    fn cmp(&self, other: &PathKey) -> std::cmp::Ordering {
        self.bytes().cmp(other.bytes())
    }
}

impl PartialOrd for PathKey {
    fn partial_cmp(&self, other: &PathKey) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Hash for PathKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.bytes().hash(state);
    }
}

impl Borrow<[u8]> for PathKey {
    fn borrow(&self) -> &[u8] {
        self.bytes()
    }
}

/// What a [`PathMap`] is looked up by: `map.get(key(path))`.
pub fn key(path: &Path) -> &[u8] {
    path.as_os_str().as_encoded_bytes()
}

/// The version written in the file's first line: a later release that
/// changes the format reads this one and migrates it.
pub const FORMAT_VERSION: u32 = 1;

/// Places kept behind the last one: Backspace reaches this far into
/// earlier runs.
pub const HISTORY_KEPT: usize = 50;

/// Removed bookmarks are remembered this long (milliseconds: 90 days), so
/// that a reader which still holds one does not bring it back. Every
/// reader merges with the file at least every few minutes while it runs,
/// so by then each has dropped it too.
pub const REMOVAL_KEPT_MS: u64 = 90 * 24 * 3600 * 1000;

/// A place in a post: how far down it was read, and how many lines the
/// post had then (at another width the place is found by proportion).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Mark {
    /// Relative to the site root, as the site lists it.
    pub path: PathBuf,
    pub scroll: usize,
    pub lines: usize,
}

impl Mark {
    /// The line to show in a layout of `lines` lines: the same line when
    /// the layout is the one the mark was taken in, else the same share of
    /// the post.
    pub fn scroll_in(&self, lines: usize) -> usize {
        if lines == self.lines || self.lines == 0 {
            self.scroll
        } else {
            let share = self.scroll as u128 * lines as u128 / self.lines as u128;
            usize::try_from(share).unwrap_or(usize::MAX)
        }
    }
}

/// The last place read and the places behind it, oldest first: they go
/// together, from the reader that read last.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Last {
    /// Milliseconds since 1970.
    pub at: u64,
    pub place: Mark,
    pub history: Vec<Mark>,
}

/// A post read, and what its file held then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadMark {
    pub at: u64,
    /// [`content_hash`] of the file's text when it was read: a file that
    /// changed since counts as unread again.
    pub hash: u64,
}

/// A bookmark: a place, and when it was set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bookmark {
    pub at: u64,
    pub scroll: usize,
    pub lines: usize,
}

/// What the site held at a visit: a [`fingerprint`] of each post (its
/// path and text), sorted.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Seen {
    pub at: u64,
    pub fingerprints: Vec<u64>,
}

impl Seen {
    pub fn contains(&self, fingerprint: u64) -> bool {
        self.fingerprints.binary_search(&fingerprint).is_ok()
    }
}

/// Everything remembered of one site.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SiteState {
    /// The site's canonical path (or `sample`), written for whoever opens
    /// the file: the file's name is made from it.
    pub site: String,
    pub last: Option<Last>,
    pub read: PathMap<ReadMark>,
    pub bookmarks: PathMap<Bookmark>,
    /// Bookmarks removed, and when.
    pub removed: PathMap<u64>,
    pub seen: Option<Seen>,
}

impl SiteState {
    pub fn new(site: &str) -> SiteState {
        SiteState {
            site: site.to_string(),
            ..SiteState::default()
        }
    }

    /// Marks `path` read at `at`, its text hashing to `hash`.
    pub fn mark_read(&mut self, path: PathBuf, hash: u64, at: u64) {
        self.read.insert(path.into(), ReadMark { at, hash });
    }

    /// Whether the post at `path`, its text hashing to `hash`, was read
    /// as it is now.
    pub fn is_read(&self, path: &std::path::Path, hash: u64) -> bool {
        self.read
            .get(key(path))
            .is_some_and(|mark| mark.hash == hash)
    }

    /// Whether `path` has a bookmark.
    pub fn is_bookmarked(&self, path: &Path) -> bool {
        self.bookmarks.contains_key(key(path))
    }

    /// Sets a bookmark on `path` at a place, at time `at`.
    pub fn add_bookmark(&mut self, path: PathBuf, scroll: usize, lines: usize, at: u64) {
        self.removed.remove(key(&path));
        self.bookmarks
            .insert(path.into(), Bookmark { at, scroll, lines });
    }

    /// Removes the bookmark on `path`, remembering when.
    pub fn remove_bookmark(&mut self, path: &std::path::Path, at: u64) {
        if self.bookmarks.remove(key(path)).is_some() {
            self.removed.insert(path.to_path_buf().into(), at);
        }
    }

    /// Forgets removals older than [`REMOVAL_KEPT_MS`] before `now`.
    pub fn prune(&mut self, now: u64) {
        self.removed
            .retain(|_, &mut at| now.saturating_sub(at) < REMOVAL_KEPT_MS);
    }
}

/// What two readers' states become together. Read marks are a union (the
/// later of two marks of a post wins); each bookmark and removal is a
/// dated event and the later one of a post wins, a removal winning a tie,
/// so a bookmark removed in one reader does not come back from another
/// that still holds it; the last place (with its history) and what the
/// site held are the later ones. The order of `a` and `b` does not matter.
pub fn merge(a: &SiteState, b: &SiteState) -> SiteState {
    let mut read = a.read.clone();
    for (path, mark) in &b.read {
        match read.get(path) {
            Some(kept) if (kept.at, kept.hash) >= (mark.at, mark.hash) => {}
            _ => {
                read.insert(path.clone(), *mark);
            }
        }
    }
    // The latest event of each post, a removal winning a tie.
    let mut removed: PathMap<u64> = a.removed.clone();
    for (path, &at) in &b.removed {
        let kept = removed.entry(path.clone()).or_insert(at);
        *kept = (*kept).max(at);
    }
    let mut bookmarks: PathMap<Bookmark> = PathMap::default();
    for (path, bookmark) in a.bookmarks.iter().chain(&b.bookmarks) {
        if removed.get(path).is_some_and(|&at| at >= bookmark.at) {
            continue;
        }
        match bookmarks.get(path) {
            Some(kept)
                if (kept.at, kept.scroll, kept.lines)
                    >= (bookmark.at, bookmark.scroll, bookmark.lines) => {}
            _ => {
                bookmarks.insert(path.clone(), bookmark.clone());
            }
        }
    }
    removed.retain(|path, _| !bookmarks.contains_key(path));
    // Ordered by time first (then by content, so a tie does not depend
    // on the order): `None` is less than any.
    let last = a.last.clone().max(b.last.clone());
    let seen = a.seen.clone().max(b.seen.clone());
    SiteState {
        site: if a.site.is_empty() {
            b.site.clone()
        } else {
            a.site.clone()
        },
        last,
        read,
        bookmarks,
        removed,
        seen,
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

/// What identifies a post as it is: its path and its text's hash.
pub fn fingerprint(path: &std::path::Path, hash: u64) -> u64 {
    content_hash(path.as_os_str().as_encoded_bytes()) ^ hash.rotate_left(17)
}

/// Milliseconds since 1970, now.
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests;
