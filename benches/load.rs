//! DESIGN §6: loading the real corpus (read, front matter, links, URL index)
//! against just reading the same bytes, in one run. Target: load ≤ 2× read.
//!
//! `cargo bench --bench load` runs three criterion benches in the group
//! `load`, then a separate interleaved timing loop whose medians give the
//! one-line ratio, then a breakdown of the loader's phases (rebuilt from
//! the public API) so a miss can be traced.
//!
//! The corpus is `$LISEUSE_CORPUS/digital-canada-ca` (default
//! `../shared/corpus` beside the crate).
//!
//! The baselines are fair to the loader: it walks the tree sequentially,
//! then reads and parses the files in parallel on rayon's global pool. So
//! `read_bytes_parallel` walks sequentially and then `std::fs::read`s every
//! file on that same pool; that is the honest denominator.
//! `read_bytes_sequential` is shown too. Dropping the loaded `Site` is not
//! timed (a process exits without freeing); the phase list shows its cost.

use criterion::{BatchSize, Criterion, black_box};
use liseuse::content::front_matter;
use liseuse::content::layout::{self, SiteConfig};
use liseuse::content::links::{self, UrlIndex};
use liseuse::content::load::{self as loader, load_path};
use liseuse::content::{Post, Site, Source};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

const SITE: &str = "digital-canada-ca";
const DEFAULT_CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");
/// Iterations of the ratio loop (each one times all three, interleaved).
const RATIO_ITERATIONS: usize = 30;
const TARGET: f64 = 2.0;

/// The site directory, or why it cannot be used.
fn site_dir() -> Result<PathBuf, String> {
    let corpus = std::env::var_os("LISEUSE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_CORPUS));
    let site = corpus.join(SITE);
    if !site.join("content").is_dir() {
        return Err(format!(
            "load bench: no corpus at {} (expected a `{SITE}` site with a content/ directory).\n\
             Set LISEUSE_CORPUS to the directory that holds `{SITE}`.",
            site.display()
        ));
    }
    Ok(site)
}

/// The directories the loader walks (content/en and content/fr here), as
/// absolute paths. Worked out once, outside any timing.
fn content_roots(site: &Path) -> Vec<PathBuf> {
    let source = Source::Directory(site.to_path_buf());
    layout::detect(&source)
        .content_roots
        .iter()
        .map(|root| site.join(root))
        .collect()
}

/// Every regular file under the roots, walked the plain way.
fn walk_files(roots: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for root in roots {
        for entry in walkdir::WalkDir::new(root).into_iter().flatten() {
            if entry.file_type().is_file() {
                files.push(entry.into_path());
            }
        }
    }
    files
}

/// Baseline: walk, then read every file one after the other.
fn read_sequential(roots: &[PathBuf]) -> usize {
    walk_files(roots)
        .iter()
        .map(|path| black_box(std::fs::read(path).expect("read")).len())
        .sum()
}

/// Baseline: walk sequentially, then read on rayon's global pool, like the loader.
fn read_parallel(roots: &[PathBuf]) -> usize {
    walk_files(roots)
        .into_par_iter()
        .map(|path| black_box(std::fs::read(&path).expect("read")).len())
        .sum()
}

fn load_site(site: &Path) -> Site {
    load_path(site).expect("the corpus loads")
}

fn criterion_benches(c: &mut Criterion, site: &Path, roots: &[PathBuf]) {
    let mut group = c.benchmark_group("load");
    group.bench_function("read_bytes_sequential", |b| {
        b.iter(|| black_box(read_sequential(roots)))
    });
    group.bench_function("read_bytes_parallel", |b| {
        b.iter(|| black_box(read_parallel(roots)))
    });
    // Dropping the Site is not loading it (and a process exits without
    // freeing): the drop happens outside the timing. See "drop Site" below.
    group.bench_function("load_site", |b| {
        b.iter_batched(|| (), |()| load_site(site), BatchSize::PerIteration)
    });
    group.finish();
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    let mid = times.len() / 2;
    if times.len() % 2 == 1 {
        times[mid]
    } else {
        (times[mid - 1] + times[mid]) / 2
    }
}

/// The time `f` takes; what it returns is dropped after the clock stops.
fn time<T>(f: impl FnOnce() -> T) -> Duration {
    let start = Instant::now();
    let out = black_box(f());
    let elapsed = start.elapsed();
    drop(out);
    elapsed
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// The 1-minute load average, to tell a busy machine's figures apart.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".to_string())
}

/// Medians of the three, interleaved so drift hits them alike; returns the ratio.
fn ratio_summary(site: &Path, roots: &[PathBuf]) -> f64 {
    // Warm the page cache and the pool.
    for _ in 0..3 {
        black_box(read_parallel(roots));
        black_box(load_site(site));
    }
    let (mut seq, mut par, mut load) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..RATIO_ITERATIONS {
        seq.push(time(|| read_sequential(roots)));
        par.push(time(|| read_parallel(roots)));
        load.push(time(|| load_site(site)));
    }
    let (seq, par, load) = (median(seq), median(par), median(load));
    let ratio = load.as_secs_f64() / par.as_secs_f64();
    println!();
    println!(
        "medians of {RATIO_ITERATIONS} interleaved runs, rayon threads {}, load average {}:",
        rayon::current_num_threads(),
        load_average()
    );
    println!("  read bytes, sequential  {}", ms(seq));
    println!("  read bytes, parallel    {}", ms(par));
    println!("  load_path               {}", ms(load));
    println!(
        "  load / sequential read  {:.2}",
        load.as_secs_f64() / seq.as_secs_f64()
    );
    println!("load/read ratio: {ratio:.2} (target ≤ {TARGET:.1})");
    ratio
}

/// The loader's phases, rebuilt from the public API (`load` minus the
/// redirect-stub URLs, which are a handful of lookups), timed one by one.
fn phases(site: &Path) {
    struct Phase {
        name: &'static str,
        times: Vec<Duration>,
    }
    let names = [
        "detect layout + config",
        "walk (sorted, stat each)",
        "read bytes (parallel)",
        "decode (parallel)",
        "split + YAML front matter (par.)",
        "parse_post, all of it (parallel)",
        "UrlIndex::build (sequential)",
        "  of which url_key (all keys)",
        "link_translations",
        "drop Site",
    ];
    let mut phases: Vec<Phase> = names
        .iter()
        .map(|&name| Phase {
            name,
            times: Vec::new(),
        })
        .collect();
    let source = Source::Directory(site.to_path_buf());
    let mut posts_seen = 0;
    let mut url_keys = 0;
    for _ in 0..15 {
        let mut t = 0;
        let mut lap = |phases: &mut Vec<Phase>, start: Instant| {
            phases[t].times.push(start.elapsed());
            t += 1;
        };

        let start = Instant::now();
        let config: SiteConfig = layout::detect(&source);
        lap(&mut phases, start);

        let start = Instant::now();
        let found = source.walk(&config.content_roots);
        lap(&mut phases, start);
        let paths: Vec<PathBuf> = found
            .into_iter()
            .filter(|f| f.outcome.is_ok())
            .map(|f| f.path)
            .collect();

        let start = Instant::now();
        let bytes: Vec<Vec<u8>> = paths
            .par_iter()
            .map(|p| source.read(p).expect("read").into_owned())
            .collect();
        lap(&mut phases, start);

        let start = Instant::now();
        let texts: Vec<Option<String>> = paths
            .par_iter()
            .zip(&bytes)
            .map(|(p, b)| loader::decode(std::borrow::Cow::Borrowed(b), p, &mut Vec::new()).ok())
            .collect();
        lap(&mut phases, start);

        let start = Instant::now();
        let fields: usize = texts
            .par_iter()
            .flatten()
            .filter_map(|text| {
                let split = front_matter::split(text).ok()?;
                let format = split.format?;
                let (fm, _) =
                    front_matter::parse(format, split.front_matter, split.front_matter_line);
                Some(fm.fields().len())
            })
            .sum();
        black_box(fields);
        lap(&mut phases, start);

        let start = Instant::now();
        let mut posts: Vec<Post> = paths
            .par_iter()
            .zip(&texts)
            .filter_map(|(p, text)| {
                let text = text.as_ref()?;
                loader::parse_post(&config, p, text.clone(), &mut Vec::new()).ok()
            })
            .collect();
        lap(&mut phases, start);
        posts_seen = posts.len();

        let start = Instant::now();
        let urls = UrlIndex::build(&posts, &config, &mut Vec::new());
        lap(&mut phases, start);

        // The keys UrlIndex::build makes for each post (public URL, lang
        // path, lang + lang path, `url`, aliases), without the maps.
        let start = Instant::now();
        url_keys = 0;
        for post in &posts {
            url_keys += 3 + post.aliases.len();
            black_box(links::url_key(&post.url));
            black_box(links::url_key(&post.lang_path.to_string_lossy()));
            black_box(links::url_key(&format!(
                "{}/{}",
                post.lang,
                post.lang_path.to_string_lossy()
            )));
            for alias in &post.aliases {
                black_box(links::url_key(alias));
            }
            if let Some(url) = &post.url_field {
                url_keys += 1;
                black_box(links::url_key(url));
            }
        }
        lap(&mut phases, start);

        let start = Instant::now();
        black_box(links::link_translations(&mut posts, &urls));
        lap(&mut phases, start);

        let site = load_site(site);
        let start = Instant::now();
        drop(site);
        lap(&mut phases, start);
    }
    println!();
    println!("where load_path spends its time (medians of 15, {posts_seen} posts):");
    for phase in phases {
        println!("  {:<32}{:>10}", phase.name, ms(median(phase.times)));
    }
    println!("  ({url_keys} url_key calls; walk and UrlIndex::build run on one thread)");
}

fn main() -> ExitCode {
    let site = match site_dir() {
        Ok(site) => site,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    let roots = content_roots(&site);
    let files = walk_files(&roots);
    let bytes = read_sequential(&roots);
    let loaded = load_site(&site);
    println!(
        "corpus: {} — {} files, {:.1} MB under {}; loader: {} posts, {} skipped",
        site.display(),
        files.len(),
        bytes as f64 / 1e6,
        roots
            .iter()
            .map(|r| r.strip_prefix(&site).unwrap_or(r).display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
        loaded.posts.len(),
        loaded.skipped.len(),
    );
    if loaded.files_seen() != files.len() {
        println!(
            "note: the loader saw {} files, the baseline reads {}",
            loaded.files_seen(),
            files.len()
        );
    }
    drop(loaded);

    let args: Vec<String> = std::env::args().collect();
    let has = |flag: &str| args.iter().any(|a| a == flag);
    let mut criterion = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    criterion_benches(&mut criterion, &site, &roots);
    criterion.final_summary();

    // `cargo test --benches` runs each bench once (criterion's test mode):
    // the ratio loop is for `cargo bench` only.
    let benchmarking = has("--bench") && !has("--test") && !has("--list") && !has("--profile-time");
    if benchmarking {
        ratio_summary(&site, &roots);
        phases(&site);
    }
    ExitCode::SUCCESS
}
