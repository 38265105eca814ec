//! Two runs compared (the core's `fork::compare`), worded: each [`Difference`] as one sentence in
//! English and Korean, and the first one as the point where the runs part. Only what the
//! difference states is said (its time, side, socket, segment, states, verdict); nothing is
//! derived here.

use alloc::format;
use alloc::string::{String, ToString};

use handshake_core::config::Profile;
use handshake_core::fork::{Difference, Which};
use handshake_core::vocab::{Conn, Side};

use crate::format;
use crate::korean::{Josa, josa};
use crate::lang::{Lang, say};
use crate::narrate::verdict_label;

/// What the two compared runs are, which names them in sentences.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Runs {
    /// A what-if fork: the first is the run as it happened, the second the fork.
    Fork,
    /// A broken-TCP switch: the first is real TCP, the second the run with the switch on.
    Switch,
    /// The same scenario under both TCP profiles: the first under `first`, the second under
    /// the other.
    Profiles { first: Profile },
}

impl Runs {
    /// "the run as it happened" / "the what-if run", "real TCP" / "the broken TCP".
    pub fn name(self, which: Which, lang: Lang) -> &'static str {
        match (self, which) {
            (Runs::Fork, Which::First) => say!(lang, "the run as it happened", "실제 실행"),
            (Runs::Fork, Which::Second) => say!(lang, "the what-if run", "가정한 실행"),
            (Runs::Switch, Which::First) => say!(lang, "real TCP", "진짜 TCP"),
            (Runs::Switch, Which::Second) => say!(lang, "the broken TCP", "고장 낸 TCP"),
            (Runs::Profiles { first }, which) => {
                let linux = (first == Profile::Linux) == (which == Which::First);
                if linux {
                    say!(lang, "the Linux profile", "리눅스 프로필")
                } else {
                    say!(lang, "the RFC 9293 profile", "RFC 9293 프로필")
                }
            }
        }
    }
}

fn side_name(side: Side, lang: Lang) -> &'static str {
    match (lang, side) {
        (Lang::En, Side::Client) => "the client",
        (Lang::En, Side::Server) => "the server",
        (Lang::Ko, Side::Client) => "클라이언트",
        (Lang::Ko, Side::Server) => "서버",
    }
}

fn socket(side: Side, conn: Option<Conn>, lang: Lang) -> String {
    let side = side_name(side, lang);
    match conn {
        None => String::from(side),
        Some(Conn::Listener) => say!(
            lang,
            format!("{side}'s listener"),
            format!("{side}의 리스너")
        ),
        Some(c) => format!("{side} ({c})"),
    }
}

fn link_what(what: &str, lang: Lang) -> &'static str {
    match what {
        "drop" => say!(lang, "is lost", "유실된다"),
        "delay" => say!(lang, "is delayed", "지연된다"),
        "hold" => say!(lang, "is held", "붙잡힌다"),
        "release" => say!(lang, "is released", "풀려난다"),
        _ => say!(lang, "is copied by the link", "링크가 복제한다"),
    }
}

/// What an application was told, as `Difference::App` names it (`connected`, `deliver 5 B`, …).
fn app_what(what: &str, lang: Lang) -> String {
    let word = match what {
        "connected" => say!(lang, "connected", "연결됨"),
        "end_of_stream" => say!(lang, "end of stream", "스트림 끝"),
        "reset" => say!(lang, "connection reset", "연결 리셋"),
        "timed_out" => say!(lang, "timed out", "시간 초과"),
        "closed" => say!(lang, "closed", "닫힘"),
        "discarded" => say!(lang, "data discarded", "데이터 버림"),
        other => {
            return match (lang, other.strip_prefix("deliver ")) {
                (Lang::Ko, Some(n)) => format!("{n} 전달"),
                (Lang::En, Some(n)) => format!("{n} delivered"),
                _ => String::from(other),
            };
        }
    };
    String::from(word)
}

/// One difference as a sentence: "At 1.6 s the client is TIME-WAIT in real TCP, CLOSED in the
/// broken TCP." / "1.6초에 클라이언트는 진짜 TCP에서 TIME-WAIT, 고장 낸 TCP에서 CLOSED이다."
pub fn difference(d: &Difference, runs: Runs, lang: Lang) -> String {
    let t = format::instant(d.t(), lang);
    match d {
        Difference::Segment { only_in, seg, .. } => {
            let run = runs.name(*only_in, lang);
            let id = format!("{} {}", seg.id, seg.flags);
            say!(
                lang,
                format!(
                    "At {t} only {run} puts {id} on the wire from {}.",
                    side_name(seg.from, lang)
                ),
                format!(
                    "{t}에 {}에서만 {} {} 보낸다.",
                    run,
                    josa(side_name(seg.from, lang), Josa::I),
                    josa(&id, Josa::Eul)
                ),
            )
        }
        Difference::Arrival {
            only_in,
            seg,
            verdict,
            ..
        } => {
            let run = runs.name(*only_in, lang);
            let why = verdict
                .map(|v| format!(" ({})", verdict_label(v, lang)))
                .unwrap_or_default();
            say!(
                lang,
                format!(
                    "At {t} {} reaches {} only in {run}{why}.",
                    seg.id,
                    side_name(seg.to(), lang)
                ),
                format!(
                    "{t}에 {}에서만 {} {}에 도착한다{why}.",
                    run,
                    josa(&seg.id.to_string(), Josa::I),
                    side_name(seg.to(), lang)
                ),
            )
        }
        Difference::Link {
            only_in, seg, what, ..
        } => {
            let run = runs.name(*only_in, lang);
            say!(
                lang,
                format!(
                    "At {t}, only in {run}, {} {}.",
                    seg.id,
                    link_what(what, lang)
                ),
                format!(
                    "{t}에 {}에서만 {} {}.",
                    run,
                    josa(&seg.id.to_string(), Josa::I),
                    link_what(what, lang)
                ),
            )
        }
        Difference::State {
            side,
            conn,
            first,
            second,
            ..
        } => {
            let who = socket(*side, *conn, lang);
            let (a, b) = (
                runs.name(Which::First, lang),
                runs.name(Which::Second, lang),
            );
            say!(
                lang,
                format!("From {t} {who} is {first} in {a} but {second} in {b}."),
                format!(
                    "{t}부터 {} {a}에서 {first}, {b}에서 {}.",
                    josa(&who, Josa::Eun),
                    josa(&second.to_string(), Josa::Ida)
                ),
            )
        }
        Difference::App {
            only_in,
            side,
            what,
            ..
        } => {
            let run = runs.name(*only_in, lang);
            let what = app_what(what, lang);
            say!(
                lang,
                format!(
                    "At {t}, only in {run}, {}'s application is told: {what}.",
                    side_name(*side, lang)
                ),
                format!(
                    "{t}에 {}에서만 {}의 애플리케이션이 통보받는다: {what}.",
                    run,
                    side_name(*side, lang)
                ),
            )
        }
    }
}

/// The first difference as the point where the runs part: "The runs part here: …" /
/// "두 실행은 여기서 갈라진다: …". `None` (the runs agree): "The two runs do not differ." /
/// "두 실행은 다르지 않다."
pub fn divergence(first: Option<&Difference>, runs: Runs, lang: Lang) -> String {
    match first {
        Some(d) => {
            let s = difference(d, runs, lang);
            say!(
                lang,
                format!("The runs part here: {s}"),
                format!("두 실행은 여기서 갈라진다: {s}")
            )
        }
        None => String::from(say!(
            lang,
            "The two runs do not differ.",
            "두 실행은 다르지 않다."
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use handshake_core::State;
    use handshake_core::fork::compare;
    use handshake_core::presets;
    use handshake_core::scenario::Scenario;
    use handshake_core::sim::Simulator;

    fn run(s: &Scenario) -> Simulator {
        let mut sim = Simulator::new(s).unwrap();
        sim.run_to_end();
        sim
    }

    #[test]
    fn no_time_wait_parts_where_the_client_would_enter_time_wait() {
        let real = presets::find("normal-close").unwrap().scenario().unwrap();
        let mut broken = real.clone();
        broken.client.counterfactual = broken
            .client
            .counterfactual
            .with(handshake_core::config::Counterfactual::NoTimeWait, true);
        let c = compare(run(&real).trace(), run(&broken).trace());
        let first = c.first().expect("the runs differ");
        let en = divergence(Some(first), Runs::Switch, Lang::En);
        let ko = divergence(Some(first), Runs::Switch, Lang::Ko);
        if let Difference::State { first, second, .. } = first {
            assert_eq!((*first, *second), (State::TimeWait, State::Closed));
        } else {
            panic!("the first difference is a state: {first:?}");
        }
        assert!(en.starts_with("The runs part here: From "), "{en}");
        assert!(en.contains("the client is TIME-WAIT in real TCP but CLOSED in the broken TCP"));
        assert!(
            ko.contains("클라이언트는 진짜 TCP에서 TIME-WAIT, 고장 낸 TCP에서 CLOSED"),
            "{ko}"
        );
        assert!(!ko.contains(" in "), "{ko}");
        assert!(ko.ends_with("CLOSED다."), "{ko}");
    }

    #[test]
    fn equal_runs_do_not_differ() {
        let s = presets::find("handshake").unwrap().scenario().unwrap();
        let c = compare(run(&s).trace(), run(&s).trace());
        assert!(c.is_same());
        assert_eq!(
            divergence(c.first(), Runs::Fork, Lang::En),
            "The two runs do not differ."
        );
    }

    #[test]
    fn every_difference_of_every_switch_reads_in_both_languages() {
        use handshake_core::config::Counterfactual;
        let mut kinds = alloc::collections::BTreeSet::new();
        let kind = |d: &Difference| match d {
            Difference::Segment { .. } => 0,
            Difference::Arrival { .. } => 1,
            Difference::Link { .. } => 2,
            Difference::State { .. } => 3,
            Difference::App { .. } => 4,
        };
        for p in presets::PRESETS {
            let real = p.scenario().unwrap();
            for switch in Counterfactual::ALL {
                let mut broken = real.clone();
                for c in [&mut broken.client, &mut broken.server] {
                    c.counterfactual = c.counterfactual.with(switch, true);
                }
                let c = compare(run(&real).trace(), run(&broken).trace());
                for d in &c.differences {
                    kinds.insert(kind(d));
                    let en = difference(d, Runs::Switch, Lang::En);
                    let ko = difference(d, Runs::Switch, Lang::Ko);
                    assert!(!en.chars().any(|c| ('가'..='힣').contains(&c)), "{en}");
                    assert!(ko.chars().any(|c| ('가'..='힣').contains(&c)), "{ko}");
                    for word in [
                        " the ",
                        " only ",
                        " in ",
                        " at ",
                        "From ",
                        "closed",
                        "connected",
                        "reset",
                        "deliver",
                    ] {
                        assert!(!ko.contains(word), "{word:?} in {ko}");
                    }
                    assert!(en.ends_with('.') && ko.ends_with('.'), "{en} / {ko}");
                }
            }
        }
        // Segments, arrivals, link events, states and application events all occurred.
        assert!(kinds.len() >= 4, "{}", kinds.len());
    }
}
