//! The selected segment and its fault menu: selecting a segment on the link opens the menu
//! (and pauses play while the user aims); a fault from the menu or its key is one
//! `Simulator::apply`, the same call the tests make.

use handshake_core::sim::{Action as SimAction, Fault, TxId, TxStatus};

use super::LabState;

/// The delays offered in the fault menu besides a custom one.
pub const DELAYS_MS: [u64; 2] = [500, 1000];

impl LabState {
    /// Whether the selected segment is on the link (the fault menu applies to it).
    pub fn selected_active(&self) -> bool {
        self.selected.is_some_and(|id| {
            self.sim
                .borrow()
                .transmission(id)
                .is_some_and(|tx| tx.is_active())
        })
    }

    pub(super) fn fault_selected(&mut self, fault: Fault) {
        let Some(id) = self.selected else { return };
        let held = self
            .sim
            .borrow()
            .transmission(id)
            .is_some_and(|tx| matches!(tx.status, TxStatus::Held { .. }));
        let action = match (fault, held) {
            (Fault::Hold, true) => SimAction::Release { target: id },
            _ => SimAction::Fault { target: id, fault },
        };
        self.apply(action);
        self.close_menu();
    }

    pub(super) fn close_menu(&mut self) {
        self.menu_open = false;
        if std::mem::take(&mut self.resume_after_menu) {
            self.playing = true;
            self.last_frame = None;
        }
    }

    pub(super) fn select(&mut self, id: Option<TxId>) {
        self.selected = id;
        let active = self.selected_active();
        self.menu_open = active;
        if active && self.playing {
            // Let the user aim: the segment stops moving while the menu is open.
            self.playing = false;
            self.resume_after_menu = true;
        }
        if !active {
            self.resume_after_menu = false;
        }
    }

    /// The next (or previous) segment on the link after the selected one, wrapping around.
    pub(super) fn select_cycle(&mut self, forward: bool) {
        let ids: Vec<TxId> = self.sim.borrow().in_flight().map(|tx| tx.id).collect();
        if ids.is_empty() {
            self.select(None);
            return;
        }
        let pos = self.selected.and_then(|s| ids.iter().position(|&i| i == s));
        let n = ids.len();
        let i = match (pos, forward) {
            (Some(p), true) => (p + 1) % n,
            (Some(p), false) => (p + n - 1) % n,
            (None, true) => 0,
            (None, false) => n - 1,
        };
        self.select(Some(ids[i]));
    }

    /// Delays the selected segment by the custom delay typed in the menu, or says why not.
    pub(super) fn delay_selected_custom(&mut self) {
        match self.custom_delay() {
            Some(d) => self.fault_selected(Fault::Delay(d)),
            None => self.refuse_custom_delay(),
        }
    }
}
