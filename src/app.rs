//! The reader's state and [`App::update`], the only place it changes.
//! Drawing ([`crate::ui`]) reads an `&App` and changes nothing: layouts it
//! needs are made here, when what they depend on changes.

pub mod action;
pub mod keymap;

use self::action::Action;
use crate::content::{Lang, PostId, Site};
use crate::i18n::{Text, Ui};
use crate::render::{self, Document, wrap};
use crate::search::{FilterIndex, Match};
use crate::theme::Theme;
use ratatui::layout::Rect;
use std::collections::HashMap;
use std::rc::Rc;

/// What keys mean right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Browse,
    /// Typing into the list filter.
    Filter,
    Help,
    /// Choosing among the languages of the open post (`T`).
    Languages,
}

/// Which pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    List,
    Reader,
}

/// The open post laid out at the reader's width.
#[derive(Debug, Clone)]
pub struct Reading {
    pub id: PostId,
    pub lines: Rc<wrap::Lines>,
    /// The line each heading of the post starts at, in order.
    pub heading_lines: Vec<usize>,
}

/// Where each pane sits on the screen; see [`panes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub list: Option<Rect>,
    pub reader: Option<Rect>,
    pub status: Rect,
}

/// Below this the screen shows a short message instead of panes.
pub const MIN_SIZE: (u16, u16) = (40, 12);
/// From this width the list and the reader sit side by side.
pub const WIDE: u16 = 100;

/// The panes for a screen of `size` with `focus` (narrow screens show one).
pub fn panes(size: (u16, u16), focus: Pane) -> Panes {
    let (width, height) = size;
    let body = Rect::new(0, 0, width, height.saturating_sub(1));
    let status = Rect::new(0, height.saturating_sub(1), width, 1.min(height));
    if width >= WIDE {
        let list_width = (width * 2 / 5).clamp(36, 60);
        Panes {
            list: Some(Rect {
                width: list_width,
                ..body
            }),
            reader: Some(Rect {
                x: list_width,
                width: width - list_width,
                ..body
            }),
            status,
        }
    } else {
        match focus {
            Pane::List => Panes {
                list: Some(body),
                reader: None,
                status,
            },
            Pane::Reader => Panes {
                list: None,
                reader: Some(body),
                status,
            },
        }
    }
}

/// The reading width inside a pane: borders and a margin of one column.
pub fn text_width(pane: Rect) -> u16 {
    pane.width.saturating_sub(4)
}

/// Lines of text inside a pane's borders.
pub fn inner_height(pane: Rect) -> usize {
    usize::from(pane.height.saturating_sub(2))
}

/// The whole state of the reader.
#[derive(Debug)]
pub struct App {
    pub site: Site,
    filter_index: FilterIndex,
    /// The language being read: the list shows its posts.
    pub lang: Lang,
    /// The interface speaks the language being read.
    pub ui: Ui,
    pub mode: Mode,
    pub focus: Pane,
    pub filter: String,
    pub matches: Vec<Match>,
    /// Index into `matches`.
    pub selected: usize,
    /// First row of the list shown.
    pub list_offset: usize,
    pub reading: Option<Reading>,
    /// First line of the open post shown.
    pub scroll: usize,
    pub size: (u16, u16),
    /// A message that replaces the key hints until the next key.
    pub message: Option<String>,
    pub theme: Theme,
    pub mouse: bool,
    pub quit: bool,
    /// The languages offered by `T`, and the one under the cursor.
    pub language_choices: Vec<Lang>,
    pub language_cursor: usize,
    documents: HashMap<PostId, Rc<Document>>,
    layouts: wrap::LayoutCache,
    heading_cache: HashMap<(PostId, u16), Vec<usize>>,
}

impl App {
    /// A reader on `site`, showing `lang` (or the site's default language).
    pub fn new(site: Site, lang: Option<Lang>, size: (u16, u16), theme: Theme) -> App {
        // `fr-ca` from a locale finds the site's `fr`.
        let lang = lang
            .and_then(|wanted| {
                site.languages
                    .iter()
                    .map(|l| &l.code)
                    .find(|code| **code == wanted || code.primary() == wanted.primary())
                    .cloned()
            })
            .unwrap_or_else(|| site.default_lang.clone());
        let filter_index = FilterIndex::new(&site);
        let mut app = App {
            ui: Ui::for_lang(&lang),
            lang,
            site,
            filter_index,
            mode: Mode::Browse,
            focus: Pane::List,
            filter: String::new(),
            matches: Vec::new(),
            selected: 0,
            list_offset: 0,
            reading: None,
            scroll: 0,
            size,
            message: None,
            theme,
            mouse: true,
            quit: false,
            language_choices: Vec::new(),
            language_cursor: 0,
            documents: HashMap::new(),
            layouts: wrap::LayoutCache::default(),
            heading_cache: HashMap::new(),
        };
        app.refilter(None);
        app.follow_selection();
        app
    }

    /// The post under the list's selection, if the list is not empty.
    pub fn selected_id(&self) -> Option<PostId> {
        self.matches.get(self.selected).map(|m| m.id)
    }

    pub fn panes(&self) -> Panes {
        panes(self.size, self.focus)
    }

    fn is_wide(&self) -> bool {
        self.size.0 >= WIDE
    }

    /// The one place state changes.
    pub fn update(&mut self, action: Action) {
        if !matches!(action, Action::Resize(..) | Action::Scroll { .. }) {
            self.message = None;
        }
        match (self.mode, action) {
            (_, Action::Quit) => self.quit = true,
            (_, Action::Resize(width, height)) => {
                self.size = (width, height);
                self.relayout();
                self.keep_selection_visible();
            }
            (Mode::Help, Action::ToggleHelp | Action::Back) => self.mode = Mode::Browse,
            (Mode::Help, _) => {}
            (Mode::Languages, Action::Down) => {
                self.language_cursor =
                    (self.language_cursor + 1).min(self.language_choices.len().saturating_sub(1));
            }
            (Mode::Languages, Action::Up) => {
                self.language_cursor = self.language_cursor.saturating_sub(1)
            }
            (Mode::Languages, Action::Open) => {
                self.update(Action::PickLanguage(self.language_cursor))
            }
            (Mode::Languages, Action::PickLanguage(index)) => {
                if let Some(lang) = self.language_choices.get(index).cloned() {
                    self.mode = Mode::Browse;
                    self.switch_language_to(Some(lang));
                }
            }
            (Mode::Languages, _) => self.mode = Mode::Browse,
            (Mode::Filter, Action::FilterChar(c)) => {
                self.filter.push(c);
                self.refilter(None);
                self.follow_selection();
            }
            (Mode::Filter, Action::FilterBackspace) => {
                self.filter.pop();
                self.refilter(None);
                self.follow_selection();
            }
            (Mode::Filter, Action::FilterAccept) => self.mode = Mode::Browse,
            (_, Action::FilterClear) => {
                let keep = self.selected_id();
                self.filter.clear();
                self.mode = Mode::Browse;
                self.refilter(keep);
                self.follow_selection();
            }
            (_, Action::ToggleHelp) => self.mode = Mode::Help,
            (_, Action::StartFilter) => {
                self.mode = Mode::Filter;
                self.focus = Pane::List;
            }
            (_, Action::Down) => self.move_by(1),
            (_, Action::Up) => self.move_by(-1),
            (_, Action::PageDown) => self.move_by(self.page()),
            (_, Action::PageUp) => self.move_by(-self.page()),
            (_, Action::Top) => self.move_by(isize::MIN / 2),
            (_, Action::Bottom) => self.move_by(isize::MAX / 2),
            (_, Action::Open) => {
                if self.focus == Pane::List {
                    if let Some(id) = self.selected_id() {
                        self.open(id);
                        self.focus = Pane::Reader;
                    }
                }
            }
            (_, Action::Back) => {
                if self.focus == Pane::Reader {
                    self.focus = Pane::List;
                    self.keep_selection_visible();
                } else if !self.filter.is_empty() {
                    self.update(Action::FilterClear);
                }
            }
            (_, Action::SwitchPane) => {
                if self.reading.is_some() {
                    self.focus = match self.focus {
                        Pane::List => Pane::Reader,
                        Pane::Reader => Pane::List,
                    };
                }
            }
            (_, Action::SwitchLanguage) => self.switch_language_to(None),
            (_, Action::ChooseLanguage) => self.offer_languages(),
            (_, Action::PickLanguage(_)) => {}
            (_, Action::Scroll { column, row, lines }) => {
                let panes = self.panes();
                if panes.reader.is_some_and(|r| contains(r, column, row)) {
                    self.scroll_reader(isize::from(lines));
                } else if panes.list.is_some_and(|r| contains(r, column, row)) {
                    self.move_selection(isize::from(lines));
                }
            }
            (_, Action::Click { column, row }) => self.click(column, row),
            (_, Action::FilterChar(_) | Action::FilterBackspace | Action::FilterAccept) => {}
        }
    }

    fn page(&self) -> isize {
        let panes = self.panes();
        let pane = match self.focus {
            Pane::List => panes.list,
            Pane::Reader => panes.reader,
        };
        pane.map_or(1, |p| inner_height(p).saturating_sub(1).max(1) as isize)
    }

    fn move_by(&mut self, delta: isize) {
        if self.focus == Pane::Reader && self.mode != Mode::Filter {
            self.scroll_reader(delta);
        } else {
            self.move_selection(delta);
        }
    }

    fn move_selection(&mut self, delta: isize) {
        if self.matches.is_empty() {
            self.selected = 0;
            return;
        }
        let last = self.matches.len() - 1;
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        self.follow_selection();
    }

    fn scroll_reader(&mut self, delta: isize) {
        self.scroll = self
            .scroll
            .saturating_add_signed(delta)
            .min(self.max_scroll());
    }

    fn max_scroll(&self) -> usize {
        let height = self.panes().reader.map_or(1, inner_height);
        self.reading
            .as_ref()
            .map_or(0, |r| r.lines.len().saturating_sub(height))
    }

    /// In the wide layout the reader shows the selected post.
    fn follow_selection(&mut self) {
        self.keep_selection_visible();
        if self.is_wide() {
            if let Some(id) = self.selected_id() {
                if self.reading.as_ref().map(|r| r.id) != Some(id) {
                    self.open(id);
                }
            }
        }
    }

    fn keep_selection_visible(&mut self) {
        let height = self
            .panes()
            .list
            .map_or(1, |p| inner_height(p).saturating_sub(1).max(1));
        if self.selected < self.list_offset {
            self.list_offset = self.selected;
        } else if self.selected >= self.list_offset + height {
            self.list_offset = self.selected + 1 - height;
        }
    }

    /// Recomputes the list for the current language and filter, selecting
    /// `keep` when it is still listed, else the first match.
    fn refilter(&mut self, keep: Option<PostId>) {
        let candidates = self.site.newest_first(Some(&self.lang));
        self.matches = self.filter_index.filter(&candidates, &self.filter);
        self.selected = keep
            .and_then(|id| self.matches.iter().position(|m| m.id == id))
            .unwrap_or(0);
        self.list_offset = 0;
        self.keep_selection_visible();
    }

    fn document(&mut self, id: PostId) -> Rc<Document> {
        let site = &self.site;
        Rc::clone(
            self.documents
                .entry(id)
                .or_insert_with(|| Rc::new(render::render_post(site, id))),
        )
    }

    fn open(&mut self, id: PostId) {
        self.scroll = 0;
        self.reading = Some(self.lay_out(id));
    }

    fn lay_out(&mut self, id: PostId) -> Reading {
        let width = self.panes().reader.map_or(80, text_width).max(20);
        let document = self.document(id);
        let theme = self.theme.clone();
        let mut heading_lines = Vec::new();
        let lines = self.layouts.get_or_layout(id, width, || {
            let (lines, block_lines) = wrap::layout_with_blocks(&document, width, &theme);
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
        Reading {
            id,
            lines,
            heading_lines,
        }
    }

    /// After a resize: lay the open post out again at the same place.
    fn relayout(&mut self) {
        if let Some(reading) = &self.reading {
            let (id, fraction) = (reading.id, self.fraction());
            self.reading = Some(self.lay_out(id));
            self.scroll = ((fraction * self.total_lines() as f64) as usize).min(self.max_scroll());
        } else {
            self.follow_selection();
        }
    }

    fn total_lines(&self) -> usize {
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

    /// The post `t` and `T` act on: the open one, else the selected one.
    fn current_post(&self) -> Option<PostId> {
        match (&self.reading, self.focus) {
            (Some(reading), Pane::Reader) => Some(reading.id),
            (Some(reading), Pane::List) if self.is_wide() => Some(reading.id),
            _ => self.selected_id(),
        }
    }

    /// `T`: the languages the current post exists in besides its own.
    fn offer_languages(&mut self) {
        let Some(current) = self.current_post() else {
            return;
        };
        let post = &self.site.posts[current];
        self.language_choices = self
            .site
            .languages
            .iter()
            .map(|l| l.code.clone())
            .filter(|lang| post.translations.contains_key(lang))
            .collect();
        if self.language_choices.is_empty() {
            self.message = Some(self.ui.text(Text::NoTranslation).to_string());
        } else {
            self.language_cursor = 0;
            self.mode = Mode::Languages;
        }
    }

    /// `t` (`wanted` = `None`: the next language that has one) and `T`:
    /// the open (or selected) post is replaced by its translation, at the
    /// same heading or the same proportion.
    fn switch_language_to(&mut self, wanted: Option<Lang>) {
        let Some(current) = self.current_post() else {
            return;
        };
        let post = &self.site.posts[current];
        let order: Vec<Lang> = self.site.languages.iter().map(|l| l.code.clone()).collect();
        let start = order.iter().position(|l| l == &post.lang).unwrap_or(0);
        let next = match wanted {
            Some(lang) => post.translations.get(&lang).map(|&id| (lang, id)),
            None => (1..=order.len())
                .map(|step| &order[(start + step) % order.len()])
                .find_map(|lang| post.translations.get(lang).map(|&id| (lang.clone(), id))),
        };
        let Some((lang, translation)) = next else {
            self.message = Some(self.ui.text(Text::NoTranslation).to_string());
            return;
        };
        // Where we are: the last heading above the top of the pane.
        let place = self.reading.as_ref().filter(|r| r.id == current).map(|r| {
            let heading = r
                .heading_lines
                .iter()
                .rposition(|&line| line <= self.scroll);
            (heading, self.fraction())
        });
        self.lang = lang;
        self.ui = Ui::for_lang(&self.lang);
        self.refilter(Some(translation));
        let was_reading = self.reading.is_some();
        if was_reading || self.is_wide() {
            self.reading = Some(self.lay_out(translation));
            self.scroll = match place {
                Some((Some(heading), _)) => self
                    .reading
                    .as_ref()
                    .and_then(|r| r.heading_lines.get(heading).copied())
                    .unwrap_or(0),
                Some((None, fraction)) => (fraction * self.total_lines() as f64) as usize,
                None => 0,
            }
            .min(self.max_scroll());
        }
    }

    fn click(&mut self, column: u16, row: u16) {
        let panes = self.panes();
        if let Some(list) = panes.list.filter(|r| contains(*r, column, row)) {
            let top = list.y + 1 + u16::from(self.shows_filter_line());
            if row >= top && row < list.y + list.height.saturating_sub(1) {
                let index = self.list_offset + usize::from(row - top);
                if index < self.matches.len() {
                    self.selected = index;
                    self.focus = Pane::List;
                    self.follow_selection();
                }
            }
        } else if panes.reader.is_some_and(|r| contains(r, column, row)) && self.reading.is_some() {
            self.focus = Pane::Reader;
        }
    }

    /// The list shows a filter line while typing or when a filter is kept.
    pub fn shows_filter_line(&self) -> bool {
        self.mode == Mode::Filter || !self.filter.is_empty()
    }
}

fn contains(rect: Rect, column: u16, row: u16) -> bool {
    column >= rect.x && column < rect.x + rect.width && row >= rect.y && row < rect.y + rect.height
}

/// The interface language a locale asks for (`LC_ALL`, `LC_MESSAGES`,
/// `LANG`, first set wins): `fr_CA.UTF-8` → `fr`.
pub fn locale_language(lookup: impl Fn(&str) -> Option<String>) -> Option<Lang> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|name| lookup(name).filter(|v| !v.is_empty()))
        .and_then(|value| {
            let code = value.split(['.', '@']).next().unwrap_or("");
            let lang = Lang::new(code);
            (!matches!(lang.primary(), "c" | "posix" | "")).then(|| Lang::new(lang.primary()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{self, Source};

    fn corpus_like_app(size: (u16, u16)) -> App {
        let site = content::load(&Source::sample());
        App::new(site, None, size, Theme::plain())
    }

    fn type_filter(app: &mut App, text: &str) {
        app.update(Action::StartFilter);
        for c in text.chars() {
            app.update(Action::FilterChar(c));
        }
    }

    #[test]
    fn selection_stays_valid_when_the_filter_empties_the_list() {
        let mut app = corpus_like_app((120, 40));
        type_filter(&mut app, "zzzzqqqxxx");
        assert!(app.matches.is_empty());
        assert_eq!(app.selected_id(), None);
        for action in [
            Action::Down,
            Action::Up,
            Action::Bottom,
            Action::Open,
            Action::SwitchLanguage,
        ] {
            app.update(action);
        }
        app.update(Action::FilterBackspace);
        assert!(app.selected < app.matches.len().max(1));
    }

    #[test]
    fn the_selection_stays_in_view() {
        let mut app = corpus_like_app((120, 14));
        app.update(Action::Bottom);
        let height = inner_height(app.panes().list.expect("wide")) - 1;
        assert!(app.selected >= app.list_offset && app.selected < app.list_offset + height);
    }

    #[test]
    fn resize_while_filtered_keeps_the_filter_and_selection() {
        let mut app = corpus_like_app((120, 40));
        type_filter(&mut app, "a");
        app.update(Action::FilterAccept);
        app.update(Action::Down);
        let selected = app.selected_id();
        app.update(Action::Resize(60, 20));
        assert_eq!(app.filter, "a");
        assert_eq!(app.selected_id(), selected);
        app.update(Action::Resize(200, 60));
        assert_eq!(app.selected_id(), selected);
    }

    #[test]
    fn capital_t_offers_every_language_and_digits_pick_one() {
        let dir = tempfile::tempdir().expect("temp dir");
        for (lang, title) in [("en", "Trails"), ("fr", "Sentiers"), ("iu", "ᐊᖅᑯᑎ")] {
            std::fs::create_dir_all(dir.path().join(lang)).expect("dir");
            std::fs::write(
                dir.path().join(lang).join("trails.md"),
                format!("---\ntitle: {title}\ntranslationKey: trails\n---\nText.\n"),
            )
            .expect("write");
        }
        let site = content::load(&Source::Directory(dir.path().to_path_buf()));
        let mut app = App::new(site, Some(Lang::new("en")), (120, 40), Theme::plain());
        app.update(Action::Open);
        app.update(Action::ChooseLanguage);
        assert_eq!(app.mode, Mode::Languages);
        assert_eq!(app.language_choices, [Lang::new("fr"), Lang::new("iu")]);
        app.update(Action::PickLanguage(1));
        assert_eq!(app.mode, Mode::Browse);
        assert_eq!(app.lang, Lang::new("iu"));
        let open = app
            .reading
            .as_ref()
            .map(|r| app.site.posts[r.id].title.clone());
        assert_eq!(open.as_deref(), Some("ᐊᖅᑯᑎ"));
        // `t` cycles on through the site's languages: iu → en.
        app.update(Action::SwitchLanguage);
        assert_eq!(app.lang, Lang::new("en"));
    }

    #[test]
    fn wheel_scrolls_the_pane_under_the_pointer_and_a_click_selects() {
        let mut app = corpus_like_app((120, 20));
        let panes = app.panes();
        let (list, reader) = (panes.list.expect("list"), panes.reader.expect("reader"));
        app.update(Action::Scroll {
            column: reader.x + 5,
            row: reader.y + 3,
            lines: 3,
        });
        assert_eq!(app.scroll, 3);
        assert_eq!(app.selected, 0, "the list did not move");
        app.update(Action::Scroll {
            column: list.x + 5,
            row: list.y + 3,
            lines: 3,
        });
        assert_eq!(app.selected, 3);
        app.update(Action::Click {
            column: list.x + 5,
            row: list.y + 2,
        });
        assert_eq!(app.selected, 1, "the second row");
        assert_eq!(app.reading.as_ref().map(|r| r.id), app.selected_id());
    }

    #[test]
    fn locale_gives_the_interface_language() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            locale_language(env(&[("LANG", "fr_CA.UTF-8")])),
            Some(Lang::new("fr"))
        );
        assert_eq!(
            locale_language(env(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "fr_CA")])),
            Some(Lang::new("en"))
        );
        assert_eq!(locale_language(env(&[("LANG", "C")])), None);
        assert_eq!(locale_language(env(&[])), None);
    }
}
