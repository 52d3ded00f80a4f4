//! The QR code of the contact block's web address, encoded with the
//! `qrcode` crate (optimal segments, error correction level M).
//!
//! The crate's own mask selection scores the eight masks with code that
//! took a tenth of a whole build; the score here is the same four rules of
//! ISO/IEC 18004 (§ 7.8.3: runs, 2×2 blocks, finder-like patterns, dark
//! proportion) computed a line at a time, each row and column as the bits
//! of an integer (for the symbols a web address needs). Any mask gives a
//! code that every reader decodes; the score only avoids patterns that
//! confuse cameras.

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{EcLevel, Version};

use super::tree::QrCode;

const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// The code of `data`, or `None` when it does not fit in any version.
pub fn encode(data: &[u8]) -> Option<QrCode> {
    // The language versions of a brief (checked together) share their web
    // address: the last code made is kept.
    static LAST: std::sync::Mutex<Option<(Vec<u8>, Option<QrCode>)>> = std::sync::Mutex::new(None);
    let lock = || LAST.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((_, code)) = lock().as_ref().filter(|(made_of, _)| made_of == data) {
        return code.clone();
    }
    // Made outside the lock: briefs built in parallel do not wait.
    let code = make(data);
    *lock() = Some((data.to_vec(), code.clone()));
    code
}

/// The QR code of `data`: see [`encode`].
fn make(data: &[u8]) -> Option<QrCode> {
    let bits = qrcode::bits::encode_auto(data, EcLevel::M).ok()?;
    let version = bits.version();
    let Version::Normal(_) = version else { return None };
    let (data, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M).ok()?;
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    let width = usize::try_from(version.width()).ok()?;
    MASKS
        .iter()
        .map(|&mask| {
            let mut masked = canvas.clone();
            masked.apply_mask(mask);
            let dark: Vec<bool> = masked.into_colors().iter().map(|c| *c == qrcode::Color::Dark).collect();
            (penalty(&dark, width), dark)
        })
        .min_by_key(|(score, _)| *score)
        .map(|(_, dark)| QrCode { width, dark })
}

/// The penalty score of a masked symbol (lower is better).
fn penalty(dark: &[bool], n: usize) -> u32 {
    if n <= 128 { penalty_in_bits(dark, n) } else { penalty_by_module(dark, n) }
}

/// [`penalty`] for symbols of up to 128 modules a side (version 27; a web
/// address needs at most version 10 or so), with each row and column as
/// the bits of a `u128`, module `k` in bit `k`, scored a line at a time.
fn penalty_in_bits(dark: &[bool], n: usize) -> u32 {
    let mut rows = vec![0u128; n];
    let mut columns = vec![0u128; n];
    for (y, row) in dark.chunks_exact(n).enumerate() {
        for (x, _) in row.iter().enumerate().filter(|&(_, &d)| d) {
            rows[y] |= 1 << x;
            columns[x] |= 1 << y;
        }
    }
    let mut score: u32 = rows.iter().chain(&columns).map(|&line| line_penalty_in_bits(line, n)).sum();
    // Rule 2: a 2×2 block at (x, y) has its four modules equal.
    let pairs = (1u128 << (n - 1)) - 1;
    for pair in rows.windows(2) {
        let (top, bottom) = (pair[0], pair[1]);
        let same = !(top ^ top >> 1) & !(top ^ bottom) & !(bottom ^ bottom >> 1) & pairs;
        score += 3 * same.count_ones();
    }
    // Rule 4.
    let dark_count: u32 = rows.iter().map(|r| r.count_ones()).sum();
    let percent = dark_count as usize * 100 / (n * n);
    score + 10 * (percent.abs_diff(50) / 5) as u32
}

/// Rules 1 and 3 along one row or column of `n` modules, given as bits: 3
/// points for a run of five modules of one colour and 1 for each further
/// module; 40 for each 1:1:3:1:1 dark-light finder-like pattern with four
/// light modules before or after it (counted once if both), all within
/// the line.
fn line_penalty_in_bits(line: u128, n: usize) -> u32 {
    let within = |len: usize| if len == 0 { 0 } else { u128::MAX >> (128 - len) };
    // Rule 1: bit k of `same` says modules k and k + 1 match; a run of L
    // modules is L - 1 such bits in a row, and scores L - 2. `four` marks
    // the starts of four such bits in a row: a block of m ≥ 4 bits (a run
    // of five or more) holds m - 3 of them, so it scores |four in it| + 2.
    let same = !(line ^ line >> 1) & within(n.saturating_sub(1));
    let four = same & same >> 1 & same >> 2 & same >> 3;
    let blocks = (four & !(four << 1)).count_ones();
    let runs = four.count_ones() + 2 * blocks;
    // Rule 3: dark-light-dark×3-light-dark starting at bit i, with four
    // light modules (inside the line) before it or after it.
    let finders = line & !line >> 1 & line >> 2 & line >> 3 & line >> 4 & !line >> 5 & line >> 6;
    let finders = finders & within((n + 1).saturating_sub(7));
    let light = !(line | line >> 1 | line >> 2 | line >> 3) & within((n + 1).saturating_sub(4));
    runs + 40 * (finders & (light << 4 | light >> 7)).count_ones()
}

/// The four rules written out module by module, as § 7.8.3 states them:
/// for the rare symbols too wide for [`penalty_in_bits`], and the reference
/// its tests compare with.
fn penalty_by_module(dark: &[bool], n: usize) -> u32 {
    let at = |x: usize, y: usize| dark[y * n + x];
    let mut score = 0;
    // Rules 1 and 3, along every row and every column.
    for line in 0..n {
        for horizontal in [true, false] {
            let get = |i: usize| if horizontal { at(i, line) } else { at(line, i) };
            let mut run = 1;
            for i in 1..=n {
                if i < n && get(i) == get(i - 1) {
                    run += 1;
                    continue;
                }
                if run >= 5 {
                    score += run - 2;
                }
                run = 1;
            }
            // 1:1:3:1:1 dark-light pattern with four light modules on a side.
            for i in 0..n.saturating_sub(6) {
                let finder =
                    get(i) && !get(i + 1) && get(i + 2) && get(i + 3) && get(i + 4) && !get(i + 5) && get(i + 6);
                if !finder {
                    continue;
                }
                let light = |range: std::ops::Range<usize>| range.into_iter().all(|k| !get(k));
                let before = i >= 4 && light(i - 4..i);
                let after = i + 11 <= n && light(i + 7..i + 11);
                if before || after {
                    score += 40;
                }
            }
        }
    }
    // Rule 2: 2×2 blocks of one colour.
    for y in 0..n - 1 {
        for x in 0..n - 1 {
            let c = at(x, y);
            if at(x + 1, y) == c && at(x, y + 1) == c && at(x + 1, y + 1) == c {
                score += 3;
            }
        }
    }
    // Rule 4: 10 points per 5 % away from half dark.
    let percent = dark.iter().filter(|&&d| d).count() * 100 / dark.len().max(1);
    score + 10 * (percent.abs_diff(50) / 5) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_has_the_versions_size_and_its_finder_patterns() {
        let code = encode(b"https://www.un.org/counterterrorism").expect("fits");
        assert_eq!(code.width, 29);
        let n = code.width;
        // The top-left finder: a dark 7×7 ring around a light ring and a
        // dark 3×3 centre.
        for (x, y, dark) in [(0, 0, true), (6, 6, true), (1, 1, false), (3, 3, true), (7, 7, false)] {
            assert_eq!(code.dark[y * n + x], dark, "({x}, {y})");
        }
        assert!(encode(&[b'a'; 4000]).is_none());
    }

    #[test]
    fn the_score_in_bits_is_the_score_module_by_module() {
        // Every mask of real codes, and pseudo-random symbols (some mostly
        // light, to make many finder patterns with light sides).
        let mut symbols: Vec<(Vec<bool>, usize)> = Vec::new();
        for data in [&b"https://www.un.org/sg"[..], &[b'x'; 300]] {
            let bits = qrcode::bits::encode_auto(data, EcLevel::M).expect("fits");
            let version = bits.version();
            let (data, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M).expect("fits");
            let mut canvas = Canvas::new(version, EcLevel::M);
            canvas.draw_all_functional_patterns();
            canvas.draw_data(&data, &ec);
            let n = version.width() as usize;
            for mask in MASKS {
                let mut masked = canvas.clone();
                masked.apply_mask(mask);
                symbols.push((masked.into_colors().iter().map(|c| *c == qrcode::Color::Dark).collect(), n));
            }
        }
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for (n, light) in [(21, 2), (25, 5), (29, 9), (128, 4)] {
            let dark = (0..n * n)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    seed.is_multiple_of(light)
                })
                .collect();
            symbols.push((dark, n));
        }
        let finder = [true, false, true, true, true, false, true];
        let mut line = vec![false; 21 * 21];
        line[4..11].copy_from_slice(&finder);
        line[25..32].copy_from_slice(&finder);
        symbols.push((line, 21));
        for (dark, n) in &symbols {
            assert_eq!(penalty_in_bits(dark, *n), penalty_by_module(dark, *n), "{n}×{n}");
        }
    }

    #[test]
    fn the_chosen_mask_scores_lowest() {
        let code = encode(b"https://www.who.int/health-topics/road-safety").expect("fits");
        let best = penalty(&code.dark, code.width);
        assert!(best < 1000, "{best}");
        // A symbol of stripes scores far worse than the chosen one.
        let stripes: Vec<bool> = (0..code.dark.len()).map(|i| (i / code.width).is_multiple_of(2)).collect();
        assert!(penalty(&stripes, code.width) > best);
    }
}
