//! The binary on small sites written here, one per layout. Bad input of
//! every kind (broken front matter, encodings, control sequences, huge and
//! deep files, file system oddities) is in `tests/hostile.rs`. Every
//! fixture's text is original.

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
    assert_eq!(en["date"], "2017-08-03T00:00:00+00:00");
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
