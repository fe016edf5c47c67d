//! `liseuse serve` end to end: the server binary on a loopback port, and
//! clients made with russh's client that read its frames through vt100,
//! as a user's terminal would.

#[path = "support/ssh.rs"]
mod ssh;
mod support;

// `ssh` judges screens between frames, as the pty tests do.
use support::frames;

use russh::ChannelMsg;
use russh::client;
use russh::keys::{PrivateKey, PrivateKeyWithHashAlg};
use ssh::{PATIENCE, Reader, Server, Trusting, connect, corpus_site, key, log_in};
use std::io::{Read, Write};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What a refused request said and its exit status.
async fn refused(mut channel: russh::Channel<client::Msg>) -> (String, Option<u32>) {
    let mut said = Vec::new();
    let mut status = None;
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        match tokio::time::timeout_at(deadline, channel.wait()).await {
            Ok(Some(ChannelMsg::Data { data } | ChannelMsg::ExtendedData { data, .. })) => {
                said.extend_from_slice(&data);
            }
            Ok(Some(ChannelMsg::ExitStatus { exit_status })) => status = Some(exit_status),
            Ok(Some(ChannelMsg::Close) | None) => break,
            Ok(Some(_)) => {}
            Err(_) => panic!("the refusal never ended"),
        }
    }
    (String::from_utf8_lossy(&said).into_owned(), status)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_authorized_key_reads_filters_opens_switches_language_and_quits() {
    let alice = key(1);
    let mut server = Server::start(Some(&corpus_site()), &[&alice], &[]);
    assert!(
        server.log().contains("host key SHA256:"),
        "{}",
        server.log()
    );

    let mut reader = Reader::open(server.port, &alice, (80, 24), None).await;
    reader.wait_text("Posts · English").await;
    reader.keys("/design system mature").await;
    reader.wait_text("design system mature").await;
    reader.keys("\r\r").await;
    reader
        .wait_for("opened the post", |r| {
            r.screen().contains("Stable & safe") && r.screen().contains("Français ✓")
        })
        .await;
    reader.keys("t").await;
    reader.wait_text("Système de design GC").await;
    reader.keys("q").await;
    reader.wait_closed().await;
    assert_eq!(reader.exit_status, Some(0));
    // The client's terminal is given back: mouse off, main screen.
    assert!(
        reader.said.ends_with(b"\x1b[?1049l")
            || reader.said.windows(8).any(|w| w == b"\x1b[?1049l")
    );

    server.wait_log("session 1 ended");
    let fingerprint = russh::keys::HashAlg::Sha256;
    let alice_print = alice.public_key().fingerprint(fingerprint).to_string();
    assert!(
        server.log().contains(&format!("with {alice_print}")),
        "{}",
        server.log()
    );
    // The server goes on serving, and the key comes back where it was.
    assert!(server.is_running());
    let mut again = Reader::open(server.port, &alice, (40, 12), None).await;
    again.wait_text("Système de design GC").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_interface_speaks_the_clients_language() {
    let alice = key(1);
    let server = Server::start(None, &[&alice], &[]);
    let mut reader = Reader::open(server.port, &alice, (80, 24), Some("fr_CA.UTF-8")).await;
    reader.wait_text("Billets").await;
    assert!(reader.screen().contains("aide"), "{}", reader.screen());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_key_is_refused_and_the_refusal_logged() {
    let alice = key(1);
    let mallory = key(2);
    let server = Server::start(None, &[&alice], &[]);
    let (_handle, let_in) = log_in(server.port, &mallory).await;
    assert!(!let_in);
    server.wait_log("auth refused");
    let (_handle, anonymous) = {
        let mut handle = connect(server.port).await;
        let result = handle.authenticate_none("anyone").await.expect("runs");
        (handle, result.success())
    };
    assert!(!anonymous, "no way in without a key unless --anonymous");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymous_lets_anyone_in_and_says_so() {
    let server = Server::start(None, &[], &["--anonymous"]);
    assert!(server.log().contains("anonymous"), "{}", server.log());
    let mut handle = connect(server.port).await;
    let result = handle.authenticate_none("anyone").await.expect("runs");
    assert!(result.success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_subsystems_and_forwarding_are_refused_and_nothing_runs() {
    let alice = key(1);
    let server = Server::start(None, &[&alice], &[]);
    let (handle, _) = log_in(server.port, &alice).await;
    let marker = server.dir.path().join("ran");

    let channel = handle.channel_open_session().await.expect("a session");
    channel
        .exec(true, format!("touch {}", marker.display()))
        .await
        .expect("sent");
    let (said, status) = refused(channel).await;
    assert!(said.contains("only runs the reader"), "{said}");
    assert_eq!(status, Some(1));
    assert!(!marker.exists(), "the command did not run");

    let channel = handle.channel_open_session().await.expect("a session");
    channel.request_subsystem(true, "sftp").await.expect("sent");
    let (said, status) = refused(channel).await;
    assert!(said.contains("only runs the reader"), "{said}");
    assert_eq!(status, Some(1));

    let forwarded = handle
        .channel_open_direct_tcpip("127.0.0.1", 22, "127.0.0.1", 40000)
        .await;
    assert!(forwarded.is_err(), "port forwarding is refused");
    let remote = handle.tcpip_forward("127.0.0.1", 0).await;
    assert!(remote.is_err(), "remote forwarding is refused: {remote:?}");

    server.wait_log("refused a command");
    server.wait_log("refused the subsystem \"sftp\"");
    server.wait_log("refused port forwarding");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_max_sessions_the_next_client_is_told_the_server_is_full() {
    let alice = key(1);
    let server = Server::start(None, &[&alice], &["--max-sessions", "2"]);
    let mut first = Reader::open(server.port, &alice, (80, 24), None).await;
    let mut second = Reader::open(server.port, &alice, (80, 24), None).await;
    first.wait_text("Posts").await;
    second.wait_text("Posts").await;

    let mut third = Reader::open(server.port, &alice, (80, 24), None).await;
    third.wait_closed().await;
    assert!(
        String::from_utf8_lossy(&third.said).contains("Server full"),
        "{}",
        String::from_utf8_lossy(&third.said)
    );
    assert_eq!(third.exit_status, Some(1));

    // A place freed is a place taken.
    first.keys("q").await;
    first.wait_closed().await;
    server.wait_log("ended");
    let mut fourth = Reader::open(server.port, &alice, (80, 24), None).await;
    fourth.wait_text("Posts").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_tells_every_session_and_ends_the_server() {
    let alice = key(1);
    let mut server = Server::start(None, &[&alice], &[]);
    let mut readers = Vec::new();
    for _ in 0..3 {
        let mut reader = Reader::open(server.port, &alice, (80, 24), None).await;
        reader.wait_text("Posts").await;
        readers.push(reader);
    }
    let sent = Instant::now();
    server.signal("TERM");
    for reader in &mut readers {
        reader.wait_closed().await;
        assert!(
            String::from_utf8_lossy(&reader.said).contains("Server shutting down"),
            "{}",
            reader.screen()
        );
    }
    let status = support::wait_guarded(&mut server.child, "the server after SIGTERM", PATIENCE);
    assert!(status.success(), "{status}");
    // The server's own bound is 1.6 s (a grace of 1.5 s, then it cuts);
    // the issue's 2 s, with slack for a loaded machine.
    assert!(
        sent.elapsed() < Duration::from_secs(4),
        "{:?}",
        sent.elapsed()
    );
    assert!(server.log().contains("stopped"), "{}", server.log());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_peers_cost_bounded_memory_and_others_are_still_served() {
    let alice = key(1);
    let server = Server::start(Some(&corpus_site()), &[&alice], &[]);
    let mut watcher = Reader::open(server.port, &alice, (80, 24), None).await;
    watcher.wait_text("Posts").await;
    let idle = server.resident_kib();

    // Garbage where the SSH banner should be.
    let port = server.port;
    tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connects");
        stream
            .set_read_timeout(Some(PATIENCE))
            .expect("read timeout");
        let garbage: Vec<u8> = (0..65_536u32).map(|i| (i * 7919 % 251) as u8).collect();
        let _ = stream.write_all(&garbage);
        let mut rest = Vec::new();
        let _ = stream.read_to_end(&mut rest);
    })
    .await
    .expect("the garbage peer ends");

    // A thousand connections opened and dropped.
    tokio::task::spawn_blocking(move || {
        for _ in 0..1000 {
            drop(std::net::TcpStream::connect(("127.0.0.1", port)).expect("connects"));
        }
    })
    .await
    .expect("the flood ends");

    // A client that sends a megabyte of keys.
    let mut typist = Reader::open(port, &alice, (80, 24), None).await;
    typist.wait_text("Posts").await;
    let keys = "jk".repeat(512 * 1024);
    typist.keys(&keys).await;

    // A client that stops reading while its keys make frame after frame
    // (each post opened beside the list fills most of its 400×150 screen).
    let (_silent_handle, silent) = silent_client(port, &alice).await;
    for round in 0..400 {
        let key = if round / 20 % 2 == 0 {
            "jjjjj"
        } else {
            "kkkkk"
        };
        silent
            .data_bytes(key.as_bytes().to_vec())
            .await
            .expect("keys are sent");
        // Apart enough that each makes a frame of its own.
        tokio::time::sleep(Duration::from_millis(5)).await;
    }

    // The watcher is answered all along, and the typist's keys end.
    watcher.keys("j").await;
    watcher
        .wait_for("moved to the second post", |r| {
            r.screen().contains("EN · 2/")
        })
        .await;
    typist.keys("G").await;
    typist
        .wait_for("went to the last post", |r| {
            let screen = r.screen();
            screen.contains("EN · 260/260")
        })
        .await;
    let grown = server.resident_kib().saturating_sub(idle);
    // Frames for a client that does not read are bounded (the outbox's
    // own test shows how); here the whole server is.
    assert!(grown < 40 * 1024, "the server grew by {grown} KiB");
    watcher.keys("q").await;
    watcher.wait_closed().await;
    drop(silent);
}

/// A connection whose reading can be stopped while its writing goes on:
/// a client that sends keys and never reads what comes back.
struct Stalling {
    stream: tokio::net::TcpStream,
    stalled: Arc<std::sync::atomic::AtomicBool>,
}

impl tokio::io::AsyncRead for Stalling {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        context: &mut std::task::Context<'_>,
        buffer: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        if self.stalled.load(std::sync::atomic::Ordering::Relaxed) {
            // Never ready again: nothing more is read.
            return std::task::Poll::Pending;
        }
        std::pin::Pin::new(&mut self.stream).poll_read(context, buffer)
    }
}

impl tokio::io::AsyncWrite for Stalling {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        context: &mut std::task::Context<'_>,
        bytes: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        std::pin::Pin::new(&mut self.stream).poll_write(context, bytes)
    }

    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        context: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.stream).poll_flush(context)
    }

    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        context: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.stream).poll_shutdown(context)
    }
}

/// A reader in a 400×150 terminal that, once its first frame came, sends
/// keys and reads nothing more.
async fn silent_client(
    port: u16,
    key: &PrivateKey,
) -> (client::Handle<Trusting>, russh::Channel<client::Msg>) {
    let stalled = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connects");
    let config = Arc::new(client::Config {
        inactivity_timeout: Some(PATIENCE),
        ..Default::default()
    });
    let stalling = Stalling {
        stream,
        stalled: Arc::clone(&stalled),
    };
    let mut handle = client::connect_stream(config, stalling, Trusting)
        .await
        .expect("connects");
    let let_in = handle
        .authenticate_publickey(
            "silent",
            PrivateKeyWithHashAlg::new(Arc::new(key.clone()), None),
        )
        .await
        .expect("authentication runs");
    assert!(let_in.success());
    let mut channel = handle.channel_open_session().await.expect("a session");
    channel
        .request_pty(true, "xterm-256color", 400, 150, 0, 0, &[])
        .await
        .expect("a pty");
    channel.request_shell(true).await.expect("a shell");
    while !matches!(channel.wait().await, Some(ChannelMsg::Data { .. }) | None) {}
    stalled.store(true, std::sync::atomic::Ordering::Relaxed);
    (handle, channel)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_key_finds_its_own_place_and_bookmarks_when_it_comes_back() {
    let alice = key(1);
    let bob = key(3);
    let server = Server::start(None, &[&alice, &bob], &[]);

    let mut reader = Reader::open(server.port, &alice, (80, 24), None).await;
    reader.wait_text("Posts").await;
    // The third post of the list, opened and bookmarked.
    reader.keys("jj\r").await;
    reader.wait_text("Reading our own site offline").await;
    reader.keys("m").await;
    reader.wait_text("Bookmark added").await;
    reader.keys("q").await;
    reader.wait_closed().await;
    server.wait_log("session 1 ended");

    // Alice comes back where she was, her bookmark kept.
    let mut again = Reader::open(server.port, &alice, (80, 24), None).await;
    again
        .wait_for("the post open again", |r| {
            r.screen().contains("Reading our own site offline") && !r.screen().contains("Posts ·")
        })
        .await;
    again.keys("B").await;
    again
        .wait_for("her bookmark listed", |r| {
            let screen = r.screen();
            screen.contains("Bookmarks") && !screen.contains("No bookmarks yet")
        })
        .await;

    // Bob's key has neither.
    let mut other = Reader::open(server.port, &bob, (80, 24), None).await;
    other.wait_text("Posts ·").await;
    other.keys("B").await;
    other.wait_text("No bookmarks yet").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn e_is_refused_with_a_message_and_the_reader_goes_on() {
    let alice = key(1);
    // A site on disk: there is a file, and still it is not the client's.
    let server = Server::start(Some(&corpus_site()), &[&alice], &[]);
    let mut reader = Reader::open(server.port, &alice, (80, 24), None).await;
    reader.wait_text("Posts · English").await;
    reader.keys("\r").await;
    reader.wait_text("Français ✓").await;
    reader.keys("e").await;
    reader
        .wait_text("Files cannot be edited over SSH (liseuse serve)")
        .await;
    reader.keys("q").await;
    reader.wait_closed().await;
    assert_eq!(reader.exit_status, Some(0));
}

/// The server follows the site's files: a post edited on disk changes in
/// a session without a key or SIGHUP, once for the burst, logged; with
/// `--no-watch` nothing moves until SIGHUP.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_session_follows_the_site_on_disk() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("en")).expect("mkdir");
    let post =
        |title: &str| format!("---\ntitle: {title}\ndate: 2024-04-01\n---\nOur own words.\n");
    std::fs::write(site.join("en/watched.md"), post("Watched post")).expect("write");
    let alice = key(7);
    let server = Server::start(Some(&site), &[&alice], &[]);
    let mut reader = Reader::open(server.port, &alice, (80, 24), None).await;
    reader.wait_text("Watched post").await;
    reader.keys("\r").await;
    reader.wait_text("Our own words").await;
    std::fs::write(site.join("en/watched.md"), post("Watched post, edited")).expect("write");
    reader.wait_text("Watched post, edited").await;
    server.wait_log("files of the site changed");
    server.wait_log("site read again: 1 posts");
    // The file changed was read alone, not the whole site.
    assert!(
        !server.log().contains("reading the site again"),
        "{}",
        server.log()
    );

    let quiet = Server::start(Some(&site), &[&alice], &["--no-watch"]);
    let mut reader = Reader::open(quiet.port, &alice, (80, 24), None).await;
    reader.wait_text("Watched post, edited").await;
    std::fs::write(site.join("en/watched.md"), post("Watched post, again")).expect("write");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(
        !quiet.log().contains("files of the site changed"),
        "{}",
        quiet.log()
    );
    quiet.signal("HUP");
    reader.wait_text("Watched post, again").await;
}

/// A served session marks a translation its original has left behind by
/// the files' dates (no date in the front matter): the server gathers
/// them once, in the background, for every session, and again after the
/// site is read again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_judge_translations_by_the_dates_the_server_gathered() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let site = dir.path().join("site");
    for (lang, title, day) in [("en", "Lantern", 20_000), ("fr", "Lanterne", 19_955)] {
        std::fs::create_dir_all(site.join(lang)).expect("mkdir");
        let path = site.join(lang).join("lantern.md");
        std::fs::write(
            &path,
            format!("---\ntitle: {title}\ntranslationKey: lantern\n---\nA light.\n"),
        )
        .expect("write");
        let at = std::time::UNIX_EPOCH + Duration::from_secs(day * 86_400);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|file| file.set_modified(at))
            .expect("dated");
    }
    let alice = key(8);
    let server = Server::start(Some(&site), &[&alice], &["--no-watch"]);
    server.wait_log("dates of the posts gathered");
    let mut reader = Reader::open(server.port, &alice, (100, 24), Some("en_CA.UTF-8")).await;
    reader.wait_text("Lantern").await;
    reader.keys("\r").await;
    reader.wait_text("Translation may be out of date").await;
    server.signal("HUP");
    server.wait_log("site read again");
    let deadline = Instant::now() + PATIENCE;
    while server.log().matches("dates of the posts gathered").count() < 2 {
        assert!(Instant::now() < deadline, "{}", server.log());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    reader.wait_text("Translation may be out of date").await;
}
