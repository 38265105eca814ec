//! A running timer as a one-line countdown: its name, the length it was set for — for the
//! retransmission timer with its backoff (1 s → 2 s → 4 s …, RFC 6298 (5.5)), the RTOs as the
//! trace states them — a bar that empties as the deadline nears, and the time left. TIME-WAIT's
//! 2·MSL says when a re-sent FIN restarted it (↺).

use handshake_core::TimerKind;
use handshake_core::config::Rule;
use handshake_explain::format::{RtoChain, format_secs, remaining};
use yew::prelude::*;

use crate::i18n::{Msg, use_lang};

/// What the countdown needs of a timer (`Endpoint::timers()`, plus from the trace whether this
/// run began with a restart and, for the retransmission timer, the RTOs of its backoff).
#[derive(Clone, Debug, PartialEq)]
pub struct TimerView {
    pub kind: TimerKind,
    /// The rule its length follows where the profiles differ (from the trace).
    pub rule: Option<Rule>,
    pub set_at_ms: f64,
    pub deadline_ms: f64,
    pub restarted: bool,
    pub rto: Option<RtoChain>,
}

#[derive(Clone, PartialEq, Properties)]
pub struct CountdownProps {
    pub timer: TimerView,
    pub now_ms: f64,
}

/// A timer's short name: `RTO`, `2·MSL` (`TIME-WAIT` when its length is fixed, Linux's rule),
/// `FIN-WAIT-2`, `ACK delay`.
pub fn timer_short(kind: TimerKind, rule: Option<Rule>) -> &'static str {
    match (kind, rule) {
        (TimerKind::Retransmission, _) => "RTO",
        (TimerKind::TimeWait, Some(Rule::TimeWaitFixed)) => "TIME-WAIT",
        (TimerKind::TimeWait, _) => "2·MSL",
        (TimerKind::FinWait2, _) => "FIN-WAIT-2",
        (TimerKind::DelayedAck, _) => "ACK delay",
    }
}

#[function_component(Countdown)]
pub fn countdown(props: &CountdownProps) -> Html {
    let lang = use_lang();
    let t = &props.timer;
    let total = (t.deadline_ms - t.set_at_ms).max(0.0);
    let left = (t.deadline_ms - props.now_ms).clamp(0.0, total);
    let fraction = if total > 0.0 { left / total } else { 0.0 };
    let (name, short, length) = match t.kind {
        TimerKind::Retransmission => (
            Msg::TimerRetransmission,
            "RTO",
            t.rto
                .as_ref()
                .map_or_else(|| format_secs(total, lang), |c| c.text(lang)),
        ),
        TimerKind::TimeWait => (
            Msg::TimerTimeWait,
            timer_short(t.kind, t.rule),
            format_secs(total, lang),
        ),
        TimerKind::FinWait2 => (Msg::TimerFinWait2, "FIN-WAIT-2", format_secs(total, lang)),
        TimerKind::DelayedAck => (
            Msg::TimerDelayedAck,
            timer_short(t.kind, t.rule),
            format_secs(total, lang),
        ),
    };
    let left_text = remaining(left, lang);
    html! {
        <div class={classes!("countdown", format!("countdown--{}", t.kind.name()), t.restarted.then_some("countdown--restarted"))}
            role="timer" title={name.text(lang)}
            aria-label={format!("{}: {length}, {left_text}", name.text(lang))}>
            <span class="countdown__name">{ short }</span>
            <span class="countdown__length">
                { length }
                if t.restarted {
                    <span class="countdown__restarted">{ " ↺ " }{ Msg::TimerRestartedShort.text(lang) }</span>
                }
            </span>
            <span class="countdown__bar" aria-hidden="true">
                <span class="countdown__fill" style={format!("transform: scaleX({fraction:.3})")} />
            </span>
            <span class="countdown__left">{ left_text }</span>
        </div>
    }
}
