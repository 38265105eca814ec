//! The app's components, one per file; each has its own stylesheet in `web/styles/`.

pub mod calls_panel;
pub mod change_prompt;
pub mod control_bar;
pub mod endpoint_header;
pub mod fault_menu;
pub mod footer;
pub mod header;
pub mod help_overlay;
pub mod inspector;
pub mod ladder;
pub mod language_switch;
pub mod narration_log;
pub mod notice;
pub mod preset_menu;
pub mod settings;
pub mod stage;
pub mod state_diagram;
pub mod timers;

pub use calls_panel::CallsPanel;
pub use change_prompt::ChangePrompt;
pub use control_bar::ControlBar;
pub use endpoint_header::EndpointHeader;
pub use fault_menu::FaultMenu;
pub use footer::Footer;
pub use header::Header;
pub use help_overlay::HelpOverlay;
pub use inspector::Inspector;
pub use ladder::Ladder;
pub use language_switch::LanguageSwitch;
pub use narration_log::{NarrationLive, NarrationLog};
pub use notice::NoticeBar;
pub use preset_menu::PresetMenu;
pub use settings::Settings;
pub use stage::Stage;
pub use state_diagram::StateDiagram;
