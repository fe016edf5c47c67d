//! Where a frame ends in what the reader writes. It wraps each frame in
//! a synchronized update (`CSI ? 2026 h` … `CSI ? 2026 l`); a screen
//! looked at between the two is half drawn (a read of the stream can end
//! anywhere), so a test judges the screen only outside one.

const BEGIN: &[u8] = b"\x1b[?2026h";
const END: &[u8] = b"\x1b[?2026l";

/// Whether the stream read so far stopped inside a frame.
#[derive(Debug, Default)]
pub struct Frames {
    inside: bool,
    /// The last bytes read: a sequence may be split between two reads.
    tail: Vec<u8>,
}

impl Frames {
    /// Takes the next bytes of the stream.
    pub fn feed(&mut self, bytes: &[u8]) {
        let mut seen = std::mem::take(&mut self.tail);
        seen.extend_from_slice(bytes);
        let last = |sequence: &[u8]| seen.windows(sequence.len()).rposition(|w| w == sequence);
        match (last(BEGIN), last(END)) {
            (Some(begin), Some(end)) => self.inside = begin > end,
            (Some(_), None) => self.inside = true,
            (None, Some(_)) => self.inside = false,
            (None, None) => {}
        }
        // Too short to hold a whole sequence, so none is counted twice.
        let keep = BEGIN.len() - 1;
        self.tail = seen[seen.len().saturating_sub(keep)..].to_vec();
    }

    /// Whether the screen is between two frames (or before the first).
    pub fn between(&self) -> bool {
        !self.inside
    }
}
