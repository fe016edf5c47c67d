//! Runs the real binary in a pseudo-terminal, types into it, and reads
//! both the screen (through a terminal emulator) and the raw byte stream.

use super::frames::Frames;
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// How long a wait for the screen (or the program's end) may take before
/// the test fails. Waits end as soon as what they wait for is there, so
/// this only matters when it never comes: generous, for a debug build on
/// a machine busy with other builds and tests.
pub const DEADLINE: Duration = Duration::from_secs(60);

pub struct Terminal {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    bytes: Receiver<Vec<u8>>,
    pub parser: vt100::Parser,
    /// Whether the last read ended inside a frame.
    frames: Frames,
    /// Everything the program wrote, for checks on escape sequences.
    pub stream: Vec<u8>,
    /// Where the reader keeps its state, unless the test says where: a
    /// directory of its own, so that no test resumes where another left,
    /// and nothing is written in the home of whoever runs the tests.
    _state: Option<tempfile::TempDir>,
    /// Where the reader reads its configuration, unless the test says: an
    /// empty directory, so the tester's own settings and keys stay out.
    _config: Option<tempfile::TempDir>,
}

impl Terminal {
    pub fn start(args: &[&str], size: (u16, u16), env: &[(&str, &str)]) -> Terminal {
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_liseuse"));
        command.args(args);
        Terminal::spawn(command, size, env)
    }

    /// The reader started by a shell that, once it ends, prints its exit
    /// status (`exit=N`) and the terminal's settings (`stty -a`), so a test
    /// can see that raw mode was turned off. [`Terminal::reader_pid`] is
    /// the reader's process.
    pub fn start_then_stty(args: &[&str], size: (u16, u16)) -> Terminal {
        let mut command = CommandBuilder::new("sh");
        command.args(["-c", "\"$@\"; echo \"exit=$?\"; stty -a", "sh"]);
        command.arg(env!("CARGO_BIN_EXE_liseuse"));
        command.args(args);
        Terminal::spawn(command, size, &[])
    }

    /// As [`Terminal::start_then_stty`], the reader run with at most
    /// `kilobytes` of address space (`ulimit -v`).
    pub fn start_then_stty_limited(args: &[&str], size: (u16, u16), kilobytes: u64) -> Terminal {
        let mut command = CommandBuilder::new("sh");
        let script = format!("ulimit -v {kilobytes} && \"$@\"; echo \"exit=$?\"; stty -a");
        command.args(["-c", &script, "sh"]);
        command.arg(env!("CARGO_BIN_EXE_liseuse"));
        command.args(args);
        Terminal::spawn(command, size, &[])
    }

    fn spawn(mut command: CommandBuilder, size: (u16, u16), env: &[(&str, &str)]) -> Terminal {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: size.1,
                cols: size.0,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        command.cwd(Path::new(env!("CARGO_MANIFEST_DIR")));
        command.env("TERM", "xterm-256color");
        let state = (!env.iter().any(|(key, _)| *key == "XDG_STATE_HOME"))
            .then(|| tempfile::tempdir().expect("a state directory"));
        if let Some(dir) = &state {
            command.env("XDG_STATE_HOME", dir.path());
        }
        let config = (!env
            .iter()
            .any(|(key, _)| matches!(*key, "XDG_CONFIG_HOME" | "LISEUSE_CONFIG")))
        .then(|| tempfile::tempdir().expect("a configuration directory"));
        if let Some(dir) = &config {
            command.env("XDG_CONFIG_HOME", dir.path());
        }
        for (key, value) in env {
            command.env(key, value);
        }
        let child = pty.slave.spawn_command(command).expect("spawns");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let writer = pty.master.take_writer().expect("writer");
        let (sender, bytes) = channel();
        std::thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 || sender.send(buffer[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Terminal {
            master: pty.master,
            writer,
            child,
            bytes,
            parser: vt100::Parser::new(size.1, size.0, 0),
            frames: Frames::default(),
            stream: Vec::new(),
            _state: state,
            _config: config,
        }
    }

    /// Takes what the program wrote for at most `wait`: a program that
    /// writes without pause (a cursor placed at every poll) must not keep
    /// the caller from looking at the screen, or from its deadline.
    fn pump(&mut self, wait: Duration) {
        let until = Instant::now() + wait;
        while let Ok(chunk) = self
            .bytes
            .recv_timeout(until.saturating_duration_since(Instant::now()))
        {
            self.parser.process(&chunk);
            self.frames.feed(&chunk);
            self.stream.extend_from_slice(&chunk);
            if Instant::now() >= until {
                break;
            }
        }
    }

    pub fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Waits until the screen satisfies `test`, or panics with the screen.
    pub fn wait_for(&mut self, what: &str, test: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + DEADLINE;
        loop {
            self.pump(Duration::from_millis(50));
            if self.frames.between() && test(&self.screen()) {
                return;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; screen:\n{}", self.screen());
            }
        }
    }

    /// Waits until everything the program wrote satisfies `test`, or
    /// panics naming `what`.
    pub fn wait_for_stream(&mut self, what: &str, test: impl Fn(&[u8]) -> bool) {
        let deadline = Instant::now() + DEADLINE;
        loop {
            self.pump(Duration::from_millis(50));
            if test(&self.stream) {
                return;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; screen:\n{}", self.screen());
            }
        }
    }

    /// Waits until the cursor is at (`row`, `column`), or panics saying
    /// where it is.
    pub fn wait_for_cursor(&mut self, what: &str, at: (u16, u16)) {
        let deadline = Instant::now() + DEADLINE;
        loop {
            self.pump(Duration::from_millis(50));
            let now = self.parser.screen().cursor_position();
            if self.frames.between() && now == at {
                return;
            }
            if Instant::now() > deadline {
                panic!(
                    "{what}: the cursor is at {now:?}, not {at:?}; screen:\n{}",
                    self.screen()
                );
            }
        }
    }

    /// The text on screen from the cursor to the end of its row.
    pub fn text_at_cursor(&self) -> String {
        let screen = self.parser.screen();
        let (row, column) = screen.cursor_position();
        let width = screen.size().1;
        screen.contents_between(row, column, row, width)
    }

    /// Waits until the text at the cursor starts with `text` (spaces
    /// before it aside when `text` does not start with one), or panics
    /// saying where the cursor is and what it is on.
    pub fn wait_for_focus(&mut self, what: &str, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            self.pump(Duration::from_millis(50));
            if self.frames.between() && self.text_at_cursor().starts_with(text) {
                return;
            }
            if Instant::now() > deadline {
                panic!(
                    "{what}: the cursor is at {:?}, on {:?}, not on {text:?}; screen:\n{}",
                    self.parser.screen().cursor_position(),
                    self.text_at_cursor(),
                    self.screen()
                );
            }
        }
    }

    pub fn type_keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("types");
        self.writer.flush().expect("flushes");
        self.pump(Duration::from_millis(100));
    }

    /// Waits for the program to end; returns whether it exited with 0.
    pub fn wait_exit(&mut self) -> bool {
        let deadline = Instant::now() + DEADLINE;
        loop {
            self.pump(Duration::from_millis(50));
            if let Ok(Some(status)) = self.child.try_wait() {
                self.pump(Duration::from_millis(100));
                return status.success();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the program did not exit; screen:\n{}", self.screen());
            }
        }
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }

    /// The reader's process under [`Terminal::start_then_stty`]'s shell.
    pub fn reader_pid(&self) -> u32 {
        let shell = self.pid().expect("a shell process");
        let output = std::process::Command::new("pgrep")
            .arg("-P")
            .arg(shell.to_string())
            .output()
            .expect("pgrep runs");
        String::from_utf8_lossy(&output.stdout)
            .split_whitespace()
            .next()
            .and_then(|pid| pid.parse().ok())
            .expect("the shell has started the reader")
    }

    /// The words printed after the reader left the alternate screen (the
    /// shell's `exit=N` and `stty -a`), once the shell has ended.
    pub fn words_after_the_reader(&self) -> Vec<String> {
        let leave = b"\x1b[?1049l";
        let after = find_last(&self.stream, leave).map_or(0, |at| at + leave.len());
        without_csi(&String::from_utf8_lossy(&self.stream[after..]))
            .split(|c: char| c.is_whitespace() || c == ';')
            .filter(|word| !word.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// Whether the stream holds `sequence` after the last time it held `after`.
    pub fn stream_ends_with_after(&self, sequence: &[u8], after: &[u8]) -> bool {
        let last_after = find_last(&self.stream, after).unwrap_or(0);
        find_last(&self.stream, sequence).is_some_and(|at| at >= last_after)
    }

    pub fn resize(&mut self, size: (u16, u16)) {
        self.master
            .resize(PtySize {
                rows: size.1,
                cols: size.0,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resizes");
        self.parser.screen_mut().set_size(size.1, size.0);
    }
}

pub fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// `text` without its CSI sequences (`ESC [ … final byte`).
fn without_csi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' && chars.peek() == Some(&'[') {
            chars.next();
            for c in chars.by_ref() {
                if ('\x40'..='\x7e').contains(&c) {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}
