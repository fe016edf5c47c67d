//! Budgets: inputs whose cost grows faster than their size (YAML alias
//! bombs, TOML tables, huge configurations, thousands of languages, huge
//! tables, combining marks), each given to the real binary under a 1 GB
//! address-space limit. None may be killed, hang or panic, and `check`
//! must say what it refused. The `_full_size` tests are the sizes an
//! attacker showed; the others keep the shape at a size that runs fast.

mod support;

use std::fmt::Write as _;
use std::fs;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// The address space each run may use.
const ADDRESS_SPACE: u64 = 1 << 30;
/// Longer than any run takes even in a debug build: past it, a hang.
const GUARD: Duration = Duration::from_secs(120);

struct Run {
    what: String,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn liseuse(args: &[&str], dir: &Path) -> Run {
    let what = format!("liseuse {}", args.join(" "));
    let mut command = Command::new(env!("CARGO_BIN_EXE_liseuse"));
    command.args(args).arg(dir);
    limit_address_space(&mut command, ADDRESS_SPACE);
    let guarded = support::run_guarded(command, &what, GUARD);
    let text = |bytes: Vec<u8>| String::from_utf8_lossy(&bytes).into_owned();
    let run = Run {
        what,
        code: guarded.code,
        stdout: text(guarded.stdout),
        stderr: text(guarded.stderr),
    };
    assert!(
        matches!(run.code, Some(0 | 1)),
        "`{}` ended with {:?} (killed, out of memory or a panic): {}",
        run.what,
        run.code,
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

fn limit_address_space(command: &mut Command, bytes: u64) {
    // SAFETY: setrlimit is async-signal-safe and touches no memory of the
    // parent; it runs in the child between fork and exec.
    unsafe {
        command.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

/// Runs every command that reads the whole site, and returns `check`'s.
fn every_command(dir: &Path) -> Run {
    liseuse(&["list"], dir);
    liseuse(&["show", "--all", "--width", "80"], dir);
    liseuse(&["check"], dir)
}

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    fs::create_dir_all(path.parent().expect("a parent")).expect("dirs");
    fs::write(path, text).expect("writes");
}

/// A site with one ordinary post beside whatever the test adds.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    write(
        dir.path(),
        "content/en/fine.md",
        "---\ntitle: Fine\n---\nA fine post.\n",
    );
    dir
}

/// `big: &a [x, x, …n]` then `refs: [*a, *a, …m]`: m alias jumps, n×m values.
fn alias_bomb(n: usize, m: usize) -> String {
    format!(
        "big: &a [{}]\nrefs: [{}]\n",
        vec!["x"; n].join(", "),
        vec!["*a"; m].join(", ")
    )
}

/// One string of `bytes` bytes aliased `m` times.
fn string_bomb(bytes: usize, m: usize) -> String {
    format!(
        "s: &s {}\nrefs: [{}]\n",
        "y".repeat(bytes),
        vec!["*s"; m].join(", ")
    )
}

fn assert_refused(check: &Run, path: &str, budget: &str) {
    assert!(
        check.stdout.lines().any(|line| line.contains(path)
            && line.contains("over budget")
            && line.contains(budget)),
        "`{}` does not say it refused {path} ({budget}):\n{}",
        check.what,
        check.stdout
    );
}

fn post_alias_bomb(n: usize, m: usize) {
    let dir = site();
    let bomb = alias_bomb(n, m);
    write(
        dir.path(),
        "content/en/bomb.md",
        &format!("---\ntitle: Kept\n{bomb}---\nThe body is kept.\n"),
    );
    let check = every_command(dir.path());
    assert_refused(&check, "bomb.md", "values");
    let shown = liseuse(&["show", "content/en/bomb.md"], dir.path());
    assert!(
        shown.stdout.contains("The body is kept."),
        "{}",
        shown.stdout
    );
    assert!(shown.stdout.contains("Kept"), "{}", shown.stdout);
}

#[test]
fn yaml_alias_bombs_in_front_matter_are_refused() {
    post_alias_bomb(3_000, 3_000);
}

#[test]
fn yaml_alias_bombs_in_front_matter_are_refused_full_size() {
    post_alias_bomb(10_000, 10_000);
    post_alias_bomb(20_000, 20_000);
}

fn post_string_bomb(bytes: usize, m: usize) {
    let dir = site();
    write(
        dir.path(),
        "content/en/bomb.md",
        &format!("---\ntitle: Kept\n{}---\nBody.\n", string_bomb(bytes, m)),
    );
    let check = every_command(dir.path());
    assert_refused(&check, "bomb.md", "over budget");
}

#[test]
fn aliased_long_strings_are_refused() {
    post_string_bomb(100_000, 2_000);
}

#[test]
fn aliased_long_strings_are_refused_full_size() {
    post_string_bomb(1_000_000, 200_000);
}

fn config_alias_bomb(n: usize, m: usize) {
    let dir = site();
    let bomb = alias_bomb(n, m);
    write(
        dir.path(),
        "hugo.yaml",
        &format!("baseURL: https://x.org/\n{bomb}"),
    );
    let check = every_command(dir.path());
    assert_refused(&check, "hugo.yaml", "values");
}

#[test]
fn yaml_alias_bombs_in_the_configuration_are_refused() {
    config_alias_bomb(3_000, 3_000);
}

#[test]
fn yaml_alias_bombs_in_the_configuration_are_refused_full_size() {
    config_alias_bomb(10_000, 10_000);
}

fn huge_configuration(bytes: u64) {
    let dir = site();
    let file = fs::File::create(dir.path().join("config.toml")).expect("creates");
    // Sparse: refused by its size, never read.
    file.set_len(bytes).expect("sized");
    let check = every_command(dir.path());
    assert_refused(&check, "config.toml", "bytes");
}

#[test]
fn huge_configurations_are_not_read() {
    huge_configuration(8 << 20);
}

#[test]
fn huge_configurations_are_not_read_full_size() {
    huge_configuration(170 << 20);
}

fn toml_tables(tables: usize, budget: &str) {
    let dir = site();
    let mut text = String::from("+++\ntitle = \"Tables\"\n");
    for i in 0..tables {
        let _ = write!(text, "[t{i}]\na = {i}\n");
    }
    text.push_str("+++\nBody.\n");
    write(dir.path(), "content/en/tables.md", &text);
    let check = every_command(dir.path());
    assert_refused(&check, "tables.md", budget);
}

#[test]
fn toml_with_many_tables_is_refused() {
    toml_tables(20_000, "tables");
}

#[test]
fn toml_with_many_tables_is_refused_full_size() {
    // 6 MB of tables, under the largest post file read (8 MB), over the
    // largest front matter read.
    toml_tables(300_000, "bytes");
}

fn languages(count: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let codes: Vec<String> = (0..count)
        .map(|i| {
            let letter = |n: usize| char::from(b'a' + (n % 26) as u8);
            format!("{}{}{}", letter(i / 676), letter(i / 26), letter(i))
        })
        .collect();
    let mut config = format!(
        "baseURL: https://x.org/\ndefaultContentLanguage: {}\nlanguages:\n",
        codes[0]
    );
    for (i, code) in codes.iter().enumerate() {
        let _ = write!(
            config,
            "  {code}:\n    contentDir: content/{code}\n    weight: {}\n",
            i + 1
        );
        write(
            dir.path(),
            &format!("content/{code}/hello.md"),
            &format!("---\ntitle: Hello {code}\ntranslationKey: hello\n---\nText.\n"),
        );
    }
    write(dir.path(), "hugo.yaml", &config);
    dir
}

#[test]
fn many_languages_load() {
    let dir = languages(250);
    let check = liseuse(&["check"], dir.path());
    assert!(check.stdout.contains("250"), "{}", check.stdout);
}

/// The full size of the figures: 2,000 languages, every post a
/// translation of every other. Linking stores each group once, so this is
/// 2,000 posts' work, not four million links' (`benches/languages.sh`
/// times it on the release build). `list` writes every post's 1,999
/// translations: its output, not its work, is the square.
#[test]
fn many_languages_load_full_size() {
    let dir = languages(2_000);
    let check = liseuse(&["check"], dir.path());
    assert!(check.stdout.contains("2000"), "{}", check.stdout);
    liseuse(&["list"], dir.path());
}

/// Each post names its 999 translations in `list --json`: the output is
/// the square of the languages (37 MB), the memory must not be (175 MB
/// resident, and 662 MB at 2,000 languages, when the array was built
/// whole before writing; about 25 MB streamed). Judged by the child's own
/// peak resident memory: a limit on its address space said more about
/// the allocator's reservations (mimalloc reserves in large ranges and
/// falls back under a limit) than about the array, and failed now and
/// then with 25 MB to spare.
#[test]
fn list_json_streams_the_square_of_the_languages() {
    let dir = languages(1_000);
    let mut child = Command::new(env!("CARGO_BIN_EXE_liseuse"))
        .args(["list", "--json"])
        .arg(dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the binary starts");
    let (code, peak_kb) = wait_with_peak(&mut child, "liseuse list --json");
    assert_eq!(code, Some(0), "list --json ends well");
    assert!(
        peak_kb < 100 * 1024,
        "list --json held {peak_kb} KB at its peak: the array was built whole"
    );
}

/// Waits for `child` (killed past [`GUARD`]) and returns its exit code
/// and its peak resident memory in kilobytes, from `wait4`: that child's
/// alone, not the other tests' children's.
fn wait_with_peak(child: &mut std::process::Child, what: &str) -> (Option<i32>, i64) {
    let pid = libc::pid_t::try_from(child.id()).expect("a pid");
    let deadline = std::time::Instant::now() + GUARD;
    loop {
        let mut status = 0;
        // SAFETY: an all-zero rusage is a valid value of the C struct.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: wait4 writes only the status and usage it is given.
        let done = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if done == pid {
            let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
            return (code, usage.ru_maxrss);
        }
        assert_eq!(done, 0, "waiting for `{what}` failed");
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("`{what}` still running after {GUARD:?}: a hang");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A post's header names its first translations and counts the rest: with
/// every language named, `show --all` of 2,000 languages was quadratic
/// (7 s, 148 MB).
#[test]
fn headers_count_the_translations_past_the_first() {
    let dir = languages(250);
    let show = liseuse(
        &["show", "--all", "--lang", "aaa", "--width", "80"],
        dir.path(),
    );
    let named = show.stdout.matches(" ✓").count();
    assert_eq!(named, 24, "{}", show.stdout);
    assert!(
        show.stdout.contains("and 225 other versions"),
        "{}",
        show.stdout
    );
}

fn wide_table(columns: usize, rows: usize) {
    let dir = site();
    let row = |c: &str| format!("|{}\n", vec![c; columns].join("|"));
    let mut body = row("h") + &row("-");
    for _ in 0..rows {
        body.push_str(&row("x"));
    }
    write(
        dir.path(),
        "content/en/table.md",
        &format!("---\ntitle: Table\n---\n{body}\nAfter.\n"),
    );
    let shown = liseuse(
        &["show", "content/en/table.md", "--width", "80"],
        dir.path(),
    );
    assert!(shown.stdout.contains("left out"), "{}", shown.stdout);
    every_command(dir.path());
}

#[test]
fn huge_tables_show_their_first_rows_and_columns() {
    wide_table(300, 10);
}

#[test]
fn huge_tables_show_their_first_rows_and_columns_full_size() {
    wide_table(1_000, 200);
    wide_table(3, 50_000);
}

#[test]
fn combining_marks_are_capped() {
    let dir = site();
    let zalgo = format!("Z{}algo ", "\u{300}\u{301}\u{302}\u{303}".repeat(2_000)).repeat(100);
    write(
        dir.path(),
        "content/en/zalgo.md",
        &format!("---\ntitle: Zalgo\n---\n{zalgo}\n"),
    );
    let shown = liseuse(
        &["show", "content/en/zalgo.md", "--width", "80"],
        dir.path(),
    );
    assert!(
        shown.stdout.len() < zalgo.len() / 100,
        "{}",
        shown.stdout.len()
    );
    every_command(dir.path());
}
