//! Arbitrary bytes as a brief: `brief::build` must return a PDF or
//! diagnostics, never panic. Every file the brief names is missing.
//! (Not named `build`: cargo reserves that target name.)

#![no_main]

use brief::model::Resources;
use libfuzzer_sys::fuzz_target;

#[path = "dump.rs"]
mod dump;
use dump::dump;

struct NoFiles;

impl Resources for NoFiles {
    fn load(&self, _path: &str) -> Result<Vec<u8>, String> {
        Err("file not found".to_string())
    }
}

fuzz_target!(|data: &[u8]| {
    match brief::build(data, &NoFiles) {
        Ok(built) => {
            let doc = lopdf::Document::load_mem(&built.pdf).expect("the PDF reads back");
            assert!(!doc.get_pages().is_empty(), "a PDF without pages");
            dump(&built.pdf);
        }
        Err(brief::BuildError::Invalid(diags)) => {
            let _ = brief::model::render("fuzz.toml", data, &diags);
        }
        Err(brief::BuildError::Pdf(e)) => panic!("pdf writer failed: {e}"),
    }
});
