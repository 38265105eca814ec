//! The narration of a run (`handshake_explain`), kept between renders: the entries the log lists
//! and the live region announces, narrated once per run and language, read by both
//! (`components/narration_log.rs`).
//!
//! **Incrementally.** Entries of events before the trace's latest instant are final
//! (`handshake_explain::settled_len`), so a growing trace only narrates its new events, and a
//! frame that adds no event does no narration work at all. Final entries are kept in one list
//! that only grows ([`Entries`]), so a new event does not copy the ones before it either.
//!
//! **Ahead.** The lab knows the run as it will go if nothing else is done (its horizon, run to
//! the end once to span the scrubber). Given that run ([`Narration::set_future`]), the final
//! entries are taken from *its* narration — the same entries, since an entry depends only on
//! the events of its instant and the present's trace is a prefix of the future's — which is
//! narrated span by span, while the page is idle ([`Narration::narrate_ahead`]) or when a seek
//! needs it. A seek, a step back or a rebuild by replay then narrates only the present's latest
//! instant, instead of every event from the start (issue 15).

use std::cell::{Ref, RefCell};
use std::rc::Rc;

use handshake_core::Instant;
use handshake_core::scenario::Scenario;
use handshake_core::sim::{Simulator, TimedAction};
use handshake_core::trace::{Trace, TraceEvent};
use handshake_explain::{self as explain, Entry};

use crate::i18n::Lang;
use crate::run::Run;

/// The entries of one run: a final prefix, shared with the cache that grows it (it is only ever
/// appended to, so an older `Entries` still reads its own prefix), and the entries of the latest
/// instant, which may still change.
#[derive(Clone, Debug, Default)]
pub struct Entries {
    pub(crate) done: Rc<RefCell<Vec<Entry>>>,
    pub(crate) done_len: usize,
    pub(crate) tail: Rc<Vec<Entry>>,
}

impl PartialEq for Entries {
    fn eq(&self, other: &Entries) -> bool {
        Rc::ptr_eq(&self.done, &other.done)
            && self.done_len == other.done_len
            && Rc::ptr_eq(&self.tail, &other.tail)
    }
}

impl Entries {
    pub fn len(&self) -> usize {
        self.done_len + self.tail.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Reads the entries: the final ones and the rest. Never hold it across a render of the log.
    pub fn read(&self) -> EntriesRef<'_> {
        EntriesRef {
            done: self.done.borrow(),
            done_len: self.done_len,
            tail: &self.tail,
        }
    }

    /// How many entries are at or before `now`.
    pub fn count_until(&self, now: Instant) -> usize {
        let r = self.read();
        let done = r.done().partition_point(|e| e.t <= now);
        if done < r.done_len {
            done
        } else {
            done + r.tail.partition_point(|e| e.t <= now)
        }
    }
}

/// A borrowed view of [`Entries`], indexable.
pub struct EntriesRef<'a> {
    done: Ref<'a, Vec<Entry>>,
    done_len: usize,
    tail: &'a [Entry],
}

impl EntriesRef<'_> {
    fn done(&self) -> &[Entry] {
        &self.done[..self.done_len]
    }

    pub fn get(&self, i: usize) -> Option<&Entry> {
        if i < self.done_len {
            self.done.get(i)
        } else {
            self.tail.get(i - self.done_len)
        }
    }

    /// The index of the first entry of an event after `event` (`len` if none).
    pub fn first_after(&self, event: usize) -> usize {
        let done = self.done().partition_point(|e| e.event <= event);
        if done < self.done_len {
            done
        } else {
            done + self.tail.partition_point(|e| e.event <= event)
        }
    }
}

/// How many events [`Narration::narrate_ahead`] narrates at a time (about a millisecond).
pub const AHEAD_SPAN: usize = 250;

/// The narrated entries of one run, extended as its trace grows.
#[derive(Default)]
pub struct Narration {
    lang: Option<Lang>,
    scenario: Option<Scenario>,
    actions: Vec<TimedAction>,
    /// The entries of the events before `settled`: final.
    settled: usize,
    /// The event at `settled - 1`, to recognise the same run.
    settled_event: Option<TraceEvent>,
    done: Rc<RefCell<Vec<Entry>>>,
    trace_len: usize,
    out: Entries,
    /// The recording whose entries these are (a recording's cache holds nothing else).
    recorded: Option<Rc<Trace>>,
    ahead: Ahead,
}

/// The run as it will go, and its entries narrated so far.
#[derive(Default)]
struct Ahead {
    future: Option<Rc<Simulator>>,
    lang: Option<Lang>,
    /// The final entries of the future's events before `upto`.
    entries: Rc<RefCell<Vec<Entry>>>,
    upto: usize,
    /// The last answer: the present's trace length and latest event, and its entries.
    last: Option<(usize, Option<TraceEvent>, Entries)>,
}

/// Whether `sim` is on the way to `future`: the same session (scenario, actions so far), its
/// trace a prefix of the future's (checked at its last event and its middle one).
pub fn on_the_way(sim: &Simulator, future: &Simulator) -> bool {
    let (ev, ahead) = (&sim.trace().events, &future.trace().events);
    ev.len() <= ahead.len()
        && future.actions().starts_with(sim.actions())
        && future.scenario() == sim.scenario()
        && (ev.is_empty()
            || (ev.last() == ahead.get(ev.len() - 1)
                && ev.get(ev.len() / 2) == ahead.get(ev.len() / 2)))
}

impl Ahead {
    /// The future, if `sim` is on the way to it.
    fn leads(&self, sim: &Simulator) -> Option<&Rc<Simulator>> {
        let future = self.future.as_ref()?;
        on_the_way(sim, future).then_some(future)
    }

    /// Narrates the future's events up to `upto` (at most its final ones) in `lang`.
    fn extend(&mut self, upto: usize, lang: Lang) {
        let Some(future) = self.future.clone() else {
            return;
        };
        if self.lang != Some(lang) {
            self.lang = Some(lang);
            self.entries = Rc::default();
            self.upto = 0;
            self.last = None;
        }
        let upto = upto.min(explain::settled_len(future.trace()));
        if upto > self.upto {
            let more =
                explain::narrate_span(future.trace(), future.scenario(), self.upto..upto, lang);
            self.entries.borrow_mut().extend(more);
            self.upto = upto;
        }
    }
}

impl std::fmt::Debug for Narration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Narration")
            .field("lang", &self.lang)
            .field("entries", &self.out.len())
            .field("ahead", &self.ahead.upto)
            .finish_non_exhaustive()
    }
}

impl Narration {
    /// The entries of `run` in `lang`.
    pub fn of_run(&mut self, run: &Run, lang: Lang) -> Entries {
        match run {
            Run::Live(sim) => self.entries(&sim.borrow(), lang),
            Run::Recorded(r) => self.recorded(&r.recording.trace, lang),
        }
    }

    /// The run as it will go if nothing else is done; entries are then taken from its narration
    /// while the present's trace is a prefix of its trace.
    pub fn set_future(&mut self, future: Rc<Simulator>) {
        if self
            .ahead
            .future
            .as_ref()
            .is_some_and(|f| Rc::ptr_eq(f, &future))
        {
            return;
        }
        self.ahead = Ahead {
            future: Some(future),
            lang: self.ahead.lang,
            ..Ahead::default()
        };
    }

    /// Which future is narrated ahead (it changes with [`Narration::set_future`]): `0` when none.
    pub fn future_key(&self) -> usize {
        self.ahead
            .future
            .as_ref()
            .map_or(0, |f| Rc::as_ptr(f) as usize)
    }

    /// Narrates the next [`AHEAD_SPAN`] events of the future in `lang`; whether any are left.
    pub fn narrate_ahead(&mut self, lang: Lang) -> bool {
        let Some(future) = self.ahead.future.clone() else {
            return false;
        };
        if self.ahead.lang == Some(lang) {
            self.ahead.extend(self.ahead.upto + AHEAD_SPAN, lang);
        } else {
            self.ahead.extend(AHEAD_SPAN, lang);
        }
        self.ahead.upto < explain::settled_len(future.trace())
    }

    /// A recording's entries: its whole trace narrated once (the present only picks how many
    /// are shown), as `handshake-cli replay` narrates it.
    fn recorded(&mut self, trace: &Rc<Trace>, lang: Lang) -> Entries {
        let same =
            self.lang == Some(lang) && self.recorded.as_ref().is_some_and(|t| Rc::ptr_eq(t, trace));
        if !same {
            let all = explain::narrate_trace(trace, &Scenario::default(), 0, lang);
            *self = Narration {
                lang: Some(lang),
                recorded: Some(Rc::clone(trace)),
                ..Narration::default()
            };
            self.done.borrow_mut().extend(all);
            self.out = Entries {
                done: Rc::clone(&self.done),
                done_len: self.done.borrow().len(),
                tail: Rc::new(Vec::new()),
            };
        }
        self.out.clone()
    }

    /// The entries of the live run `sim` in `lang`.
    pub fn entries(&mut self, sim: &Simulator, lang: Lang) -> Entries {
        if let Some(out) = self.ahead_of(sim, lang) {
            return out;
        }
        let events = &sim.trace().events;
        // The simulator is deterministic: the same scenario and a prefix of the same actions
        // give the same trace prefix. A rebuilt (stepped back) run has a shorter trace.
        let same_run = self.lang == Some(lang)
            && self.scenario.as_ref() == Some(sim.scenario())
            && sim.actions().starts_with(&self.actions)
            && events.len() >= self.trace_len
            && (self.settled == 0 || events.get(self.settled - 1) == self.settled_event.as_ref());
        if same_run && events.len() == self.trace_len {
            return self.out.clone();
        }
        if !same_run {
            // A new list: the entries an older `Entries` reads stay as they were.
            *self = Narration {
                lang: Some(lang),
                scenario: Some(sim.scenario().clone()),
                ahead: std::mem::take(&mut self.ahead),
                ..Narration::default()
            };
        }
        self.actions = sim.actions().to_vec();
        let fresh = explain::narrate_from(sim, self.settled, lang);
        let settled = explain::settled_len(sim.trace()).max(self.settled);
        let split = fresh.partition_point(|e| e.event < settled);
        let mut fresh = fresh.into_iter();
        self.done.borrow_mut().extend(fresh.by_ref().take(split));
        self.settled = settled;
        self.settled_event = settled.checked_sub(1).and_then(|i| events.get(i)).cloned();
        self.trace_len = events.len();
        self.out = Entries {
            done: Rc::clone(&self.done),
            done_len: self.done.borrow().len(),
            tail: Rc::new(fresh.collect()),
        };
        self.out.clone()
    }

    /// The entries of `sim` from the future's narration, when `sim` is on the way to it.
    fn ahead_of(&mut self, sim: &Simulator, lang: Lang) -> Option<Entries> {
        self.ahead.leads(sim)?;
        let events = &sim.trace().events;
        if self.ahead.lang == Some(lang)
            && let Some((len, last, out)) = &self.ahead.last
            && *len == events.len()
            && last.as_ref() == events.last()
        {
            return Some(out.clone());
        }
        let settled = explain::settled_len(sim.trace());
        self.ahead.extend(settled, lang);
        let done = Rc::clone(&self.ahead.entries);
        let done_len = done.borrow().partition_point(|e| e.event < settled);
        let tail = explain::narrate_from(sim, settled, lang);
        let out = Entries {
            done,
            done_len,
            tail: Rc::new(tail),
        };
        self.ahead.last = Some((events.len(), events.last().cloned(), out.clone()));
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use handshake_core::presets;

    fn texts(entries: &Entries) -> Vec<String> {
        let r = entries.read();
        (0..entries.len())
            .map(|i| r.get(i).unwrap().text.clone())
            .collect()
    }

    fn told(sim: &Simulator, lang: Lang) -> Vec<String> {
        explain::narrate(sim, lang)
            .into_iter()
            .map(|e| e.text)
            .collect()
    }

    /// The run's instants, and the run at its end (the lab's future).
    fn run(preset: &str) -> (Scenario, Vec<Instant>, Simulator) {
        let scenario = presets::find(preset).unwrap().scenario().unwrap();
        let mut sim = Simulator::new(&scenario).unwrap();
        let mut instants = vec![Instant::ZERO];
        while let Some(t) = sim.next_event_time() {
            sim.run_until(t);
            instants.push(t);
        }
        (scenario, instants, sim)
    }

    #[test]
    fn entries_taken_from_the_future_are_those_of_the_present() {
        for preset in presets::PRESETS {
            let (scenario, instants, end) = run(preset.slug);
            let future = Rc::new(end);
            for lang in [Lang::En, Lang::Ko] {
                let mut n = Narration::default();
                n.set_future(Rc::clone(&future));
                // Forward instant by instant, then back (rebuilt by replay), then a jump.
                let mut sim = Simulator::new(&scenario).unwrap();
                for &t in &instants {
                    sim.run_until(t);
                    assert_eq!(
                        texts(&n.entries(&sim, lang)),
                        told(&sim, lang),
                        "{} at {t:?}",
                        preset.slug
                    );
                }
                for &t in instants.iter().rev().step_by(3) {
                    let mut back = Simulator::new(&scenario).unwrap();
                    back.run_until(t);
                    let entries = n.entries(&back, lang);
                    assert_eq!(
                        texts(&entries),
                        told(&back, lang),
                        "{} back at {t:?}",
                        preset.slug
                    );
                    assert!(
                        Rc::ptr_eq(&entries.done, &n.ahead.entries),
                        "from the future"
                    );
                }
            }
        }
    }

    #[test]
    fn a_run_is_on_the_way_to_its_future_from_its_start() {
        let (scenario, instants, end) = run("lost-last-ack");
        let fresh = Simulator::new(&scenario).unwrap();
        assert!(on_the_way(&fresh, &end), "nothing run yet");
        let mut sim = fresh.clone();
        sim.run_until(instants[instants.len() / 2]);
        assert!(on_the_way(&sim, &end));
        assert!(on_the_way(&end, &end));
        assert!(!on_the_way(&end, &sim), "past it");
        let mut other = scenario.clone();
        other.seed += 1;
        assert!(!on_the_way(&Simulator::new(&other).unwrap(), &end));
    }

    #[test]
    fn narrating_ahead_goes_span_by_span_and_a_different_run_is_narrated_itself() {
        let (scenario, _, end) = run("lost-last-ack");
        let events = end.trace().len();
        let future = Rc::new(end);
        let mut n = Narration::default();
        n.set_future(Rc::clone(&future));
        let mut spans = 0;
        while n.narrate_ahead(Lang::En) {
            spans += 1;
            assert!(spans <= events / AHEAD_SPAN + 1);
        }
        assert_eq!(n.ahead.upto, explain::settled_len(future.trace()));
        let before = n.ahead.entries.borrow().len();
        let all = explain::narrate(&future, Lang::En);
        assert!(before > 0 && before <= all.len());
        assert_eq!(
            n.ahead.entries.borrow()[..],
            all[..before],
            "the same entries, in order"
        );
        // At the end: nothing is narrated again but the latest instant.
        assert_eq!(
            texts(&n.entries(&future, Lang::En)),
            told(&future, Lang::En)
        );
        assert_eq!(n.ahead.entries.borrow().len(), before);
        // Another language starts over; a run that is not on the way (another seed) is
        // narrated on its own.
        assert!(n.narrate_ahead(Lang::Ko) || events < AHEAD_SPAN);
        let mut other = scenario.clone();
        other.seed += 1;
        let mut sim = Simulator::new(&other).unwrap();
        sim.run_until(Instant::from_millis(1500));
        let entries = n.entries(&sim, Lang::Ko);
        assert!(!Rc::ptr_eq(&entries.done, &n.ahead.entries));
        assert_eq!(texts(&entries), told(&sim, Lang::Ko));
    }
}
