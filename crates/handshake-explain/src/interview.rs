//! Classic interview questions on TCP connection management, each with a model answer a student
//! could say aloud, the run that proves it ([`Demo`], checked by [`crate::lessons::check`] —
//! the same checks as the misconception cards where they overlap), and the follow-up an
//! interviewer asks next, with its short answer.
//!
//! The English is plain; the Korean answers are in the polite register a candidate speaks in
//! (합니다체), the questions as an interviewer asks them.

use crate::learn::T;
use crate::lessons::Demo;

/// One question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Question {
    /// A stable name (`handshake`, `why-three`) for links and tests.
    pub id: &'static str,
    pub question: T,
    pub answer: T,
    /// The run that proves the answer.
    pub demo: Demo,
    pub follow_up: T,
    pub follow_answer: T,
}

const fn t(en: &'static str, ko: &'static str) -> T {
    T::new(en, ko)
}

/// The questions, in the order a connection lives.
pub const QUESTIONS: [Question; 16] = [
    Question {
        id: "handshake",
        question: t(
            "Explain the 3-way handshake.",
            "3-way 핸드셰이크를 설명해 보세요.",
        ),
        answer: t(
            "The client sends a SYN carrying its ISN and enters SYN-SENT. The server answers with a SYN,ACK — its own ISN, and an ACK of the client's ISN + 1 — and is in SYN-RECEIVED. The client ACKs the server's ISN + 1 and is ESTABLISHED; the server becomes ESTABLISHED when that ACK arrives.",
            "클라이언트가 자신의 ISN을 실은 SYN을 보내고 SYN-SENT가 됩니다. 서버는 SYN,ACK로 답하는데, 여기에는 서버 자신의 ISN과 클라이언트 ISN + 1에 대한 ACK가 함께 들어 있고, 서버는 SYN-RECEIVED가 됩니다. 클라이언트가 서버 ISN + 1을 ACK하면서 ESTABLISHED가 되고, 서버는 그 ACK를 받으면 ESTABLISHED가 됩니다.",
        ),
        demo: Demo::Handshake,
        follow_up: t(
            "Why is the ACK the ISN + 1 and not the ISN?",
            "ACK 번호가 왜 ISN이 아니라 ISN + 1인가요?",
        ),
        follow_answer: t(
            "A SYN occupies one sequence number, and an ACK names the next number expected.",
            "SYN이 시퀀스 번호 하나를 차지하고, ACK 번호는 다음에 받을 번호를 가리키기 때문입니다.",
        ),
    },
    Question {
        id: "why-three",
        question: t(
            "Why three segments and not two?",
            "왜 두 번이 아니라 세 번인가요?",
        ),
        answer: t(
            "Both sides must announce their ISN and have it confirmed: SYN, ACK, SYN, ACK, with the middle two combined in one segment. With two, the server could never know that the client got its ISN, and an old duplicate SYN from an earlier connection would open a connection by itself; the third segment lets the client refuse it with a RST.",
            "양쪽이 서로 자기 ISN을 알리고 확인받아야 하므로 SYN, ACK, SYN, ACK 네 단계가 필요하고, 가운데 둘을 한 세그먼트로 합쳐 세 번이 됩니다. 두 번이면 서버는 클라이언트가 자기 ISN을 받았는지 알 수 없고, 예전 연결의 오래된 중복 SYN만으로도 연결이 열려 버립니다. 세 번째 세그먼트가 있어야 클라이언트가 그런 연결을 RST로 거절할 수 있습니다.",
        ),
        demo: Demo::M14,
        follow_up: t(
            "What does a client do with a SYN,ACK for a SYN it did not send just now?",
            "클라이언트가 방금 보내지 않은 SYN에 대한 SYN,ACK를 받으면 어떻게 하나요?",
        ),
        follow_answer: t(
            "Its ACK number is not acceptable, so the client answers with a RST and the server goes back to LISTEN (RFC 9293 Figure 8).",
            "ACK 번호가 맞지 않으므로 RST로 답하고, 서버는 LISTEN으로 돌아갑니다(RFC 9293 그림 8).",
        ),
    },
    Question {
        id: "close",
        question: t(
            "Why does the close take four segments, and when does it take three?",
            "연결 종료는 왜 세그먼트 4개이고, 언제 3개가 되나요?",
        ),
        answer: t(
            "Each direction closes on its own: each side sends a FIN and the other ACKs it, so two FINs and two ACKs. The ACK goes out at once, but the second FIN only when that side's application calls close(). If the application closes right away, the FIN rides on the ACK and the close takes three segments.",
            "TCP는 방향마다 따로 닫습니다. 양쪽이 각각 FIN을 보내고 상대가 ACK하므로 FIN 둘, ACK 둘입니다. ACK는 바로 나가지만 두 번째 FIN은 그쪽 애플리케이션이 close()를 불러야 나갑니다. 애플리케이션이 곧바로 닫으면 FIN이 ACK에 함께 실려 세그먼트 3개로 끝납니다.",
        ),
        demo: Demo::M10,
        follow_up: t(
            "And when both sides close at the same time?",
            "양쪽이 동시에 닫으면요?",
        ),
        follow_answer: t(
            "The FINs cross: both ends pass through CLOSING and both end in TIME-WAIT.",
            "두 FIN이 엇갈려 양쪽 모두 CLOSING을 거치고, 둘 다 TIME-WAIT로 끝납니다.",
        ),
    },
    Question {
        id: "close-wait",
        question: t(
            "What is CLOSE-WAIT, and why do servers pile it up?",
            "CLOSE-WAIT는 무엇이고, 왜 서버에 쌓이나요?",
        ),
        answer: t(
            "It is the state of the side that received the peer's FIN: TCP has ACKed it and told the application end-of-stream, and waits for the application to call close(). TCP never closes by itself, so sockets pile up in CLOSE-WAIT when the server's code forgets to close them.",
            "상대의 FIN을 받은 쪽의 상태입니다. TCP는 그 FIN에 ACK를 보내고 애플리케이션에 EOF를 알린 뒤, 애플리케이션이 close()를 부르기를 기다립니다. TCP가 스스로 닫지는 않으므로, 서버 코드가 소켓을 닫지 않으면 CLOSE-WAIT가 쌓입니다.",
        ),
        demo: Demo::M15,
        follow_up: t(
            "How would you find them on a Linux server?",
            "Linux 서버에서는 어떻게 찾나요?",
        ),
        follow_answer: t(
            "`ss -tan state close-wait` lists them. The fix is in the application: close the socket when read() returns 0.",
            "`ss -tan state close-wait`로 목록을 봅니다. 고칠 곳은 애플리케이션입니다. read()가 0을 돌려주면 소켓을 닫게 합니다.",
        ),
    },
    Question {
        id: "time-wait",
        question: t(
            "Why does TIME-WAIT exist, and why 2·MSL?",
            "TIME-WAIT는 왜 있고, 왜 2·MSL인가요?",
        ),
        answer: t(
            "The side that closes first waits so that it can ACK the peer's FIN again if its last ACK is lost, and so that old duplicate segments of the connection die out before the same port pair is reused. 2·MSL is the lifetime of the lost ACK plus that of the FIN re-sent in answer.",
            "먼저 닫은 쪽은 마지막 ACK가 사라졌을 때 상대가 다시 보낸 FIN에 다시 ACK하려고, 그리고 같은 포트 쌍을 다시 쓰기 전에 이 연결의 오래된 중복 세그먼트가 사라지도록 기다립니다. 2·MSL은 사라진 ACK 하나와 그에 답해 다시 오는 FIN 하나의 최대 수명을 더한 시간입니다.",
        ),
        demo: Demo::NoTimeWait,
        follow_up: t("What if there were no TIME-WAIT?", "TIME-WAIT가 없다면요?"),
        follow_answer: t(
            "The re-sent FIN would find no connection and be answered with RST: the peer ends by a reset instead of a clean close. That is the run this question shows.",
            "다시 온 FIN이 연결을 찾지 못해 RST를 받고, 상대는 정상 종료가 아니라 리셋으로 끝납니다. 이 질문의 실행이 바로 그 장면입니다.",
        ),
    },
    Question {
        id: "last-ack-lost",
        question: t(
            "What happens if the last ACK of the close is lost?",
            "종료의 마지막 ACK가 사라지면 어떻게 되나요?",
        ),
        answer: t(
            "The server in LAST-ACK gets no ACK for its FIN, so its retransmission timer re-sends the FIN. The client is still in TIME-WAIT: it ACKs the FIN again and restarts its 2·MSL timer, and the server closes normally.",
            "LAST-ACK인 서버는 FIN에 대한 ACK를 받지 못해, 재전송 타이머가 만료되면 FIN을 다시 보냅니다. 클라이언트는 아직 TIME-WAIT이므로 그 FIN에 다시 ACK하고 2·MSL 타이머를 처음부터 다시 잽니다. 그러면 서버도 정상적으로 닫힙니다.",
        ),
        demo: Demo::M7,
        follow_up: t(
            "Why is the 2·MSL timer restarted?",
            "2·MSL 타이머는 왜 다시 시작하나요?",
        ),
        follow_answer: t(
            "So that the client can answer once more if this ACK is lost too: the wait is measured from the last FIN.",
            "이번 ACK마저 사라져도 한 번 더 답할 수 있도록, 기다리는 시간을 마지막 FIN부터 다시 재는 것입니다.",
        ),
    },
    Question {
        id: "syn-lost",
        question: t(
            "What happens if the SYN is lost, and when does connect() give up?",
            "SYN이 사라지면 어떻게 되고, connect()는 언제 포기하나요?",
        ),
        answer: t(
            "The client's retransmission timer re-sends the same SYN, with the same ISN, after 1 s, and waits twice as long each time (1, 2, 4, 8 s…). At its retry limit it gives up: connect() fails with \"timed out\" and nothing is sent. Linux re-sends 6 times and gives up after about 2 minutes.",
            "클라이언트의 재전송 타이머가 같은 ISN의 같은 SYN을 1초 뒤에 다시 보내고, 기다리는 시간은 매번 두 배가 됩니다(1, 2, 4, 8초…). 재시도 한도에 이르면 포기합니다. connect()는 \"시간 초과\"로 실패하고, 이때 아무것도 보내지 않습니다. Linux는 6번 다시 보내고 약 2분 뒤에 포기합니다.",
        ),
        demo: Demo::SynGiveUp,
        follow_up: t(
            "Is the re-sent SYN a new attempt with a new ISN?",
            "다시 보내는 SYN은 새 ISN을 쓰는 새 시도인가요?",
        ),
        follow_answer: t(
            "No: the timer repeats the earliest unacknowledged segment, the same SYN with the same ISN.",
            "아닙니다. 타이머는 확인받지 못한 가장 앞의 세그먼트를 되풀이하므로, ISN까지 같은 바로 그 SYN입니다.",
        ),
    },
    Question {
        id: "half-open",
        question: t(
            "What is a half-open connection?",
            "반개방(half-open) 연결이란 무엇인가요?",
        ),
        answer: t(
            "One end has closed or lost the connection (a crash, a lost RST) while the other still believes it is ESTABLISHED. The survivor finds out only when it sends: the other host has no connection and answers with RST.",
            "한쪽은 연결을 닫았거나 잃었는데(호스트가 죽었다 살아났거나 RST가 사라져서) 다른 쪽은 여전히 ESTABLISHED라고 믿는 연결입니다. 남은 쪽은 무언가를 보낼 때에야 알게 됩니다. 상대 호스트에는 연결이 없으므로 RST로 답합니다.",
        ),
        demo: Demo::HalfOpen,
        follow_up: t(
            "How does a server find half-open connections that never send?",
            "아무것도 보내지 않는 반개방 연결은 서버가 어떻게 찾나요?",
        ),
        follow_answer: t(
            "With keep-alive probes (off by default; after 2 hours of silence on Linux) or with a heartbeat of its own protocol.",
            "keep-alive 탐침(기본은 꺼져 있고, Linux는 2시간 동안 조용하면 보냄)이나 애플리케이션 프로토콜의 하트비트로 찾습니다.",
        ),
    },
    Question {
        id: "rst",
        question: t("What does RST do?", "RST는 무엇을 하나요?"),
        answer: t(
            "It ends a connection at once, without the FIN exchange: data not yet sent is thrown away and the application gets a \"connection reset\" error (ECONNRESET). A host sends it for a segment that belongs to no connection, or on abort. The receiver accepts it only if its sequence number is exactly RCV.NXT (RFC 5961), else it answers with a challenge ACK; an accepted RST is never answered.",
            "FIN 교환 없이 연결을 즉시 끝냅니다. 아직 보내지 못한 데이터는 버려지고, 애플리케이션은 연결이 리셋되었다는 오류(ECONNRESET)를 받습니다. 어느 연결에도 속하지 않는 세그먼트를 받았을 때나 abort할 때 보냅니다. 받는 쪽은 시퀀스 번호가 정확히 RCV.NXT일 때만 받아들이고(RFC 5961), 아니면 챌린지 ACK로 답합니다. 받아들인 RST에는 답하지 않습니다.",
        ),
        demo: Demo::M11,
        follow_up: t(
            "Why check a RST's sequence number so strictly?",
            "왜 RST의 시퀀스 번호를 그렇게 엄격하게 검사하나요?",
        ),
        follow_answer: t(
            "So that an attacker who only guesses a number somewhere in the window cannot reset the connection (RFC 5961 §3).",
            "윈도 안 어딘가의 번호만 맞힌 공격자가 연결을 끊지 못하게 하려는 것입니다(RFC 5961 §3).",
        ),
    },
    Question {
        id: "ack-number",
        question: t(
            "How is the ACK number computed?",
            "ACK 번호는 어떻게 정해지나요?",
        ),
        answer: t(
            "It is the next sequence number the receiver expects: the segment's sequence number plus its length, SYN and FIN counting one each. 100 bytes at Seq=1 are acknowledged with Ack=101. ACKs are cumulative: if a segment is missing, the ACK stays at the start of the hole.",
            "받는 쪽이 다음에 받을 시퀀스 번호입니다. 세그먼트의 시퀀스 번호에 길이를 더하고, SYN과 FIN은 하나씩 셉니다. Seq=1에서 시작하는 100바이트는 Ack=101로 확인합니다. ACK는 누적 확인이므로 중간 세그먼트가 빠지면 ACK는 빈 자리의 시작에 머뭅니다.",
        ),
        demo: Demo::M3,
        follow_up: t(
            "What does the sender do with those repeated ACKs?",
            "같은 ACK가 되풀이해서 오면 송신자는 무엇을 하나요?",
        ),
        follow_answer: t(
            "Three duplicate ACKs trigger a fast retransmit (RFC 5681); otherwise the retransmission timer re-sends the missing segment. The lab does not model fast retransmit.",
            "중복 ACK가 세 번 오면 빠른 재전송을 하고(RFC 5681), 그렇지 않으면 재전송 타이머가 빠진 세그먼트를 다시 보냅니다. 이 실험실은 빠른 재전송을 모델링하지 않습니다.",
        ),
    },
    Question {
        id: "isn",
        question: t(
            "What is the ISN, and why is it not 0?",
            "ISN은 무엇이고, 왜 0이 아닌가요?",
        ),
        answer: t(
            "The initial sequence number each side picks for its first byte; it travels in the SYN's sequence number field. It is neither 0 nor predictable so that segments of an earlier connection on the same ports are unlikely to fall into the new connection's window, and so that an attacker cannot guess it to forge segments.",
            "각 쪽이 자기 바이트 번호를 시작하려고 고르는 초기 시퀀스 번호로, SYN의 시퀀스 번호 필드에 실려 갑니다. 0도 아니고 예측하기도 어렵게 고르는 이유는, 같은 포트를 쓰던 예전 연결의 세그먼트가 새 연결의 윈도 안에 들어올 가능성을 줄이고, 공격자가 번호를 맞혀 세그먼트를 위조하지 못하게 하려는 것입니다.",
        ),
        demo: Demo::M13,
        follow_up: t(
            "How do real stacks choose it?",
            "실제 스택은 어떻게 고르나요?",
        ),
        follow_answer: t(
            "As RFC 9293 §3.4.1 says (from RFC 6528): a clock plus a keyed hash of the connection's addresses and ports.",
            "RFC 9293 §3.4.1(RFC 6528에서 온 방식)대로, 시계 값에 연결의 주소와 포트를 비밀 키로 해시한 값을 더합니다.",
        ),
    },
    Question {
        id: "half-close",
        question: t(
            "What is a half-close?",
            "반닫힘(half-close)이란 무엇인가요?",
        ),
        answer: t(
            "TCP's CLOSE — shutdown(SHUT_WR) in the sockets API — ends only my sending direction: my FIN says I have nothing more to send, and I keep receiving until the peer sends its own FIN. The side in FIN-WAIT-2 still receives data.",
            "TCP의 CLOSE(소켓 API로는 shutdown(SHUT_WR))는 내가 보내는 방향만 닫습니다. 내 FIN은 더 보낼 것이 없다는 뜻일 뿐이고, 상대가 자기 FIN을 보낼 때까지 데이터는 계속 받습니다. FIN-WAIT-2인 쪽도 데이터를 받습니다.",
        ),
        demo: Demo::HalfClose,
        follow_up: t("Where is it used?", "어디에 쓰이나요?"),
        follow_answer: t(
            "A client that has sent its whole request shuts down writing so the server sees end-of-stream, while the reply keeps coming back.",
            "요청을 다 보낸 클라이언트가 쓰기 쪽만 닫아 서버에 EOF를 알리고, 응답은 계속 받을 때 씁니다.",
        ),
    },
    Question {
        id: "simultaneous-open",
        question: t(
            "What is a simultaneous open?",
            "동시 열기(simultaneous open)란 무엇인가요?",
        ),
        answer: t(
            "Both ends send each other a SYN at the same time. Each goes SYN-SENT → SYN-RECEIVED when the other's SYN arrives and answers with a SYN,ACK; each becomes ESTABLISHED when the other's SYN,ACK arrives. Four segments, and nobody is in LISTEN.",
            "양쪽이 동시에 서로에게 SYN을 보내는 경우입니다. 상대의 SYN이 도착하면 각자 SYN-SENT → SYN-RECEIVED로 가서 SYN,ACK로 답하고, 상대의 SYN,ACK가 도착하면 각자 ESTABLISHED가 됩니다. 세그먼트는 4개이고, LISTEN 상태인 쪽은 없습니다.",
        ),
        demo: Demo::SimultaneousOpen,
        follow_up: t(
            "Where does it happen in practice?",
            "실제로는 어디서 일어나나요?",
        ),
        follow_answer: t(
            "Rarely; NAT hole punching relies on it, when two peers behind NATs connect to each other at once.",
            "드뭅니다. NAT 뒤의 두 피어가 서로 동시에 연결하는 NAT 홀 펀칭이 이를 이용합니다.",
        ),
    },
    Question {
        id: "rto",
        question: t(
            "What is the RTO, and how does it back off?",
            "RTO는 무엇이고, 어떻게 늘어나나요(백오프)?",
        ),
        answer: t(
            "The retransmission timeout: how long a sender waits for an ACK before re-sending. It is computed from RTT samples (SRTT + 4·RTTVAR, at least 1 s, RFC 6298). Each expiry of the timer doubles it, up to a maximum (60 s here), until a new valid RTT sample gives a fresh value.",
            "재전송 타임아웃, 곧 송신자가 ACK를 기다리다 다시 보내기까지의 시간입니다. RTT 표본으로 계산하고(SRTT + 4·RTTVAR, 최소 1초, RFC 6298), 타이머가 만료될 때마다 두 배가 되어 최댓값(여기서는 60초)까지 늘어납니다. 유효한 RTT 표본을 새로 얻어야 새로 계산됩니다.",
        ),
        demo: Demo::Backoff,
        follow_up: t(
            "Why double it rather than add a constant?",
            "왜 일정하게 늘리지 않고 두 배로 늘리나요?",
        ),
        follow_answer: t(
            "If the network is congested, backing off exponentially keeps the sender from making it worse.",
            "네트워크가 혼잡하다면 지수적으로 물러서야 송신자가 혼잡을 더 키우지 않기 때문입니다.",
        ),
    },
    Question {
        id: "karn",
        question: t(
            "What problem does Karn's rule solve?",
            "Karn 규칙은 어떤 문제를 해결하나요?",
        ),
        answer: t(
            "When the ACK of a segment sent twice arrives, the sender cannot tell which copy it acknowledges, so the RTT it would measure may be wrong. Karn's rule: take no RTT sample from a retransmitted segment, and keep the backed-off RTO until a segment sent once is acknowledged.",
            "두 번 보낸 세그먼트에 ACK가 오면 어느 쪽 전송에 대한 ACK인지 알 수 없어 RTT를 잘못 잴 수 있습니다. Karn 규칙은 재전송한 세그먼트로는 RTT를 재지 않고, 한 번만 보낸 세그먼트가 확인될 때까지 늘어난 RTO를 유지하라는 것입니다.",
        ),
        demo: Demo::Karn,
        follow_up: t(
            "What RTO does the client use for data after a retransmitted SYN?",
            "SYN을 재전송한 뒤, 클라이언트는 데이터에 어떤 RTO를 쓰나요?",
        ),
        follow_answer: t(
            "3 s (RFC 6298 (5.7)): the handshake gave no valid sample.",
            "핸드셰이크에서 유효한 표본을 얻지 못했으므로 3초를 씁니다(RFC 6298 (5.7)).",
        ),
    },
    Question {
        id: "lost-data",
        question: t(
            "What happens when a data segment is lost?",
            "데이터 세그먼트 하나가 사라지면 어떻게 되나요?",
        ),
        answer: t(
            "The receiver keeps the segments after the hole and repeats its ACK for the missing byte. When the sender's timer expires it re-sends only the earliest unacknowledged segment, and one ACK then covers everything received.",
            "받는 쪽은 빈 자리 뒤의 세그먼트를 보관하고, 빠진 바이트를 가리키는 같은 ACK를 되풀이합니다. 송신자의 타이머가 만료되면 확인받지 못한 가장 앞의 세그먼트 하나만 다시 보내고, 그러면 ACK 하나가 받은 데이터 전부를 확인합니다.",
        ),
        demo: Demo::LostData,
        follow_up: t(
            "Does the sender re-send the segments after the lost one too?",
            "사라진 세그먼트 뒤의 것들도 다시 보내나요?",
        ),
        follow_answer: t(
            "Not under RFC 6298: only the earliest. With SACK (RFC 2018) the receiver tells the sender exactly what arrived.",
            "RFC 6298 규칙에서는 가장 앞의 것 하나만 다시 보냅니다. SACK(RFC 2018)를 쓰면 받는 쪽이 무엇이 도착했는지 송신자에게 정확히 알려 줍니다.",
        ),
    },
];
