//! What a key, a click or a terminal event means to the reader.

/// Everything the user (or the terminal) can ask of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Open the selected post (or, in the reader, nothing).
    Open,
    /// Back to the list (narrow screens) or out of the current mode.
    Back,
    /// Move focus between the list and the reader.
    SwitchPane,
    /// Start typing a filter.
    StartFilter,
    /// A character typed into the filter.
    FilterChar(char),
    FilterBackspace,
    /// Keep the filter and return to the list.
    FilterAccept,
    /// Clear the filter.
    FilterClear,
    /// Switch to the translation (cycling through the languages).
    SwitchLanguage,
    /// Offer the languages of the open post to choose from.
    ChooseLanguage,
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
