//! The real binary in a pseudo-terminal, on the real corpus: filter, open,
//! switch language, search, follow links, quit, and the terminal is given
//! back as it was. The site loads in the background; keys typed meanwhile
//! act on what is loaded.

mod support;

use support::pty::Terminal;

fn corpus_site() -> String {
    let dir = std::env::var("LISEUSE_CORPUS")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus").to_string());
    let site = format!("{dir}/digital-canada-ca");
    assert!(
        std::path::Path::new(&site).is_dir(),
        "the real corpus is missing at {site}"
    );
    site
}

/// Whether the site has finished loading: the status line no longer counts.
fn loaded(screen: &str) -> bool {
    !screen.contains("Loading") && !screen.contains("Chargement")
}

const ENTER_ALTERNATE: &[u8] = b"\x1b[?1049h";
const LEAVE_ALTERNATE: &[u8] = b"\x1b[?1049l";
const SHOW_CURSOR: &[u8] = b"\x1b[?25h";
const MOUSE_OFF: &[u8] = b"\x1b[?1000l";

#[test]
fn filter_open_translate_and_quit_on_the_real_corpus() {
    let site = corpus_site();
    let mut terminal = Terminal::start(&[&site, "--lang", "en"], (120, 36), &[]);
    terminal.wait_for("the English list, loaded", |s| {
        s.contains("Posts · English") && loaded(s)
    });

    // Part of a word, without its accents or capitals.
    terminal.type_keys("/hello world");
    terminal.wait_for("the filtered list", |s| s.contains("/ hello world"));
    terminal.type_keys("\r");
    terminal.type_keys("\r");
    terminal.wait_for("the English post", |s| {
        s.contains("Hello, World Canada") && s.contains("Français ✓")
    });

    terminal.type_keys("t");
    terminal.wait_for("the French translation and interface", |s| {
        s.contains("Billets · Français") && s.contains("English ✓") && s.contains("quitter")
    });

    terminal.type_keys("?");
    terminal.wait_for("the help in French", |s| s.contains("Lire la traduction"));
    terminal.type_keys("?");
    terminal.type_keys("q");
    assert!(terminal.wait_exit(), "exits with 0");

    assert!(
        terminal
            .stream
            .windows(ENTER_ALTERNATE.len())
            .any(|w| w == ENTER_ALTERNATE)
    );
    assert!(
        terminal.stream_ends_with_after(LEAVE_ALTERNATE, ENTER_ALTERNATE),
        "alternate screen left"
    );
    assert!(
        terminal.stream_ends_with_after(SHOW_CURSOR, ENTER_ALTERNATE),
        "cursor shown"
    );
    assert!(
        terminal.stream_ends_with_after(MOUSE_OFF, ENTER_ALTERNATE),
        "mouse reporting off"
    );
}

#[test]
fn narrow_terminal_shows_one_pane_and_too_small_says_so() {
    let site = corpus_site();
    let mut terminal = Terminal::start(&[&site, "--lang", "fr"], (50, 20), &[]);
    terminal.wait_for("the French list, loaded", |s| {
        s.contains("Billets · Français") && loaded(s)
    });
    terminal.type_keys("\r");
    terminal.wait_for("the post alone", |s| {
        !s.contains("Billets ·") && s.contains("%")
    });
    terminal.type_keys("\x1b");
    terminal.wait_for("back to the list", |s| s.contains("Billets · Français"));
    terminal.resize((30, 8));
    terminal.wait_for("the too-small message", |s| {
        s.contains("Terminal trop petit")
    });
    terminal.type_keys("\x03");
    assert!(terminal.wait_exit());
}

/// Everything the reader changed is given back: the alternate screen left,
/// the cursor shown, mouse reporting off, and (as the shell's `stty -a`
/// after it tells) the line discipline out of raw mode.
fn assert_restored(terminal: &Terminal, what: &str) {
    for (sequence, name) in [
        (LEAVE_ALTERNATE, "alternate screen left"),
        (SHOW_CURSOR, "cursor shown"),
        (MOUSE_OFF, "mouse reporting off"),
    ] {
        assert!(
            terminal.stream_ends_with_after(sequence, ENTER_ALTERNATE),
            "{what}: {name}"
        );
    }
    let words = terminal.words_after_the_reader();
    for setting in ["icanon", "echo", "icrnl", "opost"] {
        assert!(
            words.iter().any(|w| w == setting),
            "{what}: `{setting}` is back on; after the reader: {words:?}"
        );
    }
}

/// The reader on the corpus, ended by `kill -SIGNAL`: the terminal is
/// given back, and the shell reports 128 + the signal's number.
#[cfg(unix)]
fn end_by_signal(signal: &str, number: i32) {
    let site = corpus_site();
    let mut terminal = Terminal::start_then_stty(&[&site], (100, 30));
    terminal.wait_for("the list", |s| {
        s.contains("Posts ·") || s.contains("Billets ·")
    });
    let status = std::process::Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(terminal.reader_pid().to_string())
        .status()
        .expect("kill runs");
    assert!(status.success());
    assert!(terminal.wait_exit(), "the shell after the reader ends well");
    assert_restored(&terminal, &format!("SIG{signal}"));
    let words = terminal.words_after_the_reader();
    let code = format!("exit={}", 128 + number);
    assert!(words.contains(&code), "SIG{signal}: {words:?}");
}

#[cfg(unix)]
#[test]
fn signals_restore_the_terminal() {
    for (signal, number) in [("TERM", 15), ("HUP", 1), ("INT", 2)] {
        end_by_signal(signal, number);
    }
}

/// A terminal that cannot place the cursor gets the list, and a word why.
#[test]
fn a_dumb_terminal_gets_the_list_printed() {
    let mut terminal = Terminal::start(&[], (80, 24), &[("TERM", "dumb")]);
    assert!(terminal.wait_exit(), "ends by itself with 0");
    let text = String::from_utf8_lossy(&terminal.stream).into_owned();
    assert!(text.contains("TERM=dumb cannot place the cursor"), "{text}");
    assert!(
        !text.contains("\x1b[?1049h"),
        "no alternate screen: {text:?}"
    );
    assert!(
        text.contains("Plain questions & short forms"),
        "the list: {text}"
    );
}

/// A panic inside the reader (asked for by a hidden flag) still gives the
/// terminal back, and says what happened where it can be read.
#[test]
fn a_panic_restores_the_terminal() {
    let site = corpus_site();
    let mut terminal = Terminal::start_then_stty(&["--panic-after-first-frame", &site], (100, 30));
    assert!(terminal.wait_exit(), "the shell after the reader ends well");
    assert_restored(&terminal, "a panic");
    let words = terminal.words_after_the_reader();
    assert!(words.iter().any(|w| w == "exit=101"), "{words:?}");
    assert!(
        String::from_utf8_lossy(&terminal.stream).contains("a panic, on request"),
        "the panic message is shown after the screen is given back"
    );
}

/// Under a memory limit, an allocation that fails aborts the process
/// (SIGABRT, exit 134): the terminal is given back first, from the signal
/// handler, and the allocator's message is left to read.
#[cfg(unix)]
#[test]
fn an_allocation_failure_restores_the_terminal() {
    let site = corpus_site();
    let mut terminal = Terminal::start_then_stty_limited(
        &["--allocate-after-first-frame", "2147483648", &site],
        (100, 30),
        1 << 20,
    );
    assert!(terminal.wait_exit(), "the shell after the reader ends well");
    assert_restored(&terminal, "an allocation failure");
    let words = terminal.words_after_the_reader();
    assert!(words.iter().any(|w| w == "exit=134"), "{words:?}");
    assert!(
        String::from_utf8_lossy(&terminal.stream)
            .contains("memory allocation of 2147483648 bytes failed"),
        "the allocator says why"
    );
}

/// A panic on the background loader's thread (asked for by a hidden
/// flag): the reader keeps its terminal and the posts read so far, says
/// why the rest is missing, still answers keys, and ends well.
#[test]
fn a_failed_background_load_leaves_the_reader_running() {
    let site = corpus_site();
    let mut terminal = Terminal::start_then_stty(&["--panic-while-loading", &site], (120, 30));
    terminal.wait_for("the posts read, and why the rest is missing", |s| {
        s.contains("Posts ·") && s.contains("Reading the site stopped: --panic-while-loading")
    });
    let row_of_selection = |s: &str| s.lines().position(|line| line.contains('▌'));
    let before = row_of_selection(&terminal.screen());
    terminal.type_keys("j");
    terminal.wait_for("the selection moved by a key", |s| {
        row_of_selection(s).is_some() && row_of_selection(s) != before
    });
    terminal.type_keys("q");
    assert!(terminal.wait_exit(), "the shell after the reader ends well");
    assert_restored(&terminal, "a failed load");
    let words = terminal.words_after_the_reader();
    assert!(words.iter().any(|w| w == "exit=0"), "{words:?}");
    assert!(
        !String::from_utf8_lossy(&terminal.stream).contains("panicked at"),
        "the panic was not printed over the reader's screen"
    );
}

/// The OSC 52 sequence that puts `text` on the clipboard.
fn osc52(text: &str) -> Vec<u8> {
    use base64::Engine;
    format!(
        "\x1b]52;c;{}\x07",
        base64::engine::general_purpose::STANDARD.encode(text)
    )
    .into_bytes()
}

#[test]
fn follow_a_link_go_back_and_copy_it_on_the_real_corpus() {
    let site = corpus_site();
    let mut terminal = Terminal::start(&[&site, "--lang", "en"], (120, 40), &[]);
    terminal.wait_for("the English list, loaded", |s| {
        s.contains("Posts · English") && loaded(s)
    });
    terminal.type_keys("/first one is always\r\r");
    // Its translation named: the posts are linked, so are its links.
    terminal.wait_for("the post, linked", |s| {
        s.contains("The first one is always a challenge")
            && s.contains("engagement sessions[1]")
            && s.contains("Français ✓")
    });

    // Link 6 is further down: typing its number scrolls to it.
    terminal.type_keys("6");
    terminal.wait_for("link 6 chosen", |s| {
        s.contains("→ Picking our projects (en)")
    });
    terminal.type_keys("\r");
    terminal.wait_for("the linked post", |s| {
        s.contains("┌ Picking our projects") && s.contains("Français ✓")
    });

    terminal.type_keys("\x7f");
    terminal.wait_for("back to the first post", |s| {
        s.contains("┌ The first one is always a challenge")
    });

    terminal.type_keys("6Y");
    terminal.wait_for("the copy announced", |s| {
        s.contains("Link copied: https://digital.canada.ca/2017/08/24/picking-our-projects/")
    });
    terminal.type_keys("y");
    terminal.wait_for("the address announced", |s| s.contains("Address copied"));
    terminal.type_keys("q");
    assert!(terminal.wait_exit(), "exits with 0");
    for copied in [
        "https://digital.canada.ca/2017/08/24/picking-our-projects/",
        "https://digital.canada.ca/2017/12/07/always-a-challenge/",
    ] {
        let sequence = osc52(copied);
        assert!(
            terminal
                .stream
                .windows(sequence.len())
                .any(|w| w == sequence.as_slice()),
            "OSC 52 with {copied} on the terminal stream"
        );
    }
}

#[test]
fn search_the_whole_real_corpus_and_open_a_hit_at_its_match() {
    search_the_corpus(&[]);
}

/// As at 100,000 posts: the search runs on its own thread, its results
/// come after the key that asked for them.
#[test]
fn search_the_real_corpus_in_the_background() {
    search_the_corpus(&["--background-search-from", "0"]);
}

fn search_the_corpus(more: &[&str]) {
    let site = corpus_site();
    let mut args = vec![site.as_str(), "--lang", "en"];
    args.extend(more);
    let mut terminal = Terminal::start(&args, (120, 40), &[]);
    terminal.wait_for("the English list, loaded", |s| {
        s.contains("Posts · English") && loaded(s)
    });
    // Folded: finds « numérique » in French posts, from the English list.
    terminal.type_keys("s\"strategie numerique\"");
    terminal.wait_for("hits in French", |s| {
        s.contains("┌ Search") && s.contains("s \"strategie numerique\"") && s.contains("FR · ")
    });
    terminal.type_keys("\r");
    terminal.wait_for("the French post, the phrase counted", |s| {
        s.contains("Billets · Français") && s.lines().last().is_some_and(|l| l.contains("1/"))
    });
    terminal.type_keys("q");
    assert!(terminal.wait_exit(), "exits with 0");
}

/// The terminal closed outright (an emulator killed, an SSH connection
/// dropped): the reader gets SIGHUP and a terminal that reads as endless
/// end-of-file, and must end rather than spin.
#[cfg(unix)]
#[test]
fn a_terminal_that_disappears_ends_the_reader() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::Read;
    use std::time::{Duration, Instant};
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 30,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pseudo-terminal");
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_liseuse"));
    command.env("TERM", "xterm-256color");
    let mut child = pty.slave.spawn_command(command).expect("spawns");
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let mut seen = Vec::new();
    let mut buffer = [0u8; 8192];
    while !String::from_utf8_lossy(&seen).contains("Posts") {
        let n = reader.read(&mut buffer).expect("reads");
        assert!(n > 0, "the reader drew nothing");
        seen.extend_from_slice(&buffer[..n]);
    }
    drop(reader);
    drop(pty.master);
    let deadline = Instant::now() + support::pty::DEADLINE;
    loop {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the reader kept running without its terminal");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Files changed, deleted, even the whole directory removed while the
/// reader is open: `R` reads what is there now, keeps the open post (marked
/// when its file is gone), and nothing crashes.
#[test]
fn the_site_changing_under_the_reader_never_crashes_it() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let site = dir.path().join("site");
    let write = |name: &str, title: &str| {
        let body = "Words enough to fill a line or two of the pane.\n\n".repeat(30);
        std::fs::create_dir_all(site.join("en")).expect("mkdir");
        std::fs::write(
            site.join("en").join(name),
            format!(
                "---\ntitle: {title}\ndate: 2024-03-0{}\n---\n{body}",
                name.len() % 9
            ),
        )
        .expect("write");
    };
    write("kept.md", "Kept post");
    write("doomed.md", "Doomed post");
    let site_arg = site.to_string_lossy().to_string();
    let mut terminal = Terminal::start(&[&site_arg, "--lang", "en"], (120, 30), &[]);
    terminal.wait_for("both posts", |s| {
        s.contains("Kept post") && s.contains("Doomed post") && loaded(s)
    });
    terminal.type_keys("/kept\r\r");
    terminal.wait_for("the open post", |s| s.contains("Words enough"));

    write("kept.md", "Kept post, revised");
    std::fs::remove_file(site.join("en/doomed.md")).expect("remove");
    terminal.type_keys("R");
    terminal.wait_for("the revised post, still open, the other gone", |s| {
        s.contains("Kept post, revised") && s.contains("Words enough") && !s.contains("Doomed")
    });

    std::fs::remove_dir_all(&site).expect("remove the site");
    terminal.type_keys("R");
    terminal.wait_for("the open post, deleted on disk, still there", |s| {
        s.contains("deleted on disk") && s.contains("Words enough")
    });
    for key in ["j", "\r", "t", "y", "s", "\x1b", "R"] {
        terminal.type_keys(key);
    }
    terminal.type_keys("q");
    assert!(terminal.wait_exit(), "exits with 0");
}

/// Every other signal whose default ends the process: the terminal is
/// given back first, then the signal ends it as it would have (the
/// shell reports 128 + its number).
#[cfg(unix)]
#[test]
fn ending_signals_give_the_terminal_back_first() {
    for (signal, number) in [
        ("QUIT", 3),
        ("ABRT", 6),
        ("USR1", 10),
        ("USR2", 12),
        ("ALRM", 14),
    ] {
        end_by_signal(signal, number);
    }
}

/// SIGPIPE, whose default would end the reader with the terminal raw: the
/// reader ignores it (a write to a closed pipe is an error it handles, and
/// it draws only to a terminal), keeps reading, and quits well after.
#[cfg(unix)]
#[test]
fn a_sigpipe_leaves_the_reader_reading() {
    let site = corpus_site();
    let mut terminal = Terminal::start_then_stty(&[&site], (100, 30));
    terminal.wait_for("the list", |s| {
        s.contains("Posts ·") || s.contains("Billets ·")
    });
    let status = std::process::Command::new("kill")
        .arg("-PIPE")
        .arg(terminal.reader_pid().to_string())
        .status()
        .expect("kill runs");
    assert!(status.success());
    terminal.type_keys("?");
    terminal.wait_for("help, drawn after the signal", |s| {
        s.contains("┌ Help") || s.contains("┌ Aide")
    });
    terminal.type_keys("\x1bq");
    assert!(terminal.wait_exit(), "the shell after the reader ends well");
    assert_restored(&terminal, "SIGPIPE");
    let words = terminal.words_after_the_reader();
    assert!(words.iter().any(|w| w == "exit=0"), "{words:?}");
}

/// Ctrl-Z gives the terminal back and stops the reader; continued, it
/// takes the terminal again and draws the whole screen.
#[cfg(unix)]
#[test]
fn ctrl_z_suspends_and_a_continued_reader_redraws() {
    let mut terminal = Terminal::start(&[], (80, 24), &[]);
    terminal.wait_for("the list", |s| s.contains("Posts ·"));
    let pid = terminal.pid().expect("the reader's process");
    let before = terminal.stream.len();
    terminal.type_keys("\u{1a}");
    // The alternate screen is left before the reader stops: what it wrote
    // is read until that is there (it may take a while on a busy machine).
    terminal.wait_for_stream("the alternate screen left", |stream| {
        stream[before..]
            .windows(LEAVE_ALTERNATE.len())
            .any(|w| w == LEAVE_ALTERNATE)
    });
    let stopped = || {
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .map(|stat| stat.split_whitespace().nth(2) == Some("T"))
            .unwrap_or(false)
    };
    let deadline = std::time::Instant::now() + support::pty::DEADLINE;
    while !stopped() {
        assert!(
            std::time::Instant::now() < deadline,
            "the reader did not stop"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let continued = std::process::Command::new("kill")
        .args(["-CONT", &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(continued.success());
    let after = terminal.stream.len();
    terminal.wait_for("the list drawn again", |s| s.contains("Posts ·"));
    let again = &terminal.stream[after..];
    assert!(
        again
            .windows(ENTER_ALTERNATE.len())
            .any(|w| w == ENTER_ALTERNATE),
        "the alternate screen taken again"
    );
    terminal.type_keys("q");
    assert!(terminal.wait_exit());
}

/// 3,000 `j` written at once move 3,000 lines, with no key after them.
#[test]
fn a_burst_of_keys_is_answered_whole() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let lines: String = (1..=5000).map(|n| format!("line {n:05}\n")).collect();
    std::fs::create_dir_all(dir.path().join("en")).expect("dir");
    std::fs::write(
        dir.path().join("en/long.md"),
        format!("---\ntitle: Long\n---\n\n```\n{lines}```\n"),
    )
    .expect("written");
    let site = dir.path().to_string_lossy().into_owned();
    let mut terminal = Terminal::start(&[&site, "en/long.md"], (80, 24), &[]);
    terminal.wait_for("the post", |s| s.contains("line 00001"));
    let top = |s: &str| {
        s.lines()
            .find_map(|l| l.split("line ").nth(1).map(|n| n[..5].to_string()))
            .and_then(|n| n.parse::<usize>().ok())
    };
    // Past the post's header, every line down is one more code line.
    // Keys are answered in order: once the help that `?` opens after them
    // is drawn, the 20 lines down are done, however slowly (a busy
    // machine may answer them over several frames).
    terminal.type_keys(&"j".repeat(20));
    terminal.type_keys("?");
    let help = |s: &str| s.contains("┌ Help");
    terminal.wait_for("the help, after the 20 lines down", help);
    terminal.type_keys("?");
    terminal.wait_for("the post again, the header scrolled away", |s| {
        !help(s) && top(s).is_some_and(|n| n > 10)
    });
    let first = top(&terminal.screen()).expect("a line shown");
    terminal.type_keys(&"j".repeat(3000));
    terminal.wait_for("3,000 lines down", |s| top(s) == Some(first + 3000));
    terminal.type_keys("q");
    assert!(terminal.wait_exit());
}

/// A megabyte pasted into the filter (bracketed) is one edit: Esc right
/// after it is answered at once.
#[test]
fn a_huge_paste_leaves_the_reader_answering() {
    let mut terminal = Terminal::start(&[], (80, 24), &[]);
    terminal.wait_for("the list", |s| s.contains("Posts ·"));
    terminal.type_keys("/");
    let paste = format!("\x1b[200~{}\x1b[201~", "x".repeat(1 << 20));
    terminal.type_keys(&paste);
    terminal.type_keys("\x1b");
    let start = std::time::Instant::now();
    terminal.wait_for("the filter cleared", |s| {
        !s.contains("xxxx") && s.contains("Posts ·")
    });
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
    terminal.type_keys("q");
    assert!(terminal.wait_exit());
}

/// The terminal's cursor, hidden, sits where the attention is, for screen
/// readers and braille displays: the selected row, the post's first line
/// in view, the filter's caret, the first line of help.
#[test]
fn the_cursor_follows_the_focus() {
    let mut terminal = Terminal::start(&[], (100, 30), &[("LANG", "en_CA.UTF-8")]);
    terminal.wait_for("the list", |s| s.contains("Posts ·"));
    let list_width = (100u16 * 2 / 5).clamp(36, 60);
    // The selected row's title: after the frame, the bar, the unread
    // sign and the date.
    terminal.wait_for_cursor("the first row", (1, 14));
    terminal.type_keys("jj");
    terminal.wait_for_cursor("two rows down", (3, 14));
    terminal.type_keys("\r");
    terminal.wait_for_cursor("the post's first line", (1, list_width + 2));
    // Esc alone: followed at once by a key it would read as Alt.
    terminal.type_keys("\x1b");
    terminal.type_keys("/ab");
    terminal.wait_for_cursor("after `/ ab`", (1, 5));
    terminal.type_keys("\x1b");
    terminal.type_keys("?");
    terminal.wait_for("help", |s| s.contains("Help"));
    let (row, column) = terminal.parser.screen().cursor_position();
    assert!(row > 0 && column > 0, "inside help: {row},{column}");
    terminal.type_keys("?q");
    assert!(terminal.wait_exit());
}

/// A screen of 10,000 × 10,000 cells, whose buffers alone would take
/// gigabytes: the reader draws its first 1,000 × 500, says so, and quits
/// on `q`, all within an address space of 1 GB. (The test reads the raw
/// stream: an emulator of that size would be the gigabytes.)
#[cfg(unix)]
#[test]
fn a_huge_screen_is_drawn_in_part_within_a_gigabyte() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::{Read, Write};
    use std::time::Instant;
    let size = |cols, rows| PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    };
    let pty = native_pty_system()
        .openpty(size(80, 24))
        .expect("a pseudo-terminal");
    let mut command = CommandBuilder::new("sh");
    command.args([
        "-c",
        "ulimit -v 1048576 && exec \"$0\" \"$@\"",
        env!("CARGO_BIN_EXE_liseuse"),
    ]);
    command.cwd(env!("CARGO_MANIFEST_DIR"));
    command.env("TERM", "xterm-256color");
    command.env("LANG", "en_CA.UTF-8");
    // Neither the tester's state nor configuration: what it checks alone.
    let home = tempfile::tempdir().expect("a temporary directory");
    command.env("XDG_STATE_HOME", home.path().join("state"));
    command.env("XDG_CONFIG_HOME", home.path().join("config"));
    let mut child = pty.slave.spawn_command(command).expect("spawns");
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let mut writer = pty.master.take_writer().expect("writer");
    let (sender, chunks) = std::sync::mpsc::channel::<Vec<u8>>();
    std::thread::spawn(move || {
        let mut buffer = [0u8; 65536];
        while let Ok(n) = reader.read(&mut buffer) {
            if n == 0 || sender.send(buffer[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut stream: Vec<u8> = Vec::new();
    let wait_for = |what: &str, needle: &[u8], stream: &mut Vec<u8>| {
        let deadline = Instant::now() + support::pty::DEADLINE;
        let mut searched: usize = 0;
        loop {
            if let Ok(chunk) = chunks.recv_timeout(std::time::Duration::from_millis(50)) {
                stream.extend_from_slice(&chunk);
            }
            let from = searched.saturating_sub(needle.len());
            if stream[from..].windows(needle.len()).any(|w| w == needle) {
                return;
            }
            searched = stream.len();
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; the last it wrote: {:?}",
                String::from_utf8_lossy(&stream[stream.len().saturating_sub(600)..])
            );
        }
    };
    wait_for("the list", "Posts ·".as_bytes(), &mut stream);
    pty.master.resize(size(10_000, 10_000)).expect("resizes");
    wait_for(
        "the screen said to be drawn in part",
        "Screen too large".as_bytes(),
        &mut stream,
    );
    writer.write_all(b"q").expect("types");
    writer.flush().expect("flushes");
    let deadline = Instant::now() + support::pty::DEADLINE;
    let status = loop {
        if let Some(status) = child.try_wait().expect("waits") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the reader did not quit on a huge screen");
        }
        // Keep reading: a full pseudo-terminal would stall the reader.
        while let Ok(chunk) = chunks.try_recv() {
            stream.extend_from_slice(&chunk);
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}: killed or out of memory");
}

/// The screens these tests judge are whole frames: the reader marks each
/// one (a synchronized update) and a read of the stream ending inside
/// one is not looked at.
#[test]
fn frames_are_marked_and_told_apart_wherever_the_stream_is_cut() {
    use support::frames::Frames;
    let stream = b"a\x1b[?2026hbody\x1b[?2026lb\x1b[?2026hmore";
    for split in 0..=stream.len() {
        let mut frames = Frames::default();
        frames.feed(&stream[..split]);
        frames.feed(&stream[split..]);
        assert!(!frames.between(), "inside the second frame, cut at {split}");
    }
    let mut frames = Frames::default();
    for byte in b"\x1b[?2026hx\x1b[?2026l" {
        frames.feed(&[*byte]);
    }
    assert!(frames.between(), "fed byte by byte, the frame ended");

    let site = corpus_site();
    let mut terminal = Terminal::start(&[&site, "--lang", "en"], (80, 24), &[]);
    terminal.wait_for("the English list, loaded", |s| {
        s.contains("Posts · English") && loaded(s)
    });
    terminal.type_keys("q");
    assert!(terminal.wait_exit(), "exits with 0");
    let begins = terminal
        .stream
        .windows(8)
        .filter(|w| w == b"\x1b[?2026h")
        .count();
    let ends = terminal
        .stream
        .windows(8)
        .filter(|w| w == b"\x1b[?2026l")
        .count();
    assert!(begins > 0, "frames are synchronized updates");
    assert_eq!(begins, ends, "every frame that starts ends");
}
