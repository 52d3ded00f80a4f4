//! One conversation with the SMTP server, message after message, on
//! lettre's low-level `SmtpConnection`: the same connection carries every
//! message while the server allows it, each step's reply is kept, and a
//! failure is told by where it happened, which is what decides whether a
//! copy may be sent again:
//!
//! - a reply of refusal (4xx, 5xx) to `MAIL`, `RCPT`, `DATA` or the
//!   message: the server does not have it ([`Outcome::Refused`]);
//! - a connection that ends or stops answering before the whole message
//!   is written: it does not have it either ([`Outcome::Broken`]);
//! - no reply after the whole message was written: it may have it
//!   ([`Outcome::InDoubt`]), and no client can know.
//!
//! The message is written in pieces, so that a connection that ends while
//! they are written is known to have ended before the end of the message.
//! After a failure the connection is closed without `QUIT`, so that a
//! late reply is never read as the answer to something else, and the wait
//! for an unanswered step is `--timeout`, not twice it.

use std::cell::Cell;
use std::time::Duration;

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, DEFAULT_MECHANISMS};
use lettre::transport::smtp::client::{SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Quit, Rcpt, Rset};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};

use super::mail::{Security, Smtp};

/// Bytes of the message written at a time.
const PIECE: usize = 8 * 1024;

/// A step of sending one message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// `MAIL FROM`.
    Mail,
    /// `RCPT TO`.
    Rcpt,
    /// The `DATA` command.
    Data,
    /// Writing the message, up to its end.
    Message,
    /// Waiting for the reply to the whole message.
    Reply,
}

impl Step {
    /// The step as the messages name it.
    pub fn name(self) -> &'static str {
        match self {
            Step::Mail => "`MAIL FROM`",
            Step::Rcpt => "`RCPT TO`",
            Step::Data => "`DATA`",
            Step::Message => "the message",
            Step::Reply => "the end of the message",
        }
    }
}

/// Why the connection failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trouble {
    /// No answer within `--timeout`.
    Timeout,
    /// The server ended the connection.
    Dropped,
    /// Anything else, in the system's words.
    Other(String),
}

impl Trouble {
    /// The trouble as a reason: "no reply within 30 s".
    pub fn reason(&self, timeout: Duration) -> String {
        match self {
            Trouble::Timeout => format!("no reply within {} s", timeout.as_secs()),
            Trouble::Dropped => "the server dropped the connection".to_string(),
            Trouble::Other(why) => why.clone(),
        }
    }
}

/// How sending one message ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The server took the message; its reply.
    Accepted(String),
    /// The server refused it at `step`: its reply, code first; permanent
    /// for a 5xx.
    Refused {
        /// Where.
        step: Step,
        /// The server's reply.
        reply: String,
        /// A 5xx reply: trying again will not help.
        permanent: bool,
        /// For a refused `RCPT TO`, the address.
        address: Option<String>,
    },
    /// The connection failed before the whole message was written.
    Broken(Step, Trouble),
    /// The whole message was written and no reply came.
    InDoubt(Trouble),
    /// The journal could not record the message as pending: not sent.
    NotRecorded(String),
}

/// Why no connection could be made.
#[derive(Debug, Clone)]
pub struct ConnectError {
    /// What went wrong.
    pub what: String,
    /// What to do about it.
    pub hint: String,
    /// Whether trying again later may help (refused, timed out, a 4xx
    /// greeting), as opposed to a failed login or TLS.
    pub transient: bool,
}

/// A conversation with the server: at most one open connection.
pub struct Relay {
    smtp: Smtp,
    hello: ClientId,
    conn: Option<SmtpConnection>,
    /// Connections opened so far.
    pub connections: usize,
    /// Messages sent on the open connection.
    on_this: usize,
}

impl Relay {
    /// A conversation with the server of `smtp`; nothing is opened yet.
    pub fn new(smtp: &Smtp) -> Relay {
        Relay { smtp: smtp.clone(), hello: ClientId::default(), conn: None, connections: 0, on_this: 0 }
    }

    /// `host:port (security)`, as the messages name the server.
    pub fn server(&self) -> String {
        format!("{}:{} ({})", self.smtp.host, self.smtp.port, self.smtp.security.label())
    }

    /// Whether a connection is open, and how many messages it carried.
    pub fn open(&self) -> Option<usize> {
        self.conn.as_ref().map(|_| self.on_this)
    }

    /// Opens a connection (greeting, `EHLO`, TLS, login) unless one is open.
    pub fn connect(&mut self) -> Result<(), ConnectError> {
        if self.conn.is_some() {
            return Ok(());
        }
        let smtp = &self.smtp;
        let server = self.server();
        let params = || {
            TlsParameters::new(smtp.host.clone()).map_err(|e| ConnectError {
                what: format!("cannot set up TLS for `{}`: {e}", smtp.host),
                hint: "check the host name".to_string(),
                transient: false,
            })
        };
        let wrapper = match smtp.security {
            Security::Tls => Some(params()?),
            _ => None,
        };
        let fail = |e: &lettre::transport::smtp::Error| connect_error(e, &server, smtp.timeout);
        let mut conn = SmtpConnection::connect(
            (smtp.host.as_str(), smtp.port),
            Some(smtp.timeout),
            &self.hello,
            wrapper.as_ref(),
            None,
        )
        .map_err(|e| fail(&e))?;
        if smtp.security == Security::Starttls {
            conn.starttls(&params()?, &self.hello).map_err(|e| fail(&e))?;
        }
        if let Some((user, password)) = &smtp.credentials {
            conn.auth(DEFAULT_MECHANISMS, &Credentials::new(user.clone(), password.clone())).map_err(|e| fail(&e))?;
        }
        self.conn = Some(conn);
        self.connections += 1;
        self.on_this = 0;
        Ok(())
    }

    /// Sends one message on the open connection (see [`Relay::connect`]).
    /// `pending` runs once the envelope is accepted and before `DATA`: it
    /// records the message as pending, and the message is not sent if it
    /// fails.
    pub fn send(
        &mut self,
        envelope: &Envelope,
        message: &[u8],
        pending: &mut dyn FnMut() -> Result<(), String>,
    ) -> Outcome {
        let Some(mut conn) = self.conn.take() else {
            return Outcome::Broken(Step::Mail, Trouble::Other("not connected".into()));
        };
        let outcome = transaction(&mut conn, envelope, message, pending);
        // Only a connection whose last reply was read in step, and that
        // the server did not say it closes (421), carries the next message.
        let healthy = match &outcome {
            Outcome::Accepted(_) => true,
            Outcome::Refused { step: Step::Reply, reply, .. } => !reply.starts_with("421"),
            Outcome::Refused { reply, .. } if !reply.starts_with("421") => conn.command(Rset).is_ok(),
            Outcome::NotRecorded(_) => conn.command(Rset).is_ok(),
            _ => false,
        };
        if healthy {
            self.conn = Some(conn);
            self.on_this += 1;
        }
        outcome
    }

    /// Ends the conversation politely: `QUIT` on an open connection.
    pub fn close(&mut self) {
        if let Some(mut conn) = self.conn.take() {
            let _ = conn.set_timeout(Some(self.smtp.timeout.min(Duration::from_secs(2))));
            let _ = conn.command(Quit);
        }
    }
}

/// `MAIL`, `RCPT`, the pending record, `DATA` and the message.
fn transaction(
    conn: &mut SmtpConnection,
    envelope: &Envelope,
    message: &[u8],
    pending: &mut dyn FnMut() -> Result<(), String>,
) -> Outcome {
    let mut options = Vec::new();
    let ascii = |a: &lettre::Address| AsRef::<str>::as_ref(a).is_ascii();
    let non_ascii = envelope.from().is_some_and(|a| !ascii(a)) || envelope.to().iter().any(|a| !ascii(a));
    if non_ascii && conn.server_info().supports_feature(Extension::SmtpUtfEight) {
        options.push(MailParameter::SmtpUtfEight);
    }
    if !message.is_ascii() && conn.server_info().supports_feature(Extension::EightBitMime) {
        options.push(MailParameter::Body(MailBodyParameter::EightBitMime));
    }
    if let Err(e) = conn.command(Mail::new(envelope.from().cloned(), options)) {
        return failed(Step::Mail, &e, None);
    }
    for to in envelope.to() {
        if let Err(e) = conn.command(Rcpt::new(to.clone(), vec![])) {
            return failed(Step::Rcpt, &e, Some(to.to_string()));
        }
    }
    if let Err(why) = pending() {
        return Outcome::NotRecorded(why);
    }
    if let Err(e) = conn.command(Data) {
        return failed(Step::Data, &e, None);
    }
    // Every piece handed over, then lettre writes the end (`.`) and reads
    // the reply.
    let written = Cell::new(false);
    let pieces = message.chunks(PIECE).chain(std::iter::from_fn(|| -> Option<&[u8]> {
        written.set(true);
        None
    }));
    match conn.message_iter(pieces) {
        Ok(reply) => Outcome::Accepted(reply_text(reply.code(), reply.message().collect::<Vec<_>>().join(" "))),
        Err(e) if e.status().is_some() => failed(Step::Reply, &e, None),
        // A write after the last piece failed: the end was never sent.
        Err(e) if !written.get() || io_kind(&e) == Some(std::io::ErrorKind::BrokenPipe) => {
            Outcome::Broken(Step::Message, trouble(&e))
        }
        Err(e) => Outcome::InDoubt(trouble(&e)),
    }
}

/// A failed command: a refusal, or a broken connection.
fn failed(step: Step, e: &lettre::transport::smtp::Error, address: Option<String>) -> Outcome {
    match e.status() {
        Some(code) => {
            Outcome::Refused { step, reply: reply_text(code, detail(e)), permanent: e.is_permanent(), address }
        }
        None => Outcome::Broken(step, trouble(e)),
    }
}

/// A reply as the server wrote it: `550 5.1.1 <a@b>: recipient rejected`.
fn reply_text(code: impl std::fmt::Display, text: String) -> String {
    if text.is_empty() { code.to_string() } else { format!("{code} {text}") }
}

/// The text of a lettre error, without its kind.
fn detail(e: &lettre::transport::smtp::Error) -> String {
    let text = std::error::Error::source(e).map_or_else(|| e.to_string(), ToString::to_string);
    text.split(" (os error").next().unwrap_or(&text).to_string()
}

/// The I/O error behind a lettre error, if any.
fn io_kind(e: &lettre::transport::smtp::Error) -> Option<std::io::ErrorKind> {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            return Some(io.kind());
        }
        source = s.source();
    }
    None
}

/// What broke a connection.
fn trouble(e: &lettre::transport::smtp::Error) -> Trouble {
    use std::io::ErrorKind::*;
    match io_kind(e) {
        // A socket's time limit runs out as "would block" on Unix.
        Some(TimedOut | WouldBlock) => Trouble::Timeout,
        Some(ConnectionReset | ConnectionAborted | BrokenPipe | UnexpectedEof | NotConnected) => Trouble::Dropped,
        Some(_) => Trouble::Other(detail(e).to_lowercase()),
        // lettre's word for a connection that ended in a reply.
        None if e.is_response() && detail(e).contains("incomplete response") => Trouble::Dropped,
        None => Trouble::Other(detail(e)),
    }
}

/// A failure to connect in the house voice, with a hint.
fn connect_error(e: &lettre::transport::smtp::Error, server: &str, timeout: Duration) -> ConnectError {
    let error = |what: String, hint: &str, transient| ConnectError { what, hint: hint.to_string(), transient };
    if let Some(code) = e.status() {
        let reply = reply_text(code, detail(e));
        return if e.is_transient() {
            error(format!("{server} is not taking messages now: {reply}"), "the server may take them later", true)
        } else if ["530", "534", "535"].iter().any(|c| reply.starts_with(c)) {
            error(format!("{server} refused the login: {reply}"), "check `--user` and the password", false)
        } else {
            error(format!("{server} refused the connection: {reply}"), "check the host, port and `--security`", false)
        };
    }
    if e.is_tls() {
        return error(
            format!("TLS with {server} failed: {}", detail(e)),
            "check the host name and `--security` (`tls` for port 465, `starttls` for 587)",
            false,
        );
    }
    match (trouble(e), io_kind(e)) {
        (Trouble::Timeout, _) => error(
            format!("{server} did not answer within {} s (a timeout)", timeout.as_secs()),
            "check the host and port, or raise `--timeout`",
            true,
        ),
        (Trouble::Dropped, _) => {
            error(format!("{server} dropped the connection"), "check the port and `--security`", true)
        }
        (Trouble::Other(why), Some(std::io::ErrorKind::ConnectionRefused)) => error(
            format!("cannot connect to {server}: {why}"),
            "check the host and port, and that the server runs",
            true,
        ),
        (Trouble::Other(why), _) => {
            error(format!("cannot connect to {server}: {why}"), "check the host, port and `--security`", false)
        }
    }
}
