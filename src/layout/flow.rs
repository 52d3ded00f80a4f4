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
}

impl Block {
    fn height(&self) -> Pt {
        self.pieces.iter().map(|p| p.height).sum()
    }

    /// Height of the first `n` pieces.
    fn head(&self, n: usize) -> Pt {
        self.pieces.iter().take(n).map(|p| p.height).sum()
    }

    /// The least height that must fit for the block to start on this page.
    fn min_start(&self, next: Option<&Block>) -> Pt {
        match self.keep {
            Keep::Together => self.height(),
            Keep::Lines { orphans, widows } => {
                let n = self.pieces.len();
                if n < orphans + widows { self.height() } else { self.head(orphans) }
            }
            Keep::WithNext { lines } => {
                let follow = next.map_or(Pt::ZERO, |b| {
                    let gap = b.space_before.max(self.space_after);
                    let body = match b.keep {
                        Keep::Lines { widows, .. } => {
                            let n = b.pieces.len();
                            let need = lines.max(widows);
                            if n <= need + widows { b.height() } else { b.head(need) }
                        }
                        _ => b.min_start(None),
                    };
                    gap + body
                });
                self.height() + follow
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

/// Flows blocks onto pages: the first page's area, then `later` for every
/// further page. Returns each page's items.
pub fn flow(blocks: &[Block], first: Area, later: Area) -> Vec<Vec<Item>> {
    let mut pages: Vec<Vec<Item>> = vec![Vec::new()];
    let mut area = first;
    let mut y = area.top;
    let mut at_top = true;
    let mut prev_after = Pt::ZERO;

    for (i, block) in blocks.iter().enumerate() {
        let next = blocks.get(i + 1);
        let mut start = 0;
        while start < block.pieces.len() {
            let gap = if at_top { Pt::ZERO } else { block.space_before.max(prev_after) };
            let room = area.bottom - y - gap;
            let capacity = later.bottom - later.top;
            // What must fit here for the (rest of the) block to start.
            let rest = Block { pieces: block.pieces[start..].to_vec(), ..block.clone() };
            let need = if start == 0 { block.min_start(next) } else { rest.min_start(next) };
            if !at_top && need.0 > room.0 + 0.01 && need.0 <= capacity.0 + 0.01 {
                new_page(&mut pages, &mut area, later, &mut y, &mut at_top);
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
                    new_page(&mut pages, &mut area, later, &mut y, &mut at_top);
                    continue;
                }
            }
            y += gap;
            for p in &block.pieces[start..start + take] {
                if let Some(items) = pages.last_mut() {
                    items.extend(p.items.iter().map(|it| translate(it, Pt::ZERO, y)));
                }
                y += p.height;
            }
            at_top = false;
            start += take;
            prev_after = block.space_after;
            if start < block.pieces.len() {
                new_page(&mut pages, &mut area, later, &mut y, &mut at_top);
            }
        }
    }
    pages
}

fn new_page(pages: &mut Vec<Vec<Item>>, area: &mut Area, later: Area, y: &mut Pt, at_top: &mut bool) {
    pages.push(Vec::new());
    *area = later;
    *y = later.top;
    *at_top = true;
}

/// Moves an item by `(dx, dy)`.
pub fn translate(item: &Item, dx: Pt, dy: Pt) -> Item {
    let mv = |p: Point| Point::new(p.x + dx, p.y + dy);
    match item {
        Item::Text { origin, run } => Item::Text { origin: mv(*origin), run: run.clone() },
        Item::Fill { rect, color } => {
            Item::Fill { rect: crate::geom::Rect { x: rect.x + dx, y: rect.y + dy, ..*rect }, color: *color }
        }
        Item::Rule { from, to, width, color } => {
            Item::Rule { from: mv(*from), to: mv(*to), width: *width, color: *color }
        }
        Item::Link { rect, uri } => {
            Item::Link { rect: crate::geom::Rect { x: rect.x + dx, y: rect.y + dy, ..*rect }, uri: uri.clone() }
        }
        Item::Image { rect, image } => {
            Item::Image { rect: crate::geom::Rect { x: rect.x + dx, y: rect.y + dy, ..*rect }, image: image.clone() }
        }
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
            pieces: (0..lines).map(|_| Piece { height: Pt(10.0), items: vec![marker(id)] }).collect(),
            space_before: Pt(5.0),
            space_after: Pt(5.0),
            keep,
        }
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
        let pages = flow(&[para(0, 9, LINES), para(1, 3, LINES)], AREA, AREA);
        let ids = page_ids(&pages);
        assert_eq!(ids[0].iter().filter(|&&i| i == 1).count(), 0, "orphan line moved: {ids:?}");
        assert_eq!(ids[1], vec![1, 1, 1]);

        let pages = flow(&[para(0, 12, LINES)], AREA, AREA);
        let ids = page_ids(&pages);
        assert_eq!(ids[0].len(), 10);
        assert_eq!(ids[1].len(), 2);

        // 11 lines: 10 would fit but leave a widow, so 9 + 2.
        let pages = flow(&[para(0, 11, LINES)], AREA, AREA);
        assert_eq!(page_ids(&pages).iter().map(Vec::len).collect::<Vec<_>>(), vec![9, 2]);
    }

    #[test]
    fn a_heading_is_never_last_on_a_page() {
        let heading = para(1, 1, Keep::WithNext { lines: 2 });
        let pages = flow(&[para(0, 8, LINES), heading, para(2, 5, LINES)], AREA, AREA);
        let ids = page_ids(&pages);
        assert!(!ids[0].contains(&1), "{ids:?}");
        assert_eq!(ids[1][0], 1);
    }

    #[test]
    fn together_blocks_move_whole_and_oversized_ones_split() {
        let pages = flow(&[para(0, 7, LINES), para(1, 4, Keep::Together)], AREA, AREA);
        assert_eq!(page_ids(&pages)[1], vec![1, 1, 1, 1]);
        let pages = flow(&[para(0, 25, Keep::Together)], AREA, AREA);
        assert_eq!(page_ids(&pages).iter().map(Vec::len).collect::<Vec<_>>(), vec![10, 10, 5]);
    }
}
