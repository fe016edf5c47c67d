//! Front matter: finding it, and reading YAML or TOML tolerantly.
//!
//! This is the only module that knows about the YAML crate (`yaml_serde`,
//! the maintained fork of `serde_yaml`, under that name): everything it
//! reads comes out as `serde_json::Value`, built within a budget
//! ([`budget`]) while it is read.

use self::budget::{Breach, Budgeted, Limits, Spent};
use serde::de::DeserializeSeed;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

/// How a front matter block is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Between `---` lines (closed by `---` or `...`).
    Yaml,
    /// Between `+++` lines (Hugo).
    Toml,
}

/// A document cut into its front matter and its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// `None` when the document has no front matter at all.
    pub format: Option<Format>,
    pub front_matter: &'a str,
    /// 1-based line number of the first line of `front_matter`.
    pub front_matter_line: usize,
    pub body: &'a str,
    /// 1-based line number of the first line of `body`.
    pub body_line: usize,
}

/// Why a document's front matter could not be found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SplitError {
    #[error("front matter opened at line {line} never closes")]
    Unclosed { line: usize },
}

/// A problem met while reading front matter that did not stop it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// 1-based line in the whole file.
    pub line: usize,
    pub message: String,
}

/// The front matter of a post: every field kept, in file order, with the
/// original spelling of the keys; looked up case-insensitively.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    fields: Map<String, Value>,
}

impl FrontMatter {
    /// Only the fields named in `keys` (whatever their case): what linking
    /// needs, without the rest's memory.
    pub fn only(&self, keys: &[&str]) -> FrontMatter {
        FrontMatter {
            fields: self
                .fields
                .iter()
                .filter(|(name, _)| keys.iter().any(|k| name.eq_ignore_ascii_case(k)))
                .map(|(name, value)| (name.clone(), value.clone()))
                .collect(),
        }
    }

    /// The field named `key`, whatever its case in the file (`Title`, `title`).
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.fields
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(key))
            .map(|(_, value)| value)
    }

    /// The first of `keys` that is present.
    pub fn get_any<'k>(&self, keys: &[&'k str]) -> Option<(&'k str, &Value)> {
        keys.iter()
            .find_map(|key| self.get(key).map(|value| (*key, value)))
    }

    pub fn fields(&self) -> &Map<String, Value> {
        &self.fields
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }
}

/// Fields being read, in file order, keeping the first of names that differ
/// only in case. Each insertion takes constant time: front matter with tens
/// of thousands of keys must load as fast as any other.
#[derive(Debug, Default)]
struct Collector {
    fields: Map<String, Value>,
    /// The lower-cased names taken so far.
    taken: HashSet<String>,
}

impl Collector {
    /// Inserts a field unless one of the same name (ignoring case) exists;
    /// returns whether it was inserted.
    fn insert_first(&mut self, key: String, value: Value) -> bool {
        if !self.taken.insert(key.to_ascii_lowercase()) {
            return false;
        }
        self.fields.insert(key, value);
        true
    }

    fn finish(self) -> FrontMatter {
        FrontMatter {
            fields: self.fields,
        }
    }
}

/// Where the duplicates of each key are, found in one pass over the text
/// when the first duplicate turns up (most front matter has none).
struct DuplicateLines<'a> {
    text: &'a str,
    key_of_line: fn(&str) -> Option<&str>,
    /// 0-based line indexes of each top-level key, by lower-cased name.
    lines: Option<HashMap<String, Vec<usize>>>,
    /// How many duplicates of each key were reported so far.
    reported: HashMap<String, usize>,
}

impl<'a> DuplicateLines<'a> {
    fn new(text: &'a str, key_of_line: fn(&str) -> Option<&str>) -> Self {
        DuplicateLines {
            text,
            key_of_line,
            lines: None,
            reported: HashMap::new(),
        }
    }

    /// The 0-based line of the next duplicate of `key`: the second line
    /// naming it for the first duplicate, the third for the second…
    fn next(&mut self, key: &str) -> Option<usize> {
        let (text, key_of_line) = (self.text, self.key_of_line);
        let lines = self.lines.get_or_insert_with(|| {
            let mut lines: HashMap<String, Vec<usize>> = HashMap::new();
            for (index, line) in Lines::new(text).enumerate() {
                if let Some(key) = key_of_line(line.text) {
                    lines
                        .entry(key.to_ascii_lowercase())
                        .or_default()
                        .push(index);
                }
            }
            lines
        });
        let lower = key.to_ascii_lowercase();
        let reported = self.reported.entry(lower.clone()).or_insert(0);
        *reported += 1;
        lines.get(&lower)?.get(*reported).copied()
    }
}

impl From<Map<String, Value>> for FrontMatter {
    fn from(fields: Map<String, Value>) -> Self {
        FrontMatter { fields }
    }
}

/// Finds the front matter: a line that is exactly `---` (or `+++`),
/// optionally after blank lines, up to the next line that is exactly `---`
/// or `...` (or `+++`). The closing line may end the file without a newline.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let no_front_matter = Split {
        format: None,
        front_matter: "",
        front_matter_line: 1,
        body: text,
        body_line: 1,
    };
    let mut lines = Lines::new(text);
    let (open_line, opening) = loop {
        match lines.next() {
            None => return Ok(no_front_matter),
            Some(line) if line.text.trim().is_empty() => continue,
            Some(line) => break (line.number, line),
        }
    };
    let format = match opening.text.trim_end() {
        "---" => Format::Yaml,
        "+++" => Format::Toml,
        _ => return Ok(no_front_matter),
    };
    let start = opening.end;
    for line in lines {
        let closes = match format {
            Format::Yaml => matches!(line.text.trim_end(), "---" | "..."),
            Format::Toml => line.text.trim_end() == "+++",
        };
        if closes {
            return Ok(Split {
                format: Some(format),
                front_matter: &text[start..line.start],
                front_matter_line: open_line + 1,
                body: &text[line.end..],
                body_line: line.number + 1,
            });
        }
    }
    Err(SplitError::Unclosed { line: open_line })
}

/// Reads front matter text, never failing: what cannot be read is reported
/// as an issue and the rest is kept.
pub fn parse(format: Format, text: &str, first_line: usize) -> (FrontMatter, Vec<Issue>) {
    match format {
        Format::Yaml => parse_yaml_tolerant(text, first_line),
        Format::Toml => parse_toml_tolerant(text, first_line),
    }
}

/// Parses a whole YAML document, a site configuration, within the
/// configuration's budget.
pub fn parse_yaml_document(text: &str) -> Result<Value, Issue> {
    let limits = budget::CONFIGURATION;
    if text.len() > limits.document_bytes {
        return Err(breach_issue(
            Breach::DocumentBytes(limits.document_bytes),
            1,
        ));
    }
    match simple_yaml::parse_document(text, limits) {
        Some(value) => Ok(value),
        None => parse_yaml_document_in_full(text, limits),
    }
}

/// Parses a whole YAML document with the YAML crate alone, within
/// `limits`: the reference the fast reader is held to.
pub fn parse_yaml_document_in_full(text: &str, limits: Limits) -> Result<Value, Issue> {
    if flow_too_deep(text) {
        return Err(Issue {
            line: 1,
            message: too_deep_message(),
        });
    }
    if let Some(breach) = too_many_yaml_events(text, limits) {
        return Err(breach_issue(breach, 1));
    }
    let spent = Spent::new(limits);
    read_yaml(text, &spent).map_err(|error| yaml_issue(&error, 1))
}

/// Parses a whole TOML document, a site configuration, within the
/// configuration's budget.
pub fn parse_toml_document(text: &str) -> Result<Value, Issue> {
    if let Err(breach) = budget::check_toml(text, budget::CONFIGURATION) {
        return Err(breach_issue(breach, 1));
    }
    match toml::from_str::<toml::Table>(text) {
        Ok(table) => Ok(toml_to_json(toml::Value::Table(table))),
        Err(error) => Err(toml_issue(&error, text, 1)),
    }
}

/// Parses a whole JSON document, a site configuration, within the
/// configuration's budget (`[]` is two bytes and a value of eighty).
pub fn parse_json_document(text: &str) -> Result<Value, Issue> {
    let limits = budget::CONFIGURATION;
    if text.len() > limits.document_bytes {
        return Err(breach_issue(
            Breach::DocumentBytes(limits.document_bytes),
            1,
        ));
    }
    let spent = Spent::new(limits);
    let mut deserializer = serde_json::Deserializer::from_str(text);
    Budgeted::new(&spent)
        .deserialize(&mut deserializer)
        .and_then(|value| deserializer.end().map(|()| value))
        .map_err(|error| Issue {
            line: error.line(),
            message: format!("JSON: {error}"),
        })
}

/// A document read by the YAML crate, its values built within `spent`.
fn read_yaml(text: &str, spent: &Spent) -> Result<Value, serde_yaml::Error> {
    Budgeted::new(spent).deserialize(serde_yaml::Deserializer::from_str(text))
}

/// The YAML crate reads a whole document into events before it builds a
/// value (an event costs about a hundred bytes), so a document is refused
/// when it may hold more events than twice the values its budget allows.
/// Each event needs one of these bytes near it, so their count bounds the
/// events from above.
fn too_many_yaml_events(text: &str, limits: Limits) -> Option<Breach> {
    let marks = text
        .bytes()
        .filter(|b| matches!(b, b'\n' | b',' | b'[' | b'{' | b':' | b'-' | b'*' | b'?'))
        .count();
    (marks > 2 * limits.values).then_some(Breach::Values(limits.values))
}

fn breach_issue(breach: Breach, line: usize) -> Issue {
    Issue {
        line,
        message: format!("{breach}"),
    }
}

/// How deep `[` and `{` may nest in YAML handed to serde_yaml. Its own
/// limit (128) stops its parser, but libyaml's scanner runs first, over
/// the whole text, and does work in proportion to the depth for every
/// token: 20,000 unclosed `{` took eight seconds. Front matter written by
/// people nests a few levels.
const MAX_FLOW_DEPTH: usize = 32;

fn too_deep_message() -> String {
    format!("YAML: lists or mappings nested more than {MAX_FLOW_DEPTH} deep; not read")
}

/// Whether `text` nests `[` and `{` deeper than [`MAX_FLOW_DEPTH`], as
/// libyaml would scan it. When unsure it counts a bracket rather than skip
/// it: a quote opens a quoted scalar only where a token can start (line
/// start, after `[`, `{`, `,`, or after white space that follows one of
/// those or `:`, `?`, `-`), and never spans lines; comments are not
/// skipped. Too deep by mistake costs a document a warning and a
/// field-by-field reading; too shallow by mistake would cost seconds.
fn flow_too_deep(text: &str) -> bool {
    let bytes = text.as_bytes();
    if !bytes.iter().any(|&b| b == b'[' || b == b'{') {
        return false;
    }
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    // The last byte before this one, and the last one that is not a space.
    let (mut previous, mut previous_solid) = (b'\n', b'\n');
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        match quote {
            _ if byte == b'\n' => quote = None,
            // An escaped line break continues the scalar: counted as if not.
            Some(b'"') if byte == b'\\' && bytes.get(at + 1) != Some(&b'\n') => at += 1,
            Some(b'\'') if byte == b'\'' && bytes.get(at + 1) == Some(&b'\'') => at += 1,
            Some(open) if byte == open => quote = None,
            Some(_) => {}
            None => match byte {
                b'"' | b'\'' => {
                    let token_start = matches!(previous, b'\n' | b'[' | b'{' | b',')
                        || (matches!(previous, b' ' | b'\t' | b'\r')
                            && matches!(
                                previous_solid,
                                b'\n' | b'[' | b'{' | b',' | b':' | b'?' | b'-'
                            ));
                    if token_start {
                        quote = Some(byte);
                    }
                }
                b'[' | b'{' => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return true;
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
        if let Some(&current) = bytes.get(at) {
            previous = current;
            if !matches!(current, b' ' | b'\t' | b'\r') {
                previous_solid = current;
            }
        }
        at += 1;
    }
    false
}

fn parse_yaml_tolerant(text: &str, first_line: usize) -> (FrontMatter, Vec<Issue>) {
    if text.trim().is_empty() {
        return (FrontMatter::default(), Vec::new());
    }
    let limits = budget::FRONT_MATTER;
    if text.len() > limits.document_bytes {
        let breach = Breach::DocumentBytes(limits.document_bytes);
        return (
            FrontMatter::default(),
            vec![breach_issue(breach, first_line)],
        );
    }
    if let Some(fields) = simple_yaml::parse(text, limits) {
        return collect_fields(fields, text, first_line);
    }
    let refused = if flow_too_deep(text) {
        Some(too_deep_message())
    } else {
        too_many_yaml_events(text, limits).map(|breach| breach.to_string())
    };
    if let Some(message) = refused {
        let mut issues = vec![Issue {
            line: first_line,
            message,
        }];
        let front_matter = salvage_yaml(text, first_line, &mut issues);
        return (front_matter, issues);
    }
    let spent = Spent::new(limits);
    match read_yaml(text, &spent) {
        Ok(Value::Object(fields)) => collect_fields(fields, text, first_line),
        Ok(Value::Null) => (FrontMatter::default(), Vec::new()),
        Ok(_) => (
            FrontMatter::default(),
            vec![Issue {
                line: first_line,
                message: "front matter is not a set of `key: value` fields".to_string(),
            }],
        ),
        Err(error) => {
            let mut issues = Vec::new();
            // Salvage names each duplicate on its own line; serde_yaml only
            // points at the start of the mapping.
            if !error.to_string().contains("duplicate entry") {
                issues.push(yaml_issue(&error, first_line));
            }
            let front_matter = salvage_yaml(text, first_line, &mut issues);
            (front_matter, issues)
        }
    }
}

/// Fields in file order; keys differing only in case keep the first.
fn collect_fields(
    fields: impl IntoIterator<Item = (String, Value)>,
    text: &str,
    first_line: usize,
) -> (FrontMatter, Vec<Issue>) {
    let mut front_matter = Collector::default();
    let mut duplicates = DuplicateLines::new(text, |line| top_level_key(line).map(|(k, _)| k));
    let mut issues = Vec::new();
    for (key, value) in fields {
        if !front_matter.insert_first(key.clone(), value) {
            issues.push(Issue {
                line: first_line + duplicates.next(&key).unwrap_or(0),
                message: format!("duplicate key `{key}` (differs only in case); kept the first"),
            });
        }
    }
    (front_matter.finish(), issues)
}

pub mod budget;
pub mod simple_yaml;

/// Reads YAML that does not parse as a whole one top-level field at a time,
/// so one bad field (a stray quote, a tab, a duplicate) costs only itself.
/// The fields share one budget: once it is spent, the rest keep the text
/// on their key's line, unread.
fn salvage_yaml(text: &str, first_line: usize, issues: &mut Vec<Issue>) -> FrontMatter {
    let limits = budget::FRONT_MATTER;
    let spent = Spent::new(limits);
    let mut front_matter = Collector::default();
    for field in top_level_fields(text) {
        let line = first_line + field.line_offset;
        let readable = spent.breach().is_none()
            && !flow_too_deep(field.text)
            && too_many_yaml_events(field.text, limits).is_none();
        let parsed = readable
            .then(|| match read_yaml(field.text, &spent) {
                Ok(value) => Some(value),
                Err(error) => {
                    if spent.breach().is_some() {
                        issues.push(yaml_issue(&error, line));
                    }
                    None
                }
            })
            .flatten()
            .and_then(|value| match value {
                Value::Object(fields) => fields.into_iter().next(),
                _ => None,
            });
        let (key, value) = match parsed {
            Some((key, value)) => (key, value),
            None => {
                let value = Value::String(unquote_scalar(field.value_on_key_line));
                (field.key.to_string(), value)
            }
        };
        if !front_matter.insert_first(key.clone(), value) {
            issues.push(Issue {
                line,
                message: format!("duplicate key `{key}`; kept the first"),
            });
        }
    }
    front_matter.finish()
}

struct TopLevelField<'a> {
    key: &'a str,
    value_on_key_line: &'a str,
    text: &'a str,
    line_offset: usize,
}

/// Cuts YAML text at each line that starts a top-level `key:` field.
fn top_level_fields(text: &str) -> Vec<TopLevelField<'_>> {
    let mut starts: Vec<(usize, usize, &str, &str)> = Vec::new();
    for (index, line) in Lines::new(text).enumerate() {
        if let Some((key, value)) = top_level_key(line.text) {
            starts.push((line.start, index, key, value));
        }
    }
    let mut fields = Vec::with_capacity(starts.len());
    for (i, &(start, line_offset, key, value)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(text.len(), |next| next.0);
        fields.push(TopLevelField {
            key,
            value_on_key_line: value,
            text: &text[start..end],
            line_offset,
        });
    }
    fields
}

fn top_level_key(line: &str) -> Option<(&str, &str)> {
    let first = line.chars().next()?;
    if first.is_whitespace() || matches!(first, '#' | '-' | '[' | '{' | '}' | ']') {
        return None;
    }
    let (key, rest) = if let Some(quote @ ('"' | '\'')) = line.chars().next() {
        let close = line[1..].find(quote)? + 1;
        let after = line[close + 1..].trim_start();
        let rest = after.strip_prefix(':')?;
        (&line[1..close], rest)
    } else {
        let colon = line.find(':')?;
        (line[..colon].trim_end(), &line[colon + 1..])
    };
    if key.is_empty() || !(rest.is_empty() || rest.starts_with([' ', '\t', '\r'])) {
        return None;
    }
    Some((key, rest.trim()))
}

/// The text of a scalar that YAML could not read: outer quotes removed and
/// the common double-quote escapes (including `\_`, a no-break space) applied.
fn unquote_scalar(raw: &str) -> String {
    let raw = raw.trim();
    if let Some(inner) = raw.strip_prefix('\'') {
        let inner = inner.strip_suffix('\'').unwrap_or(inner);
        return inner.replace("''", "'");
    }
    if let Some(inner) = raw.strip_prefix('"') {
        let inner = inner.strip_suffix('"').unwrap_or(inner);
        let mut out = String::with_capacity(inner.len());
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('_') => out.push('\u{a0}'),
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        }
        return out;
    }
    // A comment after a plain scalar is not part of it.
    match raw.find(" #") {
        Some(hash) => raw[..hash].trim_end().to_string(),
        None => raw.to_string(),
    }
}

fn parse_toml_tolerant(text: &str, first_line: usize) -> (FrontMatter, Vec<Issue>) {
    let limits = budget::FRONT_MATTER;
    let parsed = match budget::check_toml(text, limits) {
        Err(breach @ Breach::DocumentBytes(_)) => {
            return (
                FrontMatter::default(),
                vec![breach_issue(breach, first_line)],
            );
        }
        Err(breach) => Err(breach_issue(breach, first_line)),
        Ok(()) => toml::from_str::<toml::Table>(text).map_err(|e| toml_issue(&e, text, first_line)),
    };
    match parsed {
        Ok(table) => {
            let mut front_matter = Collector::default();
            let mut duplicates = DuplicateLines::new(text, toml_top_level_key);
            let mut issues = Vec::new();
            for (key, value) in table {
                if !front_matter.insert_first(key.clone(), toml_to_json(value)) {
                    issues.push(Issue {
                        line: first_line + duplicates.next(&key).unwrap_or(0),
                        message: format!(
                            "duplicate key `{key}` (differs only in case); kept the first"
                        ),
                    });
                }
            }
            (front_matter.finish(), issues)
        }
        Err(issue) => {
            let mut issues = vec![issue];
            // Salvage line by line: `key = value` pairs that parse on their own.
            let mut front_matter = Collector::default();
            for line in Lines::new(text) {
                if line.text.trim_start().starts_with('[') {
                    break; // Tables after the top-level keys: too unsure to guess.
                }
                if budget::check_toml(line.text, limits).is_err() {
                    continue;
                }
                if let Ok(table) = toml::from_str::<toml::Table>(line.text) {
                    for (key, value) in table {
                        if !front_matter.insert_first(key.clone(), toml_to_json(value)) {
                            issues.push(Issue {
                                line: first_line + line.number - 1,
                                message: format!("duplicate key `{key}`; kept the first"),
                            });
                        }
                    }
                }
            }
            (front_matter.finish(), issues)
        }
    }
}

/// The key of a top-level TOML `key = value` line (bare or quoted).
fn toml_top_level_key(line: &str) -> Option<&str> {
    let (key, _) = line.split_once('=')?;
    let key = key.trim();
    let unquoted = key
        .strip_prefix('"')
        .and_then(|k| k.strip_suffix('"'))
        .or_else(|| key.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')));
    match unquoted {
        Some(inner) => Some(inner),
        None if !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') =>
        {
            Some(key)
        }
        None => None,
    }
}

fn yaml_issue(error: &serde_yaml::Error, first_line: usize) -> Issue {
    let line = error.location().map_or(first_line, |location| {
        first_line + location.line().saturating_sub(1)
    });
    let message = error.to_string();
    // serde_yaml appends "at line N column M", which is relative to the block.
    let message = match message.find(" at line ") {
        Some(cut) => message[..cut].to_string(),
        None => message,
    };
    Issue {
        line,
        message: format!("YAML: {message}"),
    }
}

fn toml_issue(error: &toml::de::Error, text: &str, first_line: usize) -> Issue {
    let line = error.span().map_or(first_line, |span| {
        first_line + text[..span.start.min(text.len())].matches('\n').count()
    });
    Issue {
        line,
        message: format!("TOML: {}", error.message()),
    }
}

fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(datetime) => Value::String(datetime.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect(),
        ),
    }
}

/// Lines with their byte span (newline included in `end`) and 1-based number;
/// `text` excludes the line ending (`\n` or `\r\n`).
struct Lines<'a> {
    text: &'a str,
    at: usize,
    number: usize,
}

struct Line<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    number: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines {
            text,
            at: 0,
            number: 0,
        }
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        if self.at >= self.text.len() {
            return None;
        }
        let start = self.at;
        let rest = &self.text[start..];
        let (content_len, end) = match rest.find('\n') {
            Some(newline) => (newline, start + newline + 1),
            None => (rest.len(), self.text.len()),
        };
        let content = &rest[..content_len];
        let content = content.strip_suffix('\r').unwrap_or(content);
        self.at = end;
        self.number += 1;
        Some(Line {
            text: content,
            start,
            end,
            number: self.number,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;
    use serde_json::json;

    fn yaml(text: &str) -> (FrontMatter, Vec<Issue>) {
        parse(Format::Yaml, text, 2)
    }

    #[test]
    fn splits_yaml_front_matter() {
        let split = split("---\ntitle: Hi\n---\nBody\n").expect("closes");
        assert_eq!(split.format, Some(Format::Yaml));
        assert_eq!(split.front_matter, "title: Hi\n");
        assert_eq!(split.front_matter_line, 2);
        assert_eq!(split.body, "Body\n");
        assert_eq!(split.body_line, 4);
    }

    #[rstest]
    #[case::dots_close("---\ntitle: Hi\n...\nBody", "Body")]
    #[case::closing_line_ends_file("---\ntitle: Hi\n---", "")]
    #[case::blank_lines_first("\n\n---\ntitle: Hi\n---\nBody", "Body")]
    #[case::crlf("---\r\ntitle: Hi\r\n---\r\nBody", "Body")]
    #[case::trailing_space_on_delimiters("--- \ntitle: Hi\n---  \nBody", "Body")]
    fn splits_every_delimiter_shape(#[case] text: &str, #[case] body: &str) {
        let split = split(text).expect("closes");
        assert_eq!(split.format, Some(Format::Yaml));
        assert_eq!(split.front_matter.trim_end(), "title: Hi");
        assert_eq!(split.body, body);
    }

    #[test]
    fn splits_toml_front_matter() {
        let split = split("+++\ntitle = \"Hi\"\n+++\nBody").expect("closes");
        assert_eq!(split.format, Some(Format::Toml));
        assert_eq!(split.body, "Body");
    }

    #[rstest]
    #[case::plain_markdown("# Title\n\nText")]
    #[case::html_redirect("<meta http-equiv=\"refresh\" content=\"0\">")]
    #[case::rule_not_alone("----\ntext")]
    #[case::empty("")]
    fn no_front_matter(#[case] text: &str) {
        let split = split(text).expect("no error");
        assert_eq!(split.format, None);
        assert_eq!(split.body, text);
    }

    #[test]
    fn unclosed_front_matter_is_an_error_naming_the_line() {
        assert_eq!(
            split("\n---\ntitle: Hi\nBody"),
            Err(SplitError::Unclosed { line: 2 })
        );
    }

    #[test]
    fn keys_are_case_insensitive_and_spelling_is_kept() {
        let (fm, issues) = yaml("Title: Hi\nTranslationKey: k\n");
        assert!(issues.is_empty());
        assert_eq!(fm.get("title"), Some(&json!("Hi")));
        assert_eq!(fm.get("translationkey"), Some(&json!("k")));
        assert!(fm.fields().contains_key("TranslationKey"));
    }

    #[test]
    fn yaml_no_break_space_escape() {
        let (fm, _) = yaml("title: \"Objectif\\_: lire\"\n");
        assert_eq!(fm.get("title"), Some(&json!("Objectif\u{a0}: lire")));
    }

    #[test]
    fn unknown_fields_and_nesting_are_kept_as_data() {
        let (fm, issues) =
            yaml("reviewedBy: Ana\nprocessed: 1550672962191\ncascade:\n  a: [1, 2]\n");
        assert!(issues.is_empty());
        assert_eq!(fm.get("processed"), Some(&json!(1550672962191u64)));
        assert_eq!(fm.get("cascade"), Some(&json!({"a": [1, 2]})));
        assert_eq!(fm.get("reviewedby"), Some(&json!("Ana")));
    }

    #[test]
    fn duplicate_keys_keep_the_first_with_a_warning_on_its_line() {
        let (fm, issues) = yaml("title: First\ndate: 2020-01-01\ntitle: Second\n");
        assert_eq!(fm.get("title"), Some(&json!("First")));
        assert_eq!(fm.get("date"), Some(&json!("2020-01-01")));
        assert!(
            issues
                .iter()
                .any(|i| i.line == 4 && i.message.contains("duplicate key `title`")),
            "{issues:?}"
        );
    }

    #[test]
    fn keys_differing_only_in_case_are_duplicates() {
        let (fm, issues) = yaml("Title: First\ntitle: Second\n");
        assert_eq!(fm.get("title"), Some(&json!("First")));
        assert_eq!(issues.len(), 1, "{issues:?}");
        assert_eq!(issues[0].line, 3);
    }

    #[test]
    fn each_case_duplicate_names_its_own_line() {
        let (fm, issues) = yaml("Title: First\ntitle: Second\nTITLE: Third\n");
        assert_eq!(fm.get("title"), Some(&json!("First")));
        let lines: Vec<usize> = issues.iter().map(|i| i.line).collect();
        assert_eq!(lines, [3, 4], "{issues:?}");
        let (fm, issues) = parse(
            Format::Toml,
            "Title = \"a\"\nslug = \"s\"\ntitle = \"b\"\n",
            2,
        );
        assert_eq!(fm.get("title"), Some(&json!("a")));
        assert_eq!(issues.len(), 1, "{issues:?}");
        assert_eq!(issues[0].line, 4);
    }

    /// Duplicates are found without comparing every key to every other:
    /// front matter of 60,000 keys took seconds per file that way.
    #[test]
    fn many_keys_and_duplicates_are_read() {
        let text: String = (0..20_000)
            .map(|i| format!("key{i}: a\nKEY{i}: b\n"))
            .collect();
        let (fm, issues) = yaml(&text);
        assert_eq!(fm.fields().len(), 20_000);
        assert_eq!(fm.get("key19999"), Some(&json!("a")));
        assert_eq!(issues.len(), 20_000);
        assert_eq!(issues[19_999].line, 2 + 39_999);
    }

    #[test]
    fn a_stray_quote_costs_only_its_field() {
        let (fm, issues) = yaml("title: 'It's broken'\ndate: 2020-01-01\ntranslationKey: k\n");
        assert_eq!(fm.get("date"), Some(&json!("2020-01-01")));
        assert_eq!(fm.get("translationKey"), Some(&json!("k")));
        assert_eq!(fm.get("title"), Some(&json!("It's broken")));
        assert!(!issues.is_empty());
        assert_eq!(issues[0].line, 2, "{issues:?}");
    }

    #[test]
    fn tabs_do_not_lose_the_other_fields() {
        let (fm, issues) = yaml("title: Tabs\ntags:\n\t- a\ndate: 2020-01-01\n");
        assert_eq!(fm.get("title"), Some(&json!("Tabs")));
        assert_eq!(fm.get("date"), Some(&json!("2020-01-01")));
        assert!(!issues.is_empty());
    }

    #[test]
    fn folded_description_and_lists_survive_salvage() {
        let text = "title: 'a' 'b'\ndescription: >-\n  one\n  two\ntags:\n- x\n- y\n";
        let (fm, issues) = yaml(text);
        assert!(!issues.is_empty());
        assert_eq!(fm.get("description"), Some(&json!("one two")));
        assert_eq!(fm.get("tags"), Some(&json!(["x", "y"])));
    }

    #[test]
    fn front_matter_that_is_not_a_mapping_is_reported() {
        let (fm, issues) = yaml("- just\n- a list\n");
        assert!(fm.is_empty());
        assert_eq!(issues.len(), 1);
    }

    #[test]
    fn toml_front_matter_reads_dates_as_text() {
        let (fm, issues) = parse(
            Format::Toml,
            "title = \"Hi\"\ndate = 2024-02-01\ntranslationKey = \"k\"\n",
            2,
        );
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(fm.get("date"), Some(&json!("2024-02-01")));
        assert_eq!(fm.get("translationkey"), Some(&json!("k")));
    }

    #[test]
    fn broken_toml_keeps_the_good_lines() {
        let (fm, issues) = parse(
            Format::Toml,
            "title = \"Hi\"\ndate = = 3\nslug = \"s\"\n",
            2,
        );
        assert_eq!(fm.get("title"), Some(&json!("Hi")));
        assert_eq!(fm.get("slug"), Some(&json!("s")));
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].line, 3, "{issues:?}");
    }

    /// The fast reader must agree with serde_yaml wherever it answers.
    #[rstest]
    #[case::plain("title: Hello world\ndate: 2024-05-01\n")]
    #[case::quotes("title: 'It''s here'\nother: \"Objectif\\_: lire \\\"x\\\"\"\n")]
    #[case::folded("description: >-\n  one\n  two\nnext: x\n")]
    #[case::folded_clip("description: >\n  one\n  two\n")]
    #[case::literal("code: |-\n  one\n  two\n")]
    #[case::lists("tags: [\"\"]\naliases: [/a/, '/b/', \"c, d\"]\nempty: []\n")]
    #[case::block_list("tags:\n  - a\n  - 'b'\nmore:\n- c\n")]
    #[case::numbers("processed: 1550672962191\nweight: 0\nneg: -3\n")]
    #[case::bools_and_nulls("draft: false\nshow: true\nnothing: null\ntilde: ~\nempty:\n")]
    #[case::dates_and_urls(
        "date: 2017-08-03 10:00:00 -0400\nimage: https://x.ca/a.png\nurl: /a/b/\n"
    )]
    #[case::comments("# a comment\ntitle: x\n\n# another\n")]
    #[case::capitals("Title: A\nTranslationKey: k\n")]
    #[case::nested("cascade:\n  a: 1\n")]
    fn fast_yaml_agrees_with_serde_yaml(#[case] text: &str) {
        let fast =
            simple_yaml::parse(text, budget::FRONT_MATTER).expect("the fast reader takes this");
        let full = parse_yaml_document_in_full(text, budget::FRONT_MATTER).expect("valid YAML");
        assert_eq!(Value::Object(fast), full);
    }

    #[rstest]
    #[case::float("version: 1.5\n")]
    #[case::octal("mode: 0644\n")]
    #[case::yes("flag: yes\n")]
    #[case::capital_true("flag: True\n")]
    #[case::continued_plain("description: one\n  two\n")]
    #[case::anchor("a: &x 1\n")]
    #[case::duplicate("a: 1\na: 2\n")]
    #[case::multiline_quote("title: 'one\n  two'\n")]
    #[case::flow_map("a: {b: 1}\n")]
    #[case::colon_in_value("title: a: b\n")]
    #[case::tab("title:\tx\n")]
    fn fast_yaml_leaves_the_rest_to_serde_yaml(#[case] text: &str) {
        assert_eq!(simple_yaml::parse(text, budget::FRONT_MATTER), None);
    }

    #[rstest]
    #[case::deep_lists(&format!("x: {}", "[".repeat(5000)), true)]
    #[case::deep_maps(&format!("x: {}", "{a: ".repeat(5000)), true)]
    #[case::spread_over_lines(&"[\n".repeat(40), true)]
    #[case::closers_in_quotes_do_not_count(
        &format!("a: \"{}\"\nb: '{}'\nx: {}", "]".repeat(50), "}".repeat(50), "[".repeat(40)),
        true
    )]
    #[case::mid_scalar_quote_hides_nothing(&format!("t: rock 'n roll\nx: {}", "[".repeat(40)), true)]
    #[case::quote_after_a_bare_colon_hides_nothing(&format!("t: [a:'x {}", "[".repeat(40)), true)]
    #[case::nested_but_shallow("tags: [a, [b, {c: [d]}]]\nmore: {x: [1, 2]}\n", false)]
    #[case::brackets_quoted(&format!("t: '{}'\nu: \"{}\"\n", "[".repeat(40), "{".repeat(40)), false)]
    #[case::many_shallow_lists(&"t: [a, b]\n".repeat(1000), false)]
    fn flow_depth(#[case] text: &str, #[case] too_deep: bool) {
        assert_eq!(flow_too_deep(text), too_deep);
    }

    #[test]
    fn deep_flow_nesting_is_refused_before_serde_yaml_scans_it() {
        // Quadratic in libyaml's scanner: 200,000 of these took minutes.
        let text = format!(
            "title: Kept\nx: {}\ndate: 2020-01-01\n",
            "{a: ".repeat(200_000)
        );
        let (fm, issues) = yaml(&text);
        assert_eq!(fm.get("title"), Some(&json!("Kept")));
        assert_eq!(fm.get("date"), Some(&json!("2020-01-01")));
        assert!(issues[0].message.contains("nested more than"), "{issues:?}");
        assert!(parse_yaml_document(&format!("a: {}", "[".repeat(200_000))).is_err());
    }

    #[test]
    fn alias_bombs_are_refused_not_expanded() {
        let mut text = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for level in b'b'..=b'i' {
            let previous = (level - 1) as char;
            let level = level as char;
            text.push_str(&format!(
                "{level}: &{level} [*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous}]\n"
            ));
        }
        text.push_str("title: Still here\n");
        let (fm, _issues) = yaml(&text);
        assert_eq!(fm.get("title"), Some(&json!("Still here")));
    }
}
