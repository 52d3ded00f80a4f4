//! TEMPORARY stand-in for the PDF writer.
#![allow(missing_docs)]
#[derive(Debug)]
pub struct PdfError(pub String);
impl std::fmt::Display for PdfError { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(&self.0) } }
pub fn write(_d: &crate::layout::Document, _b: &crate::text::FontBook) -> Result<Vec<u8>, PdfError> { Err(PdfError("stub".into())) }
