//! The commands around building: `new`, `watch`, `fonts`, completions, the
//! manual page, and the global `--color`, `--quiet` and `--verbose`.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::common::root;

fn brief(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brief")).args(args).current_dir(dir).output().expect("binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn new_writes_a_starter_brief_that_builds_and_never_overwrites() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = brief(&["new", "world-press-day"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let path = dir.path().join("world-press-day.toml");
    let text = std::fs::read_to_string(&path).expect("written");
    assert!(text.lines().filter(|l| l.trim_start().starts_with('#')).count() > 20, "commented");
    let out = brief(&["build", "world-press-day.toml"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "", "no warnings");
    assert!(dir.path().join("world-press-day.pdf").is_file());

    std::fs::write(&path, "mine").expect("write");
    let out = brief(&["new", "world-press-day.toml"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("refusing to overwrite `world-press-day.toml`"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "mine");

    let out = brief(&["new"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(dir.path().join("brief.toml").is_file());
}

#[test]
fn completions_and_manual_page_come_from_the_same_definitions() {
    let dir = tempfile::tempdir().expect("tempdir");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = brief(&["completions", shell], dir.path());
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        for word in ["build", "check", "summary", "watch", "print-run"] {
            assert!(script.contains(word), "{shell} completes {word}");
        }
    }
    let out = brief(&["man"], dir.path());
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(page.starts_with(".ie") && page.contains(".TH brief 1"), "{page}");
    assert!(page.contains("build") && page.contains("\\-\\-color"), "{page}");
    let out = brief(&["completions", "tcsh"], dir.path());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn fonts_lists_the_bundled_families() {
    let out = brief(&["fonts"], &root());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("sans") && text.contains("Noto Sans") && text.contains("(default)"), "{text}");
    assert!(text.contains("serif") && text.contains("Noto Serif") && text.contains("Open Font License"), "{text}");
    assert!(text.contains("font = { regular = \"fonts/Lato-Regular.ttf\"") && text.contains("embedding"), "{text}");
    // The faces of the other scripts, whatever the family.
    for face in ["Noto Naskh Arabic", "Noto Sans SC", "Noto Serif SC", "Noto Sans Math", "Noto Sans Symbols 2"] {
        assert!(text.contains(face), "{face}: {text}");
    }
}

#[test]
fn color_is_for_terminals_unless_asked_and_no_color_is_respected() {
    let bad = root().join("tests/bad/duplicate-key.toml").display().to_string();
    let plain = stderr(&brief(&["check", &bad], &root()));
    assert!(plain.starts_with("error: duplicate key") && !plain.contains('\x1b'), "piped: plain");
    let always = stderr(&brief(&["--color", "always", "check", &bad], &root()));
    assert!(always.starts_with("\x1b[1;31merror\x1b[0m"), "{always:?}");
    // The same text once the colour codes are taken out.
    let mut stripped = String::new();
    let mut chars = always.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            chars.by_ref().take_while(|&c| c != 'm').for_each(drop);
        } else {
            stripped.push(c);
        }
    }
    assert_eq!(stripped, plain);
    let never = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(["check", "--color", "never", &bad])
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    assert_eq!(stderr(&never), plain);
}

#[test]
fn verbose_says_what_was_written_and_quiet_says_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let example = root().join("briefs/unoct/press-release.toml").display().to_string();
    let out = brief(&["build", &example, "-o", "pr.pdf", "--verbose"], dir.path());
    let err = stderr(&out);
    assert!(err.starts_with("wrote pr.pdf (2 pages, ") && err.contains(" KiB) in ") && err.ends_with(" ms\n"), "{err}");
    let out = brief(&["-q", "build", &example, &example, "-o", "."], dir.path());
    assert_eq!(out.status.code(), Some(2), "two briefs of one name");
    let out = brief(&["build", "-q", "-v", &example], dir.path());
    assert_eq!(out.status.code(), Some(2), "--quiet and --verbose conflict");
}

/// Lines of a child's standard error, as they come.
pub fn lines_of(child: &mut std::process::Child) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    let err = child.stderr.take().expect("piped");
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines() {
            let (line, stop) = match line {
                Ok(line) => (line, false),
                Err(e) => (format!("(cannot read the watcher's output: {e})"), true),
            };
            if tx.send(line).is_err() || stop {
                break;
            }
        }
        let _ = tx.send("(the watcher's output ended)".to_string());
    });
    rx
}

/// Waits for a line containing `needle`; everything seen on failure.
pub fn wait_for(rx: &mpsc::Receiver<String>, needle: &str) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut seen = String::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(line) if line.contains(needle) => return Ok(()),
            Ok(line) => {
                seen.push_str(&line);
                seen.push('\n');
            }
            Err(_) => break,
        }
    }
    Err(format!("no line with {needle:?}; saw:\n{seen}"))
}

#[test]
fn watch_rebuilds_on_save_and_keeps_the_last_good_pdf() {
    let dir = tempfile::tempdir().expect("tempdir");
    let source = std::fs::read_to_string(crate::common::whole_press_release()).expect("read");
    let brief_path = dir.path().join("pr.toml");
    std::fs::write(&brief_path, &source).expect("write");
    let mut child = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(["watch", "pr.toml"])
        .current_dir(dir.path())
        .stderr(Stdio::piped())
        .spawn()
        .expect("watch starts");
    let rx = lines_of(&mut child);
    let result = (|| -> Result<(), String> {
        wait_for(&rx, "built pr.pdf")?;
        wait_for(&rx, "watching `pr.toml`")?;
        let first = std::fs::read(dir.path().join("pr.pdf")).map_err(|e| e.to_string())?;

        // An editor's save: a new file renamed over the old one.
        let changed = source.replacen("title = \"", "title = \"Updated: ", 1);
        std::fs::write(dir.path().join(".pr.toml.swp"), &changed).map_err(|e| e.to_string())?;
        std::fs::rename(dir.path().join(".pr.toml.swp"), &brief_path).map_err(|e| e.to_string())?;
        wait_for(&rx, "built pr.pdf")?;
        let second = std::fs::read(dir.path().join("pr.pdf")).map_err(|e| e.to_string())?;
        if second == first {
            return Err("the PDF did not change".into());
        }

        // A mistake: reported, and the last good PDF stays.
        std::fs::write(&brief_path, changed.replacen("title = ", "titel = ", 1)).map_err(|e| e.to_string())?;
        wait_for(&rx, "has problems; the last good PDF is kept")?;
        wait_for(&rx, "`titel`")?;
        let third = std::fs::read(dir.path().join("pr.pdf")).map_err(|e| e.to_string())?;
        if third != second {
            return Err("the PDF changed after a failed build".into());
        }
        Ok(())
    })();
    let state = child.try_wait();
    let _ = child.kill();
    let _ = child.wait();
    if let Err(e) = result {
        panic!("{e}\n(the watcher: {state:?})");
    }
}
