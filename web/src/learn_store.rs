//! Where a student's progress is kept between visits: the browser's `localStorage`, as the short
//! texts `handshake_explain::progress` and `arcs::Coverage` read and write. No account, no
//! server. A browser that refuses storage (private modes, a full quota) keeps progress for the
//! session only; nothing fails.

use handshake_explain::arcs::Coverage;
use handshake_explain::progress::Score;

/// The keys, versioned by name so that a later format can live beside this one.
pub const SCORE_KEY: &str = "handshake-lab.score.v1";
pub const COVERAGE_KEY: &str = "handshake-lab.coverage.v1";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn read(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

fn write(key: &str, value: &str) {
    if let Some(s) = storage() {
        // A refused write (quota, private mode) leaves progress to this session.
        let _ = s.set_item(key, value);
    }
}

/// The score over every visit.
pub fn load_score() -> Score {
    read(SCORE_KEY).map_or_else(Score::default, |t| Score::decode(&t))
}

pub fn save_score(score: &Score) {
    write(SCORE_KEY, &score.encode());
}

/// The arcs seen over every visit.
pub fn load_coverage() -> Coverage {
    read(COVERAGE_KEY).map_or_else(Coverage::default, |t| Coverage::decode(&t))
}

pub fn save_coverage(coverage: Coverage) {
    write(COVERAGE_KEY, &coverage.encode());
}
