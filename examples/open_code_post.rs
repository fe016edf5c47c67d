//! How long the key that opens a post with code takes in the reader, the
//! first time (each grammar's patterns compiled then) and the second
//! (from the reader's caches): the figure behind "opening a post answers
//! within 16 ms" for highlighted code (issue 20).
//!
//! The key answers before the code is highlighted; the time the reader's
//! background takes to colour it is shown beside it.
//!
//! `--inline` times instead what the key did before the reader
//! highlighted in the background: the post rendered with its code
//! highlighted, and laid out, on the key's thread.
//!
//! ```sh
//! cargo run --example open_code_post -- tests/fixtures/code/code-tour.md
//! cargo run --example open_code_post -- tests/fixtures/code/code-tour.md --inline
//! ```

use liseuse::app::action::Action;
use liseuse::app::{App, Effect};
use liseuse::content::{Source, load};
use liseuse::render::highlight::CodeJob;
use liseuse::theme::Theme;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map_or_else(|| "tests/fixtures/code/code-tour.md".into(), PathBuf::from);
    let site = load(&Source::File(path));
    if args.iter().any(|a| a == "--inline") {
        let start = Instant::now();
        let document = liseuse::render::render_post(&site, 0);
        let lines = liseuse::render::wrap::layout(&document, 76, &Theme::plain());
        println!(
            "inline: {:.1} ms ({} lines)",
            start.elapsed().as_secs_f64() * 1e3,
            lines.len()
        );
        return;
    }
    let mut app = App::new(site, None, (80, 24), Theme::plain());
    let start = Instant::now();
    app.update(Action::Open);
    let first = start.elapsed();
    // What the reader's background then does before the colours show.
    let start = Instant::now();
    for effect in app.take_effects() {
        if let Effect::Highlight { site, id, jobs } = effect {
            let done = jobs.iter().map(CodeJob::run).collect();
            app.receive_highlights(site, id, done);
        }
    }
    let colours = start.elapsed();
    app.update(Action::Back);
    let start = Instant::now();
    app.update(Action::Open);
    let again = start.elapsed();
    println!(
        "open: first {:.1} ms (then colours {:.1} ms later), again {:.1} ms",
        first.as_secs_f64() * 1e3,
        colours.as_secs_f64() * 1e3,
        again.as_secs_f64() * 1e3
    );
}
