//! The open post: laying it out, scrolling it, its links, finding in it
//! and its table of contents.

use super::*;

/// The most posts (and layouts) kept ready to show again.
pub const MOST_CACHED: usize = 64;

impl App {
    pub(super) fn switch_pane(&mut self) {
        if self.reading.is_some() {
            self.focus = match self.focus {
                Pane::List => Pane::Reader,
                Pane::Reader => Pane::List,
            };
        }
    }

    /// The lines of the open post in view.
    pub(super) fn visible_lines(&self) -> std::ops::Range<usize> {
        let height = inner_height(self.reader_area());
        self.scroll..self.scroll + height
    }

    /// Tab and Shift-Tab: the next (previous) link in view; from the list,
    /// or when no link is in view, Tab moves between the panes.
    pub(super) fn step_link(&mut self, step: isize) {
        let Some(reading) = self.reading.as_ref().filter(|_| self.focus == Pane::Reader) else {
            if step > 0 {
                self.switch_pane();
            }
            return;
        };
        let in_view: Vec<usize> =
            spots::visible(&reading.links, |l| l.spot.line, self.visible_lines())
                .map(|(index, _)| index)
                .collect();
        if in_view.is_empty() {
            self.selected_link = None;
            if step > 0 {
                self.switch_pane();
            }
            return;
        }
        let next = match self
            .selected_link
            .and_then(|s| in_view.iter().position(|&i| i == s))
        {
            Some(at) => in_view[(at as isize + step).rem_euclid(in_view.len() as isize) as usize],
            None if step > 0 => in_view[0],
            None => in_view[in_view.len() - 1],
        };
        self.selected_link = Some(next);
        self.announce_selected_link();
    }

    /// Digits choose the link with that number (`1`, then `2`: link 12).
    pub(super) fn type_link_digit(&mut self, digit: u8) {
        let Some(reading) = self.reading.as_ref().filter(|_| self.focus == Pane::Reader) else {
            return;
        };
        self.link_digits.push(char::from(b'0' + digit));
        let mut number: usize = self.link_digits.parse().unwrap_or(0);
        if number > reading.document.references.len() {
            // A digit that makes no link starts a new number.
            self.link_digits = char::from(b'0' + digit).to_string();
            number = usize::from(digit);
        }
        let visible = self.visible_lines();
        // The spot in view if there is one, else its first in the post.
        let spot = reading
            .links
            .iter()
            .enumerate()
            .filter(|(_, l)| l.number == number)
            .min_by_key(|(_, l)| !visible.contains(&l.spot.line))
            .map(|(index, _)| index);
        match spot {
            Some(index) => {
                self.selected_link = Some(index);
                self.reveal_line(reading.links[index].spot.line);
                self.announce_selected_link();
            }
            None => {
                self.message = Some(format!("{} [{number}]", self.ui.text(Text::NoSuchLink)));
            }
        }
    }

    /// Scrolls just enough to show `line`.
    pub(super) fn reveal_line(&mut self, line: usize) {
        let height = inner_height(self.reader_area()).max(1);
        if line < self.scroll || line >= self.scroll + height {
            self.scroll = line.saturating_sub(height / 3).min(self.max_scroll());
        }
    }

    /// The reference of the selected link.
    pub(super) fn selected_reference(&self) -> Option<&render::Reference> {
        let reading = self.reading.as_ref()?;
        let spot = reading.links.get(self.selected_link?)?;
        reading.document.references.get(spot.number.checked_sub(1)?)
    }

    /// The status line names where the selected link goes.
    pub(super) fn announce_selected_link(&mut self) {
        let Some(reference) = self.selected_reference() else {
            return;
        };
        let id = self.reading.as_ref().map(|r| r.id);
        let target = match self.site.resolve(&reference.target, id) {
            Resolution::Post { id, .. } => format!(
                "{} ({})",
                self.site.posts[id].title, self.site.posts[id].lang
            ),
            _ => reference.target.clone(),
        };
        self.message = Some(format!("→ {}", crate::text::sanitize_line(&target)));
    }

    /// Enter on a link: a post of the site opens (at its heading for a
    /// `#fragment`), an anchor scrolls, anything else is shown to copy.
    pub(super) fn follow_selected_link(&mut self) {
        let (Some(reference), Some(from)) = (
            self.selected_reference().cloned(),
            self.reading.as_ref().map(|r| r.id),
        ) else {
            return;
        };
        let mut resolution = self.site.resolve(&reference.target, Some(from));
        // A redirect stub's target is followed once more.
        if let Resolution::Redirect { target } = &resolution {
            if let Resolution::Post { id, fragment } = self.site.resolve(target, Some(from)) {
                resolution = Resolution::Post { id, fragment };
            }
        }
        match resolution {
            Resolution::Post { id, fragment } => {
                self.visit(id, fragment.as_deref());
            }
            Resolution::Anchor(anchor) => {
                if let Some(line) = self.heading_line(&anchor) {
                    self.remember_place();
                    self.scroll = line.min(self.max_scroll());
                    self.selected_link = None;
                } else {
                    self.message = Some(self.ui.text(Text::NoSuchHeading).to_string());
                }
            }
            Resolution::External(url)
            | Resolution::File(url)
            | Resolution::NotFound(url)
            | Resolution::Redirect { target: url } => {
                let hint = if self.graphical {
                    Text::CopyOrOpenHint
                } else {
                    Text::CopyHint
                };
                self.message = Some(format!(
                    "{} {} — {}",
                    self.ui.text(Text::NotLocal),
                    crate::text::sanitize_line(&url),
                    self.ui.text(hint)
                ));
            }
        }
    }

    /// The line of the heading (or other place) `anchor` names in the open
    /// post; see [`Document::find_anchor`].
    pub(super) fn heading_line(&self, anchor: &str) -> Option<usize> {
        let reading = self.reading.as_ref()?;
        match reading.document.find_anchor(anchor)? {
            render::AnchorTarget::Heading(index) => reading.heading_lines.get(index).copied(),
            render::AnchorTarget::Block(block) => {
                // Rare (an `<a id>` inside a paragraph): laid out once more
                // for the line each block starts at.
                let width = self.panes().reader.map_or(80, text_width).max(20);
                let (_, starts) = wrap::layout_decorated(
                    &reading.document,
                    width,
                    &self.theme,
                    self.decoration(),
                );
                starts.get(block).copied()
            }
        }
    }

    /// Scrolls to the heading `fragment` names, if any; the status line
    /// says when the post has no such heading.
    pub(super) fn go_to_heading(&mut self, fragment: Option<&str>) {
        let Some(fragment) = fragment.filter(|f| !f.trim_start_matches('#').is_empty()) else {
            return;
        };
        match self.heading_line(fragment) {
            Some(line) => self.scroll = line.min(self.max_scroll()),
            None => self.message = Some(self.ui.text(Text::NoSuchHeading).to_string()),
        }
    }

    /// `c`: the headings of the open post.
    pub(super) fn show_contents(&mut self) {
        let Some(reading) = &self.reading else {
            return;
        };
        if reading.document.headings.is_empty() {
            self.message = Some(self.ui.text(Text::NoHeadings).to_string());
            return;
        }
        // The cursor starts on the heading of the part being read.
        self.contents_cursor = reading
            .heading_lines
            .iter()
            .rposition(|&line| line <= self.scroll)
            .unwrap_or(0);
        self.mode = Mode::Contents;
    }

    pub(super) fn contents_key(&mut self, action: Action) {
        let count = self
            .reading
            .as_ref()
            .map_or(0, |r| r.document.headings.len());
        let last = count.saturating_sub(1);
        let page = self.page().max(1) as usize;
        match action {
            Action::Down => self.contents_cursor = (self.contents_cursor + 1).min(last),
            Action::Up => self.contents_cursor = self.contents_cursor.saturating_sub(1),
            Action::PageDown => self.contents_cursor = (self.contents_cursor + page).min(last),
            Action::PageUp => self.contents_cursor = self.contents_cursor.saturating_sub(page),
            Action::Top => self.contents_cursor = 0,
            Action::Bottom => self.contents_cursor = last,
            Action::Open => {
                self.mode = Mode::Browse;
                let line = self
                    .reading
                    .as_ref()
                    .and_then(|r| r.heading_lines.get(self.contents_cursor).copied());
                if let Some(line) = line {
                    self.remember_place();
                    self.scroll = line.min(self.max_scroll());
                    self.focus = Pane::Reader;
                }
            }
            Action::Back | Action::ShowContents => self.mode = Mode::Browse,
            _ => {}
        }
    }

    /// Recomputes the matches of the search in the post; with `jump`, shows
    /// the first match at or after the top of the pane.
    pub(super) fn refind(&mut self, jump: bool) {
        if self.side.is_some() {
            self.refind_side(jump);
            return;
        }
        let Some(reading) = &self.reading else {
            self.find.matches.clear();
            return;
        };
        self.find.matches = match &self.find.site_query {
            Some(query) => {
                let found = spots::query_matches(&reading.lines, query);
                if found.is_empty() {
                    // A phrase the layout broke over two lines: its words.
                    let words: String = self
                        .find
                        .query
                        .chars()
                        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
                        .collect();
                    spots::query_matches(&reading.lines, &Query::parse(&words))
                } else {
                    found
                }
            }
            None => spots::find_matches(&reading.lines, &self.find.query),
        };
        self.find.current = self
            .find
            .matches
            .iter()
            .position(|m| m.line >= self.scroll)
            .unwrap_or(0);
        if jump {
            if let Some(line) = self.find.matches.get(self.find.current).map(|m| m.line) {
                self.reveal_line(line);
            }
        }
    }

    /// `n` and `N`.
    pub(super) fn step_match(&mut self, step: isize) {
        if self.side.is_some() {
            self.step_side_match(step);
            return;
        }
        let count = self.find.matches.len();
        // In a post opened from the site search, past its last match (or
        // before its first) is the next (or previous) result's post.
        let beyond = self
            .find
            .current
            .checked_add_signed(step)
            .is_none_or(|i| i >= count);
        if self.mode == Mode::Browse && self.reading_a_search_result() && beyond {
            self.step_search_hit(step);
            return;
        }
        if count == 0 {
            if !self.find.query.is_empty() {
                self.message = Some(self.ui.text(Text::NoMatch).to_string());
            }
            return;
        }
        self.find.current = (self.find.current as isize + step).rem_euclid(count as isize) as usize;
        let line = self.find.matches[self.find.current].line;
        self.reveal_line(line);
    }

    /// What changes with the post shown: links and matches are its own.
    pub(super) fn after_open(&mut self) {
        self.selected_link = None;
        self.link_digits.clear();
        if !self.find.query.is_empty() {
            self.refind(false);
        }
    }

    pub(super) fn scroll_reader(&mut self, delta: isize) {
        self.scroll = self
            .scroll
            .saturating_add_signed(delta)
            .min(self.max_scroll());
    }

    pub(super) fn max_scroll(&self) -> usize {
        let height = inner_height(self.reader_area()).max(1);
        self.reading
            .as_ref()
            .map_or(0, |r| r.lines.len().saturating_sub(height))
    }

    pub(super) fn document(&mut self, id: PostId) -> Rc<Document> {
        self.bound_caches();
        if let Some(document) = self.documents.get(&id) {
            return Rc::clone(document);
        }
        let document = Rc::new(self.render_for_reader(id));
        self.documents.insert(id, Rc::clone(&document));
        document
    }

    /// Past [`MOST_CACHED`] posts or layouts, what was kept goes (the open
    /// post keeps its own): a reader, or each session of a server, holds
    /// a bounded memory whatever it reads.
    fn bound_caches(&mut self) {
        if self.documents.len() >= MOST_CACHED || self.layouts.len() >= MOST_CACHED {
            self.documents.clear();
            self.layouts.clear();
            self.heading_cache.clear();
        }
    }

    pub(super) fn open(&mut self, id: PostId) {
        self.scroll = 0;
        self.translation_places.clear();
        self.reading = Some(self.lay_out(id));
        self.after_open();
    }

    /// Post `id` laid out for the reader's pane at the current size: the
    /// pane's text width, at most the measure.
    pub(super) fn lay_out(&mut self, id: PostId) -> Reading {
        let pane_width = text_width(self.reader_area());
        let width = pane_width.min(self.measure.max(20));
        let document = self.document(id);
        let theme = self.theme.clone();
        let decoration = self.decoration();
        let mut heading_lines = Vec::new();
        let lines = self.layouts.get_or_layout(id, width, || {
            let (lines, block_lines) = wrap::layout_decorated(&document, width, &theme, decoration);
            heading_lines = document
                .headings
                .iter()
                .filter_map(|h| block_lines.get(h.block).copied())
                .collect();
            lines
        });
        let heading_lines = if heading_lines.is_empty() {
            self.heading_cache
                .get(&(id, width))
                .cloned()
                .unwrap_or_default()
        } else {
            self.heading_cache
                .insert((id, width), heading_lines.clone());
            heading_lines
        };
        let links = spots::link_spots(&lines, document.references.len());
        Reading {
            id,
            width: pane_width,
            document,
            lines,
            heading_lines,
            links,
        }
    }

    /// After a resize: lay the open post out again at the same place.
    pub(super) fn relayout(&mut self) {
        // Places kept at the old width mean other lines now.
        self.translation_places.clear();
        if let Some(reading) = &self.reading {
            let (id, fraction) = (reading.id, self.fraction());
            self.reading = Some(self.lay_out(id));
            self.scroll = ((fraction * self.total_lines() as f64) as usize).min(self.max_scroll());
            // Links and matches moved with the text.
            self.selected_link = None;
            if !self.find.query.is_empty() {
                self.refind(false);
            }
        } else {
            self.follow_selection();
        }
        self.relayout_side();
    }

    pub(super) fn total_lines(&self) -> usize {
        self.reading.as_ref().map_or(0, |r| r.lines.len())
    }

    /// How far through the open post the top of the pane is, from 0 to 1.
    pub fn fraction(&self) -> f64 {
        let total = self.total_lines();
        if total == 0 {
            0.0
        } else {
            self.scroll as f64 / total as f64
        }
    }

    /// Percentage read, for the reader's border.
    pub fn percent(&self) -> usize {
        (self.scroll * 100)
            .checked_div(self.max_scroll())
            .unwrap_or(100)
    }
}
