//! TOML string values with a map back to the source: every byte of the
//! decoded string knows the source bytes it came from, so a problem inside
//! a string (a bad link, a control character) can be pointed at exactly.
//!
//! Literal and plain strings map one to one; escapes map to the whole
//! escape sequence. If the token cannot be decoded to the value the TOML
//! parser produced (it should always match), every position maps to the
//! whole string token instead.

use std::ops::Range;
use std::sync::OnceLock;

/// Where a house file's text stands in the spans of a tree merged with a
/// brief's: far past any brief, so that a house file's tree is shifted
/// once and reused for every brief under it.
pub(crate) const HOUSE_AT: usize = usize::MAX / 4;

/// The texts the spans of a checked tree point into: a brief's, and from
/// [`HOUSE_AT`] on its house file's.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Texts<'s> {
    /// The brief's text.
    pub brief: &'s str,
    /// Its house file's, when it has one.
    pub house: Option<&'s str>,
}

impl<'s> Texts<'s> {
    /// The text of one file.
    pub fn one(text: &'s str) -> Texts<'s> {
        Texts { brief: text, house: None }
    }

    /// The source text at `span`.
    pub fn get(&self, span: Range<usize>) -> Option<&'s str> {
        match self.house {
            Some(house) if span.start >= HOUSE_AT => house.get(span.start - HOUSE_AT..span.end - HOUSE_AT),
            _ => self.brief.get(span),
        }
    }
}

/// A decoded string value and where each of its bytes came from.
#[derive(Debug, Clone)]
pub(crate) struct SourceText {
    /// The decoded value.
    pub text: String,
    /// The string token as written in the source.
    raw: String,
    /// For each byte of `text`, its source range; worked out from `raw`
    /// when a problem is first pointed at (most strings have none), and
    /// empty if `raw` does not decode to `text`.
    map: OnceLock<Vec<Range<usize>>>,
    /// The span of the whole string token.
    whole: Range<usize>,
}

impl SourceText {
    /// Maps the token at `token` in `source` whose decoded value is `value`.
    #[cfg(test)]
    pub fn new(source: &str, token: Range<usize>, value: &str) -> SourceText {
        SourceText::of(&Texts::one(source), token, value)
    }

    /// Maps the token at `token` in `texts` whose decoded value is `value`.
    pub fn of(texts: &Texts<'_>, token: Range<usize>, value: &str) -> SourceText {
        let raw = texts.get(token.clone()).unwrap_or("").to_string();
        SourceText { text: value.to_string(), raw, map: OnceLock::new(), whole: token }
    }

    /// The source span of the decoded byte range `r`.
    pub fn span(&self, r: Range<usize>) -> Range<usize> {
        let map = self.map.get_or_init(|| {
            decode(&self.raw, self.whole.start)
                .filter(|(text, map)| *text == self.text && map.len() == text.len())
                .map(|(_, m)| m)
                .unwrap_or_default()
        });
        if map.is_empty() || r.start >= map.len() {
            return self.whole.clone();
        }
        let start = map[r.start].start;
        let end = if r.end > r.start { map[(r.end - 1).min(map.len() - 1)].end } else { start };
        start..end.max(start)
    }
}

/// Decodes a TOML string token, returning the value and, for each byte of
/// it, its source range (offset by `base`).
fn decode(raw: &str, base: usize) -> Option<(String, Vec<Range<usize>>)> {
    let (quote, literal) = if raw.starts_with("'''") {
        (3, true)
    } else if raw.starts_with("\"\"\"") {
        (3, false)
    } else if raw.starts_with('\'') {
        (1, true)
    } else if raw.starts_with('"') {
        (1, false)
    } else {
        return None;
    };
    if raw.len() < 2 * quote {
        return None;
    }
    let mut start = quote;
    let body_end = raw.len() - quote;
    // A newline right after the opening delimiter of a multi-line string
    // is not part of the value.
    if quote == 3 {
        if raw[start..].starts_with("\r\n") {
            start += 2;
        } else if raw[start..].starts_with('\n') {
            start += 1;
        }
    }
    let body = raw.get(start..body_end)?;
    let mut text = String::new();
    let mut map = Vec::new();
    let mut push = |text: &mut String, c: char, range: Range<usize>| {
        text.push(c);
        for _ in 0..c.len_utf8() {
            map.push(base + start + range.start..base + start + range.end);
        }
    };
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if literal || c != '\\' {
            push(&mut text, c, i..i + c.len_utf8());
            continue;
        }
        let (_, e) = chars.next()?;
        let simple = match e {
            'b' => Some('\u{8}'),
            't' => Some('\t'),
            'n' => Some('\n'),
            'f' => Some('\u{c}'),
            'r' => Some('\r'),
            'e' => Some('\u{1b}'),
            '"' => Some('"'),
            '\\' => Some('\\'),
            _ => None,
        };
        if let Some(s) = simple {
            push(&mut text, s, i..i + 2);
            continue;
        }
        let digits = match e {
            'x' => 2,
            'u' => 4,
            'U' => 8,
            _ => 0,
        };
        if digits > 0 {
            let hex = body.get(i + 2..i + 2 + digits)?;
            let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
            for _ in 0..digits {
                chars.next();
            }
            push(&mut text, c, i..i + 2 + digits);
            continue;
        }
        // A line-ending backslash: skip whitespace and newlines.
        if e.is_whitespace() {
            while let Some(&(_, w)) = chars.peek() {
                if w.is_whitespace() {
                    chars.next();
                } else {
                    break;
                }
            }
            continue;
        }
        return None;
    }
    Some((text, map))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn check(src: &str, value: &str, needle: &str) -> String {
        let start = src.find(['"', '\'']).unwrap();
        let st = SourceText::new(src, start..src.len(), value);
        let at = value.find(needle).unwrap();
        src[st.span(at..at + needle.len())].to_string()
    }

    #[test]
    fn maps_plain_and_literal_strings_exactly() {
        assert_eq!(check("a = \"see x:y now\"", "see x:y now", "x:y"), "x:y");
        assert_eq!(check("a = 'see x:y now'", "see x:y now", "x:y"), "x:y");
        assert_eq!(check("a = '''\nsee\nx:y now'''", "see\nx:y now", "x:y"), "x:y");
    }

    #[test]
    fn maps_escapes() {
        assert_eq!(check(r#"a = "\"q\" x:y""#, "\"q\" x:y", "x:y"), "x:y");
        assert_eq!(check(r#"a = "\u00e9 x""#, "é x", "é"), "\\u00e9");
        assert_eq!(check("a = \"\"\"one \\\n   two x\"\"\"", "one two x", "x"), "x");
    }

    #[test]
    fn falls_back_to_the_whole_token() {
        let src = "a = \"abc\"";
        let st = SourceText::new(src, 4..9, "different");
        assert_eq!(st.span(1..2), 4..9);
    }
}
