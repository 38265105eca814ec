//! The passive observer's notes (`observe` trace events, `handshake_core::observer`) in words,
//! for the lab's capture view: where the capture does not show what RFC 9293's rules lead one to
//! expect (a missing segment, a retransmission, a start mid-connection), in English and Korean.
//! Every number is a field of the note; nothing is inferred here.

use alloc::format;
use alloc::string::String;

use handshake_core::observer_note::{InitialBasis, ObserverNote, PlacementBasis};
use handshake_core::vocab::Side;

use crate::Lang;
use crate::format::duration;

fn side_name(side: Option<Side>, lang: Lang) -> &'static str {
    match (side, lang) {
        (Some(Side::Client), Lang::En) => "Client",
        (Some(Side::Server), Lang::En) => "Server",
        (None, Lang::En) => "The capture",
        (Some(Side::Client), Lang::Ko) => "클라이언트",
        (Some(Side::Server), Lang::Ko) => "서버",
        (None, Lang::Ko) => "캡처",
    }
}

fn initial_basis(b: InitialBasis, lang: Lang) -> &'static str {
    match lang {
        Lang::En => match b {
            InitialBasis::OpensActively => "its first segment is a SYN (active OPEN)",
            InitialBasis::AnsweredSyn => {
                "assumed: it answered a SYN with SYN,ACK, so it was listening"
            }
            InitialBasis::RefusedSyn => {
                "assumed: it answered a SYN with RST, nothing was listening"
            }
            InitialBasis::NeverAnswered => "it never answered the SYN",
            InitialBasis::SynNotCaptured => "assumed: its SYN,ACK answers a SYN the capture missed",
            InitialBasis::OwnSynNotCaptured => {
                "assumed: its SYN is not in the capture, the SYN,ACK is"
            }
            InitialBasis::MidConnection => {
                "assumed: no SYN in the capture, it starts in the middle of the connection"
            }
        },
        Lang::Ko => match b {
            InitialBasis::OpensActively => "첫 세그먼트가 SYN이다(능동 OPEN)",
            InitialBasis::AnsweredSyn => "SYN에 SYN,ACK로 답했으니 LISTEN 중이었다고 추정한다",
            InitialBasis::RefusedSyn => "SYN에 RST로 답했으니 LISTEN 중인 소켓이 없었다고 추정한다",
            InitialBasis::NeverAnswered => "SYN에 끝내 답하지 않았다",
            InitialBasis::SynNotCaptured => "캡처에 없는 SYN에 SYN,ACK로 답했다고 추정한다",
            InitialBasis::OwnSynNotCaptured => {
                "자신의 SYN은 캡처에 없고 SYN,ACK만 있어 그렇게 추정한다"
            }
            InitialBasis::MidConnection => "캡처에 SYN이 없어 연결 도중부터 캡처했다고 추정한다",
        },
    }
}

/// One note of the observer about `side` (or the whole connection), as a sentence.
pub fn note(side: Option<Side>, note: &ObserverNote, lang: Lang) -> String {
    let who = side_name(side, lang);
    match (lang, *note) {
        (Lang::En, ObserverNote::Placement { distance, basis }) => match basis {
            PlacementBasis::QuickestRoundTrip => format!(
                "{who} is placed {} from the capture point (half the quickest round trip).",
                duration(distance, lang)
            ),
            PlacementBasis::NoRoundTrip => {
                format!("{who} is placed at the capture point (no round trip seen).")
            }
            PlacementBasis::Given => {
                format!(
                    "{who} is placed {} from the capture point.",
                    duration(distance, lang)
                )
            }
        },
        (Lang::Ko, ObserverNote::Placement { distance, basis }) => match basis {
            PlacementBasis::QuickestRoundTrip => format!(
                "{who}는 캡처 지점에서 {} 떨어져 있다고 본다(가장 빠른 왕복 시간의 절반).",
                duration(distance, lang)
            ),
            PlacementBasis::NoRoundTrip => {
                format!("{who}는 캡처 지점에 있다고 본다(왕복이 보이지 않음).")
            }
            PlacementBasis::Given => {
                format!(
                    "{who}는 캡처 지점에서 {} 떨어져 있다.",
                    duration(distance, lang)
                )
            }
        },
        (Lang::En, ObserverNote::Initial { state, basis }) => match state {
            Some(s) => format!(
                "{who} starts in {}: {}.",
                s.name(),
                initial_basis(basis, lang)
            ),
            None => format!("{who}'s state is unknown: {}.", initial_basis(basis, lang)),
        },
        (Lang::Ko, ObserverNote::Initial { state, basis }) => match state {
            Some(s) => format!(
                "{who}는 {} 상태에서 시작한다: {}.",
                s.name(),
                initial_basis(basis, lang)
            ),
            None => format!("{who}의 상태는 알 수 없다: {}.", initial_basis(basis, lang)),
        },
        (Lang::En, ObserverNote::Gap { from, to }) => format!(
            "Missing segment: {who} sends after Seq={from}..{to}, which the capture never showed."
        ),
        (Lang::Ko, ObserverNote::Gap { from, to }) => {
            format!("빠진 세그먼트: {who}가 캡처에 없던 Seq={from}..{to} 뒤의 세그먼트를 보낸다.")
        }
        (Lang::En, ObserverNote::AckOfUnseen { ack, seen }) => format!(
            "Missing segment: {who} acknowledges Ack={ack}, bytes the capture never showed (it showed up to {seen})."
        ),
        (Lang::Ko, ObserverNote::AckOfUnseen { ack, seen }) => format!(
            "빠진 세그먼트: {who}가 캡처에 없던 바이트까지 Ack={ack}로 확인한다(캡처에는 {seen}까지 보였다)."
        ),
        (Lang::En, ObserverNote::Retransmission { of, after }) => format!(
            "Retransmission: {who} sends the same Seq as {of} again, {} later.",
            duration(after, lang)
        ),
        (Lang::Ko, ObserverNote::Retransmission { of, after }) => format!(
            "재전송: {who}가 같은 Seq를 {} 뒤에 다시 보낸다(처음 보낸 것은 {of}).",
            duration(after, lang)
        ),
        (Lang::En, ObserverNote::UnexpectedSend { state }) => match state {
            Some(s) => format!(
                "RFC 9293 does not let {who} send this in {}: the capture and the rules disagree.",
                s.name()
            ),
            None => format!(
                "RFC 9293 does not expect this from {who}: the capture and the rules disagree."
            ),
        },
        (Lang::Ko, ObserverNote::UnexpectedSend { state }) => match state {
            Some(s) => format!(
                "RFC 9293에 따르면 {who}는 {}에서 이것을 보낼 수 없다. 캡처와 규칙이 어긋난다.",
                s.name()
            ),
            None => {
                format!("RFC 9293은 {who}에게서 이것을 예상하지 않는다. 캡처와 규칙이 어긋난다.")
            }
        },
        (Lang::En, ObserverNote::FinInferredFromAck) => format!(
            "{who} acknowledges the FIN held behind a gap: it was processed when the gap was filled."
        ),
        (Lang::Ko, ObserverNote::FinInferredFromAck) => {
            format!("{who}가 빈틈 뒤에 있던 FIN을 확인한다. 빈틈이 채워질 때 처리되었다.")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use handshake_core::Duration;
    use handshake_core::vocab::TxId;

    #[test]
    fn every_note_is_worded_in_both_languages_with_its_numbers() {
        let n = ObserverNote::Gap { from: 101, to: 201 };
        assert!(note(Some(Side::Client), &n, Lang::En).contains("Seq=101..201"));
        assert!(note(Some(Side::Client), &n, Lang::Ko).contains("Seq=101..201"));
        let r = ObserverNote::Retransmission {
            of: TxId::new(Side::Client, 1),
            after: Duration::from_secs(1),
        };
        let en = note(Some(Side::Client), &r, Lang::En);
        assert!(
            en.starts_with("Retransmission") && en.contains("C1") && en.contains("1 s"),
            "{en}"
        );
        let ko = note(Some(Side::Client), &r, Lang::Ko);
        assert!(ko.contains("재전송") && ko.contains("C1"), "{ko}");
    }
}
