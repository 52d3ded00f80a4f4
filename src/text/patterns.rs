//! Hyphenation patterns that load in a tenth of the time.
//!
//! The `hyphenation` crate deserializes a language's whole dictionary at
//! once, and most of that time goes to its exceptions: for English, 1,439
//! words, each a heap string and a vector in a hash map (0.18 ms of the
//! 0.2 ms a load takes, a twentieth of a whole build). `build.rs` prepares
//! each language's dictionary without exceptions, which loads in about
//! 20 µs, and the exceptions as a sorted table compiled into the binary.
//! [`Patterns::hyphenate`] then gives exactly what the crate's whole
//! dictionary gives; a test checks it on every exception of every
//! language, in every case, and on ordinary words.

use std::borrow::Cow;

use hyphenation::{Hyphenator, Language, Load, Standard};

/// Exceptions: lower-case word and its hyphenation points (byte offsets),
/// sorted by word.
type Exceptions = &'static [(&'static str, &'static [usize])];

/// A language prepared by `build.rs`: its dictionary without exceptions,
/// serialized, and its exceptions.
type Prepared = (Language, &'static [u8], Exceptions);

include!(concat!(env!("OUT_DIR"), "/patterns.rs"));

/// One language's hyphenation patterns and exceptions.
pub struct Patterns {
    /// The crate's dictionary, without its exceptions.
    dict: Standard,
    /// The exceptions, sorted by word.
    exceptions: Exceptions,
}

impl Patterns {
    /// The patterns of `lang`; `None` for a language not prepared.
    pub fn load(lang: Language) -> Option<Patterns> {
        let &(_, bytes, exceptions) = PREPARED.iter().find(|(l, ..)| *l == lang)?;
        let dict = Standard::from_reader(lang, &mut &bytes[..]).ok()?;
        Some(Patterns { dict, exceptions })
    }

    /// The hyphenation points of `word` (byte offsets), the same as the
    /// crate's `Standard::hyphenate(word).breaks` with its whole dictionary.
    pub fn hyphenate(&self, word: &str) -> Vec<usize> {
        // A word with soft hyphens breaks at them, exception or not.
        if !word.contains('\u{ad}')
            && let Some(points) = self.exception(word)
        {
            return points;
        }
        self.dict.hyphenate(word).breaks
    }

    /// The points of `word` if it is an exception, as the crate finds them:
    /// the word folded to lower case, looked up, the points kept within the
    /// dictionary's margins and mapped back to the unfolded word.
    fn exception(&self, word: &str) -> Option<Vec<usize>> {
        let (folded, shifts) = refold(word);
        let k = self.exceptions.binary_search_by(|&(w, _)| w.cmp(folded.as_ref())).ok()?;
        let Some((l, r)) = self.dict.boundaries(&folded) else {
            return Some(Vec::new());
        };
        Some(self.exceptions[k].1.iter().copied().filter(|&i| i >= l && i <= r).map(|i| realign(i, &shifts)).collect())
    }
}

// The crate's case folding (its `case_folding` module is private), as it
// is: lower case, with the dotted capital I's "i\u{307}" folded to "i" and
// the byte offsets after it shifted.

/// Where folding moved the offsets: after `index` (in the folded word),
/// by `delta`.
#[derive(Debug, Clone, Copy)]
struct Shift {
    index: usize,
    delta: isize,
}

fn refold(word: &str) -> (Cow<'_, str>, Vec<Shift>) {
    if !word.chars().any(char::is_uppercase) {
        return (Cow::Borrowed(word), Vec::new());
    }
    let lower = word.to_lowercase();
    if lower.len() == word.len() {
        return (Cow::Owned(lower), Vec::new());
    }
    (Cow::Owned(lower.replace("i\u{307}", "i")), shifts(word))
}

fn shifts(word: &str) -> Vec<Shift> {
    let mut delta = 0;
    word.match_indices('İ')
        .map(|(i, _)| {
            let index = (i as isize + delta) as usize;
            delta -= 1;
            Shift { index, delta }
        })
        .collect()
}

fn realign(i: usize, shifts: &[Shift]) -> usize {
    let shift = shifts.iter().rev().find(|s| i > s.index).map_or(0, |s| s.delta);
    (i as isize - shift) as usize
}

#[cfg(test)]
mod tests {
    use super::super::pattern_languages::PATTERN_LANGUAGES;
    use super::*;

    /// The forms a word may take in running text.
    fn forms(word: &str) -> Vec<String> {
        let mut chars = word.chars();
        let capitalized: String = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
        let upper = word.to_uppercase();
        // The dotted capital I, which folding shifts, in place of each
        // "i" (alone and together), and the capital sharp s.
        let dotted_one = word.replacen('i', "İ", 1).to_uppercase().replace('I', "İ");
        let dotted_all = upper.replace('I', "İ");
        let sharp = upper.replace("SS", "ẞ");
        let soft = word.char_indices().nth(2).map(|(i, _)| format!("{}\u{ad}{}", &word[..i], &word[i..]));
        let mut forms = vec![word.to_string(), capitalized, upper, dotted_one, dotted_all, sharp];
        forms.extend(soft);
        forms
    }

    #[test]
    fn every_language_is_prepared_and_loads() {
        for &(tag, lang) in PATTERN_LANGUAGES {
            let patterns = Patterns::load(lang).unwrap_or_else(|| panic!("{tag}: not prepared"));
            let whole = Standard::from_embedded(lang).expect("embedded");
            assert_eq!(patterns.exceptions.len(), whole.exceptions.0.len(), "{tag}");
            assert!(patterns.exceptions.windows(2).all(|w| w[0].0 < w[1].0), "{tag}: sorted");
        }
    }

    #[test]
    fn the_same_points_as_the_whole_dictionary() {
        let ordinary = "international organizations cooperation counter-terrorism technologies responsibility \
                        conférence développement organisation universalité сотрудничество безопасность \
                        Zusammenarbeit Verantwortung İSTANBUL İstanbul ISTANBUL ĳsselmeer STRASSE ΔΙΕΘΝΉΣ";
        let mut checked = 0;
        for &(tag, lang) in PATTERN_LANGUAGES {
            let patterns = Patterns::load(lang).expect("prepared");
            let whole = Standard::from_embedded(lang).expect("embedded");
            let words = whole.exceptions.0.keys().map(String::as_str).chain(ordinary.split(' '));
            for word in words {
                for form in forms(word) {
                    assert_eq!(patterns.hyphenate(&form), whole.hyphenate(&form).breaks, "{tag}: {form:?}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 10_000, "{checked}");
    }

    #[test]
    fn folding_shifts_offsets_after_the_dotted_capital_i() {
        let (folded, shifts) = refold("İİX");
        assert_eq!(folded, "iix");
        // "İ" is two bytes, "i" one: each offset in the folded word maps to
        // the same place in the word, one byte further per "İ" before it.
        assert_eq!([realign(1, &shifts), realign(2, &shifts), realign(3, &shifts)], [2, 4, 5]);
    }
}
