//! The header's Share menu, one button so the header keeps to one row at 1280 px: Copy link
//! (also the key `l`), the exports (every file made by `handshake-export`, `crate::export`), and
//! Open, a file picker for a scenario file or an exported SVG (the same handler as a file dropped
//! on the page, `crate::import`).
//!
//! The menu is a disclosure (`<details>`): the keyboard opens it with Enter or Space on its
//! summary, Tab walks its buttons, Escape closes it and gives the keyboard back to the summary; a
//! click outside closes it.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::capture::{Opened, Problem};
use crate::export::Choice;
use crate::i18n::{Msg, use_lang};
use crate::lab::Action;

#[derive(Clone, PartialEq, Properties)]
pub struct ShareMenuProps {
    /// Copies the share link.
    pub oncopylink: Callback<()>,
    /// Makes and downloads a file.
    pub onexport: Callback<Choice>,
    /// The picked file's action (`crate::import`).
    pub ondispatch: Callback<Action>,
    /// A picked capture, for the capture view.
    pub oncapture: Callback<Result<Opened, Problem>>,
}

#[function_component(ShareMenu)]
pub fn share_menu(props: &ShareMenuProps) -> Html {
    let lang = use_lang();
    let details = use_node_ref();
    let summary = use_node_ref();
    let picker = use_node_ref();
    let close = {
        let details = details.clone();
        move || {
            if let Some(d) = details.cast::<web_sys::Element>() {
                let _ = d.remove_attribute("open");
            }
        }
    };
    let items = Choice::ALL.into_iter().map(|choice| {
        let onexport = props.onexport.clone();
        let close = close.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            close();
            onexport.emit(choice);
        });
        html! {
            <li role="none">
                <button type="button" class="share-menu__item" data-export={choice.key()} {onclick}>
                    { choice.label().text(lang) }
                </button>
            </li>
        }
    });
    let onmenukey = {
        let summary = summary.clone();
        let close = close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                e.stop_propagation();
                close();
                if let Some(s) = summary.cast::<web_sys::HtmlElement>() {
                    let _ = s.focus();
                }
            }
        })
    };
    let oncopy = {
        let copy = props.oncopylink.clone();
        let close = close.clone();
        Callback::from(move |_: MouseEvent| {
            close();
            copy.emit(());
        })
    };
    let onopen = {
        let picker = picker.clone();
        let close = close.clone();
        Callback::from(move |_: MouseEvent| {
            close();
            if let Some(input) = picker.cast::<web_sys::HtmlInputElement>() {
                input.click();
            }
        })
    };
    let onpicked = {
        let d = props.ondispatch.clone();
        let c = props.oncapture.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                crate::import::open_file(file, d.clone(), c.clone());
            }
            // The same file picked again is a change again.
            input.set_value("");
        })
    };
    // A click outside the open menu closes it.
    {
        let details = details.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().and_then(|w| w.document()).map(|doc| {
                gloo::events::EventListener::new(&doc, "click", move |e| {
                    let Some(d) = details.cast::<web_sys::Element>() else {
                        return;
                    };
                    let inside = e
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                        .is_some_and(|n| d.contains(Some(&n)));
                    if !inside {
                        let _ = d.remove_attribute("open");
                    }
                })
            });
            move || drop(listener)
        });
    }
    html! {
        <div class="share-menu">
            <details class="share-menu__details" ref={details} onkeydown={onmenukey}>
                <summary class="share-menu__summary" ref={summary}>{ Msg::ShareMenu.text(lang) }</summary>
                <div class="share-menu__panel">
                    <button type="button" class="share-menu__item share-menu__copy" aria-keyshortcuts="l"
                        onclick={oncopy}>
                        <span class="share-menu__item-name">{ Msg::ShareCopyLink.text(lang) }</span>
                        <span class="share-menu__item-hint">{ Msg::ShareCopyLinkHint.text(lang) }</span>
                    </button>
                    <p class="share-menu__heading" id="share-menu-exports">{ Msg::ExportMenu.text(lang) }</p>
                    <ul class="share-menu__list" aria-labelledby="share-menu-exports">
                        { for items }
                    </ul>
                    <button type="button" class="share-menu__item share-menu__open" onclick={onopen}>
                        <span class="share-menu__item-name">{ Msg::OpenFile.text(lang) }</span>
                        <span class="share-menu__item-hint">{ Msg::OpenFileHint.text(lang) }</span>
                    </button>
                </div>
            </details>
            <input ref={picker} class="share-menu__picker" type="file" tabindex="-1" aria-hidden="true"
                accept=".json,.svg,.txt,.pcap,.pcapng,.cap,application/json,image/svg+xml,application/vnd.tcpdump.pcap" onchange={onpicked} />
        </div>
    }
}
