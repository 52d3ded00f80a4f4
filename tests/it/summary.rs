//! Summaries for e-mail: each example brief's summary in every format must
//! equal `tests/summary/NAME.txt|.md|.html` exactly (run with `BLESS=1` to
//! rewrite them from the current output), plain text must wrap at 72
//! columns, HTML must be self-contained and escaped, and `brief summary`
//! must print the same.

use std::path::{Path, PathBuf};
use std::process::Command;

use brief::summary::{self, Format, WIDTH};
use unicode_width::UnicodeWidthStr;

use crate::common::{example_briefs, parse_file, parse_source, root};

const FORMATS: [(Format, &str, &str); 3] =
    [(Format::Text, "txt", "text"), (Format::Markdown, "md", "markdown"), (Format::Html, "html", "html")];

fn expected_path(brief: &Path, ext: &str) -> PathBuf {
    let stem = brief.file_stem().expect("stem").to_string_lossy().into_owned();
    root().join("tests/summary").join(format!("{stem}.{ext}"))
}

#[test]
fn example_summaries_match_their_expected_files() {
    let bless = std::env::var_os("BLESS").is_some_and(|v| v != "0");
    let mut failures = Vec::new();
    for path in example_briefs() {
        let brief = parse_file(&path);
        for (format, ext, _) in FORMATS {
            let got = summary::render(&brief, format);
            let file = expected_path(&path, ext);
            if bless {
                std::fs::write(&file, &got).expect("write expected summary");
                continue;
            }
            let expected = std::fs::read_to_string(&file).unwrap_or_default();
            if expected != got {
                failures.push(format!(
                    "{}: differs (BLESS=1 to update)\n--- expected\n{expected}\n--- got\n{got}",
                    file.display()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_command_prints_the_summary() {
    for path in example_briefs() {
        let brief = parse_file(&path);
        for (format, _, name) in FORMATS {
            let out = Command::new(env!("CARGO_BIN_EXE_brief"))
                .args(["summary", &path.display().to_string(), "--format", name])
                .output()
                .expect("binary runs");
            assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
            assert_eq!(String::from_utf8_lossy(&out.stdout), summary::render(&brief, format));
        }
    }
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("bad.toml"), "[brief]\ntitel = \"x\"\ndate = 2021-06-30\n").expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(["summary", "bad.toml"])
        .current_dir(dir.path())
        .output()
        .expect("binary runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `title`?"));
    let out = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(["summary", "missing.toml"])
        .current_dir(dir.path())
        .output()
        .expect("binary runs");
    assert_eq!(out.status.code(), Some(2));
}

/// Every line of a plain-text summary fits in 72 columns, unless it is a
/// single word (a long web address) that cannot be broken.
#[test]
fn plain_text_wraps_at_72_columns() {
    for path in example_briefs() {
        let text = summary::render(&parse_file(&path), Format::Text);
        for line in text.lines() {
            let wide = line.width() > WIDTH;
            assert!(!wide || !line.trim().contains(' '), "{}: line too wide: {line:?}", path.display());
            assert_eq!(line, line.trim_end(), "trailing space");
        }
        // Written-out links: the lede's and the contact's addresses.
        assert!(!text.contains("](http"), "no Markdown links in plain text");
    }
    let text = summary::render(&parse_file(&root().join("briefs/unoct/press-release.toml")), Format::Text);
    assert!(text.contains("https://www.un.org/counterterrorism/2021-counter-terrorism-week"));
    assert!(text.contains("New York, 30 June 2021"));
    assert!(text.contains("almost 1,000 participants over three days"));
    assert!(text.contains("“National ownership is essential"), "typographic quotes around the quote");
    assert!(text.contains("— António Guterres, Secretary-General of the United Nations"));
}

#[test]
fn summaries_follow_the_language() {
    let fr = parse_file(&root().join("briefs/unep/fiche-information.toml"));
    let text = summary::render(&fr, Format::Text);
    assert!(text.contains("«\u{202f}"), "French quotation marks with narrow spaces");
    assert!(text.contains("Chiffres clés"));
    assert!(text.contains("Courriel"));
    assert!(text.contains("juin 2026"));
    let html = summary::render(&fr, Format::Html);
    assert!(html.contains("<html lang=\"fr\" dir=\"ltr\">"));
    assert!(html.contains("Georgia"), "a serif brief gets a serif mail");
}

#[test]
fn a_brief_in_its_own_fonts_names_their_family_first_in_the_mail() {
    let b = parse_file(&root().join("tests/fonts/lato.toml"));
    let html = summary::render(&b, Format::Html);
    assert!(html.contains("font-family:'Lato',Arial,Helvetica,sans-serif;"), "{html}");
}

/// A brief that tries to smuggle markup into every field.
const HOSTILE: &str = r#"
[brief]
title = "<script>alert('x')</script> & <b>bold</b>"
date = 2021-06-30
kind = "<img src=https://evil.example/x.png>"
summary = "A [link](https://un.org/?a=1&b=\"2\") and <style>body{}</style> *text* `code` # not a heading"
organization = "\"Quoted\" & <Co>"

[[figure]]
value = "<1>"
label = "*not* [a](link)"

[[quote]]
text = "We said \"<iframe src='https://evil.example'>\"."
by = "<Someone>"

[contact]
web = "https://un.org/\"onmouseover=alert(1)"
[[contact.person]]
name = "O'Brien <x>"
email = "obrien@un.org"
"#;

#[test]
fn html_is_self_contained_and_escaped() {
    let dir = root().join("briefs");
    let mut briefs: Vec<brief::model::Brief> = example_briefs().iter().map(|p| parse_file(p)).collect();
    briefs.push(parse_source(HOSTILE.as_bytes(), &dir, "hostile.toml"));
    for b in &briefs {
        let html = summary::render(b, Format::Html);
        let lower = html.to_ascii_lowercase();
        for banned in ["<script", "<style", "<link", "<img", "<iframe", "<table", "<object", "<svg"] {
            assert!(!lower.contains(banned), "`{banned}` in HTML of {:?}:\n{html}", b.title);
        }
        // Inside the tags: no resource attributes, classes or style sheets.
        for tag in lower.split('<').skip(1).map(|t| t.split('>').next().unwrap_or("")) {
            for banned in [" src=", "url(", "@import", " class=", " on", "background-image", "srcset"] {
                assert!(!tag.contains(banned), "`{banned}` in <{tag}> of {:?}", b.title);
            }
        }
        // Every link goes to a web, mail or telephone address.
        for part in html.split("href=\"").skip(1) {
            let target = part.split('"').next().unwrap_or("");
            assert!(
                ["https://", "http://", "mailto:", "tel:"].iter().any(|s| target.starts_with(s)),
                "link to {target:?}"
            );
        }
        // Every tag opened is one of the few that mail clients render.
        for tag in html.split('<').skip(1) {
            let name: String =
                tag.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '/' || *c == '!').collect();
            let name = name.trim_start_matches('/');
            assert!(
                [
                    "!DOCTYPE",
                    "html",
                    "head",
                    "meta",
                    "title",
                    "body",
                    "div",
                    "h1",
                    "h2",
                    "p",
                    "br",
                    "hr",
                    "ul",
                    "li",
                    "blockquote",
                    "a",
                    "strong",
                    "em",
                    "span"
                ]
                .contains(&name),
                "unexpected tag <{name}> in {:?}",
                b.title
            );
        }
    }
    let hostile = briefs.last().expect("hostile");
    let html = summary::render(hostile, Format::Html);
    assert!(html.contains("&lt;script&gt;alert("));
    assert!(html.contains("href=\"https://un.org/?a=1&amp;b=&quot;2&quot;\""));
    assert!(html.contains("href=\"https://un.org/&quot;onmouseover=alert(1)\""));
    let md = summary::render(hostile, Format::Markdown);
    assert!(md.contains("\\<script\\>"));
    assert!(md.contains("\\*not\\* \\[a\\](link)"));
    let text = summary::render(hostile, Format::Text);
    assert!(text.contains("<script>alert("), "plain text is shown as written");
    assert!(text.contains("A link\u{a0}[1] and"), "{text}");
    assert!(text.contains("Links\n-----\n[1] https://un.org/?a=1&b=\"2\""), "{text}");
}
