//! Writes the state of a reader who has read every post of a site and
//! bookmarked one in a thousand, in the state directory (`XDG_STATE_HOME`),
//! as the reader would have: for the first frame with a full state
//! (`benches/scale.sh`).
//!
//! ```sh
//! XDG_STATE_HOME=/tmp/state cargo run --release --example read_every_post -- /tmp/site-100k
//! ```

use liseuse::content::{Source, load};
use liseuse::state::store::{Store, site_key};
use liseuse::state::{Last, Mark, Seen, SiteState, content_hash, fingerprint, now_ms};
use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .expect("usage: read_every_post SITE"),
    );
    let source = Source::from_path(&dir).expect("a site directory");
    let site = load(&source);
    let mut state = SiteState::new(&site_key(&source));
    let at = now_ms();
    let mut fingerprints = Vec::with_capacity(site.posts.len());
    for (i, post) in site.posts.iter().enumerate() {
        let hash = content_hash(post.text.whole().as_bytes());
        state.mark_read(post.path.clone(), hash, at);
        fingerprints.push(fingerprint(&post.path, hash));
        if i % 1000 == 0 {
            state.add_bookmark(post.path.clone(), 10, 100, at);
        }
    }
    fingerprints.sort_unstable();
    fingerprints.dedup();
    state.seen = Some(Seen { at, fingerprints });
    if let Some(post) = site.posts.get(site.posts.len() / 2) {
        state.last = Some(Last {
            at,
            place: Mark {
                path: post.path.clone(),
                scroll: 0,
                lines: 1,
            },
            history: Vec::new(),
        });
    }
    let mut store = Store::for_source(&source).expect("a state directory");
    store.save(&state).expect("the state written");
    println!(
        "{}: {} posts read, {} bookmarks",
        store.path().display(),
        state.read.len(),
        state.bookmarks.len()
    );
}
