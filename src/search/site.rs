//! Full-text search of a site: titles and bodies of every post, in every
//! language, as a reader sees them (see
//! [`plain_text`](super::plain_text::plain_text)).
//!
//! # Design
//!
//! The index is small on purpose: the reader keeps every post's text in
//! memory already, so the index only says *which* posts hold a word and how
//! often. It maps each folded word to its postings, `(post, count, in
//! title)`, delta- and varint-encoded: most postings take one or two bytes
//! (see `postings.rs`). Positions are not stored; they would make the index
//! about as large as the text.
//!
//! A query runs in two phases:
//!
//! 1. From the index: the posts holding every word of the query (in the
//!    title or the body), scored with BM25 plus a bonus per word found in
//!    the title. This gives the exact number of matches for queries
//!    without phrases.
//! 2. On the best of those only: their text is extracted and cut into words
//!    again, to check phrases, measure how close together the words are
//!    (proximity adds to the score) and cut a snippet around the best
//!    match. A phrase query with at most [`PHRASE_BUDGET`] candidates
//!    checks them all; with more, it checks them best first until it has
//!    enough hits, and the total is extrapolated and marked inexact.
//!
//! Posts whose title holds every part of the query come first; then by
//! score; ties go to the newest post, then to the lowest id.
//!
//! The index is built in batches ([`SiteIndex::add`], or [`IndexBatch`]
//! built on another thread and [`SiteIndex::merge`]d), each batch read on
//! all cores, so a loader can feed posts as they arrive. Search works on
//! whatever is indexed so far.
//!
//! # Where things are
//!
//! This file holds the index itself, [`SiteIndex`]: its segments, and
//! batches merged into them. Beside it, one file per part:
//!
//! - `query.rs`: a [`Query`] parsed, and found in a text;
//! - `batch.rs`: posts read and counted into an [`IndexBatch`];
//! - `terms.rs`: a query's words looked up in the segments;
//! - `ranking.rs`: [`SiteIndex::search`], candidates scored and ordered;
//! - `snippet.rs`: the line of a hit around its best match.

mod batch;
mod query;
mod ranking;
mod snippet;
mod terms;
#[cfg(test)]
mod testing;

pub use batch::{IndexBatch, wave_len};
pub use query::{Query, QueryPart};
pub use ranking::{DEFAULT_LIMIT, PHRASE_BUDGET, SearchHit, SearchResults};
pub use snippet::{SNIPPET_CHARS, Snippet};

use super::postings::Segment;
use crate::content::{Post, PostId, Site};
use std::sync::Arc;

/// Segments are not merged past this many bytes of postings: a merge
/// holds its inputs and its output at once, so this bounds what indexing
/// holds beyond the index. At 100,000 generated posts (69 MB of postings)
/// that leaves about six segments, whose word tables repeat the common
/// words (a megabyte each), and searching them all costs no measurable
/// time over searching one.
pub const SEGMENT_CAP: usize = 16 << 20;
/// `lengths` entry of a post not indexed yet.
const NOT_INDEXED: u32 = u32::MAX;

/// The full-text index of a site's posts (see the module documentation).
#[derive(Debug, Clone, Default)]
pub struct SiteIndex {
    /// Oldest first; each at most half the size of the one before, so
    /// there are few. Shared: a copy of the index (the reader's, taken
    /// while the indexer's thread goes on merging) costs no postings.
    segments: Vec<Arc<Segment>>,
    /// Bytes of postings past which segments are not merged; `None` for
    /// [`SEGMENT_CAP`].
    segment_cap: Option<usize>,
    /// Words in each post's body, by [`PostId`]; [`NOT_INDEXED`] for posts
    /// not indexed yet.
    lengths: Vec<u32>,
    posts: usize,
    words: u64,
}

impl SiteIndex {
    /// An empty index: add posts with [`SiteIndex::add`].
    pub fn new() -> SiteIndex {
        SiteIndex::default()
    }

    /// An empty index whose segments are not merged past `bytes` of
    /// postings (see [`SEGMENT_CAP`]).
    pub fn with_segment_cap(bytes: usize) -> SiteIndex {
        SiteIndex {
            segment_cap: Some(bytes),
            ..SiteIndex::default()
        }
    }

    fn cap(&self) -> usize {
        self.segment_cap.unwrap_or(SEGMENT_CAP)
    }

    /// The index of every post of `site`.
    pub fn build(site: &Site) -> SiteIndex {
        let mut index = SiteIndex::new();
        let ids: Vec<PostId> = (0..site.posts.len()).collect();
        index.add(site, &ids);
        index.shrink_to_fit();
        index
    }

    /// Indexes the posts `ids` of `site` that are not indexed yet, in any
    /// order (in increasing order is cheapest), on all cores. Posts are
    /// read a few hundred per core at a time, so memory does not balloon
    /// while a large site is indexed.
    pub fn add(&mut self, site: &Site, ids: &[PostId]) {
        let mut ids: Vec<PostId> = ids
            .iter()
            .copied()
            .filter(|&id| id < site.posts.len() && !self.contains(id))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        for wave in ids.chunks(wave_len()) {
            let posts: Vec<(PostId, &Post)> =
                wave.iter().map(|&id| (id, &site.posts[id])).collect();
            self.merge(IndexBatch::new(&posts));
        }
    }

    /// Adds a batch read elsewhere (see [`IndexBatch`]). Posts already
    /// indexed are left as they were.
    pub fn merge(&mut self, batch: IndexBatch) {
        let mut already: Vec<u32> = batch
            .lengths
            .iter()
            .map(|&(id, _)| id)
            .filter(|&id| self.contains(id as usize))
            .collect();
        for &(id, length) in &batch.lengths {
            let id = id as usize;
            if self.contains(id) {
                continue;
            }
            if self.lengths.len() <= id {
                self.lengths.resize(id + 1, NOT_INDEXED);
            }
            self.lengths[id] = length;
            self.posts += 1;
            self.words += u64::from(length);
        }
        let segment = if already.is_empty() {
            batch.segment
        } else {
            already.sort_unstable();
            batch.segment.without(&already)
        };
        if segment.len() == 0 {
            return;
        }
        self.segments.push(Arc::new(segment));
        // Merge while the newest is at least half the size of the one
        // before: sizes halve from oldest to newest, so a site of n posts
        // has about log2(n) segments and each posting is copied about as
        // many times. Never past the cap: a merge holds its two inputs and
        // its output at once, and at 100,000 posts a merge into one
        // segment was the server's peak (see `SEGMENT_CAP`).
        while let [.., older, newer] = self.segments.as_slice() {
            if newer.postings_len() * 2 < older.postings_len()
                || older.postings_len() + newer.postings_len() > self.cap()
            {
                break;
            }
            let merged = Segment::merge(older, newer);
            self.segments.truncate(self.segments.len() - 2);
            self.segments.push(Arc::new(merged));
        }
    }

    /// Gives back memory reserved for growth: call once a site is loaded.
    /// The segments stay as they are: searching a dozen costs no
    /// measurable time over searching one, where merging them all into one
    /// held the index twice (at 100,000 posts, the server's peak), and
    /// merging the last few held [`SEGMENT_CAP`] more than building did.
    pub fn shrink_to_fit(&mut self) {
        for segment in &mut self.segments {
            Arc::make_mut(segment).shrink_to_fit();
        }
        self.segments.shrink_to_fit();
        self.lengths.shrink_to_fit();
    }

    /// Whether post `id` is indexed.
    pub fn contains(&self, id: PostId) -> bool {
        self.lengths.get(id).is_some_and(|&l| l != NOT_INDEXED)
    }

    /// How many posts are indexed.
    pub fn len(&self) -> usize {
        self.posts
    }

    /// Whether no post is indexed.
    pub fn is_empty(&self) -> bool {
        self.posts == 0
    }

    /// How many distinct words are indexed.
    pub fn vocabulary(&self) -> usize {
        match self.segments.as_slice() {
            [one] => one.len(),
            many => {
                let words: std::collections::BTreeSet<&str> = many
                    .iter()
                    .flat_map(|s| (0..s.len()).map(move |t| s.word(t)))
                    .collect();
                words.len()
            }
        }
    }

    /// Bytes of memory the index holds, counted from capacities: each
    /// segment's words, word table and postings, and the table of lengths.
    /// Each of these is one heap block, so the allocator's own overhead
    /// is negligible.
    pub fn memory_bytes(&self) -> usize {
        let segments: usize = self.segments.iter().map(|s| s.memory_bytes()).sum();
        segments
            + self.segments.capacity() * std::mem::size_of::<Arc<Segment>>()
            // Each `Arc`'s counts, beside the segment it holds.
            + self.segments.len() * 2 * std::mem::size_of::<usize>()
            + self.lengths.capacity() * std::mem::size_of::<u32>()
            + std::mem::size_of::<SiteIndex>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::site::testing::*;

    // ------------------------------------------------------------ index

    /// Forty posts of words shared among them, each with a few of its own.
    fn many_posts() -> Site {
        let bodies: Vec<(String, String)> = (0..40)
            .map(|i| {
                let title = format!("Note {i} on shared things");
                let body = format!(
                    "shared common text {} word{i} again{} lone{i} shared",
                    ["alpha", "beta", "gamma"][i % 3],
                    i % 7
                );
                (title, body)
            })
            .collect();
        site(bodies.iter().map(|(t, b)| post(t, b, "en", None)).collect())
    }

    #[test]
    fn segments_are_not_merged_past_the_cap_and_search_the_same() {
        let site = many_posts();
        let one_at_a_time = |cap: usize| {
            let mut index = SiteIndex::with_segment_cap(cap);
            for id in 0..site.posts.len() {
                index.add(&site, &[id]);
            }
            index.shrink_to_fit();
            index
        };
        let whole = one_at_a_time(usize::MAX);
        let capped = one_at_a_time(120);
        let largest_post = (0..site.posts.len())
            .map(|id| {
                let mut alone = SiteIndex::new();
                alone.add(&site, &[id]);
                alone.segments[0].postings_len()
            })
            .max()
            .unwrap_or(0);
        // A merge holds its inputs and its output: never past the cap, so
        // only a post read alone may be larger.
        assert!(
            capped
                .segments
                .iter()
                .all(|s| s.postings_len() <= 120.max(largest_post)),
            "{:?}",
            capped
                .segments
                .iter()
                .map(|s| s.postings_len())
                .collect::<Vec<_>>()
        );
        assert!(capped.segments.len() > whole.segments.len());
        assert_eq!(capped.vocabulary(), whole.vocabulary());
        for query in [
            "shared",
            "alpha",
            "word17",
            "lone3 shared",
            "\"text beta\"",
            "note",
        ] {
            let query = Query::parse(query);
            let results = |index: &SiteIndex| index.search(&site, &query, None, 10);
            assert!(
                !results(&whole).hits.is_empty(),
                "{query:?} finds something"
            );
            assert_eq!(results(&capped), results(&whole), "{query:?}");
        }
        let typing = Query::parse_incremental("wor");
        assert_eq!(
            capped.search(&site, &typing, None, 50),
            whole.search(&site, &typing, None, 50)
        );
    }

    #[test]
    fn a_shrunk_index_holds_its_parts_and_no_room() {
        let site = many_posts();
        let mut index = SiteIndex::with_segment_cap(300);
        for id in (0..site.posts.len()).step_by(5) {
            let ids: Vec<PostId> = (id..id + 5).collect();
            index.add(&site, &ids);
        }
        index.shrink_to_fit();
        assert!(index.segments.len() > 1);
        let parts: usize = index
            .segments
            .iter()
            .map(|s| s.exact_bytes() + std::mem::size_of::<Segment>())
            .sum();
        let expected = parts
            + index.segments.len()
                * (std::mem::size_of::<Arc<Segment>>() + 2 * std::mem::size_of::<usize>())
            + index.lengths.len() * std::mem::size_of::<u32>()
            + std::mem::size_of::<SiteIndex>();
        assert_eq!(index.segments.capacity(), index.segments.len());
        assert_eq!(index.memory_bytes(), expected);
    }

    #[test]
    fn adding_in_batches_matches_building_at_once() {
        let site = site_of(&[
            ("Alpha", "common words here"),
            ("Beta", "common and rare"),
            ("Gamma", "more common words"),
            ("Delta", "rare again"),
        ]);
        let whole = SiteIndex::build(&site);
        let mut batches = SiteIndex::new();
        batches.add(&site, &[3, 1]);
        batches.add(&site, &[0, 1]);
        assert!(!batches.contains(2));
        batches.merge(IndexBatch::new(&[(2, &site.posts[2])]));
        assert_eq!(batches.len(), 4);
        assert_eq!(batches.vocabulary(), whole.vocabulary());
        for query in ["common", "rare", "words common", "alpha"] {
            let query = Query::parse(query);
            assert_eq!(
                batches.search(&site, &query, None, 10),
                whole.search(&site, &query, None, 10)
            );
        }
        assert!(whole.memory_bytes() > 0);
    }
}
