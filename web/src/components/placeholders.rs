//! Stand-ins for the explanation side's components (inspector, state diagram, narration log,
//! preset menu, help overlay), with the same props, so the layout and the wiring exist before
//! those land. `app.rs` switches its imports to the real ones as each arrives.

use handshake_core::Instant;
use handshake_core::ladder::{LadderOptions, segment_label};
use handshake_core::presets::PRESETS;
use handshake_core::sim::{Side, TxId};
use handshake_core::trace::TraceKind;
use yew::prelude::*;

use crate::i18n::{Lang, Msg};
use crate::shortcuts::{SHORTCUTS, key_label};
use crate::sim_handle::SimHandle;

#[derive(Clone, PartialEq, Properties)]
pub struct InspectorProps {
    pub sim: SimHandle,
    pub selected: Option<TxId>,
    pub lang: Lang,
    pub absolute: bool,
}

#[function_component(Inspector)]
pub fn inspector(props: &InspectorProps) -> Html {
    let sim = props.sim.borrow();
    let text = props
        .selected
        .and_then(|id| sim.transmission(id))
        .map(|tx| {
            segment_label(
                &tx.info(),
                LadderOptions {
                    absolute: props.absolute,
                },
            )
        });
    html! {
        <div class="inspector inspector--placeholder">
            { text.unwrap_or_else(|| Msg::PlaceholderInspector.text(props.lang).to_owned()) }
        </div>
    }
}

#[derive(Clone, PartialEq, Properties)]
pub struct StateDiagramProps {
    pub sim: SimHandle,
    pub lang: Lang,
}

#[function_component(StateDiagram)]
pub fn state_diagram(props: &StateDiagramProps) -> Html {
    let sim = props.sim.borrow();
    html! {
        <div class="state-diagram state-diagram--placeholder">
            { for Side::BOTH.iter().map(|&s| html! { <p>{ s.name() }{ ": " }<code>{ sim.endpoint(s).state().name() }</code></p> }) }
        </div>
    }
}

#[derive(Clone, PartialEq, Properties)]
pub struct NarrationLogProps {
    pub sim: SimHandle,
    pub lang: Lang,
    pub on_seek: Callback<Instant>,
}

#[function_component(NarrationLog)]
pub fn narration_log(props: &NarrationLogProps) -> Html {
    let sim = props.sim.borrow();
    let items = sim.trace().iter().rev().filter(|e| matches!(e.kind, TraceKind::State { .. } | TraceKind::Send { .. } | TraceKind::Drop { .. })).take(30).map(|e| {
        let t = e.t;
        let on_seek = props.on_seek.clone();
        let text = match &e.kind {
            TraceKind::State { side, from, to, .. } => format!("{side}: {} → {}", from.name(), to.name()),
            TraceKind::Send { seg, .. } => format!("{} {}", seg.id, seg.flags),
            TraceKind::Drop { seg, .. } => format!("{} ✕", seg.id),
            _ => String::new(),
        };
        html! {
            <li><button type="button" class="narration-log__entry" onclick={Callback::from(move |_: MouseEvent| on_seek.emit(t))}>
                { format!("{t} · {text}") }
            </button></li>
        }
    });
    html! {
        <ol class="narration-log narration-log--placeholder" aria-live="polite">{ for items }</ol>
    }
}

#[derive(Clone, PartialEq, Properties)]
pub struct PresetMenuProps {
    pub current: Option<&'static str>,
    pub lang: Lang,
    pub on_pick: Callback<&'static str>,
}

#[function_component(PresetMenu)]
pub fn preset_menu(props: &PresetMenuProps) -> Html {
    let on_pick = props.on_pick.clone();
    let onchange = Callback::from(move |e: Event| {
        let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
        if let Some(p) = PRESETS.iter().find(|p| p.slug == s.value()) {
            on_pick.emit(p.slug);
        }
    });
    let title = |p: &handshake_core::presets::Preset| {
        let t = p.title();
        if props.lang == Lang::Ko { t.ko } else { t.en }
    };
    let notice = props
        .current
        .and_then(handshake_core::presets::find)
        .map(|p| {
            let n = p.notice();
            if props.lang == Lang::Ko { n.ko } else { n.en }
        });
    html! {
        <div class="preset-menu preset-menu--placeholder">
            <label>
                <span class="visually-hidden">{ Msg::PresetLabel.text(props.lang) }</span>
                <select class="preset-menu__select" {onchange}>
                    if props.current.is_none() {
                        <option value="" selected=true>{ Msg::PresetCustom.text(props.lang) }</option>
                    }
                    { for PRESETS.iter().map(|p| html! {
                        <option value={p.slug} selected={props.current == Some(p.slug)}>{ title(p) }</option>
                    }) }
                </select>
            </label>
            if let Some(n) = notice { <p class="preset-menu__notice">{ n }</p> }
        </div>
    }
}

#[derive(Clone, PartialEq, Properties)]
pub struct HelpOverlayProps {
    pub open: bool,
    pub lang: Lang,
    pub on_close: Callback<()>,
}

#[function_component(HelpOverlay)]
pub fn help_overlay(props: &HelpOverlayProps) -> Html {
    if !props.open {
        return html! {};
    }
    let on_close = props.on_close.clone();
    html! {
        <div class="help-overlay" role="dialog" aria-modal="true" aria-label={Msg::ShortcutHelp.text(props.lang)}>
            <div class="help-overlay__panel">
                <dl class="help-overlay__list">
                    { for SHORTCUTS.iter().map(|(k, m)| html! { <><dt><kbd>{ key_label(k) }</kbd></dt><dd>{ m.text(props.lang) }</dd></> }) }
                </dl>
                <button type="button" class="help-overlay__close" onclick={Callback::from(move |_: MouseEvent| on_close.emit(()))}>{ "✕" }</button>
            </div>
        </div>
    }
}
