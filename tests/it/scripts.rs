//! Right-to-left and Chinese setting, checked on the layout model: the
//! Arabic page mirrored (headings at the right margin, tiles from the
//! right), Latin runs inside Arabic lines in reading order, and the
//! kinsoku rules on every line of Chinese.

use brief::geom::Pt;
use brief::layout::{Document, Item, dump, layout};
use brief::text::{Align, FaceId, FontBook, GlyphRun, ParagraphOptions, StyledText, TextStyle, set_paragraph};

use crate::common::{parse_file, root};

/// Closing punctuation no Chinese line may start with (CLREQ 3.1.7).
const CLOSING: &str = "，。、；：！？）」』》〉】〕”’…";
/// Opening punctuation no Chinese line may end with.
const OPENING: &str = "（「『《〈【〔“‘";

fn doc(name: &str) -> (brief::model::Brief, Document) {
    let b = parse_file(&root().join("briefs").join(name));
    let d = layout(&b, FontBook::shared());
    (b, d)
}

/// Runs of a line with their left edges.
type Runs<'a> = Vec<(f32, &'a GlyphRun)>;

/// The lines of text of every page: the visible runs at one baseline,
/// from left to right, with their page's index.
fn lines(doc: &Document) -> Vec<(usize, Runs<'_>)> {
    let mut out: Vec<(usize, f32, Runs)> = Vec::new();
    for (n, page) in doc.pages.iter().enumerate() {
        for item in &page.items {
            let Item::Text { origin, run } = item else { continue };
            if run.invisible || dump::run_text(run).trim().is_empty() {
                continue;
            }
            match out.iter_mut().find(|(p, y, _)| *p == n && (*y - origin.y.0).abs() < 0.01) {
                Some((_, _, runs)) => runs.push((origin.x.0, run)),
                None => out.push((n, origin.y.0, vec![(origin.x.0, run)])),
            }
        }
    }
    for (_, _, runs) in &mut out {
        runs.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    out.into_iter().map(|(n, _, runs)| (n, runs)).collect()
}

/// Left and right ends of the line holding `text` (whole, in one run).
fn ends_of(doc: &Document, text: &str) -> Option<(f32, f32, f32)> {
    lines(doc).into_iter().find_map(|(n, runs)| {
        runs.iter().any(|(_, r)| dump::run_text(r).trim() == text).then(|| {
            let left = runs.first().map_or(0.0, |(x, _)| *x);
            let right = runs.iter().map(|(x, r)| x + r.width.0).fold(0.0, f32::max);
            (left, right, doc.pages[n].content.right().0)
        })
    })
}

#[test]
fn arabic_headings_end_at_the_right_margin_and_english_ones_start_at_the_left() {
    let (b, d) = doc("unoct/press-release.ar.toml");
    let mut checked = 0;
    for heading in b.sections.iter().filter_map(|s| s.heading.as_deref()) {
        let (left, right, margin) = ends_of(&d, heading).unwrap_or_else(|| panic!("{heading} not on one line"));
        assert!((right - margin).abs() < 0.5, "{heading}: ends at {right}, the margin is at {margin}");
        assert!(left > d.pages[0].content.x.0 + 20.0, "{heading}: ragged on the left, starts at {left}");
        checked += 1;
    }
    assert!(checked >= 3, "{checked} headings");
    let (b, d) = doc("unoct/press-release.toml");
    let heading = b.sections.iter().find_map(|s| s.heading.as_deref()).expect("a heading");
    let (left, ..) = ends_of(&d, heading).expect("on one line");
    assert!((left - d.pages[0].content.x.0).abs() < 0.5, "{heading} starts at {left}");
}

/// Each figure's value, in the brief's order: its baseline and its left
/// and right edges; and the content column's edges.
fn tiles(name: &str) -> (Vec<(f32, f32, f32)>, f32, f32) {
    let (b, d) = doc(name);
    let page = &d.pages[0];
    let values: Vec<(f32, f32, f32)> = b
        .figures
        .iter()
        .map(|f| {
            page.items
                .iter()
                .find_map(|i| match i {
                    Item::Text { origin, run } if dump::run_text(run).trim() == f.value => {
                        Some((origin.y.0, origin.x.0, origin.x.0 + run.width.0))
                    }
                    _ => None,
                })
                .unwrap_or_else(|| panic!("{name}: value {} not found", f.value))
        })
        .collect();
    assert!(values.len() >= 3, "{name}: {values:?}");
    (values, page.content.x.0, page.content.right().0)
}

#[test]
fn figure_tiles_run_from_the_right_in_arabic() {
    // Along each row of tiles, in the brief's order: leftwards in Arabic,
    // the first tile at the right (its value after a prefix such as
    // "قرابة"); rightwards in English, the first at the left.
    let (ar, left, right) = tiles("unoct/press-release.ar.toml");
    let middle = (left + right) / 2.0;
    let (en, left, right) = tiles("unoct/press-release.toml");
    let en_middle = (left + right) / 2.0;
    for (values, rtl) in [(&ar, true), (&en, false)] {
        for pair in values.windows(2).filter(|w| (w[0].0 - w[1].0).abs() < 0.01) {
            if rtl {
                assert!(pair[0].2 > pair[1].2 + 20.0, "right to left: {values:?}");
            } else {
                assert!(pair[0].1 + 20.0 < pair[1].1, "left to right: {values:?}");
            }
        }
    }
    assert!(ar.windows(2).filter(|w| (w[0].0 - w[1].0).abs() < 0.01).count() >= 2, "{ar:?}");
    assert!(ar[0].1 > middle && ar[1].2 < middle, "first Arabic tile at the right: {ar:?}, middle {middle}");
    assert!(en[0].2 < en_middle && en[1].1 > en_middle, "first English tile at the left: {en:?}, middle {en_middle}");
}

fn style(face: u16, size: f32) -> TextStyle {
    TextStyle { face: FaceId(face), size: Pt(size), color: brief::geom::Color::BLACK, link: None }
}

fn opts(width: f32, language: &str, rtl: bool) -> ParagraphOptions {
    ParagraphOptions {
        width: Pt(width),
        align: Align::Justify,
        language: language.into(),
        hyphenate: true,
        indent: Pt::ZERO,
        balance: false,
        rtl,
    }
}

/// A run's text in reading order.
fn reading(run: &GlyphRun) -> String {
    dump::run_text(run)
}

#[test]
fn latin_numbers_and_addresses_inside_arabic_lines_read_in_order() {
    let book = FontBook::shared();
    let text = "راسلوا gerardl@un.org أو مكتب UNOCT قبل 1,000 يوم من المؤتمر.";
    let spans = [StyledText { text: text.into(), style: style(4, 11.0) }];
    let lines = set_paragraph(book, &spans, &opts(400.0, "ar", true));
    assert_eq!(lines.len(), 1);
    let runs: Vec<&GlyphRun> = lines[0].runs.iter().filter(|r| !r.invisible).collect();
    let x_of = |what: &str| {
        runs.iter().find(|r| reading(r).contains(what)).map(|r| r.x.0).unwrap_or_else(|| {
            panic!("{what} not in one run: {:?}", runs.iter().map(|r| reading(r)).collect::<Vec<_>>())
        })
    };
    // Each Latin stretch is one left-to-right run, its glyphs in order.
    for latin in ["gerardl@un.org", "UNOCT", "1,000"] {
        let run = runs.iter().find(|r| reading(r).contains(latin)).expect("found");
        assert!(!run.rtl, "{latin}");
        assert!(run.glyphs.windows(2).all(|w| w[0].x < w[1].x), "{latin}: glyphs left to right");
    }
    // The line reads from the right: first word rightmost, and each later
    // piece further left.
    let order = [x_of("راسلوا"), x_of("gerardl@un.org"), x_of("UNOCT"), x_of("1,000"), x_of("المؤتمر")];
    assert!(order.windows(2).all(|w| w[0] > w[1]), "{order:?}");
    // A justified Arabic line ends at both margins.
    let right = runs.iter().map(|r| r.x.0 + r.width.0).fold(0.0, f32::max);
    assert!((right - 400.0).abs() < 0.5 || lines[0].ratio == 0.0, "{right}");
}

#[test]
fn no_chinese_line_starts_with_closing_or_ends_with_opening_punctuation() {
    // The press release, and a paragraph dense with punctuation at every
    // measure from 10 to 40 characters.
    let (_, d) = doc("unoct/press-release.zh.toml");
    let mut checked = 0;
    for (_, runs) in lines(&d) {
        let text: String = runs.iter().map(|(_, r)| reading(r)).collect();
        if !text.chars().any(brief::text::segment::is_cjk) {
            continue;
        }
        let first = text.trim().chars().next().expect("a character");
        let last = text.trim().chars().last().expect("a character");
        assert!(!CLOSING.contains(first), "line starts with {first}: {text}");
        assert!(!OPENING.contains(last), "line ends with {last}: {text}");
        checked += 1;
    }
    assert!(checked > 15, "{checked} lines of Chinese");

    let book = FontBook::shared();
    let text = "秘书长说：“我们必须（立即）行动。”他强调，《全球反恐战略》——各国、民间社会、私营部门——都有责任！\
                会议于2021年6月30日闭幕，近 1,000 名与会者出席。“团结”，“合作”，“创新”：这是三个关键词。";
    let spans = [StyledText { text: text.into(), style: style(4, 10.0) }];
    let mut lines_checked = 0;
    for chars in 10..=40 {
        let width = chars as f32 * 10.0;
        let lines = set_paragraph(book, &spans, &opts(width, "zh", false));
        let texts: Vec<String> = lines.iter().map(|l| l.runs.iter().map(reading).collect()).collect();
        for (i, t) in texts.iter().enumerate() {
            let first = t.chars().next().expect("a character");
            let last = t.chars().last().expect("a character");
            assert!(!CLOSING.contains(first), "{chars} characters: line {i} starts with {first}: {texts:?}");
            assert!(!OPENING.contains(last), "{chars} characters: line {i} ends with {last}: {texts:?}");
            assert!(lines[i].width.0 <= width + 0.01, "{chars} characters: line {i} overfull: {texts:?}");
        }
        // Justified: every line but the last fills the measure.
        for l in &lines[..lines.len() - 1] {
            assert!((l.width.0 - width).abs() < 0.05, "{chars} characters: {} of {width}", l.width.0);
        }
        lines_checked += lines.len();
    }
    assert!(lines_checked > 100, "{lines_checked}");
}

#[test]
fn a_chinese_line_ending_in_a_closing_mark_closes_up_its_blank_half_even_before_digits() {
    // "、" before "88" and "，" before "UNOCT": wherever a line ends after
    // one of them, the mark keeps only its inked half, so the ink of the
    // line reaches the margin.
    let book = FontBook::shared();
    let text = "来自各国政府、国际组织、区域组织、88个民间社会组织和学术机构的代表，UNOCT主办了本次会议。";
    let spans = [StyledText { text: text.into(), style: style(4, 10.0) }];
    let mut ended = 0;
    for chars in 6..=30 {
        let width = chars as f32 * 10.0;
        let lines = set_paragraph(book, &spans, &opts(width, "zh", false));
        for l in &lines[..lines.len() - 1] {
            let last = l.runs.iter().flat_map(|r| r.glyphs.iter()).rfind(|g| !g.text.is_empty()).expect("a glyph");
            if "、，".contains(last.text.as_str()) {
                assert!(last.advance.0 < 6.0, "{chars} characters: {:?} keeps {} of 10", last.text, last.advance.0);
                ended += 1;
            }
        }
    }
    assert!(ended > 3, "{ended} lines ended in a mark");
}
