//! Scenario files: what a good file means, and that every kind of bad file gets an error naming
//! the field path and the problem (the issue: "Malformed files get an error that names the field
//! and the problem").

use handshake_core::config::{DupSynPolicy, OutOfRange, Unit};
use handshake_core::scenario::{
    Expected, JsonType, Match, Scenario, ScenarioError, ScenarioErrorKind as Kind,
};
use handshake_core::sim::{Action, Fault, SendData, Side, TimedAction, UserCall};
use handshake_core::vocab::TxIdErrorKind;
use handshake_core::{Duration, Flags, Instant};

fn err(json: &str) -> ScenarioError {
    match Scenario::from_json(json) {
        Ok(s) => panic!("accepted {json}: {s:?}"),
        Err(e) => e,
    }
}

/// `json` is rejected with an error at `path` whose message contains `problem`.
#[track_caller]
fn rejects(json: &str, path: &str, problem: &str) {
    let e = err(json);
    assert_eq!(e.path, path, "{e}");
    let shown = e.to_string();
    assert!(shown.contains(problem), "{e}");
    assert!(
        shown.starts_with(&format!("{path}: ")) || path.is_empty(),
        "{shown}"
    );
    assert!(!shown.contains('\n'), "one line: {shown}");
}

#[test]
fn wrong_type_names_the_field() {
    rejects(
        r#"{"config": {"latency_ms": "fast"}}"#,
        "config.latency_ms",
        r#"invalid type: string "fast", expected a number"#,
    );
    rejects(r#"{"seed": "one"}"#, "seed", "invalid type: string \"one\"");
    rejects(
        r#"{"config": {"client_port": 70000}}"#,
        "config.client_port",
        "must be between 1 and 65535, not 70000",
    );
    rejects(
        r#"{"config": {"endpoint": {"mss": "big"}}}"#,
        "config.endpoint.mss",
        "invalid type",
    );
}

#[test]
fn unknown_variant_names_the_element() {
    rejects(
        r#"{"actions": [{"at_ms": 0, "side": "server", "call": "listen"},
                        {"at_ms": 0, "side": "client", "call": "connect"},
                        {"at_ms": 5, "side": "clinet", "call": "close"}]}"#,
        "actions[2].side",
        "unknown value `clinet`, expected `client` or `server`",
    );
    rejects(
        r#"{"actions": [{"at_ms": 0, "side": "client", "call": "dance"}]}"#,
        "actions[0].call",
        "unknown value `dance`",
    );
    rejects(
        r#"{"faults": [{"match": {"from": "client"}, "fault": "explode"}]}"#,
        "faults[0].fault",
        "unknown value `explode`",
    );
    rejects(
        r#"{"config": {"endpoint": {"dup_syn": "bsd"}}}"#,
        "config.endpoint.dup_syn",
        "unknown value `bsd`",
    );
}

#[test]
fn unknown_fields_are_rejected_where_they_are() {
    rejects(
        r#"{"seed": 1, "bogus": 2}"#,
        "bogus",
        "unknown field `bogus`",
    );
    rejects(
        r#"{"config": {"endpoint": {"msss": 5}}}"#,
        "config.endpoint.msss",
        "unknown field `msss`",
    );
    rejects(
        r#"{"config": {"server": {"windw": 5}}}"#,
        "config.server.windw",
        "unknown field `windw`",
    );
    rejects(
        r#"{"config": {"latency": 5}}"#,
        "config.latency",
        "unknown field `latency`",
    );
    rejects(
        r#"{"faults": [{"match": {"form": "client"}, "fault": "drop"}]}"#,
        "faults[0].match.form",
        "unknown field `form`",
    );
    rejects(
        r#"{"apps": {"server": {"close_on_fin": true}}}"#,
        "apps.server.close_on_fin",
        "unknown field",
    );
}

#[test]
fn endpoint_config_checks_name_the_layer_that_set_the_value() {
    rejects(
        r#"{"config": {"client": {"mss": 0}}}"#,
        "config.client.mss",
        "must be between 1 and 65491 bytes, not 0",
    );
    rejects(
        r#"{"config": {"endpoint": {"window": 0}}}"#,
        "config.endpoint.window",
        "must be between 1 and 65535 bytes",
    );
    rejects(
        r#"{"config": {"server": {"mss": 65535}}}"#,
        "config.server.mss",
        "between 1 and 65491 bytes",
    );
    // The minimum set on one layer makes the default initial RTO too small: the error names the
    // field that is out of its range and the fields that bound it.
    rejects(
        r#"{"config": {"server": {"rto_min_ms": 5000}}}"#,
        "config.server.rto_initial_ms",
        "must be between 5000 and 60000 ms (rto_min_ms to rto_max_ms), not 1000",
    );
    rejects(
        r#"{"config": {"endpoint": {"rto_initial_ms": 500}}}"#,
        "config.endpoint.rto_initial_ms",
        "must be between 1000 and 60000 ms",
    );
}

#[test]
fn probabilities_must_be_between_zero_and_one() {
    rejects(
        r#"{"config": {"loss": {"client_to_server": 1.5, "server_to_client": 0}}}"#,
        "config.loss.client_to_server",
        "must be between 0 and 1, not 1.5",
    );
    rejects(
        r#"{"config": {"loss": -0.1}}"#,
        "config.loss",
        "must be between 0 and 1, not -0.1",
    );
    rejects(
        r#"{"actions": [{"at_ms": 5, "side": "server", "loss": 2}]}"#,
        "actions[0].loss",
        "must be between 0 and 1, not 2",
    );
}

#[test]
fn transmission_ids_are_checked() {
    rejects(
        r#"{"faults": [{"match": {"id": "X2"}, "fault": "drop"}]}"#,
        "faults[0].match.id",
        r#"invalid transmission id "X2""#,
    );
    rejects(
        r#"{"actions": [{"at_ms": 5, "fault": "drop", "target": "C0"}]}"#,
        "actions[0].target",
        "invalid transmission id",
    );
    rejects(
        r#"{"actions": [{"at_ms": 5, "release": "S1x"}]}"#,
        "actions[0].release",
        "invalid transmission id",
    );
    rejects(
        r#"{"faults": [{"match": {"id": "C2'"}, "fault": "drop"}]}"#,
        "faults[0].match.id",
        "not link copies",
    );
    rejects(
        r#"{"faults": [{"match": {"id": "C2", "nth": 1}, "fault": "drop"}]}"#,
        "faults[0].match",
        "cannot be combined",
    );
    rejects(
        r#"{"faults": [{"match": {"nth": 0}, "fault": "drop"}]}"#,
        "faults[0].match.nth",
        "must be between 1 and 4294967295, not 0",
    );
    rejects(
        r#"{"faults": [{"match": {"flags": ["SYN", "NS"]}, "fault": "drop"}]}"#,
        "faults[0].match.flags",
        "unknown flag `NS`",
    );
}

#[test]
fn actions_need_exactly_one_kind_and_its_fields() {
    rejects(
        r#"{"actions": [{"at_ms": 5, "side": "client", "call": "send"}]}"#,
        "actions[0]",
        "exactly one of `data`",
    );
    rejects(
        r#"{"actions": [{"at_ms": 5, "side": "client", "call": "send", "data": "x", "len": 3}]}"#,
        "actions[0]",
        "exactly one of `data`",
    );
    rejects(
        r#"{"actions": [{"at_ms": 5, "call": "connect"}]}"#,
        "actions[0].side",
        "missing field `side`",
    );
    rejects(
        r#"{"actions": [{"at_ms": 5, "side": "client", "call": "listen", "fault": "drop"}]}"#,
        "actions[0]",
        "exactly one of `call`, `fault`, `release`, `arm`, `loss`, `inject`, `old_duplicate`, \
         `host`, `counterfactual` (found 2)",
    );
    rejects(r#"{"actions": [{"at_ms": 5}]}"#, "actions[0]", "(found 0)");
    rejects(
        r#"{"actions": [{"side": "client", "call": "connect"}]}"#,
        "actions[0].at_ms",
        "missing field `at_ms`",
    );
    rejects(
        r#"{"actions": [{"at_ms": 5, "fault": "drop"}]}"#,
        "actions[0].target",
        "missing field `target`",
    );
    rejects(
        r#"{"actions": [{"at_ms": 5, "side": "client", "fault": "drop", "target": "C1"}]}"#,
        "actions[0].side",
        "not allowed",
    );
    rejects(
        r#"{"actions": [{"at_ms": 5, "side": "client", "call": "close", "len": 3}]}"#,
        "actions[0].len",
        "not allowed with `close`",
    );
    rejects(
        r#"{"actions": [{"at_ms": -5, "side": "client", "call": "close"}]}"#,
        "actions[0].at_ms",
        "must be between 0 and 86400000 ms, not -5",
    );
}

#[test]
fn the_end_cannot_come_before_an_action() {
    rejects(
        r#"{"end_ms": 100, "actions": [{"at_ms": 500, "side": "client", "call": "connect"}]}"#,
        "end_ms",
        "100 ms is before actions[0] at 500 ms",
    );
}

#[test]
fn syntax_errors_and_non_objects_say_where() {
    let e = err(r#"{"seed": 1,"#);
    assert_eq!(e.path, "");
    assert_eq!(
        e.kind,
        Kind::Syntax {
            line: 1,
            column: 11,
            at_end: true
        }
    );
    assert_eq!(e.to_string(), "the JSON ends too early (line 1, column 11)");
    rejects("[1, 2]", "", "one JSON object");
    rejects("", "", "one JSON object");
    let e = err("{\"seed\": 1}\n  trailing");
    assert_eq!(
        e.kind,
        Kind::Syntax {
            line: 2,
            column: 3,
            at_end: false
        }
    );
}

#[test]
fn a_byte_order_mark_in_front_is_skipped() {
    // RFC 8259 §8.1: "implementations that parse JSON texts MAY ignore the presence of a byte
    // order mark rather than treating it as an error". Notepad saves UTF-8 with one.
    let plain = r#"{"seed": 7, "title": {"en": "Mine", "ko": "내 것"}}"#;
    let with_bom = format!("\u{feff}{plain}");
    assert_eq!(
        Scenario::from_json(&with_bom).unwrap(),
        Scenario::from_json(plain).unwrap()
    );
    // Errors count lines and columns as an editor shows the file, without the mark.
    let e = err("\u{feff}{\"seed\": 1,");
    assert_eq!(
        e.kind,
        Kind::Syntax {
            line: 1,
            column: 11,
            at_end: true
        }
    );
    // Only one mark, and only in front: anything else is still not a JSON object.
    rejects("\u{feff}\u{feff}{}", "", "one JSON object");
    rejects("x\u{feff}{}", "", "one JSON object");
}

#[test]
fn an_empty_object_is_the_reference_profile_with_nothing_to_do() {
    let s = Scenario::from_json("{}").unwrap();
    assert_eq!(s, Scenario::default());
    assert_eq!(s.net.latency, [Duration::from_millis(100); 2]);
    assert_eq!(s.client.mss, 100);
    assert_eq!(s.client.rto_initial, Duration::from_secs(1));
    assert_eq!(s.server.msl, Duration::from_secs(5));
}

#[test]
fn a_full_file_means_what_it_says() {
    let s = Scenario::from_json(
        r#"{
          "seed": 42,
          "title": {"en": "Demo", "ko": "데모"},
          "config": {
            "latency_ms": {"client_to_server": 100, "server_to_client": 150.5},
            "client_port": 50000, "server_port": 80,
            "loss": 0.25,
            "endpoint": {"mss": 536, "msl_ms": 1000},
            "server": {"dup_syn": "linux", "mss": 1460}
          },
          "apps": {"server": {"close_on_eof": true}},
          "actions": [
            {"at_ms": 0, "side": "server", "call": "listen"},
            {"at_ms": 0.25, "side": "client", "call": "connect"},
            {"at_ms": 500, "side": "client", "call": "send", "data": "hello"},
            {"at_ms": 600, "side": "client", "call": "send", "len": 300},
            {"at_ms": 700, "fault": {"delay_ms": 250}, "target": "C3"},
            {"at_ms": 800, "release": "S2"},
            {"at_ms": 900, "side": "server", "arm": "duplicate"},
            {"at_ms": 950, "side": "client", "loss": 0}
          ],
          "faults": [
            {"match": {"from": "server", "flags": ["SYN", "ACK"], "nth": 1}, "fault": "drop"},
            {"match": {"id": "C5"}, "fault": "hold"}
          ],
          "end_ms": 30000
        }"#,
    )
    .unwrap();
    assert_eq!(s.seed, 42);
    assert_eq!(s.title.as_ref().unwrap().ko, "데모");
    assert_eq!(
        s.net.latency,
        [Duration::from_millis(100), Duration::from_micros(150_500)]
    );
    assert_eq!((s.net.client_port, s.net.server_port), (50000, 80));
    assert_eq!(s.net.loss, [0.25, 0.25]);
    // `endpoint` applies to both sides; `server` overrides only the server.
    assert_eq!(
        (s.client.mss, s.client.msl, s.client.dup_syn),
        (536, Duration::from_secs(1), DupSynPolicy::Rfc)
    );
    assert_eq!(
        (s.server.mss, s.server.msl, s.server.dup_syn),
        (1460, Duration::from_secs(1), DupSynPolicy::Linux)
    );
    assert!(
        s.apps[Side::Server.index()].close_on_eof && !s.apps[Side::Client.index()].close_on_eof
    );
    let at = |i: usize| s.actions[i].at;
    assert_eq!(at(1), Instant::from_micros(250));
    assert_eq!(
        s.actions[2].action,
        Action::Call {
            side: Side::Client,
            call: UserCall::Send(SendData::Text("hello".into()))
        }
    );
    assert_eq!(
        s.actions[3].action,
        Action::Call {
            side: Side::Client,
            call: UserCall::Send(SendData::Pattern(300))
        }
    );
    assert_eq!(
        s.actions[4].action,
        Action::Fault {
            target: "C3".parse().unwrap(),
            fault: Fault::Delay(Duration::from_millis(250))
        }
    );
    assert_eq!(
        s.actions[5].action,
        Action::Release {
            target: "S2".parse().unwrap()
        }
    );
    assert_eq!(
        s.actions[6].action,
        Action::Arm {
            side: Side::Server,
            fault: Fault::Duplicate
        }
    );
    assert_eq!(
        s.actions[7].action,
        Action::SetLoss {
            side: Side::Client,
            probability: 0.0
        }
    );
    assert_eq!(
        s.faults[0].matcher,
        Match::Rule {
            from: Some(Side::Server),
            flags: Some(Flags::SYN | Flags::ACK),
            payload: None,
            retransmission: None,
            nth: Some(1)
        }
    );
    assert_eq!(s.faults[1].matcher, Match::Id("C5".parse().unwrap()));
    assert_eq!(s.faults[1].fault, Fault::Hold);
    assert_eq!(s.end, Some(Instant::from_secs(30)));

    // Written back and read again, it is the same scenario.
    let again = Scenario::from_json(&s.to_json()).unwrap();
    assert_eq!(again, s);
}

/// The app's settings take fractional milliseconds (an RTO of 1000.5 ms); a file, an exported
/// session and a share link must carry them exactly, as they carry every other time.
#[test]
fn endpoint_times_may_be_fractional_milliseconds() {
    let s = Scenario::from_json(
        r#"{"config": {"endpoint": {"rto_initial_ms": 1000.5, "rto_max_ms": 60000, "msl_ms": 2500.25},
                       "server": {"fin_wait_2_timeout_ms": 0.001}}}"#,
    )
    .unwrap();
    assert_eq!(s.client.rto_initial, Duration::from_micros(1_000_500));
    assert_eq!(s.server.msl, Duration::from_micros(2_500_250));
    assert_eq!(s.server.fin_wait_2_timeout, Some(Duration::from_micros(1)));
    assert_eq!(s.client.fin_wait_2_timeout, None);
    let json = s.to_json();
    assert!(json.contains(r#""rto_initial_ms": 1000.5"#), "{json}");
    assert!(
        json.contains(r#""rto_max_ms": 60000,"#),
        "whole ms stay whole: {json}"
    );
    assert_eq!(Scenario::from_json(&json).unwrap(), s);
    rejects(
        r#"{"config": {"endpoint": {"msl_ms": -1}}}"#,
        "config.endpoint.msl_ms",
        "must be between 0 and 3600000 ms, not -1",
    );
    // A time without a bound of its own is at most one day, as `at_ms` is.
    rejects(
        r#"{"config": {"server": {"fin_wait_2_timeout_ms": 1e12}}}"#,
        "config.server.fin_wait_2_timeout_ms",
        "must be between 0 and 86400000 ms",
    );
}

#[test]
fn timed_actions_serialize_as_file_entries() {
    let a = TimedAction {
        at: Instant::from_micros(1_500_250),
        action: Action::Fault {
            target: "C1'".parse().unwrap(),
            fault: Fault::Delay(Duration::from_millis(500)),
        },
    };
    let json = serde_json::to_string(&a).unwrap();
    assert_eq!(
        json,
        r#"{"at_ms":1500.25,"fault":{"delay_ms":500},"target":"C1'"}"#
    );
    let file = Scenario::from_json(&format!(r#"{{"actions": [{json}]}}"#)).unwrap();
    assert_eq!(file.actions, [a]);
}

#[test]
fn hand_built_scenarios_are_checked_too() {
    let mut s = Scenario::default();
    s.net.loss = [0.0, f64::NAN];
    assert_eq!(
        s.validate().unwrap_err().path,
        "config.loss.server_to_client"
    );
    let mut s = Scenario::default();
    s.client.window = 0;
    assert_eq!(
        s.validate().unwrap_err().to_string(),
        "config.client.window: must be between 1 and 65535 bytes, not 0"
    );
    let mut s = Scenario::default();
    s.net.server_port = 0;
    assert_eq!(
        s.validate().unwrap_err().to_string(),
        "config.server_port: must be between 1 and 65535, not 0"
    );
}

/// Every error is a typed kind with the data a message needs, so another crate can say it in
/// another language: the unknown field and the fields expected, the range with its unit, the
/// JSON type found, the bad id's reason.
#[test]
fn errors_are_typed_with_what_a_message_needs() {
    let kind = |json: &str| err(json).kind;
    assert_eq!(
        kind(r#"{"seeed": 1}"#),
        Kind::UnknownField {
            field: "seeed".into(),
            expected: &[
                "seed", "title", "notice", "profile", "config", "apps", "actions", "faults",
                "end_ms"
            ],
        }
    );
    assert_eq!(
        err(r#"{"seed": 1, "seed": 2}"#),
        ScenarioError::new(
            "seed",
            Kind::DuplicateField {
                field: "seed".into()
            }
        )
    );
    assert_eq!(
        kind(r#"{"config": {"endpoint": {"rto_initial_ms": 500}}}"#),
        Kind::OutOfRange(OutOfRange {
            value: 500.0,
            min: Some(1000.0),
            max: Some(60000.0),
            unit: Unit::Milliseconds,
            min_from: Some("rto_min_ms"),
            max_from: Some("rto_max_ms"),
        })
    );
    assert_eq!(
        kind(r#"{"config": {"latency_ms": "fast"}}"#),
        Kind::WrongType {
            expected: Expected::PerDirection,
            found: JsonType::String,
            text: "\"fast\"".into(),
        }
    );
    assert_eq!(
        kind(r#"{"actions": [{"at_ms": 0, "side": "client", "call": "dance"}]}"#),
        Kind::UnknownName {
            found: "dance".into(),
            expected: &["listen", "connect", "send", "close", "abort"],
        }
    );
    assert!(matches!(
        kind(r#"{"actions": [{"at_ms": 5, "release": "S1x"}]}"#),
        Kind::BadTxId(e) if e.kind == TxIdErrorKind::Marks && e.text == "S1x"
    ));
    assert_eq!(
        kind(r#"{"actions": [{"at_ms": 5, "fault": "drop"}]}"#),
        Kind::MissingField { field: "target" }
    );
    assert_eq!(
        kind(r#"{"config": {"endpoint": {"mss": 1.5}}}"#),
        Kind::WrongType {
            expected: Expected::Integer,
            found: JsonType::Number,
            text: "1.5".into(),
        }
    );
}

#[test]
fn profile_is_the_bottom_layer_of_the_endpoint_configuration() {
    use handshake_core::config::{Config, Profile};
    let s = Scenario::from_json(
        r#"{ "profile": "linux", "config": { "endpoint": { "mss": 100 }, "client": { "syn_retries": 3 } } }"#,
    )
    .unwrap();
    assert_eq!(s.profile, Profile::Linux);
    assert_eq!(
        s.server,
        Config {
            mss: 100,
            ..Config::linux()
        }
    );
    assert_eq!(
        s.client,
        Config {
            mss: 100,
            syn_retries: 3,
            ..Config::linux()
        }
    );
    assert_eq!(Scenario::from_json("{}").unwrap().profile, Profile::Rfc);
}

#[test]
fn an_unknown_profile_names_the_profiles() {
    let e = err(r#"{"profile": "bsd"}"#);
    assert_eq!(e.path, "profile");
    assert_eq!(
        e.kind,
        Kind::UnknownName {
            found: "bsd".into(),
            expected: &["rfc", "linux"],
        }
    );
    assert_eq!(
        e.to_string(),
        "profile: unknown value `bsd`, expected `rfc` or `linux`"
    );
}

#[test]
fn switching_profile_keeps_the_fields_the_file_set() {
    use handshake_core::config::{Config, Profile};
    // lost-data sets its MSS (to the reference value, 100): it stays under Linux, the rest is
    // Linux's.
    let s = handshake_core::presets::find("lost-data")
        .unwrap()
        .scenario()
        .unwrap();
    let linux = s.clone().with_profile(Profile::Linux);
    assert_eq!(linux.profile, Profile::Linux);
    assert_eq!(
        linux.client,
        Config {
            mss: 100,
            ..Config::linux()
        }
    );
    // And back: the same scenario.
    assert_eq!(linux.with_profile(Profile::Rfc), s);
    // A field changed in code (the app's settings) counts as the scenario's own too.
    let mut s = Scenario::default();
    s.server.window = 5000;
    let linux = s.with_profile(Profile::Linux);
    assert_eq!(linux.server.window, 5000);
    assert_eq!(linux.client.window, Config::linux().window);
}

#[test]
fn a_file_under_a_profile_writes_only_what_differs_and_reads_back() {
    use handshake_core::config::Profile;
    let s = Scenario::from_json(
        r#"{ "profile": "linux", "config": { "endpoint": { "mss": 100 }, "server": { "time_wait_ms": null } } }"#,
    )
    .unwrap();
    let json = s.to_json();
    assert!(json.contains(r#""profile": "linux""#), "{json}");
    assert!(
        json.contains(
            r#""endpoint": {
      "mss": 100
    }"#
        ),
        "{json}"
    );
    assert!(json.contains(r#""time_wait_ms": null"#), "{json}");
    assert!(
        !json.contains("rto_min_ms"),
        "the profile's values are not written: {json}"
    );
    let again = Scenario::from_json(&json).unwrap();
    assert_eq!(again, s);
    // Read back under the RFC profile, the fields the file set are still there.
    let rfc = again.with_profile(Profile::Rfc);
    assert_eq!((rfc.client.mss, rfc.server.time_wait), (100, None));
    assert_eq!(rfc.client.time_wait, None, "the RFC profile's 2·MSL");
}
