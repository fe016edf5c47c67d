//! The command line's rules, on the real binary: argument order, standard
//! input, `--lang` as BCP 47, `--format`, JSON dates, `check` of what is
//! not a site, and errors that say what is wrong once, on one line. The
//! sites are our own fixtures (`tests/fixtures/sites/`) or written here.

use assert_cmd::Command;
use serde_json::Value;
use std::path::PathBuf;
use std::process::Output;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sites")
        .join(name)
}

fn three() -> String {
    fixture("three-languages").display().to_string()
}

fn corpus_site() -> PathBuf {
    let dir = std::env::var_os("LISEUSE_CORPUS").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
        PathBuf::from,
    );
    dir.join("digital-canada-ca")
}

fn run(args: &[&str]) -> Output {
    Command::cargo_bin("liseuse")
        .expect("binary")
        .args(args)
        .output()
        .expect("runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn json(args: &[&str]) -> Vec<Value> {
    let output = run(args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    serde_json::from_slice::<Value>(&output.stdout)
        .expect("JSON")
        .as_array()
        .expect("an array")
        .clone()
}

/// `2018-03-26T09:00:00-04:00`: a date, a time, a numeric offset, nothing else.
fn is_rfc3339_with_offset(date: &str) -> bool {
    let b = date.as_bytes();
    let digits = |range: std::ops::Range<usize>| b[range].iter().all(u8::is_ascii_digit);
    b.len() == 25
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && (b[19] == b'+' || b[19] == b'-')
        && digits(20..22)
        && b[22] == b':'
        && digits(23..25)
}

// ------------------------------------------------------------ JSON dates

#[test]
fn json_dates_have_one_shape_on_the_corpus() {
    let site = corpus_site();
    let posts = json(&["list", "--json", site.to_str().expect("UTF-8")]);
    let mut dated = 0;
    for post in &posts {
        for field in ["date", "updated"] {
            match &post[field] {
                Value::Null => {}
                Value::String(date) => {
                    dated += 1;
                    assert!(
                        is_rfc3339_with_offset(date),
                        "{}: {field} {date}",
                        post["path"]
                    );
                }
                other => panic!("{}: {field} {other}", post["path"]),
            }
        }
    }
    assert!(dated > 400, "{dated} dates");
    // `date: '2018-04-25 09:00:00 -0400'` keeps its offset.
    let post = posts
        .iter()
        .find(|p| p["path"] == "content/en/blog/posts/retrospective-on-energuide-api.md")
        .expect("the EnerGuide post");
    assert_eq!(post["date"], "2018-04-25T09:00:00-04:00");
}

#[test]
fn json_dates_without_an_offset_take_the_site_time_zone() {
    // hugo.toml: timeZone = "America/Toronto".
    let posts = json(&["list", "--json", &three()]);
    let date = |path: &str| {
        posts
            .iter()
            .find(|p| p["path"] == path)
            .map(|p| p["date"].clone())
            .unwrap_or_else(|| panic!("no {path}"))
    };
    assert_eq!(
        date("content/en/blog/first-light.md"),
        "2023-05-02T00:00:00-04:00",
        "date: 2023-05-02"
    );
    assert_eq!(
        date("content/fr/blog/premiere-lueur.md"),
        "2023-05-02T09:15:00-04:00",
        "date: 2023-05-02 09:15:00"
    );
    assert_eq!(
        date("content/bn/blog/first-light.md"),
        "2023-05-02T18:30:00+06:00",
        "the offset written wins"
    );
    let search = json(&["search", "lamp", &three(), "--json"]);
    assert!(search.iter().all(|hit| {
        hit["date"].is_null() || is_rfc3339_with_offset(hit["date"].as_str().unwrap_or(""))
    }));
}

#[test]
fn json_dates_of_a_site_without_a_zone_are_utc() {
    let dir = tempfile::tempdir().expect("temp dir");
    let post = dir.path().join("en/note.md");
    std::fs::create_dir_all(post.parent().expect("parent")).expect("dir");
    std::fs::write(&post, "---\ntitle: Note\ndate: 2018-03-26\n---\nText.\n").expect("write");
    let posts = json(&["list", "--json", dir.path().to_str().expect("UTF-8")]);
    assert_eq!(posts[0]["date"], "2018-03-26T00:00:00+00:00");
}

fn run_with_input(args: &[&str], input: &str) -> Output {
    Command::cargo_bin("liseuse")
        .expect("binary")
        .args(args)
        .write_stdin(input)
        .output()
        .expect("runs")
}

/// The reader outside a terminal, with no locale: it prints the post it
/// would open.
fn read_outside_a_terminal(args: &[&str]) -> Output {
    Command::cargo_bin("liseuse")
        .expect("binary")
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .output()
        .expect("runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn first_line(output: &Output) -> String {
    stdout(output)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// A site written for one test.
fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("dirs");
        std::fs::write(path, text).expect("write");
    }
    dir
}

// ------------------------------------------------- arguments in any order

#[test]
fn show_and_open_take_the_site_and_the_post_in_either_order() {
    let site = three();
    for args in [
        ["show", "service", site.as_str()],
        ["show", site.as_str(), "service"],
        ["open", "service", site.as_str()],
        ["open", site.as_str(), "service"],
    ] {
        let output = read_outside_a_terminal(&args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(first_line(&output), "The lamp-lending service", "{args:?}");
    }
    for args in [[site.as_str(), "service"], ["service", site.as_str()]] {
        let output = read_outside_a_terminal(&args);
        assert_eq!(first_line(&output), "The lamp-lending service", "{args:?}");
    }
}

#[test]
fn a_site_that_does_not_exist_is_named_once_with_a_hint() {
    for args in [
        vec!["show", "service", "/no/such/site"],
        vec!["open", "service", "/no/such/site"],
        vec!["/no/such/site", "service"],
    ] {
        let output = read_outside_a_terminal(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(
            stderr(&output),
            "liseuse: /no/such/site: no such file or directory \
             (give a post and the site's directory, in either order)\n",
            "{args:?}"
        );
    }
}

#[test]
fn every_error_is_one_line_naming_the_path_once() {
    for args in [
        vec!["check", "/no/such/site"],
        vec!["list", "/no/such/site"],
        vec!["show", "--all", "/no/such/site"],
        vec!["search", "lamp", "/no/such/site"],
        vec!["resolve", "/x/", "/no/such/site"],
        vec!["/no/such/site"],
    ] {
        let output = read_outside_a_terminal(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(
            stderr(&output),
            "liseuse: /no/such/site: no such file or directory\n",
            "{args:?}"
        );
    }
}

// -------------------------------------------------------------- show -

#[test]
fn show_dash_reads_one_post_from_standard_input() {
    let output = run_with_input(
        &["show", "-", "--width", "60"],
        "---\ntitle: A note from the desk\nlang: fr\n---\nLes lampes *reviennent* toujours.\n",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("A note from the desk\n"), "{text}");
    assert!(text.contains("Les lampes reviennent toujours."), "{text}");

    // Markdown without front matter.
    let output = run_with_input(&["show", "-"], "## Wicks\n\nTrim them [often](/care/).\n");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("Trim them often[1]."), "{text}");

    // Nothing to read.
    let output = run_with_input(&["show", "-"], "");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output), "liseuse: standard input: empty file\n");
}

// --------------------------------------------------------- show --lang

#[test]
fn show_all_with_a_language_shows_that_language_only() {
    let all = stdout(&run(&["show", "--all", &three(), "--lang", "bn"]));
    for title in ["প্রথম আলো", "বাতি ধার দেওয়ার সেবা", "আমাদের কথা"]
    {
        assert!(all.contains(title), "{title}");
    }
    for title in ["First light", "The lamp-lending service", "Première lueur"] {
        assert!(!all.lines().any(|l| l == title), "{title} is not Bengali");
    }
    let french = stdout(&run(&["show", "--all", "--lang", "FR-ca", &three()]));
    let titles: Vec<&str> = ["Première lueur", "À propos de la coopérative"].to_vec();
    for title in titles {
        assert!(french.contains(title), "{title}");
    }
    assert!(!french.contains("First light"));
}

#[test]
fn a_slug_many_languages_share_opens_in_the_reading_language_then_the_default() {
    let site = three();
    let output = read_outside_a_terminal(&[&site, "first-light"]);
    assert_eq!(first_line(&output), "First light", "the default language");
    let output = read_outside_a_terminal(&[&site, "first-light", "--lang", "bn"]);
    assert_eq!(first_line(&output), "প্রথম আলো");
    let output = read_outside_a_terminal(&["show", "first-light", &site, "--lang", "bn-BD"]);
    assert_eq!(first_line(&output), "প্রথম আলো");
    let output = read_outside_a_terminal(&["show", "first-light", &site]);
    assert_eq!(first_line(&output), "First light");
}

#[test]
fn a_url_naming_a_language_without_the_page_exits_1_and_names_the_others() {
    let site = three();
    for args in [
        vec!["open", "/fr/service/", site.as_str()],
        vec!["show", "/fr/service/", site.as_str()],
        vec![site.as_str(), "https://lantern.example.org/fr/service/"],
    ] {
        let output = read_outside_a_terminal(&args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&output).ends_with("; this page exists in: en, bn\n"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

// ------------------------------------------------------- --lang, BCP 47

fn chinese_site() -> tempfile::TempDir {
    site(&[
        (
            "hugo.toml",
            "defaultContentLanguage = 'en'\n\
             [languages.en]\nweight = 1\ncontentDir = 'content/en'\n\
             [languages.zh-tw]\nweight = 2\ncontentDir = 'content/zh-tw'\n\
             [languages.pt-br]\nweight = 3\ncontentDir = 'content/pt-br'\n",
        ),
        ("content/en/lamp.md", "---\ntitle: Lamp\n---\nA lamp.\n"),
        ("content/zh-tw/lamp.md", "---\ntitle: 燈\n---\n一盞燈。\n"),
        (
            "content/pt-br/lamp.md",
            "---\ntitle: Lâmpada\n---\nUma lâmpada.\n",
        ),
    ])
}

#[test]
fn lang_takes_bcp47_tags_case_aside() {
    let dir = chinese_site();
    let dir = dir.path().to_str().expect("UTF-8");
    for (tag, title) in [
        ("zh-Hant", "燈"),
        ("zh-TW", "燈"),
        ("ZH-hant-tw", "燈"),
        ("pt-BR", "Lâmpada"),
        ("pt", "Lâmpada"),
        ("en-GB", "Lamp"),
    ] {
        let output = run(&["list", dir, "--lang", tag, "--format", "{title}"]);
        assert_eq!(output.status.code(), Some(0), "{tag}: {}", stderr(&output));
        assert_eq!(stdout(&output), format!("{title}\n"), "{tag}");
    }
    let three = three();
    let output = run(&["list", "--lang", "fr-CA", &three, "--format", "{lang}"]);
    assert_eq!(stdout(&output), "fr\nfr\n");
}

#[test]
fn an_unknown_language_exits_2_and_lists_the_site_languages() {
    let site = three();
    let expected = "liseuse: unknown language `xx`; \
                    this site has: en (English), bn (বাংলা), fr (Français)\n";
    for args in [
        vec!["list", "--lang", "xx", site.as_str()],
        vec!["search", "lamp", site.as_str(), "--lang", "xx"],
        vec!["show", "--all", site.as_str(), "--lang", "xx"],
        vec!["show", "service", site.as_str(), "--lang", "xx"],
        vec!["resolve", "/service/", site.as_str(), "--lang", "xx"],
        vec!["open", "service", site.as_str(), "--lang", "xx"],
        vec![site.as_str(), "--lang", "xx"],
    ] {
        let output = read_outside_a_terminal(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        assert_eq!(stderr(&output), expected, "{args:?}");
    }
    // Traditional Chinese is not Simplified.
    let dir = chinese_site();
    let output = run(&[
        "list",
        "--lang",
        "zh-Hans",
        dir.path().to_str().expect("UTF-8"),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "liseuse: unknown language `zh-Hans`; this site has: en, zh-tw, pt-br\n"
    );
}

// ------------------------------------------------------------- check

#[test]
fn check_of_a_directory_without_posts_exits_1_and_says_what_it_looked_for() {
    let empty = tempfile::tempdir().expect("temp dir");
    let pictures = site(&[("lamp.png", "not really a picture"), ("notes.txt", "hello")]);
    for (dir, seen) in [
        (empty.path(), "no files"),
        (pictures.path(), "2 files, none a post"),
    ] {
        let dir = dir.to_str().expect("UTF-8");
        for json in [false, true] {
            let mut args = vec!["check", dir];
            if json {
                args.push("--json");
            }
            let output = run(&args);
            assert_eq!(output.status.code(), Some(1), "{args:?}");
            let err = stderr(&output);
            assert_eq!(err.lines().count(), 1, "{err}");
            assert!(
                err.starts_with(&format!(
                    "liseuse: {dir}: no posts found ({seen}); looked for a Hugo site"
                )),
                "{err}"
            );
            assert!(err.contains("Jekyll") && err.contains("Eleventy") && err.contains("en/"));
        }
    }
}

#[test]
fn check_of_a_path_that_does_not_exist_exits_2() {
    let output = run(&["check", "/no/such/site"]);
    assert_eq!(output.status.code(), Some(2));
}

// ------------------------------------------------------- list --format

#[test]
fn list_format_prints_the_fields_asked_for() {
    let output = run(&[
        "list",
        &three(),
        "--lang",
        "en",
        "--format",
        "{date}\\t{lang}\\t{path}\\t{url}\\t{address}\\t{translations}\\t{title}",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let lines: Vec<String> = stdout(&output).lines().map(str::to_string).collect();
    assert_eq!(
        lines[0],
        "2023-05-02T00:00:00-04:00\ten\tcontent/en/blog/first-light.md\t/2023/05/first-light/\t\
         https://lantern.example.org/2023/05/first-light/\tbn,fr\tFirst light"
    );
    assert_eq!(
        lines.last().map(String::as_str),
        Some(
            "\ten\tcontent/en/contact.md\t/contact/\thttps://lantern.example.org/contact/\t\tContact"
        )
    );
    assert_eq!(lines.len(), 4);

    let output = run(&[
        "list",
        &three(),
        "--lang",
        "bn",
        "--format",
        "{{{lang}}}\\n--",
    ]);
    assert_eq!(stdout(&output), "{bn}\n--\n".repeat(3));
}

#[test]
fn list_format_with_an_unknown_field_exits_2_naming_it() {
    let output = run(&["list", &three(), "--format", "{title} {author}"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert_eq!(
        stderr(&output),
        "liseuse: --format: unknown field {author} (fields: {path} {lang} {title} {date} \
         {url} {address} {translations})\n"
    );
    let output = run(&["list", &three(), "--format", "{title"]);
    assert_eq!(output.status.code(), Some(2));
    let output = run(&["list", &three(), "--format", "{title}", "--json"]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "--format or --json, not both"
    );
}
