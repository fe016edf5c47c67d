//! What loading says about files: those it skipped and why, and warnings
//! about those it loaded.

use serde::Serialize;
use std::fmt;
use std::path::PathBuf;

/// A file that is not a post, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: SkipReason,
}

/// Why a file is not a post.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SkipReason {
    #[error("redirect stub (HTML without front matter)")]
    RedirectStub {
        /// Where it sends readers (`<meta http-equiv="refresh" content="0; url=…">`).
        target: Option<String>,
    },
    #[error("HTML without front matter")]
    HtmlWithoutFrontMatter,
    #[error("not a post (.{0} file)")]
    NotAPost(String),
    #[error("hidden file")]
    Hidden,
    #[error("empty file")]
    Empty,
    #[error("binary file (NUL bytes)")]
    Binary,
    #[error("larger than the {limit} byte limit ({size} bytes)")]
    TooLarge { size: u64, limit: u64 },
    #[error("not a regular file ({0})")]
    NotRegularFile(&'static str),
    #[error("symbolic link loop")]
    SymlinkLoop,
    #[error("symbolic link to outside the site")]
    OutsideSite,
    #[error("symbolic link to a directory (not followed)")]
    DirectoryLink,
    #[error("front matter opened at line {0} never closes")]
    UnclosedFrontMatter(usize),
    #[error("cannot read: {0}")]
    Unreadable(String),
    /// Gone when it was to be read: removed since the walk, or a link
    /// that leads nowhere.
    #[error("cannot read: not found (removed, or a broken symbolic link)")]
    Missing,
}

impl SkipReason {
    /// Whether the file was meant to be content but could not be used: these
    /// make `liseuse check` fail. Redirect stubs, images and the like do not.
    pub fn is_problem(&self) -> bool {
        matches!(
            self,
            SkipReason::Binary
                | SkipReason::TooLarge { .. }
                | SkipReason::SymlinkLoop
                | SkipReason::UnclosedFrontMatter(_)
                | SkipReason::Unreadable(_)
                | SkipReason::Missing
        )
    }
}

/// Something wrong with a file that did not stop it from loading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub path: PathBuf,
    /// 1-based line, when one is to blame.
    pub line: Option<usize>,
    pub kind: WarningKind,
    pub message: String,
}

/// The kinds of [`Warning`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WarningKind {
    /// YAML or TOML that had to be read tolerantly, or a field of the wrong type.
    FrontMatter,
    /// Bytes that are not valid UTF-8.
    Encoding,
    /// A date that could not be read.
    Date,
    /// A `translationKey` used twice in one language.
    AmbiguousKey,
    /// A translation link (`trans_url`) that leads to no post.
    DanglingTranslation,
    /// A `translationKey` no post of another language shares.
    LoneTranslationKey,
    /// The directory and the front matter name different languages.
    LanguageMismatch,
    /// Two posts of one language claim the same public URL.
    UrlConflict,
    /// The site configuration could not be read.
    Config,
}

impl WarningKind {
    pub fn label(self) -> &'static str {
        match self {
            WarningKind::FrontMatter => "front matter",
            WarningKind::Encoding => "encoding",
            WarningKind::Date => "date",
            WarningKind::AmbiguousKey => "ambiguous translation key",
            WarningKind::DanglingTranslation => "translation points nowhere",
            WarningKind::LoneTranslationKey => "translation key without partner",
            WarningKind::LanguageMismatch => "language disagreement",
            WarningKind::UrlConflict => "URL conflict",
            WarningKind::Config => "site configuration",
        }
    }
}

impl fmt::Display for WarningKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}
