//! Hostile sites. A generator writes every kind of bad input a content
//! directory can hold into a temporary tree, one class of trouble per
//! directory, and the real binary runs on it. Whatever the tree holds,
//! liseuse must not crash (exit 101, a signal, "panicked"), hang (every run
//! has a guard that kills it), lose a file (each one becomes a post or a
//! reported skip) or let content drive the terminal. Every fixture's text
//! is original.

mod support;

use liseuse::text::is_unsafe_for_terminal;
use serde_json::Value;
use std::collections::BTreeSet;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::pty::Terminal;
use tempfile::TempDir;
use unicode_width::UnicodeWidthStr;

/// A run that takes longer than this is a hang: it is killed and the test
/// fails. A guard, not a timing: `check` of the whole tree takes about a
/// second in a debug build.
const GUARD: Duration = Duration::from_secs(120);

/// Carried by every injected sequence, right after its control bytes.
const MARKER: &str = "PWNED";

/// Sequences that would drive a terminal if printed as they are, each with
/// the marker right after its control bytes.
const PAYLOADS: &[&str] = &[
    // Window title (OSC 0 and 2), ended by BEL or by ST.
    "\x1b]0;PWNED title\x07",
    "\x1b]2;PWNED title\x1b\\",
    // CSI: report the window title back as typed input, report the cursor.
    "\x1b[21tPWNED",
    "\x1b[6nPWNED",
    // OSC 8 hyperlink and OSC 52 clipboard.
    "\x1b]8;;https://evil.example/PWNED\x1b\\a hyperlink\x1b]8;;\x1b\\",
    "\x1b]52;c;PWNED\x07",
    // DCS (sixel).
    "\x1bPqPWNED\x1b\\",
    // C1 controls: CSI and OSC in one character each.
    "\u{9b}21tPWNED",
    "\u{9d}0;PWNED\u{9c}",
    // Bidirectional override and zero-width characters.
    "\u{202e}PWNED reversed\u{202c}",
    "zero\u{200b}width\u{200d}joiner\u{feff}PWNED",
    // C0 controls that rewrite what is already on the line.
    "back\x08\x08\x08\x08PWNED",
    "return\rPWNED",
    "delete\x7fPWNED",
    "bell\x07PWNED",
];

/// The start of each payload up to and including the marker: what must
/// never reach a terminal as bytes.
fn payload_heads() -> Vec<Vec<u8>> {
    PAYLOADS
        .iter()
        .filter_map(|payload| {
            let end = payload.find(MARKER)? + MARKER.len();
            let head = &payload[..end];
            head.chars()
                .any(|c| c.is_control() || is_unsafe_for_terminal(c))
                .then(|| head.as_bytes().to_vec())
        })
        .collect()
}

/// `text` as a YAML double-quoted scalar, every character YAML does not
/// allow raw written as an escape.
fn yaml_quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || is_unsafe_for_terminal(c) || !c.is_ascii() => {
                out.push_str(&format!("\\U{:08x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Every payload in a row, as one string.
fn all_payloads() -> String {
    PAYLOADS.join(" ")
}

// ---------------------------------------------------------------------------
// Running the binary

/// What one run of the binary gave.
struct Run {
    what: String,
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

/// Runs `liseuse` with `args`, stdin closed and output piped; kills it
/// and fails if it outlives [`GUARD`].
fn liseuse<S: AsRef<OsStr>>(args: &[S]) -> Run {
    let what = args
        .iter()
        .map(|a| a.as_ref().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    let mut command = Command::new(env!("CARGO_BIN_EXE_liseuse"));
    command.args(args).env_remove("NO_COLOR");
    let run = support::run_guarded(command, &format!("liseuse {what}"), GUARD);
    Run {
        what,
        code: run.code,
        stdout: run.stdout,
        stderr: String::from_utf8_lossy(&run.stderr).into_owned(),
    }
}

fn arg(path: &Path) -> OsString {
    path.as_os_str().to_owned()
}

impl Run {
    /// Ended by itself with 0 or 1: no panic (101), no signal (a stack
    /// overflow is SIGSEGV or SIGABRT), no usage or I/O error (2).
    fn survived(self) -> Run {
        assert!(
            matches!(self.code, Some(0 | 1)),
            "`liseuse {}` ended with {:?}:\n{}",
            self.what,
            self.code,
            self.stderr
        );
        assert!(
            !self.stderr.contains("panicked"),
            "`liseuse {}` panicked:\n{}",
            self.what,
            self.stderr
        );
        self
    }

    /// Ended by itself, at worst with a usage or I/O error (2) and a
    /// message saying why; never a panic or a signal.
    fn refused_or_survived(self) -> Run {
        assert!(
            matches!(self.code, Some(0..=2)),
            "`liseuse {}` ended with {:?}:\n{}",
            self.what,
            self.code,
            self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        if self.code == Some(2) {
            assert!(
                !self.stderr.is_empty(),
                "`liseuse {}`: exit 2, no reason",
                self.what
            );
        }
        self
    }

    /// Ended with 0 and printed nothing on stderr.
    fn quiet_success(self) -> Run {
        assert_eq!(
            self.code,
            Some(0),
            "`liseuse {}`:\n{}",
            self.what,
            self.stderr
        );
        assert_eq!(self.stderr, "", "`liseuse {}` wrote on stderr", self.what);
        self
    }

    /// What it printed is safe on a terminal (see [`assert_terminal_safe`]),
    /// on stdout and stderr alike.
    fn terminal_safe(self) -> Run {
        assert_terminal_safe(&format!("`liseuse {}`", self.what), &self.stdout);
        assert_terminal_safe(
            &format!("`liseuse {}` on stderr", self.what),
            self.stderr.as_bytes(),
        );
        self
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.stdout).unwrap_or_else(|error| {
            panic!(
                "`liseuse {}` is not JSON: {error}\n{}",
                self.what,
                String::from_utf8_lossy(&self.stdout)
            )
        })
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
}

/// UTF-8 holding no character a terminal would act on: no ESC, BEL, BS,
/// CR, DEL, no C1 control (U+0080–U+009F), no bidirectional control.
/// Line breaks and tabs only.
fn assert_terminal_safe(what: &str, bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|error| {
        let at = error.valid_up_to();
        panic!(
            "{what}: not UTF-8 at byte {at}: {:?}",
            &bytes[at.saturating_sub(20)..(at + 20).min(bytes.len())]
        )
    });
    let found = text
        .char_indices()
        .find(|&(_, c)| is_unsafe_for_terminal(c) && !matches!(c, '\n' | '\t'));
    if let Some((at, c)) = found {
        let around: String = text[at..].chars().take(40).collect();
        let before: String = text[..at]
            .chars()
            .rev()
            .take(40)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        panic!("{what}: {c:?} at byte {at}: {before:?} then {around:?}");
    }
}

/// Lines of plain `show` output fit the width they were laid out for.
fn assert_fits(what: &str, text: &str, width: usize) {
    for line in text.lines() {
        assert!(
            line.width() <= width,
            "{what}: a line of {} columns at width {width}: {:?}",
            line.width(),
            line.chars().take(200).collect::<String>()
        );
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

// ---------------------------------------------------------------------------
// The generator

/// A site being written in a temporary directory, with a place beside it
/// (outside the site) for symbolic links to point to.
struct Tree {
    dir: TempDir,
}

impl Tree {
    fn new() -> Tree {
        let dir = tempfile::tempdir().expect("a temporary directory");
        fs::create_dir(dir.path().join("site")).expect("the site directory");
        Tree { dir }
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    fn outside(&self) -> PathBuf {
        self.dir.path().join("outside")
    }

    /// Writes `bytes` at `path` in the site, making its directories.
    fn write(&self, path: impl AsRef<Path>, bytes: impl AsRef<[u8]>) {
        let path = self.root().join(path);
        fs::create_dir_all(path.parent().expect("a parent")).expect("directories");
        fs::write(&path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }

    /// A post with YAML front matter (`fields`, one per line) and a body.
    fn post(&self, path: impl AsRef<Path>, fields: &str, body: &str) {
        self.write(path, format!("---\n{fields}\n---\n{body}"));
    }
}

impl Drop for Tree {
    /// Locked files and directories must be opened again to be removed.
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        for path in walk(&self.root()) {
            let full = self.root().join(&path);
            if let Ok(metadata) = fs::symlink_metadata(&full) {
                if !metadata.file_type().is_symlink() && metadata.permissions().mode() & 0o777 == 0
                {
                    let _ = fs::set_permissions(&full, fs::Permissions::from_mode(0o755));
                }
            }
        }
    }
}

/// A path from raw bytes (not UTF-8, a newline, an escape…).
fn raw(bytes: &[u8]) -> PathBuf {
    PathBuf::from(OsStr::from_bytes(bytes))
}

/// Every entry a walk of the site reports, relative to `root`: files,
/// links (never followed), special files, and directories that cannot be
/// opened; hidden directories are not walked (liseuse skips them whole).
fn walk(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = fs::read_dir(root.join(&dir)) else {
            if !dir.as_os_str().is_empty() {
                found.push(dir);
            }
            continue;
        };
        for entry in entries.flatten() {
            let path = dir.join(entry.file_name());
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                if !entry.file_name().as_bytes().starts_with(b".") {
                    pending.push(path);
                }
            } else {
                found.push(path);
            }
        }
    }
    found
}

/// A path as liseuse shows it: `/` separators, bytes that are not UTF-8 as `�`.
fn shown(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Front matter: broken YAML and TOML, every known field with every wrong
/// type, and the shapes that exhaust naive parsers.
fn front_matter_class(tree: &Tree) {
    let at = "en/front-matter";
    tree.post(
        format!("{at}/bad-yaml.md"),
        "title: 'It's'\ndate: 2020-02-02\n  - : [",
        "",
    );
    tree.write(
        format!("{at}/unclosed.md"),
        "---\ntitle: Never closed\nbody text\n",
    );
    tree.write(format!("{at}/unclosed-toml.md"), "+++\ntitle = \"x\"\n");
    tree.post(
        format!("{at}/duplicate.md"),
        "title: First\ntitle: Second",
        "",
    );
    tree.post(format!("{at}/title-list.md"), "title: [one, two]", "");
    tree.post(
        format!("{at}/not-a-mapping.md"),
        "- just\n- a list",
        "Body.\n",
    );
    tree.post(format!("{at}/scalar.md"), "just a sentence", "Body.\n");
    tree.post(
        format!("{at}/tabs-and-anchors.md"),
        "title: Tabs\ntags:\n\t- a\nx: *nowhere\ny: !!binary AAAA\nz: !custom {a: 1}",
        "",
    );
    tree.post(
        format!("{at}/raw-controls.md"),
        "title: Controls \x01\x02\x1b[21tPWNED in a plain scalar\ndate: 2021-01-01",
        "",
    );
    tree.write(
        format!("{at}/broken.toml.md"),
        "+++\ntitle = \"Broken TOML\"\ndate = = 3\n[[[\nslug = \"s\"\n+++\nBody.\n",
    );
    tree.write(
        format!("{at}/toml-table-title.md"),
        "+++\n[title]\nx = 1\n[[date]]\n+++\n",
    );
    tree.write(
        format!("{at}/toml-deep-arrays.md"),
        format!("+++\ntitle = \"Deep\"\na = {}\n+++\n", "[".repeat(5000)),
    );
    tree.write(
        format!("{at}/toml-deep-tables.md"),
        format!(
            "+++\ntitle = \"Deep\"\na = {}1{}\n+++\n",
            "{b = ".repeat(3000),
            "}".repeat(3000)
        ),
    );
    // Billion laughs: nine levels of nine references.
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for level in b'b'..=b'j' {
        let (this, previous) = (level as char, (level - 1) as char);
        let refs = vec![format!("*{previous}"); 9].join(",");
        bomb.push_str(&format!("{this}: &{this} [{refs}]\n"));
    }
    bomb.push_str("title: Laughs");
    tree.post(format!("{at}/alias-bomb.md"), &bomb, "Body.\n");
    tree.post(
        format!("{at}/deep-brackets.md"),
        &format!("title: Brackets\nx: {}", "[".repeat(5000)),
        "",
    );
    tree.post(
        format!("{at}/deep-braces.md"),
        &format!("title: Braces\nx: {}", "{a: ".repeat(5000)),
        "",
    );
    tree.post(
        format!("{at}/deep-block.md"),
        &format!(
            "title: Block\nx:\n{}",
            (0..2000)
                .map(|d| format!("{}k{d}:\n", " ".repeat(d + 1)))
                .collect::<String>()
        ),
        "",
    );
    tree.post(
        format!("{at}/huge-scalar.md"),
        &format!("title: \"{}\"", "huge ".repeat(600_000)),
        "Body.\n",
    );
    tree.post(
        format!("{at}/huge-word.md"),
        &format!("title: {}", "w".repeat(1_000_000)),
        "",
    );
    // Naive duplicate detection is quadratic in the number of keys.
    tree.post(
        format!("{at}/many-keys.md"),
        &(0..60_000)
            .map(|i| format!("key{i}: value\n"))
            .collect::<String>(),
        "",
    );
    tree.post(
        format!("{at}/many-case-duplicates.md"),
        &(0..15_000)
            .map(|i| format!("key{i}: a\nKEY{i}: b\n"))
            .collect::<String>(),
        "",
    );
    tree.write(
        format!("{at}/many-toml-keys.md"),
        format!(
            "+++\n{}+++\n",
            (0..30_000)
                .map(|i| format!("key{i} = 1\n"))
                .collect::<String>()
        ),
    );
}

/// Every field liseuse reads, and values of every type but the right one.
const KNOWN_FIELDS: &[&str] = &[
    "title",
    "date",
    "publishDate",
    "lastmod",
    "updated",
    "tags",
    "categories",
    "authors",
    "author",
    "translationKey",
    "trans_url",
    "draft",
    "aliases",
    "url",
    "permalink",
    "slug",
    "lang",
    "locale",
];

const WRONG_VALUES: &[(&str, &str)] = &[
    ("list", "[1, [2, 3], {a: b}, null, true]"),
    ("map", "{a: 1, b: [x], c: {d: e}}"),
    ("number", "42"),
    ("float", "-1.5e300"),
    ("huge-number", "123456789012345678901234567890"),
    ("infinity", ".inf"),
    ("boolean", "true"),
    ("null", "~"),
    ("empty", "''"),
    ("date", "2020-13-45T99:99:99Z"),
    ("far-date", "-99999-01-01"),
    ("blank-list", "[]"),
];

fn wrong_types_class(tree: &Tree) {
    for field in KNOWN_FIELDS {
        for (kind, value) in WRONG_VALUES {
            tree.post(
                format!("en/wrong-types/{field}-{kind}.md"),
                &format!("{field}: {value}"),
                "Body.\n",
            );
        }
    }
}

/// Encodings: invalid UTF-8, Windows-1252, UTF-16 both ways, BOMs, CR
/// line ends, NUL bytes, empty and binary files.
fn encoding_class(tree: &Tree) {
    let at = "en/encoding";
    tree.write(
        format!("{at}/latin1.md"),
        b"---\ntitle: Caf\xe9\n---\nD\xe9j\xe0 vu.\n",
    );
    // Windows-1252 quotes and the bytes that are C1 controls in Latin-1.
    tree.write(
        format!("{at}/cp1252.md"),
        b"---\ntitle: \x93Quoted\x94 \x9b21tPWNED \x9d0;PWNED\x9c \x85\n---\nIt\x92s \x80 5.\n",
    );
    tree.write(
        format!("{at}/invalid-utf8.md"),
        b"---\ntitle: Caf\xc3\xa9 \xff\xfe broken\n---\nBad \xc3 bytes \xed\xa0\x80 here.\n",
    );
    let utf16 = |big_endian: bool| -> Vec<u8> {
        let text = "---\ntitle: Seize \u{e9}t\u{e9}s \u{1f600}\n---\nTexte \x1b]0;PWNED\x07.\n";
        let mut bytes = if big_endian {
            vec![0xfe, 0xff]
        } else {
            vec![0xff, 0xfe]
        };
        for unit in text.encode_utf16() {
            bytes.extend(if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        bytes
    };
    tree.write(format!("{at}/utf16le.md"), utf16(false));
    tree.write(format!("{at}/utf16be.md"), utf16(true));
    let mut odd = utf16(false);
    odd.extend([0x3d, 0xd8, 0x41]); // a lone surrogate, then half a unit
    tree.write(format!("{at}/utf16-broken.md"), odd);
    tree.write(
        format!("{at}/bom-crlf.md"),
        b"\xef\xbb\xbf---\r\ntitle: BOM and CRLF\r\n---\r\nLine one.\r\nLine two.\r\n",
    );
    tree.write(
        format!("{at}/lone-cr.md"),
        b"---\ntitle: Lone CR\n---\nLegit text\rPWNED over it\n\n```\ncode\rPWNED over it\n```\n\nEntity&#13;PWNED and &#x1b;]0;PWNED&#7;\n",
    );
    tree.write(
        format!("{at}/nul.md"),
        b"---\ntitle: NUL\n---\nA \x00 in the body.\n",
    );
    tree.write(format!("{at}/empty.md"), b"");
    tree.write(format!("{at}/blank.md"), b" \n\t\r\n");
    let mut binary = b"\x7fELF\x02\x01\x01\x00".to_vec();
    binary.extend((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    tree.write(format!("{at}/binary.md"), binary);
    tree.write(format!("{at}/picture.png"), b"\x89PNG\r\n\x1a\n");
}

/// Control sequences everywhere content reaches the screen: fields, file
/// names, link targets, headings, bodies, HTML attributes, entities.
fn injection_class(tree: &Tree) {
    let evil = all_payloads();
    let yaml = yaml_quoted;
    let fields = format!(
        "title: {}\nauthors: [{}, Plain Author]\ntags: [{}, plain-tag]\ncategories: [{}]\n\
         description: {}\ndate: 2099-01-02\ntranslationKey: evil\nurl: /evil/\n\
         aliases: [{}]\nslug: {}",
        yaml(&format!("Evil {evil}")),
        yaml(&format!("Author {evil}")),
        yaml(&format!("tag {evil}")),
        yaml(&format!("category {evil}")),
        yaml(&format!("Description {evil}")),
        yaml(&format!("/alias/{evil}/")),
        yaml(&format!("slug {evil}")),
    );
    // Link targets hold no line break or `<`, `>` between angle brackets.
    let links: String = PAYLOADS
        .iter()
        .filter(|payload| !payload.contains('\r'))
        .enumerate()
        .map(|(i, payload)| format!("[link {i} {payload}](</target/{i}/{payload}>) "))
        .collect();
    let body = format!(
        "# Heading {evil}\n\nEvil paragraph: {evil}\n\n{links}\n\n\
         [angle](<{evil}>) and ![image {evil}](/i{evil}.png)\n\n\
         > Quote {evil}\n\n- item {evil}\n\n| a {evil} | b |\n|---|---|\n| c | d {evil} |\n\n\
         ```\ncode {evil}\n```\n\n`inline {evil}`\n\n\
         <p title=\"{evil}\">HTML <a href=\"{evil}\">anchor</a> <abbr title=\"{evil}\">abbr</abbr></p>\n\n\
         Entities: &#x1b;]0;PWNED&#x7; &#27;[21tPWNED &#x9b;21tPWNED &#x202e;PWNED\n\n\
         Footnote[^{evil}].\n\n[^{evil}]: Note {evil}\n\n## Second heading {evil}\n\nEnd.\n"
    );
    tree.post("en/injection/evil.md", &fields, &body);
    // The same post in TOML, with TOML's own escapes.
    tree.write(
        "en/injection/evil-toml.md",
        "+++\ntitle = \"Evil TOML \\u001b]0;PWNED\\u0007 \\u009b21tPWNED \\u202ePWNED\"\n\
         date = 2099-01-01\ntags = [\"\\u001b[21tPWNED\"]\n+++\nBody \\u001b stays text.\n",
    );
    // Raw bytes where YAML allows none: read tolerantly, still shown safely.
    tree.write(
        "en/injection/raw.md",
        format!("---\ntitle: Raw {evil}\ndate: 2099-01-03\n---\n{evil}\n"),
    );
    // The same story in French, so the reader offers a language to switch to.
    tree.post(
        "fr/injection/mechant.md",
        &format!(
            "title: {}\ntranslationKey: evil\ndate: 2099-01-02",
            yaml(&format!("Méchant {evil}"))
        ),
        &format!("Texte {evil}\n"),
    );
    // A language that is a control sequence: the post sits outside any
    // language directory, so its front matter is all there is to go by.
    tree.post(
        "evil-lang.md",
        &format!(
            "title: Evil language\nlang: {}\ntranslationKey: evil\nurl: /evil-lang/",
            yaml("\x1b]0;PWNED\x07\u{9b}21tPWNED")
        ),
        "Text.\n",
    );
    // File names: an escape sequence, a bidi override that turns `txt.md`
    // into `md.txt` on screen, a C1 control. Untitled, so the name is the title.
    tree.write(raw(b"en/injection/\x1b]0;PWNED\x07 name.md"), "Untitled.\n");
    tree.write("en/injection/\u{202e}txt.md", "Untitled.\n");
    tree.write("en/injection/\u{9b}21tPWNED.md", "Untitled.\n");
}

/// Size and depth: long lines, huge files, many links, deep nesting,
/// template and comment tags that never close.
fn size_class(tree: &Tree) {
    let at = "en/size";
    tree.post(
        format!("{at}/long-line.md"),
        "title: A 5 MB line",
        &"word ".repeat(1_000_000),
    );
    tree.post(
        format!("{at}/long-word.md"),
        "title: A 1 MB word",
        &"x".repeat(1_000_000),
    );
    // 50 MB without writing them: a sparse file.
    let huge = tree.root().join(format!("{at}/huge.md"));
    fs::create_dir_all(huge.parent().expect("parent")).expect("dirs");
    fs::File::create(&huge)
        .and_then(|file| file.set_len(50 * 1024 * 1024))
        .expect("a sparse 50 MB file");
    let links: String = (0..10_000)
        .map(|i| format!("[link {i}](https://example.ca/{i}/) [local {i}](/nowhere/{i}/) "))
        .collect();
    tree.post(format!("{at}/links.md"), "title: 20,000 links", &links);
    tree.post(
        format!("{at}/quotes.md"),
        "title: Deep quotes",
        &format!("{} deep\n", ">".repeat(20_000)),
    );
    tree.post(
        format!("{at}/lists.md"),
        "title: Deep lists",
        &format!("{}deep\n", "- ".repeat(3_000)),
    );
    tree.post(
        format!("{at}/ordered-lists.md"),
        "title: Deep ordered lists",
        &(0..1_000)
            .map(|depth| format!("{}1. level {depth}\n", "   ".repeat(depth)))
            .collect::<String>(),
    );
    tree.post(
        format!("{at}/divs.md"),
        "title: Deep divs",
        &format!("{}text", "<div>".repeat(5_000)),
    );
    tree.write(
        format!("{at}/divs.html"),
        format!(
            "---\ntitle: Deep HTML\n---\n{}{}text",
            "<div><ul><li><blockquote>".repeat(2_000),
            "<table><tr><td>".repeat(500)
        ),
    );
    tree.post(
        format!("{at}/emphasis.md"),
        "title: Deep emphasis",
        &format!("{}x", "*_".repeat(20_000)),
    );
    tree.post(
        format!("{at}/brackets.md"),
        "title: Open brackets",
        &format!("{}x", "[".repeat(50_000)),
    );
    tree.post(
        format!("{at}/shortcodes.md"),
        "title: Unclosed shortcodes",
        &format!(
            "{{{{< x\n\n{}{}{}",
            "{{< x ".repeat(20_000),
            "{{% y ".repeat(20_000),
            "{% z ".repeat(20_000)
        ),
    );
    tree.post(
        format!("{at}/comments.md"),
        "title: Unclosed comments",
        &format!("<!-- never closed\n\n{}", "<!-- a ".repeat(50_000)),
    );
    tree.post(
        format!("{at}/table.md"),
        "title: Wide table",
        &format!(
            "|{}\n|{}\n|{}\n",
            "h|".repeat(2_000),
            "-|".repeat(2_000),
            "c|".repeat(2_000)
        ),
    );
}

/// The file system: directories named like posts, link loops, links out
/// of the site, pipes, sockets, locked files, odd names.
fn file_system_class(tree: &Tree) {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let at = tree.root().join("en/fs");
    fs::create_dir_all(at.join("folder.md")).expect("a directory named like a post");
    tree.post("en/fs/folder.md/inner.md", "title: Inner", "");
    tree.post("en/fs/good.md", "title: Good\ndate: 2020-01-01", "Fine.\n");
    symlink(&at, at.join("loop")).expect("a link to its own directory");
    symlink("ping.md", at.join("pong.md")).expect("a link cycle");
    symlink("pong.md", at.join("ping.md")).expect("a link cycle");
    symlink("nothing-here.md", at.join("dangling.md")).expect("a dangling link");
    symlink("good.md", at.join("inside-link.md")).expect("a link inside the site");
    fs::write(tree.outside(), "---\ntitle: Outside\n---\n").expect("a file outside");
    symlink(tree.outside(), at.join("outside.md")).expect("a link out of the site");
    symlink("/", at.join("root.md")).expect("a link to /");
    let status = Command::new("mkfifo")
        .arg(at.join("pipe.md"))
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo");
    std::os::unix::net::UnixListener::bind(at.join("socket.md")).expect("a socket");
    tree.post("en/fs/locked.md", "title: Locked", "");
    fs::set_permissions(at.join("locked.md"), fs::Permissions::from_mode(0o000)).expect("chmod");
    tree.post("en/fs/locked-dir/inside.md", "title: Locked in", "");
    fs::set_permissions(at.join("locked-dir"), fs::Permissions::from_mode(0o000)).expect("chmod");
    tree.write(raw(b"en/fs/new\nline.md"), "---\ntitle: Newline\n---\n");
    tree.write("en/fs/with spaces.md", "---\ntitle: Spaces\n---\n");
    tree.write("en/fs/trailing space.md ", "---\ntitle: Trailing\n---\n");
    tree.write(raw(b"en/fs/caf\xe9 \xff.md"), "---\ntitle: Bytes\n---\n");
    tree.write("en/fs/-dash.md", "---\ntitle: Dash\n---\n");
    tree.write("en/fs/.hidden.md", "---\ntitle: Hidden\n---\n");
    tree.write("en/fs/.git/config.md", "never walked");
    tree.write(
        "en/fs/stub.html",
        b"<meta http-equiv=\"refresh\" content=\"0; url=/en/fs/good/\">",
    );
    let deep: PathBuf = (0..100).map(|i| format!("d{i}")).collect();
    tree.post(
        Path::new("en/fs").join(deep).join("deep.md"),
        "title: Deep",
        "",
    );
}

/// Translation links that lead nowhere, to the post itself, around a
/// cycle of three languages, or into the same language.
fn translation_class(tree: &Tree) {
    let post = |path: &str, url: &str, trans_url: &str| {
        tree.post(
            path,
            &format!("title: {url}\nurl: {url}\ntrans_url: {trans_url}\ndate: 2001-01-01"),
            "Text.\n",
        );
    };
    post("en/translations/nowhere.md", "/nowhere/", "/not-a-post/");
    post("en/translations/self.md", "/self/", "/self/");
    post("en/translations/same.md", "/same/", "/self/");
    post("en/translations/cycle.md", "/cycle-en/", "/cycle-fr/");
    post("fr/translations/cycle-fr.md", "/cycle-fr/", "/cycle-es/");
    post("es/translations/cycle-es.md", "/cycle-es/", "/cycle-en/");
    post(
        "en/translations/garbage.md",
        "/garbage/",
        "http://[::1/%%%/../../..",
    );
    post(
        "en/translations/escape.md",
        "/escape/",
        "\"/\\e]0;PWNED\\a/\"",
    );
    tree.post(
        "en/translations/key-and-url.md",
        "title: Both\ntranslationKey: pair\ntrans_url: /cycle-fr/",
        "",
    );
    tree.post(
        "fr/translations/key.md",
        "title: Clé\ntranslationKey: pair",
        "",
    );
}

/// Every class in one tree.
fn hostile_tree() -> Tree {
    let tree = Tree::new();
    front_matter_class(&tree);
    wrong_types_class(&tree);
    encoding_class(&tree);
    injection_class(&tree);
    size_class(&tree);
    file_system_class(&tree);
    translation_class(&tree);
    tree
}

// ---------------------------------------------------------------------------
// What holds for every tree

/// What `check --json` and `list --json` said about a tree.
struct Loaded {
    /// `check`'s exit code: 1 when a file meant as content could not be used.
    check_code: Option<i32>,
    check: Value,
    posts: Vec<Value>,
}

impl Loaded {
    fn post(&self, path: &str) -> &Value {
        self.posts
            .iter()
            .find(|p| p["path"] == path)
            .unwrap_or_else(|| panic!("no post {path:?}; skipped: {:#}", self.check["skipped"]))
    }

    /// Why a file was skipped (or "not skipped").
    fn reason(&self, path: &str) -> String {
        self.check["skipped"]
            .as_array()
            .expect("skipped")
            .iter()
            .find(|s| s["path"] == path)
            .and_then(|s| s["reason"].as_str())
            .map_or_else(|| format!("not skipped: {path}"), str::to_string)
    }

    fn warned(&self, path: &str, kind: &str) -> bool {
        self.warnings(path).iter().any(|w| w["kind"] == kind)
    }

    fn warnings(&self, path: &str) -> Vec<&Value> {
        self.check["warnings"]
            .as_array()
            .expect("warnings")
            .iter()
            .filter(|w| w["path"] == path && w["message"].is_string())
            .collect()
    }
}

/// Loads a tree with `check --json` and `list --json`, lays every post out
/// at widths 40 and 120 with `show --all`, and checks what must hold
/// whatever the tree: no crash, no hang, every file a post or a reported
/// skip, nothing unsafe printed, every line within the width.
fn survives(tree: &Tree) -> Loaded {
    survives_with_content_in(tree, "")
}

/// [`survives`], for a site whose content is under `content` (Hugo's
/// `content/`): files outside it are not the site's to report.
fn survives_with_content_in(tree: &Tree, content: &str) -> Loaded {
    let root = arg(&tree.root());
    let check = liseuse(&["check".into(), "--json".into(), root.clone()]).survived();
    let check_code = check.code;
    let check = check.json();
    assert_eq!(check_code, Some(if check["ok"] == true { 0 } else { 1 }));
    let list = liseuse(&["list".into(), "--json".into(), root.clone()]).survived();
    assert_eq!(list.code, Some(0));
    let posts = list.json().as_array().expect("an array").clone();

    let skipped = check["skipped"].as_array().expect("skipped");
    assert_eq!(check["posts"].as_u64(), Some(posts.len() as u64));
    assert_eq!(
        check["filesSeen"].as_u64(),
        Some(posts.len() as u64 + skipped.len() as u64),
        "posts + skipped = files seen"
    );
    let accounted: BTreeSet<String> = posts
        .iter()
        .map(|p| &p["path"])
        .chain(skipped.iter().map(|s| &s["path"]))
        .map(|p| p.as_str().expect("a path").to_string())
        .collect();
    let on_disk: BTreeSet<String> = walk(&tree.root().join(content))
        .iter()
        .map(|p| shown(&Path::new(content).join(p)))
        .collect();
    assert_eq!(
        on_disk.difference(&accounted).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "files neither loaded nor reported"
    );
    assert_eq!(
        accounted.difference(&on_disk).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "reported files that are not there"
    );

    for width in ["40", "120"] {
        let rendered = liseuse(&[
            "show".into(),
            "--all".into(),
            "--width".into(),
            width.into(),
            root.clone(),
        ])
        .survived()
        .terminal_safe();
        assert_eq!(rendered.code, Some(0), "show --all at {width}");
        assert_fits(
            &format!("show --all --width {width}"),
            &rendered.text(),
            width.parse().expect("a width"),
        );
    }
    Loaded {
        check_code,
        check,
        posts,
    }
}

// ---------------------------------------------------------------------------
// The classes

#[test]
fn broken_front_matter_loads_or_is_reported_with_its_line() {
    let tree = Tree::new();
    front_matter_class(&tree);
    let loaded = survives(&tree);
    assert_eq!(
        loaded.check_code,
        Some(1),
        "unclosed front matter makes check fail"
    );
    let at = |name: &str| format!("en/front-matter/{name}");
    assert!(loaded.reason(&at("unclosed.md")).contains("never closes"));
    assert!(
        loaded
            .reason(&at("unclosed-toml.md"))
            .contains("never closes")
    );

    let bad = loaded.post(&at("bad-yaml.md"));
    assert_eq!(bad["title"], "It's");
    assert_eq!(bad["date"], "2020-02-02T00:00:00+00:00");
    assert!(loaded.warned(&at("bad-yaml.md"), "front-matter"));
    assert_eq!(loaded.post(&at("duplicate.md"))["title"], "First");
    let duplicate = loaded.warnings(&at("duplicate.md"));
    assert_eq!(duplicate[0]["line"], 3, "names the line of the second key");
    assert_eq!(loaded.post(&at("title-list.md"))["title"], "title list");
    assert!(loaded.warned(&at("title-list.md"), "front-matter"));
    assert!(loaded.warned(&at("not-a-mapping.md"), "front-matter"));
    assert_eq!(loaded.post(&at("tabs-and-anchors.md"))["title"], "Tabs");
    assert_eq!(
        loaded.post(&at("raw-controls.md"))["date"],
        "2021-01-01T00:00:00+00:00"
    );

    let toml = loaded.post(&at("broken.toml.md"));
    assert_eq!(toml["title"], "Broken TOML");
    assert!(loaded.warned(&at("broken.toml.md"), "front-matter"));
    for deep in ["toml-deep-arrays.md", "toml-deep-tables.md"] {
        assert_eq!(loaded.post(&at(deep))["title"], "Deep", "{deep}");
    }

    // Refused, not expanded or recursed into: the other fields survive.
    assert_eq!(loaded.post(&at("alias-bomb.md"))["title"], "Laughs");
    assert!(loaded.warned(&at("alias-bomb.md"), "front-matter"));
    assert_eq!(loaded.post(&at("deep-brackets.md"))["title"], "Brackets");
    assert_eq!(loaded.post(&at("deep-braces.md"))["title"], "Braces");
    assert_eq!(loaded.post(&at("deep-block.md"))["title"], "Block");
    let huge = loaded.post(&at("huge-scalar.md"))["title"]
        .as_str()
        .expect("a title")
        .len();
    assert_eq!(huge, "huge ".len() * 600_000 - 1);
    loaded.post(&at("huge-word.md"));
    loaded.post(&at("many-keys.md"));
    loaded.post(&at("many-toml-keys.md"));
    let case_duplicates = loaded.warnings(&at("many-case-duplicates.md"));
    assert_eq!(case_duplicates.len(), 15_000, "one warning per duplicate");
    assert_eq!(case_duplicates[0]["line"], 3);
    assert_eq!(case_duplicates[14_999]["line"], 30_001);
}

#[test]
fn every_known_field_of_the_wrong_type_is_ignored_not_fatal() {
    let tree = Tree::new();
    wrong_types_class(&tree);
    let loaded = survives(&tree);
    assert_eq!(loaded.check["ok"], true, "{:#}", loaded.check["skipped"]);
    assert_eq!(loaded.posts.len(), KNOWN_FIELDS.len() * WRONG_VALUES.len());
    for field in KNOWN_FIELDS {
        for kind in ["list", "map", "boolean"] {
            let path = format!("en/wrong-types/{field}-{kind}.md");
            let post = loaded.post(&path);
            assert!(post["title"].is_string(), "{path}: a title all the same");
            let reported = loaded.warned(&path, "front-matter") || loaded.warned(&path, "date");
            // `draft: true` is right; lists of anything are lists.
            let fine = (*field == "draft" && kind == "boolean")
                || (kind == "list"
                    && ["tags", "categories", "authors", "author", "aliases"].contains(field));
            assert!(reported || fine, "{path}: wrong type not reported");
        }
    }
    // A field of the wrong type falls back as if absent.
    let title = loaded.post("en/wrong-types/title-map.md");
    assert_eq!(title["title"], "title map");
    assert_eq!(loaded.post("en/wrong-types/lang-map.md")["lang"], "en");
    assert_eq!(
        loaded.post("en/wrong-types/draft-number.md")["draft"],
        false
    );
}

#[test]
fn any_encoding_becomes_text_or_a_reported_skip() {
    let tree = Tree::new();
    encoding_class(&tree);
    let loaded = survives(&tree);
    let at = |name: &str| format!("en/encoding/{name}");
    assert_eq!(loaded.post(&at("latin1.md"))["title"], "Café");
    assert!(loaded.warned(&at("latin1.md"), "encoding"));
    // Windows-1252, the Latin-1 that files are really written in: its
    // 0x80–0x9F bytes are letters and quotes, never C1 controls.
    let cp1252 = loaded.post(&at("cp1252.md"))["title"]
        .as_str()
        .expect("a title")
        .to_string();
    assert!(cp1252.starts_with("“Quoted” ›21tPWNED"), "{cp1252:?}");
    assert!(
        !cp1252.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)),
        "{cp1252:?}"
    );
    assert_eq!(
        loaded.post(&at("invalid-utf8.md"))["title"],
        "Café \u{fffd}\u{fffd} broken"
    );
    for name in ["utf16le.md", "utf16be.md", "utf16-broken.md"] {
        assert_eq!(
            loaded.post(&at(name))["title"],
            "Seize étés \u{1f600}",
            "{name}"
        );
    }
    assert_eq!(loaded.post(&at("bom-crlf.md"))["title"], "BOM and CRLF");
    assert_eq!(loaded.reason(&at("nul.md")), "binary file (NUL bytes)");
    assert_eq!(loaded.reason(&at("empty.md")), "empty file");
    assert_eq!(loaded.reason(&at("blank.md")), "empty file");
    assert!(loaded.reason(&at("binary.md")).contains("binary"));
    assert!(loaded.reason(&at("picture.png")).contains("not a post"));

    // A carriage return alone is a line end, never a return to column 0
    // that lets the rest of the line overwrite what came before.
    let root = arg(&tree.root());
    let shown = liseuse(&["show".into(), at("lone-cr.md").into(), root])
        .survived()
        .terminal_safe();
    let text = shown.text();
    assert!(text.contains("Legit text"), "{text}");
    assert!(text.contains("code\nPWNED over it"), "{text}");
}

/// Every command, on a tree whose content is full of control sequences.
#[test]
fn no_command_lets_content_drive_the_terminal() {
    let tree = Tree::new();
    injection_class(&tree);
    let loaded = survives(&tree);
    let root = arg(&tree.root());
    let run = |args: &[&str]| {
        let mut all: Vec<OsString> = args.iter().map(OsString::from).collect();
        all.push(root.clone());
        liseuse(&all).survived().terminal_safe()
    };
    for args in [
        &["list"][..],
        &["list", "--json"],
        &["list", "--lang", "fr"],
        &["check"],
        &["check", "--json"],
        &["check", "--strict"],
        &["show", "--all"],
        &["show", "en/injection/evil.md"],
        &["show", "en/injection/evil.md", "--width", "40"],
        &["show", "/evil/"],
        &["show", "evil-lang.md"],
        &["show", "en/injection/raw.md"],
        &["show", "en/injection/\u{202e}txt.md"],
        &["show", "no-such-post-\x1b]0;PWNED\x07"],
        &["resolve", "/evil/"],
        &["resolve", "/evil-lang/"],
        &["resolve", "/alias/\x1b]0;PWNED\x07/"],
        &["search", "evil"],
        &["search", "--json", "evil"],
        &["search", "PWNED"],
        &["search", "--json", "pwned title"],
        &["search", "\x1b]0;PWNED\x07"],
        &["open", "en/injection/evil.md"],
        &["open", "/evil-lang/"],
    ] {
        run(args);
    }
    let list = run(&["list"]);
    assert!(list.text().contains("Evil"), "{}", list.text());
    // The narrowest column: every line still within it.
    let narrow = run(&["show", "--all", "--width", "1"]);
    assert_fits("show --all --width 1", &narrow.text(), 8);
    // Not on a terminal, the reader prints the list or the post.
    let bare = liseuse(std::slice::from_ref(&root))
        .survived()
        .terminal_safe();
    assert!(bare.text().contains("Evil"), "{}", bare.text());
    liseuse(&[root.clone(), "en/injection/evil.md".into()])
        .survived()
        .terminal_safe();
    // The file names whose bytes are an escape sequence, shown safely.
    let name = loaded
        .posts
        .iter()
        .find_map(|p| {
            p["path"]
                .as_str()
                .filter(|path| path.contains("name.md"))
                .map(str::to_string)
        })
        .expect("the post named with an escape sequence");
    assert_eq!(name, "en/injection/\x1b]0;PWNED\x07 name.md");
    liseuse(&["show".into(), name.into(), root.clone()])
        .survived()
        .terminal_safe();

    // With colours the only escape sequences are liseuse's own styles.
    let colored = liseuse(&[
        "show".into(),
        "--color".into(),
        "always".into(),
        "en/injection/evil.md".into(),
        root.clone(),
    ])
    .survived();
    for head in payload_heads() {
        assert!(
            !contains(&colored.stdout, &head),
            "{:?} reached the terminal",
            String::from_utf8_lossy(&head)
        );
    }
    assert!(!contains(&colored.stdout, b"\x1b]"), "an OSC sequence");
    assert!(
        String::from_utf8_lossy(&colored.stdout)
            .chars()
            .all(|c| !('\u{80}'..='\u{9f}').contains(&c) && c != '\u{7}'),
        "a C1 control or BEL"
    );
}

/// JSON carries content as it is, control characters escaped: valid JSON,
/// safe on a terminal, nothing lost.
#[test]
fn json_output_escapes_control_characters_and_loses_none() {
    let tree = Tree::new();
    injection_class(&tree);
    let root = arg(&tree.root());
    let list = liseuse(&["list".into(), "--json".into(), root.clone()])
        .survived()
        .terminal_safe()
        .json();
    let evil = list
        .as_array()
        .expect("posts")
        .iter()
        .find(|p| p["path"] == "en/injection/evil.md")
        .expect("the evil post");
    let title = evil["title"].as_str().expect("a title");
    for c in ['\u{1b}', '\u{7}', '\u{9b}', '\u{9d}', '\u{202e}', '\u{7f}'] {
        assert!(title.contains(c), "{c:?} lost from {title:?}");
    }
    liseuse(&["check".into(), "--json".into(), root.clone()])
        .survived()
        .terminal_safe()
        .json();
    liseuse(&[
        "search".into(),
        "--json".into(),
        "evil".into(),
        root.clone(),
    ])
    .survived()
    .terminal_safe()
    .json();
}

/// A site configuration is content too: language codes, names and
/// addresses that are control sequences.
#[test]
fn site_configuration_cannot_drive_the_terminal() {
    let tree = Tree::new();
    tree.write(
        "hugo.toml",
        "baseURL = \"https://example.ca/\\u001b]0;PWNED\\u0007\"\n\
         defaultContentLanguage = \"\\u001b[21tPWNED\"\n\
         [languages.en]\nweight = 1\nlanguageName = \"English \\u009b21tPWNED\"\n\
         [languages.\"\\u001b]0;PWNED\\u0007\"]\nweight = 2\nlanguageName = \"\\u001b]2;PWNED\\u0007\"\n\
         [permalinks]\nposts = \"/\\u001b]0;PWNED/:slug/\"\n",
    );
    tree.post(
        "content/posts/one.md",
        "title: One\ntranslationKey: k",
        "Text.\n",
    );
    tree.write(
        raw(b"content/posts/one.\x1b]0;PWNED\x07.md"),
        "---\ntitle: Two\ntranslationKey: k\n---\n",
    );
    let loaded = survives_with_content_in(&tree, "content");
    assert!(
        loaded.check["warnings"]
            .as_array()
            .expect("warnings")
            .iter()
            .any(|w| w["kind"] == "config"
                && w["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("not a language code"))),
        "the language that is an escape sequence is refused: {:#}",
        loaded.check["warnings"]
    );
    let root = arg(&tree.root());
    for args in [
        &["list"][..],
        &["list", "--json"],
        &["check"],
        &["check", "--json"],
        &["show", "content/posts/one.md"],
    ] {
        let mut all: Vec<OsString> = args.iter().map(OsString::from).collect();
        all.push(root.clone());
        liseuse(&all).survived().terminal_safe();
    }
}

#[test]
fn huge_and_deep_posts_load_and_render() {
    let tree = Tree::new();
    size_class(&tree);
    let loaded = survives(&tree);
    let at = |name: &str| format!("en/size/{name}");
    assert!(loaded.reason(&at("huge.md")).contains("larger than"));
    for name in [
        "long-line.md",
        "long-word.md",
        "links.md",
        "quotes.md",
        "lists.md",
        "ordered-lists.md",
        "divs.md",
        "divs.html",
        "emphasis.md",
        "brackets.md",
        "shortcodes.md",
        "comments.md",
        "table.md",
    ] {
        loaded.post(&at(name));
    }
    assert_eq!(
        loaded.check["links"]["internal"], 10_000,
        "every local link followed"
    );
    // One post alone, read without its site, at both widths.
    let root = tree.root();
    for name in ["quotes.md", "divs.html"] {
        for width in ["40", "120"] {
            let shown = liseuse(&[
                "show".into(),
                arg(&root.join(at(name))),
                arg(&root),
                "--width".into(),
                width.into(),
            ])
            .survived()
            .terminal_safe();
            assert_eq!(shown.code, Some(0), "{name} at {width}");
            assert_fits(name, &shown.text(), width.parse().expect("a width"));
        }
    }
}

#[test]
fn every_file_system_oddity_is_a_post_or_a_reported_skip() {
    let tree = Tree::new();
    file_system_class(&tree);
    let loaded = survives(&tree);
    assert_eq!(loaded.check_code, Some(1), "unusable files make check fail");
    let at = |name: &str| format!("en/fs/{name}");
    assert_eq!(loaded.post(&at("folder.md/inner.md"))["title"], "Inner");
    assert!(loaded.reason(&at("loop")).contains("loop"));
    assert!(loaded.reason(&at("ping.md")).contains("loop"));
    assert!(loaded.reason(&at("pong.md")).contains("loop"));
    assert!(loaded.reason(&at("dangling.md")).contains("not found"));
    assert!(loaded.reason(&at("outside.md")).contains("outside"));
    assert!(loaded.reason(&at("root.md")).contains("outside"));
    assert!(loaded.reason(&at("pipe.md")).contains("named pipe"));
    assert!(loaded.reason(&at("socket.md")).contains("socket"));
    assert!(loaded.reason(&at("stub.html")).contains("redirect stub"));
    assert!(loaded.reason(&at(".hidden.md")).contains("hidden"));
    assert_eq!(loaded.post(&at("inside-link.md"))["title"], "Good");
    assert_eq!(loaded.post(&at("new\nline.md"))["title"], "Newline");
    assert_eq!(loaded.post(&at("with spaces.md"))["title"], "Spaces");
    assert!(
        loaded
            .reason(&at("trailing space.md "))
            .contains("not a post")
    );
    assert_eq!(
        loaded.post(&at("caf\u{fffd} \u{fffd}.md"))["title"],
        "Bytes"
    );
    assert_eq!(loaded.post(&at("-dash.md"))["title"], "Dash");
    let deep: Vec<String> = (0..100).map(|i| format!("d{i}")).collect();
    assert_eq!(
        loaded.post(&at(&format!("{}/deep.md", deep.join("/"))))["title"],
        "Deep"
    );

    // Root reads any file; anyone else gets a permission error, reported.
    let locked_readable = fs::read(tree.root().join(at("locked.md"))).is_ok();
    if locked_readable {
        assert_eq!(loaded.post(&at("locked.md"))["title"], "Locked");
        assert_eq!(
            loaded.post(&at("locked-dir/inside.md"))["title"],
            "Locked in"
        );
    } else {
        assert!(
            loaded
                .reason(&at("locked.md"))
                .contains("permission denied")
        );
        assert!(
            loaded
                .reason(&at("locked-dir"))
                .contains("permission denied")
        );
    }

    // Showing the oddities by name: a post, or a clear refusal.
    let root = arg(&tree.root());
    let show = |target: &str| {
        liseuse(&["show".into(), target.into(), root.clone()])
            .refused_or_survived()
            .terminal_safe()
    };
    assert_eq!(show(&at("new\nline.md")).code, Some(0));
    assert_eq!(show(&at("caf\u{fffd} \u{fffd}.md")).code, Some(0));
    for refused in ["pipe.md", "socket.md", "loop", "ping.md", "outside.md"] {
        let run = show(&at(refused));
        assert_ne!(run.code, Some(0), "{refused}");
        assert!(
            !run.stderr.is_empty(),
            "{refused}: refused without a reason"
        );
    }
}

#[test]
fn translation_links_that_lead_nowhere_or_round_in_circles() {
    let tree = Tree::new();
    translation_class(&tree);
    let loaded = survives(&tree);
    let at = |lang: &str, name: &str| format!("{lang}/translations/{name}");
    let dangling = |path: &str| {
        loaded
            .warnings(path)
            .iter()
            .filter(|w| w["kind"] == "dangling-translation")
            .map(|w| w["message"].as_str().unwrap_or_default().to_string())
            .collect::<Vec<_>>()
    };
    assert!(dangling(&at("en", "nowhere.md"))[0].contains("leads to no post"));
    assert!(dangling(&at("en", "self.md"))[0].contains("itself"));
    assert!(dangling(&at("en", "same.md"))[0].contains("same language"));
    assert_eq!(dangling(&at("en", "garbage.md")).len(), 1);
    assert_eq!(dangling(&at("en", "escape.md")).len(), 1);

    // The cycle en → fr → es → en links all three, each to both others.
    let cycle = [
        ("en", at("en", "cycle.md")),
        ("fr", at("fr", "cycle-fr.md")),
        ("es", at("es", "cycle-es.md")),
    ];
    for (lang, path) in &cycle {
        let translations = &loaded.post(path)["translations"];
        for (other, other_path) in &cycle {
            if other != lang {
                assert_eq!(translations[other], other_path.as_str(), "{path}");
            }
        }
    }
    // Links go both ways, whatever the order they were found in.
    for post in &loaded.posts {
        for (lang, other) in post["translations"].as_object().expect("a map") {
            let back = &loaded.post(other.as_str().expect("a path"))["translations"];
            assert_eq!(back[post["lang"].as_str().expect("a lang")], post["path"]);
            assert_ne!(lang, post["lang"].as_str().expect("a lang"));
        }
    }
}

/// `check` of everything at once: a guard against hangs, not a timing.
#[test]
fn the_whole_hostile_tree_is_checked_without_hanging() {
    let tree = hostile_tree();
    let root = arg(&tree.root());
    let started = Instant::now();
    let check = liseuse(&["check".into(), "--json".into(), root.clone()])
        .survived()
        .terminal_safe();
    let took = started.elapsed();
    let report = check.json();
    let files = walk(&tree.root()).len() as u64;
    assert_eq!(report["filesSeen"].as_u64(), Some(files), "no file lost");
    assert_eq!(
        report["filesSeen"].as_u64(),
        Some(
            report["posts"].as_u64().unwrap_or(0)
                + report["skipped"].as_array().map_or(0, Vec::len) as u64
        ),
    );
    eprintln!("check of {files} hostile files took {took:?}");
}

// ---------------------------------------------------------------------------
// The reader, in a pseudo-terminal

/// The escape sequences in a terminal stream, as (start, end) byte ranges.
fn escape_sequences(stream: &[u8]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(offset) = stream[at..].iter().position(|&b| b == 0x1b) {
        let start = at + offset;
        let mut end = start + 1;
        if stream.get(end) == Some(&b'[') {
            end += 1;
            while end < stream.len() && !(0x40..=0x7e).contains(&stream[end]) {
                end += 1;
            }
        }
        end = (end + 1).min(stream.len());
        found.push((start, end));
        at = end;
    }
    found
}

#[test]
fn the_reader_never_lets_content_drive_the_terminal() {
    let tree = hostile_tree();
    let root = tree.root();
    let site = root.to_str().expect("a UTF-8 temporary path");
    let mut terminal = Terminal::start(&[site, "--lang", "en"], (100, 30), &[]);
    terminal.wait_for("the list", |s| s.contains("Posts · English"));
    terminal.wait_for("the evil post listed", |s| s.contains("PWNED"));

    terminal.type_keys("?");
    // The help's frame: its first keys show whatever the screen's height.
    terminal.wait_for("the help", |s| s.contains("┌ Help"));
    terminal.type_keys("?");

    terminal.type_keys("/evil");
    terminal.wait_for("the filter", |s| s.contains("/ evil"));
    terminal.type_keys("\r\r");
    terminal.wait_for("the evil post", |s| {
        s.contains("Heading") && s.contains("Evil")
    });
    // Link 1 is further down: its number scrolls to it, then Tab moves on.
    terminal.type_keys("1");
    terminal.wait_for("a link chosen", |s| s.contains("→"));
    for _ in 0..3 {
        terminal.type_keys("\t");
    }
    terminal.type_keys("c");
    terminal.wait_for("the contents", |s| s.contains("Contents"));
    terminal.type_keys("\x1b");
    terminal.type_keys("T");
    terminal.wait_for("the languages", |s| s.contains("Read in"));
    terminal.type_keys("\x1b");
    terminal.type_keys("G");
    terminal.type_keys("/paragraph\r");
    terminal.type_keys("s");
    terminal.type_keys("evil title");
    // The hits themselves, the index complete: Enter before them would
    // leave the prompt open, and the keys after it would be typed into it
    // (on a busy machine the index takes a while).
    terminal.wait_for("search hits", |s| {
        let top = s.lines().next().unwrap_or_default();
        top.contains("Search")
            && !top.contains("Indexing")
            && top.chars().any(|c| c.is_ascii_digit())
            && s.contains("evil title")
    });
    terminal.type_keys("\r");
    terminal.type_keys("t");
    terminal.type_keys("q");
    assert!(terminal.wait_exit(), "exits with 0");

    let stream = &terminal.stream;
    let text = String::from_utf8_lossy(stream);
    assert!(
        std::str::from_utf8(stream).is_ok(),
        "the stream is not UTF-8: raw C1 bytes?"
    );
    for head in payload_heads() {
        assert!(
            !contains(stream, &head),
            "{:?} reached the terminal",
            String::from_utf8_lossy(&head)
        );
    }
    assert!(
        !text.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)),
        "a C1 control reached the terminal"
    );
    for forbidden in [
        &b"\x07"[..],
        b"\x08",
        b"\x7f",
        b"\x1b]",
        b"\x1bP",
        b"\x1b_",
        b"\x1b^",
    ] {
        assert!(
            !contains(stream, forbidden),
            "{forbidden:?} on the stream: nothing was copied, no title is set"
        );
    }
    for (start, end) in escape_sequences(stream) {
        let sequence = &stream[start..end];
        assert!(
            !(sequence.starts_with(b"\x1b[") && matches!(sequence.last(), Some(b't' | b'n'))),
            "a window or report sequence {:?}",
            String::from_utf8_lossy(sequence)
        );
        // Styles and cursor moves are liseuse's own, and may fall anywhere.
        let own = sequence.starts_with(b"\x1b[") && matches!(sequence.last(), Some(b'm' | b'H'));
        assert!(
            own || !stream[end..].starts_with(MARKER.as_bytes()),
            "a sequence right before the marker: {:?}",
            String::from_utf8_lossy(sequence)
        );
    }
    assert!(
        text.contains("␛]0;PWNED"),
        "the payloads were shown, made visible"
    );
}

// ---------------------------------------------------------------------------
// A closed stdout

/// Runs `liseuse args`, reads at most one line of its output and closes
/// the pipe (or closes it at once): it must end with 0 and say nothing.
fn closed_early(args: &[OsString], read_a_line: bool) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_liseuse"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let stdout = child.stdout.take().expect("stdout");
    if read_a_line {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
    } else {
        drop(stdout);
    }
    let mut stderr = child.stderr.take().expect("stderr");
    let what = format!("{args:?} on a closed pipe");
    let status = support::wait_guarded(&mut child, &what, GUARD);
    let mut said = String::new();
    let _ = stderr.read_to_string(&mut said);
    assert_eq!(status.code(), Some(0), "{args:?}: {said}");
    assert_eq!(said, "", "{args:?} wrote on stderr");
}

#[test]
fn a_closed_stdout_ends_quietly() {
    let tree = hostile_tree();
    let hostile = arg(&tree.root());
    for args in [
        vec!["list".into()],
        vec!["show".into(), "--all".into()],
        vec!["show".into(), "en/size/links.md".into(), hostile.clone()],
    ] {
        closed_early(&args, true);
        closed_early(&args, false);
    }
    // Each loads the whole hostile tree: once each is enough.
    closed_early(&["list".into(), hostile.clone()], true);
    closed_early(&["show".into(), "--all".into(), hostile.clone()], false);
    closed_early(std::slice::from_ref(&hostile), true);
    // Not a pipe closed early, but the same command must work whole.
    liseuse(&["show", "--all"]).quiet_success();
}
