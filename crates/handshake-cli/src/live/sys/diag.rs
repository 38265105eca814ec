//! The kernel's TCP sockets as sock_diag lists them (netlink, `NETLINK_SOCK_DIAG`): what `ss -tan`
//! shows, without starting a process for every sample.
//!
//! `netlink-packet-sock-diag` builds the request and parses the answers; `netlink-sys` is the
//! socket. Both are the rust-netlink project's crates. One dump of a namespace holding a
//! listener and a connection takes a few tens of microseconds, so the live loop can sample after
//! every packet it writes.

use std::io;
use std::net::{IpAddr, SocketAddrV4};

use netlink_packet_core::{
    NLM_F_DUMP, NLM_F_REQUEST, NetlinkHeader, NetlinkMessage, NetlinkPayload,
};
use netlink_packet_sock_diag::SockDiagMessage;
use netlink_packet_sock_diag::constants::{AF_INET, IPPROTO_TCP};
use netlink_packet_sock_diag::inet::{ExtensionFlags, InetRequest, SocketId, StateFlags, Timer};
use netlink_sys::protocols::NETLINK_SOCK_DIAG;
use netlink_sys::{Socket, SocketAddr};

use crate::live::observe::{KernelSocket, KernelTimer};

/// A sock_diag socket of the current thread's network namespace.
pub struct Diag {
    socket: Socket,
    seq: u32,
}

impl Diag {
    pub fn open() -> io::Result<Diag> {
        let mut socket = Socket::new(NETLINK_SOCK_DIAG)?;
        socket.bind_auto()?;
        socket.connect(&SocketAddr::new(0, 0))?;
        Ok(Diag { socket, seq: 0 })
    }

    /// Every IPv4 TCP socket of the namespace, in every state (request and TIME-WAIT sockets
    /// included).
    pub fn sockets(&mut self) -> io::Result<Vec<KernelSocket>> {
        self.seq = self.seq.wrapping_add(1);
        let mut header = NetlinkHeader::default();
        header.flags = NLM_F_REQUEST | NLM_F_DUMP;
        header.sequence_number = self.seq;
        let mut request = NetlinkMessage::new(
            header,
            SockDiagMessage::InetRequest(InetRequest {
                family: AF_INET,
                protocol: IPPROTO_TCP,
                extensions: ExtensionFlags::empty(),
                states: StateFlags::all(),
                socket_id: SocketId::new_v4(),
            })
            .into(),
        );
        request.finalize();
        let mut buf = vec![0; request.buffer_len()];
        request.serialize(&mut buf);
        self.socket.send(&buf, 0)?;

        let mut out = Vec::new();
        loop {
            let (datagram, _) = self.socket.recv_from_full()?;
            let mut at = 0;
            while at < datagram.len() {
                let message = <NetlinkMessage<SockDiagMessage>>::deserialize(&datagram[at..])
                    .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))?;
                let len = message.header.length as usize;
                match message.payload {
                    NetlinkPayload::InnerMessage(SockDiagMessage::InetResponse(r)) => {
                        let h = &r.header;
                        if let (IpAddr::V4(l), IpAddr::V4(r)) =
                            (h.socket_id.source_address, h.socket_id.destination_address)
                        {
                            out.push(KernelSocket {
                                local: SocketAddrV4::new(l, h.socket_id.source_port),
                                remote: SocketAddrV4::new(r, h.socket_id.destination_port),
                                state: h.state,
                                timer: match h.timer {
                                    None => KernelTimer::None,
                                    Some(Timer::Retransmit(..)) => KernelTimer::Retransmit,
                                    Some(Timer::Probe(_)) => KernelTimer::Probe,
                                    Some(Timer::KeepAlive(_)) => KernelTimer::KeepAlive,
                                    Some(Timer::TimeWait) => KernelTimer::TimeWait,
                                },
                            });
                        }
                    }
                    NetlinkPayload::Done(_) => return Ok(out),
                    NetlinkPayload::Error(e) => {
                        return Err(io::Error::other(format!("sock_diag: {e:?}")));
                    }
                    _ => {}
                }
                if len == 0 {
                    break;
                }
                at += len;
            }
        }
    }
}
