//! The real binary on the real corpus: `check`, `list`, `resolve` and the
//! seeds, against numbers counted independently of the program.
//!
//! The corpus is `$LISEUSE_CORPUS` (default `../shared/corpus` next to the
//! repository). When it is missing every test here FAILS: CI must never go
//! green without it.
//!
//! # How the expected numbers were counted (without liseuse)
//!
//! In `$LISEUSE_CORPUS/digital-canada-ca`:
//!
//! ```sh
//! find content/en -type f | wc -l                                   # 271
//! find content/fr -type f | wc -l                                   # 272
//! # redirect stubs: .html files that start with `<meta http-equiv`
//! for l in en fr; do find content/$l -type f -name '*.html' \
//!   -exec sh -c 'head -c 16 "$1" | grep -q "^<meta http-equiv"' _ {} \; -print | wc -l; done
//!                                                                   # 11, 11
//! # posts: files whose first line is `---` (front matter)
//! for l in en fr; do find content/$l -type f \
//!   -exec sh -c 'head -n 1 "$1" | grep -qx -- "---"' _ {} \; -print | wc -l; done
//!                                                                   # 260, 261
//! # files that are neither a post nor a stub
//! find content -type f ! -exec sh -c 'head -n 1 "$1" | grep -qx -- "---" \
//!   || head -c 16 "$1" | grep -q "^<meta http-equiv"' _ {} \; -print | wc -l    # 0
//! find content/en/blog/posts content/fr/blog/posts -type f | wc -l  # 410 (all dated)
//! ```
//!
//! Translation pairs, with this Python (run in the same directory):
//!
//! ```python
//! import os, re
//! def posts(lang):
//!     out = {}
//!     for dp, _, fs in os.walk('content/' + lang):
//!         for f in fs:
//!             p = os.path.join(dp, f)
//!             text = open(p, encoding='utf-8').read()
//!             if not text.startswith('---\n'):
//!                 continue
//!             fm = text[4:].split('\n---', 1)[0]
//!             m = re.search(r'^translationKey:\s*["\']?([^"\'\n]*?)["\']?\s*$', fm, re.M)
//!             out[os.path.relpath(p, 'content/' + lang)] = m.group(1) if m else None
//!     return out
//! en, fr = posts('en'), posts('fr')
//! ken = [k for k in en.values() if k]; kfr = [k for k in fr.values() if k]
//! assert len(ken) == len(set(ken)) and len(kfr) == len(set(kfr))  # no key twice in a language
//! keyed = set(ken) & set(kfr)
//! by_path = [p for p in en if p in fr and en[p] is None and fr[p] is None]
//! print(len(en), len(fr), len(keyed), len(by_path), len(keyed) + len(by_path))
//! print(sorted(set(ken) ^ set(kfr)))
//! ```
//!
//! It printed `260 261 244 8 252` and `['in-this-together', 'n-this-together']`:
//!
//! - 245 keyed posts per language, 244 keys present in both languages; the
//!   lone pair is a typo in the corpus (`in-this-together` in English,
//!   `n-this-together` in French);
//! - 8 pairs by path among posts without a key (`about-us.html`,
//!   `partners.html`, `privacy.html`, `_index.html`, `terms.html`,
//!   `jobs/_index.html`, `our-products/_index.html`, `blog/_index.md`);
//! - 252 pairs in all. Posts left without a translation: English 15
//!   unkeyed − 8 by path + 1 lone key = 8, French 16 − 8 + 1 = 9: 17.
//! - Undated posts: front matter without a `date:` line, 91 (a `grep` in
//!   the same Python loop; no post has another date field).
//!
//! Internal links were checked by extracting `](url)` and `href="url"` from
//! every body with a regex and resolving the site-host URLs one by one: the
//! ones liseuse reports unresolved (see `KNOWN_DEAD_LINKS`) really have no
//! file, `url`, alias or stub in the corpus (checked with `find`/`grep`).
//! Of the 531 absolute site links that regex found, 449 reach a post, 43
//! are PDF/DOCX/XLSX files, 17 redirect stubs and 22 are dead: the
//! absolute-to-post share cannot reach 0.9 (it is 0.85), and the resolved
//! share (posts + redirects over pages) is just under 0.95.
//!
//! Seeds (`$LISEUSE_CORPUS/seeds/*.txt`): titles, `lang`, `date`,
//! `dateUpdated`, `aliases` and `trans_url` were read from the front matter
//! printed by `awk 'NR==1 || /^---/{c++} {print} c>=2{exit}' FILE | cat -A`
//! (`cat -A` shows the `\_` escape and the NBSPs).

use assert_cmd::Command;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Output;

// ---------------------------------------------------------------- counts

const EN_FILES: usize = 271;
const FR_FILES: usize = 272;
const EN_STUBS: usize = 11;
const FR_STUBS: usize = 11;
const EN_POSTS: usize = 260;
const FR_POSTS: usize = 261;
const KEYED_PAIRS: usize = 244;
const PATH_PAIRS: usize = 8;
const UNTRANSLATED: usize = 17;
const UNDATED: usize = 91;
const BLOG_POSTS: usize = 410;

const STUB_REASON: &str = "redirect stub (HTML without front matter)";

/// Internal links written in the corpus that lead to no file of the corpus
/// (checked by hand: no post, alias, `url` or stub answers to them; some are
/// typos, such as `rencontrez-lequipe` for the stub `recontrez-lequipe`).
/// Each entry is the path part of the URL, without query or fragment.
const KNOWN_DEAD_LINKS: &[&str] = &[
    "/covid-alert-research-signup/",
    "/covid-alert-research-signup",
    "/2022/07/05/empower-to-protect-recalls-safety-alerts-in-canada/",
    "/2019/05/06/understanding-the-human-needs-of-people-impacted-by-cybercrime/",
    "/partnerships/",
    "/product-suite/",
    "/guides/guide-usability-testing/",
    "/guides/guide-interviewing/",
    "/beginning-the-conversation/",
    "/2019/05/06/comprendre-les-besoins-humains-des-personnes-touch%C3%A9es-par-la-cybercriminalit%C3%A9/",
    "/guides/guide-tests-d-utilisabilite/",
    "/guides/guide-entrevue/",
    "/inscription-recherche-alerte-covid/",
    "/partenariats/",
    "/rencontrez-lequipe/",
    "/suite-de-produits/",
    "/commencement-de-la-conversation/rapport-complet/",
];

/// Internal links to a page on the host of a language that does not have
/// it: the host names the language, and the page is only in the other one
/// (`digital.canada.ca` is English, `/emplois/` is the French jobs page).
const KNOWN_WRONG_HOST_LINKS: &[&str] = &["https://digital.canada.ca/emplois/"];

// --------------------------------------------------------------- helpers

/// The corpus directory; panics (the test fails) when it is missing.
fn corpus() -> PathBuf {
    let dir = std::env::var_os("LISEUSE_CORPUS").map_or_else(
        || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus")),
        PathBuf::from,
    );
    assert!(
        dir.join("digital-canada-ca").is_dir() && dir.join("seeds").is_dir(),
        "the real corpus is missing: expected {0}/digital-canada-ca and {0}/seeds \
         (set LISEUSE_CORPUS to the directory holding them)",
        dir.display()
    );
    dir
}

fn site() -> PathBuf {
    corpus().join("digital-canada-ca")
}

/// The seed file whose name starts with `prefix` (`004_`).
fn seed(prefix: &str) -> PathBuf {
    let dir = corpus().join("seeds");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the seeds directory is readable")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".txt"))
        })
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one seed named {prefix}*.txt in {}",
        dir.display()
    );
    found.remove(0)
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    Command::cargo_bin("liseuse")
        .expect("the liseuse binary is built")
        .args(args)
        .output()
        .expect("liseuse runs")
}

fn os(s: &str) -> &std::ffi::OsStr {
    s.as_ref()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs a JSON command and checks it exits with `code`.
fn json(args: &[&std::ffi::OsStr], code: i32) -> Value {
    let output = run(args);
    assert_eq!(
        output.status.code(),
        Some(code),
        "liseuse {args:?}: exit status; stderr: {}",
        stderr(&output)
    );
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("liseuse {args:?} prints JSON ({e}): {}", stdout(&output)))
}

fn check_site() -> Value {
    json(&[os("check"), os("--json"), site().as_os_str()], 0)
}

fn list_site() -> Vec<Value> {
    match json(&[os("list"), os("--json"), site().as_os_str()], 0) {
        Value::Array(posts) => posts,
        other => panic!("list --json prints an array, got {other}"),
    }
}

fn by_path<'a>(posts: &'a [Value], path: &str) -> &'a Value {
    posts
        .iter()
        .find(|p| p["path"] == path)
        .unwrap_or_else(|| panic!("no post listed at {path:?}"))
}

fn usize_at(value: &Value, pointer: &str) -> usize {
    value
        .pointer(pointer)
        .and_then(Value::as_u64)
        .unwrap_or_else(|| panic!("{pointer} is a number in {value:#}")) as usize
}

/// Every file under `dir`, relative to `root`, with `/` separators.
fn files_under(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir)
        .expect("readable directory")
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() {
            files_under(root, &path, out);
        } else {
            let relative = path.strip_prefix(root).expect("under the root");
            let parts: Vec<&str> = relative
                .components()
                .map(|c| c.as_os_str().to_str().expect("corpus names are UTF-8"))
                .collect();
            out.push(parts.join("/"));
        }
    }
}

fn starts_with_bytes(path: &Path, prefix: &[u8]) -> bool {
    let bytes = std::fs::read(path).expect("readable file");
    bytes.starts_with(prefix)
}

/// `&name;`, `&#38;` or `&#x26;`: an HTML entity left undecoded.
fn has_entity(text: &str) -> bool {
    text.match_indices('&').any(|(at, _)| {
        let rest = &text[at + 1..];
        let body: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
            .collect();
        !body.is_empty() && rest[body.len()..].starts_with(';')
    })
}

/// `<em>`, `</strike>`: a tag left in text.
fn has_tag(text: &str) -> bool {
    text.match_indices('<').any(|(at, _)| {
        text[at + 1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/')
    })
}

/// The path of a site URL: no scheme, host, query or fragment.
fn url_path(url: &str) -> &str {
    let rest = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest.find('/').map_or("/", |i| &rest[i..]));
    rest.split(['?', '#']).next().unwrap_or(rest)
}

// ------------------------------------------------------------ check --json

#[test]
fn check_json_counts_posts_and_stubs_like_an_independent_count() {
    let report = check_site();
    assert_eq!(report["ok"], true, "no file is a problem");
    assert_eq!(usize_at(&report, "/postsPerLanguage/en"), EN_POSTS);
    assert_eq!(usize_at(&report, "/postsPerLanguage/fr"), FR_POSTS);
    assert_eq!(
        report["postsPerLanguage"].as_object().map(|o| o.len()),
        Some(2),
        "only en and fr: {}",
        report["postsPerLanguage"]
    );
    assert_eq!(usize_at(&report, "/posts"), EN_POSTS + FR_POSTS);

    let skipped = report["skipped"].as_array().expect("skipped is a list");
    assert_eq!(skipped.len(), EN_STUBS + FR_STUBS, "{skipped:#?}");
    let files_seen = usize_at(&report, "/filesSeen");
    assert_eq!(files_seen, usize_at(&report, "/posts") + skipped.len());
    assert_eq!(files_seen, EN_FILES + FR_FILES);

    let site = site();
    let mut stubs_per_lang: BTreeMap<&str, usize> = BTreeMap::new();
    for stub in skipped {
        let path = stub["path"].as_str().expect("a skipped path");
        assert_eq!(stub["reason"], STUB_REASON, "{path}");
        assert_eq!(stub["problem"], false, "{path}");
        assert!(path.ends_with(".html"), "{path}");
        assert!(
            starts_with_bytes(&site.join(path), b"<meta http-equiv"),
            "{path} is a redirect stub on disk"
        );
        let lang = if path.starts_with("content/en/") {
            "en"
        } else if path.starts_with("content/fr/") {
            "fr"
        } else {
            panic!("stub outside content/en and content/fr: {path}")
        };
        *stubs_per_lang.entry(lang).or_default() += 1;
    }
    assert_eq!(
        stubs_per_lang,
        BTreeMap::from([("en", EN_STUBS), ("fr", FR_STUBS)])
    );
    assert_eq!(usize_at(&report, "/undated"), UNDATED);
}

#[test]
fn check_json_pairs_translations_by_key_and_by_path() {
    let report = check_site();
    let pairs = usize_at(&report, "/translationPairs");
    assert!(pairs >= KEYED_PAIRS + PATH_PAIRS, "{pairs} pairs");
    assert_eq!(pairs, KEYED_PAIRS + PATH_PAIRS, "244 by key + 8 by path");

    let untranslated: Vec<&str> = report["untranslated"]
        .as_array()
        .expect("untranslated is a list")
        .iter()
        .map(|p| p.as_str().expect("a path"))
        .collect();
    assert_eq!(untranslated.len(), UNTRANSLATED, "{untranslated:#?}");
    for lone in [
        "content/en/blog/posts/in-this-together.md",
        "content/fr/blog/posts/nous-sommes-tous-concernes.md",
    ] {
        assert!(untranslated.contains(&lone), "{lone} has no partner");
    }

    // The corpus's one typo in a key is reported on both sides.
    let warnings = report["warnings"].as_array().expect("warnings is a list");
    let lone_keys: BTreeSet<&str> = warnings
        .iter()
        .filter(|w| w["kind"] == "lone-translation-key")
        .map(|w| w["path"].as_str().expect("a path"))
        .collect();
    assert_eq!(
        lone_keys,
        BTreeSet::from([
            "content/en/blog/posts/in-this-together.md",
            "content/fr/blog/posts/nous-sommes-tous-concernes.md",
        ]),
        "{warnings:#?}"
    );
}

#[test]
fn check_json_reads_layout_and_languages_from_the_hugo_config() {
    let report = check_site();
    assert_eq!(report["layout"], "hugo-content-dirs");
    assert_eq!(report["defaultLanguage"], "en");
    let languages: Vec<(&str, &str, &str)> = report["languages"]
        .as_array()
        .expect("languages is a list")
        .iter()
        .map(|l| {
            (
                l["code"].as_str().expect("code"),
                l["baseURL"].as_str().expect("baseURL"),
                l["contentDir"].as_str().expect("contentDir"),
            )
        })
        .collect();
    assert_eq!(
        languages,
        [
            ("en", "https://digital.canada.ca/", "content/en"),
            ("fr", "https://numerique.canada.ca/", "content/fr"),
        ]
    );
}

#[test]
fn check_json_internal_links_resolve_except_links_dead_in_the_corpus() {
    let report = check_site();
    let links = &report["links"];
    let internal = usize_at(links, "/internal");
    let to_posts = usize_at(links, "/to_posts");
    let to_files = usize_at(links, "/to_files");
    let to_redirects = usize_at(links, "/to_redirects");
    let absolute = usize_at(links, "/absolute");
    let absolute_to_posts = usize_at(links, "/absolute_to_posts");
    assert!(internal > 0, "internal links are found");
    assert!(absolute > 0 && absolute <= internal);

    let unresolved = links["unresolved"]
        .as_array()
        .expect("unresolved is a list");
    assert_eq!(
        to_posts + to_files + to_redirects + unresolved.len(),
        internal,
        "every internal link is counted once"
    );

    let share = (to_posts + to_redirects) as f64 / (internal - to_files) as f64;
    eprintln!(
        "links: {internal} internal, {to_posts} to posts, {to_redirects} to redirects, \
         {to_files} to files, {} unresolved: resolved share {share:.4}",
        unresolved.len()
    );
    // 520/548 = 0.9489 on this corpus: the rest are links to pages that are
    // not in the corpus (KNOWN_DEAD_LINKS), so 0.95 is out of reach.
    assert!(share >= 0.945, "resolved share {share:.4}");

    let absolute_share = absolute_to_posts as f64 / absolute as f64;
    eprintln!("absolute links: {absolute_to_posts}/{absolute} to posts = {absolute_share:.4}");
    // 455/538 = 0.8457: the others are PDF/DOCX files (43 by an independent
    // count), redirect stubs and the dead links above.
    assert!(absolute_share >= 0.84, "absolute share {absolute_share:.4}");

    for link in unresolved {
        let url = link["url"].as_str().expect("a URL");
        assert!(
            KNOWN_DEAD_LINKS.contains(&url_path(url)) || KNOWN_WRONG_HOST_LINKS.contains(&url),
            "{} links to {url}, which should resolve",
            link["path"]
        );
    }
}

// ------------------------------------------------------------- list --json

#[test]
fn list_json_has_one_element_per_post_with_the_documented_fields() {
    let posts = list_site();
    assert_eq!(posts.len(), EN_POSTS + FR_POSTS);
    let mut seen = BTreeSet::new();
    for post in &posts {
        let path = post["path"]
            .as_str()
            .unwrap_or_else(|| panic!("path in {post}"));
        assert!(seen.insert(path), "{path} listed twice");
        assert!(path.starts_with("content/"), "{path}");
        assert!(!path.contains('\\') && !path.starts_with('/'), "{path}");
        let lang = post["lang"]
            .as_str()
            .unwrap_or_else(|| panic!("lang of {path}"));
        assert!(
            path.starts_with(&format!("content/{lang}/")),
            "{path} is in its language's tree ({lang})"
        );
        let title = post["title"]
            .as_str()
            .unwrap_or_else(|| panic!("title of {path}"));
        assert!(!title.trim().is_empty(), "{path} has a title");
        match &post["date"] {
            Value::Null => {}
            Value::String(date) => {
                let b = date.as_bytes();
                assert!(
                    b.len() >= 10
                        && b[4] == b'-'
                        && b[7] == b'-'
                        && date[..4].bytes().all(|c| c.is_ascii_digit()),
                    "{path}: ISO date, got {date}"
                );
            }
            other => panic!("{path}: date is a string or null, got {other}"),
        }
        let url = post["url"]
            .as_str()
            .unwrap_or_else(|| panic!("url of {path}"));
        assert!(url.starts_with('/'), "{path}: url {url}");
        assert!(post["translations"].is_object(), "{path}: translations");
    }
    let langs: BTreeMap<String, usize> = posts.iter().fold(BTreeMap::new(), |mut m, p| {
        *m.entry(p["lang"].as_str().unwrap_or_default().to_string())
            .or_default() += 1;
        m
    });
    assert_eq!(
        langs,
        BTreeMap::from([("en".to_string(), EN_POSTS), ("fr".to_string(), FR_POSTS)])
    );
}

#[test]
fn list_json_titles_are_plain_text() {
    let posts = list_site();
    for post in &posts {
        let title = post["title"].as_str().expect("a title");
        assert!(!has_tag(title), "{}: tag left in {title:?}", post["path"]);
        assert!(
            !has_entity(title),
            "{}: entity left in {title:?}",
            post["path"]
        );
    }
    // Titles written with tags and entities in the front matter.
    let expected = [
        (
            "content/en/blog/posts/hello-world-canada.md",
            "Hello, World Canada", // 'Hello, <strike>World</strike> Canada'
        ),
        (
            "content/en/blog/posts/automated-testing-blog.md",
            "Your team doesn’t have time not to use automated testing", // <strong>not</strong>
        ),
        (
            "content/en/blog/posts/progress-&amp;-plans:-2025-highlights-for-cds-platform-products.md",
            "Progress & plans: 2025 highlights for CDS platform products",
        ),
        (
            "content/fr/blog/posts/retrospective-sur-lapi-denerguide.md",
            // "…ÉnerGuide\_: beaucoup de «&nbsp;premières&nbsp;» et de leçons "
            "Rétrospective sur l’API d’ÉnerGuide\u{a0}: beaucoup de «\u{a0}premières\u{a0}» et de leçons",
        ),
    ];
    for (path, title) in expected {
        assert_eq!(by_path(&posts, path)["title"], title, "{path}");
    }
}

#[test]
fn list_json_links_known_translation_pairs_both_ways() {
    let posts = list_site();
    let pairs = [
        // translationKey: hello-world-canada
        (
            "content/en/blog/posts/hello-world-canada.md",
            "content/fr/blog/posts/bonjour-le-monde-canada.md",
        ),
        // translationKey: blog-digital-gardeners
        (
            "content/en/blog/posts/exploring-the-conditions-for-digital-service-delivery.md",
            "content/fr/blog/posts/explorer-les-conditions-de-la-prestation-de-services-numériques.md",
        ),
        // translationKey: blog-pbs-series-eric (`:` in both names)
        (
            "content/en/blog/posts/empower-to-protect:-recalls-and-safety-alerts-in-canada.md",
            "content/fr/blog/posts/informer-pour-protéger-:-rappels-et-avis-de-sécurité-au-canada.md",
        ),
        // no key: paired by path
        ("content/en/about-us.html", "content/fr/about-us.html"),
    ];
    for (en, fr) in pairs {
        assert_eq!(by_path(&posts, en)["translations"]["fr"], fr, "{en} → fr");
        assert_eq!(by_path(&posts, fr)["translations"]["en"], en, "{fr} → en");
    }
    assert_eq!(
        by_path(&posts, "content/en/blog/posts/hello-world-canada.md")["translationKey"],
        "hello-world-canada"
    );
    // The typo'd key links nothing.
    let lone = by_path(&posts, "content/en/blog/posts/in-this-together.md");
    assert_eq!(lone["translations"], serde_json::json!({}));
}

#[test]
fn list_json_blog_urls_follow_the_date_permalink() {
    let posts = list_site();
    let post = by_path(
        &posts,
        "content/en/blog/posts/exploring-the-conditions-for-digital-service-delivery.md",
    );
    let date = post["date"].as_str().expect("dated");
    assert!(date.starts_with("2021-04-07"), "{date}");
    let url = post["url"].as_str().expect("a url");
    assert!(url.starts_with("/2021/04/07/"), "{url}");

    // `blog: /:year/:month/:day/:filename` for every blog post.
    let blog: Vec<&Value> = posts
        .iter()
        .filter(|p| {
            let path = p["path"].as_str().unwrap_or_default();
            path.starts_with("content/en/blog/posts/") || path.starts_with("content/fr/blog/posts/")
        })
        .collect();
    assert_eq!(blog.len(), BLOG_POSTS);
    for post in blog {
        let date = post["date"]
            .as_str()
            .unwrap_or_else(|| panic!("{} is dated", post["path"]));
        let prefix = format!("/{}/", date[..10].replace('-', "/"));
        let url = post["url"].as_str().expect("a url");
        assert!(
            url.starts_with(&prefix),
            "{}: {url} for {date}",
            post["path"]
        );
    }
}

#[test]
fn list_json_is_newest_first_with_undated_last() {
    let posts = list_site();
    // `list` orders by the publication date, else the update date.
    let dates: Vec<Option<String>> = posts
        .iter()
        .map(|p| {
            p["date"]
                .as_str()
                .or_else(|| p["updated"].as_str())
                .map(|d| d[..10].to_string())
        })
        .collect();
    let first_undated = dates
        .iter()
        .position(Option::is_none)
        .unwrap_or(dates.len());
    assert_eq!(dates.len() - first_undated, UNDATED, "undated posts");
    assert!(
        dates[first_undated..].iter().all(Option::is_none),
        "undated posts come last"
    );
    for (i, pair) in dates[..first_undated].windows(2).enumerate() {
        assert!(
            pair[0] >= pair[1],
            "{} ({:?}) is listed before {} ({:?})",
            posts[i]["path"],
            pair[0],
            posts[i + 1]["path"],
            pair[1]
        );
    }
}

#[test]
fn list_json_reports_odd_file_names_byte_exact() {
    let site = site();
    let posts = list_site();
    let listed: BTreeSet<&str> = posts
        .iter()
        .map(|p| p["path"].as_str().expect("a path"))
        .collect();

    // Independently: every file with front matter, named as on disk.
    let mut on_disk = Vec::new();
    files_under(&site, &site.join("content"), &mut on_disk);
    let with_front_matter: BTreeSet<&str> = on_disk
        .iter()
        .filter(|p| starts_with_bytes(&site.join(p), b"---\n"))
        .map(String::as_str)
        .collect();
    assert_eq!(listed, with_front_matter);

    for name in [
        // NBSP before `.md`
        "content/en/blog/posts/different-perspectives-better-services:-how-generational-diversity-helps\u{a0}.md",
        "content/fr/blog/posts/vers-un-système-de-design-unifié-pour-le-gouvernement-du-canada\u{a0}.md",
        // a plain space inside the name, and a directory ending in a space
        "content/en/blog/posts/setting-users-up for-success-with-content-design.md",
        "content/fr/tags/générateur-d’avis-de-confidentialité /_index.md",
        // `:`, curly apostrophes, `?`, an entity kept as written
        "content/en/blog/posts/don’t-reinvent-the-wheel-:-how-transport-canada-uses-gc-notify.md",
        "content/en/blog/posts/are-you-the-canadian-digital-service’s-next-ceo?.md",
        "content/en/blog/posts/stable-&amp;-safe:-gc-design-system-is-mature-&amp;-exiting-the-alpha-stage.md",
    ] {
        assert!(listed.contains(name), "{name:?} is listed byte-exact");
        assert!(site.join(name).is_file(), "{name:?} is the file on disk");
    }
    assert!(
        listed.iter().any(|p| p.ends_with("\u{a0}.md")),
        "a path ending in NBSP + .md"
    );
    assert!(listed.iter().any(|p| p.ends_with(" /_index.md")));
}

// ------------------------------------------------------------- list --lang

#[test]
fn list_lang_fr_prints_only_french_posts() {
    let output = run(&[os("list"), os("--lang"), os("fr"), site().as_os_str()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), FR_POSTS);
    for line in lines {
        let lang = line.split_whitespace().nth(1);
        assert_eq!(lang, Some("fr"), "{line:?}");
    }
}

// ---------------------------------------------------------------- resolve

fn resolve(url: &str) -> Output {
    run(&[os("resolve"), os(url), site().as_os_str()])
}

#[test]
fn resolve_absolute_english_url_prints_the_post_path() {
    // Written in content/en/blog/posts/we-love-a-good-challenge.md.
    let output = resolve("https://digital.canada.ca/2018/10/19/hello-world-canada/");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let fields: Vec<&str> = text.trim_end_matches('\n').split('\t').collect();
    assert_eq!(fields[0], "content/en/blog/posts/hello-world-canada.md");
    assert_eq!(fields.get(1), Some(&"en"));
}

#[test]
fn resolve_percent_encoded_french_url_finds_the_accented_file() {
    // Written (6 times) in the French posts.
    let output = resolve(
        "https://numerique.canada.ca/2024/05/27/vers-un-syst%C3%A8me-de-design-unifi%C3%A9-pour-le-gouvernement-du-canada/",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let fields: Vec<&str> = text.trim_end_matches('\n').split('\t').collect();
    assert_eq!(
        fields[0],
        "content/fr/blog/posts/vers-un-système-de-design-unifié-pour-le-gouvernement-du-canada\u{a0}.md"
    );
    assert_eq!(fields.get(1), Some(&"fr"));
}

#[test]
fn resolve_of_a_french_page_on_the_english_host_names_its_language() {
    let output = resolve(KNOWN_WRONG_HOST_LINKS[0]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "liseuse: no post at https://digital.canada.ca/emplois/; this page exists in: fr\n"
    );
    let output = resolve("https://numerique.canada.ca/emplois/");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("content/fr/jobs/_index.html\tfr\t"));
}

#[test]
fn resolve_unknown_url_exits_1() {
    let output = resolve("https://digital.canada.ca/2099/01/01/no-such-post/");
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty(), "{}", stdout(&output));
    assert!(!stderr(&output).is_empty(), "says why");
}

// ------------------------------------------------------------------ seeds

fn list_one(file: &Path) -> Value {
    let mut posts = match json(&[os("list"), os("--json"), file.as_os_str()], 0) {
        Value::Array(posts) => posts,
        other => panic!("an array, got {other}"),
    };
    assert_eq!(
        posts.len(),
        1,
        "{}: one post, got {posts:#?}",
        file.display()
    );
    posts.remove(0)
}

#[test]
fn each_seed_loads_as_one_post_with_its_title_and_language() {
    let seeds = [
        (
            "000_",
            "Explorer les conditions de la prestation de services numériques",
            None,
        ),
        (
            "001_",
            "Réunir la prestation de services numériques et les politiques",
            None,
        ),
        (
            "002_",
            "Modification de notre approche aux partenariats",
            None,
        ),
        ("003_", "Offrir des services numériques d’ici 2025", None),
        (
            "004_",
            "Pourquoi le Canada a besoin d’un service numérique",
            Some("fr"),
        ),
    ];
    for (prefix, title, lang) in seeds {
        let file = seed(prefix);
        let post = list_one(&file);
        assert_eq!(post["title"], title, "{}", file.display());
        let got = post["lang"].as_str().unwrap_or_default();
        match lang {
            Some(lang) => assert_eq!(got, lang, "{}: lang from front matter", file.display()),
            None => assert!(!got.is_empty(), "{}: a language", file.display()),
        }
        let path = post["path"].as_str().expect("a path");
        assert!(path.starts_with(prefix) && path.ends_with(".txt"), "{path}");
    }
}

#[test]
fn seed_dates_in_older_shapes_are_parsed() {
    // date: 2017-08-03 10:00:00 -0400 (unquoted, space, offset without colon)
    let post = list_one(&seed("004_"));
    let date = post["date"].as_str().expect("004 is dated");
    assert!(date.starts_with("2017-08-03T10:00"), "{date}");
    assert!(date.ends_with("-04:00"), "{date}");

    // date: '2018-09-07 09:00:00 -0400'
    let date = list_one(&seed("001_"))["date"].clone();
    let date = date.as_str().expect("001 is dated");
    assert!(
        date.starts_with("2018-09-07T09:00") && date.ends_with("-04:00"),
        "{date}"
    );

    // date: '2021-04-07T13:00:00.000Z' and '2022-10-06T12:00:00.000Z'
    for (prefix, day) in [("000_", "2021-04-07T13:00"), ("002_", "2022-10-06T12:00")] {
        let post = list_one(&seed(prefix));
        let date = post["date"].as_str().expect("dated");
        assert!(date.starts_with(day), "{prefix}: {date}");
        assert!(
            date.ends_with('Z') || date.ends_with("+00:00"),
            "{prefix}: UTC, {date}"
        );
    }
}

#[test]
fn seed_003_reads_date_updated_url_and_aliases() {
    let file = seed("003_");
    let post = list_one(&file);
    assert_eq!(post["date"], Value::Null);
    assert_eq!(
        post["updated"], "2019-05-13T00:00:00+00:00",
        "dateUpdated: \"2019-05-13\""
    );
    assert_eq!(post["url"], "/feuille-de-route-2025/");
    // aliases: [/roadmap-2025/]
    let output = run(&[os("resolve"), os("/roadmap-2025/"), file.as_os_str()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("003_"), "{}", stdout(&output));
}

#[test]
fn seed_004_trans_url_alone_is_a_dangling_translation() {
    let file = seed("004_");
    let report = json(&[os("check"), os("--json"), file.as_os_str()], 0);
    assert_eq!(report["posts"], 1);
    let warnings = report["warnings"].as_array().expect("warnings");
    assert!(
        warnings.iter().any(|w| w["kind"] == "dangling-translation"
            && w["message"]
                .as_str()
                .is_some_and(|m| m.contains("/2017/08/03/why-canada-needs-a-digital-service/"))),
        "{warnings:#?}"
    );
    // A warning alone fails only `--strict`.
    let output = run(&[os("check"), os("--strict"), file.as_os_str()]);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn seed_001_yaml_escaped_nbsp_is_decoded() {
    // description: "…pour diriger cette mission\_: regrouper…" — `\_` is
    // YAML's escape for U+00A0. `show FILE DIR` loads that file alone.
    let file = seed("001_");
    let dir = file.parent().expect("in seeds/");
    let output = run(&[
        os("show"),
        file.file_name().expect("a name"),
        dir.as_os_str(),
        os("--width"),
        os("400"),
        os("--color"),
        os("never"),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("mission\u{a0}: regrouper"), "{text}");
    assert!(!text.contains("\\_"), "{text}");
}

// ------------------------------------------------------------------ pipes

/// Runs `liseuse ARGS | head -1` in `sh`; returns liseuse's own exit
/// status, its stderr and what `head` printed.
fn into_head(args: &[&str]) -> (String, String, String) {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let status_file = tmp.path().join("status");
    let stderr_file = tmp.path().join("stderr");
    let bin = assert_cmd::cargo::cargo_bin("liseuse");
    let script = r#"{ "$0" "$@" 2>"$STDERR_FILE"; echo $? >"$STATUS_FILE"; } | head -1"#;
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(&bin)
        .args(args)
        .env("STATUS_FILE", &status_file)
        .env("STDERR_FILE", &stderr_file)
        .output()
        .expect("sh runs");
    assert_eq!(output.status.code(), Some(0), "the pipeline");
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let status = std::fs::read_to_string(&status_file).expect("status written");
    let errors = std::fs::read_to_string(&stderr_file).expect("stderr written");
    (status.trim().to_string(), errors, stdout(&output))
}

#[test]
fn list_into_head_exits_0_without_error_output() {
    let site = site();
    let site = site.to_str().expect("a UTF-8 corpus path");
    let (status, errors, printed) = into_head(&["list", site]);
    assert_eq!(status, "0", "liseuse's exit status");
    assert_eq!(errors, "", "liseuse's stderr");
    assert_eq!(printed.lines().count(), 1);
}

#[test]
fn list_json_into_head_closes_the_pipe_early_and_exits_0() {
    // 370 kB of JSON: more than a pipe holds, so liseuse must meet the
    // closed pipe (with `list`, 42 kB, it may finish before `head` exits).
    let site = site();
    let site = site.to_str().expect("a UTF-8 corpus path");
    let (status, errors, printed) = into_head(&["list", "--json", site]);
    assert_eq!(status, "0", "liseuse's exit status");
    assert_eq!(errors, "", "liseuse's stderr");
    assert_eq!(printed, "[\n");
}

/// DESIGN §4: about 95% of internal absolute links resolve. Counted over
/// links to pages (PDFs and other files aside), a redirect stub of the
/// site counting as found.
#[test]
fn check_json_resolves_95_percent_of_absolute_links_to_pages() {
    let report = check_site();
    let links = &report["links"];
    let absolute = usize_at(links, "/absolute");
    let to_pages = absolute - usize_at(links, "/absolute_to_files");
    let found = usize_at(links, "/absolute_to_posts") + usize_at(links, "/absolute_to_redirects");
    let share = found as f64 / to_pages as f64;
    println!("absolute links to pages resolved: {found}/{to_pages} = {share:.4}");
    assert!(share >= 0.95, "{found}/{to_pages} = {share:.4}");
}
