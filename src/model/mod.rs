//! The model stage: TOML text in, a validated [`Brief`] (or every problem
//! found) out.

pub mod locale;
mod tree;

pub use tree::*;
