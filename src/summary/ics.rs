//! The calendar file of a media advisory (`brief build --ics`, and the
//! `.eml`'s `text/calendar` part): an iCalendar object (RFC 5545) with one
//! event, published for the reader to add to their calendar.
//!
//! Its lines end in CRLF and are folded at 75 octets (never inside a
//! character); TEXT values are escaped. The file is a pure function of the
//! brief, so identical briefs give identical bytes: `DTSTAMP` is the
//! brief's date, not the clock, and the `UID` is derived from the document
//! symbol (every language version of the advisory shares it, so a reader's
//! calendar holds the event once and a rescheduled advisory updates it), or
//! from the title and start when there is no symbol. Times are in UTC
//! (`…Z`), which every calendar reads without a time zone definition.

use chrono::{DateTime, NaiveTime, Offset as _, TimeZone as _, Utc};

use crate::model::{Brief, locale};

use super::{Piece, pieces, plain_with};

/// The `PRODID` of the calendars `brief` writes.
const PRODID: &str = concat!("-//brief//brief ", env!("CARGO_PKG_VERSION"), "//EN");

/// Most octets of a line before it is folded.
const LINE_OCTETS: usize = 75;

/// The brief's event as an iCalendar file; `None` for a brief without
/// `[event]`.
pub fn calendar(brief: &Brief) -> Option<String> {
    let event = brief.event.as_ref()?;
    let lang = &brief.language;
    let tag = lang.tag.as_str();
    let plain = |s: &str| {
        let mut pieces = [s.to_string()];
        crate::text::typography::smarten(&mut pieces, tag);
        let [s] = pieces;
        s
    };
    let colon = |key| plain(&format!("{}:", locale::label(lang, key)));
    let language = format!(";LANGUAGE={}", param(tag));

    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        format!("PRODID:{PRODID}"),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        "BEGIN:VEVENT".into(),
        format!("UID:{}", uid(brief)),
        format!("DTSTAMP:{}", utc(stamp(brief))),
        format!("DTSTART:{}", utc(event.start.with_timezone(&Utc))),
    ];
    if let Some(end) = event.end {
        lines.push(format!("DTEND:{}", utc(end.with_timezone(&Utc))));
    }
    lines.push(format!("SUMMARY{language}:{}", text(&plain(&brief.title))));
    let place: Vec<String> = [&event.venue, &event.address].into_iter().flatten().map(|p| plain(p)).collect();
    if !place.is_empty() {
        lines.push(format!("LOCATION{language}:{}", text(&place.join(locale::comma(lang)))));
    }
    if let Some(online) = &event.online {
        lines.push(format!("URL:{}", uri(online)));
    }
    let mut description: Vec<String> = Vec::new();
    if let Some(lede) = &brief.summary {
        description.push(plain_text(&pieces(lede, tag)));
    }
    let mut details = Vec::new();
    if let Some(online) = &event.online {
        details.push(format!("{} {online}", colon(locale::Label::Webcast)));
    }
    if let Some(accreditation) = &event.accreditation {
        details.push(format!("{} {}", colon(locale::Label::Accreditation), plain_text(&pieces(accreditation, tag))));
    }
    if !details.is_empty() {
        description.push(details.join("\n"));
    }
    if !description.is_empty() {
        lines.push(format!("DESCRIPTION{language}:{}", text(&description.join("\n\n"))));
    }
    lines.push("END:VEVENT".into());
    lines.push("END:VCALENDAR".into());

    let mut out = String::new();
    for line in lines {
        fold(&line, &mut out);
    }
    Some(out)
}

/// The moment of `DTSTAMP`: the brief's date (at its time and offset when
/// it has them, else the start of the day in UTC).
fn stamp(brief: &Brief) -> DateTime<Utc> {
    let date = brief.date;
    let offset = date.offset.unwrap_or_else(|| Utc.fix());
    let local = date.day.and_time(date.time.unwrap_or(NaiveTime::MIN));
    offset.from_local_datetime(&local).single().map_or_else(|| Utc.from_utc_datetime(&local), |at| at.to_utc())
}

/// A UTC DATE-TIME value: `20210621T143000Z`.
fn utc(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// The event's `UID`: from the document symbol, the same in every language
/// version ("unoct-ma-2021-1-…"), else from the title and start; a readable
/// part and a hash of the whole (two symbols that read alike still differ).
fn uid(brief: &Brief) -> String {
    let (readable, whole) = match (&brief.symbol, &brief.event) {
        (Some(symbol), _) => (symbol.clone(), format!("symbol\n{symbol}")),
        (None, Some(event)) => {
            let start = utc(event.start.with_timezone(&Utc));
            ("event".to_string(), format!("event\n{}\n{start}", brief.title))
        }
        (None, None) => ("brief".to_string(), brief.title.clone()),
    };
    let mut slug = String::new();
    for c in readable.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_end_matches('-').chars().take(40).collect();
    // FNV-1a, 64 bits: stable across runs and platforms.
    let hash = whole.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    format!("{slug}-{hash:016x}@brief")
}

/// Inline pieces as plain text: a link whose text does not show its
/// address gets the address after it, in parentheses.
fn plain_text(pieces: &[Piece]) -> String {
    plain_with(pieces, |link| format!(" ({})", link.strip_prefix("mailto:").unwrap_or(link)))
}

/// A TEXT value (RFC 5545, 3.3.11): backslash, semicolon, comma and line
/// breaks escaped; other control characters dropped.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A URI value: as written, without control characters (the model has
/// checked it is an `http:` or `https:` address without white space).
fn uri(value: &str) -> String {
    value.chars().filter(|c| !c.is_control()).collect()
}

/// A parameter value: quoted when it holds `;`, `:` or `,` (a language
/// tag never does), never a double quote.
fn param(value: &str) -> String {
    let value: String = value.chars().filter(|c| *c != '"' && !c.is_control()).collect();
    if value.contains([';', ':', ',']) { format!("\"{value}\"") } else { value }
}

/// Appends `line` folded at [`LINE_OCTETS`] octets, never inside a UTF-8
/// character: each continuation starts with a space, every line ends in
/// CRLF.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > LINE_OCTETS {
            out.push_str("\r\n ");
            // The space counts towards the continuation line's octets.
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_fold_at_75_octets_between_characters() {
        let mut out = String::new();
        fold(&format!("SUMMARY:{}", "é".repeat(60)), &mut out);
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= LINE_OCTETS, "{line:?} is {} octets", line.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}\r\n", "é".repeat(60)));
        let mut short = String::new();
        fold("VERSION:2.0", &mut short);
        assert_eq!(short, "VERSION:2.0\r\n");
    }

    #[test]
    fn text_values_are_escaped() {
        assert_eq!(text("a, b; c\\d\nnext"), "a\\, b\\; c\\\\d\\nnext");
        assert_eq!(param("en"), "en");
        assert_eq!(param("x;y"), "\"x;y\"");
    }

    #[test]
    fn links_keep_their_address_in_plain_text() {
        let p = |text: &str, link: Option<&str>| Piece {
            text: text.into(),
            bold: false,
            italic: false,
            link: link.map(Into::into),
        };
        let out = plain_text(&[
            p("Apply at ", None),
            p("https://www.un.org/en/media/accreditation", Some("https://www.un.org/en/media/accreditation")),
            p(" or on ", None),
            p("the form", Some("https://un.org/form")),
        ]);
        assert_eq!(out, "Apply at https://www.un.org/en/media/accreditation or on the form (https://un.org/form)");
    }
}
