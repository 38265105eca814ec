//! The glossary: the lab's terms in both languages with their RFC sections, and the terms each
//! sentence of the narration mentions (what the log links to).

mod common;

use std::collections::BTreeSet;

use common::{assert_korean, ran};
use handshake_core::presets::PRESETS;
use handshake_explain::glossary::{TERMS, find, mentions};
use handshake_explain::learn::Origin;
use handshake_explain::{Lang, narrate};

#[test]
fn every_term_has_both_languages_and_its_rfc_section() {
    let ids: BTreeSet<&str> = TERMS.iter().map(|t| t.id).collect();
    assert_eq!(ids.len(), TERMS.len(), "ids are unique");
    assert!(TERMS.len() >= 25);
    for t in TERMS {
        assert!(t.rfc.starts_with("RFC "), "{}", t.id);
        assert!(!t.en.is_empty() && !t.ko.is_empty(), "{}", t.id);
        assert_korean(t.name.ko, t.id);
        assert_korean(t.definition.ko, t.id);
        assert_eq!(find(t.id), Some(t));
    }
    // The list.
    for id in [
        "time-wait",
        "half-close",
        "retransmission",
        "msl",
        "two-msl",
        "isn",
        "rto",
        "rtt",
        "close-wait",
        "syn-received",
        "karn",
        "rst",
        "challenge-ack",
        "window",
        "mss",
    ] {
        assert!(ids.contains(id), "{id}");
    }
    assert_eq!(find("half-close").unwrap().name.ko, "반닫힘 (half-close)");
}

#[test]
fn a_word_is_a_mention_only_when_it_stands_alone() {
    let ids =
        |text: &str, lang| -> Vec<&str> { mentions(text, lang).iter().map(|t| t.id).collect() };
    assert_eq!(ids("The FIRST segment", Lang::En), Vec::<&str>::new());
    assert_eq!(ids("RTTVAR = R/2", Lang::En), ["srtt-rttvar"]);
    assert_eq!(ids("a RST,ACK", Lang::En), ["rst"]);
    assert_eq!(ids("It retransmits C1", Lang::En), ["retransmission"]);
    assert_eq!(ids("2·MSL timer", Lang::En), ["msl", "two-msl"]);
    assert_eq!(
        ids("재전송 타이머가 만료된다", Lang::Ko),
        ["retransmission"]
    );
    assert_eq!(ids("Ack=101", Lang::Ko), ["ack-number"]);
    assert_eq!(ids("Ackermann", Lang::En), Vec::<&str>::new());
}

#[test]
fn the_narration_mentions_the_glossarys_terms() {
    let mut used = BTreeSet::new();
    for p in PRESETS {
        let sim = ran(Origin::Preset(p.slug));
        for lang in [Lang::En, Lang::Ko] {
            for e in narrate(&sim, lang) {
                for t in mentions(&e.text, lang) {
                    used.insert((t.id, lang == Lang::Ko));
                }
            }
        }
    }
    // Both languages link about as many terms (their sentences say the same).
    let en: BTreeSet<&str> = used.iter().filter(|u| !u.1).map(|u| u.0).collect();
    let ko: BTreeSet<&str> = used.iter().filter(|u| u.1).map(|u| u.0).collect();
    eprintln!("linked from the narration: en {en:?}; ko {ko:?}");
    for id in [
        "time-wait",
        "close-wait",
        "rto",
        "karn",
        "isn",
        "retransmission",
        "msl",
    ] {
        assert!(en.contains(id) && ko.contains(id), "{id}");
    }
    assert!(
        en.len() >= 15 && ko.len() >= 15,
        "{} / {}",
        en.len(),
        ko.len()
    );
}
