//! # handshake-core
//!
//! A deterministic model of TCP connection management — RFC 9293 (the state machine, segment
//! processing, close in every order, RST) and RFC 6298 (the retransmission timer) — and the
//! network simulator that the Handshake Lab app, its CLI and its tests all drive.
//!
//! **The contract**: this crate does no IO, reads no clock and draws no OS randomness. Time is an
//! argument ([`Instant`]), randomness comes only from a seed, and nothing here knows about a
//! browser. It builds `#![no_std]` with `alloc`; `serde` (scenario files, traces), `link` (share
//! links) and `std` (`std::error::Error`) are features. Errors a user can see (a scenario file, a
//! setting, a refused call or action) are typed kinds with the data a message needs, so a crate
//! above can word them in any language; their `Display` is English. The same scenario — seed,
//! config, user actions, faults — therefore replays identically everywhere.
//!
//! Layers, bottom up. A module imports only from the layers below it (`use crate::…` points
//! down), so there is no cycle:
//! 1. [`time`], [`seq`], [`segment`], [`wire`], [`state`], [`rng`]: values and the TCP/IPv4 wire
//!    format; [`sort`]: one stable sort for every layer (one copy in the wasm);
//! 2. [`config`], [`rtt`]: an endpoint's configuration and the RFC 6298 estimator;
//! 3. [`vocab`]: the words the layers above share — [`vocab::Side`], [`vocab::TxId`],
//!    [`vocab::Fault`], [`vocab::UserCall`], [`vocab::Action`], …;
//! 4. [`endpoint`]: one TCP endpoint (TCB + state machine + timers), sans-IO; and
//!    [`observer_note`]: the remarks of the passive observer, which the trace carries;
//! 5. [`trace`]: what a run did, event by event;
//! 6. [`scenario`]: what a run depends on (seed, configuration, actions, fault rules); and
//!    [`observer`]: the states of both ends inferred from a captured connection, as a trace;
//! 7. [`sim`]: two hosts (a listener beside connections), the link between them
//!    ([`sim::channel`]), a virtual clock; it reads a scenario and
//!    writes a trace;
//! 8. [`ladder`] (a trace as text), [`presets`] (the built-in scenarios) and [`fork`] (what-if
//!    forks of a run and the comparison of two runs);
//! 9. `link` (feature `link`): an experiment (scenario, tape, present, view) as a share link.

#![cfg_attr(not(any(test, feature = "std")), no_std)]
#![forbid(unsafe_code)]

extern crate alloc;

pub mod config;
pub mod endpoint;
pub mod fork;
pub mod ladder;
#[cfg(feature = "link")]
pub mod link;
pub mod observer;
pub mod observer_note;
#[cfg(feature = "serde")]
pub mod presets;
pub mod rng;
pub mod rtt;
pub mod scenario;
pub mod segment;
pub mod seq;
pub mod sim;
pub mod sort;
pub mod state;
pub mod time;
pub mod trace;
pub mod vocab;
pub mod wire;

pub use config::Config;
pub use endpoint::{
    Cause, Endpoint, Event, IsnSource, Note, Tcb, Timer, TimerKind, Transmit, Verdict,
};
pub use segment::{Flags, Segment};
pub use seq::SeqNumber;
pub use state::State;
pub use time::{Duration, Instant};
pub use vocab::{AppEvent, CallError, UserCall};
pub use wire::WireError;
