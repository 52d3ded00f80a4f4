//! The e-mail that carries a brief: a MIME message built with lettre, and
//! where to send it (the conversation with the server is [`super::relay`]).
//!
//! The message is `multipart/mixed`: first a `multipart/alternative` with
//! the plain-text and HTML summaries (mail clients show the best one they
//! can), then the PDF as an `application/pdf` attachment and, for a media
//! advisory, its event as a `text/calendar` attachment (`METHOD:PUBLISH`,
//! which clients offer to add to the calendar). The addressees
//! come from the brief's `[email]` table, already checked by the model, or
//! from a [`Recipients`] list given by the caller, so that one message per
//! recipient of a list can be built from the same brief.
//!
//! Only this module and the rest of `cli` name lettre.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox as LettreMailbox, MultiPart, SinglePart};
use lettre::{Address, Message};

use crate::model::{Brief, Mailbox};
use crate::summary::{self, Format};
use crate::text::typography::smarten;

/// Who a message goes to. From the brief's `[email]` table by default; a
/// recipient list can supply one `to` per message instead.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recipients {
    /// Main recipients.
    pub to: Vec<Mailbox>,
    /// Copies.
    pub cc: Vec<Mailbox>,
    /// Blind copies.
    pub bcc: Vec<Mailbox>,
}

impl Recipients {
    /// The addressees of the brief's `[email]` table (none without one).
    pub fn of(brief: &Brief) -> Recipients {
        match &brief.email {
            Some(e) => Recipients { to: e.to.clone(), cc: e.cc.clone(), bcc: e.bcc.clone() },
            None => Recipients::default(),
        }
    }

    /// Whether there is nobody to send to.
    pub fn is_empty(&self) -> bool {
        self.to.is_empty() && self.cc.is_empty() && self.bcc.is_empty()
    }
}

/// What the message is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// An `.eml` file to open in a mail client: `Bcc` is kept so that the
    /// draft shows it, and the message may have no recipient yet.
    File,
    /// Sending over SMTP: `Bcc` is only in the envelope, and there must
    /// be a `to`.
    Send,
}

/// A built message and the sizes of its parts.
#[derive(Debug, Clone)]
pub struct Mail {
    /// The message.
    pub message: Message,
    /// Bytes of the plain-text summary.
    pub text_len: usize,
    /// Bytes of the HTML summary.
    pub html_len: usize,
    /// The attachment's file name.
    pub filename: String,
    /// Bytes of the PDF.
    pub pdf_len: usize,
    /// Bytes of the event's calendar file, when the brief has an event.
    pub calendar_len: Option<usize>,
}

/// The domain of a draft's message id when the brief names no sender (a
/// name reserved never to exist).
const DRAFT_DOMAIN: &str = "brief.invalid";

/// Why a message cannot be sent, with a hint.
fn no_sender() -> String {
    "the brief has no sender\n  = hint: add `[email]` with `from = \"Press Office <press@un.org>\"` to the brief"
        .to_string()
}

fn lettre_mailbox(m: &Mailbox) -> Result<LettreMailbox, String> {
    let address = Address::new(&m.user, &m.domain).map_err(|e| format!("cannot use the address `{m}`: {e}"))?;
    Ok(LettreMailbox::new(m.name.clone(), address))
}

/// The subject: `[email].subject`, or the title; with the language's
/// typography, like the summary.
pub fn subject(brief: &Brief) -> String {
    let raw = brief.email.as_ref().and_then(|e| e.subject.clone()).unwrap_or_else(|| brief.title.clone());
    let mut pieces = [raw];
    smarten(&mut pieces, &brief.language.tag);
    let [s] = pieces;
    s
}

/// A message id under the sender's domain, unique to this message.
fn message_id(domain: &str, pdf: &[u8]) -> String {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    // FNV-1a of the PDF: two briefs sent in the same instant differ.
    let hash = pdf.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    format!("<{:x}.{:x}.{:x}.brief@{domain}>", now.as_secs(), now.subsec_nanos() ^ std::process::id(), hash)
}

/// Builds the message for `brief` with its PDF attached as `filename`.
pub fn build(
    brief: &Brief,
    pdf: &[u8],
    filename: &str,
    recipients: &Recipients,
    purpose: Purpose,
) -> Result<Mail, String> {
    let email = brief.email.clone().unwrap_or_default();
    // A file without a sender is a draft for the officer's own mail
    // client, which fills in their account: lettre wants a `From` to build
    // a message, so a stand-in is given and taken out again.
    let draft_from = Mailbox { name: None, user: "draft".into(), domain: DRAFT_DOMAIN.into() };
    let from = match (&email.from, purpose) {
        (Some(from), _) => from,
        (None, Purpose::File) => &draft_from,
        (None, Purpose::Send) => return Err(no_sender()),
    };
    if purpose == Purpose::Send && recipients.to.is_empty() {
        return Err("the brief has no `to` address\n  = hint: add `to = \"name@domain.org\"` (or an array of \
                    addresses) to the brief's `[email]` table"
            .to_string());
    }
    let mut builder = Message::builder()
        .from(lettre_mailbox(from)?)
        .subject(subject(brief))
        .message_id(Some(message_id(&from.domain, pdf)))
        .user_agent(format!("brief/{}", env!("CARGO_PKG_VERSION")));
    for m in &recipients.to {
        builder = builder.to(lettre_mailbox(m)?);
    }
    for m in &recipients.cc {
        builder = builder.cc(lettre_mailbox(m)?);
    }
    for m in &recipients.bcc {
        builder = builder.bcc(lettre_mailbox(m)?);
    }
    for m in &email.reply_to {
        builder = builder.reply_to(lettre_mailbox(m)?);
    }
    if purpose == Purpose::File {
        builder = builder.keep_bcc();
        if recipients.is_empty() {
            // A draft without addressees: lettre wants an envelope, which
            // is never written into the file; the sender stands in.
            let from_address = lettre_mailbox(from)?.email;
            let envelope = lettre::address::Envelope::new(Some(from_address.clone()), vec![from_address])
                .map_err(|e| format!("cannot build the message: {e}"))?;
            builder = builder.envelope(envelope);
        }
    }
    let text = summary::render(brief, Format::Text);
    let html = summary::render(brief, Format::Html);
    let pdf_type = ContentType::parse("application/pdf").map_err(|e| format!("cannot build the message: {e}"))?;
    let (text_len, html_len) = (text.len(), html.len());
    let mut body = MultiPart::mixed()
        .multipart(MultiPart::alternative().singlepart(SinglePart::plain(text)).singlepart(SinglePart::html(html)))
        .singlepart(Attachment::new(filename.to_string()).body(pdf.to_vec(), pdf_type));
    let calendar = summary::calendar(brief);
    let calendar_len = calendar.as_ref().map(String::len);
    if let Some(calendar) = calendar {
        let ics_type = ContentType::parse("text/calendar; method=PUBLISH; charset=UTF-8")
            .map_err(|e| format!("cannot build the message: {e}"))?;
        let name = std::path::Path::new(filename).with_extension("ics").to_string_lossy().into_owned();
        body = body.singlepart(Attachment::new(name).body(calendar.into_bytes(), ics_type));
    }
    let mut message = builder.multipart(body).map_err(|e| format!("cannot build the message: {e}"))?;
    if purpose == Purpose::File {
        if email.from.is_none() {
            message.headers_mut().remove::<lettre::message::header::From>();
        }
        // Outlook and Thunderbird open a message marked unsent as a draft
        // to edit and send.
        message.headers_mut().insert_raw(lettre::message::header::HeaderValue::new(
            lettre::message::header::HeaderName::new_from_ascii_str("X-Unsent"),
            "1".to_string(),
        ));
    }
    Ok(Mail { message, text_len, html_len, filename: filename.to_string(), pdf_len: pdf.len(), calendar_len })
}

/// How the connection to the SMTP server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Security {
    /// Plain text: only for a relay on the same machine or network.
    None,
    /// Plain connection upgraded with STARTTLS, which must succeed (port 587).
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
}

impl Security {
    /// The usual port.
    pub fn default_port(self) -> u16 {
        match self {
            Security::None => 25,
            Security::Starttls => 587,
            Security::Tls => 465,
        }
    }

    /// How messages name the server's connection: `no TLS`, `STARTTLS`,
    /// `TLS`.
    pub fn label(self) -> &'static str {
        match self {
            Security::None => "no TLS",
            Security::Starttls => "STARTTLS",
            Security::Tls => "TLS",
        }
    }

    /// Its name as given on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Security::None => "none",
            Security::Starttls => "starttls",
            Security::Tls => "tls",
        }
    }
}

/// Where and how to send.
#[derive(Clone)]
pub struct Smtp {
    /// The server's host name.
    pub host: String,
    /// Its port.
    pub port: u16,
    /// How the connection is secured.
    pub security: Security,
    /// User name and password, when the server wants them.
    pub credentials: Option<(String, String)>,
    /// How long to wait for each reply of the server.
    pub timeout: Duration,
}

impl std::fmt::Debug for Smtp {
    /// Never shows the password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Smtp")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("user", &self.credentials.as_ref().map(|(u, _)| u))
            .finish()
    }
}

/// The Message-ID of a built message, as written in its header.
pub fn message_id_of(message: &Message) -> String {
    message.headers().get_raw("Message-ID").unwrap_or_default().to_string()
}

/// Gives a message the Message-ID `id` (`<…@…>`): a copy sent again after
/// a run that could not tell whether the server took it keeps the id of
/// the first, so that a mail system that sees both can show one.
pub fn set_message_id(message: &mut Message, id: &str) {
    message.headers_mut().set(lettre::message::header::MessageId::from(id.to_string()));
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_address_the_model_accepts_lettre_accepts() {
        for (user, domain) in [
            ("gerardl", "un.org"),
            ("first.last+tag", "sub.example.org"),
            ("o'brien", "example.ie"),
            ("a!#$%&'*+-/=?^_`{|}~", "un.org"),
            ("presse", "exemple.français"),
            ("x", "a-b.c-d.museum"),
        ] {
            let m =
                Mailbox { name: Some("Ms. Laurence Gerard, UNOCT".into()), user: user.into(), domain: domain.into() };
            assert!(lettre_mailbox(&m).is_ok(), "{m}");
        }
    }
}
