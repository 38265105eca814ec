//! The one simulator of a lab session, shared by every component without copying it.
//!
//! The reducer owns a [`SimHandle`] and advances the [`Simulator`] in place (through
//! [`SimHandle::borrow_mut`]), then bumps the revision with [`SimHandle::touched`]. Components
//! take a `SimHandle` prop and read it with [`SimHandle::borrow`]; Yew re-renders them when the
//! revision changes, because equality is "same simulator, same revision".

use std::cell::{Ref, RefCell, RefMut};
use std::rc::Rc;

use handshake_core::sim::Simulator;

#[derive(Clone, Debug)]
pub struct SimHandle {
    inner: Rc<RefCell<Simulator>>,
    rev: u64,
}

impl SimHandle {
    pub fn new(sim: Simulator) -> SimHandle {
        SimHandle {
            inner: Rc::new(RefCell::new(sim)),
            rev: 0,
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
        }
    }

    /// Replaces the simulator (a reset, a preset, a rebuild by replay).
    pub fn replaced(&self, sim: Simulator) -> SimHandle {
        *self.inner.borrow_mut() = sim;
        self.touched()
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
