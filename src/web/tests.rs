//! Unit tests of the web page's pieces; the whole pages are tested in
//! `tests/it/web.rs`, in a browser too.

use super::*;
use crate::model::{Span, Style};

fn brief(lang: &str) -> Brief {
    let language = Language { tag: lang.to_string(), primary: lang.to_string() };
    Brief {
        title: "T".into(),
        date: model::BriefDate {
            day: chrono::NaiveDate::from_ymd_opt(2021, 6, 30).expect("a day"),
            time: None,
            offset: None,
        },
        kind: "Press release".into(),
        organization: None,
        symbol: None,
        subtitle: None,
        place: None,
        language,
        notice: None,
        embargo: None,
        summary: None,
        logo: None,
        logo_alt: None,
        figures: Vec::new(),
        sections: Vec::new(),
        notes: Vec::new(),
        quotes: Vec::new(),
        end_mark: None,
        boilerplate: Vec::new(),
        contact: None,
        style: Style {
            page: model::PageSize::A4,
            accent: Color::rgb(0, 0x9e, 0xdb),
            font: model::FontChoice::Sans,
            qr: true,
            claims: true,
        },
        email: None,
        event: None,
    }
}

#[test]
fn text_and_attributes_are_escaped() {
    assert_eq!(esc("<script>&\"'"), "&lt;script&gt;&amp;&quot;&#39;");
    let mut b = brief("en");
    b.title = "</title><script>alert(1)</script>".into();
    let html = page(&b, &Options::default());
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(html.contains("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn links_only_to_the_allowed_schemes() {
    assert_eq!(anchor("javascript:alert(1)", "x"), "x");
    assert_eq!(anchor("data:text/html,x", "x"), "x");
    assert_eq!(anchor("mailto:a@b.org", "a"), "<a href=\"mailto:a@b.org\">a</a>");
    assert_eq!(anchor("HTTPS://un.org/?a=1&b=2", "u"), "<a href=\"HTTPS://un.org/?a=1&amp;b=2\">u</a>");
}

#[test]
fn runs_in_another_script_carry_their_language() {
    let fr = brief("fr");
    let w = Writer::new(&fr);
    assert_eq!(
        w.runs("la paix, 和平 et سلام عليكم 2021"),
        "la paix, <span lang=\"zh\">和平</span> et <span lang=\"ar\" dir=\"rtl\">سلام عليكم</span> 2021"
    );
    let ar = brief("ar");
    let w = Writer::new(&ar);
    assert_eq!(
        w.runs("مكتب UNOCT 2021 New York في"),
        "مكتب <span lang=\"en\" dir=\"ltr\">UNOCT 2021 New York</span> في"
    );
    assert_eq!(w.runs("1,000 – 2021"), "1,000 – 2021");
}

#[test]
fn nested_lists_are_rebuilt_from_depths() {
    let item =
        |depth, text: &str| model::ListItem { depth, marker: "•".into(), text: Inline(vec![Span::plain(text)]) };
    let list =
        model::List { ordered: false, start: 1, items: vec![item(0, "a"), item(1, "b"), item(1, "c"), item(0, "d")] };
    let b = brief("en");
    let w = Writer::new(&b);
    let mut out = String::new();
    w.list(&list, &mut Vec::new(), &mut out);
    assert_eq!(out, "<ul>\n<li>a<ul><li>b</li>\n<li>c</li>\n</ul></li>\n<li>d</li></ul>\n");
}

#[test]
fn footnote_marks_and_notes_link_both_ways() {
    let mut b = brief("en");
    let mut mark = Span::plain("1");
    mark.note = Some(1);
    b.sections.push(model::Section {
        heading: None,
        blocks: vec![
            model::Block::Paragraph(Inline(vec![Span::plain("Word."), mark.clone()])),
            model::Block::Paragraph(Inline(vec![Span::plain("Again."), mark])),
        ],
    });
    b.notes.push(model::Note { number: 1, text: vec![Inline(vec![Span::plain("The note.")])] });
    let html = page(&b, &Options::default());
    assert_eq!(html.matches("id=\"ref-1\"").count(), 1, "one mark holds the id");
    assert_eq!(html.matches("href=\"#note-1\"").count(), 2);
    assert!(html.contains("<li id=\"note-1\"><a class=\"back\" href=\"#ref-1\""));
}

#[test]
fn the_dark_accent_reads_on_the_dark_page() {
    let navy = Color::rgb(0x1a, 0x4f, 0x8b);
    let dark = Color::rgb(0x16, 0x18, 0x1b);
    let c = readable_on_dark(navy, dark);
    assert!((c.luminance() + 0.05) / (dark.luminance() + 0.05) >= 4.5);
}
