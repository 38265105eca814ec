//! Narration: each event of the simulator's trace explained in one or two sentences, in English
//! or Korean — what happened and **why** (why the ACK is x+1, why the server is in CLOSE-WAIT and
//! not TIME-WAIT, why the SYN is re-sent after 1 s and then 2 s, what TIME-WAIT waits for).
//!
//! This is a pure function of the trace (plus what the simulator knows: the endpoints' settings
//! such as MSL) and a [`Lang`]; it never looks at the clock or the DOM, so host tests run it on
//! every preset. The sentences live here rather than in `i18n.rs` because each carries values
//! whose place differs between the languages.
//!
//! # A readable log, not a dump
//!
//! Not every event gets its own sentence. The rules, all looking only at events of the **same
//! instant** (so an entry is final once the trace has moved past its instant):
//!
//! * a `call` whose state change follows (listen, connect, close, abort) is told by that state
//!   change; `send` calls and refused calls have their own entry;
//! * a retransmission timer that starts when a segment leaves is told with that segment; the RTO
//!   doubling is told with the timer's expiry; 2·MSL's start is told with the entry into
//!   TIME-WAIT; timer expiries that cause a state change are told by the state change; cancels
//!   are not told (the ACK that caused them is);
//! * an RTT sample is told when it is a connection's first one or changes the RTO;
//! * an accepted segment whose effect is a state change, delivered data or an application event
//!   is told by those;
//! * `connected`, `closed`, `reset` and `timed_out` right after the state change that caused them
//!   are told by that state change.

use handshake_core::endpoint::{CallError, Cause, RtoChange, TimerAction, TimerKind, Verdict};
use handshake_core::sim::{Fault, FaultSource, Side, Simulator, TxId};
use handshake_core::trace::{SegmentInfo, TraceEvent, TraceKind};
use handshake_core::{AppEvent, Duration, Flags, Instant, State, UserCall};

use crate::i18n::Lang;

/// One line of the narration log.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The index in `Simulator::trace().events` of the event this entry tells.
    pub event: usize,
    /// When it happened (virtual time).
    pub t: Instant,
    /// The endpoint it is about (for segment events: the sender), if any.
    pub side: Option<Side>,
    /// The transmission it is about, if any.
    pub tx: Option<TxId>,
    /// One or two sentences.
    pub text: String,
}

/// The whole trace, narrated.
pub fn narrate(sim: &Simulator, lang: Lang) -> Vec<Entry> {
    narrate_from(sim, 0, lang)
}

/// The entries for the events from index `start` on (for a log that grows as the trace does).
pub fn narrate_from(sim: &Simulator, start: usize, lang: Lang) -> Vec<Entry> {
    let n = Narrator::new(sim, lang);
    (start..n.ev.len()).filter_map(|i| n.entry(i)).collect()
}

/// The sentence for event `index`, or `None` if the log tells it with another event (see the
/// module documentation) or there is no such event.
pub fn narrate_event(sim: &Simulator, index: usize, lang: Lang) -> Option<String> {
    Narrator::new(sim, lang).text(index)
}

/// A virtual time as the log shows it: `1.6 s` / `1.6초`.
///
/// Rounded to the millisecond: a user's action lands at whatever microsecond the animation frame
/// reached, and "0.283294 s" is noise to a reader.
pub fn time_label(t: Instant, lang: Lang) -> String {
    let rounded = Instant::from_millis(t.total_micros().saturating_add(500) / 1000);
    secs(&rounded.to_string(), lang)
}

/// How many events of the trace have final entries: all but those at the trace's latest instant
/// (whose entries may still change as events of the same instant are added).
pub fn settled_len(sim: &Simulator) -> usize {
    let ev = &sim.trace().events;
    match ev.last() {
        Some(last) => ev.partition_point(|e| e.t < last.t),
        None => 0,
    }
}

/// Picks the text of the current language; only that arm's `format!` runs.
macro_rules! say {
    ($lang:expr, $en:expr, $ko:expr $(,)?) => {
        match $lang {
            Lang::En => $en,
            Lang::Ko => $ko,
        }
    };
}

struct Narrator<'a> {
    sim: &'a Simulator,
    ev: &'a [TraceEvent],
    lang: Lang,
}

impl<'a> Narrator<'a> {
    fn new(sim: &'a Simulator, lang: Lang) -> Narrator<'a> {
        Narrator {
            sim,
            ev: &sim.trace().events,
            lang,
        }
    }

    fn entry(&self, i: usize) -> Option<Entry> {
        let e = self.ev.get(i)?;
        let text = self.text(i)?;
        Some(Entry {
            event: i,
            t: e.t,
            side: e.kind.side(),
            tx: e.kind.segment().map(|s| s.id),
            text,
        })
    }

    fn text(&self, i: usize) -> Option<String> {
        let e = self.ev.get(i)?;
        match &e.kind {
            TraceKind::Call { side, call, error } => self.call(i, *side, call, *error),
            TraceKind::Send { seg, .. } => self.send(i, seg),
            TraceKind::Arrive { seg, verdict } => self.arrive(i, seg, *verdict),
            TraceKind::Drop { seg, reason } => Some(self.drop(seg, *reason)),
            TraceKind::Delay {
                seg,
                by,
                arrival,
                reason,
            } => Some(self.delay(seg, *by, *arrival, *reason)),
            TraceKind::Hold { seg, reason } => Some(self.hold(seg, *reason)),
            TraceKind::Release { seg, arrival } => Some(self.release(seg, *arrival)),
            TraceKind::Duplicate {
                seg,
                arrival,
                reason,
            } => Some(self.duplicate(seg, *arrival, *reason)),
            TraceKind::State {
                side,
                from,
                to,
                cause,
                ..
            } => Some(self.state(i, *side, *from, *to, *cause)),
            TraceKind::Timer {
                side,
                kind,
                action,
                deadline,
                expiry,
                ..
            } => self.timer(i, *side, *kind, *action, *deadline, *expiry),
            TraceKind::Rto {
                side, change, rto, ..
            } => self.rto(i, *side, *change, *rto),
            TraceKind::Deliver {
                side,
                len,
                total,
                data,
            } => self.deliver(i, *side, *len, *total, data),
            TraceKind::App { side, event } => self.app(i, *side, *event),
            TraceKind::Arm { side, fault } => Some(self.arm(*side, *fault)),
            TraceKind::Loss { side, probability } => Some(self.loss(*side, *probability)),
            TraceKind::Ignored { action, error } => Some(say!(
                self.lang,
                format!("Not applied: {action} ({error})."),
                format!("적용하지 못했다: {action} ({error})."),
            )),
            TraceKind::BudgetExhausted { events } => Some(say!(
                self.lang,
                format!("The run is cut short: its budget of {events} events is spent."),
                format!("실행이 중간에 끊긴다. 이벤트 {events}개의 한도를 다 썼다."),
            )),
            // Only an observed capture has these; the lab does not show captures yet.
            TraceKind::Observe { .. } => None,
        }
    }

    // ----- words -------------------------------------------------------------------------------

    /// "the client" / "클라이언트".
    fn who(&self, side: Side) -> &'static str {
        match (self.lang, side) {
            (Lang::En, Side::Client) => "the client",
            (Lang::En, Side::Server) => "the server",
            (Lang::Ko, Side::Client) => "클라이언트",
            (Lang::Ko, Side::Server) => "서버",
        }
    }

    /// "The client" / "클라이언트".
    fn who_cap(&self, side: Side) -> &'static str {
        match (self.lang, side) {
            (Lang::En, Side::Client) => "The client",
            (Lang::En, Side::Server) => "The server",
            (Lang::Ko, _) => self.who(side),
        }
    }

    /// A point in virtual time: "1.5 s" / "1.5초".
    fn at(&self, t: Instant) -> String {
        secs(&t.to_string(), self.lang)
    }

    /// A span of virtual time: "2 s" / "2초".
    fn span(&self, d: Duration) -> String {
        secs(&d.to_string(), self.lang)
    }

    fn source(&self, reason: FaultSource) -> &'static str {
        match (self.lang, reason) {
            (Lang::En, FaultSource::User) => "by you",
            (Lang::En, FaultSource::Rule) => "by a rule of this scenario",
            (Lang::En, FaultSource::RandomLoss) => "by random loss",
            (Lang::Ko, FaultSource::User) => "사용자가 건 장애",
            (Lang::Ko, FaultSource::Rule) => "시나리오 규칙",
            (Lang::Ko, FaultSource::RandomLoss) => "무작위 손실",
        }
    }

    // ----- looking around ----------------------------------------------------------------------

    /// The events after `i` at the same instant.
    fn same_instant_after(&self, i: usize) -> impl Iterator<Item = (usize, &'a TraceEvent)> + '_ {
        let t = self.ev.get(i).map(|e| e.t);
        self.ev
            .iter()
            .enumerate()
            .skip(i + 1)
            .take_while(move |(_, e)| Some(e.t) == t)
    }

    /// The events before `i` at the same instant, nearest first.
    fn same_instant_before(&self, i: usize) -> impl Iterator<Item = (usize, &'a TraceEvent)> + '_ {
        let t = self.ev.get(i).map(|e| e.t);
        self.ev[..i.min(self.ev.len())]
            .iter()
            .enumerate()
            .rev()
            .take_while(move |(_, e)| Some(e.t) == t)
    }

    /// The events of `side`'s processing that directly follow event `i`: stops at the next
    /// segment event, call or event of the other side.
    fn followers(&self, i: usize, side: Side) -> impl Iterator<Item = &'a TraceKind> + '_ {
        self.same_instant_after(i)
            .map(|(_, e)| &e.kind)
            .take_while(move |k| {
                k.segment().is_none()
                    && !matches!(k, TraceKind::Call { .. })
                    && k.side() == Some(side)
            })
    }

    /// The timer event `side` reports right after event `i` (a segment leaving).
    fn timer_after(&self, i: usize, side: Side, want: TimerKind) -> Option<(TimerAction, Instant)> {
        self.followers(i, side).find_map(|k| match k {
            TraceKind::Timer {
                kind,
                action,
                deadline,
                ..
            } if *kind == want && matches!(action, TimerAction::Set | TimerAction::Restart) => {
                Some((*action, *deadline))
            }
            _ => None,
        })
    }

    /// The arrival at `side` just before event `i` in the same instant (what `side` is
    /// answering).
    fn answering(&self, i: usize, side: Side) -> Option<(&'a SegmentInfo, Option<Verdict>)> {
        self.same_instant_before(i)
            .find_map(|(_, e)| match &e.kind {
                TraceKind::Arrive { seg, verdict } if seg.to() == side => {
                    Some(Some((seg, *verdict)))
                }
                TraceKind::Call { side: s, .. } if *s == side => Some(None),
                _ => None,
            })
            .flatten()
    }

    /// The latest segment from `side`'s peer that arrived at `side` before event `i` and ends
    /// exactly at `ack` (relative): what an ACK of `ack` acknowledges.
    fn acked_segment(&self, i: usize, side: Side, ack: u32) -> Option<&'a SegmentInfo> {
        self.ev[..i.min(self.ev.len())]
            .iter()
            .rev()
            .take(SCAN)
            .find_map(|e| match &e.kind {
                TraceKind::Arrive { seg, .. }
                    if seg.to() == side && seg.rel_seq.wrapping_add(seq_len(seg)) == ack =>
                {
                    Some(seg)
                }
                _ => None,
            })
    }

    /// The acknowledgment number of the latest segment `side` sent before event `i`, if it had
    /// the ACK bit.
    fn previous_ack(&self, i: usize, side: Side) -> Option<u32> {
        self.ev[..i.min(self.ev.len())]
            .iter()
            .rev()
            .take(SCAN)
            .find_map(|e| match &e.kind {
                TraceKind::Send { seg, .. } if seg.from == side => {
                    Some(seg.flags.ack().then_some(seg.rel_ack))
                }
                _ => None,
            })
            .flatten()
    }

    /// The latest state change of `side` before event `i`.
    fn previous_state(&self, i: usize, side: Side) -> Option<(State, State)> {
        self.ev[..i.min(self.ev.len())]
            .iter()
            .rev()
            .find_map(|e| match e.kind {
                TraceKind::State {
                    side: s, from, to, ..
                } if s == side => Some((from, to)),
                _ => None,
            })
    }

    /// When `side`'s timer of `kind` was last set or restarted before event `i`.
    fn timer_started(&self, i: usize, side: Side, want: TimerKind) -> Option<Instant> {
        self.ev[..i.min(self.ev.len())]
            .iter()
            .rev()
            .find_map(|e| match e.kind {
                TraceKind::Timer {
                    side: s,
                    kind,
                    action: TimerAction::Set | TimerAction::Restart,
                    ..
                } if s == side && kind == want => Some(e.t),
                _ => None,
            })
    }

    fn msl(&self, side: Side) -> Duration {
        self.sim.endpoint(side).config().msl
    }

    // ----- calls -------------------------------------------------------------------------------

    fn call(
        &self,
        i: usize,
        side: Side,
        user_call: &UserCall,
        error: Option<CallError>,
    ) -> Option<String> {
        let who = self.who_cap(side);
        let call = user_call.name();
        if let Some(err) = error {
            let (en, ko) = call_error(err);
            let call_j = josa(&format!("{call}()"), Josa::Eul);
            return Some(say!(
                self.lang,
                format!("{who} calls {call}(), which is refused: \"{en}\" (RFC 9293 §3.10)."),
                format!("{who}가 {call_j} 호출하지만 거부된다: \"{en}\"({ko}, RFC 9293 §3.10)."),
            ));
        }
        if let UserCall::Send(d) = user_call {
            let len = d.len();
            let data = d.preview();
            return Some(say!(
                self.lang,
                format!(
                    "{who}'s application calls send() with {len} bytes{}.",
                    data.map(|d| format!(" (\"{d}\")")).unwrap_or_default()
                ),
                format!(
                    "{who} 애플리케이션이 send()로 {len}바이트{}를 보낸다.",
                    data.map(|d| format!("(\"{d}\")")).unwrap_or_default()
                ),
            ));
        }
        // listen, connect, close and abort are told by the state change they cause.
        let told_by_state = self.followers(i, side).any(|k| {
            matches!(k, TraceKind::State { cause, .. }
                if matches!((user_call, cause),
                    (UserCall::Listen, Cause::Listen)
                    | (UserCall::Connect, Cause::Connect)
                    | (UserCall::Close, Cause::Close)
                    | (UserCall::Abort, Cause::Abort)))
        });
        if told_by_state {
            return None;
        }
        let call_j = josa(&format!("{call}()"), Josa::Eul);
        Some(say!(
            self.lang,
            format!("{who} calls {call}()."),
            format!("{who}가 {call_j} 호출한다."),
        ))
    }

    // ----- segments ----------------------------------------------------------------------------

    fn send(&self, i: usize, s: &SegmentInfo) -> Option<String> {
        let side = s.from;
        if is_plain_data(s) {
            let run = self.data_send_run(i);
            if run.len() >= RUN_MIN {
                return (run.first() == Some(&i)).then(|| self.send_data_run(&run));
            }
        }
        if is_pure_ack(s) && self.in_deliver_run(i, side) {
            return None;
        }
        let mut text = if s.retransmission_of.is_some() {
            self.send_repeat(i, s)
        } else if s.flags.rst() {
            self.send_rst(i, s)
        } else if s.flags.syn() && s.flags.ack() {
            self.send_syn_ack(i, s)
        } else if s.flags.syn() {
            self.send_syn(s)
        } else if s.flags.fin() {
            self.send_fin(i, s)
        } else if s.len > 0 {
            self.send_data(i, s)
        } else {
            self.send_ack(i, s)
        };
        // The retransmission timer it started (RFC 6298 (5.1)).
        if let Some((TimerAction::Set, deadline)) =
            self.timer_after(i, side, TimerKind::Retransmission)
        {
            text.push(' ');
            text.push_str(&self.timer_note(i, deadline));
        }
        Some(text)
    }

    /// The indices of the data segments sent back to back at one instant, with nothing but the
    /// sender's own timer events between them, that event `i` belongs to.
    fn data_send_run(&self, i: usize) -> Vec<usize> {
        let Some(side) = self.ev.get(i).and_then(|e| e.kind.side()) else {
            return Vec::new();
        };
        let member = |k: &TraceKind| matches!(k, TraceKind::Send { seg, .. } if seg.from == side && is_plain_data(seg));
        let between = |k: &TraceKind| matches!(k, TraceKind::Timer { side: s, .. } if *s == side);
        self.run(i, member, between)
    }

    /// The indices of the `Deliver` events of `side` at event `i`'s instant that follow one
    /// another with only the arrivals that caused them and the plain ACKs answering them between.
    fn deliver_run(&self, i: usize, side: Side) -> Vec<usize> {
        let member = |k: &TraceKind| matches!(k, TraceKind::Deliver { side: s, .. } if *s == side);
        let between = |k: &TraceKind| match k {
            TraceKind::Arrive { seg, verdict } => {
                seg.to() == side && matches!(verdict, Some(Verdict::Accepted))
            }
            TraceKind::Send { seg, .. } => seg.from == side && is_pure_ack(seg),
            TraceKind::Timer { side: s, .. } | TraceKind::Rto { side: s, .. } => *s == side,
            _ => false,
        };
        self.run(i, member, between)
    }

    /// Is event `i` (a plain ACK from `side`) one of the ACKs inside a run of deliveries?
    fn in_deliver_run(&self, i: usize, side: Side) -> bool {
        let first = self
            .same_instant_before(i)
            .find_map(|(j, e)| match &e.kind {
                TraceKind::Deliver { side: s, .. } if *s == side => Some(Some(j)),
                TraceKind::Arrive { seg, .. } if seg.to() == side => None,
                TraceKind::Send { seg, .. } if seg.from == side && is_pure_ack(seg) => None,
                TraceKind::Timer { side: s, .. } | TraceKind::Rto { side: s, .. } if *s == side => {
                    None
                }
                _ => Some(None),
            });
        first
            .flatten()
            .is_some_and(|d| self.deliver_run(d, side).len() >= RUN_MIN)
    }

    /// The members of the run containing `i`: events at `i`'s instant for which `member` holds,
    /// with only events for which `between` holds in between.
    fn run(
        &self,
        i: usize,
        member: impl Fn(&TraceKind) -> bool,
        between: impl Fn(&TraceKind) -> bool,
    ) -> Vec<usize> {
        let Some(t) = self.ev.get(i).map(|e| e.t) else {
            return Vec::new();
        };
        let mut first = i;
        for (j, e) in self.ev[..i].iter().enumerate().rev() {
            if e.t != t {
                break;
            }
            if member(&e.kind) {
                first = j;
            } else if !between(&e.kind) {
                break;
            }
        }
        let mut run = Vec::new();
        for (j, e) in self.ev.iter().enumerate().skip(first) {
            if e.t != t {
                break;
            }
            if member(&e.kind) {
                run.push(j);
            } else if !between(&e.kind) {
                break;
            }
        }
        run
    }

    fn seg_at(&self, i: usize) -> Option<&'a SegmentInfo> {
        self.ev.get(i).and_then(|e| e.kind.segment())
    }

    fn send_data_run(&self, run: &[usize]) -> String {
        let segs: Vec<&SegmentInfo> = run.iter().filter_map(|&j| self.seg_at(j)).collect();
        let (Some(first), Some(last)) = (segs.first(), segs.last()) else {
            return String::new();
        };
        let who = self.who(first.from);
        let n = segs.len();
        let total: u64 = segs.iter().map(|s| u64::from(s.len)).sum();
        let most = segs.iter().map(|s| s.len).max().unwrap_or(0);
        let (a, z) = (
            first.rel_seq,
            last.rel_seq.wrapping_add(last.len).wrapping_sub(1),
        );
        let (id1, id2) = (first.id, last.id);
        let mut text = say!(
            self.lang,
            format!(
                "{id1}–{id2}: {who} sends {n} data segments back to back, bytes {a}–{z} ({total} bytes, up to {most} per segment). It does not wait for ACKs in between: the receiver's window allows this much in flight."
            ),
            format!(
                "{id1}–{id2}: {who}가 데이터 세그먼트 {n}개를 연달아 보낸다. 바이트 {a}–{z}, 모두 {total}바이트(세그먼트마다 최대 {most}바이트)다. 중간에 ACK를 기다리지 않는다: 수신 윈도가 이만큼을 한꺼번에 보내도 된다고 허락한다."
            ),
        );
        if let Some(&i) = run.first() {
            if let Some((TimerAction::Set, deadline)) =
                self.timer_after(i, first.from, TimerKind::Retransmission)
            {
                text.push(' ');
                text.push_str(&self.timer_note(i, deadline));
            }
        }
        text
    }

    /// The retransmission timer a segment started (RFC 6298 (5.1)).
    fn timer_note(&self, i: usize, deadline: Instant) -> String {
        let rto = self.span(deadline - self.ev[i].t);
        let deadline = self.at(deadline);
        say!(
            self.lang,
            format!(
                "Its retransmission timer is set to the RTO, {rto}: unless an ACK comes first, it expires at {deadline}."
            ),
            format!(
                "재전송 타이머를 RTO인 {rto}로 건다. 그 전에 ACK가 오지 않으면 {deadline}에 만료된다."
            ),
        )
    }

    fn send_syn(&self, s: &SegmentInfo) -> String {
        let who = self.who(s.from);
        let (id, seq, abs) = (s.id, s.rel_seq, s.seq.0);
        let mss = s.mss.map_or(String::new(), |m| {
            say!(
                self.lang,
                format!(", and announces MSS {m}"),
                format!(" MSS {m}도 알린다.")
            )
        });
        say!(
            self.lang,
            format!(
                "{id}: {who} sends a SYN with its initial sequence number (ISN): Seq={seq} (relative; {abs} absolute){mss}."
            ),
            format!(
                "{id}: {who}가 초기 시퀀스 번호(ISN)를 담은 SYN을 보낸다. Seq={seq}(상대값, 절대값은 {abs}).{mss}"
            ),
        )
    }

    fn send_syn_ack(&self, i: usize, s: &SegmentInfo) -> String {
        let who = self.who(s.from);
        let peer = self.who(s.to());
        let (id, seq, ack) = (s.id, s.rel_seq, s.rel_ack);
        let peer_isn = ack.wrapping_sub(1);
        say!(
            self.lang,
            format!(
                "{id}: {who} answers with SYN,ACK: its own ISN (Seq={seq}) and Ack={ack} = {peer}'s ISN ({peer_isn}) + 1, because a SYN occupies one sequence number.{}",
                self.simultaneous_note(i, s.from)
            ),
            format!(
                "{id}: {who}가 SYN,ACK로 답한다. 자신의 ISN(Seq={seq})을 보내고, {} {peer}의 ISN({peer_isn}) + 1이다. SYN이 시퀀스 번호 하나를 차지하기 때문이다.{}",
                kv("Ack", ack, Josa::Eun),
                self.simultaneous_note(i, s.from)
            ),
        )
    }

    fn simultaneous_note(&self, i: usize, side: Side) -> String {
        match self.previous_state(i, side) {
            Some((State::SynSent, State::SynReceived)) => say!(
                self.lang,
                " It repeats its own SYN's sequence number: both sides opened at once.".to_owned(),
                " 자신이 보낸 SYN의 시퀀스 번호를 그대로 쓴다. 양쪽이 동시에 연결을 연 것이다."
                    .to_owned(),
            ),
            _ => String::new(),
        }
    }

    fn send_fin(&self, i: usize, s: &SegmentInfo) -> String {
        let who = self.who(s.from);
        let peer = self.who(s.to());
        let id = s.id;
        let fin_seq = s.rel_seq.wrapping_add(s.len);
        let next = fin_seq.wrapping_add(1);
        let data = if s.len > 0 {
            say!(
                self.lang,
                format!(" after its last {} bytes (Seq={})", s.len, s.rel_seq),
                format!(" 마지막 {}바이트(Seq={}) 뒤에", s.len, s.rel_seq),
            )
        } else {
            String::new()
        };
        let mut text = say!(
            self.lang,
            format!(
                "{id}: {who} sends its FIN{data} at Seq={fin_seq}: it has no more data to send, but it can still receive. A FIN occupies one sequence number, so {peer} will ACK {next}."
            ),
            format!(
                "{id}: {who}가{data} Seq={fin_seq}인 FIN을 보낸다. 더 보낼 데이터가 없다는 뜻이고, 받는 것은 계속할 수 있다. FIN은 시퀀스 번호 하나를 차지하므로 {peer}는 {} ACK하게 된다.",
                josa(&next.to_string(), Josa::Eul)
            ),
        );
        // A FIN that also acknowledges the peer's FIN: the three-segment close.
        if s.flags.ack() && self.previous_ack(i, s.from).is_none_or(|a| a != s.rel_ack) {
            if let Some(acked) = self.acked_segment(i, s.from, s.rel_ack) {
                if acked.flags.fin() {
                    let ack = s.rel_ack;
                    text.push(' ');
                    text.push_str(&say!(
                        self.lang,
                        format!("Its Ack={ack} acknowledges {peer}'s FIN in the same segment, so the close takes three segments."),
                        format!("같은 세그먼트의 {} {peer}의 FIN도 확인하므로 연결 종료가 세그먼트 세 개로 끝난다.", kv("Ack", ack, Josa::I)),
                    ));
                }
            }
        }
        text
    }

    fn send_data(&self, i: usize, s: &SegmentInfo) -> String {
        let who = self.who(s.from);
        let (id, len, seq) = (s.id, s.len, s.rel_seq);
        let last = seq.wrapping_add(len).wrapping_sub(1);
        let next = seq.wrapping_add(len);
        let mut text = say!(
            self.lang,
            format!(
                "{id}: {who} sends {len} bytes, Seq={seq} (bytes {seq}–{last}); its next new byte will be {next}."
            ),
            format!(
                "{id}: {who}가 {len}바이트를 보낸다. Seq={seq}(바이트 {seq}–{last})이고, 다음 새 바이트는 {}.",
                josa(&next.to_string(), Josa::Ida)
            ),
        );
        if s.flags.ack() && self.previous_ack(i, s.from).is_none_or(|a| a != s.rel_ack) {
            if let Some(why) = self.ack_reason(i, s) {
                text.push(' ');
                text.push_str(&why);
            }
        }
        text
    }

    fn send_ack(&self, i: usize, s: &SegmentInfo) -> String {
        let who = self.who(s.from);
        let (id, ack) = (s.id, s.rel_ack);
        // An ACK forced by what just arrived (the arrival's own entry says why).
        if let Some((_, Some(verdict))) = self.answering(i, s.from) {
            let reply = match verdict {
                Verdict::Queued => Some(say!(
                    self.lang,
                    format!("{id}: a duplicate ACK, Ack={ack}: byte {ack} is still missing."),
                    format!(
                        "{id}: 중복 ACK, Ack={ack}. 바이트 {} 아직 오지 않았다.",
                        josa(&ack.to_string(), Josa::I)
                    ),
                )),
                Verdict::Old | Verdict::OutOfWindow | Verdict::TimeWaitReAck => Some(say!(
                    self.lang,
                    format!("{id}: {who} sends its ACK again, Ack={ack}."),
                    format!("{id}: {who}가 ACK를 다시 보낸다. Ack={ack}."),
                )),
                Verdict::RstChallenged | Verdict::SynChallenged => Some(say!(
                    self.lang,
                    format!(
                        "{id}: the challenge ACK, Ack={ack}: it tells the peer exactly which sequence number is expected."
                    ),
                    format!(
                        "{id}: challenge ACK, Ack={ack}. 어떤 시퀀스 번호를 기다리는지 정확히 알려 준다."
                    ),
                )),
                Verdict::AckOfUnsent | Verdict::AckTooOld => Some(say!(
                    self.lang,
                    format!("{id}: {who} answers with an ACK of what it really sent, Ack={ack}."),
                    format!("{id}: {who}가 실제 상태를 담은 ACK로 답한다. Ack={ack}."),
                )),
                _ => None,
            };
            if let Some(reply) = reply {
                return reply;
            }
        }
        match self.ack_reason(i, s) {
            Some(why) => format!("{id}: {}", lower_first(&why)),
            None => say!(
                self.lang,
                format!(
                    "{id}: {who} sends an ACK, Ack={ack}: the next sequence number it expects."
                ),
                format!(
                    "{id}: {who}가 ACK를 보낸다. {} 다음에 받을 시퀀스 번호다.",
                    kv("Ack", ack, Josa::Eun)
                ),
            ),
        }
    }

    /// Why `s` carries its acknowledgment number: which segment it acknowledges, and why that
    /// makes the number one more than the SYN's or FIN's sequence number.
    fn ack_reason(&self, i: usize, s: &SegmentInfo) -> Option<String> {
        let side = s.from;
        let who = self.who_cap(side);
        let peer = self.who(s.to());
        let ack = s.rel_ack;
        let acked = self.acked_segment(i, side, ack)?;
        let state = self.sim.transmission(s.id).map(|t| t.snapshot(side).state);
        Some(if acked.flags.syn() {
            let isn = acked.rel_seq;
            let third = if state == Some(State::Established) {
                say!(
                    self.lang,
                    format!(
                        " This is the third segment of the three-way handshake; an ACK occupies no sequence number, so its Seq={} is still the next byte to send.",
                        s.rel_seq
                    ),
                    format!(
                        " 3-way 핸드셰이크의 세 번째 세그먼트다. ACK는 시퀀스 번호를 차지하지 않으므로 {} 여전히 다음에 보낼 바이트다.",
                        kv("Seq", s.rel_seq, Josa::Eun)
                    ),
                )
            } else {
                String::new()
            };
            say!(
                self.lang,
                format!(
                    "{who} ACKs {peer}'s SYN: Ack={ack} = {peer}'s ISN ({isn}) + 1, because a SYN occupies one sequence number.{third}"
                ),
                format!(
                    "{who}가 {peer}의 SYN을 ACK한다. Ack={ack} = {peer}의 ISN({isn}) + 1이다. SYN이 시퀀스 번호 하나를 차지하기 때문이다.{third}"
                ),
            )
        } else if acked.flags.fin() {
            let fin = acked.rel_seq.wrapping_add(acked.len);
            let last = if state == Some(State::TimeWait) {
                say!(
                    self.lang,
                    " This is the last ACK of the close: nobody ACKs an ACK, so it cannot know whether it arrives.".to_owned(),
                    " 연결 종료의 마지막 ACK다. ACK에는 아무도 ACK하지 않으므로 도착했는지 알 수 없다.".to_owned(),
                )
            } else {
                String::new()
            };
            say!(
                self.lang,
                format!(
                    "{who} ACKs {peer}'s FIN: Ack={ack} = the FIN's Seq={fin} + 1, because a FIN occupies one sequence number, like a SYN.{last}"
                ),
                format!(
                    "{who}가 {peer}의 FIN을 ACK한다. Ack={ack} = FIN의 Seq={fin} + 1이다. FIN도 SYN처럼 시퀀스 번호 하나를 차지하기 때문이다.{last}"
                ),
            )
        } else {
            let last = ack.wrapping_sub(1);
            say!(
                self.lang,
                format!(
                    "{who} ACKs the data: Ack={ack} is the next byte it expects, so every byte up to {last} has arrived."
                ),
                format!(
                    "{who}가 데이터를 ACK한다. {} 다음에 받을 바이트이므로 {last}번 바이트까지 모두 도착했다는 뜻이다.",
                    kv("Ack", ack, Josa::Eun)
                ),
            )
        })
    }

    fn send_rst(&self, i: usize, s: &SegmentInfo) -> String {
        let who = self.who(s.from);
        let peer = self.who(s.to());
        let (id, seq) = (s.id, s.rel_seq);
        let aborted = self.same_instant_before(i).any(|(_, e)| {
            matches!(e.kind, TraceKind::State { side, cause: Cause::Abort, .. } if side == s.from)
        });
        if aborted {
            return say!(
                self.lang,
                format!(
                    "{id}: the RST (Seq={seq}) tells {peer} to drop the connection at once; unacknowledged data is lost."
                ),
                format!(
                    "{id}: RST(Seq={seq})가 {peer}에게 연결을 즉시 버리라고 알린다. 확인되지 않은 데이터는 사라진다."
                ),
            );
        }
        let with_ack = if s.flags.ack() {
            let ack = s.rel_ack;
            say!(
                self.lang,
                format!(
                    " It carries Ack={ack}, acknowledging the offending segment, so {peer} can tell the RST is about its segment."
                ),
                format!(
                    " {} 받은 세그먼트를 확인해 주므로 {peer}는 이 RST가 자기 세그먼트에 대한 답임을 안다.",
                    kv("Ack", ack, Josa::Euro)
                ),
            )
        } else {
            String::new()
        };
        say!(
            self.lang,
            format!(
                "{id}: {who} answers with an RST, Seq={seq}: it has no connection that this segment could belong to.{with_ack}"
            ),
            format!(
                "{id}: {who}가 RST(Seq={seq})로 답한다. 그 세그먼트가 속할 연결이 없기 때문이다.{with_ack}"
            ),
        )
    }

    /// A segment with the same sequence number as an earlier one from the same side.
    fn send_repeat(&self, i: usize, s: &SegmentInfo) -> String {
        let who = self.who(s.from);
        let id = s.id;
        let orig = s
            .retransmission_of
            .map(|o| o.to_string())
            .unwrap_or_default();
        let flags = desc(s);
        let seq = s.rel_seq;
        let timeout = self.same_instant_before(i).any(|(_, e)| {
            matches!(e.kind, TraceKind::Timer { side, kind: TimerKind::Retransmission, action: TimerAction::Fire, .. } if side == s.from)
        });
        let orig_flags = s
            .retransmission_of
            .and_then(|o| self.sim.transmission(o))
            .map(|t| t.segment.flags);
        if !timeout && s.flags.syn() && s.flags.ack() && orig_flags.is_some_and(|f| !f.ack()) {
            // Simultaneous open: the SYN,ACK repeats the SYN's sequence number.
            return self.send_syn_ack(i, s);
        }
        if !timeout {
            return say!(
                self.lang,
                format!(
                    "{id}: {who} sends {flags} again (as {orig}, Seq={seq}) in answer to the repeated segment."
                ),
                format!(
                    "{id}: {who}가 다시 온 세그먼트에 답해 {} 다시 보낸다({} 같은 Seq={seq}).",
                    josa(&flags, Josa::Eul),
                    josa(&orig, Josa::Gwa)
                ),
            );
        }
        let same = if s.flags.syn() {
            say!(
                self.lang,
                " The ISN is the same: it is still the same connection attempt.".to_owned(),
                " ISN이 같으므로 여전히 같은 연결 시도다.".to_owned(),
            )
        } else {
            String::new()
        };
        let orig_j = format!("{orig}({flags}){}", particle(&orig, Josa::Eul));
        say!(
            self.lang,
            format!(
                "{id}: {who} re-sends {orig} ({flags}) unchanged, Seq={seq}; only the earliest unacknowledged segment is re-sent (RFC 6298 5.4).{same}"
            ),
            format!(
                "{id}: {who}가 {orig_j} 그대로 다시 보낸다(Seq={seq}). 확인되지 않은 가장 앞의 세그먼트만 다시 보낸다(RFC 6298 5.4).{same}"
            ),
        )
    }

    fn arrive(&self, i: usize, s: &SegmentInfo, verdict: Option<Verdict>) -> Option<String> {
        let id = s.id;
        let to = s.to();
        let recv = self.who(to);
        let recv_cap = self.who_cap(to);
        let sender = self.who(s.from);
        let flags = desc(s);
        let (seq, ack) = (s.rel_seq, s.rel_ack);
        let id_j = josa(&id.to_string(), Josa::I);
        Some(match verdict {
            Some(Verdict::Accepted) | None => return self.arrive_accepted(i, s),
            Some(Verdict::Queued) => {
                let expected = self.same_instant_after(i).find_map(|(_, e)| match &e.kind {
                    TraceKind::Send { seg, .. } if seg.from == to && seg.flags.ack() => {
                        Some(seg.rel_ack)
                    }
                    _ => None,
                });
                let wait = expected.map_or(String::new(), |x| {
                    say!(
                        self.lang,
                        format!(", but {recv} still waits for {x}"),
                        format!(
                            " {recv}는 아직 {} 기다린다.",
                            josa(&x.to_string(), Josa::Eul)
                        )
                    )
                });
                let fin = if s.flags.fin() {
                    say!(
                        self.lang,
                        " The FIN waits too: a FIN counts only after every byte before it, so no EOF and no state change yet.".to_owned(),
                        " FIN도 함께 기다린다. FIN은 앞의 바이트가 모두 와야 처리되므로 아직 EOF도 상태 변화도 없다.".to_owned(),
                    )
                } else {
                    String::new()
                };
                say!(
                    self.lang,
                    format!(
                        "{id} ({flags}) arrives out of order: Seq={seq}{wait}. It is held until the gap is filled (RFC 9293 §3.10.7.4, SHLD-31) and answered with a duplicate ACK.{fin}"
                    ),
                    format!(
                        "{} 순서를 벗어나 도착한다: Seq={seq}.{wait} 빈 곳이 채워질 때까지 보관하고(RFC 9293 §3.10.7.4, SHLD-31) 중복 ACK로 답한다.{fin}",
                        idf(id, &flags, Josa::I)
                    ),
                )
            }
            Some(Verdict::Old) if s.flags.syn() && !s.flags.ack() => say!(
                self.lang,
                format!(
                    "{id}, the re-sent SYN, only repeats what {recv} already has (Seq={seq} is before RCV.NXT). RFC 9293's first check drops it and answers with a plain ACK (Linux would re-send its SYN,ACK)."
                ),
                format!(
                    "다시 온 SYN({id})은 {recv}가 이미 받은 것이다({} RCV.NXT보다 앞). RFC 9293의 첫 번째 검사에 따라 버리고 ACK만 보낸다(Linux라면 SYN,ACK를 다시 보낸다).",
                    kv("Seq", seq, Josa::I)
                ),
            ),
            Some(Verdict::Old) => {
                let why = if s.retransmission_of.is_some() {
                    say!(
                        self.lang,
                        format!(
                            " {} re-sent it, so it never got {recv}'s answer: {recv} ACKs again.",
                            cap(sender)
                        ),
                        format!(
                            " {sender}가 다시 보냈다는 것은 {recv}의 답을 받지 못했다는 뜻이므로 다시 ACK한다."
                        ),
                    )
                } else if s.duplicate_of.is_some() {
                    say!(
                        self.lang,
                        " It is a copy made by the link; the ACK costs nothing and repeats the truth.".to_owned(),
                        " 링크가 만든 복사본이다. ACK로 현재 상태를 다시 알려 줄 뿐이다.".to_owned(),
                    )
                } else {
                    String::new()
                };
                say!(
                    self.lang,
                    format!(
                        "{id} ({flags}) only repeats what {recv} already has (Seq={seq} is before RCV.NXT): it is dropped and answered with an ACK.{why}"
                    ),
                    format!(
                        "{} {recv}가 이미 받은 것을 되풀이한다({} RCV.NXT보다 앞). 버리고 ACK로 답한다.{why}",
                        idf(id, &flags, Josa::Eun),
                        kv("Seq", seq, Josa::I)
                    ),
                )
            }
            Some(Verdict::OutOfWindow) => say!(
                self.lang,
                format!(
                    "{id} ({flags}) lies outside {recv}'s receive window (Seq={seq}): dropped and answered with an ACK (RFC 9293 §3.10.7.4, first check)."
                ),
                format!(
                    "{} {recv}의 수신 윈도 밖에 있다(Seq={seq}). 버리고 ACK로 답한다(RFC 9293 §3.10.7.4 첫 번째 검사).",
                    idf(id, &flags, Josa::Eun)
                ),
            ),
            Some(Verdict::TimeWaitReAck) => say!(
                self.lang,
                format!(
                    "{id}, the re-sent FIN, reaches {recv} in TIME-WAIT: {sender} never got the last ACK. {recv_cap} ACKs the FIN again — exactly what TIME-WAIT is waiting for (RFC 9293 §3.10.7.4)."
                ),
                format!(
                    "다시 보낸 FIN({id})이 TIME-WAIT에 있는 {recv}에 도착한다. {sender}가 마지막 ACK를 받지 못한 것이다. {recv}는 FIN에 다시 ACK한다. TIME-WAIT가 기다린 바로 그 상황이다(RFC 9293 §3.10.7.4)."
                ),
            ),
            Some(Verdict::RstAccepted)
                if matches!(self.previous_state(i, to), Some((_, State::SynSent))) =>
            {
                say!(
                    self.lang,
                    format!(
                        "{id}, an RST, is acceptable: its Ack={ack} acknowledges {recv}'s SYN (RFC 9293 §3.10.7.3), so {recv} drops the connection attempt."
                    ),
                    format!(
                        "RST인 {id_j} 받아들여진다. {} {recv}의 SYN을 확인하기 때문이다(RFC 9293 §3.10.7.3). {recv}는 연결 시도를 버린다.",
                        kv("Ack", ack, Josa::I)
                    ),
                )
            }
            Some(Verdict::RstAccepted) => say!(
                self.lang,
                format!(
                    "{id}, an RST, is acceptable: its Seq={seq} is exactly what {recv} expects (RCV.NXT), so {recv} drops the connection."
                ),
                format!(
                    "RST인 {id_j} 받아들여진다. {} {recv}가 기다리던 바로 그 번호(RCV.NXT)이기 때문이다. {recv}는 연결을 버린다.",
                    kv("Seq", seq, Josa::I)
                ),
            ),
            Some(Verdict::RstChallenged) => say!(
                self.lang,
                format!(
                    "{id} is an RST with Seq={seq} inside the window but not exactly RCV.NXT: it could be forged, so {recv} keeps the connection and sends a challenge ACK (RFC 5961 §3.2)."
                ),
                format!(
                    "{} {} 윈도 안이지만 RCV.NXT와 정확히 같지 않은 RST다. 위조일 수 있으므로 {recv}는 연결을 유지하고 challenge ACK를 보낸다(RFC 5961 §3.2).",
                    josa(&id.to_string(), Josa::Eun),
                    kv("Seq", seq, Josa::I)
                ),
            ),
            Some(Verdict::RstIgnored) => say!(
                self.lang,
                format!(
                    "{id} is an RST whose Seq={seq} is outside the window: {recv} ignores it (RFC 5961 §3.2)."
                ),
                format!(
                    "{} {} 윈도 밖인 RST다. {recv}는 무시한다(RFC 5961 §3.2).",
                    josa(&id.to_string(), Josa::Eun),
                    kv("Seq", seq, Josa::I)
                ),
            ),
            Some(Verdict::SynChallenged) => say!(
                self.lang,
                format!(
                    "{id} is a SYN on a synchronized connection. Instead of resetting, {recv} sends a challenge ACK (RFC 5961 §4.2): if {sender} really restarted, it will answer with an RST."
                ),
                format!(
                    "{} 이미 동기화된 연결에 온 SYN이다. {recv}는 연결을 끊는 대신 challenge ACK를 보낸다(RFC 5961 §4.2). {sender}가 정말 재시작했다면 RST로 답할 것이다.",
                    josa(&id.to_string(), Josa::Eun)
                ),
            ),
            Some(Verdict::SynAckResent) => say!(
                self.lang,
                format!(
                    "{id} repeats a SYN {recv} already answered: it re-sends its SYN,ACK (the Linux behaviour; RFC 9293 would answer with a plain ACK)."
                ),
                format!(
                    "{} {recv}가 이미 답한 SYN의 반복이다. SYN,ACK를 다시 보낸다(Linux 방식. RFC 9293대로라면 ACK만 보낸다).",
                    josa(&id.to_string(), Josa::Eun)
                ),
            ),
            Some(Verdict::BadAckReset) => say!(
                self.lang,
                format!(
                    "{id} acknowledges something {recv} never sent (Ack={ack}): {recv} answers with an RST whose Seq is that Ack (RFC 9293 §3.10.7)."
                ),
                format!(
                    "{} {recv}가 보낸 적 없는 것을 확인한다(Ack={ack}). {recv}는 그 Ack를 Seq로 삼은 RST로 답한다(RFC 9293 §3.10.7).",
                    josa(&id.to_string(), Josa::Eun)
                ),
            ),
            Some(Verdict::AckOfUnsent) => say!(
                self.lang,
                format!(
                    "{id} acknowledges data {recv} has not sent yet (Ack={ack}): dropped and answered with an ACK (RFC 9293 §3.10.7.4)."
                ),
                format!(
                    "{} {recv}가 아직 보내지 않은 데이터를 확인한다(Ack={ack}). 버리고 ACK로 답한다(RFC 9293 §3.10.7.4).",
                    josa(&id.to_string(), Josa::Eun)
                ),
            ),
            Some(Verdict::AckTooOld) => say!(
                self.lang,
                format!(
                    "{id}'s Ack={ack} is too old (RFC 5961 §5): dropped and answered with an ACK."
                ),
                format!(
                    "{id}의 {} 너무 오래된 값이다(RFC 5961 §5). 버리고 ACK로 답한다.",
                    kv("Ack", ack, Josa::Eun)
                ),
            ),
            Some(Verdict::TextIgnored) => say!(
                self.lang,
                format!(
                    "{id} ({flags}) carries data or a FIN after {sender}'s FIN; nothing can follow a FIN, so {recv} ignores it."
                ),
                format!(
                    "{} {sender}의 FIN 뒤에 데이터나 FIN을 담고 있다. FIN 뒤에는 아무것도 올 수 없으므로 {recv}는 무시한다.",
                    idf(id, &flags, Josa::Eun)
                ),
            ),
            Some(Verdict::NoConnectionReset) => say!(
                self.lang,
                format!(
                    "{id} ({flags}) finds no connection at {recv}: nothing listens on that port, or the connection is already gone. {recv_cap} answers with an RST (RFC 9293 §3.10.7.1)."
                ),
                format!(
                    "{} {recv}에서 연결을 찾지 못한다. 그 포트에서 listen하는 것이 없거나 연결이 이미 사라졌다. {recv}는 RST로 답한다(RFC 9293 §3.10.7.1).",
                    idf(id, &flags, Josa::I)
                ),
            ),
            Some(Verdict::RstNoConnection) => say!(
                self.lang,
                format!(
                    "{id} ({flags}) finds no connection at {recv} and is dropped without a reply: an RST is never answered (RFC 9293 §3.10.7.1)."
                ),
                format!(
                    "{recv}에는 연결이 없어 {} 답 없이 버린다. RST에는 답하지 않는다(RFC 9293 §3.10.7.1).",
                    idf(id, &flags, Josa::Eul)
                ),
            ),
            Some(Verdict::RstInListen) => say!(
                self.lang,
                format!(
                    "{recv} is listening and drops {id} ({flags}) without a reply: an RST cannot belong to anything it sent (RFC 9293 §3.10.7.2)."
                ),
                format!(
                    "LISTEN 상태의 {recv}는 {} 답 없이 버린다. 자신이 보낸 어떤 것에 대한 RST일 수도 없다(RFC 9293 §3.10.7.2).",
                    idf(id, &flags, Josa::Eul)
                ),
            ),
            Some(Verdict::NoSynInListen) => say!(
                self.lang,
                format!(
                    "{recv} is listening and drops {id} ({flags}) without a reply: it carries no SYN (RFC 9293 §3.10.7.2)."
                ),
                format!(
                    "LISTEN 상태의 {recv}는 SYN이 없는 {} 답 없이 버린다(RFC 9293 §3.10.7.2).",
                    idf(id, &flags, Josa::Eul)
                ),
            ),
            Some(Verdict::NoSynOrRstInSynSent) => say!(
                self.lang,
                format!(
                    "{recv} is waiting for a SYN and drops {id} ({flags}): it carries neither SYN nor RST (RFC 9293 §3.10.7.3)."
                ),
                format!(
                    "SYN을 기다리는 {recv}는 SYN도 RST도 없는 {} 버린다(RFC 9293 §3.10.7.3).",
                    idf(id, &flags, Josa::Eul)
                ),
            ),
            Some(Verdict::NoAck) => say!(
                self.lang,
                format!(
                    "{recv} drops {id} ({flags}) without a reply: its ACK bit is off (RFC 9293 §3.10.7.4, fifth check)."
                ),
                format!(
                    "{recv}는 ACK 비트가 꺼진 {} 답 없이 버린다(RFC 9293 §3.10.7.4 다섯째 검사).",
                    idf(id, &flags, Josa::Eul)
                ),
            ),
            Some(Verdict::RstInTimeWaitIgnored) => say!(
                self.lang,
                format!(
                    "{recv} in TIME-WAIT ignores the RST {id}, as RFC 1337 advises against TIME-WAIT assassination."
                ),
                format!(
                    "TIME-WAIT 상태의 {recv}는 RST {} 무시한다. RFC 1337이 TIME-WAIT 암살을 막으라고 권하기 때문이다.",
                    josa(&id.to_string(), Josa::Eul)
                ),
            ),
        })
    }

    fn arrive_accepted(&self, i: usize, s: &SegmentInfo) -> Option<String> {
        let to = s.to();
        // Told by the state change, the data or the application event it causes.
        let has_effect = self.followers(i, to).any(|k| {
            matches!(
                k,
                TraceKind::State { .. } | TraceKind::Deliver { .. } | TraceKind::App { .. }
            )
        });
        if has_effect {
            return None;
        }
        let id = s.id;
        let recv = self.who(to);
        let flags = flags_rfc(s.flags);
        let id_j = josa(&id.to_string(), Josa::I);
        if s.flags.ack() && seq_len(s) == 0 && !s.flags.rst() {
            let ack = s.rel_ack;
            let previous = self.ev[..i]
                .iter()
                .rev()
                .take(SCAN)
                .find_map(|e| match &e.kind {
                    TraceKind::Arrive { seg, .. } if seg.from == s.from && seg.flags.ack() => {
                        Some(seg.rel_ack)
                    }
                    _ => None,
                });
            if previous == Some(ack) {
                let sent_beyond = self.ev[..i].iter().rev().take(SCAN).any(|e| {
                    matches!(&e.kind, TraceKind::Send { seg, .. }
                        if seg.from == to && seg.rel_seq.wrapping_add(seq_len(seg)) > ack)
                });
                if !sent_beyond {
                    return Some(say!(
                        self.lang,
                        format!(
                            "{id} reaches {recv}: it repeats Ack={ack}, so nothing new is acknowledged."
                        ),
                        format!(
                            "{id_j} {recv}에 도착한다: {} 되풀이할 뿐이라 새로 확인되는 것은 없다.",
                            kv("Ack", ack, Josa::Eul)
                        ),
                    ));
                }
                return Some(say!(
                    self.lang,
                    format!(
                        "{id} reaches {recv}: a duplicate ACK (Ack={ack} again), so byte {ack} is still missing on the other side. {} waits for its retransmission timer (fast retransmit is not modelled here).",
                        cap(recv)
                    ),
                    format!(
                        "{id_j} {recv}에 도착한다: 중복 ACK(Ack={ack} 반복)이므로 상대는 아직 바이트 {} 받지 못했다. {recv}는 재전송 타이머를 기다린다(여기서는 빠른 재전송을 모델링하지 않는다).",
                        josa(&ack.to_string(), Josa::Eul)
                    ),
                ));
            }
            // New data acknowledged: told only when it stops the retransmission timer (a
            // restart under RFC 6298 (5.3) is routine).
            let stops_timer = self.followers(i, to).any(|k| {
                matches!(
                    k,
                    TraceKind::Timer {
                        kind: TimerKind::Retransmission,
                        action: TimerAction::Cancel,
                        ..
                    }
                )
            });
            if !stops_timer {
                return None;
            }
            return Some(say!(
                self.lang,
                format!(
                    "{id} reaches {recv}: Ack={ack} acknowledges everything it has sent, so its retransmission timer stops (RFC 6298 (5.2))."
                ),
                format!(
                    "{id_j} {recv}에 도착한다: {} 보낸 것을 모두 확인하므로 재전송 타이머를 멈춘다(RFC 6298 (5.2)).",
                    kv("Ack", ack, Josa::I)
                ),
            ));
        }
        Some(say!(
            self.lang,
            format!("{id} ({flags}) reaches {recv}."),
            format!("{} {recv}에 도착한다.", idf(id, &flags, Josa::I)),
        ))
    }

    fn drop(&self, s: &SegmentInfo, reason: FaultSource) -> String {
        let id = s.id;
        let flags = desc(s);
        let src = self.source(reason);
        let sender = self.who(s.from);
        let last_ack = self
            .sim
            .transmission(s.id)
            .is_some_and(|t| t.snapshot(s.from).state == State::TimeWait);
        let then = if seq_len(s) > 0 {
            say!(
                self.lang,
                format!(
                    " {} will only notice when its retransmission timer expires.",
                    self.who_cap(s.from)
                ),
                format!(" {sender}는 재전송 타이머가 만료되어야 이를 알게 된다."),
            )
        } else if last_ack {
            say!(
                self.lang,
                format!(
                    " Nobody ACKs an ACK, so {sender} cannot know; TIME-WAIT exists for exactly this case."
                ),
                format!(
                    " ACK에는 아무도 ACK하지 않으므로 {sender}는 알 수 없다. TIME-WAIT는 바로 이런 경우를 위해 있다."
                ),
            )
        } else if !s.flags.rst() {
            say!(
                self.lang,
                " An ACK alone is never retransmitted; only a later segment can make up for it."
                    .to_owned(),
                " ACK만 담은 세그먼트는 재전송되지 않는다. 나중 세그먼트가 대신할 수 있을 뿐이다."
                    .to_owned(),
            )
        } else {
            String::new()
        };
        say!(
            self.lang,
            format!("{id} ({flags}) is lost on the way ({src}).{then}"),
            format!("{} 도중에 유실된다({src}).{then}", idf(id, &flags, Josa::I)),
        )
    }

    fn delay(
        &self,
        s: &SegmentInfo,
        by: Duration,
        arrival: Instant,
        reason: FaultSource,
    ) -> String {
        let (id, flags, src) = (s.id, desc(s), self.source(reason));
        let (by, arrival) = (self.span(by), self.at(arrival));
        say!(
            self.lang,
            format!(
                "{id} ({flags}) is delayed by {by} ({src}): it now arrives at {arrival}, possibly after segments sent later."
            ),
            format!(
                "{} {by} 지연된다({src}). 이제 {arrival}에 도착하며, 나중에 보낸 세그먼트보다 늦을 수 있다.",
                idf(id, &flags, Josa::I)
            ),
        )
    }

    fn hold(&self, s: &SegmentInfo, reason: FaultSource) -> String {
        let (id, flags, src) = (s.id, desc(s), self.source(reason));
        let sender = self.who(s.from);
        say!(
            self.lang,
            format!(
                "{id} ({flags}) is held on the link ({src}) until it is released; {sender}'s timers keep running."
            ),
            format!(
                "{} 풀려날 때까지 링크에 붙잡혀 있다({src}). {sender}의 타이머는 계속 흐른다.",
                idf(id, &flags, Josa::I)
            ),
        )
    }

    fn release(&self, s: &SegmentInfo, arrival: Instant) -> String {
        let (id, arrival) = (s.id, self.at(arrival));
        let id_j = josa(&id.to_string(), Josa::I);
        say!(
            self.lang,
            format!("{id} is released and moves on: it arrives at {arrival}."),
            format!("{id_j} 풀려나 다시 움직인다. {arrival}에 도착한다."),
        )
    }

    fn duplicate(&self, s: &SegmentInfo, arrival: Instant, reason: FaultSource) -> String {
        let id = s.id;
        let orig = s.duplicate_of.unwrap_or(s.id.original()).to_string();
        let (src, arrival) = (self.source(reason), self.at(arrival));
        let orig_j = josa(&orig, Josa::Eul);
        say!(
            self.lang,
            format!(
                "The link duplicates {orig} ({src}): the copy {id} arrives at {arrival}, so the receiver sees the same sequence numbers twice."
            ),
            format!(
                "링크가 {orig_j} 복제한다({src}). 복사본 {} {arrival}에 도착하므로 받는 쪽은 같은 시퀀스 번호를 두 번 본다.",
                josa(&id.to_string(), Josa::Eun)
            ),
        )
    }

    // ----- endpoints ---------------------------------------------------------------------------

    fn state(&self, i: usize, side: Side, from: State, to: State, cause: Cause) -> String {
        let who = self.who_cap(side);
        let peer = self.who(side.peer());
        let arc = format!("{} → {}", from.name(), to.name());
        let app_told = |event: AppEvent| {
            self.followers(i, side)
                .any(|k| matches!(k, TraceKind::App { event: e, .. } if *e == event))
        };
        match (from, to, cause) {
            (_, State::Listen, Cause::Listen) => say!(
                self.lang,
                format!("{who} calls listen() (passive OPEN): {arc}. It waits for a SYN."),
                format!("{who}가 listen()을 호출한다(passive OPEN): {arc}. SYN을 기다린다."),
            ),
            (_, State::SynSent, Cause::Connect) => say!(
                self.lang,
                format!("{who} calls connect() (active OPEN): {arc}."),
                format!("{who}가 connect()를 호출한다(active OPEN): {arc}."),
            ),
            (State::Listen, State::SynReceived, _) => say!(
                self.lang,
                format!(
                    "The SYN reaches {}: {arc}. It records {peer}'s ISN as IRS and answers with a SYN of its own.",
                    self.who(side)
                ),
                format!(
                    "SYN이 {}에 도착한다: {arc}. {peer}의 ISN을 IRS로 기억하고 자신의 SYN으로 답한다.",
                    self.who(side)
                ),
            ),
            (State::SynSent, State::SynReceived, _) => say!(
                self.lang,
                format!(
                    "{}'s SYN arrives while {}'s own SYN is on its way: a simultaneous open, {arc}.",
                    cap(peer),
                    self.who(side)
                ),
                format!(
                    "{}의 SYN이 가는 중에 {peer}의 SYN이 도착한다. 동시 열기(simultaneous open)다: {arc}.",
                    self.who(side)
                ),
            ),
            (State::SynSent, State::Established, _) => say!(
                self.lang,
                format!(
                    "The SYN,ACK acknowledges {}'s SYN: {arc}. connect() returns and it may send data now, although {peer} only knows once the ACK arrives.",
                    self.who(side)
                ),
                format!(
                    "SYN,ACK가 {}의 SYN을 확인했다: {arc}. connect()가 돌아오고 이제 데이터를 보낼 수 있지만, {peer}는 ACK가 도착해야 이를 안다.",
                    self.who(side)
                ),
            ),
            (State::SynReceived, State::Established, _) => {
                let passive = !matches!(self.previous_state(i, side), Some((State::SynSent, _)));
                let call = if passive { "accept()" } else { "connect()" };
                say!(
                    self.lang,
                    format!(
                        "The ACK of its SYN arrives: {arc}. The three-way handshake is complete for {} too, and {call} returns.",
                        self.who(side)
                    ),
                    format!(
                        "자신의 SYN에 대한 ACK가 도착한다: {arc}. {}에서도 3-way 핸드셰이크가 끝나고 {call}가 돌아온다.",
                        self.who(side)
                    ),
                )
            }
            (State::Established | State::SynReceived, State::FinWait1, Cause::Close) => say!(
                self.lang,
                format!("{who} calls close(): {arc}. It is the first to close: the active closer."),
                format!("{who}가 close()를 호출한다: {arc}. 먼저 닫는 쪽(active close)이다."),
            ),
            (_, State::CloseWait, _) => say!(
                self.lang,
                format!(
                    "{who} is in CLOSE-WAIT, not TIME-WAIT: only the side that sends the first FIN goes through TIME-WAIT. Its application has read EOF and may still send until it calls close()."
                ),
                format!(
                    "{who}는 CLOSE-WAIT에 있다: 먼저 FIN을 보낸 쪽만 TIME-WAIT를 거친다. 애플리케이션은 EOF를 읽었고, close()를 호출할 때까지 데이터를 더 보낼 수 있다."
                ),
            ),
            (State::FinWait1, State::FinWait2, _) => say!(
                self.lang,
                format!(
                    "Its FIN is acknowledged: {arc}. {who} now waits for {peer}'s FIN; meanwhile {peer} may still send data (a half-close)."
                ),
                format!(
                    "자신의 FIN이 확인되었다: {arc}. {who}는 이제 {peer}의 FIN을 기다린다. 그동안 {peer}는 데이터를 더 보낼 수 있다(half-close)."
                ),
            ),
            (State::FinWait1, State::Closing, _) => say!(
                self.lang,
                format!(
                    "{}'s FIN arrives before the ACK of {}'s own: both sides are closing at once (simultaneous close), {arc}.",
                    cap(peer),
                    self.who(side)
                ),
                format!(
                    "{}의 FIN에 대한 ACK보다 {peer}의 FIN이 먼저 온다. 양쪽이 동시에 닫는 중이다(simultaneous close): {arc}.",
                    self.who(side)
                ),
            ),
            (_, State::TimeWait, _) => self.time_wait(i, side, &arc),
            (State::CloseWait, State::LastAck, Cause::Close) => say!(
                self.lang,
                format!(
                    "{who} calls close() too: {arc}. It sends its own FIN and waits for the last ACK."
                ),
                format!(
                    "{who}도 close()를 호출한다: {arc}. 자신의 FIN을 보내고 마지막 ACK를 기다린다."
                ),
            ),
            (State::LastAck, State::Closed, Cause::AckOfFinReceived) => say!(
                self.lang,
                format!(
                    "The ACK of its FIN arrives: {arc}. {who} closed second, so it deletes the connection (TCB) at once, with no TIME-WAIT."
                ),
                format!(
                    "자신의 FIN에 대한 ACK가 도착한다: {arc}. {who}는 나중에 닫은 쪽이므로 TIME-WAIT 없이 바로 연결(TCB)을 지운다."
                ),
            ),
            (State::TimeWait, State::Closed, Cause::TimeWaitExpired)
                if self.msl(side) == Duration::ZERO =>
            {
                say!(
                    self.lang,
                    format!(
                        "With MSL = 0, TIME-WAIT ends at once: {arc}. If the last ACK is lost now, nobody is left to re-ACK {peer}'s FIN."
                    ),
                    format!(
                        "MSL이 0이라 TIME-WAIT가 곧바로 끝난다: {arc}. 이제 마지막 ACK가 유실되면 {peer}의 FIN에 다시 ACK해 줄 쪽이 없다."
                    ),
                )
            }
            (State::TimeWait, State::Closed, Cause::TimeWaitExpired) => say!(
                self.lang,
                format!(
                    "2·MSL passed without another FIN to re-ACK: {arc}. {who} deletes the TCB; the same address and port pair may now be reused."
                ),
                format!(
                    "2·MSL 동안 다시 ACK할 FIN이 오지 않았다: {arc}. {who}는 TCB를 지우고, 이제 같은 주소·포트 쌍을 다시 쓸 수 있다."
                ),
            ),
            (State::TimeWait, State::Closed, Cause::RstReceived) => say!(
                self.lang,
                format!(
                    "An RST in TIME-WAIT ends it early: {arc}, as RFC 9293 says (RFC 1337 and Linux's tcp_rfc1337 would ignore it)."
                ),
                format!(
                    "TIME-WAIT 중에 온 RST가 이를 일찍 끝낸다: {arc}. RFC 9293의 규칙이다(RFC 1337과 Linux의 tcp_rfc1337은 무시한다)."
                ),
            ),
            (State::SynSent, State::Closed, Cause::RstReceived) => say!(
                self.lang,
                format!(
                    "The RST refuses the connection: {arc}. connect() fails with \"connection reset\" (Linux reports ECONNREFUSED, \"connection refused\")."
                ),
                format!(
                    "RST가 연결을 거절한다: {arc}. connect()는 \"connection reset\"으로 실패한다(Linux에서는 ECONNREFUSED, \"connection refused\")."
                ),
            ),
            (State::SynReceived, State::Listen, Cause::RstReceived | Cause::SynInWindow) => say!(
                self.lang,
                format!(
                    "{who} drops the half-open connection: {arc}. It came from a passive OPEN, so it goes back to listening (RFC 9293 §3.10.7.4)."
                ),
                format!(
                    "{who}가 반쯤 열린 연결을 버린다: {arc}. passive OPEN에서 시작했으므로 다시 listen 상태로 돌아간다(RFC 9293 §3.10.7.4)."
                ),
            ),
            (_, _, Cause::RstReceived) => say!(
                self.lang,
                format!(
                    "The RST ends the connection at once: {arc}, without any FIN exchange. The application is told \"connection reset\"."
                ),
                format!(
                    "RST가 연결을 즉시 끝낸다: {arc}. FIN 교환은 없다. 애플리케이션은 \"connection reset\"을 받는다."
                ),
            ),
            (_, State::Closed, Cause::Abort) => {
                let rst = if from.is_synchronized() || from == State::SynReceived {
                    say!(self.lang, " and sends an RST", " RST를 보내고")
                } else {
                    ""
                };
                say!(
                    self.lang,
                    format!(
                        "{who} calls abort(): {arc} at once. It throws away queued data{rst}, without the FIN handshake."
                    ),
                    format!(
                        "{who}가 abort()를 호출한다: 즉시 {arc}.{rst} 보낼 데이터를 버리며, FIN 교환은 없다."
                    ),
                )
            }
            (_, State::Listen, Cause::RetriesExhausted(r)) => {
                let n = r.count;
                say!(
                    self.lang,
                    format!(
                        "After {n} unanswered SYN,ACK retransmissions {} gives up on this half-open connection: {arc}, silently, as Linux drops the request.",
                        self.who(side)
                    ),
                    format!(
                        "SYN,ACK를 {n}번 다시 보내도 답이 없어 {who}는 반쯤 열린 연결을 포기한다: {arc}. Linux처럼 아무것도 보내지 않는다."
                    ),
                )
            }
            (_, State::Closed, Cause::RetriesExhausted(r)) => {
                let n = r.count;
                let app = if app_told(AppEvent::TimedOut) {
                    say!(
                        self.lang,
                        " The application is told \"connection timed out\".",
                        " 애플리케이션은 \"connection timed out\"을 받는다."
                    )
                } else {
                    ""
                };
                say!(
                    self.lang,
                    format!(
                        "After {n} retransmissions without an answer {} gives up: {arc}, and it sends nothing more (RFC 9293 §3.10.8).{app}",
                        self.who(side)
                    ),
                    format!(
                        "{n}번 다시 보내도 답이 없어 {who}는 포기한다: {arc}. 더 이상 아무것도 보내지 않는다(RFC 9293 §3.10.8).{app}"
                    ),
                )
            }
            (_, State::Closed, Cause::FinWait2Expired) => say!(
                self.lang,
                format!(
                    "No FIN came: the FIN-WAIT-2 timeout expires, {arc} (like Linux's tcp_fin_timeout; RFC 9293 would wait forever)."
                ),
                format!(
                    "FIN이 오지 않았다: FIN-WAIT-2 타임아웃이 만료된다, {arc}(Linux의 tcp_fin_timeout과 같다. RFC 9293대로라면 끝없이 기다린다)."
                ),
            ),
            (_, State::Closed, Cause::Close) => say!(
                self.lang,
                format!(
                    "{who} calls close() before the connection is established: {arc}, and the TCB is deleted."
                ),
                format!("{who}가 연결이 맺어지기 전에 close()를 호출한다: {arc}. TCB를 지운다."),
            ),
            _ => {
                let (en, ko) = cause_text(cause);
                say!(
                    self.lang,
                    format!("{who}: {arc} ({en})."),
                    format!("{who}: {arc} ({ko})."),
                )
            }
        }
    }

    fn time_wait(&self, i: usize, side: Side, arc: &str) -> String {
        let who = self.who_cap(side);
        let peer = self.who(side.peer());
        let msl = self.msl(side);
        if msl == Duration::ZERO {
            return say!(
                self.lang,
                format!(
                    "{who} sent the first FIN, so it enters TIME-WAIT ({arc}) — but MSL is 0 here, so TIME-WAIT ends at once. Watch what happens if its last ACK is lost."
                ),
                format!(
                    "{who}는 먼저 FIN을 보냈으므로 TIME-WAIT에 들어간다({arc}). 하지만 여기서는 MSL이 0이라 TIME-WAIT가 곧바로 끝난다. 마지막 ACK가 유실되면 어떻게 되는지 지켜보자."
                ),
            );
        }
        let tw = self.span(msl.saturating_mul(2));
        let msl_s = self.span(msl);
        let first = if arc.starts_with("CLOSING") {
            say!(
                self.lang,
                format!("{who} sent its FIN before it received {peer}'s, so it too"),
                format!("{who}도 {peer}의 FIN을 받기 전에 자신의 FIN을 보냈으므로"),
            )
        } else {
            say!(
                self.lang,
                format!("{who} sent the first FIN, so it"),
                format!("{who}는 먼저 FIN을 보낸 쪽이므로"),
            )
        };
        let until = self
            .timer_after(i, side, TimerKind::TimeWait)
            .map(|(_, d)| {
                let d = self.at(d);
                say!(self.lang, format!(" (until {d})"), format!("({d}까지)"))
            })
            .unwrap_or_default();
        say!(
            self.lang,
            format!(
                "{first} enters TIME-WAIT ({arc}) and waits 2·MSL = {tw}{until}: to re-ACK {peer}'s FIN if its last ACK is lost, and to let old duplicate segments die out. MSL is {msl_s} here; RFC 9293 says 2 minutes, and Linux waits a fixed 60 s."
            ),
            format!(
                "{first} TIME-WAIT에 들어가({arc}) 2·MSL = {tw}{until} 기다린다. 마지막 ACK가 유실되면 다시 오는 {peer}의 FIN에 다시 ACK하고, 오래된 중복 세그먼트가 사라지게 하려는 것이다. 여기서 MSL은 {msl_s}이고, RFC 9293은 2분, Linux는 60초로 고정되어 있다."
            ),
        )
    }

    fn timer(
        &self,
        i: usize,
        side: Side,
        kind: TimerKind,
        action: TimerAction,
        deadline: Instant,
        expiry: Option<u8>,
    ) -> Option<String> {
        let who = self.who_cap(side);
        match (kind, action) {
            (TimerKind::Retransmission, TimerAction::Fire) => {
                Some(self.rtx_fired(i, side, expiry.unwrap_or(1)))
            }
            (TimerKind::TimeWait, TimerAction::Restart) => {
                let tw = self.span(self.msl(side).saturating_mul(2));
                let d = self.at(deadline);
                Some(say!(
                    self.lang,
                    format!(
                        "{who} restarts its 2·MSL timer from zero: TIME-WAIT now ends at {d}, {tw} after this FIN."
                    ),
                    format!(
                        "{who}는 2·MSL 타이머를 처음부터 다시 잰다. TIME-WAIT는 이제 이 FIN으로부터 {tw} 뒤인 {d}에 끝난다."
                    ),
                ))
            }
            (TimerKind::FinWait2, TimerAction::Set) => {
                let d = self.at(deadline);
                Some(say!(
                    self.lang,
                    format!(
                        "{who} starts a FIN-WAIT-2 timeout: if no FIN arrives by {d} it gives up (like Linux's tcp_fin_timeout; the RFC has no such timer)."
                    ),
                    format!(
                        "{who}가 FIN-WAIT-2 타임아웃을 건다. {d}까지 FIN이 오지 않으면 포기한다(Linux의 tcp_fin_timeout과 같다. RFC에는 없는 타이머다)."
                    ),
                ))
            }
            // Starts are told with the segment or the state change, expiries with the state
            // change, cancels with the ACK that caused them.
            _ => None,
        }
    }

    /// The `expiry`-th expiry of the retransmission timer for the earliest unacknowledged
    /// segment (the trace's count, not the backoff).
    fn rtx_fired(&self, i: usize, side: Side, expiry: u8) -> String {
        let who = self.who_cap(side);
        let t = self.ev[i].t;
        let waited = self
            .timer_started(i, side, TimerKind::Retransmission)
            .map(|s| t - s);
        let waited = waited.map(|d| self.span(d)).unwrap_or_default();
        let new_rto = self.followers(i, side).find_map(|k| match k {
            TraceKind::Rto {
                change: RtoChange::BackOff { .. },
                rto,
                ..
            } => Some(*rto),
            _ => None,
        });
        let what = self
            .same_instant_after(i)
            .find_map(|(_, e)| match &e.kind {
                TraceKind::Send { seg, .. } if seg.from == side => Some(seg),
                _ => None,
            })
            .or_else(|| {
                // Gave up: nothing is sent; name what was outstanding.
                self.ev[..i].iter().rev().find_map(|e| match &e.kind {
                    TraceKind::Send { seg, .. } if seg.from == side && seq_len(seg) > 0 => {
                        Some(seg)
                    }
                    _ => None,
                })
            })
            .map(|seg| flags_rfc(seg.flags.without(Flags::ACK).without(Flags::PSH)))
            .filter(|f| f != "-")
            .unwrap_or_else(|| say!(self.lang, "data".to_owned(), "데이터".to_owned()));
        let nth = u32::from(expiry);
        match new_rto {
            Some(rto) => {
                let rto = self.span(rto);
                say!(
                    self.lang,
                    format!(
                        "No ACK for {}'s {what} within {waited}: its retransmission timer expires for the {} time. RFC 6298 (5.5) doubles the RTO to {rto}, so each retry waits twice as long as the one before.",
                        self.who(side),
                        ordinal_en(nth)
                    ),
                    format!(
                        "{waited}가 지나도록 {who}의 {what}에 대한 ACK가 오지 않아 재전송 타이머가 {} 만료된다. RFC 6298 (5.5)에 따라 RTO가 {rto}로 두 배가 되어, 재시도할 때마다 기다리는 시간이 두 배로 늘어난다.",
                        ordinal_ko(nth)
                    ),
                )
            }
            None => say!(
                self.lang,
                format!(
                    "No ACK for {}'s {what} within {waited}: its retransmission timer expires for the {} time, and the retry limit is reached.",
                    self.who(side),
                    ordinal_en(nth)
                ),
                format!(
                    "{waited}가 지나도록 {who}의 {what}에 대한 ACK가 오지 않아 재전송 타이머가 {} 만료된다. 재시도 한도에 이르렀다.",
                    ordinal_ko(nth)
                ),
            ),
        }
    }

    fn rto(&self, i: usize, side: Side, change: RtoChange, rto: Duration) -> Option<String> {
        let who = self.who_cap(side);
        let rto_s = self.span(rto);
        match change {
            RtoChange::Sample { rtt, .. } => {
                let earlier = self.ev[..i]
                    .iter()
                    .rev()
                    .take(SCAN)
                    .find_map(|e| match e.kind {
                        TraceKind::Rto {
                            side: s,
                            change,
                            rto,
                            ..
                        } if s == side => Some(Some((change, rto))),
                        // A new connection starts a new estimator.
                        TraceKind::State {
                            side: s,
                            from: State::Closed | State::Listen,
                            ..
                        } if s == side => Some(None),
                        _ => None,
                    });
                let earlier = earlier.flatten();
                let first_sample = !self.ev[..i].iter().rev().take(SCAN).take_while(|e| {
                    !matches!(e.kind, TraceKind::State { side: s, from: State::Closed | State::Listen, .. } if s == side)
                }).any(|e| matches!(e.kind, TraceKind::Rto { side: s, change: RtoChange::Sample { .. }, .. } if s == side));
                let r = self.span(rtt);
                if first_sample {
                    let raw = rtt.saturating_mul(3);
                    let raw_s = self.span(raw);
                    let min = self.sim.endpoint(side).config().rto_min;
                    let rounded = if rto > raw && rto == min {
                        say!(
                            self.lang,
                            format!(", rounded up to the {rto_s} minimum (RFC 6298 2.4)"),
                            format!("이고, 최솟값 {rto_s}로 올린다(RFC 6298 2.4)")
                        )
                    } else {
                        String::new()
                    };
                    return Some(say!(
                        self.lang,
                        format!(
                            "{who} measures its first round-trip time: {r}. RFC 6298 (2.2) sets SRTT = R and RTTVAR = R/2, so RTO = R + 4·R/2 = {raw_s}{rounded}."
                        ),
                        format!(
                            "{who}가 첫 왕복 시간(RTT)을 잰다: {r}. RFC 6298 (2.2)에 따라 SRTT = R, RTTVAR = R/2이므로 RTO = R + 4·R/2 = {raw_s}{rounded}."
                        ),
                    ));
                }
                match earlier {
                    Some((RtoChange::BackOff { .. } | RtoChange::HandshakeFallback, before))
                        if before != rto =>
                    {
                        let before = self.span(before);
                        Some(say!(
                            self.lang,
                            format!(
                                "A valid RTT sample ({r}) ends the backoff: {}'s RTO goes from {before} to {rto_s} (RFC 6298 (2.3) and the note after (5.7)).",
                                self.who(side)
                            ),
                            format!(
                                "유효한 RTT 측정값({r})이 생겨 백오프가 끝난다. {who}의 RTO가 {before}에서 {rto_s}로 바뀐다(RFC 6298 (2.3)과 (5.7) 뒤의 설명)."
                            ),
                        ))
                    }
                    Some((_, before)) if before != rto => {
                        let before = self.span(before);
                        Some(say!(
                            self.lang,
                            format!(
                                "A new RTT sample ({r}) moves {}'s RTO from {before} to {rto_s}: SRTT and RTTVAR are smoothed with α = 1/8 and β = 1/4 (RFC 6298 (2.3)).",
                                self.who(side)
                            ),
                            format!(
                                "새 RTT 측정값({r})으로 {who}의 RTO가 {before}에서 {rto_s}로 바뀐다. SRTT와 RTTVAR는 α = 1/8, β = 1/4로 부드럽게 갱신된다(RFC 6298 (2.3))."
                            ),
                        ))
                    }
                    _ => None,
                }
            }
            RtoChange::KarnNoSample => Some(say!(
                self.lang,
                format!(
                    "This ACK covers a retransmitted segment, so {} takes no RTT sample: it cannot tell which copy the ACK answers (Karn's algorithm, RFC 6298 §3). The RTO stays {rto_s}.",
                    self.who(side)
                ),
                format!(
                    "이 ACK는 재전송한 세그먼트를 확인하므로 {who}는 RTT를 재지 않는다. 원본과 재전송 중 어느 쪽에 대한 답인지 알 수 없기 때문이다(Karn 알고리즘, RFC 6298 §3). RTO는 {rto_s} 그대로다."
                ),
            )),
            RtoChange::HandshakeFallback => {
                let what = self.ev[..i]
                    .iter()
                    .rev()
                    .find_map(|e| match &e.kind {
                        TraceKind::Send { seg, .. } if seg.from == side && seg.flags.syn() => {
                            Some(flags_rfc(seg.flags))
                        }
                        _ => None,
                    })
                    .unwrap_or_else(|| "SYN".to_owned());
                let what_j = josa(&what, Josa::Eul);
                Some(say!(
                    self.lang,
                    format!(
                        "Its {what} had to be re-sent, so {} starts data transfer with RTO = {rto_s} instead of 1 s (RFC 6298 (5.7)).",
                        self.who(side)
                    ),
                    format!(
                        "{what_j} 다시 보내야 했으므로 {who}는 RTO를 1초가 아닌 {rto_s}로 두고 데이터 전송을 시작한다(RFC 6298 (5.7))."
                    ),
                ))
            }
            // Told with the timer's expiry.
            RtoChange::BackOff { .. } => None,
        }
    }

    fn deliver(&self, i: usize, side: Side, len: u32, total: u64, data: &str) -> Option<String> {
        let who = self.who_cap(side);
        let run = self.deliver_run(i, side);
        if run.len() >= RUN_MIN {
            if run.first() != Some(&i) {
                return None;
            }
            let n = run.len();
            let bytes: u64 = run
                .iter()
                .filter_map(|&j| match self.ev[j].kind {
                    TraceKind::Deliver { len, .. } => Some(u64::from(len)),
                    _ => None,
                })
                .sum();
            let last_total = run
                .last()
                .and_then(|&j| match self.ev[j].kind {
                    TraceKind::Deliver { total, .. } => Some(total),
                    _ => None,
                })
                .unwrap_or(total);
            // The ACKs sent from the first delivery up to the one right after the last.
            let end = run.last().copied().unwrap_or(i);
            let acks: Vec<&SegmentInfo> = self
                .ev
                .iter()
                .enumerate()
                .skip(i)
                .take_while(|(j, e)| {
                    e.t == self.ev[i].t
                        && (*j <= end
                            || !matches!(
                                e.kind,
                                TraceKind::Deliver { .. } | TraceKind::Arrive { .. }
                            ))
                })
                .filter_map(|(_, e)| match &e.kind {
                    TraceKind::Send { seg, .. } if seg.from == side && is_pure_ack(seg) => {
                        Some(seg)
                    }
                    _ => None,
                })
                .collect();
            let acked = match (acks.first(), acks.last()) {
                (Some(a1), Some(a2)) => {
                    let (id1, id2, x) = (a1.id, a2.id, a2.rel_ack);
                    say!(
                        self.lang,
                        format!(
                            " {who} ACKs each one ({id1}–{id2}); the last, Ack={x}, is the next byte it expects."
                        ),
                        format!(
                            " {who}는 세그먼트마다 ACK하며({id1}–{id2}), 마지막 {} 다음에 받을 바이트다.",
                            kv("Ack", x, Josa::Eun)
                        ),
                    )
                }
                _ => String::new(),
            };
            return Some(say!(
                self.lang,
                format!(
                    "{who}'s application receives {n} segments in order, {bytes} bytes ({last_total} in total so far).{acked}"
                ),
                format!(
                    "{who} 애플리케이션이 세그먼트 {n}개, {bytes}바이트를 순서대로 받는다(지금까지 모두 {last_total}바이트).{acked}"
                ),
            ));
        }
        Some(say!(
            self.lang,
            format!(
                "{who}'s application receives {len} bytes in order (\"{data}\"), {total} in total."
            ),
            format!(
                "{who} 애플리케이션이 {len}바이트를 순서대로 받는다(\"{data}\"). 지금까지 모두 {total}바이트다."
            ),
        ))
    }

    fn app(&self, i: usize, side: Side, event: AppEvent) -> Option<String> {
        let who = self.who_cap(side);
        let peer = self.who(side.peer());
        // Told by the state change just before it.
        let after_state = |want: fn(State, Cause) -> bool| {
            self.same_instant_before(i).any(|(_, e)| {
                matches!(e.kind, TraceKind::State { side: s, to, cause, .. } if s == side && want(to, cause))
            })
        };
        Some(match event {
            AppEvent::Connected if after_state(|to, _| to == State::Established) => return None,
            AppEvent::Closed if after_state(|to, _| to == State::Closed) => return None,
            AppEvent::Reset if after_state(|_, c| c == Cause::RstReceived) => return None,
            AppEvent::TimedOut if after_state(|_, c| matches!(c, Cause::RetriesExhausted(_))) => {
                return None;
            }
            AppEvent::Connected => say!(
                self.lang,
                format!("{who}'s application is told the connection is open."),
                format!("{who} 애플리케이션이 연결이 열렸다는 알림을 받는다."),
            ),
            AppEvent::EndOfStream => say!(
                self.lang,
                format!(
                    "{who}'s application reads end-of-file (EOF): {peer}'s FIN means no more data will come."
                ),
                format!(
                    "{who} 애플리케이션이 EOF를 읽는다. {peer}의 FIN은 더 올 데이터가 없다는 뜻이다."
                ),
            ),
            AppEvent::Reset => say!(
                self.lang,
                format!("{who}'s application is told \"connection reset\"."),
                format!("{who} 애플리케이션이 \"connection reset\"을 받는다."),
            ),
            AppEvent::TimedOut => say!(
                self.lang,
                format!("{who}'s application is told \"connection timed out\"."),
                format!("{who} 애플리케이션이 \"connection timed out\"을 받는다."),
            ),
            AppEvent::Closed => say!(
                self.lang,
                format!("{who}'s application is told the connection is closed."),
                format!("{who} 애플리케이션이 연결이 닫혔다는 알림을 받는다."),
            ),
            AppEvent::Discarded(bytes) => say!(
                self.lang,
                format!(
                    "{bytes} byte(s) {}'s application sent were never acknowledged and are discarded (RFC 9293 §3.10.4: \"error: closing\").",
                    self.who(side)
                ),
                format!(
                    "{who} 애플리케이션이 보냈지만 확인받지 못한 {bytes}바이트는 버려진다(RFC 9293 §3.10.4: \"error: closing\")."
                ),
            ),
        })
    }

    fn arm(&self, side: Side, fault: Fault) -> String {
        let whose = self.who(side);
        let what = match (self.lang, fault) {
            (Lang::En, Fault::Drop) => "a drop".to_owned(),
            (Lang::En, Fault::Delay(d)) => format!("a delay of {}", self.span(d)),
            (Lang::En, Fault::Hold) => "a hold".to_owned(),
            (Lang::En, Fault::Duplicate) => "a duplicate".to_owned(),
            (Lang::Ko, Fault::Drop) => "유실".to_owned(),
            (Lang::Ko, Fault::Delay(d)) => format!("{} 지연", self.span(d)),
            (Lang::Ko, Fault::Hold) => "붙잡기".to_owned(),
            (Lang::Ko, Fault::Duplicate) => "복제".to_owned(),
        };
        say!(
            self.lang,
            format!(
                "{} is armed for the next segment {whose} sends.",
                capitalize(&what)
            ),
            format!(
                "{whose}가 다음에 보내는 세그먼트에 {} 걸어 둔다.",
                josa(&what, Josa::Eul)
            ),
        )
    }

    fn loss(&self, side: Side, p: f64) -> String {
        let whose = self.who(side);
        let pct = (p * 1000.0).round() / 10.0;
        let seed = self.sim.scenario().seed;
        say!(
            self.lang,
            format!(
                "Random loss for segments from {whose}: {pct}% (seed {seed}, so the same run loses the same segments)."
            ),
            format!(
                "{whose}가 보내는 세그먼트의 무작위 손실률: {pct}%(시드 {seed}. 같은 시드면 같은 세그먼트가 사라진다)."
            ),
        )
    }
}

/// The shortest run of back-to-back data segments or deliveries told as one entry.
const RUN_MIN: usize = 3;

/// A first transmission of payload without SYN, FIN or RST.
fn is_plain_data(s: &SegmentInfo) -> bool {
    s.len > 0 && !s.flags.syn() && !s.flags.fin() && !s.flags.rst() && s.retransmission_of.is_none()
}

/// An ACK with nothing else: no payload, no SYN, FIN or RST.
fn is_pure_ack(s: &SegmentInfo) -> bool {
    s.flags.ack() && seq_len(s) == 0 && !s.flags.rst() && s.retransmission_of.is_none()
}

/// How far back the look-behinds scan: enough for any preset, bounded for long runs.
const SCAN: usize = 4000;

/// SEG.LEN of RFC 9293 §3.4: payload, plus one for SYN and one for FIN.
fn seq_len(s: &SegmentInfo) -> u32 {
    s.len + u32::from(s.flags.syn()) + u32::from(s.flags.fin())
}

/// The set flags in RFC style: `SYN,ACK`, `FIN,ACK`, `PSH,ACK` (`-` when none is set).
pub fn flags_rfc(flags: Flags) -> String {
    let names: Vec<&str> = flags.names().collect();
    if names.is_empty() {
        "-".to_owned()
    } else {
        names.join(",")
    }
}

/// The flags and, for segments with data, the payload length: `SYN,ACK`, `ACK, Len=100`.
fn desc(s: &SegmentInfo) -> String {
    let flags = flags_rfc(s.flags);
    if s.len > 0 {
        format!("{flags}, Len={}", s.len)
    } else {
        flags
    }
}

/// `the client` → `The client`.
fn cap(s: &str) -> String {
    capitalize(s)
}

/// `The client` → `the client`.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `1.5s` (the core's Display) → `1.5 s` / `1.5초`.
fn secs(display: &str, lang: Lang) -> String {
    let n = display.strip_suffix('s').unwrap_or(display);
    say!(lang, format!("{n} s"), format!("{n}초"))
}

/// "처음으로", "두 번째로", … for how many times a timer expired.
fn ordinal_ko(n: u32) -> String {
    match n {
        1 => "처음으로".to_owned(),
        2 => "두 번째로".to_owned(),
        3 => "세 번째로".to_owned(),
        4 => "네 번째로".to_owned(),
        5 => "다섯 번째로".to_owned(),
        n => format!("{n}번째로"),
    }
}

/// "first", "second", …, "11th".
fn ordinal_en(n: u32) -> String {
    let word = match n {
        1 => "first",
        2 => "second",
        3 => "third",
        4 => "fourth",
        5 => "fifth",
        _ => "",
    };
    if !word.is_empty() {
        return word.to_owned();
    }
    let suffix = match (n % 10, n % 100) {
        (1, r) if r != 11 => "st",
        (2, r) if r != 12 => "nd",
        (3, r) if r != 13 => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn call_error(e: CallError) -> (&'static str, &'static str) {
    match e {
        CallError::ConnectionExists => ("connection already exists", "연결이 이미 있다"),
        CallError::ConnectionDoesNotExist => ("connection does not exist", "연결이 없다"),
        CallError::ConnectionClosing => ("connection closing", "연결을 닫는 중이다"),
        CallError::ForeignSocketUnspecified => {
            ("foreign socket unspecified", "상대 소켓이 정해지지 않았다")
        }
    }
}

/// Why a state changed, in `lang` (`received FIN`, `FIN 수신`).
pub fn cause_label(c: Cause, lang: Lang) -> &'static str {
    let (en, ko) = cause_text(c);
    say!(lang, en, ko)
}

/// A cause in both languages, for state changes without a sentence of their own.
fn cause_text(c: Cause) -> (&'static str, &'static str) {
    match c {
        Cause::Listen => ("passive OPEN", "passive OPEN"),
        Cause::Connect => ("active OPEN", "active OPEN"),
        Cause::Close => ("user CLOSE", "사용자의 close()"),
        Cause::Abort => ("user ABORT", "사용자의 abort()"),
        Cause::SynReceived => ("received SYN", "SYN 수신"),
        Cause::SynAckReceived => (
            "received SYN,ACK acknowledging our SYN",
            "자신의 SYN을 확인하는 SYN,ACK 수신",
        ),
        Cause::AckOfSynReceived => ("received ACK of our SYN", "자신의 SYN에 대한 ACK 수신"),
        Cause::FinReceived => ("received FIN", "FIN 수신"),
        Cause::AckOfFinReceived => ("received ACK of our FIN", "자신의 FIN에 대한 ACK 수신"),
        Cause::RstReceived => ("received an acceptable RST", "받아들일 수 있는 RST 수신"),
        Cause::SynInWindow => ("received an in-window SYN", "윈도 안의 SYN 수신"),
        Cause::RetriesExhausted(_) => ("retransmissions exhausted", "재전송 한도 초과"),
        Cause::TimeWaitExpired => ("2·MSL timer expired", "2·MSL 타이머 만료"),
        Cause::FinWait2Expired => ("FIN-WAIT-2 timer expired", "FIN-WAIT-2 타이머 만료"),
    }
}

/// Korean particles whose form depends on whether the word before ends in a consonant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Josa {
    /// 은/는
    Eun,
    /// 이/가
    I,
    /// 을/를
    Eul,
    /// 으로/로 (로 also after ㄹ)
    Euro,
    /// 과/와
    Gwa,
    /// 이다/다 (the copula)
    Ida,
}

/// `word` followed by the right form of `josa`, reading digits and Latin letters the way Korean
/// speakers do (`C1` "씨일" → `C1이`, `S4` "에스사" → `S4가`, `SYN` "씬" → `SYN을`).
pub fn josa(word: &str, josa: Josa) -> String {
    format!("{word}{}", particle(word, josa))
}

/// The form of `josa` that follows `word`.
pub fn particle(word: &str, josa: Josa) -> &'static str {
    let (batchim, rieul) = final_sound(word);
    match (josa, batchim) {
        (Josa::Eun, true) => "은",
        (Josa::Eun, false) => "는",
        (Josa::I, true) => "이",
        (Josa::I, false) => "가",
        (Josa::Eul, true) => "을",
        (Josa::Eul, false) => "를",
        (Josa::Euro, true) if !rieul => "으로",
        (Josa::Euro, _) => "로",
        (Josa::Gwa, true) => "과",
        (Josa::Gwa, false) => "와",
        (Josa::Ida, true) => "이다",
        (Josa::Ida, false) => "다",
    }
}

/// `C1(SYN)이`: an id with its flags, the particle chosen by the id.
fn idf(id: TxId, flags: &str, josa: Josa) -> String {
    let id = id.to_string();
    format!("{id}({flags}){}", particle(&id, josa))
}

/// `Ack=1은`, `Ack=2는`.
fn kv(key: &str, value: u32, josa: Josa) -> String {
    let v = value.to_string();
    format!("{key}={v}{}", particle(&v, josa))
}

/// (ends in a consonant, that consonant is ㄹ) for the last pronounced character of `word`.
fn final_sound(word: &str) -> (bool, bool) {
    let Some(c) = word
        .chars()
        .rev()
        .find(|c| c.is_alphanumeric() || ('\u{AC00}'..='\u{D7A3}').contains(c))
    else {
        return (false, false);
    };
    if ('\u{AC00}'..='\u{D7A3}').contains(&c) {
        let jong = (u32::from(c) - 0xAC00) % 28;
        return (jong != 0, jong == 8);
    }
    match c.to_ascii_uppercase() {
        // 영 삼 육: a consonant; 일 칠 팔: ㄹ.
        '0' | '3' | '6' => (true, false),
        '1' | '7' | '8' => (true, true),
        // 엠 엔: a consonant; 엘 알: ㄹ (SYN "씬", FIN "핀" end in N).
        'M' | 'N' => (true, false),
        'L' | 'R' => (true, true),
        _ => (false, false),
    }
}

#[cfg(test)]
mod tests;
