//! The terminal given back on every signal that would end the process
//! (SIGQUIT, SIGABRT — an allocation failure aborts —, SIGUSR1, SIGUSR2,
//! SIGALRM…) before the signal does what it does by default; and the
//! flags the event loop reads for the signals it answers itself (Ctrl-Z
//! from another process, being continued).
//!
//! What runs in a signal handler may only call async-signal-safe
//! functions: the handler writes fixed bytes with `write(2)` and puts the
//! terminal's saved settings back with `tcsetattr(3)`, nothing more.

use std::io;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

/// Everything the reader turns on, turned off: mouse reporting in every
/// mode, bracketed paste, the cursor hidden, autowrap off, styles, the
/// alternate screen.
pub const RESTORE: &[u8] = b"\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l\
\x1b[?2004l\x1b[0m\x1b[?25h\x1b[?7h\x1b[?1049l";

/// Signals whose default action ends the process, handled here.
const ENDING: &[i32] = &[
    signal_hook::consts::SIGQUIT,
    signal_hook::consts::SIGABRT,
    signal_hook::consts::SIGUSR1,
    signal_hook::consts::SIGUSR2,
    signal_hook::consts::SIGALRM,
    signal_hook::consts::SIGVTALRM,
    signal_hook::consts::SIGPROF,
    signal_hook::consts::SIGXCPU,
    signal_hook::consts::SIGXFSZ,
];

#[cfg(target_os = "linux")]
mod saved {
    use std::sync::OnceLock;

    /// The terminal's settings before raw mode, for the signal handlers.
    static SETTINGS: OnceLock<libc::termios> = OnceLock::new();

    pub fn save() {
        // SAFETY: tcgetattr writes a termios it is given; zeroed is a
        // valid termios to start from.
        let mut settings: libc::termios = unsafe { std::mem::zeroed() };
        if unsafe { libc::tcgetattr(libc::STDIN_FILENO, &mut settings) } == 0 {
            let _ = SETTINGS.set(settings);
        }
    }

    /// Async-signal-safe: a read of a set `OnceLock` and `tcsetattr`.
    pub fn put_back() {
        if let Some(settings) = SETTINGS.get() {
            // SAFETY: the settings are the terminal's own, read at start.
            unsafe { libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, settings) };
        }
    }

    /// Async-signal-safe: `write(2)` of fixed bytes.
    pub fn write_restore() {
        let bytes = super::RESTORE;
        // SAFETY: writes `bytes.len()` bytes from a static slice.
        unsafe { libc::write(libc::STDOUT_FILENO, bytes.as_ptr().cast(), bytes.len()) };
    }
}

#[cfg(not(target_os = "linux"))]
mod saved {
    pub fn save() {}
    pub fn put_back() {}
    pub fn write_restore() {}
}

/// Installs the handlers that give the terminal back on the signals in
/// [`ENDING`], then let each end the process as it would have. Call
/// before the terminal is set up: the settings saved are put back.
pub fn give_back_on_ending_signals() -> io::Result<()> {
    saved::save();
    for &signal in ENDING {
        // SAFETY: the handler calls only async-signal-safe functions
        // (write, tcsetattr, and signal-hook's emulation of the default
        // action, which is made for handlers).
        unsafe {
            signal_hook::low_level::register(signal, move || {
                saved::write_restore();
                saved::put_back();
                let _ = signal_hook::low_level::emulate_default_handler(signal);
            })?;
        }
    }
    Ok(())
}

/// The signals the event loop answers between keys.
pub struct Asked {
    /// SIGTSTP from another process (`kill -TSTP`): suspend as Ctrl-Z does.
    pub suspend: Arc<AtomicBool>,
    /// SIGCONT: the process was stopped and goes on; the terminal may
    /// have been changed meanwhile.
    pub resumed: Arc<AtomicBool>,
}

impl Asked {
    pub fn register() -> io::Result<Asked> {
        let asked = Asked {
            suspend: Arc::new(AtomicBool::new(false)),
            resumed: Arc::new(AtomicBool::new(false)),
        };
        signal_hook::flag::register(signal_hook::consts::SIGTSTP, Arc::clone(&asked.suspend))?;
        signal_hook::flag::register(signal_hook::consts::SIGCONT, Arc::clone(&asked.resumed))?;
        Ok(asked)
    }
}

/// Stops the process as SIGTSTP would have (the shell sees it stopped);
/// returns once it is continued.
pub fn stop_here() -> io::Result<()> {
    signal_hook::low_level::raise(signal_hook::consts::SIGSTOP)
}
