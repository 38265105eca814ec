//! "Why TCP": the controls of issue 13 in the stage's dock, in a disclosure that is closed until
//! asked for — a hand-made segment (side, flags, SEQ, ACK, length; SEQ and ACK as numbers or
//! relative to a side's TCB, as the core's `inject` reads them), a crash and a reboot for each
//! side, and for the selected segment an old copy of it arriving now and "what if it were lost
//! / delayed" (which opens the fork beside the stage). Every control is a button, a checkbox or
//! a field, so the keyboard reaches it; every one dispatches one [`WhyAction`], which goes
//! through the session's tape like any other action.

use handshake_core::Duration;
use handshake_core::Flags;
use handshake_core::sim::{Fault, Side, TxId};
use handshake_core::vocab::{Inject, SendData, SeqSpec};
use handshake_explain::format::offset;
use yew::prelude::*;

use crate::i18n::{Lang, use_lang};
use crate::lab::{Action, DELAYS_MS, WhyAction};
use crate::sim_handle::SimHandle;

/// One phrase in the UI's language (the words of this panel, kept beside it).
pub(crate) fn say(lang: Lang, en: &'static str, ko: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Ko => ko,
    }
}

fn side_word(side: Side, lang: Lang) -> &'static str {
    match side {
        Side::Client => say(lang, "Client", "클라이언트"),
        Side::Server => say(lang, "Server", "서버"),
    }
}

/// The flags the form offers, in the order a ladder writes them.
const FORM_FLAGS: [(Flags, &str); 5] = [
    (Flags::SYN, "SYN"),
    (Flags::ACK, "ACK"),
    (Flags::FIN, "FIN"),
    (Flags::RST, "RST"),
    (Flags::PSH, "PSH"),
];

/// Why the inject form's fields cannot make a segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormError {
    NoFlags,
    Seq,
    Ack,
    Len,
}

impl FormError {
    pub fn text(self, lang: Lang) -> &'static str {
        match self {
            FormError::NoFlags => say(
                lang,
                "Pick at least one flag.",
                "플래그를 하나 이상 고르십시오.",
            ),
            FormError::Seq => say(
                lang,
                "SEQ: a number (0–4294967295) or side.variable±n, e.g. client.iss-10 or server.rcv_nxt+5 (variables: iss, irs, snd_una, snd_nxt, rcv_nxt).",
                "SEQ: 숫자(0–4294967295) 또는 side.변수±n 형식입니다. 예: client.iss-10, server.rcv_nxt+5 (변수: iss, irs, snd_una, snd_nxt, rcv_nxt).",
            ),
            FormError::Ack => say(
                lang,
                "ACK: a number or side.variable±n, e.g. server.rcv_nxt (empty: 0).",
                "ACK: 숫자 또는 side.변수±n 형식입니다. 예: server.rcv_nxt (비우면 0).",
            ),
            FormError::Len => say(
                lang,
                "Length: a whole number of bytes, 0 to 1460.",
                "길이: 0에서 1460 사이의 바이트 수입니다.",
            ),
        }
    }
}

/// The segment the form's fields describe, or the first thing wrong with them.
pub fn parse_inject(flags: u8, seq: &str, ack: &str, len: &str) -> Result<Inject, FormError> {
    let flags = FORM_FLAGS
        .iter()
        .filter(|(f, _)| flags & f.bits() != 0)
        .fold(Flags::NONE, |acc, (f, _)| acc | *f);
    if flags.is_empty() {
        return Err(FormError::NoFlags);
    }
    let seq: SeqSpec = seq.trim().parse().map_err(|()| FormError::Seq)?;
    let ack: SeqSpec = match ack.trim() {
        "" => SeqSpec::Absolute(0),
        a => a.parse().map_err(|()| FormError::Ack)?,
    };
    let len: u32 = match len.trim() {
        "" => 0,
        l => l
            .parse()
            .ok()
            .filter(|n| *n <= 1460)
            .ok_or(FormError::Len)?,
    };
    let mut segment = Inject::new(flags, seq, ack);
    if len > 0 {
        segment.data = Some(SendData::Pattern(len));
    }
    Ok(segment)
}

#[derive(Clone, PartialEq, Properties)]
pub struct WhyPanelProps {
    pub sim: SimHandle,
    pub selected: Option<TxId>,
    /// The selected segment is on the link (a fork can lose or delay it).
    pub selected_active: bool,
    pub ondispatch: Callback<Action>,
}

#[function_component(WhyPanel)]
pub fn why_panel(props: &WhyPanelProps) -> Html {
    let lang = use_lang();
    let side = use_state_eq(|| Side::Client);
    let flags = use_state_eq(|| Flags::SYN.bits());
    let seq = use_state_eq(|| String::from("client.iss-10"));
    let ack = use_state_eq(String::new);
    let len = use_state_eq(String::new);
    let error = use_state_eq(|| None::<FormError>);
    let up = {
        let sim = props.sim.borrow();
        Side::BOTH.map(|s| sim.is_up(s))
    };
    let why = |a: WhyAction| {
        let d = props.ondispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(Action::Why(a.clone())))
    };
    let hosts = Side::BOTH.into_iter().map(|s| {
        let i = s.index();
        html! {
            <div class="why-panel__host" role="group" aria-label={side_word(s, lang)}>
                <span class="why-panel__host-name">{ side_word(s, lang) }</span>
                <button type="button" class={classes!("why-panel__crash", format!("why-panel__crash--{}", s.name()))}
                    disabled={!up[i]} onclick={why(WhyAction::Crash(s))}>
                    { "↯ " }{ say(lang, "Crash", "크래시") }
                </button>
                <button type="button" class={classes!("why-panel__reboot", format!("why-panel__reboot--{}", s.name()))}
                    disabled={up[i]} onclick={why(WhyAction::Reboot(s))}>
                    { "↻ " }{ say(lang, "Reboot", "재부팅") }
                </button>
            </div>
        }
    });
    let onsubmit = {
        let (flags, seq, ack, len, side, error) = (
            flags.clone(),
            seq.clone(),
            ack.clone(),
            len.clone(),
            side.clone(),
            error.clone(),
        );
        let d = props.ondispatch.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match parse_inject(*flags, &seq, &ack, &len) {
                Ok(segment) => {
                    error.set(None);
                    d.emit(Action::Why(WhyAction::Inject {
                        side: *side,
                        segment,
                    }));
                }
                Err(e) => error.set(Some(e)),
            }
        })
    };
    let text_field = |state: &UseStateHandle<String>,
                      class: &'static str,
                      label: &'static str,
                      placeholder: &'static str| {
        let s = state.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            s.set(input.value());
        });
        html! {
            <label class="why-panel__field">
                <span>{ label }</span>
                <input type="text" class={class} value={(**state).clone()} {placeholder} {oninput}
                    spellcheck="false" autocomplete="off" />
            </label>
        }
    };
    let flag_boxes = FORM_FLAGS.iter().map(|(f, name)| {
        let bit = f.bits();
        let checked = *flags & bit != 0;
        let flags = flags.clone();
        let onchange = Callback::from(move |_: Event| flags.set(*flags ^ bit));
        html! {
            <label class="why-panel__flag">
                <input type="checkbox" class={format!("why-panel__flag-{}", name.to_ascii_lowercase())} {checked} {onchange} />
                { *name }
            </label>
        }
    });
    let side_select = {
        let current = *side;
        let side = side.clone();
        let onchange = Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            side.set(if select.value() == "server" {
                Side::Server
            } else {
                Side::Client
            });
        });
        html! {
            <label class="why-panel__field">
                <span>{ say(lang, "From", "보내는 쪽") }</span>
                <select class="why-panel__side" {onchange}>
                    { for Side::BOTH.into_iter().map(|s| html! {
                        <option value={s.name()} selected={current == s}>{ side_word(s, lang) }</option>
                    }) }
                </select>
            </label>
        }
    };
    let hint = say(
        lang,
        "Select a segment to replay an old copy of it or to fork the run at it.",
        "세그먼트를 고르면 그 오래된 사본을 보내거나 그 지점에서 실행을 나눌 수 있습니다.",
    );
    html! {
        <details class="why-panel">
            <summary class="why-panel__summary">
                { say(lang, "Why TCP…", "왜 TCP인가…") }
            </summary>
            <div class="why-panel__body">
                <div class="why-panel__hosts">{ for hosts }</div>
                <form class="why-panel__inject" {onsubmit} aria-label={say(lang, "Inject a segment", "세그먼트 주입")}>
                    { side_select }
                    <fieldset class="why-panel__flags">
                        <legend>{ say(lang, "Flags", "플래그") }</legend>
                        { for flag_boxes }
                    </fieldset>
                    { text_field(&seq, "why-panel__seq", "SEQ", "client.iss-10") }
                    { text_field(&ack, "why-panel__ack", "ACK", "0") }
                    { text_field(&len, "why-panel__len", say(lang, "Length", "길이"), "0") }
                    <button type="submit" class="why-panel__inject-button">{ say(lang, "Inject", "주입") }</button>
                    if let Some(e) = *error {
                        <p class="why-panel__error" role="alert">{ e.text(lang) }</p>
                    }
                </form>
                if props.selected.is_some() {
                    <WhySegment selected={props.selected} selected_active={props.selected_active}
                        ondispatch={props.ondispatch.clone()} />
                } else {
                    <div class="why-panel__selected" role="group">
                        { for Side::BOTH.into_iter().map(|s| html! {
                            <button type="button" class={format!("why-panel__fork-next why-panel__fork-next--{}", s.name())}
                                onclick={why(WhyAction::ForkNext(s, Fault::Drop))}>
                                { match s {
                                    Side::Client => say(lang, "What if the client's next segment were lost", "클라이언트의 다음 세그먼트가 유실된다면"),
                                    Side::Server => say(lang, "What if the server's next segment were lost", "서버의 다음 세그먼트가 유실된다면"),
                                } }
                            </button>
                        }) }
                        <p class="why-panel__hint">{ hint }</p>
                    </div>
                }
            </div>
        </details>
    }
}

#[derive(Clone, PartialEq, Properties)]
pub struct WhySegmentProps {
    pub selected: Option<TxId>,
    /// The selected segment is on the link (a fork can lose or delay it).
    pub selected_active: bool,
    pub ondispatch: Callback<Action>,
}

/// What issue 13 offers for the selected segment: an old copy of it arriving now, and while it
/// is on the link "what if it were lost / delayed by …" (a fork beside the stage). In the Why
/// TCP controls and under the inspector.
#[function_component(WhySegment)]
pub fn why_segment(props: &WhySegmentProps) -> Html {
    let lang = use_lang();
    let why = |a: WhyAction| {
        let d = props.ondispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(Action::Why(a.clone())))
    };
    let selected = props.selected.map(|id| {
        let forks = props.selected_active.then(|| {
            let delays = DELAYS_MS.iter().map(|&ms| {
                let d = Duration::from_millis(ms);
                html! {
                    <button type="button" class="why-panel__fork-delay"
                        onclick={why(WhyAction::ForkSelected(Fault::Delay(d)))}>
                        { format!("{} {}", say(lang, "What if it were delayed", "지연된다면"), offset(d, lang)) }
                    </button>
                }
            });
            html! {
                <>
                    <button type="button" class="why-panel__fork-lost"
                        onclick={why(WhyAction::ForkSelected(Fault::Drop))}>
                        { format!("{} {id} {}", say(lang, "What if", "만약"), say(lang, "were lost", "유실된다면")) }
                    </button>
                    { for delays }
                </>
            }
        });
        html! {
            <div class="why-panel__selected" role="group" aria-label={id.to_string()}>
                <button type="button" class="why-panel__old-copy" onclick={why(WhyAction::OldDuplicateOfSelected)}>
                    { say(lang, "An old copy of ", "") }{ id.to_string() }
                    { say(lang, " arrives now", "의 오래된 사본이 지금 도착") }
                </button>
                { forks.unwrap_or_default() }
            </div>
        }
    });
    selected.unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use handshake_core::vocab::TcbVar;

    #[test]
    fn the_form_reads_relative_numbers_as_the_core_does() {
        let s = parse_inject(Flags::SYN.bits(), " client.iss-10 ", "", "").unwrap();
        assert_eq!(s.flags, Flags::SYN);
        assert_eq!(
            s.seq,
            SeqSpec::Relative {
                side: Side::Client,
                var: TcbVar::Iss,
                offset: -10
            }
        );
        assert_eq!(s.ack, SeqSpec::Absolute(0));
        assert_eq!(s.data, None);
        let s = parse_inject((Flags::ACK | Flags::PSH).bits(), "7", "server.snd_nxt", "5").unwrap();
        assert_eq!(s.data, Some(SendData::Pattern(5)));
        assert_eq!(parse_inject(0, "1", "", ""), Err(FormError::NoFlags));
        assert_eq!(parse_inject(2, "client.isn", "", ""), Err(FormError::Seq));
        assert_eq!(parse_inject(2, "1", "x", ""), Err(FormError::Ack));
        assert_eq!(parse_inject(2, "1", "", "-1"), Err(FormError::Len));
        assert_eq!(parse_inject(2, "1", "", "1461"), Err(FormError::Len));
    }
}
