//! How times, durations, counts and flags are written, in one place and in one style per
//! language: English puts a space before the unit (`2.55 s`, `+0.5 s`, `1 s→2 s→4 s`), Korean
//! writes the unit right after the number (`2.55초`, `+0.5초`, `1초→2초→4초`). The narration,
//! the app's ladder, countdowns and notices and the CLI all write through these.
//!
//! The retransmission timer's backoff chain ([`RtoChain`]) is read from the trace — the RTOs
//! each backoff went from and to — never computed as powers of two: a capped backoff
//! (RFC 6298 (2.5)) or an RTO reset in between would make a computed chain wrong.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use handshake_core::endpoint::{RtoChange, TimerAction, TimerKind};
use handshake_core::sim::Side;
use handshake_core::state::State;
use handshake_core::trace::{Trace, TraceEvent, TraceKind};
use handshake_core::{Duration, Flags, Instant};

use crate::lang::{Lang, say};

/// Seconds as a number, with up to three decimals and no trailing zeros (`0`, `1.1`, `0.35`,
/// `2.125`); a time off the millisecond grid keeps all six (`1.500001`).
pub fn seconds(micros: u64) -> String {
    let secs = micros / 1_000_000;
    let frac = micros % 1_000_000;
    if frac == 0 {
        return secs.to_string();
    }
    let mut text = if frac % 1000 == 0 {
        format!("{secs}.{:03}", frac / 1000)
    } else {
        format!("{secs}.{frac:06}")
    };
    while text.ends_with('0') {
        text.pop();
    }
    text
}

/// A number of seconds with the language's unit: `1.5 s` / `1.5초`.
pub fn with_unit(number: &str, lang: Lang) -> String {
    say!(lang, format!("{number} s"), format!("{number}초"))
}

/// A span of virtual time: `2 s` / `2초`.
pub fn duration(d: Duration, lang: Lang) -> String {
    with_unit(&seconds(d.total_micros()), lang)
}

/// A point in virtual time: `1.6 s` / `1.6초`.
pub fn instant(t: Instant, lang: Lang) -> String {
    with_unit(&seconds(t.total_micros()), lang)
}

/// A point in virtual time rounded to the millisecond, as the narration log's time column
/// shows it: a user's action lands at whatever microsecond the animation frame reached, and
/// "0.283294 s" is noise to a reader.
pub fn time_label(t: Instant, lang: Lang) -> String {
    let rounded = Instant::from_millis(t.total_micros().saturating_add(500) / 1000);
    instant(rounded, lang)
}

/// The present as a running clock shows it, with a steady number of decimals: `0.35 s`,
/// `12.6 s` / `0.35초`, `12.6초`.
pub fn clock(t: Instant, lang: Lang) -> String {
    let s = t.total_micros() as f64 / 1e6;
    let n = if s < 10.0 {
        format!("{s:.2}")
    } else {
        format!("{s:.1}")
    };
    with_unit(&n, lang)
}

/// A duration of `ms` milliseconds (a float, as the app measures), exact to the millisecond:
/// `1 s`, `0.5 s`, `10 s` / `1초`, `0.5초`, `10초`.
pub fn format_secs(ms: f64, lang: Lang) -> String {
    let text = format!("{:.3}", ms / 1000.0);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    with_unit(text, lang)
}

/// What is left of a countdown, one decimal: `1.2 s` / `1.2초`.
pub fn remaining(ms: f64, lang: Lang) -> String {
    with_unit(&format!("{:.1}", ms / 1000.0), lang)
}

/// A delay added to a segment: `+0.5 s` / `+0.5초`.
pub fn offset(d: Duration, lang: Lang) -> String {
    format!("+{}", duration(d, lang))
}

/// `100,000`: digits in groups of three.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A probability as a percentage with at most one decimal: `12.5`, `0`, `100`.
pub fn percent(p: f64) -> String {
    let tenths = per_mille(p);
    if tenths % 10 == 0 {
        format!("{}", tenths / 10)
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

/// A probability in tenths of a percent, rounded (`0.125` → 125).
pub fn per_mille(p: f64) -> u64 {
    let p = if p.is_finite() {
        p.clamp(0.0, 1.0)
    } else {
        0.0
    };
    // Round half up without `f64::round`, which core does not have.
    (p * 1000.0 + 0.5) as u64
}

/// The set flags in RFC style: `SYN,ACK`, `FIN,ACK`, `PSH,ACK` (`-` when none is set).
pub fn flags_rfc(flags: Flags) -> String {
    let names: Vec<&str> = flags.names().collect();
    if names.is_empty() {
        "-".to_string()
    } else {
        names.join(",")
    }
}

/// The RTOs a retransmission timer's run went through, read from the trace: the RTO before each
/// backoff since the last valid RTT sample, ending with the one the timer was set with
/// (`1 s→2 s→4 s`; `…→16 s→32 s→60 s` when capped at 60 s). At most the latest few are kept;
/// `earlier` says that some were left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RtoChain {
    pub steps: Vec<Duration>,
    pub earlier: bool,
}

impl RtoChain {
    /// The chain of `side`'s retransmission timer that was set (or restarted) at `set_at`, with
    /// at most `shown` RTOs; `None` if the trace holds no such timer.
    ///
    /// From the timer's length (the RTO it was set with) backwards, each backoff of `side` whose
    /// new RTO is the chain's first adds the RTO it doubled from (RFC 6298 (5.5)), as many as
    /// the timer's `backoff` counts. A valid RTT sample, the 3 s of (5.7) or the start of a new
    /// connection ends the chain.
    pub fn of_timer(trace: &Trace, side: Side, set_at: Instant, shown: usize) -> Option<RtoChain> {
        RtoChain::of_timer_in(&trace.events, side, set_at, shown)
    }

    /// [`RtoChain::of_timer`] over a trace's events (a prefix of them: a recording up to its
    /// present).
    pub fn of_timer_in(
        events: &[TraceEvent],
        side: Side,
        set_at: Instant,
        shown: usize,
    ) -> Option<RtoChain> {
        let end = events.partition_point(|e| e.t <= set_at);
        let at = events[..end]
            .iter()
            .rposition(|e| RtoChain::sets(e, side) && e.t == set_at)?;
        RtoChain::from_timer_event(events, at, shown)
    }

    /// [`RtoChain::of_timer_in`] for the timer set by `events[at]` (a walk through a trace
    /// knows where it is; the search for the event is then a few steps, not a binary search):
    /// the chain of the last timer `events[at]`'s side set at that instant. `None` if
    /// `events[at]` sets no retransmission timer.
    pub fn of_timer_at(events: &[TraceEvent], at: usize, shown: usize) -> Option<RtoChain> {
        let first = events.get(at)?;
        let TraceKind::Timer { side, .. } = first.kind else {
            return None;
        };
        if !RtoChain::sets(first, side) {
            return None;
        }
        let end = at + events[at..].partition_point(|e| e.t <= first.t);
        let last = events[at..end]
            .iter()
            .rposition(|e| RtoChain::sets(e, side))
            .map_or(at, |k| at + k);
        RtoChain::from_timer_event(events, last, shown)
    }

    /// Whether `e` sets or restarts `side`'s retransmission timer.
    fn sets(e: &TraceEvent, side: Side) -> bool {
        matches!(e.kind, TraceKind::Timer {
            side: s,
            kind: TimerKind::Retransmission,
            action: TimerAction::Set | TimerAction::Restart,
            ..
        } if s == side)
    }

    /// The chain of the timer that `events[at]` sets (it does: [`RtoChain::sets`]).
    fn from_timer_event(events: &[TraceEvent], at: usize, shown: usize) -> Option<RtoChain> {
        let e = &events[at];
        let TraceKind::Timer {
            side,
            deadline,
            backoff,
            ..
        } = e.kind
        else {
            return None;
        };
        let (length, backoff) = (deadline - e.t, backoff);
        let mut steps = Vec::from([length]);
        for e in events[..at].iter().rev() {
            if steps.len() > usize::from(backoff) {
                break;
            }
            match e.kind {
                TraceKind::Rto {
                    side: s,
                    change: RtoChange::BackOff { .. },
                    from,
                    rto,
                    ..
                } if s == side => {
                    if Some(&rto) != steps.first() {
                        break;
                    }
                    steps.insert(0, from);
                }
                TraceKind::Rto {
                    side: s,
                    change: RtoChange::KarnNoSample,
                    ..
                } if s == side => {}
                TraceKind::Rto { side: s, .. } if s == side => break,
                TraceKind::State {
                    side: s,
                    from: State::Closed | State::Listen,
                    ..
                } if s == side => break,
                _ => {}
            }
        }
        let keep = shown.max(1);
        let earlier = steps.len() > keep;
        if earlier {
            steps.drain(..steps.len() - keep);
        }
        Some(RtoChain { steps, earlier })
    }

    /// `1 s→2 s→4 s`, `…→16 s→32 s→60 s` / `1초→2초→4초`.
    pub fn text(&self, lang: Lang) -> String {
        let steps: Vec<String> = self.steps.iter().map(|&d| duration(d, lang)).collect();
        let chain = steps.join("→");
        if self.earlier {
            format!("…→{chain}")
        } else {
            chain
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_unit_style_per_language() {
        let t = Instant::from_millis(2550);
        assert_eq!(instant(t, Lang::En), "2.55 s");
        assert_eq!(instant(t, Lang::Ko), "2.55초");
        assert_eq!(offset(Duration::from_millis(500), Lang::En), "+0.5 s");
        assert_eq!(offset(Duration::from_millis(500), Lang::Ko), "+0.5초");
        assert_eq!(duration(Duration::from_secs(240), Lang::En), "240 s");
        assert_eq!(
            duration(Duration::from_micros(1_500_001), Lang::En),
            "1.500001 s"
        );
        assert_eq!(clock(Instant::from_millis(300), Lang::En), "0.30 s");
        assert_eq!(clock(Instant::from_millis(12_600), Lang::Ko), "12.6초");
        assert_eq!(format_secs(500.0, Lang::Ko), "0.5초");
        assert_eq!(format_secs(10_000.0, Lang::En), "10 s");
        assert_eq!(remaining(1234.0, Lang::En), "1.2 s");
        assert_eq!(remaining(1234.0, Lang::Ko), "1.2초");
    }

    #[test]
    fn time_labels_round_user_instants_to_the_millisecond() {
        let t = Instant::from_micros(283_294);
        assert_eq!(time_label(t, Lang::En), "0.283 s");
        assert_eq!(time_label(t, Lang::Ko), "0.283초");
    }

    #[test]
    fn counts_percentages_and_flags() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(2000), "2,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(percent(0.125), "12.5");
        assert_eq!(percent(0.1), "10");
        assert_eq!(percent(1.0), "100");
        assert_eq!(percent(f64::NAN), "0");
        assert_eq!(flags_rfc(Flags::SYN | Flags::ACK), "SYN,ACK");
        assert_eq!(flags_rfc(Flags::NONE), "-");
    }
}
