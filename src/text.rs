//! Plain-text helpers shared by the loader, the renderer and the command
//! line: HTML fragments to text, making content safe for a terminal, and
//! folding case and accents (the list filter, search and sorting by title).

use html5gum::{DefaultEmitter, Emitter, ForwardingEmitter, SpanBound, Token, Tokenizer};
use std::borrow::Cow;
use std::io;
use unicode_normalization::UnicodeNormalization;

pub mod cells;

/// The tokens of an HTML fragment, as a WHATWG tokenizer reads them.
/// `<script>`, `<style>` and similar bodies are read as raw text, as a
/// browser does (there is no tree construction to tell the tokenizer).
/// Parse errors are not looked for: nothing here reports them, and checking
/// every character for them was a tenth of the time spent rendering.
pub fn html_tokens(html: &str) -> impl Iterator<Item = Token> + '_ {
    let mut emitter = DefaultEmitter::default();
    emitter.naively_switch_states(true);
    Tokenizer::new_with_emitter(html, WithoutErrors(emitter)).flatten()
}

/// [`html_tokens`], each with where it is in `html` (`span`, in bytes):
/// the renderer traces blocks back to their lines with it.
pub fn html_tokens_placed(html: &str) -> impl Iterator<Item = Token<usize>> + '_ {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    Tokenizer::new_with_emitter(html, WithoutErrors(emitter)).flatten()
}

/// The default emitter, told not to look for parse errors.
struct WithoutErrors<S: SpanBound = ()>(DefaultEmitter<S>);

impl<S: SpanBound> ForwardingEmitter for WithoutErrors<S> {
    type Token = Token<S>;

    fn inner(&mut self) -> &mut impl Emitter<Token = Token<S>> {
        &mut self.0
    }

    #[inline]
    fn should_emit_errors(&mut self) -> bool {
        false
    }
}

/// The text of an HTML fragment such as a title (`Plain &amp; <em>clear</em>`):
/// tags removed, entities decoded, runs of white space folded to one space.
/// `<script>` and `<style>` contents are dropped.
pub fn html_to_text(fragment: &str) -> String {
    if !fragment.contains(['<', '&']) {
        return fold_whitespace(fragment);
    }
    let mut text = String::with_capacity(fragment.len());
    let mut hidden_depth = 0usize;
    for token in html_tokens(fragment) {
        match token {
            Token::StartTag(tag) if is_hidden(&tag.name) && !tag.self_closing => {
                hidden_depth += 1;
            }
            Token::EndTag(tag) if is_hidden(&tag.name) => {
                hidden_depth = hidden_depth.saturating_sub(1);
            }
            Token::StartTag(tag) if tag.name.as_slice() == b"br" => text.push(' '),
            Token::String(s) if hidden_depth == 0 => text.push_str(&String::from_utf8_lossy(&s)),
            _ => {}
        }
    }
    fold_whitespace(&text)
}

/// The text of a front-matter title, which may hold inline Markdown as
/// well as HTML (``Alert <br>`<gcds-alert>` ``, `**New**: forms`): code
/// spans keep their text as written (`<gcds-alert>` is what it says, not
/// a tag), emphasis and links give their text, tags and entities are read
/// as in [`html_to_text`].
pub fn title_text(title: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    if !title.contains(['`', '*', '_', '[', '~']) {
        return html_to_text(title);
    }
    // Read as a paragraph, never as a list, heading or quote ("1. Intro").
    let trimmed = title.trim_start();
    let marker_then_space = |marker_end: usize| {
        marker_end > 0
            && trimmed[marker_end..]
                .chars()
                .next()
                .is_none_or(|c| c == ' ')
    };
    let digits = trimmed.find(|c: char| !c.is_ascii_digit()).unwrap_or(0);
    let hashes = trimmed.find(|c: char| c != '#').unwrap_or(trimmed.len());
    let opens_block = trimmed.starts_with('>')
        || (1..=6).contains(&hashes) && marker_then_space(hashes)
        || trimmed.starts_with(['-', '+', '*']) && marker_then_space(1)
        || digits > 0 && trimmed[digits..].starts_with(['.', ')']) && marker_then_space(digits + 1);
    let source = if opens_block {
        // A backslash before the marker's last character makes it text.
        let at = if digits > 0 { digits } else { 0 };
        format!("{}\\{}", &trimmed[..at], &trimmed[at..])
    } else {
        trimmed.to_string()
    };
    // Markdown's text is escaped back into HTML, so one reading of the
    // whole gives tags and entities their meaning and nothing else.
    let mut html = String::with_capacity(source.len());
    let escape = |text: &str, html: &mut String| {
        for c in text.chars() {
            match c {
                '<' => html.push_str("&lt;"),
                '>' => html.push_str("&gt;"),
                '&' => html.push_str("&amp;"),
                c => html.push(c),
            }
        }
    };
    for event in Parser::new_ext(&source, pulldown_cmark::Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Text(text) | Event::Code(text) => escape(&text, &mut html),
            Event::Html(raw) | Event::InlineHtml(raw) => html.push_str(&raw),
            Event::SoftBreak | Event::HardBreak => html.push(' '),
            _ => {}
        }
    }
    html_to_text(&html)
}

fn is_hidden(tag_name: &[u8]) -> bool {
    matches!(tag_name, b"script" | b"style")
}

/// Decodes entities left in text that was already decoded once: content
/// migrated from WordPress often double-escapes (`&amp;nbsp;`), and a
/// reader wants the no-break space, not its name. Unknown names stay.
pub fn decode_leftover_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let end = tail
            .char_indices()
            .take(33)
            .find(|(_, c)| *c == ';')
            .map(|(i, _)| i);
        let candidate = end.map(|end| &tail[..=end]).filter(|c| {
            c[1..c.len() - 1]
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '#')
                && c.len() > 2
        });
        match candidate {
            Some(entity) => {
                let decoded: String = html_tokens(entity)
                    .filter_map(|token| match token {
                        Token::String(s) => Some(String::from_utf8_lossy(&s).into_owned()),
                        _ => None,
                    })
                    .collect();
                out.push_str(&decoded);
                rest = &tail[entity.len()..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Folds every run of white space (including newlines) into one space and
/// trims the ends. No-break spaces are kept: French typography needs them.
pub fn fold_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether a character must never reach a terminal as is: C0 and C1
/// controls, DEL, and the bidirectional overrides and isolates that can
/// reorder what a reader sees.
pub fn is_unsafe_for_terminal(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{061c}')
}

/// Whether `text` holds a character [`is_unsafe_for_terminal`] other than
/// a tab or a line break (`\t`, `\n`, `\r`), read from the bytes: this runs
/// on every piece of text shown, and almost all of it is safe.
pub fn has_unsafe_for_terminal(text: &str) -> bool {
    const CHUNK: usize = 32;
    // A first pass flags, without branches (so it vectorizes), the chunks
    // holding a byte that can start an unsafe character; only those are
    // read closely. Curly quotes (`’`, E2 80 99) flag chunks too.
    let may_start_unsafe = |b: u8| b < 0x20 || b == 0x7f || b == 0xc2 || b == 0xd8 || b == 0xe2;
    let bytes = text.as_bytes();
    bytes.chunks(CHUNK).enumerate().any(|(index, chunk)| {
        chunk
            .iter()
            .fold(false, |flagged, &b| flagged | may_start_unsafe(b))
            && {
                let start = index * CHUNK;
                // Up to two bytes past the chunk, for a character that crosses it.
                let end = (start + CHUNK + 2).min(bytes.len());
                (start..start + chunk.len()).any(|i| starts_unsafe(&bytes[i..end]))
            }
    })
}

/// Whether the UTF-8 at the start of `bytes` encodes an unsafe character
/// (see [`is_unsafe_for_terminal`]) other than `\t`, `\n` or `\r`.
fn starts_unsafe(bytes: &[u8]) -> bool {
    match bytes {
        [b'\t' | b'\n' | b'\r', ..] => false,
        [0..=0x1f | 0x7f, ..] => true,
        // C1 controls, U+0080–U+009F.
        [0xc2, 0x80..=0x9f, ..] => true,
        // U+061C, the Arabic letter mark.
        [0xd8, 0x9c, ..] => true,
        // U+200E–U+200F, U+202A–U+202E, U+2066–U+2069.
        [0xe2, 0x80, 0x8e | 0x8f | 0xaa..=0xae, ..] | [0xe2, 0x81, 0xa6..=0xa9, ..] => true,
        _ => false,
    }
}

/// Content made safe to print on one line of a terminal: every unsafe
/// character is shown as a visible replacement (`␛` for ESC, `�` otherwise),
/// tabs and line breaks become spaces.
pub fn sanitize_line(text: &str) -> Cow<'_, str> {
    if !has_unsafe_for_terminal(text) && !text.contains(['\t', '\n', '\r']) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\t' | '\n' | '\r' => ' ',
                c if is_unsafe_for_terminal(c) => visible_replacement(c),
                c => c,
            })
            .collect(),
    )
}

/// The visible stand-in for a control character: the Unicode "control
/// picture" for C0 controls (`␛`, `␀`), `�` for the rest.
pub fn visible_replacement(c: char) -> char {
    match u32::from(c) {
        code @ 0..=0x1f => char::from_u32(0x2400 + code).unwrap_or('\u{fffd}'),
        0x7f => '\u{2421}',
        _ => '\u{fffd}',
    }
}

/// Writes `value` as pretty JSON (as `serde_json::to_writer_pretty` does)
/// with every character [`is_unsafe_for_terminal`] escaped (`\u009b`), so
/// JSON is as safe to print on a terminal as text: serde_json escapes C0
/// controls only, and writes C1 controls, DEL and bidirectional overrides
/// as they are. The value read back is the same.
pub fn write_json_pretty<W, T>(out: W, value: &T) -> serde_json::Result<()>
where
    W: io::Write,
    T: serde::Serialize + ?Sized,
{
    let formatter = TerminalSafeJson(serde_json::ser::PrettyFormatter::new());
    let mut serializer = serde_json::Serializer::with_formatter(out, formatter);
    value.serialize(&mut serializer)
}

/// Writes `items` as one pretty JSON array, each item made and written in
/// turn: the output of `list --json` grows with the square of a site's
/// languages (each post names its translations), its memory must not.
pub fn write_json_pretty_array<W, I>(out: W, items: I) -> serde_json::Result<()>
where
    W: io::Write,
    I: IntoIterator,
    I::Item: serde::Serialize,
{
    use serde::Serializer as _;
    let formatter = TerminalSafeJson(serde_json::ser::PrettyFormatter::new());
    let mut serializer = serde_json::Serializer::with_formatter(out, formatter);
    (&mut serializer).collect_seq(items)
}

/// A JSON formatter that escapes what a terminal would obey, and leaves
/// the layout to the formatter it wraps.
struct TerminalSafeJson<F>(F);

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for TerminalSafeJson<F> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        if !has_unsafe_for_terminal(fragment) {
            return self.0.write_string_fragment(writer, fragment);
        }
        let mut rest = fragment;
        while let Some((at, c)) = rest
            .char_indices()
            .find(|&(_, c)| is_unsafe_for_terminal(c))
        {
            self.0.write_string_fragment(writer, &rest[..at])?;
            // Every unsafe character is in the Basic Multilingual Plane.
            write!(writer, "\\u{:04x}", u32::from(c))?;
            rest = &rest[at + c.len_utf8()..];
        }
        self.0.write_string_fragment(writer, rest)
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }

    fn end_object_key<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_key(writer)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
}

/// Text as Unicode superscript (`10³`) when every character has one,
/// else `^(text)`: terminals cannot raise text.
pub fn superscript(text: &str) -> String {
    const FROM: &str = "0123456789+-=()n i";
    const TO: &str = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ ⁱ";
    shift(text, FROM, TO).unwrap_or_else(|| format!("^({text})"))
}

/// Text as Unicode subscript (`H₂O`) when every character has one, else `_(text)`.
pub fn subscript(text: &str) -> String {
    const FROM: &str = "0123456789+-=()";
    const TO: &str = "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎";
    shift(text, FROM, TO).unwrap_or_else(|| format!("_({text})"))
}

fn shift(text: &str, from: &str, to: &str) -> Option<String> {
    let pairs: Vec<(char, char)> = from.chars().zip(to.chars()).collect();
    text.chars()
        .map(|c| pairs.iter().find(|(f, _)| *f == c).map(|(_, t)| *t))
        .collect()
}

/// Text folded for matching, remembering where each folded character
/// came from in the original.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Folded {
    pub text: String,
    /// For each character of `text`, the index of the original character.
    pub origin: Vec<usize>,
}

/// Lower case, accents removed, ligatures spelled out.
pub fn fold(text: &str) -> Folded {
    let mut folded = Folded {
        text: String::with_capacity(text.len()),
        origin: Vec::with_capacity(text.len()),
    };
    fold_each(text, |index, c| {
        folded.text.push(c);
        folded.origin.push(index);
    });
    folded
}

/// [`fold`] without the origins, appended to `out`: full-text search folds
/// every word of every post, and one buffer serves them all.
pub fn fold_into(text: &str, out: &mut String) {
    fold_each(text, |_, c| out.push(c));
}

/// The folding rules: `push(index, c)` for each folded character `c` of
/// the original character at `index`.
fn fold_each(text: &str, mut push: impl FnMut(usize, char)) {
    for (index, c) in text.chars().enumerate() {
        let mut push = |c: char| push(index, c);
        match c {
            'œ' | 'Œ' => "oe".chars().for_each(&mut push),
            'æ' | 'Æ' => "ae".chars().for_each(&mut push),
            'ß' => "ss".chars().for_each(&mut push),
            '’' | '‘' => push('\''),
            '\u{a0}' | '\u{202f}' => push(' '),
            c if c.is_ascii() => push(c.to_ascii_lowercase()),
            // Latin letters with accents, from a table: most of French, and
            // full-text search folds every word of every post.
            c @ LATIN_START..=LATIN_END => latin_folds()[c as usize - LATIN_START as usize]
                .chars()
                .for_each(&mut push),
            c => fold_letter(c, push),
        }
    }
}

const LATIN_START: char = '\u{c0}';
const LATIN_END: char = '\u{17f}';

/// Lower case, decomposed, combining marks dropped.
fn fold_letter(c: char, mut push: impl FnMut(char)) {
    for base in c.to_lowercase().flat_map(|l| l.nfd()) {
        if !is_combining_mark(base) {
            push(base);
        }
    }
}

/// [`fold_letter`] of Latin-1 Supplement and Latin Extended-A, worked out
/// once by the same function, so the table cannot disagree with it.
fn latin_folds() -> &'static [String] {
    static TABLE: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (LATIN_START..=LATIN_END)
            .map(|c| {
                let mut folded = String::new();
                fold_letter(c, |f| folded.push(f));
                folded
            })
            .collect()
    })
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rstest::rstest;

    #[rstest]
    #[case("Numérique", "numerique")]
    #[case("ÉTÉ", "ete")]
    #[case("Œuvre", "oeuvre")]
    #[case("Montre\u{301}al", "montreal")]
    #[case("l’équipe", "l'equipe")]
    #[case("Straße", "strasse")]
    fn folding(#[case] text: &str, #[case] folded: &str) {
        assert_eq!(fold(text).text, folded);
    }

    #[test]
    fn folded_characters_point_back_to_the_original() {
        let folded = fold("Œuvré");
        assert_eq!(folded.text, "oeuvre");
        assert_eq!(folded.origin, [0, 0, 1, 2, 3, 4]);
    }

    fn unsafe_by_chars(text: &str) -> bool {
        text.chars()
            .any(|c| is_unsafe_for_terminal(c) && !matches!(c, '\t' | '\n' | '\r'))
    }

    proptest! {
        #[test]
        fn the_byte_scan_agrees_with_the_definition(
            text in "(\\PC|[\u{0}-\u{9f}\u{200e}\u{200f}\u{202a}-\u{202e}\u{2066}-\u{2069}\u{61c}’«»é]){0,80}"
        ) {
            prop_assert_eq!(has_unsafe_for_terminal(&text), unsafe_by_chars(&text));
        }
    }

    #[test]
    fn unsafe_characters_are_found_at_chunk_edges() {
        for at in 0..70 {
            for c in [
                '\u{1b}', '\u{85}', '\u{202e}', '\u{2067}', '\u{61c}', '\u{7f}',
            ] {
                let text = format!(
                    "{}{c}{}",
                    "’".repeat(at / 3) + &"a".repeat(at % 3),
                    "b".repeat(40)
                );
                assert!(has_unsafe_for_terminal(&text), "{c:?} after {at} bytes");
            }
            let safe = format!("{}’\t\n«»", "é".repeat(at));
            assert!(!has_unsafe_for_terminal(&safe));
        }
    }

    #[rstest]
    #[case::plain("Hello", "Hello")]
    #[case::entity("Plain &amp; simple", "Plain & simple")]
    #[case::numeric_entities("It&#8217;s &#x2014; here", "It\u{2019}s \u{2014} here")]
    #[case::tags("Hello, <strike>World</strike> Canada", "Hello, World Canada")]
    #[case::emphasis(
        "Plain language &amp; <em>clear</em> forms",
        "Plain language & clear forms"
    )]
    #[case::misspelled_entity_stays("a&nbps;b", "a&nbps;b")]
    #[case::script_dropped("A<script>alert(1)</script>B", "AB")]
    #[case::less_than_text("a < b", "a < b")]
    #[case::newlines_folded("one\n  two", "one two")]
    #[case::nbsp_kept("Objectif\u{a0}: lire", "Objectif\u{a0}: lire")]
    #[case::br_is_a_space("one<br>two", "one two")]
    fn titles_become_text(#[case] html: &str, #[case] text: &str) {
        assert_eq!(title_text(html), text);
        assert_eq!(html_to_text(html), text);
    }

    #[rstest]
    #[case::code_span("Alert <br>`<gcds-alert>`", "Alert <gcds-alert>")]
    #[case::emphasis("**New**: forms _that_ work", "New: forms that work")]
    #[case::link("Read [the guide](https://example.ca/)", "Read the guide")]
    #[case::numbered("1. Intro to `code`", "1. Intro to code")]
    #[case::heading_like("# of posts: *many*", "# of posts: many")]
    #[case::snake("snake_case_name", "snake_case_name")]
    #[case::entity_in_code("`&amp;` and &amp;", "&amp; and &")]
    fn markdown_titles_become_text(#[case] title: &str, #[case] text: &str) {
        assert_eq!(title_text(title), text);
    }

    #[rstest]
    #[case::double_escaped("«&nbsp;À", "«\u{a0}À")]
    #[case::misspelled("a&nbps;b", "a&nbps;b")]
    #[case::lone("fish & chips", "fish & chips")]
    #[case::numeric("it&#8217;s", "it\u{2019}s")]
    fn leftover_entities(#[case] text: &str, #[case] decoded: &str) {
        assert_eq!(decode_leftover_entities(text), decoded);
    }

    #[test]
    fn raised_and_lowered_text() {
        assert_eq!(superscript("3"), "³");
        assert_eq!(subscript("2"), "₂");
        assert_eq!(superscript("e"), "^(e)");
        assert_eq!(superscript("er"), "^(er)");
    }

    #[test]
    fn json_escapes_what_a_terminal_would_obey_and_keeps_it() {
        let value = serde_json::json!({
            "title": "a\u{1b}]0;x\u{7} \u{9b}21t \u{9d} \u{7f} \u{202e}r\u{2066} é’ 😀",
            "list": [1, "\u{85}"],
        });
        let mut out = Vec::new();
        write_json_pretty(&mut out, &value).expect("writes");
        let text = String::from_utf8(out).expect("UTF-8");
        assert!(!has_unsafe_for_terminal(&text), "{text:?}");
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text:?}"
        );
        assert!(
            text.contains("\\u009b21t") && text.contains("\\u202er"),
            "{text:?}"
        );
        assert!(text.contains("é’ 😀"), "the rest as it was: {text:?}");
        let back: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(back, value);
        let mut plain = Vec::new();
        serde_json::to_writer_pretty(&mut plain, &serde_json::json!({"a": [1, {"b": "c"}]}))
            .expect("writes");
        let mut safe = Vec::new();
        write_json_pretty(&mut safe, &serde_json::json!({"a": [1, {"b": "c"}]})).expect("writes");
        assert_eq!(safe, plain, "laid out as serde_json does");
    }

    #[rstest]
    #[case::clean("Clean title", "Clean title")]
    #[case::escape("a\u{1b}]0;pwned\u{7}b", "a\u{241b}]0;pwned\u{2407}b")]
    #[case::csi("\u{1b}[2J", "\u{241b}[2J")]
    #[case::c1("a\u{9b}b", "a\u{fffd}b")]
    #[case::bidi_override("abc\u{202e}def", "abc\u{fffd}def")]
    #[case::newline("two\nlines", "two lines")]
    #[case::nul("a\0b", "a\u{2400}b")]
    fn sanitized_lines_hold_no_control_character(#[case] raw: &str, #[case] shown: &str) {
        let safe = sanitize_line(raw);
        assert_eq!(safe, shown);
        assert!(!safe.chars().any(is_unsafe_for_terminal));
    }
}
