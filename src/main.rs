//! The `liseuse` command: argument parsing and exit codes.

/// Loading and rendering make many small strings: with the system
/// allocator a fifth of the time of rendering every post went to `malloc`
/// and `free`. Transparent huge pages are off for mimalloc's arenas
/// (`no_thp`): with them a small site's resident memory more than doubles.
/// Its v2 line starts in less time than v3, whose arena set-up alone cost
/// `show` of one post a fifth of its time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};
use liseuse::cli::{self, Outcome};
use liseuse::content::{self, Lang, Site, Source};
use liseuse::terminal::AfterFirstFrame;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Read bilingual website content (Hugo, Jekyll, Eleventy) in the terminal.
///
/// With no DIR, liseuse reads its embedded sample site.
#[derive(Debug, Parser)]
#[command(name = "liseuse", version, args_conflicts_with_subcommands = true)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,

    /// The site directory (or a single post file).
    dir: Option<PathBuf>,

    /// A post to open at once: its path, a site URL or a slug.
    target: Option<String>,

    /// The language to read first (default: the locale's, else the site's).
    #[arg(long)]
    lang: Option<String>,

    /// Do not capture the mouse (keeps the terminal's own text selection).
    #[arg(long)]
    no_mouse: bool,

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
        /// Only posts in this language (`en`, `fr`…).
        #[arg(long)]
        lang: Option<String>,
        /// Print one JSON array.
        #[arg(long)]
        json: bool,
    },
    /// Report the layout, languages, translations, skipped files, warnings
    /// and links. Exit 1 when a file could not be used.
    Check {
        /// The site directory (default: the embedded sample).
        dir: Option<PathBuf>,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
        /// Exit 1 on any warning too.
        #[arg(long)]
        strict: bool,
    },
    /// Print one post, rendered: Markdown, HTML, shortcodes and links.
    Show {
        /// The post: its path, a site URL, or a slug (with --all: none).
        #[arg(required_unless_present = "all")]
        target: Option<String>,
        /// Print every post of the site, newest first (`show --all DIR`).
        #[arg(long)]
        all: bool,
        /// The site directory (default: the embedded sample).
        dir: Option<PathBuf>,
        /// Columns to fit (default: the terminal's width, else 80).
        #[arg(long)]
        width: Option<u16>,
        /// Styles: `auto` when printing to a terminal and `NO_COLOR` is unset.
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
    },
    /// Open the reader on one post: its path, a site URL or a slug.
    Open {
        target: String,
        /// The site directory (default: the embedded sample).
        dir: Option<PathBuf>,
        /// Do not capture the mouse (keeps the terminal's own text selection).
        #[arg(long)]
        no_mouse: bool,
    },
    /// Search the titles and text of every post: all the words must occur,
    /// "quoted phrases" in a row; case and accents do not matter. Best
    /// matches first. Exit 1 when nothing matches.
    Search {
        /// Words and "quoted phrases" (quote the whole query for the shell).
        query: String,
        /// The site directory (default: the embedded sample).
        dir: Option<PathBuf>,
        /// Only posts in this language (`en`, `fr`…).
        #[arg(long)]
        lang: Option<String>,
        /// Print one JSON array; `highlights` are byte ranges in `snippet`.
        #[arg(long)]
        json: bool,
        /// Show at most this many posts.
        #[arg(long, default_value_t = liseuse::search::site::DEFAULT_LIMIT)]
        limit: usize,
    },
    /// Print the local post a site URL points to. Exit 1 when there is none.
    Resolve {
        /// An absolute URL on one of the site's hosts, or a root-relative path.
        url: String,
        /// The site directory (default: the embedded sample).
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(args) {
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

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .downcast_ref::<io::Error>()
        .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
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
fn read(
    dir: Option<&Path>,
    target: Option<&str>,
    lang: Option<Lang>,
    mouse: bool,
    after_first_frame: AfterFirstFrame,
    panic_while_loading: bool,
) -> anyhow::Result<Outcome> {
    let source = match dir {
        Some(dir) => {
            Source::from_path(dir).map_err(|error| anyhow::anyhow!("{}: {error}", dir.display()))?
        }
        None => Source::sample(),
    };
    let interactive = io::stdout().is_terminal() && io::stdin().is_terminal();
    if interactive && target.is_none() {
        return read_while_loading(source, lang, mouse, after_first_frame, panic_while_loading);
    }
    let site = content::load(&source);
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
                80,
                false,
                &mut out,
                &mut io::stderr(),
            )?,
            None => {
                cli::list(&site, None, false, &mut out)?;
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
    let app = kept_until_exit(liseuse::app::App::new(
        site,
        lang,
        size,
        liseuse::theme::Theme::from_env(),
    ));
    app.mouse = mouse;
    app.graphical = liseuse::terminal::graphical_session(|name| std::env::var(name).ok());
    app.source = Some(source);
    if let Some(found) = start {
        app.start_at_heading(found.id, found.fragment.as_deref());
    }
    liseuse::terminal::run(app, after_first_frame, None)?;
    Ok(Outcome::Ok)
}

/// The reader on a site read in the background: the first frame comes
/// before the posts, which join the list as they are read.
fn read_while_loading(
    source: Source,
    lang: Option<Lang>,
    mouse: bool,
    after_first_frame: AfterFirstFrame,
    panic_while_loading: bool,
) -> anyhow::Result<Outcome> {
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
    let lang = lang.or_else(|| liseuse::app::locale_language(|name| std::env::var(name).ok()));
    let size = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
    let app = kept_until_exit(liseuse::app::App::loading(
        *site,
        lang,
        size,
        liseuse::theme::Theme::from_env(),
    ));
    app.mouse = mouse;
    app.graphical = liseuse::terminal::graphical_session(|name| std::env::var(name).ok());
    app.source = Some(source);
    let loader = liseuse::terminal::Loader {
        progress: receiver,
        thread,
    };
    liseuse::terminal::run(app, after_first_frame, Some(loader))?;
    Ok(Outcome::Ok)
}

fn run(args: Args) -> anyhow::Result<Outcome> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let outcome = match args.command {
        None => {
            drop(out);
            let lang = args.lang.map(|l| Lang::new(&l));
            return read(
                args.dir.as_deref(),
                args.target.as_deref(),
                lang,
                !args.no_mouse,
                if args.panic_after_first_frame {
                    AfterFirstFrame::Panic
                } else if args.exit_after_first_frame {
                    AfterFirstFrame::Exit
                } else if args.exit_when_loaded {
                    AfterFirstFrame::ExitWhenLoaded
                } else {
                    AfterFirstFrame::Continue
                },
                args.panic_while_loading,
            );
        }
        Some(Command::Open {
            target,
            dir,
            no_mouse,
        }) => {
            drop(out);
            return read(
                dir.as_deref(),
                Some(&target),
                None,
                !no_mouse,
                AfterFirstFrame::Continue,
                false,
            );
        }
        Some(Command::List { dir, lang, json }) => {
            let site = load(dir.as_deref())?;
            let lang = lang.map(|l| Lang::new(&l));
            cli::list(site, lang.as_ref(), json, &mut out)?;
            Outcome::Ok
        }
        Some(Command::Check { dir, json, strict }) => {
            let site = load(dir.as_deref())?;
            cli::check(site, json, strict, &mut out)?
        }
        Some(Command::Show {
            target,
            all,
            dir,
            width,
            color,
        }) => {
            // With --all the one positional argument is the site.
            let (target, dir) = match (all, target, dir) {
                (true, Some(site), None) => (None, Some(PathBuf::from(site))),
                (_, target, dir) => (target, dir),
            };
            // A file of a site on disk is shown without loading the rest.
            let single_file = match (&target, &dir, all) {
                (Some(target), Some(dir), false) => [dir.join(target), PathBuf::from(target)]
                    .into_iter()
                    .find(|path| path.is_file()),
                _ => None,
            };
            // `show post.md` with no site: the file alone.
            let lone_file = match (&target, &dir, all) {
                (Some(target), None, false) => Some(PathBuf::from(target)).filter(|p| p.is_file()),
                _ => None,
            };
            let site: &Site = match (&single_file, &dir, &lone_file) {
                (Some(file), Some(dir), _) => kept_until_exit(content::load::load_one(dir, file)?),
                (_, _, Some(file)) => kept_until_exit(content::load::load_path(file)?),
                _ => load(dir.as_deref())?,
            };
            let single_file = single_file.or(lone_file);
            if let (Some(file), Some(skipped)) = (&single_file, site.skipped.first()) {
                anyhow::bail!("{}: {}", file.display(), skipped.reason);
            }
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
            if all {
                cli::show_all(site, width, color, &mut out)?
            } else {
                let target = target.unwrap_or_default();
                cli::show(site, &target, width, color, &mut out, &mut io::stderr())?
            }
        }
        Some(Command::Search {
            query,
            dir,
            lang,
            json,
            limit,
        }) => {
            let site = load(dir.as_deref())?;
            let lang = lang.map(|l| Lang::new(&l));
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
        Some(Command::Resolve { url, dir }) => {
            let site = load(dir.as_deref())?;
            cli::resolve(site, &url, &mut out, &mut io::stderr())?
        }
    };
    out.flush()?;
    Ok(outcome)
}
