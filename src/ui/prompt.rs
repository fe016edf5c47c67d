//! A prompt's text as drawn: the part around the caret that fits, and the
//! caret itself, a reversed cell (no drawing character, so a screen reader
//! reads only what was typed).

use crate::app::field::Field;
use crate::text::{cells, sanitize_line};
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use unicode_segmentation::UnicodeSegmentation;

/// `field` in at most `width` cells, and the caret's column in them. The
/// caret stays in view: text before it gives way first (cut with `…`),
/// then text after it. While `editing`, the cell at the caret is reversed.
pub(super) fn spans(field: &Field, width: usize, editing: bool) -> (Vec<Span<'static>>, u16) {
    let before = sanitize_line(field.before_caret());
    let after = sanitize_line(&field[field.caret()..]);
    // One cell for the caret at the end.
    let before = cells::tail(&before, width.saturating_sub(1)).into_owned();
    let column = cells::width(&before);
    let after = cells::truncate(&after, width.saturating_sub(column)).into_owned();
    let mut spans = vec![Span::raw(before)];
    if editing {
        let caret = Style::new().add_modifier(Modifier::REVERSED);
        match after.graphemes(true).next() {
            Some(under) if cells::width(&after) > 0 => {
                let rest = after[under.len()..].to_string();
                spans.push(Span::styled(under.to_string(), caret));
                spans.push(Span::raw(rest));
            }
            _ => spans.push(Span::styled(" ", caret)),
        }
    } else {
        spans.push(Span::raw(after));
    }
    (spans, u16::try_from(column).unwrap_or(u16::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::field::Edit;

    fn drawn(field: &Field, width: usize) -> (String, u16) {
        let (spans, column) = spans(field, width, true);
        (spans.iter().map(|s| s.content.as_ref()).collect(), column)
    }

    #[test]
    fn the_caret_is_a_reversed_cell_where_typing_goes() {
        let mut field = Field::new("données");
        assert_eq!(drawn(&field, 20), ("données ".to_string(), 7));
        field.edit(Edit::Start);
        let (spans, column) = spans(&field, 20, true);
        assert_eq!(column, 0);
        assert_eq!(spans[1].content, "d");
        assert!(spans[1].style.add_modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn a_long_text_keeps_the_caret_in_view() {
        let mut field = Field::new("un filtre bien trop long pour la case");
        assert_eq!(drawn(&field, 12), ("…ur la case ".to_string(), 11));
        field.edit(Edit::Start);
        assert_eq!(drawn(&field, 12), ("un filtre b…".to_string(), 0));
    }
}
