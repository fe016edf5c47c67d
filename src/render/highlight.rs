//! Fenced code with a language, highlighted at parse time: each line cut
//! into runs of a [`CodeRole`], which the theme turns into one of the 16
//! colours (or an attribute, or nothing) at layout.
//!
//! The grammars are syntect's, with the extra ones `bat` ships (TOML,
//! Dockerfile, TypeScript…) from `two-face`. They are read from the binary
//! on first use only ([`SYNTAXES`]), and each grammar's patterns are
//! compiled when a block of its language is first highlighted: `show` of
//! a post without fenced code in a known language pays nothing.
//!
//! The patterns run on Oniguruma (two-face's `syntect-onig`): with
//! `fancy-regex` a post with a TypeScript block took a third of a second
//! (docs/dependencies.md).
//!
//! The reader does not wait for it: it shows a post's code plain and
//! has [`CodeJob`]s done in the background (a post in nine languages
//! took 39 ms, a stalled key). Highlighting never changes where lines
//! break, only their colours, so the coloured lines take the plain ones'
//! place without moving anything. `show` highlights at once.
//!
//! Only scopes are used, never a syntect colour theme: a scope becomes a
//! role here, and the role a style of the user's theme, so light, high
//! contrast, `mono` and `NO_COLOR` all apply to code too.

use super::{BlockKind, Document};
use std::sync::LazyLock;
use two_face::re_exports::syntect::parsing::{
    ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet,
};

/// What a run of code is, as far as colour goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodeRole {
    Plain,
    Comment,
    Keyword,
    String,
    /// Numbers and named constants (`true`, `None`).
    Constant,
    Type,
    Function,
    /// HTML and XML tag names, YAML and TOML keys.
    Tag,
    Attribute,
}

impl CodeRole {
    /// The roles that have a style of their own, in the theme's order.
    pub const STYLED: [CodeRole; 8] = [
        CodeRole::Comment,
        CodeRole::Keyword,
        CodeRole::String,
        CodeRole::Constant,
        CodeRole::Type,
        CodeRole::Function,
        CodeRole::Tag,
        CodeRole::Attribute,
    ];

    /// Index into the theme's code styles; `None` for plain code.
    pub fn index(self) -> Option<usize> {
        CodeRole::STYLED.iter().position(|&role| role == self)
    }
}

/// A line of code as runs: each ends at a byte offset of the line.
pub type Runs = Vec<(usize, CodeRole)>;

/// Bytes of one block highlighted at most; the rest is plain. syntect's
/// regular expressions can take very long on hostile input, and a
/// generated file pasted into a post needs no colours.
pub const MAX_BLOCK_BYTES: usize = 64 * 1024;

/// Longer lines (minified code) end the highlighting of their block.
pub const MAX_LINE_BYTES: usize = 2_000;

/// Every grammar, loaded on first use.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

/// Scope prefixes and their roles, the more specific first; a scope takes
/// the role of the first prefix it starts with.
static ROLES: LazyLock<Vec<(Scope, CodeRole)>> = LazyLock::new(|| {
    [
        ("comment", CodeRole::Comment),
        ("string", CodeRole::String),
        ("constant.character.escape", CodeRole::Keyword),
        ("constant", CodeRole::Constant),
        ("entity.name.tag", CodeRole::Tag),
        ("meta.mapping.key", CodeRole::Tag),
        ("entity.other.attribute-name", CodeRole::Attribute),
        ("entity.name.function", CodeRole::Function),
        ("support.function", CodeRole::Function),
        ("variable.function", CodeRole::Function),
        ("entity.name.type", CodeRole::Type),
        ("entity.name.class", CodeRole::Type),
        ("entity.name.struct", CodeRole::Type),
        ("entity.name.enum", CodeRole::Type),
        ("support.type", CodeRole::Type),
        ("support.class", CodeRole::Type),
        ("storage.type", CodeRole::Keyword),
        ("storage", CodeRole::Keyword),
        ("keyword.operator", CodeRole::Plain),
        ("keyword", CodeRole::Keyword),
        ("variable.parameter", CodeRole::Attribute),
        ("variable.other.key", CodeRole::Tag),
    ]
    .into_iter()
    .filter_map(|(name, role)| Some((Scope::new(name).ok()?, role)))
    .collect()
});

/// The language a fence's info string names (```` ```rust ````,
/// ```` ```{.python} ````, ```` ```toml title="x" ````), lower case.
pub fn fence_language(info: &str) -> Option<String> {
    let word = info
        .split(|c: char| c.is_whitespace() || c == ',')
        .find(|w| !w.is_empty())?;
    let word = word
        .trim_matches(|c| c == '{' || c == '}')
        .trim_start_matches('.');
    let word = word.strip_prefix("language-").unwrap_or(word);
    (!word.is_empty() && word.len() <= 40).then(|| word.to_ascii_lowercase())
}

/// Whether a language name means no highlighting, without loading the
/// grammars to find out.
fn is_plain(language: &str) -> bool {
    matches!(
        language,
        "text" | "txt" | "plain" | "plaintext" | "none" | "output"
    )
}

/// The grammar for `language`, by name or file extension.
fn syntax(language: &str) -> Option<&'static SyntaxReference> {
    if is_plain(language) {
        return None;
    }
    let token = match language {
        // Names writers use that are neither a grammar's name nor an
        // extension.
        "shell" | "console" | "terminal" | "shell-session" | "zsh" => "bash",
        "docker" => "Dockerfile",
        "golang" => "go",
        "typescript" => "ts",
        "javascript" | "node" => "js",
        "yml" => "yaml",
        other => other,
    };
    SYNTAXES.find_syntax_by_token(token)
}

/// The runs of each line of `lines`, written in `language`; `None` when
/// the language is not known (the block is shown plain). Past the budget
/// ([`MAX_BLOCK_BYTES`], [`MAX_LINE_BYTES`]) or on a grammar's error,
/// the lines left are plain (no runs).
pub fn highlight(language: &str, lines: &[String]) -> Option<Vec<Runs>> {
    let syntax = syntax(language)?;
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut out = Vec::with_capacity(lines.len());
    let mut budget = MAX_BLOCK_BYTES;
    let mut line_with_end = String::new();
    for line in lines {
        if line.len() > MAX_LINE_BYTES || line.len() > budget {
            break;
        }
        budget -= line.len();
        // The grammars are the "newlines" set: each line ends with `\n`.
        line_with_end.clear();
        line_with_end.push_str(line);
        line_with_end.push('\n');
        let Ok(ops) = state.parse_line(&line_with_end, &SYNTAXES) else {
            break;
        };
        let mut runs: Runs = Vec::new();
        let mut at = 0;
        let mut failed = false;
        for (position, op) in ops {
            let position = position.min(line.len());
            if position > at {
                push_run(&mut runs, position, role_of(&stack));
                at = position;
            }
            if stack.apply(&op).is_err() {
                failed = true;
                break;
            }
        }
        if failed {
            break;
        }
        if line.len() > at {
            push_run(&mut runs, line.len(), role_of(&stack));
        }
        out.push(runs);
    }
    Some(out)
}

/// A code block of a document to highlight: its language and lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeJob {
    /// The block's index in its document.
    pub block: usize,
    pub language: String,
    pub lines: Vec<String>,
}

/// A [`CodeJob`] done: the block's runs, `None` for a language not known.
pub type Highlighted = (usize, Option<Vec<Runs>>);

impl CodeJob {
    pub fn run(&self) -> Highlighted {
        (self.block, highlight(&self.language, &self.lines))
    }
}

impl Document {
    /// The code blocks that name a language and are not highlighted yet.
    pub fn code_to_highlight(&self) -> Vec<CodeJob> {
        self.blocks
            .iter()
            .enumerate()
            .filter_map(|(block, b)| match &b.kind {
                BlockKind::Code {
                    lines,
                    language: Some(language),
                    highlight: None,
                } if !is_plain(language) => Some(CodeJob {
                    block,
                    language: language.clone(),
                    lines: lines.clone(),
                }),
                _ => None,
            })
            .collect()
    }

    /// Gives the code blocks their runs; ones that are not code blocks
    /// any more (the job was of another document) are left alone.
    pub fn set_highlights(&mut self, done: Vec<Highlighted>) {
        for (block, runs) in done {
            if let Some(BlockKind::Code {
                lines, highlight, ..
            }) = self.blocks.get_mut(block).map(|b| &mut b.kind)
            {
                // Runs of other lines would colour the wrong text.
                let fits = runs.as_ref().is_none_or(|r| r.len() <= lines.len());
                if fits {
                    *highlight = runs;
                }
            }
        }
    }

    /// Highlights every code block now, on this thread.
    pub fn highlight_code(&mut self) {
        let done = self.code_to_highlight().iter().map(CodeJob::run).collect();
        self.set_highlights(done);
    }
}

/// Adds a run, joined to the previous one when they share a role.
fn push_run(runs: &mut Runs, end: usize, role: CodeRole) {
    match runs.last_mut() {
        Some((last_end, last_role)) if *last_role == role => *last_end = end,
        _ => runs.push((end, role)),
    }
}

/// The role of the innermost scope that has one.
fn role_of(stack: &ScopeStack) -> CodeRole {
    stack
        .as_slice()
        .iter()
        .rev()
        .find_map(|&scope| {
            ROLES
                .iter()
                .find(|(prefix, _)| prefix.is_prefix_of(scope))
                .map(|&(_, role)| role)
        })
        .unwrap_or(CodeRole::Plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(code: &str) -> Vec<String> {
        code.lines().map(str::to_string).collect()
    }

    fn roles(language: &str, code: &str) -> std::collections::HashSet<CodeRole> {
        highlight(language, &lines(code))
            .unwrap_or_else(|| panic!("{language} is not known"))
            .into_iter()
            .flatten()
            .map(|(_, role)| role)
            .filter(|&role| role != CodeRole::Plain)
            .collect()
    }

    #[test]
    fn the_info_string_names_the_language() {
        assert_eq!(fence_language("rust"), Some("rust".into()));
        assert_eq!(fence_language("{.Python}"), Some("python".into()));
        assert_eq!(fence_language("toml title=\"a\""), Some("toml".into()));
        assert_eq!(fence_language("language-go"), Some("go".into()));
        assert_eq!(fence_language("  "), None);
    }

    #[test]
    fn each_language_of_the_site_gets_several_roles() {
        let cases = [
            (
                "toml",
                "# réglages\n[site]\ntitre = \"Mon site\"\npages = 12\n",
            ),
            (
                "dockerfile",
                "# image\nFROM debian:12\nRUN echo \"bonjour\"\n",
            ),
            (
                "typescript",
                "// note\nconst n: number = 3;\nfunction f(a: string) { return \"x\"; }\n",
            ),
            ("html", "<!-- note -->\n<a href=\"/fr/\">accueil</a>\n"),
            ("yaml", "# note\ntitre: \"Bonjour\"\nnombre: 3\n"),
            (
                "rust",
                "// note\nfn main() { let x = 3; println!(\"{x}\"); }\n",
            ),
            (
                "go",
                "// note\nfunc main() { x := 3; fmt.Println(\"x\", x) }\n",
            ),
            ("python", "# note\ndef f(x):\n    return \"x\" + str(3)\n"),
            ("sh", "# note\nfor f in *.md; do echo \"$f\"; done\n"),
            ("shell", "# note\nexport A=\"b\"\n"),
        ];
        for (language, code) in cases {
            let found = roles(language, code);
            assert!(found.len() >= 3, "{language}: only {found:?}");
            assert!(found.contains(&CodeRole::Comment), "{language}: {found:?}");
        }
    }

    #[test]
    fn runs_cover_each_line_exactly() {
        let code = lines("let s = \"é\"; // fin\nlet n = 1;");
        let runs = highlight("rust", &code).unwrap();
        for (line, runs) in code.iter().zip(&runs) {
            assert_eq!(runs.last().map(|r| r.0), Some(line.len()));
            assert!(runs.windows(2).all(|w| w[0].0 < w[1].0));
            assert!(runs.iter().all(|r| line.is_char_boundary(r.0)));
        }
    }

    #[test]
    fn unknown_and_plain_languages_are_not_highlighted() {
        assert!(highlight("no-such-language", &lines("a")).is_none());
        assert!(highlight("text", &lines("a")).is_none());
    }

    #[test]
    fn a_plain_document_is_highlighted_by_its_jobs_alike() {
        let body = "Text.\n\n```rust\nfn main() {}\n```\n\n```text\nplain\n```\n\n```\nnone\n```\n";
        let words = crate::render::shortcodes::Words::English;
        let format = crate::render::BodyFormat::Markdown;
        let mut plain = crate::render::parse_plain(body, format, words);
        let jobs = plain.code_to_highlight();
        assert_eq!(jobs.len(), 1, "{jobs:?}");
        assert_eq!(jobs[0].language, "rust");
        plain.set_highlights(jobs.iter().map(CodeJob::run).collect());
        assert_eq!(plain, crate::render::parse_in(body, format, words));
        assert!(plain.code_to_highlight().is_empty());
    }

    #[test]
    fn past_the_budget_the_rest_is_plain() {
        let mut code = vec!["let a = 1;".to_string(), "x".repeat(MAX_LINE_BYTES + 1)];
        code.push("let b = 2;".to_string());
        assert_eq!(highlight("rust", &code).unwrap().len(), 1);
        let many = vec!["let a = \"b\";".to_string(); MAX_BLOCK_BYTES];
        let runs = highlight("rust", &many).unwrap();
        assert!(runs.len() < many.len());
        assert!(runs.len() * many[0].len() <= MAX_BLOCK_BYTES);
    }
}
