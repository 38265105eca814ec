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
pub mod cli;
pub mod clock;
pub mod compare;
pub mod expect;
pub mod observe;
pub mod profile;
pub mod record;

#[cfg(test)]
mod standin;

#[cfg(target_os = "linux")]
pub mod sys;

/// Why a live run did not happen or did not finish.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LiveError {
    /// This machine cannot run one: not Linux, not root, no `/dev/net/tun`, namespaces refused.
    /// Exit code [`EXIT_UNAVAILABLE`].
    Unavailable(String),
    /// Something failed during the run (exit code 1).
    Failed(String),
}

/// The exit code for "this machine cannot run a live bridge" (automake's code for a skipped
/// test, so a test runner can tell it from a failure).
pub const EXIT_UNAVAILABLE: u8 = 77;

/// A stand-in for `sys` where there is no Linux: every run is unavailable.
#[cfg(not(target_os = "linux"))]
pub mod sys {
    use super::LiveError;
    use super::record::LiveRun;
    use handshake_core::Duration;
    use handshake_core::scenario::Scenario;
    use handshake_core::vocab::Side;

    #[derive(Clone, Copy, Debug, Default)]
    pub struct LiveOptions {
        pub max: Duration,
        pub quiet: Duration,
        pub sample_every: Duration,
    }

    fn unavailable() -> LiveError {
        LiveError::Unavailable("live runs need Linux (TUN devices and network namespaces)".into())
    }

    pub fn check() -> Result<(), LiveError> {
        Err(unavailable())
    }

    pub fn run(_: &Scenario, _: Side, _: LiveOptions) -> Result<LiveRun, LiveError> {
        Err(unavailable())
    }
}
