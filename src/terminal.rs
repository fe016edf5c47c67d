//! The terminal: raw mode, alternate screen and mouse on entry, and always
//! restored on exit — normal return, panic, or SIGINT/SIGTERM/SIGHUP (an
//! SSH connection dropping).

use crate::app::{App, Effect, Work};
use crate::content::Site;
use crate::content::freshness::ChangeDates;
use crate::content::history::Budget;
use crate::content::load::Progress;
use crate::search::FilterIndex;
use crate::search::background::Indexer;
pub mod decode;
pub mod editor;
pub mod exact;
pub mod highlighter;
pub mod input;
pub mod saving;
pub mod searcher;
pub mod signals;

use crate::session::Session;
use exact::ExactBackend;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::{Duration, Instant};

/// This process's terminal in reader mode; restores it when dropped.
pub struct LocalTerminal {
    mouse: bool,
    /// SIGTSTP and SIGCONT, answered between keys.
    asked: signals::Asked,
    /// Set by a signal handler: the loop ends and the terminal is restored.
    pub stop: Arc<AtomicBool>,
}

/// The signal that ended the reader, once one has: set by the handlers
/// [`LocalTerminal::start`] registers.
static SIGNALLED: std::sync::OnceLock<Arc<AtomicUsize>> = std::sync::OnceLock::new();

fn signalled() -> &'static Arc<AtomicUsize> {
    SIGNALLED.get_or_init(|| Arc::new(AtomicUsize::new(0)))
}

/// The signal (SIGINT, SIGTERM, SIGHUP) that ended the reader, if one did:
/// the process then exits with 128 + its number.
pub fn ended_by_signal() -> Option<u8> {
    match signalled().load(Ordering::Relaxed) {
        0 => None,
        signal => u8::try_from(signal).ok(),
    }
}

/// Why the full-screen reader cannot work in the terminal `TERM` names,
/// if it cannot: one that cannot place the cursor gets the list printed.
pub fn cannot_address_cursor(lookup: impl Fn(&str) -> Option<String>) -> Option<String> {
    let term = lookup("TERM").unwrap_or_default();
    matches!(term.as_str(), "dumb" | "unknown")
        .then(|| format!("TERM={term} cannot place the cursor"))
}

impl LocalTerminal {
    pub fn start(mouse: bool) -> io::Result<LocalTerminal> {
        let stop = Arc::new(AtomicBool::new(false));
        for signal in [
            signal_hook::consts::SIGINT,
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGHUP,
        ] {
            signal_hook::flag::register(signal, Arc::clone(&stop))?;
            signal_hook::flag::register_usize(signal, Arc::clone(signalled()), signal as usize)?;
        }
        watch_for_stop(Arc::clone(&stop), mouse);
        signals::give_back_on_ending_signals()?;
        let asked = signals::Asked::register()?;
        // Not `ratatui::try_init`, whose panic hook gives the terminal back
        // on a panic of any thread, under a reader still running.
        install_panic_hook(mouse);
        set_up(mouse).inspect_err(|_| restore(mouse))?;
        Ok(LocalTerminal { mouse, asked, stop })
    }

    /// Ctrl-Z (or SIGTSTP): the terminal given back, the process stopped
    /// until the shell continues it (`fg`), then the terminal taken again
    /// (to be drawn whole).
    fn suspend(&mut self) -> io::Result<()> {
        restore(self.mouse);
        signals::stop_here()?;
        self.take_back()
    }

    /// The terminal given to the user's editor (`e`) until it ends, then
    /// taken back (to be drawn whole). The reader's own modes (raw input,
    /// the alternate screen, the mouse) are off meanwhile.
    fn hand_to_editor(
        &mut self,
        path: &std::path::Path,
        line: usize,
    ) -> io::Result<editor::Ending> {
        restore(self.mouse);
        let outcome = editor::run(path, line);
        self.take_back()?;
        Ok(outcome)
    }

    /// The terminal set up again: after the process was stopped, the shell
    /// had it, in its own modes.
    fn take_back(&mut self) -> io::Result<()> {
        self.asked.resumed.store(false, Ordering::Relaxed);
        set_up(self.mouse).inspect_err(|_| restore(self.mouse))
    }

    pub fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }
}

/// After a signal the event loop normally ends within a quarter of a
/// second. When the terminal itself is gone (SIGHUP from a dropped SSH
/// connection or a closed emulator), reading keys can spin on end-of-file
/// inside the terminal library and never come back: then this thread
/// restores what it can and ends the process, rather than leave it burning
/// a core with no one to read for.
fn watch_for_stop(stop: Arc<AtomicBool>, mouse: bool) {
    std::thread::spawn(move || {
        while !stop.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(100));
        }
        std::thread::sleep(Duration::from_millis(750));
        // The loop did end, and the state is being written: that is given
        // its time (a large state with its fsync takes about a second),
        // within bounds.
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while SAVING.load(Ordering::Relaxed) && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        restore(mouse);
        let code = ended_by_signal().map_or(0, |signal| 128 + i32::from(signal));
        std::process::exit(code);
    });
}

/// Set while the state is written after the loop ended: the watchdog of
/// [`watch_for_stop`] then waits for it.
static SAVING: AtomicBool = AtomicBool::new(false);

/// Raw mode and the alternate screen, as `ratatui::try_init` sets them;
/// no automatic wrap at the right margin (a grapheme a terminal draws
/// wider than the layout thought must not push the screen up a line);
/// bracketed paste, so a paste is one edit; the mouse if wanted.
fn set_up(mouse: bool) -> io::Result<()> {
    use ratatui::crossterm::event::EnableBracketedPaste;
    use ratatui::crossterm::terminal::{DisableLineWrap, EnterAlternateScreen, enable_raw_mode};
    enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        DisableLineWrap,
        EnableBracketedPaste
    )?;
    if mouse {
        execute!(io::stdout(), EnableMouseCapture)?;
    }
    Ok(())
}

impl Drop for LocalTerminal {
    fn drop(&mut self) {
        restore(self.mouse);
        // Unwinding from a panic that began on another thread (a rayon
        // worker's, carried over): its message was kept, not printed.
        if std::thread::panicking() {
            if let Some(message) = take_background_panic() {
                eprintln!("liseuse: {message}");
            }
        }
    }
}

/// Leaves the alternate screen, ends raw mode, shows the cursor, stops mouse
/// reporting. Safe to call twice.
pub fn restore(mouse: bool) {
    if mouse {
        let _ = execute!(io::stdout(), DisableMouseCapture);
    }
    let _ = execute!(
        io::stdout(),
        ratatui::crossterm::event::DisableBracketedPaste,
        ratatui::crossterm::terminal::EnableLineWrap
    );
    // Not `ratatui::restore`, which prints its error to a standard error
    // that may be the very terminal that is gone (and panics there).
    let _ = ratatui::try_restore();
    let _ = io::stdout().flush();
}

/// A panic on the interface's thread gives the terminal back, then says
/// what happened. One on another thread leaves the reader running in its
/// terminal: printing there would scribble over the screen, so what it
/// said is kept for the event loop to show ([`take_background_panic`]).
fn install_panic_hook(mouse: bool) {
    let interface = std::thread::current().id();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() == interface {
            // Said here: a background panic kept before is not this one.
            take_background_panic();
            restore(mouse);
            previous(info);
        } else {
            let said = crate::threads::panic_message(info.payload());
            let said = said.as_deref().unwrap_or("a panic");
            let message = match info.location() {
                Some(at) => format!("{said} ({}:{})", at.file(), at.line()),
                None => said.to_string(),
            };
            *lock_background_panic() = Some(message);
        }
    }));
}

/// What the last panic on a background thread said.
static BACKGROUND_PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

fn lock_background_panic() -> std::sync::MutexGuard<'static, Option<String>> {
    // A panic while it was held left nothing half-written: an Option.
    BACKGROUND_PANIC
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The message of the last panic on a background thread, once.
pub fn take_background_panic() -> Option<String> {
    lock_background_panic().take()
}

/// What a thread that ended said, if it panicked. Waits for its end.
fn panic_cause(thread: std::thread::JoinHandle<()>) -> Option<String> {
    let payload = thread.join().err()?;
    // Reported here, the kept copy would be told again later.
    take_background_panic();
    crate::threads::panic_message(&*payload)
}

/// The background loader of [`run`]: what it reports, and its thread.
pub struct Loader {
    pub progress: Receiver<Progress>,
    pub thread: std::thread::JoinHandle<()>,
}

/// What the reader does once the first frame showing posts is on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AfterFirstFrame {
    /// Read on: the normal case.
    #[default]
    Continue,
    /// Return at once: how start-up is measured.
    Exit,
    /// Panic inside the session: how the tests see that a panic still
    /// gives the terminal back.
    Panic,
    /// Read on until every post is loaded and linked, then return: how
    /// the reader's full load is measured.
    ExitWhenLoaded,
    /// Ask for this many bytes at once: under a memory limit, how the
    /// tests see that an allocation failure (which aborts) still gives
    /// the terminal back.
    Allocate(usize),
}

/// Runs the reader until the user quits or a signal arrives.
/// With `loader`, posts arrive from a background loader while the reader
/// runs; nothing waits for it. With `watch`, changes to the site's files
/// are read as they come.
pub fn run(
    app: &mut App,
    after_first_frame: AfterFirstFrame,
    loader: Option<Loader>,
    remembering: Option<saving::Remembering>,
    watch: Option<crate::watch::SiteWatch>,
) -> io::Result<()> {
    use crate::app::action::Action;
    use ratatui::crossterm::event;
    let mut saver = saving::Saver::new(remembering);

    let mut local = LocalTerminal::start(app.mouse)?;
    // The event source, and with it the watch on window changes, begins
    // at the first poll: polled now, a resize that comes while the first
    // frame is drawn is not lost.
    let _ = event::poll(std::time::Duration::ZERO);
    let mut session = Session::new(&mut *app, ExactBackend::new(io::stdout()))?;
    let (width, height) = ratatui::crossterm::terminal::size()?;
    session.app().update(Action::Resize(width, height));
    let mut background = Background::new(loader);
    while !session.quit() && !local.stopped() {
        if local.asked.suspend.swap(false, Ordering::Relaxed) {
            session.app().update(Action::Suspend);
        }
        if local.asked.resumed.swap(false, Ordering::Relaxed) {
            // Stopped by someone else (SIGSTOP), continued now.
            local.take_back()?;
            session.redraw_whole()?;
        }
        for notice in watch.iter().flat_map(crate::watch::SiteWatch::notices) {
            session.app().update(Action::Watch(notice));
        }
        for effect in session.take_effects() {
            match effect {
                Effect::Suspend => {
                    // A stopped process may never be continued.
                    saver.save_now(session.app());
                    local.suspend()?;
                    session.redraw_whole()?;
                }
                Effect::Edit { path, line } => {
                    let outcome = local.hand_to_editor(&path, line)?;
                    session.redraw_whole()?;
                    let (ran, problem) = match &outcome {
                        editor::Ending::Done => (true, None),
                        editor::Ending::Failed(problem) => (true, Some(problem.as_str())),
                        editor::Ending::NotStarted(problem) => (false, Some(problem.as_str())),
                    };
                    session.app().editor_returned(ran, problem);
                }
                effect => {
                    if let Some(effect) = background.start(effect, session.app()) {
                        perform(effect, &mut session);
                    }
                }
            }
        }
        session.draw()?;
        let app = session.app();
        saver.tend(app);
        if after_first_frame == AfterFirstFrame::ExitWhenLoaded && background.loader.is_none() {
            break;
        }
        if !matches!(
            after_first_frame,
            AfterFirstFrame::Continue | AfterFirstFrame::ExitWhenLoaded
        ) {
            // The first frame that shows posts is what counts.
            match &background.loader {
                Some(loader) if app.site.posts.is_empty() => {
                    match loader.progress.recv() {
                        Ok(progress) => app.update_loading([progress]),
                        Err(_) => background.loader_lost(app),
                    }
                    continue;
                }
                _ if after_first_frame == AfterFirstFrame::Panic => {
                    panic!("--panic-after-first-frame: a panic, on request")
                }
                _ if let AfterFirstFrame::Allocate(bytes) = after_first_frame => {
                    // Aborts when refused, as any allocation would.
                    let hoard: Vec<u8> = Vec::with_capacity(bytes);
                    std::hint::black_box(&hoard);
                    break;
                }
                _ => break,
            }
        }
        // A key already waiting goes first: what the background did is
        // shown after it.
        let awaited = !event::poll(Duration::ZERO)? && background.collect(app);
        let mut wake = background.wake_after(app);
        if awaited {
            wake = Duration::ZERO;
        }
        if saver.waiting() {
            wake = wake.min(Duration::from_millis(30));
        }
        if !event::poll(wake)? {
            // A terminal that went away without a signal (its emulator or
            // SSH connection killed outright) reads as endless end-of-file:
            // asking its size is how to tell, and then there is no one left
            // to read for.
            if ratatui::crossterm::terminal::size().is_err() {
                break;
            }
            continue;
        }
        // Everything waiting is read before the next frame: a burst of
        // keys (or a paste without brackets) is answered at once, merged
        // where it can be, and a key after it is not kept waiting.
        let mut events = vec![event::read()?];
        while events.len() < INPUT_BATCH && event::poll(Duration::ZERO)? {
            events.push(event::read()?);
        }
        session.answer(events);
    }
    SAVING.store(true, Ordering::Relaxed);
    drop(session);
    // The terminal is given back first: a slow disk does not keep it.
    drop(local);
    let failed = saver.save_now(app);
    SAVING.store(false, Ordering::Relaxed);
    if let Some(reason) = failed {
        eprintln!("liseuse: state not saved: {reason}");
    }
    Ok(())
}

/// The most events answered before a frame is drawn: a megabyte typed
/// at once is answered in a few frames, each showing where it is.
const INPUT_BATCH: usize = 65_536;

/// How often what the background has done is shown: a few times a second,
/// so that the list (or the search's results) is sorted once for several
/// batches, between keystrokes and never instead of them.
const REFRESH: Duration = Duration::from_millis(150);

/// The site being read again (`R`): it comes with its filter index.
struct Reread {
    site: Receiver<(Site, FilterIndex)>,
    thread: std::thread::JoinHandle<()>,
}

/// The reader's work on other threads: the site's first reading, reading
/// it again (`R`) and the site search's index. Each reports through a
/// channel that the event loop empties between keystrokes.
struct Background {
    loader: Option<Loader>,
    reread: Option<Reread>,
    indexer: Option<Indexer>,
    /// The dates of a site being gathered, with that site's number.
    dating: Option<Receiver<(u64, ChangeDates)>>,
    /// Lists being made ahead (a newer request replaces an older one).
    listing: Option<Receiver<crate::app::MadeLists>>,
    /// The site search, once one has run in the background.
    searcher: Option<searcher::Searcher>,
    /// Code highlighting, once a post with code has been opened.
    highlighter: Option<highlighter::Highlighter>,
    loader_shown: Instant,
    index_shown: Instant,
}

impl Background {
    fn new(loader: Option<Loader>) -> Background {
        Background {
            loader,
            reread: None,
            indexer: None,
            dating: None,
            listing: None,
            searcher: None,
            highlighter: None,
            loader_shown: Instant::now(),
            index_shown: Instant::now(),
        }
    }

    /// Starts what `effect` asks for if it is work for the background;
    /// gives back any other effect.
    fn start(&mut self, effect: Effect, app: &mut App) -> Option<Effect> {
        match effect {
            Effect::Reload => match app.source.clone() {
                Some(source) => {
                    let (sender, receiver) = mpsc::channel();
                    let thread = crate::threads::spawn(move || {
                        let site = crate::threads::parallel(|| crate::content::load(&source));
                        let filter_index = FilterIndex::new(&site);
                        let _ = sender.send((site, filter_index));
                    });
                    self.reread = Some(Reread {
                        site: receiver,
                        thread,
                    });
                }
                // Nothing to read again from: the site stays as it is.
                None => app.reloading = false,
            },
            Effect::Refresh(paths) => match app.source.clone() {
                Some(source) => {
                    let site = Arc::clone(&app.site);
                    let filter_index = Arc::clone(app.filter_index());
                    let (sender, receiver) = mpsc::channel();
                    let thread = crate::threads::spawn(move || {
                        let _ = sender.send(refresh_indexed(site, filter_index, &source, &paths));
                    });
                    self.reread = Some(Reread {
                        site: receiver,
                        thread,
                    });
                }
                None => app.reloading = false,
            },
            Effect::GatherDates { site, stale_days } => {
                // Nothing to read dates from: front matter stays.
                let source = app.source.clone()?;
                let held = Arc::clone(&app.site);
                let (sender, receiver) = mpsc::channel();
                crate::threads::spawn(move || {
                    let dates = ChangeDates::gather(&held, &source, stale_days, Budget::default());
                    // Let go first, so that the reader changes its site
                    // without copying it.
                    drop(held);
                    let _ = sender.send((site, dates));
                });
                // An earlier gathering's answer, of a replaced site, is
                // not waited for.
                self.dating = Some(receiver);
            }
            Effect::MakeLists(lists) => {
                let held = Arc::clone(&app.site);
                let index = Arc::clone(app.filter_index());
                let (sender, receiver) = mpsc::channel();
                crate::threads::spawn(move || {
                    let made = crate::threads::parallel(|| lists.make(&held, &index));
                    // Let go first, so that the reader changes its site
                    // without copying it.
                    drop((held, index));
                    let _ = sender.send(made);
                });
                self.listing = Some(receiver);
            }
            Effect::Highlight { .. } => {
                return self
                    .highlighter
                    .get_or_insert_with(highlighter::Highlighter::start)
                    .ask(effect);
            }
            Effect::Search(request) => self
                .searcher
                .get_or_insert_with(searcher::Searcher::start)
                .ask(request),
            Effect::Index { site, ids } => {
                // Clones share the reader's text.
                let posts = ids
                    .into_iter()
                    .filter_map(|id| Some((id, app.site.posts.get(id)?.clone())))
                    .collect();
                // One that failed unnoticed (the index was complete) is
                // replaced: it would drop the posts asked for.
                if self.indexer.as_ref().is_some_and(Indexer::stopped) {
                    self.indexer = None;
                }
                self.indexer
                    .get_or_insert_with(Indexer::start)
                    .read(site, posts);
            }
            effect => return Some(effect),
        }
        None
    }

    /// Gives `app` what has been done since, without waiting.
    /// Returns whether something the user waits for came (a search's
    /// results, the colours of the post read): it is drawn at once, not
    /// after the loop's next wait.
    fn collect(&mut self, app: &mut App) -> bool {
        let mut awaited = false;
        // Every time, not every REFRESH: the user waits for these.
        for answer in self.searcher.iter().flat_map(searcher::Searcher::answered) {
            app.search_done(answer.number, answer.site_number, answer.results);
            awaited = true;
        }
        // Whatever came while the site was lent to a search whose answer
        // will never come (its thread failed).
        app.release_held();
        // The colours of the post read are awaited too.
        for answer in self.highlighter.iter_mut().flat_map(|h| h.answered()) {
            app.receive_highlights(answer.site, answer.id, answer.done);
            awaited = true;
        }
        if let Some(loader) = &self.loader {
            if app.site.posts.is_empty() || self.loader_shown.elapsed() >= REFRESH {
                let (arrived, ending) = arrived(&loader.progress);
                app.update_loading(arrived);
                match ending {
                    Ending::Going => {}
                    Ending::Done => self.loader = None,
                    Ending::Lost => self.loader_lost(app),
                }
                self.loader_shown = Instant::now();
            }
        }
        if let Some(reread) = &self.reread {
            match reread.site.try_recv() {
                Ok((site, filter_index)) => {
                    let old = app.replace_site_indexed(site, filter_index);
                    // 100,000 posts take a fifth of a second to free.
                    crate::threads::spawn(move || drop(old));
                    self.reread = None;
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    let cause = self.reread.take().and_then(|r| panic_cause(r.thread));
                    app.background_stopped(Work::Reload, cause.as_deref());
                }
            }
        }
        if let Some(dating) = &self.dating {
            match dating.try_recv() {
                Ok((site, dates)) => {
                    app.receive_dates(site, dates);
                    self.dating = None;
                }
                Err(TryRecvError::Empty) => {}
                // Its thread failed: front-matter dates stay.
                Err(TryRecvError::Disconnected) => self.dating = None,
            }
        }
        if let Some(listing) = &self.listing {
            match listing.try_recv() {
                Ok(made) => {
                    app.receive_lists(made);
                    self.listing = None;
                }
                Err(TryRecvError::Empty) => {}
                // Its thread failed: lists are made when shown, as below
                // 10,000 posts.
                Err(TryRecvError::Disconnected) => self.listing = None,
            }
        }
        if let Some(indexer) = self.indexer.as_ref().filter(|_| app.indexing().is_some()) {
            if self.index_shown.elapsed() >= REFRESH {
                if indexer.stopped() {
                    // Joined first, so that all it sent is there to take.
                    if let Some(indexer) = self.indexer.take() {
                        let (arrived, cause) = indexer.finish();
                        app.receive_index(arrived);
                        app.background_stopped(Work::Index, cause.as_deref());
                    }
                } else {
                    app.receive_index(indexer.arrived());
                }
                self.index_shown = Instant::now();
            }
        }
        awaited
    }

    /// The loader's thread ended before its end: the reader goes on with
    /// the posts it had sent.
    fn loader_lost(&mut self, app: &mut App) {
        let cause = self
            .loader
            .take()
            .and_then(|loader| panic_cause(loader.thread));
        app.background_stopped(Work::Load, cause.as_deref());
    }

    /// How long the event loop may wait for a key: it wakes up now and
    /// then to notice a signal even without input, more often while work
    /// goes on in the background, and soon while the first posts are
    /// awaited.
    fn wake_after(&self, app: &App) -> Duration {
        Duration::from_millis(match &self.loader {
            // A search's results are awaited as a key is.
            _ if app.search.pending.is_some() => 2,
            _ if self.highlighter.as_ref().is_some_and(|h| h.waiting()) => 2,
            Some(_) if app.site.posts.is_empty() => 5,
            Some(_) => 30,
            None if app.indexing().is_some()
                || self.reread.is_some()
                || self.dating.is_some()
                || self.listing.is_some() =>
            {
                30
            }
            None => 250,
        })
    }
}

/// Where the loader is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    Going,
    Done,
    /// Gone before its end: its thread failed.
    Lost,
}

/// What the loader has sent so far, and where it is.
fn arrived(receiver: &Receiver<Progress>) -> (Vec<Progress>, Ending) {
    let mut arrived = Vec::new();
    loop {
        match receiver.try_recv() {
            Ok(progress) => {
                let done = matches!(progress, Progress::Done(_));
                arrived.push(progress);
                if done {
                    return (arrived, Ending::Done);
                }
            }
            Err(TryRecvError::Empty) => return (arrived, Ending::Going),
            Err(TryRecvError::Disconnected) => return (arrived, Ending::Lost),
        }
    }
}

/// `site` with the files at `paths` read again, and its filter index
/// (made from `filter_index` for the posts kept); the whole site read
/// again when it cannot be done in part. The reader's site is let go of
/// before the answer is sent, so that the reader can change it without
/// copying it.
pub fn refresh_indexed(
    site: Arc<crate::content::Site>,
    filter_index: Arc<FilterIndex>,
    source: &crate::content::Source,
    paths: &[std::path::PathBuf],
) -> (crate::content::Site, FilterIndex) {
    let refreshed =
        crate::threads::parallel(|| crate::content::refresh::refresh(&site, source, paths));
    drop(site);
    match refreshed {
        Some(refreshed) => {
            let index = filter_index.refreshed(&refreshed.site.posts, &refreshed.kept_from);
            (refreshed.site, index)
        }
        None => {
            drop(filter_index);
            let site = crate::threads::parallel(|| crate::content::load(source));
            let index = FilterIndex::new(&site);
            (site, index)
        }
    }
}

/// Does what the reader asked of the terminal. Failures are not fatal: the
/// status line has already said what was meant.
fn perform(effect: Effect, session: &mut Session<&mut App, io::Stdout>) {
    match effect {
        Effect::Copy(text) => {
            let _ = session.copy(&text);
        }
        Effect::OpenInBrowser(address) => open_in_browser(&address),
        // Done by the event loop, which holds the site, the threads and
        // the terminal.
        Effect::Reload
        | Effect::Refresh(_)
        | Effect::Index { .. }
        | Effect::Search(_)
        | Effect::GatherDates { .. }
        | Effect::MakeLists(_)
        | Effect::Highlight { .. }
        | Effect::Suspend
        | Effect::Edit { .. } => {}
    }
}

/// The OSC 52 sequence that puts `text` on the clipboard. The text is
/// base64-encoded, so nothing in it can end the sequence early.
pub fn osc52(text: &str) -> String {
    use base64::Engine;
    format!(
        "\x1b]52;c;{}\x07",
        base64::engine::general_purpose::STANDARD.encode(text)
    )
}

/// Whether a browser opened here would show on the user's screen: a local
/// graphical session (X11, Wayland, or macOS outside SSH).
pub fn graphical_session(lookup: impl Fn(&str) -> Option<String>) -> bool {
    let set = |name: &str| lookup(name).is_some_and(|v| !v.is_empty());
    if set("WAYLAND_DISPLAY") || set("DISPLAY") {
        return true;
    }
    cfg!(target_os = "macos") && !set("SSH_CONNECTION") && !set("SSH_TTY")
}

fn open_in_browser(address: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let child = std::process::Command::new(opener)
        .arg(address)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    // Reaped on a thread so that no zombie waits for the reader to quit.
    if let Ok(mut child) = child {
        std::thread::spawn(move || child.wait());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_carries_the_text_in_base64() {
        assert_eq!(
            osc52("https://example.ca/a?b=1"),
            "\x1b]52;c;aHR0cHM6Ly9leGFtcGxlLmNhL2E/Yj0x\x07"
        );
        assert!(!osc52("\x1b]0;pwned\x07").contains("pwned"));
    }

    #[test]
    fn a_browser_needs_a_display() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert!(graphical_session(env(&[("DISPLAY", ":0")])));
        assert!(graphical_session(env(&[("WAYLAND_DISPLAY", "wayland-0")])));
        assert!(!graphical_session(env(&[("DISPLAY", "")])));
        if !cfg!(target_os = "macos") {
            assert!(!graphical_session(env(&[("SSH_CONNECTION", "1 2 3 4")])));
        }
    }
}
