//! The root component: the language, the lab's state (one reducer), the one animation clock,
//! the keyboard, and the layout — header with the preset menu, the stage with its controls and
//! the two applications' calls on the left, the explanations (state diagram, inspector,
//! settings; narration) on the right. On a phone (one column) the explanations are a sheet at the
//! bottom of the screen, over the page, whose tabs include the narration: the ladder stays in
//! view while the newest entry, a tapped segment's fields or the diagram are shown.

use std::cell::RefCell;
use std::rc::Rc;

use handshake_core::presets;
use handshake_core::sim::Side;
use handshake_core::sim::{Fault, TxId};
use handshake_core::{Duration, Instant};
use wasm_bindgen::JsCast;
use yew::Reducible;
use yew::prelude::*;

use crate::components::capture_view::use_capture;
use crate::components::compare_view::{Sockets, caption, why_overlay};
use crate::components::narration_log::TermLinks;
use crate::components::why_panel::say;
use crate::components::{
    BrokenTcp, CallsPanel, ChangePrompt, CompareView, ControlBar, FaultMenu, Footer, Header,
    HelpButton, HelpOverlay, Inspector, LearnPanel, LitStyle, NarrationLive, NarrationLog,
    NoticeBar, PresetMenu, QuizCard, Settings, Stage, StateDiagram, WhyPanel, WhySegment,
};
use crate::components::{Caption, DropZone, EmbedBar, ShareMenu, UpdatePrompt};
use crate::components::{CaptureOpen, CaptureProblemBar, CaptureView, ProfileSwitch};
use crate::export::Choice;
use crate::hooks::{
    NARROW, UrlParams, copy_to_clipboard, link_url, prefers_reduced_motion, read_page_link,
    use_address_link, use_animation_clock, use_hash_change, use_keyboard, use_media_query,
};
use crate::i18n::{Lang, Msg};
use crate::lab::{
    Action, DEFAULT_PRESET, Field, LabState, Learn, LearnAction, LearnView, Notice, Panel,
};
use crate::run::Run;
use crate::shared::Shared;
use crate::shortcuts::Command;
use handshake_core::config::Counterfactual;
use handshake_core::link::LinkError;
use handshake_explain::arcs::Coverage;

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
    /// The narration, a tab of its own only on a phone (beside the ladder it has its own place).
    Narration,
    Diagram,
    Inspector,
    Settings,
    Learn,
}

impl Tab {
    const WIDE: &'static [Tab] = &[Tab::Diagram, Tab::Inspector, Tab::Settings, Tab::Learn];
    const NARROW: &'static [Tab] = &[
        Tab::Narration,
        Tab::Diagram,
        Tab::Inspector,
        Tab::Settings,
        Tab::Learn,
    ];

    /// The tabs of the layout (`narrow`: the phone's sheet).
    const fn all(narrow: bool) -> &'static [Tab] {
        if narrow { Tab::NARROW } else { Tab::WIDE }
    }

    /// The tab shown: the narration's tab is the diagram's where the narration has its own place.
    const fn shown(self, narrow: bool) -> Tab {
        match (self, narrow) {
            (Tab::Narration, false) => Tab::Diagram,
            (t, _) => t,
        }
    }

    /// The element ids of the tab and (while it is the one shown) its panel.
    const fn ids(self) -> (&'static str, &'static str) {
        match self {
            Tab::Narration => ("side-tab-narration", "side-panel-narration"),
            Tab::Diagram => ("side-tab-diagram", "side-panel-diagram"),
            Tab::Inspector => ("side-tab-inspector", "side-panel-inspector"),
            Tab::Learn => ("side-tab-learn", "side-panel-learn"),
            Tab::Settings => ("side-tab-settings", "side-panel-settings"),
        }
    }

    const fn label(self) -> Msg {
        match self {
            Tab::Narration => Msg::NarrationLabel,
            Tab::Diagram => Msg::TabDiagram,
            Tab::Inspector => Msg::TabInspector,
            Tab::Learn => Msg::TabLearn,
            Tab::Settings => Msg::TabSettings,
        }
    }

    /// The tab an arrow key, Home or End moves to from this one among `tabs` (the WAI-ARIA tabs
    /// pattern, wrapping around), if the key is one of those.
    fn after_key(self, key: &str, tabs: &[Tab]) -> Option<Tab> {
        let n = tabs.len();
        let i = tabs.iter().position(|&t| t == self).unwrap_or(0);
        let j = match key {
            "ArrowRight" => (i + 1) % n,
            "ArrowLeft" => (i + n - 1) % n,
            "Home" => 0,
            "End" => n - 1,
            _ => return None,
        };
        Some(tabs[j])
    }
}

/// The app's callbacks, made once.
#[derive(Clone)]
struct Handlers {
    /// Copy link: the share link of the lab as it is now, to the clipboard.
    oncopylink: Callback<()>,
    dispatch: Callback<Action>,
    tick: Callback<f64>,
    key: Callback<Command>,
    onselect: Callback<Option<TxId>>,
    onpick: Callback<&'static str>,
    onseek: Callback<Instant>,
    onfollow: Callback<bool>,
    /// The export menu: makes the file with `handshake-export` and offers it for download.
    onexport: Callback<Choice>,
    ondismiss: Callback<()>,
    onclosehelp: Callback<()>,
    onhelp: Callback<MouseEvent>,
}

impl Handlers {
    fn new(
        dispatcher: UseReducerDispatcher<LabState>,
        play: NodeRef,
        latest: Rc<RefCell<Option<LabState>>>,
        lang: Rc<std::cell::Cell<Lang>>,
    ) -> Handlers {
        let dispatch = Callback::from(move |a: Action| dispatcher.dispatch(a));
        let d = dispatch.clone();
        let lang_for_export = Rc::clone(&lang);
        let oncopylink = {
            let latest = Rc::clone(&latest);
            let d = dispatch.clone();
            Callback::from(move |()| {
                let Some(fragment) = latest.borrow().as_ref().map(|s| s.link(lang.get())) else {
                    return;
                };
                let url = link_url(&fragment);
                let d = d.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let copied = copy_to_clipboard(&url).await;
                    d.emit(Action::LinkCopied { url, copied });
                });
            })
        };
        let key = {
            let d = dispatch.clone();
            let copy = oncopylink.clone();
            Callback::from(move |c: Command| match c {
                Command::CopyLink => copy.emit(()),
                other => d.emit(command_action(other)),
            })
        };
        Handlers {
            oncopylink,
            tick: dispatch.reform(Action::Tick),
            key,
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
            onexport: {
                let d = dispatch.clone();
                let lang = Rc::clone(&lang_for_export);
                Callback::from(move |choice: Choice| {
                    let Some(state) = latest.borrow().clone() else {
                        return;
                    };
                    export_file(&state, lang.get(), choice, d.clone());
                })
            },
            ondismiss: dispatch.reform(|()| Action::DismissNotice),
            onclosehelp: dispatch.reform(|()| Action::SetHelp(false)),
            onhelp: dispatch.reform(|_: MouseEvent| Action::ToggleHelp),
            dispatch,
        }
    }
}

/// Makes an export of the lab and offers it for download; the notice says which file, or why
/// not. PNG draws the SVG export at 2× (asynchronously).
fn export_file(state: &LabState, lang: Lang, choice: Choice, d: Callback<Action>) {
    let format = match choice {
        Choice::File(f) => f,
        Choice::Png => handshake_export::Format::Svg,
    };
    let made = crate::export::make(state, lang, format);
    let export = match made {
        Ok(e) => e,
        Err(why) => return d.emit(Action::ExportFailed(why)),
    };
    match choice {
        Choice::File(_) => {
            let done = crate::export::download(&export.file_name, export.mime, &export.bytes);
            d.emit(match done {
                Ok(()) => Action::Exported(export.file_name),
                Err(_) => Action::ExportFailed(Msg::ExportDownloadFailed.text(lang).to_owned()),
            });
        }
        Choice::Png => {
            let name = crate::export::file_name(state, Choice::Png);
            let shown = name.clone();
            crate::export::download_png(name, &export.bytes, move |done| {
                d.emit(match done {
                    Ok(()) => Action::Exported(shown),
                    Err(_) => Action::ExportFailed(Msg::ExportPngFailed.text(lang).to_owned()),
                });
            });
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
        Command::ToggleQuiz => Action::Learn(LearnAction::ToggleQuiz),
        Command::Present => Action::TogglePresent,
        Command::ArmDrop(side) => Action::Arm(side, Fault::Drop),
        Command::ArmDelay(side) => Action::Arm(side, Fault::Delay(Duration::from_millis(1000))),
        Command::ClickerNext => Action::StepForward,
        Command::ClickerBack => Action::StepBack,
        Command::Blank => Action::ToggleBlank,
        // The app copies (it needs the clipboard); as a lab action it only closes menus.
        Command::CopyLink => Action::DismissNotice,
    }
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let params = use_memo((), |_| UrlParams::read());
    // A share link (`#x1.…`) says everything the query could and more; the query still applies
    // to what a link does not carry (speed, waiting, projector and embed modes).
    let opened = use_memo((), |_| read_page_link());
    let link_lang = match &*opened {
        Some(Ok(e)) => e.lang.map(crate::lab::share::app_lang),
        _ => None,
    };
    let lang = use_state(|| {
        props
            .lang
            .or(link_lang)
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
        let opened = opened.clone();
        use_reducer(move || {
            let from_link = match &*opened {
                Some(Ok(e)) => LabState::from_experiment(e).map_err(LinkError::Scenario),
                Some(Err(e)) => Err(e.clone()),
                None => Err(LinkError::Empty),
            };
            let mut s = match from_link {
                Ok(mut s) => {
                    if let Some(speed) = params.speed {
                        s = Rc::unwrap_or_clone(Rc::new(s).reduce(Action::SetSpeed(speed)));
                    }
                    if let Some(on) = params.skip_waiting {
                        s.skip_waiting = on;
                    }
                    s.presenting = params.present && !params.embed;
                    return s;
                }
                // No link: the query says what to open. A link that did not open: the same,
                // with the reason (the default lab when the query says nothing).
                Err(LinkError::Empty) if opened.is_none() => None,
                Err(e) => Some(e),
            }
            .map_or_else(
                || LabState::new(preset.as_deref().unwrap_or(DEFAULT_PRESET)),
                |e| {
                    let mut s = LabState::new(preset.as_deref().unwrap_or(DEFAULT_PRESET));
                    s.notice = Some(Notice::LinkFailed(e));
                    s
                },
            );
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
            // Learning: the student's kept progress, and a teacher's `?quiz=1`.
            s.learn = Rc::new(Learn::with_progress(
                crate::learn_store::load_score(),
                crate::learn_store::load_coverage(),
                params.quiz,
            ));
            if params.quiz {
                s = Rc::unwrap_or_clone(
                    Rc::new(s).reduce(Action::Learn(LearnAction::SetQuiz(true))),
                );
            }
            s.presenting = params.present && !params.embed;
            s
        })
    };
    let reduced_motion = use_memo((), |_| prefers_reduced_motion());
    let narrow = use_media_query(NARROW);
    // On a phone the sheet opens on the narration; beside the ladder, on the diagram.
    let tab = use_state_eq(|| if narrow { Tab::Narration } else { Tab::Diagram });
    let sheet_tall = use_state_eq(|| false);
    // Learning asks for a panel (a card's inspector focus, a glossary link): show its tab.
    {
        let tab = tab.setter();
        use_effect_with(lab.learn.panel_request, move |request| {
            match request.map(|r| r.1) {
                Some(Panel::Learn) => tab.set(Tab::Learn),
                Some(Panel::Inspector) => tab.set(Tab::Inspector),
                None => {}
            }
        });
    }
    // Progress is kept between visits.
    use_effect_with(lab.learn.total, |score| {
        crate::learn_store::save_score(score)
    });
    use_effect_with(lab.learn.coverage, |c| {
        crate::learn_store::save_coverage(*c)
    });
    let play_ref = use_node_ref();
    // Callbacks are made once: children compare props by callback identity, and a new callback
    // on every frame would re-render every panel on every frame.
    let latest = use_mut_ref(|| None::<LabState>);
    *latest.borrow_mut() = Some((*lab).clone());
    let latest_lang = use_memo((), |_| std::cell::Cell::new(*lang));
    latest_lang.set(*lang);
    let handlers = {
        let dispatcher = lab.dispatcher();
        let play = play_ref.clone();
        let latest = Rc::clone(&latest);
        let latest_lang = Rc::clone(&latest_lang);
        use_memo((), move |_| {
            Handlers::new(dispatcher, play, latest, latest_lang)
        })
    };
    let dispatch = handlers.dispatch.clone();
    use_animation_clock(lab.playing, handlers.tick.clone());
    // Issue 14: a real capture opened over the lab (it takes the keyboard while shown).
    let capture = {
        let pause = handlers.dispatch.reform(|()| Action::Pause);
        use_capture(handlers.key.clone(), pause)
    };
    use_keyboard(capture.onkey.clone(), lab.presenting);
    // The address bar's `#…` follows the lab while it is paused (never per frame).
    let embed_link = {
        let paused_at = (!lab.playing).then_some(lab.now);
        let paused = paused_at.map(|at| {
            (
                at,
                Rc::clone(&lab.tape),
                Rc::clone(&lab.scenario),
                lab.based_on,
                lab.absolute,
                *lang,
            )
        });
        let link = {
            let latest = Rc::clone(&latest);
            let lang = Rc::clone(&latest_lang);
            use_memo((), move |_| {
                Rc::new(move || latest.borrow().as_ref().map(|s| s.link(lang.get())))
                    as Rc<dyn Fn() -> Option<String>>
            })
        };
        use_address_link(paused.clone(), (*link).clone());
        // Embed mode shows the link (its "Open in Handshake Lab"), so there it is made each
        // time the lab pauses somewhere new.
        let link = (*link).clone();
        use_memo((paused, params.embed), move |(paused, embed)| {
            paused.as_ref().filter(|_| *embed).and_then(|_| link())
        })
    };
    {
        let dispatch = dispatch.clone();
        let lang = lang.clone();
        let on_link = use_memo((), move |_| {
            Callback::from(
                move |result: Result<handshake_core::link::Experiment, LinkError>| match result {
                    Ok(e) => {
                        if let Some(l) = e.lang {
                            lang.set(crate::lab::share::app_lang(l));
                        }
                        dispatch.emit(Action::OpenExperiment(Rc::new(e)));
                    }
                    Err(e) => dispatch.emit(Action::LinkFailed(e)),
                },
            )
        });
        use_hash_change((*on_link).clone());
    }

    // Stable callbacks (here and below): a new one on every render would draw the header and
    // the preset menu again at every step of the lab.
    let onlangchange = {
        let set = lang.setter();
        use_callback((), move |choice: Lang, _| set.set(choice))
    };
    let Handlers {
        onselect,
        onpick,
        onseek,
        onfollow,
        onexport,
        oncopylink,
        ondismiss,
        onclosehelp,
        onhelp,
        ..
    } = (*handlers).clone();
    let embed = params.embed;
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
    let shown = tab.shown(narrow);
    // On a phone a tapped segment shows its fields in the sheet (beside the ladder, selecting
    // leaves the diagram: its summary is under it).
    {
        let tab = tab.clone();
        use_effect_with((lab.selected, narrow), move |&(selected, narrow)| {
            if narrow && selected.is_some() {
                tab.set(Tab::Inspector);
            }
        });
    }
    let onsidekey = {
        let tab = tab.clone();
        let tablist_ref = tablist_ref.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(next) = tab.shown(narrow).after_key(&e.key(), Tab::all(narrow)) else {
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
        let active = shown == t;
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
                reduced_motion={*reduced_motion} playing={lab.playing} ondispatch={dispatch.clone()} />
        }
    });
    let main_caption = lab.compare.as_ref().map(|c| {
        html! { <h2 class="why-stages__caption">{ caption(c, c.main_is, l) }</h2> }
    });
    let switches = Counterfactual::ALL.map(|c| lab.switch_on(c));
    let overlay = why_overlay(lab.sim.clone(), lab.compare.as_ref());
    // The narration's glossary links open the Learn panel at the term.
    let term_links = {
        let dispatch = dispatch.clone();
        let open = use_callback((), move |id: &'static str, _| {
            dispatch.emit(Action::Learn(LearnAction::View(LearnView::Glossary(Some(
                id,
            )))))
        });
        TermLinks(open)
    };
    // Issue 14: the RFC-vs-Linux comparison (the fork/compare view), and why a file was not
    // opened.
    let comparing = lab
        .compare
        .as_ref()
        .is_some_and(|c| matches!(c.kind, crate::lab::CompareKind::Profile(_)));
    let ontogglecompare = {
        let dispatch = dispatch.clone();
        use_callback(comparing, move |(), &on| {
            dispatch.emit(Action::Why(if on {
                crate::lab::WhyAction::CloseCompare
            } else {
                crate::lab::WhyAction::CompareProfiles
            }))
        })
    };
    // A scenario picked while a capture is shown: back to the lab with it (the header would
    // otherwise describe a scenario that is not on the screen).
    let onpick_closing = use_callback(
        (capture.opened.is_some(), capture.onclose.clone(), onpick),
        |slug: &'static str, (open, close, onpick)| {
            if *open {
                close.emit(());
            }
            onpick.emit(slug);
        },
    );
    let capture_problem_bar = capture.problem.clone().map(|problem| {
        html! {
            <CaptureProblemBar {problem} lang={l} ondismiss={capture.ondismiss.clone()} />
        }
    });
    let narration = html! {
        <NarrationLog run={Run::Live(lab.sim.clone())} lang={l} on_seek={onseek} />
    };
    // The phone's sheet: taller or shorter (its tabs stay where the thumb is).
    let sheet_handle = narrow.then(|| {
        let tall = sheet_tall.clone();
        html! {
            <button type="button" class="side__handle" aria-expanded={sheet_tall.to_string()}
                aria-controls={shown.ids().1}
                onclick={Callback::from(move |_: MouseEvent| tall.set(!*tall))}>
                <span class="side__handle-bar" aria-hidden="true"></span>
                { if *sheet_tall { Msg::SheetShrink.text(l) } else { Msg::SheetGrow.text(l) } }
            </button>
        }
    });
    html! {
        <ContextProvider<Lang> context={l}>
        <ContextProvider<Coverage> context={lab.learn.coverage}>
        <ContextProvider<TermLinks> context={term_links}>
            <div class={classes!("app", "lab", reduced_motion.then_some("lab--reduced-motion"),
                lab.presenting.then_some("lab--present"), embed.then_some("lab--embed"))} lang={l.tag()}>
                <UpdatePrompt />
                <Header lang={l} {onlangchange}>
                    <PresetMenu current={lab.preset} lang={l} on_pick={onpick_closing} scenario={Shared(Rc::clone(&lab.loaded))} />
                    <ShareMenu {oncopylink} {onexport} ondispatch={dispatch.clone()}
                        oncapture={capture.onread.clone()} />
                    <CaptureOpen lang={l} onread={capture.onread.clone()} />
                    <HelpButton lang={l} onclick={onhelp} />
                </Header>
                if let Some(opened) = capture.opened.clone() {
                    <main class="app__main capture-main">
                        { for capture_problem_bar.clone() }
                        <CaptureView {opened} lang={l} onchange={capture.onchange.clone()} onclose={capture.onclose.clone()} />
                    </main>
                } else {
                <main class="app__main lab__main">
                    <div class="lab__stage-col">
                        <div class={classes!("why-stages", lab.compare.is_some().then_some("why-stages--two"))}>
                            <div class={classes!("why-stages__main", not_tcp.then_some("why-stage--not-tcp"))}
                                style={not_tcp.then(|| format!("--not-tcp: \"{}\"", say(l, "NOT TCP", "TCP 아님")))}>
                                { not_tcp_banner.unwrap_or_default() }
                                { main_caption.unwrap_or_default() }
                                <Stage run={Run::Live(lab.sim.clone())} horizon={horizon.clone()} now={lab.now}
                                    selected={lab.selected} absolute={lab.absolute} reduced_motion={*reduced_motion}
                                    playing={lab.playing} follow={lab.follow} fit={lab.fit} {onselect} {onfollow} ondispatch={dispatch.clone()}
                                    {overlay} lanes_extra={html! { <Sockets sim={lab.sim.clone()} /> }}>
                                    { fault_menu }
                                    // In the stage's dock, beside Follow and Fit: it takes no height from the
                                    // stage, and opens upwards over the ladder.
                                    <WhyPanel sim={lab.sim.clone()} selected={lab.selected} selected_active={lab.selected_active()}
                                        ondispatch={dispatch.clone()} />
                                </Stage>
                            </div>
                            { compare_view.unwrap_or_default() }
                        </div>
                        if lab.presenting || embed {
                            <Caption sim={lab.sim.clone()} tape={Shared(Rc::clone(&lab.tape))} lang={l}
                                hint={lab.presenting} />
                        }
                        if lab.presenting {
                            <p class="projector__bar">
                                <span class="projector__armed" role="status">
                                    { for Side::BOTH.into_iter().filter_map(|side| {
                                        let armed = lab.armed(side);
                                        (!armed.is_empty()).then(|| html! {
                                            <span class="projector__armed-side">{ crate::i18n::armed_line(side, &armed, l) }</span>
                                        })
                                    }) }
                                </span>
                                <span class="projector__keys">{ Msg::ProjectorKeys.text(l) }</span>
                                <button type="button" class="projector__leave" aria-keyshortcuts="Shift+P"
                                    onclick={dispatch.reform(|_: MouseEvent| Action::TogglePresent)}>
                                    { Msg::ProjectorLeave.text(l) }
                                </button>
                            </p>
                        }
                        if embed {
                            <EmbedBar link={(*embed_link).clone()} />
                        }
                        <ControlBar now={lab.now} horizon={horizon} playing={lab.playing} speed={lab.speed}
                            skip_waiting={lab.skip_waiting} absolute={lab.absolute} {at_end}
                            can_undo={lab.can_undo()} {play_ref} ondispatch={dispatch.clone()} />
                        <QuizCard learn={Shared(Rc::clone(&lab.learn))} sim={lab.sim.clone()} lang={l}
                            ondispatch={dispatch.clone()} />
                        // After QuizCard, often empty: see ARCHITECTURE.md, "Empty components".
                        { notice_or_question }
                        { for capture_problem_bar }
                        <div class="lab__calls">{ for calls }</div>
                    </div>
                    <aside class={classes!("lab__side", (narrow && *sheet_tall).then_some("lab__side--tall"))}
                        aria-label={Msg::SideLabel.text(l)}>
                        { for sheet_handle }
                        <div class="side__tabs" role="tablist" aria-label={Msg::SideLabel.text(l)}
                            ref={tablist_ref} onkeydown={onsidekey}>
                            { for Tab::all(narrow).iter().copied().map(tab_button) }
                        </div>
                        <div class={classes!("side__panel", format!("side__panel--{}", shown.ids().0.trim_start_matches("side-tab-")))}
                            role="tabpanel" id={shown.ids().1} aria-labelledby={shown.ids().0}>
                            { match shown {
                                Tab::Narration => narration.clone(),
                                Tab::Diagram => html! {
                                    <>
                                        <StateDiagram sim={lab.sim.clone()} lang={l} />
                                        <Inspector run={Run::Live(lab.sim.clone())} selected={lab.selected} lang={l} absolute={lab.absolute}
                                            compact=true {onmore} />
                                    </>
                                },
                                Tab::Inspector => html! {
                                    <>
                                        <Inspector run={Run::Live(lab.sim.clone())} selected={lab.selected} lang={l} absolute={lab.absolute} />
                                        <WhySegment selected={lab.selected} selected_active={lab.selected_active()}
                                            ondispatch={dispatch.clone()} />
                                    </>
                                },
                                Tab::Learn => html! { <LearnPanel learn={Shared(Rc::clone(&lab.learn))} lang={l} ondispatch={dispatch.clone()} /> },
                                Tab::Settings => html! {
                                    <>
                                        <ProfileSwitch profile={lab.profile()} lang={l} ondispatch={dispatch.clone()}
                                            {comparing} {ontogglecompare} />
                                        <Settings inputs={Shared(Rc::clone(&lab.inputs))} ondispatch={dispatch.clone()} />
                                        <BrokenTcp on={switches} ondispatch={dispatch.clone()} />
                                    </>
                                },
                            } }
                        </div>
                        if !narrow {
                            <section class="side__narration" aria-label={Msg::NarrationLabel.text(l)}>
                                <h2 class="side__heading">{ Msg::NarrationLabel.text(l) }</h2>
                                { narration }
                            </section>
                        }
                    </aside>
                </main>
                }
                <NarrationLive run={Run::Live(lab.sim.clone())} lang={l} />
                <Footer />
                <HelpOverlay open={lab.help_open} lang={l} on_close={onclosehelp} />
                <LitStyle focus={lab.learn.lit.as_ref().map(|lit| lit.moment.focus)} />
                if !embed {
                    <DropZone ondispatch={dispatch.clone()} oncapture={capture.onread.clone()} />
                }
                // After three components that can draw nothing: safe only while nothing can be
                // put in before them in the same render (ARCHITECTURE.md, "Empty components").
                if lab.blank {
                    <div class="projector-blank" aria-hidden="true"
                        onclick={dispatch.reform(|_: MouseEvent| Action::ToggleBlank)} />
                }
            </div>
        </ContextProvider<TermLinks>>
        </ContextProvider<Coverage>>
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
