//! The terminal: raw mode, alternate screen and mouse on entry, and always
//! restored on exit — normal return, panic, or SIGINT/SIGTERM/SIGHUP (an
//! SSH connection dropping).

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// The terminal in reader mode; restores it when dropped.
pub struct Session {
    pub terminal: DefaultTerminal,
    mouse: bool,
    /// Set by a signal handler: the loop ends and the terminal is restored.
    pub stop: Arc<AtomicBool>,
}

impl Session {
    pub fn start(mouse: bool) -> io::Result<Session> {
        let stop = Arc::new(AtomicBool::new(false));
        for signal in [
            signal_hook::consts::SIGINT,
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGHUP,
        ] {
            signal_hook::flag::register(signal, Arc::clone(&stop))?;
        }
        install_panic_hook(mouse);
        let terminal = ratatui::try_init()?;
        if mouse {
            execute!(io::stdout(), EnableMouseCapture)?;
        }
        Ok(Session {
            terminal,
            mouse,
            stop,
        })
    }

    pub fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        restore(self.mouse);
    }
}

/// Leaves the alternate screen, ends raw mode, shows the cursor, stops mouse
/// reporting. Safe to call twice.
pub fn restore(mouse: bool) {
    if mouse {
        let _ = execute!(io::stdout(), DisableMouseCapture);
    }
    ratatui::restore();
    let _ = io::stdout().flush();
}

fn install_panic_hook(mouse: bool) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore(mouse);
        previous(info);
    }));
}

/// Runs the reader until the user quits or a signal arrives.
/// With `first_frame_only`, returns once the first frame is on screen
/// (how start-up is measured).
pub fn run(mut app: crate::app::App, first_frame_only: bool) -> io::Result<()> {
    use crate::app::action::Action;
    use crate::app::keymap;
    use ratatui::crossterm::event::{self, Event, KeyEventKind, MouseEventKind};
    use std::time::Duration;

    let mut session = Session::start(app.mouse)?;
    let size = session.terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    while !app.quit && !session.stopped() {
        session
            .terminal
            .draw(|frame| crate::ui::draw(frame, &app))?;
        if first_frame_only {
            break;
        }
        // Wake up now and then to notice a signal even without input.
        if !event::poll(Duration::from_millis(250))? {
            continue;
        }
        let action = match event::read()? {
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                keymap::action_for(key, app.mode)
            }
            Event::Resize(width, height) => Some(Action::Resize(width, height)),
            Event::Mouse(mouse) => match mouse.kind {
                MouseEventKind::ScrollDown => Some(Action::Scroll {
                    column: mouse.column,
                    row: mouse.row,
                    lines: 3,
                }),
                MouseEventKind::ScrollUp => Some(Action::Scroll {
                    column: mouse.column,
                    row: mouse.row,
                    lines: -3,
                }),
                MouseEventKind::Down(_) => Some(Action::Click {
                    column: mouse.column,
                    row: mouse.row,
                }),
                _ => None,
            },
            _ => None,
        };
        if let Some(action) = action {
            app.update(action);
        }
    }
    drop(session);
    Ok(())
}
