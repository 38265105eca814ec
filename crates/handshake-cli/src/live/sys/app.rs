//! The kernel's side's application: real sockets making the scenario's calls for that side.
//!
//! * `listen` binds the side's address and listens; the first connection accept() returns is
//!   the connection, and the listener is closed at once (the model's listening TCB becomes the
//!   connection; a listener left open would answer later SYNs the model never sees).
//! * `connect` binds the side's address and port first, so the 4-tuple is the scenario's.
//! * `send` writes.
//! * `close` is RFC 9293's CLOSE (§3.6: "an operation meaning 'I have no more to send' but does
//!   not mean 'I will not receive any more'") — a half-close — so on a connection
//!   it is `shutdown(SHUT_WR)`: the kernel sends its FIN and the application goes on reading, as
//!   the model's does. (The socket call `close()` is a full close: Linux answers data arriving
//!   after it with an RST, as RFC 1122 §4.2.2.13 lets a host that only closes fully do; the
//!   half-close preset would then end in RSTs.) A listener, or a connect() still in progress,
//!   is closed outright. Descriptors are closed when the run ends.
//! * `abort` sets SO_LINGER to 0 and closes (the kernel then sends an RST, RFC 9293 §3.10.5).
//!
//! Every received byte is read as soon as it arrives — as the model's application does.
//!
//! socket2 gives bind-before-connect, non-blocking connect and SO_LINGER without unsafe code.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddrV4};

use handshake_core::vocab::UserCall;
use socket2::{Domain, Protocol, SockAddr, Socket, Type};

use crate::live::bridge::KernelEvent;

/// The application on the kernel's side.
pub struct KernelApp {
    local: SocketAddrV4,
    remote: SocketAddrV4,
    listener: Option<Socket>,
    conn: Option<Socket>,
    /// connect() was called and has not completed.
    connecting: bool,
    /// read() returned 0 (the peer's FIN) or an error: no more reads.
    read_done: bool,
    /// Bytes a `send` could not write yet (the socket buffer was full).
    unsent: Vec<u8>,
}

impl KernelApp {
    pub fn new(local: SocketAddrV4, remote: SocketAddrV4) -> KernelApp {
        KernelApp {
            local,
            remote,
            listener: None,
            conn: None,
            connecting: false,
            read_done: false,
            unsent: Vec::new(),
        }
    }

    /// Bytes not yet handed to the kernel.
    pub fn has_unsent(&self) -> bool {
        !self.unsent.is_empty()
    }

    /// Makes one of the scenario's calls. Errors are the OS's, as text.
    pub fn call(&mut self, call: &UserCall) -> Result<(), String> {
        match call {
            UserCall::Listen => {
                let s = self.socket().map_err(|e| e.to_string())?;
                s.listen(16).map_err(|e| e.to_string())?;
                self.listener = Some(s);
                Ok(())
            }
            UserCall::Connect => {
                let s = self.socket().map_err(|e| e.to_string())?;
                match s.connect(&SockAddr::from(self.remote)) {
                    Ok(()) => {}
                    Err(e) if e.raw_os_error() == Some(nix::libc::EINPROGRESS) => {}
                    Err(e) => return Err(e.to_string()),
                }
                self.conn = Some(s);
                self.connecting = true;
                self.read_done = false;
                Ok(())
            }
            UserCall::Send(data) => {
                if self.conn.is_none() {
                    return Err("no connection to send on (accept() has returned none)".into());
                }
                self.unsent.extend_from_slice(&data.bytes());
                self.flush().map_err(|e| e.to_string())
            }
            UserCall::Close => {
                self.unsent.clear();
                match &self.conn {
                    Some(conn) if !self.connecting => {
                        conn.shutdown(Shutdown::Write).map_err(|e| e.to_string())
                    }
                    Some(_) => {
                        self.conn = None;
                        self.connecting = false;
                        Ok(())
                    }
                    None => {
                        self.listener = None;
                        Ok(())
                    }
                }
            }
            UserCall::Abort => {
                match self.conn.take() {
                    Some(s) => s
                        .set_linger(Some(std::time::Duration::ZERO))
                        .map_err(|e| e.to_string())?,
                    None => self.listener = None,
                }
                self.unsent.clear();
                Ok(())
            }
        }
    }

    /// A socket bound to the side's address, non-blocking.
    fn socket(&self) -> io::Result<Socket> {
        let s = Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::TCP))?;
        s.set_reuse_address(true)?;
        s.set_nonblocking(true)?;
        s.bind(&SockAddr::from(self.local))?;
        Ok(s)
    }

    fn flush(&mut self) -> io::Result<()> {
        let Some(conn) = &self.conn else {
            return Ok(());
        };
        while !self.unsent.is_empty() {
            match (&*conn).write(&self.unsent) {
                Ok(n) => {
                    self.unsent.drain(..n);
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// What the application sees now: an accepted or completed connection, bytes, end of
    /// stream, a reset or a time-out.
    pub fn poll(&mut self) -> Vec<KernelEvent> {
        let mut events = Vec::new();
        if let Some(listener) = &self.listener {
            if let Ok((conn, _)) = listener.accept() {
                let _ = conn.set_nonblocking(true);
                self.conn = Some(conn);
                self.listener = None;
                self.read_done = false;
                events.push(KernelEvent::Connected);
            }
        }
        if self.connecting {
            if let Some(conn) = &self.conn {
                match conn.take_error() {
                    Ok(Some(e)) => {
                        self.connecting = false;
                        self.conn = None;
                        events.push(error_event(&e, "connect"));
                    }
                    _ if conn.peer_addr().is_ok() => {
                        self.connecting = false;
                        events.push(KernelEvent::Connected);
                    }
                    _ => {}
                }
            }
        }
        if self.connecting || self.read_done {
            return events;
        }
        if let Some(conn) = &self.conn {
            let mut buf = [0u8; 4096];
            loop {
                match (&*conn).read(&mut buf) {
                    Ok(0) => {
                        self.read_done = true;
                        events.push(KernelEvent::EndOfStream);
                        break;
                    }
                    Ok(n) => events.push(KernelEvent::Data(buf[..n].to_vec())),
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                    Err(e) => {
                        self.read_done = true;
                        events.push(error_event(&e, "read"));
                        break;
                    }
                }
            }
        }
        if let Err(e) = self.flush() {
            self.unsent.clear();
            events.push(error_event(&e, "send"));
        }
        events
    }
}

fn error_event(e: &io::Error, call: &'static str) -> KernelEvent {
    match e.raw_os_error() {
        Some(nix::libc::ECONNREFUSED | nix::libc::ECONNRESET | nix::libc::EPIPE) => {
            KernelEvent::Reset
        }
        Some(nix::libc::ETIMEDOUT) => KernelEvent::TimedOut,
        _ => KernelEvent::CallFailed {
            call,
            error: e.to_string(),
        },
    }
}
