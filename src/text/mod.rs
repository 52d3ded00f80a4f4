//! The text stage: bundled fonts, shaping, break opportunities and
//! paragraph setting.
//!
//! [`set_paragraph`] is the entry point for running text: it shapes the
//! styled spans once ([`shape`]), finds break opportunities and hyphenation
//! points ([`segment`]), chooses breaks with the pure breakers of
//! [`linebreak`] (Knuth–Plass for justified text, first-fit or balanced for
//! ragged text) and returns [`Line`]s of positioned [`GlyphRun`]s that
//! layout places and the PDF writer draws without measuring anything.
//! [`set_line`] and [`measure`] serve single-line labels.

mod font;
pub mod kashida;
mod language;
pub mod linebreak;
mod paragraph;
mod pattern_languages;
mod patterns;
mod run;
pub mod segment;
pub mod shape;
pub mod typography;

pub use font::{
    ARABIC_SCALE, Face, Family, FontBook, KashidaStroke, MONO, MOST_OWN_BYTES, Refusal, contain, size_adjust,
};
pub use language::span_language;
pub use paragraph::{
    Align, ParagraphOptions, end_with_space, measure, set_line, set_line_in, set_paragraph, space_stretch_ratio,
    starts_rtl,
};
pub use run::*;
