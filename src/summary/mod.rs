//! The summary stage: a brief as the text a press officer pastes into an
//! e-mail, in plain text, Markdown or e-mail-safe HTML.
//!
//! A summary holds what a reader of the message needs before opening the
//! attached PDF: the kind, symbol and issuing body, notice and embargo,
//! the title and subtitle, the dateline, the lede, a media advisory's
//! event (when, where, webcast, accreditation), the key figures as a list,
//! the quotes with who said them, and the contact block. The body sections
//! stay in the PDF.
//!
//! **Why a stage of its own, after `text`.** It reads the validated
//! [`Brief`](crate::model::Brief), as layout does, and borrows one thing
//! from the text stage: the language's typography ([`smarten`], quotation
//! marks), so that quotes and apostrophes in the mail match the PDF. It
//! needs nothing of pages, fonts or PDF, so it sits before `layout` in the
//! pipeline and the architecture test keeps it from ever reaching into
//! `layout` or `pdf`. It produces strings and never prints: the CLI prints
//! them or puts them in a MIME message.
//!
//! [`gather`] turns the brief into a [`Summary`] of typographically
//! finished pieces, shared by the three writers: `plain.rs` (wrapped at 72
//! columns, links as numbered references), `markdown.rs` and `html.rs`
//! (inline styles only, everything escaped).
//!
//! The event's calendar file (`ics.rs`, [`calendar`]) is written here too:
//! it is the message's other attachment, made from the same brief with the
//! same typography.

mod html;
pub use html::{allowed, esc};
mod ics;
mod markdown;
mod plain;

pub use ics::calendar;

use crate::model::{Brief, Inline, Person, locale};
use crate::text::typography::{quotation_marks, smarten};

pub use plain::WIDTH;

/// The output format of a summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text, wrapped at [`WIDTH`] columns, links written out.
    Text,
    /// CommonMark.
    Markdown,
    /// A small HTML document safe for mail clients.
    Html,
}

/// A brief's summary in `format`.
pub fn render(brief: &Brief, format: Format) -> String {
    let summary = gather(brief);
    match format {
        Format::Text => plain::write(&summary),
        Format::Markdown => markdown::write(&summary),
        Format::Html => html::write(&summary),
    }
}

/// A run of text with one format, its typography finished.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    /// The characters.
    pub text: String,
    /// Strong emphasis.
    pub bold: bool,
    /// Emphasis.
    pub italic: bool,
    /// The link target (`https:`, `http:`, `mailto:`, `tel:`).
    pub link: Option<String>,
}

/// One key figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The value with its prefix and suffix ("almost 1,000", "45 %").
    pub value: String,
    /// What it counts.
    pub label: String,
    /// The small line under the label.
    pub note: Option<String>,
}

/// A quote, inside the language's quotation marks.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    /// The words, quotation marks included.
    pub text: Vec<Piece>,
    /// Who said it.
    pub by: Option<String>,
    /// Their role.
    pub role: Option<String>,
}

/// The contact block.
#[derive(Debug, Clone, PartialEq)]
pub struct Contact {
    /// Heading.
    pub heading: String,
    /// People (names and roles with the language's typography).
    pub persons: Vec<Person>,
    /// Web address.
    pub web: Option<String>,
    /// Social media handles.
    pub social: Vec<String>,
}

/// A media advisory's event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// The day, times and time zone: "Monday, 21 June 2021, 10:30–11:15 EDT".
    pub when: String,
    /// The venue and the address, joined by the language's comma.
    pub place: Option<String>,
    /// The webcast's address.
    pub online: Option<String>,
    /// Who may attend and how.
    pub accreditation: Option<Vec<Piece>>,
}

/// Everything a summary shows, in order, ready to write.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The BCP 47 tag of the brief's language.
    pub lang: String,
    /// Written right to left (Arabic).
    pub rtl: bool,
    /// Kind and symbol: "Press release · UNOCT/PR/2021/30".
    pub kicker: String,
    /// The issuing body.
    pub organization: Option<String>,
    /// "For information media – not an official record".
    pub notice: Option<String>,
    /// "Embargoed until …".
    pub embargo: Option<String>,
    /// The title.
    pub title: String,
    /// The subtitle.
    pub subtitle: Option<String>,
    /// "New York, 30 June 2021".
    pub dateline: String,
    /// The lede.
    pub lede: Option<Vec<Piece>>,
    /// The event of a media advisory.
    pub event: Option<Event>,
    /// "Key figures" in the language.
    pub figures_heading: String,
    /// The key figures.
    pub figures: Vec<Figure>,
    /// The quotes.
    pub quotes: Vec<Quote>,
    /// The contact block.
    pub contact: Option<Contact>,
    /// Label words in the language: "E-mail:", "Tel.", "Web:", "Follow:", "Links".
    pub labels: Labels,
    /// The language's comma between a name and a role (", ", "، ", "，"),
    /// dash before who said a quote ("— ", "——") and parentheses ("( )",
    /// "（ ）").
    pub punctuation: Punctuation,
    /// The accent colour, dark enough for text on white, as `#rrggbb`.
    pub accent: String,
    /// Set in the serif family in the PDF.
    pub serif: bool,
    /// The family name of the brief's own fonts, for the HTML font stack
    /// (readers who have it installed see it); only names of letters,
    /// digits, spaces and hyphens are kept.
    pub font_family: Option<String>,
}

/// Punctuation the summary adds itself, in the brief's language.
#[derive(Debug, Clone, PartialEq)]
pub struct Punctuation {
    /// Between a name and a role.
    pub comma: &'static str,
    /// Before who said a quote.
    pub dash: &'static str,
    /// Around a figure's note.
    pub parentheses: (&'static str, &'static str),
}

impl Punctuation {
    /// A note in parentheses after what it qualifies, with the space
    /// before it: " (in hybrid format)"; in Chinese without, the
    /// full-width parenthesis has its own: "（混合形式）".
    pub fn parenthesized(&self, text: &str) -> String {
        let space = if self.parentheses.0.is_ascii() { " " } else { "" };
        format!("{space}{}{text}{}", self.parentheses.0, self.parentheses.1)
    }
}

/// Fixed words of the summary, in the brief's language.
#[derive(Debug, Clone, PartialEq)]
pub struct Labels {
    /// "E-mail:" (with the language's spacing: "Courriel :").
    pub email: String,
    /// "Tel.".
    pub phone: String,
    /// "Web:".
    pub web: String,
    /// "Follow:".
    pub follow: String,
    /// "Links".
    pub links: String,
    /// "When:", "Where:", "Webcast:" and "Accreditation:", before an
    /// event's parts.
    pub event: [String; 4],
}

/// The summary of a brief, every string with the language's typography.
pub fn gather(brief: &Brief) -> Summary {
    let lang = &brief.language;
    let tag = lang.tag.as_str();
    let plain = |s: &str| {
        let mut pieces = [s.to_string()];
        smarten(&mut pieces, tag);
        let [s] = pieces;
        s
    };
    let label = |key| plain(locale::label(lang, key));
    // The colon goes through the typography too: "Courriel :" in French.
    let colon = |key| plain(&format!("{}:", locale::label(lang, key)));
    let mut kicker = plain(&brief.kind);
    if let Some(symbol) = &brief.symbol {
        kicker.push_str(" · ");
        kicker.push_str(symbol);
    }
    let figures = brief
        .figures
        .iter()
        .map(|f| {
            let mut value = String::new();
            if let Some(prefix) = &f.prefix {
                value.push_str(&plain(prefix));
                value.push(' ');
            }
            value.push_str(&f.value);
            if let Some(suffix) = &f.suffix {
                // As in the PDF: a thin gap, never broken.
                value.push('\u{202f}');
                value.push_str(&plain(suffix));
            }
            Figure { value, label: plain(&f.label), note: f.note.as_deref().map(plain) }
        })
        .collect();
    let (open, close) = quotation_marks(tag);
    let quotes = brief
        .quotes
        .iter()
        .map(|q| {
            let mut text = vec![Piece { text: open.to_string(), bold: false, italic: false, link: None }];
            text.extend(pieces(&q.text, tag));
            text.push(Piece { text: close.to_string(), bold: false, italic: false, link: None });
            Quote { text, by: q.by.as_deref().map(plain), role: q.role.as_deref().map(plain) }
        })
        .collect();
    let contact = brief.contact.as_ref().map(|c| Contact {
        heading: plain(&c.heading),
        persons: c
            .persons
            .iter()
            .map(|p| Person {
                name: plain(&p.name),
                role: p.role.as_deref().map(plain),
                email: p.email.clone(),
                phone: p.phone.clone(),
            })
            .collect(),
        web: c.web.clone(),
        social: c.social.clone(),
    });
    let event = brief.event.as_ref().map(|e| Event {
        when: plain(&locale::format_event_when(lang, e)),
        place: Some([&e.venue, &e.address].into_iter().flatten().map(|p| plain(p)).collect::<Vec<_>>())
            .filter(|p| !p.is_empty())
            .map(|p| p.join(locale::comma(lang))),
        online: e.online.clone(),
        accreditation: e.accreditation.as_ref().map(|a| pieces(a, tag)),
    });
    Summary {
        lang: tag.to_string(),
        punctuation: Punctuation {
            comma: locale::comma(lang),
            dash: locale::attribution_dash(lang),
            parentheses: locale::parentheses(lang),
        },
        rtl: lang.is_rtl(),
        kicker,
        organization: brief.organization.as_deref().map(plain),
        notice: brief.notice.as_deref().map(plain),
        embargo: brief.embargo.map(|at| locale::format_embargo(lang, at)),
        title: plain(&brief.title),
        subtitle: brief.subtitle.as_deref().map(plain),
        dateline: plain(&locale::dateline(lang, brief.place.as_deref(), brief.date.day)),
        lede: brief.summary.as_ref().map(|s| pieces(s, tag)),
        event,
        figures_heading: label(locale::Label::KeyFigures),
        figures,
        quotes,
        contact,
        labels: Labels {
            email: colon(locale::Label::Email),
            phone: label(locale::Label::Phone),
            web: colon(locale::Label::Web),
            follow: colon(locale::Label::Follow),
            links: label(locale::Label::Links),
            event: [
                colon(locale::Label::When),
                colon(locale::Label::Where),
                colon(locale::Label::Webcast),
                colon(locale::Label::Accreditation),
            ],
        },
        accent: brief.style.accent.readable_on_white().hex(),
        serif: brief.style.font == crate::model::FontChoice::Serif,
        font_family: match &brief.style.font {
            crate::model::FontChoice::Files(files) => Some(files.regular.family.clone())
                .filter(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')),
            _ => None,
        },
    }
}

/// Inline text as pieces, smartened across span boundaries.
fn pieces(inline: &Inline, tag: &str) -> Vec<Piece> {
    let spans: Vec<_> = inline.0.iter().filter(|s| !s.text.is_empty()).collect();
    let mut texts: Vec<String> = spans.iter().map(|s| s.text.clone()).collect();
    smarten(&mut texts, tag);
    spans
        .into_iter()
        .zip(texts)
        .map(|(s, text)| Piece { text, bold: s.bold, italic: s.italic, link: s.link.clone() })
        .collect()
}

/// Inline pieces as plain text, emphasis dropped: a link's text (its
/// pieces joined, bold inside a link) is followed by what `mark` makes of
/// its target, unless the text is the address itself.
fn plain_with(pieces: &[Piece], mut mark: impl FnMut(&str) -> String) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < pieces.len() {
        let Some(link) = &pieces[i].link else {
            out.push_str(&pieces[i].text);
            i += 1;
            continue;
        };
        let mut text = String::new();
        while i < pieces.len() && pieces[i].link.as_ref() == Some(link) {
            text.push_str(&pieces[i].text);
            i += 1;
        }
        out.push_str(&text);
        if !shows_target(&text, link) {
            out.push_str(&mark(link));
        }
    }
    out
}

/// Whether a link's text already shows where it goes (a written-out web
/// or e-mail address), so that writing the target again adds nothing.
pub fn shows_target(text: &str, target: &str) -> bool {
    let text = text.trim();
    let bare = |t: &str| {
        t.strip_prefix("mailto:")
            .or_else(|| t.strip_prefix("tel:"))
            .or_else(|| t.strip_prefix("https://"))
            .or_else(|| t.strip_prefix("http://"))
            .unwrap_or(t)
            .trim_end_matches('/')
            .to_string()
    };
    let t = bare(target);
    let x = bare(text);
    x == t || x.strip_prefix("www.").is_some_and(|x| t.strip_prefix("www.") == Some(x)) || format!("www.{x}") == t
}

/// The `tel:` target of a telephone number as written.
fn tel(phone: &str) -> String {
    let digits: String = phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
    format!("tel:{digits}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_shown_by_their_text() {
        assert!(shows_target("gerardl@un.org", "mailto:gerardl@un.org"));
        assert!(shows_target("https://www.un.org/", "https://www.un.org"));
        assert!(shows_target("www.un.org", "https://www.un.org"));
        assert!(!shows_target("the Strategy", "https://www.un.org/counterterrorism"));
        assert_eq!(tel("+1 (212) 963-1234"), "tel:+12129631234");
    }
}
