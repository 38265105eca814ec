//! The built `handshake-cli` binary on good and bad input.

use std::path::PathBuf;
use std::process::{Command, Output};

use handshake_core::link::{self, Experiment, Lang};
use handshake_core::sim::{Action, Fault, Simulator};
use handshake_core::{Duration, Instant, wire};

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_handshake-cli"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("UTF-8 errors")
}

/// A fresh path in the temp directory for this test.
fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("handshake-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Fails with one line on stderr, nothing on stdout, the given exit code, and no panic.
#[track_caller]
fn fails(args: &[&str], code: i32, message: &str) {
    let o = cli(args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(code), "{args:?}: {err}");
    assert!(o.stdout.is_empty(), "{args:?} printed {}", stdout(&o));
    assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    assert!(err.starts_with("handshake-cli: "), "{err}");
    assert!(err.contains(message), "{args:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn presets_lists_every_preset_with_title_and_notice() {
    let o = cli(&["presets"]);
    assert!(o.status.success());
    let out = stdout(&o);
    for p in handshake_core::presets::PRESETS {
        let line = out
            .lines()
            .find(|l| l.starts_with(p.slug))
            .unwrap_or_else(|| panic!("{} missing", p.slug));
        assert!(line.ends_with(&p.title().en), "{line}");
        assert!(out.contains(&p.notice().en));
    }
    assert_eq!(
        out.lines().count(),
        2 * handshake_core::presets::PRESETS.len()
    );
}

#[test]
fn run_preset_prints_the_ladder_and_where_both_ends_finished() {
    let o = cli(&["run", "--preset", "handshake"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("Three-way handshake\n"));
    assert!(out.contains("C1 [SYN] Seq=0 Win=1000 Len=0 MSS=100"));
    assert!(out.contains("S1 [SYN, ACK] Seq=0 Ack=1 Win=1000 Len=0 MSS=100"));
    assert!(out.contains("C2 [ACK] Seq=1 Ack=1 Win=1000 Len=0"));
    assert!(
        out.trim_end().ends_with("at 0.3s: client ESTABLISHED, server ESTABLISHED (nothing left to happen; 3 segments sent)"),
        "{out}"
    );
}

/// Issue 9's acceptance: the narrated ladder of lost-last-ack in Korean — every instant's rows
/// followed by what happened there, and the title, legend and summary in Korean.
#[test]
fn narrate_prints_the_ladder_with_its_narration_in_either_language() {
    let o = cli(&[
        "run",
        "--preset",
        "lost-last-ack",
        "--narrate",
        "--lang",
        "ko",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("마지막 ACK 유실: TIME-WAIT로 다시 오는 FIN\n"),
        "{out}"
    );
    assert!(
        out.contains("S4 (rtx of S3) [FIN, ACK] Seq=1 Ack=2"),
        "{out}"
    );
    let restart = out.find("│ 2·MSL timer restart").expect("the ladder row");
    let told = out
        .find("▸ 클라이언트는 2·MSL 타이머를 처음부터 다시 잰다. TIME-WAIT는 이제 이 FIN으로부터 10초 뒤인")
        .expect("the narration of the restart");
    assert!(restart < told, "the narration follows its instant's rows");
    assert!(out.contains("범례:"), "{out}");
    assert!(
        out.trim_end().ends_with(
            "12.6초: 클라이언트 CLOSED, 서버 CLOSED (더 일어날 일이 없음, 보낸 세그먼트 9개)"
        ),
        "{out}"
    );
    // The same run without --narrate has the same ladder rows and none of the narration.
    let plain = stdout(&cli(&["run", "--preset", "lost-last-ack"]));
    let narrated = stdout(&cli(&["run", "--preset", "lost-last-ack", "--narrate"]));
    let rows = |s: &str| {
        s.lines()
            .filter(|l| l.contains('│'))
            .map(String::from)
            .collect::<Vec<_>>()
    };
    assert_eq!(rows(&plain), rows(&narrated));
    assert!(!plain.contains('▸'));
    assert!(
        narrated.contains("▸ S4, the re-sent FIN, reaches the client in TIME-WAIT"),
        "{narrated}"
    );
    // Every narration line fits the ladder's width (a Hangul syllable is two columns).
    let width = out.lines().map(|l| l.chars().count()).max().unwrap();
    for line in out.lines().filter(|l| l.trim_start().starts_with('▸')) {
        assert!(
            handshake_explain::transcript::display_width(line) <= width,
            "{line}"
        );
    }
}

#[test]
fn absolute_shows_the_initial_sequence_numbers() {
    let rel = stdout(&cli(&["run", "--preset", "handshake", "--json"]));
    let first: serde_json::Value = serde_json::from_str(
        rel.lines()
            .find(|l| l.contains(r#""type":"send""#))
            .unwrap(),
    )
    .unwrap();
    let isn = first["seq"].as_u64().unwrap();
    let abs = stdout(&cli(&["run", "--preset", "handshake", "--absolute"]));
    assert!(
        abs.contains(&format!("C1 [SYN] Seq={isn} Win=1000")),
        "{abs}"
    );
}

#[test]
fn json_is_one_event_per_line_with_time_and_type() {
    let o = cli(&["run", "--preset", "lost-syn", "--json"]);
    assert!(o.status.success());
    let events: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert!(events.len() > 20);
    for e in &events {
        assert!(e["t"].is_number() && e["type"].is_string(), "{e}");
    }
    let drop = events.iter().find(|e| e["type"] == "drop").unwrap();
    assert_eq!(
        (
            drop["t"].as_u64(),
            drop["id"].as_str(),
            drop["reason"].as_str()
        ),
        (Some(50), Some("C1"), Some("rule"))
    );
    let resent = events
        .iter()
        .find(|e| e["type"] == "send" && e["id"] == "C2")
        .unwrap();
    assert_eq!(resent["t"], 1000);
    assert_eq!(resent["retransmission_of"], "C1");
    assert_eq!(resent["flags"], serde_json::json!(["SYN"]));
    assert_eq!(resent["rel_seq"], 0);
}

#[test]
fn until_stops_the_run_there() {
    let o = cli(&["run", "--preset", "handshake", "--until", "150"]);
    let out = stdout(&o);
    assert!(
        out.trim_end().ends_with(
            "at 0.15s: client SYN-SENT, server SYN-RECEIVED (stopped at 0.15s; 2 segments sent)"
        ),
        "{out}"
    );
}

#[test]
fn run_file_reads_a_scenario() {
    let path = temp("three-segment.json");
    std::fs::write(
        &path,
        r#"{"seed": 3, "apps": {"server": {"close_on_eof": true}},
            "actions": [{"at_ms": 0, "side": "server", "call": "listen"},
                        {"at_ms": 0, "side": "client", "call": "connect"},
                        {"at_ms": 400, "side": "client", "call": "close"}]}"#,
    )
    .unwrap();
    let o = cli(&["run", path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("S2 [FIN, ACK] Seq=1 Ack=2"), "{out}");
    assert!(out.contains("client CLOSED, server CLOSED"));
}

#[test]
fn pcap_holds_every_transmission_at_its_virtual_time() {
    let path = temp("lost-syn.pcap");
    let o = cli(&[
        "run",
        "--preset",
        "lost-syn",
        "--pcap",
        path.to_str().unwrap(),
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let sends: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|e| e["type"] == "send")
        .collect();
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(
        &bytes[..4],
        &0xa1b2_c3d4u32.to_le_bytes(),
        "pcap, microseconds, little-endian"
    );
    // Walk the records: 16-byte header (seconds, microseconds, captured, original length).
    let mut at = 24;
    let mut records = vec![];
    while at < bytes.len() {
        let u = |i: usize| u32::from_le_bytes(bytes[at + i..at + i + 4].try_into().unwrap());
        let (secs, micros, len) = (u(0), u(4), u(8) as usize);
        let packet = &bytes[at + 16..at + 16 + len];
        records.push((
            u64::from(secs) * 1_000_000 + u64::from(micros),
            wire::parse_ipv4_tcp(packet).unwrap(),
        ));
        at += 16 + len;
    }
    assert_eq!(records.len(), sends.len());
    for ((micros, (_, _, seg)), send) in records.iter().zip(&sends) {
        assert_eq!(*micros, (send["t"].as_f64().unwrap() * 1000.0) as u64);
        assert_eq!(u64::from(seg.seq.0), send["seq"].as_u64().unwrap());
    }
}

#[test]
fn help_and_version() {
    let o = cli(&["--help"]);
    assert!(o.status.success() && stdout(&o).contains("usage: handshake-cli run FILE"));
    let o = cli(&["--version"]);
    assert!(stdout(&o).starts_with("handshake-cli "));
}

#[test]
fn bad_input_is_one_line_and_a_nonzero_exit() {
    fails(&[], 2, "missing command");
    fails(&["fly"], 2, "unknown command `fly`");
    fails(
        &["run"],
        2,
        "needs a scenario FILE, `--preset NAME` or `--link LINK`",
    );
    fails(
        &["run", "--preset", "handshake", "--frobnicate"],
        2,
        "unknown option `--frobnicate`",
    );
    fails(
        &["run", "--preset", "handshake", "--until", "later"],
        2,
        "`--until` needs milliseconds",
    );
    fails(
        &["run", "--preset", "no-such-thing"],
        1,
        "unknown preset `no-such-thing`",
    );
    fails(
        &["run", "/no/such/file.json"],
        1,
        "cannot read /no/such/file.json",
    );

    let bad = temp("bad.json");
    std::fs::write(&bad, r#"{"config": {"latency_ms": "fast"}}"#).unwrap();
    fails(
        &["run", bad.to_str().unwrap()],
        1,
        r#"config.latency_ms: invalid type: string "fast""#,
    );
    std::fs::write(&bad, "{ not json").unwrap();
    fails(
        &["run", bad.to_str().unwrap()],
        1,
        "not valid JSON at line 1, column 3",
    );
    std::fs::write(&bad, [0xff, 0xfe, 0x00]).unwrap();
    fails(&["run", bad.to_str().unwrap()], 1, "cannot read");

    fails(
        &[
            "run",
            "--preset",
            "handshake",
            "--pcap",
            "/no/such/dir/out.pcap",
        ],
        1,
        "cannot create /no/such/dir/out.pcap",
    );
}

#[test]
fn options_take_their_value_after_an_equals_sign_too() {
    let spaced = cli(&["run", "--preset", "lost-syn", "--until", "1500", "--json"]);
    let joined = cli(&["run", "--preset=lost-syn", "--until=1500", "--json"]);
    assert!(joined.status.success(), "{}", stderr(&joined));
    assert_eq!(stdout(&joined), stdout(&spaced));
    assert!(stdout(&joined).lines().count() > 5);
}

/// std::env::args panicked (exit 101) on an argument that is not UTF-8.
#[cfg(unix)]
#[test]
fn a_non_utf8_argument_gets_a_message_not_a_panic() {
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;
    let bad = OsString::from_vec(vec![b'l', b'o', b's', b't', 0xff]);
    let o = Command::new(env!("CARGO_BIN_EXE_handshake-cli"))
        .args([
            OsString::from("run"),
            OsString::from("--preset"),
            bad.clone(),
        ])
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.starts_with("handshake-cli: `--preset` is not valid UTF-8"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
    // A file name is a path, which need not be UTF-8: it is looked for.
    let o = Command::new(env!("CARGO_BIN_EXE_handshake-cli"))
        .args([OsString::from("run"), bad])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("cannot read lost"), "{}", stderr(&o));
}

/// A run that reached its event budget used to exit 0 with no sign in its trace.
#[test]
fn a_run_cut_short_by_its_event_budget_says_so_and_exits_3() {
    let o = cli(&["run", "--preset", "lost-syn", "--json", "--max-events", "4"]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let out = stdout(&o);
    let last: serde_json::Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
    assert_eq!(last["type"], "budget_exhausted");
    assert_eq!(last["events"], 4);
    let err = stderr(&o);
    assert_eq!(
        err,
        "handshake-cli: the run was cut short after 4 events (its event budget)\n"
    );
    // The ladder says it too, and so does the last line.
    let o = cli(&["run", "--preset", "lost-syn", "--max-events", "4"]);
    assert_eq!(o.status.code(), Some(3));
    let out = stdout(&o);
    assert!(out.contains("the run was cut short"), "{out}");
    assert!(
        out.trim_end()
            .ends_with("event budget exhausted; 2 segments sent)"),
        "{out}"
    );
    // Within its budget the same run exits 0.
    assert!(
        cli(&["run", "--preset", "lost-syn", "--max-events", "1000"])
            .status
            .success()
    );
}

// ----- share links -------------------------------------------------------------------------

/// The teacher's experiment of issue 11: lost-last-ack (its rule drops the last ACK C4), then by
/// hand the client's re-ACK C5 dropped and the server's next re-sent FIN S5 delayed by 1 s,
/// paused at 6 s, in Korean.
fn teachers_link() -> (String, Experiment) {
    let mut e = Experiment::preset("lost-last-ack").unwrap();
    let mut sim = Simulator::new(&e.running_scenario()).unwrap();
    sim.run_until(Instant::from_millis(2_650));
    sim.apply(Action::Fault {
        target: "C5".parse().unwrap(),
        fault: Fault::Drop,
    })
    .unwrap();
    sim.run_until(Instant::from_millis(4_550));
    sim.apply(Action::Fault {
        target: "S5".parse().unwrap(),
        fault: Fault::Delay(Duration::from_secs(1)),
    })
    .unwrap();
    sim.run_until(Instant::from_millis(6_000));
    e.tape = sim.actions().to_vec();
    e.present = sim.now();
    e.lang = Some(Lang::Ko);
    (link::encode(&e), e)
}

#[test]
fn run_link_prints_the_trace_the_link_shows() {
    let (link, e) = teachers_link();
    // What the app shows when it opens the link: the same replay.
    let want = e.replay().unwrap().trace().to_json_lines();
    assert!(
        want.contains(r#"{"t":2650,"type":"drop","id":"C5","#),
        "{want}"
    );
    for form in [
        link.clone(),
        format!("#{link}"),
        format!("https://example.org/handshake-lab/?lang=en#{link}"),
        link["x1.".len()..].to_owned(),
    ] {
        let o = cli(&["run", "--link", &form, "--json"]);
        assert!(o.status.success(), "{form}: {}", stderr(&o));
        assert_eq!(stdout(&o), want, "{form}");
    }
    let out = stdout(&cli(&["run", "--link", &link]));
    assert!(
        out.starts_with("Lost last ACK: the FIN is re-sent into TIME-WAIT\n"),
        "{out}"
    );
    assert!(out.contains("✕ C5 lost (by user)"), "{out}");
    assert!(
        out.contains("S5 delayed +1s (by user), arrives at 5.6s"),
        "{out}"
    );
    assert!(
        out.trim_end()
            .ends_with("at 6s: client TIME-WAIT, server CLOSED (stopped at 6s; 11 segments sent)"),
        "{out}"
    );
}

#[test]
fn run_link_until_and_absolute() {
    let (link, _) = teachers_link();
    let out = stdout(&cli(&["run", "--link", &link, "--until", "2000"]));
    assert!(!out.contains("C5"), "the drop is later: {out}");
    assert!(
        out.trim_end()
            .ends_with("at 2s: client TIME-WAIT, server LAST-ACK (stopped at 2s; 7 segments sent)"),
        "{out}"
    );

    // A link's number mode is the ladder's: the same as the preset run with --absolute.
    let mut e = Experiment::preset("handshake").unwrap();
    e.present = Instant::from_millis(1_000);
    e.absolute = true;
    let by_link = cli(&["run", "--link", &link::encode(&e)]);
    let by_preset = cli(&[
        "run",
        "--preset",
        "handshake",
        "--absolute",
        "--until",
        "1000",
    ]);
    assert!(by_link.status.success());
    assert_eq!(stdout(&by_link), stdout(&by_preset));
    assert!(!stdout(&by_link).contains("Seq=0 "), "absolute numbers");
}

/// A link whose document is `json`, made without the codec.
fn link_of(document: &[u8]) -> String {
    use base64::Engine;
    let deflated = miniz_oxide::deflate::compress_to_vec(document, 6);
    format!(
        "x1.{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(deflated)
    )
}

#[test]
fn bad_links_get_the_message_and_exit_2() {
    let (link, _) = teachers_link();
    let open = |l: &str| vec!["run".to_owned(), "--link".to_owned(), l.to_owned()];
    for (l, message) in [
        (
            link[..link.len() - 10].to_owned(),
            "cannot open the link: the link is incomplete (it was cut off)",
        ),
        (
            format!("x2.{}", &link[3..]),
            "the link is in format `x2`, which this version of Handshake Lab cannot read",
        ),
        (
            link_of(&vec![b'{'; 1 << 20]),
            "the link unpacks to more than 256 KB",
        ),
        (
            "https://example.org/handshake-lab/?preset=lost-syn".to_owned(),
            "this address has no `#…` part",
        ),
        (
            format!("{}*", &link[..20]),
            "character 18 of its data, '*', cannot appear in a link",
        ),
        (
            link_of(br#"{"p":"handshake","d":{"config":{"loss":2}}}"#),
            "the link's scenario is not valid: config.loss: must be between 0 and 1, not 2",
        ),
        (
            link_of(br#"{"p":"no-such-preset"}"#),
            "based on the scenario `no-such-preset`",
        ),
        (link_of(b"not json"), "the link's contents are not valid"),
    ] {
        let args = open(&l);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        fails(&args, 2, message);
    }
}

#[test]
fn live_and_differential_reject_bad_command_lines_before_touching_the_machine() {
    for (args, message) in [
        (&["live"][..], "needs a scenario FILE or `--preset NAME`"),
        (
            &["live", "--preset", "handshake"],
            "needs `--role client` or `--role server`",
        ),
        (
            &["live", "--preset", "handshake", "--role", "kernel"],
            "not `kernel`",
        ),
        (
            &[
                "live",
                "--preset",
                "handshake",
                "--role",
                "client",
                "--profile",
                "bsd",
            ],
            "unknown profile `bsd`",
        ),
        (
            &["differential", "--only", "bulk-data"],
            "not one of the differential's presets",
        ),
        (
            &["differential", "--update"],
            "`--update` needs `--expect FILE`",
        ),
    ] {
        fails(args, 2, message);
    }
    // Options take their value after an equals sign here too (lexopt, as `run`).
    fails(
        &["live", "--preset=handshake", "--role=kernel"],
        2,
        "not `kernel`",
    );
    // A scenario that cannot be read is an input error, found before any namespace is made.
    fails(
        &["live", "/no/such/scenario.json", "--role", "client"],
        1,
        "cannot read /no/such/scenario.json",
    );
}

#[test]
fn live_help_names_the_roles_and_the_exit_code_for_an_unfit_machine() {
    for cmd in ["live", "differential"] {
        let o = cli(&[cmd, "--help"]);
        assert!(o.status.success());
        let out = stdout(&o);
        assert!(out.contains("--role client|server"), "{out}");
        assert!(
            out.contains("77 this machine cannot run the kernel side"),
            "{out}"
        );
    }
    assert!(stdout(&cli(&["--help"])).contains("handshake-cli live"));
}

/// Issue 13's presets print with their hand-made segments, old duplicates (original and age),
/// crashes, reboots and named connections; a counterfactual run is marked NOT TCP.
#[test]
fn run_prints_segments_from_the_past_crashes_and_broken_tcp() {
    let out = stdout(&cli(&["run", "--preset", "old-duplicate-syn"]));
    assert!(out.contains("C*1 [SYN] Seq=-10 Win=1000 Len=0"), "{out}");
    assert!(
        out.contains("(C*1 is hand-made: not sent by the client)"),
        "{out}"
    );
    assert!(out.contains("S1 [SYN, ACK] Seq=0 Ack=-9"), "{out}");
    let out = stdout(&cli(&["run", "--preset", "time-wait-old-duplicate"]));
    assert!(
        out.contains("C3~3.5s = old duplicate of C3 (sent at 0.5s, 3.5s ago) arrives now"),
        "{out}"
    );
    assert!(out.contains("✕ C3~11.9s lost (older than MSL)"), "{out}");
    let out = stdout(&cli(&["run", "--preset", "crash-reconnect"]));
    assert!(out.contains("│ CRASH "), "{out}");
    assert!(out.contains("│ reboot "), "{out}");
    assert!(out.contains("#2: SYN-SENT"), "{out}");
    let json = stdout(&cli(&["run", "--preset", "crash-reconnect", "--json"]));
    assert!(json.contains(r#""type":"crash","endpoint":"client""#));
    assert!(json.contains(r#""conn":2"#));

    let file = temp("two-way.json");
    std::fs::write(
        &file,
        r#"{"config": {"server": {"counterfactual": ["two_way_handshake"]}},
            "actions": [{"at_ms": 0, "side": "server", "call": "listen"},
                        {"at_ms": 0, "side": "client", "call": "connect"}]}"#,
    )
    .unwrap();
    let o = cli(&["run", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("NOT TCP: broken-TCP switches are on"), "{out}");
    assert!(out.contains("≠ not TCP"), "{out}");
    assert!(out.contains("LISTEN → ESTABLISHED: received SYN"), "{out}");
    let json = stdout(&cli(&["run", file.to_str().unwrap(), "--json"]));
    assert!(
        json.lines().all(|l| l.contains(r#""counterfactual":true"#)),
        "{json}"
    );
}

// ----- --format ---------------------------------------------------------------------------

#[test]
fn format_text_and_json_are_what_the_default_and_json_print() {
    for preset in ["handshake", "lost-last-ack"] {
        let text = cli(&["run", "--preset", preset]);
        assert_eq!(
            cli(&["run", "--preset", preset, "--format", "text"]).stdout,
            text.stdout
        );
        let json = cli(&["run", "--preset", preset, "--json"]);
        for f in ["json", "jsonl"] {
            assert_eq!(
                cli(&["run", "--preset", preset, "--format", f]).stdout,
                json.stdout
            );
        }
        assert_eq!(
            cli(&["run", "--preset", preset, "--format=text", "--narrate"]).stdout,
            cli(&["run", "--preset", preset, "--narrate"]).stdout
        );
    }
}

#[test]
fn format_svg_embeds_the_experiment_that_replays_the_run() {
    // A preset to its end, and the teacher's link at its present.
    let (link, e) = teachers_link();
    for args in [
        vec![
            "run",
            "--preset",
            "lost-last-ack",
            "--format",
            "svg",
            "--lang",
            "ko",
        ],
        vec!["run", "--link", &link, "--format", "svg"],
    ] {
        let o = cli(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        let svg = stdout(&o);
        assert!(svg.starts_with("<?xml"), "{svg}");
        let back = handshake_export::svg_experiment(&svg).expect("the experiment");
        let json_args: Vec<&str> = args[..3].iter().copied().chain(["--json"]).collect();
        assert_eq!(
            back.replay().unwrap().trace().to_json_lines(),
            stdout(&cli(&json_args)),
            "{args:?}"
        );
    }
    let svg = stdout(&cli(&["run", "--link", &link, "--format", "svg"]));
    assert_eq!(handshake_export::svg_experiment(&svg), Ok(e));
    // Korean words when asked.
    let ko = stdout(&cli(&[
        "run",
        "--preset",
        "lost-last-ack",
        "--format",
        "svg",
        "--lang",
        "ko",
    ]));
    assert!(ko.contains("클라이언트") && ko.contains("xml:lang=\"ko\""));
}

#[test]
fn format_diagrams_scenario_and_pcap() {
    let m = stdout(&cli(&[
        "run", "--preset", "lost-syn", "--format", "mermaid", "--lang", "ko",
    ]));
    assert!(m.starts_with("sequenceDiagram\n"), "{m}");
    assert!(m.contains("participant C as 클라이언트"));
    assert!(
        m.contains("C-xS: 0초 · C1 [SYN] Seq=0 Win=1000 Len=0 MSS=100 — 유실(규칙)"),
        "{m}"
    );
    let p = stdout(&cli(&[
        "run", "--preset", "lost-syn", "--format", "plantuml",
    ]));
    assert!(p.starts_with("@startuml\n!pragma teoz true\n") && p.ends_with("@enduml\n"));
    assert!(p.contains("C ->x S : 0 s · C1 [SYN]"), "{p}");
    // The scenario file replays the same trace.
    let scenario = stdout(&cli(&[
        "run", "--preset", "lost-syn", "--format", "scenario",
    ]));
    let file = temp("lost-syn.scenario.json");
    std::fs::write(&file, &scenario).unwrap();
    assert_eq!(
        cli(&["run", file.to_str().unwrap(), "--json"]).stdout,
        cli(&["run", "--preset", "lost-syn", "--json"]).stdout
    );
    // The pcap through -o is the --pcap file, byte for byte.
    let (a, b) = (temp("a.pcap"), temp("b.pcap"));
    let o = cli(&[
        "run",
        "--preset",
        "lost-syn",
        "--format",
        "pcap",
        "-o",
        a.to_str().unwrap(),
    ]);
    assert!(o.status.success() && o.stdout.is_empty(), "{}", stderr(&o));
    let o = cli(&["run", "--preset", "lost-syn", "--pcap", b.to_str().unwrap()]);
    assert!(o.status.success());
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    // -o writes any format to the file, and nothing to standard output.
    let out = temp("x.mmd");
    let o = cli(&[
        "run",
        "--preset",
        "lost-syn",
        "--format=mermaid",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success() && o.stdout.is_empty());
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("sequenceDiagram")
    );
}

/// Dark pixels (text, arrows, state boxes) in a PNG.
fn ink(png: &[u8]) -> (u32, u32, usize) {
    let p = resvg::tiny_skia::Pixmap::decode_png(png).expect("a PNG");
    let dark = p
        .pixels()
        .iter()
        .filter(|c| c.alpha() > 128 && u32::from(c.red()) + u32::from(c.green()) < 200)
        .count();
    (p.width(), p.height(), dark)
}

#[test]
fn png_is_the_svg_at_twice_its_size_with_its_text_drawn() {
    for lang in ["en", "ko"] {
        let args = ["run", "--preset", "lost-last-ack", "--lang", lang];
        let svg = stdout(&cli(&[&args[..], &["--format", "svg"]].concat()));
        let png = cli(&[&args[..], &["--format", "png"]].concat());
        assert!(png.status.success(), "{lang}: {}", stderr(&png));
        assert!(png.stdout.starts_with(b"\x89PNG\r\n\x1a\n"), "{lang}");
        let attr = |name: &str| -> u32 {
            let at = svg.find(&format!(" {name}=\"")).expect("size") + name.len() + 3;
            svg[at..].split('"').next().unwrap().parse().unwrap()
        };
        let (w, h, dark) = ink(&png.stdout);
        assert_eq!((w, h), (2 * attr("width"), 2 * attr("height")), "{lang}");
        // The same picture without its words has far less ink: the labels (Korean too) were
        // drawn, not left out for want of a font.
        let bare = without_text(&svg);
        let mut options = resvg::usvg::Options::default();
        options.fontdb_mut().load_system_fonts();
        let tree = resvg::usvg::Tree::from_str(&bare, &options).unwrap();
        let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h).unwrap();
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::from_scale(2.0, 2.0),
            &mut pixmap.as_mut(),
        );
        let (_, _, bare_dark) = ink(&pixmap.encode_png().unwrap());
        assert!(
            dark > bare_dark + 20_000,
            "{lang}: {dark} dark pixels with text, {bare_dark} without"
        );
    }
}

/// The SVG with every `<text …>…</text>` element removed.
fn without_text(svg: &str) -> String {
    let mut out = String::new();
    let mut rest = svg;
    while let Some(start) = rest.find("<text") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("</text>").expect("closed") + start + "</text>".len();
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn format_errors_are_one_line() {
    fails(
        &["run", "--preset", "handshake", "--format", "gif"],
        2,
        "`--format` is one of text, json, jsonl, scenario, svg, mermaid, plantuml, pcap, png",
    );
    fails(
        &[
            "run",
            "--preset",
            "handshake",
            "--format",
            "svg",
            "-o",
            "/no/such/dir/x.svg",
        ],
        1,
        "cannot create /no/such/dir/x.svg",
    );
}
