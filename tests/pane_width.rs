//! The post pane shows exactly what `show` prints at the pane's width,
//! whatever opened the post: no line cut at the pane's edge, no word lost,
//! no line wider than the pane. Every post of the sample and of the
//! many-language fixture at six screen sizes; of the real corpus, one post
//! in two, each at one of the sizes in turn (the same posts every run:
//! chosen by their order), and each one's translation; all opened each way
//! the reader opens posts.
//!
//! The corpus at every size took three minutes of CI's run, the sampled
//! corpus takes a tenth of that; the sample and the fixture still go
//! through every size.

use liseuse::app::action::Action;
use liseuse::app::{App, DEFAULT_MEASURE, Pane, inner_height, reader_area, text_width};
use liseuse::content::{self, PostId, Site, Source};
use liseuse::render;
use liseuse::text::cells;
use liseuse::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use std::path::PathBuf;
use unicode_segmentation::UnicodeSegmentation;

const SIZES: [(u16, u16); 6] = [
    (40, 12),
    (60, 20),
    (80, 24),
    (100, 30),
    (120, 40),
    (200, 60),
];

fn corpus_site() -> Site {
    let corpus = std::env::var_os("LISEUSE_CORPUS").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
        PathBuf::from,
    );
    let dir = corpus.join("digital-canada-ca");
    assert!(
        dir.is_dir(),
        "the real corpus is not at {} (set LISEUSE_CORPUS)",
        dir.display()
    );
    content::load(&Source::from_path(&dir).expect("a site"))
}

fn fixture_site(name: &str) -> Site {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    content::load(&Source::from_path(&dir).expect("a site"))
}

/// What `show --width` prints for post `id` at the width of the pane a
/// screen of `size` gives it (at most the reading measure), as text.
fn shown_by_show(site: &Site, id: PostId, size: (u16, u16)) -> Vec<String> {
    let width = text_width(reader_area(size)).min(DEFAULT_MEASURE);
    let document = render::render_post(site, id);
    render::wrap::layout(&document, width, &Theme::plain())
        .iter()
        .map(|line| {
            line.spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect()
}

/// The text of row `y` of `buffer` from column `x`, `width` cells, as a
/// terminal shows it (the cells a wide grapheme covers are not text).
fn row_text(buffer: &Buffer, x: u16, y: u16, width: u16) -> String {
    let mut text = String::new();
    let mut column = x;
    while column < x + width {
        let symbol = buffer[(column, y)].symbol();
        text.push_str(symbol);
        column += (cells::grapheme_width(symbol) as u16).max(1);
    }
    text.trim_end().to_string()
}

/// Draws `app` and checks its post pane against `expected`: the rows
/// shown are the layout's lines from the scroll position on, whole.
fn check(app: &App, expected: &[String], how: &str) {
    let reading = app.reading.as_ref().expect("a post is open");
    let area = reader_area(app.size);
    assert_eq!(
        reading.width,
        text_width(area),
        "{how}: laid out for another pane"
    );
    let mut terminal = Terminal::new(TestBackend::new(app.size.0, app.size.1)).expect("terminal");
    // The frame as drawn, read before any terminal would be written to
    // (thousands of frames: writing each whole to the test backend was a
    // sixth of the time).
    liseuse::ui::draw(&mut terminal.get_frame(), app);
    let buffer = terminal.current_buffer_mut();
    let text_x = area.x + 2;
    let width = text_width(area);
    let limit = usize::from(width.min(DEFAULT_MEASURE));
    for (row, line) in expected
        .iter()
        .skip(app.scroll)
        .take(inner_height(area))
        .enumerate()
    {
        let y = area.y + 1 + row as u16;
        assert!(
            cells::width(line) <= limit,
            "{how}: a line wider than the pane ({limit}): {line:?}"
        );
        // Graphemes of no width (a zero-width space) take no cell.
        let visible: String = line
            .graphemes(true)
            .filter(|g| cells::grapheme_width(g) > 0)
            .collect();
        assert_eq!(
            row_text(buffer, text_x, y, width),
            visible.trim_end(),
            "{how}: row {row} of the pane at {:?}",
            app.size
        );
        assert_eq!(
            buffer[(area.right() - 1, y)].symbol(),
            "│",
            "{how}: the right border at row {row}"
        );
    }
}

/// The layouts `show` prints, by post and width, made once.
type Shown = std::collections::HashMap<(PostId, u16), Vec<String>>;

/// Checks the open post's first page; with `every_page`, a page down and
/// its end too, and that no line of it is wider than the pane.
fn check_open(app: &mut App, site: &Site, shown: &mut Shown, how: &str, every_page: bool) {
    let id = app.reading.as_ref().expect("open").id;
    let width = text_width(reader_area(app.size)).min(DEFAULT_MEASURE);
    let expected = shown
        .entry((id, width))
        .or_insert_with(|| shown_by_show(site, id, app.size));
    let how = format!("{how} {} at {:?}", site.posts[id].path.display(), app.size);
    check(app, expected, &how);
    if every_page {
        if let Some(wide) = expected
            .iter()
            .find(|l| cells::width(l) > usize::from(width))
        {
            panic!("{how}: a line wider than the pane ({width}): {wide:?}");
        }
        app.update(Action::PageDown);
        check(app, expected, &format!("{how}, a page down"));
        app.update(Action::Bottom);
        check(app, expected, &format!("{how}, at the end"));
        app.update(Action::Top);
    }
}

/// Which posts are checked at each size.
#[derive(Clone, Copy)]
enum Posts {
    All,
    /// Post `id` at the size `id % 12` of [`SIZES`] only, when there is
    /// one: half the posts, each size a twelfth of them.
    InTurn,
}

/// The posts of the site `load` reads, at every size, opened each way.
/// The sizes are shared among threads: there are thousands of screens.
fn every_way(load: impl Fn() -> Site, posts: Posts) {
    let site = load();
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    std::thread::scope(|scope| {
        for part in 0..threads {
            let site = &site;
            scope.spawn(move || {
                for (at, size) in SIZES.iter().enumerate().skip(part).step_by(threads) {
                    let ids: Vec<PostId> = (0..site.posts.len())
                        .filter(|id| match posts {
                            Posts::All => true,
                            Posts::InTurn => id % (2 * SIZES.len()) == at,
                        })
                        .collect();
                    every_way_at(site, &ids, *size);
                }
            });
        }
    });
}

fn every_way_at(site: &Site, ids: &[PostId], size: (u16, u16)) {
    let mut shown = Shown::new();
    // A clone shares the posts' files and fields.
    let mut app = App::new(site.clone(), None, size, Theme::plain());
    for &id in ids {
        // A TARGET on the command line.
        app.start_at(id);
        check_open(&mut app, site, &mut shown, "opened at start-up:", true);
        // From the list: back to it, then Enter on the post.
        app.update(Action::Back);
        if let Some(index) = app.matches.iter().position(|m| m.id == id) {
            app.selected = index;
            app.update(Action::Open);
            assert_eq!(app.focus, Pane::Reader);
            check_open(&mut app, site, &mut shown, "opened from the list:", false);
        }
        // A link, a search hit, the history.
        app.visit(id, None);
        check_open(&mut app, site, &mut shown, "followed:", false);
        // The translation and back.
        if !site.posts[id].translations.is_empty() {
            app.update(Action::SwitchLanguage);
            check_open(&mut app, site, &mut shown, "translated:", false);
            app.update(Action::HistoryBack);
            check_open(&mut app, site, &mut shown, "back:", false);
        }
        // A resize from the widest screen.
        app.update(Action::Resize(200, 60));
        app.update(Action::Resize(size.0, size.1));
        check_open(&mut app, site, &mut shown, "resized:", false);
    }
}

#[test]
fn the_sample_fills_its_pane_exactly() {
    every_way(|| content::load(&Source::sample()), Posts::All);
}

#[test]
fn posts_in_many_scripts_fill_their_pane_exactly() {
    every_way(|| fixture_site("sixteen"), Posts::All);
}

#[test]
fn the_real_corpus_fills_its_pane_exactly() {
    every_way(corpus_site, Posts::InTurn);
}
