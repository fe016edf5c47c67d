//! Template tags resolved before Markdown parsing, so that none is ever
//! shown as source: Hugo shortcodes (`{{< name >}}`, `{{% name %}}`),
//! Liquid (`{% tag %}`) and Nunjucks output (`{{ value }}`). Known
//! shortcodes become the Markdown they mean; unknown ones keep their inner
//! text. Malformed links (`[text] (https://…)`) are mended on the way.

use std::collections::HashSet;

/// A body with its template tags resolved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preprocessed {
    pub text: String,
    pub shortcodes: Vec<ShortcodeUse>,
}

/// One shortcode (or Liquid/Nunjucks tag) met, by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShortcodeUse {
    pub name: String,
    pub known: bool,
}

/// Resolves every template tag of `body` outside code.
pub fn preprocess(body: &str) -> Preprocessed {
    if !body.contains("{{") && !body.contains("{%") && !body.contains("] (") {
        return Preprocessed {
            text: body.to_string(),
            shortcodes: Vec::new(),
        };
    }
    Scanner::new(body).run()
}

/// Names with a closing tag somewhere: their opening tag wraps content.
fn closed_names(body: &str) -> HashSet<String> {
    let mut names = HashSet::new();
    for opener in ["{{<", "{{%"] {
        let mut rest = body;
        while let Some(at) = rest.find(opener) {
            rest = &rest[at + 3..];
            let inner = rest.trim_start();
            if let Some(name) = inner.strip_prefix('/') {
                let name: String = name
                    .trim_start()
                    .chars()
                    .take_while(|c| is_name_char(*c))
                    .collect();
                names.insert(name);
            }
        }
    }
    names
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '/' | '-' | '_' | '.')
}

/// Wrapper shortcodes: their content shows as blocks of its own.
fn is_wrapper(name: &str) -> bool {
    [
        "div",
        "section",
        "container",
        "wrapper",
        "row",
        "col",
        "column",
    ]
    .iter()
    .any(|suffix| name.ends_with(suffix))
}

struct Scanner<'a> {
    body: &'a str,
    at: usize,
    out: String,
    uses: Vec<ShortcodeUse>,
    closed: HashSet<String>,
    fence: Option<&'static str>,
}

impl<'a> Scanner<'a> {
    fn new(body: &'a str) -> Self {
        Scanner {
            body,
            at: 0,
            out: String::with_capacity(body.len()),
            uses: Vec::new(),
            closed: closed_names(body),
            fence: None,
        }
    }

    fn rest(&self) -> &'a str {
        &self.body[self.at..]
    }

    fn run(mut self) -> Preprocessed {
        while self.at < self.body.len() {
            let rest = self.rest();
            let at_line_start = self.at == 0 || self.body.as_bytes()[self.at - 1] == b'\n';
            if at_line_start && self.toggles_fence(rest) {
                self.copy_line();
                continue;
            }
            if self.fence.is_some() {
                self.copy_line();
                continue;
            }
            if rest.starts_with('`') {
                self.copy_code_span();
            } else if rest.starts_with("{{<") || rest.starts_with("{{%") {
                self.shortcode();
            } else if rest.starts_with("{%") {
                self.liquid();
            } else if rest.starts_with("{{") && rest[2..].starts_with([' ', '-']) {
                self.drop_tag("}}", "{{ }}", true);
            } else if rest.starts_with("] (") && self.mend_link() {
            } else {
                let c = rest.chars().next().unwrap_or(' ');
                self.out.push(c);
                self.at += c.len_utf8();
            }
        }
        Preprocessed {
            text: self.out,
            shortcodes: self.uses,
        }
    }

    fn toggles_fence(&mut self, line: &str) -> bool {
        let trimmed = line.trim_start_matches(' ');
        for marker in ["```", "~~~"] {
            if trimmed.starts_with(marker) {
                self.fence = match self.fence {
                    None => Some(marker),
                    Some(open) if open == marker => None,
                    Some(open) => Some(open),
                };
                return true;
            }
        }
        false
    }

    fn copy_line(&mut self) {
        let rest = self.rest();
        let end = rest.find('\n').map_or(rest.len(), |n| n + 1);
        self.out.push_str(&rest[..end]);
        self.at += end;
    }

    /// An inline code span is copied as is, up to its closing backticks on
    /// the same line (or just the backticks when it never closes).
    fn copy_code_span(&mut self) {
        let rest = self.rest();
        let ticks = rest.len() - rest.trim_start_matches('`').len();
        let marker = &rest[..ticks];
        let line_end = rest.find('\n').unwrap_or(rest.len());
        let end = rest[ticks..line_end]
            .find(marker)
            .map_or(ticks, |close| ticks + close + ticks);
        self.out.push_str(&rest[..end]);
        self.at += end;
    }

    fn record(&mut self, name: &str, known: bool) {
        self.uses.push(ShortcodeUse {
            name: name.to_string(),
            known,
        });
    }

    /// Drops a tag up to `close`; unclosed, the rest of its line goes.
    fn drop_tag(&mut self, close: &str, name: &str, known: bool) {
        let rest = self.rest();
        let end = match rest[2..].find(close) {
            Some(end) => 2 + end + close.len(),
            None => rest.find('\n').unwrap_or(rest.len()),
        };
        self.record(name, known);
        self.at += end;
    }

    fn shortcode(&mut self) {
        let rest = self.rest();
        let close = if rest.starts_with("{{<") {
            ">}}"
        } else {
            "%}}"
        };
        let Some(end) = rest[3..].find(close) else {
            // Unclosed: the rest of the line is never shown as source.
            self.at += rest.find('\n').unwrap_or(rest.len());
            self.record("(unclosed)", false);
            return;
        };
        let inner = rest[3..3 + end].trim();
        self.at += 3 + end + close.len();
        let (closing, inner) = match inner.strip_prefix('/') {
            Some(name) => (true, name.trim_start()),
            None => (false, inner),
        };
        let inner = inner.strip_suffix('/').unwrap_or(inner).trim_end();
        let name: String = inner.chars().take_while(|c| is_name_char(*c)).collect();
        if name.is_empty() {
            self.record("(malformed)", false);
            return;
        }
        let args = Args::parse(&inner[name.len()..]);
        if closing {
            self.close_shortcode(&name);
        } else {
            self.open_shortcode(&name, &args);
        }
    }

    fn open_shortcode(&mut self, name: &str, args: &Args) {
        let known = match name {
            "figure" | "img" | "image" => {
                let src = args
                    .get(&["src", "link"])
                    .or(args.positional(0))
                    .unwrap_or("");
                let caption = args.get(&["caption", "title"]);
                let alt = args.get(&["alt"]).or(caption).unwrap_or("");
                let src = defuse(src).replace(' ', "%20");
                self.out
                    .push_str(&format!("\n\n![{}]({src})\n\n", clean_label(alt)));
                if let Some(caption) = caption.filter(|c| *c != alt) {
                    self.out
                        .push_str(&format!("*{}*\n\n", clean_label(caption.trim())));
                }
                true
            }
            "youtube" | "vimeo" => {
                let id = defuse(args.get(&["id"]).or(args.positional(0)).unwrap_or(""));
                let title = args
                    .get(&["title"])
                    .map_or_else(|| id.clone(), str::to_string);
                let (site, url) = if name == "youtube" {
                    ("YouTube", format!("https://www.youtube.com/watch?v={id}"))
                } else {
                    ("Vimeo", format!("https://vimeo.com/{id}"))
                };
                self.out
                    .push_str(&format!("[{site} video: {}]({url})", clean_label(&title)));
                true
            }
            "ref" | "relref" => {
                self.out.push_str(&defuse(
                    args.get(&["path"]).or(args.positional(0)).unwrap_or(""),
                ));
                true
            }
            "highlight" => {
                let lang = defuse(args.positional(0).unwrap_or(""));
                self.out.push_str(&format!("\n```{lang}\n"));
                true
            }
            "details" => {
                let summary = args.get(&["summary", "title"]).unwrap_or("Details");
                self.out.push_str(&format!(
                    "\n\n<details><summary>{}</summary>\n\n",
                    clean_label(summary)
                ));
                true
            }
            "param" | "toc" => true,
            _ if is_wrapper(name) => {
                self.out.push_str("\n\n");
                true
            }
            _ => {
                if !self.closed.contains(name) {
                    // Unpaired and unknown: its text arguments are all it has.
                    if let Some(text) = args
                        .get(&["text", "title", "label"])
                        .or(args.positional_text())
                    {
                        self.out.push_str(&defuse(text));
                    }
                }
                false
            }
        };
        self.record(name, known);
    }

    fn close_shortcode(&mut self, name: &str) {
        match name {
            "highlight" => self.out.push_str("\n```\n"),
            "details" => self.out.push_str("\n\n</details>\n\n"),
            _ if is_wrapper(name) => self.out.push_str("\n\n"),
            _ => {}
        }
    }

    fn liquid(&mut self) {
        let rest = self.rest();
        let Some(end) = rest[2..].find("%}") else {
            self.at += rest.find('\n').unwrap_or(rest.len());
            self.record("(unclosed)", false);
            return;
        };
        let inner = rest[2..2 + end].trim_matches(|c: char| c == '-' || c.is_whitespace());
        self.at += 2 + end + 2;
        let name: String = inner.chars().take_while(|c| is_name_char(*c)).collect();
        let argument = inner[name.len()..].trim();
        let known = match name.as_str() {
            "raw" => {
                // Everything up to `{% endraw %}` is shown as written.
                let rest = self.rest();
                let end = find_liquid_end(rest, "endraw").unwrap_or((rest.len(), rest.len()));
                self.out.push_str(&rest[..end.0]);
                self.at += end.1;
                true
            }
            "highlight" => {
                let lang = defuse(argument.split_whitespace().next().unwrap_or(""));
                self.out.push_str(&format!("\n```{lang}\n"));
                true
            }
            "endhighlight" => {
                self.out.push_str("\n```\n");
                true
            }
            "link" | "post_url" => {
                self.out.push_str(&defuse(argument));
                true
            }
            "include" | "if" | "elsif" | "else" | "endif" | "for" | "endfor" | "unless"
            | "endunless" | "assign" | "capture" | "endcapture" | "comment" | "endcomment"
            | "case" | "when" | "endcase" | "set" | "block" | "endblock" | "extends" => true,
            _ => false,
        };
        if !name.starts_with('/') {
            self.record(&name, known);
        }
    }

    /// `[text] (https://…)` becomes `[text](https://…)`.
    fn mend_link(&mut self) -> bool {
        let rest = self.rest();
        let after = &rest[3..];
        let Some(close) = after.find(')') else {
            return false;
        };
        let target = &after[..close];
        let looks_like_link = (target.starts_with("http://")
            || target.starts_with("https://")
            || target.starts_with('/')
            || target.starts_with('#'))
            && !target.contains(char::is_whitespace);
        let line_start = self.out.rfind('\n').map_or(0, |n| n + 1);
        let opened = self.out[line_start..]
            .rfind('[')
            .is_some_and(|open| !self.out[line_start + open..].contains(']'));
        if !looks_like_link || !opened {
            return false;
        }
        self.out.push_str("](");
        self.at += 3;
        true
    }
}

/// `{% endraw %}` after `rest`: (where the raw text ends, where the tag ends).
fn find_liquid_end(rest: &str, name: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(at) = rest[from..].find("{%") {
        let start = from + at;
        let close = rest[start..].find("%}")? + start;
        let inner = rest[start + 2..close].trim_matches(|c: char| c == '-' || c.is_whitespace());
        if inner == name {
            return Some((start, close + 2));
        }
        from = close + 2;
    }
    None
}

/// Text for a Markdown link or image label: brackets would end it early,
/// and template openers inside arguments must not come back as source.
fn clean_label(text: &str) -> String {
    defuse(&text.replace(['[', ']'], ""))
}

/// Argument text without template delimiters.
fn defuse(text: &str) -> String {
    let mut text = text.to_string();
    for delimiter in ["{{", "{%", "%}", "}}"] {
        while text.contains(delimiter) {
            text = text.replace(delimiter, "");
        }
    }
    text
}

/// Shortcode arguments: `key="value"`, `key='value'`, `key=value`, `"value"`, `value`.
#[derive(Debug, Default)]
struct Args<'a> {
    named: Vec<(&'a str, &'a str)>,
    positional: Vec<&'a str>,
}

impl<'a> Args<'a> {
    fn parse(mut text: &'a str) -> Args<'a> {
        let mut args = Args::default();
        loop {
            text = text.trim_start();
            if text.is_empty() {
                return args;
            }
            let key_len = text
                .find(|c: char| c == '=' || c.is_whitespace() || c == '"' || c == '\'')
                .unwrap_or(text.len());
            let (key, after_key) = if text[key_len..].starts_with('=') && key_len > 0 {
                (Some(&text[..key_len]), &text[key_len + 1..])
            } else {
                (None, text)
            };
            let (value, rest) = match after_key.chars().next() {
                Some(quote @ ('"' | '\'' | '`')) => {
                    let body = &after_key[1..];
                    match body.find(quote) {
                        Some(end) => (&body[..end], &body[end + 1..]),
                        None => (body, ""),
                    }
                }
                _ => {
                    let end = after_key
                        .find(char::is_whitespace)
                        .unwrap_or(after_key.len());
                    (&after_key[..end], &after_key[end..])
                }
            };
            match key {
                Some(key) => args.named.push((key, value)),
                None => args.positional.push(value),
            }
            if rest.len() == text.len() {
                return args;
            }
            text = rest;
        }
    }

    fn get(&self, keys: &[&str]) -> Option<&'a str> {
        keys.iter().find_map(|key| {
            self.named
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| *v)
        })
    }

    fn positional(&self, index: usize) -> Option<&'a str> {
        self.positional.get(index).copied()
    }

    /// Positional arguments that read as words rather than ids or paths.
    fn positional_text(&self) -> Option<&'a str> {
        self.positional
            .iter()
            .copied()
            .find(|value| value.contains(' ') && !value.contains('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn text(body: &str) -> String {
        preprocess(body).text
    }

    #[rstest]
    #[case::figure(
        "{{< figure src=\"/img/map.png\" alt=\"A map\" caption=\"Where we work\" >}}",
        "\n\n![A map](/img/map.png)\n\n*Where we work*\n\n"
    )]
    #[case::figure_alt_only("{{< figure src=/a.png alt='Alt' >}}", "\n\n![Alt](/a.png)\n\n")]
    #[case::youtube(
        "{{< youtube abc123 >}}",
        "[YouTube video: abc123](https://www.youtube.com/watch?v=abc123)"
    )]
    #[case::youtube_named(
        "{{< youtube id=\"x\" title=\"Demo\" >}}",
        "[YouTube video: Demo](https://www.youtube.com/watch?v=x)"
    )]
    #[case::wrapper(
        "{{% roadmap/div class=\"step\" %}}\n## Step\n{{% /roadmap/div %}}",
        "\n\n\n## Step\n\n\n"
    )]
    #[case::unknown_paired("{{< note >}}Keep this{{< /note >}}", "Keep this")]
    #[case::unknown_text_argument("{{< button text=\"Apply now\" url=\"/apply\" >}}", "Apply now")]
    #[case::unknown_silent("{{< tweet user=\"x\" id=\"1\" >}}", "")]
    #[case::self_closing("{{< figure src=\"/b.png\" alt=\"B\" />}}", "\n\n![B](/b.png)\n\n")]
    #[case::ref_in_link("[x]({{< ref \"posts/a.md\" >}})", "[x](posts/a.md)")]
    #[case::liquid_include("Before{% include footer.html %}after", "Beforeafter")]
    #[case::liquid_link("{% link _posts/a.md %}", "_posts/a.md")]
    #[case::liquid_raw("{% raw %}{{ kept }}{% endraw %}", "{{ kept }}")]
    #[case::nunjucks("Hello {{ page.title }}!", "Hello !")]
    #[case::nunjucks_trim("a{{- x -}}b", "ab")]
    #[case::malformed_link(
        "Read [our guide] (https://x.ca/g/) now",
        "Read [our guide](https://x.ca/g/) now"
    )]
    #[case::not_a_link("a [x] (not a link)", "a [x] (not a link)")]
    #[case::unclosed("text {{< figure src=x\nnext line", "text \nnext line")]
    fn resolves_template_tags(#[case] body: &str, #[case] expected: &str) {
        assert_eq!(text(body), expected);
    }

    #[test]
    fn code_keeps_templates_as_source() {
        let body = "```\n{{< figure src=x >}}\n```\nand `{{< y >}}` inline\n";
        assert_eq!(text(body), body);
    }

    #[test]
    fn uses_are_recorded_by_name() {
        let uses =
            preprocess("{{< figure src=x >}}{{< mystery >}}{% include a %}{{ v }}").shortcodes;
        let names: Vec<(&str, bool)> = uses.iter().map(|u| (u.name.as_str(), u.known)).collect();
        assert_eq!(
            names,
            [
                ("figure", true),
                ("mystery", false),
                ("include", true),
                ("{{ }}", true)
            ]
        );
    }

    #[test]
    fn hostile_shapes_end_without_leaking_source() {
        let many_unclosed = "{{< a ".repeat(100_000);
        let nested = format!(
            "{}x{}",
            "{{< n >}}".repeat(10_000),
            "{{< /n >}}".repeat(10_000)
        );
        let long_line = format!("{}{{{{< figure src=z >}}}}", "word ".repeat(1_000_000));
        for body in [
            many_unclosed,
            nested,
            long_line,
            "{{<".to_string(),
            "{%".to_string(),
            "] (".to_string(),
        ] {
            let out = text(&body);
            for leak in ["{{<", "{{%", "{%"] {
                assert!(!out.contains(leak), "{leak} left");
            }
        }
    }

    #[test]
    fn random_fragments_never_panic_or_leak() {
        const FRAGMENTS: &[&str] = &[
            "{{<",
            ">}}",
            "{{%",
            "%}}",
            "{%",
            "%}",
            "{{ ",
            "}}",
            "/",
            "figure",
            " src=\"",
            "\"",
            "'",
            "é",
            "漢",
            "🍁",
            "\n",
            "```",
            "`",
            "[a] (",
            "https://x.ca/",
            ")",
            " ",
            "=",
            "-",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..3000 {
            let mut body = String::new();
            for _ in 0..40 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                body.push_str(FRAGMENTS[(state % FRAGMENTS.len() as u64) as usize]);
            }
            let out = text(&body);
            // Outside code fences and spans, no tag opener survives.
            if !body.contains('`') {
                for leak in ["{{<", "{{%", "{%"] {
                    assert!(!out.contains(leak), "{leak} left in {out:?} from {body:?}");
                }
            }
        }
    }
}
