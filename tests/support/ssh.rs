//! A client for `liseuse serve`: the server binary on a loopback port,
//! and readers made with russh's client whose frames go through vt100, as
//! a user's terminal would show them. Shared by `tests/serve.rs` and
//! `benches/serve.rs`.
#![allow(dead_code)]

use crate::frames::Frames;
use russh::ChannelMsg;
use russh::client;
use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::{PrivateKey, PrivateKeyWithHashAlg, PublicKeyOrCertificate};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Long enough for a loaded machine; a hang still fails.
pub const PATIENCE: Duration = Duration::from_secs(60);

pub fn corpus_site() -> PathBuf {
    let corpus = std::env::var_os("LISEUSE_CORPUS").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
        PathBuf::from,
    );
    corpus.join("digital-canada-ca")
}

/// A client key, the same for the same seed.
pub fn key(seed: u8) -> PrivateKey {
    PrivateKey::from(Ed25519Keypair::from_seed(&[seed; 32]))
}

/// The server binary, listening on a free loopback port.
pub struct Server {
    pub child: Child,
    pub port: u16,
    log: Arc<Mutex<String>>,
    pub dir: tempfile::TempDir,
}

impl Server {
    pub fn start(site: Option<&Path>, let_in: &[&PrivateKey], options: &[&str]) -> Server {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let authorized: String = let_in
            .iter()
            .map(|key| {
                format!(
                    "{} test\n",
                    key.public_key().to_openssh().expect("a public key")
                )
            })
            .collect();
        std::fs::write(dir.path().join("authorized_keys"), authorized).expect("writes");
        let mut command = Command::new(env!("CARGO_BIN_EXE_liseuse"));
        command.arg("serve");
        if let Some(site) = site {
            command.arg(site);
        }
        command
            .args(["--listen", "127.0.0.1:0", "--authorized-keys"])
            .arg(dir.path().join("authorized_keys"))
            .args(options)
            .env("XDG_STATE_HOME", dir.path().join("state"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("the server starts");
        let log = Arc::new(Mutex::new(String::new()));
        let stderr = child.stderr.take().expect("stderr");
        let lines = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut log = lines.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let deadline = Instant::now() + PATIENCE;
        let port = loop {
            let said = log.lock().unwrap().clone();
            if let Some(port) = said
                .split("listening on 127.0.0.1:")
                .nth(1)
                .and_then(|rest| rest.split(',').next())
                .and_then(|port| port.parse().ok())
            {
                break port;
            }
            if let Some(status) = child.try_wait().expect("waits") {
                panic!("the server ended ({status}) before listening:\n{said}");
            }
            assert!(
                Instant::now() < deadline,
                "the server never listened:\n{said}"
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        Server {
            child,
            port,
            log,
            dir,
        }
    }

    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Waits until the log holds `what`.
    pub fn wait_log(&self, what: &str) {
        let deadline = Instant::now() + PATIENCE;
        while !self.log().contains(what) {
            assert!(
                Instant::now() < deadline,
                "the log never said {what:?}:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The server's resident memory, in KiB.
    pub fn resident_kib(&self) -> u64 {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).expect("status");
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmRSS")
    }

    pub fn is_running(&mut self) -> bool {
        self.child.try_wait().expect("waits").is_none()
    }

    pub fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .args([&format!("-{signal}"), &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Trusting;

impl client::Handler for Trusting {
    type Error = russh::Error;

    async fn check_server_key(&mut self, _: &PublicKeyOrCertificate) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

pub async fn connect(port: u16) -> client::Handle<Trusting> {
    let config = Arc::new(client::Config {
        inactivity_timeout: Some(PATIENCE),
        ..Default::default()
    });
    client::connect(config, ("127.0.0.1", port), Trusting)
        .await
        .expect("connects")
}

/// Connects and offers `key`; whether it was let in.
pub async fn log_in(port: u16, key: &PrivateKey) -> (client::Handle<Trusting>, bool) {
    let mut handle = connect(port).await;
    let result = handle
        .authenticate_publickey(
            "reader",
            PrivateKeyWithHashAlg::new(Arc::new(key.clone()), None),
        )
        .await
        .expect("authentication runs");
    (handle, result.success())
}

/// One client's terminal: what the server sent, as a screen.
pub struct Reader {
    _handle: client::Handle<Trusting>,
    pub channel: russh::Channel<client::Msg>,
    pub screen: vt100::Parser,
    /// Whether the last data ended inside a frame.
    frames: Frames,
    pub said: Vec<u8>,
    pub exit_status: Option<u32>,
    pub closed: bool,
}

impl Reader {
    pub async fn open(port: u16, key: &PrivateKey, size: (u16, u16), lang: Option<&str>) -> Reader {
        let (handle, let_in) = log_in(port, key).await;
        assert!(let_in, "the key is let in");
        let channel = handle.channel_open_session().await.expect("a session");
        if let Some(lang) = lang {
            channel.set_env(true, "LANG", lang).await.expect("env");
        }
        channel
            .request_pty(
                true,
                "xterm-256color",
                u32::from(size.0),
                u32::from(size.1),
                0,
                0,
                &[],
            )
            .await
            .expect("a pty");
        channel.request_shell(true).await.expect("a shell");
        Reader {
            _handle: handle,
            channel,
            screen: vt100::Parser::new(size.1, size.0, 0),
            frames: Frames::default(),
            said: Vec::new(),
            exit_status: None,
            closed: false,
        }
    }

    pub fn screen(&self) -> String {
        self.screen.screen().contents()
    }

    /// Reads what comes until `test` holds of the screen (and what was
    /// said outside it), or fails naming `what`.
    pub async fn wait_for(&mut self, what: &str, test: impl Fn(&Reader) -> bool) {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        while !(self.frames.between() && test(self)) {
            assert!(
                !self.closed,
                "the channel closed before {what}:\n{}\n{}",
                self.screen(),
                String::from_utf8_lossy(&self.said)
            );
            match tokio::time::timeout_at(deadline, self.channel.wait()).await {
                Ok(Some(message)) => self.take(message),
                Ok(None) => self.closed = true,
                Err(_) => panic!("never {what}:\n{}", self.screen()),
            }
        }
    }

    pub async fn wait_text(&mut self, text: &str) {
        self.wait_for(&format!("showed {text:?}"), |reader| {
            reader.screen().contains(text)
        })
        .await;
    }

    pub async fn wait_closed(&mut self) {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        while !self.closed {
            match tokio::time::timeout_at(deadline, self.channel.wait()).await {
                Ok(Some(message)) => self.take(message),
                Ok(None) => self.closed = true,
                Err(_) => panic!("the channel never closed:\n{}", self.screen()),
            }
        }
    }

    pub fn take(&mut self, message: ChannelMsg) {
        match message {
            ChannelMsg::Data { data } => {
                self.screen.process(&data);
                self.frames.feed(&data);
                self.said.extend_from_slice(&data);
            }
            ChannelMsg::ExtendedData { data, .. } => self.said.extend_from_slice(&data),
            ChannelMsg::ExitStatus { exit_status } => self.exit_status = Some(exit_status),
            ChannelMsg::Close => self.closed = true,
            _ => {}
        }
    }

    pub async fn keys(&self, keys: &str) {
        self.channel
            .data_bytes(keys.as_bytes().to_vec())
            .await
            .expect("keys are sent");
    }
}
