//! Drawing: reads an [`App`], changes nothing. Every word shown comes from
//! [`crate::i18n`], every style from the [`Theme`](crate::theme::Theme).

mod list;
mod popups;
mod prompt;
mod side_by_side;

use crate::app::spots::Spot;
use crate::app::{App, MIN_SIZE, Mode, Pane, inner_height, text_width};
use crate::i18n::Text as Label;
use crate::text::{cells, sanitize_line};
use ratatui::Frame;
use ratatui::layout::{Alignment, Position, Rect};
use ratatui::style::Style;
use ratatui::symbols;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

/// Draws the whole screen.
pub fn draw(frame: &mut Frame<'_>, app: &App) {
    draw_with_focus(frame, app);
}

/// Draws the whole screen and says where the user's attention is: the
/// selected row, the first line of the post in view (or the match found),
/// the caret of a prompt, the selected entry of a popup. The event loop
/// puts the terminal's cursor there, which screen readers and braille
/// displays follow.
pub fn draw_with_focus(frame: &mut Frame<'_>, app: &App) -> Position {
    let area = frame.area();
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        let message = Paragraph::new(app.ui.text(Label::TooSmall))
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true });
        let middle = Rect::new(0, area.height / 2, area.width, 1.min(area.height));
        frame.render_widget(message, middle);
        return Position::new(0, middle.y);
    }
    let panes = app.panes();
    // Accessible, a popup is the one pane shown: a screen reader reads
    // whole rows, which would mix the popup's text with the pane's below.
    let popup_alone = app.accessible
        && matches!(
            app.mode,
            Mode::Help
                | Mode::Languages
                | Mode::Contents
                | Mode::Search
                | Mode::Facts
                | Mode::Copied
        );
    // Side by side, the pair takes the list's place and the reader's.
    let side_focus = app
        .side
        .as_ref()
        .filter(|_| !popup_alone)
        .map(|side| side_by_side::draw(frame, app, side, app.side_area()));
    let list_focus = panes
        .list
        .filter(|_| !popup_alone && app.side.is_none())
        .and_then(|list| list::draw_list(frame, app, list));
    let reader_focus = panes
        .reader
        .filter(|_| !popup_alone && app.side.is_none())
        .map(|reader| draw_reader(frame, app, reader))
        .or(side_focus);
    let status_focus = draw_status(frame, app, panes.status);
    // Popups sit above the status line, which keeps saying what keys do.
    let body = Rect {
        height: area.height.saturating_sub(1),
        ..area
    };
    let in_view = |position: Option<Position>| position.unwrap_or(Position::ORIGIN);
    let focus = match app.mode {
        Mode::Help => popups::draw_help(frame, app),
        Mode::Languages => popups::draw_languages(frame, app, body),
        Mode::Contents => popups::draw_contents(frame, app, body),
        Mode::Search => popups::draw_search(frame, app, body),
        Mode::Facts => popups::draw_facts(frame, app),
        Mode::Copied => popups::draw_copied(frame, app, body),
        Mode::Bookmarks => popups::draw_bookmarks(frame, app, body),
        Mode::Find => in_view(status_focus),
        Mode::Filter => in_view(list_focus),
        Mode::Browse => match app.focus {
            Pane::Reader => in_view(reader_focus.or(list_focus)),
            Pane::List => in_view(list_focus.or(reader_focus)),
        },
    };
    if app.accessible {
        without_drawing_characters(frame.buffer_mut());
    }
    focus
}

/// Whether `c` draws rather than writes: box drawing and block elements
/// (U+2500 to U+259F), which screen readers read aloud as noise.
pub fn is_drawing_character(c: char) -> bool {
    ('\u{2500}'..='\u{259f}').contains(&c)
}

/// Every drawing character left on the screen (a post's own, in a code
/// block or a title) as the plain character it stands for: lines as `-`
/// and `|`, corners and crossings as `+`, blocks and shades as spaces.
fn without_drawing_characters(buffer: &mut ratatui::buffer::Buffer) {
    for cell in &mut buffer.content {
        if !cell.symbol().chars().any(is_drawing_character) {
            continue;
        }
        let plain: String = cell
            .symbol()
            .chars()
            .map(|c| match c {
                c if !is_drawing_character(c) => c,
                '─' | '━' | '═' | '┄' | '┅' | '┈' | '┉' | '╌' | '╍' | '╴' | '╶' | '╸' | '╺' => {
                    '-'
                }
                '│' | '┃' | '║' | '┆' | '┇' | '┊' | '┋' | '╎' | '╏' | '╵' | '╷' | '╹' | '╻' => {
                    '|'
                }
                '\u{2580}'..='\u{259f}' => ' ',
                _ => '+',
            })
            .collect();
        cell.set_symbol(&plain);
    }
}

/// The frame of a pane or popup: drawn, or (accessible) blank cells in
/// its place, so that every measure inside stays the same.
fn framed(app: &App, style: Style) -> Block<'static> {
    let block = Block::bordered().border_style(style);
    if app.accessible {
        block.border_set(symbols::border::EMPTY)
    } else {
        block
    }
}

/// `text` on one line of at most `width` cells (cut with `…`), the
/// graphemes `marked` (by the byte offset and the index of their first
/// character) in `mark` style, the rest in `base`; and the cells used.
fn highlighted(
    text: &str,
    marked: impl Fn(usize, usize) -> bool,
    width: usize,
    base: Style,
    mark: Style,
) -> (Vec<Span<'static>>, usize) {
    let mut spans = Vec::new();
    let mut run = String::new();
    let mut run_marked = false;
    let mut used = 0;
    let total = cells::width(text);
    let mut char_index = 0;
    for (at, grapheme) in cells::graphemes(text) {
        let w = cells::grapheme_width(grapheme);
        if total > width && used + w + 1 > width {
            if width > used {
                run.push('…');
                used += 1;
            }
            break;
        }
        let is_marked = marked(at, char_index);
        char_index += grapheme.chars().count();
        if is_marked != run_marked && !run.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut run),
                if run_marked { mark } else { base },
            ));
        }
        run_marked = is_marked;
        for c in grapheme.chars() {
            run.push(if crate::text::is_unsafe_for_terminal(c) {
                crate::text::visible_replacement(c)
            } else {
                c
            });
        }
        used += w;
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_marked { mark } else { base }));
    }
    (spans, used)
}

/// The name a language goes by on this site.
pub(crate) fn language_name(app: &App, lang: &crate::content::Lang) -> String {
    app.site.language_name(lang)
}

/// Writes `lines` into `area`, one a row, cut at its edge, over `base`:
/// what a paragraph without wrapping draws, at the widths terminals give
/// each grapheme ([`cells::put_str`]).
fn paint(frame: &mut Frame<'_>, area: Rect, lines: &[Line<'_>], base: Style) {
    let buffer = frame.buffer_mut();
    for (row, line) in lines.iter().take(usize::from(area.height)).enumerate() {
        let row = Rect::new(area.x, area.y + row as u16, area.width, 1);
        cells::put_line(buffer, row, line, base);
    }
}

/// A pane's title in its top border, ` like this `, from the second
/// column (written after the border, at terminals' widths).
fn pane_title(frame: &mut Frame<'_>, area: Rect, title: &str, style: Style) {
    let room = area.width.saturating_sub(2);
    let text = format!(" {title} ");
    cells::put_str(frame.buffer_mut(), area.x + 1, area.y, &text, room, style);
}

fn border_style(app: &App, pane: Pane) -> Style {
    if app.focus == pane {
        app.theme.focus_border
    } else {
        app.theme.border
    }
}

fn draw_reader(frame: &mut Frame<'_>, app: &App, area: Rect) -> Position {
    let mut block = framed(app, border_style(app, Pane::Reader));
    // A filter that keeps nothing leaves nothing to show beside the list:
    // not the post opened before, which it does not match.
    let placeholder = if app.filter_keeps_nothing() {
        Some(Label::NoMatch)
    } else if app.reading.is_none() {
        Some(Label::Select)
    } else {
        None
    };
    let (Some(reading), None) = (&app.reading, placeholder) else {
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let label = placeholder.unwrap_or(Label::Select);
        paint(
            frame,
            Rect {
                x: inner.x + 1,
                width: inner.width.saturating_sub(2),
                ..inner
            },
            &[Line::styled(app.ui.text(label), app.theme.dim)],
            Style::new(),
        );
        return inner.as_position();
    };
    let post = &app.site.posts[reading.id];
    // The title ends with "…" when cut, and leaves the corners to the frame.
    let title = cells::truncate(
        &sanitize_line(&post.title),
        usize::from(area.width.saturating_sub(6)),
    )
    .into_owned();
    block = block.title_bottom(Line::from(format!(" {} % ", app.percent())).right_aligned());
    if app.reading_deleted() {
        block = block.title_bottom(
            Line::styled(
                format!(" {} ", app.ui.text(Label::DeletedOnDisk)),
                app.theme.warning,
            )
            .left_aligned(),
        );
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // Accessible, the post's first line (`# Title`) names it: its title
    // in the frame too would be read twice.
    if !app.accessible {
        pane_title(frame, area, &title, app.theme.pane_title);
    }
    let text_area = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    let height = inner_height(area);
    // A layout made for another width would be cut at the pane's edge (or
    // leave its end empty): the app lays out for this very pane, and a
    // mismatch is a bug that draws nothing rather than lose text.
    debug_assert_eq!(reading.width, text_width(area), "layout for another width");
    let top_line = Position::new(text_area.x, text_area.y);
    if reading.width != text_width(area) {
        return top_line;
    }
    // Lines are written straight from the cached layout: no copy per frame.
    let buffer = frame.buffer_mut();
    for (row, line) in reading
        .lines
        .iter()
        .skip(app.scroll)
        .take(height)
        .enumerate()
    {
        let y = text_area.y + row as u16;
        cells::put_line(
            buffer,
            Rect::new(text_area.x, y, text_area.width, 1),
            line,
            Style::new(),
        );
    }
    // Matches and the chosen link are marked over the text.
    let visible = app.scroll..app.scroll + height;
    let mut mark = |spot: &Spot, style: Style| {
        if !visible.contains(&spot.line) {
            return;
        }
        let y = text_area.y + (spot.line - app.scroll) as u16;
        let start = text_area.x + spot.columns.start.min(text_area.width);
        let end = text_area.x + spot.columns.end.min(text_area.width);
        buffer.set_style(Rect::new(start, y, end - start, 1), style);
    };
    for (index, found) in app.find.matches.iter().enumerate() {
        let style = if index == app.find.current {
            app.theme.found_current
        } else {
            app.theme.found
        };
        mark(found, style);
    }
    if let Some(link) = app.selected_link.and_then(|i| reading.links.get(i)) {
        mark(&link.spot, app.theme.selected_link);
    }
    // The focus: the chosen link, else the match found, else the top line.
    let at = |spot: &Spot| {
        visible.contains(&spot.line).then(|| {
            Position::new(
                text_area.x + spot.columns.start.min(text_area.width.saturating_sub(1)),
                text_area.y + (spot.line - app.scroll) as u16,
            )
        })
    };
    app.selected_link
        .and_then(|i| reading.links.get(i))
        .and_then(|link| at(&link.spot))
        .or_else(|| app.find.matches.get(app.find.current).and_then(at))
        .unwrap_or(top_line)
}

/// The status line; while finding in the post, where its caret is.
fn draw_status(frame: &mut Frame<'_>, app: &App, area: Rect) -> Option<Position> {
    if app.accessible {
        return draw_status_in_words(frame, app, area);
    }
    let ui = app.ui;
    let position = if app.matches.is_empty() {
        ui.position(&app.lang, 0, 0)
    } else {
        ui.position(&app.lang, app.selected + 1, app.matches.len())
    };
    let position = match (&app.find, app.focus) {
        (find, Pane::Reader) if !find.query.is_empty() && app.reading.is_some() => format!(
            "{}/{} · {position}",
            ui.number(if find.matches.is_empty() {
                0
            } else {
                find.current + 1
            }),
            ui.number(find.matches.len())
        ),
        _ => position,
    };
    // Two panes side by side: which has the keyboard is said in words,
    // not by the colour of its frame alone.
    let panes = app.panes();
    let position = match (panes.list, panes.reader) {
        // Side by side, the list's place means nothing: the two languages.
        _ if app.side.is_some() => {
            let code = |id: usize| app.site.posts[id].lang.as_str().to_uppercase();
            let pair = app
                .side
                .as_ref()
                .map(|side| format!("{} · {}", code(side.left), code(side.right)))
                .unwrap_or_default();
            let found = if app.find.query.is_empty() {
                String::new()
            } else {
                let count = app.found_count();
                let current = if count == 0 { 0 } else { app.find.current + 1 };
                format!("{}/{} · ", ui.number(current), ui.number(count))
            };
            format!("{found}{} · {pair}", ui.text(Label::SideBySide))
        }
        (Some(_), Some(_)) => {
            let pane = match app.focus {
                Pane::List => Label::ListPane,
                Pane::Reader => Label::PostPane,
            };
            format!("{} · {position}", ui.text(pane))
        }
        _ => position,
    };
    let position = match app.loading {
        Some((read, total)) => format!(
            "{} {} / {} · {position}",
            ui.text(Label::Loading),
            ui.number(read),
            ui.number(total)
        ),
        None if app.reloading => format!("{} · {position}", ui.text(Label::Rereading)),
        None => position,
    };
    // Said in words where the status is read (accessible too), not only
    // on the reader's frame.
    let position = if app.reading_deleted() {
        format!("{} · {position}", ui.text(Label::DeletedOnDisk))
    } else {
        position
    };
    // Whatever the left side says, a gap keeps it apart from the position.
    let room = usize::from(area.width).saturating_sub(cells::width(&position) + 2);
    let left: Vec<Span<'static>> = match &app.message {
        Some(message) => vec![Span::styled(
            format!(
                " {}",
                cells::truncate(&sanitize_line(message), room.saturating_sub(1))
            ),
            app.theme.message,
        )],
        None if app.mode == Mode::Find => {
            let mut spans = vec![Span::styled(" / ", app.theme.filter_prompt)];
            spans.extend(prompt::spans(&app.find.query, room.saturating_sub(3), true).0);
            spans
        }
        None => {
            // The hints that fit beside the position, most useful first;
            // help's key always, since it leads to every other one.
            let all = hints(app);
            let cost = |(key, word): &(&str, String)| cells::width(key) + cells::width(word) + 3;
            let mut used: usize = all.iter().filter(|h| h.0 == "?").map(cost).sum();
            let mut kept = Vec::new();
            for hint in all {
                if hint.0 == "?" {
                    kept.push(hint);
                } else if used + cost(&hint) <= room {
                    used += cost(&hint);
                    kept.push(hint);
                }
            }
            kept.into_iter()
                .flat_map(|(key, word)| {
                    [
                        Span::styled(format!(" {key}"), app.theme.key),
                        Span::raw(format!(" {word} ")),
                    ]
                })
                .collect()
        }
    };
    let used: usize = left.iter().map(|s| cells::width(&s.content)).sum();
    let pad = usize::from(area.width).saturating_sub(used + cells::width(&position) + 1);
    let mut spans = left;
    spans.push(Span::raw(" ".repeat(pad)));
    spans.push(Span::styled(position, app.theme.dim));
    paint(frame, area, &[Line::from(spans)], app.theme.status);
    (app.mode == Mode::Find && app.message.is_none()).then(|| {
        let typed = prompt::spans(&app.find.query, room.saturating_sub(3), true).1;
        Position::new(
            (area.x + 3 + typed).min(area.right().saturating_sub(1)),
            area.y,
        )
    })
}

/// The accessible status line: a change said once, as one whole sentence
/// (a message, or that the site is loading), else the keys that matter,
/// as words; no counter that changes as the user moves, so that a screen
/// reader that reads what changes on screen has nothing to repeat.
fn draw_status_in_words(frame: &mut Frame<'_>, app: &App, area: Rect) -> Option<Position> {
    let ui = app.ui;
    let width = usize::from(area.width);
    let (line, caret) = match &app.message {
        Some(message) => (
            Line::styled(
                format!(" {}", sentence(&sanitize_line(message))),
                app.theme.message,
            ),
            None,
        ),
        None if app.mode == Mode::Find => {
            let (typed, column) = prompt::spans(&app.find.query, width.saturating_sub(4), true);
            let mut spans = vec![Span::styled(" / ", app.theme.filter_prompt)];
            spans.extend(typed);
            let caret = Position::new(
                (area.x + 3 + column).min(area.right().saturating_sub(1)),
                area.y,
            );
            (Line::from(spans), Some(caret))
        }
        None if app.loading.is_some() => {
            (Line::raw(format!(" {}", ui.text(Label::LoadingSite))), None)
        }
        None if app.reloading => (Line::raw(format!(" {}…", ui.text(Label::Rereading))), None),
        None => {
            let hints: Vec<String> = hints(app)
                .into_iter()
                .map(|(key, word)| format!("{} {word}", ui.key_words(key)))
                .collect();
            (Line::raw(format!(" {}", hints.join(", "))), None)
        }
    };
    paint(frame, area, &[line], app.theme.status);
    caret
}

/// `text` as a whole sentence: ending with a full stop unless it ends
/// with its own punctuation.
fn sentence(text: &str) -> String {
    let text = text.trim_end();
    match text.chars().last() {
        Some('.' | '!' | '?' | '…' | ':') | None => text.to_string(),
        Some(_) => format!("{text}."),
    }
}

/// The keys that matter now, in the interface language.
fn hints(app: &App) -> Vec<(&'static str, String)> {
    let ui = app.ui;
    let text = |label| ui.text(label).to_string();
    let next_language = app
        .next_translation()
        .map(|(lang, _)| language_name(app, &lang));
    match (app.mode, app.focus) {
        (Mode::Filter | Mode::Find, _) => {
            vec![("↵", text(Label::Keep)), ("Esc", text(Label::Clear))]
        }
        (Mode::Contents, _) => vec![("↵", text(Label::Open)), ("Esc", text(Label::Back))],
        (Mode::Search, _) => vec![
            ("↵", text(Label::Open)),
            ("↑↓", text(Label::Choose)),
            ("Esc", text(Label::Back)),
        ],
        (Mode::Help, _) => vec![("?", text(Label::Back))],
        (Mode::Facts | Mode::Copied, _) => vec![("Esc", text(Label::Back))],
        (Mode::Bookmarks, _) => vec![
            ("↵", text(Label::Open)),
            ("d", text(Label::Remove)),
            ("Esc", text(Label::Back)),
        ],
        (Mode::Languages, _) => vec![("0-9 ↵", text(Label::Open)), ("Esc", text(Label::Back))],
        (_, _) if app.side.is_some() && app.found_count() > 0 => vec![
            ("n N", text(Label::Next)),
            ("Esc", text(Label::Clear)),
            ("v", text(Label::OnePost)),
            ("?", text(Label::Help)),
        ],
        (_, _) if app.side.is_some() => vec![
            ("t", text(Label::Swap)),
            ("v", text(Label::OnePost)),
            ("/", text(Label::Find)),
            ("?", text(Label::Help)),
            ("q", text(Label::Quit)),
        ],
        (_, pane) => {
            let mut hints = match pane {
                Pane::List => vec![("/", text(Label::Filter)), ("↵", text(Label::Open))],
                Pane::Reader if app.selected_link.is_some() => vec![
                    ("↵", text(Label::Follow)),
                    ("Y", text(Label::Copy)),
                    ("Esc", text(Label::Back)),
                ],
                Pane::Reader if !app.find.matches.is_empty() => {
                    vec![("n N", text(Label::Next)), ("Esc", text(Label::Back))]
                }
                Pane::Reader => vec![
                    ("Tab", text(Label::LinkKeys)),
                    ("/", text(Label::Find)),
                    ("c", text(Label::Contents).to_lowercase()),
                ],
            };
            // The language switch and help come before the rest: they are
            // what the narrowest status line keeps.
            if let Some(language) = next_language {
                hints.insert(hints.len().min(2), ("t", language));
            }
            hints.insert(hints.len().min(3), ("?", text(Label::Help)));
            hints.extend([("s", text(Label::Search)), ("q", text(Label::Quit))]);
            hints
        }
    }
}
