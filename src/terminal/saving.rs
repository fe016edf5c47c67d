//! The reader's state on disk, for the event loop: read in the background
//! at start (a state of 100,000 read posts takes tens of milliseconds to
//! read, which the first frame does not wait for), written in the
//! background every [`SAVE_EVERY`] when it changed (a large one takes a
//! good part of a second with its `fsync`), and written at once, waited
//! for, on quit and before a suspend. The app never touches the file.

use crate::app::App;
use crate::app::memory::Start;
use crate::state::SiteState;
use crate::state::store::{Loaded, Store};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How often the state is written while the reader runs, when it changed:
/// a reader killed outright loses at most this much.
const SAVE_EVERY: Duration = Duration::from_secs(30);

/// A site's state being read in the background, and where the reader
/// starts once it is there.
pub struct Remembering {
    pub arrival: Receiver<(Store, Loaded)>,
    pub start: Start,
}

impl Remembering {
    /// Starts reading the state of the site read from `source`; `None`
    /// when there is nowhere to keep it (no home directory).
    pub fn read(source: &crate::content::Source, start: Start) -> Option<Remembering> {
        let mut store = Store::for_source(source)?;
        let (sender, arrival) = mpsc::channel();
        crate::threads::spawn(move || {
            let loaded = store.load();
            let _ = sender.send((store, loaded));
        });
        Some(Remembering { arrival, start })
    }
}

/// A save under way on another thread, and what it will say.
struct InFlight {
    result: Receiver<Result<SiteState, String>>,
}

/// The state's file as the event loop sees it.
pub(super) struct Saver {
    store: Option<Arc<Mutex<Store>>>,
    arrival: Option<Remembering>,
    in_flight: Option<InFlight>,
    saved: Instant,
}

impl Saver {
    pub(super) fn new(remembering: Option<Remembering>) -> Saver {
        Saver {
            store: None,
            arrival: remembering,
            in_flight: None,
            saved: Instant::now(),
        }
    }

    /// Between keys: the state read is given to the app, a save that
    /// ended is told to it, and a save starts when one is due.
    pub(super) fn tend(&mut self, app: &mut App) {
        self.receive(app);
        if let Some(in_flight) = &self.in_flight {
            match in_flight.result.try_recv() {
                Ok(result) => {
                    self.in_flight = None;
                    answer(app, result);
                }
                Err(TryRecvError::Empty) => return,
                Err(TryRecvError::Disconnected) => self.in_flight = None,
            }
        }
        if self.saved.elapsed() < SAVE_EVERY {
            return;
        }
        self.saved = Instant::now();
        let Some(store) = &self.store else {
            return;
        };
        let Some(state) = app.state_to_save() else {
            return;
        };
        let store = Arc::clone(store);
        let (sender, result) = mpsc::channel();
        crate::threads::spawn(move || {
            let saved = lock(&store).save(&state).map_err(|e| e.to_string());
            let _ = sender.send(saved);
        });
        self.in_flight = Some(InFlight { result });
    }

    /// Saves now and waits (quit, suspend); returns why it failed, if it
    /// did.
    pub(super) fn save_now(&mut self, app: &mut App) -> Option<String> {
        self.saved = Instant::now();
        if let Some(in_flight) = self.in_flight.take() {
            if let Ok(result) = in_flight.result.recv() {
                answer(app, result);
            }
        }
        let store = self.store.as_ref()?;
        let state = app.state_to_save()?;
        let result = lock(store).save(&state).map_err(|e| e.to_string());
        let failed = result.as_ref().err().cloned();
        answer(app, result);
        failed
    }

    /// The state, once it has been read.
    fn receive(&mut self, app: &mut App) {
        let Some(remembering) = &self.arrival else {
            return;
        };
        let arrived = match remembering.arrival.try_recv() {
            Ok(arrived) => Some(arrived),
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => None,
        };
        let start = remembering.start;
        self.arrival = None;
        let Some((store, loaded)) = arrived else {
            return;
        };
        app.remember(loaded.state, start);
        if let Some(notice) = loaded.notice {
            app.message = Some(crate::text::sanitize_line(&notice).into_owned());
        }
        self.store = Some(Arc::new(Mutex::new(store)));
    }

    /// Whether the state is still being read: the loop then looks again
    /// soon.
    pub(super) fn waiting(&self) -> bool {
        self.arrival.is_some() || self.in_flight.is_some()
    }
}

fn answer(app: &mut App, result: Result<SiteState, String>) {
    match result {
        Ok(merged) => app.state_saved(merged),
        Err(reason) => app.state_not_saved(&reason),
    }
}

/// The store, even if a save panicked while holding it: it holds a path
/// and a flag, nothing half-written.
fn lock(store: &Mutex<Store>) -> std::sync::MutexGuard<'_, Store> {
    store.lock().unwrap_or_else(PoisonError::into_inner)
}
