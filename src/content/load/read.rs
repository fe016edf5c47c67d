//! Reading files into posts: a group of files next to each other in the
//! walk read into one shared allocation, on every core, or one file alone.
//! Apart from decoding and parsing, which see one file's bytes or text.

use super::decode::{decode, decode_in_place};
use super::parse::{parse_fields, parse_post};
use crate::content::layout::SiteConfig;
use crate::content::source::{Found, OpenFile, Opener};
use crate::content::{FileText, Post, SkipReason, Skipped, Source, Warning};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What reading one file gave.
pub(in crate::content) struct FileResult {
    pub(in crate::content) outcome: Result<Post, Skipped>,
    pub(in crate::content) warnings: Vec<Warning>,
}

/// How many files share one allocation for their text (see [`FileText`]):
/// enough that a large site holds few allocations, few enough that a
/// batch still spreads over every core.
const FILES_PER_ALLOCATION: usize = 64;

/// Each core holds its group's files open at once: on a machine with many
/// cores groups get smaller, so that all of them stay well under the usual
/// limit of 1,024 open files.
const FILES_OPEN_AT_ONCE: usize = 512;

pub(in crate::content) fn files_per_allocation() -> usize {
    (FILES_OPEN_AT_ONCE / rayon::current_num_threads().max(1)).clamp(8, FILES_PER_ALLOCATION)
}

/// Reads `group` (files next to each other in the walk) into posts whose
/// text shares one allocation. The files are opened and measured first, so
/// the allocation is made once at its size and each file is read straight
/// into its place: no copy, and a file's bytes are checked once.
pub(in crate::content) fn read_group(
    opener: &Opener<'_>,
    config: &SiteConfig,
    group: Vec<Found>,
) -> Vec<FileResult> {
    let opened: Vec<(PathBuf, Result<OpenFile, SkipReason>)> = group
        .into_iter()
        .map(|Found { path, outcome }| {
            let file = outcome.and_then(|()| opener.open(&path));
            (path, file)
        })
        .collect();
    let size = opened
        .iter()
        .filter_map(|(_, file)| file.as_ref().ok())
        .map(|file| file.size)
        .sum();
    let mut shared = Vec::with_capacity(size);
    let mut read = Vec::with_capacity(opened.len());
    for (path, file) in opened {
        let mut warnings = Vec::new();
        let start = shared.len();
        let post = file.and_then(|file| {
            file.read_into(&mut shared)?;
            let text = decode_in_place(&mut shared, start, &path, &mut warnings)?;
            let (post, body_start) = parse_fields(config, &path, text, &mut warnings)?;
            Ok((post, [start, start + body_start, start + text.len()]))
        });
        if post.is_err() {
            shared.truncate(start);
        }
        read.push((post.map_err(|reason| Skipped { path, reason }), warnings));
    }
    debug_assert!(std::str::from_utf8(&shared).is_ok());
    // SAFETY: `shared` holds the files kept, one after the other, each
    // checked to be UTF-8 by `decode_in_place` (or replaced by its decoded
    // text); what failed was cut off. UTF-8 joined to UTF-8 is UTF-8.
    let shared = Arc::new(unsafe { String::from_utf8_unchecked(shared) });
    read.into_iter()
        .map(|(post, warnings)| FileResult {
            outcome: post.map(|(mut post, [start, body, end])| {
                post.text = FileText::within(Arc::clone(&shared), start, body, end);
                Post::new(post)
            }),
            warnings,
        })
        .collect()
}

pub(super) fn read_post(
    source: &Source,
    config: &SiteConfig,
    path: &Path,
    warnings: &mut Vec<Warning>,
) -> Result<Post, SkipReason> {
    let bytes = source.read(path)?;
    let text = decode(bytes, path, warnings)?;
    parse_post(config, path, text, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load::load;
    use serde_json::Value;

    #[test]
    fn files_read_together_share_one_allocation_and_keep_their_own_text() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut expected = Vec::new();
        let per_allocation = files_per_allocation();
        for i in 0..(per_allocation + 3) {
            // Some files need decoding (CRLF, Windows-1252), and one is
            // skipped among them: neither may shift the others' text.
            let body = match i % 3 {
                0 => format!("Body {i}\r\nsecond line\r\n").into_bytes(),
                1 => [b"Caf\xe9 ".as_slice(), format!("{i}\n").as_bytes()].concat(),
                _ => format!("Plain body {i}.\n").into_bytes(),
            };
            let mut file = format!("---\ntitle: Post {i}\nextra: kept {i}\n---\n").into_bytes();
            file.extend_from_slice(&body);
            let body = if i % 3 == 1 {
                format!("Café {i}\n")
            } else {
                String::from_utf8(body)
                    .expect("UTF-8")
                    .replace("\r\n", "\n")
            };
            std::fs::write(dir.path().join(format!("p{i:03}.md")), file).expect("write");
            expected.push(body);
        }
        std::fs::write(dir.path().join("p001a.md"), "").expect("an empty file");
        let site = load(&Source::Directory(dir.path().to_path_buf()));
        assert_eq!(site.posts.len(), expected.len());
        assert_eq!(site.skipped.len(), 1);
        for (i, (post, body)) in site.posts.iter().zip(&expected).enumerate() {
            assert_eq!(post.title, format!("Post {i}"));
            assert_eq!(post.body(), body, "{}", post.path.display());
            assert_eq!(
                post.front_matter().get("extra").and_then(Value::as_str),
                Some(format!("kept {i}").as_str()),
                "unknown fields are kept, read again from the text"
            );
        }
        let allocations = site
            .posts
            .iter()
            .fold(Vec::new(), |mut seen: Vec<&Arc<String>>, p| {
                if !seen.iter().any(|s| Arc::ptr_eq(s, &p.text.shared)) {
                    seen.push(&p.text.shared);
                }
                seen
            });
        // The first batch of the walk may end a group early: one more.
        assert!(
            allocations.len() <= site.posts.len().div_ceil(per_allocation) + 1,
            "{} posts in {} allocations",
            site.posts.len(),
            allocations.len()
        );
    }
}
