//! `liseuse config` and the configuration at work, on the real binary,
//! each test under a configuration directory of its own
//! (`XDG_CONFIG_HOME`): the paths and settings printed, `--check`,
//! `--seed`, `--actions`, and a reader that follows the file.

mod support;

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::process::Output;
use support::pty::Terminal;

/// A configuration directory of its own, and the state's.
struct Home {
    config: tempfile::TempDir,
    state: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        Home {
            config: tempfile::tempdir().expect("a directory"),
            state: tempfile::tempdir().expect("a directory"),
        }
    }

    fn dir(&self) -> PathBuf {
        self.config.path().join("liseuse")
    }

    fn file(&self) -> PathBuf {
        self.dir().join("config.toml")
    }

    /// Writes `text` at `relative` under liseuse's configuration directory.
    fn write(&self, relative: &str, text: &str) {
        let path = self.dir().join(relative);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("made");
        std::fs::write(path, text).expect("written");
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::cargo_bin("liseuse")
            .expect("binary")
            .args(args)
            .env("XDG_CONFIG_HOME", self.config.path())
            .env("XDG_STATE_HOME", self.state.path())
            .env_remove("LISEUSE_CONFIG")
            .env_remove("NO_COLOR")
            .output()
            .expect("runs")
    }

    fn env(&self) -> [(&str, &str); 2] {
        [
            ("XDG_CONFIG_HOME", path_str(self.config.path())),
            ("XDG_STATE_HOME", path_str(self.state.path())),
        ]
    }
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn seed_writes_a_commented_file_that_checks_clean_and_never_overwrites() {
    let home = Home::new();
    let seeded = home.run(&["config", "--seed"]);
    assert_eq!(seeded.status.code(), Some(0), "{}", stderr(&seeded));
    assert_eq!(stdout(&seeded).trim(), home.file().display().to_string());
    let text = std::fs::read_to_string(home.file()).expect("seeded");
    assert!(text.contains("# measure = 100"), "{text}");
    let check = home.run(&["config", "--check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert!(stdout(&check).ends_with("config.toml: no problems\n"));

    std::fs::write(home.file(), "mouse = false\n").expect("written");
    let again = home.run(&["config", "--seed"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        std::fs::read_to_string(home.file()).expect("kept"),
        "mouse = false\n"
    );
}

#[test]
fn check_names_file_line_and_column_and_config_prints_what_still_applies() {
    let home = Home::new();
    home.write(
        "config.toml",
        "lang = \"fr\"\nmeasure = \"wide\"\ntheme = \"lake\"\n[keys]\n\"ctrl-n\" = \"next-post\"\n\"x\" = \"fly\"\n",
    );
    let check = home.run(&["config", "--check"]);
    assert_eq!(check.status.code(), Some(1));
    let file = home.file().display().to_string();
    let errors = stderr(&check);
    assert!(
        errors.contains(&format!(
            "{file}:2:11: `measure`: expected a number of columns"
        )),
        "{errors}"
    );
    assert!(
        errors.contains(&format!("{file}:6:7: [keys]: `fly` is not an action")),
        "{errors}"
    );
    assert!(
        errors.contains(&format!("{file}:3:9: `theme`: no such theme `lake`")),
        "{errors}"
    );
    assert_eq!(errors.lines().count(), 3, "{errors}");

    let shown = home.run(&["config"]);
    assert_eq!(shown.status.code(), Some(0));
    let out = stdout(&shown);
    assert!(out.contains(&format!("# config  {file}\n")), "{out}");
    assert!(out.contains("# themes  "), "{out}");
    assert!(
        out.contains(&format!(
            "# state   {}",
            home.state.path().join("liseuse").display()
        )),
        "{out}"
    );
    assert!(out.contains("\nlang = \"fr\"\n"), "{out}");
    assert!(out.contains("\n# measure = 100\n"), "{out}");
    assert!(out.contains("\n\"ctrl-n\" = \"next-post\"\n"), "{out}");
}

#[test]
fn check_reads_every_theme_file() {
    let home = Home::new();
    home.write(
        "themes/sea.toml",
        "base = \"light\"\nlink = \"blue\"\ncode = \"teal\"\n",
    );
    let check = home.run(&["config", "--check"]);
    assert_eq!(check.status.code(), Some(1));
    let expected = format!(
        "{}:3:8: `code`: expected words",
        home.dir().join("themes/sea.toml").display()
    );
    assert!(stderr(&check).contains(&expected), "{}", stderr(&check));
}

#[test]
fn the_flag_and_the_environment_name_another_file_which_must_exist() {
    let home = Home::new();
    let other = home.config.path().join("other.toml");
    std::fs::write(&other, "measure = 72\n").expect("written");
    let shown = home.run(&["config", "--config", path_str(&other)]);
    assert!(
        stdout(&shown).contains("\nmeasure = 72\n"),
        "{}",
        stdout(&shown)
    );
    let by_env = Command::cargo_bin("liseuse")
        .expect("binary")
        .args(["config"])
        .env("XDG_CONFIG_HOME", home.config.path())
        .env("LISEUSE_CONFIG", &other)
        .output()
        .expect("runs");
    assert!(stdout(&by_env).contains("\nmeasure = 72\n"));
    let missing = home.config.path().join("missing.toml");
    let check = home.run(&["config", "--check", "--config", path_str(&missing)]);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        stderr(&check).contains("missing.toml: no such file"),
        "{}",
        stderr(&check)
    );
}

#[test]
fn actions_lists_every_name_with_its_default_keys() {
    let home = Home::new();
    let listed = home.run(&["config", "--actions"]);
    assert_eq!(listed.status.code(), Some(0));
    let out = stdout(&listed);
    let line = |name: &str| {
        out.lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("{name} in {out}"))
            .to_string()
    };
    assert!(line("next-post").ends_with("  J"), "{out}");
    assert!(line("quit").ends_with("  q Ctrl-C"), "{out}");
    assert!(line("none").contains("takes a key away"));
    assert!(out.lines().count() > 30);
}

#[test]
fn the_configured_site_is_read_when_none_is_given() {
    let home = Home::new();
    let site =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sites/three-languages");
    home.write(
        "config.toml",
        &format!("site = {:?}\n", site.display().to_string()),
    );
    let configured = stdout(&home.run(&["list", "--format", "{path}"]));
    let given = stdout(&home.run(&["list", "--format", "{path}", path_str(&site)]));
    assert_eq!(configured, given);
    let sample = stdout(&Home::new().run(&["list", "--format", "{path}"]));
    assert_ne!(configured, sample);
}

#[test]
fn the_reader_follows_the_file_says_what_is_wrong_and_a_flag_wins() {
    let home = Home::new();
    home.write(
        "config.toml",
        "lang = \"fr\"\ndate_format = \"%d/%m/%y\"\nlist_width = 40\nbogus = 1\nmeasure = 40\n[keys]\n\"ctrl-n\" = \"next-post\"\n\"x\" = \"quit\"\n",
    );
    let env = home.env();
    // --lang wins over the file's `fr`.
    let mut terminal = Terminal::start(&["--no-state", "--lang", "en"], (120, 24), &env);
    terminal.wait_for("the posts and the notice", |s| {
        s.contains("Plain questions") && s.contains("config.toml:4:1: unknown setting")
    });
    let screen = terminal.screen();
    assert!(
        screen.contains("01/05/24 Plain questions"),
        "the date format:\n{screen}"
    );
    let first = screen.lines().next().expect("a line");
    assert_eq!(
        first.find('┐').map(|i| first[..i].chars().count()),
        Some(39),
        "40 columns:\n{screen}"
    );
    // Ctrl-N opens the next post; help says so; x quits.
    terminal.type_keys("\x0e");
    terminal.wait_for("the next post", |s| {
        s.lines()
            .next()
            .is_some_and(|l| l.contains("Call for testers"))
    });
    // The post's rule is as wide as the measure.
    let rule = format!(" {} ", "─".repeat(40));
    terminal.wait_for("a rule as wide as the measure", |s| s.contains(&rule));
    terminal.type_keys("?");
    terminal.wait_for("help with the user's key", |s| s.contains("Ctrl-N J"));
    terminal.type_keys("\x1b");
    terminal.type_keys("x");
    assert!(terminal.wait_exit(), "x quits");
}

#[test]
fn the_file_gives_the_language_the_linear_interface_and_the_mouse_left_alone() {
    let home = Home::new();
    home.write(
        "config.toml",
        "lang = \"fr\"\naccessible = true\nmouse = false\n",
    );
    let env = home.env();
    let mut terminal = Terminal::start(&["--no-state"], (100, 24), &env);
    terminal.wait_for("the French list, linear", |s| {
        s.contains("Billets") && s.contains("> ")
    });
    assert!(
        !terminal.stream.windows(8).any(|w| w == b"\x1b[?1000h"),
        "the mouse is not captured"
    );
    terminal.type_keys("q");
    assert!(terminal.wait_exit());
}

#[test]
fn a_theme_file_colours_code_in_show() {
    let home = Home::new();
    home.write(
        "themes/ink.toml",
        "base = \"light\"\ncode_comment = \"italic light-blue on black\"\ncode_string = \"bold green\"\n",
    );
    home.write("config.toml", "theme = \"ink\"\n");
    let tour = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/code/code-tour.md");
    let tour = path_str(&tour);
    let shown = home.run(&["show", tour, "--color", "always"]);
    assert_eq!(shown.status.code(), Some(0), "{}", stderr(&shown));
    let out = String::from_utf8_lossy(&shown.stdout).into_owned();
    // Italic, light blue on black: the file's comment style, not the
    // light theme's grey.
    assert!(out.contains("\x1b[3;94;40m// Pairs a page"), "{out:?}");
    assert!(out.contains("\x1b[1;32m\"content\""), "{out:?}");
    // Without the file's choice: the built-in light theme's comments.
    home.write("config.toml", "theme = \"light\"\n");
    let light = home.run(&["show", tour, "--color", "always"]);
    let light = String::from_utf8_lossy(&light.stdout).into_owned();
    assert!(!light.contains("\x1b[3;94;40m"), "{light:?}");
    assert!(light.contains("// Pairs a page"));
}

#[test]
fn theme_finds_built_ins_and_files_and_names_what_exists() {
    let home = Home::new();
    home.write(
        "themes/sea.toml",
        "base = \"mono\"\nlink = \"underlined blue\"\n",
    );
    let found = home.run(&["--theme", "sea", "--no-state"]);
    assert_eq!(found.status.code(), Some(0), "{}", stderr(&found));
    let missing = home.run(&["--theme", "lake", "--no-state"]);
    assert_eq!(missing.status.code(), Some(2));
    let said = stderr(&missing);
    assert!(said.contains("--theme: no such theme `lake`"), "{said}");
    assert!(
        said.contains("(one of: default, light, high-contrast, mono, sea)"),
        "{said}"
    );
}

#[test]
fn a_configured_site_that_is_not_there_says_where_it_was_set() {
    let home = Home::new();
    home.write("config.toml", "site = \"gone\"\n");
    for args in [&["list"][..], &["--no-state"][..]] {
        let failed = home.run(args);
        assert_eq!(failed.status.code(), Some(2), "{args:?}");
        let said = stderr(&failed);
        assert!(
            said.contains("gone: no such directory (the `site` of "),
            "{args:?}: {said}"
        );
        assert!(said.contains("config.toml)"), "{said}");
        assert_eq!(said.lines().count(), 1, "{said}");
    }
    let check = home.run(&["config", "--check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(stderr(&check).contains("`site`: "), "{}", stderr(&check));
}
