//! `e` in a real terminal: the editor (a script standing in for one) gets
//! `+LINE` and the post's path, the reader gives the terminal over and is
//! back on screen after, showing the file as the editor left it.

mod support;

use std::path::Path;
use support::pty::Terminal;

const ENTER_ALTERNATE: &[u8] = b"\x1b[?1049h";
const LEAVE_ALTERNATE: &[u8] = b"\x1b[?1049l";

/// A site of one post: front matter of four lines, a blank line, then
/// thirty short numbered paragraphs (`¶n` on line 6 + 2 (n - 1)).
fn site(dir: &Path) {
    let mut text = String::from("---\ntitle: Lines to edit\ndate: 2024-05-06\n---\n\n");
    for n in 1..=30 {
        text.push_str(&format!("¶{n} a short paragraph.\n\n"));
    }
    std::fs::write(dir.join("lines.md"), text).expect("writes the post");
}

/// An editor that writes its arguments to `record`, one a line, and
/// retitles the post, as a user would.
fn editor(dir: &Path, record: &Path) -> std::path::PathBuf {
    let script = dir.join("editor.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\nsed -i 's/^title: .*/title: Edited title/' \"$2\"\n",
            record.display()
        ),
    )
    .expect("writes the editor");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755))
        .expect("makes it runnable");
    script
}

/// What the editor was given, once it has run.
fn recorded(record: &Path, terminal: &mut Terminal) -> Vec<String> {
    terminal.wait_for("the editor to have run", |_| record.exists());
    let text = std::fs::read_to_string(record).expect("reads the record");
    std::fs::remove_file(record).expect("clears the record");
    text.lines().map(str::to_owned).collect()
}

/// The first paragraph number on screen, if the post is there.
fn first_number(screen: &str) -> Option<usize> {
    screen
        .split('¶')
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
}

#[test]
fn e_runs_the_editor_at_the_line_on_screen_and_the_reader_comes_back() {
    let site_dir = tempfile::tempdir().expect("a site directory");
    site(site_dir.path());
    let tools = tempfile::tempdir().expect("a directory for the editor");
    let record = tools.path().join("arguments");
    let script = editor(tools.path(), &record);
    let script = script.to_str().expect("a UTF-8 path");
    let post = site_dir.path().join("lines.md");
    let post = post.to_str().expect("a UTF-8 path");
    let site = site_dir.path().to_str().expect("a UTF-8 path");
    let mut terminal = Terminal::start(&[site], (80, 24), &[("EDITOR", script), ("VISUAL", "")]);
    terminal.wait_for("the list", |s| s.contains("Lines to edit"));
    terminal.type_keys("\r");
    terminal.wait_for("the post", |s| s.contains("¶1 a short"));

    terminal.type_keys("e");
    assert_eq!(recorded(&record, &mut terminal), ["+6", post]);
    terminal.wait_for("the reader back, the file read again", |s| {
        s.contains("Edited title") && s.contains("¶1 a short")
    });
    // The alternate screen was left for the editor and entered again.
    let entered = terminal
        .stream
        .windows(ENTER_ALTERNATE.len())
        .filter(|w| *w == ENTER_ALTERNATE)
        .count();
    assert_eq!(
        entered, 2,
        "alternate screen entered at start and after the editor"
    );
    assert!(
        terminal
            .stream
            .windows(LEAVE_ALTERNATE.len())
            .any(|w| w == LEAVE_ALTERNATE)
    );

    // Further down, the line follows what is on screen.
    terminal.type_keys("jjjjjjjjjjjjjjj");
    terminal.wait_for("the post scrolled", |s| !s.contains("¶1 a short"));
    let number = first_number(&terminal.screen()).expect("a numbered paragraph on screen");
    terminal.type_keys("e");
    let line = 6 + 2 * (number - 1);
    assert_eq!(
        recorded(&record, &mut terminal),
        [format!("+{line}"), post.to_owned()]
    );
    terminal.wait_for("the reader back where it was", |s| {
        first_number(s) == Some(number)
    });
    terminal.type_keys("q");
    assert!(terminal.wait_exit(), "exits with 0");
}

#[test]
fn an_editor_that_cannot_start_is_named_and_the_reader_goes_on() {
    let site_dir = tempfile::tempdir().expect("a site directory");
    site(site_dir.path());
    let site = site_dir.path().to_str().expect("a UTF-8 path");
    let mut terminal = Terminal::start(
        &[site],
        (80, 24),
        &[
            ("EDITOR", "/nonexistent/no-such-editor --wait"),
            ("VISUAL", ""),
        ],
    );
    terminal.wait_for("the list", |s| s.contains("Lines to edit"));
    terminal.type_keys("\r");
    terminal.wait_for("the post", |s| s.contains("¶1 a short"));
    terminal.type_keys("e");
    terminal.wait_for("the failure named", |s| {
        s.contains("/nonexistent/no-such-editor") && s.contains("¶1 a short")
    });
    terminal.type_keys("q");
    assert!(terminal.wait_exit(), "exits with 0");
}
