//! The user's editor, run on a post's file (`e`) while the reader has
//! given the terminal back.

use std::path::Path;
use std::process::Command;

/// The editor's program and arguments for `path` at `line`:
/// `$VISUAL`, else `$EDITOR`, else `vi`, as `EDITOR +LINE PATH`. The
/// variable may hold arguments (`code --wait`); it is split into words as
/// a shell would, but no shell runs, so nothing in it is executed as a
/// command line.
pub fn command_line(
    lookup: impl Fn(&str) -> Option<String>,
    path: &Path,
    line: usize,
) -> Result<(String, Vec<String>), String> {
    let (name, value) = ["VISUAL", "EDITOR"]
        .into_iter()
        .find_map(|name| {
            lookup(name)
                .filter(|v| !v.trim().is_empty())
                .map(|v| (name, v))
        })
        .unwrap_or(("", "vi".to_owned()));
    let mut words = shell_words::split(&value).map_err(|error| format!("${name}: {error}"))?;
    if words.is_empty() {
        return Err(format!("${name} is empty"));
    }
    let program = words.remove(0);
    words.push(format!("+{line}"));
    words.push(path.display().to_string());
    Ok((program, words))
}

/// How the editor ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    /// It ran and succeeded.
    Done,
    /// It ran and ended in failure: the file may still have changed.
    Failed(String),
    /// It could not be started (or the variable could not be read).
    NotStarted(String),
}

/// Runs the editor and waits for it. A problem is one line naming the
/// editor.
pub fn run(path: &Path, line: usize) -> Ending {
    let (program, args) = match command_line(|name| std::env::var(name).ok(), path, line) {
        Ok(command) => command,
        Err(problem) => return Ending::NotStarted(problem),
    };
    run_command(&program, &args)
}

fn run_command(program: &str, args: &[String]) -> Ending {
    match Command::new(program).args(args).status() {
        Err(error) => Ending::NotStarted(format!("{program}: {error}")),
        Ok(status) if status.success() => Ending::Done,
        Ok(status) => Ending::Failed(format!("{program}: {status}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    fn line(vars: &[(&str, &str)]) -> Result<(String, Vec<String>), String> {
        command_line(with(vars), Path::new("/site/a b.md"), 12)
    }

    #[test]
    fn visual_comes_before_editor_and_vi_last() {
        let args = vec!["+12".to_owned(), "/site/a b.md".to_owned()];
        assert_eq!(
            line(&[("VISUAL", "nano"), ("EDITOR", "ed")]),
            Ok(("nano".to_owned(), args.clone()))
        );
        assert_eq!(
            line(&[("EDITOR", "ed")]),
            Ok(("ed".to_owned(), args.clone()))
        );
        assert_eq!(
            line(&[("VISUAL", " "), ("EDITOR", "ed")]),
            Ok(("ed".to_owned(), args.clone()))
        );
        assert_eq!(line(&[]), Ok(("vi".to_owned(), args)));
    }

    #[test]
    fn the_variable_is_split_like_a_shell_would_without_running_one() {
        let (program, args) =
            line(&[("EDITOR", "'/opt/my editor/code' --wait; rm -rf ~")]).expect("splits");
        assert_eq!(program, "/opt/my editor/code");
        assert_eq!(args, ["--wait;", "rm", "-rf", "~", "+12", "/site/a b.md"]);
    }

    #[test]
    fn an_unbalanced_quote_is_a_one_line_error_naming_the_variable() {
        let error = line(&[("VISUAL", "vim \"-c")]).expect_err("unbalanced");
        assert!(error.starts_with("$VISUAL: "), "{error}");
        assert!(!error.contains('\n'));
    }

    #[test]
    fn how_the_editor_ended_is_told_apart() {
        let path = Path::new("/nonexistent/post.md");
        // `true` and `false` take any arguments and write nothing.
        let run_with = |program: &str| {
            let (program, args) =
                command_line(with(&[("VISUAL", program)]), path, 3).expect("splits");
            run_command(&program, &args)
        };
        assert_eq!(run_with("true"), Ending::Done);
        assert!(matches!(run_with("false"), Ending::Failed(p) if p.starts_with("false: ")));
        assert!(matches!(
            run_with("/nonexistent/liseuse-editor"),
            Ending::NotStarted(p) if p.starts_with("/nonexistent/liseuse-editor: ")
        ));
    }
}
