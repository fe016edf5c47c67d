use super::*;
use crate::content::{self, Source};

fn corpus_like_app(size: (u16, u16)) -> App {
    let site = content::load(&Source::sample());
    App::new(site, None, size, Theme::plain())
}

fn type_filter(app: &mut App, text: &str) {
    app.update(Action::StartFilter);
    for c in text.chars() {
        app.update(Action::FilterChar(c));
    }
}

#[test]
fn selection_stays_valid_when_the_filter_empties_the_list() {
    let mut app = corpus_like_app((120, 40));
    type_filter(&mut app, "zzzzqqqxxx");
    assert!(app.matches.is_empty());
    assert_eq!(app.selected_id(), None);
    for action in [
        Action::Down,
        Action::Up,
        Action::Bottom,
        Action::Open,
        Action::SwitchLanguage,
    ] {
        app.update(action);
    }
    app.update(Action::Edit(field::Edit::Backspace));
    assert!(app.selected < app.matches.len().max(1));
}

#[test]
fn the_selection_stays_in_view() {
    let mut app = corpus_like_app((120, 14));
    app.update(Action::Bottom);
    let height = inner_height(app.panes().list.expect("wide")) - 1;
    assert!(app.selected >= app.list_offset && app.selected < app.list_offset + height);
}

#[test]
fn resize_while_filtered_keeps_the_filter_and_selection() {
    let mut app = corpus_like_app((120, 40));
    type_filter(&mut app, "a");
    app.update(Action::FilterAccept);
    app.update(Action::Down);
    let selected = app.selected_id();
    app.update(Action::Resize(60, 20));
    assert_eq!(app.filter, "a");
    assert_eq!(app.selected_id(), selected);
    app.update(Action::Resize(200, 60));
    assert_eq!(app.selected_id(), selected);
}

#[test]
fn capital_t_offers_every_language_and_digits_pick_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (lang, title) in [("en", "Trails"), ("fr", "Sentiers"), ("iu", "ᐊᖅᑯᑎ")] {
        std::fs::create_dir_all(dir.path().join(lang)).expect("dir");
        std::fs::write(
            dir.path().join(lang).join("trails.md"),
            format!("---\ntitle: {title}\ntranslationKey: trails\n---\nText.\n"),
        )
        .expect("write");
    }
    let site = content::load(&Source::Directory(dir.path().to_path_buf()));
    let mut app = App::new(site, Some(Lang::new("en")), (120, 40), Theme::plain());
    app.update(Action::Open);
    app.update(Action::ChooseLanguage);
    assert_eq!(app.mode, Mode::Languages);
    assert_eq!(app.language_choices, [Lang::new("fr"), Lang::new("iu")]);
    app.update(Action::PickLanguage(1));
    assert_eq!(app.mode, Mode::Browse);
    assert_eq!(app.lang, Lang::new("iu"));
    let open = app
        .reading
        .as_ref()
        .map(|r| app.site.posts[r.id].title.clone());
    assert_eq!(open.as_deref(), Some("ᐊᖅᑯᑎ"));
    // `t` cycles on through the site's languages: iu → en.
    app.update(Action::SwitchLanguage);
    assert_eq!(app.lang, Lang::new("en"));
}

#[test]
fn wheel_scrolls_the_pane_under_the_pointer_and_a_click_selects() {
    let mut app = corpus_like_app((120, 20));
    let panes = app.panes();
    let (list, reader) = (panes.list.expect("list"), panes.reader.expect("reader"));
    app.update(Action::Scroll {
        column: reader.x + 5,
        row: reader.y + 3,
        lines: 3,
    });
    assert_eq!(app.scroll, 3);
    assert_eq!(app.selected, 0, "the list did not move");
    app.update(Action::Scroll {
        column: list.x + 5,
        row: list.y + 3,
        lines: 3,
    });
    assert_eq!(app.selected, 3);
    app.update(Action::Click {
        column: list.x + 5,
        row: list.y + 2,
    });
    assert_eq!(app.selected, 1, "the second row");
    assert_eq!(app.reading.as_ref().map(|r| r.id), app.selected_id());
}

fn open_sample(app: &mut App, slug: &str) -> PostId {
    let id = app.site.find(slug).expect("a sample post");
    app.visit(id, None);
    // What opening asked (its code highlighted) is not what is tested.
    let _ = app.take_effects();
    id
}

#[test]
fn y_copies_the_public_address_through_an_effect() {
    let mut app = corpus_like_app((120, 40));
    open_sample(&mut app, "reading-offline");
    app.update(Action::CopyAddress);
    let effects = app.take_effects();
    assert_eq!(
        effects,
        [Effect::Copy(
            "https://workshop.example.ca/2024/03/04/reading-offline/".to_string()
        )]
    );
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.starts_with("Address copied"))
    );
    assert!(app.take_effects().is_empty(), "effects are taken once");
}

#[test]
fn a_link_chosen_by_number_is_copied_as_a_public_address() {
    let mut app = corpus_like_app((120, 40));
    let from = open_sample(&mut app, "reading-offline");
    let references = app.reading.as_ref().map(|r| r.document.references.clone());
    let references = references.expect("open");
    let internal = references
        .iter()
        .find(|r| r.target.contains("offline-first-checklist"))
        .expect("the post links to the checklist");
    for digit in internal.number.to_string().bytes() {
        app.update(Action::Digit(digit - b'0'));
    }
    let selected = app.selected_link.expect("chosen by number");
    assert_eq!(
        app.reading.as_ref().map(|r| r.links[selected].number),
        Some(internal.number)
    );
    app.update(Action::CopyLink);
    assert_eq!(
        app.take_effects(),
        [Effect::Copy(
            "https://workshop.example.ca/2024/02/01/offline-first-checklist/".to_string()
        )]
    );
    assert_eq!(app.mode, Mode::Copied, "the address is shown whole");
    app.update(Action::Back);
    app.update(Action::Open);
    let to = app.reading.as_ref().map(|r| r.id).expect("open");
    assert_ne!(to, from);
    assert_eq!(app.site.posts[to].title, "An offline-first checklist");
}

/// Chooses the link of the open post whose target holds `part`.
fn choose_link(app: &mut App, part: &str) {
    let references = app.reading.as_ref().map(|r| r.document.references.clone());
    let reference = references
        .expect("open")
        .into_iter()
        .find(|r| r.target.contains(part))
        .expect("the link");
    for digit in reference.number.to_string().bytes() {
        app.update(Action::Digit(digit - b'0'));
    }
}

/// What `Y` copies and `o` opens is a URL, written by the `url` crate:
/// a space or a line break in a link never makes it text a shell would
/// read as more words, and `o` says why it opens nothing.
#[test]
fn links_are_copied_and_opened_only_as_urls() {
    let post = "# Links\n\n[spaced](<https://safe.example/ touch pwned>) \
                [mail](mailto:someone@example.org) [bad](http://[::1/x) \
                [relative](other-page/)\n";
    let site = content::load::load_text(std::path::Path::new("post.md"), post.as_bytes().to_vec());
    let mut app = App::new(site, None, (120, 40), Theme::plain());
    app.visit(0, None);
    app.graphical = true;
    choose_link(&mut app, "safe.example");
    app.update(Action::CopyLink);
    assert_eq!(
        app.take_effects(),
        [Effect::Copy(
            "https://safe.example/%20touch%20pwned".to_string()
        )]
    );
    app.update(Action::OpenInBrowser);
    assert_eq!(
        app.take_effects(),
        [Effect::OpenInBrowser(
            "https://safe.example/%20touch%20pwned".to_string()
        )]
    );
    choose_link(&mut app, "mailto:");
    app.update(Action::OpenInBrowser);
    assert!(app.take_effects().is_empty());
    let said = app.message.clone().unwrap_or_default();
    assert!(said.starts_with("Not a web address"), "{said}");
    assert!(!said.contains("baseURL"), "{said}");
    choose_link(&mut app, "[::1");
    app.update(Action::CopyLink);
    assert!(app.take_effects().is_empty());
    let said = app.message.clone().unwrap_or_default();
    assert!(said.starts_with("Not a valid address"), "{said}");
    // No public address to take a relative link from: not copied.
    choose_link(&mut app, "other-page");
    app.update(Action::CopyLink);
    assert!(app.take_effects().is_empty());
}

#[test]
fn an_unknown_link_number_says_so() {
    let mut app = corpus_like_app((120, 40));
    open_sample(&mut app, "reading-offline");
    app.update(Action::Digit(9));
    app.update(Action::Digit(9));
    assert!(app.message.as_deref().is_some_and(|m| m.contains("[9]")));
}

#[test]
fn history_is_empty_at_first_and_says_so() {
    let mut app = corpus_like_app((120, 40));
    app.update(Action::HistoryBack);
    assert_eq!(app.message.as_deref(), Some("Nothing to go back to"));
    app.update(Action::HistoryForward);
    assert_eq!(app.message.as_deref(), Some("Nothing to go forward to"));
}

#[test]
fn going_back_to_a_post_in_the_other_language_switches_the_list() {
    let mut app = corpus_like_app((120, 40));
    let english = open_sample(&mut app, "reading-offline");
    let french = open_sample(&mut app, "lire-hors-ligne");
    assert_eq!(app.lang, Lang::new("fr"));
    app.update(Action::HistoryBack);
    assert_eq!(app.reading.as_ref().map(|r| r.id), Some(english));
    assert_eq!(app.lang, Lang::new("en"));
    assert_eq!(app.ui, Ui::En);
    app.update(Action::HistoryForward);
    assert_eq!(app.reading.as_ref().map(|r| r.id), Some(french));
}

#[test]
fn the_list_sorts_by_title_and_back_by_date() {
    let mut app = corpus_like_app((120, 40));
    let by_date: Vec<PostId> = app.matches.iter().map(|m| m.id).collect();
    app.update(Action::ToggleSort);
    let titles: Vec<String> = app
        .matches
        .iter()
        .map(|m| crate::search::fold(&app.site.posts[m.id].title).text)
        .collect();
    assert!(titles.windows(2).all(|w| w[0] <= w[1]), "{titles:?}");
    assert_eq!(app.message.as_deref(), Some("Sorted by title"));
    app.update(Action::ToggleSort);
    let again: Vec<PostId> = app.matches.iter().map(|m| m.id).collect();
    assert_eq!(again, by_date);
}

#[test]
fn hash_filters_by_tag() {
    let mut app = corpus_like_app((120, 40));
    let tagged = app
        .site
        .posts
        .iter()
        .filter(|p| p.lang == app.lang)
        .flat_map(|p| p.tags.iter())
        .next()
        .cloned()
        .expect("the sample has tags");
    type_filter(&mut app, &format!("#{}", tagged.to_uppercase()));
    assert!(!app.matches.is_empty());
    for matched in &app.matches {
        let post = &app.site.posts[matched.id];
        assert!(
            post.tags
                .iter()
                .chain(&post.categories)
                .any(|t| t.eq_ignore_ascii_case(&tagged)),
            "{} lacks #{tagged}",
            post.title
        );
    }
}

#[test]
fn the_search_in_the_post_follows_resizes() {
    let mut app = corpus_like_app((120, 40));
    open_sample(&mut app, "reading-offline");
    app.update(Action::StartFilter);
    assert_eq!(app.mode, Mode::Find, "/ in the reader searches the post");
    for c in "offline".chars() {
        app.update(Action::FilterChar(c));
    }
    app.update(Action::FilterAccept);
    let wide = app.find.matches.len();
    assert!(wide > 0);
    app.update(Action::Resize(60, 30));
    assert_eq!(app.find.matches.len(), wide, "same matches, moved");
    let reading = app.reading.as_ref().expect("open");
    for found in &app.find.matches {
        let text = spots::line_text(&reading.lines[found.line]).to_lowercase();
        assert!(text.contains("offline"), "{text}");
    }
    app.update(Action::Back);
    assert!(app.find.query.is_empty(), "Esc ends the search first");
    assert_eq!(app.focus, Pane::Reader);
}

#[test]
fn reloading_keeps_the_open_post_and_place_and_survives_deletions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |name: &str, title: &str, paragraphs: usize| {
        let body = "A paragraph long enough to wrap over a few lines of a narrow pane.\n\n"
            .repeat(paragraphs);
        std::fs::write(
            dir.path().join(name),
            format!(
                "---\ntitle: {title}\ndate: 2024-01-0{}\n---\n{body}",
                paragraphs % 9 + 1
            ),
        )
        .expect("write");
    };
    write("long.md", "Long", 40);
    write("other.md", "Other", 2);
    let source = Source::Directory(dir.path().to_path_buf());
    let mut app = App::new(content::load(&source), None, (120, 30), Theme::plain());
    let long = app.site.find("long").expect("loaded");
    app.visit(long, None);
    app.update(Action::PageDown);
    let scroll = app.scroll;
    assert!(scroll > 0);

    // The open post changes on disk (same length), another disappears.
    write("long.md", "Long, revised", 40);
    std::fs::remove_file(dir.path().join("other.md")).expect("remove");
    app.replace_site(content::load(&source));
    let open = app
        .reading
        .as_ref()
        .map(|r| app.site.posts[r.id].title.clone());
    assert_eq!(open.as_deref(), Some("Long, revised"));
    assert_eq!(app.scroll, scroll, "same place");
    assert_eq!(app.matches.len(), 1);
    assert!(app.message.as_deref().is_some_and(|m| m.contains('1')));

    // Now the open post itself is deleted: it stays on screen, at its
    // place, marked, and out of the list.
    std::fs::remove_file(dir.path().join("long.md")).expect("remove");
    app.replace_site(content::load(&source));
    assert!(app.reading_deleted());
    let open = app
        .reading
        .as_ref()
        .map(|r| app.site.posts[r.id].title.clone());
    assert_eq!(open.as_deref(), Some("Long, revised"));
    assert_eq!(app.scroll, scroll, "same place");
    assert!(app.matches.is_empty());
    assert_eq!(
        app.message.as_deref(),
        Some("Site read again; the open post was deleted on disk")
    );
    // Read again, it is still deleted, and still there.
    app.replace_site(content::load(&source));
    assert!(app.reading_deleted());
    assert!(app.matches.is_empty());
    assert_eq!(app.site.posts.len(), 1);
    for action in [
        Action::Down,
        Action::Open,
        Action::HistoryBack,
        Action::CopyAddress,
        Action::SwitchLanguage,
    ] {
        app.update(action);
    }

    // Written again, it is an ordinary post once more.
    write("long.md", "Long, back", 40);
    app.replace_site(content::load(&source));
    assert!(!app.reading_deleted());
    assert_eq!(app.matches.len(), 1);
    assert_eq!(app.site.posts.len(), 1);
}

#[test]
fn a_post_deleted_on_disk_is_marked_on_screen_in_both_languages() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("gone.md");
    std::fs::write(&path, "---\ntitle: Soon gone\n---\nA short text.\n").expect("write");
    std::fs::write(dir.path().join("kept.md"), "---\ntitle: Kept\n---\nText.\n").expect("write");
    let source = Source::Directory(dir.path().to_path_buf());
    for (lang, mark) in [("en", "deleted on disk"), ("fr", "supprimé du disque")] {
        std::fs::write(&path, "---\ntitle: Soon gone\n---\nA short text.\n").expect("write");
        let mut app = App::new(
            content::load(&source),
            Some(Lang::new(lang)),
            (100, 20),
            Theme::plain(),
        );
        app.ui = if lang == "fr" { Ui::Fr } else { Ui::En };
        let gone = app.site.find("gone").expect("loaded");
        app.visit(gone, None);
        std::fs::remove_file(&path).expect("remove");
        app.replace_site(content::load(&source));
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 20)).expect("terminal");
        terminal
            .draw(|frame| crate::ui::draw(frame, &app))
            .expect("draws");
        let screen = format!("{:?}", terminal.backend().buffer());
        assert!(screen.contains(mark), "{lang}: {screen}");
        assert!(screen.contains("Soon gone"), "{lang}: {screen}");
        // The list holds only what is on disk.
        assert_eq!(app.matches.len(), 1);
    }
}

#[test]
fn a_post_deleted_on_disk_is_not_waited_for_by_the_search_index() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("gone.md");
    std::fs::write(&path, "---\ntitle: Soon gone\n---\nA short text.\n").expect("write");
    std::fs::write(dir.path().join("kept.md"), "---\ntitle: Kept\n---\nText.\n").expect("write");
    let source = Source::Directory(dir.path().to_path_buf());
    let mut app = App::new(content::load(&source), None, (100, 20), Theme::plain());
    app.update(Action::StartSiteSearch);
    let _ = app.take_effects();
    app.update(Action::Back);
    let gone = app.site.find("gone").expect("loaded");
    app.visit(gone, None);
    std::fs::remove_file(&path).expect("remove");
    app.replace_site(content::load(&source));
    let Some(Effect::Index { site, ids }) = app
        .take_effects()
        .into_iter()
        .find(|e| matches!(e, Effect::Index { .. }))
    else {
        panic!("the new site is indexed");
    };
    let posts: Vec<(PostId, &crate::content::Post)> =
        ids.iter().map(|&id| (id, &app.site.posts[id])).collect();
    let mut index = SiteIndex::new();
    index.merge(crate::search::site::IndexBatch::new(&posts));
    app.receive_index(Some((site, Arc::new(index))));
    assert!(app.reading_deleted());
    // The event loop wakes often while indexing: it must end.
    assert_eq!(app.indexing(), None);
}

/// A reader on the sample as the background loader starts it, and
/// what the loader reports after that, in order.
fn loading_app() -> (App, Vec<crate::content::load::Progress>) {
    use crate::content::load::{Progress, load_in_batches};
    let mut reports = Vec::new();
    load_in_batches(&Source::sample(), |progress| reports.push(progress));
    let mut reports = reports.into_iter();
    let Some(Progress::Started(site)) = reports.next() else {
        panic!("the loader starts with the site's configuration");
    };
    let app = App::loading(*site, Some(Lang::new("en")), (120, 40), Theme::plain());
    (app, reports.collect())
}

/// A Jekyll site whose languages only its posts name: English posts
/// first in the order they are read, then French ones.
fn jekyll_site_of_two_languages() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    for (path, text) in [
        ("_config.yml", "title: Two languages\n".to_string()),
        (
            "_posts/2020-01-01-a-first.md",
            "---\ntitle: First\nlang: en\n---\nText.\n".to_string(),
        ),
        (
            "_posts/2020-01-02-b-second.md",
            "---\ntitle: Second\nlang: en\n---\nText.\n".to_string(),
        ),
        (
            "_posts/2020-01-03-z-premier.md",
            "---\ntitle: Premier\nlang: fr\n---\nTexte.\n".to_string(),
        ),
    ] {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("directories");
        std::fs::write(path, text).expect("written");
    }
    dir
}

#[test]
fn the_reading_language_waits_for_its_posts_whatever_arrives_first() {
    use crate::content::load::{Progress, load_in_batches};
    let dir = jekyll_site_of_two_languages();
    let source = Source::from_path(dir.path()).expect("a site");
    let mut reports = Vec::new();
    load_in_batches(&source, |progress| reports.push(progress));
    let mut reports = reports.into_iter();
    let Some(Progress::Started(site)) = reports.next() else {
        panic!("the loader starts with the site's configuration");
    };
    let mut app = App::loading(*site, Some(Lang::new("fr-ca")), (80, 24), Theme::plain());
    assert_eq!(app.lang.primary(), "fr");
    assert_eq!(app.ui, Ui::Fr);
    for report in reports {
        app.update_loading([report]);
        assert_eq!(app.lang.primary(), "fr", "kept while posts arrive");
    }
    assert!(app.loading.is_none());
    assert_eq!(app.lang, Lang::new("fr"));
    let titles: Vec<&str> = app
        .matches
        .iter()
        .map(|m| app.site.posts[m.id].title.as_str())
        .collect();
    assert_eq!(titles, ["Premier"]);
}

#[test]
fn a_reload_hands_back_the_old_site_and_its_indexes_to_free() {
    let mut app = corpus_like_app((120, 40));
    let posts = app.site.posts.len();
    app.update(Action::StartSiteSearch);
    let old = app.replace_site(content::load(&Source::sample()));
    assert_eq!(old.site.posts.len(), posts);
    assert!(old.site_index.is_some(), "the search index goes with it");
    assert!(app.site_index.is_some(), "and a new one starts");
    drop(old);
    let old = app.replace_site(content::load(&Source::sample()));
    assert!(old.site_index.is_some());
}

#[test]
fn a_load_that_stops_keeps_the_posts_read_so_far() {
    use crate::content::load::Progress;
    let (mut app, reports) = loading_app();
    // Everything but the end: the loader's thread failed before `Done`.
    app.update_loading(
        reports
            .into_iter()
            .filter(|p| !matches!(p, Progress::Done(_))),
    );
    assert!(app.loading.is_some());
    app.background_stopped(Work::Load, Some("disk gone"));
    assert_eq!(app.loading, None, "no longer said to be loading");
    assert!(!app.matches.is_empty(), "the posts read are listed");
    assert_eq!(
        app.message.as_deref(),
        Some("Reading the site stopped: disk gone")
    );
}

#[test]
fn posts_join_the_list_as_they_load_and_links_come_last() {
    use crate::content::load::Progress;
    let (mut app, reports) = loading_app();
    assert!(app.matches.is_empty());
    assert_eq!(app.loading, Some((0, 0)));
    type_filter(&mut app, "offline");
    for progress in reports {
        let done = matches!(progress, Progress::Done(_));
        if let Progress::Posts { files, .. } = &progress {
            assert!(*files > 0);
        }
        if done {
            // Before the links: the open post does not know its translation.
            let open = app.reading.as_ref().map(|r| r.id).expect("a post opened");
            assert!(app.site.posts[open].translations.is_empty());
        }
        app.update_loading([progress]);
    }
    assert_eq!(app.loading, None);
    assert!(
        !app.matches.is_empty(),
        "the filter held while posts arrived"
    );
    let whole = content::load(&Source::sample());
    assert_eq!(app.site.posts.len(), whole.posts.len());
    assert_eq!(app.site.translation_pairs(), whole.translation_pairs());
    let open = app.reading.as_ref().map(|r| r.id).expect("still open");
    assert!(
        !app.site.posts[open].translations.is_empty(),
        "linked at the end"
    );
    app.update(Action::SwitchLanguage);
    assert_eq!(app.lang, Lang::new("fr"));
}

#[test]
fn the_site_search_is_indexed_in_the_background_and_a_reload_starts_it_again() {
    use crate::search::site::{IndexBatch, SiteIndex};
    let mut app = corpus_like_app((120, 40));
    let all = app.site.posts.len();
    // What the indexer's thread sends: the index with these posts merged.
    let read = |app: &App, ids: &[PostId]| {
        let posts: Vec<(PostId, &crate::content::Post)> =
            ids.iter().map(|&id| (id, &app.site.posts[id])).collect();
        let mut index = SiteIndex::new();
        index.merge(IndexBatch::new(&posts));
        Arc::new(index)
    };
    app.update(Action::StartSiteSearch);
    let Some(Effect::Index { site, ids }) = app.take_effects().pop() else {
        panic!("`s` asks for the posts to be indexed");
    };
    assert_eq!(ids.len(), all);
    assert_eq!(app.indexing(), Some((0, all)), "nothing waited for it");
    let old = read(&app, &ids);
    // A reload while indexing: the batches of the old site are dropped
    // and the new one is asked for.
    app.replace_site(content::load(&Source::sample()));
    let Some(Effect::Index { site: newer, ids }) = app.take_effects().pop() else {
        panic!("the new site is indexed in its turn");
    };
    assert_ne!(site, newer);
    app.receive_index(Some((site, old)));
    assert_eq!(app.indexing(), Some((0, app.site.posts.len())));
    let new = read(&app, &ids);
    // A copy holding fewer posts (from an indexer started again) does not
    // take the place of the index the reader has.
    let part = read(&app, &ids[..1]);
    app.receive_index(Some((newer, new)));
    assert_eq!(app.indexing(), None);
    app.receive_index(Some((newer, part)));
    assert_eq!(app.indexing(), None, "the whole index is kept");
    // Leaving the search and coming back does not index again.
    app.update(Action::Back);
    app.update(Action::StartSiteSearch);
    assert!(app.take_effects().is_empty());
}

#[test]
fn batches_that_arrive_together_are_listed_as_if_one_by_one() {
    use crate::content::load::{Progress, load_in_batches};
    let start = |reports: &mut std::vec::IntoIter<Progress>| {
        let Some(Progress::Started(site)) = reports.next() else {
            panic!("the loader starts with the site's configuration");
        };
        App::loading(*site, Some(Lang::new("fr")), (120, 40), Theme::plain())
    };
    let mut one_by_one = Vec::new();
    load_in_batches(&Source::sample(), |progress| one_by_one.push(progress));
    let mut one_by_one = one_by_one.into_iter();
    let mut first = start(&mut one_by_one);
    type_filter(&mut first, "e");
    for progress in one_by_one {
        first.update_loading([progress]);
    }
    let mut together = Vec::new();
    load_in_batches(&Source::sample(), |progress| together.push(progress));
    let mut together = together.into_iter();
    let mut second = start(&mut together);
    type_filter(&mut second, "e");
    // Everything but the end, then the end.
    let mut rest: Vec<Progress> = together.collect();
    let done = rest.pop().expect("the end");
    second.update_loading(rest);
    // Every file is read (posts and files skipped), the links still to come.
    let files = first.site.posts.len() + first.site.skipped.len();
    assert_eq!(second.loading.map(|(read, _)| read), Some(files));
    second.update_loading([done]);
    assert_eq!(second.loading, None);
    assert!(!second.matches.is_empty());
    assert_eq!(second.matches, first.matches);
    assert_eq!(second.selected_id(), first.selected_id());
}

#[test]
fn locale_gives_the_interface_language() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    };
    assert_eq!(
        locale_language(env(&[("LANG", "fr_CA.UTF-8")])),
        Some(Lang::new("fr"))
    );
    assert_eq!(
        locale_language(env(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "fr_CA")])),
        Some(Lang::new("en"))
    );
    assert_eq!(locale_language(env(&[("LANG", "C")])), None);
    assert_eq!(locale_language(env(&[])), None);
}

#[test]
fn a_large_index_is_searched_in_the_background_and_the_newest_answer_wins() {
    let mut app = corpus_like_app((120, 40));
    // Every post indexed at once, as the indexer's thread would.
    let ids: Vec<PostId> = (0..app.site.posts.len()).collect();
    let posts: Vec<(PostId, &crate::content::Post)> =
        ids.iter().map(|&id| (id, &app.site.posts[id])).collect();
    let mut index = SiteIndex::new();
    index.merge(crate::search::site::IndexBatch::new(&posts));
    let index = Arc::new(index);
    app.update(Action::StartSiteSearch);
    let Some(Effect::Index { site, .. }) = app.take_effects().pop() else {
        panic!("`s` asks for the posts to be indexed");
    };
    app.receive_index(Some((site, index)));
    // At once below the threshold: the results are there after the key.
    app.update(Action::FilterChar('t'));
    app.update(Action::FilterChar('e'));
    assert!(app.take_effects().is_empty());
    let at_once = app.search.results.clone();
    assert!(at_once.total > 0, "the sample has words in te-");

    // From the threshold on, the key asks; the prompt has the letter now
    // and the results of the query before it until the answer comes.
    app.search.background_from = 0;
    let mut asked = Vec::new();
    for c in "rmin".chars() {
        app.update(Action::FilterChar(c));
        for effect in app.take_effects() {
            match effect {
                Effect::Search(request) => asked.push(request),
                other => panic!("only a search is asked, not {other:?}"),
            }
        }
    }
    assert_eq!(app.search.query.as_str(), "termin");
    assert_eq!(asked.len(), 4, "one search a key");
    assert_eq!(
        app.search.results, at_once,
        "nothing shown before its answer"
    );
    assert!(app.search.pending.is_some());
    // An older answer arriving late is let go; the newest is shown.
    let older = asked[1].run();
    app.search_done(asked[1].number, asked[1].site_number, older);
    assert_eq!(app.search.results, at_once);
    let newest = asked.last().expect("asked");
    let found = newest.run();
    assert!(found.total > 0 && found.total < at_once.total);
    app.search_done(newest.number, newest.site_number, found.clone());
    assert_eq!(app.search.results, found);
    assert!(app.search.pending.is_none());

    // Enter before the answer opens a hit of the query as typed, never
    // one of the query before it.
    app.update(Action::Edit(crate::app::field::Edit::Backspace));
    assert!(app.search.pending.is_some());
    let _ = app.take_effects();
    app.update(Action::FilterAccept);
    assert!(app.search.pending.is_none());
    let expected = Query::parse_incremental("termi");
    let best = app
        .site_index()
        .expect("indexed")
        .search(&app.site, &expected, None, 200);
    assert_eq!(
        app.reading.as_ref().map(|r| r.id),
        best.hits.first().map(|h| h.id)
    );
}

#[test]
fn posts_that_arrive_while_a_search_holds_the_site_wait_for_it_uncopied() {
    use crate::content::load::{Progress, load_in_batches};
    let mut reports = Vec::new();
    load_in_batches(&Source::sample(), |progress| reports.push(progress));
    let mut reports = reports.into_iter();
    let Some(Progress::Started(site)) = reports.next() else {
        panic!("the loader starts with the site's configuration");
    };
    let mut app = App::loading(*site, Some(Lang::new("en")), (120, 40), Theme::plain());
    // A search in the background holds the site, as a request does.
    let lent = Arc::clone(&app.site);
    app.update_loading(reports.by_ref().take(2));
    assert!(app.site.posts.is_empty(), "nothing added while lent");
    assert!(Arc::ptr_eq(&lent, &app.site), "and nothing copied");
    app.release_held();
    assert!(app.site.posts.is_empty(), "still lent");
    drop(lent);
    let before = Arc::as_ptr(&app.site);
    app.release_held();
    assert!(!app.site.posts.is_empty(), "added once given back");
    assert_eq!(Arc::as_ptr(&app.site), before, "in place");
    app.update_loading(reports);
    assert!(app.loading.is_none(), "the rest as it comes");
    let all = content::load(&Source::sample()).posts.len();
    assert_eq!(app.site.posts.len(), all);
}

/// The list the filter shows now, found again from nothing: what a
/// refined filter must equal.
fn filtered_afresh(app: &mut App) -> Vec<Match> {
    let shown = (app.matches.clone(), app.matched_by.clone());
    let selected = app.selected_id();
    app.filtered_from = None;
    app.refilter(selected);
    let afresh = app.matches.clone();
    (app.matches, app.matched_by) = shown;
    afresh
}

#[test]
fn typing_further_matches_within_the_matches_and_sees_every_change_of_the_list() {
    use crate::content::load::Progress;
    let (mut app, reports) = loading_app();
    // Posts arrive two by two, between keys.
    let mut arrivals = Vec::new();
    for report in reports {
        match report {
            Progress::Posts { posts, files } => {
                for pair in posts.chunks(2) {
                    arrivals.push(Progress::Posts {
                        posts: pair.to_vec(),
                        files,
                    });
                }
            }
            other => arrivals.push(other),
        }
    }
    let mut arrivals = arrivals.into_iter();
    app.update(Action::StartFilter);
    let keys = "off line read lang:any  #xyz".chars();
    let (mut refined, mut listed) = (0, 0);
    for (step, c) in keys.enumerate() {
        app.update(Action::FilterChar(c));
        if step % 3 == 0 {
            app.update_loading(arrivals.next());
        }
        if step == 12 {
            app.update(Action::ToggleSort);
        }
        if step % 7 == 6 {
            app.update(Action::Edit(crate::app::field::Edit::Backspace));
        }
        refined += usize::from(app.filtered_from.is_some());
        listed += usize::from(!app.matches.is_empty());
        let shown = app.matches.clone();
        assert_eq!(
            shown,
            filtered_afresh(&mut app),
            "after {:?}",
            app.filter.as_str()
        );
    }
    app.update_loading(arrivals);
    assert_eq!(app.loading, None);
    let shown = app.matches.clone();
    assert_eq!(shown, filtered_afresh(&mut app));
    assert!(refined > 10, "most keys were refinements ({refined})");
    assert!(listed > 10, "most keys listed posts ({listed})");
}

#[test]
fn an_index_still_being_built_is_searched_in_the_background_however_small() {
    let mut app = corpus_like_app((120, 40));
    let first: Vec<PostId> = (0..app.site.posts.len() / 2).collect();
    let posts: Vec<(PostId, &crate::content::Post)> =
        first.iter().map(|&id| (id, &app.site.posts[id])).collect();
    let mut half = SiteIndex::new();
    half.merge(crate::search::site::IndexBatch::new(&posts));
    app.update(Action::StartSiteSearch);
    let Some(Effect::Index { site, .. }) = app.take_effects().pop() else {
        panic!("`s` asks for the posts to be indexed");
    };
    app.receive_index(Some((site, Arc::new(half))));
    assert!(app.indexing().is_some());
    assert!(app.site_index().expect("an index").len() < app.search.background_from);
    // Half indexed: the key answers at once, the search is asked of the
    // background.
    app.update(Action::FilterChar('t'));
    assert!(
        matches!(app.take_effects().as_slice(), [Effect::Search(_)]),
        "searched in the background"
    );
    assert!(app.search.pending.is_some());
}

#[test]
fn the_list_left_by_t_is_taken_back_not_sorted_again() {
    let mut app = corpus_like_app((120, 40));
    open_sample(&mut app, "reading-offline");
    let order_of = |app: &App| {
        let (_, order) = app.listed.as_ref().expect("a list");
        (order.as_ptr(), order.clone())
    };
    let english = order_of(&app);
    app.update(Action::SwitchLanguage);
    assert_eq!(app.lang, Lang::new("fr"));
    let french = order_of(&app);
    assert_ne!(french.1, english.1);
    app.update(Action::SwitchLanguage);
    assert_eq!(app.lang, Lang::new("en"));
    assert_eq!(order_of(&app), english, "the same list, not made again");
    app.update(Action::SwitchLanguage);
    assert_eq!(order_of(&app), french);
    // A list of another order is made; the one before waits.
    app.update(Action::ToggleSort);
    assert_ne!(order_of(&app).1, french.1);
    app.update(Action::ToggleSort);
    assert_eq!(order_of(&app), french);
}

#[test]
fn each_languages_list_is_made_ahead_and_shown_by_t_without_sorting() {
    let (mut app, reports) = loading_app();
    app.lists_ahead_from = 0;
    app.update_loading(reports);
    assert!(app.loading.is_none());
    let asked: Vec<ListsToMake> = app
        .take_effects()
        .into_iter()
        .filter_map(|effect| match effect {
            Effect::MakeLists(lists) => Some(lists),
            _ => None,
        })
        .collect();
    let [asked] = asked.as_slice() else {
        panic!("the lists are asked for once, when the site is whole: {asked:?}");
    };
    app.receive_lists(asked.clone().make(&app.site, app.filter_index()));
    // French in both orders, English by title: English by date is shown.
    assert_eq!(app.kept_lists.len(), 3);
    let french_by_date = app
        .kept_lists
        .iter()
        .find(|kept| kept.key.lang == Some(Lang::new("fr")) && kept.key.sort == Sort::NewestFirst)
        .map(|kept| kept.key.clone())
        .expect("French by date, made ahead");

    let english = app.matches.clone();
    app.update(Action::SwitchLanguage);
    assert_eq!(app.lang, Lang::new("fr"));
    assert_eq!(
        app.listed.as_ref().map(|(key, _)| key),
        Some(&french_by_date),
        "the list made ahead is the one shown"
    );
    assert!(
        app.kept_lists.iter().all(|kept| kept.key != french_by_date),
        "taken, not copied"
    );
    // As it would have been made then.
    let mut fresh = App::new(
        (*app.site).clone(),
        Some(Lang::new("fr")),
        (120, 40),
        Theme::plain(),
    );
    fresh.refilter(None);
    assert_eq!(app.matches, fresh.matches);
    // The English list is kept for `t` again.
    app.update(Action::SwitchLanguage);
    assert_eq!(app.matches, english);

    // Lists made for a site since replaced are not kept.
    let stale = asked.clone().make(&app.site, app.filter_index());
    let _ = app.replace_site(content::load(&Source::sample()));
    let before = app.kept_lists.len();
    app.receive_lists(stale);
    assert_eq!(app.kept_lists.len(), before);
}
