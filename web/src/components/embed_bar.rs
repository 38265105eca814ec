//! Embed mode's link out (`?embed=1`, for a course page or an LMS iframe): "Open in Handshake
//! Lab" opens the same experiment in a new tab (`target="_blank"`, `rel="noopener"`: the opened
//! page gets no handle on the course page). The link is the share link of the last moment the
//! lab was paused; while it plays, the link of the moment it started playing stays.

use yew::prelude::*;

use crate::hooks::link_url;
use crate::i18n::{Msg, use_lang};

#[derive(Clone, PartialEq, Properties)]
pub struct EmbedBarProps {
    /// The share link's fragment while paused, `None` while playing.
    pub link: Option<String>,
}

#[function_component(EmbedBar)]
pub fn embed_bar(props: &EmbedBarProps) -> Html {
    let lang = use_lang();
    let last = use_mut_ref(String::new);
    if let Some(link) = &props.link {
        *last.borrow_mut() = link.clone();
    }
    let fragment = last.borrow().clone();
    // Before the first pause (a lab opened playing) the page's own address is the experiment.
    let href = if fragment.is_empty() {
        web_sys::window()
            .and_then(|w| w.location().href().ok())
            .map(|h| strip_embed(&h))
            .unwrap_or_default()
    } else {
        link_url(&fragment)
    };
    html! {
        <p class="embed-bar">
            <a class="embed-bar__open" {href} target="_blank" rel="noopener">
                { Msg::EmbedOpen.text(lang) }<span aria-hidden="true">{ " ↗" }</span>
            </a>
        </p>
    }
}

/// The address without `embed=1` (the opened lab is the whole app).
fn strip_embed(href: &str) -> String {
    let (before_hash, hash) = href
        .split_once('#')
        .map_or((href, None), |(a, b)| (a, Some(b)));
    let (path, query) = before_hash
        .split_once('?')
        .map_or((before_hash, ""), |(a, b)| (a, b));
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && p.split('=').next() != Some("embed"))
        .collect();
    let mut out = path.to_owned();
    if !kept.is_empty() {
        out.push('?');
        out.push_str(&kept.join("&"));
    }
    if let Some(h) = hash {
        out.push('#');
        out.push_str(h);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::strip_embed;

    #[test]
    fn the_open_link_is_the_whole_app() {
        assert_eq!(
            strip_embed("https://h/lab/?embed=1#x1.abc"),
            "https://h/lab/#x1.abc"
        );
        assert_eq!(
            strip_embed("https://h/lab/?preset=lost-syn&embed=1&t=2"),
            "https://h/lab/?preset=lost-syn&t=2"
        );
        assert_eq!(strip_embed("https://h/lab/"), "https://h/lab/");
    }
}
