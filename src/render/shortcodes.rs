//! Template tags resolved before Markdown parsing, so that none is ever
//! shown as source: Hugo shortcodes (`{{< name >}}`, `{{% name %}}`),
//! Liquid and Nunjucks tags (`{% tag %}`), their output (`{{ value }}`)
//! and comments (`{# … #}`). Known shortcodes become the Markdown they
//! mean; unknown ones keep their inner text. Malformed links
//! (`[text] (https://…)`) are mended on the way.
//!
//! Code is left as written, because a template shown in code is meant as
//! source. Only the escapes that exist to show templates in code are undone
//! there (`{% raw %}`, `{{</* … */>}}`), as the site generator would.
//! Where the code is comes from pulldown-cmark, the parser that reads the
//! result, so the two agree on it.
//!
//! Two linear passes: a tokenizer cuts the body into text, code and tags;
//! an emitter pairs shortcodes and writes the result. Every search that
//! could be repeated from many starting points remembers its last answer,
//! so hostile input (thousands of unclosed tags) stays linear.
//!
//! The parts live beside this file: `tokenizer` (the first pass),
//! `emitter` (the second) and `meanings` (what each Hugo, Liquid and
//! Nunjucks tag becomes).

use memchr::{memchr, memchr_iter, memchr2_iter, memmem};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;

mod emitter;
mod meanings;
mod source_map;
#[cfg(test)]
mod testing;
mod tokenizer;

use emitter::{Emitter, opens_tag, opens_tag_strictly, push_defused};
pub use source_map::SourceMap;
use std::ops::Range;
use tokenizer::Tokenizer;

/// A body with its template tags resolved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preprocessed {
    /// Markdown (with raw HTML) free of template syntax outside code.
    pub text: String,
    /// Every tag met, in order of appearance.
    pub shortcodes: Vec<ShortcodeUse>,
    /// Where the text came from in the body.
    pub source: SourceMap,
}

/// One shortcode (or Liquid/Nunjucks tag) met, by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShortcodeUse {
    /// The tag's name (`figure`, `include`); `{{ }}` for output
    /// expressions, `{# #}` for comments, `(unclosed)` and `(malformed)`
    /// for tags that could not be read.
    pub name: String,
    /// Whether its meaning is known (and rendered), rather than guessed.
    pub known: bool,
}

/// The language of the words shortcodes are rendered with ("YouTube
/// video", "Vidéo YouTube"): the post's, not the interface's, since they
/// stand in the post's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Words {
    #[default]
    English,
    French,
}

impl Words {
    /// French for `fr` and its regional tags, English otherwise.
    pub fn for_lang(lang: &str) -> Words {
        let primary = lang.split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("fr") {
            Words::French
        } else {
            Words::English
        }
    }

    fn details(self) -> &'static str {
        match self {
            Words::English => "Details",
            Words::French => "Détails",
        }
    }

    fn video(self, site: &str, title: &str) -> String {
        match self {
            Words::English => format!("{site} video: {title}"),
            Words::French => format!("Vidéo {site} : {title}"),
        }
    }

    fn gist(self, user: &str, gist: &str) -> String {
        match self {
            Words::English => format!("Gist: {user}/{gist}"),
            Words::French => format!("Gist : {user}/{gist}"),
        }
    }

    fn post_by(self, user: &str) -> String {
        match self {
            Words::English => format!("Post by @{user}"),
            Words::French => format!("Publication de @{user}"),
        }
    }

    fn post(self, post: &str) -> String {
        match self {
            Words::English => format!("Post {post}"),
            Words::French => format!("Publication {post}"),
        }
    }

    fn instagram(self, id: &str) -> String {
        match self {
            Words::English => format!("Instagram post: {id}"),
            Words::French => format!("Publication Instagram : {id}"),
        }
    }
}

/// Resolves every template tag of `body` outside code, in English words.
pub fn preprocess(body: &str) -> Preprocessed {
    preprocess_in(body, Words::English)
}

/// Resolves every template tag of `body` outside code, naming what
/// shortcodes stand for in `words`.
pub fn preprocess_in(body: &str, words: Words) -> Preprocessed {
    if !has_template_or_spaced_link(body) {
        return Preprocessed {
            text: body.to_owned(),
            shortcodes: Vec::new(),
            source: SourceMap::default(),
        };
    }
    let tokens = Tokenizer::new(body).run();
    let (mut pre, verbatim) = Emitter::new(body.len(), words).run(&tokens);
    // Defusing inserts a space here and there, within lines: the map
    // stays good enough to find a line.
    if let Some(defused) = defuse_shown_templates(&pre.text, &verbatim) {
        pre.text = defused;
    }
    pre
}

/// The last line of defence, for contrived input only: code kept as written
/// can stop being code once tags around it are gone (a removed tag that
/// spanned lines can pull a code span into an HTML block). The result is
/// parsed as the renderer will parse it, and any tag opener it would show
/// as text is spaced out (`{ %`). Output (`{{ x }}`) is left alone in
/// `verbatim`, the content of `{% raw %}`, which is meant to show it.
/// Returns `None` when nothing needed changing.
fn defuse_shown_templates(text: &str, verbatim: &[Range<usize>]) -> Option<String> {
    let has_opener = |text: &str| {
        let bytes = text.as_bytes();
        memchr_iter(b'{', bytes).any(|at| {
            let run = if bytes.get(at + 1) == Some(&b'{') {
                2
            } else {
                1
            };
            bytes
                .get(at + run)
                .is_some_and(|next| opens_tag(run, *next))
        })
    };
    if !has_opener(text) {
        return None;
    }
    let mut shown: Vec<Range<usize>> = Vec::new();
    let mut in_code_block = false;
    for (event, range) in Parser::new_ext(text, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Text(_) if !in_code_block => shown.push(range),
            Event::Html(_) | Event::InlineHtml(_) => shown.push(range),
            // A link's target is shown in the list of references.
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if has_opener(&dest_url) =>
            {
                if let Some(at) = text[range.clone()].rfind(dest_url.as_ref()) {
                    shown.push(range.start + at..range.start + at + dest_url.len());
                }
            }
            _ => {}
        }
    }
    // The parser splits text at `<` and `[`: what touches is one text.
    shown.sort_by_key(|range| range.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(shown.len());
    for range in shown {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    let mut defused = String::with_capacity(text.len() + 16);
    let mut copied = 0;
    let mut raw = verbatim.iter().peekable();
    for range in merged {
        if range.start < copied || !has_opener(&text[range.clone()]) {
            continue;
        }
        defused.push_str(&text[copied..range.start]);
        // Cut the range where raw content starts and ends.
        let mut at = range.start;
        while at < range.end {
            while raw.next_if(|r| r.end <= at).is_some() {}
            let (end, opens): (usize, fn(usize, u8) -> bool) = match raw.peek() {
                Some(r) if r.start <= at => (r.end.min(range.end), opens_tag_strictly),
                Some(r) => (r.start.min(range.end), opens_tag),
                None => (range.end, opens_tag),
            };
            push_defused(&mut defused, &text[at..end], 0, opens);
            at = end;
        }
        copied = range.end;
    }
    if copied == 0 {
        return None;
    }
    defused.push_str(&text[copied..]);
    Some(defused)
}

/// The options `render` parses with: code must be found where it will be.
pub(super) fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Whether there is anything to do: `{{`, `{%`, `{#` or `] (`.
fn has_template_or_spaced_link(body: &str) -> bool {
    let bytes = body.as_bytes();
    memchr2_iter(b'{', b']', bytes).any(|at| match bytes[at] {
        b'{' => matches!(bytes.get(at + 1), Some(b'{' | b'%' | b'#')),
        _ => bytes[at + 1..].starts_with(b" ("),
    })
}

#[cfg(test)]
mod tests {
    use super::testing::*;

    // Robustness: sizes far past real posts finish, and leak nothing.
    fn assert_robust(body: &str) {
        let out = text(body);
        assert_no_template_shown(body, &out);
    }

    #[test]
    fn five_megabyte_line() {
        let unit = "Déjà vu 漢字 🍁 [lien] (https://a.ca/) {{< figure src=a.png >}} {{ x }} {% if %} `{{< c >}}` ";
        assert_robust(&unit.repeat(5_000_000 / unit.len()));
    }

    #[test]
    fn many_unclosed_openers() {
        assert_robust(&"{{< a ".repeat(100_000));
        assert_robust(&"{{< a\n".repeat(100_000));
        assert_robust(&"{{% a ".repeat(100_000));
        assert_robust(&"{% a ".repeat(100_000));
        assert_robust(&"{{ a ".repeat(100_000));
        assert_robust(&"{{</* a ".repeat(100_000));
        assert_robust(&"{# a ".repeat(100_000));
        assert_robust(&"{{a ".repeat(100_000));
        assert_robust(&"[a] (".repeat(100_000));
        assert_robust(&"[a] (/x".repeat(100_000));
    }

    #[test]
    fn many_openers_waiting_for_an_end() {
        assert_robust(&"{{< highlight go >}} x ".repeat(100_000));
        assert_robust(&"{% raw %} {{< x >}} ".repeat(100_000));
        assert_robust(&"{% highlight %}{% comment %}{% capture a %}".repeat(50_000));
        assert_robust(&format!("{}{{% endraw %}}", "{% raw %}".repeat(100_000)));
        assert_robust(&"{% if x {{< y >}} ".repeat(100_000));
        assert_robust(&"` {{< x >}} ".repeat(100_000));
        assert_robust(&"``` {{< x >}}\n".repeat(100_000));
    }

    #[test]
    fn deep_nesting() {
        let nested = format!(
            "{}x{}",
            "{{< n >}}{{% roadmap/div %}}".repeat(10_000),
            "{{% /roadmap/div %}}{{< /n >}}".repeat(10_000)
        );
        assert_robust(&nested);
        let details = format!(
            "{}x{}",
            "{{< details summary=s >}}".repeat(10_000),
            "{{< /details >}}".repeat(10_000)
        );
        assert_robust(&details);
        assert_robust(&"{{< /n >}}{{% /roadmap/div %}}{% endif %}".repeat(100_000));
        let crossed = format!(
            "{}{}",
            "{{< a >}}{{< b >}}".repeat(10_000),
            "{{< /a >}}".repeat(10_000)
        );
        assert_robust(&crossed);
    }

    #[test]
    fn tiny_inputs() {
        for body in [
            "{", "{{", "{{<", "{{%", "{%", "{#", "] (", "[", "]", "{{ ", "{{</*", ">}}", "%}", "`",
            "```",
        ] {
            assert_robust(body);
        }
    }

    /// A deterministic xorshift generator: the same cases on every run.
    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            // The modulo keeps the index below the length.
            items[usize::try_from(self.next() % items.len() as u64).unwrap_or(0)]
        }
    }

    /// The generator and the number of rounds: fixed, unless a longer hunt
    /// is asked for with `SHORTCODE_SEED` and `SHORTCODE_ROUNDS`.
    fn generator(seed: u64) -> (XorShift, usize) {
        let var = |name: &str| std::env::var(name).ok().and_then(|v| v.parse().ok());
        let seed = var("SHORTCODE_SEED").unwrap_or(seed);
        let rounds = var("SHORTCODE_ROUNDS").unwrap_or(20_000);
        (
            XorShift(seed),
            usize::try_from(rounds).unwrap_or(usize::MAX),
        )
    }

    #[test]
    fn random_fragments_never_panic_or_show_templates() {
        // Tag pieces, names, Markdown structure and scripts, mixed at random.
        #[rustfmt::skip]
        const FRAGMENTS: &[&str] = &[
            "{{<", ">}}", "{{%", "%}}", "{%", "%}", "{%-", "-%}", "{{ ", "{{-", "}}", "{#",
            "#}", "{", "}", "/", "*/", "/*", "figure", "highlight", "details", "roadmap/div",
            " src=\"", "\"", "'", "=", "if", "endif", "include", "endhighlight", "comment",
            "endcomment", "link", "é", "漢", "🍁", "e\u{301}", "\n", "\n\n", "```", "~~~", "`",
            "``", "> ", "- ", "1. ", "    ", "[a] (", "[", "]", "(", ")", "https://x.ca/",
            "/p/", " ", "-", "<div>", "</div>", "!", "*", "| ", "|---|\n", "](/x)",
        ];
        let (mut random, rounds) = generator(0x9e37_79b9_7f4a_7c15);
        let mut last_resort = 0;
        for _ in 0..rounds {
            let mut body = String::new();
            let pieces = 1 + random.next() % 40;
            for _ in 0..pieces {
                body.push_str(random.pick(FRAGMENTS));
            }
            let out = text(&body);
            assert_no_template_shown(&body, &out);
            let (unchecked, verbatim) =
                Emitter::new(body.len(), Words::English).run(&Tokenizer::new(&body).run());
            if defuse_shown_templates(&unchecked.text, &verbatim).is_some() {
                last_resort += 1;
                if std::env::var("SHORTCODE_SHOW").is_ok() {
                    eprintln!("{body:?}\n  -> {:?}", unchecked.text);
                }
            }
        }
        // The last line of defence stays that: raw tags outside code aside,
        // the rules above keep templates out of sight on their own.
        assert!(
            last_resort * 100 < rounds,
            "last resort needed {last_resort} times in {rounds}"
        );
    }

    #[test]
    fn random_hostile_fragments_never_panic() {
        // Escapes, raw blocks, control characters, the Hugo comment form
        // and text around multi-byte characters at every offset.
        #[rustfmt::skip]
        const FRAGMENTS: &[&str] = &[
            "{{<", ">}}", "{{%", "%}}", "{%", "%}", "{{</*", "*/>}}", "{{%/*", "*/%}}", "{% raw %}",
            "{% endraw %}", "{%- raw -%}", "{% highlight x %}", "{% endhighlight %}",
            "{{< highlight >}}", "{{< /highlight >}}", "{{< details >}}", "{{< /details >}}",
            "{{< youtube", " id=", "\\", "\\`", "\\{", "\r", "\r\n", "\t", "\0", "\u{1b}[31m",
            "\u{202e}", "\u{feff}", "é", "🍁", "漢字", "\u{10ffff}", "`", "```", "\n", "\n\n", "> ",
            "- [ ] ", "[x] (/a/)", "](", "\"", "'", "=", " ", "{{ ", "}}", "{#", "#}",
        ];
        let (mut random, rounds) = generator(0x2545_f491_4f6c_dd1d);
        for _ in 0..rounds {
            let mut body = String::new();
            for _ in 0..1 + random.next() % 30 {
                body.push_str(random.pick(FRAGMENTS));
            }
            let out = text(&body);
            if !body.contains('\\') {
                for piece in shown_outside_code(&out) {
                    for opener in OPENERS {
                        assert!(!piece.contains(opener), "{opener} in {out:?} from {body:?}");
                    }
                }
            }
        }
    }

    /// Every post of the real corpus (`LISEUSE_CORPUS`, by default
    /// `../shared/corpus`), when it is there: no template shown, and no
    /// malformed link to a URL or a path left unmended.
    #[test]
    fn real_corpus_shows_no_template() {
        let root = std::env::var("LISEUSE_CORPUS").map_or_else(
            |_| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
            std::path::PathBuf::from,
        );
        if !root.is_dir() {
            return;
        }
        let mut stack = vec![root];
        let mut posts = 0;
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let is_post = path
                    .extension()
                    .is_some_and(|e| e == "md" || e == "txt" || e == "html");
                let Some(body) = is_post
                    .then(|| std::fs::read_to_string(&path).ok())
                    .flatten()
                else {
                    continue;
                };
                posts += 1;
                let out = text(&body);
                for piece in shown_outside_code(&out) {
                    for opener in OPENERS {
                        assert!(
                            !piece.contains(opener),
                            "{opener} shown in {}",
                            path.display()
                        );
                    }
                }
                for spaced in ["] (http", "] (/"] {
                    assert!(!out.contains(spaced), "{spaced} left in {}", path.display());
                }
            }
        }
        assert!(posts > 0, "no post found in the corpus");
    }
}
