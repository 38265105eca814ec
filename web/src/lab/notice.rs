//! The one-line notice: what the user should read after an action.

use handshake_core::link::LinkError;
use handshake_core::scenario::ScenarioError;
use handshake_core::sim::{ActionError, Side, TimedAction};
use handshake_core::{CallError, UserCall};

use super::tape::Dropped;

/// Something the user should read: a refused call, an action that could not be applied, an
/// import that failed. Shown until the next action. Errors are the core's typed ones, worded in
/// the user's language by `handshake_explain::errors` when shown.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// A user call the endpoint refused, with RFC 9293's error message.
    CallRefused {
        side: Side,
        call: UserCall,
        error: CallError,
    },
    /// `Simulator::apply` refused an action (for example a segment that has just arrived).
    ActionFailed(ActionError),
    /// An action taken at the start made a scenario the core does not accept.
    ActionInvalid(ScenarioError),
    /// A scenario file that could not be read: the field path and why.
    ImportFailed(ScenarioError),
    /// A scenario file was loaded.
    Imported,
    /// The page's URL held something the lab could not use: a preset that does not exist (a
    /// stale or mistyped link; the lab opened the first one instead), and parameters whose
    /// values it could not read, as `(name, value)` (their defaults apply).
    BadLink {
        preset: Option<String>,
        ignored: Vec<(String, String)>,
    },
    /// A change in the past cut these later actions of the session (undo puts them back).
    Cut(Vec<TimedAction>),
    /// A change in the past kept the session's later actions: `kept` of them apply again, the
    /// core refused the `dropped` ones (undo puts them back).
    Kept { kept: usize, dropped: Dropped },
    /// The last change of the session's actions was undone.
    Undone,
    /// The page's share link (its `#…`) did not open: why. The lab opened without it.
    LinkFailed(LinkError),
    /// The share link `url` is on the clipboard (`copied`), or, when the browser refused, is
    /// offered selected in a field to copy by hand.
    LinkCopied { url: String, copied: bool },
    /// A file was offered for download under this name.
    Exported(String),
    /// An export could not be made: why, in the user's language.
    ExportFailed(String),
    /// A file picked or dropped that does not open.
    FileRefused(crate::import::FileRefusal),
}
