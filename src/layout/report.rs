//! The layout-quality report: for every justified paragraph, the adjustment
//! ratio of each line, its widest word space against the font's own, the
//! hyphenated and overfull lines, and whether a page break left a widow or
//! an orphan. `brief build --report` prints it; the tests assert on it.

use std::fmt::Write;

use crate::text::{FontBook, Line, TextStyle, measure};

use super::flow::{Block, Flowed, Keep};

/// One set line of a justified paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct LineStat {
    /// Adjustment ratio (0 natural, 1 all stretch used, < 0 shrunk).
    pub ratio: f32,
    /// The widest word space on the line divided by the font's space.
    pub space: f32,
    /// Ends with an inserted hyphen.
    pub hyphenated: bool,
    /// Wider than the measure.
    pub overfull: bool,
}

/// What the report says about one justified paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct ParagraphStat {
    /// Its first words, to find it.
    pub start: String,
    /// Page of its first line (1-based).
    pub page: usize,
    /// Its lines.
    pub lines: Vec<LineStat>,
    /// A page break leaves its last line alone at the top of a page.
    pub widow: bool,
    /// A page break leaves its first line alone at the foot of a page.
    pub orphan: bool,
}

/// The report of a laid-out brief.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    /// Every justified paragraph, in order.
    pub paragraphs: Vec<ParagraphStat>,
}

impl LineStat {
    /// The statistics of a set line.
    pub fn of(book: &FontBook, line: &Line) -> LineStat {
        let mut space: f32 = 0.0;
        for run in &line.runs {
            let style = TextStyle { face: run.face, size: run.size, color: run.color, link: None };
            let natural = measure(book, " ", &style);
            if natural.0 <= 0.0 {
                continue;
            }
            for g in run.glyphs.iter().filter(|g| g.text == " ") {
                space = space.max(g.advance.0 / natural.0);
            }
        }
        LineStat { ratio: line.ratio, space, hyphenated: line.hyphenated, overfull: line.overfull }
    }
}

/// Collects the report from the flowed blocks.
pub fn collect(blocks: &[Block], flowed: &Flowed) -> Report {
    let mut report = Report::default();
    for (i, block) in blocks.iter().enumerate() {
        let Some(stat) = &block.stat else { continue };
        // Pieces of this block on each page it touches.
        let per_page: Vec<(usize, usize)> = flowed
            .placed
            .iter()
            .enumerate()
            .map(|(p, placed)| (p + 1, placed.iter().filter(|x| x.block == i).count()))
            .filter(|&(_, n)| n > 0)
            .collect();
        let mut stat = stat.clone();
        stat.page = per_page.first().map_or(0, |&(p, _)| p);
        if per_page.len() > 1 && matches!(block.keep, Keep::Lines { .. }) {
            stat.orphan = per_page.first().is_some_and(|&(_, n)| n == 1);
            stat.widow = per_page.last().is_some_and(|&(_, n)| n == 1);
        }
        report.paragraphs.push(stat);
    }
    report
}

impl Report {
    /// Lines of justified paragraphs, excluding each paragraph's last line
    /// (set at its natural width).
    pub fn justified_lines(&self) -> impl Iterator<Item = &LineStat> {
        self.paragraphs.iter().flat_map(|p| p.lines.iter().take(p.lines.len().saturating_sub(1)))
    }

    /// Lines whose word spaces stretch by more than half their stretch
    /// (TeX's "loose" and "very loose" classes).
    pub fn loose_lines(&self) -> usize {
        self.justified_lines().filter(|l| l.ratio > 0.5).count()
    }

    /// Widows, orphans and overfull lines: each one a defect.
    pub fn defects(&self) -> usize {
        self.paragraphs
            .iter()
            .map(|p| usize::from(p.widow) + usize::from(p.orphan) + p.lines.iter().filter(|l| l.overfull).count())
            .sum()
    }

    /// The report as text, one paragraph a block.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let lines: Vec<&LineStat> = self.justified_lines().collect();
        let hyphenated = self.paragraphs.iter().flat_map(|p| &p.lines).filter(|l| l.hyphenated).count();
        let widest = lines.iter().map(|l| l.space).fold(0.0, f32::max);
        let _ = writeln!(
            out,
            "{} justified paragraphs, {} lines: {} loose (ratio > 0.5), {} hyphenated, widest space {:.2}× the font's, {} widows/orphans/overfull",
            self.paragraphs.len(),
            self.paragraphs.iter().map(|p| p.lines.len()).sum::<usize>(),
            self.loose_lines(),
            hyphenated,
            widest,
            self.defects()
        );
        for p in &self.paragraphs {
            let _ = writeln!(out, "\np{} “{}…”", p.page, p.start);
            for (i, l) in p.lines.iter().enumerate() {
                let mut flags = String::new();
                if l.hyphenated {
                    flags.push_str(" hyphen");
                }
                if l.overfull {
                    flags.push_str(" OVERFULL");
                }
                if i + 1 == p.lines.len() {
                    flags.push_str(" last");
                }
                let _ = writeln!(out, "  {:>2} ratio {:>6.3} space {:.2}×{}", i + 1, l.ratio, l.space, flags);
            }
            if p.widow {
                let _ = writeln!(out, "  WIDOW");
            }
            if p.orphan {
                let _ = writeln!(out, "  ORPHAN");
            }
        }
        out
    }
}

/// The first few words of a paragraph's lines.
pub fn start_of(lines: &[Line]) -> String {
    let text: String = lines
        .first()
        .map(|l| l.runs.iter().flat_map(|r| r.glyphs.iter()).map(|g| g.text.as_str()).collect())
        .unwrap_or_default();
    text.split_whitespace().take(6).collect::<Vec<_>>().join(" ")
}
