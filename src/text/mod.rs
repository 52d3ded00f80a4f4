//! The text stage: bundled fonts, shaping, break opportunities and
//! paragraph setting.

mod font;
pub mod linebreak;
pub mod segment;
pub mod shape;
mod run;

pub use font::{Face, FontBook};
pub use run::*;
