//! `--accessible`: the linear interface for screen readers and braille
//! displays, as screens (snapshots at 80×24 and 40×12, in English and in
//! French) and as the rules it keeps whatever is on screen.

mod support;

use liseuse::app::{App, Effect, Mode, accessible_requested};
use liseuse::content::{Post, PostId};
use liseuse::search::site::IndexBatch;
use liseuse::theme::Theme;
use support::screen::{draw, press, sample_app, text};

fn accessible_app(size: (u16, u16), lang: &str) -> App {
    let mut app = sample_app(size, lang, Theme::plain());
    app.set_accessible(true);
    app
}

/// The site search's index, read at once (the event loop does it in
/// the background).
fn index_at_once(app: &mut App) {
    for effect in app.take_effects() {
        if let Effect::Index { site, ids } = effect {
            let posts: Vec<(PostId, &Post)> =
                ids.iter().map(|&id| (id, &app.site.posts[id])).collect();
            let batch = IndexBatch::new(&posts);
            app.receive_index([(site, batch)]);
        }
    }
}

/// The screen's text, then where the cursor is (column, row).
fn shown(app: &App) -> String {
    let (buffer, focus) = draw(app);
    format!("{}cursor: {}, {}\n", text(&buffer), focus.x, focus.y)
}

#[test]
fn accessible_screens_in_both_languages_at_two_sizes() {
    for (width, height) in [(80, 24), (40, 12)] {
        for lang in ["en", "fr"] {
            let mut app = accessible_app((width, height), lang);
            press(&mut app, "j");
            insta::assert_snapshot!(
                format!("accessible_list_{lang}_{width}x{height}"),
                shown(&app)
            );
            press(&mut app, "<Enter>");
            insta::assert_snapshot!(
                format!("accessible_post_{lang}_{width}x{height}"),
                shown(&app)
            );
            press(&mut app, "c");
            insta::assert_snapshot!(
                format!("accessible_contents_{lang}_{width}x{height}"),
                shown(&app)
            );
            press(&mut app, "<Esc>s");
            index_at_once(&mut app);
            press(&mut app, "ligne<Down>");
            index_at_once(&mut app);
            insta::assert_snapshot!(
                format!("accessible_search_{lang}_{width}x{height}"),
                shown(&app)
            );
        }
    }
}

/// Whatever is shown, no drawing character, one pane, the selected
/// row marked in text.
#[test]
fn no_drawing_character_and_one_pane_on_any_screen() {
    let keys = [
        "",
        "j",
        "/e",
        "/e<Enter>",
        "<Esc><Enter>",
        "<Enter>G",
        "<Enter>c",
        "<Enter>?",
        "<Enter>i",
        "<Enter>T",
        "<Enter>y",
        "s",
        "soffline<Down>",
        "<Enter>/the<Enter>",
    ];
    for size in [(200, 50), (80, 24), (40, 12)] {
        for lang in ["en", "fr"] {
            for keys in keys {
                let mut app = accessible_app(size, lang);
                press(&mut app, keys);
                let screen = shown(&app);
                let drawn: Vec<char> = screen
                    .chars()
                    .filter(|c| ('\u{2500}'..='\u{259f}').contains(c))
                    .collect();
                assert!(drawn.is_empty(), "{keys} at {size:?}: {drawn:?}\n{screen}");
                let panes = app.panes();
                assert!(
                    panes.list.is_none() || panes.reader.is_none(),
                    "{keys} at {size:?}: one pane"
                );
                if app.mode == Mode::Browse && panes.list.is_some() {
                    assert!(screen.contains("\n > "), "{keys}: the row marked\n{screen}");
                }
            }
        }
    }
}

/// A post's own drawing characters (a table, a rule, a box in a code
/// block) are written plainly too.
#[test]
fn a_posts_own_drawing_characters_are_written_plainly() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(
        dir.path().join("boxes.md"),
        "---\ntitle: Boîtes ┌──┐\n---\n\n```\n┌────┐\n│ ok │\n└────┘ ▀▄\n```\n\n\
         | a | b |\n|---|---|\n| 1 | 2 |\n\n---\n\n> cité\n",
    )
    .expect("written");
    let site = liseuse::content::load::load_path(dir.path()).expect("loads");
    let mut app = App::new(site, None, (80, 24), Theme::plain());
    app.set_accessible(true);
    press(&mut app, "<Enter>");
    let screen = shown(&app);
    assert!(
        !screen
            .chars()
            .any(|c| ('\u{2500}'..='\u{259f}').contains(&c)),
        "{screen}"
    );
    assert!(screen.contains("+----+"), "{screen}");
    assert!(screen.contains("| ok |"), "{screen}");
    assert!(screen.contains("a: 1"), "{screen}");
}

#[test]
fn the_environment_asks_for_it_in_plain_words() {
    let with = |value: &'static str| {
        move |name: &str| (name == "LISEUSE_ACCESSIBLE").then(|| value.to_string())
    };
    assert!(accessible_requested(true, |_| None));
    assert!(!accessible_requested(false, |_| None));
    for yes in ["1", "true", "YES", "on"] {
        assert!(accessible_requested(false, with(yes)), "{yes}");
    }
    for no in ["0", "", "false", "no"] {
        assert!(!accessible_requested(false, with(no)), "{no}");
    }
}

/// A list of every language says each row's language in words, and the
/// rows stay sentences whatever the filter.
#[test]
fn rows_of_every_language_name_their_language() {
    let mut app = accessible_app((120, 30), "en");
    press(&mut app, "/lang:any<Enter>");
    let screen = shown(&app);
    assert!(
        screen.contains(" — English — ") && screen.contains(" — Français — "),
        "{screen}"
    );
    assert!(screen.contains("French version available"), "{screen}");
    assert!(screen.contains("English version available"), "{screen}");
    assert!(screen.contains("\n > "), "{screen}");
}
