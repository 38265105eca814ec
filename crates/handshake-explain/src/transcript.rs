//! The narrated ladder: the core's text ladder with the narration written under each instant,
//! as `handshake-cli run … --narrate [--lang ko]` prints it and the narrated transcripts keep it.
//!
//! ```text
//!    0.1s │                      │                                                             ──▶ C1 │
//!         │                      │                              LISTEN → SYN-RECEIVED: received SYN · │ SYN-RECEIVED
//!         │                      │ ◁──────────────── S1 [SYN, ACK] Seq=0 Ack=1 Win=1000 Len=0 MSS=100 │
//!         │                      │                                                  expires at 1.1s · │ rtx timer set
//!           ▸ The SYN reaches the server: LISTEN → SYN-RECEIVED. It records the client's ISN as IRS and
//!             answers with a SYN of its own.
//! ```
//!
//! Each instant's ladder lines come first, then its entries, each starting with `▸` under the
//! client's column and wrapped at the ladder's own width (a Hangul syllable takes two columns,
//! as in a terminal), so the layout does not depend on the terminal it is printed in.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use handshake_core::ladder::{self, LadderOptions};
use handshake_core::scenario::Scenario;
use handshake_core::sim::{Side, Simulator, StopReason};
use handshake_core::trace::Trace;

use crate::format;
use crate::lang::{Lang, say};
use crate::narrate::narrate_trace;

/// The mark before an entry.
const BULLET: &str = "▸ ";

/// The ladder of `trace` with its narration in `lang` under each instant.
pub fn narrated_ladder(
    trace: &Trace,
    scenario: &Scenario,
    opts: LadderOptions,
    lang: Lang,
) -> String {
    let lines = ladder::lines(trace, opts);
    let entries = narrate_trace(trace, scenario, 0, lang);
    let mut out = lines.head;
    let mut next = entries.iter().peekable();
    let events = &trace.events;
    let mut i = 0;
    while i < events.len() {
        let t = events[i].t;
        let end = i + events[i..].iter().take_while(|e| e.t == t).count();
        for line in &lines.events[i..end] {
            out.push_str(line);
            out.push('\n');
        }
        // An entry starts under the client's column and wraps at the ladder's width.
        let width = lines.width.saturating_sub(lines.indent + 2).max(20);
        while let Some(entry) = next.next_if(|e| e.event < end) {
            for (k, text) in wrap(&entry.text, width).iter().enumerate() {
                out.extend(core::iter::repeat_n(' ', lines.indent));
                out.push_str(if k == 0 { BULLET } else { "  " });
                out.push_str(text);
                out.push('\n');
            }
        }
        i = end;
    }
    out
}

/// How wide `s` is in a terminal: Hangul, CJK and fullwidth forms take two columns.
pub fn display_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

fn char_width(c: char) -> usize {
    let u = u32::from(c);
    let wide = matches!(u,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA960..=0xA97F | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6);
    if wide { 2 } else { 1 }
}

/// `text` in lines of at most `width` columns, broken at spaces but never between a number and
/// its unit (`1 s`); a word wider than a line is cut.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let unit = word.starts_with('s') && word[1..].chars().all(|c| ",.;:)—".contains(c));
        match words.last_mut() {
            Some(prev) if unit && prev.ends_with(|c: char| c.is_ascii_digit()) => {
                prev.push(' ');
                prev.push_str(word);
            }
            _ => words.push(String::from(word)),
        }
    }
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut w = 0;
    for word in &words {
        let ww = display_width(word);
        if w > 0 && w + 1 + ww > width {
            lines.push(core::mem::take(&mut line));
            w = 0;
        }
        if w > 0 {
            line.push(' ');
            w += 1;
        }
        if ww > width {
            // Cut a word that does not fit on a line of its own.
            for c in word.chars() {
                let cw = char_width(c);
                if w + cw > width && w > 0 {
                    lines.push(core::mem::take(&mut line));
                    w = 0;
                }
                line.push(c);
                w += cw;
            }
        } else {
            line.push_str(word);
            w += ww;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The legend printed under a ladder.
pub fn legend(lang: Lang) -> &'static str {
    say!(
        lang,
        "legend: `C1 … ▷` leaves the client, `◁ … S1` leaves the server, `──▶ C1` / `S1 ◀──` arrives;
        ✕ lost where it happened, ‖ held on the link; (rtx of C1) repeats C1; C1' is a link copy;
        Seq/Ack are relative to each side's SYN (--absolute for the raw numbers).",
        "범례: `C1 … ▷`는 클라이언트가, `◁ … S1`은 서버가 보낸 세그먼트이고 `──▶ C1` / `S1 ◀──`는 도착이다.
      ✕는 유실된 곳, ‖는 링크에 붙잡힌 곳이다. (rtx of C1)은 C1의 재전송, C1'은 링크가 만든 복사본이다.
      Seq/Ack는 각자의 SYN에서 센 상대값이다(원래 값은 --absolute).
      ▸ 뒤의 문장은 그 시각에 일어난 일의 설명이다."
    )
}

/// The last line: where both ends are and why the run stopped.
pub fn summary(sim: &Simulator, lang: Lang) -> String {
    let now = format::instant(sim.now(), lang);
    let why = match (lang, sim.stop_reason()) {
        (Lang::En, Some(StopReason::Quiet)) => String::from("nothing left to happen"),
        (Lang::En, Some(StopReason::EndTime)) => String::from("end time reached"),
        (Lang::En, Some(StopReason::EventBudget)) => String::from("event budget exhausted"),
        (Lang::En, None) => format!("stopped at {}", sim.now()),
        (Lang::Ko, Some(StopReason::Quiet)) => String::from("더 일어날 일이 없음"),
        (Lang::Ko, Some(StopReason::EndTime)) => String::from("끝나는 시각에 이름"),
        (Lang::Ko, Some(StopReason::EventBudget)) => String::from("이벤트 한도를 다 씀"),
        (Lang::Ko, None) => format!("{now}에 멈춤"),
    };
    let sent = sim
        .transmissions()
        .iter()
        .filter(|t| t.duplicate_of.is_none())
        .count();
    let (client, server) = (
        sim.endpoint(Side::Client).state(),
        sim.endpoint(Side::Server).state(),
    );
    say!(
        lang,
        format!(
            "at {}: client {client}, server {server} ({why}; {sent} segments sent)",
            sim.now()
        ),
        format!("{now}: 클라이언트 {client}, 서버 {server} ({why}, 보낸 세그먼트 {sent}개)"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_counting_hangul_as_two_columns() {
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(wrap("가나 다라", 5), ["가나", "다라"]);
        assert_eq!(display_width("가a"), 3);
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
        // A number keeps its unit.
        assert_eq!(wrap("it expires at 1 s.", 15), ["it expires at", "1 s."]);
        assert!(wrap("", 10).is_empty());
    }
}
