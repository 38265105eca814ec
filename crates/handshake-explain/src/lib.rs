//! # handshake-explain
//!
//! The explanations of Handshake Lab: a run of `handshake-core` told in English and Korean.
//! It sits between the model and the interfaces — the Yew app and the CLI both use it — and,
//! like the core, it is `#![no_std]` with `alloc`, reads no clock and knows nothing of Yew or
//! a browser.
//!
//! **The contract: the explanations only word facts the trace states.** A retry count, which
//! expiry of a segment a timer expiry is, the RTO before and after a backoff and whether the
//! maximum capped it, who opened a connection, why a segment was dropped: the core puts each
//! in the trace, and this crate reads it there. Nothing here re-derives TCP. Every number a
//! sentence states is a [`Fact`] that names the event (or the scenario's setting) it comes
//! from, and `tests/facts.rs` checks, over every preset and hundreds of random runs, that each
//! equals what its event says and that no sentence states a number that is not a fact.
//!
//! What lives here:
//! - [`Lang`], the two languages (the app's `i18n::Lang` is this type);
//! - [`narrate`]: the narration log, one module per subject (user calls, segments, the link and
//!   its faults, state changes, timers and the RTO, the application), English and Korean side
//!   by side; [`Entry`] carries each entry's text and facts;
//! - [`format`]: how times, durations, counts and flags are written, one style per language
//!   (`2.55 s` / `2.55초`), and the backoff chain of a retransmission timer read from the trace
//!   ([`format::RtoChain`]);
//! - [`errors`]: every error a user can see — scenario files, settings, refused calls, actions
//!   that could not be applied, transmission ids — in both languages;
//! - [`korean`]: the particle after an id, a number or a flag, chosen by how it is read aloud;
//! - [`transcript`]: the narrated ladder that `handshake-cli run --narrate` prints;
//! - [`next`]: what the next instant brings, in a few words (the projector mode's "Next: the
//!   server's FIN,ACK arrives"), read from the trace of a copy run one step ahead.
//!
//! With the feature `link`, [`errors::link_error`] words why a share link did not open.
//!
//! - the learning features ([`learn`] says what they share): [`lessons`] (the fifteen
//!   misconception cards, each backed by a check over its run that returns the moment to
//!   light), [`interview`], [`questions`] (predict-then-reveal), [`arcs`] (RFC 9293 Figure 5
//!   as a table, and which arc a state change took), [`glossary`], [`progress`]. They read the
//!   same facts from the same trace, so a question's right answer is what the simulator then
//!   does, and a lesson's claim is a test over a run. The app only shows them.

#![cfg_attr(not(test), no_std)]
#![forbid(unsafe_code)]

extern crate alloc;

mod lang;

pub mod arcs;
pub mod compare;
pub mod errors;
pub mod fact;
pub mod format;
pub mod glossary;
pub mod interview;
pub mod korean;
pub mod learn;
pub mod lessons;
pub mod narrate;
pub mod next;
pub mod observe;
pub mod progress;
pub mod questions;
pub mod transcript;

pub use fact::{Fact, FactKind, Source, Value};
pub use lang::Lang;
pub use narrate::{
    Entry, cause_label, fault_source_label, narrate, narrate_event, narrate_from, narrate_span,
    narrate_trace, settled_len, timer_label, verdict_label,
};
