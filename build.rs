//! `liseuse --version` names the commit it was built from, when it is
//! built from a git checkout: `0.1.0 (1a2b3c4)`. From a packaged crate (no
//! `.git` beside `Cargo.toml`, even inside someone else's repository) or
//! without git, the version alone.

use std::path::Path;
use std::process::Command;

fn main() {
    let version = env!("CARGO_PKG_VERSION");
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    // `.git` is a directory in a clone, a file in a worktree.
    let commit = Path::new(&manifest_dir)
        .join(".git")
        .exists()
        .then(|| git(&manifest_dir, &["rev-parse", "--short", "HEAD"]))
        .flatten();
    match commit {
        Some(commit) => {
            println!("cargo:rustc-env=LISEUSE_VERSION={version} ({commit})");
            // A new commit or a checkout changes HEAD or the branch's ref
            // (loose, or packed): only then is the commit asked again.
            let mut watched = vec![git(&manifest_dir, &["rev-parse", "--git-path", "HEAD"])];
            if let Some(branch) = git(&manifest_dir, &["symbolic-ref", "-q", "HEAD"]) {
                watched.push(git(&manifest_dir, &["rev-parse", "--git-path", &branch]));
            }
            watched.push(git(
                &manifest_dir,
                &["rev-parse", "--git-path", "packed-refs"],
            ));
            for path in watched.into_iter().flatten() {
                let path = Path::new(&manifest_dir).join(path);
                if path.exists() {
                    println!("cargo:rerun-if-changed={}", path.display());
                }
            }
        }
        None => println!("cargo:rustc-env=LISEUSE_VERSION={version}"),
    }
    println!("cargo:rerun-if-changed=build.rs");
}

/// The trimmed output of `git args` run in `dir`, if git ran and succeeded.
fn git(dir: &str, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    (output.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
}
