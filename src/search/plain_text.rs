//! What full-text search reads of a post: the text a reader sees, not its
//! markup, as plain lines; and the words it cuts that text into.
//!
//! Lighter than rendering (no styles, links or layout) because search reads
//! every post once to index it and the best candidates again for each
//! query, but it makes the same choices as the renderer about what shows:
//! template tags resolved, Markdown and raw HTML turned to text, hidden
//! elements (`<script>`, `<style>`…) and attributes dropped except image
//! descriptions, URLs never shown. So `href` or `div` match no post that
//! does not say them.

use crate::content::Post;
use crate::render::shortcodes::{self, Words};
use crate::render::{BodyFormat, looks_like_html};
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// The body of `post` as plain text: one line per paragraph, heading, list
/// item, table cell or line of code, white space folded, no empty line.
pub fn plain_text(post: &Post) -> String {
    body_text(
        post.body(),
        BodyFormat::of_path(&post.path),
        Words::for_lang(post.lang.as_str()),
    )
}

/// A body written in `format` as plain text (see [`plain_text`]); the words
/// shortcodes stand for are in `words`, as the reader shows them.
pub fn body_text(body: &str, format: BodyFormat, words: Words) -> String {
    let pre = shortcodes::preprocess_in(body, words);
    let mut out = TextOut::with_capacity(pre.text.len());
    match format {
        BodyFormat::Html => out.html(&pre.text),
        BodyFormat::Markdown => markdown(&pre.text, &mut out),
    }
    out.finish()
}

/// The options the renderer parses with, so blocks are cut where it cuts them.
fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

fn markdown(text: &str, out: &mut TextOut) {
    // An HTML block arrives a line at a time and a tag may span lines: the
    // lines are joined before reading them, as the renderer does.
    let mut html_block = String::new();
    let mut indented_code: Option<String> = None;
    for event in Parser::new_ext(text, markdown_options()) {
        if let Event::Html(html) = &event {
            html_block.push_str(html);
            continue;
        }
        if !html_block.is_empty() {
            out.html(&html_block);
            html_block.clear();
        }
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => {
                out.line();
                indented_code = Some(String::new());
            }
            Event::End(TagEnd::CodeBlock) => {
                match indented_code.take() {
                    // WordPress exports indent their HTML; the renderer reads
                    // such a block as markup, so search does too.
                    Some(code) if looks_like_html(&code) => out.html(&code),
                    Some(code) => out.text(&code),
                    None => {}
                }
                out.line();
            }
            Event::Start(tag) if starts_line(&tag) => out.line(),
            Event::End(tag) if ends_line(tag) => out.line(),
            Event::Text(text) => match &mut indented_code {
                Some(code) => code.push_str(&text),
                None => out.text(&text),
            },
            Event::Code(text) | Event::InlineMath(text) | Event::DisplayMath(text) => {
                out.text(&text)
            }
            Event::InlineHtml(html) => out.html(&html),
            Event::SoftBreak => out.text(" "),
            Event::HardBreak | Event::Rule => out.line(),
            // Footnote marks and check boxes are not words anyone searches.
            _ => {}
        }
    }
    if !html_block.is_empty() {
        out.html(&html_block);
    }
}

fn starts_line(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::Item
            | Tag::FootnoteDefinition(_)
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
    )
}

fn ends_line(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::TableCell
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
    )
}

/// Elements whose content is never shown (as in the renderer).
fn is_hidden(name: &[u8]) -> bool {
    matches!(
        name,
        b"script" | b"style" | b"template" | b"noscript" | b"head" | b"title" | b"svg" | b"math"
    )
}

/// Elements that stand on their own line(s) when shown.
fn is_block(name: &[u8]) -> bool {
    matches!(
        name,
        b"p" | b"div"
            | b"section"
            | b"article"
            | b"main"
            | b"header"
            | b"footer"
            | b"aside"
            | b"nav"
            | b"figure"
            | b"figcaption"
            | b"caption"
            | b"address"
            | b"form"
            | b"fieldset"
            | b"center"
            | b"dl"
            | b"dt"
            | b"dd"
            | b"details"
            | b"summary"
            | b"blockquote"
            | b"ul"
            | b"ol"
            | b"menu"
            | b"li"
            | b"pre"
            | b"table"
            | b"thead"
            | b"tbody"
            | b"tfoot"
            | b"tr"
            | b"td"
            | b"th"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"hr"
            | b"br"
            | b"body"
            | b"html"
    )
}

/// Text gathered from Markdown events and HTML tokens, lines cut where
/// blocks end; cleaned up by [`TextOut::finish`].
struct TextOut {
    raw: String,
    /// Depth of hidden elements; kept across the HTML fragments of one body
    /// since an inline `<script>` and its text arrive apart.
    hidden: usize,
}

impl TextOut {
    fn with_capacity(capacity: usize) -> TextOut {
        TextOut {
            raw: String::with_capacity(capacity),
            hidden: 0,
        }
    }

    fn text(&mut self, text: &str) {
        if self.hidden == 0 {
            self.raw.push_str(text);
        }
    }

    fn line(&mut self) {
        self.raw.push('\n');
    }

    /// Reads HTML as a browser shows it, for search: text and image
    /// descriptions kept, tags and attributes dropped, entities decoded,
    /// hidden elements skipped. A scanner rather than a full WHATWG
    /// tokenizer: search reads every candidate again for each query, and
    /// this is several times faster on the corpus while agreeing with the
    /// renderer on the HTML real sites hold.
    fn html(&mut self, html: &str) {
        let bytes = html.as_bytes();
        let mut text_start = 0;
        let mut at = 0;
        while let Some(offset) = memchr::memchr(b'<', &bytes[at..]) {
            let open = at + offset;
            let Some(markup) = Markup::read(html, open) else {
                // A `<` that opens no tag (`a < b`) is text.
                at = open + 1;
                continue;
            };
            self.text_run(&html[text_start..open]);
            at = markup.end;
            match markup.kind {
                MarkupKind::Start {
                    name,
                    self_closing,
                    description,
                } => {
                    self.start_tag(&name, self_closing, description);
                    if is_raw_text(&name) {
                        // Their content is not markup, whatever it looks like.
                        let close = closing_tag(bytes, at, &name);
                        if !is_hidden(&name) && self.hidden == 0 {
                            self.text_run(&html[at..close]);
                        }
                        at = close;
                    }
                }
                MarkupKind::End { name } => self.end_tag(&name),
                MarkupKind::Comment => {}
            }
            text_start = at;
        }
        self.text_run(&html[text_start..]);
    }

    fn text_run(&mut self, text: &str) {
        if self.hidden > 0 || text.is_empty() {
            return;
        }
        if text.contains('&') {
            self.raw
                .push_str(&crate::text::decode_leftover_entities(text));
        } else {
            self.raw.push_str(text);
        }
    }

    fn start_tag(&mut self, name: &[u8], self_closing: bool, description: Option<&str>) {
        if is_hidden(name) {
            self.hidden += usize::from(!self_closing);
            return;
        }
        match name {
            // The renderer shows an image, a video or a frame by its description.
            b"img" | b"iframe" | b"video" | b"audio" | b"embed" | b"object" => {
                if let Some(description) = description {
                    self.text(" ");
                    self.text_run(description);
                    self.text(" ");
                }
                // Fallback content inside a frame is for old browsers.
                if !self_closing && matches!(name, b"iframe" | b"object") {
                    self.hidden += 1;
                }
            }
            _ if is_block(name) => self.line(),
            _ => {}
        }
    }

    fn end_tag(&mut self, name: &[u8]) {
        if is_hidden(name) || (self.hidden > 0 && matches!(name, b"iframe" | b"object")) {
            self.hidden = self.hidden.saturating_sub(1);
        } else if is_block(name) {
            self.line();
        }
    }

    /// Folds white space inside each line (no-break spaces kept, as French
    /// typography needs them), drops empty lines, and decodes entities
    /// that were escaped twice, as the renderer does.
    fn finish(self) -> String {
        let mut out = String::with_capacity(self.raw.len());
        for line in self.raw.split('\n') {
            let start = out.len();
            let bytes = line.as_bytes();
            let mut word_start = 0;
            let mut at = 0;
            let push_word = |out: &mut String, word: &str| {
                if !word.is_empty() {
                    if out.len() > start {
                        out.push(' ');
                    }
                    out.push_str(word);
                }
            };
            // By bytes, skipping those that cannot start white space: this
            // runs over every candidate of every query.
            while at < bytes.len() {
                at += bytes[at..]
                    .iter()
                    .position(|&b| MAY_START_SPACE[usize::from(b)])
                    .unwrap_or(bytes.len() - at);
                let space = space_len(&bytes[at..]);
                if space == 0 {
                    at += 1;
                    continue;
                }
                push_word(&mut out, &line[word_start..at]);
                at += space;
                word_start = at;
            }
            push_word(&mut out, &line[word_start..]);
            if out.len() == start {
                continue;
            }
            if out[start..].contains('&') {
                if let std::borrow::Cow::Owned(decoded) =
                    crate::text::decode_leftover_entities(&out[start..])
                {
                    out.truncate(start);
                    out.push_str(&decoded);
                }
            }
            out.push('\n');
        }
        out.pop();
        out
    }
}

/// The bytes [`space_len`] can find white space at.
const MAY_START_SPACE: [bool; 256] = {
    let mut table = [false; 256];
    let starts: [u8; 9] = [b' ', b'\t', b'\r', 0x0b, 0x0c, 0xc2, 0xe1, 0xe2, 0xe3];
    let mut i = 0;
    while i < starts.len() {
        table[starts[i] as usize] = true;
        i += 1;
    }
    table
};

/// The length in bytes of the white space character `bytes` starts with,
/// or 0: `char::is_whitespace` read from the bytes, no-break spaces aside
/// (French typography needs them) and line breaks handled by the caller.
fn space_len(bytes: &[u8]) -> usize {
    match bytes {
        [b' ' | b'\t' | b'\r' | 0x0b | 0x0c, ..] => 1,
        // U+0085
        [0xc2, 0x85, ..] => 2,
        // U+1680, U+2000–U+200A, U+2028, U+2029, U+205F, U+3000
        [0xe1, 0x9a, 0x80, ..]
        | [0xe2, 0x80, 0x80..=0x8a | 0xa8 | 0xa9, ..]
        | [0xe2, 0x81, 0x9f, ..]
        | [0xe3, 0x80, 0x80, ..] => 3,
        _ => 0,
    }
}

/// Elements whose content is raw text, read up to their closing tag.
fn is_raw_text(name: &[u8]) -> bool {
    matches!(
        name,
        b"script"
            | b"style"
            | b"xmp"
            | b"iframe"
            | b"noembed"
            | b"noframes"
            | b"textarea"
            | b"title"
    )
}

/// Where the closing tag `</name` starts at or after `from` (any case), or
/// the end of `bytes`.
fn closing_tag(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut at = from;
    while let Some(offset) = memchr::memchr(b'<', &bytes[at..]) {
        let open = at + offset;
        let after = &bytes[open + 1..];
        if after.first() == Some(&b'/')
            && after.len() > name.len()
            && after[1..=name.len()].eq_ignore_ascii_case(name)
        {
            return open;
        }
        at = open + 1;
    }
    bytes.len()
}

/// A tag or comment read from HTML.
struct Markup<'h> {
    /// Just past it.
    end: usize,
    kind: MarkupKind<'h>,
}

enum MarkupKind<'h> {
    Start {
        /// Lower case.
        name: Vec<u8>,
        self_closing: bool,
        /// `alt`, else `title`: what the renderer shows for an image.
        description: Option<&'h str>,
    },
    End {
        name: Vec<u8>,
    },
    /// Comments, doctypes, processing instructions: nothing shown.
    Comment,
}

impl<'h> Markup<'h> {
    /// The markup that `<` at `open` starts, or `None` when that `<` is text
    /// (as HTML reads `a < b`). Markup left open runs to the end.
    fn read(html: &'h str, open: usize) -> Option<Markup<'h>> {
        let bytes = html.as_bytes();
        let to_end = |from: usize, needle: &[u8]| {
            memchr::memmem::find(&bytes[from.min(bytes.len())..], needle)
                .map_or(bytes.len(), |at| from + at + needle.len())
        };
        match bytes.get(open + 1)? {
            c if c.is_ascii_alphabetic() => Some(Markup::start_tag(html, open)),
            b'/' if bytes.get(open + 2).is_some_and(u8::is_ascii_alphabetic) => {
                let name = tag_name(bytes, open + 2);
                Some(Markup {
                    end: to_end(open + 2 + name.len(), b">"),
                    kind: MarkupKind::End { name },
                })
            }
            b'/' | b'?' => Some(Markup {
                end: to_end(open + 1, b">"),
                kind: MarkupKind::Comment,
            }),
            b'!' if bytes[open..].starts_with(b"<!--") => {
                // `<!-->` and `<!--->` are empty comments.
                let end = match bytes.get(open + 4..open + 6) {
                    Some([b'>', ..]) => open + 5,
                    Some(b"->") => open + 6,
                    _ => to_end(open + 4, b"-->"),
                };
                Some(Markup {
                    end,
                    kind: MarkupKind::Comment,
                })
            }
            b'!' => Some(Markup {
                end: to_end(open + 2, b">"),
                kind: MarkupKind::Comment,
            }),
            _ => None,
        }
    }

    fn start_tag(html: &'h str, open: usize) -> Markup<'h> {
        let bytes = html.as_bytes();
        let name = tag_name(bytes, open + 1);
        let mut at = open + 1 + name.len();
        let mut self_closing = false;
        let (mut alt, mut title) = (None, None);
        let is_space = |b: &u8| b.is_ascii_whitespace();
        loop {
            while bytes.get(at).is_some_and(is_space) {
                at += 1;
            }
            match bytes.get(at) {
                None => break,
                Some(b'>') => {
                    at += 1;
                    break;
                }
                Some(b'/') => {
                    at += 1;
                    if bytes.get(at) == Some(&b'>') {
                        self_closing = true;
                        at += 1;
                        break;
                    }
                    continue;
                }
                Some(_) => {}
            }
            let name_start = at;
            at += 1;
            while bytes
                .get(at)
                .is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'/' | b'>' | b'='))
            {
                at += 1;
            }
            let attribute = &bytes[name_start..at];
            while bytes.get(at).is_some_and(is_space) {
                at += 1;
            }
            if bytes.get(at) != Some(&b'=') {
                continue;
            }
            at += 1;
            while bytes.get(at).is_some_and(is_space) {
                at += 1;
            }
            let value = match bytes.get(at) {
                Some(&quote @ (b'"' | b'\'')) => {
                    let start = at + 1;
                    let end =
                        memchr::memchr(quote, &bytes[start..]).map_or(bytes.len(), |e| start + e);
                    at = (end + 1).min(bytes.len());
                    &html[start..end]
                }
                _ => {
                    let start = at;
                    while bytes
                        .get(at)
                        .is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>')
                    {
                        at += 1;
                    }
                    &html[start..at]
                }
            };
            if attribute.eq_ignore_ascii_case(b"alt") {
                alt = Some(value);
            } else if attribute.eq_ignore_ascii_case(b"title") {
                title = Some(value);
            }
        }
        Markup {
            end: at,
            kind: MarkupKind::Start {
                name,
                self_closing,
                description: alt.or(title),
            },
        }
    }
}

/// The lower-cased tag name that starts at `at`.
fn tag_name(bytes: &[u8], at: usize) -> Vec<u8> {
    bytes[at..]
        .iter()
        .take_while(|b| !b.is_ascii_whitespace() && !matches!(b, b'/' | b'>'))
        .map(u8::to_ascii_lowercase)
        .collect()
}

/// One word of a text, as search cuts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordAt {
    /// Where the word starts in the text, in bytes.
    pub start: usize,
    /// Where it ends (exclusive).
    pub end: usize,
    /// Counts words; a line break counts as one more, so that a phrase
    /// never runs from one paragraph into the next.
    pub position: u32,
    /// 0-based line of the text.
    pub line: u32,
}

/// Calls `f` with every word of `text` and its folded form (see
/// [`super::fold`]). A word is a run of letters, digits and combining
/// marks, so `l’équipe` is `l` and `equipe`, `arrière-boutique` two words,
/// and `Montréal` one word whether its accent is composed or not. Han and
/// kana characters are one word each, since those scripts put no space
/// between words.
pub fn for_each_word(text: &str, folded: &mut String, f: impl FnMut(WordAt, &str)) {
    let mut cutter = Cutter {
        text,
        folded,
        f,
        position: 0,
        line: 0,
    };
    let bytes = text.as_bytes();
    let mut at = 0;
    // Bytes first, a run at a time: nearly all text is ASCII, and decoding
    // every character costs more than cutting the words.
    while let Some(&byte) = bytes.get(at) {
        if byte.is_ascii_alphanumeric() {
            let start = at;
            at += 1;
            while bytes.get(at).is_some_and(u8::is_ascii_alphanumeric) {
                at += 1;
            }
            if bytes.get(at).is_some_and(|&b| b >= 0x80) {
                // `numérique`: the word goes on past ASCII.
                let (end, next) = word_end(text, at);
                cutter.emit(start, end, false);
                at = next;
            } else {
                cutter.emit(start, at, true);
            }
        } else if byte < 0x80 {
            if byte == b'\n' {
                cutter.line += 1;
                cutter.position += 1;
            }
            at += 1;
        } else {
            let Some(c) = text[at..].chars().next() else {
                break;
            };
            let after = at + c.len_utf8();
            if is_ideograph(c) {
                cutter.emit(at, after, false);
                at = after;
            } else if is_word_char(c) {
                let (end, next) = word_end(text, after);
                cutter.emit(at, end, false);
                at = next;
            } else {
                at = after;
            }
        }
    }
}

/// Where the word that goes on at `at` ends, and where to read on (past an
/// ideograph that ends it, which is a word of its own and read again).
fn word_end(text: &str, mut at: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    while let Some(&byte) = bytes.get(at) {
        if byte < 0x80 {
            if !byte.is_ascii_alphanumeric() {
                return (at, at);
            }
            at += 1;
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        if is_ideograph(c) || !is_word_char(c) {
            return (at, at);
        }
        at += c.len_utf8();
    }
    (at, at)
}

/// Letters, digits and combining marks, beyond ASCII.
fn is_word_char(c: char) -> bool {
    match c {
        // Latin-1 letters (`é`, `ç`), most of French: no table lookup.
        '\u{c0}'..='\u{ff}' => c != '×' && c != '÷',
        // General punctuation (`’`, `–`, `…`, the narrow no-break space).
        '\u{2000}'..='\u{206f}' => false,
        c => c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c),
    }
}

/// What [`for_each_word`] carries from word to word.
struct Cutter<'t, 'b, F> {
    text: &'t str,
    folded: &'b mut String,
    f: F,
    position: u32,
    line: u32,
}

impl<F: FnMut(WordAt, &str)> Cutter<'_, '_, F> {
    fn emit(&mut self, start: usize, end: usize, ascii: bool) {
        let word = &self.text[start..end];
        self.folded.clear();
        if ascii {
            self.folded.push_str(word);
            self.folded.make_ascii_lowercase();
        } else {
            super::fold_into(word, self.folded);
        }
        if self.folded.is_empty() {
            return;
        }
        let at = WordAt {
            start,
            end,
            position: self.position,
            line: self.line,
        };
        (self.f)(at, self.folded);
        self.position += 1;
    }
}

/// Han ideographs and kana: written without spaces between words.
fn is_ideograph(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{2ffff}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn md(body: &str) -> String {
        body_text(body, BodyFormat::Markdown, Words::English)
    }

    fn words(text: &str) -> Vec<(String, u32, u32)> {
        let mut out = Vec::new();
        let mut buffer = String::new();
        for_each_word(text, &mut buffer, |at, folded| {
            out.push((folded.to_string(), at.position, at.line));
        });
        out
    }

    #[rstest]
    #[case::paragraphs("One\ntwo.\n\nThree.", "One two.\nThree.")]
    #[case::emphasis_and_links(
        "A *plain* [link](https://example.ca/href/div) here.",
        "A plain link here."
    )]
    #[case::html_block(
        "<div class=\"note\"><p>Read &amp; <a href=\"/x\">share</a></p></div>\n",
        "Read & share"
    )]
    #[case::inline_html("Some <strong>bold</strong> words.", "Some bold words.")]
    #[case::hidden_inline("Keep<script>var div = 1;</script> this.", "Keep this.")]
    #[case::image_alt("![A snowy road](/img/road.jpg)", "A snowy road")]
    #[case::html_image_alt("<img src=\"x.png\" alt=\"Two timelines\">\n", "Two timelines")]
    #[case::table(
        "| Key | What |\n|---|---|\n| `t` | Translate |",
        "Key\nWhat\nt\nTranslate"
    )]
    #[case::code_kept("```\nlet x = 1;\n```", "let x = 1;")]
    #[case::indented_html(
        "Text.\n\n    <p>Indented <em>markup</em></p>\n",
        "Text.\nIndented markup"
    )]
    #[case::nbsp_kept("Objectif\u{a0}: lire", "Objectif\u{a0}: lire")]
    #[case::double_escaped("<p>&amp;eacute;t&amp;eacute;</p>\n", "été")]
    fn markdown_as_a_reader_sees_it(#[case] body: &str, #[case] text: &str) {
        assert_eq!(md(body), text);
    }

    #[test]
    fn white_space_is_what_rust_calls_white_space_but_no_break_spaces() {
        for c in (0..0x11000).filter_map(char::from_u32) {
            let mut bytes = [0; 4];
            let encoded = c.encode_utf8(&mut bytes).as_bytes();
            let expected = c.is_whitespace() && !matches!(c, '\n' | '\u{a0}' | '\u{202f}');
            assert_eq!(space_len(encoded) > 0, expected, "{c:?}");
        }
        assert_eq!(md("a \u{2003} b\u{3000}\tc"), "a b c");
    }

    #[test]
    fn shortcodes_show_what_they_stand_for() {
        let text = md("Before.\n\n{{< figure src=\"/a.png\" caption=\"The old process\" >}}\n");
        assert!(text.contains("The old process"), "{text}");
        assert!(!text.contains("figure"), "{text}");
    }

    #[test]
    fn html_posts_are_read_as_html() {
        let text = body_text(
            "<h2>Title</h2><p>Body <br>text</p>",
            BodyFormat::Html,
            Words::English,
        );
        assert_eq!(text, "Title\nBody\ntext");
    }

    #[test]
    fn words_are_folded_and_cut_at_apostrophes_and_hyphens() {
        let found: Vec<String> = words("L’Équipe d’arrière-boutique, Œuvre 2023")
            .into_iter()
            .map(|(w, _, _)| w)
            .collect();
        assert_eq!(
            found,
            ["l", "equipe", "d", "arriere", "boutique", "oeuvre", "2023"]
        );
    }

    #[test]
    fn a_combining_accent_stays_inside_its_word() {
        let found = words("Montre\u{301}al, e\u{301}te\u{301}");
        assert_eq!(found[0].0, "montreal");
        assert_eq!(found[1].0, "ete");
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn ideographs_are_words_of_their_own() {
        let found: Vec<String> = words("日本語 ok").into_iter().map(|(w, _, _)| w).collect();
        assert_eq!(found, ["日", "本", "語", "ok"]);
    }

    #[test]
    fn a_line_break_leaves_a_gap_in_positions() {
        assert_eq!(
            words("one two\nthree"),
            [
                ("one".to_string(), 0, 0),
                ("two".to_string(), 1, 0),
                ("three".to_string(), 3, 1)
            ]
        );
    }
}
