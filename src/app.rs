//! The reader's state and [`App::update`], the only place it changes.
//! Drawing ([`crate::ui`]) reads an `&App` and changes nothing: layouts it
//! needs are made here, when what they depend on changes.
//!
//! `update` dispatches; what each part of the reader does lives beside it,
//! one file a part: `list` (selection, filter), `reading` (the open
//! post, its links, find, contents), `history`, `languages`,
//! `site_search`, `addresses` (copy and open), `loading` (first load
//! and `R`).

pub mod action;
mod addresses;
mod dates;
mod editing;
pub mod facts;
pub mod field;
pub mod help;
mod highlighting;
mod history;
pub mod keymap;
mod languages;
mod layout;
mod list;
pub use layout::{
    Arrangement, DEFAULT_MEASURE, ListWidth, MAX_SCREEN, MIN_SIZE, Panes, WIDE, inner_height,
    panes, panes_arranged, reader_area, reader_area_arranged, text_width,
};
use list::{KeptList, ListFacts};
pub use list::{ListsToMake, MadeLists};
mod loading;
pub mod memory;
mod reading;
mod side_by_side;
mod site_search;
pub mod spots;

pub use side_by_side::{SideBySide, SideMatch, SideView, side_panes};
pub use site_search::SearchRequest;

use action::PASTE_LIMIT;

use self::action::Action;
use self::field::Field;
use self::spots::{LinkSpot, Spot};
use crate::content::links::Resolution;
use crate::content::{Lang, PostId, Site};
use crate::i18n::{Text, Ui};
use crate::render::{self, Document, wrap};
use crate::search::site::{Query, SearchResults, SiteIndex};
use crate::search::{FilterIndex, Match, MatchedBy};
use crate::theme::Theme;
use ratatui::layout::Rect;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

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
    /// The open post's facts (`i`).
    Facts,
    /// The address just copied, shown whole (`y`, `Y`).
    Copied,
    /// The site's bookmarks (`B`).
    Bookmarks,
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
    pub query: Field,
    pub results: SearchResults,
    /// Index into `results.hits` of the one under the cursor.
    pub cursor: usize,
    /// First hit shown.
    pub offset: usize,
    /// The post last opened from the results: while it is read, Esc goes
    /// back to them and `n`/`N` go on to the next or previous result.
    pub opened: Option<PostId>,
    /// Whether the user is choosing among the hits (arrows, or back from
    /// one) rather than typing: the focus is then the hit, else the caret.
    pub choosing: bool,
    /// The number of the newest search asked of the background; its
    /// answer is the one shown, older ones are let go.
    pub asked: u64,
    /// The search asked of the background and not answered yet.
    pub pending: Option<PendingSearch>,
    /// From how many indexed posts a search runs off the interface's
    /// thread ([`Effect::Search`]); below, it runs at once.
    pub background_from: usize,
}

/// A search the background runs, and what to keep when it answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PendingSearch {
    pub number: u64,
    /// The hit under the cursor before, and its row on screen: kept when
    /// the same query runs again over a larger index.
    pub keep: Option<(PostId, usize)>,
}

/// From how many indexed posts the site search runs in the background. At
/// 100,000 posts one query takes 5–20 ms, too much for a keystroke's
/// 16 ms beside drawing; at 20,000 about 2 ms, and answering at once is
/// simpler for everyone (results never lag the prompt).
pub const BACKGROUND_SEARCH_FROM: usize = 20_000;

/// From how many posts each language's list is made ahead. At 10,000
/// posts making one when `t` asks takes about 2 ms; at 100,000, 20 ms.
pub const LISTS_AHEAD_FROM: usize = 10_000;

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
    /// Read again only these files or directories (as the watcher names
    /// them) with [`crate::content::refresh::refresh`], keeping the other
    /// posts and their filter index entries, in the background; or the
    /// whole site when that cannot be done in part. Then as `Reload`.
    Refresh(Vec<std::path::PathBuf>),
    /// Read posts `ids` of the site into the site search's index, in the
    /// background, and hand the batches to [`App::receive_index`] with
    /// this `site` number.
    Index { site: u64, ids: Vec<PostId> },
    /// Make the lists that `t` and the sort key would show, in the
    /// background, and give them to [`App::receive_lists`].
    MakeLists(ListsToMake),
    /// Gather when each post of the site numbered `site` last changed (its
    /// git history, file times), in the background, judging translations
    /// stale past `stale_days`, and hand them to [`App::receive_dates`].
    GatherDates { site: u64, stale_days: i64 },
    /// Highlight the code blocks `jobs` of post `id` of the site numbered
    /// `site` off the interface's thread, and give the runs to
    /// [`App::receive_highlights`].
    Highlight {
        site: u64,
        id: PostId,
        jobs: Vec<crate::render::highlight::CodeJob>,
    },
    /// Give the terminal back and stop the process until it is continued
    /// (Ctrl-Z), then take the terminal again and draw it whole.
    Suspend,
    /// Run a site search off the interface's thread and give its results
    /// to [`App::search_done`]; a newer one makes it useless.
    Search(SearchRequest),
    /// Give the terminal to the user's editor on `line` (from 1) of the
    /// file at `path`, wait for it, take the terminal back, and tell
    /// [`App::editor_returned`].
    Edit {
        path: std::path::PathBuf,
        line: usize,
    },
}

/// What a reload replaced: at 100,000 posts the site alone takes a fifth
/// of a second to free, and its filter and search indexes more, so the
/// caller frees them off the interface's thread.
pub struct Replaced {
    pub site: Arc<Site>,
    pub filter_index: Arc<FilterIndex>,
    /// The site search's index, if the site had been searched.
    pub site_index: Option<Arc<SiteIndex>>,
}

/// A site with its indexes, loaded once and read by many sessions.
#[derive(Debug, Clone)]
pub struct Shared {
    pub site: Arc<Site>,
    pub filter_index: Arc<FilterIndex>,
    /// Complete: a session never adds to it.
    pub site_index: Option<Arc<SiteIndex>>,
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

/// What the list filter's candidates are made of: while it stays the
/// same, the candidates do.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FilteredFrom {
    listed: ListKey,
    tags: Vec<String>,
    deleted: Option<PostId>,
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
    pub query: Field,
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

/// The whole state of the reader.
#[derive(Debug)]
pub struct App {
    /// Shared, unchanged, by every session that reads it (`liseuse
    /// serve`); a reader loading its own site is its only owner.
    pub site: Arc<Site>,
    filter_index: Arc<FilterIndex>,
    /// The language being read: the list shows its posts.
    pub lang: Lang,
    /// The interface speaks the language being read.
    pub ui: Ui,
    pub mode: Mode,
    pub focus: Pane,
    pub filter: Field,
    /// What `i` shows.
    pub facts: facts::Facts,
    /// The address `y` or `Y` copied last, shown whole, and what it is.
    pub copied: Option<(Text, String)>,
    pub matches: Vec<Match>,
    /// How the matches were found: the list highlights by it.
    pub matched_by: MatchedBy,
    /// What the candidates of the matches were drawn from, when nothing
    /// else (no `is:` word) chose them: a query typed further over the
    /// same is matched within the matches.
    filtered_from: Option<FilteredFrom>,
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
    /// The terminal is larger than [`MAX_SCREEN`]: said in the status line
    /// whenever nothing else is, for as long as it lasts.
    oversize: bool,
    pub theme: Theme,
    /// The longest text line, however wide the pane ([`DEFAULT_MEASURE`]).
    pub measure: u16,
    /// How the panes share the screen.
    pub arrangement: Arrangement,
    /// The linear interface for screen readers and braille displays (see
    /// [`App::set_accessible`]); drawing reads it.
    pub accessible: bool,
    pub mouse: bool,
    /// Links written as terminal hyperlinks (OSC 8): `--no-hyperlinks`
    /// and `hyperlinks = false` turn it off.
    pub hyperlinks: bool,
    /// The keys in force: the defaults and the user's (`[keys]`).
    pub keys: keymap::Keymap,
    /// How the list writes dates (a `strftime` format), and the columns
    /// that takes; `None`: `2024-03-01`.
    pub date_format: Option<(String, u16)>,
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
    site_index: Option<Arc<SiteIndex>>,
    /// The index stopped filling (its thread failed): what it holds is
    /// searched, and it is no longer said to be indexing.
    index_stopped: bool,
    /// Counts the sites this reader has held (a reload brings a new one),
    /// so that index batches read from an earlier one are dropped.
    site_number: u64,
    /// The days a translation may fall behind before it is called stale,
    /// once [`App::date_translations`] asked for dates to be gathered.
    stale_days: Option<i64>,
    /// The posts of the list's language in the list's order, and what that
    /// order was made from.
    listed: Option<(ListKey, Vec<PostId>)>,
    /// What the rows of that list need to know of all of it.
    listed_facts: ListFacts,
    /// Lists not shown, with their facts: the one shown before, so that
    /// going back to it (`t`, `t`) is not sorting it again, and those made
    /// ahead ([`App::make_lists_ahead`]). Only the current site's.
    kept_lists: Vec<KeptList>,
    /// From how many posts lists are made ahead (below, making one when
    /// asked is not felt).
    pub lists_ahead_from: usize,
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
    /// The list's language was asked for on the command line (`--lang`):
    /// the last place read is come back to only if it is in it.
    pub lang_asked: bool,
    /// Files read and files to read while the site loads in the background.
    pub loading: Option<(usize, usize)>,
    /// What the loader sent while the site was lent to a search in the
    /// background, in order: applied once the search has given it back
    /// (see [`App::release_held`]).
    held_progress: Vec<crate::content::load::Progress>,
    /// Dates that came while the site was lent, with their site's number.
    held_dates: Option<(u64, crate::content::freshness::ChangeDates)>,
    /// Whether the site is being read again (`R`), in the background.
    pub reloading: bool,
    /// What changed on disk while the site was being read: read once
    /// that reading ends (one more reading, however many changes came
    /// meanwhile).
    pub changed_meanwhile: Option<crate::watch::Changes>,
    /// The file handed to the editor (`e`): read again when it returns.
    editing: Option<std::path::PathBuf>,
    /// The post that was open when its file was deleted on disk: kept at
    /// the end of the site's posts, out of the list, the search and the
    /// translations, so that it stays on screen (marked) until another is
    /// opened.
    pub deleted: Option<PostId>,
    /// Where the site was read from, to read it again (`R`).
    pub source: Option<crate::content::Source>,
    /// A session of `liseuse serve`: the files are not its user's to edit.
    pub served: bool,
    history: History,
    /// What is remembered of the site between runs; `None` with
    /// `--no-state` (and in a served session).
    memory: Option<memory::Memory>,
    /// The bookmarks listed by `B`, and the one under the cursor.
    pub bookmarks: Vec<memory::BookmarkRow>,
    pub bookmark_cursor: usize,
    /// The post beside its translation (`v`), while it is shown.
    pub side: Option<SideBySide>,
    /// Pairs laid out side by side, by posts, column width and whether
    /// interleaved (accessible).
    side_views: HashMap<(PostId, PostId, u16, bool), Rc<SideView>>,
    effects: Vec<Effect>,
    documents: HashMap<PostId, Rc<Document>>,
    layouts: wrap::LayoutCache,
    heading_cache: HashMap<(PostId, u16), Vec<usize>>,
}

impl App {
    /// The filter's index of the site's posts: shared with a background
    /// reading that keeps the entries of the posts it does not read.
    pub fn filter_index(&self) -> &Arc<FilterIndex> {
        &self.filter_index
    }

    /// A reader on `site`, showing `lang` (or the site's default language).
    pub fn new(site: Site, lang: Option<Lang>, size: (u16, u16), theme: Theme) -> App {
        let filter_index = FilterIndex::new(&site);
        App::sharing(
            Shared {
                site: Arc::new(site),
                filter_index: Arc::new(filter_index),
                site_index: None,
            },
            lang,
            size,
            theme,
        )
    }

    /// A reader on a site loaded and indexed once for several readers
    /// (`liseuse serve`): nothing of it is copied.
    pub fn sharing(shared: Shared, lang: Option<Lang>, size: (u16, u16), theme: Theme) -> App {
        let Shared {
            site,
            filter_index,
            site_index,
        } = shared;
        // `fr-ca` from a locale finds the site's `fr`.
        let lang = lang
            .and_then(|wanted| site.matching_language(&wanted))
            .unwrap_or_else(|| site.default_lang.clone());
        let mut app = App {
            ui: Ui::for_lang(&lang),
            lang,
            site,
            filter_index,
            mode: Mode::Browse,
            focus: Pane::List,
            filter: Field::default(),
            facts: facts::Facts::default(),
            copied: None,
            matches: Vec::new(),
            matched_by: MatchedBy::default(),
            selected: 0,
            list_offset: 0,
            reading: None,
            scroll: 0,
            size,
            message: None,
            oversize: false,
            theme,
            measure: DEFAULT_MEASURE,
            arrangement: Arrangement::default(),
            accessible: false,
            mouse: true,
            hyperlinks: true,
            keys: keymap::Keymap::default(),
            date_format: None,
            quit: false,
            language_choices: Vec::new(),
            language_targets: Vec::new(),
            language_cursor: 0,
            language_digits: String::new(),
            find: Find::default(),
            search: SiteSearch {
                background_from: BACKGROUND_SEARCH_FROM,
                ..SiteSearch::default()
            },
            site_index,
            index_stopped: false,
            site_number: 0,
            stale_days: None,
            listed: None,
            filtered_from: None,
            listed_facts: ListFacts::default(),
            kept_lists: Vec::new(),
            lists_ahead_from: LISTS_AHEAD_FROM,
            languages_read: Vec::new(),
            translation_places: HashMap::new(),
            selected_link: None,
            link_digits: String::new(),
            contents_cursor: 0,
            help_scroll: 0,
            sort: Sort::default(),
            graphical: false,
            lang_asked: false,
            source: None,
            served: false,
            loading: None,
            reloading: false,
            held_progress: Vec::new(),
            held_dates: None,
            changed_meanwhile: None,
            editing: None,
            deleted: None,
            history: History::default(),
            memory: None,
            bookmarks: Vec::new(),
            bookmark_cursor: 0,
            side: None,
            side_views: HashMap::new(),
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

    /// The linear interface for assistive technology, on or off: one pane
    /// at a time, posts written without drawing characters (headings
    /// marked `#`), rows and status changes as sentences, the cursor shown
    /// on the focus.
    pub fn set_accessible(&mut self, accessible: bool) {
        self.accessible = accessible;
        self.arrangement.one_pane |= accessible;
        // Layouts made with the other decoration are no longer right.
        self.layouts.clear();
        self.heading_cache.clear();
        self.side_views.clear();
        self.relayout();
        self.keep_selection_visible();
    }

    /// How the open post's structure is shown.
    pub fn decoration(&self) -> wrap::Decoration {
        if self.accessible {
            wrap::Decoration::Linear
        } else {
            wrap::Decoration::Drawn
        }
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

    /// The columns of the list's dates.
    pub fn date_columns(&self) -> u16 {
        self.date_format
            .as_ref()
            .map_or(10, |(_, columns)| *columns)
    }

    /// A date as the list writes it: `2024-03-01`, or in the user's
    /// format (checked when it was read, so it cannot fail here).
    pub fn list_date(&self, date: jiff::civil::Date) -> String {
        match &self.date_format {
            Some((format, _)) => jiff::fmt::strtime::format(format.as_str(), date)
                .unwrap_or_else(|_| date.to_string()),
            None => date.to_string(),
        }
    }

    /// Whether any post of the list has a date: an undated site's list
    /// has no date column.
    pub fn list_is_dated(&self) -> bool {
        self.listed_facts.dated
    }

    /// Whether another post of the list's language has the same title
    /// as post `id`: its row then says where it is.
    pub fn shares_title(&self, id: PostId) -> bool {
        self.listed_facts.shares_title(&self.site.posts[id].title)
    }

    /// The post under the list's selection, if the list is not empty.
    pub fn selected_id(&self) -> Option<PostId> {
        self.matches.get(self.selected).map(|m| m.id)
    }

    pub fn panes(&self) -> Panes {
        panes_arranged(self.size, self.focus, self.arrangement)
    }

    /// Where the open post is laid out and drawn, shown now or not.
    pub fn reader_area(&self) -> Rect {
        reader_area_arranged(self.size, self.arrangement)
    }

    /// Whether the list and the reader are side by side.
    fn is_wide(&self) -> bool {
        self.arrangement.list_beside(self.size.0).is_some()
    }

    /// What the event loop must do for the reader (copy, open a browser).
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// What the status line says of a terminal past [`MAX_SCREEN`].
    fn oversize_notice(&self) -> String {
        format!(
            "{} {}×{}",
            self.ui.text(Text::ScreenCapped),
            MAX_SCREEN.0,
            MAX_SCREEN.1
        )
    }

    /// The one place state changes.
    pub fn update(&mut self, action: Action) {
        if !matches!(action, Action::Resize(..) | Action::Scroll { .. }) {
            self.message = self.oversize.then(|| self.oversize_notice());
        }
        if !matches!(action, Action::Digit(_) | Action::Resize(..)) {
            self.link_digits.clear();
        }
        // Side by side, the reading keys move both posts; the rest waits
        // for one post again (see `side_key`).
        let action = if self.side.is_some() && self.mode == Mode::Browse {
            match self.side_key(action) {
                Some(action) => action,
                None => return,
            }
        } else {
            action
        };
        match (self.mode, action) {
            (_, Action::Quit) => self.quit = true,
            (_, Action::Resize(width, height)) => {
                // Past a screen this large, the buffers alone would take
                // gigabytes: that part is drawn, and the reader says so.
                self.oversize = width > MAX_SCREEN.0 || height > MAX_SCREEN.1;
                if self.oversize {
                    self.message = Some(self.oversize_notice());
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
                    Action::HalfPageDown => (page / 2).max(1),
                    Action::HalfPageUp => -(page / 2).max(1),
                    Action::Top => isize::MIN / 2,
                    Action::Bottom => isize::MAX / 2,
                    Action::Scroll { lines, .. } => isize::from(lines),
                    _ => 0,
                };
                let last = help::max_help_scroll(self.ui, self.size, &self.keys);
                self.help_scroll = self.help_scroll.saturating_add_signed(delta).min(last);
            }
            (Mode::Languages, action) => self.languages_key(action),
            (Mode::Contents, action) => self.contents_key(action),
            (Mode::Search, action) => self.search_key(action),
            (Mode::Facts, action) => self.facts_key(action),
            (Mode::Bookmarks, action) => self.bookmarks_key(action),
            // Esc or Enter closes the address shown; any other key closes it
            // and does what it does.
            (Mode::Copied, Action::Back | Action::Open) => self.mode = Mode::Browse,
            (Mode::Copied, action) => {
                self.mode = Mode::Browse;
                self.update(action);
            }
            (_, Action::ShowFacts) => self.show_facts(),
            (Mode::Find, Action::FilterChar(c)) => {
                self.insert_into(Prompt::Find, c.encode_utf8(&mut [0; 4]));
                self.refind(true);
            }
            (Mode::Find, Action::Insert(text)) => {
                self.insert_into(Prompt::Find, &text);
                self.refind(true);
            }
            (Mode::Find, Action::Edit(edit)) => {
                if self.find.query.edit(edit) {
                    self.refind(true);
                }
            }
            (Mode::Find, Action::FilterAccept) => {
                self.mode = Mode::Browse;
                if !self.find.query.is_empty() && self.found_count() == 0 {
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
            (Mode::Filter, Action::Edit(edit)) => {
                if self.filter.edit(edit) {
                    self.refilter(None);
                    self.follow_selection();
                }
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
            (_, Action::HalfPageDown) => self.move_by((self.page() / 2).max(1)),
            (_, Action::HalfPageUp) => self.move_by(-(self.page() / 2).max(1)),
            (_, Action::NextPost) => self.open_neighbour(1),
            (_, Action::PreviousPost) => self.open_neighbour(-1),
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
                } else if self.reading_a_search_result() {
                    self.mode = Mode::Search;
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
                self.search.choosing = false;
                if self.site_index.is_none() {
                    // Searched as it fills: at 100,000 posts reading every
                    // one takes seconds, and nothing waits for it.
                    self.site_index = Some(Arc::new(SiteIndex::new()));
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
            (_, Action::Watch(notice)) => self.watch_notice(notice),
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
            (_, Action::SideBySide) => self.enter_side_by_side(),
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
            (_, Action::OpenInEditor) => self.open_in_editor(),
            (_, Action::ToggleBookmark) => self.toggle_bookmark(),
            (_, Action::ShowBookmarks) => self.show_bookmarks(),
            (_, Action::RemoveBookmark) => {}
            // Outside a prompt, typed or pasted text means nothing.
            (
                _,
                Action::FilterChar(_) | Action::Insert(_) | Action::Edit(_) | Action::FilterAccept,
            ) => {}
        }
        // A post read with the keyboard in its pane is read, however it
        // was opened.
        self.note_reading();
    }

    fn page(&self) -> isize {
        let panes = self.panes();
        let pane = match self.focus {
            Pane::List => panes.list,
            Pane::Reader => panes.reader,
        };
        pane.map_or(1, |p| inner_height(p).saturating_sub(1).max(1) as isize)
    }

    /// The post `t` and `T` act on: the open one, else the selected one.
    fn current_post(&self) -> Option<PostId> {
        match (&self.reading, self.focus) {
            (Some(reading), Pane::Reader) => Some(reading.id),
            (Some(reading), Pane::List) if self.is_wide() => Some(reading.id),
            _ => self.selected_id(),
        }
    }

    /// Whether the list is empty because of the filter, the list in focus:
    /// the reader then shows no post.
    pub fn filter_keeps_nothing(&self) -> bool {
        self.matches.is_empty() && !self.filter.is_empty() && self.focus == Pane::List
    }

    /// The list shows a filter line while typing or when a filter is kept.
    pub fn shows_filter_line(&self) -> bool {
        self.mode == Mode::Filter || !self.filter.is_empty()
    }
}

fn contains(rect: Rect, column: u16, row: u16) -> bool {
    column >= rect.x && column < rect.x + rect.width && row >= rect.y && row < rect.y + rect.height
}

/// Whether the linear interface is asked for: `--accessible`, or
/// `LISEUSE_ACCESSIBLE` set to `1` (or `true`, `yes`, `on`).
pub fn accessible_requested(flag: bool, lookup: impl Fn(&str) -> Option<String>) -> bool {
    flag || lookup("LISEUSE_ACCESSIBLE").is_some_and(|value| {
        matches!(
            value.trim().to_ascii_lowercase().as_str(),
            "1" | "true" | "yes" | "on"
        )
    })
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
mod tests;
