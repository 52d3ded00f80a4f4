//! The text stage: bundled fonts, shaping, break opportunities and
//! paragraph setting.

mod font;
mod run;

pub use font::{Face, FontBook};
pub use run::*;
