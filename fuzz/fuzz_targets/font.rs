//! Arbitrary bytes as a brief's own font file: `brief::build` of a brief
//! set in it must return a PDF or diagnostics, never panic or hang. Seed
//! the corpus with the test fonts (`fuzz/seed-fonts`); mutations of a real
//! font reach the shaper, the subsetter and the PDF writer.

#![no_main]

use brief::model::Resources;
use libfuzzer_sys::fuzz_target;

#[path = "dump.rs"]
mod dump;
use dump::dump;

/// A brief that uses the regular, bold and italic faces, ligatures, kerning
/// pairs, accents and characters outside ASCII.
const BRIEF: &str = "[brief]\ntitle = \"Office affine WAVE Toy\"\ndate = 2021-06-30\n\
    summary = \"Ærøskøbing — “quoted” text, 1 234 figures, fluffy office ligatures.\"\n\n\
    [[figure]]\nvalue = 147\nlabel = \"Member States\"\n\n\
    [[section]]\nheading = \"A heading\"\ntext = \"Enough words to fill a justified, hyphenated paragraph: \
    international cooperation, counter-terrorism, *emphasis* and **strong** text.\"\n\n\
    [[quote]]\ntext = \"An italic quote.\"\nby = \"A. Person\"\n\n\
    [style.font]\nregular = \"f.ttf\"\nbold = \"f.ttf\"\nitalic = \"f.ttf\"\n";

struct Font<'a>(&'a [u8]);

impl Resources for Font<'_> {
    fn load(&self, _path: &str) -> Result<Vec<u8>, String> {
        Ok(self.0.to_vec())
    }
}

fuzz_target!(|data: &[u8]| {
    match brief::build(BRIEF.as_bytes(), &Font(data)) {
        Ok(built) => {
            let doc = lopdf::Document::load_mem(&built.pdf).expect("the PDF reads back");
            assert!(!doc.get_pages().is_empty(), "a PDF without pages");
            dump(&built.pdf);
        }
        Err(brief::BuildError::Invalid(diags)) => {
            assert!(diags.iter().any(|d| d.severity == brief::model::Severity::Error));
        }
        // A font damaged in a way only the subsetter or printpdf notice.
        Err(brief::BuildError::Pdf(e)) => assert!(e.contains("damaged"), "{e}"),
    }
});
