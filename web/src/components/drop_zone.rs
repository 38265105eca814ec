//! Drag and drop on the whole page: a file dragged over the lab shows where to let go, and the
//! file dropped is opened as the Open button's would be (`crate::import`: its kind is read from
//! its bytes). Only drags that carry files are taken; text or links dragged inside the page are
//! left alone, and a drop outside a drag of files keeps the browser's default.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::i18n::{Msg, use_lang};
use crate::lab::Action;

#[derive(Clone, PartialEq, Properties)]
pub struct DropZoneProps {
    /// The dropped file's action.
    pub ondispatch: Callback<Action>,
}

/// Whether a drag carries files.
fn carries_files(e: &web_sys::DragEvent) -> bool {
    e.data_transfer().is_some_and(|dt| {
        let types = dt.types();
        types
            .iter()
            .any(|t| t.as_string().as_deref() == Some("Files"))
    })
}

#[function_component(DropZone)]
pub fn drop_zone(props: &DropZoneProps) -> Html {
    let lang = use_lang();
    // How many elements the drag is inside (dragenter and dragleave come per element).
    let depth = use_state_eq(|| 0_i32);
    let depth_now = use_mut_ref(|| 0_i32);
    {
        let depth = depth.setter();
        let depth_now = depth_now.clone();
        let ondispatch = props.ondispatch.clone();
        use_effect_with((), move |_| {
            let window = web_sys::window();
            let opts = EventListenerOptions::enable_prevent_default();
            let mut listeners = Vec::new();
            if let Some(w) = window {
                let (d, n) = (depth.clone(), depth_now.clone());
                listeners.push(EventListener::new_with_options(
                    &w,
                    "dragenter",
                    opts,
                    move |e| {
                        let Some(e) = e.dyn_ref::<web_sys::DragEvent>() else {
                            return;
                        };
                        if carries_files(e) {
                            e.prevent_default();
                            *n.borrow_mut() += 1;
                            d.set(*n.borrow());
                        }
                    },
                ));
                listeners.push(EventListener::new_with_options(
                    &w,
                    "dragover",
                    opts,
                    move |e| {
                        let Some(e) = e.dyn_ref::<web_sys::DragEvent>() else {
                            return;
                        };
                        if carries_files(e) {
                            // Allows the drop, as a copy.
                            e.prevent_default();
                            if let Some(dt) = e.data_transfer() {
                                dt.set_drop_effect("copy");
                            }
                        }
                    },
                ));
                let (d, n) = (depth.clone(), depth_now.clone());
                listeners.push(EventListener::new(&w, "dragleave", move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::DragEvent>() else {
                        return;
                    };
                    if carries_files(e) {
                        let mut n = n.borrow_mut();
                        *n = (*n - 1).max(0);
                        d.set(*n);
                    }
                }));
                let (d, n) = (depth.clone(), depth_now.clone());
                listeners.push(EventListener::new_with_options(
                    &w,
                    "drop",
                    opts,
                    move |e| {
                        let Some(e) = e.dyn_ref::<web_sys::DragEvent>() else {
                            return;
                        };
                        *n.borrow_mut() = 0;
                        d.set(0);
                        let file = e
                            .data_transfer()
                            .and_then(|dt| dt.files())
                            .and_then(|files| files.get(0));
                        if let Some(file) = file {
                            e.prevent_default();
                            crate::import::open_file(file, ondispatch.clone());
                        }
                    },
                ));
            }
            move || drop(listeners)
        });
    }
    if *depth == 0 {
        return html! {};
    }
    html! {
        <div class="drop-zone" aria-hidden="true">
            <p class="drop-zone__text">{ Msg::DropHere.text(lang) }</p>
        </div>
    }
}
