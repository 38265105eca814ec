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
use yew::Reducible;
use yew::prelude::*;

use crate::components::{
    CallsPanel, ControlBar, FaultMenu, Footer, Header, HelpOverlay, Inspector, NarrationLog,
    NoticeBar, PresetMenu, Settings, Stage, StateDiagram,
};
use crate::hooks::{UrlParams, prefers_reduced_motion, use_animation_clock, use_keyboard};
use crate::i18n::{Lang, Msg};
use crate::lab::{Action, DEFAULT_PRESET, Field, LabState, Notice};
use crate::shared::Shared;
use crate::shortcuts::Command;

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
        tab: UseStateSetter<Tab>,
        latest: Rc<RefCell<Option<LabState>>>,
    ) -> Handlers {
        let dispatch = Callback::from(move |a: Action| dispatcher.dispatch(a));
        let d = dispatch.clone();
        Handlers {
            tick: dispatch.reform(Action::Tick),
            key: dispatch.reform(command_action),
            onselect: Callback::from(move |id: Option<TxId>| {
                if id.is_some() {
                    tab.set(Tab::Inspector);
                }
                d.emit(Action::Select(id));
            }),
            onpick: dispatch.reform(Action::LoadPreset),
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
    }
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let params = use_memo((), |_| UrlParams::read());
    let lang = use_state(|| props.lang.or(params.lang).unwrap_or_else(Lang::detect));
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
            if let Some(name) = preset.filter(|p| presets::find(p).is_none()) {
                s.notice = Some(Notice::UnknownPreset(name));
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
    let tab = use_state(|| Tab::Diagram);
    // Callbacks are made once: children compare props by callback identity, and a new callback
    // on every frame would re-render every panel on every frame.
    let latest = use_mut_ref(|| None::<LabState>);
    *latest.borrow_mut() = Some((*lab).clone());
    let handlers = {
        let dispatcher = lab.dispatcher();
        let tab = tab.setter();
        use_memo((), move |_| Handlers::new(dispatcher, tab, latest))
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
    let horizon = Shared(Rc::clone(&lab.horizon));
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
    let tab_button = |t: Tab, msg: Msg| {
        let tab_state = tab.clone();
        let active = *tab == t;
        html! {
            <button type="button" role="tab" class={classes!("side__tab", active.then_some("side__tab--active"))}
                aria-selected={active.to_string()}
                onclick={Callback::from(move |_: MouseEvent| tab_state.set(t))}>
                { msg.text(*lang) }
            </button>
        }
    };
    let l = *lang;
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
                        <Stage sim={lab.sim.clone()} horizon={horizon.clone()} now={lab.now}
                            selected={lab.selected} absolute={lab.absolute} reduced_motion={*reduced_motion}
                            follow={lab.follow} {onselect} {onfollow}>
                            { fault_menu }
                        </Stage>
                        <ControlBar now={lab.now} horizon={horizon} playing={lab.playing} speed={lab.speed}
                            skip_waiting={lab.skip_waiting} absolute={lab.absolute} {at_end}
                            ondispatch={dispatch.clone()} />
                        <NoticeBar notice={lab.notice.clone()} {ondismiss} />
                        <div class="lab__calls">{ for calls }</div>
                    </div>
                    <aside class="lab__side" aria-label={Msg::SideLabel.text(l)}>
                        <div class="side__tabs" role="tablist">
                            { tab_button(Tab::Diagram, Msg::TabDiagram) }
                            { tab_button(Tab::Inspector, Msg::TabInspector) }
                            { tab_button(Tab::Settings, Msg::TabSettings) }
                        </div>
                        <div class="side__panel" role="tabpanel">
                            { match *tab {
                                Tab::Diagram => html! { <StateDiagram sim={lab.sim.clone()} lang={l} /> },
                                Tab::Inspector => html! { <Inspector sim={lab.sim.clone()} selected={lab.selected} lang={l} absolute={lab.absolute} /> },
                                Tab::Settings => html! { <Settings inputs={Shared(Rc::clone(&lab.inputs))} ondispatch={dispatch.clone()} {onexport} /> },
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
