//! One side's host: a passive OPEN's listener, the connections it has had (numbered from 1),
//! the ISN generator they share, and whether the host is up.
//!
//! RFC 9293 describes one TCB per connection and lets a passive OPEN's TCB become the
//! connection (§3.10.7.2: "the connection state should be changed to SYN-RECEIVED"). Real stacks
//! keep the listening socket and give each connection its own TCB; so does the model: a SYN for a
//! 4-tuple that no connection has reaches the listener, which answers it in a new connection
//! (a copy of itself, so the connection's first state change reads LISTEN → SYN-RECEIVED), and a
//! connection that returns to LISTEN (an RST or an in-window SYN in SYN-RECEIVED, §3.10.7.4)
//! dissolves back into the listener.
//!
//! Whether the listener takes more connections is the application's choice
//! (`AppScript::keep_listening`). By default it is RFC 9293's passive OPEN: one connection. The
//! listener is then busy while the connection it answered lives (segments of other 4-tuples find
//! no socket) and leaves with it when it ends, exactly as the one TCB of the RFC (and of this
//! model before listeners existed) did. A server that keeps listening takes a new SYN whenever
//! no connection of its 4-tuple lives.

use alloc::vec::Vec;
use core::net::SocketAddrV4;

use crate::config::{Config, Counterfactual};
use crate::endpoint::{Endpoint, IsnSource};
use crate::segment::Segment;
use crate::state::State;
use crate::vocab::Conn;

/// Where a connection is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConnStatus {
    /// It has a TCB (any state but CLOSED).
    Live,
    /// It ended in CLOSED (closed, reset, timed out, or its host crashed).
    Ended,
    /// It went back to LISTEN: the listener it came from carries on. (Only while a newer
    /// connection exists; the newest gives its number back instead and is gone.)
    Dissolved,
}

/// One of a host's sockets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sock {
    Listener,
    /// Index into the connections (its number minus one).
    Conn(usize),
    /// The host's reply where no socket takes a segment (CLOSED).
    Stray,
}

#[derive(Debug)]
pub(crate) struct Host {
    pub up: bool,
    /// The configuration new sockets get (the scenario's, with the switches turned since).
    pub config: Config,
    pub local: SocketAddrV4,
    /// The ISN generator every socket of this host draws from (RFC 9293 §3.4.1: one generator
    /// per host; it survives a crash as the RFC's clock would).
    pub isn: IsnSource,
    pub listener: Option<Endpoint>,
    /// The application keeps listening after a connection (else: one connection per LISTEN).
    pub keep_listening: bool,
    /// Every connection in creation order (number = index + 1), with its status and whether the
    /// listener answered it.
    pub conns: Vec<(Endpoint, ConnStatus)>,
    pub passive: Vec<bool>,
    /// A CLOSED endpoint that answers what no socket takes.
    pub stray: Endpoint,
}

impl Clone for Host {
    fn clone(&self) -> Host {
        Host {
            up: self.up,
            config: self.config.clone(),
            local: self.local,
            isn: self.isn.clone(),
            listener: self.listener.clone(),
            keep_listening: self.keep_listening,
            conns: self.conns.clone(),
            passive: self.passive.clone(),
            stray: self.stray.clone(),
        }
    }
    /// Into `self`'s endpoints and lists (a recycled run of the loss sweep, issue 15).
    fn clone_from(&mut self, src: &Host) {
        let Host {
            up,
            config,
            local,
            isn,
            listener,
            keep_listening,
            conns,
            passive,
            stray,
        } = src;
        self.up.clone_from(up);
        self.config.clone_from(config);
        self.local.clone_from(local);
        self.isn.clone_from(isn);
        self.listener.clone_from(listener);
        self.keep_listening.clone_from(keep_listening);
        self.passive.clone_from(passive);
        self.stray.clone_from(stray);
        // Each connection into the endpoint at its place (a tuple's `clone_from` would clone).
        self.conns.truncate(conns.len());
        let have = self.conns.len();
        for (mine, theirs) in self.conns.iter_mut().zip(conns) {
            mine.0.clone_from(&theirs.0);
            mine.1 = theirs.1;
        }
        self.conns.extend(conns[have..].iter().cloned());
    }
}

impl Host {
    pub fn new(config: Config, local: SocketAddrV4, isn_seed: u64, keep_listening: bool) -> Host {
        let mut stray = Endpoint::new(config.clone(), local, isn_seed);
        stray.set_app_events(false);
        Host {
            up: true,
            stray,
            config,
            local,
            isn: IsnSource::new(isn_seed),
            listener: None,
            keep_listening,
            conns: Vec::new(),
            passive: Vec::new(),
        }
    }

    /// The listener can take a segment: it exists, and it keeps listening or the one
    /// connection it answered is not alive.
    pub fn listener_free(&self) -> bool {
        self.listener.is_some()
            && (self.keep_listening
                || !self
                    .conns
                    .iter()
                    .zip(&self.passive)
                    .any(|((_, s), p)| *p && *s == ConnStatus::Live))
    }

    pub fn ep(&self, sock: Sock) -> &Endpoint {
        match sock {
            Sock::Listener => self.listener.as_ref().unwrap_or(&self.stray),
            Sock::Conn(i) => self.conns.get(i).map_or(&self.stray, |(e, _)| e),
            Sock::Stray => &self.stray,
        }
    }

    pub fn ep_mut(&mut self, sock: Sock) -> &mut Endpoint {
        match sock {
            Sock::Listener => self.listener.as_mut().unwrap_or(&mut self.stray),
            Sock::Conn(i) => match self.conns.get_mut(i) {
                Some((e, _)) => e,
                None => &mut self.stray,
            },
            Sock::Stray => &mut self.stray,
        }
    }

    /// The side's current socket for the simple per-side view: its newest live connection, else
    /// its listener, else its newest connection (ended), else the CLOSED host.
    pub fn primary(&self) -> Sock {
        if let Some(i) = self.newest_live() {
            return Sock::Conn(i);
        }
        if self.listener.is_some() {
            return Sock::Listener;
        }
        match self.conns.len() {
            0 => Sock::Stray,
            n => Sock::Conn(n - 1),
        }
    }

    fn newest_live(&self) -> Option<usize> {
        self.conns.iter().rposition(|(_, s)| *s == ConnStatus::Live)
    }

    /// Where a user call goes: the newest live connection, else the listener, else the
    /// primary (which refuses what needs a connection).
    pub fn call_target(&self) -> Sock {
        self.primary()
    }

    /// Which socket an arriving segment from `src` reaches (RFC 9293 §3.10.7: the connection of
    /// its 4-tuple, else a listener on its port, else none).
    pub fn demux(&self, src: SocketAddrV4, seg: &Segment) -> Sock {
        let port = self.local.port();
        if seg.dst_port == port {
            if let Some(i) = self.conns.iter().position(|(e, s)| {
                *s == ConnStatus::Live && e.local().port() == port && e.remote() == Some(src)
            }) {
                return Sock::Conn(i);
            }
            if self.listener_free() {
                return Sock::Listener;
            }
        }
        Sock::Stray
    }

    /// How the trace names the socket (`None`: the side's first connection, or its listener
    /// before that connection exists, or the host's replies while it has had at most one).
    pub fn label(&self, sock: Sock) -> Option<Conn> {
        match sock {
            Sock::Conn(0) => None,
            Sock::Conn(i) => Some(Conn::Number(i as u32 + 1)),
            Sock::Listener if self.conns.is_empty() => None,
            Sock::Listener => Some(Conn::Listener),
            Sock::Stray if self.conns.len() <= 1 => None,
            Sock::Stray => Some(Conn::NoSocket),
        }
    }

    /// Takes the shared ISN generator into `sock` before an input.
    pub fn lend_isn(&mut self, sock: Sock) {
        let rng = self.isn.clone();
        self.ep_mut(sock).set_isn_generator(rng);
    }

    /// Takes it back after the input.
    pub fn take_isn(&mut self, sock: Sock) {
        self.isn = self.ep(sock).isn_generator().clone();
    }

    /// A new connection (`passive`: answered by the listener); returns its socket.
    pub fn new_conn(&mut self, ep: Endpoint, passive: bool) -> Sock {
        self.conns.push((ep, ConnStatus::Live));
        self.passive.push(passive);
        Sock::Conn(self.conns.len() - 1)
    }

    /// A fresh CLOSED endpoint with the host's configuration.
    pub fn fresh(&self) -> Endpoint {
        let mut ep = Endpoint::new(self.config.clone(), self.local, 0);
        // The simulator reads application events from the notes (`Simulator::drain`).
        ep.set_app_events(false);
        ep
    }

    /// Hands a byte buffer to the newest connection to reuse (`Endpoint::give_buffer`).
    pub fn give_buffer(&mut self, buf: Vec<u8>) {
        if let Some((ep, _)) = self.conns.last_mut() {
            ep.give_buffer(buf);
        }
    }

    /// After an input: a connection that reached CLOSED has ended, one back in LISTEN has
    /// dissolved into the listener; a listener that closed is gone.
    pub fn refresh(&mut self, sock: Sock) {
        match sock {
            Sock::Conn(i) => {
                if let Some((ep, status)) = self.conns.get_mut(i) {
                    if *status == ConnStatus::Live {
                        match ep.state() {
                            State::Closed => {
                                *status = ConnStatus::Ended;
                                // One connection per passive OPEN: the listener leaves with it.
                                if self.passive[i] && !self.keep_listening {
                                    self.listener = None;
                                }
                            }
                            State::Listen => {
                                *status = ConnStatus::Dissolved;
                                if self.listener.is_none() {
                                    // Cannot happen (a passive connection's listener stays
                                    // while it lives), but the endpoint is a listener now.
                                    self.listener = Some(ep.clone());
                                }
                                // Back in LISTEN it never became a connection: the newest gives
                                // its number back, so the next one the listener answers is the
                                // same number, as RFC 9293's one TCB goes LISTEN → SYN-RECEIVED
                                // → LISTEN → SYN-RECEIVED (Figure 8).
                                if i + 1 == self.conns.len() {
                                    self.conns.pop();
                                    self.passive.pop();
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
            Sock::Listener => {
                if self
                    .listener
                    .as_ref()
                    .is_some_and(|l| l.state() != State::Listen)
                {
                    self.listener = None;
                }
            }
            Sock::Stray => {}
        }
    }

    /// Turns a switch on every socket and for sockets to come.
    pub fn set_counterfactual(&mut self, switch: Counterfactual, on: bool) {
        self.config.counterfactual = self.config.counterfactual.with(switch, on);
        if let Some(l) = &mut self.listener {
            l.set_counterfactual(switch, on);
        }
        for (e, _) in &mut self.conns {
            e.set_counterfactual(switch, on);
        }
        self.stray.set_counterfactual(switch, on);
    }
}
