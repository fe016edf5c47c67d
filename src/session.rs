//! A reader session: the app, the terminal it draws on, and the input it
//! reads, over any byte stream. The local reader drives one on this
//! process's terminal (its events read by crossterm); `liseuse serve`
//! drives one per SSH channel (its bytes decoded here). Neither the app
//! nor the drawing knows which.

use crate::app::{App, Effect};
use crate::terminal::decode::Decoder;
use crate::terminal::exact::ExactBackend;
use crate::terminal::input;
use ratatui::crossterm::event::Event;
use ratatui::layout::Size;
use std::borrow::BorrowMut;
use std::io::{self, Write};

/// What a terminal at the other end of a stream is told on entry: the
/// alternate screen, no cursor, no wrap at the margin, bracketed paste,
/// and SGR mouse reports when `mouse`.
pub fn enter_sequence(mouse: bool) -> Vec<u8> {
    let mut bytes = b"\x1b[?1049h\x1b[?25l\x1b[?7l\x1b[?2004h\x1b[H\x1b[2J".to_vec();
    if mouse {
        bytes.extend_from_slice(b"\x1b[?1000h\x1b[?1002h\x1b[?1006h");
    }
    bytes
}

/// What gives such a terminal back as it was: every mode of
/// [`enter_sequence`] undone, the main screen shown again.
pub const LEAVE_SEQUENCE: &[u8] =
    b"\x1b[?1006l\x1b[?1002l\x1b[?1000l\x1b[?2004l\x1b[?7h\x1b[0m\x1b[?25h\x1b[?1049l";

/// A reader on one terminal. `A` is the app, owned (a served session) or
/// borrowed (the local reader, whose app outlives it).
pub struct Session<A: BorrowMut<App>, W: Write> {
    pub app: A,
    terminal: ratatui::Terminal<ExactBackend<W>>,
    decoder: Decoder,
}

impl<A: BorrowMut<App>, W: Write> Session<A, W> {
    /// A session drawing through `backend`, its modes set by the caller.
    pub fn new(app: A, backend: ExactBackend<W>) -> io::Result<Session<A, W>> {
        Ok(Session {
            app,
            terminal: ratatui::Terminal::new(backend)?,
            decoder: Decoder::new(),
        })
    }

    pub fn app(&mut self) -> &mut App {
        self.app.borrow_mut()
    }

    /// Whether the user asked to quit.
    pub fn quit(&self) -> bool {
        self.app.borrow().quit
    }

    /// Bytes the terminal sent (keys, pastes, the mouse), answered.
    pub fn read(&mut self, bytes: &[u8]) {
        let events = self.decoder.feed(bytes);
        self.answer(events);
    }

    /// Events that arrived together, answered together.
    pub fn answer(&mut self, events: impl IntoIterator<Item = Event>) {
        input::answer(self.app.borrow_mut(), events);
    }

    /// The terminal at the other end is now `width` by `height`.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.terminal
            .backend_mut()
            .set_size(Size::new(width, height));
        self.app
            .borrow_mut()
            .update(crate::app::action::Action::Resize(width, height));
    }

    /// What the app asked of the world since the last time.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        self.app.borrow_mut().take_effects()
    }

    /// Draws what changed, and puts the cursor where the attention is:
    /// screen readers and braille displays follow it. It is hidden, but
    /// for the accessible interface, where it is shown.
    pub fn draw(&mut self) -> io::Result<()> {
        let app = self.app.borrow();
        self.terminal.backend_mut().set_hyperlinks(app.hyperlinks);
        let mut focus = ratatui::layout::Position::ORIGIN;
        self.terminal.draw(|frame| {
            focus = crate::ui::draw_with_focus(frame, app);
            if app.accessible {
                frame.set_cursor_position(focus);
            }
        })?;
        self.terminal.set_cursor_position(focus)?;
        self.terminal.backend_mut().flush()
    }

    /// The next frame draws every cell: the terminal's screen is not known
    /// (after a stop, or frames that were dropped).
    pub fn redraw_whole(&mut self) -> io::Result<()> {
        self.terminal.clear()
    }

    /// Puts `text` on the clipboard of the terminal's user (OSC 52).
    pub fn copy(&mut self, text: &str) -> io::Result<()> {
        let writer = self.terminal.backend_mut();
        writer.write_all(crate::terminal::osc52(text).as_bytes())?;
        writer.flush()
    }

    /// The stream the terminal is drawn on.
    pub fn writer(&self) -> &W {
        self.terminal.backend().writer()
    }

    pub fn writer_mut(&mut self) -> &mut W {
        self.terminal.backend_mut().writer_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{self, Lang, Source};
    use crate::theme::Theme;

    fn session(size: (u16, u16)) -> Session<App, Vec<u8>> {
        let app = App::new(
            content::load(&Source::sample()),
            Some(Lang::new("en")),
            size,
            Theme::plain(),
        );
        let backend = ExactBackend::with_size(Vec::new(), Size::new(size.0, size.1));
        let mut session = Session::new(app, backend).expect("session");
        session.resize(size.0, size.1);
        session
    }

    /// What a terminal shows after `bytes`.
    fn screen(bytes: &[u8], size: (u16, u16)) -> String {
        let mut parser = vt100::Parser::new(size.1, size.0, 0);
        parser.process(bytes);
        parser.screen().contents()
    }

    #[test]
    fn a_session_reads_bytes_and_draws_on_a_stream() {
        let mut session = session((80, 24));
        session.draw().expect("drawn");
        let shown = screen(session.writer(), (80, 24));
        assert!(shown.contains("Posts · English"), "{shown}");
        // Down twice, Enter: the third post opens, full screen at 80 columns.
        session.read(b"jj\r");
        session.draw().expect("drawn");
        let open = session.app().reading.as_ref().map(|r| r.id).expect("open");
        let title = session.app().site.posts[open].title.clone();
        let shown = screen(session.writer(), (80, 24));
        assert!(shown.contains(&title), "{shown}");
        session.read(b"q");
        assert!(session.quit());
    }

    #[test]
    fn a_resize_lays_out_again_for_the_new_width() {
        let mut session = session((80, 24));
        session.read(b"\r");
        session.resize(120, 40);
        session.draw().expect("drawn");
        let shown = screen(session.writer(), (120, 40));
        assert!(shown.contains("Posts · English"), "both panes: {shown}");
    }

    /// Hidden by default, shown for the accessible interface; placed on
    /// the focus in both.
    #[test]
    fn the_cursor_is_shown_only_for_the_accessible_interface() {
        let shown_at_the_end = |accessible: bool| {
            let mut session = session((80, 24));
            session.app().set_accessible(accessible);
            session.read(b"j");
            session.draw().expect("drawn");
            let mut parser = vt100::Parser::new(24, 80, 0);
            parser.process(session.writer());
            let screen = parser.screen();
            (!screen.hide_cursor(), screen.cursor_position())
        };
        assert_eq!(shown_at_the_end(false), (false, (2, 13)));
        assert_eq!(shown_at_the_end(true), (true, (2, 3)));
    }

    #[test]
    fn the_modes_set_on_entry_are_undone_on_leaving() {
        let entered = String::from_utf8(enter_sequence(true)).expect("ascii");
        let left = String::from_utf8(LEAVE_SEQUENCE.to_vec()).expect("ascii");
        for mode in ["1049", "25", "7", "2004", "1000", "1002", "1006"] {
            assert!(entered.contains(&format!("?{mode}")), "{mode} set");
            assert!(left.contains(&format!("?{mode}")), "{mode} undone");
        }
    }

    /// The reader writes a link's cells inside an OSC 8 hyperlink to the
    /// target's public address, and nothing of the kind when told not to.
    #[test]
    fn the_reader_writes_links_as_hyperlinks_unless_told_not_to() {
        let written = |hyperlinks: bool| {
            let mut session = session((100, 40));
            session.app().hyperlinks = hyperlinks;
            let id = session
                .app()
                .site
                .posts
                .iter()
                .position(|p| p.path.ends_with("reading-offline.md"))
                .expect("the sample post with links");
            session.app().start_at_heading(id, None);
            session.draw().expect("drawn");
            // To the end of the post, where its links are.
            session.read(b"G");
            session.draw().expect("drawn");
            String::from_utf8_lossy(session.writer()).into_owned()
        };
        let on = written(true);
        let internal = "\x1b]8;;https://workshop.example.ca/about/\x1b\\";
        assert!(on.contains(internal), "{on:?}");
        assert!(on.contains("\x1b]8;;https://www.canada.ca/en.html\x1b\\"));
        // Each opened hyperlink is closed before the frame ends.
        assert_eq!(
            on.matches("\x1b]8;;\x1b\\").count(),
            on.matches("\x1b]8;;http").count()
        );
        assert!(!written(false).contains("\x1b]8"));
    }
}
