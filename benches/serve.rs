//! `liseuse serve` under a team's load: readers over SSH on the real
//! corpus, all typing at once. Prints the key-to-frame latency (from a
//! key sent to the first bytes of the frame that answers it) at the
//! median, 99th percentile and worst, and the server's memory per session
//! beyond the idle server.
//!
//! `cargo bench --bench serve` (50 sessions; `LISEUSE_BENCH_SESSIONS=N`
//! for another number). The clients run in this process, on the same
//! cores as the server: the figures include their cost.

#[path = "../tests/support/frames.rs"]
mod frames;
#[path = "../tests/support/ssh.rs"]
mod ssh;

use russh::ChannelMsg;
use std::time::{Duration, Instant};

/// Keys each reader types, one every [`PACE`].
const KEYS: usize = 60;
/// A fast typist's pace; 50 of them make 500 keys a second.
const PACE: Duration = Duration::from_millis(100);

fn main() {
    let sessions: usize = std::env::var("LISEUSE_BENCH_SESSIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(50);
    let site = ssh::corpus_site();
    if !site.join("content").is_dir() {
        eprintln!(
            "benches/serve: the real corpus is not at {} (set LISEUSE_CORPUS)",
            site.display()
        );
        std::process::exit(1);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(measure(sessions, &site));
}

async fn measure(sessions: usize, site: &std::path::Path) {
    let alice = ssh::key(1);
    let server = ssh::Server::start(
        Some(site),
        &[&alice],
        &["--max-sessions", &(sessions + 1).to_string()],
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    let idle = server.resident_kib();

    let mut readers = Vec::with_capacity(sessions);
    for _ in 0..sessions {
        let mut reader = ssh::Reader::open(server.port, &alice, (80, 24), None).await;
        reader.wait_text("Posts").await;
        readers.push(reader);
    }
    let open = server.resident_kib();

    let started = Instant::now();
    let mut typists = tokio::task::JoinSet::new();
    for (i, reader) in readers.into_iter().enumerate() {
        typists.spawn(type_and_time(reader, i));
    }
    let mut latencies = Vec::with_capacity(sessions * KEYS);
    let mut peak = open;
    while let Some(done) = typists.join_next().await {
        let (reader, times) = done.expect("a typist ends");
        latencies.extend(times);
        peak = peak.max(server.resident_kib());
        drop(reader);
    }
    let elapsed = started.elapsed();
    latencies.sort_unstable();
    let at = |fraction: f64| {
        let index = ((latencies.len() as f64 - 1.0) * fraction).round() as usize;
        latencies[index].as_secs_f64() * 1000.0
    };
    let per_session = |kib: u64| kib.saturating_sub(idle) as f64 / 1024.0 / sessions as f64;
    println!(
        "{sessions} sessions, {} keys in {:.1} s on {}",
        latencies.len(),
        elapsed.as_secs_f64(),
        site.display()
    );
    println!(
        "key to frame: median {:.1} ms, p99 {:.1} ms, worst {:.1} ms",
        at(0.5),
        at(0.99),
        at(1.0)
    );
    println!(
        "server memory: idle {:.1} MB; {:.2} MB a session open, {:.2} MB a session at the peak while typing",
        idle as f64 / 1024.0,
        per_session(open),
        per_session(peak)
    );
}

/// Types [`KEYS`] keys at [`PACE`], each timed to the first bytes of its
/// answer; the keys go down the list and back so that each changes the
/// screen.
async fn type_and_time(mut reader: ssh::Reader, offset: usize) -> (ssh::Reader, Vec<Duration>) {
    // Readers start apart, as people do.
    tokio::time::sleep(PACE.mul_f64((offset % 10) as f64 / 10.0)).await;
    let mut times = Vec::with_capacity(KEYS);
    for i in 0..KEYS {
        let key = if (i / 10) % 2 == 0 { "j" } else { "k" };
        let sent = Instant::now();
        reader.keys(key).await;
        loop {
            match tokio::time::timeout(ssh::PATIENCE, reader.channel.wait()).await {
                Ok(Some(message @ ChannelMsg::Data { .. })) => {
                    times.push(sent.elapsed());
                    reader.take(message);
                    break;
                }
                Ok(Some(_)) => {}
                Ok(None) | Err(_) => panic!("a reader stopped answering"),
            }
        }
        // Whatever else of the frame comes is read before the next key.
        while let Ok(Some(message)) =
            tokio::time::timeout(Duration::from_millis(5), reader.channel.wait()).await
        {
            reader.take(message);
        }
        tokio::time::sleep(PACE.saturating_sub(sent.elapsed())).await;
    }
    (reader, times)
}
