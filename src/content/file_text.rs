//! A post file's text, shared among files read together, and its hash.

use std::fmt;
use std::sync::Arc;

/// The decoded text of a post's file. Files read together share one
/// allocation (a site of 100,000 posts holds a few thousand, not 100,000),
/// and a clone is a reference count, so a background task can read bodies
/// without copying them.
#[derive(Clone)]
pub struct FileText {
    /// Seen by the loader's tests, which count the allocations files share.
    pub(super) shared: Arc<String>,
    start: usize,
    body: usize,
    end: usize,
    /// [`content_hash`] of the whole file: worked out as it is read (on
    /// the loader's threads), so that neither the reader's thread nor
    /// each served session hashes a gigabyte of text to know which
    /// posts changed since they were read.
    hash: u64,
}

impl Default for FileText {
    fn default() -> FileText {
        FileText::own(String::new(), 0)
    }
}

impl FileText {
    /// A file's text in an allocation of its own; its body starts at
    /// byte `body_start`.
    pub fn own(text: String, body_start: usize) -> FileText {
        let end = text.len();
        FileText {
            hash: content_hash(text.as_bytes()),
            shared: Arc::new(text),
            start: 0,
            body: body_start.min(end),
            end,
        }
    }

    /// `shared[start..end]`, a file among others, its body from `body`.
    /// The offsets fall on character boundaries, `start <= body <= end`.
    pub fn within(shared: Arc<String>, start: usize, body: usize, end: usize) -> FileText {
        debug_assert!(start <= body && body <= end && end <= shared.len());
        FileText {
            hash: content_hash(&shared.as_bytes()[start..end]),
            shared,
            start,
            body,
            end,
        }
    }

    /// [`content_hash`] of [`FileText::whole`].
    pub fn hash(&self) -> u64 {
        self.hash
    }

    /// The whole file: front matter and body.
    pub fn whole(&self) -> &str {
        &self.shared[self.start..self.end]
    }

    pub fn body(&self) -> &str {
        &self.shared[self.body..self.end]
    }

    /// The line of the file (from 1) holding byte `offset` of the body:
    /// lines of front matter are counted, and a CRLF is one line break.
    /// Counts the file from its start, which is only done on asking.
    pub fn line_of_body_offset(&self, offset: usize) -> usize {
        let end = self.body.saturating_add(offset).min(self.end);
        1 + memchr::memchr_iter(b'\n', &self.shared.as_bytes()[self.start..end]).count()
    }
}

/// A hash of a file's text that stays the same from one release to the
/// next (it is written in state files): four lanes of multiply-and-rotate
/// over 8-byte words (independent, so a core runs them side by side: at
/// 100,000 posts every byte of a gigabyte goes through here), then mixed.
/// It tells a changed file from an unchanged one, no more.
pub fn content_hash(text: &[u8]) -> u64 {
    const PRIME: u64 = 0x9e37_79b9_7f4a_7c15;
    let seed = 0xcbf2_9ce4_8422_2325 ^ text.len() as u64;
    let mut lanes = [
        seed,
        seed.rotate_left(16),
        seed.rotate_left(32),
        seed.rotate_left(48),
    ];
    let mut blocks = text.chunks_exact(32);
    for block in &mut blocks {
        for (lane, word) in lanes.iter_mut().zip(block.chunks_exact(8)) {
            let value = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
            *lane = (*lane ^ value).wrapping_mul(PRIME).rotate_left(31);
        }
    }
    let mut hash = lanes.iter().fold(0u64, |hash, &lane| {
        (hash ^ lane).wrapping_mul(PRIME).rotate_left(27)
    });
    for &byte in blocks.remainder() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(PRIME);
    }
    // A final mix, so that nearby inputs spread over all the bits.
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^ (hash >> 33)
}

impl fmt::Debug for FileText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileText")
            .field("bytes", &(self.end - self.start))
            .field("body_from", &(self.body - self.start))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_text_is_the_file_and_its_body() {
        let text = FileText::own("---\ntitle: T\n---\nBody\n".to_string(), 17);
        assert_eq!(text.whole(), "---\ntitle: T\n---\nBody\n");
        assert_eq!(text.body(), "Body\n");
        let empty = FileText::default();
        assert_eq!((empty.whole(), empty.body()), ("", ""));
        // The hash is the whole file's, however the text is held.
        assert_eq!(text.hash(), content_hash(text.whole().as_bytes()));
        assert_eq!(empty.hash(), content_hash(b""));
        let shared = Arc::new("one---\nx\n---\nBody\ntwo".to_string());
        let within = FileText::within(Arc::clone(&shared), 3, 14, 18);
        assert_eq!(within.whole(), "---\nx\n---\nBody\n");
        assert_eq!(within.hash(), content_hash(within.whole().as_bytes()));
        assert_ne!(within.hash(), content_hash(shared.as_bytes()));
    }
}
