//! Which language a URL, a link or a slug leads to, on two fixture sites
//! of our own (`tests/fixtures/sites/`):
//!
//! - `three-languages`: one host, English (the default) at the root,
//!   Bengali and French under `/bn/` and `/fr/`. "bn" sorts before "en",
//!   so a choice made by the order of codes shows at once;
//! - `two-hosts`: English and French each on a host of its own, with the
//!   same file names (and so the same paths) in both languages.

use assert_cmd::Command;
use liseuse::content::links::Resolution;
use liseuse::content::{Lang, PostId, Site, load::load_path};
use rstest::rstest;
use std::path::PathBuf;
use std::sync::OnceLock;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sites")
        .join(name)
}

fn three_languages() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| load_path(&fixture("three-languages")).expect("the fixture loads"))
}

fn two_hosts() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| load_path(&fixture("two-hosts")).expect("the fixture loads"))
}

fn id(site: &Site, path: &str) -> PostId {
    site.posts
        .iter()
        .position(|p| p.display_path() == path)
        .unwrap_or_else(|| panic!("no post {path}"))
}

/// The path of the post `url` leads to, written in `from` (or given on
/// the command line), or what it leads to instead.
fn lands(site: &Site, url: &str, from: Option<&str>) -> String {
    let resolution = match from {
        Some(from) => site.resolve(url, Some(id(site, from))),
        None => site.resolve_reading(url, None),
    };
    match resolution {
        Resolution::Post { id, .. } => site.posts[id].display_path(),
        other => format!("{other:?}"),
    }
}

#[rstest]
// The permalink of the default language, at the root: English, though
// Bengali has a file at the same path inside its tree.
#[case::root_url("/service/", "content/en/service.md")]
#[case::absolute_root_url("https://lantern.example.org/service/", "content/en/service.md")]
#[case::prefixed("/bn/service/", "content/bn/service.md")]
#[case::prefixed_absolute("https://lantern.example.org/bn/service/", "content/bn/service.md")]
#[case::english_alias("/lending/", "content/en/service.md")]
#[case::bengali_alias("/bn/dhar/", "content/bn/service.md")]
#[case::url_field("/fr/a-propos/", "content/fr/about.md")]
#[case::french_by_its_file_path("/fr/about/", "content/fr/about.md")]
#[case::permalink("/2023/05/first-light/", "content/en/blog/first-light.md")]
#[case::bengali_permalink("/bn/2023/05/first-light/", "content/bn/blog/first-light.md")]
#[case::french_permalink("/fr/2023/05/premiere-lueur/", "content/fr/blog/premiere-lueur.md")]
#[case::with_fragment("/about/#how-we-work", "content/en/about.md")]
#[case::default_prefixed("/en/about/", "content/en/about.md")]
fn urls_lead_to_the_language_they_name(#[case] url: &str, #[case] path: &str) {
    assert_eq!(lands(three_languages(), url, None), path, "{url}");
}

#[rstest]
#[case::french_has_no_service("/fr/service/")]
#[case::absolute("https://lantern.example.org/fr/service/")]
#[case::french_has_no_contact("/fr/contact/")]
fn a_page_missing_in_the_language_named_is_not_found(#[case] url: &str) {
    assert_eq!(
        lands(three_languages(), url, None),
        format!("NotFound({url:?})")
    );
}

#[test]
fn a_missing_page_says_which_languages_have_it() {
    let site = three_languages();
    let codes = |url: &str| -> Vec<String> {
        site.languages_with(url)
            .iter()
            .map(ToString::to_string)
            .collect()
    };
    // The default first, then in the site's order (not the order of codes).
    assert_eq!(codes("/fr/service/"), ["en", "bn"]);
    assert_eq!(codes("/fr/contact/"), ["en"]);
    assert!(codes("/nowhere/").is_empty());
}

#[rstest]
// An English link inside another language's post stays English.
#[case::english_link_in_bengali("content/bn/service.md", "/service/", "content/en/service.md")]
#[case::english_only_page_from_bengali(
    "content/bn/service.md",
    "/contact/",
    "content/en/contact.md"
)]
#[case::english_link_in_french("content/fr/about.md", "/service/", "content/en/service.md")]
#[case::bengali_link_in_french("content/fr/about.md", "/bn/service/", "content/bn/service.md")]
#[case::bengali_link_in_bengali("content/bn/service.md", "/bn/about/", "content/bn/about.md")]
#[case::relative_in_bengali("content/bn/service.md", "../about/", "content/bn/about.md")]
#[case::bengali_link_in_english("content/en/service.md", "/bn/service/", "content/bn/service.md")]
#[case::english_link_with_anchor(
    "content/en/service.md",
    "/about/#how-we-work",
    "content/en/about.md"
)]
fn links_inside_posts_lead_to_the_language_they_name(
    #[case] from: &str,
    #[case] url: &str,
    #[case] path: &str,
) {
    assert_eq!(lands(three_languages(), url, Some(from)), path, "{url}");
}

#[test]
fn a_link_to_a_page_the_language_named_lacks_is_not_found() {
    assert_eq!(
        lands(
            three_languages(),
            "/fr/service/",
            Some("content/fr/about.md")
        ),
        "NotFound(\"/fr/service/\")"
    );
}

#[rstest]
#[case::english_host(
    "https://lantern.example.org/2022/11/05/night-walk/",
    None,
    "content/en/posts/night-walk.md"
)]
#[case::french_host(
    "https://lanterne.example.fr/2022/11/05/night-walk/",
    None,
    "content/fr/posts/night-walk.md"
)]
#[case::french_host_about("https://lanterne.example.fr/about/", None, "content/fr/about.md")]
#[case::english_host_about("https://lantern.example.org/about/", None, "content/en/about.md")]
// A root-relative link is on the host of the post it is written in.
#[case::root_relative_in_french(
    "/2022/11/05/night-walk/",
    Some("content/fr/posts/night-walk.md"),
    "content/fr/posts/night-walk.md"
)]
#[case::root_relative_in_english(
    "/2022/11/05/night-walk/",
    Some("content/en/posts/night-walk.md"),
    "content/en/posts/night-walk.md"
)]
#[case::other_host_from_french(
    "https://lantern.example.org/2022/11/05/night-walk/",
    Some("content/fr/posts/night-walk.md"),
    "content/en/posts/night-walk.md"
)]
#[case::other_host_from_english(
    "https://lanterne.example.fr/2022/11/05/night-walk/",
    Some("content/en/posts/night-walk.md"),
    "content/fr/posts/night-walk.md"
)]
#[case::prefix_names_french(
    "/fr/about/",
    Some("content/en/posts/night-walk.md"),
    "content/fr/about.md"
)]
// Given on the command line, with no host: the default language.
#[case::no_host("/about/", None, "content/en/about.md")]
fn on_two_hosts_the_host_names_the_language(
    #[case] url: &str,
    #[case] from: Option<&str>,
    #[case] path: &str,
) {
    assert_eq!(lands(two_hosts(), url, from), path, "{url}");
}

#[test]
fn on_two_hosts_an_english_only_page_is_not_on_the_french_host() {
    let site = two_hosts();
    let from = Some("content/fr/posts/night-walk.md");
    assert_eq!(
        lands(site, "/2022/11/07/only-english/", from),
        "NotFound(\"/2022/11/07/only-english/\")"
    );
    assert_eq!(
        lands(
            site,
            "https://lanterne.example.fr/2022/11/07/only-english/",
            None
        ),
        "NotFound(\"https://lanterne.example.fr/2022/11/07/only-english/\")"
    );
    assert_eq!(
        site.languages_with("https://lanterne.example.fr/2022/11/07/only-english/"),
        [Lang::new("en")]
    );
    assert_eq!(
        lands(
            site,
            "https://lantern.example.org/2022/11/07/only-english/",
            from
        ),
        "content/en/posts/only-english.md"
    );
}

#[rstest]
#[case::default_wins(None, "content/en/blog/first-light.md")]
#[case::reading_language_wins(Some("bn"), "content/bn/blog/first-light.md")]
#[case::no_such_slug_in_the_reading_language(Some("fr"), "content/en/blog/first-light.md")]
fn a_slug_prefers_the_reading_language_then_the_default(
    #[case] reading: Option<&str>,
    #[case] path: &str,
) {
    let site = three_languages();
    let reading = reading.map(Lang::new);
    let found = site
        .find_target("first-light", reading.as_ref())
        .expect("found");
    assert_eq!(site.posts[found.id].display_path(), path);
}

#[rstest]
#[case::slug("service", "content/en/service.md", None)]
#[case::slug_with_anchor("about#how-we-work", "content/en/about.md", Some("how-we-work"))]
#[case::path_with_anchor("content/bn/about.md#top", "content/bn/about.md", Some("top"))]
#[case::url_with_anchor(
    "https://lantern.example.org/bn/service/#x",
    "content/bn/service.md",
    Some("x")
)]
#[case::encoded_anchor("/about/#caf%C3%A9", "content/en/about.md", Some("café"))]
fn targets_keep_their_anchor(
    #[case] target: &str,
    #[case] path: &str,
    #[case] fragment: Option<&str>,
) {
    let site = three_languages();
    let found = site.find_target(target, None).expect("found");
    assert_eq!(site.posts[found.id].display_path(), path);
    assert_eq!(found.fragment.as_deref(), fragment);
}

#[test]
fn a_url_whose_page_is_in_other_languages_only_is_no_slug() {
    // `/fr/service/` ends in `service`, a slug English and Bengali have:
    // the URL names French, so nothing is found.
    assert_eq!(three_languages().find_target("/fr/service/", None), None);
}

fn liseuse(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("liseuse")
        .expect("binary")
        .args(args)
        .output()
        .expect("runs")
}

#[test]
fn resolve_prints_the_post_of_the_language_named() {
    let site = fixture("three-languages");
    let site = site.to_str().expect("a UTF-8 path");
    for (url, line) in [
        ("/service/", "content/en/service.md\ten\t"),
        (
            "https://lantern.example.org/service/",
            "content/en/service.md\ten\t",
        ),
        ("/bn/service/", "content/bn/service.md\tbn\t"),
        (
            "/about/#how-we-work",
            "content/en/about.md#how-we-work\ten\t",
        ),
    ] {
        let output = liseuse(&["resolve", url, site]);
        assert_eq!(output.status.code(), Some(0), "{url}");
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.starts_with(line), "{url}: {text}");
    }
}

#[test]
fn resolve_of_a_page_missing_in_its_language_names_the_others() {
    let site = fixture("three-languages");
    let output = liseuse(&["resolve", "/fr/service/", site.to_str().expect("UTF-8")]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "liseuse: no post at /fr/service/; this page exists in: en, bn\n"
    );
}
