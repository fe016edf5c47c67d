//! Following a large site on disk: 1,000 posts rewritten at once (a new
//! title each, as a `git checkout` would) under a reader holding the whole
//! site, timed from the burst to the list showing the new titles. The
//! reader's loop is reproduced without a terminal: the watch's notices go
//! to `App::update`, the reload it asks for reads the site on a background
//! thread with its filter index, as `R` does, and the list is replaced.
//!
//! `LISEUSE_BENCH_SITE=DIR cargo bench --bench watch`, DIR a generated
//! site (`cargo run --release --example generate_site -- CORPUS DIR
//! 100000`). The bench rewrites 1,000 of its posts, then writes them back.

use liseuse::app::action::Action;
use liseuse::app::{App, Effect};
use liseuse::content::{self, Source};
use liseuse::search::FilterIndex;
use liseuse::theme::Theme;
use liseuse::watch::{Mode, SiteWatch, Timing};
use std::path::PathBuf;
use std::time::{Duration, Instant};

const BURST: usize = 1000;
const MARK: &str = " (rewritten)";

fn main() {
    let Some(root) = std::env::var_os("LISEUSE_BENCH_SITE").map(PathBuf::from) else {
        eprintln!("benches/watch: set LISEUSE_BENCH_SITE to a generated site's directory");
        std::process::exit(1);
    };
    let mode = Mode::from_env();
    let source = Source::Directory(root.clone());

    let started = Instant::now();
    let site = content::load(&source);
    let posts = site.posts.len();
    println!(
        "site: {posts} posts, loaded in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    // What one reload costs, in its parts, as the reader's background
    // thread does it (the background pool, every core).
    let started = Instant::now();
    let site_again = liseuse::threads::parallel(|| content::load(&source));
    let read = started.elapsed();
    let filter_index = FilterIndex::new(&site_again);
    println!(
        "a full reload alone: {:.2} s (reading and linking {:.2} s, the filter index {:.2} s)",
        started.elapsed().as_secs_f64(),
        read.as_secs_f64(),
        (started.elapsed() - read).as_secs_f64()
    );
    drop((site_again, filter_index));

    // The burst's files: the first 1,000 posts in English, by path.
    let files: Vec<(PathBuf, String)> = site
        .posts
        .iter()
        .filter(|p| p.lang.as_str() == "en")
        .take(BURST)
        .map(|p| (root.join(&p.path), p.text.whole().to_string()))
        .collect();
    let mut app = App::new(site, None, (160, 50), Theme::plain());
    app.source = Some(source.clone());
    let started = Instant::now();
    let watch = SiteWatch::start(&root, mode, Timing::default()).expect("watches");
    println!(
        "watch started ({mode:?}) in {:.0} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    // Whatever the start stirred up is over.
    while watch.next_notice(Duration::from_secs(1)).is_some() {}

    let burst_began = Instant::now();
    for (path, text) in &files {
        std::fs::write(path, mark_title(text)).expect("rewrite a post");
    }
    let burst_ended = Instant::now();
    println!(
        "burst: {} files rewritten in {:.0} ms",
        files.len(),
        (burst_ended - burst_began).as_secs_f64() * 1000.0
    );

    let mut reloads = 0;
    let mut reading: Option<std::sync::mpsc::Receiver<(content::Site, FilterIndex)>> = None;
    let mut told = None;
    let shown = loop {
        for notice in watch.notices() {
            told.get_or_insert_with(Instant::now);
            app.update(Action::Watch(notice));
        }
        for effect in app.take_effects() {
            if effect == Effect::Reload {
                reloads += 1;
                let (sender, receiver) = std::sync::mpsc::channel();
                let source = source.clone();
                liseuse::threads::spawn(move || {
                    let site = liseuse::threads::parallel(|| content::load(&source));
                    let filter_index = FilterIndex::new(&site);
                    let _ = sender.send((site, filter_index));
                });
                reading = Some(receiver);
            }
        }
        if let Some((site, filter_index)) = reading.as_ref().and_then(|r| r.try_recv().ok()) {
            reading = None;
            let old = app.replace_site_indexed(site, filter_index);
            liseuse::threads::spawn(move || drop(old));
            let rewritten = app
                .matches
                .iter()
                .filter(|m| app.site.posts[m.id].title.ends_with(MARK))
                .count();
            if rewritten == files.len() {
                break Instant::now();
            }
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let told = told.unwrap_or(shown);
    println!(
        "from the burst's end: told after {:.0} ms, list updated after {:.2} s ({:.2} s from its start); {reloads} reload(s)",
        (told - burst_ended).as_secs_f64() * 1000.0,
        (shown - burst_ended).as_secs_f64(),
        (shown - burst_began).as_secs_f64(),
    );
    drop(watch);
    for (path, text) in &files {
        std::fs::write(path, text).expect("write a post back");
    }
}

/// The post's text with its title marked.
fn mark_title(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + MARK.len());
    let mut marked = false;
    for line in text.split_inclusive('\n') {
        if !marked && line.starts_with("title:") {
            // Inside the value's quotes, if it has any: the YAML stays valid.
            let body = line.trim_end_matches(['\n', '\r']);
            match body.chars().last() {
                Some(quote @ ('\'' | '"')) if body.len() > "title: ''".len() - 1 => {
                    out.push_str(&body[..body.len() - 1]);
                    out.push_str(MARK);
                    out.push(quote);
                }
                _ => {
                    out.push_str(body);
                    out.push_str(MARK);
                }
            }
            out.push('\n');
            marked = true;
        } else {
            out.push_str(line);
        }
    }
    out
}
