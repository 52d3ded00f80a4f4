//! Good briefs parse: `tests/good/*.toml` read into the expected [`Brief`].

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveTime};

use super::*;
use crate::geom::Color;

/// Resources from a fixed set of in-memory files.
struct Files(HashMap<&'static str, Vec<u8>>);

impl Resources for Files {
    fn load(&self, path: &str) -> Result<Vec<u8>, String> {
        self.0.get(path).cloned().ok_or_else(|| "file not found".to_string())
    }
}

fn files() -> Files {
    Files(HashMap::from([
        ("emblem.png", include_bytes!("../../tests/good/emblem.png").to_vec()),
        ("emblem.svg", include_bytes!("../../tests/good/emblem.svg").to_vec()),
    ]))
}

fn plain(text: &str) -> Span {
    Span::plain(text)
}

#[test]
fn minimal_brief_gets_defaults() {
    let src = include_bytes!("../../tests/good/minimal.toml");
    let parsed = parse(src, &files()).expect("minimal brief parses");
    let b = parsed.brief;
    assert!(parsed.warnings.is_empty());
    assert_eq!(b.title, "Counter-terrorism week");
    assert_eq!(b.date.day, NaiveDate::from_ymd_opt(2021, 6, 30).expect("day"));
    assert_eq!((b.date.time, b.date.offset), (None, None));
    assert_eq!(b.kind, "Brief");
    assert_eq!(b.language.tag, "en");
    assert_eq!(b.language.primary, "en");
    assert_eq!(b.organization, None);
    assert_eq!(b.embargo, None);
    assert!(b.figures.is_empty() && b.sections.is_empty() && b.quotes.is_empty());
    assert_eq!(b.contact, None);
    assert_eq!(b.style.page, PageSize::A4);
    assert_eq!(Some(b.style.accent), Color::from_hex("#009EDB"));
    assert_eq!(b.style.font, FontChoice::Sans);
    assert!(b.style.claims);
}

#[test]
fn full_brief_reads_every_key() {
    let src = include_bytes!("../../tests/good/full.toml");
    let parsed = match parse(src, &files()) {
        Ok(p) => p,
        Err(d) => panic!("{}", render("full.toml", src, &d)),
    };
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    let b = parsed.brief;
    assert_eq!(b.title, "Counter-Terrorism Week 2021");
    assert_eq!(b.date.time, NaiveTime::from_hms_opt(9, 0, 0));
    assert_eq!(b.date.offset.map(|o| o.local_minus_utc()), Some(-4 * 3600));
    assert_eq!(b.kind, "Press release");
    assert_eq!(b.symbol.as_deref(), Some("UNOCT/PR/2021/30"));
    assert_eq!(b.place.as_deref(), Some("New York"));
    assert_eq!(b.language.tag, "fr-CH");
    assert_eq!(b.language.primary, "fr");
    assert_eq!(b.embargo, DateTime::parse_from_rfc3339("2021-06-30T12:00:00-04:00").ok());
    let summary = b.summary.expect("summary");
    assert_eq!(summary.0[1].text, "Secretary-General");
    assert!(summary.0[1].bold);
    assert_eq!(summary.0[3].text, "week");
    assert!(summary.0[3].italic);
    let links: Vec<&str> = summary.0.iter().filter_map(|s| s.link.as_deref()).collect();
    assert_eq!(links, vec!["https://www.un.org/counterterrorism", "mailto:gerardl@un.org"]);
    let logo = b.logo.expect("logo");
    assert_eq!(logo.format, ImageFormat::Png);
    assert_eq!((logo.width, logo.height), (4.0, 2.0));
    assert_eq!(b.logo_alt.as_deref(), Some("Emblème de l’ONU"));

    // Figures are formatted for French.
    assert_eq!(b.figures.len(), 3);
    assert_eq!(b.figures[0].value, "1\u{202f}000");
    assert_eq!(b.figures[0].prefix.as_deref(), Some("almost"));
    assert_eq!(b.figures[0].note.as_deref(), Some("in person and online"));
    assert_eq!(b.figures[1].value, "2,50");
    assert_eq!(b.figures[1].suffix.as_deref(), Some("%"));
    assert_eq!(b.figures[2].value, "US$ 2.6 billion");

    // Sections: paragraph with a link, then a flattened list, then a numbered one.
    assert_eq!(b.sections.len(), 3);
    let s = &b.sections[0];
    assert_eq!(s.heading.as_deref(), Some("Background"));
    let Block::Paragraph(p) = &s.blocks[0] else {
        panic!("paragraph expected");
    };
    assert_eq!(p.0[0], plain("The “week” brings together António Guterres and "));
    assert_eq!(p.0[1].link.as_deref(), Some("https://www.un.org/en/member-states"));
    assert_eq!(p.0[2], plain(" – with:"));
    let Block::List(list) = &s.blocks[1] else {
        panic!("list expected");
    };
    assert!(!list.ordered);
    let items: Vec<(usize, &str, &str)> =
        list.items.iter().map(|i| (i.depth, i.marker.as_str(), i.text.0[0].text.as_str())).collect();
    assert_eq!(items, vec![(0, "•", "heads of agencies"), (1, "–", "from 147 States"), (0, "•", "civil society"),]);
    let Block::List(list) = &s.blocks[2] else {
        panic!("numbered list expected");
    };
    assert!(list.ordered);
    assert_eq!(list.items[1].marker, "2.");

    // Quotes: the first spread into the middle, the second placed first.
    assert_eq!(b.quotes.len(), 2);
    assert_eq!(b.quotes[0].after, 1);
    assert_eq!(b.quotes[0].by.as_deref(), Some("António Guterres"));
    assert_eq!(b.quotes[0].role.as_deref(), Some("Secretary-General"));
    assert!(b.quotes[0].text.0[1].italic);
    assert_eq!(b.quotes[1].after, 0);

    let c = b.contact.expect("contact");
    assert_eq!(c.heading, "Contacts presse");
    assert_eq!(c.web.as_deref(), Some("https://www.un.org/counterterrorism"));
    assert_eq!(c.social, vec!["@UN_OCT", "#CTWeek"]);
    assert_eq!(c.persons.len(), 2);
    assert_eq!(c.persons[0].email.as_deref(), Some("gerardl@un.org"));
    assert_eq!(c.persons[0].phone.as_deref(), Some("+1 212 963 1234"));
    assert_eq!(c.persons[1].role, None);

    assert_eq!(b.style.page, PageSize::Letter);
    assert_eq!(Some(b.style.accent), Color::from_hex("#CC0000"));
    assert_eq!(b.style.font, FontChoice::Serif);
    assert!(!b.style.claims);
}

#[test]
fn unknown_language_warns_and_falls_back() {
    let src = b"[brief]\ntitle = \"Wiki\"\ndate = 2021-06-30\nlanguage = \"sw\"\n\n[contact]\n";
    let parsed = parse(src, &files()).expect("parses with a warning");
    assert_eq!(parsed.warnings.len(), 1);
    assert_eq!(parsed.warnings[0].severity, Severity::Warning);
    assert_eq!(parsed.brief.kind, "Brief");
    assert_eq!(parsed.brief.language.primary, "sw");
    assert_eq!(parsed.brief.contact.map(|c| c.heading).as_deref(), Some("Media contacts"));
}

#[test]
fn svg_logo_and_offset_dates() {
    let src = b"[brief]\ntitle = \"T\"\ndate = 2021-06-30T10:00:00\nlogo = \"emblem.svg\"\nlanguage = \"es\"\n";
    let b = parse(src, &files()).expect("parses").brief;
    let logo = b.logo.expect("logo");
    assert_eq!(logo.format, ImageFormat::Svg);
    assert_eq!((logo.width, logo.height), (200.0, 100.0));
    assert_eq!(b.date.time, NaiveTime::from_hms_opt(10, 0, 0));
    assert_eq!(b.date.offset, None);
    assert_eq!(b.kind, "Nota informativa");
}

#[test]
fn a_logo_without_description_warns_and_a_table_carries_one() {
    let bare = b"[brief]\ntitle = \"T\"\ndate = 2021-06-30\nlogo = \"emblem.svg\"\n";
    let parsed = parse(bare, &files()).expect("parses");
    assert_eq!(parsed.brief.logo_alt, None);
    let [warning] = parsed.warnings.as_slice() else { panic!("{:?}", parsed.warnings) };
    assert_eq!(warning.message, "the logo has no description for screen readers");
    assert_eq!(warning.span, Some(45..57)); // the path

    let table = b"[brief]\ntitle = \"T\"\ndate = 2021-06-30\nlogo = { file = \"emblem.svg\", alt = \"UN emblem\" }\n";
    let parsed = parse(table, &files()).expect("parses");
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    assert_eq!(parsed.brief.logo.expect("logo").format, ImageFormat::Svg);
    assert_eq!(parsed.brief.logo_alt.as_deref(), Some("UN emblem"));
}

#[test]
fn all_errors_are_collected() {
    let src = b"[brief]\ntitle = 1\ndate = \"x\"\nfoo = 2\n[style]\npage = \"A9\"\n";
    let diags = parse(src, &files()).expect_err("fails");
    assert_eq!(diags.len(), 4, "{diags:?}");
    assert!(diags.iter().all(|d| d.span.is_some()));
}
