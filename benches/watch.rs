//! Following a large site on disk: 1,000 posts rewritten at once (a new
//! title each, as a `git checkout` would) under a reader holding the whole
//! site, timed from the burst to the list showing the new titles; then
//! the open post's file alone rewritten, timed to the post laid out
//! again. The reader's loop is reproduced without a terminal: the
//! watch's notices go to `App::update`, the reading it asks for (of the
//! files named, or of the whole site) is done on a background thread with
//! its filter index, as the reader does, and the site is replaced.
//!
//! `LISEUSE_BENCH_SITE=DIR cargo bench --bench watch`, DIR a generated
//! site (`cargo run --release --example generate_site -- CORPUS DIR
//! 100000`). The bench rewrites 1,001 of its posts, then writes them back
//! (run it on a copy of a site kept for other benches).

use liseuse::app::action::Action;
use liseuse::app::{App, Effect};
use liseuse::content::refresh::refresh;
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
    {
        // The parts of linking the whole site again.
        use liseuse::content::{layout, links};
        let started = Instant::now();
        let config = layout::detect(&source);
        let detect = started.elapsed();
        let mut posts: Vec<content::Post> = site.posts.clone();
        let cloned = started.elapsed();
        let mut warnings = Vec::new();
        let urls = links::UrlIndex::build(&posts, &config, &mut warnings);
        let built = started.elapsed();
        let _ = links::link_translations(&mut posts, &urls);
        let linked = started.elapsed();
        println!(
            "linking's parts: detect {:.0} ms, clone {:.0} ms, URL index {:.0} ms, translations {:.0} ms",
            detect.as_secs_f64() * 1e3,
            (cloned - detect).as_secs_f64() * 1e3,
            (built - cloned).as_secs_f64() * 1e3,
            (linked - built).as_secs_f64() * 1e3
        );
        liseuse::threads::spawn(move || drop((posts, urls)));
    }
    // What reading one file in part costs, and of that what linking the
    // whole site again costs (nothing named: nothing read).
    let one = site
        .posts
        .iter()
        .find(|p| p.lang.as_str() == "fr")
        .map(|p| root.join(&p.path))
        .expect("a French post");
    for (what, changed) in [("nothing", Vec::new()), ("one file", vec![one])] {
        let mut times = Vec::new();
        for _ in 0..3 {
            let started = Instant::now();
            let refreshed = liseuse::threads::parallel(|| refresh(&site, &source, &changed))
                .expect("read in part");
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            liseuse::threads::spawn(move || drop(refreshed));
        }
        println!("refreshing {what} alone (read, merge, link): {times:.0?} ms");
    }

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

    let mut reader = Reader::default();
    let (told, shown) = reader.until(&mut app, &watch, &source, |app| {
        let rewritten = app
            .matches
            .iter()
            .filter(|m| app.site.posts[m.id].title.ends_with(MARK))
            .count();
        rewritten == files.len()
    });
    println!(
        "from the burst's end: told after {:.0} ms, list updated after {:.3} s ({:.3} s from its start); {} whole reading(s), {} in part (the last {:.0} ms, the site replaced in {:.0} ms)",
        (told - burst_ended).as_secs_f64() * 1000.0,
        (shown - burst_ended).as_secs_f64(),
        (shown - burst_began).as_secs_f64(),
        reader.reloads,
        reader.refreshes,
        reader.last_reading.as_secs_f64() * 1000.0,
        reader.last_replace.as_secs_f64() * 1000.0,
    );

    // One file: the open post's, its title rewritten.
    let open = app
        .matches
        .iter()
        .map(|m| m.id)
        .find(|&id| {
            app.site.posts[id].lang.as_str() == "en" && !app.site.posts[id].title.ends_with(MARK)
        })
        .expect("a post not rewritten");
    app.visit(open, None);
    let path = root.join(&app.site.posts[open].path);
    let text = app.site.posts[open].text.whole().to_string();
    let written = Instant::now();
    std::fs::write(&path, mark_title(&text)).expect("rewrite the open post");
    let mut reader = Reader::default();
    let (told, shown) = reader.until(&mut app, &watch, &source, |app| {
        app.reading
            .as_ref()
            .is_some_and(|r| app.site.posts[r.id].title.ends_with(MARK))
    });
    println!(
        "one file, the open post's: told after {:.0} ms, the post laid out again after {:.0} ms; {} whole reading(s), {} in part (the last {:.0} ms, the site replaced in {:.0} ms)",
        (told - written).as_secs_f64() * 1000.0,
        (shown - written).as_secs_f64() * 1000.0,
        reader.reloads,
        reader.refreshes,
        reader.last_reading.as_secs_f64() * 1000.0,
        reader.last_replace.as_secs_f64() * 1000.0,
    );

    drop(watch);
    for (path, text) in files.iter().chain([&(path, text)]) {
        std::fs::write(path, text).expect("write a post back");
    }
}

/// The reader's event loop, without a terminal: notices to the app, the
/// readings it asks for on a background thread, their site given to it.
#[derive(Default)]
struct Reader {
    reloads: usize,
    refreshes: usize,
    /// How long the last background reading took.
    last_reading: Duration,
    /// How long the app took to take the last site read (on the
    /// interface's thread: keys wait for it).
    last_replace: Duration,
}

type Read = (content::Site, FilterIndex, Duration);

impl Reader {
    /// Turns until `done`: when the watch told first, and when `done`.
    fn until(
        &mut self,
        app: &mut App,
        watch: &SiteWatch,
        source: &Source,
        done: impl Fn(&App) -> bool,
    ) -> (Instant, Instant) {
        let mut reading: Option<std::sync::mpsc::Receiver<Read>> = None;
        let mut told = None;
        loop {
            for notice in watch.notices() {
                told.get_or_insert_with(Instant::now);
                app.update(Action::Watch(notice));
            }
            for effect in app.take_effects() {
                let (sender, receiver) = std::sync::mpsc::channel();
                let source = source.clone();
                match effect {
                    Effect::Reload => {
                        self.reloads += 1;
                        liseuse::threads::spawn(move || {
                            let started = Instant::now();
                            let site = liseuse::threads::parallel(|| content::load(&source));
                            let filter_index = FilterIndex::new(&site);
                            let _ = sender.send((site, filter_index, started.elapsed()));
                        });
                    }
                    Effect::Refresh(paths) => {
                        self.refreshes += 1;
                        let site = std::sync::Arc::clone(&app.site);
                        let filter_index = std::sync::Arc::clone(app.filter_index());
                        liseuse::threads::spawn(move || {
                            let started = Instant::now();
                            let (site, filter_index) = liseuse::terminal::refresh_indexed(
                                site,
                                filter_index,
                                &source,
                                &paths,
                            );
                            let _ = sender.send((site, filter_index, started.elapsed()));
                        });
                    }
                    _ => continue,
                }
                reading = Some(receiver);
            }
            if let Some((site, filter_index, took)) =
                reading.as_ref().and_then(|r| r.try_recv().ok())
            {
                reading = None;
                self.last_reading = took;
                let started = Instant::now();
                let old = app.replace_site_indexed(site, filter_index);
                self.last_replace = started.elapsed();
                liseuse::threads::spawn(move || drop(old));
                if done(app) {
                    let shown = Instant::now();
                    return (told.unwrap_or(shown), shown);
                }
            }
            std::thread::sleep(Duration::from_millis(5));
        }
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
