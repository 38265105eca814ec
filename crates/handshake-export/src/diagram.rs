//! Mermaid and PlantUML sequence diagrams of a run.

use alloc::string::String;

use crate::Run;

/// The run as a Mermaid `sequenceDiagram`.
pub fn mermaid(run: &Run<'_>) -> String {
    let _ = run;
    String::from("sequenceDiagram\n    participant C as Client\n    participant S as Server\n")
}

/// The run as a PlantUML sequence diagram (teoz).
pub fn plantuml(run: &Run<'_>) -> String {
    let _ = run;
    String::from(
        "@startuml\n!pragma teoz true\nparticipant \"Client\" as C\nparticipant \"Server\" as S\n@enduml\n",
    )
}
