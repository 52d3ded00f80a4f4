//! Layout invariants on every example brief and on generated hard cases:
//! every item inside the page's margins, no two lines of text overlapping,
//! nothing lost; plus a text snapshot of the press release's layout.

use brief::geom::{Pt, Rect};
use brief::layout::{Document, Item, Tag, dump, layout};
use brief::model::{Block, Brief, Inline};
use brief::text::FontBook;

use crate::common::{example_briefs, parse_file, parse_source, root};

/// Least distance of any text from the paper's edge.
const EDGE: f32 = 18.0;

/// The ink box of a run of text (see the layout's line model).
fn text_box(origin: brief::geom::Point, run: &brief::text::GlyphRun) -> Rect {
    Rect::new(origin.x, origin.y - run.size * 0.9, run.width, run.size * 1.15)
}

/// Checks the invariants; returns a description of every violation.
pub fn violations(doc: &Document) -> Vec<String> {
    let mut bad = Vec::new();
    for (n, page) in doc.pages.iter().enumerate() {
        let n = n + 1;
        let paper = Rect::new(Pt(EDGE), Pt(EDGE), page.size.width - Pt(2.0 * EDGE), page.size.height - Pt(2.0 * EDGE));
        let measure = Rect::new(page.content.x, Pt(EDGE), page.content.width, page.size.height - Pt(2.0 * EDGE));
        let mut boxes: Vec<(Rect, String)> = Vec::new();
        // Open tags: every drawing is inside one (content or artifact).
        let mut depth = 0usize;
        for item in &page.items {
            let drawing =
                matches!(item, Item::Text { .. } | Item::Fill { .. } | Item::Rule { .. } | Item::Image { .. });
            if drawing && depth == 0 {
                bad.push(format!("p{n}: {item:?} is neither tagged content nor an artifact"));
            }
            match item {
                Item::Begin(tag) => {
                    depth += 1;
                    if let Tag::Content(id) = tag
                        && *id >= doc.structure.len()
                    {
                        bad.push(format!("p{n}: content of element {id}, which does not exist"));
                    }
                }
                Item::End => match depth.checked_sub(1) {
                    Some(d) => depth = d,
                    None => bad.push(format!("p{n}: a tag closed that was never opened")),
                },
                Item::Text { origin, run } => {
                    let b = text_box(*origin, run);
                    let text = dump::run_text(run);
                    if !measure.contains(&b, 0.05) || !paper.contains(&b, 0.05) {
                        bad.push(format!("p{n}: text {text:?} at {b:?} leaves the margins"));
                    }
                    if text.trim().is_empty() {
                        continue;
                    }
                    boxes.push((b, text));
                }
                Item::Link { rect, uri } if !paper.contains(rect, 0.05) => {
                    bad.push(format!("p{n}: link {uri} at {rect:?} leaves the page"));
                }
                Item::Image { rect, .. } | Item::Fill { rect, .. } => {
                    let page_rect = Rect::new(Pt::ZERO, Pt::ZERO, page.size.width, page.size.height);
                    if !page_rect.contains(rect, 0.05) {
                        bad.push(format!("p{n}: box at {rect:?} leaves the paper"));
                    }
                }
                Item::Rule { from, to, .. } => {
                    for p in [from, to] {
                        if p.x.0 < page.content.x.0 - 0.05
                            || p.x.0 > page.content.right().0 + 0.05
                            || p.y.0 < EDGE
                            || p.y.0 > page.size.height.0 - EDGE
                        {
                            bad.push(format!("p{n}: rule end {p:?} leaves the margins"));
                        }
                    }
                }
                Item::Link { .. } | Item::Anchor { .. } => {}
            }
        }
        if depth != 0 {
            bad.push(format!("p{n}: {depth} tags left open at the end of the page"));
        }
        boxes.sort_by(|a, b| a.0.y.0.total_cmp(&b.0.y.0));
        for i in 0..boxes.len() {
            for j in i + 1..boxes.len() {
                if boxes[j].0.y.0 > boxes[i].0.bottom().0 {
                    break;
                }
                if boxes[i].0.overlaps(&boxes[j].0, 0.3) {
                    bad.push(format!("p{n}: {:?} overlaps {:?}", boxes[i].1, boxes[j].1));
                }
            }
        }
    }
    for (i, e) in doc.structure.iter().enumerate() {
        if e.parent.is_some_and(|p| p >= i) {
            bad.push(format!("element {i} ({}) belongs to a later element", e.role.name()));
        }
    }
    bad
}

/// Every word of the brief's own text, in order.
fn brief_words(b: &Brief) -> Vec<String> {
    // A footnote mark is set in superior figures.
    let inline = |i: &Inline| {
        i.0.iter()
            .map(|s| match s.note {
                Some(n) => superscript(n),
                None => s.text.clone(),
            })
            .collect::<String>()
    };
    let mut parts = vec![b.title.clone()];
    parts.extend(b.subtitle.clone());
    parts.extend(b.summary.as_ref().map(inline));
    if let Some(e) = &b.event {
        parts.extend([&e.venue, &e.address, &e.online].into_iter().flatten().cloned());
        parts.extend(e.accreditation.as_ref().map(inline));
    }
    for f in &b.figures {
        parts.extend([f.value.clone(), f.label.clone()]);
        parts.extend(f.note.clone());
    }
    fn blocks(content: &[Block], inline: &dyn Fn(&Inline) -> String, parts: &mut Vec<String>) {
        for block in content {
            match block {
                Block::Paragraph(p) | Block::Heading(p) => parts.push(inline(p)),
                Block::List(l) => parts.extend(l.items.iter().map(|i| inline(&i.text))),
                Block::Quote(inner) => blocks(inner, inline, parts),
                Block::Code(lines) => parts.extend(lines.iter().cloned()),
                Block::Table(t) => parts.extend(t.head.iter().chain(t.rows.iter().flatten()).map(inline)),
                Block::Picture(p) => parts.extend(p.caption.clone()),
                Block::Rule => {}
            }
        }
    }
    for s in &b.sections {
        parts.extend(s.heading.clone());
        blocks(&s.blocks, &inline, &mut parts);
    }
    for n in &b.notes {
        parts.push(n.number.to_string());
        parts.extend(n.text.iter().map(inline));
    }
    for q in &b.quotes {
        parts.push(inline(&q.text));
        parts.extend(q.by.clone());
    }
    if let Some(c) = &b.contact {
        parts.push(c.heading.clone());
        parts.extend(c.persons.iter().map(|p| p.name.clone()));
        parts.extend(c.persons.iter().filter_map(|p| p.email.clone()));
    }
    // A Chinese line may end between any two characters: each is a word.
    let words = |w: &str| -> Vec<String> {
        if w.chars().any(brief::text::segment::is_cjk) {
            w.chars().filter(|c| brief::text::segment::is_cjk(*c)).map(String::from).collect()
        } else {
            vec![squash(w)]
        }
    };
    parts.iter().flat_map(|p| p.split_whitespace().flat_map(words)).filter(|w| !w.is_empty()).collect()
}

/// `n` in superior figures, as footnote marks are set.
fn superscript(n: usize) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    n.to_string().chars().filter_map(|d| d.to_digit(10).map(|d| DIGITS[d as usize])).collect()
}

/// A word without hyphens and spaces, so that words broken across lines
/// still match.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && *c != '-' && *c != '\u{2010}' && *c != '\u{ad}').collect()
}

/// Words of the brief missing from the layout. The runs of a line holding
/// right-to-left text are read from the right.
pub fn lost_words(b: &Brief, doc: &Document) -> Vec<String> {
    let mut lines: Vec<(f32, Vec<&brief::text::GlyphRun>)> = Vec::new();
    for item in doc.pages.iter().flat_map(|p| p.items.iter()) {
        let Item::Text { origin, run } = item else { continue };
        match lines.last_mut() {
            Some((y, runs)) if (*y - origin.y.0).abs() < 0.01 => runs.push(run),
            _ => lines.push((origin.y.0, vec![run])),
        }
    }
    let hay: String = lines
        .into_iter()
        .flat_map(|(_, mut runs)| {
            if runs.iter().any(|r| r.rtl) {
                runs.reverse();
            }
            runs.into_iter().map(|r| squash(&dump::run_text(r)))
        })
        .collect();
    brief_words(b).into_iter().filter(|w| !hay.contains(w.as_str())).collect()
}

pub fn check(name: &str, b: &Brief) -> Document {
    let doc = layout(b, FontBook::shared());
    let bad = violations(&doc);
    assert!(bad.is_empty(), "{name}: {} violations:\n{}", bad.len(), bad.join("\n"));
    let lost = lost_words(b, &doc);
    assert!(lost.is_empty(), "{name}: words lost: {lost:?}");
    doc
}

#[test]
fn example_briefs_keep_every_item_inside_the_margins_without_overlap() {
    for path in example_briefs() {
        let b = parse_file(&path);
        let doc = check(&path.display().to_string(), &b);
        assert!(!doc.pages.is_empty());
    }
}

#[test]
fn the_briefing_note_runs_to_several_pages_with_header_and_footer() {
    let b = parse_file(&root().join("briefs/who/briefing-note.toml"));
    let doc = check("briefing-note", &b);
    assert!(doc.pages.len() >= 2, "multi-page example has {} pages", doc.pages.len());
    let n = doc.pages.len();
    for (i, page) in doc.pages.iter().enumerate() {
        let texts: Vec<String> = page
            .items
            .iter()
            .filter_map(|it| if let Item::Text { run, .. } = it { Some(dump::run_text(run)) } else { None })
            .collect();
        let all = texts.join(" ");
        assert!(all.contains(&format!("Page {} of {n}", i + 1)), "page {} footer: {all}", i + 1);
        if i > 0 {
            assert!(all.contains("WHO/RS/BN/2026/4"), "running header on page {}", i + 1);
        }
    }
}

/// A small deterministic generator for hard cases (xorshift).
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn word(&mut self) -> String {
        const WORDS: &[&str] = &[
            "the",
            "Conference",
            "counter-terrorism",
            "António",
            "“resolute”",
            "Member",
            "States",
            "participants",
            "international",
            "responsibility",
            "underdevelopment",
            "Организация",
            "Объединённых",
            "Наций",
            "1,000",
            "30 %",
            "e-mail",
            "sécurité",
            "développement",
            "niños",
            "über",
            "–",
            "of",
            "and",
            "a",
            "https://www.un.org/counterterrorism/2021-counter-terrorism-week",
            "gerardl@un.org",
        ];
        if self.below(60) == 0 {
            // An unbreakable string longer than any measure.
            return "Pneumonoultramicroscopicsilicovolcanoconiosis".repeat(1 + self.below(4) as usize);
        }
        WORDS[self.below(WORDS.len() as u64) as usize].to_string()
    }
    /// `big` once in `one_in` draws, `small` otherwise.
    fn pick(&mut self, one_in: u64, big: u64, small: u64) -> u64 {
        if self.below(one_in) == 0 { big } else { small }
    }
    fn text(&mut self, words: u64) -> String {
        let n = 1 + self.below(words);
        (0..n).map(|_| self.word()).collect::<Vec<_>>().join(" ")
    }
}

fn toml_str(s: &str) -> String {
    format!("{s:?}")
}

/// A random but valid brief.
pub fn hard_case(seed: u64) -> String {
    let mut g = Gen(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let pages = ["A4", "Letter", "A5", "Legal"];
    let mut s = String::new();
    s += "[brief]\n";
    s += &format!(
        "title = {}\n",
        toml_str(&{
            let n = g.pick(5, 30, 14);
            g.text(n)
        })
    );
    s += "date = 2021-06-30\n";
    s += &format!(
        "organization = {}\n",
        toml_str(&{
            let n = g.pick(6, 25, 6);
            g.text(n)
        })
    );
    s += &format!("symbol = {}\n", toml_str(&g.text(3)));
    s += &format!("kind = {}\n", toml_str(&g.text(3)));
    s += &format!("place = {}\n", toml_str(&g.text(2)));
    if g.below(2) == 0 {
        s += &format!("subtitle = {}\n", toml_str(&g.text(20)));
    }
    if g.below(2) == 0 {
        s += &format!("notice = {}\n", toml_str(&g.text(12)));
    }
    if g.below(2) == 0 {
        s += "embargo = 2021-06-30T12:00:00-04:00\n";
    }
    s += &format!("summary = {}\n", toml_str(&g.text(90)));
    for _ in 0..g.below(12) {
        s += "[[figure]]\n";
        match g.below(3) {
            0 => s += &format!("value = {}\n", g.below(10_000_000)),
            1 => s += &format!("value = {}.{}\n", g.below(1000), g.below(100)),
            _ => s += &format!("value = {}\n", toml_str(&g.text(4))),
        }
        s += &format!(
            "label = {}\n",
            toml_str(&{
                let n = g.pick(8, 30, 8);
                g.text(n)
            })
        );
        if g.below(3) == 0 {
            s += &format!(
                "prefix = {}\nsuffix = {}\nnote = {}\n",
                toml_str(&g.text(2)),
                toml_str(&g.text(2)),
                toml_str(&g.text(10))
            );
        }
    }
    let sections = g.below(14);
    for _ in 0..sections {
        s += "[[section]]\n";
        if g.below(4) != 0 {
            s += &format!("heading = {}\n", toml_str(&g.text(12)));
        }
        let mut text = String::new();
        for _ in 0..1 + g.below(4) {
            if g.below(4) == 0 {
                for i in 0..1 + g.below(6) {
                    text += &format!("{}. {}\n", i + 1, g.text(30));
                }
            } else {
                text += &g.text(160);
            }
            text += "\n\n";
        }
        s += &format!("text = {}\n", toml_str(&text));
    }
    for _ in 0..g.below(4) {
        s += &format!(
            "[[quote]]\ntext = {}\nby = {}\nrole = {}\n",
            toml_str(&{
                let n = g.pick(10, 700, 40);
                g.text(n)
            }),
            toml_str(&g.text(3)),
            toml_str(&g.text(8))
        );
    }
    s += "[contact]\n";
    s += "web = \"https://www.un.org/counterterrorism/2021-counter-terrorism-week/a/very/long/path/that/goes/on/and/on/for/ever\"\n";
    s += "social = [\"@UN_OCT\", \"#CTWeek\"]\n";
    for _ in 0..g.below(8) {
        s += &format!(
            "[[contact.person]]\nname = {}\nemail = \"someone@un.org\"\nphone = \"+1 212 963 1234\"\n",
            toml_str(&{
                let n = g.pick(6, 30, 3);
                g.text(n)
            })
        );
        if g.below(2) == 0 {
            s += &format!("role = {}\n", toml_str(&g.text(10)));
        }
    }
    s += &format!(
        "[style]\npage = \"{}\"\nfont = \"{}\"\naccent = \"#{:06x}\"\n",
        pages[g.below(4) as usize],
        if g.below(2) == 0 { "sans" } else { "serif" },
        g.below(0xFFFFFF)
    );
    s
}

#[test]
fn generated_hard_cases_keep_every_item_inside_the_margins_without_overlap() {
    let dir = tempfile::tempdir().expect("tempdir");
    for seed in 1..=40 {
        let src = hard_case(seed);
        let b = parse_source(src.as_bytes(), dir.path(), &format!("hard-case-{seed}.toml"));
        check(&format!("hard case {seed}:\n{src}"), &b);
    }
}

#[test]
fn press_release_layout_snapshot() {
    let b = parse_file(&root().join("briefs/unoct/press-release.toml"));
    let doc = layout(&b, FontBook::shared());
    insta::assert_snapshot!("press-release-layout", dump::dump(&doc, FontBook::shared()));
}

#[test]
fn example_briefs_have_no_overfull_lines_widows_orphans_or_wide_spaces() {
    for path in example_briefs() {
        let b = parse_file(&path);
        let (_, report) = brief::layout::layout_with_report(&b, FontBook::shared());
        assert!(!report.paragraphs.is_empty(), "{}: justified paragraphs are reported", path.display());
        assert_eq!(report.defects(), 0, "{}:\n{}", path.display(), report.render());
        for line in report.justified_lines() {
            assert!(
                line.space <= 2.0,
                "{}: a word space of {:.2}× the font's:\n{}",
                path.display(),
                line.space,
                report.render()
            );
        }
    }
}

#[test]
fn a_long_multi_page_brief_is_set_without_defects() {
    // The briefing note's body six times over: about a dozen pages.
    let path = root().join("briefs/who/briefing-note.toml");
    let src = std::fs::read_to_string(&path).expect("readable");
    let start = src.find("[[section]]").expect("sections");
    let end = src.find("[contact]").expect("contact");
    let long = format!("{}{}{}", &src[..start], src[start..end].repeat(6), &src[end..]);
    let b = parse_source(long.as_bytes(), path.parent().expect("dir"), "long.toml");
    let doc = check("long brief", &b);
    assert!(doc.pages.len() >= 8, "{} pages", doc.pages.len());
    let (_, report) = brief::layout::layout_with_report(&b, FontBook::shared());
    assert_eq!(report.defects(), 0, "{}", report.render());
    assert!(report.justified_lines().all(|l| l.space <= 2.0), "{}", report.render());
}

/// The contact block's QR code on the page: its square link to `web`.
fn qr_square(doc: &Document, web: &str) -> Option<(usize, Rect)> {
    doc.pages.iter().enumerate().find_map(|(n, page)| {
        page.items.iter().find_map(|it| match it {
            Item::Link { rect, uri } if &**uri == web && (rect.width.0 - rect.height.0).abs() < 0.01 => {
                Some((n, *rect))
            }
            _ => None,
        })
    })
}

#[test]
fn the_qr_code_keeps_its_quiet_zone_clear_and_can_be_turned_off() {
    let path = crate::common::whole_press_release();
    let b = parse_file(&path);
    let web = b.contact.as_ref().and_then(|c| c.web.clone()).expect("the example has a web address");
    let code = b.contact.as_ref().and_then(|c| c.qr.clone()).expect("a code by default");
    let doc = check("press release", &b);
    let (n, square) = qr_square(&doc, &web).expect("a square link over the code");
    let page = &doc.pages[n];
    // Printed large enough to scan: modules of at least 1.4 pt (0.5 mm).
    assert!(square.width.0 / code.width as f32 >= 1.4, "{square:?} for {} modules", code.width);
    assert!((square.right().0 - page.content.right().0).abs() < 0.01, "flush with the measure");
    // Dark modules drawn inside the square, none outside it.
    let fills: Vec<Rect> = page
        .items
        .iter()
        .filter_map(|it| match it {
            Item::Fill { rect, .. } if square.overlaps(rect, 0.0) => Some(*rect),
            _ => None,
        })
        .collect();
    assert!(fills.len() > code.width, "{} fills", fills.len());
    assert!(fills.iter().all(|f| square.contains(f, 0.01)));
    // The quiet zone (four modules) holds no text.
    let quiet = 4.0 * square.width.0 / code.width as f32;
    let zone = Rect::new(
        square.x - Pt(quiet),
        square.y - Pt(quiet),
        square.width + Pt(2.0 * quiet),
        square.height + Pt(2.0 * quiet),
    );
    for it in &page.items {
        if let Item::Text { origin, run } = it {
            let text = dump::run_text(run);
            assert!(!zone.overlaps(&text_box(*origin, run), 0.0), "{text:?} in the quiet zone");
        }
    }

    // `qr = false` under `[style]` turns it off.
    let source = std::fs::read_to_string(&path).expect("read").replacen("[style]\n", "[style]\nqr = false\n", 1);
    let b = parse_source(source.as_bytes(), &root().join("tests/good"), "no-qr.toml");
    assert!(b.contact.as_ref().is_some_and(|c| c.qr.is_none()));
    let doc = check("press release without code", &b);
    assert!(qr_square(&doc, &web).is_none());
}

/// The texts of the running header on a page after the first: the title
/// (or what is kept of it) and the symbol.
fn header_texts(doc: &Document) -> Vec<String> {
    let page = doc.pages.get(1).expect("a second page");
    page.items
        .iter()
        .filter_map(|it| match it {
            Item::Text { origin, run } if origin.y.0 < 60.0 => Some(dump::run_text(run)),
            _ => None,
        })
        .collect()
}

#[test]
fn the_running_header_cuts_a_long_title_after_a_word_or_leaves_it_out() {
    for path in example_briefs() {
        let b = parse_file(&path);
        let doc = layout(&b, FontBook::shared());
        if doc.pages.len() < 2 {
            continue;
        }
        let texts = header_texts(&doc);
        let symbol = b.symbol.clone().unwrap_or_default();
        assert!(texts.contains(&symbol), "{}: {texts:?}", path.display());
        // Every word of the header is a whole word of the title (a line of
        // Arabic is in pieces, in visual order).
        let words: Vec<&str> = b.title.split_whitespace().collect();
        let shown: Vec<String> = texts
            .iter()
            .filter(|t| **t != symbol)
            .flat_map(|t| t.split_whitespace().map(|w| w.trim_matches(['…', '\u{200f}']).to_string()))
            .filter(|w| !w.is_empty())
            .collect();
        assert!(!shown.is_empty(), "{}: no title in {texts:?}", path.display());
        for w in &shown {
            assert!(
                words.contains(&w.as_str()),
                "{}: {w:?} is cut from a word of the title: {texts:?}",
                path.display()
            );
        }
        let cut = texts.iter().any(|t| t.contains('…'));
        assert_eq!(cut, shown.len() < words.len(), "{}: {texts:?}", path.display());
    }
    // A title whose first words alone would fill the room says less than
    // the symbol alone.
    let source = std::fs::read_to_string(root().join("briefs/who/briefing-note.toml")).expect("the briefing note");
    let long = "Pneumonoultramicroscopicsilicovolcanoconiosis".repeat(3);
    let source = source.replace(
        "title = \"Halving road traffic deaths by 2030: where the Decade of Action stands\"",
        &format!("title = \"{long} and other long words of the Decade of Action\""),
    );
    assert!(source.contains(&long));
    let b = parse_source(source.as_bytes(), &root().join("briefs/who"), "long-title.toml");
    let texts = header_texts(&layout(&b, FontBook::shared()));
    assert_eq!(texts, ["WHO/RS/BN/2026/4"]);
}
