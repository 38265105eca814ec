//! How the lab writes times and durations, in one place: the present (`1.05 s`), a timer's
//! length (`1 s`, `0.5 s`) and the retransmission timer's backoff chain (`1 s→2 s→4 s`). The
//! ladder, the countdowns and the control bar all use these, so one run reads the same
//! everywhere.

use handshake_core::Instant;

use crate::i18n::Lang;

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

/// `0.35 s` in English, `0.35초` in Korean: times in sentences of the lab's own (the notices
/// about changing the past).
pub fn time_in(t: Instant, lang: Lang) -> String {
    match lang {
        Lang::En => format_time(t),
        Lang::Ko => format_time(t).replace(" s", "초"),
    }
}

/// `0.5 s` in English, `0.5초` in Korean (a duration of `ms` milliseconds).
pub fn secs_in(ms: f64, lang: Lang) -> String {
    match lang {
        Lang::En => format_secs(ms),
        Lang::Ko => format_secs(ms).replace(" s", "초"),
    }
}

/// `100,000`: digits in groups of three.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
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

    #[test]
    fn times_in_both_languages_and_grouped_counts() {
        assert_eq!(time_in(Instant::from_millis(300), Lang::En), "0.30 s");
        assert_eq!(time_in(Instant::from_millis(12_600), Lang::Ko), "12.6초");
        assert_eq!(secs_in(500.0, Lang::Ko), "0.5초");
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(2000), "2,000");
        assert_eq!(grouped(100_000), "100,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }

    /// RFC 6298 (5.5): "The host MUST set RTO <- RTO * 2 ("back off the timer")."
    #[test]
    fn backoff_chain_doubles_and_keeps_the_latest_values() {
        assert_eq!(backoff_steps(1000.0, 0, 3), "1 s");
        assert_eq!(backoff_steps(4000.0, 2, 3), "1 s→2 s→4 s");
        assert_eq!(backoff_steps(8000.0, 3, 3), "…→2 s→4 s→8 s");
        assert_eq!(backoff_steps(3000.0, 1, 4), "1.5 s→3 s");
    }
}
