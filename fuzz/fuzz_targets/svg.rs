//! Arbitrary bytes as an SVG: the logo of one brief and an image in a
//! section of another, through the model's checks (measure, entities,
//! outside references, usvg) and the PDF writer. `brief::build` must
//! return a PDF that reads back, or diagnostics with an error; never
//! panic, overflow its stack, run away or fail in the PDF writer (what
//! `build` refuses, `brief check` must find). The builds run on a thread
//! with a 2 MiB stack, as a batch's briefs do. `svg.dict` holds SVG and
//! XML tokens; seeds and commands are in docs/fuzzing.md.

#![no_main]

use brief::model::Resources;
use libfuzzer_sys::fuzz_target;

#[path = "dump.rs"]
mod dump;
use dump::dump;

const LOGO: &str =
    "[brief]\ntitle = \"SVG logo\"\ndate = 2021-06-30\nlogo = { file = \"logo.svg\", alt = \"Emblem\" }\n";

const IMAGE: &str = "[brief]\ntitle = \"SVG image\"\ndate = 2021-06-30\n\n[[section]]\n\
    text = \"Before.\\n\\n![A chart](chart.svg \\\"Figure 1\\\")\\n\\nAfter.\"\n";

struct File<'a>(&'a [u8]);

impl Resources for File<'_> {
    fn load(&self, _path: &str) -> Result<Vec<u8>, String> {
        Ok(self.0.to_vec())
    }
}

fuzz_target!(|data: &[u8]| {
    let data = data.to_vec();
    let built = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || [LOGO, IMAGE].map(|brief| brief::build(brief.as_bytes(), &File(&data))))
        .expect("a thread")
        .join();
    let Ok(built) = built else { panic!("the build panicked") };
    for built in built {
        match built {
            Ok(built) => {
                let doc = lopdf::Document::load_mem(&built.pdf).expect("the PDF reads back");
                assert!(!doc.get_pages().is_empty(), "a PDF without pages");
                dump(&built.pdf);
            }
            Err(brief::BuildError::Invalid(diags)) => {
                assert!(diags.iter().any(|d| d.severity == brief::model::Severity::Error && d.span.is_some()));
            }
            Err(brief::BuildError::Pdf(e)) => panic!("pdf writer failed: {e}"),
        }
    }
});
