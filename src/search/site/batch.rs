//! Reading posts for the index: their words counted, post by post, into
//! an [`IndexBatch`] (a segment of postings and each body's length). This
//! is the expensive part of indexing, done on all cores and, for a
//! loader, on a thread of its own; merging a batch is the index's part.

use super::NOT_INDEXED;
use crate::content::{Post, PostId};
use crate::search::plain_text::{for_each_word, plain_text};
use crate::search::postings::{Entry, Segment};
use rayon::prelude::*;
use std::collections::HashMap;

/// Longer words (encoded data, runs of script written without spaces) are
/// not indexed: nobody types them, and they would bloat the vocabulary.
const MAX_INDEXED_WORD_BYTES: usize = 64;
/// Posts read by one task while indexing.
const CHUNK: usize = 64;

/// The words of some posts, read and counted, ready to be merged into a
/// [`SiteIndex`](super::SiteIndex). Building one is the expensive part of
/// indexing (it reads every post, on all cores), so a loader can build it
/// on its own thread and hand it to the thread that owns the index.
#[derive(Debug, Default)]
pub struct IndexBatch {
    pub(super) segment: Segment,
    /// Words in each post's body.
    pub(super) lengths: Vec<(u32, u32)>,
}

/// How many posts to read into one [`IndexBatch`]: enough to keep every
/// core busy, few enough that memory does not balloon while a large site
/// is indexed, and that each batch is merged quickly.
pub fn wave_len() -> usize {
    // Asked of the background pool when called from it, else of the
    // global one.
    CHUNK * rayon::current_num_threads().max(1) * 4
}

impl IndexBatch {
    /// Reads `posts`. Ids from `u32::MAX` on are skipped.
    pub fn new(posts: &[(PostId, &Post)]) -> IndexBatch {
        let mut posts: Vec<(u32, &Post)> = posts
            .iter()
            .filter_map(|&(id, post)| {
                let id = u32::try_from(id).ok().filter(|&id| id != NOT_INDEXED)?;
                Some((id, post))
            })
            .collect();
        posts.sort_by_key(|&(id, _)| id);
        posts.dedup_by_key(|&mut (id, _)| id);
        posts
            .par_chunks(CHUNK)
            .map(index_chunk)
            .reduce_with(|mut a, b| {
                a.segment = Segment::merge(&a.segment, &b.segment);
                a.lengths.extend(b.lengths);
                a
            })
            .unwrap_or_default()
    }
}

/// A hash map keyed by words: `foldhash` is several times faster than the
/// default SipHash on short keys, and still seeded per process.
type WordMap<V> = HashMap<Box<str>, V, foldhash::fast::RandomState>;

/// Counts the words of a few posts. Flat vectors rather than a list per
/// word: indexing runs beside the reader, whose memory budget is tight,
/// and thousands of small allocations would leave the heap fragmented.
#[derive(Default)]
struct ChunkCounter {
    /// Each word met, and its number.
    numbers: WordMap<u32>,
    /// For each word number, the index in `entries` of its latest entry.
    latest: Vec<u32>,
    /// (word number, entry), in the order met: by post for each word.
    entries: Vec<(u32, Entry)>,
}

impl ChunkCounter {
    /// Counts one word of post `id` (its title's words come first).
    fn note(&mut self, id: u32, word: &str, title: bool) {
        if word.len() > MAX_INDEXED_WORD_BYTES {
            return;
        }
        let number = match self.numbers.get(word) {
            Some(&number) => number,
            None => {
                let number = self.latest.len() as u32;
                self.numbers.insert(word.into(), number);
                self.latest.push(u32::MAX);
                number
            }
        };
        let latest = &mut self.latest[number as usize];
        match self.entries.get_mut(*latest as usize) {
            Some((_, entry)) if entry.post == id => {
                entry.title |= title;
                entry.count += u32::from(!title);
            }
            _ => {
                *latest = self.entries.len() as u32;
                self.entries.push((
                    number,
                    Entry {
                        post: id,
                        count: u32::from(!title),
                        title,
                    },
                ));
            }
        }
    }

    /// The words in byte order, each with its entries.
    fn into_segment(self) -> Segment {
        let mut words: Vec<(Box<str>, u32)> = self.numbers.into_iter().collect();
        words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut rank = vec![0u32; words.len()];
        for (position, (_, number)) in words.iter().enumerate() {
            rank[*number as usize] = position as u32;
        }
        // A counting sort by word keeps each word's entries in post order.
        let mut starts = vec![0usize; words.len() + 1];
        for (number, _) in &self.entries {
            starts[rank[*number as usize] as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut fill = starts.clone();
        let mut sorted = vec![
            Entry {
                post: 0,
                count: 0,
                title: false
            };
            self.entries.len()
        ];
        for (number, entry) in self.entries {
            let slot = &mut fill[rank[number as usize] as usize];
            sorted[*slot] = entry;
            *slot += 1;
        }
        Segment::from_sorted(
            words
                .iter()
                .enumerate()
                .map(|(i, (word, _))| (word.as_ref(), &sorted[starts[i]..starts[i + 1]])),
        )
    }
}

fn index_chunk(posts: &[(u32, &Post)]) -> IndexBatch {
    let mut counter = ChunkCounter::default();
    let mut lengths = Vec::with_capacity(posts.len());
    let mut buffer = String::new();
    for &(id, post) in posts {
        for_each_word(&post.title, &mut buffer, |_, word| {
            counter.note(id, word, true)
        });
        let text = plain_text(post);
        let mut length = 0u32;
        for_each_word(&text, &mut buffer, |_, word| {
            length += 1;
            counter.note(id, word, false);
        });
        lengths.push((id, length));
    }
    IndexBatch {
        segment: counter.into_segment(),
        lengths,
    }
}
