//! The narration, tested against the run: over every preset and a few hundred random seeded
//! scenarios (losses, delays, holds, duplicates, give-ups, capped backoffs), in both languages,
//! every entry states exactly the facts it lists, and every fact equals what the trace says.
//!
//! For each entry:
//! 1. each fact's text (its span) reads back as its value — `2 s` / `2초` is 2,000,000 µs,
//!    `second` / `두 번째로` is 2, `C4'` is that transmission;
//! 2. outside the facts, the text holds no number (no ASCII digit once the RFC citations and
//!    the few constants of the protocol listed in [`CONSTANTS`] are taken out) and no ordinal
//!    ("for the second time", "두 번째"), so a sentence cannot state a number it did not take
//!    as a fact;
//! 3. each fact equals the field of the event (or the scenario's setting) it names, read here
//!    from the trace independently of the narrator ([`expected`]);
//! 4. English and Korean state the same facts.
//!
//! A narrator that counted an expiry from the backoff, guessed a retry count or said "doubles"
//! for a capped backoff would state a number its event does not hold (3), or one that is no fact
//! at all (2). `tests/regressions.rs` has a test for each error of issue 9.

use std::collections::BTreeMap;

use handshake_core::config::{DupSynPolicy, RstInTimeWait, TimeWaitRestart};
use handshake_core::endpoint::{Cause, RtoChange, TimerAction};
use handshake_core::presets::PRESETS;
use handshake_core::scenario::{AppScript, FaultRule, Match, Scenario};
use handshake_core::sim::{Action, Fault, SendData, Side, Simulator, TimedAction, TxId, UserCall};
use handshake_core::trace::{Trace, TraceKind};
use handshake_core::{AppEvent, Config, Duration, Flags, Instant};
use handshake_explain::{Entry, Fact, FactKind, Lang, Source, Value, narrate};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

// ----- the oracle: what the trace says a fact is -------------------------------------------------

/// The transmissions an event names.
fn ids_of(kind: &TraceKind) -> Vec<TxId> {
    let mut ids = Vec::new();
    if let Some(s) = kind.segment() {
        ids.push(s.id);
        ids.extend(s.retransmission_of);
        ids.extend(s.duplicate_of);
    }
    match kind {
        TraceKind::Rto { timed, .. } => ids.extend(*timed),
        TraceKind::Ignored { action, error } => {
            match action {
                Action::Fault { target, .. } | Action::Release { target } => ids.push(*target),
                Action::OldDuplicate { of } => ids.push(*of),
                _ => {}
            }
            use handshake_core::sim::ActionError as E;
            match error {
                E::UnknownTransmission(id)
                | E::NotInFlight(id)
                | E::NotHeld(id)
                | E::AlreadyHeld(id)
                | E::NoFreshId(id) => ids.push(*id),
                E::BadProbability
                | E::HostDown(_)
                | E::HostUp(_)
                | E::NoTcbVariable { .. }
                | E::Unsupported => {}
            }
        }
        _ => {}
    }
    ids
}

fn per_mille(p: f64) -> u64 {
    (p.clamp(0.0, 1.0) * 1000.0).round() as u64
}

fn us(d: Duration) -> Value {
    Value::Time(d.total_micros())
}

/// The value `kind` has in event `e` (at time `t`), or why the event has none.
fn from_event(kind: FactKind, t: Instant, e: &TraceKind) -> Result<Value, String> {
    use FactKind as K;
    let none = || Err(format!("{kind:?} is not a field of {e:?}"));
    let int = |n: u64| Ok(Value::Int(n));
    let seg = e.segment();
    match kind {
        K::Seq => seg.map_or_else(none, |s| int(u64::from(s.rel_seq))),
        K::SeqAbs => seg.map_or_else(none, |s| int(u64::from(s.seq.0))),
        K::Ack => match seg {
            Some(s) if s.flags.ack() => int(u64::from(s.rel_ack)),
            _ => none(),
        },
        K::Len => seg.map_or_else(none, |s| int(u64::from(s.len))),
        K::LastByte => match seg {
            Some(s) if s.len > 0 => int(u64::from(s.rel_seq.wrapping_add(s.len - 1))),
            _ => none(),
        },
        K::NextSeq => seg.map_or_else(none, |s| {
            let seg_len = s.len + u32::from(s.flags.syn()) + u32::from(s.flags.fin());
            int(u64::from(s.rel_seq.wrapping_add(seg_len)))
        }),
        K::FinSeq => match seg {
            Some(s) if s.flags.fin() => int(u64::from(s.rel_seq.wrapping_add(s.len))),
            _ => none(),
        },
        K::AckedUpTo => match seg {
            Some(s) if s.flags.ack() => int(u64::from(s.rel_ack.wrapping_sub(1))),
            _ => none(),
        },
        K::Mss => seg
            .and_then(|s| s.mss)
            .map_or_else(none, |m| int(u64::from(m))),
        K::Expiry => match e {
            TraceKind::Timer {
                action: TimerAction::Fire,
                expiry: Some(n),
                ..
            } => int(u64::from(*n)),
            _ => none(),
        },
        K::Deadline => match e {
            TraceKind::Timer { deadline, .. } => Ok(Value::Time(deadline.total_micros())),
            _ => none(),
        },
        K::TimerLength => match e {
            TraceKind::Timer {
                action: TimerAction::Set | TimerAction::Restart,
                deadline,
                ..
            } => Ok(us(*deadline - t)),
            _ => none(),
        },
        K::Retry | K::RetryLimit => match e {
            TraceKind::Send { retry: Some(r), .. } => {
                int(u64::from(if kind == K::Retry { r.count } else { r.limit }))
            }
            _ => none(),
        },
        K::GaveUpAfter | K::GiveUpLimit => match e {
            TraceKind::State {
                cause: Cause::RetriesExhausted(r),
                ..
            } => int(u64::from(if kind == K::GaveUpAfter {
                r.count
            } else {
                r.limit
            })),
            _ => none(),
        },
        K::Rto => match e {
            TraceKind::Rto { rto, .. } => Ok(us(*rto)),
            _ => none(),
        },
        K::RtoBefore => match e {
            TraceKind::Rto { from, .. } => Ok(us(*from)),
            _ => none(),
        },
        // "doubles" is a claim about the trace: an uncapped backoff whose RTO is twice the one
        // before (RFC 6298 (5.5)); a capped one is never called a doubling.
        K::Doubled => match e {
            TraceKind::Rto {
                change: RtoChange::BackOff { capped: false },
                from,
                rto,
                ..
            } if rto.total_micros() == 2 * from.total_micros() => int(1),
            _ => none(),
        },
        K::Rtt | K::Srtt | K::Rttvar => match e {
            TraceKind::Rto {
                change:
                    RtoChange::Sample {
                        rtt, srtt, rttvar, ..
                    },
                ..
            } => Ok(us(match kind {
                K::Rtt => *rtt,
                K::Srtt => *srtt,
                _ => *rttvar,
            })),
            _ => none(),
        },
        K::SendLen | K::SendData => {
            let data = match e {
                TraceKind::Call {
                    call: UserCall::Send(d),
                    ..
                }
                | TraceKind::Ignored {
                    action:
                        Action::Call {
                            call: UserCall::Send(d),
                            ..
                        },
                    ..
                } => d,
                _ => return none(),
            };
            if kind == K::SendLen {
                int(data.len() as u64)
            } else {
                data.preview().map(Value::Text).map_or_else(none, Ok)
            }
        }
        K::Delivered | K::DeliveredTotal | K::DeliveredData => match e {
            TraceKind::Deliver {
                len, total, data, ..
            } => Ok(match kind {
                K::Delivered => Value::Int(u64::from(*len)),
                K::DeliveredTotal => Value::Int(*total),
                _ => Value::Text(data.clone()),
            }),
            _ => none(),
        },
        K::Discarded => match e {
            TraceKind::App {
                event: AppEvent::Discarded(n),
                ..
            } => int(*n),
            _ => none(),
        },
        K::DelayBy => match e {
            TraceKind::Delay { by, .. }
            | TraceKind::Arm {
                fault: Fault::Delay(by),
                ..
            }
            | TraceKind::Ignored {
                action:
                    Action::Fault {
                        fault: Fault::Delay(by),
                        ..
                    }
                    | Action::Arm {
                        fault: Fault::Delay(by),
                        ..
                    },
                ..
            } => Ok(us(*by)),
            _ => none(),
        },
        K::Arrival => match e {
            TraceKind::Delay { arrival, .. }
            | TraceKind::Release { arrival, .. }
            | TraceKind::Duplicate { arrival, .. }
            | TraceKind::Inject { arrival, .. }
            | TraceKind::Send { arrival, .. } => Ok(Value::Time(arrival.total_micros())),
            _ => none(),
        },
        K::SentAt => match e {
            TraceKind::OldDuplicate { sent_at, .. } => Ok(Value::Time(sent_at.total_micros())),
            _ => none(),
        },
        K::Age => match e {
            TraceKind::OldDuplicate { age, .. } => Ok(us(*age)),
            _ => none(),
        },
        K::LossPercent => match e {
            TraceKind::Loss { probability, .. }
            | TraceKind::Ignored {
                action: Action::SetLoss { probability, .. },
                ..
            } => int(per_mille(*probability)),
            _ => none(),
        },
        K::Budget => match e {
            TraceKind::BudgetExhausted { events } => int(*events),
            _ => none(),
        },
        K::Id | K::Count | K::TotalLen | K::MaxLen | K::Msl | K::RtoMin | K::Seed => none(),
    }
}

/// Checks that `fact` equals what the run says.
fn expected(fact: &Fact, trace: &Trace, scenario: &Scenario) -> Result<(), String> {
    let ev = &trace.events;
    let want = match (&fact.source, fact.kind) {
        (Source::Event(j), FactKind::Id) => {
            let e = ev.get(*j).ok_or("no such event")?;
            return match &fact.value {
                Value::Id(id) if ids_of(&e.kind).contains(id) => Ok(()),
                other => Err(format!(
                    "{other:?} is not an id event {j} names: {:?}",
                    e.kind
                )),
            };
        }
        (Source::Event(j), kind) => {
            let e = ev.get(*j).ok_or("no such event")?;
            from_event(kind, e.t, &e.kind)?
        }
        (Source::Events(list), kind) => {
            if list.is_empty() || list.windows(2).any(|w| w[0] >= w[1]) {
                return Err(format!(
                    "a group must list distinct events in order: {list:?}"
                ));
            }
            let lens: Vec<u64> = list
                .iter()
                .map(|&j| match &ev[j].kind {
                    TraceKind::Deliver { len, .. } => Ok(u64::from(*len)),
                    k => k
                        .segment()
                        .map(|s| u64::from(s.len))
                        .ok_or_else(|| format!("event {j} of a group has no length: {k:?}")),
                })
                .collect::<Result<_, _>>()?;
            Value::Int(match kind {
                FactKind::Count => list.len() as u64,
                FactKind::TotalLen => lens.iter().sum(),
                FactKind::MaxLen => lens.iter().copied().max().unwrap_or(0),
                other => return Err(format!("{other:?} is not a fact of a group")),
            })
        }
        (Source::Config(side), FactKind::Msl) => us(scenario.config(*side).msl),
        (Source::Config(side), FactKind::RtoMin) => us(scenario.config(*side).rto_min),
        (Source::Seed, FactKind::Seed) => Value::Int(scenario.seed),
        (source, kind) => return Err(format!("{kind:?} cannot come from {source:?}")),
    };
    if want == fact.value {
        Ok(())
    } else {
        Err(format!("the run says {want:?}"))
    }
}

// ----- reading a fact's text back ----------------------------------------------------------------

const ORDINALS_EN: [&str; 10] = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
];
const ORDINALS_KO: [&str; 10] = [
    "첫", "두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉", "열",
];

/// `1.5 s` / `1.5초` in microseconds.
fn parse_time(text: &str, lang: Lang) -> Option<u64> {
    let n = match lang {
        Lang::En => text.strip_suffix(" s")?,
        Lang::Ko => text.strip_suffix('초')?,
    };
    let (whole, frac) = n.split_once('.').unwrap_or((n, ""));
    if frac.len() > 6 || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let whole: u64 = whole.parse().ok()?;
    let frac: u64 = format!("{frac:0<6}").parse().ok()?;
    Some(whole * 1_000_000 + frac)
}

/// `first`, `11th` / `처음으로`, `두 번째로`, `첫 번째`, `11번째`.
fn parse_ordinal(text: &str, lang: Lang) -> Option<u64> {
    match lang {
        Lang::En => ORDINALS_EN
            .iter()
            .position(|w| *w == text)
            .map(|k| k as u64 + 1)
            .or_else(|| {
                let digits = text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
                let n: u64 = digits.parse().ok()?;
                (n > 10).then_some(n)
            }),
        Lang::Ko => {
            let t = text.strip_suffix('로').unwrap_or(text);
            if t == "처음으" {
                return Some(1);
            }
            let t = t.strip_suffix("번째")?;
            if let Some(word) = t.strip_suffix(' ') {
                return ORDINALS_KO
                    .iter()
                    .position(|w| *w == word)
                    .map(|k| k as u64 + 1);
            }
            let n: u64 = t.parse().ok()?;
            (n > 10).then_some(n)
        }
    }
}

/// The value a fact's text reads as.
fn read_back(fact: &Fact, text: &str, lang: Lang) -> Option<Value> {
    Some(match &fact.value {
        Value::Int(_) => match (fact.kind, lang) {
            (FactKind::Doubled, Lang::En) if text == "doubles" => Value::Int(1),
            (FactKind::Doubled, Lang::Ko) if text == "두 배가" => Value::Int(1),
            (FactKind::Doubled, _) => return None,
            (FactKind::Expiry, _) | (FactKind::Retry, Lang::Ko) => {
                Value::Int(parse_ordinal(text, lang)?)
            }
            (FactKind::LossPercent, _) => {
                let n = text.strip_suffix('%')?;
                let (whole, tenth) = n.split_once('.').unwrap_or((n, "0"));
                if tenth.len() != 1 {
                    return None;
                }
                Value::Int(whole.parse::<u64>().ok()? * 10 + tenth.parse::<u64>().ok()?)
            }
            // Relative numbers are written as the ladder writes them: below their base they
            // are negative (two's complement of the 32-bit number), never 4294967287.
            (
                FactKind::Seq
                | FactKind::Ack
                | FactKind::LastByte
                | FactKind::NextSeq
                | FactKind::FinSeq
                | FactKind::AckedUpTo,
                _,
            ) => Value::Int(u64::from(text.parse::<i32>().ok()? as u32)),
            _ => Value::Int(text.parse().ok()?),
        },
        Value::Time(_) => Value::Time(parse_time(text, lang)?),
        Value::Id(_) => Value::Id(text.parse().ok()?),
        Value::Text(_) => Value::Text(text.to_owned()),
    })
}

/// Text with digits that is not a fact: RFC numbers, the protocol's constants and names with a
/// digit in them. Each is whole enough that it cannot hide a number of the run.
const CONSTANTS: &[&str] = &[
    // "Ack = ISN + 1": a SYN or a FIN occupies one sequence number.
    " + 1",
    "RFC 9293",
    "RFC 6298",
    "RFC 5961",
    "RFC 1337",
    "SHLD-31",
    "FIN-WAIT-1",
    "FIN-WAIT-2",
    "2·MSL",
    "4·RTTVAR",
    "R/2",
    "α = 1/8",
    "β = 1/4",
    "says 2 minutes",
    "a fixed 60 s",
    "TCP_TIMEWAIT_LEN = 60 s",
    "a 3 s RTO",
    "between 0 and 1",
    "tcp_rfc1337",
    "3-way",
    "RFC 9293은 2분",
    "60초로 고정",
    "RTO 3초로",
    "0과 1 사이",
];

/// The text with the facts' spans and the constants taken out.
fn outside_facts(text: &str, facts: &[Fact]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for f in facts {
        out.push_str(&text[at..f.span.start]);
        out.push('⟦');
        at = f.span.end;
    }
    out.push_str(&text[at..]);
    let mut constants = CONSTANTS.to_vec();
    constants.sort_by_key(|c| std::cmp::Reverse(c.len()));
    for c in constants {
        out = out.replace(c, "⟦⟧");
    }
    // Section and clause numbers: `§3.10.7.4`, `(2.4)`, `(5.5)`.
    let mut clean = String::new();
    let mut chars = out.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '§' {
            while chars.next_if(|c| c.is_ascii_digit() || *c == '.').is_some() {}
            clean.push('⟦');
            continue;
        }
        clean.push(c);
    }
    let mut out = String::new();
    let b: Vec<char> = clean.chars().collect();
    let mut k = 0;
    while k < b.len() {
        // `(d.d)`: a clause of RFC 6298.
        if b[k] == '('
            && k + 4 < b.len()
            && b[k + 1].is_ascii_digit()
            && b[k + 2] == '.'
            && b[k + 3].is_ascii_digit()
            && b[k + 4] == ')'
        {
            out.push('⟦');
            k += 5;
            continue;
        }
        out.push(b[k]);
        k += 1;
    }
    out
}

/// Checks one entry of a run; returns a description of what is wrong.
fn check_entry(
    entry: &Entry,
    lang: Lang,
    trace: &Trace,
    scenario: &Scenario,
) -> Result<(), String> {
    let text = &entry.text;
    for f in &entry.facts {
        let shown = text
            .get(f.span.clone())
            .ok_or_else(|| format!("{f:?} has a span outside the text"))?;
        match read_back(f, shown, lang) {
            Some(v) if v == f.value => {}
            other => {
                return Err(format!(
                    "{:?} is written {shown:?}, which reads as {other:?}, not {:?}",
                    f.kind, f.value
                ));
            }
        }
        expected(f, trace, scenario).map_err(|why| format!("{f:?}: {why}"))?;
    }
    if entry
        .facts
        .windows(2)
        .any(|w| w[0].span.end > w[1].span.start)
    {
        return Err(String::from("facts overlap"));
    }
    let rest = outside_facts(text, &entry.facts);
    if rest.chars().any(|c| c.is_ascii_digit()) {
        return Err(format!("a number that is not a fact: {rest}"));
    }
    let ordinal = match lang {
        Lang::En => ORDINALS_EN.iter().any(|w| {
            rest.contains(&format!("for the {w} time"))
                || rest.contains(&format!("retransmission {w}"))
        }),
        // The counts' phrasing: "…번째로 만료된다", "처음으로", "허용되는 재전송 중 …번째다". ("세 번째
        // 세그먼트" of the handshake is no count of the run.)
        Lang::Ko => {
            rest.contains("번째로")
                || rest.contains("처음으로")
                || rest
                    .split("허용되는 재전송 중 ")
                    .skip(1)
                    .any(|after| !after.starts_with('⟦'))
        }
    };
    if ordinal {
        return Err(format!("an ordinal that is not a fact: {rest}"));
    }
    Ok(())
}

/// The facts of an entry as a comparable multiset (without where they are written).
fn fact_set(entry: &Entry) -> Vec<(FactKind, Value, Source)> {
    let mut v: Vec<_> = entry
        .facts
        .iter()
        .map(|f| (f.kind, f.value.clone(), f.source.clone()))
        .collect();
    v.sort();
    v
}

/// What the runs checked so far have shown: how often each kind of fact was stated, and with
/// which values, so the test can tell it reached what it is about.
#[derive(Default)]
struct Seen {
    kinds: BTreeMap<FactKind, usize>,
    max_expiry: u64,
    capped: usize,
    capped_at_max: usize,
    give_ups: usize,
    entries: usize,
}

/// Checks every entry of `sim`'s run in both languages.
fn check_run(sim: &Simulator, seen: &mut Seen) -> Result<(), String> {
    let (trace, scenario) = (sim.trace(), sim.scenario());
    let en = narrate(sim, Lang::En);
    let ko = narrate(sim, Lang::Ko);
    if en.iter().map(|e| e.event).ne(ko.iter().map(|e| e.event)) {
        return Err(String::from("the languages tell different events"));
    }
    for (e, k) in en.iter().zip(&ko) {
        check_entry(e, Lang::En, trace, scenario).map_err(|w| format!("{w}\n  in: {}", e.text))?;
        check_entry(k, Lang::Ko, trace, scenario).map_err(|w| format!("{w}\n  in: {}", k.text))?;
        if fact_set(e) != fact_set(k) {
            return Err(format!(
                "English and Korean state different facts:\n  {}\n  {}",
                e.text, k.text
            ));
        }
        for f in &e.facts {
            *seen.kinds.entry(f.kind).or_default() += 1;
            if let (FactKind::Expiry, Value::Int(n)) = (f.kind, &f.value) {
                seen.max_expiry = seen.max_expiry.max(*n);
            }
        }
        seen.entries += 1;
    }
    for ev in &trace.events {
        match &ev.kind {
            TraceKind::Rto {
                change: RtoChange::BackOff { capped: true },
                from,
                rto,
                ..
            } => {
                seen.capped += 1;
                if from == rto {
                    seen.capped_at_max += 1;
                }
            }
            TraceKind::State {
                cause: Cause::RetriesExhausted(_),
                ..
            } => seen.give_ups += 1,
            _ => {}
        }
    }
    Ok(())
}

// ----- scenarios that reach losses, delays, copies, give-ups and capped backoffs ----------------

fn side() -> impl Strategy<Value = Side> {
    prop_oneof![Just(Side::Client), Just(Side::Server)]
}

fn fault() -> impl Strategy<Value = Fault> {
    prop_oneof![
        4 => Just(Fault::Drop),
        2 => (1u64..2500).prop_map(|ms| Fault::Delay(Duration::from_millis(ms))),
        1 => Just(Fault::Hold),
        2 => Just(Fault::Duplicate),
    ]
}

fn tx_id() -> impl Strategy<Value = TxId> {
    (
        side(),
        1u32..12,
        prop_oneof![5 => Just(0u8), 1 => Just(1u8)],
    )
        .prop_map(|(side, n, copy)| TxId {
            copy,
            ..TxId::new(side, n)
        })
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        3 => (side(), (1u32..400).prop_map(|n| UserCall::Send(SendData::Pattern(n))))
            .prop_map(|(side, call)| Action::Call { side, call }),
        1 => (side(), "[a-z0-9 가-힣]{1,10}").prop_map(|(side, s)| Action::Call { side, call: UserCall::Send(SendData::Text(s)) }),
        1 => (side(), prop_oneof![Just(UserCall::Close), Just(UserCall::Abort), Just(UserCall::Listen), Just(UserCall::Connect)])
            .prop_map(|(side, call)| Action::Call { side, call }),
        4 => (tx_id(), fault()).prop_map(|(target, fault)| Action::Fault { target, fault }),
        1 => tx_id().prop_map(|target| Action::Release { target }),
        2 => (side(), fault()).prop_map(|(side, fault)| Action::Arm { side, fault }),
        2 => (side(), prop_oneof![Just(1.0f64), 0.0f64..1.0]).prop_map(|(side, probability)| Action::SetLoss { side, probability }),
    ]
}

fn rule() -> impl Strategy<Value = FaultRule> {
    let flags = prop_oneof![
        Just(None),
        Just(Some(Flags::SYN)),
        Just(Some(Flags::SYN | Flags::ACK)),
        Just(Some(Flags::FIN | Flags::ACK)),
        Just(Some(Flags::ACK)),
    ];
    let matcher = prop_oneof![
        tx_id().prop_map(|id| Match::Id(id.original())),
        (
            proptest::option::of(side()),
            flags,
            proptest::option::of(any::<bool>()),
            proptest::option::of(any::<bool>()),
            proptest::option::of(1u32..5),
        )
            .prop_map(|(from, flags, payload, retransmission, nth)| Match::Rule {
                from,
                flags,
                payload,
                retransmission,
                nth
            }),
    ];
    (matcher, fault()).prop_map(|(matcher, fault)| FaultRule { matcher, fault })
}

/// Small maximum RTOs (so backoffs are capped) and few retries (so runs give up), sometimes.
fn config() -> impl Strategy<Value = Config> {
    (
        (1u16..300, 50u16..3000, 0u8..8, 0u8..6, 0u8..8),
        (
            prop_oneof![Just(1000u64), 200u64..1000],
            prop_oneof![Just(60_000u64), 1000u64..12_000],
        ),
        (0u64..6000, proptest::option::of(0u64..5000)),
        (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
        // The rest of the Linux profile's rules (its estimator, linear SYN timeouts, fixed
        // TIME-WAIT, delayed ACK of a FIN, …), or the reference profile's.
        any::<bool>(),
    )
        .prop_map(
            |(
                (mss, window, syn, synack, data),
                (rto_min, rto_max),
                (msl, fw2),
                (linux_dup, ignore_rst, any_ack, fallback),
                linux,
            )| {
                let rto_max = rto_max.max(rto_min);
                Config {
                    mss,
                    window,
                    syn_retries: syn,
                    synack_retries: synack,
                    data_retries: data,
                    rto_min: Duration::from_millis(rto_min),
                    rto_initial: Duration::from_millis(1000.clamp(rto_min, rto_max)),
                    rto_max: Duration::from_millis(rto_max),
                    msl: Duration::from_millis(msl),
                    fin_wait_2_timeout: fw2.map(Duration::from_millis),
                    dup_syn: if linux_dup {
                        DupSynPolicy::Linux
                    } else {
                        DupSynPolicy::Rfc
                    },
                    rst_in_time_wait: if ignore_rst {
                        RstInTimeWait::Ignore
                    } else {
                        RstInTimeWait::Close
                    },
                    time_wait_restart: if any_ack {
                        TimeWaitRestart::AnyAck
                    } else {
                        TimeWaitRestart::RetransmittedFin
                    },
                    rto_3s_after_handshake_timeout: fallback,
                    ..if linux {
                        Config::linux()
                    } else {
                        Config::rfc()
                    }
                }
            },
        )
}

prop_compose! {
    fn scenario()(
        seed in any::<u64>(),
        latency in (1u64..300, 1u64..300),
        loss in (prop_oneof![3 => Just(0.0), 1 => 0.0f64..0.7], prop_oneof![3 => Just(0.0), 1 => 0.0f64..0.7]),
        client in config(),
        server in config(),
        close_on_eof in (any::<bool>(), any::<bool>()),
        sends in proptest::collection::vec((100u64..4000, side(), 1u32..500), 0..4),
        actions in proptest::collection::vec((0u64..8000, action()), 0..10),
        faults in proptest::collection::vec(rule(), 0..4),
        closing in proptest::option::weighted(0.7, (500u64..6000, 500u64..9000)),
    ) -> Scenario {
        let mut s = Scenario { seed, client, server, ..Scenario::default() };
        s.net.latency = [Duration::from_millis(latency.0), Duration::from_millis(latency.1)];
        s.net.loss = [loss.0, loss.1];
        s.apps = [
            AppScript { close_on_eof: close_on_eof.0, ..AppScript::default() },
            AppScript { close_on_eof: close_on_eof.1, ..AppScript::default() },
        ];
        s = s.call(0, Side::Server, UserCall::Listen).call(0, Side::Client, UserCall::Connect);
        for (ms, side, n) in sends {
            s = s.call(ms, side, UserCall::Send(SendData::Pattern(n)));
        }
        for (ms, a) in actions {
            s.actions.push(TimedAction { at: Instant::from_millis(ms), action: a });
        }
        if let Some((c, sv)) = closing {
            s = s.call(c, Side::Client, UserCall::Close).call(sv, Side::Server, UserCall::Close);
        }
        s.actions.sort_by_key(|a| a.at);
        s.faults = faults;
        s
    }
}

/// How many random scenarios the test runs (deterministically seeded: the same ones every run).
const RANDOM_RUNS: usize = 300;

#[test]
fn every_number_the_narration_states_is_the_traces_in_both_languages() {
    let mut seen = Seen::default();
    for p in PRESETS {
        let mut sim = Simulator::new(&p.scenario().unwrap()).unwrap();
        sim.run_to_end();
        if let Err(why) = check_run(&sim, &mut seen) {
            panic!("preset {}: {why}", p.slug);
        }
    }
    let mut runner = TestRunner::deterministic();
    let strategy = scenario();
    let mut ran = 0;
    while ran < RANDOM_RUNS {
        let s = strategy.new_tree(&mut runner).unwrap().current();
        let Ok(mut sim) = Simulator::new(&s) else {
            continue;
        };
        sim.set_event_budget(20_000);
        sim.run_to_end();
        if let Err(why) = check_run(&sim, &mut seen) {
            panic!("random scenario {ran}: {why}\nscenario: {}", s.to_json());
        }
        ran += 1;
    }
    // The runs reached what the test is about.
    for kind in [
        FactKind::Id,
        FactKind::Seq,
        FactKind::Ack,
        FactKind::Expiry,
        FactKind::Retry,
        FactKind::RetryLimit,
        FactKind::GaveUpAfter,
        FactKind::Rto,
        FactKind::RtoBefore,
        FactKind::Doubled,
        FactKind::Rtt,
        FactKind::Deadline,
        FactKind::TimerLength,
        FactKind::DelayBy,
        FactKind::Arrival,
        FactKind::Delivered,
        FactKind::TotalLen,
        FactKind::LossPercent,
        FactKind::Msl,
    ] {
        assert!(
            seen.kinds.get(&kind).copied().unwrap_or(0) > 0,
            "no {kind:?} was ever stated"
        );
    }
    assert!(
        seen.max_expiry >= 4,
        "expiries only up to {}",
        seen.max_expiry
    );
    assert!(
        seen.capped >= 10 && seen.capped_at_max >= 5,
        "{} capped backoffs, {} at the maximum",
        seen.capped,
        seen.capped_at_max
    );
    assert!(seen.give_ups >= 10, "only {} give-ups", seen.give_ups);
    eprintln!(
        "{} entries checked; facts stated: {:?}; capped backoffs {} ({} at the maximum); give-ups {}",
        seen.entries, seen.kinds, seen.capped, seen.capped_at_max, seen.give_ups
    );
}
