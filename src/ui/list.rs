//! The list of posts: one row a post, the title first, then the
//! languages it can also be read in.

use super::{border_style, framed, highlighted, sanitize_line};
use crate::app::{App, Mode, Pane};
use crate::content::{Lang, PostId, TranslationState};
use crate::i18n::Text as Label;
use crate::text::cells;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use std::collections::HashSet;

/// The list; returns where its focus is: the caret while filtering, else
/// the selected row's title.
pub(super) fn draw_list(frame: &mut Frame<'_>, app: &App, area: Rect) -> Option<Position> {
    let ui = app.ui;
    let title = format!(
        " {} · {} ",
        ui.text(Label::Posts),
        super::language_name(app, &app.lang)
    );
    let count = format!(" {} ", ui.number(app.matches.len()));
    let room = usize::from(area.width.saturating_sub(4)).saturating_sub(cells::width(&count));
    let block =
        framed(app, border_style(app, Pane::List)).title_top(Line::from(count).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let title = cells::truncate(title.trim(), room.saturating_sub(2)).into_owned();
    super::pane_title(frame, area, &title, app.theme.pane_title);

    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut caret = None;
    if app.shows_filter_line() {
        let width = usize::from(inner.width).saturating_sub(2);
        let (typed, column) = super::prompt::spans(&app.filter, width, app.mode == Mode::Filter);
        let mut spans = vec![Span::styled("/ ", app.theme.filter_prompt)];
        spans.extend(typed);
        lines.push(Line::from(spans));
        caret = Some(Position::new(
            (inner.x + 2 + column).min(inner.right().saturating_sub(1)),
            inner.y,
        ));
    }
    if app.matches.is_empty() {
        lines.push(Line::styled(ui.text(Label::NoResults), app.theme.dim));
    }
    let first_row = inner.y + lines.len() as u16;
    let rows = usize::from(inner.height).saturating_sub(lines.len());
    let width = usize::from(inner.width);
    for (index, matched) in app
        .matches
        .iter()
        .enumerate()
        .skip(app.list_offset)
        .take(rows)
    {
        lines.push(if app.accessible {
            sentence_row(app, index, matched, width)
        } else {
            list_row(app, index, matched, width)
        });
    }
    super::paint(frame, inner, &lines, Style::new());
    if app.mode == Mode::Filter {
        return caret;
    }
    let row = app.selected.checked_sub(app.list_offset)?;
    (row < rows && !app.matches.is_empty()).then(|| {
        let title_x = match app.accessible {
            true => 2,
            false => {
                1 + u16::from(app.remembers())
                    + if app.list_is_dated() {
                        app.date_columns() + 1
                    } else {
                        0
                    }
            }
        };
        Position::new(inner.x + title_x, first_row + row as u16)
    })
}

/// A translation's mark in a row: its code, `!` when it fell behind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub code: String,
    pub older: bool,
}

impl Mark {
    fn text(&self) -> String {
        if self.older {
            format!("{}!", self.code)
        } else {
            self.code.clone()
        }
    }
}

/// Post `id`'s translations, each with whether it fell behind: first
/// those in the languages the reader reads in (latest first), then the
/// site's order.
fn translations(app: &App, id: PostId) -> Vec<(Lang, bool)> {
    let post = &app.site.posts[id];
    // Each language once, whatever the number of them (a post in 2,000
    // languages is not two million comparisons a row).
    let mut seen: HashSet<&Lang> = HashSet::new();
    let mut langs: Vec<&Lang> = app
        .languages_read()
        .iter()
        .filter(|l| post.translations.contains_key(l) && seen.insert(*l))
        .collect();
    for language in &app.site.languages {
        if post.translations.contains_key(&language.code) && seen.insert(&language.code) {
            langs.push(&language.code);
        }
    }
    // Translations in languages the configuration does not name.
    for lang in post.translations.keys() {
        if seen.insert(lang) {
            langs.push(lang);
        }
    }
    langs
        .into_iter()
        .map(|lang| {
            let older = app.site.translation_state(id, lang) == Some(TranslationState::Older);
            (lang.clone(), older)
        })
        .collect()
}

/// The marks of post `id`'s translations, in [`translations`]' order.
fn marks(app: &App, id: PostId) -> Vec<Mark> {
    translations(app, id)
        .into_iter()
        .map(|(lang, older)| Mark {
            code: lang.as_str().to_uppercase(),
            older,
        })
        .collect()
}

/// How many translations an accessible row names before "and N other
/// versions".
const NAMED_VERSIONS: usize = 3;

/// What an accessible row says of a post's translations, in words:
/// "French version available", "aucune traduction".
fn versions_sentence(app: &App, id: PostId) -> String {
    let ui = app.ui;
    let all = translations(app, id);
    if all.is_empty() {
        return ui.text(Label::NoTranslationAvailable).to_string();
    }
    let mut words: Vec<String> = all
        .iter()
        .take(NAMED_VERSIONS)
        .map(|(lang, older)| ui.version_in(lang, *older))
        .collect();
    if all.len() > NAMED_VERSIONS {
        words.push(ui.other_versions(all.len() - NAMED_VERSIONS));
    }
    words.join(", ")
}

/// An accessible row, read as a sentence: `> Title — April 7, 2021 —
/// French version available`, the selected one marked `> ` in text.
fn sentence_row(
    app: &App,
    index: usize,
    matched: &crate::search::Match,
    width: usize,
) -> Line<'static> {
    let post = &app.site.posts[matched.id];
    let selected = index == app.selected;
    let base = if selected {
        app.theme.selected
    } else {
        Style::new()
    };
    let mut tail = String::new();
    // Said first: what a sighted reader sees in the • column.
    if app.remembers() && !app.is_read(matched.id) {
        tail.push_str(&format!(" — {}", app.ui.text(Label::Unread)));
    }
    if app.lists_every_language() {
        tail.push_str(&format!(" — {}", super::language_name(app, &post.lang)));
    }
    if app.shares_title(matched.id) {
        tail.push_str(&format!(" — {}", post_place(&post.lang_path)));
    }
    if let Some(date) = post.sort_date() {
        tail.push_str(&format!(" — {}", app.ui.date(date.date)));
    }
    tail.push_str(&format!(" — {}", versions_sentence(app, matched.id)));
    let mut spans = vec![Span::styled(if selected { "> " } else { "  " }, base)];
    let room = width.saturating_sub(2);
    let title = sanitize_line(&post.title);
    let lit = app.filter_index().highlights(matched.id, &app.matched_by);
    // The title first: what is cut is the end of the sentence.
    let (title_spans, used) = highlighted(
        &title,
        |_, char_index| lit.binary_search(&char_index).is_ok(),
        room,
        base,
        base.patch(app.theme.matched),
    );
    spans.extend(title_spans);
    let left = room.saturating_sub(used);
    if left > 0 && used == cells::width(&title) {
        let tail = cells::truncate(&sanitize_line(&tail), left).into_owned();
        let pad = left.saturating_sub(cells::width(&tail));
        spans.push(Span::styled(tail, base));
        spans.push(Span::styled(" ".repeat(pad), base));
    }
    Line::from(spans)
}

/// The marks shown in a row, as text: up to three, every one when they
/// fit beside a title of `title_width` in `room` columns; else (or past
/// three) the first `keep` (the languages the reader reads in), then `+N`
/// for the rest. The title gets the room first.
pub fn fitted_marks(marks: &[Mark], keep: usize, title_width: usize, room: usize) -> String {
    if marks.is_empty() {
        return "—".to_string();
    }
    let shown = |count: usize| {
        let mut words: Vec<String> = marks[..count].iter().map(Mark::text).collect();
        if count < marks.len() {
            words.push(format!("+{}", marks.len() - count));
        }
        words.join(" ")
    };
    // One mark is never shortened to "+1".
    let least = if marks.len() == 1 {
        1
    } else {
        keep.min(marks.len())
    };
    // Past three, codes stop being read: the languages read, then a count.
    let most = if marks.len() <= 3 { marks.len() } else { least };
    (least..=most)
        .rev()
        .map(shown)
        .find(|text| title_width + 1 + cells::width(text) <= room)
        .unwrap_or_else(|| shown(least))
}

/// `▌2024-03-04 Title with matched letters…   EN FR +13`
fn list_row(
    app: &App,
    index: usize,
    matched: &crate::search::Match,
    width: usize,
) -> Line<'static> {
    let post = &app.site.posts[matched.id];
    let selected = index == app.selected;
    let base = if selected {
        app.theme.selected
    } else {
        Style::new()
    };
    let mut spans = vec![Span::styled(
        if selected { "▌" } else { " " },
        base.patch(app.theme.selection_bar),
    )];
    let mut used = 1;
    if app.remembers() {
        // Not colour alone: a sign a monochrome screen and a screen
        // reader show too.
        let sign = if app.is_read(matched.id) { " " } else { "•" };
        spans.push(Span::styled(sign, base.patch(app.theme.mark)));
        used += 1;
    }
    if app.list_is_dated() {
        let date = post
            .sort_date()
            .map_or_else(String::new, |d| app.list_date(d.date));
        let columns = usize::from(app.date_columns());
        let date = format!("{:<columns$} ", cells::truncate(&date, columns));
        spans.push(Span::styled(date, base.patch(app.theme.date)));
        used += columns + 1;
    }
    if app.lists_every_language() {
        // Every language in one list: each row says its own.
        let widest = app
            .site
            .languages
            .iter()
            .map(|l| l.code.as_str().len())
            .max()
            .unwrap_or(2)
            .max(post.lang.as_str().len());
        let code = post.lang.as_str().to_uppercase();
        spans.push(Span::styled(
            format!("{code:<widest$} "),
            base.patch(app.theme.mark),
        ));
        used += widest + 1;
    }
    let title = sanitize_line(&post.title);
    let lit = app.filter_index().highlights(matched.id, &app.matched_by);
    // Posts of one title say where they are.
    let place = app
        .shares_title(matched.id)
        .then(|| format!(" · {}", post_place(&post.lang_path)));
    let title_width = cells::width(&title) + place.as_deref().map_or(0, cells::width);
    let room = width.saturating_sub(used);
    let marks = marks(app, matched.id);
    let keep = marks
        .iter()
        .take_while(|m| {
            app.languages_read()
                .iter()
                .any(|l| l.as_str().eq_ignore_ascii_case(&m.code))
        })
        .count();
    let mark_text = fitted_marks(&marks, keep, title_width, room);
    let title_room = room.saturating_sub(cells::width(&mark_text) + 1);
    let (title_spans, title_used) = highlighted(
        &title,
        |_, char_index| lit.binary_search(&char_index).is_ok(),
        title_room,
        base,
        base.patch(app.theme.matched),
    );
    spans.extend(title_spans);
    let mut title_used = title_used;
    if let Some(place) = place {
        let left = title_room.saturating_sub(title_used);
        if left > 0 && title_used == cells::width(&title) {
            let shown = cells::truncate(&place, left).into_owned();
            title_used += cells::width(&shown);
            spans.push(Span::styled(shown, base.patch(app.theme.dim)));
        }
    }
    let pad = room.saturating_sub(title_used + cells::width(&mark_text));
    spans.push(Span::styled(" ".repeat(pad), base));
    let mark_style = if marks.is_empty() {
        app.theme.dim
    } else if marks
        .iter()
        .any(|m| m.older && mark_text.contains(&m.text()))
    {
        app.theme.warning
    } else {
        app.theme.mark
    };
    spans.push(Span::styled(mark_text, base.patch(mark_style)));
    Line::from(spans)
}

/// Where a post is in its language's tree, to tell apart posts of one
/// title: `components/alert` for `components/alert.md`.
fn post_place(lang_path: &std::path::Path) -> String {
    let text = crate::content::display_path(&lang_path.with_extension(""));
    text.strip_suffix("/index")
        .or_else(|| text.strip_suffix("/_index"))
        .unwrap_or(&text)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(code: &str) -> Mark {
        Mark {
            code: code.to_string(),
            older: false,
        }
    }

    #[test]
    fn marks_all_fit_beside_a_short_title() {
        let marks = vec![mark("FR"), mark("DE")];
        assert_eq!(fitted_marks(&marks, 1, 10, 40), "FR DE");
    }

    #[test]
    fn many_marks_collapse_to_the_languages_read_and_a_count() {
        let marks: Vec<Mark> = ["FR", "BN", "DE", "ES", "HI", "IT", "JA", "KO", "RU"]
            .into_iter()
            .map(mark)
            .collect();
        assert_eq!(fitted_marks(&marks, 1, 30, 40), "FR +8");
        assert_eq!(fitted_marks(&marks, 2, 30, 40), "FR BN +7");
        assert_eq!(fitted_marks(&marks[..3], 0, 10, 40), "FR BN DE");
        assert_eq!(fitted_marks(&marks[..3], 1, 36, 40), "FR +2");
        assert_eq!(fitted_marks(&marks, 0, 60, 40), "+9");
        assert_eq!(fitted_marks(&[mark("FR")], 0, 60, 40), "FR");
        assert_eq!(fitted_marks(&[], 0, 60, 40), "—");
    }

    #[test]
    fn places_tell_posts_of_one_title_apart() {
        assert_eq!(
            post_place(std::path::Path::new("components/alert.md")),
            "components/alert"
        );
        assert_eq!(
            post_place(std::path::Path::new("guides/index.md")),
            "guides"
        );
    }
}
