//! Full-text search of a site: titles and bodies of every post, in every
//! language, as a reader sees them (see [`plain_text`]).
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

use super::plain_text::{WordAt, for_each_word, plain_text};
use super::postings::{Entry, Segment};
use crate::content::{Lang, Post, PostId, Site};
use crate::text::sanitize_line;
use rayon::prelude::*;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// How many hits a search returns unless told otherwise.
pub const DEFAULT_LIMIT: usize = 200;
/// The longest snippet, in characters, before the `…` marks.
pub const SNIPPET_CHARS: usize = 160;
/// A phrase query with more candidates than this checks them for the
/// phrase best first, until it has enough hits or has checked this many,
/// and extrapolates the total.
pub const PHRASE_BUDGET: usize = 1000;
/// Words of a query beyond this many are ignored.
const MAX_QUERY_WORDS: usize = 16;
/// A prefix expands to at most this many words (the most frequent ones):
/// a two-letter prefix must not read half the index.
const MAX_EXPANSIONS: usize = 64;
/// The last word is a prefix (while typing) only from this many characters.
const MIN_PREFIX_CHARS: usize = 2;
/// Longer words (encoded data, runs of script written without spaces) are
/// not indexed: nobody types them, and they would bloat the vocabulary.
const MAX_INDEXED_WORD_BYTES: usize = 64;
/// Candidates looked at beyond the limit, so proximity can reorder them.
const RERANK_MARGIN: usize = 50;
/// Posts read by one task while indexing.
const CHUNK: usize = 64;
/// BM25's usual parameters.
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// A word in the title counts this many times its rarity (idf).
const TITLE_WEIGHT: f32 = 1.5;
/// Words next to each other add up to this many times their summed rarity.
const PROXIMITY_WEIGHT: f32 = 0.5;
/// Segments are not merged past this many bytes of postings: a merge
/// holds its inputs and its output at once, so this bounds what indexing
/// holds beyond the index. At 100,000 generated posts (69 MB of postings)
/// that leaves about six segments, whose word tables repeat the common
/// words (a megabyte each), and searching them all costs no measurable
/// time over searching one.
pub const SEGMENT_CAP: usize = 16 << 20;
/// `lengths` entry of a post not indexed yet.
const NOT_INDEXED: u32 = u32::MAX;

// ------------------------------------------------------------------ query

/// One part of a query: a word, or a phrase whose words must follow each
/// other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryPart {
    /// Folded (see [`super::fold`]); more than one for a phrase.
    pub words: Vec<String>,
    /// The last word also matches longer words that start with it.
    pub prefix: bool,
}

impl QueryPart {
    /// Whether this part is a phrase (several words in a row).
    pub fn is_phrase(&self) -> bool {
        self.words.len() > 1
    }

    fn matches(&self, index: usize, folded: &str) -> bool {
        let word = self.words[index].as_str();
        folded == word || (self.prefix && index + 1 == self.words.len() && folded.starts_with(word))
    }
}

/// A parsed query: words that must all occur, in the title or the body,
/// and quoted phrases whose words must occur in a row.
///
/// `plain "langage clair" numerique` is the word `plain`, the phrase
/// `langage clair` and the word `numerique`. Case and accents are folded.
/// A word that folds into several (`l’équipe`, `arrière-boutique`) is a
/// phrase of them. An unclosed quote runs to the end of the query. Straight
/// quotes, `“ ”` and `« »` all quote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    parts: Vec<QueryPart>,
}

impl Query {
    /// A query of whole words, as the command line takes it.
    pub fn parse(text: &str) -> Query {
        Query::parse_with(text, false)
    }

    /// A query being typed: the last word, unless followed by a space or a
    /// closing quote, also matches longer words (`numeriq` finds
    /// "numérique"), from two characters on.
    pub fn parse_incremental(text: &str) -> Query {
        Query::parse_with(text, true)
    }

    fn parse_with(text: &str, incremental: bool) -> Query {
        let mut parts: Vec<QueryPart> = Vec::new();
        let mut quoted = false;
        let mut segment = 0;
        for (at, c) in text.char_indices() {
            if is_quote(c) {
                push_parts(&text[segment..at], quoted, &mut parts);
                quoted = !quoted;
                segment = at + c.len_utf8();
            }
        }
        push_parts(&text[segment..], quoted, &mut parts);

        let typing = text.chars().next_back().is_some_and(|c| {
            c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
        });
        if incremental && typing {
            if let Some(last) = parts.last_mut() {
                let word = last.words.last().map_or(0, |w| w.chars().count());
                last.prefix = word >= MIN_PREFIX_CHARS;
            }
        }

        let mut unique: Vec<QueryPart> = Vec::with_capacity(parts.len());
        let mut words = 0;
        for part in parts {
            if unique.contains(&part) {
                continue;
            }
            words += part.words.len();
            if words > MAX_QUERY_WORDS {
                break;
            }
            unique.push(part);
        }
        Query { parts: unique }
    }

    /// Whether the query asks for nothing (empty, or only punctuation).
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// Its words and phrases, folded, in the order typed.
    pub fn parts(&self) -> &[QueryPart] {
        &self.parts
    }

    /// Byte ranges of the words of `text` that match the query, in order:
    /// every occurrence of a word of the query, and of a phrase's words
    /// where the whole phrase stands in `text`. For highlighting a line of
    /// a post; a phrase cut by a line break is not found in either line.
    pub fn find_in(&self, text: &str) -> Vec<Range<usize>> {
        let hits = self.hits_in(text, &mut String::new());
        let occurrences = self.occurrences(&hits);
        highlights(&hits, &occurrences, 0..text.len())
    }

    /// The first match of the query in `text` (see [`Query::find_in`]).
    pub fn first_in(&self, text: &str) -> Option<Range<usize>> {
        self.find_in(text).into_iter().next()
    }

    /// Every word of `text` that matches some word of the query, with the
    /// slots (one bit per word of each part) it matches.
    fn hits_in(&self, text: &str, buffer: &mut String) -> Vec<Hit> {
        let mut hits = Vec::new();
        for_each_word(text, buffer, |at, folded| {
            let mut slots = 0u32;
            let mut slot = 0;
            for part in &self.parts {
                for index in 0..part.words.len() {
                    if part.matches(index, folded) {
                        slots |= 1 << slot;
                    }
                    slot += 1;
                }
            }
            if slots != 0 {
                hits.push(Hit { at, slots });
            }
        });
        hits
    }

    /// Where each part of the query occurs among `hits`: a word wherever it
    /// matched, a phrase where its words follow each other.
    fn occurrences(&self, hits: &[Hit]) -> Vec<Occurrence> {
        let mut found = Vec::new();
        let mut first_slot = 0;
        for (part_index, part) in self.parts.iter().enumerate() {
            let length = part.words.len();
            for (start, hit) in hits.iter().enumerate() {
                if hit.slots & (1 << first_slot) == 0 {
                    continue;
                }
                let in_a_row = (1..length).all(|offset| {
                    hits.get(start + offset).is_some_and(|next| {
                        next.at.position == hit.at.position + offset as u32
                            && next.slots & (1 << (first_slot + offset)) != 0
                    })
                });
                if in_a_row {
                    found.push(Occurrence {
                        part: part_index,
                        hits: start..start + length,
                        first: hit.at.position,
                        last: hit.at.position + length as u32 - 1,
                        line: hit.at.line,
                    });
                }
            }
            first_slot += length;
        }
        found.sort_by_key(|o| (o.first, o.part));
        found
    }
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '«' | '»' | '„')
}

/// Adds the parts of a piece of the query: one phrase when quoted, else
/// one part per word (a phrase when a word folds into several).
fn push_parts(segment: &str, quoted: bool, parts: &mut Vec<QueryPart>) {
    let mut buffer = String::new();
    let mut words_of = |text: &str| {
        let mut words = Vec::new();
        for_each_word(text, &mut buffer, |_, folded| {
            words.push(folded.to_string())
        });
        words
    };
    let mut push = |words: Vec<String>| {
        if !words.is_empty() {
            parts.push(QueryPart {
                words,
                prefix: false,
            });
        }
    };
    if quoted {
        push(words_of(segment));
    } else {
        for raw in segment.split_whitespace() {
            push(words_of(raw));
        }
    }
}

/// A word of a text that matches the query.
#[derive(Debug, Clone, Copy)]
struct Hit {
    at: WordAt,
    /// Bit `n` set when the word matches the query's `n`th word (counting
    /// the words of every part in order).
    slots: u32,
}

/// One occurrence of a part of the query in a text.
#[derive(Debug, Clone)]
struct Occurrence {
    part: usize,
    /// Indices into the hits.
    hits: Range<usize>,
    /// Word positions of its first and last word.
    first: u32,
    last: u32,
    line: u32,
}

/// Byte ranges, relative to `within.start`, of the hits that belong to an
/// occurrence and lie inside `within`.
fn highlights(hits: &[Hit], occurrences: &[Occurrence], within: Range<usize>) -> Vec<Range<usize>> {
    let mut used: Vec<usize> = occurrences.iter().flat_map(|o| o.hits.clone()).collect();
    used.sort_unstable();
    used.dedup();
    used.into_iter()
        .map(|i| hits[i].at)
        .filter(|at| at.start >= within.start && at.end <= within.end)
        .map(|at| at.start - within.start..at.end - within.start)
        .collect()
}

/// The narrowest run of word positions holding an occurrence of every part
/// met in `occurrences` (which are in order of position): how many parts
/// that is, and the run's first and last positions.
fn narrowest_window(occurrences: &[Occurrence]) -> Option<(usize, u32, u32)> {
    let parts = occurrences.iter().map(|o| o.part + 1).max()?;
    let mut counts = vec![0usize; parts];
    for occurrence in occurrences {
        counts[occurrence.part] = 1;
    }
    let wanted = counts.iter().sum();
    counts.fill(0);
    let mut covered = 0;
    let mut best: Option<(u32, u32)> = None;
    let mut left = 0;
    for (right, occurrence) in occurrences.iter().enumerate() {
        counts[occurrence.part] += 1;
        if counts[occurrence.part] == 1 {
            covered += 1;
        }
        while covered == wanted {
            let first = occurrences[left].first;
            let last = occurrences[left..=right]
                .iter()
                .map(|o| o.last)
                .max()
                .unwrap_or(first);
            if best.is_none_or(|(f, l)| last - first < l - f) {
                best = Some((first, last));
            }
            counts[occurrences[left].part] -= 1;
            if counts[occurrences[left].part] == 0 {
                covered -= 1;
            }
            left += 1;
        }
    }
    best.map(|(first, last)| (wanted, first, last))
}

// ------------------------------------------------------------------ index

/// The words of some posts, read and counted, ready to be merged into a
/// [`SiteIndex`]. Building one is the expensive part of indexing (it reads
/// every post, on all cores), so a loader can build it on its own thread
/// and hand it to the thread that owns the index.
#[derive(Debug, Default)]
pub struct IndexBatch {
    segment: Segment,
    /// Words in each post's body.
    lengths: Vec<(u32, u32)>,
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

/// The hits of a search, best first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchResults {
    /// At most the limit asked for.
    pub hits: Vec<SearchHit>,
    /// How many posts match in all.
    pub total: usize,
    /// Whether `total` is counted rather than extrapolated (phrase queries
    /// with more than [`PHRASE_BUDGET`] candidates are extrapolated).
    pub exact: bool,
}

/// A post that matches a query.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// The post, in [`Site::posts`].
    pub id: PostId,
    /// Higher is better; only meaningful within one search.
    pub score: f32,
    /// Whether the title holds every word and phrase of the query; such
    /// hits come first.
    pub title_match: bool,
    /// Byte ranges of the matches in the post's title, as stored in
    /// [`Post::title`].
    pub title_highlights: Vec<Range<usize>>,
    /// A line of the body around the best match (the opening line when
    /// only the title matches).
    pub snippet: Snippet,
}

/// One line of a post's text around its best match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snippet {
    /// Plain text, safe for a terminal, at most [`SNIPPET_CHARS`]
    /// characters plus `…` where the line was cut.
    pub text: String,
    /// Byte ranges of the matched words in `text`, in order.
    pub highlights: Vec<Range<usize>>,
}

/// A word of the query as the index looks it up.
#[derive(Debug)]
struct Term<'q> {
    word: &'q str,
    prefix: bool,
    /// Its posts (those of all its expansions for a prefix), by post.
    entries: Vec<Entry>,
    idf: f32,
}

/// A post holding every word of the query, scored from the index.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    post: u32,
    score: f32,
    /// Whether the title holds every word of the query.
    title: bool,
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

    /// The posts of `site` (of language `lang` when given) that match
    /// `query`, best first, at most `limit` of them (see the module
    /// documentation for the order). `site` must be the site indexed.
    pub fn search(
        &self,
        site: &Site,
        query: &Query,
        lang: Option<&Lang>,
        limit: usize,
    ) -> SearchResults {
        if query.is_empty() || self.posts == 0 || limit == 0 {
            return SearchResults {
                exact: true,
                ..SearchResults::default()
            };
        }
        let mut terms = self.terms_of(query);
        // The rarest word first: it bounds the candidates.
        terms.sort_by_key(|t| t.entries.len());
        let mut candidates = self.candidates(site, &terms, lang);
        let idf_sum: f32 = terms.iter().map(|t| t.idf).sum();

        // Reading a candidate again is what costs: read as few as will do.
        // Without phrases, the hits asked for, and some more to let
        // proximity reorder them when there are several words. With
        // phrases, every candidate when there are few enough (the count is
        // then exact); else rounds, best first, until enough hold their
        // phrases or the budget is spent.
        let phrases = query.parts.iter().any(QueryPart::is_phrase);
        let several = query.parts.len() > 1;
        let wanted = limit + if several { RERANK_MARGIN } else { 0 };
        let total_candidates = candidates.len();
        let exhaustive = !phrases || total_candidates <= PHRASE_BUDGET;
        let ceiling = match (phrases, exhaustive) {
            (false, _) => wanted.min(total_candidates),
            (true, true) => total_candidates,
            (true, false) => PHRASE_BUDGET,
        };
        let order = |a: &Candidate, b: &Candidate| {
            b.title
                .cmp(&a.title)
                .then(b.score.total_cmp(&a.score))
                .then_with(|| newest_first(site, a.post as usize, b.post as usize))
        };
        if ceiling > 0 && ceiling < total_candidates {
            candidates.select_nth_unstable_by(ceiling - 1, order);
        }
        candidates.truncate(ceiling);
        candidates.sort_unstable_by(order);

        let round = if exhaustive { ceiling } else { wanted.max(128) };
        let mut hits: Vec<SearchHit> = Vec::new();
        let mut examined = 0;
        while examined < ceiling && (exhaustive || hits.len() < wanted) {
            let end = (examined + round).min(ceiling);
            hits.par_extend(
                candidates[examined..end]
                    .par_iter()
                    .filter_map(|candidate| examine(site, query, candidate, idf_sum)),
            );
            examined = end;
        }
        let (total, exact) = if !phrases {
            (total_candidates, true)
        } else if examined == total_candidates {
            (hits.len(), true)
        } else {
            let rate = hits.len() as f64 / examined.max(1) as f64;
            let rest = (total_candidates - examined) as f64 * rate;
            (hits.len() + rest.round() as usize, false)
        };
        hits.sort_by(|a, b| {
            b.title_match
                .cmp(&a.title_match)
                .then(b.score.total_cmp(&a.score))
                .then_with(|| newest_first(site, a.id, b.id))
        });
        hits.truncate(limit);
        SearchResults { hits, total, exact }
    }

    /// The distinct words of the query, each with its postings.
    fn terms_of<'q>(&self, query: &'q Query) -> Vec<Term<'q>> {
        let mut terms: Vec<Term<'q>> = Vec::new();
        for part in &query.parts {
            for (index, word) in part.words.iter().enumerate() {
                let prefix = part.prefix && index + 1 == part.words.len();
                if terms.iter().any(|t| t.word == word && t.prefix == prefix) {
                    continue;
                }
                let entries = self.entries_of(word, prefix);
                let df = entries.len() as f32;
                let n = self.posts as f32;
                terms.push(Term {
                    word,
                    prefix,
                    idf: (1.0 + (n - df + 0.5) / (df + 0.5)).ln(),
                    entries,
                });
            }
        }
        terms
    }

    /// The postings of `word`, or of the words it starts when a prefix (the
    /// most frequent [`MAX_EXPANSIONS`] of them), summed per post.
    fn entries_of(&self, word: &str, prefix: bool) -> Vec<Entry> {
        let words: Vec<&str> = if prefix {
            self.expansions(word)
        } else {
            vec![word]
        };
        if let [word] = words.as_slice() {
            let mut entries: Vec<Entry> = Vec::new();
            let mut lists = 0;
            for segment in &self.segments {
                if let Some(term) = segment.find(word) {
                    entries.extend(segment.entries(term));
                    lists += 1;
                }
            }
            // Segments of posts indexed out of order interleave.
            if lists > 1 && !entries.is_sorted_by_key(|e| e.post) {
                entries.sort_by_key(|e| e.post);
            }
            return entries;
        }
        // Summed in a table by post, then read in order: linear, where
        // sorting the lists of dozens of frequent words together is not.
        let mut table: Vec<Option<(u32, bool)>> = vec![None; self.lengths.len()];
        for word in &words {
            for segment in &self.segments {
                let Some(term) = segment.find(word) else {
                    continue;
                };
                for entry in segment.entries(term) {
                    if let Some(slot) = table.get_mut(entry.post as usize) {
                        let (count, title) = slot.get_or_insert((0, false));
                        *count = count.saturating_add(entry.count);
                        *title |= entry.title;
                    }
                }
            }
        }
        table
            .iter()
            .enumerate()
            .filter_map(|(post, slot)| {
                let (count, title) = (*slot)?;
                Some(Entry {
                    post: post as u32,
                    count,
                    title,
                })
            })
            .collect()
    }

    /// The indexed words that start with `prefix`: the prefix itself when
    /// indexed, then the most frequent others.
    fn expansions<'s>(&'s self, prefix: &'s str) -> Vec<&'s str> {
        let mut found: Vec<(&str, u32)> = Vec::new();
        for segment in &self.segments {
            for term in segment.starting_with(prefix) {
                found.push((segment.word(term), segment.posts(term)));
            }
        }
        found.sort_unstable_by(|a, b| a.0.cmp(b.0));
        found.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                kept.1 += later.1;
            }
            same
        });
        let exact = found.first().is_some_and(|(w, _)| *w == prefix);
        found[usize::from(exact)..].sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        found.truncate(MAX_EXPANSIONS);
        found.into_iter().map(|(w, _)| w).collect()
    }

    /// The posts holding every term (in `lang` when given), scored: BM25 on
    /// the body plus [`TITLE_WEIGHT`] per word in the title.
    fn candidates(&self, site: &Site, terms: &[Term<'_>], lang: Option<&Lang>) -> Vec<Candidate> {
        let Some((first, rest)) = terms.split_first() else {
            return Vec::new();
        };
        let average = (self.words as f32 / self.posts.max(1) as f32).max(1.0);
        let score = |term: &Term<'_>, entry: &Entry| {
            let length = self.lengths.get(entry.post as usize).copied().unwrap_or(0) as f32;
            let tf = entry.count as f32;
            let body = tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * length / average));
            let title = if entry.title { TITLE_WEIGHT } else { 0.0 };
            term.idf * (body + title)
        };
        let mut candidates: Vec<Candidate> = first
            .entries
            .iter()
            .filter(|e| {
                site.posts
                    .get(e.post as usize)
                    .is_some_and(|post| lang.is_none_or(|l| &post.lang == l))
            })
            .map(|e| Candidate {
                post: e.post,
                score: score(first, e),
                title: e.title,
            })
            .collect();
        for term in rest {
            let mut entries = term.entries.iter().peekable();
            candidates.retain_mut(|candidate| {
                while entries.next_if(|e| e.post < candidate.post).is_some() {}
                match entries.peek() {
                    Some(e) if e.post == candidate.post => {
                        candidate.score += score(term, e);
                        candidate.title &= e.title;
                        true
                    }
                    _ => false,
                }
            });
        }
        candidates
    }
}

/// Newer posts first, undated last; then by id.
fn newest_first(site: &Site, a: PostId, b: PostId) -> std::cmp::Ordering {
    let date = |id: PostId| site.posts[id].sort_date().map(|d| d.sort_key());
    date(b).cmp(&date(a)).then(a.cmp(&b))
}

/// Reads one candidate again: checks its phrases, adds proximity to its
/// score, and cuts its snippet. `None` when a phrase is not there.
fn examine(site: &Site, query: &Query, candidate: &Candidate, idf_sum: f32) -> Option<SearchHit> {
    let id = candidate.post as usize;
    let post = &site.posts[id];
    let parts = query.parts.len();
    let mut buffer = String::new();

    let title_hits = query.hits_in(&post.title, &mut buffer);
    let title_found = query.occurrences(&title_hits);
    let text = plain_text(post);
    let body_hits = query.hits_in(&text, &mut buffer);
    let body_found = query.occurrences(&body_hits);

    let in_title = parts_present(&title_found, parts);
    let in_body = parts_present(&body_found, parts);
    if (0..parts).any(|p| !in_title[p] && !in_body[p]) {
        return None;
    }
    let title_match = in_title.iter().all(|&found| found);

    let mut score = candidate.score;
    if parts > 1 && in_body.iter().all(|&found| found) {
        if let Some((_, first, last)) = narrowest_window(&body_found) {
            let words: usize = query.parts.iter().map(|p| p.words.len()).sum();
            let span = (last - first + 1) as f32;
            score += PROXIMITY_WEIGHT * idf_sum * (words as f32 / span).min(1.0);
        }
    }

    Some(SearchHit {
        id,
        score,
        title_match,
        title_highlights: highlights(&title_hits, &title_found, 0..post.title.len()),
        snippet: snippet(&text, &body_hits, &body_found),
    })
}

fn parts_present(occurrences: &[Occurrence], parts: usize) -> Vec<bool> {
    let mut present = vec![false; parts];
    for occurrence in occurrences {
        present[occurrence.part] = true;
    }
    present
}

/// The line of `text` that best shows the match (most parts of the query,
/// closest together, earliest), cut around them.
fn snippet(text: &str, hits: &[Hit], occurrences: &[Occurrence]) -> Snippet {
    // (parts covered, first and last positions of their window, line)
    let mut best: Option<(usize, u32, u32, u32)> = None;
    for on_line in occurrences.chunk_by(|a, b| a.line == b.line) {
        let Some((covered, first, last)) = narrowest_window(on_line) else {
            continue;
        };
        let better =
            best.is_none_or(|(c, f, l, _)| covered > c || (covered == c && last - first < l - f));
        if better {
            best = Some((covered, first, last, on_line[0].line));
        }
    }
    let Some((_, first, last, line)) = best else {
        // Only the title matches: the opening of the text.
        let opening = text.split('\n').next().unwrap_or_default();
        return cut(opening, 0..0, &[]);
    };
    let bounds = line_bounds(text, line);
    let window: Vec<&Hit> = hits
        .iter()
        .filter(|h| h.at.position >= first && h.at.position <= last)
        .collect();
    let focus_start = window
        .iter()
        .map(|h| h.at.start)
        .min()
        .unwrap_or(bounds.start);
    let focus_end = window.iter().map(|h| h.at.end).max().unwrap_or(focus_start);
    let on_line: Vec<Occurrence> = occurrences
        .iter()
        .filter(|o| o.line == line)
        .cloned()
        .collect();
    let marks = highlights(hits, &on_line, bounds.clone());
    cut(
        &text[bounds.clone()],
        focus_start - bounds.start..focus_end - bounds.start,
        &marks,
    )
}

/// The byte range of line `line` (0-based) of `text`, without its `\n`.
fn line_bounds(text: &str, line: u32) -> Range<usize> {
    let mut start = 0;
    for (index, newline) in memchr::memchr_iter(b'\n', text.as_bytes()).enumerate() {
        if index as u32 == line {
            return start..newline;
        }
        start = newline + 1;
    }
    start..text.len()
}

/// At most [`SNIPPET_CHARS`] characters of `line` around `focus`, cut
/// between words, with `…` where it was cut and every character unsafe
/// for a terminal replaced; `marks` (byte ranges in `line`) are carried
/// over to the result.
fn cut(line: &str, focus: Range<usize>, marks: &[Range<usize>]) -> Snippet {
    let chars = line.chars().count();
    let (start, end) = if chars <= SNIPPET_CHARS {
        (0, line.len())
    } else {
        let focus_chars = line[focus.clone()].chars().count();
        let before_focus = line[..focus.start].chars().count();
        // A third of the room before the match: what follows it reads better.
        let room = SNIPPET_CHARS.saturating_sub(focus_chars);
        let first = before_focus.saturating_sub(room / 3);
        let last = (first + SNIPPET_CHARS).min(chars);
        let first = last.saturating_sub(SNIPPET_CHARS).min(before_focus);
        let byte = |char_index: usize| {
            line.char_indices()
                .nth(char_index)
                .map_or(line.len(), |(at, _)| at)
        };
        let (mut start, mut end) = (byte(first), byte(first + SNIPPET_CHARS).min(byte(last)));
        // Between words: forward to the next space before the match, back
        // to the last space after it.
        if start > 0 && !line[..start].ends_with(' ') {
            if let Some(space) = line[start..focus.start.max(start)].find(' ') {
                start += space + 1;
            }
        }
        if end < line.len() && !line[end..].starts_with(' ') {
            if let Some(space) = line[focus.end.min(end)..end].rfind(' ') {
                end = focus.end.min(end) + space;
            }
        }
        (start, end)
    };
    let mut text = String::with_capacity(end - start + 8);
    if start > 0 {
        text.push('…');
    }
    // Sanitised piece by piece so the marks still point at their words.
    let mut cuts: Vec<usize> = marks
        .iter()
        .flat_map(|m| [m.start, m.end])
        .filter(|&at| at > start && at < end)
        .collect();
    cuts.push(end);
    cuts.sort_unstable();
    cuts.dedup();
    let mut offsets = Vec::with_capacity(cuts.len() + 1);
    offsets.push((start, text.len()));
    let mut from = start;
    for at in cuts {
        text.push_str(&sanitize_line(&line[from..at]));
        offsets.push((at, text.len()));
        from = at;
    }
    let map = |at: usize| {
        offsets
            .iter()
            .find(|(original, _)| *original == at)
            .map(|&(_, out)| out)
    };
    let highlights = marks
        .iter()
        .filter(|m| m.start >= start && m.end <= end)
        .filter_map(|m| Some(map(m.start)?..map(m.end)?))
        .collect();
    if end < line.len() {
        text.push('…');
    }
    Snippet { text, highlights }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;
    use std::path::PathBuf;

    fn post(title: &str, body: &str, lang: &str, date: Option<&str>) -> Post {
        Post::new(crate::content::PostData {
            path: PathBuf::from(format!("content/{lang}/{}.md", title.len())),
            lang_path: PathBuf::new(),
            lang: Lang::new(lang),
            title: title.to_string(),
            authors: Vec::new(),
            date: date.and_then(crate::content::date::parse_date),
            updated: None,
            draft: false,
            tags: Vec::new(),
            categories: Vec::new(),
            translation_key: None,
            trans_url: None,
            url: String::new(),
            aliases: Vec::new(),
            url_field: None,
            text: crate::content::FileText::own(body.to_string(), 0),
            body_line: 1,
        })
    }

    fn site(posts: Vec<Post>) -> Site {
        Site {
            origin: "test".to_string(),
            layout: crate::content::LayoutKind::HugoContentDirs,
            languages: Vec::new(),
            default_lang: Lang::new("en"),
            posts,
            skipped: Vec::new(),
            warnings: Vec::new(),
            urls: Default::default(),
            partial: false,
            time_zone: None,
            dates: Default::default(),
        }
    }

    /// Posts with these (title, body), English, undated.
    fn site_of(posts: &[(&str, &str)]) -> Site {
        site(posts.iter().map(|(t, b)| post(t, b, "en", None)).collect())
    }

    fn search(site: &Site, query: &str) -> SearchResults {
        SiteIndex::build(site).search(site, &Query::parse(query), None, DEFAULT_LIMIT)
    }

    fn ids(site: &Site, query: &str) -> Vec<PostId> {
        search(site, query).hits.iter().map(|h| h.id).collect()
    }

    fn words(part: &QueryPart) -> Vec<&str> {
        part.words.iter().map(String::as_str).collect()
    }

    fn marked(snippet: &Snippet) -> Vec<&str> {
        snippet
            .highlights
            .iter()
            .map(|r| &snippet.text[r.clone()])
            .collect()
    }

    // ---------------------------------------------------------- parsing

    #[rstest]
    #[case::words("Plain  language", "plain | language")]
    #[case::phrase("\"plain language\" forms", "plain language | forms")]
    #[case::curly_quotes("“plain language”", "plain language")]
    #[case::french_quotes("«\u{a0}langage clair\u{a0}»", "langage clair")]
    #[case::unclosed_quote("forms \"plain lang", "forms | plain lang")]
    #[case::one_word_phrase("\"Numérique\"", "numerique")]
    #[case::empty_phrase("\"\" offline", "offline")]
    #[case::apostrophe_makes_a_phrase("l’équipe", "l equipe")]
    #[case::hyphen_makes_a_phrase("arrière-boutique", "arriere boutique")]
    #[case::folded("ŒUVRE Été", "oeuvre | ete")]
    #[case::duplicates("plain PLAIN plain", "plain")]
    #[case::punctuation_only("-- ! ?", "")]
    #[case::empty("", "")]
    fn queries_parse_into_words_and_phrases(#[case] text: &str, #[case] expected: &str) {
        let query = Query::parse(text);
        // Parts separated by `|`, words by spaces.
        let parts: Vec<String> = query.parts().iter().map(|p| words(p).join(" ")).collect();
        assert_eq!(parts.join(" | "), expected);
        assert_eq!(query.is_empty(), expected.is_empty());
        assert!(query.parts().iter().all(|p| !p.prefix));
    }

    #[rstest]
    #[case::typing("plain langu", true)]
    #[case::space_typed("plain langu ", false)]
    #[case::phrase_typed("\"plain langu", true)]
    #[case::phrase_closed("\"plain langu\"", false)]
    #[case::one_letter("plain l", false)]
    #[case::punctuation("plain langu.", false)]
    fn while_typing_the_last_word_is_a_prefix(#[case] text: &str, #[case] prefix: bool) {
        let query = Query::parse_incremental(text);
        assert_eq!(query.parts().last().expect("a part").prefix, prefix);
        assert!(!query.parts()[0].prefix || query.parts().len() == 1);
    }

    #[test]
    fn long_queries_are_capped() {
        let text: Vec<String> = (0..40).map(|i| format!("w{i}")).collect();
        assert_eq!(Query::parse(&text.join(" ")).parts().len(), MAX_QUERY_WORDS);
    }

    #[test]
    fn find_in_a_line() {
        let query = Query::parse("\"plain language\" forms");
        let line = "Forms in plain language; plain words, language later.";
        let found: Vec<&str> = query.find_in(line).into_iter().map(|r| &line[r]).collect();
        assert_eq!(found, ["Forms", "plain", "language"]);
        assert_eq!(query.first_in("no match here"), None);
        let accented = Query::parse("numerique");
        let line = "Le Numérique, enfin.";
        assert_eq!(accented.first_in(line).map(|r| &line[r]), Some("Numérique"));
    }

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

    // ---------------------------------------------------------- matching

    #[test]
    fn every_word_must_occur_in_title_or_body() {
        let site = site_of(&[
            ("Offline reading", "A guide to forms."),
            ("Forms", "Reading offline, again."),
            ("Other", "Only offline."),
        ]);
        let mut found = ids(&site, "offline forms");
        found.sort_unstable();
        assert_eq!(found, [0, 1]);
        assert_eq!(search(&site, "offline forms").total, 2);
        assert_eq!(ids(&site, "offline missing"), Vec::<PostId>::new());
        assert_eq!(search(&site, "").total, 0);
    }

    #[rstest]
    #[case::accent("numerique", "Le virage numérique")]
    #[case::accent_in_query("NUMÉRIQUE", "le virage numerique")]
    #[case::ligature("oeuvre", "Une œuvre commune")]
    #[case::decomposed("montreal", "Montre\u{301}al en hiver")]
    #[case::apostrophe("l'equipe", "Toute l’équipe")]
    fn folded_words_match(#[case] query: &str, #[case] body: &str) {
        let site = site_of(&[("Post", body), ("Other", "Nothing to see")]);
        assert_eq!(ids(&site, query), [0]);
        assert_eq!(
            marked(&search(&site, query).hits[0].snippet).len(),
            query.split(['\'', ' ']).count().max(1)
        );
    }

    #[test]
    fn markup_and_addresses_are_not_words() {
        let site = site_of(&[
            (
                "Links",
                "<div class=\"note\"><p>See <a href=\"https://example.ca/span/\">this page</a>.</p></div>\n\n[Read](https://example.ca/img/) more.",
            ),
            ("Code", "The `<div>` element groups content."),
        ]);
        assert_eq!(ids(&site, "href"), Vec::<PostId>::new());
        assert_eq!(ids(&site, "span"), Vec::<PostId>::new());
        assert_eq!(ids(&site, "img"), Vec::<PostId>::new());
        assert_eq!(ids(&site, "note"), Vec::<PostId>::new());
        // Shown as code, the tag is text.
        assert_eq!(ids(&site, "div"), [1]);
        assert_eq!(ids(&site, "page"), [0]);
    }

    #[test]
    fn phrases_need_their_words_in_a_row() {
        let site = site_of(&[
            ("One", "We write in plain language for everyone."),
            ("Two", "Plain words, and a language of our own."),
            ("Three", "Plain\n\nLanguage starts a new paragraph."),
            ("Four", "PLAIN   Language, shouted."),
        ]);
        // The shorter post first: same counts, fewer words.
        assert_eq!(ids(&site, "\"plain language\""), [3, 0]);
        let results = search(&site, "\"plain language\"");
        assert_eq!((results.total, results.exact), (2, true));
        let mut loose = ids(&site, "plain language");
        loose.sort_unstable();
        assert_eq!(loose, [0, 1, 2, 3]);
        // Reversed, the phrase is not there.
        assert_eq!(ids(&site, "\"language plain\""), Vec::<PostId>::new());
    }

    #[test]
    fn the_last_word_is_a_prefix_while_typing() {
        let site = site_of(&[("Numérique", "Le virage numérique."), ("Nu", "Nuance.")]);
        let index = SiteIndex::build(&site);
        let found = |text: &str| -> Vec<PostId> {
            index
                .search(&site, &Query::parse_incremental(text), None, 10)
                .hits
                .iter()
                .map(|h| h.id)
                .collect()
        };
        assert_eq!(found("numeriq"), [0]);
        assert_eq!(found("nu"), [1, 0]);
        assert_eq!(found("numeriq "), Vec::<PostId>::new());
        let hit = &index
            .search(&site, &Query::parse_incremental("virage numer"), None, 10)
            .hits[0];
        assert_eq!(marked(&hit.snippet), ["virage", "numérique"]);
    }

    #[test]
    fn language_filter() {
        let site = site(vec![
            post("Lire hors ligne", "Le texte, hors ligne.", "fr", None),
            post("Reading offline", "The text, offline.", "en", None),
        ]);
        let index = SiteIndex::build(&site);
        let query = Query::parse("texte");
        assert_eq!(
            index
                .search(&site, &query, Some(&Lang::new("fr")), 10)
                .total,
            1
        );
        assert_eq!(
            index
                .search(&site, &query, Some(&Lang::new("en")), 10)
                .total,
            0
        );
        let both = index.search(&site, &Query::parse("text"), None, 10);
        assert_eq!(both.total, 1);
    }

    // ----------------------------------------------------------- ranking

    #[test]
    fn a_title_match_outranks_body_matches() {
        let site = site_of(&[
            ("Notes", "Offline offline offline, all day offline."),
            ("Offline", "A short note."),
        ]);
        let results = search(&site, "offline");
        assert_eq!(
            results.hits.iter().map(|h| h.id).collect::<Vec<_>>(),
            [1, 0]
        );
        assert!(results.hits[0].title_match);
        assert!(!results.hits[1].title_match);
        assert_eq!(results.hits[0].title_highlights, vec![0..7]);
    }

    #[test]
    fn more_occurrences_rank_higher() {
        let filler = "word ".repeat(30);
        let site = site_of(&[
            ("A", &format!("offline once {filler}")),
            ("B", &format!("offline twice offline {filler}")),
            ("C", &format!("offline offline offline thrice {filler}")),
        ]);
        assert_eq!(ids(&site, "offline"), [2, 1, 0]);
    }

    #[test]
    fn closer_words_rank_higher() {
        let filler = "word ".repeat(40);
        let site = site_of(&[
            ("A", &format!("plain {filler} forms")),
            ("B", &format!("forms {filler} plain")),
            ("C", &format!("{filler} plain forms")),
            ("D", &format!("plain word word forms {filler}")),
        ]);
        assert_eq!(ids(&site, "plain forms"), [2, 3, 0, 1]);
    }

    #[test]
    fn ties_go_to_the_newest_then_the_lowest_id() {
        let site = site(vec![
            post("A", "same text", "en", Some("2020-01-01")),
            post("B", "same text", "en", None),
            post("C", "same text", "en", Some("2023-05-01")),
            post("D", "same text", "en", Some("2020-01-01")),
        ]);
        assert_eq!(ids(&site, "same"), [2, 0, 3, 1]);
    }

    // ---------------------------------------------------------- snippets

    #[test]
    fn the_snippet_is_the_line_with_the_match() {
        let site = site_of(&[(
            "Post",
            "# A heading\n\nFirst paragraph, nothing.\n\nSecond paragraph with the word offline in it.",
        )]);
        let hit = &search(&site, "offline").hits[0];
        assert_eq!(
            hit.snippet.text,
            "Second paragraph with the word offline in it."
        );
        assert_eq!(marked(&hit.snippet), ["offline"]);
    }

    #[test]
    fn the_snippet_prefers_the_line_holding_more_of_the_query() {
        let site = site_of(&[(
            "Post",
            "Plain is here.\n\nForms are there.\n\nPlain forms, together.",
        )]);
        let hit = &search(&site, "forms plain").hits[0];
        assert_eq!(hit.snippet.text, "Plain forms, together.");
        assert_eq!(marked(&hit.snippet), ["Plain", "forms"]);
    }

    #[test]
    fn long_lines_are_cut_between_words_around_the_match() {
        let before = "avant ".repeat(60);
        let after = "après ".repeat(60);
        let site = site_of(&[("Post", &format!("{before}le mot numérique ici {after}"))]);
        let snippet = &search(&site, "numerique").hits[0].snippet;
        assert!(
            snippet.text.starts_with('…') && snippet.text.ends_with('…'),
            "{}",
            snippet.text
        );
        let inner = snippet.text.trim_matches('…');
        assert!(inner.chars().count() <= SNIPPET_CHARS, "{}", snippet.text);
        assert!(
            inner.starts_with("avant ") && inner.ends_with("après"),
            "{inner:?}"
        );
        assert_eq!(marked(snippet), ["numérique"]);
    }

    #[rstest]
    #[case::at_start("Offline first. ", true)]
    #[case::at_end(" the end is offline", false)]
    fn matches_at_either_end_of_a_long_line(#[case] around: &str, #[case] at_start: bool) {
        let filler = "mot ".repeat(80);
        let body = if at_start {
            format!("{around}{filler}")
        } else {
            format!("{filler}{around}")
        };
        let site = site_of(&[("Post", &body)]);
        let snippet = &search(&site, "offline").hits[0].snippet;
        let word = if at_start { "Offline" } else { "offline" };
        assert_eq!(marked(snippet), [word]);
        assert_eq!(snippet.text.starts_with('…'), !at_start, "{}", snippet.text);
        assert_eq!(snippet.text.ends_with('…'), at_start, "{}", snippet.text);
    }

    #[test]
    fn multibyte_text_is_cut_on_character_boundaries() {
        let line = format!("{}ᐊᐃᓐᖓᐃ été 日本 {}", "é€ ".repeat(90), "🍁œ ".repeat(90));
        let site = site_of(&[("Post", &line)]);
        for query in ["ete", "日本", "ᐊᐃᓐᖓᐃ"] {
            let snippet = &search(&site, query).hits[0].snippet;
            assert!(!marked(snippet).is_empty(), "{query}: {snippet:?}");
            for range in &snippet.highlights {
                assert!(
                    snippet.text.is_char_boundary(range.start)
                        && snippet.text.is_char_boundary(range.end)
                );
            }
        }
        let snippet = &search(&site, "ete").hits[0].snippet;
        assert_eq!(marked(snippet), ["été"]);
    }

    #[test]
    fn control_characters_never_reach_the_snippet() {
        let site = site_of(&[("Post", "Before \u{1b}[2J the offline \u{202e}word.")]);
        let snippet = &search(&site, "offline").hits[0].snippet;
        assert!(
            !snippet
                .text
                .chars()
                .any(crate::text::is_unsafe_for_terminal),
            "{snippet:?}"
        );
        assert_eq!(marked(snippet), ["offline"]);
    }

    #[test]
    fn a_title_only_match_shows_the_opening() {
        let site = site_of(&[("Offline", "The first line.\n\nThe second.")]);
        let hit = &search(&site, "offline").hits[0];
        assert_eq!(hit.snippet.text, "The first line.");
        assert!(hit.snippet.highlights.is_empty());
    }

    // ------------------------------------------------------------ sample

    #[test]
    fn the_sample_site() {
        let site = crate::content::load(&crate::content::Source::sample());
        let index = SiteIndex::build(&site);
        let titles = |query: &str, lang: Option<&str>| -> Vec<String> {
            let lang = lang.map(Lang::new);
            index
                .search(&site, &Query::parse(query), lang.as_ref(), 10)
                .hits
                .iter()
                .map(|h| site.posts[h.id].title.clone())
                .collect()
        };
        // Two French posts say "Montréal": one as `Montr&eacute;al` in HTML.
        assert_eq!(titles("montreal", Some("fr")).len(), 2);
        assert_eq!(
            titles("\"langage clair\"", None)[0],
            "Le langage clair, une affaire de mots\u{a0}?"
        );
        assert_eq!(
            titles("\"plain language\"", None)[0],
            "Plain language: what’s in a word?"
        );
        // Only the posts that show HTML source in a code block say `href`.
        let mut href = titles("href", None);
        href.sort();
        assert_eq!(
            href,
            [
                "Lire notre propre site hors ligne",
                "Reading our own site offline"
            ]
        );
        assert_eq!(titles("div", None), Vec::<String>::new());
        assert_eq!(titles("thead", None).len(), 2);
        assert_eq!(titles("src", None), Vec::<String>::new());
    }
}
