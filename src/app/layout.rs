//! How the screen is shared: where the list, the reader and the status
//! line sit for a size and the user's arrangement, and the widths text
//! is laid out at. Pure functions of the size: drawing and the app both
//! ask them, and neither keeps a copy.

use super::Pane;
use ratatui::layout::Rect;

/// Where each pane sits on the screen; see [`panes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub list: Option<Rect>,
    pub reader: Option<Rect>,
    pub status: Rect,
}

/// The largest screen drawn (columns, rows); a larger one shows this
/// much in its top left corner.
pub const MAX_SCREEN: (u16, u16) = (1000, 500);

/// Below this the screen shows a short message instead of panes.
pub const MIN_SIZE: (u16, u16) = (40, 12);
/// From this width the list and the reader sit side by side.
pub const WIDE: u16 = 100;

/// How wide the list is beside the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListWidth {
    /// Two fifths of the screen, between 36 and 60 columns.
    #[default]
    Auto,
    Columns(u16),
    /// A share of the screen's width.
    Percent(u8),
}

/// How the screen is shared between the panes: the user's choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Arrangement {
    pub list_width: ListWidth,
    /// One pane at a time, however wide the screen.
    pub one_pane: bool,
}

impl Arrangement {
    /// The list's width beside the reader on a screen `width` wide, or
    /// `None` when one pane is shown at a time. Either pane keeps at least
    /// a narrow screen's width less the other's borders.
    pub(super) fn list_beside(self, width: u16) -> Option<u16> {
        if self.one_pane || width < WIDE {
            return None;
        }
        let wanted = match self.list_width {
            ListWidth::Auto => (width * 2 / 5).clamp(36, 60),
            ListWidth::Columns(columns) => columns,
            ListWidth::Percent(share) => {
                u16::try_from(u32::from(width) * u32::from(share.min(100)) / 100).unwrap_or(width)
            }
        };
        Some(wanted.clamp(MIN_SIZE.0 / 2, width - MIN_SIZE.0))
    }
}

/// The panes for a screen of `size` with `focus` (narrow screens show one).
pub fn panes(size: (u16, u16), focus: Pane) -> Panes {
    panes_arranged(size, focus, Arrangement::default())
}

/// The panes for a screen of `size` with `focus`, arranged as the user chose.
pub fn panes_arranged(size: (u16, u16), focus: Pane, arrangement: Arrangement) -> Panes {
    let (width, height) = size;
    let body = Rect::new(0, 0, width, height.saturating_sub(1));
    let status = Rect::new(0, height.saturating_sub(1), width, 1.min(height));
    if let Some(list_width) = arrangement.list_beside(width) {
        Panes {
            list: Some(Rect {
                width: list_width,
                ..body
            }),
            reader: Some(Rect {
                x: list_width,
                width: width - list_width,
                ..body
            }),
            status,
        }
    } else {
        match focus {
            Pane::List => Panes {
                list: Some(body),
                reader: None,
                status,
            },
            Pane::Reader => Panes {
                list: None,
                reader: Some(body),
                status,
            },
        }
    }
}

/// Where the reader's pane is for a screen of `size`, whether it is shown
/// now or not (a narrow screen shows it instead of the list): the one
/// width every post is laid out at, whatever opened it.
pub fn reader_area(size: (u16, u16)) -> Rect {
    reader_area_arranged(size, Arrangement::default())
}

/// [`reader_area`] for the arrangement the user chose.
pub fn reader_area_arranged(size: (u16, u16), arrangement: Arrangement) -> Rect {
    match panes_arranged(size, Pane::Reader, arrangement).reader {
        Some(area) => area,
        None => Rect::new(0, 0, size.0, size.1.saturating_sub(1)),
    }
}

/// The longest text line by default: past about 100 columns the eye
/// loses its way back to the next line's start.
pub const DEFAULT_MEASURE: u16 = 100;

/// The reading width inside a pane: borders and a margin of one column.
pub fn text_width(pane: Rect) -> u16 {
    pane.width.saturating_sub(4)
}

/// Lines of text inside a pane's borders.
pub fn inner_height(pane: Rect) -> usize {
    usize::from(pane.height.saturating_sub(2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_width_is_the_users_within_what_leaves_both_panes_usable() {
        let width = |list_width, screen| {
            let arrangement = Arrangement {
                list_width,
                one_pane: false,
            };
            panes_arranged((screen, 30), Pane::List, arrangement)
                .list
                .map(|r| r.width)
        };
        assert_eq!(width(ListWidth::Auto, 120), Some(48));
        assert_eq!(width(ListWidth::Columns(50), 120), Some(50));
        assert_eq!(width(ListWidth::Percent(25), 120), Some(30));
        // The reader keeps a narrow screen's width, the list half of it.
        assert_eq!(width(ListWidth::Columns(200), 120), Some(80));
        assert_eq!(width(ListWidth::Columns(3), 120), Some(20));
        // Narrow screens show one pane whatever the choice.
        assert_eq!(width(ListWidth::Columns(50), 99), Some(99));
        let one = Arrangement {
            list_width: ListWidth::Auto,
            one_pane: true,
        };
        let panes = panes_arranged((200, 30), Pane::Reader, one);
        assert_eq!(
            (panes.list, panes.reader.map(|r| r.width)),
            (None, Some(200))
        );
    }
}
