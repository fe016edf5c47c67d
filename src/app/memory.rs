//! What the reader remembers of the site between runs (see
//! [`crate::state`]): the place to come back to, read marks, bookmarks and
//! what is new since the previous visit. The app never reads or writes
//! the file: the caller hands it the state read ([`App::remember`]), asks
//! for the state to write ([`App::state_to_save`]) and gives back what the
//! file holds after merging ([`App::state_saved`]).

use super::*;
use crate::state::{self, Last, Mark, Seen, SiteState};

/// A post read, as its file is now.
const READ: u8 = 1;
const BOOKMARKED: u8 = 2;
/// Added or changed since the previous visit.
const NEW: u8 = 4;

/// Where a reader with a remembered state starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// At the last place read, in its language.
    LastPlace,
    /// At the top of the list (`--fresh`), or at a post asked for: the
    /// last place is then the latest in the history.
    Elsewhere,
}

/// The state of the site and what the reader worked out of it.
#[derive(Debug, Default)]
pub struct Memory {
    state: SiteState,
    /// What the site held at the previous visit.
    previous: Option<Seen>,
    /// [`state::content_hash`] of each post's text, by post (as read).
    hashes: Vec<u64>,
    /// [`READ`], [`BOOKMARKED`], [`NEW`], by post.
    flags: Vec<u8>,
    /// Something to write since the last save.
    changed: bool,
    /// The place written last: the place is written again when it moved.
    saved_place: Option<Mark>,
    /// The last place read with the keyboard in the reader, and the site
    /// (its number) whose post it is: a post a wide screen only shows
    /// beside the list is not a place the user read.
    reading_place: Option<(u64, Place)>,
    /// The place to open once its post has arrived.
    resume: Option<Mark>,
    /// Places of earlier runs to put behind the current one once the
    /// site is whole.
    history: Vec<Mark>,
    /// What the site holds now has been put in `state.seen`.
    seen_recorded: bool,
    /// A save failed: said once, not at every attempt.
    save_failed: bool,
}

/// A bookmark as the `B` popup lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookmarkRow {
    pub path: std::path::PathBuf,
    /// The post, if the site still has it.
    pub id: Option<PostId>,
    pub mark: Mark,
    pub at: u64,
}

/// An `is:` word of the filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IsWord {
    Read,
    Unread,
    Bookmarked,
    New,
    /// A word this reader does not know: it keeps nothing.
    Unknown,
}

impl IsWord {
    /// `is:unread` and its French forms; `None` while only `is:` is typed.
    pub fn parse(word: &str) -> Option<IsWord> {
        let value = word.strip_prefix("is:")?;
        Some(match value.to_lowercase().as_str() {
            "" => return None,
            "read" | "lu" => IsWord::Read,
            "unread" | "nonlu" | "non-lu" => IsWord::Unread,
            "bookmarked" | "marqué" | "marque" | "signet" => IsWord::Bookmarked,
            "new" | "nouveau" => IsWord::New,
            _ => IsWord::Unknown,
        })
    }

    fn keeps(self, flags: u8) -> bool {
        match self {
            IsWord::Read => flags & READ != 0,
            IsWord::Unread => flags & READ == 0,
            IsWord::Bookmarked => flags & BOOKMARKED != 0,
            IsWord::New => flags & NEW != 0,
            IsWord::Unknown => false,
        }
    }
}

/// The `is:` words of a filter, and the filter without them.
pub fn split_is(filter: &str) -> (Vec<IsWord>, String) {
    let mut words = Vec::new();
    let mut rest = Vec::new();
    for word in filter.split_whitespace() {
        match IsWord::parse(word) {
            Some(is) => words.push(is),
            // `is:` alone, while it is typed, changes nothing.
            None if word == "is:" => {}
            None => rest.push(word),
        }
    }
    (words, rest.join(" "))
}

impl App {
    /// Gives the reader the state remembered of its site, and where to
    /// start: at the last place read, or where it is (a post asked for,
    /// or the list). Posts not loaded yet are looked for as they arrive.
    pub fn remember(&mut self, state: SiteState, start: Start) {
        let mut memory = Memory {
            previous: state.seen.clone(),
            saved_place: state.last.as_ref().map(|l| l.place.clone()),
            ..Memory::default()
        };
        if let Some(last) = &state.last {
            memory.history = last.history.clone();
            match start {
                // Unless the user opened a post already (a wide screen
                // shows the selected one, which the user did not open).
                Start::LastPlace if self.reading.is_none() || self.focus != Pane::Reader => {
                    memory.resume = Some(last.place.clone());
                }
                _ => memory.history.push(last.place.clone()),
            }
        }
        memory.state = state;
        self.memory = Some(memory);
        self.remember_posts(0);
        self.try_resume();
        if self.loading.is_none() {
            self.site_complete();
        }
    }

    /// Whether the reader remembers anything (not with `--no-state`).
    pub fn remembers(&self) -> bool {
        self.memory.is_some()
    }

    /// Whether post `id` was read as its file is now.
    pub fn is_read(&self, id: PostId) -> bool {
        self.flags(id) & READ != 0
    }

    pub fn is_bookmarked(&self, id: PostId) -> bool {
        self.flags(id) & BOOKMARKED != 0
    }

    fn flags(&self, id: PostId) -> u8 {
        self.memory
            .as_ref()
            .and_then(|m| m.flags.get(id).copied())
            .unwrap_or(0)
    }

    /// Works out hashes and marks of posts from `first` on (they arrived).
    pub(super) fn remember_posts(&mut self, first: PostId) {
        let Some(memory) = &mut self.memory else {
            return;
        };
        memory.hashes.truncate(first);
        memory.flags.truncate(first);
        let posts = &self.site.posts[first.min(self.site.posts.len())..];
        memory
            .hashes
            .extend(posts.iter().map(|post| post.text.hash()));
        for id in first..self.site.posts.len() {
            let flags = post_flags(memory, &self.site.posts[id].path, memory.hashes[id]);
            memory.flags.push(flags);
        }
    }

    /// Opens the remembered place if its post has arrived.
    pub(super) fn try_resume(&mut self) {
        let Some(memory) = &self.memory else {
            return;
        };
        let Some(mark) = &memory.resume else {
            return;
        };
        let open = self.reading.as_ref().map(|r| &self.site.posts[r.id].path);
        if open == Some(&mark.path) {
            // Shown already; its line is set again once the site is whole.
            return;
        }
        // The user opened something meanwhile: that wins.
        if open.is_some() && self.focus == Pane::Reader {
            if let Some(memory) = &mut self.memory {
                memory.resume = None;
            }
            return;
        }
        // Not under a prompt or a popup the user is in.
        if self.mode != Mode::Browse {
            return;
        }
        let Some(id) = self.site.posts.iter().position(|p| p.path == mark.path) else {
            return;
        };
        if self.lang_asked && self.site.posts[id].lang != self.lang {
            // `--lang` named another language: its list, and the place
            // left behind Backspace, as with `--fresh`.
            if let Some(memory) = &mut self.memory {
                memory.history.extend(memory.resume.take());
            }
            return;
        }
        let mark = mark.clone();
        self.show_place(Place { id, scroll: 0 });
        self.scroll = mark.scroll_in(self.total_lines()).min(self.max_scroll());
        if self.loading.is_none() {
            if let Some(memory) = &mut self.memory {
                memory.resume = None;
            }
        }
        self.note_reading();
    }

    /// The site is whole: the places of earlier runs go behind the
    /// current one, the remembered place is shown at its line (the
    /// layout now has its translations), and what the site holds is what
    /// the next visit compares with.
    pub(super) fn site_complete(&mut self) {
        let Some(memory) = &mut self.memory else {
            return;
        };
        let resume = memory.resume.take();
        let earlier = std::mem::take(&mut memory.history);
        let fingerprints = {
            let mut all: Vec<u64> = self
                .site
                .posts
                .iter()
                .zip(&memory.hashes)
                .map(|(post, &hash)| state::fingerprint(&post.path, hash))
                .collect();
            all.sort_unstable();
            all.dedup();
            all
        };
        memory.state.seen = Some(Seen {
            at: state::now_ms(),
            fingerprints,
        });
        memory.seen_recorded = true;
        memory.changed = true;
        let places: Vec<Place> = earlier
            .iter()
            .filter_map(|mark| {
                let id = self.site.posts.iter().position(|p| p.path == mark.path)?;
                Some(Place {
                    id,
                    scroll: mark.scroll,
                })
            })
            .collect();
        let mut back = places;
        back.append(&mut self.history.back);
        let excess = back.len().saturating_sub(HISTORY_DEPTH);
        back.drain(..excess);
        self.history.back = back;
        if let (Some(mark), Some(reading)) = (resume, &self.reading) {
            if self.site.posts[reading.id].path == mark.path {
                self.scroll = mark.scroll_in(self.total_lines()).min(self.max_scroll());
            }
        }
    }

    /// The post in the reader's pane with the keyboard is read.
    pub(super) fn note_reading(&mut self) {
        if self.focus != Pane::Reader {
            return;
        }
        let Some(id) = self.reading.as_ref().map(|r| r.id) else {
            return;
        };
        let Some(memory) = &mut self.memory else {
            return;
        };
        memory.reading_place = Some((
            self.site_number,
            Place {
                id,
                scroll: self.scroll,
            },
        ));
        let (Some(&hash), Some(flags)) = (memory.hashes.get(id), memory.flags.get_mut(id)) else {
            return;
        };
        if *flags & READ != 0 {
            return;
        }
        *flags |= READ;
        let path = self.site.posts[id].path.clone();
        memory.state.mark_read(path, hash, state::now_ms());
        memory.changed = true;
    }

    /// `m`: the bookmark of the open post at its place (of the selected
    /// post when the list has the keyboard) set, or removed.
    pub(super) fn toggle_bookmark(&mut self) {
        let reading = self.reading.as_ref().map(|r| r.id);
        let target = match self.focus {
            Pane::Reader => reading,
            Pane::List => self.selected_id(),
        };
        let Some(id) = target else {
            return;
        };
        if self.memory.is_none() {
            self.message = Some(self.ui.text(Text::NoState).to_string());
            return;
        }
        let (scroll, lines) = if reading == Some(id) {
            (self.scroll, self.total_lines())
        } else {
            (0, 0)
        };
        let path = self.site.posts[id].path.clone();
        let now = state::now_ms();
        let Some(memory) = &mut self.memory else {
            return;
        };
        let said = if memory.state.is_bookmarked(&path) {
            memory.state.remove_bookmark(&path, now);
            Text::BookmarkRemoved
        } else {
            memory.state.add_bookmark(path, scroll, lines, now);
            Text::Bookmarked
        };
        memory.changed = true;
        self.refresh_flags();
        self.message = Some(self.ui.text(said).to_string());
    }

    /// The bookmarks of the site, every language, newest first.
    pub fn bookmark_rows(&self) -> Vec<BookmarkRow> {
        let Some(memory) = &self.memory else {
            return Vec::new();
        };
        let mut rows: Vec<BookmarkRow> = memory
            .state
            .bookmarks
            .iter()
            .map(|(path, bookmark)| BookmarkRow {
                path: path.to_path_buf(),
                id: self.site.posts.iter().position(|p| p.path == **path),
                mark: Mark {
                    path: path.to_path_buf(),
                    scroll: bookmark.scroll,
                    lines: bookmark.lines,
                },
                at: bookmark.at,
            })
            .collect();
        rows.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| a.path.cmp(&b.path)));
        rows
    }

    /// `B`: the bookmarks, to open one or remove it.
    pub(super) fn show_bookmarks(&mut self) {
        if self.memory.is_none() {
            self.message = Some(self.ui.text(Text::NoState).to_string());
            return;
        }
        self.bookmarks = self.bookmark_rows();
        if self.bookmarks.is_empty() {
            self.message = Some(self.ui.text(Text::NoBookmarks).to_string());
            return;
        }
        self.bookmark_cursor = 0;
        self.mode = Mode::Bookmarks;
    }

    /// Keys in the bookmarks popup.
    pub(super) fn bookmarks_key(&mut self, action: Action) {
        let last = self.bookmarks.len().saturating_sub(1);
        match action {
            Action::Down => self.bookmark_cursor = (self.bookmark_cursor + 1).min(last),
            Action::Up => self.bookmark_cursor = self.bookmark_cursor.saturating_sub(1),
            Action::Top => self.bookmark_cursor = 0,
            Action::Bottom => self.bookmark_cursor = last,
            Action::Back | Action::ShowBookmarks => self.mode = Mode::Browse,
            Action::Open => {
                let Some(row) = self.bookmarks.get(self.bookmark_cursor).cloned() else {
                    return;
                };
                let Some(id) = row.id else {
                    self.message = Some(self.ui.text(Text::BookmarkGone).to_string());
                    return;
                };
                self.mode = Mode::Browse;
                self.remember_place();
                self.translation_places.clear();
                self.show_place(Place { id, scroll: 0 });
                self.scroll = row
                    .mark
                    .scroll_in(self.total_lines())
                    .min(self.max_scroll());
            }
            Action::RemoveBookmark => {
                let Some(row) = self.bookmarks.get(self.bookmark_cursor).cloned() else {
                    return;
                };
                if let Some(memory) = &mut self.memory {
                    memory.state.remove_bookmark(&row.path, state::now_ms());
                    memory.changed = true;
                }
                self.refresh_flags();
                self.bookmarks.remove(self.bookmark_cursor);
                self.bookmark_cursor = self
                    .bookmark_cursor
                    .min(self.bookmarks.len().saturating_sub(1));
                self.message = Some(self.ui.text(Text::BookmarkRemoved).to_string());
                if self.bookmarks.is_empty() {
                    self.mode = Mode::Browse;
                }
            }
            Action::Quit => self.quit = true,
            _ => {}
        }
    }

    /// The marks of every post worked out again (the state changed as a
    /// whole: a merge, a bookmark), and the list with them if it filters
    /// on them.
    fn refresh_flags(&mut self) {
        if let Some(memory) = &mut self.memory {
            let flags: Vec<u8> = self
                .site
                .posts
                .iter()
                .zip(&memory.hashes)
                .map(|(post, &hash)| post_flags(memory, &post.path, hash))
                .collect();
            memory.flags = flags;
        }
        if !split_is(&self.filter).0.is_empty() {
            let keep = self.selected_id();
            self.refilter(keep);
        }
    }

    /// Whether `id` passes the filter's `is:` words.
    pub(super) fn passes(&self, id: PostId, words: &[IsWord]) -> bool {
        let flags = self.flags(id);
        words.iter().all(|word| word.keeps(flags))
    }

    /// The state to write, if anything changed since the last save: the
    /// place moved, a post was read, a bookmark set or removed.
    pub fn state_to_save(&mut self) -> Option<SiteState> {
        let place = self
            .memory
            .as_ref()
            .and_then(|m| m.reading_place)
            .filter(|&(site, place)| site == self.site_number && place.id < self.site.posts.len())
            .map(|(_, place)| self.mark_of(place));
        let history: Vec<Mark> = {
            let back = &self.history.back;
            back[back.len().saturating_sub(state::HISTORY_KEPT)..]
                .iter()
                .map(|&place| self.mark_of(place))
                .collect()
        };
        let memory = self.memory.as_mut()?;
        if let Some(place) = place {
            if memory.saved_place.as_ref() != Some(&place) {
                memory.state.last = Some(Last {
                    at: state::now_ms(),
                    place: place.clone(),
                    history,
                });
                memory.saved_place = Some(place);
                memory.changed = true;
            }
        }
        if !memory.changed {
            return None;
        }
        memory.changed = false;
        Some(memory.state.clone())
    }

    /// What the file holds after saving (this reader's state merged with
    /// others'): the reader goes on with it, and with what changed here
    /// since the copy saved was taken.
    pub fn state_saved(&mut self, merged: SiteState) {
        let Some(memory) = &mut self.memory else {
            return;
        };
        memory.save_failed = false;
        if memory.state != merged {
            // Joined, not replaced: a save written in the background took
            // a copy, and what changed here since is kept.
            memory.state = state::merge(&merged, &memory.state);
            self.refresh_flags();
        }
    }

    /// Saving failed, for `reason`: said once in the status line, and the
    /// state is offered again at the next save.
    pub fn state_not_saved(&mut self, reason: &str) {
        let Some(memory) = &mut self.memory else {
            return;
        };
        memory.changed = true;
        if !memory.save_failed {
            memory.save_failed = true;
            self.message = Some(
                self.ui
                    .labelled(Text::StateNotSaved, &crate::text::sanitize_line(reason)),
            );
        }
    }

    /// A place as the state file keeps it.
    fn mark_of(&self, place: Place) -> Mark {
        let lines = match &self.reading {
            Some(reading) if reading.id == place.id => reading.lines.len(),
            _ => 0,
        };
        Mark {
            path: self.site.posts[place.id].path.clone(),
            scroll: place.scroll,
            lines,
        }
    }
}

fn post_flags(memory: &Memory, path: &std::path::Path, hash: u64) -> u8 {
    let mut flags = 0;
    if memory.state.is_read(path, hash) {
        flags |= READ;
    }
    if memory.state.is_bookmarked(path) {
        flags |= BOOKMARKED;
    }
    if memory
        .previous
        .as_ref()
        .is_some_and(|seen| !seen.contains(state::fingerprint(path, hash)))
    {
        flags |= NEW;
    }
    flags
}

#[cfg(test)]
mod tests;
