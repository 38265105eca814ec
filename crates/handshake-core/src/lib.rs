//! # handshake-core
//!
//! A deterministic model of TCP connection management — RFC 9293 (the state machine, segment
//! processing, close in every order, RST) and RFC 6298 (the retransmission timer) — and the
//! network simulator that the Handshake Lab app, its CLI and its tests all drive.
//!
//! **The contract**: this crate does no IO, reads no clock and draws no OS randomness. Time is an
//! argument ([`Instant`]), randomness comes only from a seed, and nothing here knows about a
//! browser. It builds `#![no_std]` with `alloc`; `serde` (scenario files, traces), `link` (share
//! links) and `std` (`std::error::Error`, field paths in scenario errors) are features. The same scenario —
//! seed, config, user actions, faults — therefore replays identically everywhere.
//!
//! Layers, bottom up:
//! * [`time`], [`seq`], [`segment`], [`wire`]: values and the TCP/IPv4 wire format;
//! * [`endpoint`]: one TCP endpoint (TCB + state machine + timers), sans-IO;
//! * [`sim`]: two endpoints, a link with faults, a virtual clock, the trace;
//! * [`scenario`], [`trace`], [`presets`]: the data the app, CLI and tests exchange;
//! * [`link`]: an experiment (scenario, tape, present, view) as a share link.

#![cfg_attr(not(any(test, feature = "std")), no_std)]
#![forbid(unsafe_code)]

extern crate alloc;

pub mod config;
pub mod endpoint;
pub mod ladder;
#[cfg(feature = "link")]
pub mod link;
#[cfg(feature = "serde")]
pub mod presets;
pub mod rng;
pub mod rtt;
pub mod scenario;
pub mod segment;
pub mod seq;
pub mod sim;
pub mod state;
pub mod time;
pub mod trace;
pub mod wire;

pub use config::Config;
pub use endpoint::{
    Call, CallError, Cause, Endpoint, Event, Note, Tcb, Timer, TimerKind, Transmit, Verdict,
};
pub use segment::{Flags, Segment};
pub use seq::SeqNumber;
pub use state::State;
pub use time::{Duration, Instant};
pub use wire::WireError;
