//! Threads for the work nobody waits on: the reader's first reading of a
//! site, reading it again, indexing it for search. They have a pool of
//! their own, so that what answers a key (the filter, the site search,
//! both on rayon's global pool) never queues behind them, and they run at
//! a lower priority, so that a key gets a core at once even while every
//! core is reading.

use std::sync::OnceLock;

/// How much lower than the interface background threads run (`nice`).
const NICENESS: i32 = 10;

/// The pool for background work: as many threads as cores.
pub fn background() -> &'static rayon::ThreadPool {
    static POOL: OnceLock<rayon::ThreadPool> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("liseuse-background-{i}"))
            .start_handler(|_| lower_priority())
            .build()
            // As when any other thread fails to start: the system is out
            // of threads, and std::thread::spawn panics the same way.
            .expect("the background threads start")
    })
}

/// Runs `work` on a new thread at background priority. It may wait (for
/// a channel's next message, say); its parallel parts go through
/// [`parallel`].
pub fn spawn(work: impl FnOnce() + Send + 'static) -> std::thread::JoinHandle<()> {
    make_global_pool_here();
    std::thread::spawn(move || {
        lower_priority();
        work();
    })
}

/// Runs `work` with its parallel parts on the [`background`] pool, and
/// waits for it. `work` runs as a job of that pool: it must not wait for
/// anything but its own parts, or the other background work would queue
/// behind it.
pub fn parallel<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    background().install(work)
}

/// What a panic said, when it said it with text (`panic!("…")`).
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> Option<String> {
    payload
        .downcast_ref::<&str>()
        .map(|said| said.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
}

/// Makes rayon's global pool, the one that answers keys, from the calling
/// thread, unless it exists. Rayon makes it on first use, from whichever
/// thread comes first, and its threads would inherit a background
/// thread's lower priority. Done here rather than at start-up, so that the
/// commands that run no background work (`show` of one post, say) do not
/// pay for starting threads they never use.
fn make_global_pool_here() {
    // Failing means it exists (or cannot start, and then rayon panics on
    // first use as it would anyway).
    let _ = rayon::ThreadPoolBuilder::new().build_global();
}

/// Lowers the calling thread's priority. Failing to is harmless: the work
/// is only done a little less politely.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority reads its three integer arguments and touches no
    // memory of ours; with PRIO_PROCESS and a thread id (from gettid,
    // which cannot fail) it changes that thread alone on Linux.
    unsafe {
        let thread = libc::gettid();
        libc::setpriority(libc::PRIO_PROCESS, thread as libc::id_t, NICENESS);
    }
}

#[cfg(test)]
mod tests {
    /// The calling thread's niceness.
    #[cfg(target_os = "linux")]
    fn niceness() -> i32 {
        // SAFETY: as in `lower_priority`; getpriority only reads.
        unsafe { libc::getpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t) }
    }

    #[test]
    fn background_work_runs_on_its_own_pool_at_a_lower_priority() {
        let (sender, receiver) = std::sync::mpsc::channel();
        super::spawn(move || {
            use rayon::prelude::*;
            #[cfg(target_os = "linux")]
            let own = niceness();
            #[cfg(not(target_os = "linux"))]
            let own = 0;
            // Touching the global pool from here would make it here, at
            // this thread's priority, had `spawn` not made it first.
            rayon::join(|| (), || ());
            // Its parallel parts run on the background pool's threads.
            let names: Vec<String> = super::parallel(|| {
                (0..64)
                    .into_par_iter()
                    .map(|_| std::thread::current().name().unwrap_or("").to_string())
                    .collect()
            });
            #[cfg(target_os = "linux")]
            let nice = super::parallel(|| rayon::broadcast(|_| niceness()));
            #[cfg(not(target_os = "linux"))]
            let nice = Vec::<i32>::new();
            let _ = sender.send((own, names, nice));
        });
        let (own, names, nice) = receiver.recv().expect("the work ran");
        // The pool that answers keys keeps the caller's priority.
        #[cfg(target_os = "linux")]
        {
            let caller = niceness();
            let global = rayon::broadcast(|_| niceness());
            assert!(
                global.iter().all(|&n| n == caller),
                "{global:?} against {caller}"
            );
        }
        assert!(
            names.iter().all(|n| n.starts_with("liseuse-background-")),
            "{names:?}"
        );
        #[cfg(target_os = "linux")]
        {
            assert!(own >= super::NICENESS, "{own}");
            assert!(nice.iter().all(|&n| n >= super::NICENESS), "{nice:?}");
        }
        let _ = (own, nice);
    }
}
