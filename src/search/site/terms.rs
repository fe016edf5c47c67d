//! The words of a query looked up in the index: each word's postings,
//! gathered from every segment, a prefix expanded to the words it starts,
//! and its rarity (idf). Ranking scores what is found here.

use super::SiteIndex;
use super::query::Query;
use crate::search::postings::Entry;

/// A prefix expands to at most this many words (the most frequent ones):
/// a two-letter prefix must not read half the index.
const MAX_EXPANSIONS: usize = 64;

/// A word of the query as the index looks it up.
#[derive(Debug)]
pub(super) struct Term<'q> {
    word: &'q str,
    prefix: bool,
    /// Its posts (those of all its expansions for a prefix), by post.
    pub(super) entries: Vec<Entry>,
    pub(super) idf: f32,
}

impl SiteIndex {
    /// The distinct words of the query, each with its postings.
    pub(super) fn terms_of<'q>(&self, query: &'q Query) -> Vec<Term<'q>> {
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
}
