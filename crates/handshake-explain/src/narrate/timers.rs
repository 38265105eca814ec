//! Timers and the RTO: a retransmission timer's expiry with which expiry of its segment it is
//! and how the RTO changed (doubled, or capped at the maximum), the 2·MSL restart, the
//! FIN-WAIT-2 timeout, RTT samples and Karn's rule, and the 3 s of RFC 6298 (5.7). Every count
//! and every RTO is the trace's: the expiry count is `expiry`, not the backoff; the RTO before a
//! change is `from`, and `capped` says when the maximum stopped a doubling.

use alloc::format;
use alloc::string::String;

use handshake_core::config::{RttEstimatorKind, Rule};
use handshake_core::endpoint::{Cause, RetryLimit, RtoChange, TimerAction, TimerKind};
use handshake_core::state::State;
use handshake_core::trace::TraceKind;
use handshake_core::vocab::Side;
use handshake_core::{Duration, Flags, Instant};

use super::{Narrator, SCAN};
use crate::fact::{FactKind, Source, Value};
use crate::format::flags_rfc;
use crate::korean::{Josa, josa};
use crate::lang::{Lang, say};

/// "첫 번째", "두 번째", … "열 번째", "11번째": an ordinal count in Korean (a retransmission's).
pub(crate) fn ordinal_noun_ko(n: u64) -> String {
    const WORDS: [&str; 10] = [
        "첫 번째",
        "두 번째",
        "세 번째",
        "네 번째",
        "다섯 번째",
        "여섯 번째",
        "일곱 번째",
        "여덟 번째",
        "아홉 번째",
        "열 번째",
    ];
    match usize::try_from(n)
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|k| WORDS.get(k))
    {
        Some(w) => String::from(*w),
        None => format!("{n}번째"),
    }
}

/// "first", "second", … "tenth", "11th": the ordinal of an expiry count in English.
pub(crate) fn ordinal_en(n: u64) -> String {
    const WORDS: [&str; 10] = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth",
    ];
    if let Some(w) = usize::try_from(n)
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|k| WORDS.get(k))
    {
        return String::from(*w);
    }
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// "처음으로", "두 번째로", … "열 번째로", "11번째로": the ordinal of an expiry count in Korean.
pub(crate) fn ordinal_ko(n: u64) -> String {
    const WORDS: [&str; 10] = [
        "처음으로",
        "두 번째로",
        "세 번째로",
        "네 번째로",
        "다섯 번째로",
        "여섯 번째로",
        "일곱 번째로",
        "여덟 번째로",
        "아홉 번째로",
        "열 번째로",
    ];
    match usize::try_from(n)
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|k| WORDS.get(k))
    {
        Some(w) => String::from(*w),
        None => format!("{n}번째로"),
    }
}

impl Narrator<'_> {
    pub(super) fn timer(
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
            (TimerKind::Retransmission, TimerAction::Fire) => Some(self.rtx_fired(i, side, expiry)),
            (TimerKind::TimeWait, TimerAction::Restart) => {
                let tw = self.span(FactKind::TimerLength, deadline - self.ev[i].t, i);
                let d = self.at(FactKind::Deadline, deadline, i);
                let fin = self
                    .answering(i, side)
                    .is_some_and(|(_, s, _)| s.flags.fin());
                let (after_en, after_ko) = if fin {
                    ("this FIN", "이 FIN으로")
                } else {
                    ("this segment", "이 세그먼트로")
                };
                if self.timer_rule(i) == Some(Rule::TimeWaitFixed) {
                    return Some(say!(
                        self.lang,
                        format!(
                            "{who} restarts its TIME-WAIT timer from zero — Linux's fixed TCP_TIMEWAIT_LEN, not 2·MSL: TIME-WAIT now ends at {d}, {tw} after {after_en}."
                        ),
                        format!(
                            "{who}는 TIME-WAIT 타이머를 처음부터 다시 잰다(2·MSL이 아니라 리눅스의 고정된 길이다). TIME-WAIT는 이제 {after_ko}부터 {tw} 뒤인 시각 {d}에 끝난다."
                        ),
                    ));
                }
                Some(say!(
                    self.lang,
                    format!(
                        "{who} restarts its 2·MSL timer from zero: TIME-WAIT now ends at {d}, {tw} after {after_en}."
                    ),
                    format!(
                        "{who}는 2·MSL 타이머를 처음부터 다시 잰다. TIME-WAIT는 이제 {after_ko}부터 {tw} 뒤인 시각 {d}에 끝난다."
                    ),
                ))
            }
            (TimerKind::FinWait2, TimerAction::Set) => {
                let d = self.at(FactKind::Deadline, deadline, i);
                Some(say!(
                    self.lang,
                    format!(
                        "{who} starts a FIN-WAIT-2 timeout: if no FIN arrives by {d} it gives up (like Linux's tcp_fin_timeout; the RFC has no such timer)."
                    ),
                    format!(
                        "{who}가 FIN-WAIT-2 타임아웃을 건다. 시각 {d}까지 FIN이 오지 않으면 포기한다(리눅스의 FIN-WAIT-2 타임아웃과 같다. RFC에는 없는 타이머다)."
                    ),
                ))
            }
            (TimerKind::DelayedAck, TimerAction::Set) => {
                let len = self.span(FactKind::TimerLength, deadline - self.ev[i].t, i);
                let d = self.at(FactKind::Deadline, deadline, i);
                let (why_en, why_ko) = if self.timer_rule(i) == Some(Rule::DelayedAckNoData) {
                    (
                        "on a connection that has received no data it fires at the next timer tick",
                        "데이터를 받은 적 없는 연결에서는 다음 타이머 틱에 울린다",
                    )
                } else {
                    (
                        "on a connection that has received data it waits TCP_ATO_MIN",
                        "데이터를 받은 연결에서는 최소 지연 시간만큼 기다린다",
                    )
                };
                Some(say!(
                    self.lang,
                    format!(
                        "{who} does not ACK the FIN at once: Linux leaves it to its delayed-ACK timer, and {why_en}, {len}, so the ACK goes at {d} — unless the application closes first and its FIN carries the ACK. (RFC 9293 allows a delayed ACK, §3.8.6.3; the reference profile ACKs at once)."
                    ),
                    format!(
                        "{who}는 FIN에 바로 ACK하지 않는다. 리눅스는 이를 지연 ACK 타이머에 맡기는데, {why_ko}({len}). 그래서 ACK는 시각 {d}에 나간다. 그 전에 애플리케이션이 닫으면 FIN이 ACK를 함께 싣고 간다(RFC 9293은 지연 ACK를 허용한다, §3.8.6.3. 참조 프로필은 바로 ACK한다)."
                    ),
                ))
            }
            // Starts are told with the segment or the state change, expiries with the state
            // change, cancels with the ACK that caused them (a delayed ACK's expiry, with the
            // ACK it sends).
            _ => None,
        }
    }

    /// An expiry of the retransmission timer: the `expiry`-th of the earliest unacknowledged
    /// segment (the trace's count), and what happened to the RTO (the trace's backoff).
    fn rtx_fired(&self, i: usize, side: Side, expiry: Option<u8>) -> String {
        let whose = self.whose(side);
        // How long the timer ran: the length it was set with.
        let waited = self
            .timer_started(i, side, TimerKind::Retransmission)
            .map(|(j, t, deadline)| self.span(FactKind::TimerLength, deadline - t, j));
        // What is re-sent (the segment that follows), or what was given up on.
        let resent = self.same_instant_after(i).find_map(|(_, e)| match &e.kind {
            TraceKind::Send { seg, .. } if seg.from == side => Some(seg.flags),
            _ => None,
        });
        let gave_up = self.followers(i, side).find_map(|(_, k)| match k {
            TraceKind::State {
                cause: Cause::RetriesExhausted(r),
                ..
            } => Some(r.limit_of),
            _ => None,
        });
        let what = match (resent, gave_up) {
            (Some(flags), _) => {
                let f = flags_rfc(flags.without(Flags::ACK).without(Flags::PSH));
                if f == "-" {
                    say!(self.lang, String::from("data"), String::from("데이터"))
                } else {
                    f
                }
            }
            (None, Some(RetryLimit::Syn)) => String::from("SYN"),
            (None, Some(RetryLimit::SynAck)) => String::from("SYN,ACK"),
            _ => say!(self.lang, String::from("data"), String::from("데이터")),
        };
        let nth = expiry.map(|n| {
            let n = u64::from(n);
            let shown = say!(self.lang, ordinal_en(n), ordinal_ko(n));
            self.fact(FactKind::Expiry, Value::Int(n), Source::Event(i), &shown)
        });
        let head = say!(
            self.lang,
            format!(
                "No ACK for {whose} {what}{}: its retransmission timer expires{}.",
                waited
                    .as_ref()
                    .map(|w| format!(" within {w}"))
                    .unwrap_or_default(),
                nth.as_ref()
                    .map(|n| format!(" for the {n} time"))
                    .unwrap_or_default()
            ),
            format!(
                "{}{whose} {what}에 대한 ACK가 오지 않아 재전송 타이머가 {}만료된다.",
                waited
                    .as_ref()
                    .map(|w| format!("{} 지나도록 ", josa(w, Josa::I)))
                    .unwrap_or_default(),
                nth.as_ref().map(|n| format!("{n} ")).unwrap_or_default()
            ),
        );
        let backoff = self.followers(i, side).find_map(|(k, e)| match e {
            TraceKind::Rto {
                change: RtoChange::BackOff { capped },
                from,
                rto,
                ..
            } => Some((k, *capped, *from, *rto)),
            _ => None,
        });
        let linear = self.followers(i, side).find_map(|(k, e)| match e {
            TraceKind::Rto {
                change: RtoChange::Linear,
                rto,
                ..
            } => Some((k, *rto)),
            _ => None,
        });
        if let Some((k, rto)) = linear {
            let rto = self.span(FactKind::Rto, rto, k);
            let tail = say!(
                self.lang,
                format!(
                    " Linux keeps the RTO at {rto} for its first SYN retransmissions (tcp_syn_linear_timeouts), where RFC 6298 (5.5) would double it: the SYN goes again at the same interval before the waits grow."
                ),
                format!(
                    " 리눅스는 처음 몇 번의 SYN 재전송 동안 RTO를 {rto} 그대로 둔다(리눅스의 선형 SYN 타임아웃). RFC 6298 (5.5)라면 두 배로 늘린다. 그래서 기다림이 늘기 전까지 같은 간격으로 SYN을 다시 보낸다."
                ),
            );
            return format!("{head}{tail}");
        }
        let tail = match backoff {
            Some((k, false, from, rto_d)) => {
                let (from, rto) = (
                    self.span(FactKind::RtoBefore, from, k),
                    self.span(FactKind::Rto, rto_d, k),
                );
                let doubled = |word: &str| {
                    self.fact(FactKind::Doubled, Value::Int(1), Source::Event(k), word)
                };
                say!(
                    self.lang,
                    format!(
                        " RFC 6298 (5.5) {} the RTO from {from} to {rto}, so each retry waits twice as long as the one before.",
                        doubled("doubles")
                    ),
                    format!(
                        " RFC 6298 (5.5)에 따라 RTO가 {from}에서 {}로 {} 되어, 재시도할 때마다 기다리는 시간이 두 배로 늘어난다.",
                        rto,
                        doubled("두 배가")
                    ),
                )
            }
            Some((k, true, from_d, rto_d)) if from_d == rto_d => {
                let rto = self.span(FactKind::Rto, rto_d, k);
                say!(
                    self.lang,
                    format!(
                        " The RTO is already at its maximum of {rto}, so it does not double again (RFC 6298 (2.5)): the next retry waits {rto} too."
                    ),
                    format!(
                        " RTO는 이미 최댓값인 {}라 더 늘지 않는다(RFC 6298 (2.5)). 다음 재시도도 {rto}를 기다린다.",
                        rto
                    ),
                )
            }
            Some((k, true, from, rto)) => {
                let (from, rto) = (
                    self.span(FactKind::RtoBefore, from, k),
                    self.span(FactKind::Rto, rto, k),
                );
                say!(
                    self.lang,
                    format!(
                        " Doubling the RTO of {from} would pass its maximum, so RFC 6298 (5.5) and (2.5) make it the maximum, {rto}."
                    ),
                    format!(
                        " {from}인 RTO를 두 배로 하면 최댓값을 넘으므로, RFC 6298 (5.5)와 (2.5)에 따라 최댓값인 {}로 정한다.",
                        rto
                    ),
                )
            }
            None if gave_up.is_some() => say!(
                self.lang,
                String::from(" The retry limit is reached."),
                String::from(" 재전송 한도에 이르렀다."),
            ),
            None => String::new(),
        };
        format!("{head}{tail}")
    }

    pub(super) fn rto(
        &self,
        i: usize,
        side: Side,
        change: RtoChange,
        from: Duration,
        rto: Duration,
    ) -> Option<String> {
        let who = self.who_cap(side);
        let who_l = self.who(side);
        let timed = match &self.ev[i].kind {
            TraceKind::Rto {
                timed: Some(id), ..
            } => Some(*id),
            _ => None,
        };
        match change {
            RtoChange::Sample {
                rtt,
                first: true,
                srtt,
                estimator: RttEstimatorKind::Linux,
                ..
            } => {
                let r = self.span(FactKind::Rtt, rtt, i);
                let srtt = self.span(FactKind::Srtt, srtt, i);
                let min = self.fact_span(
                    FactKind::RtoMin,
                    self.scenario.config(side).rto_min,
                    Source::Config(side),
                );
                let rto_s = self.span(FactKind::Rto, rto, i);
                let on = timed.map(|id| self.id(id, i));
                Some(say!(
                    self.lang,
                    format!(
                        "{who} measures its first round-trip time{}: {r}. Linux sets SRTT = R = {srtt} and the RTO to SRTT + max(4·RTTVAR, {min}) = {rto_s}: its minimum (tcp_rto_min) floors the variance term, where RFC 6298 (2.4) rounds the whole RTO up to it.",
                        on.as_ref()
                            .map(|id| format!(", on {id}"))
                            .unwrap_or_default()
                    ),
                    format!(
                        "{who}가 {}첫 왕복 시간(RTT)을 잰다: {r}. 리눅스는 SRTT = R = {srtt}로 두고, RTO를 SRTT에 4·RTTVAR와 최솟값 {min} 중 큰 쪽을 더한 {}로 정한다. 최솟값이 분산 항에 걸리는 것이다. RFC 6298 (2.4)는 RTO 전체를 최솟값으로 올린다.",
                        on.as_ref()
                            .map(|id| format!("{} ", josa(id, Josa::Euro)))
                            .unwrap_or_default(),
                        rto_s
                    ),
                ))
            }
            RtoChange::Sample {
                rtt,
                first: true,
                srtt,
                rttvar,
                ..
            } => {
                let r = self.span(FactKind::Rtt, rtt, i);
                let srtt = self.span(FactKind::Srtt, srtt, i);
                let rttvar = self.span(FactKind::Rttvar, rttvar, i);
                let min = self.fact_span(
                    FactKind::RtoMin,
                    self.scenario.config(side).rto_min,
                    Source::Config(side),
                );
                let rto_s = self.span(FactKind::Rto, rto, i);
                let on = timed.map(|id| self.id(id, i));
                Some(say!(
                    self.lang,
                    format!(
                        "{who} measures its first round-trip time{}: {r}. RFC 6298 (2.2) sets SRTT = R = {srtt} and RTTVAR = R/2 = {rttvar}; the RTO is SRTT + 4·RTTVAR, but at least the {min} minimum (2.4): {rto_s}.",
                        on.as_ref()
                            .map(|id| format!(", on {id}"))
                            .unwrap_or_default()
                    ),
                    format!(
                        "{who}가 {}첫 왕복 시간(RTT)을 잰다: {r}. RFC 6298 (2.2)에 따라 SRTT = R = {srtt}, RTTVAR = R/2 = {}. RTO는 SRTT + 4·RTTVAR로 구하되 최솟값 {min} 아래로는 내려가지 않는다(2.4). 새 RTO는 {}.",
                        on.as_ref()
                            .map(|id| format!("{} ", josa(id, Josa::Euro)))
                            .unwrap_or_default(),
                        josa(&rttvar, Josa::Ida),
                        josa(&rto_s, Josa::Ida)
                    ),
                ))
            }
            RtoChange::Sample { rtt, .. } => {
                if from == rto {
                    return None;
                }
                // The RTO before was a backoff or the 3 s of (5.7): the trace's previous change.
                let backed_off = self.ev[..i]
                    .iter()
                    .rev()
                    .take(SCAN)
                    .find_map(|e| match e.kind {
                        TraceKind::Rto {
                            side: s, change, ..
                        } if s == side => Some(matches!(
                            change,
                            RtoChange::BackOff { .. } | RtoChange::HandshakeFallback
                        )),
                        TraceKind::State {
                            side: s,
                            from: State::Closed | State::Listen,
                            ..
                        } if s == side => Some(false),
                        _ => None,
                    })
                    .unwrap_or(false);
                let r = self.span(FactKind::Rtt, rtt, i);
                let before = self.span(FactKind::RtoBefore, from, i);
                let rto_s = self.span(FactKind::Rto, rto, i);
                Some(if backed_off {
                    say!(
                        self.lang,
                        format!(
                            "A valid RTT sample ({r}) ends the backoff: {whose} RTO goes from {before} to {rto_s} (RFC 6298 (2.3) and the note after (5.7)).",
                            whose = self.whose(side)
                        ),
                        format!(
                            "유효한 RTT 측정값({r})이 생겨 백오프가 끝난다. {who}의 RTO가 {before}에서 {}로 바뀐다(RFC 6298 (2.3)과 (5.7) 뒤의 설명).",
                            rto_s
                        ),
                    )
                } else {
                    say!(
                        self.lang,
                        format!(
                            "A new RTT sample ({r}) moves {whose} RTO from {before} to {rto_s}: SRTT and RTTVAR are smoothed with α = 1/8 and β = 1/4 (RFC 6298 (2.3)).",
                            whose = self.whose(side)
                        ),
                        format!(
                            "새 RTT 측정값({r})으로 {who}의 RTO가 {before}에서 {}로 바뀐다. SRTT와 RTTVAR는 α = 1/8, β = 1/4로 부드럽게 갱신된다(RFC 6298 (2.3)).",
                            rto_s
                        ),
                    )
                })
            }
            RtoChange::KarnNoSample => {
                let rto_s = self.span(FactKind::Rto, rto, i);
                Some(say!(
                    self.lang,
                    format!(
                        "This ACK covers a retransmitted segment, so {who_l} takes no RTT sample: it cannot tell which copy the ACK answers (Karn's algorithm, RFC 6298 §3). The RTO stays {rto_s}."
                    ),
                    format!(
                        "이 ACK는 재전송한 세그먼트를 확인하므로 {who}는 RTT를 재지 않는다. 원본과 재전송 중 어느 쪽에 대한 답인지 알 수 없기 때문이다(Karn 알고리즘, RFC 6298 §3). RTO는 {rto_s} 그대로다."
                    ),
                ))
            }
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
                    .unwrap_or_else(|| String::from("SYN"));
                let before = self.span(FactKind::RtoBefore, from, i);
                let rto_s = self.span(FactKind::Rto, rto, i);
                // Linux's rule without a timeout: the handshake only gave no RTT sample.
                let timed_out = self.ev[..i].iter().rev().take(SCAN).any(|e| {
                    matches!(e.kind, TraceKind::Timer { side: s, kind: TimerKind::Retransmission, action: TimerAction::Fire, .. } if s == side)
                });
                if !timed_out {
                    return Some(say!(
                        self.lang,
                        format!(
                            "The handshake gave {who_l} no RTT sample (its {what} was sent twice, so Karn's rule applies), so as data transfer begins Linux sets its RTO from {before} to {rto_s} (tcp_init_metrics, starting data with a 3 s RTO; RFC 6298 (5.7) asks it only after a timeout)."
                        ),
                        format!(
                            "핸드셰이크에서 {who}는 RTT를 재지 못했다({} 두 번 보냈으므로 Karn 규칙이 적용된다). 그래서 데이터 전송을 시작하며 리눅스는 RTO를 {before}에서 {}로 바꾼다(리눅스는 RTO 3초로 시작한다. RFC 6298 (5.7)은 타이머가 만료되었을 때만 요구한다).",
                            josa(&what, Josa::Eul),
                            rto_s
                        ),
                    ));
                }
                Some(say!(
                    self.lang,
                    format!(
                        "Its {what} had to be re-sent, so as data transfer begins {who_l} sets its RTO from {before} to {rto_s} (RFC 6298 (5.7): after a timeout in the handshake, data starts with a 3 s RTO)."
                    ),
                    format!(
                        "{} 다시 보내야 했으므로 {who}는 데이터 전송을 시작하며 RTO를 {before}에서 {}로 바꾼다(RFC 6298 (5.7): 핸드셰이크 중에 타이머가 만료되었으면 데이터 전송은 RTO 3초로 시작한다).",
                        josa(&what, Josa::Eul),
                        rto_s
                    ),
                ))
            }
            // Told with the timer's expiry.
            RtoChange::BackOff { .. } | RtoChange::Linear => None,
        }
    }
}

/// A timer's short name in a drawing, as the core's ladder names it: a fixed TIME-WAIT (the
/// Linux profile's `Rule::TimeWaitFixed`) is not called 2·MSL.
pub fn timer_label(k: TimerKind, rule: Option<Rule>, lang: Lang) -> &'static str {
    match (k, rule, lang) {
        (TimerKind::Retransmission, _, Lang::En) => "rtx timer",
        (TimerKind::Retransmission, _, Lang::Ko) => "재전송 타이머",
        (TimerKind::TimeWait, Some(Rule::TimeWaitFixed), Lang::En) => "TIME-WAIT timer",
        (TimerKind::TimeWait, Some(Rule::TimeWaitFixed), Lang::Ko) => "TIME-WAIT 타이머",
        (TimerKind::TimeWait, _, Lang::En) => "2·MSL timer",
        (TimerKind::TimeWait, _, Lang::Ko) => "2·MSL 타이머",
        (TimerKind::FinWait2, _, Lang::En) => "FIN-WAIT-2 timer",
        (TimerKind::FinWait2, _, Lang::Ko) => "FIN-WAIT-2 타이머",
        (TimerKind::DelayedAck, _, Lang::En) => "delayed-ACK timer",
        (TimerKind::DelayedAck, _, Lang::Ko) => "지연 ACK 타이머",
    }
}
