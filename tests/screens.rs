//! Whole screens of the reader on the embedded sample, drawn through
//! ratatui's `TestBackend` and driven by key sequences.

mod support;

use liseuse::app::action::Action;
use liseuse::app::{App, Effect, Work, keymap};
use liseuse::content::{self, Lang, Post, PostId, Source};
use liseuse::search::site::{IndexBatch, SiteIndex};
use liseuse::theme::Theme;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn app(size: (u16, u16), lang: &str) -> App {
    let site = content::load(&Source::sample());
    assert!(site.posts.len() >= 19, "the sample has its posts");
    App::new(site, Some(Lang::new(lang)), size, Theme::plain())
}

/// Presses keys (`"/ete<Enter>"`) through the real keymap.
fn press(app: &mut App, keys: &str) {
    let mut rest = keys;
    while !rest.is_empty() {
        let (code, len) = if let Some(stripped) = rest.strip_prefix("<Enter>") {
            (KeyCode::Enter, rest.len() - stripped.len())
        } else if let Some(stripped) = rest.strip_prefix("<Esc>") {
            (KeyCode::Esc, rest.len() - stripped.len())
        } else if let Some(stripped) = rest.strip_prefix("<Tab>") {
            (KeyCode::Tab, rest.len() - stripped.len())
        } else {
            let c = rest.chars().next().expect("a key");
            (KeyCode::Char(c), c.len_utf8())
        };
        rest = &rest[len..];
        if let Some(action) = keymap::action_for(KeyEvent::new(code, KeyModifiers::NONE), app.mode)
        {
            app.update(action);
        }
        index_at_once(app, usize::MAX);
    }
}

/// What the event loop does in the background, done at once: reads up to
/// `most` of the posts asked for into the site search's index, and runs
/// the searches asked (over an index still being built, whatever its size).
fn index_at_once(app: &mut App, most: usize) {
    for effect in app.take_effects() {
        match effect {
            Effect::Index { site, ids } => {
                let posts: Vec<(PostId, &Post)> = ids
                    .iter()
                    .take(most)
                    .map(|&id| (id, &app.site.posts[id]))
                    .collect();
                let grown = grown_index(app, IndexBatch::new(&posts));
                app.receive_index(Some((site, grown)));
            }
            Effect::Search(request) => {
                let (number, site, results) = (request.number, request.site_number, request.run());
                // Let go of the site first, as the search's thread does.
                drop(request);
                app.search_done(number, site, results);
            }
            _ => {}
        }
    }
}

/// What the indexer's thread sends: the reader's index with `batch`
/// merged into it.
fn grown_index(app: &App, batch: IndexBatch) -> std::sync::Arc<SiteIndex> {
    let mut index = app.site_index().cloned().unwrap_or_default();
    index.merge(batch);
    std::sync::Arc::new(index)
}

fn screen(app: &App) -> String {
    support::screen::text(&support::screen::draw(app).0)
}

#[test]
fn start_up_wide() {
    let app = app((120, 40), "en");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn start_up_narrow_in_french() {
    let app = app((60, 20), "fr");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn filter_without_accents_finds_accented_titles() {
    let mut app = app((120, 40), "fr");
    press(&mut app, "/ecran");
    insta::assert_snapshot!(screen(&app));
    assert!(!app.matches.is_empty());
}

#[test]
fn open_translate_and_back() {
    let mut app = app((120, 40), "en");
    press(&mut app, "<Enter>");
    let english = app.reading.as_ref().map(|r| r.id).expect("a post is open");
    press(&mut app, "t");
    insta::assert_snapshot!("after_t", screen(&app));
    let french = app.reading.as_ref().map(|r| r.id).expect("still open");
    assert_ne!(english, french);
    assert_eq!(app.lang, Lang::new("fr"));
    press(&mut app, "t");
    assert_eq!(app.reading.as_ref().map(|r| r.id), Some(english));
}

#[test]
fn untranslated_post_says_so_and_nothing_else_changes() {
    let mut app = app((120, 40), "en");
    let lonely = (0..app.matches.len())
        .find(|&i| app.site.posts[app.matches[i].id].translations.is_empty())
        .expect("the sample has a post without translation");
    for _ in 0..lonely {
        app.update(Action::Down);
    }
    let before = (app.lang.clone(), app.selected_id());
    press(&mut app, "t");
    assert_eq!((app.lang.clone(), app.selected_id()), before);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn help_in_both_languages() {
    let mut app = app((100, 30), "en");
    press(&mut app, "?");
    insta::assert_snapshot!("help_en", screen(&app));
    let mut app = self::app((100, 30), "fr");
    press(&mut app, "?");
    insta::assert_snapshot!("help_fr", screen(&app));
}

#[test]
fn too_small() {
    let app = app((30, 8), "fr");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn capital_t_offers_the_languages() {
    let mut app = app((100, 30), "en");
    press(&mut app, "T");
    insta::assert_snapshot!(screen(&app));
    press(&mut app, "1");
    assert_eq!(app.lang, Lang::new("fr"));
}

/// The sample's "Reading our own site offline", opened in the reader.
fn reading_offline(size: (u16, u16)) -> App {
    let mut app = app(size, "en");
    let id = app.site.find("reading-offline").expect("the sample post");
    app.visit(id, None);
    app
}

#[test]
fn search_in_the_post_highlights_and_counts() {
    let mut app = reading_offline((120, 40));
    press(&mut app, "/reader");
    insta::assert_snapshot!("find_typing", screen(&app));
    press(&mut app, "<Enter>nn");
    let find = &app.find;
    assert!(find.matches.len() >= 3, "{:?}", find.matches);
    assert_eq!(find.current, 2);
    let status = screen(&app).lines().last().expect("status").to_string();
    assert!(
        status.contains(&format!("3/{}", find.matches.len())),
        "{status}"
    );
}

#[test]
fn contents_lists_the_headings_and_jumps() {
    let mut app = reading_offline((120, 40));
    press(&mut app, "c");
    insta::assert_snapshot!("contents", screen(&app));
    press(&mut app, "jj<Enter>");
    let reading = app.reading.as_ref().expect("open");
    let third = reading.heading_lines[2];
    assert!(
        third >= app.scroll && third < app.scroll + 38,
        "heading at line {third} in view from {}",
        app.scroll
    );
    assert!(screen(&app).contains("Links, in particular"));
}

#[test]
fn tab_selects_a_link_and_enter_follows_it_then_back_returns() {
    let mut app = reading_offline((120, 40));
    let start = app.reading.as_ref().map(|r| r.id);
    // Down to the paragraph with the links to other posts.
    for _ in 0..30 {
        app.update(Action::Down);
    }
    press(&mut app, "<Tab>");
    let chosen = app.selected_link.expect("a link in view");
    insta::assert_snapshot!("link_selected", screen(&app));
    let number = app.reading.as_ref().expect("open").links[chosen].number;
    press(&mut app, "<Enter>");
    let followed = app.reading.as_ref().map(|r| r.id);
    assert_ne!(followed, start, "link [{number}] led to another post");
    app.update(Action::HistoryBack);
    assert_eq!(app.reading.as_ref().map(|r| r.id), start);
    assert_eq!(app.scroll, 30, "back to the same place");
    app.update(Action::HistoryForward);
    assert_eq!(app.reading.as_ref().map(|r| r.id), followed);
}

#[test]
fn site_search_lists_hits_in_both_languages_and_opens_at_the_match() {
    let mut app = app((120, 40), "en");
    press(&mut app, "shors ligne");
    insta::assert_snapshot!("site_search", screen(&app));
    let hits = &app.search.results.hits;
    assert!(!hits.is_empty());
    assert!(
        hits.iter()
            .all(|h| app.site.posts[h.id].lang == Lang::new("fr")),
        "a French phrase finds French posts, from the English list"
    );
    press(&mut app, "<Enter>");
    let open = app.reading.as_ref().map(|r| r.id).expect("the hit is open");
    assert_eq!(Some(open), app.search.results.hits.first().map(|h| h.id));
    assert_eq!(app.lang, Lang::new("fr"), "the interface follows the post");
    assert!(!app.find.matches.is_empty(), "matches marked in the post");
    let first = app.find.matches[0].line;
    assert!(first >= app.scroll && first < app.scroll + 38, "in view");
}

/// A reader in `lang` whose site search has indexed half the posts so
/// far (`s` asks for all of them), and how many posts there are.
fn half_indexed(lang: &str) -> (App, usize) {
    let mut app = app((120, 40), lang);
    let all = app.site.posts.len();
    app.update(Action::StartSiteSearch);
    index_at_once(&mut app, all / 2);
    assert_eq!(app.indexing(), Some((all / 2, all)));
    (app, all)
}

#[test]
fn site_search_answers_from_what_is_indexed_while_the_rest_is_read() {
    let (mut app, all) = half_indexed("en");
    press(&mut app, "terminal");
    insta::assert_snapshot!("site_search_while_indexing", screen(&app));
    let early = app.search.results.total;
    assert!(early > 0, "what is indexed is searched");
    // The rest arrives: the search shown is run again over it.
    let ids: Vec<PostId> = (all / 2..all).collect();
    let posts: Vec<(PostId, &Post)> = ids.iter().map(|&id| (id, &app.site.posts[id])).collect();
    let grown = grown_index(&app, IndexBatch::new(&posts));
    app.receive_index(Some((0, grown)));
    assert_eq!(app.indexing(), None);
    assert!(
        app.search.results.total > early,
        "more hits once all is read"
    );
    assert!(!screen(&app).contains("Indexing"));
}

/// Background work whose thread fails: the reader keeps what it has and
/// says, in its own language, what stopped and why.
#[test]
fn background_work_that_stops_is_said_and_the_reader_goes_on() {
    let (mut app, all) = half_indexed("fr");
    app.background_stopped(Work::Index, Some("boom \x1b[31m"));
    assert_eq!(app.indexing(), None, "no longer said to be indexing");
    let message = app.message.clone().expect("a message");
    assert!(
        message.starts_with("L’index de recherche a cessé de se remplir\u{a0}: boom"),
        "{message}"
    );
    assert!(
        !message.contains('\x1b'),
        "the cause cannot drive the terminal"
    );
    press(&mut app, "terminal");
    assert!(app.search.results.total > 0, "what was indexed is searched");
    press(&mut app, "<Esc>");

    // A reload gives the index a fresh start.
    app.update(Action::Reload);
    app.background_stopped(Work::Reload, None);
    assert!(!app.reloading);
    assert_eq!(
        app.message.as_deref(),
        Some("La relecture du site a échoué\u{a0}: cause inconnue")
    );
    let site = content::load(&Source::sample());
    let _ = app.replace_site(site);
    assert_eq!(
        app.indexing(),
        Some((0, all)),
        "indexing again, from the start"
    );
}

#[test]
fn a_reload_under_an_open_search_drops_the_old_sites_hits() {
    let mut app = app((120, 40), "en");
    press(&mut app, "sterminal");
    assert!(!app.search.results.hits.is_empty());
    // The site read again has fewer posts: old hits would point past them.
    let mut site = content::load(&Source::sample());
    site.posts.truncate(2);
    for post in &mut site.posts {
        post.translations.clear();
    }
    // Its URL index too: the open post, if its file is gone, stays on
    // screen and its links are looked up in the new site.
    site.urls = Default::default();
    app.replace_site(site);
    assert!(app.search.results.hits.is_empty());
    let _ = screen(&app);
    index_at_once(&mut app, usize::MAX);
    press(&mut app, "<Enter>");
}

#[test]
fn r_reads_the_site_again_in_the_background_once_at_a_time() {
    let mut app = app((120, 40), "fr");
    app.update(Action::Reload);
    app.update(Action::Reload);
    assert_eq!(
        app.take_effects(),
        [Effect::Reload],
        "one reading at a time"
    );
    let status = screen(&app).lines().last().unwrap_or_default().to_string();
    assert!(status.contains("Relecture du site"), "{status}");
    // The list still answers while the site is read.
    app.update(Action::Down);
    assert_eq!(app.selected, 1);
    app.replace_site(content::load(&Source::sample()));
    let status = screen(&app).lines().last().unwrap_or_default().to_string();
    assert!(!status.contains("Relecture du site"), "{status}");
    assert!(status.contains("Site relu"), "{status}");
}

/// A message longer than the status line is cut with `…` and never runs
/// into the position at its right.
#[test]
fn a_long_message_is_cut_before_the_position() {
    let mut app = app((60, 20), "en");
    press(&mut app, "<Enter>y");
    let status = screen(&app)
        .lines()
        .last()
        .expect("a status line")
        .to_string();
    let message = app.message.clone().expect("copying says what it copied");
    assert!(
        message.chars().count() > 60,
        "the address is long: {message}"
    );
    assert!(status.contains('…'), "{status:?}");
    let cut = status.find('…').expect("cut") + '…'.len_utf8();
    assert!(
        status[cut..].starts_with(' '),
        "a gap after the cut message: {status:?}"
    );
}

fn many_languages(size: (u16, u16)) -> App {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sixteen");
    let site = content::load(&Source::from_path(&dir).expect("the fixture"));
    assert_eq!(site.languages.len(), 16);
    App::new(site, Some(Lang::new("en")), size, Theme::plain())
}

#[test]
fn a_list_in_sixteen_languages_gives_the_titles_room() {
    for width in [60, 100, 200] {
        let app = many_languages((width, 14));
        let screen = screen(&app);
        insta::assert_snapshot!(format!("sixteen_languages_{width}"), screen);
        assert!(screen.contains("Reading our service"), "{screen}");
        assert!(screen.contains("+15"), "translations counted: {screen}");
        assert!(screen.contains("Alert <gcds-alert>"), "{screen}");
        assert!(screen.contains("components/alert"), "{screen}");
    }
    // Read in French once, French comes first among the marks.
    let mut app = many_languages((100, 14));
    press(&mut app, "/reading<Enter><Enter>T5");
    // Back to the list, and the filter cleared.
    press(&mut app, "<Esc><Esc>");
    let screen = screen(&app);
    assert!(screen.contains("EN +14"), "{screen}");
}

#[test]
fn help_scrolls_to_its_end_on_small_screens() {
    for (size, lang) in [
        ((80, 24), "en"),
        ((40, 12), "fr"),
        ((80, 24), "fr"),
        ((40, 12), "en"),
    ] {
        let mut app = app(size, lang);
        press(&mut app, "?");
        press(&mut app, "G");
        let screen = screen(&app);
        insta::assert_snapshot!(format!("help_end_{lang}_{}x{}", size.0, size.1), screen);
        let last_rows: Vec<&str> = screen.lines().collect();
        assert!(
            last_rows[last_rows.len() - 2].starts_with('└') || last_rows.len() as u16 == size.1,
            "{screen}"
        );
        for line in screen.lines() {
            assert!(
                liseuse::text::cells::width(line) <= usize::from(size.0),
                "{screen}"
            );
        }
        // Help ends with how to leave it, and every key was on the way.
        assert!(
            screen.contains(if lang == "en" {
                "closes it"
            } else {
                "la ferme"
            }),
            "{screen}"
        );
        press(&mut app, "g");
        assert_eq!(app.help_scroll, 0);
    }
}

#[test]
fn capital_t_names_every_language_and_takes_two_digits() {
    let mut app = many_languages((100, 30));
    press(&mut app, "/reading<Enter><Enter>T");
    assert_eq!(app.language_choices.len(), 15, "every language but English");
    let screen = screen(&app);
    insta::assert_snapshot!("sixteen_languages_by_name", screen);
    for name in ["বাংলা", "日本語", "Português", "Русский", "اردو"] {
        assert!(screen.contains(name), "{name} in {screen}");
    }
    // Fifteen choices: `1` waits for a second digit, `2` after it is 12.
    press(&mut app, "12");
    let twelfth = app.language_choices[11].clone();
    assert_eq!(app.lang, twelfth);
    // `3` alone can only be the third.
    press(&mut app, "T3");
    assert_eq!(app.mode, liseuse::app::Mode::Browse);
}

#[test]
fn capital_t_on_a_post_without_translation_switches_the_list() {
    let mut app = many_languages((100, 30));
    press(&mut app, "/picnic<Enter><Enter>");
    let lonely = app.reading.as_ref().map(|r| r.id).expect("open");
    assert!(app.site.posts[lonely].translations.is_empty());
    press(&mut app, "T");
    assert_eq!(app.mode, liseuse::app::Mode::Languages);
    assert!(app.language_targets.iter().all(Option::is_none));
    let french = app
        .language_choices
        .iter()
        .position(|l| l.as_str() == "fr")
        .expect("French offered");
    app.update(Action::PickLanguage(french));
    assert_eq!(app.lang, Lang::new("fr"));
    assert_eq!(app.ui, liseuse::i18n::Ui::Fr);
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.contains("Français"))
    );
}

#[test]
fn lang_words_in_the_filter_list_other_languages() {
    let mut app = many_languages((100, 30));
    press(&mut app, "/lang:ja");
    let langs: Vec<&str> = app
        .matches
        .iter()
        .map(|m| app.site.posts[m.id].lang.as_str())
        .collect();
    assert_eq!(langs, ["ja", "ja"]);
    press(&mut app, "<Esc>/lang:any service");
    assert!(app.lists_every_language());
    let mut langs: Vec<&str> = app
        .matches
        .iter()
        .map(|m| app.site.posts[m.id].lang.as_str())
        .collect();
    langs.sort_unstable();
    langs.dedup();
    assert!(langs.len() >= 10, "{langs:?}");
    let screen = screen(&app);
    insta::assert_snapshot!("lang_any", screen);
    assert!(
        screen.contains("ZH-CN "),
        "each row says its language: {screen}"
    );
}

/// Presses one key with Ctrl (or Alt) through the real keymap.
fn press_with(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    if let Some(action) = keymap::action_for(KeyEvent::new(code, modifiers), app.mode) {
        app.update(action);
    }
}

#[test]
fn capital_j_and_k_open_the_next_and_previous_posts_of_the_list() {
    let mut app = app((120, 40), "en");
    press(&mut app, "j<Enter>");
    let second = app.matches[1].id;
    assert_eq!(app.reading.as_ref().map(|r| r.id), Some(second));
    press(&mut app, "J");
    assert_eq!(app.reading.as_ref().map(|r| r.id), Some(app.matches[2].id));
    assert_eq!(app.selected, 2, "the list follows");
    press(&mut app, "KK");
    assert_eq!(app.reading.as_ref().map(|r| r.id), Some(app.matches[0].id));
    press(&mut app, "K");
    assert_eq!(app.message.as_deref(), Some("First post of the list"));
    assert_eq!(app.reading.as_ref().map(|r| r.id), Some(app.matches[0].id));
    // Backspace goes back through what J and K opened.
    app.update(Action::HistoryBack);
    assert_eq!(app.reading.as_ref().map(|r| r.id), Some(app.matches[1].id));
}

#[test]
fn control_d_and_u_move_half_a_page_control_f_and_b_a_page() {
    let mut app = reading_offline((120, 40));
    press_with(&mut app, KeyCode::Char('d'), KeyModifiers::CONTROL);
    let half = app.scroll;
    assert!(half >= 15, "half of a 37-line page: {half}");
    press_with(&mut app, KeyCode::Char('f'), KeyModifiers::CONTROL);
    assert!(app.scroll > half, "a page more, or the end: {}", app.scroll);
    press_with(&mut app, KeyCode::Char('b'), KeyModifiers::CONTROL);
    press_with(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    assert_eq!(app.scroll, 0);
}

#[test]
fn prompts_edit_at_the_caret() {
    let mut app = app((120, 40), "en");
    press(&mut app, "/offline");
    for _ in 0..6 {
        press_with(&mut app, KeyCode::Left, KeyModifiers::NONE);
    }
    press(&mut app, "X");
    assert_eq!(app.filter, "oXffline");
    press_with(&mut app, KeyCode::Char('e'), KeyModifiers::CONTROL);
    press(&mut app, " words");
    press_with(&mut app, KeyCode::Char('w'), KeyModifiers::CONTROL);
    assert_eq!(app.filter, "oXffline ");
    press_with(&mut app, KeyCode::Backspace, KeyModifiers::ALT);
    assert_eq!(app.filter, "");
    press(&mut app, "reading");
    press_with(&mut app, KeyCode::Home, KeyModifiers::NONE);
    press_with(&mut app, KeyCode::Delete, KeyModifiers::NONE);
    assert_eq!(app.filter, "eading");
    press_with(&mut app, KeyCode::End, KeyModifiers::NONE);
    press_with(&mut app, KeyCode::Left, KeyModifiers::NONE);
    press_with(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    assert_eq!(app.filter, "g");
    insta::assert_snapshot!("filter_caret_at_start", screen(&app));
}

#[test]
fn a_filter_that_matches_nothing_shows_no_post() {
    let mut app = app((120, 30), "en");
    press(&mut app, "<Enter><Esc>/zzqqxx");
    let shown = screen(&app);
    assert!(shown.contains("No match"), "{shown}");
    let open = app.reading.as_ref().map(|r| r.id).expect("still open");
    let title = app.site.posts[open].title.clone();
    assert!(!shown.contains(title.as_str()), "{shown}");
    press(&mut app, "<Esc>");
    assert!(screen(&app).contains(title.as_str()), "back once cleared");
}

#[test]
fn i_shows_the_posts_facts_in_both_languages() {
    let mut app = reading_offline((100, 30));
    press(&mut app, "i");
    insta::assert_snapshot!("facts", screen(&app));
    press(&mut app, "<Esc>");
    assert_eq!(app.mode, liseuse::app::Mode::Browse);
    press(&mut app, "t");
    press(&mut app, "i");
    let french = screen(&app);
    assert!(french.contains("Renseignements sur le billet"), "{french}");
    assert!(french.contains("Fichier source"), "{french}");
}

#[test]
fn y_shows_the_whole_address_it_copied() {
    let mut app = reading_offline((80, 24));
    app.update(Action::CopyAddress);
    // Besides the post's code asked to be highlighted when it opened.
    let copies: Vec<Effect> = app
        .take_effects()
        .into_iter()
        .filter(|effect| !matches!(effect, Effect::Highlight { .. }))
        .collect();
    let address = match copies.as_slice() {
        [Effect::Copy(address)] => address.clone(),
        other => panic!("one copy: {other:?}"),
    };
    insta::assert_snapshot!("copied", screen(&app));
    let shown: String = screen(&app).lines().map(str::trim).collect();
    assert!(
        shown.contains(address.trim_start_matches("https://")),
        "{shown}"
    );
    // Another key closes it and does what it does.
    press(&mut app, "j");
    assert_eq!(app.mode, liseuse::app::Mode::Browse);
    assert_eq!(app.scroll, 1);
    // On the narrowest screen too (its floor of 40 columns once panicked).
    let mut app = reading_offline((40, 12));
    app.update(Action::CopyAddress);
    assert!(screen(&app).contains("https://"), "{}", screen(&app));
}

#[test]
fn esc_from_a_search_result_returns_to_the_results_and_n_goes_on() {
    let mut app = app((120, 40), "en");
    press(&mut app, "shors ligne");
    let hits: Vec<PostId> = app.search.results.hits.iter().map(|h| h.id).collect();
    assert!(hits.len() >= 2, "two results at least: {hits:?}");
    app.update(Action::Down);
    press(&mut app, "<Enter>");
    assert_eq!(app.reading.as_ref().map(|r| r.id), Some(hits[1]));
    press(&mut app, "<Esc>");
    assert_eq!(app.mode, liseuse::app::Mode::Search, "back to the results");
    assert_eq!(app.search.cursor, 1, "at the same result");
    press(&mut app, "<Enter>");
    // n past the post's matches goes on to the next result's post.
    let matches = app.find.matches.len();
    for _ in 0..matches {
        press(&mut app, "n");
    }
    let expected = hits.get(2).copied().unwrap_or(hits[1]);
    assert_eq!(app.reading.as_ref().map(|r| r.id), Some(expected));
    press(&mut app, "N");
    assert_eq!(app.reading.as_ref().map(|r| r.id), Some(hits[1]));
}

/// A reader that remembers: `state` given as the state file would.
fn remembering(mut app: App, state: liseuse::state::SiteState) -> App {
    app.remember(state, liseuse::app::memory::Start::Elsewhere);
    app
}

#[test]
fn b_lists_the_bookmarks_of_every_language() {
    let base = app((80, 24), "en");
    let mut state = liseuse::state::SiteState::new("sample");
    let path_of = |slug: &str, lang: &str| {
        let post = base
            .site
            .posts
            .iter()
            .find(|p| p.lang.as_str() == lang && p.path.to_string_lossy().contains(slug))
            .unwrap_or_else(|| panic!("{slug} in {lang}"));
        post.path.clone()
    };
    state.add_bookmark(path_of("accessible-tables", "en"), 30, 120, 3);
    state.add_bookmark(path_of("blog/posts", "fr"), 0, 0, 2);
    state.add_bookmark("content/en/blog/posts/gone.md".into(), 0, 0, 1);
    let mut app = remembering(base, state);
    press(&mut app, "B");
    assert_eq!(app.mode, liseuse::app::Mode::Bookmarks);
    let shown = screen(&app);
    insta::assert_snapshot!("bookmarks_popup", shown);
    assert!(shown.contains(" FR "), "every language: {shown}");
    assert!(
        shown.contains("gone.md"),
        "a post gone says its path: {shown}"
    );
    // Enter on the one gone says so and keeps the list open.
    press(&mut app, "G<Enter>");
    assert_eq!(app.mode, liseuse::app::Mode::Bookmarks);
    assert_eq!(
        app.message.as_deref(),
        Some("This post is no longer in the site")
    );
    // `d` removes it, Esc closes.
    press(&mut app, "d");
    assert_eq!(app.bookmarks.len(), 2);
    press(&mut app, "<Esc>");
    assert_eq!(app.mode, liseuse::app::Mode::Browse);
}

#[test]
fn unread_posts_are_marked_by_a_sign_at_40_columns_in_every_script() {
    let app = many_languages((40, 12));
    let mut state = liseuse::state::SiteState::new("sixteen");
    // Every post read but the first two of the list in every language.
    let listed: Vec<_> = {
        let mut probe = remembering(many_languages((40, 12)), state.clone());
        press(&mut probe, "/lang:any<Enter>");
        probe.matches.iter().map(|m| m.id).collect()
    };
    for &id in &listed[2..] {
        let post = &app.site.posts[id];
        state.mark_read(
            post.path.clone(),
            liseuse::state::content_hash(post.text.whole().as_bytes()),
            1,
        );
    }
    let mut app = remembering(app, state);
    press(&mut app, "/lang:any<Enter>");
    let shown = screen(&app);
    insta::assert_snapshot!("read_marks_40", shown);
    let rows: Vec<&str> = shown.lines().skip(2).take(8).collect();
    assert!(
        rows[0].starts_with("│▌•") && rows[1].starts_with("│ •"),
        "{shown}"
    );
    assert!(
        rows[2..].iter().all(|row| row.starts_with("│  ")),
        "{shown}"
    );
    // A sign, not a colour: it is there in a plain theme, and rows stay
    // inside the pane whatever the script.
    assert!(
        shown
            .lines()
            .all(|line| liseuse::text::cells::width(line) <= 40),
        "{shown}"
    );
}
