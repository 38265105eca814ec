//! What the application receives and is told: bytes delivered in order (several segments'
//! worth told as one entry), connected, end of stream, reset, timed out, closed, and bytes
//! discarded when a connection ends.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use handshake_core::endpoint::{Cause, Verdict};
use handshake_core::state::State;
use handshake_core::trace::{SegmentInfo, TraceKind};
use handshake_core::vocab::{AppEvent, Side};

use super::{Narrator, RUN_MIN, is_pure_ack};
use crate::fact::{FactKind, Source};
use crate::korean::{Josa, particle};
use crate::lang::say;

impl Narrator<'_> {
    /// The indices of the `Deliver` events of `side` at event `i`'s instant that follow one
    /// another with only the arrivals that caused them and the plain ACKs answering them between.
    pub(super) fn deliver_run(&self, i: usize, side: Side) -> Vec<usize> {
        if let Some((s, run)) = self.deliveries.borrow().as_ref()
            && *s == side
            && run.binary_search(&i).is_ok()
        {
            return run.clone();
        }
        let member = |k: &TraceKind| matches!(k, TraceKind::Deliver { side: s, .. } if *s == side);
        let between = |k: &TraceKind| match k {
            TraceKind::Arrive { seg, verdict } => {
                seg.to() == side && matches!(verdict, Some(Verdict::Accepted))
            }
            TraceKind::Send { seg, .. } => seg.from == side && is_pure_ack(seg),
            TraceKind::Timer { side: s, .. } | TraceKind::Rto { side: s, .. } => *s == side,
            _ => false,
        };
        let run = self.run(i, member, between);
        *self.deliveries.borrow_mut() = Some((side, run.clone()));
        run
    }

    /// Is event `i` (a plain ACK from `side`) one of the ACKs inside a run of deliveries?
    pub(super) fn in_deliver_run(&self, i: usize, side: Side) -> bool {
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

    pub(super) fn deliver(&self, i: usize, side: Side) -> Option<String> {
        let TraceKind::Deliver {
            len, total, data, ..
        } = &self.ev[i].kind
        else {
            return None;
        };
        let who = self.who_cap(side);
        let run = self.deliver_run(i, side);
        if run.len() >= RUN_MIN {
            if run.first() != Some(&i) {
                return None;
            }
            let group = || Source::Events(run.clone());
            let n = self.count(FactKind::Count, run.len() as u64, group());
            let bytes: u64 = run
                .iter()
                .filter_map(|&j| match self.ev[j].kind {
                    TraceKind::Deliver { len, .. } => Some(u64::from(len)),
                    _ => None,
                })
                .sum();
            let bytes = self.count(FactKind::TotalLen, bytes, group());
            let last_total = run.last().and_then(|&j| match self.ev[j].kind {
                TraceKind::Deliver { total, .. } => {
                    Some(self.num(FactKind::DeliveredTotal, total, j))
                }
                _ => None,
            });
            // The ACKs sent from the first delivery up to the one right after the last.
            let end = run.last().copied().unwrap_or(i);
            let acks: Vec<(usize, &SegmentInfo)> = self
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
                .filter_map(|(j, e)| match &e.kind {
                    TraceKind::Send { seg, .. } if seg.from == side && is_pure_ack(seg) => {
                        Some((j, seg))
                    }
                    _ => None,
                })
                .collect();
            let acked = match (acks.first(), acks.last()) {
                (Some(&(j1, a1)), Some(&(j2, a2))) => {
                    let (id1, id2) = (self.seg_id(a1, j1), self.seg_id(a2, j2));
                    let x = self.ack(a2, j2);
                    say!(
                        self.lang,
                        format!(
                            " {who} ACKs each one ({id1}–{id2}); the last, Ack={x}, is the next byte it expects."
                        ),
                        format!(
                            " {who}는 세그먼트마다 ACK하며({id1}–{id2}), 마지막 Ack={x}{} 다음에 받을 바이트다.",
                            particle(&x, Josa::Eun)
                        ),
                    )
                }
                _ => String::new(),
            };
            let so_far = last_total.map(|t| {
                say!(
                    self.lang,
                    format!(" ({t} in total so far)"),
                    format!("(지금까지 모두 {t}바이트)"),
                )
            });
            return Some(say!(
                self.lang,
                format!(
                    "{who}'s application receives {n} segments in order, {bytes} bytes{}.{acked}",
                    so_far.unwrap_or_default()
                ),
                format!(
                    "{who} 애플리케이션이 세그먼트 {n}개, {bytes}바이트를 순서대로 받는다{}.{acked}",
                    so_far.unwrap_or_default()
                ),
            ));
        }
        let len = self.num(FactKind::Delivered, u64::from(*len), i);
        let total = self.num(FactKind::DeliveredTotal, *total, i);
        let data = self.quote(FactKind::DeliveredData, data, i);
        Some(say!(
            self.lang,
            format!(
                "{who}'s application receives {len} bytes in order (\"{data}\"), {total} in total."
            ),
            format!(
                "{who} 애플리케이션이 {len}바이트를 순서대로 받는다: \"{data}\". 지금까지 모두 {total}바이트다."
            ),
        ))
    }

    pub(super) fn app(&self, i: usize, side: Side, event: AppEvent) -> Option<String> {
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
                    "{who} 애플리케이션이 스트림의 끝을 읽는다. {peer}의 FIN은 더 올 데이터가 없다는 뜻이다."
                ),
            ),
            AppEvent::Reset => say!(
                self.lang,
                format!("{who}'s application is told \"connection reset\"."),
                format!("{who} 애플리케이션이 \"연결 재설정\" 오류를 받는다."),
            ),
            AppEvent::TimedOut => say!(
                self.lang,
                format!("{who}'s application is told \"connection timed out\"."),
                format!("{who} 애플리케이션이 \"연결 시간 초과\" 오류를 받는다."),
            ),
            AppEvent::Closed => say!(
                self.lang,
                format!("{who}'s application is told the connection is closed."),
                format!("{who} 애플리케이션이 연결이 닫혔다는 알림을 받는다."),
            ),
            AppEvent::Discarded(bytes) => {
                let n = self.num(FactKind::Discarded, bytes, i);
                say!(
                    self.lang,
                    format!(
                        "{n} {} {} application sent {} never acknowledged and {} discarded (RFC 9293 §3.10.4: \"error: closing\").",
                        if bytes == 1 { "byte" } else { "bytes" },
                        self.whose(side),
                        if bytes == 1 { "was" } else { "were" },
                        if bytes == 1 { "is" } else { "are" }
                    ),
                    format!(
                        "{who} 애플리케이션이 보냈지만 확인받지 못한 {n}바이트는 버려진다(RFC 9293 §3.10.4: \"오류: 닫는 중\")."
                    ),
                )
            }
        })
    }
}
