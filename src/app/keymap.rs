//! Keys as data: each binding says which mode it works in, what it does,
//! and how to describe it in both languages, so help is drawn from here.

use super::Mode;
use super::action::Action;
use super::field::Edit;
use crate::i18n::Ui;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod custom;
pub use custom::{KeySpec, Keymap};

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
        "v",
        &[KeyCode::Char('v')],
        Action::SideBySide,
        "The post beside its translation (t swaps, T another); again: one post",
        "Le billet à côté de sa traduction (t échange, T une autre)\u{a0}; de nouveau\u{a0}: un seul",
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
        "e",
        &[KeyCode::Char('e')],
        Action::OpenInEditor,
        "Edit the post’s file ($VISUAL, $EDITOR) at the line on screen",
        "Modifier le fichier du billet ($VISUAL, $EDITOR) à la ligne affichée",
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
    ("edit", Action::OpenInEditor),
    ("toggle-sort", Action::ToggleSort),
    ("switch-language", Action::SwitchLanguage),
    ("choose-language", Action::ChooseLanguage),
    ("side-by-side", Action::SideBySide),
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
}
