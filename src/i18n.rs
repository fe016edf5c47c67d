//! Interface words and formats in English and French. Every string the
//! interface shows comes from here.

use crate::content::Lang;
use jiff::civil::Date;

/// The languages the interface speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ui {
    En,
    Fr,
}

impl Ui {
    /// French for `fr` and its variants, English otherwise.
    pub fn for_lang(lang: &Lang) -> Ui {
        if lang.primary() == "fr" {
            Ui::Fr
        } else {
            Ui::En
        }
    }

    /// A date as people write it: "April 7, 2021" / "7 avril 2021".
    pub fn date(self, date: Date) -> String {
        const EN: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        const FR: [&str; 12] = [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ];
        let month = usize::try_from(date.month() - 1).unwrap_or(0);
        match self {
            Ui::En => format!("{} {}, {}", EN[month], date.day(), date.year()),
            // "1er" is how French writes the first of the month.
            Ui::Fr if date.day() == 1 => format!("1er {} {}", FR[month], date.year()),
            Ui::Fr => format!("{} {} {}", date.day(), FR[month], date.year()),
        }
    }

    /// What a version of a post in `lang` is called in this language
    /// ("French version", "version française"), and whether it is
    /// available or may be out of date: the words an accessible list row
    /// says of each translation.
    pub fn version_in(self, lang: &Lang, older: bool) -> String {
        let known = LANGUAGE_WORDS
            .iter()
            .find(|(code, _, _)| *code == lang.primary());
        let state = match (self, older) {
            (Ui::En, false) => "available",
            (Ui::En, true) => "may be out of date",
            (Ui::Fr, false) => "disponible",
            (Ui::Fr, true) => "possiblement périmée",
        };
        match (self, known) {
            (Ui::En, Some((_, english, _))) => format!("{english} version {state}"),
            (Ui::Fr, Some((_, _, french))) => format!("version {french} {state}"),
            (Ui::En, None) => format!("{} version {state}", Ui::language_name(lang)),
            (Ui::Fr, None) => format!("version en {} {state}", Ui::language_name(lang)),
        }
    }

    /// "1,234 posts loaded.": the sentence an accessible reader says once
    /// the site is read.
    pub fn posts_loaded(self, count: usize) -> String {
        match (self, count) {
            (Ui::En, 1) => "1 post loaded.".to_string(),
            (Ui::En, n) => format!("{} posts loaded.", self.number(n)),
            (Ui::Fr, 0 | 1) => format!("{count} billet chargé."),
            (Ui::Fr, n) => format!("{} billets chargés.", self.number(n)),
        }
    }

    /// "and 13 other versions": the translations a row does not name.
    pub fn other_versions(self, count: usize) -> String {
        match (self, count) {
            (Ui::En, 1) => "and 1 other version".to_string(),
            (Ui::En, n) => format!("and {} other versions", self.number(n)),
            (Ui::Fr, 1) => "et 1 autre version".to_string(),
            (Ui::Fr, n) => format!("et {} autres versions", self.number(n)),
        }
    }

    /// Keys as words (`Enter`, `Up Down`) rather than the arrows drawn
    /// for sighted readers, which a screen reader spells out.
    pub fn key_words(self, keys: &str) -> String {
        let words: [(&str, &str, &str); 7] = [
            ("⇧Tab", "Shift-Tab", "Maj-Tab"),
            ("⌫", "Backspace", "Retour-arrière"),
            ("↵", "Enter", "Entrée"),
            ("↑", "Up", "Haut"),
            ("↓", "Down", "Bas"),
            ("←", "Left", "Gauche"),
            ("→", "Right", "Droite"),
        ];
        let mut out = keys.to_string();
        for (symbol, en, fr) in words {
            let word = match self {
                Ui::En => en,
                Ui::Fr => fr,
            };
            out = out.replace(symbol, &format!(" {word} "));
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The name of a language in that language, when known, else its code.
    pub fn language_name(lang: &Lang) -> String {
        lang.endonym()
            .map_or_else(|| lang.as_str().to_uppercase(), str::to_string)
    }

    pub fn text(self, text: Text) -> &'static str {
        use Text::*;
        match (self, text) {
            (Ui::En, Links) => "Links",
            (Ui::Fr, Links) => "Liens",
            (Ui::En, Updated) => "updated",
            (Ui::Fr, Updated) => "mis à jour le",
            (Ui::En, NoTranslationListing) => "No translation; the list now shows the posts in",
            (Ui::Fr, NoTranslationListing) => {
                "Aucune traduction\u{a0}; la liste montre les billets en"
            }
            (Ui::En, ScreenCapped) => "Screen too large; drawn up to",
            (Ui::Fr, ScreenCapped) => "Écran trop grand\u{a0}; dessiné jusqu’à",
            (Ui::En, PasteCut) => "Too long to paste whole; characters left out",
            (Ui::Fr, PasteCut) => {
                "Trop long pour être collé en entier\u{a0}; caractères laissés de côté"
            }
            (Ui::En, NoOtherLanguage) => "This site has only one language",
            (Ui::Fr, NoOtherLanguage) => "Ce site n’a qu’une langue",
            (Ui::En, NoTranslationBeside) => "No translation to show beside this post",
            (Ui::Fr, NoTranslationBeside) => "Aucune traduction à montrer à côté de ce billet",
            (Ui::En, SideBySideKeys) => "Side by side: v or Esc returns to one post",
            (Ui::Fr, SideBySideKeys) => "Côte à côte\u{a0}: v ou Échap revient à un seul billet",
            (Ui::En, NoOtherTranslation) => "No other translation of this post",
            (Ui::Fr, NoOtherTranslation) => "Aucune autre traduction de ce billet",
            (Ui::En, BesideIn) => "Beside it now:",
            (Ui::Fr, BesideIn) => "À côté désormais\u{a0}:",
            (Ui::En, SideNeedsColumns) => {
                "Side by side needs 100 columns: widen the terminal, or v to read one post"
            }
            (Ui::Fr, SideNeedsColumns) => {
                "Le côte à côte demande 100 colonnes\u{a0}: élargissez le terminal, ou v pour lire un billet"
            }
            (Ui::En, SideBySide) => "Side by side",
            (Ui::Fr, SideBySide) => "Côte à côte",
            (Ui::En, Swap) => "swap",
            (Ui::Fr, Swap) => "échanger",
            (Ui::En, OnePost) => "one post",
            (Ui::Fr, OnePost) => "un billet",
            (Ui::En, NoTranslation) => "No translation",
            (Ui::Fr, NoTranslation) => "Aucune traduction",
            (Ui::En, TranslationOlder) => "Translation may be out of date",
            (Ui::Fr, TranslationOlder) => "Traduction possiblement périmée",
            (Ui::En, Draft) => "draft",
            (Ui::Fr, Draft) => "brouillon",
            (Ui::En, Local) => "on this site",
            (Ui::Fr, Local) => "sur ce site",
            (Ui::En, Image) => "image",
            (Ui::Fr, Image) => "image",
            (Ui::En, RenderNote) => "Note",
            (Ui::Fr, RenderNote) => "Remarque",
            (Ui::En, Redirect) => "redirects to",
            (Ui::Fr, Redirect) => "redirige vers",
            (Ui::En, NotFound) => "not found on this site",
            (Ui::Fr, NotFound) => "introuvable sur ce site",
            (Ui::En, Posts) => "Posts",
            (Ui::Fr, Posts) => "Billets",
            (Ui::En, Filter) => "filter",
            (Ui::Fr, Filter) => "filtrer",
            (Ui::En, Open) => "open",
            (Ui::Fr, Open) => "ouvrir",
            (Ui::En, Back) => "back",
            (Ui::Fr, Back) => "retour",
            (Ui::En, Help) => "help",
            (Ui::Fr, Help) => "aide",
            (Ui::En, HelpTitle) => "Help",
            (Ui::Fr, HelpTitle) => "Aide",
            (Ui::En, Quit) => "quit",
            (Ui::Fr, Quit) => "quitter",
            (Ui::En, NoResults) => "No results",
            (Ui::Fr, NoResults) => "Aucun résultat",
            (Ui::En, TooSmall) => "Terminal too small",
            (Ui::Fr, TooSmall) => "Terminal trop petit",
            (Ui::En, Keep) => "keep",
            (Ui::Fr, Keep) => "garder",
            (Ui::En, Clear) => "clear",
            (Ui::Fr, Clear) => "effacer",
            (Ui::En, Scroll) => "scroll",
            (Ui::Fr, Scroll) => "défiler",
            (Ui::En, HelpFilterWords) => {
                "In the filter, #word keeps the posts with that tag or category; lang:fr lists the posts in French, lang:any those of every language; is:unread, is:read, is:bookmarked and is:new (added or changed since the previous visit) keep those posts; other words match titles, authors, tags and paths."
            }
            (Ui::Fr, HelpFilterWords) => {
                "Dans le filtre, #mot garde les billets de cette étiquette ou catégorie\u{a0}; lang:en montre les billets en anglais, lang:any ceux de toutes les langues\u{a0}; is:unread (ou is:nonlu), is:read (is:lu), is:bookmarked (is:signet) et is:new (is:nouveau\u{a0}: ajoutés ou modifiés depuis la visite précédente) gardent ces billets\u{a0}; les autres mots cherchent dans les titres, auteurs, étiquettes et chemins."
            }
            (Ui::En, HelpFooter) => {
                "j k scroll this help; ? or Esc closes it. Mouse: wheel scrolls, click selects."
            }
            (Ui::Fr, HelpFooter) => {
                "j k font défiler cette aide\u{a0}; ? ou Échap la ferme. Souris\u{a0}: la molette fait défiler, un clic sélectionne."
            }
            (Ui::En, ReadIn) => "Read in",
            (Ui::Fr, ReadIn) => "Lire en",
            (Ui::En, Select) => "Select a post to read it.",
            (Ui::Fr, Select) => "Choisissez un billet pour le lire.",
            (Ui::En, NoMatch) => "No match",
            (Ui::Fr, NoMatch) => "Aucune correspondance",
            (Ui::En, NoSuchLink) => "No link",
            (Ui::Fr, NoSuchLink) => "Aucun lien",
            (Ui::En, NoSuchHeading) => "No such heading in this post",
            (Ui::Fr, NoSuchHeading) => "Intertitre introuvable dans ce billet",
            (Ui::En, NotLocal) => "Not in this site:",
            (Ui::Fr, NotLocal) => "Hors du site\u{a0}:",
            (Ui::En, CopyHint) => "Y copies it",
            (Ui::Fr, CopyHint) => "Y pour le copier",
            (Ui::En, CopyOrOpenHint) => "Y copies it, o opens it",
            (Ui::Fr, CopyOrOpenHint) => "Y pour le copier, o pour l’ouvrir",
            (Ui::En, NothingBack) => "Nothing to go back to",
            (Ui::Fr, NothingBack) => "Rien de précédent",
            (Ui::En, NothingForward) => "Nothing to go forward to",
            (Ui::Fr, NothingForward) => "Rien de suivant",
            (Ui::En, NoHeadings) => "This post has no headings",
            (Ui::Fr, NoHeadings) => "Ce billet n’a pas d’intertitres",
            (Ui::En, Contents) => "Contents",
            (Ui::Fr, Contents) => "Table des matières",
            (Ui::En, AddressCopied) => "Address copied",
            (Ui::Fr, AddressCopied) => "Adresse copiée",
            (Ui::En, LinkCopied) => "Link copied",
            (Ui::Fr, LinkCopied) => "Lien copié",
            (Ui::En, EditNotServed) => "Files cannot be edited over SSH (liseuse serve)",
            (Ui::Fr, EditNotServed) => "Pas de modification de fichier par SSH (liseuse serve)",
            (Ui::En, EditNoFile) => "No file on disk to edit (the embedded sample)",
            (Ui::Fr, EditNoFile) => "Aucun fichier sur le disque à modifier (l’exemple intégré)",
            (Ui::En, EditorFailed) => "The editor could not be run",
            (Ui::Fr, EditorFailed) => "L’éditeur n’a pas pu être lancé",
            (Ui::En, NoAddress) => "No public web address (the site’s baseURL is unknown)",
            (Ui::Fr, NoAddress) => "Aucune adresse web publique (baseURL du site inconnue)",
            (Ui::En, NotAUrl) => "Not a valid address, left alone",
            (Ui::Fr, NotAUrl) => "Adresse non valide, laissée de côté",
            (Ui::En, NotWebAddress) => "Not a web address (http, https) to open",
            (Ui::Fr, NotWebAddress) => "Pas une adresse web (http, https) à ouvrir",
            (Ui::En, NoLinkSelected) => "No link selected: Tab or its number",
            (Ui::Fr, NoLinkSelected) => "Aucun lien choisi\u{a0}: Tab ou son numéro",
            (Ui::En, NoGraphicalSession) => "No graphical session here: y or Y copies instead",
            (Ui::Fr, NoGraphicalSession) => {
                "Pas de session graphique ici\u{a0}: y ou Y pour copier"
            }
            (Ui::En, OpeningBrowser) => "Opening in the browser:",
            (Ui::Fr, OpeningBrowser) => "Ouverture dans le navigateur\u{a0}:",
            (Ui::En, SortedByDate) => "Sorted by date",
            (Ui::Fr, SortedByDate) => "Trié par date",
            (Ui::En, SortedByTitle) => "Sorted by title",
            (Ui::Fr, SortedByTitle) => "Trié par titre",
            (Ui::En, Search) => "search",
            (Ui::Fr, Search) => "rechercher",
            (Ui::En, SearchTitle) => "Search",
            (Ui::Fr, SearchTitle) => "Rechercher",
            (Ui::En, Find) => "find",
            (Ui::Fr, Find) => "chercher",
            (Ui::En, Follow) => "follow",
            (Ui::Fr, Follow) => "suivre",
            (Ui::En, Next) => "next",
            (Ui::Fr, Next) => "suivant",
            (Ui::En, Copy) => "copy",
            (Ui::Fr, Copy) => "copier",
            (Ui::En, Reloaded) => "Site read again; posts",
            (Ui::Fr, Reloaded) => "Site relu\u{a0}; billets",
            (Ui::En, Unread) => "unread",
            (Ui::Fr, Unread) => "non lu",
            (Ui::En, Bookmarks) => "Bookmarks",
            (Ui::Fr, Bookmarks) => "Signets",
            (Ui::En, Bookmarked) => "Bookmark added",
            (Ui::Fr, Bookmarked) => "Signet ajouté",
            (Ui::En, BookmarkRemoved) => "Bookmark removed",
            (Ui::Fr, BookmarkRemoved) => "Signet retiré",
            (Ui::En, NoBookmarks) => "No bookmarks yet: m sets one",
            (Ui::Fr, NoBookmarks) => "Aucun signet\u{a0}: m en pose un",
            (Ui::En, BookmarkGone) => "This post is no longer in the site",
            (Ui::Fr, BookmarkGone) => "Ce billet n’est plus dans le site",
            (Ui::En, Remove) => "remove",
            (Ui::Fr, Remove) => "retirer",
            (Ui::En, NoState) => "Nothing is remembered (--no-state)",
            (Ui::Fr, NoState) => "Rien n’est retenu (--no-state)",
            (Ui::En, StateNotSaved) => "State not saved",
            (Ui::Fr, StateNotSaved) => "État non enregistré",
            (Ui::En, HelpReadMarks) => {
                "In the list, • marks a post not read yet, or changed since it was read. liseuse remembers where you were, what you read and your bookmarks, per site, in $XDG_STATE_HOME/liseuse (by default ~/.local/state/liseuse); --no-state turns that off."
            }
            (Ui::Fr, HelpReadMarks) => {
                "Dans la liste, • signale un billet pas encore lu, ou modifié depuis sa lecture. liseuse retient où vous en étiez, ce que vous avez lu et vos signets, site par site, dans $XDG_STATE_HOME/liseuse (par défaut ~/.local/state/liseuse)\u{a0}; --no-state l’en empêche."
            }
            (Ui::En, WatchPolling) => "Following the site by polling",
            (Ui::Fr, WatchPolling) => "Suivi du site par scrutation",
            (Ui::En, WatchFailed) => "No longer following the site",
            (Ui::Fr, WatchFailed) => "Le site n’est plus suivi",
            (Ui::En, DeletedOnDisk) => "deleted on disk",
            (Ui::Fr, DeletedOnDisk) => "supprimé du disque",
            (Ui::En, PostDeletedOnDisk) => "Site read again; the open post was deleted on disk",
            (Ui::Fr, PostDeletedOnDisk) => {
                "Site relu\u{a0}; le billet ouvert a été supprimé du disque"
            }
            (Ui::En, Loading) => "Loading",
            (Ui::Fr, Loading) => "Chargement",
            (Ui::En, Indexing) => "Indexing",
            (Ui::En, Rereading) => "Reading the site again",
            (Ui::Fr, Rereading) => "Relecture du site",
            (Ui::Fr, Indexing) => "Indexation",
            (Ui::En, LoadStopped) => "Reading the site stopped",
            (Ui::Fr, LoadStopped) => "La lecture du site s’est arrêtée",
            (Ui::En, ReloadStopped) => "Reading the site again failed",
            (Ui::Fr, ReloadStopped) => "La relecture du site a échoué",
            (Ui::En, IndexStopped) => "The search index stopped filling",
            (Ui::Fr, IndexStopped) => "L’index de recherche a cessé de se remplir",
            (Ui::En, UnknownCause) => "cause unknown",
            (Ui::Fr, UnknownCause) => "cause inconnue",
            (Ui::En, Choose) => "choose",
            (Ui::Fr, Choose) => "choisir",
            (Ui::En, LinkKeys) => "links",
            (Ui::Fr, LinkKeys) => "liens",
            (Ui::En, LastPost) => "Last post of the list",
            (Ui::Fr, LastPost) => "Dernier billet de la liste",
            (Ui::En, FirstPost) => "First post of the list",
            (Ui::Fr, FirstPost) => "Premier billet de la liste",
            (Ui::En, PostInformation) => "Post information",
            (Ui::Fr, PostInformation) => "Renseignements sur le billet",
            (Ui::En, SourceFile) => "Source file",
            (Ui::Fr, SourceFile) => "Fichier source",
            (Ui::En, PublicAddress) => "Public address",
            (Ui::Fr, PublicAddress) => "Adresse publique",
            (Ui::En, Language) => "Language",
            (Ui::Fr, Language) => "Langue",
            (Ui::En, Published) => "Published",
            (Ui::Fr, Published) => "Publié le",
            (Ui::En, LastUpdated) => "Updated",
            (Ui::Fr, LastUpdated) => "Mis à jour le",
            (Ui::En, LastChanged) => "Last changed",
            (Ui::Fr, LastChanged) => "Dernière modification",
            (Ui::En, FromGit) => "from git history",
            (Ui::Fr, FromGit) => "selon l’historique git",
            (Ui::En, FromFrontMatter) => "from the front matter",
            (Ui::Fr, FromFrontMatter) => "selon l’en-tête du fichier",
            (Ui::En, FromMtime) => "from the file’s modification time (least trusted)",
            (Ui::Fr, FromMtime) => "selon l’heure de modification du fichier (la moins sûre)",
            (Ui::En, Authors) => "Authors",
            (Ui::Fr, Authors) => "Auteurs",
            (Ui::En, Tags) => "Tags",
            (Ui::Fr, Tags) => "Mots-clés",
            (Ui::En, Categories) => "Categories",
            (Ui::Fr, Categories) => "Catégories",
            (Ui::En, DraftPost) => "Draft",
            (Ui::Fr, DraftPost) => "Brouillon",
            (Ui::En, Yes) => "yes",
            (Ui::Fr, Yes) => "oui",
            (Ui::En, Translations) => "Translations",
            (Ui::Fr, Translations) => "Traductions",
            (Ui::En, UpToDate) => "up to date",
            (Ui::Fr, UpToDate) => "à jour",
            (Ui::En, ThisPostOlder) => "this post may be out of date",
            (Ui::Fr, ThisPostOlder) => "ce billet est possiblement périmé",
            (Ui::En | Ui::Fr, Continued) => "",
            (Ui::En, FrontMatter) => "Front matter",
            (Ui::Fr, FrontMatter) => "En-tête",
            (Ui::En, LeftOut) => "Fields left out",
            (Ui::Fr, LeftOut) => "Champs laissés de côté",
            (Ui::En, ServerShuttingDown) => "Server shutting down",
            (Ui::Fr, ServerShuttingDown) => "Arrêt du serveur",
            (Ui::En, ServerFull) => "Server full, try again later",
            (Ui::Fr, ServerFull) => "Serveur complet, réessayez plus tard",
            (Ui::En, OnlyTheReader) => {
                "this server only runs the reader: connect without a command"
            }
            (Ui::Fr, OnlyTheReader) => {
                "ce serveur n’offre que le lecteur\u{a0}: connectez-vous sans commande"
            }
            (Ui::En, NeedsTerminal) => {
                "the reader needs a terminal that can place the cursor (ssh -t, and a TERM other than dumb)"
            }
            (Ui::Fr, NeedsTerminal) => {
                "le lecteur a besoin d’un terminal qui place le curseur (ssh -t, et un TERM autre que dumb)"
            }
            (Ui::En, LastResult) => "Last result of the search",
            (Ui::Fr, LastResult) => "Dernier résultat de la recherche",
            (Ui::En, FirstResult) => "First result of the search",
            (Ui::Fr, FirstResult) => "Premier résultat de la recherche",
            (Ui::En, SearchResult) => "Result",
            (Ui::Fr, SearchResult) => "Résultat",
            (Ui::En, NoTranslationAvailable) => "no translation",
            (Ui::Fr, NoTranslationAvailable) => "aucune traduction",
            (Ui::En, LoadingSite) => "Loading the site…",
            (Ui::Fr, LoadingSite) => "Chargement du site…",
            (Ui::En, IndexingSite) => "indexing",
            (Ui::Fr, IndexingSite) => "indexation en cours",
            (Ui::En, ListPane) => "List",
            (Ui::Fr, ListPane) => "Liste",
            (Ui::En, PostPane) => "Post",
            (Ui::Fr, PostPane) => "Billet",
            (Ui::En, SelectToCopy) => {
                "If it did not reach the clipboard, select it with the mouse (with Shift while the reader uses the mouse)."
            }
            (Ui::Fr, SelectToCopy) => {
                "S’il n’est pas dans le presse-papiers, sélectionnez-le à la souris (avec Maj si le lecteur utilise la souris)."
            }
        }
    }
}

/// Languages by code: their English name, and the French adjective a
/// "version" takes (feminine).
const LANGUAGE_WORDS: [(&str, &str, &str); 30] = [
    ("ar", "Arabic", "arabe"),
    ("bn", "Bengali", "bengalie"),
    ("cr", "Cree", "crie"),
    ("de", "German", "allemande"),
    ("el", "Greek", "grecque"),
    ("en", "English", "anglaise"),
    ("es", "Spanish", "espagnole"),
    ("fa", "Persian", "persane"),
    ("fr", "French", "française"),
    ("gu", "Gujarati", "gujarati"),
    ("he", "Hebrew", "hébraïque"),
    ("hi", "Hindi", "hindi"),
    ("it", "Italian", "italienne"),
    ("iu", "Inuktitut", "inuktitut"),
    ("ja", "Japanese", "japonaise"),
    ("ko", "Korean", "coréenne"),
    ("nl", "Dutch", "néerlandaise"),
    ("pa", "Punjabi", "pendjabie"),
    ("pl", "Polish", "polonaise"),
    ("pt", "Portuguese", "portugaise"),
    ("ru", "Russian", "russe"),
    ("so", "Somali", "somalie"),
    ("sv", "Swedish", "suédoise"),
    ("ta", "Tamil", "tamoule"),
    ("tl", "Tagalog", "tagalog"),
    ("tr", "Turkish", "turque"),
    ("uk", "Ukrainian", "ukrainienne"),
    ("ur", "Urdu", "ourdoue"),
    ("vi", "Vietnamese", "vietnamienne"),
    ("zh", "Chinese", "chinoise"),
];

/// Interface strings, looked up with [`Ui::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    Links,
    Updated,
    NoTranslation,
    NoTranslationBeside,
    SideBySideKeys,
    NoOtherTranslation,
    BesideIn,
    SideNeedsColumns,
    SideBySide,
    Swap,
    OnePost,
    NoTranslationListing,
    NoOtherLanguage,
    PasteCut,
    ScreenCapped,
    TranslationOlder,
    Draft,
    Local,
    Image,
    RenderNote,
    Redirect,
    NotFound,
    Posts,
    Filter,
    Open,
    Back,
    Help,
    HelpTitle,
    Quit,
    NoResults,
    TooSmall,
    Keep,
    Clear,
    Scroll,
    HelpFooter,
    HelpFilterWords,
    ReadIn,
    Select,
    NoMatch,
    NoSuchLink,
    NoSuchHeading,
    NotLocal,
    CopyHint,
    CopyOrOpenHint,
    NothingBack,
    NothingForward,
    NoHeadings,
    Contents,
    AddressCopied,
    LinkCopied,
    NoAddress,
    EditNotServed,
    EditNoFile,
    EditorFailed,
    NotAUrl,
    NotWebAddress,
    NoLinkSelected,
    NoGraphicalSession,
    OpeningBrowser,
    SortedByDate,
    SortedByTitle,
    Search,
    SearchTitle,
    Find,
    Follow,
    Next,
    Copy,
    LinkKeys,
    Reloaded,
    WatchPolling,
    DeletedOnDisk,
    PostDeletedOnDisk,
    WatchFailed,
    Choose,
    Loading,
    Indexing,
    Rereading,
    LoadStopped,
    ReloadStopped,
    IndexStopped,
    UnknownCause,
    LastPost,
    FirstPost,
    PostInformation,
    SourceFile,
    PublicAddress,
    Language,
    Published,
    LastUpdated,
    /// When the post last changed, and from what source ([`Text::FromGit`]…).
    LastChanged,
    FromGit,
    FromFrontMatter,
    FromMtime,
    Authors,
    Tags,
    Categories,
    DraftPost,
    Yes,
    Translations,
    UpToDate,
    ThisPostOlder,
    /// No label: a value that continues the one above.
    Continued,
    FrontMatter,
    LeftOut,
    ServerShuttingDown,
    ServerFull,
    OnlyTheReader,
    NeedsTerminal,
    LastResult,
    FirstResult,
    SearchResult,
    SelectToCopy,
    /// An accessible list row's word for a post not read yet.
    Unread,
    Bookmarks,
    Bookmarked,
    BookmarkRemoved,
    NoBookmarks,
    BookmarkGone,
    Remove,
    NoState,
    StateNotSaved,
    HelpReadMarks,
    /// An accessible list row's words for a post without translation.
    NoTranslationAvailable,
    /// What an accessible status line says while the site loads, without
    /// a counter.
    LoadingSite,
    /// The site search's index still filling, without a counter.
    IndexingSite,
    /// The names of the panes, in the status line of two panes side by
    /// side: which has the keyboard is not told by colour alone.
    ListPane,
    PostPane,
}

impl Ui {
    /// `Label: value`, with French spacing before the colon.
    pub fn labelled(self, label: Text, value: &str) -> String {
        match self {
            Ui::En => format!("{}: {value}", self.text(label)),
            Ui::Fr => format!("{}\u{a0}: {value}", self.text(label)),
        }
    }

    /// Where the reader is in the list: `FR · 3/287`.
    pub fn position(self, lang: &Lang, index: usize, total: usize) -> String {
        format!(
            "{} · {}/{}",
            lang.as_str().to_uppercase(),
            self.number(index),
            self.number(total)
        )
    }

    /// Numbers grouped by thousands: `34,000` / `34 000` (narrow no-break space).
    pub fn number(self, n: usize) -> String {
        let digits = n.to_string();
        let separator = match self {
            Ui::En => ",",
            Ui::Fr => "\u{202f}",
        };
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push_str(separator);
            }
            out.push(c);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn numbers_are_grouped_the_local_way() {
        assert_eq!(Ui::En.number(34000), "34,000");
        assert_eq!(Ui::Fr.number(100000), "100\u{202f}000");
        assert_eq!(Ui::Fr.number(287), "287");
    }

    #[test]
    fn versions_are_named_in_the_interface_language() {
        let fr = Lang::new("fr");
        let en = Lang::new("en-CA");
        assert_eq!(Ui::En.version_in(&fr, false), "French version available");
        assert_eq!(Ui::Fr.version_in(&en, false), "version anglaise disponible");
        assert_eq!(
            Ui::Fr.version_in(&fr, true),
            "version française possiblement périmée"
        );
        assert_eq!(
            Ui::En.version_in(&Lang::new("xx"), false),
            "XX version available"
        );
        assert_eq!(Ui::Fr.other_versions(13), "et 13 autres versions");
    }

    #[test]
    fn keys_are_words_for_a_screen_reader() {
        assert_eq!(Ui::En.key_words("↵"), "Enter");
        assert_eq!(Ui::Fr.key_words("0-9 ↵"), "0-9 Entrée");
        assert_eq!(Ui::En.key_words("↑↓"), "Up Down");
        assert_eq!(Ui::Fr.key_words("⇧Tab"), "Maj-Tab");
        assert_eq!(Ui::En.key_words("Esc"), "Esc");
    }

    #[test]
    fn dates_read_naturally_in_both_languages() {
        assert_eq!(Ui::En.date(date(2021, 4, 7)), "April 7, 2021");
        assert_eq!(Ui::Fr.date(date(2021, 4, 7)), "7 avril 2021");
        assert_eq!(Ui::Fr.date(date(2019, 5, 1)), "1er mai 2019");
    }
}
