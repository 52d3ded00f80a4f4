//! The `[event]` table of a media advisory: when the event is (offset
//! date-times, checked against the time zone it names), where, its webcast
//! and who may attend.
//!
//! A time is a TOML offset date-time, as `embargo` is: a local date-time
//! means a different moment in every reader's calendar, so it is an error
//! whose hint gives the offset (the zone's, when `timezone` names one).
//! With a `timezone`, each offset must be the zone's at that moment: a
//! `-05:00` for New York in June is the usual slip of a brief copied from
//! a winter one, and the hint keeps the wall-clock time and mends the
//! offset.

use std::ops::Range;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, LocalResult, Offset as _, TimeZone as _};
use chrono_tz::{OffsetName as _, TZ_VARIANTS, Tz};
use toml::de::DeValue;

use super::super::locale;
use super::super::suggest;
use super::{Checker, Table, describe, english, offset};
use crate::model::tree::{Event, Language, Zone};

/// An example of each time, for hints.
const EXAMPLE: &str = "2021-06-30T10:00:00-04:00";

/// A checked time and where it is written.
struct Moment {
    at: DateTime<FixedOffset>,
    span: Range<usize>,
}

impl Checker<'_> {
    /// The `[event]` table.
    pub(super) fn event(&mut self, t: &Table<'_, '_>, language: &Language) -> Option<Event> {
        self.unknown_keys(t, super::keys::EVENT);
        let zone = self.time_zone(t);
        let start = self.moment(t, "start", zone.as_ref().ok().copied().flatten());
        if matches!(start, Ok(None)) {
            self.missing(t, "start", EXAMPLE);
        }
        let end = self.moment(t, "end", zone.as_ref().ok().copied().flatten());
        let mut in_order = true;
        if let (Ok(Some(start)), Ok(Some(end))) = (&start, &end)
            && end.at <= start.at
        {
            let src = self.literal(&start.span);
            self.hint(
                "`end` must be after `start`",
                end.span.clone(),
                format!("the event starts at `{src}`; give a later end, or leave `end` out"),
            );
            in_order = false;
        }
        let venue = self.optional(t, "venue");
        let address = self.optional(t, "address");
        let online = self.online(t);
        let accreditation = self.inline(t, "accreditation");
        if !in_order {
            return None;
        }
        let (start, end, tz) = (start.ok()??.at, end.ok()?.map(|m| m.at), zone.ok()?);
        let zone = tz.map(|tz| resolve(tz, language, start, end));
        Some(Event {
            start,
            end,
            zone,
            venue: venue.ok()?,
            address: address.ok()?,
            online: online.ok()?,
            accreditation: accreditation.ok()?,
        })
    }

    /// `timezone`: an IANA name that exists, with a suggestion for a near
    /// miss. `Ok(None)` when absent.
    fn time_zone(&mut self, t: &Table<'_, '_>) -> Result<Option<Tz>, ()> {
        let Some(name) = self.optional(t, "timezone")? else { return Ok(None) };
        if let Ok(tz) = Tz::from_str(&name) {
            return Ok(Some(tz));
        }
        let span = t.get("timezone").map_or(0..0, |v| v.span());
        let hint = match suggest_zone(&name) {
            Some(zone) => format!("did you mean `{zone}`?"),
            None => "use an IANA time zone name, e.g. `America/New_York`, or `Europe/Zurich` for Geneva".to_string(),
        };
        self.hint(format!("unknown time zone `{name}`"), span, hint);
        Err(())
    }

    /// A time of the event: an offset date-time, its offset the zone's
    /// when there is one. `Ok(None)` when absent.
    fn moment(&mut self, t: &Table<'_, '_>, key: &str, zone: Option<Tz>) -> Result<Option<Moment>, ()> {
        let Some(value) = t.get(key) else { return Ok(None) };
        let span = value.span();
        let example = format!("`{key} = {EXAMPLE}`");
        let dt = match value.get_ref() {
            DeValue::Datetime(dt) => dt,
            DeValue::String(s) => {
                let hint = if DateTime::parse_from_rfc3339(s.trim()).is_ok() {
                    format!("remove the quotes: `{key} = {}`", s.trim())
                } else {
                    format!("write a TOML date-time without quotes, with its UTC offset, e.g. {example}")
                };
                self.hint(format!("`{key}` must be a TOML date-time, found a string"), span, hint);
                return Err(());
            }
            other => {
                self.hint(
                    format!("`{key}` must be a date and time with a UTC offset, found {}", describe(other)),
                    span,
                    format!("write e.g. {example}"),
                );
                return Err(());
            }
        };
        let (Some(d), Some(tm)) = (dt.date, dt.time) else {
            self.hint(
                format!("`{key}` must be a date and time with a UTC offset, found {}", describe(value.get_ref())),
                span,
                format!("add the time and the offset, e.g. {example}"),
            );
            return Err(());
        };
        let day = self.day(d, span.clone()).ok_or(())?;
        let time = self.time(tm, span.clone()).ok_or(())?;
        let local = day.and_time(time);
        let Some(off) = dt.offset else {
            let src = self.literal(&span);
            let hint = match zone.map(|tz| (tz, tz.from_local_datetime(&local))) {
                Some((tz, LocalResult::Single(at) | LocalResult::Ambiguous(at, _))) => format!(
                    "add the offset of {} on that day: `{key} = {src}{}`",
                    city(tz),
                    locale::offset_literal(at.offset().fix())
                ),
                _ => format!("add the offset of the event's time zone, e.g. `{key} = {src}-04:00`"),
            };
            self.hint(format!("`{key}` has no UTC offset"), span, hint);
            return Err(());
        };
        let written = offset(off);
        let Some(at) = local.and_local_timezone(written).single() else {
            self.error(format!("`{key}` is not a valid moment"), span);
            return Err(());
        };
        if let Some(tz) = zone {
            self.zone_offset(key, &span, tz, at)?;
        }
        Ok(Some(Moment { at, span }))
    }

    /// Checks that `at`'s offset is the one `tz` has at that wall-clock
    /// time.
    fn zone_offset(&mut self, key: &str, span: &Range<usize>, tz: Tz, at: DateTime<FixedOffset>) -> Result<(), ()> {
        let local = at.naive_local();
        let written = *at.offset();
        let date = locale::format_date(&english(), local.date());
        let expected = match tz.from_local_datetime(&local) {
            LocalResult::Single(x) => x,
            LocalResult::Ambiguous(a, b) => {
                if b.offset().fix() == written {
                    return Ok(());
                }
                a
            }
            LocalResult::None => {
                self.hint(
                    format!(
                        "`{key}` is {} on {date}, a time that does not exist in {}: the clocks go forward then",
                        local.format("%H:%M"),
                        city(tz)
                    ),
                    span.clone(),
                    "check the time; an hour later is the same moment",
                );
                return Err(());
            }
        };
        let right = expected.offset().fix();
        if right == written {
            return Ok(());
        }
        let abbreviation = expected.offset().abbreviation().filter(|a| alphabetic(a));
        let named = match abbreviation {
            Some(a) => format!("{} ({a})", locale::offset_name(right)),
            None => locale::offset_name(right),
        };
        let src = self.literal(span);
        let local_part = strip_offset(&src);
        self.hint(
            format!("`{key}` is at {}, but {} is on {named} on {date}", locale::offset_name(written), city(tz)),
            span.clone(),
            format!(
                "write `{key} = {local_part}{}` for {} in {}",
                locale::offset_literal(right),
                local.format("%H:%M"),
                city(tz)
            ),
        );
        Err(())
    }

    /// `online`: the webcast, an `http://` or `https://` address.
    fn online(&mut self, t: &Table<'_, '_>) -> Result<Option<String>, ()> {
        let Some(online) = self.optional(t, "online")? else { return Ok(None) };
        let lower = online.to_ascii_lowercase();
        let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"));
        if rest.is_some_and(|r| !r.is_empty() && !r.contains(char::is_whitespace)) {
            return Ok(Some(online));
        }
        let hint = if lower.starts_with("www.") || lower.starts_with("webtv.") {
            format!("write the full address: `https://{online}`")
        } else {
            "write a full web address, e.g. `https://webtv.un.org`".to_string()
        };
        let span = t.get("online").map_or(0..0, |v| v.span());
        self.hint("`online` must be an `http://` or `https://` address", span, hint);
        Err(())
    }

    /// The source text of a value, trimmed.
    fn literal(&self, span: &Range<usize>) -> String {
        self.source.get(span.clone()).unwrap_or("").trim().to_string()
    }
}

/// A TOML date-time literal without its offset (`Z` or `±HH:MM`).
fn strip_offset(literal: &str) -> &str {
    if let Some(rest) = literal.strip_suffix(['Z', 'z']) {
        return rest;
    }
    let bytes = literal.as_bytes();
    match bytes.len().checked_sub(6) {
        Some(i) if matches!(bytes[i], b'+' | b'-') && bytes[i + 3] == b':' => &literal[..i],
        _ => literal,
    }
}

/// Whether a zone abbreviation is a name ("EDT") rather than a number
/// ("+07"), which says nothing a UTC offset does not.
fn alphabetic(abbreviation: &str) -> bool {
    !abbreviation.is_empty() && abbreviation.chars().all(|c| c.is_ascii_alphabetic())
}

/// The city of an IANA name, for messages: "America/New_York" → "New York".
fn city(tz: Tz) -> String {
    let name = tz.name();
    name.rsplit('/').next().unwrap_or(name).replace('_', " ")
}

/// The zone, resolved for the language: its city in the time phrase and
/// its abbreviations at the start and at the end.
fn resolve(tz: Tz, language: &Language, start: DateTime<FixedOffset>, end: Option<DateTime<FixedOffset>>) -> Zone {
    let abbreviation = |at: DateTime<FixedOffset>| {
        let offset = tz.offset_from_utc_datetime(&at.naive_utc());
        offset.abbreviation().filter(|a| alphabetic(a)).map(str::to_string)
    };
    Zone {
        id: tz.name().to_string(),
        city: locale::zone_city(language, tz.name()).map(str::to_string),
        city_en: city(tz),
        abbreviations: [abbreviation(start), abbreviation(end.unwrap_or(start))],
    }
}

/// The zone a mistaken name most likely means: the same name in another
/// case or with spaces ("america/new york"), a duty station's city
/// ("Geneva", "Europe/Geneva"), a zone's city ("Kolkata"), or a near
/// spelling.
fn suggest_zone(name: &str) -> Option<String> {
    let key = |s: &str| s.chars().filter(|c| !matches!(c, ' ' | '_' | '-')).collect::<String>().to_lowercase();
    let wanted = key(name);
    let names: Vec<&str> = TZ_VARIANTS.iter().map(|tz| tz.name()).collect();
    if let Some(same) = names.iter().find(|n| key(n) == wanted) {
        return Some(same.to_string());
    }
    // A city, alone or after a region ("Europe/Geneva").
    let last = |n: &str| key(n.rsplit('/').next().unwrap_or(n));
    let city = last(name);
    if let Some((id, _)) = locale::duty_station_zones().find(|(_, c)| key(c) == city) {
        return Some(id.to_string());
    }
    if let Some(zone) = names.iter().find(|n| n.contains('/') && last(n) == city) {
        return Some(zone.to_string());
    }
    suggest::nearest(name, &names).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_find_their_zone() {
        assert_eq!(suggest_zone("America/NewYork").as_deref(), Some("America/New_York"));
        assert_eq!(suggest_zone("america/new york").as_deref(), Some("America/New_York"));
        assert_eq!(suggest_zone("Geneva").as_deref(), Some("Europe/Zurich"));
        assert_eq!(suggest_zone("Europe/Geneva").as_deref(), Some("Europe/Zurich"));
        assert_eq!(suggest_zone("Asia/Calcutta ").as_deref(), Some("Asia/Calcutta"));
        assert_eq!(suggest_zone("New York").as_deref(), Some("America/New_York"));
        assert_eq!(suggest_zone("Kolkata").as_deref(), Some("Asia/Kolkata"));
        assert_eq!(suggest_zone("Europe/Viena").as_deref(), Some("Europe/Vienna"));
        assert_eq!(suggest_zone("qqqqqqqqqqqqqqqq"), None);
    }

    #[test]
    fn offsets_come_off_literals() {
        assert_eq!(strip_offset("2021-06-30T10:00:00-05:00"), "2021-06-30T10:00:00");
        assert_eq!(strip_offset("2021-06-30T10:00:00Z"), "2021-06-30T10:00:00");
        assert_eq!(strip_offset("2021-06-30 10:00:00.5+02:00"), "2021-06-30 10:00:00.5");
        assert_eq!(strip_offset("2021-06-30T10:00:00"), "2021-06-30T10:00:00");
        assert!(alphabetic("EDT") && !alphabetic("+07") && !alphabetic(""));
    }
}
