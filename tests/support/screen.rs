//! Whole screens of the reader drawn through ratatui's `TestBackend`:
//! as text, and with the style of every cell (for themes).

use liseuse::app::{App, keymap};
use liseuse::content::{self, Lang, Source};
use liseuse::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Position;
use ratatui::style::{Color, Modifier};

/// The reader on the embedded sample, in `lang`.
pub fn sample_app(size: (u16, u16), lang: &str, theme: Theme) -> App {
    App::new(
        content::load(&Source::sample()),
        Some(Lang::new(lang)),
        size,
        theme,
    )
}

/// Presses keys (`"/ete<Enter>"`, `<Esc>`, `<Tab>`) through the keymap.
pub fn press(app: &mut App, keys: &str) {
    let mut rest = keys;
    while !rest.is_empty() {
        let named = [
            ("<Enter>", KeyCode::Enter),
            ("<Esc>", KeyCode::Esc),
            ("<Tab>", KeyCode::Tab),
            ("<Down>", KeyCode::Down),
        ];
        let (code, len) = match named.iter().find(|(name, _)| rest.starts_with(name)) {
            Some((name, code)) => (*code, name.len()),
            None => {
                let c = rest.chars().next().expect("a key");
                (KeyCode::Char(c), c.len_utf8())
            }
        };
        rest = &rest[len..];
        if let Some(action) = keymap::action_for(KeyEvent::new(code, KeyModifiers::NONE), app.mode)
        {
            app.update(action);
        }
    }
}

/// The screen as drawn, and where the cursor goes.
pub fn draw(app: &App) -> (Buffer, Position) {
    let mut terminal = Terminal::new(TestBackend::new(app.size.0, app.size.1)).expect("terminal");
    let mut focus = Position::ORIGIN;
    terminal
        .draw(|frame| focus = liseuse::ui::draw_with_focus(frame, app))
        .expect("draws");
    (terminal.backend().buffer().clone(), focus)
}

/// The text of the screen, a line a row, trailing blanks left out.
pub fn text(buffer: &Buffer) -> String {
    let mut text = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        let mut x = 0;
        while x < buffer.area.width {
            let symbol = buffer[(x, y)].symbol();
            line.push_str(symbol);
            // The cells a wide grapheme covers are not text.
            x += (liseuse::text::cells::grapheme_width(symbol) as u16).max(1);
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

/// The screen's text, then the same grid with a letter for each cell's
/// style (`.` for the terminal's own), then what each letter means: a
/// theme's whole effect, readable in a snapshot.
pub fn styled(buffer: &Buffer) -> String {
    let mut legend: Vec<String> = vec![String::new()];
    let mut grid = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        for x in 0..buffer.area.width {
            let cell = &buffer[(x, y)];
            let style = describe(cell.fg, cell.bg, cell.modifier);
            let index = match legend.iter().position(|known| *known == style) {
                Some(index) => index,
                None => {
                    legend.push(style);
                    legend.len() - 1
                }
            };
            line.push(letter(index));
        }
        grid.push_str(line.trim_end_matches('.'));
        grid.push('\n');
    }
    let mut out = text(buffer);
    out.push_str("\n-- styles --\n");
    out.push_str(&grid);
    out.push_str("\n-- legend --\n");
    for (index, style) in legend.iter().enumerate().skip(1) {
        out.push_str(&format!("{} {style}\n", letter(index)));
    }
    out
}

fn letter(index: usize) -> char {
    const LETTERS: &[u8] = b".abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    LETTERS.get(index).map_or('?', |&b| char::from(b))
}

fn describe(fg: Color, bg: Color, modifier: Modifier) -> String {
    let mut parts = Vec::new();
    if fg != Color::Reset {
        parts.push(format!("fg={fg:?}"));
    }
    if bg != Color::Reset {
        parts.push(format!("bg={bg:?}"));
    }
    if !modifier.is_empty() {
        parts.push(format!("{modifier:?}"));
    }
    parts.join(" ")
}
