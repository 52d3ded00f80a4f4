//! Hostile input: text and files made to exhaust the stack, the memory or
//! the time of a run. Each must end in a clear error at its place in the
//! brief (exit 1), found by `brief check` as by `build`; none may abort,
//! panic, reach the PDF writer or run away. Bounds are checked by what the
//! run says, never by the clock. The tests run on the test harness's
//! threads, whose stacks (2 MiB) are those of a batch's workers.
//!
//! The small cases with their exact messages are bad briefs
//! (`tests/bad/markdown-*-too-deep`, `logo-svg-*`, `logo-truncated`,
//! `image-bad-checksum`, `figure-too-large`) and a bad list
//! (`tests/bad-lists/unclosed-quote.csv`); here are the large ones,
//! generated, never committed.

use brief::model::{self, Resources, Severity, limits};

const HEAD: &str = "[brief]\ntitle = \"Hostile\"\ndate = 2021-06-30\n";

/// Every path is the same file.
struct Same(Vec<u8>);

impl Resources for Same {
    fn load(&self, _path: &str) -> Result<Vec<u8>, String> {
        Ok(self.0.clone())
    }
}

/// The rendered errors of a brief that must be refused by the model, and
/// by the build in the same words (exit 1, not a failure of the writer).
fn refused(source: &str, files: &dyn Resources) -> String {
    let checked = match model::parse(source.as_bytes(), files) {
        Ok(_) => panic!("`brief check` finds nothing wrong"),
        Err(d) => {
            assert!(d.iter().any(|d| d.severity == Severity::Error && d.span.is_some()), "{d:?}");
            model::render("x.toml", source.as_bytes(), &d)
        }
    };
    match brief::build(source.as_bytes(), files) {
        Err(brief::BuildError::Invalid(d)) => assert_eq!(model::render("x.toml", source.as_bytes(), &d), checked),
        Err(brief::BuildError::Pdf(e)) => panic!("the PDF writer failed where check passed: {e}"),
        Ok(_) => panic!("built"),
    }
    checked
}

/// A PDF of `source`, which must build.
fn builds(source: &str, files: &dyn Resources) -> Vec<u8> {
    match brief::build(source.as_bytes(), files) {
        Ok(built) => built.pdf,
        Err(brief::BuildError::Invalid(d)) => panic!("{}", model::render("x.toml", source.as_bytes(), &d)),
        Err(brief::BuildError::Pdf(e)) => panic!("{e}"),
    }
}

fn section(text: &str) -> String {
    format!("{HEAD}\n[[section]]\ntext = \"\"\"\n{text}\n\"\"\"\n")
}

// ---- Markdown nested deeper than the tree may be --------------------------

#[test]
fn eight_thousand_nested_quotes_are_an_error_at_the_first_level_too_many() {
    let out = refused(&section(&format!("{}deep", "> ".repeat(8_000))), &Same(Vec::new()));
    assert!(out.starts_with("error: block quotes and lists nest 12 deep at most\n  --> x.toml:7:25\n"), "{out}");
    assert_eq!(out.matches("error:").count(), 1, "{out}");
}

#[test]
fn deep_lists_and_lists_in_quotes_are_errors_in_every_markdown_field() {
    let lists = "- ".repeat(8_000) + "x";
    let mixed = "> - ".repeat(4_000) + "x";
    let indented: String = (0..300).map(|i| format!("{}- item\n", "  ".repeat(i))).collect();
    for text in [&lists, &mixed, &indented] {
        let out = refused(&section(text), &Same(Vec::new()));
        assert!(out.contains("error: block quotes and lists nest 12 deep at most"), "{out}");
        assert!(out.contains("this list is level 13") || out.contains("this block quote is level 13"), "{out}");
        // The lede and a pull quote are read as Markdown too.
        let escaped = text.replace('\n', "\\n");
        for field in [format!("{HEAD}summary = \"{escaped}\"\n"), format!("{HEAD}[[quote]]\ntext = \"{escaped}\"\n")] {
            let out = refused(&field, &Same(Vec::new()));
            assert!(out.contains("nest 12 deep at most"), "{out}");
        }
    }
}

#[test]
fn quotes_and_lists_nested_to_the_limit_build() {
    // Six quotes, each holding a list item, ending in a list six deep:
    // twelve levels, as deep as the limit allows.
    let mut text = String::new();
    let mut prefix = String::new();
    for level in 0..limits::NESTING / 2 {
        prefix.push_str("> ");
        text.push_str(&format!("{prefix}Quoted, level {}.\n{prefix}\n", level + 1));
    }
    for depth in 0..limits::NESTING / 2 {
        text.push_str(&format!("{prefix}{}- Item {}\n", "  ".repeat(depth), depth + 1));
    }
    let pdf = builds(&section(&text), &Same(Vec::new()));
    assert!(pdf.starts_with(b"%PDF-"));
    // One level more is refused.
    let deeper = text.replace("> Quoted, level 1.", "> > Quoted, level 1.").replace("\n> ", "\n> > ");
    let out = refused(&section(&deeper), &Same(Vec::new()));
    assert!(out.contains("nest 12 deep at most"), "{out}");
}

// ---- SVG files made to blow up -------------------------------------------

fn logo(svg: &str) -> (String, Same) {
    (format!("{HEAD}logo = {{ file = \"logo.svg\", alt = \"Emblem\" }}\n"), Same(svg.as_bytes().to_vec()))
}

#[test]
fn an_entity_of_ten_thousand_characters_used_ten_thousand_times_is_refused_before_it_is_parsed() {
    // The file of the issue: 40 KB that expand to 100 MB. The bound is
    // structural: the entities are measured on the raw text, so the
    // expansion is refused before roxmltree builds any of it.
    let svg = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n<!ENTITY e \"{}\">\n]>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><desc>{}</desc></svg>",
        "M0 0 L1 1 ".repeat(1_000),
        "&e;".repeat(10_000)
    );
    assert!(svg.len() < 41_000);
    let (brief, files) = logo(&svg);
    let out = refused(&brief, &files);
    assert!(
        out.starts_with(
            "error: the entities of SVG logo `logo.svg` expand to 95.4 MiB, the most is 4 MiB\n  --> x.toml:4:8"
        ),
        "{out}"
    );
}

#[test]
fn text_joined_from_many_pieces_is_refused_before_it_is_parsed() {
    // Found by the `svg` fuzz target: 216 references to an entity of 223
    // references to a short one, 6 MB of text in one element, which the
    // XML parser joined piece by piece, copying the text so far each
    // time, for minutes.
    let found = std::fs::read(crate::common::root().join("fuzz/regressions/svg/entity-pieces-joined")).expect("kept");
    let brief = format!("{HEAD}logo = {{ file = \"logo.svg\", alt = \"Emblem\" }}\n");
    let out = refused(&brief, &Same(found));
    assert!(
        out.starts_with(
            "error: SVG logo `logo.svg` builds its text from too many pieces (entities and CDATA sections)\n"
        ),
        "{out}"
    );
    // CDATA sections, without any entity: 2 MB in 200,000 pieces.
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><desc>{}</desc></svg>",
        "<![CDATA[0123456789]]>".repeat(200_000)
    );
    let (brief, files) = logo(&svg);
    assert!(refused(&brief, &files).contains("builds its text from too many pieces"));
}

#[test]
fn the_billion_laughs_are_refused() {
    let mut dtd = String::from("<!ENTITY lol \"lol\">");
    for i in 1..10 {
        let previous = if i == 1 { "lol".to_string() } else { format!("lol{}", i - 1) };
        dtd.push_str(&format!("<!ENTITY lol{i} \"{}\">", format!("&{previous};").repeat(10)));
    }
    let svg = format!(
        "<!DOCTYPE svg [{dtd}]><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><desc>&lol9;</desc></svg>"
    );
    let (brief, files) = logo(&svg);
    assert!(refused(&brief, &files).contains("expand to"));
}

#[test]
fn entities_as_illustrator_writes_them_are_read() {
    let svg = r#"<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [
	<!ENTITY ns_svg "http://www.w3.org/2000/svg">
	<!ENTITY ns_xlink "http://www.w3.org/1999/xlink">
	<!ENTITY st0 "fill:#009EDB;stroke:#FFFFFF;">
]>
<svg xmlns="&ns_svg;" xmlns:xlink="&ns_xlink;" width="40" height="20"><rect style="&st0;" width="40" height="20"/></svg>"#;
    let (brief, files) = logo(svg);
    let pdf = builds(&brief, &files);
    assert!(pdf.starts_with(b"%PDF-"));
}

#[test]
fn svg_elements_nested_to_the_limit_build_and_far_deeper_are_refused() {
    let nested = |n: usize| {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">{}<rect width=\"1\" height=\"1\"/>{}</svg>",
            "<g>".repeat(n),
            "</g>".repeat(n)
        )
    };
    // The root element is one level.
    let (brief, files) = logo(&nested(255));
    assert!(builds(&brief, &files).starts_with(b"%PDF-"));
    let (brief, files) = logo(&nested(100_000));
    let out = refused(&brief, &files);
    assert!(out.starts_with("error: SVG logo `logo.svg` nests its elements 100001 deep, the most is 256\n"), "{out}");
    // Nested by an entity's markup.
    let svg = format!(
        "<!DOCTYPE svg [<!ENTITY g \"{}{}\">]><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">&g;</svg>",
        "<g>".repeat(300),
        "</g>".repeat(300)
    );
    let (brief, files) = logo(&svg);
    assert!(refused(&brief, &files).contains("nests its elements 301 deep"));
}

#[test]
fn outside_stylesheets_and_entities_are_outside_references() {
    for (svg, target) in [
        (
            "<?xml-stylesheet type=\"text/css\" href=\"https://example.org/s.css\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>",
            "https://example.org/s.css",
        ),
        (
            "<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\">&x;</svg>",
            "file:///etc/passwd",
        ),
    ] {
        let (brief, files) = logo(svg);
        let out = refused(&brief, &files);
        assert!(
            out.starts_with(&format!("error: SVG logo `logo.svg` refers to an outside resource `{target}`\n")),
            "{out}"
        );
    }
    // A stylesheet inside the file is no outside reference.
    let svg = "<?xml-stylesheet href=\"#style\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>";
    let (brief, files) = logo(svg);
    assert!(builds(&brief, &files).starts_with(b"%PDF-"));
}

// ---- damaged images: what build would refuse, check finds ----------------

#[test]
fn a_damaged_png_is_refused_by_the_model_never_by_the_pdf_writer() {
    let png = std::fs::read(crate::common::root().join("briefs/who/road-safety-emblem.png")).expect("the emblem");
    let brief = format!("{HEAD}logo = {{ file = \"emblem.png\", alt = \"Emblem\" }}\n");
    // Cut anywhere, or a byte changed anywhere in its data or checksums:
    // either it still reads whole, and builds, or it is refused at the
    // logo with the file named.
    let mut damaged: Vec<Vec<u8>> = (40..png.len()).step_by(23).map(|n| png[..n].to_vec()).collect();
    damaged.extend((33..png.len()).step_by(29).map(|i| {
        let mut p = png.clone();
        p[i] ^= 0x5A;
        p
    }));
    for file in damaged {
        let files = Same(file);
        match model::parse(brief.as_bytes(), &files) {
            Ok(_) => {
                builds(&brief, &files);
            }
            Err(_) => {
                let out = refused(&brief, &files);
                assert!(out.contains("logo `emblem.png` is a damaged PNG image\n  --> x.toml:4:8"), "{out}");
            }
        }
    }
}

// ---- figures --------------------------------------------------------------

#[test]
fn the_largest_whole_numbers_print_exactly() {
    let files = Same(Vec::new());
    for (language, value, printed) in [
        ("en", "9223372036854775807", "9,223,372,036,854,775,807"),
        ("en", "-9223372036854775808", "\u{2212}9,223,372,036,854,775,808"),
        ("fr", "9007199254740993", "9\u{202f}007\u{202f}199\u{202f}254\u{202f}740\u{202f}993"),
        ("de", "0x7FFF_FFFF_FFFF_FFFF", "9.223.372.036.854.775.807"),
    ] {
        let src = format!("{HEAD}language = \"{language}\"\n[[figure]]\nvalue = {value}\nlabel = \"x\"\n");
        let parsed = model::parse(src.as_bytes(), &files).expect("parses");
        assert_eq!(parsed.brief.figures[0].value, printed);
    }
}

#[test]
fn shapes_used_in_a_chain_build_as_deep_as_usvg_follows_them() {
    // Each group draws the one before it: nested by `<use>`, not in the
    // file. usvg follows 1,024 levels (a few a link) and refuses deeper.
    let chain = |n: usize| {
        let mut defs = String::from("<path id=\"g0\" d=\"M0 0 L1 1\" stroke=\"black\"/>");
        for i in 1..n {
            defs.push_str(&format!("<g id=\"g{i}\"><use href=\"#g{}\" transform=\"translate(0.001 0)\"/></g>", i - 1));
        }
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><defs>{defs}</defs><use href=\"#g{}\"/></svg>",
            n - 1
        );
        logo(&svg)
    };
    let (brief, files) = chain(300);
    assert!(builds(&brief, &files).starts_with(b"%PDF-"));
    let (brief, files) = chain(1_000);
    let out = refused(&brief, &files);
    assert!(out.starts_with("error: SVG logo `logo.svg` draws too much: "), "{out}");
}
