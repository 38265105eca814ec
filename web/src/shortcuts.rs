//! The keyboard shortcuts of the lab, in one table that both the key handler (`app.rs`) and the
//! help overlay (`components/help_overlay.rs`) read, so the list a user sees is the list that
//! works.
//!
//! A key is written as `KeyboardEvent.key` gives it, except that the space bar is `"Space"` and
//! Ctrl (or ⌘) with a key is `"Ctrl+Z"` ([`chord`] names a press so). Keys are ignored while
//! focus is in a text field, a number field or a select, so typing never triggers a shortcut.

use handshake_core::sim::Side;

use crate::i18n::Msg;

/// What a shortcut does (the app turns each into an [`crate::lab::Action`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    PlayPause,
    StepForward,
    StepBack,
    Reset,
    Faster,
    Slower,
    SelectNext,
    SelectPrevious,
    Drop,
    DelayHalf,
    DelayOne,
    HoldOrRelease,
    Duplicate,
    Escape,
    ToggleAbsolute,
    Follow,
    ToggleSkipWaiting,
    Help,
    Undo,
    Fit,
    ToggleQuiz,
    /// Copy the share link (`lab/share.rs`).
    CopyLink,
    /// Projector mode on or off.
    Present,
    /// Arm a drop for the next segment this side sends.
    ArmDrop(Side),
    /// Arm a 1 s delay for the next segment this side sends.
    ArmDelay(Side),
    /// A presentation clicker's "next" (PageDown): step forward. Projector mode only.
    ClickerNext,
    /// A presentation clicker's "back" (PageUp): step back. Projector mode only.
    ClickerBack,
    /// Blank the screen or bring it back (`b` or `.`, as presentation clickers send). Projector
    /// mode only.
    Blank,
}

impl Command {
    /// Bound only in projector mode: elsewhere PageDown and PageUp scroll, and `b` and `.` are
    /// left to the page.
    pub const fn projector_only(self) -> bool {
        matches!(
            self,
            Command::ClickerNext | Command::ClickerBack | Command::Blank
        )
    }
}

/// Every shortcut: the key and what it does, in the order the help overlay lists them.
pub const SHORTCUTS: &[(&str, Msg)] = &[
    ("Space", Msg::ShortcutPlayPause),
    ("ArrowRight", Msg::ShortcutStepForward),
    ("ArrowLeft", Msg::ShortcutStepBack),
    ("Home", Msg::ShortcutReset),
    ("+", Msg::ShortcutFaster),
    ("-", Msg::ShortcutSlower),
    ("n", Msg::ShortcutSelectNext),
    ("p", Msg::ShortcutSelectPrevious),
    ("x", Msg::ShortcutDrop),
    ("d", Msg::ShortcutDelayHalf),
    ("D", Msg::ShortcutDelayOne),
    ("h", Msg::ShortcutHold),
    ("c", Msg::ShortcutDuplicate),
    ("Escape", Msg::ShortcutEscape),
    ("a", Msg::ShortcutAbsolute),
    ("f", Msg::ShortcutFollow),
    ("w", Msg::ShortcutSkipWaiting),
    ("o", Msg::ShortcutFit),
    ("q", Msg::ShortcutQuiz),
    ("Ctrl+Z", Msg::ShortcutUndo),
    ("l", Msg::ShortcutCopyLink),
    ("1", Msg::ShortcutArmDropClient),
    ("2", Msg::ShortcutArmDropServer),
    ("3", Msg::ShortcutArmDelayClient),
    ("4", Msg::ShortcutArmDelayServer),
    ("P", Msg::ShortcutPresent),
    ("PageDown", Msg::ShortcutClickerNext),
    ("PageUp", Msg::ShortcutClickerBack),
    ("b", Msg::ShortcutBlank),
    (".", Msg::ShortcutBlankDot),
    ("?", Msg::ShortcutHelp),
];

/// The command bound to a key (as [`chord`] names it). Also accepts `=` for `+` and `_` for `-`,
/// the same keys without Shift on most layouts.
pub fn command(key: &str) -> Option<Command> {
    Some(match key {
        "Space" => Command::PlayPause,
        "ArrowRight" => Command::StepForward,
        "ArrowLeft" => Command::StepBack,
        "Home" => Command::Reset,
        "+" | "=" => Command::Faster,
        "-" | "_" => Command::Slower,
        "n" => Command::SelectNext,
        "p" => Command::SelectPrevious,
        "x" => Command::Drop,
        "d" => Command::DelayHalf,
        "D" => Command::DelayOne,
        "h" => Command::HoldOrRelease,
        "c" => Command::Duplicate,
        "Escape" => Command::Escape,
        "a" => Command::ToggleAbsolute,
        "f" => Command::Follow,
        "w" => Command::ToggleSkipWaiting,
        "?" => Command::Help,
        "o" => Command::Fit,
        "q" => Command::ToggleQuiz,
        "Ctrl+Z" => Command::Undo,
        "l" => Command::CopyLink,
        "P" => Command::Present,
        "1" => Command::ArmDrop(Side::Client),
        "2" => Command::ArmDrop(Side::Server),
        "3" => Command::ArmDelay(Side::Client),
        "4" => Command::ArmDelay(Side::Server),
        "PageDown" => Command::ClickerNext,
        "PageUp" => Command::ClickerBack,
        "b" | "." => Command::Blank,
        _ => return None,
    })
}

/// A key press as the table writes it: `KeyboardEvent.key`, with `" "` as `"Space"` and Ctrl
/// (or ⌘) with Z as `"Ctrl+Z"`. `None` for a press that cannot be a shortcut: with Alt, or with
/// Ctrl and any other key (those are the browser's and the system's; Ctrl+Shift+Z is redo).
pub fn chord(key: &str, ctrl: bool, alt: bool, shift: bool) -> Option<String> {
    match (ctrl, alt) {
        (_, true) => None,
        (true, false) => (!shift && key.eq_ignore_ascii_case("z")).then(|| "Ctrl+Z".to_owned()),
        (false, false) if key == " " => Some("Space".to_owned()),
        (false, false) => Some(key.to_owned()),
    }
}

/// A key as `aria-keyshortcuts` writes it (`Control+Z`, `Space`, `ArrowRight`).
pub fn aria_keys(key: &str) -> &str {
    match key {
        "Ctrl+Z" => "Control+Z",
        other => other,
    }
}

/// How to print a key for people: arrows as arrows, `Space` and `Home` as they are.
pub fn key_label(key: &str) -> &str {
    match key {
        "ArrowRight" => "→",
        "ArrowLeft" => "←",
        "Escape" => "Esc",
        "D" => "Shift + D",
        "P" => "Shift + P",
        "Ctrl+Z" => "Ctrl + Z",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_key_does_something() {
        for (key, msg) in SHORTCUTS {
            assert!(
                command(key).is_some(),
                "{key} ({msg:?}) is listed but bound to nothing"
            );
        }
    }

    #[test]
    fn no_key_is_listed_twice_and_no_description_repeats() {
        for (i, (key, msg)) in SHORTCUTS.iter().enumerate() {
            for (other_key, other_msg) in &SHORTCUTS[i + 1..] {
                assert_ne!(key, other_key);
                assert_ne!(msg, other_msg);
            }
        }
    }

    #[test]
    fn every_command_is_listed() {
        let listed: Vec<Command> = SHORTCUTS.iter().filter_map(|(k, _)| command(k)).collect();
        for c in [
            Command::PlayPause,
            Command::StepForward,
            Command::StepBack,
            Command::Reset,
            Command::Faster,
            Command::Slower,
            Command::SelectNext,
            Command::SelectPrevious,
            Command::Drop,
            Command::DelayHalf,
            Command::DelayOne,
            Command::HoldOrRelease,
            Command::Duplicate,
            Command::Escape,
            Command::ToggleAbsolute,
            Command::Follow,
            Command::ToggleSkipWaiting,
            Command::Help,
            Command::Undo,
            Command::Fit,
            Command::CopyLink,
            Command::Present,
            Command::ArmDrop(Side::Client),
            Command::ArmDrop(Side::Server),
            Command::ArmDelay(Side::Client),
            Command::ArmDelay(Side::Server),
            Command::ClickerNext,
            Command::ClickerBack,
            Command::Blank,
        ] {
            assert!(listed.contains(&c), "{c:?} has no key in SHORTCUTS");
        }
    }

    #[test]
    fn presses_are_named_as_the_table_writes_them() {
        let name = |key, ctrl, alt, shift| chord(key, ctrl, alt, shift);
        assert_eq!(name(" ", false, false, false).as_deref(), Some("Space"));
        assert_eq!(
            command(&name(" ", false, false, false).unwrap()),
            Some(Command::PlayPause)
        );
        assert_eq!(name("x", false, false, false).as_deref(), Some("x"));
        assert_eq!(name("D", false, false, true).as_deref(), Some("D"));
        assert_eq!(name("z", true, false, false).as_deref(), Some("Ctrl+Z"));
        assert_eq!(command("Ctrl+Z"), Some(Command::Undo));
        // Ctrl+Shift+Z is redo, Ctrl+C copies, Alt is the system's.
        assert_eq!(name("Z", true, false, true), None);
        assert_eq!(name("c", true, false, false), None);
        assert_eq!(name("x", false, true, false), None);
        assert_eq!(command("z"), None, "z alone is not undo");
    }
}
