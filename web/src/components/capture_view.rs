//! A real capture in the lab (issue 14): [`CaptureOpen`] opens a .pcap or .pcapng file by the
//! file picker (a file dropped on the page or picked in the Share menu comes through
//! `crate::import`), and
//! [`CaptureView`] plays the chosen connection as the core's passive observer read it — a
//! recording played, stepped and sought on the lab's own [`Stage`] (the same ladder, capsules
//! and lane cards, through [`crate::run::Run`]), with the lab's [`Inspector`] (the header as
//! captured, its frame number) and [`NarrationLog`], and the observer's notes where the capture
//! disagrees with RFC 9293's rules. Nothing here infers TCP: the states and notes are the
//! observer's.

use std::rc::Rc;

use handshake_core::Instant;
use handshake_core::observer_note::ObserverNote;
use handshake_core::sim::TxId;
use handshake_core::trace::TraceKind;
use handshake_explain::{format, observe};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::capture::{MAX_FILE_BYTES, Opened, Problem};
use crate::components::{Inspector, NarrationLive, NarrationLog, Stage};
use crate::hooks::use_animation_clock;
use crate::i18n::{Lang, Msg};
use crate::lab::Action;
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

/// The longest real frame counted while playing (after a background tab the present does not
/// jump).
const MAX_FRAME_MS: f64 = 100.0;

#[function_component(CaptureView)]
pub fn capture_view(props: &CaptureViewProps) -> Html {
    let lang = props.lang;
    let opened = &*props.opened;
    // Playing: every animation frame moves the present (`Recording::play_frame`); the latest
    // capture is read through a cell, so the frame callback is made once.
    let latest = use_mut_ref(|| opened.clone());
    *latest.borrow_mut() = opened.clone();
    let last_frame = use_mut_ref(|| None::<f64>);
    let idle = use_mut_ref(|| 0.0f64);
    {
        let (last_frame, idle) = (last_frame.clone(), idle.clone());
        use_effect_with(opened.playing, move |_| {
            *last_frame.borrow_mut() = None;
            *idle.borrow_mut() = 0.0;
        });
    }
    let onframe = {
        let latest = latest.clone();
        use_callback(props.onchange.clone(), move |ts: f64, onchange| {
            let dt = match last_frame.replace(Some(ts)) {
                Some(last) => (ts - last).clamp(0.0, MAX_FRAME_MS),
                None => return,
            };
            let mut o = latest.borrow().clone();
            let Some(r) = o.recording.as_mut() else {
                return;
            };
            if !r.play_frame(dt, &mut idle.borrow_mut()) {
                o.playing = false;
            }
            onchange.emit(o);
        })
    };
    use_animation_clock(opened.playing, onframe);

    // A connection picked from the list: the keyboard goes on from Play (the list's buttons
    // stay, but the view under them is new).
    let play_ref = use_node_ref();
    {
        let play_ref = play_ref.clone();
        use_effect_with(opened.chosen, move |chosen| {
            if chosen.is_some() {
                if let Some(el) = play_ref.cast::<web_sys::HtmlElement>() {
                    if web_sys::window()
                        .and_then(|w| w.document())
                        .and_then(|d| d.active_element())
                        .is_none_or(|a| {
                            a.class_name().contains("capture-view__conn") || a.tag_name() == "BODY"
                        })
                    {
                        let _ = el.focus();
                    }
                }
            }
        });
    }
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
    let body = opened.recording.as_ref().zip(opened.run()).zip(opened.horizon.clone()).map(|((rec, run), horizon)| {
        let step = |f: fn(&mut crate::replay::Recording)| {
            let change = change.clone();
            Callback::from(move |_: MouseEvent| {
                change(&|o: &mut Opened| {
                    o.playing = false;
                    if let Some(r) = o.recording.as_mut() {
                        f(r);
                    }
                })
            })
        };
        let ontoggleplay = {
            let change = change.clone();
            Callback::from(move |_: MouseEvent| change(&Opened::toggle_play))
        };
        let onseek = {
            let change = change.clone();
            Callback::from(move |e: InputEvent| {
                let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
                    return;
                };
                let ms: f64 = input.value().parse().unwrap_or(0.0);
                change(&|o: &mut Opened| {
                    o.playing = false;
                    if let Some(r) = o.recording.as_mut() {
                        r.seek(Instant::from_micros((ms * 1000.0) as u64));
                    }
                })
            })
        };
        let onselect = {
            let change = change.clone();
            Callback::from(move |id: Option<TxId>| change(&|o: &mut Opened| o.selected = id))
        };
        let onfollow = {
            let change = change.clone();
            Callback::from(move |on: bool| change(&|o: &mut Opened| o.follow = on))
        };
        let ondispatch = {
            let change = change.clone();
            Callback::from(move |a: Action| {
                if a == Action::ToggleFit {
                    change(&|o: &mut Opened| o.fit = !o.fit);
                }
            })
        };
        let onnarrationseek = {
            let change = change.clone();
            Callback::from(move |t: Instant| {
                change(&|o: &mut Opened| {
                    o.playing = false;
                    if let Some(r) = o.recording.as_mut() {
                        r.seek(t);
                    }
                })
            })
        };
        let notes: Vec<Html> = rec
            .shown_events()
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
        let end_ms = rec.end().total_micros() / 1000;
        let now_ms = rec.now.total_micros() / 1000;
        html! {
            <div class="capture-view__body">
                <div class="capture-view__main">
                    <div class="capture-view__controls" role="group" aria-label={Msg::ControlsLabel.text(lang)}>
                        <button type="button" class="capture-view__play" ref={play_ref.clone()} aria-pressed={opened.playing.to_string()}
                            aria-keyshortcuts="Space" onclick={ontoggleplay}>
                            { if opened.playing { Msg::ControlPause.text(lang) } else { Msg::ControlPlay.text(lang) } }
                        </button>
                        <button type="button" aria-keyshortcuts="Home" onclick={step(|r| r.seek(Instant::ZERO))}>{ Msg::CaptureStart.text(lang) }</button>
                        <button type="button" aria-keyshortcuts="ArrowLeft" onclick={step(|r| r.step_back())}>{ Msg::CaptureBack.text(lang) }</button>
                        <button type="button" class="capture-view__step" aria-keyshortcuts="ArrowRight" disabled={rec.at_end()} onclick={step(|r| r.step_forward())}>{ Msg::CaptureStep.text(lang) }</button>
                        <button type="button" onclick={step(|r| { let e = r.end(); r.seek(e) })}>{ Msg::CaptureEnd.text(lang) }</button>
                        <input type="range" class="capture-view__seek" aria-label={Msg::CaptureSeek.text(lang)}
                            min="0" max={end_ms.to_string()} step="1" value={now_ms.to_string()} oninput={onseek} />
                        <output class="capture-view__time" data-us={rec.now.total_micros().to_string()}>{ format::clock(rec.now, lang) }</output>
                    </div>
                    <div class="capture-view__stage">
                        <Stage run={run.clone()} {horizon} now={rec.now} selected={opened.selected}
                            playing={opened.playing} follow={opened.follow} fit={opened.fit} {onselect} {onfollow} {ondispatch} />
                    </div>
                    <p class="capture-view__inferred">{ Msg::CaptureInferred.text(lang) }</p>
                </div>
                <aside class="capture-view__side">
                    <section class="capture-view__inspector">
                        <Inspector run={run.clone()} selected={opened.selected} {lang} absolute=false />
                    </section>
                    <section class="capture-view__notes-box">
                        <h3 class="capture-view__subheading">{ Msg::CaptureNotes.text(lang) }</h3>
                        if notes.is_empty() {
                            <p>{ Msg::CaptureNoNotes.text(lang) }</p>
                        } else {
                            <ul class="capture-view__notes">{ for notes }</ul>
                        }
                    </section>
                    <section class="capture-view__narration" aria-label={Msg::NarrationLabel.text(lang)}>
                        <h3 class="capture-view__subheading">{ Msg::NarrationLabel.text(lang) }</h3>
                        <NarrationLog run={run.clone()} {lang} on_seek={onnarrationseek} />
                    </section>
                    <NarrationLive {run} {lang} />
                </aside>
            </div>
        }
    });
    html! {
        <section class="capture-view" aria-label={opened.name.clone()}>
            <header class="capture-view__header">
                <h2 class="capture-view__title">{ opened.name.clone() }</h2>
                <span class="capture-view__summary">
                    { format!("{} · {}: {}", cap.format, Msg::CaptureConnectionCount.text(lang), cap.connections.len()) }
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
    /// The keyboard's commands: while a capture is shown Space plays it, the arrow keys and Home
    /// step it, n / p select its segments and the lab's other shortcuts wait; otherwise they go
    /// to `lab_key`.
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
                Command::PlayPause => {
                    o.toggle_play();
                    set.set(Some(Shared(Rc::new(o))));
                    return;
                }
                Command::SelectNext | Command::SelectPrevious => {
                    o.selected = r.adjacent_segment(o.selected, c == Command::SelectNext);
                    set.set(Some(Shared(Rc::new(o))));
                    return;
                }
                Command::StepForward => r.step_forward(),
                Command::StepBack => r.step_back(),
                Command::Reset => r.seek(Instant::ZERO),
                _ => return,
            }
            o.playing = false;
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
