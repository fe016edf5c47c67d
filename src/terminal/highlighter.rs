//! Code highlighted off the interface's thread: the first post in a
//! language compiles that grammar's patterns (tens of milliseconds), and
//! opening a post is a key that must answer within 16. Every request is
//! done, in order, none skipped: a post left before its colours came
//! keeps its plain document in the reader's cache otherwise.

use crate::app::Effect;
use crate::content::PostId;
use crate::render::highlight::{CodeJob, Highlighted};
use std::sync::mpsc::{self, Receiver, Sender};

/// Runs of a post's code, for the site numbered `site`.
pub struct Answer {
    pub site: u64,
    pub id: PostId,
    pub done: Vec<Highlighted>,
}

type Request = (u64, PostId, Vec<CodeJob>);

/// The thread that highlights, and its answers.
pub struct Highlighter {
    requests: Sender<Request>,
    answers: Receiver<Answer>,
    /// Requests not answered yet: the event loop wakes often meanwhile.
    waiting: usize,
}

impl Highlighter {
    pub fn start() -> Highlighter {
        let (requests, asked) = mpsc::channel::<Request>();
        let (answer, answers) = mpsc::channel();
        // At the interface's priority: the user looks at the plain code
        // meanwhile, and it takes milliseconds.
        std::thread::spawn(move || {
            for (site, id, jobs) in asked {
                let done = jobs.iter().map(CodeJob::run).collect();
                if answer.send(Answer { site, id, done }).is_err() {
                    break;
                }
            }
        });
        Highlighter {
            requests,
            answers,
            waiting: 0,
        }
    }

    /// Asks for what an [`Effect::Highlight`] names; gives back any other
    /// effect.
    pub fn ask(&mut self, effect: Effect) -> Option<Effect> {
        match effect {
            Effect::Highlight { site, id, jobs } => {
                // A highlighter whose thread failed answers nothing: the
                // code stays plain.
                if self.requests.send((site, id, jobs)).is_ok() {
                    self.waiting += 1;
                }
                None
            }
            effect => Some(effect),
        }
    }

    /// The answers that came, oldest first, without waiting.
    pub fn answered(&mut self) -> Vec<Answer> {
        let answers: Vec<Answer> = self.answers.try_iter().collect();
        self.waiting = self.waiting.saturating_sub(answers.len());
        answers
    }

    pub fn waiting(&self) -> bool {
        self.waiting > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn each_request_is_answered_in_order() {
        let mut highlighter = Highlighter::start();
        for id in 0..3 {
            let jobs = vec![CodeJob {
                block: 1,
                language: "rust".into(),
                lines: vec![format!("let x = {id};")],
            }];
            assert!(
                highlighter
                    .ask(Effect::Highlight { site: 7, id, jobs })
                    .is_none()
            );
        }
        assert!(highlighter.waiting());
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut answers = Vec::new();
        while answers.len() < 3 && Instant::now() < deadline {
            answers.extend(highlighter.answered());
            std::thread::sleep(Duration::from_millis(5));
        }
        let ids: Vec<PostId> = answers.iter().map(|a| a.id).collect();
        assert_eq!(ids, [0, 1, 2]);
        assert!(answers.iter().all(|a| a.site == 7 && a.done[0].1.is_some()));
        assert!(!highlighter.waiting());
    }
}
