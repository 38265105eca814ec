//! Transcript tests: every preset's ladder, compared with a checked-in file under
//! `tests/transcripts/` (rust-analyzer's `expect_file!`). Regenerate with
//! `UPDATE_EXPECT=1 cargo test -p handshake-core --test transcripts` — and then read every
//! changed transcript against `shared/reference/scenarios.md` before committing it: a snapshot
//! is only a test because a person checked it once.

use expect_test::expect_file;
use handshake_core::ladder::{self, LadderOptions};
use handshake_core::presets::{self, PRESETS};
use handshake_core::sim::{Side, Simulator};

/// The transcript of one preset: its titles and notices in both languages, the ladder, and
/// where both ends finished.
fn transcript(slug: &str, opts: LadderOptions) -> String {
    let preset = presets::find(slug).expect("preset exists");
    let scenario = preset.scenario().expect("preset parses");
    let mut sim = Simulator::new(&scenario).expect("preset is valid");
    sim.run_to_end();
    let (title, notice) = (preset.title(), preset.notice());
    let mut out = format!("# {slug}: {} / {}\n", title.en, title.ko);
    if let Some(r) = preset.reference {
        out.push_str(&format!("# reference scenario {r}\n"));
    }
    out.push_str(&format!("# {}\n# {}\n\n", notice.en, notice.ko));
    out.push_str(&ladder::render(sim.trace(), opts));
    out.push_str(&format!(
        "\nend at {}: client {}, server {}\n",
        sim.now(),
        sim.endpoint(Side::Client).state(),
        sim.endpoint(Side::Server).state()
    ));
    out
}

macro_rules! transcript {
    ($name:ident, $slug:literal) => {
        #[test]
        fn $name() {
            expect_file![concat!("transcripts/", $slug, ".txt")]
                .assert_eq(&transcript($slug, LadderOptions::default()));
        }
    };
}

transcript!(handshake, "handshake");
transcript!(handshake_data_close, "handshake-data-close");
transcript!(lost_syn, "lost-syn");
transcript!(lost_syn_ack, "lost-syn-ack");
transcript!(lost_handshake_ack, "lost-handshake-ack");
transcript!(lost_handshake_ack_data, "lost-handshake-ack-data");
transcript!(lost_data, "lost-data");
transcript!(normal_close, "normal-close");
transcript!(three_segment_close, "three-segment-close");
transcript!(lost_last_ack, "lost-last-ack");
transcript!(no_time_wait, "no-time-wait");
transcript!(fin_overtakes_data, "fin-overtakes-data");
transcript!(duplicate_syn, "duplicate-syn");
transcript!(simultaneous_open, "simultaneous-open");
transcript!(simultaneous_close, "simultaneous-close");
transcript!(half_close, "half-close");
transcript!(rst_closed_port, "rst-closed-port");
transcript!(syn_retries_exhausted, "syn-retries-exhausted");
transcript!(bulk_data, "bulk-data");
transcript!(linux_syn_retries, "linux-syn-retries");
transcript!(linux_close, "linux-close");

#[test]
fn absolute_numbers_show_the_isns() {
    expect_file!["transcripts/handshake-absolute.txt"]
        .assert_eq(&transcript("handshake", LadderOptions { absolute: true }));
}

#[test]
fn every_preset_has_a_transcript_test() {
    let tested = [
        "handshake",
        "handshake-data-close",
        "lost-syn",
        "lost-syn-ack",
        "lost-handshake-ack",
        "lost-handshake-ack-data",
        "lost-data",
        "normal-close",
        "three-segment-close",
        "lost-last-ack",
        "no-time-wait",
        "fin-overtakes-data",
        "duplicate-syn",
        "simultaneous-open",
        "simultaneous-close",
        "half-close",
        "rst-closed-port",
        "syn-retries-exhausted",
        "bulk-data",
        "linux-syn-retries",
        "linux-close",
    ];
    let all: Vec<&str> = PRESETS.iter().map(|p| p.slug).collect();
    assert_eq!(all, tested, "add a transcript! line for each new preset");
}
