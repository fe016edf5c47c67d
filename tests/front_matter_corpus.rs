//! The fast front matter reader against serde_yaml on every real file: where
//! the fast one answers, both must give the same fields.

use liseuse::content::front_matter::{self, Format, budget, simple_yaml};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn fast_reader_agrees_with_serde_yaml_on_the_real_corpus() {
    let corpus = std::env::var_os("LISEUSE_CORPUS").map_or_else(
        || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus")),
        PathBuf::from,
    );
    assert!(
        corpus.is_dir(),
        "the real corpus is missing at {}",
        corpus.display()
    );
    let mut paths = Vec::new();
    files(&corpus, &mut paths);
    files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample"),
        &mut paths,
    );
    let (mut fast, mut total) = (0, 0);
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(split) = front_matter::split(&text) else {
            continue;
        };
        if split.format != Some(Format::Yaml) {
            continue;
        }
        total += 1;
        if let Some(fields) = simple_yaml::parse(split.front_matter, budget::FRONT_MATTER) {
            fast += 1;
            let full =
                front_matter::parse_yaml_document_in_full(split.front_matter, budget::FRONT_MATTER)
                    .unwrap_or_else(|issue| {
                        panic!(
                            "{}: fast reader took invalid YAML: {issue:?}",
                            path.display()
                        )
                    });
            assert_eq!(Value::Object(fields), full, "{}", path.display());
        }
    }
    assert!(total > 500, "{total} front matters");
    // Nearly all real front matter is flat: the fast path must carry it.
    assert!(
        fast * 10 >= total * 9,
        "fast reader took only {fast} of {total}"
    );
}

/// Every `liseuse show` reads the site's configuration: the fast reader
/// must take the real ones, and read them as serde_yaml does.
#[test]
fn fast_reader_takes_the_real_site_configurations() {
    let corpus = std::env::var_os("LISEUSE_CORPUS").map_or_else(
        || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus")),
        PathBuf::from,
    );
    let mut paths = Vec::new();
    files(&corpus.join("digital-canada-ca/config"), &mut paths);
    paths.retain(|path| path.extension().is_some_and(|e| e == "yaml" || e == "yml"));
    assert!(paths.len() >= 2, "{paths:?}");
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("readable");
        let fast = simple_yaml::parse_document(&text, budget::CONFIGURATION)
            .unwrap_or_else(|| panic!("{}: the fast reader gave up", path.display()));
        let full = front_matter::parse_yaml_document_in_full(&text, budget::CONFIGURATION)
            .expect("valid YAML");
        assert_eq!(fast, full, "{}", path.display());
    }
}
