//! One lane of the ladder: the endpoint's name and its connection state.

use handshake_core::State;
use yew::prelude::*;

use crate::i18n::{Msg, use_lang};

/// Which end of the connection a lane shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    Client,
    Server,
}

impl Side {
    pub const fn label(self) -> Msg {
        match self {
            Side::Client => Msg::LaneClient,
            Side::Server => Msg::LaneServer,
        }
    }

    /// The BEM modifier, `lane--client` / `lane--server`.
    pub const fn modifier(self) -> &'static str {
        match self {
            Side::Client => "client",
            Side::Server => "server",
        }
    }
}

#[derive(Clone, PartialEq, Properties)]
pub struct LaneProps {
    pub side: Side,
    /// Shown in its RFC 9293 spelling (`SYN-SENT`), the same in every language.
    pub state: State,
}

#[function_component(Lane)]
pub fn lane(props: &LaneProps) -> Html {
    let lang = use_lang();
    let side = props.side.modifier();
    html! {
        <div class={classes!("lane", format!("lane--{side}"))} data-side={side}>
            <h2 class="lane__label">{ props.side.label().text(lang) }</h2>
            <p class="lane__state" title={Msg::LaneStateLabel.text(lang)}>
                <span class="visually-hidden">{ Msg::LaneStateLabel.text(lang) }{ ": " }</span>
                <code class="lane__state-name">{ props.state.name() }</code>
            </p>
        </div>
    }
}
