//! Following the site on disk: a watcher on the site's directories whose
//! events, however many, become one notice per burst. The reader and
//! `liseuse serve` answer each notice with one reload.
//!
//! Two layers of coalescing. `notify-debouncer-full` merges the events of
//! each path (a file written fifty times is one entry), pairs the halves
//! of a rename, turns an overflowing inotify queue into one "rescan"
//! event, and runs the timer on its own thread. It was chosen over
//! `notify-debouncer-mini` because the mini one keeps only paths, not what
//! happened to them: notify 8 watches files being opened, so every file
//! the reload itself reads would be a "change", and the reader would read
//! the site again, endlessly. Here the events that change nothing (a file
//! opened or read, its access time or permissions) are left out. The full
//! debouncer runs without its cache of file ids ([`NoCache`]): that cache
//! walks the whole tree on start, and a reload reads every file again
//! anyway.
//!
//! Either debouncer sends a path once it has been quiet for its timeout,
//! so a burst spread over more than that arrives as several batches; here
//! they are gathered until the site has been quiet for [`Timing::quiet`]
//! (or changing for [`Timing::longest`]), and sent as one
//! [`Notice::Changed`]. A `git checkout` of 1,000 files is one notice.
//!
//! Each notice names the paths changed, so that only those files are read
//! again ([`crate::content::refresh`]). Bounded: the debouncer holds one
//! queue per path changed in its timeout; here at most [`MAX_PATHS`]
//! paths are kept, and past them (or when events were lost: an event
//! flood that overflows the inotify queue is one rescan event) the notice
//! says [`Changes::Everything`], and the whole site is read again after
//! the burst, so nothing lost is missed.

use crate::content::source::NOT_CONTENT_DIRS;
use notify::event::{EventKind, MetadataKind, ModifyKind};
use notify::{PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};
use notify_debouncer_full::{
    DebounceEventResult, DebouncedEvent, Debouncer, NoCache, new_debouncer_opt,
};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::time::{Duration, Instant};

/// How the site is watched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The system's own notifications (inotify, FSEvents, kqueue…), and
    /// polling where they cannot start.
    Native,
    /// Polling alone: what network file systems need, and how the
    /// fallback is tested.
    Poll,
}

impl Mode {
    /// [`Mode::Poll`] when `LISEUSE_WATCH=poll`, else [`Mode::Native`].
    pub fn from_env() -> Mode {
        match std::env::var_os("LISEUSE_WATCH") {
            Some(value) if value == "poll" => Mode::Poll,
            _ => Mode::Native,
        }
    }
}

/// How long changes are gathered before they are told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    /// The debouncer's timeout, per path.
    pub debounce: Duration,
    /// A burst ends when no change came for this long.
    pub quiet: Duration,
    /// A burst that never ends is told after this long anyway (and again
    /// every so long), so that a file written over and over (a log kept
    /// inside the site) does not hold every other change back.
    pub longest: Duration,
    /// How often the polling watcher looks at every file (after its last
    /// look ended); polled, a burst ends after `quiet` and this.
    pub poll: Duration,
}

impl Default for Timing {
    /// A change on screen within a second: 50 + 300 ms here, then the
    /// reload (polled, up to 400 ms more before it is seen, and 400 ms
    /// more to be sure the burst is over).
    fn default() -> Timing {
        Timing {
            debounce: Duration::from_millis(50),
            quiet: Duration::from_millis(300),
            longest: Duration::from_secs(2),
            poll: Duration::from_millis(400),
        }
    }
}

/// How many changed paths a notice names at most: past them it says
/// [`Changes::Everything`]. A `git checkout` of a few thousand files is
/// still read file by file; a larger one costs as much as reading the
/// whole site, which is then done.
pub const MAX_PATHS: usize = 4096;

/// What changed on disk during one burst.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changes {
    /// These paths (files or directories, as the watcher gave them:
    /// beneath the watched root), sorted, each once; never more than
    /// [`MAX_PATHS`].
    Paths(Vec<PathBuf>),
    /// Too many to name, or events were lost: read everything again.
    Everything,
}

impl Changes {
    /// No change yet.
    pub fn none() -> Changes {
        Changes::Paths(Vec::new())
    }

    /// Adds `other`'s changes to these, within the bound.
    pub fn merge(&mut self, other: Changes) {
        match (&mut *self, other) {
            (Changes::Everything, _) => {}
            (_, Changes::Everything) => *self = Changes::Everything,
            (Changes::Paths(paths), Changes::Paths(more)) => {
                paths.extend(more);
                self.tidy();
            }
        }
    }

    /// Adds one path, within the bound.
    fn add(&mut self, path: PathBuf) {
        if let Changes::Paths(paths) = self {
            paths.push(path);
            // Sorted now and then, not at each path: a burst of a
            // thousand events on one file stays one path, cheaply.
            if paths.len() > MAX_PATHS {
                self.tidy();
            }
        }
    }

    /// Sorted, each path once; [`Changes::Everything`] past the bound.
    fn tidy(&mut self) {
        if let Changes::Paths(paths) = self {
            paths.sort_unstable();
            paths.dedup();
            if paths.len() > MAX_PATHS {
                *self = Changes::Everything;
            }
        }
    }

    /// How many paths changed, for a log: `None` for everything.
    pub fn count(&self) -> Option<usize> {
        match self {
            Changes::Paths(paths) => Some(paths.len()),
            Changes::Everything => None,
        }
    }
}

/// What the watcher tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// Files of the site changed (were added, written, removed or
    /// renamed). One burst, one notice.
    Changed(Changes),
    /// The system's notifications could not watch the site (`reason`):
    /// it is polled instead. Told once.
    Polling { reason: String },
    /// The watcher failed (`reason`): changes may be missed from now on.
    /// Told once.
    Failed { reason: String },
}

/// A running watch on one site. Dropping it stops it.
pub struct SiteWatch {
    notices: Receiver<Notice>,
    input: Sender<Input>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// What the watch's thread hears.
enum Input {
    Batch(DebounceEventResult),
    Stop,
}

/// The debouncer in use: its watcher's kind is part of its type. Held,
/// never read: dropping it stops the watching.
#[allow(dead_code)]
enum Held {
    Native(Debouncer<RecommendedWatcher, NoCache>),
    Polling(Debouncer<PollWatcher, NoCache>),
}

impl SiteWatch {
    /// Watches the site at `root` (a directory, or one post file).
    /// Fails only if no watcher at all can start; a native one that
    /// cannot is replaced by polling, which the first notice says.
    pub fn start(root: &Path, mode: Mode, timing: Timing) -> Result<SiteWatch, String> {
        let (input, heard) = mpsc::channel();
        let (tell, notices) = mpsc::channel();
        let roots = Roots::of(root);
        let (held, fell_back) = match mode {
            Mode::Native => match start_native(&roots, &input, timing) {
                Ok(held) => (held, None),
                Err(reason) => (start_polling(&roots, &input, timing)?, Some(reason)),
            },
            Mode::Poll => (start_polling(&roots, &input, timing)?, None),
        };
        if let Some(reason) = fell_back {
            let _ = tell.send(Notice::Polling { reason });
        }
        let again = input.clone();
        let thread = std::thread::Builder::new()
            .name("liseuse-watch".to_string())
            .spawn(move || gather(held, heard, tell, roots, again, timing))
            .map_err(|error| error.to_string())?;
        Ok(SiteWatch {
            notices,
            input,
            thread: Some(thread),
        })
    }

    /// What was told since last asked, without waiting.
    pub fn notices(&self) -> Vec<Notice> {
        let mut told = Vec::new();
        loop {
            match self.notices.try_recv() {
                Ok(notice) => told.push(notice),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => return told,
            }
        }
    }

    /// The watch, and its notices to be read elsewhere (a thread of their
    /// own, waiting on them); [`SiteWatch::notices`] is then empty.
    pub fn forward(self) -> (SiteWatch, Receiver<Notice>) {
        let (_, nothing) = mpsc::channel();
        let mut watch = self;
        let notices = std::mem::replace(&mut watch.notices, nothing);
        (watch, notices)
    }

    /// The next notice, waiting at most `timeout`.
    pub fn next_notice(&self, timeout: Duration) -> Option<Notice> {
        self.notices.recv_timeout(timeout).ok()
    }
}

impl Drop for SiteWatch {
    fn drop(&mut self) {
        let _ = self.input.send(Input::Stop);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// What is watched of a site, and what of it counts.
#[derive(Debug, Clone)]
struct Roots {
    /// Watched alone: the site's root (its configuration files, new
    /// directories), or the directory of a single post.
    shallow: PathBuf,
    /// Watched with everything beneath: the root's directories that may
    /// hold content (not `.git`, `node_modules`, `public`…).
    deep: Vec<PathBuf>,
    /// A single post: only its own path counts.
    only: Option<PathBuf>,
}

impl Roots {
    fn of(root: &Path) -> Roots {
        if root.is_file() {
            let only = root.to_path_buf();
            let parent = root
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            return Roots {
                shallow: parent.to_path_buf(),
                deep: Vec::new(),
                only: Some(only),
            };
        }
        let deep = std::fs::read_dir(root)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter(|entry| entry.file_type().is_ok_and(|t| t.is_dir()))
                    .filter(|entry| !ignored_name(&entry.file_name().to_string_lossy()))
                    .map(|entry| entry.path())
                    .collect()
            })
            .unwrap_or_default();
        Roots {
            shallow: root.to_path_buf(),
            deep,
            only: None,
        }
    }

    /// Whether a change at `path` may change the site.
    fn counts(&self, path: &Path) -> bool {
        if let Some(only) = &self.only {
            return path == only || path.file_name() == only.file_name();
        }
        let relative = path.strip_prefix(&self.shallow).unwrap_or(path);
        !relative
            .components()
            .any(|c| ignored_name(&c.as_os_str().to_string_lossy()))
            && !relative
                .file_name()
                .is_some_and(|name| editor_scratch(&name.to_string_lossy()))
    }

    fn watch<T: Watcher>(&self, debouncer: &mut Debouncer<T, NoCache>) -> notify::Result<()> {
        debouncer.watch(&self.shallow, RecursiveMode::NonRecursive)?;
        for dir in &self.deep {
            debouncer.watch(dir, RecursiveMode::Recursive)?;
        }
        Ok(())
    }

    /// Adds the paths `event` changed that may change the site to
    /// `changes`; everything if events were lost.
    fn changed(&self, event: &DebouncedEvent, changes: &mut Changes) {
        if event.need_rescan() {
            changes.merge(Changes::Everything);
            return;
        }
        match event.kind {
            // Read, not changed: the reload's own reading comes as these
            // (inotify tells a new access time as "metadata", any). A
            // poller tells a file written by its new write time.
            EventKind::Access(_) => {}
            EventKind::Modify(ModifyKind::Metadata(kind)) if kind != MetadataKind::WriteTime => {}
            _ => {
                for path in event.paths.iter().filter(|path| self.counts(path)) {
                    changes.add(path.clone());
                }
            }
        }
    }
}

/// A directory that never holds content: hidden ones (`.git`) and build
/// output or tooling.
fn ignored_name(name: &str) -> bool {
    name.starts_with('.') || NOT_CONTENT_DIRS.contains(&name)
}

/// An editor's file of its own beside the one it saves (`post.md~`,
/// `.post.md.swp`, vim's `4913` test): never a post.
fn editor_scratch(name: &str) -> bool {
    name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".swx") || name == "4913"
}

fn start_native(roots: &Roots, input: &Sender<Input>, timing: Timing) -> Result<Held, String> {
    let mut debouncer = debouncer::<RecommendedWatcher>(input, timing)?;
    // Past the inotify limit (ENOSPC), this fails part way: what was
    // watched is dropped with the debouncer.
    roots
        .watch(&mut debouncer)
        .map_err(|error| error.to_string())?;
    Ok(Held::Native(debouncer))
}

fn start_polling(roots: &Roots, input: &Sender<Input>, timing: Timing) -> Result<Held, String> {
    let mut debouncer = debouncer::<PollWatcher>(input, timing)?;
    roots
        .watch(&mut debouncer)
        .map_err(|error| error.to_string())?;
    Ok(Held::Polling(debouncer))
}

fn debouncer<T: Watcher>(
    input: &Sender<Input>,
    timing: Timing,
) -> Result<Debouncer<T, NoCache>, String> {
    let sender = input.clone();
    new_debouncer_opt::<_, T, NoCache>(
        timing.debounce,
        None,
        move |batch: DebounceEventResult| {
            let _ = sender.send(Input::Batch(batch));
        },
        NoCache,
        notify::Config::default().with_poll_interval(timing.poll),
    )
    .map_err(|error| error.to_string())
}

/// The watch's thread: gathers the debouncer's batches into one notice
/// per burst, until stopped or until no one listens.
fn gather(
    mut held: Held,
    heard: Receiver<Input>,
    tell: Sender<Notice>,
    roots: Roots,
    input: Sender<Input>,
    timing: Timing,
) {
    // (when the burst began, what it changed so far)
    let mut burst: Option<(Instant, Changes)> = None;
    let mut failed = false;
    loop {
        // A poller sees a burst it looked at half-way through at its next
        // look: quiet means quiet for longer than between two looks.
        let quiet = match held {
            Held::Native(_) => timing.quiet,
            Held::Polling(_) => timing.quiet + timing.poll,
        };
        let next = match burst {
            Some((began, _)) => {
                let left = timing.longest.saturating_sub(began.elapsed());
                heard.recv_timeout(quiet.min(left))
            }
            None => heard.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        match next {
            Ok(Input::Batch(Ok(events))) => {
                let mut changes = Changes::none();
                for event in &events {
                    roots.changed(event, &mut changes);
                }
                if changes != Changes::none() {
                    burst
                        .get_or_insert_with(|| (Instant::now(), Changes::none()))
                        .1
                        .merge(changes);
                }
            }
            Ok(Input::Batch(Err(errors))) => {
                // Events may have been lost: the site is read again in
                // any case.
                burst
                    .get_or_insert_with(|| (Instant::now(), Changes::none()))
                    .1
                    .merge(Changes::Everything);
                let full = errors
                    .iter()
                    .find(|error| matches!(error.kind, notify::ErrorKind::MaxFilesWatch));
                match full {
                    Some(error) if matches!(held, Held::Native(_)) => {
                        // Past the inotify limit now (a directory added):
                        // the whole site is polled instead.
                        let reason = error.to_string();
                        drop(held);
                        match start_polling(&roots, &input, timing) {
                            Ok(polling) => {
                                held = polling;
                                let _ = tell.send(Notice::Polling { reason });
                            }
                            Err(reason) => {
                                let _ = tell.send(Notice::Failed { reason });
                                return;
                            }
                        }
                    }
                    _ if !failed => {
                        failed = true;
                        let reason = errors.first().map(ToString::to_string).unwrap_or_default();
                        let _ = tell.send(Notice::Failed { reason });
                    }
                    _ => {}
                }
            }
            Err(RecvTimeoutError::Timeout) => {
                if let Some((_, mut changes)) = burst.take() {
                    changes.tidy();
                    if tell.send(Notice::Changed(changes)).is_err() {
                        return;
                    }
                }
            }
            Ok(Input::Stop) | Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_counts_as_a_change_of_the_site() {
        let roots = Roots {
            shallow: PathBuf::from("/site"),
            deep: vec![PathBuf::from("/site/content")],
            only: None,
        };
        assert!(roots.counts(Path::new("/site/content/en/a.md")));
        assert!(roots.counts(Path::new("/site/config.toml")));
        assert!(!roots.counts(Path::new("/site/.git/index")));
        assert!(!roots.counts(Path::new("/site/public/index.html")));
        assert!(!roots.counts(Path::new("/site/content/en/.a.md.swp")));
        assert!(!roots.counts(Path::new("/site/content/en/a.md~")));
        assert!(!roots.counts(Path::new("/site/content/en/4913")));
    }

    #[test]
    fn changes_are_sorted_once_each_and_bounded() {
        let mut changes = Changes::none();
        changes.add(PathBuf::from("/site/content/b.md"));
        changes.add(PathBuf::from("/site/content/a.md"));
        changes.merge(Changes::Paths(vec![PathBuf::from("/site/content/b.md")]));
        assert_eq!(
            changes,
            Changes::Paths(vec![
                PathBuf::from("/site/content/a.md"),
                PathBuf::from("/site/content/b.md")
            ])
        );
        // The same file written again and again stays one path.
        for _ in 0..3 * MAX_PATHS {
            changes.add(PathBuf::from("/site/content/a.md"));
        }
        changes.tidy();
        assert_eq!(changes.count(), Some(2));
        for n in 0..=MAX_PATHS {
            changes.add(PathBuf::from(format!("/site/content/{n}.md")));
        }
        changes.tidy();
        assert_eq!(changes, Changes::Everything);
        changes.merge(Changes::none());
        assert_eq!(changes, Changes::Everything, "everything stays everything");
    }

    #[test]
    fn one_post_watched_alone_counts_only_itself() {
        let roots = Roots {
            shallow: PathBuf::from("/notes"),
            deep: Vec::new(),
            only: Some(PathBuf::from("/notes/post.md")),
        };
        assert!(roots.counts(Path::new("/notes/post.md")));
        assert!(!roots.counts(Path::new("/notes/other.md")));
    }
}
