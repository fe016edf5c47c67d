//! The reader's state and [`App::update`], the only place it changes.
//! Drawing ([`crate::ui`]) reads an `&App` and changes nothing: layouts it
//! needs are made here, when what they depend on changes.

pub mod action;
pub mod help;
pub mod keymap;
pub mod spots;

use action::PASTE_LIMIT;

use self::action::Action;
use self::spots::{LinkSpot, Spot};
use crate::content::links::Resolution;
use crate::content::{Lang, PostId, Site};
use crate::i18n::{Text, Ui};
use crate::render::{self, Document, wrap};
use crate::search::site::{IndexBatch, Query, SearchResults, SiteIndex};
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
    /// Typing a search in the open post.
    Find,
    /// The headings of the open post, to jump to one.
    Contents,
    /// Typing a search over every post of the site, results below.
    Search,
}

impl Mode {
    /// Whether keys type text rather than command.
    pub fn is_typing(self) -> bool {
        matches!(self, Mode::Filter | Mode::Find | Mode::Search)
    }
}

/// The search over every post (`s`).
#[derive(Debug, Default)]
pub struct SiteSearch {
    pub query: String,
    pub results: SearchResults,
    /// Index into `results.hits` of the one under the cursor.
    pub cursor: usize,
    /// First hit shown.
    pub offset: usize,
}

/// How many hits a search in the reader keeps.
const SEARCH_LIMIT: usize = 200;

/// The order of the list when no filter ranks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    NewestFirst,
    Title,
}

/// Something the reader asks of the terminal, done by the event loop
/// after [`App::update`] (which never writes to the terminal itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Put text on the clipboard (OSC 52, which works over SSH).
    Copy(String),
    /// Open a web address in the graphical session's browser.
    OpenInBrowser(String),
    /// Read the site again from its source, in the background, and give
    /// it to [`App::replace_site_indexed`] with its filter index.
    Reload,
    /// Read posts `ids` of the site into the site search's index, in the
    /// background, and hand the batches to [`App::receive_index`] with
    /// this `site` number.
    Index { site: u64, ids: Vec<PostId> },
    /// Give the terminal back and stop the process until it is continued
    /// (Ctrl-Z), then take the terminal again and draw it whole.
    Suspend,
}

/// What a reload replaced: at 100,000 posts the site alone takes a fifth
/// of a second to free, and its filter and search indexes more, so the
/// caller frees them off the interface's thread.
pub struct Replaced {
    pub site: Site,
    pub filter_index: FilterIndex,
    /// The site search's index, if the site had been searched.
    pub site_index: Option<SiteIndex>,
}

/// Work the event loop does for the reader on other threads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// The site's first reading, while the reader shows what has arrived.
    Load,
    /// Reading the site again (`R`).
    Reload,
    /// Filling the site search's index.
    Index,
}

/// What the list's order depends on: when none of it changed, the order
/// made last is the order still.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ListKey {
    site: u64,
    posts: usize,
    /// `None`: every language (`lang:any`).
    lang: Option<Lang>,
    sort: Sort,
}

/// A post and how far down it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub id: PostId,
    pub scroll: usize,
}

/// Where Backspace and `L` lead.
#[derive(Debug, Clone, Default)]
struct History {
    back: Vec<Place>,
    forward: Vec<Place>,
}

/// Places remembered behind the current one; older ones are forgotten.
const HISTORY_DEPTH: usize = 200;

/// The search in the open post.
#[derive(Debug, Clone, Default)]
pub struct Find {
    pub query: String,
    /// The site search's query, when the post was opened from it: its
    /// words and phrases are found rather than the text as typed.
    pub site_query: Option<Query>,
    pub matches: Vec<Spot>,
    /// Index into `matches` of the current one.
    pub current: usize,
}

/// The prompts text can be typed or pasted into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prompt {
    Filter,
    Find,
    Search,
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
    /// The text width of the pane it was laid out for ([`text_width`]):
    /// drawing it in a pane of another width would cut or misplace lines,
    /// so drawing checks it.
    pub width: u16,
    pub document: Rc<Document>,
    pub lines: Rc<wrap::Lines>,
    /// The line each heading of the post starts at, in order.
    pub heading_lines: Vec<usize>,
    /// Where the reference numbers of links are shown.
    pub links: Vec<LinkSpot>,
}

/// Where each pane sits on the screen; see [`panes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub list: Option<Rect>,
    pub reader: Option<Rect>,
    pub status: Rect,
}

/// The largest screen drawn (columns, rows); a larger one shows this
/// much in its top left corner.
pub const MAX_SCREEN: (u16, u16) = (1000, 500);

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

/// Where the reader's pane is for a screen of `size`, whether it is shown
/// now or not (a narrow screen shows it instead of the list): the one
/// width every post is laid out at, whatever opened it.
pub fn reader_area(size: (u16, u16)) -> Rect {
    match panes(size, Pane::Reader).reader {
        Some(area) => area,
        None => Rect::new(0, 0, size.0, size.1.saturating_sub(1)),
    }
}

/// The longest text line by default: past about 100 columns the eye
/// loses its way back to the next line's start.
pub const DEFAULT_MEASURE: u16 = 100;

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
    /// The longest text line, however wide the pane ([`DEFAULT_MEASURE`]).
    pub measure: u16,
    pub mouse: bool,
    pub quit: bool,
    /// The languages offered by `T`, and the one under the cursor.
    pub language_choices: Vec<Lang>,
    /// For each of `language_choices`, the post's translation into it.
    pub language_targets: Vec<Option<PostId>>,
    pub language_cursor: usize,
    /// Digits typed to choose a language by its number.
    language_digits: String,
    pub find: Find,
    pub search: SiteSearch,
    /// Started the first time the site is searched, filled in the
    /// background.
    site_index: Option<SiteIndex>,
    /// The index stopped filling (its thread failed): what it holds is
    /// searched, and it is no longer said to be indexing.
    index_stopped: bool,
    /// Counts the sites this reader has held (a reload brings a new one),
    /// so that index batches read from an earlier one are dropped.
    site_number: u64,
    /// The posts of the list's language in the list's order, and what that
    /// order was made from.
    listed: Option<(ListKey, Vec<PostId>)>,
    /// What the rows of that list need to know of all of it.
    listed_facts: ListFacts,
    /// See [`App::languages_read`].
    languages_read: Vec<Lang>,
    /// Where each language's version of the open post was left by `t`
    /// during this visit: going back is exact, only a first visit to a
    /// translation is mapped by heading and proportion.
    translation_places: HashMap<PostId, usize>,
    /// The selected link: an index into the open post's `links`.
    pub selected_link: Option<usize>,
    /// Digits typed to choose a link by its number.
    pub link_digits: String,
    /// The heading under the cursor in the contents.
    pub contents_cursor: usize,
    /// Lines of help scrolled past.
    pub help_scroll: usize,
    pub sort: Sort,
    /// Whether a browser can be opened here (a local graphical session).
    pub graphical: bool,
    /// Files read and files to read while the site loads in the background.
    pub loading: Option<(usize, usize)>,
    /// Whether the site is being read again (`R`), in the background.
    pub reloading: bool,
    /// Where the site was read from, to read it again (`R`).
    pub source: Option<crate::content::Source>,
    history: History,
    effects: Vec<Effect>,
    documents: HashMap<PostId, Rc<Document>>,
    layouts: wrap::LayoutCache,
    heading_cache: HashMap<(PostId, u16), Vec<usize>>,
}

impl App {
    /// A reader on `site`, showing `lang` (or the site's default language).
    pub fn new(site: Site, lang: Option<Lang>, size: (u16, u16), theme: Theme) -> App {
        // `fr-ca` from a locale finds the site's `fr`.
        let lang = lang
            .and_then(|wanted| site.matching_language(&wanted))
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
            measure: DEFAULT_MEASURE,
            mouse: true,
            quit: false,
            language_choices: Vec::new(),
            language_targets: Vec::new(),
            language_cursor: 0,
            language_digits: String::new(),
            find: Find::default(),
            search: SiteSearch::default(),
            site_index: None,
            index_stopped: false,
            site_number: 0,
            listed: None,
            listed_facts: ListFacts::default(),
            languages_read: Vec::new(),
            translation_places: HashMap::new(),
            selected_link: None,
            link_digits: String::new(),
            contents_cursor: 0,
            help_scroll: 0,
            sort: Sort::default(),
            graphical: false,
            source: None,
            loading: None,
            reloading: false,
            history: History::default(),
            effects: Vec::new(),
            documents: HashMap::new(),
            layouts: wrap::LayoutCache::default(),
            heading_cache: HashMap::new(),
        };
        app.languages_read = vec![app.lang.clone()];
        if app.site.default_lang != app.lang {
            app.languages_read.push(app.site.default_lang.clone());
        }
        app.refilter(None);
        app.follow_selection();
        app
    }

    /// Reads (lists, and speaks) `lang` from now on.
    fn set_lang(&mut self, lang: Lang) {
        self.ui = Ui::for_lang(&lang);
        self.languages_read.retain(|l| *l != lang);
        self.languages_read.insert(0, lang.clone());
        self.lang = lang;
    }

    /// The languages this reader has read in, the latest first: the list
    /// names a post's translations in these before the others.
    pub fn languages_read(&self) -> &[Lang] {
        &self.languages_read
    }

    /// Whether the list holds the posts of every language (`lang:any`):
    /// its rows then say each one's language.
    pub fn lists_every_language(&self) -> bool {
        self.listed
            .as_ref()
            .is_some_and(|(key, _)| key.lang.is_none())
    }

    /// Whether any post of the list has a date: an undated site's list
    /// has no date column.
    pub fn list_is_dated(&self) -> bool {
        self.listed_facts.dated
    }

    /// Whether another post of the list's language has the same title
    /// as post `id`: its row then says where it is.
    pub fn shares_title(&self, id: PostId) -> bool {
        self.listed_facts
            .title_counts
            .get(&title_hash(&self.site.posts[id].title))
            .is_some_and(|&count| count > 1)
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

    /// What the event loop must do for the reader (copy, open a browser).
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// The one place state changes.
    pub fn update(&mut self, action: Action) {
        if !matches!(action, Action::Resize(..) | Action::Scroll { .. }) {
            self.message = None;
        }
        if !matches!(action, Action::Digit(_) | Action::Resize(..)) {
            self.link_digits.clear();
        }
        match (self.mode, action) {
            (_, Action::Quit) => self.quit = true,
            (_, Action::Resize(width, height)) => {
                // Past a screen this large, the buffers alone would take
                // gigabytes: that part is drawn, and the reader says so.
                if width > MAX_SCREEN.0 || height > MAX_SCREEN.1 {
                    self.message = Some(format!(
                        "{} {}×{}",
                        self.ui.text(Text::ScreenCapped),
                        MAX_SCREEN.0,
                        MAX_SCREEN.1
                    ));
                }
                self.size = (width.min(MAX_SCREEN.0), height.min(MAX_SCREEN.1));
                self.relayout();
                self.keep_selection_visible();
            }
            (Mode::Help, Action::ToggleHelp | Action::Back) => self.mode = Mode::Browse,
            (Mode::Help, action) => {
                let page = help::help_rows(self.size).saturating_sub(1).max(1) as isize;
                let delta = match action {
                    Action::Down => 1,
                    Action::Up => -1,
                    Action::PageDown => page,
                    Action::PageUp => -page,
                    Action::Top => isize::MIN / 2,
                    Action::Bottom => isize::MAX / 2,
                    Action::Scroll { lines, .. } => isize::from(lines),
                    _ => 0,
                };
                let last = help::max_help_scroll(self.ui, self.size);
                self.help_scroll = self.help_scroll.saturating_add_signed(delta).min(last);
            }
            (Mode::Languages, action) => self.languages_key(action),
            (Mode::Contents, action) => self.contents_key(action),
            (Mode::Search, action) => self.search_key(action),
            (Mode::Find, Action::FilterChar(c)) => {
                self.insert_into(Prompt::Find, c.encode_utf8(&mut [0; 4]));
                self.refind(true);
            }
            (Mode::Find, Action::Insert(text)) => {
                self.insert_into(Prompt::Find, &text);
                self.refind(true);
            }
            (Mode::Find, Action::FilterBackspace) => {
                self.find.query.pop();
                self.refind(true);
            }
            (Mode::Find, Action::FilterAccept) => {
                self.mode = Mode::Browse;
                if !self.find.query.is_empty() && self.find.matches.is_empty() {
                    self.message = Some(self.ui.text(Text::NoMatch).to_string());
                }
            }
            (Mode::Find, Action::FilterClear) => {
                self.find = Find::default();
                self.mode = Mode::Browse;
            }
            (Mode::Find, Action::Down | Action::NextMatch) => self.step_match(1),
            (Mode::Find, Action::Up | Action::PreviousMatch) => self.step_match(-1),
            (Mode::Find, _) => {}
            (Mode::Filter, Action::FilterChar(c)) => {
                self.insert_into(Prompt::Filter, c.encode_utf8(&mut [0; 4]));
                self.refilter(None);
                self.follow_selection();
            }
            (Mode::Filter, Action::Insert(text)) => {
                self.insert_into(Prompt::Filter, &text);
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
            (_, Action::ToggleHelp) => {
                self.mode = Mode::Help;
                self.help_scroll = 0;
            }
            (_, Action::StartFilter) => {
                if self.focus == Pane::Reader && self.reading.is_some() {
                    self.mode = Mode::Find;
                    self.find = Find::default();
                } else {
                    self.mode = Mode::Filter;
                    self.focus = Pane::List;
                }
            }
            (_, Action::NextMatch) => self.step_match(1),
            (_, Action::PreviousMatch) => self.step_match(-1),
            (_, Action::Down) => self.move_by(1),
            (_, Action::Up) => self.move_by(-1),
            (_, Action::PageDown) => self.move_by(self.page()),
            (_, Action::PageUp) => self.move_by(-self.page()),
            (_, Action::Top) => self.move_by(isize::MIN / 2),
            (_, Action::Bottom) => self.move_by(isize::MAX / 2),
            (_, Action::Open) => {
                if self.focus == Pane::List {
                    if let Some(id) = self.selected_id() {
                        if self.reading.as_ref().map(|r| r.id) != Some(id) {
                            self.open(id);
                        }
                        self.focus = Pane::Reader;
                    }
                } else if self.selected_link.is_some() {
                    self.follow_selected_link();
                }
            }
            (_, Action::Back) => {
                if self.focus == Pane::Reader && self.selected_link.is_some() {
                    self.selected_link = None;
                } else if self.focus == Pane::Reader && !self.find.query.is_empty() {
                    self.find = Find::default();
                } else if self.focus == Pane::Reader {
                    self.focus = Pane::List;
                    self.keep_selection_visible();
                } else if !self.filter.is_empty() {
                    self.update(Action::FilterClear);
                }
            }
            (_, Action::SwitchPane) => self.switch_pane(),
            (_, Action::NextLink) => self.step_link(1),
            (_, Action::PreviousLink) => self.step_link(-1),
            (_, Action::Digit(digit)) => self.type_link_digit(digit),
            (_, Action::StartSiteSearch) => {
                self.mode = Mode::Search;
                if self.site_index.is_none() {
                    // Searched as it fills: at 100,000 posts reading every
                    // one takes seconds, and nothing waits for it.
                    self.site_index = Some(SiteIndex::new());
                    self.index_posts((0..self.site.posts.len()).collect());
                } else if !self.search.query.trim().is_empty() {
                    // What was indexed since it was last shown.
                    self.research();
                }
            }
            (_, Action::ShowContents) => self.show_contents(),
            (_, Action::HistoryBack) => self.history_step(false),
            (_, Action::HistoryForward) => self.history_step(true),
            (_, Action::CopyAddress) => self.copy_address(),
            (_, Action::CopyLink) => self.copy_link(),
            (_, Action::OpenInBrowser) => self.open_in_browser(),
            (_, Action::Reload) => {
                // Once at a time, and not while the first reading goes on.
                if !self.reloading && self.loading.is_none() {
                    self.reloading = true;
                    self.effects.push(Effect::Reload);
                }
            }
            (_, Action::ToggleSort) => {
                self.sort = match self.sort {
                    Sort::NewestFirst => Sort::Title,
                    Sort::Title => Sort::NewestFirst,
                };
                self.message = Some(
                    self.ui
                        .text(match self.sort {
                            Sort::NewestFirst => Text::SortedByDate,
                            Sort::Title => Text::SortedByTitle,
                        })
                        .to_string(),
                );
                let keep = self.selected_id();
                self.refilter(keep);
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
            (_, Action::Step(delta)) => self.move_by(delta),
            (_, Action::Suspend) => self.effects.push(Effect::Suspend),
            // Outside a prompt, typed or pasted text means nothing.
            (
                _,
                Action::FilterChar(_)
                | Action::Insert(_)
                | Action::FilterBackspace
                | Action::FilterAccept,
            ) => {}
        }
    }

    fn switch_pane(&mut self) {
        if self.reading.is_some() {
            self.focus = match self.focus {
                Pane::List => Pane::Reader,
                Pane::Reader => Pane::List,
            };
        }
    }

    /// The lines of the open post in view.
    fn visible_lines(&self) -> std::ops::Range<usize> {
        let height = inner_height(reader_area(self.size));
        self.scroll..self.scroll + height
    }

    /// Tab and Shift-Tab: the next (previous) link in view; from the list,
    /// or when no link is in view, Tab moves between the panes.
    fn step_link(&mut self, step: isize) {
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
    fn type_link_digit(&mut self, digit: u8) {
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
    fn reveal_line(&mut self, line: usize) {
        let height = inner_height(reader_area(self.size)).max(1);
        if line < self.scroll || line >= self.scroll + height {
            self.scroll = line.saturating_sub(height / 3).min(self.max_scroll());
        }
    }

    /// The reference of the selected link.
    fn selected_reference(&self) -> Option<&render::Reference> {
        let reading = self.reading.as_ref()?;
        let spot = reading.links.get(self.selected_link?)?;
        reading.document.references.get(spot.number.checked_sub(1)?)
    }

    /// The status line names where the selected link goes.
    fn announce_selected_link(&mut self) {
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
    fn follow_selected_link(&mut self) {
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
    fn heading_line(&self, anchor: &str) -> Option<usize> {
        let reading = self.reading.as_ref()?;
        match reading.document.find_anchor(anchor)? {
            render::AnchorTarget::Heading(index) => reading.heading_lines.get(index).copied(),
            render::AnchorTarget::Block(block) => {
                // Rare (an `<a id>` inside a paragraph): laid out once more
                // for the line each block starts at.
                let width = self.panes().reader.map_or(80, text_width).max(20);
                let (_, starts) = wrap::layout_with_blocks(&reading.document, width, &self.theme);
                starts.get(block).copied()
            }
        }
    }

    /// Scrolls to the heading `fragment` names, if any; the status line
    /// says when the post has no such heading.
    fn go_to_heading(&mut self, fragment: Option<&str>) {
        let Some(fragment) = fragment.filter(|f| !f.trim_start_matches('#').is_empty()) else {
            return;
        };
        match self.heading_line(fragment) {
            Some(line) => self.scroll = line.min(self.max_scroll()),
            None => self.message = Some(self.ui.text(Text::NoSuchHeading).to_string()),
        }
    }

    /// Where the reader is now, to come back to.
    fn current_place(&self) -> Option<Place> {
        self.reading.as_ref().map(|r| Place {
            id: r.id,
            scroll: self.scroll,
        })
    }

    fn remember_place(&mut self) {
        if let Some(place) = self.current_place() {
            self.history.back.push(place);
            if self.history.back.len() > HISTORY_DEPTH {
                self.history.back.remove(0);
            }
            self.history.forward.clear();
        }
    }

    /// Opens post `id` (at the heading `fragment` names), remembering the
    /// place left.
    pub fn visit(&mut self, id: PostId, fragment: Option<&str>) {
        self.remember_place();
        self.translation_places.clear();
        self.show_place(Place { id, scroll: 0 });
        self.go_to_heading(fragment);
    }

    /// The site read again (`R`): the open post stays open at the same
    /// place if it still exists, the selection and history follow their
    /// posts by path, and posts that are gone are simply no longer there.
    /// Returns what was replaced, for the caller to free where it costs
    /// nothing.
    pub fn replace_site(&mut self, site: Site) -> Replaced {
        let filter_index = FilterIndex::new(&site);
        self.replace_site_indexed(site, filter_index)
    }

    /// [`App::replace_site`], with the new site's filter index made
    /// already (on the thread that read it: at 100,000 posts it takes a
    /// good part of a second).
    pub fn replace_site_indexed(&mut self, site: Site, filter_index: FilterIndex) -> Replaced {
        self.reloading = false;
        let path_of = |app: &App, id: PostId| app.site.posts[id].path.clone();
        let open = self
            .current_place()
            .map(|p| (path_of(self, p.id), p.scroll));
        let selected = self.selected_id().map(|id| path_of(self, id));
        let history: Vec<(bool, std::path::PathBuf, usize)> = self
            .history
            .back
            .iter()
            .map(|p| (false, path_of(self, p.id), p.scroll))
            .chain(
                self.history
                    .forward
                    .iter()
                    .map(|p| (true, path_of(self, p.id), p.scroll)),
            )
            .collect();

        let old = Replaced {
            site: std::mem::replace(&mut self.site, site),
            filter_index: std::mem::replace(&mut self.filter_index, filter_index),
            site_index: self.site_index.take(),
        };
        self.site_number += 1;
        // Hits of the old site name its posts: they go with it.
        self.search.results = SearchResults::default();
        self.search.cursor = 0;
        self.search.offset = 0;
        if old.site_index.is_some() {
            self.site_index = Some(SiteIndex::new());
            self.index_stopped = false;
            self.index_posts((0..self.site.posts.len()).collect());
        }
        self.documents.clear();
        self.layouts.clear();
        self.heading_cache.clear();
        let find =
            |app: &App, path: &std::path::Path| app.site.posts.iter().position(|p| p.path == path);
        self.history = History::default();
        for (forward, path, scroll) in history {
            if let Some(id) = find(self, &path) {
                let place = Place { id, scroll };
                if forward {
                    self.history.forward.push(place);
                } else {
                    self.history.back.push(place);
                }
            }
        }
        if self.site.language(&self.lang).is_none() {
            self.set_lang(self.site.default_lang.clone());
        }
        let keep = selected.and_then(|path| find(self, &path));
        self.refilter(keep);
        self.reading = None;
        let reopened = open
            .as_ref()
            .and_then(|(path, scroll)| Some((find(self, path)?, *scroll)));
        match reopened {
            Some((id, scroll)) => {
                self.reading = Some(self.lay_out(id));
                self.scroll = scroll.min(self.max_scroll());
                self.after_open();
            }
            None => {
                if self.focus == Pane::Reader {
                    self.focus = Pane::List;
                }
                self.follow_selection();
            }
        }
        let gone = open.is_some() && reopened.is_none();
        self.message = Some(if gone {
            self.ui.text(Text::PostGone).to_string()
        } else {
            self.ui
                .labelled(Text::Reloaded, &self.ui.number(self.site.posts.len()))
        });
        old
    }

    /// A reader on a site still loading: `site` is what its configuration
    /// says (languages, layout), posts arrive through [`App::update_loading`].
    pub fn loading(site: Site, lang: Option<Lang>, size: (u16, u16), theme: Theme) -> App {
        let mut app = App::new(site, lang.clone(), size, theme);
        app.loading = Some((0, 0));
        // A language the configuration does not name may be the posts'
        // (a Jekyll site's `lang`): it is kept, and its posts fill the list
        // as they arrive, whatever the order they are read in.
        if let Some(wanted) = lang.filter(|l| app.site.matching_language(l).is_none()) {
            app.set_lang(wanted);
            app.refilter(None);
        }
        app
    }

    /// What the background loader has reported since last asked, in
    /// order. Posts join the list as they arrive (the filter and the
    /// selection hold), the list being sorted and filtered once for all of
    /// them; at the end the links between posts are put in and the open
    /// post is drawn again with them.
    pub fn update_loading(
        &mut self,
        arrived: impl IntoIterator<Item = crate::content::load::Progress>,
    ) {
        use crate::content::load::Progress;
        let mut grew = false;
        for progress in arrived {
            match progress {
                Progress::Started(_) => {}
                Progress::Found(total) => {
                    self.loading = Some((0, total));
                    // Exactly the room needed: doubling would leave up to half unused.
                    self.site.posts.reserve_exact(total);
                    self.filter_index.reserve_exact(total);
                }
                Progress::Posts { posts, files } => {
                    let first = self.site.posts.len();
                    self.filter_index.extend(&posts);
                    self.site.posts.extend(posts);
                    // A stopped index waits for the next site (`R`).
                    if self.site_index.is_some() && !self.index_stopped {
                        self.index_posts((first..self.site.posts.len()).collect());
                    }
                    if let Some((read, _)) = &mut self.loading {
                        *read = files;
                    }
                    grew = true;
                }
                Progress::Done(finish) => {
                    self.finish_loading(*finish);
                    grew = false;
                }
            }
        }
        if grew {
            let keep = self.selected_id();
            let offset = self.list_offset;
            self.refilter(keep);
            self.list_offset = offset;
            self.keep_selection_visible();
            if self.reading.is_none() {
                self.follow_selection();
            }
        }
    }

    fn finish_loading(&mut self, finish: crate::content::load::Finish) {
        let posts = std::mem::take(&mut self.site.posts);
        self.site = finish.complete(posts);
        self.loading = None;
        // Headers and link lists now know the translations.
        self.documents.clear();
        self.layouts.clear();
        self.heading_cache.clear();
        if self.site.language(&self.lang).is_none() {
            let lang = self
                .site
                .matching_language(&self.lang)
                .unwrap_or_else(|| self.site.default_lang.clone());
            self.set_lang(lang);
        }
        let keep = self.selected_id();
        self.refilter(keep);
        if let Some(place) = self.current_place() {
            self.reading = Some(self.lay_out(place.id));
            self.scroll = place.scroll.min(self.max_scroll());
            self.after_open();
        } else {
            self.follow_selection();
        }
    }

    /// Background `work` stopped before its end (its thread panicked,
    /// saying `cause` if it said anything). The reader goes on with what
    /// it has: the posts read so far, the site as it was, the index as far
    /// as it got; the status line says what stopped, and why.
    pub fn background_stopped(&mut self, work: Work, cause: Option<&str>) {
        let what = match work {
            Work::Load => {
                self.loading = None;
                let keep = self.selected_id();
                self.refilter(keep);
                Text::LoadStopped
            }
            Work::Reload => {
                self.reloading = false;
                Text::ReloadStopped
            }
            Work::Index => {
                self.index_stopped = true;
                Text::IndexStopped
            }
        };
        let cause = cause.map_or_else(
            || self.ui.text(Text::UnknownCause).to_string(),
            |cause| crate::text::sanitize_line(cause).into_owned(),
        );
        self.message = Some(self.ui.labelled(what, &cause));
    }

    /// Opens the reader on post `id`, as `liseuse open` asks: no place to
    /// go back to yet.
    pub fn start_at(&mut self, id: PostId) {
        self.start_at_heading(id, None);
    }

    /// [`App::start_at`], at the heading `fragment` names (`open URL#id`).
    pub fn start_at_heading(&mut self, id: PostId, fragment: Option<&str>) {
        self.show_place(Place { id, scroll: 0 });
        self.history = History::default();
        self.go_to_heading(fragment);
    }

    /// Backspace (`forward` false) and `L`.
    fn history_step(&mut self, forward: bool) {
        let (from, to) = if forward {
            (&mut self.history.forward, &mut self.history.back)
        } else {
            (&mut self.history.back, &mut self.history.forward)
        };
        let Some(place) = from.pop() else {
            self.message = Some(
                self.ui
                    .text(if forward {
                        Text::NothingForward
                    } else {
                        Text::NothingBack
                    })
                    .to_string(),
            );
            return;
        };
        if let Some(current) = self.reading.as_ref().map(|r| Place {
            id: r.id,
            scroll: self.scroll,
        }) {
            to.push(current);
        }
        self.show_place(place);
    }

    /// Shows `place` in the reader, in the post's language, with the list
    /// selecting it when it is listed.
    fn show_place(&mut self, place: Place) {
        let lang = self.site.posts[place.id].lang.clone();
        if lang != self.lang {
            self.set_lang(lang);
        }
        self.refilter(Some(place.id));
        self.reading = Some(self.lay_out(place.id));
        self.scroll = place.scroll.min(self.max_scroll());
        self.focus = Pane::Reader;
        self.after_open();
    }

    /// `c`: the headings of the open post.
    fn show_contents(&mut self) {
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

    fn contents_key(&mut self, action: Action) {
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

    fn search_key(&mut self, action: Action) {
        let count = self.search.results.hits.len();
        let last = count.saturating_sub(1);
        let page = self.search_page();
        match action {
            Action::FilterChar(c) => {
                self.insert_into(Prompt::Search, c.encode_utf8(&mut [0; 4]));
                self.research();
            }
            Action::Insert(text) => {
                self.insert_into(Prompt::Search, &text);
                self.research();
            }
            Action::FilterBackspace => {
                self.search.query.pop();
                self.research();
            }
            Action::Down => self.search.cursor = (self.search.cursor + 1).min(last),
            Action::Up => self.search.cursor = self.search.cursor.saturating_sub(1),
            Action::PageDown => self.search.cursor = (self.search.cursor + page).min(last),
            Action::PageUp => self.search.cursor = self.search.cursor.saturating_sub(page),
            Action::FilterAccept | Action::Open => self.open_search_hit(),
            // Esc leaves the search; the query and results wait for `s`.
            Action::FilterClear | Action::Back => self.mode = Mode::Browse,
            _ => {}
        }
        if self.search.cursor < self.search.offset {
            self.search.offset = self.search.cursor;
        } else if self.search.cursor >= self.search.offset + page {
            self.search.offset = self.search.cursor + 1 - page;
        }
    }

    /// Hits that fit on the screen, three lines each (title, snippet, gap).
    pub fn search_page(&self) -> usize {
        (usize::from(self.size.1.saturating_sub(4)) / 3).max(1)
    }

    /// Asks for posts `ids` to be read into the site search's index.
    fn index_posts(&mut self, ids: Vec<PostId>) {
        if !ids.is_empty() {
            self.effects.push(Effect::Index {
                site: self.site_number,
                ids,
            });
        }
    }

    /// Posts read for the site search's index (see [`Effect::Index`]).
    /// The search shown is run again over them, the hit under the cursor
    /// kept.
    pub fn receive_index(&mut self, batches: impl IntoIterator<Item = (u64, IndexBatch)>) {
        let Some(index) = &mut self.site_index else {
            return;
        };
        let mut grew = false;
        for (site, batch) in batches {
            if site == self.site_number {
                index.merge(batch);
                grew = true;
            }
        }
        // Out of sight the search waits: `s` runs it again.
        if !grew || self.mode != Mode::Search || self.search.query.trim().is_empty() {
            return;
        }
        let kept = self
            .search
            .results
            .hits
            .get(self.search.cursor)
            .map(|h| h.id);
        let offset = self.search.cursor.saturating_sub(self.search.offset);
        self.research();
        if let Some(at) =
            kept.and_then(|id| self.search.results.hits.iter().position(|h| h.id == id))
        {
            self.search.cursor = at;
            self.search.offset = at.saturating_sub(offset);
        }
    }

    /// While the site search's index fills: how many posts it holds, of
    /// how many.
    pub fn indexing(&self) -> Option<(usize, usize)> {
        if self.index_stopped {
            return None;
        }
        let indexed = self.site_index.as_ref()?.len();
        (indexed < self.site.posts.len()).then_some((indexed, self.site.posts.len()))
    }

    /// Runs the site search again for the query as typed.
    fn research(&mut self) {
        let Some(index) = &self.site_index else {
            return;
        };
        let query = Query::parse_incremental(&self.search.query);
        self.search.results = index.search(&self.site, &query, None, SEARCH_LIMIT);
        self.search.cursor = 0;
        self.search.offset = 0;
    }

    /// Enter on a hit: the post opens at the first match of the query,
    /// every match highlighted (`n` moves on).
    fn open_search_hit(&mut self) {
        let Some(id) = self
            .search
            .results
            .hits
            .get(self.search.cursor)
            .map(|h| h.id)
        else {
            return;
        };
        self.mode = Mode::Browse;
        self.visit(id, None);
        self.find = Find {
            query: self.search.query.clone(),
            site_query: Some(Query::parse(&self.search.query)),
            ..Find::default()
        };
        self.scroll = 0;
        self.refind(true);
    }

    /// `y`: the public web address of the open (or selected) post.
    fn copy_address(&mut self) {
        let Some(id) = self.current_post() else {
            return;
        };
        match self.site.public_address(&self.site.posts[id]) {
            Some(address) => self.copy_url(&address, Text::AddressCopied),
            None => self.message = Some(self.ui.text(Text::NoAddress).to_string()),
        }
    }

    /// The address a link leads to, absolute when it is a post of the site
    /// with a known public address.
    fn link_address(&self, reference: &render::Reference) -> String {
        let from = self.reading.as_ref().map(|r| r.id);
        match self.site.resolve(&reference.target, from) {
            Resolution::Post { id, fragment } => self
                .site
                .public_address(&self.site.posts[id])
                .map(|address| match fragment {
                    Some(fragment) => format!("{address}#{fragment}"),
                    None => address,
                })
                .unwrap_or_else(|| reference.target.clone()),
            _ => reference.target.clone(),
        }
    }

    /// `address` as a URL, parsed and written out again (spaces and
    /// control characters percent-encoded, line breaks dropped): what is
    /// copied or opened is a URL or nothing, never text that a shell or a
    /// browser would read as more than one. A relative address is taken
    /// from the open post's public address, when it has one.
    fn as_url(&self, address: &str) -> Option<url::Url> {
        match url::Url::parse(address) {
            Ok(url) => Some(url),
            Err(url::ParseError::RelativeUrlWithoutBase) => {
                let reading = self.reading.as_ref()?;
                let base = self.site.public_address(&self.site.posts[reading.id])?;
                url::Url::parse(&base).ok()?.join(address).ok()
            }
            Err(_) => None,
        }
    }

    /// `Y`: the selected link's address.
    fn copy_link(&mut self) {
        match self.selected_reference() {
            Some(reference) => {
                let address = self.link_address(reference);
                self.copy_url(&address, Text::LinkCopied);
            }
            None => self.message = Some(self.ui.text(Text::NoLinkSelected).to_string()),
        }
    }

    /// Copies `address` as a URL, or says it is none.
    fn copy_url(&mut self, address: &str, done: Text) {
        match self.as_url(address) {
            Some(url) => self.copy(url.into(), done),
            None => {
                let shown = crate::text::sanitize_line(address);
                self.message = Some(self.ui.labelled(Text::NotAUrl, &shown));
            }
        }
    }

    fn copy(&mut self, text: String, done: Text) {
        let text = crate::text::sanitize_line(&text).into_owned();
        self.message = Some(self.ui.labelled(done, &text));
        self.effects.push(Effect::Copy(text));
    }

    /// `o`: the selected link, else the post's address, in a browser, but
    /// only where one can show (never over SSH alone), and only a web
    /// address (http, https) that parses as one.
    fn open_in_browser(&mut self) {
        if !self.graphical {
            self.message = Some(self.ui.text(Text::NoGraphicalSession).to_string());
            return;
        }
        let address = match self.selected_reference() {
            Some(reference) => self.link_address(reference),
            None => match self
                .current_post()
                .and_then(|id| self.site.public_address(&self.site.posts[id]))
            {
                Some(address) => address,
                None => {
                    self.message = Some(self.ui.text(Text::NoAddress).to_string());
                    return;
                }
            },
        };
        let shown = |text: &str| crate::text::sanitize_line(text).into_owned();
        match self.as_url(&address) {
            Some(url) if matches!(url.scheme(), "http" | "https") => {
                let address = shown(url.as_str());
                self.message = Some(format!("{} {address}", self.ui.text(Text::OpeningBrowser)));
                self.effects.push(Effect::OpenInBrowser(address));
            }
            Some(url) => {
                self.message = Some(self.ui.labelled(Text::NotWebAddress, &shown(url.as_str())));
            }
            None => self.message = Some(self.ui.labelled(Text::NotAUrl, &shown(&address))),
        }
    }

    /// Recomputes the matches of the search in the post; with `jump`, shows
    /// the first match at or after the top of the pane.
    fn refind(&mut self, jump: bool) {
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
    fn step_match(&mut self, step: isize) {
        let count = self.find.matches.len();
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
    fn after_open(&mut self) {
        self.selected_link = None;
        self.link_digits.clear();
        if !self.find.query.is_empty() {
            self.refind(false);
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
        let height = inner_height(reader_area(self.size)).max(1);
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
        let (lang_word, filter) = crate::search::split_lang(&self.filter);
        // `lang:fr` lists another language's posts, `lang:any` every one.
        let list_lang = match lang_word.as_deref() {
            None => Some(self.lang.clone()),
            Some(word) if crate::search::means_every_language(word) => None,
            Some(word) => Some(
                self.site
                    .match_language(word)
                    .unwrap_or_else(|| Lang::new(word)),
            ),
        };
        let listed = ListKey {
            site: self.site_number,
            posts: self.site.posts.len(),
            lang: list_lang.clone(),
            sort: self.sort,
        };
        match &mut self.listed {
            Some((key, _)) if *key == listed => {}
            // Posts arrived: they join the order, which is not made again.
            Some((key, order))
                if listed.sort == Sort::NewestFirst
                    && listed.posts > key.posts
                    && ListKey {
                        posts: listed.posts,
                        ..key.clone()
                    } == listed =>
            {
                let from = key.posts;
                self.site
                    .extend_newest_first(order, from, list_lang.as_ref());
                *key = listed;
                let joined: Vec<PostId> = (from..self.site.posts.len())
                    .filter(|&id| {
                        list_lang
                            .as_ref()
                            .is_none_or(|l| self.site.posts[id].lang == *l)
                    })
                    .collect();
                self.listed_facts.add(&self.site, &joined);
            }
            _ => {
                // Sorted once for each keystroke would be 10 ms at 100,000 posts.
                let order = match self.sort {
                    Sort::NewestFirst => self.site.newest_first(list_lang.as_ref()),
                    Sort::Title => self.site.by_title(list_lang.as_ref()),
                };
                self.listed_facts = ListFacts::default();
                self.listed_facts.add(&self.site, &order);
                self.listed = Some((listed, order));
            }
        }
        let order = self.listed.as_ref().map_or(&[][..], |(_, order)| order);
        let (tags, words) = crate::search::split_tags(&filter);
        let tagged: Vec<PostId>;
        let candidates = if tags.is_empty() {
            order
        } else {
            tagged = order
                .iter()
                .copied()
                .filter(|&id| crate::search::has_tags(&self.site.posts[id], &tags))
                .collect();
            &tagged
        };
        self.matches = self.filter_index.filter(candidates, &words);
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
        self.translation_places.clear();
        self.reading = Some(self.lay_out(id));
        self.after_open();
    }

    /// Post `id` laid out for the reader's pane at the current size: the
    /// pane's text width, at most the measure.
    fn lay_out(&mut self, id: PostId) -> Reading {
        let pane_width = text_width(reader_area(self.size));
        let width = pane_width.min(self.measure.max(20));
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
    fn relayout(&mut self) {
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

    /// Adds `text` to a prompt as one edit: line breaks become spaces,
    /// controls are dropped, and the prompt holds at most
    /// [`PASTE_LIMIT`] characters (the status line says what was left out).
    fn insert_into(&mut self, prompt: Prompt, text: &str) {
        let field = match prompt {
            Prompt::Filter => &mut self.filter,
            Prompt::Find => &mut self.find.query,
            Prompt::Search => &mut self.search.query,
        };
        let room = PASTE_LIMIT.saturating_sub(field.chars().count());
        let mut kept = 0;
        let mut dropped = 0;
        for c in text.chars() {
            let c = match c {
                '\n' | '\r' | '\t' => ' ',
                c if crate::text::is_unsafe_for_terminal(c) => continue,
                c => c,
            };
            if kept < room {
                field.push(c);
                kept += 1;
            } else {
                dropped += 1;
            }
        }
        if dropped > 0 {
            self.message = Some(self.ui.labelled(Text::PasteCut, &self.ui.number(dropped)));
        }
    }

    /// `T`: every language of the site but the one read, in the site's
    /// order, each with the current post's translation into it if any.
    fn offer_languages(&mut self) {
        let current = self.current_post();
        let own = current.map_or(&self.lang, |id| &self.site.posts[id].lang);
        let choices: Vec<(Lang, Option<PostId>)> = self
            .site
            .languages
            .iter()
            .map(|l| &l.code)
            .filter(|lang| *lang != own)
            .map(|lang| {
                let translation = current
                    .and_then(|id| self.site.posts[id].translations.get(lang))
                    .copied();
                (lang.clone(), translation)
            })
            .collect();
        if choices.is_empty() {
            self.message = Some(self.ui.text(Text::NoOtherLanguage).to_string());
            return;
        }
        (self.language_choices, self.language_targets) = choices.into_iter().unzip();
        // The cursor starts on the first language the post is written in.
        self.language_cursor = self
            .language_targets
            .iter()
            .position(Option::is_some)
            .unwrap_or(0);
        self.language_digits.clear();
        self.mode = Mode::Languages;
    }

    /// Keys in `T`'s list: arrows and Enter, or a language's number (two
    /// digits past nine: `1` waits for a second one when there are ten).
    fn languages_key(&mut self, action: Action) {
        let count = self.language_choices.len();
        let last = count.saturating_sub(1);
        match action {
            Action::Down => self.language_cursor = (self.language_cursor + 1).min(last),
            Action::Up => self.language_cursor = self.language_cursor.saturating_sub(1),
            Action::PageDown | Action::Bottom => self.language_cursor = last,
            Action::PageUp | Action::Top => self.language_cursor = 0,
            Action::Open => self.pick_language(self.language_cursor),
            Action::PickLanguage(index) => self.pick_language(index),
            Action::Digit(digit) => {
                self.language_digits.push(char::from(b'0' + digit));
                let mut number: usize = self.language_digits.parse().unwrap_or(0);
                if number == 0 || number > count {
                    self.language_digits = char::from(b'0' + digit).to_string();
                    number = usize::from(digit);
                }
                if number == 0 || number > count {
                    self.language_digits.clear();
                } else if number * 10 > count {
                    self.pick_language(number - 1);
                } else {
                    self.language_cursor = number - 1;
                }
            }
            _ => self.mode = Mode::Browse,
        }
    }

    /// Reads in the language at `index` of `T`'s list: the post's
    /// translation when it has one, else the list of that language's posts.
    fn pick_language(&mut self, index: usize) {
        let Some(lang) = self.language_choices.get(index).cloned() else {
            return;
        };
        self.mode = Mode::Browse;
        self.language_digits.clear();
        if self
            .language_targets
            .get(index)
            .copied()
            .flatten()
            .is_some()
        {
            self.switch_language_to(Some(lang));
            return;
        }
        self.set_lang(lang);
        self.refilter(None);
        self.focus = Pane::List;
        self.follow_selection();
        let name = self.site.language_name(&self.lang);
        self.message = Some(format!(
            "{} {name}",
            self.ui.text(Text::NoTranslationListing)
        ));
    }

    /// What `t` opens: the current post's translation into the next of the
    /// site's languages (in the site's order, round) that has one.
    pub fn next_translation(&self) -> Option<(Lang, PostId)> {
        let post = &self.site.posts[self.current_post()?];
        let order: Vec<&Lang> = self.site.languages.iter().map(|l| &l.code).collect();
        let start = order.iter().position(|l| **l == post.lang).unwrap_or(0);
        (1..=order.len())
            .map(|step| order[(start + step) % order.len()])
            .find_map(|lang| post.translations.get(lang).map(|&id| (lang.clone(), id)))
            // Translations into languages the configuration does not name.
            .or_else(|| {
                post.translations
                    .iter()
                    .next()
                    .map(|(lang, &id)| (lang.clone(), id))
            })
    }

    /// `t` (`wanted` = `None`: the next language that has one) and `T`:
    /// the open (or selected) post is replaced by its translation, at the
    /// same heading or the same proportion.
    fn switch_language_to(&mut self, wanted: Option<Lang>) {
        let Some(current) = self.current_post() else {
            return;
        };
        let post = &self.site.posts[current];
        let next = match wanted {
            Some(lang) => post.translations.get(&lang).map(|&id| (lang, id)),
            None => self.next_translation(),
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
        if let Some(reading) = self.reading.as_ref().filter(|r| r.id == current) {
            self.translation_places.insert(reading.id, self.scroll);
        }
        self.set_lang(lang);
        self.refilter(Some(translation));
        let was_reading = self.reading.is_some();
        if was_reading || self.is_wide() {
            self.reading = Some(self.lay_out(translation));
            let left_here = self.translation_places.get(&translation).copied();
            self.scroll = match (left_here, place) {
                (Some(line), _) => line,
                (None, Some((Some(heading), _))) => self
                    .reading
                    .as_ref()
                    .and_then(|r| r.heading_lines.get(heading).copied())
                    .unwrap_or(0),
                (None, Some((None, fraction))) => (fraction * self.total_lines() as f64) as usize,
                (None, None) => 0,
            }
            .min(self.max_scroll());
            self.after_open();
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

/// What the rows of a list need to know of the whole list.
#[derive(Debug, Default)]
struct ListFacts {
    /// Whether any post of it has a date.
    dated: bool,
    /// How many of its posts have each title (by the title's hash: at
    /// 100,000 posts, copies of the titles would cost megabytes).
    title_counts: HashMap<u64, u32>,
}

impl ListFacts {
    fn add(&mut self, site: &Site, ids: &[PostId]) {
        for &id in ids {
            let post = &site.posts[id];
            self.dated |= post.sort_date().is_some();
            *self
                .title_counts
                .entry(title_hash(&post.title))
                .or_default() += 1;
        }
    }
}

fn title_hash(title: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0).hash_one(title)
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

    fn open_sample(app: &mut App, slug: &str) -> PostId {
        let id = app.site.find(slug).expect("a sample post");
        app.visit(id, None);
        id
    }

    #[test]
    fn y_copies_the_public_address_through_an_effect() {
        let mut app = corpus_like_app((120, 40));
        open_sample(&mut app, "reading-offline");
        app.update(Action::CopyAddress);
        let effects = app.take_effects();
        assert_eq!(
            effects,
            [Effect::Copy(
                "https://workshop.example.ca/2024/03/04/reading-offline/".to_string()
            )]
        );
        assert!(
            app.message
                .as_deref()
                .is_some_and(|m| m.starts_with("Address copied"))
        );
        assert!(app.take_effects().is_empty(), "effects are taken once");
    }

    #[test]
    fn a_link_chosen_by_number_is_copied_as_a_public_address() {
        let mut app = corpus_like_app((120, 40));
        let from = open_sample(&mut app, "reading-offline");
        let references = app.reading.as_ref().map(|r| r.document.references.clone());
        let references = references.expect("open");
        let internal = references
            .iter()
            .find(|r| r.target.contains("offline-first-checklist"))
            .expect("the post links to the checklist");
        for digit in internal.number.to_string().bytes() {
            app.update(Action::Digit(digit - b'0'));
        }
        let selected = app.selected_link.expect("chosen by number");
        assert_eq!(
            app.reading.as_ref().map(|r| r.links[selected].number),
            Some(internal.number)
        );
        app.update(Action::CopyLink);
        assert_eq!(
            app.take_effects(),
            [Effect::Copy(
                "https://workshop.example.ca/2024/02/01/offline-first-checklist/".to_string()
            )]
        );
        app.update(Action::Open);
        let to = app.reading.as_ref().map(|r| r.id).expect("open");
        assert_ne!(to, from);
        assert_eq!(app.site.posts[to].title, "An offline-first checklist");
    }

    /// Chooses the link of the open post whose target holds `part`.
    fn choose_link(app: &mut App, part: &str) {
        let references = app.reading.as_ref().map(|r| r.document.references.clone());
        let reference = references
            .expect("open")
            .into_iter()
            .find(|r| r.target.contains(part))
            .expect("the link");
        for digit in reference.number.to_string().bytes() {
            app.update(Action::Digit(digit - b'0'));
        }
    }

    /// What `Y` copies and `o` opens is a URL, written by the `url` crate:
    /// a space or a line break in a link never makes it text a shell would
    /// read as more words, and `o` says why it opens nothing.
    #[test]
    fn links_are_copied_and_opened_only_as_urls() {
        let post = "# Links\n\n[spaced](<https://safe.example/ touch pwned>) \
                    [mail](mailto:someone@example.org) [bad](http://[::1/x) \
                    [relative](other-page/)\n";
        let site =
            content::load::load_text(std::path::Path::new("post.md"), post.as_bytes().to_vec());
        let mut app = App::new(site, None, (120, 40), Theme::plain());
        app.visit(0, None);
        app.graphical = true;
        choose_link(&mut app, "safe.example");
        app.update(Action::CopyLink);
        assert_eq!(
            app.take_effects(),
            [Effect::Copy(
                "https://safe.example/%20touch%20pwned".to_string()
            )]
        );
        app.update(Action::OpenInBrowser);
        assert_eq!(
            app.take_effects(),
            [Effect::OpenInBrowser(
                "https://safe.example/%20touch%20pwned".to_string()
            )]
        );
        choose_link(&mut app, "mailto:");
        app.update(Action::OpenInBrowser);
        assert!(app.take_effects().is_empty());
        let said = app.message.clone().unwrap_or_default();
        assert!(said.starts_with("Not a web address"), "{said}");
        assert!(!said.contains("baseURL"), "{said}");
        choose_link(&mut app, "[::1");
        app.update(Action::CopyLink);
        assert!(app.take_effects().is_empty());
        let said = app.message.clone().unwrap_or_default();
        assert!(said.starts_with("Not a valid address"), "{said}");
        // No public address to take a relative link from: not copied.
        choose_link(&mut app, "other-page");
        app.update(Action::CopyLink);
        assert!(app.take_effects().is_empty());
    }

    #[test]
    fn an_unknown_link_number_says_so() {
        let mut app = corpus_like_app((120, 40));
        open_sample(&mut app, "reading-offline");
        app.update(Action::Digit(9));
        app.update(Action::Digit(9));
        assert!(app.message.as_deref().is_some_and(|m| m.contains("[9]")));
    }

    #[test]
    fn history_is_empty_at_first_and_says_so() {
        let mut app = corpus_like_app((120, 40));
        app.update(Action::HistoryBack);
        assert_eq!(app.message.as_deref(), Some("Nothing to go back to"));
        app.update(Action::HistoryForward);
        assert_eq!(app.message.as_deref(), Some("Nothing to go forward to"));
    }

    #[test]
    fn going_back_to_a_post_in_the_other_language_switches_the_list() {
        let mut app = corpus_like_app((120, 40));
        let english = open_sample(&mut app, "reading-offline");
        let french = open_sample(&mut app, "lire-hors-ligne");
        assert_eq!(app.lang, Lang::new("fr"));
        app.update(Action::HistoryBack);
        assert_eq!(app.reading.as_ref().map(|r| r.id), Some(english));
        assert_eq!(app.lang, Lang::new("en"));
        assert_eq!(app.ui, Ui::En);
        app.update(Action::HistoryForward);
        assert_eq!(app.reading.as_ref().map(|r| r.id), Some(french));
    }

    #[test]
    fn the_list_sorts_by_title_and_back_by_date() {
        let mut app = corpus_like_app((120, 40));
        let by_date: Vec<PostId> = app.matches.iter().map(|m| m.id).collect();
        app.update(Action::ToggleSort);
        let titles: Vec<String> = app
            .matches
            .iter()
            .map(|m| crate::search::fold(&app.site.posts[m.id].title).text)
            .collect();
        assert!(titles.windows(2).all(|w| w[0] <= w[1]), "{titles:?}");
        assert_eq!(app.message.as_deref(), Some("Sorted by title"));
        app.update(Action::ToggleSort);
        let again: Vec<PostId> = app.matches.iter().map(|m| m.id).collect();
        assert_eq!(again, by_date);
    }

    #[test]
    fn hash_filters_by_tag() {
        let mut app = corpus_like_app((120, 40));
        let tagged = app
            .site
            .posts
            .iter()
            .filter(|p| p.lang == app.lang)
            .flat_map(|p| p.tags.iter())
            .next()
            .cloned()
            .expect("the sample has tags");
        type_filter(&mut app, &format!("#{}", tagged.to_uppercase()));
        assert!(!app.matches.is_empty());
        for matched in &app.matches {
            let post = &app.site.posts[matched.id];
            assert!(
                post.tags
                    .iter()
                    .chain(&post.categories)
                    .any(|t| t.eq_ignore_ascii_case(&tagged)),
                "{} lacks #{tagged}",
                post.title
            );
        }
    }

    #[test]
    fn the_search_in_the_post_follows_resizes() {
        let mut app = corpus_like_app((120, 40));
        open_sample(&mut app, "reading-offline");
        app.update(Action::StartFilter);
        assert_eq!(app.mode, Mode::Find, "/ in the reader searches the post");
        for c in "offline".chars() {
            app.update(Action::FilterChar(c));
        }
        app.update(Action::FilterAccept);
        let wide = app.find.matches.len();
        assert!(wide > 0);
        app.update(Action::Resize(60, 30));
        assert_eq!(app.find.matches.len(), wide, "same matches, moved");
        let reading = app.reading.as_ref().expect("open");
        for found in &app.find.matches {
            let text = spots::line_text(&reading.lines[found.line]).to_lowercase();
            assert!(text.contains("offline"), "{text}");
        }
        app.update(Action::Back);
        assert!(app.find.query.is_empty(), "Esc ends the search first");
        assert_eq!(app.focus, Pane::Reader);
    }

    #[test]
    fn reloading_keeps_the_open_post_and_place_and_survives_deletions() {
        let dir = tempfile::tempdir().expect("temp dir");
        let write = |name: &str, title: &str, paragraphs: usize| {
            let body = "A paragraph long enough to wrap over a few lines of a narrow pane.\n\n"
                .repeat(paragraphs);
            std::fs::write(
                dir.path().join(name),
                format!(
                    "---\ntitle: {title}\ndate: 2024-01-0{}\n---\n{body}",
                    paragraphs % 9 + 1
                ),
            )
            .expect("write");
        };
        write("long.md", "Long", 40);
        write("other.md", "Other", 2);
        let source = Source::Directory(dir.path().to_path_buf());
        let mut app = App::new(content::load(&source), None, (120, 30), Theme::plain());
        let long = app.site.find("long").expect("loaded");
        app.visit(long, None);
        app.update(Action::PageDown);
        let scroll = app.scroll;
        assert!(scroll > 0);

        // The open post changes on disk (same length), another disappears.
        write("long.md", "Long, revised", 40);
        std::fs::remove_file(dir.path().join("other.md")).expect("remove");
        app.replace_site(content::load(&source));
        let open = app
            .reading
            .as_ref()
            .map(|r| app.site.posts[r.id].title.clone());
        assert_eq!(open.as_deref(), Some("Long, revised"));
        assert_eq!(app.scroll, scroll, "same place");
        assert_eq!(app.matches.len(), 1);
        assert!(app.message.as_deref().is_some_and(|m| m.contains('1')));

        // Now the open post itself is deleted.
        std::fs::remove_file(dir.path().join("long.md")).expect("remove");
        app.replace_site(content::load(&source));
        assert!(app.reading.is_none());
        assert!(app.matches.is_empty());
        assert_eq!(
            app.message.as_deref(),
            Some("Site read again; the open post is gone")
        );
        for action in [
            Action::Down,
            Action::Open,
            Action::HistoryBack,
            Action::CopyAddress,
        ] {
            app.update(action);
        }
    }

    /// A reader on the sample as the background loader starts it, and
    /// what the loader reports after that, in order.
    fn loading_app() -> (App, Vec<crate::content::load::Progress>) {
        use crate::content::load::{Progress, load_in_batches};
        let mut reports = Vec::new();
        load_in_batches(&Source::sample(), |progress| reports.push(progress));
        let mut reports = reports.into_iter();
        let Some(Progress::Started(site)) = reports.next() else {
            panic!("the loader starts with the site's configuration");
        };
        let app = App::loading(*site, Some(Lang::new("en")), (120, 40), Theme::plain());
        (app, reports.collect())
    }

    /// A Jekyll site whose languages only its posts name: English posts
    /// first in the order they are read, then French ones.
    fn jekyll_site_of_two_languages() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temporary directory");
        for (path, text) in [
            ("_config.yml", "title: Two languages\n".to_string()),
            (
                "_posts/2020-01-01-a-first.md",
                "---\ntitle: First\nlang: en\n---\nText.\n".to_string(),
            ),
            (
                "_posts/2020-01-02-b-second.md",
                "---\ntitle: Second\nlang: en\n---\nText.\n".to_string(),
            ),
            (
                "_posts/2020-01-03-z-premier.md",
                "---\ntitle: Premier\nlang: fr\n---\nTexte.\n".to_string(),
            ),
        ] {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("directories");
            std::fs::write(path, text).expect("written");
        }
        dir
    }

    #[test]
    fn the_reading_language_waits_for_its_posts_whatever_arrives_first() {
        use crate::content::load::{Progress, load_in_batches};
        let dir = jekyll_site_of_two_languages();
        let source = Source::from_path(dir.path()).expect("a site");
        let mut reports = Vec::new();
        load_in_batches(&source, |progress| reports.push(progress));
        let mut reports = reports.into_iter();
        let Some(Progress::Started(site)) = reports.next() else {
            panic!("the loader starts with the site's configuration");
        };
        let mut app = App::loading(*site, Some(Lang::new("fr-ca")), (80, 24), Theme::plain());
        assert_eq!(app.lang.primary(), "fr");
        assert_eq!(app.ui, Ui::Fr);
        for report in reports {
            app.update_loading([report]);
            assert_eq!(app.lang.primary(), "fr", "kept while posts arrive");
        }
        assert!(app.loading.is_none());
        assert_eq!(app.lang, Lang::new("fr"));
        let titles: Vec<&str> = app
            .matches
            .iter()
            .map(|m| app.site.posts[m.id].title.as_str())
            .collect();
        assert_eq!(titles, ["Premier"]);
    }

    #[test]
    fn a_reload_hands_back_the_old_site_and_its_indexes_to_free() {
        let mut app = corpus_like_app((120, 40));
        let posts = app.site.posts.len();
        app.update(Action::StartSiteSearch);
        let old = app.replace_site(content::load(&Source::sample()));
        assert_eq!(old.site.posts.len(), posts);
        assert!(old.site_index.is_some(), "the search index goes with it");
        assert!(app.site_index.is_some(), "and a new one starts");
        drop(old);
        let old = app.replace_site(content::load(&Source::sample()));
        assert!(old.site_index.is_some());
    }

    #[test]
    fn a_load_that_stops_keeps_the_posts_read_so_far() {
        use crate::content::load::Progress;
        let (mut app, reports) = loading_app();
        // Everything but the end: the loader's thread failed before `Done`.
        app.update_loading(
            reports
                .into_iter()
                .filter(|p| !matches!(p, Progress::Done(_))),
        );
        assert!(app.loading.is_some());
        app.background_stopped(Work::Load, Some("disk gone"));
        assert_eq!(app.loading, None, "no longer said to be loading");
        assert!(!app.matches.is_empty(), "the posts read are listed");
        assert_eq!(
            app.message.as_deref(),
            Some("Reading the site stopped: disk gone")
        );
    }

    #[test]
    fn posts_join_the_list_as_they_load_and_links_come_last() {
        use crate::content::load::Progress;
        let (mut app, reports) = loading_app();
        assert!(app.matches.is_empty());
        assert_eq!(app.loading, Some((0, 0)));
        type_filter(&mut app, "offline");
        for progress in reports {
            let done = matches!(progress, Progress::Done(_));
            if let Progress::Posts { files, .. } = &progress {
                assert!(*files > 0);
            }
            if done {
                // Before the links: the open post does not know its translation.
                let open = app.reading.as_ref().map(|r| r.id).expect("a post opened");
                assert!(app.site.posts[open].translations.is_empty());
            }
            app.update_loading([progress]);
        }
        assert_eq!(app.loading, None);
        assert!(
            !app.matches.is_empty(),
            "the filter held while posts arrived"
        );
        let whole = content::load(&Source::sample());
        assert_eq!(app.site.posts.len(), whole.posts.len());
        assert_eq!(app.site.translation_pairs(), whole.translation_pairs());
        let open = app.reading.as_ref().map(|r| r.id).expect("still open");
        assert!(
            !app.site.posts[open].translations.is_empty(),
            "linked at the end"
        );
        app.update(Action::SwitchLanguage);
        assert_eq!(app.lang, Lang::new("fr"));
    }

    #[test]
    fn the_site_search_is_indexed_in_the_background_and_a_reload_starts_it_again() {
        use crate::search::site::IndexBatch;
        let mut app = corpus_like_app((120, 40));
        let all = app.site.posts.len();
        let read = |app: &App, ids: &[PostId]| {
            let posts: Vec<(PostId, &crate::content::Post)> =
                ids.iter().map(|&id| (id, &app.site.posts[id])).collect();
            IndexBatch::new(&posts)
        };
        app.update(Action::StartSiteSearch);
        let Some(Effect::Index { site, ids }) = app.take_effects().pop() else {
            panic!("`s` asks for the posts to be indexed");
        };
        assert_eq!(ids.len(), all);
        assert_eq!(app.indexing(), Some((0, all)), "nothing waited for it");
        let old = read(&app, &ids);
        // A reload while indexing: the batches of the old site are dropped
        // and the new one is asked for.
        app.replace_site(content::load(&Source::sample()));
        let Some(Effect::Index { site: newer, ids }) = app.take_effects().pop() else {
            panic!("the new site is indexed in its turn");
        };
        assert_ne!(site, newer);
        app.receive_index([(site, old)]);
        assert_eq!(app.indexing(), Some((0, app.site.posts.len())));
        let new = read(&app, &ids);
        app.receive_index([(newer, new)]);
        assert_eq!(app.indexing(), None);
        // Leaving the search and coming back does not index again.
        app.update(Action::Back);
        app.update(Action::StartSiteSearch);
        assert!(app.take_effects().is_empty());
    }

    #[test]
    fn batches_that_arrive_together_are_listed_as_if_one_by_one() {
        use crate::content::load::{Progress, load_in_batches};
        let start = |reports: &mut std::vec::IntoIter<Progress>| {
            let Some(Progress::Started(site)) = reports.next() else {
                panic!("the loader starts with the site's configuration");
            };
            App::loading(*site, Some(Lang::new("fr")), (120, 40), Theme::plain())
        };
        let mut one_by_one = Vec::new();
        load_in_batches(&Source::sample(), |progress| one_by_one.push(progress));
        let mut one_by_one = one_by_one.into_iter();
        let mut first = start(&mut one_by_one);
        type_filter(&mut first, "e");
        for progress in one_by_one {
            first.update_loading([progress]);
        }
        let mut together = Vec::new();
        load_in_batches(&Source::sample(), |progress| together.push(progress));
        let mut together = together.into_iter();
        let mut second = start(&mut together);
        type_filter(&mut second, "e");
        // Everything but the end, then the end.
        let mut rest: Vec<Progress> = together.collect();
        let done = rest.pop().expect("the end");
        second.update_loading(rest);
        // Every file is read (posts and files skipped), the links still to come.
        let files = first.site.posts.len() + first.site.skipped.len();
        assert_eq!(second.loading.map(|(read, _)| read), Some(files));
        second.update_loading([done]);
        assert_eq!(second.loading, None);
        assert!(!second.matches.is_empty());
        assert_eq!(second.matches, first.matches);
        assert_eq!(second.selected_id(), first.selected_id());
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
