//! How the lab writes times and durations, in one place: the present (`1.05 s`), a timer's
//! length (`1 s`, `0.5 s`) and the retransmission timer's backoff chain (`1 s→2 s→4 s`). The
//! ladder, the countdowns and the control bar all use these, so one run reads the same
//! everywhere.

use handshake_core::Instant;

/// `0.35 s`, `12.6 s`.
pub fn format_time(t: Instant) -> String {
    let s = t.total_micros() as f64 / 1e6;
    if s < 10.0 {
        format!("{s:.2} s")
    } else {
        format!("{s:.1} s")
    }
}

/// `1 s`, `0.5 s`, `10 s` (durations of timers, exact).
pub fn format_secs(ms: f64) -> String {
    let s = ms / 1000.0;
    let text = format!("{s:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text} s")
}

/// `1 s→2 s→4 s`: the RTO before each doubling, ending with the one this run was set with; at
/// most `shown` values (`…→4 s→8 s`).
pub fn backoff_steps(total_ms: f64, backoff: u8, shown: u8) -> String {
    let first = backoff.saturating_sub(shown.saturating_sub(1));
    let steps: Vec<String> = (first..=backoff)
        .map(|k| format_secs(total_ms / f64::from(1u32 << (backoff - k).min(30))))
        .collect();
    let chain = steps.join("→");
    if first > 0 {
        format!("…→{chain}")
    } else {
        chain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6298 (5.5): "The host MUST set RTO <- RTO * 2 ("back off the timer")."
    #[test]
    fn backoff_chain_doubles_and_keeps_the_latest_values() {
        assert_eq!(backoff_steps(1000.0, 0, 3), "1 s");
        assert_eq!(backoff_steps(4000.0, 2, 3), "1 s→2 s→4 s");
        assert_eq!(backoff_steps(8000.0, 3, 3), "…→2 s→4 s→8 s");
        assert_eq!(backoff_steps(3000.0, 1, 4), "1.5 s→3 s");
    }
}
