//! `i`: what is known of a post, as label and value rows: its file, its
//! public address, dates, authors, tags, its translations and how they
//! stand, and every field of its front matter as written.

use super::*;
use crate::content::TranslationState;

/// One row of the facts: a label (empty for a value continuing the one
/// above) and its value, one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub label: String,
    pub value: String,
}

/// The facts of the post `i` showed, and how far they are scrolled.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub rows: Vec<Fact>,
    pub scroll: usize,
}

/// The most front-matter fields listed, and the most characters of one
/// value: a file's front matter can be large, the popup reads it again.
const MOST_FIELDS: usize = 200;
const LONGEST_VALUE: usize = 500;

/// The facts of post `id` in `ui`'s language.
pub fn facts_of(site: &Site, id: PostId, ui: Ui) -> Vec<Fact> {
    let post = &site.posts[id];
    let mut rows = Vec::new();
    let mut add = |label: Text, value: String| {
        rows.push(Fact {
            label: ui.text(label).to_string(),
            value,
        })
    };
    add(Text::SourceFile, post.display_path());
    if let Some(address) = site.public_address(post) {
        add(Text::PublicAddress, address);
    }
    add(
        Text::Language,
        format!(
            "{} ({})",
            site.language_name(&post.lang),
            post.lang.as_str()
        ),
    );
    if let Some(date) = &post.date {
        add(Text::Published, ui.date(date.date));
    }
    if let Some(updated) = &post.updated {
        add(Text::LastUpdated, ui.date(updated.date));
    }
    if let Some((date, source)) = site.dates.last_changed(site, id) {
        use crate::content::freshness::DateSource;
        let from = match source {
            DateSource::Git => Text::FromGit,
            DateSource::FrontMatter => Text::FromFrontMatter,
            DateSource::Mtime => Text::FromMtime,
        };
        add(
            Text::LastChanged,
            format!("{} ({})", ui.date(date), ui.text(from)),
        );
    }
    if !post.authors.is_empty() {
        add(Text::Authors, post.authors.join(", "));
    }
    if !post.tags.is_empty() {
        add(Text::Tags, post.tags.join(", "));
    }
    if !post.categories.is_empty() {
        add(Text::Categories, post.categories.join(", "));
    }
    if post.draft {
        add(Text::DraftPost, ui.text(Text::Yes).to_string());
    }
    let mut translations: Vec<(Lang, PostId)> = post
        .translations
        .iter()
        .map(|(lang, &other)| (lang.clone(), other))
        .collect();
    // In the site's order of languages, as `t` goes through them.
    let order: std::collections::HashMap<&Lang, usize> = site
        .languages
        .iter()
        .enumerate()
        .rev()
        .map(|(at, language)| (&language.code, at))
        .collect();
    translations.sort_by_key(|(lang, _)| order.get(lang).copied().unwrap_or(usize::MAX));
    if translations.is_empty() {
        add(Text::Translations, ui.text(Text::NoTranslation).to_string());
    }
    for (index, (lang, other)) in translations.into_iter().enumerate() {
        let state = if site.translation_state(id, &lang) == Some(TranslationState::Older) {
            Text::TranslationOlder
        } else if site.translation_state(other, &post.lang) == Some(TranslationState::Older) {
            Text::ThisPostOlder
        } else {
            Text::UpToDate
        };
        let label = if index == 0 {
            Text::Translations
        } else {
            Text::Continued
        };
        add(
            label,
            format!(
                "{} — {} — {}",
                site.language_name(&lang),
                site.posts[other].display_path(),
                ui.text(state)
            ),
        );
    }
    let front_matter = post.front_matter();
    let fields: Vec<(&String, &serde_json::Value)> = front_matter.fields().iter().collect();
    for (index, (name, value)) in fields.iter().take(MOST_FIELDS).enumerate() {
        let label = if index == 0 {
            Text::FrontMatter
        } else {
            Text::Continued
        };
        add(label, format!("{name}: {}", field_text(value)));
    }
    if fields.len() > MOST_FIELDS {
        add(
            Text::Continued,
            ui.labelled(Text::LeftOut, &ui.number(fields.len() - MOST_FIELDS)),
        );
    }
    rows
}

/// A front-matter value on one line: text as it is, the rest as JSON,
/// cut at [`LONGEST_VALUE`] characters.
fn field_text(value: &serde_json::Value) -> String {
    let text = match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    let one_line = crate::text::sanitize_line(&text);
    match one_line.char_indices().nth(LONGEST_VALUE) {
        Some((cut, _)) => format!("{}…", &one_line[..cut]),
        None => one_line.into_owned(),
    }
}

/// The facts as lines `width` cells wide: labels in a column, values
/// wrapped beside them (an address broken anywhere rather than cut).
pub fn facts_lines(rows: &[Fact], width: usize) -> Vec<(String, String)> {
    let label_width = rows
        .iter()
        .map(|f| crate::text::cells::width(&f.label))
        .max()
        .unwrap_or(0)
        .min(width / 3);
    let value_width = width.saturating_sub(label_width + 2).max(8);
    let options = textwrap::Options::new(value_width)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(true);
    let mut lines = Vec::new();
    for fact in rows {
        let label = crate::text::cells::truncate(&fact.label, label_width);
        for (index, part) in textwrap::wrap(&fact.value, &options)
            .into_iter()
            .enumerate()
        {
            let label = if index == 0 { label.as_ref() } else { "" };
            lines.push((
                format!(
                    "{label}{}",
                    " ".repeat(label_width - crate::text::cells::width(label))
                ),
                part.into_owned(),
            ));
        }
    }
    lines
}

impl App {
    /// `i`: the facts of the open post, else of the selected one.
    pub(super) fn show_facts(&mut self) {
        let Some(id) = self.current_post().or_else(|| self.selected_id()) else {
            return;
        };
        self.facts = Facts {
            rows: facts_of(&self.site, id, self.ui),
            scroll: 0,
        };
        self.mode = Mode::Facts;
    }

    pub(super) fn facts_key(&mut self, action: Action) {
        let rows = super::help::help_rows(self.size);
        let width = super::help::help_text_width(self.size);
        let last = facts_lines(&self.facts.rows, width)
            .len()
            .saturating_sub(rows);
        let delta: isize = match action {
            Action::Down => 1,
            Action::Up => -1,
            Action::PageDown => rows as isize,
            Action::PageUp => -(rows as isize),
            Action::HalfPageDown => (rows / 2).max(1) as isize,
            Action::HalfPageUp => -((rows / 2).max(1) as isize),
            Action::Top => isize::MIN / 2,
            Action::Bottom => isize::MAX / 2,
            Action::Scroll { lines, .. } => isize::from(lines),
            Action::Back | Action::ShowFacts | Action::Open | Action::Quit => {
                self.mode = Mode::Browse;
                return;
            }
            _ => 0,
        };
        self.facts.scroll = self.facts.scroll.saturating_add_signed(delta).min(last);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{self, Source};

    #[test]
    fn the_facts_name_the_file_address_dates_translations_and_every_field() {
        let site = content::load(&Source::sample());
        let id = site
            .posts
            .iter()
            .position(|p| {
                p.display_path()
                    .ends_with("plain-language-whats-in-a-word.md")
            })
            .expect("the sample has this post");
        let facts = facts_of(&site, id, Ui::En);
        let value = |label: &str| {
            facts
                .iter()
                .find(|f| f.label == label)
                .map(|f| f.value.clone())
                .unwrap_or_else(|| panic!("no {label} in {facts:#?}"))
        };
        assert!(value("Source file").ends_with("plain-language-whats-in-a-word.md"));
        assert!(value("Language").contains("(en)"));
        assert!(value("Translations").contains(" — "), "{facts:#?}");
        let front_matter = facts
            .iter()
            .skip_while(|f| f.label != "Front matter")
            .map(|f| f.value.as_str())
            .collect::<Vec<_>>();
        assert!(
            front_matter.iter().any(|v| v.starts_with("title: ")),
            "{front_matter:?}"
        );
        let french = facts_of(&site, id, Ui::Fr);
        assert!(french.iter().any(|f| f.label == "Fichier source"));
    }

    #[test]
    fn a_long_value_is_cut_and_kept_on_one_line() {
        let long = serde_json::Value::String(format!("a\nb{}", "x".repeat(2000)));
        let text = field_text(&long);
        assert!(!text.contains('\n'));
        assert_eq!(text.chars().count(), LONGEST_VALUE + 1);
    }
}
