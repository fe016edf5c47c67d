use super::*;
use crate::app::keymap::KeySpec;
use crate::theme::Theme;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier, Style};

fn parsed(text: &str) -> Parsed {
    parse(
        text,
        Path::new("/conf/liseuse/config.toml"),
        Some(Path::new("/home/ada")),
    )
}

/// The settings of a file that must have no problem.
fn settings(text: &str) -> Settings {
    let parsed = parsed(text);
    assert_eq!(parsed.problems, [], "{text}");
    parsed.settings
}

fn problems(text: &str) -> Vec<String> {
    parsed(text)
        .problems
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn an_empty_file_sets_nothing() {
    assert_eq!(settings(""), Settings::default());
    assert_eq!(settings("# only a comment\n"), Settings::default());
}

#[test]
fn site_expands_home_and_starts_relative_paths_beside_the_file() {
    assert_eq!(
        settings("site = \"~/blog\"").site,
        Some(PathBuf::from("/home/ada/blog"))
    );
    assert_eq!(
        settings("site = \"sites/fr\"").site,
        Some(PathBuf::from("/conf/liseuse/sites/fr"))
    );
    assert_eq!(
        settings("site = \"/srv/site\"").site,
        Some(PathBuf::from("/srv/site"))
    );
    assert_eq!(
        problems("site = 3"),
        ["/conf/liseuse/config.toml:1:8: `site`: expected a directory; found a number"]
    );
}

#[test]
fn lang_takes_a_tag() {
    assert_eq!(settings("lang = \"fr-CA\"").lang.as_deref(), Some("fr-CA"));
    assert_eq!(
        problems("lang = \"fr ca\""),
        [
            "/conf/liseuse/config.toml:1:8: `lang`: expected a language tag such as \"fr\"; found \"fr ca\""
        ]
    );
}

#[test]
fn theme_takes_a_name_and_remembers_where() {
    let theme = settings("\n  theme = \"solarized\"").theme.expect("set");
    assert_eq!(theme.value, "solarized");
    assert_eq!(
        theme.position,
        Position {
            line: 2,
            column: 11
        }
    );
    assert_eq!(
        problems("theme = \"../etc/passwd\"").len(),
        1,
        "a name never leaves the themes' directory"
    );
}

#[test]
fn switches_take_true_or_false() {
    let set = settings("accessible = true\nmouse = false\nhyperlinks = true\nwatch = false");
    assert_eq!(
        (set.accessible, set.mouse, set.hyperlinks, set.watch),
        (Some(true), Some(false), Some(true), Some(false))
    );
    assert_eq!(settings("watch = true").watch, Some(true));
    assert_eq!(
        problems("watch = 0"),
        ["/conf/liseuse/config.toml:1:9: `watch`: expected true or false; found a number"]
    );
    assert_eq!(
        problems("mouse = \"no\""),
        ["/conf/liseuse/config.toml:1:9: `mouse`: expected true or false; found a string"]
    );
}

#[test]
fn measure_is_a_number_of_columns_in_range() {
    assert_eq!(settings("measure = 72").measure, Some(72));
    assert_eq!(settings("measure = 1_000").measure, Some(1000));
    assert_eq!(
        problems("measure = 5"),
        [
            "/conf/liseuse/config.toml:1:11: `measure`: expected a number of columns from 20 to 1000; found 5"
        ]
    );
    assert_eq!(problems("measure = 80.5").len(), 1);
}

#[test]
fn list_width_is_auto_columns_or_a_share() {
    assert_eq!(
        settings("list_width = 40").list_width,
        Some(ListWidth::Columns(40))
    );
    assert_eq!(
        settings("list_width = \"35%\"").list_width,
        Some(ListWidth::Percent(35))
    );
    assert_eq!(
        settings("list_width = \"auto\"").list_width,
        Some(ListWidth::Auto)
    );
    for bad in [
        "list_width = \"95%\"",
        "list_width = 3",
        "list_width = \"wide\"",
    ] {
        let found = problems(bad);
        assert_eq!(found.len(), 1, "{bad}");
        assert!(found[0].contains("expected \"auto\", columns"), "{found:?}");
    }
}

#[test]
fn date_format_is_checked_and_measured() {
    assert_eq!(
        settings("date_format = \"%d/%m/%Y\"").date_format,
        Some(("%d/%m/%Y".to_string(), 10))
    );
    // The widest month gives the column.
    assert_eq!(
        settings("date_format = \"%B %-d\"").date_format,
        Some(("%B %-d".to_string(), 12))
    );
    let found = problems("date_format = \"%Q\"");
    assert_eq!(found.len(), 1);
    assert!(
        found[0].starts_with(
            "/conf/liseuse/config.toml:1:15: `date_format`: expected a strftime format"
        ),
        "{found:?}"
    );
    assert_eq!(
        problems(&format!("date_format = \"{}\"", "%Y".repeat(40))).len(),
        1
    );
}

#[test]
fn keys_bind_with_modifiers_on_top_of_the_defaults() {
    let set = settings(
        "[keys]\n\"ctrl-n\" = \"next-post\"\n\"x\" = \"quit\"\n\"alt-j\" = \"down\"\n\"shift-tab\" = \"previous-link\"\n\"q\" = \"none\"",
    );
    let key = |code, control, alt| KeySpec { code, control, alt };
    assert_eq!(
        set.keys,
        [
            (key(KeyCode::Char('n'), true, false), Some(Action::NextPost)),
            (key(KeyCode::Char('x'), false, false), Some(Action::Quit)),
            (key(KeyCode::Char('j'), false, true), Some(Action::Down)),
            (
                key(KeyCode::BackTab, false, false),
                Some(Action::PreviousLink)
            ),
            (key(KeyCode::Char('q'), false, false), None),
        ]
    );
}

#[test]
fn a_bad_key_or_action_is_named_and_the_rest_applies() {
    let text = "[keys]\n\"ctrl-n\" = \"next-post\"\n\"hyper-x\" = \"quit\"\n\"y\" = \"fly\"\n\"ctrl-c\" = \"down\"\n";
    let parsed = parsed(text);
    let found: Vec<String> = parsed.problems.iter().map(ToString::to_string).collect();
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found[0].starts_with("/conf/liseuse/config.toml:3:1: [keys]: `hyper-x` is not a key"));
    assert!(found[1].starts_with("/conf/liseuse/config.toml:4:7: [keys]: `fly` is not an action"));
    assert!(found[2].starts_with("/conf/liseuse/config.toml:5:1:"));
    assert!(found[2].contains("Ctrl-C always quits"));
    assert_eq!(parsed.settings.keys.len(), 1, "ctrl-n still applies");
}

#[test]
fn a_bad_file_names_line_and_column_and_the_rest_applies() {
    let text = "lang = \"fr\"\ncolour = \"blue\"\nmeasure = \"wide\"\nmouse = false\n";
    let parsed = parsed(text);
    let found: Vec<String> = parsed.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        found,
        [
            "/conf/liseuse/config.toml:2:1: unknown setting `colour`: expected one of site, lang, theme, accessible, mouse, watch, measure, list_width, hyperlinks, date_format, keys",
            "/conf/liseuse/config.toml:3:11: `measure`: expected a number of columns from 20 to 1000; found a string",
        ]
    );
    assert_eq!(parsed.settings.lang.as_deref(), Some("fr"));
    assert_eq!(parsed.settings.mouse, Some(false));
}

#[test]
fn broken_toml_is_a_problem_at_its_place_and_what_parsed_applies() {
    let parsed = parsed("mouse = false\nmeasure = = 3\n");
    assert!(!parsed.problems.is_empty());
    let first = parsed.problems[0].to_string();
    assert!(first.starts_with("/conf/liseuse/config.toml:2:"), "{first}");
    assert!(first.contains("not TOML"), "{first}");
    assert_eq!(parsed.settings.mouse, Some(false));
}

#[test]
fn the_seed_file_parses_without_a_problem_and_sets_nothing() {
    assert_eq!(settings(SEED), Settings::default());
}

#[test]
fn positions_count_characters_from_one() {
    assert_eq!(Position::of("a\nbé c", 6), Position { line: 2, column: 4 });
    assert_eq!(Position::of("", 0), Position { line: 1, column: 1 });
}

#[test]
fn the_config_path_comes_from_the_flag_then_the_environment_then_xdg() {
    let none = |_: &str| None;
    let env = |name: &str| (name == "LISEUSE_CONFIG").then(|| "/env/c.toml".to_string());
    let xdg = Some(PathBuf::from("/x/liseuse"));
    assert_eq!(
        ConfigPath::chosen(Some(Path::new("/flag.toml")), env, xdg.clone()),
        Some(ConfigPath {
            path: PathBuf::from("/flag.toml"),
            asked_for: true
        })
    );
    assert_eq!(
        ConfigPath::chosen(None, env, xdg.clone()).map(|p| p.path),
        Some(PathBuf::from("/env/c.toml"))
    );
    let default = ConfigPath::chosen(None, none, xdg).expect("a default");
    assert_eq!(default.path, PathBuf::from("/x/liseuse/config.toml"));
    assert!(!default.asked_for);
    assert_eq!(default.themes_dir(), PathBuf::from("/x/liseuse/themes"));
}

#[test]
fn a_missing_file_is_a_problem_only_when_asked_for() {
    let dir = tempfile::tempdir().expect("a directory");
    let path = dir.path().join("config.toml");
    let quiet = Config::read(
        Some(ConfigPath {
            path: path.clone(),
            asked_for: false,
        }),
        None,
    );
    assert!(!quiet.found && quiet.problems.is_empty());
    let asked = Config::read(
        Some(ConfigPath {
            path,
            asked_for: true,
        }),
        None,
    );
    assert_eq!(asked.problems.len(), 1);
    assert!(
        asked.problems[0]
            .to_string()
            .ends_with("config.toml: no such file")
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_directory_is_refused_without_waiting() {
    let dir = tempfile::tempdir().expect("a directory");
    let fifo = dir.path().join("config.toml");
    let name = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).expect("a path");
    // SAFETY: mkfifo reads a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
    assert_eq!(read_file(&fifo), Err("not a regular file".to_string()));
    assert_eq!(read_file(dir.path()), Err("not a regular file".to_string()));
}

#[test]
fn a_file_past_the_budget_is_not_read() {
    let dir = tempfile::tempdir().expect("a directory");
    let path = dir.path().join("config.toml");
    let file = std::fs::File::create(&path).expect("created");
    file.set_len(MAX_CONFIG_BYTES + 1).expect("sized");
    assert!(read_file(&path).expect_err("too large").contains("4 MB"));
}

#[test]
fn the_notice_gives_the_first_problem_and_counts_the_rest() {
    let mut config = Config::default();
    assert_eq!(config.notice(), None);
    config.problems = parsed("a = 1\nb = 2").problems;
    let notice = config.notice().expect("a notice");
    assert!(
        notice.starts_with("config.toml:1:1: unknown setting `a`"),
        "{notice}"
    );
    assert!(notice.ends_with("(and 1 more: liseuse config --check)"));
}

mod themes {
    use super::*;
    use crate::config::theme_file;

    #[test]
    fn a_theme_file_replaces_styles_of_its_base() {
        let (theme, problems) = theme_file::parse(
            "base = \"light\"\nlink = \"bold light-cyan on black\"\nheading_1 = \"plain\"\n",
            Path::new("themes/mine.toml"),
        );
        assert_eq!(problems, []);
        assert_eq!(
            theme.link,
            Style::new()
                .fg(Color::LightCyan)
                .bg(Color::Black)
                .add_modifier(Modifier::BOLD)
        );
        assert_eq!(theme.heading[0], Style::new());
        assert_eq!(theme.title, Theme::light().title, "the rest is the base's");
    }

    #[test]
    fn a_theme_file_sets_the_styles_of_code() {
        let (theme, problems) = theme_file::parse(
            "code_keyword = \"bold blue\"\ncode_attribute = \"plain\"\n",
            Path::new("themes/mine.toml"),
        );
        assert_eq!(problems, []);
        let keyword = theme.code_style(crate::render::highlight::CodeRole::Keyword);
        assert_eq!(keyword.fg, Some(Color::Blue));
        assert!(keyword.add_modifier.contains(Modifier::BOLD));
        let attribute = crate::render::highlight::CodeRole::Attribute;
        assert_eq!(theme.code_style(attribute), theme.code_block);
        let string = crate::render::highlight::CodeRole::String;
        assert_eq!(
            theme.code_style(string),
            Theme::colored().code_style(string),
            "the rest is the base's"
        );
        // NO_COLOR takes the code's colours too.
        let plain = theme_file::without_colour(theme);
        let keyword = crate::render::highlight::CodeRole::Keyword;
        assert_eq!(plain.code_style(keyword).fg, None);
    }

    #[test]
    fn a_bad_style_is_named_and_the_rest_applies() {
        let (theme, problems) = theme_file::parse(
            "base = \"sepia\"\nlink = \"#ff0000\"\nkey = \"bold\"\nsparkle = \"red\"\n",
            Path::new("themes/mine.toml"),
        );
        let found: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found[0].starts_with("themes/mine.toml:1:8: `base`: expected a built-in theme"));
        assert!(
            found[1].starts_with("themes/mine.toml:2:8: `link`: expected words among the colours")
        );
        assert!(found[1].ends_with("found `#ff0000`"), "{}", found[1]);
        assert!(found[2].starts_with("themes/mine.toml:4:1: unknown style `sparkle`"));
        assert_eq!(theme.key, Style::new().add_modifier(Modifier::BOLD));
        assert_eq!(theme.link, Theme::colored().link, "the default base kept");
    }

    #[test]
    fn styles_take_sixteen_colours_and_attributes_only() {
        assert!(theme_file::parse_style("red on blue bold italic").is_ok());
        assert!(theme_file::parse_style("rgb(1,2,3)").is_err());
        assert!(theme_file::parse_style("red blue").is_err());
        assert!(theme_file::parse_style("on").is_err());
        assert!(theme_file::parse_style("").is_err());
    }

    #[test]
    fn themes_are_found_built_in_then_as_files_and_no_color_wins() {
        let dir = tempfile::tempdir().expect("a directory");
        std::fs::write(
            dir.path().join("sea.toml"),
            "base = \"mono\"\nlink = \"underlined blue\"\n",
        )
        .expect("written");
        let (sea, problems) = theme_file::find("sea", Some(dir.path()), false).expect("found");
        assert_eq!(problems, []);
        assert_eq!(sea.link.fg, Some(Color::Blue));
        let (grey, _) = theme_file::find("sea", Some(dir.path()), true).expect("found");
        assert_eq!(grey.link, Style::new().add_modifier(Modifier::UNDERLINED));
        let (built_in, _) = theme_file::find("light", Some(dir.path()), false).expect("built in");
        assert_eq!(built_in, Theme::light());
        let missing = theme_file::find("lake", Some(dir.path()), false).expect_err("none");
        assert!(
            missing.contains("one of: default, light, high-contrast, mono, sea"),
            "{missing}"
        );
        assert!(theme_file::find("../sea", Some(dir.path()), false).is_err());
        assert_eq!(theme_file::available(dir.path()), ["sea"]);
    }
}
