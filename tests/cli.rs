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
