//! The SVG export: well-formed XML with every segment label of the run as text, hostile text
//! escaped, deterministic, and re-opening the experiment it was exported from — also after
//! another tool dropped one of the two copies of the link.

mod common;

use handshake_core::ladder::{LadderOptions, segment_label};
use handshake_core::link::{self, Experiment};
use handshake_core::scenario::Scenario;
use handshake_core::sim::{Action, Fault, SendData, Side, Simulator, TxId, UserCall};
use handshake_core::trace::TraceKind;
use handshake_core::{Duration, Instant};
use handshake_explain::Lang;
use handshake_export::{Run, SvgImportError, experiment_of, svg, svg_experiment};

fn hostile() -> (Simulator, Experiment) {
    let text = include_str!("data/hostile.json");
    let scenario = Scenario::from_json(text).expect("a valid scenario");
    let mut sim = Simulator::new(&scenario).unwrap();
    sim.run_to_end();
    let e = experiment_of(&sim, None);
    (sim, e)
}

/// A session built by hand, as the app would share it: a preset, the SYN dropped at the start,
/// a loss rate with the seed, a Korean send, a FIN delayed by 1 s, paused at 6 s, absolute
/// numbers.
fn session() -> (Simulator, Experiment) {
    let mut e = Experiment::preset("handshake-data-close").unwrap();
    e.scenario.seed = 11;
    e.at_start = vec![handshake_core::sim::TimedAction {
        at: Instant::ZERO,
        action: Action::Arm {
            side: Side::Client,
            fault: Fault::Drop,
        },
    }];
    let mut sim = Simulator::new(&e.running_scenario()).unwrap();
    sim.run_until(Instant::from_millis(1200));
    sim.apply(Action::SetLoss {
        side: Side::Server,
        probability: 0.3,
    })
    .unwrap();
    sim.apply(Action::Call {
        side: Side::Client,
        call: UserCall::Send(SendData::Text("안녕하세요, 서버! <b>TCP</b>".into())),
    })
    .unwrap();
    sim.run_until(Instant::from_millis(3050));
    let fin = sim
        .in_flight()
        .find(|t| t.segment.flags.fin())
        .map(|t| t.id);
    if let Some(fin) = fin {
        sim.apply(Action::Fault {
            target: fin,
            fault: Fault::Delay(Duration::from_secs(1)),
        })
        .unwrap();
    }
    sim.run_until(Instant::from_millis(6000));
    e.tape = sim.actions().to_vec();
    e.present = sim.now();
    e.absolute = true;
    e.lang = Some(link::Lang::Ko);
    (sim, e)
}

/// Every run the tests draw: each preset to its end, the hostile file, the hand-made session.
fn runs() -> Vec<(String, Simulator, Experiment)> {
    let mut v: Vec<_> = common::preset_slugs()
        .map(|slug| {
            let (sim, e) = common::preset_run(slug);
            (slug.to_string(), sim, e)
        })
        .collect();
    let (sim, e) = hostile();
    v.push(("hostile".into(), sim, e));
    let (sim, e) = session();
    v.push(("session".into(), sim, e));
    v
}

/// The text content of every `<text>` element.
fn texts(doc: &roxmltree::Document<'_>) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            n.descendants()
                .filter(|d| d.is_text())
                .filter_map(|d| d.text())
                .collect::<String>()
        })
        .collect()
}

#[test]
fn the_svg_is_xml_holding_every_segment_label_of_the_run_as_text() {
    for (name, sim, e) in runs() {
        for lang in [Lang::En, Lang::Ko] {
            let run = Run::new(&sim, &e, lang);
            let doc_text = svg(&run);
            let doc = roxmltree::Document::parse(&doc_text)
                .unwrap_or_else(|err| panic!("{name} {lang:?}: not XML: {err}"));
            let root = doc.root_element();
            assert_eq!(root.tag_name().name(), "svg");
            assert_eq!(
                root.tag_name().namespace(),
                Some("http://www.w3.org/2000/svg")
            );
            let texts = texts(&doc);
            let opts = LadderOptions {
                absolute: e.absolute,
            };
            let mut labels = 0;
            for ev in sim.trace().iter() {
                if let TraceKind::Send { seg, .. } | TraceKind::Duplicate { seg, .. } = &ev.kind {
                    let label = segment_label(seg, opts);
                    // The label whole, in one text element (after `↻ ` for a retransmission).
                    let found = texts
                        .iter()
                        .any(|t| t == &label || t.strip_prefix("↻ ") == Some(label.as_str()));
                    assert!(found, "{name} {lang:?}: no text `{label}`");
                    labels += 1;
                }
            }
            let label_elements = doc
                .descendants()
                .filter(|n| n.attribute("class") == Some("label"))
                .count();
            assert_eq!(label_elements, labels, "{name}: one label per segment");
            assert!(labels > 0, "{name}");
            // Both sides' states, by name.
            for ev in sim.trace().iter() {
                if let TraceKind::State { to, .. } = ev.kind {
                    assert!(texts.iter().any(|t| t == to.name()), "{name}: {to}");
                }
            }
            // The title, whole, in <title>.
            let title = doc
                .descendants()
                .find(|n| n.has_tag_name("title"))
                .and_then(|n| n.text())
                .unwrap_or("");
            assert_eq!(Some(title), run.title().or(Some("Handshake Lab")), "{name}");
        }
    }
}

#[test]
fn hostile_text_is_text_never_markup() {
    let (sim, e) = hostile();
    for lang in [Lang::En, Lang::Ko] {
        let run = Run::new(&sim, &e, lang);
        let out = svg(&run);
        let doc = roxmltree::Document::parse(&out).expect("XML");
        // Only the elements the exporter writes: no <script>, <b>, <img>, no foreign element
        // outside the metadata.
        for n in doc.descendants().filter(|n| n.is_element()) {
            let tag = n.tag_name().name();
            assert!(
                matches!(
                    tag,
                    "svg"
                        | "title"
                        | "desc"
                        | "metadata"
                        | "experiment"
                        | "link"
                        | "scenario"
                        | "defs"
                        | "marker"
                        | "path"
                        | "rect"
                        | "g"
                        | "text"
                        | "tspan"
                        | "line"
                        | "circle"
                ),
                "{tag}"
            );
        }
        assert!(!out.contains("<script"), "raw markup in the SVG");
        assert!(!out.contains("<b>"));
        // The hostile title and send data read back exactly as text.
        let texts = texts(&doc);
        let title = run.title().unwrap();
        assert!(
            doc.descendants()
                .any(|n| n.has_tag_name("title") && n.text() == Some(title))
        );
        assert!(
            texts.iter().any(|t| title.starts_with(t.as_str())),
            "the title's first line"
        );
        assert!(
            texts
                .iter()
                .any(|t| t.contains("\"<script>x</script>;#%%]]>--·\"")),
            "{texts:?}"
        );
        // The embedded scenario is the scenario file, verbatim.
        let scenario = doc
            .descendants()
            .find(|n| n.has_tag_name("scenario"))
            .and_then(|n| n.text())
            .unwrap();
        assert_eq!(scenario, sim.to_scenario().to_json());
    }
}

#[test]
fn the_same_run_gives_the_same_bytes() {
    for (name, sim, e) in runs() {
        let again = Simulator::replay(&e.running_scenario(), &e.tape, e.present).unwrap();
        for lang in [Lang::En, Lang::Ko] {
            assert_eq!(
                svg(&Run::new(&sim, &e, lang)),
                svg(&Run::new(&again, &e, lang)),
                "{name}"
            );
        }
        assert_ne!(
            svg(&Run::new(&sim, &e, Lang::En)),
            svg(&Run::new(&sim, &e, Lang::Ko))
        );
    }
}

#[test]
fn the_svg_reopens_the_experiment_and_replays_the_same_trace() {
    for (name, sim, e) in runs() {
        let out = svg(&Run::new(&sim, &e, Lang::Ko));
        let back = svg_experiment(&out).unwrap_or_else(|err| panic!("{name}: {err}"));
        assert_eq!(back, e, "{name}");
        let replayed = back.replay().unwrap();
        assert_eq!(
            replayed.trace().to_json_lines(),
            sim.trace().to_json_lines(),
            "{name}"
        );
    }
}

/// Removes every `<metadata>…</metadata>` (what SVGO's removeMetadata does).
fn without_metadata(svg: &str) -> String {
    let (a, rest) = svg.split_once("<metadata>").unwrap();
    let (_, b) = rest.split_once("</metadata>").unwrap();
    format!("{a}{b}")
}

/// Removes the root's link attribute (what an editor that drops unknown attributes does).
fn without_attribute(svg: &str) -> String {
    let start = svg.find(" data-handshake-lab-link=\"").unwrap();
    let end = start + 1 + svg[start + 1..].find("\" ").unwrap() + 1;
    format!("{}{}", &svg[..start], &svg[end..])
}

#[test]
fn either_copy_of_the_link_is_enough_after_another_tool_resaves_the_svg() {
    let (sim, e) = session();
    let out = svg(&Run::new(&sim, &e, Lang::En));
    let stripped = without_metadata(&out);
    assert!(!stripped.contains("<metadata>"));
    assert_eq!(svg_experiment(&stripped), Ok(e.clone()), "attribute only");
    let stripped = without_attribute(&out);
    assert!(!stripped.contains("data-handshake-lab-link"));
    assert_eq!(svg_experiment(&stripped), Ok(e.clone()), "metadata only");
    // Another prefix, single quotes, spaces, line breaks around the link.
    let link = link::encode(&e);
    let resaved = format!(
        "<svg xmlns='http://www.w3.org/2000/svg' data-handshake-lab-link = '{link}'><metadata><ns0:experiment xmlns:ns0=\"{}\"><ns0:link>\n  {link}\n</ns0:link></ns0:experiment></metadata></svg>",
        handshake_export::SVG_NS
    );
    assert_eq!(svg_experiment(&resaved), Ok(e.clone()));
    let reformatted = format!("<svg><metadata><link>\n  {link}\n</link></metadata></svg>");
    assert_eq!(svg_experiment(&reformatted), Ok(e.clone()));
    // The first copy that opens wins: a damaged attribute, a good element.
    let damaged = format!(
        "<svg data-handshake-lab-link=\"{}\"><metadata><hl:link>{link}</hl:link></metadata></svg>",
        &link[..link.len() / 2]
    );
    assert_eq!(svg_experiment(&damaged), Ok(e));
}

#[test]
fn an_svg_without_an_experiment_says_so() {
    assert_eq!(
        svg_experiment("<svg xmlns=\"http://www.w3.org/2000/svg\"><text>x1.abc</text></svg>"),
        Err(SvgImportError::NoExperiment)
    );
    assert_eq!(svg_experiment(""), Err(SvgImportError::NoExperiment));
    assert_eq!(
        svg_experiment("<svg><link rel=x></link></svg>"),
        Err(SvgImportError::NoExperiment)
    );
    // A copy that is there but does not open gives the link's error.
    let (sim, e) = common::preset_run("lost-syn");
    let out = svg(&Run::new(&sim, &e, Lang::En));
    let link = link::encode(&e);
    let cut = out.replace(&link, &link[..link.len() - 5]);
    assert!(matches!(
        svg_experiment(&cut),
        Err(SvgImportError::Link(link::LinkError::Truncated))
    ));
    let newer = out.replace(&link, &link.replace("x1.", "x9."));
    let err = svg_experiment(&newer).unwrap_err();
    assert!(matches!(
        err,
        SvgImportError::Link(link::LinkError::UnsupportedVersion { .. })
    ));
    assert!(err.message(Lang::Ko).contains("x9"));
    assert!(
        SvgImportError::NoExperiment
            .message(Lang::Ko)
            .contains("Handshake Lab 실험")
    );
}

#[test]
fn a_run_stopped_early_draws_segments_still_on_the_link() {
    let p = handshake_core::presets::find("lost-last-ack").unwrap();
    let mut sim = Simulator::new(&p.scenario().unwrap()).unwrap();
    sim.run_until(Instant::from_millis(2550));
    let e = experiment_of(&sim, Some(p.slug));
    let out = svg(&Run::new(&sim, &e, Lang::En));
    let doc = roxmltree::Document::parse(&out).unwrap();
    // S4, the re-sent FIN, left at 2.5 s and is still flying: a line without an arrow head.
    let s4 = TxId::new(Side::Server, 4).to_string();
    let path = doc
        .descendants()
        .find(|n| n.has_tag_name("path") && n.attribute("data-segment") == Some(s4.as_str()))
        .expect("S4's line");
    assert_eq!(path.attribute("marker-end"), None);
    assert_eq!(
        svg_experiment(&out).unwrap().replay().unwrap().now(),
        sim.now()
    );
}
