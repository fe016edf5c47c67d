use super::*;
use crate::content::{self, Source};
use crate::state::store::Store;

/// A site on disk: three posts, one long enough to scroll, and a
/// translation of it.
fn site_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "long.md", "Long", 40);
    write(dir.path(), "short.md", "Short", 2);
    write(dir.path(), "third.md", "Third", 3);
    dir
}

fn write(dir: &std::path::Path, name: &str, title: &str, paragraphs: usize) {
    let body =
        "A paragraph long enough to wrap over a few lines of a narrow pane.\n\n".repeat(paragraphs);
    std::fs::write(
        dir.join(name),
        format!(
            "---\ntitle: {title}\ndate: 2024-01-0{}\n---\n{body}",
            paragraphs % 9 + 1
        ),
    )
    .expect("write");
}

/// A reader on `dir` with what `store` holds, as `liseuse DIR` starts.
fn reader(dir: &std::path::Path, store: &mut Store, start: Start) -> App {
    let source = Source::Directory(dir.to_path_buf());
    let mut app = App::new(content::load(&source), None, (80, 24), Theme::plain());
    app.remember(store.load().state, start);
    app
}

/// What quitting does: the state saved through the store.
fn quit(app: &mut App, store: &mut Store) {
    if let Some(state) = app.state_to_save() {
        let merged = store.save(&state).expect("saved");
        app.state_saved(merged);
    }
}

fn open(app: &mut App, slug: &str) -> PostId {
    let id = app.site.find(slug).expect("a post");
    app.visit(id, None);
    app.update(Action::Resize(80, 24));
    id
}

fn titles(app: &App) -> Vec<String> {
    app.matches
        .iter()
        .map(|m| app.site.posts[m.id].title.clone())
        .collect()
}

#[test]
fn the_reader_comes_back_to_the_last_place_and_its_history() {
    let site = site_dir();
    let states = tempfile::tempdir().expect("temp dir");
    let mut store = Store::new(states.path(), "/site");
    let mut app = reader(site.path(), &mut store, Start::LastPlace);
    assert!(app.reading.is_none(), "nothing to come back to yet");
    open(&mut app, "short");
    open(&mut app, "long");
    app.update(Action::PageDown);
    app.update(Action::Down);
    let scroll = app.scroll;
    assert!(scroll > 1);
    quit(&mut app, &mut store);

    let mut again = reader(site.path(), &mut store, Start::LastPlace);
    let open_id = again.reading.as_ref().map(|r| r.id);
    assert_eq!(open_id, again.site.find("long"));
    assert_eq!(again.scroll, scroll, "at the same line");
    assert_eq!(again.focus, Pane::Reader);
    again.update(Action::HistoryBack);
    assert_eq!(
        again.reading.as_ref().map(|r| r.id),
        again.site.find("short"),
        "Backspace reaches the earlier run"
    );

    // --fresh: the list, and the last place is behind.
    let mut fresh = reader(site.path(), &mut store, Start::Elsewhere);
    assert!(fresh.reading.is_none() || fresh.focus == Pane::List);
    fresh.update(Action::HistoryBack);
    assert_eq!(
        fresh.reading.as_ref().map(|r| r.id),
        fresh.site.find("long")
    );
    assert_eq!(fresh.scroll, scroll);
}

#[test]
fn read_marks_last_and_a_changed_file_is_unread_again() {
    let site = site_dir();
    let states = tempfile::tempdir().expect("temp dir");
    let mut store = Store::new(states.path(), "/site");
    let mut app = reader(site.path(), &mut store, Start::LastPlace);
    let short = open(&mut app, "short");
    assert!(app.is_read(short));
    let third = app.site.find("third").expect("third");
    assert!(!app.is_read(third));
    quit(&mut app, &mut store);

    let app = reader(site.path(), &mut store, Start::Elsewhere);
    assert!(app.is_read(app.site.find("short").expect("short")));
    assert!(!app.is_read(app.site.find("third").expect("third")));

    write(site.path(), "short.md", "Short, revised", 2);
    let app = reader(site.path(), &mut store, Start::Elsewhere);
    assert!(
        !app.is_read(app.site.find("short").expect("short")),
        "changed since read"
    );
}

#[test]
fn is_words_filter_by_what_is_remembered() {
    let site = site_dir();
    let states = tempfile::tempdir().expect("temp dir");
    let mut store = Store::new(states.path(), "/site");
    let mut app = reader(site.path(), &mut store, Start::LastPlace);
    open(&mut app, "short");
    app.update(Action::ToggleBookmark);
    quit(&mut app, &mut store);

    // Between the visits one post changes and one is added.
    write(site.path(), "third.md", "Third, revised", 3);
    write(site.path(), "fourth.md", "Fourth", 4);
    let mut app = reader(site.path(), &mut store, Start::Elsewhere);
    app.focus = Pane::List;
    let filtered = |app: &mut App, text: &str| {
        app.update(Action::FilterClear);
        app.update(Action::StartFilter);
        app.update(Action::Insert(text.to_string()));
        let mut found = titles(app);
        found.sort();
        found
    };
    assert_eq!(filtered(&mut app, "is:read"), ["Short"]);
    assert_eq!(filtered(&mut app, "is:bookmarked"), ["Short"]);
    assert_eq!(
        filtered(&mut app, "is:unread"),
        ["Fourth", "Long", "Third, revised"]
    );
    assert_eq!(filtered(&mut app, "is:new"), ["Fourth", "Third, revised"]);
    assert_eq!(filtered(&mut app, "is:new four"), ["Fourth"], "with text");
    assert_eq!(
        filtered(&mut app, "is:nonlu is:new third"),
        ["Third, revised"]
    );
    assert!(filtered(&mut app, "is:whatever").is_empty());
    assert_eq!(filtered(&mut app, "is:").len(), 4, "while typed");
}

#[test]
fn two_readers_keep_each_others_marks_in_either_order() {
    for first_saves_first in [true, false] {
        let site = site_dir();
        let states = tempfile::tempdir().expect("temp dir");
        let mut store_a = Store::new(states.path(), "/site");
        let mut store_b = Store::new(states.path(), "/site");
        let mut a = reader(site.path(), &mut store_a, Start::LastPlace);
        let mut b = reader(site.path(), &mut store_b, Start::LastPlace);
        open(&mut a, "short");
        a.update(Action::ToggleBookmark);
        open(&mut b, "third");
        b.update(Action::ToggleBookmark);
        if first_saves_first {
            quit(&mut a, &mut store_a);
            quit(&mut b, &mut store_b);
        } else {
            quit(&mut b, &mut store_b);
            quit(&mut a, &mut store_a);
        }
        let mut store = Store::new(states.path(), "/site");
        let both = reader(site.path(), &mut store, Start::Elsewhere);
        for slug in ["short", "third"] {
            let id = both.site.find(slug).expect("post");
            assert!(both.is_read(id), "{slug} read ({first_saves_first})");
            assert!(both.is_bookmarked(id), "{slug} kept ({first_saves_first})");
        }
        // The one that saved second sees the other's marks at once.
        let later = if first_saves_first { &b } else { &a };
        assert_eq!(later.bookmark_rows().len(), 2);
    }
}

#[test]
fn a_bookmark_removed_in_one_reader_does_not_come_back_from_another() {
    let site = site_dir();
    let states = tempfile::tempdir().expect("temp dir");
    let mut store_a = Store::new(states.path(), "/site");
    let mut setter = reader(site.path(), &mut store_a, Start::LastPlace);
    open(&mut setter, "short");
    setter.update(Action::ToggleBookmark);
    quit(&mut setter, &mut store_a);

    // Two readers hold the bookmark; one removes it, the other saves after.
    let mut store_b = Store::new(states.path(), "/site");
    let mut holder = reader(site.path(), &mut store_a, Start::Elsewhere);
    let mut remover = reader(site.path(), &mut store_b, Start::Elsewhere);
    remover.update(Action::ShowBookmarks);
    assert_eq!(remover.mode, Mode::Bookmarks);
    remover.update(Action::RemoveBookmark);
    assert_eq!(
        remover.mode,
        Mode::Browse,
        "the last one gone closes the list"
    );
    quit(&mut remover, &mut store_b);
    open(&mut holder, "long");
    quit(&mut holder, &mut store_a);
    assert!(
        holder.bookmark_rows().is_empty(),
        "the holder dropped it too"
    );
    let mut store = Store::new(states.path(), "/site");
    let app = reader(site.path(), &mut store, Start::Elsewhere);
    assert!(app.bookmark_rows().is_empty());
}

#[test]
fn a_bookmark_opens_at_its_place_in_its_language() {
    let site = site_dir();
    let states = tempfile::tempdir().expect("temp dir");
    let mut store = Store::new(states.path(), "/site");
    let mut app = reader(site.path(), &mut store, Start::LastPlace);
    open(&mut app, "long");
    app.update(Action::PageDown);
    let place = app.scroll;
    app.update(Action::ToggleBookmark);
    assert_eq!(app.message.as_deref(), Some("Bookmark added"));
    // From the list, `m` marks the selected post.
    app.update(Action::Back);
    app.update(Action::Top);
    app.update(Action::Down);
    let selected = app.selected_id().expect("a post");
    assert_ne!(Some(selected), app.site.find("long"));
    app.update(Action::ToggleBookmark);
    assert!(app.is_bookmarked(selected));
    open(&mut app, "third");
    app.update(Action::ShowBookmarks);
    let rows = app.bookmark_rows();
    assert_eq!(rows.len(), 2);
    let long = app.site.find("long");
    let cursor = app
        .bookmarks
        .iter()
        .position(|row| row.id == long)
        .expect("listed");
    for _ in 0..cursor {
        app.update(Action::Down);
    }
    app.update(Action::Open);
    assert_eq!(app.mode, Mode::Browse);
    assert_eq!(app.reading.as_ref().map(|r| r.id), long);
    assert_eq!(app.scroll, place);
    // `m` again removes it.
    app.update(Action::ToggleBookmark);
    assert_eq!(app.message.as_deref(), Some("Bookmark removed"));
    assert_eq!(app.bookmark_rows().len(), 1);
}

#[test]
fn without_state_nothing_is_marked_and_m_says_why() {
    let site = site_dir();
    let source = Source::Directory(site.path().to_path_buf());
    let mut app = App::new(content::load(&source), None, (80, 24), Theme::plain());
    open(&mut app, "short");
    assert!(!app.remembers());
    assert!(app.state_to_save().is_none());
    app.update(Action::ToggleBookmark);
    assert_eq!(
        app.message.as_deref(),
        Some("Nothing is remembered (--no-state)")
    );
}

#[test]
fn a_failed_save_is_said_once_and_tried_again() {
    let site = site_dir();
    let states = tempfile::tempdir().expect("temp dir");
    let mut store = Store::new(states.path(), "/site");
    let mut app = reader(site.path(), &mut store, Start::LastPlace);
    open(&mut app, "short");
    let state = app.state_to_save().expect("something to save");
    app.state_not_saved("/nowhere: read-only file system");
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.starts_with("State not saved")),
        "{:?}",
        app.message
    );
    app.message = None;
    app.state_not_saved("/nowhere: read-only file system");
    assert!(app.message.is_none(), "said once");
    assert_eq!(app.state_to_save(), Some(state), "offered again");
}

#[test]
fn a_reader_still_loading_resumes_when_the_post_arrives() {
    use crate::content::load::{Progress, load_in_batches};
    let site = site_dir();
    let states = tempfile::tempdir().expect("temp dir");
    let mut store = Store::new(states.path(), "/site");
    let mut app = reader(site.path(), &mut store, Start::LastPlace);
    open(&mut app, "long");
    app.update(Action::PageDown);
    let scroll = app.scroll;
    quit(&mut app, &mut store);

    let source = Source::Directory(site.path().to_path_buf());
    let mut reports = Vec::new();
    load_in_batches(&source, |progress| reports.push(progress));
    let mut reports = reports.into_iter();
    let Some(Progress::Started(configured)) = reports.next() else {
        panic!("the loader starts with the site's configuration");
    };
    let mut app = App::loading(*configured, None, (80, 24), Theme::plain());
    app.remember(store.load().state, Start::LastPlace);
    assert!(app.reading.is_none(), "not arrived yet");
    app.update_loading(reports);
    assert_eq!(app.reading.as_ref().map(|r| r.id), app.site.find("long"));
    assert_eq!(app.scroll, scroll);
}

#[test]
fn what_changes_while_a_save_is_written_is_kept() {
    let site = site_dir();
    let states = tempfile::tempdir().expect("temp dir");
    let mut store = Store::new(states.path(), "/site");
    let mut app = reader(site.path(), &mut store, Start::LastPlace);
    open(&mut app, "short");
    // The copy a background save takes, then a bookmark set meanwhile.
    let copy = app.state_to_save().expect("something to save");
    app.update(Action::ToggleBookmark);
    let merged = store.save(&copy).expect("saved");
    app.state_saved(merged);
    let short = app.site.find("short").expect("short");
    assert!(app.is_bookmarked(short), "kept");
    assert!(app.is_read(short));
    quit(&mut app, &mut store);
    let again = reader(site.path(), &mut store, Start::Elsewhere);
    assert!(again.is_bookmarked(short), "and written at the next save");
}

#[test]
fn a_wide_reader_showing_the_selected_post_still_comes_back_to_the_last_place() {
    let site = site_dir();
    let states = tempfile::tempdir().expect("temp dir");
    let mut store = Store::new(states.path(), "/site");
    let mut app = reader(site.path(), &mut store, Start::LastPlace);
    open(&mut app, "third");
    quit(&mut app, &mut store);

    // The state arrives after the site: the list beside the reader already
    // shows its selected post, which the user did not open.
    let source = Source::Directory(site.path().to_path_buf());
    let mut wide = App::new(content::load(&source), None, (120, 30), Theme::plain());
    assert!(wide.reading.is_some() && wide.focus == Pane::List);
    wide.remember(store.load().state, Start::LastPlace);
    assert_eq!(wide.reading.as_ref().map(|r| r.id), wide.site.find("third"));
    assert_eq!(wide.focus, Pane::Reader);
}

#[test]
fn a_post_only_shown_beside_the_list_is_neither_read_nor_the_last_place() {
    let site = site_dir();
    let states = tempfile::tempdir().expect("temp dir");
    let mut store = Store::new(states.path(), "/site");
    let source = Source::Directory(site.path().to_path_buf());
    let mut wide = App::new(content::load(&source), None, (120, 30), Theme::plain());
    wide.remember(store.load().state, Start::LastPlace);
    wide.update(Action::Down);
    let shown = wide.reading.as_ref().map(|r| r.id).expect("shown beside");
    assert!(!wide.is_read(shown));
    // What there is to save is what the site held, no place.
    let state = wide.state_to_save().expect("the site's posts, seen");
    assert!(state.last.is_none() && state.read.is_empty());
}

#[test]
fn a_language_asked_for_wins_over_the_last_place_in_another() {
    let site = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        site.path().join("config.yaml"),
        "defaultContentLanguage: en\nlanguages:\n  en: {contentDir: content/en, weight: 1}\n  \
         fr: {contentDir: content/fr, weight: 2}\n",
    )
    .expect("config");
    for (lang, title) in [("en", "Tides"), ("fr", "Marées")] {
        let folder = site.path().join("content").join(lang);
        std::fs::create_dir_all(&folder).expect("folder");
        write(&folder, "tides.md", title, 3);
    }
    let states = tempfile::tempdir().expect("temp dir");
    let mut store = Store::new(states.path(), "/site");
    let source = Source::Directory(site.path().to_path_buf());
    let reader_in = |store: &mut Store, lang: &str, asked: bool| {
        let mut app = App::new(
            content::load(&source),
            Some(Lang::new(lang)),
            (80, 24),
            Theme::plain(),
        );
        app.lang_asked = asked;
        app.remember(store.load().state, Start::LastPlace);
        app
    };
    let mut app = reader_in(&mut store, "fr", false);
    let marees = app.site.posts.iter().position(|p| p.title == "Marées");
    app.visit(marees.expect("the French post"), None);
    app.update(Action::Resize(80, 24));
    assert_eq!(app.focus, Pane::Reader);
    quit(&mut app, &mut store);

    // `--lang en`: the English list, the French post behind Backspace.
    let mut english = reader_in(&mut store, "en", true);
    assert_eq!(english.lang, Lang::new("en"));
    assert_ne!(english.current_post(), marees, "not come back to");
    assert_ne!(english.focus, Pane::Reader);
    english.update(Action::HistoryBack);
    assert_eq!(english.current_post(), marees, "behind Backspace");

    // The same language asked for, or none: come back to it.
    let french = reader_in(&mut store, "fr", true);
    assert_eq!(french.current_post(), marees);
    let unasked = reader_in(&mut store, "en", false);
    assert_eq!(unasked.current_post(), marees, "in its language");
    assert_eq!(unasked.lang, Lang::new("fr"));
}
