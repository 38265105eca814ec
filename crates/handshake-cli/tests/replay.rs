//! `handshake-cli replay` on the real captures of `crates/handshake-capture/tests/data/` and on
//! bad files.

use std::path::PathBuf;
use std::process::{Command, Output};

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_handshake-cli"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn data(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../handshake-capture/tests/data")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn temp(name: &str, bytes: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("handshake-cli-replay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_string_lossy().into_owned()
}

#[track_caller]
fn fails(args: &[&str], code: i32, message: &str) {
    let o = cli(args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(code), "{args:?}: {err}");
    assert!(o.stdout.is_empty(), "{args:?} printed {}", stdout(&o));
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("handshake-cli: "), "{err}");
    assert!(err.contains(message), "{args:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn one_connection_prints_its_ladder_and_both_ends_final_states() {
    let o = cli(&["replay", &data("lo-client-closes.pcap")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("pcap, Ethernet; 11 packets, 11 TCP over IPv4 in 1 connection"));
    assert!(out.contains("C1 [SYN] Seq=0 Win=65495 Len=0 MSS=65495"));
    assert!(out.contains("LISTEN → SYN-RECEIVED: received SYN"));
    assert!(out.contains("FIN-WAIT-2 → TIME-WAIT: received FIN"));
    assert!(
        out.trim_end().ends_with(
            "client TIME-WAIT, server CLOSED (inferred; 0 places where the capture and the rules disagree)"
        ),
        "{out}"
    );
    // Where the ends were placed: a loopback capture is at both ends, a few µs each.
    assert!(out.contains("placed: client 0.00000"), "{out}");
    let tun = stdout(&cli(&["replay", &data("handshake-kernel-server.pcap")]));
    assert!(tun.contains(
        "placed: client 0.026915s, server 0.000082s from the capture point (the capture was taken nearest the server)"
    ), "{tun}");
    // The first row is each end's state when the capture began.
    let first_row = out.lines().find(|l| l.contains("│ CLOSED")).unwrap();
    assert!(first_row.trim_end().ends_with("│ LISTEN"), "{first_row}");
    // An inconsistency is flagged beside the end that showed it.
    let cut = stdout(&cli(&["replay", &data("cut-missing-data.pcap")]));
    assert!(
        cut.contains("⚠ missing segment: Ack=7 acknowledges bytes never seen (seen up to 1) · │ ⚠"),
        "{cut}"
    );
    // --absolute: the ISN instead of 0.
    let abs = stdout(&cli(&[
        "replay",
        &data("lo-client-closes.pcap"),
        "--absolute",
    ]));
    assert!(!abs.contains("C1 [SYN] Seq=0 "));
}

#[test]
fn several_connections_are_listed_and_conn_picks_one() {
    let o = cli(&["replay", &data("lo-several.pcapng")]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.contains("pcapng, Ethernet; 21 packets, 21 TCP over IPv4 in 3 connections"));
    let rows: Vec<&str> = out.lines().filter(|l| l.contains(" →  ")).collect();
    assert_eq!(rows.len(), 3, "{out}");
    assert!(rows[0].contains("127.0.0.1:8001") && rows[0].ends_with("2  not seen"));
    assert!(rows[1].contains("127.0.0.1:8010") && rows[1].ends_with("11  seen"));
    assert!(out.contains("pick one with `--conn N`"));

    let o = cli(&["replay", &data("lo-several.pcapng"), "--conn", "3"]);
    let out = stdout(&o);
    assert!(out.contains("connection 3 of 3: client 127.0.0.1:"));
    assert!(out.contains("ESTABLISHED → CLOSED: user ABORT"));

    // The list as JSON Lines too.
    let o = cli(&["replay", &data("lo-several.pcapng"), "--json"]);
    let rows: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1]["segments"], 11);
    assert_eq!(rows[1]["handshake_seen"], true);
}

#[test]
fn json_is_the_observed_trace_one_object_a_line() {
    let o = cli(&["replay", &data("cut-missing-data.pcap"), "--json"]);
    assert!(o.status.success());
    let events: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let note = events
        .iter()
        .find(|e| e["type"] == "observe" && e["note"] == "ack_of_unseen")
        .expect("the missing segment is noted");
    assert_eq!(note["endpoint"], "server");
    assert_eq!(note["rel_ack"], 7);
    assert_eq!(note["seen_rel_seq"], 1);
    let initial: Vec<_> = events
        .iter()
        .filter(|e| e["note"] == "initial")
        .map(|e| {
            (
                e["endpoint"].clone(),
                e["state"].clone(),
                e["basis"].clone(),
            )
        })
        .collect();
    assert_eq!(
        initial,
        vec![
            ("client".into(), "CLOSED".into(), "opens_actively".into()),
            ("server".into(), "LISTEN".into(), "answered_syn".into()),
        ]
    );
    assert_eq!(events.iter().filter(|e| e["type"] == "send").count(), 10);
}

#[test]
fn bad_files_get_one_line_and_exit_1() {
    fails(
        &["replay", "/nonexistent.pcap"],
        1,
        "cannot read /nonexistent.pcap",
    );
    let json = temp("scenario.json", b"{\"seed\": 1}");
    fails(&["replay", &json], 1, "not a pcap or pcapng capture");
    let empty = temp("empty.pcap", b"");
    fails(&["replay", &empty], 1, "the file is empty");
    fails(
        &["replay", &data("lo-ipv6-only.pcap")],
        1,
        "no TCP over IPv4 in the capture (6 packets, 6 IPv6 (only IPv4 is read))",
    );
    fails(
        &["replay", &data("lo-several.pcapng"), "--conn", "4"],
        1,
        "no connection 4: the capture has 3",
    );
    let head = std::fs::read(data("lo-client-closes.pcap")).unwrap();
    let cut = temp("cut.pcap", &head[..30]);
    fails(&["replay", &cut], 1, "the file is cut short");
}

#[test]
fn a_file_cut_short_warns_and_shows_what_came_before() {
    let bytes = std::fs::read(data("lo-client-closes.pcap")).unwrap();
    let cut = temp("cut-late.pcap", &bytes[..bytes.len() - 5]);
    let o = cli(&["replay", &cut]);
    assert!(o.status.success());
    assert!(stderr(&o).starts_with("handshake-cli: warning: "));
    assert!(stderr(&o).contains("cut short"));
    assert!(stdout(&o).contains("after 10 segments"));
}

#[test]
fn replay_command_lines_are_checked() {
    fails(&["replay"], 2, "`replay` needs a capture FILE");
    fails(&["replay", "a.pcap", "b.pcap"], 2, "one capture file only");
    fails(&["replay", "a.pcap", "--conn"], 2, "`--conn` needs a value");
    fails(
        &["replay", "a.pcap", "--conn", "0"],
        2,
        "connection number from 1",
    );
    fails(
        &["replay", "a.pcap", "--frobnicate"],
        2,
        "unknown option `--frobnicate`",
    );
    let o = cli(&["replay", "--help"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("handshake-cli replay CAPTURE"));
}
