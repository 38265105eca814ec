//! A passive observer: the states of both ends of one TCP connection, inferred from a capture.
//!
//! [`observe`] takes one connection's segments in capture order, each with the time the capture
//! saw it and the end that sent it, and applies RFC 9293's rules as an observer on the wire who
//! sees each segment once: every captured segment leaves its sender and reaches its receiver, and
//! each end changes state as §3.10 says it would on that send or that arrival. The output is an
//! ordinary [`Trace`] — `send` and `arrive` events with [`SegmentInfo`] (relative numbers as
//! Wireshark computes them), `state` events with the model's [`Cause`]s, and `observe` events
//! ([`ObserverNote`]) — so the text ladder, the JSON Lines and the app read it like a simulation.
//!
//! The choices (`docs/model.md`, "Observing a capture"):
//! * **Time.** A capture is taken at one point of the path. Each end is placed at a distance in
//!   time from that point: its own segments left it that long before the capture saw them, and
//!   segments towards it arrived that long after. By default ([`Placement::Estimate`]) the
//!   distance to an end is half the quickest round trip from the capture point to that end and
//!   back seen in the capture (a segment towards the end and the first segment from it that
//!   acknowledges it), so a capture taken at the client puts the client at 0 and the server at
//!   half the RTT, without being told where it was taken. Taking the *quickest* round trip keeps
//!   cause before effect for every such pair; each end's own events are also kept in capture
//!   order (an event is never placed before the previous one at the same end). Times before the
//!   first captured segment are clamped to 0.
//! * **Initial states** come from the first segments ([`InitialBasis`]): an end whose first
//!   segment is a SYN starts in CLOSED; one that answers a SYN with SYN,ACK was in LISTEN, with RST
//!   had nothing listening; without any SYN the connection is assumed ESTABLISHED at both ends.
//! * **What the capture does not show** is noted, never invented: a segment starting after
//!   sequence space never seen ([`ObserverNote::Gap`]), an ACK for bytes never seen
//!   ([`ObserverNote::AckOfUnseen`]), the same SEQ again ([`ObserverNote::Retransmission`]), a
//!   segment the sender's inferred state does not allow ([`ObserverNote::UnexpectedSend`]).
//!   Timers are not seen on the wire: an end in TIME-WAIT at the end of the capture stays there.

use alloc::vec::Vec;

use crate::endpoint::{Cause, Role, Verdict};
use crate::observer_note::{InitialBasis, ObserverNote, PlacementBasis};
use crate::segment::Flags;
use crate::seq::SeqNumber;
use crate::state::State;
use crate::time::{Duration, Instant};
use crate::trace::{SegmentInfo, Trace, TraceEvent, TraceKind};
use crate::vocab::{Side, TxId};

/// One captured TCP segment: its header fields, the payload length, when the capture saw it and
/// which end sent it. Times are relative (the capture's first packet of the connection is
/// usually 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WireSegment {
    pub t: Instant,
    pub from: Side,
    pub seq: SeqNumber,
    pub ack: SeqNumber,
    pub flags: Flags,
    pub window: u16,
    pub urgent: u16,
    pub mss: Option<u16>,
    /// Payload bytes on the wire (from the IP length, even where the capture kept fewer).
    pub len: u32,
    pub checksum: u16,
    /// Header length in 32-bit words.
    pub data_offset: u8,
}

impl WireSegment {
    /// SEG.LEN of RFC 9293 §3.4: payload plus one for SYN and one for FIN.
    pub fn seq_len(&self) -> u32 {
        self.len
            .wrapping_add(u32::from(self.flags.syn()))
            .wrapping_add(u32::from(self.flags.fin()))
    }
    /// SEG.SEQ + SEG.LEN.
    pub fn seq_end(&self) -> SeqNumber {
        self.seq + self.seq_len() as usize
    }
}

/// Where the ends are in time relative to the capture point.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Placement {
    /// Half the quickest round trip to each end seen in the capture (0 when none is seen).
    #[default]
    Estimate,
    /// Both ends at the capture point: every segment leaves and arrives when the capture saw it.
    AtCapture,
    /// Given distances.
    Fixed {
        to_client: Duration,
        to_server: Duration,
    },
}

/// How to observe.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ObserverOptions {
    pub placement: Placement,
}

/// What the observer inferred.
#[derive(Clone, Debug, PartialEq)]
pub struct Observation {
    /// Every send, arrival, state change and note, in time order.
    pub trace: Trace,
    /// Each end's state when the capture began (`None`: unknown), indexed by [`Side::index`].
    pub initial: [Option<State>; 2],
    /// Each end's state after the last segment.
    pub last: [Option<State>; 2],
    /// Each end's distance in time from the capture point.
    pub distance: [Duration; 2],
}

impl Observation {
    /// The number of notes that say the capture is not what the rules lead one to expect.
    pub fn inconsistencies(&self) -> usize {
        self.trace
            .iter()
            .filter(
                |e| matches!(&e.kind, TraceKind::Observe { note, .. } if note.is_inconsistency()),
            )
            .count()
    }
}

/// The observer's picture of one end's TCB.
#[derive(Default)]
struct End {
    state: Option<State>,
    /// Who opened the connection, where the capture shows it: `Passive` for an end that started
    /// in LISTEN (an RST in SYN-RECEIVED returns it there, §3.10.7.4, first check), `Active`
    /// once it sends a SYN or when it starts in SYN-SENT (reached only by an active OPEN);
    /// unknown for an end first seen mid-connection or in SYN-RECEIVED (passive or a
    /// simultaneous open: the capture cannot tell).
    role: Option<Role>,
    iss: Option<SeqNumber>,
    /// Wireshark's base for this end's sequence numbers.
    base: Option<SeqNumber>,
    /// The end of the sequence space seen from this end (SND.NXT as the capture shows it).
    snd_nxt: Option<SeqNumber>,
    /// The sequence number of this end's FIN.
    fin: Option<SeqNumber>,
    fin_acked: bool,
    /// What this end has received of its peer's space, in order (RCV.NXT).
    rcv_nxt: Option<SeqNumber>,
    /// The peer's IRS (its SYN's sequence number).
    irs: Option<SeqNumber>,
    /// The peer's FIN, seen beyond a gap and not yet processed.
    fin_pending: Option<SeqNumber>,
    peer_fin_done: bool,
    /// The last window this end advertised.
    window: u16,
    /// Transmissions so far.
    n: u32,
    /// Sequence-space-occupying transmissions: (seq, seq_end, first id, last time seen).
    sent: Vec<(SeqNumber, SeqNumber, TxId, Instant)>,
    /// The time of this end's latest event.
    clock: Instant,
    /// Its first segment is a SYN (it opens actively) and it has not sent it yet.
    opens: bool,
    /// The peer's SYNs that crossed this end's own SYN (simultaneous open): they arrive just
    /// after it is sent, whatever the capture's order.
    deferred: Vec<(WireSegment, SegmentInfo)>,
}

/// At most this many transmissions are remembered per end for matching retransmissions (the
/// oldest are forgotten first), so a long capture costs linear time.
const REMEMBERED: usize = 512;

fn sub(t: Instant, d: Duration) -> Instant {
    Instant::from_micros(t.total_micros().saturating_sub(d.total_micros()))
}

/// The id [`observe`] gives each of `segs`, in the same order: the k-th segment an end sent,
/// counted in capture order, is that end's transmission k (`C1`, `C2`, … and `S1`, …), so a
/// segment of the trace can be traced back to its frame in the file.
pub fn segment_ids(segs: &[WireSegment]) -> Vec<TxId> {
    let mut n = [0u32; 2];
    segs.iter()
        .map(|s| {
            n[s.from.index()] += 1;
            TxId::new(s.from, n[s.from.index()])
        })
        .collect()
}

/// Infers both ends' states from one connection's segments, in capture order.
pub fn observe(segs: &[WireSegment], opts: ObserverOptions) -> Observation {
    let (distance, basis) = match opts.placement {
        Placement::Estimate => estimate_distances(segs),
        Placement::AtCapture => (
            [Duration::ZERO; 2],
            [PlacementBasis::Given, PlacementBasis::Given],
        ),
        Placement::Fixed {
            to_client,
            to_server,
        } => (
            [to_client, to_server],
            [PlacementBasis::Given, PlacementBasis::Given],
        ),
    };
    let mut o = Observer {
        ends: [End::default(), End::default()],
        events: Vec::new(),
        distance,
    };
    let mut initial = [None; 2];
    for side in Side::BOTH {
        let i = side.index();
        o.note(
            Instant::ZERO,
            Some(side),
            ObserverNote::Placement {
                distance: distance[i],
                basis: basis[i],
            },
        );
        let (state, why) = initial_state(segs, side);
        initial[i] = state;
        o.ends[i].state = state;
        o.ends[i].role = match (state, why) {
            (Some(State::Listen), _) => Some(Role::Passive),
            (_, InitialBasis::OpensActively | InitialBasis::OwnSynNotCaptured) => {
                Some(Role::Active)
            }
            _ => None,
        };
        o.ends[i].opens = why == InitialBasis::OpensActively;
        o.note(
            Instant::ZERO,
            Some(side),
            ObserverNote::Initial { state, basis: why },
        );
    }
    for s in segs {
        o.segment(s);
    }
    let last = [o.ends[0].state, o.ends[1].state];
    // Stable: events at one instant stay in the order they were inferred.
    crate::sort::sort_by_key(&mut o.events, |e| e.t);
    Observation {
        trace: Trace { events: o.events },
        initial,
        last,
        distance,
    }
}

/// Half the quickest round trip from the capture point to each end: a segment towards the end
/// that occupies sequence space, and the first later segment from the end whose ACK covers it.
fn estimate_distances(segs: &[WireSegment]) -> ([Duration; 2], [PlacementBasis; 2]) {
    let mut best: [Option<Duration>; 2] = [None, None];
    // Per end: segments towards it awaiting an acknowledgment (seq_end, capture time).
    let mut pending: [Vec<(SeqNumber, Instant)>; 2] = [Vec::new(), Vec::new()];
    for s in segs {
        let from = s.from.index();
        if s.flags.ack() {
            let t = s.t;
            let b = &mut best[from];
            pending[from].retain(|&(end, sent)| {
                if end <= s.ack {
                    let rtt = t - sent;
                    *b = Some(b.map_or(rtt, |x| x.min(rtt)));
                    false
                } else {
                    true
                }
            });
        }
        if s.seq_len() > 0 && !s.flags.rst() {
            let to = &mut pending[s.from.peer().index()];
            let end = s.seq_end();
            match to.iter_mut().find(|(e, _)| *e == end) {
                // A retransmission: time the latest copy (the quicker round trip).
                Some(p) => p.1 = s.t,
                None => {
                    if to.len() >= REMEMBERED {
                        to.remove(0);
                    }
                    to.push((end, s.t));
                }
            }
        }
    }
    let pick = |b: Option<Duration>| match b {
        Some(rtt) => (
            Duration::from_micros(rtt.total_micros() / 2),
            PlacementBasis::QuickestRoundTrip,
        ),
        None => (Duration::ZERO, PlacementBasis::NoRoundTrip),
    };
    let (c, cb) = pick(best[0]);
    let (s, sb) = pick(best[1]);
    ([c, s], [cb, sb])
}

fn is_syn(s: &WireSegment) -> bool {
    s.flags.syn() && !s.flags.ack() && !s.flags.rst()
}
fn is_syn_ack(s: &WireSegment) -> bool {
    s.flags.syn() && s.flags.ack() && !s.flags.rst()
}

/// The state `side` had when the capture began, from the first segments (see [`InitialBasis`]).
fn initial_state(segs: &[WireSegment], side: Side) -> (Option<State>, InitialBasis) {
    let first_own = segs.iter().position(|s| s.from == side);
    let first_peer = segs.iter().position(|s| s.from != side);
    let own = first_own.map(|i| &segs[i]);
    let peer_first = match (first_peer, first_own) {
        (Some(p), Some(o)) => p < o,
        (Some(_), None) => true,
        _ => false,
    };
    let peer = first_peer.map(|i| &segs[i]);
    if own.is_some_and(is_syn) {
        return (Some(State::Closed), InitialBasis::OpensActively);
    }
    if peer_first && peer.is_some_and(is_syn) {
        return match own {
            None => (None, InitialBasis::NeverAnswered),
            Some(s) if is_syn_ack(s) => (Some(State::Listen), InitialBasis::AnsweredSyn),
            Some(s) if s.flags.rst() => (Some(State::Closed), InitialBasis::RefusedSyn),
            Some(_) => (Some(State::Established), InitialBasis::MidConnection),
        };
    }
    if own.is_some_and(is_syn_ack) {
        return (Some(State::SynReceived), InitialBasis::SynNotCaptured);
    }
    if peer_first && peer.is_some_and(is_syn_ack) {
        return (Some(State::SynSent), InitialBasis::OwnSynNotCaptured);
    }
    (Some(State::Established), InitialBasis::MidConnection)
}

struct Observer {
    ends: [End; 2],
    events: Vec<TraceEvent>,
    distance: [Duration; 2],
}

impl Observer {
    fn push(&mut self, t: Instant, kind: TraceKind) {
        self.events.push(TraceEvent::new(t, kind));
    }

    fn note(&mut self, t: Instant, side: Option<Side>, note: ObserverNote) {
        self.push(t, TraceKind::Observe { side, note });
    }

    fn set_state(&mut self, t: Instant, side: Side, to: State, cause: Cause) {
        let end = &mut self.ends[side.index()];
        let from = end.state.unwrap_or(State::Closed);
        if end.state == Some(to) {
            return;
        }
        end.state = Some(to);
        // As the endpoint's `set_state` does: a role only where a connection exists, which is
        // not the case between CLOSED and LISTEN.
        let no_connection = |s: State| matches!(s, State::Closed | State::Listen);
        let role = if no_connection(from) && no_connection(to) {
            None
        } else {
            end.role
        };
        self.push(
            t,
            TraceKind::State {
                side,
                from,
                to,
                cause,
                role,
            },
        );
    }

    fn rel(&self, side: Side, n: SeqNumber) -> u32 {
        self.ends[side.index()]
            .base
            .map_or(n.0, |b| n.relative_to(b))
    }

    fn segment(&mut self, s: &WireSegment) {
        let x = s.from;
        let y = x.peer();
        let (xi, yi) = (x.index(), y.index());

        // Wireshark's relative numbers: the base of each direction is its SYN's sequence number,
        // or one before the first sequence (or acknowledgment) number seen without a SYN.
        if is_syn(s) || is_syn_ack(s) {
            self.ends[xi].base = Some(s.seq);
        } else if self.ends[xi].base.is_none() {
            self.ends[xi].base = Some(s.seq - 1);
        }
        if s.flags.ack() && self.ends[yi].base.is_none() {
            self.ends[yi].base = Some(s.ack - 1);
        }

        // Times: the send at the sender, the arrival at the receiver; each end's events in order.
        let t_send = sub(s.t, self.distance[xi]).max(self.ends[xi].clock);
        let t_arr = (s.t + self.distance[yi])
            .max(self.ends[yi].clock)
            .max(t_send);
        self.ends[xi].clock = t_send;

        self.ends[xi].n += 1;
        let id = TxId::new(x, self.ends[xi].n);

        // What the capture shows of the sender's sequence space.
        let occupies = s.seq_len() > 0 && !s.flags.rst();
        let mut retransmission_of = None;
        if occupies {
            let nxt = self.ends[xi].snd_nxt;
            if let Some(nxt) = nxt {
                if s.seq < nxt {
                    // Same SEQ again: the latest earlier transmission covering it.
                    if let Some(e) = self.ends[xi]
                        .sent
                        .iter_mut()
                        .rev()
                        .find(|(a, b, _, _)| *a <= s.seq && s.seq < *b)
                    {
                        retransmission_of = Some(e.2);
                        let after = t_send - e.3;
                        e.3 = t_send;
                        let of = e.2;
                        self.note(t_send, Some(x), ObserverNote::Retransmission { of, after });
                    }
                }
            }
            if retransmission_of.is_none() {
                let sent = &mut self.ends[xi].sent;
                if sent.len() >= REMEMBERED {
                    sent.remove(0);
                }
                sent.push((s.seq, s.seq_end(), id, t_send));
            }
        }
        if !s.flags.rst() && !s.flags.syn() {
            if let Some(nxt) = self.ends[xi].snd_nxt {
                if s.seq > nxt {
                    let (from, to) = (self.rel(x, nxt), self.rel(x, s.seq));
                    self.note(t_send, Some(x), ObserverNote::Gap { from, to });
                }
            }
        }

        // The ACK field against what the capture showed of the peer's space.
        if s.flags.ack() && !s.flags.rst() {
            if let Some(seen) = self.ends[yi].snd_nxt {
                if s.ack > seen {
                    let (ack, seen_rel) = (self.rel(y, s.ack), self.rel(y, seen));
                    self.note(
                        t_send,
                        Some(x),
                        ObserverNote::AckOfUnseen {
                            ack,
                            seen: seen_rel,
                        },
                    );
                    self.ends[yi].snd_nxt = Some(s.ack);
                }
            }
            // The sender has received everything it acknowledges.
            let end = &mut self.ends[xi];
            if end.state.is_some_and(State::is_synchronized) || end.rcv_nxt.is_some() {
                end.rcv_nxt = Some(end.rcv_nxt.map_or(s.ack, |r| r.max(s.ack)));
            }
            if let Some(f) = end.fin_pending {
                if s.ack > f {
                    end.fin_pending = None;
                    self.note(t_send, Some(x), ObserverNote::FinInferredFromAck);
                    self.fin_received(t_send, x);
                }
            }
        }

        self.sender_rules(t_send, s, x, retransmission_of.is_some());

        let end = &mut self.ends[xi];
        if !s.flags.rst() {
            end.window = s.window;
            if s.seq_len() > 0 || end.snd_nxt.is_none() {
                let e = s.seq_end();
                end.snd_nxt = Some(end.snd_nxt.map_or(e, |n| n.max(e)));
            }
        }

        let info = SegmentInfo {
            id,
            from: x,
            flags: s.flags,
            seq: s.seq,
            ack: s.ack,
            rel_seq: self.rel(x, s.seq),
            rel_ack: if s.flags.ack() { self.rel(y, s.ack) } else { 0 },
            len: s.len,
            window: s.window,
            checksum: s.checksum,
            mss: s.mss,
            urgent: s.urgent,
            data_offset: s.data_offset,
            retransmission_of,
            duplicate_of: None,
        };
        self.push(
            t_send,
            TraceKind::Send {
                seg: info,
                arrival: t_arr,
                // A capture shows a retransmission (`retransmission_of`, the `retransmission`
                // note) but not the sender's count or the limit that applies.
                retry: None,
                // Nor which profile's rule made the segment.
                rule: None,
            },
        );

        if is_syn(s) {
            self.ends[xi].opens = false;
            // SYNs from the peer that crossed this one arrive now.
            for (d, dinfo) in core::mem::take(&mut self.ends[xi].deferred) {
                let t = (d.t + self.distance[xi]).max(t_send);
                self.arrive(t, &d, dinfo);
            }
        }
        let receiver = &mut self.ends[yi];
        if receiver.opens && receiver.state == Some(State::Closed) && is_syn(s) {
            // The receiver sends its own SYN later in the capture: it was not CLOSED-and-silent
            // when this SYN arrived, so the SYNs crossed (RFC 9293 Figure 7).
            receiver.deferred.push((*s, info));
            return;
        }
        self.arrive(t_arr, s, info);
    }

    fn arrive(&mut self, t_arr: Instant, s: &WireSegment, info: SegmentInfo) {
        let y = s.from.peer();
        let t_arr = t_arr.max(self.ends[y.index()].clock);
        let at = self.events.len();
        self.push(
            t_arr,
            TraceKind::Arrive {
                seg: info,
                verdict: None,
            },
        );
        let verdict = self.receiver_rules(t_arr, s, y);
        if let TraceKind::Arrive { verdict: v, .. } = &mut self.events[at].kind {
            *v = verdict;
        }
        self.ends[y.index()].clock = t_arr;
    }

    /// What sending `s` says about its sender's state (RFC 9293 §3.10: the user calls behind it).
    fn sender_rules(&mut self, t: Instant, s: &WireSegment, x: Side, rtx: bool) {
        let xi = x.index();
        let state = self.ends[xi].state;
        let unexpected = |o: &mut Observer| {
            o.note(t, Some(x), ObserverNote::UnexpectedSend { state });
        };
        if s.flags.rst() {
            // An RST from a synchronized (or synchronizing, passive) end: it aborted, or its TCB
            // went away; from CLOSED, LISTEN or SYN-SENT it only answers a segment (§3.10.7.1–3).
            if matches!(state, Some(st) if st.is_synchronized() || st == State::SynReceived) {
                self.set_state(t, x, State::Closed, Cause::Abort);
            }
            return;
        }
        if is_syn(s) {
            match state {
                // §3.10.1 OPEN: "Send a SYN segment ... Set the state to SYN-SENT."
                None | Some(State::Closed | State::Listen) => {
                    let end = &mut self.ends[xi];
                    end.iss = Some(s.seq);
                    end.snd_nxt = None;
                    // An active OPEN, also from LISTEN ("change the connection from passive to
                    // active"), as the endpoint counts it.
                    end.role = Some(Role::Active);
                    self.set_state(t, x, State::SynSent, Cause::Connect);
                }
                Some(State::SynSent) if rtx => {}
                _ => unexpected(self),
            }
            return;
        }
        if is_syn_ack(s) {
            let end = &mut self.ends[xi];
            end.iss.get_or_insert(s.seq);
            if end.state != Some(State::SynReceived) && !rtx {
                unexpected(self);
            }
            return;
        }
        match state {
            Some(State::Closed | State::Listen | State::SynSent) => {
                unexpected(self);
                return;
            }
            None => return,
            _ => {}
        }
        let fin_acked = self.ends[xi].fin_acked;
        if let Some(f) = self.ends[xi].fin {
            // Nothing new may follow the FIN (§3.10.4: no SEND after CLOSE), and a FIN already
            // acknowledged is not sent again.
            if s.seq_end() > f + 1 || (s.flags.fin() && fin_acked) {
                unexpected(self);
            }
            return;
        }
        if s.flags.fin() {
            let fin = s.seq + s.len as usize;
            self.ends[xi].fin = Some(fin);
            // §3.10.4 CLOSE: ESTABLISHED or SYN-RECEIVED → FIN-WAIT-1, CLOSE-WAIT → LAST-ACK.
            match state {
                Some(State::Established | State::SynReceived) => {
                    self.set_state(t, x, State::FinWait1, Cause::Close);
                }
                Some(State::CloseWait) => self.set_state(t, x, State::LastAck, Cause::Close),
                _ => unexpected(self),
            }
        }
    }

    /// The peer's FIN, in order, at `y` (§3.10.7.4, eighth check).
    fn fin_received(&mut self, t: Instant, y: Side) {
        let yi = y.index();
        if self.ends[yi].peer_fin_done {
            return;
        }
        self.ends[yi].peer_fin_done = true;
        let to = match self.ends[yi].state {
            Some(State::SynReceived | State::Established) => State::CloseWait,
            Some(State::FinWait1) => State::Closing,
            Some(State::FinWait2) => State::TimeWait,
            _ => return,
        };
        self.set_state(t, y, to, Cause::FinReceived);
    }

    /// What `s` does to its receiver `y` by RFC 9293 §3.10.7, and the receiver's verdict.
    fn receiver_rules(&mut self, t: Instant, s: &WireSegment, y: Side) -> Option<Verdict> {
        let yi = y.index();
        let state = self.ends[yi].state?;
        let ack_ok = |e: &End| match (e.iss, s.flags.ack()) {
            (Some(iss), true) => s.ack > iss && e.snd_nxt.is_none_or(|n| s.ack <= n),
            _ => false,
        };
        match state {
            // §3.10.7.1: an RST is ignored, anything else answered with RST.
            State::Closed => Some(if s.flags.rst() {
                Verdict::RstNoConnection
            } else {
                Verdict::NoConnectionReset
            }),
            // §3.10.7.2: RST ignored, ACK answered with RST, SYN → SYN-RECEIVED.
            State::Listen => {
                if s.flags.rst() {
                    Some(Verdict::RstInListen)
                } else if s.flags.ack() {
                    Some(Verdict::BadAckReset)
                } else if s.flags.syn() {
                    let end = &mut self.ends[yi];
                    end.irs = Some(s.seq);
                    end.rcv_nxt = Some(s.seq + 1);
                    self.set_state(t, y, State::SynReceived, Cause::SynReceived);
                    Some(Verdict::Accepted)
                } else {
                    Some(Verdict::NoSynInListen)
                }
            }
            // §3.10.7.3.
            State::SynSent => {
                let end = &mut self.ends[yi];
                if end.iss.is_none() && s.flags.ack() {
                    // Its SYN is not in the capture: the SYN,ACK tells what it was.
                    end.iss = Some(s.ack - 1);
                    end.snd_nxt = Some(s.ack);
                }
                let acceptable = ack_ok(&self.ends[yi]);
                if s.flags.ack() && !acceptable {
                    return Some(if s.flags.rst() {
                        Verdict::RstIgnored
                    } else {
                        Verdict::BadAckReset
                    });
                }
                if s.flags.rst() {
                    if acceptable {
                        self.set_state(t, y, State::Closed, Cause::RstReceived);
                        return Some(Verdict::RstAccepted);
                    }
                    return Some(Verdict::RstIgnored);
                }
                if !s.flags.syn() {
                    return Some(Verdict::NoSynOrRstInSynSent);
                }
                let end = &mut self.ends[yi];
                end.irs = Some(s.seq);
                end.rcv_nxt = Some(s.seq + 1);
                if acceptable {
                    self.set_state(t, y, State::Established, Cause::SynAckReceived);
                } else {
                    // Simultaneous open.
                    self.set_state(t, y, State::SynReceived, Cause::SynReceived);
                }
                Some(Verdict::Accepted)
            }
            _ => self.synchronized(t, s, y, state),
        }
    }

    /// §3.10.7.4: SYN-RECEIVED and the synchronized states.
    fn synchronized(
        &mut self,
        t: Instant,
        s: &WireSegment,
        y: Side,
        state: State,
    ) -> Option<Verdict> {
        let yi = y.index();
        let rcv_nxt = *self.ends[yi].rcv_nxt.get_or_insert(s.seq);
        // Second check: RST.
        if s.flags.rst() {
            let wnd = usize::from(self.ends[yi].window.max(1));
            if s.seq == rcv_nxt {
                let to = if state == State::SynReceived && self.ends[yi].role == Some(Role::Passive)
                {
                    State::Listen
                } else {
                    State::Closed
                };
                self.set_state(t, y, to, Cause::RstReceived);
                return Some(Verdict::RstAccepted);
            }
            if s.seq > rcv_nxt && s.seq < rcv_nxt + wnd {
                return Some(Verdict::RstChallenged);
            }
            return Some(Verdict::RstIgnored);
        }
        // Fourth check: SYN.
        if s.flags.syn() {
            if self.ends[yi].irs != Some(s.seq) {
                return Some(Verdict::SynChallenged);
            }
            // A simultaneous open's crossing SYN,ACK acknowledging our SYN completes the
            // handshake (Figure 7; docs/model.md choice 2); any other repeated SYN is old.
            let acks_syn = self.ends[yi].iss.is_some_and(|iss| s.ack > iss);
            if state == State::SynReceived && s.flags.ack() && acks_syn {
                self.set_state(t, y, State::Established, Cause::AckOfSynReceived);
                return Some(Verdict::Accepted);
            }
            return Some(Verdict::Old);
        }
        // First check: already received?
        let len = s.seq_len();
        if len > 0 && s.seq_end() <= rcv_nxt {
            return Some(if state == State::TimeWait && s.flags.fin() {
                Verdict::TimeWaitReAck
            } else {
                Verdict::Old
            });
        }
        let in_order = s.seq <= rcv_nxt;
        if in_order {
            let end = &mut self.ends[yi];
            end.rcv_nxt = Some(rcv_nxt.max(s.seq_end()));
        }
        // Fifth check: the ACK field.
        if s.flags.ack() {
            let end = &self.ends[yi];
            let acks_syn = end.iss.is_some_and(|iss| s.ack > iss);
            if state == State::SynReceived && acks_syn {
                self.set_state(t, y, State::Established, Cause::AckOfSynReceived);
            }
            let end = &mut self.ends[yi];
            if let Some(f) = end.fin {
                if !end.fin_acked && s.ack > f {
                    end.fin_acked = true;
                    match end.state {
                        Some(State::FinWait1) => {
                            self.set_state(t, y, State::FinWait2, Cause::AckOfFinReceived)
                        }
                        Some(State::Closing) => {
                            self.set_state(t, y, State::TimeWait, Cause::AckOfFinReceived)
                        }
                        Some(State::LastAck) => {
                            self.set_state(t, y, State::Closed, Cause::AckOfFinReceived);
                            return Some(Verdict::Accepted);
                        }
                        _ => {}
                    }
                }
            }
        }
        // Eighth check: FIN, in order (a FIN after a gap waits for it, SHLD-31).
        if s.flags.fin() {
            let fin = s.seq + s.len as usize;
            if in_order {
                self.fin_received(t, y);
            } else {
                self.ends[yi].fin_pending = Some(fin);
            }
        } else if in_order {
            // A gap filled: a FIN held behind it is processed now.
            let end = &mut self.ends[yi];
            if let (Some(f), Some(r)) = (end.fin_pending, end.rcv_nxt) {
                if f <= r {
                    end.fin_pending = None;
                    end.rcv_nxt = Some(f + 1);
                    self.fin_received(t, y);
                }
            }
        }
        Some(if in_order {
            Verdict::Accepted
        } else {
            Verdict::Queued
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    const C: Side = Side::Client;
    const S: Side = Side::Server;
    const X: u32 = 1000;
    const Y: u32 = 5000;

    /// A segment at `ms` milliseconds; `seq` and `ack` relative to the client's ISS `X` and the
    /// server's ISS `Y`.
    fn seg(ms: u64, from: Side, flags: Flags, seq: u32, ack: u32, len: u32) -> WireSegment {
        let (own, peer) = match from {
            Side::Client => (X, Y),
            Side::Server => (Y, X),
        };
        WireSegment {
            t: Instant::from_millis(ms),
            from,
            seq: SeqNumber(own.wrapping_add(seq)),
            ack: SeqNumber(if flags.ack() {
                peer.wrapping_add(ack)
            } else {
                0
            }),
            flags,
            window: 1000,
            urgent: 0,
            mss: None,
            len,
            checksum: 0,
            data_offset: 5,
        }
    }

    const SYN: Flags = Flags::SYN;
    const SA: Flags = Flags(Flags::SYN.0 | Flags::ACK.0);
    const A: Flags = Flags::ACK;
    const FA: Flags = Flags(Flags::FIN.0 | Flags::ACK.0);
    const RA: Flags = Flags(Flags::RST.0 | Flags::ACK.0);

    fn at_capture(segs: &[WireSegment]) -> Observation {
        observe(
            segs,
            ObserverOptions {
                placement: Placement::AtCapture,
            },
        )
    }

    fn states(o: &Observation, side: Side) -> Vec<(State, Cause)> {
        o.trace
            .iter()
            .filter_map(|e| match e.kind {
                TraceKind::State {
                    side: s, to, cause, ..
                } if s == side => Some((to, cause)),
                _ => None,
            })
            .collect()
    }

    fn notes(o: &Observation) -> Vec<(Option<Side>, ObserverNote)> {
        o.trace
            .iter()
            .filter_map(|e| match e.kind {
                TraceKind::Observe { side, note }
                    if !matches!(
                        note,
                        ObserverNote::Placement { .. } | ObserverNote::Initial { .. }
                    ) =>
                {
                    Some((side, note))
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn simultaneous_open_takes_both_ends_through_syn_received() {
        // RFC 9293 Figure 7: SYNs cross, then SYN,ACKs cross.
        let o = at_capture(&[
            seg(0, C, SYN, 0, 0, 0),
            seg(1, S, SYN, 0, 0, 0),
            seg(2, C, SA, 0, 1, 0),
            seg(3, S, SA, 0, 1, 0),
        ]);
        assert_eq!(o.initial, [Some(State::Closed), Some(State::Closed)]);
        for side in Side::BOTH {
            assert_eq!(
                states(&o, side),
                vec![
                    (State::SynSent, Cause::Connect),
                    (State::SynReceived, Cause::SynReceived),
                    (State::Established, Cause::AckOfSynReceived),
                ],
                "{side:?}"
            );
        }
        // Each SYN,ACK repeats its SYN's sequence number: a retransmission, as Wireshark and the
        // model (docs/model.md, "A simultaneous open takes no RTT sample") count it.
        let rtx = |side| ObserverNote::Retransmission {
            of: TxId::new(side, 1),
            after: Duration::from_millis(2),
        };
        assert_eq!(notes(&o), vec![(Some(C), rtx(C)), (Some(S), rtx(S))]);
    }

    fn established() -> Vec<WireSegment> {
        vec![
            seg(0, C, SYN, 0, 0, 0),
            seg(1, S, SA, 0, 1, 0),
            seg(2, C, A, 1, 1, 0),
        ]
    }

    #[test]
    fn a_fin_behind_a_gap_waits_until_the_ack_shows_it_was_processed() {
        let mut segs = established();
        segs.push(seg(10, C, A, 1, 1, 10));
        // Bytes 11..21 never captured; the FIN after them.
        segs.push(seg(12, C, FA, 21, 1, 0));
        let o = at_capture(&segs);
        assert_eq!(
            notes(&o),
            vec![(Some(C), ObserverNote::Gap { from: 11, to: 21 })]
        );
        assert_eq!(
            o.last[S.index()],
            Some(State::Established),
            "FIN held (SHLD-31)"
        );
        let verdicts: Vec<_> = o
            .trace
            .iter()
            .filter_map(|e| match e.kind {
                TraceKind::Arrive { seg, verdict } if seg.from == C => verdict,
                _ => None,
            })
            .collect();
        assert_eq!(verdicts.last(), Some(&Verdict::Queued));
        // The server's ACK covers the FIN: it was processed when the gap filled.
        segs.push(seg(13, S, A, 1, 22, 0));
        let o = at_capture(&segs);
        assert_eq!(notes(&o)[1], (Some(S), ObserverNote::FinInferredFromAck));
        assert_eq!(o.last, [Some(State::FinWait2), Some(State::CloseWait)]);
    }

    #[test]
    fn a_retransmission_that_fills_the_gap_releases_the_held_fin() {
        let mut segs = established();
        segs.push(seg(10, C, FA, 11, 1, 0));
        segs.push(seg(11, C, A, 1, 1, 10));
        let o = at_capture(&segs);
        assert_eq!(
            notes(&o),
            vec![(Some(C), ObserverNote::Gap { from: 1, to: 11 })]
        );
        assert_eq!(o.last[S.index()], Some(State::CloseWait));
    }

    #[test]
    fn a_capture_starting_at_the_syn_ack_assumes_the_syn_before_it() {
        let o = at_capture(&[seg(0, S, SA, 0, 1, 0), seg(1, C, A, 1, 1, 0)]);
        assert_eq!(o.initial, [Some(State::SynSent), Some(State::SynReceived)]);
        assert_eq!(o.last, [Some(State::Established), Some(State::Established)]);
    }

    #[test]
    fn an_rst_in_syn_received_returns_a_listener_to_listen() {
        // RFC 9293 §3.10.7.4 first check: "If this connection was initiated with a passive OPEN
        // (i.e., came from the LISTEN state), then return this connection to LISTEN state".
        let o = at_capture(&[
            seg(0, C, SYN, 0, 0, 0),
            seg(1, S, SA, 0, 1, 0),
            seg(2, C, Flags::RST, 1, 0, 0),
        ]);
        assert_eq!(o.last, [Some(State::Closed), Some(State::Listen)]);
        assert_eq!(
            states(&o, S).last(),
            Some(&(State::Listen, Cause::RstReceived))
        );
    }

    fn roles(o: &Observation, side: Side) -> Vec<(State, Option<Role>)> {
        o.trace
            .iter()
            .filter_map(|e| match e.kind {
                TraceKind::State {
                    side: s, to, role, ..
                } if s == side => Some((to, role)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn state_events_carry_the_role_the_capture_shows() {
        // As on the endpoint's own state events: the role of the connection the change is about
        // (SYN-RECEIVED back to LISTEN still is; only CLOSED <-> LISTEN has none).
        let o = at_capture(&[
            seg(0, C, SYN, 0, 0, 0),
            seg(1, S, SA, 0, 1, 0),
            seg(2, C, Flags::RST, 1, 0, 0),
        ]);
        assert_eq!(
            roles(&o, C),
            vec![
                (State::SynSent, Some(Role::Active)),
                (State::Established, Some(Role::Active)),
                (State::Closed, Some(Role::Active))
            ]
        );
        assert_eq!(
            roles(&o, S),
            vec![
                (State::SynReceived, Some(Role::Passive)),
                (State::Listen, Some(Role::Passive))
            ]
        );
        // A SYN sent from LISTEN is an active OPEN (§3.10.7.2 "change the connection from passive
        // to active"), as the endpoint counts it.
        let o = at_capture(&[
            seg(0, C, SYN, 0, 0, 0),
            seg(1, S, SA, 0, 1, 0),
            seg(2, C, Flags::RST, 1, 0, 0),
            seg(3, S, SYN, 100, 0, 0),
        ]);
        assert_eq!(
            roles(&o, S).last(),
            Some(&(State::SynSent, Some(Role::Active)))
        );
        // SYN-SENT is reached only by an active OPEN; SYN-RECEIVED by a passive one or by a
        // simultaneous open, which the capture cannot tell apart.
        let o = at_capture(&[seg(0, S, SA, 0, 1, 0), seg(1, C, A, 1, 1, 0)]);
        assert_eq!(roles(&o, C), vec![(State::Established, Some(Role::Active))]);
        assert_eq!(roles(&o, S), vec![(State::Established, None)]);
    }

    #[test]
    fn an_rst_without_a_connection_or_in_listen_is_ignored_for_its_reason() {
        // RFC 9293 §3.10.7.1 "An incoming segment containing a RST is discarded"; §3.10.7.2
        // "An incoming RST should be ignored".
        let o = at_capture(&[
            seg(0, C, SYN, 0, 0, 0),
            seg(1, S, SA, 0, 1, 0),
            seg(2, C, Flags::RST, 1, 0, 0),
            seg(3, C, Flags::RST, 1, 0, 0),
            seg(4, S, Flags::RST, 1, 0, 0),
        ]);
        let verdicts: Vec<_> = o
            .trace
            .iter()
            .filter_map(|e| match e.kind {
                TraceKind::Arrive { verdict, .. } => verdict,
                _ => None,
            })
            .collect();
        assert_eq!(
            verdicts[2..],
            [
                Verdict::RstAccepted,
                Verdict::RstInListen,
                Verdict::RstNoConnection
            ]
        );
    }

    #[test]
    fn a_refused_connect_leaves_both_closed() {
        let o = at_capture(&[seg(0, C, SYN, 0, 0, 0), seg(1, S, RA, 0, 1, 0)]);
        assert_eq!(o.initial, [Some(State::Closed), Some(State::Closed)]);
        assert_eq!(o.last, [Some(State::Closed), Some(State::Closed)]);
        assert_eq!(
            states(&o, C).last(),
            Some(&(State::Closed, Cause::RstReceived))
        );
    }

    #[test]
    fn a_capture_at_the_client_puts_the_server_half_a_round_trip_away() {
        // The client's SYN at 0, the answer 100 ms later, the ACK 10 µs after that: the capture
        // is at the client.
        let mut segs = established();
        segs[1].t = Instant::from_millis(100);
        segs[2].t = Instant::from_micros(100_010);
        let o = observe(&segs, ObserverOptions::default());
        assert_eq!(
            o.distance,
            [Duration::from_micros(5), Duration::from_millis(50)]
        );
        let arrive_syn = o
            .trace
            .iter()
            .find(|e| matches!(e.kind, TraceKind::Arrive { seg, .. } if seg.from == C))
            .unwrap();
        assert_eq!(arrive_syn.t, Instant::from_millis(50));
        let send_syn_ack = o
            .trace
            .iter()
            .find(|e| matches!(e.kind, TraceKind::Send { seg, .. } if seg.from == S))
            .unwrap();
        assert_eq!(send_syn_ack.t, Instant::from_millis(50));
    }

    #[test]
    fn given_distances_too_large_still_keep_each_end_in_order() {
        let mut segs = established();
        segs.push(seg(3, C, A, 1, 1, 5));
        segs.push(seg(4, S, A, 1, 6, 0));
        let o = observe(
            &segs,
            ObserverOptions {
                placement: Placement::Fixed {
                    to_client: Duration::from_secs(1),
                    to_server: Duration::from_secs(1),
                },
            },
        );
        let mut last = [Instant::ZERO; 2];
        for e in o.trace.iter() {
            let at = match &e.kind {
                TraceKind::Send { seg, arrival, .. } => {
                    assert!(*arrival >= e.t);
                    seg.from
                }
                TraceKind::Arrive { seg, .. } => seg.to(),
                _ => continue,
            };
            assert!(e.t >= last[at.index()], "{e:?}");
            last[at.index()] = e.t;
        }
    }
}
