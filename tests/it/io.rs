//! Input as a compiler promises it: an endless input (`/dev/zero`, a
//! pipe whose writer never stops) is an error, quickly, and a directory's
//! walk never waits on a pipe; `watch` is not held up by a busy folder.

#![cfg(target_os = "linux")]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A folder holding the example press release as `pr.toml`.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(crate::common::whole_press_release(), dir.path().join("pr.toml")).expect("copy");
    dir
}

/// `brief` with `args` in `dir`, without colour or faults.
fn brief(args: &[&str], dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_brief"));
    cmd.args(args).current_dir(dir).env("NO_COLOR", "1").env_remove("BRIEF_FAULT");
    cmd
}

/// Runs `cmd` to its end, killing it and failing the test if it takes
/// longer than `limit` (a read that never ends, a wait for a pipe).
fn within(cmd: &mut Command, limit: Duration) -> Output {
    let child = cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("it runs");
    finish(child, limit)
}

/// Waits for `child` to end, killing it and failing the test if it takes
/// longer than `limit`.
fn finish(mut child: std::process::Child, limit: Duration) -> Output {
    let read = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = read(child.stdout.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let stderr = read(child.stderr.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            let err = String::from_utf8_lossy(&stderr.join().unwrap_or_default()).into_owned();
            panic!("still running after {limit:?}; it printed:\n{err}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Output { status, stdout: stdout.join().expect("stdout"), stderr: stderr.join().expect("stderr") }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The names in `dir`, sorted, hidden ones included.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(made.success(), "mkfifo {}", path.display());
}

/// A writer that fills the named pipe at `path` until its reader goes.
struct EndlessWriter {
    path: PathBuf,
    thread: Option<std::thread::JoinHandle<u64>>,
}

impl EndlessWriter {
    fn start(path: &Path) -> EndlessWriter {
        let fifo = path.to_path_buf();
        let thread = std::thread::spawn(move || {
            let Ok(mut pipe) = std::fs::OpenOptions::new().write(true).open(&fifo) else { return 0 };
            let block = [b'x'; 1 << 16];
            let mut written = 0;
            while pipe.write_all(&block).is_ok() {
                written += block.len() as u64;
            }
            written
        });
        EndlessWriter { path: path.to_path_buf(), thread: Some(thread) }
    }
}

impl Drop for EndlessWriter {
    fn drop(&mut self) {
        // A reader for a moment, so that a writer still waiting for one
        // (the program never opened the pipe) gets it and then loses it.
        // Opening for reading and writing never waits.
        if let Ok(pipe) = std::fs::OpenOptions::new().read(true).write(true).open(&self.path) {
            drop(pipe);
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

// ---- endless input -----------------------------------------------------------

/// Long enough for a debug build to read 2 MiB and stop; far too short to
/// read until memory runs out.
const QUICKLY: Duration = Duration::from_secs(20);

#[test]
fn an_endless_brief_is_refused_quickly() {
    let dir = folder();
    let out = within(&mut brief(&["build", "/dev/zero", "-o", "z.pdf"], dir.path()), QUICKLY);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out), "error: cannot read `/dev/zero`: file is larger than 2 MiB; a brief is a few KiB\n");

    let fifo = dir.path().join("endless.toml");
    mkfifo(&fifo);
    let writer = EndlessWriter::start(&fifo);
    let out = within(&mut brief(&["check", "endless.toml"], dir.path()), QUICKLY);
    drop(writer);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out), "error: cannot read `endless.toml`: file is larger than 2 MiB; a brief is a few KiB\n");
    assert_eq!(names(dir.path()), ["endless.toml", "pr.toml"]);
}

#[test]
fn an_endless_recipient_list_or_password_file_is_refused_quickly() {
    let dir = folder();
    let fifo = dir.path().join("list.csv");
    mkfifo(&fifo);
    let writer = EndlessWriter::start(&fifo);
    let out = within(&mut brief(&["build", "pr.toml", "--for", "list.csv", "-o", "out"], dir.path()), QUICKLY);
    drop(writer);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: cannot read `list.csv`: file is larger than 2 MiB; a recipient list is a few KiB\n"
    );
    assert!(!dir.path().join("out").exists());

    let mut source = std::fs::read_to_string(dir.path().join("pr.toml")).expect("read");
    source.push_str("\n[email]\nfrom = \"press@example.org\"\nto = \"media@example.org\"\n");
    std::fs::write(dir.path().join("pr.toml"), source).expect("write");
    let args = ["send", "pr.toml", "--host", "127.0.0.1", "--user", "u", "--password-file", "/dev/zero"];
    let out = within(&mut brief(&args, dir.path()), QUICKLY);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: cannot read the password file `/dev/zero`: it is larger than 64 KiB\n  = hint: the file holds the password on its first line\n"
    );
}

#[test]
fn a_directory_walk_takes_only_regular_files() {
    let dir = folder();
    // A pipe named like a brief, that no one writes: reading it would wait
    // for ever.
    mkfifo(&dir.path().join("waiting.toml"));
    std::os::unix::fs::symlink("waiting.toml", dir.path().join("link.toml")).expect("link");
    let out = within(&mut brief(&["build", "."], dir.path()), QUICKLY);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(names(dir.path()), ["link.toml", "pr.pdf", "pr.toml", "waiting.toml"]);
}

// ---- watch -------------------------------------------------------------------

#[test]
fn watch_rebuilds_a_saved_brief_while_its_folder_is_busy() {
    let dir = folder();
    let brief_path = dir.path().join("pr.toml");
    let source = std::fs::read_to_string(&brief_path).expect("read");
    let mut child = brief(&["watch", "pr.toml"], dir.path()).stderr(Stdio::piped()).spawn().expect("watch starts");
    let rx = crate::tools::lines_of(&mut child);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let result = (|| -> Result<Duration, String> {
        crate::tools::wait_for(&rx, "watching `pr.toml`")?;
        // Another file of the folder changes every 50 ms, from now on.
        let busy = {
            let (stop, log) = (stop.clone(), dir.path().join("server.log"));
            std::thread::spawn(move || {
                let mut n = 0u64;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    n += 1;
                    let _ = std::fs::write(&log, n.to_string());
                    std::thread::sleep(Duration::from_millis(50));
                }
            })
        };
        std::thread::sleep(Duration::from_millis(300));
        let saved = Instant::now();
        std::fs::write(&brief_path, source.replacen("title = \"", "title = \"Updated: ", 1))
            .map_err(|e| e.to_string())?;
        crate::tools::wait_for(&rx, "built pr.pdf")?;
        let took = saved.elapsed();
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let _ = busy.join();
        Ok(took)
    })();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let _ = child.kill();
    let _ = child.wait();
    let took = result.unwrap_or_else(|e| panic!("{e}"));
    // About 0.2 s: the quiet wait and the build; 2 s leaves room for a
    // busy machine. Before, it waited for the other file to stop.
    assert!(took < Duration::from_secs(2), "the rebuild came after {took:?}");
}
