use super::*;
use crate::content::{Lang, SkipReason, load};

/// A two-language Hugo site in a temporary directory.
struct Disk {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Disk {
    fn new() -> Disk {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        let disk = Disk { _dir: dir, root };
        disk.write(
            "hugo.toml",
            "defaultContentLanguage = \"en\"\n\
             [languages.en]\ncontentDir = \"content/en\"\n\
             [languages.fr]\ncontentDir = \"content/fr\"\n",
        );
        disk.write("content/en/notes/kettle.md", &post("The kettle", None));
        disk.write("content/en/notes/lamp.md", &post("A lamp", None));
        disk.write("content/fr/notes/lamp.md", &post("Une lampe", None));
        disk.write("content/en/notes/window.md", &post("The window", None));
        disk
    }

    fn write(&self, relative: &str, text: &str) {
        let path = self.root.join(relative);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    fn remove(&self, relative: &str) {
        std::fs::remove_file(self.root.join(relative)).expect("remove");
    }

    fn source(&self) -> Source {
        Source::Directory(self.root.clone())
    }

    fn load(&self) -> Site {
        load(&self.source())
    }

    /// The site refreshed after `changed` (relative paths), as the
    /// watcher names them: beneath the root.
    fn refresh(&self, site: &Site, changed: &[&str]) -> Refreshed {
        let changed: Vec<PathBuf> = changed.iter().map(|c| self.root.join(c)).collect();
        refresh(site, &self.source(), &changed).expect("read in part")
    }
}

fn post(title: &str, key: Option<&str>) -> String {
    let key = key.map_or_else(String::new, |k| format!("translationKey: {k}\n"));
    format!("---\ntitle: {title}\n{key}date: 2025-03-04\n---\nA line of the tests' own.\n")
}

fn id(site: &Site, path: &str) -> PostId {
    site.posts
        .iter()
        .position(|p| p.path == Path::new(path))
        .unwrap_or_else(|| panic!("{path} is a post"))
}

fn titles(site: &Site) -> Vec<(String, String)> {
    site.posts
        .iter()
        .map(|p| (p.display_path(), p.title.clone()))
        .collect()
}

/// What a site says, ids aside: each post's path, title, URL and
/// translations (by path), the files skipped and the warnings.
fn described(site: &Site) -> String {
    let mut out = String::new();
    for post in &site.posts {
        let translations: Vec<String> = post
            .translations
            .iter()
            .map(|(lang, &id)| format!("{lang}={}", site.posts[id].display_path()))
            .collect();
        out += &format!(
            "{} {:?} {} [{}]\n",
            post.display_path(),
            post.title,
            post.url,
            translations.join(" ")
        );
    }
    for skip in &site.skipped {
        out += &format!("skipped {} {}\n", skip.path.display(), skip.reason);
    }
    for warning in &site.warnings {
        out += &format!("warning {} {}\n", warning.path.display(), warning.message);
    }
    out
}

#[test]
fn a_changed_file_is_read_alone_and_the_others_are_kept_as_they_were() {
    let disk = Disk::new();
    let site = disk.load();
    disk.write("content/en/notes/lamp.md", &post("A brighter lamp", None));
    let refreshed = disk.refresh(&site, &["content/en/notes/lamp.md"]);
    assert_eq!(refreshed.files_read, 1);
    let new = &refreshed.site;
    assert_eq!(
        new.posts[id(new, "content/en/notes/lamp.md")].title,
        "A brighter lamp"
    );
    // The others' text is the very text read at load, not read again.
    let kettle = |site: &Site| {
        site.posts[id(site, "content/en/notes/kettle.md")]
            .text
            .whole()
            .as_ptr()
    };
    assert_eq!(kettle(new), kettle(&site));
    assert_eq!(
        refreshed.kept_from[id(new, "content/en/notes/kettle.md")],
        Some(id(&site, "content/en/notes/kettle.md"))
    );
    assert_eq!(
        refreshed.kept_from[id(new, "content/en/notes/lamp.md")],
        None
    );
    assert_eq!(described(new), described(&disk.load()));
}

#[test]
fn a_file_spoilt_on_disk_but_not_named_stays_as_it_was() {
    let disk = Disk::new();
    let site = disk.load();
    // Not named by the change: not read, so its post is what it was.
    disk.write("content/en/notes/kettle.md", "---\ntitle: [unclosed\n");
    disk.write("content/en/notes/window.md", &post("The open window", None));
    let refreshed = disk.refresh(&site, &["content/en/notes/window.md"]);
    assert_eq!(refreshed.files_read, 1);
    let new = &refreshed.site;
    assert_eq!(
        new.posts[id(new, "content/en/notes/kettle.md")].title,
        "The kettle"
    );
    assert_eq!(
        new.posts[id(new, "content/en/notes/window.md")].title,
        "The open window"
    );
    assert!(new.skipped.is_empty());
}

#[test]
fn added_deleted_and_renamed_files_are_as_a_whole_load_reads_them() {
    let disk = Disk::new();
    let site = disk.load();
    disk.write("content/en/notes/clock.md", &post("A clock", None));
    disk.write(
        "content/en/notes/other/zebra.md",
        &post("Zebra crossing", None),
    );
    disk.remove("content/en/notes/window.md");
    std::fs::rename(
        disk.root.join("content/en/notes/kettle.md"),
        disk.root.join("content/en/notes/teapot.md"),
    )
    .expect("rename");
    let refreshed = disk.refresh(
        &site,
        &[
            "content/en/notes/clock.md",
            "content/en/notes/other",
            "content/en/notes/window.md",
            "content/en/notes/kettle.md",
            "content/en/notes/teapot.md",
        ],
    );
    assert_eq!(refreshed.files_read, 3, "clock, zebra, teapot");
    let new = &refreshed.site;
    assert_eq!(
        titles(new),
        [
            ("content/en/notes/clock.md", "A clock"),
            ("content/en/notes/lamp.md", "A lamp"),
            ("content/en/notes/other/zebra.md", "Zebra crossing"),
            ("content/en/notes/teapot.md", "The kettle"),
            ("content/fr/notes/lamp.md", "Une lampe"),
        ]
        .map(|(p, t)| (p.to_string(), t.to_string()))
    );
    assert_eq!(described(new), described(&disk.load()));
    // Kept posts point back to what they were.
    for (new_id, old) in refreshed.kept_from.iter().enumerate() {
        if let Some(old) = old {
            assert_eq!(site.posts[*old].path, new.posts[new_id].path);
        }
    }
}

#[test]
fn a_directory_removed_takes_its_posts_with_it() {
    let disk = Disk::new();
    disk.write("content/en/notes/shelf/cup.md", &post("A cup", None));
    disk.write("content/en/notes/shelf/jar.md", &post("A jar", None));
    let site = disk.load();
    std::fs::remove_dir_all(disk.root.join("content/en/notes/shelf")).expect("rm -r");
    let refreshed = disk.refresh(&site, &["content/en/notes/shelf"]);
    assert_eq!(refreshed.files_read, 0);
    assert_eq!(titles(&refreshed.site), titles(&Disk::new().load()));
    assert_eq!(described(&refreshed.site), described(&disk.load()));
}

#[test]
fn a_translation_gains_and_loses_its_partner() {
    let disk = Disk::new();
    let site = disk.load();
    let fr = Lang::new("fr");
    let en = Lang::new("en");
    let kettle = |site: &Site| site.posts[id(site, "content/en/notes/kettle.md")].clone();
    assert!(kettle(&site).translations.is_empty());

    disk.write("content/fr/notes/kettle.md", &post("La bouilloire", None));
    let gained = disk.refresh(&site, &["content/fr/notes/kettle.md"]).site;
    let partner = kettle(&gained).translations.get(&fr).copied();
    assert_eq!(partner, Some(id(&gained, "content/fr/notes/kettle.md")));
    let back = gained.posts[id(&gained, "content/fr/notes/kettle.md")]
        .translations
        .get(&en)
        .copied();
    assert_eq!(back, Some(id(&gained, "content/en/notes/kettle.md")));
    // The pair that was there is linked still, by its new ids.
    let lamp = &gained.posts[id(&gained, "content/en/notes/lamp.md")];
    assert_eq!(
        lamp.translations.get(&fr).copied(),
        Some(id(&gained, "content/fr/notes/lamp.md"))
    );

    disk.remove("content/fr/notes/kettle.md");
    let lost = disk.refresh(&gained, &["content/fr/notes/kettle.md"]).site;
    assert!(kettle(&lost).translations.is_empty());
    assert_eq!(described(&lost), described(&disk.load()));
}

#[test]
fn linking_warnings_are_made_again_and_a_bad_file_is_one_skip_naming_it() {
    let disk = Disk::new();
    disk.write(
        "content/en/notes/kettle.md",
        &post("The kettle", Some("kitchen")),
    );
    disk.write(
        "content/en/notes/window.md",
        &post("The window", Some("kitchen")),
    );
    let site = disk.load();
    assert!(
        site.warnings
            .iter()
            .any(|w| w.kind == WarningKind::AmbiguousKey),
        "a key used twice: {:?}",
        site.warnings
    );
    // The key's second user gives it up, and the lamp's file breaks.
    disk.write("content/en/notes/window.md", &post("The window", None));
    disk.write(
        "content/en/notes/lamp.md",
        "---\ntitle: Lamp\nno end to this\n",
    );
    let refreshed = disk.refresh(
        &site,
        &["content/en/notes/window.md", "content/en/notes/lamp.md"],
    );
    let new = &refreshed.site;
    assert!(
        !new.warnings
            .iter()
            .any(|w| w.kind == WarningKind::AmbiguousKey)
    );
    assert_eq!(new.skipped.len(), 1);
    let skip = &new.skipped[0];
    assert_eq!(skip.path, Path::new("content/en/notes/lamp.md"));
    assert!(
        matches!(skip.reason, SkipReason::UnclosedFrontMatter(_)),
        "{skip:?}"
    );
    assert!(!skip.reason.to_string().contains('\n'), "one line");
    // The rest is there, the French lamp alone now.
    assert_eq!(new.posts.len(), 3);
    let lamp = &new.posts[id(new, "content/fr/notes/lamp.md")];
    assert!(lamp.translations.is_empty());
    assert_eq!(described(new), described(&disk.load()));

    // Mended, it is a post again and its skip is gone.
    disk.write("content/en/notes/lamp.md", &post("A lamp", None));
    let mended = disk.refresh(new, &["content/en/notes/lamp.md"]).site;
    assert!(mended.skipped.is_empty());
    assert_eq!(described(&mended), described(&disk.load()));
}

#[test]
fn what_only_a_whole_reading_gets_right_is_left_to_it() {
    let disk = Disk::new();
    let site = disk.load();
    let source = disk.source();
    let refresh_of = |path: &str| refresh(&site, &source, &[disk.root.join(path)]);
    // The configuration, a language's directory, a file outside the
    // site's content, a path outside the site.
    assert!(refresh_of("hugo.toml").is_none());
    assert!(refresh_of("content/fr").is_none());
    // A directory directly in a language's tree may be one itself, for
    // some layouts; one further down is read in part.
    assert!(refresh_of("content/en/notes").is_none());
    disk.write("content/en/notes/shelf/cup.md", &post("A cup", None));
    assert!(refresh_of("content/en/notes/shelf").is_some());
    disk.write("content/de/x.md", &post("Ein Wort", None));
    assert!(refresh_of("content/de").is_none());
    assert!(refresh_of("layouts/page.html").is_none());
    assert!(refresh(&site, &source, &[PathBuf::from("/elsewhere/a.md")]).is_none());
    assert!(refresh(&site, &Source::sample(), &[]).is_none());
}

#[test]
fn the_url_index_is_patched_as_a_whole_one_would_be_built() {
    let disk = Disk::new();
    let with_url = |title: &str, url: &str| {
        format!("---\ntitle: {title}\nurl: {url}\naliases: [/old/{title}]\n---\nText.\n")
    };
    disk.write("content/en/notes/a.md", &with_url("a", "/shared/"));
    disk.write("content/en/notes/b.md", &with_url("b", "/shared/"));
    let site = disk.load();
    assert!(
        site.warnings
            .iter()
            .any(|w| w.kind == WarningKind::UrlConflict),
        "two posts at one URL: {:?}",
        site.warnings
    );
    // The conflict ends, a post comes before the others, one goes.
    disk.write("content/en/notes/b.md", &with_url("b", "/own/"));
    disk.write("content/en/aardvark.md", &post("Aardvark", None));
    disk.remove("content/en/notes/window.md");
    let refreshed = disk.refresh(
        &site,
        &[
            "content/en/notes/b.md",
            "content/en/aardvark.md",
            "content/en/notes/window.md",
        ],
    );
    let whole = disk.load();
    assert_eq!(refreshed.site.urls.entries(), whole.urls.entries());
    assert_eq!(described(&refreshed.site), described(&whole));
    // And back: the conflict is found again, on the patched index.
    disk.write("content/en/notes/b.md", &with_url("b", "/shared/"));
    let again = disk
        .refresh(&refreshed.site, &["content/en/notes/b.md"])
        .site;
    let whole = disk.load();
    assert!(
        again
            .warnings
            .iter()
            .any(|w| w.kind == WarningKind::UrlConflict)
    );
    assert_eq!(again.urls.entries(), whole.urls.entries());
    assert_eq!(described(&again), described(&whole));
}
