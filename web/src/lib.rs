//! Handshake Lab's Yew app: the only crate that touches the DOM. It draws what
//! `handshake-core` computes, words it through `handshake-explain` (the narration, errors, times
//! and counts in both languages), and never re-implements TCP.
//!
//! `main.rs` only calls [`mount`]; everything else lives here so that the wasm-bindgen tests in
//! `web/tests/` can mount [`App`] into a root of their own.

pub mod app;
pub mod capture;
pub mod components;
pub mod export;
pub mod hooks;
pub mod i18n;
pub mod idle;
pub mod import;
pub mod lab;
pub mod learn_store;
pub mod learn_text;
pub mod narration;
pub mod panic;
pub mod placement;
pub mod replay;
pub mod run;
pub mod shared;
pub mod shortcuts;
pub mod sim_handle;
#[cfg(test)]
mod test_util;
pub mod timeline;

pub use app::{App, AppProps};
pub use i18n::{Lang, Msg};
pub use shared::Shared;
pub use sim_handle::SimHandle;

/// The app's version, shown in the footer.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The id of the element in `index.html` that the app renders into; it holds the loading
/// message until then.
pub const ROOT_ID: &str = "app";

/// Installs the panic hook and renders [`App`] into `#app`, replacing the loading message
/// (into `<body>` if `index.html` has no `#app`).
pub fn mount() {
    panic::install();
    let root = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(ROOT_ID));
    match root {
        Some(root) => {
            root.set_text_content(None);
            yew::Renderer::<App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<App>::new().render();
        }
    }
}
