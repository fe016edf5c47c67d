//! Help as lines for a width: every binding of the keymap with its
//! description wrapped under itself, then the filter's words and how to
//! leave. The app scrolls it by these lines, drawing shows them.

use super::MIN_SIZE;
use super::keymap::{Keymap, help_bindings};
use crate::i18n::{Text, Ui};
use crate::text::cells;
use ratatui::layout::Rect;

/// One line of help: the keys (on a binding's first line only) and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpLine {
    pub keys: String,
    pub text: String,
    /// A note rather than a binding, drawn dimmed.
    pub note: bool,
}

/// The widest help box: past it descriptions are short lines in a wide
/// empty box.
const MAX_WIDTH: u16 = 76;

/// Where help is drawn on a screen of `size`: centred above the status
/// line, never past the screen's edges.
pub fn help_area(size: (u16, u16)) -> Rect {
    let (width, height) = (size.0.max(MIN_SIZE.0), size.1.max(MIN_SIZE.1));
    let body = height.saturating_sub(1);
    let box_width = width
        .saturating_sub(4)
        .clamp(MIN_SIZE.0 - 2, MAX_WIDTH)
        .min(width);
    let box_height = body.saturating_sub(2).max(3).min(body);
    Rect::new(
        (width - box_width) / 2,
        (body - box_height) / 2,
        box_width,
        box_height,
    )
}

/// The text width inside the help box (borders and a margin each side).
pub fn help_text_width(size: (u16, u16)) -> usize {
    usize::from(help_area(size).width.saturating_sub(4)).max(10)
}

/// Help lines shown at once on a screen of `size`.
pub fn help_rows(size: (u16, u16)) -> usize {
    usize::from(help_area(size).height.saturating_sub(2)).max(1)
}

/// Every line of help at `width` columns, in `ui`'s language, with the
/// keys in force (`keys`: the defaults and the user's).
pub fn help_lines(ui: Ui, width: usize, keys: &Keymap) -> Vec<HelpLine> {
    // A line whose keys were all given to other actions is left out.
    let bindings: Vec<_> = help_bindings()
        .map(|binding| (keys.help_keys(binding), binding))
        .filter(|(shown, binding)| !shown.is_empty() || binding.keys.is_empty())
        .collect();
    // The user's keys may widen the column up to a third of the width:
    // past it they would wrap the text too narrow to read.
    let widest_default = help_bindings().map(|b| cells::width(b.keys)).max();
    let key_width = bindings
        .iter()
        .map(|(shown, _)| cells::width(shown))
        .max()
        .unwrap_or(4)
        .min((width / 3).max(widest_default.unwrap_or(4)));
    let text_width = width.saturating_sub(key_width + 2).max(8);
    let mut lines = Vec::new();
    for (shown, binding) in bindings {
        // Filter keys say "filter" in their own words ("Keep the filter").
        let description = binding.description(ui);
        for (index, part) in textwrap::wrap(description, text_width)
            .into_iter()
            .enumerate()
        {
            lines.push(HelpLine {
                keys: if index == 0 {
                    format!("{:>key_width$}", cells::truncate(&shown, key_width))
                } else {
                    " ".repeat(key_width)
                },
                text: part.into_owned(),
                note: false,
            });
        }
    }
    for note in [Text::HelpFilterWords, Text::HelpReadMarks, Text::HelpFooter] {
        lines.push(HelpLine {
            keys: String::new(),
            text: String::new(),
            note: true,
        });
        for part in textwrap::wrap(ui.text(note), width) {
            lines.push(HelpLine {
                keys: String::new(),
                text: part.into_owned(),
                note: true,
            });
        }
    }
    lines
}

/// The furthest help can scroll on a screen of `size`.
pub fn max_help_scroll(ui: Ui, size: (u16, u16), keys: &Keymap) -> usize {
    help_lines(ui, help_text_width(size), keys)
        .len()
        .saturating_sub(help_rows(size))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_fits_every_screen_and_wraps_under_its_descriptions() {
        for size in [(40, 12), (80, 24), (200, 60)] {
            let area = help_area(size);
            assert!(area.right() <= size.0 && area.bottom() < size.1, "{size:?}");
            for ui in [Ui::En, Ui::Fr] {
                let width = help_text_width(size);
                let lines = help_lines(ui, width, &Keymap::default());
                assert!(
                    lines
                        .iter()
                        .all(
                            |l| cells::width(&l.keys) + 2 + cells::width(&l.text) <= width
                                || l.note && cells::width(&l.text) <= width
                        ),
                    "{size:?} {lines:#?}"
                );
            }
        }
        let narrow = help_lines(Ui::Fr, help_text_width((40, 12)), &Keymap::default());
        let continued = narrow
            .iter()
            .position(|l| !l.note && l.keys.trim().is_empty())
            .expect("a description wraps at 40 columns");
        assert_eq!(
            narrow[continued].keys.len(),
            narrow[0].keys.chars().count(),
            "wrapped text starts under the description, not at the box's edge"
        );
    }

    #[test]
    fn help_shows_the_keys_in_force() {
        use crate::app::action::Action;
        use crate::app::keymap::KeySpec;
        let keys = Keymap::new([
            (
                KeySpec::parse("ctrl-n").expect("a key"),
                Some(Action::NextPost),
            ),
            (KeySpec::parse("K").expect("a key"), Some(Action::Quit)),
        ]);
        let lines = help_lines(Ui::En, 60, &keys);
        let line = |text: &str| {
            lines
                .iter()
                .find(|l| l.text.starts_with(text))
                .map(|l| l.keys.trim().to_string())
        };
        assert_eq!(line("Open the next post").as_deref(), Some("Ctrl-N J"));
        assert_eq!(line("Open the previous post"), None, "K went to quit");
        assert_eq!(line("Quit").as_deref(), Some("K q"));
    }
}
