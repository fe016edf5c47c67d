//! Every line liseuse prints is true: errors once, one line each; a URL
//! no post has is not answered by the home page; no address is made up for
//! an undated post; a closed standard output is an error, a pipe closed by
//! its reader is not; configuration files are read as posts are; titles
//! and file names come out whole. Sites are written here, in temporary
//! directories; every text is original.
#![cfg(unix)]

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

fn liseuse(args: &[&std::ffi::OsStr]) -> Output {
    Command::cargo_bin("liseuse")
        .expect("binary")
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .expect("runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn write(path: impl AsRef<Path>, text: impl AsRef<[u8]>) {
    let path = path.as_ref();
    fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    fs::write(path, text).expect("write");
}

/// A plain two-language tree with a home page.
fn plain_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    write(
        root.join("en/index.md"),
        "---\ntitle: Start here\ndate: 2021-01-01\n---\nWelcome.\n",
    );
    write(
        root.join("en/about.md"),
        "---\ntitle: About us\ndate: 2021-01-02\n---\nWho.\n",
    );
    write(
        root.join("fr/index.md"),
        "---\ntitle: Accueil\ndate: 2021-01-01\n---\nBienvenue.\n",
    );
    (dir, root)
}

#[test]
fn a_path_no_post_has_is_not_the_home_page() {
    let (_dir, root) = plain_site();
    let site = root.as_os_str();
    for path in ["/!!!/", "/%00%00", "/%20/", "/about/!!!/"] {
        let output = liseuse(&["resolve".as_ref(), path.as_ref(), site]);
        assert_eq!(output.status.code(), Some(1), "{path}: {}", stderr(&output));
        assert!(output.stdout.is_empty(), "{path}");
        assert_eq!(stderr(&output).lines().count(), 1, "{path}");
    }
    let home = liseuse(&["resolve".as_ref(), "/".as_ref(), site]);
    assert_eq!(home.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&home.stdout).contains("Start here"));
}

#[test]
fn a_file_outside_the_site_is_refused_in_one_line_said_once() {
    let (dir, root) = plain_site();
    let outside = dir.path().join("elsewhere.md");
    write(&outside, "---\ntitle: Elsewhere\n---\nText.\n");
    let output = liseuse(&["show".as_ref(), outside.as_os_str(), root.as_os_str()]);
    assert_eq!(output.status.code(), Some(2));
    let said = stderr(&output);
    assert_eq!(said.lines().count(), 1, "{said}");
    assert_eq!(said.matches("not inside the site").count(), 1, "{said}");
    assert!(!String::from_utf8_lossy(&output.stdout).contains("Elsewhere"));
}

/// A configuration file that is a link out of the site is refused as a
/// post would be, and says why; its values are never read.
#[test]
fn a_configuration_linked_from_outside_is_not_read() {
    let (dir, root) = plain_site();
    let outside = dir.path().join("outside-config.yaml");
    write(
        &outside,
        "baseURL: https://config-marker.example/\ntitle: CONFIG-MARKER\n",
    );
    std::os::unix::fs::symlink(&outside, root.join("_config.yml")).expect("link");
    let output = liseuse(&["check".as_ref(), "--json".as_ref(), root.as_os_str()]);
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(!out.contains("config-marker"), "{out}");
    assert!(!out.contains("CONFIG-MARKER"), "{out}");
    let report: Value = serde_json::from_str(&out).expect("JSON");
    let said = report["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .any(|w| {
            w["path"] == "_config.yml"
                && w["message"]
                    .as_str()
                    .unwrap_or("")
                    .contains("outside the site")
        });
    assert!(said, "{out}");
}

/// A configuration file that is a named pipe neither blocks nor is read.
#[test]
fn a_configuration_that_is_a_named_pipe_does_not_block() {
    let (_dir, root) = plain_site();
    let name = std::ffi::CString::new(root.join("hugo.toml").as_os_str().as_bytes()).expect("path");
    // SAFETY: a NUL-terminated path, alive for the call.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0);
    let output = liseuse(&["check".as_ref(), root.as_os_str()]);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        stderr(&output)
    );
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(out.contains("named pipe"), "{out}");
}

#[test]
fn an_undated_post_gets_no_made_up_date_in_its_address() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(
        root.join("hugo.toml"),
        "baseURL = 'https://example.org/'\n[permalinks]\nposts = '/:year/:month/:day/:slug/'\n",
    );
    write(
        root.join("content/posts/dated.md"),
        "---\ntitle: Dated\ndate: 2022-03-04\n---\nText.\n",
    );
    write(
        root.join("content/posts/undated.md"),
        "---\ntitle: Undated\n---\nText.\n",
    );
    let output = liseuse(&["list".as_ref(), "--json".as_ref(), root.as_os_str()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let posts: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let url = |title: &str| {
        posts
            .as_array()
            .expect("posts")
            .iter()
            .find(|p| p["title"] == title)
            .map(|p| p["url"].as_str().unwrap_or_default().to_string())
            .expect("the post")
    };
    assert_eq!(url("Dated"), "/2022/03/04/dated/");
    let undated = url("Undated");
    assert!(
        !undated.contains("year") && !undated.contains(':'),
        "{undated}"
    );
    assert_eq!(undated, "/posts/undated/");
    let check = liseuse(&["check".as_ref(), root.as_os_str()]);
    let out = String::from_utf8_lossy(&check.stdout);
    assert!(
        out.lines()
            .any(|l| l.contains("posts/undated.md") && l.contains("no date")),
        "{out}"
    );
}

/// `liseuse list >&-`: nothing can be written, and that is an error.
#[test]
fn a_closed_standard_output_is_an_error() {
    let binary = env!("CARGO_BIN_EXE_liseuse");
    for command in ["list", "check", "show --all", "search plain"] {
        let output = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("exec \"$0\" {command} >&-"))
            .arg(binary)
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(2), "{command}");
        let said = stderr(&output);
        assert_eq!(said.lines().count(), 1, "{command}: {said}");
        assert!(said.contains("standard output is closed"), "{said}");
    }
    // A pipe its reader closes is not an error (see tests/hostile.rs).
    let output = std::process::Command::new("bash")
        .arg("-c")
        .arg("set -o pipefail; \"$0\" list | head -c 1 >/dev/null")
        .arg(binary)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stderr(&output), "");
}

#[test]
fn a_block_scalar_title_keeps_its_text_with_controls_made_visible() {
    let (_dir, root) = plain_site();
    write(
        root.join("en/block.md"),
        "---\ntitle: |\n  A block \x01 title\ndate: 2021-02-03\n---\nText.\n",
    );
    let output = liseuse(&["list".as_ref(), "--json".as_ref(), root.as_os_str()]);
    let posts: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let titles: Vec<&str> = posts
        .as_array()
        .expect("posts")
        .iter()
        .filter_map(|p| p["title"].as_str())
        .collect();
    assert!(titles.contains(&"A block \u{2401} title"), "{titles:?}");
}

/// Names that are not UTF-8 come out as their bytes beside the lossy
/// `path`, in `list`, `search` and `check`.
#[test]
fn json_names_that_are_not_utf8_are_written_exactly() {
    let (_dir, root) = plain_site();
    let name: &[u8] = b"en/inv\xe9.md";
    let path = root.join(std::ffi::OsStr::from_bytes(name));
    write(
        &path,
        "---\ntitle: Latin name\ndate: 2021-03-04\n---\nLatin.\n",
    );
    let expected: Vec<Value> = name.iter().map(|&b| Value::from(b)).collect();
    let list = liseuse(&["list".as_ref(), "--json".as_ref(), root.as_os_str()]);
    let posts: Value = serde_json::from_slice(&list.stdout).expect("JSON");
    let post = posts
        .as_array()
        .expect("posts")
        .iter()
        .find(|p| p["title"] == "Latin name")
        .expect("the post");
    assert_eq!(post["path_bytes"], Value::from(expected.clone()));
    assert_eq!(post["path"], "en/inv\u{fffd}.md");
    let plain = posts
        .as_array()
        .expect("posts")
        .iter()
        .find(|p| p["title"] == "About us")
        .expect("a UTF-8 name");
    assert!(plain.get("path_bytes").is_none());
    let search = liseuse(&[
        "search".as_ref(),
        "--json".as_ref(),
        "latin".as_ref(),
        root.as_os_str(),
    ]);
    let hits: Value = serde_json::from_slice(&search.stdout).expect("JSON");
    assert_eq!(hits[0]["path_bytes"], Value::from(expected));
}
