//! `liseuse serve`: the reader over SSH, for a whole team. One site is
//! loaded and indexed once; each SSH session is its own reader over it
//! (its own list, post, filter, history and language), on its own thread,
//! its frames sent as fast as its client reads them.
//!
//! Bounded whatever clients do: at most `max_sessions` readers; keys
//! queue up to a few dozen messages before the connection waits; frames
//! for a client that does not read are dropped past a limit and replaced
//! by a whole frame; each reader keeps at most 64 layouts.

mod connection;
pub mod keys;
mod reader;

use crate::app::Shared;
use crate::content::Source;
use crate::content::freshness::ChangeDates;
use crate::content::history::Budget;
use crate::search::FilterIndex;
use crate::search::site::SiteIndex;
use crate::watch::Changes;
use reader::Control;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;
use tokio::sync::mpsc;

/// What `liseuse serve` was asked.
#[derive(Debug, Clone)]
pub struct Options {
    pub source: Source,
    pub listen: String,
    /// The keys let in; `None` with `anonymous`.
    pub authorized_keys: Option<PathBuf>,
    pub host_key: PathBuf,
    pub anonymous: bool,
    pub max_sessions: usize,
    pub idle_timeout: Duration,
    /// Follow the site's files: every session moves to each change, as on
    /// SIGHUP (`--no-watch`: false).
    pub watch: bool,
    /// Days a translation may fall behind its original before it is
    /// marked as possibly out of date (`--stale-days`).
    pub stale_days: i64,
}

/// Where the host key lives unless `--host-key` says: liseuse's state
/// directory, `$XDG_STATE_HOME/liseuse` (by default `~/.local/state/liseuse`).
pub fn default_host_key(var: impl Fn(&str) -> Option<std::ffi::OsString>) -> Option<PathBuf> {
    let state = var("XDG_STATE_HOME")
        .map(PathBuf::from)
        .filter(|path| path.is_absolute())
        .or_else(|| var("HOME").map(|home| PathBuf::from(home).join(".local/state")))?;
    Some(state.join("liseuse").join("host_ed25519"))
}

/// Connections beyond the readers that may wait to authenticate at once;
/// past them, new ones are closed as they come (a flood costs nothing).
const PENDING_CONNECTIONS: usize = 256;

/// How long a client has, from connecting, to authenticate.
const LOGIN_GRACE: Duration = Duration::from_secs(30);

/// How long the server waits for its sessions to say goodbye on SIGTERM.
const SHUTDOWN_GRACE: Duration = Duration::from_millis(1500);

/// One line on standard error per event, with the time.
pub fn log(line: std::fmt::Arguments<'_>) {
    let now = jiff::Timestamp::now()
        .round(jiff::Unit::Second)
        .unwrap_or_default();
    eprintln!("{now} liseuse serve: {line}");
}

/// What every connection shares.
pub struct Server {
    shared: RwLock<Shared>,
    source: Source,
    authorized: Vec<russh::keys::PublicKey>,
    anonymous: bool,
    max_sessions: usize,
    sessions: Mutex<HashMap<u64, mpsc::Sender<Control>>>,
    next_id: AtomicU64,
    failures: Mutex<HashMap<String, u32>>,
    reloading: AtomicBool,
    /// What is to be read (again), gathered while a reading goes on: once
    /// it ends, another (what it read may be from before the change).
    to_read: Mutex<Option<Changes>>,
    /// Reloads done, for the log and the tests.
    reloads: AtomicU64,
    /// Where each key's state of the site is kept (`serve/` in the state
    /// directory); `None` without a home: then sessions remember nothing
    /// past their end.
    state_dir: Option<PathBuf>,
    /// What names the site's state ([`crate::state::store::site_key`]).
    site_key: String,
    /// Days a translation may fall behind before it is marked.
    stale_days: i64,
    /// Sites dated, for the log and the tests.
    datings: AtomicU64,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Server {
    /// The site as it is now, to read from.
    pub fn shared(&self) -> Shared {
        self.shared
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Registers a new reader, unless `max_sessions` read already.
    fn join(&self, sender: mpsc::Sender<Control>) -> Option<u64> {
        let mut sessions = lock(&self.sessions);
        if sessions.len() >= self.max_sessions {
            return None;
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed) + 1;
        sessions.insert(id, sender);
        Some(id)
    }

    fn leave(&self, id: u64) {
        lock(&self.sessions).remove(&id);
    }

    /// Counts a failed authentication from `peer` (its address, the port
    /// aside); returns how many there were.
    fn failed(&self, peer: &str) -> u32 {
        let address = peer
            .rsplit_once(':')
            .map_or(peer, |(address, _)| address)
            .to_string();
        let mut failures = lock(&self.failures);
        // Bounded: a flood of addresses forgets the oldest counts.
        if failures.len() >= 10_000 {
            failures.clear();
        }
        let count = failures.entry(address).or_default();
        *count = count.saturating_add(1);
        *count
    }

    /// Reads the site again in the background (`R` in a session, or
    /// SIGHUP), then moves every session to it, each keeping its place.
    /// Asked while a reload goes on, it is done once more after it
    /// (however many times it was asked meanwhile).
    pub fn reload(self: &Arc<Self>) {
        self.read_again(Changes::Everything);
    }

    /// Reads `changes` again in the background: the files named alone
    /// when that can be done, else the whole site; then moves every
    /// session to it as [`Server::reload`] does. Changes told meanwhile
    /// are gathered and read in one go after.
    pub fn read_again(self: &Arc<Self>, changes: Changes) {
        {
            let mut to_read = lock(&self.to_read);
            match &mut *to_read {
                Some(gathered) => gathered.merge(changes),
                None => *to_read = Some(changes),
            }
        }
        if self.reloading.swap(true, Ordering::AcqRel) {
            return;
        }
        let server = Arc::clone(self);
        std::thread::spawn(move || {
            loop {
                let next = lock(&server.to_read).take();
                match next {
                    Some(changes) => {
                        server.read_now(changes);
                        server.date_in_background();
                    }
                    None => {
                        server.reloading.store(false, Ordering::Release);
                        // Told between the look and now: read it, unless
                        // a new call has taken the turn.
                        if lock(&server.to_read).is_none()
                            || server.reloading.swap(true, Ordering::AcqRel)
                        {
                            break;
                        }
                    }
                }
            }
        });
    }

    fn read_now(&self, changes: Changes) {
        let shared = match changes {
            Changes::Paths(paths) => {
                log(format_args!("{} files of the site changed", paths.len()));
                let now = self.shared();
                refresh(now, &self.source, &paths)
            }
            Changes::Everything => None,
        };
        let shared = shared.unwrap_or_else(|| {
            log(format_args!("reading the site again"));
            load(&self.source)
        });
        let posts = shared.site.posts.len();
        *self
            .shared
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = shared.clone();
        let sessions: Vec<_> = lock(&self.sessions).values().cloned().collect();
        for session in sessions {
            let _ = session.blocking_send(Control::Reload(shared.clone()));
        }
        self.reloads.fetch_add(1, Ordering::Relaxed);
        log(format_args!("site read again: {posts} posts"));
    }

    /// Gathers when each post of the site served now last changed (its git
    /// history within the reader's budget, file times) on a background
    /// thread, once for every session, then moves the sessions to the
    /// dated site. Until then, and if the site is read again meanwhile
    /// (that site is dated in turn), front-matter dates judge.
    fn date_in_background(self: &Arc<Self>) {
        let server = Arc::clone(self);
        crate::threads::spawn(move || {
            let held = server.shared();
            let dated = dated(&held, &server.source, server.stale_days);
            {
                let mut shared = server
                    .shared
                    .write()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                if !Arc::ptr_eq(&shared.site, &held.site) {
                    return;
                }
                *shared = dated.clone();
            }
            let sessions: Vec<_> = lock(&server.sessions).values().cloned().collect();
            for session in sessions {
                let _ = session.blocking_send(Control::Dated {
                    of: Arc::clone(&held.site),
                    shared: dated.clone(),
                });
            }
            server.datings.fetch_add(1, Ordering::Relaxed);
            let from = match &dated.site.dates.history {
                crate::content::freshness::HistoryState::Read => "git history".to_string(),
                crate::content::freshness::HistoryState::Unavailable(why) => {
                    format!("front matter and file times; no git history: {why}")
                }
                crate::content::freshness::HistoryState::NotRead => "front matter".to_string(),
            };
            log(format_args!("dates of the posts gathered, from {from}"));
        });
    }

    /// How many times the site served was dated since the server started.
    pub fn datings(&self) -> u64 {
        self.datings.load(Ordering::Relaxed)
    }

    /// How many reloads were done since the server started.
    pub fn reloads(&self) -> u64 {
        self.reloads.load(Ordering::Relaxed)
    }
}

/// `shared` with the files at `paths` read again (the other posts and
/// their filter index entries kept), and the site search's index made
/// again for it (complete, as sessions need it); `None` when only a
/// whole reading can be right.
fn refresh(shared: Shared, source: &Source, paths: &[PathBuf]) -> Option<Shared> {
    let refreshed =
        crate::threads::parallel(|| crate::content::refresh::refresh(&shared.site, source, paths))?;
    let filter_index = shared
        .filter_index
        .refreshed(&refreshed.site.posts, &refreshed.kept_from);
    drop(shared);
    let site = refreshed.site;
    // Its entries name posts by id, which moved: made again, whole.
    let mut site_index = crate::threads::parallel(|| SiteIndex::build(&site));
    site_index.shrink_to_fit();
    Some(Shared {
        site: Arc::new(site),
        filter_index: Arc::new(filter_index),
        site_index: Some(Arc::new(site_index)),
    })
}

/// `index` copied into memory of its own. Making an entry leaves the
/// folded text's scratch strings freed between the entries kept, and the
/// server holds the index as long as it runs: at 100,000 posts 27 MB
/// resident for 11 MB of entries. A copy is made entry after entry, in
/// order, and dropping the first lets its scattered memory go.
fn compact(index: FilterIndex) -> FilterIndex {
    index.clone()
}

/// The site and both its indexes, built once for every session.
pub fn load(source: &Source) -> Shared {
    let site = crate::threads::parallel(|| crate::content::load(source));
    let filter_index = compact(FilterIndex::new(&site));
    let mut site_index = SiteIndex::build(&site);
    site_index.shrink_to_fit();
    Shared {
        site: Arc::new(site),
        filter_index: Arc::new(filter_index),
        site_index: Some(Arc::new(site_index)),
    }
}

/// `shared` with the dates of its posts gathered from `source` (git
/// history within [`Budget::default`], file times), judged stale past
/// `stale_days`; its indexes are the same (so are its posts).
pub fn dated(shared: &Shared, source: &Source, stale_days: i64) -> Shared {
    let dates = ChangeDates::gather(&shared.site, source, stale_days, Budget::default());
    // One copy of the site for every session, made once.
    let mut site = (*shared.site).clone();
    site.dates = Arc::new(dates);
    Shared {
        site: Arc::new(site),
        filter_index: Arc::clone(&shared.filter_index),
        site_index: shared.site_index.clone(),
    }
}

/// Runs the server until SIGTERM or SIGINT.
pub fn run(options: Options) -> anyhow::Result<()> {
    let address: SocketAddr = options.listen.parse().map_err(|_| {
        anyhow::anyhow!(
            "--listen {}: not an address and port (such as 127.0.0.1:2222 or [::]:2222)",
            options.listen
        )
    })?;
    let host_key = keys::host_key(&options.host_key)?;
    let fingerprint = keys::fingerprint(host_key.public_key());
    let authorized = match &options.authorized_keys {
        Some(path) => keys::authorized_keys(path)?,
        None => Vec::new(),
    };
    if authorized.is_empty() && !options.anonymous {
        anyhow::bail!(
            "no key can come in: {} lists none (or pass --anonymous to let anyone in)",
            options
                .authorized_keys
                .as_ref()
                .map_or_else(|| "no file".to_string(), |p| p.display().to_string())
        );
    }
    let shared = load(&options.source);
    let posts = shared.site.posts.len();
    let server = Arc::new(Server {
        shared: RwLock::new(shared),
        source: options.source.clone(),
        authorized,
        anonymous: options.anonymous,
        max_sessions: options.max_sessions.max(1),
        sessions: Mutex::new(HashMap::new()),
        next_id: AtomicU64::new(0),
        failures: Mutex::new(HashMap::new()),
        reloading: AtomicBool::new(false),
        to_read: Mutex::new(None),
        reloads: AtomicU64::new(0),
        state_dir: crate::state::store::state_dir().map(|dir| dir.join("serve")),
        site_key: crate::state::store::site_key(&options.source),
        stale_days: options.stale_days,
        datings: AtomicU64::new(0),
    });
    server.date_in_background();
    // Held until the server stops; its thread reloads for each burst.
    let _watch = options
        .watch
        .then(|| follow(&server, &options.source))
        .flatten();
    let mut methods = vec![russh::MethodKind::PublicKey];
    if options.anonymous {
        methods.push(russh::MethodKind::None);
    }
    let config = Arc::new(russh::server::Config {
        server_id: russh::SshId::Standard(
            format!("SSH-2.0-liseuse_{}", env!("CARGO_PKG_VERSION")).into(),
        ),
        methods: russh::MethodSet::from(methods.as_slice()),
        auth_rejection_time: Duration::from_secs(1),
        auth_rejection_time_initial: Some(Duration::ZERO),
        max_auth_attempts: 6,
        inactivity_timeout: Some(options.idle_timeout),
        keepalive_interval: Some(Duration::from_secs(60)),
        nodelay: true,
        keys: vec![host_key],
        ..Default::default()
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let said = format!(
        "host key {fingerprint}, {posts} posts of {}{}",
        options.source.describe(),
        if options.anonymous {
            "; anonymous: anyone may come in, with no key"
        } else {
            ""
        }
    );
    runtime.block_on(accept(server, config, address, &said))
}

/// Watches the site's files for the server: each burst of changes is one
/// reload, which moves every session as SIGHUP does. `None` for the
/// embedded sample, or when no watcher could start (said in the log).
fn follow(server: &Arc<Server>, source: &Source) -> Option<crate::watch::SiteWatch> {
    use crate::watch::{Mode, Notice, SiteWatch, Timing};
    let root = match source {
        Source::Directory(path) | Source::File(path) => path,
        Source::Embedded(_) => return None,
    };
    let watch = match SiteWatch::start(root, Mode::from_env(), Timing::default()) {
        Ok(watch) => watch,
        Err(reason) => {
            log(format_args!("not following the site's files: {reason}"));
            return None;
        }
    };
    let (watch, notices) = watch.forward();
    let server = Arc::downgrade(server);
    std::thread::spawn(move || {
        for notice in notices {
            let Some(server) = server.upgrade() else {
                return;
            };
            match notice {
                Notice::Changed(changes) => server.read_again(changes),
                Notice::Polling { reason } => {
                    log(format_args!("following the site by polling: {reason}"));
                }
                Notice::Failed { reason } => {
                    log(format_args!("no longer following the site: {reason}"));
                }
            }
        }
    });
    Some(watch)
}

/// One connection from its banner to its end; cut if it has not
/// authenticated within [`LOGIN_GRACE`] (a peer that sends nothing, or
/// garbage, holds nothing for long).
async fn serve_connection(
    server: Arc<Server>,
    config: Arc<russh::server::Config>,
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
) {
    let authenticated = Arc::new(AtomicBool::new(false));
    let handler = connection::Connection::new(server, Some(peer), Arc::clone(&authenticated));
    let started = tokio::time::Instant::now();
    let session = match tokio::time::timeout(
        LOGIN_GRACE,
        russh::server::run_stream(config, stream, handler),
    )
    .await
    {
        Ok(Ok(session)) => session,
        // One line for a peer that never spoke SSH.
        Ok(Err(error)) => {
            log(format_args!("connection from {peer} failed: {error}"));
            return;
        }
        Err(_) => {
            log(format_args!("no SSH banner from {peer} in time: closed"));
            return;
        }
    };
    log(format_args!("connect from {peer}"));
    let handle = session.handle();
    let authenticated_after = Arc::clone(&authenticated);
    let watchdog = tokio::spawn(async move {
        tokio::time::sleep_until(started + LOGIN_GRACE).await;
        if !authenticated.load(Ordering::Relaxed) {
            log(format_args!("{peer} did not authenticate in time: closed"));
            let _ = handle
                .disconnect(
                    russh::Disconnect::ByApplication,
                    "authentication took too long".to_string(),
                    String::new(),
                )
                .await;
        }
    });
    let ended = session.await;
    watchdog.abort();
    if !authenticated_after.load(Ordering::Relaxed) {
        log(format_args!(
            "disconnect {peer} (not let in) after {:.1} s",
            started.elapsed().as_secs_f64()
        ));
    } else if let Err(error) = ended {
        log(format_args!("connection from {peer} ended: {error}"));
    }
}

async fn accept(
    server: Arc<Server>,
    config: Arc<russh::server::Config>,
    address: SocketAddr,
    said: &str,
) -> anyhow::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|error| anyhow::anyhow!("--listen {address}: {error}"))?;
    let bound = listener.local_addr()?;
    log(format_args!("listening on {bound}, {said}"));
    let mut terminate = signal(SignalKind::terminate())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut hangup = signal(SignalKind::hangup())?;
    let mut connections = tokio::task::JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, peer)) = accepted else { continue };
                if connections.len() >= server.max_sessions + PENDING_CONNECTIONS {
                    log(format_args!("too many connections: dropped {peer}"));
                    drop(stream);
                    continue;
                }
                connections.spawn(serve_connection(
                    Arc::clone(&server),
                    Arc::clone(&config),
                    stream,
                    peer,
                ));
            }
            // Finished connections are let go as they end.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            _ = terminate.recv() => break,
            _ = interrupt.recv() => break,
            _ = hangup.recv() => server.reload(),
        }
    }
    log(format_args!("shutting down"));
    let sessions: Vec<_> = lock(&server.sessions).values().cloned().collect();
    for session in sessions {
        let _ = session.try_send(Control::Shutdown);
    }
    // Each session says goodbye and closes; what remains is cut.
    let deadline = tokio::time::Instant::now() + SHUTDOWN_GRACE;
    while !lock(&server.sessions).is_empty() && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    connections.shutdown().await;
    log(format_args!("stopped"));
    Ok(())
}
