//! What `liseuse serve` holds, step by step as it loads (see
//! `serve::load`): the site, its filter index, its search index. After
//! each, the process's resident memory and its peak, from /proc, and what
//! the search index counts of itself.
//!
//! `cargo run --release --example serve_memory -- SITE`
//!
//! At 100,000 posts the figure to watch is the last peak against the
//! content's bytes × 1.25 + 10 MB (`benches/scale.sh` measures the real
//! server the same way).

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// As `liseuse serve` sets it in `main.rs`.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn status() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .filter(|l| l.starts_with("VmRSS") || l.starts_with("VmHWM"))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(", ")
}

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("serve_memory: give a site's directory");
        std::process::exit(2);
    };
    let source = match liseuse::content::Source::from_path(std::path::Path::new(&dir)) {
        Ok(source) => source,
        Err(error) => {
            eprintln!("serve_memory: {dir}: {error}");
            std::process::exit(2);
        }
    };
    // SAFETY: before any thread starts, as in `main.rs`.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    println!("start: {}", status());
    let site = liseuse::threads::parallel(|| liseuse::content::load(&source));
    println!("site of {} posts: {}", site.posts.len(), status());
    let filter = liseuse::search::FilterIndex::new(&site);
    println!("filter index: {}", status());
    // As `serve::load` compacts it.
    let compacted = filter.clone();
    drop(filter);
    println!("filter index copied: {}", status());
    let started = std::time::Instant::now();
    let index = liseuse::search::site::SiteIndex::build(&site);
    println!(
        "search index in {:.1} s, {:.1} MB counted: {}",
        started.elapsed().as_secs_f64(),
        index.memory_bytes() as f64 / 1e6,
        status()
    );
    drop((compacted, index));
}
