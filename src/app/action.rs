//! What a key, a click or a terminal event means to the reader.

/// The most characters a paste puts into a prompt; the rest is dropped,
/// and the status line says so.
pub const PASTE_LIMIT: usize = 4096;

/// Everything the user (or the terminal) can ask of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    HalfPageUp,
    HalfPageDown,
    Top,
    Bottom,
    /// Open the selected post (or, in the reader, nothing).
    Open,
    /// Back to the list (narrow screens) or out of the current mode.
    Back,
    /// The next or previous post of the list, opened.
    NextPost,
    PreviousPost,
    /// The open (or selected) post's facts: its file, address, dates,
    /// front matter and translations.
    ShowFacts,
    /// Move focus between the list and the reader.
    SwitchPane,
    /// In the reader, select the next link shown (else switch panes).
    NextLink,
    PreviousLink,
    /// A digit typed outside text fields: in the reader, a link's number.
    Digit(u8),
    /// Start typing a filter (in the list) or a search in the post (reading).
    StartFilter,
    /// A character typed into the field being edited (filter, search).
    FilterChar(char),
    /// Text typed or pasted at once into the field being edited: one
    /// edit, however long (a paste is cut at [`PASTE_LIMIT`] characters).
    Insert(String),
    /// Several steps down (up, when negative) at once: keys that arrived
    /// together, answered as one move.
    Step(isize),
    /// Ctrl-Z: give the terminal back and stop until continued.
    Suspend,
    /// `m`: set or remove a bookmark on the post at its place.
    ToggleBookmark,
    /// `B`: the site's bookmarks.
    ShowBookmarks,
    /// `d` in the bookmarks: remove the one under the cursor.
    RemoveBookmark,
    /// An edit of the field being typed into, besides typing (caret moves,
    /// deletions).
    Edit(super::field::Edit),
    /// Keep what was typed and leave the field.
    FilterAccept,
    /// Clear what was typed and leave the field.
    FilterClear,
    /// The next and previous match of the search in the post.
    NextMatch,
    PreviousMatch,
    /// Search every post of the site.
    StartSiteSearch,
    /// The headings of the open post, to jump to one.
    ShowContents,
    /// Back to the previous post and place, and forward again.
    HistoryBack,
    HistoryForward,
    /// Copy the open post's public web address (OSC 52).
    CopyAddress,
    /// Copy the selected link's target.
    CopyLink,
    /// Open the selected link (or the post's address) in a browser.
    OpenInBrowser,
    /// Order the list by date, then by title.
    ToggleSort,
    /// Read the site again from disk.
    Reload,
    /// Open the post's file in the user's editor, at the line on screen.
    OpenInEditor,
    /// What the watch on the site's files told (not a key): a change is
    /// read at once, or after the reading under way.
    Watch(crate::watch::Notice),
    /// Switch to the translation (cycling through the languages).
    SwitchLanguage,
    /// Offer the languages of the open post to choose from.
    ChooseLanguage,
    /// The open post beside its translation, or back to one post.
    SideBySide,
    /// Read the language at this place in the offered choice.
    PickLanguage(usize),
    ToggleHelp,
    Quit,
    Resize(u16, u16),
    /// The wheel over a point of the screen: lines, signed.
    Scroll {
        column: u16,
        row: u16,
        lines: i16,
    },
    /// A click on a point of the screen.
    Click {
        column: u16,
        row: u16,
    },
}
