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

use memchr::{memchr, memchr_iter, memchr2_iter, memmem, memrchr};
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

/// A body with its template tags resolved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preprocessed {
    /// Markdown (with raw HTML) free of template syntax outside code.
    pub text: String,
    /// Every tag met, in order of appearance.
    pub shortcodes: Vec<ShortcodeUse>,
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
        };
    }
    let tokens = Tokenizer::new(body).run();
    let (mut pre, verbatim) = Emitter::new(body.len(), words).run(&tokens);
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
fn markdown_options() -> Options {
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

/// Byte ranges of fenced code blocks and code spans, in order.
///
/// Indented code blocks are left out on purpose: in bodies migrated from
/// WordPress an indented line is far more often HTML than code, and a tag
/// resolved in real code is a smaller harm than one shown as source.
fn code_ranges(body: &str) -> Vec<Range<usize>> {
    let bytes = body.as_bytes();
    if memchr(b'`', bytes).is_none() && memmem::find(bytes, b"~~~").is_none() {
        return Vec::new();
    }
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        let is_code = matches!(
            event,
            Event::Code(_) | Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_)))
        );
        if !is_code || range.is_empty() {
            continue;
        }
        // Ranges arrive in document order; an overlap would only come from
        // a parser quirk, and merging keeps the walk below simple.
        match ranges.last_mut() {
            Some(last) if range.start < last.end => last.end = last.end.max(range.end),
            _ => ranges.push(range),
        }
    }
    ranges
}

/// A piece of the body, as the tokenizer cut it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token<'a> {
    /// Ordinary text.
    Text(&'a str),
    /// Code as written (a fenced block or a span).
    Code(&'a str),
    /// The content of `{% raw %}` (or Nunjucks `{% verbatim %}`).
    Verbatim { name: &'a str, text: &'a str },
    /// A Hugo shortcode tag.
    Shortcode(Shortcode<'a>),
    /// `{{</* inner */>}}`: a shortcode the author shows as source.
    ShortcodeSource {
        open: &'static str,
        inner: &'a str,
        close: &'static str,
    },
    /// `highlight` with its content, Hugo's or Liquid's.
    CodeBlock {
        args: &'a str,
        code: &'a str,
        prefix: &'a str,
    },
    /// Any other Liquid or Nunjucks tag.
    Statement {
        name: &'a str,
        args: &'a str,
        prefix: &'a str,
        inline: bool,
    },
    /// A block whose content is never shown (`comment`, `capture`); the
    /// flag tells whether it held a blank line, which must stay a break.
    Swallowed {
        name: &'a str,
        had_blank_line: bool,
        prefix: &'a str,
    },
    /// The closing delimiter of code whose opening one a tag took: shown as
    /// plain characters, lest it pair with other backticks.
    Escaped(&'a str),
    /// `{{ expression }}`.
    Output,
    /// `{# comment #}`.
    Comment,
    /// A tag never closed: dropped with the rest of its line.
    Unclosed,
    /// A tag without a name.
    Malformed,
}

/// One Hugo shortcode tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Shortcode<'a> {
    name: &'a str,
    args: &'a str,
    kind: TagKind,
    /// The container prefix of its line (`> `, `- `, indentation), which
    /// the blocks it becomes must keep.
    prefix: &'a str,
    /// Inside a table row or a link's text, where a block would break the
    /// row or the link: what it becomes stays on the line.
    inline: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TagKind {
    Open,
    Close,
    SelfClosing,
}

/// The next occurrence of a needle at or after a position, remembered:
/// asking again from anywhere in the stretch already searched costs
/// nothing, which keeps thousands of unclosed tags linear.
struct Finder {
    needle: memmem::Finder<'static>,
    /// No occurrence starts in `searched_from..found` (or `..end`).
    searched_from: usize,
    found: Option<usize>,
}

impl Finder {
    fn new(needle: &'static str) -> Finder {
        Finder {
            needle: memmem::Finder::new(needle),
            searched_from: usize::MAX,
            found: None,
        }
    }

    fn next(&mut self, haystack: &[u8], at: usize) -> Option<usize> {
        let at = at.min(haystack.len());
        if at >= self.searched_from {
            if self.found.is_none_or(|found| found >= at) {
                return self.found;
            }
        } else if self.searched_from != usize::MAX {
            // Below the known stretch: only the gap needs looking at.
            let gap_end = (self.searched_from + self.needle.needle().len())
                .saturating_sub(1)
                .min(haystack.len());
            if let Some(offset) = self.needle.find(&haystack[at..gap_end]) {
                self.found = Some(at + offset);
            }
            self.searched_from = at;
            return self.found;
        }
        self.found = self.needle.find(&haystack[at..]).map(|offset| at + offset);
        self.searched_from = at;
        self.found
    }
}

/// Where the next blank line starts, remembered like [`Finder`]. Tags must
/// close before it: a typo must not swallow the paragraphs that follow.
#[derive(Default)]
struct BlankLines {
    searched_from: Option<usize>,
    found: usize,
}

impl BlankLines {
    fn next(&mut self, bytes: &[u8], at: usize) -> usize {
        if let Some(from) = self.searched_from {
            if (from..=self.found).contains(&at) {
                return self.found;
            }
        }
        let mut line = at;
        self.found = loop {
            match memchr(b'\n', &bytes[line.min(bytes.len())..]) {
                None => break bytes.len(),
                Some(offset) => {
                    line += offset + 1;
                    if is_blank_line(bytes, line) {
                        break line;
                    }
                }
            }
        };
        self.searched_from = Some(at);
        self.found
    }
}

/// Whether the line starting at `start` holds only white space.
fn is_blank_line(bytes: &[u8], start: usize) -> bool {
    bytes[start.min(bytes.len())..]
        .iter()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\r'))
        .is_none_or(|b| *b == b'\n')
}

/// The searches the tokenizer repeats, each remembered separately.
struct Finders {
    angle_open: Finder,
    percent_open: Finder,
    liquid_open: Finder,
    angle_close: Finder,
    percent_close: Finder,
    liquid_close: Finder,
    output_open: Finder,
    output_close: Finder,
    comment_close: Finder,
    source_angle_close: Finder,
    source_percent_close: Finder,
    newline: Finder,
    // End-tag searches run ahead of the main walk: their own memories.
    end_liquid_open: Finder,
    end_liquid_close: Finder,
    end_hugo_open: Finder,
    end_angle_close: Finder,
    end_percent_close: Finder,
}

impl Finders {
    fn new() -> Finders {
        Finders {
            angle_open: Finder::new("{{<"),
            percent_open: Finder::new("{{%"),
            liquid_open: Finder::new("{%"),
            angle_close: Finder::new(">}}"),
            percent_close: Finder::new("%}}"),
            liquid_close: Finder::new("%}"),
            output_open: Finder::new("{{"),
            output_close: Finder::new("}}"),
            comment_close: Finder::new("#}"),
            source_angle_close: Finder::new("*/>}}"),
            source_percent_close: Finder::new("*/%}}"),
            newline: Finder::new("\n"),
            end_liquid_open: Finder::new("{%"),
            end_liquid_close: Finder::new("%}"),
            end_hugo_open: Finder::new("{{"),
            end_angle_close: Finder::new(">}}"),
            end_percent_close: Finder::new("%}}"),
        }
    }
}

/// Bytes the tokenizer stops at; everything else is copied in runs.
const fn stop_bytes() -> [bool; 256] {
    let mut table = [false; 256];
    table[b'{' as usize] = true;
    table[b'[' as usize] = true;
    table[b']' as usize] = true;
    table[b'\n' as usize] = true;
    table[b'|' as usize] = true;
    table
}

static STOP: [bool; 256] = stop_bytes();

/// Cuts a body into [`Token`]s.
struct Tokenizer<'a> {
    body: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Start of the text not yet emitted as a token.
    text_start: usize,
    /// Where the line holding `line_checked` starts; found lazily, since
    /// tokens jump over line breaks.
    line_start: usize,
    line_checked: usize,
    tokens: Vec<Token<'a>>,
    code: Vec<Range<usize>>,
    next_code: usize,
    /// Closing delimiters of code that a tag ran into, to show escaped.
    escapes: Vec<Range<usize>>,
    next_escape: usize,
    /// The last `[` with no `]` after it in this paragraph.
    open_bracket: Option<usize>,
    /// The last `|` met, which may make the line a table row.
    last_pipe: Option<usize>,
    finders: Finders,
    blank: BlankLines,
    /// End tags known to be absent after a position.
    no_end: HashMap<&'static str, usize>,
}

impl<'a> Tokenizer<'a> {
    fn new(body: &'a str) -> Tokenizer<'a> {
        Tokenizer {
            body,
            bytes: body.as_bytes(),
            pos: 0,
            text_start: 0,
            line_start: 0,
            line_checked: 0,
            tokens: Vec::new(),
            code: code_ranges(body),
            next_code: 0,
            escapes: Vec::new(),
            next_escape: 0,
            open_bracket: None,
            last_pipe: None,
            finders: Finders::new(),
            blank: BlankLines::default(),
            no_end: HashMap::new(),
        }
    }

    fn run(mut self) -> Vec<Token<'a>> {
        let len = self.bytes.len();
        while self.pos < len {
            self.skip_code_taken_by_tags();
            let code_start = self.code.get(self.next_code).map_or(len, |r| r.start);
            if code_start == self.pos {
                let end = self.code[self.next_code].end;
                self.next_code += 1;
                let code = &self.body[self.pos..end];
                self.push_token(end, Token::Code(code));
                continue;
            }
            let escape = self.escapes.get(self.next_escape).cloned();
            if let Some(escape) = escape.clone().filter(|e| e.start <= self.pos) {
                self.next_escape += 1;
                if escape.start == self.pos {
                    let delimiter = &self.body[escape.clone()];
                    self.push_token(escape.end, Token::Escaped(delimiter));
                }
                continue;
            }
            let stop = escape.map_or(code_start, |e| e.start.min(code_start));
            let Some(offset) = self.bytes[self.pos..stop]
                .iter()
                .position(|b| STOP[usize::from(*b)])
            else {
                self.pos = stop;
                continue;
            };
            self.pos += offset;
            match self.bytes[self.pos] {
                b'\n' => {
                    self.pos += 1;
                    if is_blank_line(self.bytes, self.pos) {
                        self.open_bracket = None;
                    }
                }
                b'[' => {
                    self.open_bracket = Some(self.pos);
                    self.pos += 1;
                }
                b']' => self.close_bracket(),
                b'|' => {
                    self.last_pipe = Some(self.pos);
                    self.pos += 1;
                }
                _ => self.brace(),
            }
        }
        self.flush(len);
        self.tokens
    }

    /// Code a tag already ran into is no longer code: the tag came first,
    /// as it does for the site generator. What is left of it is text, its
    /// closing delimiter escaped.
    fn skip_code_taken_by_tags(&mut self) {
        while let Some(range) = self.code.get(self.next_code).filter(|r| r.start < self.pos) {
            let closer = closing_delimiter(self.bytes, range.clone());
            if closer.start >= self.pos && !closer.is_empty() {
                self.escapes.push(closer);
            }
            self.next_code += 1;
        }
    }

    /// Where the current line starts. Looks only at what it has not looked
    /// at before, so that a long line costs once.
    fn line_start(&mut self) -> usize {
        if self.pos > self.line_checked {
            if let Some(newline) = memrchr(b'\n', &self.bytes[self.line_checked..self.pos]) {
                self.line_start = self.line_checked + newline + 1;
            }
            self.line_checked = self.pos;
        }
        self.line_start
    }

    /// Whether a tag here sits in a table row (a `|` earlier on its line)
    /// or in a link's text (a `[` still open).
    fn must_stay_inline(&mut self) -> bool {
        let line_start = self.line_start();
        self.open_bracket.is_some() || self.last_pipe.is_some_and(|pipe| pipe >= line_start)
    }

    /// The container prefix of the current line.
    fn line_prefix(&mut self) -> &'a str {
        let start = self.line_start();
        let prefix = parse_prefix(&self.bytes[start..self.pos]);
        // The prefix is ASCII, so its end is a character boundary.
        &self.body[start..start + prefix.len]
    }

    fn flush(&mut self, upto: usize) {
        if self.text_start < upto {
            self.tokens
                .push(Token::Text(&self.body[self.text_start..upto]));
        }
    }

    /// Ends the text before `pos` and records `token`, which runs to `end`.
    fn push_token(&mut self, end: usize, token: Token<'a>) {
        self.flush(self.pos);
        self.tokens.push(token);
        self.pos = end;
        self.text_start = end;
    }

    /// Drops an unclosed tag with the rest of its line.
    fn unclosed(&mut self) {
        let end = self
            .finders
            .newline
            .next(self.bytes, self.pos)
            .unwrap_or(self.bytes.len());
        self.push_token(end, Token::Unclosed);
    }

    /// Where a tag starting here must be closed by.
    fn tag_limit(&mut self) -> usize {
        self.blank.next(self.bytes, self.pos)
    }

    fn brace(&mut self) {
        let rest = &self.bytes[self.pos..];
        let third = rest.get(2).copied();
        let spaced = matches!(third, Some(b' ' | b'\t' | b'\r' | b'\n' | b'-'));
        if rest.starts_with(b"{{</*") {
            self.shortcode_source("{{<", ">}}");
        } else if rest.starts_with(b"{{%/*") {
            self.shortcode_source("{{%", "%}}");
        } else if rest.starts_with(b"{{<") || rest.starts_with(b"{{%") {
            self.shortcode();
        } else if rest.starts_with(b"{%") {
            self.liquid();
        } else if rest.starts_with(b"{{") && spaced {
            self.output();
        } else if rest.starts_with(b"{{")
            && third.is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        {
            self.output_word();
        } else if rest.starts_with(b"{#") && spaced {
            self.comment();
        } else {
            self.pos += 1;
        }
    }

    /// `{{< name args >}}`, `{{% name %}}`, `{{< /name >}}`, `{{< name />}}`.
    fn shortcode(&mut self) {
        let start = self.pos;
        let limit = self.tag_limit();
        let finder = if self.bytes[start + 2] == b'<' {
            &mut self.finders.angle_close
        } else {
            &mut self.finders.percent_close
        };
        let Some(close) = finder.next(self.bytes, start + 3).filter(|&c| c < limit) else {
            return self.unclosed();
        };
        // Another shortcode opening first means this one was never closed.
        let before = |finder: &mut Finder| {
            finder
                .next(self.bytes, start + 3)
                .is_some_and(|o| o < close)
        };
        if before(&mut self.finders.angle_open) || before(&mut self.finders.percent_open) {
            return self.unclosed();
        }
        let end = close + 3;
        let prefix = self.line_prefix();
        let inline = self.must_stay_inline();
        let Some(tag) = parse_shortcode(&self.body[start + 3..close], prefix, inline) else {
            return self.push_token(end, Token::Malformed);
        };
        if tag.kind == TagKind::Open && tag.name == "highlight" {
            // Its content is code: taken whole, nothing inside resolved.
            if let Some((code_end, after)) = self.find_hugo_close(end, "highlight") {
                let code = &self.body[end..code_end];
                let token = Token::CodeBlock {
                    args: tag.args,
                    code,
                    prefix,
                };
                return self.push_token(after, token);
            }
        }
        self.push_token(end, Token::Shortcode(tag));
    }

    /// `{{</* figure */>}}`: Hugo's way to show a shortcode as source.
    fn shortcode_source(&mut self, open: &'static str, close: &'static str) {
        let start = self.pos;
        let limit = self.tag_limit();
        let finder = if open == "{{<" {
            &mut self.finders.source_angle_close
        } else {
            &mut self.finders.source_percent_close
        };
        let Some(at) = finder.next(self.bytes, start + 5).filter(|&c| c < limit) else {
            return self.unclosed();
        };
        let inner = &self.body[start + 5..at];
        self.push_token(at + 5, Token::ShortcodeSource { open, inner, close });
    }

    /// `{% name args %}`, with `{%- -%}` whitespace control.
    fn liquid(&mut self) {
        let start = self.pos;
        let limit = self.tag_limit();
        let Some(close) = self
            .finders
            .liquid_close
            .next(self.bytes, start + 2)
            .filter(|&c| c < limit)
        else {
            return self.unclosed();
        };
        if self
            .finders
            .liquid_open
            .next(self.bytes, start + 2)
            .is_some_and(|o| o < close)
        {
            return self.unclosed();
        }
        let end = close + 2;
        let (name, args) = liquid_name(&self.body[start + 2..close]);
        let prefix = self.line_prefix();
        let end_name = match name {
            "raw" => Some("endraw"),
            "verbatim" => Some("endverbatim"),
            "comment" => Some("endcomment"),
            "capture" => Some("endcapture"),
            "highlight" => Some("endhighlight"),
            _ => None,
        };
        if let Some(end_name) = end_name {
            if let Some((inner_end, after)) = self.find_liquid_end(end, end_name) {
                let inner = &self.body[end..inner_end];
                let token = match name {
                    "raw" | "verbatim" => Token::Verbatim { name, text: inner },
                    "highlight" => Token::CodeBlock {
                        args,
                        code: inner,
                        prefix,
                    },
                    _ => Token::Swallowed {
                        name,
                        had_blank_line: self.blank.next(self.bytes, end) < inner_end,
                        prefix,
                    },
                };
                return self.push_token(after, token);
            }
        }
        let inline = self.must_stay_inline();
        let token = Token::Statement {
            name,
            args,
            prefix,
            inline,
        };
        self.push_token(end, token);
    }

    /// `{{ expression }}` or `{{- expression -}}`.
    fn output(&mut self) {
        let limit = self.tag_limit();
        let close = self
            .finders
            .output_close
            .next(self.bytes, self.pos + 2)
            .filter(|&c| c < limit);
        let reopened = |close: usize, finder: &mut Finder| {
            finder
                .next(self.bytes, self.pos + 2)
                .is_some_and(|o| o < close)
        };
        match close {
            Some(close) if !reopened(close, &mut self.finders.output_open) => {
                self.push_token(close + 2, Token::Output);
            }
            _ => self.unclosed(),
        }
    }

    /// `{{site.baseurl}}`: Liquid output written without spaces, taken only
    /// when it closes on its line and holds no other braces, so that prose
    /// with a stray `{{` is left alone.
    fn output_word(&mut self) {
        let line_end = self
            .finders
            .newline
            .next(self.bytes, self.pos)
            .unwrap_or(self.bytes.len());
        let close = self.finders.output_close.next(self.bytes, self.pos + 2);
        match close {
            Some(close)
                if close < line_end
                    && !self.bytes[self.pos + 2..close]
                        .iter()
                        .any(|b| matches!(b, b'{' | b'}' | b'<' | b'>')) =>
            {
                self.push_token(close + 2, Token::Output);
            }
            _ => self.pos += 1,
        }
    }

    /// `{# comment #}`; an unclosed `{#` is ordinary text.
    fn comment(&mut self) {
        let limit = self.tag_limit();
        match self
            .finders
            .comment_close
            .next(self.bytes, self.pos + 2)
            .filter(|&c| c < limit)
        {
            Some(close) => self.push_token(close + 2, Token::Comment),
            None => self.pos += 1,
        }
    }

    /// `]` met: mends `[text] (target)` into `[text](target)`.
    fn close_bracket(&mut self) {
        /// Longer targets are left alone rather than searched for.
        const MAX_TARGET: usize = 2048;
        let at = self.pos;
        self.pos += 1;
        let Some(open) = self.open_bracket.take() else {
            return;
        };
        if !self.bytes[at + 1..].starts_with(b" (") {
            return;
        }
        let target_start = at + 3;
        let window = &self.bytes[target_start..(target_start + MAX_TARGET).min(self.bytes.len())];
        let Some(end) = window
            .iter()
            .position(|b| *b == b')' || b.is_ascii_whitespace())
        else {
            return;
        };
        let target = &window[..end];
        // A backtick or brace would tie the target to code or a tag; mending
        // must not change what those are.
        let plain = !target
            .iter()
            .any(|b| matches!(b, b'`' | b'{' | b'}' | b'<' | b'>' | b'"' | b'\\'));
        if window[end] != b')' || !plain || !looks_like_target(target) {
            return;
        }
        let line_start = self.line_start();
        if is_task_marker(
            &self.bytes[line_start.min(open)..open],
            &self.bytes[open + 1..at],
        ) {
            return;
        }
        self.flush(at + 1);
        self.text_start = at + 2;
        self.pos = at + 2;
    }

    /// Where `{% end_name %}` is at or after `from`: where the content
    /// before it ends and where the tag ends.
    fn find_liquid_end(&mut self, from: usize, end_name: &'static str) -> Option<(usize, usize)> {
        if self
            .no_end
            .get(end_name)
            .is_some_and(|&after| from >= after)
        {
            return None;
        }
        let mut at = from;
        let found = loop {
            let Some(open) = self.finders.end_liquid_open.next(self.bytes, at) else {
                break None;
            };
            let Some(close) = self.finders.end_liquid_close.next(self.bytes, open + 2) else {
                break None;
            };
            if liquid_name(&self.body[open + 2..close]).0 == end_name {
                break Some((open, close + 2));
            }
            at = open + 2;
        };
        if found.is_none() {
            self.no_end.insert(end_name, from);
        }
        found
    }

    /// Where `{{< /name >}}` (or `{{% /name %}}`) is at or after `from`.
    fn find_hugo_close(&mut self, from: usize, name: &'static str) -> Option<(usize, usize)> {
        if self.no_end.get(name).is_some_and(|&after| from >= after) {
            return None;
        }
        let mut at = from;
        let found = loop {
            let Some(open) = self.finders.end_hugo_open.next(self.bytes, at) else {
                break None;
            };
            at = open + 1;
            let finder = match self.bytes.get(open + 2) {
                Some(b'<') => &mut self.finders.end_angle_close,
                Some(b'%') => &mut self.finders.end_percent_close,
                _ => continue,
            };
            let Some(close) = finder.next(self.bytes, open + 3) else {
                continue;
            };
            let inner = self.body[open + 3..close].trim();
            if inner.strip_prefix('/').is_some_and(|n| n.trim() == name) {
                break Some((open, close + 3));
            }
        };
        if found.is_none() {
            self.no_end.insert(name, from);
        }
        found
    }
}

/// The run of backticks or tildes that closes a code range.
fn closing_delimiter(bytes: &[u8], range: Range<usize>) -> Range<usize> {
    let code = &bytes[range.clone()];
    let end = code.len()
        - code
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
    let run = match end.checked_sub(1).map(|last| code[last]) {
        Some(fence @ (b'`' | b'~')) => code[..end]
            .iter()
            .rev()
            .take_while(|b| **b == fence)
            .count(),
        _ => 0,
    };
    range.start + end - run..range.start + end
}

/// Characters of a shortcode name: `roadmap/div`, `my-note`, `x_y.z`.
fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '/' | '-' | '_' | '.')
}

/// Reads what is between `{{<` and `>}}`.
fn parse_shortcode<'a>(inner: &'a str, prefix: &'a str, inline: bool) -> Option<Shortcode<'a>> {
    let inner = inner.trim();
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, inner),
    };
    let name_len = inner
        .find(|c: char| !is_name_char(c))
        .unwrap_or(inner.len());
    let (mut name, mut args) = inner.split_at(name_len);
    let mut self_closing = false;
    if args.trim().is_empty() {
        if let Some(stripped) = name.strip_suffix('/') {
            name = stripped;
            args = "";
            self_closing = true;
        }
    } else if let Some(stripped) = args.trim_end().strip_suffix('/') {
        // `/` closes the tag only on its own: `path/` is an argument.
        if stripped.is_empty()
            || stripped.ends_with(|c: char| c.is_whitespace() || "\"'`".contains(c))
        {
            args = stripped;
            self_closing = true;
        }
    }
    let name = name.trim_end_matches('/');
    if name.is_empty() {
        return None;
    }
    let kind = match (closing, self_closing) {
        (true, _) => TagKind::Close,
        (false, true) => TagKind::SelfClosing,
        (false, false) => TagKind::Open,
    };
    Some(Shortcode {
        name,
        args,
        kind,
        prefix,
        inline,
    })
}

/// A Liquid tag's name and arguments, whitespace control (`{%- -%}`) aside.
fn liquid_name(inner: &str) -> (&str, &str) {
    let inner = inner.trim();
    let inner = inner.strip_prefix('-').unwrap_or(inner).trim_start();
    let inner = inner.strip_suffix('-').unwrap_or(inner).trim_end();
    let name_len = inner
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(inner.len());
    let (name, args) = inner.split_at(name_len);
    (name, args.trim())
}

/// What a malformed link points to: a URL or a site path, never words.
fn looks_like_target(target: &[u8]) -> bool {
    ["http://", "https://", "mailto:", "/", "./", "../", "#"]
        .iter()
        .any(|prefix| target.len() > prefix.len() && target.starts_with(prefix.as_bytes()))
}

/// `- [x] (…)`: a task list item, not a link.
fn is_task_marker(line_before: &[u8], bracket_text: &[u8]) -> bool {
    matches!(bracket_text, b" " | b"x" | b"X") && {
        let prefix = parse_prefix(line_before);
        prefix.marker && prefix.len == line_before.len()
    }
}

/// What starts a line: block quote markers, indentation and a list marker.
struct LinePrefix {
    /// Bytes the prefix takes.
    len: usize,
    /// Whether it ends with a list marker (`- `, `1. `).
    marker: bool,
}

/// Reads a line's container prefix; looks at the first 64 bytes only, which
/// is plenty for real nesting and keeps the cost constant.
fn parse_prefix(line: &[u8]) -> LinePrefix {
    const MAX: usize = 64;
    let line = &line[..line.len().min(MAX)];
    let skip_spaces = |mut i: usize| {
        while line.get(i).is_some_and(|b| matches!(b, b' ' | b'\t')) {
            i += 1;
        }
        i
    };
    let mut i = skip_spaces(0);
    while line.get(i) == Some(&b'>') {
        i = skip_spaces(i + 1);
    }
    let digits = line[i..].iter().take_while(|b| b.is_ascii_digit()).count();
    let marker_len = match line.get(i) {
        Some(b'-' | b'*' | b'+') => 1,
        Some(_)
            if (1..=9).contains(&digits) && matches!(line.get(i + digits), Some(b'.' | b')')) =>
        {
            digits + 1
        }
        _ => 0,
    };
    let after = i + marker_len;
    if marker_len > 0 && matches!(line.get(after), None | Some(b' ' | b'\t' | b'\r' | b'\n')) {
        return LinePrefix {
            len: skip_spaces(after),
            marker: true,
        };
    }
    LinePrefix {
        len: i,
        marker: false,
    }
}

/// Shortcode arguments: `key="value"`, `key='value'`, `key=value`,
/// `"value"` or `value`, separated by spaces (or commas, in Nunjucks).
#[derive(Debug, Default)]
struct Args<'a> {
    named: Vec<(&'a str, Cow<'a, str>)>,
    /// Positional values, and whether each was quoted.
    positional: Vec<(Cow<'a, str>, bool)>,
}

impl<'a> Args<'a> {
    fn parse(mut text: &'a str) -> Args<'a> {
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

    fn get(&self, keys: &[&str]) -> Option<&str> {
        keys.iter().find_map(|key| {
            self.named
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v.as_ref())
        })
    }

    fn positional(&self, index: usize) -> Option<&str> {
        self.positional.get(index).map(|(value, _)| value.as_ref())
    }

    /// A value under one of `keys`, else the positional one at `index`.
    fn get_or(&self, keys: &[&str], index: usize) -> Option<&str> {
        self.get(keys)
            .or_else(|| self.positional(index))
            .map(str::trim)
            .filter(|value| !value.is_empty())
    }
}

/// One value at the start of `text`: (value, was it quoted, the rest).
fn read_value(text: &str) -> (Cow<'_, str>, bool, &str) {
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
enum Meaning {
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
enum Media {
    Image,
    YouTube,
    Vimeo,
    Gist,
    Post,
    Instagram,
}

fn media(name: &str) -> Option<Media> {
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

fn hugo_meaning(name: &str) -> Meaning {
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
fn is_wrapper(name: &str) -> bool {
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
fn liquid_meaning(name: &str) -> Meaning {
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
fn included_media(file: &str) -> Option<Media> {
    let stem = file.rsplit('/').next().unwrap_or(file);
    let stem = stem.split('.').next().unwrap_or(stem);
    media(stem).filter(|media| matches!(media, Media::Image | Media::YouTube | Media::Vimeo))
}

/// Output text, with a line-aware view for emitting blocks.
struct Out {
    text: String,
    line_start: usize,
    /// Length of the run of `{` the text ends with.
    braces: usize,
    /// What lines of the block being written start with: the container
    /// prefix of the tag's line, block quote markers kept and the rest
    /// (indentation, list marker) as spaces.
    container: String,
    /// Just after a block: leading spaces of the next text are dropped,
    /// lest they turn the new paragraph into indented code.
    after_block: bool,
    /// Blocks are written as spaces: the tag sits where no block can be.
    inline: bool,
}

impl Out {
    /// Appends text, breaking any tag opener that the joining of two pieces
    /// would form (`{` + removed tag + `{< x`): a removed tag must not glue
    /// its neighbours into a new one.
    fn push(&mut self, piece: &str) {
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
    fn push_code(&mut self, piece: &str) {
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
    fn backtick_junction(&mut self, piece: &str) {
        if self.text.ends_with('`') && piece.starts_with('`') {
            self.text.push(' ');
        }
    }

    fn space_out_braces(&mut self, run: usize) {
        space_out_braces(&mut self.text, run);
        self.braces = 0;
    }

    fn after_push(&mut self, from: usize) {
        if let Some(newline) = memrchr(b'\n', &self.text.as_bytes()[from..]) {
            self.line_start = from + newline + 1;
        }
    }

    /// Sets the container of the blocks to come from a tag's line prefix;
    /// `inline` where blocks cannot be (a table row, a link's text).
    fn set_container(&mut self, prefix: &str, inline: bool) {
        self.inline = inline;
        self.container.clear();
        self.container.extend(prefix.bytes().map(|b| match b {
            b'>' => '>',
            b'\t' => '\t',
            _ => ' ',
        }));
    }

    fn previous_line_is_blank(&self) -> bool {
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
    fn start_block(&mut self) {
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
    fn end_block(&mut self) {
        if self.inline {
            return self.push(" ");
        }
        self.new_block();
        self.after_block = true;
    }

    fn new_block(&mut self) {
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
fn push_defused(
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
fn space_out_braces(text: &mut String, run: usize) {
    text.truncate(text.len() - run);
    for _ in 0..run {
        text.push_str("{ ");
    }
}

/// Whether `run` braces followed by `next` would read as a tag opener that
/// must never be shown: `{{<`, `{{%`, `{%` (output `{{ x }}` may be, as
/// the content of `{% raw %}`).
fn opens_tag_strictly(run: usize, next: u8) -> bool {
    next == b'%' || (run >= 2 && next == b'<')
}

/// Whether `run` braces followed by `next` would read as a tag opener.
fn opens_tag(run: usize, next: u8) -> bool {
    next == b'%' || (run >= 2 && matches!(next, b'<' | b' ' | b'\t' | b'\r' | b'\n' | b'-'))
}

/// Writes the result from the tokens.
struct Emitter {
    out: Out,
    uses: Vec<ShortcodeUse>,
    words: Words,
}

impl Emitter {
    fn new(capacity: usize, words: Words) -> Emitter {
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
            words,
        }
    }

    /// The result, and where in it raw content was copied.
    fn run(mut self, tokens: &[Token<'_>]) -> (Preprocessed, Vec<Range<usize>>) {
        let mut verbatim = Vec::new();
        let paired = pair_shortcodes(tokens);
        for (token, &paired) in tokens.iter().zip(&paired) {
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
        };
        (pre, verbatim)
    }

    fn record(&mut self, name: &str, known: bool) {
        self.uses.push(ShortcodeUse {
            name: name.to_owned(),
            known,
        });
    }

    fn shortcode(&mut self, tag: Shortcode<'_>, paired: bool) {
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

    fn close(&mut self, meaning: Meaning) {
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
    fn text_arguments(&mut self, args: &Args<'_>) {
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

    fn statement(&mut self, name: &str, args: &str) {
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

    fn media(&mut self, media: Media, args: &Args<'_>) {
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
    fn image(&mut self, args: &Args<'_>) {
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
    fn code_block(&mut self, lang: &str, code: &str) {
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
    fn code_span(&mut self, source: &str) {
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

/// For each token: whether its shortcode has a partner (an opening tag its
/// closing tag, a closing tag its opening one). Nesting by name, as Hugo
/// does; a stack per name keeps unmatched tags from costing more than one
/// step each.
fn pair_shortcodes(tokens: &[Token<'_>]) -> Vec<bool> {
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
fn unescape_code(code: &str) -> Cow<'_, str> {
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

fn longest_backtick_run(text: &str) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for b in text.bytes() {
        run = if b == b'`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// White space (line breaks included) folded to single spaces: argument
/// text goes on one line, where a blank line cannot split it. ASCII white
/// space only: the no-break spaces of French typography (`chronologies :`)
/// are the author's and stay.
fn fold(text: &str) -> String {
    text.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text for a Markdown link or image label.
fn escape_label(text: &str) -> String {
    escape(&fold(text), "\\`[]")
}

/// Generated inline text: a backtick from an argument must not pair with
/// one that opens real code further on, which would turn that code into
/// text.
fn escape_inline(text: &str) -> String {
    escape(text, "\\`")
}

fn escape(text: &str, special: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if special.contains(c) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A URL or path as a link destination, or as part of one (`ref` writes
/// inside `[x](…)`): characters that would end or break it are encoded.
fn clean_url(url: &str) -> String {
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
fn looks_like_words(value: &str) -> bool {
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
    use super::*;
    use rstest::rstest;

    fn text(body: &str) -> String {
        preprocess(body).text
    }

    fn uses(body: &str) -> Vec<(String, bool)> {
        preprocess(body)
            .shortcodes
            .into_iter()
            .map(|u| (u.name, u.known))
            .collect()
    }

    /// Everything pulldown-cmark (what reads the result) shows as text:
    /// text, HTML, link and image targets; code left out. Adjacent text
    /// events are joined, since the parser splits text at `<` and `[`.
    fn shown_outside_code(markdown: &str) -> Vec<String> {
        let mut shown = vec![String::new()];
        let mut in_code_block = false;
        for event in Parser::new_ext(markdown, markdown_options()) {
            match event {
                Event::Text(t) if !in_code_block => {
                    shown.last_mut().into_iter().for_each(|s| s.push_str(&t))
                }
                Event::Html(t) | Event::InlineHtml(t) => shown.push(t.to_string()),
                Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
                Event::End(TagEnd::CodeBlock) => in_code_block = false,
                Event::Start(
                    Tag::Link {
                        dest_url, title, ..
                    }
                    | Tag::Image {
                        dest_url, title, ..
                    },
                ) => {
                    shown.push(dest_url.to_string());
                    shown.push(title.to_string());
                }
                _ => shown.push(String::new()),
            }
        }
        shown
    }

    const OPENERS: [&str; 3] = ["{{<", "{{%", "{%"];

    /// At most the first 300 characters, for failure messages.
    fn preview(text: &str) -> &str {
        text.char_indices()
            .nth(300)
            .map_or(text, |(at, _)| &text[..at])
    }

    /// Asserts that no template opener is shown as text by the renderer.
    fn assert_no_template_shown(body: &str, out: &str) {
        for piece in shown_outside_code(out) {
            for opener in OPENERS.iter().chain(&["{{ "]) {
                assert!(
                    !piece.contains(opener),
                    "{opener:?} shown in {:?}\nout: {:?}\nbody: {:?}",
                    preview(&piece),
                    preview(out),
                    preview(body)
                );
            }
        }
    }

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

    // Tags that never close: the rest of their line goes, nothing hangs.
    #[rstest]
    #[case::hugo("text {{< figure src=x\nnext line", "text \nnext line")]
    #[case::hugo_markdown("a {{% note\nb", "a \nb")]
    #[case::end_of_body("a {{<", "a ")]
    #[case::closed_after_blank_line("a {{< x\n\nb >}} c", "a \n\nb >}} c")]
    #[case::reopened("a {{< x\nb {{< y >}} c", "a \nb  c")]
    #[case::liquid("a {% if x\nb", "a \nb")]
    #[case::output("a {{ title\nb", "a \nb")]
    #[case::source("a {{</* x\nb", "a \nb")]
    #[case::nameless("a {{< >}} b {% %} c", "a  b  c")]
    fn unclosed(#[case] body: &str, #[case] expected: &str) {
        assert_eq!(text(body), expected);
    }

    #[test]
    fn unclosed_is_recorded() {
        assert_eq!(uses("{{< x\n"), [("(unclosed)".to_owned(), false)]);
        assert_eq!(uses("{{< >}}"), [("(malformed)".to_owned(), false)]);
    }

    #[test]
    fn unmatched_closers_vanish() {
        assert_eq!(text("a {{< /note >}} b {{% /roadmap/div %}} c"), "a  b  c");
        assert!(uses("{{< /note >}}").is_empty());
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

    // Malformed links.
    #[rstest]
    #[case::https(
        "Read [our guide] (https://x.ca/g/) now",
        "Read [our guide](https://x.ca/g/) now"
    )]
    #[case::path("[Équipe] (/fr/equipe/)", "[Équipe](/fr/equipe/)")]
    #[case::image("![Logo] (/logo.png)", "![Logo](/logo.png)")]
    #[case::inside_emphasis(
        "*[Nos amis] (https://a.ca/b/)* est",
        "*[Nos amis](https://a.ca/b/)* est"
    )]
    #[case::parenthesised(
        "([Données] (https://a.ca/x/), oui)",
        "([Données](https://a.ca/x/), oui)"
    )]
    #[case::encoded("[é] (https://a.ca/%C3%A9)", "[é](https://a.ca/%C3%A9)")]
    #[case::balanced_parens("[w] (https://w.org/A_(b))", "[w](https://w.org/A_(b))")]
    #[case::two_on_a_line("[a] (/a/) and [b] (/b/)", "[a](/a/) and [b](/b/)")]
    #[case::not_a_url("a [x] (not a link)", "a [x] (not a link)")]
    #[case::year("DALL-E [AI] (2023)", "DALL-E [AI] (2023)")]
    #[case::space_in_target("[x] (/a b)", "[x] (/a b)")]
    #[case::two_spaces("[x]  (/a/)", "[x]  (/a/)")]
    #[case::unclosed_target("[x] (/a/", "[x] (/a/")]
    #[case::nested_brackets("[a [b] c] (/x/)", "[a [b] c] (/x/)")]
    #[case::no_opening("a] (/x/)", "a] (/x/)")]
    #[case::across_paragraphs("[a\n\nb] (/x/)", "[a\n\nb] (/x/)")]
    #[case::task_item("- [ ] (https://a.ca/) todo", "- [ ] (https://a.ca/) todo")]
    #[case::in_code("`[a] (/x/)`", "`[a] (/x/)`")]
    fn malformed_links(#[case] body: &str, #[case] expected: &str) {
        assert_eq!(text(body), expected);
    }

    // Code is left as written.
    #[rstest]
    #[case::fence("```\n{{< figure src=x >}}\n{% if %}{{ y }}\n```\n")]
    #[case::tilde_fence("~~~liquid\n{% include a.html %}\n~~~\n")]
    #[case::long_fence("````\n```\n{{< x >}}\n````\n")]
    #[case::span("and `{{< y >}}` inline")]
    #[case::double_span("``{% if `x` %}``")]
    #[case::multi_line_span("a `{{< x\ny >}}` b")]
    #[case::quoted_fence("> ```\n> {{< x >}}\n> ```\n")]
    #[case::listed_fence("- a\n\n  ```\n  {{ y }}\n  ```\n")]
    #[case::unclosed_fence("```\n{{< x >}}\n")]
    #[case::mended_link_in_code("```\n[a] (/x/)\n```")]
    fn code_keeps_templates_as_source(#[case] body: &str) {
        assert_eq!(text(body), body);
        assert!(uses(body).is_empty());
    }

    #[rstest]
    #[case::raw_in_fence(
        "```\n{% raw %}{{ page.title }}{% endraw %}\n```",
        "```\n{{ page.title }}\n```"
    )]
    #[case::raw_in_span("`{%- raw -%}{{ x }}{%- endraw -%}`", "`{{ x }}`")]
    #[case::hugo_comment_in_fence(
        "```\n{{</* figure src=\"a\" */>}}\n{{%/* note */%}}\n```",
        "```\n{{< figure src=\"a\" >}}\n{{% note %}}\n```"
    )]
    #[case::other_liquid_in_fence_kept("```\n{% if a %}\n```", "```\n{% if a %}\n```")]
    fn code_escapes_are_undone(#[case] body: &str, #[case] expected: &str) {
        assert_eq!(text(body), expected);
    }

    #[rstest]
    #[case::angle(
        r#"Write {{</* figure src="a.png" */>}} here."#,
        r#"Write `{{< figure src="a.png" >}}` here."#
    )]
    #[case::percent("Use {{%/* note */%}}.", "Use `{{% note %}}`.")]
    #[case::with_backticks("{{</* x a=\"`\" */>}}", "``{{< x a=\"`\" >}}``")]
    fn shortcode_source_becomes_code(#[case] body: &str, #[case] expected: &str) {
        assert_eq!(text(body), expected);
    }

    #[test]
    fn tag_before_code_wins() {
        // The tag is read first, as the site generator reads it; what was
        // left of the code span is then plain text.
        let out = text("{{< x a=\"`\" >}} b` {{< y >}}");
        assert_eq!(out, " b\\` ");
    }

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
