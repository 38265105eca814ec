//! The broken-TCP switches in the settings: each off by default, each labelled NOT TCP with one
//! sentence of what real TCP does instead. Turning one on changes the scenario for both sides
//! (the run is then marked NOT TCP everywhere) and opens real TCP beside it.

use handshake_core::config::Counterfactual;
use yew::prelude::*;

use crate::components::why_panel::say;
use crate::i18n::{Lang, use_lang};
use crate::lab::{Action, WhyAction};

/// A switch's name and what real TCP does instead.
pub fn switch_words(c: Counterfactual, lang: Lang) -> (&'static str, &'static str) {
    match c {
        Counterfactual::TwoWayHandshake => (
            say(lang, "Two-way handshake", "2-way 핸드셰이크"),
            say(
                lang,
                "Real TCP waits in SYN-RECEIVED for the ACK of its SYN, so an old duplicate SYN cannot open a connection (RFC 9293 §3.5).",
                "진짜 TCP는 자기 SYN에 대한 ACK를 SYN-RECEIVED에서 기다리므로 오래된 중복 SYN이 연결을 열 수 없다 (RFC 9293 §3.5).",
            ),
        ),
        Counterfactual::NoTimeWait => (
            say(lang, "No TIME-WAIT", "TIME-WAIT 없음"),
            say(
                lang,
                "Real TCP waits 2·MSL in TIME-WAIT to re-ACK a re-sent FIN and to let old duplicates die (RFC 9293 §3.6.1).",
                "진짜 TCP는 TIME-WAIT에서 2·MSL을 기다리며 다시 온 FIN에 ACK하고 오래된 중복 세그먼트가 사라지게 한다 (RFC 9293 §3.6.1).",
            ),
        ),
        Counterfactual::SameIsn => (
            say(
                lang,
                "The same ISN for every connection",
                "모든 연결에 같은 ISN",
            ),
            say(
                lang,
                "Real TCP picks a fresh ISN for each connection from a clock, so old segments fall outside the new window (RFC 9293 §3.4.1).",
                "진짜 TCP는 연결마다 시계에서 새 ISN을 고르므로 오래된 세그먼트는 새 윈도 밖에 떨어진다 (RFC 9293 §3.4.1).",
            ),
        ),
        Counterfactual::NoFinRetransmission => (
            say(lang, "No retransmission of a FIN", "FIN 재전송 없음"),
            say(
                lang,
                "Real TCP retransmits a lost FIN like data, so the peer is never left waiting (RFC 9293 §3.6).",
                "진짜 TCP는 잃어버린 FIN을 데이터처럼 재전송하므로 상대가 계속 기다리게 되지 않는다 (RFC 9293 §3.6).",
            ),
        ),
    }
}

#[derive(Clone, PartialEq, Properties)]
pub struct BrokenTcpProps {
    /// Whether each switch of `Counterfactual::ALL` is on.
    pub on: [bool; 4],
    pub ondispatch: Callback<Action>,
}

#[function_component(BrokenTcp)]
pub fn broken_tcp(props: &BrokenTcpProps) -> Html {
    let lang = use_lang();
    let rows = Counterfactual::ALL.into_iter().enumerate().map(|(i, c)| {
        let on = props.on[i];
        let (name, instead) = switch_words(c, lang);
        let d = props.ondispatch.clone();
        let onchange = Callback::from(move |_: Event| {
            d.emit(Action::Why(WhyAction::SetSwitch(c, !on)));
        });
        let id = format!("broken-tcp-{}", c.name());
        html! {
            <li class="broken-tcp__switch">
                <input type="checkbox" id={id.clone()} class={format!("broken-tcp__{}", c.name())}
                    checked={on} {onchange} aria-describedby={format!("{id}-instead")} />
                <label for={id.clone()}>
                    { name }{ " " }<span class="not-tcp-badge">{ say(lang, "NOT TCP", "TCP 아님") }</span>
                </label>
                <p class="broken-tcp__instead" id={format!("{id}-instead")}>{ instead }</p>
            </li>
        }
    });
    html! {
        <section class="broken-tcp" aria-labelledby="broken-tcp-heading">
            <h3 id="broken-tcp-heading" class="broken-tcp__heading">
                { say(lang, "Broken TCP (counterfactual)", "고장 낸 TCP (반사실)") }
            </h3>
            <p class="broken-tcp__intro">
                { say(lang, "Each switch makes both ends behave as TCP does not; real TCP runs beside for comparison.",
                      "각 스위치는 양쪽 끝을 TCP와 다르게 동작하게 한다. 비교를 위해 진짜 TCP가 옆에서 실행된다.") }
            </p>
            <ul class="broken-tcp__list">{ for rows }</ul>
        </section>
    }
}
