//! Full-text search (DESIGN §6 figures, not tests): one query over 100,000
//! posts in ≤ 50 ms, folding included, with an index that is a small
//! fraction of the text; and the same queries on the real corpus.
//!
//! The 100,000 posts are made from the real corpus: each is a copy of a
//! real post (same language, same format, a title made distinct) whose
//! paragraphs are shuffled and about half of them swapped with paragraphs
//! of other posts of the same language and format. So the words, their
//! frequencies and the markup are real, but no two posts are alike and
//! phrases are found at real rates.
//!
//! Before criterion runs, the bench prints the time to build the index
//! (once, all cores), its memory and its share of the text, and how many
//! posts each query matches. Index memory is
//! [`SiteIndex::memory_bytes`]: counted from the capacities of its
//! vectors (word table, each word's bytes and postings, lengths) plus 16
//! bytes per heap block for the allocator; the resident set size before
//! and after building is printed beside it as a cross-check. Text bytes
//! are the posts' titles and bodies as loaded.
//!
//! `cargo bench --bench search`; `cargo test --benches` runs each query
//! once on 2,000 generated posts instead.

use criterion::{Criterion, black_box};
use liseuse::content::{self, Post, Site};
use liseuse::search::site::{DEFAULT_LIMIT, Query, SiteIndex};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

const SITE: &str = "digital-canada-ca";
const POSTS: usize = 100_000;
/// Generated posts when run as a test (`cargo test --benches`).
const TEST_POSTS: usize = 2_000;

/// (name, query, typed): typed queries treat their last word as a prefix.
const QUERIES: &[(&str, &str, bool)] = &[
    ("one_word", "design", false),
    ("two_words", "service design", false),
    ("phrase", "\"plain language\"", false),
    ("french_accented", "numérique", false),
    ("rare_word", "blockchain", false),
    ("typing_prefix", "numeriq", true),
    // The worst prefix: two letters, the word `de` and its 63 most
    // frequent extensions (`des`, `design`, `developpement`…).
    ("typing_short_prefix", "de", true),
];
/// Runs of each query outside criterion, for the median printed (one
/// when run as a test).
const RUNS: usize = 15;

fn corpus_dir() -> Result<PathBuf, String> {
    let corpus = std::env::var_os("LISEUSE_CORPUS").map_or_else(
        || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus")),
        PathBuf::from,
    );
    let site = corpus.join(SITE);
    if !site.join("content").is_dir() {
        return Err(format!(
            "search bench: no corpus at {} (expected a `{SITE}` site with a content/ directory).\n\
             Set LISEUSE_CORPUS to the directory that holds `{SITE}`.",
            site.display()
        ));
    }
    Ok(site)
}

/// A small deterministic generator (xorshift64*): the same site every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Paragraphs of a body: blocks separated by blank lines.
fn paragraphs(body: &str) -> Vec<&str> {
    body.split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .collect()
}

/// `count` posts recombined from `site`'s (see the module documentation).
fn generated(site: &Site, count: usize) -> Site {
    let format = |post: &Post| {
        post.path
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let mut pools: HashMap<(String, String), Vec<&str>> = HashMap::new();
    for post in &site.posts {
        pools
            .entry((post.lang.to_string(), format(post)))
            .or_default()
            .extend(paragraphs(post.body()));
    }
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut posts = Vec::with_capacity(count);
    while posts.len() < count {
        let copy = posts.len() / site.posts.len().max(1);
        for template in &site.posts {
            if posts.len() == count {
                break;
            }
            let pool = &pools[&(template.lang.to_string(), format(template))];
            let mut blocks = paragraphs(template.body());
            for block in &mut blocks {
                if rng.below(2) == 0 {
                    *block = pool[rng.below(pool.len())];
                }
            }
            for i in (1..blocks.len()).rev() {
                blocks.swap(i, rng.below(i + 1));
            }
            let mut post = template.clone();
            let data = post.data_mut();
            data.title = format!("{} ({copy})", template.title);
            data.text = liseuse::content::FileText::own(blocks.join("\n\n"), 0);
            data.path = Path::new(&format!("generated/{copy}")).join(&template.path);
            post.translations.clear();
            posts.push(post);
        }
    }
    Site {
        origin: "generated".to_string(),
        layout: site.layout,
        languages: site.languages.clone(),
        default_lang: site.default_lang.clone(),
        posts,
        skipped: Vec::new(),
        warnings: Vec::new(),
        urls: Default::default(),
        partial: false,
        time_zone: site.time_zone.clone(),
        dates: site.dates.clone(),
    }
}

fn text_bytes(site: &Site) -> usize {
    site.posts
        .iter()
        .map(|p| p.title.len() + p.body().len())
        .sum()
}

/// The resident set size of this process, from `/proc/self/status`.
fn rss_bytes() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// The 1-minute load average, to tell a busy machine's figures apart.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".to_string())
}

fn mb(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn query(text: &str, typed: bool) -> Query {
    if typed {
        Query::parse_incremental(text)
    } else {
        Query::parse(text)
    }
}

/// Builds the index, prints what it costs and what the queries find.
fn report(label: &str, site: &Site, runs: usize) -> SiteIndex {
    let text = text_bytes(site);
    let rss_before = rss_bytes();
    let start = Instant::now();
    let index = SiteIndex::build(site);
    let build = start.elapsed();
    let rss_after = rss_bytes();
    let memory = index.memory_bytes();
    println!(
        "{label}: {} posts, {} of titles and bodies; index built in {:.2} s on {} threads (load average {})",
        site.posts.len(),
        mb(text),
        build.as_secs_f64(),
        rayon::current_num_threads(),
        load_average(),
    );
    println!(
        "{label}: index {} ({:.1} % of the text), {} words; resident set {} → {}",
        mb(memory),
        memory as f64 * 100.0 / text.max(1) as f64,
        index.vocabulary(),
        rss_before.map_or("?".to_string(), mb),
        rss_after.map_or("?".to_string(), mb),
    );
    for &(name, text, typed) in QUERIES {
        let mut times = Vec::with_capacity(runs);
        let mut results = None;
        for _ in 0..runs {
            let start = Instant::now();
            let found = index.search(site, &query(text, typed), None, DEFAULT_LIMIT);
            times.push(start.elapsed());
            results = Some(found);
        }
        times.sort();
        let Some(results) = results else { continue };
        println!(
            "{label}: {name:<19} {text:<18} {:>7} posts, median {:5.1} ms, slowest {:5.1} ms (of {runs})",
            format!("{}{}", if results.exact { "" } else { "≈" }, results.total),
            times[runs / 2].as_secs_f64() * 1e3,
            times[runs - 1].as_secs_f64() * 1e3,
        );
    }
    index
}

fn bench_queries(criterion: &mut Criterion, group: &str, site: &Site, index: &SiteIndex) {
    let mut group = criterion.benchmark_group(group);
    group.sample_size(20);
    for &(name, text, typed) in QUERIES {
        group.bench_function(name, |b| {
            b.iter(|| {
                // Parsing (and so folding the query) is part of the figure.
                let query = query(black_box(text), typed);
                black_box(index.search(site, &query, None, DEFAULT_LIMIT).hits.len())
            })
        });
    }
    group.finish();
}

fn main() -> ExitCode {
    let dir = match corpus_dir() {
        Ok(dir) => dir,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    let corpus = match content::load::load_path(&dir) {
        Ok(site) => site,
        Err(error) => {
            eprintln!("search bench: cannot load {}: {error}", dir.display());
            return ExitCode::FAILURE;
        }
    };
    let args: Vec<String> = std::env::args().collect();
    let has = |flag: &str| args.iter().any(|a| a == flag);
    // `cargo test --benches` runs each bench once: a small site will do.
    let benchmarking = has("--bench") && !has("--test");
    let (count, runs) = if benchmarking {
        (POSTS, RUNS)
    } else {
        (TEST_POSTS, 1)
    };

    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();

    let corpus_index = report("corpus", &corpus, runs);
    bench_queries(&mut criterion, "search_corpus", &corpus, &corpus_index);
    drop(corpus_index);

    let large = generated(&corpus, count);
    let large_index = report(&format!("{}k", count / 1000), &large, runs);
    bench_queries(
        &mut criterion,
        &format!("search_{}k", count / 1000),
        &large,
        &large_index,
    );

    criterion.final_summary();
    ExitCode::SUCCESS
}
