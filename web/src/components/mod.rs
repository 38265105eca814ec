//! The app's components, one per file; each has its own stylesheet in `web/styles/`.

pub mod calls_panel;
pub mod control_bar;
pub mod endpoint_header;
pub mod fault_menu;
pub mod footer;
pub mod header;
pub mod ladder;
pub mod language_switch;
pub mod notice;
pub mod placeholders;
pub mod settings;
pub mod stage;
pub mod timers;

pub use calls_panel::CallsPanel;
pub use control_bar::ControlBar;
pub use endpoint_header::EndpointHeader;
pub use fault_menu::FaultMenu;
pub use footer::Footer;
pub use header::Header;
pub use ladder::Ladder;
pub use language_switch::LanguageSwitch;
pub use notice::NoticeBar;
pub use settings::Settings;
pub use stage::Stage;
