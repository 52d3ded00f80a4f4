//! TEMPORARY stand-in for the text stage API while it is built elsewhere.
#![allow(missing_docs)]
use super::*;
use crate::geom::Pt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align { Left, Right, Center, Justify }

#[derive(Debug, Clone, PartialEq)]
pub struct ParagraphOptions {
    pub width: Pt,
    pub align: Align,
    pub language: String,
    pub hyphenate: bool,
    pub indent: Pt,
    pub balance: bool,
}

fn shape_run(book: &FontBook, s: &StyledText, x: Pt) -> GlyphRun {
    let face = book.face(s.style.face);
    let mut buf = rustybuzz::UnicodeBuffer::new();
    buf.push_str(&s.text);
    let out = rustybuzz::shape(&face.shaper, &[], buf);
    let scale = s.style.size.0 / face.units_per_em;
    let mut glyphs = Vec::new();
    let mut pen = 0.0;
    let infos = out.glyph_infos();
    for (i, (info, pos)) in infos.iter().zip(out.glyph_positions()).enumerate() {
        let start = info.cluster as usize;
        let end = infos.get(i + 1).map_or(s.text.len(), |n| n.cluster as usize);
        let text = if i > 0 && infos[i - 1].cluster == info.cluster { String::new() } else { s.text.get(start..end.max(start)).unwrap_or("").to_string() };
        glyphs.push(PlacedGlyph { id: info.glyph_id as u16, x: Pt(pen + pos.x_offset as f32 * scale), y_offset: Pt(pos.y_offset as f32 * scale), advance: Pt(pos.x_advance as f32 * scale), text });
        pen += pos.x_advance as f32 * scale;
    }
    GlyphRun { face: s.style.face, size: s.style.size, color: s.style.color, x, width: Pt(pen), glyphs, link: s.style.link.clone() }
}

pub fn measure(book: &FontBook, text: &str, style: &TextStyle) -> Pt {
    shape_run(book, &StyledText { text: text.to_string(), style: style.clone() }, Pt(0.0)).width
}

pub fn set_line(book: &FontBook, spans: &[StyledText]) -> Line {
    let mut x = Pt(0.0);
    let mut runs = Vec::new();
    let (mut asc, mut desc) = (Pt(0.0), Pt(0.0));
    for s in spans {
        let r = shape_run(book, s, x);
        x += r.width;
        let f = book.face(s.style.face);
        asc = asc.max(s.style.size * f.ascender);
        desc = desc.max(s.style.size * f.descender);
        runs.push(r);
    }
    Line { runs, width: x, ascent: asc, descent: desc, hyphenated: false, ratio: 0.0, overfull: false }
}

pub fn set_paragraph(book: &FontBook, spans: &[StyledText], opts: &ParagraphOptions) -> Vec<Line> {
    // words with their styles, greedy
    let mut words: Vec<Vec<StyledText>> = vec![vec![]];
    for s in spans {
        for (i, w) in s.text.split(' ').enumerate() {
            if i > 0 { words.push(vec![]); }
            if !w.is_empty() { words.last_mut().unwrap().push(StyledText { text: w.to_string(), style: s.style.clone() }); }
        }
    }
    words.retain(|w| !w.is_empty());
    let mut lines = Vec::new();
    let mut cur: Vec<StyledText> = Vec::new();
    for w in words {
        let mut trial = cur.clone();
        if !trial.is_empty() { let st = w[0].style.clone(); trial.push(StyledText { text: " ".into(), style: st }); }
        trial.extend(w.iter().cloned());
        if !cur.is_empty() && set_line(book, &trial).width > opts.width { lines.push(set_line(book, &cur)); cur = w; } else { cur = trial; }
    }
    if !cur.is_empty() { lines.push(set_line(book, &cur)); }
    for l in &mut lines {
        let shift = match opts.align { Align::Right => opts.width - l.width, Align::Center => (opts.width - l.width) / 2.0, _ => Pt(0.0) };
        for r in &mut l.runs { r.x += shift; }
    }
    lines
}
