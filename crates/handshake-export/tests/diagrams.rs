//! The Mermaid and PlantUML exports say what the trace says: every segment as a message with
//! its label, lost ones as lost messages, retransmissions marked, state changes as notes over
//! their lane, in the run's language. (That Mermaid's parser and Debian's PlantUML accept them
//! is `scripts/test exports`.)

mod common;

use handshake_core::ladder::{LadderOptions, segment_label};
use handshake_core::scenario::Scenario;
use handshake_core::sim::Simulator;
use handshake_core::trace::TraceKind;
use handshake_explain::Lang;
use handshake_export::{Run, experiment_of, mermaid, plantuml};

/// The message line of segment `label` in a diagram.
fn message<'a>(text: &'a str, label: &str) -> &'a str {
    text.lines()
        .find(|l| {
            l.contains(&format!(" · {label}"))
                && !l.trim_start().starts_with("Note")
                && !l.starts_with("note")
                && !l.starts_with("hnote")
        })
        .unwrap_or_else(|| panic!("no message `{label}` in\n{text}"))
}

#[test]
fn every_segment_is_a_message_with_its_label_and_its_fate() {
    for slug in common::preset_slugs() {
        let (sim, e) = common::preset_run(slug);
        for lang in [Lang::En, Lang::Ko] {
            let run = Run::new(&sim, &e, lang);
            let (m, p) = (mermaid(&run), plantuml(&run));
            assert!(m.starts_with("sequenceDiagram\n"));
            assert!(p.starts_with("@startuml\n!pragma teoz true\n") && p.ends_with("@enduml\n"));
            let opts = LadderOptions::default();
            let dropped: Vec<_> = sim
                .trace()
                .iter()
                .filter_map(|e| match &e.kind {
                    TraceKind::Drop { seg, .. } => Some(seg.id),
                    _ => None,
                })
                .collect();
            for ev in sim.trace().iter() {
                let TraceKind::Send { seg, .. } = &ev.kind else {
                    continue;
                };
                let label = segment_label(seg, opts);
                let (from, to) = (seg.from.letter(), seg.to().letter());
                let lost = dropped.contains(&seg.id);
                let rtx = seg.retransmission_of.is_some();
                let ml = message(&m, &label);
                let arrow = match (rtx, lost) {
                    (false, false) => "->>",
                    (true, false) => "-->>",
                    (false, true) => "-x",
                    (true, true) => "--x",
                };
                assert!(
                    ml.trim_start().starts_with(&format!("{from}{arrow}{to}: ")),
                    "{slug}: {ml}"
                );
                assert_eq!(ml.contains("↻"), rtx, "{slug}: {ml}");
                let pl = message(&p, &label);
                let shaft = if rtx { "--" } else { "-" };
                assert!(pl.starts_with(&format!("{from} {shaft}>")), "{slug}: {pl}");
                assert_eq!(
                    pl.starts_with(&format!("{from} {shaft}>x {to} : ")),
                    lost,
                    "{slug}: {pl}"
                );
                assert_eq!(pl.contains("↻"), rtx, "{slug}: {pl}");
            }
            // Every state change is a note over its lane.
            for ev in sim.trace().iter() {
                if let TraceKind::State { side, to, .. } = ev.kind {
                    let over = format!("Note over {}: {} (", side.letter(), to.name());
                    assert!(m.contains(&over), "{slug}: {over}");
                    let over = format!("hnote over {}: {} (", side.letter(), to.name());
                    assert!(p.contains(&over), "{slug}: {over}");
                }
            }
        }
    }
}

#[test]
fn the_words_are_in_the_runs_language() {
    let (sim, e) = common::preset_run("lost-last-ack");
    let ko = Run::new(&sim, &e, Lang::Ko);
    let (m, p) = (mermaid(&ko), plantuml(&ko));
    assert!(m.contains("participant C as 클라이언트"));
    assert!(m.contains("Note over C: TIME-WAIT (FIN 수신)"), "{m}");
    assert!(
        m.contains("C-xS: 1.6초 · C4 [ACK] Seq=2 Ack=2 Win=1000 Len=0 — 유실(규칙)"),
        "{m}"
    );
    assert!(p.contains("participant \"서버\" as S"));
    assert!(
        p.contains("hnote over S: 2.5초 · 재전송 타이머 만료"),
        "{p}"
    );
    let en = Run::new(&sim, &e, Lang::En);
    assert!(
        mermaid(&en).contains("C-xS: 1.6 s · C4 [ACK] Seq=2 Ack=2 Win=1000 Len=0 — lost (by rule)")
    );
    assert!(plantuml(&en).contains("hnote over C: TIME-WAIT (received FIN)"));
}

#[test]
fn a_delayed_segment_is_slanted_in_plantuml_where_plantuml_can() {
    let (sim, e) = common::preset_run("fin-overtakes-data");
    let p = plantuml(&Run::new(&sim, &e, Lang::En));
    assert!(p.contains("!function $slant($n)"));
    assert!(
        p.contains("S ->$slant(30) C : 1 s · S3 [PSH, ACK] Seq=1 Ack=2 Win=1000 Len=100 — delayed +0.3 s, arrives at 1.4 s"),
        "{p}"
    );
    // Without a late message, no function.
    let (sim, e) = common::preset_run("handshake");
    assert!(!plantuml(&Run::new(&sim, &e, Lang::En)).contains("$slant"));
}

/// The text of a statement: after `title ` or after the first `: `.
fn text_of(line: &str) -> &str {
    let line = line.trim_start();
    line.strip_prefix("title ")
        .or_else(|| line.split_once(": ").map(|(_, t)| t))
        .unwrap_or("")
}

#[test]
fn hostile_text_cannot_end_a_statement_or_become_markup() {
    let scenario = Scenario::from_json(include_str!("data/hostile.json")).unwrap();
    let mut sim = Simulator::new(&scenario).unwrap();
    sim.run_to_end();
    let e = experiment_of(&sim, None);
    for lang in [Lang::En, Lang::Ko] {
        let run = Run::new(&sim, &e, lang);
        let m = mermaid(&run);
        for line in m.lines().skip(1).map(text_of) {
            // Mermaid ends a statement at `;`, a text at `#` (other than its entity codes),
            // reads `%%` as a comment and `<…>` as HTML.
            let without_codes = line
                .replace("#59;", "")
                .replace("#35;", "")
                .replace("#37;", "")
                .replace("#lt;", "")
                .replace("#gt;", "")
                .replace("#amp;", "");
            for bad in [";", "#", "%", "<", ">"] {
                assert!(!without_codes.contains(bad), "{bad} in {line}");
            }
        }
        let p = plantuml(&run);
        let body = p
            .split_once("!endfunction\n")
            .map_or(p.as_str(), |(_, b)| b);
        for line in body.lines().map(text_of) {
            for bad in ["%", "$", "<", ">", "\"\"", "**", "//", "__", "[[", "!"] {
                assert!(!line.contains(bad), "{bad} in {line}");
            }
        }
    }
}
