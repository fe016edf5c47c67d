//! `v`: a post beside its translation. Whole screens on our own fixture
//! pair (`tests/fixtures/sites/side-by-side`: English, French, Arabic,
//! Japanese) at 120 and 200 columns; on the real corpus (read through
//! `LISEUSE_CORPUS`, nothing of it stored) properties only: headings of
//! both sides on one row, nothing past its column, both sides scrolled
//! together.

mod support;

use liseuse::app::action::Action;
use liseuse::app::{App, SideView};
use liseuse::content::{self, Lang, PostId, Site, Source};
use liseuse::render::{self, align, wrap};
use liseuse::theme::Theme;
use ratatui::buffer::Buffer;
use std::path::PathBuf;
use support::screen::{draw, press, text};

fn fixture_site() -> Site {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sites/side-by-side");
    content::load(&Source::from_path(&dir).expect("the fixture site"))
}

/// The post of `site` in `lang` whose file is `name`.
fn post(site: &Site, lang: &str, name: &str) -> PostId {
    site.posts
        .iter()
        .position(|p| p.lang == Lang::new(lang) && p.path.ends_with(name))
        .unwrap_or_else(|| panic!("{lang}/{name} in the fixture"))
}

/// The reader on the fixture, its field notes open in `lang`.
fn reading(lang: &str, size: (u16, u16)) -> App {
    let site = fixture_site();
    let id = post(&site, lang, "field-notes.md");
    let mut app = App::new(site, Some(Lang::new(lang)), size, Theme::plain());
    app.start_at(id);
    app
}

/// The cells of row `y` from `x` for `width`, as text.
fn cells(buffer: &Buffer, x: u16, y: u16, width: u16) -> String {
    (x..x + width).map(|x| buffer[(x, y)].symbol()).collect()
}

/// Every row between the frames' top and bottom keeps both columns'
/// borders in their place: no text ran into or over them.
fn assert_columns_exact(buffer: &Buffer) {
    let (width, height) = (buffer.area.width, buffer.area.height);
    let half = width / 2;
    for y in 1..height.saturating_sub(2) {
        for x in [0, half - 1, half, width - 1] {
            assert_eq!(
                buffer[(x, y)].symbol(),
                "│",
                "row {y}, column {x}:\n{}",
                text(buffer)
            );
        }
        // The margin inside each frame stays blank.
        for x in [1, half - 2, half + 1, width - 2] {
            assert_eq!(buffer[(x, y)].symbol(), " ", "row {y}, column {x}");
        }
    }
}

#[test]
fn side_by_side_at_120_and_200_columns() {
    for size in [(120, 40), (200, 30)] {
        let mut app = reading("en", size);
        press(&mut app, "v");
        let (buffer, _) = draw(&app);
        assert_columns_exact(&buffer);
        insta::assert_snapshot!(format!("en_fr_{}x{}", size.0, size.1), text(&buffer));
        press(&mut app, "G");
        let (buffer, _) = draw(&app);
        assert_columns_exact(&buffer);
        insta::assert_snapshot!(format!("en_fr_{}x{}_end", size.0, size.1), text(&buffer));
    }
}

#[test]
fn matched_headings_share_a_row_and_the_heading_only_in_english_is_padded() {
    let mut app = reading("en", (120, 60));
    press(&mut app, "v");
    let (buffer, _) = draw(&app);
    let row_of = |needle: &str, left: bool| {
        (0..buffer.area.height)
            .find(|&y| {
                let x = if left { 0 } else { 60 };
                cells(&buffer, x, y, 60).contains(needle)
            })
            .unwrap_or_else(|| panic!("{needle} on screen:\n{}", text(&buffer)))
    };
    for (english, french) in [
        ("Soil", "Le sol"),
        ("Water", "L’eau"),
        ("Tools", "Les outils"),
        ("Next season", "La saison prochaine"),
    ] {
        assert_eq!(row_of(english, true), row_of(french, false), "{english}");
    }
    // The French has no note on the lock: its column is blank beside it.
    let note = row_of("A note on the shed lock", true);
    assert_eq!(cells(&buffer, 61, note, 58).trim(), "");
}

#[test]
fn t_swaps_the_sides_and_capital_t_brings_the_next_translation() {
    let mut app = reading("en", (120, 40));
    press(&mut app, "v");
    let title_row = |app: &App| {
        let screen = text(&draw(app).0);
        screen.lines().next().unwrap_or_default().to_string()
    };
    assert!(
        title_row(&app).starts_with("┌ English"),
        "{}",
        title_row(&app)
    );
    press(&mut app, "t");
    let swapped = title_row(&app);
    assert!(swapped.starts_with("┌ Français"), "{swapped}");
    assert!(swapped.contains("┌ English"), "{swapped}");
    press(&mut app, "T");
    let third = title_row(&app);
    assert!(third.starts_with("┌ Français"), "{third}");
    assert!(third.contains("┌ العربية"), "{third}");
    press(&mut app, "T");
    assert!(title_row(&app).contains("┌ 日本語"));
    // Wide and right-to-left text keep the columns exact.
    for lang in ["ar", "ja"] {
        let mut app = reading(lang, (120, 40));
        press(&mut app, "v");
        assert_columns_exact(&draw(&app).0);
        press(&mut app, "G");
        assert_columns_exact(&draw(&app).0);
    }
}

#[test]
fn v_again_and_esc_return_to_one_post_at_the_same_place() {
    for leave in ["v", "<Esc>"] {
        let mut app = reading("en", (120, 20));
        press(&mut app, "v");
        press(&mut app, "jjjjjjjjjjjjjjjjjjjjjj");
        let (buffer, _) = draw(&app);
        let top_left = cells(&buffer, 2, 1, 40).trim_end().to_string();
        assert!(!top_left.is_empty(), "{}", text(&buffer));
        press(&mut app, leave);
        assert!(app.side.is_none());
        let (buffer, _) = draw(&app);
        let screen = text(&buffer);
        assert!(
            screen.lines().nth(1).is_some_and(|l| l.contains(&top_left)),
            "{top_left:?} on the first row of:\n{screen}"
        );
        // The list is back beside the post.
        assert!(screen.starts_with("┌ Posts"), "{screen}");
    }
}

#[test]
fn after_t_one_post_is_the_post_on_the_left_in_its_language() {
    let mut app = reading("en", (120, 30));
    press(&mut app, "vtv");
    let open = app.reading.as_ref().map(|r| r.id).expect("a post open");
    assert_eq!(app.site.posts[open].lang, Lang::new("fr"));
    assert_eq!(app.lang, Lang::new("fr"));
}

#[test]
fn under_100_columns_it_says_so_and_a_resize_brings_the_columns() {
    let mut app = reading("fr", (80, 24));
    press(&mut app, "v");
    let screen = text(&draw(&app).0);
    assert!(screen.contains("100 colonnes"), "{screen}");
    assert!(!screen.contains('│'), "nothing drawn broken:\n{screen}");
    app.update(Action::Resize(120, 30));
    assert_columns_exact(&draw(&app).0);
    app.update(Action::Resize(99, 30));
    assert!(text(&draw(&app).0).contains("100 colonnes"));
    let mut english = reading("en", (99, 30));
    press(&mut english, "v");
    assert!(text(&draw(&english).0).contains("needs 100 columns"));
}

#[test]
fn a_post_without_translation_says_so_and_stays_alone() {
    let site = fixture_site();
    let id = post(&site, "en", "alone.md");
    let mut app = App::new(site, Some(Lang::new("en")), (120, 30), Theme::plain());
    app.start_at(id);
    press(&mut app, "v");
    assert!(app.side.is_none());
    let screen = text(&draw(&app).0);
    let status = screen.lines().last().unwrap_or_default();
    assert!(status.contains("No translation to show beside"), "{status}");
}

#[test]
fn other_keys_say_how_to_return_and_help_comes_back_to_the_pair() {
    let mut app = reading("en", (120, 30));
    press(&mut app, "v");
    press(&mut app, "s");
    assert!(app.side.is_some());
    let status = app.message.clone().unwrap_or_default();
    assert!(status.contains("v or Esc"), "{status}");
    press(&mut app, "?");
    press(&mut app, "?");
    assert!(app.side.is_some(), "help leaves the pair as it was");
    assert_columns_exact(&draw(&app).0);
}

#[test]
fn accessible_the_pair_is_interleaved_and_written_without_drawing() {
    let mut app = reading("en", (80, 40));
    app.set_accessible(true);
    press(&mut app, "v");
    let (buffer, focus) = draw(&app);
    let screen = text(&buffer);
    assert!(
        !screen.chars().any(liseuse::ui::is_drawing_character),
        "{screen}"
    );
    let english = screen
        .find("EN:  # Field notes")
        .unwrap_or_else(|| panic!("English first:\n{screen}"));
    let french = screen
        .find("FR:  # Carnet de terrain")
        .expect("then French");
    assert!(english < french, "{screen}");
    // A French heading follows the English one it stands for.
    let soil = screen.find("EN:  ## Soil").expect("the English heading");
    let sol = screen.find("FR:  ## Le sol").expect("the French heading");
    let water = screen.find("EN:  ## Water").expect("the next English one");
    assert!(soil < sol && sol < water, "{screen}");
    assert_eq!(focus.y, 1, "the cursor on the first line");
    insta::assert_snapshot!("accessible_en_fr_80x40", screen);
}

// The real corpus: properties, no text stored.

fn corpus() -> Site {
    let corpus = std::env::var_os("LISEUSE_CORPUS").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
        PathBuf::from,
    );
    let dir = corpus.join("digital-canada-ca");
    assert!(dir.is_dir(), "the real corpus is not at {}", dir.display());
    content::load(&Source::from_path(&dir).expect("a site"))
}

/// The line each heading of post `id` starts at, laid out at `width`.
fn heading_lines(site: &Site, id: PostId, width: u16) -> (Vec<u8>, Vec<usize>) {
    let document = render::render_post(site, id);
    let (_, starts) =
        wrap::layout_decorated(&document, width, &Theme::plain(), wrap::Decoration::Drawn);
    document
        .headings
        .iter()
        .map(|h| (h.level, starts[h.block]))
        .unzip()
}

#[test]
fn on_the_corpus_headings_share_rows_columns_hold_and_sides_scroll_together() {
    let site = corpus();
    let english: Vec<PostId> = (0..site.posts.len())
        .filter(|&id| site.posts[id].lang == Lang::new("en"))
        .filter(|&id| site.posts[id].translations.contains_key(&Lang::new("fr")))
        .collect();
    assert!(english.len() > 100, "the corpus has its pairs");
    let mut app = App::new(site, Some(Lang::new("en")), (120, 40), Theme::plain());
    let (mut same_outline, mut headings_checked) = (0, 0);
    for (n, &id) in english.iter().enumerate() {
        let size = if n % 2 == 0 { (120, 40) } else { (200, 50) };
        app.update(Action::Resize(size.0, size.1));
        app.start_at(id);
        app.update(Action::SideBySide);
        let side = app.side.as_ref().expect("side by side");
        let Some(SideView::Columns {
            width,
            rows,
            left,
            right,
            ..
        }) = side.view.as_deref()
        else {
            panic!("columns at {size:?}");
        };
        let (left_id, right_id) = (side.left, side.right);
        assert_eq!(app.site.posts[right_id].lang, Lang::new("fr"));
        // Every line of each side shown once, in order.
        let shown = |pick: fn(&align::Row) -> Option<usize>| -> Vec<usize> {
            rows.iter().filter_map(pick).collect()
        };
        assert_eq!(shown(|r| r.left), (0..left.len()).collect::<Vec<_>>());
        assert_eq!(shown(|r| r.right), (0..right.len()).collect::<Vec<_>>());
        // Headings: where both outlines agree, each heading sits on the row
        // of its counterpart.
        let (left_levels, left_lines) = heading_lines(&app.site, left_id, *width);
        let (right_levels, right_lines) = heading_lines(&app.site, right_id, *width);
        let row_of = |line: usize, left: bool| {
            rows.iter()
                .position(|r| if left { r.left } else { r.right } == Some(line))
                .expect("a row for every line")
        };
        if left_levels == right_levels {
            same_outline += 1;
            for (l, r) in left_lines.iter().zip(&right_lines) {
                assert_eq!(
                    row_of(*l, true),
                    row_of(*r, false),
                    "post {}",
                    app.site.posts[left_id].path.display()
                );
                headings_checked += 1;
            }
        }
        // Nothing past its column; both sides move together.
        let (before, _) = draw(&app);
        assert_columns_exact(&before);
        let page = usize::from(size.1) - 4;
        if rows.len() > page + 3 {
            app.update(Action::Down);
            app.update(Action::Down);
            app.update(Action::Down);
            let (after, _) = draw(&app);
            assert_columns_exact(&after);
            let half = size.0 / 2;
            for y in 1..(size.1 - 5) {
                for x in [0, half] {
                    assert_eq!(
                        cells(&after, x, y, half),
                        cells(&before, x, y + 3, half),
                        "row {y} moved by three on both sides"
                    );
                }
            }
        }
        app.update(Action::SideBySide);
        assert!(app.side.is_none());
    }
    assert!(same_outline > 50, "{same_outline} pairs with one outline");
    assert!(headings_checked > 100, "{headings_checked} headings");
}

#[test]
fn narrowing_and_widening_again_keeps_the_place() {
    let mut app = reading("en", (120, 20));
    press(&mut app, "v");
    press(&mut app, "jjjjjjjjjjjjjjjjjjjj");
    let before = text(&draw(&app).0);
    app.update(Action::Resize(80, 20));
    assert!(text(&draw(&app).0).contains("needs 100 columns"));
    app.update(Action::Resize(120, 20));
    let after = text(&draw(&app).0);
    assert_eq!(
        before.lines().nth(1),
        after.lines().nth(1),
        "{before}\n{after}"
    );
    // Entered on a narrow screen, the pair opens where the post was read.
    let mut app = reading("en", (80, 12));
    press(&mut app, "<Enter>jjjjjjjjjjjjjjjjjjjjjjjj");
    let top = app.scroll;
    assert!(top > 0);
    press(&mut app, "v");
    app.update(Action::Resize(120, 12));
    press(&mut app, "v");
    assert!(app.scroll > 0, "back near line {top}, not at the top");
}

#[test]
fn slash_finds_in_both_posts_and_n_goes_from_one_side_to_the_other() {
    let mut app = reading("en", (120, 20));
    press(&mut app, "v/compost<Enter>");
    assert_eq!(app.found_count(), 2, "once in each language");
    let side = app.side.as_ref().expect("still side by side");
    assert_eq!(
        side.matches.iter().map(|m| m.right).collect::<Vec<_>>(),
        vec![false, true]
    );
    let (buffer, focus) = draw(&app);
    // The match under the cursor is marked in the left column.
    assert!(focus.x < 60, "{focus:?}");
    assert_eq!(
        cells(&buffer, focus.x, focus.y, 7),
        "compost",
        "{}",
        text(&buffer)
    );
    press(&mut app, "n");
    let (buffer, focus) = draw(&app);
    assert!(focus.x > 60, "{focus:?}");
    assert_eq!(cells(&buffer, focus.x, focus.y, 7), "compost");
    let status = text(&buffer).lines().last().unwrap_or_default().to_string();
    assert!(status.contains("2/2"), "{status}");
    // Esc clears the search, then returns to one post.
    press(&mut app, "<Esc>");
    assert!(app.side.is_some() && app.found_count() == 0);
    press(&mut app, "<Esc>");
    assert!(app.side.is_none());
}
