//! Segments leaving and arriving: what each one carries and why its numbers are what they are
//! (Ack = ISN + 1, the FIN's sequence number, the next byte), what a retransmission repeats,
//! and what the receiver made of each arrival (the trace's verdict, one reason each).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use handshake_core::Instant;
use handshake_core::config::Rule;
use handshake_core::endpoint::{Cause, TimerAction, TimerKind, Verdict};
use handshake_core::state::State;
use handshake_core::trace::{SegmentInfo, TraceKind};
use handshake_core::vocab::Side;

use super::timers::ordinal_noun_ko;
use super::{
    Narrator, RUN_MIN, SCAN, capitalize, is_plain_data, is_pure_ack, lower_first, seq_len, when,
};
use crate::fact::{FactKind, Source, Value};
use crate::format::flags_rfc;
use crate::korean::{Josa, josa, particle};
use crate::lang::{Lang, say};

/// `Ack=1은`, `Seq=0이`: a field with its value and the particle after the value.
fn kv(key: &str, shown: &str, j: Josa) -> String {
    format!("{key}={shown}{}", particle(shown, j))
}

impl Narrator<'_> {
    pub(super) fn send(&self, i: usize, s: &SegmentInfo) -> Option<String> {
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
            self.send_syn(i, s)
        } else if s.flags.fin() {
            self.send_fin(i, s)
        } else if s.len > 0 {
            self.send_data(i, s)
        } else {
            self.send_ack(i, s)
        };
        // The retransmission timer it started (RFC 6298 (5.1)).
        if let Some((j, TimerAction::Set, deadline)) =
            self.timer_after(i, side, TimerKind::Retransmission)
        {
            text.push(' ');
            text.push_str(&self.timer_note(j, deadline));
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

    /// The members of the run containing `i`: events at `i`'s instant for which `member` holds,
    /// with only events for which `between` holds in between.
    pub(super) fn run(
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

    pub(super) fn seg_at(&self, i: usize) -> Option<&SegmentInfo> {
        self.ev.get(i).and_then(|e| e.kind.segment())
    }

    fn send_data_run(&self, run: &[usize]) -> String {
        let (Some(&i1), Some(&i2)) = (run.first(), run.last()) else {
            return String::new();
        };
        let (Some(first), Some(last)) = (self.seg_at(i1), self.seg_at(i2)) else {
            return String::new();
        };
        let who = self.who(first.from);
        let segs = || run.iter().filter_map(|&j| self.seg_at(j));
        let group = || Source::Events(run.to_vec());
        let n = self.count(FactKind::Count, run.len() as u64, group());
        let total: u64 = segs().map(|s| u64::from(s.len)).sum();
        let total = self.count(FactKind::TotalLen, total, group());
        let most = segs().map(|s| s.len).max().unwrap_or(0);
        let most = self.count(FactKind::MaxLen, u64::from(most), group());
        let a = self.seq(first, i1);
        let z = self.rel(
            FactKind::LastByte,
            last.rel_seq.wrapping_add(last.len).wrapping_sub(1),
            i2,
        );
        let (id1, id2) = (self.seg_id(first, i1), self.seg_id(last, i2));
        let mut text = say!(
            self.lang,
            format!(
                "{id1}–{id2}: {who} sends {n} data segments back to back, bytes {a}–{z} ({total} bytes, up to {most} per segment). It does not wait for ACKs in between: the receiver's window allows this much in flight."
            ),
            format!(
                "{id1}–{id2}: {who}가 데이터 세그먼트 {n}개를 연달아 보낸다. 바이트 {a}–{z}, 모두 {total}바이트이고 세그먼트 하나에 최대 {most}바이트다. 중간에 ACK를 기다리지 않는 것은 수신 윈도가 이만큼을 한꺼번에 보내도 된다고 허락하기 때문이다."
            ),
        );
        if let Some((j, TimerAction::Set, deadline)) =
            self.timer_after(i1, first.from, TimerKind::Retransmission)
        {
            text.push(' ');
            text.push_str(&self.timer_note(j, deadline));
        }
        text
    }

    /// The retransmission timer a segment started (RFC 6298 (5.1)): the timer event `j`.
    fn timer_note(&self, j: usize, deadline: Instant) -> String {
        let rto = self.span(FactKind::TimerLength, deadline - self.ev[j].t, j);
        let deadline = self.at(FactKind::Deadline, deadline, j);
        say!(
            self.lang,
            format!(
                "Its retransmission timer is set to the RTO, {rto}: unless an ACK comes first, it expires at {deadline}."
            ),
            format!(
                "재전송 타이머를 RTO인 {} 건다. 그 전에 ACK가 오지 않으면 시각 {deadline}에 만료된다.",
                josa(&rto, Josa::Euro)
            ),
        )
    }

    fn send_syn(&self, i: usize, s: &SegmentInfo) -> String {
        let who = self.who(s.from);
        let id = self.seg_id(s, i);
        let seq = self.seq(s, i);
        let abs = self.num(FactKind::SeqAbs, u64::from(s.seq.0), i);
        let mss = s.mss.map(|m| self.num(FactKind::Mss, u64::from(m), i));
        say!(
            self.lang,
            format!(
                "{id}: {who} sends a SYN with its initial sequence number (ISN): Seq={seq} (relative; {abs} absolute){}.",
                mss.map(|m| format!(", and announces MSS {m}"))
                    .unwrap_or_default()
            ),
            format!(
                "{id}: {who}가 초기 시퀀스 번호(ISN)를 담은 SYN을 보낸다. {} 상대값이고, 절대값은 {}.{}",
                kv("Seq", &seq, Josa::Eun),
                josa(&abs, Josa::Ida),
                mss.map(|m| format!(" MSS {m}도 함께 알린다."))
                    .unwrap_or_default()
            ),
        )
    }

    fn send_syn_ack(&self, i: usize, s: &SegmentInfo) -> String {
        let who = self.who(s.from);
        let peer = self.who(s.to());
        let id = self.seg_id(s, i);
        let seq = self.seq(s, i);
        let ack = self.ack(s, i);
        // The SYN it answers, whose ISN the Ack is one more than.
        let syn = self
            .answering(i, s.from)
            .filter(|(_, a, _)| a.flags.syn() && a.rel_seq.wrapping_add(1) == s.rel_ack);
        let simultaneous = self.simultaneous_note(i, s.from);
        match syn {
            Some((j, a, _)) => {
                let isn = self.seq(a, j);
                say!(
                    self.lang,
                    format!(
                        "{id}: {who} answers with SYN,ACK: its own ISN (Seq={seq}) and Ack={ack} = {peer}'s ISN ({isn}) + 1, because a SYN occupies one sequence number.{simultaneous}"
                    ),
                    format!(
                        "{id}: {who}가 SYN,ACK로 답한다. 자신의 ISN(Seq={seq})을 보내고, {} {peer}의 ISN({isn}) + 1이다. SYN이 시퀀스 번호 하나를 차지하기 때문이다.{simultaneous}",
                        kv("Ack", &ack, Josa::Eun)
                    ),
                )
            }
            None => say!(
                self.lang,
                format!(
                    "{id}: {who} sends SYN,ACK: its own ISN (Seq={seq}) and Ack={ack}.{simultaneous}"
                ),
                format!(
                    "{id}: {who}가 SYN,ACK를 보낸다. 자신의 ISN(Seq={seq})과 {} 담는다.{simultaneous}",
                    kv("Ack", &ack, Josa::Eul)
                ),
            ),
        }
    }

    /// After SYN-SENT → SYN-RECEIVED at this instant (the trace's state change): a
    /// simultaneous open.
    fn simultaneous_note(&self, i: usize, side: Side) -> String {
        match self.state_change_before(i, side) {
            Some((State::SynSent, State::SynReceived)) => say!(
                self.lang,
                String::from(
                    " It repeats its own SYN's sequence number: both sides opened at once."
                ),
                String::from(
                    " 자신이 보낸 SYN의 시퀀스 번호를 그대로 쓴다. 양쪽이 동시에 연결을 연 것이다."
                ),
            ),
            _ => String::new(),
        }
    }

    fn send_fin(&self, i: usize, s: &SegmentInfo) -> String {
        let who = self.who(s.from);
        let peer = self.who(s.to());
        let id = self.seg_id(s, i);
        let fin_seq = self.rel(FactKind::FinSeq, s.rel_seq.wrapping_add(s.len), i);
        let next = self.rel(FactKind::NextSeq, s.rel_seq.wrapping_add(seq_len(s)), i);
        let data = when(
            s.len > 0,
            say!(
                self.lang,
                format!(
                    " after its last {} bytes (Seq={})",
                    self.len(s, i),
                    self.seq(s, i)
                ),
                format!(
                    " 마지막 {}바이트(Seq={}) 뒤에",
                    self.len(s, i),
                    self.seq(s, i)
                ),
            ),
        );
        let mut text = say!(
            self.lang,
            format!(
                "{id}: {who} sends its FIN{data} at Seq={fin_seq}: it has no more data to send, but it can still receive. A FIN occupies one sequence number, so {peer} will ACK {next}."
            ),
            format!(
                "{id}: {who}가{data} Seq={fin_seq}인 FIN을 보낸다. 더 보낼 데이터가 없다는 뜻이고, 받는 것은 계속할 수 있다. FIN은 시퀀스 번호 하나를 차지하므로 {peer}는 {} ACK하게 된다.",
                josa(&next, Josa::Eul)
            ),
        );
        // A FIN that also acknowledges the peer's FIN: the three-segment close.
        if s.flags.ack() && self.previous_ack(i, s.from).is_none_or(|a| a != s.rel_ack) {
            if let Some((_, acked)) = self.acked_segment(i, s.from, s.rel_ack) {
                if acked.flags.fin() {
                    let ack = self.ack(s, i);
                    text.push(' ');
                    text.push_str(&say!(
                        self.lang,
                        format!("Its Ack={ack} acknowledges {peer}'s FIN in the same segment, so the close takes three segments."),
                        format!("같은 세그먼트의 {} {peer}의 FIN도 확인하므로 연결 종료가 세그먼트 세 개로 끝난다.", kv("Ack", &ack, Josa::I)),
                    ));
                }
            }
        }
        text
    }

    fn send_data(&self, i: usize, s: &SegmentInfo) -> String {
        let who = self.who(s.from);
        let id = self.seg_id(s, i);
        let len = self.len(s, i);
        let seq = self.seq(s, i);
        let last = self.rel(
            FactKind::LastByte,
            s.rel_seq.wrapping_add(s.len).wrapping_sub(1),
            i,
        );
        let next = self.rel(FactKind::NextSeq, s.rel_seq.wrapping_add(s.len), i);
        let mut text = say!(
            self.lang,
            format!(
                "{id}: {who} sends {len} bytes, Seq={seq} (bytes {seq}–{last}); its next new byte will be {next}."
            ),
            format!(
                "{id}: {who}가 바이트 {seq}–{last}, 모두 {len}바이트를 보낸다(Seq={seq}). 다음에 보낼 새 바이트는 {next}번이다."
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
        let id = self.seg_id(s, i);
        let ack = self.ack(s, i);
        // An ACK forced by what just arrived (the arrival's own entry says why).
        if let Some((_, _, Some(verdict))) = self.answering(i, s.from) {
            let reply = match verdict {
                Verdict::Queued => Some(say!(
                    self.lang,
                    format!("{id}: a duplicate ACK, Ack={ack}: byte {ack} is still missing."),
                    format!("{id}: Ack={ack}인 중복 ACK다. {ack}번 바이트가 아직 오지 않았다."),
                )),
                Verdict::CrossingSynAckAcked => Some(say!(
                    self.lang,
                    format!(
                        "{id}: {who} also ACKs the SYN that SYN,ACK repeats, Ack={ack}: Linux treats it as an old segment, where RFC 9293's Figure 7 sends nothing more."
                    ),
                    format!(
                        "{id}: {who}는 그 SYN,ACK가 되풀이한 SYN에도 ACK한다(Ack={ack}). 리눅스는 이를 오래된 세그먼트로 보고, RFC 9293의 그림 7은 더 보내지 않는다."
                    ),
                )),
                Verdict::Old
                | Verdict::OutOfWindow
                | Verdict::TimeWaitReAck
                | Verdict::TimeWaitOtherReAck => Some(say!(
                    self.lang,
                    format!("{id}: {who} sends its ACK again, Ack={ack}."),
                    format!("{id}: {who}가 Ack={ack}인 ACK를 다시 보낸다."),
                )),
                Verdict::RstChallenged | Verdict::SynChallenged => Some(say!(
                    self.lang,
                    format!(
                        "{id}: the challenge ACK, Ack={ack}: it tells the peer exactly which sequence number is expected."
                    ),
                    format!(
                        "{id}: Ack={ack}인 챌린지 ACK다. 기다리는 시퀀스 번호를 상대에게 정확히 알려 준다."
                    ),
                )),
                Verdict::AckOfUnsent | Verdict::AckTooOld => Some(say!(
                    self.lang,
                    format!(
                        "{id}: {who} answers with an ACK that states where it really is, Ack={ack}."
                    ),
                    format!("{id}: {who}가 자신의 실제 상태를 담은 ACK로 답한다(Ack={ack})."),
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
                    kv("Ack", &ack, Josa::Eun)
                ),
            ),
        }
    }

    /// Why `s` (event `i`) carries its acknowledgment number: which segment it acknowledges,
    /// and why that makes the number one more than the SYN's or FIN's sequence number.
    fn ack_reason(&self, i: usize, s: &SegmentInfo) -> Option<String> {
        let side = s.from;
        let who = self.who_cap(side);
        let peer = self.who(s.to());
        let (j, acked) = self.acked_segment(i, side, s.rel_ack)?;
        let ack = self.ack(s, i);
        let entered = self.state_change_before(i, side).map(|(_, to)| to);
        Some(if acked.flags.syn() {
            let isn = self.seq(acked, j);
            // The ACK sent on entering ESTABLISHED from SYN-SENT completes the handshake.
            let third = when(
                matches!(
                    self.state_change_before(i, side),
                    Some((State::SynSent, State::Established))
                ),
                say!(
                    self.lang,
                    format!(
                        " This is the third segment of the three-way handshake; an ACK occupies no sequence number, so its Seq={} is still the next byte to send.",
                        self.seq(s, i)
                    ),
                    format!(
                        " 3-way 핸드셰이크의 세 번째 세그먼트다. ACK는 시퀀스 번호를 차지하지 않으므로 {} 여전히 다음에 보낼 바이트다.",
                        kv("Seq", &self.seq(s, i), Josa::Eun)
                    ),
                ),
            );
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
            let fin = self.rel(FactKind::FinSeq, acked.rel_seq.wrapping_add(acked.len), j);
            // The ACK sent on entering TIME-WAIT is the last of the close.
            let last = when(
                entered == Some(State::TimeWait),
                say!(
                    self.lang,
                    String::from(
                        " This is the last ACK of the close: nobody ACKs an ACK, so it cannot know whether it arrives."
                    ),
                    String::from(
                        " 연결 종료의 마지막 ACK다. ACK에는 아무도 ACK하지 않으므로 도착했는지 알 수 없다."
                    ),
                ),
            );
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
            let last = self.rel(FactKind::AckedUpTo, s.rel_ack.wrapping_sub(1), i);
            say!(
                self.lang,
                format!(
                    "{who} ACKs the data: Ack={ack} is the next byte it expects, so every byte up to {last} has arrived."
                ),
                format!(
                    "{who}가 데이터를 ACK한다. {} 다음에 받을 바이트 번호이므로 {last}번 바이트까지 모두 도착했다는 뜻이다.",
                    kv("Ack", &ack, Josa::Eun)
                ),
            )
        })
    }

    fn send_rst(&self, i: usize, s: &SegmentInfo) -> String {
        let who = self.who(s.from);
        let peer = self.who(s.to());
        let id = self.seg_id(s, i);
        let seq = self.seq(s, i);
        let aborted = self.same_instant_before(i).any(|(_, e)| {
            matches!(e.kind, TraceKind::State { side, cause: Cause::Abort, .. } if side == s.from)
        });
        if aborted {
            let linux = when(
                matches!(
                    self.ev[i].kind,
                    TraceKind::Send {
                        rule: Some(Rule::AbortRstAck),
                        ..
                    }
                ),
                say!(
                    self.lang,
                    format!(
                        " Linux's RST for an abort also carries Ack={} (tcp_send_active_reset); RFC 9293 §3.10.5 sends the RST alone.",
                        self.ack(s, i)
                    ),
                    format!(
                        " 리눅스가 abort로 보내는 RST는 {} 함께 싣는다. RFC 9293 §3.10.5는 RST만 보낸다.",
                        kv("Ack", &self.ack(s, i), Josa::Eul)
                    ),
                ),
            );
            return say!(
                self.lang,
                format!(
                    "{id}: the RST (Seq={seq}) tells {peer} to drop the connection at once; unacknowledged data is lost.{linux}"
                ),
                format!(
                    "{id}: Seq={seq}인 RST가 {peer}에게 연결을 즉시 버리라고 알린다. 확인되지 않은 데이터는 사라진다.{linux}"
                ),
            );
        }
        let with_ack = when(
            s.flags.ack(),
            say!(
                self.lang,
                format!(
                    " It carries Ack={}, acknowledging the offending segment, so {peer} can tell the RST is about its segment.",
                    self.ack(s, i)
                ),
                format!(
                    " {} 받은 세그먼트를 확인해 주므로 {peer}는 이 RST가 자기 세그먼트에 대한 답임을 안다.",
                    kv("Ack", &self.ack(s, i), Josa::Euro)
                ),
            ),
        );
        match self.answering(i, s.from).and_then(|(_, _, v)| v) {
            Some(Verdict::NoConnectionReset) => say!(
                self.lang,
                format!(
                    "{id}: {who} answers with an RST, Seq={seq}: it has no connection that this segment could belong to.{with_ack}"
                ),
                format!(
                    "{id}: {who}가 Seq={seq}인 RST로 답한다. 그 세그먼트가 속할 연결이 없기 때문이다.{with_ack}"
                ),
            ),
            Some(Verdict::BadAckReset) => say!(
                self.lang,
                format!(
                    "{id}: {who} answers with an RST, Seq={seq}: the segment acknowledged something it never sent.{with_ack}"
                ),
                format!(
                    "{id}: {who}가 Seq={seq}인 RST로 답한다. 그 세그먼트가 보낸 적 없는 것을 확인했기 때문이다.{with_ack}"
                ),
            ),
            _ => say!(
                self.lang,
                format!("{id}: {who} sends an RST, Seq={seq}.{with_ack}"),
                format!("{id}: {who}가 Seq={seq}인 RST를 보낸다.{with_ack}"),
            ),
        }
    }

    /// A segment with the same sequence number as an earlier one from the same side.
    fn send_repeat(&self, i: usize, s: &SegmentInfo) -> String {
        let who = self.who(s.from);
        let Some(orig_id) = s.retransmission_of else {
            return String::new();
        };
        let id = self.seg_id(s, i);
        let orig = self.id(orig_id, i);
        let flags = flags_rfc(s.flags);
        let seq = self.seq(s, i);
        let timeout = self.same_instant_before(i).any(|(_, e)| {
            matches!(e.kind, TraceKind::Timer { side, kind: TimerKind::Retransmission, action: TimerAction::Fire, .. } if side == s.from)
        });
        let orig_flags = self.sent(i, orig_id).map(|(_, o)| o.flags);
        if !timeout && s.flags.syn() && s.flags.ack() && orig_flags.is_some_and(|f| !f.ack()) {
            // Simultaneous open: the SYN,ACK repeats the SYN's sequence number.
            return self.send_syn_ack(i, s);
        }
        // A capture shows no timers and no reasons: the same Seq again, and how long after.
        if self.observed {
            let after = self
                .sent(i, orig_id)
                .map(|(j, _)| crate::format::duration(self.ev[i].t - self.ev[j].t, self.lang));
            let after = after.map_or_else(String::new, |a| {
                say!(self.lang, format!(" {a} later"), format!(" {a} 뒤에"))
            });
            return say!(
                self.lang,
                format!(
                    "{id}: {who} sends {flags} again with the same Seq={seq} as {orig},{after}: a retransmission. The capture does not show why; after a silence like this it is usually the retransmission timer's expiry (RFC 6298 (5.4))."
                ),
                format!(
                    "{id}: {who}가{after} {} 같은 Seq={seq}로 {} 다시 보낸다. 재전송이다. 캡처는 그 까닭을 보여 주지 않지만, 이렇게 조용한 뒤라면 보통 재전송 타이머의 만료다(RFC 6298 (5.4)).",
                    josa(&orig, Josa::Gwa),
                    josa(&flags, Josa::Eul)
                ),
            );
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
        let retry = match &self.ev[i].kind {
            TraceKind::Send { retry: Some(r), .. } => Some(*r),
            _ => None,
        };
        let count = retry.map(|r| {
            let limit = self.num(FactKind::RetryLimit, u64::from(r.limit), i);
            let count = u64::from(r.count);
            match self.lang {
                Lang::En => {
                    let n = self.num(FactKind::Retry, count, i);
                    format!(" — retransmission {n} of at most {limit}")
                }
                Lang::Ko => {
                    let n = self.fact(
                        FactKind::Retry,
                        Value::Int(count),
                        Source::Event(i),
                        &ordinal_noun_ko(count),
                    );
                    format!(" 최대 {limit}번까지 허용되는 재전송 중 {n}다.")
                }
            }
        });
        let same = when(
            s.flags.syn(),
            say!(
                self.lang,
                String::from(" The ISN is the same: it is still the same connection attempt."),
                String::from(" ISN이 같으므로 여전히 같은 연결 시도다."),
            ),
        );
        say!(
            self.lang,
            format!(
                "{id}: {who} re-sends {orig} ({flags}) unchanged, Seq={seq}{}. Only the earliest unacknowledged segment is re-sent (RFC 6298 (5.4)).{same}",
                count.unwrap_or_default()
            ),
            format!(
                "{id}: {who}가 {flags} 세그먼트 {} 그대로 다시 보낸다(Seq={seq}).{} 확인되지 않은 가장 앞의 세그먼트만 다시 보낸다(RFC 6298 (5.4)).{same}",
                josa(&orig, Josa::Eul),
                count.unwrap_or_default()
            ),
        )
    }

    pub(super) fn arrive(
        &self,
        i: usize,
        s: &SegmentInfo,
        verdict: Option<Verdict>,
    ) -> Option<String> {
        let to = s.to();
        let recv = self.who(to);
        let recv_cap = self.who_cap(to);
        let sender = self.who(s.from);
        let id = self.seg_id(s, i);
        let desc = self.seg(s, i, Josa::Eun);
        let seq = self.seq(s, i);
        let ack = self.ack(s, i);
        Some(match verdict {
            // The crossing SYN,ACK completes the handshake as under Figure 7 (told by the state
            // change); the ACK Linux adds is told with that ACK.
            Some(Verdict::Accepted | Verdict::CrossingSynAckAcked) | None => {
                return self.arrive_accepted(i, s);
            }
            Some(Verdict::Queued) => {
                let expected = self.same_instant_after(i).find_map(|(j, e)| match &e.kind {
                    TraceKind::Send { seg, .. } if seg.from == to && seg.flags.ack() => {
                        Some(self.ack(seg, j))
                    }
                    _ => None,
                });
                let wait = expected.map_or(String::new(), |x| {
                    say!(
                        self.lang,
                        format!(", but {recv} still waits for {x}"),
                        format!(" {recv}는 아직 {x}번 바이트를 기다린다."),
                    )
                });
                let fin = when(
                    s.flags.fin(),
                    say!(
                        self.lang,
                        String::from(
                            " The FIN waits too: a FIN counts only after every byte before it, so no end of stream and no state change yet."
                        ),
                        String::from(
                            " FIN도 함께 기다린다. FIN은 앞의 바이트가 모두 와야 처리되므로 아직 스트림의 끝도 상태 변화도 없다."
                        ),
                    ),
                );
                say!(
                    self.lang,
                    format!(
                        "{desc} arrives out of order: Seq={seq}{wait}. It is held until the gap is filled (RFC 9293 §3.10.7.4, SHLD-31) and answered with a duplicate ACK.{fin}"
                    ),
                    format!(
                        "{} 순서를 벗어나 도착한다(Seq={seq}).{wait} 빈 곳이 채워질 때까지 보관하고(RFC 9293 §3.10.7.4, SHLD-31) 중복 ACK로 답한다.{fin}",
                        self.seg(s, i, Josa::I)
                    ),
                )
            }
            Some(Verdict::Old) if s.flags.syn() && !s.flags.ack() => say!(
                self.lang,
                format!(
                    "{id}, the re-sent SYN, only repeats what {recv} already has (Seq={seq} is before RCV.NXT). RFC 9293's first check drops it and answers with a plain ACK (Linux would re-send its SYN,ACK)."
                ),
                format!(
                    "다시 온 SYN 세그먼트 {} {recv}가 이미 받은 것이다({} RCV.NXT보다 앞). RFC 9293의 첫 번째 검사에 따라 버리고 ACK만 보낸다(리눅스라면 SYN,ACK를 다시 보낸다).",
                    josa(&id, Josa::Eun),
                    kv("Seq", &seq, Josa::I)
                ),
            ),
            Some(Verdict::Old) => {
                let why = if let Some(orig) = s.retransmission_of {
                    let orig = self.id(orig, i);
                    say!(
                        self.lang,
                        format!(
                            " It repeats {orig}; the ACK tells {sender} again what has arrived."
                        ),
                        format!(
                            " {orig}의 재전송이다. ACK로 무엇이 도착했는지 {sender}에게 다시 알려 준다."
                        ),
                    )
                } else if s.duplicate_of.is_some() {
                    say!(
                        self.lang,
                        String::from(
                            " It is a copy made by the link; the ACK costs nothing and repeats the truth."
                        ),
                        String::from(
                            " 링크가 만든 복사본이다. ACK로 현재 상태를 다시 알려 줄 뿐이다."
                        ),
                    )
                } else {
                    String::new()
                };
                say!(
                    self.lang,
                    format!(
                        "{desc} only repeats what {recv} already has (Seq={seq} is before RCV.NXT): it is dropped and answered with an ACK.{why}"
                    ),
                    format!(
                        "{desc} {recv}가 이미 받은 것을 되풀이한다({} RCV.NXT보다 앞). 버리고 ACK로 답한다.{why}",
                        kv("Seq", &seq, Josa::I)
                    ),
                )
            }
            Some(Verdict::OutOfWindow) => say!(
                self.lang,
                format!(
                    "{desc} lies outside {recv}'s receive window (Seq={seq}): dropped and answered with an ACK (RFC 9293 §3.10.7.4, first check)."
                ),
                format!(
                    "{desc} {recv}의 수신 윈도 밖에 있다(Seq={seq}). 버리고 ACK로 답한다(RFC 9293 §3.10.7.4 첫 번째 검사)."
                ),
            ),
            Some(Verdict::TimeWaitReAck) => {
                let (what_en, what_ko) = match (s.retransmission_of, s.duplicate_of) {
                    (_, Some(orig)) => {
                        let orig = self.id(orig, i);
                        (
                            format!(
                                "{id}, a copy of {orig} made by the link, brings the FIN to {recv} in TIME-WAIT again."
                            ),
                            format!(
                                "링크가 만든 {orig}의 복사본 {} TIME-WAIT에 있는 {recv}에 FIN을 다시 가져온다.",
                                josa(&id, Josa::I)
                            ),
                        )
                    }
                    (Some(_), None) => (
                        format!(
                            "{id}, the re-sent FIN, reaches {recv} in TIME-WAIT: the last ACK had not reached {sender} when it re-sent."
                        ),
                        format!(
                            "다시 보낸 FIN 세그먼트 {} TIME-WAIT에 있는 {recv}에 도착한다. {sender}가 다시 보낼 때까지 마지막 ACK를 받지 못한 것이다.",
                            josa(&id, Josa::I)
                        ),
                    ),
                    (None, None) => (
                        format!("{id} brings a FIN to {recv} in TIME-WAIT."),
                        format!(
                            "{} TIME-WAIT에 있는 {recv}에 FIN을 가져온다.",
                            josa(&id, Josa::I)
                        ),
                    ),
                };
                say!(
                    self.lang,
                    format!(
                        "{what_en} {recv_cap} ACKs the FIN again — exactly what TIME-WAIT is waiting for (RFC 9293 §3.10.7.4)."
                    ),
                    format!(
                        "{what_ko} {recv}는 FIN에 다시 ACK한다. TIME-WAIT가 기다린 바로 그 상황이다(RFC 9293 §3.10.7.4)."
                    ),
                )
            }
            Some(Verdict::RstAccepted) if self.state_at(i, to) == State::SynSent => say!(
                self.lang,
                format!(
                    "{id}, an RST, is acceptable: its Ack={ack} acknowledges {recv}'s SYN (RFC 9293 §3.10.7.3), so {recv} drops the connection attempt."
                ),
                format!(
                    "RST 세그먼트 {} 받아들여진다. {} {recv}의 SYN을 확인하기 때문이다(RFC 9293 §3.10.7.3). {recv}는 연결 시도를 버린다.",
                    josa(&id, Josa::I),
                    kv("Ack", &ack, Josa::I)
                ),
            ),
            Some(Verdict::RstAccepted) => say!(
                self.lang,
                format!(
                    "{id}, an RST, is acceptable: its Seq={seq} is exactly what {recv} expects (RCV.NXT), so {recv} drops the connection."
                ),
                format!(
                    "RST 세그먼트 {} 받아들여진다. {} {recv}가 기다리던 바로 그 번호(RCV.NXT)이기 때문이다. {recv}는 연결을 버린다.",
                    josa(&id, Josa::I),
                    kv("Seq", &seq, Josa::I)
                ),
            ),
            Some(Verdict::RstChallenged) => say!(
                self.lang,
                format!(
                    "{id} is an RST with Seq={seq} inside the window but not exactly RCV.NXT: it could be forged, so {recv} keeps the connection and sends a challenge ACK (RFC 5961 §3.2)."
                ),
                format!(
                    "{} {} 윈도 안이지만 RCV.NXT와 정확히 같지 않은 RST다. 위조일 수 있으므로 {recv}는 연결을 유지하고 챌린지 ACK를 보낸다(RFC 5961 §3.2).",
                    josa(&id, Josa::Eun),
                    kv("Seq", &seq, Josa::I)
                ),
            ),
            Some(Verdict::RstIgnored) if self.state_at(i, to) == State::SynSent => say!(
                self.lang,
                format!(
                    "{id} is an RST that does not acknowledge {recv}'s SYN: {recv} ignores it (RFC 9293 §3.10.7.3)."
                ),
                format!(
                    "{} {recv}의 SYN을 확인하지 않는 RST다. {recv}는 무시한다(RFC 9293 §3.10.7.3).",
                    josa(&id, Josa::Eun)
                ),
            ),
            Some(Verdict::RstIgnored) => say!(
                self.lang,
                format!(
                    "{id} is an RST whose Seq={seq} is outside the window: {recv} ignores it (RFC 5961 §3.2)."
                ),
                format!(
                    "{} {} 윈도 밖인 RST다. {recv}는 무시한다(RFC 5961 §3.2).",
                    josa(&id, Josa::Eun),
                    kv("Seq", &seq, Josa::I)
                ),
            ),
            Some(Verdict::SynChallenged) => say!(
                self.lang,
                format!(
                    "{id} is a SYN on a synchronized connection. Instead of resetting, {recv} sends a challenge ACK (RFC 5961 §4.2): if {sender} really restarted, it will answer with an RST."
                ),
                format!(
                    "{} 이미 동기화된 연결에 온 SYN이다. {recv}는 연결을 끊는 대신 챌린지 ACK를 보낸다(RFC 5961 §4.2). {sender}가 정말 다시 시작했다면 RST로 답할 것이다.",
                    josa(&id, Josa::Eun)
                ),
            ),
            Some(Verdict::SynAckResent) => say!(
                self.lang,
                format!(
                    "{id} repeats a SYN {recv} already answered: it re-sends its SYN,ACK and restarts its SYN,ACK timer from this answer (the Linux behaviour; RFC 9293 would answer with a plain ACK)."
                ),
                format!(
                    "{} {recv}가 이미 답한 SYN의 반복이다. SYN,ACK를 다시 보내고 SYN,ACK 타이머를 이 답부터 다시 잰다(리눅스 방식. RFC 9293대로라면 ACK만 보낸다).",
                    josa(&id, Josa::Eun)
                ),
            ),
            Some(Verdict::BadAckReset) => say!(
                self.lang,
                format!(
                    "{id} acknowledges something {recv} never sent (Ack={ack}): {recv} answers with an RST whose Seq is that Ack (RFC 9293 §3.10.7)."
                ),
                format!(
                    "{} {recv}가 보낸 적 없는 것을 확인한다(Ack={ack}). {recv}는 그 Ack 값을 Seq로 삼은 RST로 답한다(RFC 9293 §3.10.7).",
                    josa(&id, Josa::Eun)
                ),
            ),
            Some(Verdict::AckOfUnsent) => say!(
                self.lang,
                format!(
                    "{id} acknowledges data {recv} has not sent yet (Ack={ack}): dropped and answered with an ACK (RFC 9293 §3.10.7.4)."
                ),
                format!(
                    "{} {recv}가 아직 보내지 않은 데이터를 확인한다(Ack={ack}). 버리고 ACK로 답한다(RFC 9293 §3.10.7.4).",
                    josa(&id, Josa::Eun)
                ),
            ),
            Some(Verdict::AckTooOld) => say!(
                self.lang,
                format!(
                    "{id}'s Ack={ack} is too old (RFC 5961 §5): dropped and answered with an ACK."
                ),
                format!(
                    "{id}의 {} 너무 오래된 값이다(RFC 5961 §5). 버리고 ACK로 답한다.",
                    kv("Ack", &ack, Josa::Eun)
                ),
            ),
            Some(Verdict::TextIgnored) => say!(
                self.lang,
                format!(
                    "{desc} carries data or a FIN after {sender}'s FIN; nothing can follow a FIN, so {recv} ignores it."
                ),
                format!(
                    "{desc} {sender}의 FIN 뒤에 데이터나 FIN을 담고 있다. FIN 뒤에는 아무것도 올 수 없으므로 {recv}는 무시한다."
                ),
            ),
            Some(Verdict::NoConnectionReset) => say!(
                self.lang,
                format!(
                    "{desc} finds no connection at {recv}: nothing listens on that port, or the connection is already gone. {recv_cap} answers with an RST (RFC 9293 §3.10.7.1)."
                ),
                format!(
                    "{} {recv}에서 연결을 찾지 못한다. 그 포트에서 LISTEN 중인 소켓이 없거나 연결이 이미 사라졌다. {recv}는 RST로 답한다(RFC 9293 §3.10.7.1).",
                    self.seg(s, i, Josa::I)
                ),
            ),
            Some(Verdict::RstNoConnection) => say!(
                self.lang,
                format!(
                    "{desc} finds no connection at {recv} and is dropped without a reply: an RST is never answered (RFC 9293 §3.10.7.1)."
                ),
                format!(
                    "{recv}에는 연결이 없어 {} 답 없이 버린다. RST에는 답하지 않는다(RFC 9293 §3.10.7.1).",
                    self.seg(s, i, Josa::Eul)
                ),
            ),
            Some(Verdict::RstInListen) => say!(
                self.lang,
                format!(
                    "{recv_cap} is listening and drops the RST {id} without a reply: it cannot belong to anything {recv} sent (RFC 9293 §3.10.7.2)."
                ),
                format!(
                    "LISTEN 상태의 {recv}는 RST 세그먼트 {} 답 없이 버린다. {recv}가 보낸 어떤 것에 대한 RST일 수도 없기 때문이다(RFC 9293 §3.10.7.2).",
                    josa(&id, Josa::Eul)
                ),
            ),
            Some(Verdict::NoSynInListen) => say!(
                self.lang,
                format!(
                    "{recv_cap} is listening and drops {} without a reply: it carries no SYN (RFC 9293 §3.10.7.2).",
                    self.seg(s, i, Josa::Eul)
                ),
                format!(
                    "LISTEN 상태의 {recv}는 SYN이 없는 {} 답 없이 버린다(RFC 9293 §3.10.7.2).",
                    self.seg(s, i, Josa::Eul)
                ),
            ),
            Some(Verdict::NoSynOrRstInSynSent) => say!(
                self.lang,
                format!(
                    "{recv_cap} is waiting for a SYN and drops {}: it carries neither SYN nor RST (RFC 9293 §3.10.7.3).",
                    self.seg(s, i, Josa::Eul)
                ),
                format!(
                    "SYN을 기다리는 {recv}는 SYN도 RST도 없는 {} 버린다(RFC 9293 §3.10.7.3).",
                    self.seg(s, i, Josa::Eul)
                ),
            ),
            Some(Verdict::NoAck) => say!(
                self.lang,
                format!(
                    "{recv_cap} drops {} without a reply: its ACK bit is off (RFC 9293 §3.10.7.4, fifth check).",
                    self.seg(s, i, Josa::Eul)
                ),
                format!(
                    "{recv}는 ACK 비트가 꺼진 {} 답 없이 버린다(RFC 9293 §3.10.7.4 다섯째 검사).",
                    self.seg(s, i, Josa::Eul)
                ),
            ),
            Some(Verdict::DupSynRateLimited) => say!(
                self.lang,
                format!(
                    "{id} repeats a SYN {recv} answered only a moment ago: Linux answers at most one such duplicate per tcp_invalid_ratelimit, so this one gets no answer (RFC 9293 would ACK it)."
                ),
                format!(
                    "{} {recv}가 방금 답한 SYN의 반복이다. 리눅스는 이런 중복에 짧은 시간 안에는 한 번만 답하므로 이번에는 답하지 않는다(RFC 9293이라면 ACK한다).",
                    josa(&id, Josa::Eun)
                ),
            ),
            Some(Verdict::SynInWindowReset) => say!(
                self.lang,
                format!(
                    "{id} is a SYN inside {recv}'s window with another sequence number than the SYN it answered: Linux answers with an RST,ACK and drops the half-open connection (RFC 9293 goes back to LISTEN silently)."
                ),
                format!(
                    "{} {recv}의 윈도 안에 있지만 답했던 SYN과 시퀀스 번호가 다른 SYN이다. 리눅스는 RST,ACK로 답하고 반쯤 열린 연결을 버린다(RFC 9293은 조용히 LISTEN으로 돌아간다).",
                    josa(&id, Josa::Eun)
                ),
            ),
            Some(Verdict::TimeWaitAckRestart) => say!(
                self.lang,
                format!(
                    "{id}, a bare ACK at the sequence number {recv} expects, reaches it in TIME-WAIT: Linux restarts TIME-WAIT and sends nothing (RFC 9293 restarts it only for a re-sent FIN)."
                ),
                format!(
                    "기다리던 시퀀스 번호의 빈 ACK {} TIME-WAIT 상태의 {recv}에 도착한다. 리눅스는 답하지 않고 TIME-WAIT를 다시 시작한다(RFC 9293은 다시 온 FIN에서만 다시 시작한다).",
                    josa(&id, Josa::I)
                ),
            ),
            Some(Verdict::TimeWaitOtherReAck) => say!(
                self.lang,
                format!(
                    "{desc} reaches {recv} in TIME-WAIT though it is not a re-sent FIN (Seq={seq}): Linux ACKs it again and restarts TIME-WAIT (RFC 9293 restarts it only for a re-sent FIN)."
                ),
                format!(
                    "{} 다시 온 FIN이 아닌데 TIME-WAIT 상태의 {recv}에 도착한다(Seq={seq}). 리눅스는 다시 ACK하고 TIME-WAIT를 다시 시작한다(RFC 9293은 다시 온 FIN에서만 다시 시작한다).",
                    self.seg(s, i, Josa::I)
                ),
            ),
            Some(Verdict::RstInTimeWaitIgnored) => say!(
                self.lang,
                format!(
                    "{recv_cap} in TIME-WAIT ignores the RST {id}, as RFC 1337 advises against TIME-WAIT assassination."
                ),
                format!(
                    "TIME-WAIT 상태의 {recv}는 RST 세그먼트 {} 무시한다. RFC 1337이 TIME-WAIT 암살을 막으라고 권하기 때문이다.",
                    josa(&id, Josa::Eul)
                ),
            ),
        })
    }

    fn arrive_accepted(&self, i: usize, s: &SegmentInfo) -> Option<String> {
        let to = s.to();
        // Told by the state change, the data or the application event it causes.
        let has_effect = self.followers(i, to).any(|(_, k)| {
            matches!(
                k,
                TraceKind::State { .. } | TraceKind::Deliver { .. } | TraceKind::App { .. }
            )
        });
        if has_effect {
            return None;
        }
        let recv = self.who(to);
        let id = self.seg_id(s, i);
        let id_j = josa(&id, Josa::I);
        if s.flags.ack() && seq_len(s) == 0 && !s.flags.rst() {
            let ack = self.ack(s, i);
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
            if previous == Some(s.rel_ack) {
                let sent_beyond = self.ev[..i].iter().rev().take(SCAN).any(|e| {
                    matches!(&e.kind, TraceKind::Send { seg, .. }
                        if seg.from == to && seg.rel_seq.wrapping_add(seq_len(seg)) > s.rel_ack)
                });
                if !sent_beyond {
                    return Some(say!(
                        self.lang,
                        format!(
                            "{id} reaches {recv}: it repeats Ack={ack}, so nothing new is acknowledged."
                        ),
                        format!(
                            "{id_j} {recv}에 도착한다. {} 되풀이할 뿐이라 새로 확인되는 것은 없다.",
                            kv("Ack", &ack, Josa::Eul)
                        ),
                    ));
                }
                return Some(say!(
                    self.lang,
                    format!(
                        "{id} reaches {recv}: a duplicate ACK (Ack={ack} again), so byte {ack} is still missing on the other side. {} waits for its retransmission timer (fast retransmit is not modelled here).",
                        capitalize(recv)
                    ),
                    format!(
                        "{id_j} {recv}에 도착한다. {} 반복되는 중복 ACK이므로 상대는 아직 {ack}번 바이트를 받지 못했다. {recv}는 재전송 타이머를 기다린다(여기서는 빠른 재전송을 모델링하지 않는다).",
                        kv("Ack", &ack, Josa::I)
                    ),
                ));
            }
            // New data acknowledged: told only when it stops the retransmission timer (a
            // restart under RFC 6298 (5.3) is routine).
            let stops_timer = self.followers(i, to).any(|(_, k)| {
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
                    "{id} reaches {recv}: Ack={ack} acknowledges everything {recv} has sent, so {whose} retransmission timer stops (RFC 6298 (5.2)).",
                    whose = self.whose(to)
                ),
                format!(
                    "{id_j} {recv}에 도착한다. {} {recv}가 보낸 것을 모두 확인하므로 {recv}는 재전송 타이머를 멈춘다(RFC 6298 (5.2)).",
                    kv("Ack", &ack, Josa::I)
                ),
            ));
        }
        Some(say!(
            self.lang,
            format!("{} reaches {recv}.", self.seg(s, i, Josa::I)),
            format!("{} {recv}에 도착한다.", self.seg(s, i, Josa::I)),
        ))
    }
}

/// What a receiver made of a segment, as a short label in `lang` (the English is the core's
/// `Verdict` text): for the arrival of a segment in a drawing, where a sentence does not fit.
pub fn verdict_label(v: Verdict, lang: Lang) -> &'static str {
    match v {
        Verdict::Accepted => say!(lang, "accepted", "수락"),
        Verdict::Queued => say!(
            lang,
            "out of order: held until the gap is filled, duplicate ACK",
            "순서가 어긋남: 빈 곳이 채워질 때까지 보관, 중복 ACK"
        ),
        Verdict::Old => say!(
            lang,
            "already received: dropped, re-ACKed",
            "이미 받음: 버리고 다시 ACK"
        ),
        Verdict::OutOfWindow => say!(
            lang,
            "outside the receive window: dropped, ACKed",
            "수신 윈도 밖: 버리고 ACK"
        ),
        Verdict::TimeWaitReAck => say!(
            lang,
            "retransmitted FIN in TIME-WAIT: re-ACKed, timer restarted",
            "TIME-WAIT에 다시 온 FIN: 다시 ACK, 타이머 재시작"
        ),
        Verdict::RstAccepted => say!(lang, "RST accepted", "RST 수락"),
        Verdict::RstChallenged => say!(
            lang,
            "RST in window but not at RCV.NXT: challenge ACK",
            "윈도 안이지만 RCV.NXT가 아닌 RST: 챌린지 ACK"
        ),
        Verdict::RstIgnored => say!(
            lang,
            "RST not acceptable: ignored",
            "받아들일 수 없는 RST: 무시"
        ),
        Verdict::SynChallenged => say!(
            lang,
            "SYN in a synchronized state: challenge ACK",
            "동기화된 상태의 SYN: 챌린지 ACK"
        ),
        Verdict::SynAckResent => say!(
            lang,
            "duplicate SYN: SYN,ACK re-sent",
            "중복 SYN: SYN,ACK 다시 보냄"
        ),
        Verdict::BadAckReset => say!(
            lang,
            "unacceptable ACK: answered with RST",
            "받아들일 수 없는 ACK: RST로 응답"
        ),
        Verdict::AckOfUnsent => say!(
            lang,
            "ACK of unsent data: dropped, ACKed",
            "보내지 않은 데이터의 ACK: 버리고 ACK"
        ),
        Verdict::AckTooOld => say!(
            lang,
            "ACK too old: dropped, ACKed",
            "너무 오래된 ACK: 버리고 ACK"
        ),
        Verdict::TextIgnored => say!(
            lang,
            "text after the peer's FIN: ignored",
            "상대의 FIN 뒤에 온 데이터: 무시"
        ),
        Verdict::NoConnectionReset => say!(
            lang,
            "no connection: answered with RST",
            "연결 없음: RST로 응답"
        ),
        Verdict::RstNoConnection => say!(
            lang,
            "RST with no connection: dropped, never answered",
            "연결 없는 RST: 버리고 응답하지 않음"
        ),
        Verdict::RstInListen => say!(lang, "RST in LISTEN: ignored", "LISTEN의 RST: 무시"),
        Verdict::NoSynInListen => {
            say!(lang, "no SYN in LISTEN: dropped", "LISTEN에 SYN 없음: 버림")
        }
        Verdict::NoSynOrRstInSynSent => say!(
            lang,
            "neither SYN nor RST in SYN-SENT: dropped",
            "SYN-SENT에 SYN도 RST도 없음: 버림"
        ),
        Verdict::NoAck => say!(lang, "no ACK bit: dropped", "ACK 비트 없음: 버림"),
        Verdict::RstInTimeWaitIgnored => say!(
            lang,
            "RST in TIME-WAIT: ignored (RFC 1337)",
            "TIME-WAIT의 RST: 무시(RFC 1337)"
        ),
        Verdict::DupSynRateLimited => say!(
            lang,
            "duplicate SYN within the rate limit: no answer",
            "속도 제한 안의 중복 SYN: 응답 없음"
        ),
        Verdict::SynInWindowReset => say!(
            lang,
            "in-window SYN, another ISN: RST,ACK, request dropped",
            "다른 ISN의 윈도 안 SYN: RST,ACK, 요청 버림"
        ),
        Verdict::TimeWaitAckRestart => say!(
            lang,
            "bare ACK in TIME-WAIT: timer restarted, no answer",
            "TIME-WAIT의 ACK: 타이머 재시작, 응답 없음"
        ),
        Verdict::TimeWaitOtherReAck => say!(
            lang,
            "segment in TIME-WAIT: re-ACKed, timer restarted",
            "TIME-WAIT에 온 세그먼트: 다시 ACK, 타이머 재시작"
        ),
        Verdict::CrossingSynAckAcked => say!(
            lang,
            "crossing SYN,ACK: established, its SYN ACKed again",
            "엇갈린 SYN,ACK: 연결 수립, 그 SYN에 다시 ACK"
        ),
    }
}

#[cfg(test)]
mod verdict_label_tests {
    use super::*;

    #[test]
    fn verdict_labels_in_english_are_the_cores_words() {
        use handshake_core::endpoint::Verdict as V;
        for v in [
            V::Accepted,
            V::Queued,
            V::Old,
            V::OutOfWindow,
            V::TimeWaitReAck,
            V::RstAccepted,
            V::RstChallenged,
            V::RstIgnored,
            V::SynChallenged,
            V::SynAckResent,
            V::BadAckReset,
            V::AckOfUnsent,
            V::AckTooOld,
            V::TextIgnored,
            V::NoConnectionReset,
            V::RstNoConnection,
            V::RstInListen,
            V::NoSynInListen,
            V::NoSynOrRstInSynSent,
            V::NoAck,
            V::RstInTimeWaitIgnored,
            V::DupSynRateLimited,
            V::SynInWindowReset,
            V::TimeWaitAckRestart,
            V::TimeWaitOtherReAck,
            V::CrossingSynAckAcked,
        ] {
            assert_eq!(verdict_label(v, Lang::En), alloc::format!("{v}"));
            assert!(!verdict_label(v, Lang::Ko).is_empty());
            assert_ne!(verdict_label(v, Lang::Ko), verdict_label(v, Lang::En));
        }
    }
}
