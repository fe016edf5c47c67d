//! The reader's start: how it looks and answers, the site loaded at once
//! or in the background, the last place and the watch on the site's files.
//! Part of the `liseuse` binary, not of the library.

use crate::{kept_until_exit, site_language};
use liseuse::app::memory::Start;
use liseuse::cli::{self, Outcome};
use liseuse::config::{Config, theme_file};
use liseuse::content::{self, Lang, Source};
use liseuse::terminal::AfterFirstFrame;
use liseuse::theme::Theme;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::Path;

/// How the reader shows itself and answers: what the command line and
/// the configuration chose, the command line first.
pub struct Look {
    pub theme: Theme,
    /// The linear interface for assistive technology.
    accessible: bool,
    measure: Option<u16>,
    list_width: Option<liseuse::app::ListWidth>,
    date_format: Option<(String, u16)>,
    keys: liseuse::app::keymap::Keymap,
    /// Links as terminal hyperlinks.
    hyperlinks: bool,
    /// What is wrong in the configuration, for the status line.
    notice: Option<String>,
}

impl Look {
    /// `--theme NAME` (else the configuration's, else the default), as
    /// the environment wants it; `--accessible`, `LISEUSE_ACCESSIBLE` or
    /// the configuration's; the rest from the configuration.
    pub fn chosen(theme: Option<&str>, accessible: bool, config: &Config) -> anyhow::Result<Look> {
        let no_color = Theme::no_color_in_env();
        let themes_dir = config.themes_dir();
        let mut problems = config.problems.clone();
        let settings = &config.settings;
        let (theme, theme_problems) = match (theme, &settings.theme) {
            (Some(name), _) => theme_file::find(name, themes_dir.as_deref(), no_color)
                .map_err(|why| anyhow::anyhow!("--theme: {why}"))?,
            (None, Some(chosen)) => {
                match theme_file::find(&chosen.value, themes_dir.as_deref(), no_color) {
                    Ok(found) => found,
                    Err(why) => {
                        problems.push(liseuse::config::Problem {
                            file: config
                                .path
                                .as_ref()
                                .map(|p| content::display_path(&p.path))
                                .unwrap_or_default(),
                            position: Some(chosen.position),
                            message: format!("`theme`: {why}"),
                        });
                        (
                            Theme::chosen("default", no_color).unwrap_or_else(Theme::plain),
                            Vec::new(),
                        )
                    }
                }
            }
            (None, None) => (
                Theme::chosen("default", no_color).unwrap_or_else(Theme::plain),
                Vec::new(),
            ),
        };
        problems.extend(theme_problems);
        let notice = Config {
            problems,
            ..Config::default()
        }
        .notice();
        let accessible = settings.accessible == Some(true)
            || liseuse::app::accessible_requested(accessible, |name| std::env::var(name).ok());
        Ok(Look {
            theme,
            accessible,
            measure: settings.measure,
            list_width: settings.list_width,
            date_format: settings.date_format.clone(),
            keys: settings.keymap(),
            hyperlinks: settings.hyperlinks != Some(false),
            notice,
        })
    }

    /// `--no-hyperlinks` given (`off`): no hyperlinks, whatever the
    /// configuration says.
    pub fn without_hyperlinks(mut self, off: bool) -> Look {
        self.hyperlinks &= !off;
        self
    }

    /// Gives `app` what was chosen besides its theme.
    fn apply(self, app: &mut liseuse::app::App) {
        if let Some(measure) = self.measure {
            app.measure = measure;
        }
        if let Some(list_width) = self.list_width {
            app.arrangement.list_width = list_width;
        }
        app.date_format = self.date_format;
        app.keys = self.keys;
        app.hyperlinks = self.hyperlinks;
        // Lays the post out again, with the measure and panes chosen.
        app.set_accessible(self.accessible);
        if let Some(notice) = self.notice {
            app.message = Some(liseuse::text::sanitize_line(&notice).into_owned());
        }
    }
}

/// How the reader starts, besides its site and post.
#[derive(Debug, Clone, Copy)]
pub struct Reading {
    pub mouse: bool,
    pub after_first_frame: AfterFirstFrame,
    pub panic_while_loading: bool,
    /// `--fresh`: the top of the list, not the last place.
    pub fresh: bool,
    /// `--lang` on the command line (not from the configuration): the
    /// last place is come back to only in that language.
    pub lang_asked: bool,
    /// `--no-state`.
    pub remember: bool,
    /// `--stale-days`.
    pub stale_days: i64,
    /// Not `--no-watch` (nor `watch = false`).
    pub watch: bool,
    /// `--background-search-from`.
    pub background_search_from: Option<usize>,
}

/// The watch on the site's files, unless `--no-watch`: the embedded
/// sample never changes. A watch that cannot start at all is said on
/// standard error and the reader goes on without it (`R` still works).
fn watch_site(source: &Source, how: Reading) -> Option<liseuse::watch::SiteWatch> {
    let root = match source {
        Source::Directory(path) | Source::File(path) => path,
        Source::Embedded(_) => return None,
    };
    if !how.watch || how.after_first_frame != AfterFirstFrame::Continue {
        return None;
    }
    let mode = liseuse::watch::Mode::from_env();
    match liseuse::watch::SiteWatch::start(root, mode, liseuse::watch::Timing::default()) {
        Ok(watch) => Some(watch),
        Err(reason) => {
            eprintln!(
                "liseuse: {}: not following the site's files: {}",
                content::display_path(root),
                liseuse::text::sanitize_line(&reason)
            );
            None
        }
    }
}

/// The reader on the site in `dir`, open at `target` if given. Outside a
/// terminal (a pipe, a script) it prints instead: the post, or the list.
pub fn read(
    dir: Option<&Path>,
    target: Option<&str>,
    lang: Option<&str>,
    how: Reading,
    look: Look,
) -> anyhow::Result<Outcome> {
    let Reading {
        after_first_frame, ..
    } = how;
    let source = match dir {
        Some(dir) => {
            Source::from_path(dir).map_err(|error| content::load::LoadError::open(dir, &error))?
        }
        None => Source::sample(),
    };
    let mut interactive = io::stdout().is_terminal() && io::stdin().is_terminal();
    if interactive {
        if let Some(why) = liseuse::terminal::cannot_address_cursor(|name| std::env::var(name).ok())
        {
            eprintln!("liseuse: {why}; printing instead of opening the reader");
            interactive = false;
        }
    }
    if interactive && target.is_none() {
        return read_while_loading(source, lang, how, look);
    }
    let site = content::load(&source);
    let lang = site_language(&site, lang)?;
    let locale = || liseuse::app::locale_language(|name| std::env::var(name).ok());
    // A slug many languages share opens in the one the reader reads in.
    let reading = lang.clone().or_else(locale);
    let start = match target {
        Some(target) => match site.find_target(target, reading.as_ref()) {
            Some(found) => Some(found),
            None => {
                eprintln!("liseuse: {}", cli::no_such_post(&site, target));
                return Ok(Outcome::Problems);
            }
        },
        None => None,
    };
    if !interactive {
        let stdout = io::stdout();
        let mut out = BufWriter::new(stdout.lock());
        let outcome = match &start {
            Some(found) => cli::show(
                &site,
                &site.posts[found.id].display_path(),
                None,
                80,
                cli::Output::PLAIN,
                &mut out,
                &mut io::stderr(),
            )?,
            None => {
                cli::list(&site, None, &cli::ListFormat::Text, None, &mut out)?;
                Outcome::Ok
            }
        };
        out.flush()?;
        return Ok(outcome);
    }
    let lang = lang
        .or_else(|| {
            start
                .as_ref()
                .map(|found| site.posts[found.id].lang.clone())
        })
        .or_else(locale);
    let size = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
    let app = kept_until_exit(liseuse::app::App::new(site, lang, size, look.theme.clone()));
    let (remembering, watch) = set_up(app, look, how, source, Start::Elsewhere);
    if let Some(found) = start {
        app.start_at_heading(found.id, found.fragment.as_deref());
    }
    liseuse::terminal::run(app, after_first_frame, None, remembering, watch)?;
    Ok(Outcome::Ok)
}

/// The state of the site read from `source`, read in the background, and
/// where the reader starts once it is there (`start` when a post was asked
/// for, else the last place unless `--fresh`); `None` with `--no-state`
/// or when there is nowhere to keep it.
fn remembered(
    source: &Source,
    how: Reading,
    start: Start,
) -> Option<liseuse::terminal::saving::Remembering> {
    if !how.remember {
        return None;
    }
    let start = if how.fresh { Start::Elsewhere } else { start };
    liseuse::terminal::saving::Remembering::read(source, start)
}

/// The reader on a site read in the background: the first frame comes
/// before the posts, which join the list as they are read.
fn read_while_loading(
    source: Source,
    lang: Option<&str>,
    how: Reading,
    look: Look,
) -> anyhow::Result<Outcome> {
    let Reading {
        after_first_frame,
        panic_while_loading,
        ..
    } = how;
    use liseuse::content::load::{Progress, load_in_batches};
    let (sender, receiver) = std::sync::mpsc::channel();
    let loader_source = source.clone();
    let thread = liseuse::threads::spawn(move || {
        // A reader that quit early stops listening: then nothing is left to do.
        let mut listening = true;
        liseuse::threads::parallel(|| {
            load_in_batches(&loader_source, |progress| {
                let posts = matches!(progress, Progress::Posts { .. });
                if listening {
                    listening = sender.send(progress).is_ok();
                }
                if posts && panic_while_loading {
                    panic!("--panic-while-loading: a panic, on request");
                }
            })
        });
    });
    let Ok(Progress::Started(site)) = receiver.recv() else {
        anyhow::bail!("{}: the site could not be read", source.describe());
    };
    // Only the configured languages are known yet: a site that names none
    // takes the tag as it is.
    let lang = match lang {
        Some(tag) if site.languages.is_empty() => Some(Lang::new(tag)),
        tag => site_language(&site, tag)?,
    };
    let lang = lang.or_else(|| liseuse::app::locale_language(|name| std::env::var(name).ok()));
    let size = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
    let app = kept_until_exit(liseuse::app::App::loading(
        *site,
        lang,
        size,
        look.theme.clone(),
    ));
    let (remembering, watch) = set_up(app, look, how, source, Start::LastPlace);
    let loader = liseuse::terminal::Loader {
        progress: receiver,
        thread,
    };
    liseuse::terminal::run(app, after_first_frame, Some(loader), remembering, watch)?;
    Ok(Outcome::Ok)
}

/// What both ways of starting the reader set on its `app`: the look and
/// the choices of `how`, then the state remembered of `source` (read to
/// start as `start` says) and the watch on its files, which it gives back.
fn set_up(
    app: &mut liseuse::app::App,
    look: Look,
    how: Reading,
    source: Source,
    start: Start,
) -> (
    Option<liseuse::terminal::saving::Remembering>,
    Option<liseuse::watch::SiteWatch>,
) {
    look.apply(app);
    app.mouse = how.mouse;
    if let Some(posts) = how.background_search_from {
        app.search.background_from = posts;
    }
    app.graphical = liseuse::terminal::graphical_session(|name| std::env::var(name).ok());
    app.lang_asked = how.lang_asked;
    let remembering = remembered(&source, how, start);
    let watch = watch_site(&source, how);
    app.source = Some(source);
    app.date_translations(how.stale_days);
    (remembering, watch)
}
