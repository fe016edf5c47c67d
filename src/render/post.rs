//! A whole post as the reader sees it: a header (title, byline, languages,
//! tags) made from the post's front matter, its body, the notes rendering
//! left, and its numbered links resolved against the site.

use super::{
    BodyFormat, Builder, Document, Emphasis, TextRole, hyperlink, parse_plain, shortcodes,
};
use crate::content::links::Resolution;
use crate::content::{PostId, Site};
use crate::i18n::{Text as Label, Ui};

/// The translations a post's header names; the rest are counted. A site
/// of 2,000 languages made every header 2,000 names long, and `show --all`
/// quadratic in the languages (7 s); the reader's language picker and `i`
/// list them all.
pub const MAX_HEADER_LANGUAGES: usize = 24;

/// A whole post as a reader sees it: a header (title, authors, dates,
/// tags, languages), the body, render notes, and the numbered links.
pub fn render_post(site: &Site, id: PostId) -> Document {
    let mut document = render_post_plain(site, id);
    document.highlight_code();
    document
}

/// [`render_post`] with its code plain: the reader shows it so at once
/// and highlights it in the background ([`Document::code_to_highlight`]),
/// since compiling a grammar's patterns takes tens of milliseconds.
pub fn render_post_plain(site: &Site, id: PostId) -> Document {
    let post = &site.posts[id];
    let ui = Ui::for_lang(&post.lang);
    let mut builder = Builder::default();
    let meta = |builder: &mut Builder, parts: Vec<String>| {
        let parts: Vec<String> = parts.into_iter().filter(|p| !p.is_empty()).collect();
        if !parts.is_empty() {
            builder.start_role(TextRole::Meta);
            builder.text(&parts.join(" · "));
            builder.end_role();
        }
    };
    builder.start_role(TextRole::Title);
    builder.text(&post.title);
    builder.end_role();

    let mut byline = vec![post.authors.join(", ")];
    if let Some(date) = &post.date {
        byline.push(ui.date(date.date));
    }
    if let Some(updated) = &post.updated {
        byline.push(format!(
            "{} {}",
            ui.text(Label::Updated),
            ui.date(updated.date)
        ));
    }
    if post.draft {
        byline.push(ui.text(Label::Draft).to_string());
    }
    meta(&mut builder, byline);

    let languages: Vec<String> = if site.partial {
        Vec::new()
    } else if post.translations.is_empty() {
        vec![ui.text(Label::NoTranslation).to_string()]
    } else {
        let mut named: Vec<String> = post
            .translations
            .keys()
            .take(MAX_HEADER_LANGUAGES)
            .map(|lang| match site.translation_state(id, lang) {
                Some(crate::content::TranslationState::Older) => format!(
                    "{} ! {}",
                    site.language_name(lang),
                    ui.text(Label::TranslationOlder)
                ),
                _ => format!("{} ✓", site.language_name(lang)),
            })
            .collect();
        let unnamed = post.translations.len().saturating_sub(MAX_HEADER_LANGUAGES);
        if unnamed > 0 {
            named.push(ui.other_versions(unnamed));
        }
        named
    };
    let tags: Vec<String> = post.tags.iter().map(|t| format!("#{t}")).collect();
    meta(&mut builder, vec![languages.join(" · "), tags.join(" ")]);
    builder.rule();

    let mut header = builder.finish();
    let body = parse_plain(
        post.body(),
        BodyFormat::of_path(&post.path),
        shortcodes::Words::for_lang(post.lang.as_str()),
    );
    let offset = header.blocks.len();
    header.blocks.extend(body.blocks);
    header
        .headings
        .extend(body.headings.into_iter().map(|mut h| {
            h.block += offset;
            h
        }));
    header.anchors.extend(body.anchors.into_iter().map(|mut a| {
        a.block += offset;
        a
    }));
    header.references = body.references;
    let base = site.public_address(post);
    for reference in &mut header.references {
        reference.hyperlink = hyperlink_of(site, id, base.as_deref(), &reference.target);
    }
    header.shortcodes = body.shortcodes;
    header.notes = body.notes;

    let mut tail = Builder::default();
    for note in &header.notes {
        tail.start_role(TextRole::Caption);
        tail.text(&format!("{}: {note}", ui.text(Label::RenderNote)));
        tail.end_role();
    }
    if !header.references.is_empty() {
        tail.start_role(TextRole::Heading(2));
        tail.text(ui.text(Label::Links));
        tail.end_role();
        for reference in &header.references {
            tail.start_role(TextRole::Reference);
            tail.push_span(format!("[{}] ", reference.number), Emphasis::NOTE);
            // The entry is the link too, for a terminal that opens it.
            tail.links.push(Some(reference.number));
            let target = sanitize_target(&reference.target);
            match site.resolve(&reference.target, Some(id)) {
                Resolution::Post { id: target_id, .. } => {
                    let other = &site.posts[target_id];
                    tail.text(&other.title);
                    tail.push_span(
                        format!(" — {} ({})", ui.text(Label::Local), other.lang),
                        Emphasis::NOTE,
                    );
                }
                Resolution::Redirect { target: to } => {
                    tail.push_span(target, Emphasis::LINK);
                    tail.push_span(
                        format!(" — {} {}", ui.text(Label::Redirect), sanitize_target(&to)),
                        Emphasis::NOTE,
                    );
                }
                // Only this post was loaded: the link is local, its title unknown.
                Resolution::NotFound(_) if site.partial => {
                    tail.push_span(target, Emphasis::LINK);
                    tail.push_span(format!(" — {}", ui.text(Label::Local)), Emphasis::NOTE);
                }
                Resolution::NotFound(_) => {
                    tail.push_span(target, Emphasis::LINK);
                    tail.push_span(format!(" — {}", ui.text(Label::NotFound)), Emphasis::NOTE);
                }
                _ => {
                    if reference.is_image {
                        tail.push_span(format!("{}: ", ui.text(Label::Image)), Emphasis::NOTE);
                    }
                    tail.push_span(target, Emphasis::LINK);
                }
            }
            tail.links.pop();
            tail.end_role();
        }
    }
    let tail = tail.finish();
    let offset = header.blocks.len();
    header
        .headings
        .extend(tail.headings.into_iter().map(|mut h| {
            h.block += offset;
            h
        }));
    header.blocks.extend(tail.blocks);
    header
}

/// The terminal hyperlink for a link of post `from` to `target`: a post
/// of the site at its public address (with the `#fragment`), anything
/// else as written, relative addresses taken from `base` (the post's own
/// public address). `None` when that makes no web address.
fn hyperlink_of(
    site: &Site,
    from: PostId,
    base: Option<&str>,
    target: &str,
) -> Option<hyperlink::Hyperlink> {
    let address = match site.resolve(target, Some(from)) {
        Resolution::Post { id, fragment } => {
            let address = site.public_address(&site.posts[id])?;
            match fragment {
                Some(fragment) => format!("{address}#{fragment}"),
                None => address,
            }
        }
        _ => target.to_string(),
    };
    hyperlink::Hyperlink::of(&hyperlink::url_for(&address, base)?)
}

fn sanitize_target(target: &str) -> String {
    crate::text::sanitize_line(target).into_owned()
}
