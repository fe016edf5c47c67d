//! Where full-text search keeps its index: segments, each holding the
//! words of some posts and, for each word, the posts that have it.
//!
//! A segment is four flat vectors (all the words end to end, a table of
//! where each word and its postings end, the postings bytes), so a word
//! costs its bytes plus 24, not an allocation or two. Segments never
//! change; new posts make a new segment, and segments are merged two at a
//! time. Posts usually arrive in order, so merging mostly copies postings
//! and re-encodes one entry per word.
//!
//! A word's postings are, per post in increasing order, a varint
//! `gap << 2 | kind`, where `gap` is the distance from the previous post
//! (from -1 for the first) and `kind` 0, 1 or 2 says the body has the word
//! once, twice or three times and the title not; `kind` 3 is followed by
//! the varint `count << 1 | title` (a count of 0 when only the title has
//! the word). Most postings are of a post near the previous one whose body
//! has the word one to three times, in one byte (the count of a body
//! holding the word twice or thrice used to take a second byte: at
//! 100,000 posts the postings were a sixth larger).

use std::ops::Range;

/// One post in one word's postings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub post: u32,
    /// Occurrences in the body.
    pub count: u32,
    /// Whether the title has the word.
    pub title: bool,
}

/// Where a word and its postings end in their segment's vectors.
#[derive(Debug, Clone, Copy, Default)]
struct Term {
    postings_end: u64,
    word_end: u32,
    /// How many posts have the word.
    posts: u32,
    /// The last of them, to append more without decoding.
    last: u32,
}

/// The words of some posts, in byte order, with their postings.
#[derive(Debug, Clone, Default)]
pub struct Segment {
    words: String,
    terms: Vec<Term>,
    postings: Vec<u8>,
    /// The lowest and highest posts in the segment.
    span: Option<(u32, u32)>,
}

impl Segment {
    /// A segment of `terms`, each word with its entries in increasing post
    /// order, the words in byte order.
    pub fn from_sorted<'w>(terms: impl IntoIterator<Item = (&'w str, &'w [Entry])>) -> Segment {
        let mut segment = Segment::default();
        for (word, entries) in terms {
            let mut writer = ListWriter::new(&mut segment.postings, None);
            entries.iter().for_each(|&entry| writer.push(entry));
            let list = writer.finish();
            segment.finish_term(word, list);
        }
        segment
    }

    /// Records a word whose postings were just written.
    fn finish_term(&mut self, word: &str, list: WrittenList) {
        if list.posts == 0 {
            return;
        }
        self.words.push_str(word);
        self.terms.push(Term {
            postings_end: self.postings.len() as u64,
            word_end: self.words.len() as u32,
            posts: list.posts,
            last: list.last,
        });
        self.span = Some(match self.span {
            None => (list.first, list.last),
            Some((low, high)) => (low.min(list.first), high.max(list.last)),
        });
    }

    /// How many words.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// Bytes of postings, for deciding when to merge.
    pub fn postings_len(&self) -> usize {
        self.postings.len()
    }

    pub fn word(&self, term: usize) -> &str {
        let start = match term {
            0 => 0,
            _ => self.terms[term - 1].word_end as usize,
        };
        &self.words[start..self.terms[term].word_end as usize]
    }

    /// How many posts have word number `term`.
    pub fn posts(&self, term: usize) -> u32 {
        self.terms[term].posts
    }

    fn bytes(&self, term: usize) -> &[u8] {
        let start = match term {
            0 => 0,
            _ => self.terms[term - 1].postings_end as usize,
        };
        &self.postings[start..self.terms[term].postings_end as usize]
    }

    /// The postings of word number `term`.
    pub fn entries(&self, term: usize) -> Entries<'_> {
        Entries {
            bytes: self.bytes(term),
            next: 0,
        }
    }

    /// The number of `word`, if the segment has it.
    pub fn find(&self, word: &str) -> Option<usize> {
        let at = self.first_not_before(word);
        (at < self.len() && self.word(at) == word).then_some(at)
    }

    /// The numbers of the words starting with `prefix`.
    pub fn starting_with(&self, prefix: &str) -> Range<usize> {
        let start = self.first_not_before(prefix);
        let end = start
            + (start..self.len())
                .take_while(|&t| self.word(t).starts_with(prefix))
                .count();
        start..end
    }

    fn first_not_before(&self, word: &str) -> usize {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let mid = (low + high) / 2;
            if self.word(mid) < word {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        low
    }

    /// Bytes held, counted from capacities.
    pub fn memory_bytes(&self) -> usize {
        self.words.capacity()
            + self.terms.capacity() * std::mem::size_of::<Term>()
            + self.postings.capacity()
            + std::mem::size_of::<Segment>()
    }

    /// Bytes its words, word table and postings need, without room to
    /// grow: what [`Segment::memory_bytes`] counts once shrunk.
    #[cfg(test)]
    pub fn exact_bytes(&self) -> usize {
        self.words.len() + self.terms.len() * std::mem::size_of::<Term>() + self.postings.len()
    }

    pub fn shrink_to_fit(&mut self) {
        self.words.shrink_to_fit();
        self.terms.shrink_to_fit();
        self.postings.shrink_to_fit();
    }

    /// The segment without the entries of `posts` (sorted).
    pub fn without(&self, posts: &[u32]) -> Segment {
        let mut out = Segment::default();
        for term in 0..self.len() {
            let kept: Vec<Entry> = self
                .entries(term)
                .filter(|e| posts.binary_search(&e.post).is_err())
                .collect();
            let mut writer = ListWriter::new(&mut out.postings, None);
            kept.iter().for_each(|&e| writer.push(e));
            let list = writer.finish();
            out.finish_term(self.word(term), list);
        }
        out
    }

    /// One segment with the words and postings of both.
    pub fn merge(a: &Segment, b: &Segment) -> Segment {
        // When one segment's posts all come before the other's, a word's
        // postings are the first's followed by the second's.
        let in_order = match (a.span, b.span) {
            (Some((_, a_high)), Some((b_low, _))) if a_high < b_low => Some((a, b)),
            (Some((a_low, _)), Some((_, b_high))) if b_high < a_low => Some((b, a)),
            _ => None,
        };
        let mut out = Segment {
            words: String::with_capacity(a.words.len() + b.words.len()),
            terms: Vec::with_capacity(a.len().max(b.len())),
            postings: Vec::with_capacity(a.postings.len() + b.postings.len()),
            span: None,
        };
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            let order = match (i < a.len(), j < b.len()) {
                (true, true) => a.word(i).cmp(b.word(j)),
                (true, false) => std::cmp::Ordering::Less,
                _ => std::cmp::Ordering::Greater,
            };
            let (word, list) = match order {
                std::cmp::Ordering::Less => {
                    i += 1;
                    (a.word(i - 1), out.copy_list(a, i - 1))
                }
                std::cmp::Ordering::Greater => {
                    j += 1;
                    (b.word(j - 1), out.copy_list(b, j - 1))
                }
                std::cmp::Ordering::Equal => {
                    i += 1;
                    j += 1;
                    let list = match in_order {
                        Some((first, _)) if std::ptr::eq(first, a) => {
                            out.concatenate(a, i - 1, b, j - 1)
                        }
                        Some(_) => out.concatenate(b, j - 1, a, i - 1),
                        None => out.interleave(a, i - 1, b, j - 1),
                    };
                    (a.word(i - 1), list)
                }
            };
            out.finish_term(word, list);
        }
        out
    }

    /// Copies word `term`'s postings from `from`.
    fn copy_list(&mut self, from: &Segment, term: usize) -> WrittenList {
        self.postings.extend_from_slice(from.bytes(term));
        let info = from.terms[term];
        let first = from.entries(term).next().map_or(0, |e| e.post);
        WrittenList {
            posts: info.posts,
            first,
            last: info.last,
        }
    }

    /// Postings of `first`'s word then `second`'s, all of the first's posts
    /// coming before the second's: only the second's first entry changes.
    fn concatenate(
        &mut self,
        first: &Segment,
        first_term: usize,
        second: &Segment,
        second_term: usize,
    ) -> WrittenList {
        let head = self.copy_list(first, first_term);
        let mut rest = second.entries(second_term);
        let mut writer = ListWriter::new(&mut self.postings, Some(head.last));
        if let Some(entry) = rest.next() {
            writer.push(entry);
        }
        writer.finish();
        self.postings.extend_from_slice(rest.bytes);
        let info = second.terms[second_term];
        WrittenList {
            posts: head.posts + info.posts,
            first: head.first,
            last: info.last,
        }
    }

    /// Postings of both, read and merged by post (posts indexed out of
    /// order). A post in both keeps `a`'s entry.
    fn interleave(
        &mut self,
        a: &Segment,
        a_term: usize,
        b: &Segment,
        b_term: usize,
    ) -> WrittenList {
        let mut all: Vec<Entry> = a.entries(a_term).chain(b.entries(b_term)).collect();
        all.sort_by_key(|e| e.post);
        all.dedup_by_key(|e| e.post);
        let mut writer = ListWriter::new(&mut self.postings, None);
        all.iter().for_each(|&e| writer.push(e));
        writer.finish()
    }
}

/// What was written of one word's postings.
#[derive(Debug, Clone, Copy)]
struct WrittenList {
    posts: u32,
    first: u32,
    last: u32,
}

/// The `kind` of an entry followed by its count and title (see the
/// module documentation).
const EXPLICIT: u64 = 3;

/// Writes one word's postings.
struct ListWriter<'o> {
    out: &'o mut Vec<u8>,
    /// The post of the previous entry, if any.
    previous: Option<u32>,
    list: WrittenList,
}

impl<'o> ListWriter<'o> {
    /// Entries follow `previous` (already written) when given.
    fn new(out: &'o mut Vec<u8>, previous: Option<u32>) -> ListWriter<'o> {
        ListWriter {
            out,
            previous,
            list: WrittenList {
                posts: 0,
                first: 0,
                last: 0,
            },
        }
    }

    fn push(&mut self, entry: Entry) {
        let next = self.previous.map_or(0, |p| p + 1);
        let gap = entry.post - next;
        let kind = match (entry.title, entry.count) {
            (false, 1..=3) => u64::from(entry.count - 1),
            _ => EXPLICIT,
        };
        write_varint(self.out, (u64::from(gap) << 2) | kind);
        if kind == EXPLICIT {
            write_varint(
                self.out,
                (u64::from(entry.count) << 1) | u64::from(entry.title),
            );
        }
        if self.list.posts == 0 {
            self.list.first = entry.post;
        }
        self.list.posts += 1;
        self.list.last = entry.post;
        self.previous = Some(entry.post);
    }

    fn finish(self) -> WrittenList {
        self.list
    }
}

/// Reads one word's postings.
#[derive(Debug, Clone)]
pub struct Entries<'a> {
    bytes: &'a [u8],
    /// The lowest post the next entry can have.
    next: u32,
}

impl Iterator for Entries<'_> {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        let head = read_varint(&mut self.bytes)?;
        let (count, title) = match head & 3 {
            EXPLICIT => {
                let count = read_varint(&mut self.bytes)?;
                ((count >> 1) as u32, count & 1 == 1)
            }
            kind => (kind as u32 + 1, false),
        };
        let post = self.next + (head >> 2) as u32;
        self.next = post + 1;
        Some(Entry { post, count, title })
    }
}

fn write_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn read_varint(bytes: &mut &[u8]) -> Option<u64> {
    let mut value = 0u64;
    let mut shift = 0;
    loop {
        let (&byte, rest) = bytes.split_first()?;
        *bytes = rest;
        value |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Some(value);
        }
        shift += 7;
        if shift > 63 {
            return None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(post: u32, count: u32, title: bool) -> Entry {
        Entry { post, count, title }
    }

    fn segment(terms: &[(&str, &[Entry])]) -> Segment {
        Segment::from_sorted(terms.iter().map(|&(w, e)| (w, e)))
    }

    fn dump(segment: &Segment) -> Vec<(String, Vec<Entry>)> {
        (0..segment.len())
            .map(|t| (segment.word(t).to_string(), segment.entries(t).collect()))
            .collect()
    }

    #[test]
    fn postings_round_trip_through_their_encoding() {
        let entries = [
            entry(0, 1, false),
            entry(1, 0, true),
            entry(300, 70_000, true),
            entry(301, 2, false),
        ];
        let one = segment(&[("word", &entries)]);
        assert_eq!(dump(&one), [("word".to_string(), entries.to_vec())]);
        assert_eq!(one.posts(0), 4);
        // A byte per entry whose body has the word one to three times and
        // whose title has it not; a byte more for the others' counts. The
        // gap of 298 and the count of 70,000 take more.
        assert_eq!(one.postings_len(), 1 + (1 + 1) + (2 + 3) + 1);
    }

    #[test]
    fn segments_merge_in_any_order() {
        let early = segment(&[
            ("apple", &[entry(0, 2, false), entry(3, 1, true)]),
            ("pear", &[entry(1, 1, false)]),
        ]);
        let late = segment(&[
            ("apple", &[entry(10, 1, false)]),
            ("fig", &[entry(11, 5, false)]),
        ]);
        let expected = [
            (
                "apple".to_string(),
                vec![entry(0, 2, false), entry(3, 1, true), entry(10, 1, false)],
            ),
            ("fig".to_string(), vec![entry(11, 5, false)]),
            ("pear".to_string(), vec![entry(1, 1, false)]),
        ];
        assert_eq!(dump(&Segment::merge(&early, &late)), expected);
        assert_eq!(dump(&Segment::merge(&late, &early)), expected);
        // Overlapping posts: merged entry by entry.
        let between = segment(&[("apple", &[entry(2, 1, false)])]);
        let merged = Segment::merge(&Segment::merge(&early, &late), &between);
        let apple: Vec<u32> = merged.entries(0).map(|e| e.post).collect();
        assert_eq!(apple, [0, 2, 3, 10]);
    }

    #[test]
    fn words_are_found_whole_or_by_prefix() {
        let one = segment(&[
            ("numerique", &[entry(0, 1, false)]),
            ("numeriques", &[entry(1, 1, false)]),
            ("nun", &[entry(2, 1, false)]),
        ]);
        assert_eq!(one.find("numerique"), Some(0));
        assert_eq!(one.find("numeri"), None);
        assert_eq!(one.starting_with("numeri"), 0..2);
        assert_eq!(one.starting_with("nu"), 0..3);
        assert_eq!(one.starting_with("z"), 3..3);
        let without = one.without(&[1]);
        assert_eq!(without.len(), 2);
        assert_eq!(without.find("nun"), Some(1));
    }
}
