//! `show` writes links as OSC 8 hyperlinks and fenced code highlighted
//! when it writes styles, and no escape at all when it does not (parts 5
//! and 6 of "For the people who write and translate the content").

mod support;

use assert_cmd::Command;
use std::collections::BTreeSet;
use std::path::PathBuf;
use support::pty::Terminal;

fn code_tour() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/code/code-tour.md")
        .display()
        .to_string()
}

fn show(args: &[&str], env: &[(&str, &str)]) -> String {
    let mut command = Command::cargo_bin("liseuse").expect("binary");
    command
        .arg("show")
        .args(args)
        .env_remove("NO_COLOR")
        .env("LISEUSE_CONFIG", "/nonexistent/liseuse.toml");
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// The SGR sequences (`ESC [ … m`) of `text` that set a colour.
fn colours(text: &str) -> BTreeSet<String> {
    text.split("\x1b[")
        .skip(1)
        .filter_map(|rest| rest.split_once('m').map(|(codes, _)| codes.to_string()))
        .filter(|codes| {
            codes
                .split(';')
                .any(|c| matches!(c.parse::<u8>(), Ok(30..=37 | 90..=97)))
        })
        .collect()
}

#[test]
fn links_are_hyperlinks_to_their_address_external_and_internal() {
    let out = show(&["reading-offline", "--color", "always"], &[]);
    assert!(out.contains("\x1b]8;;https://www.canada.ca/en.html\x1b\\"));
    // `/about/` is a post of the sample site: its public address.
    assert!(out.contains("\x1b]8;;https://workshop.example.ca/about/\x1b\\"));
    // Numbers stay, outside the hyperlink.
    assert!(out.contains("\x1b]8;;\x1b\\\x1b[90m["), "{out:?}");
}

#[test]
fn no_hyperlinks_by_flag_or_configuration() {
    let out = show(
        &["reading-offline", "--color", "always", "--no-hyperlinks"],
        &[],
    );
    assert!(!out.contains("\x1b]8"));
    assert!(out.contains("\x1b["), "still styled");
    let dir = tempfile::tempdir().expect("a directory");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "hyperlinks = false\n").expect("written");
    let config = config.display().to_string();
    let out = show(
        &["reading-offline", "--color", "always"],
        &[("LISEUSE_CONFIG", &config)],
    );
    assert!(!out.contains("\x1b]8"));
}

#[test]
fn each_language_of_the_tour_gets_several_colours() {
    let out = show(&[&code_tour(), "--color", "always", "--width", "100"], &[]);
    let blocks: Vec<&str> = out.split("\n\n").collect();
    let comments = [
        ("toml", "# Where the site"),
        ("dockerfile", "# A small image"),
        ("typescript", "// Counts the pages"),
        ("html", "<!-- the language"),
        ("yaml", "# front matter"),
        ("rust", "// Pairs a page"),
        ("go", "// serve the public"),
        ("python", "# check that every"),
        ("sh", "# build both"),
    ];
    for (language, comment) in comments {
        let block = blocks
            .iter()
            .find(|b| b.contains(comment))
            .unwrap_or_else(|| panic!("{language}: no block in {out:?}"));
        let found = colours(block);
        assert!(found.len() >= 3, "{language}: {found:?} in {block:?}");
    }
}

#[test]
fn html_code_blocks_are_coloured_as_fenced_ones_are() {
    let fixture = code_tour().replace("code-tour.md", "pre-code.md");
    let out = show(&[&fixture, "--color", "always", "--width", "100"], &[]);
    let blocks: Vec<&str> = out.split("\n\n").collect();
    let block = |start: &str| {
        *blocks
            .iter()
            .find(|b| b.contains(start))
            .unwrap_or_else(|| panic!("no block with {start:?} in {out:?}"))
    };
    for (language, comment) in [
        ("python in pre code", "# counts the lighthouses"),
        ("go with data-lang", "// a lighthouse keeper"),
        ("yaml on the pre", "# a keeper"),
    ] {
        let found = colours(block(comment));
        assert!(found.len() >= 3, "{language}: {found:?} in {out:?}");
    }
    // No language named: the code block's one colour.
    let plain = colours(block("nothing to colour here"));
    assert!(plain.len() <= 1, "{plain:?}");
}

#[test]
fn without_colour_code_and_links_are_plain_text() {
    for args in [
        vec![code_tour(), "--color".into(), "never".into()],
        vec!["reading-offline".into(), "--color".into(), "never".into()],
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = show(&args, &[]);
        assert!(!out.contains('\x1b'), "{out:?}");
        // NO_COLOR, printing to a pipe: plain too.
        let out = show(&args[..1], &[("NO_COLOR", "1")]);
        assert!(!out.contains('\x1b'), "{out:?}");
    }
    // NO_COLOR with styles asked for: attributes only, code uncoloured.
    let out = show(&[&code_tour(), "--color", "always"], &[("NO_COLOR", "1")]);
    assert!(colours(&out).is_empty(), "{:?}", colours(&out));
}

#[test]
fn a_url_with_spaces_or_controls_is_percent_encoded_or_refused() {
    let dir = tempfile::tempdir().expect("a directory");
    let post = dir.path().join("post.md");
    std::fs::write(
        &post,
        "---\ntitle: Liens\n---\n\n[espace](<https://example.org/a b>) et \
         <a href=\"https://example.org/&#7;x&#27;]8;;y\">contrôle</a> et \
         [hôte](<https://exa mple.org/>).\n",
    )
    .expect("written");
    let out = show(&[&post.display().to_string(), "--color", "always"], &[]);
    assert!(
        out.contains("\x1b]8;;https://example.org/a%20b\x1b\\"),
        "{out:?}"
    );
    // The control characters were made visible (␇, ␛) when the post was
    // read; their pictures are percent-encoded in the URL.
    assert!(
        out.contains("\x1b]8;;https://example.org/%E2%90%87x%E2%90%9B]8;;y\x1b\\"),
        "{out:?}"
    );
    // Every hyperlink's URL is free of control characters; the one whose
    // host cannot be a host is no hyperlink.
    for url in out
        .split("\x1b]8;;")
        .skip(1)
        .filter_map(|r| r.split_once('\x1b'))
    {
        assert!(!url.0.chars().any(char::is_control), "{url:?}");
        assert!(!url.0.contains("exa mple"), "{url:?}");
    }
}

/// The foreground colours of the screen row that holds `text`.
fn row_colours(terminal: &Terminal, text: &str) -> BTreeSet<String> {
    let screen = terminal.parser.screen();
    let (rows, columns) = screen.size();
    (0..rows)
        .find(|&row| {
            (0..columns)
                .filter_map(|column| screen.cell(row, column))
                .map(|cell| cell.contents())
                .collect::<String>()
                .contains(text)
        })
        .map(|row| {
            (0..columns)
                .filter_map(|column| screen.cell(row, column))
                .filter(|cell| !cell.contents().trim().is_empty())
                .map(|cell| format!("{:?}", cell.fgcolor()))
                .collect()
        })
        .unwrap_or_default()
}

/// The reader opens a post with code and colours it in the background:
/// the colours come without another key.
#[test]
fn the_reader_colours_code_after_opening_the_post() {
    let tour = code_tour();
    let mut terminal = Terminal::start(&[&tour, "--no-state"], (80, 24), &[]);
    terminal.wait_for("the list", |screen| screen.contains("nine languages"));
    terminal.type_keys("\r");
    terminal.wait_for("the post", |screen| screen.contains("workers = 4"));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while row_colours(&terminal, "source = ").len() < 3 {
        assert!(
            std::time::Instant::now() < deadline,
            "the TOML line stayed in {:?}:\n{}",
            row_colours(&terminal, "source = "),
            terminal.screen()
        );
        terminal.wait_for("a frame", |_| true);
    }
    terminal.type_keys("q");
    assert!(terminal.wait_exit());
}
