//! The PDF writer: the only module that names printpdf.
