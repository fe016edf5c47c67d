//! What `liseuse --generate` prints: the manual page, in English and in
//! French, and the shell completions. Both are drawn from the clap
//! definition that `--help` prints and from the keymap the reader's own
//! help draws, so none of them can drift from the program.
//!
//! The page is written with `roff` (the crate clap_mangen writes with)
//! rather than with clap_mangen itself: clap_mangen's section titles are
//! English only and its page lists a command's subcommands without their
//! options, and this manual has every option of every command, twice.

use clap::{Arg, Command, ValueEnum};
use clap_complete::Shell;
use liseuse::app::keymap::{
    BINDINGS, BOOKMARK_BINDINGS, Binding, EDITING_BINDINGS, FILTER_BINDINGS, QUIT_ANYWHERE,
};
use liseuse::i18n::Ui;
use roff::{Inline, Roff, bold, italic, roman};
use std::io::{self, Write};
use std::process::ExitCode;

/// What `--generate` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Generate {
    /// The manual page, in English (roff, for `man`).
    Man,
    /// The manual page, in French.
    ManFr,
    CompleteBash,
    CompleteZsh,
    CompleteFish,
    CompletePowershell,
    CompleteElvish,
}

/// Prints `what` for `command` on standard output; a closed pipe is not
/// an error, any other failure to write exits 2.
pub fn print(what: Generate, command: Command) -> ExitCode {
    let text = generate(what, command);
    let mut out = io::stdout().lock();
    match out.write_all(&text).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("liseuse: standard output: {error}");
            ExitCode::from(2)
        }
    }
}

/// The bytes `--generate what` prints.
pub fn generate(what: Generate, mut command: Command) -> Vec<u8> {
    let shell = match what {
        Generate::Man => return man_page(command, Ui::En).into_bytes(),
        Generate::ManFr => return man_page(command, Ui::Fr).into_bytes(),
        Generate::CompleteBash => Shell::Bash,
        Generate::CompleteZsh => Shell::Zsh,
        Generate::CompleteFish => Shell::Fish,
        Generate::CompletePowershell => Shell::PowerShell,
        Generate::CompleteElvish => Shell::Elvish,
    };
    // Into memory first: clap_complete panics when its writer fails.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "liseuse", &mut script);
    script
}

/// English or French, whichever the page is in.
fn pick(ui: Ui, en: &'static str, fr: &'static str) -> &'static str {
    match ui {
        Ui::En => en,
        Ui::Fr => fr,
    }
}

/// The manual page in roff, with every character outside ASCII written
/// as a groff escape (`\[u00E9]`): the page then reads the same whatever
/// encoding `man` assumes.
pub fn man_page(mut command: Command, ui: Ui) -> String {
    command.build();
    let version = command.get_version().unwrap_or_default().to_string();
    let mut page = Roff::new();

    page.control("SH", [pick(ui, "NAME", "NOM")]);
    page.text([roman(pick(
        ui,
        "liseuse - read bilingual website content (Hugo, Jekyll, Eleventy) in the terminal",
        "liseuse - lire dans le terminal le contenu d’un site bilingue (Hugo, Jekyll, Eleventy)",
    ))]);

    page.control("SH", ["SYNOPSIS"]);
    page.text(synopsis(&command, "liseuse"));
    page.control("br", []);
    page.text([
        bold("liseuse"),
        roman(" "),
        italic(pick(ui, "COMMAND", "COMMANDE")),
        roman(" ["),
        italic("OPTIONS"),
        roman("]"),
    ]);

    page.control("SH", ["DESCRIPTION"]);
    for paragraph in DESCRIPTION {
        page.control("PP", []);
        page.text(prose(pick(ui, paragraph.0, paragraph.1)));
    }

    page.control("SH", ["OPTIONS"]);
    for arg in visible_args(&command) {
        describe_arg(&mut page, &command, arg, ui);
    }

    page.control("SH", [pick(ui, "COMMANDS", "COMMANDES")]);
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("liseuse {}", sub.get_name());
        page.control("SS", [name.as_str()]);
        page.text(synopsis(sub, &name));
        page.control("PP", []);
        page.text(prose(&command_about(sub, ui)));
        for arg in visible_args(sub).filter(|a| !is_help_or_version(a)) {
            describe_arg(&mut page, sub, arg, ui);
        }
    }

    page.control("SH", [pick(ui, "KEYS", "TOUCHES")]);
    page.text(prose(pick(
        ui,
        "In the reader, by default (its own help, `?`, shows them with those `[keys]` in the configuration adds or replaces; see FILES):",
        "Dans le lecteur, par défaut (son aide, `?`, les montre avec celles que `[keys]` ajoute ou remplace dans la configuration ; voir FICHIERS) :",
    )));
    for binding in BINDINGS {
        describe_key(&mut page, binding, ui);
    }
    page.control("PP", []);
    page.text(prose(pick(
        ui,
        "While typing a filter or a search:",
        "Pendant la saisie d’un filtre ou d’une recherche :",
    )));
    for binding in FILTER_BINDINGS.iter().chain(EDITING_BINDINGS) {
        describe_key(&mut page, binding, ui);
    }
    page.control("PP", []);
    page.text(prose(pick(
        ui,
        "In the bookmarks (`B`):",
        "Dans les signets (`B`) :",
    )));
    for binding in BOOKMARK_BINDINGS {
        describe_key(&mut page, binding, ui);
    }
    page.control("PP", []);
    page.text(prose(pick(ui, "Anywhere:", "Partout :")));
    describe_key(&mut page, &QUIT_ANYWHERE, ui);

    page.control("SH", [pick(ui, "ACCESSIBILITY", "ACCESSIBILITÉ")]);
    page.text(prose(pick(
        ui,
        "The terminal's cursor, hidden, always sits where the attention is: the selected row's title, the first line of the post in view, the match found, a prompt's caret, the selected entry of a popup; screen readers and braille displays follow it. With `--accessible` (or `LISEUSE_ACCESSIBLE=1`) the interface is linear: one pane at a time, no box-drawing or block characters, the cursor shown, the selected row marked `> `, list rows and status changes written as sentences, headings marked `#`. Nothing is told by colour alone; `--theme high-contrast` keeps the terminal's own colours. See docs/accessibility.md.",
        "Le curseur du terminal, caché, est toujours là où est l’attention : le titre de la ligne choisie, la première ligne visible du billet, l’occurrence trouvée, le point d’insertion d’une saisie, l’élément choisi d’une fenêtre ; lecteurs d’écran et afficheurs braille le suivent. Avec `--accessible` (ou `LISEUSE_ACCESSIBLE=1`) l’interface est linéaire : un volet à la fois, aucun caractère de cadre ou de bloc, le curseur visible, la ligne choisie marquée `> `, les lignes de la liste et les changements d’état écrits en phrases, les intertitres marqués `#`. Rien n’est dit par la couleur seule ; `--theme high-contrast` garde les couleurs du terminal. Voir docs/accessibility.md.",
    )));

    page.control("SH", [pick(ui, "ENVIRONMENT", "ENVIRONNEMENT")]);
    for (name, en, fr) in ENVIRONMENT {
        page.control("TP", []);
        page.text([bold(*name)]);
        page.text(prose(pick(ui, en, fr)));
    }

    page.control("SH", [pick(ui, "FILES", "FICHIERS")]);
    for (name, en, fr) in FILES {
        page.control("TP", []);
        page.text([bold(*name)]);
        page.text(prose(pick(ui, en, fr)));
    }

    page.control("SH", [pick(ui, "EXIT STATUS", "CODE DE RETOUR")]);
    for (code, en, fr) in EXIT_STATUS {
        page.control("TP", []);
        page.text([bold(*code)]);
        page.text(prose(pick(ui, en, fr)));
    }

    page.control("SH", [pick(ui, "EXAMPLES", "EXEMPLES")]);
    for (example, en, fr) in EXAMPLES {
        page.control("PP", []);
        page.text(prose(pick(ui, en, fr)));
        page.control("RS", []);
        page.control("nf", []);
        page.text([roman(*example)]);
        page.control("fi", []);
        page.control("RE", []);
    }

    page.control("SH", [pick(ui, "SEE ALSO", "VOIR AUSSI")]);
    page.text(prose(pick(
        ui,
        "`liseuse --help`, `liseuse COMMAND --help`; the README of the source, which describes what liseuse understands of Hugo, Jekyll and Eleventy sites.",
        "`liseuse --help`, `liseuse COMMANDE --help` ; le README des sources, qui décrit ce que liseuse comprend des sites Hugo, Jekyll et Eleventy.",
    )));

    // `.TH` by hand: its date is left empty (the page is the same at every
    // build), which `Roff::control` cannot write.
    let title = format!(
        ".TH LISEUSE 1 \"\" \"liseuse {version}\" \"{}\"\n",
        pick(ui, "User Commands", "Commandes utilisateur")
    );
    let body = page.render();
    // The apostrophe preamble `render` puts first must come after `.TH`,
    // which starts the page.
    ascii_only(&(title + &body))
}

/// `\[uXXXX]` for every character outside ASCII.
fn ascii_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("\\[u{:04X}]", u32::from(c)));
        }
    }
    out
}

/// Text with `code` spans in bold.
fn prose(text: &str) -> Vec<Inline> {
    text.split('`')
        .enumerate()
        .filter(|(_, part)| !part.is_empty())
        .map(|(i, part)| if i % 2 == 1 { bold(part) } else { roman(part) })
        .collect()
}

fn is_help_or_version(arg: &Arg) -> bool {
    matches!(arg.get_id().as_str(), "help" | "version")
}

fn visible_args(command: &Command) -> impl Iterator<Item = &Arg> {
    command.get_arguments().filter(|a| !a.is_hide_set())
}

/// `liseuse list [DIR] [--lang LANG] …`: every visible argument but help.
fn synopsis(command: &Command, name: &str) -> Vec<Inline> {
    let mut line = vec![bold(name)];
    for arg in visible_args(command).filter(|a| !is_help_or_version(a)) {
        line.push(roman(" "));
        let value = value_name(arg);
        let required = arg.is_required_set();
        if !required {
            line.push(roman("["));
        }
        match arg.get_long() {
            Some(long) => {
                line.push(bold(format!("--{long}")));
                if let Some(value) = value {
                    line.push(roman(" "));
                    line.push(italic(value));
                }
            }
            None => line.push(italic(value.unwrap_or_default())),
        }
        if !required {
            line.push(roman("]"));
        }
    }
    line
}

fn value_name(arg: &Arg) -> Option<String> {
    if !arg.get_action().takes_values() {
        return None;
    }
    Some(match arg.get_value_names() {
        Some(names) => names
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" "),
        None => arg.get_id().as_str().to_uppercase(),
    })
}

/// One option or argument: how it is written, then what it does.
fn describe_arg(page: &mut Roff, command: &Command, arg: &Arg, ui: Ui) {
    let mut head = Vec::new();
    if let Some(short) = arg.get_short() {
        head.push(bold(format!("-{short}")));
        head.push(roman(", "));
    }
    let value = value_name(arg);
    match arg.get_long() {
        Some(long) => {
            head.push(bold(format!("--{long}")));
            if let Some(value) = value {
                head.push(roman(" "));
                head.push(italic(value));
            }
        }
        None => head.push(italic(value.unwrap_or_default())),
    }
    page.control("TP", []);
    page.text(head);
    let mut text = argument_help(command, arg, ui);
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| format!("`{}`", v.get_name()))
        .collect();
    if !values.is_empty() && arg.get_long() != Some("generate") {
        // clap gives the help without its last full stop.
        if !text.ends_with('.') {
            text.push('.');
        }
        text.push_str(pick(ui, " One of ", " Au choix : "));
        text.push_str(&values.join(", "));
        text.push('.');
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| format!("`{}`", v.to_string_lossy()))
        .collect();
    if !defaults.is_empty() && arg.get_action().takes_values() {
        text.push_str(pick(ui, " Default: ", " Par défaut : "));
        text.push_str(&defaults.join(", "));
        text.push('.');
    }
    page.text(prose(&text));
}

fn describe_key(page: &mut Roff, binding: &Binding, ui: Ui) {
    page.control("TP", []);
    page.text([bold(binding.keys)]);
    page.text([roman(binding.description(ui))]);
}

/// What a command does, in the page's language.
fn command_about(command: &Command, ui: Ui) -> String {
    match ui {
        Ui::En => command
            .get_long_about()
            .or(command.get_about())
            .map(ToString::to_string)
            .unwrap_or_default(),
        Ui::Fr => french_command(command.get_name())
            .unwrap_or_default()
            .to_string(),
    }
}

/// What an argument does, in the page's language.
fn argument_help(command: &Command, arg: &Arg, ui: Ui) -> String {
    let english = || {
        arg.get_long_help()
            .or(arg.get_help())
            .map(ToString::to_string)
            .unwrap_or_default()
            .replace('\n', " ")
    };
    match ui {
        Ui::En => english(),
        Ui::Fr => french_argument(command.get_name(), arg.get_id().as_str())
            .map_or_else(english, str::to_string),
    }
}

/// The French of each command's description.
fn french_command(name: &str) -> Option<&'static str> {
    Some(match name {
        "list" => "Lister les billets, du plus récent au plus ancien.",
        "check" => {
            "Rendre compte de la structure du site, de ses langues, des traductions, des fichiers écartés, des avertissements et des liens. Code de retour 1 quand un fichier n’a pas pu servir."
        }
        "show" => "Afficher un billet mis en forme : Markdown, HTML, codes courts et liens.",
        "open" => {
            "Ouvrir le lecteur sur un billet : son chemin, une adresse du site ou un identifiant (slug), avec un `#titre` facultatif. TARGET et DIR peuvent venir dans un ordre ou dans l’autre."
        }
        "search" => {
            "Chercher dans les titres et le texte de tous les billets : tous les mots doivent y être, les \"expressions entre guillemets\" d’un seul tenant ; ni la casse ni les accents ne comptent. Les meilleurs résultats d’abord. Code de retour 1 quand rien ne correspond."
        }
        "resolve" => {
            "Afficher le billet local vers lequel pointe une adresse du site, dans la langue que l’adresse désigne (par son hôte, un préfixe `/fr/`, sinon celle de la racine). Code de retour 1 quand il n’y en a pas, avec les langues où la page existe."
        }
        "serve" => {
            "Servir le lecteur par SSH : chaque client qui se connecte (`ssh -p 2222 hôte`) a son propre lecteur sur un même site chargé. S’arrête sur SIGTERM ou SIGINT ; relit le site sur SIGHUP et quand ses fichiers changent."
        }
        "config" => {
            "Afficher les chemins de la configuration, des thèmes et de l’état, et les réglages en vigueur ; avec une option, vérifier, amorcer ou lister à la place."
        }
        "help" => "Afficher l’aide de liseuse ou d’une de ses commandes.",
        _ => return None,
    })
}

/// The French of each argument's help, by command and argument id.
fn french_argument(command: &str, id: &str) -> Option<&'static str> {
    Some(match (command, id) {
        (_, "help") => "Afficher l’aide (`-h` en résumé, `--help` en entier).",
        (_, "version") => "Afficher la version (et la révision dont le programme a été construit).",
        ("liseuse", "dir") => "Le dossier du site (ou un seul fichier de billet).",
        ("liseuse", "target") => {
            "Un billet à ouvrir tout de suite : son chemin, une adresse du site ou un identifiant (slug), avec un `#titre` facultatif (DIR et TARGET dans un ordre ou dans l’autre)."
        }
        ("liseuse", "lang") => {
            "La langue de lecture au départ, une étiquette BCP 47 (`fr`, `fr-CA`, `zh-Hant` ; par défaut celle du dernier billet lu, sinon celle de la locale, sinon celle du site)."
        }
        ("liseuse", "fresh") => "Partir du haut de la liste, pas du dernier billet lu.",
        ("liseuse" | "open", "no_state") => {
            "Ne lire ni écrire aucun état : ni dernier endroit, ni billets lus, ni signets."
        }
        ("liseuse", "no_watch") => {
            "Ne pas suivre les fichiers du site sur le disque (`R` les relit quand même)."
        }
        ("open", "no_watch") => "Ne pas suivre les fichiers du site sur le disque.",
        ("list", "no_state") => "Ne lire aucun état : `read` et `bookmarked` (--json) sont faux.",
        (_, "no_hyperlinks") => {
            "Écrire les liens en texte seulement, pas en hyperliens de terminal (OSC 8), dans le lecteur et dans `show --color always` (aussi `hyperlinks = false` dans la configuration)."
        }
        ("liseuse" | "open", "no_mouse") => {
            "Ne pas capturer la souris (le terminal garde sa propre sélection de texte)."
        }
        ("open", "theme") => {
            "Les couleurs et attributs du lecteur (`high-contrast` : les couleurs du terminal lui-même, en gras, inverse et souligné seulement), ou le nom d’un fichier de thème."
        }
        ("liseuse", "theme") => {
            "Les couleurs et attributs du lecteur, en 16 couleurs : `default`, `light` pour un fond clair, `high-contrast` (les couleurs du terminal lui-même, en gras, inverse et souligné seulement), `mono`, ou un fichier de thème `themes/NOM.toml` à côté de la configuration ; `NO_COLOR` ne garde que les attributs."
        }
        ("liseuse" | "open" | "config", "config") => {
            "Le fichier de configuration (par défaut : `$XDG_CONFIG_HOME/liseuse/config.toml` ; aussi `LISEUSE_CONFIG`)."
        }
        ("config", "check") => {
            "Vérifier la configuration et chaque fichier de thème : chaque problème sur la sortie d’erreur, en FICHIER:LIGNE:COLONNE ; code de retour 1 au moindre problème."
        }
        ("config", "seed") => {
            "Écrire un fichier de configuration commenté, chaque réglage à sa valeur par défaut ; un fichier existant n’est jamais écrasé."
        }
        ("config", "actions") => {
            "Lister les actions que `[keys]` peut associer à une touche, avec leurs touches par défaut."
        }
        ("liseuse", "accessible") => {
            "Une interface linéaire pour les lecteurs d’écran et les afficheurs braille : un seul volet à la fois, aucun caractère de dessin, le curseur visible sur l’élément actif, les lignes de la liste et les changements d’état en phrases (aussi `LISEUSE_ACCESSIBLE=1`)."
        }
        ("open", "accessible") => {
            "Une interface linéaire pour les lecteurs d’écran et les afficheurs braille (aussi `LISEUSE_ACCESSIBLE=1`)."
        }
        ("liseuse", "generate") => {
            "Afficher le manuel (`man`, `man-fr`) ou les complétions d’un interpréteur de commandes (`complete-bash`, `complete-zsh`, `complete-fish`, `complete-powershell`, `complete-elvish`), puis quitter."
        }
        (_, "dir") => "Le dossier du site (par défaut : l’exemple intégré).",
        ("list" | "search", "lang") => {
            "Seulement les billets dans cette langue, une étiquette BCP 47 (`en`, `fr-CA`…)."
        }
        ("list", "json") => "Afficher un seul tableau JSON.",
        ("list", "format") => {
            "Afficher une ligne par billet d’après un modèle : `{path}`, `{lang}`, `{title}`, `{date}`, `{url}`, `{address}`, `{translations}` ; `\\t` et `\\n` sont une tabulation et un saut de ligne, `{{` une accolade."
        }
        ("check", "json") => "Afficher un seul objet JSON.",
        ("check", "strict") => {
            "Code de retour 1 aussi au moindre avertissement ou à la moindre traduction périmée."
        }
        (_, "stale_days") => {
            "Jours de retard permis à une traduction sur son original avant qu’elle soit signalée comme périmée."
        }
        ("show", "target") => {
            "Le billet : son chemin, une adresse du site ou un identifiant (slug) ; aucun avec --all ; `-` lit un billet sur l’entrée standard. TARGET et DIR dans un ordre ou dans l’autre."
        }
        ("show", "all") => {
            "Afficher tous les billets du site, du plus récent au plus ancien (`show --all DIR`)."
        }
        ("show", "lang") => {
            "Avec --all, seulement les billets dans cette langue ; sinon, la langue dans laquelle prendre un identifiant ou une adresse que plusieurs langues partagent. Une étiquette BCP 47."
        }
        ("show", "width") => {
            "Le nombre de colonnes à remplir (par défaut : la largeur du terminal, sinon 80)."
        }
        ("show", "color") => {
            "Les styles : `auto` quand la sortie est un terminal et que `NO_COLOR` n’est pas défini."
        }
        ("open", "target") => {
            "Le billet : son chemin, une adresse du site ou un identifiant (slug), avec un `#titre` facultatif."
        }
        ("open", "lang") => {
            "La langue de lecture, une étiquette BCP 47 (par défaut : celle de la locale)."
        }
        ("search", "query") => {
            "Des mots et des \"expressions entre guillemets\" (mettre toute la requête entre apostrophes pour l’interpréteur)."
        }
        ("search", "json") => {
            "Afficher un seul tableau JSON ; `highlights` sont des plages d’octets dans `snippet`."
        }
        ("search", "limit") => "Afficher au plus ce nombre de billets.",
        ("serve", "listen") => "L’adresse et le port où écouter.",
        ("serve", "authorized_keys") => {
            "Les clés publiques admises, au format d’OpenSSH (par défaut : `~/.ssh/authorized_keys` de l’utilisateur qui lance le serveur)."
        }
        ("serve", "host_key") => {
            "La clé ed25519 du serveur, créée au premier lancement (par défaut : `host_ed25519` dans le dossier d’état de liseuse)."
        }
        ("serve", "anonymous") => "Laisser entrer n’importe qui, sans aucune clé.",
        ("serve", "max_sessions") => {
            "Le nombre de lecteurs à la fois ; au client suivant, le serveur dit qu’il est plein."
        }
        ("serve", "idle_timeout") => {
            "Les minutes qu’un client peut rester muet avant d’être déconnecté."
        }
        ("serve", "no_watch") => {
            "Ne pas suivre les fichiers du site sur le disque (SIGHUP et `R` les relisent quand même pour toutes les sessions)."
        }
        ("resolve", "url") => {
            "Une adresse absolue sur l’un des hôtes du site, ou un chemin depuis la racine."
        }
        ("resolve", "lang") => {
            "La langue qui l’emporte en cas d’égalité après celle du site par défaut, une étiquette BCP 47."
        }
        ("help", "subcommand") => "La commande dont afficher l’aide.",
        _ => return None,
    })
}

/// The description, a paragraph at a time: (English, French).
const DESCRIPTION: &[(&str, &str)] = &[
    (
        "liseuse reads the content directory of a Hugo, Jekyll or Eleventy site \u{2014} Markdown with YAML or TOML front matter, one tree per language \u{2014} and shows every post offline, with the keyboard alone. Each post is linked to its translations; `t` in the reader swaps a post for its translation, at the same heading, and the interface follows it into that language.",
        "liseuse lit le dossier de contenu d’un site Hugo, Jekyll ou Eleventy \u{2014} du Markdown avec un en-tête YAML ou TOML, une arborescence par langue \u{2014} et en montre tous les billets hors ligne, au clavier seul. Chaque billet est relié à ses traductions ; dans le lecteur, `t` remplace un billet par sa traduction, au même intertitre, et l’interface passe avec lui dans cette langue.",
    ),
    (
        "With no command, liseuse opens the reader on DIR (with no DIR, on the small bilingual sample built into it), at TARGET if one is given. When its output is not a terminal it prints instead: the post, or the list. The commands below print without opening the reader, for scripts and pipes.",
        "Sans commande, liseuse ouvre le lecteur sur DIR (sans DIR, sur le petit site bilingue d’exemple qu’il contient), à TARGET s’il est donné. Quand sa sortie n’est pas un terminal, il affiche plutôt le billet, ou la liste. Les commandes ci-dessous affichent sans ouvrir le lecteur, pour les scripts et les tubes.",
    ),
    (
        "A TARGET is a file's path, a URL of the site or a slug, with an optional `#heading`. A URL names a language by its host, else by a prefix such as `/fr/`, else it is the language at the root of the site.",
        "Une TARGET est le chemin d’un fichier, une adresse du site ou un identifiant (slug), avec un `#titre` facultatif. Une adresse désigne une langue par son hôte, sinon par un préfixe comme `/fr/`, sinon c’est la langue à la racine du site.",
    ),
];

/// The variables liseuse reads: (name, English, French).
const ENVIRONMENT: &[(&str, &str, &str)] = &[
    (
        "LC_ALL, LC_MESSAGES, LANG",
        "The first that is set and not `C` or `POSIX` gives the interface's language when `--lang` is not given (`fr_CA.UTF-8` reads in French).",
        "La première qui est définie et n’est pas `C` ou `POSIX` donne la langue de l’interface quand `--lang` n’est pas donné (`fr_CA.UTF-8` lit en français).",
    ),
    (
        "XDG_CONFIG_HOME",
        "Where the configuration and theme files are read, in a `liseuse` directory (default `~/.config`); see FILES.",
        "Où la configuration et les fichiers de thème sont lus, dans un dossier `liseuse` (par défaut `~/.config`) ; voir FICHIERS.",
    ),
    (
        "LISEUSE_CONFIG",
        "The configuration file to read instead of the default one; `--config` wins over it.",
        "Le fichier de configuration à lire au lieu de celui par défaut ; `--config` l’emporte.",
    ),
    (
        "XDG_STATE_HOME",
        "Where the state of each site is kept, in a `liseuse` directory (default `~/.local/state`); see FILES.",
        "Où l’état de chaque site est gardé, dans un dossier `liseuse` (par défaut `~/.local/state`) ; voir FICHIERS.",
    ),
    (
        "NO_COLOR",
        "When set and not empty, no colours: in the reader, and in `show --color auto`.",
        "Définie et non vide : pas de couleurs, dans le lecteur comme avec `show --color auto`.",
    ),
    (
        "LISEUSE_ACCESSIBLE",
        "`1` (or `true`, `yes`, `on`): the linear interface for screen readers and braille displays, as `--accessible`.",
        "`1` (ou `true`, `yes`, `on`) : l’interface linéaire pour les lecteurs d’écran et les afficheurs braille, comme `--accessible`.",
    ),
    (
        "VISUAL, EDITOR",
        "The editor `e` runs on the open post's file, as `EDITOR +LINE FILE` at the line of the paragraph on screen (`vi` when neither is set). Words and quotes are split as a shell would (`code --wait`), but no shell runs. Not in `liseuse serve` sessions, nor for the embedded sample.",
        "L’éditeur que `e` lance sur le fichier du billet ouvert, comme `EDITEUR +LIGNE FICHIER` à la ligne du paragraphe affiché (`vi` si aucune n’est définie). Mots et guillemets sont découpés comme par un shell (`code --wait`), mais aucun shell n’est lancé. Pas dans les sessions de `liseuse serve`, ni pour l’exemple intégré.",
    ),
    (
        "LISEUSE_WATCH",
        "`poll`: follow the site's files by looking at them every 0.4 s rather than through the system's notifications (which do not work on network file systems; liseuse falls back to polling by itself when they cannot start or the inotify watch limit is reached, and says so in the status line).",
        "`poll` : suivre les fichiers du site en les regardant toutes les 0,4 s plutôt que par les notifications du système (qui ne marchent pas sur les systèmes de fichiers en réseau ; liseuse passe de lui-même à la scrutation quand elles ne peuvent pas démarrer ou que la limite de surveillances inotify est atteinte, et le dit dans la ligne d’état).",
    ),
    (
        "TERM",
        "`dumb` or `unknown`: the terminal cannot place the cursor, so liseuse prints the post or the list instead of opening the reader.",
        "`dumb` ou `unknown` : le terminal ne sait pas placer le curseur, alors liseuse affiche le billet ou la liste au lieu d’ouvrir le lecteur.",
    ),
    (
        "DISPLAY, WAYLAND_DISPLAY",
        "Either set: a local graphical session, where `o` opens a post's address in a browser (`xdg-open`; on macOS, `open`, unless `SSH_CONNECTION` or `SSH_TTY` is set).",
        "L’une ou l’autre définie : une session graphique locale, où `o` ouvre l’adresse d’un billet dans un navigateur (`xdg-open` ; sous macOS, `open`, sauf si `SSH_CONNECTION` ou `SSH_TTY` est définie).",
    ),
];

/// The files liseuse keeps: (path, English, French).
const FILES: &[(&str, &str, &str)] = &[
    (
        "$XDG_CONFIG_HOME/liseuse/config.toml",
        "The configuration, by default `~/.config/liseuse/config.toml` (`--config FILE` or `LISEUSE_CONFIG` name another): `site` (the site read when no DIR is given), `lang`, `theme`, `accessible`, `mouse`, `watch` (false: do not follow the site's files, as `--no-watch`), `measure` (the widest a post's text is, in columns), `list_width` (`\"auto\"`, columns, or a share such as `\"40%\"`), `hyperlinks` (`false`: links as text only, not as terminal hyperlinks; as `--no-hyperlinks`), `date_format` (a strftime format for the list's dates), and `[keys]`, whose entries add or replace bindings on top of the defaults (`\"ctrl-n\" = \"next-post\"`, `\"x\" = \"quit\"`, `\"q\" = \"none\"`; the names from `liseuse config --actions`). Options given on the command line win. A bad setting is named with its file, line and column, the others still apply, and the reader says so in its status line. `liseuse config --seed` writes a commented one.",
        "La configuration, par défaut `~/.config/liseuse/config.toml` (`--config FICHIER` ou `LISEUSE_CONFIG` en désignent une autre) : `site` (le site lu quand aucun DIR n’est donné), `lang`, `theme`, `accessible`, `mouse`, `watch` (false: do not follow the site's files, as `--no-watch`), `measure` (la plus grande largeur du texte d’un billet, en colonnes), `list_width` (`\"auto\"`, des colonnes, ou une part comme `\"40%\"`), `hyperlinks` (`false` : les liens en texte seulement, pas en hyperliens de terminal ; comme `--no-hyperlinks`), `date_format` (un format strftime pour les dates de la liste), et `[keys]`, dont les entrées ajoutent ou remplacent des touches par-dessus celles par défaut (`\"ctrl-n\" = \"next-post\"`, `\"x\" = \"quit\"`, `\"q\" = \"none\"` ; les noms selon `liseuse config --actions`). Les options de la ligne de commande l’emportent. Un mauvais réglage est signalé avec son fichier, sa ligne et sa colonne, les autres s’appliquent quand même, et le lecteur le dit dans sa ligne d’état. `liseuse config --seed` en écrit une commentée.",
    ),
    (
        "$XDG_CONFIG_HOME/liseuse/themes/NAME.toml",
        "A theme, chosen by `--theme NAME` or `theme = \"NAME\"`: `base = \"default\"` (or another built-in theme), then styles to replace, each written as words: one of the 16 colours (`black`, `red`, `green`, `yellow`, `blue`, `magenta`, `cyan`, `gray`, `dark-gray`, `light-red`… `white`), `on COLOUR` for the background, and `bold`, `dim`, `italic`, `underlined`, `reversed`, `crossed-out` (`link = \"underlined light-blue\"`). `NO_COLOR` keeps the attributes only.",
        "Un thème, choisi par `--theme NOM` ou `theme = \"NOM\"` : `base = \"default\"` (ou un autre thème intégré), puis les styles à remplacer, chacun écrit en mots : l’une des 16 couleurs (`black`, `red`, `green`, `yellow`, `blue`, `magenta`, `cyan`, `gray`, `dark-gray`, `light-red`… `white`), `on COULEUR` pour le fond, et `bold`, `dim`, `italic`, `underlined`, `reversed`, `crossed-out` (`link = \"underlined light-blue\"`). `NO_COLOR` ne garde que les attributs.",
    ),
    (
        "$XDG_STATE_HOME/liseuse/NAME-HASH.state",
        "What the reader remembers of each site, one file a site (named for the last part of its canonical path and a hash of all of it; `sample` for the built-in sample), by default under `~/.local/state/liseuse/`: the last post read and its place, the places before it, the posts read (and what their files held then), the bookmarks, and the posts the site had at the last visit (for `is:new`). Written on quit, before a suspend, on SIGTERM or SIGHUP and every 30 seconds when something changed, through a temporary file renamed over it, merged with what another reader on the same site wrote meanwhile. A file that cannot be read is renamed aside (`.bad-TIME`), never deleted; `--no-state` reads and writes none. Text, one record a line, its first line naming the format's version.",
        "Ce que le lecteur retient de chaque site, un fichier par site (nommé d’après la dernière partie de son chemin canonique et une empreinte du tout ; `sample` pour l’exemple intégré), par défaut dans `~/.local/state/liseuse/` : le dernier billet lu et l’endroit, les endroits d’avant, les billets lus (et ce que contenaient alors leurs fichiers), les signets, et les billets que le site avait à la dernière visite (pour `is:new`). Écrit en quittant, avant une suspension, sur SIGTERM ou SIGHUP et toutes les 30 secondes si quelque chose a changé, par un fichier temporaire renommé à sa place, fusionné avec ce qu’un autre lecteur du même site a écrit entre-temps. Un fichier illisible est renommé à côté (`.bad-HEURE`), jamais supprimé ; `--no-state` n’en lit ni n’en écrit aucun. Du texte, un enregistrement par ligne, la première nommant la version du format.",
    ),
];

/// Exit codes: (code, English, French).
const EXIT_STATUS: &[(&str, &str, &str)] = &[
    ("0", "Success.", "Succès."),
    (
        "1",
        "Problems found: `check` found a file it could not use, no post at all, or (with `--strict`) a warning or a stale translation; `show`, `open`, `resolve` or a TARGET found no post; `search` found nothing.",
        "Des problèmes trouvés : `check` a trouvé un fichier inutilisable, aucun billet, ou (avec `--strict`) un avertissement ou une traduction périmée ; `show`, `open`, `resolve` ou une TARGET n’ont trouvé aucun billet ; `search` n’a rien trouvé.",
    ),
    (
        "2",
        "A usage error (an unknown option, an unknown `--lang`, a bad `--format` template) or an I/O error (a path that does not exist, an unreadable site).",
        "Une erreur d’utilisation (une option inconnue, une `--lang` inconnue, un modèle `--format` erroné) ou d’entrée-sortie (un chemin qui n’existe pas, un site illisible).",
    ),
    (
        "128+N",
        "The reader was ended by signal N (the terminal is given back first): 129 for a hang-up, 143 for SIGTERM.",
        "Le lecteur a été arrêté par le signal N (après avoir rendu le terminal) : 129 pour une déconnexion, 143 pour SIGTERM.",
    ),
];

/// Examples: (command, English, French).
const EXAMPLES: &[(&str, &str, &str)] = &[
    ("liseuse ~/src/my-site", "Read a site:", "Lire un site :"),
    (
        "liseuse open https://example.ca/2024/03/04/hello-world/#lessons-learned ~/src/my-site",
        "Open the reader on a post, at a heading, from its public address:",
        "Ouvrir le lecteur sur un billet, à un intertitre, depuis son adresse publique :",
    ),
    (
        "liseuse show hello-world ~/src/my-site --width 80",
        "Print one post, 80 columns wide:",
        "Afficher un billet sur 80 colonnes :",
    ),
    (
        "liseuse list ~/src/my-site --lang fr --format '{date}\\t{title}'",
        "List the French posts, a date and a title a line:",
        "Lister les billets en français, une date et un titre par ligne :",
    ),
    (
        "liseuse check ~/src/my-site --strict",
        "Check a site before publishing it; exit 1 on any warning:",
        "Vérifier un site avant de le publier ; code 1 au moindre avertissement :",
    ),
    (
        "liseuse search '\"plain language\" offline' ~/src/my-site --json",
        "Search every post, as JSON:",
        "Chercher dans tous les billets, en JSON :",
    ),
    (
        "liseuse --generate complete-bash > ~/.local/share/bash-completion/completions/liseuse",
        "Install completions for bash (zsh, fish, PowerShell and elvish likewise):",
        "Installer les complétions pour bash (de même pour zsh, fish, PowerShell et elvish) :",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn command() -> Command {
        let mut command = crate::Args::command();
        command.build();
        command
    }

    #[test]
    fn every_command_and_option_is_in_french() {
        let command = command();
        for sub in command.get_subcommands() {
            assert!(
                french_command(sub.get_name()).is_some(),
                "liseuse {}",
                sub.get_name()
            );
        }
        for cmd in std::iter::once(&command).chain(command.get_subcommands()) {
            for arg in visible_args(cmd) {
                assert!(
                    french_argument(cmd.get_name(), arg.get_id().as_str()).is_some(),
                    "liseuse {} {}",
                    cmd.get_name(),
                    arg.get_id()
                );
            }
        }
    }

    #[test]
    fn every_option_and_key_is_in_the_page() {
        for ui in [Ui::En, Ui::Fr] {
            let page = man_page(command(), ui);
            let command = command();
            for cmd in std::iter::once(&command).chain(command.get_subcommands()) {
                for arg in visible_args(cmd) {
                    if let Some(long) = arg.get_long() {
                        let written = format!("\\fB\\-\\-{}\\fR", long.replace('-', "\\-"));
                        assert!(page.contains(&written), "{ui:?}: {written}");
                    }
                }
            }
            for binding in BINDINGS
                .iter()
                .chain(FILTER_BINDINGS)
                .chain(EDITING_BINDINGS)
                .chain(BOOKMARK_BINDINGS)
            {
                let mut line = Roff::new();
                line.text([roman(binding.description(ui))]);
                let written = ascii_only(line.to_roff().trim_end());
                assert!(page.contains(&written), "{ui:?}: {}", binding.keys);
            }
            assert!(page.is_ascii());
            assert!(page.contains("XDG_STATE_HOME"), "{ui:?}: the state's place");
        }
    }

    #[test]
    fn hidden_options_stay_out_of_the_page() {
        let page = man_page(command(), Ui::En);
        assert!(!page.contains("first\\-frame"), "test-only options");
    }
}
