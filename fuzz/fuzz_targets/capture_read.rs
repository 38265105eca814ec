//! Bytes → the capture reader (`handshake_capture::read_capture_bytes`) → the passive observer →
//! the ladder and the JSON trace. Nothing may panic; what was read is consistent (one frame
//! number per segment, segments in time order, every connection non-empty), and the observer's
//! trace is in time order with every arrival at or after its send.

#![no_main]

use handshake_capture::{Limits, read_capture_bytes};
use handshake_core::ladder::{self, LadderOptions};
use handshake_core::observer::{ObserverOptions, observe};
use handshake_core::trace::TraceKind;
use libfuzzer_sys::fuzz_target;

/// Small limits, so a run stays quick whatever the input claims.
const LIMITS: Limits = Limits {
    max_segments: 5_000,
    max_connections: 100,
    max_record: 70_000,
};

fuzz_target!(|data: &[u8]| {
    let Ok(cap) = read_capture_bytes(data, LIMITS) else {
        return;
    };
    assert!(!cap.connections.is_empty());
    let total: usize = cap.connections.iter().map(|c| c.segments.len()).sum();
    assert_eq!(total as u64, cap.counts.ipv4_tcp);
    for c in &cap.connections {
        assert!(!c.segments.is_empty());
        assert_eq!(c.segments.len(), c.frames.len());
        assert!(c.frames.windows(2).all(|w| w[0] < w[1]));
        let o = observe(&c.segments, ObserverOptions::default());
        let mut prev = handshake_core::Instant::ZERO;
        for e in o.trace.iter() {
            assert!(e.t >= prev);
            prev = e.t;
            if let TraceKind::Send { arrival, .. } = e.kind {
                assert!(arrival >= e.t);
            }
        }
        let _ = ladder::render(&o.trace, LadderOptions { absolute: true });
        let _ = o.trace.to_json_lines();
    }
});
