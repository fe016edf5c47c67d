//! The configuration file, `$XDG_CONFIG_HOME/liseuse/config.toml`: read
//! within a budget, checked setting by setting. A bad setting is a
//! problem that names the file, line and column and what was expected;
//! every other setting still applies. Parsing is pure ([`parse`]); only
//! [`Config::load`] touches the disk.

pub mod command;
pub mod theme_file;

use crate::app::ListWidth;
use crate::app::action::Action;
use crate::app::keymap::{self, KeySpec, Keymap};
use std::fmt;
use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The largest configuration or theme file read: a real one is a few
/// kilobytes, and past this it is not one.
pub const MAX_CONFIG_BYTES: u64 = 4 * 1024 * 1024;

/// The narrowest and widest text a post may be given (`measure`).
pub const MEASURE_RANGE: (u16, u16) = (20, 1000);

/// The longest `date_format`, and the most columns a date may take.
const DATE_FORMAT_LIMITS: (usize, u16) = (64, 40);

/// Every setting, in the order `liseuse config` prints them.
pub const SETTING_NAMES: &[&str] = &[
    "site",
    "lang",
    "theme",
    "accessible",
    "mouse",
    "watch",
    "measure",
    "list_width",
    "hyperlinks",
    "date_format",
    "keys",
];

/// Where in a file something is, counted from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    /// The line and column (in characters) of byte `offset` of `text`.
    pub fn of(text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Position {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    }
}

/// Something wrong in a configuration or theme file, said in one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// `None` for the file as a whole (it could not be read).
    pub position: Option<Position>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some(Position { line, column }) => {
                write!(f, "{}:{line}:{column}: {}", self.file, self.message)
            }
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// A value and where it was written, so a later check (does the theme
/// exist?) can point at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub position: Position,
}

/// What the file set; `None` for what it leaves to the defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// The site read when no directory is given.
    pub site: Option<PathBuf>,
    pub lang: Option<String>,
    pub theme: Option<Located<String>>,
    pub accessible: Option<bool>,
    pub mouse: Option<bool>,
    /// Follow the site's files on disk (false: only `R` reads them again).
    pub watch: Option<bool>,
    pub measure: Option<u16>,
    pub list_width: Option<ListWidth>,
    /// Reserved: accepted and shown, used by no feature yet.
    pub hyperlinks: Option<bool>,
    /// A `strftime` format for the list's dates, and the columns it takes.
    pub date_format: Option<(String, u16)>,
    /// `[keys]`: each key and its action (`None`: unbound).
    pub keys: Vec<(KeySpec, Option<Action>)>,
}

impl Settings {
    /// The keys in force: the defaults with the file's on top.
    pub fn keymap(&self) -> Keymap {
        Keymap::new(self.keys.iter().cloned())
    }
}

/// A file read and checked.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub settings: Settings,
    pub problems: Vec<Problem>,
}

/// Checks values of one file, noting problems at their place.
struct Checker<'t> {
    text: &'t str,
    file: String,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn at(&self, span: Range<usize>) -> Position {
        Position::of(self.text, span.start)
    }

    fn problem(&mut self, span: Range<usize>, message: impl Into<String>) {
        let position = Some(self.at(span));
        // What the parser made up around a syntax error is not the
        // user's: the syntax error is said alone.
        let broken_line = self.problems.iter().any(|p| {
            p.position.map(|p| p.line) == position.map(|p| p.line)
                && p.message.starts_with("not TOML")
        });
        if broken_line {
            return;
        }
        self.problems.push(Problem {
            file: self.file.clone(),
            position,
            message: message.into(),
        });
    }

    /// The value as `T`, or a problem saying what `name` expects.
    fn get<T>(
        &mut self,
        name: &str,
        value: &Spanned<DeValue<'_>>,
        expected: &str,
        read: impl FnOnce(&DeValue<'_>) -> Result<T, String>,
    ) -> Option<T> {
        if value.span().is_empty() {
            // Made up by the parser after a syntax error.
            return None;
        }
        match read(value.get_ref()) {
            Ok(found) => Some(found),
            Err(why) => {
                let why = if why.is_empty() {
                    format!("found {}", kind(value.get_ref()))
                } else {
                    why
                };
                self.problem(
                    value.span(),
                    format!("`{name}`: expected {expected}; {why}"),
                );
                None
            }
        }
    }
}

/// What a TOML value is, as a problem says it.
fn kind(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "a number",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

fn string(value: &DeValue<'_>) -> Result<String, String> {
    value.as_str().map(str::to_string).ok_or_default()
}

fn boolean(value: &DeValue<'_>) -> Result<bool, String> {
    value.as_bool().ok_or_default()
}

fn integer(value: &DeValue<'_>) -> Result<i64, String> {
    let integer = value.as_integer().ok_or_default()?;
    i64::from_str_radix(&integer.as_str().replace('_', ""), integer.radix())
        .map_err(|_| "found a number out of range".to_string())
}

/// `Option` to a `Result` whose error is filled in by [`Checker::get`].
trait OrDefault<T> {
    fn ok_or_default(self) -> Result<T, String>;
}

impl<T> OrDefault<T> for Option<T> {
    fn ok_or_default(self) -> Result<T, String> {
        self.ok_or_else(String::new)
    }
}

fn measure(value: &DeValue<'_>) -> Result<u16, String> {
    let columns = integer(value)?;
    let (least, most) = MEASURE_RANGE;
    u16::try_from(columns)
        .ok()
        .filter(|c| (least..=most).contains(c))
        .ok_or_else(|| format!("found {columns}"))
}

/// `list_width`: `"auto"`, a number of columns, or a share (`"40%"`).
fn list_width(value: &DeValue<'_>) -> Result<ListWidth, String> {
    if value.is_integer() {
        let columns = integer(value)?;
        return u16::try_from(columns)
            .ok()
            .filter(|c| (20..=500).contains(c))
            .map(ListWidth::Columns)
            .ok_or_else(|| format!("found {columns} columns"));
    }
    let text = value.as_str().ok_or_default()?.trim();
    if text == "auto" {
        return Ok(ListWidth::Auto);
    }
    text.strip_suffix('%')
        .and_then(|share| share.trim().parse::<u8>().ok())
        .filter(|share| (10..=90).contains(share))
        .map(ListWidth::Percent)
        .ok_or_else(|| format!("found \"{text}\""))
}

/// A language tag as `--lang` takes it: letters, digits and hyphens.
fn lang(value: &DeValue<'_>) -> Result<String, String> {
    let tag = string(value)?;
    let well_formed = !tag.is_empty()
        && tag.len() <= 35
        && tag
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if well_formed {
        Ok(tag)
    } else {
        Err(format!("found \"{}\"", crate::text::sanitize_line(&tag)))
    }
}

/// A date format, tried on a date of each month: the widest gives the
/// list its column.
pub fn date_format(format: &str) -> Result<(String, u16), String> {
    let (longest, widest) = DATE_FORMAT_LIMITS;
    if format.is_empty() || format.len() > longest {
        return Err(format!("found {} characters", format.len()));
    }
    if format.chars().any(char::is_control) {
        return Err("found a control character".to_string());
    }
    let mut columns = 0;
    for month in 1..=12 {
        let date = jiff::civil::date(2026, month, 28);
        let written = jiff::fmt::strtime::format(format, date)
            .map_err(|error| format!("\"{format}\" does not format a date: {error}"))?;
        if written.chars().any(char::is_control) {
            return Err(format!("\"{format}\" writes a control character"));
        }
        columns = columns.max(crate::text::cells::width(&written));
    }
    match u16::try_from(columns) {
        Ok(columns) if (1..=widest).contains(&columns) => Ok((format.to_string(), columns)),
        _ => Err(format!("\"{format}\" writes {columns} columns")),
    }
}

/// `site`: `~/` is the home directory; a relative path is taken from the
/// configuration file's directory, not from wherever the reader starts.
fn site(value: &DeValue<'_>, file: &Path, home: Option<&Path>) -> Result<PathBuf, String> {
    let text = string(value)?;
    if text.is_empty() {
        return Err("found an empty string".to_string());
    }
    let path = match (text.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => home.join(rest),
        (Some(_), None) => return Err("found `~/` and HOME is not set".to_string()),
        (None, _) => PathBuf::from(&text),
    };
    Ok(match file.parent() {
        Some(dir) if path.is_relative() => dir.join(path),
        _ => path,
    })
}

/// The theme's name: built in, or a file `themes/NAME.toml`.
fn theme(value: &DeValue<'_>) -> Result<String, String> {
    let name = string(value)?;
    if theme_file::is_valid_name(&name) {
        Ok(name)
    } else {
        Err(format!("found \"{}\"", crate::text::sanitize_line(&name)))
    }
}

/// Checks the text of the configuration file `file` (named so in
/// problems); `home` expands `~/` in `site`.
pub fn parse(text: &str, file: &Path, home: Option<&Path>) -> Parsed {
    let mut checker = Checker {
        text,
        file: crate::content::display_path(file),
        problems: Vec::new(),
    };
    let (table, errors) = DeTable::parse_recoverable(text);
    for error in errors {
        let span = error.span().unwrap_or(0..0);
        let message = error
            .message()
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .to_string();
        checker.problem(span, format!("not TOML: {message}"));
    }
    let mut settings = Settings::default();
    for (key, value) in in_file_order(table.get_ref()) {
        let name = key.get_ref().as_ref();
        match name {
            "site" => {
                settings.site = checker.get(name, value, "a directory", |v| site(v, file, home))
            }
            "lang" => {
                settings.lang = checker.get(name, value, "a language tag such as \"fr\"", lang)
            }
            "theme" => {
                let position = checker.at(value.span());
                settings.theme = checker
                    .get(
                        name,
                        value,
                        "a theme's name (letters, digits, - and _)",
                        theme,
                    )
                    .map(|value| Located { value, position });
            }
            "accessible" => {
                settings.accessible = checker.get(name, value, "true or false", boolean)
            }
            "mouse" => settings.mouse = checker.get(name, value, "true or false", boolean),
            "watch" => settings.watch = checker.get(name, value, "true or false", boolean),
            "hyperlinks" => {
                settings.hyperlinks = checker.get(name, value, "true or false", boolean)
            }
            "measure" => {
                settings.measure =
                    checker.get(name, value, "a number of columns from 20 to 1000", measure)
            }
            "list_width" => {
                settings.list_width = checker.get(
                    name,
                    value,
                    "\"auto\", columns from 20 to 500, or a share from \"10%\" to \"90%\"",
                    list_width,
                )
            }
            "date_format" => {
                settings.date_format = checker.get(
                    name,
                    value,
                    "a strftime format such as \"%d/%m/%Y\", at most 40 columns wide",
                    |v| date_format(&string(v)?),
                )
            }
            "keys" => match value.get_ref() {
                DeValue::Table(keys) => settings.keys = parse_keys(&mut checker, keys),
                other => checker.problem(
                    value.span(),
                    format!("`keys`: expected a table ([keys]); found {}", kind(other)),
                ),
            },
            _ => {
                let unknown = crate::text::sanitize_line(name);
                checker.problem(
                    key.span(),
                    format!(
                        "unknown setting `{unknown}`: expected one of {}",
                        SETTING_NAMES.join(", ")
                    ),
                );
            }
        }
    }
    let mut problems = checker.problems;
    problems.sort_by_key(|p| p.position.map(|p| (p.line, p.column)));
    Parsed { settings, problems }
}

/// A table's entries in the order they are written (the parser sorts
/// them by name): problems come in the file's order, and of two names
/// for one key the later wins.
pub(crate) fn in_file_order<'t, 'i>(
    table: &'t DeTable<'i>,
) -> Vec<(
    &'t Spanned<toml::de::DeString<'i>>,
    &'t Spanned<DeValue<'i>>,
)> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    entries
}

/// `[keys]`: `"ctrl-n" = "next-post"`; a bad key or action is a problem
/// and the other entries still apply.
fn parse_keys(checker: &mut Checker<'_>, keys: &DeTable<'_>) -> Vec<(KeySpec, Option<Action>)> {
    let mut bound = Vec::new();
    for (key, value) in in_file_order(keys) {
        let spec = match KeySpec::parse(key.get_ref()) {
            Ok(spec) => spec,
            Err(why) => {
                checker.problem(
                    key.span(),
                    format!("[keys]: {}", crate::text::sanitize_line(&why)),
                );
                continue;
            }
        };
        let action = match value.get_ref().as_str() {
            Some(keymap::UNBOUND) => None,
            Some(name) => match keymap::action_named(name) {
                Some(action) => Some(action),
                None => {
                    checker.problem(
                        value.span(),
                        format!(
                            "[keys]: `{}` is not an action: expected one of those `liseuse config --actions` lists, or \"none\"",
                            crate::text::sanitize_line(name)
                        ),
                    );
                    continue;
                }
            },
            None => {
                checker.problem(
                    value.span(),
                    format!(
                        "[keys]: expected an action's name; found {}",
                        kind(value.get_ref())
                    ),
                );
                continue;
            }
        };
        bound.push((spec, action));
    }
    bound
}

/// Reads a configuration or theme file: a regular file, within
/// [`MAX_CONFIG_BYTES`], UTF-8. `Ok(None)` when there is none.
pub fn read_file(path: &Path) -> Result<Option<String>, String> {
    let why = |error: &std::io::Error| crate::content::load::io_reason(error);
    // Opened without waiting (a FIFO would block until a writer came),
    // then checked on the open file, not on the path.
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = match options.open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(why(&error)),
    };
    let metadata = file.metadata().map_err(|e| why(&e))?;
    if !metadata.is_file() {
        return Err("not a regular file".to_string());
    }
    if metadata.len() > MAX_CONFIG_BYTES {
        return Err(format!(
            "{} bytes, past the {} MB a configuration file may have",
            metadata.len(),
            MAX_CONFIG_BYTES / 1024 / 1024
        ));
    }
    let mut bytes = Vec::new();
    file.take(MAX_CONFIG_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| why(&e))?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(format!(
            "past the {} MB a configuration file may have",
            MAX_CONFIG_BYTES / 1024 / 1024
        ));
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| "not UTF-8 text".to_string())
}

/// liseuse's configuration directory, `$XDG_CONFIG_HOME/liseuse` (by
/// default `~/.config/liseuse`); `None` without a home.
pub fn config_dir() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    // XDG on every system, as for the state directory.
    let strategy = etcetera::base_strategy::Xdg::new().ok()?;
    Some(strategy.config_dir().join("liseuse"))
}

/// Where the configuration is read from, and whether it was asked for
/// (`--config`, `LISEUSE_CONFIG`): a file asked for must exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigPath {
    pub path: PathBuf,
    pub asked_for: bool,
}

impl ConfigPath {
    /// `--config FILE`, else `LISEUSE_CONFIG`, else the default place.
    pub fn chosen(
        flag: Option<&Path>,
        lookup: impl Fn(&str) -> Option<String>,
        default_dir: Option<PathBuf>,
    ) -> Option<ConfigPath> {
        if let Some(path) = flag {
            return Some(ConfigPath {
                path: path.to_path_buf(),
                asked_for: true,
            });
        }
        if let Some(path) = lookup("LISEUSE_CONFIG").filter(|p| !p.is_empty()) {
            return Some(ConfigPath {
                path: PathBuf::from(path),
                asked_for: true,
            });
        }
        default_dir.map(|dir| ConfigPath {
            path: dir.join("config.toml"),
            asked_for: false,
        })
    }

    /// The theme files' directory: `themes/` beside the configuration.
    pub fn themes_dir(&self) -> PathBuf {
        self.path.parent().unwrap_or(Path::new(".")).join("themes")
    }
}

/// The configuration in force and what is wrong with it.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// `None` without a home and without `--config`.
    pub path: Option<ConfigPath>,
    /// Whether the file exists.
    pub found: bool,
    pub settings: Settings,
    pub problems: Vec<Problem>,
}

impl Config {
    /// Reads the configuration `--config` (`flag`), `LISEUSE_CONFIG` or
    /// the default place names.
    pub fn load(flag: Option<&Path>) -> Config {
        let lookup = |name: &str| std::env::var(name).ok();
        let path = ConfigPath::chosen(flag, lookup, config_dir());
        let home = std::env::var_os("HOME").map(PathBuf::from);
        Config::read(path, home.as_deref())
    }

    /// Reads the file at `path`, if any.
    pub fn read(path: Option<ConfigPath>, home: Option<&Path>) -> Config {
        let Some(config_path) = path else {
            return Config::default();
        };
        let file = crate::content::display_path(&config_path.path);
        let whole_file = |message: String| Problem {
            file: file.clone(),
            position: None,
            message,
        };
        let mut config = Config {
            path: Some(config_path.clone()),
            ..Config::default()
        };
        match read_file(&config_path.path) {
            Ok(Some(text)) => {
                let parsed = parse(&text, &config_path.path, home);
                config.found = true;
                config.settings = parsed.settings;
                config.problems = parsed.problems;
            }
            Ok(None) if config_path.asked_for => {
                config.problems.push(whole_file("no such file".to_string()));
            }
            Ok(None) => {}
            Err(why) => config.problems.push(whole_file(why)),
        }
        config
    }

    /// The theme files' directory, if there is a configuration directory.
    pub fn themes_dir(&self) -> Option<PathBuf> {
        self.path.as_ref().map(ConfigPath::themes_dir)
    }

    /// What the status line says of the problems at start: the first, and
    /// how to see the others.
    pub fn notice(&self) -> Option<String> {
        let first = self.problems.first()?;
        // The file's name alone: a status line has no room for a path,
        // and `liseuse config --check` gives it whole.
        let name = Path::new(&first.file)
            .file_name()
            .map(|name| name.to_string_lossy().into_owned());
        let first = Problem {
            file: name.unwrap_or_else(|| first.file.clone()),
            ..first.clone()
        };
        Some(match self.problems.len() {
            1 => first.to_string(),
            more => format!("{first} (and {} more: liseuse config --check)", more - 1),
        })
    }
}

/// What `liseuse config --seed` writes: every setting, commented out at
/// its default, so the file says what can be set.
pub const SEED: &str = r#"# liseuse's configuration. Every line is commented out: remove the `#`
# of a setting to change it. `liseuse config --check` checks this file,
# `liseuse config` prints the settings in force.

# The site read when no directory is given (`~/` is your home; a relative
# path starts beside this file). Without it: the embedded sample.
# site = "~/blog"

# The language to read first, a BCP 47 tag. Default: the locale's.
# lang = "fr"

# default, light, high-contrast, mono, or NAME for themes/NAME.toml beside
# this file. NO_COLOR keeps attributes only. A theme file names a base
# and the styles it changes, code's among them, in the 16 colours:
#   base = "light"
#   code_comment = "italic dark-gray"
#   code_keyword = "bold blue"
# (code_string, code_constant, code_type, code_function, code_tag and
# code_attribute too; `liseuse show --color always` uses the theme).
# theme = "default"

# A linear interface for screen readers and braille displays.
# accessible = false

# Capture the mouse (false keeps the terminal's own text selection).
# mouse = true

# Follow the site's files: a post added, changed, removed or renamed on
# disk is on screen within a second (false: only R reads them again).
# watch = true

# The widest a post's text is laid out, in columns (20 to 1000).
# measure = 100

# The list's width beside the post: "auto", columns (20 to 500), or a
# share of the screen from "10%" to "90%".
# list_width = "auto"

# Links as terminal hyperlinks (OSC 8), clickable where the terminal
# knows them; false writes them as text only (as --no-hyperlinks).
# hyperlinks = true

# How the list writes dates, a strftime format.
# date_format = "%Y-%m-%d"

# Keys on top of the defaults: a key (a character, or ctrl-, alt-, shift-
# with a name such as enter, esc, tab, space, up, pagedown, f1) and an
# action from `liseuse config --actions`, or "none" to take a key away.
[keys]
# "ctrl-n" = "next-post"
# "ctrl-p" = "previous-post"
# "x" = "quit"
"#;

#[cfg(test)]
mod tests;
