//! The list filter: fuzzy, over each post's title, authors, tags and
//! path, folded once at load.
//!
//! A key typed in the filter must answer within a frame at 100,000 posts
//! while the site loads. So the folded texts lie end to end (titles in
//! one text, the rest in another) and a word is looked for in all of them
//! at once, in one pass of `memchr`'s searcher, rather than post by post;
//! where each word matched is worked out only for the rows on screen
//! ([`FilterIndex::highlights`]); and a query that only grew is matched
//! within the posts the shorter one matched ([`FilterIndex::refine`]).

use super::{fold, fold_into};
use crate::content::{Post, PostId};
use memchr::memmem::Finder;
use nucleo_matcher::{Config, Matcher, Utf32Str};
use rayon::prelude::*;
use std::cell::RefCell;
use std::ops::Range;

/// The filter's view of a site.
#[derive(Debug, Clone, Default)]
pub struct FilterIndex {
    /// Each post's folded title.
    titles: Texts,
    /// Each post's folded authors, tags and path, after a space each.
    rests: Texts,
    /// For the posts whose folded title is not one character for each
    /// character of their title (a ligature spelled out, a combining mark
    /// dropped: few titles), the title's character each folded character
    /// came from; in increasing post order.
    origins: Vec<(u32, Box<[u32]>)>,
    /// How many posts are on their way (see [`FilterIndex::reserve_exact`]).
    expected: usize,
}

/// Texts end to end, one for each post, each followed by a line break
/// (no text holds one: a line break in a title is kept as a space).
#[derive(Debug, Clone, Default)]
struct Texts {
    text: String,
    /// Where each post's text ends: the offset of its line break.
    ends: Vec<u32>,
    /// Whether a text was left out for want of room (see
    /// [`Texts::push_within`]).
    full: bool,
}

impl Texts {
    fn len(&self) -> usize {
        self.ends.len()
    }

    /// Adds the next post's text. Past 4 GiB of text (not a site: the
    /// loader's budgets stop far before) a post's text is left empty.
    fn push(&mut self, text: &str) {
        self.push_within(text, u32::MAX as usize);
    }

    /// [`Texts::push`], the texts holding at most `most` bytes: a text
    /// that would take them past it is left empty, without its line break
    /// (its range is then empty at the end), and so is every one after it.
    fn push_within(&mut self, text: &str, most: usize) {
        self.full |= self.text.len() + text.len() + 1 > most;
        if self.full {
            self.ends
                .push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
            return;
        }
        if memchr::memchr(b'\n', text.as_bytes()).is_some() {
            let spaced = text.chars().map(|c| if c == '\n' { ' ' } else { c });
            self.text.extend(spaced);
        } else {
            self.text.push_str(text);
        }
        self.ends
            .push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
        self.text.push('\n');
    }

    fn range(&self, entry: usize) -> Range<usize> {
        let end = self.ends[entry] as usize;
        let start = match entry {
            0 => 0,
            // After texts left out for want of room, no line break follows.
            _ => (self.ends[entry - 1] as usize + 1).min(end),
        };
        start..end
    }

    fn get(&self, entry: usize) -> &str {
        &self.text[self.range(entry)]
    }

    /// Calls `found(entry, at)` for each post among `entries` whose text
    /// holds `finder`'s word, `at` being where its first occurrence starts
    /// in the post's text; in increasing post order.
    fn each_holding(
        &self,
        entries: Range<usize>,
        finder: &Finder<'_>,
        mut found: impl FnMut(usize, usize),
    ) {
        let Some(last) = entries.end.checked_sub(1) else {
            return;
        };
        if entries.start > last {
            return;
        }
        let text = self.text.as_bytes();
        let mut from = self.range(entries.start).start;
        let end = self.ends[last] as usize;
        let mut entry = entries.start;
        while let Some(at) = finder.find(&text[from..end]) {
            let at = from + at;
            // The word holds no line break: it lies within one post's text.
            entry += self.ends[entry..=last].partition_point(|&e| (e as usize) <= at);
            let start = self.range(entry).start;
            found(entry, at - start);
            from = self.ends[entry] as usize + 1;
            if from >= end {
                break;
            }
        }
    }

    fn reserve_exact(&mut self, posts: usize, bytes: usize) {
        self.ends.reserve_exact(posts);
        self.text.reserve_exact(bytes);
    }

    /// Room for a text of `bytes`, and for the texts of the posts still
    /// expected after it (`then`): each as long as the average so far and
    /// a sixteenth. Doubling, texts of 100,000 posts would leave up to
    /// half of their room unused.
    fn make_room(&mut self, bytes: usize, then: usize) {
        let needed = bytes + 1;
        if self.text.capacity() - self.text.len() >= needed {
            return;
        }
        if then == 0 {
            self.text.reserve(needed);
            return;
        }
        let average = (self.text.len() + needed).div_ceil(self.len() + 1);
        self.text
            .reserve_exact(needed + then.saturating_mul(average + average / 16));
    }
}

/// A post that matches the filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub id: PostId,
    pub score: i64,
}

/// How a list of matches was found: the folded words of the query, and
/// whether they matched fuzzily (no post held them all as written).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MatchedBy {
    words: Vec<String>,
    fuzzy: bool,
}

impl MatchedBy {
    fn of(query: &str) -> MatchedBy {
        MatchedBy {
            words: fold(query)
                .text
                .split_whitespace()
                .map(str::to_string)
                .collect(),
            fuzzy: false,
        }
    }

    /// Whether every post matching `self` matched `earlier`: each of its
    /// words holds the word in the same place before (a word typed
    /// further, or words added).
    fn narrows(&self, earlier: &MatchedBy) -> bool {
        !earlier.words.is_empty()
            && self.words.len() >= earlier.words.len()
            && self
                .words
                .iter()
                .zip(&earlier.words)
                .all(|(now, then)| now.contains(then.as_str()))
    }
}

/// Below this many candidates (for each post of the index), posts are
/// looked at one by one rather than all texts searched at once.
const FEW: usize = 8;

/// Posts scored in one piece of work (one core's share at a time).
const CHUNK: usize = 16 * 1024;

/// Fuzzy matches beyond this many are first scored greedily (see
/// [`FilterIndex::fuzzy`]).
const FUZZY_OPTIMAL: usize = 1024;

/// Exact matches score multiples of this: a word at the start of a word
/// of the title 4, elsewhere in the title 2, elsewhere 1.
const EXACT_UNIT: i64 = 100;

impl FilterIndex {
    pub fn new(site: &crate::content::Site) -> FilterIndex {
        let mut index = FilterIndex::default();
        index.reserve_exact(site.posts.len());
        index.extend(&site.posts);
        index
    }

    /// How many posts the index holds.
    pub fn len(&self) -> usize {
        self.titles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether [`FilterIndex::folded_title`] answers for each of the
    /// first `posts` posts.
    pub fn holds_titles(&self, posts: usize) -> bool {
        self.len() >= posts && !self.titles.full
    }

    /// Post `id`'s title folded (case and accents aside, a line break as
    /// a space): what [`crate::content::Site::by_title`] sorts by, held
    /// here end to end with the others. `None` past the texts' room (see
    /// [`Texts::push_within`]) or past the posts held.
    pub fn folded_title(&self, id: PostId) -> Option<&str> {
        if id >= self.len() || self.titles.full {
            return None;
        }
        Some(self.titles.get(id))
    }

    /// The index of `posts`, a site read again in part: the texts of each
    /// post kept as it was (`kept_from` gives its id in the site this
    /// index is of) are taken from here, the others are made.
    pub fn refreshed(&self, posts: &[Post], kept_from: &[Option<PostId>]) -> FilterIndex {
        let mut index = FilterIndex::default();
        index.reserve(posts.len(), self.titles.text.len(), self.rests.text.len());
        let kept = kept_from.iter().copied().chain(std::iter::repeat(None));
        for (post, from) in posts.iter().zip(kept) {
            match from.filter(|&id| id < self.len()) {
                Some(id) => {
                    let origin = self.origin_of(id).map(Box::from);
                    index.push(self.titles.get(id), self.rests.get(id), origin);
                }
                None => index.push_post(post),
            }
        }
        index
    }

    /// Makes room for `posts` more posts: the room for their texts is
    /// made as they arrive, from what the first took.
    pub fn reserve_exact(&mut self, posts: usize) {
        self.titles.ends.reserve_exact(posts);
        self.rests.ends.reserve_exact(posts);
        self.expected = self.len() + posts;
    }

    fn reserve(&mut self, posts: usize, title_bytes: usize, rest_bytes: usize) {
        self.titles.reserve_exact(posts, title_bytes);
        self.rests.reserve_exact(posts, rest_bytes);
    }

    /// Adds `posts`, the next posts of the site in order (posts arrive in
    /// batches while a site loads).
    pub fn extend(&mut self, posts: &[Post]) {
        posts.iter().for_each(|post| self.push_post(post));
    }

    fn push_post(&mut self, post: &Post) {
        let title = fold(&post.title);
        let mut rest = String::new();
        for part in post.authors.iter().chain(&post.tags) {
            rest.push(' ');
            fold_into(part, &mut rest);
        }
        rest.push(' ');
        fold_into(&post.display_path(), &mut rest);
        let identity = title.origin.iter().enumerate().all(|(i, &o)| i == o);
        let origin = (!identity).then(|| {
            title
                .origin
                .iter()
                .map(|&o| u32::try_from(o).unwrap_or(u32::MAX))
                .collect()
        });
        self.push(&title.text, &rest, origin);
    }

    fn push(&mut self, title: &str, rest: &str, origin: Option<Box<[u32]>>) {
        let then = self.expected.saturating_sub(self.len() + 1);
        self.titles.make_room(title.len(), then);
        self.rests.make_room(rest.len(), then);
        if let Some(origin) = origin {
            let entry = u32::try_from(self.len()).unwrap_or(u32::MAX);
            self.origins.push((entry, origin));
        }
        self.titles.push(title);
        self.rests.push(rest);
    }

    fn origin_of(&self, entry: usize) -> Option<&[u32]> {
        let entry = u32::try_from(entry).ok()?;
        let at = self
            .origins
            .binary_search_by_key(&entry, |(e, _)| *e)
            .ok()?;
        Some(&self.origins[at].1)
    }

    /// The posts among `candidates` (in their order) that match `query`:
    /// every word of the query must match the title or the rest, fuzzily.
    /// Best matches first, ties in the candidates' order; an empty query
    /// keeps every candidate in order.
    pub fn filter(&self, candidates: &[PostId], query: &str) -> (Vec<Match>, MatchedBy) {
        let by = MatchedBy::of(query);
        let matches = self.matches(candidates, &by.words);
        self.answer(matches, by, candidates)
    }

    /// [`FilterIndex::filter`] for `query`, knowing `earlier` (and how it
    /// was found), the answer for an earlier query over the same
    /// candidates: when the query only grew, only the posts it matched are
    /// looked at again.
    pub fn refine(
        &self,
        candidates: &[PostId],
        query: &str,
        earlier: &[Match],
        earlier_by: &MatchedBy,
    ) -> (Vec<Match>, MatchedBy) {
        let by = MatchedBy::of(query);
        if !by.narrows(earlier_by) {
            return self.filter(candidates, query);
        }
        let mut kept = vec![false; self.len()];
        for found in earlier {
            if let Some(kept) = kept.get_mut(found.id) {
                *kept = true;
            }
        }
        let within: Vec<PostId> = candidates
            .iter()
            .copied()
            .filter(|&id| kept.get(id).copied().unwrap_or(false))
            .collect();
        if earlier_by.fuzzy {
            // Nothing held the shorter words as written: nothing holds
            // these.
            let matches = self.fuzzy(&within, &by.words, candidates.len());
            return (matches, MatchedBy { fuzzy: true, ..by });
        }
        let matches = self.matches(&within, &by.words);
        self.answer(matches, by, candidates)
    }

    /// The exact matches among `candidates`.
    fn matches(&self, candidates: &[PostId], words: &[String]) -> Vec<Match> {
        if words.is_empty() {
            return candidates
                .iter()
                .map(|&id| Match { id, score: 0 })
                .collect();
        }
        self.exact(candidates, words)
    }

    /// Words found as written (accents and case aside) come first; only
    /// when nothing matches that way does the fuzzy matcher answer (over
    /// every candidate), so `ete` narrows the list to "été" instead of
    /// every title with an e, a t and an e in that order.
    fn answer(
        &self,
        exact: Vec<Match>,
        by: MatchedBy,
        candidates: &[PostId],
    ) -> (Vec<Match>, MatchedBy) {
        if !exact.is_empty() || by.words.is_empty() {
            return (exact, by);
        }
        let fuzzy = self.fuzzy(candidates, &by.words, candidates.len());
        (fuzzy, MatchedBy { fuzzy: true, ..by })
    }

    /// Posts where every word occurs as written (after folding), best
    /// first.
    fn exact(&self, candidates: &[PostId], words: &[String]) -> Vec<Match> {
        let finders: Vec<Finder<'_>> = words.iter().map(|w| Finder::new(w.as_bytes())).collect();
        let scores = if candidates.len() * FEW < self.len() {
            self.exact_one_by_one(candidates, &finders)
        } else {
            self.exact_all_at_once(&finders, CHUNK)
        };
        let matches: Vec<Match> = candidates
            .iter()
            .filter_map(|&id| {
                let score = *scores.get(id)?;
                (score > 0).then_some(Match {
                    id,
                    score: i64::from(score) * EXACT_UNIT,
                })
            })
            .collect();
        // Few scores (each word adds 1, 2 or 4): sorted by counting.
        best_first_by_counting(matches, 4 * words.len())
    }

    /// Each post's exact score in units (0 when a word is missing), every
    /// post's texts searched at once, word after word, `chunk` posts at a
    /// time on all cores.
    fn exact_all_at_once(&self, finders: &[Finder<'_>], chunk: usize) -> Vec<u32> {
        let mut scores = vec![0u32; self.len()];
        scores
            .par_chunks_mut(chunk)
            .enumerate()
            .for_each(|(number, scores)| {
                let first = number * chunk;
                let entries = first..first + scores.len();
                let mut found = vec![0u32; scores.len()];
                for (word, finder) in finders.iter().enumerate() {
                    found.fill(0);
                    self.titles
                        .each_holding(entries.clone(), finder, |entry, at| {
                            found[entry - first] = title_score(self.titles.get(entry), at);
                        });
                    self.rests
                        .each_holding(entries.clone(), finder, |entry, _| {
                            let found = &mut found[entry - first];
                            *found = (*found).max(1);
                        });
                    let mut alive = false;
                    for (score, found) in scores.iter_mut().zip(&found) {
                        // Missing a word, or an earlier one (left at 0).
                        *score = if *found == 0 || (word > 0 && *score == 0) {
                            0
                        } else {
                            alive = true;
                            *score + found
                        };
                    }
                    if !alive {
                        break;
                    }
                }
            });
        scores
    }

    /// [`FilterIndex::exact_all_at_once`] for a few candidates: each
    /// looked at alone.
    fn exact_one_by_one(&self, candidates: &[PostId], finders: &[Finder<'_>]) -> Vec<u32> {
        let mut scores = vec![0u32; self.len()];
        let scored: Vec<(PostId, u32)> = candidates
            .par_iter()
            .with_min_len(1024)
            .filter(|&&id| id < self.len())
            .filter_map(|&id| {
                let title = self.titles.get(id);
                let rest = self.rests.get(id);
                let mut score = 0;
                for finder in finders {
                    score += match finder.find(title.as_bytes()) {
                        Some(at) => title_score(title, at),
                        None => {
                            finder.find(rest.as_bytes())?;
                            1
                        }
                    };
                }
                Some((id, score))
            })
            .collect();
        for (id, score) in scored {
            scores[id] = score;
        }
        scores
    }

    /// Posts where every word matches fuzzily, best first. Where many
    /// match, all are scored by nucleo's quick greedy matching, and only
    /// the best [`FUZZY_OPTIMAL`] again by its optimal matching, which
    /// costs several times more (at 100,000 posts, 50 ms for all): the
    /// rows a reader looks at are ordered as well as they would be, and
    /// the optimal score is never below the greedy one, so none of them
    /// drops below a row further down.
    ///
    /// How many are scored greedily depends on `out_of`, the candidates
    /// of the whole query: a refined query is ordered as the whole one.
    fn fuzzy(&self, candidates: &[PostId], words: &[String], out_of: usize) -> Vec<Match> {
        let quickly = if out_of > FUZZY_OPTIMAL {
            Scoring::Greedy
        } else {
            Scoring::Optimal
        };
        let mut matches: Vec<(usize, Match)> = candidates
            .par_iter()
            .enumerate()
            .with_min_len(1024)
            .filter(|(_, id)| **id < self.len())
            .filter_map(|(order, &id)| {
                let score = self.fuzzy_score(id, words, quickly)?;
                Some((order, Match { id, score }))
            })
            .collect();
        let best_first = |(order_a, a): &(usize, Match), (order_b, b): &(usize, Match)| {
            b.score.cmp(&a.score).then(order_a.cmp(order_b))
        };
        matches.par_sort_unstable_by(best_first);
        if quickly == Scoring::Greedy {
            let best = matches.len().min(FUZZY_OPTIMAL);
            matches[..best].par_iter_mut().for_each(|(_, found)| {
                if let Some(score) = self.fuzzy_score(found.id, words, Scoring::Optimal) {
                    found.score = found.score.max(score);
                }
            });
            matches[..best].sort_unstable_by(best_first);
        }
        matches.into_iter().map(|(_, m)| m).collect()
    }

    /// Post `id`'s fuzzy score for `words`, if each of them matches its
    /// title or the rest.
    fn fuzzy_score(&self, id: PostId, words: &[String], scoring: Scoring) -> Option<i64> {
        let title = self.titles.get(id);
        let rest = self.rests.get(id);
        FUZZY.with_borrow_mut(|fuzzy| {
            let mut score = 0;
            for word in words {
                let in_title = holds_in_order(title, word);
                if !in_title && !holds_in_order(rest, word) {
                    return None;
                }
                match in_title
                    .then(|| fuzzy.score(title, word, scoring))
                    .flatten()
                {
                    // Matching the title counts for more than matching a tag.
                    Some(s) => score += s * 2,
                    None => score += fuzzy.score(rest, word, scoring)?,
                }
            }
            Some(score)
        })
    }

    /// The characters of post `id`'s title that `by` matched, in
    /// increasing order, as indices of the title's characters: what the
    /// list highlights, worked out for the rows it shows.
    pub fn highlights(&self, id: PostId, by: &MatchedBy) -> Vec<usize> {
        if id >= self.len() || by.words.is_empty() {
            return Vec::new();
        }
        let title = self.titles.get(id);
        let origin = self.origin_of(id);
        let chars = origin.map_or_else(|| title.chars().count(), <[u32]>::len);
        let to_title = |at: usize| origin.map_or(at, |o| o[at] as usize);
        let mut found = Vec::new();
        if by.fuzzy {
            FUZZY.with_borrow_mut(|fuzzy| {
                let mut indices = Vec::new();
                for word in &by.words {
                    indices.clear();
                    if fuzzy.indices(title, word, &mut indices).is_some() {
                        found.extend(
                            indices
                                .iter()
                                .map(|&i| i as usize)
                                .filter(|&i| i < chars)
                                .map(to_title),
                        );
                    }
                }
            });
        } else {
            for word in &by.words {
                if let Some(at) = memchr::memmem::find(title.as_bytes(), word.as_bytes()) {
                    let start = title[..at].chars().count();
                    let end = (start + word.chars().count()).min(chars);
                    found.extend((start..end).map(to_title));
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// What a word found at byte `at` of a folded title scores, in units: 4
/// at the start of one of its words, else 2.
fn title_score(title: &str, at: usize) -> u32 {
    // The characters that start a word are ASCII: the byte before is
    // enough (no byte of a longer character is ASCII).
    let word_start = at == 0 || matches!(title.as_bytes()[at - 1], b' ' | b'\'' | b'-');
    if word_start { 4 } else { 2 }
}

/// `matches` (in list order) ordered best first, ties in list order, for
/// scores of at most `most` units: one pass to count, one to place.
fn best_first_by_counting(matches: Vec<Match>, most: usize) -> Vec<Match> {
    let unit = |m: &Match| usize::try_from(m.score / EXACT_UNIT).unwrap_or(0).min(most);
    let mut starts = vec![0usize; most + 2];
    for found in &matches {
        // Best first: the highest score takes the first places.
        starts[most - unit(found) + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut sorted = vec![Match { id: 0, score: 0 }; matches.len()];
    for found in matches {
        let place = &mut starts[most - unit(&found)];
        sorted[*place] = found;
        *place += 1;
    }
    sorted
}

thread_local! {
    /// Each thread's matcher: its scratch memory (about 135 KB) is made
    /// once per thread, not once per key.
    static FUZZY: RefCell<Fuzzy> = RefCell::new(Fuzzy::new());
}

/// nucleo-matcher on folded text: words matched in order, with bonuses for
/// the start of the text and of its words, and for characters together.
struct Fuzzy {
    matcher: Matcher,
    /// The text and the word as characters, when they are not ASCII.
    text: Vec<char>,
    word: Vec<char>,
}

/// How the filter's fuzzy matcher is set (`benches/matchers.rs` weighs
/// it against others).
pub const FUZZY_CONFIG: Config = {
    let mut config = Config::DEFAULT;
    // Both sides are folded already: lower case, accents and ligatures
    // spelt out.
    config.ignore_case = false;
    config.normalize = false;
    // A match at the start of the title counts for more: with it the
    // post a reader abbreviates comes first as often as with
    // fuzzy-matcher, without it less often (`benches/matchers.rs`).
    config.prefer_prefix = true;
    config
};

impl Fuzzy {
    fn new() -> Fuzzy {
        Fuzzy {
            matcher: Matcher::new(FUZZY_CONFIG),
            text: Vec::new(),
            word: Vec::new(),
        }
    }

    /// `word`'s score in `text`, if every character of it is there in
    /// order.
    fn score(&mut self, text: &str, word: &str, scoring: Scoring) -> Option<i64> {
        let text = chars(text, &mut self.text);
        let word = chars(word, &mut self.word);
        match scoring {
            Scoring::Optimal => self.matcher.fuzzy_match(text, word),
            Scoring::Greedy => self.matcher.fuzzy_match_greedy(text, word),
        }
        .map(i64::from)
    }

    /// [`Fuzzy::score`], optimal, with the characters of `text` it matched
    /// in `indices` (indices of characters, not of graphemes: the text is
    /// given as characters).
    fn indices(&mut self, text: &str, word: &str, indices: &mut Vec<u32>) -> Option<i64> {
        let text = chars(text, &mut self.text);
        let word = chars(word, &mut self.word);
        self.matcher
            .fuzzy_indices(text, word, indices)
            .map(i64::from)
    }
}

/// How hard nucleo-matcher works for a score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scoring {
    /// The best alignment of the word in the text.
    Optimal,
    /// The first alignment found, improved a little: several times
    /// quicker, never more than the optimal score.
    Greedy,
}

/// `text` as nucleo-matcher reads it: its bytes when they are ASCII, else
/// its characters (copied into `buffer`).
fn chars<'t>(text: &'t str, buffer: &'t mut Vec<char>) -> Utf32Str<'t> {
    if text.is_ascii() {
        Utf32Str::Ascii(text.as_bytes())
    } else {
        buffer.clear();
        buffer.extend(text.chars());
        Utf32Str::Unicode(buffer)
    }
}

/// Whether every character of `word` occurs in `text`, in order: what a
/// fuzzy match needs, checked for a fraction of what scoring one costs.
fn holds_in_order(text: &str, word: &str) -> bool {
    let mut text = text.as_bytes();
    for &wanted in word.as_bytes() {
        match memchr::memchr(wanted, text) {
            Some(at) => text = &text[at + 1..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Site;

    fn site_with_titles(titles: &[&str]) -> (Site, Vec<PostId>) {
        let dir = tempfile::tempdir().expect("temp dir");
        for (i, title) in titles.iter().enumerate() {
            std::fs::write(
                dir.path().join(format!("p{i}.md")),
                format!("---\ntitle: \"{title}\"\ntags: [tag{i}]\n---\n"),
            )
            .expect("write");
        }
        let site =
            crate::content::load(&crate::content::Source::Directory(dir.path().to_path_buf()));
        let ids = (0..site.posts.len()).collect();
        (site, ids)
    }

    fn titles(site: &Site, found: &[Match]) -> Vec<String> {
        found
            .iter()
            .map(|m| site.posts[m.id].title.clone())
            .collect()
    }

    #[test]
    fn accents_and_case_are_folded_and_exact_words_win() {
        let (site, ids) =
            site_with_titles(&["L’été numérique", "Une tête de série", "Œuvres complètes"]);
        let index = FilterIndex::new(&site);
        let titles = |query: &str| titles(&site, &index.filter(&ids, query).0);
        // "été" starts a word; "tête" and "complètes" only hold the letters.
        assert_eq!(titles("ETE")[0], "L’été numérique");
        assert_eq!(titles("ETE").len(), 3);
        assert_eq!(titles("numerique"), ["L’été numérique"]);
        assert_eq!(titles("oeuvre"), ["Œuvres complètes"]);
        // No word matches as written: the fuzzy matcher answers.
        assert_eq!(titles("oeuvcompl"), ["Œuvres complètes"]);
        assert_eq!(titles("").len(), 3);
    }

    #[test]
    fn a_word_in_the_title_counts_for_more_than_in_a_tag_and_ties_keep_the_list_order() {
        let (site, _) = site_with_titles(&["Plain one", "The tag2 post", "Plain two", "tag2"]);
        let index = FilterIndex::new(&site);
        // Post 2 has the tag `tag2`; posts 1 and 3 hold it in their title,
        // post 3 at its start.
        let order = [0, 2, 1, 3];
        let (found, _) = index.filter(&order, "tag2");
        let ids: Vec<PostId> = found.iter().map(|m| m.id).collect();
        assert_eq!(ids, [1, 3, 2]);
        assert_eq!(
            found.iter().map(|m| m.score).collect::<Vec<_>>(),
            [400, 400, 100]
        );
    }

    #[test]
    fn highlights_point_at_the_original_characters() {
        let (site, ids) = site_with_titles(&["L’été numérique"]);
        let index = FilterIndex::new(&site);
        let (found, by) = index.filter(&ids, "ete");
        assert_eq!(index.highlights(found[0].id, &by), [2, 3, 4]);
    }

    #[test]
    fn highlights_survive_ligatures_and_combining_marks() {
        // "Œ" folds to two characters and the combining acute to none: the
        // title keeps a map back to its own characters.
        let (site, ids) = site_with_titles(&["Chef-d’Œuvre du cafe\u{301} noir"]);
        let index = FilterIndex::new(&site);
        let lit = |query: &str| {
            let (found, by) = index.filter(&ids, query);
            index.highlights(found[0].id, &by)
        };
        assert_eq!(lit("oeuvre"), [7, 8, 9, 10, 11]);
        assert_eq!(lit("noir"), [22, 23, 24, 25]);
        // Fuzzy matches map back the same way.
        assert_eq!(lit("oevr"), [7, 9, 10]);
    }

    /// Titles in several scripts and shapes, for the tests that compare
    /// ways of answering.
    const MIXED: &[&str] = &[
        "Digital government, in plain words",
        "Le gouvernement numérique",
        "Numérique et données ouvertes",
        "Government digital service",
        "Le service numérique canadien",
        "শিশুদের জন্য ডিজিটাল সেবা",
        "ڈیجیٹل حکومت کے بارے میں",
        "डिजिटल सेवाएँ",
        "デジタル政府の話",
        "Données: rien d’autre",
        "A line\\nbreak in a title",
        "",
        "dig dig dig",
    ];

    #[test]
    fn searching_every_post_at_once_answers_as_looking_at_each() {
        let (site, ids) = site_with_titles(MIXED);
        let index = FilterIndex::new(&site);
        // A few candidates are looked at one by one; all of them, at once.
        let few: Vec<PostId> = ids.iter().copied().rev().step_by(5).collect();
        for query in [
            "dig",
            "gov dig",
            "numerique",
            "e",
            "ডিজিটাল",
            "デジタル",
            "tag1",
            "line break",
            " a ",
        ] {
            let words: Vec<String> = MatchedBy::of(query).words;
            let finders: Vec<Finder<'_>> =
                words.iter().map(|w| Finder::new(w.as_bytes())).collect();
            let all = index.exact_all_at_once(&finders, CHUNK);
            let each = index.exact_one_by_one(&ids, &finders);
            assert_eq!(all, each, "{query:?}");
            // Pieces of work that end mid-way through the texts.
            for chunk in [1, 2, 3, 5] {
                assert_eq!(index.exact_all_at_once(&finders, chunk), each, "{query:?}");
            }
            assert!(all.iter().any(|&s| s > 0), "{query:?} matches something");
            let (found, _) = index.filter(&few, query);
            assert!(found.iter().all(|m| few.contains(&m.id)), "{query:?}");
        }
    }

    #[test]
    fn a_query_that_grew_is_refined_within_what_it_matched_to_the_same_answer() {
        let (site, ids) = site_with_titles(MIXED);
        let index = FilterIndex::new(&site);
        let order: Vec<PostId> = ids.iter().copied().rev().collect();
        for typed in [
            "digital gov",
            "numerique donnees",
            "dgtl gv",
            "ডিজিটাল",
            "tag1",
        ] {
            let (mut matches, mut by) = index.filter(&order, "");
            for end in (1..=typed.len()).filter(|&end| typed.is_char_boundary(end)) {
                let query = &typed[..end];
                let (refined, refined_by) = index.refine(&order, query, &matches, &by);
                let (whole, whole_by) = index.filter(&order, query);
                assert_eq!(refined, whole, "{query:?}");
                assert_eq!(refined_by, whole_by, "{query:?}");
                (matches, by) = (refined, refined_by);
            }
        }
        // A word taken back is not a narrowing: every post is looked at.
        let (found, by) = index.filter(&order, "dig gov");
        let (wider, _) = index.refine(&order, "dig", &found, &by);
        assert_eq!(wider, index.filter(&order, "dig").0);
        assert!(wider.len() > found.len());
    }

    #[test]
    fn many_fuzzy_matches_are_ordered_by_the_optimal_score_where_a_reader_looks() {
        let mut index = FilterIndex::default();
        let posts = 3 * FUZZY_OPTIMAL;
        for i in 0..posts {
            // Every title holds d, g, t, l in order, some much better.
            let title = match i % 3 {
                0 => format!("a dog, a tail and a leg {i}"),
                1 => format!("digital {i}"),
                _ => format!("dig it all {i}"),
            };
            index.push(&title, " tag", None);
        }
        let candidates: Vec<PostId> = (0..posts).rev().collect();
        let (found, by) = index.filter(&candidates, "dgtl");
        assert!(by.fuzzy);
        assert_eq!(found.len(), posts);
        let optimal = |id: PostId| {
            index
                .fuzzy_score(id, &by.words, Scoring::Optimal)
                .expect("matches")
        };
        let shown = &found[..FUZZY_OPTIMAL];
        for pair in shown.windows(2) {
            assert!(pair[0].score >= pair[1].score);
        }
        for found in shown {
            assert_eq!(found.score, optimal(found.id));
        }
        // The best are the best of all.
        let best = (0..posts).map(optimal).max().expect("posts");
        assert_eq!(found[0].score, best);
        // Refined, the same answer.
        let (fewer, fewer_by) = index.filter(&candidates, "dgt");
        assert_eq!(
            index.refine(&candidates, "dgtl", &fewer, &fewer_by).0,
            found
        );
    }

    #[test]
    fn a_refreshed_index_keeps_the_texts_of_the_posts_kept() {
        let (site, _) = site_with_titles(MIXED);
        let index = FilterIndex::new(&site);
        // Posts 1 and 2 swapped places, post 0 is new (its entry made).
        let kept = [None, Some(2), Some(1)];
        let posts = [
            site.posts[0].clone(),
            site.posts[2].clone(),
            site.posts[1].clone(),
        ];
        let refreshed = index.refreshed(&posts, &kept);
        let mut fresh = FilterIndex::default();
        fresh.extend(&posts);
        assert_eq!(refreshed.titles.text, fresh.titles.text);
        assert_eq!(refreshed.rests.text, fresh.rests.text);
        assert_eq!(refreshed.len(), 3);
    }

    #[test]
    fn texts_arriving_in_batches_take_little_more_room_than_they_need() {
        let titles: Vec<String> = (0..2000)
            .map(|i| format!("A title of middling length, number {i}"))
            .collect();
        let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
        let (site, _) = site_with_titles(&titles);
        let mut index = FilterIndex::default();
        index.reserve_exact(site.posts.len());
        for batch in site.posts.chunks(256) {
            index.extend(batch);
        }
        assert_eq!(index.len(), 2000);
        for texts in [&index.titles, &index.rests] {
            let (used, room) = (texts.text.len(), texts.text.capacity());
            assert!(
                room >= used && room <= used + used / 8,
                "{used} bytes in {room}"
            );
        }
    }

    #[test]
    fn texts_past_the_room_are_left_empty_and_the_rest_still_answers() {
        let mut texts = Texts::default();
        for text in ["digital", "a rather long title", "dig", "", "digit"] {
            texts.push_within(text, 14);
        }
        assert_eq!(texts.len(), 5);
        assert_eq!(texts.get(0), "digital");
        assert_eq!(texts.get(1), "");
        assert_eq!(texts.get(2), "", "no room left, for any text after");
        assert_eq!(texts.get(4), "");
        let mut found = Vec::new();
        texts.each_holding(0..5, &Finder::new("dig"), |entry, at| {
            found.push((entry, at))
        });
        assert_eq!(found, [(0, 0)]);
        texts.each_holding(3..5, &Finder::new("dig"), |_, _| panic!("nothing there"));
    }

    #[test]
    fn a_line_break_in_a_title_is_a_space() {
        let (site, ids) = site_with_titles(&["A line\\nbreak"]);
        let index = FilterIndex::new(&site);
        assert_eq!(index.filter(&ids, "line break").0.len(), 1);
        assert_eq!(index.titles.get(0), "a line break");
    }

    #[test]
    fn a_fuzzy_match_needs_every_character_in_order() {
        assert!(holds_in_order("strategie numerique", "stnum"));
        assert!(holds_in_order("abc", ""));
        assert!(!holds_in_order("strategie numerique", "numstr"));
        assert!(!holds_in_order("ete", "etee"));
        // Bytes of a character written in full are still found in order.
        assert!(holds_in_order("à la carte", "àc"));
        assert!(!holds_in_order("la carte", "à"));
    }
}
