//! Events that arrived together, answered together: text typed or pasted
//! into a prompt is one edit, steps through the list or the post are one
//! move, and nothing waits behind a burst of input for the next key.

use crate::app::action::Action;
use crate::app::keymap::Keymap;
use crate::app::{App, Mode};
use ratatui::crossterm::event::{Event, KeyEventKind, MouseEventKind};

/// What `event` asks of the app in `mode` with `keys`, if anything.
pub fn action_for(event: Event, mode: Mode, keys: &Keymap) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => keys.action_for(key, mode),
        Event::Resize(width, height) => Some(Action::Resize(width, height)),
        // Pasted text goes into a prompt, as one edit; elsewhere it is
        // not a string of commands.
        Event::Paste(text) if mode.is_typing() => Some(Action::Insert(text)),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollDown => Some(Action::Scroll {
                column: mouse.column,
                row: mouse.row,
                lines: 3,
            }),
            MouseEventKind::ScrollUp => Some(Action::Scroll {
                column: mouse.column,
                row: mouse.row,
                lines: -3,
            }),
            MouseEventKind::Down(_) => Some(Action::Click {
                column: mouse.column,
                row: mouse.row,
            }),
            _ => None,
        },
        _ => None,
    }
}

/// Gives `app` every event of `events`, in order, merging what can be
/// merged: characters typed into a prompt become one [`Action::Insert`],
/// moves through the list or the post one [`Action::Step`]. Each event is
/// read in the mode the ones before it left, so `/` then letters still
/// type into the filter. Stops at a quit.
pub fn answer(app: &mut App, events: impl IntoIterator<Item = Event>) {
    let mut typed = String::new();
    let mut steps: isize = 0;
    for event in events {
        if app.quit {
            return;
        }
        let Some(action) = action_for(event, app.mode, &app.keys) else {
            continue;
        };
        match action {
            Action::FilterChar(c) if app.mode.is_typing() && steps == 0 => typed.push(c),
            Action::Down | Action::Up if app.mode == Mode::Browse && typed.is_empty() => {
                steps += if action == Action::Down { 1 } else { -1 };
            }
            action => {
                flush(app, &mut typed, &mut steps);
                app.update(action);
            }
        }
    }
    flush(app, &mut typed, &mut steps);
}

fn flush(app: &mut App, typed: &mut String, steps: &mut isize) {
    if !typed.is_empty() {
        app.update(Action::Insert(std::mem::take(typed)));
    }
    if *steps != 0 {
        app.update(Action::Step(std::mem::take(steps)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{self, Source};
    use crate::theme::Theme;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn key(c: char) -> Event {
        Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
    }

    fn sample(size: (u16, u16)) -> App {
        App::new(
            content::load(&Source::sample()),
            Some(crate::content::Lang::new("en")),
            size,
            Theme::plain(),
        )
    }

    #[test]
    fn a_burst_of_moves_is_one_step_and_every_key_counts() {
        let mut app = sample((80, 24));
        answer(&mut app, std::iter::repeat_n(key('j'), 3000));
        assert_eq!(app.selected, app.matches.len() - 1);
        answer(&mut app, std::iter::repeat_n(key('k'), 3));
        assert_eq!(app.selected, app.matches.len() - 4);
    }

    #[test]
    fn typing_after_slash_goes_into_the_filter_as_one_edit() {
        let mut app = sample((80, 24));
        answer(&mut app, "/offline".chars().map(key));
        assert_eq!(app.mode, Mode::Filter);
        assert_eq!(app.filter, "offline");
    }

    #[test]
    fn a_long_paste_is_cut_and_esc_after_it_still_answers() {
        let mut app = sample((80, 24));
        answer(&mut app, [key('/')]);
        let paste = "x".repeat(1 << 20);
        answer(
            &mut app,
            [
                Event::Paste(paste),
                Event::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
            ],
        );
        assert_eq!(app.mode, Mode::Browse, "Esc answered");
        assert!(app.filter.is_empty(), "and cleared the filter");
        answer(&mut app, [key('/'), Event::Paste("y".repeat(10_000))]);
        assert_eq!(app.filter.chars().count(), crate::app::action::PASTE_LIMIT);
        assert!(app.message.is_some(), "the cut is said");
    }

    #[test]
    fn a_paste_outside_a_prompt_does_nothing() {
        let mut app = sample((80, 24));
        answer(&mut app, [Event::Paste("q".to_string())]);
        assert!(!app.quit);
    }

    #[test]
    fn a_quit_in_a_burst_ends_it() {
        let mut app = sample((80, 24));
        let mut events = vec![key('q')];
        events.extend(std::iter::repeat_n(key('j'), 100));
        answer(&mut app, events);
        assert!(app.quit);
        assert_eq!(app.selected, 0);
    }
}
