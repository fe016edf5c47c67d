//! Finding posts: the list filter (fuzzy, over titles, authors, tags and
//! paths) and, in [`site`], full-text search of titles and bodies; both
//! with case and accents folded, so `numerique` finds "numérique", `ETE`
//! finds "été" and `oeuvre` finds "œuvre".

pub mod background;
pub mod plain_text;
mod postings;
pub mod site;

use crate::content::{PostId, Site};
pub use crate::text::{Folded, fold, fold_into};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use std::cell::RefCell;

/// What the filter searches in one post, folded once at load. A site of
/// 100,000 posts holds 100,000 of these: one allocation each, and the map
/// back to the title's characters only for the few titles that need one.
#[derive(Debug, Clone)]
struct Entry {
    /// The title folded, then authors, tags and path, folded.
    text: Box<str>,
    title_len: u32,
    /// For each character of the folded title, the title's character it
    /// came from; empty when that is its own index (no ligature spelled
    /// out, no combining mark dropped): nearly every title.
    title_origin: Box<[u32]>,
}

impl Entry {
    fn new(post: &crate::content::Post) -> Entry {
        let title = fold(&post.title);
        let mut text = title.text;
        let title_len = u32::try_from(text.len()).unwrap_or(u32::MAX);
        for part in post.authors.iter().chain(&post.tags) {
            text.push(' ');
            fold_into(part, &mut text);
        }
        text.push(' ');
        fold_into(&post.display_path(), &mut text);
        let identity = title.origin.iter().enumerate().all(|(i, &o)| i == o);
        let title_origin = if identity {
            Box::default()
        } else {
            title
                .origin
                .iter()
                .map(|&o| u32::try_from(o).unwrap_or(u32::MAX))
                .collect()
        };
        Entry {
            text: text.into_boxed_str(),
            title_len,
            title_origin,
        }
    }

    fn title(&self) -> &str {
        &self.text[..self.title_len as usize]
    }

    /// Authors, tags and path.
    fn rest(&self) -> &str {
        &self.text[self.title_len as usize..]
    }

    /// How many characters the folded title has.
    fn title_chars(&self) -> usize {
        if self.title_origin.is_empty() {
            self.title().chars().count()
        } else {
            self.title_origin.len()
        }
    }

    /// The title's character that folded character `at` came from.
    fn origin(&self, at: usize) -> usize {
        if self.title_origin.is_empty() {
            at
        } else {
            self.title_origin[at] as usize
        }
    }
}

/// The filter's view of a site.
#[derive(Debug, Clone, Default)]
pub struct FilterIndex {
    entries: Vec<Entry>,
}

/// How many of the best fuzzy matches have their title's matched
/// characters worked out.
const FUZZY_HIGHLIGHTED: usize = 256;

/// A post that matches the filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub id: PostId,
    pub score: i64,
    /// Indices of the title's characters that matched, for highlighting
    /// (for fuzzy matches, only the first [`FUZZY_HIGHLIGHTED`] have them).
    pub title_chars: Vec<usize>,
}

impl FilterIndex {
    pub fn new(site: &Site) -> FilterIndex {
        let mut index = FilterIndex::default();
        index.extend(&site.posts);
        index
    }

    /// The index of `posts`, a site read again in part: the entry of each
    /// post kept as it was (`kept_from` gives its id in the site this
    /// index is of) is taken from here, the others are made.
    pub fn refreshed(
        &self,
        posts: &[crate::content::Post],
        kept_from: &[Option<crate::content::PostId>],
    ) -> FilterIndex {
        let entries = posts
            .iter()
            .zip(kept_from.iter().copied().chain(std::iter::repeat(None)))
            .map(|(post, from)| {
                from.and_then(|id| self.entries.get(id).cloned())
                    .unwrap_or_else(|| Entry::new(post))
            })
            .collect();
        FilterIndex { entries }
    }

    /// Makes room for `posts` more posts.
    pub fn reserve_exact(&mut self, posts: usize) {
        self.entries.reserve_exact(posts);
    }

    /// Adds `posts`, the next posts of the site in order (posts arrive in
    /// batches while a site loads).
    pub fn extend(&mut self, posts: &[crate::content::Post]) {
        self.entries.extend(posts.iter().map(Entry::new));
    }

    /// The posts among `candidates` (in their order) that match `query`:
    /// every word of the query must match the title or the rest, fuzzily.
    /// Best matches first; an empty query keeps every candidate in order.
    pub fn filter(&self, candidates: &[PostId], query: &str) -> Vec<Match> {
        let words: Vec<String> = fold(query)
            .text
            .split_whitespace()
            .map(str::to_string)
            .collect();
        if words.is_empty() {
            return candidates
                .iter()
                .map(|&id| Match {
                    id,
                    score: 0,
                    title_chars: Vec::new(),
                })
                .collect();
        }
        // Words found as written (accents and case aside) come first; only
        // when nothing matches that way does the fuzzy matcher answer, so
        // `ete` narrows the list to "été" instead of every title with an e,
        // a t and an e in that order.
        let exact = self.exact(candidates, &words);
        if !exact.is_empty() {
            return exact;
        }
        self.fuzzy(candidates, &words)
    }

    /// Posts where every word occurs as written (after folding).
    fn exact(&self, candidates: &[PostId], words: &[String]) -> Vec<Match> {
        use memchr::memmem::Finder;
        let finders: Vec<Finder<'_>> = words.iter().map(|w| Finder::new(w.as_bytes())).collect();
        self.rank(candidates, |entry| {
            let title = entry.title();
            let mut score = 0;
            let mut title_chars = Vec::new();
            for (word, finder) in words.iter().zip(&finders) {
                if let Some(at) = finder.find(title.as_bytes()) {
                    let word_start = at == 0 || title[..at].ends_with([' ', '\'', '-']);
                    score += if word_start { 400 } else { 200 };
                    let start = title[..at].chars().count();
                    let end = (start + word.chars().count()).min(entry.title_chars());
                    title_chars.extend((start..end).map(|at| entry.origin(at)));
                } else if finder.find(entry.rest().as_bytes()).is_some() {
                    score += 100;
                } else {
                    return None;
                }
            }
            Some((score, title_chars))
        })
    }

    /// Posts where every word matches fuzzily.
    fn fuzzy(&self, candidates: &[PostId], words: &[String]) -> Vec<Match> {
        let mut matches = self.rank(candidates, |entry| {
            FUZZY.with_borrow_mut(|fuzzy| {
                let mut score = 0;
                for word in words {
                    let in_title = holds_in_order(entry.title(), word);
                    if !in_title && !holds_in_order(entry.rest(), word) {
                        return None;
                    }
                    match in_title
                        .then(|| fuzzy.score(entry.title(), word, None))
                        .flatten()
                    {
                        // Matching the title counts for more than matching a tag.
                        Some(s) => score += s * 2,
                        None => score += fuzzy.score(entry.rest(), word, None)?,
                    }
                }
                Some((score, Vec::new()))
            })
        });
        // Where each word fell costs as much again to find: only for the
        // matches a screen can show without scrolling far.
        FUZZY.with_borrow_mut(|fuzzy| {
            let mut indices = Vec::new();
            for found in matches.iter_mut().take(FUZZY_HIGHLIGHTED) {
                let Some(entry) = self.entries.get(found.id) else {
                    continue;
                };
                let chars = entry.title_chars();
                for word in words {
                    indices.clear();
                    if fuzzy
                        .score(entry.title(), word, Some(&mut indices))
                        .is_some()
                    {
                        found.title_chars.extend(
                            indices
                                .iter()
                                .map(|&i| i as usize)
                                .filter(|&i| i < chars)
                                .map(|i| entry.origin(i)),
                        );
                    }
                }
                found.title_chars.sort_unstable();
                found.title_chars.dedup();
            }
        });
        matches
    }

    /// Scores every candidate on all cores (a keystroke must not wait) and
    /// orders the matches best first, ties in list order.
    fn rank(
        &self,
        candidates: &[PostId],
        score: impl Fn(&Entry) -> Option<(i64, Vec<usize>)> + Sync,
    ) -> Vec<Match> {
        use rayon::prelude::*;
        let mut matches: Vec<(usize, Match)> = candidates
            .par_iter()
            .enumerate()
            .with_min_len(4096)
            .filter_map(|(order, &id)| {
                let (score, mut title_chars) = score(self.entries.get(id)?)?;
                title_chars.sort_unstable();
                title_chars.dedup();
                Some((
                    order,
                    Match {
                        id,
                        score,
                        title_chars,
                    },
                ))
            })
            .collect();
        matches.par_sort_unstable_by(|(order_a, a), (order_b, b)| {
            b.score.cmp(&a.score).then(order_a.cmp(order_b))
        });
        matches.into_iter().map(|(_, m)| m).collect()
    }
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

impl Fuzzy {
    fn new() -> Fuzzy {
        let mut config = Config::DEFAULT;
        // Both sides are folded already: lower case, accents and
        // ligatures spelt out.
        config.ignore_case = false;
        config.normalize = false;
        // A match at the start of the title counts for more: with it the
        // post a reader abbreviates comes first as often as with
        // fuzzy-matcher, without it less often (`benches/matchers.rs`).
        config.prefer_prefix = true;
        Fuzzy {
            matcher: Matcher::new(config),
            text: Vec::new(),
            word: Vec::new(),
        }
    }

    /// `word`'s score in `text`, if every character of it is there in
    /// order; with `indices`, the characters of `text` it matched (indices
    /// of characters, not of graphemes: the text is given as characters).
    fn score(&mut self, text: &str, word: &str, indices: Option<&mut Vec<u32>>) -> Option<i64> {
        let text = chars(text, &mut self.text);
        let word = chars(word, &mut self.word);
        match indices {
            None => self.matcher.fuzzy_match(text, word),
            Some(indices) => self.matcher.fuzzy_indices(text, word, indices),
        }
        .map(i64::from)
    }
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

/// The `#tag` words of a filter, folded and without their `#`, and the
/// rest of the filter.
pub fn split_tags(filter: &str) -> (Vec<String>, String) {
    let mut tags = Vec::new();
    let mut words = Vec::new();
    for word in filter.split_whitespace() {
        match word.strip_prefix('#') {
            Some(tag) if !tag.is_empty() => tags.push(fold(tag).text),
            Some(_) => {}
            None => words.push(word),
        }
    }
    (tags, words.join(" "))
}

/// The `lang:` word of a filter (`lang:fr`, `lang:any`; the last one
/// counts), and the filter without it.
pub fn split_lang(filter: &str) -> (Option<String>, String) {
    let mut lang = None;
    let mut rest = Vec::new();
    for word in filter.split_whitespace() {
        match word.strip_prefix("lang:") {
            Some(code) if !code.is_empty() => lang = Some(code.to_ascii_lowercase()),
            // `lang:` alone, while the code is being typed, changes nothing.
            Some(_) => {}
            None => rest.push(word),
        }
    }
    (lang, rest.join(" "))
}

/// Whether a `lang:` word asks for every language.
pub fn means_every_language(word: &str) -> bool {
    matches!(word, "any" | "all" | "*" | "tout" | "toutes")
}

/// Whether `post` has, for each of `tags` (folded), a tag or category
/// starting with it: `#numer` finds `numérique` while it is typed.
pub fn has_tags(post: &crate::content::Post, tags: &[String]) -> bool {
    tags.iter().all(|wanted| {
        post.tags
            .iter()
            .chain(&post.categories)
            .any(|tag| fold(tag).text.starts_with(wanted.as_str()))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn hash_words_are_tags() {
        let (tags, rest) = split_tags("#Numérique plan #  #ai lang");
        assert_eq!(tags, ["numerique", "ai"]);
        assert_eq!(rest, "plan lang");
    }

    use super::*;

    fn site_with_titles(titles: &[&str]) -> (Site, Vec<PostId>) {
        let dir = tempfile::tempdir().expect("temp dir");
        for (i, title) in titles.iter().enumerate() {
            std::fs::write(
                dir.path().join(format!("p{i}.md")),
                format!("---\ntitle: \"{title}\"\n---\n"),
            )
            .expect("write");
        }
        let site =
            crate::content::load(&crate::content::Source::Directory(dir.path().to_path_buf()));
        let ids = (0..site.posts.len()).collect();
        (site, ids)
    }

    #[test]
    fn accents_and_case_are_folded_and_exact_words_win() {
        let (site, ids) =
            site_with_titles(&["L’été numérique", "Une tête de série", "Œuvres complètes"]);
        let index = FilterIndex::new(&site);
        let titles = |query: &str| -> Vec<String> {
            index
                .filter(&ids, query)
                .iter()
                .map(|m| site.posts[m.id].title.clone())
                .collect()
        };
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
    fn highlights_point_at_the_original_characters() {
        let (site, ids) = site_with_titles(&["L’été numérique"]);
        let found = FilterIndex::new(&site).filter(&ids, "ete");
        assert_eq!(found[0].title_chars, [2, 3, 4]);
    }

    #[test]
    fn highlights_survive_ligatures_and_combining_marks() {
        // "Œ" folds to two characters and the combining acute to none: the
        // title keeps a map back to its own characters.
        let (site, ids) = site_with_titles(&["Chef-d’Œuvre du cafe\u{301} noir"]);
        let index = FilterIndex::new(&site);
        assert_eq!(
            index.filter(&ids, "oeuvre")[0].title_chars,
            [7, 8, 9, 10, 11]
        );
        assert_eq!(index.filter(&ids, "noir")[0].title_chars, [22, 23, 24, 25]);
        // Fuzzy matches map back the same way.
        assert_eq!(index.filter(&ids, "oevr")[0].title_chars, [7, 9, 10]);
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
