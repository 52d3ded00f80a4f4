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
}

impl Block {
    /// A block of pieces off the baseline grid.
    pub fn new(pieces: Vec<Piece>, space_before: Pt, space_after: Pt, keep: Keep) -> Block {
        Block { pieces, space_before, space_after, keep, on_grid: false, stat: None }
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
    /// Index of the piece within its block.
    pub piece: usize,
    /// The piece's top on its page.
    pub y: Pt,
}

/// Flowed pages: which pieces each holds, and where.
#[derive(Debug, Clone, Default)]
pub struct Flowed {
    /// Each page's pieces, in order.
    pub placed: Vec<Vec<Placed>>,
}

impl Flowed {
    /// Each page's items: the blocks' pieces moved into place. (The pages
    /// are made once, from the pass that was kept, and the items moved,
    /// not copied.)
    pub fn pages(&self, blocks: Vec<Block>) -> Vec<Vec<Item>> {
        let mut pieces: Vec<Vec<Option<Piece>>> =
            blocks.into_iter().map(|b| b.pieces.into_iter().map(Some).collect()).collect();
        self.placed
            .iter()
            .map(|placed| {
                let count = placed
                    .iter()
                    .filter_map(|p| pieces.get(p.block).and_then(|b| b.get(p.piece)).and_then(Option::as_ref))
                    .map(|piece| piece.items.len())
                    .sum();
                let mut items = Vec::with_capacity(count);
                for p in placed {
                    if let Some(piece) = pieces.get_mut(p.block).and_then(|b| b.get_mut(p.piece)).and_then(Option::take)
                    {
                        items.extend(piece.items.into_iter().map(|it| moved(it, Pt::ZERO, p.y)));
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
pub fn flow(blocks: &[Block], first: Area, later: Area, grid: Grid) -> Flowed {
    let plain = flow_once(blocks, first, later, grid, None);
    let n = plain.placed.len();
    if n < 2 || !poor_last_page(&plain, blocks) {
        return plain;
    }
    // Shorten the second-to-last page one grid line at a time.
    for k in 1..=8 {
        let cut = grid.unit * k as f32;
        let tried = flow_once(blocks, first, later, grid, Some((n - 2, cut)));
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

/// One pass of the page breaker; `shorten` takes space off the foot of one page.
fn flow_once(blocks: &[Block], first: Area, later: Area, grid: Grid, shorten: Option<(usize, Pt)>) -> Flowed {
    let area_of = |page: usize| {
        let mut a = if page == 0 { first } else { later };
        if let Some((p, cut)) = shorten
            && p == page
        {
            a.bottom = (a.bottom - cut).max(a.top + (a.bottom - a.top) * 0.5);
        }
        a
    };
    let mut out = Flowed { placed: vec![Vec::new()] };
    let mut area = area_of(0);
    let mut y = area.top;
    let mut at_top = true;
    let mut prev_after = Pt::ZERO;
    let capacity = later.bottom - later.top;

    for (i, block) in blocks.iter().enumerate() {
        let next = blocks.get(i + 1);
        let mut start = 0;
        while start < block.pieces.len() {
            let gap = if at_top { Pt::ZERO } else { block.space_before.max(prev_after) };
            let mut top = y + gap;
            if block.on_grid {
                top = grid.snap(top);
            }
            let room = area.bottom - top;
            // What must fit here for the (rest of the) block to start.
            let need = block.min_start(start, next);
            if !at_top && need.0 > room.0 + 0.01 && need.0 <= capacity.0 + 0.01 {
                new_page(&mut out, &mut area, &area_of, &mut y, &mut at_top);
                continue;
            }
            // Take as many pieces as fit, then respect the widow rule.
            let mut take = 0;
            let mut h = Pt::ZERO;
            for p in &block.pieces[start..] {
                if (h + p.height).0 > room.0 + 0.01 {
                    break;
                }
                h += p.height;
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
                } else if !at_top {
                    take = 0;
                }
            }
            if take == 0 {
                if at_top {
                    // A piece taller than a whole page: place it anyway, it
                    // is the builder's job never to make one.
                    take = 1;
                } else {
                    new_page(&mut out, &mut area, &area_of, &mut y, &mut at_top);
                    continue;
                }
            }
            y = top;
            for (k, p) in block.pieces[start..start + take].iter().enumerate() {
                if let Some(placed) = out.placed.last_mut() {
                    placed.push(Placed { block: i, piece: start + k, y });
                }
                y += p.height;
            }
            at_top = false;
            start += take;
            prev_after = block.space_after;
            if start < block.pieces.len() {
                new_page(&mut out, &mut area, &area_of, &mut y, &mut at_top);
            }
        }
    }
    out
}

fn new_page(out: &mut Flowed, area: &mut Area, area_of: &impl Fn(usize) -> Area, y: &mut Pt, at_top: &mut bool) {
    let next = area_of(out.placed.len());
    out.placed.push(Vec::new());
    *area = next;
    *y = next.top;
    *at_top = true;
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
            pieces: (0..lines)
                .map(|_| Piece { height: Pt(10.0), items: vec![marker(id)], hyphenated: false })
                .collect(),
            space_before: Pt(5.0),
            space_after: Pt(5.0),
            keep,
        }
    }

    fn flow_pages(blocks: &[Block], a: Area, b: Area) -> Vec<Vec<Item>> {
        flow(blocks, a, b, Grid { origin: Pt::ZERO, unit: Pt(10.0) }).pages(blocks.to_vec())
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
        let f = flow(&blocks, AREA, AREA, Grid { origin: Pt::ZERO, unit: Pt(10.0) });
        let tops: Vec<f32> = f.pages(blocks.to_vec())[0]
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
}
