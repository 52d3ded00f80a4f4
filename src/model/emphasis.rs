//! Emphasis as Chinese and Japanese writers write it.
//!
//! CommonMark decides whether `**` opens or closes emphasis by what is on
//! either side: a run before punctuation opens only after a space or
//! punctuation. Chinese puts no space around emphasis, so
//! `会议主题为**“在……挑战”**。` has `**` between 为 and “ and stays
//! literal (commonmark-spec issue 650). The "CJK-friendly amendments"
//! (markdown-cjk-friendly) count a CJK character beside the run like a
//! space or punctuation; pulldown-cmark has them only after its 0.13 line.
//!
//! [`cjk_friendly`] applies them after pulldown-cmark: every `*` or `_` run
//! left as text is classified again with the amendments, runs that pair
//! become emphasis (one), strong emphasis (two) or both (three), and a
//! `**` or `__` still without a partner is a warning at its place, never
//! silently printed. Runs inside code, escaped runs (`\*\*`) and runs
//! across an unclosed link or emphasis are left alone.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use unicode_width::UnicodeWidthChar;

use super::diag::Diagnostic;
use super::literal::SourceText;

type Ev<'a> = (Event<'a>, Range<usize>);

/// The events with the emphasis the amendments find; warnings for
/// unpaired double runs in `diags`.
pub(crate) fn cjk_friendly<'a>(events: Vec<Ev<'a>>, src: &SourceText, diags: &mut Vec<Diagnostic>) -> Vec<Ev<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut run: Vec<Ev<'a>> = Vec::new();
    for (event, range) in events {
        if is_block(&event) {
            out.extend(inline_run(std::mem::take(&mut run), src, diags));
            out.push((event, range));
        } else {
            run.push((event, range));
        }
    }
    out.extend(inline_run(run, src, diags));
    out
}

/// Whether an event opens or closes a block (the inline text between two
/// such events is one run).
fn is_block(event: &Event<'_>) -> bool {
    match event {
        Event::Start(tag) => !matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Link { .. }
                | Tag::Image { .. }
                | Tag::Superscript
                | Tag::Subscript
        ),
        Event::End(tag) => !matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image
                | TagEnd::Superscript
                | TagEnd::Subscript
        ),
        Event::Rule | Event::Html(_) | Event::DisplayMath(_) => true,
        _ => false,
    }
}

/// A run of `*` or `_` in a text event.
#[derive(Debug, Clone)]
struct Delim {
    /// The event it is in, and its bytes in the event's text.
    event: usize,
    at: Range<usize>,
    ch: char,
    open: bool,
    close: bool,
    /// The inline nesting depth of its event.
    depth: usize,
    /// Its partner's index in the list of delimiters, once paired.
    partner: Option<usize>,
}

fn inline_run<'a>(run: Vec<Ev<'a>>, src: &SourceText, diags: &mut Vec<Diagnostic>) -> Vec<Ev<'a>> {
    if !run.iter().any(|(e, _)| matches!(e, Event::Text(t) if t.contains(['*', '_']))) {
        return run;
    }
    let run = coalesce(run);
    // Depth of each event, and the runs of literal stars and underscores.
    let mut depths = Vec::with_capacity(run.len());
    let mut depth = 0usize;
    let mut delims: Vec<Delim> = Vec::new();
    for (k, (event, range)) in run.iter().enumerate() {
        if let Event::End(_) = event {
            depth = depth.saturating_sub(1);
        }
        depths.push(depth);
        if let Event::Start(_) = event {
            depth += 1;
        }
        let Event::Text(t) = event else { continue };
        // Only text written as it reads: an escaped `\*` is meant literally.
        if src.text.get(range.clone()) != Some(&**t) {
            continue;
        }
        let mut i = 0;
        let bytes = t.as_bytes();
        while i < bytes.len() {
            let c = bytes[i];
            if c != b'*' && c != b'_' {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && bytes[i] == c {
                i += 1;
            }
            // `\*` in the source: a star meant as a star.
            if src.text[..range.start + start].ends_with('\\') {
                continue;
            }
            let before = t[..start].chars().next_back().or_else(|| edge(&run, k, false));
            let after = t[i..].chars().next().or_else(|| edge(&run, k, true));
            let (left, right) = flanking(before, after);
            let (open, close) = if c == b'*' {
                (left, right)
            } else {
                (
                    left && (!right || before.is_some_and(punctuation)),
                    right && (!left || after.is_some_and(punctuation)),
                )
            };
            delims.push(Delim {
                event: k,
                at: start..i,
                ch: char::from(c),
                open,
                close,
                depth: depths[k],
                partner: None,
            });
        }
    }
    pair(&mut delims, &depths);
    for d in delims.iter().filter(|d| d.partner.is_none() && d.at.len() >= 2) {
        let range = &run[d.event].1;
        let span = src.span(range.start + d.at.start..range.start + d.at.end);
        let run_text: String = std::iter::repeat_n(d.ch, d.at.len()).collect();
        diags.push(
            Diagnostic::warning(format!("`{run_text}` has no partner: it is printed as written"), span).with_hint(
                format!(
                    "put another `{run_text}` after the words to set in bold, or write `\\{}` for each one meant as is",
                    d.ch
                ),
            ),
        );
    }
    rewrite(run, &delims)
}

/// Text events that follow one another in the source as one (pulldown-cmark
/// hands an unpaired `**` over as two events of one star each).
fn coalesce(run: Vec<Ev<'_>>) -> Vec<Ev<'_>> {
    let mut out: Vec<Ev<'_>> = Vec::with_capacity(run.len());
    for (event, range) in run {
        if let (Event::Text(next), Some((Event::Text(text), last))) = (&event, out.last_mut())
            && last.end == range.start
        {
            *text = CowStr::from(format!("{text}{next}"));
            last.end = range.end;
            continue;
        }
        out.push((event, range));
    }
    out
}

/// The character next to the event `k` on its `after` side, for runs at
/// its edge: text continues, a line break is a space, anything else (code,
/// a tag) reads as a letter; the run's own start or end is a space.
fn edge(run: &[Ev<'_>], k: usize, after: bool) -> Option<char> {
    let neighbour = if after { run.get(k + 1) } else { k.checked_sub(1).and_then(|j| run.get(j)) };
    match neighbour.map(|(e, _)| e) {
        None | Some(Event::SoftBreak | Event::HardBreak) => None,
        Some(Event::Text(t)) => {
            if after {
                t.chars().next()
            } else {
                t.chars().next_back()
            }
        }
        Some(_) => Some('a'),
    }
}

/// Whether a run between `before` and `after` (`None`: a space or the edge
/// of the text) is left-flanking and right-flanking, a CJK character
/// counting as a space or punctuation would.
fn flanking(before: Option<char>, after: Option<char>) -> (bool, bool) {
    let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let loose = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || punctuation(c) || cjk(c));
    let left = !space(after) && (!after.is_some_and(punctuation) || loose(before));
    let right = !space(before) && (!before.is_some_and(punctuation) || loose(after));
    (left, right)
}

/// Punctuation or a symbol, as CommonMark counts them.
fn punctuation(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace()
}

/// A CJK character: wide or full-width (Han, kana, Hangul, CJK and
/// full-width punctuation), emoji aside.
fn cjk(c: char) -> bool {
    c.width() == Some(2) && !matches!(c as u32, 0x1F000..=0x1FAFF)
}

/// Pairs closers with the nearest opener before them of the same
/// character and length, at the same depth with nothing closed between.
fn pair(delims: &mut [Delim], depths: &[usize]) {
    for c in 0..delims.len() {
        if !delims[c].close || delims[c].partner.is_some() {
            continue;
        }
        let found = (0..c).rev().find(|&o| {
            let (open, close) = (&delims[o], &delims[c]);
            open.open
                && open.partner.is_none()
                // Emphasis of nothing is no emphasis.
                && (open.event, open.at.end) != (close.event, close.at.start)
                && open.ch == close.ch
                && open.at.len() == close.at.len()
                && open.depth == close.depth
                && depths[open.event..=close.event].iter().all(|&d| d >= open.depth)
                // Nothing still open between them that would cross.
                && (o + 1..c).all(|m| delims[m].partner.is_none_or(|p| (o..c).contains(&p)))
        });
        if let Some(o) = found {
            delims[o].partner = Some(c);
            delims[c].partner = Some(o);
        }
    }
}

/// The events with each paired run turned into tags.
fn rewrite<'a>(run: Vec<Ev<'a>>, delims: &[Delim]) -> Vec<Ev<'a>> {
    let mut out = Vec::with_capacity(run.len() + delims.len() * 2);
    for (k, (event, range)) in run.into_iter().enumerate() {
        let here: Vec<(usize, &Delim)> =
            delims.iter().enumerate().filter(|(_, d)| d.event == k && d.partner.is_some()).collect();
        let Event::Text(text) = &event else {
            out.push((event, range));
            continue;
        };
        if here.is_empty() {
            out.push((event, range));
            continue;
        }
        let mut last = 0;
        for (i, d) in here {
            if d.at.start > last {
                let piece = text[last..d.at.start].to_string();
                out.push((Event::Text(CowStr::from(piece)), range.start + last..range.start + d.at.start));
            }
            // The first of a pair opens.
            let opens = d.partner.is_some_and(|p| i < p);
            let tags: &[(Tag<'a>, TagEnd)] = match d.at.len() {
                1 => &[(Tag::Emphasis, TagEnd::Emphasis)],
                2 => &[(Tag::Strong, TagEnd::Strong)],
                _ => &[(Tag::Strong, TagEnd::Strong), (Tag::Emphasis, TagEnd::Emphasis)],
            };
            let at = range.start + d.at.start..range.start + d.at.end;
            if opens {
                out.extend(tags.iter().map(|(t, _)| (Event::Start(t.clone()), at.clone())));
            } else {
                out.extend(tags.iter().rev().map(|(_, e)| (Event::End(*e), at.clone())));
            }
            last = d.at.end;
        }
        if last < text.len() {
            let piece = text[last..].to_string();
            out.push((Event::Text(CowStr::from(piece)), range.start + last..range.end));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::{Options, Parser};

    use super::*;

    /// The events of `text` with the amendments, as `(kind, text)`.
    fn read(text: &str) -> (Vec<String>, Vec<Diagnostic>) {
        let token = format!("\"{text}\"");
        let src = SourceText::new(&token, 0..token.len(), text);
        let events: Vec<Ev<'_>> = Parser::new_ext(&src.text, Options::empty()).into_offset_iter().collect();
        let mut diags = Vec::new();
        let out = cjk_friendly(events, &src, &mut diags);
        let shown = out
            .into_iter()
            .filter_map(|(e, _)| match e {
                Event::Text(t) => Some(t.to_string()),
                Event::Start(Tag::Strong) => Some("<b>".into()),
                Event::End(TagEnd::Strong) => Some("</b>".into()),
                Event::Start(Tag::Emphasis) => Some("<i>".into()),
                Event::End(TagEnd::Emphasis) => Some("</i>".into()),
                _ => None,
            })
            .collect();
        (shown, diags)
    }

    #[test]
    fn chinese_emphasis_without_spaces_opens_and_closes() {
        let (shown, diags) = read("会议主题为**“在变革性技术时代……挑战”**。");
        assert_eq!(shown.concat(), "会议主题为<b>“在变革性技术时代……挑战”</b>。");
        assert!(diags.is_empty(), "{diags:?}");
        let (shown, _) = read("他说*“是的”*。");
        assert_eq!(shown.concat(), "他说<i>“是的”</i>。");
    }

    #[test]
    fn what_commonmark_already_reads_is_unchanged() {
        let (shown, diags) = read("a **bold** and *it* word");
        assert_eq!(shown.concat(), "a <b>bold</b> and <i>it</i> word");
        assert!(diags.is_empty());
        // Escaped stars stay stars, without a warning.
        let (shown, diags) = read("2 \\*\\* 3");
        assert_eq!(shown.concat(), "2 ** 3");
        assert!(diags.is_empty());
    }

    #[test]
    fn an_unpaired_double_run_is_a_warning_at_its_place() {
        let (shown, diags) = read("会议主题为**“在变革性技术时代");
        assert_eq!(shown.concat(), "会议主题为**“在变革性技术时代");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].message, "`**` has no partner: it is printed as written");
        let start = "\"会议主题为".len();
        assert_eq!(diags[0].span, Some(start..start + 2));
    }
}
