//! Whether a CSS media query matches, kept up to date: the layout that needs more than the
//! stylesheet (a phone's bottom sheet has a tab of its own for the narration) follows the same
//! breakpoints as the CSS.

use yew::prelude::*;

/// The phone's layout: one column, the side panel a sheet at the bottom (lab.css).
pub const NARROW: &str = "(max-width: 48rem)";

/// Whether `query` matches now; re-renders the component when that changes (a rotation, a
/// resized window).
#[hook]
pub fn use_media_query(query: &'static str) -> bool {
    let list = use_memo(query, |q| {
        web_sys::window().and_then(|w| w.match_media(q).ok().flatten())
    });
    let matches = use_state_eq(|| list.as_ref().as_ref().is_some_and(|l| l.matches()));
    {
        let matches = matches.clone();
        use_effect_with(list, move |list| {
            let listener = list.as_ref().as_ref().map(|l| {
                let target = l.clone();
                gloo::events::EventListener::new(l, "change", move |_| {
                    matches.set(target.matches())
                })
            });
            move || drop(listener)
        });
    }
    *matches
}
