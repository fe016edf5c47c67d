#[global_allocator]
static A: mimalloc::MiMalloc = mimalloc::MiMalloc;
fn rss() -> String {
    let s = std::fs::read_to_string("/proc/self/status").unwrap();
    s.lines()
        .filter(|l| l.starts_with("VmRSS") || l.starts_with("VmHWM"))
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let source = liseuse::content::Source::from_path(&dir).unwrap();
    let site = liseuse::threads::parallel(|| liseuse::content::load(&source));
    let n = site.posts.len();
    let text: usize = site.posts.iter().map(|p| p.text.whole().len()).sum();
    let s = |v: &String| v.capacity();
    let vs = |v: &Vec<String>| v.capacity() * 24 + v.iter().map(|x| x.capacity()).sum::<usize>();
    let strings: usize = site
        .posts
        .iter()
        .map(|p| {
            s(&p.title)
                + s(&p.url)
                + p.path.capacity()
                + p.lang_path.capacity()
                + vs(&p.authors)
                + vs(&p.tags)
                + vs(&p.categories)
                + vs(&p.aliases)
                + p.translation_key.as_ref().map_or(0, |x| x.capacity())
                + p.trans_url.as_ref().map_or(0, |x| x.capacity())
                + p.url_field.as_ref().map_or(0, |x| x.capacity())
                + p.date.as_ref().map_or(0, |d| d.raw.capacity())
                + p.updated.as_ref().map_or(0, |d| d.raw.capacity())
        })
        .sum();
    println!(
        "{n} posts; text {} MB; PostData struct {} B x n = {} MB; Post {} B; strings {} MB; {}",
        text / 1_000_000,
        std::mem::size_of::<liseuse::content::PostData>(),
        std::mem::size_of::<liseuse::content::PostData>() * n / 1_000_000,
        std::mem::size_of::<liseuse::content::Post>(),
        strings / 1_000_000,
        rss()
    );
    drop(site);
    println!("dropped: {}", rss());
}
