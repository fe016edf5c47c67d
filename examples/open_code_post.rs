//! How long the key that opens a post with code takes in the reader, the
//! first time (each grammar's patterns compiled then) and the second
//! (from the reader's caches): the figure behind "opening a post answers
//! within 16 ms" for highlighted code (issue 20).
//!
//! The key answers before the code is highlighted; the time the reader's
//! background takes to colour it is shown beside it.
//!
//! ```sh
//! cargo run --example open_code_post -- tests/fixtures/code/code-tour.md
//! ```

use liseuse::app::action::Action;
use liseuse::app::{App, Effect};
use liseuse::content::{Source, load};
use liseuse::render::highlight::CodeJob;
use liseuse::theme::Theme;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let path = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "tests/fixtures/code/code-tour.md".into()),
    );
    let site = load(&Source::File(path));
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
