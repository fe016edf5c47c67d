//! The terminal's cursor is where the attention is, after every action:
//! screen readers and braille displays follow it. The real binary in a
//! pseudo-terminal, on its embedded sample, the cursor read back through
//! a terminal emulator (vt100).

mod support;

use support::pty::Terminal;

/// Esc alone: followed at once by a key, a terminal reads it as Alt.
fn escape(terminal: &mut Terminal) {
    terminal.type_keys("\x1b");
}

#[test]
fn the_cursor_is_on_the_focus_after_each_navigation_action() {
    let mut terminal = Terminal::start(&[], (100, 30), &[("LANG", "en_CA.UTF-8")]);
    terminal.wait_for("the list", |s| s.contains("Posts ·"));

    // List moves: the selected row's title.
    terminal.wait_for_focus("the first row", "Plain questions");
    terminal.type_keys("jj");
    terminal.wait_for_focus("two rows down", "Reading our own site");
    terminal.type_keys("k");
    terminal.wait_for_focus("one row up", "Call for testers");
    terminal.type_keys("G");
    terminal.wait_for_focus("the last row", "Workshop notes");
    terminal.type_keys("g");
    terminal.wait_for_focus("the first row again", "Plain questions");

    // The filter prompt: its caret, after what was typed.
    terminal.type_keys("/read");
    terminal.wait_for_cursor("the filter's caret", (1, 7));
    terminal.type_keys("\r");
    terminal.wait_for_focus("the row the filter kept", "Reading our own site");
    escape(&mut terminal);
    terminal.wait_for_focus("the filter cleared, the row kept", "Reading our own site");

    // Open: the first line of the post in view; scrolling moves it.
    terminal.type_keys("\r");
    terminal.wait_for_focus("the post's first line", "Reading our own site offline");
    terminal.type_keys("jj");
    terminal.wait_for_focus("two lines down", "Maya Tremblay");
    terminal.type_keys("k");
    terminal.wait_for_cursor("the top line of the pane", (1, 42));

    // Find: the caret while typing, then the current match.
    terminal.type_keys("/connection");
    terminal.wait_for_cursor("the find prompt's caret", (29, 13));
    terminal.type_keys("\r");
    terminal.wait_for_focus("the first match", "connection");
    terminal.type_keys("n");
    terminal.wait_for_focus("the next match", "connection");
    escape(&mut terminal);
    terminal.wait_for_cursor("find closed: the top line", (1, 42));

    // A link chosen with Tab (at the end, where the links are listed).
    terminal.type_keys("G");
    terminal.type_keys("\t");
    terminal.wait_for("a link chosen", |s| s.contains(" → "));
    let on_link = terminal.text_at_cursor();
    assert!(
        terminal.parser.screen().cursor_position().1 >= 42 && !on_link.starts_with(' '),
        "on the link: {on_link:?}"
    );
    escape(&mut terminal);
    terminal.type_keys("g");

    // Popups: their selected entry, or their first line.
    terminal.type_keys("c");
    terminal.wait_for_focus("the contents' first heading", "What we tried");
    terminal.type_keys("j");
    terminal.wait_for_focus("the contents' next heading", "What a reader needs");
    escape(&mut terminal);
    terminal.type_keys("T");
    terminal.wait_for_focus("the language offered", " 1  Français");
    escape(&mut terminal);
    terminal.type_keys("i");
    terminal.wait_for_focus("the facts' first line", "Source file");
    escape(&mut terminal);
    terminal.type_keys("y");
    terminal.wait_for_focus("the address copied", "https://workshop.example.ca/");
    escape(&mut terminal);
    terminal.type_keys("?");
    terminal.wait_for("help", |s| s.contains("Help"));
    let first_line = terminal.text_at_cursor();
    assert!(
        !first_line.trim().is_empty() && terminal.parser.screen().cursor_position().0 > 0,
        "help's first line: {first_line:?}"
    );
    terminal.type_keys("?");

    // The site search: the caret while typing, the hit when choosing.
    terminal.type_keys("s");
    terminal.type_keys("offline");
    terminal.wait_for("hits", |s| s.contains("s offline"));
    terminal.wait_for_focus("the search's caret", " ");
    let (row, _) = terminal.parser.screen().cursor_position();
    terminal.type_keys("\x1b[B");
    terminal.wait_for("the second hit chosen", |_| true);
    let (hit_row, hit_column) = terminal.parser.screen().cursor_position();
    assert!(
        hit_row > row + 1,
        "on a hit below the query: {hit_row} > {row}"
    );
    let hit = terminal.text_at_cursor();
    assert!(!hit.starts_with(' '), "on the hit's title: {hit:?}");
    terminal.type_keys("\r");
    terminal.wait_for_focus("the hit open, at its match", "offline");
    escape(&mut terminal);
    terminal.wait_for_cursor("back to the hit chosen", (hit_row, hit_column));
    escape(&mut terminal);

    terminal.type_keys("q");
    assert!(terminal.wait_exit());
}

/// Whether the screen holds a box-drawing or block character.
fn has_drawing(text: &str) -> bool {
    text.chars().any(|c| ('\u{2500}'..='\u{259f}').contains(&c))
}

/// `--accessible` (or `LISEUSE_ACCESSIBLE=1`), on a screen wide enough for
/// two panes: one at a time, no drawing character anywhere in what the
/// program writes, the cursor shown and on the focus after each action.
#[test]
fn the_accessible_interface_in_a_terminal() {
    for (args, env) in [
        (&["--accessible"][..], &[("LANG", "en_CA.UTF-8")][..]),
        (
            &[][..],
            &[("LANG", "en_CA.UTF-8"), ("LISEUSE_ACCESSIBLE", "1")][..],
        ),
    ] {
        let mut terminal = Terminal::start(args, (120, 30), env);
        terminal.wait_for("the list, loaded", |s| s.contains("posts loaded."));
        let check = |terminal: &Terminal, what: &str| {
            let screen = terminal.screen();
            assert!(!has_drawing(&screen), "{what}: drawing on screen\n{screen}");
            assert!(
                !terminal.parser.screen().hide_cursor(),
                "{what}: the cursor is shown"
            );
        };
        terminal.wait_for_focus("the first row", "Plain questions & short forms —");
        check(&terminal, "the list");
        assert!(terminal.screen().contains(" > Plain questions"));
        terminal.type_keys("jj");
        terminal.wait_for_focus("two rows down", "Reading our own site offline —");
        terminal.type_keys("\r");
        terminal.wait_for_focus("the post's first line", "# Reading our own site offline");
        check(&terminal, "the post");
        assert!(
            !terminal.screen().contains("Posts ·"),
            "one pane: {}",
            terminal.screen()
        );
        terminal.type_keys("/connection\r");
        terminal.wait_for_focus("the match found", "connection");
        escape(&mut terminal);
        for (key, focus) in [
            ("c", "What we tried"),
            ("T", " 1  Français"),
            ("i", "Source file"),
            ("y", "https://workshop.example.ca/"),
        ] {
            terminal.type_keys(key);
            terminal.wait_for_focus(key, focus);
            check(&terminal, key);
            escape(&mut terminal);
        }
        terminal.type_keys("?");
        terminal.wait_for("help", |s| s.contains("Help"));
        check(&terminal, "help");
        terminal.type_keys("?s");
        terminal.type_keys("offline");
        terminal.wait_for("hits", |s| s.contains(" — English — "));
        terminal.type_keys("\x1b[B");
        terminal.wait_for_focus("a hit, marked", "An offline-first");
        check(&terminal, "search");
        assert!(terminal.screen().contains("> An offline-first"));
        escape(&mut terminal);
        terminal.type_keys("q");
        assert!(terminal.wait_exit());
        let written = String::from_utf8_lossy(&terminal.stream);
        assert!(!has_drawing(&written), "drawing characters were written");
    }
}
