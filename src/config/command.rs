//! `liseuse config`: the paths, the settings in force, their problems
//! (`--check`), a commented file to start from (`--seed`), and the names
//! of the actions keys can be bound to (`--actions`).

use super::{Config, ConfigPath, Problem, SEED, config_dir, theme_file};
use crate::app::ListWidth;
use crate::app::keymap::{self, ACTION_NAMES};
use crate::cli::Outcome;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Every problem of the configuration: the file's, the chosen theme's
/// (and whether it exists), every theme file's, and a `site` that is
/// not a directory. `no_color` as the environment says.
pub fn problems(config: &Config, no_color: bool) -> Vec<Problem> {
    let mut problems = config.problems.clone();
    let file = config
        .path
        .as_ref()
        .map(|p| crate::content::display_path(&p.path))
        .unwrap_or_default();
    let themes_dir = config.themes_dir();
    if let Some(theme) = &config.settings.theme
        && let Err(why) = theme_file::find(&theme.value, themes_dir.as_deref(), no_color)
    {
        problems.push(Problem {
            file: file.clone(),
            position: Some(theme.position),
            message: format!("`theme`: {why}"),
        });
    }
    if let Some(dir) = &themes_dir {
        for name in theme_file::available(dir) {
            match theme_file::find(&name, Some(dir), no_color) {
                Ok((_, found)) => problems.extend(found),
                Err(why) => problems.push(Problem {
                    file: crate::content::display_path(dir),
                    position: None,
                    message: why,
                }),
            }
        }
    }
    if let Some(site) = &config.settings.site
        && !site.is_dir()
    {
        problems.push(Problem {
            file,
            position: None,
            message: format!(
                "`site`: {}: no such directory",
                crate::content::display_path(site)
            ),
        });
    }
    problems
}

/// A string as TOML writes it.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// Prints where the files are and every setting in force: those the file
/// sets as they are, the others commented out at their default.
pub fn print(config: &Config, state_dir: Option<&Path>, out: &mut dyn Write) -> io::Result<()> {
    let shown = |path: Option<&Path>| {
        path.map_or_else(
            || "(none: neither XDG_CONFIG_HOME nor HOME is set)".to_string(),
            crate::content::display_path,
        )
    };
    let config_path = config.path.as_ref().map(|p| p.path.as_path());
    let found = if config.found { "" } else { " (no such file)" };
    writeln!(out, "# config  {}{found}", shown(config_path))?;
    let themes_dir = config.themes_dir();
    let theme_files = themes_dir
        .as_deref()
        .map(theme_file::available)
        .unwrap_or_default();
    let listed = match theme_files.is_empty() {
        true => String::new(),
        false => format!(" ({})", theme_files.join(", ")),
    };
    writeln!(out, "# themes  {}{listed}", shown(themes_dir.as_deref()))?;
    writeln!(out, "# state   {}", shown(state_dir))?;
    writeln!(out)?;
    let settings = &config.settings;
    let line = |name: &str, value: Option<String>, default: &str| match value {
        Some(value) => format!("{name} = {value}"),
        None => format!("# {name} = {default}"),
    };
    let lines = [
        line(
            "site",
            settings
                .site
                .as_ref()
                .map(|s| quoted(&crate::content::display_path(s))),
            "(the embedded sample)",
        ),
        line(
            "lang",
            settings.lang.as_deref().map(quoted),
            "(the locale's)",
        ),
        line(
            "theme",
            settings.theme.as_ref().map(|t| quoted(&t.value)),
            "\"default\"",
        ),
        line(
            "accessible",
            settings.accessible.map(|b| b.to_string()),
            "false",
        ),
        line("mouse", settings.mouse.map(|b| b.to_string()), "true"),
        line("watch", settings.watch.map(|b| b.to_string()), "true"),
        line(
            "measure",
            settings.measure.map(|m| m.to_string()),
            &crate::app::DEFAULT_MEASURE.to_string(),
        ),
        line(
            "list_width",
            settings.list_width.map(|w| match w {
                ListWidth::Auto => quoted("auto"),
                ListWidth::Columns(columns) => columns.to_string(),
                ListWidth::Percent(share) => quoted(&format!("{share}%")),
            }),
            "\"auto\"",
        ),
        line(
            "hyperlinks",
            settings
                .hyperlinks
                .map(|b| format!("{b}  # reserved: no effect yet")),
            "false",
        ),
        line(
            "date_format",
            settings.date_format.as_ref().map(|(f, _)| quoted(f)),
            "\"%Y-%m-%d\"",
        ),
    ];
    for line in lines {
        writeln!(out, "{line}")?;
    }
    writeln!(out, "\n[keys]")?;
    if settings.keys.is_empty() {
        writeln!(out, "# (the defaults: liseuse config --actions)")?;
    }
    for (key, action) in &settings.keys {
        let name = action
            .as_ref()
            .and_then(keymap::action_name)
            .unwrap_or(keymap::UNBOUND);
        writeln!(out, "{} = {}", quoted(&key.name()), quoted(name))?;
    }
    Ok(())
}

/// Prints each action's name and its default keys.
pub fn print_actions(out: &mut dyn Write) -> io::Result<()> {
    let widest = ACTION_NAMES
        .iter()
        .map(|(name, _)| name.len())
        .max()
        .unwrap_or(0);
    for (name, action) in ACTION_NAMES {
        let keys = keymap::default_keys(action).join(" ");
        let keys = if keys.is_empty() { "(none)" } else { &keys };
        writeln!(out, "{name:<widest$}  {keys}")?;
    }
    writeln!(out, "{:<widest$}  (takes a key away)", keymap::UNBOUND)
}

/// Writes [`SEED`] where the configuration is read from, its directory
/// made if need be; a file already there is never replaced.
pub fn seed(path: &ConfigPath) -> Result<PathBuf, String> {
    let shown = crate::content::display_path(&path.path);
    if let Some(dir) = path.path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).map_err(|error| {
            format!(
                "{}: {}",
                crate::content::display_path(dir),
                crate::content::load::io_reason(&error)
            )
        })?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path.path)
        .map_err(|error| match error.kind() {
            io::ErrorKind::AlreadyExists => {
                format!("{shown}: already exists, left as it is (--seed never overwrites)")
            }
            _ => format!("{shown}: {}", crate::content::load::io_reason(&error)),
        })?;
    file.write_all(SEED.as_bytes())
        .map_err(|error| format!("{shown}: {}", crate::content::load::io_reason(&error)))?;
    Ok(path.path.clone())
}

/// What `liseuse config` was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asked {
    /// The paths and the settings in force (problems on `err`).
    Settings,
    /// `--check`: the problems alone, [`Outcome::Problems`] if any.
    Check,
    /// `--seed`.
    Seed,
    /// `--actions`.
    Actions,
}

/// `liseuse config`, its configuration named by `flag` (`--config`),
/// else `LISEUSE_CONFIG`, else the default place.
pub fn run(
    flag: Option<&Path>,
    asked: Asked,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    let lookup = |name: &str| std::env::var(name).ok();
    let config_path = ConfigPath::chosen(flag, lookup, config_dir());
    match asked {
        Asked::Actions => print_actions(out)?,
        Asked::Seed => {
            let path = config_path.ok_or_else(|| {
                io::Error::other("neither XDG_CONFIG_HOME nor HOME is set: give --config FILE")
            })?;
            let written = seed(&path).map_err(io::Error::other)?;
            writeln!(out, "{}", crate::content::display_path(&written))?;
        }
        Asked::Settings | Asked::Check => {
            let home = std::env::var_os("HOME").map(PathBuf::from);
            let config = Config::read(config_path, home.as_deref());
            let problems = problems(&config, crate::theme::Theme::no_color_in_env());
            if asked == Asked::Settings {
                let state = crate::state::store::state_dir();
                print(&config, state.as_deref(), out)?;
            }
            out.flush()?;
            for problem in &problems {
                let line = problem.to_string();
                writeln!(err, "liseuse: {}", crate::text::sanitize_line(&line))?;
            }
            if asked == Asked::Check {
                if !problems.is_empty() {
                    return Ok(Outcome::Problems);
                }
                let checked = config.path.as_ref().map_or_else(
                    || "no configuration".to_string(),
                    |p| crate::content::display_path(&p.path),
                );
                writeln!(out, "{checked}: no problems")?;
            }
        }
    }
    Ok(Outcome::Ok)
}
