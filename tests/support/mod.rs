//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod frames;
pub mod pty;
pub mod screen;

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What a guarded run of the binary gave: its exit code (none when a
/// signal ended it) and both outputs, whole.
pub struct Guarded {
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

/// Runs `command` with stdin closed and both outputs read as they come
/// (a full pipe never stalls it); kills it and fails, naming it `what`,
/// if it outlives `guard`: a hang.
pub fn run_guarded(mut command: Command, what: &str, guard: Duration) -> Guarded {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stdout.read_to_end(&mut bytes);
        bytes
    });
    let err = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stderr.read_to_end(&mut bytes);
        bytes
    });
    let status = wait_guarded(&mut child, what, guard);
    Guarded {
        code: status.code(),
        stdout: out.join().expect("stdout read"),
        stderr: err.join().expect("stderr read"),
    }
}

/// Waits for `child` to end; kills it and fails, naming it `what`, if it
/// outlives `guard`: a hang.
pub fn wait_guarded(
    child: &mut std::process::Child,
    what: &str,
    guard: Duration,
) -> std::process::ExitStatus {
    let deadline = Instant::now() + guard;
    loop {
        if let Some(status) = child.try_wait().expect("waits") {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`{what}` still running after {guard:?}: a hang");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}
