//! The differential's expectations: for each preset and role, "agree", or "differs" with the
//! documented reason and the exact differences (their signature lines).
//!
//! ```text
//! # comment
//! handshake client: agree
//! lost-syn-ack client: differs: Linux answers a duplicate SYN with a SYN,ACK (docs/model.md …)
//!   + S3 [SYN, ACK] Seq=0 Ack=1 Len=0: only in the live run
//! ```
//!
//! The role is the model's. A run passes when what it found is exactly what is written; a new
//! difference, a difference gone, or a reason not written yet (`UNEXPLAINED`) fails it. Where the
//! kernel races itself (two of its events due at the same instant, as when a re-sent SYN arrives
//! just as its SYN,ACK timer expires), the entry lists each outcome, separated by a line `  or`;
//! the run must find one of them. An outcome may be the line `  agree` (the kernel took the
//! model's way in that race), as long as another outcome lists differences. With
//! `--update` the differential rewrites the file, keeping the reasons of entries whose
//! differences did not change and writing `UNEXPLAINED` for the others, for a person to explain
//! (or fix).

use std::fmt::Write as _;

use handshake_core::vocab::Side;

/// The placeholder `--update` writes for a reason nobody has given yet.
pub const UNEXPLAINED: &str = "UNEXPLAINED";

/// What one preset in one role is expected to give.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Agree,
    /// `outcomes`: each acceptable set of difference lines (one unless the kernel races); an
    /// empty one is the outcome in which the runs agree.
    Differs {
        reason: String,
        outcomes: Vec<Vec<String>>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub preset: String,
    /// The model's role.
    pub role: Side,
    pub verdict: Verdict,
}

/// A parsed expectations file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expectations {
    /// The comment lines at the top (kept by `--update`).
    pub header: Vec<String>,
    pub entries: Vec<Entry>,
}

impl Expectations {
    pub fn parse(text: &str) -> Result<Expectations, String> {
        let mut out = Expectations::default();
        let mut in_header = true;
        for (n, line) in text.lines().enumerate() {
            let at = |msg: &str| format!("line {}: {msg}", n + 1);
            if line.starts_with('#') {
                if in_header {
                    out.header.push(line.to_owned());
                }
                continue;
            }
            if line.trim().is_empty() {
                continue;
            }
            in_header = false;
            if let Some(sig) = line.strip_prefix("  ") {
                match out.entries.last_mut() {
                    Some(Entry {
                        verdict: Verdict::Differs { outcomes, .. },
                        ..
                    }) => {
                        if sig == "or" {
                            outcomes.push(Vec::new());
                        } else if let Some(last) = outcomes.last_mut() {
                            last.push(sig.to_owned());
                        }
                    }
                    _ => return Err(at("a difference line must follow a `differs` entry")),
                }
                continue;
            }
            let (head, rest) = line.split_once(':').ok_or_else(|| {
                at("expected `PRESET ROLE: agree` or `PRESET ROLE: differs: REASON`")
            })?;
            let mut words = head.split_whitespace();
            let (Some(preset), Some(role), None) = (words.next(), words.next(), words.next())
            else {
                return Err(at("expected a preset and a role before the colon"));
            };
            let role = match role {
                "client" => Side::Client,
                "server" => Side::Server,
                other => {
                    return Err(at(&format!(
                        "the role is `client` or `server`, not `{other}`"
                    )));
                }
            };
            let rest = rest.trim();
            let verdict = if rest == "agree" {
                Verdict::Agree
            } else if let Some(reason) = rest.strip_prefix("differs:") {
                Verdict::Differs {
                    reason: reason.trim().to_owned(),
                    outcomes: vec![Vec::new()],
                }
            } else {
                return Err(at("the verdict is `agree` or `differs: REASON`"));
            };
            if let Some(Entry {
                preset: p,
                role: r,
                verdict: Verdict::Differs { outcomes, .. },
            }) = out.entries.last()
            {
                if outcomes.iter().any(Vec::is_empty) {
                    return Err(at(&format!("{p} {r} differs, but lists no difference")));
                }
            }
            if out.get(preset, role).is_some() {
                return Err(at(&format!("{preset} {role} is listed twice")));
            }
            out.entries.push(Entry {
                preset: preset.to_owned(),
                role,
                verdict,
            });
        }
        if let Some(Entry {
            preset,
            role,
            verdict: Verdict::Differs { outcomes, .. },
        }) = out.entries.last()
        {
            if outcomes.iter().any(Vec::is_empty) {
                return Err(format!(
                    "at the end: {preset} {role} differs, but lists no difference"
                ));
            }
        }
        // An outcome written `agree` is the one without differences; one of the others must
        // have some, or the entry is just `agree`.
        for e in &mut out.entries {
            if let Verdict::Differs { outcomes, .. } = &mut e.verdict {
                for o in outcomes.iter_mut() {
                    if o.len() == 1 && o[0] == "agree" {
                        o.clear();
                    } else if o.iter().any(|l| l == "agree") {
                        return Err(format!(
                            "{} {}: `agree` is an outcome of its own, between `or` lines",
                            e.preset, e.role
                        ));
                    }
                }
                if outcomes.iter().all(Vec::is_empty) {
                    return Err(format!(
                        "{} {}: every outcome agrees: write `agree`",
                        e.preset, e.role
                    ));
                }
            }
        }
        Ok(out)
    }

    pub fn get(&self, preset: &str, role: Side) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.preset == preset && e.role == role)
    }

    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for h in &self.header {
            let _ = writeln!(out, "{h}");
        }
        if !self.header.is_empty() {
            out.push('\n');
        }
        for e in &self.entries {
            match &e.verdict {
                Verdict::Agree => {
                    let _ = writeln!(out, "{} {}: agree", e.preset, e.role);
                }
                Verdict::Differs { reason, outcomes } => {
                    let _ = writeln!(out, "{} {}: differs: {reason}", e.preset, e.role);
                    for (k, lines) in outcomes.iter().enumerate() {
                        if k > 0 {
                            let _ = writeln!(out, "  or");
                        }
                        if lines.is_empty() {
                            let _ = writeln!(out, "  agree");
                        }
                        for l in lines {
                            let _ = writeln!(out, "  {l}");
                        }
                    }
                }
            }
        }
        out
    }
}

/// The verdict a run's differences make (for `--update`): `previous` as it is if the
/// differences are one of its outcomes, else these differences with no reason yet.
pub fn observed(lines: &[String], previous: Option<&Verdict>) -> Verdict {
    match previous {
        Some(v @ Verdict::Differs { outcomes, .. }) if outcomes.iter().any(|o| o == lines) => {
            return v.clone();
        }
        _ if lines.is_empty() => return Verdict::Agree,
        _ => {}
    }
    match previous {
        Some(v @ Verdict::Differs { outcomes, .. }) if outcomes.iter().any(|o| o == lines) => {
            v.clone()
        }
        _ => Verdict::Differs {
            reason: UNEXPLAINED.to_owned(),
            outcomes: vec![lines.to_vec()],
        },
    }
}

/// Whether a run's differences are what is expected; the error says what is not.
pub fn check(expected: Option<&Verdict>, lines: &[String]) -> Result<(), String> {
    match expected {
        None => Err("no expectation is written for this run".into()),
        Some(Verdict::Agree) if lines.is_empty() => Ok(()),
        Some(Verdict::Agree) => Err(format!(
            "expected to agree, but differs:\n{}",
            indent(lines)
        )),
        Some(Verdict::Differs { outcomes, .. })
            if lines.is_empty() && !outcomes.iter().any(Vec::is_empty) =>
        {
            Err("expected to differ, but agrees (update the expectations)".into())
        }
        Some(Verdict::Differs { reason, outcomes }) => {
            if !outcomes.iter().any(|want| want == lines) {
                let expected: Vec<String> = outcomes.iter().map(|o| indent(o)).collect();
                return Err(format!(
                    "the differences changed; expected:\n{}\nfound:\n{}",
                    expected.join("\n  or\n"),
                    indent(lines)
                ));
            }
            if reason.is_empty() || reason.starts_with(UNEXPLAINED) {
                return Err("these differences are not explained yet (write the reason)".into());
            }
            Ok(())
        }
    }
}

fn indent(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "\
# Expectations, profile rfc.
# Second header line.

handshake client: agree
lost-syn-ack client: differs: Linux re-sends its SYN,ACK (docs/model.md, 3)
  + S3 [SYN, ACK] Seq=0 Ack=1 Len=0: only in the live run
  - S2 [ACK] Seq=1 Ack=1 Len=0: only in the model's run
";

    fn lines(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_file_reads_back_to_the_same_text() {
        let e = Expectations::parse(FILE).unwrap();
        assert_eq!(e.header.len(), 2);
        assert_eq!(e.entries.len(), 2);
        assert_eq!(
            e.get("handshake", Side::Client).unwrap().verdict,
            Verdict::Agree
        );
        assert!(e.get("handshake", Side::Server).is_none());
        assert_eq!(e.to_text(), FILE);
    }

    #[test]
    fn exactly_the_written_differences_pass() {
        let e = Expectations::parse(FILE).unwrap();
        let v = &e.get("lost-syn-ack", Side::Client).unwrap().verdict;
        let found = lines(&[
            "+ S3 [SYN, ACK] Seq=0 Ack=1 Len=0: only in the live run",
            "- S2 [ACK] Seq=1 Ack=1 Len=0: only in the model's run",
        ]);
        assert_eq!(check(Some(v), &found), Ok(()));
        // One difference fewer, one more, none, or no entry at all: each fails.
        assert!(check(Some(v), &found[..1]).is_err());
        let mut more = found.clone();
        more.push("> C3 [ACK] Seq=1 Ack=1 Len=0 later than the model's".into());
        assert!(check(Some(v), &more).is_err());
        assert!(check(Some(v), &[]).unwrap_err().contains("agrees"));
        assert!(check(None, &[]).is_err());
        let agree = &e.get("handshake", Side::Client).unwrap().verdict;
        assert_eq!(check(Some(agree), &[]), Ok(()));
        assert!(
            check(Some(agree), &found)
                .unwrap_err()
                .contains("expected to agree")
        );
    }

    #[test]
    fn a_race_lists_each_outcome_and_either_passes() {
        let text = "\
lost-syn-ack client: differs: (c) a race
  - S3 [ACK] Seq=1 Ack=1 Len=0: only in the model's run
  or
  + C4 [ACK] Seq=1 Ack=1 Len=0: only in the live run
";
        let e = Expectations::parse(text).unwrap();
        assert_eq!(e.to_text(), text);
        let v = &e.get("lost-syn-ack", Side::Client).unwrap().verdict;
        let first = lines(&["- S3 [ACK] Seq=1 Ack=1 Len=0: only in the model's run"]);
        let second = lines(&["+ C4 [ACK] Seq=1 Ack=1 Len=0: only in the live run"]);
        assert_eq!(check(Some(v), &first), Ok(()));
        assert_eq!(check(Some(v), &second), Ok(()));
        let both: Vec<String> = first.iter().chain(&second).cloned().collect();
        assert!(check(Some(v), &both).unwrap_err().contains("\n  or\n"));
        // An update that finds one of them keeps the entry whole.
        assert_eq!(observed(&second, Some(v)), v.clone());
    }

    #[test]
    fn a_race_may_have_an_outcome_that_agrees() {
        let text = "\
lost-syn-ack client: differs: (f) a race
  - S3 [SYN, ACK] Seq=0 Ack=1 Len=0: only in the model's run
  or
  agree
";
        let e = Expectations::parse(text).unwrap();
        assert_eq!(e.to_text(), text);
        let v = &e.get("lost-syn-ack", Side::Client).unwrap().verdict;
        let first = lines(&["- S3 [SYN, ACK] Seq=0 Ack=1 Len=0: only in the model's run"]);
        assert_eq!(check(Some(v), &first), Ok(()));
        assert_eq!(check(Some(v), &[]), Ok(()));
        assert!(check(Some(v), &lines(&["+ C9"])).is_err());
        // An update that finds either keeps the entry whole.
        assert_eq!(observed(&[], Some(v)), v.clone());
        assert_eq!(observed(&first, Some(v)), v.clone());
        // `agree` alone in every outcome, or among differences, is a mistake.
        for (text, want) in [
            (
                "a client: differs: why\n  agree\n  or\n  agree",
                "every outcome agrees",
            ),
            (
                "a client: differs: why\n  + C1\n  agree",
                "an outcome of its own",
            ),
        ] {
            let err = Expectations::parse(text).unwrap_err();
            assert!(err.contains(want), "{text:?}: {err}");
        }
    }

    #[test]
    fn an_update_keeps_a_reason_only_for_the_same_differences() {
        let e = Expectations::parse(FILE).unwrap();
        let v = &e.get("lost-syn-ack", Side::Client).unwrap().verdict;
        let same = lines(&[
            "+ S3 [SYN, ACK] Seq=0 Ack=1 Len=0: only in the live run",
            "- S2 [ACK] Seq=1 Ack=1 Len=0: only in the model's run",
        ]);
        assert_eq!(observed(&same, Some(v)), v.clone());
        let other = observed(&same[..1], Some(v));
        assert!(matches!(&other, Verdict::Differs { reason, .. } if reason == UNEXPLAINED));
        assert!(
            check(Some(&other), &same[..1])
                .unwrap_err()
                .contains("not explained")
        );
        assert_eq!(observed(&[], Some(v)), Verdict::Agree);
    }

    #[test]
    fn malformed_files_name_the_line() {
        for (text, want) in [
            ("handshake client agree", "line 1: expected `PRESET ROLE"),
            ("handshake: agree", "line 1: expected a preset and a role"),
            (
                "handshake peer: agree",
                "line 1: the role is `client` or `server`",
            ),
            ("handshake client: maybe", "line 1: the verdict is"),
            ("  + C1", "line 1: a difference line must follow"),
            (
                "a client: agree\na client: agree",
                "line 2: a client is listed twice",
            ),
            (
                "a client: differs: why\nb client: agree",
                "line 2: a client differs, but lists no",
            ),
            (
                "a client: differs: why\n  + C1\n  or",
                "at the end: a client differs, but lists no",
            ),
        ] {
            let e = Expectations::parse(text).unwrap_err();
            assert!(e.starts_with(want), "{text:?}: {e}");
        }
    }
}
