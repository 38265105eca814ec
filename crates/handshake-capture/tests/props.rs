//! No input makes the reader or the observer panic: random bytes, every truncation and random
//! corruptions of the real captures, random segment sequences. The stable counterpart of the
//! cargo-fuzz target `capture_read` (fuzz/).

use std::path::PathBuf;

use handshake_capture::{Limits, read_capture_bytes};
use handshake_core::ladder::{self, LadderOptions};
use handshake_core::observer::{ObserverOptions, Placement, WireSegment, observe};
use handshake_core::trace::TraceKind;
use handshake_core::vocab::Side;
use handshake_core::{Duration, Flags, Instant, SeqNumber};
use proptest::prelude::*;

fn files() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let p = e.ok()?.path();
            let name = p.file_name()?.to_str()?.to_owned();
            (name.ends_with(".pcap") || name.ends_with(".pcapng"))
                .then(|| (name, std::fs::read(&p).unwrap()))
        })
        .collect();
    v.sort();
    v
}

/// Reads, observes every connection, draws the ladder and the JSON: none of it may panic.
fn exercise(bytes: &[u8]) {
    let limits = Limits {
        max_segments: 2_000,
        max_connections: 50,
        max_record: 70_000,
    };
    if let Ok(cap) = read_capture_bytes(bytes, limits) {
        assert!(!cap.connections.is_empty());
        for c in &cap.connections {
            assert_eq!(c.segments.len(), c.frames.len());
            let o = observe(&c.segments, ObserverOptions::default());
            let _ = ladder::render(&o.trace, LadderOptions::default());
            let _ = o.trace.to_json_lines();
        }
    }
}

#[test]
fn every_truncation_of_every_capture_reads_or_fails_cleanly() {
    let files = files();
    assert!(files.len() >= 19, "{} files", files.len());
    for (name, bytes) in &files {
        for n in 0..bytes.len() {
            exercise(&bytes[..n]);
        }
        // A file cut anywhere after its first packet still gives that packet.
        if let Ok(whole) = read_capture_bytes(bytes, Limits::DEFAULT) {
            let cut = read_capture_bytes(&bytes[..bytes.len() - 1], Limits::DEFAULT);
            assert!(cut.is_ok() || whole.counts.packets <= 1, "{name}: {cut:?}");
        }
    }
}

fn segment() -> impl Strategy<Value = WireSegment> {
    (
        0u64..5_000_000,
        any::<bool>(),
        0u32..40,
        0u32..40,
        any::<u8>(),
        0u32..20,
    )
        .prop_map(|(t, client, seq, ack, flags, len)| WireSegment {
            t: Instant::from_micros(t),
            from: if client { Side::Client } else { Side::Server },
            seq: SeqNumber(if client { 1000 } else { 5000 } + seq),
            ack: SeqNumber(if client { 5000 } else { 1000 } + ack),
            flags: Flags(flags),
            window: 100,
            urgent: 0,
            mss: None,
            len,
            checksum: 0,
            data_offset: 5,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        exercise(&bytes);
    }

    #[test]
    fn random_bytes_after_a_valid_header_never_panic(
        pcapng in any::<bool>(),
        tail in proptest::collection::vec(any::<u8>(), 0..600),
    ) {
        let files = files();
        let name = if pcapng { "lo-refused.pcapng" } else { "lo-client-closes.pcap" };
        let (_, base) = files.iter().find(|(n, _)| n == name).unwrap();
        // The file header (and for pcapng the section and interface blocks), then noise.
        let keep = if pcapng { 164.min(base.len()) } else { 24 };
        let mut bytes = base[..keep].to_vec();
        bytes.extend_from_slice(&tail);
        exercise(&bytes);
    }

    #[test]
    fn corrupted_captures_never_panic(
        which in 0usize..19,
        flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..12),
    ) {
        let files = files();
        let (_, base) = &files[which % files.len()];
        let mut bytes = base.clone();
        for (at, x) in flips {
            let i = at % bytes.len();
            bytes[i] ^= x | 1;
        }
        exercise(&bytes);
    }

    /// Whatever the segments, the trace is in time order, every arrival is at or after its send,
    /// and each end's events keep their order.
    #[test]
    fn the_observer_keeps_time_order_on_any_segments(
        mut segs in proptest::collection::vec(segment(), 0..60),
        fixed in proptest::option::of((0u64..2_000_000, 0u64..2_000_000)),
    ) {
        segs.sort_by_key(|s| s.t);
        let placement = match fixed {
            Some((c, s)) => Placement::Fixed {
                to_client: Duration::from_micros(c),
                to_server: Duration::from_micros(s),
            },
            None => Placement::Estimate,
        };
        let o = observe(&segs, ObserverOptions { placement });
        let mut prev = Instant::ZERO;
        let mut sent = std::collections::HashMap::new();
        for e in o.trace.iter() {
            prop_assert!(e.t >= prev);
            prev = e.t;
            match &e.kind {
                TraceKind::Send { seg, arrival, .. } => {
                    prop_assert!(*arrival >= e.t);
                    sent.insert(seg.id, e.t);
                }
                TraceKind::Arrive { seg, .. } => {
                    prop_assert!(e.t >= sent[&seg.id]);
                }
                _ => {}
            }
        }
        prop_assert_eq!(sent.len(), segs.len());
    }
}
