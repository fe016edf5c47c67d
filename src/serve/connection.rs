//! One SSH connection: who it is, its one session channel, and what it
//! may not do (commands, subsystems, forwarding, X11 and agents are
//! refused, and nothing runs).

use super::reader::{self, Control, Outbox, Start};
use super::{Server, keys, log};
use crate::i18n::Text;
use russh::keys::PublicKey;
use russh::server::{Auth, ChannelOpenHandle, Handler, Msg, Session};
use russh::{Channel, ChannelId, ChannelWriteHalf};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;
use tokio::io::AsyncWriteExt;
use tokio::sync::mpsc;

/// Input messages waiting for a reader: past this many, the connection
/// waits (and with it the client), so a flood of keys costs no memory.
const INPUT_QUEUE: usize = 64;

/// Environment variables a client may send (`SendEnv`): its locale, its
/// wish for no colours, a theme, the linear interface for screen readers;
/// nothing else is looked at.
const ACCEPTED_ENV: &[&str] = &[
    "LANG",
    "LC_ALL",
    "LC_MESSAGES",
    "NO_COLOR",
    "LISEUSE_THEME",
    "LISEUSE_ACCESSIBLE",
];

/// A user name as logged: any name is accepted, so it is cut short (and
/// the log's `{:?}` escapes what it holds).
fn shown(user: &str) -> String {
    user.chars().take(64).collect()
}

/// The size a client gives; one that says none (0×0, as `ssh -tt` from a
/// pipe does) reads at 80×24.
fn terminal_size(columns: u32, rows: u32) -> (u16, u16) {
    if columns == 0 || rows == 0 {
        return (80, 24);
    }
    (
        u16::try_from(columns).unwrap_or(u16::MAX),
        u16::try_from(rows).unwrap_or(u16::MAX),
    )
}

pub struct Connection {
    server: Arc<Server>,
    peer: String,
    started: Instant,
    /// Who was let in: the key's fingerprint, or "anonymous".
    who: Option<String>,
    /// The key let in, whose bookmarks and marks the reader keeps.
    key: Option<PublicKey>,
    channel: Option<ChannelWriteHalf<Msg>>,
    size: (u16, u16),
    term: String,
    env: Vec<(String, String)>,
    reader: Option<mpsc::Sender<Control>>,
    /// The id of its session in the server's registry, once it reads.
    id: Option<u64>,
    /// Set once a key (or `--anonymous`) let it in.
    authenticated: Arc<AtomicBool>,
}

impl Connection {
    pub fn new(
        server: Arc<Server>,
        peer: Option<SocketAddr>,
        authenticated: Arc<AtomicBool>,
    ) -> Connection {
        let peer = peer.map_or_else(|| "unknown".to_string(), |p| p.to_string());
        Connection {
            server,
            peer,
            started: Instant::now(),
            who: None,
            key: None,
            channel: None,
            size: (80, 24),
            term: String::new(),
            env: Vec::new(),
            reader: None,
            id: None,
            authenticated,
        }
    }

    fn refuse(&self, what: &str) {
        log(format_args!("refused {what} from {}", self.peer));
    }

    /// Says `message` on the channel, refuses the request and closes.
    async fn refuse_request(
        &mut self,
        channel: ChannelId,
        what: &str,
        session: &mut Session,
    ) -> Result<(), russh::Error> {
        self.refuse(what);
        // The channel ends here; another may be opened on the connection.
        self.channel = None;
        let ui = self.start(0).ui();
        let message = format!("liseuse: {}\r\n", ui.text(Text::OnlyTheReader));
        // Accepted only to be answered: a client that is refused outright
        // shows no message, only "request failed". Nothing runs.
        session.channel_success(channel)?;
        session.extended_data(channel, 1, message.into_bytes())?;
        session.exit_status_request(channel, 1)?;
        session.eof(channel)?;
        session.close(channel)?;
        Ok(())
    }

    /// Counts and logs a key that is not let in; each failure from one
    /// address waits longer, up to five seconds.
    async fn refuse_key(&self, user: &str, fingerprint: &str) -> Auth {
        let failures = self.server.failed(&self.peer);
        log(format_args!(
            "auth refused for {:?} from {} with {fingerprint} (failure {failures} from there)",
            shown(user),
            self.peer
        ));
        let delay = std::time::Duration::from_millis(250 * u64::from(failures.min(20)));
        tokio::time::sleep(delay).await;
        Auth::reject()
    }

    fn start(&self, id: u64) -> Start {
        Start {
            id,
            size: self.size,
            term: self.term.clone(),
            env: self.env.clone(),
            who: self.who.clone().unwrap_or_default(),
        }
    }

    async fn send(&self, message: Control) {
        if let Some(reader) = &self.reader {
            // The reader ended: nothing left to tell it.
            let _ = reader.send(message).await;
        }
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        if let Some(id) = self.id {
            self.server.leave(id);
        }
        // One that was never let in is logged by the accept loop, once.
        if let Some(who) = &self.who {
            log(format_args!(
                "disconnect {} ({who}) after {:.1} s",
                self.peer,
                self.started.elapsed().as_secs_f64()
            ));
        }
    }
}

impl Handler for Connection {
    type Error = russh::Error;

    async fn auth_none(&mut self, user: &str) -> Result<Auth, Self::Error> {
        if self.server.anonymous {
            log(format_args!(
                "auth accepted for {:?} from {} (anonymous)",
                shown(user),
                self.peer
            ));
            self.who = Some("anonymous".to_string());
            self.authenticated.store(true, Ordering::Relaxed);
            return Ok(Auth::Accept);
        }
        Ok(Auth::reject())
    }

    async fn auth_publickey_offered(
        &mut self,
        user: &str,
        offer: russh::server::PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        // Only a key that would be let in is worth its signature.
        if keys::is_authorized(&self.server.authorized, offer.public_key) {
            return Ok(Auth::Accept);
        }
        let fingerprint = keys::fingerprint(offer.public_key);
        Ok(self.refuse_key(user, &fingerprint).await)
    }

    async fn auth_publickey(
        &mut self,
        user: &str,
        key: russh::server::VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        let fingerprint = keys::fingerprint(key.public_key);
        if keys::is_authorized(&self.server.authorized, key.public_key) {
            log(format_args!(
                "auth accepted for {:?} from {} with {fingerprint}",
                shown(user),
                self.peer
            ));
            self.who = Some(fingerprint);
            self.key = Some(key.public_key.clone());
            self.authenticated.store(true, Ordering::Relaxed);
            return Ok(Auth::Accept);
        }
        Ok(self.refuse_key(user, &fingerprint).await)
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.channel.is_some() {
            self.refuse("a second session channel");
            return Ok(());
        }
        // What the client sends arrives through the handler's calls; the
        // write half gives the client's window as backpressure.
        let (read, write) = channel.split();
        drop(read);
        self.channel = Some(write);
        reply.accept().await;
        Ok(())
    }

    async fn channel_open_x11(
        &mut self,
        _channel: Channel<Msg>,
        _originator_address: &str,
        _originator_port: u32,
        _reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse("an X11 channel");
        Ok(())
    }

    async fn channel_open_direct_tcpip(
        &mut self,
        _channel: Channel<Msg>,
        host: &str,
        port: u32,
        _originator_address: &str,
        _originator_port: u32,
        _reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse(&format!("port forwarding to {host}:{port}"));
        Ok(())
    }

    async fn tcpip_forward(
        &mut self,
        address: &str,
        port: &mut u32,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        self.refuse(&format!("remote forwarding of {address}:{port}"));
        Ok(false)
    }

    async fn agent_request(
        &mut self,
        _channel: ChannelId,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        self.refuse("agent forwarding");
        Ok(false)
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single_connection: bool,
        _protocol: &str,
        _cookie: &str,
        _screen: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse("X11 forwarding");
        session.channel_failure(channel)
    }

    #[allow(clippy::too_many_arguments)]
    async fn pty_request(
        &mut self,
        channel: ChannelId,
        term: &str,
        columns: u32,
        rows: u32,
        _pixel_width: u32,
        _pixel_height: u32,
        _modes: &[(russh::Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.term = term.chars().take(64).collect();
        self.size = terminal_size(columns, rows);
        session.channel_success(channel)
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if ACCEPTED_ENV.contains(&name) && self.env.len() < ACCEPTED_ENV.len() {
            self.env
                .push((name.to_string(), value.chars().take(64).collect()));
            session.channel_success(channel)
        } else {
            session.channel_failure(channel)
        }
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let Some(write) = &self.channel else {
            return session.channel_failure(channel);
        };
        if self.reader.is_some() {
            return session.channel_failure(channel);
        }
        let ui = self.start(0).ui();
        if matches!(self.term.as_str(), "" | "dumb" | "unknown") {
            self.refuse("a terminal that cannot place the cursor (no pty, or TERM=dumb)");
            let message = format!("liseuse: {}\r\n", ui.text(Text::NeedsTerminal));
            session.data(channel, message.into_bytes())?;
            session.exit_status_request(channel, 1)?;
            return session.close(channel);
        }
        let (sender, receiver) = mpsc::channel(INPUT_QUEUE);
        let Some(id) = self.server.join(sender.clone()) else {
            log(format_args!("server full: refused {}", self.peer));
            let message = format!("liseuse: {}\r\n", ui.text(Text::ServerFull));
            session.data(channel, message.into_bytes())?;
            session.exit_status_request(channel, 1)?;
            return session.close(channel);
        };
        self.id = Some(id);
        let outbox = Arc::new(Outbox::default());
        let start = self.start(id);
        log(format_args!(
            "session {id} for {} ({}): {}×{} {}",
            self.peer, start.who, start.size.0, start.size.1, start.term
        ));
        if reader::spawn(
            Arc::clone(&self.server),
            start,
            receiver,
            Arc::clone(&outbox),
        )
        .is_err()
        {
            return session.channel_failure(channel);
        }
        self.reader = Some(sender.clone());
        tokio::spawn(pump(
            outbox,
            write.make_writer(),
            sender,
            session.handle(),
            channel,
        ));
        session.channel_success(channel)
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        command: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let shown = crate::text::sanitize_line(&String::from_utf8_lossy(command))
            .chars()
            .take(80)
            .collect::<String>();
        self.refuse_request(channel, &format!("a command ({shown:?})"), session)
            .await
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let shown: String = crate::text::sanitize_line(name).chars().take(40).collect();
        self.refuse_request(channel, &format!("the subsystem {shown:?}"), session)
            .await
    }

    async fn data(
        &mut self,
        _channel: ChannelId,
        data: &[u8],
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.send(Control::Input(data.to_vec())).await;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    async fn window_change_request(
        &mut self,
        _channel: ChannelId,
        columns: u32,
        rows: u32,
        _pixel_width: u32,
        _pixel_height: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.size = terminal_size(columns, rows);
        self.send(Control::Resize(self.size.0, self.size.1)).await;
        Ok(())
    }

    async fn channel_eof(
        &mut self,
        _channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.send(Control::Closed).await;
        Ok(())
    }

    async fn channel_close(
        &mut self,
        _channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.send(Control::Closed).await;
        Ok(())
    }
}

/// Sends the reader's frames to the client as fast as it reads them
/// (the writer waits for the client's window); asks for a whole frame
/// after frames were dropped; closes the channel after the last bytes.
async fn pump(
    outbox: Arc<Outbox>,
    mut writer: impl tokio::io::AsyncWrite + Unpin,
    reader: mpsc::Sender<Control>,
    handle: russh::server::Handle,
    channel: ChannelId,
) {
    loop {
        outbox.ready.notified().await;
        let (bytes, dropped, closing) = outbox.take();
        if !bytes.is_empty() && writer.write_all(&bytes).await.is_err() {
            break;
        }
        let _ = writer.flush().await;
        if dropped {
            let _ = reader.send(Control::Redraw).await;
        }
        if closing {
            let _ = handle.exit_status_request(channel, 0).await;
            let _ = handle.eof(channel).await;
            let _ = handle.close(channel).await;
            break;
        }
    }
}
