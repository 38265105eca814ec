//! A stand-in for the kernel in tests: a second model endpoint behind IPv4 bytes, driven in
//! virtual time exactly as the live loop drives the real kernel (packets in and out of the
//! bridge, its application's calls, its state sampled after every input). A run against it
//! must agree with the simulator, which checks the bridge, the recording and the comparison
//! without root.

use handshake_core::rng::Rng;
use handshake_core::scenario::Scenario;
use handshake_core::sim::{STREAM_CLIENT_ISN, STREAM_SERVER_ISN};
use handshake_core::vocab::{AppEvent, Side};
use handshake_core::{Endpoint, Event, Instant, wire};

use super::bridge::{Bridge, KernelEvent, ToKernel};
use super::record::LiveRun;

/// Runs `scenario` with the model on `model_side` and a model endpoint standing in for the
/// kernel, until nothing is left to happen or `until`.
pub fn run(scenario: &Scenario, model_side: Side, until: Instant) -> LiveRun {
    let mut bridge = Bridge::new(scenario, model_side).expect("a valid scenario");
    let k = model_side.peer();
    let (stream, config) = match k {
        Side::Client => (STREAM_CLIENT_ISN, scenario.client.clone()),
        Side::Server => (STREAM_SERVER_ISN, scenario.server.clone()),
    };
    let seed = Rng::derive(scenario.seed, stream).next_u64();
    let mut ep = Endpoint::new(config, bridge.addr(k), seed);
    let peer = bridge.addr(model_side);
    let mut now = Instant::ZERO;
    loop {
        bridge.advance(now);
        // A timer due now was armed before any segment arriving now was sent: it goes first,
        // as in the simulator's FIFO order.
        if ep.poll_timeout().is_some_and(|t| t <= now) {
            ep.handle_timeout(now);
            flush(&mut bridge, &mut ep, now);
        }
        while let Some(input) = bridge.poll_kernel() {
            match input {
                ToKernel::Call(call) => {
                    let result = ep.call(now, peer, &call);
                    if let Err(e) = result {
                        bridge.kernel_event(
                            now,
                            KernelEvent::CallFailed {
                                call: call.name(),
                                error: e.to_string(),
                            },
                        );
                    }
                }
                ToKernel::Packet { bytes, .. } => {
                    let (src, _, seg) = wire::parse_ipv4_tcp(&bytes).expect("the bridge's bytes");
                    ep.handle_segment(now, std::net::SocketAddrV4::new(src, seg.src_port), &seg);
                }
            }
            flush(&mut bridge, &mut ep, now);
        }
        if ep.poll_timeout().is_some_and(|t| t <= now) {
            ep.handle_timeout(now);
            flush(&mut bridge, &mut ep, now);
            continue;
        }
        let next = [bridge.next_time(), ep.poll_timeout()]
            .into_iter()
            .flatten()
            .min();
        match next {
            Some(t) if t <= until => now = t.max(now),
            _ => break,
        }
    }
    bridge.advance(until.min(now));
    bridge.finish(Vec::new(), handshake_core::Duration::ZERO)
}

/// After an input: the application's events (and a scripted close), the segments, the state.
fn flush(bridge: &mut Bridge, ep: &mut Endpoint, now: Instant) {
    while ep.poll_note().is_some() {}
    while let Some(ev) = ep.poll_event() {
        let ev = match ev {
            Event::Data(d) => KernelEvent::Data(d),
            Event::App(AppEvent::Connected) => KernelEvent::Connected,
            Event::App(AppEvent::EndOfStream) => KernelEvent::EndOfStream,
            Event::App(AppEvent::Reset) => KernelEvent::Reset,
            Event::App(AppEvent::TimedOut) => KernelEvent::TimedOut,
            Event::App(AppEvent::Closed | AppEvent::Discarded(_)) => continue,
        };
        bridge.kernel_event(now, ev);
    }
    if bridge.kernel_close_on_eof_due() {
        bridge.kernel_scripted_close(now);
        let _ = ep.close(now);
    }
    let src = *bridge.addr(bridge.kernel_side()).ip();
    let dst = *bridge.addr(bridge.kernel_side().peer()).ip();
    let mut n = 0u16;
    while let Some(t) = ep.poll_transmit(now) {
        n = n.wrapping_add(1);
        bridge.kernel_sent(now, &wire::emit_ipv4_tcp(&t.segment, src, dst, n));
    }
    bridge.kernel_state(now, ep.state());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::live::compare::{Options, compare};
    use handshake_core::presets::PRESETS;
    use handshake_core::sim::Simulator;

    /// The stand-in's run, compared with the simulator's of the same scenario to the same end.
    fn differences(scenario: &Scenario, model_side: Side) -> Vec<String> {
        let live = run(scenario, model_side, Instant::from_secs(400));
        let mut sim = Simulator::new(scenario).unwrap();
        sim.run_until(live.end);
        compare(&live, &sim.trace().events, Options::default()).signature()
    }

    #[test]
    fn every_preset_through_the_bridge_agrees_with_the_simulator_in_both_roles() {
        for p in PRESETS {
            let scenario = p.scenario().unwrap();
            for side in Side::BOTH {
                let d = differences(&scenario, side);
                assert!(d.is_empty(), "{} with the model as {side}: {d:#?}", p.slug);
            }
        }
    }
}
