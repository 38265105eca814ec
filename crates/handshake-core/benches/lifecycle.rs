//! One whole TCP connection lifecycle — handshake, 10 KB each way, close, the active closer's
//! TIME-WAIT — in our core and in smoltcp 0.14, in the same run (issue 5, item 4).
//!
//! * `ours_simulator`: through the [`Simulator`] (what the app and the CLI run): two endpoints,
//!   the link, the event queue, the trace with every event and a checksum per segment.
//! * `ours_endpoints`: two [`Endpoint`]s on a bare FIFO link, no trace: the protocol engine alone.
//!   Everything in flight is handed over before the endpoints are polled, as smoltcp's interface
//!   does, so one ACK may cover several segments.
//! * `smoltcp_loopback`: two smoltcp TCP sockets on one `Interface` over its `phy::Loopback`
//!   device, as smoltcp's `examples/loopback.rs`.
//!
//! The lifecycle is the same in all three: the client connects and queues 10 KB; the server sends
//! 10 KB once connected; the client closes after receiving all of it; the server closes when it
//! reads the end of stream; the run ends when both sockets are CLOSED (the client after its
//! TIME-WAIT). Same byte counts, the same MSS (1460: the loopback is wrapped to report a 1500-byte
//! MTU) and window (16 KB receive buffers), immediate ACKs and no Nagle on the smoltcp side, zero
//! link latency everywhere (the loopback has none), and a virtual clock that jumps to the next
//! deadline (smoltcp's `Instant` is only ever set from that clock; nothing reads wall time).
//! Each iteration includes creating the endpoints / interface and sockets.
//!
//! Differences that remain: the simulator keeps a trace and per-segment snapshots (that is what
//! it is for; `ours_endpoints` shows the cost without it); smoltcp builds real IPv4 packets into
//! byte buffers but skips checksums on its loopback (`ChecksumCapabilities::ignored`), while our
//! simulator computes each segment's TCP checksum for the trace and our endpoints exchange
//! `Segment` values without bytes.
//!
//! After criterion's figures, an interleaved timing (A, B, C, A, B, C, …) prints the ratios of the
//! medians, so the three are compared under the same machine load.

use std::collections::VecDeque;
use std::hint::black_box;
use std::net::{Ipv4Addr, SocketAddrV4};
use std::time::{Duration as WallDuration, Instant as WallClock};

use criterion::{Criterion, criterion_group};
use handshake_core::scenario::Scenario;
use handshake_core::sim::{Action, SendData, Side, Simulator, UserCall};
use handshake_core::{AppEvent, Config, Duration, Endpoint, Event, Instant, State};

/// Bytes each side sends.
const LEN: usize = 10 * 1024;
const MSS: u16 = 1460;
const WINDOW: usize = 16 * 1024;

fn ours_config() -> Config {
    Config {
        mss: MSS,
        window: WINDOW as u16,
        ..Config::default()
    }
}

/// What a lifecycle did, to show that the three did the same work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Done {
    segments: usize,
    client_received: usize,
    server_received: usize,
}

// ----- ours, through the simulator -----------------------------------------------------------

fn ours_simulator() -> Done {
    let mut s = Scenario {
        client: ours_config(),
        server: ours_config(),
        ..Scenario::default()
    };
    s.net.latency = [Duration::ZERO; 2];
    s = s
        .call(0, Side::Server, UserCall::Listen)
        .call(0, Side::Client, UserCall::Connect)
        .call(
            0,
            Side::Client,
            UserCall::Send(SendData::Pattern(LEN as u32)),
        );
    let mut sim = Simulator::new(&s).expect("valid");
    let (mut server_sent, mut client_closed, mut server_closed) = (false, false, false);
    loop {
        // The applications react until they have nothing more to do at this instant.
        loop {
            let mut react = Vec::new();
            let (c, sv) = (sim.app(Side::Client), sim.app(Side::Server));
            if sv.connected && !server_sent {
                server_sent = true;
                react.push((Side::Server, UserCall::Send(SendData::Pattern(LEN as u32))));
            }
            if c.received.len() == LEN && !client_closed {
                client_closed = true;
                react.push((Side::Client, UserCall::Close));
            }
            if sv.end_of_stream && !server_closed {
                server_closed = true;
                react.push((Side::Server, UserCall::Close));
            }
            if react.is_empty() {
                break;
            }
            for (side, call) in react {
                let _ = sim.apply(Action::Call { side, call });
            }
        }
        if !sim.step() {
            break;
        }
    }
    assert!(sim.app(Side::Client).clean_close() && sim.app(Side::Server).clean_close());
    Done {
        segments: sim.transmissions().len(),
        client_received: sim.app(Side::Client).received.len(),
        server_received: sim.app(Side::Server).received.len(),
    }
}

// ----- ours, two endpoints on a FIFO link, no trace ------------------------------------------

struct App {
    received: usize,
    connected: bool,
    eof: bool,
    closed: bool,
}

fn ours_endpoints() -> Done {
    let addr = [
        SocketAddrV4::new(Ipv4Addr::new(10, 0, 0, 1), 40000),
        SocketAddrV4::new(Ipv4Addr::new(10, 0, 0, 2), 5555),
    ];
    let mut ep = [
        Endpoint::new(ours_config(), addr[0], 1),
        Endpoint::new(ours_config(), addr[1], 2),
    ];
    let mut app: [App; 2] = std::array::from_fn(|_| App {
        received: 0,
        connected: false,
        eof: false,
        closed: false,
    });
    let data = vec![b'x'; LEN];
    let mut now = Instant::ZERO;
    let mut link: VecDeque<(usize, handshake_core::Segment)> = VecDeque::new();
    let mut segments = 0;
    ep[1].listen(now).expect("listen");
    ep[0].connect(now, addr[1]).expect("connect");
    ep[0].send(now, &data).expect("send");
    let (mut server_sent, mut client_closed, mut server_closed) = (false, false, false);
    loop {
        // Drain both endpoints' outputs onto the link and to the applications.
        for i in 0..2 {
            while let Some(t) = ep[i].poll_transmit(now) {
                segments += 1;
                link.push_back((1 - i, t.segment));
            }
            while let Some(ev) = ep[i].poll_event() {
                match ev {
                    Event::Data(d) => app[i].received += d.len(),
                    Event::App(AppEvent::Connected) => app[i].connected = true,
                    Event::App(AppEvent::EndOfStream) => app[i].eof = true,
                    Event::App(AppEvent::Closed) => app[i].closed = true,
                    _ => {}
                }
            }
            while ep[i].poll_note().is_some() {}
        }
        // The applications react.
        if app[1].connected && !server_sent {
            server_sent = true;
            ep[1].send(now, &data).expect("server send");
            continue;
        }
        if app[0].received == LEN && !client_closed {
            client_closed = true;
            ep[0].close(now).expect("client close");
            continue;
        }
        if app[1].eof && !server_closed {
            server_closed = true;
            ep[1].close(now).expect("server close");
            continue;
        }
        // Everything in flight arrives (zero latency, first sent first) before either endpoint
        // is polled again, as smoltcp's `Interface::poll` takes every queued packet in before it
        // sends: an endpoint then acknowledges several segments with one ACK.
        if !link.is_empty() {
            for (to, seg) in link.drain(..) {
                ep[to].handle_segment(now, addr[1 - to], &seg);
            }
            continue;
        }
        // Nothing in flight: the clock jumps to the next deadline.
        match ep.iter().filter_map(Endpoint::poll_timeout).min() {
            Some(t) => {
                now = now.max(t);
                for e in &mut ep {
                    e.handle_timeout(now);
                }
            }
            None => break,
        }
    }
    assert!(app[0].closed && app[1].closed);
    assert!(ep.iter().all(|e| e.state() == State::Closed));
    Done {
        segments,
        client_received: app[0].received,
        server_received: app[1].received,
    }
}

// ----- smoltcp, two sockets over its loopback device -----------------------------------------

mod smol {
    use smoltcp::iface::{Config, Interface, SocketSet};
    use smoltcp::phy::{Device, DeviceCapabilities, Loopback, Medium};
    use smoltcp::socket::tcp;
    use smoltcp::time::Instant;
    use smoltcp::wire::{HardwareAddress, IpAddress, IpCidr};

    use super::{Done, LEN, WINDOW};

    /// `phy::Loopback` reporting a 1500-byte MTU (so smoltcp's MSS is 1460, as ours), counting
    /// the packets it carries.
    pub struct Lo {
        inner: Loopback,
        pub packets: usize,
    }

    impl Device for Lo {
        type RxToken<'a> = <Loopback as Device>::RxToken<'a>;
        type TxToken<'a> = <Loopback as Device>::TxToken<'a>;
        fn receive(&mut self, t: Instant) -> Option<(Self::RxToken<'_>, Self::TxToken<'_>)> {
            self.inner.receive(t)
        }
        fn transmit(&mut self, t: Instant) -> Option<Self::TxToken<'_>> {
            self.packets += 1;
            self.inner.transmit(t)
        }
        fn capabilities(&self) -> DeviceCapabilities {
            let mut caps = self.inner.capabilities();
            caps.max_transmission_unit = 1500;
            caps
        }
    }

    fn socket() -> tcp::Socket<'static> {
        let mut s = tcp::Socket::new(
            tcp::SocketBuffer::new(vec![0; WINDOW]),
            tcp::SocketBuffer::new(vec![0; WINDOW]),
        );
        // As our endpoints: ACK at once, no Nagle.
        s.set_ack_delay(None);
        s.set_nagle_enabled(false);
        s
    }

    pub fn lifecycle() -> Done {
        let mut now = Instant::from_micros(0);
        let mut dev = Lo {
            inner: Loopback::new(Medium::Ip),
            packets: 0,
        };
        let mut iface = Interface::new(Config::new(HardwareAddress::Ip), &mut dev, now);
        iface.update_ip_addrs(|a| {
            a.push(IpCidr::new(IpAddress::v4(127, 0, 0, 1), 8))
                .expect("one address");
        });
        let mut sockets = SocketSet::new(Vec::new());
        let server = sockets.add(socket());
        let client = sockets.add(socket());
        sockets
            .get_mut::<tcp::Socket<'_>>(server)
            .listen(1234)
            .expect("listen");
        sockets
            .get_mut::<tcp::Socket<'_>>(client)
            .connect(iface.context(), (IpAddress::v4(127, 0, 0, 1), 1234), 65000)
            .expect("connect");
        let data = vec![b'x'; LEN];
        let (mut client_sent, mut server_sent) = (0, 0);
        let (mut client_received, mut server_received) = (0, 0);
        let (mut client_closed, mut server_closed) = (false, false);
        let mut buf = vec![0u8; WINDOW];
        loop {
            iface.poll(now, &mut dev, &mut sockets);
            let mut acted = false;
            {
                let s = sockets.get_mut::<tcp::Socket<'_>>(client);
                if s.can_send() && client_sent < LEN {
                    client_sent += s.send_slice(&data[client_sent..]).expect("send");
                    acted = true;
                }
                while s.can_recv() {
                    client_received += s.recv_slice(&mut buf).expect("recv");
                    acted = true;
                }
                if client_received == LEN && !client_closed {
                    s.close();
                    client_closed = true;
                    acted = true;
                }
            }
            {
                let s = sockets.get_mut::<tcp::Socket<'_>>(server);
                if s.can_send() && server_sent < LEN {
                    server_sent += s.send_slice(&data[server_sent..]).expect("send");
                    acted = true;
                }
                while s.can_recv() {
                    server_received += s.recv_slice(&mut buf).expect("recv");
                    acted = true;
                }
                if !s.may_recv() && s.state() == tcp::State::CloseWait && !server_closed {
                    s.close();
                    server_closed = true;
                    acted = true;
                }
            }
            let closed = |h| sockets.get::<tcp::Socket<'_>>(h).state() == tcp::State::Closed;
            if client_closed && server_closed && closed(client) && closed(server) {
                break;
            }
            if acted {
                continue;
            }
            match iface.poll_at(now, &sockets) {
                Some(t) if t > now => now = t,
                Some(_) => {}
                None => panic!("smoltcp lifecycle stalled at {now}"),
            }
        }
        Done {
            segments: dev.packets,
            client_received,
            server_received,
        }
    }
}

fn lifecycles(c: &mut Criterion) {
    let mut g = c.benchmark_group("lifecycle");
    g.bench_function("ours_simulator", |b| b.iter(|| black_box(ours_simulator())));
    g.bench_function("ours_endpoints", |b| b.iter(|| black_box(ours_endpoints())));
    g.bench_function("smoltcp_loopback", |b| {
        b.iter(|| black_box(smol::lifecycle()))
    });
    g.finish();
}

criterion_group!(benches, lifecycles);

/// Median time of `f` over `samples` runs of `batch` calls each.
fn median(times: &mut [f64]) -> f64 {
    times.sort_by(|a, b| a.total_cmp(b));
    times[times.len() / 2]
}

/// The three lifecycles timed in turn (A, B, C, A, B, C, …) for about `budget`, so that all
/// three see the same machine load; prints each median and the ratios.
fn interleaved(budget: WallDuration) {
    type Run = fn() -> Done;
    let runs: [(&str, Run); 3] = [
        ("ours_simulator", ours_simulator),
        ("ours_endpoints", ours_endpoints),
        ("smoltcp_loopback", smol::lifecycle),
    ];
    let batch = 20;
    let load_before = load();
    let mut times: [Vec<f64>; 3] = Default::default();
    let start = WallClock::now();
    while start.elapsed() < budget {
        for (i, (_, f)) in runs.iter().enumerate() {
            let t = WallClock::now();
            for _ in 0..batch {
                black_box(f());
            }
            times[i].push(t.elapsed().as_secs_f64() * 1e9 / batch as f64);
        }
    }
    let meds: Vec<f64> = times.iter_mut().map(|t| median(t)).collect();
    println!(
        "\ninterleaved medians ({} batches of {batch} each):",
        times[0].len()
    );
    for ((name, f), m) in runs.iter().zip(&meds) {
        let d = f();
        println!(
            "  {name:<17} {:>9.1} µs per lifecycle  ({} segments, {} + {} bytes delivered)",
            m / 1000.0,
            d.segments,
            d.client_received,
            d.server_received
        );
    }
    println!(
        "  ratio ours_simulator / smoltcp_loopback = {:.2}  (issue 15: ≤ 3.0)",
        meds[0] / meds[2]
    );
    println!(
        "  ratio ours_endpoints / smoltcp_loopback = {:.2}  (issue 15: ≤ 1.0)",
        meds[1] / meds[2]
    );
    println!("  load average before / after: {load_before} / {}", load());
}

/// The 1, 5 and 15 minute load averages (Linux), to say how busy the shared machine was.
fn load() -> String {
    std::fs::read_to_string("/proc/loadavg").map_or("unknown".into(), |s| {
        s.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
    })
}

fn main() {
    // The same lifecycle in all three, checked before anything is timed.
    for d in [ours_simulator(), ours_endpoints(), smol::lifecycle()] {
        assert_eq!((d.client_received, d.server_received), (LEN, LEN));
    }
    // `LIFECYCLE_ONLY=ours_simulator` (or another of the three): run that one 2,000 times and
    // stop, no timing — to profile it alone (`perf record`, or `valgrind --tool=cachegrind`,
    // whose instruction counts the machine's load does not change).
    if let Ok(only) = std::env::var("LIFECYCLE_ONLY") {
        let f: fn() -> Done = match only.as_str() {
            "ours_simulator" => ours_simulator,
            "ours_endpoints" => ours_endpoints,
            "smoltcp_loopback" => smol::lifecycle,
            other => panic!("LIFECYCLE_ONLY: no lifecycle named {other:?}"),
        };
        for _ in 0..2000 {
            black_box(f());
        }
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
    interleaved(WallDuration::from_secs(5));
}
