//! Each built-in theme on one screen that shows most of what it styles:
//! the list filtered (matched letters, the selected row, marks), a post
//! with a match found, headings, links and lists, the status line. The
//! snapshots hold the style of every cell, not only the text.

mod support;

use liseuse::theme::Theme;
use support::screen::{draw, press, sample_app, styled};

fn theme_screen(name: &str) -> String {
    let theme = Theme::named(name).expect("a built-in theme");
    let mut app = sample_app((100, 30), "en", theme);
    press(&mut app, "/offline<Enter>j<Enter>/connection<Enter>");
    let (buffer, _) = draw(&app);
    styled(&buffer)
}

#[test]
fn each_built_in_theme() {
    for name in Theme::names() {
        insta::assert_snapshot!(format!("theme_{name}"), theme_screen(name));
    }
}

/// High contrast: the terminal's own colours, bold, reverse and
/// underline only, on every cell of the screen.
#[test]
fn high_contrast_draws_no_colour_and_no_other_attribute() {
    let theme = Theme::named("high-contrast").expect("built in");
    let mut app = sample_app((100, 30), "fr", theme);
    press(&mut app, "/hors<Enter><Enter>/ligne<Enter>");
    let (buffer, _) = draw(&app);
    let strong = ratatui::style::Modifier::BOLD
        | ratatui::style::Modifier::REVERSED
        | ratatui::style::Modifier::UNDERLINED;
    for cell in buffer.content() {
        assert_eq!(cell.fg, ratatui::style::Color::Reset, "{cell:?}");
        assert_eq!(cell.bg, ratatui::style::Color::Reset, "{cell:?}");
        assert!(strong.contains(cell.modifier), "{cell:?}");
    }
}

/// A theme the reader does not know is a usage error that names them all.
#[test]
fn an_unknown_theme_is_refused_with_the_known_names() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_liseuse"))
        .args(["--theme", "sepia"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8_lossy(&output.stderr);
    for name in Theme::names() {
        assert!(said.contains(name), "{said}");
    }
}

/// Which of two panes has the keyboard is said in words, in every theme,
/// not only by the colour of its frame; one pane alone needs no name.
#[test]
fn the_focused_pane_is_named_in_the_status_line() {
    let status = |app: &liseuse::app::App| {
        let (buffer, _) = draw(app);
        support::screen::text(&buffer)
            .lines()
            .last()
            .expect("a status line")
            .to_string()
    };
    for name in Theme::names() {
        let mut app = sample_app((100, 30), "fr", Theme::named(name).expect("built in"));
        assert!(
            status(&app).ends_with("Liste · FR · 1/10"),
            "{}",
            status(&app)
        );
        press(&mut app, "<Enter>");
        assert!(
            status(&app).ends_with("Billet · FR · 1/10"),
            "{}",
            status(&app)
        );
    }
    let app = sample_app((80, 24), "en", Theme::colored());
    assert!(status(&app).ends_with(" EN · 1/11"), "{}", status(&app));
    assert!(!status(&app).contains("List"), "{}", status(&app));
}
