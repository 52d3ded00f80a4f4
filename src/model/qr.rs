//! The QR code of the contact block's web address, encoded with the
//! `qrcode` crate (optimal segments, error correction level M).
//!
//! The crate's own mask selection scores the eight masks with code that
//! took a tenth of a whole build; the score here is the same four rules of
//! ISO/IEC 18004 (§ 7.8.3: runs, 2×2 blocks, finder-like patterns, dark
//! proportion) computed in one pass over rows and columns. Any mask gives a
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
                let light = |range: std::ops::Range<usize>| range.into_iter().all(|k| k >= n || !get(k));
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
    let dark_count = dark.iter().filter(|&&d| d).count();
    let percent = dark_count * 100 / dark.len().max(1);
    let deviation = percent.abs_diff(50) / 5;
    score + 10 * deviation as u32
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
    fn the_chosen_mask_scores_lowest() {
        let code = encode(b"https://www.who.int/health-topics/road-safety").expect("fits");
        let best = penalty(&code.dark, code.width);
        assert!(best < 1000, "{best}");
        // A symbol of stripes scores far worse than the chosen one.
        let stripes: Vec<bool> = (0..code.dark.len()).map(|i| (i / code.width).is_multiple_of(2)).collect();
        assert!(penalty(&stripes, code.width) > best);
    }
}
