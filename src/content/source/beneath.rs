//! Opening a file of a site without leaving the site. The walk looks at
//! paths, but a path can change between the look and the read (a post
//! swapped for a symbolic link to `/etc/passwd`, or for a named pipe):
//! what is read must be checked as it is opened. On Linux `openat2` with
//! `RESOLVE_BENEATH` refuses any step out of the site's directory; where
//! the kernel lacks it, and on other Unix systems, the path is walked one
//! component at a time, each opened without following links, and links are
//! resolved by hand, never above the site. Files are opened non-blocking:
//! a named pipe opens at once (and is then refused as not a regular file).

use super::super::SkipReason;
use super::unreadable_io;
use std::fs;
use std::path::Path;

#[cfg(unix)]
pub use self::unix::{Root, open_named};

#[cfg(not(unix))]
pub use self::portable::{Root, open_named};

/// How many symbolic links one path may pass through, as Linux allows.
#[cfg_attr(not(unix), allow(dead_code))]
const MAX_LINKS: usize = 40;

#[cfg(unix)]
mod unix {
    use super::*;
    use std::collections::VecDeque;
    use std::ffi::{CStr, CString, OsStr, OsString};
    use std::io;
    use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd};
    use std::os::unix::ffi::{OsStrExt, OsStringExt};
    use std::os::unix::fs::OpenOptionsExt;
    use std::path::Component;

    /// Every file is opened for reading only, without waiting for a
    /// writer (a named pipe), without becoming the controlling terminal
    /// (a terminal device) and closed in any child.
    const FLAGS: libc::c_int = libc::O_RDONLY | libc::O_NONBLOCK | libc::O_NOCTTY | libc::O_CLOEXEC;

    /// A site's directory, held open.
    pub struct Root {
        dir: OwnedFd,
    }

    impl Root {
        /// Opens the site's directory (named by the user: followed if a link).
        pub fn at(path: &Path) -> io::Result<Root> {
            let dir = fs::OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_DIRECTORY | libc::O_CLOEXEC)
                .open(path)?;
            Ok(Root { dir: dir.into() })
        }

        /// Opens `relative`, a path under the site's directory, refusing
        /// any way out of it.
        pub fn open_file(&self, relative: &Path) -> Result<fs::File, SkipReason> {
            #[cfg(target_os = "linux")]
            if let Some(opened) = openat2_beneath(self.dir.as_fd(), relative) {
                return opened;
            }
            open_component_by_component(self.dir.as_fd(), relative)
        }
    }

    /// A file named on the command line, opened as it is named.
    pub fn open_named(path: &Path) -> Result<fs::File, SkipReason> {
        fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
            .open(path)
            .map_err(|error| reason(&error))
    }

    fn reason(error: &io::Error) -> SkipReason {
        match error.raw_os_error() {
            Some(libc::EXDEV) => SkipReason::OutsideSite,
            Some(libc::ELOOP) => SkipReason::SymlinkLoop,
            _ => unreadable_io(error),
        }
    }

    fn c_name(name: &OsStr) -> Result<CString, SkipReason> {
        CString::new(name.as_bytes())
            .map_err(|_| SkipReason::Unreadable("a NUL byte in the name".to_string()))
    }

    /// `None` when the kernel has no `openat2` (before Linux 5.6, or
    /// refused by a sandbox): then every later call says `None` at once.
    #[cfg(target_os = "linux")]
    fn openat2_beneath(
        dir: BorrowedFd<'_>,
        relative: &Path,
    ) -> Option<Result<fs::File, SkipReason>> {
        use std::sync::atomic::{AtomicBool, Ordering};
        static UNAVAILABLE: AtomicBool = AtomicBool::new(false);
        if UNAVAILABLE.load(Ordering::Relaxed) {
            return None;
        }
        let name = match c_name(relative.as_os_str()) {
            Ok(name) => name,
            Err(reason) => return Some(Err(reason)),
        };
        // SAFETY: `open_how` is plain integers; all zero is its default.
        let mut how: libc::open_how = unsafe { std::mem::zeroed() };
        how.flags = FLAGS as u64;
        how.resolve = libc::RESOLVE_BENEATH | libc::RESOLVE_NO_MAGICLINKS;
        loop {
            // SAFETY: a valid directory descriptor, a NUL-terminated name
            // and an `open_how` of the size given, all alive for the call.
            let fd = unsafe {
                libc::syscall(
                    libc::SYS_openat2,
                    dir.as_raw_fd(),
                    name.as_ptr(),
                    &raw const how,
                    std::mem::size_of::<libc::open_how>(),
                )
            };
            if fd >= 0 {
                let Ok(fd) = libc::c_int::try_from(fd) else {
                    return Some(Err(SkipReason::Unreadable("bad descriptor".to_string())));
                };
                // SAFETY: the kernel just gave this descriptor to us alone.
                return Some(Ok(unsafe { fs::File::from_raw_fd(fd) }));
            }
            let error = io::Error::last_os_error();
            match error.raw_os_error() {
                Some(libc::EINTR) => continue,
                // No such call (ENOSYS), a sandbox that forbids it (EPERM),
                // or a kernel that knows fewer flags (EINVAL, E2BIG).
                Some(libc::ENOSYS | libc::EPERM | libc::EINVAL | libc::E2BIG) => {
                    UNAVAILABLE.store(true, Ordering::Relaxed);
                    return None;
                }
                _ => return Some(Err(reason(&error))),
            }
        }
    }

    /// The same as `openat2` with `RESOLVE_BENEATH`, by hand: each
    /// component is opened relative to the directory before it, without
    /// following links; a link is read and its target walked in its place;
    /// `..` never climbs above the site, and an absolute target is out.
    pub(super) fn open_component_by_component(
        root: BorrowedFd<'_>,
        relative: &Path,
    ) -> Result<fs::File, SkipReason> {
        let mut pending: VecDeque<OsString> = VecDeque::new();
        push_front(&mut pending, relative)?;
        let mut dirs: Vec<OwnedFd> = Vec::new();
        let mut links = 0;
        while let Some(name) = pending.pop_front() {
            if name == ".." {
                if dirs.pop().is_none() {
                    return Err(SkipReason::OutsideSite);
                }
                continue;
            }
            let at = dirs.last().map_or(root, AsFd::as_fd);
            let last = pending.is_empty();
            let flags = FLAGS | libc::O_NOFOLLOW | if last { 0 } else { libc::O_DIRECTORY };
            let c = c_name(&name)?;
            match open_at(at, &c, flags) {
                Ok(fd) if last => return Ok(fs::File::from(fd)),
                Ok(fd) => dirs.push(fd),
                Err(error) => {
                    if !is_symlink(at, &c) {
                        return Err(reason(&error));
                    }
                    links += 1;
                    if links > MAX_LINKS {
                        return Err(SkipReason::SymlinkLoop);
                    }
                    let target = read_link_at(at, &c).map_err(|e| reason(&e))?;
                    push_front(&mut pending, Path::new(&target))?;
                }
            }
        }
        // The site's directory itself, or a path that ends in `..`.
        Err(SkipReason::NotRegularFile("directory"))
    }

    /// Puts the components of `path` before those still to walk.
    fn push_front(pending: &mut VecDeque<OsString>, path: &Path) -> Result<(), SkipReason> {
        let mut names = Vec::new();
        for component in path.components() {
            match component {
                Component::Normal(name) => names.push(name.to_os_string()),
                Component::ParentDir => names.push(OsString::from("..")),
                Component::CurDir => {}
                Component::RootDir | Component::Prefix(_) => return Err(SkipReason::OutsideSite),
            }
        }
        for name in names.into_iter().rev() {
            pending.push_front(name);
        }
        Ok(())
    }

    fn open_at(dir: BorrowedFd<'_>, name: &CStr, flags: libc::c_int) -> io::Result<OwnedFd> {
        loop {
            // SAFETY: a valid directory descriptor and a NUL-terminated name.
            let fd = unsafe { libc::openat(dir.as_raw_fd(), name.as_ptr(), flags) };
            if fd >= 0 {
                // SAFETY: the kernel just gave this descriptor to us alone.
                return Ok(unsafe { OwnedFd::from_raw_fd(fd) });
            }
            let error = io::Error::last_os_error();
            if error.kind() != io::ErrorKind::Interrupted {
                return Err(error);
            }
        }
    }

    fn is_symlink(dir: BorrowedFd<'_>, name: &CStr) -> bool {
        // SAFETY: `stat` is plain integers, filled in by the call.
        let mut stat: libc::stat = unsafe { std::mem::zeroed() };
        // SAFETY: a valid directory descriptor, a NUL-terminated name and
        // a `stat` to fill.
        let done = unsafe {
            libc::fstatat(
                dir.as_raw_fd(),
                name.as_ptr(),
                &raw mut stat,
                libc::AT_SYMLINK_NOFOLLOW,
            )
        };
        done == 0 && (stat.st_mode & libc::S_IFMT) == libc::S_IFLNK
    }

    fn read_link_at(dir: BorrowedFd<'_>, name: &CStr) -> io::Result<OsString> {
        let mut buffer = vec![0u8; 4096];
        // SAFETY: a valid directory descriptor, a NUL-terminated name and
        // a buffer of the length given.
        let read = unsafe {
            libc::readlinkat(
                dir.as_raw_fd(),
                name.as_ptr(),
                buffer.as_mut_ptr().cast(),
                buffer.len(),
            )
        };
        let Ok(read) = usize::try_from(read) else {
            return Err(io::Error::last_os_error());
        };
        buffer.truncate(read);
        Ok(OsString::from_vec(buffer))
    }
}

/// Elsewhere: the path is checked, then opened (a file swapped between the
/// two is not caught there).
#[cfg(not(unix))]
mod portable {
    use super::*;
    use std::io;
    use std::path::PathBuf;

    pub struct Root {
        canonical: PathBuf,
    }

    impl Root {
        pub fn at(path: &Path) -> io::Result<Root> {
            Ok(Root {
                canonical: fs::canonicalize(path)?,
            })
        }

        pub fn open_file(&self, relative: &Path) -> Result<fs::File, SkipReason> {
            let target = fs::canonicalize(self.canonical.join(relative))
                .map_err(|error| unreadable_io(&error))?;
            if !target.starts_with(&self.canonical) {
                return Err(SkipReason::OutsideSite);
            }
            fs::File::open(&target).map_err(|error| unreadable_io(&error))
        }
    }

    pub fn open_named(path: &Path) -> Result<fs::File, SkipReason> {
        fs::File::open(path).map_err(|error| unreadable_io(&error))
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::unix::open_component_by_component;
    use super::*;
    use std::io::Read;
    use std::os::fd::AsFd;
    use std::os::unix::fs::symlink;

    fn read(file: Result<fs::File, SkipReason>) -> Result<String, SkipReason> {
        let mut text = String::new();
        file?.read_to_string(&mut text).expect("reads");
        Ok(text)
    }

    /// Both ways of opening (the kernel's and the one by hand) agree on
    /// every kind of path.
    #[test]
    fn nothing_outside_the_site_is_opened_whatever_the_path() {
        let outside = tempfile::tempdir().expect("temp dir");
        let secret = outside.path().join("secret.md");
        fs::write(&secret, "SECRET").expect("write");
        let site = tempfile::tempdir().expect("temp dir");
        let root = site.path().join("site");
        fs::create_dir_all(root.join("en/deep")).expect("mkdir");
        fs::write(root.join("en/post.md"), "POST").expect("write");
        symlink(&secret, root.join("en/absolute.md")).expect("link");
        symlink("../../../secret.md", root.join("en/deep/climbs.md")).expect("link");
        fs::write(site.path().join("secret.md"), "SECRET").expect("write");
        symlink("../post.md", root.join("en/deep/inside.md")).expect("link");
        symlink("deep", root.join("en/shortcut")).expect("link");
        symlink("loop.md", root.join("en/loop.md")).expect("link");
        symlink(outside.path(), root.join("en/away")).expect("link");
        let opened = Root::at(&root).expect("opens");
        let by_hand = fs::File::open(&root).expect("opens");
        for (path, expected) in [
            ("en/post.md", Ok("POST".to_string())),
            ("en/deep/inside.md", Ok("POST".to_string())),
            ("en/shortcut/inside.md", Ok("POST".to_string())),
            ("en/deep/../post.md", Ok("POST".to_string())),
            ("en/absolute.md", Err(SkipReason::OutsideSite)),
            ("en/deep/climbs.md", Err(SkipReason::OutsideSite)),
            ("en/away/secret.md", Err(SkipReason::OutsideSite)),
            ("../secret.md", Err(SkipReason::OutsideSite)),
            ("en/loop.md", Err(SkipReason::SymlinkLoop)),
            ("en/gone.md", Err(SkipReason::Missing)),
        ] {
            let path = Path::new(path);
            assert_eq!(read(opened.open_file(path)), expected, "{path:?}");
            assert_eq!(
                read(open_component_by_component(by_hand.as_fd(), path)),
                expected,
                "{path:?}, by hand"
            );
        }
    }
}
