//! Loading for the reader: posts reported in batches as they are read,
//! so that a large site shows its first posts at once, then what links
//! them. Apart from reading a file, which does not know it is batched.

use super::linking::{Read, link};
use super::read::{FileResult, files_per_allocation, read_group};
use crate::content::layout::{self, SiteConfig};
use crate::content::source::Found;
use crate::content::{Post, Site, Skipped, Source, Translations};
use rayon::prelude::*;

/// What [`load_in_batches`] reports, in this order: `Started`, `Found`,
/// any number of `Posts`, `Done`.
#[derive(Debug)]
pub enum Progress {
    /// The site as its configuration describes it, without posts yet.
    Started(Box<Site>),
    /// How many files will be read.
    Found(usize),
    /// The next posts, in order (their ids follow those sent before);
    /// `files` counts every file read so far, skipped ones too. Their
    /// translations are not linked yet.
    Posts { posts: Vec<Post>, files: usize },
    /// The rest: links between posts, skips, warnings.
    Done(Box<Finish>),
}

/// What a site needs once all its posts are read.
#[derive(Debug)]
pub struct Finish {
    /// The site without its posts.
    pub site: Site,
    /// Each post's translations, by id.
    pub translations: Vec<Translations>,
}

impl Finish {
    /// The whole site, given every post reported, in order.
    pub fn complete(self, mut posts: Vec<Post>) -> Site {
        for (post, translations) in posts.iter_mut().zip(self.translations) {
            post.translations = translations;
        }
        Site { posts, ..self.site }
    }
}

/// The first batch is small so that a reader shows posts at once; later
/// ones are larger so that reporting costs little.
const FIRST_BATCH: usize = 256;
const BATCH: usize = 4096;

/// Loads a site, reporting posts in batches as they are read (on every
/// core), then what links them: a reader can show posts before the whole
/// site is read. [`load`](super::load) is this, collected.
pub fn load_in_batches(source: &Source, mut report: impl FnMut(Progress)) {
    let config = layout::detect(source);
    report(Progress::Started(Box::new(Site {
        origin: source.describe(),
        layout: config.kind,
        languages: config.languages.clone(),
        default_lang: config.default_lang.clone(),
        posts: Vec::new(),
        skipped: Vec::new(),
        warnings: Vec::new(),
        urls: Default::default(),
        partial: false,
        time_zone: config.time_zone.clone(),
        dates: Default::default(),
    })));
    // The posts go to the reader as they are read; linking works on
    // clones of them, which share what the reader holds.
    let mut linked: Vec<Post> = Vec::new();
    let read = read_batches(source, &config, |progress| {
        match &progress {
            Progress::Found(files) => linked.reserve_exact(*files),
            Progress::Posts { posts, .. } => linked.extend(posts.iter().cloned()),
            Progress::Started(_) | Progress::Done(_) => {}
        }
        report(progress);
    });
    let site = link(source, &config, &mut linked, read);
    // The loader's clones are gone before the reader hears of it.
    let translations = linked.into_iter().map(|post| post.translations).collect();
    report(Progress::Done(Box::new(Finish { site, translations })));
}

/// Walks the site and reads every file on every core, reporting
/// [`Progress::Found`], then [`Progress::Posts`] batch after batch.
pub(super) fn read_batches(
    source: &Source,
    config: &SiteConfig,
    mut report: impl FnMut(Progress),
) -> Read {
    let mut to_read = source.walk(&config.content_roots);
    report(Progress::Found(to_read.len()));
    let mut skipped: Vec<Skipped> = Vec::new();
    let mut warnings = config.warnings.clone();
    let mut files = 0;
    // The site's directory is opened once; every file beneath it.
    let opener = source.opener();
    while !to_read.is_empty() {
        let size = if files == 0 { FIRST_BATCH } else { BATCH }.min(to_read.len());
        let chunk: Vec<Found> = to_read.drain(..size).collect();
        files += chunk.len();
        let results: Vec<Vec<FileResult>> = chunk
            .into_par_iter()
            .chunks(files_per_allocation())
            .map(|group| read_group(&opener, config, group))
            .collect();
        let mut posts = Vec::with_capacity(size);
        for result in results.into_iter().flatten() {
            match result.outcome {
                Ok(post) => posts.push(post),
                Err(skip) => skipped.push(skip),
            }
            warnings.extend(result.warnings);
        }
        report(Progress::Posts { posts, files });
    }
    Read { skipped, warnings }
}
