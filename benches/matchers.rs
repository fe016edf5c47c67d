//! The list filter's fuzzy fallback with each candidate matcher (issue 19):
//! fuzzy-matcher's skim v2, which the filter used, and nucleo-matcher,
//! which it uses now. The same folded text and the same rule as the filter
//! (every word in order in the title, counted twice, or else in the
//! authors, tags and path), scored by one matcher or the other:
//!
//! - speed: one key over 100,000 posts (the corpus's titles made distinct,
//!   as in `benches/reader.rs`), on every core as the filter does, median
//!   of 15;
//! - ranking: for each post of the corpus, queries a reader types to find
//!   it without writing a word whole (its words without their vowels,
//!   `dgtl gvrnmnt`; the first three letters of its first words run
//!   together, `diggovstr`), and where the post comes among all the
//!   corpus's matches (first, in the first five, mean reciprocal rank).
//!
//! `cargo bench --bench matchers`; `cargo test --benches` runs it on a
//! tenth of the corpus.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use liseuse::content::{self, Site};
use liseuse::search::{FUZZY_CONFIG, fold};
use nucleo_matcher::{Matcher, Utf32Str};
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Instant;

fn corpus_site() -> Site {
    let dir = std::env::var_os("LISEUSE_CORPUS").map_or_else(
        || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus")),
        PathBuf::from,
    );
    let site = dir.join("digital-canada-ca");
    if !site.is_dir() {
        eprintln!(
            "matchers bench: the real corpus is missing at {}",
            site.display()
        );
        std::process::exit(1);
    }
    content::load::load_path(&site).expect("the corpus loads")
}

/// What the filter searches in a post: its title and the rest, folded.
struct Entry {
    title: String,
    rest: String,
}

fn entries(site: &Site, copies: usize) -> Vec<Entry> {
    let mut entries = Vec::new();
    for copy in 0..copies {
        for post in &site.posts {
            let title = if copies > 1 {
                format!("{} ({copy})", post.title)
            } else {
                post.title.clone()
            };
            let mut rest = String::new();
            for part in post.authors.iter().chain(&post.tags) {
                rest.push(' ');
                rest.push_str(&fold(part).text);
            }
            rest.push(' ');
            rest.push_str(&fold(&post.display_path()).text);
            entries.push(Entry {
                title: fold(&title).text,
                rest,
            });
        }
    }
    entries
}

/// Whether every byte of `word` occurs in `text`, in order (the filter's
/// cheap check before scoring).
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

/// One matcher, as the filter calls it.
trait Score: Send {
    fn score(&mut self, text: &str, word: &str) -> Option<i64>;
}

struct Skim(SkimMatcherV2);

impl Score for Skim {
    fn score(&mut self, text: &str, word: &str) -> Option<i64> {
        self.0.fuzzy_match(text, word)
    }
}

struct Nucleo {
    matcher: Matcher,
    text: Vec<char>,
    word: Vec<char>,
}

impl Score for Nucleo {
    fn score(&mut self, text: &str, word: &str) -> Option<i64> {
        let text = Utf32Str::new(text, &mut self.text);
        let word = Utf32Str::new(word, &mut self.word);
        self.matcher.fuzzy_match(text, word).map(i64::from)
    }
}

fn skim() -> Skim {
    // Both sides are folded already: no case to ignore.
    Skim(SkimMatcherV2::default().respect_case())
}

/// As the filter uses it (`src/search/filter.rs`): a match at the start
/// of the text counts for more.
fn nucleo() -> Nucleo {
    nucleo_with(FUZZY_CONFIG.prefer_prefix)
}

/// nucleo-matcher set as the filter sets it, its bonus for matches at the
/// start of the text on or off.
fn nucleo_with(prefer_prefix: bool) -> Nucleo {
    let mut config = FUZZY_CONFIG;
    config.prefer_prefix = prefer_prefix;
    Nucleo {
        matcher: Matcher::new(config),
        text: Vec::new(),
        word: Vec::new(),
    }
}

/// The filter's rule with `scorer`: each word in order in the title
/// (counted twice) or else in the rest.
fn score(scorer: &mut dyn Score, entry: &Entry, words: &[&str]) -> Option<i64> {
    let mut total = 0;
    for word in words {
        let in_title = holds_in_order(&entry.title, word);
        if !in_title && !holds_in_order(&entry.rest, word) {
            return None;
        }
        match in_title.then(|| scorer.score(&entry.title, word)).flatten() {
            Some(s) => total += s * 2,
            None => total += scorer.score(&entry.rest, word)?,
        }
    }
    Some(total)
}

/// Every entry's score on all cores, matches best first (ties in order).
fn rank(
    entries: &[Entry],
    words: &[&str],
    make: &(dyn Fn() -> Box<dyn Score> + Sync),
) -> Vec<(usize, i64)> {
    let mut matches: Vec<(usize, i64)> = entries
        .par_iter()
        .enumerate()
        .with_min_len(4096)
        .map_init(make, |scorer, (at, entry)| {
            score(scorer.as_mut(), entry, words).map(|s| (at, s))
        })
        .flatten()
        .collect();
    matches.par_sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    matches
}

fn median_ms(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

const QUERIES: &[&str] = &["dgtl", "xqzw", "dgtl gvt", "srvc dsgn", "numrq", "cds"];

fn speed(entries: &[Entry], runs: usize) {
    println!("speed over {} posts (ms, median of {runs}):", entries.len());
    println!(
        "{:<12} {:>8} {:>12} {:>12}",
        "query", "matches", "skim", "nucleo"
    );
    let makers: [&(dyn Fn() -> Box<dyn Score> + Sync); 2] =
        [&|| Box::new(skim()) as Box<dyn Score>, &|| {
            Box::new(nucleo()) as Box<dyn Score>
        }];
    for query in QUERIES {
        let words: Vec<&str> = query.split_whitespace().collect();
        let mut times = [Vec::new(), Vec::new()];
        let mut counts = [0, 0];
        // Turn about, so that a busy moment of the machine falls on both.
        for _ in 0..runs {
            for (at, make) in makers.iter().enumerate() {
                let started = Instant::now();
                counts[at] = rank(entries, &words, *make).len();
                times[at].push(started.elapsed().as_secs_f64() * 1000.0);
            }
        }
        let [skim_ms, nucleo_ms] = times.map(median_ms);
        println!(
            "{:<12} {:>8} {:>12.2} {:>12.2}{}",
            query,
            counts[0],
            skim_ms,
            nucleo_ms,
            if counts[0] == counts[1] {
                String::new()
            } else {
                format!("  (nucleo: {} matches)", counts[1])
            }
        );
    }
}

/// `digital government` → `dgtl gvrnmnt`: each word of five letters or
/// more (the first two) without its vowels after the first letter.
fn without_vowels(title: &str) -> Option<String> {
    let words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 5)
        .take(2)
        .map(|w| {
            let mut chars = w.chars();
            let first = chars.next().expect("a word");
            std::iter::once(first)
                .chain(chars.filter(|c| !"aeiouy".contains(*c)))
                .collect()
        })
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// `digital government strategy` → `diggovstr`: the first three letters
/// of the first three words of three letters or more.
fn initials(title: &str) -> Option<String> {
    let parts: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .take(3)
        .map(|w| w.chars().take(3).collect())
        .collect();
    (parts.len() >= 2).then(|| parts.concat())
}

fn ranking(entries: &[Entry], step: usize) {
    println!(
        "ranking on the corpus ({} posts; each post's own queries):",
        entries.len()
    );
    println!(
        "{:<26} {:>6} {:>12} {:>12} {:>8}",
        "queries", "count", "first", "in first 5", "MRR"
    );
    let makers: [&(dyn Fn() -> Box<dyn Score> + Sync); 3] = [
        &|| Box::new(skim()) as Box<dyn Score>,
        &|| Box::new(nucleo_with(false)) as Box<dyn Score>,
        &|| Box::new(nucleo()) as Box<dyn Score>,
    ];
    for (name, make_query) in [
        ("no vowels", without_vowels as fn(&str) -> Option<String>),
        ("initials", initials),
    ] {
        // [matcher] → (first, in five, reciprocal ranks)
        let mut results = [(0usize, 0usize, 0f64); 3];
        let mut count = 0;
        for (target, entry) in entries.iter().enumerate().step_by(step) {
            let Some(query) = make_query(&entry.title) else {
                continue;
            };
            // A query found as written never reaches the fuzzy matcher.
            if query.split(' ').all(|w| entry.title.contains(w)) {
                continue;
            }
            count += 1;
            let words: Vec<&str> = query.split_whitespace().collect();
            for (result, make) in results.iter_mut().zip(makers) {
                let ranked = rank(entries, &words, make);
                if let Some(at) = ranked.iter().position(|&(id, _)| id == target) {
                    result.0 += usize::from(at == 0);
                    result.1 += usize::from(at < 5);
                    result.2 += 1.0 / (at + 1) as f64;
                }
            }
        }
        for (matcher, (first, five, reciprocal)) in
            ["skim", "nucleo, no prefix", "nucleo"].iter().zip(results)
        {
            let percent = |n: usize| 100.0 * n as f64 / count.max(1) as f64;
            println!(
                "{:<26} {:>6} {:>11.1}% {:>11.1}% {:>8.3}",
                format!("{name}: {matcher}"),
                count,
                percent(first),
                percent(five),
                reciprocal / count.max(1) as f64
            );
        }
    }
}

fn main() {
    // `cargo test --benches` passes no `--bench`: a quick run.
    let quick = !std::env::args().any(|a| a == "--bench");
    let site = corpus_site();
    let corpus = entries(&site, 1);
    ranking(&corpus, if quick { 10 } else { 1 });
    let many = entries(
        &site,
        if quick {
            4
        } else {
            100_000 / site.posts.len() + 1
        },
    );
    let many = &many[..many.len().min(100_000)];
    speed(many, if quick { 1 } else { 15 });
}
