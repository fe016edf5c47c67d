//! The command line, as clap reads it: the reader's options, the
//! commands and theirs. Part of the `liseuse` binary, not of the library;
//! `manual.rs` draws the manual pages and completions from it.

use crate::manual;
use clap::{Parser, Subcommand};
use liseuse::content;
use std::path::PathBuf;

/// Read bilingual website content (Hugo, Jekyll, Eleventy) in the terminal.
///
/// With no DIR, liseuse reads its embedded sample site.
#[derive(Debug, Parser)]
#[command(
    name = "liseuse",
    version = env!("LISEUSE_VERSION"),
    args_conflicts_with_subcommands = true
)]
pub struct Args {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// The site directory (or a single post file).
    pub dir: Option<PathBuf>,

    /// A post to open at once: its path, a site URL or a slug, with an
    /// optional `#heading` (DIR and TARGET may come in either order).
    pub target: Option<String>,

    /// The language to read first, a BCP 47 tag (`fr`, `fr-CA`, `zh-Hant`;
    /// default: the last post read's, else the locale's, else the site's).
    #[arg(long)]
    pub lang: Option<String>,

    /// Do not capture the mouse (keeps the terminal's own text selection).
    #[arg(long)]
    pub no_mouse: bool,

    /// Write links as text only, not as terminal hyperlinks (OSC 8), in
    /// the reader and in `show --color always` (also `hyperlinks = false`
    /// in the configuration).
    #[arg(long, global = true)]
    pub no_hyperlinks: bool,

    /// Start at the top of the list, not at the last post read.
    #[arg(long)]
    pub fresh: bool,

    /// Read and write no state: no last place, read marks or bookmarks.
    #[arg(long)]
    pub no_state: bool,

    /// Do not follow the site's files on disk (`R` still reads them
    /// again).
    #[arg(long)]
    pub no_watch: bool,

    /// The reader's colours and attributes, in 16 colours: `default`,
    /// `light` for a light background, `high-contrast` (the terminal's own
    /// colours with bold, reverse and underline only), `mono`, or a theme
    /// file `themes/NAME.toml` beside the configuration; `NO_COLOR` keeps
    /// the attributes only.
    #[arg(long, value_name = "NAME")]
    pub theme: Option<String>,

    /// The configuration file (default:
    /// `$XDG_CONFIG_HOME/liseuse/config.toml`; also `LISEUSE_CONFIG`).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// A linear interface for screen readers and braille displays: one
    /// pane at a time, no drawing characters, the cursor shown on the
    /// focus, list rows and status changes as sentences (also
    /// `LISEUSE_ACCESSIBLE=1`).
    #[arg(long)]
    pub accessible: bool,

    /// Days a translation may fall behind its original before it is
    /// marked as possibly out of date.
    #[arg(long, value_name = "N", default_value_t = content::freshness::DEFAULT_STALE_DAYS,
          value_parser = clap::value_parser!(i64).range(0..=36_500))]
    pub stale_days: i64,

    /// Print the manual (`man`, `man-fr`) or a shell's completions
    /// (`complete-bash`, `complete-zsh`, `complete-fish`,
    /// `complete-powershell`, `complete-elvish`), then exit.
    #[arg(long, value_enum, value_name = "WHAT", conflicts_with_all = ["dir", "target"])]
    pub generate: Option<manual::Generate>,

    /// Quit as soon as the first frame is drawn (to measure start-up).
    #[arg(long, hide = true)]
    pub exit_after_first_frame: bool,

    /// Panic once the first frame is drawn (to test that the terminal is
    /// restored all the same).
    #[arg(long, hide = true, conflicts_with = "exit_after_first_frame")]
    pub panic_after_first_frame: bool,

    /// Make the background loader panic after its first posts (to test
    /// that the reader goes on with them and says why the rest is missing).
    #[arg(long, hide = true)]
    pub panic_while_loading: bool,

    /// Run the site search in the background from this many indexed
    /// posts (to test on a small site what a large one does).
    #[arg(long, hide = true, value_name = "POSTS")]
    pub background_search_from: Option<usize>,

    /// Ask for BYTES of memory at once after the first frame (to test that
    /// an allocation failure under a memory limit gives the terminal back).
    #[arg(long, hide = true, value_name = "BYTES", conflicts_with_all = ["exit_after_first_frame", "panic_after_first_frame"])]
    pub allocate_after_first_frame: Option<usize>,

    /// Quit once every post is loaded (to measure the reader's full load).
    #[arg(long, hide = true, conflicts_with_all = ["exit_after_first_frame", "panic_after_first_frame"])]
    pub exit_when_loaded: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
