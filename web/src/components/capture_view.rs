//! A real capture in the lab (issue 14): [`CaptureOpen`] opens a .pcap or .pcapng file by the
//! file picker (a file dropped on the page or picked in the Share menu comes through
//! `crate::import`), and
//! [`CaptureView`] plays the chosen connection as the core's passive observer read it — a
//! [`Recording`] stepped, sought and shown on a [`TraceLadder`], with the segment's header, the
//! narration of `handshake-explain`, and the observer's notes where the capture disagrees with
//! RFC 9293's rules. Nothing here infers TCP: the states and notes are the observer's.

use std::rc::Rc;

use handshake_core::Instant;
use handshake_core::ladder::{LadderOptions, segment_label};
use handshake_core::observer_note::ObserverNote;
use handshake_core::scenario::Scenario;
use handshake_core::sim::{Side, TxId};
use handshake_core::trace::{SegmentInfo, TraceKind};
use handshake_explain::{format, narrate, observe};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::capture::{MAX_FILE_BYTES, Opened, Problem};
use crate::components::TraceLadder;
use crate::i18n::{Lang, Msg};
use crate::shared::Shared;

/// Reads a picked or dropped file and reports the capture or why it cannot be shown. A file
/// larger than [`MAX_FILE_BYTES`] is refused by its size, before a byte is read.
pub fn read_file(file: web_sys::File, done: Callback<Result<Opened, Problem>>) {
    let size = file.size();
    if size > MAX_FILE_BYTES {
        done.emit(Err(Problem::TooLarge { bytes: size }));
        return;
    }
    let name = file.name();
    wasm_bindgen_futures::spawn_local(async move {
        let result = match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
            Ok(buf) => Opened::read(&name, &js_sys::Uint8Array::new(&buf).to_vec()),
            Err(_) => Err(Problem::Unreadable),
        };
        done.emit(result);
    });
}

#[derive(Clone, PartialEq, Properties)]
pub struct CaptureOpenProps {
    pub lang: Lang,
    pub onread: Callback<Result<Opened, Problem>>,
}

/// The file picker: a button-like label around a file input.
#[function_component(CaptureOpen)]
pub fn capture_open(props: &CaptureOpenProps) -> Html {
    let onchange = {
        let done = props.onread.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            if let Some(file) = input.files().and_then(|l| l.get(0)) {
                read_file(file, done.clone());
            }
            // The same file can be opened again.
            input.set_value("");
        })
    };
    html! {
        <label class="capture-open" title={Msg::CaptureOpenHint.text(props.lang)}>
            <input type="file" class="capture-open__input" accept=".pcap,.pcapng,.cap,application/vnd.tcpdump.pcap" {onchange} />
            <span class="capture-open__text">{ Msg::CaptureOpen.text(props.lang) }</span>
        </label>
    }
}

#[derive(Clone, PartialEq, Properties)]
pub struct CaptureViewProps {
    pub opened: Shared<Opened>,
    pub lang: Lang,
    pub onchange: Callback<Opened>,
    pub onclose: Callback<()>,
}

fn side_label(side: Side, lang: Lang) -> &'static str {
    match side {
        Side::Client => Msg::ExplainClient.text(lang),
        Side::Server => Msg::ExplainServer.text(lang),
    }
}

/// The segment's header as the capture carried it.
fn inspector(seg: &SegmentInfo, lang: Lang) -> Html {
    let row =
        |k: &str, v: String| html! { <tr><th scope="row">{ k.to_owned() }</th><td>{ v }</td></tr> };
    html! {
        <table class="capture-view__fields">
            <caption>{ segment_label(seg, LadderOptions { absolute: false }) }</caption>
            { row(side_label(seg.from, lang), format!("→ {}", side_label(seg.to(), lang))) }
            { row("Flags", format::flags_rfc(seg.flags)) }
            { row("Seq", format!("{} ({})", seg.rel_seq, seg.seq.0)) }
            { row("Ack", format!("{} ({})", seg.rel_ack, seg.ack.0)) }
            { row("Len", seg.len.to_string()) }
            { row("Win", seg.window.to_string()) }
            { row("MSS", seg.mss.map_or_else(|| "—".to_owned(), |m| m.to_string())) }
            { row("Header", format!("{} B", u32::from(seg.data_offset) * 4)) }
            { row("Checksum", format!("{:#06x}", seg.checksum)) }
            if let Some(of) = seg.retransmission_of {
                { row("Retransmission of", of.to_string()) }
            }
        </table>
    }
}

/// Play steps the recording to its next instant this often: a capture on loopback is over in a
/// millisecond and one across the world may wait seconds between segments, so playing goes from
/// event to event at a reading pace, as the lab's "skip waiting" does for a wait.
pub const PLAY_STEP_MS: u32 = 700;

#[function_component(CaptureView)]
pub fn capture_view(props: &CaptureViewProps) -> Html {
    let lang = props.lang;
    let opened = &*props.opened;
    let playing = use_state_eq(|| false);
    let latest = use_mut_ref(|| opened.clone());
    *latest.borrow_mut() = opened.clone();
    {
        let latest = latest.clone();
        let onchange = props.onchange.clone();
        let setter = playing.setter();
        use_effect_with(*playing, move |&on| {
            let interval = on.then(|| {
                gloo::timers::callback::Interval::new(PLAY_STEP_MS, move || {
                    let mut o = latest.borrow().clone();
                    match o.recording.as_mut() {
                        Some(r) if !r.at_end() => {
                            r.step_forward();
                            onchange.emit(o);
                        }
                        _ => setter.set(false),
                    }
                })
            });
            move || drop(interval)
        });
    }
    let ontoggleplay = {
        let playing = playing.clone();
        Callback::from(move |_: MouseEvent| playing.set(!*playing))
    };
    let change = {
        let base = opened.clone();
        let cb = props.onchange.clone();
        move |f: &dyn Fn(&mut Opened)| {
            let mut o = base.clone();
            f(&mut o);
            cb.emit(o);
        }
    };
    let cap = &opened.capture;
    let connections = (cap.connections.len() > 1).then(|| {
        let items = cap.connections.iter().enumerate().map(|(k, c)| {
            let onchange = props.onchange.clone();
            let base = opened.clone();
            let onclick = Callback::from(move |_: MouseEvent| {
                let mut o = base.clone();
                o.choose(k);
                onchange.emit(o);
            });
            let current = opened.chosen == Some(k);
            html! {
                <li>
                    <button type="button" class={classes!("capture-view__conn", current.then_some("capture-view__conn--current"))}
                        aria-pressed={current.to_string()} {onclick}>
                        { format!("{}. {} · {} {}", k + 1, c.four_tuple(), c.segments.len(), Msg::CaptureSegments.text(lang)) }
                    </button>
                </li>
            }
        });
        html! {
            <nav class="capture-view__connections" aria-label={Msg::CaptureConnections.text(lang)}>
                <h3 class="capture-view__subheading">{ Msg::CaptureConnections.text(lang) }</h3>
                <ol>{ for items }</ol>
            </nav>
        }
    });
    let stopped = cap.stopped.as_ref().map(|e| html! {
        <p class="capture-view__stopped" role="status">
            { Msg::CaptureStopped.text(lang) }{ " " }{ crate::capture::capture_error_text(e, lang) }
        </p>
    });
    let onclose = {
        let cb = props.onclose.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let body = opened.recording.as_ref().map(|rec| {
        let step = |f: fn(&mut crate::replay::Recording)| {
            let change = change.clone();
            Callback::from(move |_: MouseEvent| {
                change(&|o: &mut Opened| {
                    if let Some(r) = o.recording.as_mut() {
                        f(r);
                    }
                })
            })
        };
        let onseek = {
            let change = change.clone();
            Callback::from(move |e: InputEvent| {
                let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
                    return;
                };
                let ms: f64 = input.value().parse().unwrap_or(0.0);
                change(&|o: &mut Opened| {
                    if let Some(r) = o.recording.as_mut() {
                        r.seek(Instant::from_micros((ms * 1000.0) as u64));
                    }
                })
            })
        };
        let onselect = {
            let change = change.clone();
            Callback::from(move |id: TxId| change(&|o: &mut Opened| o.selected = Some(id)))
        };
        let shown = rec.shown();
        let events = &rec.trace.events[..shown];
        // Each end's state at the present: the observer's latest state change, else the state it
        // started in.
        let state_of = |side: Side| {
            events
                .iter()
                .rev()
                .find_map(|e| match e.kind {
                    TraceKind::State { side: s, to, .. } if s == side => Some(Some(to)),
                    _ => None,
                })
                .or_else(|| {
                    events.iter().find_map(|e| match e.kind {
                        TraceKind::Observe { side: Some(s), note: ObserverNote::Initial { state, .. } } if s == side => Some(state),
                        _ => None,
                    })
                })
                .flatten()
                .map_or_else(|| Msg::CaptureUnknownState.text(lang).to_owned(), |s| s.name().to_owned())
        };
        let lanes = Side::BOTH.map(|side| html! {
            <div class={classes!("capture-view__lane", format!("capture-view__lane--{}", side.name()))}>
                <span class="capture-view__lane-name">{ side_label(side, lang) }</span>
                <span class="capture-view__state">{ state_of(side) }</span>
            </div>
        });
        let notes: Vec<Html> = events
            .iter()
            .filter_map(|e| match e.kind {
                TraceKind::Observe { side, note } => Some((e.t, side, note)),
                _ => None,
            })
            .map(|(t, side, note)| {
                let bad = note.is_inconsistency() || matches!(note, ObserverNote::Retransmission { .. });
                html! {
                    <li class={classes!("capture-view__note", bad.then_some("capture-view__note--flag"))}>
                        <span class="capture-view__note-time">{ format::instant(t, lang) }</span>{ " " }
                        { observe::note(side, &note, lang) }
                    </li>
                }
            })
            .collect();
        let entries = narrate::narrate_trace(&rec.trace, &Scenario::default(), 0, lang);
        let narration = entries.iter().filter(|e| e.event < shown).map(|e| html! {
            <li class="capture-view__entry">
                <span class="capture-view__note-time">{ format::instant(e.t, lang) }</span>{ " " }{ e.text.clone() }
            </li>
        });
        let selected = opened.selected.and_then(|id| {
            rec.trace.iter().find_map(|e| match &e.kind {
                TraceKind::Send { seg, .. } if seg.id == id => Some(*seg),
                _ => None,
            })
        });
        let end_ms = rec.end().total_micros() / 1000;
        let now_ms = rec.now.total_micros() / 1000;
        html! {
            <div class="capture-view__body">
                <div class="capture-view__main">
                    <div class="capture-view__controls" role="group">
                        <button type="button" class="capture-view__play" aria-pressed={playing.to_string()} onclick={ontoggleplay}>
                            { if *playing { Msg::ControlPause.text(lang) } else { Msg::ControlPlay.text(lang) } }
                        </button>
                        <button type="button" onclick={step(|r| r.seek(Instant::ZERO))}>{ Msg::CaptureStart.text(lang) }</button>
                        <button type="button" onclick={step(|r| r.step_back())}>{ Msg::CaptureBack.text(lang) }</button>
                        <button type="button" class="capture-view__step" disabled={rec.at_end()} onclick={step(|r| r.step_forward())}>{ Msg::CaptureStep.text(lang) }</button>
                        <button type="button" onclick={step(|r| { let e = r.end(); r.seek(e) })}>{ Msg::CaptureEnd.text(lang) }</button>
                        <input type="range" class="capture-view__seek" aria-label={Msg::CaptureSeek.text(lang)}
                            min="0" max={end_ms.to_string()} step="1" value={now_ms.to_string()} oninput={onseek} />
                        <output class="capture-view__time" data-us={rec.now.total_micros().to_string()}>{ format::clock(rec.now, lang) }</output>
                    </div>
                    <div class="capture-view__lanes">{ for lanes }</div>
                    <div class="capture-view__ladder">
                        <TraceLadder trace={Shared(Rc::clone(&rec.trace))} now={rec.now} {lang}
                            selected={opened.selected} onselect={Some(onselect)} name="capture" />
                    </div>
                    <p class="capture-view__inferred">{ Msg::CaptureInferred.text(lang) }</p>
                </div>
                <aside class="capture-view__side">
                    <section class="capture-view__inspector">
                        <h3 class="capture-view__subheading">{ Msg::CaptureSegment.text(lang) }</h3>
                        { selected.map_or_else(|| html! { <p>{ Msg::CaptureSegmentHint.text(lang) }</p> }, |s| inspector(&s, lang)) }
                    </section>
                    <section class="capture-view__notes-box">
                        <h3 class="capture-view__subheading">{ Msg::CaptureNotes.text(lang) }</h3>
                        if notes.is_empty() {
                            <p>{ Msg::CaptureNoNotes.text(lang) }</p>
                        } else {
                            <ul class="capture-view__notes">{ for notes }</ul>
                        }
                    </section>
                    <section class="capture-view__narration" aria-live="polite">
                        <h3 class="capture-view__subheading">{ Msg::NarrationLabel.text(lang) }</h3>
                        <ol class="capture-view__entries">{ for narration }</ol>
                    </section>
                </aside>
            </div>
        }
    });
    html! {
        <section class="capture-view" aria-label={opened.name.clone()}>
            <header class="capture-view__header">
                <h2 class="capture-view__title">{ opened.name.clone() }</h2>
                <span class="capture-view__summary">
                    { format!("{} · {} TCP", cap.format, cap.connections.len()) }
                </span>
                <button type="button" class="capture-view__close" onclick={onclose}>{ Msg::CaptureClose.text(lang) }</button>
            </header>
            { for stopped }
            { for connections }
            { for body }
        </section>
    }
}

#[derive(Clone, PartialEq, Properties)]
pub struct CaptureProblemProps {
    pub problem: Problem,
    pub lang: Lang,
    pub ondismiss: Callback<()>,
}

/// Why a file was not opened; the lab behind it goes on as it was.
#[function_component(CaptureProblemBar)]
pub fn capture_problem_bar(props: &CaptureProblemProps) -> Html {
    let ondismiss = {
        let cb = props.ondismiss.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    html! {
        <div class="capture-problem" role="alert">
            <strong>{ Msg::CaptureProblem.text(props.lang) }</strong>{ " " }
            <span class="capture-problem__text">{ crate::capture::problem_text(&props.problem, props.lang) }</span>
            <button type="button" class="capture-problem__dismiss" aria-label="×" onclick={ondismiss}>{ "×" }</button>
        </div>
    }
}

/// What the app needs to offer captures: the one shown (if any), why the last file was refused,
/// and the callbacks for the picker, the drop on the lab, the view and the keyboard.
#[derive(Clone)]
pub struct CaptureWiring {
    pub opened: Option<Shared<Opened>>,
    pub problem: Option<Problem>,
    /// The keyboard's commands: while a capture is shown the arrow keys and Home step it and the
    /// lab's other shortcuts wait; otherwise they go to `lab_key`.
    pub onkey: Callback<crate::shortcuts::Command>,
    /// A picked or dropped capture (the header's button, the Share menu, `DropZone`).
    pub onread: Callback<Result<Opened, Problem>>,
    pub onchange: Callback<Opened>,
    pub onclose: Callback<()>,
    pub ondismiss: Callback<()>,
}

/// The capture's state beside the lab's. `lab_key` handles the keyboard when no capture is
/// shown; `on_open` is told when one opens (the app pauses the lab). Every callback is made once:
/// the app re-renders on every frame while the lab plays.
#[hook]
pub fn use_capture(
    lab_key: Callback<crate::shortcuts::Command>,
    on_open: Callback<()>,
) -> CaptureWiring {
    use crate::shortcuts::Command;
    let capture = use_state(|| None::<Shared<Opened>>);
    let problem = use_state(|| None::<Problem>);
    let latest = use_mut_ref(|| None::<Shared<Opened>>);
    *latest.borrow_mut() = (*capture).clone();
    let onkey = {
        let set = capture.setter();
        use_callback((), move |c: Command, _| {
            let Some(open) = latest.borrow().clone() else {
                lab_key.emit(c);
                return;
            };
            let mut o = (*open.0).clone();
            let Some(r) = o.recording.as_mut() else {
                return;
            };
            match c {
                Command::StepForward => r.step_forward(),
                Command::StepBack => r.step_back(),
                Command::Reset => r.seek(Instant::ZERO),
                _ => return,
            }
            set.set(Some(Shared(Rc::new(o))));
        })
    };
    let onread = {
        let capture = capture.setter();
        let problem = problem.setter();
        use_callback((), move |r: Result<Opened, Problem>, _| match r {
            Ok(o) => {
                on_open.emit(());
                problem.set(None);
                capture.set(Some(Shared(Rc::new(o))));
            }
            Err(p) => problem.set(Some(p)),
        })
    };
    let onchange = {
        let capture = capture.setter();
        use_callback((), move |o: Opened, _| {
            capture.set(Some(Shared(Rc::new(o))))
        })
    };
    let onclose = {
        let capture = capture.setter();
        use_callback((), move |(), _| capture.set(None))
    };
    let ondismiss = {
        let problem = problem.setter();
        use_callback((), move |(), _| problem.set(None))
    };
    CaptureWiring {
        opened: (*capture).clone(),
        problem: (*problem).clone(),
        onkey,
        onread,
        onchange,
        onclose,
        ondismiss,
    }
}
