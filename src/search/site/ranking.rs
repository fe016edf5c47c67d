//! Running a query: the posts holding every word, from the index, scored
//! with BM25 plus a bonus for words in the title; the best of them read
//! again for their phrases, proximity and snippet; the hits ordered, and
//! their total counted or, for phrases past the budget, extrapolated.

use super::SiteIndex;
use super::query::{Occurrence, Query, QueryPart, highlights, narrowest_window};
use super::snippet::{Snippet, snippet};
use super::terms::Term;
use crate::content::{Lang, PostId, Site};
use crate::search::plain_text::plain_text;
use crate::search::postings::Entry;
use rayon::prelude::*;
use std::ops::Range;

/// How many hits a search returns unless told otherwise.
pub const DEFAULT_LIMIT: usize = 200;
/// A phrase query with more candidates than this checks them for the
/// phrase best first, until it has enough hits or has checked this many,
/// and extrapolates the total.
pub const PHRASE_BUDGET: usize = 1000;
/// Candidates looked at beyond the limit, so proximity can reorder them.
const RERANK_MARGIN: usize = 50;
/// BM25's usual parameters.
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// A word in the title counts this many times its rarity (idf).
const TITLE_WEIGHT: f32 = 1.5;
/// Words next to each other add up to this many times their summed rarity.
const PROXIMITY_WEIGHT: f32 = 0.5;

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
    /// [`Post::title`](crate::content::Post::title).
    pub title_highlights: Vec<Range<usize>>,
    /// A line of the body around the best match (the opening line when
    /// only the title matches).
    pub snippet: Snippet,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::site::testing::*;
    use rstest::rstest;

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
