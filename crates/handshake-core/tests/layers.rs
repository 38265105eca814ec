//! The core's modules form layers (the crate documentation of `lib.rs` lists them): every
//! `crate::…` path in a module names a module of a lower layer, or of its own layer's
//! foundations, so the modules have no cycle. This reads the sources and checks it.

use std::collections::BTreeMap;
use std::path::Path;

/// Each module's layer, bottom up, as `lib.rs` documents them.
const LAYERS: &[(&str, u32)] = &[
    ("time", 1),
    ("seq", 1),
    ("segment", 1),
    ("wire", 1),
    ("state", 1),
    ("rng", 1),
    ("sort", 1),
    ("config", 2),
    ("rtt", 2),
    ("vocab", 3),
    ("endpoint", 4),
    ("observer_note", 4),
    ("trace", 5),
    ("scenario", 6),
    ("observer", 6),
    ("sim", 7),
    ("ladder", 8),
    ("presets", 8),
    ("fork", 8),
    ("link", 9),
];

/// Inside layer 1 the value types build on each other in this order (a segment has sequence
/// numbers, the wire format encodes segments); in layer 2 the estimator reads the configuration.
const WITHIN: &[(&str, &str)] = &[
    ("segment", "seq"),
    ("wire", "segment"),
    ("wire", "seq"),
    ("config", "time"),
    ("rtt", "config"),
];

/// The modules a source file names through `crate::name`.
fn crate_paths(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push(name);
            }
        }
    }
    out
}

fn sources(dir: &Path, module: &str, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, module, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push((module.to_owned(), std::fs::read_to_string(&path).unwrap()));
        }
    }
}

#[test]
fn every_module_imports_only_from_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let layer: BTreeMap<&str, u32> = LAYERS.iter().copied().collect();
    let mut files = Vec::new();
    for (module, _) in LAYERS {
        let file = src.join(format!("{module}.rs"));
        if file.exists() {
            files.push((module.to_string(), std::fs::read_to_string(&file).unwrap()));
        }
        let dir = src.join(module);
        if dir.is_dir() {
            sources(&dir, module, &mut files);
        }
    }
    assert!(files.len() >= LAYERS.len(), "every module has a source");
    let mut wrong = Vec::new();
    for (module, text) in &files {
        let own = layer[module.as_str()];
        for used in crate_paths(text) {
            if used == *module {
                continue;
            }
            let Some(&theirs) = layer.get(used.as_str()) else {
                // Re-exports at the crate root (`crate::Instant`) are not modules.
                assert!(
                    used.chars().next().is_some_and(|c| c.is_ascii_uppercase()),
                    "{module} names crate::{used}, a module missing from LAYERS"
                );
                continue;
            };
            let ok = theirs < own
                || (theirs == own && WITHIN.contains(&(module.as_str(), used.as_str())));
            if !ok {
                wrong.push(format!(
                    "{module} (layer {own}) uses crate::{used} (layer {theirs})"
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports that point up or sideways:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_check_sees_an_upward_import() {
    assert_eq!(
        crate_paths("use crate::sim::{Side, TxId}; // crate::trace in a comment"),
        ["sim"]
    );
}
