//! Drawing: reads an [`App`], changes nothing. Every word shown comes from
//! [`crate::i18n`], every style from the [`Theme`](crate::theme::Theme).

use crate::app::keymap::{BINDINGS, FILTER_BINDINGS, QUIT_ANYWHERE};
use crate::app::spots::Spot;
use crate::app::{App, MIN_SIZE, Mode, Pane, inner_height};
use crate::content::TranslationState;
use crate::i18n::{Text as Label, Ui};
use crate::text::sanitize_line;
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Draws the whole screen.
pub fn draw(frame: &mut Frame<'_>, app: &App) {
    let area = frame.area();
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        let message = Paragraph::new(app.ui.text(Label::TooSmall))
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true });
        let middle = Rect::new(0, area.height / 2, area.width, 1.min(area.height));
        frame.render_widget(message, middle);
        return;
    }
    let panes = app.panes();
    if let Some(list) = panes.list {
        draw_list(frame, app, list);
    }
    if let Some(reader) = panes.reader {
        draw_reader(frame, app, reader);
    }
    draw_status(frame, app, panes.status);
    if app.mode == Mode::Help {
        draw_help(frame, app, area);
    }
    if app.mode == Mode::Languages {
        draw_languages(frame, app, area);
    }
    if app.mode == Mode::Contents {
        draw_contents(frame, app, area);
    }
    if app.mode == Mode::Search {
        draw_search(
            frame,
            app,
            Rect {
                height: area.height.saturating_sub(1),
                ..area
            },
        );
    }
}

/// `s`: the query, then each hit: title (matches marked), language and
/// date; the line of text around its best match.
fn draw_search(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let ui = app.ui;
    let results = &app.search.results;
    let count = if app.search.query.trim().is_empty() {
        String::new()
    } else if results.total == 0 {
        format!(" {} ", ui.text(Label::NoResults))
    } else {
        format!(" {} ", ui.number(results.total))
    };
    // Results so far, while the index fills in the background.
    let count = match app.indexing() {
        Some((indexed, total)) => {
            let progress = format!(
                " {} {} / {} ",
                ui.text(Label::Indexing),
                ui.number(indexed),
                ui.number(total)
            );
            match count.is_empty() {
                true => progress,
                false => format!("{progress}·{count}"),
            }
        }
        None => count,
    };
    let block = Block::bordered()
        .border_style(app.theme.focus_border)
        .title(Span::styled(
            format!(" {} ", ui.text(Label::SearchTitle)),
            app.theme.pane_title,
        ))
        .title_top(Line::from(count).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let mut lines: Vec<Line<'static>> = vec![
        Line::from(vec![
            Span::styled("s ", app.theme.filter_prompt),
            Span::raw(format!("{}▏", sanitize_line(&app.search.query))),
        ]),
        Line::raw(""),
    ];
    for (index, hit) in results
        .hits
        .iter()
        .enumerate()
        .skip(app.search.offset)
        .take(app.search_page())
    {
        let post = &app.site.posts[hit.id];
        let selected = index == app.search.cursor;
        let base = if selected {
            app.theme.selected
        } else {
            Style::new()
        };
        let lang = post.lang.as_str().to_uppercase();
        let tail = match post.sort_date() {
            Some(date) => format!("  {lang} · {}", date.date),
            None => format!("  {lang}"),
        };
        let mut title = vec![Span::styled(
            if selected { "▌" } else { " " },
            base.patch(app.theme.selection_bar),
        )];
        let title_width = width.saturating_sub(tail.width() + 1);
        let (spans, used) = highlighted(
            &post.title,
            &hit.title_highlights,
            title_width,
            base,
            base.patch(app.theme.matched),
        );
        title.extend(spans);
        title.push(Span::styled(
            " ".repeat(width.saturating_sub(used + tail.width() + 1)),
            base,
        ));
        title.push(Span::styled(tail, base.patch(app.theme.date)));
        lines.push(Line::from(title));
        let mut snippet = vec![Span::raw("  ")];
        let (spans, _) = highlighted(
            &hit.snippet.text,
            &hit.snippet.highlights,
            width.saturating_sub(2),
            app.theme.dim,
            app.theme.found,
        );
        snippet.extend(spans);
        lines.push(Line::from(snippet));
        lines.push(Line::raw(""));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// `text` on one line of at most `width` columns (cut with `…`), the byte
/// ranges `marked` in `mark` style, the rest in `base`; and the columns used.
fn highlighted(
    text: &str,
    marked: &[std::ops::Range<usize>],
    width: usize,
    base: Style,
    mark: Style,
) -> (Vec<Span<'static>>, usize) {
    let mut spans = Vec::new();
    let mut run = String::new();
    let mut run_marked = false;
    let mut used = 0;
    let total = text.width();
    for (at, c) in text.char_indices() {
        let c = if crate::text::is_unsafe_for_terminal(c) {
            crate::text::visible_replacement(c)
        } else {
            c
        };
        let w = c.width().unwrap_or(0);
        if total > width && used + w + 1 > width {
            run.push('…');
            used += 1;
            break;
        }
        let is_marked = marked.iter().any(|r| r.contains(&at));
        if is_marked != run_marked && !run.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut run),
                if run_marked { mark } else { base },
            ));
        }
        run_marked = is_marked;
        run.push(c);
        used += w;
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_marked { mark } else { base }));
    }
    (spans, used)
}

fn border_style(app: &App, pane: Pane) -> Style {
    if app.focus == pane {
        app.theme.focus_border
    } else {
        app.theme.border
    }
}

fn draw_list(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let ui = app.ui;
    let title = format!(
        " {} · {} ",
        ui.text(Label::Posts),
        Ui::language_name(&app.lang)
    );
    let count = format!(" {} ", ui.number(app.matches.len()));
    let block = Block::bordered()
        .border_style(border_style(app, Pane::List))
        .title(Span::styled(title, app.theme.pane_title))
        .title_top(Line::from(count).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let mut lines: Vec<Line<'static>> = Vec::new();
    if app.shows_filter_line() {
        let cursor = if app.mode == Mode::Filter { "▏" } else { "" };
        lines.push(Line::from(vec![
            Span::styled("/ ", app.theme.filter_prompt),
            Span::raw(format!("{}{cursor}", sanitize_line(&app.filter))),
        ]));
    }
    if app.matches.is_empty() {
        lines.push(Line::styled(ui.text(Label::NoResults), app.theme.dim));
    }
    let rows = usize::from(inner.height).saturating_sub(lines.len());
    let width = usize::from(inner.width);
    for (index, matched) in app
        .matches
        .iter()
        .enumerate()
        .skip(app.list_offset)
        .take(rows)
    {
        lines.push(list_row(app, index, matched, width));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// `▌2024-03-04 Title with matched letters…   EN`
fn list_row(
    app: &App,
    index: usize,
    matched: &crate::search::Match,
    width: usize,
) -> Line<'static> {
    let post = &app.site.posts[matched.id];
    let selected = index == app.selected;
    let date = post
        .sort_date()
        .map_or_else(|| "          ".to_string(), |d| d.date.to_string());
    let mut older = false;
    let mark = if post.translations.is_empty() {
        "—".to_string()
    } else {
        post.translations
            .keys()
            .map(|lang| {
                let code = lang.as_str().to_uppercase();
                if app.site.translation_state(matched.id, lang) == Some(TranslationState::Older) {
                    older = true;
                    code + "!"
                } else {
                    code
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let title_width = width.saturating_sub(date.width() + mark.width() + 4);
    let base = if selected {
        app.theme.selected
    } else {
        Style::new()
    };
    let mut spans = vec![
        Span::styled(
            if selected { "▌" } else { " " },
            base.patch(app.theme.selection_bar),
        ),
        Span::styled(format!("{date} "), base.patch(app.theme.date)),
    ];
    let mut used = 0;
    let title = sanitize_line(&post.title);
    let count = title.chars().count();
    // Runs of the title split only where highlighting starts or stops.
    let mut run = String::new();
    let mut run_matched = false;
    for (i, c) in title.chars().enumerate() {
        let w = c.width().unwrap_or(0);
        if used + w > title_width || (used + w == title_width && i + 1 < count) {
            run.push('…');
            used += 1;
            break;
        }
        let matched = matched.title_chars.binary_search(&i).is_ok();
        if matched != run_matched && !run.is_empty() {
            let style = if run_matched {
                base.patch(app.theme.matched)
            } else {
                base
            };
            spans.push(Span::styled(std::mem::take(&mut run), style));
        }
        run_matched = matched;
        run.push(c);
        used += w;
    }
    if !run.is_empty() {
        let style = if run_matched {
            base.patch(app.theme.matched)
        } else {
            base
        };
        spans.push(Span::styled(run, style));
    }
    let pad = width.saturating_sub(used + date.width() + mark.width() + 2);
    spans.push(Span::styled(" ".repeat(pad), base));
    let mark_style = if post.translations.is_empty() {
        app.theme.dim
    } else if older {
        app.theme.warning
    } else {
        app.theme.mark
    };
    spans.push(Span::styled(mark, base.patch(mark_style)));
    Line::from(spans)
}

fn draw_reader(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let mut block = Block::bordered().border_style(border_style(app, Pane::Reader));
    let Some(reading) = &app.reading else {
        let inner = block.inner(area);
        frame.render_widget(block, area);
        frame.render_widget(
            Paragraph::new(Line::styled(app.ui.text(Label::Select), app.theme.dim)),
            inner,
        );
        return;
    };
    let post = &app.site.posts[reading.id];
    block = block
        .title(Span::styled(
            format!(" {} ", sanitize_line(&post.title)),
            app.theme.pane_title,
        ))
        .title_bottom(Line::from(format!(" {} % ", app.percent())).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let text_area = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    let height = inner_height(area);
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
        buffer.set_line(text_area.x, y, line, text_area.width);
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
}

fn draw_status(frame: &mut Frame<'_>, app: &App, area: Rect) {
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
    // Whatever the left side says, a gap keeps it apart from the position.
    let room = usize::from(area.width).saturating_sub(position.width() + 2);
    let left: Vec<Span<'static>> = match &app.message {
        Some(message) => vec![Span::styled(
            truncate(&sanitize_line(message), room),
            app.theme.message,
        )],
        None if app.mode == Mode::Find => vec![
            Span::styled(" / ", app.theme.filter_prompt),
            Span::raw(format!("{}▏", sanitize_line(&app.find.query))),
        ],
        None => {
            // The hints that fit beside the position, most useful first.
            let mut used = 0;
            hints(app)
                .into_iter()
                .take_while(|(key, word)| {
                    used += key.width() + word.width() + 3;
                    used <= room
                })
                .flat_map(|(key, word)| {
                    [
                        Span::styled(format!(" {key}"), app.theme.key),
                        Span::raw(format!(" {word} ")),
                    ]
                })
                .collect()
        }
    };
    let used: usize = left.iter().map(|s| s.content.width()).sum();
    let pad = usize::from(area.width).saturating_sub(used + position.width() + 1);
    let mut spans = left;
    spans.push(Span::raw(" ".repeat(pad)));
    spans.push(Span::styled(position, app.theme.dim));
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(app.theme.status),
        area,
    );
}

/// The keys that matter now, in the interface language.
fn hints(app: &App) -> Vec<(&'static str, String)> {
    let ui = app.ui;
    let text = |label| ui.text(label).to_string();
    let next_language = app
        .reading
        .as_ref()
        .map(|r| &app.site.posts[r.id])
        .or_else(|| app.selected_id().map(|id| &app.site.posts[id]))
        .and_then(|post| post.translations.keys().next())
        .map(Ui::language_name);
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
        (Mode::Languages, _) => vec![("1-9 ↵", text(Label::Open)), ("Esc", text(Label::Back))],
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

/// `T`: the languages the post can be read in, numbered.
fn draw_languages(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let lines: Vec<Line<'static>> = app
        .language_choices
        .iter()
        .enumerate()
        .map(|(i, lang)| {
            let style = if i == app.language_cursor {
                app.theme.selected
            } else {
                Style::new()
            };
            Line::from(vec![
                Span::styled(format!(" {} ", i + 1), app.theme.key),
                Span::styled(format!(" {} ", Ui::language_name(lang)), style),
            ])
        })
        .collect();
    let width = lines.iter().map(Line::width).max().unwrap_or(10).max(20) as u16 + 4;
    let height = lines.len() as u16 + 2;
    let (popup, block) = popup(frame, app, area, (width, height), Label::ReadIn);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}

/// `c`: the headings of the open post, indented by level.
fn draw_contents(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let Some(reading) = &app.reading else {
        return;
    };
    let headings = &reading.document.headings;
    let top_level = headings.iter().map(|h| h.level).min().unwrap_or(1);
    let width = (area.width.saturating_sub(4)).min(72);
    let height = (headings.len() as u16 + 2).min(area.height.saturating_sub(2));
    let rows = usize::from(height.saturating_sub(2)).max(1);
    // Keep the cursor in view: the window follows it.
    let first = app.contents_cursor.saturating_sub(rows - 1);
    let text_width = usize::from(width.saturating_sub(2));
    let lines: Vec<Line<'static>> = headings
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(index, heading)| {
            let indent = "  ".repeat(usize::from(heading.level.saturating_sub(top_level)));
            let text = truncate(
                &format!("{indent}{}", sanitize_line(&heading.text)),
                text_width,
            );
            let style = if index == app.contents_cursor {
                app.theme.selected
            } else {
                Style::new()
            };
            Line::styled(text, style)
        })
        .collect();
    let (popup, block) = popup(frame, app, area, (width, height), Label::Contents);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}

/// A bordered box of `size` in the middle of `area`, cleared, titled
/// `title`: the frame of every popup.
fn popup(
    frame: &mut Frame<'_>,
    app: &App,
    area: Rect,
    (width, height): (u16, u16),
    title: Label,
) -> (Rect, Block<'static>) {
    let (width, height) = (width.min(area.width), height.min(area.height));
    let rect = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .border_style(app.theme.focus_border)
        .title(Span::styled(
            format!(" {} ", app.ui.text(title)),
            app.theme.pane_title,
        ));
    (rect, block)
}

/// `text` cut to `width` columns, with `…` when cut.
fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

fn draw_help(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let ui = app.ui;
    let bindings: Vec<_> = BINDINGS
        .iter()
        .chain(FILTER_BINDINGS)
        .chain(std::iter::once(&QUIT_ANYWHERE))
        .collect();
    let key_width = bindings.iter().map(|b| b.keys.width()).max().unwrap_or(4);
    let mut lines: Vec<Line<'static>> = bindings
        .iter()
        .map(|binding| {
            let context = if binding.mode == Some(Mode::Filter) {
                format!(" ({})", ui.text(Label::Filter))
            } else {
                String::new()
            };
            Line::from(vec![
                Span::styled(format!("{:>key_width$}  ", binding.keys), app.theme.key),
                Span::raw(format!("{}{context}", binding.description(ui))),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(ui.text(Label::HelpFooter), app.theme.dim));
    let width = (area.width.saturating_sub(4)).min(72);
    let text_width = usize::from(width.saturating_sub(2)).max(1);
    let wrapped: usize = lines
        .iter()
        .map(|l| l.width().max(1).div_ceil(text_width))
        .sum();
    let height = (wrapped as u16 + 2).min(area.height.saturating_sub(2));
    let (popup, block) = popup(frame, app, area, (width, height), Label::HelpTitle);
    let scroll = app
        .help_scroll
        .min((wrapped as u16 + 2).saturating_sub(height));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        popup,
    );
}
