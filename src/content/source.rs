//! Where a site's files come from: a directory, one file, or the sample
//! embedded in the binary. Walking never opens anything but regular files.

mod beneath;

use super::{SkipReason, display_path};
use include_dir::{Dir, DirEntry};
use std::borrow::Cow;
use std::ffi::OsStr;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// Files larger than this are not read: no real post comes close, and a
/// stray data dump must not fill memory.
pub const MAX_FILE_SIZE: u64 = 8 * 1024 * 1024;

/// The sample site shipped in the binary, shown when no directory is given.
pub static SAMPLE: Dir<'static> = include_dir::include_dir!("$CARGO_MANIFEST_DIR/assets/sample");

/// Directories that hold tooling or build output, never content.
pub(crate) const NOT_CONTENT_DIRS: &[&str] =
    &["node_modules", "_site", "public", "resources", "target"];

/// Where a site is read from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A site directory on disk.
    Directory(PathBuf),
    /// A single post file on disk.
    File(PathBuf),
    /// A directory embedded in the binary.
    Embedded(&'static Dir<'static>),
}

/// A file found by walking, to read or already known to be skipped.
#[derive(Debug)]
pub struct Found {
    /// Relative to the site root.
    pub path: PathBuf,
    pub outcome: Result<(), SkipReason>,
}

impl Source {
    /// The embedded sample site.
    pub fn sample() -> Source {
        Source::Embedded(&SAMPLE)
    }

    /// A directory or a single file on disk.
    pub fn from_path(path: &Path) -> io::Result<Source> {
        let metadata = fs::metadata(path)?;
        if metadata.is_dir() {
            Ok(Source::Directory(path.to_path_buf()))
        } else if metadata.is_file() {
            Ok(Source::File(path.to_path_buf()))
        } else {
            Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "neither a directory nor a regular file",
            ))
        }
    }

    /// A human description: the path, or "the embedded sample".
    pub fn describe(&self) -> String {
        match self {
            Source::Directory(path) | Source::File(path) => display_path(path),
            Source::Embedded(_) => "embedded sample".to_string(),
        }
    }

    /// Reads a small file (a configuration) if it exists. It is opened as
    /// posts are (see [`Opener`]): a link out of the site, a named pipe or
    /// a file over [`MAX_FILE_SIZE`] is an error that says so, never read.
    pub fn read_text(&self, relative: &str) -> Option<io::Result<String>> {
        match self {
            Source::Directory(_) => {
                let read = self.opener().open(Path::new(relative)).and_then(|file| {
                    let mut bytes = Vec::with_capacity(file.size);
                    file.read_into(&mut bytes).map(|()| bytes)
                });
                match read {
                    Ok(bytes) => Some(Ok(String::from_utf8_lossy(&bytes).into_owned())),
                    // No such file, or a directory of that name: no configuration.
                    Err(SkipReason::Missing | SkipReason::NotRegularFile("directory")) => None,
                    Err(reason) => Some(Err(io::Error::other(reason.to_string()))),
                }
            }
            Source::File(_) => None,
            Source::Embedded(dir) => dir
                .get_file(relative)
                .map(|file| Ok(String::from_utf8_lossy(file.contents()).into_owned())),
        }
    }

    /// Whether `relative` is a directory of the site.
    pub fn is_dir(&self, relative: &Path) -> bool {
        match self {
            Source::Directory(root) => root.join(relative).is_dir(),
            Source::File(_) => false,
            Source::Embedded(dir) => {
                relative.as_os_str().is_empty() || dir.get_dir(relative).is_some()
            }
        }
    }

    /// Names of the directories directly under `relative`.
    pub fn subdirectories(&self, relative: &Path) -> Vec<String> {
        let mut names: Vec<String> = match self {
            Source::Directory(root) => fs::read_dir(root.join(relative))
                .map(|entries| {
                    entries
                        .flatten()
                        .filter(|e| e.path().is_dir())
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default(),
            Source::File(_) => Vec::new(),
            Source::Embedded(dir) => embedded_dir(dir, relative)
                .map(|d| {
                    d.dirs()
                        .filter_map(|sub| sub.path().file_name())
                        .map(|name| name.to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default(),
        };
        names.sort();
        names
    }

    /// Every file under each of `roots` (relative to the site root), sorted
    /// by path. A root that does not exist yields nothing.
    pub fn walk(&self, roots: &[PathBuf]) -> Vec<Found> {
        let mut found = Vec::new();
        match self {
            Source::Directory(root) => {
                let canonical_root = fs::canonicalize(root).unwrap_or_else(|_| root.clone());
                for sub in roots {
                    walk_directory(root, &canonical_root, sub, &mut found);
                }
            }
            // A file named on the command line is read whatever its extension
            // (the seed posts are `.txt`); walking a site is pickier.
            Source::File(path) => found.push(Found {
                path: PathBuf::from(path.file_name().unwrap_or(path.as_os_str())),
                outcome: Ok(()),
            }),
            Source::Embedded(dir) => {
                for sub in roots {
                    if let Some(start) = embedded_dir(dir, sub) {
                        walk_embedded(start, &mut found);
                    }
                }
            }
        }
        // Each walk yields its files in path order already (see
        // `walk_directory`); only roots out of order need a sort.
        if !found.is_sorted_by(|a, b| a.path <= b.path) {
            found.sort_by(|a, b| a.path.cmp(&b.path));
        }
        found.dedup_by(|a, b| a.path == b.path);
        found
    }

    /// What [`Source::walk`] finds at each of `changed` (relative to the
    /// site root, each inside one of `roots`): a file as the walk gives
    /// it, everything beneath a directory, nothing where nothing is any
    /// longer. Sorted by path, each once. For reading again only what
    /// changed on disk; a source that is not a directory finds nothing.
    pub fn walk_changed(&self, changed: &[PathBuf], roots: &[PathBuf]) -> Vec<Found> {
        let Source::Directory(root) = self else {
            return Vec::new();
        };
        let canonical_root = fs::canonicalize(root).unwrap_or_else(|_| root.clone());
        let mut found = Vec::new();
        for relative in changed {
            // Beneath a directory the walk leaves out, the walk finds
            // nothing either.
            let Some(within) = roots.iter().find_map(|r| relative.strip_prefix(r).ok()) else {
                continue;
            };
            let hidden = within.components().any(|c| {
                let name = c.as_os_str().to_string_lossy();
                name.starts_with('.') || NOT_CONTENT_DIRS.contains(&name.as_ref())
            });
            let full = root.join(relative);
            let Ok(metadata) = fs::symlink_metadata(&full) else {
                continue;
            };
            let file_type = metadata.file_type();
            if file_type.is_dir() {
                if !hidden {
                    walk_directory(root, &canonical_root, relative, &mut found);
                }
                continue;
            }
            let in_hidden_dir = within.parent().is_some_and(|parent| {
                parent.components().any(|c| {
                    let name = c.as_os_str().to_string_lossy();
                    name.starts_with('.') || NOT_CONTENT_DIRS.contains(&name.as_ref())
                })
            });
            if in_hidden_dir {
                continue;
            }
            let name = relative.file_name().unwrap_or_default();
            let outcome = if file_type.is_file() {
                classify_file_name(name)
            } else if file_type.is_symlink() {
                follow_link(&full, &canonical_root).and_then(|()| classify_file_name(name))
            } else {
                Err(SkipReason::NotRegularFile(special_file_kind(&file_type)))
            };
            found.push(Found {
                path: relative.clone(),
                outcome,
            });
        }
        found.sort_by(|a, b| a.path.cmp(&b.path));
        found.dedup_by(|a, b| a.path == b.path);
        found
    }

    /// Where on disk the post at `relative` is, for an editor to open:
    /// `None` for the embedded sample, which has no file.
    pub fn path_on_disk(&self, relative: &Path) -> Option<PathBuf> {
        match self {
            Source::Directory(root) => Some(root.join(relative)),
            Source::File(path) => Some(path.clone()),
            Source::Embedded(_) => None,
        }
    }

    /// The bytes of a file found by [`Source::walk`]; a file over
    /// [`MAX_FILE_SIZE`] is not read.
    pub fn read(&self, relative: &Path) -> Result<Cow<'static, [u8]>, SkipReason> {
        let file = self.open(relative)?;
        if let OpenContents::Embedded(bytes) = file.contents {
            return Ok(Cow::Borrowed(bytes));
        }
        let mut bytes = Vec::with_capacity(file.size + 1);
        file.read_into(&mut bytes)?;
        Ok(Cow::Owned(bytes))
    }

    /// A file found by [`Source::walk`], open and measured (see [`Opener`]).
    pub fn open(&self, relative: &Path) -> Result<OpenFile, SkipReason> {
        self.opener().open(relative)
    }

    /// What opens the site's files, the site's directory held open: for
    /// reading many files, open it once.
    pub fn opener(&self) -> Opener<'_> {
        let root = match self {
            Source::Directory(root) => Some(beneath::Root::at(root)),
            Source::File(_) | Source::Embedded(_) => None,
        };
        Opener { source: self, root }
    }
}

/// Opens the files of a site as they are when opened, not as they were
/// when the walk looked at them: each is opened relative to the site's
/// directory without following a link out of it (a file swapped for such
/// a link after the walk is refused, not read), without waiting (a file
/// swapped for a named pipe never blocks), and its kind and size are those
/// of the open file, not of a path.
pub struct Opener<'s> {
    source: &'s Source,
    root: Option<io::Result<beneath::Root>>,
}

impl Opener<'_> {
    /// A file found by [`Source::walk`], open and measured: several can be
    /// read one after the other into a buffer sized for all of them.
    pub fn open(&self, relative: &Path) -> Result<OpenFile, SkipReason> {
        let file = match (self.source, &self.root) {
            (Source::Embedded(dir), _) => {
                return dir
                    .get_file(relative)
                    .map(|file| OpenFile {
                        size: file.contents().len(),
                        contents: OpenContents::Embedded(file.contents()),
                    })
                    .ok_or(SkipReason::Missing);
            }
            // The file named on the command line, wherever it is.
            (Source::File(path), _) => beneath::open_named(path)?,
            (Source::Directory(_), Some(Ok(root))) => root.open_file(relative)?,
            (Source::Directory(_), Some(Err(error))) => return Err(unreadable_io(error)),
            (Source::Directory(_), None) => return Err(SkipReason::Missing),
        };
        let metadata = file.metadata().map_err(unreadable)?;
        let file_type = metadata.file_type();
        if !file_type.is_file() {
            return Err(SkipReason::NotRegularFile(special_file_kind(&file_type)));
        }
        let size = metadata.len();
        if size > MAX_FILE_SIZE {
            return Err(SkipReason::TooLarge {
                size,
                limit: MAX_FILE_SIZE,
            });
        }
        Ok(OpenFile {
            size: usize::try_from(size).unwrap_or(0),
            contents: OpenContents::Disk(file.take(MAX_FILE_SIZE + 1)),
        })
    }
}

/// A file of the site, open, its size known, not read yet.
pub struct OpenFile {
    /// The size when opened (the file may change before it is read).
    pub size: usize,
    contents: OpenContents,
}

enum OpenContents {
    /// Limited to one byte over the cap: a file may grow after it is measured.
    Disk(io::Take<fs::File>),
    Embedded(&'static [u8]),
}

impl OpenFile {
    /// Appends the file's bytes to `buffer`. On failure `buffer` is as it was.
    pub fn read_into(self, buffer: &mut Vec<u8>) -> Result<(), SkipReason> {
        let start = buffer.len();
        match self.contents {
            OpenContents::Embedded(bytes) => buffer.extend_from_slice(bytes),
            OpenContents::Disk(mut file) => {
                if let Err(error) = file.read_to_end(buffer) {
                    buffer.truncate(start);
                    return Err(unreadable(error));
                }
                let read = buffer.len() - start;
                if read as u64 > MAX_FILE_SIZE {
                    buffer.truncate(start);
                    return Err(SkipReason::TooLarge {
                        size: read as u64,
                        limit: MAX_FILE_SIZE,
                    });
                }
            }
        }
        Ok(())
    }
}

fn unreadable(error: io::Error) -> SkipReason {
    unreadable_io(&error)
}

fn unreadable_io(error: &io::Error) -> SkipReason {
    match error.kind() {
        io::ErrorKind::NotFound => SkipReason::Missing,
        _ => SkipReason::Unreadable(io_error_text(error)),
    }
}

fn embedded_dir<'a>(dir: &'a Dir<'a>, relative: &Path) -> Option<&'a Dir<'a>> {
    if relative.as_os_str().is_empty() {
        Some(dir)
    } else {
        dir.get_dir(relative)
    }
}

fn walk_embedded(dir: &Dir<'static>, found: &mut Vec<Found>) {
    for entry in dir.entries() {
        match entry {
            DirEntry::Dir(sub) => walk_embedded(sub, found),
            DirEntry::File(file) => found.push(Found {
                path: file.path().to_path_buf(),
                outcome: classify_name(file.path()),
            }),
        }
    }
}

fn walk_directory(root: &Path, canonical_root: &Path, sub: &Path, found: &mut Vec<Found>) {
    let start = root.join(sub);
    if !start.is_dir() {
        return;
    }
    // Every path the walk gives starts with `root` as written, then a
    // separator: cutting bytes is enough (and much faster than comparing
    // components, a hundred thousand times).
    let root_bytes = root.as_os_str().as_encoded_bytes();
    let relative = |path: &Path| -> PathBuf {
        let bytes = path.as_os_str().as_encoded_bytes();
        let rest = match bytes.strip_prefix(root_bytes) {
            Some(rest) if root_bytes.ends_with(b"/") => Some(rest),
            Some([b'/', rest @ ..]) => Some(rest),
            _ => None,
        };
        rest.and_then(bytes_to_path)
            .unwrap_or_else(|| path.strip_prefix(root).unwrap_or(path).to_path_buf())
    };
    // Links are not followed by the walk: the kind of each entry comes from
    // the directory listing itself, without a `stat` per file. Links are
    // looked at one by one below.
    // Entries sorted by name in each directory come out in the order of
    // their paths, component by component: the order posts are kept in.
    // (Names in one directory share their parent: comparing whole paths as
    // bytes compares names, without finding each name again.)
    let mut walker = walkdir::WalkDir::new(&start)
        .sort_by(|a, b| {
            a.path()
                .as_os_str()
                .as_encoded_bytes()
                .cmp(b.path().as_os_str().as_encoded_bytes())
        })
        .into_iter();
    while let Some(next) = walker.next() {
        let entry = match next {
            Ok(entry) => entry,
            Err(error) => {
                let path = error
                    .path()
                    .map(relative)
                    .unwrap_or_else(|| sub.to_path_buf());
                let message = error
                    .io_error()
                    .map_or_else(|| error.to_string(), io_error_text);
                found.push(Found {
                    path,
                    outcome: Err(SkipReason::Unreadable(message)),
                });
                continue;
            }
        };
        let file_type = entry.file_type();
        let name = entry.file_name();
        if file_type.is_dir() {
            let name = name.to_string_lossy();
            let not_content = name.starts_with('.') || NOT_CONTENT_DIRS.contains(&name.as_ref());
            if entry.depth() > 0 && not_content {
                walker.skip_current_dir();
            }
            continue;
        }
        let path = relative(entry.path());
        let outcome = if file_type.is_file() {
            classify_file_name(name)
        } else if file_type.is_symlink() {
            follow_link(entry.path(), canonical_root).and_then(|()| classify_file_name(name))
        } else {
            Err(SkipReason::NotRegularFile(special_file_kind(&file_type)))
        };
        found.push(Found { path, outcome });
    }
}

/// A path from bytes cut out of a path after a separator, where the
/// platform lets bytes be a path (elsewhere `None`: compare components).
#[cfg(unix)]
fn bytes_to_path(bytes: &[u8]) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    Some(PathBuf::from(OsStr::from_bytes(bytes)))
}

#[cfg(not(unix))]
fn bytes_to_path(_: &[u8]) -> Option<PathBuf> {
    None
}

/// A symbolic link is read when it leads to a regular file inside the site.
fn follow_link(link: &Path, canonical_root: &Path) -> Result<(), SkipReason> {
    let target = match fs::canonicalize(link) {
        Ok(target) => target,
        // ELOOP: the link leads back to itself.
        Err(error) if error.raw_os_error() == Some(40) => return Err(SkipReason::SymlinkLoop),
        Err(error) => return Err(SkipReason::Unreadable(io_error_text(&error))),
    };
    if !target.starts_with(canonical_root) {
        return Err(SkipReason::OutsideSite);
    }
    let metadata = fs::metadata(&target).map_err(|e| SkipReason::Unreadable(io_error_text(&e)))?;
    if metadata.is_dir() {
        let parent = link
            .parent()
            .and_then(|p| fs::canonicalize(p).ok())
            .unwrap_or_default();
        return Err(if parent.starts_with(&target) {
            SkipReason::SymlinkLoop
        } else {
            SkipReason::DirectoryLink
        });
    }
    if !metadata.is_file() {
        return Err(SkipReason::NotRegularFile(special_file_kind(
            &metadata.file_type(),
        )));
    }
    Ok(())
}

fn io_error_text(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::NotFound => "not found (broken symbolic link?)".to_string(),
        _ => error.to_string(),
    }
}

#[cfg(unix)]
fn special_file_kind(file_type: &fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_dir() {
        "directory"
    } else if file_type.is_fifo() {
        "named pipe"
    } else if file_type.is_socket() {
        "socket"
    } else if file_type.is_block_device() || file_type.is_char_device() {
        "device"
    } else {
        "special file"
    }
}

#[cfg(not(unix))]
fn special_file_kind(file_type: &fs::FileType) -> &'static str {
    if file_type.is_dir() {
        "directory"
    } else {
        "special file"
    }
}

/// Which files may be posts, by name alone.
fn classify_name(path: &Path) -> Result<(), SkipReason> {
    classify_file_name(path.file_name().unwrap_or_default())
}

/// A post, a hidden file, or another kind of file, by its name alone.
fn classify_file_name(name: &OsStr) -> Result<(), SkipReason> {
    if name.as_encoded_bytes().starts_with(b".") {
        return Err(SkipReason::Hidden);
    }
    match name_extension(name).map(post_extension_of) {
        Some(Some(_)) => Ok(()),
        extension => {
            let extension = match extension {
                Some(_) => Path::new(name)
                    .extension()
                    .map(|e| e.to_string_lossy().to_lowercase())
                    .unwrap_or_default(),
                None => String::new(),
            };
            Err(SkipReason::NotAPost(extension))
        }
    }
}

/// What follows the last dot of a file name, as `Path::extension` reads it
/// (a name starting with its only dot has none), without parsing a path.
fn name_extension(name: &OsStr) -> Option<&[u8]> {
    let bytes = name.as_encoded_bytes();
    let dot = bytes
        .iter()
        .rposition(|&b| b == b'.')
        .filter(|&at| at > 0)?;
    Some(&bytes[dot + 1..])
}

fn post_extension_of(extension: &[u8]) -> Option<PostExtension> {
    let is = |name: &str| extension.eq_ignore_ascii_case(name.as_bytes());
    if is("md") || is("markdown") || is("mdown") || is("mkd") {
        Some(PostExtension::Markdown)
    } else if is("html") || is("htm") {
        Some(PostExtension::Html)
    } else {
        None
    }
}

/// The extensions of files that can be posts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostExtension {
    Markdown,
    Html,
}

pub fn post_extension(path: &Path) -> Option<PostExtension> {
    post_extension_of(name_extension(path.file_name()?)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_classified_as_paths_would_be() {
        for (name, expected) in [
            ("post.md", Ok(())),
            ("POST.MarkDown", Ok(())),
            ("page.htm", Ok(())),
            (
                "trailing space.md ",
                Err(SkipReason::NotAPost("md ".into())),
            ),
            (".md", Err(SkipReason::Hidden)),
            (".hidden.md", Err(SkipReason::Hidden)),
            ("picture.PNG", Err(SkipReason::NotAPost("png".into()))),
            ("README", Err(SkipReason::NotAPost(String::new()))),
            ("dot.", Err(SkipReason::NotAPost(String::new()))),
        ] {
            assert_eq!(classify_file_name(OsStr::new(name)), expected, "{name:?}");
            if expected != Err(SkipReason::Hidden) {
                assert_eq!(
                    post_extension(Path::new(name)).is_some(),
                    expected.is_ok(),
                    "{name:?}"
                );
            }
        }
    }

    /// Files come out of the walk in path order (component by component,
    /// so `a/z.md` before `a-b.md`), relative to the root however it is
    /// written.
    #[test]
    fn the_walk_gives_relative_paths_in_path_order() {
        let dir = tempfile::tempdir().expect("temp dir");
        for file in ["a-b.md", "a/z.md", "a/b/c.md", "b.md", "a.md", "A.md"] {
            let path = dir.path().join(file);
            fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
            fs::write(&path, "x").expect("write");
        }
        let with_slash = PathBuf::from(format!("{}/", dir.path().display()));
        for root in [dir.path().to_path_buf(), with_slash] {
            let found: Vec<PathBuf> = Source::Directory(root)
                .walk(&[PathBuf::new()])
                .into_iter()
                .map(|f| f.path)
                .collect();
            let mut sorted = found.clone();
            sorted.sort();
            assert_eq!(found, sorted);
            assert_eq!(
                found,
                ["A.md", "a/b/c.md", "a/z.md", "a-b.md", "a.md", "b.md"].map(PathBuf::from)
            );
        }
    }
}
