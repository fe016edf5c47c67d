//! The real binary in a pseudo-terminal, on posts in Bengali, Hindi, Urdu,
//! Arabic, Japanese and with emoji sequences: the terminal emulator reading
//! the output (vt100) gives some graphemes other widths than the layout
//! did, and still every border stays in its column and switching language
//! leaves nothing of the previous post behind.

mod support;

use support::pty::Terminal;

const SITE: &str = "tests/fixtures/sixteen";
const SIZE: (u16, u16) = (100, 30);

/// The wide layout's panes: the list's right border and the reader's.
fn border_columns() -> [u16; 2] {
    let list = (SIZE.0 * 2 / 5).clamp(36, 60);
    [list - 1, SIZE.0 - 1]
}

/// What the emulator shows in a cell; one never written is blank.
fn cell(terminal: &Terminal, row: u16, column: u16) -> String {
    let contents = terminal
        .parser
        .screen()
        .cell(row, column)
        .map(|c| c.contents().to_string())
        .unwrap_or_default();
    if contents.is_empty() {
        " ".to_string()
    } else {
        contents
    }
}

/// Every row of both panes ends with its frame, in its column.
fn assert_borders_in_place(terminal: &Terminal, what: &str) {
    for column in border_columns() {
        for row in 0..SIZE.1 - 1 {
            let expected = match row {
                0 => "┐",
                r if r == SIZE.1 - 2 => "┘",
                _ => "│",
            };
            assert_eq!(
                cell(terminal, row, column),
                expected,
                "{what}: row {row}, column {column}; screen:\n{}",
                terminal.screen()
            );
        }
    }
}

/// The reader's pane, row by row, as the emulator shows it.
fn reader_pane(terminal: &Terminal) -> Vec<String> {
    let left = border_columns()[0] + 1;
    (0..SIZE.1 - 1)
        .map(|row| {
            (left..SIZE.0)
                .map(|column| cell(terminal, row, column))
                .collect::<String>()
        })
        .collect()
}

fn open(target: &str) -> Terminal {
    let mut terminal = Terminal::start(&[SITE, target], SIZE, &[("LANG", "C.UTF-8")]);
    terminal.wait_for("the post", |screen| screen.contains('%'));
    terminal
}

#[test]
fn borders_hold_beside_every_script() {
    for target in [
        "content/bn/context.md",
        "content/hi/notes.md",
        "content/ur/library.md",
        "content/ar/notes.md",
        "content/ja/notes.md",
        "content/en/family.md",
    ] {
        let mut terminal = open(target);
        assert_borders_in_place(&terminal, target);
        // Scrolled: every row is drawn again over the previous frame's.
        terminal.type_keys("jjjj");
        terminal.type_keys(" ");
        assert_borders_in_place(&terminal, &format!("{target}, scrolled"));
        terminal.type_keys("q");
        assert!(terminal.wait_exit());
    }
}

#[test]
fn switching_language_leaves_no_stray_cells() {
    // Bengali, then `t` to the next language that has the post (German).
    let mut switched = open("content/bn/service.md");
    switched.type_keys("t");
    switched.wait_for("the German post", |screen| {
        screen.contains("Unseren Dienst")
    });
    assert_borders_in_place(&switched, "after t");
    let fresh = open("content/de/service.md");
    assert_eq!(reader_pane(&switched), reader_pane(&fresh));

    // Urdu, then `T` and English (the first language offered).
    let mut switched = open("content/ur/service.md");
    switched.type_keys("T");
    // Fifteen languages: `1` waits for a second digit, Enter takes it.
    switched.type_keys("1\r");
    switched.wait_for("the English post", |screen| {
        screen.contains("Our service works")
    });
    assert_borders_in_place(&switched, "after T");
    let fresh = open("content/en/service.md");
    assert_eq!(reader_pane(&switched), reader_pane(&fresh));
    for mut terminal in [switched, fresh] {
        terminal.type_keys("q");
        assert!(terminal.wait_exit());
    }
}
