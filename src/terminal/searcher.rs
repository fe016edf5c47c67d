//! The site search off the interface's thread: at 100,000 posts one
//! query takes 5–20 ms, and the prompt must answer each key at once. The
//! thread runs the newest search asked; one asked before it and not
//! started yet is skipped (typing `digital` asks seven searches, the
//! last one alone is wanted).

use crate::app::SearchRequest;
use crate::search::site::SearchResults;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};

/// A search's answer: the request's numbers and what it found.
pub struct Answer {
    pub number: u64,
    pub site_number: u64,
    pub results: SearchResults,
}

/// The thread that searches, and its answers.
pub struct Searcher {
    requests: Sender<SearchRequest>,
    answers: Receiver<Answer>,
}

impl Searcher {
    pub fn start() -> Searcher {
        let (requests, asked) = mpsc::channel::<SearchRequest>();
        let (answer, answers) = mpsc::channel();
        // At the interface's priority, not the background's: the user
        // waits for this. Its parallel parts run on rayon's global pool,
        // the one that answers keys.
        let thread = std::thread::Builder::new()
            .name("liseuse-search".to_string())
            .spawn(move || {
                while let Some(request) = newest(&asked) {
                    let answer_to = Answer {
                        number: request.number,
                        site_number: request.site_number,
                        results: request.run(),
                    };
                    // The site is let go before the answer is sent: the
                    // reader, which may be loading it, then holds it alone and
                    // changes it without copying it.
                    drop(request);
                    let answered = answer.send(answer_to);
                    if answered.is_err() {
                        break;
                    }
                }
            });
        // No thread to be had (the system is out of them): the requests
        // go nowhere and the prompt keeps the results it has.
        drop(thread);
        Searcher { requests, answers }
    }

    /// Asks for `request`; the answer comes through [`Searcher::answered`].
    pub fn ask(&self, request: SearchRequest) {
        // A searcher whose thread failed answers nothing: the prompt
        // keeps the results it has, as when no index is there.
        let _ = self.requests.send(request);
    }

    /// The answers that came, oldest first, without waiting.
    pub fn answered(&self) -> Vec<Answer> {
        self.answers.try_iter().collect()
    }
}

/// Waits for a request, then takes every one waiting behind it and keeps
/// the newest; `None` once no one can ask any more.
fn newest<T>(asked: &Receiver<T>) -> Option<T> {
    let mut newest = asked.recv().ok()?;
    loop {
        match asked.try_recv() {
            Ok(newer) => newest = newer,
            Err(TryRecvError::Empty | TryRecvError::Disconnected) => return Some(newest),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_newest_waiting_request_is_run() {
        let (send, asked) = mpsc::channel::<u32>();
        for n in 1..=3 {
            send.send(n).expect("sent");
        }
        assert_eq!(newest(&asked), Some(3));
        send.send(4).expect("sent");
        assert_eq!(newest(&asked), Some(4), "and one asked later");
        drop(send);
        assert_eq!(newest(&asked), None);
    }
}
