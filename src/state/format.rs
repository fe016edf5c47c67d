//! The state file's text: one record a line, the first naming the format
//! and its version, paths last on their line with `%` escapes, so that any
//! path (spaces, line breaks, bytes that are not UTF-8) goes through.
//!
//! ```text
//! liseuse-state 1
//! site /home/ana/blog
//! last 1733212800000 42 310 content/posts/hello.md
//! back 0 120 content/posts/earlier.md
//! read 1733212800000 9f3c2a0b1d4e5f60 content/posts/hello.md
//! bookmark 1733212800000 12 310 content/posts/hello.md
//! unbookmark 1733212800000 content/posts/old.md
//! seen 1733212800000
//! posts 9f3c2a0b1d4e5f60 0a1b2c3d4e5f6071
//! ```
//!
//! `back` lines belong to the `last` line before them; `posts` lines to
//! the `seen` line (sixteen fingerprints a line).

use super::{Bookmark, FORMAT_VERSION, Last, Mark, ReadMark, Seen, SiteState};
use std::fmt::Write as _;
use std::path::PathBuf;

/// The first word of the file.
const MAGIC: &str = "liseuse-state";

/// Why a file is not a state file this release can read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    #[error("line {line}: {what}")]
    Malformed { line: usize, what: &'static str },
    /// Written by a later release: left as it is.
    #[error("format version {0}, newer than this release reads ({FORMAT_VERSION})")]
    Newer(u32),
    #[error("not UTF-8 text")]
    NotText,
}

/// The file's text for `state`, sorted so that the same state gives the
/// same bytes.
pub fn write(state: &SiteState) -> String {
    let mut out = String::with_capacity(64 + state.read.len() * 80);
    let _ = writeln!(out, "{MAGIC} {FORMAT_VERSION}");
    let _ = writeln!(out, "site {}", escape(state.site.as_bytes()));
    if let Some(last) = &state.last {
        let place = &last.place;
        let _ = writeln!(
            out,
            "last {} {} {} {}",
            last.at,
            place.scroll,
            place.lines,
            escape_path(&place.path)
        );
        for mark in &last.history {
            let _ = writeln!(
                out,
                "back {} {} {}",
                mark.scroll,
                mark.lines,
                escape_path(&mark.path)
            );
        }
    }
    let mut read: Vec<_> = state.read.iter().collect();
    // By bytes (`PathKey`'s order): any fixed order will do.
    read.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (path, mark) in read {
        let _ = writeln!(
            out,
            "read {} {:016x} {}",
            mark.at,
            mark.hash,
            escape_path(path)
        );
    }
    let mut bookmarks: Vec<_> = state.bookmarks.iter().collect();
    bookmarks.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (path, bookmark) in bookmarks {
        let _ = writeln!(
            out,
            "bookmark {} {} {} {}",
            bookmark.at,
            bookmark.scroll,
            bookmark.lines,
            escape_path(path)
        );
    }
    let mut removed: Vec<_> = state.removed.iter().collect();
    removed.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (path, at) in removed {
        let _ = writeln!(out, "unbookmark {at} {}", escape_path(path));
    }
    if let Some(seen) = &state.seen {
        let _ = writeln!(out, "seen {}", seen.at);
        for chunk in seen.fingerprints.chunks(16) {
            out.push_str("posts");
            for fingerprint in chunk {
                let _ = write!(out, " {fingerprint:016x}");
            }
            out.push('\n');
        }
    }
    out
}

/// The state a file's `bytes` hold; any line this release cannot read
/// makes the whole file unreadable (it is then kept aside, not guessed at).
pub fn parse(bytes: &[u8]) -> Result<SiteState, FormatError> {
    let text = simdutf8::basic::from_utf8(bytes).map_err(|_| FormatError::NotText)?;
    // Lines and fields found with memchr: at 100,000 lines the standard
    // library's char searches cost a fifth of the reading.
    let mut lines = text
        .split_terminator('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line))
        .enumerate()
        .map(|(i, line)| (i + 1, line));
    let bad = |line, what| FormatError::Malformed { line, what };
    let version = match lines.next() {
        Some((_, first)) => match split_space(first) {
            Some((MAGIC, version)) => version
                .parse::<u32>()
                .map_err(|_| bad(1, "a format version"))?,
            _ => return Err(bad(1, "`liseuse-state VERSION`")),
        },
        None => return Err(bad(1, "`liseuse-state VERSION`")),
    };
    if version > FORMAT_VERSION {
        return Err(FormatError::Newer(version));
    }
    if version == 0 {
        return Err(bad(1, "a format version from 1"));
    }
    let mut state = SiteState::default();
    // Sized once: at 100,000 read posts, growing the map step by step
    // costs as much as filling it.
    state
        .read
        .reserve(memchr::memmem::find_iter(bytes, b"\nread ").count());
    for (number, line) in lines {
        if line.is_empty() {
            continue;
        }
        let (word, rest) = split_space(line).unwrap_or((line, ""));
        let mut fields = Fields { rest, line: number };
        match word {
            "site" => {
                state.site = String::from_utf8_lossy(&unescape(rest, number)?).into_owned();
            }
            "last" => {
                let at = fields.number()?;
                let scroll = fields.number()?;
                let lines = fields.number()?;
                let path = fields.path()?;
                state.last = Some(Last {
                    at,
                    place: Mark {
                        path,
                        scroll: usize::try_from(scroll).unwrap_or(usize::MAX),
                        lines: usize::try_from(lines).unwrap_or(usize::MAX),
                    },
                    history: Vec::new(),
                });
            }
            "back" => {
                let scroll = fields.number()?;
                let lines = fields.number()?;
                let path = fields.path()?;
                let last = state
                    .last
                    .as_mut()
                    .ok_or(bad(number, "`back` after a `last` line"))?;
                last.history.push(Mark {
                    path,
                    scroll: usize::try_from(scroll).unwrap_or(usize::MAX),
                    lines: usize::try_from(lines).unwrap_or(usize::MAX),
                });
            }
            "read" => {
                let at = fields.number()?;
                let hash = fields.hex()?;
                let path = fields.path()?;
                state.read.insert(path.into(), ReadMark { at, hash });
            }
            "bookmark" => {
                let at = fields.number()?;
                let scroll = fields.number()?;
                let lines = fields.number()?;
                let path = fields.path()?;
                state.bookmarks.insert(
                    path.into(),
                    Bookmark {
                        at,
                        scroll: usize::try_from(scroll).unwrap_or(usize::MAX),
                        lines: usize::try_from(lines).unwrap_or(usize::MAX),
                    },
                );
            }
            "unbookmark" => {
                let at = fields.number()?;
                let path = fields.path()?;
                state.removed.insert(path.into(), at);
            }
            "seen" => {
                let at = fields.number()?;
                fields.end()?;
                state.seen = Some(Seen {
                    at,
                    fingerprints: Vec::new(),
                });
            }
            "posts" => {
                let seen = state
                    .seen
                    .as_mut()
                    .ok_or(bad(number, "`posts` after a `seen` line"))?;
                while !fields.rest.is_empty() {
                    seen.fingerprints.push(fields.hex()?);
                }
            }
            _ => return Err(bad(number, "a known record")),
        }
    }
    if let Some(seen) = &mut state.seen {
        seen.fingerprints.sort_unstable();
        seen.fingerprints.dedup();
    }
    // A bookmark and its removal both present: the later wins, as in a merge.
    let bookmarks = &state.bookmarks;
    state.removed.retain(|path, at| {
        bookmarks
            .get(path)
            .is_none_or(|bookmark| *at >= bookmark.at)
    });
    let removed = &state.removed;
    state
        .bookmarks
        .retain(|path, _| !removed.contains_key(path));
    Ok(state)
}

/// The fields of a line after its first word, read in order.
struct Fields<'a> {
    rest: &'a str,
    line: usize,
}

impl Fields<'_> {
    fn next(&mut self, what: &'static str) -> Result<&str, FormatError> {
        let (field, rest) = split_space(self.rest).unwrap_or((self.rest, ""));
        if field.is_empty() {
            return Err(FormatError::Malformed {
                line: self.line,
                what,
            });
        }
        self.rest = rest;
        Ok(field)
    }

    fn number(&mut self) -> Result<u64, FormatError> {
        let line = self.line;
        self.next("a number")?
            .parse()
            .map_err(|_| FormatError::Malformed {
                line,
                what: "a number",
            })
    }

    fn hex(&mut self) -> Result<u64, FormatError> {
        let line = self.line;
        let field = self.next("a hexadecimal hash")?;
        if field.len() != 16 {
            return Err(FormatError::Malformed {
                line,
                what: "a hash of 16 hexadecimal digits",
            });
        }
        u64::from_str_radix(field, 16).map_err(|_| FormatError::Malformed {
            line,
            what: "a hash of 16 hexadecimal digits",
        })
    }

    /// The rest of the line: a path.
    fn path(&mut self) -> Result<PathBuf, FormatError> {
        if self.rest.is_empty() {
            return Err(FormatError::Malformed {
                line: self.line,
                what: "a path",
            });
        }
        let bytes = unescape(self.rest, self.line)?;
        self.rest = "";
        Ok(path_from_bytes(bytes))
    }

    fn end(&self) -> Result<(), FormatError> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(FormatError::Malformed {
                line: self.line,
                what: "the end of the line",
            })
        }
    }
}

/// `text` before and after its first space.
fn split_space(text: &str) -> Option<(&str, &str)> {
    let at = memchr::memchr(b' ', text.as_bytes())?;
    // A space is one byte: both sides are on character boundaries.
    Some((&text[..at], &text[at + 1..]))
}

fn escape_path(path: &std::path::Path) -> String {
    escape(path.as_os_str().as_encoded_bytes())
}

/// `%` and controls as `%XX`, bytes that are not UTF-8 too: the line
/// stays one line of text.
fn escape(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '%' || c.is_control() {
                let mut buffer = [0; 4];
                for byte in c.encode_utf8(&mut buffer).bytes() {
                    let _ = write!(out, "%{byte:02X}");
                }
            } else {
                out.push(c);
            }
        }
        for byte in chunk.invalid() {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

fn unescape(text: &str, line: usize) -> Result<Vec<u8>, FormatError> {
    let bytes = text.as_bytes();
    // Most paths have nothing escaped.
    if memchr::memchr(b'%', bytes).is_none() {
        return Ok(bytes.to_vec());
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let byte = bytes
                .get(index + 1..index + 3)
                .and_then(|hex| std::str::from_utf8(hex).ok())
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
                .ok_or(FormatError::Malformed {
                    line,
                    what: "%XX, two hexadecimal digits",
                })?;
            out.push(byte);
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    Ok(out)
}

#[cfg(unix)]
fn path_from_bytes(bytes: Vec<u8>) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    PathBuf::from(std::ffi::OsString::from_vec(bytes))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: Vec<u8>) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
}
