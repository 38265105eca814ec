//! The one simulator of a lab session, shared by every component without copying it.
//!
//! The reducer owns a [`SimHandle`] and advances the [`Simulator`] in place (through
//! [`SimHandle::borrow_mut`]), then bumps the revision with [`SimHandle::touched`]. Components
//! take a `SimHandle` prop and read it with [`SimHandle::borrow`]; Yew re-renders them when the
//! revision changes, because equality is "same simulator, same revision".
//!
//! It also keeps what is derived from the run between renders and shared by its readers: the
//! narration ([`crate::narration::Narration`]), which the log and the live region both read, and
//! which the lab gives the run as it will go so it can be narrated ahead.

use std::cell::{Ref, RefCell, RefMut};
use std::rc::Rc;

use handshake_core::sim::Simulator;

use crate::narration::Narration;

#[derive(Clone, Debug)]
pub struct SimHandle {
    inner: Rc<RefCell<Simulator>>,
    rev: u64,
    narration: Rc<RefCell<Narration>>,
}

impl SimHandle {
    pub fn new(sim: Simulator) -> SimHandle {
        SimHandle {
            inner: Rc::new(RefCell::new(sim)),
            rev: 0,
            narration: Rc::default(),
        }
    }

    /// Reads the simulator. Never hold the borrow across a callback or an `await`.
    pub fn borrow(&self) -> Ref<'_, Simulator> {
        self.inner.borrow()
    }

    /// Changes the simulator in place; follow with [`SimHandle::touched`].
    pub fn borrow_mut(&self) -> RefMut<'_, Simulator> {
        self.inner.borrow_mut()
    }

    /// The same simulator with a new revision, so props compare unequal and views re-render.
    pub fn touched(&self) -> SimHandle {
        SimHandle {
            inner: Rc::clone(&self.inner),
            rev: self.rev.wrapping_add(1),
            narration: Rc::clone(&self.narration),
        }
    }

    /// Replaces the simulator (a reset, a preset, a rebuild by replay).
    pub fn replaced(&self, sim: Simulator) -> SimHandle {
        *self.inner.borrow_mut() = sim;
        self.touched()
    }

    /// The run's narration, shared by every reader of this simulator (and kept when it is
    /// replaced: a rebuilt run is recognised as the same one).
    pub fn narration(&self) -> &Rc<RefCell<Narration>> {
        &self.narration
    }

    pub fn rev(&self) -> u64 {
        self.rev
    }
}

impl PartialEq for SimHandle {
    fn eq(&self, other: &SimHandle) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner) && self.rev == other.rev
    }
}
