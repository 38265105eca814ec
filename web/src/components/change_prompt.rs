//! The question asked before an action in the past cuts the session's tape: which later actions
//! it would cut (when, and what), and three answers — keep them (each applied again after the
//! change where the core still accepts it), cut them, or cancel. It takes the keyboard when it
//! appears (on "Keep them", the answer that loses nothing); Esc cancels. The reducer holds the
//! question ([`crate::lab::PendingChange`]) and does what the answer says.

use handshake_core::sim::{Action as SimAction, ActionError, Fault, TimedAction};
use handshake_explain::errors::action_error;
use handshake_explain::format::{clock, format_secs};
use yew::prelude::*;

use crate::components::endpoint_header::side_label;
use crate::hooks::use_focus_home;
use crate::i18n::{Lang, Msg, later_actions, use_lang};
use crate::lab::{Action, PendingChange};

/// One action of the tape in words: `0.30 s — Client send()`, `0.05초 — C1 버리기`.
pub fn describe(a: &TimedAction, lang: Lang) -> String {
    let what = match &a.action {
        SimAction::Call { side, call } => {
            format!("{} {}()", side_label(*side).text(lang), call.name())
        }
        SimAction::Fault { target, fault } => fault_on(&target.to_string(), *fault, lang),
        SimAction::Release { target } => match lang {
            Lang::En => format!("{} {target}", Msg::FaultRelease.text(lang)),
            Lang::Ko => format!("{target} {}", Msg::FaultRelease.text(lang)),
        },
        SimAction::Arm { side, fault } => format!(
            "{} ({}): {}",
            Msg::ArmButton.text(lang),
            side_label(*side).text(lang),
            fault_name(*fault, lang)
        ),
        SimAction::SetLoss { side, probability } => format!(
            "{} ({}): {}%",
            Msg::LossLabel.text(lang),
            side_label(*side).text(lang),
            (probability * 1000.0).round() / 10.0
        ),
        // Issue 13's actions are not made in the lab yet; they read as the core writes them.
        other @ (SimAction::Inject { .. }
        | SimAction::OldDuplicate { .. }
        | SimAction::Crash { .. }
        | SimAction::Reboot { .. }
        | SimAction::Counterfactual { .. }) => other.to_string(),
    };
    format!("{} — {what}", clock(a.at, lang))
}

/// `Drop`, `Delay +0.5 s` / `버리기`, `0.5초 지연`.
fn fault_name(fault: Fault, lang: Lang) -> String {
    match (fault, lang) {
        (Fault::Drop, _) => Msg::FaultDrop.text(lang).to_owned(),
        (Fault::Delay(d), Lang::En) => format!(
            "{} +{}",
            Msg::FaultDelay.text(lang),
            format_secs(d.total_micros() as f64 / 1000.0, lang)
        ),
        (Fault::Delay(d), Lang::Ko) => format!(
            "{} {}",
            format_secs(d.total_micros() as f64 / 1000.0, lang),
            Msg::FaultDelay.text(lang)
        ),
        (Fault::Hold, _) => Msg::FaultHold.text(lang).to_owned(),
        (Fault::Duplicate, _) => Msg::FaultDuplicate.text(lang).to_owned(),
    }
}

/// `Drop C1` / `C1 버리기`.
fn fault_on(id: &str, fault: Fault, lang: Lang) -> String {
    match lang {
        Lang::En => match fault {
            Fault::Delay(_) => {
                let name = fault_name(fault, lang);
                let (verb, by) = name.split_once(' ').unwrap_or((&name, ""));
                format!("{verb} {id} {by}")
            }
            _ => format!("{} {id}", fault_name(fault, lang)),
        },
        Lang::Ko => format!("{id} {}", fault_name(fault, lang)),
    }
}

/// Why the core no longer accepts a kept action, in words (`Simulator::apply`'s error, as
/// `handshake_explain::errors` words it).
pub fn refusal(e: &ActionError, lang: Lang) -> String {
    action_error(e, lang)
}

#[derive(Clone, PartialEq, Properties)]
pub struct ChangePromptProps {
    pub pending: std::rc::Rc<PendingChange>,
    pub ondispatch: Callback<Action>,
}

#[function_component(ChangePrompt)]
pub fn change_prompt(props: &ChangePromptProps) -> Html {
    let lang = use_lang();
    let root = use_node_ref();
    let keep_ref = use_node_ref();
    use_focus_home(root.clone());
    {
        // The question takes the keyboard, on the answer that loses nothing.
        let keep_ref = keep_ref.clone();
        use_effect_with((), move |_| {
            if let Some(b) = keep_ref.cast::<web_sys::HtmlElement>() {
                let _ = b.focus();
            }
        });
    }
    let send = |action: Action| {
        let d = props.ondispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(action.clone()))
    };
    let later = &props.pending.later;
    html! {
        <div class="change-prompt" ref={root} role="alertdialog" aria-labelledby="change-prompt-title"
            aria-describedby="change-prompt-body">
            <p class="change-prompt__title" id="change-prompt-title">{ Msg::ChangeTitle.text(lang) }</p>
            <div class="change-prompt__body" id="change-prompt-body">
                <p>{ later_actions(later.len(), lang) }</p>
                <ul class="change-prompt__list">
                    { for later.iter().map(|a| html! { <li>{ describe(a, lang) }</li> }) }
                </ul>
                <p>{ Msg::ChangeQuestion.text(lang) }</p>
            </div>
            <div class="change-prompt__buttons">
                <button type="button" ref={keep_ref} class="change-prompt__button change-prompt__button--keep"
                    onclick={send(Action::KeepLater)}>{ Msg::ChangeKeep.text(lang) }</button>
                <button type="button" class="change-prompt__button change-prompt__button--cut"
                    onclick={send(Action::CutLater)}>{ Msg::ChangeCut.text(lang) }</button>
                <button type="button" class="change-prompt__button change-prompt__button--cancel"
                    aria-keyshortcuts="Escape" onclick={send(Action::CancelChange)}>
                    { Msg::ChangeCancel.text(lang) }<kbd>{ "Esc" }</kbd>
                </button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use handshake_core::sim::{SendData, Side, UserCall};
    use handshake_core::{Duration, Instant};

    fn at(ms: u64, action: SimAction) -> TimedAction {
        TimedAction {
            at: Instant::from_millis(ms),
            action,
        }
    }

    #[test]
    fn actions_in_words_in_both_languages() {
        let send = at(
            300,
            SimAction::Call {
                side: Side::Client,
                call: UserCall::Send(SendData::Text("hi".into())),
            },
        );
        assert_eq!(describe(&send, Lang::En), "0.30 s — Client send()");
        assert_eq!(describe(&send, Lang::Ko), "0.30초 — 클라이언트 send()");
        let delay = at(
            50,
            SimAction::Fault {
                target: "C1".parse().unwrap(),
                fault: Fault::Delay(Duration::from_millis(500)),
            },
        );
        assert_eq!(describe(&delay, Lang::En), "0.05 s — Delay C1 +0.5 s");
        assert_eq!(describe(&delay, Lang::Ko), "0.05초 — C1 0.5초 지연");
        let loss = at(
            0,
            SimAction::SetLoss {
                side: Side::Server,
                probability: 0.5,
            },
        );
        assert_eq!(
            describe(&loss, Lang::En),
            "0.00 s — Random loss (Server): 50%"
        );
        let arm = at(
            0,
            SimAction::Arm {
                side: Side::Client,
                fault: Fault::Drop,
            },
        );
        assert_eq!(
            describe(&arm, Lang::Ko),
            "0.00초 — 걸어 두기 (클라이언트): 버리기"
        );
    }
}
