//! Code highlighted off the interface's thread: a post opens with its
//! code plain, and its colours follow when the background has them.
//! Compiling a grammar's patterns takes tens of milliseconds the first
//! time a language is met; a key must answer within 16.

use super::*;
use crate::render::highlight::Highlighted;

impl App {
    /// Post `id` parsed with its code plain; the code that names a
    /// language is asked of the background ([`Effect::Highlight`]).
    pub(super) fn render_for_reader(&mut self, id: PostId) -> Document {
        let document = render::render_post_plain(&self.site, id);
        let jobs = document.code_to_highlight();
        if !jobs.is_empty() {
            self.effects.push(Effect::Highlight {
                site: self.site_number,
                id,
                jobs,
            });
        }
        document
    }

    /// The runs of post `id`'s code, highlighted in the background for the
    /// site numbered `site`: the post is laid out again in colour, at the
    /// same place (highlighting never moves a line). Runs for a site since
    /// replaced, or a post no longer held, are dropped.
    pub fn receive_highlights(&mut self, site: u64, id: PostId, done: Vec<Highlighted>) {
        if site != self.site_number {
            return;
        }
        let Some(document) = self.documents.get_mut(&id) else {
            return;
        };
        Rc::make_mut(document).set_highlights(done);
        // Layouts of this post at every width, and pairs that show it.
        self.layouts.clear();
        self.side_views.clear();
        if self.reading.as_ref().is_some_and(|r| r.id == id) {
            let scroll = self.scroll;
            self.reading = Some(self.lay_out(id));
            self.scroll = scroll.min(self.max_scroll());
        }
        if self
            .side
            .as_ref()
            .is_some_and(|s| s.left == id || s.right == id)
        {
            self.relayout_side();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{self, Source};
    use crate::render::highlight::{CodeJob, CodeRole};

    fn code_post_app() -> App {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("tides.md"),
            "---\ntitle: Tides\n---\nA table of tides.\n\n```rust\nfn tide(hour: u32) -> u32 {\n    hour % 12 // twice a day\n}\n```\n",
        )
        .expect("write");
        let site = content::load(&Source::File(dir.path().join("tides.md")));
        App::new(site, None, (100, 30), Theme::colored())
    }

    /// The lines of the open post that carry a keyword's colour.
    fn keyword_lines(app: &App) -> usize {
        let keyword = app.theme.code_style(CodeRole::Keyword);
        app.reading.as_ref().map_or(0, |reading| {
            reading
                .lines
                .iter()
                .filter(|line| line.spans.iter().any(|s| s.style == keyword))
                .count()
        })
    }

    #[test]
    fn a_post_shows_its_code_plain_at_once_and_coloured_when_it_arrives() {
        let mut app = code_post_app();
        app.update(Action::Open);
        let reading = app.reading.as_ref().expect("the post is open");
        let plain_lines = reading.lines.len();
        assert!(
            reading
                .lines
                .iter()
                .any(|l| l.to_string().contains("fn tide")),
            "the code is shown before it is highlighted"
        );
        assert_eq!(
            keyword_lines(&app),
            0,
            "not highlighted on the key's thread"
        );
        let effects = app.take_effects();
        let [Effect::Highlight { site, id, jobs }] = effects.as_slice() else {
            panic!("the code is asked of the background: {effects:?}");
        };
        assert_eq!(jobs.len(), 1);
        app.update(Action::Down);
        let scroll = app.scroll;
        let done = jobs.iter().map(CodeJob::run).collect();
        app.receive_highlights(*site, *id, done);
        assert!(keyword_lines(&app) > 0, "coloured once the runs arrive");
        let reading = app.reading.as_ref().expect("still open");
        assert_eq!(reading.lines.len(), plain_lines, "no line moved");
        assert_eq!(app.scroll, scroll, "at the same place");
        // Opened again, it is coloured from the cache, nothing asked.
        app.update(Action::Back);
        app.update(Action::Open);
        assert!(keyword_lines(&app) > 0);
        assert!(app.take_effects().is_empty());
    }

    #[test]
    fn runs_for_a_replaced_site_are_dropped() {
        let mut app = code_post_app();
        app.update(Action::Open);
        let Some(Effect::Highlight { site, id, jobs }) = app.take_effects().pop() else {
            panic!("asked");
        };
        let done = jobs.iter().map(CodeJob::run).collect();
        app.receive_highlights(site + 1, id, done);
        assert_eq!(keyword_lines(&app), 0);
    }
}
