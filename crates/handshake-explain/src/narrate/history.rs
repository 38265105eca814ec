//! Issue 13's events: segments from the past (hand-made segments, old duplicates), hosts that
//! crash and reboot, and the broken-TCP switches — each said with what real TCP does, since the
//! point of a counterfactual is the rule it breaks.

use alloc::format;
use alloc::string::String;

use handshake_core::config::Counterfactual;
use handshake_core::trace::SegmentInfo;
use handshake_core::vocab::Side;
use handshake_core::{Duration, Instant};

use super::{Narrator, capitalize};
use crate::fact::FactKind;
use crate::korean::{Josa, josa};
use crate::lang::say;

impl Narrator<'_> {
    pub(super) fn inject(&self, i: usize, s: &SegmentInfo, arrival: Instant) -> String {
        let who = self.who(s.from);
        let arrival = self.at(FactKind::Arrival, arrival, i);
        say!(
            self.lang,
            format!(
                "{} is made by hand and put on the wire as if {who} had sent it — no endpoint sent it. It arrives at {arrival}.",
                self.seg(s, i, Josa::I)
            ),
            format!(
                "손으로 만든 {} {who}가 보낸 것처럼 링크에 올라간다. 어느 끝점도 보내지 않았다. 시각 {arrival}에 도착한다.",
                self.seg(s, i, Josa::I)
            ),
        )
    }

    pub(super) fn old_duplicate(
        &self,
        i: usize,
        s: &SegmentInfo,
        sent_at: Instant,
        age: Duration,
    ) -> String {
        let id = self.seg_id(s, i);
        let orig = self.id(s.duplicate_of.unwrap_or(s.id.source()), i);
        let sent = self.at(FactKind::SentAt, sent_at, i);
        let age = self.span(FactKind::Age, age, i);
        say!(
            self.lang,
            format!(
                "An old duplicate arrives: the network kept a copy of {orig} wandering since it left at {sent}, {age} ago. The copy, {id}, carries the same header and data."
            ),
            format!(
                "오래된 중복 세그먼트가 도착한다. 네트워크가 시각 {sent}에 떠난 {}의 사본을 {age} 동안 떠돌게 했다. 사본 {} 같은 헤더와 데이터를 담고 있다.",
                orig,
                josa(&id, Josa::Eun)
            ),
        )
    }

    pub(super) fn crash(&self, side: Side) -> String {
        let who = self.who_cap(side);
        say!(
            self.lang,
            format!(
                "{who}'s host crashes: every TCB and timer it had is gone at once, nothing is sent and its application is told nothing. Segments that reach it now are lost."
            ),
            format!(
                "{who} 호스트가 크래시한다. 가지고 있던 TCB와 타이머가 한꺼번에 사라지고, 아무것도 보내지 않으며 애플리케이션에도 알리지 않는다. 이제 도착하는 세그먼트는 사라진다."
            ),
        )
    }

    pub(super) fn reboot(&self, side: Side) -> String {
        let who = self.who_cap(side);
        say!(
            self.lang,
            format!(
                "{who}'s host is up again with no TCB: it remembers no connection. A new connection gets a fresh ISN, away from the old sequence numbers (RFC 9293 §3.4.1)."
            ),
            format!(
                "{who} 호스트가 TCB 없이 다시 켜진다. 어떤 연결도 기억하지 못한다. 새 연결은 예전 순서 번호와 떨어진 새 ISN을 받는다(RFC 9293 §3.4.1)."
            ),
        )
    }

    pub(super) fn switch(&self, side: Side, switch: Counterfactual, on: bool) -> String {
        let whose = self.whose(side);
        let (rule_en, rule_ko) = broken_rule(switch);
        if on {
            say!(
                self.lang,
                format!(
                    "Not TCP from here: {whose} TCP is broken on purpose — {rule_en}. What follows shows what that rule is for."
                ),
                format!(
                    "여기부터는 TCP가 아니다. {whose} TCP를 일부러 망가뜨렸다: {rule_ko}. 이어지는 장면이 그 규칙이 왜 있는지 보여 준다."
                ),
            )
        } else {
            say!(
                self.lang,
                format!(
                    "{} TCP keeps the rule again: {rule_en} no more.",
                    capitalize(whose)
                ),
                format!("{whose} TCP가 다시 규칙을 지킨다. 더는 '{rule_ko}'가 아니다."),
            )
        }
    }

    pub(super) fn not_tcp(&self, side: Side, switch: Counterfactual) -> String {
        let who = self.who_cap(side);
        let peer = self.who(side.peer());
        match switch {
            Counterfactual::TwoWayHandshake => say!(
                self.lang,
                format!(
                    "Not TCP: {who} takes the SYN as a whole connection. Real TCP waits in SYN-RECEIVED for the ACK of its own SYN, so an old duplicate SYN cannot open a connection (RFC 9293 §3.5)."
                ),
                format!(
                    "TCP가 아니다: {who}는 SYN 하나로 연결이 된 것으로 여긴다. 진짜 TCP는 SYN-RECEIVED에서 자신의 SYN에 대한 ACK를 기다리므로 오래된 중복 SYN이 연결을 열 수 없다(RFC 9293 §3.5)."
                ),
            ),
            Counterfactual::NoTimeWait => say!(
                self.lang,
                format!(
                    "Not TCP: {who} skips TIME-WAIT. Real TCP waits 2·MSL there, to ACK {peer}'s FIN again if its last ACK is lost and to let old segments of this connection die (RFC 9293 §3.6.1)."
                ),
                format!(
                    "TCP가 아니다: {who}는 TIME-WAIT를 건너뛴다. 진짜 TCP는 거기서 2·MSL 동안 기다리며, 마지막 ACK가 유실되면 {peer}의 FIN에 다시 ACK하고 이 연결의 오래된 세그먼트가 사라지게 한다(RFC 9293 §3.6.1)."
                ),
            ),
            Counterfactual::SameIsn => say!(
                self.lang,
                format!(
                    "Not TCP: {who} starts this connection at the same ISN as its first one. Real TCP picks a fresh ISN for every connection, so segments of an earlier one fall outside the new window (RFC 9293 §3.4.1)."
                ),
                format!(
                    "TCP가 아니다: {who}는 이 연결을 첫 연결과 같은 ISN에서 시작한다. 진짜 TCP는 연결마다 새 ISN을 골라, 이전 연결의 세그먼트가 새 윈도 밖에 떨어지게 한다(RFC 9293 §3.4.1)."
                ),
            ),
            Counterfactual::NoFinRetransmission => say!(
                self.lang,
                format!(
                    "Not TCP: the timer expired with only {}'s FIN unacknowledged, and it is not sent again. Real TCP retransmits a FIN like data (RFC 9293 §3.6), so {peer} cannot be left waiting.",
                    self.who(side)
                ),
                format!(
                    "TCP가 아니다: {}의 FIN만 확인받지 못한 채 타이머가 만료됐는데 다시 보내지 않는다. 진짜 TCP는 FIN도 데이터처럼 재전송하므로(RFC 9293 §3.6) {peer}가 하염없이 기다리는 일이 없다.",
                    self.who(side)
                ),
            ),
        }
    }
}

/// The broken rule, as a phrase in both languages.
fn broken_rule(c: Counterfactual) -> (&'static str, &'static str) {
    match c {
        Counterfactual::TwoWayHandshake => (
            "a two-way handshake (ESTABLISHED on the SYN alone)",
            "2-way 핸드셰이크(SYN만으로 ESTABLISHED)",
        ),
        Counterfactual::NoTimeWait => (
            "no TIME-WAIT (straight to CLOSED)",
            "TIME-WAIT 없음(곧바로 CLOSED)",
        ),
        Counterfactual::SameIsn => ("the same ISN for every connection", "모든 연결에 같은 ISN"),
        Counterfactual::NoFinRetransmission => (
            "no retransmission of a lost FIN",
            "유실된 FIN을 재전송하지 않음",
        ),
    }
}
