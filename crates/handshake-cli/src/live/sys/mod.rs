//! The live run on Linux: the bridge driven by the real clock against the kernel's TCP.
//!
//! One run happens on a thread of its own, which moves into a new network namespace, sets the
//! sysctls, creates the TUN device and the kernel's sockets, and loops:
//!
//! 1. advance the bridge to the present (link arrivals, the model's timers, scheduled actions);
//! 2. make the kernel application's due calls, write the packets due to the kernel into the
//!    TUN device (the kernel handles a written packet before `write` returns);
//! 3. read what the kernel sent and hand it to the bridge, stamped with the present;
//! 4. let the kernel's application read and react, and sample the kernel's sockets through
//!    sock_diag (after anything happened, and every [`LiveOptions::sample_every`]);
//! 5. sleep in poll(2) on the TUN device until the bridge's next deadline or the next sample.
//!
//! It stops at the scenario's `end_ms`, at [`LiveOptions::max`], or when nothing is left to
//! happen: no action pending, nothing on the link, no model timer but TIME-WAIT's, no kernel
//! socket waiting to retransmit in any sample, and nothing seen for [`LiveOptions::quiet`]
//! (longer than Linux's longest delayed ACK, 200 ms). A connection left in TIME-WAIT is not
//! waited out. (Any sample: while the kernel's retransmission timer fires, its socket shows no
//! timer pending until the segment is out and the timer set again. A sample taken in that
//! moment can end a run just before the retransmission it waits for: seen once, no-time-wait
//! with the model as client under the Linux profile, ended at 2.1 s without the re-sent FIN.)

mod app;
mod diag;
pub mod netns;

use std::os::fd::AsFd;
use std::time::{Duration as StdDuration, Instant as StdInstant};

use handshake_core::scenario::Scenario;
use handshake_core::vocab::Side;
use handshake_core::{Duration, Instant};
use nix::poll::{PollFd, PollFlags, ppoll};
use nix::sys::time::TimeSpec;

use super::bridge::{Bridge, KernelEvent, ToKernel};
use super::clock::LiveClock;
use super::observe::{kernel_busy, kernel_view};
use super::record::LiveRun;

pub use super::LiveError;

/// How a live run is paced and when it stops.
#[derive(Clone, Copy, Debug)]
pub struct LiveOptions {
    /// Stop at this virtual time at the latest.
    pub max: Duration,
    /// Stop once nothing has happened for this long and nothing is due.
    pub quiet: Duration,
    /// Sample the kernel's sockets at least this often.
    pub sample_every: Duration,
}

impl Default for LiveOptions {
    fn default() -> LiveOptions {
        LiveOptions {
            max: Duration::from_secs(60),
            quiet: Duration::from_millis(300),
            sample_every: Duration::from_millis(5),
        }
    }
}

/// Whether this machine can run live: Linux root with `/dev/net/tun` (whether namespaces may be
/// created is found out by the first run).
pub fn check() -> Result<(), LiveError> {
    netns::check_machine()
}

/// Runs `scenario` live with the model on `model_side`, on a thread in a private network
/// namespace that ends with the run.
pub fn run(scenario: &Scenario, model_side: Side, opts: LiveOptions) -> Result<LiveRun, LiveError> {
    netns::check_machine()?;
    let scenario = scenario.clone();
    std::thread::Builder::new()
        .name("live".into())
        .spawn(move || run_here(&scenario, model_side, opts))
        .map_err(|e| LiveError::Failed(format!("cannot start the live thread: {e}")))?
        .join()
        .map_err(|_| LiveError::Failed("the live thread panicked".into()))?
}

/// The run itself, on the calling thread (which it moves into a new namespace).
fn run_here(
    scenario: &Scenario,
    model_side: Side,
    opts: LiveOptions,
) -> Result<LiveRun, LiveError> {
    let mut bridge =
        Bridge::new(scenario, model_side).map_err(|e| LiveError::Failed(e.to_string()))?;
    netns::enter_private_namespace()?;
    let mut notes = netns::configure()?;
    let kernel_side = model_side.peer();
    let (kernel, model) = (bridge.addr(kernel_side), bridge.addr(model_side));
    let tun = netns::create_tun(*kernel.ip())?;
    let mut diag = diag::Diag::open()
        .map_err(|e| LiveError::Failed(format!("cannot open a sock_diag socket: {e}")))?;
    let mut app = app::KernelApp::new(kernel, model);
    let mut buf = vec![0u8; 65_536];
    let mut lateness = StdDuration::ZERO;
    let mut stall = Duration::ZERO;
    let mut samples = 0u64;
    let mut busy = false;
    // The last sample that found the kernel waiting to retransmit or probe.
    let mut last_busy = Instant::ZERO;
    let mut next_sample = Instant::ZERO;

    let clock = LiveClock::start();
    // When the loop meant to wake up next (it sleeps until then at most).
    let mut wake_by = Instant::ZERO;
    let why = loop {
        let now = clock.now();
        stall = stall.max(now.saturating_since(wake_by));
        if let Some(t) = bridge.next_time() {
            // Anything scheduled that the loop reaches only now is late by as much.
            stall = stall.max(now.saturating_since(t));
        }
        bridge.advance(now);
        let mut activity = false;

        while let Some(input) = bridge.poll_kernel() {
            activity = true;
            match input {
                ToKernel::Call(call) => {
                    // The application reads what has arrived before its next call, as the
                    // model's application has everything delivered as it arrives.
                    pump_app(&mut app, &mut bridge, &clock);
                    if let Err(error) = app.call(&call) {
                        bridge.kernel_event(
                            clock.now(),
                            KernelEvent::CallFailed {
                                call: call.name(),
                                error,
                            },
                        );
                    }
                }
                ToKernel::Packet { due, bytes } => {
                    tun.send(&bytes).map_err(|e| {
                        LiveError::Failed(format!("cannot write to the TUN device: {e}"))
                    })?;
                    lateness = lateness.max(
                        clock
                            .real_at(clock.now())
                            .duration_since(clock.real_at(due)),
                    );
                }
            }
        }
        loop {
            match tun.recv(&mut buf) {
                Ok(n) => {
                    activity = true;
                    bridge.kernel_sent(clock.now(), &buf[..n]);
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
                Err(e) => {
                    return Err(LiveError::Failed(format!(
                        "cannot read from the TUN device: {e}"
                    )));
                }
            }
        }
        activity |= pump_app(&mut app, &mut bridge, &clock);
        let now = clock.now();
        if activity || now >= next_sample {
            let sockets = diag
                .sockets()
                .map_err(|e| LiveError::Failed(format!("sock_diag: {e}")))?;
            samples += 1;
            busy = kernel_busy(&sockets);
            if busy {
                last_busy = clock.now();
            }
            bridge.kernel_state(clock.now(), kernel_view(&sockets, kernel, model));
            next_sample = clock.now() + opts.sample_every;
        }

        let now = clock.now();
        if let Some(end) = scenario.end {
            if now >= end {
                break format!("the scenario's end at {end}");
            }
        }
        if now >= Instant::ZERO + opts.max {
            break format!("the time limit of {}", opts.max);
        }
        if !activity
            && bridge.is_quiet()
            && !busy
            && !app.has_unsent()
            && now.saturating_since(bridge.last_activity()) >= opts.quiet
            && now.saturating_since(last_busy) >= opts.quiet
        {
            break format!(
                "nothing left to happen ({} without an event or a kernel timer but TIME-WAIT's)",
                opts.quiet
            );
        }
        if activity {
            wake_by = clock.now();
            continue;
        }
        // Sleep until the next deadline, the next sample, or a packet from the kernel.
        let mut wake = next_sample;
        if let Some(t) = bridge.next_time() {
            wake = wake.min(t);
        }
        wake_by = wake.max(clock.now());
        let wait = clock.wait_until(wake, StdInstant::now());
        let mut fds = [PollFd::new(tun.as_fd(), PollFlags::POLLIN)];
        // ppoll: a timeout in nanoseconds, so the loop neither wakes a millisecond late nor
        // spins through the last one.
        match ppoll(&mut fds, Some(TimeSpec::from(wait)), None) {
            Ok(_) => {}
            Err(nix::errno::Errno::EINTR) => {}
            Err(e) => return Err(LiveError::Failed(format!("poll: {e}"))),
        }
    };
    notes.push(format!("stopped: {why}"));
    notes.push(format!(
        "kernel sampled {samples} times; packets written to the kernel at most {} µs after their time; the loop at most {} µs late",
        lateness.as_micros(),
        stall.total_micros()
    ));
    if stall > Duration::from_millis(5) {
        notes.push(format!(
            "the machine was busy: recorded times may be off by up to {stall} (run it under `chrt --fifo 20`, as scripts/differential does)"
        ));
    }
    for ignored in bridge.ignored() {
        notes.push(format!("not carried at {}: {}", ignored.t, ignored.why));
    }
    drop(app);
    Ok(bridge.finish(notes, stall))
}

/// Lets the kernel's application read and react; true if it saw anything.
fn pump_app(app: &mut app::KernelApp, bridge: &mut Bridge, clock: &LiveClock) -> bool {
    let events = app.poll();
    let any = !events.is_empty();
    for ev in events {
        bridge.kernel_event(clock.now(), ev);
    }
    if bridge.kernel_close_on_eof_due() {
        bridge.kernel_scripted_close(clock.now());
        let _ = app.call(&handshake_core::vocab::UserCall::Close);
        return true;
    }
    any
}
