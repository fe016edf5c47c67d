//! Keys as data: each binding says which mode it works in, what it does,
//! and how to describe it in both languages, so help is drawn from here.

use super::Mode;
use super::action::Action;
use super::field::Edit;
use crate::i18n::Ui;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One key binding.
#[derive(Debug, Clone)]
pub struct Binding {
    /// How the key is written in help (`j ↓`).
    pub keys: &'static str,
    pub codes: &'static [KeyCode],
    pub control: bool,
    /// `None`: in every mode but filter typing.
    pub mode: Option<Mode>,
    pub action: Action,
    pub en: &'static str,
    pub fr: &'static str,
}

impl Binding {
    pub fn description(&self, ui: Ui) -> &'static str {
        match ui {
            Ui::En => self.en,
            Ui::Fr => self.fr,
        }
    }
}

const fn bind(
    keys: &'static str,
    codes: &'static [KeyCode],
    action: Action,
    en: &'static str,
    fr: &'static str,
) -> Binding {
    Binding {
        keys,
        codes,
        control: false,
        mode: None,
        action,
        en,
        fr,
    }
}

/// A binding of a key held with Ctrl.
const fn bind_control(
    keys: &'static str,
    codes: &'static [KeyCode],
    action: Action,
    en: &'static str,
    fr: &'static str,
) -> Binding {
    Binding {
        keys,
        codes,
        control: true,
        mode: None,
        action,
        en,
        fr,
    }
}

/// The bindings, in the order help lists them.
pub const BINDINGS: &[Binding] = &[
    bind(
        "j ↓",
        &[KeyCode::Char('j'), KeyCode::Down],
        Action::Down,
        "Next post, or scroll down",
        "Billet suivant, ou défiler vers le bas",
    ),
    bind(
        "k ↑",
        &[KeyCode::Char('k'), KeyCode::Up],
        Action::Up,
        "Previous post, or scroll up",
        "Billet précédent, ou défiler vers le haut",
    ),
    bind(
        "PgDn space",
        &[KeyCode::PageDown, KeyCode::Char(' ')],
        Action::PageDown,
        "A page down",
        "Une page plus bas",
    ),
    bind(
        "PgUp b",
        &[KeyCode::PageUp, KeyCode::Char('b')],
        Action::PageUp,
        "A page up",
        "Une page plus haut",
    ),
    bind_control(
        "Ctrl-F",
        &[KeyCode::Char('f')],
        Action::PageDown,
        "A page down",
        "Une page plus bas",
    ),
    bind_control(
        "Ctrl-B",
        &[KeyCode::Char('b')],
        Action::PageUp,
        "A page up",
        "Une page plus haut",
    ),
    bind_control(
        "Ctrl-D",
        &[KeyCode::Char('d')],
        Action::HalfPageDown,
        "Half a page down",
        "Une demi-page plus bas",
    ),
    bind_control(
        "Ctrl-U",
        &[KeyCode::Char('u')],
        Action::HalfPageUp,
        "Half a page up",
        "Une demi-page plus haut",
    ),
    bind(
        "g Home",
        &[KeyCode::Char('g'), KeyCode::Home],
        Action::Top,
        "To the top",
        "Au début",
    ),
    bind(
        "G End",
        &[KeyCode::Char('G'), KeyCode::End],
        Action::Bottom,
        "To the bottom",
        "À la fin",
    ),
    bind(
        "↵",
        &[KeyCode::Enter],
        Action::Open,
        "Open the post, or follow the selected link",
        "Ouvrir le billet, ou suivre le lien choisi",
    ),
    bind(
        "J",
        &[KeyCode::Char('J')],
        Action::NextPost,
        "Open the next post of the list",
        "Ouvrir le billet suivant de la liste",
    ),
    bind(
        "K",
        &[KeyCode::Char('K')],
        Action::PreviousPost,
        "Open the previous post of the list",
        "Ouvrir le billet précédent de la liste",
    ),
    bind(
        "Esc h",
        &[KeyCode::Esc, KeyCode::Char('h'), KeyCode::Left],
        Action::Back,
        "Back to the list",
        "Retour à la liste",
    ),
    bind(
        "Tab",
        &[KeyCode::Tab],
        Action::NextLink,
        "Next link in view; from the list, to the post",
        "Lien suivant à l’écran ; depuis la liste, vers le billet",
    ),
    bind(
        "⇧Tab",
        &[KeyCode::BackTab],
        Action::PreviousLink,
        "Previous link in view",
        "Lien précédent à l’écran",
    ),
    bind(
        "0-9",
        &[],
        Action::Digit(0),
        "Choose a link by its number",
        "Choisir un lien par son numéro",
    ),
    bind(
        "⌫ H",
        &[KeyCode::Backspace, KeyCode::Char('H')],
        Action::HistoryBack,
        "Back to the previous post and place",
        "Revenir au billet et à l’endroit précédents",
    ),
    bind(
        "L",
        &[KeyCode::Char('L')],
        Action::HistoryForward,
        "Forward again",
        "Avancer de nouveau",
    ),
    bind(
        "/",
        &[KeyCode::Char('/')],
        Action::StartFilter,
        "Filter the list; in a post, search it",
        "Filtrer la liste ; dans un billet, y chercher",
    ),
    bind(
        "n N",
        &[KeyCode::Char('n')],
        Action::NextMatch,
        "Next or previous match; after the last, the next search result",
        "Occurrence suivante ou précédente ; après la dernière, le résultat suivant",
    ),
    bind(
        "s",
        &[KeyCode::Char('s')],
        Action::StartSiteSearch,
        "Search every post of the site",
        "Rechercher dans tous les billets du site",
    ),
    bind(
        "c",
        &[KeyCode::Char('c')],
        Action::ShowContents,
        "Contents of the post",
        "Table des matières du billet",
    ),
    bind(
        "i",
        &[KeyCode::Char('i')],
        Action::ShowFacts,
        "The post’s facts: file, address, dates, front matter",
        "Les faits du billet : fichier, adresse, dates, en-tête",
    ),
    bind(
        "y",
        &[KeyCode::Char('y')],
        Action::CopyAddress,
        "Copy the post’s web address",
        "Copier l’adresse web du billet",
    ),
    bind(
        "Y",
        &[KeyCode::Char('Y')],
        Action::CopyLink,
        "Copy the selected link",
        "Copier le lien choisi",
    ),
    bind(
        "o",
        &[KeyCode::Char('o')],
        Action::OpenInBrowser,
        "Open in a browser (graphical session only)",
        "Ouvrir dans un navigateur (session graphique)",
    ),
    bind(
        "R",
        &[KeyCode::Char('R')],
        Action::Reload,
        "Read the site again from disk",
        "Relire le site sur le disque",
    ),
    bind(
        "S",
        &[KeyCode::Char('S')],
        Action::ToggleSort,
        "Sort the list by date or by title",
        "Trier la liste par date ou par titre",
    ),
    bind(
        "t",
        &[KeyCode::Char('t')],
        Action::SwitchLanguage,
        "Read the translation",
        "Lire la traduction",
    ),
    bind(
        "T",
        &[KeyCode::Char('T')],
        Action::ChooseLanguage,
        "Choose the language to read",
        "Choisir la langue de lecture",
    ),
    bind(
        "m",
        &[KeyCode::Char('m')],
        Action::ToggleBookmark,
        "Set or remove a bookmark on the post, at this place",
        "Poser ou retirer un signet sur le billet, à cet endroit",
    ),
    bind(
        "B",
        &[KeyCode::Char('B')],
        Action::ShowBookmarks,
        "The bookmarks of the site, in every language; ↵ opens one",
        "Les signets du site, dans toutes les langues\u{a0}; ↵ en ouvre un",
    ),
    bind(
        "?",
        &[KeyCode::Char('?')],
        Action::ToggleHelp,
        "Show or hide this help",
        "Afficher ou masquer l’aide",
    ),
    bind("q", &[KeyCode::Char('q')], Action::Quit, "Quit", "Quitter"),
];

/// Keys while typing a filter or a search.
pub const FILTER_BINDINGS: &[Binding] = &[
    Binding {
        keys: "↵",
        codes: &[KeyCode::Enter],
        control: false,
        mode: Some(Mode::Filter),
        action: Action::FilterAccept,
        en: "Keep the filter",
        fr: "Garder le filtre",
    },
    Binding {
        keys: "Esc",
        codes: &[KeyCode::Esc],
        control: false,
        mode: Some(Mode::Filter),
        action: Action::FilterClear,
        en: "Clear the filter",
        fr: "Effacer le filtre",
    },
];

/// Keys in the bookmarks (`B`).
pub const BOOKMARK_BINDINGS: &[Binding] = &[Binding {
    keys: "d Del",
    codes: &[KeyCode::Char('d'), KeyCode::Delete],
    control: false,
    mode: Some(Mode::Bookmarks),
    action: Action::RemoveBookmark,
    en: "In the bookmarks: remove the one under the cursor",
    fr: "Dans les signets\u{a0}: retirer celui sous le curseur",
}];

/// Editing keys in a prompt, for help (what they do is [`typing_action`]).
pub const EDITING_BINDINGS: &[Binding] = &[
    Binding {
        keys: "← → Home End",
        codes: &[],
        control: false,
        mode: Some(Mode::Filter),
        action: Action::Edit(Edit::Left),
        en: "Move in what is typed (also Ctrl-A, Ctrl-E)",
        fr: "Se déplacer dans la saisie (aussi Ctrl-A, Ctrl-E)",
    },
    Binding {
        keys: "Ctrl-W Ctrl-U",
        codes: &[],
        control: false,
        mode: Some(Mode::Filter),
        action: Action::Edit(Edit::WordBack),
        en: "Delete the word before, or all before (also Alt-⌫)",
        fr: "Effacer le mot précédent, ou tout avant (aussi Alt-⌫)",
    },
];

/// Ctrl-C quits whatever the mode.
pub static QUIT_ANYWHERE: Binding = Binding {
    keys: "Ctrl-C",
    codes: &[KeyCode::Char('c')],
    control: true,
    mode: None,
    action: Action::Quit,
    en: "Quit",
    fr: "Quitter",
};

/// Ctrl-Z gives the terminal back until the reader is continued (`fg`).
pub static SUSPEND: Binding = Binding {
    keys: "Ctrl-Z",
    codes: &[KeyCode::Char('z')],
    control: true,
    mode: None,
    action: Action::Suspend,
    en: "Suspend (fg to come back)",
    fr: "Suspendre (fg pour revenir)",
};

/// Every action a key can be bound to in the configuration (`[keys]`),
/// by its stable name: the one list `liseuse config --actions` prints and
/// the configuration is checked against.
pub const ACTION_NAMES: &[(&str, Action)] = &[
    ("down", Action::Down),
    ("up", Action::Up),
    ("page-down", Action::PageDown),
    ("page-up", Action::PageUp),
    ("half-page-down", Action::HalfPageDown),
    ("half-page-up", Action::HalfPageUp),
    ("top", Action::Top),
    ("bottom", Action::Bottom),
    ("open", Action::Open),
    ("back", Action::Back),
    ("next-post", Action::NextPost),
    ("previous-post", Action::PreviousPost),
    ("next-link", Action::NextLink),
    ("previous-link", Action::PreviousLink),
    ("history-back", Action::HistoryBack),
    ("history-forward", Action::HistoryForward),
    ("filter", Action::StartFilter),
    ("next-match", Action::NextMatch),
    ("previous-match", Action::PreviousMatch),
    ("site-search", Action::StartSiteSearch),
    ("contents", Action::ShowContents),
    ("facts", Action::ShowFacts),
    ("copy-address", Action::CopyAddress),
    ("copy-link", Action::CopyLink),
    ("open-in-browser", Action::OpenInBrowser),
    ("reload", Action::Reload),
    ("toggle-sort", Action::ToggleSort),
    ("switch-language", Action::SwitchLanguage),
    ("choose-language", Action::ChooseLanguage),
    ("toggle-bookmark", Action::ToggleBookmark),
    ("bookmarks", Action::ShowBookmarks),
    ("help", Action::ToggleHelp),
    ("quit", Action::Quit),
    ("suspend", Action::Suspend),
];

/// The name that takes a key away from its default action.
pub const UNBOUND: &str = "none";

/// The action called `name` in the configuration.
pub fn action_named(name: &str) -> Option<Action> {
    ACTION_NAMES
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, action)| action.clone())
}

/// The configuration's name for `action`, if it can be bound.
pub fn action_name(action: &Action) -> Option<&'static str> {
    ACTION_NAMES
        .iter()
        .find(|(_, known)| known == action)
        .map(|(name, _)| *name)
}

/// Every binding help lists, in its order.
pub fn help_bindings() -> impl Iterator<Item = &'static Binding> {
    BINDINGS
        .iter()
        .chain(FILTER_BINDINGS)
        .chain(EDITING_BINDINGS)
        .chain(BOOKMARK_BINDINGS)
        .chain([&QUIT_ANYWHERE, &SUSPEND])
}

/// The keys that do `action` by default, as help writes them.
pub fn default_keys(action: &Action) -> Vec<&'static str> {
    // `N` is written with `n` on the line of the next match.
    if *action == Action::PreviousMatch {
        return vec!["N"];
    }
    BINDINGS
        .iter()
        .chain(BOOKMARK_BINDINGS)
        .chain([&QUIT_ANYWHERE, &SUSPEND])
        .filter(|b| b.action == *action)
        .map(|b| b.keys)
        .collect()
}

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

/// What a key means in `mode`.
pub fn action_for(key: KeyEvent, mode: Mode) -> Option<Action> {
    let control = key.modifiers.contains(KeyModifiers::CONTROL);
    if control && QUIT_ANYWHERE.codes.contains(&key.code) {
        return Some(Action::Quit);
    }
    if control && SUSPEND.codes.contains(&key.code) {
        return Some(Action::Suspend);
    }
    if mode.is_typing() {
        return typing_action(key);
    }
    if mode == Mode::Languages {
        return match key.code {
            KeyCode::Char(digit @ '0'..='9') => Some(Action::Digit(digit as u8 - b'0')),
            KeyCode::Enter => Some(Action::Open),
            KeyCode::Down | KeyCode::Char('j') => Some(Action::Down),
            KeyCode::Up | KeyCode::Char('k') => Some(Action::Up),
            KeyCode::PageDown => Some(Action::PageDown),
            KeyCode::PageUp => Some(Action::PageUp),
            KeyCode::Home | KeyCode::Char('g') => Some(Action::Top),
            KeyCode::End | KeyCode::Char('G') => Some(Action::Bottom),
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('T') => Some(Action::Back),
            _ => None,
        };
    }
    if mode == Mode::Bookmarks {
        return match key.code {
            KeyCode::Enter => Some(Action::Open),
            KeyCode::Down | KeyCode::Char('j') => Some(Action::Down),
            KeyCode::Up | KeyCode::Char('k') => Some(Action::Up),
            KeyCode::Home | KeyCode::Char('g') => Some(Action::Top),
            KeyCode::End | KeyCode::Char('G') => Some(Action::Bottom),
            KeyCode::Char('d') | KeyCode::Delete => Some(Action::RemoveBookmark),
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('B') => Some(Action::Back),
            _ => None,
        };
    }
    if mode == Mode::Contents {
        return match key.code {
            KeyCode::Enter => Some(Action::Open),
            KeyCode::Down | KeyCode::Char('j') => Some(Action::Down),
            KeyCode::Up | KeyCode::Char('k') => Some(Action::Up),
            KeyCode::PageDown => Some(Action::PageDown),
            KeyCode::PageUp => Some(Action::PageUp),
            KeyCode::Home | KeyCode::Char('g') => Some(Action::Top),
            KeyCode::End | KeyCode::Char('G') => Some(Action::Bottom),
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('c') => Some(Action::Back),
            _ => None,
        };
    }
    match key.code {
        KeyCode::Char(digit @ '0'..='9') => return Some(Action::Digit(digit as u8 - b'0')),
        KeyCode::Char('N') => return Some(Action::PreviousMatch),
        _ => {}
    }
    BINDINGS
        .iter()
        .find(|b| b.control == control && b.codes.contains(&key.code))
        .map(|b| b.action.clone())
}

/// What a key means while typing into a prompt: text, the prompt's own
/// keys, and a shell's editing keys.
fn typing_action(key: KeyEvent) -> Option<Action> {
    let control = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    if let Some(binding) = FILTER_BINDINGS.iter().find(|b| b.codes.contains(&key.code)) {
        return Some(binding.action.clone());
    }
    let edit = match (key.code, control, alt) {
        (KeyCode::Backspace, _, true) | (KeyCode::Char('w'), true, _) => Edit::WordBack,
        (KeyCode::Backspace, ..) | (KeyCode::Char('h'), true, _) => Edit::Backspace,
        (KeyCode::Delete, ..) => Edit::Delete,
        (KeyCode::Left, ..) | (KeyCode::Char('b'), true, _) => Edit::Left,
        (KeyCode::Right, ..) | (KeyCode::Char('f'), true, _) => Edit::Right,
        (KeyCode::Home, ..) | (KeyCode::Char('a'), true, _) => Edit::Start,
        (KeyCode::End, ..) | (KeyCode::Char('e'), true, _) => Edit::End,
        (KeyCode::Char('u'), true, _) => Edit::ToStart,
        (KeyCode::Char(c), false, false) => return Some(Action::FilterChar(c)),
        (KeyCode::Down, ..) => return Some(Action::Down),
        (KeyCode::Up, ..) => return Some(Action::Up),
        (KeyCode::PageDown, ..) => return Some(Action::PageDown),
        (KeyCode::PageUp, ..) => return Some(Action::PageUp),
        _ => return None,
    };
    Some(Action::Edit(edit))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn typing_a_filter_takes_letters_that_are_keys_elsewhere() {
        assert_eq!(
            action_for(key(KeyCode::Char('q')), Mode::Browse),
            Some(Action::Quit)
        );
        assert_eq!(
            action_for(key(KeyCode::Char('q')), Mode::Filter),
            Some(Action::FilterChar('q'))
        );
    }

    #[test]
    fn prompts_have_a_shells_editing_keys() {
        let typing = |code, modifiers| action_for(KeyEvent::new(code, modifiers), Mode::Filter);
        let control = KeyModifiers::CONTROL;
        assert_eq!(
            typing(KeyCode::Char('w'), control),
            Some(Action::Edit(Edit::WordBack))
        );
        assert_eq!(
            typing(KeyCode::Backspace, KeyModifiers::ALT),
            Some(Action::Edit(Edit::WordBack))
        );
        assert_eq!(
            typing(KeyCode::Char('u'), control),
            Some(Action::Edit(Edit::ToStart))
        );
        assert_eq!(
            typing(KeyCode::Char('a'), control),
            Some(Action::Edit(Edit::Start))
        );
        assert_eq!(
            typing(KeyCode::End, KeyModifiers::NONE),
            Some(Action::Edit(Edit::End))
        );
        assert_eq!(
            typing(KeyCode::Left, KeyModifiers::NONE),
            Some(Action::Edit(Edit::Left))
        );
        // The same keys outside a prompt.
        let browse = |code, modifiers| action_for(KeyEvent::new(code, modifiers), Mode::Browse);
        assert_eq!(
            browse(KeyCode::Char('u'), control),
            Some(Action::HalfPageUp)
        );
        assert_eq!(browse(KeyCode::Char('f'), control), Some(Action::PageDown));
        assert_eq!(
            browse(KeyCode::Char('J'), KeyModifiers::NONE),
            Some(Action::NextPost)
        );
        assert_eq!(browse(KeyCode::Char('x'), control), None);
    }

    #[test]
    fn control_c_always_quits() {
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for mode in [Mode::Browse, Mode::Filter, Mode::Help] {
            assert_eq!(action_for(ctrl_c, mode), Some(Action::Quit));
        }
    }

    #[test]
    fn reading_keys_reach_their_actions() {
        let browse = |code| action_for(key(code), Mode::Browse);
        assert_eq!(browse(KeyCode::Char('7')), Some(Action::Digit(7)));
        assert_eq!(browse(KeyCode::Char('N')), Some(Action::PreviousMatch));
        assert_eq!(browse(KeyCode::BackTab), Some(Action::PreviousLink));
        assert_eq!(browse(KeyCode::Backspace), Some(Action::HistoryBack));
        assert_eq!(
            action_for(key(KeyCode::Char('s')), Mode::Search),
            Some(Action::FilterChar('s')),
            "site search is typed into"
        );
        assert_eq!(
            action_for(key(KeyCode::Char('c')), Mode::Contents),
            Some(Action::Back)
        );
    }

    #[test]
    fn every_key_is_bound_once() {
        let mut seen = std::collections::HashSet::new();
        for binding in BINDINGS {
            for code in binding.codes {
                assert!(
                    seen.insert((*code, binding.control)),
                    "{code:?} bound twice"
                );
            }
        }
    }

    #[test]
    fn every_binding_is_described_in_both_languages() {
        for binding in BINDINGS
            .iter()
            .chain(FILTER_BINDINGS)
            .chain(EDITING_BINDINGS)
        {
            assert!(!binding.en.is_empty() && !binding.fr.is_empty());
            assert_ne!(binding.en, binding.fr, "{}", binding.keys);
        }
    }

    #[test]
    fn every_action_has_one_kebab_case_name_and_every_bound_action_a_name() {
        let mut names = std::collections::HashSet::new();
        for (name, action) in ACTION_NAMES {
            assert!(names.insert(*name), "{name} twice");
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{name}"
            );
            assert_eq!(action_named(name).as_ref(), Some(action));
            assert_eq!(action_name(action), Some(*name));
        }
        for binding in BINDINGS.iter().filter(|b| !b.codes.is_empty()) {
            assert!(action_name(&binding.action).is_some(), "{}", binding.keys);
        }
    }

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
