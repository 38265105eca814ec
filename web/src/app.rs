//! The root component: the language, the lab's state (one reducer), the one animation clock,
//! the keyboard, and the layout — header with the preset menu, the stage with its controls and
//! the two applications' calls on the left, the explanations (state diagram, inspector,
//! settings; narration) on the right. On a phone the panels stack.

use std::cell::RefCell;
use std::rc::Rc;

use handshake_core::presets;
use handshake_core::sim::Side;
use handshake_core::sim::{Fault, TxId};
use handshake_core::{Duration, Instant};
use wasm_bindgen::JsCast;
use yew::Reducible;
use yew::prelude::*;

use crate::components::compare_view::{Sockets, caption, why_overlay};
use crate::components::why_panel::say;
use crate::components::{
    BrokenTcp, CallsPanel, ChangePrompt, CompareView, ControlBar, FaultMenu, Footer, Header,
    HelpOverlay, Inspector, NarrationLog, NoticeBar, PresetMenu, Settings, Stage, StateDiagram,
    WhyPanel, WhySegment,
};
use crate::hooks::{UrlParams, prefers_reduced_motion, use_animation_clock, use_keyboard};
use crate::i18n::{Lang, Msg};
use crate::lab::{Action, DEFAULT_PRESET, Field, LabState, Notice};
use crate::shared::Shared;
use crate::shortcuts::Command;
use handshake_core::config::Counterfactual;

#[derive(Clone, PartialEq, Properties, Default)]
pub struct AppProps {
    /// The starting language; `None` follows `?lang=`, then `navigator.language` (ko* → Korean).
    #[prop_or_default]
    pub lang: Option<Lang>,
    /// The starting preset; `None` follows `?preset=`, then the normal handshake.
    #[prop_or_default]
    pub preset: Option<AttrValue>,
}

/// The tabs of the side panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    Diagram,
    Inspector,
    Settings,
}

impl Tab {
    const ALL: [Tab; 3] = [Tab::Diagram, Tab::Inspector, Tab::Settings];

    /// The element ids of the tab and (while it is the one shown) its panel.
    const fn ids(self) -> (&'static str, &'static str) {
        match self {
            Tab::Diagram => ("side-tab-diagram", "side-panel-diagram"),
            Tab::Inspector => ("side-tab-inspector", "side-panel-inspector"),
            Tab::Settings => ("side-tab-settings", "side-panel-settings"),
        }
    }

    const fn label(self) -> Msg {
        match self {
            Tab::Diagram => Msg::TabDiagram,
            Tab::Inspector => Msg::TabInspector,
            Tab::Settings => Msg::TabSettings,
        }
    }

    /// The tab an arrow key, Home or End moves to from this one (the WAI-ARIA tabs pattern,
    /// wrapping around), if the key is one of those.
    fn after_key(self, key: &str) -> Option<Tab> {
        let n = Tab::ALL.len();
        let i = Tab::ALL.iter().position(|&t| t == self).unwrap_or(0);
        let j = match key {
            "ArrowRight" => (i + 1) % n,
            "ArrowLeft" => (i + n - 1) % n,
            "Home" => 0,
            "End" => n - 1,
            _ => return None,
        };
        Some(Tab::ALL[j])
    }
}

/// The app's callbacks, made once.
#[derive(Clone)]
struct Handlers {
    dispatch: Callback<Action>,
    tick: Callback<f64>,
    key: Callback<Command>,
    onselect: Callback<Option<TxId>>,
    onpick: Callback<&'static str>,
    onseek: Callback<Instant>,
    onfollow: Callback<bool>,
    onexport: Callback<(), String>,
    ondismiss: Callback<()>,
    onclosehelp: Callback<()>,
    onhelp: Callback<MouseEvent>,
}

impl Handlers {
    fn new(
        dispatcher: UseReducerDispatcher<LabState>,
        play: NodeRef,
        latest: Rc<RefCell<Option<LabState>>>,
    ) -> Handlers {
        let dispatch = Callback::from(move |a: Action| dispatcher.dispatch(a));
        let d = dispatch.clone();
        Handlers {
            tick: dispatch.reform(Action::Tick),
            key: dispatch.reform(command_action),
            // Selecting a segment leaves the side panel's tab alone: the diagram stays, with the
            // segment's summary under it.
            onselect: dispatch.reform(Action::Select),
            // A scenario picked, the keyboard goes to Play, where Space (as the help says) plays.
            onpick: Callback::from(move |slug: &'static str| {
                d.emit(Action::LoadPreset(slug));
                if let Some(button) = play.cast::<web_sys::HtmlElement>() {
                    // Focus cannot fail on a button in the document; nothing to do if it did.
                    let _ = button.focus();
                }
            }),
            onseek: dispatch.reform(Action::Seek),
            onfollow: dispatch.reform(Action::SetFollow),
            onexport: Callback::from(move |()| {
                latest
                    .borrow()
                    .as_ref()
                    .map(LabState::export_json)
                    .unwrap_or_default()
            }),
            ondismiss: dispatch.reform(|()| Action::DismissNotice),
            onclosehelp: dispatch.reform(|()| Action::SetHelp(false)),
            onhelp: dispatch.reform(|_: MouseEvent| Action::ToggleHelp),
            dispatch,
        }
    }
}

/// What a keyboard shortcut does.
pub fn command_action(c: Command) -> Action {
    match c {
        Command::PlayPause => Action::TogglePlay,
        Command::StepForward => Action::StepForward,
        Command::StepBack => Action::StepBack,
        Command::Reset => Action::Reset,
        Command::Faster => Action::Faster,
        Command::Slower => Action::Slower,
        Command::SelectNext => Action::SelectNext,
        Command::SelectPrevious => Action::SelectPrevious,
        Command::Drop => Action::FaultSelected(Fault::Drop),
        Command::DelayHalf => Action::FaultSelected(Fault::Delay(Duration::from_millis(500))),
        Command::DelayOne => Action::FaultSelected(Fault::Delay(Duration::from_millis(1000))),
        Command::HoldOrRelease => Action::FaultSelected(Fault::Hold),
        Command::Duplicate => Action::FaultSelected(Fault::Duplicate),
        Command::Escape => Action::Escape,
        Command::ToggleAbsolute => Action::ToggleAbsolute,
        Command::Follow => Action::SetFollow(true),
        Command::ToggleSkipWaiting => Action::ToggleSkipWaiting,
        Command::Help => Action::ToggleHelp,
        Command::Undo => Action::Undo,
        Command::Fit => Action::ToggleFit,
    }
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let params = use_memo((), |_| UrlParams::read());
    let lang = use_state(|| {
        props
            .lang
            .or(params.lang)
            .unwrap_or_else(crate::i18n::detect_lang)
    });
    use_effect_with(*lang, |lang| set_document_lang(*lang));
    let lab = {
        let preset = props
            .preset
            .as_ref()
            .map(|p| p.to_string())
            .or_else(|| params.preset.clone());
        let params = params.clone();
        use_reducer(move || {
            let mut s = LabState::new(preset.as_deref().unwrap_or(DEFAULT_PRESET));
            let unknown = preset.filter(|p| presets::find(p).is_none());
            if unknown.is_some() || !params.ignored.is_empty() {
                s.notice = Some(Notice::BadLink {
                    preset: unknown,
                    ignored: params.ignored.clone(),
                });
            }
            if let Some(speed) = params.speed {
                s = Rc::unwrap_or_clone(Rc::new(s).reduce(Action::SetSpeed(speed)));
            }
            if let Some(t) = params.t {
                let t = crate::timeline::instant(t * 1000.0);
                s = Rc::unwrap_or_clone(Rc::new(s).reduce(Action::Seek(t)));
            }
            if let Some(on) = params.skip_waiting {
                s.skip_waiting = on;
            }
            s.absolute = params.absolute;
            s.playing = params.play;
            s
        })
    };
    let reduced_motion = use_memo((), |_| prefers_reduced_motion());
    let tab = use_state_eq(|| Tab::Diagram);
    let play_ref = use_node_ref();
    // Callbacks are made once: children compare props by callback identity, and a new callback
    // on every frame would re-render every panel on every frame.
    let latest = use_mut_ref(|| None::<LabState>);
    *latest.borrow_mut() = Some((*lab).clone());
    let handlers = {
        let dispatcher = lab.dispatcher();
        let play = play_ref.clone();
        use_memo((), move |_| Handlers::new(dispatcher, play, latest))
    };
    let dispatch = handlers.dispatch.clone();
    use_animation_clock(lab.playing, handlers.tick.clone());
    use_keyboard(handlers.key.clone());

    let onlangchange = {
        let lang = lang.clone();
        Callback::from(move |choice: Lang| lang.set(choice))
    };
    let Handlers {
        onselect,
        onpick,
        onseek,
        onfollow,
        onexport,
        ondismiss,
        onclosehelp,
        onhelp,
        ..
    } = (*handlers).clone();
    // Two runs compared share one time axis (and the scrubber's range).
    let horizon = Shared(Rc::clone(
        lab.compare.as_ref().map_or(&lab.horizon, |c| &c.horizon),
    ));
    let at_end = !lab.playing && lab.next_instant().is_none();
    let fault_menu = match (lab.menu_open, lab.selected) {
        (true, Some(id)) if lab.selected_active() => html! {
            <FaultMenu sim={lab.sim.clone()} selected={id} absolute={lab.absolute}
                delay_text={lab.inputs.text(Field::DelayMs).to_owned()}
                delay_error={lab.inputs.error(Field::DelayMs).cloned()}
                ondispatch={dispatch.clone()} />
        },
        _ => html! {},
    };
    let calls = Side::BOTH.map(|side| {
        let armed = lab.armed(side);
        html! {
            <CallsPanel {side} {armed}
                loss_text={lab.inputs.text(Field::LossPercent(side)).to_owned()}
                loss_error={lab.inputs.error(Field::LossPercent(side)).cloned()}
                ondispatch={dispatch.clone()} />
        }
    });
    // The side panel's tabs, as the WAI-ARIA tabs pattern has them: one tab stop (the shown
    // tab), the arrows, Home and End move between tabs and show them.
    let tablist_ref = use_node_ref();
    let onsidekey = {
        let tab = tab.clone();
        let tablist_ref = tablist_ref.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(next) = tab.after_key(&e.key()) else {
                return;
            };
            e.prevent_default();
            e.stop_propagation();
            tab.set(next);
            let id = next.ids().0;
            if let Some(el) = tablist_ref
                .cast::<web_sys::Element>()
                .and_then(|l| l.query_selector(&format!("#{id}")).ok().flatten())
            {
                let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        })
    };
    let selected_id = lab.selected.map(|id| id.to_string());
    let tab_button = |t: Tab| {
        let tab_state = tab.clone();
        let active = *tab == t;
        // Only the shown tab's panel is in the page, so only that tab names its panel.
        let (id, panel) = t.ids();
        // The inspector's tab names the selected segment, so the selection is seen from any tab.
        let badge = match (t, &selected_id) {
            (Tab::Inspector, Some(sel)) => {
                html! { <span class="side__tab-badge">{ sel.clone() }</span> }
            }
            _ => html! {},
        };
        html! {
            <button type="button" role="tab" {id} class={classes!("side__tab", active.then_some("side__tab--active"))}
                aria-selected={active.to_string()} aria-controls={active.then_some(panel)}
                tabindex={if active { "0" } else { "-1" }}
                onclick={Callback::from(move |_: MouseEvent| tab_state.set(t))}>
                { t.label().text(*lang) }{ badge }
            </button>
        }
    };
    // Made once, like the handlers: the summary under the diagram is not drawn again per frame.
    let onmore = {
        let tab = tab.setter();
        use_callback((), move |(), _| tab.set(Tab::Inspector))
    };
    let notice_or_question = match &lab.pending {
        Some(pending) => {
            html! { <ChangePrompt pending={pending.clone()} ondispatch={dispatch.clone()} /> }
        }
        None => html! {
            <NoticeBar notice={lab.notice.clone()} {ondismiss} can_undo={lab.can_undo()}
                ondispatch={dispatch.clone()} />
        },
    };
    let l = *lang;
    // Issue 13: a run with a broken-TCP switch is marked NOT TCP (banner, every capsule, label
    // and state); a second run compared beside it.
    let not_tcp = lab.sim.borrow().is_counterfactual();
    let not_tcp_banner = not_tcp.then(|| {
        let names: Vec<&str> = Counterfactual::ALL
            .into_iter()
            .filter(|c| lab.switch_on(*c))
            .map(|c| crate::components::broken_tcp::switch_words(c, l).0)
            .collect();
        html! {
            <p class="not-tcp-banner" role="note">
                <strong>{ say(l, "Counterfactual — NOT TCP", "반사실 — TCP 아님") }</strong>
                { ": " }{ names.join(", ") }
            </p>
        }
    });
    let compare_view = lab.compare.as_ref().map(|c| {
        html! {
            <CompareView compare={Shared(Rc::clone(c))} now={lab.now} absolute={lab.absolute}
                reduced_motion={*reduced_motion} ondispatch={dispatch.clone()} />
        }
    });
    let main_caption = lab.compare.as_ref().map(|c| {
        html! { <h2 class="why-stages__caption">{ caption(c, c.main_is, l) }</h2> }
    });
    let switches = Counterfactual::ALL.map(|c| lab.switch_on(c));
    let overlay = why_overlay(lab.sim.clone(), lab.compare.as_ref());
    html! {
        <ContextProvider<Lang> context={l}>
            <div class={classes!("app", "lab", reduced_motion.then_some("lab--reduced-motion"))} lang={l.tag()}>
                <Header lang={l} {onlangchange}>
                    <PresetMenu current={lab.preset} lang={l} on_pick={onpick} />
                    <button type="button" class="header__help" aria-keyshortcuts="?"
                        onclick={onhelp}>
                        <span aria-hidden="true">{ "? " }</span>{ Msg::HelpButton.text(l) }
                    </button>
                </Header>
                <main class="app__main lab__main">
                    <div class="lab__stage-col">
                        <div class={classes!("why-stages", lab.compare.is_some().then_some("why-stages--two"))}>
                            <div class={classes!("why-stages__main", not_tcp.then_some("why-stage--not-tcp"))}
                                style={not_tcp.then(|| format!("--not-tcp: \"{}\"", say(l, "NOT TCP", "TCP 아님")))}>
                                { not_tcp_banner.unwrap_or_default() }
                                { main_caption.unwrap_or_default() }
                                <Stage sim={lab.sim.clone()} horizon={horizon.clone()} now={lab.now}
                                    selected={lab.selected} absolute={lab.absolute} reduced_motion={*reduced_motion}
                                    follow={lab.follow} fit={lab.fit} {onselect} {onfollow} ondispatch={dispatch.clone()}
                                    {overlay} lanes_extra={html! { <Sockets sim={lab.sim.clone()} /> }}>
                                    { fault_menu }
                                </Stage>
                            </div>
                            { compare_view.unwrap_or_default() }
                        </div>
                        <ControlBar now={lab.now} horizon={horizon} playing={lab.playing} speed={lab.speed}
                            skip_waiting={lab.skip_waiting} absolute={lab.absolute} {at_end}
                            can_undo={lab.can_undo()} {play_ref} ondispatch={dispatch.clone()} />
                        { notice_or_question }
                        <div class="lab__calls">{ for calls }</div>
                        <WhyPanel sim={lab.sim.clone()} selected={lab.selected} selected_active={lab.selected_active()}
                            ondispatch={dispatch.clone()} />
                    </div>
                    <aside class="lab__side" aria-label={Msg::SideLabel.text(l)}>
                        <div class="side__tabs" role="tablist" aria-label={Msg::SideLabel.text(l)}
                            ref={tablist_ref} onkeydown={onsidekey}>
                            { for Tab::ALL.into_iter().map(tab_button) }
                        </div>
                        <div class={classes!("side__panel", (*tab == Tab::Diagram).then_some("side__panel--diagram"))}
                            role="tabpanel" id={tab.ids().1} aria-labelledby={tab.ids().0}>
                            { match *tab {
                                Tab::Diagram => html! {
                                    <>
                                        <StateDiagram sim={lab.sim.clone()} lang={l} />
                                        <Inspector sim={lab.sim.clone()} selected={lab.selected} lang={l} absolute={lab.absolute}
                                            compact=true {onmore} />
                                    </>
                                },
                                Tab::Inspector => html! {
                                    <>
                                        <Inspector sim={lab.sim.clone()} selected={lab.selected} lang={l} absolute={lab.absolute} />
                                        <WhySegment selected={lab.selected} selected_active={lab.selected_active()}
                                            ondispatch={dispatch.clone()} />
                                    </>
                                },
                                Tab::Settings => html! {
                                    <>
                                        <Settings inputs={Shared(Rc::clone(&lab.inputs))} ondispatch={dispatch.clone()} {onexport} />
                                        <BrokenTcp on={switches} ondispatch={dispatch.clone()} />
                                    </>
                                },
                            } }
                        </div>
                        <section class="side__narration" aria-label={Msg::NarrationLabel.text(l)}>
                            <h2 class="side__heading">{ Msg::NarrationLabel.text(l) }</h2>
                            <NarrationLog sim={lab.sim.clone()} lang={l} on_seek={onseek} />
                        </section>
                    </aside>
                </main>
                <Footer />
                <HelpOverlay open={lab.help_open} lang={l} on_close={onclosehelp} />
            </div>
        </ContextProvider<Lang>>
    }
}

/// `<html lang>` follows the UI so that screen readers and font fallback use the right language.
fn set_document_lang(lang: Lang) {
    if let Some(root) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
    {
        // Setting an attribute on <html> cannot fail in practice; nothing to do if it did.
        let _ = root.set_attribute("lang", lang.tag());
    }
}
