//! The lab's terms in both languages, each with the RFC section that defines it, and which of
//! them a sentence mentions ([`mentions`]), so the narration log can link each entry to the terms
//! it uses.

use alloc::vec::Vec;

use crate::lang::Lang;
use crate::learn::T;

/// One term.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Term {
    /// A stable name for links and ids (`time-wait`).
    pub id: &'static str,
    pub name: T,
    pub definition: T,
    /// Where it is defined.
    pub rfc: &'static str,
    /// Words that mention it in English and in Korean. An ASCII word matches whole (not inside
    /// a longer word: `RST` is not in `FIRST`, `RTT` not in `RTTVAR`), case and all; a word
    /// ending in `*` matches as a prefix (`retransmi*`); Korean words match anywhere.
    pub en: &'static [&'static str],
    pub ko: &'static [&'static str],
}

const fn t(en: &'static str, ko: &'static str) -> T {
    T::new(en, ko)
}

/// Every term, roughly in the order a connection meets them.
pub const TERMS: &[Term] = &[
    Term {
        id: "three-way-handshake",
        name: t("3-way handshake", "3-way 핸드셰이크"),
        definition: t(
            "How a connection opens: SYN, SYN,ACK, ACK. Each side announces its ISN and the other acknowledges it; the middle segment does both at once.",
            "연결을 여는 절차. SYN, SYN,ACK, ACK 세 세그먼트로 양쪽이 각자의 ISN을 알리고 상대가 그것을 확인한다. 가운데 세그먼트가 두 일을 한 번에 한다.",
        ),
        rfc: "RFC 9293 §3.5",
        en: &["handshake"],
        ko: &["핸드셰이크"],
    },
    Term {
        id: "passive-active-open",
        name: t("Passive and active OPEN", "수동 열기와 능동 열기"),
        definition: t(
            "A passive OPEN (listen()) waits in LISTEN for a SYN; an active OPEN (connect()) sends the SYN.",
            "수동 열기(listen())는 LISTEN에서 SYN을 기다리고, 능동 열기(connect())는 SYN을 보낸다.",
        ),
        rfc: "RFC 9293 §3.10.1",
        en: &["passive OPEN", "active OPEN"],
        ko: &["수동 열기", "능동 열기"],
    },
    Term {
        id: "tcb",
        name: t("TCB (transmission control block)", "TCB (전송 제어 블록)"),
        definition: t(
            "The record a TCP keeps for one connection: its state, the send and receive sequence variables (SND.UNA, SND.NXT, RCV.NXT …), the timers.",
            "TCP가 연결 하나마다 두는 기록. 상태, 송수신 시퀀스 변수(SND.UNA, SND.NXT, RCV.NXT …), 타이머가 들어 있다.",
        ),
        rfc: "RFC 9293 §3.3.1",
        en: &["TCB"],
        ko: &["TCB"],
    },
    Term {
        id: "isn",
        name: t("ISN (initial sequence number)", "ISN (초기 시퀀스 번호)"),
        definition: t(
            "The sequence number a side starts from, carried in its SYN; its first data byte is ISN+1. Chosen hard to predict and not 0, so old segments and forged ones rarely fit a new connection.",
            "한쪽이 번호를 매기기 시작하는 시퀀스 번호로, SYN에 실려 간다. 첫 데이터 바이트는 ISN+1이다. 오래된 세그먼트나 위조한 세그먼트가 새 연결에 맞아떨어지지 않도록, 0이 아니고 예측하기 어렵게 고른다.",
        ),
        rfc: "RFC 9293 §3.4.1",
        en: &["ISN", "IRS"],
        ko: &["ISN", "IRS"],
    },
    Term {
        id: "sequence-number",
        name: t("Sequence number", "시퀀스 번호"),
        definition: t(
            "Every byte of a direction has a number; a segment's Seq is the number of its first byte. SYN and FIN take one number each, so they are acknowledged too.",
            "한 방향의 모든 바이트에는 번호가 붙는다. 세그먼트의 Seq는 그 첫 바이트의 번호다. SYN과 FIN도 번호 하나씩을 차지하므로 이들도 확인 응답을 받는다.",
        ),
        rfc: "RFC 9293 §3.4",
        en: &["sequence number", "Seq="],
        ko: &["시퀀스 번호", "Seq="],
    },
    Term {
        id: "ack-number",
        name: t("Acknowledgment number", "확인 응답 번호 (ACK 번호)"),
        definition: t(
            "The next sequence number the sender of the ACK expects: SEG.SEQ + SEG.LEN of what it received in order. Cumulative: it never skips a hole.",
            "ACK를 보내는 쪽이 다음에 받을 시퀀스 번호, 곧 순서대로 받은 세그먼트의 SEG.SEQ + SEG.LEN이다. 누적 확인이라 중간의 빈 자리를 건너뛰지 않는다.",
        ),
        rfc: "RFC 9293 §3.4",
        en: &["acknowledgment number", "Ack="],
        ko: &["확인 응답 번호", "Ack="],
    },
    Term {
        id: "control-bits",
        name: t("Control bits (flags)", "제어 비트 (플래그)"),
        definition: t(
            "Eight bits of the header: CWR 0x80, ECE 0x40, URG 0x20, ACK 0x10, PSH 0x08, RST 0x04, SYN 0x02, FIN 0x01.",
            "헤더의 8비트. CWR 0x80, ECE 0x40, URG 0x20, ACK 0x10, PSH 0x08, RST 0x04, SYN 0x02, FIN 0x01.",
        ),
        rfc: "RFC 9293 §3.1",
        en: &["flag*"],
        ko: &["플래그"],
    },
    Term {
        id: "mss",
        name: t("MSS (maximum segment size)", "MSS (최대 세그먼트 크기)"),
        definition: t(
            "The most data bytes a side is willing to receive in one segment, announced as an option of its SYN. Data is cut into pieces of at most this size.",
            "한 세그먼트에 받을 수 있는 데이터 바이트의 최댓값으로, SYN의 옵션으로 알린다. 데이터는 이 크기 이하로 잘려 나간다.",
        ),
        rfc: "RFC 9293 §3.7.1",
        en: &["MSS"],
        ko: &["MSS"],
    },
    Term {
        id: "window",
        name: t("Window", "윈도 (수신 윈도)"),
        definition: t(
            "How many bytes beyond the ACK number the receiver can accept now (RCV.WND). The sender keeps at most that much unacknowledged data in flight.",
            "받는 쪽이 ACK 번호 다음부터 지금 받을 수 있는 바이트 수(RCV.WND). 송신자는 확인받지 못한 데이터를 그만큼까지만 보내 둔다.",
        ),
        rfc: "RFC 9293 §3.8.6",
        en: &["window"],
        ko: &["윈도"],
    },
    Term {
        id: "retransmission",
        name: t("Retransmission", "재전송"),
        definition: t(
            "Sending again a segment that was not acknowledged in time. When the retransmission timer expires, only the earliest unacknowledged segment is sent again.",
            "제때 확인받지 못한 세그먼트를 다시 보내는 일. 재전송 타이머가 만료되면 확인받지 못한 가장 앞의 세그먼트 하나만 다시 보낸다.",
        ),
        rfc: "RFC 9293 §3.8.1; RFC 6298 §5",
        en: &["retransmi*", "re-send*", "re-sent"],
        ko: &["재전송", "다시 보낸"],
    },
    Term {
        id: "rtt",
        name: t("RTT (round-trip time)", "RTT (왕복 시간)"),
        definition: t(
            "The time from sending a segment to receiving its ACK. Samples are taken only from segments sent once (Karn).",
            "세그먼트를 보내고 그 ACK를 받기까지 걸린 시간. 표본은 한 번만 보낸 세그먼트에서만 잰다(Karn).",
        ),
        rfc: "RFC 6298 §2, §3",
        en: &["RTT"],
        ko: &["RTT", "왕복 시간"],
    },
    Term {
        id: "srtt-rttvar",
        name: t("SRTT and RTTVAR", "SRTT와 RTTVAR"),
        definition: t(
            "The smoothed RTT and its variation, updated from each sample; the RTO is SRTT + 4·RTTVAR, at least 1 s.",
            "표본마다 갱신하는 평활 RTT와 그 변동폭. RTO는 SRTT + 4·RTTVAR이고, 1초보다 작아지지 않는다.",
        ),
        rfc: "RFC 6298 §2",
        en: &["SRTT", "RTTVAR"],
        ko: &["SRTT", "RTTVAR"],
    },
    Term {
        id: "rto",
        name: t("RTO (retransmission timeout)", "RTO (재전송 타임아웃)"),
        definition: t(
            "How long the retransmission timer waits for an ACK: 1 s at first, then computed from RTT samples, doubled on every expiry up to a maximum.",
            "재전송 타이머가 ACK를 기다리는 시간. 처음에는 1초이고, 이후 RTT 표본으로 계산하며, 만료될 때마다 최댓값까지 두 배씩 늘어난다.",
        ),
        rfc: "RFC 6298 §2, §5",
        en: &["RTO"],
        ko: &["RTO"],
    },
    Term {
        id: "backoff",
        name: t("Exponential backoff", "지수 백오프"),
        definition: t(
            "Each expiry of the retransmission timer doubles the RTO (1 s, 2 s, 4 s …, up to a maximum), and the backed-off value is kept until a new valid RTT sample.",
            "재전송 타이머가 만료될 때마다 RTO를 두 배로 늘린다(1초, 2초, 4초 … 최댓값까지). 늘어난 값은 유효한 RTT 표본을 새로 얻을 때까지 유지된다.",
        ),
        rfc: "RFC 6298 (5.5), (5.7)",
        en: &["doubled", "doubles", "doubling", "backoff", "back off"],
        ko: &["두 배", "백오프"],
    },
    Term {
        id: "karn",
        name: t("Karn's algorithm", "Karn 알고리즘"),
        definition: t(
            "No RTT sample from a retransmitted segment: its ACK could answer either copy.",
            "재전송한 세그먼트로는 RTT를 재지 않는다. 그 ACK가 어느 쪽 전송에 대한 답인지 알 수 없기 때문이다.",
        ),
        rfc: "RFC 6298 §3; RFC 9293 §3.8.1",
        en: &["Karn"],
        ko: &["Karn"],
    },
    Term {
        id: "duplicate-ack",
        name: t("Duplicate ACK", "중복 ACK"),
        definition: t(
            "The same ACK number again, sent when a segment arrives after a hole: it tells the sender where the hole begins.",
            "빈 자리 뒤의 세그먼트가 도착했을 때 다시 보내는 같은 ACK 번호. 빈 자리가 어디서 시작하는지 송신자에게 알려 준다.",
        ),
        rfc: "RFC 9293 §3.10.7.4; RFC 5681 §2",
        en: &["duplicate ACK"],
        ko: &["중복 ACK"],
    },
    Term {
        id: "syn-sent",
        name: t("SYN-SENT", "SYN-SENT"),
        definition: t(
            "An active opener that has sent its SYN and waits for the SYN,ACK.",
            "SYN을 보내고 SYN,ACK를 기다리는 능동 개방 쪽의 상태.",
        ),
        rfc: "RFC 9293 §3.3.2",
        en: &["SYN-SENT"],
        ko: &["SYN-SENT"],
    },
    Term {
        id: "syn-received",
        name: t("SYN-RECEIVED", "SYN-RECEIVED"),
        definition: t(
            "Has received a SYN and sent its own (the SYN,ACK); waits for the ACK of its SYN. Linux's ss shows it as SYN-RECV.",
            "SYN을 받고 자신의 SYN(SYN,ACK)을 보낸 뒤, 그 SYN에 대한 ACK를 기다리는 상태. Linux의 ss는 SYN-RECV로 보여 준다.",
        ),
        rfc: "RFC 9293 §3.3.2",
        en: &["SYN-RECEIVED"],
        ko: &["SYN-RECEIVED"],
    },
    Term {
        id: "fin-wait",
        name: t("FIN-WAIT-1 and FIN-WAIT-2", "FIN-WAIT-1과 FIN-WAIT-2"),
        definition: t(
            "The end that closed first: in FIN-WAIT-1 its FIN is not yet acknowledged; in FIN-WAIT-2 it is, and the end waits for the peer's FIN, still receiving data.",
            "먼저 닫은 쪽의 상태. FIN-WAIT-1은 자기 FIN이 아직 확인되지 않은 상태이고, FIN-WAIT-2는 확인된 뒤 상대의 FIN을 기다리는 상태다. 이때도 데이터는 받는다.",
        ),
        rfc: "RFC 9293 §3.3.2, §3.6",
        en: &["FIN-WAIT-1", "FIN-WAIT-2"],
        ko: &["FIN-WAIT-1", "FIN-WAIT-2"],
    },
    Term {
        id: "close-wait",
        name: t("CLOSE-WAIT", "CLOSE-WAIT"),
        definition: t(
            "The end that received the first FIN: TCP has ACKed it and told the application end-of-stream, and waits for the application to call close(). Nothing but the application ends it.",
            "먼저 FIN을 받은 쪽의 상태. TCP는 그 FIN에 ACK하고 애플리케이션에 EOF를 알린 뒤, 애플리케이션이 close()를 부르기를 기다린다. 애플리케이션 말고는 이 상태를 끝낼 것이 없다.",
        ),
        rfc: "RFC 9293 §3.3.2, §3.6",
        en: &["CLOSE-WAIT"],
        ko: &["CLOSE-WAIT"],
    },
    Term {
        id: "last-ack",
        name: t("LAST-ACK", "LAST-ACK"),
        definition: t(
            "The end that closed second has sent its FIN and waits for its ACK; then it is CLOSED.",
            "나중에 닫은 쪽이 자기 FIN을 보내고 그 ACK를 기다리는 상태. ACK가 오면 CLOSED가 된다.",
        ),
        rfc: "RFC 9293 §3.3.2, §3.6",
        en: &["LAST-ACK"],
        ko: &["LAST-ACK"],
    },
    Term {
        id: "closing",
        name: t("CLOSING", "CLOSING"),
        definition: t(
            "In a simultaneous close, an end that received the peer's FIN before its own FIN was acknowledged.",
            "동시 닫기에서 자기 FIN이 확인되기 전에 상대의 FIN을 받은 쪽의 상태.",
        ),
        rfc: "RFC 9293 §3.3.2, §3.6 (Figure 13)",
        en: &["CLOSING"],
        ko: &["CLOSING"],
    },
    Term {
        id: "time-wait",
        name: t("TIME-WAIT", "TIME-WAIT"),
        definition: t(
            "The end that sent the first FIN waits 2·MSL after the close: to ACK the peer's FIN again if the last ACK is lost, and to let old duplicates of the connection die. It receives no new data.",
            "먼저 FIN을 보낸 쪽이 종료 뒤 2·MSL 동안 기다리는 상태. 마지막 ACK가 사라지면 상대의 FIN에 다시 ACK하고, 이 연결의 오래된 중복 세그먼트가 사라지게 하려는 것이다. 새 데이터는 받지 않는다.",
        ),
        rfc: "RFC 9293 §3.3.2, §3.6.1",
        en: &["TIME-WAIT"],
        ko: &["TIME-WAIT"],
    },
    Term {
        id: "msl",
        name: t("MSL (maximum segment lifetime)", "MSL (최대 세그먼트 수명)"),
        definition: t(
            "The longest a segment is assumed to survive in the network: 2 minutes in the RFC, an engineering assumption. The lab uses 5 s.",
            "세그먼트가 네트워크에서 살아남을 수 있다고 가정하는 가장 긴 시간. RFC는 2분으로 두지만 공학적 가정일 뿐이다. 이 실험실은 5초를 쓴다.",
        ),
        rfc: "RFC 9293 §3.4.2, §4",
        en: &["MSL"],
        ko: &["MSL"],
    },
    Term {
        id: "two-msl",
        name: t("2·MSL", "2·MSL"),
        definition: t(
            "The length of TIME-WAIT: one MSL for the lost last ACK, one for the FIN re-sent in answer. 240 s by the RFC's MSL, 60 s on Linux, 10 s in the lab.",
            "TIME-WAIT의 길이. 사라진 마지막 ACK에 MSL 하나, 그에 답해 다시 오는 FIN에 MSL 하나다. RFC의 MSL로는 240초, Linux는 60초, 이 실험실은 10초.",
        ),
        rfc: "RFC 9293 §3.6.1 (MUST-13)",
        en: &["2·MSL"],
        ko: &["2·MSL"],
    },
    Term {
        id: "half-close",
        name: t("Half-close", "반닫힘 (half-close)"),
        definition: t(
            "CLOSE ends only one direction: the side that sent its FIN keeps receiving until the peer sends its own.",
            "CLOSE는 한 방향만 닫는다. FIN을 보낸 쪽도 상대가 자기 FIN을 보낼 때까지 데이터를 계속 받는다.",
        ),
        rfc: "RFC 9293 §3.6, §3.10.4",
        en: &["half-close*"],
        ko: &["반닫힘", "하프 클로즈"],
    },
    Term {
        id: "half-open",
        name: t("Half-open connection", "반개방 연결 (half-open)"),
        definition: t(
            "One end has lost or closed the connection without the other knowing; the next segment to the lost end is answered with RST.",
            "한쪽이 연결을 잃었거나 닫았는데 다른 쪽은 모르는 연결. 사라진 쪽으로 가는 다음 세그먼트가 RST로 답을 받는다.",
        ),
        rfc: "RFC 9293 §3.5.1",
        en: &["half-open"],
        ko: &["반개방"],
    },
    Term {
        id: "simultaneous",
        name: t("Simultaneous open and close", "동시 열기와 동시 닫기"),
        definition: t(
            "Both ends send their SYN (or their FIN) before receiving the other's: the SYNs cross through SYN-RECEIVED, the FINs through CLOSING.",
            "양쪽이 상대의 SYN(또는 FIN)을 받기 전에 자기 것을 보내는 경우. 엇갈린 SYN은 SYN-RECEIVED를, 엇갈린 FIN은 CLOSING을 거친다.",
        ),
        rfc: "RFC 9293 §3.5 (Figure 7), §3.6 (Figure 13)",
        en: &["simultaneous"],
        ko: &["동시 열기", "동시 닫기"],
    },
    Term {
        id: "eof",
        name: t("End of stream (EOF)", "스트림의 끝 (EOF)"),
        definition: t(
            "What TCP tells the application when the peer's FIN is processed: no more data will come (read() returns 0). TCP does not close anything for the application.",
            "상대의 FIN을 처리했을 때 TCP가 애플리케이션에 알리는 것. 더 올 데이터가 없다는 뜻이다(read()가 0을 돌려준다). TCP가 애플리케이션 대신 무언가를 닫지는 않는다.",
        ),
        rfc: "RFC 9293 §3.10.7.4 (eighth)",
        en: &["EOF", "end-of-stream", "end of stream"],
        ko: &["EOF", "스트림의 끝"],
    },
    Term {
        id: "rst",
        name: t("RST (reset)", "RST (리셋)"),
        definition: t(
            "Ends a connection at once, without the FIN exchange. Sent for a segment of no connection, or on abort; accepted only at exactly RCV.NXT and never answered.",
            "FIN 교환 없이 연결을 즉시 끝낸다. 어느 연결에도 속하지 않는 세그먼트를 받았을 때나 abort할 때 보낸다. 정확히 RCV.NXT일 때만 받아들이며, 답하지 않는다.",
        ),
        rfc: "RFC 9293 §3.5.2, §3.5.3",
        en: &["RST", "reset"],
        ko: &["RST", "리셋"],
    },
    Term {
        id: "challenge-ack",
        name: t("Challenge ACK", "챌린지 ACK"),
        definition: t(
            "The answer to a RST (or SYN) inside the window but not exactly where expected: an ACK at RCV.NXT. A real peer answers it with a correct RST; a blind attacker cannot.",
            "윈도 안이지만 기대한 번호와 정확히 맞지 않는 RST(또는 SYN)에 대한 답. RCV.NXT를 담은 ACK다. 진짜 상대는 올바른 RST로 답할 수 있지만, 번호를 모르는 공격자는 그럴 수 없다.",
        ),
        rfc: "RFC 5961 §3.2, §4.2; RFC 9293 §3.10.7.4",
        en: &["challenge ACK"],
        ko: &["챌린지 ACK"],
    },
    Term {
        id: "urgent",
        name: t("URG and the urgent pointer", "URG와 긴급 포인터"),
        definition: t(
            "URG marks the urgent pointer as significant. Urgent data is not delivered first: it stays in order. New applications SHOULD NOT use it.",
            "URG는 긴급 포인터가 의미 있다는 표시다. 긴급 데이터라고 먼저 배달되지 않고 순서대로 간다. 새 애플리케이션은 쓰지 않는 편이 좋다(SHOULD NOT).",
        ),
        rfc: "RFC 9293 §3.1, §3.8.5",
        en: &["urgent", "URG"],
        ko: &["긴급", "URG"],
    },
];

/// The term with this id.
pub fn find(id: &str) -> Option<&'static Term> {
    TERMS.iter().find(|t| t.id == id)
}

/// Whether `word` occurs in `text` as a mention (see [`Term::en`]).
fn occurs(text: &str, word: &str) -> bool {
    let (word, prefix) = match word.strip_suffix('*') {
        Some(w) => (w, true),
        None => (word, false),
    };
    if !word.is_ascii() {
        return text.contains(word);
    }
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(pos) = text[from..].find(word) {
        let start = from + pos;
        let end = start + word.len();
        let alnum = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric());
        let before = start.checked_sub(1).and_then(|i| bytes.get(i));
        let boundary_after = prefix || word.ends_with('=') || !alnum(bytes.get(end));
        if !alnum(before) && boundary_after {
            return true;
        }
        from = start + 1;
        while !text.is_char_boundary(from) {
            from += 1;
        }
    }
    false
}

/// The terms `text` (in `lang`) mentions, each once, in the order of [`TERMS`].
pub fn mentions(text: &str, lang: Lang) -> Vec<&'static Term> {
    TERMS
        .iter()
        .filter(|term| {
            let words = match lang {
                Lang::En => term.en,
                Lang::Ko => term.ko,
            };
            words.iter().any(|w| occurs(text, w))
        })
        .collect()
}
