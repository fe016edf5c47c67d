//! Languages: the interface language, `t` to the translation, `T` to
//! choose among every language of the site.

use super::*;

impl App {
    /// Reads (lists, and speaks) `lang` from now on.
    pub(super) fn set_lang(&mut self, lang: Lang) {
        self.ui = Ui::for_lang(&lang);
        self.languages_read.retain(|l| *l != lang);
        self.languages_read.insert(0, lang.clone());
        self.lang = lang;
    }

    /// `T`: every language of the site but the one read, in the site's
    /// order, each with the current post's translation into it if any.
    pub(super) fn offer_languages(&mut self) {
        let current = self.current_post();
        let own = current.map_or(&self.lang, |id| &self.site.posts[id].lang);
        let choices: Vec<(Lang, Option<PostId>)> = self
            .site
            .languages
            .iter()
            .map(|l| &l.code)
            .filter(|lang| *lang != own)
            .map(|lang| {
                let translation = current
                    .and_then(|id| self.site.posts[id].translations.get(lang))
                    .copied();
                (lang.clone(), translation)
            })
            .collect();
        if choices.is_empty() {
            self.message = Some(self.ui.text(Text::NoOtherLanguage).to_string());
            return;
        }
        (self.language_choices, self.language_targets) = choices.into_iter().unzip();
        // The cursor starts on the first language the post is written in.
        self.language_cursor = self
            .language_targets
            .iter()
            .position(Option::is_some)
            .unwrap_or(0);
        self.language_digits.clear();
        self.mode = Mode::Languages;
    }

    /// Keys in `T`'s list: arrows and Enter, or a language's number (two
    /// digits past nine: `1` waits for a second one when there are ten).
    pub(super) fn languages_key(&mut self, action: Action) {
        let count = self.language_choices.len();
        let last = count.saturating_sub(1);
        match action {
            Action::Down => self.language_cursor = (self.language_cursor + 1).min(last),
            Action::Up => self.language_cursor = self.language_cursor.saturating_sub(1),
            Action::PageDown | Action::Bottom => self.language_cursor = last,
            Action::PageUp | Action::Top => self.language_cursor = 0,
            Action::Open => self.pick_language(self.language_cursor),
            Action::PickLanguage(index) => self.pick_language(index),
            Action::Digit(digit) => {
                self.language_digits.push(char::from(b'0' + digit));
                let mut number: usize = self.language_digits.parse().unwrap_or(0);
                if number == 0 || number > count {
                    self.language_digits = char::from(b'0' + digit).to_string();
                    number = usize::from(digit);
                }
                if number == 0 || number > count {
                    self.language_digits.clear();
                } else if number * 10 > count {
                    self.pick_language(number - 1);
                } else {
                    self.language_cursor = number - 1;
                }
            }
            _ => self.mode = Mode::Browse,
        }
    }

    /// Reads in the language at `index` of `T`'s list: the post's
    /// translation when it has one, else the list of that language's posts.
    pub(super) fn pick_language(&mut self, index: usize) {
        let Some(lang) = self.language_choices.get(index).cloned() else {
            return;
        };
        self.mode = Mode::Browse;
        self.language_digits.clear();
        if self
            .language_targets
            .get(index)
            .copied()
            .flatten()
            .is_some()
        {
            self.switch_language_to(Some(lang));
            return;
        }
        self.set_lang(lang);
        self.refilter(None);
        self.focus = Pane::List;
        self.follow_selection();
        let name = self.site.language_name(&self.lang);
        self.message = Some(format!(
            "{} {name}",
            self.ui.text(Text::NoTranslationListing)
        ));
    }

    /// What `t` opens: the current post's translation into the next of the
    /// site's languages (in the site's order, round) that has one.
    pub fn next_translation(&self) -> Option<(Lang, PostId)> {
        let post = &self.site.posts[self.current_post()?];
        let order: Vec<&Lang> = self.site.languages.iter().map(|l| &l.code).collect();
        let start = order.iter().position(|l| **l == post.lang).unwrap_or(0);
        (1..=order.len())
            .map(|step| order[(start + step) % order.len()])
            .find_map(|lang| post.translations.get(lang).map(|&id| (lang.clone(), id)))
            // Translations into languages the configuration does not name.
            .or_else(|| {
                post.translations
                    .iter()
                    .next()
                    .map(|(lang, &id)| (lang.clone(), id))
            })
    }

    /// `t` (`wanted` = `None`: the next language that has one) and `T`:
    /// the open (or selected) post is replaced by its translation, at the
    /// same heading or the same proportion.
    pub(super) fn switch_language_to(&mut self, wanted: Option<Lang>) {
        let Some(current) = self.current_post() else {
            return;
        };
        let post = &self.site.posts[current];
        let next = match wanted {
            Some(lang) => post.translations.get(&lang).map(|&id| (lang, id)),
            None => self.next_translation(),
        };
        let Some((lang, translation)) = next else {
            self.message = Some(self.ui.text(Text::NoTranslation).to_string());
            return;
        };
        // Where we are: the last heading above the top of the pane.
        let place = self.reading.as_ref().filter(|r| r.id == current).map(|r| {
            let heading = r
                .heading_lines
                .iter()
                .rposition(|&line| line <= self.scroll);
            (heading, self.fraction())
        });
        if let Some(reading) = self.reading.as_ref().filter(|r| r.id == current) {
            self.translation_places.insert(reading.id, self.scroll);
        }
        self.set_lang(lang);
        self.refilter(Some(translation));
        let was_reading = self.reading.is_some();
        if was_reading || self.is_wide() {
            self.reading = Some(self.lay_out(translation));
            let left_here = self.translation_places.get(&translation).copied();
            self.scroll = match (left_here, place) {
                (Some(line), _) => line,
                (None, Some((Some(heading), _))) => self
                    .reading
                    .as_ref()
                    .and_then(|r| r.heading_lines.get(heading).copied())
                    .unwrap_or(0),
                (None, Some((None, fraction))) => (fraction * self.total_lines() as f64) as usize,
                (None, None) => 0,
            }
            .min(self.max_scroll());
            self.after_open();
        }
    }
}
