//! The narration log: every event of the run told in a sentence or two (`handshake_explain`),
//! oldest first, following the present unless the user scrolls up. Clicking an entry, or Enter
//! on it, moves the time there (`on_seek`).
//!
//! **Announcing.** One polite live region ([`NarrationLive`]), the page's only one for what
//! happens in the run, receives every entry the present passes, once and in order ([`Announcer`]): a step that
//! tells three events adds one paragraph to the region holding their three sentences in order
//! (one addition per step, so a screen reader cannot hear them shuffled; the region is
//! `aria-relevant="additions"`, so removing old paragraphs is not read). A jump past more than
//! [`MAX_ANNOUNCED`] entries reads the newest of them after saying how many came before; moving
//! back says where the present now is and both states. Nothing is announced when the page opens
//! or the language changes.
//!
//! The entries come from the run's [`Narration`] (`crate::narration`: narrated incrementally,
//! and ahead from the run as it will go), one for the log and the live region together.
//!
//! **Windowing.** A long session tells thousands of events; the list puts in the page only the
//! entries in its view and [`OVERSCAN`] pixels around it, and a padding of the right height
//! above and below stands for the others, so the scrollbar still spans the whole log. The drawn
//! range's edges stay put until the view comes within half the overscan of one
//! ([`redraw_window`]), so a step of the present does not make entries nobody sees. Entries
//! are measured once drawn; one never drawn counts as the average of those measured
//! ([`Heights`]). When a redraw changes what lies above the view (entries measured taller or
//! shorter than guessed), the entry at the top of the view is kept where it was (scroll
//! anchoring done here, as not every browser does it). The keyboard (↑ ↓ Page Up/Down Home
//! End) moves through all entries, drawing the one it lands on before focusing it.

use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

use handshake_core::Instant;
use handshake_core::sim::{Side, Simulator};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use std::collections::VecDeque;

use crate::i18n::{self, Lang, Msg};
use crate::run::Run;
use handshake_explain::Entry;
use handshake_explain::format::time_label;

use crate::narration::Narration;
pub use crate::narration::{Entries, EntriesRef};

/// Opens the glossary at a term (the app provides it; without it the log shows no term links).
#[derive(Clone, PartialEq)]
pub struct TermLinks(pub Callback<&'static str>);

/// How far beyond the view (above and below) entries are drawn, in pixels.
pub const OVERSCAN: f64 = 480.0;
/// The height of an entry before any has been measured (two lines), in pixels.
pub const GUESSED_ROW: f64 = 42.0;
/// The height of the view assumed before it has been measured, in pixels.
const GUESSED_VIEW: f64 = 480.0;
/// Redraws in a row that measuring may ask for before it gives up (it converges in one or two).
const MAX_SETTLING_REDRAWS: u32 = 4;
/// A jump of the present past more entries than this reads out only the newest this many.
pub const MAX_ANNOUNCED: usize = 12;
/// Paragraphs kept in the live region (older ones are removed, which is not announced).
const KEPT_ANNOUNCEMENTS: usize = 16;

#[derive(Clone, PartialEq, Properties)]
pub struct NarrationLogProps {
    /// The lab's simulation, or a recording (a capture).
    pub run: Run,
    pub lang: Lang,
    /// Called with an entry's time when the entry is clicked (or Enter is pressed on it).
    pub on_seek: Callback<Instant>,
}

#[function_component(NarrationLog)]
pub fn narration_log(props: &NarrationLogProps) -> Html {
    let own = use_mut_ref(Narration::default);
    // The app makes a new callback on every render; the list reads the latest one through this
    // cell, so a new callback alone does not re-render the list.
    let seek = use_mut_ref(|| props.on_seek.clone());
    *seek.borrow_mut() = props.on_seek.clone();
    // While the page is idle, the run as it will go is narrated ahead, a span at a time, so a
    // seek or a step back finds its entries ready (crate::narration).
    let ahead = props.run.live().map(|sim| Rc::clone(sim.narration()));
    let future = ahead.as_ref().map_or(0, |n| n.borrow().future_key());
    use_effect_with((future, props.lang), move |&(_, lang)| {
        let pending = crate::idle::Pending::default();
        if let Some(narration) = ahead {
            crate::idle::in_slices(&pending, move || narration.borrow_mut().narrate_ahead(lang));
        }
        move || drop(pending.borrow_mut().take())
    });
    let (entries, visible) = {
        let entries = narration_of(&props.run, &own)
            .borrow_mut()
            .of_run(&props.run, props.lang);
        let visible = entries.count_until(props.run.now());
        (entries, visible)
    };
    html! {
        <LogList {entries} {visible} lang={props.lang} {seek} />
    }
}

#[derive(Clone, PartialEq, Properties)]
pub struct NarrationLiveProps {
    pub run: Run,
    pub lang: Lang,
}

/// The one live region of the run's events (see the module documentation), a component of its
/// own so that it stays in the page, in one place, whichever panel shows the log (on a phone the
/// log is a tab of the bottom sheet, hidden while another tab is shown).
#[function_component(NarrationLive)]
pub fn narration_live(props: &NarrationLiveProps) -> Html {
    let own = use_mut_ref(Narration::default);
    let announcer = use_mut_ref(Announcer::default);
    let said = {
        let run = &props.run;
        let entries = narration_of(run, &own).borrow_mut().of_run(run, props.lang);
        let visible = entries.count_until(run.now());
        announcer
            .borrow_mut()
            .update(&entries, visible, &Present::of(run, props.lang), props.lang)
    };
    html! {
        <div class="visually-hidden narration-log__live" aria-live="polite" aria-relevant="additions"
            aria-atomic="false">
            { for said.iter().map(|(n, sentences)| html! {
                <p key={*n}>
                    { for sentences.iter().map(|s| html! { <><span>{ s.clone() }</span>{ " " }</> }) }
                </p>
            }) }
        </div>
    }
}

/// The narration a reader of `run` reads: a live run's own, shared by its readers; for a
/// recording, the reader's (`own`).
fn narration_of(run: &Run, own: &Rc<RefCell<Narration>>) -> Rc<RefCell<Narration>> {
    match run.live() {
        Some(sim) => Rc::clone(sim.narration()),
        None => Rc::clone(own),
    }
}

/// Where the run is, for the sentence said when the present goes back: the time and both
/// ends' states.
pub struct Present {
    pub now: Instant,
    pub states: [&'static str; 2],
}

impl Present {
    pub fn of(run: &Run, lang: Lang) -> Present {
        Present {
            now: run.now(),
            states: Side::BOTH.map(|side| {
                run.state(side)
                    .map_or_else(|| Msg::CaptureUnknownState.text(lang), |s| s.name())
            }),
        }
    }

    pub fn of_sim(sim: &Simulator) -> Present {
        Present {
            now: sim.now(),
            states: Side::BOTH.map(|side| sim.endpoint(side).state().name()),
        }
    }
}

/// What the live region has said: one paragraph per change of the present, each with a serial
/// number (its key, so that a paragraph once added is never replaced, only removed when old) and
/// its sentences in order.
#[derive(Debug, Default)]
pub struct Announcer {
    /// The language and the last entry the region has heard of, by trace index and time; `None`
    /// before the first render.
    heard: Option<(Lang, Option<(usize, Instant)>)>,
    said: VecDeque<(u64, Vec<String>)>,
    next: u64,
}

impl Announcer {
    /// Takes the log as it now is (`visible` entries at or before the present) and returns the
    /// region's paragraphs, oldest first: the previous ones plus whatever the present passed
    /// since the last call.
    pub fn update(
        &mut self,
        entries: &Entries,
        visible: usize,
        present: &Present,
        lang: Lang,
    ) -> Vec<(u64, Vec<String>)> {
        let r = entries.read();
        let newest = visible
            .checked_sub(1)
            .and_then(|i| r.get(i))
            .map(|e| (e.event, e.t));
        match self.heard {
            // The page opened, or the log is told again in another language: nothing new.
            None => {}
            Some((was, _)) if was != lang => {}
            Some((_, last)) => {
                let last_event = last.map(|(event, _)| event);
                let back = match (newest, last) {
                    (Some(n), Some(l)) => n.0 < l.0 || n.1 < l.1,
                    (None, Some(_)) => true,
                    _ => false,
                };
                let mut sentences = Vec::new();
                if back {
                    let time = time_label(present.now, lang);
                    let [client, server] = present.states;
                    sentences.push(i18n::now_at(&time, client, server, lang));
                } else {
                    // The entries after the last one heard, in order.
                    let first = last_event.map_or(0, |l| r.first_after(l)).min(visible);
                    let fresh = visible - first;
                    let from = if fresh > MAX_ANNOUNCED {
                        sentences.push(i18n::earlier_in_log(fresh - MAX_ANNOUNCED, lang));
                        visible - MAX_ANNOUNCED
                    } else {
                        first
                    };
                    sentences.extend((from..visible).filter_map(|i| Some(r.get(i)?.text.clone())));
                }
                if !sentences.is_empty() {
                    self.said.push_back((self.next, sentences));
                    self.next += 1;
                    while self.said.len() > KEPT_ANNOUNCEMENTS {
                        self.said.pop_front();
                    }
                }
            }
        }
        self.heard = Some((lang, newest));
        self.said.iter().cloned().collect()
    }
}

// ----- windowing: pure arithmetic --------------------------------------------------------------

/// Entry heights: measured where drawn, the average of those elsewhere. A measurement belongs to
/// one entry (its event and its text's length), so a list that changed under it is measured
/// again; a new width or language forgets them all.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Heights {
    /// `(event, text length, height)` by entry index.
    measured: Vec<Option<(usize, usize, f64)>>,
    sum: f64,
    count: usize,
}

impl Heights {
    /// The height entries count as until they are measured.
    pub fn guess(&self) -> f64 {
        if self.count == 0 {
            GUESSED_ROW
        } else {
            self.sum / self.count as f64
        }
    }

    /// The measured height of entry `i` if it is still the entry that was measured.
    pub fn measured(&self, i: usize, entry: &Entry) -> Option<f64> {
        match self.measured.get(i).copied().flatten() {
            Some((event, len, h)) if event == entry.event && len == entry.text.len() => Some(h),
            _ => None,
        }
    }

    /// Records entry `i`'s height; whether it differs from what was used for it.
    pub fn record(&mut self, i: usize, entry: &Entry, h: f64) -> bool {
        let before = self.measured(i, entry);
        if self.measured.len() <= i {
            self.measured.resize(i + 1, None);
        }
        if let Some((_, _, old)) = self.measured[i] {
            self.sum -= old;
            self.count -= 1;
        }
        self.measured[i] = Some((entry.event, entry.text.len(), h));
        self.sum += h;
        self.count += 1;
        before.is_none_or(|b| (b - h).abs() > 0.5)
    }

    pub fn clear(&mut self) {
        *self = Heights::default();
    }

    /// Where each of the first `n` entries starts, and the end of the last: `n + 1` offsets.
    pub fn offsets(&self, entries: &EntriesRef<'_>, n: usize) -> Vec<f64> {
        let guess = self.guess();
        let mut out = Vec::with_capacity(n + 1);
        let mut y = 0.0;
        out.push(y);
        for i in 0..n {
            y += entries
                .get(i)
                .and_then(|e| self.measured(i, e))
                .unwrap_or(guess);
            out.push(y);
        }
        out
    }
}

/// The entries to draw for a view of `[top, top + height)` over entries starting at `offsets`
/// (as [`Heights::offsets`] gives them): those the view shows and those within `overscan`
/// pixels of it. Empty only when there are no entries.
pub fn window(offsets: &[f64], top: f64, height: f64, overscan: f64) -> Range<usize> {
    let n = offsets.len().saturating_sub(1);
    if n == 0 {
        return 0..0;
    }
    let (lo, hi) = (top - overscan, top + height + overscan);
    // The first entry that ends below `lo`; the first that starts at or below `hi`.
    let first = offsets[1..].partition_point(|&end| end <= lo).min(n - 1);
    let last = offsets[..n]
        .partition_point(|&start| start < hi)
        .max(first + 1);
    first..last
}

/// The entries to draw for a view of `[top, top + height)` when `drawn` are in the page: each
/// edge of `drawn` stays where it is while it still covers half the [`OVERSCAN`] and is within
/// twice of it, else moves to the [`window`] with the whole overscan. A step of the present adds
/// or removes an entry or two at the bottom and moves the view by as much; without this the top
/// edge would follow it, and each step would make new entries above the view (and remove those
/// that left it) that nobody sees. Edges move in jumps of about half the overscan instead.
pub fn redraw_window(drawn: Range<usize>, offsets: &[f64], top: f64, height: f64) -> Range<usize> {
    let n = offsets.len().saturating_sub(1);
    let need = window(offsets, top, height, OVERSCAN / 2.0);
    if need.is_empty() {
        return need;
    }
    let full = window(offsets, top, height, OVERSCAN);
    let most = window(offsets, top, height, 2.0 * OVERSCAN);
    let kept = drawn.start.min(n)..drawn.end.min(n);
    let start = if (most.start..=need.start).contains(&kept.start) {
        kept.start
    } else {
        full.start
    };
    let end = if (need.end..=most.end).contains(&kept.end) {
        kept.end
    } else {
        full.end
    };
    start..end
}

/// The view's top that shows all of entry `i` (at `offsets`), moving as little as possible from
/// `top`.
pub fn scroll_to_show(offsets: &[f64], i: usize, top: f64, height: f64) -> f64 {
    let (start, end) = (offsets[i], offsets[i + 1]);
    if start < top {
        start
    } else if end > top + height {
        (end - height).min(start)
    } else {
        top
    }
}

/// Where the keyboard goes from entry `from` of `count`: `None` for other keys.
pub fn key_target(key: &str, from: usize, count: usize, page: usize) -> Option<usize> {
    let last = count.checked_sub(1)?;
    Some(match key {
        "ArrowDown" => (from + 1).min(last),
        "ArrowUp" => from.saturating_sub(1),
        "PageDown" => (from + page.max(1)).min(last),
        "PageUp" => from.saturating_sub(page.max(1)),
        "Home" => 0,
        "End" => last,
        _ => return None,
    })
}

// ----- the list ---------------------------------------------------------------------------------

/// What the list knows between renders (none of it is drawn by itself).
#[derive(Default)]
struct Win {
    heights: Heights,
    lang: Option<Lang>,
    width: i32,
    /// The list's scroll position and height, as last read.
    top: f64,
    view: f64,
    /// Follow the newest entry (until the user scrolls away from the bottom).
    unfollowed: bool,
    /// What the last render drew: its entries and the padding above them.
    drawn: Range<usize>,
    pad_top: f64,
    /// The entry at the top of the view and how far its top is above the view's (at the last
    /// scroll), kept there when a redraw changes what lies above it.
    anchor: Option<(usize, f64)>,
    /// A scroll position the next render draws for and its effect applies (keyboard).
    scroll_to: Option<f64>,
    /// The entry to focus once drawn.
    focus: Option<usize>,
    settling: u32,
}

impl Win {
    fn view_or_guess(&self) -> f64 {
        if self.view > 0.0 {
            self.view
        } else {
            GUESSED_VIEW
        }
    }

    /// Where drawn entry `i` starts in the list's scrolling content (the drawn entries are
    /// measured by then).
    fn drawn_top(&self, entries: &EntriesRef<'_>, i: usize) -> f64 {
        let guess = self.heights.guess();
        self.pad_top
            + (self.drawn.start..i)
                .map(|j| {
                    entries
                        .get(j)
                        .and_then(|e| self.heights.measured(j, e))
                        .unwrap_or(guess)
                })
                .sum::<f64>()
    }

    /// The view as the scroll position shows it: the anchor, and whether the drawn entries
    /// still cover it (with half the overscan to spare).
    fn scrolled(&mut self, entries: &EntriesRef<'_>, count: usize) -> bool {
        let first = (self.drawn.start..self.drawn.end.min(count)).find(|&i| {
            let bottom = self.drawn_top(entries, i + 1);
            bottom > self.top
        });
        self.anchor = first.map(|i| (i, self.drawn_top(entries, i) - self.top));
        let offsets = self.heights.offsets(entries, count);
        let need = window(&offsets, self.top, self.view_or_guess(), OVERSCAN / 2.0);
        need.is_empty() || (need.start >= self.drawn.start && need.end <= self.drawn.end)
    }
}

#[derive(Clone, Properties)]
struct LogListProps {
    entries: Entries,
    /// How many entries are at or before the present.
    visible: usize,
    lang: Lang,
    seek: Rc<RefCell<Callback<Instant>>>,
}

impl PartialEq for LogListProps {
    fn eq(&self, other: &LogListProps) -> bool {
        self.entries == other.entries
            && self.visible == other.visible
            && self.lang == other.lang
            && Rc::ptr_eq(&self.seek, &other.seek)
    }
}

#[function_component(LogList)]
fn log_list(props: &LogListProps) -> Html {
    let lang = props.lang;
    let term_links = use_context::<TermLinks>();
    let list_ref = use_node_ref();
    let win = use_mut_ref(Win::default);
    let redraw = use_force_update();
    let scrolled_away = use_state_eq(|| false);
    // The entry that takes Tab focus (roving tabindex); `None` is the newest.
    let active = use_state_eq(|| None::<usize>);
    let count = props.visible.min(props.entries.len());
    let entries = props.entries.read();

    // What to draw: the entries around the view (the bottom while following).
    let (drawn, pad_top, pad_bottom) = {
        let mut w = win.borrow_mut();
        if w.lang != Some(lang) {
            w.heights.clear();
            w.lang = Some(lang);
        }
        let offsets = w.heights.offsets(&entries, count);
        let total = offsets[count];
        let view = w.view_or_guess();
        let top = match w.scroll_to {
            Some(top) => top,
            None if !w.unfollowed => (total - view).max(0.0),
            None => w.top.min((total - view).max(0.0)),
        };
        let drawn = redraw_window(w.drawn.clone(), &offsets, top, view);
        let pad_top = offsets[drawn.start];
        w.drawn = drawn.clone();
        w.pad_top = pad_top;
        (drawn.clone(), pad_top, total - offsets[drawn.end])
    };

    // After drawing, before the frame is painted (crate::hooks::use_before_paint): measure what
    // was drawn, keep the view where it was (or at the bottom, or where the keyboard went),
    // focus what the keyboard asked for, and draw again if the view turned out not to be
    // covered.
    {
        let list_ref = list_ref.clone();
        let win = Rc::clone(&win);
        let entries = props.entries.clone();
        let redraw = redraw.clone();
        crate::hooks::use_effect_before_paint(move || {
            let Some(list) = list_ref.cast::<Element>() else {
                return;
            };
            let entries = entries.read();
            let mut w = win.borrow_mut();
            let width = list.client_width();
            if width != w.width {
                w.heights.clear();
                w.width = width;
            }
            // The drawn entries, between the two spacers.
            let mut item = list
                .first_element_child()
                .and_then(|spacer| spacer.next_element_sibling());
            for i in w.drawn.clone() {
                let Some(el) = item else { break };
                if let (Some(entry), Some(h)) = (entries.get(i), el.dyn_ref::<HtmlElement>()) {
                    w.heights.record(i, entry, f64::from(h.offset_height()));
                }
                item = el.next_element_sibling();
            }
            w.view = f64::from(list.client_height());
            let target = if let Some(top) = w.scroll_to.take() {
                Some(top)
            } else if !w.unfollowed {
                Some(f64::from(list.scroll_height()))
            } else {
                w.anchor
                    .filter(|&(a, _)| w.drawn.contains(&a))
                    .map(|(a, above)| w.drawn_top(&entries, a) - above)
            };
            if let Some(top) = target {
                if (top - w.top).abs() >= 1.0 || !w.unfollowed {
                    list.set_scroll_top(top.round() as i32);
                    w.top = f64::from(list.scroll_top());
                }
            }
            if let Some(i) = w.focus.take() {
                if w.drawn.contains(&i) {
                    focus_entry(&list, i);
                } else {
                    w.focus = Some(i);
                }
            }
            let covered = w.scrolled(&entries, count);
            if covered {
                w.settling = 0;
            } else if w.settling < MAX_SETTLING_REDRAWS {
                w.settling += 1;
                drop(w);
                redraw.force_update();
            }
        });
    }

    let onscroll = {
        let win = Rc::clone(&win);
        let entries = props.entries.clone();
        let scrolled_away = scrolled_away.clone();
        let redraw = redraw.clone();
        Callback::from(move |e: Event| {
            let el: Element = e.target_unchecked_into();
            let at_bottom = el.scroll_height() - el.scroll_top() - el.client_height() <= 8;
            scrolled_away.set(!at_bottom);
            let mut w = win.borrow_mut();
            w.unfollowed = !at_bottom;
            w.top = f64::from(el.scroll_top());
            w.view = f64::from(el.client_height());
            w.settling = 0;
            let covered = w.scrolled(&entries.read(), count);
            if !covered {
                drop(w);
                redraw.force_update();
            }
        })
    };
    let to_newest = {
        let win = Rc::clone(&win);
        let scrolled_away = scrolled_away.clone();
        let redraw = redraw.clone();
        Callback::from(move |_: MouseEvent| {
            win.borrow_mut().unfollowed = false;
            scrolled_away.set(false);
            redraw.force_update();
        })
    };
    let active_index = active
        .filter(|&i| i < count)
        .unwrap_or(count.saturating_sub(1));
    // The keyboard moves from the focused entry (or the active one) to any entry, drawn or not.
    let onkeydown = {
        let win = Rc::clone(&win);
        let entries = props.entries.clone();
        let active = active.clone();
        let list_ref = list_ref.clone();
        let redraw = redraw.clone();
        Callback::from(move |e: KeyboardEvent| {
            let from = e
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|t| t.closest("[data-index]").ok().flatten())
                .and_then(|t| t.get_attribute("data-index"))
                .and_then(|i| i.parse::<usize>().ok())
                .unwrap_or(active_index);
            let mut w = win.borrow_mut();
            // A page: about as many entries as the view shows.
            let page = (w.view_or_guess() / w.heights.guess()).round() as usize;
            let Some(next) = key_target(&e.key(), from, count, page) else {
                return;
            };
            e.prevent_default();
            // The lab's own shortcuts (← → Home …) must not also act on these keys.
            e.stop_propagation();
            active.set(Some(next));
            if w.drawn.contains(&next) {
                drop(w);
                if let Some(list) = list_ref.cast::<Element>() {
                    focus_entry(&list, next);
                }
                return;
            }
            // Not drawn: scroll to where it is, draw it there, then focus it.
            let offsets = w.heights.offsets(&entries.read(), count);
            let top = scroll_to_show(&offsets, next, w.top, w.view_or_guess());
            w.scroll_to = Some(top);
            w.unfollowed = next + 1 < count;
            w.focus = Some(next);
            drop(w);
            redraw.force_update();
        })
    };
    let newest_t = count
        .checked_sub(1)
        .and_then(|i| entries.get(i))
        .map(|e| e.t);
    // The entry that takes Tab: the active one, or the drawn entry nearest to it.
    let tab_stop = active_index.clamp(drawn.start, drawn.end.saturating_sub(1).max(drawn.start));
    let items = drawn.clone().filter_map(|i| {
        let entry = entries.get(i)?;
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
        Some(html! {
            <li {class} key={entry.event} aria-posinset={(i + 1).to_string()} aria-setsize={count.to_string()}>
                <button type="button" class="narration-log__entry" data-index={i.to_string()}
                    tabindex={if i == tab_stop { "0" } else { "-1" }}
                    title={Msg::NarrationSeekHint.text(lang)} {onclick}>
                    <span class="narration-log__time">{ time_label(t, lang) }</span>
                    if let Some((m, letter, name)) = side {
                        <span class={classes!("narration-log__side", format!("narration-log__side--{m}"))}
                            title={name.text(lang)} aria-hidden="true">{ letter }</span>
                    }
                    <span class="narration-log__text">{ entry.text.clone() }</span>
                </button>
            </li>
        })
    });
    // The glossary's terms that the active entry (the newest, until one is picked) mentions, as
    // links to the Learn panel: under the list, so the entries keep their heights.
    let terms = term_links
        .as_ref()
        .and_then(|links| {
            let entry = entries.get(active_index)?;
            let found = handshake_explain::glossary::mentions(&entry.text, lang);
            if found.is_empty() {
                return None;
            }
            let buttons = found
                .into_iter()
                .map(|term| {
                    let open = links.0.reform(move |_: MouseEvent| term.id);
                    html! {
                        <button type="button" class="narration-log__term" data-term={term.id} onclick={open}>
                            { term.name.get(lang) }
                        </button>
                    }
                })
                .collect::<Html>();
            Some(html! {
                <p class="narration-log__terms" role="group"
                    aria-label={crate::learn_text::L::TermsLabel.text(lang)}>
                    <span class="narration-log__terms-label" aria-hidden="true">
                        { crate::learn_text::L::TermsLabel.text(lang) }{ ":" }
                    </span>
                    { buttons }
                </p>
            })
        })
        .unwrap_or_default();
    // The entries not drawn, above and below, as empty items of their height (not padding: a
    // flex item cannot be smaller than its padding).
    let spacer = |key: &'static str, h: f64| {
        html! {
            <li {key} class="narration-log__spacer" aria-hidden="true" style={format!("height: {h:.0}px")} />
        }
    };
    html! {
        <div class="narration-log">
            if count == 0 {
                <p class="narration-log__empty">{ Msg::NarrationEmpty.text(lang) }</p>
            }
            <ol class="narration-log__list" ref={list_ref} aria-label={Msg::NarrationListLabel.text(lang)}
                {onscroll} {onkeydown}>
                { spacer("above", pad_top) }
                { for items }
                { spacer("below", pad_bottom) }
            </ol>
            { terms }
            if *scrolled_away && count > 0 {
                <button type="button" class="narration-log__newest" onclick={to_newest}>
                    <span aria-hidden="true">{ "↓ " }</span>{ Msg::NarrationNewest.text(lang) }
                </button>
            }
        </div>
    }
}

fn focus_entry(list: &Element, index: usize) {
    let selector = format!("[data-index=\"{index}\"]");
    if let Ok(Some(el)) = list.query_selector(&selector) {
        if let Ok(el) = el.dyn_into::<HtmlElement>() {
            // Focus cannot fail on a button in the document; nothing to do if it did.
            let _ = el.focus();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use handshake_core::presets;
    use handshake_explain as narration;

    fn entry(event: usize, text: &str) -> Entry {
        Entry {
            event,
            t: Instant::from_millis(event as u64),
            side: None,
            tx: None,
            text: text.to_owned(),
            facts: Vec::new(),
        }
    }

    fn entries(texts: &[&str]) -> Entries {
        let list: Vec<Entry> = texts.iter().enumerate().map(|(i, t)| entry(i, t)).collect();
        Entries {
            done_len: list.len(),
            done: Rc::new(RefCell::new(list)),
            tail: Rc::default(),
        }
    }

    #[test]
    fn the_window_holds_the_view_and_the_overscan_only() {
        // Ten entries of 10 px: offsets 0, 10, … 100.
        let offsets: Vec<f64> = (0..=10).map(|i| f64::from(i) * 10.0).collect();
        assert_eq!(window(&offsets, 0.0, 25.0, 0.0), 0..3);
        assert_eq!(window(&offsets, 30.0, 20.0, 0.0), 3..5);
        assert_eq!(window(&offsets, 35.0, 20.0, 0.0), 3..6);
        assert_eq!(window(&offsets, 30.0, 20.0, 10.0), 2..6);
        // The bottom of the list (following the present).
        assert_eq!(window(&offsets, 80.0, 20.0, 0.0), 8..10);
        // Past either end: still at least one entry, the nearest.
        assert_eq!(window(&offsets, 500.0, 20.0, 0.0), 9..10);
        assert_eq!(window(&offsets, -500.0, 20.0, 0.0), 0..1);
        // A view taller than the list: all of it.
        assert_eq!(window(&offsets, 0.0, 1000.0, 0.0), 0..10);
        assert_eq!(window(&[0.0], 0.0, 100.0, 10.0), 0..0);
    }

    #[test]
    fn stepping_through_a_long_log_moves_the_drawn_edges_in_jumps_and_never_uncovers_the_view() {
        let offsets: Vec<f64> = (0..=400).map(|i| f64::from(i) * 42.0).collect();
        let view = 300.0;
        // Following the bottom: the present steps back an entry or two at a time, then forward.
        let mut counts: Vec<usize> = (0..120).map(|k| 400 - k - k / 2).collect();
        counts.extend(counts.clone().into_iter().rev());
        let mut drawn = 0..0;
        let (mut steps, mut moved_start) = (0, 0);
        for count in counts {
            let offsets = &offsets[..=count];
            let top = (offsets[count] - view).max(0.0);
            let next = redraw_window(drawn.clone(), offsets, top, view);
            let need = window(offsets, top, view, OVERSCAN / 2.0);
            let most = window(offsets, top, view, 2.0 * OVERSCAN);
            assert!(
                next.start <= need.start && need.end <= next.end,
                "{count}: {next:?} {need:?}"
            );
            assert!(
                most.start <= next.start && next.end <= most.end,
                "{count}: {next:?} {most:?}"
            );
            if !drawn.is_empty() {
                steps += 1;
                moved_start += usize::from(next.start != drawn.start);
            }
            drawn = next;
        }
        // Without keeping the edges, the top edge moves at every step.
        assert!(moved_start * 4 <= steps, "{moved_start} of {steps}");
        // A jump far away draws the window around the new view.
        let far = redraw_window(380..400, &offsets, 0.0, view);
        assert_eq!(far, window(&offsets, 0.0, view, OVERSCAN));
        assert_eq!(redraw_window(3..9, &offsets[..1], 0.0, view), 0..0);
    }

    #[test]
    fn a_long_log_draws_a_screenful_wherever_it_is_scrolled() {
        let offsets: Vec<f64> = (0..=3171).map(|i| f64::from(i) * 42.0).collect();
        let total = offsets[3171];
        let mut top = 0.0;
        while top <= total {
            let w = window(&offsets, top, 300.0, OVERSCAN);
            // Every entry the view shows is drawn, and not many more.
            assert!(offsets[w.start] <= top.min(total - 42.0), "{top}");
            assert!(offsets[w.end] >= (top + 300.0).min(total), "{top}");
            assert!(
                w.len() <= ((300.0 + 2.0 * OVERSCAN) / 42.0) as usize + 2,
                "{top}: {w:?}"
            );
            top += 97.0;
        }
    }

    #[test]
    fn heights_are_measured_or_the_average_and_belong_to_their_entry() {
        let list = entries(&["one", "two", "three", "four"]);
        let r = list.read();
        let mut h = Heights::default();
        assert_eq!(h.guess(), GUESSED_ROW);
        assert_eq!(h.offsets(&r, 4), vec![0.0, 42.0, 84.0, 126.0, 168.0]);
        assert!(h.record(0, r.get(0).unwrap(), 20.0));
        assert!(h.record(2, r.get(2).unwrap(), 60.0));
        // Measuring the same height again changes nothing.
        assert!(!h.record(2, r.get(2).unwrap(), 60.0));
        assert_eq!(h.guess(), 40.0);
        assert_eq!(h.offsets(&r, 4), vec![0.0, 20.0, 60.0, 120.0, 160.0]);
        // Another entry at the same index (another run, another language) is not measured.
        assert_eq!(h.measured(2, &entry(2, "three, longer")), None);
        assert_eq!(h.measured(2, &entry(7, "three")), None);
        assert_eq!(h.measured(2, r.get(2).unwrap()), Some(60.0));
        h.clear();
        assert_eq!(h.guess(), GUESSED_ROW);
    }

    #[test]
    fn showing_an_entry_scrolls_as_little_as_possible() {
        let offsets: Vec<f64> = (0..=10).map(|i| f64::from(i) * 10.0).collect();
        assert_eq!(
            scroll_to_show(&offsets, 5, 40.0, 30.0),
            40.0,
            "already shown"
        );
        assert_eq!(
            scroll_to_show(&offsets, 2, 40.0, 30.0),
            20.0,
            "above: to its top"
        );
        assert_eq!(
            scroll_to_show(&offsets, 8, 40.0, 30.0),
            60.0,
            "below: to its bottom"
        );
        // Taller than the view: its top.
        assert_eq!(scroll_to_show(&offsets, 8, 40.0, 5.0), 80.0);
    }

    #[test]
    fn the_keys_move_through_every_entry() {
        assert_eq!(key_target("ArrowDown", 3, 10, 4), Some(4));
        assert_eq!(key_target("ArrowDown", 9, 10, 4), Some(9));
        assert_eq!(key_target("ArrowUp", 0, 10, 4), Some(0));
        assert_eq!(key_target("ArrowUp", 3, 10, 4), Some(2));
        assert_eq!(key_target("PageDown", 3, 10, 4), Some(7));
        assert_eq!(key_target("PageDown", 8, 10, 4), Some(9));
        assert_eq!(key_target("PageUp", 3, 10, 4), Some(0));
        assert_eq!(
            key_target("PageUp", 3, 10, 0),
            Some(2),
            "a page is at least one"
        );
        assert_eq!(key_target("Home", 7, 10, 4), Some(0));
        assert_eq!(key_target("End", 2, 10, 4), Some(9));
        assert_eq!(key_target("Enter", 2, 10, 4), None);
        assert_eq!(key_target("End", 0, 0, 4), None);
    }

    /// Steps `preset` instant by instant as the lab's Step does, feeding the announcer after
    /// each step; what the live region received, in order.
    fn announced_stepping(preset: &str, lang: Lang) -> (Vec<String>, Simulator) {
        let scenario = presets::find(preset).unwrap().scenario().unwrap();
        let mut sim = Simulator::new(&scenario).unwrap();
        let mut cache = Narration::default();
        let mut announcer = Announcer::default();
        let mut heard: Vec<(u64, Vec<String>)> = Vec::new();
        let mut listen = |sim: &Simulator, cache: &mut Narration, a: &mut Announcer| {
            let entries = cache.entries(sim, lang);
            let visible = entries.count_until(sim.now());
            for said in a.update(&entries, visible, &Present::of_sim(sim), lang) {
                if heard.last().is_none_or(|last| said.0 > last.0) {
                    heard.push(said);
                }
            }
        };
        listen(&sim, &mut cache, &mut announcer);
        while let Some(t) = sim.next_event_time() {
            sim.run_until(t);
            listen(&sim, &mut cache, &mut announcer);
        }
        (heard.into_iter().flat_map(|(_, said)| said).collect(), sim)
    }

    #[test]
    fn every_entry_of_every_step_is_announced_once_in_order() {
        for (preset, entries) in [("handshake", 10), ("simultaneous-close", 24)] {
            for lang in [Lang::En, Lang::Ko] {
                let (heard, sim) = announced_stepping(preset, lang);
                let told: Vec<String> = narration::narrate(&sim, lang)
                    .into_iter()
                    .map(|e| e.text)
                    .collect();
                assert_eq!(told.len(), entries, "{preset}");
                assert_eq!(heard, told, "{preset} {lang:?}");
            }
        }
        // The CLOSING transitions of the simultaneous close are among them.
        let (heard, _) = announced_stepping("simultaneous-close", Lang::En);
        assert_eq!(
            heard
                .iter()
                .filter(|t| t.contains("FIN-WAIT-1 → CLOSING"))
                .count(),
            2,
            "{heard:#?}"
        );
    }

    #[test]
    fn opening_and_switching_language_say_nothing_moving_back_says_where_it_is() {
        let scenario = presets::find("handshake").unwrap().scenario().unwrap();
        let mut sim = Simulator::new(&scenario).unwrap();
        sim.run_until(Instant::from_millis(200));
        let mut cache = Narration::default();
        let mut a = Announcer::default();
        let update = |sim: &Simulator, cache: &mut Narration, a: &mut Announcer, lang| {
            let entries = cache.entries(sim, lang);
            let visible = entries.count_until(sim.now());
            a.update(&entries, visible, &Present::of_sim(sim), lang)
        };
        assert!(update(&sim, &mut cache, &mut a, Lang::En).is_empty());
        assert!(update(&sim, &mut cache, &mut a, Lang::Ko).is_empty());
        // Back to 0.1 s (the lab rebuilds the run by replay).
        let mut back = Simulator::new(&scenario).unwrap();
        back.run_until(Instant::from_millis(100));
        let said = update(&back, &mut cache, &mut a, Lang::Ko);
        assert_eq!(said.len(), 1);
        assert_eq!(
            said[0].1,
            ["지금 0.1초: 클라이언트 SYN-SENT, 서버 SYN-RECEIVED."]
        );
        assert_eq!(update(&back, &mut cache, &mut a, Lang::En), said);
        // A jump past many entries: how many came before, then the newest ones.
        let mut far =
            Simulator::new(&presets::find("lost-last-ack").unwrap().scenario().unwrap()).unwrap();
        let said = update(&far, &mut cache, &mut a, Lang::En);
        assert!(
            said.last().unwrap().1[0].starts_with("Now at 0 s"),
            "{said:?}"
        );
        let before = narration::narrate(&far, Lang::En).len();
        far.run_until(Instant::from_millis(20_000));
        let said = update(&far, &mut cache, &mut a, Lang::En);
        let all = narration::narrate(&far, Lang::En);
        assert!(all.len() > before + MAX_ANNOUNCED, "{}", all.len());
        // One paragraph: how many came before, then the newest ones in order.
        let jump = &said.last().unwrap().1;
        assert_eq!(jump.len(), MAX_ANNOUNCED + 1);
        assert_eq!(
            jump[0],
            format!(
                "{} earlier events are in the log.",
                all.len() - before - MAX_ANNOUNCED
            )
        );
        assert_eq!(
            jump[1..],
            all[all.len() - MAX_ANNOUNCED..]
                .iter()
                .map(|e| e.text.clone())
                .collect::<Vec<_>>()[..]
        );
        // Older paragraphs are dropped, never replaced: serial numbers only grow.
        assert!(said.len() <= KEPT_ANNOUNCEMENTS);
        assert!(said.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn the_log_grows_by_appending_and_tells_what_the_whole_trace_tells() {
        let scenario = presets::find("lost-last-ack").unwrap().scenario().unwrap();
        let mut sim = Simulator::new(&scenario).unwrap();
        let mut cache = Narration::default();
        let mut seen: Vec<Entries> = Vec::new();
        for ms in [0, 300, 1000, 1600, 2600, 3000, 13_000] {
            sim.run_until(Instant::from_millis(ms));
            let now = cache.entries(&sim, Lang::En);
            let all = narration::narrate(&sim, Lang::En);
            let r = now.read();
            let texts: Vec<&str> = (0..now.len())
                .map(|i| r.get(i).unwrap().text.as_str())
                .collect();
            let expected: Vec<&str> = all.iter().map(|e| e.text.as_str()).collect();
            assert_eq!(texts, expected, "at {ms} ms");
            assert_eq!(now.count_until(sim.now()), now.len());
            assert_eq!(
                now.count_until(Instant::from_millis(1000).min(sim.now())),
                all.iter()
                    .filter(|e| e.t <= Instant::from_millis(1000))
                    .count()
            );
            drop(r);
            seen.push(now);
        }
        // Every earlier list still reads what it held: final entries are only ever appended to.
        for old in &seen {
            let r = old.read();
            let full = narration::narrate(&sim, Lang::En);
            for (i, told) in full.iter().enumerate().take(old.done_len) {
                assert_eq!(r.get(i).unwrap().text, told.text);
            }
        }
        assert!(
            seen.windows(2).all(|w| Rc::ptr_eq(&w[0].done, &w[1].done)),
            "one growing list"
        );
        // A rebuilt run (stepped back) starts a new list; the old one is left as it was.
        let len_before = seen.last().unwrap().len();
        let mut back = Simulator::new(&scenario).unwrap();
        back.run_until(Instant::from_millis(1000));
        let rebuilt = cache.entries(&back, Lang::En);
        assert!(!Rc::ptr_eq(&rebuilt.done, &seen[0].done));
        assert_eq!(rebuilt.len(), narration::narrate(&back, Lang::En).len());
        assert_eq!(seen.last().unwrap().len(), len_before);
        assert_eq!(
            seen.last().unwrap().done.borrow().len(),
            seen.last().unwrap().done_len
        );
    }
}
