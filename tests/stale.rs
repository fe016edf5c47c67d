//! Stale translations in `check`: a translation whose original changed
//! after it by more than `--stale-days`, dated from a git history made
//! here with chosen commit dates, else from front matter, else from file
//! modification times.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

const CONFIG: &str = "baseURL = \"https://example.org/\"\n\
defaultContentLanguage = \"en\"\n\
[languages.en]\ncontentDir = \"content/en\"\n\
[languages.fr]\ncontentDir = \"content/fr\"\n";

/// A two-language Hugo site at `root`: a pair about kettles (the French
/// file's name has a space and an accent), each with `front` in its front
/// matter.
fn write_site(root: &Path, en_front: &str, fr_front: &str) {
    std::fs::create_dir_all(root.join("content/en")).expect("dir");
    std::fs::create_dir_all(root.join("content/fr")).expect("dir");
    std::fs::write(root.join("hugo.toml"), CONFIG).expect("config");
    std::fs::write(
        root.join("content/en/kettle.md"),
        format!("---\ntitle: Kettles\ntranslationKey: kettle\n{en_front}\n---\nA kettle boils.\n"),
    )
    .expect("en");
    std::fs::write(
        root.join("content/fr/bouilloire é.md"),
        format!(
            "---\ntitle: Bouilloires\ntranslationKey: kettle\n{fr_front}\n---\nUne bouilloire bout.\n"
        ),
    )
    .expect("fr");
}

fn has_git() -> bool {
    std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs git in `dir` with the commit date given (ISO 8601), isolated from
/// the user's configuration.
fn git(dir: &Path, date: &str, args: &[&str]) -> String {
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args(["-c", "commit.gpgSign=false"])
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

/// `check` of `site`, with `args` after it; git never looks above `fence`.
fn check(site: &Path, fence: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::cargo_bin("liseuse").expect("binary");
    command
        .arg("check")
        .arg(site)
        .args(args)
        .env("GIT_CEILING_DIRECTORIES", fence);
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("runs")
}

fn stale(output: &Output) -> Vec<Value> {
    let report: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("JSON ({e}): {}", String::from_utf8_lossy(&output.stderr)));
    report["stale_translations"]
        .as_array()
        .expect("stale_translations is an array")
        .clone()
}

/// A repository whose site (in a subdirectory with a space) had its
/// French written on 1 March 2024 and its English changed on 15 May.
fn repository() -> Option<(tempfile::TempDir, PathBuf, String)> {
    if !has_git() {
        eprintln!("skipped: the git program is not installed");
        return None;
    }
    let repo = tempfile::tempdir().expect("temp dir");
    let site = repo.path().join("web site");
    // Front matter that says nothing is stale: git must win over it.
    write_site(&site, "date: 2024-03-01", "date: 2024-03-01");
    git(repo.path(), "2024-03-01T10:00:00Z", &["init", "-q"]);
    git(repo.path(), "2024-03-01T10:00:00Z", &["add", "."]);
    git(
        repo.path(),
        "2024-03-01T10:00:00Z",
        &["commit", "-qm", "both"],
    );
    let first = git(repo.path(), "2024-03-01T10:00:00Z", &["rev-parse", "HEAD"]);
    std::fs::write(
        site.join("content/en/kettle.md"),
        "---\ntitle: Kettles\ntranslationKey: kettle\ndate: 2024-03-01\n---\nA kettle whistles.\n",
    )
    .expect("edit");
    git(
        repo.path(),
        "2024-05-15T09:00:00Z",
        &["commit", "-qam", "english changed"],
    );
    Some((repo, site, first))
}

#[test]
fn git_history_dates_a_pair_over_front_matter() {
    let Some((repo, site, _)) = repository() else {
        return;
    };
    let fence = repo.path().parent().expect("parent");
    let output = check(&site, fence, &["--json"], &[]);
    assert_eq!(output.status.code(), Some(0), "stale is not a failure");
    let pairs = stale(&output);
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    assert_eq!(pairs[0]["path"], "content/en/kettle.md");
    assert_eq!(pairs[0]["translation"], "content/fr/bouilloire é.md");
    assert_eq!(pairs[0]["behind_days"], 75);
    assert_eq!(pairs[0]["dates_from"], "git");

    // A hook of another repository sets GIT_DIR: the site's own history
    // is still the one read.
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let env = [("GIT_DIR", elsewhere.path().to_str().expect("utf-8"))];
    let pairs = stale(&check(&site, fence, &["--json"], &env));
    assert_eq!(pairs.len(), 1, "GIT_DIR was obeyed: {pairs:?}");

    // The threshold is a setting; --strict makes stale a failure.
    let pairs = stale(&check(&site, fence, &["--json", "--stale-days", "80"], &[]));
    assert!(pairs.is_empty(), "{pairs:?}");
    assert_eq!(
        check(&site, fence, &["--strict"], &[]).status.code(),
        Some(1)
    );

    let text = check(&site, fence, &[], &[]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("git history (the git program)"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.contains("bouilloire é.md") && l.contains("75 days")),
        "{text}"
    );
}

#[test]
fn source_commit_makes_any_later_change_count() {
    let Some((repo, site, first)) = repository() else {
        return;
    };
    let fence = repo.path().parent().expect("parent");
    // Translated from the first commit: the English changed since.
    std::fs::write(
        site.join("content/fr/bouilloire é.md"),
        format!(
            "---\ntitle: Bouilloires\ntranslationKey: kettle\nl10n:\n  sourceCommit: {}\n---\nUne bouilloire bout.\n",
            &first[..12]
        ),
    )
    .expect("edit");
    git(
        repo.path(),
        "2024-05-20T09:00:00Z",
        &["commit", "-qam", "french retranslated later"],
    );
    let pairs = stale(&check(
        &site,
        fence,
        &["--json", "--stale-days", "200"],
        &[],
    ));
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    assert_eq!(pairs[0]["behind_days"], 75, "from the source commit's date");
    assert_eq!(pairs[0]["dates_from"], "git");

    // Translated from the newest English: current, whatever the dates.
    let newest = git(
        repo.path(),
        "2024-05-20T09:00:00Z",
        &["log", "-1", "--format=%H", "--", "web site/content/en"],
    );
    std::fs::write(
        site.join("content/fr/bouilloire é.md"),
        format!(
            "---\ntitle: Bouilloires\ntranslationKey: kettle\nsourceCommit: {newest}\n---\nBout.\n"
        ),
    )
    .expect("edit");
    git(
        repo.path(),
        "2024-01-02T09:00:00Z",
        &["commit", "-qam", "caught up"],
    );
    let pairs = stale(&check(&site, fence, &["--json"], &[]));
    assert!(pairs.is_empty(), "{pairs:?}");
}

#[test]
fn without_git_front_matter_dates_the_pair() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_site(
        dir.path(),
        "date: 2024-01-10\nlastmod: 2024-06-01",
        "date: 2024-01-11",
    );
    let fence = dir.path().parent().expect("parent");
    let output = check(dir.path(), fence, &["--json"], &[]);
    let pairs = stale(&output);
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    assert_eq!(pairs[0]["behind_days"], 142);
    assert_eq!(pairs[0]["dates_from"], "front matter");
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert!(
        report["datesFrom"]
            .as_str()
            .is_some_and(|s| s.contains("no git history")),
        "{report}"
    );
}

#[test]
fn without_git_or_dates_file_times_date_the_pair_marked_least_trusted() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_site(dir.path(), "draft: false", "draft: false");
    let day = |n: u64| std::time::UNIX_EPOCH + std::time::Duration::from_secs(n * 86_400);
    for (file, n) in [
        ("content/en/kettle.md", 19_900),
        ("content/fr/bouilloire é.md", 19_800),
    ] {
        std::fs::File::options()
            .write(true)
            .open(dir.path().join(file))
            .and_then(|f| f.set_modified(day(n)))
            .expect("set the modification time");
    }
    let fence = dir.path().parent().expect("parent");
    let pairs = stale(&check(dir.path(), fence, &["--json"], &[]));
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    assert_eq!(pairs[0]["behind_days"], 100);
    assert_eq!(pairs[0]["dates_from"], "mtime");
    let text = check(dir.path(), fence, &[], &[]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("least trusted"), "{text}");
}

#[test]
fn the_corpus_gives_a_sane_answer() {
    let corpus = std::env::var_os("LISEUSE_CORPUS").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
        PathBuf::from,
    );
    let site = corpus.join("digital-canada-ca");
    if !site.is_dir() {
        eprintln!("skipped: no corpus at {}", site.display());
        return;
    }
    let fence = corpus.parent().unwrap_or(&corpus);
    let output = check(&site, fence, &["--json"], &[]);
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let in_git = report["datesFrom"]
        .as_str()
        .is_some_and(|s| s.starts_with("git"));
    for pair in stale(&output) {
        let days = pair["behind_days"].as_i64().expect("a number");
        assert!(days > 30 && days < 365 * 50, "{pair}");
        assert!(site.join(pair["path"].as_str().expect("path")).is_file());
        assert!(
            site.join(pair["translation"].as_str().expect("path"))
                .is_file()
        );
        let from = pair["dates_from"].as_str().expect("a source");
        assert!(in_git || from != "git", "{pair}");
        assert_ne!(pair["path"], pair["translation"]);
    }
}
