//! Golden files: the SVG, Mermaid and PlantUML of two presets in both languages, checked in
//! under `tests/golden/` and read by a human. `UPDATE_EXPECT=1 cargo test -p handshake-export
//! --test golden` rewrites them after a deliberate change; `git diff` then shows what changed.
//!
//! `EXPORT_DUMP=DIR` also writes every preset's exports in every format and both languages to
//! DIR (for a look in a browser, PlantUML or Mermaid).

mod common;

use expect_test::expect_file;
use handshake_explain::Lang;
use handshake_export::{Format, Run, export};

/// lost-last-ack: a drop, a retransmission, TIME-WAIT restarted; fin-overtakes-data: a delay
/// (a slanted message in PlantUML), a segment queued out of order.
const GOLDEN: [&str; 2] = ["lost-last-ack", "fin-overtakes-data"];

#[test]
fn exports_of_two_presets_match_their_golden_files() {
    for slug in GOLDEN {
        let (sim, e) = common::preset_run(slug);
        for lang in [Lang::En, Lang::Ko] {
            let run = Run::new(&sim, &e, lang);
            for format in [Format::Svg, Format::Mermaid, Format::PlantUml] {
                let x = export(&run, format).unwrap();
                let text = String::from_utf8(x.bytes).unwrap();
                let path = format!("golden/{slug}.{}.{}", lang.tag(), format.extension());
                expect_file![path].assert_eq(&text);
            }
        }
    }
}

#[test]
fn dump_every_export_when_asked() {
    let Some(dir) = std::env::var_os("EXPORT_DUMP") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    for slug in common::preset_slugs() {
        let (sim, e) = common::preset_run(slug);
        for lang in [Lang::En, Lang::Ko] {
            let run = Run::new(&sim, &e, lang);
            for f in Format::ALL {
                let x = export(&run, f).unwrap();
                let name = format!("{slug}.{}.{}", lang.tag(), f.extension());
                std::fs::write(dir.join(name), &x.bytes).unwrap();
            }
        }
    }
}
