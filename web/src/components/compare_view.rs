//! Two runs side by side: the lab's stage and, beside it (below it on a phone), a second stage
//! showing a what-if fork or real TCP, at the same present and on one time axis, so playing,
//! scrubbing and stepping move both. The differences are the core's (`fork::compare`), worded by
//! `handshake-explain`; this view only shows them: the first divergence as a line across both
//! ladders with its sentence, the segments sent in one run only outlined, each difference a
//! button that moves the present to it. Escape or Close returns to one run.
//!
//! Also here: [`WhyMarks`], the marks issue 13 adds on a ladder (crash and reboot on the lane,
//! the divergence line), drawn in the ladder's overlay.

use std::fmt::Write as _;
use std::rc::Rc;

use handshake_core::Instant;
use handshake_core::fork::{Difference, Which};
use handshake_core::sim::{ConnStatus, Side};
use handshake_core::trace::TraceKind;
use handshake_core::vocab::Conn;
use handshake_explain::compare::{difference, divergence};
use handshake_explain::format::instant;
use yew::prelude::*;

use crate::components::Stage;
use crate::components::ladder::TOP;
use crate::components::why_panel::say;
use crate::i18n::{Lang, use_lang};
use crate::lab::{Action, Compare, CompareKind, Horizon, WhyAction};
use crate::run::Run;
use crate::shared::Shared;
use crate::sim_handle::SimHandle;

/// How many differences the list shows before "and N more".
const SHOWN: usize = 6;

/// The caption of one of the two columns.
pub fn caption(c: &Compare, which: Which, lang: Lang) -> String {
    match (&c.kind, which == c.main_is) {
        (CompareKind::Fork(fork), false) => {
            let what = match &fork.action {
                handshake_core::sim::Action::Fault { target, fault } => match fault {
                    handshake_core::sim::Fault::Drop => {
                        format!("{target} {}", say(lang, "lost", "유실"))
                    }
                    f => format!("{target} {f}"),
                },
                handshake_core::sim::Action::Arm { side, fault } => {
                    let who = match side {
                        Side::Client => say(
                            lang,
                            "the client's next segment",
                            "클라이언트의 다음 세그먼트",
                        ),
                        Side::Server => {
                            say(lang, "the server's next segment", "서버의 다음 세그먼트")
                        }
                    };
                    match fault {
                        handshake_core::sim::Fault::Drop => {
                            format!("{who} {}", say(lang, "lost", "유실"))
                        }
                        f => format!("{who} {f}"),
                    }
                }
                a => a.to_string(),
            };
            format!(
                "{} {what} ({})",
                say(lang, "What if:", "가정:"),
                instant(fork.at, lang)
            )
        }
        (CompareKind::Fork(_), true) => say(lang, "As it happened", "실제 실행").to_owned(),
        (CompareKind::RealTcp, false) => say(lang, "Real TCP", "진짜 TCP").to_owned(),
        (CompareKind::RealTcp, true) => {
            say(lang, "Broken TCP — NOT TCP", "고장 낸 TCP — TCP 아님").to_owned()
        }
        (CompareKind::Profile(p), main) => {
            let p = if main { p.other() } else { *p };
            match p {
                handshake_core::config::Profile::Rfc => {
                    say(lang, "RFC 9293 profile", "RFC 9293 프로필").to_owned()
                }
                handshake_core::config::Profile::Linux => {
                    say(lang, "Linux profile", "리눅스 프로필").to_owned()
                }
            }
        }
    }
}

/// A style sheet that outlines, in each column, the segments only its run sent.
fn highlights(c: &Compare) -> String {
    let mut css = String::new();
    for d in &c.comparison.differences {
        if let Difference::Segment { only_in, seg, .. } = d {
            let column = if *only_in == c.main_is {
                ".why-stages__main"
            } else {
                ".compare"
            };
            let id = seg.id.to_string().replace('"', "");
            let _ = writeln!(
                css,
                "{column} .seg[data-tx=\"{id}\"] .seg__line {{ stroke: var(--why-only, #c026d3); stroke-width: 3.5px; }}\n{column} .seg-label[data-tx=\"{id}\"] {{ outline: 2px solid var(--why-only, #c026d3); }}"
            );
        }
    }
    css
}

thread_local! {
    /// The document's sheet of the compared runs' outlines, made and adopted once.
    static SHEET: std::cell::OnceCell<Option<web_sys::CssStyleSheet>> =
        const { std::cell::OnceCell::new() };
}

/// Puts `css` in the document's sheet of outlines (the empty text removes them).
fn set_why_css(css: &str) {
    SHEET.with(|cell| {
        let sheet = cell.get_or_init(|| {
            let doc = web_sys::window()?.document()?;
            let sheet = web_sys::CssStyleSheet::new().ok()?;
            let adopted = doc.adopted_style_sheets();
            adopted.push(&sheet);
            doc.set_adopted_style_sheets(&adopted);
            Some(sheet)
        });
        if let Some(sheet) = sheet {
            let _ = sheet.replace_sync(css);
        }
    });
}

#[derive(Clone, PartialEq, Properties)]
pub struct CompareViewProps {
    pub compare: Shared<Compare>,
    pub now: Instant,
    #[prop_or_default]
    pub absolute: bool,
    #[prop_or_default]
    pub reduced_motion: bool,
    /// The lab's time runs.
    #[prop_or_default]
    pub playing: bool,
    pub ondispatch: Callback<Action>,
}

#[function_component(CompareView)]
pub fn compare_view(props: &CompareViewProps) -> Html {
    let lang = use_lang();
    let c = &props.compare;
    let runs = c.runs();
    let first = c.comparison.first();
    let sentence = divergence(first, runs, lang);
    // The outlines are a constructed stylesheet (the page's CSP allows no `<style>` element, as
    // `lit_style.rs` explains), replaced when the comparison changes, emptied when it closes.
    use_effect_with(props.compare.clone(), |c| {
        set_why_css(&highlights(c));
        || set_why_css("")
    });
    let items = c
        .comparison
        .differences
        .iter()
        .take(SHOWN)
        .enumerate()
        .map(|(i, d)| {
            let t = d.t();
            let d2 = props.ondispatch.clone();
            let past = t <= props.now;
            html! {
                <li class={classes!("compare__diff", (i == 0).then_some("compare__diff--first"), past.then_some("compare__diff--past"))}>
                    <button type="button" class="compare__seek" onclick={Callback::from(move |_: MouseEvent| d2.emit(Action::Seek(t)))}>
                        { difference(d, runs, lang) }
                    </button>
                </li>
            }
        });
    let more = c.comparison.differences.len().saturating_sub(SHOWN);
    let close = props
        .ondispatch
        .reform(|_: MouseEvent| Action::Why(WhyAction::CloseCompare));
    let horizon = Shared(Rc::clone(&c.horizon));
    let overlay = why_overlay(c.sim.clone(), Some(&props.compare.0));
    let not_tcp = c.sim.borrow().is_counterfactual();
    html! {
        <section class={classes!("compare", not_tcp.then_some("why-stage--not-tcp"))} aria-label={caption(c, c.second_is(), lang)}
            style={not_tcp.then(|| format!("--not-tcp: \"{}\"", say(lang, "NOT TCP", "TCP 아님")))}>
            <div class="compare__head">
                <h2 class="compare__title">{ caption(c, c.second_is(), lang) }</h2>
                <button type="button" class="compare__close" aria-keyshortcuts="Escape" onclick={close}>
                    { "✕ " }{ say(lang, "Close", "닫기") }
                </button>
            </div>
            <details class="compare__details">
                <summary class="compare__divergence" role="status">{ sentence }</summary>
                <ol class="compare__diffs">
                    { for items }
                    if more > 0 {
                        <li class="compare__more">{ format!("{} {more}", say(lang, "… and more:", "… 그 밖에")) }</li>
                    }
                </ol>
            </details>
            <Stage run={Run::Live(c.sim.clone())} horizon={horizon} now={props.now} absolute={props.absolute}
                reduced_motion={props.reduced_motion} playing={props.playing} follow=true {overlay}
                lanes_extra={html! { <Sockets sim={c.sim.clone()} /> }} />
        </section>
    }
}

#[derive(Clone, PartialEq, Properties)]
pub struct SocketsProps {
    pub sim: SimHandle,
}

/// Each side's listener and connections with their states, under its lane card, when it has
/// had more than one connection (a one-connection run looks as it always did).
#[function_component(Sockets)]
pub fn sockets(props: &SocketsProps) -> Html {
    let lang = use_lang();
    let sim = props.sim.borrow();
    let sides = Side::BOTH.into_iter().filter_map(|side| {
        let socks = sim.sockets(side);
        // One connection (with or without its listener) reads as it always did: the card.
        let conns = socks.iter().filter(|s| s.conn != Conn::Listener).count();
        if conns < 2 {
            return None;
        }
        let chips = socks.iter().map(|s| {
            let name = match s.conn {
                Conn::Listener => say(lang, "listener", "리스너").to_owned(),
                c => c.to_string(),
            };
            let ended = s.status != ConnStatus::Live;
            html! {
                <li class={classes!("sockets__sock", ended.then_some("sockets__sock--ended"))}>
                    <span class="sockets__name">{ name }</span>{ " " }
                    <span class="sockets__state">{ s.endpoint.state().name() }</span>
                </li>
            }
        });
        Some(html! {
            <ul class={classes!("sockets", format!("sockets--{}", side.name()))}
                aria-label={say(lang, "sockets", "소켓")}>
                { for chips }
            </ul>
        })
    });
    html! { <>{ for sides }</> }
}

/// The overlay a stage's ladder draws issue 13's marks with (on the ladder's own axis, which a
/// fit shrinks).
pub fn why_overlay(
    sim: SimHandle,
    compare: Option<&Rc<Compare>>,
) -> Option<Callback<Shared<Horizon>, Html>> {
    let diverge = compare.and_then(|c| c.parts_at());
    let states = Shared(Rc::new(
        compare.map(|c| c.state_differences()).unwrap_or_default(),
    ));
    Some(Callback::from(move |horizon: Shared<Horizon>| {
        html! { <WhyMarks sim={sim.clone()} {horizon} {diverge} states={states.clone()} /> }
    }))
}

#[derive(Clone, PartialEq, Properties)]
pub struct WhyMarksProps {
    pub sim: SimHandle,
    pub horizon: Shared<Horizon>,
    /// Where two compared runs part: a line across the ladder.
    #[prop_or_default]
    pub diverge: Option<Instant>,
    /// Where a side's state starts to differ from the other run's (the core's differences).
    #[prop_or_else(|| Shared(Rc::new(Vec::new())))]
    pub states: Shared<Vec<(Instant, Side)>>,
}

/// Crash and reboot on their lanes, and the divergence line.
#[function_component(WhyMarks)]
pub fn why_marks(props: &WhyMarksProps) -> Html {
    let lang = use_lang();
    let axis = &props.horizon.axis;
    let y = |t: Instant| TOP + axis.y(t);
    let marks: Vec<Html> = props
        .sim
        .borrow()
        .trace()
        .iter()
        .filter_map(|e| {
            let (side, class, text) = match e.kind {
                TraceKind::Crash { side } => (side, "crash", say(lang, "↯ crash", "↯ 크래시")),
                TraceKind::Reboot { side } => (side, "reboot", say(lang, "↻ reboot", "↻ 재부팅")),
                _ => return None,
            };
            let side_class = match side {
                Side::Client => "client",
                Side::Server => "server",
            };
            Some(html! {
                <span class={classes!("why-host", format!("why-host--{class}"), format!("why-host--{side_class}"))}
                    style={format!("top: {:.1}px", y(e.t))}>{ text }</span>
            })
        })
        .collect();
    let line = props.diverge.map(|t| {
        html! {
            <div class="why-diverge" style={format!("top: {:.1}px", y(t))}>
                <span class="why-diverge__label">{ say(lang, "the runs part here", "여기서 갈라진다") }</span>
            </div>
        }
    });
    let states = props.states.iter().map(|&(t, side)| {
        html! {
            <span class={classes!("why-state-diff", format!("why-state-diff--{}", side.name()))}
                style={format!("top: {:.1}px", y(t))} title={say(lang, "the state differs from the other run's", "다른 실행과 상태가 다르다")}>
                { "≠" }
            </span>
        }
    });
    html! { <>{ for marks }{ for states }{ line.unwrap_or_default() }</> }
}
