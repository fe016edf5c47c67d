//! Reading posts into the site search's index on a thread of its own: at
//! 100,000 posts that takes seconds, and the reader answers keys all along,
//! searching what is indexed so far. The thread also merges what it read
//! into the index (merging the large segments is the costly part), and
//! hands the reader a copy of the index as it grows: the reader never
//! merges, it only takes the newest copy.

use super::site::{IndexBatch, SiteIndex, wave_len};
use crate::content::{Post, PostId};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};

/// Posts to read, from the site with this number (see [`Indexer::read`]).
struct Request {
    site: u64,
    posts: Vec<(PostId, Post)>,
}

/// The index of the site numbered `site` as it stands.
pub type Snapshot = (u64, Arc<SiteIndex>);

/// The thread that reads posts for the index, and what it has indexed.
pub struct Indexer {
    requests: Sender<Request>,
    snapshots: Receiver<Snapshot>,
    /// The newest site asked about: posts of older ones are not read.
    latest: Arc<AtomicU64>,
    thread: std::thread::JoinHandle<()>,
}

impl Indexer {
    pub fn start() -> Indexer {
        let (requests, to_read) = mpsc::channel::<Request>();
        let (send, snapshots) = mpsc::channel();
        let latest = Arc::new(AtomicU64::new(0));
        let newest = Arc::clone(&latest);
        let thread = crate::threads::spawn(move || {
            // The index of the site being read; a newer site starts anew.
            let mut index: Option<(u64, SiteIndex)> = None;
            for Request { site, posts } in to_read {
                // Counted on the background pool: asking rayon outside any
                // pool would make the global one on this low-priority thread.
                let wave_len = crate::threads::parallel(wave_len);
                for wave in posts.chunks(wave_len) {
                    if site < newest.load(Ordering::Relaxed) {
                        break;
                    }
                    let wave: Vec<(PostId, &Post)> =
                        wave.iter().map(|(id, post)| (*id, post)).collect();
                    let batch = crate::threads::parallel(|| IndexBatch::new(&wave));
                    if index.as_ref().is_none_or(|(of, _)| *of != site) {
                        index = Some((site, SiteIndex::new()));
                    }
                    let Some((_, growing)) = &mut index else {
                        continue;
                    };
                    growing.merge(batch);
                    // A copy shares the segments: only the table of
                    // lengths is copied.
                    if send.send((site, Arc::new(growing.clone()))).is_err() {
                        return;
                    }
                }
            }
        });
        Indexer {
            requests,
            snapshots,
            latest,
            thread,
        }
    }

    /// Whether the thread has ended. It waits for requests as long as its
    /// `Indexer` lives: ended, it has failed (panicked). What it sent
    /// before is still there to take ([`Indexer::arrived`]).
    pub fn stopped(&self) -> bool {
        self.thread.is_finished()
    }

    /// Reads `posts` (clones share the reader's text) of site number
    /// `site`; numbers only grow.
    pub fn read(&self, site: u64, posts: Vec<(PostId, Post)>) {
        self.latest.fetch_max(site, Ordering::Relaxed);
        // The thread ends only with the reader.
        let _ = self.requests.send(Request { site, posts });
    }

    /// Ends a stopped indexer (see [`Indexer::stopped`]): the newest index
    /// it sent, and what its panic said.
    pub fn finish(self) -> (Option<Snapshot>, Option<String>) {
        let Indexer {
            snapshots, thread, ..
        } = self;
        let cause = (thread.join().err()).and_then(|p| crate::threads::panic_message(&*p));
        // Joined: everything it sent is in the channel.
        (snapshots.try_iter().last(), cause)
    }

    /// The newest index sent since last asked, without waiting; the
    /// copies before it are let go.
    pub fn arrived(&self) -> Option<Snapshot> {
        let mut newest = None;
        loop {
            match self.snapshots.try_recv() {
                Ok(snapshot) => newest = Some(snapshot),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => return newest,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Source, load};
    use crate::search::site::{Query, SiteIndex};
    use std::time::{Duration, Instant};

    fn wait_for(indexer: &Indexer, index: &mut Arc<SiteIndex>, site: u64, posts: usize) {
        let start = Instant::now();
        while index.len() < posts {
            assert!(start.elapsed() < Duration::from_secs(30), "indexed in time");
            if let Some((from, newest)) = indexer.arrived() {
                if from == site {
                    *index = newest;
                }
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn reads_posts_into_batches_that_search_like_a_whole_index() {
        let site = load(&Source::sample());
        let indexer = Indexer::start();
        let posts: Vec<(PostId, Post)> = site.posts.iter().cloned().enumerate().collect();
        indexer.read(1, posts);
        let mut index = Arc::new(SiteIndex::new());
        wait_for(&indexer, &mut index, 1, site.posts.len());
        let whole = SiteIndex::build(&site);
        for query in ["offline", "numerique", "\"hors ligne\""] {
            let query = Query::parse(query);
            let hits = |index: &SiteIndex| index.search(&site, &query, None, 50).hits;
            assert!(!hits(&whole).is_empty(), "{query:?} finds something");
            assert_eq!(hits(&index), hits(&whole), "{query:?}");
        }
    }

    #[test]
    fn posts_of_an_older_site_are_not_read_once_a_newer_is_asked_for() {
        let site = load(&Source::sample());
        let indexer = Indexer::start();
        let posts = || -> Vec<(PostId, Post)> { site.posts.iter().cloned().enumerate().collect() };
        indexer.read(2, posts());
        indexer.read(1, posts());
        let mut index = Arc::new(SiteIndex::new());
        wait_for(&indexer, &mut index, 2, site.posts.len());
        std::thread::sleep(Duration::from_millis(50));
        assert!(indexer.arrived().iter().all(|(from, _)| *from == 2));
    }
}
