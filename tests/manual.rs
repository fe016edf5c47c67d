//! `liseuse --generate`: every output is well formed. The manual pages go
//! through groff with every warning on (or, without groff, a check that
//! each request is one the `man` macros know and fonts are balanced); the
//! bash completions are sourced by bash and offer the commands.

use assert_cmd::Command;
use std::process::Stdio;

fn generate(what: &str) -> String {
    let output = Command::cargo_bin("liseuse")
        .expect("the liseuse binary is built")
        .args(["--generate", what])
        .output()
        .expect("liseuse runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "--generate {what}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stderr.is_empty(), "--generate {what} is quiet");
    String::from_utf8(output.stdout).expect("UTF-8")
}

fn have(program: &str) -> bool {
    std::process::Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// groff's complaints about `page`, every warning on (`-ww`).
fn groff_warnings(page: &str) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("groff starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(page.as_bytes())
        .expect("page written");
    let output = child.wait_with_output().expect("groff ends");
    assert!(output.status.success());
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Without groff: each request is one of the `man` macros or a basic
/// request, and every `\fB`/`\fI` is closed by `\fR` on its line.
fn check_requests(page: &str) {
    const KNOWN: &[&str] = &[
        "TH", "SH", "SS", "PP", "TP", "RS", "RE", "br", "nf", "fi", "ie", "el", "ds", "IP", "B",
        "I",
    ];
    for line in page.lines() {
        if let Some(request) = line.strip_prefix('.') {
            let name = request.split_whitespace().next().unwrap_or("");
            assert!(KNOWN.contains(&name), "unknown request: {line}");
        }
        let opened = line.matches("\\fB").count() + line.matches("\\fI").count();
        assert_eq!(opened, line.matches("\\fR").count(), "fonts: {line}");
    }
}

fn check_man_page(page: &str, section_names: &[&str]) {
    assert!(page.starts_with(".TH LISEUSE 1 "), "{}", &page[..40]);
    assert!(page.is_ascii(), "non-ASCII written as groff escapes");
    for name in section_names {
        assert!(
            page.contains(&format!(".SH {name}\n")) || page.contains(&format!(".SH \"{name}\"\n")),
            "section {name}"
        );
    }
    for command in ["list", "check", "show", "open", "search", "resolve"] {
        assert!(
            page.contains(&format!(".SS \"liseuse {command}\"")),
            "{command}"
        );
    }
    check_requests(page);
    if have("groff") {
        let warnings = groff_warnings(page);
        assert!(warnings.is_empty(), "groff: {warnings}");
    }
}

#[test]
fn the_english_manual_is_well_formed_and_complete() {
    let page = generate("man");
    check_man_page(
        &page,
        &[
            "NAME",
            "SYNOPSIS",
            "DESCRIPTION",
            "OPTIONS",
            "COMMANDS",
            "KEYS",
            "ENVIRONMENT",
            "FILES",
            "EXIT STATUS",
            "EXAMPLES",
        ],
    );
    for words in [
        "NO_COLOR",
        "LC_MESSAGES",
        "128+N",
        "Keep the filter",
        "Ctrl\\-C",
    ] {
        assert!(page.contains(words), "{words}");
    }
    // The test-only options stay out, and so does the test-only variable.
    assert!(!page.contains("first\\-frame") && !page.contains("LISEUSE_CORPUS"));
}

#[test]
fn the_french_manual_translates_the_prose_not_the_options() {
    let page = generate("man-fr");
    check_man_page(
        &page,
        &[
            "NOM",
            "SYNOPSIS",
            "DESCRIPTION",
            "OPTIONS",
            "COMMANDES",
            "TOUCHES",
            "ENVIRONNEMENT",
            "FICHIERS",
            "CODE DE RETOUR",
            "EXEMPLES",
        ],
    );
    assert!(page.contains("\\-\\-strict") && page.contains("\\-\\-generate"));
    assert!(page.contains("Garder le filtre"), "keys from the keymap");
    assert!(page.contains("Commandes utilisateur"));
    assert!(!page.contains("Keep the filter") && !page.contains("Print one JSON"));
}

#[test]
fn bash_completion_is_sourced_and_offers_the_commands() {
    let script = generate("complete-bash");
    if !have("bash") {
        assert!(script.contains("complete -F _liseuse"));
        return;
    }
    let dir = tempfile::tempdir().expect("temporary directory");
    let file = dir.path().join("liseuse.bash");
    std::fs::write(&file, &script).expect("script written");
    let probe = format!(
        "source '{}'; complete -p liseuse; \
         COMP_WORDS=(liseuse ''); COMP_CWORD=1; COMP_LINE='liseuse '; COMP_POINT=8; \
         _liseuse liseuse '' liseuse; printf '%s\\n' \"${{COMPREPLY[@]}}\"; \
         COMP_WORDS=(liseuse show --c); COMP_CWORD=2; _liseuse liseuse --c show; \
         printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        file.display()
    );
    let output = std::process::Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &probe])
        .output()
        .expect("bash runs");
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{printed}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(printed.starts_with("complete "), "{printed}");
    let offered: Vec<&str> = printed.lines().skip(1).collect();
    for command in [
        "list",
        "check",
        "show",
        "open",
        "search",
        "resolve",
        "--generate",
    ] {
        assert!(offered.contains(&command), "{command} in {offered:?}");
    }
    assert!(offered.contains(&"--color"), "show's options: {offered:?}");
}

#[test]
fn the_other_shells_get_their_own_scripts() {
    assert!(generate("complete-zsh").starts_with("#compdef liseuse"));
    let fish = generate("complete-fish");
    assert!(fish.contains("complete -c liseuse"));
    assert!(fish.contains("__fish_liseuse_using_subcommand show"));
    assert!(generate("complete-powershell").contains("Register-ArgumentCompleter"));
    assert!(generate("complete-elvish").contains("edit:completion:arg-completer[liseuse]"));
}

#[test]
fn version_and_unknown_kinds() {
    let version = Command::cargo_bin("liseuse")
        .expect("built")
        .arg("--version")
        .output()
        .expect("runs");
    let printed = String::from_utf8_lossy(&version.stdout);
    assert!(printed.starts_with(concat!("liseuse ", env!("CARGO_PKG_VERSION"))));
    let wrong = Command::cargo_bin("liseuse")
        .expect("built")
        .args(["--generate", "troff"])
        .output()
        .expect("runs");
    assert_eq!(wrong.status.code(), Some(2), "a usage error");
}
