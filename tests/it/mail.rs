//! The e-mail: `brief build --eml` writes a MIME message that parses back
//! with its summary alternatives and the PDF attached byte for byte, and
//! `brief send` delivers that message to a real SMTP server (aiosmtpd,
//! started on loopback by the test) with clear failures.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use mail_parser::{Address, Message, MessageParser, MimeHeaders};

use crate::common::{have, parse_file, root};

/// Runs `brief` in `dir` without the SMTP settings of the environment.
pub(crate) fn brief(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(args)
        .current_dir(dir)
        .env_remove("BRIEF_SMTP_HOST")
        .env_remove("BRIEF_SMTP_PORT")
        .env_remove("BRIEF_SMTP_SECURITY")
        .env_remove("BRIEF_SMTP_USER")
        .env_remove("BRIEF_SMTP_PASSWORD")
        .env_remove("BRIEF_SMTP_PASSWORD_FILE")
        .output()
        .expect("binary runs")
}

pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The example press release with its `[email]` table replaced by `email`
/// (TOML lines), copied with its files into `dir` as `pr.toml`.
fn press_release_with(dir: &Path, email: &str) -> PathBuf {
    let src = std::fs::read_to_string(crate::common::whole_press_release()).expect("example");
    let body = match src.find("[email]") {
        Some(at) => {
            // The table runs to the next table header or the end.
            let rest = &src[at + 7..];
            let end = rest.find("\n[").map_or(src.len(), |n| at + 7 + n + 1);
            format!("{}{}", &src[..at], &src[end..])
        }
        None => src,
    };
    let path = dir.join("pr.toml");
    std::fs::write(&path, format!("{body}\n[email]\n{email}\n")).expect("write brief");
    path
}

fn addresses(a: Option<&Address<'_>>) -> Vec<String> {
    a.map(|a| a.iter().map(|x| x.address().unwrap_or("").to_string()).collect()).unwrap_or_default()
}

/// Checks a message built from the press release: structure, summary
/// alternatives and the attachment, byte for byte.
fn check_message(msg: &Message<'_>, pdf: &[u8], filename: &str) {
    let b = parse_file(&crate::common::whole_press_release());
    assert!(
        msg.content_type().is_some_and(|c| c.ctype() == "multipart" && c.subtype() == Some("mixed")),
        "multipart/mixed"
    );
    assert_eq!(msg.text_body_count(), 1, "one text alternative");
    assert_eq!(msg.html_body_count(), 1, "one HTML alternative");
    let text = msg.body_text(0).expect("text body");
    let html = msg.body_html(0).expect("html body");
    let expected_text = brief::summary::render(&b, brief::summary::Format::Text);
    assert_eq!(text.replace("\r\n", "\n"), expected_text);
    assert_eq!(html.replace("\r\n", "\n"), brief::summary::render(&b, brief::summary::Format::Html));
    // The two alternatives sit together in a multipart/alternative.
    assert!(
        msg.parts
            .iter()
            .any(|p| p.content_type().is_some_and(|c| c.ctype() == "multipart" && c.subtype() == Some("alternative"))),
        "multipart/alternative"
    );
    assert_eq!(msg.attachment_count(), 1);
    let att = msg.attachment(0).expect("attachment");
    assert_eq!(att.attachment_name(), Some(filename));
    assert!(att.content_type().is_some_and(|c| c.ctype() == "application" && c.subtype() == Some("pdf")));
    assert!(att.contents() == pdf, "the attachment is the PDF, byte for byte");
}

#[test]
fn build_eml_writes_a_message_beside_the_pdf() {
    let dir = tempfile::tempdir().expect("tempdir");
    let source = press_release_with(dir.path(), EMAIL);
    let out = brief(&["build", "pr.toml", "-o", "pr.pdf", "--eml"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pdf = std::fs::read(dir.path().join("pr.pdf")).expect("pdf");
    let eml = std::fs::read(dir.path().join("pr.eml")).expect("eml beside the pdf");
    let msg = MessageParser::default().parse(&eml).expect("the .eml parses");
    check_message(&msg, &pdf, "pr.pdf");
    let b = parse_file(&source);
    let email = b.email.as_ref().expect("the brief has [email]");
    assert_eq!(msg.subject(), email.subject.as_deref());
    assert_eq!(addresses(msg.from()), vec![email.from.as_ref().expect("from").address()]);
    assert_eq!(addresses(msg.to()), email.to.iter().map(|m| m.address()).collect::<Vec<_>>());
    assert_eq!(addresses(msg.cc()), email.cc.iter().map(|m| m.address()).collect::<Vec<_>>());
    assert_eq!(addresses(msg.reply_to()), email.reply_to.iter().map(|m| m.address()).collect::<Vec<_>>());
    assert!(msg.message_id().is_some_and(|id| id.ends_with("@example.org")), "{:?}", msg.message_id());
    assert!(msg.date().is_some());
    // No temporary file is left.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");

    // Several briefs into a directory: one .eml per brief; a brief without
    // `[email]` gives a draft with no sender, for the officer's own mail
    // client to fill in.
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).expect("mkdir");
    std::fs::rename(&source, input.join("pr.toml")).expect("move");
    std::fs::copy(crate::common::whole_press_release(), input.join("plain.toml")).expect("copy");
    std::fs::create_dir(dir.path().join("out")).expect("mkdir");
    let out = brief(&["build", "in", "-o", "out", "--eml", "-q"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let sent = std::fs::read(dir.path().join("out/pr.eml")).expect("pr.eml");
    let sent = MessageParser::default().parse(&sent).expect("parses");
    assert_eq!(addresses(sent.from()), vec!["press@example.org"], "the sender the brief names");
    let draft = std::fs::read(dir.path().join("out/plain.eml")).expect("plain.eml, a draft");
    let text = String::from_utf8_lossy(&draft);
    assert!(!text.lines().any(|l| l.to_ascii_lowercase().starts_with("from:")), "no sender:\n{text}");
    assert!(text.lines().any(|l| l == "X-Unsent: 1"), "marked as a draft");
    let draft = MessageParser::default().parse(&draft).expect("the draft parses");
    assert!(draft.from().is_none());
    assert_eq!(draft.attachments().count(), 1, "with its PDF");
}

#[test]
fn eml_keeps_bcc_and_works_without_recipients() {
    let dir = tempfile::tempdir().expect("tempdir");
    press_release_with(dir.path(), "from = \"press@example.org\"\nbcc = \"Archive <archive@example.org>\"");
    let out = brief(&["build", "pr.toml", "--eml"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let eml = std::fs::read(dir.path().join("pr.eml")).expect("eml");
    let msg = MessageParser::default().parse(&eml).expect("parses");
    assert_eq!(addresses(msg.bcc()), vec!["archive@example.org"], "a draft shows its Bcc");
    assert_eq!(msg.subject(), Some(parse_file(&crate::common::whole_press_release()).title.as_str()));

    press_release_with(dir.path(), "from = \"press@example.org\"");
    let out = brief(&["build", "pr.toml", "--eml"], dir.path());
    assert_eq!(out.status.code(), Some(0), "a draft without recipients: {}", stderr(&out));
    assert!(MessageParser::default().parse(&std::fs::read(dir.path().join("pr.eml")).expect("eml")).is_some());
}

/// A python3 that has aiosmtpd: `python3` on the path, else the system's.
/// Under CI a missing aiosmtpd fails the test instead of skipping it.
pub(crate) fn aiosmtpd_python() -> Option<String> {
    if !have("python3") {
        return None;
    }
    let candidates = [std::env::var("BRIEF_TEST_PYTHON").ok(), Some("python3".into()), Some("/usr/bin/python3".into())];
    let found = candidates
        .into_iter()
        .flatten()
        .find(|py| Command::new(py).args(["-c", "import aiosmtpd"]).output().is_ok_and(|o| o.status.success()));
    if found.is_none() && std::env::var_os("CI").is_some() {
        panic!("python3-aiosmtpd is not installed; .ci/run installs it");
    }
    found
}

/// The loopback SMTP server of `tests/smtp/server.py`, stopped on drop.
pub(crate) struct Server {
    child: Child,
    /// The port it listens on.
    pub(crate) port: u16,
    /// Where it saves what it receives.
    pub(crate) dir: PathBuf,
    _made: Option<tempfile::TempDir>,
}

impl Server {
    /// A server that takes every message.
    pub(crate) fn start(python: &str) -> Server {
        Server::start_with(python, "{}", None)
    }

    /// A server failing as `modes` say (see `tests/smtp/server.py`), saving
    /// into `dir` (after what is there), or into a folder of its own.
    pub(crate) fn start_with(python: &str, modes: &str, dir: Option<&Path>) -> Server {
        let made = match dir {
            Some(_) => None,
            None => Some(tempfile::tempdir().expect("tempdir")),
        };
        let dir =
            dir.map_or_else(|| made.as_ref().map(|d| d.path().to_path_buf()).unwrap_or_default(), Path::to_path_buf);
        let mut child = Command::new(python)
            .arg(root().join("tests/smtp/server.py"))
            .arg(&dir)
            .arg(modes)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the SMTP server starts");
        let mut line = String::new();
        let stdout = child.stdout.take().expect("stdout");
        BufReader::new(stdout).read_line(&mut line).expect("the server prints its port");
        let port = line.trim().parse().unwrap_or_else(|_| panic!("a port, got {line:?}"));
        Server { child, port, dir, _made: made }
    }

    /// The messages received so far: (envelope JSON, message bytes).
    pub(crate) fn received(&self) -> Vec<(String, Vec<u8>)> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .expect("ls")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        names.sort();
        names
            .iter()
            .map(|p| {
                let json = std::fs::read_to_string(p.with_extension("json")).expect("envelope");
                (json, std::fs::read(p).expect("message"))
            })
            .collect()
    }

    /// Waits a little for `n` messages.
    pub(crate) fn wait_for(&self, n: usize) -> Vec<(String, Vec<u8>)> {
        let start = Instant::now();
        loop {
            let got = self.received();
            if got.len() >= n || start.elapsed() > Duration::from_secs(10) {
                return got;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Closing stdin stops the server; kill it if it lingers.
        drop(self.child.stdin.take());
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn send(dir: &Path, port: u16, extra: &[&str]) -> Output {
    let port = port.to_string();
    let mut args = vec!["send", "pr.toml", "--host", "127.0.0.1", "--port", &port, "--security", "none"];
    args.extend(extra);
    brief(&args, dir)
}

const EMAIL: &str = r#"from = "UNOCT Press Office <press@example.org>"
to = ["Media list <media@example.org>", "desk@example.net"]
cc = "Laurence Gerard <gerardl@example.org>"
bcc = "archive@example.org"
reply_to = "gerardl@example.org"
subject = "Press release: Counter-Terrorism Week concludes""#;

#[test]
fn send_delivers_the_message_to_a_real_smtp_server() {
    let Some(python) = aiosmtpd_python() else { return };
    let server = Server::start(&python);
    let dir = tempfile::tempdir().expect("tempdir");
    press_release_with(dir.path(), EMAIL);
    let out = send(dir.path(), server.port, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("to 4 recipients"), "{}", stderr(&out));

    let received = server.wait_for(1);
    assert_eq!(received.len(), 1, "one message arrives");
    let (envelope, bytes) = &received[0];
    assert!(envelope.contains("\"mail_from\": \"press@example.org\""), "{envelope}");
    for rcpt in ["media@example.org", "desk@example.net", "gerardl@example.org", "archive@example.org"] {
        assert!(envelope.contains(&format!("\"{rcpt}\"")), "{rcpt} in the envelope: {envelope}");
    }
    let msg = MessageParser::default().parse(bytes).expect("the received message parses");
    assert_eq!(msg.subject(), Some("Press release: Counter-Terrorism Week concludes"));
    assert_eq!(addresses(msg.from()), vec!["press@example.org"]);
    assert_eq!(msg.from().and_then(|a| a.first()).and_then(|a| a.name()), Some("UNOCT Press Office"));
    assert_eq!(addresses(msg.to()), vec!["media@example.org", "desk@example.net"]);
    assert_eq!(addresses(msg.cc()), vec!["gerardl@example.org"]);
    assert_eq!(addresses(msg.reply_to()), vec!["gerardl@example.org"]);
    assert!(msg.bcc().is_none(), "Bcc only in the envelope");
    assert!(!String::from_utf8_lossy(bytes).contains("archive@example.org"));

    // The attachment is the PDF that `brief build` writes, byte for byte.
    let out = brief(&["build", "pr.toml"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pdf = std::fs::read(dir.path().join("pr.pdf")).expect("pdf");
    check_message(&msg, &pdf, "pr.pdf");
}

#[test]
fn send_reports_refused_recipients_and_sends_nothing() {
    let Some(python) = aiosmtpd_python() else { return };
    let server = Server::start(&python);
    let dir = tempfile::tempdir().expect("tempdir");
    press_release_with(
        dir.path(),
        "from = \"press@example.org\"\nto = [\"media@example.org\", \"refused@example.org\"]",
    );
    let out = send(dir.path(), server.port, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("refused the address <refused@example.org>: 550 5.1.1"), "names the address: {err}");
    assert!(err.contains("nothing was sent"), "{err}");
    assert!(err.contains("= hint:"), "{err}");
    std::thread::sleep(Duration::from_millis(200));
    assert!(server.received().is_empty());
}

#[test]
fn send_fails_clearly_without_a_server_a_host_or_a_recipient() {
    let dir = tempfile::tempdir().expect("tempdir");
    press_release_with(dir.path(), EMAIL);
    // A port nobody listens on.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let out = send(dir.path(), port, &["--timeout", "5", "--retries", "1", "--retry-wait", "0.01"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("cannot connect to 127.0.0.1:{port} (no TLS): connection refused (after 2 tries)")),
        "{err}"
    );
    assert!(err.contains("note: cannot connect") && err.contains("trying again in 0.0 s (try 2 of 2)"), "{err}");
    assert!(
        !dir.path().join("pr.send-journal.jsonl").exists()
            || std::fs::read(dir.path().join("pr.send-journal.jsonl")).is_ok_and(|j| j.is_empty())
    );

    let out = brief(&["send", "pr.toml"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no SMTP server given"), "{}", stderr(&out));

    let out = brief(&["send", "pr.toml", "--host", "127.0.0.1", "--user", "press"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no password for the SMTP user `press`"), "{}", stderr(&out));

    press_release_with(dir.path(), "from = \"press@example.org\"\ncc = \"gerardl@example.org\"");
    let out = send(dir.path(), port, &["--dry-run"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("the brief has no `to` address"), "{}", stderr(&out));

    std::fs::write(dir.path().join("pr.toml"), "[brief]\ntitel = \"x\"\ndate = 2021-06-30\n").expect("write");
    let out = send(dir.path(), port, &[]);
    assert_eq!(out.status.code(), Some(1), "an invalid brief: {}", stderr(&out));
}

#[test]
fn dry_run_shows_envelope_headers_and_sizes_without_connecting() {
    let dir = tempfile::tempdir().expect("tempdir");
    press_release_with(dir.path(), EMAIL);
    // Nothing listens on port 9 of a documentation address: a connection
    // attempt would fail.
    let out =
        brief(&["send", "pr.toml", "--dry-run", "--host", "192.0.2.1", "--port", "9", "--user", "press"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    for expected in [
        "dry run: nothing is sent",
        "server:   192.0.2.1:9 (STARTTLS), as `press`",
        "MAIL FROM:<press@example.org>",
        "RCPT TO:<media@example.org>",
        "RCPT TO:<archive@example.org>",
        "Subject: Press release: Counter-Terrorism Week concludes",
        "application/pdf `pr.pdf`",
    ] {
        assert!(text.contains(expected), "`{expected}` in:\n{text}");
    }
    assert!(!text.contains("Bcc:"), "Bcc is not a header of a sent message:\n{text}");
}

#[test]
fn send_for_a_list_mails_each_recipient_their_own_copy() {
    let dir = tempfile::tempdir().expect("tempdir");
    press_release_with(dir.path(), EMAIL);
    // A French version without an `[email]` table mails from the base's sender.
    std::fs::copy(root().join("briefs/unoct/press-release.fr.toml"), dir.path().join("pr.fr.toml")).expect("copy");
    // The version's organization, notice and contacts are its office's.
    std::fs::copy(root().join("briefs/unoct/house.toml"), dir.path().join("house.toml")).expect("copy");
    std::fs::write(
        dir.path().join("list.csv"),
        "name,language,page,email\nMission A,fr,,a@missions.example.org\nMission B,,Letter,Desk B <b@missions.example.org>\n",
    )
    .expect("write");
    // Without an address for everyone, nothing is sent.
    std::fs::write(
        dir.path().join("partial.csv"),
        "name,email\nMission A,a@missions.example.org\nMission C,\nMission D,d at example\n",
    )
    .expect("write");
    let out = brief(&["send", "pr.toml", "--for", "partial.csv", "--dry-run"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("`Mission C` has no `email`") && err.contains("the `email` of `Mission D` is not"), "{err}");

    let Some(python) = aiosmtpd_python() else { return };
    let server = Server::start(&python);
    let out = send(dir.path(), server.port, &["--for", "list.csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("sent 2, already sent 0, failed 0"), "{}", stderr(&out));
    let received = server.wait_for(2);
    assert_eq!(received.len(), 2);

    // Each copy is the one `build --for` writes for that recipient.
    std::fs::create_dir(dir.path().join("out")).expect("mkdir");
    let out = brief(&["build", "pr.toml", "--for", "list.csv", "-o", "out"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut seen = Vec::new();
    for (envelope, bytes) in &received {
        let msg = MessageParser::default().parse(bytes).expect("parses");
        let to = addresses(msg.to());
        assert_eq!(to.len(), 1, "one recipient per message: {to:?}");
        let slug = if to[0].starts_with("a@") { "mission-a" } else { "mission-b" };
        assert!(
            envelope.contains(&format!("\"{}\"", to[0])) && envelope.contains("\"archive@example.org\""),
            "{envelope}"
        );
        let pdf = std::fs::read(dir.path().join("out").join(format!("{slug}.pdf"))).expect("the built copy");
        let attachment = msg.attachments().next().expect("an attachment");
        assert_eq!(attachment.attachment_name(), Some(format!("{slug}.pdf").as_str()));
        assert!(attachment.contents() == pdf.as_slice(), "{slug}: the attachment is the recipient's copy");
        if slug == "mission-a" {
            assert!(msg.subject().is_some_and(|s| s.starts_with("À la clôture")), "{:?}", msg.subject());
            assert_eq!(addresses(msg.from()), vec!["press@example.org"]);
        } else {
            assert_eq!(msg.subject(), Some("Press release: Counter-Terrorism Week concludes"));
        }
        seen.push(slug);
    }
    seen.sort_unstable();
    assert_eq!(seen, ["mission-a", "mission-b"]);
}
