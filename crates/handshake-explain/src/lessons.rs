//! The fifteen misconceptions students bring (`shared/reference/misconceptions.md`), each
//! disproved by a run, and the runs that prove the interview answers ([`crate::interview`]).
//!
//! A [`Lesson`] is a card: the myth in the words students write it, what is really true, the RFC
//! clause, and a run ([`Demo`]). Every card's claim is backed by [`check`]: it runs the demo's
//! scenario to its end and asserts, **from the trace**, the fact that disproves the myth (for
//! M1: the end that received the first FIN is in CLOSE-WAIT once it has ACKed it and never
//! enters TIME-WAIT), and returns the decisive moment the card lights up ([`Proof`]). The app
//! seeks there and highlights it; `tests/lessons.rs` runs every check, so a change of the core
//! that breaks a lesson fails CI.
//!
//! A check only reads what the trace (and the run's header bytes, built by the core's `wire`)
//! states; the numbers a card's text quotes (Ack=101, 0x12, 2·MSL = 10 s) are asserted too, so
//! the text cannot drift from the run.

use alloc::vec::Vec;

use handshake_core::endpoint::{Cause, TimerAction, TimerKind, Verdict};
use handshake_core::sim::{AppEvent, Side, Simulator, TxId, UserCall};
use handshake_core::state::State;
use handshake_core::trace::{SegmentInfo, TraceEvent, TraceKind};
use handshake_core::vocab::{CallError, FaultSource};
use handshake_core::wire::tcp_header_layout;
use handshake_core::{Duration, Flags, Instant};

use crate::learn::{
    Focus, LabelPart, Moment, Origin, T, arrivals, changes, consequences, first_send_from,
    is_input, sends, seq_len,
};

/// A run that proves something: the fifteen misconceptions (`M1` …) and the interview answers
/// that no misconception covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Demo {
    M1,
    M2,
    M3,
    M4,
    M5,
    M6,
    M7,
    M8,
    M9,
    M10,
    M11,
    M12,
    M13,
    M14,
    M15,
    /// The three segments of the handshake and the states on both sides.
    Handshake,
    /// Every SYN lost: the gaps double and connect() gives up, sending nothing.
    SynGiveUp,
    /// The RTO doubles on every expiry of the retransmission timer.
    Backoff,
    /// One side gone without the other knowing, found out by the next segment.
    HalfOpen,
    /// Data still flows towards the side that closed first.
    HalfClose,
    /// Two SYNs cross: SYN-SENT → SYN-RECEIVED on both ends.
    SimultaneousOpen,
    /// No RTT sample from a retransmitted SYN, then the 3 s RTO.
    Karn,
    /// A lost data segment: the ACK stays at the hole, only the missing segment is re-sent.
    LostData,
    /// Without TIME-WAIT the re-sent FIN meets a RST.
    NoTimeWait,
    /// M7's second purpose: while TIME-WAIT holds the port pair, an old duplicate dies; the
    /// next connection opens only after 2·MSL, when every old segment is gone.
    TimeWaitOldDuplicate,
}

impl Demo {
    /// Every demo, the misconceptions first.
    pub const ALL: [Demo; 25] = [
        Demo::M1,
        Demo::M2,
        Demo::M3,
        Demo::M4,
        Demo::M5,
        Demo::M6,
        Demo::M7,
        Demo::M8,
        Demo::M9,
        Demo::M10,
        Demo::M11,
        Demo::M12,
        Demo::M13,
        Demo::M14,
        Demo::M15,
        Demo::Handshake,
        Demo::SynGiveUp,
        Demo::Backoff,
        Demo::HalfOpen,
        Demo::HalfClose,
        Demo::SimultaneousOpen,
        Demo::Karn,
        Demo::LostData,
        Demo::NoTimeWait,
        Demo::TimeWaitOldDuplicate,
    ];

    /// The run it checks.
    pub const fn source(self) -> Origin {
        match self {
            Demo::M1 | Demo::M6 | Demo::M9 => Origin::Preset("normal-close"),
            Demo::M2 | Demo::M4 | Demo::M5 | Demo::M13 | Demo::Handshake => {
                Origin::Preset("handshake")
            }
            Demo::M14 => Origin::Preset("old-duplicate-syn"),
            Demo::M3 | Demo::LostData => Origin::Preset("lost-data"),
            Demo::M7 => Origin::Preset("lost-last-ack"),
            Demo::M8 => Origin::Preset("fin-overtakes-data"),
            Demo::M10 => Origin::Preset("three-segment-close"),
            Demo::M11 => Origin::Scenario(RST_CHALLENGE),
            Demo::M12 => Origin::Preset("handshake-data-close"),
            Demo::M15 => Origin::Preset("half-close"),
            Demo::SynGiveUp | Demo::Backoff => Origin::Preset("syn-retries-exhausted"),
            Demo::HalfOpen => Origin::Scenario(HALF_OPEN),
            Demo::HalfClose => Origin::Preset("half-close"),
            Demo::SimultaneousOpen => Origin::Preset("simultaneous-open"),
            Demo::Karn => Origin::Preset("lost-syn"),
            Demo::NoTimeWait => Origin::Preset("no-time-wait"),
            Demo::TimeWaitOldDuplicate => Origin::Preset("time-wait-old-duplicate"),
        }
    }

    /// The misconception's card, for `M1` … `M15`.
    pub fn lesson(self) -> Option<&'static Lesson> {
        LESSONS.iter().find(|l| l.demo == self)
    }
}

/// The scenario of M11: an abort while the client's data is late, so its RST draws a challenge
/// ACK.
pub const RST_CHALLENGE: &str = include_str!("../lessons/rst-challenge.json");
/// The scenario of the half-open interview answer: the client's RST lost.
pub const HALF_OPEN: &str = include_str!("../lessons/half-open.json");

/// What a check found: the moment to show and the events that prove the point (each has an
/// entry in the narration, so the card can quote what the run did in the run's own words).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proof {
    pub moment: Moment,
    /// Indices into the trace, in order.
    pub events: Vec<usize>,
}

/// The fact a check did not find: the lesson is broken for this run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Broken {
    pub demo: Demo,
    pub what: &'static str,
}

/// One misconception card.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lesson {
    /// `M1` … `M15`, as the reference numbers them.
    pub id: &'static str,
    pub demo: Demo,
    /// The myth as students write it (the Korean is the reference's quote).
    pub myth: T,
    /// What is true.
    pub truth: T,
    /// What the lit-up moment of the run shows.
    pub moment: T,
    /// The RFC clauses.
    pub rfc: &'static str,
    /// What the card cannot show yet, and what will show it.
    pub later: Option<T>,
    /// A second run the card offers, with what its lit moment shows.
    pub also: Option<(Demo, T)>,
}

const fn t(en: &'static str, ko: &'static str) -> T {
    T::new(en, ko)
}

/// The fifteen cards, in the reference's order.
pub const LESSONS: [Lesson; 15] = [
    Lesson {
        id: "M1",
        demo: Demo::M1,
        myth: t(
            "The server that received the FIN and sent its ACK is in TIME_WAIT.",
            "FIN을 받고 ACK를 보낸 서버는 TIME_WAIT 상태",
        ),
        truth: t(
            "The end that receives the first FIN goes to CLOSE-WAIT, then LAST-ACK, then CLOSED. TIME-WAIT belongs to the end that sent the first FIN (to both ends only in a simultaneous close).",
            "먼저 FIN을 받은 쪽은 CLOSE-WAIT와 LAST-ACK를 거쳐 CLOSED가 된다. TIME-WAIT는 먼저 FIN을 보낸 쪽의 몫이다(동시 닫기에서만 양쪽 모두 들어간다).",
        ),
        moment: t(
            "The server's lane reads CLOSE-WAIT right after it ACKs the client's FIN. It never enters TIME-WAIT; only the client does.",
            "서버는 클라이언트의 FIN에 ACK를 보낸 바로 그때 CLOSE-WAIT다. 서버는 TIME-WAIT에 한 번도 들어가지 않고, 클라이언트만 들어간다.",
        ),
        rfc: "RFC 9293 §3.6 (Figure 12), §3.3.2",
        later: None,
        also: None,
    },
    Lesson {
        id: "M2",
        demo: Demo::M2,
        myth: t(
            "A client that has sent its SYN is still CLOSED.",
            "SYN을 보낸 클라이언트는 아직 CLOSED",
        ),
        truth: t(
            "Sending the SYN is the move CLOSED → SYN-SENT; the client stays in SYN-SENT until the SYN,ACK arrives.",
            "SYN을 보내는 일 자체가 CLOSED → SYN-SENT 전이다. 클라이언트는 SYN,ACK가 올 때까지 SYN-SENT에 머문다.",
        ),
        moment: t(
            "The client's lane reads SYN-SENT at the very instant its SYN leaves, and keeps reading it until the SYN,ACK arrives.",
            "클라이언트는 SYN이 나가는 바로 그 순간부터 SYN-SENT이고, SYN,ACK가 도착할 때까지 그대로다.",
        ),
        rfc: "RFC 9293 §3.10.1 (OPEN), §3.5 (Figure 6)",
        later: None,
        also: None,
    },
    Lesson {
        id: "M3",
        demo: Demo::M3,
        myth: t(
            "The ACK number is always +1 (SYN+1).",
            "ACK 번호는 항상 +1 (SYN+1)",
        ),
        truth: t(
            "The ACK number is the next sequence number expected: SEG.SEQ + SEG.LEN, where every data byte counts and SYN and FIN count one each. It is +1 only for a bare SYN or FIN; after a hole it stays at the hole.",
            "ACK 번호는 다음에 받을 시퀀스 번호, 곧 SEG.SEQ + SEG.LEN이다. 데이터는 바이트마다 하나씩, SYN과 FIN은 하나씩 센다. +1이 되는 것은 데이터 없는 SYN이나 FIN을 확인할 때뿐이고, 중간에 빈 데가 생기면 ACK는 그 자리에 머문다.",
        ),
        moment: t(
            "100 bytes at Seq=1 are acknowledged with Ack=101, not 2. The segment after the lost one is acknowledged with Ack=101 again: the ACK stays at the hole.",
            "Seq=1에서 시작하는 100바이트는 Ack=2가 아니라 Ack=101로 확인된다. 사라진 세그먼트 다음 세그먼트에도 다시 Ack=101이다. ACK는 빈 자리에 머문다.",
        ),
        rfc: "RFC 9293 §3.4, §3.10.7.4",
        later: None,
        also: None,
    },
    Lesson {
        id: "M4",
        demo: Demo::M4,
        myth: t(
            "The ACK flag's value is 0100000.",
            "ACK 플래그 값은 0100000",
        ),
        truth: t(
            "0b0100000 = 0x20 is URG; ACK is 0x10. From the high bit down: CWR 0x80, ECE 0x40, URG 0x20, ACK 0x10, PSH 0x08, RST 0x04, SYN 0x02, FIN 0x01. So SYN+ACK is 0x12 and FIN+ACK is 0x11.",
            "0b0100000 = 0x20은 URG다. ACK는 0x10이다. 높은 비트부터 CWR 0x80, ECE 0x40, URG 0x20, ACK 0x10, PSH 0x08, RST 0x04, SYN 0x02, FIN 0x01이므로 SYN+ACK는 0x12, FIN+ACK는 0x11이다.",
        ),
        moment: t(
            "The inspector shows the SYN,ACK's flag byte: 0x12, that is ACK 0x10 plus SYN 0x02.",
            "검사기에 SYN,ACK의 플래그 바이트가 보인다. 0x12, 곧 ACK 0x10과 SYN 0x02를 더한 값이다.",
        ),
        rfc: "RFC 9293 §3.1 (Figure 1)",
        later: None,
        also: None,
    },
    Lesson {
        id: "M5",
        demo: Demo::M5,
        myth: t(
            "There are six control bits (URG-ACK-PSH-RST-SYN-FIN).",
            "제어 비트는 6개 (URG-ACK-PSH-RST-SYN-FIN)",
        ),
        truth: t(
            "There are eight control bits today (RFC 3168 added CWR and ECE), after four reserved bits. Six was RFC 793's layout.",
            "오늘날 제어 비트는 8개다(RFC 3168이 CWR과 ECE를 더했다). 그 앞에 예약 비트 4개가 있다. 6개는 RFC 793 시절의 배치다.",
        ),
        moment: t(
            "The inspector lists the flag byte bit by bit: all eight, CWR to FIN, after the four reserved bits.",
            "검사기가 플래그 바이트를 비트 단위로 보여 준다. 예약 비트 4개 다음에 CWR부터 FIN까지 8개가 모두 있다.",
        ),
        rfc: "RFC 9293 §3.1; RFC 3168 §6.1",
        later: None,
        also: None,
    },
    Lesson {
        id: "M6",
        demo: Demo::M6,
        myth: t(
            "TIME_WAIT is 240 seconds by default.",
            "TIME_WAIT 기본값은 240초",
        ),
        truth: t(
            "The rule is 2·MSL. The RFC's MSL of 2 minutes (so 240 s) is an engineering assumption, not a default every stack uses: Linux waits 60 s, and this lab's MSL is 5 s.",
            "규칙은 2·MSL이다. RFC의 MSL 2분(그래서 240초)은 공학적 가정일 뿐, 모든 스택이 쓰는 기본값이 아니다. Linux는 60초를 기다리고, 이 실험실의 MSL은 5초다.",
        ),
        moment: t(
            "The client's TIME-WAIT countdown runs 2·MSL: 10 s with the lab's MSL of 5 s (run it again with MSL = 30 s in Settings and it runs 60 s).",
            "클라이언트의 TIME-WAIT 카운트다운은 2·MSL이다. 이 실험실의 MSL 5초에서는 10초다(설정에서 MSL을 30초로 바꿔 다시 돌리면 60초가 된다).",
        ),
        rfc: "RFC 9293 §3.4.2, §3.6.1 (MUST-13)",
        later: None,
        also: None,
    },
    Lesson {
        id: "M7",
        demo: Demo::M7,
        myth: t(
            "TIME_WAIT exists to receive data that arrives late.",
            "TIME_WAIT는 늦게 오는 데이터를 받기 위해 존재",
        ),
        truth: t(
            "TIME-WAIT exists (1) to re-send the last ACK if the peer's FIN comes again, and (2) to let old duplicate segments of this connection die before the same port pair is used again. It receives no new data.",
            "TIME-WAIT가 있는 이유는 두 가지다. (1) 상대의 FIN이 다시 오면 마지막 ACK를 다시 보내려고, (2) 같은 포트 쌍을 다시 쓰기 전에 이 연결의 오래된 중복 세그먼트가 사라지게 하려고. 새 데이터는 받지 않는다.",
        ),
        moment: t(
            "The server's re-sent FIN reaches the client in TIME-WAIT: the client ACKs it again and starts its 2·MSL over. Nothing is delivered in TIME-WAIT.",
            "서버가 다시 보낸 FIN이 TIME-WAIT인 클라이언트에 도착한다. 클라이언트는 다시 ACK를 보내고 2·MSL을 처음부터 다시 잰다. TIME-WAIT에서 전달되는 데이터는 없다.",
        ),
        rfc: "RFC 9293 §3.3.2, §3.6.1, §3.10.7.4",
        later: None,
        also: Some((
            Demo::TimeWaitOldDuplicate,
            t(
                "Purpose (2), in the preset \"Why 2·MSL\": while the client is in TIME-WAIT its connect() on the same ports is refused, a copy of its old data that wandered 3.5 s dies at the server, and the next connection opens only after 2·MSL — the copy still wandering then is older than the MSL and is gone.",
                "두 번째 이유는 \"왜 2·MSL인가\" 시나리오에서 볼 수 있다. 클라이언트가 TIME-WAIT인 동안에는 같은 포트로 connect()를 불러도 거절되고, 3.5초 동안 떠돌던 예전 데이터의 사본은 서버에 닿아 버려진다. 다음 연결은 2·MSL이 지난 뒤에야 열리고, 그때까지 떠돌던 사본은 MSL보다 오래되어 사라진다.",
            ),
        )),
    },
    Lesson {
        id: "M8",
        demo: Demo::M8,
        myth: t(
            "Data that arrives after the FIN is thrown away.",
            "FIN보다 늦게 도착한 데이터는 버려진다",
        ),
        truth: t(
            "A FIN occupies the sequence number after the last data byte. A FIN that arrives early is held until the data before it arrives; then both are processed in order.",
            "FIN은 마지막 데이터 바이트 다음의 시퀀스 번호를 차지한다. 먼저 도착한 FIN은 그 앞의 데이터가 올 때까지 보류되었다가, 데이터가 오면 순서대로 함께 처리된다.",
        ),
        moment: t(
            "The late data reaches the client after the FIN: it is delivered, then end-of-stream, and only then does the client enter TIME-WAIT.",
            "늦은 데이터가 FIN보다 나중에 클라이언트에 도착한다. 데이터가 전달되고, 그다음 EOF, 그제야 클라이언트가 TIME-WAIT에 들어간다.",
        ),
        rfc: "RFC 9293 §3.4, §3.10.7.4 (first and eighth)",
        later: None,
        also: None,
    },
    Lesson {
        id: "M9",
        demo: Demo::M9,
        myth: t(
            "Steps 3 and 4 of the close are ACKs from the server to the client.",
            "종료 3단계·4단계는 서버→클라이언트 ACK",
        ),
        truth: t(
            "Step 3 is the server's FIN (server → client); step 4 is the client's ACK (client → server).",
            "3단계는 서버의 FIN(서버 → 클라이언트), 4단계는 클라이언트의 ACK(클라이언트 → 서버)다.",
        ),
        moment: t(
            "The close's four segments: 1 the client's FIN, 2 the server's ACK, 3 the server's FIN, 4 the client's ACK, going from the client to the server.",
            "종료의 세그먼트 네 개: 1 클라이언트의 FIN, 2 서버의 ACK, 3 서버의 FIN, 4 클라이언트에서 서버로 가는 클라이언트의 ACK.",
        ),
        rfc: "RFC 9293 §3.6 (Figure 12)",
        later: None,
        also: None,
    },
    Lesson {
        id: "M10",
        demo: Demo::M10,
        myth: t(
            "Closing a connection always takes four segments.",
            "연결 종료는 항상 세그먼트 4개",
        ),
        truth: t(
            "Three when the second FIN rides on the ACK of the first; a simultaneous close crosses two FINs and passes through CLOSING on both ends; an abort is one RST.",
            "두 번째 FIN이 첫 FIN에 대한 ACK에 함께 실리면 세그먼트 3개로 끝난다. 동시 닫기는 두 FIN이 엇갈려 양쪽 모두 CLOSING을 거치고, abort는 RST 하나로 끝난다.",
        ),
        moment: t(
            "The server's FIN rides on its ACK of the client's FIN, [FIN, ACK]: three segments in all.",
            "서버의 FIN이 클라이언트 FIN에 대한 ACK에 함께 실린다([FIN, ACK]). 모두 세그먼트 3개다.",
        ),
        rfc: "RFC 9293 §3.6 (Figures 12 and 13), §3.5.2",
        later: None,
        also: None,
    },
    Lesson {
        id: "M11",
        demo: Demo::M11,
        myth: t(
            "RST is an abort that happens on both sides at once.",
            "RST는 양쪽에서 동시에 일어나는 중단 작업",
        ),
        truth: t(
            "One end sends a RST on its own. The receiver checks its sequence number (RFC 5961: exactly RCV.NXT, else a challenge ACK) and drops the connection at once. An accepted RST is never answered.",
            "RST는 한쪽이 혼자 보낸다. 받는 쪽은 시퀀스 번호를 검사해(RFC 5961: 정확히 RCV.NXT여야 하고, 아니면 챌린지 ACK로 답한다) 맞으면 바로 연결을 끊는다. 받아들인 RST에는 아무도 답하지 않는다.",
        ),
        moment: t(
            "The client is already CLOSED while the server is still ESTABLISHED. The client's RST is not at RCV.NXT, so the server answers with a challenge ACK; only the client's next RST, exactly at RCV.NXT, resets the server, and nothing answers that one.",
            "클라이언트는 이미 CLOSED인데 서버는 아직 ESTABLISHED다. 클라이언트의 RST가 RCV.NXT와 맞지 않아 서버가 챌린지 ACK로 답하고, 정확히 RCV.NXT인 클라이언트의 다음 RST가 와서야 서버가 리셋된다. 그 RST에는 아무도 답하지 않는다.",
        ),
        rfc: "RFC 9293 §3.5.2, §3.5.3, §3.10.7.4; RFC 5961 §3.2",
        later: None,
        also: None,
    },
    Lesson {
        id: "M12",
        demo: Demo::M12,
        myth: t(
            "URG delivers urgent data first (e.g. Ctrl+C during ping).",
            "URG는 긴급 데이터를 우선 배달 (예: ping 중 Ctrl+C)",
        ),
        truth: t(
            "URG only marks the urgent pointer as significant: the data stays in order and is not expedited, and new applications SHOULD NOT use it. Ctrl+C in ping has nothing to do with it: ping is ICMP, not TCP.",
            "URG는 긴급 포인터가 의미 있다는 표시일 뿐이다. 데이터는 순서대로 가고 먼저 배달되지 않으며, 새 애플리케이션은 쓰지 않는 편이 좋다(SHOULD NOT). ping 중의 Ctrl+C와도 상관없다. ping은 TCP가 아니라 ICMP다.",
        ),
        moment: t(
            "In the inspector the data segment's URG bit is 0 and its urgent pointer 0, and the server's application receives every byte in the order it was sent.",
            "검사기에서 데이터 세그먼트의 URG 비트는 0, 긴급 포인터도 0이다. 서버 애플리케이션은 모든 바이트를 보낸 순서대로 받는다.",
        ),
        rfc: "RFC 9293 §3.1, §3.8.5",
        later: Some(t(
            "The lab never sends urgent data (the model shows the URG bit and never acts on it), so a segment with URG set cannot be shown yet.",
            "이 실험실은 긴급 데이터를 보내지 않는다(모델은 URG 비트를 보여 주기만 하고 그에 따라 동작하지 않는다). 그래서 URG가 켜진 세그먼트는 아직 보여 줄 수 없다.",
        )),
        also: None,
    },
    Lesson {
        id: "M13",
        demo: Demo::M13,
        myth: t("SYN is a random number.", "SYN은 무작위 숫자 값이다"),
        truth: t(
            "SYN is a flag bit. The unpredictable number is the ISN, carried in the sequence number field of the SYN segment; the first data byte is ISN+1.",
            "SYN은 플래그 비트 하나다. 예측하기 어려운 숫자는 ISN이고, SYN 세그먼트의 시퀀스 번호 필드에 실린다. 첫 데이터 바이트의 번호는 ISN+1이다.",
        ),
        moment: t(
            "The inspector, with absolute numbers: the SYN is one bit of the flag byte, the ISN is the sequence number field, and the client's next segment starts at ISN+1. Another seed gives another ISN.",
            "절대 번호로 본 검사기: SYN은 플래그 바이트의 한 비트이고, ISN은 시퀀스 번호 필드에 있으며, 클라이언트의 다음 세그먼트는 ISN+1에서 시작한다. 시드를 바꾸면 ISN도 바뀐다.",
        ),
        rfc: "RFC 9293 §3.1, §3.4.1",
        later: None,
        also: None,
    },
    Lesson {
        id: "M14",
        demo: Demo::M14,
        myth: t(
            "The 3-way handshake is there to give both sides time to get ready.",
            "3-way handshake는 서로 준비할 시간을 주려는 것",
        ),
        truth: t(
            "It synchronises both ISNs — four steps (SYN, ACK, SYN, ACK) with the middle two combined — and lets the receiver of an old duplicate SYN refuse it before a bogus connection opens.",
            "3-way 핸드셰이크는 양쪽의 ISN을 맞추는 절차다. SYN, ACK, SYN, ACK 네 단계에서 가운데 둘을 하나로 합쳤다. 또 오래된 중복 SYN을 받은 쪽이, 가짜 연결이 열리기 전에 그것을 거절할 수 있게 한다.",
        ),
        moment: t(
            "RFC 9293 Figure 8: an old duplicate SYN reaches the server first, and the server, which cannot tell, answers it. The third segment is where the client refuses it: its RST (Seq = the SYN,ACK's Ack) sends the server back to LISTEN, and only the real SYN opens the connection.",
            "RFC 9293 그림 8의 장면이다. 오래된 중복 SYN이 먼저 서버에 도착하고, 서버는 구별할 수 없으니 그 SYN에 답한다. 세 번째 세그먼트 자리에서 클라이언트가 그것을 거절한다. SYN,ACK의 Ack 값을 Seq로 한 RST를 받은 서버는 LISTEN으로 돌아가고, 진짜 SYN만 연결을 연다.",
        ),
        rfc: "RFC 9293 §3.5 (Figures 6 and 8), §3.4.1",
        later: None,
        also: None,
    },
    Lesson {
        id: "M15",
        demo: Demo::M15,
        myth: t(
            "The server's TCP asks the application to close.",
            "서버 TCP가 애플리케이션에 close를 요청한다",
        ),
        truth: t(
            "TCP only reports the end of the stream. The passive side stays in CLOSE-WAIT as long as its application does not call close() — which is why servers pile up CLOSE-WAIT sockets.",
            "TCP는 스트림이 끝났다는 사실(EOF)만 알린다. 수동으로 닫히는 쪽은 애플리케이션이 close()를 부를 때까지 CLOSE-WAIT에 머문다. 서버에 CLOSE-WAIT 소켓이 쌓이는 이유다.",
        ),
        moment: t(
            "The server's application has read end-of-stream, yet the server stays in CLOSE-WAIT and keeps sending data until its application calls close().",
            "서버 애플리케이션은 이미 EOF를 읽었지만, 서버는 애플리케이션이 close()를 부를 때까지 CLOSE-WAIT에 머물며 데이터를 계속 보낸다.",
        ),
        rfc: "RFC 9293 §3.6 (case 2), §3.10.4",
        later: None,
        also: None,
    },
];

// ----- the checks ------------------------------------------------------------------------------

/// Runs the demo on a copy of `sim` (the demo's scenario, at any present) to its end and checks,
/// from the trace, the fact that disproves the myth (or proves the answer). The proof's moment
/// is where the card takes the lab.
pub fn check(demo: Demo, sim: &Simulator) -> Result<Proof, Broken> {
    let mut run = sim.clone();
    run.run_to_end();
    let c = Checker { demo, sim: &run };
    match demo {
        Demo::M1 => c.m1(),
        Demo::M2 => c.m2(),
        Demo::M3 | Demo::LostData => c.m3(),
        Demo::M4 => c.m4(),
        Demo::M5 => c.m5(),
        Demo::M6 => c.m6(),
        Demo::M7 => c.m7(),
        Demo::M8 => c.m8(),
        Demo::M9 => c.m9(),
        Demo::M10 => c.m10(),
        Demo::M11 => c.m11(),
        Demo::M12 => c.m12(),
        Demo::M13 => c.m13(),
        Demo::M14 => c.m14_old_duplicate(),
        Demo::Handshake => c.m14(),
        Demo::M15 => c.m15(),
        Demo::SynGiveUp => c.syn_give_up(),
        Demo::Backoff => c.backoff(),
        Demo::HalfOpen => c.half_open(),
        Demo::HalfClose => c.half_close(),
        Demo::SimultaneousOpen => c.simultaneous_open(),
        Demo::Karn => c.karn(),
        Demo::NoTimeWait => c.no_time_wait(),
        Demo::TimeWaitOldDuplicate => c.time_wait_old_duplicate(),
    }
}

struct Checker<'a> {
    demo: Demo,
    sim: &'a Simulator,
}

type Checked = Result<Proof, Broken>;

impl Checker<'_> {
    fn ev(&self) -> &[TraceEvent] {
        &self.sim.trace().events
    }

    fn fail(&self, what: &'static str) -> Broken {
        Broken {
            demo: self.demo,
            what,
        }
    }

    fn ensure(&self, ok: bool, what: &'static str) -> Result<(), Broken> {
        if ok { Ok(()) } else { Err(self.fail(what)) }
    }

    fn proof(&self, at: Instant, focus: Focus, events: Vec<usize>) -> Checked {
        Ok(Proof {
            moment: Moment { at, focus },
            events,
        })
    }

    /// The first segment sent with all of `flags`: (index, time, segment).
    fn first_with(&self, flags: Flags) -> Option<(usize, Instant, &SegmentInfo)> {
        sends(self.ev()).find(|(_, _, s)| s.flags.contains(flags))
    }

    /// The first state change of `side` into `to`.
    fn change_to(&self, side: Side, to: State) -> Option<crate::learn::Change> {
        changes(self.ev()).find(|c| c.side == side && c.to == to)
    }

    fn ever_in(&self, side: Side, state: State) -> bool {
        self.change_to(side, state).is_some()
    }

    /// Where the segment `id` arrived: (index, time, verdict).
    fn arrival_of(&self, id: TxId) -> Option<(usize, Instant, Option<Verdict>)> {
        self.ev()
            .iter()
            .enumerate()
            .find_map(|(i, e)| match &e.kind {
                TraceKind::Arrive { seg, verdict } if seg.id == id => Some((i, e.t, *verdict)),
                _ => None,
            })
    }

    /// The first segment `side` sends in answer to the input at `i`.
    fn answer_to(&self, i: usize, side: Side) -> Option<(usize, &SegmentInfo)> {
        let ev = self.ev();
        let after = consequences(ev, i);
        let seg = first_send_from(after, side)?;
        let at = ev.iter().enumerate().skip(i).find_map(|(k, e)| {
            matches!(&e.kind, TraceKind::Send { seg: s, .. } if s.id == seg.id).then_some(k)
        })?;
        Some((at, seg))
    }

    /// The flag byte of transmission `id` as it went on the wire, and its header layout.
    fn header(&self, id: TxId) -> Option<handshake_core::wire::HeaderLayout> {
        let tx = self.sim.transmission(id)?;
        let src = *self.sim.addr(tx.from).ip();
        let dst = *self.sim.addr(tx.to()).ip();
        Some(tcp_header_layout(&tx.segment, src, dst))
    }

    /// M1: the end that received the first FIN is in CLOSE-WAIT once it has ACKed it, goes on
    /// to LAST-ACK and CLOSED, and never enters TIME-WAIT; the end that sent it does.
    fn m1(&self) -> Checked {
        let (_, _, fin) = self
            .first_with(Flags::FIN)
            .ok_or(self.fail("no FIN was sent"))?;
        let (a, b) = (fin.from, fin.to());
        let cw = self
            .change_to(b, State::CloseWait)
            .ok_or(self.fail("the receiver of the first FIN never entered CLOSE-WAIT"))?;
        self.ensure(
            cw.cause == Cause::FinReceived,
            "CLOSE-WAIT was not entered on the FIN",
        )?;
        let (_, ack) = self
            .answer_to(
                self.ev()[..cw.index]
                    .iter()
                    .rposition(|e| matches!(e.kind, TraceKind::Arrive { .. }))
                    .ok_or(self.fail("the FIN never arrived"))?,
                b,
            )
            .ok_or(self.fail("the FIN was not answered"))?;
        self.ensure(
            ack.flags.ack() && ack.rel_ack == fin.rel_seq + seq_len(fin),
            "the answer does not acknowledge the FIN",
        )?;
        self.ensure(
            !self.ever_in(b, State::TimeWait),
            "the receiver of the first FIN entered TIME-WAIT",
        )?;
        let tw = self
            .change_to(a, State::TimeWait)
            .ok_or(self.fail("the sender of the first FIN never entered TIME-WAIT"))?;
        let la = self
            .change_to(b, State::LastAck)
            .ok_or(self.fail("the receiver of the first FIN never reached LAST-ACK"))?;
        let closed = changes(self.ev())
            .find(|c| c.side == b && c.from == State::LastAck && c.to == State::Closed)
            .ok_or(self.fail("LAST-ACK did not end in CLOSED"))?;
        self.proof(
            cw.t,
            Focus::Lane {
                side: b,
                state: State::CloseWait,
            },
            alloc::vec![cw.index, la.index, tw.index, closed.index],
        )
    }

    /// M2: the client's state is SYN-SENT at the instant its SYN leaves, before the SYN is
    /// sent, and stays so until the SYN,ACK arrives.
    fn m2(&self) -> Checked {
        let ev = self.ev();
        let (syn_i, t_syn, syn) = self
            .first_with(Flags::SYN)
            .ok_or(self.fail("no SYN was sent"))?;
        let side = syn.from;
        let sent = self
            .change_to(side, State::SynSent)
            .ok_or(self.fail("the SYN's sender never entered SYN-SENT"))?;
        self.ensure(
            sent.from == State::Closed && sent.cause == Cause::Connect,
            "SYN-SENT was not entered from CLOSED by connect()",
        )?;
        self.ensure(
            sent.t == t_syn && sent.index < syn_i,
            "the state did not change at the instant the SYN left",
        )?;
        let est = changes(ev)
            .find(|c| c.side == side && c.index > sent.index)
            .ok_or(self.fail("the client never left SYN-SENT"))?;
        self.ensure(
            est.from == State::SynSent
                && est.to == State::Established
                && est.cause == Cause::SynAckReceived,
            "the client left SYN-SENT other than on the SYN,ACK",
        )?;
        self.proof(
            t_syn,
            Focus::Lane {
                side,
                state: State::SynSent,
            },
            alloc::vec![sent.index, est.index],
        )
    }

    /// M3: 100 bytes at Seq=1 are acknowledged with Ack=101 (SEG.SEQ + SEG.LEN, not +1); after
    /// a lost segment the ACK of the next one stays at the hole.
    fn m3(&self) -> Checked {
        let ev = self.ev();
        let (d_i, _, d) = arrivals(ev)
            .find(|(i, _, s)| {
                s.len > 0
                    && matches!(
                        &ev[*i].kind,
                        TraceKind::Arrive {
                            verdict: Some(Verdict::Accepted),
                            ..
                        }
                    )
            })
            .ok_or(self.fail("no data segment was accepted"))?;
        let (ack_i, ack) = self
            .answer_to(d_i, d.to())
            .ok_or(self.fail("the data was not acknowledged"))?;
        self.ensure(
            ack.rel_ack == d.rel_seq + d.len && ack.rel_ack != d.rel_seq + 1,
            "the ACK is not SEG.SEQ + SEG.LEN",
        )?;
        self.ensure(
            (d.rel_seq, d.len, ack.rel_ack) == (1, 100, 101),
            "the card's numbers (Seq=1, 100 bytes, Ack=101) are not the run's",
        )?;
        // The hole: a data segment lost on the way, the next one held, its ACK at the hole.
        let lost = ev
            .iter()
            .find_map(|e| match &e.kind {
                TraceKind::Drop { seg, .. } if seg.len > 0 && seg.from == d.from => Some(seg),
                _ => None,
            })
            .ok_or(self.fail("no data segment was lost"))?;
        let (q_i, _, q) = arrivals(ev)
            .find(|(i, _, s)| {
                s.from == d.from
                    && s.rel_seq > lost.rel_seq
                    && matches!(
                        &ev[*i].kind,
                        TraceKind::Arrive {
                            verdict: Some(Verdict::Queued),
                            ..
                        }
                    )
            })
            .ok_or(self.fail("no segment after the hole was held"))?;
        let (dup_i, dup) = self
            .answer_to(q_i, q.to())
            .ok_or(self.fail("the segment after the hole was not acknowledged"))?;
        self.ensure(
            dup.rel_ack == lost.rel_seq && dup.rel_ack != q.rel_seq + q.len,
            "the ACK after the hole did not stay at the hole",
        )?;
        // When the hole is filled, one ACK covers everything held.
        let (rtx_i, _, rtx) = arrivals(ev)
            .find(|(_, _, s)| {
                s.from == d.from && s.rel_seq == lost.rel_seq && s.retransmission_of.is_some()
            })
            .ok_or(self.fail("the lost segment was never re-sent"))?;
        let (all_i, all) = self
            .answer_to(rtx_i, rtx.to())
            .ok_or(self.fail("the re-sent segment was not acknowledged"))?;
        self.ensure(
            all.rel_ack == q.rel_seq + q.len,
            "the ACK after the re-sent segment does not cover the held one",
        )?;
        if self.demo == Demo::LostData {
            let resent = sends(ev)
                .find(|(_, _, s)| s.id == rtx.id)
                .map_or(rtx_i, |(i, ..)| i);
            return self.proof(
                ev[all_i].t,
                Focus::Label {
                    id: all.id,
                    part: LabelPart::Ack,
                },
                alloc::vec![dup_i, resent, all_i],
            );
        }
        self.proof(
            ev[ack_i].t,
            Focus::Label {
                id: ack.id,
                part: LabelPart::Ack,
            },
            alloc::vec![ack_i, dup_i],
        )
    }

    /// M4: the SYN,ACK's flag byte on the wire is 0x12 (ACK 0x10 + SYN 0x02), a bare ACK's is
    /// 0x10, and 0x20 is URG.
    fn m4(&self) -> Checked {
        let (i, t, synack) = self
            .first_with(Flags::SYN | Flags::ACK)
            .ok_or(self.fail("no SYN,ACK was sent"))?;
        let h = self.header(synack.id).ok_or(self.fail("no header"))?;
        let byte = |h: &handshake_core::wire::HeaderLayout, key| {
            h.field(key).and_then(|f| f.value(&h.bytes))
        };
        let mask = |key| h.field(key).and_then(|f| f.mask);
        self.ensure(
            byte(&h, "flags") == Some(0x12),
            "the SYN,ACK's flag byte is not 0x12",
        )?;
        self.ensure(
            mask("flag_ack") == Some(0x10) && mask("flag_urg") == Some(0x20),
            "ACK is not 0x10 or URG is not 0x20 in the header layout",
        )?;
        let (_, _, bare) = sends(self.ev())
            .find(|(_, _, s)| s.flags == Flags::ACK)
            .ok_or(self.fail("no bare ACK was sent"))?;
        let hb = self.header(bare.id).ok_or(self.fail("no header"))?;
        self.ensure(
            byte(&hb, "flags") == Some(0x10),
            "a bare ACK's flag byte is not 0x10",
        )?;
        self.proof(
            t,
            Focus::Header {
                id: synack.id,
                key: "flags",
                absolute: false,
            },
            alloc::vec![i],
        )
    }

    /// M5: the flag byte has eight bits, CWR to FIN, after four reserved bits.
    fn m5(&self) -> Checked {
        let (i, t, synack) = self
            .first_with(Flags::SYN | Flags::ACK)
            .ok_or(self.fail("no SYN,ACK was sent"))?;
        let h = self.header(synack.id).ok_or(self.fail("no header"))?;
        let bits: Vec<&str> = h
            .fields
            .iter()
            .filter(|f| f.parent == Some("flags"))
            .map(|f| f.key)
            .collect();
        self.ensure(
            bits == [
                "flag_cwr", "flag_ece", "flag_urg", "flag_ack", "flag_psh", "flag_rst", "flag_syn",
                "flag_fin",
            ],
            "the flag byte does not hold the eight bits CWR … FIN",
        )?;
        self.ensure(
            h.field("reserved").map(|f| f.bit_width()) == Some(4),
            "there are not four reserved bits",
        )?;
        self.proof(
            t,
            Focus::Header {
                id: synack.id,
                key: "flags",
                absolute: false,
            },
            alloc::vec![i],
        )
    }

    /// M6: the TIME-WAIT timer runs 2·MSL of the side's configuration (10 s with MSL = 5 s),
    /// and with another MSL it runs twice that.
    fn m6(&self) -> Checked {
        let tw = |sim: &Simulator| {
            sim.trace()
                .events
                .iter()
                .enumerate()
                .find_map(|(i, e)| match e.kind {
                    TraceKind::Timer {
                        side,
                        kind: TimerKind::TimeWait,
                        action: TimerAction::Set,
                        deadline,
                        ..
                    } => Some((i, e.t, side, deadline - e.t)),
                    _ => None,
                })
        };
        let (_, t, side, length) = tw(self.sim).ok_or(self.fail("no TIME-WAIT timer was set"))?;
        let msl = self.sim.scenario().config(side).msl;
        self.ensure(
            length == msl + msl,
            "TIME-WAIT did not last 2·MSL of its side",
        )?;
        self.ensure(
            msl == Duration::from_secs(5),
            "the card's numbers (MSL 5 s, TIME-WAIT 10 s) are not the run's",
        )?;
        let mut other = self.sim.scenario().clone();
        other.client.msl = Duration::from_secs(30);
        other.server.msl = Duration::from_secs(30);
        let mut again = Simulator::new(&other).map_err(|_| self.fail("MSL 30 s refused"))?;
        again.run_to_end();
        let (_, _, _, longer) = tw(&again).ok_or(self.fail("no TIME-WAIT timer with MSL 30 s"))?;
        self.ensure(
            longer == Duration::from_secs(60),
            "with MSL = 30 s TIME-WAIT did not last 60 s",
        )?;
        let entered = self
            .change_to(side, State::TimeWait)
            .ok_or(self.fail("no TIME-WAIT"))?;
        self.proof(
            t,
            Focus::Timer {
                side,
                kind: TimerKind::TimeWait,
            },
            alloc::vec![entered.index],
        )
    }

    /// M7: a FIN re-sent into TIME-WAIT is ACKed again and restarts 2·MSL; nothing is delivered
    /// in TIME-WAIT.
    fn m7(&self) -> Checked {
        let ev = self.ev();
        let (arr_i, t, fin) = arrivals(ev)
            .find(|(i, _, s)| {
                s.flags.fin()
                    && matches!(
                        &ev[*i].kind,
                        TraceKind::Arrive {
                            verdict: Some(Verdict::TimeWaitReAck),
                            ..
                        }
                    )
            })
            .ok_or(self.fail("no FIN reached an end in TIME-WAIT"))?;
        let side = fin.to();
        let (ack_i, ack) = self
            .answer_to(arr_i, side)
            .ok_or(self.fail("the FIN in TIME-WAIT was not answered"))?;
        self.ensure(
            ack.flags == Flags::ACK && ack.rel_ack == fin.rel_seq + seq_len(fin),
            "the answer in TIME-WAIT is not an ACK of the FIN",
        )?;
        let msl = self.sim.scenario().config(side).msl;
        let restarted = consequences(ev, arr_i).iter().any(|e| {
            matches!(e.kind, TraceKind::Timer { side: s, kind: TimerKind::TimeWait, action: TimerAction::Restart, deadline, .. }
                if s == side && deadline == t + msl + msl)
        });
        self.ensure(restarted, "2·MSL was not restarted from the re-sent FIN")?;
        let entered = self
            .change_to(side, State::TimeWait)
            .ok_or(self.fail("no TIME-WAIT"))?;
        let delivered = ev[entered.index..]
            .iter()
            .any(|e| matches!(e.kind, TraceKind::Deliver { side: s, .. } if s == side));
        self.ensure(!delivered, "data was delivered in TIME-WAIT")?;
        self.proof(
            t,
            Focus::Label {
                id: ack.id,
                part: LabelPart::Whole,
            },
            alloc::vec![entered.index, arr_i, ack_i],
        )
    }

    /// M14 (RFC 9293 Figure 8): an old duplicate SYN reaches the server first; the server, which
    /// cannot tell, answers it; the third segment is where the client refuses it — a RST whose
    /// Seq is the SYN,ACK's Ack sends the server back to LISTEN — and only the client's real SYN
    /// opens the connection, after that.
    fn m14_old_duplicate(&self) -> Checked {
        let ev = self.ev();
        let (old_i, _, old) = arrivals(ev)
            .find(|(_, _, s)| s.flags == Flags::SYN && s.id.injected)
            .ok_or(self.fail("no old duplicate SYN arrived"))?;
        let (client, server) = (old.from, old.to());
        let (sa_i, sa) = self
            .answer_to(old_i, server)
            .ok_or(self.fail("the old SYN was not answered"))?;
        self.ensure(
            sa.flags == Flags::SYN | Flags::ACK && sa.ack == old.seq + 1usize,
            "the server did not answer the old SYN with a SYN,ACK of its Seq + 1",
        )?;
        let taken = changes(ev)
            .find(|c| c.side == server && c.index > old_i && c.to == State::SynReceived)
            .ok_or(self.fail("the old SYN did not take the server to SYN-RECEIVED"))?;
        let (sa_arr, _, _) = self
            .arrival_of(sa.id)
            .ok_or(self.fail("the SYN,ACK of the old SYN never reached the client"))?;
        let (rst_i, rst) = self
            .answer_to(sa_arr, client)
            .ok_or(self.fail("the client did not answer the SYN,ACK of the old SYN"))?;
        self.ensure(
            rst.flags.rst() && rst.seq == sa.ack,
            "the client did not refuse it with a RST whose Seq is that Ack",
        )?;
        let back = changes(ev)
            .find(|c| {
                c.side == server
                    && c.index > rst_i
                    && c.from == State::SynReceived
                    && c.to == State::Listen
                    && c.cause == Cause::RstReceived
            })
            .ok_or(self.fail("the RST did not send the server back to LISTEN"))?;
        let est = self
            .change_to(server, State::Established)
            .ok_or(self.fail("the server never reached ESTABLISHED"))?;
        self.ensure(
            est.index > back.index,
            "a connection opened before the old SYN was refused",
        )?;
        let (_, _, real) = sends(ev)
            .find(|(_, _, s)| s.from == client && s.flags == Flags::SYN && !s.id.injected)
            .ok_or(self.fail("the client sent no SYN of its own"))?;
        let real_answered = sends(ev).any(|(i, _, s)| {
            i > back.index
                && s.from == server
                && s.flags == Flags::SYN | Flags::ACK
                && s.ack == real.seq + 1usize
        });
        self.ensure(
            real_answered && self.ever_in(client, State::Established),
            "the client's real SYN did not open the connection",
        )?;
        self.proof(
            ev[rst_i].t,
            Focus::Label {
                id: rst.id,
                part: LabelPart::Flags,
            },
            alloc::vec![taken.index, sa_i, rst_i, back.index, est.index],
        )
    }

    /// M7's second purpose (preset `time-wait-old-duplicate`): the client in TIME-WAIT cannot
    /// reopen the port pair (connect() is refused), an old duplicate of its data that arrives
    /// meanwhile is not delivered, TIME-WAIT ends after exactly 2·MSL, the next connection opens
    /// only then, and no old data ever reaches an application after the first connection: the
    /// copy still wandering is dropped for being older than the MSL.
    fn time_wait_old_duplicate(&self) -> Checked {
        let ev = self.ev();
        let client = Side::Client;
        let tw = self
            .change_to(client, State::TimeWait)
            .ok_or(self.fail("the client never entered TIME-WAIT"))?;
        let closed = changes(ev)
            .find(|c| c.side == client && c.index > tw.index && c.from == State::TimeWait)
            .ok_or(self.fail("TIME-WAIT never ended"))?;
        let msl = self.sim.scenario().config(client).msl;
        self.ensure(
            closed.to == State::Closed
                && closed.cause == Cause::TimeWaitExpired
                && closed.t == tw.t + msl + msl,
            "TIME-WAIT did not end in CLOSED after 2·MSL",
        )?;
        let refused = ev[tw.index..closed.index]
            .iter()
            .position(|e| {
                matches!(
                    e.kind,
                    TraceKind::Call {
                        side: Side::Client,
                        call: UserCall::Connect,
                        error: Some(CallError::ConnectionExists),
                    }
                )
            })
            .map(|k| tw.index + k)
            .ok_or(self.fail("no connect() was refused during TIME-WAIT"))?;
        let old_in_tw = ev[tw.index..closed.index]
            .iter()
            .position(|e| matches!(&e.kind, TraceKind::OldDuplicate { seg, age, .. } if seg.from == client && seg.len > 0 && *age <= msl))
            .map(|k| tw.index + k)
            .ok_or(self.fail("no old duplicate of the client's data arrived during TIME-WAIT"))?;
        let reopened = changes(ev)
            .find(|c| c.side == client && c.index > closed.index && c.to == State::Established)
            .ok_or(self.fail("the next connection never opened"))?;
        let dropped = ev[reopened.index..]
            .iter()
            .position(|e| {
                matches!(&e.kind, TraceKind::Drop { seg, reason: FaultSource::Msl } if seg.id.age.is_some())
            })
            .map(|k| reopened.index + k)
            .ok_or(self.fail("no old duplicate was dropped for its age after the next connection opened"))?;
        let late_delivery = ev[tw.index..]
            .iter()
            .any(|e| matches!(e.kind, TraceKind::Deliver { .. }));
        self.ensure(
            !late_delivery,
            "old data reached an application after the first connection",
        )?;
        self.proof(
            ev[refused].t,
            Focus::Lane {
                side: client,
                state: State::TimeWait,
            },
            alloc::vec![
                tw.index,
                refused,
                old_in_tw,
                closed.index,
                reopened.index,
                dropped
            ],
        )
    }

    /// M8: a FIN that overtakes data is held; when the data arrives it is delivered, then
    /// end-of-stream, then TIME-WAIT.
    fn m8(&self) -> Checked {
        let ev = self.ev();
        let (fin_i, t_fin, fin) = arrivals(ev)
            .find(|(i, _, s)| {
                s.flags.fin()
                    && matches!(
                        &ev[*i].kind,
                        TraceKind::Arrive {
                            verdict: Some(Verdict::Queued),
                            ..
                        }
                    )
            })
            .ok_or(self.fail("no FIN was held"))?;
        let side = fin.to();
        self.ensure(
            !consequences(ev, fin_i)
                .iter()
                .any(|e| matches!(e.kind, TraceKind::State { side: s, .. } if s == side)),
            "the held FIN changed the receiver's state",
        )?;
        let (d_i, t_d, d) = arrivals(ev)
            .find(|(i, t, s)| {
                *i > fin_i
                    && *t > t_fin
                    && s.len > 0
                    && s.from == fin.from
                    && s.rel_seq < fin.rel_seq
            })
            .ok_or(self.fail("the data before the FIN never arrived"))?;
        let after = consequences(ev, d_i);
        let pos = |f: &dyn Fn(&TraceKind) -> bool| after.iter().position(|e| f(&e.kind));
        let deliver = pos(
            &|k| matches!(k, TraceKind::Deliver { side: s, len, .. } if *s == side && *len == d.len),
        );
        let eof = pos(
            &|k| matches!(k, TraceKind::App { side: s, event: AppEvent::EndOfStream } if *s == side),
        );
        let tw = pos(
            &|k| matches!(k, TraceKind::State { side: s, to: State::TimeWait, .. } if *s == side),
        );
        let (Some(deliver), Some(eof), Some(tw)) = (deliver, eof, tw) else {
            return Err(self.fail("the late data was not delivered, then EOF, then TIME-WAIT"));
        };
        self.ensure(
            deliver < eof && eof < tw,
            "not in the order data, end-of-stream, TIME-WAIT",
        )?;
        self.proof(
            t_d,
            Focus::Label {
                id: d.id,
                part: LabelPart::Whole,
            },
            alloc::vec![fin_i, d_i + 1 + deliver, d_i + 1 + tw],
        )
    }

    /// M9: the close's four segments alternate client FIN, server ACK, server FIN, client ACK.
    fn m9(&self) -> Checked {
        let ev = self.ev();
        let (f1_i, _, f1) = self
            .first_with(Flags::FIN)
            .ok_or(self.fail("no FIN was sent"))?;
        let close: Vec<(usize, Instant, &SegmentInfo)> =
            sends(ev).filter(|(i, _, _)| *i >= f1_i).collect();
        self.ensure(close.len() == 4, "the close did not take four segments")?;
        let (a, b) = (f1.from, f1.to());
        self.ensure(a == Side::Client, "the client did not close first")?;
        let [(_, _, s1), (_, _, s2), (_, _, s3), (_, t4, s4)] = close[..] else {
            return Err(self.fail("the close did not take four segments"));
        };
        self.ensure(
            s1.flags.fin() && s1.from == a,
            "step 1 is not the client's FIN",
        )?;
        self.ensure(
            s2.from == b && s2.flags == Flags::ACK && s2.rel_ack == s1.rel_seq + seq_len(s1),
            "step 2 is not the server's ACK of that FIN",
        )?;
        self.ensure(
            s3.from == b && s3.flags.fin(),
            "step 3 is not the server's FIN (server → client)",
        )?;
        self.ensure(
            s4.from == a && s4.flags == Flags::ACK && s4.rel_ack == s3.rel_seq + seq_len(s3),
            "step 4 is not the client's ACK of the server's FIN (client → server)",
        )?;
        self.proof(
            t4,
            Focus::Label {
                id: s4.id,
                part: LabelPart::Whole,
            },
            close.iter().map(|c| c.0).collect(),
        )
    }

    /// M10: the second FIN rides on the ACK of the first: three segments from the first FIN on.
    fn m10(&self) -> Checked {
        let ev = self.ev();
        let (f1_i, _, f1) = self
            .first_with(Flags::FIN)
            .ok_or(self.fail("no FIN was sent"))?;
        let close: Vec<(usize, Instant, &SegmentInfo)> =
            sends(ev).filter(|(i, _, _)| *i >= f1_i).collect();
        self.ensure(close.len() == 3, "the close did not take three segments")?;
        let (i2, t2, f2) = close[1];
        self.ensure(
            f2.from == f1.to()
                && f2.flags.contains(Flags::FIN | Flags::ACK)
                && f2.rel_ack == f1.rel_seq + seq_len(f1),
            "the second FIN does not ride on the ACK of the first",
        )?;
        let (i3, _, last) = close[2];
        self.ensure(
            last.from == f1.from && last.flags == Flags::ACK,
            "the last segment is not the ACK of the second FIN",
        )?;
        self.proof(
            t2,
            Focus::Label {
                id: f2.id,
                part: LabelPart::Flags,
            },
            alloc::vec![close[0].0, i2, i3],
        )
    }

    /// M11: one side aborts alone; its RST, not at RCV.NXT, draws a challenge ACK; the RST that
    /// answers it resets the other side, and nothing answers an accepted RST.
    fn m11(&self) -> Checked {
        let ev = self.ev();
        let abort = changes(ev)
            .find(|c| c.cause == Cause::Abort)
            .ok_or(self.fail("nobody aborted"))?;
        let (a, b) = (abort.side, abort.side.peer());
        self.ensure(
            !changes(ev).any(|c| c.side == b && c.cause == Cause::Abort),
            "both sides aborted",
        )?;
        let (r1_i, _, r1) = arrivals(ev)
            .find(|(_, _, s)| s.flags.rst() && s.from == a)
            .ok_or(self.fail("the RST never arrived"))?;
        self.ensure(
            matches!(
                ev[r1_i].kind,
                TraceKind::Arrive {
                    verdict: Some(Verdict::RstChallenged),
                    ..
                }
            ),
            "the out-of-order RST was not challenged",
        )?;
        let (ch_i, ch) = self
            .answer_to(r1_i, b)
            .ok_or(self.fail("no challenge ACK"))?;
        self.ensure(
            ch.flags == Flags::ACK && ch.rel_ack != r1.rel_seq,
            "the challenge is not an ACK at RCV.NXT",
        )?;
        let still = changes(ev)
            .filter(|c| c.side == b && c.index < ch_i)
            .last()
            .map(|c| c.to);
        self.ensure(
            still == Some(State::Established),
            "the other side was not ESTABLISHED when it challenged",
        )?;
        let (r2_i, _, r2) = arrivals(ev)
            .find(|(i, _, s)| *i > ch_i && s.flags.rst() && s.from == a)
            .ok_or(self.fail("the challenge ACK was not answered with a RST"))?;
        self.ensure(
            r2.rel_seq == ch.rel_ack
                && matches!(
                    ev[r2_i].kind,
                    TraceKind::Arrive {
                        verdict: Some(Verdict::RstAccepted),
                        ..
                    }
                ),
            "the RST at RCV.NXT was not accepted",
        )?;
        let reset = consequences(ev, r2_i)
            .iter()
            .any(|e| matches!(e.kind, TraceKind::State { side, to: State::Closed, cause: Cause::RstReceived, .. } if side == b));
        self.ensure(
            reset,
            "the accepted RST did not close the connection at once",
        )?;
        self.ensure(
            first_send_from(consequences(ev, r2_i), b).is_none(),
            "an accepted RST was answered",
        )?;
        let closed = self
            .change_to(b, State::Closed)
            .ok_or(self.fail("no CLOSED"))?;
        self.proof(
            ev[ch_i].t,
            Focus::Label {
                id: ch.id,
                part: LabelPart::Whole,
            },
            alloc::vec![abort.index, r1_i, ch_i, closed.index],
        )
    }

    /// M12: no segment has URG or an urgent pointer, and the application receives every byte in
    /// the order it was sent.
    fn m12(&self) -> Checked {
        let ev = self.ev();
        self.ensure(
            sends(ev).all(|(_, _, s)| !s.flags.contains(Flags::URG) && s.urgent == 0),
            "a segment carried URG or an urgent pointer",
        )?;
        let (i, t, data) = sends(ev)
            .find(|(_, _, s)| s.len > 0)
            .ok_or(self.fail("no data was sent"))?;
        let (from, to) = (data.from, data.to());
        self.ensure(
            !self.sim.app(to).received.is_empty()
                && self.sim.app(to).received == self.sim.app(from).sent,
            "the bytes were not delivered in the order they were sent",
        )?;
        let h = self.header(data.id).ok_or(self.fail("no header"))?;
        self.ensure(
            h.field("urgent").and_then(|f| f.value(&h.bytes)) == Some(0)
                && h.field("flag_urg").and_then(|f| f.value(&h.bytes)) == Some(0),
            "the header's URG bit or urgent pointer is not 0",
        )?;
        let deliver = ev
            .iter()
            .position(|e| matches!(e.kind, TraceKind::Deliver { side, .. } if side == to))
            .ok_or(self.fail("nothing was delivered"))?;
        self.proof(
            t,
            Focus::Header {
                id: data.id,
                key: "urgent",
                absolute: false,
            },
            alloc::vec![i, deliver],
        )
    }

    /// M13: the SYN is one flag bit; the ISN is the SYN's sequence number, not 0, the next
    /// segment starts at ISN+1, and another seed draws another ISN.
    fn m13(&self) -> Checked {
        let (i, t, syn) = self
            .first_with(Flags::SYN)
            .ok_or(self.fail("no SYN was sent"))?;
        self.ensure(syn.flags == Flags::SYN, "the first SYN carries other flags")?;
        let tx = self.sim.transmission(syn.id).ok_or(self.fail("no SYN"))?;
        let iss = tx
            .snapshot(syn.from)
            .tcb
            .map(|tcb| tcb.iss)
            .ok_or(self.fail("no TCB when the SYN left"))?;
        self.ensure(
            syn.seq == iss && iss.0 != 0,
            "the SYN's sequence number is not a non-zero ISN",
        )?;
        let h = self.header(syn.id).ok_or(self.fail("no header"))?;
        self.ensure(
            h.field("flags").and_then(|f| f.value(&h.bytes)) == Some(0x02)
                && h.field("seq").and_then(|f| f.value(&h.bytes)) == Some(iss.0),
            "the header does not carry SYN as a bit and the ISN as the sequence number",
        )?;
        let next = sends(self.ev())
            .find(|(k, _, s)| *k > i && s.from == syn.from)
            .ok_or(self.fail("the SYN's sender sent nothing after it"))?;
        self.ensure(
            next.2.seq == iss + 1usize,
            "the next segment does not start at ISN+1",
        )?;
        let mut other = self.sim.scenario().clone();
        other.seed = other.seed.wrapping_add(1);
        let mut again = Simulator::new(&other).map_err(|_| self.fail("another seed refused"))?;
        again.run_to_end();
        let other_iss = sends(&again.trace().events)
            .find(|(_, _, s)| s.flags.syn() && s.from == syn.from)
            .map(|(_, _, s)| s.seq);
        self.ensure(
            other_iss.is_some_and(|o| o != iss),
            "another seed drew the same ISN",
        )?;
        self.proof(
            t,
            Focus::Header {
                id: syn.id,
                key: "seq",
                absolute: true,
            },
            alloc::vec![i],
        )
    }

    /// M14 (and the handshake question): the SYN,ACK acknowledges the client's ISN and carries
    /// the server's; the ACK acknowledges it; three segments synchronise both ends.
    fn m14(&self) -> Checked {
        let ev = self.ev();
        let (i1, _, syn) = self
            .first_with(Flags::SYN)
            .ok_or(self.fail("no SYN was sent"))?;
        let (i2, t2, synack) = self
            .first_with(Flags::SYN | Flags::ACK)
            .ok_or(self.fail("no SYN,ACK was sent"))?;
        self.ensure(
            synack.from == syn.to() && synack.ack == syn.seq + 1usize,
            "the SYN,ACK does not acknowledge the client's ISN + 1",
        )?;
        let (i3, _, ack) = sends(ev)
            .find(|(i, _, s)| *i > i2 && s.from == syn.from)
            .ok_or(self.fail("the SYN,ACK was not answered"))?;
        self.ensure(
            ack.flags == Flags::ACK && ack.ack == synack.seq + 1usize,
            "the third segment does not acknowledge the server's ISN + 1",
        )?;
        let both = |side| self.ever_in(side, State::Established);
        self.ensure(
            both(Side::Client) && both(Side::Server),
            "the handshake did not establish both ends",
        )?;
        self.ensure(
            sends(ev).filter(|(i, _, _)| *i <= i3).count() == 3,
            "the handshake did not take three segments",
        )?;
        let server_est = self
            .change_to(synack.from, State::Established)
            .ok_or(self.fail("no ESTABLISHED"))?;
        if self.demo == Demo::Handshake {
            return self.proof(
                server_est.t,
                Focus::Lane {
                    side: synack.from,
                    state: State::Established,
                },
                alloc::vec![i1, i2, i3, server_est.index],
            );
        }
        self.proof(
            t2,
            Focus::Label {
                id: synack.id,
                part: LabelPart::Flags,
            },
            alloc::vec![i2, i3],
        )
    }

    /// M15: TCP tells the application end-of-stream; the side stays in CLOSE-WAIT and keeps
    /// sending until its application calls close().
    fn m15(&self) -> Checked {
        let ev = self.ev();
        let cw = changes(ev)
            .find(|c| c.to == State::CloseWait)
            .ok_or(self.fail("nobody entered CLOSE-WAIT"))?;
        let side = cw.side;
        let eof = ev.iter().position(
            |e| matches!(e.kind, TraceKind::App { side: s, event: AppEvent::EndOfStream } if s == side),
        );
        self.ensure(
            eof.is_some_and(|i| ev[i].t == cw.t),
            "the application was not told end-of-stream when the FIN was processed",
        )?;
        let close_call = ev
            .iter()
            .position(|e| {
                matches!(&e.kind, TraceKind::Call { side: s, call: UserCall::Close, error: None } if *s == side)
            })
            .ok_or(self.fail("the application never called close()"))?;
        let next = changes(ev)
            .find(|c| c.side == side && c.index > cw.index)
            .ok_or(self.fail("CLOSE-WAIT never ended"))?;
        self.ensure(
            next.to == State::LastAck && next.cause == Cause::Close && next.index > close_call,
            "CLOSE-WAIT ended other than by the application's close()",
        )?;
        let (d_i, t_d, _) = sends(ev)
            .find(|(i, _, s)| *i > cw.index && *i < close_call && s.from == side && s.len > 0)
            .ok_or(self.fail("no data was sent in CLOSE-WAIT"))?;
        self.proof(
            t_d,
            Focus::Lane {
                side,
                state: State::CloseWait,
            },
            alloc::vec![cw.index, d_i, next.index],
        )
    }

    /// Every SYN lost: each retransmission waits twice as long as the one before, and the
    /// client gives up without sending anything.
    fn syn_give_up(&self) -> Checked {
        let ev = self.ev();
        let syns: Vec<Instant> = sends(ev)
            .filter(|(_, _, s)| s.flags == Flags::SYN && s.from == Side::Client)
            .map(|(_, t, _)| t)
            .collect();
        self.ensure(syns.len() >= 3, "fewer than three SYNs were sent")?;
        let gaps: Vec<Duration> = syns.windows(2).map(|w| w[1] - w[0]).collect();
        self.ensure(
            gaps.windows(2).all(|g| g[1] == g[0] + g[0]),
            "the gaps between SYNs did not double",
        )?;
        let gave_up = changes(ev)
            .find(|c| c.side == Side::Client && matches!(c.cause, Cause::RetriesExhausted(_)))
            .ok_or(self.fail("the client never gave up"))?;
        self.ensure(
            gave_up.from == State::SynSent && gave_up.to == State::Closed,
            "the give-up was not SYN-SENT → CLOSED",
        )?;
        self.ensure(
            first_send_from(&ev[gave_up.index..], Side::Client).is_none(),
            "the client sent something when it gave up",
        )?;
        let told = ev[gave_up.index..].iter().any(|e| {
            matches!(
                e.kind,
                TraceKind::App {
                    side: Side::Client,
                    event: AppEvent::TimedOut
                }
            )
        });
        self.ensure(told, "connect() was not told 'timed out'")?;
        self.proof(
            gave_up.t,
            Focus::Lane {
                side: Side::Client,
                state: State::Closed,
            },
            alloc::vec![gave_up.index],
        )
    }

    /// The RTO doubles on each expiry (RFC 6298 (5.5)), read from the trace's RTO changes.
    fn backoff(&self) -> Checked {
        let ev = self.ev();
        let backoffs: Vec<(usize, Instant, Duration, Duration)> = ev
            .iter()
            .enumerate()
            .filter_map(|(i, e)| match e.kind {
                TraceKind::Rto {
                    side: Side::Client,
                    change: handshake_core::endpoint::RtoChange::BackOff { capped: false },
                    from,
                    rto,
                    ..
                } => Some((i, e.t, from, rto)),
                _ => None,
            })
            .collect();
        self.ensure(backoffs.len() >= 3, "fewer than three backoffs")?;
        self.ensure(
            backoffs.iter().all(|b| b.3 == b.2 + b.2),
            "a backoff did not double the RTO",
        )?;
        self.ensure(
            backoffs.windows(2).all(|w| w[1].2 == w[0].3),
            "a backoff did not start from the RTO the one before left",
        )?;
        // Each backoff is told with the timer's expiry that caused it.
        let expiries = backoffs
            .iter()
            .take(3)
            .filter_map(|b| ev[..b.0].iter().rposition(|e| is_input(&e.kind)))
            .collect();
        self.proof(
            backoffs[1].1,
            Focus::Timer {
                side: Side::Client,
                kind: TimerKind::Retransmission,
            },
            expiries,
        )
    }

    /// Half-open: one side is CLOSED while the other is still ESTABLISHED; the next segment the
    /// survivor sends is answered with RST, which resets it.
    fn half_open(&self) -> Checked {
        let ev = self.ev();
        let gone = changes(ev)
            .find(|c| c.to == State::Closed && c.from == State::Established)
            .ok_or(self.fail("nobody left ESTABLISHED"))?;
        let (a, b) = (gone.side, gone.side.peer());
        let (d_i, _, d) = sends(ev)
            .find(|(i, _, s)| *i > gone.index && s.from == b && s.len > 0)
            .ok_or(self.fail("the survivor sent no data"))?;
        self.ensure(
            changes(ev)
                .filter(|c| c.side == b && c.index < d_i)
                .last()
                .map(|c| c.to)
                == Some(State::Established),
            "the survivor was not ESTABLISHED when it sent",
        )?;
        let (arr_i, ..) = self
            .arrival_of(d.id)
            .ok_or(self.fail("the data never arrived"))?;
        self.ensure(
            matches!(
                ev[arr_i].kind,
                TraceKind::Arrive {
                    verdict: Some(Verdict::NoConnectionReset),
                    ..
                }
            ),
            "the data did not find a closed connection",
        )?;
        let (rst_i, rst) = self
            .answer_to(arr_i, a)
            .ok_or(self.fail("the data was not answered"))?;
        self.ensure(rst.flags.rst(), "the answer is not a RST")?;
        let reset = changes(ev)
            .find(|c| c.side == b && c.cause == Cause::RstReceived)
            .ok_or(self.fail("the survivor was not reset"))?;
        self.proof(
            ev[rst_i].t,
            Focus::Label {
                id: rst.id,
                part: LabelPart::Flags,
            },
            alloc::vec![gone.index, d_i, rst_i, reset.index],
        )
    }

    /// Half-close: the side that closed first still receives data in FIN-WAIT-2.
    fn half_close(&self) -> Checked {
        let ev = self.ev();
        let fw2 = changes(ev)
            .find(|c| c.to == State::FinWait2)
            .ok_or(self.fail("nobody reached FIN-WAIT-2"))?;
        let side = fw2.side;
        let next = changes(ev).find(|c| c.side == side && c.index > fw2.index);
        let end = next.map_or(ev.len(), |c| c.index);
        let deliver = ev[fw2.index..end]
            .iter()
            .position(|e| matches!(e.kind, TraceKind::Deliver { side: s, .. } if s == side))
            .map(|k| fw2.index + k)
            .ok_or(self.fail("nothing was delivered in FIN-WAIT-2"))?;
        self.proof(
            ev[deliver].t,
            Focus::Lane {
                side,
                state: State::FinWait2,
            },
            alloc::vec![fw2.index, deliver],
        )
    }

    /// Simultaneous open: both ends go SYN-SENT → SYN-RECEIVED → ESTABLISHED, no LISTEN.
    fn simultaneous_open(&self) -> Checked {
        let ev = self.ev();
        let mut idx = Vec::new();
        for side in Side::BOTH {
            let sr = changes(ev)
                .find(|c| c.side == side && c.from == State::SynSent && c.to == State::SynReceived)
                .ok_or(self.fail("an end did not go SYN-SENT → SYN-RECEIVED"))?;
            let est = changes(ev)
                .find(|c| {
                    c.side == side && c.from == State::SynReceived && c.to == State::Established
                })
                .ok_or(self.fail("an end did not go SYN-RECEIVED → ESTABLISHED"))?;
            idx.push((sr, est));
        }
        self.ensure(
            !changes(ev).any(|c| c.to == State::Listen),
            "an end listened",
        )?;
        self.ensure(
            sends(ev).count() == 4,
            "the simultaneous open did not take four segments",
        )?;
        let (sr, _) = idx[1];
        let mut events: Vec<usize> = idx.iter().flat_map(|(a, b)| [a.index, b.index]).collect();
        events.sort_unstable();
        self.proof(
            sr.t,
            Focus::Lane {
                side: sr.side,
                state: State::SynReceived,
            },
            events,
        )
    }

    /// Karn: the ACK of a retransmitted SYN gives no RTT sample, and the RTO is 3 s afterwards
    /// (RFC 6298 (5.7)).
    fn karn(&self) -> Checked {
        use handshake_core::endpoint::RtoChange;
        let ev = self.ev();
        let karn = ev
            .iter()
            .position(|e| {
                matches!(
                    e.kind,
                    TraceKind::Rto {
                        change: RtoChange::KarnNoSample,
                        ..
                    }
                )
            })
            .ok_or(self.fail("no ACK went unsampled"))?;
        let side = ev[karn].kind.side().ok_or(self.fail("no side"))?;
        let fallback = ev
            .iter()
            .position(|e| {
                matches!(e.kind, TraceKind::Rto { side: s, change: RtoChange::HandshakeFallback, rto, .. }
                    if s == side && rto == Duration::from_secs(3))
            })
            .ok_or(self.fail("the RTO did not become 3 s"))?;
        let rtx = sends(ev)
            .any(|(_, _, s)| s.from == side && s.flags.syn() && s.retransmission_of.is_some());
        self.ensure(rtx, "the SYN was not retransmitted")?;
        let synack = arrivals(ev)
            .filter(|(i, _, s)| *i < karn && s.to() == side)
            .last()
            .ok_or(self.fail("no SYN,ACK arrived"))?;
        self.proof(
            ev[karn].t,
            Focus::Label {
                id: synack.2.id,
                part: LabelPart::Whole,
            },
            alloc::vec![karn, fallback],
        )
    }

    /// Without TIME-WAIT the re-sent FIN finds no connection and is answered with RST: the
    /// other end is reset instead of closing cleanly.
    fn no_time_wait(&self) -> Checked {
        let ev = self.ev();
        let (arr_i, _, fin) = arrivals(ev)
            .find(|(i, _, s)| {
                s.flags.fin()
                    && matches!(
                        &ev[*i].kind,
                        TraceKind::Arrive {
                            verdict: Some(Verdict::NoConnectionReset),
                            ..
                        }
                    )
            })
            .ok_or(self.fail("no FIN found a closed connection"))?;
        let (rst_i, rst) = self
            .answer_to(arr_i, fin.to())
            .ok_or(self.fail("the FIN was not answered"))?;
        self.ensure(rst.flags.rst(), "the answer is not a RST")?;
        let reset = changes(ev)
            .find(|c| c.side == fin.from && c.cause == Cause::RstReceived)
            .ok_or(self.fail("the FIN's sender was not reset"))?;
        self.ensure(
            reset.from == State::LastAck,
            "the reset did not come in LAST-ACK",
        )?;
        self.proof(
            ev[rst_i].t,
            Focus::Label {
                id: rst.id,
                part: LabelPart::Flags,
            },
            alloc::vec![arr_i, rst_i, reset.index],
        )
    }
}
