//! The second pass: the result written from the tokens.

use super::meanings::*;
use super::tokenizer::*;
use super::*;
use memchr::memrchr;
use std::borrow::Cow;
use std::ops::Range;

/// Output text, with a line-aware view for emitting blocks.
pub(super) struct Out {
    pub(super) text: String,
    pub(super) line_start: usize,
    /// Length of the run of `{` the text ends with.
    pub(super) braces: usize,
    /// What lines of the block being written start with: the container
    /// prefix of the tag's line, block quote markers kept and the rest
    /// (indentation, list marker) as spaces.
    pub(super) container: String,
    /// Just after a block: leading spaces of the next text are dropped,
    /// lest they turn the new paragraph into indented code.
    pub(super) after_block: bool,
    /// Blocks are written as spaces: the tag sits where no block can be.
    pub(super) inline: bool,
}

impl Out {
    /// Appends text, breaking any tag opener that the joining of two pieces
    /// would form (`{` + removed tag + `{< x`): a removed tag must not glue
    /// its neighbours into a new one.
    pub(super) fn push(&mut self, piece: &str) {
        let piece = if self.after_block {
            piece.trim_start_matches([' ', '\t'])
        } else {
            piece
        };
        if piece.is_empty() {
            return;
        }
        self.after_block = false;
        self.backtick_junction(piece);
        // Braces rewritten before `from` hold no line break: only what is
        // new needs looking at.
        let from = self.text.len();
        self.braces = push_defused(&mut self.text, piece, self.braces, opens_tag);
        self.after_push(from);
    }

    /// Appends code as written; only its junction with what precedes is
    /// checked.
    pub(super) fn push_code(&mut self, piece: &str) {
        let Some(&first) = piece.as_bytes().first() else {
            return;
        };
        self.after_block = false;
        self.backtick_junction(piece);
        if self.braces > 0 && (first == b'{' || opens_tag(self.braces, first)) {
            self.space_out_braces(self.braces);
        }
        let from = self.text.len();
        self.text.push_str(piece);
        self.braces = piece.bytes().rev().take_while(|b| *b == b'{').count();
        self.after_push(from);
    }

    /// Two backtick runs joined by a removed tag would read as one run
    /// and pair differently: keep them apart.
    pub(super) fn backtick_junction(&mut self, piece: &str) {
        if self.text.ends_with('`') && piece.starts_with('`') {
            self.text.push(' ');
        }
    }

    pub(super) fn space_out_braces(&mut self, run: usize) {
        space_out_braces(&mut self.text, run);
        self.braces = 0;
    }

    pub(super) fn after_push(&mut self, from: usize) {
        if let Some(newline) = memrchr(b'\n', &self.text.as_bytes()[from..]) {
            self.line_start = from + newline + 1;
        }
    }

    /// Sets the container of the blocks to come from a tag's line prefix;
    /// `inline` where blocks cannot be (a table row, a link's text).
    pub(super) fn set_container(&mut self, prefix: &str, inline: bool) {
        self.inline = inline;
        self.container.clear();
        self.container.extend(prefix.bytes().map(|b| match b {
            b'>' => '>',
            b'\t' => '\t',
            _ => ' ',
        }));
    }

    pub(super) fn previous_line_is_blank(&self) -> bool {
        if self.line_start == 0 {
            return true;
        }
        self.text.as_bytes()[..self.line_start - 1]
            .iter()
            .rev()
            .find(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'>'))
            .is_none_or(|b| *b == b'\n')
    }

    /// Makes what comes next start a block of its own, in the container of
    /// the tag's line.
    pub(super) fn start_block(&mut self) {
        if self.inline {
            return self.push(" ");
        }
        let line = &self.text.as_bytes()[self.line_start..];
        let prefix = parse_prefix(line);
        let only_prefix = line[prefix.len..]
            .iter()
            .all(|b| matches!(b, b' ' | b'\t' | b'\r'));
        if !only_prefix {
            return self.new_block();
        }
        if prefix.marker {
            // A list item's first block goes on the marker's line.
            return;
        }
        // Spaces left by removed tags are no indentation: the line starts
        // again from its container.
        self.text.truncate(self.line_start);
        self.braces = 0;
        let container = std::mem::take(&mut self.container);
        if !self.previous_line_is_blank() {
            self.push(container.trim_end());
            self.push("\n");
        }
        self.push(&container);
        self.container = container;
    }

    /// Ends the current block: a blank line, then the container prefix.
    pub(super) fn end_block(&mut self) {
        if self.inline {
            return self.push(" ");
        }
        self.new_block();
        self.after_block = true;
    }

    pub(super) fn new_block(&mut self) {
        if self.inline {
            return self.push(" ");
        }
        let container = std::mem::take(&mut self.container);
        self.push("\n");
        self.push(container.trim_end());
        self.push("\n");
        self.push(&container);
        self.container = container;
    }
}

/// Appends `piece` to `text`, which ends with `run` braces, spacing out
/// any run of braces that would open a tag (`{ {<`, `{ %`). Returns the
/// run of braces `text` now ends with.
pub(super) fn push_defused(
    text: &mut String,
    piece: &str,
    mut run: usize,
    opens: fn(usize, u8) -> bool,
) -> usize {
    let bytes = piece.as_bytes();
    let mut i = 0;
    loop {
        let braces = bytes[i..].iter().take_while(|b| **b == b'{').count();
        text.push_str(&piece[i..i + braces]);
        run += braces;
        i += braces;
        let Some(&next) = bytes.get(i) else {
            return run;
        };
        if run > 0 && opens(run, next) {
            space_out_braces(text, run);
        }
        // `next` is not a brace, so the stretch to copy is not empty.
        match memchr(b'{', &bytes[i..]) {
            None => {
                text.push_str(&piece[i..]);
                return 0;
            }
            Some(offset) => {
                text.push_str(&piece[i..i + offset]);
                i += offset;
                run = 0;
            }
        }
    }
}

/// Rewrites the `run` braces `text` ends with as `{ { `.
pub(super) fn space_out_braces(text: &mut String, run: usize) {
    text.truncate(text.len() - run);
    for _ in 0..run {
        text.push_str("{ ");
    }
}

/// Whether `run` braces followed by `next` would read as a tag opener that
/// must never be shown: `{{<`, `{{%`, `{%` (output `{{ x }}` may be, as
/// the content of `{% raw %}`).
pub(super) fn opens_tag_strictly(run: usize, next: u8) -> bool {
    next == b'%' || (run >= 2 && next == b'<')
}

/// Whether `run` braces followed by `next` would read as a tag opener.
pub(super) fn opens_tag(run: usize, next: u8) -> bool {
    next == b'%' || (run >= 2 && matches!(next, b'<' | b' ' | b'\t' | b'\r' | b'\n' | b'-'))
}

/// Writes the result from the tokens.
pub(super) struct Emitter {
    pub(super) out: Out,
    pub(super) uses: Vec<ShortcodeUse>,
    pub(super) words: Words,
    pub(super) source: SourceMap,
}

impl Emitter {
    pub(super) fn new(capacity: usize, words: Words) -> Emitter {
        Emitter {
            out: Out {
                text: String::with_capacity(capacity + capacity / 16),
                line_start: 0,
                braces: 0,
                container: String::new(),
                after_block: false,
                inline: false,
            },
            uses: Vec::new(),
            source: SourceMap::default(),
            words,
        }
    }

    /// The result, and where in it raw content was copied.
    pub(super) fn run(
        mut self,
        (tokens, starts): &(Vec<Token<'_>>, Vec<usize>),
    ) -> (Preprocessed, Vec<Range<usize>>) {
        let mut verbatim = Vec::new();
        let paired = pair_shortcodes(tokens);
        for ((token, &paired), &start) in tokens.iter().zip(&paired).zip(starts) {
            self.source.anchor(self.out.text.len(), start);
            match *token {
                Token::Text(text) => self.out.push(text),
                Token::Code(code) => self.out.push_code(&unescape_code(code)),
                Token::Verbatim { name, text } => {
                    self.record(name, true);
                    self.out.push_code(text);
                    let end = self.out.text.len();
                    verbatim.push(end.saturating_sub(text.len())..end);
                }
                Token::Shortcode(tag) => {
                    self.out.set_container(tag.prefix, tag.inline);
                    self.shortcode(tag, paired);
                }
                Token::ShortcodeSource { open, inner, close } => {
                    self.code_span(&format!("{open}{inner}{close}"));
                }
                Token::CodeBlock { args, code, prefix } => {
                    self.record("highlight", true);
                    self.out.set_container(prefix, false);
                    let args = Args::parse(args);
                    self.code_block(args.get_or(&["lang"], 0).unwrap_or(""), code);
                }
                Token::Statement {
                    name,
                    args,
                    prefix,
                    inline,
                } => {
                    self.out.set_container(prefix, inline);
                    self.statement(name, args);
                }
                Token::Swallowed {
                    name,
                    had_blank_line,
                    prefix,
                } => {
                    self.record(name, true);
                    self.out.set_container(prefix, false);
                    if had_blank_line {
                        self.out.start_block();
                    }
                }
                Token::Escaped(delimiter) => self.out.push(&escape(delimiter, "`~")),
                Token::Output => self.record("{{ }}", true),
                Token::Comment => self.record("{# #}", true),
                Token::Unclosed => self.record("(unclosed)", false),
                Token::Malformed => self.record("(malformed)", false),
            }
        }
        let pre = Preprocessed {
            text: self.out.text,
            shortcodes: self.uses,
            source: self.source,
        };
        (pre, verbatim)
    }

    pub(super) fn record(&mut self, name: &str, known: bool) {
        self.uses.push(ShortcodeUse {
            name: name.to_owned(),
            known,
        });
    }
}

/// For each token: whether its shortcode has a partner (an opening tag its
/// closing tag, a closing tag its opening one). Nesting by name, as Hugo
/// does; a stack per name keeps unmatched tags from costing more than one
/// step each.
pub(super) fn pair_shortcodes(tokens: &[Token<'_>]) -> Vec<bool> {
    let mut paired = vec![false; tokens.len()];
    let mut open: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, token) in tokens.iter().enumerate() {
        let Token::Shortcode(tag) = token else {
            continue;
        };
        match tag.kind {
            TagKind::Open => open.entry(tag.name).or_default().push(i),
            TagKind::Close => {
                if let Some(j) = open.get_mut(tag.name).and_then(Vec::pop) {
                    paired[i] = true;
                    paired[j] = true;
                }
            }
            TagKind::SelfClosing => {}
        }
    }
    paired
}

/// Undoes, inside code, the escapes that exist to show templates as
/// source: `{% raw %}`/`{% endraw %}` vanish and `{{</* x */>}}` reads
/// `{{< x >}}`, as on the published page. Nothing else is touched.
pub(super) fn unescape_code(code: &str) -> Cow<'_, str> {
    let bytes = code.as_bytes();
    if memmem::find(bytes, b"{%").is_none() && memmem::find(bytes, b"/*").is_none() {
        return Cow::Borrowed(code);
    }
    let mut liquid_close = Finder::new("%}");
    let mut angle_close = Finder::new("*/>}}");
    let mut percent_close = Finder::new("*/%}}");
    let mut newline = Finder::new("\n");
    let mut out = String::with_capacity(code.len());
    let mut copied = 0;
    let mut at = 0;
    while let Some(offset) = memchr(b'{', &bytes[at..]) {
        let start = at + offset;
        let rest = &bytes[start..];
        at = start + 1;
        let (replacement, end) = if rest.starts_with(b"{{</*") || rest.starts_with(b"{{%/*") {
            let (finder, open, close) = if rest[2] == b'<' {
                (&mut angle_close, "{{<", ">}}")
            } else {
                (&mut percent_close, "{{%", "%}}")
            };
            let Some(end) = finder.next(bytes, start + 5) else {
                continue;
            };
            (format!("{open}{}{close}", &code[start + 5..end]), end + 5)
        } else if rest.starts_with(b"{%") {
            let line_end = newline.next(bytes, start).unwrap_or(bytes.len());
            let Some(close) = liquid_close
                .next(bytes, start + 2)
                .filter(|&c| c < line_end)
            else {
                continue;
            };
            if !matches!(liquid_name(&code[start + 2..close]).0, "raw" | "endraw") {
                continue;
            }
            (String::new(), close + 2)
        } else {
            continue;
        };
        out.push_str(&code[copied..start]);
        out.push_str(&replacement);
        copied = end;
        at = end;
    }
    if copied == 0 {
        return Cow::Borrowed(code);
    }
    out.push_str(&code[copied..]);
    Cow::Owned(out)
}

pub(super) fn longest_backtick_run(text: &str) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for b in text.bytes() {
        run = if b == b'`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use rstest::rstest;

    // Blocks keep their container.
    #[rstest]
    #[case::mid_paragraph(
        "See {{< figure src=a.png alt=A >}} here.",
        "See \n\n![A](a.png)\n\nhere."
    )]
    #[case::after_text_line("Text\n{{< figure src=a.png >}}\nMore", "Text\n\n![](a.png)\n\n\nMore")]
    #[case::list_item(
        "- {{< figure src=a.png alt=A caption=C >}}\n- b",
        "- ![A](a.png)\n\n  *C*\n\n  \n- b"
    )]
    #[case::ordered_item("10. x {{< figure src=a.png >}}", "10. x \n\n    ![](a.png)\n\n    ")]
    #[case::quote(
        "> {{< figure src=a.png alt=A >}}\n> more",
        "> ![A](a.png)\n>\n> \n> more"
    )]
    #[case::quote_mid("> a {{< figure src=a.png >}}", "> a \n>\n> ![](a.png)\n>\n> ")]
    #[case::highlight_in_list(
        "- x\n\n  {{< highlight sh >}}\n  ls\n  {{< /highlight >}}",
        "- x\n\n  ```sh\n    ls\n  ```\n\n  "
    )]
    #[case::table_row(
        "| a | {{< figure src=x.png alt=X caption=C >}} |",
        "| a |  ![X](x.png) *C*  |"
    )]
    #[case::link_text("[{{< img src=y.png >}}](/big)", "[ ![](y.png) ](/big)")]
    fn blocks_keep_their_container(#[case] body: &str, #[case] expected: &str) {
        assert_eq!(text(body), expected);
    }

    #[rstest]
    #[case::accents("Déjà {{< note >}}été{{< /note >}} — ça", "Déjà été — ça")]
    #[case::cjk("中文{{< x >}}字{{ y }}符", "中文字符")]
    #[case::emoji(
        "🍁{{< figure src=\"🍁.png\" alt=\"🍁\" >}}🍁",
        "🍁\n\n![🍁](🍁.png)\n\n🍁"
    )]
    #[case::combining("e\u{301}{% if x %}e\u{301}", "e\u{301}e\u{301}")]
    #[case::rtl("مرحبا {{< note >}}عالم{{< /note >}}", "مرحبا عالم")]
    #[case::no_break_spaces(
        "{{< figure src=a.png alt=\"Deux\u{a0}: une\u{202f}!\" >}}",
        "![Deux\u{a0}: une\u{202f}!](a.png)\n\n"
    )]
    fn any_script(#[case] body: &str, #[case] expected: &str) {
        assert_eq!(text(body), expected);
    }

    #[rstest]
    #[case::plain("Just *Markdown*, [a link](https://a.ca) and {braces}.")]
    #[case::empty("")]
    #[case::single_brace("{ a } [b]")]
    fn bodies_without_templates_are_returned_as_they_are(#[case] body: &str) {
        let pre = preprocess(body);
        assert_eq!(pre.text, body);
        assert!(pre.shortcodes.is_empty());
    }

    // Pieces joined by a removed tag never form a tag of their own.
    #[rstest]
    #[case::angle("{{{< x >}}{< y")]
    #[case::percent("{{{< x >}}%}")]
    #[case::liquid("{{< x >}}{{% x %}}%")]
    #[case::output("{{{< x >}}{ y")]
    #[case::many_braces("{{{{{{{< x >}}%")]
    #[case::into_raw("{{{< x >}}{% raw %}{< y{% endraw %}")]
    fn joined_pieces_form_no_tag(#[case] body: &str) {
        let out = text(body);
        for opener in OPENERS.iter().chain(&["{{ "]) {
            assert!(!out.contains(opener), "{opener} in {out:?}");
        }
    }

    #[test]
    fn joined_backticks_keep_code_apart() {
        // Without the space, the output would read ``` `` ` ``` and the code
        // span holding the shortcode would no longer be code.
        let body = "``{{< x >}}`{{< z >}}`";
        let out = text(body);
        assert_eq!(out, "`` `{{< z >}}`");
        assert_no_template_shown(body, &out);
    }
}
