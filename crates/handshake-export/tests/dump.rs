mod common;
use handshake_explain::Lang;
use handshake_export::{Format, Run, export};

/// `EXPORT_DUMP=DIR cargo test -p handshake-export --test dump` writes every preset's exports.
#[test]
fn dump() {
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
                std::fs::write(
                    dir.join(format!("{slug}.{}.{}", lang.tag(), f.extension())),
                    &x.bytes,
                )
                .unwrap();
            }
        }
    }
}
