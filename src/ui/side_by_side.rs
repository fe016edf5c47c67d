//! Drawing a post beside its translation (`v`): two framed columns, each
//! headed by its language and title, rows shared; interleaved in one
//! column for screen readers; a message on a screen too narrow.

use super::{framed, paint, pane_title};
use crate::app::{App, SideBySide, SideView, side_panes, text_width};
use crate::i18n::Text as Label;
use crate::text::{cells, sanitize_line};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

/// Draws the pair in `body`; returns where the attention is (the first
/// row of the left column).
pub(super) fn draw(frame: &mut Frame<'_>, app: &App, side: &SideBySide, body: Rect) -> Position {
    let Some(view) = &side.view else {
        // Narrower than two readable columns: said, not drawn broken.
        let message = Paragraph::new(app.ui.text(Label::SideNeedsColumns))
            .style(app.theme.message)
            .wrap(Wrap { trim: true });
        let area = Rect {
            x: body.x + 1,
            y: body.y + body.height / 3,
            width: body.width.saturating_sub(2),
            height: body.height.saturating_sub(body.height / 3),
        };
        frame.render_widget(message, area);
        return area.as_position();
    };
    match &**view {
        SideView::Columns {
            width,
            left,
            right,
            rows,
            ..
        } => {
            let (left_area, right_area) = side_panes(body);
            let mut top = Position::ORIGIN;
            for (index, (area, post)) in [(left_area, side.left), (right_area, side.right)]
                .into_iter()
                .enumerate()
            {
                let mut block = framed(app, app.theme.focus_border);
                if index == 1 {
                    block = block.title_bottom(
                        Line::from(format!(" {} % ", percent(app, side, view))).right_aligned(),
                    );
                }
                let inner = block.inner(area);
                frame.render_widget(block, area);
                let post = &app.site.posts[post];
                let heading = format!(
                    "{} · {}",
                    super::language_name(app, &post.lang),
                    sanitize_line(&post.title)
                );
                let heading = cells::truncate(&heading, usize::from(area.width.saturating_sub(6)))
                    .into_owned();
                pane_title(frame, area, &heading, app.theme.pane_title);
                let text_area = Rect {
                    x: inner.x + 1,
                    width: inner.width.saturating_sub(2),
                    ..inner
                };
                // Laid out for another width, lines would be cut: the app
                // lays out for this very screen, so a mismatch draws nothing.
                if text_width(area) < *width {
                    continue;
                }
                let lines = if index == 0 { left } else { right };
                let buffer = frame.buffer_mut();
                for (y, row) in rows
                    .iter()
                    .skip(side.scroll)
                    .take(usize::from(text_area.height))
                    .enumerate()
                {
                    let line = if index == 0 { row.left } else { row.right };
                    if let Some(line) = line.and_then(|l| lines.get(l)) {
                        cells::put_line(
                            buffer,
                            Rect::new(text_area.x, text_area.y + y as u16, *width, 1),
                            line,
                            Style::new(),
                        );
                    }
                }
                let found = mark_matches(frame, app, side, index == 1, text_area);
                if index == 0 {
                    top = text_area.as_position();
                }
                top = found.unwrap_or(top);
            }
            top
        }
        SideView::Interleaved { lines, .. } => {
            let block = framed(app, app.theme.focus_border);
            let inner = block.inner(body);
            frame.render_widget(block, body);
            let text_area = Rect {
                x: inner.x + 1,
                width: inner.width.saturating_sub(2),
                ..inner
            };
            let shown: Vec<Line<'_>> = lines
                .iter()
                .skip(side.scroll)
                .take(usize::from(text_area.height))
                .cloned()
                .collect();
            paint(frame, text_area, &shown, Style::new());
            mark_matches(frame, app, side, false, text_area).unwrap_or(text_area.as_position())
        }
    }
}

/// Marks the matches of the search in the pair shown in one column
/// (`right` or not); returns where the current one is, if there.
fn mark_matches(
    frame: &mut Frame<'_>,
    app: &App,
    side: &SideBySide,
    right: bool,
    text_area: Rect,
) -> Option<Position> {
    if app.find.query.is_empty() {
        return None;
    }
    let rows = side.scroll..side.scroll + usize::from(text_area.height);
    let mut current = None;
    for (index, found) in side.matches.iter().enumerate() {
        if found.right != right || !rows.contains(&found.row) {
            continue;
        }
        let y = text_area.y + (found.row - side.scroll) as u16;
        let start = text_area.x + found.columns.start.min(text_area.width);
        let end = text_area.x + found.columns.end.min(text_area.width);
        let style = if index == app.find.current {
            current = Some(Position::new(start, y));
            app.theme.found_current
        } else {
            app.theme.found
        };
        frame
            .buffer_mut()
            .set_style(Rect::new(start, y, end - start, 1), style);
    }
    current
}

/// How far down the pair the top row is, in percent.
fn percent(app: &App, side: &SideBySide, view: &SideView) -> usize {
    let height = crate::app::inner_height(app.side_area());
    let last = view.rows().saturating_sub(height);
    (side.scroll * 100).checked_div(last).unwrap_or(100)
}
