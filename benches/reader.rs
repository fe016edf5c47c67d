//! The reader's figures (DESIGN §6): one filter keystroke over 100,000
//! titles (≤ 16 ms, folding included) and drawing a 200×60 frame (≤ 1 ms).
//!
//! The 100,000 posts are the real corpus's posts repeated, each copy's title
//! made distinct, so the titles are real titles.

use criterion::{Criterion, black_box, criterion_group};
use liseuse::app::App;
use liseuse::content::{self, Site};
use liseuse::search::FilterIndex;
use liseuse::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::PathBuf;

fn corpus_site() -> Site {
    let dir = std::env::var_os("LISEUSE_CORPUS").map_or_else(
        || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus")),
        PathBuf::from,
    );
    let site = dir.join("digital-canada-ca");
    if !site.is_dir() {
        eprintln!(
            "reader bench: the real corpus is missing at {}",
            site.display()
        );
        std::process::exit(1);
    }
    content::load::load_path(&site).expect("the corpus loads")
}

fn hundred_thousand(site: &Site) -> Site {
    let mut posts = Vec::with_capacity(100_000);
    let mut copy = 0;
    while posts.len() < 100_000 {
        for post in &site.posts {
            if posts.len() == 100_000 {
                break;
            }
            let mut post = post.clone();
            let data = post.data_mut();
            data.title = format!("{} ({copy})", data.title);
            data.text = liseuse::content::FileText::default();
            post.translations.clear();
            posts.push(post);
        }
        copy += 1;
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

fn filter(c: &mut Criterion) {
    let site = hundred_thousand(&corpus_site());
    let index = FilterIndex::new(&site);
    let candidates: Vec<usize> = (0..site.posts.len()).collect();
    let mut group = c.benchmark_group("filter_100k");
    group.sample_size(20);
    // Typing the 8th letter of a word: the list is filtered again from all posts.
    group.bench_function("keystroke_numeriqu", |b| {
        b.iter(|| black_box(index.filter(&candidates, black_box("numeriqu")).0.len()))
    });
    group.bench_function("keystroke_two_words", |b| {
        b.iter(|| black_box(index.filter(&candidates, black_box("gc for")).0.len()))
    });
    group.bench_function("keystroke_fuzzy_fallback", |b| {
        b.iter(|| black_box(index.filter(&candidates, black_box("xqzw")).0.len()))
    });
    // No word as written but many fuzzy matches ("digital" in most
    // titles and paths): what the fuzzy matcher itself costs.
    group.bench_function("keystroke_fuzzy_many", |b| {
        b.iter(|| black_box(index.filter(&candidates, black_box("dgtl")).0.len()))
    });
    // Typing a query key by key, as the reader filters it: each key
    // after the first refines the matches of the one before. The time is
    // for the whole query, 18 keys.
    group.bench_function("typing_digital_government", |b| {
        let typed = "digital government";
        b.iter(|| {
            let (mut matches, mut by) = index.filter(&candidates, "");
            for end in 1..=typed.len() {
                (matches, by) = index.refine(&candidates, &typed[..end], &matches, &by);
            }
            black_box(matches.len())
        })
    });
    group.finish();
}

fn draw(c: &mut Criterion) {
    let site = corpus_site();
    let app = App::new(site, None, (200, 60), Theme::colored());
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    c.bench_function("draw_200x60", |b| {
        b.iter(|| {
            terminal
                .draw(|frame| liseuse::ui::draw(frame, &app))
                .expect("draws");
        })
    });
}

criterion_group!(benches, filter, draw);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
