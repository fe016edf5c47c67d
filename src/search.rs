//! Finding posts: the list filter (fuzzy, over titles, authors, tags and
//! paths) and, in [`site`], full-text search of titles and bodies; both
//! with case and accents folded, so `numerique` finds "numérique", `ETE`
//! finds "été" and `oeuvre` finds "œuvre".

pub mod background;
mod filter;
pub mod plain_text;
mod postings;
pub mod site;

pub use crate::text::{Folded, fold, fold_into};
pub use filter::{FUZZY_CONFIG, FilterIndex, Match, MatchedBy};

/// The `#tag` words of a filter, folded and without their `#`, and the
/// rest of the filter.
pub fn split_tags(filter: &str) -> (Vec<String>, String) {
    let mut tags = Vec::new();
    let mut words = Vec::new();
    for word in filter.split_whitespace() {
        match word.strip_prefix('#') {
            Some(tag) if !tag.is_empty() => tags.push(fold(tag).text),
            Some(_) => {}
            None => words.push(word),
        }
    }
    (tags, words.join(" "))
}

/// The `lang:` word of a filter (`lang:fr`, `lang:any`; the last one
/// counts), and the filter without it.
pub fn split_lang(filter: &str) -> (Option<String>, String) {
    let mut lang = None;
    let mut rest = Vec::new();
    for word in filter.split_whitespace() {
        match word.strip_prefix("lang:") {
            Some(code) if !code.is_empty() => lang = Some(code.to_ascii_lowercase()),
            // `lang:` alone, while the code is being typed, changes nothing.
            Some(_) => {}
            None => rest.push(word),
        }
    }
    (lang, rest.join(" "))
}

/// Whether a `lang:` word asks for every language.
pub fn means_every_language(word: &str) -> bool {
    matches!(word, "any" | "all" | "*" | "tout" | "toutes")
}

/// Whether `post` has, for each of `tags` (folded), a tag or category
/// starting with it: `#numer` finds `numérique` while it is typed.
pub fn has_tags(post: &crate::content::Post, tags: &[String]) -> bool {
    tags.iter().all(|wanted| {
        post.tags
            .iter()
            .chain(&post.categories)
            .any(|tag| fold(tag).text.starts_with(wanted.as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_words_are_tags() {
        let (tags, rest) = split_tags("#Numérique plan #  #ai lang");
        assert_eq!(tags, ["numerique", "ai"]);
        assert_eq!(rest, "plan lang");
    }
}
