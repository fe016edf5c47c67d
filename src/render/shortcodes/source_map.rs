//! Where each part of the preprocessed text came from in the body, so that
//! a block on screen can be traced to its line in the file (`e` opens the
//! editor there).

/// Anchors from offsets in the preprocessed text back to offsets in the
/// body, one per token the emitter wrote. Between two anchors text was
/// either copied (the offset moves with it) or generated (it stays within
/// the tag it came from). Empty when nothing was changed: offsets are the
/// same in both.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    /// (offset in the output, offset in the body), both non-decreasing.
    anchors: Vec<(usize, usize)>,
}

impl SourceMap {
    /// Records that output from `output` on comes from the body at `body`.
    /// Output the emitter took back (a line it rewrote) loses its anchors,
    /// so the list stays sorted.
    pub(super) fn anchor(&mut self, output: usize, body: usize) {
        while self.anchors.last().is_some_and(|&(o, _)| o >= output) {
            self.anchors.pop();
        }
        self.anchors.push((output, body));
    }

    /// The offset in the body of the byte at `output` in the preprocessed
    /// text. A binary search: cheap enough to ask for every block.
    pub fn body_offset(&self, output: usize) -> usize {
        let at = self.anchors.partition_point(|&(o, _)| o <= output);
        let Some(&(anchor_output, anchor_body)) =
            at.checked_sub(1).and_then(|i| self.anchors.get(i))
        else {
            return output;
        };
        let moved = anchor_body + (output - anchor_output);
        // Generated text can be longer than the tag it stands for: it
        // never reaches past where the next token starts.
        match self.anchors.get(at) {
            Some(&(_, next_body)) => moved.min(next_body.max(anchor_body)),
            None => moved,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_anchors_offsets_are_the_same() {
        assert_eq!(SourceMap::default().body_offset(42), 42);
    }

    #[test]
    fn copied_text_moves_with_its_anchor() {
        let mut map = SourceMap::default();
        map.anchor(0, 0);
        map.anchor(10, 30);
        assert_eq!(map.body_offset(5), 5);
        assert_eq!(map.body_offset(12), 32);
    }

    #[test]
    fn generated_text_stays_within_its_tag() {
        let mut map = SourceMap::default();
        // A 4-byte tag became 20 bytes of output, then text follows.
        map.anchor(0, 0);
        map.anchor(20, 4);
        assert_eq!(map.body_offset(15), 4);
        assert_eq!(map.body_offset(21), 5);
    }

    #[test]
    fn output_taken_back_drops_its_anchors() {
        let mut map = SourceMap::default();
        map.anchor(0, 0);
        map.anchor(10, 10);
        map.anchor(8, 14);
        assert_eq!(map.anchors, vec![(0, 0), (8, 14)]);
    }
}
