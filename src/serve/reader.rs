//! One served reader: a [`Session`] on its own thread (the app is not
//! `Send`: its layouts are shared by `Rc`), fed by its connection and
//! drawing into an [`Outbox`] that the connection drains as fast as the
//! client reads.

use super::{Server, log};
use crate::app::{App, Effect, Shared};
use crate::i18n::{Text, Ui};
use crate::render::highlight::CodeJob;
use crate::session::{LEAVE_SEQUENCE, Session, enter_sequence};
use crate::state::store::Store;
use crate::terminal::exact::ExactBackend;
use crate::theme::Theme;
use ratatui::layout::Size;
use std::sync::{Arc, Mutex};
use tokio::sync::{Notify, mpsc};

/// What a reader is told.
#[derive(Debug)]
pub enum Control {
    /// Bytes the client's terminal sent.
    Input(Vec<u8>),
    /// The client's terminal is now this many columns and rows.
    Resize(u16, u16),
    /// The site was read again: read it from now on.
    Reload(Shared),
    /// The site `of`, with the dates of its posts gathered (git history,
    /// file times): the same posts, judged stale or not anew.
    Dated {
        of: Arc<crate::content::Site>,
        shared: Shared,
    },
    /// Frames were dropped (the client read too slowly): draw it whole.
    Redraw,
    /// The server is stopping: say so and end.
    Shutdown,
    /// The client closed the channel.
    Closed,
}

/// The most bytes of frames kept for a client that reads slowly; past it
/// they are dropped and the next frame redraws the whole screen.
pub const OUTBOX_LIMIT: usize = 256 * 1024;

/// Frames waiting for a client, bounded.
#[derive(Debug, Default)]
pub struct Outbox {
    state: Mutex<Waiting>,
    pub ready: Notify,
}

#[derive(Debug, Default)]
struct Waiting {
    bytes: Vec<u8>,
    /// Bytes were dropped since the last redraw.
    dropped: bool,
    /// Nothing more comes after these bytes: close the channel.
    closing: bool,
}

impl Outbox {
    fn lock(&self) -> std::sync::MutexGuard<'_, Waiting> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Adds `bytes` to what waits, unless that would pass
    /// [`OUTBOX_LIMIT`]: then everything waiting is dropped, to be
    /// replaced by a whole frame once the client reads again.
    /// Says whether frames began to be dropped with this one.
    pub fn push(&self, bytes: &[u8]) -> bool {
        let mut waiting = self.lock();
        let mut began_dropping = false;
        if waiting.bytes.len() + bytes.len() > OUTBOX_LIMIT {
            waiting.bytes = Vec::new();
            began_dropping = !waiting.dropped;
            waiting.dropped = true;
        } else {
            waiting.bytes.extend_from_slice(bytes);
        }
        drop(waiting);
        self.ready.notify_one();
        began_dropping
    }

    /// The last bytes: the channel closes after them.
    pub fn close_after(&self, bytes: &[u8]) {
        let mut waiting = self.lock();
        // Dropped frames do not matter any more; these bytes do.
        if waiting.bytes.len() + bytes.len() > OUTBOX_LIMIT {
            waiting.bytes.clear();
        }
        waiting.bytes.extend_from_slice(bytes);
        waiting.closing = true;
        drop(waiting);
        self.ready.notify_one();
    }

    /// What waits, whether frames were dropped (the screen must be redrawn
    /// whole), and whether the channel closes after it.
    pub fn take(&self) -> (Vec<u8>, bool, bool) {
        let mut waiting = self.lock();
        let dropped = std::mem::take(&mut waiting.dropped);
        (std::mem::take(&mut waiting.bytes), dropped, waiting.closing)
    }

    #[cfg(test)]
    fn waiting(&self) -> usize {
        self.lock().bytes.len()
    }
}

/// How often a session's marks and place are written while it reads.
const KEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(30);

/// What a session remembers between visits: per public key, the state of
/// the site (last place, read marks, bookmarks) in the server's state
/// directory, written with the state's own rules (merged with what other
/// sessions of the same key wrote, replaced whole, a bad file kept aside).
/// Anonymous sessions remember only while they last.
struct Memory {
    store: Option<Store>,
    kept: std::time::Instant,
    id: u64,
}

impl Memory {
    fn of(server: &Server, start: &Start) -> Memory {
        let store = (start.who != "anonymous" && !start.who.is_empty())
            .then_some(server.state_dir.as_ref())
            .flatten()
            .map(|dir| {
                let key = crate::state::content_hash(start.who.as_bytes());
                Store::new(&dir.join(format!("{key:016x}")), &server.site_key)
            });
        Memory {
            store,
            kept: std::time::Instant::now(),
            id: start.id,
        }
    }

    /// Gives the reader what its key remembers of the site.
    fn recall(&mut self, app: &mut App) {
        let state = match &mut self.store {
            Some(store) => {
                let loaded = store.load();
                if let Some(notice) = loaded.notice {
                    log(format_args!("session {}: {notice}", self.id));
                }
                loaded.state
            }
            None => crate::state::SiteState::new("anonymous"),
        };
        app.remember(state, crate::app::memory::Start::LastPlace);
    }

    fn keep_every_while(&mut self, app: &mut App) {
        if self.kept.elapsed() >= KEEP_EVERY {
            self.keep(app);
        }
    }

    /// Writes what changed, if anything did.
    fn keep(&mut self, app: &mut App) {
        self.kept = std::time::Instant::now();
        let Some(store) = &mut self.store else {
            return;
        };
        let Some(state) = app.state_to_save() else {
            return;
        };
        if let Some(dir) = store.path().parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        match store.save(&state) {
            Ok(merged) => app.state_saved(merged),
            Err(error) => {
                log(format_args!("session {}: state not kept: {error}", self.id));
                app.state_not_saved(&error.to_string());
            }
        }
    }
}

/// What a reader starts with: the client's terminal and locale.
#[derive(Debug, Clone)]
pub struct Start {
    pub id: u64,
    pub size: (u16, u16),
    pub term: String,
    /// `LANG`, `LC_ALL`, `LC_MESSAGES`, `NO_COLOR` as the client sent them.
    pub env: Vec<(String, String)>,
    pub who: String,
}

impl Start {
    fn var(&self, name: &str) -> Option<String> {
        self.env
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
    }

    /// The interface language the client's locale asks for.
    pub fn ui(&self) -> Ui {
        crate::app::locale_language(|name| self.var(name))
            .map_or(Ui::En, |lang| Ui::for_lang(&lang))
    }

    /// The theme the client named (`LISEUSE_THEME`, else the default),
    /// without colours if it asked for none or its terminal has none.
    fn theme(&self) -> Theme {
        let no_color =
            self.var("NO_COLOR").is_some_and(|v| !v.is_empty()) || self.term.starts_with("vt");
        let name = self.var("LISEUSE_THEME").unwrap_or_default();
        Theme::chosen(&name, no_color)
            .or_else(|| Theme::chosen("default", no_color))
            .unwrap_or_else(Theme::plain)
    }

    /// Whether the client asked for the linear interface
    /// (`LISEUSE_ACCESSIBLE=1`), for a screen reader or braille display.
    fn accessible(&self) -> bool {
        crate::app::accessible_requested(false, |name| self.var(name))
    }
}

/// Starts the reader of `start` on its own thread; it ends when its
/// connection closes, the user quits, or the server stops.
pub fn spawn(
    server: Arc<Server>,
    start: Start,
    control: mpsc::Receiver<Control>,
    outbox: Arc<Outbox>,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    std::thread::Builder::new()
        .name(format!("session {}", start.id))
        .spawn(move || run(&server, &start, control, &outbox))
}

fn run(server: &Arc<Server>, start: &Start, mut control: mpsc::Receiver<Control>, outbox: &Outbox) {
    let lang = crate::app::locale_language(|name| start.var(name));
    let size = (
        start.size.0.clamp(1, crate::app::MAX_SCREEN.0),
        start.size.1.clamp(1, crate::app::MAX_SCREEN.1),
    );
    let mut app = App::sharing(server.shared(), lang, size, start.theme());
    app.mouse = true;
    app.graphical = false;
    app.served = true;
    app.set_accessible(start.accessible());
    let backend = ExactBackend::with_size(Vec::new(), Size::new(size.0, size.1));
    let Ok(mut session) = Session::new(app, backend) else {
        outbox.close_after(b"liseuse: the reader could not start\r\n");
        return;
    };
    session.resize(size.0, size.1);
    let _ = outbox.push(&enter_sequence(true));
    let mut memory = Memory::of(server, start);
    memory.recall(session.app());
    let mut ending: Option<Vec<u8>> = None;
    // Posts whose code is to be highlighted: after the frame that shows
    // it plain has gone, on this session's thread (its own, so no other
    // session waits), then the coloured frame follows.
    let mut to_highlight: std::collections::VecDeque<(u64, crate::content::PostId, Vec<CodeJob>)> =
        std::collections::VecDeque::new();
    while ending.is_none() {
        memory.keep_every_while(session.app());
        if let Err(error) = session.draw() {
            log(format_args!(
                "session {}: drawing failed: {error}",
                start.id
            ));
            break;
        }
        if outbox.push(&std::mem::take(session.writer_mut())) {
            log(format_args!(
                "session {}: its client fell behind; frames are dropped until it reads, then it gets a whole one",
                start.id
            ));
        }
        if session.quit() {
            ending = Some(LEAVE_SEQUENCE.to_vec());
            break;
        }
        if let Some((site, id, jobs)) = to_highlight.pop_front() {
            let done = jobs.iter().map(CodeJob::run).collect();
            session.app().receive_highlights(site, id, done);
            continue;
        }
        // Everything that waits is answered before the next frame.
        let Some(first) = control.blocking_recv() else {
            break;
        };
        let mut messages = vec![first];
        while let Ok(more) = control.try_recv() {
            messages.push(more);
            if messages.len() >= 1024 {
                break;
            }
        }
        for message in messages {
            match message {
                Control::Input(bytes) => session.read(&bytes),
                Control::Resize(width, height) => session.resize(
                    width.clamp(1, crate::app::MAX_SCREEN.0),
                    height.clamp(1, crate::app::MAX_SCREEN.1),
                ),
                Control::Reload(shared) => {
                    let old = session.app().replace_shared(shared);
                    drop(old);
                }
                Control::Dated { of, shared } => session.app().receive_dated_site(&of, shared),
                Control::Redraw => {
                    let _ = session.redraw_whole();
                }
                Control::Shutdown => {
                    let mut bytes = LEAVE_SEQUENCE.to_vec();
                    bytes.extend_from_slice(
                        format!("{}\r\n", start.ui().text(Text::ServerShuttingDown)).as_bytes(),
                    );
                    ending = Some(bytes);
                }
                Control::Closed => ending = Some(Vec::new()),
            }
            if session.quit() {
                break;
            }
        }
        for effect in session.take_effects() {
            match effect {
                Effect::Copy(text) => {
                    let _ = session.copy(&text);
                }
                Effect::Reload => server.reload(),
                Effect::Highlight { site, id, jobs } => to_highlight.push_back((site, id, jobs)),
                // Run here: this session's thread is this reader's
                // alone, and other sessions are not kept waiting.
                Effect::Search(request) => {
                    let results = request.run();
                    session
                        .app()
                        .search_done(request.number, request.site_number, results);
                }
                Effect::Refresh(paths) => {
                    server.read_again(crate::watch::Changes::Paths(paths));
                }
                // Nothing to suspend or open on the server; the index
                // is complete.
                // A served App refuses `e` itself; nothing to do here.
                // Lists made ahead would cost each session the lists of
                // every language: a session makes one when it shows it.
                Effect::MakeLists(_)
                | Effect::Suspend
                | Effect::OpenInBrowser(_)
                | Effect::Index { .. }
                | Effect::Edit { .. }
                | Effect::GatherDates { .. } => {}
            }
        }
    }
    outbox.close_after(&ending.unwrap_or_else(|| LEAVE_SEQUENCE.to_vec()));
    // Its place is free as soon as the reader ends, even while the
    // client keeps its connection open.
    server.leave(start.id);
    memory.keep(session.app());
    log(format_args!("session {} ended", start.id));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_that_does_not_read_costs_a_bounded_outbox() {
        let outbox = Outbox::default();
        for _ in 0..10_000 {
            let _ = outbox.push(&[b'x'; 1000]);
            assert!(outbox.waiting() <= OUTBOX_LIMIT);
        }
        let (bytes, dropped, closing) = outbox.take();
        assert!(dropped, "frames were dropped: the screen is redrawn whole");
        assert!(bytes.len() <= OUTBOX_LIMIT);
        assert!(!closing);
        outbox.close_after(b"bye");
        let (bytes, dropped, closing) = outbox.take();
        assert_eq!(
            (bytes.as_slice(), dropped, closing),
            (&b"bye"[..], false, true)
        );
    }

    #[test]
    fn the_client_locale_and_terminal_choose_language_and_colours() {
        let start = Start {
            id: 1,
            size: (80, 24),
            term: "xterm-256color".to_string(),
            env: vec![("LANG".to_string(), "fr_CA.UTF-8".to_string())],
            who: "test".to_string(),
        };
        assert_eq!(start.ui(), Ui::Fr);
        assert_eq!(start.theme(), Theme::colored());
        assert!(!start.accessible());
        let plain = Start {
            term: "vt100".to_string(),
            env: vec![
                ("LISEUSE_ACCESSIBLE".to_string(), "1".to_string()),
                ("LISEUSE_THEME".to_string(), "high-contrast".to_string()),
            ],
            ..start
        };
        assert_eq!(plain.ui(), Ui::En);
        assert_eq!(plain.theme(), Theme::named("high-contrast").unwrap());
        assert!(plain.accessible());
    }
}
