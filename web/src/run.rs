//! What the lab's stage, inspector and narration show: a [`Run`] — the live simulation of a lab
//! session, or a recorded trace played to a present (a real capture as the core's passive
//! observer read it, issue 14). Both are read the same way: the trace's events up to the present,
//! each end's state, its address; only a live run has endpoints to ask for timers and TCBs.
//! Nothing here infers TCP: a recording's states and segments are the observer's.

use std::net::SocketAddrV4;
use std::rc::Rc;

use handshake_capture::Capture;
use handshake_core::Instant;
use handshake_core::sim::{Side, TxId};
use handshake_core::state::State;

use crate::replay::Recording;
use crate::sim_handle::SimHandle;
use crate::timeline::LadderModel;

/// A recorded run: a capture's connection, the observer's trace of it and a present.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub recording: Recording,
    pub capture: Rc<Capture>,
    /// Index into `capture.connections`.
    pub conn: usize,
    /// The id the observer gave each of the connection's segments, in capture order
    /// (`handshake_core::observer::segment_ids`).
    pub ids: Rc<Vec<TxId>>,
}

impl Recorded {
    /// Index into the connection's segments (and frames, and headers) of segment `id`.
    fn index(&self, id: TxId) -> Option<usize> {
        self.ids.iter().position(|&i| i == id)
    }

    /// The 1-based frame number in the file of segment `id`.
    pub fn frame(&self, id: TxId) -> Option<u64> {
        let c = self.capture.connections.get(self.conn)?;
        c.frames.get(self.index(id)?).copied()
    }

    /// The window scale shifts in effect, `[client, server]`, from the connection's first SYN of
    /// each end as captured (`handshake_core::wire::window_shifts`: both SYNs must carry it).
    pub fn window_shifts(&self) -> Option<[u8; 2]> {
        let c = self.capture.connections.get(self.conn)?;
        let syn = |side: Side| {
            c.segments
                .iter()
                .zip(&c.headers)
                .find(|(s, _)| s.from == side && s.flags.syn())
                .map(|(_, h)| h.as_slice())
        };
        handshake_core::wire::window_shifts(syn(Side::Client)?, syn(Side::Server)?)
    }

    /// Segment `id`'s TCP header as captured.
    pub fn header(&self, id: TxId) -> Option<&[u8]> {
        let c = self.capture.connections.get(self.conn)?;
        c.headers.get(self.index(id)?).map(Vec::as_slice)
    }
}

/// The lab's live simulation or a recording.
#[derive(Clone, Debug)]
pub enum Run {
    Live(SimHandle),
    Recorded(Rc<Recorded>),
}

impl PartialEq for Run {
    /// A live run changes with its revision; a recording with the events it shows (the
    /// present moving between two events changes nothing its readers draw from it).
    fn eq(&self, other: &Run) -> bool {
        match (self, other) {
            (Run::Live(a), Run::Live(b)) => a == b,
            (Run::Recorded(a), Run::Recorded(b)) => {
                Rc::ptr_eq(&a.recording.trace, &b.recording.trace)
                    && a.recording.shown() == b.recording.shown()
                    && a.conn == b.conn
            }
            _ => false,
        }
    }
}

impl Run {
    pub fn now(&self) -> Instant {
        match self {
            Run::Live(sim) => sim.borrow().now(),
            Run::Recorded(r) => r.recording.now,
        }
    }

    /// The ladder's model of what has happened by the present.
    pub fn ladder_model(&self) -> Rc<LadderModel> {
        match self {
            Run::Live(sim) => match sim.model() {
                Some(model) => Rc::clone(model),
                None => Rc::new(LadderModel::build(&sim.borrow())),
            },
            Run::Recorded(r) => {
                let rec = &r.recording;
                Rc::new(LadderModel::of_events(rec.shown_events(), &|id| {
                    rec.arrival_of(id)
                }))
            }
        }
    }

    /// `side`'s state at the present (`None`: a capture that does not show it).
    pub fn state(&self, side: Side) -> Option<State> {
        match self {
            Run::Live(sim) => Some(sim.borrow().endpoint(side).state()),
            Run::Recorded(r) => r.recording.state(side),
        }
    }

    pub fn addr(&self, side: Side) -> Option<SocketAddrV4> {
        match self {
            Run::Live(sim) => Some(sim.borrow().addr(side)),
            Run::Recorded(r) => {
                let c = r.capture.connections.get(r.conn)?;
                Some(match side {
                    Side::Client => c.client,
                    Side::Server => c.server,
                })
            }
        }
    }

    /// The live simulation, if this is one.
    pub fn live(&self) -> Option<&SimHandle> {
        match self {
            Run::Live(sim) => Some(sim),
            Run::Recorded(_) => None,
        }
    }

    pub fn recorded(&self) -> Option<&Recorded> {
        match self {
            Run::Live(_) => None,
            Run::Recorded(r) => Some(r),
        }
    }
}
