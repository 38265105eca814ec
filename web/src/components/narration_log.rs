//! The narration log: every event of the run told in a sentence or two ([`crate::narration`]),
//! oldest first, following the present unless the user scrolls up. Clicking an entry, or Enter
//! on it, moves the time there (`on_seek`); the newest sentence is announced to screen readers.
//!
//! The log is narrated incrementally: entries of events before the trace's latest instant are
//! final ([`narration::settled_len`]), so a growing trace only narrates its new events, and a
//! frame that adds no event does no narration work at all.

use std::cell::RefCell;
use std::rc::Rc;

use handshake_core::Instant;
use handshake_core::scenario::Scenario;
use handshake_core::sim::{Side, Simulator, TimedAction};
use handshake_core::trace::TraceEvent;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use crate::i18n::{Lang, Msg};
use crate::narration::{self, Entry};
use crate::sim_handle::SimHandle;

#[derive(Clone, PartialEq, Properties)]
pub struct NarrationLogProps {
    pub sim: SimHandle,
    pub lang: Lang,
    /// Called with an entry's time when the entry is clicked (or Enter is pressed on it).
    pub on_seek: Callback<Instant>,
}

#[function_component(NarrationLog)]
pub fn narration_log(props: &NarrationLogProps) -> Html {
    let cache = use_mut_ref(Cache::default);
    // The app makes a new callback on every render; the list reads the latest one through this
    // cell, so a new callback alone does not re-render the list.
    let seek = use_mut_ref(|| props.on_seek.clone());
    *seek.borrow_mut() = props.on_seek.clone();
    let (entries, visible) = {
        let sim = props.sim.borrow();
        let entries = cache.borrow_mut().entries(&sim, props.lang);
        let now = sim.now();
        let visible = entries.partition_point(|e| e.t <= now);
        (entries, visible)
    };
    html! {
        <LogList {entries} {visible} lang={props.lang} {seek} />
    }
}

/// The narrated entries of one run, extended as its trace grows.
#[derive(Default)]
struct Cache {
    lang: Option<Lang>,
    scenario: Option<Scenario>,
    actions: Vec<TimedAction>,
    /// The entries of the events before `settled`: final.
    settled: usize,
    /// The event at `settled - 1`, to recognise the same run.
    settled_event: Option<TraceEvent>,
    done: Vec<Entry>,
    trace_len: usize,
    out: Rc<Vec<Entry>>,
}

impl Cache {
    fn entries(&mut self, sim: &Simulator, lang: Lang) -> Rc<Vec<Entry>> {
        let events = &sim.trace().events;
        // The simulator is deterministic: the same scenario and a prefix of the same actions
        // give the same trace prefix. A rebuilt (stepped back) run has a shorter trace.
        let same_run = self.lang == Some(lang)
            && self.scenario.as_ref() == Some(sim.scenario())
            && sim.actions().starts_with(&self.actions)
            && events.len() >= self.trace_len
            && (self.settled == 0 || events.get(self.settled - 1) == self.settled_event.as_ref());
        if same_run && events.len() == self.trace_len {
            return Rc::clone(&self.out);
        }
        if !same_run {
            *self = Cache {
                lang: Some(lang),
                scenario: Some(sim.scenario().clone()),
                ..Cache::default()
            };
        }
        self.actions = sim.actions().to_vec();
        let fresh = narration::narrate_from(sim, self.settled, lang);
        let settled = narration::settled_len(sim).max(self.settled);
        let split = fresh.partition_point(|e| e.event < settled);
        let mut fresh = fresh.into_iter();
        self.done.extend(fresh.by_ref().take(split));
        self.settled = settled;
        self.settled_event = settled.checked_sub(1).and_then(|i| events.get(i)).cloned();
        self.trace_len = events.len();
        let mut out = self.done.clone();
        out.extend(fresh);
        self.out = Rc::new(out);
        Rc::clone(&self.out)
    }
}

#[derive(Clone, Properties)]
struct LogListProps {
    entries: Rc<Vec<Entry>>,
    /// How many entries are at or before the present.
    visible: usize,
    lang: Lang,
    seek: Rc<RefCell<Callback<Instant>>>,
}

impl PartialEq for LogListProps {
    fn eq(&self, other: &LogListProps) -> bool {
        Rc::ptr_eq(&self.entries, &other.entries)
            && self.visible == other.visible
            && self.lang == other.lang
            && Rc::ptr_eq(&self.seek, &other.seek)
    }
}

#[function_component(LogList)]
fn log_list(props: &LogListProps) -> Html {
    let lang = props.lang;
    let list_ref = use_node_ref();
    // Follow the newest entry until the user scrolls away from the bottom.
    let follow = use_mut_ref(|| true);
    let scrolled_away = use_state_eq(|| false);
    // The entry that takes Tab focus (roving tabindex); `None` is the newest.
    let active = use_state_eq(|| None::<usize>);
    let entries = &props.entries[..props.visible.min(props.entries.len())];
    let count = entries.len();

    {
        let list_ref = list_ref.clone();
        let follow = Rc::clone(&follow);
        use_effect_with((count, Rc::as_ptr(&props.entries) as usize), move |_| {
            if *follow.borrow() {
                if let Some(el) = list_ref.cast::<Element>() {
                    el.set_scroll_top(el.scroll_height());
                }
            }
        });
    }

    let onscroll = {
        let follow = Rc::clone(&follow);
        let scrolled_away = scrolled_away.clone();
        Callback::from(move |e: Event| {
            let el: Element = e.target_unchecked_into();
            let at_bottom = el.scroll_height() - el.scroll_top() - el.client_height() <= 8;
            *follow.borrow_mut() = at_bottom;
            scrolled_away.set(!at_bottom);
        })
    };
    let to_newest = {
        let list_ref = list_ref.clone();
        let follow = Rc::clone(&follow);
        let scrolled_away = scrolled_away.clone();
        Callback::from(move |_: MouseEvent| {
            *follow.borrow_mut() = true;
            scrolled_away.set(false);
            if let Some(el) = list_ref.cast::<Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        })
    };
    let active_index = active
        .filter(|&i| i < count)
        .unwrap_or(count.saturating_sub(1));
    let onkeydown = {
        let list_ref = list_ref.clone();
        let active = active.clone();
        Callback::from(move |e: KeyboardEvent| {
            let next = match e.key().as_str() {
                "ArrowDown" => (active_index + 1).min(count.saturating_sub(1)),
                "ArrowUp" => active_index.saturating_sub(1),
                "Home" => 0,
                "End" => count.saturating_sub(1),
                _ => return,
            };
            e.prevent_default();
            // The lab's own shortcuts (← → Home …) must not also act on these keys.
            e.stop_propagation();
            active.set(Some(next));
            focus_entry(&list_ref, next);
        })
    };
    let newest_t = entries.last().map(|e| e.t);
    let items = entries.iter().enumerate().map(|(i, entry)| {
        let t = entry.t;
        let onclick = {
            let seek = Rc::clone(&props.seek);
            let active = active.clone();
            Callback::from(move |_: MouseEvent| {
                active.set(Some(i));
                // Clone out of the cell first: the callback may re-render this component.
                let on_seek = seek.borrow().clone();
                on_seek.emit(t);
            })
        };
        let side = entry.side.map(|s| match s {
            Side::Client => ("client", "C", Msg::ExplainClient),
            Side::Server => ("server", "S", Msg::ExplainServer),
        });
        let class = classes!(
            "narration-log__item",
            side.map(|(m, ..)| format!("narration-log__item--{m}")),
            (Some(t) == newest_t).then_some("narration-log__item--newest"),
        );
        html! {
            <li {class} key={entry.event}>
                <button type="button" class="narration-log__entry" data-index={i.to_string()}
                    tabindex={if i == active_index { "0" } else { "-1" }}
                    title={Msg::NarrationSeekHint.text(lang)} {onclick}>
                    <span class="narration-log__time">{ narration::time_label(t, lang) }</span>
                    if let Some((m, letter, name)) = side {
                        <span class={classes!("narration-log__side", format!("narration-log__side--{m}"))}
                            title={name.text(lang)} aria-hidden="true">{ letter }</span>
                    }
                    <span class="narration-log__text">{ entry.text.clone() }</span>
                </button>
            </li>
        }
    });
    let latest = entries.last().map(|e| e.text.clone()).unwrap_or_default();
    html! {
        <div class="narration-log">
            if count == 0 {
                <p class="narration-log__empty">{ Msg::NarrationEmpty.text(lang) }</p>
            }
            <ol class="narration-log__list" ref={list_ref} aria-label={Msg::NarrationListLabel.text(lang)}
                {onscroll} {onkeydown}>
                { for items }
            </ol>
            if *scrolled_away && count > 0 {
                <button type="button" class="narration-log__newest" onclick={to_newest}>
                    <span aria-hidden="true">{ "↓ " }</span>{ Msg::NarrationNewest.text(lang) }
                </button>
            }
            <p class="visually-hidden narration-log__live" aria-live="polite" aria-atomic="true">{ latest }</p>
        </div>
    }
}

fn focus_entry(list: &NodeRef, index: usize) {
    let Some(list) = list.cast::<Element>() else {
        return;
    };
    let selector = format!("[data-index=\"{index}\"]");
    if let Ok(Some(el)) = list.query_selector(&selector) {
        if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<HtmlElement>(el) {
            // Focus cannot fail on a button in the document; nothing to do if it did.
            let _ = el.focus();
        }
    }
}
