//! Page breaking: blocks of pieces in, pages of positioned items out.
//!
//! A block is a vertical stack of pieces (lines, tile rows, rule strips);
//! a piece is never split. Blocks carry a keep rule: paragraphs keep at
//! least `orphans` lines at the foot of a page and `widows` at the head of
//! the next; headings stay with the first lines of what follows; quotes,
//! figure rows and the contact block stay together unless they are taller
//! than a whole page.

use crate::geom::{Point, Pt};

use super::frame::Item;

/// A piece of a block: items positioned relative to the piece's top-left
/// corner (x is absolute on the page).
#[derive(Debug, Clone, Default)]
pub struct Piece {
    /// Height the piece occupies.
    pub height: Pt,
    /// Items, with `y` measured from the piece's top.
    pub items: Vec<Item>,
    /// The piece is a line ending in an inserted hyphen: a page should not
    /// end with it.
    pub hyphenated: bool,
    /// The footnotes referenced in the piece (indexes into the notes
    /// given to [`flow`]): they are set at the foot of its page.
    pub notes: Vec<usize>,
}

impl Piece {
    /// Adds `dy` of space above the piece's items.
    pub fn space_above(&mut self, dy: Pt) {
        self.height += dy;
        for item in &mut self.items {
            *item = moved(std::mem::replace(item, Item::End), Pt::ZERO, dy);
        }
    }
}

/// How a block may be split across pages.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Keep {
    /// Split between pieces, leaving at least `orphans` pieces at the foot
    /// of a page and `widows` at the head of the next.
    Lines {
        /// Minimum pieces before a break.
        orphans: usize,
        /// Minimum pieces after a break.
        widows: usize,
    },
    /// Never split (unless taller than a page).
    Together,
    /// Never split, and keep on the page of the next block's first
    /// `lines` pieces.
    WithNext {
        /// Pieces of the next block that must follow on the same page.
        lines: usize,
    },
}

/// A block to flow.
#[derive(Debug, Clone)]
pub struct Block {
    /// The pieces, top to bottom.
    pub pieces: Vec<Piece>,
    /// Space above, collapsed with the previous block's `space_after`
    /// and dropped at the top of a page.
    pub space_before: Pt,
    /// Space below.
    pub space_after: Pt,
    /// Split rule.
    pub keep: Keep,
    /// Body text: its first line starts on the baseline grid, so that body
    /// lines share baselines from page to page.
    pub on_grid: bool,
    /// For a justified paragraph, its line statistics (the quality report).
    pub stat: Option<super::report::ParagraphStat>,
    /// Set again at the top of every page the block continues on (a
    /// table's header row).
    pub repeat: Option<Piece>,
}

impl Block {
    /// A block of pieces off the baseline grid.
    pub fn new(pieces: Vec<Piece>, space_before: Pt, space_after: Pt, keep: Keep) -> Block {
        Block { pieces, space_before, space_after, keep, on_grid: false, stat: None, repeat: None }
    }

    /// Height of the pieces from `from` on.
    fn height(&self, from: usize) -> Pt {
        self.pieces.iter().skip(from).map(|p| p.height).sum()
    }

    /// Height of `n` pieces from `from` on.
    fn head(&self, from: usize, n: usize) -> Pt {
        self.pieces.iter().skip(from).take(n).map(|p| p.height).sum()
    }

    /// The least height that must fit for the block's pieces from `from`
    /// on to start on this page.
    fn min_start(&self, from: usize, next: Option<&Block>) -> Pt {
        match self.keep {
            Keep::Together => self.height(from),
            Keep::Lines { orphans, widows } => {
                let n = self.pieces.len().saturating_sub(from);
                if n < orphans + widows { self.height(from) } else { self.head(from, orphans) }
            }
            Keep::WithNext { lines } => {
                let follow = next.map_or(Pt::ZERO, |b| {
                    let gap = b.space_before.max(self.space_after);
                    let body = match b.keep {
                        Keep::Lines { widows, .. } => {
                            let n = b.pieces.len();
                            let need = lines.max(widows);
                            if n <= need + widows { b.height(0) } else { b.head(0, need) }
                        }
                        _ => b.min_start(0, None),
                    };
                    gap + body
                });
                self.height(from) + follow
            }
        }
    }
}

/// Vertical extent of the flow area on a page.
#[derive(Debug, Clone, Copy)]
pub struct Area {
    /// Top of the flow area.
    pub top: Pt,
    /// Bottom limit of the flow area.
    pub bottom: Pt,
}

/// The baseline grid: lines of body text start at `origin + k × unit`.
#[derive(Debug, Clone, Copy)]
pub struct Grid {
    /// Where the grid starts on every page.
    pub origin: Pt,
    /// The body leading.
    pub unit: Pt,
}

impl Grid {
    /// The first grid position at or below `y`.
    fn snap(&self, y: Pt) -> Pt {
        if self.unit.0 <= 0.0 {
            return y;
        }
        let k = ((y - self.origin).0 / self.unit.0 - 0.001).ceil().max(0.0);
        self.origin + self.unit * k
    }
}

/// Where one piece of a block went.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    /// Index of the block.
    pub block: usize,
    /// Index of the piece within its block; [`REPEAT`] for a copy of the
    /// block's repeated piece.
    pub piece: usize,
    /// The piece's top on its page.
    pub y: Pt,
}

/// The piece index of a block's repeated piece (a table's header row set
/// again on a continuation page).
pub const REPEAT: usize = usize::MAX;

/// The footnotes to flow: each note's lines, and the space above the
/// first note of a page, where the short rule is drawn.
#[derive(Debug, Clone, Default)]
pub struct Notes {
    /// Each note's lines, top to bottom.
    pub lines: Vec<Vec<Piece>>,
    /// Space between the text and the first note of a page.
    pub gap: Pt,
}

impl Notes {
    fn height(&self, note: usize, line: usize) -> Pt {
        self.lines.get(note).and_then(|l| l.get(line)).map_or(Pt::ZERO, |p| p.height)
    }
}

/// Flowed pages: which pieces each holds, and where.
#[derive(Debug, Clone, Default)]
pub struct Flowed {
    /// Each page's pieces, in order.
    pub placed: Vec<Vec<Placed>>,
    /// Each page's footnote lines (note, line), top to bottom.
    pub foot: Vec<Vec<(usize, usize)>>,
}

impl Flowed {
    /// Each page's items: the blocks' pieces moved into place. (The pages
    /// are made once, from the pass that was kept, and the items moved,
    /// not copied.)
    pub fn pages(
        &self,
        blocks: Vec<Block>,
        notes: Notes,
        bottom: Pt,
        rule: impl Fn(Pt) -> Vec<Item>,
    ) -> Vec<Vec<Item>> {
        let repeats: Vec<Option<Piece>> = blocks.iter().map(|b| b.repeat.clone()).collect();
        let mut pieces: Vec<Vec<Option<Piece>>> =
            blocks.into_iter().map(|b| b.pieces.into_iter().map(Some).collect()).collect();
        let mut lines: Vec<Vec<Option<Piece>>> =
            notes.lines.into_iter().map(|n| n.into_iter().map(Some).collect()).collect();
        self.placed
            .iter()
            .enumerate()
            .map(|(page, placed)| {
                let count = placed
                    .iter()
                    .filter_map(|p| pieces.get(p.block).and_then(|b| b.get(p.piece)).and_then(Option::as_ref))
                    .map(|piece| piece.items.len())
                    .sum();
                let mut items = Vec::with_capacity(count);
                for p in placed {
                    let piece = if p.piece == REPEAT {
                        repeats.get(p.block).cloned().flatten()
                    } else {
                        pieces.get_mut(p.block).and_then(|b| b.get_mut(p.piece)).and_then(Option::take)
                    };
                    if let Some(piece) = piece {
                        items.extend(piece.items.into_iter().map(|it| moved(it, Pt::ZERO, p.y)));
                    }
                }
                // The footnotes stand on the foot of the text area, under
                // their rule.
                let foot = self.foot.get(page).map_or(&[][..], Vec::as_slice);
                if !foot.is_empty() {
                    let height: Pt = foot
                        .iter()
                        .filter_map(|&(n, l)| lines.get(n).and_then(|n| n.get(l)).and_then(Option::as_ref))
                        .map(|p| p.height)
                        .sum();
                    let mut y = bottom - height;
                    items.extend(rule(y - notes.gap));
                    for &(n, l) in foot {
                        if let Some(line) = lines.get_mut(n).and_then(|n| n.get_mut(l)).and_then(Option::take) {
                            let h = line.height;
                            items.extend(line.items.into_iter().map(|it| moved(it, Pt::ZERO, y)));
                            y += h;
                        }
                    }
                }
                items
            })
            .collect()
    }
}

/// Flows blocks onto pages: the first page's area, then `later` for every
/// further page. When the last page would hold only a lone line or only
/// the closing block (the contact block), lines are moved over from the
/// page before it, as long as that keeps the page count and every rule.
pub fn flow(blocks: &[Block], notes: &Notes, first: Area, later: Area, grid: Grid) -> Flowed {
    let plain = flow_once(blocks, notes, first, later, grid, None);
    let n = plain.placed.len();
    if n < 2 || !poor_last_page(&plain, blocks) {
        return plain;
    }
    // Shorten the second-to-last page one grid line at a time, by at most
    // a third of the page.
    let most = ((later.bottom - later.top).0 / 3.0 / grid.unit.0.max(1.0)).ceil() as usize;
    for k in 1..=most.max(8) {
        let cut = grid.unit * k as f32;
        let tried = flow_once(blocks, notes, first, later, grid, Some((n - 2, cut)));
        if tried.placed.len() == n && !poor_last_page(&tried, blocks) {
            return tried;
        }
    }
    plain
}

/// The last page holds a lone line, or only the last block when that is a
/// block kept together (the contact block).
fn poor_last_page(f: &Flowed, blocks: &[Block]) -> bool {
    let Some(last) = f.placed.last() else { return false };
    let only_closing =
        blocks.last().is_some_and(|b| b.keep == Keep::Together) && last.iter().all(|p| p.block + 1 == blocks.len());
    last.len() < 2 || only_closing
}

/// Most lines of a footnote that may stand at the foot of the page of its
/// reference while the rest continues on the next page: at least this
/// many must fit with the reference, or the reference moves on.
const NOTE_LINES_WITH_REFERENCE: usize = 2;

/// The page being filled, with the footnotes at its foot.
struct Breaker<'a, F: Fn(usize) -> Area> {
    notes: &'a Notes,
    area_of: F,
    out: Flowed,
    area: Area,
    y: Pt,
    at_top: bool,
    /// Footnote lines at the foot of the page being filled.
    foot: Vec<(usize, usize)>,
    /// Their height, with the gap above them.
    foot_height: Pt,
    /// Notes already set (each at the page of its first reference).
    set: Vec<bool>,
}

impl<F: Fn(usize) -> Area> Breaker<'_, F> {
    /// The height the notes of `piece` not set yet would add at the foot,
    /// all their lines and at least [`NOTE_LINES_WITH_REFERENCE`] of them.
    fn note_cost(&self, piece: &Piece, counted: &[usize], foot_empty: bool) -> (Pt, Pt) {
        let new: Vec<usize> = piece
            .notes
            .iter()
            .copied()
            .filter(|&n| !self.set.get(n).copied().unwrap_or(true) && !counted.contains(&n))
            .collect();
        if new.is_empty() {
            return (Pt::ZERO, Pt::ZERO);
        }
        let gap = if foot_empty { self.notes.gap } else { Pt::ZERO };
        let mut all = gap;
        for &n in &new {
            let count = self.notes.lines.get(n).map_or(0, Vec::len);
            all += (0..count).map(|l| self.notes.height(n, l)).sum::<Pt>();
        }
        // Everything before the last new note, and its first lines.
        let mut least = all;
        if let Some(&last) = new.last() {
            let count = self.notes.lines.get(last).map_or(0, Vec::len);
            least -= (NOTE_LINES_WITH_REFERENCE.min(count)..count).map(|l| self.notes.height(last, l)).sum::<Pt>();
        }
        (all, least)
    }

    /// Sets the notes of `pieces` at the foot of this page.
    fn add_notes(&mut self, pieces: &[Piece]) {
        for p in pieces {
            for &n in &p.notes {
                if self.set.get(n).copied().unwrap_or(true) {
                    continue;
                }
                self.set[n] = true;
                if self.foot.is_empty() {
                    self.foot_height += self.notes.gap;
                }
                for l in 0..self.notes.lines.get(n).map_or(0, Vec::len) {
                    self.foot.push((n, l));
                    self.foot_height += self.notes.height(n, l);
                }
            }
        }
    }

    /// Closes the page: the foot lines that fit under its text stay, the
    /// rest continue at the foot of the next page.
    fn close(&mut self) -> Vec<(usize, usize)> {
        let room = self.area.bottom - self.y;
        let mut used = if self.foot.is_empty() { Pt::ZERO } else { self.notes.gap };
        let mut keep = 0;
        for &(n, l) in &self.foot {
            let h = self.notes.height(n, l);
            // A page keeps at least one line of its notes.
            if keep > 0 && (used + h).0 > room.0 + 0.01 {
                break;
            }
            used += h;
            keep += 1;
        }
        let rest = self.foot.split_off(keep);
        self.out.foot.push(std::mem::take(&mut self.foot));
        rest
    }

    fn new_page(&mut self) {
        let carried = self.close();
        let next = (self.area_of)(self.out.placed.len());
        self.out.placed.push(Vec::new());
        self.area = next;
        self.y = next.top;
        self.at_top = true;
        self.foot_height = Pt::ZERO;
        if !carried.is_empty() {
            self.foot_height = self.notes.gap + carried.iter().map(|&(n, l)| self.notes.height(n, l)).sum::<Pt>();
            self.foot = carried;
        }
    }
}

/// One pass of the page breaker; `shorten` takes space off the foot of one page.
fn flow_once(
    blocks: &[Block],
    notes: &Notes,
    first: Area,
    later: Area,
    grid: Grid,
    shorten: Option<(usize, Pt)>,
) -> Flowed {
    let area_of = |page: usize| {
        let mut a = if page == 0 { first } else { later };
        if let Some((p, cut)) = shorten
            && p == page
        {
            a.bottom = (a.bottom - cut).max(a.top + (a.bottom - a.top) * 0.5);
        }
        a
    };
    let area = area_of(0);
    let mut b = Breaker {
        notes,
        area_of,
        out: Flowed { placed: vec![Vec::new()], foot: Vec::new() },
        area,
        y: area.top,
        at_top: true,
        foot: Vec::new(),
        foot_height: Pt::ZERO,
        set: vec![false; notes.lines.len()],
    };
    let mut prev_after = Pt::ZERO;
    let capacity = later.bottom - later.top;

    for (i, block) in blocks.iter().enumerate() {
        let next = blocks.get(i + 1);
        let mut start = 0;
        while start < block.pieces.len() {
            let gap = if b.at_top { Pt::ZERO } else { block.space_before.max(prev_after) };
            let mut top = b.y + gap;
            if block.on_grid {
                top = grid.snap(top);
            }
            // A block continuing at the top of a page sets its repeated
            // piece first.
            let repeat = block.repeat.as_ref().filter(|_| b.at_top && start > 0);
            let repeat_h = repeat.map_or(Pt::ZERO, |p| p.height);
            let room = b.area.bottom - top - b.foot_height - repeat_h;
            // What must fit here for the (rest of the) block to start.
            let need = block.min_start(start, next);
            if !b.at_top && need.0 > room.0 + 0.01 && need.0 <= capacity.0 + 0.01 {
                b.new_page();
                continue;
            }
            // Take as many pieces as fit with their footnotes, then respect
            // the widow rule.
            let mut take = 0;
            let mut h = Pt::ZERO;
            let mut counted: Vec<usize> = Vec::new();
            let mut full = false;
            for p in &block.pieces[start..] {
                let (all, least) = b.note_cost(p, &counted, b.foot.is_empty() && counted.is_empty());
                if (h + p.height + all).0 <= room.0 + 0.01 {
                    h += p.height + all;
                } else if (h + p.height + least).0 <= room.0 + 0.01 {
                    // The note continues on the next page: this line is the
                    // page's last.
                    take += 1;
                    full = true;
                    break;
                } else {
                    break;
                }
                counted.extend(p.notes.iter().copied());
                take += 1;
            }
            let left = block.pieces.len() - start;
            if take < left {
                if let Keep::Lines { orphans, widows } = block.keep {
                    if left - take < widows {
                        take = left.saturating_sub(widows);
                    }
                    // A page does not end with a hyphenated line when one
                    // line fewer still keeps enough lines at its foot.
                    if take > orphans && block.pieces[start + take - 1].hyphenated {
                        take -= 1;
                    }
                    if take < orphans.min(left) {
                        take = 0;
                    }
                } else if !b.at_top {
                    take = 0;
                }
            }
            if take == 0 {
                if b.at_top {
                    // A piece taller than a whole page: place it anyway, it
                    // is the builder's job never to make one.
                    take = 1;
                } else {
                    b.new_page();
                    continue;
                }
            }
            b.y = top;
            if let Some(p) = repeat
                && let Some(placed) = b.out.placed.last_mut()
            {
                placed.push(Placed { block: i, piece: REPEAT, y: b.y });
                b.y += p.height;
            }
            for (k, p) in block.pieces[start..start + take].iter().enumerate() {
                if let Some(placed) = b.out.placed.last_mut() {
                    placed.push(Placed { block: i, piece: start + k, y: b.y });
                }
                b.y += p.height;
            }
            b.add_notes(&block.pieces[start..start + take]);
            b.at_top = false;
            start += take;
            prev_after = block.space_after;
            if start < block.pieces.len() || full {
                b.new_page();
            }
        }
    }
    // The last page, and pages for footnotes continued past the text.
    loop {
        let rest = b.close();
        if rest.is_empty() {
            break;
        }
        b.out.placed.push(Vec::new());
        b.area = (b.area_of)(b.out.placed.len() - 1);
        b.y = b.area.top;
        b.foot = rest;
    }
    b.out
}

/// An item moved by `(dx, dy)`.
pub fn moved(item: Item, dx: Pt, dy: Pt) -> Item {
    let mv = |p: Point| Point::new(p.x + dx, p.y + dy);
    match item {
        Item::Text { origin, run } => Item::Text { origin: mv(origin), run },
        Item::Fill { rect, color } => {
            Item::Fill { rect: crate::geom::Rect { x: rect.x + dx, y: rect.y + dy, ..rect }, color }
        }
        Item::Rule { from, to, width, color } => Item::Rule { from: mv(from), to: mv(to), width, color },
        Item::Link { rect, uri } => {
            Item::Link { rect: crate::geom::Rect { x: rect.x + dx, y: rect.y + dy, ..rect }, uri }
        }
        Item::Image { rect, image } => {
            Item::Image { rect: crate::geom::Rect { x: rect.x + dx, y: rect.y + dy, ..rect }, image }
        }
        Item::Anchor { name, at } => Item::Anchor { name, at: mv(at) },
        tag @ (Item::Begin(_) | Item::End) => tag,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::{Color, Rect};

    fn marker(id: usize) -> Item {
        Item::Fill { rect: Rect::new(Pt(id as f32), Pt::ZERO, Pt(1.0), Pt(1.0)), color: Color::BLACK }
    }

    fn para(id: usize, lines: usize, keep: Keep) -> Block {
        Block {
            on_grid: false,
            stat: None,
            repeat: None,
            pieces: (0..lines)
                .map(|_| Piece { height: Pt(10.0), items: vec![marker(id)], ..Piece::default() })
                .collect(),
            space_before: Pt(5.0),
            space_after: Pt(5.0),
            keep,
        }
    }

    fn flow_pages(blocks: &[Block], a: Area, b: Area) -> Vec<Vec<Item>> {
        flow(blocks, &Notes::default(), a, b, Grid { origin: Pt::ZERO, unit: Pt(10.0) }).pages(
            blocks.to_vec(),
            Notes::default(),
            Pt(100.0),
            |_| Vec::new(),
        )
    }

    const LINES: Keep = Keep::Lines { orphans: 2, widows: 2 };
    const AREA: Area = Area { top: Pt(0.0), bottom: Pt(100.0) };

    /// Which block ids each page holds, one entry per piece.
    fn page_ids(pages: &[Vec<Item>]) -> Vec<Vec<usize>> {
        pages
            .iter()
            .map(|p| {
                p.iter()
                    .map(|it| match it {
                        Item::Fill { rect, .. } => rect.x.0 as usize,
                        _ => usize::MAX,
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_paragraph_splits_without_widow_or_orphan() {
        // 9 lines fill the page (90 pt); 3 more would leave one widow.
        let pages = flow_pages(&[para(0, 9, LINES), para(1, 3, LINES)], AREA, AREA);
        let ids = page_ids(&pages);
        assert_eq!(ids[0].iter().filter(|&&i| i == 1).count(), 0, "orphan line moved: {ids:?}");
        assert_eq!(ids[1], vec![1, 1, 1]);

        let pages = flow_pages(&[para(0, 12, LINES)], AREA, AREA);
        let ids = page_ids(&pages);
        assert_eq!(ids[0].len(), 10);
        assert_eq!(ids[1].len(), 2);

        // 11 lines: 10 would fit but leave a widow, so 9 + 2.
        let pages = flow_pages(&[para(0, 11, LINES)], AREA, AREA);
        assert_eq!(page_ids(&pages).iter().map(Vec::len).collect::<Vec<_>>(), vec![9, 2]);
    }

    #[test]
    fn a_heading_is_never_last_on_a_page() {
        let heading = para(1, 1, Keep::WithNext { lines: 2 });
        let pages = flow_pages(&[para(0, 8, LINES), heading, para(2, 5, LINES)], AREA, AREA);
        let ids = page_ids(&pages);
        assert!(!ids[0].contains(&1), "{ids:?}");
        assert_eq!(ids[1][0], 1);
    }

    #[test]
    fn the_last_page_never_holds_only_the_closing_block() {
        // 10 lines fill page one; the contact block alone would follow.
        let blocks = [para(0, 10, LINES), para(1, 3, Keep::Together)];
        let pages = page_ids(&flow_pages(&blocks, AREA, AREA));
        assert_eq!(pages.len(), 2);
        assert!(pages[1].contains(&0), "body lines moved over: {pages:?}");
        assert_eq!(pages[1].iter().filter(|&&i| i == 0).count(), 2);
    }

    #[test]
    fn a_page_does_not_end_with_a_hyphenated_line() {
        let mut b = para(0, 14, LINES);
        b.pieces[9].hyphenated = true;
        let pages = page_ids(&flow_pages(&[b], AREA, AREA));
        assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), vec![9, 5]);
    }

    #[test]
    fn body_blocks_start_on_the_baseline_grid() {
        let mut a = para(0, 1, LINES);
        a.pieces[0].height = Pt(13.0);
        let b = Block { on_grid: true, ..para(1, 2, LINES) };
        let blocks = [a, b];
        let f = flow(&blocks, &Notes::default(), AREA, AREA, Grid { origin: Pt::ZERO, unit: Pt(10.0) });
        let tops: Vec<f32> = f.pages(blocks.to_vec(), Notes::default(), Pt(100.0), |_| Vec::new())[0]
            .iter()
            .map(|it| match it {
                Item::Fill { rect, .. } => rect.y.0,
                _ => -1.0,
            })
            .collect();
        // 13 + 5 pt of space = 18, snapped to the grid at 20.
        assert_eq!(tops, vec![0.0, 20.0, 30.0]);
    }

    #[test]
    fn together_blocks_move_whole_and_oversized_ones_split() {
        let pages = flow_pages(&[para(0, 7, LINES), para(1, 4, Keep::Together)], AREA, AREA);
        // The block moves whole; two lines come along so it is not alone.
        assert_eq!(page_ids(&pages)[1], vec![0, 0, 1, 1, 1, 1]);
        let pages = flow_pages(&[para(0, 25, Keep::Together)], AREA, AREA);
        assert_eq!(page_ids(&pages).iter().map(Vec::len).collect::<Vec<_>>(), vec![10, 10, 5]);
    }

    fn note_lines(id: usize, n: usize) -> Vec<Piece> {
        (0..n).map(|_| Piece { height: Pt(10.0), items: vec![marker(id)], ..Piece::default() }).collect()
    }

    #[test]
    fn a_footnote_stands_on_the_page_of_its_reference() {
        // Line 8 of the first paragraph refers to a two-line note: the
        // page holds 10 lines, so only lines up to 8 fit with the note's
        // gap (5) and lines (20).
        let mut a = para(0, 12, LINES);
        a.pieces[6].notes = vec![0];
        let notes = Notes { lines: vec![note_lines(9, 2)], gap: Pt(5.0) };
        let f = flow(&[a], &notes, AREA, AREA, Grid { origin: Pt::ZERO, unit: Pt(10.0) });
        assert_eq!(f.foot[0], vec![(0, 0), (0, 1)]);
        assert!(f.foot[1].is_empty());
        assert_eq!(f.placed[0].len(), 7);
        // The text ends above the notes and their gap.
        let last = f.placed[0].last().expect("lines on page one");
        assert!(last.y.0 + 10.0 <= 100.0 - 25.0 + 0.01, "{f:?}");
    }

    #[test]
    fn a_long_footnote_continues_on_the_next_page() {
        let mut a = para(0, 4, LINES);
        a.pieces[3].notes = vec![0];
        let notes = Notes { lines: vec![note_lines(9, 12)], gap: Pt(5.0) };
        let f = flow(&[a], &notes, AREA, AREA, Grid { origin: Pt::ZERO, unit: Pt(10.0) });
        let lines: Vec<usize> = f.foot.iter().map(Vec::len).collect();
        assert_eq!(lines.iter().sum::<usize>(), 12, "{lines:?}");
        assert_eq!(f.placed[0].len(), 4);
        assert!(lines[0] >= 2 && lines.len() == 2, "{lines:?}");
    }

    #[test]
    fn a_repeated_piece_heads_each_continuation_page() {
        let mut t = para(0, 25, LINES);
        t.repeat = Some(Piece { height: Pt(10.0), items: vec![marker(7)], ..Piece::default() });
        let pages = page_ids(&flow_pages(&[t], AREA, AREA));
        assert_eq!(pages[0][0], 0);
        assert!(pages[1..].iter().all(|p| p[0] == 7 && p.len() <= 10), "{pages:?}");
        assert_eq!(pages.iter().flatten().filter(|&&i| i == 0).count(), 25);
    }
}
