//! Any bytes as a site configuration, in YAML, TOML and JSON, with the
//! configuration's budgets on: nothing may panic or hang, and whatever
//! is read stays within the budget (values, nesting), aliases expanded.

#![no_main]

use libfuzzer_sys::fuzz_target;
use liseuse::content::front_matter::{self, budget};
use serde_json::Value;

/// Values in `value` (each scalar, list and mapping; keys not counted) and
/// how deep it nests.
fn measure(value: &Value, depth: usize) -> (usize, usize) {
    match value {
        Value::Array(items) => items.iter().fold((1, depth), |(n, d), item| {
            let (m, e) = measure(item, depth + 1);
            (n + m, d.max(e))
        }),
        Value::Object(fields) => fields.values().fold((1, depth), |(n, d), item| {
            let (m, e) = measure(item, depth + 1);
            (n + m, d.max(e))
        }),
        _ => (1, depth),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let limits = budget::CONFIGURATION;
    for read in [
        front_matter::parse_yaml_document(text),
        front_matter::parse_toml_document(text),
        front_matter::parse_json_document(text),
    ] {
        if let Ok(value) = read {
            let (values, depth) = measure(&value, 0);
            assert!(values <= limits.values, "{values} values");
            assert!(depth <= limits.depth + 1, "{depth} deep");
        }
    }
    // The same text as the tail of an alias bomb: refused within budget.
    let bomb = format!("big: &a [{}]\nrefs: [*a, *a, *a, *a]\n{text}", "x, ".repeat(60_000));
    if let Ok(value) = front_matter::parse_yaml_document(&bomb) {
        assert!(measure(&value, 0).0 <= limits.values);
    }
});
