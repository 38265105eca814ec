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
//!
//! A run copied from another (the seek to the end takes the run the horizon already ran to its
//! end, `LabState::jump_to_future`) is shared, not copied, until it is changed
//! ([`Rc::make_mut`] in [`SimHandle::borrow_mut`]), and comes with the ladder's model the horizon
//! built of it ([`SimHandle::model`]): a seek to the end of a 100,000-segment session copied
//! tens of megabytes and built that model again.

use std::cell::{Ref, RefCell, RefMut};
use std::rc::Rc;

use handshake_core::sim::Simulator;

use crate::narration::Narration;
use crate::timeline::LadderModel;

#[derive(Clone, Debug)]
pub struct SimHandle {
    inner: Rc<RefCell<Rc<Simulator>>>,
    rev: u64,
    narration: Rc<RefCell<Narration>>,
    /// The ladder's model of the run as it is at this revision, when it came with it.
    model: Option<Rc<LadderModel>>,
}

impl SimHandle {
    pub fn new(sim: Simulator) -> SimHandle {
        SimHandle {
            inner: Rc::new(RefCell::new(Rc::new(sim))),
            rev: 0,
            narration: Rc::default(),
            model: None,
        }
    }

    /// Reads the simulator. Never hold the borrow across a callback or an `await`.
    pub fn borrow(&self) -> Ref<'_, Simulator> {
        Ref::map(self.inner.borrow(), |sim| &**sim)
    }

    /// Changes the simulator in place; follow with [`SimHandle::touched`].
    pub fn borrow_mut(&self) -> RefMut<'_, Simulator> {
        RefMut::map(self.inner.borrow_mut(), Rc::make_mut)
    }

    /// The same simulator with a new revision, so props compare unequal and views re-render.
    pub fn touched(&self) -> SimHandle {
        SimHandle {
            inner: Rc::clone(&self.inner),
            rev: self.rev.wrapping_add(1),
            narration: Rc::clone(&self.narration),
            model: None,
        }
    }

    /// Replaces the simulator (a reset, a preset, a rebuild by replay).
    pub fn replaced(&self, sim: Simulator) -> SimHandle {
        *self.inner.borrow_mut() = Rc::new(sim);
        self.touched()
    }

    /// Replaces the simulator by one shared with its owner (nothing is copied until the run is
    /// changed), whose ladder model is `model` (`LadderModel::build` of it, as it is).
    pub fn replaced_shared(&self, sim: Rc<Simulator>, model: Rc<LadderModel>) -> SimHandle {
        *self.inner.borrow_mut() = sim;
        SimHandle {
            model: Some(model),
            ..self.touched()
        }
    }

    /// The ladder's model of the run at this revision, if it came with the run.
    pub fn model(&self) -> Option<&Rc<LadderModel>> {
        self.model.as_ref()
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
