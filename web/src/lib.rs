//! Handshake Lab's Yew app. `main.rs` only mounts [`App`].

use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    html! { <h1>{ "Handshake Lab" }</h1> }
}
