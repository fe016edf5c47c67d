//! What is drawn over the panes: help, the post's contents, the languages
//! to read in, the site search. Each stays inside the screen, scrolls,
//! and says where in its list it is.

use super::{framed, highlighted, language_name, sanitize_line};
use crate::app::App;
use crate::app::facts::facts_lines;
use crate::app::help::{help_area, help_lines, help_rows, help_text_width};
use crate::i18n::Text as Label;
use crate::text::cells;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear};

/// How a selected row is marked besides its style: a bar, or (accessible)
/// `> ` in text; and the columns the mark takes.
fn selection_mark(app: &App, selected: bool) -> (&'static str, u16) {
    match (app.accessible, selected) {
        (true, true) => ("> ", 2),
        (true, false) => ("  ", 2),
        (false, true) => ("▌", 1),
        (false, false) => (" ", 1),
    }
}

/// `s`: the query, then each hit: title (matches marked), language and
/// date; the line of text around its best match.
pub(super) fn draw_search(frame: &mut Frame<'_>, app: &App, area: Rect) -> Position {
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
        // Accessible, no counter that changes every moment: the words only.
        Some(_) if app.accessible => {
            let indexing = format!(" {} ", ui.text(Label::IndexingSite));
            match count.is_empty() {
                true => indexing,
                false => format!("{indexing}·{count}"),
            }
        }
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
    let title = format!(" {} ", ui.text(Label::SearchTitle));
    let count = cells::truncate(
        &count,
        usize::from(area.width.saturating_sub(4)).saturating_sub(cells::width(&title)),
    )
    .into_owned();
    let mut block = framed(app, app.theme.focus_border)
        .title(Span::styled(title, app.theme.pane_title))
        .title_top(Line::from(count).right_aligned());
    if !results.hits.is_empty() {
        block = block.title_bottom(
            Line::from(position(app, app.search.cursor, results.hits.len())).right_aligned(),
        );
    }
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let (typed, caret) = super::prompt::spans(&app.search.query, width.saturating_sub(2), true);
    let mut prompt = vec![Span::styled("s ", app.theme.filter_prompt)];
    prompt.extend(typed);
    let mut lines: Vec<Line<'static>> = vec![Line::from(prompt), Line::raw("")];
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
        let tail = match (app.accessible, post.sort_date()) {
            // Accessible, read as the list's rows are: in words.
            (true, Some(date)) => format!(
                " — {} — {}",
                language_name(app, &post.lang),
                ui.date(date.date)
            ),
            (true, None) => format!(" — {}", language_name(app, &post.lang)),
            (false, Some(date)) => format!("  {lang} · {}", date.date),
            (false, None) => format!("  {lang}"),
        };
        let (mark, mark_width) = selection_mark(app, selected);
        let mut title = vec![Span::styled(mark, base.patch(app.theme.selection_bar))];
        let title_width = width.saturating_sub(cells::width(&tail) + usize::from(mark_width));
        let (spans, used) = highlighted(
            &post.title,
            |at, _| hit.title_highlights.iter().any(|r| r.contains(&at)),
            title_width,
            base,
            base.patch(app.theme.matched),
        );
        title.extend(spans);
        let pad = Span::styled(
            " ".repeat(width.saturating_sub(used + cells::width(&tail) + usize::from(mark_width))),
            base,
        );
        let tail = Span::styled(tail, base.patch(app.theme.date));
        // Accessible, the row is one sentence: its end follows the title.
        match app.accessible {
            true => title.extend([tail, pad]),
            false => title.extend([pad, tail]),
        }
        lines.push(Line::from(title));
        let mut snippet = vec![Span::raw("  ")];
        let (spans, _) = highlighted(
            &hit.snippet.text,
            |at, _| hit.snippet.highlights.iter().any(|r| r.contains(&at)),
            width.saturating_sub(2),
            app.theme.dim,
            app.theme.found,
        );
        snippet.extend(spans);
        lines.push(Line::from(snippet));
        lines.push(Line::raw(""));
    }
    super::paint(frame, inner, &lines, Style::new());
    // The selected hit's title while choosing among them, else the
    // query's caret.
    match app.search.cursor.checked_sub(app.search.offset) {
        Some(row) if app.search.choosing && row < app.search_page() && !results.hits.is_empty() => {
            Position::new(
                inner.x + selection_mark(app, true).1,
                inner.y + 2 + 3 * row as u16,
            )
        }
        _ => Position::new(
            (inner.x + 2 + caret).min(inner.right().saturating_sub(1)),
            inner.y,
        ),
    }
}

/// ` 3/16 `: where the cursor is in a list of `count`.
fn position(app: &App, index: usize, count: usize) -> String {
    format!(" {}/{} ", app.ui.number(index + 1), app.ui.number(count))
}

/// A popup listing `rows`, the one at `cursor` selected, in a window that
/// follows it; the frame says where it is when not all rows show.
fn draw_choice(
    frame: &mut Frame<'_>,
    app: &App,
    area: Rect,
    (title, rows, cursor): (Label, Vec<Vec<Span<'static>>>, usize),
    width: u16,
) -> Position {
    let height = (rows.len() as u16 + 2).min(area.height);
    let visible = usize::from(height.saturating_sub(2)).max(1);
    let first = cursor.saturating_sub(visible - 1);
    // Accessible rows start with their mark (`> `): the box is that wider.
    let mark_width = if app.accessible { 2 } else { 0 };
    let width = width + mark_width;
    let text_width = usize::from(width.min(area.width).saturating_sub(2));
    let count = rows.len();
    let lines: Vec<Line<'static>> = rows
        .into_iter()
        .enumerate()
        .skip(first)
        .take(visible)
        .map(|(index, spans)| {
            let style = if index == cursor {
                app.theme.selected
            } else {
                Style::new()
            };
            // Cut to the box, with an ellipsis, in the row's own styles.
            let mut used = 0;
            let mut fitted = Vec::new();
            let spans = match app.accessible {
                true => {
                    let mark = selection_mark(app, index == cursor).0;
                    std::iter::once(Span::raw(mark)).chain(spans).collect()
                }
                false => spans,
            };
            for span in spans {
                let room = text_width.saturating_sub(used);
                if room == 0 {
                    break;
                }
                let content = cells::truncate(&span.content, room).into_owned();
                used += cells::width(&content);
                fitted.push(Span::styled(content, span.style));
            }
            Line::from(fitted).style(style)
        })
        .collect();
    let (rect, mut block) = popup(frame, app, area, (width, height), title);
    if visible < count {
        block = block.title_bottom(Line::from(position(app, cursor, count)).right_aligned());
    }
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    super::paint(frame, inner, &lines, Style::new());
    Position::new(inner.x + mark_width, inner.y + (cursor - first) as u16)
}

/// `T`: the languages the post can be read in, numbered, by their names.
pub(super) fn draw_languages(frame: &mut Frame<'_>, app: &App, area: Rect) -> Position {
    let digits = app.language_choices.len().to_string().len();
    let rows: Vec<Vec<Span<'static>>> = app
        .language_choices
        .iter()
        .enumerate()
        .map(|(i, lang)| {
            let mut row = vec![
                Span::styled(format!(" {:>digits$} ", i + 1), app.theme.key),
                Span::raw(format!(" {} ", language_name(app, lang))),
                Span::styled(format!("{} ", lang.as_str()), app.theme.dim),
            ];
            if app.language_targets.get(i).is_some_and(Option::is_none) {
                row.push(Span::styled(
                    format!("— {} ", app.ui.text(Label::NoTranslation).to_lowercase()),
                    app.theme.dim,
                ));
            }
            row
        })
        .collect();
    let widest = rows
        .iter()
        .map(|r| r.iter().map(|s| cells::width(&s.content)).sum::<usize>())
        .max()
        .unwrap_or(10)
        .max(20) as u16;
    draw_choice(
        frame,
        app,
        area,
        (Label::ReadIn, rows, app.language_cursor),
        widest + 4,
    )
}

/// `B`: the site's bookmarks, every language, newest first: each one's
/// language, title and how far down it was set.
pub(super) fn draw_bookmarks(frame: &mut Frame<'_>, app: &App, area: Rect) -> Position {
    let rows: Vec<Vec<Span<'static>>> = app
        .bookmarks
        .iter()
        .map(|row| match row.id {
            Some(id) => {
                let post = &app.site.posts[id];
                let mut spans = vec![
                    Span::styled(
                        format!(" {:<3}", post.lang.as_str().to_uppercase()),
                        app.theme.mark,
                    ),
                    Span::raw(sanitize_line(&post.title).into_owned()),
                ];
                if row.mark.lines > 0 && row.mark.scroll > 0 {
                    let percent = row.mark.scroll * 100 / row.mark.lines.max(1);
                    spans.push(Span::styled(format!(" · {percent}%"), app.theme.dim));
                }
                spans
            }
            // Gone from the site: its path says what it was.
            None => vec![
                Span::styled(" —  ", app.theme.dim),
                Span::styled(
                    sanitize_line(&crate::content::display_path(&row.path)).into_owned(),
                    app.theme.dim,
                ),
            ],
        })
        .collect();
    let width = area.width.saturating_sub(4).min(72);
    draw_choice(
        frame,
        app,
        area,
        (Label::Bookmarks, rows, app.bookmark_cursor),
        width,
    )
}

/// `c`: the headings of the open post, indented by level.
pub(super) fn draw_contents(frame: &mut Frame<'_>, app: &App, area: Rect) -> Position {
    let Some(reading) = &app.reading else {
        return area.as_position();
    };
    let headings = &reading.document.headings;
    let top_level = headings.iter().map(|h| h.level).min().unwrap_or(1);
    let rows: Vec<Vec<Span<'static>>> = headings
        .iter()
        .map(|heading| {
            let indent = "  ".repeat(usize::from(heading.level.saturating_sub(top_level)));
            vec![Span::raw(format!(
                "{indent}{}",
                sanitize_line(&heading.text)
            ))]
        })
        .collect();
    let width = area.width.saturating_sub(4).min(72);
    draw_choice(
        frame,
        app,
        area,
        (Label::Contents, rows, app.contents_cursor),
        width,
    )
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
    let block = framed(app, app.theme.focus_border).title(Span::styled(
        format!(" {} ", app.ui.text(title)),
        app.theme.pane_title,
    ));
    (rect, block)
}

/// `?`: every key, scrolled by the app, its place in the frame's corner.
pub(super) fn draw_help(frame: &mut Frame<'_>, app: &App) -> Position {
    let ui = app.ui;
    let area = help_area(app.size);
    let width = help_text_width(app.size);
    let lines = help_lines(ui, width, &app.keys);
    let rows = help_rows(app.size);
    let first = app.help_scroll.min(lines.len().saturating_sub(rows));
    let last = (first + rows).min(lines.len());
    let shown: Vec<Line<'static>> = lines[first..last]
        .iter()
        .map(|line| {
            if line.note {
                Line::styled(format!(" {}", line.text), app.theme.dim)
            } else {
                // Accessible, keys are words: a screen reader spells
                // arrows out as long names.
                let keys = match app.accessible {
                    true => {
                        let width = cells::width(&line.keys);
                        format!("{:>width$}", ui.key_words(&line.keys))
                    }
                    false => line.keys.clone(),
                };
                Line::from(vec![
                    Span::styled(format!(" {keys}  "), app.theme.key),
                    Span::raw(line.text.clone()),
                ])
            }
        })
        .collect();
    frame.render_widget(Clear, area);
    let mut block = framed(app, app.theme.focus_border).title(Span::styled(
        format!(" {} ", ui.text(Label::HelpTitle)),
        app.theme.pane_title,
    ));
    if rows < lines.len() {
        block = block.title_bottom(
            Line::from(format!(
                " {}–{} / {} ",
                ui.number(first + 1),
                ui.number(last),
                ui.number(lines.len())
            ))
            .right_aligned(),
        );
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    super::paint(frame, inner, &shown, Style::new());
    // The first line in view, where reading it starts.
    Position::new(inner.x + 1, inner.y)
}

/// `i`: the post's facts, labels in a column, scrolled like help.
pub(super) fn draw_facts(frame: &mut Frame<'_>, app: &App) -> Position {
    let ui = app.ui;
    let area = help_area(app.size);
    let lines = facts_lines(&app.facts.rows, help_text_width(app.size));
    let rows = help_rows(app.size);
    let first = app.facts.scroll.min(lines.len().saturating_sub(rows));
    let last = (first + rows).min(lines.len());
    let shown: Vec<Line<'static>> = lines[first..last]
        .iter()
        .map(|(label, value)| {
            Line::from(vec![
                Span::styled(format!(" {label}  "), app.theme.key),
                Span::raw(sanitize_line(value).into_owned()),
            ])
        })
        .collect();
    frame.render_widget(Clear, area);
    let mut block = framed(app, app.theme.focus_border).title(Span::styled(
        format!(" {} ", ui.text(Label::PostInformation)),
        app.theme.pane_title,
    ));
    if rows < lines.len() {
        block = block.title_bottom(
            Line::from(format!(
                " {}–{} / {} ",
                ui.number(first + 1),
                ui.number(last),
                ui.number(lines.len())
            ))
            .right_aligned(),
        );
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    super::paint(frame, inner, &shown, Style::new());
    Position::new(inner.x + 1, inner.y)
}

/// `y`, `Y`: the address copied, whole, to select with the mouse where
/// the terminal did not take it; then how.
pub(super) fn draw_copied(frame: &mut Frame<'_>, app: &App, area: Rect) -> Position {
    let Some((label, address)) = &app.copied else {
        return area.as_position();
    };
    let widest = usize::from(area.width.saturating_sub(4));
    let address_width = cells::width(address);
    // At least 40 columns, when the screen has them (`clamp` would panic
    // on a screen narrower than its floor).
    let width = address_width.max(40).min(widest.max(1));
    let options = textwrap::Options::new(width.max(1))
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(true);
    let mut lines: Vec<Line<'static>> = textwrap::wrap(address, &options)
        .into_iter()
        .map(|part| Line::styled(part.into_owned(), app.theme.link))
        .collect();
    lines.push(Line::raw(""));
    lines.extend(
        textwrap::wrap(app.ui.text(Label::SelectToCopy), width.max(1))
            .into_iter()
            .map(|part| Line::styled(part.into_owned(), app.theme.dim)),
    );
    let height = (lines.len() as u16 + 2).min(area.height);
    let (rect, block) = popup(frame, app, area, (width as u16 + 4, height), *label);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let text_area = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    super::paint(frame, text_area, &lines, Style::new());
    text_area.as_position()
}
