use super::format::{FormatError, parse, write};
use super::store::Store;
use super::*;
use proptest::prelude::*;

fn path(text: &str) -> PathBuf {
    PathBuf::from(text)
}

fn sample_state() -> SiteState {
    let mut state = SiteState::new("/home/ana/blog");
    state.last = Some(Last {
        at: 10,
        place: Mark {
            path: path("content/posts/hello.md"),
            scroll: 42,
            lines: 310,
        },
        history: vec![Mark {
            path: path("content/fr/bonjour.md"),
            scroll: 0,
            lines: 12,
        }],
    });
    state.mark_read(path("content/posts/hello.md"), 0xfeed, 9);
    state.mark_read(path("content/with space %and\nbreak.md"), 1, 9);
    state.add_bookmark(path("content/posts/hello.md"), 12, 310, 11);
    state.removed.insert(path("content/old.md").into(), 8);
    state.seen = Some(Seen {
        at: 7,
        fingerprints: (0..40).map(|i| i * 7919).collect(),
    });
    state
}

#[test]
fn a_state_reads_back_as_written() {
    let state = sample_state();
    let text = write(&state);
    assert!(text.starts_with("liseuse-state 1\n"), "{text}");
    assert!(text.contains("%25and%0Abreak.md"), "escaped: {text}");
    assert_eq!(parse(text.as_bytes()), Ok(state));
}

#[cfg(unix)]
#[test]
fn a_path_that_is_not_utf8_goes_through() {
    use std::os::unix::ffi::OsStrExt;
    let odd = PathBuf::from(std::ffi::OsStr::from_bytes(b"posts/caf\xe9.md"));
    let mut state = SiteState::new("s");
    state.mark_read(odd.clone(), 5, 1);
    let back = parse(write(&state).as_bytes()).expect("parses");
    assert!(back.read.contains_key(key(&odd)));
}

#[test]
fn a_file_that_is_not_a_state_says_where() {
    assert_eq!(
        parse(b"hello\n"),
        Err(FormatError::Malformed {
            line: 1,
            what: "`liseuse-state VERSION`"
        })
    );
    assert_eq!(
        parse(b"liseuse-state 1\nread 12 zz a.md\n"),
        Err(FormatError::Malformed {
            line: 2,
            what: "a hash of 16 hexadecimal digits"
        })
    );
    assert_eq!(
        parse(b"liseuse-state 1\nback 1 2 a.md\n"),
        Err(FormatError::Malformed {
            line: 2,
            what: "`back` after a `last` line"
        })
    );
    assert!(matches!(
        parse(b"liseuse-state 1\nfrobnicate\n"),
        Err(FormatError::Malformed { line: 2, .. })
    ));
    assert_eq!(parse(b"liseuse-state 7\n"), Err(FormatError::Newer(7)));
    assert_eq!(parse(b"\xff\xfe"), Err(FormatError::NotText));
}

#[test]
fn two_readers_keep_each_others_marks_and_bookmarks() {
    let mut a = SiteState::new("s");
    let mut b = SiteState::new("s");
    a.mark_read(path("one.md"), 1, 100);
    b.mark_read(path("two.md"), 2, 101);
    a.add_bookmark(path("one.md"), 3, 10, 102);
    b.add_bookmark(path("two.md"), 4, 10, 103);
    for merged in [merge(&a, &b), merge(&b, &a)] {
        assert_eq!(merged.read.len(), 2);
        assert_eq!(merged.bookmarks.len(), 2);
    }
    assert_eq!(merge(&a, &b), merge(&b, &a));
}

#[test]
fn a_removed_bookmark_does_not_come_back_from_a_reader_that_still_holds_it() {
    // Both readers start with the bookmark; one removes it later.
    let mut both = SiteState::new("s");
    both.add_bookmark(path("p.md"), 5, 10, 100);
    let stale = both.clone();
    let mut remover = both;
    remover.remove_bookmark(&path("p.md"), 200);
    for merged in [merge(&stale, &remover), merge(&remover, &stale)] {
        assert!(merged.bookmarks.is_empty(), "{merged:?}");
        assert_eq!(merged.removed.get(key(&path("p.md"))), Some(&200));
    }
    // Set again after the removal, it stays.
    let mut again = remover.clone();
    again.add_bookmark(path("p.md"), 7, 10, 300);
    let merged = merge(&remover, &again);
    assert_eq!(merged.bookmarks[key(&path("p.md"))].scroll, 7);
    assert!(merged.removed.is_empty());
}

#[test]
fn the_later_read_of_a_changed_file_wins() {
    let mut a = SiteState::new("s");
    let mut b = SiteState::new("s");
    a.mark_read(path("p.md"), 1, 100);
    b.mark_read(path("p.md"), 2, 200);
    assert_eq!(merge(&a, &b).read[key(&path("p.md"))].hash, 2);
    assert_eq!(merge(&b, &a).read[key(&path("p.md"))].hash, 2);
}

#[test]
fn the_last_place_is_the_later_one() {
    let mut a = sample_state();
    let mut b = sample_state();
    if let Some(last) = &mut b.last {
        last.at = 99;
        last.place.scroll = 7;
    }
    if let Some(last) = &mut a.last {
        last.at = 50;
    }
    let merged = merge(&a, &b);
    assert_eq!(merged.last.as_ref().map(|l| l.place.scroll), Some(7));
    assert_eq!(merge(&b, &a), merged);
}

#[test]
fn removals_are_forgotten_after_their_time() {
    let mut state = SiteState::new("s");
    state.removed.insert(path("old.md").into(), 1);
    state
        .removed
        .insert(path("new.md").into(), REMOVAL_KEPT_MS + 10);
    state.prune(REMOVAL_KEPT_MS + 20);
    assert_eq!(state.removed.len(), 1);
}

#[test]
fn a_place_in_a_layout_of_another_length_keeps_its_share() {
    let mark = Mark {
        path: path("p.md"),
        scroll: 50,
        lines: 200,
    };
    assert_eq!(mark.scroll_in(200), 50);
    assert_eq!(mark.scroll_in(400), 100);
}

#[test]
fn the_content_hash_tells_changes_and_is_stable() {
    assert_ne!(content_hash(b"hello world"), content_hash(b"hello world!"));
    assert_ne!(content_hash(b""), content_hash(b"\0"));
    // Written in files: it must not change from one release to the next.
    assert_eq!(content_hash(b"liseuse"), 0x648a_b9ef_44ac_1f10);
}

#[test]
fn a_store_saves_merges_and_keeps_a_bad_file_aside() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut first = Store::new(dir.path(), "/sites/blog");
    let mut second = Store::new(dir.path(), "/sites/blog");
    assert_eq!(first.path(), second.path());
    assert!(first.load().state.read.is_empty());
    let mut a = second.load().state;
    let mut b = a.clone();
    a.mark_read(path("a.md"), 1, 1);
    b.mark_read(path("b.md"), 2, 2);
    first.save(&a).expect("saved");
    let merged = second.save(&b).expect("saved");
    assert_eq!(merged.read.len(), 2, "the second kept the first's");
    assert_eq!(first.load().state.read.len(), 2);

    std::fs::write(first.path(), b"not a state").expect("written");
    let loaded = first.load();
    assert!(loaded.state.read.is_empty());
    let notice = loaded.notice.expect("a notice");
    assert!(notice.contains("kept as"), "{notice}");
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .expect("listed")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".bad-"))
        .collect();
    assert_eq!(kept.len(), 1, "kept aside, not deleted");
    assert_eq!(std::fs::read(kept[0].path()).expect("read"), b"not a state");
}

#[test]
fn a_file_from_a_later_release_is_left_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::new(dir.path(), "/sites/blog");
    std::fs::write(store.path(), b"liseuse-state 99\nwhatever\n").expect("written");
    let loaded = store.load();
    assert!(loaded.notice.is_some());
    let mut state = loaded.state;
    state.mark_read(path("a.md"), 1, 1);
    store.save(&state).expect("nothing written");
    assert_eq!(
        std::fs::read(store.path()).expect("read"),
        b"liseuse-state 99\nwhatever\n"
    );
}

#[test]
fn a_state_file_past_the_budget_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::new(dir.path(), "/sites/blog");
    let file = std::fs::File::create(store.path()).expect("created");
    file.set_len(store::MAX_STATE_BYTES + 1).expect("sized");
    let loaded = store.load();
    assert!(loaded.state.read.is_empty());
    assert!(
        loaded
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("64 MB")),
        "{:?}",
        loaded.notice
    );
}

#[cfg(unix)]
#[test]
fn an_unwritable_directory_is_an_error_to_show_not_a_failure() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).expect("made");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o500)).expect("locked");
    let mut store = Store::new(&locked.join("liseuse"), "/sites/blog");
    let state = store.load().state;
    let saved = store.save(&state);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o700)).expect("unlocked");
    // Root writes anywhere: then the directory is not looked at.
    if !unsafe_is_root() {
        let error = saved.expect_err("cannot write").to_string();
        assert!(error.contains("locked"), "{error}");
    }
    // A state directory that is a file stops root as well.
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"").expect("written");
    let mut store = Store::new(&file.join("liseuse"), "/sites/blog");
    let loaded = store.load();
    assert!(loaded.state.read.is_empty());
    let error = store
        .save(&loaded.state)
        .expect_err("cannot write")
        .to_string();
    assert!(error.contains("a-file"), "{error}");
}

fn unsafe_is_root() -> bool {
    // SAFETY: geteuid only reads the process's user.
    unsafe { libc::geteuid() == 0 }
}

fn arbitrary_state() -> impl Strategy<Value = SiteState> {
    let name = "[a-c]{1,2}\\.md";
    (
        proptest::collection::vec((name, 0u64..4, 0u64..6), 0..6),
        proptest::collection::vec((name, 0usize..3, 0u64..6), 0..6),
        proptest::collection::vec((name, 0u64..6), 0..4),
    )
        .prop_map(|(reads, bookmarks, removals)| {
            let mut state = SiteState::new("s");
            for (p, hash, at) in reads {
                state.mark_read(PathBuf::from(p), hash, at);
            }
            for (p, scroll, at) in bookmarks {
                state.add_bookmark(PathBuf::from(p), scroll, 10, at);
            }
            for (p, at) in removals {
                state.remove_bookmark(&PathBuf::from(p), at);
            }
            state
        })
}

proptest! {
    #[test]
    fn merging_is_order_free_and_idempotent(
        a in arbitrary_state(),
        b in arbitrary_state(),
        c in arbitrary_state(),
    ) {
        prop_assert_eq!(merge(&a, &b), merge(&b, &a));
        prop_assert_eq!(merge(&merge(&a, &b), &c), merge(&a, &merge(&b, &c)));
        let ab = merge(&a, &b);
        prop_assert_eq!(merge(&ab, &ab), ab);
    }

    #[test]
    fn parsing_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let mut text = b"liseuse-state 1\n".to_vec();
        text.extend(bytes);
        let _ = parse(&text);
    }
}
