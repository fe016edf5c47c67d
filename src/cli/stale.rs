//! `check`'s part on stale translations: which translations fell behind
//! their original, by how much, and where the dates came from.

use crate::content::freshness::{ChangeDates, HistoryState, StalePair};
use crate::content::{Site, display_path};
use crate::text::sanitize_line;
use serde_json::json;
use std::io::{self, Write};

/// Where the dates of `check` came from, in a sentence.
pub fn dates_from(dates: &ChangeDates) -> String {
    const FILE_TIMES: &str = "file modification times (least trusted)";
    match &dates.history {
        HistoryState::Read => {
            format!("git history (the git program), else front matter, else {FILE_TIMES}")
        }
        HistoryState::NotRead => {
            "front matter (no directory to read history or file times from)".to_string()
        }
        HistoryState::Unavailable(why) => {
            format!("front matter, else {FILE_TIMES}; no git history: {why}")
        }
    }
}

/// The stale pairs as `check --json` gives them.
pub fn json(site: &Site, pairs: &[StalePair]) -> serde_json::Value {
    pairs
        .iter()
        .map(|pair| {
            json!({
                "path": site.posts[pair.original].display_path(),
                "translation": site.posts[pair.translation].display_path(),
                "behind_days": pair.lag.behind_days,
                "dates_from": pair.lag.dates_from.label(),
            })
        })
        .collect()
}

/// The summary line of `check`.
pub fn summary(out: &mut impl Write, dates: &ChangeDates, pairs: &[StalePair]) -> io::Result<()> {
    writeln!(out, "Dates:        {}", dates_from(dates))?;
    writeln!(
        out,
        "Stale:        {} translations more than {} days behind their original",
        pairs.len(),
        dates.stale_days
    )
}

/// One line per stale pair: the translation, how far behind, its
/// original, and what the dates were.
pub fn section(out: &mut impl Write, site: &Site, pairs: &[StalePair]) -> io::Result<()> {
    if pairs.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "\nStale translations ({}): translation, days behind, original, dates from",
        pairs.len()
    )?;
    let path = |id: crate::content::PostId| {
        sanitize_line(&display_path(&site.posts[id].path)).into_owned()
    };
    let width = pairs
        .iter()
        .map(|p| crate::text::cells::width(&path(p.translation)))
        .max()
        .unwrap_or(0)
        // One very long path does not push every other line's columns off.
        .min(60);
    for pair in pairs {
        let translation = path(pair.translation);
        let pad = width.saturating_sub(crate::text::cells::width(&translation));
        writeln!(
            out,
            "  {translation}{}  {:>5} days  {}  ({})",
            " ".repeat(pad),
            pair.lag.behind_days,
            path(pair.original),
            pair.lag.dates_from.label()
        )?;
    }
    Ok(())
}
