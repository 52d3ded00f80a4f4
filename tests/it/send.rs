//! `brief send` against a server that fails (`tests/smtp/server.py` with
//! its failure modes): after the first run and the re-runs it takes, every
//! recipient holds one copy, none two unless a run named them as in doubt
//! and was asked to send them again, and the journal beside the brief says
//! what happened to each. Also: runs killed at random and resumed, copies
//! that changed, a single message, a torn journal, the pace of `--rate`,
//! and (ignored, for the docs) the time per message to 200 recipients.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::mail::{Server, aiosmtpd_python, brief, stderr};

/// A small brief with a sender, and a list of the recipients `names`
/// (`Mission a` at `a@missions.example.org` for `a`), in `dir`.
fn brief_and_list(dir: &Path, names: &[&str]) {
    std::fs::write(
        dir.join("pr.toml"),
        "[brief]\ntitle = \"Counter-terrorism week\"\ndate = 2021-06-30\n\n[email]\nfrom = \"Press Office <press@example.org>\"\n",
    )
    .expect("write brief");
    let mut list = String::from("name,email\n");
    for n in names {
        list.push_str(&format!("Mission {n},{}\n", address(n)));
    }
    std::fs::write(dir.join("list.csv"), list).expect("write list");
}

fn address(name: &str) -> String {
    format!("{name}@missions.example.org")
}

/// `brief send pr.toml --for list.csv` to the server on `port`, quick to
/// retry, with `extra` options.
fn send(dir: &Path, port: u16, extra: &[&str]) -> Output {
    let port = port.to_string();
    let mut args = vec!["send", "pr.toml", "--for", "list.csv", "--host", "127.0.0.1", "--port", &port];
    args.extend(["--security", "none", "--retry-wait", "0.05"]);
    args.extend(extra);
    brief(&args, dir)
}

/// How many messages the server holds for each address.
fn copies(server: &Server) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for (envelope, _) in server.received() {
        let envelope: serde_json::Value = serde_json::from_str(&envelope).expect("an envelope");
        for rcpt in envelope["rcpt_tos"].as_array().expect("rcpt_tos") {
            *counts.entry(rcpt.as_str().unwrap_or_default().to_string()).or_insert(0) += 1;
        }
    }
    counts
}

/// The journal's records, each line parsed.
fn journal(dir: &Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(dir.join("pr.send-journal.jsonl")).expect("a journal");
    text.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

/// The events of the journal for `name`, in order.
fn events(records: &[serde_json::Value], name: &str) -> Vec<String> {
    let name = format!("Mission {name}");
    records
        .iter()
        .filter(|r| r["recipient"] == name.as_str())
        .map(|r| r["event"].as_str().unwrap_or("").into())
        .collect()
}

/// The recipients a run named as in doubt.
fn named_in_doubt(err: &str) -> BTreeSet<String> {
    err.lines()
        .filter(|l| l.starts_with("warning: `") && l.contains(" is in doubt"))
        .filter_map(|l| l.split('`').nth(1))
        .map(ToString::to_string)
        .collect()
}

fn connections(server: &Server) -> usize {
    std::fs::read_to_string(server.dir.join("connections")).map_or(0, |t| t.lines().count())
}

#[test]
fn a_failing_server_leaves_one_copy_each_and_the_journal_says_so() {
    let Some(python) = aiosmtpd_python() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let names = ["a", "b", "c", "d", "e", "f", "g"];
    brief_and_list(dir.path(), &names);
    let modes = format!(
        r#"{{"refuse": ["{c}"], "busy_at_data": {{"{d}": 1}}, "drop_in_data": {{"{e}": 1}}, "slow": {{"{f}": 4}}}}"#,
        c = address("c"),
        d = address("d"),
        e = address("e"),
        f = address("f"),
    );
    let server = Server::start_with(&python, &modes, None);

    // The first run: a 550 for c, a 421 at DATA for d and a connection
    // dropped in the middle of e's message (both tried again), and f's
    // reply later than the timeout.
    let started = Instant::now();
    let out = send(dir.path(), server.port, &["--timeout", "1"]);
    let took = started.elapsed();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("sent 5, already sent 0, failed 1, in doubt 1 through 127.0.0.1:"), "{err}");
    assert!(
        err.contains(&format!(
            "error: `Mission c` <{c}>: 127.0.0.1:{} (no TLS) refused the address <{c}>: 550 5.1.1 <{c}>: recipient address rejected, nothing was sent\n  = hint:",
            server.port,
            c = address("c")
        )),
        "the permanent failure, with the server's words: {err}"
    );
    assert!(err.contains(&format!("note: `Mission d` <{}>: 421 4.7.0 too busy", address("d"))), "{err}");
    assert!(err.contains("the server dropped the connection before the end of the message; trying again"), "{err}");
    assert!(
        err.contains(&format!(
            "warning: `Mission f` <{}> is in doubt: the whole message was sent and no reply within 1 s after its end (a timeout)",
            address("f")
        )),
        "{err}"
    );
    // The late reply was not waited for (nor read as another's).
    assert!(took < Duration::from_secs(4), "the run took {took:?}");
    let records = journal(dir.path());
    assert_eq!(events(&records, "a"), ["pending", "accepted"]);
    assert_eq!(events(&records, "c"), ["failed"]);
    assert_eq!(events(&records, "d"), ["pending", "failed", "pending", "accepted"]);
    assert_eq!(events(&records, "e"), ["pending", "failed", "pending", "accepted"]);
    assert_eq!(events(&records, "f"), ["pending", "in-doubt"]);
    let c = records.iter().find(|r| r["recipient"] == "Mission c").expect("c");
    assert_eq!(c["reply"], format!("550 5.1.1 <{}>: recipient address rejected", address("c")).as_str());
    let d = records.iter().find(|r| r["recipient"] == "Mission d" && r["event"] == "failed").expect("d");
    assert_eq!(d["reply"], "421 4.7.0 too busy, try again later");
    for r in &records {
        assert!(r["message_id"].as_str().is_some_and(|m| m.starts_with('<')), "{r}");
        assert!(r["attachment"].as_str().is_some_and(|a| a.starts_with("sha256:") && a.len() == 71), "{r}");
    }

    // The dry run shows what a re-run does.
    let out = send(dir.path(), server.port, &["--dry-run"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("would send 1 of 7 messages:"), "{text}");
    assert!(text.contains(&format!("  skip      `Mission a` <{}>: already sent on", address("a"))), "{text}");
    assert!(text.contains(&format!("  send      `Mission c` <{}>\n", address("c"))), "{text}");
    assert!(text.contains(&format!("  in doubt  `Mission f` <{}>: since", address("f"))), "{text}");
    assert!(text.contains("--- for Mission c\n") && !text.contains("--- for Mission a\n"), "{text}");

    // The re-run tries only c again, and names f as in doubt.
    let out = send(dir.path(), server.port, &["--timeout", "1"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("sent 0, already sent 5, failed 1, in doubt 1"), "{err}");
    assert_eq!(named_in_doubt(&err), BTreeSet::from(["Mission f".to_string()]), "{err}");
    assert!(err.contains("`--resend in-doubt` sends every copy in doubt, `--resend \"Mission f\"` this one"), "{err}");

    let held = copies(&server);
    for n in ["a", "b", "d", "e", "g"] {
        assert_eq!(held.get(&address(n)), Some(&1), "{n} holds one copy: {held:?}");
    }
    assert_eq!(held.get(&address("c")), None, "{held:?}");
    assert_eq!(held.get(&address("f")), Some(&1), "the one in doubt has its copy: {held:?}");
    assert_eq!(events(&journal(dir.path()), "c"), ["failed", "failed"]);
}

#[test]
fn a_server_that_goes_away_is_resumed_by_the_next_run_on_one_connection() {
    let Some(python) = aiosmtpd_python() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let names = ["a", "b", "c", "d", "e", "f"];
    brief_and_list(dir.path(), &names);
    let received = tempfile::tempdir().expect("tempdir");
    let first = Server::start_with(&python, r#"{"stop_after": 2}"#, Some(received.path()));
    let out = send(dir.path(), first.port, &["--retries", "1"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "error: cannot connect to 127.0.0.1:{} (no TLS): connection refused (after 2 tries)",
            first.port
        )),
        "{err}"
    );
    assert!(
        err.contains("= hint: 4 copies not sent: the same command sends them once the server takes messages again"),
        "{err}"
    );
    assert!(err.contains("sent 2, already sent 0, failed 0, not tried 4"), "{err}");
    drop(first);

    // The server is back (on another port).
    let second = Server::start_with(&python, "{}", Some(received.path()));
    let before = connections(&second);
    let out = send(dir.path(), second.port, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("sent 4, already sent 2, failed 0"), "{}", stderr(&out));
    assert_eq!(connections(&second) - before, 1, "four messages on one connection");
    let out = send(dir.path(), second.port, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("sent 0, already sent 6, failed 0"), "{}", stderr(&out));
    let held = copies(&second);
    assert_eq!(held.len(), 6, "{held:?}");
    assert!(held.values().all(|&n| n == 1), "{held:?}");
}

#[test]
fn changed_copies_are_kept_back_until_asked_for() {
    let Some(python) = aiosmtpd_python() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    brief_and_list(dir.path(), &["a", "b", "c"]);
    let server = Server::start(&python);
    let out = send(dir.path(), server.port, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // The brief is corrected after it was sent.
    let path = dir.path().join("pr.toml");
    let text =
        std::fs::read_to_string(&path).expect("brief").replace("Counter-terrorism week", "Counter-Terrorism Week");
    std::fs::write(&path, text).expect("write");
    let out = send(dir.path(), server.port, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!("warning: `Mission b` <{}>: its copy changed since it was sent on", address("b"))),
        "{err}"
    );
    assert!(err.contains("`--resend changed` sends every changed copy, `--resend \"Mission b\"` this one"), "{err}");
    assert!(err.contains("sent 0, already sent 0, failed 0, changed and not sent 3"), "{err}");
    assert_eq!(server.received().len(), 3);

    let out = send(dir.path(), server.port, &["--resend", "Misson a"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no recipient of `list.csv` has that name\n  = hint: did you mean `Mission a`?"),
        "{}",
        stderr(&out)
    );
    let out = send(dir.path(), server.port, &["--resend", "Mission a"]);
    assert!(stderr(&out).contains("sent 1, already sent 0, failed 0, changed and not sent 2"), "{}", stderr(&out));
    let out = send(dir.path(), server.port, &["--resend", "changed"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("sent 2, already sent 1, failed 0"), "{}", stderr(&out));
    assert!(copies(&server).values().all(|&n| n == 2), "{:?}", copies(&server));
    // A new address is a change too.
    let list = std::fs::read_to_string(dir.path().join("list.csv")).expect("list").replace("c@missions", "c2@missions");
    std::fs::write(dir.path().join("list.csv"), list).expect("write");
    let out = send(dir.path(), server.port, &["--dry-run"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("  changed   `Mission c` <c2@missions.example.org>: since it was sent on"), "{text}");
}

#[test]
fn a_single_message_is_not_sent_twice_unless_asked() {
    let Some(python) = aiosmtpd_python() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    brief_and_list(dir.path(), &[]);
    let path = dir.path().join("pr.toml");
    let text = std::fs::read_to_string(&path).expect("brief") + "to = [\"media@example.org\", \"desk@example.net\"]\n";
    std::fs::write(&path, text).expect("write");
    let server = Server::start(&python);
    let port = server.port.to_string();
    let args = ["send", "pr.toml", "--host", "127.0.0.1", "--port", &port, "--security", "none"];
    let out = brief(&args, dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("sent `pr.toml` to 2 recipients through 127.0.0.1:"), "{}", stderr(&out));

    let out = brief(&args, dir.path());
    assert_eq!(out.status.code(), Some(0), "taken in an earlier run: {}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("`pr.toml` to media@example.org, desk@example.net was sent already, on"), "{err}");
    assert!(err.contains("= hint: `--resend all` sends it again"), "{err}");
    assert_eq!(server.received().len(), 1);

    let out = brief(&[&args[..], &["--resend", "Mission a"]].concat(), dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("without `--for LIST` there is one message"), "{}", stderr(&out));
    let out = brief(&[&args[..], &["--resend", "all"]].concat(), dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(server.wait_for(2).len(), 2);
    let records = journal(dir.path());
    assert!(
        records.iter().all(|r| r["recipient"] == "[email]" && r["address"] == "media@example.org, desk@example.net")
    );
    // Sent again on purpose: a new Message-ID.
    let ids: BTreeSet<&str> =
        records.iter().filter(|r| r["event"] == "accepted").filter_map(|r| r["message_id"].as_str()).collect();
    assert_eq!(ids.len(), 2, "{records:?}");
}

#[test]
fn a_torn_journal_line_is_skipped_and_the_next_record_starts_a_line() {
    let Some(python) = aiosmtpd_python() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    brief_and_list(dir.path(), &["a", "b"]);
    let server = Server::start(&python);
    assert_eq!(send(dir.path(), server.port, &[]).status.code(), Some(0));
    // Killed while writing a line: half a record, no newline.
    let path = dir.path().join("pr.send-journal.jsonl");
    let text = std::fs::read_to_string(&path).expect("journal");
    let last = text.lines().last().expect("a record").to_string();
    std::fs::write(&path, format!("{text}{}", &last[..last.len() / 2])).expect("write");
    brief_and_list(dir.path(), &["a", "b", "c"]);
    let out = send(dir.path(), server.port, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("sent 1, already sent 2, failed 0"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("not records"), "a torn line is no surprise: {}", stderr(&out));
    let text = std::fs::read_to_string(&path).expect("journal");
    let lines: Vec<&str> = text.lines().collect();
    let unreadable: Vec<&&str> =
        lines.iter().filter(|l| serde_json::from_str::<serde_json::Value>(l).is_err()).collect();
    assert_eq!(unreadable.len(), 1, "only the torn line: {text}");
    let accepted = lines.iter().filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok());
    assert_eq!(accepted.filter(|r| r["event"] == "accepted").count(), 3);
}

#[test]
fn rate_keeps_messages_apart() {
    let Some(python) = aiosmtpd_python() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    brief_and_list(dir.path(), &["a", "b", "c"]);
    let server = Server::start(&python);
    let out = send(dir.path(), server.port, &["--rate", "120/min"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let times: Vec<chrono::DateTime<chrono::FixedOffset>> = journal(dir.path())
        .iter()
        .filter(|r| r["event"] == "pending")
        .map(|r| chrono::DateTime::parse_from_rfc3339(r["time"].as_str().unwrap_or("")).expect("a time"))
        .collect();
    assert_eq!(times.len(), 3);
    for pair in times.windows(2) {
        assert!(pair[1] - pair[0] >= chrono::TimeDelta::milliseconds(480), "{times:?}");
    }
    assert!(stderr(&out).contains("sent 3"), "{}", stderr(&out));
}

/// A small random generator, seeded: the same rounds every time.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) % n
    }
}

#[test]
fn runs_killed_at_random_and_resumed_lose_none_and_double_only_those_named_in_doubt() {
    let Some(python) = aiosmtpd_python() else { return };
    // Every reply comes late, so a kill often lands while a message waits
    // for its reply, the window in which no client can know.
    let server = Server::start_with(&python, r#"{"reply_delay": 0.05}"#, None);
    let mut rng = Rng(0x5eed_2024);
    let port = server.port.to_string();
    let mut doubted = 0;
    for round in 0..20 {
        let dir = tempfile::tempdir().expect("tempdir");
        let names: Vec<String> = (0..5).map(|i| format!("r{round}-{i}")).collect();
        brief_and_list(dir.path(), &names.iter().map(String::as_str).collect::<Vec<_>>());
        let base = server.received().len();
        // Killed once the server holds `k` of this round's messages, and a
        // little later still.
        let k = rng.below(5) as usize;
        let later = Duration::from_millis(rng.below(60));
        let mut child = Command::new(env!("CARGO_BIN_EXE_brief"))
            .args(["send", "pr.toml", "--for", "list.csv", "--host", "127.0.0.1", "--port", &port])
            .args(["--security", "none", "--retry-wait", "0.05"])
            .current_dir(dir.path())
            .env_remove("BRIEF_SMTP_HOST")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("brief starts");
        let start = Instant::now();
        while server.received().len() < base + k && start.elapsed() < Duration::from_secs(20) {
            if child.try_wait().expect("wait").is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        std::thread::sleep(later);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();

        // Re-run: what is in doubt is named and kept back; then sent when asked.
        let out = brief(
            &["send", "pr.toml", "--for", "list.csv", "--host", "127.0.0.1", "--port", &port, "--security", "none"],
            dir.path(),
        );
        let err = stderr(&out);
        let mut named = named_in_doubt(&err);
        let mut status = out.status.code();
        if status != Some(0) {
            assert!(!named.is_empty(), "round {round}: only what is in doubt is kept back: {err}");
            doubted += 1;
            let out = brief(
                &[
                    "send",
                    "pr.toml",
                    "--for",
                    "list.csv",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    &port,
                    "--security",
                    "none",
                    "--resend",
                    "in-doubt",
                ],
                dir.path(),
            );
            status = out.status.code();
            named.extend(named_in_doubt(&stderr(&out)));
            assert_eq!(status, Some(0), "round {round}: {}", stderr(&out));
        }
        let held = copies(&server);
        for name in &names {
            let n = held.get(&address(name)).copied().unwrap_or(0);
            assert!(n >= 1, "round {round}: `Mission {name}` got no copy (k {k}, {later:?}): {err}");
            assert!(
                n == 1 || (n == 2 && named.contains(&format!("Mission {name}"))),
                "round {round}: `Mission {name}` got {n} copies, named in doubt: {named:?}"
            );
        }
    }
    // The window was hit: the test tests what it says.
    assert!(doubted > 0, "no round was killed while a message waited for its reply");
}

/// The time per message to 200 recipients of a local server, with the
/// connection reused and with one connection per message; for
/// `docs/email.md`:
///
/// `cargo test --test it send::two_hundred -- --ignored --nocapture`
#[test]
#[ignore = "a measurement, for the docs"]
fn two_hundred_recipients_timed() {
    let Some(python) = aiosmtpd_python() else { return };
    let names: Vec<String> = (0..200).map(|i| format!("d{i:03}")).collect();
    for (modes, what) in [("{}", "one connection"), (r#"{"one_per_connection": true}"#, "a connection a message")] {
        let dir = tempfile::tempdir().expect("tempdir");
        brief_and_list(dir.path(), &names.iter().map(String::as_str).collect::<Vec<_>>());
        let server = Server::start_with(&python, modes, None);
        let out = send(dir.path(), server.port, &["-v"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let err = stderr(&out);
        let line = err.lines().last().unwrap_or_default();
        println!("{what}: {line}");
        assert_eq!(server.received().len(), 200);
    }
}
