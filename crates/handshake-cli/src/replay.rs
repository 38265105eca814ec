//! `handshake-cli replay FILE [--conn N] [--json] [--absolute] [--at-capture]`: a real capture's
//! TCP connection as a ladder, with both ends' states inferred by the core's passive observer.
//!
//! With several connections in the file and no `--conn`, it lists them (numbered from 1) and
//! stops. Reading is `handshake-capture`'s, inferring the core's (`observer`); this only formats.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use handshake_capture::{Capture, Connection, Limits, link, read_capture};
use handshake_core::ladder::{self, LadderOptions};
use handshake_core::observer::{ObserverOptions, Placement, observe};
use handshake_core::vocab::Side;

use crate::{Failure, lexopt_message, utf8};

/// Printed under the ladder.
const LEGEND: &str = "\n\
legend: `C1 … ▷` leaves the client, `◁ … S1` leaves the server, `──▶ C1` / `S1 ◀──` arrives;
        (rtx of C1) repeats C1's sequence numbers; ⚠ marks where the capture and RFC 9293's
        rules disagree; states are inferred, not read from the hosts.";

#[derive(Debug, Default, PartialEq)]
pub struct ReplayArgs {
    pub file: PathBuf,
    pub conn: Option<usize>,
    pub json: bool,
    pub absolute: bool,
    pub at_capture: bool,
}

/// The arguments after `replay`; `None` when they ask for help.
pub fn parse(p: &mut lexopt::Parser) -> Result<Option<ReplayArgs>, String> {
    use lexopt::Arg::{Long, Short, Value};
    let mut r = ReplayArgs::default();
    let mut file: Option<PathBuf> = None;
    while let Some(arg) = p.next().map_err(lexopt_message)? {
        match arg {
            Short('h') | Long("help") => return Ok(None),
            Long("json") => r.json = true,
            Long("absolute") => r.absolute = true,
            Long("at-capture") => r.at_capture = true,
            Long("conn") => {
                let v = utf8(p.value().map_err(lexopt_message)?, "`--conn`")?;
                let n = v.parse::<usize>().ok().filter(|&n| n >= 1).ok_or_else(|| {
                    format!("`--conn` needs a connection number from 1, found `{v}`")
                })?;
                r.conn = Some(n);
            }
            Long(o) => return Err(format!("unknown option `--{o}`")),
            Short(c) => return Err(format!("unknown option `-{c}`")),
            Value(f) => {
                if let Some(prev) = &file {
                    return Err(format!(
                        "one capture file only (found `{}` and `{}`)",
                        prev.display(),
                        Path::new(&f).display()
                    ));
                }
                file = Some(f.into());
            }
        }
    }
    r.file = file.ok_or("`replay` needs a capture FILE (pcap or pcapng)")?;
    Ok(Some(r))
}

fn link_name(l: u32) -> String {
    match l {
        link::ETHERNET => "Ethernet".into(),
        link::RAW | link::RAW_BSD_12 | link::RAW_BSD_14 => "raw IP".into(),
        link::IPV4 => "raw IPv4".into(),
        link::IPV6 => "raw IPv6".into(),
        link::LINUX_SLL => "Linux cooked (SLL)".into(),
        link::LINUX_SLL2 => "Linux cooked v2 (SLL2)".into(),
        link::NULL => "BSD loopback (NULL)".into(),
        link::LOOP => "OpenBSD loopback (LOOP)".into(),
        other => format!("link type {other}"),
    }
}

fn describe(path: &impl std::fmt::Display, cap: &Capture) -> String {
    let links: Vec<String> = cap.link_types.iter().map(|&l| link_name(l)).collect();
    let n = cap.connections.len();
    format!(
        "{path}: {}, {}; {} packets, {} TCP over IPv4 in {n} connection{}",
        cap.format,
        links.join(", "),
        cap.counts.packets,
        cap.counts.ipv4_tcp,
        if n == 1 { "" } else { "s" }
    )
}

/// Seconds with microseconds, relative to the first connection's start.
fn secs(ns: u64) -> String {
    format!("{}.{:06}", ns / 1_000_000_000, ns % 1_000_000_000 / 1000)
}

fn list(
    path: &impl std::fmt::Display,
    cap: &Capture,
    json: bool,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let t0 = cap.connections.first().map_or(0, |c| c.start_ns);
    let rows = cap.connections.iter().enumerate().map(|(i, c)| {
        let first = c.start_ns - t0.min(c.start_ns);
        let last = first + c.duration.total_micros() * 1000;
        (i + 1, c, first, last)
    });
    if json {
        for (n, c, first, last) in rows {
            let v = serde_json::json!({
                "conn": n,
                "client": c.client.to_string(),
                "server": c.server.to_string(),
                "first_s": secs(first).parse::<f64>().unwrap_or(0.0),
                "last_s": secs(last).parse::<f64>().unwrap_or(0.0),
                "segments": c.segments.len(),
                "handshake_seen": c.handshake_seen,
            });
            writeln!(out, "{v}")?;
        }
        return Ok(());
    }
    writeln!(out, "{}", describe(path, cap))?;
    writeln!(
        out,
        "{:>4}  {:<21}    {:<21}  {:>14}  {:>14}  {:>8}  handshake",
        "conn", "client", "server", "first (s)", "last (s)", "segments"
    )?;
    for (n, c, first, last) in rows {
        writeln!(
            out,
            "{n:>4}  {:<21} →  {:<21}  {:>14}  {:>14}  {:>8}  {}",
            c.client.to_string(),
            c.server.to_string(),
            secs(first),
            secs(last),
            c.segments.len(),
            if c.handshake_seen { "seen" } else { "not seen" }
        )?;
    }
    writeln!(out, "\npick one with `--conn N`")?;
    Ok(())
}

pub fn run(args: &ReplayArgs, out: &mut impl Write) -> Result<(), Failure> {
    let path = &args.file.display();
    let file = fs::File::open(&args.file)
        .map_err(|e| Failure::Input(format!("cannot read {path}: {e}")))?;
    let cap = read_capture(io::BufReader::new(file), Limits::DEFAULT)
        .map_err(|e| Failure::Input(format!("{path}: {e}")))?;
    if let Some(e) = &cap.stopped {
        eprintln!("handshake-cli: warning: {path}: {e}; what came before is shown");
    }
    let n = cap.connections.len();
    let pick = match args.conn {
        Some(k) if k > n => {
            return Err(Failure::Input(format!(
                "{path}: no connection {k}: the capture has {n}"
            )));
        }
        Some(k) => k,
        None if n == 1 => 1,
        None => return list(path, &cap, args.json, out),
    };
    let conn = &cap.connections[pick - 1];
    let opts = ObserverOptions {
        placement: if args.at_capture {
            Placement::AtCapture
        } else {
            Placement::Estimate
        },
    };
    let obs = observe(&conn.segments, opts);
    if args.json {
        out.write_all(obs.trace.to_json_lines().as_bytes())?;
        return Ok(());
    }
    writeln!(out, "{}", describe(path, &cap))?;
    writeln!(out, "connection {pick} of {n}: {}", title(conn))?;
    writeln!(out)?;
    out.write_all(
        ladder::render(
            &obs.trace,
            LadderOptions {
                absolute: args.absolute,
            },
        )
        .as_bytes(),
    )?;
    writeln!(out, "{LEGEND}")?;
    writeln!(out)?;
    let [dc, ds] = obs.distance;
    let nearest = match dc.cmp(&ds) {
        std::cmp::Ordering::Less => "the capture was taken nearest the client",
        std::cmp::Ordering::Greater => "the capture was taken nearest the server",
        std::cmp::Ordering::Equal => "both ends at the same distance from the capture",
    };
    writeln!(
        out,
        "placed: client {dc}, server {ds} from the capture point ({nearest})"
    )?;
    let state = |s: Side| obs.last[s.index()].map_or("unknown", |s| s.name());
    let k = obs.inconsistencies();
    writeln!(
        out,
        "after {} segments ({}): client {}, server {} (inferred; {k} place{} where the capture \
         and the rules disagree)",
        conn.segments.len(),
        conn.duration,
        state(Side::Client),
        state(Side::Server),
        if k == 1 { "" } else { "s" }
    )?;
    Ok(())
}

fn title(c: &Connection) -> String {
    format!(
        "client {} → server {}, {} segments, handshake {}",
        c.client,
        c.server,
        c.segments.len(),
        if c.handshake_seen { "seen" } else { "not seen" }
    )
}
