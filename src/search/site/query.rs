//! A query to the site search: its words and quoted phrases, parsed and
//! folded, and where they occur in a text (words, phrases in a row, the
//! narrowest run of words holding them all). The index looks its words
//! up; ranking and snippets read the occurrences found here.

use crate::search::plain_text::{WordAt, for_each_word};
use std::ops::Range;

/// Words of a query beyond this many are ignored.
const MAX_QUERY_WORDS: usize = 16;
/// The last word is a prefix (while typing) only from this many characters.
const MIN_PREFIX_CHARS: usize = 2;

/// One part of a query: a word, or a phrase whose words must follow each
/// other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryPart {
    /// Folded (see [`crate::search::fold`]); more than one for a phrase.
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
    pub(super) parts: Vec<QueryPart>,
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
    pub(super) fn hits_in(&self, text: &str, buffer: &mut String) -> Vec<Hit> {
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
    pub(super) fn occurrences(&self, hits: &[Hit]) -> Vec<Occurrence> {
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
pub(super) struct Hit {
    pub(super) at: WordAt,
    /// Bit `n` set when the word matches the query's `n`th word (counting
    /// the words of every part in order).
    slots: u32,
}

/// One occurrence of a part of the query in a text.
#[derive(Debug, Clone)]
pub(super) struct Occurrence {
    pub(super) part: usize,
    /// Indices into the hits.
    hits: Range<usize>,
    /// Word positions of its first and last word.
    first: u32,
    last: u32,
    pub(super) line: u32,
}

/// Byte ranges, relative to `within.start`, of the hits that belong to an
/// occurrence and lie inside `within`.
pub(super) fn highlights(
    hits: &[Hit],
    occurrences: &[Occurrence],
    within: Range<usize>,
) -> Vec<Range<usize>> {
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
pub(super) fn narrowest_window(occurrences: &[Occurrence]) -> Option<(usize, u32, u32)> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn words(part: &QueryPart) -> Vec<&str> {
        part.words.iter().map(String::as_str).collect()
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
}
