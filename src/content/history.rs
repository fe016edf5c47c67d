//! When each file of a site last changed, from its git history: one run
//! of the `git` program over the site's directory, read as it streams,
//! bounded in time and in output.
//!
//! The `git` program rather than a library (gix): every machine that has
//! a git work tree has it, and a library would add a large tree of crates
//! to the build and the binary for one `git log`.

use jiff::Timestamp;
use std::collections::HashMap;
use std::ffi::OsString;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// How long and how much `git log` may take before its answer is given
/// up: a huge history must not hang `check` or the reader.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    pub time: Duration,
    /// Bytes of `git log` output read at most.
    pub bytes: u64,
}

impl Default for Budget {
    /// 20 seconds and 256 MiB: a history of a million commits of a
    /// hundred thousand posts reads in less (benches/README.md).
    fn default() -> Budget {
        Budget {
            time: Duration::from_secs(20),
            bytes: 256 << 20,
        }
    }
}

/// What the history says: the newest commit of each file, and the times
/// of the commits asked for by hash.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// Paths relative to the directory asked about, byte-exact.
    pub last_commit: HashMap<PathBuf, Timestamp>,
    /// For each hash prefix asked for, the time of the commit it names,
    /// when the site's history has it.
    pub commits: HashMap<String, Timestamp>,
}

/// Why there is no history to read dates from.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoHistory {
    #[error("the git program was not found")]
    NoGit,
    #[error("not in a git work tree")]
    NotATree,
    #[error("git log took longer than {0} s")]
    TooSlow(u64),
    #[error("git log wrote more than {0} MiB")]
    TooLarge(u64),
    #[error("git failed: {0}")]
    Failed(String),
}

/// Variables that would make git read another repository than the one
/// holding `dir` (set, say, when liseuse runs from a git hook of another
/// repository): the site's own history is the one that dates its files.
const REDIRECTING: &[&str] = &[
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_PAGER",
    "GIT_EXTERNAL_DIFF",
];

/// Starts each commit's header in the output: a byte no hash or time has.
const HEADER: u8 = 0x1e;

/// The history of the files under `dir` (a site's root, anywhere in a work
/// tree): for each, its newest commit's committer time; and the times of
/// the commits whose hashes start with one of `wanted`. Committed history
/// only: changes not committed yet are not seen.
pub fn read(dir: &Path, wanted: &[String], budget: Budget) -> Result<History, NoHistory> {
    let mut command = Command::new("git");
    command
        .arg("-C")
        .arg(dir)
        // `log.follow` on the one pathspec `.` would follow renames of a
        // directory; signatures would call gpg for each commit.
        .args(["-c", "log.follow=false", "-c", "log.showSignature=false"])
        .args([
            "log",
            "--format=%x1e%H %ct",
            "-z",
            "--name-only",
            "--no-renames",
            "--no-color",
            // Paths relative to `dir`, as posts' paths are, and only
            // commits that touch it.
            "--relative",
            "--",
            ".",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // No lock is taken for a read, no prompt is shown.
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_TERMINAL_PROMPT", "0");
    for name in REDIRECTING {
        command.env_remove(name);
    }
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Err(NoHistory::NoGit),
        Err(error) => return Err(NoHistory::Failed(error.to_string())),
    };
    let (Some(stdout), Some(stderr)) = (child.stdout.take(), child.stderr.take()) else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(NoHistory::Failed("no output".to_string()));
    };
    let (sender, receiver) = mpsc::channel();
    let wanted = wanted.to_vec();
    std::thread::spawn(move || {
        let _ = sender.send(parse(BufReader::new(stdout), &wanted, budget.bytes));
    });
    // Git's complaint, a line or two, read beside the history so that
    // neither pipe fills while the other is read.
    let complaint = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.take(4096).read_to_string(&mut text);
        text
    });
    let parsed = receiver.recv_timeout(budget.time);
    // Killed when given up (its reader then sees the end), harmless when
    // it has ended.
    if !matches!(parsed, Ok(Ok(_))) {
        let _ = child.kill();
    }
    let status = child.wait();
    let complaint = complaint.join().unwrap_or_default();
    let history = match parsed {
        Ok(Ok(history)) => history,
        Ok(Err(Parse::TooLarge)) => return Err(NoHistory::TooLarge(budget.bytes >> 20)),
        Ok(Err(Parse::Io(error))) => return Err(NoHistory::Failed(error)),
        Err(_) => return Err(NoHistory::TooSlow(budget.time.as_secs())),
    };
    match status {
        Ok(status) if status.success() => Ok(history),
        _ if complaint.contains("not a git repository") => Err(NoHistory::NotATree),
        // A repository with no commit yet has no history either.
        _ if complaint.contains("does not have any commits") => Ok(History::default()),
        _ => Err(NoHistory::Failed(
            crate::text::sanitize_line(complaint.lines().next().unwrap_or("no reason given"))
                .into_owned(),
        )),
    }
}

enum Parse {
    TooLarge,
    Io(String),
}

/// Reads `git log --format=%x1e%H %ct -z --name-only`: NUL-separated
/// records, each a header (`\x1e` hash, space, seconds) or a path (the
/// first of a commit after a newline). Newest commits come first, so a
/// path's first commit is its last change.
fn parse(mut input: impl BufRead, wanted: &[String], cap: u64) -> Result<History, Parse> {
    let mut history = History::default();
    let mut current: Option<Timestamp> = None;
    let mut record = Vec::new();
    let mut read: u64 = 0;
    loop {
        record.clear();
        let n = input
            .read_until(0, &mut record)
            .map_err(|e| Parse::Io(e.to_string()))?;
        if n == 0 {
            return Ok(history);
        }
        read += n as u64;
        if read > cap {
            return Err(Parse::TooLarge);
        }
        if record.last() == Some(&0) {
            record.pop();
        }
        let mut bytes = record.as_slice();
        if let [b'\n', rest @ ..] = bytes {
            bytes = rest;
        }
        match bytes {
            [] => {}
            [HEADER, header @ ..] => {
                let header = String::from_utf8_lossy(header);
                let (hash, seconds) = header.trim().split_once(' ').unwrap_or(("", ""));
                current = seconds
                    .parse::<i64>()
                    .ok()
                    .and_then(|s| Timestamp::from_second(s).ok());
                if let Some(at) = current {
                    for prefix in wanted {
                        if hash.starts_with(prefix.as_str()) {
                            history.commits.entry(prefix.clone()).or_insert(at);
                        }
                    }
                }
            }
            path => {
                if let Some(at) = current {
                    history.last_commit.entry(path_of(path)).or_insert(at);
                }
            }
        }
    }
}

/// A path as git wrote it: bytes, which need not be UTF-8.
fn path_of(bytes: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        PathBuf::from(OsString::from_vec(bytes.to_vec()))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(OsString::from(String::from_utf8_lossy(bytes).into_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &[u8], wanted: &[&str]) -> History {
        let wanted: Vec<String> = wanted.iter().map(|w| w.to_string()).collect();
        match parse(text, &wanted, 1 << 20) {
            Ok(history) => history,
            Err(_) => panic!("parses"),
        }
    }

    #[test]
    fn a_path_keeps_its_newest_commit_and_odd_names_stay_whole() {
        let log = b"\x1eaaaa 200\0\nen/a.md\0fr/a b.md\0\x1ebbbb 100\0\nen/a.md\0fr/\xff.md\0";
        let history = parsed(log, &["bbb", "ccc"]);
        let at = |p: &[u8]| history.last_commit.get(&path_of(p)).map(|t| t.as_second());
        assert_eq!(at(b"en/a.md"), Some(200));
        assert_eq!(at(b"fr/a b.md"), Some(200));
        assert_eq!(at(b"fr/\xff.md"), Some(100));
        assert_eq!(history.commits.get("bbb").map(|t| t.as_second()), Some(100));
        assert!(!history.commits.contains_key("ccc"));
    }

    #[test]
    fn a_commit_without_files_and_a_cut_record_are_harmless() {
        let history = parsed(b"\x1emerge 300\0\x1eaaaa 200\0\nx.md\0\x1egarbage", &[]);
        assert_eq!(history.last_commit.len(), 1);
        assert_eq!(
            history
                .last_commit
                .get(Path::new("x.md"))
                .map(|t| t.as_second()),
            Some(200)
        );
    }

    #[test]
    fn output_past_the_cap_is_given_up() {
        let log = b"\x1eaaaa 200\0\nen/a.md\0".repeat(100);
        assert!(matches!(parse(&log[..], &[], 64), Err(Parse::TooLarge)));
    }

    #[test]
    fn a_directory_outside_any_work_tree_says_so() {
        let dir = tempfile::tempdir().expect("temp dir");
        match read(dir.path(), &[], Budget::default()) {
            Err(NoHistory::NotATree) | Err(NoHistory::NoGit) => {}
            other => panic!("{other:?}"),
        }
    }
}
