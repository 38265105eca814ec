//! Every error a user can see, in both languages: a scenario file that cannot be used (with the
//! field path and what the field allows), a setting out of range ("RTO must be between 1000 and
//! 60000 ms" / "RTO는 1000~60000ms 사이여야 합니다"), a refused user call (RFC 9293 §3.10's
//! messages), an action the simulator could not apply, a string that is not a transmission id.
//!
//! The core's errors are typed kinds with the data a message needs; their `Display` is the
//! English the CLI prints, and English here is that text except where a field's name reads
//! better than its key. Korean messages of the interface use the polite "-습니다" style;
//! short reasons that also appear inside the narration's sentences (a refused call, an action
//! not applied) are nominal ("연결이 이미 있음"), which reads well in both places.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use handshake_core::Duration;
use handshake_core::config::{ConfigError, OutOfRange, Unit};
use handshake_core::scenario::{Expected, JsonType, ScenarioError, ScenarioErrorKind};
use handshake_core::vocab::{
    Action, ActionError, CallError, Fault, Side, TxId, TxIdError, TxIdErrorKind, UserCall,
};

use crate::format;
use crate::korean::{Josa, josa, particle};
use crate::lang::{Lang, say};

/// How the values inside an action or an error are written: plainly (the app's notices), or as
/// facts of a trace event (the narration).
pub(crate) trait Words {
    fn lang(&self) -> Lang;
    fn id(&self, id: TxId) -> String {
        id.to_string()
    }
    fn delay(&self, d: Duration) -> String {
        format::duration(d, self.lang())
    }
    fn percent(&self, p: f64) -> String {
        format!("{}%", format::percent(p))
    }
    fn bytes(&self, n: u64) -> String {
        n.to_string()
    }
}

struct Plain(Lang);

impl Words for Plain {
    fn lang(&self) -> Lang {
        self.0
    }
}

/// "the client" / "클라이언트".
fn side_name(side: Side, lang: Lang) -> &'static str {
    match (lang, side) {
        (Lang::En, Side::Client) => "the client",
        (Lang::En, Side::Server) => "the server",
        (Lang::Ko, Side::Client) => "클라이언트",
        (Lang::Ko, Side::Server) => "서버",
    }
}

// ----- faults, actions and their errors ---------------------------------------------------------

/// A fault as a noun: "a drop", "a delay of 0.5 s" / "버리기", "0.5초 지연".
pub fn fault(f: Fault, lang: Lang) -> String {
    fault_words(f, &Plain(lang))
}

pub(crate) fn fault_words(f: Fault, w: &impl Words) -> String {
    match (w.lang(), f) {
        (Lang::En, Fault::Drop) => String::from("a drop"),
        (Lang::En, Fault::Delay(d)) => format!("a delay of {}", w.delay(d)),
        (Lang::En, Fault::Hold) => String::from("a hold"),
        (Lang::En, Fault::Duplicate) => String::from("a duplicate"),
        (Lang::Ko, Fault::Drop) => String::from("버리기"),
        (Lang::Ko, Fault::Delay(d)) => format!("{} 지연", w.delay(d)),
        (Lang::Ko, Fault::Hold) => String::from("붙잡기"),
        (Lang::Ko, Fault::Duplicate) => String::from("복제"),
    }
}

/// An action as a short phrase: "drop C4", "delay C4 by 0.5 s", "the client's close()" /
/// "C4 버리기", "C4 0.5초 지연", "클라이언트의 close()".
pub fn describe_action(a: &Action, lang: Lang) -> String {
    action_words(a, &Plain(lang))
}

pub(crate) fn action_words(a: &Action, w: &impl Words) -> String {
    let lang = w.lang();
    match a {
        Action::Call { side, call } => {
            let call = match call {
                UserCall::Send(d) => say!(
                    lang,
                    format!("send({} bytes)", w.bytes(d.len() as u64)),
                    format!("send({}바이트)", w.bytes(d.len() as u64)),
                ),
                other => format!("{}()", other.name()),
            };
            say!(
                lang,
                format!("{}'s {call}", side_name(*side, lang)),
                format!("{}의 {call}", side_name(*side, lang)),
            )
        }
        Action::Fault { target, fault } => {
            let id = w.id(*target);
            match (lang, fault) {
                (Lang::En, Fault::Drop) => format!("drop {id}"),
                (Lang::En, Fault::Delay(d)) => format!("delay {id} by {}", w.delay(*d)),
                (Lang::En, Fault::Hold) => format!("hold {id}"),
                (Lang::En, Fault::Duplicate) => format!("duplicate {id}"),
                (Lang::Ko, Fault::Drop) => format!("{id} 버리기"),
                (Lang::Ko, Fault::Delay(d)) => format!("{id} {} 지연", w.delay(*d)),
                (Lang::Ko, Fault::Hold) => format!("{id} 붙잡기"),
                (Lang::Ko, Fault::Duplicate) => format!("{id} 복제"),
            }
        }
        Action::Release { target } => {
            let id = w.id(*target);
            say!(lang, format!("release {id}"), format!("{id} 놓아주기"))
        }
        Action::Arm { side, fault } => {
            let what = fault_words(*fault, w);
            say!(
                lang,
                format!("arm {what} for {}'s next segment", side_name(*side, lang)),
                format!(
                    "{}의 다음 세그먼트에 {} 걸어 두기",
                    side_name(*side, lang),
                    josa(&what, Josa::Eul)
                ),
            )
        }
        Action::SetLoss { side, probability } => {
            let p = w.percent(*probability);
            say!(
                lang,
                format!(
                    "random loss of {p} for segments from {}",
                    side_name(*side, lang)
                ),
                format!(
                    "{}가 보내는 세그먼트의 무작위 유실률 {p}",
                    side_name(*side, lang)
                ),
            )
        }
        Action::Inject { side, segment } => {
            let flags = crate::format::flags_rfc(segment.flags);
            say!(
                lang,
                format!(
                    "a hand-made {flags} segment as if from {}",
                    side_name(*side, lang)
                ),
                format!(
                    "{}가 보낸 것처럼 손으로 만든 {flags} 세그먼트",
                    side_name(*side, lang)
                ),
            )
        }
        Action::OldDuplicate { of } => {
            let id = w.id(*of);
            say!(
                lang,
                format!("an old duplicate of {id}"),
                format!("{}의 오래된 중복 세그먼트", id),
            )
        }
        Action::Crash { side } => say!(
            lang,
            format!("a crash of {}'s host", side_name(*side, lang)),
            format!("{} 호스트의 크래시", side_name(*side, lang)),
        ),
        Action::Reboot { side } => say!(
            lang,
            format!("a reboot of {}'s host", side_name(*side, lang)),
            format!("{} 호스트의 재부팅", side_name(*side, lang)),
        ),
        Action::Counterfactual { side, switch, on } => {
            let state = match (lang, on) {
                (Lang::En, true) => "on",
                (Lang::En, false) => "off",
                (Lang::Ko, true) => "켜기",
                (Lang::Ko, false) => "끄기",
            };
            say!(
                lang,
                format!(
                    "the broken-TCP switch {} {state} for {}",
                    switch.name(),
                    side_name(*side, lang)
                ),
                format!(
                    "{}의 TCP 망가뜨리기 스위치 {} {state}",
                    side_name(*side, lang),
                    switch.name()
                ),
            )
        }
    }
}

/// Why an action could not be applied: "C4 is not on the link any more" / "C4는 이미 링크 위에
/// 없음".
pub fn action_error(e: &ActionError, lang: Lang) -> String {
    action_error_words(e, &Plain(lang))
}

pub(crate) fn action_error_words(e: &ActionError, w: &impl Words) -> String {
    let lang = w.lang();
    match e {
        ActionError::UnknownTransmission(id) => {
            let id = w.id(*id);
            say!(
                lang,
                format!("there is no transmission {id}"),
                format!("{}는 전송이 없음", josa(&id, Josa::Ira)),
            )
        }
        ActionError::NotInFlight(id) => {
            let id = w.id(*id);
            say!(
                lang,
                format!("{id} is not on the link any more"),
                format!("{} 이미 링크 위에 없음", josa(&id, Josa::Eun)),
            )
        }
        ActionError::NotHeld(id) => {
            let id = w.id(*id);
            say!(
                lang,
                format!("{id} is not held"),
                format!("{} 붙잡혀 있지 않음", josa(&id, Josa::Eun)),
            )
        }
        ActionError::AlreadyHeld(id) => {
            let id = w.id(*id);
            say!(
                lang,
                format!("{id} is already held"),
                format!("{} 이미 붙잡혀 있음", josa(&id, Josa::Eun)),
            )
        }
        ActionError::BadProbability => say!(
            lang,
            String::from("a probability must be between 0 and 1"),
            String::from("확률은 0과 1 사이여야 함"),
        ),
        ActionError::NoFreshId(old) if old.age.is_some() => {
            let id = w.id(*old);
            say!(
                lang,
                format!("there is already an old duplicate {id}"),
                format!("오래된 중복 세그먼트 {} 이미 있음", josa(&id, Josa::I)),
            )
        }
        ActionError::HostDown(side) => say!(
            lang,
            format!(
                "{}'s host has crashed (reboot it first)",
                side_name(*side, lang)
            ),
            format!(
                "{} 호스트가 크래시한 상태임(먼저 재부팅)",
                side_name(*side, lang)
            ),
        ),
        ActionError::HostUp(side) => say!(
            lang,
            format!("{}'s host has not crashed", side_name(*side, lang)),
            format!("{} 호스트는 크래시하지 않았음", side_name(*side, lang)),
        ),
        ActionError::NoTcbVariable { side, var } => say!(
            lang,
            format!(
                "{} has no {} (no connection)",
                side_name(*side, lang),
                var.rfc_name()
            ),
            format!(
                "{}에는 {} 없음(연결이 없음)",
                side_name(*side, lang),
                josa(var.rfc_name(), Josa::I)
            ),
        ),
        ActionError::Unsupported => say!(
            lang,
            String::from("this action is not available here"),
            String::from("여기서는 할 수 없는 조작임"),
        ),
        ActionError::NoFreshId(id) => {
            let id = w.id(*id);
            say!(
                lang,
                format!(
                    "{id} has been copied {} times, which is as many as ids allow",
                    TxId::MAX_COPIES
                ),
                format!(
                    "{} 이미 {}번 복제되어 더 붙일 이름이 없음",
                    josa(&id, Josa::Eun),
                    TxId::MAX_COPIES
                ),
            )
        }
    }
}

/// RFC 9293 §3.10's message for a refused call, without "error: ": "connection already exists"
/// / "연결이 이미 있음".
pub fn call_error_message(e: CallError, lang: Lang) -> &'static str {
    match e {
        CallError::ConnectionExists => say!(lang, "connection already exists", "연결이 이미 있음"),
        CallError::ConnectionDoesNotExist => say!(lang, "connection does not exist", "연결이 없음"),
        CallError::ConnectionClosing => say!(lang, "connection closing", "연결을 닫는 중"),
        CallError::ForeignSocketUnspecified => say!(
            lang,
            "foreign socket unspecified",
            "상대 소켓이 지정되지 않음"
        ),
    }
}

/// RFC 9293 §3.10's message for a refused call: "error: connection already exists" / "오류:
/// 연결이 이미 있음".
pub fn call_error(e: CallError, lang: Lang) -> String {
    let msg = call_error_message(e, lang);
    say!(lang, format!("error: {msg}"), format!("오류: {msg}"))
}

/// A refused call as the app's notice says it: "The client's connect() was refused: "error:
/// connection already exists" (RFC 9293 §3.10)." / "클라이언트의 connect()가 거부되었습니다:
/// "오류: 연결이 이미 있음"(RFC 9293 §3.10)."
pub fn call_refused(side: Side, call: &UserCall, e: CallError, lang: Lang) -> String {
    let call = format!("{}()", call.name());
    let error = call_error(e, lang);
    say!(
        lang,
        format!(
            "{}'s {call} was refused: \"{error}\" (RFC 9293 §3.10).",
            capitalize(side_name(side, lang))
        ),
        format!(
            "{}의 {} 거부되었습니다: \"{error}\"(RFC 9293 §3.10).",
            side_name(side, lang),
            josa(&call, Josa::I)
        ),
    )
}

fn capitalize(s: &str) -> String {
    // Only ever given our own English words, which start with an ASCII letter: ASCII case rules
    // give the same text, and the wasm carries no Unicode case tables (about 26 KB; issue 15).
    let mut out = String::from(s);
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

/// Not a transmission id: `"X1" is not a transmission id: it starts with C (client) or S
/// (server) (C1, S2, C1')`.
pub fn tx_id_error(e: &TxIdError, lang: Lang) -> String {
    match lang {
        Lang::En => e.to_string(),
        Lang::Ko => {
            let why = match e.kind {
                TxIdErrorKind::Side => String::from("C(클라이언트)나 S(서버)로 시작해야 합니다"),
                TxIdErrorKind::Number => {
                    String::from("C나 S 뒤에 1 이상의 번호가 0 없이 바로 와야 합니다")
                }
                TxIdErrorKind::Marks => String::from("번호 뒤에는 ' 표시만 올 수 있습니다"),
                TxIdErrorKind::TooManyMarks { max } => {
                    format!("' 표시는 {max}개까지입니다")
                }
                TxIdErrorKind::Age => String::from(
                    "~ 뒤에는 오래된 중복 세그먼트의 나이가 초 단위로 와야 합니다(~5.1s)",
                ),
            };
            format!(
                "전송 이름 {:?}{} 잘못되었습니다: {why}(예: C1, S2, C1').",
                e.text,
                particle(&e.text, Josa::I)
            )
        }
    }
}

// ----- settings and scenario files ----------------------------------------------------------------

/// The name of a setting or scenario field as the interface calls it: `rto_initial_ms` →
/// "initial RTO" / "초기 RTO". `None` for a key without one.
pub fn field_name(field: &str, lang: Lang) -> Option<&'static str> {
    Some(match field {
        "mss" => "MSS",
        "window" => say!(lang, "receive window", "수신 윈도"),
        "rto_initial_ms" => say!(lang, "initial RTO", "초기 RTO"),
        "rto_min_ms" => say!(lang, "minimum RTO", "최소 RTO"),
        "rto_max_ms" => say!(lang, "maximum RTO", "최대 RTO"),
        "msl_ms" => "MSL",
        "syn_retries" => say!(lang, "SYN retries", "SYN 재전송 한도"),
        "synack_retries" => say!(lang, "SYN,ACK retries", "SYN,ACK 재전송 한도"),
        "data_retries" => say!(lang, "data retries", "데이터 재전송 한도"),
        "fin_wait_2_timeout_ms" => say!(lang, "FIN-WAIT-2 timeout", "FIN-WAIT-2 타임아웃"),
        "latency_ms" => say!(lang, "one-way latency", "편도 지연"),
        "loss" => say!(lang, "random loss", "무작위 유실"),
        "seed" => say!(lang, "seed", "시드"),
        "delay_ms" => say!(lang, "delay", "지연"),
        "at_ms" => say!(lang, "time", "시각"),
        "end_ms" => say!(lang, "end", "끝나는 시각"),
        "len" => say!(lang, "length", "길이"),
        "nth" => say!(lang, "count", "순번"),
        "client_port" => say!(lang, "client port", "클라이언트 포트"),
        "server_port" => say!(lang, "server port", "서버 포트"),
        _ => return None,
    })
}

/// The name of the field at the end of a scenario path (`config.client.mss` → "MSS";
/// `config.latency_ms.client_to_server` → "one-way latency (client to server)" / "클라이언트→서버
/// 편도 지연").
fn path_name(path: &str, lang: Lang) -> Option<String> {
    let parts: Vec<&str> = path
        .split('.')
        .map(|p| p.split('[').next().unwrap_or(p))
        .collect();
    let (k, name) = parts
        .iter()
        .enumerate()
        .rev()
        .find_map(|(k, p)| field_name(p, lang).map(|n| (k, n)))?;
    // Korean puts the direction first, so the particle follows the field's name.
    Some(match (lang, parts.get(k + 1)) {
        (Lang::En, Some(&"client_to_server")) => format!("{name} (client to server)"),
        (Lang::En, Some(&"server_to_client")) => format!("{name} (server to client)"),
        (Lang::Ko, Some(&"client_to_server")) => format!("클라이언트→서버 {name}"),
        (Lang::Ko, Some(&"server_to_client")) => format!("서버→클라이언트 {name}"),
        _ => String::from(name),
    })
}

/// A number as files and settings write it: `1000`, `0.5`.
fn number(x: f64) -> String {
    format!("{x}")
}

fn unit(u: Unit, lang: Lang) -> &'static str {
    match (lang, u) {
        (Lang::En, Unit::Milliseconds) => " ms",
        (Lang::En, Unit::Bytes) => " bytes",
        (Lang::En, Unit::Retransmissions) => " retransmissions",
        (Lang::Ko, Unit::Milliseconds) => "ms",
        (Lang::Ko, Unit::Bytes) => "바이트",
        (Lang::Ko, Unit::Retransmissions) => "번",
        (_, Unit::Port | Unit::Count | Unit::Probability | Unit::None) => "",
    }
}

/// What a field allows and the value it got: "must be between 1000 and 60000 ms (minimum RTO to
/// maximum RTO), not 500" / "1000~60000ms(최소 RTO~최대 RTO) 사이여야 합니다. 지금 값: 500".
pub fn out_of_range(r: &OutOfRange, lang: Lang) -> String {
    let u = unit(r.unit, lang);
    let from = |f: Option<&'static str>| f.map(|f| field_name(f, lang).unwrap_or(f));
    let (lo, hi) = (from(r.min_from), from(r.max_from));
    match lang {
        Lang::En => {
            let mut s = match (r.min, r.max) {
                (Some(a), Some(b)) => format!("must be between {} and {}{u}", number(a), number(b)),
                (Some(a), None) => format!("must be at least {}{u}", number(a)),
                (None, Some(b)) => format!("must be at most {}{u}", number(b)),
                (None, None) => String::from("is out of range"),
            };
            match (lo, hi) {
                (Some(a), Some(b)) => s.push_str(&format!(" ({a} to {b})")),
                (Some(a), None) | (None, Some(a)) => s.push_str(&format!(" ({a})")),
                (None, None) => {}
            }
            s.push_str(&format!(", not {}", number(r.value)));
            s
        }
        Lang::Ko => {
            let bounds = match (lo, hi) {
                (Some(a), Some(b)) => format!("({a}~{b})"),
                (Some(a), None) | (None, Some(a)) => format!("({a})"),
                (None, None) => String::new(),
            };
            let s = match (r.min, r.max) {
                (Some(a), Some(b)) => {
                    format!("{}~{}{u}{bounds} 사이여야 합니다", number(a), number(b))
                }
                (Some(a), None) => format!("{}{u}{bounds} 이상이어야 합니다", number(a)),
                (None, Some(b)) => format!("{}{u}{bounds} 이하여야 합니다", number(b)),
                (None, None) => String::from("허용 범위를 벗어났습니다"),
            };
            format!("{s}. 지금 값: {}", number(r.value))
        }
    }
}

/// A setting out of range, with the setting's name: "initial RTO must be between 1000 and
/// 60000 ms (minimum RTO to maximum RTO), not 500" / "초기 RTO는 1000~60000ms(최소 RTO~최대
/// RTO) 사이여야 합니다. 지금 값: 500".
pub fn config_error(e: &ConfigError, lang: Lang) -> String {
    named_range(field_name(e.field, lang).unwrap_or(e.field), &e.range, lang)
}

fn named_range(name: &str, r: &OutOfRange, lang: Lang) -> String {
    let rest = out_of_range(r, lang);
    say!(
        lang,
        format!("{} {rest}", capitalize_ascii(name)),
        format!("{} {rest}", josa(name, Josa::Eun)),
    )
}

/// `initial RTO` → `Initial RTO` (the start of a message).
fn capitalize_ascii(s: &str) -> String {
    capitalize(s)
}

/// `` `a`, `b`, `c` ``.
fn listed(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    quoted.join(", ")
}

fn expected_ko(e: Expected) -> &'static str {
    match e {
        Expected::Object => "객체",
        Expected::Array => "배열",
        Expected::String => "문자열",
        Expected::Bool => "true 또는 false",
        Expected::Integer => "정수",
        Expected::Number => "숫자",
        Expected::Milliseconds => "밀리초 단위의 숫자",
        Expected::MillisecondsOrNull => "밀리초 단위의 정수 또는 null",
        Expected::PerDirection => "숫자, 또는 {\"client_to_server\": …, \"server_to_client\": …}",
        Expected::Fault => "\"drop\", \"hold\", \"duplicate\" 또는 {\"delay_ms\": …}",
    }
}

fn json_type_ko(t: JsonType) -> &'static str {
    match t {
        JsonType::Null => "null",
        JsonType::Bool => "참/거짓 값",
        JsonType::Number => "숫자",
        JsonType::String => "문자열",
        JsonType::Array => "배열",
        JsonType::Object => "객체",
    }
}

/// A scenario file that cannot be used: where (the field path) and why, "config.client.mss: MSS
/// must be between 1 and 65495 bytes, not 0" / "config.client.mss: MSS는 1~65495바이트 사이여야
/// 합니다. 지금 값: 0".
pub fn scenario_error(e: &ScenarioError, lang: Lang) -> String {
    let what = scenario_error_kind(e, lang);
    if e.path.is_empty() {
        what
    } else {
        format!("{}: {what}", e.path)
    }
}

/// Why, without the path.
pub fn scenario_error_kind(e: &ScenarioError, lang: Lang) -> String {
    use ScenarioErrorKind as K;
    if let K::OutOfRange(r) = &e.kind {
        return match path_name(&e.path, lang) {
            Some(name) => named_range(&name, r, lang),
            None => out_of_range(r, lang),
        };
    }
    if let K::BadTxId(t) = &e.kind {
        return tx_id_error(t, lang);
    }
    if lang == Lang::En {
        return e.kind.to_string();
    }
    match &e.kind {
        K::Syntax {
            line,
            column,
            at_end: true,
        } => format!("JSON이 너무 일찍 끝납니다({line}번째 줄, {column}번째 칸)."),
        K::Syntax { line, column, .. } => {
            format!("{line}번째 줄 {column}번째 칸에서 JSON 문법이 틀렸습니다.")
        }
        K::NotAnObject => String::from(
            "시나리오 파일은 JSON 객체 하나여야 합니다: {\"seed\": …, \"actions\": […], …}",
        ),
        K::UnknownField { field, expected } => format!(
            "알 수 없는 필드 `{field}`입니다. 쓸 수 있는 필드: {}.",
            listed(expected)
        ),
        K::DuplicateField { field } => format!("필드 `{field}`가 두 번 있습니다."),
        K::MissingField { field } => {
            let hint = match *field {
                "side" => "(\"client\" 또는 \"server\")",
                "target" => "(\"C2\" 같은 전송 이름)",
                _ => "",
            };
            format!("필드 `{field}`{hint}가 없습니다.")
        }
        K::WrongType {
            expected,
            found,
            text,
        } => format!(
            "{}이어야 하는데 {} {text}입니다.",
            expected_ko(*expected),
            json_type_ko(*found)
        ),
        K::UnknownName { found, expected } => format!(
            "알 수 없는 값 `{found}`입니다. 쓸 수 있는 값: {}.",
            listed(expected)
        ),
        K::UnknownFlag { found } => format!(
            "알 수 없는 플래그 `{found}`입니다. CWR, ECE, URG, ACK, PSH, RST, SYN, FIN 중 하나여야 합니다."
        ),
        K::ActionKinds { found } => format!(
            "`call`, `fault`, `release`, `arm`, `loss`, `inject`, `old_duplicate`, `host`, `counterfactual` 중 정확히 하나가 있어야 합니다(지금 {found}개)."
        ),
        K::BadSeqSpec { found } => format!(
            "`{found}`는 순서 번호가 아닙니다. 0부터 4294967295까지의 수, 또는 \"server.rcv_nxt+5\"처럼 한쪽의 iss, irs, snd_una, snd_nxt, rcv_nxt에 차이를 더한 값을 쓰세요."
        ),
        K::SendData => String::from(
            "send에는 `data`(텍스트)와 `len`(바이트 수) 중 정확히 하나가 있어야 합니다.",
        ),
        K::NotAllowedWith { with } => format!("`{with}`와 함께 쓸 수 없습니다."),
        K::IdWithOtherFields => {
            String::from("`id`는 전송 하나를 가리키므로 다른 필드와 함께 쓸 수 없습니다.")
        }
        K::RuleOnLinkCopy => String::from(
            "규칙은 링크가 만든 복사본, 손으로 만든 세그먼트, 오래된 중복 세그먼트가 아니라 양 끝이 보낸 전송에만 적용됩니다.",
        ),
        K::EndBeforeAction { end, action, at } => format!(
            "{}ms는 actions[{action}]의 시각 {}ms보다 앞입니다.",
            number(end.total_micros() as f64 / 1000.0),
            number(at.total_micros() as f64 / 1000.0)
        ),
        K::OutOfRange(_) | K::BadTxId(_) => String::new(),
    }
}

// ----- share links ---------------------------------------------------------------------------

/// Why a share link did not open, one sentence each ("The link is incomplete (it was cut off);
/// copy the whole link." / "링크가 중간에 잘렸습니다. 링크 전체를 복사해 주세요."). English is
/// the core's `Display`, capitalised; names and paths from the link are quoted as the core
/// clipped them, and a scenario's or an action's error is worded as a scenario file's.
#[cfg(feature = "link")]
pub fn link_error(e: &handshake_core::link::LinkError, lang: Lang) -> String {
    use handshake_core::link::{LinkError as L, PREFIX, VERSION};
    if lang == Lang::En {
        let text = match e {
            L::Scenario(s) => format!(
                "the link's scenario is not valid: {}",
                scenario_error(s, lang)
            ),
            L::Action(s) => format!(
                "the link's actions are not valid: {}",
                scenario_error(s, lang)
            ),
            other => other.to_string(),
        };
        let mut chars = text.chars();
        let first = chars.next().map(|c| c.to_ascii_uppercase());
        return first.into_iter().chain(chars).collect::<String>() + ".";
    }
    match e {
        L::Empty => String::from("링크의 `#` 뒤에 아무것도 없습니다."),
        L::NoFragment => String::from("이 주소에는 `#…` 부분이 없어서 실험이 들어 있지 않습니다."),
        L::NotALink => format!(
            "`#` 뒤의 내용이 Handshake Lab 링크가 아닙니다(링크는 `{PREFIX}`로 시작합니다)."
        ),
        L::UnsupportedVersion { version } => format!(
            "이 링크는 `x{version}` 형식이라 이 버전의 Handshake Lab이 읽을 수 없습니다(읽을 수 있는 형식: `x{VERSION}`). 더 새로운 버전에서 만든 링크입니다."
        ),
        L::BadCharacter { index, found } => format!(
            "링크가 손상되었습니다. 데이터의 {}번째 글자 {found:?}는 링크에 들어갈 수 없는 글자입니다.",
            index + 1
        ),
        L::Truncated => String::from("링크가 중간에 잘렸습니다. 링크 전체를 복사해 주세요."),
        L::Corrupt => String::from("링크가 손상되었습니다. 데이터를 풀 수 없습니다."),
        L::TooLarge { limit } => format!(
            "링크를 풀면 {}KB가 넘습니다. 어떤 실험에도 그만큼은 필요 없어서 열지 않았습니다.",
            limit / 1024
        ),
        L::Json { path, message } if path.is_empty() => {
            format!("링크의 내용이 올바르지 않습니다({message}).")
        }
        L::Json { path, message } => {
            format!("링크의 내용이 올바르지 않습니다({path}: {message}).")
        }
        L::UnknownPreset { name } => {
            format!("링크가 바탕으로 한 시나리오 `{name}`가 이 버전의 Handshake Lab에는 없습니다.")
        }
        L::PresetChanged { name } => format!(
            "링크를 만든 뒤 시나리오 `{name}`가 바뀌어서, 링크를 열어도 같은 실행이 재현되지 않습니다."
        ),
        L::Scenario(s) => format!(
            "링크의 시나리오가 올바르지 않습니다: {}",
            scenario_error(s, lang)
        ),
        L::Action(s) => format!(
            "링크의 동작이 올바르지 않습니다: {}",
            scenario_error(s, lang)
        ),
        L::StartNotAtZero { index } => format!(
            "링크에서 시작할 때 한 동작은 0ms에 있어야 하는데 start[{index}]는 그렇지 않습니다."
        ),
        L::TapeOutOfOrder { index } => {
            format!("링크의 동작 순서가 맞지 않습니다. tape[{index}]가 앞의 동작보다 이릅니다.")
        }
        L::TimeOutOfRange { path, ms } => {
            format!("링크의 시각 {path} = {ms}ms가 0과 하루(86400000ms) 사이가 아닙니다.")
        }
        L::TooMuchData { bytes, limit } => format!(
            "링크의 실험이 모두 {bytes}바이트를 보냅니다. 링크에 허용되는 {limit}바이트보다 많습니다."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use handshake_core::Config;

    #[test]
    fn a_setting_out_of_range_names_the_setting_and_its_range_in_both_languages() {
        let e = ConfigError {
            field: "rto_initial_ms",
            range: OutOfRange {
                min_from: Some("rto_min_ms"),
                max_from: Some("rto_max_ms"),
                ..OutOfRange::between(500.0, 1000.0, 60000.0, Unit::Milliseconds)
            },
        };
        assert_eq!(
            config_error(&e, Lang::En),
            "Initial RTO must be between 1000 and 60000 ms (minimum RTO to maximum RTO), not 500"
        );
        assert_eq!(
            config_error(&e, Lang::Ko),
            "초기 RTO는 1000~60000ms(최소 RTO~최대 RTO) 사이여야 합니다. 지금 값: 500"
        );
        let mss = ConfigError {
            field: "mss",
            range: Config::MSS.out_of_range(0.0),
        };
        assert!(
            config_error(&mss, Lang::Ko).starts_with("MSS는 1~"),
            "{}",
            config_error(&mss, Lang::Ko)
        );
    }

    #[test]
    fn scenario_errors_keep_the_path_and_say_why_in_korean() {
        let e = handshake_core::scenario::Scenario::from_json(r#"{"seeed": 1}"#).unwrap_err();
        let ko = scenario_error(&e, Lang::Ko);
        assert!(
            ko.starts_with("seeed: 알 수 없는 필드 `seeed`입니다. 쓸 수 있는 필드: `seed`, "),
            "{ko}"
        );
        assert!(!ko.contains("expected"), "{ko}");
        let en = scenario_error(&e, Lang::En);
        assert_eq!(en, e.to_string());
        let e =
            handshake_core::scenario::Scenario::from_json(r#"{"config": {"client": {"mss": 0}}}"#)
                .unwrap_err();
        assert_eq!(e.path, "config.client.mss");
        let ko = scenario_error(&e, Lang::Ko);
        assert!(ko.starts_with("config.client.mss: MSS는 1~"), "{ko}");
        let e = handshake_core::scenario::Scenario::from_json(
            r#"{"config": {"latency_ms": {"client_to_server": 4000000}}}"#,
        )
        .unwrap_err();
        let en = scenario_error(&e, Lang::En);
        assert!(
            en.contains("One-way latency (client to server) must be"),
            "{en}"
        );
        let ko = scenario_error(&e, Lang::Ko);
        assert!(
            ko.contains(
                ": 클라이언트→서버 편도 지연은 0~3600000ms 사이여야 합니다. 지금 값: 4000000"
            ),
            "{ko}"
        );
    }

    #[test]
    fn call_and_action_errors_in_both_languages() {
        assert_eq!(
            call_refused(
                Side::Client,
                &UserCall::Connect,
                CallError::ConnectionExists,
                Lang::Ko
            ),
            "클라이언트의 connect()가 거부되었습니다: \"오류: 연결이 이미 있음\"(RFC 9293 §3.10)."
        );
        assert_eq!(
            call_refused(
                Side::Server,
                &UserCall::Listen,
                CallError::ConnectionExists,
                Lang::En
            ),
            "The server's listen() was refused: \"error: connection already exists\" (RFC 9293 §3.10)."
        );
        let c4: TxId = "C4".parse().unwrap();
        assert_eq!(
            action_error(&ActionError::NotInFlight(c4), Lang::Ko),
            "C4는 이미 링크 위에 없음"
        );
        assert_eq!(
            action_error(
                &ActionError::UnknownTransmission("C1".parse().unwrap()),
                Lang::Ko
            ),
            "C1이라는 전송이 없음"
        );
        assert_eq!(
            describe_action(
                &Action::Fault {
                    target: c4,
                    fault: Fault::Delay(Duration::from_millis(500))
                },
                Lang::Ko
            ),
            "C4 0.5초 지연"
        );
        let bad = "X1".parse::<TxId>().unwrap_err();
        assert!(tx_id_error(&bad, Lang::Ko).contains("C(클라이언트)나 S(서버)로 시작해야"));
    }

    /// Every way a link fails, in both languages: one sentence, nothing left in English in the
    /// Korean but the quoted names, and text from the link repeated as it is (the app shows it as
    /// text, never as markup).
    #[cfg(feature = "link")]
    #[test]
    fn link_errors_in_both_languages() {
        use handshake_core::link::{self, LinkError};
        let full = link::encode(&link::Experiment::preset("lost-syn").unwrap());
        let cut = link::decode(&full[..full.len() - 6]).unwrap_err();
        assert_eq!(cut, LinkError::Truncated);
        assert_eq!(
            link_error(&cut, Lang::En),
            "The link is incomplete (it was cut off); copy the whole link."
        );
        assert_eq!(
            link_error(&cut, Lang::Ko),
            "링크가 중간에 잘렸습니다. 링크 전체를 복사해 주세요."
        );
        let newer = link::decode("#x9.AAAA").unwrap_err();
        assert!(
            link_error(&newer, Lang::Ko).contains("`x9` 형식"),
            "{newer:?}"
        );
        assert!(link_error(&newer, Lang::En).starts_with("The link is in format `x9`"));
        let html = LinkError::UnknownPreset {
            name: String::from("<b>x</b>"),
        };
        assert!(link_error(&html, Lang::En).contains("`<b>x</b>`"));
        assert!(link_error(&html, Lang::Ko).contains("`<b>x</b>`"));
        let every = [
            LinkError::Empty,
            LinkError::NoFragment,
            LinkError::NotALink,
            LinkError::BadCharacter {
                index: 3,
                found: '<',
            },
            LinkError::Corrupt,
            LinkError::TooLarge { limit: 256 * 1024 },
            LinkError::Json {
                path: String::from("tape[0]"),
                message: String::from("expected an object"),
            },
            LinkError::PresetChanged {
                name: String::from("lost-syn"),
            },
            LinkError::StartNotAtZero { index: 0 },
            LinkError::TapeOutOfOrder { index: 2 },
            LinkError::TimeOutOfRange {
                path: String::from("now_ms"),
                ms: -1.0,
            },
            LinkError::TooMuchData {
                bytes: 20_000_000,
                limit: 10_000_000,
            },
        ];
        for e in every {
            let en = link_error(&e, Lang::En);
            let ko = link_error(&e, Lang::Ko);
            assert!(
                en.ends_with('.') && en.chars().next().unwrap().is_uppercase(),
                "{en}"
            );
            assert!(ko.ends_with('.'), "{ko}");
            assert_ne!(en, ko);
            assert!(ko.chars().any(|c| ('가'..='힣').contains(&c)), "{ko}");
        }
        assert!(link_error(&LinkError::TooLarge { limit: 256 * 1024 }, Lang::Ko).contains("256KB"));
    }
}
