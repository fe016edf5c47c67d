//! The binary on small sites written here: one per layout, and one full of
//! bad input. Every fixture's text is original.

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::Path;
use std::time::Duration;
use tempfile::TempDir;

fn site(files: &[(&str, &[u8])]) -> TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    for (path, content) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().expect("has a parent")).expect("create dirs");
        fs::write(&path, content).expect("write fixture");
    }
    dir
}

fn liseuse(args: &[&str], dir: &Path) -> (i32, Value) {
    let output = Command::cargo_bin("liseuse")
        .expect("binary")
        .args(args)
        .arg(dir)
        .timeout(Duration::from_secs(20))
        .output()
        .expect("runs");
    let json = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "{error}: {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap_or(-1), json)
}

fn list(dir: &Path) -> Vec<Value> {
    let (code, json) = liseuse(&["list", "--json"], dir);
    assert_eq!(code, 0);
    json.as_array().expect("an array").clone()
}

fn by_path<'a>(posts: &'a [Value], path: &str) -> &'a Value {
    posts
        .iter()
        .find(|p| p["path"] == path)
        .unwrap_or_else(|| panic!("no post {path} in {posts:#?}"))
}

#[test]
fn jekyll_site_links_translations_by_trans_url() {
    let dir = site(&[
        ("_config.yml", b"url: https://blog.example.ca\nlanguages: [en, fr]\n"),
        (
            "_posts/2017-08-03-why-reading-offline-matters.md",
            b"---\ntitle: Why reading offline matters\nlang: en\ntrans_url: /fr/2017/08/03/pourquoi-lire-hors-ligne/\n---\nText.\n",
        ),
        (
            "fr/_posts/2017-08-03-pourquoi-lire-hors-ligne.md",
            b"---\ntitle: Pourquoi lire hors ligne\nlang: fr\ntrans_url: \"/2017/08/03/why-reading-offline-matters/\"\n---\nTexte.\n",
        ),
        (
            "_posts/2018-01-10-alone.md",
            b"---\ntitle: Alone\nlang: en\ntrans_url: /fr/nowhere/\n---\n",
        ),
    ]);
    let (_, check) = liseuse(&["check", "--json"], dir.path());
    assert_eq!(check["layout"], "jekyll");
    assert_eq!(check["translationPairs"], 1);
    let dangling: Vec<&Value> = check["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .filter(|w| w["kind"] == "dangling-translation")
        .collect();
    assert_eq!(dangling.len(), 1, "{dangling:#?}");
    assert_eq!(dangling[0]["path"], "_posts/2018-01-10-alone.md");

    let posts = list(dir.path());
    let en = by_path(&posts, "_posts/2017-08-03-why-reading-offline-matters.md");
    assert_eq!(en["date"], "2017-08-03");
    assert_eq!(en["url"], "/2017/08/03/why-reading-offline-matters.html");
    assert_eq!(
        en["translations"]["fr"],
        "fr/_posts/2017-08-03-pourquoi-lire-hors-ligne.md"
    );
    let fr = by_path(&posts, "fr/_posts/2017-08-03-pourquoi-lire-hors-ligne.md");
    assert_eq!(fr["lang"], "fr");
}

#[test]
fn hugo_site_with_language_suffixes() {
    let dir = site(&[
        (
            "hugo.toml",
            b"baseURL = 'https://example.ca/'\ndefaultContentLanguage = 'en'\n[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n",
        ),
        ("content/posts/trails.md", b"---\ntitle: Trails\ndate: 2024-05-01\n---\n"),
        ("content/posts/trails.fr.md", b"---\ntitle: Sentiers\ndate: 2024-05-01\n---\n"),
        ("content/_index.en.md", b"+++\ntitle = \"Home\"\n+++\n"),
        ("content/_index.fr.md", b"+++\ntitle = \"Accueil\"\n+++\n"),
    ]);
    let (_, check) = liseuse(&["check", "--json"], dir.path());
    assert_eq!(check["layout"], "hugo-file-suffix");
    assert_eq!(check["translationPairs"], 2);
    let posts = list(dir.path());
    let fr = by_path(&posts, "content/posts/trails.fr.md");
    assert_eq!(fr["lang"], "fr");
    assert_eq!(fr["url"], "/fr/posts/trails/");
    assert_eq!(fr["translations"]["en"], "content/posts/trails.md");
    assert_eq!(by_path(&posts, "content/_index.fr.md")["title"], "Accueil");
}

#[test]
fn eleventy_tree_takes_the_language_from_the_directory() {
    let dir = site(&[
        ("eleventy.config.js", b"export default function () {}\n"),
        ("src/en/about.md", b"---\ntitle: About\n---\n"),
        (
            "src/fr/about.md",
            b"---\ntitle: \xc3\x80 propos\nlocale: fr-CA\n---\n",
        ),
        ("src/fr/contact.md", b"---\ntitle: Joindre\nlang: en\n---\n"),
    ]);
    let (_, check) = liseuse(&["check", "--json"], dir.path());
    assert_eq!(check["layout"], "eleventy");
    assert_eq!(check["translationPairs"], 1);
    let mismatch: Vec<&Value> = check["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .filter(|w| w["kind"] == "language-mismatch")
        .collect();
    assert_eq!(mismatch.len(), 1);
    assert_eq!(mismatch[0]["path"], "src/fr/contact.md");
    let posts = list(dir.path());
    assert_eq!(by_path(&posts, "src/fr/contact.md")["lang"], "fr");
    assert_eq!(
        by_path(&posts, "src/fr/about.md")["translations"]["en"],
        "src/en/about.md"
    );
}

#[test]
fn three_languages_by_key() {
    let dir = site(&[
        ("en/a.md", b"---\ntitle: A\ntranslationKey: k\n---\n"),
        ("fr/b.md", b"---\ntitle: B\ntranslationKey: k\n---\n"),
        (
            "iu/c.md",
            b"---\ntitle: \xe1\x90\x8a\ntranslationKey: k\n---\n",
        ),
        ("fr/d.md", b"---\ntitle: D\ntranslationKey: k\n---\n"),
    ]);
    let (_, check) = liseuse(&["check", "--json"], dir.path());
    assert_eq!(check["layout"], "plain-tree");
    assert_eq!(check["translationPairs"], 3);
    let ambiguous: Vec<&Value> = check["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .filter(|w| w["kind"] == "ambiguous-key")
        .collect();
    assert_eq!(ambiguous.len(), 1);
    assert_eq!(ambiguous[0]["path"], "fr/d.md", "the first by path is kept");
}

/// Every kind of bad input the loader must survive, in one tree.
fn hostile_site() -> TempDir {
    let dir = site(&[
        (
            "en/good.md",
            b"---\ntitle: Good\ndate: 2020-01-01\n---\nFine.\n",
        ),
        (
            "en/latin1.md",
            b"---\ntitle: Caf\xe9\n---\nD\xe9j\xe0 vu.\n",
        ),
        ("en/empty.md", b""),
        ("en/unclosed.md", b"---\ntitle: Never closed\nbody text\n"),
        (
            "en/bad-yaml.md",
            b"---\ntitle: 'It's'\ndate: 2020-02-02\n  - : [\n---\n",
        ),
        ("en/title-list.md", b"---\ntitle: [one, two]\n---\n"),
        ("en/binary.md", b"\x00\x01\x02\x03---\n"),
        (
            "en/duplicate.md",
            b"---\ntitle: First\ntitle: Second\n---\n",
        ),
        (
            "en/stub.html",
            b"<meta http-equiv=\"refresh\" content=\"0; url=/en/good/\">",
        ),
        ("en/picture.png", b"\x89PNG"),
    ]);
    let root = dir.path();
    fs::create_dir_all(root.join("en/folder.md")).expect("a directory named like a post");
    fs::write(
        root.join("en/folder.md/inner.md"),
        "---\ntitle: Inner\n---\n",
    )
    .expect("write");
    let big = fs::File::create(root.join("en/huge.md")).expect("create");
    big.set_len(9 * 1024 * 1024).expect("sparse 9 MB file");
    #[cfg(unix)]
    {
        use std::os::unix::fs::{PermissionsExt, symlink};
        symlink(root.join("en"), root.join("en/loop")).expect("symlink loop");
        symlink("/etc/hostname", root.join("en/outside.md")).expect("symlink out");
        let status = std::process::Command::new("mkfifo")
            .arg(root.join("en/pipe.md"))
            .status()
            .expect("mkfifo runs");
        assert!(status.success());
        fs::write(root.join("en/locked.md"), "---\ntitle: Locked\n---\n").expect("write");
        fs::set_permissions(root.join("en/locked.md"), fs::Permissions::from_mode(0o000))
            .expect("chmod");
    }
    dir
}

#[test]
fn bad_input_is_reported_and_loading_goes_on() {
    let dir = hostile_site();
    let (code, check) = liseuse(&["check", "--json"], dir.path());
    assert_eq!(code, 1, "unusable files make check fail");
    let skipped = check["skipped"].as_array().expect("skipped");
    let reason = |path: &str| -> String {
        skipped
            .iter()
            .find(|s| s["path"] == path)
            .map(|s| s["reason"].as_str().unwrap_or_default().to_string())
            .unwrap_or_else(|| format!("not skipped: {path}"))
    };
    assert_eq!(reason("en/empty.md"), "empty file");
    assert!(reason("en/unclosed.md").contains("never closes"));
    assert!(reason("en/binary.md").contains("binary"));
    assert!(reason("en/huge.md").contains("larger than"));
    assert!(reason("en/stub.html").contains("redirect stub"));
    assert!(reason("en/picture.png").contains("not a post"));
    #[cfg(unix)]
    {
        assert!(reason("en/pipe.md").contains("named pipe"));
        assert!(reason("en/loop").contains("loop"));
        assert!(reason("en/outside.md").contains("outside"));
    }
    assert_eq!(
        check["filesSeen"].as_u64(),
        Some(check["posts"].as_u64().unwrap_or(0) + skipped.len() as u64),
        "posts + skipped = files seen"
    );

    let posts = list(dir.path());
    assert_eq!(by_path(&posts, "en/latin1.md")["title"], "Café");
    assert_eq!(by_path(&posts, "en/bad-yaml.md")["date"], "2020-02-02");
    assert_eq!(by_path(&posts, "en/bad-yaml.md")["title"], "It's");
    assert_eq!(by_path(&posts, "en/duplicate.md")["title"], "First");
    assert_eq!(by_path(&posts, "en/title-list.md")["title"], "title list");
    assert_eq!(by_path(&posts, "en/folder.md/inner.md")["title"], "Inner");

    let warnings = check["warnings"].as_array().expect("warnings");
    let warned = |path: &str, kind: &str| {
        warnings
            .iter()
            .any(|w| w["path"] == path && w["kind"] == kind && w["message"].is_string())
    };
    assert!(warned("en/latin1.md", "encoding"));
    assert!(warned("en/bad-yaml.md", "front-matter"));
    assert!(warned("en/title-list.md", "front-matter"));
    assert!(warned("en/duplicate.md", "front-matter"));
    let duplicate = warnings
        .iter()
        .find(|w| w["path"] == "en/duplicate.md")
        .expect("duplicate warning");
    assert_eq!(duplicate["line"], 3, "names the line of the second key");

    // Root reads any file; anyone else gets a permission error, reported.
    #[cfg(unix)]
    {
        let locked_readable = fs::read(dir.path().join("en/locked.md")).is_ok();
        if locked_readable {
            assert_eq!(by_path(&posts, "en/locked.md")["title"], "Locked");
        } else {
            assert!(reason("en/locked.md").contains("permission denied"));
        }
    }
}

#[test]
fn strict_check_fails_on_warnings_alone() {
    let dir = site(&[("en/a.md", b"---\ntitle: A\ntitle: B\n---\n")]);
    let (code, _) = liseuse(&["check", "--json"], dir.path());
    assert_eq!(code, 0);
    let (code, _) = liseuse(&["check", "--json", "--strict"], dir.path());
    assert_eq!(code, 1);
}

#[test]
fn missing_directory_is_a_usage_error_naming_it() {
    let output = Command::cargo_bin("liseuse")
        .expect("binary")
        .args(["check", "/no/such/site"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("/no/such/site"));
}

#[test]
fn control_characters_from_content_never_reach_the_terminal() {
    let dir = site(&[(
        "en/evil.md",
        b"---\ntitle: \"Evil\\e]0;pwned\\a\\e[2J title\"\n---\n",
    )]);
    let output = Command::cargo_bin("liseuse")
        .expect("binary")
        .arg("list")
        .arg(dir.path())
        .output()
        .expect("runs");
    assert!(output.status.success());
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
        "{shown:?}"
    );
    assert!(shown.contains("Evil"));
}
