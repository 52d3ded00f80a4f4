//! The layout stage: a validated brief in, pages of positioned items out.

mod frame;

pub use frame::*;
