//! The ladder as an SVG for print, with the experiment embedded.

use alloc::string::String;
use core::fmt;

use handshake_core::link::{self, Experiment, LinkError};
use handshake_explain::Lang;

use crate::Run;

/// The namespace of the experiment's element in `<metadata>`.
pub const SVG_NS: &str = "https://handshake-lab.github.io/ns/export/1";

/// The run's ladder as a standalone SVG document.
pub fn svg(run: &Run<'_>) -> String {
    let link = run.link();
    let title = crate::escape::xml(run.title().unwrap_or(""));
    alloc::format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"100\" data-handshake-lab-link=\"{link}\"><metadata><hl:experiment xmlns:hl=\"{SVG_NS}\"><hl:link>{link}</hl:link></hl:experiment></metadata><title>{title}</title></svg>\n"
    )
}

/// Why an SVG does not re-open an experiment.
#[derive(Clone, Debug, PartialEq)]
pub enum SvgImportError {
    /// The file holds no Handshake Lab experiment (not one of our exports, or its metadata was
    /// stripped by another tool).
    NoExperiment,
    /// The experiment is there but its link does not open (a later format, a changed preset…).
    Link(LinkError),
}

impl SvgImportError {
    /// The error in `lang`, one line (a [`LinkError`] is given in English: the app words it).
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (SvgImportError::NoExperiment, Lang::En) => String::from(
                "this SVG holds no Handshake Lab experiment (only SVGs exported by Handshake Lab do)",
            ),
            (SvgImportError::NoExperiment, Lang::Ko) => String::from(
                "이 SVG에는 Handshake Lab 실험이 들어 있지 않다(Handshake Lab에서 내보낸 SVG만 들어 있다)",
            ),
            (SvgImportError::Link(e), _) => alloc::format!("{e}"),
        }
    }
}

impl fmt::Display for SvgImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// The experiment embedded in an SVG that [`svg`] wrote (also after another tool re-saved it).
pub fn svg_experiment(svg: &str) -> Result<Experiment, SvgImportError> {
    let start = svg.find("x1.").ok_or(SvgImportError::NoExperiment)?;
    let rest = &svg[start..];
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
        .unwrap_or(rest.len());
    link::decode(&rest[..end]).map_err(SvgImportError::Link)
}
