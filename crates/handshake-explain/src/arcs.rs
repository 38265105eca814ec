//! RFC 9293 Figure 5, the TCP connection state diagram, as a table: its twenty arcs (from, to,
//! the event and action the figure writes on the arc, in English and Korean), and the
//! transitions the figure leaves out (its note 3: a RST "from any state", and the user's ABORT
//! and the retransmission timeout, which §3.10.5 and §3.10.8 describe). The app draws the figure
//! from it (`web/src/components/state_diagram.rs` keeps only the geometry) and shades the arcs a
//! student has seen taken ([`Coverage`]).
//!
//! Which arc a state change of a trace took is [`arc_of`], from its `from`, `to` and `cause`:
//! SYN-SENT → CLOSED is the figure's "CLOSE" arc when the user closed, and the omitted "rcv RST"
//! transition when a RST arrived.
//!
//! Every arc says how a student can see it taken ([`Arc::show`]): a preset that takes it, or a
//! preset and one action at a time ("in Lost SYN, press the client's close() before 1 s").
//! `tests/arcs.rs` runs each suggestion and checks that it takes its arc, and that every preset's
//! state changes map to an arc of the table.

use handshake_core::endpoint::Cause;
use handshake_core::sim::{Side, Simulator};
use handshake_core::state::State;
use handshake_core::trace::{Trace, TraceKind};

use crate::learn::{Origin, T};

/// An arc's place in [`ARCS`]: the first [`FIGURE_ARCS`] are Figure 5's, in the order the app
/// draws them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArcId(pub u8);

impl ArcId {
    pub fn arc(self) -> &'static Arc {
        &ARCS[usize::from(self.0)]
    }
    pub const fn index(self) -> usize {
        self.0 as usize
    }
}

/// How many arcs Figure 5 draws (the first entries of [`ARCS`]).
pub const FIGURE_ARCS: usize = 20;

/// One transition of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arc {
    /// `None`: from several states (the transitions the figure omits: "from any state").
    pub from: Option<State>,
    pub to: State,
    /// The event, as the figure writes it ("rcv SYN", "CLOSE").
    pub event: T,
    /// The action ("snd SYN,ACK"); empty when the figure writes none.
    pub action: T,
    /// The label as the figure lays it out: one or two lines.
    pub lines: [T; 2],
    /// Drawn in Figure 5 (else one of the transitions its note 3 and §3.10 describe).
    pub in_figure: bool,
    /// The RFC text this arc follows.
    pub rfc: &'static str,
    /// How to see it taken.
    pub show: Show,
}

/// How a student can see an arc taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Show {
    /// Run this scenario (with `step`, if any, done by the student at its time).
    Run {
        origin: Origin,
        step: Option<Step>,
        /// What to do, or what to watch, in both languages.
        hint: T,
    },
    /// No scenario of the lab takes it, and why.
    Never { why: T },
}

/// One thing a student does in the lab at a time (the suggestion seeks there first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    pub at_ms: u64,
    pub side: Side,
    pub act: Act,
}

/// A button of the lab: a user call or a side's loss rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    Listen,
    Connect,
    Close,
    Abort,
    /// Loss of every segment `side` sends from then on (100 %).
    LoseAll,
}

const fn t(en: &'static str, ko: &'static str) -> T {
    T::new(en, ko)
}

const NONE: T = t("", "");

const fn run(origin: Origin, hint: T) -> Show {
    Show::Run {
        origin,
        step: None,
        hint,
    }
}

const fn run_step(slug: &'static str, at_ms: u64, side: Side, act: Act, hint: T) -> Show {
    Show::Run {
        origin: Origin::Preset(slug),
        step: Some(Step { at_ms, side, act }),
        hint,
    }
}

#[allow(clippy::too_many_arguments)]
const fn fig(
    from: State,
    to: State,
    event: T,
    action: T,
    lines: [T; 2],
    rfc: &'static str,
    show: Show,
) -> Arc {
    Arc {
        from: Some(from),
        to,
        event,
        action,
        lines,
        in_figure: true,
        rfc,
        show,
    }
}

const fn two(event: T, action: T) -> [T; 2] {
    [event, action]
}

const fn one(event: T) -> [T; 2] {
    [event, NONE]
}

// The figure's words, in both languages. OPEN, CLOSE and SEND are RFC 9293's user calls
// (§3.10), kept as the RFC names them; "passive/active OPEN" are 수동/능동 열기 as the
// narration says.
const PASSIVE_OPEN: T = t("passive OPEN", "수동 열기");
const ACTIVE_OPEN: T = t("active OPEN", "능동 열기");
const CLOSE: T = t("CLOSE", "CLOSE");
const SEND: T = t("SEND", "SEND");
const CREATE_TCB: T = t("create TCB", "TCB 생성");
const CREATE_SND_SYN: T = t("create TCB, snd SYN", "TCB 생성, SYN 송신");
const DELETE_TCB: T = t("delete TCB", "TCB 삭제");
const RCV_SYN: T = t("rcv SYN", "SYN 수신");
const RCV_SYN_ACK: T = t("rcv SYN,ACK", "SYN,ACK 수신");
const RCV_FIN: T = t("rcv FIN", "FIN 수신");
const RCV_ACK_OF_SYN: T = t("rcv ACK of SYN", "SYN의 ACK 수신");
const RCV_ACK_OF_FIN: T = t("rcv ACK of FIN", "FIN의 ACK 수신");
const SND_SYN: T = t("snd SYN", "SYN 송신");
const SND_SYN_ACK: T = t("snd SYN,ACK", "SYN,ACK 송신");
const SND_ACK: T = t("snd ACK", "ACK 송신");
const SND_FIN: T = t("snd FIN", "FIN 송신");

/// Figure 5's arcs, then the transitions it leaves out.
pub const ARCS: &[Arc] = &[
    // 0
    fig(
        State::Closed,
        State::Listen,
        PASSIVE_OPEN,
        CREATE_TCB,
        two(PASSIVE_OPEN, CREATE_TCB),
        "§3.10.1 OPEN (passive)",
        run(
            Origin::Preset("handshake"),
            t(
                "Every scenario with a server starts here: the server calls listen() at 0 s.",
                "서버가 있는 시나리오는 모두 여기서 시작한다. 서버가 0초에 listen()을 호출한다.",
            ),
        ),
    ),
    // 1
    fig(
        State::Listen,
        State::Closed,
        CLOSE,
        DELETE_TCB,
        two(CLOSE, DELETE_TCB),
        "§3.10.4 CLOSE (LISTEN)",
        run_step(
            "handshake",
            50,
            Side::Server,
            Act::Close,
            t(
                "In Three-way handshake, at 0.05 s (before the SYN arrives) press the server's close(): the SYN then meets a closed port.",
                "3-way 핸드셰이크에서 0.05초(SYN이 도착하기 전)에 서버의 close()를 누르면, 뒤이어 오는 SYN은 닫힌 포트를 만난다.",
            ),
        ),
    ),
    // 2
    fig(
        State::Closed,
        State::SynSent,
        ACTIVE_OPEN,
        CREATE_SND_SYN,
        two(ACTIVE_OPEN, CREATE_SND_SYN),
        "§3.10.1 OPEN (active)",
        run(
            Origin::Preset("handshake"),
            t(
                "The client calls connect() at 0 s and its SYN leaves at once.",
                "클라이언트가 0초에 connect()를 호출하면 SYN이 바로 나간다.",
            ),
        ),
    ),
    // 3
    fig(
        State::SynSent,
        State::Closed,
        CLOSE,
        DELETE_TCB,
        two(CLOSE, DELETE_TCB),
        "§3.10.4 CLOSE (SYN-SENT)",
        run_step(
            "lost-syn",
            500,
            Side::Client,
            Act::Close,
            t(
                "In Lost SYN, at 0.5 s (the client is still waiting in SYN-SENT) press the client's close().",
                "SYN 유실에서 0.5초(클라이언트가 아직 SYN-SENT에서 기다리는 중)에 클라이언트의 close()를 누른다.",
            ),
        ),
    ),
    // 4
    fig(
        State::Listen,
        State::SynSent,
        SEND,
        SND_SYN,
        two(SEND, SND_SYN),
        "§3.10.1 OPEN (LISTEN: \"change the connection from passive to active\")",
        run_step(
            "handshake",
            50,
            Side::Server,
            Act::Connect,
            t(
                "In Three-way handshake, at 0.05 s press the server's connect(): the listening server turns active and sends a SYN of its own (the lab refuses SEND in LISTEN, which the figure also names: there is no peer to send to yet).",
                "3-way 핸드셰이크에서 0.05초에 서버의 connect()를 누르면, 듣고 있던 서버가 능동으로 바뀌어 자기 SYN을 보낸다(그림이 함께 적은 LISTEN에서의 SEND는 아직 보낼 상대가 없어 이 실험실이 거절한다).",
            ),
        ),
    ),
    // 5
    fig(
        State::Listen,
        State::SynReceived,
        RCV_SYN,
        SND_SYN_ACK,
        two(RCV_SYN, SND_SYN_ACK),
        "§3.10.7.2 (LISTEN, third: SYN)",
        run(
            Origin::Preset("handshake"),
            t(
                "The client's SYN reaches the listening server at 0.1 s.",
                "0.1초에 클라이언트의 SYN이 듣고 있던 서버에 도착한다.",
            ),
        ),
    ),
    // 6
    fig(
        State::SynReceived,
        State::Listen,
        t("rcv RST (note 1)", "RST 수신 (주 1)"),
        NONE,
        one(t("rcv RST (note 1)", "RST 수신 (주 1)")),
        "§3.10.7.4 (second: RST in SYN-RECEIVED from a passive OPEN)",
        run_step(
            "handshake",
            150,
            Side::Client,
            Act::Close,
            t(
                "In Three-way handshake, at 0.15 s press the client's close(): the SYN,ACK then finds no connection and is answered with RST, which sends the server back to LISTEN.",
                "3-way 핸드셰이크에서 0.15초에 클라이언트의 close()를 누르면, 뒤이어 도착한 SYN,ACK가 연결을 찾지 못해 RST로 답을 받고, 그 RST가 서버를 LISTEN으로 돌려보낸다.",
            ),
        ),
    ),
    // 7
    fig(
        State::SynSent,
        State::SynReceived,
        RCV_SYN,
        SND_SYN_ACK,
        two(RCV_SYN, SND_SYN_ACK),
        "§3.10.7.3 (SYN-SENT, fourth: SYN without ACK)",
        run(
            Origin::Preset("simultaneous-open"),
            t(
                "Both ends call connect() at once and the SYNs cross.",
                "양쪽이 동시에 connect()를 호출해 두 SYN이 엇갈린다.",
            ),
        ),
    ),
    // 8
    fig(
        State::SynSent,
        State::Established,
        RCV_SYN_ACK,
        SND_ACK,
        two(RCV_SYN_ACK, SND_ACK),
        "§3.10.7.3 (SYN-SENT, fourth: SYN,ACK)",
        run(
            Origin::Preset("handshake"),
            t(
                "The server's SYN,ACK reaches the client at 0.2 s.",
                "0.2초에 서버의 SYN,ACK가 클라이언트에 도착한다.",
            ),
        ),
    ),
    // 9
    fig(
        State::SynReceived,
        State::Established,
        RCV_ACK_OF_SYN,
        NONE,
        one(RCV_ACK_OF_SYN),
        "§3.10.7.4 (fifth: ACK in SYN-RECEIVED)",
        run(
            Origin::Preset("handshake"),
            t(
                "The client's ACK reaches the server at 0.3 s.",
                "0.3초에 클라이언트의 ACK가 서버에 도착한다.",
            ),
        ),
    ),
    // 10
    fig(
        State::SynReceived,
        State::FinWait1,
        CLOSE,
        SND_FIN,
        two(CLOSE, SND_FIN),
        "§3.10.4 CLOSE (SYN-RECEIVED)",
        run_step(
            "lost-handshake-ack",
            500,
            Side::Server,
            Act::Close,
            t(
                "In Lost final ACK of the handshake, at 0.5 s (the server still in SYN-RECEIVED) press the server's close().",
                "핸드셰이크 마지막 ACK 유실에서 0.5초(서버가 아직 SYN-RECEIVED)에 서버의 close()를 누른다.",
            ),
        ),
    ),
    // 11
    fig(
        State::Established,
        State::FinWait1,
        CLOSE,
        SND_FIN,
        two(CLOSE, SND_FIN),
        "§3.10.4 CLOSE (ESTABLISHED)",
        run(
            Origin::Preset("normal-close"),
            t(
                "The client's application calls close() at 0.5 s.",
                "0.5초에 클라이언트 애플리케이션이 close()를 호출한다.",
            ),
        ),
    ),
    // 12
    fig(
        State::Established,
        State::CloseWait,
        RCV_FIN,
        SND_ACK,
        two(RCV_FIN, SND_ACK),
        "§3.10.7.4 (eighth: FIN in ESTABLISHED)",
        run(
            Origin::Preset("normal-close"),
            t(
                "The client's FIN reaches the server at 0.6 s.",
                "0.6초에 클라이언트의 FIN이 서버에 도착한다.",
            ),
        ),
    ),
    // 13
    fig(
        State::FinWait1,
        State::FinWait2,
        RCV_ACK_OF_FIN,
        NONE,
        one(RCV_ACK_OF_FIN),
        "§3.10.7.4 (fifth: FIN-WAIT-1)",
        run(
            Origin::Preset("normal-close"),
            t(
                "The server's ACK of the client's FIN arrives at 0.7 s.",
                "0.7초에 클라이언트 FIN에 대한 서버의 ACK가 도착한다.",
            ),
        ),
    ),
    // 14
    fig(
        State::FinWait1,
        State::Closing,
        RCV_FIN,
        SND_ACK,
        two(RCV_FIN, SND_ACK),
        "§3.10.7.4 (eighth: FIN in FIN-WAIT-1)",
        run(
            Origin::Preset("simultaneous-close"),
            t(
                "Both ends close at 0.5 s and the FINs cross.",
                "양쪽이 0.5초에 닫아 두 FIN이 엇갈린다.",
            ),
        ),
    ),
    // 15
    fig(
        State::CloseWait,
        State::LastAck,
        CLOSE,
        SND_FIN,
        two(CLOSE, SND_FIN),
        "§3.10.4 CLOSE (CLOSE-WAIT)",
        run(
            Origin::Preset("normal-close"),
            t(
                "The server's application calls close() at 1.5 s.",
                "1.5초에 서버 애플리케이션이 close()를 호출한다.",
            ),
        ),
    ),
    // 16
    fig(
        State::FinWait2,
        State::TimeWait,
        RCV_FIN,
        SND_ACK,
        two(RCV_FIN, SND_ACK),
        "§3.10.7.4 (eighth: FIN in FIN-WAIT-2)",
        run(
            Origin::Preset("normal-close"),
            t(
                "The server's FIN reaches the client at 1.6 s.",
                "1.6초에 서버의 FIN이 클라이언트에 도착한다.",
            ),
        ),
    ),
    // 17
    fig(
        State::Closing,
        State::TimeWait,
        RCV_ACK_OF_FIN,
        NONE,
        one(RCV_ACK_OF_FIN),
        "§3.10.7.4 (fifth: CLOSING)",
        run(
            Origin::Preset("simultaneous-close"),
            t(
                "Each end's ACK of the crossing FIN arrives.",
                "엇갈린 FIN에 대한 양쪽의 ACK가 도착한다.",
            ),
        ),
    ),
    // 18
    fig(
        State::LastAck,
        State::Closed,
        RCV_ACK_OF_FIN,
        NONE,
        [t("rcv ACK", "FIN의 ACK"), t("of FIN", "수신")],
        "§3.10.7.4 (fifth: LAST-ACK)",
        run(
            Origin::Preset("normal-close"),
            t(
                "The client's last ACK reaches the server at 1.7 s.",
                "1.7초에 클라이언트의 마지막 ACK가 서버에 도착한다.",
            ),
        ),
    ),
    // 19
    fig(
        State::TimeWait,
        State::Closed,
        t("Timeout=2MSL", "2MSL 타임아웃"),
        DELETE_TCB,
        two(t("Timeout=2MSL", "2MSL 타임아웃"), DELETE_TCB),
        "§3.10.8 TIME-WAIT TIMEOUT",
        run(
            Origin::Preset("normal-close"),
            t(
                "The client's 2·MSL timer expires at 11.6 s (MSL is 5 s in the lab).",
                "11.6초에 클라이언트의 2·MSL 타이머가 만료된다(이 실험실의 MSL은 5초).",
            ),
        ),
    ),
    // 20: note 3.
    Arc {
        from: None,
        to: State::Closed,
        event: t("rcv RST", "RST 수신"),
        action: NONE,
        lines: one(t("rcv RST", "RST 수신")),
        in_figure: false,
        rfc: "Figure 5 note 3; §3.10.7.3, §3.10.7.4 (second: RST)",
        show: run(
            Origin::Preset("rst-closed-port"),
            t(
                "Nobody listens: the SYN is answered with RST and the client goes from SYN-SENT to CLOSED.",
                "아무도 listen하지 않아 SYN에 RST가 돌아오고, 클라이언트는 SYN-SENT에서 CLOSED로 간다.",
            ),
        ),
    },
    // 21
    Arc {
        from: None,
        to: State::Closed,
        event: t("ABORT", "ABORT"),
        action: t("snd RST", "RST 송신"),
        lines: two(t("ABORT", "ABORT"), t("snd RST", "RST 송신")),
        in_figure: false,
        rfc: "§3.10.5 ABORT",
        show: run_step(
            "handshake-data-close",
            1200,
            Side::Client,
            Act::Abort,
            t(
                "In Handshake, data both ways, close, at 1.2 s press the client's abort(): it sends a RST and is CLOSED at once.",
                "핸드셰이크, 양방향 데이터, 종료에서 1.2초에 클라이언트의 abort()를 누르면 RST를 보내고 곧바로 CLOSED가 된다.",
            ),
        ),
    },
    // 22
    Arc {
        from: None,
        to: State::Closed,
        event: t("retransmissions exhausted", "재전송 한도 초과"),
        action: NONE,
        lines: one(t("retransmissions exhausted", "재전송 한도 초과")),
        in_figure: false,
        rfc: "§3.8.3, §3.10.8 RETRANSMISSION TIMEOUT",
        show: run(
            Origin::Preset("syn-retries-exhausted"),
            t(
                "Every SYN is lost; after its last retransmission the client gives up.",
                "SYN이 모두 사라진다. 마지막 재전송 뒤에 클라이언트가 포기한다.",
            ),
        ),
    },
    // 23
    Arc {
        from: Some(State::SynReceived),
        to: State::Listen,
        event: t(
            "SYN,ACK retransmissions exhausted",
            "SYN,ACK 재전송 한도 초과",
        ),
        action: NONE,
        lines: one(t(
            "SYN,ACK retransmissions exhausted",
            "SYN,ACK 재전송 한도 초과",
        )),
        in_figure: false,
        rfc: "§3.8.3; docs/model.md choice 9 (a listener drops the request, as Linux does)",
        show: run_step(
            "lost-handshake-ack",
            150,
            Side::Client,
            Act::LoseAll,
            t(
                "In Lost final ACK of the handshake, at 0.15 s set the client's loss to 100 %: no ACK reaches the server, which gives up on its SYN,ACK and listens again.",
                "핸드셰이크 마지막 ACK 유실에서 0.15초에 클라이언트의 유실률을 100%로 정하면, ACK가 하나도 서버에 닿지 못해 서버는 SYN,ACK를 포기하고 다시 LISTEN으로 돌아간다.",
            ),
        ),
    },
    // 24
    Arc {
        from: Some(State::SynReceived),
        to: State::Listen,
        event: t("rcv SYN in window", "윈도 안의 SYN 수신"),
        action: NONE,
        lines: one(t("rcv SYN in window", "윈도 안의 SYN 수신")),
        in_figure: false,
        rfc: "§3.10.7.4 (fourth: SYN in SYN-RECEIVED from a passive OPEN)",
        show: Show::Never {
            why: t(
                "It takes a SYN with another ISN inside the server's window while it waits in SYN-RECEIVED; the lab cannot put such a hand-made segment on the wire yet.",
                "서버가 SYN-RECEIVED에서 기다리는 동안 다른 ISN을 가진 SYN이 윈도 안으로 들어와야 한다. 이 실험실은 아직 그런 세그먼트를 직접 만들어 보낼 수 없다.",
            ),
        },
    },
    // 25
    Arc {
        from: Some(State::FinWait2),
        to: State::Closed,
        event: t("FIN-WAIT-2 timeout", "FIN-WAIT-2 타임아웃"),
        action: NONE,
        lines: one(t("FIN-WAIT-2 timeout", "FIN-WAIT-2 타임아웃")),
        in_figure: false,
        rfc: "not in the RFC: Linux tcp_fin_timeout (docs/model.md)",
        show: run(
            Origin::Scenario(FIN_WAIT_2_TIMEOUT),
            t(
                "The client closes first and the server never does; with a 3 s FIN-WAIT-2 timeout (as Linux's tcp_fin_timeout) the client gives up waiting for the server's FIN.",
                "클라이언트가 먼저 닫고 서버는 끝내 닫지 않는다. FIN-WAIT-2 타임아웃을 3초로 두면(Linux의 tcp_fin_timeout처럼) 클라이언트는 서버의 FIN을 기다리다 그만둔다.",
            ),
        ),
    },
];

/// The scenario of the FIN-WAIT-2 timeout arc.
pub const FIN_WAIT_2_TIMEOUT: &str = include_str!("../lessons/fin-wait-2-timeout.json");

/// The arc a state change took: Figure 5's arc for `from` → `to` when the cause is the one the
/// figure names, else the omitted transition it is. `None` for a change the table does not hold
/// (the tests check that no run makes one but a crash).
///
/// A crash is no transition of the state machine: the host loses its memory and the TCB is
/// simply gone (RFC 9293 §3.5.1, "a crash occurs causing loss of memory"), so it shades no arc.
pub fn arc_of(from: State, to: State, cause: Cause) -> Option<ArcId> {
    let figure = |i: u8| Some(ArcId(i));
    match cause {
        Cause::Crash => None,
        Cause::RstReceived if from == State::SynReceived && to == State::Listen => figure(6),
        Cause::RstReceived if to == State::Closed => figure(20),
        Cause::Abort if to == State::Closed => figure(21),
        // CLOSE in LISTEN and SYN-SENT deletes the TCB: the figure's arcs.
        Cause::RetriesExhausted(_) if to == State::Closed => figure(22),
        Cause::RetriesExhausted(_) if from == State::SynReceived && to == State::Listen => {
            figure(23)
        }
        Cause::SynInWindow if from == State::SynReceived && to == State::Listen => figure(24),
        Cause::FinWait2Expired if from == State::FinWait2 && to == State::Closed => figure(25),
        Cause::RstReceived
        | Cause::Abort
        | Cause::RetriesExhausted(_)
        | Cause::SynInWindow
        | Cause::FinWait2Expired => None,
        _ => ARCS[..FIGURE_ARCS]
            .iter()
            .position(|a| a.from == Some(from) && a.to == to)
            .map(|i| ArcId(i as u8)),
    }
}

/// The arcs a trace took, in order (one per state change the table holds).
pub fn taken(trace: &Trace) -> impl Iterator<Item = ArcId> + '_ {
    trace.events.iter().filter_map(|e| match e.kind {
        TraceKind::State {
            from, to, cause, ..
        } => arc_of(from, to, cause),
        _ => None,
    })
}

/// The arcs a student has seen taken: one bit per arc of [`ARCS`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Coverage(pub u64);

impl Coverage {
    pub const fn has(self, id: ArcId) -> bool {
        self.0 & (1 << id.0) != 0
    }
    pub fn add(&mut self, id: ArcId) {
        self.0 |= 1 << id.0;
    }
    /// With every arc of `sim`'s trace so far.
    pub fn with_run(mut self, sim: &Simulator) -> Coverage {
        for id in taken(sim.trace()) {
            self.add(id);
        }
        self
    }
    /// How many of Figure 5's arcs are covered.
    pub fn figure_seen(self) -> usize {
        (0..FIGURE_ARCS as u8)
            .filter(|&i| self.has(ArcId(i)))
            .count()
    }
    /// How many of the omitted transitions are covered.
    pub fn others_seen(self) -> usize {
        (FIGURE_ARCS as u8..ARCS.len() as u8)
            .filter(|&i| self.has(ArcId(i)))
            .count()
    }
    /// The arcs not seen yet, in table order.
    pub fn missing(self) -> impl Iterator<Item = ArcId> {
        (0..ARCS.len() as u8)
            .map(ArcId)
            .filter(move |&id| !self.has(id))
    }
    /// Kept as text (a browser's storage): the bits in hexadecimal.
    pub fn encode(self) -> alloc::string::String {
        alloc::format!("{:x}", self.0)
    }
    /// Reads [`Coverage::encode`]'s text; anything else (an older or damaged value) is nothing
    /// seen. Bits beyond the table are dropped.
    pub fn decode(text: &str) -> Coverage {
        let bits = u64::from_str_radix(text.trim(), 16).unwrap_or(0);
        let all = (1u64 << ARCS.len()) - 1;
        Coverage(bits & all)
    }
}

/// The words of an arc's label in `lang`: "rcv SYN / snd SYN,ACK" / "SYN 수신 / SYN,ACK 송신".
pub fn label(arc: &Arc, lang: crate::Lang) -> alloc::string::String {
    let (e, a) = (arc.event.get(lang), arc.action.get(lang));
    if a.is_empty() {
        alloc::string::String::from(e)
    } else {
        alloc::format!("{e} / {a}")
    }
}
