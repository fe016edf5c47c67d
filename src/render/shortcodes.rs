//! TEMPORARY pass-through until the real module lands (being written).
pub struct Preprocessed {
    pub text: String,
    pub shortcodes: Vec<ShortcodeUse>,
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShortcodeUse {
    pub name: String,
    pub known: bool,
}
pub fn preprocess(body: &str) -> Preprocessed {
    Preprocessed {
        text: body.to_string(),
        shortcodes: Vec::new(),
    }
}
