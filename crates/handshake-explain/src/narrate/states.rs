//! State changes: each arc of RFC 9293's state machine told with its cause, and what it means
//! for the application (connect() returns, CLOSE-WAIT and not TIME-WAIT, why 2·MSL).

use alloc::format;
use alloc::string::String;

use handshake_core::Duration;
use handshake_core::config::Rule;
use handshake_core::endpoint::{Cause, RetryLimit, Role, TimerKind};
use handshake_core::state::State;
use handshake_core::trace::TraceKind;
use handshake_core::vocab::{AppEvent, Side};

use super::{Narrator, capitalize, when};
use crate::fact::FactKind;
use crate::korean::{Josa, josa};
use crate::lang::{Lang, say};

impl Narrator<'_> {
    pub(super) fn state(
        &self,
        i: usize,
        side: Side,
        from: State,
        to: State,
        cause: Cause,
        role: Option<Role>,
    ) -> String {
        let who = self.who_cap(side);
        let who_l = self.who(side);
        let peer = self.who(side.peer());
        let arc = format!("{} → {}", from.name(), to.name());
        // What the application is told at this instant right after the change (the log tells
        // it here).
        let app_told = |event: AppEvent| {
            self.followers(i, side)
                .any(|(_, k)| matches!(k, TraceKind::App { event: e, .. } if *e == event))
        };
        match (from, to, cause) {
            (_, State::Closed, Cause::Crash) => say!(
                self.lang,
                format!(
                    "{who}'s connection vanishes with its host: {arc} without a segment, so no FIN or RST tells {peer}."
                ),
                format!(
                    "{who}의 연결이 호스트와 함께 사라진다: 세그먼트 없이 {arc}. FIN도 RST도 가지 않으므로 {peer}는 알 수 없다."
                ),
            ),
            // Only the two-way-handshake switch goes there (the `not_tcp` before says so).
            (State::Listen, State::Established, _) => say!(
                self.lang,
                format!(
                    "The SYN reaches {who_l}, which is ESTABLISHED at once ({arc}): it has not yet heard that {peer} really wants this connection."
                ),
                format!(
                    "SYN이 {who_l}에 도착하자마자 ESTABLISHED가 된다({arc}). {peer}가 정말 이 연결을 원하는지 아직 듣지 못했다."
                ),
            ),
            // Only the no-TIME-WAIT switch closes the active closer directly.
            (
                State::FinWait1 | State::FinWait2 | State::Closing,
                State::Closed,
                Cause::FinReceived | Cause::AckOfFinReceived,
            ) => say!(
                self.lang,
                format!(
                    "{who} deletes its TCB at once ({arc}) instead of waiting in TIME-WAIT: if its last ACK is lost, {peer}'s re-sent FIN will find no connection."
                ),
                format!(
                    "{who}는 TIME-WAIT에서 기다리지 않고 곧바로 TCB를 지운다({arc}). 마지막 ACK가 유실되면 다시 오는 {peer}의 FIN은 연결을 찾지 못한다."
                ),
            ),
            (_, State::Listen, Cause::Listen) => say!(
                self.lang,
                format!("{who} calls listen() (passive OPEN): {arc}. It waits for a SYN."),
                format!("{who}가 listen()을 호출한다(수동 열기): {arc}. SYN을 기다린다."),
            ),
            (_, State::SynSent, Cause::Connect) => say!(
                self.lang,
                format!("{who} calls connect() (active OPEN): {arc}."),
                format!("{who}가 connect()를 호출한다(능동 열기): {arc}."),
            ),
            (State::Listen, State::SynReceived, _) => say!(
                self.lang,
                format!(
                    "The SYN reaches {who_l}: {arc}. It records {peer}'s ISN as IRS and answers with a SYN of its own."
                ),
                format!(
                    "SYN이 {who_l}에 도착한다: {arc}. {peer}의 ISN을 IRS로 기억하고 자신의 SYN으로 답한다."
                ),
            ),
            (State::SynSent, State::SynReceived, _) => say!(
                self.lang,
                format!(
                    "{}'s SYN arrives while {who_l}'s own SYN is on its way: a simultaneous open, {arc}.",
                    capitalize(peer)
                ),
                format!("{who_l}의 SYN이 가는 중에 {peer}의 SYN이 도착한다. 동시 열기다: {arc}."),
            ),
            (State::SynSent, State::Established, _) => say!(
                self.lang,
                format!(
                    "The SYN,ACK acknowledges {who_l}'s SYN: {arc}. connect() returns and it may send data now, although {peer} only knows once the ACK arrives."
                ),
                format!(
                    "SYN,ACK가 {who_l}의 SYN을 확인했다: {arc}. connect()가 돌아오고 이제 데이터를 보낼 수 있지만, {peer}는 ACK가 도착해야 이를 안다."
                ),
            ),
            (State::SynReceived, State::Established, _) => {
                // Who opened the connection is the trace's `role`, not a guess from history.
                let call = match role {
                    Some(Role::Passive) => Some("accept()"),
                    Some(Role::Active) => Some("connect()"),
                    None => None,
                };
                let returns = call.map(|c| {
                    say!(
                        self.lang,
                        format!(", and {c} returns"),
                        format!(" {} 돌아온다", josa(c, Josa::I)),
                    )
                });
                say!(
                    self.lang,
                    format!(
                        "The ACK of {who_l}'s SYN arrives: {arc}. The three-way handshake is complete for {who_l} too{}.",
                        returns.unwrap_or_default()
                    ),
                    format!(
                        "{who_l}가 보낸 SYN에 대한 ACK가 도착한다: {arc}. {who_l}에서도 3-way 핸드셰이크가 끝나고{}.",
                        returns
                            .map_or(String::from(" 연결이 맺어진다"), |r| format!(",{r}"))
                    ),
                )
            }
            (State::Established | State::SynReceived, State::FinWait1, Cause::Close) => say!(
                self.lang,
                format!("{who} calls close(): {arc}. It is the first to close: the active closer."),
                format!("{who}가 close()를 호출한다: {arc}. 먼저 닫는 쪽(능동 닫기)이다."),
            ),
            (_, State::CloseWait, _) => {
                let eof = self.same_instant_before(i).chain(self.same_instant_after(i)).any(|(_, e)| {
                    matches!(e.kind, TraceKind::App { side: s, event: AppEvent::EndOfStream } if s == side)
                });
                let app = if eof {
                    say!(
                        self.lang,
                        " Its application has read the end of the stream and may still send until it calls close().",
                        " 애플리케이션은 스트림의 끝을 읽었고, close()를 호출할 때까지 데이터를 더 보낼 수 있다.",
                    )
                } else {
                    say!(
                        self.lang,
                        " It may still send until its application calls close().",
                        " 애플리케이션이 close()를 호출할 때까지 데이터를 더 보낼 수 있다.",
                    )
                };
                say!(
                    self.lang,
                    format!(
                        "{who} is in CLOSE-WAIT, not TIME-WAIT: only the side that sends the first FIN goes through TIME-WAIT.{app}"
                    ),
                    format!(
                        "{who}는 CLOSE-WAIT에 있다: 먼저 FIN을 보낸 쪽만 TIME-WAIT를 거친다.{app}"
                    ),
                )
            }
            (State::FinWait1, State::FinWait2, _) => say!(
                self.lang,
                format!(
                    "{}'s FIN is acknowledged: {arc}. {who} now waits for {peer}'s FIN; meanwhile {peer} may still send data (a half-close).",
                    capitalize(who_l)
                ),
                format!(
                    "{who_l}가 보낸 FIN이 확인되었다: {arc}. {who}는 이제 {peer}의 FIN을 기다린다. 그동안 {peer}는 데이터를 더 보낼 수 있다(반닫힘)."
                ),
            ),
            (State::FinWait1, State::Closing, _) => say!(
                self.lang,
                format!(
                    "{}'s FIN arrives before the ACK of {who_l}'s own: both sides are closing at once (simultaneous close), {arc}.",
                    capitalize(peer)
                ),
                format!(
                    "{who_l}가 보낸 FIN의 ACK보다 {peer}의 FIN이 먼저 온다. 양쪽이 동시에 닫는 중이다(동시 닫기): {arc}."
                ),
            ),
            (_, State::TimeWait, _) => self.time_wait(i, side, from, &arc),
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
                    "{who_l}가 보낸 FIN에 대한 ACK가 도착한다: {arc}. {who}는 나중에 닫은 쪽이므로 TIME-WAIT 없이 바로 연결(TCB)을 지운다."
                ),
            ),
            (State::TimeWait, State::Closed, Cause::TimeWaitExpired)
                if self.msl(side) == Duration::ZERO
                    && self.scenario.config(side).time_wait.is_none() =>
            {
                let msl = self.msl_fact(side);
                say!(
                    self.lang,
                    format!(
                        "With MSL = {msl}, TIME-WAIT ends at once: {arc}. If the last ACK is lost now, nobody is left to re-ACK {peer}'s FIN."
                    ),
                    format!(
                        "MSL이 {msl}라 TIME-WAIT가 곧바로 끝난다: {arc}. 이제 마지막 ACK가 유실되면 {peer}의 FIN에 다시 ACK해 줄 쪽이 없다."
                    ),
                )
            }
            (State::TimeWait, State::Closed, Cause::TimeWaitExpired)
                if self.scenario.config(side).time_wait.is_some() =>
            {
                say!(
                    self.lang,
                    format!(
                        "TIME-WAIT's fixed time passed without another segment to re-ACK: {arc}. {who} deletes the TCB; the same address and port pair may now be reused."
                    ),
                    format!(
                        "TIME-WAIT의 고정된 시간 동안 다시 ACK할 세그먼트가 오지 않았다: {arc}. {who}는 TCB를 지우고, 이제 같은 주소·포트 쌍을 다시 쓸 수 있다."
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
                    "TIME-WAIT 중에 온 RST가 이를 일찍 끝낸다: {arc}. RFC 9293의 규칙이다(RFC 1337과 이를 따르는 리눅스 설정은 무시한다)."
                ),
            ),
            (State::SynSent, State::Closed, Cause::RstReceived) => say!(
                self.lang,
                format!(
                    "The RST refuses the connection: {arc}. connect() fails with \"connection reset\" (Linux reports ECONNREFUSED, \"connection refused\")."
                ),
                format!(
                    "RST가 연결을 거절한다: {arc}. connect()는 \"연결 재설정\" 오류로 실패한다(리눅스에서는 \"연결 거부\", ECONNREFUSED)."
                ),
            ),
            (State::SynReceived, State::Listen, Cause::RstReceived | Cause::SynInWindow) => {
                let passive = when(
                    role == Some(Role::Passive),
                    say!(
                        self.lang,
                        String::from(
                            " It came from a passive OPEN, so it goes back to listening (RFC 9293 §3.10.7.4)."
                        ),
                        String::from(
                            " 수동 열기에서 시작했으므로 다시 LISTEN 상태로 돌아간다(RFC 9293 §3.10.7.4)."
                        ),
                    ),
                );
                say!(
                    self.lang,
                    format!("{who} drops the half-open connection: {arc}.{passive}"),
                    format!("{who}가 반쯤 열린 연결을 버린다: {arc}.{passive}"),
                )
            }
            (_, _, Cause::RstReceived) => {
                let app = when(
                    app_told(AppEvent::Reset),
                    say!(
                        self.lang,
                        String::from(" The application is told \"connection reset\"."),
                        String::from(" 애플리케이션은 \"연결 재설정\" 오류를 받는다."),
                    ),
                );
                say!(
                    self.lang,
                    format!(
                        "The RST ends the connection at once: {arc}, without any FIN exchange.{app}"
                    ),
                    format!("RST가 연결을 즉시 끝낸다: {arc}. FIN 교환은 없다.{app}"),
                )
            }
            (_, State::Closed, Cause::Abort) => {
                // Whether an RST goes out is what the trace shows next, not a rule applied here.
                let rst = self.same_instant_after(i).any(|(_, e)| {
                    matches!(&e.kind, TraceKind::Send { seg, .. } if seg.from == side && seg.flags.rst())
                });
                let rst = if rst {
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
            (_, _, Cause::RetriesExhausted(r)) => {
                let n = self.num(FactKind::GaveUpAfter, u64::from(r.count), i);
                let limit = self.num(FactKind::GiveUpLimit, u64::from(r.limit), i);
                let what = match (self.lang, r.limit_of) {
                    (_, RetryLimit::Syn) => "SYN",
                    (_, RetryLimit::SynAck) => "SYN,ACK",
                    (Lang::En, RetryLimit::Data) => "data",
                    (Lang::Ko, RetryLimit::Data) => "데이터",
                };
                if to == State::Listen {
                    return say!(
                        self.lang,
                        format!(
                            "After {n} unanswered SYN,ACK retransmissions (the limit is {limit}) {who_l} gives up on this half-open connection: {arc}, silently, as Linux drops the request."
                        ),
                        format!(
                            "SYN,ACK를 {n}번 다시 보내도 답이 없어(한도 {limit}번) {who}는 반쯤 열린 연결을 포기한다: {arc}. 리눅스처럼 아무것도 보내지 않는다."
                        ),
                    );
                }
                let app = when(
                    app_told(AppEvent::TimedOut),
                    say!(
                        self.lang,
                        String::from(" The application is told \"connection timed out\"."),
                        String::from(" 애플리케이션은 \"연결 시간 초과\" 오류를 받는다."),
                    ),
                );
                say!(
                    self.lang,
                    format!(
                        "After {n} retransmissions without an answer (its limit for {what} is {limit}) {who_l} gives up: {arc}, and it sends nothing more (RFC 9293 §3.10.8).{app}"
                    ),
                    format!(
                        "{n}번 다시 보내도 답이 없어({what} 재전송 한도 {limit}번) {who}는 포기한다: {arc}. 더 이상 아무것도 보내지 않는다(RFC 9293 §3.10.8).{app}"
                    ),
                )
            }
            (_, State::Closed, Cause::FinWait2Expired) => say!(
                self.lang,
                format!(
                    "No FIN came: the FIN-WAIT-2 timeout expires, {arc} (like Linux's tcp_fin_timeout; RFC 9293 would wait forever)."
                ),
                format!(
                    "FIN이 오지 않아 FIN-WAIT-2 타임아웃이 만료된다: {arc}(리눅스의 FIN-WAIT-2 타임아웃과 같다. RFC 9293대로라면 끝없이 기다린다)."
                ),
            ),
            (_, State::Closed, Cause::Close) => say!(
                self.lang,
                format!(
                    "{who} calls close() before the connection is established: {arc}, and the TCB is deleted."
                ),
                format!("{who}가 연결이 맺어지기 전에 close()를 호출한다: {arc}. TCB를 지운다."),
            ),
            _ => format!("{who}: {arc} ({}).", cause_label(cause, self.lang)),
        }
    }

    fn time_wait(&self, i: usize, side: Side, from: State, arc: &str) -> String {
        let who = self.who_cap(side);
        let peer = self.who(side.peer());
        let first = if from == State::Closing {
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
        // A capture: the wait is not on the wire, and this lab's MSL is not the captured
        // stack's.
        if self.observed {
            return say!(
                self.lang,
                format!(
                    "{first} enters TIME-WAIT ({arc}): it waits 2·MSL (RFC 9293; Linux a fixed 60 s) to re-ACK {peer}'s FIN if its last ACK is lost, and to let old duplicate segments die out. A capture does not show the wait: timers are not on the wire."
                ),
                format!(
                    "{first} TIME-WAIT에 들어간다({arc}). 마지막 ACK가 유실되면 다시 오는 {peer}의 FIN에 다시 ACK하고 오래된 중복 세그먼트가 사라지도록 2·MSL(RFC 9293, 리눅스는 60초로 고정) 동안 기다린다. 타이머는 선로에 보이지 않으므로 캡처에는 이 기다림이 나타나지 않는다."
                ),
            );
        }
        // Linux's rule: a fixed length, whatever the MSL (the timer's `rule` says so).
        if let Some((j, _, deadline)) = self
            .timer_after(i, side, TimerKind::TimeWait)
            .filter(|(j, ..)| self.timer_rule(*j) == Some(Rule::TimeWaitFixed))
        {
            let tw = self.span(FactKind::TimerLength, deadline - self.ev[j].t, j);
            let until = self.at(FactKind::Deadline, deadline, j);
            return say!(
                self.lang,
                format!(
                    "{first} enters TIME-WAIT ({arc}) and waits {tw} (until {until}): to re-ACK {peer}'s FIN if its last ACK is lost, and to let old duplicate segments die out. Linux's TIME-WAIT has a fixed length, TCP_TIMEWAIT_LEN = 60 s, whatever the MSL; RFC 9293 says 2·MSL."
                ),
                format!(
                    "{first} TIME-WAIT에 들어가({arc}) {tw}(시각 {until}까지) 기다린다. 마지막 ACK가 유실되면 다시 오는 {peer}의 FIN에 다시 ACK하고, 오래된 중복 세그먼트가 사라지게 하려는 것이다. 리눅스의 TIME-WAIT는 MSL과 상관없이 60초로 고정되어 있다. RFC 9293은 2·MSL이다."
                ),
            );
        }
        let msl = self.msl_fact(side);
        if self.msl(side) == Duration::ZERO {
            return say!(
                self.lang,
                format!(
                    "{who} sent the first FIN, so it enters TIME-WAIT ({arc}) — but MSL is {msl} here, so TIME-WAIT ends at once. Watch what happens if its last ACK is lost."
                ),
                format!(
                    "{who}는 먼저 FIN을 보냈으므로 TIME-WAIT에 들어간다({arc}). 하지만 여기서는 MSL이 {msl}라 TIME-WAIT가 곧바로 끝난다. 마지막 ACK가 유실되면 어떻게 되는지 지켜보자."
                ),
            );
        }
        // The 2·MSL timer it starts: its length and deadline, as the trace states them.
        let wait = match self.timer_after(i, side, TimerKind::TimeWait) {
            Some((j, _, deadline)) => {
                let tw = self.span(FactKind::TimerLength, deadline - self.ev[j].t, j);
                let until = self.at(FactKind::Deadline, deadline, j);
                say!(
                    self.lang,
                    format!(" = {tw} (until {until})"),
                    format!(" = {tw}(시각 {until}까지)"),
                )
            }
            None => String::new(),
        };
        say!(
            self.lang,
            format!(
                "{first} enters TIME-WAIT ({arc}) and waits 2·MSL{wait}: to re-ACK {peer}'s FIN if its last ACK is lost, and to let old duplicate segments die out. MSL is {msl} here; RFC 9293 says 2 minutes, and Linux waits a fixed 60 s."
            ),
            format!(
                "{first} TIME-WAIT에 들어가({arc}) 2·MSL{wait} 기다린다. 마지막 ACK가 유실되면 다시 오는 {peer}의 FIN에 다시 ACK하고, 오래된 중복 세그먼트가 사라지게 하려는 것이다. 여기서 MSL은 {msl}이고, RFC 9293은 2분, 리눅스는 60초로 고정되어 있다."
            ),
        )
    }
}

/// Why a state changed, in `lang` (`received FIN`, `FIN 수신`): the label of an arc for
/// state changes without a sentence of their own, and for the state diagram.
pub fn cause_label(c: Cause, lang: Lang) -> &'static str {
    match c {
        Cause::Listen => say!(lang, "passive OPEN", "수동 열기"),
        Cause::Connect => say!(lang, "active OPEN", "능동 열기"),
        Cause::Close => say!(lang, "user CLOSE", "사용자의 close()"),
        Cause::Abort => say!(lang, "user ABORT", "사용자의 abort()"),
        Cause::SynReceived => say!(lang, "received SYN", "SYN 수신"),
        Cause::SynAckReceived => say!(
            lang,
            "received SYN,ACK acknowledging our SYN",
            "자신의 SYN을 확인하는 SYN,ACK 수신"
        ),
        Cause::AckOfSynReceived => say!(
            lang,
            "received ACK of our SYN",
            "자신이 보낸 SYN의 ACK 수신"
        ),
        Cause::FinReceived => say!(lang, "received FIN", "FIN 수신"),
        Cause::AckOfFinReceived => say!(
            lang,
            "received ACK of our FIN",
            "자신이 보낸 FIN의 ACK 수신"
        ),
        Cause::RstReceived => say!(
            lang,
            "received an acceptable RST",
            "받아들일 수 있는 RST 수신"
        ),
        Cause::SynInWindow => say!(lang, "received an in-window SYN", "윈도 안의 SYN 수신"),
        Cause::RetriesExhausted(_) => say!(lang, "retransmissions exhausted", "재전송 한도 초과"),
        Cause::TimeWaitExpired => say!(lang, "TIME-WAIT timer expired", "TIME-WAIT 타이머 만료"),
        Cause::FinWait2Expired => say!(lang, "FIN-WAIT-2 timer expired", "FIN-WAIT-2 타이머 만료"),
        Cause::Crash => say!(lang, "host crashed", "호스트 크래시"),
    }
}
