//! Full-text search: `liseuse search` on the embedded sample and on small
//! sites written here, and the search engine on the real corpus checked
//! against a brute-force scan of every post.
//!
//! The corpus is `$LISEUSE_CORPUS/digital-canada-ca` (default
//! `../shared/corpus` next to the repository). When it is missing the
//! corpus tests FAIL: CI must never go green without it.
//!
//! The brute-force scan shares only the text extraction with the engine
//! ([`plain_text`], tested on its own): it folds each post's title and text
//! with [`fold`], cuts it into words at every character that is not a
//! letter or a digit, and looks for the words and phrases one by one.

use assert_cmd::Command;
use liseuse::content::{self, Lang, Site};
use liseuse::search::fold;
use liseuse::search::plain_text::plain_text;
use liseuse::search::site::{Query, SearchResults, SiteIndex};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;
use std::time::Duration;

// ---------------------------------------------------------------- helpers

fn run(args: &[&str]) -> Output {
    Command::cargo_bin("liseuse")
        .expect("the liseuse binary is built")
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .expect("liseuse runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

/// Runs `search --json …`, checks the exit code, returns the array.
fn search_json(args: &[&str], code: i32) -> Vec<Value> {
    let mut all = vec!["search", "--json"];
    all.extend_from_slice(args);
    let output = run(&all);
    assert_eq!(
        output.status.code(),
        Some(code),
        "liseuse {all:?}; stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    match serde_json::from_slice(&output.stdout) {
        Ok(Value::Array(hits)) => hits,
        other => panic!("liseuse {all:?} prints a JSON array, got {other:?}"),
    }
}

fn text<'a>(hit: &'a Value, key: &str) -> &'a str {
    hit[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is a string in {hit:#}"))
}

/// The highlighted pieces of a JSON hit's snippet, checked to be in bounds.
fn highlighted(hit: &Value) -> Vec<String> {
    let snippet = text(hit, "snippet");
    hit["highlights"]
        .as_array()
        .expect("highlights")
        .iter()
        .map(|range| {
            let (start, end) = (
                range[0].as_u64().expect("start") as usize,
                range[1].as_u64().expect("end") as usize,
            );
            let piece = snippet
                .get(start..end)
                .unwrap_or_else(|| panic!("{start}..{end} is a range of {snippet:?}"));
            piece.to_string()
        })
        .collect()
}

/// Folded words, cut at anything but letters and digits.
fn folded_words(text: &str) -> Vec<String> {
    fold(text)
        .text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether `words` holds `phrase` (folded words) in a row.
fn holds(words: &[String], phrase: &[&str]) -> bool {
    words
        .windows(phrase.len())
        .any(|w| w.iter().zip(phrase).all(|(a, b)| a == b))
}

// ----------------------------------------------------- the sample, CLI

#[test]
fn sample_plain_output_puts_the_title_match_first() {
    let output = run(&["search", "plain language"]);
    assert_eq!(output.status.code(), Some(0));
    let printed = stdout(&output);
    let blocks: Vec<&str> = printed.split("\n\n").collect();
    assert_eq!(blocks.len(), 4, "{printed}");
    let first: Vec<&str> = blocks[0].lines().collect();
    assert_eq!(first[0], "Plain language: what’s in a word?");
    assert!(first[1].contains("en") && first[1].contains("2023-11-20"));
    assert!(first[1].ends_with("content/en/blog/posts/plain-language-whats-in-a-word.md"));
    assert_eq!(
        first[2],
        "  Plain language is not about short words. It is about being understood the first time."
    );
}

#[test]
fn sample_json_is_an_array_with_highlights_on_the_words() {
    let hits = search_json(&["\"plain language\""], 0);
    let titles: Vec<&str> = hits.iter().map(|h| text(h, "title")).collect();
    assert_eq!(
        titles,
        [
            "Plain language: what’s in a word?",
            "Plain questions & short forms",
            "Reading our own site offline",
        ]
    );
    assert_eq!(hits[0]["titleMatch"], true);
    assert_eq!(hits[1]["titleMatch"], false);
    for hit in &hits {
        for key in ["path", "lang", "title", "url", "snippet"] {
            assert!(hit[key].is_string(), "{key} in {hit:#}");
        }
        assert!(hit["score"].is_number() && hit["date"].is_string());
        assert!(text(hit, "address").starts_with("https://workshop.example.ca/"));
        let pieces: Vec<String> = highlighted(hit).iter().map(|p| fold(p).text).collect();
        assert!(pieces.len() >= 2, "{hit:#}");
        assert!(
            pieces.iter().all(|p| p == "plain" || p == "language"),
            "{pieces:?}"
        );
    }
}

#[test]
fn sample_french_accents_are_folded_and_the_language_filters() {
    let hits = search_json(&["montreal", "--lang", "fr"], 0);
    let paths: BTreeSet<&str> = hits.iter().map(|h| text(h, "path")).collect();
    assert_eq!(
        paths,
        BTreeSet::from([
            "content/fr/blog/posts/des-tableaux-accessibles.md",
            "content/fr/blog/posts/du-texte-dans-toutes-les-ecritures.md",
        ])
    );
    for hit in &hits {
        assert_eq!(hit["lang"], "fr");
        assert!(highlighted(hit).iter().all(|p| fold(p).text == "montreal"));
    }
    // Without a language, the English posts come too.
    let both = search_json(&["MONTRÉAL"], 0);
    let languages: BTreeSet<&str> = both.iter().map(|h| text(h, "lang")).collect();
    assert_eq!(languages, BTreeSet::from(["en", "fr"]));
    assert_eq!(both.len(), 4);
}

#[test]
fn sample_markup_is_not_searched() {
    // `class` and `src` are only ever attributes in the sample.
    for query in ["class", "src", "gcds"] {
        assert_eq!(search_json(&[query], 1), Vec::<Value>::new(), "{query}");
    }
}

#[test]
fn nothing_found_exits_1_and_an_empty_query_2() {
    let output = run(&["search", "xylophone"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no post matches xylophone"));
    assert_eq!(search_json(&["xylophone"], 1), Vec::<Value>::new());
    for empty in ["", "\"\"", " -- "] {
        let output = run(&["search", empty]);
        assert_eq!(output.status.code(), Some(2), "{empty:?}");
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn the_limit_caps_the_hits_and_says_how_many_match() {
    let output = run(&["search", "the", "--limit", "2"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output).split("\n\n").count(), 2);
    let note = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        note.starts_with("2 of ") && note.contains("matching posts shown"),
        "{note}"
    );
}

#[test]
fn control_characters_in_content_never_reach_the_terminal() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let post = "---\ntitle: \"Evil \\e[2J title offline\"\n---\nBefore \u{1b}]0;pwned\u{7} the offline \u{202e}word.\n";
    std::fs::write(dir.path().join("evil.md"), post).expect("write fixture");
    let site = dir.path().to_str().expect("UTF-8 path");
    let output = run(&["search", "offline", site]);
    assert_eq!(output.status.code(), Some(0));
    let printed = stdout(&output);
    assert!(
        !printed
            .chars()
            .any(|c| liseuse::text::is_unsafe_for_terminal(c) && c != '\n'),
        "{printed:?}"
    );
    assert!(printed.contains("the offline"), "{printed}");
}

/// Real sites name files after their titles, colon and curly apostrophe
/// included. The sample cannot (a crate must unpack on every file system),
/// so such a site is written here: it is found, listed and shown, its
/// path printed as it is on disk.
#[cfg(unix)]
#[test]
fn a_file_named_with_a_colon_is_found_and_printed_byte_exact() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let name = "plain-language:-what’s-in-a-word.md";
    std::fs::write(
        dir.path().join(name),
        "---\ntitle: \"Plain language: what’s in a word?\"\ndate: 2023-11-20\n---\nBeing understood the first time.\n",
    )
    .expect("write fixture");
    let site = dir.path().to_str().expect("UTF-8 path");
    let output = run(&["search", "plain language", site]);
    assert_eq!(output.status.code(), Some(0));
    let printed = stdout(&output);
    assert!(printed.contains(name), "{printed}");
    let listed = run(&["list", site, "--format", "{path}\t{url}"]);
    let listed = stdout(&listed);
    assert!(listed.starts_with(name), "{listed}");
    let shown = run(&["show", name, site, "--width", "60"]);
    assert_eq!(shown.status.code(), Some(0));
    assert!(stdout(&shown).contains("Being understood"));
}

// ------------------------------------------------------ the real corpus

/// The corpus site directory; panics (the test fails) when it is missing.
fn corpus_site() -> PathBuf {
    let dir = std::env::var_os("LISEUSE_CORPUS").map_or_else(
        || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus")),
        PathBuf::from,
    );
    let site = dir.join("digital-canada-ca");
    assert!(
        site.is_dir(),
        "the real corpus is missing: expected {} (set LISEUSE_CORPUS to the directory holding it)",
        site.display()
    );
    site
}

/// The corpus loaded once, its index, and every post's folded words
/// (title, then text), for the brute-force scan.
struct Corpus {
    site: Site,
    index: SiteIndex,
    words: Vec<(Vec<String>, Vec<String>)>,
}

fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let site = content::load::load_path(&corpus_site()).expect("the corpus loads");
        let index = SiteIndex::build(&site);
        let words = site
            .posts
            .iter()
            .map(|p| (folded_words(&p.title), folded_words(&plain_text(p))))
            .collect();
        Corpus { site, index, words }
    })
}

/// Posts (in `lang` when given) whose title or text holds every one of
/// `parts` (each folded words, a phrase when several), by brute force.
fn brute_force(corpus: &Corpus, parts: &[&str], lang: Option<&str>) -> BTreeSet<usize> {
    let parts: Vec<Vec<&str>> = parts.iter().map(|p| p.split(' ').collect()).collect();
    (0..corpus.site.posts.len())
        .filter(|&id| lang.is_none_or(|l| corpus.site.posts[id].lang.as_str() == l))
        .filter(|&id| {
            let (title, body) = &corpus.words[id];
            parts.iter().all(|p| holds(title, p) || holds(body, p))
        })
        .collect()
}

fn search(corpus: &Corpus, query: &str, lang: Option<&str>) -> SearchResults {
    let lang = lang.map(Lang::new);
    corpus
        .index
        .search(&corpus.site, &Query::parse(query), lang.as_ref(), 10_000)
}

fn ids(results: &SearchResults) -> BTreeSet<usize> {
    results.hits.iter().map(|h| h.id).collect()
}

#[test]
fn corpus_searches_agree_with_a_brute_force_scan() {
    let corpus = corpus();
    // (query, its parts folded, language)
    let cases: &[(&str, &[&str], Option<&str>)] = &[
        ("design", &["design"], None),
        ("service design", &["service", "design"], None),
        ("\"plain language\"", &["plain language"], None),
        ("\"langage clair\"", &["langage clair"], Some("fr")),
        ("numérique", &["numerique"], Some("fr")),
        ("Notify équipe", &["notify", "equipe"], None),
        ("l’équipe", &["l equipe"], Some("fr")),
        ("blockchain", &["blockchain"], None),
    ];
    for &(query, parts, lang) in cases {
        let results = search(corpus, query, lang);
        let expected = brute_force(corpus, parts, lang);
        assert!(!expected.is_empty(), "{query}: the corpus has matches");
        assert!(results.exact, "{query}");
        assert_eq!(results.total, expected.len(), "{query}");
        assert_eq!(ids(&results), expected, "{query}");
    }
}

#[test]
fn corpus_accented_french_query_finds_french_posts_however_typed() {
    let corpus = corpus();
    let french = search(corpus, "numérique", Some("fr"));
    assert!(french.total >= 100, "{} French posts", french.total);
    for typed in ["numerique", "NUMÉRIQUE", "Numerique"] {
        assert_eq!(
            ids(&search(corpus, typed, Some("fr"))),
            ids(&french),
            "{typed}"
        );
    }
    // The snippets show the word as written, accent and all.
    for hit in &french.hits {
        for range in &hit.snippet.highlights {
            let word = &hit.snippet.text[range.clone()];
            assert_eq!(fold(word).text, "numerique", "{:?}", hit.snippet);
        }
    }
}

#[test]
fn corpus_phrase_hits_all_hold_the_phrase() {
    let corpus = corpus();
    let phrase = search(corpus, "\"plain language\"", None);
    let loose = search(corpus, "plain language", None);
    assert!(phrase.total >= 10, "{}", phrase.total);
    assert!(
        loose.total > phrase.total,
        "{} > {}",
        loose.total,
        phrase.total
    );
    for hit in &phrase.hits {
        let (title, body) = &corpus.words[hit.id];
        assert!(
            holds(title, &["plain", "language"]) || holds(body, &["plain", "language"]),
            "{}",
            corpus.site.posts[hit.id].display_path()
        );
        if !hit.title_match {
            let pieces: Vec<String> = hit
                .snippet
                .highlights
                .iter()
                .map(|r| fold(&hit.snippet.text[r.clone()]).text)
                .collect();
            assert!(
                pieces.windows(2).any(|w| w == ["plain", "language"]),
                "{:?}",
                hit.snippet
            );
        }
    }
}

#[test]
fn corpus_results_come_in_both_languages_without_a_filter() {
    let corpus = corpus();
    for query in ["notify", "design", "covid"] {
        let results = search(corpus, query, None);
        let languages: BTreeSet<&str> = results
            .hits
            .iter()
            .map(|h| corpus.site.posts[h.id].lang.as_str())
            .collect();
        assert_eq!(languages, BTreeSet::from(["en", "fr"]), "{query}");
    }
}

#[test]
fn corpus_markup_is_not_searched() {
    let corpus = corpus();
    // Every post of the corpus has HTML or links; few say these words.
    for (query, word) in [("href", "href"), ("div", "div"), ("https", "https")] {
        let results = search(corpus, query, None);
        assert_eq!(ids(&results), brute_force(corpus, &[word], None), "{query}");
        assert!(
            results.total < corpus.site.posts.len() / 10,
            "{query}: {} posts",
            results.total
        );
    }
}

#[test]
fn corpus_snippets_are_one_short_safe_line() {
    let corpus = corpus();
    for query in [
        "design",
        "service design",
        "numérique",
        "\"plain language\"",
    ] {
        for hit in &search(corpus, query, None).hits {
            let snippet = &hit.snippet;
            assert!(!snippet.text.contains('\n'));
            assert!(
                snippet.text.trim_matches('…').chars().count() <= 160,
                "{snippet:?}"
            );
            assert!(
                !snippet
                    .text
                    .chars()
                    .any(liseuse::text::is_unsafe_for_terminal)
            );
            for range in &snippet.highlights {
                assert!(snippet.text.get(range.clone()).is_some(), "{snippet:?}");
            }
        }
    }
}

#[test]
fn corpus_cli_search_in_french() {
    let site = corpus_site();
    let site = site.to_str().expect("UTF-8 path");
    let hits = search_json(&["numérique", site, "--lang", "fr", "--limit", "20"], 0);
    assert_eq!(hits.len(), 20);
    for hit in &hits {
        assert_eq!(hit["lang"], "fr");
        assert!(Path::new(text(hit, "path")).starts_with("content/fr"));
        assert!(text(hit, "address").starts_with("https://"), "{hit:#}");
    }
    // Ranked: title matches first, then by score.
    let title_matches = hits.iter().take_while(|h| h["titleMatch"] == true).count();
    assert!(
        hits[title_matches..]
            .iter()
            .all(|h| h["titleMatch"] == false)
    );
}
