//! What a live run records: the trace in the simulator's vocabulary, the kernel's sampled states,
//! and every packet for the pcap.
//!
//! The JSON Lines output is the simulator's (`docs/trace-format.md`) with two additions, so the
//! lab and any reader of traces can take it as it is:
//!
//! * every event about the kernel's side — a segment the kernel sent (`send`, `arrive`, `drop`,
//!   … whose `from` is the kernel), a call its application made, what that application saw, and
//!   its states — carries `"kernel": true`;
//! * the kernel's states are `state` events with `"cause": "observed"`: they were sampled through
//!   sock_diag, so the model's cause vocabulary (which input made the change) does not apply;
//! * a call of the kernel's application that the OS refused is an `ignored` event whose `action`
//!   is the call (`server send`) and whose `error` is the OS's text (`error_kind`: `os_error`),
//!   since such a reason is not one of RFC 9293's call errors.

use std::fmt::Write as _;

use handshake_core::trace::{Trace, TraceEvent, TraceKind};
use handshake_core::vocab::Side;
use handshake_core::{Instant, State};
use serde_json::{Value, json};

/// One event of a live run.
#[derive(Clone, Debug, PartialEq)]
pub enum LiveEvent {
    /// An event in the simulator's vocabulary: the model's side as the simulator records it, the
    /// link's faults, and the kernel's segments and application events.
    Core(TraceEvent),
    /// The kernel's socket changed state (sampled).
    KernelState {
        t: Instant,
        side: Side,
        from: State,
        to: State,
    },
    /// A call of the kernel's application (as the scenario names it, or `read`) failed, with
    /// the OS's error text.
    KernelCallFailed {
        t: Instant,
        side: Side,
        call: &'static str,
        error: String,
    },
}

/// A finished live run (or a run of the bridge against a stand-in kernel in tests).
#[derive(Clone, Debug, PartialEq)]
pub struct LiveRun {
    /// The side the model played.
    pub model_side: Side,
    pub events: Vec<LiveEvent>,
    /// Every packet as it left its sender (the model's as emitted, the kernel's as read from the
    /// TUN device), in order, with its virtual time.
    pub packets: Vec<(Instant, Vec<u8>)>,
    /// The virtual time at which the run stopped.
    pub end: Instant,
    /// Facts about the run worth printing with it (why it stopped, the kernel, the lateness of
    /// the loop).
    pub notes: Vec<String>,
    /// The longest the live loop was late (a packet written, a call made or a wake-up after
    /// their time): how far the recorded times can be off. Zero for a run in virtual time.
    pub stall: handshake_core::Duration,
}

impl LiveRun {
    /// The side the real kernel played.
    pub fn kernel_side(&self) -> Side {
        self.model_side.peer()
    }

    /// Whether a simulator event is about the kernel's side (see the module documentation).
    fn is_kernel(&self, kind: &TraceKind) -> bool {
        let k = self.kernel_side();
        match kind {
            TraceKind::Call { side, .. }
            | TraceKind::State { side, .. }
            | TraceKind::App { side, .. }
            | TraceKind::Deliver { side, .. } => *side == k,
            other => other.segment().is_some_and(|s| s.from == k),
        }
    }

    /// One JSON object per line, fields in the simulator's order, `"kernel": true` last.
    pub fn to_json_lines(&self) -> String {
        let mut out = String::new();
        for e in &self.events {
            let (line, kernel) = match e {
                LiveEvent::Core(ev) => (serde_json::to_string(ev), self.is_kernel(&ev.kind)),
                LiveEvent::KernelState { t, side, from, to } => (
                    serde_json::to_string(&KernelStateLine {
                        t: ms(*t),
                        kind: "state",
                        endpoint: side.name(),
                        from: from.name(),
                        to: to.name(),
                        cause: "observed",
                    }),
                    true,
                ),
                LiveEvent::KernelCallFailed {
                    t,
                    side,
                    call,
                    error,
                } => (
                    serde_json::to_string(&KernelCallFailedLine {
                        t: ms(*t),
                        kind: "ignored",
                        action: format!("{side} {call}"),
                        error: error.clone(),
                        error_kind: "os_error",
                    }),
                    true,
                ),
            };
            let Ok(mut line) = line else { continue };
            if kernel && line.ends_with('}') {
                line.pop();
                line.push_str(",\"kernel\":true}");
            }
            out.push_str(&line);
            out.push('\n');
        }
        out
    }

    /// The run as a simulator trace for the text ladder: everything but the kernel's sampled
    /// states (the ladder names a cause for each state change, and a sample has none) and its
    /// failed calls (they are listed under the ladder by [`LiveRun::kernel_state_lines`]), with
    /// times rounded to the
    /// millisecond for reading (the JSON keeps the microseconds).
    pub fn ladder_trace(&self) -> Trace {
        Trace {
            events: self
                .events
                .iter()
                .filter_map(|e| match e {
                    LiveEvent::Core(ev) => Some(TraceEvent {
                        t: Instant::from_millis((ev.t.total_micros() + 500) / 1000),
                        kind: ev.kind.clone(),
                    }),
                    LiveEvent::KernelState { .. } | LiveEvent::KernelCallFailed { .. } => None,
                })
                .collect(),
        }
    }

    /// The kernel's state changes (and its application's failed calls), one line each, times
    /// in seconds to the millisecond: `    0.100s  LISTEN → SYN-RECEIVED`,
    /// `    1.200s  send() failed: Broken pipe (os error 32)`.
    pub fn kernel_state_lines(&self) -> String {
        let mut out = String::new();
        for e in &self.events {
            match e {
                LiveEvent::KernelState { t, from, to, .. } => {
                    let secs = t.total_micros() as f64 / 1e6;
                    let _ = writeln!(out, "{secs:>9.3}s  {from} → {to}");
                }
                LiveEvent::KernelCallFailed { t, call, error, .. } => {
                    let secs = t.total_micros() as f64 / 1e6;
                    let _ = writeln!(out, "{secs:>9.3}s  {call}() failed: {error}");
                }
                LiveEvent::Core(_) => {}
            }
        }
        out
    }

    /// The kernel's last sampled state (CLOSED if none was seen).
    pub fn kernel_state(&self) -> State {
        self.events
            .iter()
            .rev()
            .find_map(|e| match e {
                LiveEvent::KernelState { to, .. } => Some(*to),
                _ => None,
            })
            .unwrap_or(State::Closed)
    }
}

/// A sampled kernel state, with the fields of the simulator's `state` events in their order.
#[derive(serde::Serialize)]
struct KernelStateLine {
    t: Value,
    #[serde(rename = "type")]
    kind: &'static str,
    endpoint: &'static str,
    from: &'static str,
    to: &'static str,
    cause: &'static str,
}

/// A failed call of the kernel's application, with the fields of the simulator's `ignored`
/// events in their order.
#[derive(serde::Serialize)]
struct KernelCallFailedLine {
    t: Value,
    #[serde(rename = "type")]
    kind: &'static str,
    action: String,
    error: String,
    error_kind: &'static str,
}

/// Milliseconds as the simulator's trace writes them: an integer when whole.
fn ms(t: Instant) -> Value {
    let us = t.total_micros();
    if us % 1000 == 0 {
        json!(us / 1000)
    } else {
        json!(us as f64 / 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use handshake_core::endpoint::{Cause, Role};
    use handshake_core::vocab::UserCall;

    fn run(events: Vec<LiveEvent>) -> LiveRun {
        LiveRun {
            model_side: Side::Client,
            events,
            packets: Vec::new(),
            end: Instant::from_millis(300),
            notes: Vec::new(),
            stall: handshake_core::Duration::ZERO,
        }
    }

    #[test]
    fn kernel_states_are_state_events_marked_observed_and_kernel() {
        let r = run(vec![
            LiveEvent::Core(TraceEvent {
                t: Instant::ZERO,
                kind: TraceKind::State {
                    side: Side::Client,
                    from: State::Closed,
                    to: State::SynSent,
                    cause: Cause::Connect,
                    role: Some(Role::Active),
                },
            }),
            LiveEvent::KernelState {
                t: Instant::from_micros(100_250),
                side: Side::Server,
                from: State::Listen,
                to: State::SynReceived,
            },
        ]);
        let text = r.to_json_lines();
        // The simulator's field order, `kernel` last.
        assert_eq!(
            text.lines().nth(1),
            Some(
                r#"{"t":100.25,"type":"state","endpoint":"server","from":"LISTEN","to":"SYN-RECEIVED","cause":"observed","kernel":true}"#
            )
        );
        assert!(
            text.lines()
                .next()
                .unwrap()
                .starts_with(r#"{"t":0,"type":"state","endpoint":"client""#)
        );
        let lines: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(
            lines[0],
            json!({"t": 0, "type": "state", "endpoint": "client", "from": "CLOSED",
                   "to": "SYN-SENT", "cause": "connect", "role": "active"})
        );
        assert_eq!(
            lines[1],
            json!({"t": 100.25, "type": "state", "endpoint": "server", "from": "LISTEN",
                   "to": "SYN-RECEIVED", "cause": "observed", "kernel": true})
        );
        assert_eq!(r.kernel_state(), State::SynReceived);
        assert_eq!(r.ladder_trace().len(), 1);
        assert_eq!(r.ladder_trace().events[0].t, Instant::ZERO);
        assert_eq!(
            r.kernel_state_lines(),
            "    0.100s  LISTEN → SYN-RECEIVED\n"
        );
    }

    #[test]
    fn kernel_calls_and_application_events_are_marked_kernel() {
        let r = run(vec![
            LiveEvent::Core(TraceEvent {
                t: Instant::ZERO,
                kind: TraceKind::Call {
                    side: Side::Server,
                    call: UserCall::Listen,
                    error: None,
                },
            }),
            LiveEvent::Core(TraceEvent {
                t: Instant::ZERO,
                kind: TraceKind::Call {
                    side: Side::Client,
                    call: UserCall::Connect,
                    error: None,
                },
            }),
        ]);
        let json = r.to_json_lines();
        let lines: Vec<&str> = json.lines().collect();
        assert!(lines[0].contains("\"kernel\":true"), "{}", lines[0]);
        assert!(!lines[1].contains("kernel"), "{}", lines[1]);
    }

    #[test]
    fn a_kernel_call_the_os_refused_is_ignored_with_its_text_and_listed_under_the_ladder() {
        let r = run(vec![LiveEvent::KernelCallFailed {
            t: Instant::from_millis(1_200),
            side: Side::Server,
            call: "close",
            error: "Broken pipe (os error 32)".into(),
        }]);
        assert_eq!(
            r.to_json_lines(),
            "{\"t\":1200,\"type\":\"ignored\",\"action\":\"server close\",\
             \"error\":\"Broken pipe (os error 32)\",\"error_kind\":\"os_error\",\"kernel\":true}\n"
        );
        assert!(r.ladder_trace().is_empty());
        assert_eq!(
            r.kernel_state_lines(),
            "    1.200s  close() failed: Broken pipe (os error 32)\n"
        );
    }
}
