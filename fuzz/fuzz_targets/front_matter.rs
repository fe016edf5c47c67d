//! Any bytes as a post file: decoded, split, front matter read as YAML and
//! as TOML, and made into a post. Nothing may panic or hang, and what comes
//! out holds no carriage return and names a real language code.

#![no_main]

use libfuzzer_sys::fuzz_target;
use liseuse::content::front_matter::{self, Format};
use liseuse::content::layout::{self, SiteConfig};
use liseuse::content::{Source, load};
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

static LONE_FILE: LazyLock<SiteConfig> =
    LazyLock::new(|| layout::detect(&Source::File(PathBuf::from("post.md"))));
static SAMPLE_SITE: LazyLock<SiteConfig> = LazyLock::new(|| layout::detect(&Source::sample()));

fuzz_target!(|data: &[u8]| {
    let mut warnings = Vec::new();
    let Ok(text) = load::decode(Cow::Borrowed(data), Path::new("post.md"), &mut warnings) else {
        return;
    };
    assert!(!text.contains('\r'), "line ends are `\\n`: {text:?}");
    if let Ok(split) = front_matter::split(&text) {
        if let Some(format) = split.format {
            front_matter::parse(format, split.front_matter, split.front_matter_line);
        }
    }
    // The whole text as either kind of front matter, and as a configuration.
    front_matter::parse(Format::Yaml, &text, 2);
    front_matter::parse(Format::Toml, &text, 2);
    let _ = front_matter::parse_yaml_document(&text);
    let _ = front_matter::parse_toml_document(&text);
    for (config, path) in [
        (&*LONE_FILE, "post.md"),
        (&*LONE_FILE, "post.html"),
        (&*SAMPLE_SITE, "content/fr/blog/posts/2019-03-06-x.md"),
        (&*SAMPLE_SITE, "content/en/_index.fr.html"),
    ] {
        if let Ok(post) = load::parse_post(config, Path::new(path), text.clone(), &mut warnings) {
            assert!(
                layout::is_language_tag(post.lang.as_str()),
                "{:?} is shown as a language",
                post.lang
            );
            assert!(!post.body().contains('\r'));
        }
    }
});
