//! `v`: the open post beside its translation, block by block, scrolled
//! together ([`crate::render::align`] pairs the blocks). `t` swaps the
//! sides, `T` puts the post's next translation on the right (sites with
//! more than two languages), `/` searches both posts, `v` or Esc returns
//! to one post at the same place.

use super::*;
use crate::render::align::{self, Row};

/// The post and translation shown side by side, and how far down.
#[derive(Debug, Clone)]
pub struct SideBySide {
    pub left: PostId,
    pub right: PostId,
    /// First row shown.
    pub scroll: usize,
    /// The pair laid out for the screen; `None` while the screen is
    /// narrower than [`WIDE`] (drawing then says so).
    pub view: Option<Rc<SideView>>,
    /// What the search in the pair (`/`) found, top to bottom.
    pub matches: Vec<SideMatch>,
    /// Where the left post was read when the view went (the screen became
    /// too narrow), to come back there when it is wide again.
    kept: Option<PlaceInPost>,
}

impl SideBySide {
    /// `left` beside `right`, at the top, not yet laid out.
    fn of(left: PostId, right: PostId) -> SideBySide {
        SideBySide {
            left,
            right,
            scroll: 0,
            view: None,
            matches: Vec::new(),
            kept: None,
        }
    }
}

/// A match of the search in the pair: on which side, which row, which
/// columns of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SideMatch {
    /// In the right column (interleaved: always `false`, one column).
    pub right: bool,
    pub row: usize,
    pub columns: std::ops::Range<u16>,
}

/// A pair laid out for one screen width.
#[derive(Debug)]
pub enum SideView {
    /// Two columns of `width` text cells each.
    Columns {
        width: u16,
        left: Lines,
        right: Lines,
        rows: Vec<Row>,
        /// The line each heading of the left post starts at.
        left_headings: Vec<usize>,
    },
    /// For screen readers (`--accessible`): one column, each block of the
    /// left post followed by its counterpart, each block's first line
    /// prefixed by its language.
    Interleaved {
        width: u16,
        lines: Lines,
        /// For each row, the left post's line it shows or follows.
        left_line: Vec<usize>,
        left_headings: Vec<usize>,
    },
}

type Lines = wrap::Lines;

impl SideView {
    /// Rows the pair takes.
    pub fn rows(&self) -> usize {
        match self {
            SideView::Columns { rows, .. } => rows.len(),
            SideView::Interleaved { lines, .. } => lines.len(),
        }
    }

    /// The left post's line shown on `row` (or, on padding, the last one
    /// above it).
    fn left_line(&self, row: usize) -> usize {
        match self {
            SideView::Columns { rows, .. } => rows[..(row + 1).min(rows.len())]
                .iter()
                .rev()
                .find_map(|r| r.left)
                .unwrap_or(0),
            SideView::Interleaved { left_line, .. } => left_line
                .get(row)
                .or(left_line.last())
                .copied()
                .unwrap_or(0),
        }
    }

    /// The first row showing the left post's `line` or a later one.
    fn row_of_left_line(&self, line: usize) -> usize {
        match self {
            SideView::Columns { rows, .. } => rows
                .iter()
                .position(|r| r.left.is_some_and(|l| l >= line))
                .unwrap_or(rows.len()),
            SideView::Interleaved { left_line, .. } => left_line
                .iter()
                .position(|&l| l >= line)
                .unwrap_or(left_line.len()),
        }
    }

    fn left_headings(&self) -> &[usize] {
        match self {
            SideView::Columns { left_headings, .. }
            | SideView::Interleaved { left_headings, .. } => left_headings,
        }
    }
}

/// The most pairs kept laid out: each holds two posts' layouts.
const MOST_SIDE_VIEWS: usize = 8;

/// Where a post sits in a layout: the heading above, and how many lines
/// below it (or from the top, before the first heading).
#[derive(Debug, Clone, Copy)]
struct PlaceInPost {
    heading: Option<usize>,
    below: usize,
}

impl PlaceInPost {
    fn of(line: usize, headings: &[usize]) -> PlaceInPost {
        let heading = headings.iter().rposition(|&h| h <= line);
        let from = heading.map_or(0, |h| headings[h]);
        PlaceInPost {
            heading,
            below: line - from,
        }
    }

    fn line_in(self, headings: &[usize]) -> usize {
        self.heading
            .and_then(|h| headings.get(h))
            .copied()
            .unwrap_or(0)
            + self.below
    }
}

impl App {
    /// The width of each column side by side, for a screen `width` wide.
    fn side_text_width(&self, width: u16) -> u16 {
        if self.accessible {
            text_width(Rect::new(0, 0, width, 1))
                .saturating_sub(LANGUAGE_PREFIX)
                .min(self.measure.max(20))
        } else {
            text_width(side_panes(Rect::new(0, 0, width, 1)).0).min(self.measure.max(20))
        }
    }

    /// `v`: the open (or selected) post beside its translation.
    pub(super) fn enter_side_by_side(&mut self) {
        let Some(current) = self.current_post() else {
            return;
        };
        let Some((_, translation)) = self.next_translation() else {
            self.message = Some(self.ui.text(Text::NoTranslationBeside).to_string());
            return;
        };
        let place = self
            .reading
            .as_ref()
            .filter(|r| r.id == current)
            .map(|r| PlaceInPost::of(self.scroll, &r.heading_lines));
        self.find = Find::default();
        self.selected_link = None;
        self.side = Some(SideBySide::of(current, translation));
        self.lay_out_side();
        match (place, self.side_view()) {
            (Some(place), Some(view)) => {
                let line = place.line_in(view.left_headings());
                self.set_side_scroll(view.row_of_left_line(line));
            }
            (place, None) => {
                if let Some(side) = &mut self.side {
                    side.kept = place;
                }
            }
            (None, Some(_)) => {}
        }
    }

    /// `v` again, or Esc: the left post alone, at the place shown.
    pub(super) fn leave_side_by_side(&mut self) {
        let Some(side) = self.side.take() else {
            return;
        };
        let place = side
            .view
            .as_ref()
            .map(|view| PlaceInPost::of(view.left_line(side.scroll), view.left_headings()));
        if self.reading.as_ref().map(|r| r.id) != Some(side.left) {
            // `t` swapped the sides: the post on the left is read now.
            let lang = self.site.posts[side.left].lang.clone();
            self.set_lang(lang);
            self.refilter(Some(side.left));
            self.translation_places.clear();
        }
        self.reading = Some(self.lay_out(side.left));
        self.focus = Pane::Reader;
        self.scroll = place
            .and_then(|p| {
                let reading = self.reading.as_ref()?;
                Some(p.line_in(&reading.heading_lines))
            })
            .unwrap_or(0)
            .min(self.max_scroll());
        self.after_open();
    }

    /// Keys side by side; what it does not answer is handed back.
    pub(super) fn side_key(&mut self, action: Action) -> Option<Action> {
        let page = (self.side_height().saturating_sub(1).max(1)) as isize;
        match action {
            Action::Down => self.scroll_side(1),
            Action::Up => self.scroll_side(-1),
            Action::PageDown => self.scroll_side(page),
            Action::PageUp => self.scroll_side(-page),
            Action::HalfPageDown => self.scroll_side((page / 2).max(1)),
            Action::HalfPageUp => self.scroll_side(-(page / 2).max(1)),
            Action::Top => self.scroll_side(isize::MIN / 2),
            Action::Bottom => self.scroll_side(isize::MAX / 2),
            Action::Step(delta) => self.scroll_side(delta),
            Action::Scroll { lines, .. } => self.scroll_side(isize::from(lines)),
            Action::Back if !self.find.query.is_empty() => {
                self.find = Find::default();
                if let Some(side) = &mut self.side {
                    side.matches.clear();
                }
            }
            Action::SideBySide | Action::Back => self.leave_side_by_side(),
            Action::StartFilter => {
                self.find = Find::default();
                self.mode = Mode::Find;
            }
            Action::NextMatch => self.step_side_match(1),
            Action::PreviousMatch => self.step_side_match(-1),
            Action::SwitchLanguage => self.swap_sides(),
            Action::ChooseLanguage => self.next_right_side(),
            Action::Quit | Action::Resize(..) | Action::ToggleHelp | Action::Suspend => {
                return Some(action);
            }
            _ => self.message = Some(self.ui.text(Text::SideBySideKeys).to_string()),
        }
        None
    }

    /// `t` side by side: the sides change places, at the same place.
    fn swap_sides(&mut self) {
        let Some(side) = &self.side else {
            return;
        };
        // The right post's line on the top row, to find it on the left.
        let right_place = side.view.as_ref().and_then(|view| match &**view {
            SideView::Columns { rows, .. } => rows
                .get(side.scroll..)
                .and_then(|rows| rows.iter().find_map(|r| r.right)),
            SideView::Interleaved { .. } => None,
        });
        let fraction = self.side_fraction();
        let (left, right) = (side.right, side.left);
        self.side = Some(SideBySide::of(left, right));
        self.lay_out_side();
        let row = match (self.side_view(), right_place) {
            (Some(view), Some(line)) => Some(view.row_of_left_line(line)),
            (Some(view), None) => Some((fraction * view.rows() as f64) as usize),
            _ => None,
        };
        if let Some(row) = row {
            self.set_side_scroll(row);
        }
    }

    /// `T` side by side: the left post's translation into the next
    /// language (in the site's order, round) goes on the right.
    fn next_right_side(&mut self) {
        let Some(side) = &self.side else {
            return;
        };
        let post = &self.site.posts[side.left];
        let order: Vec<&Lang> = self.site.languages.iter().map(|l| &l.code).collect();
        let shown = &self.site.posts[side.right].lang;
        let start = order.iter().position(|l| *l == shown).unwrap_or(0);
        let next = (1..order.len())
            .map(|step| order[(start + step) % order.len()])
            .filter(|lang| **lang != post.lang)
            .find_map(|lang| post.translations.get(lang).copied());
        let Some(right) = next.filter(|&id| id != side.right) else {
            self.message = Some(self.ui.text(Text::NoOtherTranslation).to_string());
            return;
        };
        let fraction = self.side_fraction();
        let left_line = side.view.as_ref().map(|view| view.left_line(side.scroll));
        self.side = Some(SideBySide::of(side.left, right));
        self.lay_out_side();
        if let Some(view) = self.side_view() {
            let row = match left_line {
                Some(line) => view.row_of_left_line(line),
                None => (fraction * view.rows() as f64) as usize,
            };
            self.set_side_scroll(row);
        }
        let name = self.site.language_name(&self.site.posts[right].lang);
        self.message = Some(format!("{} {name}", self.ui.text(Text::BesideIn)));
    }

    fn side_view(&self) -> Option<Rc<SideView>> {
        self.side.as_ref().and_then(|s| s.view.clone())
    }

    /// How far down the pair the top row is, from 0 to 1.
    fn side_fraction(&self) -> f64 {
        match (&self.side, self.side_view()) {
            (Some(side), Some(view)) if view.rows() > 0 => side.scroll as f64 / view.rows() as f64,
            _ => 0.0,
        }
    }

    /// Rows of text side by side on this screen.
    pub(super) fn side_height(&self) -> usize {
        inner_height(self.side_area())
    }

    /// Where the pair is drawn: the whole screen but the status line.
    pub fn side_area(&self) -> Rect {
        Rect::new(0, 0, self.size.0, self.size.1.saturating_sub(1))
    }

    fn max_side_scroll(&self) -> usize {
        self.side_view()
            .map_or(0, |v| v.rows().saturating_sub(self.side_height().max(1)))
    }

    fn set_side_scroll(&mut self, row: usize) {
        let row = row.min(self.max_side_scroll());
        if let Some(side) = &mut self.side {
            side.scroll = row;
        }
    }

    fn scroll_side(&mut self, delta: isize) {
        if let Some(side) = &self.side {
            self.set_side_scroll(side.scroll.saturating_add_signed(delta));
        }
    }

    /// After a resize (or a change of decoration): the pair laid out for
    /// the screen, at the same place; across [`WIDE`] columns it comes
    /// and goes.
    pub(super) fn relayout_side(&mut self) {
        if self.side.is_none() {
            return;
        }
        let left_place = match (&self.side, self.side_view()) {
            (Some(side), Some(view)) => Some(PlaceInPost::of(
                view.left_line(side.scroll),
                view.left_headings(),
            )),
            (Some(side), None) => side.kept,
            _ => None,
        };
        self.lay_out_side();
        match self.side_view() {
            Some(view) => {
                let row = left_place.map_or(0, |place| {
                    view.row_of_left_line(place.line_in(view.left_headings()))
                });
                self.set_side_scroll(row);
            }
            None => {
                if let Some(side) = &mut self.side {
                    side.kept = left_place;
                }
            }
        }
    }

    /// Lays the pair out for the screen (from the cache when it was).
    fn lay_out_side(&mut self) {
        let Some((left, right)) = self.side.as_ref().map(|s| (s.left, s.right)) else {
            return;
        };
        let view = if self.size.0 < WIDE && !self.accessible {
            None
        } else {
            let width = self.side_text_width(self.size.0);
            let key = (left, right, width, self.accessible);
            match self.side_views.get(&key) {
                Some(view) => Some(Rc::clone(view)),
                None => {
                    let view = Rc::new(self.make_side_view(left, right, width));
                    if self.side_views.len() >= MOST_SIDE_VIEWS {
                        self.side_views.clear();
                    }
                    self.side_views.insert(key, Rc::clone(&view));
                    Some(view)
                }
            }
        };
        if let Some(side) = &mut self.side {
            side.view = view;
        }
        // Matches are rows of the layout just made.
        self.refind_side(false);
    }

    /// The matches of the search typed in the pair, in both posts; with
    /// `jump`, the first at or below the top row is shown.
    pub(super) fn refind_side(&mut self, jump: bool) {
        let matches = match self.side_view() {
            Some(view) if !self.find.query.trim().is_empty() => {
                side_matches(&view, &self.find.query)
            }
            _ => Vec::new(),
        };
        let scroll = self.side.as_ref().map_or(0, |s| s.scroll);
        self.find.current = matches.iter().position(|m| m.row >= scroll).unwrap_or(0);
        let first = matches.get(self.find.current).map(|m| m.row);
        if let Some(side) = &mut self.side {
            side.matches = matches;
        }
        if let (true, Some(row)) = (jump, first) {
            self.reveal_side_row(row);
        }
    }

    /// How many matches the search in the open post (or the pair) has.
    pub fn found_count(&self) -> usize {
        self.side
            .as_ref()
            .map_or(self.find.matches.len(), |s| s.matches.len())
    }

    /// `n` and `N` in the pair.
    pub(super) fn step_side_match(&mut self, step: isize) {
        let count = self.side.as_ref().map_or(0, |s| s.matches.len());
        if count == 0 {
            if !self.find.query.is_empty() {
                self.message = Some(self.ui.text(Text::NoMatch).to_string());
            }
            return;
        }
        self.find.current = (self.find.current as isize + step).rem_euclid(count as isize) as usize;
        let row = self
            .side
            .as_ref()
            .and_then(|s| s.matches.get(self.find.current))
            .map(|m| m.row);
        if let Some(row) = row {
            self.reveal_side_row(row);
        }
    }

    /// Scrolls just enough to show `row`.
    fn reveal_side_row(&mut self, row: usize) {
        let height = self.side_height().max(1);
        let scroll = self.side.as_ref().map_or(0, |s| s.scroll);
        if row < scroll || row >= scroll + height {
            self.set_side_scroll(row.saturating_sub(height / 3));
        }
    }

    fn make_side_view(&mut self, left: PostId, right: PostId, width: u16) -> SideView {
        let (left_doc, right_doc) = (self.document(left), self.document(right));
        let decoration = self.decoration();
        let (left_lines, left_starts) =
            wrap::layout_decorated(&left_doc, width, &self.theme, decoration);
        let (right_lines, right_starts) =
            wrap::layout_decorated(&right_doc, width, &self.theme, decoration);
        let alignment = align::align(
            align::Side {
                document: &left_doc,
                starts: &left_starts,
                total: left_lines.len(),
            },
            align::Side {
                document: &right_doc,
                starts: &right_starts,
                total: right_lines.len(),
            },
        );
        let left_headings: Vec<usize> = left_doc
            .headings
            .iter()
            .filter_map(|h| left_starts.get(h.block).copied())
            .collect();
        if !self.accessible {
            return SideView::Columns {
                width,
                rows: alignment.rows(),
                left: left_lines,
                right: right_lines,
                left_headings,
            };
        }
        let (lines, left_line) = interleave(
            &alignment,
            [&left_lines, &right_lines],
            [
                &self.site.posts[left].lang.to_string().to_uppercase(),
                &self.site.posts[right].lang.to_string().to_uppercase(),
            ],
        );
        SideView::Interleaved {
            width,
            lines,
            left_line,
            left_headings,
        }
    }
}

/// Where `query` is found in the pair, row by row, left before right.
fn side_matches(view: &SideView, query: &str) -> Vec<SideMatch> {
    match view {
        SideView::Columns {
            left, right, rows, ..
        } => {
            let mut row_of = [vec![0; left.len()], vec![0; right.len()]];
            for (index, row) in rows.iter().enumerate() {
                for (side, line) in [row.left, row.right].into_iter().enumerate() {
                    if let Some(slot) = line.and_then(|l| row_of[side].get_mut(l)) {
                        *slot = index;
                    }
                }
            }
            let mut found: Vec<SideMatch> = [left, right]
                .into_iter()
                .enumerate()
                .flat_map(|(side, lines)| {
                    let row_of = &row_of[side];
                    spots::find_matches(lines, query)
                        .into_iter()
                        .map(move |spot| SideMatch {
                            right: side == 1,
                            row: row_of.get(spot.line).copied().unwrap_or(0),
                            columns: spot.columns,
                        })
                })
                .collect();
            found.sort_by_key(|m| (m.row, m.right, m.columns.start));
            found
        }
        SideView::Interleaved { lines, .. } => spots::find_matches(lines, query)
            .into_iter()
            .map(|spot| SideMatch {
                right: false,
                row: spot.line,
                columns: spot.columns,
            })
            .collect(),
    }
}

/// Columns the language takes before each block, interleaved (`EN: `).
pub const LANGUAGE_PREFIX: u16 = 5;

/// The pairs of `alignment` one after the other, the left block first,
/// each block's first line prefixed by its language (`codes`) and the
/// others indented as much; with, for each line, the left line it shows
/// or follows.
fn interleave(
    alignment: &align::Alignment,
    sides: [&Lines; 2],
    codes: [&str; 2],
) -> (Lines, Vec<usize>) {
    use ratatui::text::{Line, Span};
    let mut lines = Vec::new();
    let mut left_line = Vec::new();
    let mut last_left = 0;
    for pair in &alignment.pairs {
        for (side, range) in [&pair.left, &pair.right].into_iter().enumerate() {
            for (offset, index) in range.clone().enumerate() {
                let source = &sides[side][index];
                // Blank lines between blocks carry no prefix.
                let blank = source.spans.iter().all(|s| s.content.trim().is_empty());
                let prefix = if offset == 0 && !blank {
                    format!(
                        "{:<width$}",
                        format!("{}:", codes[side]),
                        width = usize::from(LANGUAGE_PREFIX)
                    )
                } else {
                    " ".repeat(usize::from(LANGUAGE_PREFIX))
                };
                let mut spans = vec![Span::raw(prefix)];
                spans.extend(source.spans.iter().cloned());
                lines.push(Line::from(spans));
                if side == 0 {
                    last_left = index;
                }
                left_line.push(last_left);
            }
        }
    }
    (lines, left_line)
}

/// The two columns of a screen's body side by side: halves, the left one
/// the narrower by a cell when the width is odd.
pub fn side_panes(body: Rect) -> (Rect, Rect) {
    let half = body.width / 2;
    (
        Rect {
            width: half,
            ..body
        },
        Rect {
            x: body.x + half,
            width: body.width - half,
            ..body
        },
    )
}
