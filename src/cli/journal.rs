//! The send journal: what `brief send` did with each recipient's copy, so
//! that a run stopped part-way, by a failing server or a kill, can be run
//! again without sending anyone a second copy.
//!
//! It lives beside the brief (`press-release.toml` has
//! `press-release.send-journal.jsonl`) and holds one JSON object a line,
//! one line an event, appended and flushed to the disk (`fsync`) before the
//! run goes on; it is never rewritten. Each line names the recipient (the
//! list's `name`, or `[email]` for the brief's own addressees), the address,
//! the Message-ID, the SHA-256 of the attached PDF (as `sha256sum` prints
//! it), the time, the server, and its reply or why there was none. The
//! events:
//!
//! - `pending`: the envelope was accepted and the message is about to be
//!   sent (written before `DATA`);
//! - `accepted`: the server took the message (its `250` reply);
//! - `failed`: the server did not take it: it refused it, or the
//!   connection ended before the whole message was sent;
//! - `in-doubt`: the whole message was sent and no reply came, so the
//!   server may have taken it.
//!
//! A `pending` line that nothing follows is in doubt too: the run ended in
//! the window no client can close, between the end of the message and the
//! record of its reply. A run killed while writing a line leaves it torn;
//! the reader skips a line that does not parse, and the next run starts its
//! first line on a line of its own.
//!
//! [`Journal::verdict`] answers the sending loop's one question: what is
//! known of this recipient's copy? This module touches no network; the
//! loop that sends is [`super::send`]. On Linux, a run holds an exclusive
//! lock on the journal while it sends, so that two runs at once cannot
//! both send.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// What happened to one copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Event {
    /// About to send the message: the envelope was accepted.
    Pending,
    /// The server took the message.
    Accepted,
    /// The server did not take the message.
    Failed,
    /// The whole message was sent and no reply came.
    InDoubt,
}

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// When, in UTC (RFC 3339).
    pub time: String,
    /// What happened.
    pub event: Event,
    /// The recipient's name in the list, or [`OWN`].
    pub recipient: String,
    /// The address the copy went to (every envelope address for [`OWN`]).
    pub address: String,
    /// The message's Message-ID header.
    #[serde(default)]
    pub message_id: String,
    /// The attachment's SHA-256, `sha256:HEX`.
    #[serde(default)]
    pub attachment: String,
    /// The server, `host:port`.
    #[serde(default)]
    pub server: String,
    /// Which try of this run it was (1 for the first).
    #[serde(default)]
    pub attempt: u32,
    /// The server's reply, code first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<String>,
    /// Why there was no reply, or why the copy was not taken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The recipient named in the records of a message to the brief's own
/// `[email]` addressees (`brief send BRIEF`, without a list).
pub const OWN: &str = "[email]";

/// What the journal says of one recipient's copy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Verdict<'a> {
    /// Never tried.
    New,
    /// This very copy (same attachment, same address) was accepted.
    Accepted(&'a Record),
    /// The last try sent the whole message and got no reply, or the run
    /// ended before its reply was recorded.
    InDoubt(&'a Record),
    /// A copy was accepted, but not this one: the attachment or the
    /// address changed since.
    Changed(&'a Record),
    /// Tried, and not taken.
    Failed(&'a Record),
}

/// The records of a journal, as read at the start of a run.
#[derive(Debug, Default)]
pub struct Journal {
    records: Vec<Record>,
    /// Lines that are not records, other than a torn last line.
    pub unreadable: Vec<usize>,
}

/// The journal's path for the brief at `brief`.
pub fn path_of(brief: &Path) -> PathBuf {
    brief.with_extension("send-journal.jsonl")
}

impl Journal {
    /// Reads the journal at `path`; a missing file is an empty journal.
    pub fn read(path: &Path) -> Result<Journal, String> {
        match std::fs::read(path) {
            Ok(bytes) => Ok(Journal::parse(&bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Journal::default()),
            Err(e) => Err(format!("cannot read the send journal `{}`: {}", path.display(), super::io_reason(&e))),
        }
    }

    /// The records of a journal's bytes. A line that does not parse is
    /// skipped: a torn last line silently (a run killed while writing it),
    /// any other noted in [`Journal::unreadable`]. A torn line that a later
    /// run ended with a newline is a JSON object cut short: skipped
    /// silently as well.
    pub fn parse(bytes: &[u8]) -> Journal {
        let mut journal = Journal::default();
        let text = String::from_utf8_lossy(bytes);
        let complete = text.ends_with('\n');
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<Record>(line) {
                Ok(record) => journal.records.push(record),
                Err(_) if i + 1 == lines.len() && !complete => {}
                Err(e) if e.is_eof() => {}
                Err(_) => journal.unreadable.push(i + 1),
            }
        }
        journal
    }

    /// What is known of the copy for `recipient` at `address` whose
    /// attachment is `attachment`.
    pub fn verdict(&self, recipient: &str, address: &str, attachment: &str) -> Verdict<'_> {
        let mine: Vec<&Record> = self.records.iter().filter(|r| r.recipient == recipient).collect();
        let accepted = || mine.iter().rev().copied().filter(|r| r.event == Event::Accepted);
        // They hold this copy, whatever was tried since.
        if let Some(r) = accepted().find(|r| r.attachment == attachment && r.address == address) {
            return Verdict::Accepted(r);
        }
        match mine.last() {
            None => Verdict::New,
            Some(last) if matches!(last.event, Event::Pending | Event::InDoubt) => Verdict::InDoubt(last),
            Some(last) => match accepted().next() {
                Some(r) => Verdict::Changed(r),
                None if last.event == Event::Failed => Verdict::Failed(last),
                None => Verdict::New,
            },
        }
    }

    /// How many recipients the journal holds as accepted (in any
    /// version) and as in doubt.
    pub fn counts(&self) -> (usize, usize) {
        let mut last: std::collections::BTreeMap<&str, Event> = std::collections::BTreeMap::new();
        let mut accepted = std::collections::BTreeSet::new();
        for r in &self.records {
            last.insert(&r.recipient, r.event);
            if r.event == Event::Accepted {
                accepted.insert(r.recipient.as_str());
            }
        }
        let doubt =
            last.iter().filter(|(name, e)| matches!(e, Event::Pending | Event::InDoubt) && !accepted.contains(*name));
        (accepted.len(), doubt.count())
    }
}

/// The journal open for appending, locked for the run.
#[derive(Debug)]
pub struct Writer {
    file: File,
    path: PathBuf,
}

impl Writer {
    /// Opens (or makes) the journal at `path` and locks it; the lock is
    /// held until the writer is dropped. A torn last line left by a killed
    /// run is ended first, so that the next record starts a line.
    pub fn open(path: &Path) -> Result<Writer, String> {
        let name = path.display();
        let existed = path.exists();
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(path)
            .map_err(|e| format!("cannot open the send journal `{name}`: {}", super::io_reason(&e)))?;
        lock(&file, path)?;
        let len = file.metadata().map(|m| m.len()).unwrap_or(0);
        if len > 0 && !ends_with_newline(&mut file, len) {
            file.write_all(b"\n").and_then(|()| file.sync_data()).map_err(|e| write_error(path, &e))?;
        }
        if !existed {
            // The new file's name is made durable too.
            let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
            if let Ok(dir) = File::open(dir) {
                let _ = dir.sync_all();
            }
        }
        Ok(Writer { file, path: path.to_path_buf() })
    }

    /// Appends `record` as one line, and returns once it is on the disk.
    pub fn append(&mut self, record: &Record) -> Result<(), String> {
        let mut line = serde_json::to_string(record).map_err(|e| format!("cannot write the send journal: {e}"))?;
        line.push('\n');
        // One write: a kill tears at most this line.
        self.file
            .write_all(line.as_bytes())
            .and_then(|()| self.file.sync_data())
            .map_err(|e| write_error(&self.path, &e))
    }
}

fn write_error(path: &Path, e: &std::io::Error) -> String {
    format!(
        "cannot write the send journal `{}`: {}\n  = hint: nothing more is sent until what is sent can be recorded: free some space, or let `brief` write the file",
        path.display(),
        super::io_reason(e)
    )
}

/// Whether the file of `len` bytes ends with a newline.
fn ends_with_newline(file: &mut File, len: u64) -> bool {
    use std::io::{Read, Seek, SeekFrom};
    let mut last = [0u8];
    file.seek(SeekFrom::Start(len - 1)).and_then(|_| file.read_exact(&mut last)).is_ok_and(|()| last[0] == b'\n')
}

/// Takes the journal's lock, or says who holds it.
#[cfg(target_os = "linux")]
fn lock(file: &File, path: &Path) -> Result<(), String> {
    use rustix::fs::{FlockOperation, flock};
    flock(file, FlockOperation::NonBlockingLockExclusive).map_err(|e| {
        if e == rustix::io::Errno::WOULDBLOCK {
            format!(
                "another `brief send` is sending with the journal `{}`\n  = hint: wait for it to end; two runs at once could send a copy twice",
                path.display()
            )
        } else {
            format!("cannot lock the send journal `{}`: {e}", path.display())
        }
    })
}

/// Elsewhere runs are not kept apart.
#[cfg(not(target_os = "linux"))]
fn lock(_file: &File, _path: &Path) -> Result<(), String> {
    Ok(())
}

/// Now, as the journal writes times.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// A journal time as an officer reads it: `2024-05-03 14:02 UTC`.
pub fn shown(time: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(time) {
        Ok(t) => t.with_timezone(&chrono::Utc).format("%Y-%m-%d %H:%M UTC").to_string(),
        Err(_) => time.to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn record(event: Event, recipient: &str, attachment: &str) -> String {
        let r = Record {
            time: "2024-05-03T14:02:00.000Z".into(),
            event,
            recipient: recipient.into(),
            address: format!("{}@example.org", recipient.to_lowercase()),
            message_id: "<1.brief@example.org>".into(),
            attachment: attachment.into(),
            server: "127.0.0.1:25".into(),
            attempt: 1,
            reply: None,
            reason: None,
        };
        serde_json::to_string(&r).unwrap() + "\n"
    }

    /// A journal's lines: event, recipient, attachment.
    type Lines<'a> = &'a [(Event, &'a str, &'a str)];

    /// Each case: the journal's lines, then the verdict for `A` at
    /// `a@example.org` with attachment `h2`.
    #[test]
    fn verdicts() {
        use Event::*;
        let cases: &[(Lines<'_>, &str)] = &[
            (&[], "new"),
            (&[(Accepted, "B", "h2")], "new"),
            (&[(Pending, "A", "h2"), (Accepted, "A", "h2")], "accepted"),
            (&[(Pending, "A", "h2")], "in doubt"),
            (&[(Pending, "A", "h2"), (InDoubt, "A", "h2")], "in doubt"),
            (&[(Pending, "A", "h2"), (Failed, "A", "h2")], "failed"),
            (&[(Failed, "A", "h2"), (Pending, "A", "h2"), (Failed, "A", "h2")], "failed"),
            (&[(Accepted, "A", "h1")], "changed"),
            (&[(Accepted, "A", "h1"), (Pending, "A", "h2")], "in doubt"),
            (&[(Accepted, "A", "h1"), (Pending, "A", "h2"), (Failed, "A", "h2")], "changed"),
            // A resend of the same copy failed: they still hold it.
            (&[(Accepted, "A", "h2"), (Pending, "A", "h2"), (Failed, "A", "h2")], "accepted"),
            (&[(Accepted, "A", "h2"), (Accepted, "A", "h1")], "accepted"),
        ];
        for (lines, expected) in cases {
            let text: String = lines.iter().map(|(e, who, h)| record(*e, who, h)).collect();
            let journal = Journal::parse(text.as_bytes());
            let got = match journal.verdict("A", "a@example.org", "h2") {
                Verdict::New => "new",
                Verdict::Accepted(_) => "accepted",
                Verdict::InDoubt(_) => "in doubt",
                Verdict::Changed(_) => "changed",
                Verdict::Failed(_) => "failed",
            };
            assert_eq!(got, *expected, "{lines:?}");
        }
        // Another address is another copy.
        let journal = Journal::parse(record(Accepted, "A", "h2").as_bytes());
        assert!(matches!(journal.verdict("A", "new@example.org", "h2"), Verdict::Changed(_)));
    }

    #[test]
    fn torn_lines_are_skipped_and_others_noted() {
        let whole = record(Event::Accepted, "A", "h2");
        // Killed while writing the last line.
        let torn = format!("{whole}{}", &whole[..30]);
        let journal = Journal::parse(torn.as_bytes());
        assert_eq!((journal.records.len(), journal.unreadable.len()), (1, 0));
        // The next run ended it with a newline and went on.
        let later = format!("{whole}{}\n{whole}", &whole[..30]);
        let journal = Journal::parse(later.as_bytes());
        assert_eq!((journal.records.len(), journal.unreadable.len()), (2, 0));
        // Something else entirely is noted.
        let journal = Journal::parse(format!("{whole}not a record\n{whole}").as_bytes());
        assert_eq!((journal.records.len(), journal.unreadable), (2, vec![2]));
    }

    #[test]
    fn a_writer_ends_a_torn_line_before_its_first_record() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pr.send-journal.jsonl");
        let whole = record(Event::Accepted, "A", "h2");
        std::fs::write(&path, format!("{whole}{}", &whole[..30])).unwrap();
        let mut writer = Writer::open(&path).unwrap();
        let r: Record = serde_json::from_str(&record(Event::Accepted, "B", "h2")).unwrap();
        writer.append(&r).unwrap();
        drop(writer);
        let journal = Journal::read(&path).unwrap();
        assert_eq!(journal.records.len(), 2);
        assert!(matches!(journal.verdict("B", "b@example.org", "h2"), Verdict::Accepted(_)));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn one_run_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pr.send-journal.jsonl");
        let first = Writer::open(&path).unwrap();
        let err = Writer::open(&path).unwrap_err();
        assert!(err.contains("another `brief send`"), "{err}");
        drop(first);
        assert!(Writer::open(&path).is_ok());
    }
}
