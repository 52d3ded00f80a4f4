//! The model stage: TOML text in, a validated [`Brief`] (or every problem
//! found) out.

mod tree;

pub use tree::*;
