//! Whether a translation keeps up with its original: when each post last
//! changed, from the most trusted source both posts of a pair have (git
//! history, then front-matter dates, then file modification times), and
//! the rule that calls a translation stale.

use super::history::{self, Budget, NoHistory};
use super::{Post, PostId, Site, Source};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use std::path::Path;

/// How many days a translation may fall behind its original before it is
/// called stale (`--stale-days`).
pub const DEFAULT_STALE_DAYS: i64 = 30;

/// Where a post's last-changed date comes from, most trusted first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum DateSource {
    /// The newest commit that touched the file.
    #[serde(rename = "git")]
    Git,
    /// `lastmod`, `dateUpdated`, `updated`, else the publication date.
    #[serde(rename = "front matter")]
    FrontMatter,
    /// The file's modification time: a checkout or a copy resets it.
    #[serde(rename = "mtime")]
    Mtime,
}

impl DateSource {
    /// As `check --json` writes it.
    pub fn label(self) -> &'static str {
        match self {
            DateSource::Git => "git",
            DateSource::FrontMatter => "front matter",
            DateSource::Mtime => "mtime",
        }
    }
}

/// What was learnt of the site's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HistoryState {
    /// Not asked yet (the reader asks in the background), or nothing to
    /// ask (the embedded sample).
    NotRead,
    /// Read with the `git` program.
    Read,
    Unavailable(NoHistory),
}

/// When each post last changed, from each source known, and the rule's
/// threshold. Indexed by [`PostId`] of the site it was gathered for.
#[derive(Debug, Clone)]
pub struct ChangeDates {
    pub stale_days: i64,
    pub history: HistoryState,
    git: Vec<Option<Timestamp>>,
    /// The time of the commit a translation's `sourceCommit` names.
    source_commit: Vec<Option<Timestamp>>,
    mtime: Vec<Option<Timestamp>>,
}

impl Default for ChangeDates {
    fn default() -> ChangeDates {
        ChangeDates::unknown(DEFAULT_STALE_DAYS)
    }
}

/// How far a translation is behind its original, and from what dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lag {
    pub behind_days: i64,
    pub dates_from: DateSource,
}

/// A translation behind its original by more than the threshold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StalePair {
    pub original: PostId,
    pub translation: PostId,
    pub lag: Lag,
}

impl ChangeDates {
    /// Front-matter dates only, until more is gathered.
    pub fn unknown(stale_days: i64) -> ChangeDates {
        ChangeDates {
            stale_days,
            history: HistoryState::NotRead,
            git: Vec::new(),
            source_commit: Vec::new(),
            mtime: Vec::new(),
        }
    }

    /// Gathers the dates of `site`'s posts read from `source`: its git
    /// history when it is a directory in a work tree (within `budget`),
    /// and the modification times of the files in a pair that have no
    /// better date. Blocks: the reader calls it in the background.
    pub fn gather(site: &Site, source: &Source, stale_days: i64, budget: Budget) -> ChangeDates {
        let mut dates = ChangeDates::unknown(stale_days);
        let Source::Directory(root) = source else {
            return dates;
        };
        let wanted: Vec<Option<String>> = site.posts.iter().map(source_commit).collect();
        let prefixes: Vec<String> = wanted.iter().flatten().cloned().collect();
        match history::read(root, &prefixes, budget) {
            Ok(found) => {
                dates.history = HistoryState::Read;
                dates.git = site
                    .posts
                    .iter()
                    .map(|post| found.last_commit.get(&post.path).copied())
                    .collect();
                dates.source_commit = wanted
                    .iter()
                    .map(|prefix| found.commits.get(prefix.as_ref()?).copied())
                    .collect();
            }
            Err(why) => dates.history = HistoryState::Unavailable(why),
        }
        // Only where it can decide something: a post in a pair without a
        // commit or a front-matter date.
        dates.mtime = site
            .posts
            .iter()
            .enumerate()
            .map(|(id, post)| {
                let needed = !post.translations.is_empty()
                    && dates.git_of(id).is_none()
                    && front_matter_date(post).is_none();
                needed.then(|| modified(&root.join(&post.path))).flatten()
            })
            .collect();
        dates
    }

    fn git_of(&self, id: PostId) -> Option<Timestamp> {
        self.git.get(id).copied().flatten()
    }

    fn mtime_of(&self, id: PostId) -> Option<Timestamp> {
        self.mtime.get(id).copied().flatten()
    }

    /// When post `id` last changed, from the most trusted source known.
    pub fn last_changed(&self, site: &Site, id: PostId) -> Option<(Date, DateSource)> {
        let post = &site.posts[id];
        let day = |at: Timestamp| day_of(site, at);
        if let Some(at) = self.git_of(id) {
            return Some((day(at), DateSource::Git));
        }
        if let Some(date) = front_matter_date(post) {
            return Some((date, DateSource::FrontMatter));
        }
        self.mtime_of(id).map(|at| (day(at), DateSource::Mtime))
    }

    /// How far `translation` is behind `original`: by the commit its
    /// `sourceCommit` names, when the history has it; else by the most
    /// trusted source both posts have. `None` when they cannot be compared.
    pub fn lag(&self, site: &Site, original: PostId, translation: PostId) -> Option<Lag> {
        let day = |at: Timestamp| day_of(site, at);
        let days =
            |from: Date, to: Date| from.until(to).map_or(0, |span| i64::from(span.get_days()));
        let both = |of: &dyn Fn(PostId) -> Option<Timestamp>| {
            Some((day(of(original)?), day(of(translation)?)))
        };
        if let (Some(source), Some(changed)) = (
            self.source_commit.get(translation).copied().flatten(),
            self.git_of(original),
        ) {
            // Translated from that commit: behind by any later change.
            let behind_days = if changed > source {
                days(day(source), day(changed)).max(0)
            } else {
                0
            };
            return Some(Lag {
                behind_days,
                dates_from: DateSource::Git,
            });
        }
        let (ours, theirs, dates_from) = if let Some((o, t)) = both(&|id| self.git_of(id)) {
            (o, t, DateSource::Git)
        } else if let (Some(o), Some(t)) = (
            front_matter_date(&site.posts[original]),
            front_matter_date(&site.posts[translation]),
        ) {
            (o, t, DateSource::FrontMatter)
        } else if let Some((o, t)) = both(&|id| self.mtime_of(id)) {
            (o, t, DateSource::Mtime)
        } else {
            return None;
        };
        Some(Lag {
            behind_days: days(theirs, ours),
            dates_from,
        })
    }

    /// Whether `translation` is stale: with a `sourceCommit` the history
    /// has, as soon as the original has a later commit; else when the
    /// original changed more than [`ChangeDates::stale_days`] after it.
    pub fn stale(&self, site: &Site, original: PostId, translation: PostId) -> Option<Lag> {
        let lag = self.lag(site, original, translation)?;
        let exact = self
            .source_commit
            .get(translation)
            .copied()
            .flatten()
            .is_some()
            && self.git_of(original).is_some();
        let behind = if exact {
            self.git_of(original) > self.source_commit.get(translation).copied().flatten()
        } else {
            lag.behind_days > self.stale_days
        };
        behind.then_some(lag)
    }

    /// Every stale translation of the site, the most behind first.
    pub fn stale_pairs(&self, site: &Site) -> Vec<StalePair> {
        let mut pairs: Vec<StalePair> = site
            .posts
            .iter()
            .enumerate()
            .flat_map(|(original, post)| {
                post.translations.values().filter_map(move |&translation| {
                    Some(StalePair {
                        original,
                        translation,
                        lag: self.stale(site, original, translation)?,
                    })
                })
            })
            .collect();
        pairs.sort_by_key(|p| (std::cmp::Reverse(p.lag.behind_days), p.translation));
        pairs
    }

    /// The sources the site's stale pairs were judged from, most trusted
    /// first, each once.
    pub fn sources_used(pairs: &[StalePair]) -> Vec<DateSource> {
        let mut used: Vec<DateSource> = pairs.iter().map(|p| p.lag.dates_from).collect();
        used.sort();
        used.dedup();
        used
    }
}

/// The day `at` falls on in the site's time zone (UTC if it names none).
fn day_of(site: &Site, at: Timestamp) -> Date {
    let zone = site.time_zone.clone().unwrap_or(jiff::tz::TimeZone::UTC);
    at.to_zoned(zone).date()
}

/// The post's front-matter date of its last change: its update, else its
/// publication.
fn front_matter_date(post: &Post) -> Option<Date> {
    post.updated.as_ref().or(post.date.as_ref()).map(|d| d.date)
}

fn modified(path: &Path) -> Option<Timestamp> {
    let time = std::fs::metadata(path).ok()?.modified().ok()?;
    Timestamp::try_from(time).ok()
}

/// The original's commit a translation was made from, MDN style: its
/// front matter's `sourceCommit`, at the top or under `l10n`. Only hex
/// hashes of four characters or more count, lower-cased.
pub fn source_commit(post: &Post) -> Option<String> {
    // Most posts have none: their front matter is not read again.
    if !post.text.whole().contains("sourceCommit") {
        return None;
    }
    let front_matter = post.front_matter();
    let value = front_matter.get("sourceCommit").cloned().or_else(|| {
        front_matter
            .get("l10n")?
            .as_object()?
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case("sourceCommit"))
            .map(|(_, value)| value.clone())
    })?;
    let hash = value.as_str()?.trim().to_ascii_lowercase();
    (hash.len() >= 4 && hash.len() <= 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
        .then_some(hash)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load;

    /// A site of one pair, `en` and `fr`, with the front matter given.
    fn pair(en: &str, fr: &str) -> (tempfile::TempDir, Site) {
        let dir = tempfile::tempdir().expect("temp dir");
        for (lang, front) in [("en", en), ("fr", fr)] {
            std::fs::create_dir_all(dir.path().join(lang)).expect("dir");
            std::fs::write(
                dir.path().join(lang).join("note.md"),
                format!("---\ntitle: A note\ntranslationKey: note\n{front}\n---\nWords.\n"),
            )
            .expect("write");
        }
        let site = load(&Source::Directory(dir.path().to_path_buf()));
        (dir, site)
    }

    fn id(site: &Site, lang: &str) -> PostId {
        site.posts
            .iter()
            .position(|p| p.lang.as_str() == lang)
            .expect("both posts")
    }

    #[test]
    fn front_matter_dates_judge_a_pair_without_history() {
        let (_dir, site) = pair("date: 2024-01-05\nlastmod: 2024-04-01", "date: 2024-01-06");
        let dates = ChangeDates::unknown(30);
        let lag = dates.stale(&site, id(&site, "en"), id(&site, "fr"));
        assert_eq!(
            lag,
            Some(Lag {
                behind_days: 86,
                dates_from: DateSource::FrontMatter
            })
        );
        assert_eq!(dates.stale(&site, id(&site, "fr"), id(&site, "en")), None);
        // A higher threshold forgives it.
        let lenient = ChangeDates::unknown(90);
        assert_eq!(lenient.stale(&site, id(&site, "en"), id(&site, "fr")), None);
    }

    #[test]
    fn modification_times_judge_undated_posts_and_say_so() {
        let (dir, site) = pair("draft: false", "draft: false");
        let at = |days: u64| {
            std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(days * 86_400)
        };
        for (lang, day) in [("en", 20_000), ("fr", 19_950)] {
            let file = std::fs::File::options()
                .write(true)
                .open(dir.path().join(lang).join("note.md"))
                .expect("open");
            file.set_modified(at(day)).expect("set mtime");
        }
        let source = Source::Directory(dir.path().to_path_buf());
        let budget = Budget::default();
        let dates = ChangeDates::gather(&site, &source, 30, budget);
        assert_ne!(dates.history, HistoryState::Read, "a temp dir has no git");
        assert_eq!(
            dates.stale(&site, id(&site, "en"), id(&site, "fr")),
            Some(Lag {
                behind_days: 50,
                dates_from: DateSource::Mtime
            })
        );
        assert_eq!(
            dates.last_changed(&site, id(&site, "fr")).map(|(_, s)| s),
            Some(DateSource::Mtime)
        );
    }

    #[test]
    fn source_commit_is_read_at_the_top_or_under_l10n_and_must_be_a_hash() {
        let (_dir, site) = pair("sourceCommit: ABCDEF12", "l10n:\n  sourceCommit: 0123abcd");
        assert_eq!(
            source_commit(&site.posts[id(&site, "en")]).as_deref(),
            Some("abcdef12")
        );
        assert_eq!(
            source_commit(&site.posts[id(&site, "fr")]).as_deref(),
            Some("0123abcd")
        );
        let (_dir, site) = pair("sourceCommit: not-a-hash", "sourceCommit: abc");
        assert_eq!(source_commit(&site.posts[0]), None);
        assert_eq!(source_commit(&site.posts[1]), None);
    }
}
