//! What a passive observer of a capture says beside the states it infers (the `observe` trace
//! event): where it placed each end in time, what state each end had when the capture began, and
//! where the capture is not what RFC 9293's rules lead one to expect.
//!
//! A leaf of the crate (only `state`, `time` and `sim`'s `TxId` below it), so that `trace` can carry
//! the notes and [`crate::observer`] can produce them without a cycle. `docs/model.md`, section
//! "Observing a capture", states each rule.

use core::fmt;

use crate::state::State;
use crate::time::Duration;
use crate::vocab::TxId;

/// Why the observer placed the ends where it did ([`ObserverNote::Placement`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlacementBasis {
    /// Half the quickest round trip from the capture point to that end and back (a segment
    /// towards the end, the first answer from it that acknowledges the segment).
    QuickestRoundTrip,
    /// No round trip to that end was seen: the end is placed at the capture point.
    NoRoundTrip,
    /// Given by the caller.
    Given,
}

/// Why the observer starts an end in the state it does ([`ObserverNote::Initial`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InitialBasis {
    /// Its first segment is a SYN without ACK: it is about to open actively, from CLOSED.
    OpensActively,
    /// It answered the peer's SYN with a SYN,ACK: it was listening (a passive OPEN before the
    /// capture began).
    AnsweredSyn,
    /// It answered the peer's SYN with an RST: nothing was listening (connection refused).
    RefusedSyn,
    /// It received a SYN and never answered: nothing in the capture tells its state.
    NeverAnswered,
    /// It sent a SYN,ACK but the peer's SYN is not in the capture: it had received the SYN.
    SynNotCaptured,
    /// The peer's SYN,ACK came first and this end's SYN is not in the capture: it had sent it.
    OwnSynNotCaptured,
    /// No SYN from either end: the capture starts in the middle of the connection, which is
    /// assumed synchronized (it may already have sent or received a FIN: nothing tells).
    MidConnection,
}

/// One remark of the observer, about one end (`side`) or the whole connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObserverNote {
    /// The distance in time between the capture point and this end: the end's own segments
    /// left it that long before the capture saw them, and segments towards it arrived that long
    /// after. The end nearer the capture has the smaller number (0 where the capture was taken).
    Placement {
        distance: Duration,
        basis: PlacementBasis,
    },
    /// The state the end had when the capture began (`None`: unknown).
    Initial {
        state: Option<State>,
        basis: InitialBasis,
    },
    /// This segment from the end starts after sequence space the capture never showed
    /// (`from`..`to`, relative numbers): a segment is missing before it (lost before the capture
    /// point, or missed by the capture).
    Gap { from: u32, to: u32 },
    /// The end acknowledged sequence space its peer sent but the capture never showed (up to
    /// `ack`; the capture showed up to `seen`, relative numbers): a segment is missing from the
    /// capture (it reached the end by a way the capture did not see, or the capture dropped it).
    AckOfUnseen { ack: u32, seen: u32 },
    /// The segment repeats sequence space the end had already sent (same SEQ again), `after` the
    /// previous transmission of it: the end's retransmission timer fired, or the first copy or its
    /// ACK was lost or late.
    Retransmission { of: TxId, after: Duration },
    /// The end sent a segment that RFC 9293 does not let it send in the state the observer had
    /// inferred (for example data or a FIN from CLOSED after its FIN was acknowledged): the
    /// capture and the rules disagree here.
    UnexpectedSend { state: Option<State> },
    /// The peer's FIN had not arrived in order (a gap before it), but this segment from the end
    /// acknowledges it: the FIN was processed, the observer infers, when the gap was filled.
    FinInferredFromAck,
}

impl PlacementBasis {
    pub const fn name(self) -> &'static str {
        match self {
            PlacementBasis::QuickestRoundTrip => "quickest_round_trip",
            PlacementBasis::NoRoundTrip => "no_round_trip",
            PlacementBasis::Given => "given",
        }
    }
}

impl InitialBasis {
    pub const fn name(self) -> &'static str {
        match self {
            InitialBasis::OpensActively => "opens_actively",
            InitialBasis::AnsweredSyn => "answered_syn",
            InitialBasis::RefusedSyn => "refused_syn",
            InitialBasis::NeverAnswered => "never_answered",
            InitialBasis::SynNotCaptured => "syn_not_captured",
            InitialBasis::OwnSynNotCaptured => "own_syn_not_captured",
            InitialBasis::MidConnection => "mid_connection",
        }
    }
}

impl ObserverNote {
    /// The `note` of the JSON object.
    pub const fn name(&self) -> &'static str {
        match self {
            ObserverNote::Placement { .. } => "placement",
            ObserverNote::Initial { .. } => "initial",
            ObserverNote::Gap { .. } => "gap",
            ObserverNote::AckOfUnseen { .. } => "ack_of_unseen",
            ObserverNote::Retransmission { .. } => "retransmission",
            ObserverNote::UnexpectedSend { .. } => "unexpected_send",
            ObserverNote::FinInferredFromAck => "fin_inferred_from_ack",
        }
    }

    /// Whether the note says the capture is not what the rules lead one to expect (rather than
    /// explaining a choice of the observer).
    pub const fn is_inconsistency(&self) -> bool {
        matches!(
            self,
            ObserverNote::Gap { .. }
                | ObserverNote::AckOfUnseen { .. }
                | ObserverNote::UnexpectedSend { .. }
                | ObserverNote::FinInferredFromAck
        )
    }
}

impl fmt::Display for InitialBasis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            InitialBasis::OpensActively => "its first segment is a SYN (active OPEN)",
            InitialBasis::AnsweredSyn => "assumed: it answered a SYN with SYN,ACK",
            InitialBasis::RefusedSyn => "assumed: it answered a SYN with RST",
            InitialBasis::NeverAnswered => "it never answered the SYN",
            InitialBasis::SynNotCaptured => "assumed: its SYN,ACK answers a SYN not captured",
            InitialBasis::OwnSynNotCaptured => "assumed: its SYN is not captured, the SYN,ACK is",
            InitialBasis::MidConnection => "assumed: no SYN captured (mid-connection)",
        })
    }
}

impl fmt::Display for ObserverNote {
    /// One short English phrase for the ladder.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ObserverNote::Placement { distance, basis } => match basis {
                PlacementBasis::QuickestRoundTrip => {
                    write!(
                        f,
                        "{distance} from the capture (half the quickest round trip)"
                    )
                }
                PlacementBasis::NoRoundTrip => {
                    f.write_str("placed at the capture point (no round trip seen)")
                }
                PlacementBasis::Given => write!(f, "{distance} from the capture (given)"),
            },
            ObserverNote::Initial { state, basis } => match state {
                Some(s) => write!(f, "starts in {s}: {basis}"),
                None => write!(f, "state unknown: {basis}"),
            },
            ObserverNote::Gap { from, to } => write!(
                f,
                "missing segment: Seq={from}..{to} never seen before this one"
            ),
            ObserverNote::AckOfUnseen { ack, seen } => write!(
                f,
                "missing segment: Ack={ack} acknowledges bytes never seen (seen up to {seen})"
            ),
            ObserverNote::Retransmission { of, after } => {
                write!(f, "retransmission: same Seq as {of}, {after} later")
            }
            ObserverNote::UnexpectedSend { state } => match state {
                Some(s) => write!(f, "not expected from an end in {s} (RFC 9293)"),
                None => f.write_str("not expected from this end (RFC 9293)"),
            },
            ObserverNote::FinInferredFromAck => {
                f.write_str("the FIN held behind a gap was processed: its ACK shows it")
            }
        }
    }
}
