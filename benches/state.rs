//! What remembering a site costs: reading a state file of 100,000 read
//! posts (target: under 50 ms), saving it (merged with the file first),
//! and the hash of every post's text the reader makes as posts arrive.
//! Generated data: no corpus needed.

use criterion::{Criterion, black_box};
use liseuse::state::store::Store;
use liseuse::state::{Last, Mark, Seen, SiteState, content_hash};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The allocator the `liseuse` binary runs with (src/main.rs): the state
/// is 100,000 small paths, and what they cost depends on it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const POSTS: usize = 100_000;

/// The state of a site of 100,000 posts, every one read, a hundred
/// bookmarked, each post's fingerprint seen.
fn big_state() -> SiteState {
    let mut state = SiteState::new("/home/reader/sites/large-bilingual-site");
    for i in 0..POSTS {
        let lang = if i % 2 == 0 { "en" } else { "fr" };
        let path = PathBuf::from(format!(
            "content/{lang}/blog/posts/{}/a-post-with-a-title-of-some-length-{i}.md",
            2000 + i % 25
        ));
        state.mark_read(
            path.clone(),
            content_hash(path.as_os_str().as_encoded_bytes()),
            1_733_000_000_000 + i as u64,
        );
        if i % 1000 == 0 {
            state.add_bookmark(path, i % 300, 400, 1_733_000_000_000 + i as u64);
        }
    }
    state.last = Some(Last {
        at: 1_733_000_000_000,
        place: Mark {
            path: "content/en/blog/posts/2001/a-post.md".into(),
            scroll: 120,
            lines: 400,
        },
        history: Vec::new(),
    });
    let mut fingerprints: Vec<u64> = (0..POSTS as u64)
        .map(|i| content_hash(&i.to_le_bytes()))
        .collect();
    fingerprints.sort_unstable();
    state.seen = Some(Seen {
        at: 1_733_000_000_000,
        fingerprints,
    });
    state
}

/// The CPU time this thread has used: what the load costs, whatever else
/// the machine is doing (the wall-clock figure moves with the load of a
/// shared machine).
fn thread_cpu() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes the timespec it is given.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let state = big_state();
    let mut store = Store::new(dir.path(), &state.site);
    store.save(&state).expect("written");
    let size = std::fs::metadata(store.path()).expect("written").len();

    let (loads, cpu): (Vec<Duration>, Vec<Duration>) = (0..21)
        .map(|_| {
            let (started, cpu) = (Instant::now(), thread_cpu());
            let loaded = black_box(store.load());
            let took = (started.elapsed(), thread_cpu() - cpu);
            assert_eq!(loaded.state.read.len(), POSTS);
            took
        })
        .unzip();
    let mut changed = state.clone();
    changed.mark_read("content/en/new.md".into(), 7, 1_800_000_000_000);
    let saves: Vec<Duration> = (0..11)
        .map(|i| {
            changed.mark_read("content/en/new.md".into(), i, 1_800_000_000_000 + i);
            let started = Instant::now();
            black_box(store.save(&changed).expect("saved"));
            started.elapsed()
        })
        .collect();
    let text = vec![b'x'; 64 * 1024 * 1024];
    let hashes: Vec<Duration> = (0..11)
        .map(|_| {
            let started = Instant::now();
            black_box(content_hash(black_box(&text)));
            started.elapsed()
        })
        .collect();
    let hash = median(hashes);
    println!(
        "state file of {POSTS} read posts: {:.1} MB; load (read and parse) {:.1} ms, {:.1} ms of CPU (target < 50 ms); save (read, merge, write, fsync, rename) {:.1} ms; content hash {:.2} GB/s",
        size as f64 / 1e6,
        median(loads).as_secs_f64() * 1e3,
        median(cpu).as_secs_f64() * 1e3,
        median(saves).as_secs_f64() * 1e3,
        text.len() as f64 / hash.as_secs_f64() / 1e9,
    );

    let mut criterion = Criterion::default().configure_from_args().sample_size(20);
    criterion.bench_function("state/load 100,000 read posts", |b| {
        b.iter(|| black_box(store.load()))
    });
    criterion.final_summary();
}
