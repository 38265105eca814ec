//! The shell's components, one per file; each has its own stylesheet in `web/styles/`.

pub mod control_bar;
pub mod footer;
pub mod header;
pub mod lane;
pub mod language_switch;
pub mod stage;

pub use control_bar::ControlBar;
pub use footer::Footer;
pub use header::Header;
pub use lane::{Lane, Side};
pub use language_switch::LanguageSwitch;
pub use stage::Stage;
