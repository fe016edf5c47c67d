//! The `liseuse` command: `main`, the commands dispatched, exit codes.
//! Its command line is in `args.rs`, the reader's start in `reader_start.rs`.

/// Loading and rendering make many small strings: with the system
/// allocator a fifth of the time of rendering every post went to `malloc`
/// and `free`. Transparent huge pages are off for mimalloc's arenas
/// (`no_thp`): with them a small site's resident memory more than doubles.
/// Its v2 line starts in less time than v3, whose arena set-up alone cost
/// `show` of one post a fifth of its time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its place in `mi_option_e`,
/// which libmimalloc-sys names only for the options it documents).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Makes mimalloc give memory back to the system as soon as it is free,
/// rather than 10 ms later on the thread's next allocation. `liseuse serve`
/// holds a whole site and its search index for as long as it runs: the
/// threads that read and index it then sleep, and the memory they freed
/// (65 MB at 100,000 posts, a merge's inputs and every post's text read
/// for words) stayed resident with them. The local reader keeps the
/// default: it answers keys, and gives its memory back when it exits.
fn return_freed_memory_at_once() {
    // SAFETY: mimalloc's options are not thread safe to set; this runs
    // before the server starts any thread, and mimalloc reads the option
    // at each purge.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
}

mod args;
mod manual;
mod reader_start;

use args::{Args, ColorChoice, Command};
use clap::{CommandFactory, Parser};
use liseuse::cli::{self, Outcome};
use liseuse::config::Config;
use liseuse::content::{self, Lang, Site, Source};
use liseuse::terminal::AfterFirstFrame;
use reader_start::{Look, Reading, read};
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = Args::parse();
    if let Some(what) = args.generate {
        return manual::print(what, Args::command());
    }
    if standard_output_is_closed() {
        eprintln!("liseuse: standard output is closed: nowhere to write");
        return ExitCode::from(2);
    }
    let outcome = run(args);
    // A reader ended by a signal says so, as a shell expects: 128 + its
    // number (the terminal was given back before).
    if let Some(signal) = liseuse::terminal::ended_by_signal() {
        return ExitCode::from(128u8.saturating_add(signal));
    }
    match outcome {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Problems) => ExitCode::from(1),
        // `liseuse list | head` closes the pipe early: that is not an error.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("liseuse: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// Whether descriptor 1 was closed when the process started (`liseuse
/// list >&-`). Rust's runtime puts `/dev/null` in its place before `main`,
/// so a command would end with 0 having written nothing: it is looked at
/// earlier, by a constructor the C runtime calls before Rust's own start.
/// A pipe closed by its reader (`| head`) is another matter: an error on
/// write, and quiet.
#[cfg(target_os = "linux")]
fn standard_output_is_closed() -> bool {
    CLOSED_AT_START.load(std::sync::atomic::Ordering::Relaxed)
}

#[cfg(target_os = "linux")]
static CLOSED_AT_START: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static LOOK_AT_STANDARD_OUTPUT: extern "C" fn() = look_at_standard_output;

#[cfg(target_os = "linux")]
extern "C" fn look_at_standard_output() {
    // SAFETY: F_GETFD only reads the flags of descriptor 1, if it exists.
    let flags = unsafe { libc::fcntl(libc::STDOUT_FILENO, libc::F_GETFD) };
    if flags == -1 && io::Error::last_os_error().raw_os_error() == Some(libc::EBADF) {
        CLOSED_AT_START.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

#[cfg(not(target_os = "linux"))]
fn standard_output_is_closed() -> bool {
    false
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .downcast_ref::<io::Error>()
        .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
}

/// The site of a command given no directory: the configuration's
/// `site`, if it sets one (else the embedded sample).
fn or_configured_site(dir: Option<PathBuf>) -> anyhow::Result<Option<PathBuf>> {
    match dir {
        Some(dir) => Ok(Some(dir)),
        None => configured_site(&Config::load(None)),
    }
}

/// The configuration's `site`, which must be a directory: an error says
/// where it was set, since no DIR was typed.
fn configured_site(config: &Config) -> anyhow::Result<Option<PathBuf>> {
    let Some(site) = &config.settings.site else {
        return Ok(None);
    };
    if !site.is_dir() {
        let file = config
            .path
            .as_ref()
            .map(|p| content::display_path(&p.path))
            .unwrap_or_default();
        anyhow::bail!(
            "{}: no such directory (the `site` of {file})",
            liseuse::text::sanitize_line(&content::display_path(site))
        );
    }
    Ok(Some(site.clone()))
}

fn load(dir: Option<&Path>) -> anyhow::Result<&'static Site> {
    Ok(kept_until_exit(match dir {
        Some(dir) => content::load::load_path(dir)?,
        None => content::load(&Source::sample()),
    }))
}

/// What the process holds until it ends: given back to the system all at
/// once when it does, rather than freed piece by piece first (a site of
/// 100,000 posts takes a fifth of a second to free, for nothing).
fn kept_until_exit<T>(value: T) -> &'static mut T {
    Box::leak(Box::new(value))
}

fn terminal_width() -> Option<u16> {
    ratatui::crossterm::terminal::size()
        .ok()
        .map(|(columns, _)| columns)
}

/// What `list` reports as read and bookmarked: the site's state, unless
/// `--no-state`; read only, never written.
fn list_state(source: &Source, no_state: bool) -> Option<liseuse::state::SiteState> {
    if no_state {
        return None;
    }
    let mut store = liseuse::state::store::Store::for_source(source)?;
    let loaded = store.load();
    if let Some(notice) = loaded.notice {
        eprintln!("liseuse: {notice}");
    }
    Some(loaded.state)
}

/// The site's language `--lang` names (a BCP 47 tag, case aside), or a
/// usage error that lists the site's languages.
fn site_language(site: &Site, tag: Option<&str>) -> anyhow::Result<Option<Lang>> {
    let Some(tag) = tag else {
        return Ok(None);
    };
    match site.match_language(tag) {
        Some(lang) => Ok(Some(lang)),
        None => anyhow::bail!("{}", cli::unknown_language(site, tag)),
    }
}

/// Two positional arguments, a post and a site, in either order: when
/// exactly one of them is a directory, that one is the site. When neither
/// is and the site given does not exist, the error says what was expected.
fn post_and_site(
    target: String,
    dir: Option<PathBuf>,
) -> anyhow::Result<(String, Option<PathBuf>)> {
    let Some(dir) = dir else {
        return Ok((target, None));
    };
    if Path::new(&target).is_dir() && !dir.is_dir() {
        return Ok((
            dir.to_string_lossy().into_owned(),
            Some(PathBuf::from(target)),
        ));
    }
    if !dir.exists() && !Path::new(&target).is_dir() {
        anyhow::bail!(
            "{}: no such file or directory (give a post and the site's directory, in either order)",
            liseuse::text::sanitize_line(&content::display_path(&dir))
        );
    }
    Ok((target, Some(dir)))
}

/// Reads all of standard input (`show -`).
fn read_standard_input() -> anyhow::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .map_err(|error| anyhow::anyhow!("standard input: {}", content::load::io_reason(&error)))?;
    Ok(bytes)
}

fn run(args: Args) -> anyhow::Result<Outcome> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let outcome = match args.command {
        None => {
            drop(out);
            let config = Config::load(args.config.as_deref());
            // `liseuse TARGET DIR` as well as `liseuse DIR TARGET`.
            let (dir, target) = match (args.dir, args.target) {
                (Some(dir), Some(target)) => {
                    let (target, dir) = post_and_site(target, Some(dir))?;
                    (dir, Some(target))
                }
                (None, target) => (configured_site(&config)?, target),
                (dir, target) => (dir, target),
            };
            let lang_asked = args.lang.is_some();
            let lang = args.lang.or_else(|| config.settings.lang.clone());
            return read(
                dir.as_deref(),
                target.as_deref(),
                lang.as_deref(),
                Reading {
                    mouse: !args.no_mouse && config.settings.mouse != Some(false),
                    after_first_frame: if let Some(bytes) = args.allocate_after_first_frame {
                        AfterFirstFrame::Allocate(bytes)
                    } else if args.panic_after_first_frame {
                        AfterFirstFrame::Panic
                    } else if args.exit_after_first_frame {
                        AfterFirstFrame::Exit
                    } else if args.exit_when_loaded {
                        AfterFirstFrame::ExitWhenLoaded
                    } else {
                        AfterFirstFrame::Continue
                    },
                    panic_while_loading: args.panic_while_loading,
                    background_search_from: args.background_search_from,
                    fresh: args.fresh,
                    lang_asked,
                    remember: !args.no_state,
                    stale_days: args.stale_days,
                    watch: !args.no_watch && config.settings.watch != Some(false),
                },
                Look::chosen(args.theme.as_deref(), args.accessible, &config)?
                    .without_hyperlinks(args.no_hyperlinks),
            );
        }
        Some(Command::Open {
            target,
            dir,
            lang,
            no_mouse,
            no_state,
            no_watch,
            theme,
            config,
            accessible,
            stale_days,
        }) => {
            drop(out);
            let config = Config::load(config.as_deref());
            let (target, dir) = post_and_site(target, dir)?;
            let dir = match dir {
                Some(dir) => Some(dir),
                None => configured_site(&config)?,
            };
            let lang = lang.or_else(|| config.settings.lang.clone());
            return read(
                dir.as_deref(),
                Some(&target),
                lang.as_deref(),
                Reading {
                    mouse: !no_mouse && config.settings.mouse != Some(false),
                    after_first_frame: AfterFirstFrame::Continue,
                    panic_while_loading: false,
                    fresh: false,
                    lang_asked: false,
                    remember: !no_state,
                    stale_days,
                    watch: !no_watch && config.settings.watch != Some(false),
                    background_search_from: args.background_search_from,
                },
                Look::chosen(theme.as_deref(), accessible, &config)?
                    .without_hyperlinks(args.no_hyperlinks),
            );
        }
        Some(Command::List {
            dir,
            lang,
            json,
            format,
            no_state,
        }) => {
            // A bad template is a usage error before any work.
            let format = match format {
                Some(template) => cli::ListFormat::Template(template.parse()?),
                None if json => cli::ListFormat::Json,
                None => cli::ListFormat::Text,
            };
            let dir = or_configured_site(dir)?;
            let site = load(dir.as_deref())?;
            let lang = site_language(site, lang.as_deref())?;
            // Only `--json` says what was read: the state is not read
            // for the other forms.
            let state = match (&format, &dir) {
                (cli::ListFormat::Json, Some(dir)) => Source::from_path(dir)
                    .ok()
                    .and_then(|source| list_state(&source, no_state)),
                (cli::ListFormat::Json, None) => list_state(&Source::sample(), no_state),
                _ => None,
            };
            cli::list(site, lang.as_ref(), &format, state.as_ref(), &mut out)?;
            Outcome::Ok
        }
        Some(Command::Check {
            dir,
            json,
            strict,
            stale_days,
        }) => {
            let dir = or_configured_site(dir)?;
            let site = kept_until_exit(match dir.as_deref() {
                Some(dir) => content::load::load_path(dir)?,
                None => content::load(&Source::sample()),
            });
            // Read again for its kind (the loading said any error already).
            let source = match dir.as_deref() {
                Some(dir) => Source::from_path(dir).ok(),
                None => None,
            };
            let dates = match source {
                Some(source) => content::freshness::ChangeDates::gather(
                    site,
                    &source,
                    stale_days,
                    content::history::Budget::default(),
                ),
                None => content::freshness::ChangeDates::unknown(stale_days),
            };
            site.dates = std::sync::Arc::new(dates);
            let site: &Site = site;
            cli::check(site, json, strict, &mut out, &mut io::stderr())?
        }
        Some(Command::Show {
            target,
            all,
            dir,
            lang,
            width,
            color,
        }) => {
            // With --all the one positional argument is the site.
            let (target, dir) = match (all, target, dir) {
                (true, Some(site), None) => (None, Some(PathBuf::from(site))),
                (false, Some(target), dir) => {
                    let (target, dir) = post_and_site(target, dir)?;
                    (Some(target), dir)
                }
                (_, target, dir) => (target, dir),
            };
            let stdin = target.as_deref() == Some("-");
            // A file named alone is shown alone, whatever the configuration.
            let dir = match &target {
                Some(file) if dir.is_none() && !all && (stdin || Path::new(file).is_file()) => None,
                _ => or_configured_site(dir)?,
            };
            if stdin && dir.is_some() {
                anyhow::bail!("show -: a post from standard input is shown alone, without DIR");
            }
            // A file of a site on disk is shown without loading the rest.
            let single_file = match (&target, &dir, all) {
                (Some(target), Some(dir), false) => [dir.join(target), PathBuf::from(target)]
                    .into_iter()
                    .find(|path| path.is_file()),
                _ => None,
            };
            // `show post.md` with no site: the file alone.
            let lone_file = match (&target, &dir, all) {
                (Some(target), None, false) if !stdin => {
                    Some(PathBuf::from(target)).filter(|p| p.is_file())
                }
                _ => None,
            };
            let site: &Site = match (&single_file, &dir, &lone_file) {
                _ if stdin => kept_until_exit(content::load::load_text(
                    Path::new("-"),
                    read_standard_input()?,
                )),
                (Some(file), Some(dir), _) => kept_until_exit(content::load::load_one(dir, file)?),
                (_, _, Some(file)) => kept_until_exit(content::load::load_path(file)?),
                _ => load(dir.as_deref())?,
            };
            let single_file = single_file
                .or(lone_file)
                .or_else(|| stdin.then(|| PathBuf::from("standard input")));
            if let (Some(file), Some(skipped)) = (&single_file, site.skipped.first()) {
                anyhow::bail!("{}: {}", content::display_path(file), skipped.reason);
            }
            let lang = site_language(site, lang.as_deref())?;
            let target = match &single_file {
                Some(_) => site.posts.first().map(|p| p.display_path()),
                None => target,
            };
            let terminal = io::stdout().is_terminal();
            let width = width
                .or_else(|| terminal.then(terminal_width).flatten())
                .unwrap_or(80);
            let color = match color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                }
            };
            // The configuration is read only when it can matter.
            let config = color.then(|| Config::load(args.config.as_deref()));
            let hyperlinks = config.as_ref().is_some_and(|config| {
                !args.no_hyperlinks && config.settings.hyperlinks != Some(false)
            });
            // The reader's theme, code colours included (`theme = "NAME"`,
            // a theme file).
            let theme = match &config {
                Some(config) => Some(Look::chosen(args.theme.as_deref(), false, config)?.theme),
                None => None,
            };
            let output = cli::Output {
                color,
                hyperlinks,
                theme,
            };
            if all {
                cli::show_all(site, lang.as_ref(), width, output, &mut out)?
            } else {
                let target = target.unwrap_or_default();
                cli::show(
                    site,
                    &target,
                    lang.as_ref(),
                    width,
                    output,
                    &mut out,
                    &mut io::stderr(),
                )?
            }
        }
        Some(Command::Search {
            query,
            dir,
            lang,
            json,
            limit,
        }) => {
            let dir = or_configured_site(dir)?;
            let site = load(dir.as_deref())?;
            let lang = site_language(site, lang.as_deref())?;
            cli::search(
                site,
                &query,
                lang.as_ref(),
                json,
                limit,
                &mut out,
                &mut io::stderr(),
            )?
        }
        Some(Command::Serve {
            dir,
            listen,
            authorized_keys,
            host_key,
            anonymous,
            max_sessions,
            idle_timeout,
            no_watch,
            stale_days,
        }) => {
            drop(out);
            let dir = or_configured_site(dir)?;
            let source = match &dir {
                Some(dir) => Source::from_path(dir)
                    .map_err(|error| content::load::LoadError::open(dir, &error))?,
                None => Source::sample(),
            };
            let home = || std::env::var_os("HOME").map(PathBuf::from);
            let authorized_keys = match (authorized_keys, anonymous) {
                (Some(file), _) => Some(file),
                (None, true) => None,
                (None, false) => Some(
                    home()
                        .map(|home| home.join(".ssh/authorized_keys"))
                        .ok_or_else(|| {
                            anyhow::anyhow!("HOME is not set: give --authorized-keys FILE")
                        })?,
                ),
            };
            let host_key = match host_key {
                Some(file) => file,
                None => liseuse::serve::default_host_key(|name| std::env::var_os(name))
                    .ok_or_else(|| {
                        anyhow::anyhow!(
                            "neither XDG_STATE_HOME nor HOME is set: give --host-key FILE"
                        )
                    })?,
            };
            return_freed_memory_at_once();
            liseuse::serve::run(liseuse::serve::Options {
                source,
                listen,
                authorized_keys,
                host_key,
                anonymous,
                max_sessions: max_sessions as usize,
                idle_timeout: std::time::Duration::from_secs(u64::from(idle_timeout) * 60),
                watch: !no_watch,
                stale_days,
            })?;
            return Ok(Outcome::Ok);
        }
        Some(Command::Config {
            config,
            check,
            seed,
            actions,
        }) => {
            let what = if actions {
                liseuse::config::command::Asked::Actions
            } else if seed {
                liseuse::config::command::Asked::Seed
            } else if check {
                liseuse::config::command::Asked::Check
            } else {
                liseuse::config::command::Asked::Settings
            };
            liseuse::config::command::run(config.as_deref(), what, &mut out, &mut io::stderr())?
        }
        Some(Command::Resolve { url, dir, lang }) => {
            let dir = or_configured_site(dir)?;
            let site = load(dir.as_deref())?;
            let lang = site_language(site, lang.as_deref())?;
            cli::resolve(site, &url, lang.as_ref(), &mut out, &mut io::stderr())?
        }
    };
    out.flush()?;
    Ok(outcome)
}
