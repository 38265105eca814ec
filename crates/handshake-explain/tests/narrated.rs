//! Narrated transcripts: every preset's ladder with its narration under each instant, in both
//! languages, as `handshake-cli run --preset NAME --narrate [--lang ko]` prints it, compared
//! with a checked-in file under `tests/narrated/` (`expect_file!`). Regenerate with
//! `UPDATE_EXPECT=1 cargo test -p handshake-explain --test narrated`, then read every changed
//! file — the Korean ones as a Korean student would — before committing it.

use expect_test::expect_file;
use handshake_core::ladder::LadderOptions;
use handshake_core::presets::{self, PRESETS};
use handshake_core::sim::Simulator;
use handshake_explain::Lang;
use handshake_explain::transcript::{legend, narrated_ladder, summary};

fn narrated(slug: &str, lang: Lang) -> String {
    let preset = presets::find(slug).expect("preset exists");
    let scenario = preset.scenario().expect("preset parses");
    let mut sim = Simulator::new(&scenario).expect("preset is valid");
    sim.run_to_end();
    let (title, notice) = (preset.title(), preset.notice());
    let (title, notice) = match lang {
        Lang::En => (title.en, notice.en),
        Lang::Ko => (title.ko, notice.ko),
    };
    let mut out = format!("# {slug}: {title}\n# {notice}\n\n");
    out.push_str(&narrated_ladder(
        sim.trace(),
        sim.scenario(),
        LadderOptions::default(),
        lang,
    ));
    out.push_str(&format!("\n{}\n\n{}\n", legend(lang), summary(&sim, lang)));
    out
}

macro_rules! narrated {
    ($name:ident, $slug:literal) => {
        #[test]
        fn $name() {
            expect_file![concat!("narrated/", $slug, ".en.txt")]
                .assert_eq(&narrated($slug, Lang::En));
            expect_file![concat!("narrated/", $slug, ".ko.txt")]
                .assert_eq(&narrated($slug, Lang::Ko));
        }
    };
}

narrated!(handshake, "handshake");
narrated!(handshake_data_close, "handshake-data-close");
narrated!(lost_syn, "lost-syn");
narrated!(lost_syn_ack, "lost-syn-ack");
narrated!(lost_handshake_ack, "lost-handshake-ack");
narrated!(lost_handshake_ack_data, "lost-handshake-ack-data");
narrated!(lost_data, "lost-data");
narrated!(normal_close, "normal-close");
narrated!(three_segment_close, "three-segment-close");
narrated!(lost_last_ack, "lost-last-ack");
narrated!(no_time_wait, "no-time-wait");
narrated!(fin_overtakes_data, "fin-overtakes-data");
narrated!(simultaneous_open, "simultaneous-open");
narrated!(simultaneous_close, "simultaneous-close");
narrated!(half_close, "half-close");
narrated!(rst_closed_port, "rst-closed-port");
narrated!(syn_retries_exhausted, "syn-retries-exhausted");
narrated!(bulk_data, "bulk-data");
narrated!(duplicate_syn, "duplicate-syn");
narrated!(linux_syn_retries, "linux-syn-retries");
narrated!(linux_close, "linux-close");

#[test]
fn every_preset_has_a_narrated_transcript() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/narrated");
    for p in PRESETS {
        for lang in ["en", "ko"] {
            let path = format!("{dir}/{}.{lang}.txt", p.slug);
            assert!(
                std::path::Path::new(&path).exists() || std::env::var_os("UPDATE_EXPECT").is_some(),
                "no narrated transcript {path}: add a `narrated!` line for {}",
                p.slug
            );
        }
    }
    assert_eq!(
        PRESETS.len(),
        21,
        "a new preset needs a `narrated!` line above"
    );
}
