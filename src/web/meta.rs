//! The page's head for search engines and social posts: `<title>`, the
//! description, `hreflang` links to the language versions, Open Graph
//! tags and a schema.org `NewsArticle` in JSON-LD.

use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use crate::model::{Brief, locale};
use crate::text::typography::smarten;

use super::{Options, Writer, allowed, esc};

/// The longest description, in characters; a longer lede is cut after a
/// word, with an ellipsis.
const DESCRIPTION: usize = 300;

/// Writes the head's elements after the viewport.
pub(super) fn head(w: &Writer, options: &Options, out: &mut String) {
    let b = w.brief;
    let title = w.smart(&b.title);
    let site = b.organization.as_deref().map(|o| w.smart(o));
    let shown = match &site {
        Some(site) => format!("{title} | {site}"),
        None => title.clone(),
    };
    let _ = writeln!(out, "<title>{}</title>", esc(&shown));
    let description = description(b);
    if let Some(d) = &description {
        let _ = writeln!(out, "<meta name=\"description\" content=\"{}\">", esc(d));
    }
    out.push_str("<meta name=\"color-scheme\" content=\"light dark\">\n");
    let _ = writeln!(out, "<meta name=\"generator\" content=\"brief {}\">", env!("CARGO_PKG_VERSION"));
    for alt in &options.alternates {
        let _ = writeln!(
            out,
            "<link rel=\"alternate\" hreflang=\"{}\" href=\"{}\">",
            esc(&alt.lang),
            esc(&href(&alt.href))
        );
    }
    let og = |out: &mut String, property: &str, content: &str| {
        let _ = writeln!(out, "<meta property=\"{property}\" content=\"{}\">", esc(content));
    };
    og(out, "og:type", "article");
    og(out, "og:title", &title);
    if let Some(d) = &description {
        og(out, "og:description", d);
    }
    og(out, "og:locale", &b.language.tag.replace('-', "_"));
    for alt in options.alternates.iter().filter(|a| !a.lang.eq_ignore_ascii_case(&b.language.tag)) {
        og(out, "og:locale:alternate", &alt.lang.replace('-', "_"));
    }
    if let Some(site) = &site {
        og(out, "og:site_name", site);
    }
    og(out, "article:published_time", &published(b));
    out.push_str("<script type=\"application/ld+json\">\n");
    out.push_str(&json_ld(w, &title, description.as_deref()));
    out.push_str("\n</script>\n");
}

/// The brief's date as ISO 8601: the day, or with its time and offset.
fn published(b: &Brief) -> String {
    match (b.date.time, b.date.offset) {
        (Some(time), Some(offset)) => {
            format!("{}T{}{}", b.date.day.format("%Y-%m-%d"), time.format("%H:%M:%S"), locale::offset_literal(offset))
        }
        (Some(time), None) => format!("{}T{}", b.date.day.format("%Y-%m-%d"), time.format("%H:%M:%S")),
        _ => b.date.day.format("%Y-%m-%d").to_string(),
    }
}

/// The lede as plain text with the language's typography, without
/// footnote marks, cut after a word at [`DESCRIPTION`] characters.
pub(super) fn description(b: &Brief) -> Option<String> {
    let lede = b.summary.as_ref()?;
    let mut texts: Vec<String> = lede.0.iter().filter(|s| s.note.is_none()).map(|s| s.text.clone()).collect();
    smarten(&mut texts, &b.language.tag);
    let text: String = texts.concat().split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= DESCRIPTION {
        return Some(text).filter(|t| !t.is_empty());
    }
    let cut: String = text.chars().take(DESCRIPTION).collect();
    let end = cut.rfind(' ').filter(|&i| i > DESCRIPTION / 2).unwrap_or(cut.len());
    Some(format!("{}…", cut[..end].trim_end_matches([',', ';', ':', '،', '，'])))
}

/// A relative address with the characters a URL cannot hold as written
/// percent-encoded (a file name with spaces).
fn href(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The schema.org `NewsArticle` of the brief, escaped for a `<script>`
/// element: no `<`, `>` or `&` is left in it as such.
fn json_ld(w: &Writer, title: &str, description: Option<&str>) -> String {
    let b = w.brief;
    let mut article = Map::new();
    article.insert("@context".into(), json!("https://schema.org"));
    article.insert("@type".into(), json!("NewsArticle"));
    article.insert("headline".into(), json!(title));
    if let Some(d) = description {
        article.insert("description".into(), json!(d));
    }
    article.insert("datePublished".into(), json!(published(b)));
    article.insert("inLanguage".into(), json!(b.language.tag));
    article.insert("genre".into(), json!(w.smart(&b.kind)));
    if let Some(symbol) = &b.symbol {
        article.insert("identifier".into(), json!(symbol));
    }
    if let Some(org) = &b.organization {
        let mut publisher = Map::new();
        publisher.insert("@type".into(), json!("Organization"));
        publisher.insert("name".into(), json!(w.smart(org)));
        article.insert("publisher".into(), Value::Object(publisher.clone()));
        article.insert("author".into(), Value::Object(publisher));
    }
    if let Some(e) = &b.event {
        let mut event = Map::new();
        event.insert("@type".into(), json!("Event"));
        event.insert("name".into(), json!(title));
        event.insert("startDate".into(), json!(e.start.format("%Y-%m-%dT%H:%M:%S%:z").to_string()));
        if let Some(end) = e.end {
            event.insert("endDate".into(), json!(end.format("%Y-%m-%dT%H:%M:%S%:z").to_string()));
        }
        let mut locations = Vec::new();
        if e.venue.is_some() || e.address.is_some() {
            let mut place = Map::new();
            place.insert("@type".into(), json!("Place"));
            if let Some(venue) = &e.venue {
                place.insert("name".into(), json!(venue));
            }
            if let Some(address) = &e.address {
                place.insert("address".into(), json!(address));
            }
            locations.push(Value::Object(place));
        }
        if let Some(online) = e.online.as_deref().filter(|u| allowed(u)) {
            locations.push(json!({ "@type": "VirtualLocation", "url": online }));
        }
        let mode = match (locations.len(), e.online.is_some()) {
            (2, _) => "https://schema.org/MixedEventAttendanceMode",
            (_, true) => "https://schema.org/OnlineEventAttendanceMode",
            _ => "https://schema.org/OfflineEventAttendanceMode",
        };
        event.insert("eventAttendanceMode".into(), json!(mode));
        match locations.len() {
            0 => {}
            1 => {
                event.insert("location".into(), locations.remove(0));
            }
            _ => {
                event.insert("location".into(), Value::Array(locations));
            }
        }
        article.insert("about".into(), Value::Object(event));
    }
    let text = serde_json::to_string_pretty(&Value::Object(article)).unwrap_or_default();
    script_safe(&text)
}

/// JSON text made safe inside `<script>`: `<`, `>` and `&` occur only in
/// strings, where their `\u` escapes mean the same.
fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_in_a_script_cannot_close_it() {
        let safe = script_safe(r#"{"headline":"</script><script>alert(1)</script> & more"}"#);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        let back: Value = serde_json::from_str(&safe).expect("still JSON");
        assert_eq!(back["headline"], "</script><script>alert(1)</script> & more");
    }

    #[test]
    fn addresses_are_percent_encoded() {
        assert_eq!(href("press release.fr.html"), "press%20release.fr.html");
        assert_eq!(href("communiqué.html"), "communiqu%C3%A9.html");
        assert_eq!(href("a\"b<c>.html"), "a%22b%3Cc%3E.html");
    }
}
