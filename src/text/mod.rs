//! The text stage: bundled fonts, shaping, break opportunities and
//! paragraph setting.

mod font;
pub mod linebreak;
mod run;

pub use font::{Face, FontBook};
pub use run::*;
