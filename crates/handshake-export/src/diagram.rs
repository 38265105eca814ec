//! Mermaid and PlantUML sequence diagrams of a run, for study notes.
//!
//! Both are written from the same walk over the trace ([`steps`]): each segment is a message
//! from its sender to its receiver when it leaves, labelled with the core's Wireshark-style
//! label and the time it left; what the link did to it on the way is said after the label (a
//! lost one is a lost message, `-x` / `->x`; a retransmission is dashed and marked `↻`); state
//! changes are notes over their lane, with the cause; user calls and timer expiries are notes
//! beside or over the lane. The words around the labels are in the run's language.
//!
//! PlantUML uses teoz (`!pragma teoz true`), where a message can be slanted: a delayed or held
//! segment is `A ->(n) B`, `n` growing with how much longer than the latency its flight took.
//! Mermaid cannot slant a message, so there the delay is only said.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt::Write;

use handshake_core::Duration;
use handshake_core::endpoint::TimerAction;
use handshake_core::ladder::{LadderOptions, segment_label};
use handshake_core::sim::Side;
use handshake_core::trace::TraceKind;
use handshake_core::vocab::UserCall;
use handshake_explain::{Lang, cause_label, errors, format};

use crate::Run;
use crate::layout::{Fate, Model};

/// One thing a sequence diagram says, in trace order.
enum Step {
    /// A segment as a message.
    Message {
        from: Side,
        text: String,
        lost: bool,
        rtx: bool,
        /// How much longer than the latency its flight took (delays, holds).
        late: Duration,
    },
    /// A note over one lane.
    Over { side: Side, text: String },
    /// A note beside a lane (outside).
    Beside { side: Side, text: String },
    /// A note across both lanes.
    Across { text: String },
}

fn letter(side: Side) -> char {
    side.letter()
}

fn side_name(side: Side, lang: Lang) -> &'static str {
    match (side, lang) {
        (Side::Client, Lang::En) => "Client",
        (Side::Server, Lang::En) => "Server",
        (Side::Client, Lang::Ko) => "클라이언트",
        (Side::Server, Lang::Ko) => "서버",
    }
}

/// What the diagrams say, in order.
fn steps(run: &Run<'_>) -> Vec<Step> {
    let lang = run.lang;
    let trace = run.sim.trace();
    let model = Model::build(trace);
    let opts = LadderOptions {
        absolute: run.absolute(),
    };
    let mut out = Vec::new();
    for (i, e) in trace.iter().enumerate() {
        let at = format::instant(e.t, lang);
        match &e.kind {
            TraceKind::Send { seg, .. }
            | TraceKind::Duplicate { seg, .. }
            | TraceKind::Inject { seg, .. }
            | TraceKind::OldDuplicate { seg, .. } => {
                let Some(f) = model.flight_of[i].map(|f| &model.flights[f]) else {
                    continue;
                };
                let mut text = alloc::format!("{at} · {}", segment_label(seg, opts));
                match (&e.kind, seg.duplicate_of) {
                    (TraceKind::OldDuplicate { sent_at, age, .. }, Some(of)) => {
                        let (sent, age) = (
                            format::instant(*sent_at, lang),
                            format::duration(*age, lang),
                        );
                        let _ = match lang {
                            Lang::En => write!(
                                text,
                                " — an old duplicate of {of}, which left at {sent} ({age} ago)"
                            ),
                            Lang::Ko => write!(
                                text,
                                " — {sent}에 떠난 {of}의 오래된 중복 세그먼트({age} 전)"
                            ),
                        };
                    }
                    (TraceKind::Inject { .. }, _) => {
                        let _ = match lang {
                            Lang::En => {
                                write!(text, " — hand-made: the {} did not send it", seg.from)
                            }
                            Lang::Ko => write!(
                                text,
                                " — 손으로 만든 세그먼트: {}가 보내지 않았다",
                                side_name(seg.from, lang)
                            ),
                        };
                    }
                    (_, Some(of)) => {
                        let _ = match lang {
                            Lang::En => write!(text, " — a link copy of {of}"),
                            Lang::Ko => write!(text, " — 링크가 만든 {of}의 복사본"),
                        };
                    }
                    _ => {}
                }
                let delayed = f.delayed_by();
                if delayed > Duration::ZERO {
                    let _ = match lang {
                        Lang::En => write!(text, " — delayed {}", format::offset(delayed, lang)),
                        Lang::Ko => write!(text, " — {} 지연", format::offset(delayed, lang)),
                    };
                }
                if f.was_held() {
                    text.push_str(match lang {
                        Lang::En => " — held on the link",
                        Lang::Ko => " — 링크에 붙잡힘",
                    });
                }
                let mut lost = false;
                match f.fate {
                    Fate::Dropped { reason, .. } => {
                        lost = true;
                        let _ = match lang {
                            Lang::En => write!(
                                text,
                                " — lost ({})",
                                handshake_explain::fault_source_label(reason, lang)
                            ),
                            Lang::Ko => write!(
                                text,
                                " — 유실({})",
                                handshake_explain::fault_source_label(reason, lang)
                            ),
                        };
                    }
                    Fate::Arrived { .. } => {
                        if delayed > Duration::ZERO || f.was_held() {
                            let arrived = format::instant(f.ended_at(), lang);
                            let _ = match lang {
                                Lang::En => write!(text, ", arrives at {arrived}"),
                                Lang::Ko => write!(text, ", 도착 {arrived}"),
                            };
                        }
                    }
                    Fate::Flying => text.push_str(match lang {
                        Lang::En => " — still on the link",
                        Lang::Ko => " — 아직 링크 위",
                    }),
                }
                let flight = f.ended_at().saturating_since(f.sent_at());
                let latency = run.sim.latency(seg.from);
                out.push(Step::Message {
                    from: seg.from,
                    text,
                    lost,
                    rtx: seg.retransmission_of.is_some(),
                    late: flight.saturating_sub(latency),
                });
            }
            TraceKind::State {
                side, to, cause, ..
            } => out.push(Step::Over {
                side: *side,
                text: alloc::format!("{} ({})", to.name(), cause_label(*cause, lang)),
            }),
            TraceKind::Call { side, call, error } => {
                let mut text = alloc::format!("{at} · {call}");
                if let UserCall::Send(d) = call {
                    if let Some(p) = d.preview() {
                        let _ = write!(text, " {p:?}");
                    }
                }
                if let Some(err) = error {
                    let _ = write!(text, " ✗ {}", errors::call_error_message(*err, lang));
                }
                out.push(Step::Beside { side: *side, text });
            }
            TraceKind::Timer {
                side,
                kind,
                action: TimerAction::Fire,
                rule,
                ..
            } => {
                let name = handshake_explain::timer_label(*kind, *rule, lang);
                out.push(Step::Over {
                    side: *side,
                    text: match lang {
                        Lang::En => alloc::format!("{at} · {name} expires"),
                        Lang::Ko => alloc::format!("{at} · {name} 만료"),
                    },
                });
            }
            TraceKind::Ignored { action, error } => out.push(Step::Across {
                text: match lang {
                    Lang::En => alloc::format!(
                        "{at} · ignored: {}: {}",
                        errors::describe_action(action, lang),
                        errors::action_error(error, lang)
                    ),
                    Lang::Ko => alloc::format!(
                        "{at} · 적용 안 됨: {}: {}",
                        errors::describe_action(action, lang),
                        errors::action_error(error, lang)
                    ),
                },
            }),
            TraceKind::Crash { side } => out.push(Step::Over {
                side: *side,
                text: match lang {
                    Lang::En => alloc::format!("{at} · CRASH: every TCB and timer lost"),
                    Lang::Ko => alloc::format!("{at} · 크래시: 모든 TCB와 타이머를 잃음"),
                },
            }),
            TraceKind::Reboot { side } => out.push(Step::Over {
                side: *side,
                text: match lang {
                    Lang::En => alloc::format!("{at} · reboot: up again, with no TCB"),
                    Lang::Ko => alloc::format!("{at} · 재부팅: TCB 없이 다시 켜짐"),
                },
            }),
            TraceKind::Switch { side, switch, on } => out.push(Step::Over {
                side: *side,
                text: match (lang, on) {
                    (Lang::En, true) => alloc::format!("{at} · NOT TCP: switch {switch} on"),
                    (Lang::En, false) => alloc::format!("{at} · TCP again: switch {switch} off"),
                    (Lang::Ko, true) => alloc::format!("{at} · TCP 아님: 스위치 {switch} 켬"),
                    (Lang::Ko, false) => {
                        alloc::format!("{at} · 다시 TCP: 스위치 {switch} 끔")
                    }
                },
            }),
            TraceKind::NotTcp { side, switch } => out.push(Step::Over {
                side: *side,
                text: match lang {
                    Lang::En => alloc::format!("≠ not TCP ({switch})"),
                    Lang::Ko => alloc::format!("≠ TCP 아님({switch})"),
                },
            }),
            TraceKind::BudgetExhausted { events } => out.push(Step::Across {
                text: match lang {
                    Lang::En => {
                        alloc::format!("{at} · the run was cut short after {events} events")
                    }
                    Lang::Ko => alloc::format!("{at} · 이벤트 {events}개 뒤에 실행이 중단됨"),
                },
            }),
            _ => {}
        }
    }
    out
}

/// The starting states: CLOSED unless the trace is an observation that says otherwise.
fn start_states(run: &Run<'_>) -> [&'static str; 2] {
    use handshake_core::observer_note::ObserverNote;
    let start = |side: Side| {
        run.sim
            .trace()
            .iter()
            .find_map(|e| match e.kind {
                TraceKind::Observe {
                    side: Some(s),
                    note: ObserverNote::Initial { state, .. },
                } if s == side => Some(state.map_or("?", |s| s.name())),
                _ => None,
            })
            .unwrap_or("CLOSED")
    };
    [start(Side::Client), start(Side::Server)]
}

// ----- Mermaid -----------------------------------------------------------------------------

/// Text for a Mermaid message, note or title. Mermaid ends a statement at `;` and a text at
/// `#`, reads `%%` as a comment and `<br>` as a line break, so those characters and `< > &`
/// are written as its entity codes (`#59;`), which it turns back into the characters; a line
/// break becomes a space.
fn mermaid_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '#' => out.push_str("#35;"),
            ';' => out.push_str("#59;"),
            '%' => out.push_str("#37;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    let trimmed = out.trim();
    if trimmed.is_empty() {
        String::from("-")
    } else {
        trimmed.to_string()
    }
}

/// The run as a Mermaid `sequenceDiagram` (`mermaid` 12). Messages are solid (`->>`), dashed
/// for a retransmission (`-->>`), lost ones end in a cross (`-x`, `--x`).
pub fn mermaid(run: &Run<'_>) -> String {
    let lang = run.lang;
    let mut out = String::from("sequenceDiagram\n");
    if let Some(t) = run.title() {
        let _ = writeln!(out, "    title {}", mermaid_text(t));
    }
    for side in Side::BOTH {
        let _ = writeln!(
            out,
            "    participant {} as {}",
            letter(side),
            side_name(side, lang)
        );
    }
    if let Some(n) = run.notice() {
        let _ = writeln!(out, "    Note over C,S: {}", mermaid_text(n));
    }
    let [c, s] = start_states(run);
    let _ = writeln!(out, "    Note over C: {c}");
    let _ = writeln!(out, "    Note over S: {s}");
    for step in steps(run) {
        let _ = match step {
            Step::Message {
                from,
                text,
                lost,
                rtx,
                ..
            } => {
                let arrow = match (rtx, lost) {
                    (false, false) => "->>",
                    (true, false) => "-->>",
                    (false, true) => "-x",
                    (true, true) => "--x",
                };
                let text = if rtx {
                    alloc::format!("↻ {text}")
                } else {
                    text
                };
                writeln!(
                    out,
                    "    {}{arrow}{}: {}",
                    letter(from),
                    letter(from.peer()),
                    mermaid_text(&text)
                )
            }
            Step::Over { side, text } => {
                writeln!(
                    out,
                    "    Note over {}: {}",
                    letter(side),
                    mermaid_text(&text)
                )
            }
            Step::Beside { side, text } => writeln!(
                out,
                "    Note {} of {}: {}",
                match side {
                    Side::Client => "left",
                    Side::Server => "right",
                },
                letter(side),
                mermaid_text(&text)
            ),
            Step::Across { text } => writeln!(out, "    Note over C,S: {}", mermaid_text(&text)),
        };
    }
    out
}

// ----- PlantUML ----------------------------------------------------------------------------

/// Text for a PlantUML message, note or title, as the characters it shows: the preprocessor's
/// `% $ !` and `\`, Creole's `< > & ~ "` and the doubled markers (`** // __ -- ~~ "" [[ ]] {{
/// }} ## ==`) are written as numeric character references (`&#37;`), which PlantUML shows as
/// the character and never reads as markup, a variable, a function or a link; a line break
/// becomes a space.
fn plantuml_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev = '\0';
    for c in s.chars() {
        let doubled = c == prev
            && matches!(
                c,
                '*' | '/' | '_' | '-' | '[' | ']' | '{' | '}' | '=' | '^' | '|'
            );
        match c {
            '%' | '$' | '!' | '\\' | '<' | '>' | '&' | '~' | '"' | '#' => {
                let _ = write!(out, "&#{};", u32::from(c));
            }
            _ if doubled => {
                let _ = write!(out, "&#{};", u32::from(c));
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
        // After an escaped character no pair is open.
        prev = if doubled { '\0' } else { c };
    }
    let trimmed = out.trim();
    if trimmed.is_empty() {
        String::from("-")
    } else {
        trimmed.to_string()
    }
}

/// Slanted messages (`A ->(n) B`) came with PlantUML 1.2022.6; an older PlantUML (Debian 12 has
/// 1.2020.2) refuses them. So a late message is written `A ->$slant(n) B`, and this function of
/// PlantUML's preprocessor gives `(n)` where the version has slanted messages and nothing (a
/// straight message; the text still says it was late) where it does not.
const SLANT: &str =
    "' Slanted messages need PlantUML 1.2022.6 or later; older versions draw them straight.
!function $slant($n)
!if (%intval(%substr(%version(), 2, 4)) > 2022) || (%intval(%substr(%version(), 2, 4)) == 2022 && %intval(%substr(%version(), 7)) >= 6)
!return \"(\" + $n + \")\"
!endif
!return \"\"
!endfunction
";

/// How far a late message slants in teoz, in its units: 10 per 0.1 s late, from 10 up to 80.
fn slant(late: Duration) -> u64 {
    (late.total_micros() / 10_000).clamp(10, 80)
}

/// The run as a PlantUML sequence diagram with teoz (`!pragma teoz true`): a delayed or held
/// segment is a slanted message (`C ->(n) S`), a lost one a lost message (`C ->x S`), a
/// retransmission dashed (`-->`).
pub fn plantuml(run: &Run<'_>) -> String {
    let lang = run.lang;
    let steps = steps(run);
    let mut out = String::from("@startuml\n!pragma teoz true\n");
    if steps
        .iter()
        .any(|s| matches!(s, Step::Message { late, lost: false, .. } if *late > Duration::ZERO))
    {
        out.push_str(SLANT);
    }
    if let Some(t) = run.title() {
        let _ = writeln!(out, "title {}", plantuml_text(t));
    }
    for side in Side::BOTH {
        let _ = writeln!(
            out,
            "participant \"{}\" as {}",
            side_name(side, lang),
            letter(side)
        );
    }
    if let Some(n) = run.notice() {
        let _ = writeln!(out, "note across: {}", plantuml_text(n));
    }
    let [c, s] = start_states(run);
    let _ = writeln!(out, "hnote over C: {c}");
    let _ = writeln!(out, "hnote over S: {s}");
    for step in steps {
        let _ = match step {
            Step::Message {
                from,
                text,
                lost,
                rtx,
                late,
            } => {
                let shaft = if rtx { "--" } else { "-" };
                let text = if rtx {
                    alloc::format!("↻ {text}")
                } else {
                    text
                };
                let arrow = if lost {
                    alloc::format!("{shaft}>x")
                } else if late > Duration::ZERO {
                    alloc::format!("{shaft}>$slant({})", slant(late))
                } else {
                    alloc::format!("{shaft}>")
                };
                writeln!(
                    out,
                    "{} {arrow} {} : {}",
                    letter(from),
                    letter(from.peer()),
                    plantuml_text(&text)
                )
            }
            Step::Over { side, text } => {
                writeln!(out, "hnote over {}: {}", letter(side), plantuml_text(&text))
            }
            Step::Beside { side, text } => writeln!(
                out,
                "note {} of {}: {}",
                match side {
                    Side::Client => "left",
                    Side::Server => "right",
                },
                letter(side),
                plantuml_text(&text)
            ),
            Step::Across { text } => writeln!(out, "note across: {}", plantuml_text(&text)),
        };
    }
    out.push_str("@enduml\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mermaid_text_leaves_no_statement_end_comment_or_tag() {
        let t = mermaid_text("a;b #c %%d <script>x</script> & é\nz");
        assert_eq!(
            t,
            "a#59;b #35;c #37;#37;d #lt;script#gt;x#lt;/script#gt; #amp; é z"
        );
        assert_eq!(mermaid_text("  \n "), "-");
    }

    #[test]
    fn plantuml_text_leaves_no_markup_variable_or_function() {
        let t = plantuml_text("%getenv(\"HOME\") $x !include <img:http://x> **b** [[l]] -- 안녕");
        for bad in ["%", "$", "!", "<", ">", "\"", "**", "[[", "--"] {
            assert!(!t.contains(bad), "{bad} in {t}");
        }
        assert!(t.contains("getenv") && t.contains("안녕"));
        // Labels of the core stay as they are.
        let label = "C4 (rtx of C1) [FIN, ACK] Seq=1 Ack=2 Win=1000 Len=0";
        assert_eq!(plantuml_text(label), label);
        assert_eq!(slant(Duration::from_millis(1000)), 80);
        assert_eq!(slant(Duration::from_millis(50)), 10);
    }
}
