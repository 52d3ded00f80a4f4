//! Language-aware typographic clean-up of running text, before it is set:
//! straight quotes become the language's quotation marks, apostrophes
//! become ’, French gets its narrow no-break spaces before `; : ! ?` and
//! inside « », numbers stay tied to their units and digit groups never
//! break. Existing typographic quotes and dashes are kept; nothing inside
//! a URL or e-mail address changes.
//!
//! [`smarten`] works on the concatenation of several pieces (the spans of
//! a paragraph: a quotation may open in one and close in another) and
//! edits each piece in place, so every character stays in the piece it
//! came from.

/// Narrow no-break space (French punctuation, digit groups).
const NNBSP: char = '\u{202f}';
/// No-break space (number and unit).
const NBSP: char = '\u{a0}';

/// Units and words that stay on the line of the number before them.
const UNITS: &[&str] = &[
    "%",
    "‰",
    "km",
    "m",
    "cm",
    "mm",
    "kg",
    "g",
    "t",
    "h",
    "min",
    "s",
    "ha",
    "l",
    "ml",
    "km²",
    "m²",
    "°C",
    "kW",
    "MW",
    "GW",
    "kWh",
    "Mt",
    "Gt",
    "million",
    "millions",
    "billion",
    "billions",
    "milliard",
    "milliards",
    "millón",
    "millones",
    "Millionen",
    "Milliarden",
];

/// Quotation marks of a language: outer opening and closing, inner
/// opening and closing.
fn quotes(language: &str) -> (&'static str, &'static str, char, char) {
    match language {
        "fr" => ("«\u{202f}", "\u{202f}»", '“', '”'),
        "es" | "ru" | "ar" => ("«", "»", '“', '”'),
        "de" => ("„", "“", '‚', '‘'),
        _ => ("“", "”", '‘', '’'),
    }
}

/// The outer quotation marks of `language` (a BCP 47 tag), opening and
/// closing, with the spaces French puts inside them: “ ” in English,
/// « » in French, Spanish, Russian and Arabic, „ “ in German.
pub fn quotation_marks(language: &str) -> (&'static str, &'static str) {
    let lang = language.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    let (open, close, _, _) = quotes(&lang);
    (open, close)
}

/// Whether a quote after `prev` opens (start, space, opening punctuation).
fn opens_after(prev: Option<char>) -> bool {
    prev.is_none_or(|c| c.is_whitespace() || "([{‘“„‚«‹—–-/".contains(c))
}

/// Whether a space-separated token is an address to keep untouched.
fn is_address(token: &str) -> bool {
    token.contains("://")
        || token.starts_with("www.")
        || token.split_once('@').is_some_and(|(a, b)| !a.is_empty() && b.contains('.'))
}

/// Whether [`smarten`] could change anything: the text has a straight
/// quote or apostrophe, a space after a digit (a digit group or a number
/// and its unit), or, in French, punctuation that takes a space before it
/// or guillemets, in Arabic a Latin comma, semicolon or question mark after
/// an Arabic word. Most pieces of running text have none, and are left as
/// they are without taking them apart character by character.
fn might_change(pieces: &[String], french: bool, arabic_text: bool) -> bool {
    let mut after_digit = false;
    let mut arabic = false;
    for ch in pieces.iter().flat_map(|p| p.chars()) {
        if ch == '"'
            || ch == '\''
            || (after_digit && matches!(ch, ' ' | NBSP | '\u{2009}'))
            || (french && matches!(ch, ';' | ':' | '!' | '?' | '«' | '»'))
            || (arabic && matches!(ch, ',' | ';' | '?'))
        {
            return true;
        }
        after_digit = ch.is_ascii_digit();
        arabic = arabic_text && (is_arabic_letter(ch) || (arabic && ")»”\"'".contains(ch)));
    }
    false
}

/// A letter of the Arabic script (the Arabic blocks, not its digits or
/// punctuation).
fn is_arabic_letter(ch: char) -> bool {
    matches!(ch, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06FA}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}')
}

/// The Arabic form of a comma, semicolon or question mark: "،", "؛", "؟".
fn arabic_punctuation(ch: char) -> Option<char> {
    match ch {
        ',' => Some('،'),
        ';' => Some('؛'),
        '?' => Some('؟'),
        _ => None,
    }
}

/// Rewrites straight quotes, apostrophes and spaces in `pieces` for
/// `language` (a BCP 47 tag; its primary subtag decides), across the
/// concatenation of the pieces, each edited in place.
pub fn smarten(pieces: &mut [String], language: &str) {
    let lang = language.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    let lang = lang.as_str();
    let french = lang == "fr";
    let arabic = lang == "ar";
    if !might_change(pieces, french, arabic) {
        return;
    }
    // Step 1: the characters, with their piece and whether they are part
    // of an address.
    let chars: Vec<(usize, char)> =
        pieces.iter().enumerate().flat_map(|(p, s)| s.chars().map(move |c| (p, c))).collect();
    let n = chars.len();
    let c = |i: usize| chars[i].1;
    let mut protected = vec![false; n];
    let mut i = 0;
    while i < n {
        if c(i).is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && !c(i).is_whitespace() {
            i += 1;
        }
        // Punctuation after an address is the sentence's, not the address's.
        let mut end = i;
        while end > start && ".,;:!?)»”’\"'".contains(c(end - 1)) {
            end -= 1;
        }
        let token: String = chars[start..end].iter().map(|&(_, ch)| ch).collect();
        if is_address(&token) {
            protected[start..end].fill(true);
        }
    }
    // Step 2: a replacement for every character that changes.
    let mut out: Vec<Option<String>> = vec![None; n];
    let (open, close, inner_open, inner_close) = quotes(lang);
    let mut double_open = false;
    let mut single_open = false;
    let prev = |i: usize| i.checked_sub(1).map(c);
    let next = |i: usize| (i + 1 < n).then(|| c(i + 1));
    for i in 0..n {
        if protected[i] {
            continue;
        }
        match c(i) {
            '"' => {
                let opening = opens_after(prev(i)) && !(double_open && next(i).is_none_or(char::is_whitespace));
                out[i] = Some(if opening { open } else { close }.to_string());
                double_open = opening;
            }
            '\'' => {
                let word_inside =
                    prev(i).is_some_and(char::is_alphanumeric) && next(i).is_some_and(char::is_alphanumeric);
                // Inside a word, or an elision before a number ('90s).
                out[i] = Some(
                    if word_inside || next(i).is_some_and(|ch| ch.is_ascii_digit()) {
                        '’'
                    } else if opens_after(prev(i)) && next(i).is_some_and(|ch| !ch.is_whitespace()) {
                        single_open = true;
                        inner_open
                    } else if single_open {
                        single_open = false;
                        inner_close
                    } else {
                        '’'
                    }
                    .to_string(),
                );
            }
            // In Arabic, after an Arabic word (or its closing quote or
            // parenthesis), the Arabic comma, semicolon and question mark:
            // "1,000" and a Latin word's comma stay as they are. In other
            // languages the mark after a quoted Arabic name is the
            // sentence's.
            ch @ (',' | ';' | '?') if arabic => {
                let closer = |k: usize| ")»”\"'".contains(c(k));
                let word = (0..i).rev().find(|&k| !closer(k)).map(c);
                if word.is_some_and(is_arabic_letter) {
                    out[i] = arabic_punctuation(ch).map(String::from);
                }
            }
            _ => {}
        }
    }
    // Step 3: spaces. French punctuation and guillemets, number ties,
    // digit groups.
    let is_space = |ch: char| matches!(ch, ' ' | NBSP | '\u{2009}');
    // The replacement of character `i`, made from the character itself
    // when it has none yet.
    let edit =
        |out: &mut Vec<Option<String>>, i: usize| -> String { out[i].take().unwrap_or_else(|| c(i).to_string()) };
    for i in 0..n {
        if protected[i] {
            continue;
        }
        let ch = c(i);
        if french && matches!(ch, ';' | ':' | '!' | '?') {
            let time =
                ch == ':' && prev(i).is_some_and(|p| p.is_ascii_digit()) && next(i).is_some_and(|p| p.is_ascii_digit());
            match prev(i) {
                Some(p) if is_space(p) && i >= 1 && !protected[i - 1] => out[i - 1] = Some(NNBSP.to_string()),
                Some(p) if !time && (p.is_alphanumeric() || ")]»”’".contains(p)) => {
                    let mut s = edit(&mut out, i);
                    s.insert(0, NNBSP);
                    out[i] = Some(s);
                }
                _ => {}
            }
        }
        if french && ch == '«' {
            match next(i) {
                Some(s) if is_space(s) => out[i + 1] = Some(NNBSP.to_string()),
                Some(s) if s != NNBSP => {
                    let mut s = edit(&mut out, i);
                    s.push(NNBSP);
                    out[i] = Some(s);
                }
                _ => {}
            }
        }
        if french && ch == '»' {
            match prev(i) {
                Some(s) if is_space(s) => out[i - 1] = Some(NNBSP.to_string()),
                Some(s) if s != NNBSP => {
                    let mut s = edit(&mut out, i);
                    s.insert(0, NNBSP);
                    out[i] = Some(s);
                }
                _ => {}
            }
        }
        if !is_space(ch) || !prev(i).is_some_and(|p| p.is_ascii_digit()) || out[i].is_some() {
            continue;
        }
        // Digit groups: "11 000 000" (the group before has 1 to 3 digits,
        // the one after exactly 3).
        let before = (0..i).rev().take_while(|&k| c(k).is_ascii_digit()).count();
        let after = (i + 1..n).take_while(|&k| c(k).is_ascii_digit()).count();
        if (1..=3).contains(&before) && after == 3 {
            out[i] = Some(NNBSP.to_string());
            continue;
        }
        // A number and its unit.
        let end = (i + 1..n).find(|&k| c(k).is_whitespace() || ",.;:!?)/".contains(c(k))).unwrap_or(n);
        let word: String = chars[i + 1..end].iter().map(|&(_, ch)| ch).collect();
        if UNITS.contains(&word.as_str()) {
            let percent = matches!(word.as_str(), "%" | "‰");
            out[i] = Some(if french && percent { NNBSP } else { NBSP }.to_string());
        }
    }
    // Step 4: each character back into its piece.
    for piece in pieces.iter_mut() {
        piece.clear();
    }
    for (&(p, ch), s) in chars.iter().zip(&out) {
        match s {
            Some(s) => pieces[p].push_str(s),
            None => pieces[p].push(ch),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str, lang: &str) -> String {
        let mut pieces = vec![text.to_string()];
        smarten(&mut pieces, lang);
        pieces.remove(0)
    }

    #[test]
    fn english_quotes_and_apostrophes() {
        assert_eq!(
            one(r#"The "Secretary-General's" call: 'act now', he said. It's the UN's '90s plan."#, "en"),
            "The “Secretary-General’s” call: ‘act now’, he said. It’s the UN’s ’90s plan."
        );
        // Typographic marks and dashes stay as they are.
        assert_eq!(one("“Already” – done — yes", "en-GB"), "“Already” – done — yes");
    }

    #[test]
    fn quotes_open_in_one_piece_and_close_in_another() {
        let mut pieces = vec!["He called it \"".to_string(), "unprecedented".to_string(), "\" today.".to_string()];
        smarten(&mut pieces, "en");
        assert_eq!(pieces, ["He called it “", "unprecedented", "” today."]);
    }

    #[test]
    fn french_spaces_and_guillemets() {
        assert_eq!(
            one(
                r#"Il a dit : "Agissons maintenant !" Pourquoi? Voir https://www.un.org/fr:8080 ou a@b.org; à 12:00."#,
                "fr"
            ),
            "Il a dit\u{202f}: «\u{202f}Agissons maintenant\u{202f}!\u{202f}» Pourquoi\u{202f}? Voir https://www.un.org/fr:8080 ou a@b.org\u{202f}; à 12:00."
        );
        assert_eq!(one("« mot »", "fr-CH"), "«\u{202f}mot\u{202f}»");
        assert_eq!(
            one("l'organisation, 30 % et 11 000 000 de personnes", "fr"),
            "l’organisation, 30\u{202f}% et 11\u{202f}000\u{202f}000 de personnes"
        );
    }

    #[test]
    fn arabic_punctuation_after_arabic_words() {
        assert_eq!(one("قال, \"مرحبا\"; هل?", "ar"), "قال، «مرحبا»؛ هل؟");
        // Numbers, Latin words and addresses keep theirs.
        assert_eq!(
            one("نحو 1,000 مشارك, UNOCT, https://un.org/a?b", "ar"),
            "نحو 1,000 مشارك، UNOCT, https://un.org/a?b"
        );
        assert_eq!(one("«سلام», dit-il", "fr"), "«\u{202f}سلام\u{202f}», dit-il");
        assert_eq!(one("سلام, dit-il", "fr"), "سلام, dit-il");
    }

    #[test]
    fn german_and_spanish_quotes() {
        assert_eq!(one(r#"Er sagte "Frieden" und 'Hoffnung'."#, "de"), "Er sagte „Frieden“ und ‚Hoffnung‘.");
        assert_eq!(one(r#"Dijo "paz" ayer."#, "es"), "Dijo «paz» ayer.");
        assert_eq!(one(r#"Он сказал "мир"."#, "ru"), "Он сказал «мир».");
    }

    #[test]
    fn numbers_tie_to_units_and_digit_groups_hold() {
        assert_eq!(
            one("30 % of 1 200 000 people, 50 km/h, 5 kg and 1.19 million in 2024 100 cases", "en"),
            "30\u{a0}% of 1\u{202f}200\u{202f}000 people, 50\u{a0}km/h, 5\u{a0}kg and 1.19\u{a0}million in 2024 100 cases"
        );
        // Not a unit: a word that merely starts with one.
        assert_eq!(one("5 members and 3 tons", "en"), "5 members and 3 tons");
    }

    #[test]
    fn addresses_are_untouched() {
        let text = "See www.un.org/'x'/y and https://un.org/a?b=\"c\"&d=1 or o'brien@un.org: 12 km";
        let want = "See www.un.org/'x'/y and https://un.org/a?b=\"c\"&d=1 or o'brien@un.org\u{202f}: 12\u{a0}km";
        assert_eq!(one(text, "fr"), want);
    }
}
