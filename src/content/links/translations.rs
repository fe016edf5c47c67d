//! Linking translations: every post to its versions in other languages,
//! by `translationKey`, `trans_url` and shared paths, in groups of one
//! post a language; and the hint of a near-twin key (a typo). Apart from
//! the URL index, which it only asks where a `trans_url` leads.

use super::url_index::{Resolution, UrlIndex};
use crate::content::{Lang, Post, PostId, Warning, WarningKind};
use std::collections::{BTreeMap, HashMap};

/// Links every post to its translations, in order of trust: the same
/// `translationKey`, then `trans_url`, then the same path in another
/// language's tree. Returns the warnings it met.
///
/// Translations form groups, at most one post per language: a link joins
/// two groups when no language is in both (a post already translated into
/// French is not given a second French version). Groups are joined the
/// smaller into the larger, so the work is about linear in the posts
/// whatever the number of languages: 2,000 languages of one post each,
/// all sharing a key, are 1,999 joins, not two million pairs.
pub fn link_translations(posts: &mut [Post], index: &UrlIndex) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let mut groups = Groups::new(posts);
    link_by_key(posts, &mut groups, &mut warnings);
    link_by_trans_url(posts, index, &mut groups, &mut warnings);
    link_by_path(posts, &mut groups);
    groups.set(posts);
    warnings
}

/// Translation groups while linking: a forest of posts (union–find), the
/// root of each tree holding its group's posts by language.
pub(crate) struct Groups {
    parent: Vec<PostId>,
    /// At a root of two posts or more, its group; at a post alone, empty
    /// (its group is itself: a hundred thousand maps of one post each
    /// were a hundred thousand allocations at every reading); elsewhere
    /// empty too.
    members: Vec<BTreeMap<Lang, PostId>>,
    /// Each post's language, for the groups of one post.
    langs: Vec<Lang>,
    /// Languages looked up or moved: the work joining cost, which tests
    /// bound.
    pub(crate) steps: usize,
}

impl Groups {
    /// Every post alone in its group.
    pub(crate) fn new(posts: &[Post]) -> Groups {
        Groups {
            parent: (0..posts.len()).collect(),
            members: (0..posts.len()).map(|_| BTreeMap::new()).collect(),
            langs: posts.iter().map(|post| post.lang.clone()).collect(),
            steps: 0,
        }
    }

    /// The root of `id`'s group (halving the path on the way).
    fn find(&mut self, mut id: PostId) -> PostId {
        while self.parent[id] != id {
            self.parent[id] = self.parent[self.parent[id]];
            id = self.parent[id];
        }
        id
    }

    /// How many posts the group of `root` holds.
    fn size(&self, root: PostId) -> usize {
        self.members[root].len().max(1)
    }

    /// Whether the group of `root` has a post in `lang`.
    fn has(&self, root: PostId, lang: &Lang) -> bool {
        if self.members[root].is_empty() {
            self.langs[root] == *lang
        } else {
            self.members[root].contains_key(lang)
        }
    }

    /// The group of `root`, taken out of it.
    fn take(&mut self, root: PostId) -> BTreeMap<Lang, PostId> {
        let members = std::mem::take(&mut self.members[root]);
        if members.is_empty() {
            BTreeMap::from([(self.langs[root].clone(), root)])
        } else {
            members
        }
    }

    /// Joins the groups of `a` and `b` unless a language is in both;
    /// whether they are now one group.
    pub(crate) fn connect(&mut self, a: PostId, b: PostId) -> bool {
        let (a, b) = (self.find(a), self.find(b));
        if a == b {
            return true;
        }
        let (small, large) = if self.size(a) <= self.size(b) {
            (a, b)
        } else {
            (b, a)
        };
        self.steps += self.size(small);
        let overlaps = if self.members[small].is_empty() {
            self.has(large, &self.langs[small])
        } else {
            self.members[small].keys().any(|lang| self.has(large, lang))
        };
        if overlaps {
            return false;
        }
        let moved = self.take(small);
        let mut joined = self.take(large);
        joined.extend(moved);
        self.members[large] = joined;
        self.parent[small] = large;
        true
    }

    /// Gives each post its group: one shared list per group.
    pub(crate) fn set(mut self, posts: &mut [Post]) {
        for post in posts.iter_mut() {
            post.translations.clear();
        }
        for root in 0..posts.len() {
            if self.members[root].len() < 2 {
                continue;
            }
            let group: std::sync::Arc<[(Lang, PostId)]> = std::mem::take(&mut self.members[root])
                .into_iter()
                .collect();
            for (own, &(_, id)) in group.iter().enumerate() {
                posts[id].translations = crate::content::Translations::of_group(group.clone(), own);
            }
        }
    }
}

fn link_by_key(posts: &[Post], groups: &mut Groups, warnings: &mut Vec<Warning>) {
    // (key, language, post), sorted: by key, then language, then post,
    // so that the first of a language is the first by path (posts are
    // sorted by path). One sort of borrowed keys: a map of maps of the
    // keys copied cost a hundred thousand allocations at every reading.
    let mut keyed: Vec<(&str, &Lang, PostId)> = posts
        .iter()
        .enumerate()
        .filter_map(|(id, post)| {
            let key = post.translation_key.as_deref().map(str::trim)?;
            (!key.is_empty()).then_some((key, &post.lang, id))
        })
        .collect();
    keyed.sort_unstable();
    let mut lone: Vec<(String, PostId)> = Vec::new();
    for same_key in keyed.chunk_by(|a, b| a.0 == b.0) {
        let key = same_key[0].0;
        let by_lang: Vec<&[(&str, &Lang, PostId)]> = same_key.chunk_by(|a, b| a.1 == b.1).collect();
        for ids in &by_lang {
            for &(_, _, extra) in &ids[1..] {
                warnings.push(Warning {
                    path: posts[extra].path.clone(),
                    line: None,
                    kind: WarningKind::AmbiguousKey,
                    message: format!(
                        "translationKey `{key}` is also used by {} in the same language; kept that one",
                        posts[ids[0].2].display_path()
                    ),
                });
            }
        }
        let first = by_lang[0][0].2;
        for other in &by_lang[1..] {
            groups.connect(first, other[0].2);
        }
        if by_lang.len() == 1 {
            lone.push((key.to_string(), first));
        }
    }
    // A key with no partner but a near-twin in another language is a typo.
    for (key, id, other, other_id) in near_twins(posts, &lone) {
        warnings.push(Warning {
            path: posts[id].path.clone(),
            line: None,
            kind: WarningKind::LoneTranslationKey,
            message: format!(
                "translationKey `{key}` has no partner; `{other}` in {} is close (a typo?)",
                posts[other_id].display_path()
            ),
        });
    }
}

/// How many keys the search for near-twins compares in all: beyond, it
/// gives up (a hint, not a check). Ten thousand lone keys of one length
/// are fifty million comparisons (50 s); a real site's are a few.
const TWIN_COMPARISONS: usize = 2_000_000;

/// Each lone key (6 bytes or more) with the first other lone key, in key
/// order, of another language and at most 2 edits away. Only keys whose
/// lengths differ by 2 characters or less are compared.
fn near_twins<'k>(
    posts: &[Post],
    lone: &'k [(String, PostId)],
) -> Vec<(&'k str, PostId, &'k str, PostId)> {
    near_twins_within(posts, lone, TWIN_COMPARISONS).0
}

/// [`near_twins`] with at most `budget` comparisons; with how many it made.
fn near_twins_within<'k>(
    posts: &[Post],
    lone: &'k [(String, PostId)],
    budget: usize,
) -> (Vec<(&'k str, PostId, &'k str, PostId)>, usize) {
    let chars: Vec<Vec<char>> = lone.iter().map(|(key, _)| key.chars().collect()).collect();
    // Lone keys by length in characters, in key order.
    let mut by_length: HashMap<usize, Vec<usize>> = HashMap::new();
    for (at, key) in chars.iter().enumerate() {
        by_length.entry(key.len()).or_default().push(at);
    }
    let mut left = budget;
    let mut twins = Vec::new();
    for (at, (key, id)) in lone.iter().enumerate() {
        if key.len() < 6 {
            continue;
        }
        let length = chars[at].len();
        let mut first: Option<usize> = None;
        for other_length in length.saturating_sub(2)..=length + 2 {
            for &other in by_length.get(&other_length).into_iter().flatten() {
                if first.is_some_and(|f| other > f) || left == 0 {
                    break;
                }
                let (_, other_id) = &lone[other];
                if posts[*other_id].lang == posts[*id].lang {
                    continue;
                }
                left -= 1;
                if edit_distance_chars(&chars[at], &chars[other], 2) <= 2 {
                    first = Some(other);
                    break;
                }
            }
        }
        if let Some(other) = first {
            twins.push((key.as_str(), *id, lone[other].0.as_str(), lone[other].1));
        }
    }
    (twins, budget - left)
}

fn link_by_trans_url(
    posts: &[Post],
    index: &UrlIndex,
    groups: &mut Groups,
    warnings: &mut Vec<Warning>,
) {
    for id in 0..posts.len() {
        let Some((target, resolved)) = trans_url_target(index, posts, id) else {
            continue;
        };
        let message = match resolved {
            Some(found) if found == id => {
                Some(format!("trans_url `{target}` points to the post itself"))
            }
            Some(found) if posts[found].lang == posts[id].lang => Some(format!(
                "trans_url `{target}` points to {}, in the same language",
                posts[found].display_path()
            )),
            Some(found) => {
                groups.connect(id, found);
                None
            }
            None => Some(format!("trans_url `{target}` leads to no post")),
        };
        if let Some(message) = message {
            warnings.push(Warning {
                path: posts[id].path.clone(),
                line: None,
                kind: WarningKind::DanglingTranslation,
                message,
            });
        }
    }
}

/// Posts at the same path in different languages' trees. In path order,
/// each post joins the first group of its path it fits (no language twice),
/// else starts one: a path shared by every language of a site already
/// linked by key is one group, tried once per post.
fn link_by_path(posts: &[Post], groups: &mut Groups) {
    // (path in its language's tree without its extension, as bytes; post),
    // sorted: borrowed, not a path made and hashed by its components for
    // each of a hundred thousand posts at every reading.
    let mut paths: Vec<(&[u8], PostId)> = posts
        .iter()
        .enumerate()
        .map(|(id, post)| (without_extension(&post.lang_path), id))
        .collect();
    paths.sort_unstable();
    let mut by_path: Vec<Vec<PostId>> = paths
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|same| same.len() > 1)
        .map(|same| same.iter().map(|&(_, id)| id).collect())
        .collect();
    by_path.sort();
    for ids in by_path {
        // One post of each group this path's posts are in, first by path.
        let mut formed: Vec<PostId> = Vec::new();
        for id in ids {
            let mut joined = false;
            for &at in &formed {
                if groups.connect(at, id) {
                    joined = true;
                    break;
                }
            }
            if !joined {
                formed.push(id);
            }
        }
    }
}

/// `path`'s bytes less its extension, as `Path::with_extension("")`
/// leaves it.
fn without_extension(path: &std::path::Path) -> &[u8] {
    let bytes = path.as_os_str().as_encoded_bytes();
    match path.extension() {
        Some(extension) => &bytes[..bytes.len() - extension.len() - 1],
        None => bytes,
    }
}

/// Post `id`'s `trans_url`, if it has one, and the post it names. A
/// translation's URL names another language, on its own host if it has
/// one, whatever the post's host: those are looked in first.
fn trans_url_target<'a>(
    index: &UrlIndex,
    posts: &'a [Post],
    id: PostId,
) -> Option<(&'a str, Option<PostId>)> {
    let target = posts[id]
        .trans_url
        .as_deref()
        .filter(|t| !t.trim().is_empty())?;
    let on_site = target.starts_with('/') || index.is_local_host(target);
    let resolved = on_site
        .then(|| index.lookup_except(target, &posts[id].lang, posts))
        .flatten()
        .or_else(|| match index.resolve(target, Some(&posts[id]), posts) {
            Resolution::Post { id: found, .. } => Some(found),
            _ => None,
        });
    Some((target, resolved))
}

/// Levenshtein distance, giving up (returning `limit + 1`) past `limit`.
#[cfg(test)]
fn edit_distance(a: &str, b: &str, limit: usize) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    edit_distance_chars(&a, &b, limit)
}

/// Levenshtein distance on characters, giving up (returning `limit + 1`)
/// past `limit`: only along the diagonals within
/// `limit` of the main one: about `limit` × the length, not the square.
fn edit_distance_chars(a: &[char], b: &[char], limit: usize) -> usize {
    let over = limit + 1;
    if a.len().abs_diff(b.len()) > limit {
        return over;
    }
    let m = b.len();
    let mut previous: Vec<usize> = (0..=m).map(|j| j.min(over)).collect();
    let mut current = vec![over; m + 1];
    for (i, ca) in a.iter().enumerate() {
        let row = i + 1;
        let lo = row.saturating_sub(limit).max(1);
        let hi = (row + limit).min(m);
        current[lo - 1] = if lo == 1 { row.min(over) } else { over };
        let mut best = current[lo - 1];
        for j in lo..=hi {
            let cost = usize::from(*ca != b[j - 1]);
            let cell = (previous[j - 1] + cost)
                .min(previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(over);
            current[j] = cell;
            best = best.min(cell);
        }
        if hi < m {
            current[hi + 1] = over;
        }
        if best > limit {
            return over;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[m].min(over)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_finds_typos() {
        assert_eq!(edit_distance("in-this-together", "n-this-together", 2), 1);
        assert_eq!(edit_distance("policy", "politiques", 2), 3);
    }

    /// Levenshtein distance over the whole table: the reference.
    fn edit_distance_full(a: &str, b: &str) -> usize {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let mut previous: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.iter().enumerate() {
            let mut current = vec![i + 1; b.len() + 1];
            for (j, cb) in b.iter().enumerate() {
                current[j + 1] = (previous[j] + usize::from(ca != cb))
                    .min(previous[j + 1] + 1)
                    .min(current[j] + 1);
            }
            previous = current;
        }
        previous[b.len()]
    }

    /// A small deterministic generator (xorshift), for the comparisons
    /// with the references below.
    struct Random(u64);

    impl Random {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    #[test]
    fn the_banded_edit_distance_agrees_with_the_whole_table() {
        let mut random = Random(0x9e37_79b9_7f4a_7c15);
        let letters = ['a', 'b', 'c', 'é', '-'];
        for _ in 0..20_000 {
            let word = |random: &mut Random| -> String {
                let length = random.below(9);
                (0..length)
                    .map(|_| letters[random.below(letters.len())])
                    .collect()
            };
            let (a, b) = (word(&mut random), word(&mut random));
            for limit in 0..4 {
                assert_eq!(
                    edit_distance(&a, &b, limit),
                    edit_distance_full(&a, &b).min(limit + 1),
                    "{a:?} {b:?} limit {limit}"
                );
            }
        }
    }

    /// A post with only what linking reads.
    fn post(lang: &str, path: &str, key: Option<&str>) -> Post {
        Post::new(crate::content::PostData {
            path: format!("content/{lang}/{path}").into(),
            lang_path: path.into(),
            lang: Lang::new(lang),
            title: String::new(),
            authors: Vec::new(),
            date: None,
            updated: None,
            draft: false,
            tags: Vec::new(),
            categories: Vec::new(),
            translation_key: key.map(str::to_string),
            trans_url: None,
            url: format!("/{lang}/{path}/"),
            aliases: Vec::new(),
            url_field: None,
            text: crate::content::FileText::default(),
            body_line: 1,
        })
    }

    /// The near-twin search as it was: every lone key against every other.
    fn near_twins_scanning(posts: &[Post], lone: &[(String, PostId)]) -> Vec<(PostId, PostId)> {
        lone.iter()
            .filter_map(|(key, id)| {
                let (_, other_id) = lone.iter().find(|(other, other_id)| {
                    posts[*other_id].lang != posts[*id].lang
                        && key.len() >= 6
                        && edit_distance_full(key, other) <= 2
                })?;
                Some((*id, *other_id))
            })
            .collect()
    }

    #[test]
    fn near_twins_by_length_are_those_a_scan_finds() {
        let mut random = Random(0x2545_f491_4f6c_dd1d);
        for _ in 0..300 {
            let mut keys: Vec<String> = (0..random.below(30))
                .map(|_| {
                    let length = 4 + random.below(6);
                    (0..length)
                        .map(|_| ['a', 'b', 'ç'][random.below(3)])
                        .collect()
                })
                .collect();
            keys.sort();
            keys.dedup();
            let posts: Vec<Post> = keys
                .iter()
                .enumerate()
                .map(|(i, key)| post(["en", "fr", "de"][i % 3], &format!("p{i}"), Some(key)))
                .collect();
            let lone: Vec<(String, PostId)> = keys.iter().cloned().zip(0..).collect();
            let found: Vec<(PostId, PostId)> = near_twins(&posts, &lone)
                .into_iter()
                .map(|(_, id, _, other)| (id, other))
                .collect();
            assert_eq!(found, near_twins_scanning(&posts, &lone), "{keys:?}");
        }
    }

    /// Lone keys of one length, none close to another: the search stops
    /// at its budget, not at the square of their number.
    #[test]
    fn the_search_for_near_twins_has_a_budget() {
        let count = 4_000;
        let posts: Vec<Post> = (0..count)
            .map(|i| post(["en", "fr"][i % 2], &format!("p{i}"), None))
            .collect();
        // Base 7 digits spelt with letters, written three times: two keys
        // are three edits apart or more.
        let lone: Vec<(String, PostId)> = (0..count)
            .map(|i: usize| {
                let key: String = (0..5)
                    .map(|place| char::from(b'a' + ((i / 7usize.pow(place)) % 7) as u8))
                    .collect();
                (key.repeat(3), i)
            })
            .collect();
        // 400 keys: each compared with the 200 of the other language.
        let (twins, compared) = near_twins_within(&posts, &lone[..400], usize::MAX);
        assert_eq!((twins.len(), compared), (0, 400 * 200));
        // 4,000 keys would be 8 million comparisons.
        let (twins, compared) = near_twins_within(&posts, &lone, 100_000);
        assert_eq!((twins.len(), compared), (0, 100_000));
    }

    /// One post in each of 2,000 languages, one key and one path: 1,999
    /// joins of one post into the group, not two million pairs, and one
    /// list of 2,000 stored for all of them.
    #[test]
    fn linking_thousands_of_languages_is_linear() {
        for count in [500, 2_000] {
            let mut posts: Vec<Post> = (0..count)
                .map(|i| post(&format!("l{i:04}"), "hello.md", Some("hello")))
                .collect();
            let mut groups = Groups::new(&posts);
            let mut warnings = Vec::new();
            link_by_key(&posts, &mut groups, &mut warnings);
            let after_keys = groups.steps;
            link_by_path(&posts, &mut groups);
            assert_eq!(after_keys, count - 1, "one language looked up per join");
            assert_eq!(groups.steps, after_keys, "the path adds nothing: one group");
            groups.set(&mut posts);
            for post in &posts {
                assert_eq!(post.translations.len(), count - 1);
                assert!(post.translations.shares_group_with(&posts[0].translations));
            }
            assert!(warnings.is_empty());
        }
    }

    /// Joined the smaller into the larger, however they come: each post
    /// is looked up or moved at most log₂ n times.
    #[test]
    fn joining_groups_costs_n_log_n_at_most() {
        let count = 4_096;
        let posts: Vec<Post> = (0..count)
            .map(|i| post(&format!("l{i:04}"), "x.md", None))
            .collect();
        let bound = count * 12; // log₂ 4,096
        // Pairs, then pairs of pairs…: the worst case of halving.
        let mut groups = Groups::new(&posts);
        let mut width = 1;
        while width < count {
            for start in (0..count).step_by(2 * width) {
                assert!(groups.connect(start, start + width));
            }
            width *= 2;
        }
        assert!(groups.steps <= bound, "{} > {bound}", groups.steps);
        // In a random order.
        let mut groups = Groups::new(&posts);
        let mut random = Random(7);
        for _ in 0..count * 4 {
            groups.connect(random.below(count), random.below(count));
        }
        assert!(groups.steps <= bound + count * 4, "{}", groups.steps);
    }

    /// The linking this replaced, pair by pair (quadratic in the size of a
    /// group): links, and whether a link was refused because a post
    /// already had a version in the other's language.
    fn link_pairwise(posts: &[Post], index: &UrlIndex) -> (Vec<BTreeMap<Lang, PostId>>, bool) {
        let mut links: Vec<BTreeMap<Lang, PostId>> = vec![BTreeMap::new(); posts.len()];
        let mut refused = false;
        let mut connect = |links: &mut Vec<BTreeMap<Lang, PostId>>, a: PostId, b: PostId| {
            let (lang_a, lang_b) = (&posts[a].lang, &posts[b].lang);
            if a == b || lang_a == lang_b {
                return;
            }
            let free_a = links[a].get(lang_b).is_none_or(|&x| x == b);
            let free_b = links[b].get(lang_a).is_none_or(|&x| x == a);
            if free_a && free_b {
                links[a].insert(lang_b.clone(), b);
                links[b].insert(lang_a.clone(), a);
            } else {
                refused = true;
            }
        };
        let mut keyed: BTreeMap<&str, BTreeMap<&Lang, PostId>> = BTreeMap::new();
        for (id, post) in posts.iter().enumerate() {
            if let Some(key) = post
                .translation_key
                .as_deref()
                .map(str::trim)
                .filter(|k| !k.is_empty())
            {
                keyed
                    .entry(key)
                    .or_default()
                    .entry(&post.lang)
                    .or_insert(id);
            }
        }
        for by_lang in keyed.values() {
            let firsts: Vec<PostId> = by_lang.values().copied().collect();
            for (i, &a) in firsts.iter().enumerate() {
                for &b in &firsts[i + 1..] {
                    connect(&mut links, a, b);
                }
            }
        }
        for id in 0..posts.len() {
            if let Some((_, Some(found))) = trans_url_target(index, posts, id) {
                connect(&mut links, id, found);
            }
        }
        let mut by_path: BTreeMap<std::path::PathBuf, Vec<PostId>> = BTreeMap::new();
        for (id, post) in posts.iter().enumerate() {
            by_path
                .entry(post.lang_path.with_extension(""))
                .or_default()
                .push(id);
        }
        let mut by_path: Vec<Vec<PostId>> =
            by_path.into_values().filter(|ids| ids.len() > 1).collect();
        by_path.sort();
        for ids in by_path {
            for (i, &a) in ids.iter().enumerate() {
                for &b in &ids[i + 1..] {
                    connect(&mut links, a, b);
                }
            }
        }
        (links, refused)
    }

    /// A random Hugo site of `languages`: posts with keys, `trans_url`s
    /// and shared paths drawn from small sets, so that they meet.
    fn random_site(random: &mut Random, languages: &[&str]) -> crate::content::Site {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let mut config =
            String::from("baseURL: https://x.org/\ndefaultContentLanguage: en\nlanguages:\n");
        for (i, lang) in languages.iter().enumerate() {
            config += &format!(
                "  {lang}:\n    contentDir: content/{lang}\n    weight: {}\n",
                i + 1
            );
        }
        std::fs::write(dir.path().join("hugo.yaml"), config).expect("written");
        for _ in 0..3 + random.below(14) {
            let lang = languages[random.below(languages.len())];
            let name = ["a", "b", "c", "d", "e"][random.below(5)];
            let ext = ["md", "html"][random.below(2)];
            let mut front = format!("title: {name}\n");
            if random.below(2) == 0 {
                front += &format!("translationKey: k{}\n", random.below(4));
            }
            if random.below(3) == 0 {
                let to = languages[random.below(languages.len())];
                let prefix = if to == "en" {
                    String::new()
                } else {
                    format!("/{to}")
                };
                front += &format!(
                    "trans_url: {prefix}/{}/\n",
                    ["a", "b", "c", "d", "e"][random.below(5)]
                );
            }
            let file = dir.path().join(format!("content/{lang}/{name}.{ext}"));
            std::fs::create_dir_all(file.parent().expect("a directory")).expect("made");
            std::fs::write(file, format!("---\n{front}---\nText.\n")).expect("written");
        }
        crate::content::load::load_path(dir.path()).expect("loaded")
    }

    fn links_of(site: &crate::content::Site) -> Vec<BTreeMap<Lang, PostId>> {
        site.posts
            .iter()
            .map(|post| {
                post.translations
                    .iter()
                    .map(|(l, &id)| (l.clone(), id))
                    .collect()
            })
            .collect()
    }

    /// The groups of linked posts, each closed (every post linked to every
    /// other of its group), when they hold at most one post a language.
    fn closure(
        links: &[BTreeMap<Lang, PostId>],
        posts: &[Post],
    ) -> Option<Vec<BTreeMap<Lang, PostId>>> {
        let mut closed = Vec::with_capacity(links.len());
        for start in 0..links.len() {
            let mut group = std::collections::BTreeSet::from([start]);
            let mut pending = vec![start];
            while let Some(id) = pending.pop() {
                for &other in links[id].values() {
                    if group.insert(other) {
                        pending.push(other);
                    }
                }
            }
            let langs: std::collections::BTreeSet<&Lang> =
                group.iter().map(|&id| &posts[id].lang).collect();
            if langs.len() != group.len() {
                return None;
            }
            closed.push(
                group
                    .into_iter()
                    .filter(|&id| id != start)
                    .map(|id| (posts[id].lang.clone(), id))
                    .collect(),
            );
        }
        Some(closed)
    }

    /// With two languages, groups are pairs: linking by groups gives what
    /// linking pair by pair gave, link for link.
    #[test]
    fn two_languages_link_as_pair_by_pair() {
        let mut random = Random(0xdead_beef_cafe_f00d);
        for _ in 0..60 {
            let site = random_site(&mut random, &["en", "fr"]);
            let (pairwise, _) = link_pairwise(&site.posts, &site.urls);
            assert_eq!(links_of(&site), pairwise);
        }
    }

    /// With more languages, a post's translations are its group's: links
    /// go both ways and are transitive, one post a language; where pair by
    /// pair refused nothing and made consistent groups, they are those
    /// groups closed.
    #[test]
    fn many_languages_link_in_closed_groups() {
        let mut random = Random(0x0123_4567_89ab_cdef);
        let mut compared = 0;
        for _ in 0..100 {
            let site = random_site(&mut random, &["en", "fr", "es"]);
            let links = links_of(&site);
            assert_eq!(closure(&links, &site.posts).as_ref(), Some(&links));
            for (id, post) in site.posts.iter().enumerate() {
                assert!(!links[id].contains_key(&post.lang));
            }
            let (pairwise, refused) = link_pairwise(&site.posts, &site.urls);
            if let (false, Some(closed)) = (refused, closure(&pairwise, &site.posts)) {
                assert_eq!(links, closed);
                compared += 1;
            }
        }
        assert!(compared >= 20, "{compared} sites compared");
    }
}
