//! Budgets for reading YAML and TOML: what one document may cost, counted
//! while its values are built, so that a document over budget stops at the
//! budget instead of after it has filled memory.
//!
//! YAML's aliases make the cost of a document unrelated to its size: 15 KB
//! of `big: &a [x, x, …]` then `refs: [*a, *a, …]` is nine million values.
//! The YAML crate replays an alias into whatever is being built, so the
//! values here are built by a [`Budgeted`] seed that counts each value and
//! each byte of text (aliases included) and refuses the one past the limit.

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::cell::Cell;
use std::fmt;

/// What one document may cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of the document's text.
    pub document_bytes: usize,
    /// Values built (scalars, lists, mappings), after aliases are expanded.
    pub values: usize,
    /// Bytes of text in keys and scalars, after aliases are expanded.
    pub text_bytes: usize,
    /// How deep lists and mappings nest.
    pub depth: usize,
    /// TOML tables (`[table]`, `[[array]]`, `{ inline }`).
    pub tables: usize,
}

/// Front matter: hundreds of times what real posts use (a few dozen
/// values), yet a post over budget costs at most a few megabytes.
pub const FRONT_MATTER: Limits = Limits {
    document_bytes: 4 << 20,
    values: 100_000,
    text_bytes: 4 << 20,
    depth: 32,
    tables: 10_000,
};

/// A site configuration (`hugo.yaml`, `config.toml`, `_config.yml`): a
/// site of a thousand languages and their menus fits many times over.
pub const CONFIGURATION: Limits = Limits {
    document_bytes: 4 << 20,
    values: 200_000,
    text_bytes: 8 << 20,
    depth: 32,
    tables: 20_000,
};

/// Which budget a document went over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breach {
    DocumentBytes(usize),
    Values(usize),
    TextBytes(usize),
    Depth(usize),
    Tables(usize),
}

impl fmt::Display for Breach {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Breach::DocumentBytes(limit) => {
                write!(
                    f,
                    "over budget: larger than {} bytes; not read",
                    thousands(limit)
                )
            }
            Breach::Values(limit) => write!(
                f,
                "over budget: more than {} values once aliases are expanded; not read",
                thousands(limit)
            ),
            Breach::TextBytes(limit) => write!(
                f,
                "over budget: more than {} bytes of text once aliases are expanded; not read",
                thousands(limit)
            ),
            Breach::Depth(limit) => write!(
                f,
                "over budget: lists or mappings nested more than {limit} deep; not read"
            ),
            Breach::Tables(limit) => {
                write!(
                    f,
                    "over budget: more than {} tables; not read",
                    thousands(limit)
                )
            }
        }
    }
}

/// `1234567` as `1,234,567`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// What has been spent so far; shared by every value of a document, or of
/// every field read one by one when a document is salvaged.
#[derive(Debug)]
pub struct Spent {
    limits: Limits,
    values: Cell<usize>,
    text_bytes: Cell<usize>,
    breach: Cell<Option<Breach>>,
}

impl Spent {
    pub fn new(limits: Limits) -> Self {
        Spent {
            limits,
            values: Cell::new(0),
            text_bytes: Cell::new(0),
            breach: Cell::new(None),
        }
    }

    /// The first budget that was refused, if any.
    pub fn breach(&self) -> Option<Breach> {
        self.breach.get()
    }

    fn refuse<E: de::Error>(&self, breach: Breach) -> E {
        if self.breach.get().is_none() {
            self.breach.set(Some(breach));
        }
        E::custom(breach)
    }

    /// Counts one value of `text_bytes` bytes of text, before it is built.
    fn spend<E: de::Error>(&self, text_bytes: usize) -> Result<(), E> {
        if let Some(breach) = self.breach.get() {
            return Err(E::custom(breach));
        }
        let values = self.values.get() + 1;
        if values > self.limits.values {
            return Err(self.refuse(Breach::Values(self.limits.values)));
        }
        self.values.set(values);
        let bytes = self.text_bytes.get().saturating_add(text_bytes);
        if bytes > self.limits.text_bytes {
            return Err(self.refuse(Breach::TextBytes(self.limits.text_bytes)));
        }
        self.text_bytes.set(bytes);
        Ok(())
    }
}

/// Builds a `serde_json::Value` from any serde deserializer, within a
/// budget. Mappings refuse a repeated key, as the YAML crate's own values
/// do (the caller then reads the document field by field).
#[derive(Clone, Copy)]
pub struct Budgeted<'s> {
    pub spent: &'s Spent,
    pub depth: usize,
}

impl<'s> Budgeted<'s> {
    pub fn new(spent: &'s Spent) -> Self {
        Budgeted { spent, depth: 0 }
    }

    fn deeper<E: de::Error>(self) -> Result<Self, E> {
        if self.depth >= self.spent.limits.depth {
            return Err(self.spent.refuse(Breach::Depth(self.spent.limits.depth)));
        }
        Ok(Budgeted {
            spent: self.spent,
            depth: self.depth + 1,
        })
    }
}

impl<'de> DeserializeSeed<'de> for Budgeted<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Budgeted<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        self.spent.spend(0)?;
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        self.spent.spend(0)?;
        Ok(Value::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        self.spent.spend(0)?;
        Ok(Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        self.spent.spend(0)?;
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        self.spent.spend(v.len())?;
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        self.spent.spend(v.len())?;
        Ok(Value::String(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.spent.spend(0)?;
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }

    fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.spent.spend(0)?;
        let inner = self.deeper()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(inner)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.spent.spend(0)?;
        let inner = self.deeper()?;
        let mut fields = Map::new();
        while let Some(key) = map.next_key_seed(inner)? {
            let key = key_to_string(key);
            let value = map.next_value_seed(inner)?;
            if fields.contains_key(&key) {
                return Err(de::Error::custom(format_args!(
                    "duplicate entry with key \"{key}\""
                )));
            }
            fields.insert(key, value);
        }
        // TOML dates come through serde as a one-field map.
        if fields.len() == 1 {
            if let Some(Value::String(date)) = fields.get(TOML_DATETIME) {
                return Ok(Value::String(date.clone()));
            }
        }
        Ok(Value::Object(fields))
    }

    /// A YAML value with a tag of its own (`!thing value`): the value.
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        use de::VariantAccess;
        let (_tag, variant): (de::IgnoredAny, _) = data.variant()?;
        variant.newtype_variant_seed(self)
    }
}

/// The field name the `toml` crate gives a date it hands to serde.
const TOML_DATETIME: &str = "$__toml_private_datetime";

/// A key as text: YAML keys may be numbers, booleans, null, or (rarely)
/// lists and mappings.
fn key_to_string(key: Value) -> String {
    match key {
        Value::String(s) => s,
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

/// Refuses TOML whose shape costs more than its size before the `toml`
/// crate builds it: too large, too many tables, nested too deep. It
/// counts `[` and `{` wherever they are, strings included: over-counting
/// costs a document its tables only when it has thousands of brackets.
pub fn check_toml(text: &str, limits: Limits) -> Result<(), Breach> {
    if text.len() > limits.document_bytes {
        return Err(Breach::DocumentBytes(limits.document_bytes));
    }
    let (mut tables, mut depth) = (0usize, 0usize);
    for byte in text.bytes() {
        match byte {
            b'[' | b'{' => {
                tables += 1;
                depth += 1;
                if tables > limits.tables {
                    return Err(Breach::Tables(limits.tables));
                }
                if depth > limits.depth {
                    return Err(Breach::Depth(limits.depth));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, limits: Limits) -> (Result<Value, String>, Option<Breach>) {
        let spent = Spent::new(limits);
        let result = Budgeted::new(&spent)
            .deserialize(serde_yaml::Deserializer::from_str(text))
            .map_err(|e| e.to_string());
        (result, spent.breach())
    }

    #[test]
    fn alias_expansion_is_counted_as_it_is_built() {
        let big = format!("big: &a [{}]\n", vec!["x"; 1000].join(", "));
        let refs = format!("refs: [{}]\n", vec!["*a"; 1000].join(", "));
        let (result, breach) = read(&(big + &refs), FRONT_MATTER);
        assert!(result.is_err());
        assert_eq!(breach, Some(Breach::Values(FRONT_MATTER.values)));
    }

    #[test]
    fn expanded_text_is_counted() {
        let text = format!(
            "s: &s {}\nrefs: [{}]\n",
            "y".repeat(100_000),
            vec!["*s"; 100].join(", ")
        );
        let (_, breach) = read(&text, FRONT_MATTER);
        assert_eq!(breach, Some(Breach::TextBytes(FRONT_MATTER.text_bytes)));
    }

    #[test]
    fn ordinary_documents_are_read_as_the_yaml_crate_reads_them() {
        let text = "title: Hi\ntags: [a, b]\nn: 3\nf: 1.5\nt: !thing x\n1: one\nnil: ~\n";
        let (result, breach) = read(text, FRONT_MATTER);
        assert_eq!(breach, None);
        assert_eq!(
            result.expect("reads"),
            serde_json::json!({"title": "Hi", "tags": ["a", "b"], "n": 3, "f": 1.5,
                "t": "x", "1": "one", "nil": null})
        );
        let (result, _) = read("a: 1\na: 2\n", FRONT_MATTER);
        assert!(result.expect_err("duplicate").contains("duplicate entry"));
    }

    #[test]
    fn toml_shapes_over_budget_are_refused_before_parsing() {
        let tables: String = (0..20_000).map(|i| format!("[t{i}]\na = 1\n")).collect();
        assert_eq!(
            check_toml(&tables, FRONT_MATTER),
            Err(Breach::Tables(FRONT_MATTER.tables))
        );
        assert_eq!(
            check_toml(&"[".repeat(100), FRONT_MATTER),
            Err(Breach::Depth(FRONT_MATTER.depth))
        );
        assert_eq!(check_toml("[a]\nb = [1, [2]]\n", FRONT_MATTER), Ok(()));
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(100), "100");
    }
}
