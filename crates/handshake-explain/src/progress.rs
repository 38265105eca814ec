//! A student's progress as plain values the app keeps in the browser's storage (no account, no
//! server): the score per question topic ([`Score`]) and the arcs seen
//! ([`crate::arcs::Coverage`]). Both read and write a short text, and read anything else — an
//! older format, a value someone edited — as nothing rather than failing.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::questions::Kind;

/// Right answers out of questions asked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Tally {
    pub right: u32,
    pub asked: u32,
}

impl Tally {
    pub fn record(&mut self, correct: bool) {
        self.asked = self.asked.saturating_add(1);
        if correct {
            self.right = self.right.saturating_add(1);
        }
    }
    /// Right answers in percent, rounded down (`None` before the first question).
    pub fn percent(self) -> Option<u32> {
        (self.asked > 0).then(|| (u64::from(self.right) * 100 / u64::from(self.asked)) as u32)
    }
}

/// One tally per question topic ([`Kind`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Score {
    pub by_kind: [Tally; 5],
}

impl Score {
    pub fn record(&mut self, kind: Kind, correct: bool) {
        self.by_kind[kind.index()].record(correct);
    }
    pub fn of(&self, kind: Kind) -> Tally {
        self.by_kind[kind.index()]
    }
    /// All topics together.
    pub fn total(&self) -> Tally {
        self.by_kind.iter().fold(Tally::default(), |a, t| Tally {
            right: a.right.saturating_add(t.right),
            asked: a.asked.saturating_add(t.asked),
        })
    }
    /// `state:3/5,flags:1/2`: the topics asked so far.
    pub fn encode(&self) -> String {
        let parts: Vec<String> = Kind::ALL
            .iter()
            .filter(|k| self.of(**k).asked > 0)
            .map(|&k| {
                let t = self.of(k);
                format!("{}:{}/{}", k.name(), t.right, t.asked)
            })
            .collect();
        parts.join(",")
    }
    /// Reads [`Score::encode`]'s text; parts that do not read (an unknown topic, more right than
    /// asked, not numbers) are left out.
    pub fn decode(text: &str) -> Score {
        let mut s = Score::default();
        for part in text.split(',') {
            let Some((name, nums)) = part.trim().split_once(':') else {
                continue;
            };
            let Some(kind) = Kind::ALL.iter().find(|k| k.name() == name) else {
                continue;
            };
            let Some((r, a)) = nums.split_once('/') else {
                continue;
            };
            if let (Ok(right), Ok(asked)) = (r.parse::<u32>(), a.parse::<u32>()) {
                if right <= asked {
                    s.by_kind[kind.index()] = Tally { right, asked };
                }
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_score_reads_back_and_garbage_reads_as_nothing() {
        let mut s = Score::default();
        s.record(Kind::State, true);
        s.record(Kind::State, false);
        s.record(Kind::Ack, true);
        assert_eq!(s.encode(), "state:1/2,ack:1/1");
        assert_eq!(Score::decode(&s.encode()), s);
        assert_eq!(s.total(), Tally { right: 2, asked: 3 });
        assert_eq!(s.of(Kind::State).percent(), Some(50));
        assert_eq!(s.of(Kind::Timer).percent(), None);
        assert_eq!(Score::decode(""), Score::default());
        assert_eq!(Score::decode("nonsense"), Score::default());
        // More right than asked, an unknown topic, not numbers: left out; the rest kept.
        let d = Score::decode("state:3/2,colour:1/1,ack:x/1,flags:2/4");
        assert_eq!(d.of(Kind::State), Tally::default());
        assert_eq!(d.of(Kind::Ack), Tally::default());
        assert_eq!(d.of(Kind::Flags), Tally { right: 2, asked: 4 });
    }
}
