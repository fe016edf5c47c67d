//! A post's translations: one group shared by every post in it.

use super::{Lang, PostId};
use std::fmt;
use std::sync::Arc;

/// A post's versions in other languages, by language, in language order.
///
/// Posts that are one another's translations form a group, at most one
/// post per language, stored once and shared by every member: each holds
/// the group and where it stands in it, and sees the others. A group of a
/// thousand languages is one list of a thousand, not a thousand lists of
/// 999 (which made linking and memory quadratic in the languages).
#[derive(Clone, Default)]
pub struct Translations {
    /// The group, sorted by language; `None` for a post without any.
    group: Option<Arc<[(Lang, PostId)]>>,
    /// The post's own place in `group`, left out of what it shows;
    /// `NOT_IN_GROUP` for a list of others alone (built by `insert`).
    own: u32,
}

const NOT_IN_GROUP: u32 = u32::MAX;

impl Translations {
    /// The translations of the post at `own` in `group`: the group less
    /// that post. `group` must be sorted by language, each at most once.
    pub fn of_group(group: Arc<[(Lang, PostId)]>, own: usize) -> Translations {
        debug_assert!(group.is_sorted_by(|a, b| a.0 < b.0));
        debug_assert!(own < group.len());
        if group.len() < 2 {
            return Translations::default();
        }
        Translations {
            group: Some(group),
            own: u32::try_from(own).expect("fewer than 2³² languages"),
        }
    }

    /// Kept sorted by language, so a post translated into every one of a
    /// thousand languages is searched, not scanned.
    pub fn get(&self, lang: &Lang) -> Option<&PostId> {
        let group = self.group.as_deref()?;
        let at = group.binary_search_by(|(l, _)| l.cmp(lang)).ok()?;
        (at != self.own as usize).then(|| &group[at].1)
    }

    pub fn contains_key(&self, lang: &Lang) -> bool {
        self.get(lang).is_some()
    }

    /// Sets the version in `lang`; returns the one it replaces. The post
    /// then has a list of its own, no longer shared with its group: for
    /// building by hand; loading links whole groups (`of_group`).
    pub fn insert(&mut self, lang: Lang, id: PostId) -> Option<PostId> {
        let mut others: Vec<(Lang, PostId)> = self.iter().map(|(l, &id)| (l.clone(), id)).collect();
        let replaced = match others.binary_search_by(|(l, _)| l.cmp(&lang)) {
            Ok(at) => Some(std::mem::replace(&mut others[at].1, id)),
            Err(at) => {
                others.insert(at, (lang, id));
                None
            }
        };
        *self = Translations {
            group: Some(others.into()),
            own: NOT_IN_GROUP,
        };
        replaced
    }

    /// How many other languages the post is in.
    pub fn len(&self) -> usize {
        let whole = self.group.as_ref().map_or(0, |group| group.len());
        whole - usize::from(self.own != NOT_IN_GROUP && whole > 0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn clear(&mut self) {
        *self = Translations::default();
    }

    pub fn values(&self) -> impl Iterator<Item = &PostId> {
        self.iter().map(|(_, id)| id)
    }

    pub fn keys(&self) -> impl Iterator<Item = &Lang> {
        self.iter().map(|(lang, _)| lang)
    }

    pub fn iter(&self) -> TranslationsIter<'_> {
        self.into_iter()
    }

    /// Whether `self` and `other` are views of one stored group (two
    /// translations of each other share it).
    pub fn shares_group_with(&self, other: &Translations) -> bool {
        match (&self.group, &other.group) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl fmt::Debug for Translations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// Equal when they show the same translations, shared or not.
impl PartialEq for Translations {
    fn eq(&self, other: &Translations) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Translations {}

/// A post's translations, in language order.
pub struct TranslationsIter<'t> {
    entries: std::iter::Enumerate<std::slice::Iter<'t, (Lang, PostId)>>,
    own: usize,
}

impl<'t> Iterator for TranslationsIter<'t> {
    type Item = (&'t Lang, &'t PostId);

    fn next(&mut self) -> Option<Self::Item> {
        let own = self.own;
        self.entries
            .find(|(at, _)| *at != own)
            .map(|(_, (lang, id))| (lang, id))
    }
}

impl<'t> IntoIterator for &'t Translations {
    type Item = (&'t Lang, &'t PostId);
    type IntoIter = TranslationsIter<'t>;

    fn into_iter(self) -> TranslationsIter<'t> {
        TranslationsIter {
            entries: self.group.as_deref().unwrap_or_default().iter().enumerate(),
            own: self.own as usize,
        }
    }
}

impl FromIterator<(Lang, PostId)> for Translations {
    fn from_iter<I: IntoIterator<Item = (Lang, PostId)>>(items: I) -> Translations {
        let mut translations = Translations::default();
        for (lang, id) in items {
            translations.insert(lang, id);
        }
        translations
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translations_keep_language_order_and_replace_in_place() {
        let mut translations = Translations::default();
        assert_eq!(translations.insert(Lang::new("fr"), 3), None);
        assert_eq!(translations.insert(Lang::new("de"), 7), None);
        assert_eq!(translations.insert(Lang::new("es"), 9), None);
        assert_eq!(translations.insert(Lang::new("FR"), 4), Some(3));
        let keys: Vec<&str> = translations.keys().map(Lang::as_str).collect();
        assert_eq!(keys, ["de", "es", "fr"]);
        assert_eq!(translations.get(&Lang::new("fr")), Some(&4));
        assert!(!translations.contains_key(&Lang::new("en")));
        let pairs: Vec<(String, PostId)> = (&translations)
            .into_iter()
            .map(|(l, &id)| (l.to_string(), id))
            .collect();
        assert_eq!(
            pairs,
            [("de".into(), 7), ("es".into(), 9), ("fr".into(), 4)]
        );
        translations.clear();
        assert!(translations.is_empty());
    }
}
