//! `brief send`: a brief's message to its `[email]` addressees, or one
//! message per recipient of a list, each copy delivered once however the
//! server fails and however often the command is run again.
//!
//! Every copy is built before the first is sent. The [`journal`] beside
//! the brief then decides, copy by copy: one the server already took is
//! skipped; one in doubt (sent whole, reply never seen) or changed since it
//! was taken (another attachment or address) is listed and kept back
//! unless `--resend` asks for it; the rest are sent. Sending goes through
//! one [`Relay`]: a connection reused while the server allows it, a pace
//! kept under `--rate`, and a failure tried again, up to `--retries` times
//! with a doubling wait, only where the server cannot have the message (a
//! 4xx reply, a refused, dropped or timed-out connection before the end of
//! the message). A 5xx reply is final, and so is a message whose reply
//! never came: sending it again could give the recipient two. A server
//! that cannot be reached, or refuses the login or the sender, ends the
//! run; what was not tried is counted, and the same command sends it later.
//!
//! The exit status is 0 only when every copy has been taken by the server,
//! in this run or an earlier one.

use std::collections::BTreeSet;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use super::journal::{self, Event, Journal, Record, Verdict};
use super::relay::{Outcome, Relay, Step, Trouble};
use super::{Status, attachment_name, error, inputs, io_reason, mail, plural, recipients, to_stderr};

/// The options of `brief send`: the server and how to deliver, as the
/// command line gives them, and how much to print.
#[derive(Debug, clap::Args)]
pub struct Request {
    /// The SMTP server (required unless `--dry-run`).
    #[arg(long, env = "BRIEF_SMTP_HOST", value_name = "HOST")]
    pub host: Option<String>,
    /// The server's port. Default: 587 for `starttls`, 465 for `tls`,
    /// 25 for `none`.
    #[arg(long, env = "BRIEF_SMTP_PORT", value_name = "PORT")]
    pub port: Option<u16>,
    /// How the connection is secured: `starttls` (required upgrade),
    /// `tls` (from the first byte) or `none` (a local relay only).
    #[arg(long, value_enum, env = "BRIEF_SMTP_SECURITY", default_value_t = mail::Security::Starttls)]
    pub security: mail::Security,
    /// The user name to log in with; the password comes from the
    /// environment variable BRIEF_SMTP_PASSWORD or `--password-file`.
    #[arg(long, env = "BRIEF_SMTP_USER", value_name = "NAME")]
    pub user: Option<String>,
    /// A file whose first line is the password.
    #[arg(long, env = "BRIEF_SMTP_PASSWORD_FILE", value_name = "PATH")]
    pub password_file: Option<PathBuf>,
    /// Seconds to wait for each reply of the server (and to connect).
    /// After a timeout the connection is closed: a message whose end
    /// got no reply is in doubt and not sent again unless asked.
    #[arg(long, default_value_t = 30, value_name = "SECONDS")]
    pub timeout: u64,
    /// Print what would be sent (envelope, headers, sizes) and what the
    /// send journal keeps back, and do not connect.
    #[arg(long)]
    pub dry_run: bool,
    /// Send again what the send journal keeps back: `in-doubt` (sent
    /// whole, no reply seen), `changed` (the copy or address changed
    /// since the server took it), `all` (every copy), or a recipient's
    /// name from the list. Repeatable.
    #[arg(long, value_name = "WHAT")]
    pub resend: Vec<String>,
    /// How many more times a copy is tried when the server cannot have
    /// it (a 4xx reply, a connection refused, dropped or timed out
    /// before the end of the message).
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub retries: u32,
    /// Seconds before the first retry; each next wait is twice as long.
    #[arg(long, default_value = "2", value_parser = parse_seconds, value_name = "SECONDS")]
    pub retry_wait: f64,
    /// At most so many messages, e.g. `60/min` (also `/s`, `/h`), to
    /// stay under a relay's limit.
    #[arg(long, value_parser = parse_rate, value_name = "N/min")]
    pub rate: Option<Rate>,
    /// Only problems (the global `--quiet`).
    #[arg(skip)]
    pub quiet: bool,
    /// Also each copy skipped, and the time taken (the global `--verbose`).
    #[arg(skip)]
    pub verbose: bool,
}

/// A pace: at most `count` messages each `per`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    count: u32,
    per: Duration,
}

impl Rate {
    /// The least time between two messages.
    fn interval(self) -> Duration {
        self.per / self.count.max(1)
    }
}

/// Reads `--rate`: `N/min`, `N/s`, `N/h`, or `N` (a minute).
pub fn parse_rate(text: &str) -> Result<Rate, String> {
    let (count, unit) = text.trim().split_once('/').unwrap_or((text.trim(), "min"));
    let per = match unit.trim() {
        "s" | "sec" | "second" => Duration::from_secs(1),
        "m" | "min" | "minute" => Duration::from_secs(60),
        "h" | "hour" => Duration::from_secs(3600),
        other => return Err(format!("unknown unit `{other}`; write it as `60/min`, `2/s` or `1000/h`")),
    };
    match count.trim().parse::<u32>() {
        Ok(count) if count > 0 => Ok(Rate { count, per }),
        _ => Err(format!("`{count}` is not a number of messages above 0; write it as `60/min`")),
    }
}

/// Reads `--retry-wait`: seconds, with a fraction if need be.
pub fn parse_seconds(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(s) if s.is_finite() && (0.0..=3600.0).contains(&s) => Ok(s),
        _ => Err(format!("`{text}` is not a number of seconds between 0 and 3600")),
    }
}

/// One message to send, as the journal knows it.
struct Copy {
    /// The journal's name for the recipient: the list's, or [`journal::OWN`].
    name: String,
    /// How messages name the recipient: `` `Mission A` <a@example.org> ``.
    shown: String,
    /// The address in the journal.
    address: String,
    /// The message.
    mail: mail::Mail,
    /// `sha256:` and the PDF's digest.
    attachment: String,
}

/// `brief send BRIEF`: the message to the brief's own addressees.
pub fn one(path: &Path, request: &Request) -> Status {
    let crate::Built { pdf, brief, .. } = match super::build_in_memory(path) {
        Ok(b) => b,
        Err(s) => return s,
    };
    let filename = attachment_name(&path.with_extension("pdf"));
    let recipients = mail::Recipients::of(&brief);
    let mail = match mail::build(&brief, &pdf, &filename, &recipients, mail::Purpose::Send) {
        Ok(m) => m,
        Err(msg) => {
            error(format!("cannot send `{}`: {msg}", path.display()));
            return Status::Failed;
        }
    };
    let to: Vec<String> = mail.message.envelope().to().iter().map(ToString::to_string).collect();
    let copy = Copy {
        name: journal::OWN.to_string(),
        shown: format!("`{}` to {}", path.display(), to.join(", ")),
        address: to.join(", "),
        attachment: format!("sha256:{}", digest(&pdf)),
        mail,
    };
    run(path, None, vec![copy], request)
}

/// `brief send BRIEF --for LIST`: one message per recipient, each with
/// their own copy.
pub fn each(path: &Path, list: &Path, request: &Request, allow_drift: bool) -> Status {
    let strict = recipients::Strict { allow_drift, deny_warnings: false };
    let made = match recipients::mail_copies(path, list, strict) {
        Ok(c) => c,
        Err(s) => return s,
    };
    let mut copies = Vec::with_capacity(made.len());
    for made in made {
        let mut to = mail::Recipients::of(&made.brief);
        to.to = vec![made.address.clone()];
        match mail::build(&made.brief, &made.pdf, &made.filename, &to, mail::Purpose::Send) {
            Ok(mail) => {
                let address = format!("{}@{}", made.address.user, made.address.domain);
                copies.push(Copy {
                    shown: format!("`{}` <{address}>", made.name),
                    name: made.name,
                    address,
                    attachment: format!("sha256:{}", digest(&made.pdf)),
                    mail,
                });
            }
            Err(msg) => {
                error(format!("cannot send `{}` to `{}`: {msg}", path.display(), made.name));
                return Status::Failed;
            }
        }
    }
    run(path, Some(list), copies, request)
}

/// What `--resend` asks for.
#[derive(Debug, Default)]
struct Resend {
    all: bool,
    changed: bool,
    in_doubt: bool,
    names: BTreeSet<String>,
}

impl Resend {
    /// Reads the values of `--resend`, checking names against the list.
    fn parse(values: &[String], copies: &[Copy], list: Option<&Path>) -> Result<Resend, String> {
        let mut resend = Resend::default();
        let names: Vec<&str> = copies.iter().map(|c| c.name.as_str()).collect();
        for value in values {
            match value.as_str() {
                "all" => resend.all = true,
                "changed" => resend.changed = true,
                "in-doubt" => resend.in_doubt = true,
                name if names.contains(&name) && list.is_some() => {
                    resend.names.insert(name.to_string());
                }
                name => {
                    let Some(list) = list else {
                        return Err(format!(
                            "`--resend {name}`: without `--for LIST` there is one message\n  = hint: `--resend all` sends it again; `--resend` takes `all`, `changed`, `in-doubt`"
                        ));
                    };
                    let nearest = names
                        .iter()
                        .map(|n| (strsim::jaro_winkler(&name.to_lowercase(), &n.to_lowercase()), n))
                        .filter(|(score, _)| *score >= 0.8)
                        .max_by(|a, b| a.0.total_cmp(&b.0));
                    let hint = match nearest {
                        Some((_, n)) => format!("did you mean `{n}`?"),
                        None => "`--resend` takes `all`, `changed`, `in-doubt` or a recipient's name".to_string(),
                    };
                    return Err(format!(
                        "`--resend {name}`: no recipient of `{}` has that name\n  = hint: {hint}",
                        list.display()
                    ));
                }
            }
        }
        Ok(resend)
    }

    /// Whether `copy` is asked for by name or with every copy.
    fn names(&self, copy: &Copy) -> bool {
        self.all || self.names.contains(&copy.name)
    }
}

/// What is done with one copy.
#[derive(Debug, Clone, Copy)]
enum Plan<'j> {
    /// Sent, keeping the Message-ID of an earlier try of the same copy.
    Send(Option<&'j Record>),
    /// Taken by the server before.
    Skip(&'j Record),
    /// Kept back: in doubt.
    Doubt(&'j Record),
    /// Kept back: changed since it was taken.
    Changed(&'j Record),
}

fn plan<'j>(verdict: Verdict<'j>, copy: &Copy, resend: &Resend) -> Plan<'j> {
    let same = |r: &'j Record| (r.attachment == copy.attachment && r.address == copy.address).then_some(r);
    match verdict {
        Verdict::New => Plan::Send(None),
        Verdict::Failed(r) => Plan::Send(same(r)),
        Verdict::Accepted(_) if resend.names(copy) => Plan::Send(None),
        Verdict::Accepted(r) => Plan::Skip(r),
        Verdict::InDoubt(r) if resend.names(copy) || resend.in_doubt => Plan::Send(same(r)),
        Verdict::InDoubt(r) => Plan::Doubt(r),
        Verdict::Changed(_) if resend.names(copy) || resend.changed => Plan::Send(None),
        Verdict::Changed(r) => Plan::Changed(r),
    }
}

/// Why a copy was kept back, with a hint.
fn kept_back(copy: &Copy, plan: Plan<'_>, list: bool) -> Option<String> {
    let by_name = if list { format!(", `--resend \"{}\"` this one", copy.name) } else { String::new() };
    match plan {
        Plan::Doubt(r) => {
            let what = match (r.event, &r.reason) {
                (Event::InDoubt, Some(reason)) => format!("the whole message was sent and {reason}"),
                _ => "the run that sent it ended before the server's reply was recorded".to_string(),
            };
            Some(format!(
                "warning: {} is in doubt since {}: {what}, so the server may have taken it; not sent again\n  = hint: ask them or look in the server's log; `--resend in-doubt` sends every copy in doubt{by_name} (with the same Message-ID)\n",
                copy.shown,
                journal::shown(&r.time)
            ))
        }
        Plan::Changed(r) => {
            let what = if r.address != copy.address {
                format!("its address changed since a copy went to {}", r.address)
            } else {
                "its copy changed since it was sent".to_string()
            };
            Some(format!(
                "warning: {}: {what} on {}; not sent again\n  = hint: `--resend changed` sends every changed copy{by_name}\n",
                copy.shown,
                journal::shown(&r.time)
            ))
        }
        _ => None,
    }
}

/// How many copies ended each way.
#[derive(Debug, Default)]
struct Tally {
    sent: usize,
    already: usize,
    failed: usize,
    doubt: usize,
    changed: usize,
    not_tried: usize,
}

impl Tally {
    /// `sent 12, already sent 181, failed 0`, and what else is not zero.
    fn line(&self) -> String {
        let mut line = format!("sent {}, already sent {}, failed {}", self.sent, self.already, self.failed);
        for (n, what) in
            [(self.doubt, "in doubt"), (self.changed, "changed and not sent"), (self.not_tried, "not tried")]
        {
            if n > 0 {
                line.push_str(&format!(", {what} {n}"));
            }
        }
        line
    }

    fn all_taken(&self) -> bool {
        self.failed + self.doubt + self.changed + self.not_tried == 0
    }
}

/// Plans and sends `copies`, recording each in the journal beside `path`.
fn run(path: &Path, list: Option<&Path>, mut copies: Vec<Copy>, request: &Request) -> Status {
    let resend = match Resend::parse(&request.resend, &copies, list) {
        Ok(r) => r,
        Err(msg) => {
            error(msg);
            return Status::Failed;
        }
    };
    let journal_path = journal::path_of(path);
    let port = request.port.unwrap_or(request.security.default_port());
    // A real run holds the journal's lock from before it reads it.
    let (journal, writer) = if request.dry_run {
        (Journal::read(&journal_path), None)
    } else {
        let smtp = match smtp(request, port) {
            Ok(s) => s,
            Err(s) => return s,
        };
        match journal::Writer::open(&journal_path) {
            Ok(w) => (Journal::read(&journal_path), Some((w, smtp))),
            Err(msg) => {
                error(msg);
                return Status::Failed;
            }
        }
    };
    let journal = match journal {
        Ok(j) => j,
        Err(msg) => {
            error(msg);
            return Status::Failed;
        }
    };
    if !journal.unreadable.is_empty() && !request.quiet {
        let lines: Vec<String> = journal.unreadable.iter().map(ToString::to_string).collect();
        to_stderr(&format!(
            "warning: the send journal `{}` has lines that are not records (line {}); they are skipped\n",
            journal_path.display(),
            lines.join(", ")
        ));
    }
    let plans: Vec<Plan<'_>> =
        copies.iter().map(|c| plan(journal.verdict(&c.name, &c.address, &c.attachment), c, &resend)).collect();
    if request.dry_run {
        let out = dry_run(&copies, &plans, &journal, &journal_path, request, port, list.is_some());
        let _ = std::io::stdout().write_all(out.as_bytes());
        return Status::Ok;
    }
    let Some((mut writer, smtp)) = writer else { return Status::Failed };
    let mut tally = Tally::default();
    let mut report = String::new();
    let mut todo = Vec::new();
    for (k, (copy, plan)) in copies.iter().zip(&plans).enumerate() {
        match plan {
            Plan::Send(earlier) => todo.push((k, earlier.map(|r| r.message_id.clone()))),
            Plan::Skip(r) => {
                tally.already += 1;
                if request.verbose {
                    report.push_str(&format!("already sent to {} on {}\n", copy.shown, journal::shown(&r.time)));
                }
            }
            Plan::Doubt(_) | Plan::Changed(_) => {
                if matches!(plan, Plan::Doubt(_)) {
                    tally.doubt += 1;
                } else {
                    tally.changed += 1;
                }
                report.push_str(&kept_back(copy, *plan, list.is_some()).unwrap_or_default());
            }
        }
    }
    to_stderr(&report);
    if let (None, Some(Plan::Skip(r)), false) = (list, plans.first(), request.quiet) {
        super::summary(format!(
            "{} was sent already, on {}{}\n  = hint: `--resend all` sends it again",
            copies[0].shown,
            journal::shown(&r.time),
            r.reply.as_ref().map_or(String::new(), |reply| format!(": {reply}"))
        ));
    }
    let started = Instant::now();
    let bar = (list.is_some() && todo.len() > 1 && !request.quiet && std::io::stderr().is_terminal()).then(|| {
        let style = ProgressStyle::with_template("{prefix} {wide_bar} {pos}/{len}")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        ProgressBar::new(todo.len() as u64).with_style(style).with_prefix("sending")
    });
    let mut relay = Relay::new(&smtp);
    let mut sender = Sender {
        relay: &mut relay,
        writer: &mut writer,
        request,
        smtp: &smtp,
        next: Instant::now(),
        bar: bar.as_ref(),
    };
    let mut stopped: Option<(String, String)> = None;
    let mut replies = Vec::new();
    for (k, earlier_id) in &todo {
        if stopped.is_some() {
            tally.not_tried += 1;
            continue;
        }
        let copy = &mut copies[*k];
        if let Some(id) = earlier_id.as_deref().filter(|id| !id.is_empty()) {
            mail::set_message_id(&mut copy.mail.message, id);
        }
        match sender.deliver(copy) {
            Done::Accepted(reply) => {
                tally.sent += 1;
                replies.push(reply);
            }
            Done::Failed(msg) => {
                tally.failed += 1;
                sender.say(&format!("error: {msg}\n"));
            }
            Done::InDoubt(msg) => {
                tally.doubt += 1;
                sender.say(&format!("warning: {msg}\n"));
            }
            Done::Stop(what, hint) => {
                tally.not_tried += 1;
                stopped = Some((what, hint));
            }
        }
        if let Some(bar) = &bar {
            bar.inc(1);
        }
    }
    let connections = sender.relay.connections;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    relay.close();
    if let Some((what, hint)) = stopped {
        let rest = format!(
            "{} not sent: the same command sends {} once the server takes messages again",
            plural(tally.not_tried, "copy", "copies"),
            if tally.not_tried == 1 { "it" } else { "them" }
        );
        let hint = if hint.is_empty() { String::new() } else { format!("\n  = hint: {hint}") };
        error(format!("{what}{hint}\n  = hint: {rest}"));
    }
    if !request.quiet {
        let server = format!("{}:{}", smtp.host, smtp.port);
        let timing = if request.verbose && tally.sent > 0 {
            let secs = started.elapsed().as_secs_f64();
            format!(
                " in {secs:.2} s ({:.1} ms a message, {})",
                secs * 1000.0 / tally.sent as f64,
                plural(connections, "connection", "connections")
            )
        } else {
            String::new()
        };
        match list {
            None if tally.sent == 1 => super::summary(format!(
                "sent `{}` to {} through {server}: {}{timing}",
                path.display(),
                plural(copies[0].mail.message.envelope().to().len(), "recipient", "recipients"),
                replies.join("")
            )),
            None => {}
            Some(_) => super::summary(format!("{} through {server}{timing}", tally.line())),
        }
    }
    if tally.all_taken() { Status::Ok } else { Status::Failed }
}

/// How one copy ended.
enum Done {
    /// Taken, with the server's reply.
    Accepted(String),
    /// Not taken; the message to print.
    Failed(String),
    /// Sent whole, no reply; the message to print.
    InDoubt(String),
    /// Nothing more can be sent this run: the server cannot be reached,
    /// refuses the login or the sender, or the journal cannot be written;
    /// what happened, and a hint (none when the first has its own).
    Stop(String, String),
}

/// Sends copies one after the other through one relay.
struct Sender<'a> {
    relay: &'a mut Relay,
    writer: &'a mut journal::Writer,
    request: &'a Request,
    smtp: &'a mail::Smtp,
    /// When the next message may start, under `--rate`.
    next: Instant,
    /// The progress bar, drawn over what is printed.
    bar: Option<&'a ProgressBar>,
}

impl Sender<'_> {
    /// Prints to standard error, under the progress bar.
    fn say(&self, text: &str) {
        match self.bar {
            Some(bar) => bar.suspend(|| to_stderr(text)),
            None => to_stderr(text),
        }
    }

    /// Sends one copy, trying again where that cannot give two copies.
    fn deliver(&mut self, copy: &Copy) -> Done {
        let bytes = copy.mail.message.formatted();
        let envelope = copy.mail.message.envelope().clone();
        let message_id = mail::message_id_of(&copy.mail.message);
        let server = format!("{}:{}", self.smtp.host, self.smtp.port);
        let timeout = self.smtp.timeout;
        let record = |event, attempt, reply: Option<String>, reason: Option<String>| Record {
            time: journal::now(),
            event,
            recipient: copy.name.clone(),
            address: copy.address.clone(),
            message_id: message_id.clone(),
            attachment: copy.attachment.clone(),
            server: server.clone(),
            attempt,
            reply,
            reason,
        };
        let mut attempt = 0u32;
        let mut reconnected = false;
        loop {
            attempt += 1;
            let tries = format!("after {}", plural(attempt as usize, "try", "tries"));
            if self.relay.open().is_none()
                && let Err(e) = self.relay.connect()
            {
                if e.transient && attempt <= self.request.retries {
                    self.back_off(attempt, &e.what);
                    continue;
                }
                let tried = if attempt > 1 { format!(" ({tries})") } else { String::new() };
                return Done::Stop(format!("{}{tried}", e.what), e.hint);
            }
            let reused = self.relay.open().is_some_and(|n| n > 0);
            self.pace();
            let writer = &mut *self.writer;
            let outcome =
                self.relay.send(&envelope, &bytes, &mut || writer.append(&record(Event::Pending, attempt, None, None)));
            let (reply, reason, step) = match outcome {
                Outcome::Accepted(reply) => {
                    return match self.writer.append(&record(Event::Accepted, attempt, Some(reply.clone()), None)) {
                        Ok(()) => Done::Accepted(reply),
                        Err(msg) => Done::Stop(
                            format!("{} was taken by the server but cannot be recorded: {msg}", copy.shown),
                            format!("the next run names {} as in doubt", copy.shown),
                        ),
                    };
                }
                Outcome::NotRecorded(msg) => return Done::Stop(msg, String::new()),
                Outcome::InDoubt(trouble) => {
                    let reason = match &trouble {
                        Trouble::Timeout => format!("{} after its end (a timeout)", trouble.reason(timeout)),
                        Trouble::Dropped => "the server dropped the connection before its reply".to_string(),
                        Trouble::Other(why) => format!("the connection failed before the reply: {why}"),
                    };
                    if let Err(msg) = self.writer.append(&record(Event::InDoubt, attempt, None, Some(reason.clone()))) {
                        return Done::Stop(msg, String::new());
                    }
                    return Done::InDoubt(format!(
                        "{} is in doubt: the whole message was sent and {reason}, so the server may have taken it; not tried again\n  = hint: ask them or look in the server's log; `--resend in-doubt` sends it again (with the same Message-ID)",
                        copy.shown
                    ));
                }
                Outcome::Refused { step, reply, permanent: true, address } => {
                    let _ = self.writer.append(&record(Event::Failed, attempt, Some(reply.clone()), None));
                    let at = match &address {
                        Some(a) if step == Step::Rcpt => format!("the address <{a}>"),
                        _ => format!("it at {}", step.name()),
                    };
                    let refused = format!("{}: {} refused {at}: {reply}", copy.shown, self.relay.server());
                    if step == Step::Mail {
                        return Done::Stop(
                            refused,
                            "the server refuses the sender: check `from` in `[email]` and `--user`".to_string(),
                        );
                    }
                    let hint = if step == Step::Rcpt {
                        "check the address; the same command tries again"
                    } else {
                        "the server will not take this message; the same command tries again"
                    };
                    return Done::Failed(format!("{refused}, nothing was sent\n  = hint: {hint}"));
                }
                Outcome::Refused { step, reply, .. } => {
                    (Some(reply.clone()), format!("{reply} at {}", step.name()), step)
                }
                Outcome::Broken(step, trouble) => {
                    let reason = match (&trouble, step) {
                        (Trouble::Timeout, Step::Message) => {
                            format!("the server took no more of the message for {} s (a timeout)", timeout.as_secs())
                        }
                        (Trouble::Timeout, _) => format!("{} to {} (a timeout)", trouble.reason(timeout), step.name()),
                        (Trouble::Dropped, Step::Message) => {
                            "the server dropped the connection before the end of the message".to_string()
                        }
                        (Trouble::Dropped, _) => format!("the server dropped the connection at {}", step.name()),
                        (Trouble::Other(why), _) => format!("{why} at {}", step.name()),
                    };
                    (None, reason, step)
                }
            };
            // A connection kept open may have been closed by the server
            // since: one fresh connection, not counted as a try.
            if reused && !reconnected && step == Step::Mail {
                reconnected = true;
                attempt -= 1;
                continue;
            }
            if let Err(msg) = self.writer.append(&record(Event::Failed, attempt, reply, Some(reason.clone()))) {
                return Done::Stop(msg, String::new());
            }
            if attempt <= self.request.retries {
                self.back_off(attempt, &format!("{}: {reason}", copy.shown));
                continue;
            }
            return Done::Failed(format!(
                "{}: not sent {tries}: {reason}, nothing was sent\n  = hint: the server may take it later; the same command tries again",
                copy.shown
            ));
        }
    }

    /// Waits before try `attempt + 1`: `--retry-wait`, doubled each time,
    /// saying why unless `--quiet`.
    fn back_off(&self, attempt: u32, why: &str) {
        let wait = (self.request.retry_wait * f64::from(1u32 << (attempt - 1).min(10))).min(300.0);
        if !self.request.quiet {
            self.say(&format!(
                "note: {why}; trying again in {wait:.1} s (try {} of {})\n",
                attempt + 1,
                self.request.retries + 1
            ));
        }
        std::thread::sleep(Duration::from_secs_f64(wait));
    }

    /// Waits until the next message may start under `--rate`.
    fn pace(&mut self) {
        let Some(rate) = self.request.rate else { return };
        let now = Instant::now();
        if self.next > now {
            std::thread::sleep(self.next - now);
        }
        self.next = self.next.max(now) + rate.interval();
    }
}

/// Largest password file accepted: a password is one line.
const MAX_PASSWORD_FILE: u64 = 64 * 1024;

/// The password: from `--password-file` (its first line), else from the
/// environment variable `BRIEF_SMTP_PASSWORD`. The file may be a pipe
/// (`--password-file <(pass show smtp)`).
fn password(request: &Request) -> Result<Option<String>, String> {
    if let Some(file) = &request.password_file {
        let name = file.display();
        let bytes = inputs::read_limited(file, MAX_PASSWORD_FILE).map_err(|e| match e {
            inputs::ReadError::Io(e) => format!("cannot read the password file `{name}`: {}", io_reason(&e)),
            inputs::ReadError::TooLarge => format!(
                "cannot read the password file `{name}`: it is larger than {} KiB\n  = hint: the file holds the password on its first line",
                MAX_PASSWORD_FILE / 1024
            ),
        })?;
        let text = String::from_utf8(bytes).map_err(|_| format!("the password file `{name}` is not UTF-8 text"))?;
        let line = text.lines().next().unwrap_or("").to_string();
        if line.is_empty() {
            return Err(format!("the password file `{}` is empty", file.display()));
        }
        return Ok(Some(line));
    }
    Ok(std::env::var("BRIEF_SMTP_PASSWORD").ok().filter(|p| !p.is_empty()))
}

/// The SMTP connection settings of a request, or `Err` once the problem
/// is printed.
fn smtp(request: &Request, port: u16) -> Result<mail::Smtp, Status> {
    let Some(host) = request.host.clone().filter(|h| !h.trim().is_empty()) else {
        error(
            "no SMTP server given\n  = hint: pass `--host smtp.example.org` or set BRIEF_SMTP_HOST; `--dry-run` shows the message without sending",
        );
        return Err(Status::Failed);
    };
    let credentials = match (&request.user, password(request)) {
        (_, Err(msg)) => {
            error(msg);
            return Err(Status::Failed);
        }
        (Some(user), Ok(Some(pw))) => Some((user.clone(), pw)),
        (Some(user), Ok(None)) => {
            error(format!(
                "no password for the SMTP user `{user}`\n  = hint: set BRIEF_SMTP_PASSWORD or pass `--password-file PATH`"
            ));
            return Err(Status::Failed);
        }
        (None, Ok(Some(_))) => {
            error("a password is set but no SMTP user\n  = hint: pass `--user NAME` or set BRIEF_SMTP_USER");
            return Err(Status::Failed);
        }
        (None, Ok(None)) => None,
    };
    Ok(mail::Smtp {
        host,
        port,
        security: request.security,
        credentials,
        timeout: Duration::from_secs(request.timeout.max(1)),
    })
}

/// What `send --dry-run` prints: the server, what the journal says and
/// what would be sent or kept back, then each message to send (envelope,
/// headers and sizes).
fn dry_run(
    copies: &[Copy],
    plans: &[Plan<'_>],
    journal: &Journal,
    journal_path: &Path,
    request: &Request,
    port: u16,
    list: bool,
) -> String {
    let mut out = String::new();
    let login = match &request.user {
        Some(u) => format!(", as `{u}`"),
        None => String::new(),
    };
    let server = match &request.host {
        Some(host) => format!("{host}:{port} ({}){login}", request.security.label()),
        None => "none given (`--host` or BRIEF_SMTP_HOST)".to_string(),
    };
    out.push_str(&format!("dry run: nothing is sent\nserver:   {server}\n"));
    let (accepted, doubt) = journal.counts();
    let held = if accepted + doubt == 0 {
        "nothing sent yet".to_string()
    } else {
        format!("{} accepted, {doubt} in doubt", plural(accepted, "recipient", "recipients"))
    };
    out.push_str(&format!("journal:  {} ({held})\n", journal_path.display()));
    let sends = plans.iter().filter(|p| matches!(p, Plan::Send(_))).count();
    out.push_str(&format!("would send {sends} of {}:\n", plural(copies.len(), "message", "messages")));
    for (copy, plan) in copies.iter().zip(plans) {
        let line = match plan {
            Plan::Send(_) => format!("  send      {}\n", copy.shown),
            Plan::Skip(r) => format!("  skip      {}: already sent on {}\n", copy.shown, journal::shown(&r.time)),
            Plan::Doubt(r) => format!(
                "  in doubt  {}: since {}; kept back (`--resend in-doubt` sends it)\n",
                copy.shown,
                journal::shown(&r.time)
            ),
            Plan::Changed(r) => format!(
                "  changed   {}: since it was sent on {}; kept back (`--resend changed` sends it)\n",
                copy.shown,
                journal::shown(&r.time)
            ),
        };
        out.push_str(&line);
    }
    for (copy, plan) in copies.iter().zip(plans) {
        if !matches!(plan, Plan::Send(_)) {
            continue;
        }
        if list {
            out.push_str(&format!("--- for {}\n", copy.name));
        }
        out.push_str(&message_details(&copy.mail));
    }
    out
}

/// A message's envelope, headers and sizes.
fn message_details(mail: &mail::Mail) -> String {
    let mut out = String::new();
    let envelope = mail.message.envelope();
    let from = envelope.from().map_or_else(String::new, ToString::to_string);
    out.push_str(&format!("envelope: MAIL FROM:<{from}>\n"));
    for rcpt in envelope.to() {
        out.push_str(&format!("          RCPT TO:<{rcpt}>\n"));
    }
    out.push_str("headers:\n");
    for line in mail.message.headers().to_string().lines() {
        out.push_str(&format!("  {line}\n"));
    }
    let total = mail.message.formatted().len();
    let calendar = mail.calendar_len.map_or(String::new(), |n| format!(", text/calendar {n} bytes"));
    out.push_str(&format!(
        "parts:    text/plain {} bytes, text/html {} bytes, application/pdf `{}` {} bytes{calendar}\nmessage:  {} bytes\n",
        mail.text_len, mail.html_len, mail.filename, mail.pdf_len, total
    ));
    out
}

/// A copy's name in the journal: the SHA-256 of its PDF as `sha256sum`
/// prints it (lower-case hex), so that an officer can check which copy a
/// recipient holds with the tools every system has.
fn digest(bytes: &[u8]) -> String {
    use sha2::Digest;
    use std::fmt::Write;
    sha2::Sha256::digest(bytes).iter().fold(String::with_capacity(64), |mut hex, b| {
        let _ = write!(hex, "{b:02x}");
        hex
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn rates() {
        for (text, interval) in [("60/min", 1000), ("2/s", 500), ("3600/h", 1000), ("120", 500), (" 30 / min ", 2000)] {
            assert_eq!(parse_rate(text).unwrap().interval(), Duration::from_millis(interval), "{text}");
        }
        for bad in ["0/min", "x/min", "10/day", "-3", ""] {
            assert!(parse_rate(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn digest_is_sha256sum_hex() {
        assert_eq!(digest(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert_eq!(digest(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
