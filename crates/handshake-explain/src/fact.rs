//! Facts: every number, id, time and quoted text a sentence of the narration states, with the
//! place in the run it was read from.
//!
//! The narrator never writes a number into a sentence directly: it asks for a fact (a kind, a
//! value, and the event — or the scenario's setting — that states it), and the fact's text is
//! what goes into the sentence. Each [`crate::Entry`] carries the facts it states with where
//! each one is in its text, so a test can check, for every entry of any run, that the text
//! holds no number that is not one of its facts and that every fact equals what its event says
//! (`tests/facts.rs`). A narrator that counted expiries from the backoff, or guessed a retry
//! count, would have to state a number its event does not hold, and the test fails.

use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;
use core::ops::Range;

use handshake_core::sim::{Side, TxId};

/// What a fact is. Each kind names the field of the event (or setting) it comes from; the
/// property test reads the same field from the trace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FactKind {
    /// A transmission the event names: its segment, the one it repeats (`retransmission_of`) or
    /// copies (`duplicate_of`), the one an RTT sample timed, an action's target or an error's.
    Id,
    /// The segment's relative sequence number.
    Seq,
    /// The segment's absolute sequence number.
    SeqAbs,
    /// The segment's relative acknowledgment number.
    Ack,
    /// The segment's payload bytes.
    Len,
    /// The last payload byte: `rel_seq + len - 1`.
    LastByte,
    /// The sequence number after the segment, SEG.SEQ + SEG.LEN (SYN and FIN count one).
    NextSeq,
    /// A FIN's own sequence number: `rel_seq + len`.
    FinSeq,
    /// The last byte an acknowledgment number covers: `rel_ack - 1`.
    AckedUpTo,
    /// The MSS option.
    Mss,
    /// Which expiry of its segment a retransmission-timer expiry is (`expiry`).
    Expiry,
    /// When a timer will expire (`deadline`).
    Deadline,
    /// How long a timer was set or restarted for (`deadline` − its time).
    TimerLength,
    /// A timer-driven retransmission's count (`retry`).
    Retry,
    /// The retry limit that applies to it (`limit`).
    RetryLimit,
    /// How many retransmissions a give-up came after (`retries` of `retries_exhausted`).
    GaveUpAfter,
    /// The limit a give-up reached (`limit` of `retries_exhausted`).
    GiveUpLimit,
    /// The RTO after a change (`rto`).
    Rto,
    /// The RTO before a change (`from`).
    RtoBefore,
    /// The claim that a backoff doubled the RTO (the word "doubles" itself, value 1): the trace
    /// must say the backoff was not capped and `rto` = 2·`from`.
    Doubled,
    /// An RTT sample.
    Rtt,
    /// SRTT after a sample.
    Srtt,
    /// RTTVAR after a sample.
    Rttvar,
    /// The bytes a `send` call passed.
    SendLen,
    /// The text a `send` call passed (the trace's preview).
    SendData,
    /// Bytes delivered to the application (`len` of `deliver`).
    Delivered,
    /// Bytes delivered so far (`total` of `deliver`).
    DeliveredTotal,
    /// The delivered text (the trace's preview).
    DeliveredData,
    /// Bytes discarded when a connection ended (`discarded`).
    Discarded,
    /// A delay added on the link (`by`).
    DelayBy,
    /// When a segment arrives (`arrival`).
    Arrival,
    /// A random-loss probability, in tenths of a percent.
    LossPercent,
    /// The events a run cut short had processed.
    Budget,
    /// How many events a sentence groups (segments sent back to back, deliveries).
    Count,
    /// The bytes of the grouped events together.
    TotalLen,
    /// The largest payload among the grouped events.
    MaxLen,
    /// The MSL of a side's configuration.
    Msl,
    /// The minimum RTO of a side's configuration.
    RtoMin,
    /// The scenario's seed.
    Seed,
    /// When the transmission an old duplicate copies left (`sent_at` of `old_duplicate`).
    SentAt,
    /// How long an old duplicate wandered (`age` of `old_duplicate`).
    Age,
}

/// A fact's value.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Value {
    /// A count, a byte number, a percentage in tenths, a seed.
    Int(u64),
    /// A time or a duration, in microseconds.
    Time(u64),
    /// A transmission.
    Id(TxId),
    /// Quoted text (a payload preview).
    Text(String),
}

/// Where a fact comes from.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Source {
    /// The trace event with this index.
    Event(usize),
    /// These trace events together (a count or a sum).
    Events(Vec<usize>),
    /// The scenario's configuration of this side.
    Config(Side),
    /// The scenario's seed.
    Seed,
}

/// One fact a sentence states, and where in the entry's text it is (a byte range).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fact {
    pub kind: FactKind,
    pub value: Value,
    pub source: Source,
    pub span: Range<usize>,
}

/// The first code point of the markers that open a fact in a sentence being built: the fact
/// with index `k` opens with `OPEN + k` (Supplementary Private Use Area-A, never in a trace's
/// text) and closes with [`CLOSE`].
const OPEN: u32 = 0xF0000;
const OPEN_END: u32 = 0xFFFFD;
const CLOSE: char = '\u{E000}';

/// The facts asked for while one entry is built.
#[derive(Default)]
pub(crate) struct Recorder {
    stated: RefCell<Vec<(FactKind, Value, Source)>>,
}

impl Recorder {
    /// `shown`, marked as the fact (`kind`, `value`, `source`).
    pub fn mark(&self, kind: FactKind, value: Value, source: Source, shown: &str) -> String {
        let mut stated = self.stated.borrow_mut();
        let k = stated.len() as u32;
        stated.push((kind, value, source));
        let mut out = String::with_capacity(shown.len() + 8);
        // More facts than markers in one entry cannot happen (an entry states a few dozen);
        // if it did, the surplus would go unmarked and the property test would say so.
        if let Some(open) = char::from_u32(OPEN + k).filter(|_| OPEN + k <= OPEN_END) {
            out.push(open);
            out.push_str(shown);
            out.push(CLOSE);
        } else {
            out.push_str(shown);
        }
        out
    }

    /// Forgets the facts of the previous entry.
    pub fn clear(&self) {
        self.stated.borrow_mut().clear();
    }

    /// The text without markers, and the facts that appear in it (a fact asked for but not
    /// written is not stated; one written twice is stated twice).
    pub fn finish(&self, marked: &str) -> (String, Vec<Fact>) {
        let stated = self.stated.borrow();
        let mut text = String::with_capacity(marked.len());
        let mut facts = Vec::new();
        let mut open: Vec<(usize, usize)> = Vec::new();
        for c in marked.chars() {
            let u = u32::from(c);
            if (OPEN..=OPEN_END).contains(&u) {
                open.push(((u - OPEN) as usize, text.len()));
            } else if c == CLOSE {
                if let Some((k, start)) = open.pop() {
                    if let Some((kind, value, source)) = stated.get(k) {
                        facts.push(Fact {
                            kind: *kind,
                            value: value.clone(),
                            source: source.clone(),
                            span: start..text.len(),
                        });
                    }
                }
            } else {
                text.push(c);
            }
        }
        handshake_core::sort::sort_by_key(&mut facts, |f| f.span.start);
        (text, facts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;

    #[test]
    fn marks_become_spans_in_the_order_they_are_written() {
        let r = Recorder::default();
        let a = r.mark(FactKind::Seq, Value::Int(1), Source::Event(3), "1");
        let b = r.mark(FactKind::Ack, Value::Int(7), Source::Event(3), "7");
        let unused = r.mark(FactKind::Len, Value::Int(9), Source::Event(3), "9");
        let _ = unused;
        // Korean word order puts the second fact first.
        let (text, facts) = r.finish(&format!("Ack={b}, Seq={a}, Ack={b}."));
        assert_eq!(text, "Ack=7, Seq=1, Ack=7.");
        let spans: Vec<(&str, FactKind)> = facts
            .iter()
            .map(|f| (&text[f.span.clone()], f.kind))
            .collect();
        assert_eq!(
            spans,
            [
                ("7", FactKind::Ack),
                ("1", FactKind::Seq),
                ("7", FactKind::Ack)
            ]
        );
    }
}
