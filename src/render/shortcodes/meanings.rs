//! What Hugo shortcodes and Liquid and Nunjucks tags mean here, and the
//! Markdown each becomes.

use super::emitter::*;
use super::tokenizer::*;
use std::borrow::Cow;

/// Shortcode arguments: `key="value"`, `key='value'`, `key=value`,
/// `"value"` or `value`, separated by spaces (or commas, in Nunjucks).
#[derive(Debug, Default)]
pub(super) struct Args<'a> {
    pub(super) named: Vec<(&'a str, Cow<'a, str>)>,
    /// Positional values, and whether each was quoted.
    pub(super) positional: Vec<(Cow<'a, str>, bool)>,
}

impl<'a> Args<'a> {
    pub(super) fn parse(mut text: &'a str) -> Args<'a> {
        let mut args = Args::default();
        loop {
            text = text.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
            if text.is_empty() {
                return args;
            }
            let key_len = text
                .find(|c: char| c == '=' || c == ',' || c.is_whitespace() || "\"'`".contains(c))
                .unwrap_or(text.len());
            let (key, value_text) = match text[key_len..].strip_prefix('=') {
                Some(after) if key_len > 0 => (Some(&text[..key_len]), after),
                _ => (None, text),
            };
            let (value, quoted, rest) = read_value(value_text);
            match key {
                Some(key) => args.named.push((key, value)),
                None => args.positional.push((value, quoted)),
            }
            if rest.len() >= text.len() {
                // No progress (cannot happen, but a loop must end).
                return args;
            }
            text = rest;
        }
    }

    pub(super) fn get(&self, keys: &[&str]) -> Option<&str> {
        keys.iter().find_map(|key| {
            self.named
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v.as_ref())
        })
    }

    pub(super) fn positional(&self, index: usize) -> Option<&str> {
        self.positional.get(index).map(|(value, _)| value.as_ref())
    }

    /// A value under one of `keys`, else the positional one at `index`.
    pub(super) fn get_or(&self, keys: &[&str], index: usize) -> Option<&str> {
        self.get(keys)
            .or_else(|| self.positional(index))
            .map(str::trim)
            .filter(|value| !value.is_empty())
    }
}

/// One value at the start of `text`: (value, was it quoted, the rest).
pub(super) fn read_value(text: &str) -> (Cow<'_, str>, bool, &str) {
    let Some(quote) = text.chars().next().filter(|c| "\"'`".contains(*c)) else {
        let end = text
            .find(|c: char| c.is_whitespace() || c == ',')
            .unwrap_or(text.len());
        return (Cow::Borrowed(&text[..end]), false, &text[end..]);
    };
    let body = &text[1..];
    let mut escaped = false;
    let mut has_escape = false;
    for (i, c) in body.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' && quote == '"' {
            escaped = true;
            has_escape = true;
        } else if c == quote {
            let raw = &body[..i];
            let value = if has_escape {
                Cow::Owned(raw.replace("\\\"", "\"").replace("\\\\", "\\"))
            } else {
                Cow::Borrowed(raw)
            };
            return (value, true, &body[i + 1..]);
        }
    }
    (Cow::Borrowed(body), true, "")
}

/// What a shortcode or tag means here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Meaning {
    Media(Media),
    /// Its argument is a path, usually inside a link target.
    Reference,
    Details,
    /// A container: its content, as blocks of their own.
    Wrapper,
    /// Known, and shows nothing (`param`, `if`).
    Nothing,
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Media {
    Image,
    YouTube,
    Vimeo,
    Gist,
    Post,
    Instagram,
}

pub(super) fn media(name: &str) -> Option<Media> {
    Some(match name {
        "figure" | "img" | "image" => Media::Image,
        "youtube" => Media::YouTube,
        "vimeo" => Media::Vimeo,
        "gist" => Media::Gist,
        "tweet" | "twitter" | "x" => Media::Post,
        "instagram" => Media::Instagram,
        _ => return None,
    })
}

pub(super) fn hugo_meaning(name: &str) -> Meaning {
    if let Some(media) = media(name) {
        return Meaning::Media(media);
    }
    match name {
        "ref" | "relref" => Meaning::Reference,
        "details" => Meaning::Details,
        // `highlight` without a closing tag has no content to show.
        "param" | "highlight" => Meaning::Nothing,
        _ if is_wrapper(name) => Meaning::Wrapper,
        _ => Meaning::Unknown,
    }
}

/// Layout shortcodes, by the last word of their name: `roadmap/div`,
/// `two-col`, `grid_row`, `section`. A word, not any ending, so that
/// `protocol` or `arrow` are not taken for columns and rows.
pub(super) fn is_wrapper(name: &str) -> bool {
    let last = name
        .rsplit(['/', '-', '_', '.'])
        .next()
        .unwrap_or(name)
        .to_ascii_lowercase();
    matches!(
        last.as_str(),
        "div" | "section" | "container" | "wrapper" | "row" | "col" | "column"
    )
}

/// Liquid and Nunjucks tags: those with a meaning, and the standard ones
/// that show nothing themselves.
pub(super) fn liquid_meaning(name: &str) -> Meaning {
    if let Some(media) = media(name) {
        return Meaning::Media(media);
    }
    match name {
        "link" | "post_url" => Meaning::Reference,
        "include" | "include_relative" | "render" | "if" | "elsif" | "else" | "elif" | "unless"
        | "for" | "break" | "continue" | "case" | "when" | "assign" | "capture" | "comment"
        | "raw" | "verbatim" | "highlight" | "cycle" | "increment" | "decrement" | "tablerow"
        | "set" | "block" | "extends" | "macro" | "import" | "from" | "filter" | "call" => {
            Meaning::Nothing
        }
        _ => Meaning::Unknown,
    }
}

/// A Jekyll include that stands for media: `{% include figure.html … %}`.
pub(super) fn included_media(file: &str) -> Option<Media> {
    let stem = file.rsplit('/').next().unwrap_or(file);
    let stem = stem.split('.').next().unwrap_or(stem);
    media(stem).filter(|media| matches!(media, Media::Image | Media::YouTube | Media::Vimeo))
}

impl Emitter {
    pub(super) fn shortcode(&mut self, tag: Shortcode<'_>, paired: bool) {
        let meaning = hugo_meaning(tag.name);
        if tag.kind == TagKind::Close {
            if paired {
                self.close(meaning);
            }
            return;
        }
        self.record(tag.name, meaning != Meaning::Unknown);
        let args = Args::parse(tag.args);
        let paired = paired && tag.kind == TagKind::Open;
        match meaning {
            Meaning::Media(media) => self.media(media, &args),
            Meaning::Reference => {
                if let Some(path) = args.get_or(&["path"], 0) {
                    self.out.push(&clean_url(path));
                }
            }
            Meaning::Details if paired => {
                let summary = args
                    .get(&["summary", "title"])
                    .unwrap_or(self.words.details());
                self.out.start_block();
                self.out.push(&format!(
                    "<details><summary>{}</summary>",
                    escape_html(&fold(summary))
                ));
                self.out.end_block();
            }
            Meaning::Details => self.text_arguments(&args),
            Meaning::Wrapper => {
                self.out.start_block();
                self.out.end_block();
            }
            Meaning::Nothing => {}
            Meaning::Unknown if paired => {
                // A box with a heading (`alert`, `accordion`): the heading
                // is part of what the reader needs.
                if let Some(title) = args.get(&["title"]).map(fold).filter(|t| !t.is_empty()) {
                    self.out.start_block();
                    self.out.push(&format!("**{}**", escape_inline(&title)));
                    self.out.end_block();
                }
            }
            Meaning::Unknown => self.text_arguments(&args),
        }
    }

    pub(super) fn close(&mut self, meaning: Meaning) {
        match meaning {
            Meaning::Details => {
                self.out.start_block();
                self.out.push("</details>");
                self.out.end_block();
            }
            Meaning::Wrapper => {
                self.out.start_block();
                self.out.end_block();
            }
            _ => {}
        }
    }

    /// An unknown shortcode on its own: its words (`text=`, `title=`, quoted
    /// arguments that are not paths) are all it has to show.
    pub(super) fn text_arguments(&mut self, args: &Args<'_>) {
        let text = match args.get(&["text", "title", "label", "summary"]) {
            Some(text) => fold(text),
            None => args
                .positional
                .iter()
                .filter(|(value, quoted)| *quoted && looks_like_words(value))
                .map(|(value, _)| fold(value))
                .collect::<Vec<_>>()
                .join(" "),
        };
        self.out.push(&escape_inline(&text));
    }

    pub(super) fn statement(&mut self, name: &str, args: &str) {
        if name.is_empty() {
            return self.record("(malformed)", false);
        }
        let meaning = liquid_meaning(name);
        let is_end_tag = name.len() > 3 && name.starts_with("end");
        if !is_end_tag {
            self.record(name, meaning != Meaning::Unknown);
        }
        let mut args = Args::parse(args);
        match (meaning, name) {
            (Meaning::Media(media), _) => self.media(media, &args),
            (Meaning::Reference, _) => {
                if let Some(path) = args.positional(0) {
                    self.out.push(&clean_url(path));
                }
            }
            (_, "include" | "include_relative" | "render") => {
                if let Some(media) = args.positional(0).and_then(included_media) {
                    // The file name is not the picture.
                    args.positional.remove(0);
                    self.media(media, &args);
                }
            }
            _ => {}
        }
    }

    pub(super) fn media(&mut self, media: Media, args: &Args<'_>) {
        let link =
            |label: &str, url: &str| format!("[{}]({})", escape_label(label), clean_url(url));
        let id = args.get_or(&["id"], 0);
        let text = match media {
            Media::Image => return self.image(args),
            Media::YouTube | Media::Vimeo => {
                let Some(id) = id else { return };
                let (site, url) = if id.starts_with("http") {
                    (
                        if media == Media::YouTube {
                            "YouTube"
                        } else {
                            "Vimeo"
                        },
                        id.to_owned(),
                    )
                } else if media == Media::YouTube {
                    ("YouTube", format!("https://www.youtube.com/watch?v={id}"))
                } else {
                    ("Vimeo", format!("https://vimeo.com/{id}"))
                };
                let title = args.get(&["title"]).map_or_else(|| id.to_owned(), fold);
                link(&self.words.video(site, &title), &url)
            }
            Media::Gist => {
                let (Some(user), Some(gist)) = (args.get_or(&["user"], 0), args.get_or(&["id"], 1))
                else {
                    return;
                };
                link(
                    &self.words.gist(user, gist),
                    &format!("https://gist.github.com/{user}/{gist}"),
                )
            }
            Media::Post => {
                let user = args.get(&["user"]);
                let Some(post) = args.get(&["id"]).or_else(|| args.positional(0)) else {
                    return;
                };
                match user {
                    Some(user) => link(
                        &self.words.post_by(user),
                        &format!("https://x.com/{user}/status/{post}"),
                    ),
                    None => link(
                        &self.words.post(post),
                        &format!("https://x.com/i/status/{post}"),
                    ),
                }
            }
            Media::Instagram => {
                let Some(id) = id else { return };
                link(
                    &self.words.instagram(id),
                    &format!("https://www.instagram.com/p/{id}/"),
                )
            }
        };
        self.out.push(&text);
    }

    /// `figure`, `img`: an image on its own line, its caption under it.
    pub(super) fn image(&mut self, args: &Args<'_>) {
        let src = args.get_or(&["src", "image", "url", "file", "path"], 0);
        let alt = args.get_or(&["alt"], 1).map(fold);
        let caption = args.get(&["caption", "description"]).map(fold);
        let title = args.get(&["title"]).map(fold);
        let label = alt
            .clone()
            .or_else(|| caption.clone())
            .or_else(|| title.clone())
            .unwrap_or_default();
        let note = caption
            .or(title)
            .filter(|note| !note.is_empty() && *note != label);
        self.out.start_block();
        match src {
            Some(src) => {
                let image = format!("![{}]({})", escape_label(&label), clean_url(src));
                match args.get(&["link"]) {
                    Some(target) => self.out.push(&format!("[{image}]({})", clean_url(target))),
                    None => self.out.push(&image),
                }
            }
            // No picture to point to: its words are all there is.
            None => self.out.push(&escape_inline(&label)),
        }
        if let Some(note) = note {
            self.out.end_block();
            self.out.push(&format!("*{}*", escape_inline(&note)));
        }
        self.out.end_block();
    }

    /// A fenced code block holding `code` exactly, in the current container.
    pub(super) fn code_block(&mut self, lang: &str, code: &str) {
        let code = unescape_code(code);
        let code = code
            .strip_prefix("\r\n")
            .or_else(|| code.strip_prefix('\n'))
            .unwrap_or(&code)
            .trim_end();
        let fence = "`".repeat(longest_backtick_run(code).max(2) + 1);
        let lang: String = lang
            .chars()
            .filter(|c| c.is_alphanumeric() || "-+_.#".contains(*c))
            .collect();
        self.out.start_block();
        let cont = self.out.container.clone();
        self.out.push(&fence);
        self.out.push(&lang);
        for line in code.split('\n') {
            self.out.push("\n");
            self.out.push(&cont);
            self.out.push_code(line);
        }
        self.out.push("\n");
        self.out.push(&cont);
        self.out.push(&fence);
        self.out.end_block();
    }

    /// An inline code span showing `source` as written.
    pub(super) fn code_span(&mut self, source: &str) {
        let source = fold(source);
        let ticks = "`".repeat(longest_backtick_run(&source) + 1);
        let pad = if source.starts_with('`') || source.ends_with('`') {
            " "
        } else {
            ""
        };
        self.out
            .push_code(&format!("{ticks}{pad}{source}{pad}{ticks}"));
    }
}

/// White space (line breaks included) folded to single spaces: argument
/// text goes on one line, where a blank line cannot split it. ASCII white
/// space only: the no-break spaces of French typography (`chronologies :`)
/// are the author's and stay.
pub(super) fn fold(text: &str) -> String {
    text.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text for a Markdown link or image label.
pub(super) fn escape_label(text: &str) -> String {
    escape(&fold(text), "\\`[]")
}

/// Generated inline text: a backtick from an argument must not pair with
/// one that opens real code further on, which would turn that code into
/// text.
pub(super) fn escape_inline(text: &str) -> String {
    escape(text, "\\`")
}

pub(super) fn escape(text: &str, special: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if special.contains(c) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

pub(super) fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A URL or path as a link destination, or as part of one (`ref` writes
/// inside `[x](…)`): characters that would end or break it are encoded.
pub(super) fn clean_url(url: &str) -> String {
    let mut clean = String::with_capacity(url.len());
    for c in url.trim().chars() {
        match c {
            ' ' | '\t' => clean.push_str("%20"),
            '\n' | '\r' => {}
            '(' => clean.push_str("%28"),
            ')' => clean.push_str("%29"),
            '<' => clean.push_str("%3C"),
            '>' => clean.push_str("%3E"),
            '`' => clean.push_str("%60"),
            '{' => clean.push_str("%7B"),
            '}' => clean.push_str("%7D"),
            _ => clean.push(c),
        }
    }
    clean
}

/// A quoted argument that reads as words (`"Apply now"`, `"Postuler"`),
/// not as an id, a class, a path or a file name (`"fa-check"`, `"info"`,
/// `"logo.png"`).
pub(super) fn looks_like_words(value: &str) -> bool {
    let value = value.trim();
    if !value.chars().any(char::is_alphabetic)
        || looks_like_target(value.as_bytes())
        || value.contains("://")
    {
        return false;
    }
    if value.contains(char::is_whitespace) {
        return true;
    }
    // One word: a label is capitalised and plain; an identifier is not.
    value.chars().next().is_some_and(char::is_uppercase)
        && value
            .chars()
            .all(|c| c.is_alphabetic() || "'’!?.,".contains(c))
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use rstest::rstest;

    // Hugo shortcodes with a meaning.
    #[rstest]
    #[case::figure(
        r#"{{< figure src="/img/map.png" alt="A map" caption="Where we work" >}}"#,
        "![A map](/img/map.png)\n\n*Where we work*\n\n"
    )]
    #[case::figure_alt_only("{{< figure src=/a.png alt='Alt' >}}", "![Alt](/a.png)\n\n")]
    #[case::figure_caption_is_label(
        r#"{{< figure src="a.jpg" caption="Seen from the lake" >}}"#,
        "![Seen from the lake](a.jpg)\n\n"
    )]
    #[case::figure_title_under_alt(
        r#"{{< figure src="a.jpg" alt="Lake" title="Morning" >}}"#,
        "![Lake](a.jpg)\n\n*Morning*\n\n"
    )]
    #[case::figure_self_closing(r#"{{< figure src="/b.png" alt="B" />}}"#, "![B](/b.png)\n\n")]
    #[case::figure_markdown_form(r#"{{% figure src="/b.png" alt="B" %}}"#, "![B](/b.png)\n\n")]
    #[case::figure_with_link(
        r#"{{< figure src="s.png" alt="S" link="/big.png" >}}"#,
        "[![S](s.png)](/big.png)\n\n"
    )]
    #[case::figure_odd_src(
        r#"{{< figure src="/a b (1).png" alt="x]y" >}}"#,
        "![x\\]y](/a%20b%20%281%29.png)\n\n"
    )]
    #[case::figure_without_src(r#"{{< figure caption="Only words" >}}"#, "Only words\n\n")]
    #[case::img(r#"{{< img src="/c.png" alt="Chart" >}}"#, "![Chart](/c.png)\n\n")]
    #[case::image_positional(r#"{{< image "/d.png" >}}"#, "![](/d.png)\n\n")]
    #[case::youtube(
        "{{< youtube abc123 >}}",
        "[YouTube video: abc123](https://www.youtube.com/watch?v=abc123)"
    )]
    #[case::youtube_named(
        r#"{{< youtube id="x_1" title="Our demo" >}}"#,
        "[YouTube video: Our demo](https://www.youtube.com/watch?v=x_1)"
    )]
    #[case::vimeo(
        "{{< vimeo 146022717 >}}",
        "[Vimeo video: 146022717](https://vimeo.com/146022717)"
    )]
    #[case::gist(
        "{{< gist alice 42 >}}",
        "[Gist: alice/42](https://gist.github.com/alice/42)"
    )]
    #[case::tweet(
        r#"{{< tweet user="cds" id="7" >}}"#,
        "[Post by @cds](https://x.com/cds/status/7)"
    )]
    #[case::ref_in_link(r#"[x]({{< ref "posts/a.md" >}})"#, "[x](posts/a.md)")]
    #[case::relref_anchor(r#"[x]({{< relref "/blog/b.md#part-2" >}})"#, "[x](/blog/b.md#part-2)")]
    #[case::ref_named(r#"[x]({{< ref path="c.md" lang="fr" >}})"#, "[x](c.md)")]
    #[case::param("Version {{< param \"version\" >}}.", "Version .")]
    #[case::highlight(
        "{{< highlight go >}}\nfmt.Println(1)\n{{< /highlight >}}",
        "```go\nfmt.Println(1)\n```\n\n"
    )]
    #[case::highlight_backticks_inside(
        "{{< highlight md \"linenos=table\" >}}\n```\nx\n```\n{{< /highlight >}}",
        "````md\n```\nx\n```\n````\n\n"
    )]
    #[case::highlight_keeps_templates(
        "{{< highlight html >}}\n{{ .Title }} {{</* figure */>}}\n{{< /highlight >}}",
        "```html\n{{ .Title }} {{< figure >}}\n```\n\n"
    )]
    #[case::highlight_unclosed("{{< highlight go >}}\nx", "\nx")]
    #[case::details(
        "{{< details summary=\"See <more>\" >}}\nHidden *text*\n{{< /details >}}",
        "<details><summary>See &lt;more&gt;</summary>\n\n\nHidden *text*\n\n</details>\n\n"
    )]
    #[case::details_title(
        "{{< details title=\"Why\" >}}Because{{< /details >}}",
        "<details><summary>Why</summary>\n\nBecause\n\n</details>\n\n"
    )]
    #[case::details_unpaired("{{< details summary=\"Alone\" >}}", "Alone")]
    fn hugo_known(#[case] body: &str, #[case] expected: &str) {
        assert_eq!(text(body), expected);
        assert!(preprocess(body).shortcodes.iter().all(|u| u.known));
    }

    // Layout shortcodes keep their content, as blocks of its own.
    #[rstest]
    #[case::roadmap_div(
        "{{% roadmap/div class=\"step\" %}}\n## Step\n{{% /roadmap/div %}}",
        "\n\n\n## Step\n\n\n\n"
    )]
    #[case::same_line(
        "Intro{{< two-col >}}**Left**{{< /two-col >}}end",
        "Intro\n\n\n\n**Left**\n\n\n\nend"
    )]
    #[case::section("{{< my-section >}}\n- a\n{{< /my-section >}}", "\n\n\n- a\n\n\n\n")]
    #[case::unpaired_container("a {{< container >}} b", "a \n\n\n\nb")]
    fn wrappers(#[case] body: &str, #[case] expected: &str) {
        assert_eq!(text(body), expected);
    }

    #[rstest]
    #[case::row("row")]
    #[case::col("grid/col")]
    #[case::column("column")]
    #[case::wrapper("page-wrapper")]
    #[case::container("container")]
    #[case::section("section")]
    #[case::underscore("grid_row")]
    #[case::capitalised("Two-Col")]
    fn wrapper_names_are_known(#[case] name: &str) {
        let body = format!("{{{{< {name} >}}}}\n\n# T\n\n{{{{< /{name} >}}}}");
        assert_eq!(uses(&body), [(name.to_owned(), true)]);
        assert!(text(&body).contains("\n# T\n"));
    }

    #[test]
    fn french_posts_name_what_shortcodes_stand_for_in_french() {
        let french = |body: &str| preprocess_in(body, Words::for_lang("fr-CA")).text;
        assert_eq!(
            french("{{< youtube abc123 >}}"),
            "[Vidéo YouTube : abc123](https://www.youtube.com/watch?v=abc123)"
        );
        assert_eq!(
            french(r#"{{< tweet user="cds" id="7" >}}"#),
            "[Publication de @cds](https://x.com/cds/status/7)"
        );
        assert!(
            french("{{< details >}}Texte{{< /details >}}").contains("<summary>Détails</summary>")
        );
        assert_eq!(Words::for_lang("en"), Words::English);
        assert_eq!(Words::for_lang("FR"), Words::French);
    }

    #[test]
    fn names_that_merely_end_like_a_wrapper_are_not_wrappers() {
        assert_eq!(
            uses("{{< protocol >}}{{< arrow >}}"),
            [("protocol".to_owned(), false), ("arrow".to_owned(), false)]
        );
    }

    // Unknown shortcodes: their inner or their words, never their syntax.
    #[rstest]
    #[case::paired("{{< note >}}Keep this{{< /note >}}", "Keep this")]
    #[case::paired_markdown("{{% notice info %}}\n**Read** me\n{{% /notice %}}", "\n**Read** me\n")]
    #[case::paired_title(
        "{{< alert title=\"Heads up\" >}}\nBody\n{{< /alert >}}",
        "**Heads up**\n\n\nBody\n"
    )]
    #[case::text_argument(r#"{{< button text="Apply now" url="/apply" >}}"#, "Apply now")]
    #[case::title_argument(r#"See {{< card title="Our team" >}}."#, "See Our team.")]
    #[case::quoted_words(r#"{{< cta "Sign up today" "/signup" >}}"#, "Sign up today")]
    #[case::quoted_label(r#"{{< badge "Nouveau" >}}"#, "Nouveau")]
    #[case::identifiers_dropped(
        r#"{{< icon "fa-check" >}}{{< badge "info" >}}{{< logo "a.svg" >}}"#,
        ""
    )]
    #[case::bare_words_dropped("{{< notice warning >}}", "")]
    #[case::silent("{{< toc >}}", "")]
    #[case::self_closing(r#"{{< spacer height="2" />}}"#, "")]
    #[case::nested("{{< outer >}}a {{< inner >}}b{{< /inner >}} c{{< /outer >}}", "a b c")]
    #[case::escaped_quote(r#"{{< quote text="She said \"yes\"" >}}"#, "She said \"yes\"")]
    #[case::backtick_in_words(r#"{{< button text="a`b" >}}"#, "a\\`b")]
    fn hugo_unknown(#[case] body: &str, #[case] expected: &str) {
        assert_eq!(text(body), expected);
    }

    #[test]
    fn unknown_is_recorded_as_such() {
        assert_eq!(
            uses("{{< note >}}x{{< /note >}}{{< spacer />}}"),
            [("note".to_owned(), false), ("spacer".to_owned(), false)]
        );
    }

    // Liquid and Nunjucks tags.
    #[rstest]
    #[case::include("Before{% include footer.html %}after", "Beforeafter")]
    #[case::if_keeps_content("{% if page.fr %}Bonjour{% endif %}", "Bonjour")]
    #[case::for_keeps_content("{% for p in posts %}- item\n{% endfor %}", "- item\n")]
    #[case::whitespace_control("a{%- if x -%}b{%- endif -%}c", "abc")]
    #[case::raw("{% raw %}{{ kept }}{% endraw %}", "{{ kept }}")]
    #[case::raw_tag_outside_code("{% raw %}{% if %}{% endraw %}", "{ % if %}")]
    #[case::raw_trimmed("{%- raw -%}{{ a }}{%- endraw -%}", "{{ a }}")]
    #[case::raw_unclosed("{% raw %}{{ gone }}", "")]
    #[case::verbatim("{% verbatim %}{{ v }}{% endverbatim %}", "{{ v }}")]
    #[case::highlight(
        "{% highlight ruby linenos %}\nputs {{ 1 }}\n{% endhighlight %}",
        "```ruby\nputs {{ 1 }}\n```\n\n"
    )]
    #[case::highlight_with_raw(
        "{% highlight liquid %}{% raw %}{{ page.title }}{% endraw %}{% endhighlight %}",
        "```liquid\n{{ page.title }}\n```\n\n"
    )]
    #[case::link("[About]({% link _pages/about.md %})", "[About](_pages/about.md)")]
    #[case::post_url("[Hi]({% post_url 2019-05-13-hello %})", "[Hi](2019-05-13-hello)")]
    #[case::comment("a{% comment %}secret {{< x >}}{% endcomment %}b", "ab")]
    #[case::capture("a{% capture v %}hidden{% endcapture %}b", "ab")]
    #[case::assign("{% assign n = 3 %}n", "n")]
    #[case::unknown_tag("a{% mytag x %}b", "ab")]
    #[case::eleventy_image(r#"{% image "./cat.jpg", "A cat" %}"#, "![A cat](./cat.jpg)\n\n")]
    #[case::include_figure(
        r#"{% include figure.html src="/f.png" alt="F" caption="Cap" %}"#,
        "![F](/f.png)\n\n*Cap*\n\n"
    )]
    #[case::include_youtube(
        r#"{% include youtube.html id="q1" %}"#,
        "[YouTube video: q1](https://www.youtube.com/watch?v=q1)"
    )]
    #[case::nunjucks_set("{% set x = 1 %}y", "y")]
    fn liquid(#[case] body: &str, #[case] expected: &str) {
        assert_eq!(text(body), expected);
    }

    #[rstest]
    #[case::spaced("Hello {{ page.title }}!", "Hello !")]
    #[case::trimmed("a{{- x -}}b", "ab")]
    #[case::filters("{{ 'now' | date: \"%Y\" }}", "")]
    #[case::multi_line("a {{\n  page.title\n}} b", "a  b")]
    #[case::unspaced_in_target("![x]({{site.baseurl}}/img/x.png)", "![x](/img/x.png)")]
    #[case::comment("a{# note to self #}b", "ab")]
    #[case::comment_trimmed("a{#- x -#}b", "ab")]
    #[case::heading_attribute("## Title {#custom}", "## Title {#custom}")]
    #[case::braces_in_prose("a {b} {{c d", "a {b} {{c d")]
    #[case::json_like("{\"a\": {\"b\": 1}}", "{\"a\": {\"b\": 1}}")]
    fn output_and_comments(#[case] body: &str, #[case] expected: &str) {
        assert_eq!(text(body), expected);
    }

    #[test]
    fn output_is_recorded_once_per_occurrence() {
        assert_eq!(
            uses("{{ a }}{{ b }}{# c #}"),
            [
                ("{{ }}".to_owned(), true),
                ("{{ }}".to_owned(), true),
                ("{# #}".to_owned(), true)
            ]
        );
    }

    #[test]
    fn liquid_is_recorded_by_name_without_end_tags() {
        assert_eq!(
            uses(
                "{% if a %}{% include b %}{% endif %}{% raw %}{% endraw %}{% mytag %}{% endmytag %}"
            ),
            [
                ("if".to_owned(), true),
                ("include".to_owned(), true),
                ("raw".to_owned(), true),
                ("mytag".to_owned(), false)
            ]
        );
    }
}
