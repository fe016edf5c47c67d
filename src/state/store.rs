//! The state file of a site on disk: found under the XDG state directory,
//! read within a budget, written whole to a temporary file that replaces
//! it (a reader killed mid-write leaves the old file), merged first with
//! what another reader wrote meanwhile. A file that cannot be read is
//! renamed aside, never deleted.

use super::format::{self, FormatError};
use super::{SiteState, merge};
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// The largest state file read: 100,000 read posts take about 8 MB, and
/// past this a file is not one this reader wrote.
pub const MAX_STATE_BYTES: u64 = 64 * 1024 * 1024;

/// The directory state files go in: `$XDG_STATE_HOME/liseuse`, by default
/// `~/.local/state/liseuse`. `None` when there is no home to put it in.
pub fn state_dir() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    // The XDG strategy on every system: a terminal program's files are
    // where XDG says, on macOS too.
    let strategy = etcetera::base_strategy::Xdg::new().ok()?;
    let dir = strategy.state_dir()?;
    Some(dir.join("liseuse"))
}

/// Why the state could not be read or written, said in one line.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("{path}: {reason}")]
    Io { path: String, reason: String },
    #[error("{path}: {size} bytes, past the {limit} MB a state file may have", limit = MAX_STATE_BYTES / 1024 / 1024)]
    TooLarge { path: String, size: u64 },
    #[error("{path}: {error}")]
    Format { path: String, error: FormatError },
}

/// The state file of one site.
#[derive(Debug, Clone)]
pub struct Store {
    path: PathBuf,
    /// What the file's `site` line says.
    site: String,
    /// Cleared when the file was written by a later release: then it is
    /// read (as empty) and never overwritten.
    writable: bool,
}

/// What reading the state gave: the state to start with, and what to tell
/// the user about it, if anything.
#[derive(Debug)]
pub struct Loaded {
    pub state: SiteState,
    pub notice: Option<String>,
}

impl Store {
    /// The state file for the site `key` names (its canonical path, or
    /// `sample`) in `dir`: the file's name is the key's last part, made
    /// safe, and a hash of the whole key.
    pub fn new(dir: &Path, key: &str) -> Store {
        let name: String = Path::new(key)
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default()
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
            .take(40)
            .collect();
        let name = name.trim_start_matches('.');
        let hash = super::content_hash(key.as_bytes());
        Store {
            path: dir.join(format!("{name}-{hash:016x}.state")),
            site: key.to_string(),
            writable: true,
        }
    }

    /// The state file of the site read from `source`, in the state
    /// directory; `None` when there is no state directory.
    pub fn for_source(source: &crate::content::Source) -> Option<Store> {
        Some(Store::new(&state_dir()?, &site_key(source)))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the state. No file is an empty state; a file that cannot be
    /// read as a state is renamed aside (`NAME.state.bad-TIME`) and the
    /// reader starts with an empty state; a file from a later release is
    /// left alone, and not written over.
    pub fn load(&mut self) -> Loaded {
        let empty = SiteState::new(&self.site);
        match self.read() {
            Ok(Some(state)) => Loaded {
                state,
                notice: None,
            },
            Ok(None) => Loaded {
                state: empty,
                notice: None,
            },
            Err(StateError::Format {
                error: FormatError::Newer(version),
                ..
            }) => {
                self.writable = false;
                Loaded {
                    state: empty,
                    notice: Some(
                        StateError::Format {
                            path: self.shown_path(),
                            error: FormatError::Newer(version),
                        }
                        .to_string(),
                    ),
                }
            }
            Err(error @ (StateError::Format { .. } | StateError::TooLarge { .. })) => {
                let notice = match self.put_aside() {
                    Ok(aside) => {
                        format!("{error}; kept as {}", crate::content::display_path(&aside))
                    }
                    Err(error) => {
                        // Left where it is: it must not be written over.
                        self.writable = false;
                        error.to_string()
                    }
                };
                Loaded {
                    state: empty,
                    notice: Some(notice),
                }
            }
            Err(error) => Loaded {
                state: empty,
                notice: Some(error.to_string()),
            },
        }
    }

    /// The file's state, or `None` when there is no file.
    fn read(&self) -> Result<Option<SiteState>, StateError> {
        let file = match fs::File::open(&self.path) {
            Ok(file) => file,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(self.io_error(&error)),
        };
        let size = file.metadata().map_err(|e| self.io_error(&e))?.len();
        if size > MAX_STATE_BYTES {
            return Err(StateError::TooLarge {
                path: self.shown_path(),
                size,
            });
        }
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        // Bounded again: the file may grow while it is read.
        file.take(MAX_STATE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| self.io_error(&e))?;
        if bytes.len() as u64 > MAX_STATE_BYTES {
            return Err(StateError::TooLarge {
                path: self.shown_path(),
                size: bytes.len() as u64,
            });
        }
        format::parse(&bytes)
            .map(Some)
            .map_err(|error| StateError::Format {
                path: self.shown_path(),
                error,
            })
    }

    /// Renames the unreadable file aside, next to it.
    fn put_aside(&self) -> Result<PathBuf, StateError> {
        let mut aside = self.path.clone().into_os_string();
        aside.push(format!(".bad-{}", super::now_ms()));
        let aside = PathBuf::from(aside);
        fs::rename(&self.path, &aside).map_err(|e| self.io_error(&e))?;
        Ok(aside)
    }

    /// Writes `state` merged with what the file holds now (another reader
    /// may have written it since this one read it), and returns the
    /// merged state, which the reader goes on with. The file is replaced
    /// whole, never written in place.
    pub fn save(&mut self, state: &SiteState) -> Result<SiteState, StateError> {
        if !self.writable {
            return Ok(state.clone());
        }
        let on_disk = match self.read() {
            Ok(found) => found,
            // Another reader's file that cannot be read: kept aside, as
            // at the start, and this reader's state written.
            Err(StateError::Format {
                error: FormatError::Newer(_),
                ..
            }) => {
                self.writable = false;
                return Ok(state.clone());
            }
            Err(StateError::Format { .. } | StateError::TooLarge { .. }) => {
                self.put_aside()?;
                None
            }
            Err(error) => return Err(error),
        };
        let mut merged = match &on_disk {
            Some(disk) => merge(disk, state),
            None => state.clone(),
        };
        merged.site.clone_from(&self.site);
        merged.prune(super::now_ms());
        if on_disk.as_ref() != Some(&merged) {
            self.replace(format::write(&merged).as_bytes())?;
        }
        Ok(merged)
    }

    /// Writes `bytes` to a temporary file beside the state file, flushes
    /// it to the disk, and renames it over the state file.
    fn replace(&self, bytes: &[u8]) -> Result<(), StateError> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir).map_err(|e| self.io_error_at(dir, &e))?;
        let mut temporary = self.path.clone().into_os_string();
        temporary.push(format!(".tmp-{}", std::process::id()));
        let temporary = PathBuf::from(temporary);
        let written = (|| {
            let mut file = fs::File::create(&temporary)?;
            file.write_all(bytes)?;
            file.sync_all()?;
            fs::rename(&temporary, &self.path)?;
            // The rename itself is on disk once the directory is.
            if let Ok(directory) = fs::File::open(dir) {
                let _ = directory.sync_all();
            }
            Ok(())
        })();
        written.map_err(|e: io::Error| {
            let _ = fs::remove_file(&temporary);
            self.io_error_at(dir, &e)
        })
    }

    fn shown_path(&self) -> String {
        crate::text::sanitize_line(&crate::content::display_path(&self.path)).into_owned()
    }

    fn io_error(&self, error: &io::Error) -> StateError {
        self.io_error_at(&self.path, error)
    }

    fn io_error_at(&self, path: &Path, error: &io::Error) -> StateError {
        StateError::Io {
            path: crate::text::sanitize_line(&crate::content::display_path(path)).into_owned(),
            reason: crate::content::load::io_reason(error),
        }
    }
}

/// What names a site's state: the canonical path of its directory (or
/// file), so that `.`, a relative path and a link to it share one state;
/// `sample` for the embedded sample.
pub fn site_key(source: &crate::content::Source) -> String {
    use crate::content::Source;
    match source {
        Source::Directory(path) | Source::File(path) => {
            let canonical = fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            canonical.to_string_lossy().into_owned()
        }
        Source::Embedded(_) => "sample".to_string(),
    }
}
