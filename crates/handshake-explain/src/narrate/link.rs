//! The link and the faults on it: segments lost, delayed, held and released, copies the link
//! makes, faults armed for the next segment, random loss, and scheduled actions that could not
//! be applied; and a run cut short by its event budget.

use alloc::format;
use alloc::string::String;

use handshake_core::state::State;
use handshake_core::trace::SegmentInfo;
use handshake_core::vocab::{Action, ActionError, Fault, FaultSource, Side, TxId};
use handshake_core::{Duration, Instant};

use super::{Narrator, capitalize, seq_len};
use crate::errors::{self, Words};
use crate::fact::{FactKind, Source, Value};
use crate::format;
use crate::korean::{Josa, josa};
use crate::lang::{Lang, say};

/// The words of an action or an error, each value stated as a fact of event `i`.
struct EventWords<'n, 'a> {
    n: &'n Narrator<'a>,
    i: usize,
}

impl Words for EventWords<'_, '_> {
    fn lang(&self) -> Lang {
        self.n.lang
    }
    fn id(&self, id: TxId) -> String {
        self.n.id(id, self.i)
    }
    fn delay(&self, d: Duration) -> String {
        self.n.span(FactKind::DelayBy, d, self.i)
    }
    fn percent(&self, p: f64) -> String {
        let shown = format!("{}%", format::percent(p));
        self.n.fact(
            FactKind::LossPercent,
            Value::Int(format::per_mille(p)),
            Source::Event(self.i),
            &shown,
        )
    }
}

impl Narrator<'_> {
    fn source(&self, reason: FaultSource) -> &'static str {
        match (self.lang, reason) {
            (Lang::En, FaultSource::User) => "by you",
            (Lang::En, FaultSource::Rule) => "by a rule of this scenario",
            (Lang::En, FaultSource::RandomLoss) => "by random loss",
            (Lang::Ko, FaultSource::User) => "사용자가 건 장애",
            (Lang::Ko, FaultSource::Rule) => "시나리오 규칙",
            (Lang::Ko, FaultSource::RandomLoss) => "무작위 유실",
            (Lang::En, FaultSource::Msl) => {
                "by the network: it is older than the MSL, the longest a segment may live"
            }
            (Lang::Ko, FaultSource::Msl) => {
                "네트워크가 버림: 세그먼트가 살 수 있는 최대 시간인 MSL보다 오래됨"
            }
            (Lang::En, FaultSource::HostDown) => "at its destination: that host has crashed",
            (Lang::Ko, FaultSource::HostDown) => "받는 호스트가 크래시한 상태",
        }
    }

    pub(super) fn drop(&self, i: usize, s: &SegmentInfo, reason: FaultSource) -> String {
        let src = self.source(reason);
        let sender = self.who(s.from);
        // The last ACK of a close: its sender had entered TIME-WAIT when it sent it.
        let last_ack = self
            .sent(i, s.id.original())
            .is_some_and(|(j, _)| self.state_at(j, s.from) == State::TimeWait);
        let then = if s.duplicate_of.is_some() {
            String::new()
        } else if seq_len(s) > 0 {
            say!(
                self.lang,
                format!(
                    " {} will only notice when its retransmission timer expires.",
                    capitalize(sender)
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
                String::from(
                    " An ACK alone is never retransmitted; only a later segment can make up for it."
                ),
                String::from(
                    " ACK만 담은 세그먼트는 재전송되지 않는다. 나중 세그먼트가 대신할 수 있을 뿐이다."
                ),
            )
        } else {
            String::new()
        };
        say!(
            self.lang,
            format!(
                "{} is lost on the way ({src}).{then}",
                self.seg(s, i, Josa::I)
            ),
            format!("{} 도중에 유실된다({src}).{then}", self.seg(s, i, Josa::I)),
        )
    }

    pub(super) fn delay(
        &self,
        i: usize,
        s: &SegmentInfo,
        by: Duration,
        arrival: Instant,
        reason: FaultSource,
    ) -> String {
        let src = self.source(reason);
        let by = self.span(FactKind::DelayBy, by, i);
        let arrival = self.at(FactKind::Arrival, arrival, i);
        say!(
            self.lang,
            format!(
                "{} is delayed by {by} ({src}): it now arrives at {arrival}, possibly after segments sent later.",
                self.seg(s, i, Josa::I)
            ),
            format!(
                "{} {by} 지연된다({src}). 이제 시각 {arrival}에 도착하며, 나중에 보낸 세그먼트보다 늦을 수 있다.",
                self.seg(s, i, Josa::I)
            ),
        )
    }

    pub(super) fn hold(&self, i: usize, s: &SegmentInfo, reason: FaultSource) -> String {
        let src = self.source(reason);
        let whose = self.whose(s.from);
        say!(
            self.lang,
            format!(
                "{} is held on the link ({src}) until it is released; {whose} timers keep running.",
                self.seg(s, i, Josa::I)
            ),
            format!(
                "{} 놓아줄 때까지 링크에 붙잡혀 있다({src}). {whose} 타이머는 계속 흐른다.",
                self.seg(s, i, Josa::I)
            ),
        )
    }

    pub(super) fn release(&self, i: usize, s: &SegmentInfo, arrival: Instant) -> String {
        let id = self.seg_id(s, i);
        let arrival = self.at(FactKind::Arrival, arrival, i);
        say!(
            self.lang,
            format!("{id} is released and moves on: it arrives at {arrival}."),
            format!(
                "{} 놓여나 다시 움직인다. 시각 {arrival}에 도착한다.",
                josa(&id, Josa::I)
            ),
        )
    }

    pub(super) fn duplicate(
        &self,
        i: usize,
        s: &SegmentInfo,
        arrival: Instant,
        reason: FaultSource,
    ) -> String {
        let id = self.seg_id(s, i);
        let orig = self.id(s.duplicate_of.unwrap_or(s.id.original()), i);
        let src = self.source(reason);
        let arrival = self.at(FactKind::Arrival, arrival, i);
        say!(
            self.lang,
            format!(
                "The link duplicates {orig} ({src}): the copy {id} arrives at {arrival}, so the receiver sees the same sequence numbers twice."
            ),
            format!(
                "링크가 {} 복제한다({src}). 복사본 {} 시각 {arrival}에 도착하므로 받는 쪽은 같은 시퀀스 번호를 두 번 본다.",
                josa(&orig, Josa::Eul),
                josa(&id, Josa::Eun)
            ),
        )
    }

    pub(super) fn arm(&self, i: usize, side: Side, fault: Fault) -> String {
        let who = self.who(side);
        let what = errors::fault_words(fault, &EventWords { n: self, i });
        say!(
            self.lang,
            format!(
                "{} is armed for the next segment {who} sends.",
                capitalize(&what)
            ),
            format!(
                "{who}가 다음에 보내는 세그먼트에 {} 걸어 둔다.",
                josa(&what, Josa::Eul)
            ),
        )
    }

    pub(super) fn loss(&self, i: usize, side: Side, p: f64) -> String {
        let who = self.who(side);
        let pct = EventWords { n: self, i }.percent(p);
        let seed = self.scenario.seed;
        let seed = self.count(FactKind::Seed, seed, Source::Seed);
        say!(
            self.lang,
            format!(
                "Random loss for segments from {who}: {pct} (seed {seed}, so the same run loses the same segments)."
            ),
            format!(
                "{who}가 보내는 세그먼트의 무작위 유실률을 {}로 정한다. 시드가 {seed}이므로 다시 실행해도 같은 세그먼트가 유실된다.",
                pct
            ),
        )
    }

    pub(super) fn ignored(&self, i: usize, action: &Action, error: &ActionError) -> String {
        let words = EventWords { n: self, i };
        let action = errors::action_words(action, &words);
        let error = errors::action_error_words(error, &words);
        say!(
            self.lang,
            format!("Not applied: {action} — {error}."),
            format!("적용하지 못한 조작: {action}. {error}."),
        )
    }

    pub(super) fn budget(&self, i: usize, events: u64) -> String {
        let n = self.num(FactKind::Budget, events, i);
        say!(
            self.lang,
            format!("The run is cut short: its budget of {n} events is spent."),
            format!("실행이 중간에 끊긴다. 이벤트 {n}개의 한도를 다 썼다."),
        )
    }
}

/// Who or what put a fault on a segment, as a short label in a drawing ("lost (by rule)").
pub fn fault_source_label(s: FaultSource, lang: Lang) -> &'static str {
    match (s, lang) {
        (FaultSource::User, Lang::En) => "by user",
        (FaultSource::Rule, Lang::En) => "by rule",
        (FaultSource::RandomLoss, Lang::En) => "random loss",
        (FaultSource::User, Lang::Ko) => "사용자",
        (FaultSource::Rule, Lang::Ko) => "규칙",
        (FaultSource::RandomLoss, Lang::Ko) => "무작위 유실",
        (FaultSource::Msl, Lang::En) => "older than MSL",
        (FaultSource::Msl, Lang::Ko) => "MSL보다 오래됨",
        (FaultSource::HostDown, Lang::En) => "host down",
        (FaultSource::HostDown, Lang::Ko) => "호스트 다운",
    }
}
