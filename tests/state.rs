//! What the reader remembers between runs, through the real binary in a
//! pseudo-terminal, its state kept in a directory of the test's own
//! (`XDG_STATE_HOME`): the place it comes back to, read marks and
//! bookmarks across runs, a damaged state file kept aside, a state
//! directory it cannot write to, and a save on SIGTERM.

mod support;

use std::path::{Path, PathBuf};
use support::pty::Terminal;

fn corpus_site() -> String {
    let dir = std::env::var("LISEUSE_CORPUS")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus").to_string());
    let site = format!("{dir}/digital-canada-ca");
    assert!(
        Path::new(&site).is_dir(),
        "the real corpus is missing at {site}"
    );
    site
}

fn loaded(screen: &str) -> bool {
    !screen.contains("Loading") && !screen.contains("Chargement")
}

/// The reader with its state in `state`.
fn start(args: &[&str], size: (u16, u16), state: &Path) -> Terminal {
    let state = state.to_str().expect("UTF-8");
    Terminal::start(args, size, &[("XDG_STATE_HOME", state), ("LANG", "C")])
}

/// The state files written under `state`.
fn state_files(state: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(state.join("liseuse")) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    files.sort();
    files
}

#[test]
fn the_reader_comes_back_to_the_same_screen_after_quitting() {
    let site = corpus_site();
    let state = tempfile::tempdir().expect("temp dir");
    let mut terminal = start(&[&site], (110, 30), state.path());
    terminal.wait_for("the list, loaded", |s| {
        s.contains("Posts · English") && loaded(s)
    });
    terminal.type_keys("jjj\r");
    terminal.type_keys("  j");
    terminal.wait_for("a post scrolled", |s| !s.contains(" 0 % "));
    std::thread::sleep(std::time::Duration::from_millis(300));
    terminal.type_keys("");
    let before = terminal.screen();
    terminal.type_keys("q");
    assert!(terminal.wait_exit(), "exits with 0");
    assert_eq!(state_files(state.path()).len(), 1, "one file for the site");

    let mut again = start(&[&site], (110, 30), state.path());
    again.wait_for("the same screen", |s| s == before);
    again.type_keys("q");
    assert!(again.wait_exit());

    // --fresh: the list at its top, the last post one Backspace away.
    let mut fresh = start(&[&site, "--fresh"], (80, 24), state.path());
    fresh.wait_for("the list", |s| s.contains("Posts · English") && loaded(s));
    fresh.type_keys("\x7f");
    let title = before
        .lines()
        .next()
        .and_then(|line| line.split('┌').nth(2))
        .map(|t| {
            t.trim_matches(|c: char| c == '─' || c == ' ' || c == '┐')
                .to_string()
        })
        .expect("the open post's title");
    let part: String = title.chars().take(20).collect();
    fresh.wait_for("the last post again", |s| s.contains(&part));
    fresh.type_keys("q");
    assert!(fresh.wait_exit());
}

#[test]
fn read_marks_and_bookmarks_last_across_runs() {
    let state = tempfile::tempdir().expect("temp dir");
    let mut terminal = start(&["--lang", "en"], (80, 24), state.path());
    terminal.wait_for("the sample's list, every post unread", |s| {
        s.contains("Posts · English") && s.contains("│▌•")
    });
    terminal.type_keys("\r");
    terminal.type_keys("m");
    terminal.wait_for("the bookmark set", |s| s.contains("Bookmark added"));
    terminal.type_keys("q");
    assert!(terminal.wait_exit());

    let mut again = start(&["--fresh", "--lang", "en"], (80, 24), state.path());
    again.wait_for("the list, the first post read", |s| {
        s.contains("│▌ 2") && s.contains("│ •2")
    });
    again.type_keys("B");
    again.wait_for("the bookmarks", |s| {
        s.contains("Bookmarks") && s.contains(" EN ")
    });
    again.type_keys("\r");
    again.wait_for("the post open", |s| !s.contains("Posts · English"));
    again.type_keys("B");
    again.type_keys("d");
    again.wait_for("the bookmark removed", |s| s.contains("Bookmark removed"));
    again.type_keys("q");
    assert!(again.wait_exit());
    let text = std::fs::read_to_string(&state_files(state.path())[0]).expect("read");
    assert!(text.contains("\nunbookmark "), "{text}");
    assert!(text.contains("\nread "), "{text}");
}

#[test]
fn a_damaged_state_file_is_kept_aside_and_the_reader_starts() {
    let state = tempfile::tempdir().expect("temp dir");
    let mut terminal = start(&["--lang", "en"], (80, 24), state.path());
    terminal.wait_for("the list", |s| s.contains("Posts · English"));
    terminal.type_keys("\rq");
    assert!(terminal.wait_exit());
    let file = state_files(state.path()).pop().expect("a state file");
    std::fs::write(&file, b"liseuse-state 1\nread nonsense\n").expect("damaged");

    let mut again = start(&["--lang", "en"], (100, 24), state.path());
    again.wait_for("the notice and the list", |s| {
        s.contains("kept as") && s.contains("Posts · English")
    });
    again.type_keys("q");
    assert!(again.wait_exit());
    let files = state_files(state.path());
    let aside = files
        .iter()
        .find(|f| f.to_string_lossy().contains(".bad-"))
        .expect("kept aside");
    assert_eq!(
        std::fs::read(aside).expect("read"),
        b"liseuse-state 1\nread nonsense\n",
        "kept as it was"
    );
}

#[test]
fn a_state_directory_that_cannot_be_written_costs_a_notice() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A file where the directory should be: no one, root included, can
    // make a directory in it.
    let blocked = dir.path().join("not-a-directory");
    std::fs::write(&blocked, b"").expect("written");
    let mut terminal = start(&["--lang", "en"], (100, 24), &blocked);
    terminal.wait_for("the list and a notice", |s| {
        s.contains("Posts · English") && s.contains("not-a-directory")
    });
    terminal.type_keys("\r");
    terminal.wait_for("the post read", |s| s.contains("│▌ 2"));
    terminal.type_keys("q");
    assert!(terminal.wait_exit(), "exits with 0 all the same");
    let after = String::from_utf8_lossy(&terminal.stream).into_owned();
    assert!(after.contains("state not saved"), "said on leaving");
}

#[cfg(unix)]
#[test]
fn sigterm_saves_what_was_read() {
    let state = tempfile::tempdir().expect("temp dir");
    let mut terminal = start(&["--lang", "en"], (80, 24), state.path());
    terminal.wait_for("the list", |s| s.contains("Posts · English"));
    terminal.type_keys("\r");
    terminal.wait_for("a post", |s| !s.contains("Posts · English"));
    let pid = terminal.pid().expect("a process");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    assert!(!terminal.wait_exit(), "ended by the signal");
    let text = std::fs::read_to_string(&state_files(state.path())[0]).expect("a state file");
    assert!(
        text.contains("\nread ") && text.contains("\nlast "),
        "{text}"
    );
}

/// `liseuse list --json` (of the sample) with the state in `state`.
fn listed(state: &Path, extra: &[&str]) -> Vec<serde_json::Value> {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_liseuse"))
        .args(["list", "--json", "--lang", "en"])
        .args(extra)
        .env("XDG_STATE_HOME", state)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).expect("JSON")
}

#[test]
fn list_json_says_what_was_read_and_bookmarked() {
    let state = tempfile::tempdir().expect("temp dir");
    let before = listed(state.path(), &[]);
    assert!(
        before
            .iter()
            .all(|p| p["read"] == false && p["bookmarked"] == false),
        "nothing yet"
    );
    let mut terminal = start(&["--lang", "en"], (80, 24), state.path());
    terminal.wait_for("the list", |s| s.contains("│▌•"));
    terminal.type_keys("\r");
    terminal.type_keys("m");
    terminal.wait_for("the bookmark set", |s| s.contains("Bookmark added"));
    terminal.type_keys("q");
    assert!(terminal.wait_exit());

    let after = listed(state.path(), &[]);
    let first = &after[0];
    assert_eq!(first["read"], true, "{first}");
    assert_eq!(first["bookmarked"], true, "{first}");
    assert!(after[1..].iter().all(|p| p["read"] == false));
    let blind = listed(state.path(), &["--no-state"]);
    assert!(
        blind
            .iter()
            .all(|p| p["read"] == false && p["bookmarked"] == false)
    );
    let files = state_files(state.path());
    let written = std::fs::read(&files[0]).expect("read");
    let _ = listed(state.path(), &[]);
    assert_eq!(
        std::fs::read(&files[0]).expect("read"),
        written,
        "list writes nothing"
    );
}

#[test]
fn no_state_reads_and_writes_nothing() {
    let state = tempfile::tempdir().expect("temp dir");
    let mut terminal = start(&["--no-state", "--lang", "en"], (80, 24), state.path());
    terminal.wait_for("the list, without signs", |s| s.contains("│▌2"));
    terminal.type_keys("\rmq");
    assert!(terminal.wait_exit());
    assert!(state_files(state.path()).is_empty(), "nothing written");
}
