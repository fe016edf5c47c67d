//! `liseuse open TARGET [DIR]` and `liseuse DIR TARGET`: outside a terminal
//! they print the post they would open, so scripts and these tests can see
//! which one it is.

use assert_cmd::Command;

fn sample_dir() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/assets/sample").to_string()
}

#[test]
fn open_by_slug_url_or_path_finds_the_same_post() {
    for target in [
        "reading-offline",
        "https://workshop.example.ca/2024/03/04/reading-offline/",
        "content/en/blog/posts/reading-offline.md",
    ] {
        let output = Command::cargo_bin("liseuse")
            .expect("binary")
            .args(["open", target, &sample_dir()])
            .output()
            .expect("runs");
        assert!(output.status.success(), "{target}");
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(
            text.starts_with("Reading our own site offline\n"),
            "{target}: {text}"
        );
    }
}

#[test]
fn dir_then_target_opens_the_post_in_its_language() {
    let output = Command::cargo_bin("liseuse")
        .expect("binary")
        .args([&sample_dir(), "lire-hors-ligne"])
        .output()
        .expect("runs");
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("4 mars 2024"), "{text}");
}

#[test]
fn an_unknown_target_is_named_and_exits_1() {
    let output = Command::cargo_bin("liseuse")
        .expect("binary")
        .args(["open", "no-such-post\u{1b}]0;x\u{7}", &sample_dir()])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("no-such-post") && err.contains("no such post"));
    assert!(!err.contains('\u{1b}'), "control characters made visible");
}
