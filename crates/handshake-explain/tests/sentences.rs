//! The narration of every preset, read against the reference scenarios
//! (`shared/reference/scenarios.md`): the sentences a student must see are there, in both
//! languages, with the numbers of the actual run.

use std::collections::BTreeSet;

use handshake_core::presets::{self, PRESETS};
use handshake_core::scenario::Scenario;
use handshake_core::sim::{Action, Fault, Side, Simulator, TxId, UserCall};
use handshake_core::trace::TraceKind;
use handshake_core::{Duration, Instant};
use handshake_explain::{Entry, Lang, narrate, narrate_event, narrate_from, settled_len};

fn scenario(slug: &str) -> Scenario {
    presets::find(slug)
        .unwrap_or_else(|| panic!("no preset {slug}"))
        .scenario()
        .unwrap_or_else(|e| panic!("preset {slug}: {e}"))
}

fn run_scenario(scenario: &Scenario) -> Simulator {
    let mut sim = Simulator::new(scenario).unwrap();
    sim.run_to_end();
    sim
}

fn run(slug: &str) -> Simulator {
    run_scenario(&scenario(slug))
}

fn texts(sim: &Simulator, lang: Lang) -> Vec<String> {
    narrate(sim, lang).into_iter().map(|e| e.text).collect()
}

/// The first entry containing `needle`, or a failure that prints the whole log.
fn find<'a>(log: &'a [String], needle: &str) -> &'a str {
    log.iter()
        .find(|t| t.contains(needle))
        .unwrap_or_else(|| panic!("no entry contains {needle:?}; the log:\n{}", log.join("\n")))
}

fn position(log: &[String], needle: &str) -> usize {
    log.iter()
        .position(|t| t.contains(needle))
        .unwrap_or_else(|| panic!("no entry contains {needle:?}; the log:\n{}", log.join("\n")))
}

/// A session that makes every kind of trace event happen at least once: user faults of every
/// kind, an armed fault, random loss, a refused call and a scheduled action that cannot apply.
fn busy_session() -> Simulator {
    let bad_target: TxId = "C99".parse().unwrap();
    let s = scenario("handshake-data-close")
        // The server already listens: "connection already exists".
        .call(50, Side::Server, UserCall::Listen)
        .at(
            60,
            Action::Fault {
                target: bad_target,
                fault: Fault::Drop,
            },
        );
    let mut sim = Simulator::new(&s).unwrap();
    sim.run_until(Instant::from_millis(350));
    sim.apply(Action::SetLoss {
        side: Side::Server,
        probability: 0.0,
    })
    .unwrap();
    sim.apply(Action::Arm {
        side: Side::Client,
        fault: Fault::Hold,
    })
    .unwrap();
    // At 0.5 s the client sends C3 and C4: C3 is held (armed), C4 is delayed and duplicated.
    sim.run_until(Instant::from_millis(520));
    let c4: TxId = "C4".parse().unwrap();
    sim.apply(Action::Fault {
        target: c4,
        fault: Fault::Delay(Duration::from_millis(200)),
    })
    .unwrap();
    sim.apply(Action::Fault {
        target: c4,
        fault: Fault::Duplicate,
    })
    .unwrap();
    sim.run_until(Instant::from_millis(900));
    sim.apply(Action::Release {
        target: "C3".parse().unwrap(),
    })
    .unwrap();
    sim.run_to_end();
    sim
}

#[test]
fn every_preset_is_narrated_in_both_languages_with_complete_sentences() {
    for p in PRESETS {
        let sim = run(p.slug);
        let en = narrate(&sim, Lang::En);
        let ko = narrate(&sim, Lang::Ko);
        assert!(en.len() >= 5, "{}: only {} entries", p.slug, en.len());
        // Folding does not depend on the language: the same events are told.
        let events = |log: &[Entry]| log.iter().map(|e| e.event).collect::<Vec<_>>();
        assert_eq!(events(&en), events(&ko), "{}", p.slug);
        for (e, k) in en.iter().zip(&ko) {
            for entry in [e, k] {
                let text = &entry.text;
                assert!(!text.is_empty(), "{}: empty entry", p.slug);
                assert_eq!(text.trim(), text, "{}: stray whitespace", p.slug);
                assert!(
                    !text.contains('{') && !text.contains('}') && !text.contains("  "),
                    "{}: unfilled or badly joined text: {text}",
                    p.slug
                );
                assert!(text.ends_with('.'), "{}: not a sentence: {text}", p.slug);
                let ev = &sim.trace().events[entry.event];
                assert_eq!(entry.t, ev.t);
                assert_eq!(entry.tx, ev.kind.segment().map(|s| s.id));
            }
            assert_ne!(e.text, k.text, "{}: untranslated", p.slug);
            assert!(
                k.text
                    .chars()
                    .any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)),
                "{}: no Hangul in {}",
                p.slug,
                k.text
            );
        }
    }
}

#[test]
fn every_event_kind_is_narrated_somewhere_and_nothing_panics() {
    const KINDS: [&str; 16] = [
        "call",
        "send",
        "arrive",
        "drop",
        "delay",
        "hold",
        "release",
        "duplicate",
        "state",
        "timer",
        "rto",
        "deliver",
        "app",
        "arm",
        "loss",
        "ignored",
    ];
    let mut sims: Vec<Simulator> = PRESETS.iter().map(|p| run(p.slug)).collect();
    sims.push(busy_session());
    let mut told = BTreeSet::new();
    for sim in &sims {
        for (i, e) in sim.trace().events.iter().enumerate() {
            for lang in [Lang::En, Lang::Ko] {
                if let Some(text) = narrate_event(sim, i, lang) {
                    assert!(!text.trim().is_empty(), "empty text for {e:?}");
                    told.insert(e.kind.name());
                }
            }
        }
        assert_eq!(narrate_event(sim, sim.trace().len(), Lang::En), None);
    }
    for kind in KINDS {
        assert!(told.contains(kind), "no `{kind}` event was ever narrated");
    }
}

#[test]
fn busy_session_tells_faults_with_who_caused_them() {
    let sim = busy_session();
    let en = texts(&sim, Lang::En);
    find(&en, "is armed for the next segment the client sends");
    find(&en, "Random loss for segments from the server: 0%");
    find(&en, "is held on the link (by you)");
    find(&en, "C4 (PSH,ACK, Len=50) is delayed by 0.2 s (by you)");
    find(&en, "The link duplicates C4 (by you): the copy C4'");
    find(&en, "C3 is released and moves on");
    find(
        &en,
        "calls listen(), which is refused: \"error: connection already exists\"",
    );
    find(&en, "Not applied:");
    let ko = texts(&sim, Lang::Ko);
    find(&ko, "붙잡기를 걸어 둔다");
    find(&ko, "링크가 C4를 복제한다(사용자가 건 장애)");
    find(
        &ko,
        "listen()을 호출하지만 \"오류: 연결이 이미 있음\"으로 거부된다",
    );
}

/// S10/S14: "Only the end that sent the first FIN (C) enters TIME-WAIT. The end that ACKs the
/// first FIN (S) is in CLOSE-WAIT, not TIME-WAIT." RFC 9293 §3.10.7.4 (TIME-WAIT): "The only
/// thing that can arrive in this state is a retransmission of the remote FIN. Acknowledge it,
/// and restart the 2 MSL timeout."
#[test]
fn lost_last_ack_explains_close_wait_time_wait_and_the_restart() {
    let sim = run("lost-last-ack");
    let en = texts(&sim, Lang::En);
    find(
        &en,
        "The server is in CLOSE-WAIT, not TIME-WAIT: only the side that sends the first FIN goes through TIME-WAIT.",
    );
    let tw = find(
        &en,
        "The client sent the first FIN, so it enters TIME-WAIT (FIN-WAIT-2 → TIME-WAIT)",
    );
    assert!(tw.contains("2·MSL = 10 s (until 11.6 s)"), "{tw}");
    assert!(
        tw.contains("re-ACK the server's FIN if its last ACK is lost"),
        "{tw}"
    );
    assert!(tw.contains("old duplicate segments die out"), "{tw}");
    assert!(
        tw.contains("MSL is 5 s here; RFC 9293 says 2 minutes"),
        "{tw}"
    );
    assert!(tw.contains("Linux waits a fixed 60 s"), "{tw}");
    find(
        &en,
        "C4 (ACK) is lost on the way (by a rule of this scenario)",
    );
    find(&en, "TIME-WAIT exists for exactly this case");
    find(&en, "No ACK for the server's FIN within 1 s");
    find(&en, "S4: the server re-sends S3 (FIN,ACK) unchanged, Seq=1");
    find(&en, "S4, the re-sent FIN, reaches the client in TIME-WAIT");
    find(&en, "TIME-WAIT now ends at 12.6 s, 10 s after this FIN");
    find(&en, "LAST-ACK → CLOSED. The server closed second");
    assert!(position(&en, "reaches the client in TIME-WAIT") < position(&en, "now ends at 12.6 s"));

    let ko = texts(&sim, Lang::Ko);
    find(
        &ko,
        "서버는 CLOSE-WAIT에 있다: 먼저 FIN을 보낸 쪽만 TIME-WAIT를 거친다.",
    );
    let tw = find(
        &ko,
        "클라이언트는 먼저 FIN을 보낸 쪽이므로 TIME-WAIT에 들어가",
    );
    assert!(tw.contains("2·MSL = 10초(시각 11.6초까지)"), "{tw}");
    assert!(tw.contains("리눅스는 60초로 고정"), "{tw}");
    assert!(tw.contains("RFC 9293은 2분"), "{tw}");
    find(
        &ko,
        "다시 보낸 FIN 세그먼트 S4가 TIME-WAIT에 있는 클라이언트에 도착한다",
    );
    find(
        &ko,
        "TIME-WAIT는 이제 이 FIN으로부터 10초 뒤인 시각 12.6초에 끝난다",
    );
}

/// S02: "C RTO 1→2 s", "same ISS x", "no RTT sample (the SYN was retransmitted: Karn)",
/// "C RTO := 3 s for data (6298 5.7)".
#[test]
fn lost_syn_explains_backoff_same_isn_karn_and_the_3_second_rto() {
    let sim = run("lost-syn");
    let en = texts(&sim, Lang::En);
    let fired = find(&en, "No ACK for the client's SYN within 1 s");
    assert!(fired.contains("for the first time"), "{fired}");
    assert!(
        fired.contains("RFC 6298 (5.5) doubles the RTO from 1 s to 2 s"),
        "{fired}"
    );
    let resend = find(&en, "C2: the client re-sends C1 (SYN) unchanged, Seq=0");
    assert!(resend.contains("The ISN is the same"), "{resend}");
    assert!(resend.contains("it expires at 3 s"), "{resend}");
    let karn = find(&en, "takes no RTT sample");
    assert!(karn.contains("Karn's algorithm, RFC 6298 §3"), "{karn}");
    assert!(karn.contains("The RTO stays 2 s"), "{karn}");
    find(
        &en,
        "Its SYN had to be re-sent, so as data transfer begins the client sets its RTO from 2 s to 3 s (RFC 6298 (5.7)",
    );
    let ko = texts(&sim, Lang::Ko);
    find(&ko, "RTO가 1초에서 2초로 두 배가 되어");
    find(&ko, "ISN이 같으므로 여전히 같은 연결 시도다");
    find(&ko, "Karn 알고리즘");
    find(&ko, "RTO를 2초에서 3초로 바꾼다");
}

/// The worked schedule of §1: "transmissions at t = 0, 1, 3, 7, 15 … (gaps 1, 2, 4, 8 s)".
#[test]
fn syn_retries_wait_1_2_4_8_seconds_then_give_up() {
    let sim = run("syn-retries-exhausted");
    let en = texts(&sim, Lang::En);
    let mut last = 0;
    for (gap, nth) in [(1, "first"), (2, "second"), (4, "third"), (8, "fourth")] {
        let at = position(&en, &format!("No ACK for the client's SYN within {gap} s"));
        assert!(at >= last);
        assert!(
            en[at].contains(&format!("for the {nth} time")),
            "{}",
            en[at]
        );
        last = at;
    }
    find(
        &en,
        "After 3 retransmissions without an answer (its limit for SYN is 3) the client gives up",
    );
    find(&en, "\"connection timed out\"");
}

/// Every "Ack=N = …" in the log uses the segment's real relative acknowledgment number, and
/// names the sequence number it is one more than.
#[test]
fn ack_sentences_use_the_real_relative_numbers() {
    let mut checked = 0;
    for p in PRESETS {
        let sim = run(p.slug);
        for lang in [Lang::En, Lang::Ko] {
            for e in narrate(&sim, lang) {
                let Some(seg) = e.tx.and_then(|id| sim.transmission(id)) else {
                    continue;
                };
                if !matches!(sim.trace().events[e.event].kind, TraceKind::Send { .. }) {
                    continue;
                }
                let ack = seg.rel_ack;
                if e.text.contains(" + 1") && seg.segment.flags.ack() {
                    assert!(
                        e.text.contains(&format!("Ack={ack}")),
                        "{}: {} should cite Ack={ack}: {}",
                        p.slug,
                        seg.id,
                        e.text
                    );
                    let prev = ack - 1;
                    assert!(
                        e.text.contains(&format!("({prev}) + 1"))
                            || e.text.contains(&format!("Seq={prev} + 1")),
                        "{}: {} should say {prev} + 1: {}",
                        p.slug,
                        seg.id,
                        e.text
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 40, "only {checked} ACK sentences checked");
}

/// S01: "The ACK fields are x+1 and y+1 because each SYN occupies one sequence number. #3 has
/// SEQ = x+1 … because an ACK occupies no sequence space." S10: "Each FIN increases the peer's
/// ACK by 1."
#[test]
fn handshake_and_close_say_why_the_ack_is_one_more() {
    let sim = run("handshake-data-close");
    let en = texts(&sim, Lang::En);
    find(
        &en,
        "S1: the server answers with SYN,ACK: its own ISN (Seq=0) and Ack=1 = the client's ISN (0) + 1, because a SYN occupies one sequence number.",
    );
    let third = find(
        &en,
        "C2: the client ACKs the server's SYN: Ack=1 = the server's ISN (0) + 1",
    );
    assert!(
        third.contains("third segment of the three-way handshake"),
        "{third}"
    );
    assert!(
        third.contains("Seq=1 is still the next byte to send"),
        "{third}"
    );
    find(
        &en,
        "Ack=152 = the FIN's Seq=151 + 1, because a FIN occupies one sequence number",
    );
    find(&en, "Ack=24 = the FIN's Seq=23 + 1");
    find(
        &en,
        "S2: the server ACKs the data: Ack=101 is the next byte it expects",
    );
    let ko = texts(&sim, Lang::Ko);
    find(
        &ko,
        "Ack=1은 클라이언트의 ISN(0) + 1이다. SYN이 시퀀스 번호 하나를 차지하기 때문이다.",
    );
    find(&ko, "Ack=152 = FIN의 Seq=151 + 1이다");
}

/// S17: "the FIN is held, not processed: no EOF to the application, no TIME-WAIT".
#[test]
fn fin_overtaking_data_is_held_and_the_ack_covers_both() {
    let sim = run("fin-overtakes-data");
    let en = texts(&sim, Lang::En);
    let held = find(
        &en,
        "S4 (FIN,ACK) arrives out of order: Seq=101, but the client still waits for 1",
    );
    assert!(held.contains("The FIN waits too"), "{held}");
    find(&en, "C4: a duplicate ACK, Ack=1: byte 1 is still missing.");
    find(
        &en,
        "C5: the client ACKs the server's FIN: Ack=102 = the FIN's Seq=101 + 1",
    );
}

#[test]
fn no_time_wait_ends_in_a_reset_and_simultaneous_close_waits_on_both_sides() {
    let en = texts(&run("no-time-wait"), Lang::En);
    find(&en, "MSL is 0 s here, so TIME-WAIT ends at once");
    find(&en, "S4 (FIN,ACK) finds no connection at the client");
    find(&en, "C5: the client answers with an RST, Seq=2");
    find(
        &en,
        "The RST ends the connection at once: LAST-ACK → CLOSED",
    );

    let en = texts(&run("simultaneous-close"), Lang::En);
    find(
        &en,
        "both sides are closing at once (simultaneous close), FIN-WAIT-1 → CLOSING",
    );
    find(
        &en,
        "The client sent its FIN before it received the server's, so it too enters TIME-WAIT",
    );
    find(
        &en,
        "The server sent its FIN before it received the client's, so it too enters TIME-WAIT",
    );

    let en = texts(&run("simultaneous-open"), Lang::En);
    find(&en, "a simultaneous open, SYN-SENT → SYN-RECEIVED");

    let en = texts(&run("rst-closed-port"), Lang::En);
    find(&en, "acknowledges the client's SYN (RFC 9293 §3.10.7.3)");
    find(&en, "connect() fails with \"connection reset\"");
}

/// S04 (a): the client answers the re-sent SYN,ACK with the ACK the server was missing.
#[test]
fn lost_handshake_ack_is_recovered_by_the_resent_syn_ack() {
    let en = texts(&run("lost-handshake-ack"), Lang::En);
    find(&en, "S2 (SYN,ACK) only repeats what the client already has");
    find(
        &en,
        "It repeats S1; the ACK tells the server again what has arrived.",
    );
    find(
        &en,
        "Its SYN,ACK had to be re-sent, so as data transfer begins the server sets its RTO from 2 s to 3 s",
    );
    let en = texts(&run("lost-syn-ack"), Lang::En);
    find(
        &en,
        "C2, the re-sent SYN, only repeats what the server already has",
    );
}

#[test]
fn bulk_data_is_told_in_runs_not_one_line_per_segment() {
    let sim = run("bulk-data");
    let en = texts(&sim, Lang::En);
    assert!(en.len() < 60, "{} entries", en.len());
    find(
        &en,
        "C3–C202: the client sends 200 data segments back to back, bytes 1–20000",
    );
    find(&en, "receives 200 segments in order, 20000 bytes");
    find(
        &en,
        "(S2–S201); the last, Ack=20001, is the next byte it expects",
    );
    let ko = texts(&sim, Lang::Ko);
    find(&ko, "데이터 세그먼트 200개를 연달아 보낸다");
}

/// The log can grow incrementally: entries of events before the trace's last instant never
/// change as the run goes on, and `narrate_from` continues `narrate`.
#[test]
fn entries_before_the_latest_instant_are_final() {
    for slug in [
        "lost-last-ack",
        "lost-data",
        "fin-overtakes-data",
        "bulk-data",
    ] {
        let full = run(slug);
        let final_log = narrate(&full, Lang::En);
        let mut sim = Simulator::new(&scenario(slug)).unwrap();
        while sim.step() {
            let settled = settled_len(sim.trace());
            let now: Vec<Entry> = narrate(&sim, Lang::En)
                .into_iter()
                .filter(|e| e.event < settled)
                .collect();
            let then: Vec<&Entry> = final_log.iter().filter(|e| e.event < settled).collect();
            assert_eq!(
                now.iter().collect::<Vec<_>>(),
                then,
                "{slug} at {}",
                sim.now()
            );
            let tail = narrate_from(&sim, settled, Lang::En);
            let all = narrate(&sim, Lang::En);
            assert_eq!(&all[now.len()..], &tail[..], "{slug} at {}", sim.now());
        }
    }
}

/// Issue 10, item 10: no English is left in the Korean narration. The Latin words it may hold
/// are protocol names and fields (SYN, ACK, Seq, RCV.NXT, RTO, MSL, TIME-WAIT …), calls as a
/// program writes them (`connect()`), RFC citations, ids (C1, S2) and quoted payloads.
#[test]
fn korean_narration_holds_no_english_words() {
    const ALLOWED: &[&str] = &[
        "SYN",
        "ACK",
        "FIN",
        "RST",
        "PSH",
        "URG",
        "ECE",
        "CWR",
        "Seq",
        "Ack",
        "Len",
        "ISN",
        "IRS",
        "MSS",
        "RTO",
        "RTT",
        "SRTT",
        "RTTVAR",
        "R",
        "MSL",
        "TCB",
        "RCV",
        "NXT",
        "RFC",
        "SHLD",
        "CLOSED",
        "LISTEN",
        "SENT",
        "RECEIVED",
        "ESTABLISHED",
        "WAIT",
        "CLOSE",
        "CLOSING",
        "LAST",
        "TIME",
        "Karn",
        "ECONNREFUSED",
        "listen",
        "connect",
        "accept",
        "send",
        "close",
        "abort",
        "way",
    ];
    let mut sims: Vec<Simulator> = PRESETS.iter().map(|p| run(p.slug)).collect();
    sims.push(busy_session());
    for sim in &sims {
        for e in narrate(sim, Lang::Ko) {
            // Quoted payloads are the user's own text.
            let unquoted: String = e.text.split('"').step_by(2).collect::<Vec<_>>().join(" ");
            for word in unquoted.split(|c: char| !c.is_ascii_alphabetic()) {
                if word.len() < 2 && word != "R" || ALLOWED.contains(&word) {
                    continue;
                }
                // Ids: C1, S2 (the letter alone is left once the digits are split off).
                if word == "C" || word == "S" {
                    continue;
                }
                panic!("English word {word:?} in: {}", e.text);
            }
        }
    }
}

/// Issue 14: where the profiles differ, the narration says whose rule it is, from the trace's
/// rule and verdict facts ("Linux: TCP_TIMEWAIT_LEN = 60 s; RFC: 2·MSL"), in both languages.
#[test]
fn the_linux_profile_is_narrated_as_linux_and_the_rfc_profile_as_rfc() {
    use handshake_core::config::Profile;
    let texts = |slug: &str, profile: Profile, lang: Lang| -> String {
        let s = handshake_core::presets::find(slug)
            .unwrap()
            .scenario()
            .unwrap()
            .with_profile(profile);
        let mut sim = Simulator::new(&s).unwrap();
        sim.run_to_end();
        narrate(&sim, lang)
            .into_iter()
            .map(|e| e.text)
            .collect::<Vec<_>>()
            .join("\n")
    };
    // TIME-WAIT's length.
    let linux = texts("normal-close", Profile::Linux, Lang::En);
    assert!(linux.contains("TCP_TIMEWAIT_LEN = 60 s, whatever the MSL; RFC 9293 says 2·MSL"));
    assert!(!linux.contains("waits 2·MSL"));
    assert!(texts("normal-close", Profile::Linux, Lang::Ko).contains("60초로 고정"));
    let rfc = texts("normal-close", Profile::Rfc, Lang::En);
    assert!(rfc.contains("waits 2·MSL") && !rfc.contains("TCP_TIMEWAIT_LEN"));
    // The delayed ACK of a FIN.
    assert!(linux.contains("does not ACK the FIN at once"));
    assert!(!rfc.contains("does not ACK the FIN at once"));
    // The duplicate SYNs: a SYN,ACK again, then none within the rate limit.
    let linux = texts("duplicate-syn", Profile::Linux, Lang::En);
    assert!(linux.contains("restarts its SYN,ACK timer from this answer"));
    assert!(linux.contains("tcp_invalid_ratelimit"));
    let rfc = texts("duplicate-syn", Profile::Rfc, Lang::En);
    assert!(rfc.contains("answers with a plain ACK") && !rfc.contains("tcp_invalid_ratelimit"));
    // The SYN schedule.
    let linux = texts("lost-syn", Profile::Linux, Lang::En);
    assert!(linux.contains("Linux keeps the RTO at 1 s for its first SYN retransmissions"));
    assert!(texts("lost-syn", Profile::Rfc, Lang::En).contains("doubles the RTO"));
    // The crossing SYN,ACK of a simultaneous open.
    assert!(
        texts("simultaneous-open", Profile::Linux, Lang::En)
            .contains("also ACKs the SYN that SYN,ACK repeats")
    );
}
