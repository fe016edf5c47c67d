//! Every colour and text attribute the interface and the renderer use, in
//! one place. Colours are the 16 ANSI ones, so every theme works on a
//! 16-colour terminal; `NO_COLOR` keeps only bold, italic, underline and
//! the like. The built-in themes are chosen by name ([`Theme::named`]).

use crate::render::highlight::CodeRole;
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
    /// Highlighted code, on top of `code_block`, in the order of
    /// [`CodeRole::STYLED`]: comments, keywords, strings, constants,
    /// types, functions, tags, attributes.
    pub code_syntax: [Style; 8],
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
    /// Only bold, reverse and underline reach the screen (high contrast):
    /// italic text is underlined instead, and no other attribute is used.
    pub strong_attributes_only: bool,
}

/// A built-in theme: its name, how it is made, whether it uses colour.
type BuiltIn = (&'static str, fn() -> Theme, bool);

/// The built-in themes, the default first.
const BUILT_IN: [BuiltIn; 4] = [
    ("default", Theme::colored, true),
    ("light", Theme::light, true),
    ("high-contrast", Theme::high_contrast, false),
    ("mono", Theme::plain, false),
];

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
            code_syntax: [
                Style::new().fg(Color::DarkGray),
                Style::new().fg(Color::LightMagenta),
                Style::new().fg(Color::LightGreen),
                Style::new().fg(Color::LightRed),
                Style::new().fg(Color::LightCyan),
                Style::new().fg(Color::LightBlue),
                Style::new().fg(Color::LightBlue),
                Style::new().fg(Color::Cyan),
            ],
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
            found: plain.found.bg(Color::Yellow).fg(Color::Black),
            found_current: plain.found_current.bg(Color::LightYellow).fg(Color::Black),
            selected_link: plain.selected_link.fg(Color::LightCyan),
            dim: Style::new().fg(Color::DarkGray),
            key: plain.key.fg(Color::LightCyan),
            filter_prompt: plain.filter_prompt.fg(Color::LightYellow),
            message: plain.message.fg(Color::LightYellow),
            status: Style::new(),
            strong_attributes_only: false,
        }
    }

    /// For terminals with a light background: dark colours of the 16, no
    /// yellow text, grey only for what matters least.
    pub fn light() -> Theme {
        let plain = Theme::plain();
        Theme {
            title: plain.title.fg(Color::Blue),
            heading: [
                plain.heading[0].fg(Color::Blue),
                plain.heading[1].fg(Color::Magenta),
                plain.heading[2].fg(Color::Magenta),
                plain.heading[3],
                plain.heading[4],
                plain.heading[5],
            ],
            heading_rule: Style::new().fg(Color::DarkGray),
            meta: Style::new().fg(Color::DarkGray),
            caption: plain.caption.fg(Color::DarkGray),
            link: plain.link.fg(Color::Blue),
            image: plain.image.fg(Color::Magenta),
            note: Style::new().fg(Color::DarkGray),
            code: Style::new().fg(Color::Red),
            code_block: Style::new().fg(Color::Red),
            // Dark colours of the 16 only: yellow and the light ones fade
            // on a white background.
            code_syntax: [
                Style::new().fg(Color::DarkGray),
                Style::new().fg(Color::Magenta),
                Style::new().fg(Color::Green),
                Style::new().fg(Color::Blue),
                Style::new().fg(Color::Cyan),
                Style::new().fg(Color::Blue),
                Style::new().fg(Color::Blue),
                Style::new().fg(Color::Magenta),
            ],
            cut_mark: Style::new().fg(Color::LightRed),
            quote_bar: Style::new().fg(Color::DarkGray),
            list_marker: Style::new().fg(Color::Blue),
            rule: Style::new().fg(Color::DarkGray),
            table_border: Style::new().fg(Color::DarkGray),
            border: Style::new().fg(Color::DarkGray),
            focus_border: plain.focus_border.fg(Color::Blue),
            pane_title: plain.pane_title.fg(Color::Blue),
            selected: plain.selected,
            selection_bar: plain.selection_bar.fg(Color::Blue),
            date: Style::new().fg(Color::DarkGray),
            matched: plain.matched.fg(Color::Magenta),
            mark: Style::new().fg(Color::Green),
            warning: plain.warning.fg(Color::Red),
            found: plain.found.bg(Color::LightYellow).fg(Color::Black),
            found_current: plain.found_current.bg(Color::Yellow).fg(Color::Black),
            selected_link: plain.selected_link.fg(Color::Blue),
            dim: Style::new().fg(Color::DarkGray),
            key: plain.key.fg(Color::Blue),
            filter_prompt: plain.filter_prompt.fg(Color::Magenta),
            message: plain.message.fg(Color::Blue),
            status: Style::new(),
            strong_attributes_only: false,
        }
    }

    /// The terminal's own foreground and background, so that the user's
    /// high-contrast palette applies, with bold, reverse and underline
    /// only: no colour, no italic, no dim.
    pub fn high_contrast() -> Theme {
        let plain = Theme::plain();
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let underlined = Style::new().add_modifier(Modifier::UNDERLINED);
        Theme {
            heading: [bold, bold, bold, bold, bold, underlined],
            caption: Style::new(),
            image: underlined,
            selected: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            found: Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
            message: bold,
            // Keywords bold: the shape of code without a colour.
            code_syntax: [
                Style::new(),
                bold,
                Style::new(),
                Style::new(),
                Style::new(),
                Style::new(),
                bold,
                Style::new(),
            ],
            strong_attributes_only: true,
            ..plain
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
            code_syntax: [Style::new(); 8],
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
            strong_attributes_only: false,
        }
    }

    /// The names of the built-in themes, the default first.
    pub fn names() -> impl Iterator<Item = &'static str> {
        BUILT_IN.iter().map(|(name, _, _)| *name)
    }

    /// The built-in theme called `name`, if there is one.
    pub fn named(name: &str) -> Option<Theme> {
        BUILT_IN
            .iter()
            .find(|(known, _, _)| *known == name)
            .map(|(_, make, _)| make())
    }

    /// The theme called `name` as this environment wants it: when
    /// `no_color` (`NO_COLOR` set), a theme that uses colour gives way to
    /// `mono`; one without colour (high contrast) stays as it is.
    pub fn chosen(name: &str, no_color: bool) -> Option<Theme> {
        let (_, make, colored) = BUILT_IN.iter().find(|(known, _, _)| *known == name)?;
        Some(if no_color && *colored {
            Theme::plain()
        } else {
            make()
        })
    }

    /// Whether `NO_COLOR` is set (to anything but an empty string).
    pub fn no_color_in_env() -> bool {
        std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty())
    }

    /// The default theme for this environment: `mono` when `NO_COLOR` is
    /// set.
    pub fn from_env() -> Theme {
        if Theme::no_color_in_env() {
            Theme::plain()
        } else {
            Theme::colored()
        }
    }

    /// The style of highlighted code of `role`.
    pub fn code_style(&self, role: CodeRole) -> Style {
        match role.index().and_then(|i| self.code_syntax.get(i)) {
            Some(style) => self.code_block.patch(*style),
            None => self.code_block,
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
        if self.strong_attributes_only {
            style = strong_only(style);
        }
        style
    }
}

/// `style` with bold, reverse and underline only: italic becomes
/// underline (emphasis stays visible), the rest goes.
fn strong_only(style: Style) -> Style {
    let mut style = style;
    if style.add_modifier.contains(Modifier::ITALIC) {
        style = style.add_modifier(Modifier::UNDERLINED);
    }
    let kept = Modifier::BOLD | Modifier::REVERSED | Modifier::UNDERLINED;
    style.add_modifier &= kept;
    style.fg = None;
    style.bg = None;
    style
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_gives_its_theme_and_no_other_name_does() {
        let names: Vec<&str> = Theme::names().collect();
        assert_eq!(names, ["default", "light", "high-contrast", "mono"]);
        for name in names {
            assert!(Theme::named(name).is_some(), "{name}");
        }
        assert_eq!(Theme::named("default"), Some(Theme::colored()));
        assert_eq!(Theme::named("mono"), Some(Theme::plain()));
        assert_eq!(Theme::named("dark"), None);
        assert_eq!(Theme::chosen("High-Contrast", false), None);
    }

    #[test]
    fn no_color_wins_over_a_theme_with_colours_only() {
        assert_eq!(Theme::chosen("default", true), Some(Theme::plain()));
        assert_eq!(Theme::chosen("light", true), Some(Theme::plain()));
        assert_eq!(
            Theme::chosen("high-contrast", true),
            Some(Theme::high_contrast())
        );
        assert_eq!(Theme::chosen("light", false), Some(Theme::light()));
    }

    /// Every style of a theme, to check what it may use.
    fn styles(theme: &Theme) -> Vec<Style> {
        let mut all = vec![
            theme.title,
            theme.heading_rule,
            theme.meta,
            theme.caption,
            theme.link,
            theme.image,
            theme.note,
            theme.code,
            theme.code_block,
            theme.cut_mark,
            theme.quote_bar,
            theme.list_marker,
            theme.rule,
            theme.table_border,
            theme.border,
            theme.focus_border,
            theme.pane_title,
            theme.selected,
            theme.selection_bar,
            theme.date,
            theme.matched,
            theme.mark,
            theme.warning,
            theme.found,
            theme.found_current,
            theme.selected_link,
            theme.dim,
            theme.key,
            theme.filter_prompt,
            theme.message,
            theme.status,
        ];
        all.extend(theme.heading);
        all.extend(theme.code_syntax);
        for role in [TextRole::Paragraph, TextRole::Caption, TextRole::Heading(2)] {
            for emphasis in [
                Emphasis::ITALIC,
                Emphasis::STRIKE,
                Emphasis::CODE,
                Emphasis::LINK,
                Emphasis::IMAGE,
                Emphasis::NOTE,
            ] {
                all.push(theme.text(role, emphasis));
            }
        }
        all
    }

    #[test]
    fn high_contrast_uses_the_terminals_colours_and_strong_attributes_only() {
        let strong = Modifier::BOLD | Modifier::REVERSED | Modifier::UNDERLINED;
        for style in styles(&Theme::high_contrast()) {
            assert_eq!((style.fg, style.bg), (None, None), "{style:?}");
            assert!(strong.contains(style.add_modifier), "{style:?}");
        }
        let italic = Theme::high_contrast().text(TextRole::Paragraph, Emphasis::ITALIC);
        assert!(italic.add_modifier.contains(Modifier::UNDERLINED));
    }

    #[test]
    fn every_theme_keeps_to_the_sixteen_colours() {
        for name in Theme::names() {
            let theme = Theme::named(name).expect("built in");
            for style in styles(&theme) {
                for color in [style.fg, style.bg].into_iter().flatten() {
                    assert!(
                        !matches!(color, Color::Rgb(..) | Color::Indexed(_) | Color::Reset),
                        "{name}: {color:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn matches_are_marked_without_colour_in_every_theme() {
        for name in Theme::names() {
            let theme = Theme::named(name).expect("built in");
            for style in [
                theme.found,
                theme.found_current,
                theme.matched,
                theme.selected,
            ] {
                assert!(
                    !style.add_modifier.is_empty(),
                    "{name}: {style:?} is colour alone"
                );
            }
        }
    }
}
