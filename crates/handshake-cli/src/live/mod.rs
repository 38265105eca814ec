//! `handshake-cli live` and `handshake-cli differential`: the model against the real kernel TCP.
//!
//! Layers, bottom up:
//! * [`clock`]: the real clock turned into virtual time (the core never reads a clock);
//! * [`bridge`]: sans-IO — one model `Endpoint`, the link with the scenario's faults between it
//!   and an outside TCP, the scenario's timeline, the trace;
//! * [`record`]: the run as JSON Lines (the simulator's vocabulary), a ladder and a pcap;
//! * [`observe`]: which state the kernel's side is in, from its sockets as sock_diag lists them;
//! * [`compare`], [`expect`]: the differential comparison with the simulator and the checked-in
//!   expectations it is held to;
//! * `sys` (Linux only): the private network namespace, the TUN device, the kernel's sockets,
//!   sock_diag and the loop that drives the bridge with the real clock.
//!
//! Everything above `sys` runs in `cargo test` without root; `standin` (tests only) plays the
//! kernel's part with a second model endpoint so the bridge and the comparison are checked end to
//! end on any machine.

pub mod bridge;
pub mod clock;
pub mod compare;
pub mod observe;
pub mod record;

#[cfg(test)]
mod standin;
