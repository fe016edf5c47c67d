//! Themes as files, `themes/NAME.toml` beside the configuration: a
//! built-in theme (`base`) with some of its styles replaced, each written
//! as words (`"bold light-cyan on black"`) in the 16 colours only.

use super::{Position, Problem, read_file};
use crate::theme::Theme;
use ratatui::style::{Color, Modifier, Style};
use std::path::Path;
use toml::de::{DeTable, DeValue};

/// The 16 colours, as theme files name them.
const COLOURS: &[(&str, Color)] = &[
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("gray", Color::Gray),
    ("dark-gray", Color::DarkGray),
    ("light-red", Color::LightRed),
    ("light-green", Color::LightGreen),
    ("light-yellow", Color::LightYellow),
    ("light-blue", Color::LightBlue),
    ("light-magenta", Color::LightMagenta),
    ("light-cyan", Color::LightCyan),
    ("white", Color::White),
];

const ATTRIBUTES: &[(&str, Modifier)] = &[
    ("bold", Modifier::BOLD),
    ("dim", Modifier::DIM),
    ("italic", Modifier::ITALIC),
    ("underlined", Modifier::UNDERLINED),
    ("reversed", Modifier::REVERSED),
    ("crossed-out", Modifier::CROSSED_OUT),
];

/// Every style a theme file may set, by name.
pub const STYLE_NAMES: &[&str] = &[
    "title",
    "heading_1",
    "heading_2",
    "heading_3",
    "heading_4",
    "heading_5",
    "heading_6",
    "heading_rule",
    "meta",
    "caption",
    "link",
    "image",
    "note",
    "code",
    "code_block",
    "code_comment",
    "code_keyword",
    "code_string",
    "code_constant",
    "code_type",
    "code_function",
    "code_tag",
    "code_attribute",
    "cut_mark",
    "quote_bar",
    "list_marker",
    "rule",
    "table_border",
    "border",
    "focus_border",
    "pane_title",
    "selected",
    "selection_bar",
    "date",
    "matched",
    "mark",
    "warning",
    "found",
    "found_current",
    "selected_link",
    "dim",
    "key",
    "filter_prompt",
    "message",
    "status",
];

/// The style of `theme` called `name` (one of [`STYLE_NAMES`]).
fn style_mut<'t>(theme: &'t mut Theme, name: &str) -> Option<&'t mut Style> {
    Some(match name {
        "title" => &mut theme.title,
        "heading_1" => &mut theme.heading[0],
        "heading_2" => &mut theme.heading[1],
        "heading_3" => &mut theme.heading[2],
        "heading_4" => &mut theme.heading[3],
        "heading_5" => &mut theme.heading[4],
        "heading_6" => &mut theme.heading[5],
        "heading_rule" => &mut theme.heading_rule,
        "meta" => &mut theme.meta,
        "caption" => &mut theme.caption,
        "link" => &mut theme.link,
        "image" => &mut theme.image,
        "note" => &mut theme.note,
        "code" => &mut theme.code,
        "code_block" => &mut theme.code_block,
        // Highlighted code, on top of `code_block`: the order of
        // `CodeRole::STYLED`.
        "code_comment" => &mut theme.code_syntax[0],
        "code_keyword" => &mut theme.code_syntax[1],
        "code_string" => &mut theme.code_syntax[2],
        "code_constant" => &mut theme.code_syntax[3],
        "code_type" => &mut theme.code_syntax[4],
        "code_function" => &mut theme.code_syntax[5],
        "code_tag" => &mut theme.code_syntax[6],
        "code_attribute" => &mut theme.code_syntax[7],
        "cut_mark" => &mut theme.cut_mark,
        "quote_bar" => &mut theme.quote_bar,
        "list_marker" => &mut theme.list_marker,
        "rule" => &mut theme.rule,
        "table_border" => &mut theme.table_border,
        "border" => &mut theme.border,
        "focus_border" => &mut theme.focus_border,
        "pane_title" => &mut theme.pane_title,
        "selected" => &mut theme.selected,
        "selection_bar" => &mut theme.selection_bar,
        "date" => &mut theme.date,
        "matched" => &mut theme.matched,
        "mark" => &mut theme.mark,
        "warning" => &mut theme.warning,
        "found" => &mut theme.found,
        "found_current" => &mut theme.found_current,
        "selected_link" => &mut theme.selected_link,
        "dim" => &mut theme.dim,
        "key" => &mut theme.key,
        "filter_prompt" => &mut theme.filter_prompt,
        "message" => &mut theme.message,
        "status" => &mut theme.status,
        _ => return None,
    })
}

/// Whether `name` may name a theme: letters, digits, `-` and `_`, so a
/// name never leaves the themes' directory.
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// A style written as words: colours (the first the text's, `on COLOUR`
/// the background's), attributes, or `plain`.
pub fn parse_style(text: &str) -> Result<Style, String> {
    let mut style = Style::new();
    let mut words = text.split_whitespace().peekable();
    if words.peek().is_none() {
        return Err("found nothing".to_string());
    }
    let colour = |word: &str| {
        COLOURS
            .iter()
            .find(|(name, _)| *name == word)
            .map(|(_, colour)| *colour)
    };
    while let Some(word) = words.next() {
        if word == "plain" {
            continue;
        }
        if word == "on" {
            let Some(background) = words.next().and_then(colour) else {
                return Err("found `on` without one of the 16 colours after it".to_string());
            };
            style = style.bg(background);
        } else if let Some(foreground) = colour(word) {
            if style.fg.is_some() {
                return Err(format!(
                    "found a second colour `{word}` (write `on {word}` for the background)"
                ));
            }
            style = style.fg(foreground);
        } else if let Some((_, attribute)) = ATTRIBUTES.iter().find(|(name, _)| *name == word) {
            style = style.add_modifier(*attribute);
        } else {
            return Err(format!("found `{}`", crate::text::sanitize_line(word)));
        }
    }
    Ok(style)
}

/// What [`parse_style`] takes, said in a problem.
fn style_expected() -> String {
    let colours: Vec<&str> = COLOURS.iter().map(|(name, _)| *name).collect();
    let attributes: Vec<&str> = ATTRIBUTES.iter().map(|(name, _)| *name).collect();
    format!(
        "words among the colours {}, `on COLOUR`, the attributes {}, or plain",
        colours.join(", "),
        attributes.join(", ")
    )
}

/// `theme` with no colour left, its attributes kept (`NO_COLOR`).
pub fn without_colour(mut theme: Theme) -> Theme {
    for name in STYLE_NAMES {
        if let Some(style) = style_mut(&mut theme, name) {
            style.fg = None;
            style.bg = None;
        }
    }
    theme
}

/// Reads a theme file's text: its base, then its styles. A bad line is a
/// problem and the others apply.
pub fn parse(text: &str, file: &Path) -> (Theme, Vec<Problem>) {
    let file_name = crate::content::display_path(file);
    let mut problems = Vec::new();
    let mut problem = |offset: usize, message: String| {
        problems.push(Problem {
            file: file_name.clone(),
            position: Some(Position::of(text, offset)),
            message,
        });
    };
    let (table, errors) = DeTable::parse_recoverable(text);
    for error in errors {
        let message = error
            .message()
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .to_string();
        problem(
            error.span().map_or(0, |s| s.start),
            format!("not TOML: {message}"),
        );
    }
    let builtins: Vec<&str> = Theme::names().collect();
    let mut theme = Theme::colored();
    let base = table
        .get_ref()
        .iter()
        .find(|(key, _)| key.get_ref().as_ref() == "base");
    if let Some((_, base)) = base {
        match base.get_ref().as_str().and_then(Theme::named) {
            Some(built_in) => theme = built_in,
            None => problem(
                base.span().start,
                format!(
                    "`base`: expected a built-in theme ({}); found {}",
                    builtins.join(", "),
                    describe(base.get_ref())
                ),
            ),
        }
    }
    for (key, value) in super::in_file_order(table.get_ref()) {
        let name = key.get_ref().as_ref();
        if name == "base" {
            continue;
        }
        let Some(style) = style_mut(&mut theme, name) else {
            problem(
                key.span().start,
                format!(
                    "unknown style `{}`: expected base or one of {}",
                    crate::text::sanitize_line(name),
                    STYLE_NAMES.join(", ")
                ),
            );
            continue;
        };
        match value.get_ref().as_str().map(parse_style) {
            Some(Ok(parsed)) => *style = parsed,
            Some(Err(why)) => problem(
                value.span().start,
                format!("`{name}`: expected {}; {why}", style_expected()),
            ),
            None => problem(
                value.span().start,
                format!(
                    "`{name}`: expected a style as words (\"bold cyan\"); found {}",
                    describe(value.get_ref())
                ),
            ),
        }
    }
    problems.sort_by_key(|p| p.position.map(|p| (p.line, p.column)));
    (theme, problems)
}

fn describe(value: &DeValue<'_>) -> String {
    match value.as_str() {
        Some(text) => format!("\"{}\"", crate::text::sanitize_line(text)),
        None => super::kind(value).to_string(),
    }
}

/// The theme files in `dir`, by name, sorted.
pub fn available(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            let stem = name.strip_suffix(".toml")?;
            is_valid_name(stem).then(|| stem.to_string())
        })
        .collect();
    names.sort();
    names
}

/// The theme called `name` as this environment wants it: a built-in, else
/// `themes/NAME.toml` in `dir`, with what is wrong in that file. Under
/// `no_color` a theme keeps its attributes only. `Err` says why there is
/// no such theme.
pub fn find(
    name: &str,
    dir: Option<&Path>,
    no_color: bool,
) -> Result<(Theme, Vec<Problem>), String> {
    if let Some(theme) = Theme::chosen(name, no_color) {
        return Ok((theme, Vec::new()));
    }
    let builtins: Vec<&str> = Theme::names().collect();
    let known = || {
        let mut known = builtins.join(", ");
        if let Some(dir) = dir {
            for file in available(dir) {
                known.push_str(", ");
                known.push_str(&file);
            }
        }
        known
    };
    let path = match dir {
        Some(dir) if is_valid_name(name) => dir.join(format!("{name}.toml")),
        _ => {
            return Err(format!(
                "no such theme `{}` (one of: {})",
                crate::text::sanitize_line(name),
                known()
            ));
        }
    };
    match read_file(&path) {
        Ok(Some(text)) => {
            let (theme, problems) = parse(&text, &path);
            let theme = if no_color {
                without_colour(theme)
            } else {
                theme
            };
            Ok((theme, problems))
        }
        Ok(None) => Err(format!(
            "no such theme `{name}`: neither built in nor {} (one of: {})",
            crate::content::display_path(&path),
            known()
        )),
        Err(why) => Err(format!("{}: {why}", crate::content::display_path(&path))),
    }
}
