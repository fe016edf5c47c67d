//! Following the site on disk: a running reader (its `App`, driven as the
//! event loop drives it) and the watcher on a site in a temporary
//! directory; files are changed, added, deleted and renamed under them,
//! and the list and the open post follow. A burst of 1,000 files is one
//! reload, counted.

mod support;

use liseuse::app::action::Action;
use liseuse::app::{App, Effect};
use liseuse::content::{self, Lang, Source};
use liseuse::theme::Theme;
use liseuse::watch::{Changes, Mode, Notice, SiteWatch, Timing};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use support::pty::Terminal;

/// How long a change may take to reach the reader here: far more than
/// the second it takes, for a machine under load.
const PATIENCE: Duration = Duration::from_secs(20);

fn post(title: &str, date: &str, paragraphs: usize) -> String {
    let body = "A sentence of the tests' own, long enough to wrap in a narrow pane.\n\n"
        .repeat(paragraphs);
    format!("---\ntitle: {title}\ndate: {date}\n---\n{body}")
}

/// A two-language site with a post in each tree.
fn site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    for lang in ["en", "fr"] {
        std::fs::create_dir_all(root.join("content").join(lang)).expect("mkdir");
    }
    write(
        &root,
        "hugo.toml",
        "defaultContentLanguage = \"en\"\n\
         [languages.en]\ncontentDir = \"content/en\"\n\
         [languages.fr]\ncontentDir = \"content/fr\"\n",
    );
    write(&root, "content/en/long.md", &post("Long", "2024-01-02", 60));
    write(
        &root,
        "content/en/short.md",
        &post("Short", "2024-01-01", 1),
    );
    write(
        &root,
        "content/fr/court.md",
        &post("Court", "2024-01-01", 1),
    );
    // Written a while ago, as a site is: a poller tells a change by a
    // later write time in whole seconds (notify's `PollWatcher`), and a
    // rewrite in the second the file was made would go unseen.
    let before = std::time::SystemTime::now() - Duration::from_secs(10);
    for relative in [
        "hugo.toml",
        "content/en/long.md",
        "content/en/short.md",
        "content/fr/court.md",
    ] {
        std::fs::File::options()
            .write(true)
            .open(root.join(relative))
            .and_then(|file| file.set_modified(before))
            .expect("set the write time");
    }
    (dir, root)
}

fn write(root: &Path, relative: &str, text: &str) {
    std::fs::write(root.join(relative), text).expect("write");
}

/// A reader on `root` with its watch, and the readings it did: whole
/// (`R`, or events lost) and in part (the files the watcher named).
struct Running {
    app: App,
    watch: SiteWatch,
    source: Source,
    reloads: usize,
    refreshes: usize,
}

/// A reader on the site at `source`, in English, that can read it again.
fn app_on(source: &Source) -> App {
    let mut app = App::new(
        content::load(source),
        Some(Lang::new("en")),
        (100, 30),
        Theme::plain(),
    );
    app.source = Some(source.clone());
    app
}

impl Running {
    fn start(root: &Path, mode: Mode) -> Running {
        Running::start_timed(root, mode, Timing::default())
    }

    fn start_timed(root: &Path, mode: Mode, timing: Timing) -> Running {
        let source = Source::Directory(root.to_path_buf());
        let app = app_on(&source);
        let watch = SiteWatch::start(root, mode, timing).expect("watches");
        Running {
            app,
            watch,
            source,
            reloads: 0,
            refreshes: 0,
        }
    }

    /// What the event loop does, once: the watch's notices to the app,
    /// a reload it asks for done (here, at once).
    fn turn(&mut self, wait: Duration) {
        if let Some(notice) = self.watch.next_notice(wait) {
            self.app.update(Action::Watch(notice));
        }
        for effect in self.app.take_effects() {
            match effect {
                Effect::Reload => {
                    self.reloads += 1;
                    self.app.replace_site(content::load(&self.source));
                }
                Effect::Refresh(paths) => {
                    self.refreshes += 1;
                    let (site, filter_index) = liseuse::terminal::refresh_indexed(
                        std::sync::Arc::clone(&self.app.site),
                        std::sync::Arc::clone(self.app.filter_index()),
                        &self.source,
                        &paths,
                    );
                    self.app.replace_site_indexed(site, filter_index);
                }
                _ => {}
            }
        }
    }

    /// Turns until `done`, or fails after [`PATIENCE`] saying `what`.
    fn until(&mut self, what: &str, done: impl Fn(&App) -> bool) {
        let deadline = Instant::now() + PATIENCE;
        while !done(&self.app) {
            assert!(Instant::now() < deadline, "never came: {what}");
            self.turn(Duration::from_millis(20));
        }
    }

    /// Turns for `span`, to see that nothing more comes.
    fn settle(&mut self, span: Duration) {
        let end = Instant::now() + span;
        while Instant::now() < end {
            self.turn(Duration::from_millis(20));
        }
    }

    fn titles(&self) -> Vec<String> {
        self.app
            .matches
            .iter()
            .map(|m| self.app.site.posts[m.id].title.clone())
            .collect()
    }

    fn open_title(&self) -> Option<String> {
        let reading = self.app.reading.as_ref()?;
        Some(self.app.site.posts[reading.id].title.clone())
    }
}

#[test]
fn the_list_and_the_open_post_follow_changes_additions_deletions_and_renames() {
    let (_dir, root) = site();
    follow_everything(&root, Mode::Native);
}

#[test]
fn polled_the_list_and_the_open_post_follow_too() {
    let (_dir, root) = site();
    follow_everything(&root, Mode::Poll);
}

fn follow_everything(root: &Path, mode: Mode) {
    let root = root.to_path_buf();
    let mut running = Running::start(&root, mode);
    assert_eq!(running.titles(), ["Long", "Short"]);
    let long = running.app.site.find("long").expect("loaded");
    running.app.visit(long, None);
    running.app.update(Action::PageDown);
    running.app.update(Action::PageDown);
    let scroll = running.app.scroll;
    assert!(scroll > 0);

    // Changed: the open post's title, at the same place.
    write(
        &root,
        "content/en/long.md",
        &post("Long, revised", "2024-01-02", 60),
    );
    running.until("the new title", |app| {
        app.reading
            .as_ref()
            .is_some_and(|r| app.site.posts[r.id].title == "Long, revised")
    });
    assert_eq!(running.app.scroll, scroll, "at the same place");
    assert_eq!(running.titles(), ["Long, revised", "Short"]);

    // Added.
    write(
        &root,
        "content/en/new.md",
        &post("Newcomer", "2024-02-01", 1),
    );
    running.until("the new post listed", |app| app.matches.len() == 3);
    assert_eq!(running.titles(), ["Newcomer", "Long, revised", "Short"]);
    assert_eq!(running.open_title().as_deref(), Some("Long, revised"));

    // Renamed: the open post follows to its new path, at its place.
    std::fs::rename(
        root.join("content/en/long.md"),
        root.join("content/en/longer.md"),
    )
    .expect("rename");
    running.until("the renamed path", |app| {
        app.site
            .posts
            .iter()
            .any(|p| p.path.ends_with("content/en/longer.md"))
    });
    let reading = running.app.reading.as_ref().expect("still open");
    assert!(
        running.app.site.posts[reading.id]
            .path
            .ends_with("content/en/longer.md")
    );
    assert!(!running.app.reading_deleted());
    assert_eq!(running.app.scroll, scroll);
    assert_eq!(running.app.matches.len(), 3);

    // Another post deleted: gone from the list.
    std::fs::remove_file(root.join("content/en/short.md")).expect("remove");
    running.until("the deleted post unlisted", |app| app.matches.len() == 2);
    assert_eq!(running.titles(), ["Newcomer", "Long, revised"]);

    // The open post deleted: it stays, marked, out of the list.
    std::fs::remove_file(root.join("content/en/longer.md")).expect("remove");
    running.until("the open post marked deleted", App::reading_deleted);
    assert_eq!(running.open_title().as_deref(), Some("Long, revised"));
    assert_eq!(running.app.scroll, scroll);
    assert_eq!(running.titles(), ["Newcomer"]);

    // The other language's tree is followed too.
    write(
        &root,
        "content/fr/nouveau.md",
        &post("Nouveau", "2024-03-01", 1),
    );
    running.until("the French post read", |app| {
        app.site.posts.iter().any(|p| p.title == "Nouveau")
    });
}

#[test]
fn the_list_keeps_its_selection_through_a_rename() {
    let (_dir, root) = site();
    let mut running = Running::start(&root, Mode::Native);
    running.app.update(Action::Down);
    let selected = |app: &App| app.selected_id().map(|id| app.site.posts[id].title.clone());
    assert_eq!(selected(&running.app).as_deref(), Some("Short"));
    std::fs::rename(
        root.join("content/en/short.md"),
        root.join("content/en/brief.md"),
    )
    .expect("rename");
    running.until("the renamed path", |app| {
        app.site
            .posts
            .iter()
            .any(|p| p.path.ends_with("content/en/brief.md"))
    });
    assert_eq!(selected(&running.app).as_deref(), Some("Short"));
}

/// The 1,000 files a `git checkout` might write, changed and added at
/// once: one reload, and nothing after it.
fn a_burst_is_one_reload(mode: Mode) {
    let (_dir, root) = site();
    // The burst ends when nothing changed for a while: 300 ms by default,
    // but a test's writer on a machine busy with builds (load 10 on two
    // cores) can stall for longer between two files, which would be two
    // bursts. What is counted is how bursts are gathered, not how fast
    // this machine writes.
    let timing = Timing {
        quiet: Duration::from_secs(1),
        ..Timing::default()
    };
    let mut running = Running::start_timed(&root, mode, timing);
    // The watch is ready when it starts; a poller has looked once.
    for n in 0..1000 {
        write(
            &root,
            &format!("content/en/burst-{n:04}.md"),
            &post(&format!("Burst {n}"), "2024-05-01", 1),
        );
    }
    running.until("the burst listed", |app| app.matches.len() == 1002);
    // Longer than the watch gathers and a poller looks: a second reload
    // would have come by then.
    running.settle(Duration::from_millis(2500));
    assert_eq!(
        (running.reloads, running.refreshes),
        (0, 1),
        "{mode:?}: one reading for the burst, of its files alone"
    );
    assert_eq!(running.app.matches.len(), 1002);
}

#[test]
fn a_burst_of_1000_files_is_one_reload() {
    a_burst_is_one_reload(Mode::Native);
}

#[test]
fn polling_follows_the_site_and_a_burst_is_one_reload_too() {
    a_burst_is_one_reload(Mode::Poll);
}

#[test]
fn a_change_while_reading_is_read_once_more_after() {
    let (_dir, root) = site();
    let mut running = Running::start(&root, Mode::Native);
    // A reload under way (R), and changes told meanwhile, twice.
    running.app.update(Action::Reload);
    let asked = running.app.take_effects();
    assert_eq!(asked, [Effect::Reload]);
    running
        .app
        .update(Action::Watch(Notice::Changed(Changes::Everything)));
    running
        .app
        .update(Action::Watch(Notice::Changed(Changes::Paths(vec![
            root.join("content/en/short.md"),
        ]))));
    assert!(running.app.take_effects().is_empty(), "not twice at once");
    running
        .app
        .replace_site(content::load(&Source::Directory(root.clone())));
    assert_eq!(
        running.app.take_effects(),
        [Effect::Reload],
        "once more after"
    );
    running
        .app
        .replace_site(content::load(&Source::Directory(root.clone())));
    assert!(running.app.take_effects().is_empty(), "and only once");
}

#[test]
fn only_the_files_named_are_read_again() {
    let (_dir, root) = site();
    let source = Source::Directory(root.clone());
    let mut app = app_on(&source);
    // Spoilt on disk, but not among the changes told: not read, its
    // post stays as it was; the one named is read.
    write(&root, "content/en/short.md", "---\ntitle: [never closed\n");
    write(
        &root,
        "content/en/long.md",
        &post("Long, again", "2024-01-02", 3),
    );
    app.update(Action::Watch(Notice::Changed(Changes::Paths(vec![
        root.join("content/en/long.md"),
    ]))));
    let effects = app.take_effects();
    let [Effect::Refresh(paths)] = effects.as_slice() else {
        panic!("the file named is read in part");
    };
    let (site, filter_index) = liseuse::terminal::refresh_indexed(
        std::sync::Arc::clone(&app.site),
        std::sync::Arc::clone(app.filter_index()),
        &source,
        paths,
    );
    app.replace_site_indexed(site, filter_index);
    let titles: Vec<&str> = app
        .matches
        .iter()
        .map(|m| app.site.posts[m.id].title.as_str())
        .collect();
    assert_eq!(titles, ["Long, again", "Short"]);
    assert!(app.site.skipped.is_empty(), "{:?}", app.site.skipped);
    // The filter finds the new title, and still the kept one.
    app.update(Action::StartFilter);
    for c in "again".chars() {
        app.update(Action::FilterChar(c));
    }
    assert_eq!(app.matches.len(), 1);
}

#[test]
fn editor_scratch_files_and_git_are_not_changes() {
    let (_dir, root) = site();
    let running = Running::start(&root, Mode::Native);
    std::fs::create_dir_all(root.join(".git")).expect("mkdir");
    write(&root, ".git/index", "not content");
    write(&root, "content/en/.long.md.swp", "swap");
    write(&root, "content/en/long.md~", "backup");
    assert_eq!(running.watch.next_notice(Duration::from_millis(800)), None);
    write(
        &root,
        "content/en/long.md",
        &post("Long, saved", "2024-01-02", 2),
    );
    assert!(matches!(
        running.watch.next_notice(PATIENCE),
        Some(Notice::Changed(_))
    ));
}

#[test]
fn the_fallback_and_a_failure_are_said_in_the_status_line_in_both_languages() {
    let (_dir, root) = site();
    let mut running = Running::start(&root, Mode::Native);
    running.app.update(Action::Watch(Notice::Polling {
        reason: "OS file watch limit reached".to_string(),
    }));
    assert_eq!(
        running.app.message.as_deref(),
        Some("Following the site by polling: OS file watch limit reached")
    );
    running.app.ui = liseuse::i18n::Ui::Fr;
    running.app.update(Action::Watch(Notice::Failed {
        reason: "gone\u{1b}[2J".to_string(),
    }));
    let said = running.app.message.clone().unwrap_or_default();
    assert!(said.starts_with("Le site n’est plus suivi"), "{said}");
    assert!(!said.contains('\u{1b}'), "{said}");
}

/// The real reader in a pseudo-terminal, a post open: its title edited on
/// disk changes on screen with no key pressed; deleted, the post stays,
/// marked. Polled (`LISEUSE_WATCH=poll`) as well as watched.
#[test]
fn the_reader_on_screen_follows_an_edit_and_a_deletion() {
    for env in [&[][..], &[("LISEUSE_WATCH", "poll")][..]] {
        let (_dir, root) = site();
        let root_arg = root.to_string_lossy().to_string();
        let mut terminal = Terminal::start(&[&root_arg, "--lang", "en"], (80, 24), env);
        terminal.wait_for("the list", |s| s.contains("Long") && s.contains("Short"));
        terminal.type_keys("\r");
        terminal.wait_for("the open post", |s| s.contains("A sentence of the tests"));
        write(
            &root,
            "content/en/long.md",
            &post("Long, edited on disk", "2024-01-02", 60),
        );
        terminal.wait_for(
            &format!("{env:?}: the new title, with no key pressed"),
            |s| s.contains("Long, edited on disk") && s.contains("A sentence of the tests"),
        );
        std::fs::remove_file(root.join("content/en/long.md")).expect("remove");
        terminal.wait_for("the post marked deleted", |s| {
            s.contains("deleted on disk") && s.contains("A sentence of the tests")
        });
        terminal.type_keys("q");
        assert!(terminal.wait_exit(), "{env:?}: exits with 0");
    }
}

/// `--no-watch`: an edit waits for `R`.
#[test]
fn no_watch_leaves_the_site_as_read_until_r() {
    let (_dir, root) = site();
    let root_arg = root.to_string_lossy().to_string();
    let mut terminal = Terminal::start(&[&root_arg, "--lang", "en", "--no-watch"], (80, 24), &[]);
    terminal.wait_for("the list", |s| s.contains("Long") && s.contains("Short"));
    write(
        &root,
        "content/en/short.md",
        &post("Shorter", "2024-01-01", 1),
    );
    // Longer than a watched change takes to show (it is not waited for
    // in the other tests: they wait for what comes).
    std::thread::sleep(Duration::from_millis(1500));
    terminal.wait_for("what was drawn meanwhile", |_| true);
    assert!(
        !terminal.screen().contains("Shorter"),
        "{}",
        terminal.screen()
    );
    terminal.type_keys("R");
    terminal.wait_for("the edit, read on R", |s| s.contains("Shorter"));
    terminal.type_keys("q");
    assert!(terminal.wait_exit(), "exits with 0");
}
