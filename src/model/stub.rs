//! TEMPORARY stand-in for the parser being built elsewhere.
#![allow(missing_docs)]
use super::Brief;
pub trait Resources { fn load(&self, path: &str) -> Result<Vec<u8>, String>; }
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic { pub message: String }
pub struct Parsed { pub brief: Brief, pub warnings: Vec<Diagnostic> }
pub fn parse(_s: &[u8], _r: &dyn Resources) -> Result<Parsed, Vec<Diagnostic>> { Err(vec![Diagnostic { message: "stub".into() }]) }
pub fn render(_p: &str, _s: &[u8], d: &[Diagnostic]) -> String { format!("{d:?}\n") }
