//! Media advisories: the `[event]` of the example advisory is read and
//! resolved, set on page one between the head and the key figures (inside
//! the margins, overlapping nothing, tagged as a list of labelled items,
//! its webcast a live link) in English, French and Arabic on A4 and
//! Letter; `--ics` writes a calendar that a real parser (Python's
//! `icalendar`) reads back, byte-identical from run to run and shared by
//! the language versions; `--eml` carries it as a `text/calendar` part.
//! The bad briefs of `tests/bad/event-*` pin the diagnostics.

use std::path::Path;
use std::process::{Command, Output};

use brief::layout::{Document, Item, Role, dump, layout};
use brief::model::Brief;
use brief::text::FontBook;
use mail_parser::{MessageParser, MimeHeaders};

use crate::common::{parse_file, parse_source, root};
use crate::layout::{lost_words, violations};

fn advisory() -> Brief {
    parse_file(&root().join("briefs/unoct/media-advisory.toml"))
}

fn brief(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brief")).args(args).current_dir(dir).output().expect("the binary runs")
}

#[test]
fn the_example_advisory_resolves_its_event() {
    let b = advisory();
    let e = b.event.as_ref().expect("an event");
    assert_eq!(e.start.to_rfc3339(), "2021-06-21T10:30:00-04:00");
    assert_eq!(e.end.map(|t| t.to_rfc3339()).as_deref(), Some("2021-06-21T11:15:00-04:00"));
    let zone = e.zone.as_ref().expect("a zone");
    assert_eq!(zone.id, "America/New_York");
    assert_eq!(zone.city.as_deref(), Some("New York"));
    assert_eq!(zone.abbreviations, [Some("EDT".to_string()), Some("EDT".to_string())]);
    assert_eq!(e.online.as_deref(), Some("https://webtv.un.org"));
    let fr = parse_file(&root().join("briefs/unoct/media-advisory.fr.toml"));
    let e_fr = fr.event.as_ref().expect("an event");
    assert_eq!((e_fr.start, e_fr.end, &e_fr.online), (e.start, e.end, &e.online), "the translation keeps the facts");
    assert_eq!(e_fr.zone.as_ref().and_then(|z| z.city.as_deref()), Some("New York"));
    assert_eq!(
        brief::model::locale::format_event_when(&fr.language, e_fr),
        "lundi 21 juin 2021, 10\u{a0}h\u{a0}30–11\u{a0}h\u{a0}15 (heure de New York)"
    );
}

/// The advisory in `language` on `page`, with its title, venue and
/// accreditation in that language when it is Arabic (the labels and dates
/// come from the locale).
fn variant(language: &str, page: &str) -> Brief {
    let path =
        if language == "fr" { "briefs/unoct/media-advisory.fr.toml" } else { "briefs/unoct/media-advisory.toml" };
    let mut src = std::fs::read_to_string(root().join(path)).expect("example");
    src = src.replacen("page = \"A4\"", &format!("page = \"{page}\""), 1);
    if language == "ar" {
        src = src
            .replacen("language = \"en\"", "language = \"ar\"", 1)
            .replacen("kind = \"Media advisory\"", "kind = \"مذكرة إعلامية\"", 1)
            .replacen(
                "title = \"Press conference to launch the Second Counter-Terrorism Week\"",
                "title = \"مؤتمر صحفي لإطلاق أسبوع مكافحة الإرهاب الثاني\"",
                1,
            )
            .replacen(
                "venue = \"Press Briefing Room (S-237), United Nations Headquarters\"",
                "venue = \"قاعة الإحاطات الصحفية (S-237)، مقر الأمم المتحدة\"",
                1,
            );
    }
    parse_source(src.as_bytes(), &root().join("briefs/unoct"), path)
}

/// The top of the first text item reading `text` on page one.
fn top_of(doc: &Document, text: &str) -> Option<f32> {
    doc.pages[0].items.iter().find_map(|item| match item {
        Item::Text { origin, run } if dump::run_text(run).trim() == text => Some(origin.y.0 - run.size.0),
        _ => None,
    })
}

#[test]
fn the_event_panel_sits_under_the_head_inside_the_margins() {
    let labels = [
        ("en", ["When", "Where", "Webcast", "Accreditation"]),
        ("fr", ["Quand", "Où", "Retransmission", "Accréditation"]),
        ("ar", ["الموعد", "المكان", "البث الشبكي", "الاعتماد"]),
    ];
    for (language, words) in labels {
        for page in ["A4", "Letter"] {
            let name = format!("{language} on {page}");
            let b = variant(language, page);
            let doc = layout(&b, FontBook::shared());
            let bad = violations(&doc);
            assert!(bad.is_empty(), "{name}: {}", bad.join("\n"));
            // (The Arabic variant keeps English sentences, whose final
            // punctuation moves to their left end in a right-to-left line.)
            let lost = lost_words(&b, &doc);
            assert!(lost.is_empty() || language == "ar", "{name}: words lost: {lost:?}");
            // Each label on page one, in order, under the title and above
            // the first key figure.
            let tops: Vec<f32> = words
                .iter()
                .map(|w| top_of(&doc, w).unwrap_or_else(|| panic!("{name}: no label {w:?} on page one")))
                .collect();
            assert!(tops.windows(2).all(|w| w[0] < w[1]), "{name}: labels out of order: {tops:?}");
            let figure = top_of(&doc, "36").expect("the first figure");
            assert!(tops[3] < figure, "{name}: the panel is above the figures");
            let page_one = &doc.pages[0];
            assert!(
                page_one.items.iter().any(|i| matches!(i, Item::Link { uri, .. } if &**uri == "https://webtv.un.org")),
                "{name}: the webcast is a live link"
            );
            // Labels on the start edge: left of the values, right of them
            // on a mirrored page.
            let label_x = page_one.items.iter().find_map(|i| match i {
                Item::Text { origin, run } if dump::run_text(run).trim() == words[2] => Some(origin.x.0),
                _ => None,
            });
            let link_x = page_one.items.iter().find_map(|i| match i {
                Item::Link { rect, uri } if &**uri == "https://webtv.un.org" => Some(rect.x.0),
                _ => None,
            });
            let (label_x, link_x) = (label_x.expect("label"), link_x.expect("link"));
            assert_eq!(label_x > link_x, language == "ar", "{name}: the label column is at the start edge");
            // For readers: a list of four items, each a label and a body.
            let s = &doc.structure;
            let items: Vec<usize> = (0..s.len())
                .filter(|&i| s[i].role == Role::LI && s[i].parent.is_some_and(|p| s[p].role == Role::L))
                .filter(|&i| (0..s.len()).any(|k| s[k].parent == Some(i) && s[k].role == Role::Lbl))
                .collect();
            assert!(items.len() >= 4, "{name}: the event's rows are labelled list items");
            for li in items {
                let kids: Vec<Role> = s.iter().filter(|e| e.parent == Some(li)).map(|e| e.role).collect();
                assert_eq!(kids, [Role::Lbl, Role::LBody], "{name}");
            }
        }
    }
}

#[test]
fn media_advisory_layout_snapshot() {
    let doc = layout(&advisory(), FontBook::shared());
    insta::assert_snapshot!("media-advisory-layout", dump::dump(&doc, FontBook::shared()));
}

/// Whether Python can import `module`. Under CI it must: `.ci/run`
/// installs it, and a missing module fails the test rather than skipping.
fn have_python(module: &str) -> bool {
    let found =
        Command::new("python3").args(["-c", &format!("import {module}")]).output().is_ok_and(|o| o.status.success());
    if !found && std::env::var_os("CI").is_some() {
        panic!("Python's `{module}` is not installed; .ci/run installs it");
    }
    found
}

#[test]
fn ics_writes_a_calendar_that_reads_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in ["media-advisory.toml", "media-advisory.fr.toml", "press-release.toml", "house.toml"] {
        std::fs::copy(root().join("briefs/unoct").join(name), dir.path().join(name)).expect("copy");
    }
    let out =
        brief(&["build", "media-advisory.toml", "media-advisory.fr.toml", "press-release.toml", "--ics"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    // A brief without an event: a warning, and no file.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("warning: `press-release.toml` has no `[event]`"), "{stderr}");
    assert!(!dir.path().join("press-release.ics").exists());
    assert!(dir.path().join("press-release.pdf").exists());

    let ics = std::fs::read(dir.path().join("media-advisory.ics")).expect("the calendar is written");
    let text = String::from_utf8(ics.clone()).expect("UTF-8");
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    for line in text.split("\r\n") {
        assert!(!line.contains('\n') && !line.contains('\r'), "bare line break in {line:?}");
        assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
    }
    let unfolded = text.replace("\r\n ", "");
    for wanted in [
        "METHOD:PUBLISH",
        "DTSTART:20210621T143000Z",
        "DTEND:20210621T151500Z",
        "DTSTAMP:20210616T000000Z",
        "SUMMARY;LANGUAGE=en:Press conference to launch the Second Counter-Terrorism Week",
        "URL:https://webtv.un.org",
    ] {
        assert!(unfolded.contains(wanted), "{wanted} in\n{unfolded}");
    }
    // The same bytes again; the French version shares the UID.
    let again = brief(&["build", "media-advisory.toml", "-o", "again.pdf", "--ics"], dir.path());
    assert!(again.status.success());
    assert_eq!(std::fs::read(dir.path().join("again.ics")).expect("again"), ics, "identical input, identical bytes");
    let fr = std::fs::read_to_string(dir.path().join("media-advisory.fr.ics")).expect("the French calendar");
    let uid = |s: &str| s.lines().find(|l| l.starts_with("UID:")).map(str::to_string);
    assert!(uid(&text).is_some() && uid(&text) == uid(&fr), "one UID for every language version");
    assert!(fr.replace("\r\n ", "").contains("SUMMARY;LANGUAGE=fr:Conférence de presse"));

    if !have_python("icalendar") {
        return;
    }
    let script = r#"
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
assert str(cal['VERSION']) == '2.0' and str(cal['METHOD']) == 'PUBLISH'
events = list(cal.walk('VEVENT'))
assert len(events) == 1
e = events[0]
print(e['UID'])
print(e.decoded('DTSTART').isoformat())
print(e.decoded('DTEND').isoformat())
print(e['SUMMARY'])
print(e['SUMMARY'].params['LANGUAGE'])
print(e['LOCATION'])
print(e['URL'])
print(e['DESCRIPTION'])
"#;
    let out = Command::new("python3")
        .args(["-c", script, &dir.path().join("media-advisory.ics").display().to_string()])
        .output()
        .expect("python runs");
    assert!(out.status.success(), "icalendar refuses the file: {}", String::from_utf8_lossy(&out.stderr));
    let read = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = read.lines().collect();
    assert_eq!(Some(lines[0]), uid(&text).as_deref().and_then(|u| u.strip_prefix("UID:")));
    assert_eq!(lines[1], "2021-06-21T14:30:00+00:00");
    assert_eq!(lines[2], "2021-06-21T15:15:00+00:00");
    assert_eq!(lines[3], "Press conference to launch the Second Counter-Terrorism Week");
    assert_eq!(lines[4], "en");
    assert_eq!(lines[5], "Press Briefing Room (S-237), United Nations Headquarters, 405 East 42nd Street, New York");
    assert_eq!(lines[6], "https://webtv.un.org");
    assert!(lines[7].starts_with("The Under-Secretary-General of the United Nations Office of Counter-Terrorism, Mr."));
    assert!(read.contains("Webcast: https://webtv.un.org\nAccreditation: Open to journalists"), "{read}");
}

#[test]
fn eml_carries_the_calendar_of_an_advisory() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in ["media-advisory.toml", "press-release.toml", "house.toml"] {
        std::fs::copy(root().join("briefs/unoct").join(name), dir.path().join(name)).expect("copy");
    }
    let out = brief(&["build", "media-advisory.toml", "press-release.toml", "--eml"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let eml = std::fs::read(dir.path().join("media-advisory.eml")).expect("eml");
    let msg = MessageParser::default().parse(&eml).expect("the .eml parses");
    assert_eq!(msg.attachment_count(), 2, "the PDF and the calendar");
    let calendar = msg
        .attachments()
        .find(|a| a.content_type().is_some_and(|c| c.ctype() == "text" && c.subtype() == Some("calendar")))
        .expect("a text/calendar part");
    let ct = calendar.content_type().expect("content type");
    assert!(ct.attribute("method").is_some_and(|m| m.eq_ignore_ascii_case("PUBLISH")), "{ct:?}");
    assert!(ct.attribute("charset").is_some_and(|c| c.eq_ignore_ascii_case("utf-8")), "{ct:?}");
    assert_eq!(calendar.attachment_name(), Some("media-advisory.ics"));
    let expected = brief::summary::calendar(&parse_file(&dir.path().join("media-advisory.toml"))).expect("calendar");
    assert!(calendar.contents() == expected.as_bytes(), "the part is the calendar, byte for byte");
    // A brief without an event has no calendar part.
    let pr = std::fs::read(dir.path().join("press-release.eml")).expect("eml");
    assert_eq!(MessageParser::default().parse(&pr).expect("parses").attachment_count(), 1);
}
