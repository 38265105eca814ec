//! The stage: the two lanes and, between them, the SVG area where segments travel as a ladder
//! diagram (time runs down; a segment is an arrow from one lifeline to the other).

use handshake_core::State;
use yew::prelude::*;

use crate::components::{Lane, Side};
use crate::i18n::{Msg, use_lang};

/// Where the client's lifeline runs, in percent of the wire's width: its left edge.
/// `web/styles/stage.css` makes the wire span exactly from the client card's centre to the
/// server card's, so a segment is an arrow from 0 % to 100 % (or back) at any screen width;
/// `e2e/shell.test.mjs` checks that the cards sit on these lines. The SVG does not clip, so
/// labels may reach into the lanes' outer halves.
pub const CLIENT_X_PERCENT: f64 = 0.0;
/// Where the server's lifeline runs, in percent of the wire's width: its right edge.
pub const SERVER_X_PERCENT: f64 = 100.0;

#[derive(Clone, PartialEq, Properties)]
pub struct StageProps {
    pub client_state: State,
    pub server_state: State,
}

#[function_component(Stage)]
pub fn stage(props: &StageProps) -> Html {
    let lang = use_lang();
    let client_x = format!("{CLIENT_X_PERCENT}%");
    let server_x = format!("{SERVER_X_PERCENT}%");
    html! {
        <section class="stage" aria-label={Msg::StageLabel.text(lang)}>
            <Lane side={Side::Client} state={props.client_state} />
            <Lane side={Side::Server} state={props.server_state} />
            <div class="stage__wire">
                <svg class="wire" role="img" aria-label={Msg::WireLabel.text(lang)}>
                    <line class="wire__lifeline wire__lifeline--client"
                        x1={client_x.clone()} y1="0" x2={client_x.clone()} y2="100%" />
                    <line class="wire__lifeline wire__lifeline--server"
                        x1={server_x.clone()} y1="0" x2={server_x} y2="100%" />
                    <text class="wire__time" x={client_x} y="0" dx="-0.5em" dy="1.2em" text-anchor="end">
                        { Msg::WireTime.text(lang) }{ " ↓" }
                    </text>
                    <text class="wire__hint" x="50%" y="50%" text-anchor="middle" dominant-baseline="middle">
                        { Msg::WireHint.text(lang) }
                    </text>
                </svg>
            </div>
        </section>
    }
}
