//! Robustness: characters no bundled font has are warned about, limits hold
//! exactly at their boundary, and inputs found by fuzzing (`fuzz/`) build
//! or fail cleanly instead of panicking. Large inputs are generated here,
//! never committed.

use brief::model::{self, Resources, Severity, limits};

/// Resources for a brief that names no files: every path is an error.
struct NoFiles;

impl Resources for NoFiles {
    fn load(&self, _path: &str) -> Result<Vec<u8>, String> {
        Err("file not found".to_string())
    }
}

const HEAD: &str = "[brief]\ntitle = \"Counter-terrorism week\"\ndate = 2021-06-30\n";

/// The build's warnings, rendered as the CLI shows them.
fn warnings(source: &str) -> String {
    match brief::build(source.as_bytes(), &NoFiles) {
        Ok(built) => {
            assert!(built.warnings.iter().all(|d| d.severity == Severity::Warning));
            model::render("x.toml", source.as_bytes(), &built.warnings)
        }
        Err(brief::BuildError::Invalid(d)) => panic!("{}", model::render("x.toml", source.as_bytes(), &d)),
        Err(e) => panic!("{e:?}"),
    }
}

/// The errors of a brief that must fail to parse, rendered.
fn errors(source: &str) -> String {
    match model::parse(source.as_bytes(), &NoFiles) {
        Ok(_) => panic!("parsed without errors"),
        Err(d) => {
            assert!(d.iter().any(|d| d.severity == Severity::Error && d.span.is_some()));
            model::render("x.toml", source.as_bytes(), &d)
        }
    }
}

fn parses(source: &str) -> bool {
    model::parse(source.as_bytes(), &NoFiles).is_ok()
}

// ---- characters no bundled font has ------------------------------------

#[test]
fn emoji_in_the_title_is_a_warning_with_its_position() {
    let src = "[brief]\ntitle = \"Week 😀 ends\"\ndate = 2021-06-30\n";
    assert_eq!(
        warnings(src),
        "warning: no bundled font has `😀` (U+1F600)\n  --> x.toml:2:15\n   |\n 2 | title = \"Week 😀 ends\"\n   |               ^^\n   = hint: the characters will print as empty boxes; the bundled faces cover Latin, Greek, Cyrillic, Arabic, Chinese (GB 2312) and common symbols; `brief fonts` lists them\n"
    );
}

#[test]
fn an_escaped_character_points_at_its_escape() {
    let src = "[brief]\ntitle = \"Week \\U0001F600 ends\"\ndate = 2021-06-30\n";
    let out = warnings(src);
    assert!(out.contains("x.toml:2:15"), "{out}");
    assert!(out.contains(&format!("   |{}{}\n", " ".repeat(15), "^".repeat(10))), "{out}");
}

#[test]
fn one_warning_per_string_and_character_in_every_printed_field() {
    let src = format!(
        "{HEAD}summary = \"漢 and 漢 again\"\n\n[[figure]]\nvalue = \"३\"\nlabel = \"x\"\n\n[[section]]\nheading = \"漢\"\ntext = \"\"\"\n* 漢 😀\n\"\"\"\n\n[[quote]]\ntext = \"ok\"\nby = \"😀\"\n\n[contact]\nsocial = [\"#😀\"]\n[[contact.person]]\nname = \"漢\"\n"
    );
    let built = brief::build(src.as_bytes(), &NoFiles).expect("builds");
    let found: Vec<(String, usize)> = built
        .warnings
        .iter()
        .map(|d| {
            let span = d.span.clone().expect("span");
            (src[span.clone()].to_string(), model::line_col(&src, span.start).0)
        })
        .collect();
    let expected: Vec<(String, usize)> =
        [("漢", 4), ("३", 7), ("漢", 11), ("漢", 13), ("😀", 13), ("😀", 18), ("😀", 21), ("漢", 23)]
            .into_iter()
            .map(|(s, l)| (s.to_string(), l))
            .collect();
    assert_eq!(found, expected);
}

#[test]
fn many_distinct_characters_are_summed_up() {
    let src = format!("{HEAD}summary = \"กขคฆงจฉชซ ก\"\n");
    let out = warnings(&src);
    assert_eq!(out.matches("warning: no bundled font has").count(), limits::MISSING_GLYPH_WARNINGS, "{out}");
    assert!(
        out.contains("warning: `summary` has 4 more characters that no bundled font has\n  --> x.toml:4:17"),
        "{out}"
    );
}

#[test]
fn covered_text_and_unprinted_keys_give_no_warning() {
    let src = format!(
        "{HEAD}summary = \"Ünïcödé – “quotes”, Ελλάδα, Россия, soft\u{AD}hyphen, zero\u{200B}width\"\nlanguage = \"en\"\n"
    );
    assert_eq!(warnings(&src), "");
    // Without a coverage predicate, `parse` warns about nothing.
    let src = "[brief]\ntitle = \"😀\"\ndate = 2021-06-30\n";
    assert!(model::parse(src.as_bytes(), &NoFiles).is_ok_and(|p| p.warnings.is_empty()));
}

// ---- limits --------------------------------------------------------------

fn tables(key: &str, item: &str, n: usize) -> String {
    // Top-level arrays of inline tables, before `[brief]`.
    format!("{key} = [\n{}]\n{HEAD}", format!("  {item},\n").repeat(n))
}

#[test]
fn table_counts_hold_at_the_limit() {
    for (key, item, max) in [
        ("figure", "{ value = 1, label = \"x\" }", limits::FIGURES),
        ("section", "{ text = \"x\" }", limits::SECTIONS),
        ("quote", "{ text = \"x\" }", limits::QUOTES),
    ] {
        assert!(parses(&tables(key, item, max)), "{key}: {max} must be allowed");
        let out = errors(&tables(key, item, max + 1));
        assert!(
            out.starts_with(&format!("error: too many `[[{key}]]` tables: {}, the most is {max}\n", max + 1)),
            "{out}"
        );
        assert!(out.contains(&format!("x.toml:{}:3", max + 2)), "the error points at the first extra entry: {out}");
    }
    let persons = |n: usize| format!("{HEAD}[contact]\nperson = [\n{}]\n", "  { name = \"x\" },\n".repeat(n));
    assert!(parses(&persons(limits::PERSONS)));
    assert!(errors(&persons(limits::PERSONS + 1)).contains("the most is 50"));
}

#[test]
fn words_hold_at_the_limit_in_every_kind_of_string() {
    let word = |n: usize| "é".repeat(n);
    for field in ["title", "summary"] {
        let src = |n| {
            format!("[brief]\n{field} = \"a {} b\"\n{}", word(n), if field == "title" { "" } else { "title = \"x\"\n" })
                + "date = 2021-06-30\n"
        };
        assert!(parses(&src(limits::WORD_CHARS)), "{field}");
        let out = errors(&src(limits::WORD_CHARS + 1));
        assert!(out.contains(&format!("error: `{field}` has a word of 501 characters, the most is 500")), "{out}");
        assert!(out.contains("x.toml:2:") && out.contains(&"^".repeat(501)), "{out}");
    }
    let src = format!("{HEAD}[[section]]\ntext = \"\"\"\nfirst line\n{}\n\"\"\"\n", "w".repeat(10_000));
    assert!(errors(&src).contains("x.toml:7:1"));
}

#[test]
fn single_line_fields_hold_at_the_limit() {
    let line = |n: usize| "word ".repeat(n / 5 + 1)[..n].to_string();
    let src = |n| format!("[brief]\ntitle = \"{}\"\ndate = 2021-06-30\n", line(n));
    assert!(parses(&src(limits::LINE_CHARS)));
    let out = errors(&src(limits::LINE_CHARS + 1));
    assert!(
        out.starts_with("error: `title` is 1001 characters long, the most is 1000\n  --> x.toml:2:1010\n"),
        "{out}"
    );
    let social = format!("{HEAD}[contact]\nsocial = [\"{}\"]\n", line(2000));
    assert!(errors(&social).contains("`social` is 2000 characters long"));
}

#[test]
fn a_huge_brief_fails_fast_with_few_errors() {
    // Far past every limit at once: about 4 MiB, twice the CLI's cap.
    let src = format!(
        "[brief]\ntitle = \"{}\"\ndate = 2021-06-30\n{}{}",
        "x".repeat(1 << 20),
        "[[section]]\ntext = \"y\"\n".repeat(100_000),
        "[[figure]]\nvalue = 1\nlabel = \"z\"\n".repeat(60_000),
    );
    let started = std::time::Instant::now();
    let Err(diags) = model::parse(src.as_bytes(), &NoFiles) else {
        panic!("parsed");
    };
    assert!(diags.len() <= 4, "{diags:?}");
    assert!(started.elapsed().as_secs() < 20, "took {:?}", started.elapsed());
}

#[test]
fn a_brief_of_more_than_500_pages_is_refused_with_a_clear_error() {
    let paragraph = "The Secretary-General highlighted the responsible use of new technologies in \
        counter-terrorism, and Member States agreed to share good practice on the protection of \
        human rights online. "
        .repeat(14);
    let section = format!("[[section]]\nheading = \"Part\"\ntext = \"\"\"\n{paragraph}\n\n{paragraph}\n\"\"\"\n");
    let src = format!("{HEAD}{}", section.repeat(limits::SECTIONS));
    let Err(brief::BuildError::Invalid(d)) = brief::build(src.as_bytes(), &NoFiles) else {
        panic!("built");
    };
    let out = model::render("long.toml", src.as_bytes(), &d);
    let pages: usize = out
        .strip_prefix("error: the brief takes ")
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{out}"));
    assert!(pages > 500 && out.contains(" pages, the most is 500\n --> long.toml\n"), "{out}");
    assert!(out.contains("hint: a brief is a handout"), "{out}");
    // Half as much is a long brief, and fine.
    let src = format!("{HEAD}{}", section.repeat(limits::SECTIONS / 2));
    assert!(brief::build(src.as_bytes(), &NoFiles).is_ok());
}

#[test]
fn a_web_address_too_long_for_a_printable_qr_code_is_a_warning() {
    let long = format!("https://www.un.org/{}", "counter-terrorism/".repeat(14));
    let src = format!("{HEAD}\n[contact]\nweb = \"{long}\"\n");
    let out = warnings(&src);
    assert!(
        out.starts_with(&format!("warning: `web` is {} characters long, too long for a QR code", long.len())),
        "{out}"
    );
    assert!(out.contains("x.toml:6:7") && out.contains("`qr = false`"), "{out}");
    let b = model::parse(src.as_bytes(), &NoFiles).expect("valid").brief;
    assert!(b.contact.is_some_and(|c| c.qr.is_none()));
    // Off by choice: no code, no warning.
    let src = format!("{HEAD}\n[contact]\nweb = \"{long}\"\n\n[style]\nqr = false\n");
    assert_eq!(warnings(&src), "");
    // A usual address gets its code.
    let src = format!("{HEAD}\n[contact]\nweb = \"https://www.un.org/counterterrorism\"\n");
    let b = model::parse(src.as_bytes(), &NoFiles).expect("valid").brief;
    assert!(b.contact.is_some_and(|c| c.qr.is_some_and(|q| q.width == 29 && q.dark.len() == 841)));
}

// ---- inputs found by fuzzing -----------------------------------------------

/// Arbitrary bytes must build or fail with diagnostics, never panic.
fn survives(source: &[u8]) {
    match brief::build(source, &NoFiles) {
        Ok(built) => assert!(built.pdf.starts_with(b"%PDF-")),
        Err(brief::BuildError::Invalid(d)) => {
            assert!(d.iter().any(|d| d.severity == Severity::Error));
            let _ = model::render("x.toml", source, &d);
        }
        Err(brief::BuildError::Pdf(e)) => panic!("pdf: {e}"),
    }
}

#[test]
fn odd_inputs_fail_cleanly() {
    for src in [
        &b""[..],
        b"\xff\xfe",
        b"[brief",
        b"[brief]\ntitle = \"\\u0000\"\ndate = 2021-06-30\n",
        b"[brief]\ntitle = \"x\"\ndate = 2021-06-30\nlogo = \"a.png\"\n",
        b"[brief]\ntitle = \"\xf4\x8f\xbf\xbd \xf3\xa0\x80\x81\"\ndate = 2021-06-30\n",
    ] {
        survives(src);
    }
}

/// Found by the `structured` target: a sentence ending in "www." made the
/// address finder cut into the prefix it had just trimmed the dot from.
#[test]
fn a_sentence_ending_in_www_dot_is_text() {
    for summary in ["www.", "see www.", "en www.www.", "http://.", "https://!"] {
        let src = format!("{HEAD}summary = \"{summary}\"\n");
        survives(src.as_bytes());
        let b = model::parse(src.as_bytes(), &NoFiles).expect("valid").brief;
        let spans = b.summary.expect("summary").0;
        assert!(spans.iter().all(|s| s.link.is_none()), "{summary}: {spans:?}");
    }
}
