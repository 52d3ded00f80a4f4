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

/// With `BRIEF_FUZZ_DUMP=DIR`, every PDF made is also written there, so that
/// a corpus replayed with `-runs=0` can be checked by `qpdf --check` (see
/// `fuzz/check-corpus`).
fn dump(pdf: &[u8]) {
    if let Some(dir) = std::env::var_os("BRIEF_FUZZ_DUMP") {
        let name = format!("{:016x}.pdf", pdf.iter().fold(0xcbf29ce484222325u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x100000001b3)));
        let _ = std::fs::write(std::path::Path::new(&dir).join(name), pdf);
    }
}
