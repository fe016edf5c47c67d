//! `e`: the open post's file handed to the user's editor, at the line of
//! what is on screen, and read again when the editor is done.

use super::*;

impl App {
    /// `e`: asks the event loop to run the editor on the post's file. A
    /// served session (its user is not the owner of the files) and a post
    /// with no file on disk (the embedded sample) are refused.
    pub(super) fn open_in_editor(&mut self) {
        if self.served {
            self.message = Some(self.ui.text(Text::EditNotServed).to_string());
            return;
        }
        let Some(id) = self.current_post() else {
            return;
        };
        let post = &self.site.posts[id];
        let Some(path) = self
            .source
            .as_ref()
            .and_then(|source| source.path_on_disk(&post.path))
        else {
            self.message = Some(self.ui.text(Text::EditNoFile).to_string());
            return;
        };
        let offset = self.body_offset_on_screen(id).unwrap_or(0);
        let line = post.text.line_of_body_offset(offset);
        self.editing = Some(path.clone());
        self.effects.push(Effect::Edit { path, line });
    }

    /// Where in the body the first block on screen starts, when post `id`
    /// is the one open. Laid out once more for where its blocks start, as
    /// the cached layout keeps lines only: a key press, not every frame.
    fn body_offset_on_screen(&self, id: PostId) -> Option<usize> {
        let reading = self.reading.as_ref().filter(|r| r.id == id)?;
        // The width `lay_out` used, so that lines are where they are shown.
        let width = text_width(self.reader_area()).min(self.measure.max(20));
        let (_, starts) =
            wrap::layout_decorated(&reading.document, width, &self.theme, self.decoration());
        // A blank line at the top is the gap before the next block, whose
        // text is the first on screen.
        let top = (self.scroll..reading.lines.len())
            .find(|&at| !spots::line_text(&reading.lines[at]).trim().is_empty())
            .unwrap_or(self.scroll);
        render::source::body_offset_at(&reading.document, &starts, top)
    }

    /// The editor is done (`problem` says why it could not run or how it
    /// failed). If it `ran`, its file is read again (that file alone, as
    /// the watcher's changes are) so the reader shows what was written,
    /// in the same place.
    pub fn editor_returned(&mut self, ran: bool, problem: Option<&str>) {
        let edited = self.editing.take();
        if ran {
            use crate::watch::{Changes, Notice};
            let changes = edited.map_or(Changes::Everything, |path| Changes::Paths(vec![path]));
            self.update(Action::Watch(Notice::Changed(changes)));
        }
        // After the update, which clears the status line.
        if let Some(problem) = problem {
            self.message = Some(self.ui.labelled(Text::EditorFailed, problem));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{self, Source};

    /// A post of numbered paragraphs (`¶3`), each long enough to wrap, in
    /// a site on disk: the reader and the file's path.
    fn site_on_disk() -> (tempfile::TempDir, App) {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut text = String::from("---\ntitle: Numbered\ndate: 2024-05-06\n---\n\n");
        for n in 1..=30 {
            text.push_str(&format!(
                "¶{n} words that run on for a while so that they wrap over more than one line.\n\n"
            ));
        }
        std::fs::write(dir.path().join("numbered.md"), text).expect("write");
        let source = Source::Directory(dir.path().to_path_buf());
        let mut app = App::new(content::load(&source), None, (80, 24), Theme::plain());
        app.source = Some(source);
        let id = app.site.find("numbered").expect("loaded");
        app.visit(id, None);
        (dir, app)
    }

    /// The paragraph whose text is first on screen, read from the screen's
    /// lines: the nearest number at or above the first line with text.
    fn number_on_screen(app: &App) -> usize {
        let reading = app.reading.as_ref().expect("open");
        let text = |at: usize| spots::line_text(&reading.lines[at]);
        let first = (app.scroll..reading.lines.len())
            .find(|&at| !text(at).trim().is_empty())
            .expect("text on screen");
        (0..=first)
            .rev()
            .find_map(|at| {
                let line = text(at);
                let after = line.split_once('¶')?.1;
                after.split(' ').next()?.parse().ok()
            })
            .unwrap_or(1)
    }

    #[test]
    fn e_asks_for_the_file_at_the_line_of_the_paragraph_on_screen() {
        let (dir, mut app) = site_on_disk();
        let path = dir.path().join("numbered.md");
        let mut seen = Vec::new();
        for scroll in [0, 1, 5, 8, 9, 10, 17, 40] {
            app.scroll = scroll.min(app.max_scroll());
            app.update(Action::OpenInEditor);
            let number = number_on_screen(&app);
            // Paragraph n is on line 6 + 2 (n - 1) of the file.
            let line = 6 + 2 * (number - 1);
            assert_eq!(
                app.take_effects(),
                [Effect::Edit {
                    path: path.clone(),
                    line
                }],
                "scrolled to {scroll}"
            );
            seen.push(number);
        }
        assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
        assert!(seen.last() > seen.first(), "{seen:?}");
    }

    #[test]
    fn the_list_alone_opens_the_selected_post_at_its_first_line() {
        let (dir, mut app) = site_on_disk();
        app.reading = None;
        app.update(Action::OpenInEditor);
        assert_eq!(
            app.take_effects(),
            [Effect::Edit {
                path: dir.path().join("numbered.md"),
                line: 5
            }]
        );
    }

    #[test]
    fn the_sample_and_served_sessions_are_refused_with_a_message() {
        let site = content::load(&Source::sample());
        let mut app = App::new(site, None, (80, 24), Theme::plain());
        app.source = Some(Source::sample());
        app.update(Action::Open);
        app.update(Action::OpenInEditor);
        assert!(app.take_effects().is_empty());
        assert_eq!(
            app.message.as_deref(),
            Some("No file on disk to edit (the embedded sample)")
        );

        let (_dir, mut app) = site_on_disk();
        app.served = true;
        app.update(Action::OpenInEditor);
        assert!(app.take_effects().is_empty());
        assert_eq!(
            app.message.as_deref(),
            Some("Files cannot be edited over SSH (liseuse serve)")
        );
    }

    #[test]
    fn after_the_editor_the_post_is_read_again_and_a_failure_is_named() {
        let (_dir, mut app) = site_on_disk();
        app.update(Action::OpenInEditor);
        let Some(Effect::Edit { path, .. }) = app.take_effects().pop() else {
            panic!("the editor is asked for");
        };
        app.editor_returned(true, None);
        // That file alone is read again.
        assert_eq!(app.take_effects(), [Effect::Refresh(vec![path])]);
        assert_eq!(app.message, None);
        app.reloading = false;
        app.editor_returned(true, Some("nano: exit status: 1"));
        // Which file is no longer known: the whole site is read.
        assert_eq!(app.take_effects(), [Effect::Reload]);
        assert_eq!(
            app.message.as_deref(),
            Some("The editor could not be run: nano: exit status: 1")
        );
        // Not started: nothing was written, nothing to read again.
        app.reloading = false;
        app.editor_returned(false, Some("nano: No such file or directory"));
        assert!(app.take_effects().is_empty());
        assert_eq!(
            app.message.as_deref(),
            Some("The editor could not be run: nano: No such file or directory")
        );
    }
}
