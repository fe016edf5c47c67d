//! The `liseuse` command: argument parsing and exit codes.

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

mod manual;

use clap::{CommandFactory, Parser, Subcommand};
use liseuse::cli::{self, Outcome};
use liseuse::config::{Config, theme_file};
use liseuse::content::{self, Lang, Site, Source};
use liseuse::terminal::AfterFirstFrame;
use liseuse::theme::Theme;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Read bilingual website content (Hugo, Jekyll, Eleventy) in the terminal.
///
/// With no DIR, liseuse reads its embedded sample site.
#[derive(Debug, Parser)]
#[command(
    name = "liseuse",
    version = env!("LISEUSE_VERSION"),
    args_conflicts_with_subcommands = true
)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,

    /// The site directory (or a single post file).
    dir: Option<PathBuf>,

    /// A post to open at once: its path, a site URL or a slug, with an
    /// optional `#heading` (DIR and TARGET may come in either order).
    target: Option<String>,

    /// The language to read first, a BCP 47 tag (`fr`, `fr-CA`, `zh-Hant`;
    /// default: the last post read's, else the locale's, else the site's).
    #[arg(long)]
    lang: Option<String>,

    /// Do not capture the mouse (keeps the terminal's own text selection).
    #[arg(long)]
    no_mouse: bool,

    /// Write links as text only, not as terminal hyperlinks (OSC 8), in
    /// the reader and in `show --color always` (also `hyperlinks = false`
    /// in the configuration).
    #[arg(long, global = true)]
    no_hyperlinks: bool,

    /// Start at the top of the list, not at the last post read.
    #[arg(long)]
    fresh: bool,

    /// Read and write no state: no last place, read marks or bookmarks.
    #[arg(long)]
    no_state: bool,

    /// Do not follow the site's files on disk (`R` still reads them
    /// again).
    #[arg(long)]
    no_watch: bool,

    /// The reader's colours and attributes, in 16 colours: `default`,
    /// `light` for a light background, `high-contrast` (the terminal's own
    /// colours with bold, reverse and underline only), `mono`, or a theme
    /// file `themes/NAME.toml` beside the configuration; `NO_COLOR` keeps
    /// the attributes only.
    #[arg(long, value_name = "NAME")]
    theme: Option<String>,

    /// The configuration file (default:
    /// `$XDG_CONFIG_HOME/liseuse/config.toml`; also `LISEUSE_CONFIG`).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,

    /// A linear interface for screen readers and braille displays: one
    /// pane at a time, no drawing characters, the cursor shown on the
    /// focus, list rows and status changes as sentences (also
    /// `LISEUSE_ACCESSIBLE=1`).
    #[arg(long)]
    accessible: bool,

    /// Days a translation may fall behind its original before it is
    /// marked as possibly out of date.
    #[arg(long, value_name = "N", default_value_t = content::freshness::DEFAULT_STALE_DAYS,
          value_parser = clap::value_parser!(i64).range(0..=36_500))]
    stale_days: i64,

    /// Print the manual (`man`, `man-fr`) or a shell's completions
    /// (`complete-bash`, `complete-zsh`, `complete-fish`,
    /// `complete-powershell`, `complete-elvish`), then exit.
    #[arg(long, value_enum, value_name = "WHAT", conflicts_with_all = ["dir", "target"])]
    generate: Option<manual::Generate>,

    /// Quit as soon as the first frame is drawn (to measure start-up).
    #[arg(long, hide = true)]
    exit_after_first_frame: bool,

    /// Panic once the first frame is drawn (to test that the terminal is
    /// restored all the same).
    #[arg(long, hide = true, conflicts_with = "exit_after_first_frame")]
    panic_after_first_frame: bool,

    /// Make the background loader panic after its first posts (to test
    /// that the reader goes on with them and says why the rest is missing).
    #[arg(long, hide = true)]
    panic_while_loading: bool,

    /// Run the site search in the background from this many indexed
    /// posts (to test on a small site what a large one does).
    #[arg(long, hide = true, value_name = "POSTS")]
    background_search_from: Option<usize>,

    /// Ask for BYTES of memory at once after the first frame (to test that
    /// an allocation failure under a memory limit gives the terminal back).
    #[arg(long, hide = true, value_name = "BYTES", conflicts_with_all = ["exit_after_first_frame", "panic_after_first_frame"])]
    allocate_after_first_frame: Option<usize>,

    /// Quit once every post is loaded (to measure the reader's full load).
    #[arg(long, hide = true, conflicts_with_all = ["exit_after_first_frame", "panic_after_first_frame"])]
    exit_when_loaded: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List the posts, newest first.
    List {
        /// The site directory (default: the embedded sample).
        dir: Option<PathBuf>,
        /// Only posts in this language, a BCP 47 tag (`en`, `fr-CA`…).
        #[arg(long)]
        lang: Option<String>,
        /// Print one JSON array.
        #[arg(long, conflicts_with = "format")]
        json: bool,
        /// Print a line per post from a template: `{path}`, `{lang}`,
        /// `{title}`, `{date}`, `{url}`, `{address}`, `{translations}`;
        /// `\t` and `\n` are a tab and a line break, `{{` a brace.
        #[arg(long, value_name = "TEMPLATE")]
        format: Option<String>,
        /// Read no state: `read` and `bookmarked` (--json) are false.
        #[arg(long)]
        no_state: bool,
    },
    /// Report the layout, languages, translations, skipped files, warnings
    /// and links. Exit 1 when a file could not be used.
    Check {
        /// The site directory (default: the embedded sample).
        dir: Option<PathBuf>,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
        /// Exit 1 on any warning or stale translation too.
        #[arg(long)]
        strict: bool,
        /// Days a translation may fall behind its original before it is
        /// listed as stale.
        #[arg(long, value_name = "N", default_value_t = content::freshness::DEFAULT_STALE_DAYS,
              value_parser = clap::value_parser!(i64).range(0..=36_500))]
        stale_days: i64,
    },
    /// Print one post, rendered: Markdown, HTML, shortcodes and links.
    Show {
        /// The post: its path, a site URL, or a slug (with --all: none);
        /// `-` reads one post from standard input. TARGET and DIR may come
        /// in either order.
        #[arg(required_unless_present = "all")]
        target: Option<String>,
        /// Print every post of the site, newest first (`show --all DIR`).
        #[arg(long)]
        all: bool,
        /// The site directory (default: the embedded sample).
        dir: Option<PathBuf>,
        /// With --all, only posts in this language; else the language a
        /// slug or URL many languages share is taken in. A BCP 47 tag.
        #[arg(long)]
        lang: Option<String>,
        /// Columns to fit (default: the terminal's width, else 80).
        #[arg(long)]
        width: Option<u16>,
        /// Styles: `auto` when printing to a terminal and `NO_COLOR` is unset.
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
    },
    /// Open the reader on one post: its path, a site URL or a slug, with
    /// an optional `#heading`. TARGET and DIR may come in either order.
    Open {
        target: String,
        /// The site directory (default: the embedded sample).
        dir: Option<PathBuf>,
        /// The language to read in, a BCP 47 tag (default: the locale's).
        #[arg(long)]
        lang: Option<String>,
        /// Do not capture the mouse (keeps the terminal's own text selection).
        #[arg(long)]
        no_mouse: bool,
        /// Read and write no state: no read marks or bookmarks.
        #[arg(long)]
        no_state: bool,
        /// Do not follow the site's files on disk.
        #[arg(long)]
        no_watch: bool,
        /// The reader's colours and attributes (`high-contrast`: the
        /// terminal's own colours, bold, reverse and underline only), or a
        /// theme file's name.
        #[arg(long, value_name = "NAME")]
        theme: Option<String>,
        /// The configuration file (default:
        /// `$XDG_CONFIG_HOME/liseuse/config.toml`; also `LISEUSE_CONFIG`).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// A linear interface for screen readers and braille displays
        /// (also `LISEUSE_ACCESSIBLE=1`).
        #[arg(long)]
        accessible: bool,
        /// Days a translation may fall behind its original before it is
        /// marked as possibly out of date.
        #[arg(long, value_name = "N", default_value_t = content::freshness::DEFAULT_STALE_DAYS,
              value_parser = clap::value_parser!(i64).range(0..=36_500))]
        stale_days: i64,
    },
    /// Search the titles and text of every post: all the words must occur,
    /// "quoted phrases" in a row; case and accents do not matter. Best
    /// matches first. Exit 1 when nothing matches.
    Search {
        /// Words and "quoted phrases" (quote the whole query for the shell).
        query: String,
        /// The site directory (default: the embedded sample).
        dir: Option<PathBuf>,
        /// Only posts in this language, a BCP 47 tag (`en`, `fr-CA`…).
        #[arg(long)]
        lang: Option<String>,
        /// Print one JSON array; `highlights` are byte ranges in `snippet`.
        #[arg(long)]
        json: bool,
        /// Show at most this many posts.
        #[arg(long, default_value_t = liseuse::search::site::DEFAULT_LIMIT)]
        limit: usize,
    },
    /// Print the local post a site URL points to, in the language the URL
    /// names (its host, a `/fr/` prefix, else the one at the root). Exit 1
    /// when there is none, naming the languages that have the page.
    Resolve {
        /// An absolute URL on one of the site's hosts, or a root-relative path.
        url: String,
        /// The site directory (default: the embedded sample).
        dir: Option<PathBuf>,
        /// The language that wins a tie after the site's default, a BCP 47 tag.
        #[arg(long)]
        lang: Option<String>,
    },
    /// Print the paths of the configuration, themes and state, and the
    /// settings in force; with an option, check, seed or list instead.
    Config {
        /// The configuration file (default:
        /// `$XDG_CONFIG_HOME/liseuse/config.toml`; also `LISEUSE_CONFIG`).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Check the configuration and every theme file: each problem on
        /// standard error as FILE:LINE:COLUMN; exit 1 on any.
        #[arg(long, conflicts_with_all = ["seed", "actions"])]
        check: bool,
        /// Write a commented configuration file with every setting at its
        /// default; an existing file is never overwritten.
        #[arg(long, conflicts_with = "actions")]
        seed: bool,
        /// List the actions `[keys]` can bind, with their default keys.
        #[arg(long)]
        actions: bool,
    },
    /// Serve the reader over SSH: each client that connects (`ssh -p 2222
    /// host`) gets its own reader over one loaded site. Stops on SIGTERM or
    /// SIGINT; reads the site again on SIGHUP and when its files change.
    Serve {
        /// The site directory (default: the embedded sample).
        dir: Option<PathBuf>,
        /// The address and port to listen on.
        #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:2222")]
        listen: String,
        /// The public keys let in, in OpenSSH's format (default:
        /// `~/.ssh/authorized_keys` of the user running the server).
        #[arg(long, value_name = "FILE")]
        authorized_keys: Option<PathBuf>,
        /// The server's ed25519 key, made on first start (default:
        /// `host_ed25519` in liseuse's state directory).
        #[arg(long, value_name = "FILE")]
        host_key: Option<PathBuf>,
        /// Let anyone in, with no key at all.
        #[arg(long)]
        anonymous: bool,
        /// Readers at once; the next client is told the server is full.
        #[arg(long, value_name = "N", default_value_t = 64,
              value_parser = clap::value_parser!(u32).range(1..=10_000))]
        max_sessions: u32,
        /// Minutes a client may stay silent before it is disconnected.
        #[arg(long, value_name = "MINUTES", default_value_t = 30,
              value_parser = clap::value_parser!(u32).range(1..=10_080))]
        idle_timeout: u32,
        /// Do not follow the site's files on disk (SIGHUP and `R` still
        /// read them again for every session).
        #[arg(long)]
        no_watch: bool,
        /// Days a translation may fall behind its original before it is
        /// marked as possibly out of date.
        #[arg(long, value_name = "N", default_value_t = content::freshness::DEFAULT_STALE_DAYS,
              value_parser = clap::value_parser!(i64).range(0..=36_500))]
        stale_days: i64,
    },
}

/// How the reader shows itself and answers: what the command line and
/// the configuration chose, the command line first.
struct Look {
    theme: Theme,
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
    fn chosen(theme: Option<&str>, accessible: bool, config: &Config) -> anyhow::Result<Look> {
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
    fn without_hyperlinks(mut self, off: bool) -> Look {
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

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

/// The reader on the site in `dir`, open at `target` if given. Outside a
/// terminal (a pipe, a script) it prints instead: the post, or the list.
/// How the reader starts, besides its site and post.
#[derive(Debug, Clone, Copy)]
struct Reading {
    mouse: bool,
    after_first_frame: AfterFirstFrame,
    panic_while_loading: bool,
    /// `--fresh`: the top of the list, not the last place.
    fresh: bool,
    /// `--lang` on the command line (not from the configuration): the
    /// last place is come back to only in that language.
    lang_asked: bool,
    /// `--no-state`.
    remember: bool,
    /// `--stale-days`.
    stale_days: i64,
    /// Not `--no-watch` (nor `watch = false`).
    watch: bool,
    /// `--background-search-from`.
    background_search_from: Option<usize>,
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

fn read(
    dir: Option<&Path>,
    target: Option<&str>,
    lang: Option<&str>,
    how: Reading,
    look: Look,
) -> anyhow::Result<Outcome> {
    let Reading {
        mouse,
        after_first_frame,
        ..
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
    look.apply(app);
    app.mouse = mouse;
    if let Some(posts) = how.background_search_from {
        app.search.background_from = posts;
    }
    app.graphical = liseuse::terminal::graphical_session(|name| std::env::var(name).ok());
    let remembering = remembered(&source, how, liseuse::app::memory::Start::Elsewhere);
    let watch = watch_site(&source, how);
    app.source = Some(source);
    app.date_translations(how.stale_days);
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
    start: liseuse::app::memory::Start,
) -> Option<liseuse::terminal::saving::Remembering> {
    use liseuse::app::memory::Start;
    if !how.remember {
        return None;
    }
    let start = if how.fresh { Start::Elsewhere } else { start };
    liseuse::terminal::saving::Remembering::read(source, start)
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

/// The reader on a site read in the background: the first frame comes
/// before the posts, which join the list as they are read.
fn read_while_loading(
    source: Source,
    lang: Option<&str>,
    how: Reading,
    look: Look,
) -> anyhow::Result<Outcome> {
    let Reading {
        mouse,
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
    look.apply(app);
    app.mouse = mouse;
    if let Some(posts) = how.background_search_from {
        app.search.background_from = posts;
    }
    app.graphical = liseuse::terminal::graphical_session(|name| std::env::var(name).ok());
    let remembering = remembered(&source, how, liseuse::app::memory::Start::LastPlace);
    let watch = watch_site(&source, how);
    app.lang_asked = how.lang_asked;
    app.source = Some(source);
    app.date_translations(how.stale_days);
    let loader = liseuse::terminal::Loader {
        progress: receiver,
        thread,
    };
    liseuse::terminal::run(app, after_first_frame, Some(loader), remembering, watch)?;
    Ok(Outcome::Ok)
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
