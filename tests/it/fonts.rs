//! A brief's own font files (`[style] font = { regular = "…", … }`): set
//! and embedded as subsets, text extracted exactly, what they lack set in
//! Noto Sans with a warning, the same bytes whichever brief of a process
//! loaded a font first. Files that cannot be used are refused with a
//! diagnostic: see `tests/bad/font-*`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use lopdf::{Document, Object};

use crate::common::{Dir, have, parse_file, root};

fn brief_path(name: &str) -> PathBuf {
    root().join("tests/fonts").join(name)
}

/// The PDF and the warnings, rendered.
fn build(path: &Path) -> (Vec<u8>, Vec<String>) {
    let source = std::fs::read(path).expect("readable");
    match brief::build(&source, &Dir(path.parent().expect("parent").to_path_buf())) {
        Ok(b) => (b.pdf, b.warnings.iter().map(|d| d.message.clone()).collect()),
        Err(e) => panic!("{}: {e:?}", path.display()),
    }
}

/// Each embedded font: its name without the subset tag, the key of its
/// program (`FontFile2` for TrueType, `FontFile3` for CFF) and the
/// program's size.
fn embedded(pdf: &[u8]) -> Vec<(String, String, usize)> {
    let doc = Document::load_mem(pdf).expect("lopdf reads the PDF");
    let mut out = Vec::new();
    for object in doc.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        if !dict.get(b"Type").and_then(Object::as_name).is_ok_and(|n| n == b"FontDescriptor") {
            continue;
        }
        let name =
            String::from_utf8_lossy(dict.get(b"FontName").and_then(Object::as_name).expect("FontName")).into_owned();
        let (tag, base) = name.split_once('+').expect("a subset tag");
        assert!(tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()), "{name}");
        for key in ["FontFile2", "FontFile3"] {
            if let Ok(r) = dict.get(key.as_bytes()).and_then(Object::as_reference) {
                let stream = doc.get_object(r).and_then(Object::as_stream).expect("font program");
                let size = stream.decompressed_content().map_or(stream.content.len(), |c| c.len());
                out.push((base.to_string(), key.to_string(), size));
            }
        }
    }
    out.sort();
    out
}

fn pdftotext(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("out.pdf");
    std::fs::write(&file, pdf).expect("write");
    let check = Command::new("qpdf").arg("--check").arg(&file).output().expect("qpdf runs");
    assert!(check.status.success(), "qpdf --check: {}", String::from_utf8_lossy(&check.stdout));
    let out = Command::new("pdftotext").args(["-enc", "UTF-8"]).arg(&file).arg("-").output().expect("pdftotext runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_family_of_own_ttf_files_is_set_embedded_as_subsets_and_extracts_exactly() {
    let path = brief_path("lato.toml");
    let (pdf, warnings) = build(&path);
    assert!(warnings.is_empty(), "{warnings:?}");
    let fonts = embedded(&pdf);
    let names: Vec<&str> = fonts.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(names, ["Lato-Bold", "Lato-Italic", "Lato-Regular"], "only the brief's own faces, no Noto");
    for (name, key, size) in &fonts {
        assert_eq!(key, "FontFile2", "{name}");
        let whole = std::fs::metadata(brief_path(&format!("lato/{name}.ttf"))).expect("font file").len() as usize;
        assert!(*size * 5 < whole, "{name}: a subset of {size} bytes from {whole}");
    }

    // Set like any brief: inside the margins, nothing overlapping or lost,
    // no widows, orphans or overfull lines.
    let b = parse_file(&path);
    crate::layout::check("lato.toml", &b);
    let (_, report) = brief::layout::layout_with_report(&b, brief::text::FontBook::shared());
    assert_eq!(report.defects(), 0, "{}", report.render());

    if have("qpdf") && have("pdftotext") {
        let text = pdftotext(&pdf);
        for needle in ["António Guterres", "“Countering", "media – not", "Page 1 of 2", "Second Counter-Terrorism"]
        {
            assert!(text.contains(needle), "pdftotext lost {needle:?}:\n{text}");
        }
    }
}

#[test]
fn an_own_cff_font_is_embedded_and_what_it_lacks_is_set_in_noto_sans_with_a_warning() {
    let path = brief_path("cff.toml");
    let (pdf, warnings) = build(&path);
    // The test font has printable ASCII only.
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    assert!(warnings[0].contains("no `bold` file"), "{warnings:?}");
    assert!(warnings[1].contains("no `italic` file"), "{warnings:?}");
    assert!(
        warnings[2].starts_with("font `cff/BriefTest-Regular.otf` has no `ó` (U+00F3), `–` (U+2013)"),
        "{warnings:?}"
    );
    let fonts = embedded(&pdf);
    let kinds: BTreeSet<(&str, &str)> = fonts.iter().map(|(n, k, _)| (n.as_str(), k.as_str())).collect();
    assert_eq!(
        kinds,
        BTreeSet::from([("BriefTest-Regular", "FontFile3"), ("NotoSans-Regular", "FontFile2")]),
        "the CFF font, and Noto Sans for what it lacks"
    );
    let b = parse_file(&path);
    crate::layout::check("cff.toml", &b);

    if have("qpdf") && have("pdftotext") {
        let text = pdftotext(&pdf);
        for needle in ["António Guterres", "“Countering", "Decade”", "media – not"] {
            assert!(text.contains(needle), "pdftotext lost {needle:?}:\n{text}");
        }
    }
    if have("mutool") {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("out.pdf");
        std::fs::write(&file, &pdf).expect("write");
        let out = Command::new("mutool")
            .args(["draw", "-q", "-o"])
            .arg(dir.path().join("page-%d.png"))
            .arg(&file)
            .output()
            .expect("mutool runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success() && !stderr.contains("error"), "mutool draw: {stderr}");
    }
}

#[test]
fn the_bytes_do_not_depend_on_which_brief_loaded_a_font_first() {
    // Load Lato's faces in another order and for other styles first (the
    // tests of this process share one font book, as the briefs of a batch
    // do), then build the Lato brief and compare with a fresh process.
    let dir = tempfile::tempdir().expect("tempdir");
    let fonts = root().join("tests/fonts/lato");
    let reversed = format!(
        "[brief]\ntitle = \"Fonts in another order\"\ndate = 2021-06-30\n\n[style.font]\n\
         regular = \"{0}/Lato-Italic.ttf\"\nitalic = \"{0}/Lato-Regular.ttf\"\nbold = \"{0}/Lato-Bold.ttf\"\n",
        fonts.display()
    );
    brief::build(reversed.as_bytes(), &Dir(dir.path().to_path_buf())).expect("builds");
    let (in_process, _) = build(&brief_path("lato.toml"));

    let out = dir.path().join("lato.pdf");
    let status = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(["build", "-q"])
        .arg(brief_path("lato.toml"))
        .arg("-o")
        .arg(&out)
        .status()
        .expect("brief runs");
    assert!(status.success());
    assert!(std::fs::read(&out).expect("written") == in_process, "a fresh process writes other bytes");
}

#[test]
fn briefs_in_different_own_fonts_build_together_in_one_batch() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(["build", "-q"])
        .arg(brief_path("lato.toml"))
        .arg(brief_path("cff.toml"))
        .arg(root().join("briefs/unoct/press-release.toml"))
        .arg("-o")
        .arg(dir.path())
        .output()
        .expect("brief runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for (name, font) in [("lato", "Lato-Regular"), ("cff", "BriefTest-Regular"), ("press-release", "NotoSans-Regular")]
    {
        let pdf = std::fs::read(dir.path().join(format!("{name}.pdf"))).expect("written");
        assert!(embedded(&pdf).iter().any(|(n, _, _)| n == font), "{name}: {font} embedded");
    }
}

/// `font` with bytes changed: (offset, new value).
fn mutated(font: &[u8], changes: impl IntoIterator<Item = (usize, u8)>) -> Vec<u8> {
    let mut out = font.to_vec();
    for (at, value) in changes {
        if let Some(b) = out.get_mut(at) {
            *b = value;
        }
    }
    out
}

#[test]
fn damaged_font_files_are_errors_never_a_crash() {
    let lato = std::fs::read(brief_path("lato/Lato-Regular.ttf")).expect("Lato");
    let cff = std::fs::read(brief_path("cff/BriefTest-Regular.otf")).expect("CFF font");
    // One byte that made the shaper overflow while loading the font (found
    // by mutating it), then random bytes changed in both test fonts.
    let mut cases = vec![mutated(&lato, [(660_998, 161)])];
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for n in 0..60 {
        let base = if n % 3 == 0 { &lato } else { &cff };
        let count = [1, 4, 16, 200][n % 4];
        let changes: Vec<(usize, u8)> =
            (0..count).map(|_| ((next() % base.len() as u64) as usize, (next() % 256) as u8)).collect();
        cases.push(mutated(base, changes));
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let source = "[brief]\ntitle = \"A brief in a damaged font\"\ndate = 2021-06-30\n\n[[section]]\n\
                  text = \"Ærøskøbing — “quoted” text, 1 234 figures, office and affine ligatures, and enough words \
                  to fill a justified, hyphenated paragraph.\"\n\n[[quote]]\ntext = \"An italic quote.\"\nby = \"A. Person\"\n\n\
                  [style.font]\nregular = \"f.ttf\"\nbold = \"f.ttf\"\nitalic = \"f.ttf\"\n";
    let (mut built, mut refused) = (0, 0);
    for (n, font) in cases.iter().enumerate() {
        std::fs::write(dir.path().join("f.ttf"), font).expect("write");
        let res = Dir(dir.path().to_path_buf());
        let result = std::panic::catch_unwind(|| brief::build(source.as_bytes(), &res));
        match result {
            Err(_) => panic!("case {n}: a damaged font file made the build panic"),
            Ok(Ok(b)) => {
                Document::load_mem(&b.pdf).unwrap_or_else(|e| panic!("case {n}: lopdf: {e}"));
                built += 1;
            }
            Ok(Err(brief::BuildError::Invalid(d))) => {
                let errors: Vec<&str> = d
                    .iter()
                    .filter(|d| d.severity == brief::model::Severity::Error)
                    .map(|d| d.message.as_str())
                    .collect();
                assert!(errors.iter().any(|m| m.contains("f.ttf")), "case {n}: {errors:?}");
                if n == 0 && cfg!(debug_assertions) {
                    assert!(errors[0].contains("damaged"), "case 0: {errors:?}");
                }
                refused += 1;
            }
            Ok(Err(brief::BuildError::Pdf(m))) => {
                assert!(m.contains("damaged"), "case {n}: {m}");
                refused += 1;
            }
        }
    }
    assert!(built > 0 && refused > 0, "{built} built, {refused} refused");
}
