//! Language codes: `Lang` as a site writes it, a site's `Language`,
//! and which of a site's languages a BCP 47 tag means.

use super::layout;
use serde::Serialize;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

/// A language code as a site writes it, lower-cased (`en`, `fr`, `pt-br`).
/// Every post and translation link holds one: clones share the text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Lang(Arc<str>);

impl Lang {
    /// The language's name in itself (`Français`, `বাংলা`), when known:
    /// the names a site leaves out are shown the way its readers know them.
    pub fn endonym(&self) -> Option<&'static str> {
        let name = match self.as_str() {
            "pt-br" => "Português (Brasil)",
            "pt-pt" => "Português (Portugal)",
            "zh-cn" | "zh-hans" | "zh-sg" => "中文（简体）",
            "zh-tw" | "zh-hant" | "zh-hk" => "中文（繁體）",
            _ => match self.primary() {
                "ar" => "العربية",
                "bn" => "বাংলা",
                "cr" => "ᓀᐦᐃᔭᐍᐏᐣ",
                "de" => "Deutsch",
                "el" => "Ελληνικά",
                "en" => "English",
                "es" => "Español",
                "fa" => "فارسی",
                "fr" => "Français",
                "gu" => "ગુજરાતી",
                "he" => "עברית",
                "hi" => "हिन्दी",
                "it" => "Italiano",
                "iu" => "ᐃᓄᒃᑎᑐᑦ",
                "ja" => "日本語",
                "ko" => "한국어",
                "nl" => "Nederlands",
                "pa" => "ਪੰਜਾਬੀ",
                "pl" => "Polski",
                "pt" => "Português",
                "ru" => "Русский",
                "so" => "Soomaali",
                "sv" => "Svenska",
                "ta" => "தமிழ்",
                "tl" => "Tagalog",
                "tr" => "Türkçe",
                "uk" => "Українська",
                "ur" => "اردو",
                "vi" => "Tiếng Việt",
                "zh" => "中文",
                _ => return None,
            },
        };
        Some(name)
    }

    /// Normalises `fr_CA`, `FR-ca` and ` fr ` alike to `fr-ca`.
    pub fn new(code: &str) -> Lang {
        Lang(code.trim().to_ascii_lowercase().replace('_', "-").into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary subtag: `fr` for `fr-ca`.
    pub fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }
}

/// The language among `available` (in the site's order) a BCP 47 tag
/// means, case aside: the same code; the tag with subtags dropped from the
/// end (`fr-CA` → `fr`); for Chinese, the same script, written or implied
/// by the region (`zh-Hant`, `zh-TW`, `zh-HK` → `zh-tw` or `zh-hant`);
/// else the first with the same language (`pt` → `pt-br`), never one of
/// the other script.
pub fn best_language(tag: &str, available: &[Lang]) -> Option<Lang> {
    if !layout::is_language_tag(tag.trim()) {
        return None;
    }
    let wanted = Lang::new(tag);
    let find = |code: &str| available.iter().find(|l| l.as_str() == code).cloned();
    if let Some(lang) = find(wanted.as_str()) {
        return Some(lang);
    }
    // Subtags dropped from the end, down to two (`zh-hant-tw` → `zh-hant`).
    let parts: Vec<&str> = wanted.as_str().split('-').collect();
    for len in (2..parts.len()).rev() {
        if let Some(lang) = find(&parts[..len].join("-")) {
            return Some(lang);
        }
    }
    let same_language: Vec<&Lang> = available
        .iter()
        .filter(|l| l.primary() == wanted.primary())
        .collect();
    if let Some(script) = script_of(&wanted) {
        if let Some(lang) = same_language.iter().find(|l| script_of(l) == Some(script)) {
            return Some((*lang).clone());
        }
    }
    if let Some(lang) = find(wanted.primary()) {
        return Some(lang);
    }
    let script = script_of(&wanted);
    same_language
        .into_iter()
        .find(|l| script.is_none() || script_of(l).is_none_or(|s| Some(s) == script))
        .cloned()
}

/// The script a Chinese code writes or implies: `hant` (Traditional:
/// `zh-hant`, `zh-tw`, `zh-hk`, `zh-mo`) or `hans` (Simplified: `zh-hans`,
/// `zh-cn`, `zh-sg`, `zh-my`).
fn script_of(lang: &Lang) -> Option<&'static str> {
    if lang.primary() != "zh" {
        return None;
    }
    lang.as_str()
        .split('-')
        .skip(1)
        .find_map(|part| match part {
            "hant" | "tw" | "hk" | "mo" => Some("hant"),
            "hans" | "cn" | "sg" | "my" => Some("hans"),
            _ => None,
        })
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One language of a site, as its configuration describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    pub code: Lang,
    /// Its own name for itself (`Français`), when the site says.
    pub name: Option<String>,
    /// The site's address in this language (`https://numerique.canada.ca/`).
    pub base_url: Option<String>,
    /// Hugo's `contentDir`, relative to the site root.
    pub content_dir: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[rstest::rstest]
    #[case::same("fr", &["en", "fr"], Some("fr"))]
    #[case::case_aside("FR", &["en", "fr"], Some("fr"))]
    #[case::region_dropped("fr-CA", &["en", "fr"], Some("fr"))]
    #[case::underscore("fr_CA", &["en", "fr"], Some("fr"))]
    #[case::region_kept("pt-BR", &["en", "pt-br", "pt-pt"], Some("pt-br"))]
    #[case::language_alone("pt", &["en", "pt-br"], Some("pt-br"))]
    #[case::other_region("fr-CA", &["en", "fr-fr"], Some("fr-fr"))]
    #[case::script_to_region("zh-Hant", &["zh-cn", "zh-tw"], Some("zh-tw"))]
    #[case::script_to_script("zh-Hant", &["zh", "zh-hant"], Some("zh-hant"))]
    #[case::script_before_bare("zh-Hant", &["zh", "zh-tw"], Some("zh-tw"))]
    #[case::region_to_script("zh-TW", &["zh-hans", "zh-hant"], Some("zh-hant"))]
    #[case::hong_kong("zh-HK", &["zh-cn", "zh-tw"], Some("zh-tw"))]
    #[case::script_and_region("zh-Hant-TW", &["zh-hant"], Some("zh-hant"))]
    #[case::simplified("zh-Hans", &["zh-tw", "zh-cn"], Some("zh-cn"))]
    #[case::never_the_other_script("zh-Hans", &["en", "zh-tw"], None)]
    #[case::unknown("xx", &["en", "fr"], None)]
    #[case::not_a_tag("fr fr", &["en", "fr"], None)]
    fn bcp47_tags_find_the_site_language(
        #[case] tag: &str,
        #[case] available: &[&str],
        #[case] expected: Option<&str>,
    ) {
        let available: Vec<Lang> = available.iter().map(|c| Lang::new(c)).collect();
        assert_eq!(best_language(tag, &available), expected.map(Lang::new));
    }
}
