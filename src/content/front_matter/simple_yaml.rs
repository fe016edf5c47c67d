//! A fast reader for the block YAML that front matter and site
//! configurations are written in: `key: scalar` mappings nested by
//! indentation, `- item` sequences (of scalars or of mappings), quoted
//! scalars, `>-` and `|` blocks, short flow lists. It gives up (`None`) on
//! anything else, and serde_yaml reads that; where it answers, it answers
//! exactly as serde_yaml would (tests hold it to that, on the real corpus
//! and on generated documents).
//!
//! serde_yaml takes about 400 instructions a byte: a 2 KB configuration,
//! read by every `liseuse show`, cost a third of the command's own work.

use super::budget::Limits;
use serde_json::{Map, Value};

/// A document whose top level is a mapping: its fields in file order.
pub fn parse(text: &str, limits: Limits) -> Option<Map<String, Value>> {
    match parse_document(text, limits)? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

/// A whole document: a block mapping or a block sequence at the margin.
///
/// Within the YAML crate's budget: it gives up on a document larger than
/// `limits` allow, or that may hold more values (a line holds at most three:
/// a mapping, a key and its value, plus one for each `,` or `[` of a flow
/// list), and the YAML crate then says which budget it is over. It has no
/// aliases, so its text is never more than the document's.
pub fn parse_document(text: &str, limits: Limits) -> Option<Value> {
    if text.len() > limits.document_bytes || text.len() > limits.text_bytes {
        return None;
    }
    let mut values = 1usize;
    for c in text.chars() {
        if outside_plain_yaml(c) {
            return None;
        }
        values += match c {
            '\n' => 3,
            ',' | '[' => 1,
            _ => 0,
        };
    }
    if values > limits.values {
        return None;
    }
    let mut reader = Reader {
        lines: text.lines().map(Line::new).collect(),
        at: 0,
        depth: 0,
        max_depth: limits.depth,
        ends_with_newline: text.ends_with('\n'),
    };
    let first = reader.next_significant()?;
    if first.indent != 0 {
        return None;
    }
    let value = if is_entry(first.content) {
        reader.sequence(0)?
    } else {
        reader.mapping(0)?
    };
    // Anything left over is less indented than nothing: not ours to read.
    match reader.next_significant() {
        Some(_) => None,
        None => Some(value),
    }
}

#[derive(Clone, Copy)]
struct Line<'a> {
    indent: usize,
    /// The line after its indentation.
    content: &'a str,
}

impl<'a> Line<'a> {
    fn new(raw: &'a str) -> Self {
        let content = raw.trim_start_matches(' ');
        Line {
            indent: raw.len() - content.len(),
            content,
        }
    }

    fn is_blank(&self) -> bool {
        self.content.bytes().all(|b| b == b' ')
    }
}

struct Reader<'a> {
    lines: Vec<Line<'a>>,
    at: usize,
    /// Blocks open around the one being read.
    depth: usize,
    /// How deep blocks may nest before the reader gives up (the budget's
    /// depth): it recurses, and hostile files nest thousands deep.
    max_depth: usize,
    /// Whether the last line has its line break: a block scalar that
    /// ends the document without one ends without one too.
    ends_with_newline: bool,
}

impl<'a> Reader<'a> {
    /// The next line that is neither blank nor a comment, not consumed.
    fn next_significant(&mut self) -> Option<Line<'a>> {
        while let Some(line) = self.lines.get(self.at) {
            if !line.is_blank() && !line.content.starts_with('#') {
                return Some(*line);
            }
            self.at += 1;
        }
        None
    }

    /// Whether the next significant line is indented deeper than `indent`:
    /// after a scalar, that would continue it (or be an error).
    fn deeper_follows(&mut self, indent: usize) -> bool {
        self.next_significant()
            .is_some_and(|line| line.indent > indent)
    }

    /// Reads a block with `read`, one level deeper, unless too deep.
    fn deeper(&mut self, read: impl FnOnce(&mut Self) -> Option<Value>) -> Option<Value> {
        if self.depth == self.max_depth {
            return None;
        }
        self.depth += 1;
        let value = read(self);
        self.depth -= 1;
        value
    }

    fn mapping(&mut self, indent: usize) -> Option<Value> {
        self.deeper(|reader| reader.mapping_entries(indent))
    }

    fn sequence(&mut self, indent: usize) -> Option<Value> {
        self.deeper(|reader| reader.sequence_items(indent))
    }

    fn mapping_entries(&mut self, indent: usize) -> Option<Value> {
        let mut map = Map::new();
        while let Some(line) = self.next_significant() {
            if line.indent < indent {
                break;
            }
            if line.indent > indent || is_entry(line.content) {
                return None;
            }
            let (key, rest) = split_key(line.content)?;
            self.at += 1;
            let rest = trim_spaces(rest);
            let value = match rest {
                "" => self.nested(indent)?,
                ">-" | ">" | "|-" | "|" => self.block_scalar(rest, indent)?,
                _ => {
                    let value = scalar(rest)?;
                    if self.deeper_follows(indent) {
                        return None;
                    }
                    value
                }
            };
            if map.insert(key.to_string(), value).is_some() {
                return None;
            }
        }
        Some(Value::Object(map))
    }

    /// The value of a `key:` with nothing after the colon: a block below
    /// it, a sequence at its own indentation, or null.
    fn nested(&mut self, indent: usize) -> Option<Value> {
        match self.next_significant() {
            Some(next) if next.indent > indent => {
                if is_entry(next.content) {
                    self.sequence(next.indent)
                } else {
                    self.mapping(next.indent)
                }
            }
            Some(next) if next.indent == indent && is_entry(next.content) => self.sequence(indent),
            _ => Some(Value::Null),
        }
    }

    fn sequence_items(&mut self, indent: usize) -> Option<Value> {
        let mut items = Vec::new();
        while let Some(line) = self.next_significant() {
            if line.indent < indent {
                break;
            }
            if line.indent > indent {
                return None;
            }
            // A sequence at its key's indentation ends where the next key is.
            if !is_entry(line.content) {
                break;
            }
            let after_dash = &line.content[1..];
            let item = after_dash.trim_start_matches(' ');
            if item.is_empty() || is_entry(item) {
                return None;
            }
            if split_key(item).is_some() {
                // A mapping whose first key sits on the dash's line: read
                // it as if that key began its own line, at its column.
                let column = indent + 1 + (after_dash.len() - item.len());
                self.lines[self.at] = Line {
                    indent: column,
                    content: item,
                };
                items.push(self.mapping(column)?);
                continue;
            }
            self.at += 1;
            let text = trim_spaces(item);
            if text.ends_with(':') {
                return None;
            }
            let value = scalar(text)?;
            if self.deeper_follows(indent) {
                return None;
            }
            items.push(value);
        }
        Some(Value::Array(items))
    }

    /// `>-`, `>`, `|-` or `|` and the lines below, all at one indentation.
    fn block_scalar(&mut self, indicator: &str, parent: usize) -> Option<Value> {
        let start = self.at;
        while self
            .lines
            .get(self.at)
            .is_some_and(|line| line.is_blank() || line.indent > parent)
        {
            self.at += 1;
        }
        let after = self.at;
        while self.at > start && self.lines[self.at - 1].is_blank() {
            self.at -= 1;
        }
        let block = &self.lines[start..self.at];
        let indent = block.first()?.indent;
        // Spaces past the block's indentation on the blank lines after it
        // are kept by YAML; and the document's end may lack the last break.
        if self.lines[self.at..after]
            .iter()
            .any(|line| line.indent > indent)
            || (self.at == self.lines.len() && !self.ends_with_newline)
        {
            return None;
        }
        // Blank lines inside the block, more indented lines (which keep
        // their breaks) and trailing spaces follow rules left to serde_yaml.
        if block
            .iter()
            .any(|line| line.is_blank() || line.indent != indent || line.content.ends_with(' '))
        {
            return None;
        }
        let separator = if indicator.starts_with('>') {
            " "
        } else {
            "\n"
        };
        let mut text = block
            .iter()
            .map(|line| line.content)
            .collect::<Vec<_>>()
            .join(separator);
        if !indicator.ends_with('-') {
            text.push('\n');
        }
        Some(Value::String(text))
    }
}

/// Characters whose rules are left to serde_yaml: tabs, carriage returns
/// and YAML's other line breaks (NEL, U+2028, U+2029), and the characters
/// YAML does not allow at all (controls, C1, non-characters, a BOM).
fn outside_plain_yaml(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// Trims YAML's spaces: ASCII spaces only (a no-break space is text).
fn trim_spaces(text: &str) -> &str {
    text.trim_matches(' ')
}

/// `- item` (or a lone `-`) starts a sequence entry.
fn is_entry(content: &str) -> bool {
    content == "-" || content.starts_with("- ")
}

/// `key: rest` or `key:`, for keys that YAML reads as the same plain
/// text serde_yaml gives back (not `true`, `null`, `007`...).
fn split_key(content: &str) -> Option<(&str, &str)> {
    let colon = content.find(':')?;
    let (key, rest) = (&content[..colon], &content[colon + 1..]);
    if !rest.is_empty() && !rest.starts_with(' ') {
        return None;
    }
    let first = key.chars().next()?;
    // libyaml refuses implicit keys of 1,024 characters and more.
    if key.len() >= 1000 {
        return None;
    }
    if !(first.is_ascii_alphabetic() || first == '_')
        || !key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        || is_special_word(key)
    {
        return None;
    }
    Some((key, rest))
}

/// Plain words YAML could read as something other than text (`yes` and
/// `on` only in YAML 1.1, but left to serde_yaml all the same).
fn is_special_word(word: &str) -> bool {
    ["true", "false", "null", "yes", "no", "on", "off"]
        .iter()
        .any(|special| word.eq_ignore_ascii_case(special))
}

fn scalar(value: &str) -> Option<Value> {
    if let Some(inner) = value.strip_prefix('\'') {
        let inner = inner.strip_suffix('\'')?;
        if inner.replace("''", "").contains('\'') {
            return None;
        }
        return Some(Value::String(inner.replace("''", "'")));
    }
    if let Some(inner) = value.strip_prefix('"') {
        return double_quoted(inner.strip_suffix('"')?).map(Value::String);
    }
    if let Some(inner) = value.strip_prefix('[') {
        return flow_sequence(inner.strip_suffix(']')?);
    }
    plain(value)
}

fn plain(value: &str) -> Option<Value> {
    let first = value.chars().next()?;
    // Indicators: anchors, aliases, tags, directives, flow collections.
    if matches!(
        first,
        '#' | '|'
            | '>'
            | '\''
            | '"'
            | '['
            | ']'
            | '{'
            | '}'
            | ','
            | '?'
            | ':'
            | '&'
            | '*'
            | '!'
            | '%'
            | '@'
            | '`'
    ) || value.starts_with("- ")
        || value.contains(": ")
        || value.contains(" #")
        || value.ends_with(':')
    {
        return None;
    }
    match value {
        "true" => return Some(Value::Bool(true)),
        "false" => return Some(Value::Bool(false)),
        "null" | "~" => return Some(Value::Null),
        _ => {}
    }
    if is_special_word(value)
        || value.eq_ignore_ascii_case(".inf")
        || value.eq_ignore_ascii_case(".nan")
    {
        return None;
    }
    if let Some(digits) = value.strip_prefix('-') {
        if !digits.is_empty()
            && digits.chars().all(|c| c.is_ascii_digit())
            && (digits == "0" || !digits.starts_with('0'))
        {
            return value.parse::<i64>().ok().map(Value::from);
        }
        return None;
    }
    if first.is_ascii_digit() || first == '+' || first == '.' {
        let digits = value.chars().all(|c| c.is_ascii_digit());
        if digits && (value == "0" || !value.starts_with('0')) {
            return value.parse::<i64>().ok().map(Value::from);
        }
        // Dates and versions are text to YAML 1.2, but floats and octal
        // are not: only the plainly textual shapes are taken here.
        if value
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == 'e' || c == 'E' || c == '_')
        {
            return None;
        }
    }
    // serde_yaml reads as a number what Rust parses as a float, and
    // integers with a sign or in hexadecimal, octal or binary.
    if first == '+'
        || value.parse::<f64>().is_ok()
        || ["0x", "0o", "0b", "0X", "0O", "0B"]
            .iter()
            .any(|radix| value.starts_with(radix))
    {
        return None;
    }
    Some(Value::String(value.to_string()))
}

fn double_quoted(inner: &str) -> Option<String> {
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return None,
            '\\' => match chars.next()? {
                '\\' => out.push('\\'),
                '"' => out.push('"'),
                '/' => out.push('/'),
                '_' => out.push('\u{a0}'),
                'n' => out.push('\n'),
                't' => out.push('\t'),
                ' ' => out.push(' '),
                _ => return None,
            },
            c => out.push(c),
        }
    }
    Some(out)
}

fn flow_sequence(inner: &str) -> Option<Value> {
    if inner.contains(['[', ']', '{', '}']) {
        return None;
    }
    if trim_spaces(inner).is_empty() {
        return Some(Value::Array(Vec::new()));
    }
    let mut items = Vec::new();
    let mut rest = trim_spaces(inner);
    while !rest.is_empty() {
        let (item, after) = if rest.starts_with('"') || rest.starts_with('\'') {
            let quote = rest.chars().next()?;
            let mut end = None;
            let bytes = rest.as_bytes();
            let mut j = 1;
            while j < bytes.len() {
                if bytes[j] == quote as u8 {
                    if quote == '\'' && bytes.get(j + 1) == Some(&b'\'') {
                        j += 2;
                        continue;
                    }
                    end = Some(j);
                    break;
                }
                if quote == '"' && bytes[j] == b'\\' {
                    j += 1;
                }
                j += 1;
            }
            let end = end?;
            (&rest[..=end], rest[end + 1..].trim_start_matches(' '))
        } else {
            match rest.find(',') {
                Some(comma) => (trim_spaces(&rest[..comma]), &rest[comma..]),
                None => (trim_spaces(rest), ""),
            }
        };
        let quoted = item.starts_with(['"', '\'']);
        if item.is_empty() || (!quoted && item.contains(':')) {
            return None;
        }
        items.push(scalar(item)?);
        rest = match after.strip_prefix(',') {
            Some(next) => next.trim_start_matches(' '),
            None if after.is_empty() => "",
            None => return None,
        };
    }
    Some(Value::Array(items))
}

#[cfg(test)]
mod tests {
    use super::{parse, parse_document};
    use crate::content::front_matter::budget::FRONT_MATTER;
    use crate::content::front_matter::parse_yaml_document_in_full;
    use proptest::prelude::*;
    use rstest::rstest;
    use serde_json::Value;

    fn agrees(text: &str) {
        let fast = parse_document(text, FRONT_MATTER).expect("the fast reader takes this");
        let full = parse_yaml_document_in_full(text, FRONT_MATTER).expect("valid YAML");
        assert_eq!(fast, full, "{text}");
    }

    #[rstest]
    #[case::nested_mappings("a:\n  b:\n    c: 1\n  d: x\ne: true\n")]
    #[case::four_spaces("a:\n    b: 1\n    c:\n        d: [x, 'y']\n")]
    #[case::sequence_of_mappings(
        "menu:\n  main:\n    - identifier: About\n      url: /about/  \n      weight: 2\n    - name: Blog\n"
    )]
    #[case::sequence_at_its_key_s_indentation("a:\n- x\n- y\nb:\n  - z\n")]
    #[case::mapping_in_a_sequence_in_a_mapping("- a:\n  - x\n  b:\n    c: d\n- e\n")]
    #[case::wide_dash("-   a: 1\n    b: 2\n")]
    #[case::comments_and_blank_lines("# top\na:\n  # inside\n\n  b: 1\n    # deeper\nc: 2\n")]
    #[case::nested_block_scalar("a:\n  text: >-\n    one\n    two\n  code: |\n    x\n  after: 1\n")]
    #[case::block_scalar_in_a_sequence_item("- a: |-\n    one\n  b: 2\n")]
    #[case::flow_lists_with_colons("date: [\":filename\", \":default\"]\nout: [HTML, RSS]\n")]
    #[case::colons_inside_values("blog: /:year/:month/:filename\nbase: https://x.ca/\n")]
    #[case::accents("name: Français\nmenu: À propos\n")]
    #[case::null_values("a:\nb:\n  c:\n")]
    #[case::top_level_sequence("- a\n- 'b'\n- [c]\n")]
    #[case::no_final_newline("a:\n  b: 1")]
    #[case::no_break_spaces_are_text("a: x\u{a0}\nb: \u{a0}y\nc: [z\u{a0}]\n")]
    #[case::blank_lines_at_the_block_s_indentation("a: |\n  x\n  \nb: 1\n")]
    fn agrees_with_serde_yaml(#[case] text: &str) {
        agrees(text);
    }

    #[rstest]
    #[case::uneven_mapping("a:\n  b: 1\n   c: 2\n")]
    #[case::deeper_after_a_scalar("a: 1\n  b: 2\n")]
    #[case::continued_plain_in_a_sequence("- one\n  two\n")]
    #[case::dash_alone("-\n  a: 1\n")]
    #[case::nested_dashes("- - a\n")]
    #[case::duplicate_nested_key("a:\n  b: 1\n  b: 2\n")]
    #[case::numeric_key("007: x\n")]
    #[case::boolean_key("a:\n  yes: x\n")]
    #[case::quoted_key("\"a\": 1\n")]
    #[case::flow_mapping("a:\n  b: {c: 1}\n")]
    #[case::anchor_and_alias("a: &x 1\nb: *x\n")]
    #[case::document_marker("---\na: 1\n")]
    #[case::indented_document("  a: 1\n")]
    #[case::blank_line_in_block_scalar("a: |\n  one\n\n  two\n")]
    #[case::only_comments("# nothing\n")]
    #[case::plus_sign("a: +1\n")]
    #[case::hexadecimal("a: 0x1F\n")]
    #[case::octal_prefix("a: 0o17\n")]
    #[case::signed_exponent("a: 1e+5\n")]
    #[case::float_without_digits_after_the_point("a: 9.E-6\n")]
    #[case::plus_in_a_flow_list("a: [4, +2]\n")]
    #[case::block_scalar_ending_the_document_without_a_break("a:\n  b: |\n    x")]
    #[case::spaces_kept_after_a_block_scalar("a: |\n  x\n   \nb: 1\n")]
    #[case::unicode_line_separator("a: x\u{2028}  y\n")]
    #[case::next_line("a: \"x\u{85}\"\n")]
    #[case::control_character("a: x\u{1}\n")]
    #[case::c1_control_in_a_comment("# c\u{9f}\na: 1\n")]
    #[case::no_break_space_alone("a: 1\n\u{a0}\n")]
    #[case::brace_in_a_flow_list("a: [x{y]\n")]
    #[case::colon_in_a_flow_item("a: [a:?]\n")]
    #[case::very_long_key(&format!("{}: 1\n", "k".repeat(1100)))]
    #[case::too_deep(&(0..40).map(|depth| format!("{}k:\n", " ".repeat(depth))).collect::<String>())]
    fn leaves_the_rest_to_serde_yaml(#[case] text: &str) {
        assert_eq!(parse_document(text, FRONT_MATTER), None, "{text}");
    }

    #[test]
    fn parse_wants_a_mapping() {
        assert_eq!(parse("- a\n", FRONT_MATTER), None);
        assert_eq!(
            parse("a: 1\n", FRONT_MATTER).map(Value::Object),
            Some(serde_json::json!({"a": 1}))
        );
    }

    /// A document to write out as block YAML.
    #[derive(Debug, Clone)]
    enum Node {
        /// YAML text for one scalar, and whether the fast reader takes it.
        Scalar(&'static str, bool),
        Block(&'static str, Vec<&'static str>),
        Map(Vec<(&'static str, Node)>),
        Seq(Vec<Node>),
    }

    const SCALARS: &[(&str, bool)] = &[
        ("word", true),
        ("two words", true),
        ("Français à l'écran", true),
        ("https://x.ca/a/", true),
        ("/:year/:slug", true),
        ("12", true),
        ("-3", true),
        ("true", true),
        ("false", true),
        ("null", true),
        ("~", true),
        ("'it''s'", true),
        ("\"say \\\"hi\\\"\"", true),
        ("[a, 'b', \"c, d\"]", true),
        ("[]", true),
        ("2021-04-07", true),
        ("a:b", true),
        ("yes", false),
        ("1.5", false),
        ("0644", false),
        ("a: b", false),
        ("x #y", false),
        ("&anchor x", false),
        ("{a: 1}", false),
        ("'unclosed", false),
        (".inf", false),
        ("True", false),
        ("+1", false),
        ("0x1F", false),
        ("1e+5", false),
        (".5", false),
        ("x\u{a0}", true),
        ("\u{a0}x", true),
        ("x\u{2028}y", false),
        ("a\u{7f}", false),
    ];

    const KEYS: &[(&str, bool)] = &[
        ("title", true),
        ("baseURL", true),
        ("work-with-us", true),
        ("_private", true),
        ("k1", true),
        ("Title", true),
        ("on", false),
        ("007", false),
        ("two words", false),
    ];

    const LINES: &[&str] = &["one", "deux mots", "trois: quatre", "# not a comment"];

    fn node() -> impl Strategy<Value = Node> {
        let leaf = prop_oneof![
            4 => prop::sample::select(SCALARS).prop_map(|(s, safe)| Node::Scalar(s, safe)),
            1 => (
                prop::sample::select(&[">-", ">", "|-", "|"][..]),
                prop::collection::vec(prop::sample::select(LINES), 1..4)
            )
                .prop_map(|(indicator, lines)| Node::Block(indicator, lines)),
        ];
        leaf.prop_recursive(4, 48, 5, |inner| {
            prop_oneof![
                prop::collection::vec(
                    (prop::sample::select(KEYS).prop_map(|k| k.0), inner.clone()),
                    1..5
                )
                .prop_map(Node::Map),
                prop::collection::vec(inner, 1..5).prop_map(Node::Seq),
            ]
        })
    }

    /// Whether the document's last line is a block scalar's.
    fn ends_with_block(node: &Node) -> bool {
        match node {
            Node::Scalar(..) => false,
            Node::Block(..) => true,
            Node::Map(entries) => entries.last().is_some_and(|(_, v)| ends_with_block(v)),
            Node::Seq(items) => items.last().is_some_and(ends_with_block),
        }
    }

    /// How to write a document out.
    #[derive(Debug, Clone, Copy)]
    struct Style {
        unit: usize,
        sequences_at_key_indentation: bool,
        comments: bool,
        /// Spaces on a blank line written after each block scalar.
        blank_after_blocks: Option<usize>,
    }

    /// Writes `node` as lines at `indent`; returns whether the fast reader
    /// should take every part of it.
    fn write(node: &Node, indent: usize, style: Style, out: &mut Vec<String>) -> bool {
        let pad = " ".repeat(indent);
        match node {
            Node::Scalar(text, safe) => {
                out.push(format!("{pad}{text}"));
                *safe
            }
            Node::Block(indicator, lines) => {
                out.push(format!("{pad}{indicator}"));
                out.extend(lines.iter().map(|line| format!("{pad}  {line}")));
                true
            }
            Node::Map(entries) => {
                let mut safe = true;
                let mut keys = std::collections::HashSet::new();
                for (key, value) in entries {
                    safe &= KEYS.iter().any(|(k, s)| k == key && *s) && keys.insert(*key);
                    if style.comments {
                        out.push(format!("{pad}# about {key}"));
                    }
                    match value {
                        Node::Scalar(text, scalar_safe) => {
                            out.push(format!("{pad}{key}: {text}"));
                            safe &= scalar_safe;
                        }
                        Node::Block(indicator, lines) => {
                            out.push(format!("{pad}{key}: {indicator}"));
                            let inner = " ".repeat(indent + style.unit);
                            out.extend(lines.iter().map(|line| format!("{inner}{line}")));
                            if let Some(spaces) = style.blank_after_blocks {
                                out.push(" ".repeat(spaces));
                                safe &= spaces <= indent + style.unit;
                            }
                        }
                        Node::Map(_) => {
                            out.push(format!("{pad}{key}:"));
                            safe &= write(value, indent + style.unit, style, out);
                        }
                        Node::Seq(_) => {
                            out.push(format!("{pad}{key}:"));
                            let at = if style.sequences_at_key_indentation {
                                indent
                            } else {
                                indent + style.unit
                            };
                            safe &= write(value, at, style, out);
                        }
                    }
                }
                safe
            }
            Node::Seq(items) => {
                let mut safe = true;
                for item in items {
                    match item {
                        Node::Scalar(text, scalar_safe) => {
                            out.push(format!("{pad}- {text}"));
                            safe &= scalar_safe;
                        }
                        Node::Map(_) => {
                            // The first key on the dash's line.
                            let mut lines = Vec::new();
                            safe &= write(item, indent + 2, style, &mut lines);
                            let first = lines
                                .iter()
                                .position(|l| !l.trim_start().starts_with('#'))
                                .expect("a key");
                            lines[first] = format!("{pad}- {}", lines[first].trim_start());
                            out.extend(lines);
                        }
                        // Blocks and sequences under a lone dash, or on
                        // the dash's line: left to serde_yaml.
                        Node::Block(..) | Node::Seq(_) => {
                            out.push(format!("{pad}-"));
                            write(item, indent + style.unit, style, out);
                            safe = false;
                        }
                    }
                }
                safe
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        /// Wherever the fast reader answers, serde_yaml gives the same; and
        /// it answers for every document written in the shapes it knows.
        #[test]
        fn generated_documents_read_as_serde_yaml_reads_them(
            root in node(),
            unit in prop::sample::select(&[2usize, 4][..]),
            sequences_at_key_indentation: bool,
            comments: bool,
            blank_after_blocks in prop::option::of(0usize..10),
            final_newline: bool,
        ) {
            let style = Style { unit, sequences_at_key_indentation, comments, blank_after_blocks };
            let mut lines = Vec::new();
            let safe = write(&root, 0, style, &mut lines)
                && matches!(root, Node::Map(_) | Node::Seq(_))
                // A block scalar last, without the final break, is left.
                && (final_newline || blank_after_blocks.is_some() || !ends_with_block(&root));
            let mut text = lines.join("\n");
            if final_newline {
                text.push('\n');
            }
            let fast = parse_document(&text, FRONT_MATTER);
            if let Some(fast) = &fast {
                let full = parse_yaml_document_in_full(&text, FRONT_MATTER);
                prop_assert_eq!(Ok(fast), full.as_ref().map_err(|_| ()), "{}", text);
            }
            if safe {
                prop_assert!(fast.is_some(), "the fast reader gave up on\n{}", text);
            }
        }
    }
}
