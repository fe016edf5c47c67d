//! Writes a bilingual Hugo site of N posts made from a real site's posts,
//! for the figures at scale (`benches/scale.sh`):
//!
//! ```sh
//! cargo run --release --example generate_site -- ../shared/corpus/digital-canada-ca /tmp/site-100k 100000
//! ```
//!
//! Each generated pair starts from a real translation pair: its front
//! matter as written (every shape the real site uses), its title numbered,
//! its own `translationKey`, and a body recombined from its paragraphs and
//! those of another post of the same language, so text, markup, shortcodes
//! and links keep their real proportions. The site's `config/` is copied so
//! the layout and languages are detected as for the real site.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// One real post, split where the generator recombines it.
struct Source {
    /// The real file's name: the first copy of each post keeps it (and so
    /// its address), so that the real posts' links to each other resolve.
    name: String,
    front_matter: Vec<String>,
    title: String,
    paragraphs: Vec<String>,
}

fn main() -> io::Result<()> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: generate_site REAL_SITE OUT_DIR [POSTS]";
    let real = PathBuf::from(args.next().expect(usage));
    let out = PathBuf::from(args.next().expect(usage));
    let wanted: usize = args.next().map_or(100_000, |n| n.parse().expect(usage));

    let pairs = real_pairs(&real)?;
    assert!(
        !pairs.is_empty(),
        "no translation pairs in {}",
        real.display()
    );
    if out.exists() {
        fs::remove_dir_all(&out)?;
    }
    copy_tree(&real.join("config"), &out.join("config"))?;

    let mut bytes = 0usize;
    let mut files = 0usize;
    for n in 0..wanted.div_ceil(2) {
        let (english, french) = &pairs[n % pairs.len()];
        // Another pair's paragraphs, far from this one in the list.
        let (other_en, other_fr) = &pairs[(n * 7919 + 13) % pairs.len()];
        for (lang, post, other) in [("en", english, other_en), ("fr", french, other_fr)] {
            if files == wanted {
                break;
            }
            let text = generated(post, other, n);
            let dir = out
                .join("content")
                .join(lang)
                .join("blog/posts")
                .join(format!("{:03}", n / 1000));
            fs::create_dir_all(&dir)?;
            let name = if n < pairs.len() {
                post.name.clone()
            } else {
                format!("post-{n:06}.md")
            };
            fs::write(dir.join(name), &text)?;
            bytes += text.len();
            files += 1;
        }
    }
    println!(
        "{files} posts, {:.1} MB, from {} real pairs, in {}",
        bytes as f64 / 1e6,
        pairs.len(),
        out.display()
    );
    Ok(())
}

/// The text of generated post `n` from `post`, with paragraphs of `other`.
fn generated(post: &Source, other: &Source, n: usize) -> String {
    let mut text = String::from("---\n");
    let mut in_title = false;
    for line in &post.front_matter {
        // A title written over several lines goes with its first line.
        if in_title && line.starts_with([' ', '\t']) {
            continue;
        }
        let key = line.split(':').next().unwrap_or("").trim();
        in_title = key == "title";
        match key {
            "title" => text.push_str(&format!(
                "title: '{} {n}'\n",
                post.title.replace('\'', "''")
            )),
            "translationKey" => {}
            _ => {
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    text.push_str(&format!("translationKey: generated-{n}\n---\n"));
    // The post's first half, then the other's second half.
    let own = post.paragraphs.len().div_ceil(2);
    let theirs = other.paragraphs.len() / 2;
    for paragraph in post.paragraphs[..own]
        .iter()
        .chain(&other.paragraphs[theirs..])
    {
        text.push_str(paragraph);
        text.push_str("\n\n");
    }
    text
}

/// The real site's blog posts that have a translation, as (en, fr) pairs.
fn real_pairs(real: &Path) -> io::Result<Vec<(Source, Source)>> {
    let mut by_key: HashMap<String, (Option<Source>, Option<Source>)> = HashMap::new();
    for lang in ["en", "fr"] {
        let dir = real.join("content").join(lang).join("blog/posts");
        let mut names: Vec<PathBuf> = fs::read_dir(&dir)?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|e| e == "md"))
            .collect();
        names.sort();
        for path in names {
            let Ok(text) = fs::read_to_string(&path) else {
                continue;
            };
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let Some((source, key)) = split(&text, name) else {
                continue;
            };
            let slot = by_key.entry(key).or_default();
            if lang == "en" {
                slot.0 = Some(source);
            } else {
                slot.1 = Some(source);
            }
        }
    }
    let mut pairs: Vec<(String, Source, Source)> = by_key
        .into_iter()
        .filter_map(|(key, pair)| match pair {
            (Some(en), Some(fr)) => Some((key, en, fr)),
            _ => None,
        })
        .collect();
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(pairs.into_iter().map(|(_, en, fr)| (en, fr)).collect())
}

/// A post's front matter lines, title and paragraphs, and its
/// `translationKey`; `None` for a post without one.
fn split(text: &str, name: String) -> Option<(Source, String)> {
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---\n")?;
    let front_matter: Vec<String> = rest[..end].lines().map(str::to_string).collect();
    let body = &rest[end + 5..];
    let value = |key: &str| {
        front_matter.iter().find_map(|line| {
            let (k, v) = line.split_once(':')?;
            (k.trim() == key).then(|| v.trim().trim_matches(['"', '\'']).to_string())
        })
    };
    let key = value("translationKey").filter(|k| !k.is_empty())?;
    let title = value("title").unwrap_or_default();
    let paragraphs = body
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    Some((
        Source {
            name,
            front_matter,
            title,
            paragraphs,
        },
        key,
    ))
}

fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
