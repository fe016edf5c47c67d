//! The user's keys: a key as the configuration names it and help writes
//! it ([`KeySpec`]), and the bindings of `[keys]` on top of the defaults
//! ([`Keymap`]).

use super::{Binding, Mode, action_for, help_bindings};
use crate::app::action::Action;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key as the configuration names it (`ctrl-n`, `alt-x`, `X`, `enter`,
/// `shift-tab`) and help writes it (`Ctrl-N`, `↵`, `⇧Tab`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeySpec {
    /// A character held with Ctrl is kept lower case: terminals send
    /// Ctrl-N and Ctrl-n alike.
    pub code: KeyCode,
    pub control: bool,
    pub alt: bool,
}

/// Named keys: the configuration's names (any case), then help's
/// symbols, the first of each written by [`KeySpec::label`].
const KEY_NAMES: &[(KeyCode, &[&str])] = &[
    (KeyCode::Enter, &["↵", "enter", "return"]),
    (KeyCode::Esc, &["Esc", "escape"]),
    (KeyCode::Tab, &["Tab"]),
    (KeyCode::BackTab, &["⇧Tab", "shift-tab", "backtab"]),
    (KeyCode::Backspace, &["⌫", "backspace"]),
    (KeyCode::Delete, &["Del", "delete"]),
    (KeyCode::Insert, &["Ins", "insert"]),
    (KeyCode::Home, &["Home"]),
    (KeyCode::End, &["End"]),
    (KeyCode::PageUp, &["PgUp", "pageup", "page-up"]),
    (KeyCode::PageDown, &["PgDn", "pagedown", "page-down"]),
    (KeyCode::Up, &["↑", "up"]),
    (KeyCode::Down, &["↓", "down"]),
    (KeyCode::Left, &["←", "left"]),
    (KeyCode::Right, &["→", "right"]),
    (KeyCode::Char(' '), &["space"]),
];

impl KeySpec {
    /// The key `text` names, or what was expected instead.
    pub fn parse(text: &str) -> Result<KeySpec, String> {
        let expected = || {
            format!(
                "`{text}` is not a key: expected a character or a key's name \
                 (enter, esc, tab, backspace, delete, home, end, pageup, pagedown, \
                 up, down, left, right, space, f1 to f12), after ctrl-, alt- or shift-"
            )
        };
        let mut rest = text;
        let (mut control, mut alt, mut shift) = (false, false, false);
        loop {
            let lower = rest.to_ascii_lowercase();
            // A lone `-` is a key, not a modifier's separator.
            if lower.len() > 1 && lower.ends_with('-') && !lower.ends_with("--") {
                return Err(expected());
            }
            if let Some(after) = ["ctrl-", "control-"]
                .iter()
                .find_map(|p| lower.strip_prefix(p).map(|a| a.len()))
            {
                control = true;
                rest = &rest[rest.len() - after..];
            } else if let Some(after) = lower.strip_prefix("alt-").map(str::len) {
                alt = true;
                rest = &rest[rest.len() - after..];
            } else if lower != "shift-tab"
                && let Some(after) = lower.strip_prefix("shift-").map(str::len)
            {
                shift = true;
                rest = &rest[rest.len() - after..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None)
                if !c.is_control() && !matches!(c, '↵' | '⌫' | '↑' | '↓' | '←' | '→') =>
            {
                if shift && !c.is_alphabetic() {
                    return Err(format!(
                        "`{text}`: shift- goes with a letter or tab; write the character itself"
                    ));
                }
                let c = if shift {
                    c.to_uppercase().next().unwrap_or(c)
                } else {
                    c
                };
                KeyCode::Char(if control { c.to_ascii_lowercase() } else { c })
            }
            _ => {
                let named = KEY_NAMES
                    .iter()
                    .find(|(_, names)| names.iter().any(|n| n.eq_ignore_ascii_case(rest)))
                    .map(|(code, _)| *code);
                let function = rest
                    .strip_prefix(['f', 'F'])
                    .and_then(|n| n.parse::<u8>().ok())
                    .filter(|n| (1..=12).contains(n))
                    .map(KeyCode::F);
                match (named.or(function), shift) {
                    (Some(KeyCode::Tab), true) => KeyCode::BackTab,
                    (Some(_), true) => {
                        return Err(format!("`{text}`: shift- goes with a letter or tab"));
                    }
                    (Some(code), false) => code,
                    (None, _) => return Err(expected()),
                }
            }
        };
        let spec = KeySpec { code, control, alt };
        if spec == KeySpec::of_control('c') {
            return Err(format!("`{text}`: Ctrl-C always quits, it cannot be bound"));
        }
        if spec == KeySpec::of_control('z') {
            return Err(format!(
                "`{text}`: Ctrl-Z always suspends, it cannot be bound"
            ));
        }
        Ok(spec)
    }

    const fn of_control(c: char) -> KeySpec {
        KeySpec {
            code: KeyCode::Char(c),
            control: true,
            alt: false,
        }
    }

    /// The key of a key press, as bindings are matched.
    pub fn of(key: KeyEvent) -> KeySpec {
        let control = key.modifiers.contains(KeyModifiers::CONTROL);
        let code = match key.code {
            KeyCode::Char(c) if control => KeyCode::Char(c.to_ascii_lowercase()),
            code => code,
        };
        KeySpec {
            code,
            control,
            alt: key.modifiers.contains(KeyModifiers::ALT),
        }
    }

    /// How the configuration names the key (`ctrl-n`, `alt-x`, `enter`).
    pub fn name(&self) -> String {
        let key = match self.code {
            KeyCode::Char(' ') => "space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::F(n) => format!("f{n}"),
            code => KEY_NAMES
                .iter()
                .find(|(known, _)| *known == code)
                .map_or_else(
                    || format!("{code:?}"),
                    |(_, names)| names.get(1).unwrap_or(&names[0]).to_ascii_lowercase(),
                ),
        };
        let control = if self.control { "ctrl-" } else { "" };
        let alt = if self.alt { "alt-" } else { "" };
        format!("{control}{alt}{key}")
    }

    /// How help writes the key (`Ctrl-N`, `Alt-x`, `↵`).
    pub fn label(&self) -> String {
        let key = match self.code {
            KeyCode::Char(c) if self.control => c.to_uppercase().to_string(),
            KeyCode::Char(' ') => "space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::F(n) => format!("F{n}"),
            code => KEY_NAMES
                .iter()
                .find(|(known, _)| *known == code)
                .map_or_else(|| format!("{code:?}"), |(_, names)| names[0].to_string()),
        };
        let control = if self.control { "Ctrl-" } else { "" };
        let alt = if self.alt { "Alt-" } else { "" };
        format!("{control}{alt}{key}")
    }
}

/// The keys the configuration adds or replaces, on top of the defaults.
/// In the lists of languages, bookmarks and headings their own keys come
/// first; elsewhere the user's keys do. Prompts are typed into.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keymap {
    /// Each key once; `None` takes it away.
    user: Vec<(KeySpec, Option<Action>)>,
}

impl Keymap {
    /// The defaults with `entries` on top; of a key given twice, the last
    /// wins.
    pub fn new(entries: impl IntoIterator<Item = (KeySpec, Option<Action>)>) -> Keymap {
        let mut user: Vec<(KeySpec, Option<Action>)> = Vec::new();
        for (key, action) in entries {
            user.retain(|(known, _)| *known != key);
            user.push((key, action));
        }
        Keymap { user }
    }

    /// The user's bindings, in the order given.
    pub fn entries(&self) -> &[(KeySpec, Option<Action>)] {
        &self.user
    }

    fn user_binding(&self, key: KeySpec) -> Option<&Option<Action>> {
        self.user
            .iter()
            .find(|(known, _)| *known == key)
            .map(|(_, action)| action)
    }

    /// What a key means in `mode`, the user's keys included.
    pub fn action_for(&self, key: KeyEvent, mode: Mode) -> Option<Action> {
        let spec = KeySpec::of(key);
        let fixed = spec == KeySpec::of_control('c') || spec == KeySpec::of_control('z');
        if fixed || mode.is_typing() || self.user.is_empty() {
            return action_for(key, mode);
        }
        let own_keys_first = matches!(mode, Mode::Languages | Mode::Bookmarks | Mode::Contents);
        if own_keys_first && let Some(action) = action_for(key, mode) {
            return Some(action);
        }
        match self.user_binding(spec) {
            Some(action) => action.clone(),
            None if own_keys_first => None,
            None => action_for(key, mode),
        }
    }

    /// The keys of a help line for `binding`: its defaults less those the
    /// user gave to another action, then the user's keys for its action
    /// (on the first line of that action).
    pub fn help_keys(&self, binding: &Binding) -> String {
        // A prompt's keys are not the user's to change.
        if binding.mode == Some(Mode::Filter) {
            return binding.keys.to_string();
        }
        let mut keys: Vec<String> = binding
            .keys
            .split(' ')
            .filter(|token| {
                let Ok(spec) = KeySpec::parse(token) else {
                    return true;
                };
                match self.user_binding(spec) {
                    None => true,
                    Some(action) => action.as_ref() == Some(&binding.action),
                }
            })
            .map(str::to_string)
            .collect();
        let first_line = help_bindings()
            .find(|b| b.action == binding.action)
            .is_some_and(|b| b.keys == binding.keys && b.control == binding.control);
        if first_line {
            for (spec, action) in &self.user {
                let shown_here = action.as_ref().is_some_and(|a| {
                    *a == binding.action
                        || (*a == Action::PreviousMatch && binding.action == Action::NextMatch)
                });
                let label = spec.label();
                if shown_here && !keys.contains(&label) {
                    keys.insert(0, label);
                }
            }
        }
        keys.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::super::BINDINGS;
    use super::*;

    #[test]
    fn keys_are_read_as_written_and_as_help_writes_them() {
        let spec = |text| KeySpec::parse(text).expect(text);
        let key = |code, control, alt| KeySpec { code, control, alt };
        assert_eq!(spec("ctrl-n"), key(KeyCode::Char('n'), true, false));
        assert_eq!(spec("Ctrl-N"), key(KeyCode::Char('n'), true, false));
        assert_eq!(spec("alt-x"), key(KeyCode::Char('x'), false, true));
        assert_eq!(spec("shift-x"), spec("X"));
        assert_eq!(spec("shift-tab"), key(KeyCode::BackTab, false, false));
        assert_eq!(spec("enter"), spec("↵"));
        assert_eq!(spec("PgDn"), key(KeyCode::PageDown, false, false));
        assert_eq!(spec("f5"), key(KeyCode::F(5), false, false));
        assert_eq!(spec("-"), key(KeyCode::Char('-'), false, false));
        assert_eq!(spec("ctrl--"), key(KeyCode::Char('-'), true, false));
        for bad in [
            "",
            "ctrl-",
            "hyper-x",
            "f13",
            "shift-1",
            "shift-enter",
            "ctrl-c",
            "xy",
        ] {
            assert!(KeySpec::parse(bad).is_err(), "{bad}");
        }
        for text in ["ctrl-n", "alt-x", "X", "enter", "shift-tab", "space", "f2"] {
            assert_eq!(
                KeySpec::parse(&spec(text).label()),
                Ok(spec(text)),
                "{text}"
            );
        }
        assert_eq!(spec("ctrl-n").label(), "Ctrl-N");
        for text in [
            "ctrl-n",
            "alt-x",
            "X",
            "enter",
            "shift-tab",
            "space",
            "f2",
            "home",
            "tab",
        ] {
            assert_eq!(spec(text).name(), text);
        }
    }

    #[test]
    fn the_users_keys_add_replace_and_remove_bindings() {
        let keys = Keymap::new([
            (
                KeySpec::parse("ctrl-n").expect("a key"),
                Some(Action::NextPost),
            ),
            (KeySpec::parse("x").expect("a key"), Some(Action::Quit)),
            (KeySpec::parse("j").expect("a key"), Some(Action::Quit)),
            (KeySpec::parse("q").expect("a key"), None),
        ]);
        let press = |code, modifiers, mode| keys.action_for(KeyEvent::new(code, modifiers), mode);
        let none = KeyModifiers::NONE;
        assert_eq!(
            press(KeyCode::Char('n'), KeyModifiers::CONTROL, Mode::Browse),
            Some(Action::NextPost)
        );
        assert_eq!(
            press(KeyCode::Char('x'), none, Mode::Browse),
            Some(Action::Quit)
        );
        assert_eq!(
            press(KeyCode::Char('j'), none, Mode::Browse),
            Some(Action::Quit),
            "replaced"
        );
        assert_eq!(
            press(KeyCode::Char('q'), none, Mode::Browse),
            None,
            "taken away"
        );
        assert_eq!(
            press(KeyCode::Down, none, Mode::Browse),
            Some(Action::Down),
            "defaults stay"
        );
        assert_eq!(
            press(KeyCode::Char('x'), none, Mode::Filter),
            Some(Action::FilterChar('x')),
            "a prompt is typed into"
        );
        assert_eq!(
            press(KeyCode::Char('j'), none, Mode::Bookmarks),
            Some(Action::Down),
            "a list's own keys come first"
        );
        assert_eq!(
            press(KeyCode::Char('c'), KeyModifiers::CONTROL, Mode::Browse),
            Some(Action::Quit)
        );
        let line = |action: Action| {
            BINDINGS
                .iter()
                .find(|b| b.action == action)
                .map(|b| keys.help_keys(b))
                .expect("a line")
        };
        assert_eq!(line(Action::Down), "↓");
        assert_eq!(line(Action::NextPost), "Ctrl-N J");
        assert_eq!(line(Action::Quit), "j x");
    }
}
