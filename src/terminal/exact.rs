//! A ratatui backend that puts every cell where the layout put it, over any
//! byte stream (a local terminal, an SSH channel, a test's buffer).
//!
//! Terminals disagree with each other, and with the layout, on how wide
//! some graphemes are: Indic conjuncts and vowel signs, Arabic ligatures,
//! emoji sequences, flags, variation selectors. Writing cells one after the
//! other, as ratatui's own backend does, lets one disagreement shift the
//! rest of the row, and leaves what a previous frame drew in the cells a
//! narrower grapheme no longer covers. Here a row holding such a grapheme
//! (now or in the frame before) is written whole whenever it changes: each
//! of those graphemes is drawn over blanks of the width the layout gave
//! it, and the cursor is placed explicitly where the next cell starts.
//!
//! A link's cells are written inside an OSC 8 hyperlink when hyperlinks
//! are on (see [`crate::render::hyperlink`] for how a cell carries one).
//! The sequences take no column, so they change nothing of the above.

use crate::app::MAX_SCREEN;
use crate::render::hyperlink::{self, Hyperlink};
use crate::text::cells;
use ratatui::backend::{Backend, ClearType, IntoCrossterm, WindowSize};
use ratatui::buffer::{Buffer, Cell, CellWidth};
use ratatui::crossterm::cursor::{Hide, MoveTo, Show};
use ratatui::crossterm::style::{
    Attribute, Colors, Print, SetAttribute, SetColors, SetForegroundColor,
};
use ratatui::crossterm::terminal::{BeginSynchronizedUpdate, Clear, EndSynchronizedUpdate};
use ratatui::crossterm::{execute, queue};
use ratatui::layout::{Position, Rect, Size};
use ratatui::style::{Color, Modifier};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// The backend; see the module's documentation.
#[derive(Debug)]
pub struct ExactBackend<W: Write> {
    writer: W,
    /// What the terminal shows, as this backend wrote it.
    shown: Buffer,
    /// The screen's size when it is not a local terminal's to ask.
    size: Option<Size>,
    /// Where the cursor is: where it was put, or where the last cell
    /// written left it. `None` when the terminal's cursor is not known
    /// (at the start, after a clear: a frame drawn whole follows).
    cursor: Option<Position>,
    /// Whether the cursor is shown, as this backend last said; `None`
    /// when not known. Each frame says where the cursor goes and whether
    /// it shows: said only when it changes, a reader at rest writes
    /// nothing (over SSH, nothing at all crosses the network).
    cursor_shown: Option<bool>,
    /// Links are written as OSC 8 hyperlinks.
    hyperlinks: bool,
}

impl<W: Write> ExactBackend<W> {
    /// A backend for the local terminal on `writer` (its size is asked of
    /// the terminal).
    pub fn new(writer: W) -> ExactBackend<W> {
        ExactBackend {
            writer,
            shown: Buffer::empty(Rect::ZERO),
            size: None,
            cursor: None,
            cursor_shown: None,
            hyperlinks: false,
        }
    }

    /// Writes links as OSC 8 hyperlinks (`on`) or as text only.
    pub fn set_hyperlinks(&mut self, on: bool) {
        self.hyperlinks = on;
    }

    /// A backend for a screen of `size` reached through `writer` alone.
    pub fn with_size(writer: W, size: Size) -> ExactBackend<W> {
        ExactBackend {
            size: Some(size),
            ..ExactBackend::new(writer)
        }
    }

    /// The screen on the other end of the stream changed size.
    pub fn set_size(&mut self, size: Size) {
        self.size = Some(size);
    }

    pub fn writer(&self) -> &W {
        &self.writer
    }

    pub fn writer_mut(&mut self) -> &mut W {
        &mut self.writer
    }

    /// Grows the record of the screen to hold `position`.
    fn cover(&mut self, position: Position) {
        let area = self.shown.area;
        if position.x >= area.width || position.y >= area.height {
            let width = area.width.max(position.x.saturating_add(1));
            let height = area.height.max(position.y.saturating_add(1));
            self.shown.resize(Rect::new(0, 0, width, height));
        }
    }

    /// Whether row `y` of what is shown holds a grapheme terminals may
    /// draw at another width.
    fn row_is_uncertain(&self, y: u16) -> bool {
        let area = self.shown.area;
        y < area.height
            && (0..area.width).any(|x| {
                let cell = &self.shown[(x, y)];
                !cells::is_plain(cell.symbol())
            })
    }

    fn move_to(&mut self, x: u16, y: u16) -> io::Result<()> {
        self.cursor = Some(Position { x, y });
        queue!(self.writer, MoveTo(x, y))
    }

    /// Writes row `y` whole, from what is shown.
    fn write_row(&mut self, y: u16, pen: &mut Pen) -> io::Result<()> {
        let width = self.shown.area.width;
        let mut x = 0;
        let mut placed = false;
        while x < width {
            let cell = self.shown[(x, y)].clone();
            let symbol = cell.symbol();
            let cells_taken = cell.cell_width().max(1);
            if !placed {
                self.move_to(x, y)?;
            }
            pen.style(&mut self.writer, &cell)?;
            pen.link(&mut self.writer, self.hyperlinks, &cell)?;
            if cells::is_plain(symbol) {
                queue!(self.writer, Print(symbol))?;
                placed = true;
            } else {
                // Blanks first, so a terminal that draws it narrower
                // leaves nothing of the previous frame; then the cursor
                // goes where the layout says the next cell is.
                queue!(self.writer, Print(Blanks(cells_taken)))?;
                self.move_to(x, y)?;
                queue!(self.writer, Print(symbol))?;
                placed = false;
            }
            x = x.saturating_add(cells_taken);
        }
        // Where a terminal leaves the cursor at the end of a row (autowrap
        // off), or after a grapheme it may draw wider, is its own.
        self.cursor = None;
        Ok(())
    }
}

/// `n` spaces, written without a string made for them.
struct Blanks(u16);

impl std::fmt::Display for Blanks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for _ in 0..self.0 {
            f.write_str(" ")?;
        }
        Ok(())
    }
}

/// The colours and attributes the terminal writes with now.
struct Pen {
    fg: Color,
    bg: Color,
    modifier: Modifier,
    /// The hyperlink open on the terminal.
    link: Option<Hyperlink>,
}

impl Pen {
    fn new() -> Pen {
        Pen {
            fg: Color::Reset,
            bg: Color::Reset,
            modifier: Modifier::empty(),
            link: None,
        }
    }

    /// Opens, changes or closes the hyperlink for `cell` (none unless
    /// `hyperlinks`).
    fn link(&mut self, out: &mut impl Write, hyperlinks: bool, cell: &Cell) -> io::Result<()> {
        let wanted = if hyperlinks {
            Hyperlink::in_color(Some(cell.underline_color))
        } else {
            None
        };
        if wanted == self.link {
            return Ok(());
        }
        self.close_link(out)?;
        if let Some(open) = wanted.and_then(Hyperlink::open) {
            out.write_all(open.as_bytes())?;
            self.link = wanted;
        }
        Ok(())
    }

    fn close_link(&mut self, out: &mut impl Write) -> io::Result<()> {
        if self.link.take().is_some() {
            out.write_all(hyperlink::CLOSE.as_bytes())?;
        }
        Ok(())
    }

    /// Changes what differs from `cell`'s style.
    fn style(&mut self, out: &mut impl Write, cell: &Cell) -> io::Result<()> {
        if cell.modifier != self.modifier {
            // Attributes are turned off all at once (SGR 0), which takes
            // the colours with them.
            queue!(out, SetAttribute(Attribute::Reset))?;
            for (modifier, attribute) in ATTRIBUTES {
                if cell.modifier.contains(modifier) {
                    queue!(out, SetAttribute(attribute))?;
                }
            }
            self.modifier = cell.modifier;
            self.fg = Color::Reset;
            self.bg = Color::Reset;
        }
        if cell.fg != self.fg || cell.bg != self.bg {
            queue!(
                out,
                SetColors(Colors::new(
                    cell.fg.into_crossterm(),
                    cell.bg.into_crossterm()
                ))
            )?;
            self.fg = cell.fg;
            self.bg = cell.bg;
        }
        Ok(())
    }
}

const ATTRIBUTES: [(Modifier, Attribute); 9] = [
    (Modifier::BOLD, Attribute::Bold),
    (Modifier::DIM, Attribute::Dim),
    (Modifier::ITALIC, Attribute::Italic),
    (Modifier::UNDERLINED, Attribute::Underlined),
    (Modifier::SLOW_BLINK, Attribute::SlowBlink),
    (Modifier::RAPID_BLINK, Attribute::RapidBlink),
    (Modifier::REVERSED, Attribute::Reverse),
    (Modifier::HIDDEN, Attribute::Hidden),
    (Modifier::CROSSED_OUT, Attribute::CrossedOut),
];

impl<W: Write> Write for ExactBackend<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

impl<W: Write> Backend for ExactBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        // The changes, by row, in the order ratatui gives them.
        let mut rows: BTreeMap<u16, Vec<(u16, Cell)>> = BTreeMap::new();
        for (x, y, cell) in content {
            rows.entry(y).or_default().push((x, cell.clone()));
        }
        // Nothing changed: nothing written, not even the pen's reset.
        if rows.is_empty() {
            return Ok(());
        }
        // A frame is shown whole or not at all where the terminal knows
        // synchronized output (others ignore the mode): over SSH a frame
        // comes in several packets, and a half-drawn screen would flicker
        // (or be read by a screen reader) between them.
        queue!(self.writer, BeginSynchronizedUpdate)?;
        let mut pen = Pen::new();
        for (y, changes) in rows {
            let uncertain_before = self.row_is_uncertain(y);
            for (x, cell) in &changes {
                self.cover(Position { x: *x, y });
                self.shown[(*x, y)] = cell.clone();
            }
            if uncertain_before || self.row_is_uncertain(y) {
                self.write_row(y, &mut pen)?;
                continue;
            }
            let mut next: Option<u16> = None;
            for (x, cell) in changes {
                if next != Some(x) {
                    self.move_to(x, y)?;
                }
                pen.style(&mut self.writer, &cell)?;
                pen.link(&mut self.writer, self.hyperlinks, &cell)?;
                queue!(self.writer, Print(cell.symbol()))?;
                let taken = cell.cell_width().max(1);
                let end = x.saturating_add(taken);
                next = Some(end);
                // Past the last column the cursor stays on it (autowrap
                // is off): not where the next cell would be.
                self.cursor = (end < self.shown.area.width).then_some(Position { x: end, y });
            }
        }
        pen.close_link(&mut self.writer)?;
        queue!(
            self.writer,
            SetForegroundColor(ratatui::crossterm::style::Color::Reset),
            SetAttribute(Attribute::Reset),
            EndSynchronizedUpdate
        )
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.cursor_shown == Some(false) {
            return Ok(());
        }
        self.cursor_shown = Some(false);
        execute!(self.writer, Hide)
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.cursor_shown == Some(true) {
            return Ok(());
        }
        self.cursor_shown = Some(true);
        execute!(self.writer, Show)
    }

    /// Where this backend last put the cursor: asking the terminal would
    /// mean reading its answer from the input, which is not ours to read.
    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(self.cursor.unwrap_or(Position::ORIGIN))
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let position = position.into();
        if self.cursor != Some(position) {
            self.move_to(position.x, position.y)?;
        }
        self.writer.flush()
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        use ratatui::crossterm::terminal::ClearType as Crossterm;
        let crossterm = match clear_type {
            ClearType::All => Crossterm::All,
            ClearType::AfterCursor => Crossterm::FromCursorDown,
            ClearType::BeforeCursor => Crossterm::FromCursorUp,
            ClearType::CurrentLine => Crossterm::CurrentLine,
            ClearType::UntilNewLine => Crossterm::UntilNewLine,
        };
        if clear_type == ClearType::All {
            let size = self.size()?;
            self.shown = Buffer::empty(Rect::new(0, 0, size.width, size.height));
            // Cleared to be drawn whole: after a stop or an editor, the
            // cursor may be anywhere, shown or not.
            self.cursor = None;
            self.cursor_shown = None;
        } else {
            // What is left is not known cell by cell: every row is
            // written whole next time.
            self.shown.reset();
        }
        execute!(self.writer, Clear(crossterm))
    }

    /// The screen's size, at most [`MAX_SCREEN`]: ratatui keeps two
    /// buffers of this size, and a terminal claiming 10000×10000 cells
    /// would have them take gigabytes.
    fn size(&self) -> io::Result<Size> {
        let (width, height) = match self.size {
            Some(size) => (size.width, size.height),
            None => ratatui::crossterm::terminal::size()?,
        };
        Ok(Size {
            width: width.min(MAX_SCREEN.0),
            height: height.min(MAX_SCREEN.1),
        })
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        let columns_rows = self.size()?;
        let pixels = match self.size {
            Some(_) => Size::ZERO,
            None => ratatui::crossterm::terminal::window_size()
                .map(|w| Size {
                    width: w.width,
                    height: w.height,
                })
                .unwrap_or(Size::ZERO),
        };
        Ok(WindowSize {
            columns_rows,
            pixels,
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::text::Line;

    /// The screen a terminal shows after `frames` were drawn through the
    /// backend, read by a terminal emulator.
    fn screen_after(size: (u16, u16), frames: &[Vec<&str>]) -> vt100::Parser {
        let backend = ExactBackend::with_size(
            Vec::new(),
            Size {
                width: size.0,
                height: size.1,
            },
        );
        let mut terminal = Terminal::new(backend).expect("a terminal over a buffer");
        for frame in frames {
            terminal
                .draw(|f| {
                    for (row, text) in frame.iter().enumerate() {
                        let area = Rect::new(0, row as u16, size.0, 1);
                        f.render_widget(Line::raw(*text), area);
                    }
                })
                .expect("drawn");
        }
        let mut parser = vt100::Parser::new(size.1, size.0, 0);
        parser.process(terminal.backend().writer());
        parser
    }

    #[test]
    fn a_grapheme_drawn_wider_does_not_move_the_rest_of_its_row() {
        // vt100 gives each code point of the family its own width (6
        // cells); the layout gave the whole sequence 2.
        let family = "👩\u{200d}👩\u{200d}👧";
        let screen = screen_after((20, 2), &[vec![&format!("ab{family}cd|")]]);
        let contents = screen.screen().contents_between(0, 0, 0, 20);
        assert!(contents.trim_end().ends_with("cd|"), "{contents:?}");
        assert_eq!(screen.screen().cell(0, 6).map(|c| c.contents()), Some("|"));
    }

    #[test]
    fn a_row_that_changes_is_written_whole_when_it_holds_one() {
        let family = "👩\u{200d}👩\u{200d}👧";
        let first = format!("{family}  one     |");
        let second = format!("xy{family}two     |");
        let screen = screen_after((20, 1), &[vec![&first], vec![&second]]);
        let cell = |x| screen.screen().cell(0, x).map(|c| c.contents());
        assert_eq!(cell(0), Some("x"));
        assert_eq!(cell(4), Some("t"));
        assert_eq!(cell(12), Some("|"));
    }

    #[test]
    fn plain_rows_are_written_as_changes_only() {
        let backend = ExactBackend::with_size(Vec::new(), Size::new(10, 2));
        let mut terminal = Terminal::new(backend).expect("terminal");
        for text in ["hello", "help!"] {
            terminal
                .draw(|f| f.render_widget(Line::raw(text), Rect::new(0, 0, 10, 1)))
                .expect("drawn");
        }
        let written = String::from_utf8_lossy(terminal.backend().writer()).into_owned();
        // The second frame writes "p!" at column 4 (1-based), nothing else.
        assert!(written.contains("\u{1b}[1;4Hp!"), "{written:?}");
    }

    /// What the backend writes for frames of one row, each a link's text
    /// followed by plain text, the link to `urls[i]` in frame `i`.
    fn written_with_links(text: &str, urls: &[&str], on: bool) -> String {
        let mut backend = ExactBackend::with_size(Vec::new(), Size::new(20, 1));
        backend.set_hyperlinks(on);
        let mut terminal = Terminal::new(backend).expect("terminal");
        let mut frames = Vec::new();
        for url in urls {
            let link = Hyperlink::of(&url::Url::parse(url).expect("a url")).expect("a number");
            terminal
                .draw(|f| {
                    let line = Line::from(vec![
                        ratatui::text::Span::styled(text.to_string(), link.style()),
                        ratatui::text::Span::raw(" after"),
                    ]);
                    f.render_widget(line, Rect::new(0, 0, 20, 1));
                })
                .expect("drawn");
            let written = String::from_utf8_lossy(terminal.backend().writer()).into_owned();
            frames.push(written);
            terminal.backend_mut().writer_mut().clear();
        }
        frames.join("\u{0}")
    }

    #[test]
    fn a_links_cells_are_written_inside_an_osc_8_hyperlink() {
        let written = written_with_links("lien", &["https://example.org/un"], true);
        assert!(
            written.contains("\x1b]8;;https://example.org/un\x1b\\lien\x1b")
                && written.find("\x1b]8;;\x1b\\") < written.find("after"),
            "{written:?}"
        );
        // The sequences take no column: the screen shows the text only.
        let mut parser = vt100::Parser::new(1, 20, 0);
        parser.process(written.as_bytes());
        assert_eq!(parser.screen().contents(), "lien after");
    }

    #[test]
    fn a_link_whose_url_changed_under_the_same_text_is_written_again() {
        let written = written_with_links(
            "lien",
            &["https://example.org/avant", "https://example.org/apres"],
            true,
        );
        let second = written.split('\u{0}').nth(1).expect("a second frame");
        assert!(
            second.contains("\x1b]8;;https://example.org/apres\x1b\\lien"),
            "{second:?}"
        );
    }

    #[test]
    fn without_hyperlinks_a_link_is_text_only() {
        let written = written_with_links("lien", &["https://example.org/"], false);
        assert!(!written.contains("\x1b]8"), "{written:?}");
    }
}

#[cfg(test)]
mod quiet_tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::text::Line;

    fn draw(terminal: &mut Terminal<ExactBackend<Vec<u8>>>, text: &str, caret: (u16, u16)) {
        terminal
            .draw(|f| {
                f.render_widget(Line::raw(text), Rect::new(0, 0, 10, 1));
            })
            .expect("drawn");
        terminal.set_cursor_position(caret).expect("placed");
    }

    /// Written since the last call, and forgotten.
    fn written(terminal: &mut Terminal<ExactBackend<Vec<u8>>>) -> Vec<u8> {
        std::mem::take(terminal.backend_mut().writer_mut())
    }

    #[test]
    fn a_frame_with_nothing_new_writes_nothing() {
        let backend = ExactBackend::with_size(Vec::new(), Size::new(10, 2));
        let mut terminal = Terminal::new(backend).expect("terminal");
        draw(&mut terminal, "hello", (5, 0));
        assert!(!written(&mut terminal).is_empty());
        // A reader at rest wakes up and draws the same frame.
        draw(&mut terminal, "hello", (5, 0));
        assert_eq!(written(&mut terminal), b"", "not a byte");
        // The caret moved alone: a move, no hide nor colours.
        draw(&mut terminal, "hello", (2, 1));
        assert_eq!(written(&mut terminal), b"\x1b[2;3H");
        // A cell changed: that cell, the pen reset, the caret put back.
        draw(&mut terminal, "hellO", (2, 1));
        let after = String::from_utf8(written(&mut terminal)).expect("text");
        assert!(
            after.contains('O') && after.ends_with("\x1b[2;3H"),
            "{after:?}"
        );
        // Inside one synchronized update, shown whole where it is known.
        let frame = after.split("\x1b[?2026h").nth(1).unwrap_or_default();
        assert!(
            after.starts_with("\x1b[?2026h")
                && frame.contains("O")
                && frame.contains("\x1b[?2026l"),
            "{after:?}"
        );
        assert!(
            !after.contains("\x1b[?25"),
            "the cursor stays hidden: {after:?}"
        );
    }

    #[test]
    fn after_a_clear_the_cursor_is_hidden_and_placed_again() {
        let backend = ExactBackend::with_size(Vec::new(), Size::new(10, 2));
        let mut terminal = Terminal::new(backend).expect("terminal");
        draw(&mut terminal, "hello", (5, 0));
        let _ = written(&mut terminal);
        // After a stop (Ctrl-Z) the shell may have shown the cursor and
        // moved it: the whole frame again, the cursor hidden and placed.
        terminal.clear().expect("cleared");
        draw(&mut terminal, "hello", (5, 0));
        let after = written(&mut terminal);
        assert!(String::from_utf8_lossy(&after).contains("\x1b[?25l"));
        // A terminal whose cursor was shown and left elsewhere.
        let mut screen = vt100::Parser::new(2, 10, 0);
        screen.process(b"\x1b[?25h\x1b[2;9H");
        screen.process(&after);
        assert!(screen.screen().contents().starts_with("hello"));
        assert!(screen.screen().hide_cursor());
        assert_eq!(screen.screen().cursor_position(), (0, 5));
    }
}
