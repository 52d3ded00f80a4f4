//! Break opportunities in a paragraph's text: UAX #14 line breaks (via
//! unicode-linebreak), ties at no-break spaces, extra breaks inside URLs and
//! e-mail addresses, hyphenation points from the `hyphenation` crate's
//! patterns (loaded once per language per process, prepared by `build.rs`),
//! and in Chinese and Japanese text the places between characters, where a
//! line may break unless the line-breaking rules of the W3C's Chinese
//! Layout Requirements forbid it (no line starts with closing punctuation
//! or ends with opening punctuation, "——" and "……" never split) and where
//! justification spreads the line out; between a Han character and a Latin
//! letter or digit, a thin space (`paragraph::HAN_LATIN`).

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use hyphenation::Language;

use super::pattern_languages::PATTERN_LANGUAGES;
use super::patterns::Patterns;
use unicode_linebreak::{BreakOpportunity, linebreaks};

/// What happens at a break opportunity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum BreakKind {
    /// A forced line end (newline, paragraph separator); `start..pos` is
    /// dropped.
    Mandatory,
    /// A break at spaces `start..pos`, which are dropped if it is taken.
    Space,
    /// A break with nothing inserted or dropped (after a dash or slash).
    Direct,
    /// A break after an explicit hyphen or dash (nothing inserted, but
    /// counted as a hyphenated line).
    AfterHyphen,
    /// A break inside a URL or e-mail address: nothing inserted.
    Url,
    /// A hyphenation point: a hyphen is inserted if the break is taken.
    Hyphen,
    /// Not a break: a no-break space `start..pos` that stretches like a
    /// word space when the line is justified.
    Tie,
    /// Between two characters of Chinese or Japanese text, or a Han
    /// character and a Latin letter or digit (`thin`: a thin space goes
    /// there): justification may widen it, and a line may end
    /// there if `breakable`. Nothing is dropped or inserted in the text.
    Gap {
        /// A line may break here.
        breakable: bool,
        /// A thin space separates Han from Latin here.
        thin: bool,
    },
}

/// A break opportunity in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakPoint {
    /// Start of the material dropped at the break (spaces); equals `pos`
    /// when nothing is dropped.
    pub start: usize,
    /// Byte offset where the next line begins.
    pub pos: usize,
    /// The kind of break.
    pub kind: BreakKind,
}

/// Whether `c` is a space that a line break swallows (not a no-break space).
pub fn is_breaking_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}' | '\u{2060}' | '\u{feff}')
}

/// The hyphenation patterns for a primary language subtag, loaded once
/// per process; `None` for languages without patterns.
fn dictionary(language: &str) -> Option<&'static Patterns> {
    dictionary_of(pattern_language(language)?)
}

fn dictionary_of(lang: Language) -> Option<&'static Patterns> {
    static CACHE: OnceLock<Mutex<HashMap<Language, Option<&'static Patterns>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let mut map = cache.lock().unwrap_or_else(|e| e.into_inner());
    *map.entry(lang).or_insert_with(|| Patterns::load(lang).map(|d| &*Box::leak(Box::new(d))))
}

/// Pattern set for a primary BCP 47 subtag.
fn pattern_language(code: &str) -> Option<Language> {
    let primary = code.split(['-', '_']).next().unwrap_or("");
    PATTERN_LANGUAGES.iter().find(|(tag, _)| tag.eq_ignore_ascii_case(primary)).map(|&(_, lang)| lang)
}

/// Hyphenation points of one word (byte offsets into `word`), keeping at
/// least 2 characters before and 3 after each point.
/// Results are kept per thread, by language and word: most words of a
/// brief, and more of a batch, come again.
pub fn hyphenation_points(word: &str, language: &str) -> Vec<usize> {
    use std::cell::RefCell;
    thread_local! {
        static KNOWN: RefCell<HashMap<Language, Known>> = RefCell::new(HashMap::new());
    }
    /// Words longer than this (in bytes) are not kept; past this many
    /// words, the cache starts afresh.
    const LONGEST: usize = 64;
    const MOST: usize = 200_000;

    let Some(lang) = pattern_language(language) else {
        return Vec::new();
    };
    let chars = word.chars().count();
    if chars < 5 {
        return Vec::new();
    }
    if word.len() > LONGEST {
        return hyphenate(word, chars, lang);
    }
    KNOWN.with_borrow_mut(|known| {
        let known = known.entry(lang).or_default();
        if let Some(points) = known.get(word) {
            return points.clone();
        }
        if known.len() > MOST {
            known.clear();
        }
        let points = hyphenate(word, chars, lang);
        known.insert(word.into(), points.clone());
        points
    })
}

/// Hyphenation points already found, by word.
type Known = rustc_hash::FxHashMap<Box<str>, Vec<usize>>;

/// Liang's hyphenation of a word of `chars` characters, at least 2 before
/// and 3 after each point.
fn hyphenate(word: &str, chars: usize, lang: Language) -> Vec<usize> {
    let Some(dict) = dictionary_of(lang) else {
        return Vec::new();
    };
    dict.hyphenate(word)
        .into_iter()
        .filter(|&b| {
            word.is_char_boundary(b) && {
                let before = word[..b].chars().count();
                before >= 2 && chars - before >= 3
            }
        })
        .collect()
}

fn looks_like_url(token: &str) -> bool {
    token.contains("://")
        || token.starts_with("www.")
        || token.contains('@') && token.contains('.')
        || token.contains(".org/")
        || token.contains(".com/")
}

/// Extra break positions inside a URL or address (relative to the token).
/// In a web address, only in its path: after a slash (not inside "//") or
/// a hyphen, and before a dot, `?`, `#`, `&`, `=` or `_`; never inside the
/// scheme and host, where a reader would take "https://www" at a line end
/// for the whole address. In an e-mail address, only before the `@`.
fn url_breaks(token: &str) -> Vec<usize> {
    let bytes = token.as_bytes();
    let mut out = Vec::new();
    if !token.contains("://") && !token.starts_with("www.") {
        if let Some(at) = token.find('@').filter(|&at| at > 0 && at + 1 < bytes.len()) {
            out.push(at);
        }
        return out;
    }
    let host = token.find("://").map_or(0, |k| k + 3);
    let Some(path) = token[host..].find('/').map(|k| host + k) else {
        return out;
    };
    for (i, &c) in bytes.iter().enumerate().skip(path) {
        match c {
            b'/' if bytes.get(i + 1) != Some(&b'/') && bytes[i - 1] != b'/' && i + 1 < bytes.len() => out.push(i + 1),
            b'-' if i + 1 < bytes.len() => out.push(i + 1),
            b'.' | b'?' | b'#' | b'&' | b'=' | b'_' if i > path + 1 && i + 1 < bytes.len() => out.push(i),
            _ => {}
        }
    }
    out
}

/// All break opportunities of `text` in increasing order of position (at
/// most one per position), excluding the end of the text. Hyphenation
/// points are added when `hyphenate` and the language has patterns, except
/// in URLs, words with digits, all-capital words, words that already hold
/// a hyphen, and the paragraph's last word.
pub fn break_points(text: &str, language: &str, hyphenate: bool) -> Vec<BreakPoint> {
    let mut points: Vec<BreakPoint> = Vec::new();
    // Step 1: UAX #14 opportunities, with the spaces before them.
    for (pos, opp) in linebreaks(text) {
        if pos >= text.len() {
            continue;
        }
        let before = &text[..pos];
        let trimmed = before.trim_end_matches(is_breaking_space);
        let start = trimmed.len();
        let last = trimmed.chars().next_back();
        let kind = if opp == BreakOpportunity::Mandatory {
            BreakKind::Mandatory
        } else if start < pos {
            BreakKind::Space
        } else if last == Some('\u{ad}') {
            BreakKind::Hyphen
        } else if matches!(last, Some('-' | '\u{2010}')) {
            BreakKind::AfterHyphen
        } else {
            BreakKind::Direct
        };
        points.push(BreakPoint { start, pos, kind });
    }
    // Step 2: ties at no-break spaces.
    for (i, c) in text.char_indices() {
        if c == '\u{a0}' {
            points.push(BreakPoint { start: i, pos: i + c.len_utf8(), kind: BreakKind::Tie });
        }
    }
    // Step 3: per space-separated token, URL breaks or hyphenation points.
    let mut tokens: Vec<(usize, usize)> = Vec::new();
    let mut token_start = 0;
    for p in points.iter().filter(|p| matches!(p.kind, BreakKind::Space | BreakKind::Mandatory)) {
        // Within a run of spaces and tabs, UAX #14 may allow a break after
        // each tab: then this break's spaces reach back past the last one.
        tokens.push((token_start, p.start.max(token_start)));
        token_start = p.pos;
    }
    tokens.push((token_start, text.trim_end_matches(is_breaking_space).len().max(token_start)));
    let last_word = tokens.iter().rposition(|&(a, b)| text[a..b].chars().any(char::is_alphabetic));
    let dict = if hyphenate { dictionary(language) } else { None };
    for (k, &(a, b)) in tokens.iter().enumerate() {
        let token = &text[a..b];
        if looks_like_url(token) {
            // Inside an address only the address breaks below apply: the
            // UAX #14 ones (after "//", at its hyphens) would break it at
            // no cost, and a reader copying it from the page then gets it
            // in two pieces more often than needed.
            points.retain(|p| p.pos <= a || p.pos >= b || matches!(p.kind, BreakKind::Mandatory | BreakKind::Space));
            points.extend(url_breaks(token).into_iter().map(|p| BreakPoint {
                start: a + p,
                pos: a + p,
                kind: BreakKind::Url,
            }));
            continue;
        }
        let plain =
            !token.chars().any(|c| c.is_numeric() || matches!(c, '-' | '\u{2010}' | '\u{2011}' | '/' | '\u{ad}'));
        if dict.is_none() || Some(k) == last_word || !plain {
            continue;
        }
        // Alphabetic runs inside the token ("l’organisation" → two runs).
        let mut run_start = None;
        for (i, c) in token.char_indices().chain(std::iter::once((token.len(), ' '))) {
            match (c.is_alphabetic(), run_start) {
                (true, None) => run_start = Some(i),
                (false, Some(s)) => {
                    let word = &token[s..i];
                    let acronym = !word.chars().any(char::is_lowercase);
                    if !acronym {
                        points.extend(hyphenation_points(word, language).into_iter().map(|p| BreakPoint {
                            start: a + s + p,
                            pos: a + s + p,
                            kind: BreakKind::Hyphen,
                        }));
                    }
                    run_start = None;
                }
                _ => {}
            }
        }
    }
    // Step 4: the places between Chinese and Japanese characters take the
    // place of UAX #14's breaks there.
    let gaps = cjk_gaps(text);
    if !gaps.is_empty() {
        points.retain(|p| {
            matches!(p.kind, BreakKind::Mandatory | BreakKind::Space)
                || gaps.binary_search_by_key(&p.pos, |g| g.pos).is_err()
        });
        points.extend(gaps);
    }
    // Step 5: one break per position, the strongest kind winning.
    points.sort_by_key(|p| (p.pos, p.kind));
    points.dedup_by_key(|p| p.pos);
    points
}

/// Whether `c` is written without spaces between words, one character a
/// unit: Han, kana, bopomofo, and the full-width punctuation and forms.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FDF}' | '\u{3000}'..='\u{303F}' | '\u{3040}'..='\u{30FF}' | '\u{3100}'..='\u{312F}'
        | '\u{31A0}'..='\u{31FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}' | '\u{FF00}'..='\u{FF60}' | '\u{FFE0}'..='\u{FFE6}' | '\u{20000}'..='\u{3FFFF}')
}

/// Whether `c` is a Han character, kana or bopomofo (not punctuation): what
/// a thin space separates from Latin letters and digits.
fn is_ideograph(c: char) -> bool {
    is_cjk(c)
        && !matches!(c, '\u{3000}'..='\u{303F}' | '\u{FE30}'..='\u{FE4F}' | '\u{FF00}'..='\u{FF60}' | '\u{FFE0}'..='\u{FFE6}')
}

/// Whether a thin space separates `c` from Han beside it: a Latin letter
/// or digit, but not a superior or inferior figure (a footnote mark sits
/// against the word it follows).
fn spaced_from_han(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c) && !matches!(c, '¹' | '²' | '³' | '\u{2070}'..='\u{209F}')
}

/// Punctuation that Chinese shares with Latin text: part of the Chinese
/// text when a Chinese character is on its other side.
fn is_shared_punctuation(c: char) -> bool {
    matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·')
}

/// Characters no line may start with (CLREQ 3.1.7): closing brackets and
/// quotes, the pause, comma, full stop and the other marks that follow
/// what they punctuate, the middle dot, and small kana and iteration marks.
pub fn is_line_start_prohibited(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '！'
            | '？'
            | '）'
            | '］'
            | '｝'
            | '」'
            | '』'
            | '》'
            | '〉'
            | '】'
            | '〕'
            | '〗'
            | '〙'
            | '〛'
            | '”'
            | '’'
            | '·'
            | '・'
            | '〜'
            | '～'
            | '％'
            | '‰'
            | '℃'
            | '．'
            | 'ー'
            | '々'
            | '〻'
            | 'ぁ'
            | 'ぃ'
            | 'ぅ'
            | 'ぇ'
            | 'ぉ'
            | 'っ'
            | 'ゃ'
            | 'ゅ'
            | 'ょ'
            | 'ゎ'
            | 'ァ'
            | 'ィ'
            | 'ゥ'
            | 'ェ'
            | 'ォ'
            | 'ッ'
            | 'ャ'
            | 'ュ'
            | 'ョ'
            | 'ヮ'
            | 'ヵ'
            | 'ヶ'
    )
}

/// Characters no line may end with: opening brackets and quotes.
pub fn is_line_end_prohibited(c: char) -> bool {
    matches!(c, '（' | '［' | '｛' | '「' | '『' | '《' | '〈' | '【' | '〔' | '〖' | '〘' | '〚' | '“' | '‘')
}

/// The places between characters of Chinese or Japanese text (see
/// [`BreakKind::Gap`]), in increasing order.
fn cjk_gaps(text: &str) -> Vec<BreakPoint> {
    if text.is_ascii() || !text.chars().any(is_cjk) {
        return Vec::new();
    }
    let uax14: Vec<usize> = linebreaks(text).map(|(pos, _)| pos).collect();
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((_, a)) = chars.next() {
        let Some(&(pos, b)) = chars.peek() else { break };
        let side = |c: char, other: char| is_cjk(c) || (is_shared_punctuation(c) && is_cjk(other));
        let kind = if side(a, b) && side(b, a) {
            // Both in the Chinese text: the kinsoku rules decide.
            let unsplittable = a == b && matches!(a, '—' | '…');
            let breakable = !is_line_start_prohibited(b) && !is_line_end_prohibited(a) && !unsplittable;
            Some(BreakKind::Gap { breakable, thin: false })
        } else if (is_ideograph(a) && spaced_from_han(b)) || (is_ideograph(b) && spaced_from_han(a)) {
            // Han beside a Latin letter or a digit, with no space between.
            let breakable = uax14.binary_search(&pos).is_ok();
            Some(BreakKind::Gap { breakable, thin: true })
        } else if (is_cjk(a) && !is_cjk(b) && b.is_alphanumeric()) || (is_cjk(b) && !is_cjk(a) && a.is_alphanumeric()) {
            // A full-width mark beside a Latin letter or a digit ("、88"):
            // its own blank half is the space there, and a line ending
            // after a closing mark closes it up like one before Han.
            let breakable =
                uax14.binary_search(&pos).is_ok() && !is_line_start_prohibited(b) && !is_line_end_prohibited(a);
            Some(BreakKind::Gap { breakable, thin: false })
        } else {
            None
        };
        if let Some(kind) = kind {
            out.push(BreakPoint { start: pos, pos, kind });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hyphenated(word: &str, lang: &str) -> String {
        let mut out = String::new();
        let mut last = 0;
        for p in hyphenation_points(word, lang) {
            out.push_str(&word[last..p]);
            out.push('-');
            last = p;
        }
        out.push_str(&word[last..]);
        out
    }

    #[test]
    fn hyphenation_points_per_language() {
        assert_eq!(hyphenated("manifestations", "en"), "man-i-fes-ta-tions");
        assert!(hyphenated("gouvernementales", "fr").matches('-').count() >= 3);
        assert!(hyphenated("organizaciones", "es").matches('-').count() >= 3);
        assert!(hyphenated("государственный", "ru").matches('-').count() >= 2);
        assert!(hyphenated("Menschenrechtsverletzungen", "de").matches('-').count() >= 4);
        assert_eq!(hyphenated("manifestations", "xx"), "manifestations");
        // At least 3 characters after the last point.
        for w in ["organisations", "humanitarian", "development"] {
            let h = hyphenated(w, "en");
            assert!(h.rsplit('-').next().is_some_and(|tail| tail.chars().count() >= 3), "{h}");
        }
    }

    #[test]
    fn addresses_break_in_their_path_or_before_the_at_sign() {
        let url = "https://www.un.org/counterterrorism/2021-counter-terrorism-week";
        let cut: Vec<&str> = url_breaks(url).into_iter().map(|p| &url[..p]).collect();
        assert_eq!(
            cut,
            [
                "https://www.un.org/",
                "https://www.un.org/counterterrorism/",
                "https://www.un.org/counterterrorism/2021-",
                "https://www.un.org/counterterrorism/2021-counter-",
                "https://www.un.org/counterterrorism/2021-counter-terrorism-",
            ]
        );
        assert!(url_breaks("https://www.un.org").is_empty());
        assert_eq!(url_breaks("gerardl@un.org"), [7]);
        assert_eq!(url_breaks("www.un.org/a.b"), [11, 12]);
    }

    /// Found by fuzzing: breaks after each tab of a run of tabs and spaces
    /// made a token that ended before it began.
    #[test]
    fn runs_of_tabs_and_spaces_make_no_backward_token() {
        for text in ["x\t \ty", "a\t\t\tb c", "\t]a \t%f \t \t \tg", "w\t \t\n\t v"] {
            let pts = break_points(text, "en", true);
            assert!(pts.windows(2).all(|w| w[0].pos < w[1].pos), "{text:?}: {pts:?}");
        }
    }

    /// The text cut at the breakable places between Chinese characters.
    fn cjk_lines(text: &str) -> Vec<&str> {
        let mut cuts = vec![0];
        cuts.extend(
            break_points(text, "zh", true)
                .iter()
                .filter(|p| matches!(p.kind, BreakKind::Gap { breakable: true, .. } | BreakKind::Direct))
                .map(|p| p.pos),
        );
        cuts.push(text.len());
        cuts.windows(2).map(|w| &text[w[0]..w[1]]).collect()
    }

    #[test]
    fn chinese_breaks_between_characters_but_not_before_closing_punctuation() {
        assert_eq!(cjk_lines("联合国会员国"), ["联", "合", "国", "会", "员", "国"]);
        // No piece starts with a comma, full stop, closing quote or
        // bracket, and none ends with an opening quote or bracket.
        let text = "秘书长说：“我们必须团结。”（反恐办）《全球战略》、会员国——以及……其他";
        for piece in cjk_lines(text) {
            let first = piece.chars().next().unwrap_or(' ');
            let last = piece.chars().next_back().unwrap_or(' ');
            assert!(!is_line_start_prohibited(first), "{piece:?} starts with {first}");
            assert!(!is_line_end_prohibited(last), "{piece:?} ends with {last}");
        }
        let pieces = cjk_lines(text);
        assert!(pieces.contains(&"说：") && pieces.contains(&"“我"), "{pieces:?}");
        assert!(pieces.contains(&"结。”") && pieces.contains(&"（反"), "{pieces:?}");
        // The two-em dash and the ellipsis stay whole.
        assert!(pieces.iter().any(|p| p.contains("——")) && pieces.iter().any(|p| p.contains("……")), "{pieces:?}");
    }

    #[test]
    fn a_thin_space_between_han_and_latin_or_digits() {
        let text = "共有147个会员国和UNOCT参加";
        let thins: Vec<&str> = break_points(text, "zh", true)
            .iter()
            .filter(|p| matches!(p.kind, BreakKind::Gap { thin: true, .. }))
            .map(|p| &text[..p.pos])
            .collect();
        assert_eq!(thins, ["共有", "共有147", "共有147个会员国和", "共有147个会员国和UNOCT"]);
        // Not beside a space or punctuation, and not in Latin text.
        assert!(break_points("共有 147 个，2021年。", "zh", true).iter().all(|p| !matches!(
            p.kind,
            BreakKind::Gap { thin: true, .. }
        ) || p.pos
            == "共有 147 个，2021".len()));
        assert!(cjk_gaps("No Chinese here, “quoted” — fine…").is_empty());
        // A mark beside a digit is a place too, with no thin space: a line
        // may end after "、" before "88" and close the mark's blank half.
        let pts = break_points("组织、88个", "zh", true);
        let at = "组织、".len();
        assert!(
            pts.iter().any(|p| p.pos == at && matches!(p.kind, BreakKind::Gap { breakable: true, thin: false })),
            "{pts:?}"
        );
        // But never before a closing mark after a digit.
        let pts = break_points("共88。", "zh", true);
        assert!(!pts.iter().any(|p| p.pos == "共88".len() && matches!(p.kind, BreakKind::Gap { breakable: true, .. })));
    }

    #[test]
    fn spaces_and_no_break_spaces() {
        let text = "Mr.\u{a0}Guterres said 10\u{202f}000 people";
        let pts = break_points(text, "en", false);
        let spaces: Vec<&str> =
            pts.iter().filter(|p| p.kind == BreakKind::Space).map(|p| &text[p.start..p.pos]).collect();
        assert_eq!(spaces, vec![" ", " ", " "]);
        assert!(pts.iter().any(|p| p.kind == BreakKind::Tie));
        // No break inside "10 000" (narrow no-break space).
        let nn = text.find('\u{202f}').unwrap_or(0);
        assert!(!pts.iter().any(|p| p.pos == nn || p.pos == nn + 3));
    }

    #[test]
    fn hyphenation_skips_what_it_must() {
        let text = "UNICEF https://www.un.org/development/desa covid19 well-known humanitarian manifestations";
        let pts = break_points(text, "en", true);
        let hy: Vec<usize> = pts.iter().filter(|p| p.kind == BreakKind::Hyphen).map(|p| p.pos).collect();
        let hum = text.find("humanitarian").unwrap_or(0);
        // Only "humanitarian" hyphenates: not the acronym, the URL, the word
        // with digits, the compound or the last word.
        assert!(!hy.is_empty());
        assert!(hy.iter().all(|&p| p > hum && p < hum + 12), "{hy:?}");
        assert!(pts.iter().any(|p| p.kind == BreakKind::Url));
        let wk = text.find("well-").unwrap_or(0) + 5;
        assert!(pts.iter().any(|p| p.pos == wk && p.kind == BreakKind::AfterHyphen));
    }
}
