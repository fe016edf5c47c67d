//! The first pass: a body cut into text, code and tags.

use super::markdown_options;
use memchr::{memchr, memmem, memrchr};
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};
use std::collections::HashMap;
use std::ops::Range;

/// Byte ranges of fenced code blocks and code spans, in order.
///
/// Indented code blocks are left out on purpose: in bodies migrated from
/// WordPress an indented line is far more often HTML than code, and a tag
/// resolved in real code is a smaller harm than one shown as source.
pub(super) fn code_ranges(body: &str) -> Vec<Range<usize>> {
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
pub(super) enum Token<'a> {
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
pub(super) struct Shortcode<'a> {
    pub(super) name: &'a str,
    pub(super) args: &'a str,
    pub(super) kind: TagKind,
    /// The container prefix of its line (`> `, `- `, indentation), which
    /// the blocks it becomes must keep.
    pub(super) prefix: &'a str,
    /// Inside a table row or a link's text, where a block would break the
    /// row or the link: what it becomes stays on the line.
    pub(super) inline: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TagKind {
    Open,
    Close,
    SelfClosing,
}

/// The next occurrence of a needle at or after a position, remembered:
/// asking again from anywhere in the stretch already searched costs
/// nothing, which keeps thousands of unclosed tags linear.
pub(super) struct Finder {
    pub(super) needle: memmem::Finder<'static>,
    /// No occurrence starts in `searched_from..found` (or `..end`).
    pub(super) searched_from: usize,
    pub(super) found: Option<usize>,
}

impl Finder {
    pub(super) fn new(needle: &'static str) -> Finder {
        Finder {
            needle: memmem::Finder::new(needle),
            searched_from: usize::MAX,
            found: None,
        }
    }

    pub(super) fn next(&mut self, haystack: &[u8], at: usize) -> Option<usize> {
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
pub(super) struct BlankLines {
    pub(super) searched_from: Option<usize>,
    pub(super) found: usize,
}

impl BlankLines {
    pub(super) fn next(&mut self, bytes: &[u8], at: usize) -> usize {
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
pub(super) fn is_blank_line(bytes: &[u8], start: usize) -> bool {
    bytes[start.min(bytes.len())..]
        .iter()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\r'))
        .is_none_or(|b| *b == b'\n')
}

/// The searches the tokenizer repeats, each remembered separately.
pub(super) struct Finders {
    pub(super) angle_open: Finder,
    pub(super) percent_open: Finder,
    pub(super) liquid_open: Finder,
    pub(super) angle_close: Finder,
    pub(super) percent_close: Finder,
    pub(super) liquid_close: Finder,
    pub(super) output_open: Finder,
    pub(super) output_close: Finder,
    pub(super) comment_close: Finder,
    pub(super) source_angle_close: Finder,
    pub(super) source_percent_close: Finder,
    pub(super) newline: Finder,
    // End-tag searches run ahead of the main walk: their own memories.
    pub(super) end_liquid_open: Finder,
    pub(super) end_liquid_close: Finder,
    pub(super) end_hugo_open: Finder,
    pub(super) end_angle_close: Finder,
    pub(super) end_percent_close: Finder,
}

impl Finders {
    pub(super) fn new() -> Finders {
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
pub(super) const fn stop_bytes() -> [bool; 256] {
    let mut table = [false; 256];
    table[b'{' as usize] = true;
    table[b'[' as usize] = true;
    table[b']' as usize] = true;
    table[b'\n' as usize] = true;
    table[b'|' as usize] = true;
    table
}

pub(super) static STOP: [bool; 256] = stop_bytes();

/// Cuts a body into [`Token`]s.
pub(super) struct Tokenizer<'a> {
    pub(super) body: &'a str,
    pub(super) bytes: &'a [u8],
    pub(super) pos: usize,
    /// Start of the text not yet emitted as a token.
    pub(super) text_start: usize,
    /// Where the line holding `line_checked` starts; found lazily, since
    /// tokens jump over line breaks.
    pub(super) line_start: usize,
    pub(super) line_checked: usize,
    pub(super) tokens: Vec<Token<'a>>,
    /// Where each token starts in the body, for the [`super::SourceMap`].
    pub(super) starts: Vec<usize>,
    pub(super) code: Vec<Range<usize>>,
    pub(super) next_code: usize,
    /// Closing delimiters of code that a tag ran into, to show escaped.
    pub(super) escapes: Vec<Range<usize>>,
    pub(super) next_escape: usize,
    /// The last `[` with no `]` after it in this paragraph.
    pub(super) open_bracket: Option<usize>,
    /// The last `|` met, which may make the line a table row.
    pub(super) last_pipe: Option<usize>,
    pub(super) finders: Finders,
    pub(super) blank: BlankLines,
    /// End tags known to be absent after a position.
    pub(super) no_end: HashMap<&'static str, usize>,
}

impl<'a> Tokenizer<'a> {
    pub(super) fn new(body: &'a str) -> Tokenizer<'a> {
        Tokenizer {
            body,
            bytes: body.as_bytes(),
            pos: 0,
            text_start: 0,
            line_start: 0,
            line_checked: 0,
            tokens: Vec::new(),
            starts: Vec::new(),
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

    /// The tokens, and where each starts in the body.
    pub(super) fn run(mut self) -> (Vec<Token<'a>>, Vec<usize>) {
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
        (self.tokens, self.starts)
    }

    /// Code a tag already ran into is no longer code: the tag came first,
    /// as it does for the site generator. What is left of it is text, its
    /// closing delimiter escaped.
    pub(super) fn skip_code_taken_by_tags(&mut self) {
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
    pub(super) fn line_start(&mut self) -> usize {
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
    pub(super) fn must_stay_inline(&mut self) -> bool {
        let line_start = self.line_start();
        self.open_bracket.is_some() || self.last_pipe.is_some_and(|pipe| pipe >= line_start)
    }

    /// The container prefix of the current line.
    pub(super) fn line_prefix(&mut self) -> &'a str {
        let start = self.line_start();
        let prefix = parse_prefix(&self.bytes[start..self.pos]);
        // The prefix is ASCII, so its end is a character boundary.
        &self.body[start..start + prefix.len]
    }

    pub(super) fn flush(&mut self, upto: usize) {
        if self.text_start < upto {
            self.tokens
                .push(Token::Text(&self.body[self.text_start..upto]));
            self.starts.push(self.text_start);
        }
    }

    /// Ends the text before `pos` and records `token`, which runs to `end`.
    pub(super) fn push_token(&mut self, end: usize, token: Token<'a>) {
        self.flush(self.pos);
        self.tokens.push(token);
        self.starts.push(self.pos);
        self.pos = end;
        self.text_start = end;
    }

    /// Drops an unclosed tag with the rest of its line.
    pub(super) fn unclosed(&mut self) {
        let end = self
            .finders
            .newline
            .next(self.bytes, self.pos)
            .unwrap_or(self.bytes.len());
        self.push_token(end, Token::Unclosed);
    }

    /// Where a tag starting here must be closed by.
    pub(super) fn tag_limit(&mut self) -> usize {
        self.blank.next(self.bytes, self.pos)
    }

    pub(super) fn brace(&mut self) {
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
    pub(super) fn shortcode(&mut self) {
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
    pub(super) fn shortcode_source(&mut self, open: &'static str, close: &'static str) {
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
    pub(super) fn liquid(&mut self) {
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
    pub(super) fn output(&mut self) {
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
    pub(super) fn output_word(&mut self) {
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
    pub(super) fn comment(&mut self) {
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
    pub(super) fn close_bracket(&mut self) {
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
    pub(super) fn find_liquid_end(
        &mut self,
        from: usize,
        end_name: &'static str,
    ) -> Option<(usize, usize)> {
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
    pub(super) fn find_hugo_close(
        &mut self,
        from: usize,
        name: &'static str,
    ) -> Option<(usize, usize)> {
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
pub(super) fn closing_delimiter(bytes: &[u8], range: Range<usize>) -> Range<usize> {
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
pub(super) fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '/' | '-' | '_' | '.')
}

/// Reads what is between `{{<` and `>}}`.
pub(super) fn parse_shortcode<'a>(
    inner: &'a str,
    prefix: &'a str,
    inline: bool,
) -> Option<Shortcode<'a>> {
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
pub(super) fn liquid_name(inner: &str) -> (&str, &str) {
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
pub(super) fn looks_like_target(target: &[u8]) -> bool {
    ["http://", "https://", "mailto:", "/", "./", "../", "#"]
        .iter()
        .any(|prefix| target.len() > prefix.len() && target.starts_with(prefix.as_bytes()))
}

/// `- [x] (…)`: a task list item, not a link.
pub(super) fn is_task_marker(line_before: &[u8], bracket_text: &[u8]) -> bool {
    matches!(bracket_text, b" " | b"x" | b"X") && {
        let prefix = parse_prefix(line_before);
        prefix.marker && prefix.len == line_before.len()
    }
}

/// What starts a line: block quote markers, indentation and a list marker.
pub(super) struct LinePrefix {
    /// Bytes the prefix takes.
    pub(super) len: usize,
    /// Whether it ends with a list marker (`- `, `1. `).
    pub(super) marker: bool,
}

/// Reads a line's container prefix; looks at the first 64 bytes only, which
/// is plenty for real nesting and keeps the cost constant.
pub(super) fn parse_prefix(line: &[u8]) -> LinePrefix {
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

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use rstest::rstest;

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
}
