//! Arbitrary bytes as a brief: `brief::build` must return a PDF or
//! diagnostics, never panic. Every file the brief names is missing.
//! (Not named `build`: cargo reserves that target name.)

#![no_main]

use brief::model::Resources;
use libfuzzer_sys::fuzz_target;

struct NoFiles;

impl Resources for NoFiles {
    fn load(&self, _path: &str) -> Result<Vec<u8>, String> {
        Err("file not found".to_string())
    }
}

fuzz_target!(|data: &[u8]| {
    if let Err(brief::BuildError::Invalid(diags)) = brief::build(data, &NoFiles) {
        let _ = brief::model::render("fuzz.toml", data, &diags);
    }
});
