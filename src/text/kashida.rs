//! Where an Arabic word may be lengthened with a kashida (tatweel, U+0640)
//! when a line is justified: between two letters that join, at the place
//! of the word the script's tradition prefers. Pure: a word in, the byte
//! offsets of its candidate places with their priorities out; the paragraph
//! setter picks the best one that falls between two glyphs and draws the
//! kashida as the face's own tatweel stroke, so that it is never text.
//!
//! The priorities are those of Microsoft's description of Arabic
//! justification (also followed by LibreOffice), best first:
//!
//! 1. after a tatweel the writer typed;
//! 2. after a seen or sad (س ش ص ض) that joins the next letter;
//! 3. before a final teh marbuta, heh or dal (ة ه د ذ);
//! 4. before a final alef, tah, lam, kaf or gaf (ا أ إ آ ٱ ط ظ ل ك گ);
//! 5. before a medial beh-like letter (ب ت ث ن ي ئ پ) that comes before a
//!    final reh, zain, yeh or alef maqsura (ر ز ي ى);
//! 6. before a final waw, ain, qaf or feh (و ؤ ع غ ق ف);
//! 7. before the final form of any other letter;
//! 8. between any other two joined letters.
//!
//! Never inside lam-alef, which every Arabic font sets as one ligature.
//! Within one priority the last place in the word wins. A line lengthens
//! every word at its best place before any word at its second: the
//! stretch spreads across the line, as Arabic typesetters spread it.

/// How an Arabic letter joins its neighbours (Unicode's joining types).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joining {
    /// Joins on both sides (beh, seen, lam…).
    Dual,
    /// Joins only to the letter before it (alef, dal, reh, waw…).
    Right,
    /// Joins both sides without being a letter (tatweel, zero-width joiner).
    Causing,
    /// A mark: skipped when joining is decided.
    Transparent,
    /// Joins nothing.
    None,
}

/// The joining type of a character of the Arabic blocks, from Unicode's
/// ArabicShaping.txt for the letters Arabic, Persian and Urdu use.
pub fn joining(c: char) -> Joining {
    match c {
        '\u{640}' | '\u{200D}' => Joining::Causing,
        '\u{610}'..='\u{61A}'
        | '\u{64B}'..='\u{65F}'
        | '\u{670}'
        | '\u{6D6}'..='\u{6DC}'
        | '\u{6DF}'..='\u{6E4}'
        | '\u{6E7}'
        | '\u{6E8}'
        | '\u{6EA}'..='\u{6ED}' => Joining::Transparent,
        // Hamza, alef forms, dal, thal, reh, zain, waw, teh marbuta, and
        // their Persian and Urdu relatives.
        '\u{622}'..='\u{625}'
        | '\u{627}'
        | '\u{629}'
        | '\u{62F}'..='\u{632}'
        | '\u{648}'
        | '\u{671}'..='\u{673}'
        | '\u{675}'..='\u{677}'
        | '\u{688}'..='\u{699}'
        | '\u{6C0}'
        | '\u{6C3}'..='\u{6CB}'
        | '\u{6CD}'
        | '\u{6CF}'
        | '\u{6D2}'
        | '\u{6D3}'
        | '\u{6D5}'
        | '\u{6EE}'
        | '\u{6EF}' => Joining::Right,
        '\u{626}'
        | '\u{628}'
        | '\u{62A}'..='\u{62E}'
        | '\u{633}'..='\u{63F}'
        | '\u{641}'..='\u{647}'
        | '\u{649}'
        | '\u{64A}'
        | '\u{66E}'
        | '\u{66F}'
        | '\u{678}'..='\u{687}'
        | '\u{69A}'..='\u{6BF}'
        | '\u{6C1}'
        | '\u{6C2}'
        | '\u{6CC}'
        | '\u{6CE}'
        | '\u{6D0}'
        | '\u{6D1}'
        | '\u{6FA}'..='\u{6FC}'
        | '\u{6FF}' => Joining::Dual,
        _ => Joining::None,
    }
}

/// A place for a kashida: before the letter at byte `at` of the word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Byte offset of the letter after the kashida.
    pub at: usize,
    /// 1 (best) to 8.
    pub priority: u8,
}

/// Every place of `word` where a kashida may go, with its priority, in
/// logical order: each between a letter that joins the next (dual-joining
/// or a tatweel) and a letter that joins the one before (dual- or
/// right-joining), marks between them skipped.
pub fn places(word: &str) -> Vec<Place> {
    // The letters with their offsets, marks dropped.
    let letters: Vec<(usize, char)> =
        word.char_indices().filter(|&(_, c)| joining(c) != Joining::Transparent).collect();
    let mut out = Vec::new();
    for k in 1..letters.len() {
        let (_, a) = letters[k - 1];
        let (at, b) = letters[k];
        let joins_next = matches!(joining(a), Joining::Dual | Joining::Causing);
        let joins_previous = matches!(joining(b), Joining::Dual | Joining::Right);
        // Lam and alef always make one ligature, which a kashida would undo.
        let lam_alef = a == 'ل' && matches!(b, 'ا' | 'أ' | 'إ' | 'آ' | 'ٱ');
        if !joins_next || !joins_previous || b == '\u{640}' || lam_alef {
            continue;
        }
        // The letter after `b`, and whether `b` ends the joined word.
        let after = letters.get(k + 1).map(|&(_, c)| c);
        let last = after.is_none_or(|c| joining(c) == Joining::None) || joining(b) == Joining::Right;
        let priority = if a == '\u{640}' {
            1
        } else if matches!(a, 'س' | 'ش' | 'ص' | 'ض') {
            2
        } else if last && matches!(b, 'ة' | 'ه' | 'د' | 'ذ') {
            3
        } else if last && matches!(b, 'ا' | 'أ' | 'إ' | 'آ' | 'ٱ' | 'ط' | 'ظ' | 'ل' | 'ك' | 'گ') {
            4
        } else if matches!(b, 'ب' | 'ت' | 'ث' | 'ن' | 'ي' | 'ئ' | 'پ')
            && after.is_some_and(|c| matches!(c, 'ر' | 'ز' | 'ي' | 'ى'))
            && letters.get(k + 2).is_none_or(|&(_, c)| joining(c) == Joining::None)
        {
            5
        } else if last && matches!(b, 'و' | 'ؤ' | 'ع' | 'غ' | 'ق' | 'ف') {
            6
        } else if last {
            7
        } else {
            8
        };
        out.push(Place { at, priority });
    }
    out
}

/// The best of `places` for which `usable` holds (a place the shaped
/// glyphs allow: not inside a ligature): the best priority, and of those
/// the last.
pub fn best(places: &[Place], usable: impl Fn(usize) -> bool) -> Option<usize> {
    ranked(places, usable, 1).first().copied()
}

/// The `n` best usable places, best first (see [`best`]).
pub fn ranked(places: &[Place], usable: impl Fn(usize) -> bool, n: usize) -> Vec<usize> {
    let mut usable: Vec<&Place> = places.iter().filter(|p| usable(p.at)).collect();
    usable.sort_by_key(|p| (p.priority, std::cmp::Reverse(p.at)));
    usable.into_iter().take(n).map(|p| p.at).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The best place of a word, as the text before and after it.
    fn split(word: &str) -> Option<(String, String)> {
        let at = best(&places(word), |_| true)?;
        Some((word[..at].to_string(), word[at..].to_string()))
    }

    #[test]
    fn seen_and_sad_come_first() {
        // "السلام": after the seen, not before the final lam-alef-meem.
        assert_eq!(split("السلام"), Some(("الس".into(), "لام".into())));
        // "مصر": after the sad, although reh is final.
        assert_eq!(split("مصر"), Some(("مص".into(), "ر".into())));
    }

    #[test]
    fn before_final_teh_marbuta_heh_and_dal() {
        assert_eq!(split("منظمة"), Some(("منظم".into(), "ة".into())));
        assert_eq!(split("عالمية"), Some(("عالمي".into(), "ة".into())));
        // "الجديد": before the final dal.
        assert_eq!(split("الجديد"), Some(("الجدي".into(), "د".into())));
    }

    #[test]
    fn before_final_alef_tah_lam_kaf() {
        // "هنا": before the final alef.
        assert_eq!(split("هنا"), Some(("هن".into(), "ا".into())));
        // "العمل": before the final lam.
        assert_eq!(split("العمل"), Some(("العم".into(), "ل".into())));
    }

    #[test]
    fn before_a_medial_beh_ahead_of_a_final_reh_or_yeh() {
        // "كبير": before the yeh that comes before the final reh.
        assert_eq!(split("كبير"), Some(("كب".into(), "ير".into())));
    }

    #[test]
    fn before_final_waw_ain_qaf_feh_then_any_final() {
        assert_eq!(split("نحو"), Some(("نح".into(), "و".into())));
        // "حقوق": before the waw (6) rather than between heh and qaf (8).
        assert_eq!(split("حقوق"), Some(("حق".into(), "وق".into())));
        // "تعليم": before the final meem (7), not between the medial letters.
        assert_eq!(split("تعليم"), Some(("تعلي".into(), "م".into())));
        // "عام": a right-joining alef ends the joined part: before it (4).
        assert_eq!(split("عام"), Some(("ع".into(), "ام".into())));
    }

    #[test]
    fn only_between_joining_letters() {
        // Dal, alef, reh and waw join nothing after them.
        assert!(places("دار").is_empty());
        assert!(places("ورد").is_empty());
        assert!(places("UNOCT").is_empty());
        assert_eq!(split("و"), None);
        // "بدر": beh joins dal, dal joins nothing: one place, before the dal.
        assert_eq!(places("بدر"), [Place { at: "ب".len(), priority: 3 }]);
    }

    #[test]
    fn marks_are_skipped_and_places_fall_on_letters() {
        // With vowel marks the place is still between the letters.
        let word = "كَتَبَ";
        let all = places(word);
        assert!(!all.is_empty());
        for p in &all {
            let c = word[p.at..].chars().next().unwrap_or(' ');
            assert_ne!(joining(c), Joining::Transparent, "{p:?}");
        }
    }

    #[test]
    fn the_glyphs_decide_which_places_are_usable() {
        // "السلام" = alef lam seen lam alef meem. Without the place after
        // the seen, the next best is before the seen: the final lam-alef
        // is one ligature and no place.
        let word = "السلام";
        let seen = "الس".len();
        let at = best(&places(word), |at| at != seen);
        assert_eq!(at.map(|a| &word[a..]), Some("سلام"));
        assert_eq!(best(&places(word), |_| false), None);
        // Ranked: after the seen (2), then before it (8); lam-alef and the
        // right-joining alefs leave no other place.
        assert_eq!(ranked(&places(word), |_| true, 3), [seen, "ال".len()]);
        // Lam-alef is never a place.
        assert!(places("سلام").iter().all(|p| p.at != "سل".len()));
        assert!(places("الأمين").iter().all(|p| p.at != "الأ".len() - "أ".len()));
    }
}
