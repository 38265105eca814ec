//! The kernel's side as one endpoint: its state, read from the sockets sock_diag lists.
//!
//! The model's endpoint is one TCB that goes CLOSED → LISTEN → SYN-RECEIVED → … . The kernel
//! keeps a listening socket, a request socket while the handshake is half done (SYN-RECV), then a
//! full socket that accept() returns, and a TIME-WAIT mini-socket after close. Seen as one
//! endpoint, the kernel's side is in the state of the socket on the connection's 4-tuple if there
//! is one, else LISTEN if a socket listens on its port, else CLOSED. (The live run closes the
//! listener as soon as accept() returns the connection, as the model's listening TCB *becomes*
//! the connection.)

use std::net::SocketAddrV4;

use handshake_core::State;

/// A socket's pending timer, as sock_diag reports it (`idiag_timer`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KernelTimer {
    None,
    /// Retransmission (also the SYN,ACK timer of a request socket, and the loss probe).
    Retransmit,
    /// Zero-window probe.
    Probe,
    KeepAlive,
    /// TIME-WAIT (also an orphaned FIN-WAIT-2 kept as a TIME-WAIT mini-socket).
    TimeWait,
}

/// One TCP socket of the namespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KernelSocket {
    pub local: SocketAddrV4,
    /// 0.0.0.0:0 for a listener.
    pub remote: SocketAddrV4,
    /// The kernel's `TCP_*` state number (`include/net/tcp_states.h`).
    pub state: u8,
    pub timer: KernelTimer,
}

/// `include/net/tcp_states.h` to the RFC's states. TCP_NEW_SYN_RECV (a request socket) is
/// SYN-RECEIVED; TCP_CLOSE (a socket that exists but has no connection) is CLOSED.
pub fn rfc_state(linux: u8) -> Option<State> {
    Some(match linux {
        1 => State::Established,
        2 => State::SynSent,
        3 | 12 => State::SynReceived,
        4 => State::FinWait1,
        5 => State::FinWait2,
        6 => State::TimeWait,
        7 => State::Closed,
        8 => State::CloseWait,
        9 => State::LastAck,
        10 => State::Listen,
        11 => State::Closing,
        _ => return None,
    })
}

/// The kernel's side seen as one endpoint (see the module documentation).
pub fn kernel_view(sockets: &[KernelSocket], kernel: SocketAddrV4, model: SocketAddrV4) -> State {
    if let Some(s) = sockets
        .iter()
        .find(|s| s.local == kernel && s.remote == model)
        .and_then(|s| rfc_state(s.state))
    {
        return s;
    }
    let listening = sockets
        .iter()
        .any(|s| s.local.port() == kernel.port() && rfc_state(s.state) == Some(State::Listen));
    if listening {
        State::Listen
    } else {
        State::Closed
    }
}

/// Whether the kernel still has something to send by itself: a socket of the namespace waits
/// for a retransmission or a probe. TIME-WAIT and keep-alive timers do not count (they only end
/// a connection or poll an idle one).
pub fn kernel_busy(sockets: &[KernelSocket]) -> bool {
    sockets
        .iter()
        .any(|s| matches!(s.timer, KernelTimer::Retransmit | KernelTimer::Probe))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    const KERNEL: SocketAddrV4 = SocketAddrV4::new(Ipv4Addr::new(10, 0, 0, 2), 5555);
    const MODEL: SocketAddrV4 = SocketAddrV4::new(Ipv4Addr::new(10, 0, 0, 1), 40000);
    const ANY: SocketAddrV4 = SocketAddrV4::new(Ipv4Addr::UNSPECIFIED, 0);

    fn sock(local: SocketAddrV4, remote: SocketAddrV4, state: u8) -> KernelSocket {
        KernelSocket {
            local,
            remote,
            state,
            timer: KernelTimer::None,
        }
    }

    #[test]
    fn the_connection_socket_wins_over_the_listener() {
        let listener = sock(KERNEL, ANY, 10);
        assert_eq!(kernel_view(&[], KERNEL, MODEL), State::Closed);
        assert_eq!(kernel_view(&[listener], KERNEL, MODEL), State::Listen);
        // A request socket while the handshake is half done.
        let request = sock(KERNEL, MODEL, 12);
        assert_eq!(
            kernel_view(&[listener, request], KERNEL, MODEL),
            State::SynReceived
        );
        let accepted = sock(KERNEL, MODEL, 1);
        assert_eq!(
            kernel_view(&[listener, accepted], KERNEL, MODEL),
            State::Established
        );
        // After close, a TIME-WAIT mini-socket; then nothing.
        assert_eq!(
            kernel_view(&[sock(KERNEL, MODEL, 6)], KERNEL, MODEL),
            State::TimeWait
        );
    }

    #[test]
    fn sockets_of_other_connections_and_ports_are_not_the_kernels_side() {
        let other_peer = SocketAddrV4::new(Ipv4Addr::new(10, 0, 0, 1), 40001);
        let other_port = SocketAddrV4::new(Ipv4Addr::new(10, 0, 0, 2), 80);
        assert_eq!(
            kernel_view(
                &[sock(KERNEL, other_peer, 1), sock(other_port, ANY, 10)],
                KERNEL,
                MODEL
            ),
            State::Closed
        );
    }

    #[test]
    fn every_linux_state_has_its_rfc_name() {
        let names: Vec<&str> = (1..=12)
            .map(|n| rfc_state(n).map_or("?", State::name))
            .collect();
        assert_eq!(
            names,
            [
                "ESTABLISHED",
                "SYN-SENT",
                "SYN-RECEIVED",
                "FIN-WAIT-1",
                "FIN-WAIT-2",
                "TIME-WAIT",
                "CLOSED",
                "CLOSE-WAIT",
                "LAST-ACK",
                "LISTEN",
                "CLOSING",
                "SYN-RECEIVED"
            ]
        );
        assert_eq!(rfc_state(0), None);
        assert_eq!(rfc_state(13), None);
    }

    #[test]
    fn only_retransmission_and_probe_timers_keep_the_kernel_busy() {
        let mut s = sock(KERNEL, MODEL, 1);
        assert!(!kernel_busy(&[s]));
        for (timer, busy) in [
            (KernelTimer::Retransmit, true),
            (KernelTimer::Probe, true),
            (KernelTimer::KeepAlive, false),
            (KernelTimer::TimeWait, false),
        ] {
            s.timer = timer;
            assert_eq!(kernel_busy(&[s]), busy, "{timer:?}");
        }
    }
}
