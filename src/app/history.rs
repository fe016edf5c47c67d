//! Where the reader has been: places to go back and forward to.

use super::*;

impl App {
    /// Where the reader is now, to come back to.
    pub(super) fn current_place(&self) -> Option<Place> {
        self.reading.as_ref().map(|r| Place {
            id: r.id,
            scroll: self.scroll,
        })
    }

    pub(super) fn remember_place(&mut self) {
        if let Some(place) = self.current_place() {
            self.history.back.push(place);
            if self.history.back.len() > HISTORY_DEPTH {
                self.history.back.remove(0);
            }
            self.history.forward.clear();
        }
    }

    /// Opens post `id` (at the heading `fragment` names), remembering the
    /// place left.
    pub fn visit(&mut self, id: PostId, fragment: Option<&str>) {
        self.remember_place();
        self.translation_places.clear();
        self.show_place(Place { id, scroll: 0 });
        self.go_to_heading(fragment);
    }

    /// Opens the reader on post `id`, as `liseuse open` asks: no place to
    /// go back to yet.
    pub fn start_at(&mut self, id: PostId) {
        self.start_at_heading(id, None);
    }

    /// [`App::start_at`], at the heading `fragment` names (`open URL#id`).
    pub fn start_at_heading(&mut self, id: PostId, fragment: Option<&str>) {
        self.show_place(Place { id, scroll: 0 });
        self.history = History::default();
        self.go_to_heading(fragment);
    }

    /// Backspace (`forward` false) and `L`.
    pub(super) fn history_step(&mut self, forward: bool) {
        let (from, to) = if forward {
            (&mut self.history.forward, &mut self.history.back)
        } else {
            (&mut self.history.back, &mut self.history.forward)
        };
        let Some(place) = from.pop() else {
            self.message = Some(
                self.ui
                    .text(if forward {
                        Text::NothingForward
                    } else {
                        Text::NothingBack
                    })
                    .to_string(),
            );
            return;
        };
        if let Some(current) = self.reading.as_ref().map(|r| Place {
            id: r.id,
            scroll: self.scroll,
        }) {
            to.push(current);
        }
        self.show_place(place);
    }

    /// Shows `place` in the reader, in the post's language, with the list
    /// selecting it when it is listed.
    pub(super) fn show_place(&mut self, place: Place) {
        let lang = self.site.posts[place.id].lang.clone();
        if lang != self.lang {
            self.set_lang(lang);
        }
        self.refilter(Some(place.id));
        self.reading = Some(self.lay_out(place.id));
        self.scroll = place.scroll.min(self.max_scroll());
        self.focus = Pane::Reader;
        self.after_open();
    }
}
