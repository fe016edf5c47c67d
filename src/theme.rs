//! Every colour and text attribute the interface and the renderer use, in
//! one place. Colours are the 16 ANSI ones; `NO_COLOR` keeps only bold,
//! italic, underline and the like.

use crate::render::{Emphasis, TextRole};
use ratatui::style::{Color, Modifier, Style};

/// Styles by purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub title: Style,
    pub heading: [Style; 6],
    pub heading_rule: Style,
    pub meta: Style,
    pub caption: Style,
    pub link: Style,
    pub image: Style,
    pub note: Style,
    pub code: Style,
    pub code_block: Style,
    pub cut_mark: Style,
    pub quote_bar: Style,
    pub list_marker: Style,
    pub rule: Style,
    pub table_border: Style,
    // The interface around the text.
    pub border: Style,
    pub focus_border: Style,
    pub pane_title: Style,
    /// The selected list row: reversed, so it shows without colour.
    pub selected: Style,
    pub selection_bar: Style,
    pub date: Style,
    /// Letters of a title that match the filter.
    pub matched: Style,
    /// The translation mark of a list row (`EN`).
    pub mark: Style,
    /// A translation that may be out of date (`EN!`).
    pub warning: Style,
    /// Matches of the search in the post, and the current one.
    pub found: Style,
    pub found_current: Style,
    /// The link chosen with Tab or its number.
    pub selected_link: Style,
    pub dim: Style,
    pub key: Style,
    pub filter_prompt: Style,
    pub message: Style,
    pub status: Style,
}

impl Theme {
    /// The 16-colour theme.
    pub fn colored() -> Theme {
        let plain = Theme::plain();
        Theme {
            title: plain.title.fg(Color::LightCyan),
            heading: [
                plain.heading[0].fg(Color::LightCyan),
                plain.heading[1].fg(Color::Cyan),
                plain.heading[2].fg(Color::Cyan),
                plain.heading[3],
                plain.heading[4],
                plain.heading[5],
            ],
            heading_rule: Style::new().fg(Color::DarkGray),
            meta: Style::new().fg(Color::Gray),
            caption: plain.caption.fg(Color::Gray),
            link: plain.link.fg(Color::LightBlue),
            image: plain.image.fg(Color::Magenta),
            note: Style::new().fg(Color::DarkGray),
            code: Style::new().fg(Color::Yellow),
            code_block: Style::new().fg(Color::Yellow),
            cut_mark: Style::new().fg(Color::Red),
            quote_bar: Style::new().fg(Color::DarkGray),
            list_marker: Style::new().fg(Color::Cyan),
            rule: Style::new().fg(Color::DarkGray),
            table_border: Style::new().fg(Color::DarkGray),
            border: Style::new().fg(Color::DarkGray),
            focus_border: Style::new().fg(Color::Cyan),
            pane_title: plain.pane_title.fg(Color::LightCyan),
            selected: plain.selected,
            selection_bar: Style::new().fg(Color::LightCyan),
            date: Style::new().fg(Color::Gray),
            matched: plain.matched.fg(Color::LightYellow),
            mark: Style::new().fg(Color::Green),
            warning: plain.warning.fg(Color::LightRed),
            found: Style::new().bg(Color::Yellow).fg(Color::Black),
            found_current: plain.found_current.bg(Color::LightYellow).fg(Color::Black),
            selected_link: plain.selected_link.fg(Color::LightCyan),
            dim: Style::new().fg(Color::DarkGray),
            key: plain.key.fg(Color::LightCyan),
            filter_prompt: plain.filter_prompt.fg(Color::LightYellow),
            message: plain.message.fg(Color::LightYellow),
            status: Style::new(),
        }
    }

    /// No colour at all: structure shown by attributes alone.
    pub fn plain() -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            title: bold,
            heading: [
                bold,
                bold,
                bold,
                bold,
                bold.add_modifier(Modifier::ITALIC),
                Style::new().add_modifier(Modifier::ITALIC),
            ],
            heading_rule: Style::new(),
            meta: Style::new(),
            caption: Style::new().add_modifier(Modifier::ITALIC),
            link: Style::new().add_modifier(Modifier::UNDERLINED),
            image: Style::new().add_modifier(Modifier::ITALIC),
            note: Style::new(),
            code: Style::new(),
            code_block: Style::new(),
            cut_mark: Style::new(),
            quote_bar: Style::new(),
            list_marker: Style::new(),
            rule: Style::new(),
            table_border: Style::new(),
            border: Style::new(),
            focus_border: bold,
            pane_title: bold,
            selected: Style::new().add_modifier(Modifier::REVERSED),
            selection_bar: bold,
            date: Style::new(),
            matched: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            mark: Style::new(),
            warning: bold,
            found: Style::new().add_modifier(Modifier::UNDERLINED),
            found_current: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            selected_link: Style::new().add_modifier(Modifier::REVERSED),
            dim: Style::new(),
            key: bold,
            filter_prompt: bold,
            message: bold,
            status: Style::new(),
        }
    }

    /// The theme for this environment: plain when `NO_COLOR` is set (to
    /// anything but an empty string).
    pub fn from_env() -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(value) if !value.is_empty() => Theme::plain(),
            _ => Theme::colored(),
        }
    }

    /// The style of text with `emphasis` in a block of `role`.
    pub fn text(&self, role: TextRole, emphasis: Emphasis) -> Style {
        let mut style = match role {
            TextRole::Paragraph | TextRole::Reference => Style::new(),
            TextRole::Heading(level) => self.heading[usize::from(level.clamp(1, 6)) - 1],
            TextRole::Caption => self.caption,
            TextRole::Title => self.title,
            TextRole::Meta => self.meta,
        };
        if emphasis.contains(Emphasis::NOTE) {
            return style.patch(self.note);
        }
        if emphasis.contains(Emphasis::BOLD) {
            style = style.add_modifier(Modifier::BOLD);
        }
        if emphasis.contains(Emphasis::ITALIC) {
            style = style.add_modifier(Modifier::ITALIC);
        }
        if emphasis.contains(Emphasis::STRIKE) {
            style = style.add_modifier(Modifier::CROSSED_OUT);
        }
        if emphasis.contains(Emphasis::UNDERLINE) {
            style = style.add_modifier(Modifier::UNDERLINED);
        }
        if emphasis.contains(Emphasis::CODE) {
            style = style.patch(self.code);
        }
        if emphasis.contains(Emphasis::LINK) {
            style = style.patch(self.link);
        }
        if emphasis.contains(Emphasis::IMAGE) {
            style = style.patch(self.image);
        }
        style
    }
}
