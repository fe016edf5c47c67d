//! `liseuse open URL#anchor` and `liseuse DIR TARGET#anchor`: the reader
//! opens at the heading the fragment names, by the same steps `main` takes
//! (find the target, start the app there). The fixture is ours:
//! `tests/fixtures/sites/three-languages/content/en/about.md`.

use liseuse::app::App;
use liseuse::content::load::load_path;
use liseuse::render::AnchorTarget;
use liseuse::theme::Theme;
use rstest::rstest;
use std::path::PathBuf;

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sites/three-languages")
}

/// The reader as `liseuse open TARGET DIR` starts it, on a short screen
/// so that every heading of the post can reach the top.
fn open(target: &str) -> App {
    let site = load_path(&fixture()).expect("the fixture loads");
    let found = site.find_target(target, None).expect("the post is found");
    let lang = Some(site.posts[found.id].lang.clone());
    let mut app = App::new(site, lang, (100, 8), Theme::plain());
    app.start_at_heading(found.id, found.fragment.as_deref());
    app
}

/// The first line of the open post that holds `text`.
fn line_of(app: &App, text: &str) -> usize {
    let reading = app.reading.as_ref().expect("a post is open");
    reading
        .lines
        .iter()
        .position(|line| {
            line.spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect::<String>()
                .contains(text)
        })
        .unwrap_or_else(|| panic!("no line holds {text:?}"))
}

/// The line of the heading `fragment` leads to, as the app laid it out.
fn heading_line(app: &App, fragment: &str) -> usize {
    let reading = app.reading.as_ref().expect("a post is open");
    match reading.document.find_anchor(fragment) {
        Some(AnchorTarget::Heading(index)) => reading.heading_lines[index],
        other => panic!("{fragment}: {other:?}"),
    }
}

#[rstest]
// A Markdown heading, by the id Hugo gives it.
#[case::markdown_heading(
    "https://lantern.example.org/about/#how-we-work",
    "how-we-work",
    "How we work"
)]
// `## Who we are {#the-team}`.
#[case::custom_id(
    "https://lantern.example.org/about/#the-team",
    "the-team",
    "Who we are"
)]
// `<h2 id="html-history">`.
#[case::html_id(
    "https://lantern.example.org/about/#html-history",
    "html-history",
    "A short history"
)]
// Accents kept (Hugo), written encoded in the link.
#[case::accented(
    "/about/#caf%C3%A9--th%C3%A9-%C3%A0-l%C3%A9tage",
    "café--thé-à-létage",
    "Café & thé"
)]
// Jekyll's (kramdown's) id of the same heading.
#[case::kramdown("/about/#caf--th--ltage", "caf--th--ltage", "Café & thé")]
#[case::slug_and_anchor("about#the-team", "the-team", "Who we are")]
#[case::path_and_anchor("content/en/about.md#how-we-work", "how-we-work", "How we work")]
fn open_at_the_heading_a_fragment_names(
    #[case] target: &str,
    #[case] fragment: &str,
    #[case] heading: &str,
) {
    let app = open(target);
    assert_eq!(app.scroll, heading_line(&app, fragment), "{target}");
    assert_eq!(app.scroll, line_of(&app, heading), "{target}");
    assert_eq!(app.message, None);
}

#[rstest]
// `<a id="lamp-care"></a>` inside a paragraph, and `<a name="glass">`.
#[case::a_id("/about/#lamp-care", "Lamp care comes before lending.")]
#[case::a_name("/about/#glass", "Oil, wick and glass")]
fn open_at_an_html_anchor(#[case] target: &str, #[case] text: &str) {
    let app = open(target);
    assert_eq!(app.scroll, line_of(&app, text), "{target}");
}

#[test]
fn an_unknown_anchor_opens_at_the_top_and_says_so() {
    let app = open("https://lantern.example.org/about/#no-such-heading");
    assert_eq!(app.scroll, 0);
    assert_eq!(app.message.as_deref(), Some("No such heading in this post"));
    // In the post's language.
    let app = open("/fr/a-propos/#no-such-heading");
    assert_eq!(app.scroll, 0);
    assert_eq!(
        app.message.as_deref(),
        Some("Intertitre introuvable dans ce billet")
    );
}

#[test]
fn no_fragment_opens_at_the_top_without_a_word() {
    let app = open("https://lantern.example.org/about/");
    assert_eq!((app.scroll, app.message.as_deref()), (0, None));
}

/// The report of issue 15, on the real corpus (`$LISEUSE_CORPUS`, default
/// `../shared/corpus`): the reader opened this at the top.
#[test]
fn the_energuide_retrospective_opens_at_lessons_learned() {
    let corpus = std::env::var_os("LISEUSE_CORPUS").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
        PathBuf::from,
    );
    let site = load_path(&corpus.join("digital-canada-ca")).expect("the corpus loads");
    let found = site
        .find_target(
            "https://digital.canada.ca/2018/04/25/retrospective-on-energuide-api/#lessons-learned",
            None,
        )
        .expect("the post is found");
    assert_eq!(found.fragment.as_deref(), Some("lessons-learned"));
    let lang = Some(site.posts[found.id].lang.clone());
    let mut app = App::new(site, lang, (100, 8), Theme::plain());
    app.start_at_heading(found.id, found.fragment.as_deref());
    assert_eq!(app.scroll, heading_line(&app, "lessons-learned"));
    assert_eq!(app.scroll, line_of(&app, "Lessons learned"));
    assert!(app.scroll > 0);
}

/// A link to `post/#heading` inside a post: followed as Enter follows it.
#[test]
fn a_link_to_a_heading_of_another_post_opens_there() {
    let site = load_path(&fixture()).expect("the fixture loads");
    let from = site
        .find("content/en/service.md")
        .expect("the service page");
    let liseuse::content::links::Resolution::Post { id, fragment } =
        site.resolve("/about/#how-we-work", Some(from))
    else {
        panic!("the link leads to a post");
    };
    let mut app = App::new(site, None, (100, 8), Theme::plain());
    app.start_at(from);
    app.visit(id, fragment.as_deref());
    assert_eq!(app.scroll, line_of(&app, "How we work"));
    assert!(app.scroll > 0);
    assert_eq!(app.message, None);
    app.visit(id, Some("#nowhere"));
    assert_eq!(app.scroll, 0);
    assert_eq!(app.message.as_deref(), Some("No such heading in this post"));
}
