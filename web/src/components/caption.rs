//! The one-line caption of projector and embed modes: what just happened (the narration's
//! newest entry, from `handshake-explain`) and, in projector mode, what happens next
//! (`handshake_explain::next::next_hint`: a copy of the run stepped once, so the hint is what the
//! next step shows). Both are read again only when the run changes, never per frame.

use handshake_core::sim::TimedAction;
use yew::prelude::*;

use crate::i18n::{Lang, Msg};
use crate::shared::Shared;
use crate::sim_handle::SimHandle;

#[derive(Clone, PartialEq, Properties)]
pub struct CaptionProps {
    pub sim: SimHandle,
    /// The session's tape: its next action may be what happens next.
    pub tape: Shared<Vec<TimedAction>>,
    pub lang: Lang,
    /// Show the "Next: …" hint (projector mode).
    #[prop_or_default]
    pub hint: bool,
}

/// The newest narration entry of the run so far, if anything has happened.
fn newest(sim: &SimHandle, lang: Lang) -> Option<String> {
    let sim = sim.borrow();
    let events = &sim.trace().events;
    let last_t = events.last()?.t;
    let start = events.partition_point(|e| e.t < last_t);
    handshake_explain::narrate_from(&sim, start, lang)
        .pop()
        .map(|e| e.text)
}

#[function_component(Caption)]
pub fn caption(props: &CaptionProps) -> Html {
    let lang = props.lang;
    let text = {
        let sim = props.sim.clone();
        use_memo((props.sim.clone(), lang), move |_| newest(&sim, lang))
    };
    let hint = {
        let (sim, tape, on) = (props.sim.clone(), props.tape.clone(), props.hint);
        use_memo(
            (props.sim.clone(), props.tape.clone(), lang, on),
            move |_| {
                on.then(|| handshake_explain::next::next_hint(&sim.borrow(), &tape, lang))
                    .flatten()
            },
        )
    };
    let said = (*text)
        .clone()
        .unwrap_or_else(|| Msg::NarrationEmpty.text(lang).to_owned());
    html! {
        <div class="caption">
            <p class="caption__text" title={said.clone()}>{ said }</p>
            if let Some(next) = &*hint {
                <p class="caption__next">{ next.clone() }</p>
            }
        </div>
    }
}
