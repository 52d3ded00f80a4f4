//! Input and output as a compiler promises them: a device or a pipe named
//! for output receives the PDF and stays what it is; a killed, failed or
//! limited run leaves exactly the files that were there, unchanged; an
//! endless input is an error, quickly; `watch` is not held up by a busy
//! folder. Faults are made on purpose with `BRIEF_FAULT`, which debug
//! builds read (see `src/cli/fault.rs`); a release test run skips those.

#![cfg(target_os = "linux")]

use std::io::{Read, Write};
use std::os::unix::fs::FileTypeExt;
use std::os::unix::process::ExitStatusExt;
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

/// Runs `brief` to its end, within a minute.
fn run(cmd: &mut Command) -> Output {
    within(cmd, Duration::from_secs(60))
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

/// The PDF `brief` makes of `pr.toml`, written to a file the usual way.
fn expected_pdf() -> Vec<u8> {
    let dir = folder();
    let out = run(&mut brief(&["build", "pr.toml"], dir.path()));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    std::fs::read(dir.path().join("pr.pdf")).expect("pr.pdf")
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(made.success(), "mkfifo {}", path.display());
}

fn is_fifo(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_fifo())
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

// ---- devices, pipes and standard output --------------------------------

#[test]
fn standard_output_receives_the_pdf() {
    let pdf = expected_pdf();
    let dir = folder();
    for output in ["-", "/dev/stdout"] {
        let out = run(&mut brief(&["build", "pr.toml", "-o", output], dir.path()));
        assert_eq!(out.status.code(), Some(0), "{output}: {}", stderr(&out));
        assert!(out.stdout == pdf, "{output}: the PDF on standard output differs ({} bytes)", out.stdout.len());
        assert_eq!(names(dir.path()), ["pr.toml"], "{output}: nothing else is written");
    }
    // Standard output sent to a file by the shell: the bytes go into it.
    let shell = "exec \"$0\" build pr.toml -o /dev/stdout > sent.pdf";
    let out = run(Command::new("sh").args(["-c", shell, env!("CARGO_BIN_EXE_brief")]).current_dir(dir.path()));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(std::fs::read(dir.path().join("sent.pdf")).expect("sent.pdf") == pdf);
    assert_eq!(names(dir.path()), ["pr.toml", "sent.pdf"]);
}

#[test]
fn a_named_pipe_receives_the_pdf_and_stays_a_pipe() {
    let pdf = expected_pdf();
    let dir = folder();
    let fifo = dir.path().join("pipe.pdf");
    mkfifo(&fifo);
    let reader = Command::new("cat").arg(&fifo).stdout(Stdio::piped()).spawn().expect("cat runs");
    let out = run(&mut brief(&["build", "pr.toml", "-o", "pipe.pdf"], dir.path()));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let read = finish(reader, Duration::from_secs(10));
    assert!(read.stdout == pdf, "the reader got the PDF");
    assert!(is_fifo(&fifo), "the pipe is still a pipe");
    assert_eq!(names(dir.path()), ["pipe.pdf", "pr.toml"]);
}

#[test]
fn a_device_receives_the_pdf_and_stays_a_device() {
    let dir = folder();
    // A null device of its own (root only): `/dev/null` itself is never
    // put at risk.
    let node = dir.path().join("null");
    let made = Command::new("mknod").arg(&node).args(["c", "1", "3"]).stderr(Stdio::null()).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: cannot make a device here (not root)");
        return;
    }
    let out = run(&mut brief(&["build", "pr.toml", "-o", "null"], dir.path()));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let kind = std::fs::symlink_metadata(&node).expect("node").file_type();
    assert!(kind.is_char_device(), "the device is still a device: {kind:?}");
    assert_eq!(names(dir.path()), ["null", "pr.toml"]);
    // A full device: the write fails, and says so.
    let out = run(&mut brief(&["build", "pr.toml", "-o", "/dev/full"], dir.path()));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "error: cannot write `/dev/full`: no space left on device\n");
}

#[test]
fn what_cannot_go_into_a_stream_is_a_usage_error() {
    let dir = folder();
    std::fs::copy(dir.path().join("pr.toml"), dir.path().join("other.toml")).expect("copy");
    for (args, message) in [
        (
            &["build", "pr.toml", "other.toml", "-o", "-"][..],
            "error: `-o -` writes one PDF to standard output, but 2 briefs are given\n  = hint: build one brief file to standard output, or give `-o DIR` for several\n",
        ),
        (
            &["build", "pr.toml", "-o", "-", "--eml"],
            "error: `--eml` writes a file beside the PDF, but standard output is not a file in a folder\n  = hint: give `-o` a file such as `out/press-release.pdf`\n",
        ),
        (
            &["build", "pr.toml", "-o", "/dev/null", "--eml", "--ics"],
            "error: `--eml` and `--ics` write files beside the PDF, but `/dev/null` is not a file in a folder\n  = hint: give `-o` a file such as `out/press-release.pdf`\n",
        ),
        (
            &["build", "pr.toml", "-o", "/dev/stdout", "--report"],
            "error: `--report` prints on standard output, where the PDF goes\n  = hint: write the PDF to a file with `-o FILE.pdf`, or leave out `--report`\n",
        ),
        (
            &["watch", "pr.toml", "-o", "-"],
            "error: `watch` rebuilds a file, and `-o -` is standard output\n  = hint: give `-o FILE.pdf`\n",
        ),
    ] {
        let out = run(&mut brief(args, dir.path()));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&out), message, "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert_eq!(names(dir.path()), ["other.toml", "pr.toml"], "{args:?}");
    }
}

// ---- a missing folder ------------------------------------------------------

#[test]
fn the_missing_folder_of_an_output_file_is_made_with_its_parents() {
    let dir = folder();
    let out = run(&mut brief(&["build", "pr.toml", "-o", "out/2021/pr.pdf"], dir.path()));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("out/2021/pr.pdf").is_file());
    assert!(stderr(&out).starts_with("built 1 brief into `out/2021` (created) in "), "{}", stderr(&out));
    // A brief that fails makes no folder.
    std::fs::write(dir.path().join("bad.toml"), "[brief]\ntitel = \"x\"\n").expect("write");
    let out = run(&mut brief(&["build", "bad.toml", "-o", "none/bad.pdf"], dir.path()));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!dir.path().join("none").exists());
}

// ---- killed, failed, limited ----------------------------------------------------

/// A folder with the brief and an old PDF (and `.eml`) of it.
fn with_old_outputs() -> tempfile::TempDir {
    let dir = folder();
    std::fs::write(dir.path().join("pr.pdf"), b"the old PDF").expect("write");
    std::fs::write(dir.path().join("pr.eml"), b"the old message").expect("write");
    dir
}

fn assert_old_outputs(dir: &Path, what: &str) {
    assert_eq!(names(dir), ["pr.eml", "pr.pdf", "pr.toml"], "{what}: nothing else is left");
    assert_eq!(std::fs::read(dir.join("pr.pdf")).expect("pr.pdf"), b"the old PDF", "{what}");
    assert_eq!(std::fs::read(dir.join("pr.eml")).expect("pr.eml"), b"the old message", "{what}");
}

#[test]
fn a_build_killed_while_writing_leaves_exactly_the_old_pdf() {
    if !cfg!(debug_assertions) {
        return;
    }
    let dir = with_old_outputs();
    let out = run(brief(&["build", "pr.toml"], dir.path()).env("BRIEF_FAULT", "kill-write:1"));
    assert_eq!(out.status.signal(), Some(9), "killed half-way: {}", stderr(&out));
    assert_old_outputs(dir.path(), "killed");
}

#[test]
fn what_a_killed_build_left_without_o_tmpfile_is_swept_and_nothing_else() {
    if !cfg!(debug_assertions) {
        return;
    }
    let dir = with_old_outputs();
    let out = run(brief(&["build", "pr.toml"], dir.path()).env("BRIEF_FAULT", "kill-write:1,no-tmpfile"));
    assert_eq!(out.status.signal(), Some(9), "{}", stderr(&out));
    // Named from the start, the temporary file stays, with the number of
    // the process, now gone.
    let left: Vec<String> = names(dir.path()).into_iter().filter(|n| n.starts_with(".brief-")).collect();
    let [left] = left.as_slice() else { panic!("one leftover: {left:?}") };
    let dead = out_pid(left);
    assert!(dead.parse::<u32>().is_ok(), "named after its process: {left}");
    // What must never be swept, beside it.
    let path = |name: &str| dir.path().join(name);
    let alive = std::process::id();
    std::fs::write(path("notes.txt"), b"x").expect("write");
    std::fs::write(path(&format!(".brief-{alive}-aB3dE9.pdf.tmp")), b"a live process's").expect("write");
    std::fs::write(path(&format!(".brief-{dead}-abc.pdf.tmp")), b"not our pattern").expect("write");
    std::fs::write(path(&format!("brief-{dead}-abcdef.pdf.tmp")), b"not hidden").expect("write");
    std::fs::write(path(".brief-Zz09aa.pdf.tmp"), b"an earlier version's, fresh").expect("write");
    std::os::unix::fs::symlink(path("notes.txt"), path(&format!(".brief-{dead}-linkxx.pdf.tmp"))).expect("link");
    std::fs::create_dir(path(&format!(".brief-{dead}-folder.pdf.tmp"))).expect("mkdir");
    let stale = path(".brief-Old0ne.eml.tmp");
    std::fs::write(&stale, b"an earlier version's, two hours old").expect("write");
    let two_hours_ago = std::time::SystemTime::now() - Duration::from_secs(2 * 3600);
    std::fs::File::options().write(true).open(&stale).expect("open").set_modified(two_hours_ago).expect("mtime");

    let out = run(&mut brief(&["build", "pr.toml"], dir.path()));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut expected = vec![
        format!(".brief-{dead}-abc.pdf.tmp"),
        format!(".brief-{dead}-folder.pdf.tmp"),
        format!(".brief-{dead}-linkxx.pdf.tmp"),
        format!(".brief-{alive}-aB3dE9.pdf.tmp"),
        ".brief-Zz09aa.pdf.tmp".to_string(),
        format!("brief-{dead}-abcdef.pdf.tmp"),
        "notes.txt".to_string(),
        "pr.eml".to_string(),
        "pr.pdf".to_string(),
        "pr.toml".to_string(),
    ];
    expected.sort();
    assert_eq!(names(dir.path()), expected, "the leftover and the stale file are swept, nothing else");
    assert!(std::fs::read(path("pr.pdf")).expect("pr.pdf").starts_with(b"%PDF-"));
}

/// The process number in a leftover's name.
fn out_pid(name: &str) -> String {
    name.trim_start_matches(".brief-").split('-').next().unwrap_or_default().to_string()
}

#[test]
fn a_build_with_its_eml_is_written_all_or_none() {
    if !cfg!(debug_assertions) {
        return;
    }
    // The `.eml` (the second file) fails to be written, or to be put in
    // place once the PDF is: the old PDF and message stay, in both ways
    // of making temporary files.
    for fault in ["fail-write:2", "fail-place:2", "fail-write:2,no-tmpfile", "fail-place:2,no-tmpfile"] {
        let dir = with_old_outputs();
        let out = run(brief(&["build", "pr.toml", "--eml"], dir.path()).env("BRIEF_FAULT", fault));
        assert_eq!(out.status.code(), Some(2), "{fault}: {}", stderr(&out));
        assert_eq!(stderr(&out), "error: cannot write `pr.eml`: no space left on device (injected)\n", "{fault}");
        assert_old_outputs(dir.path(), fault);
    }
    // Without old files: none is left.
    let dir = folder();
    let out = run(brief(&["build", "pr.toml", "--eml"], dir.path()).env("BRIEF_FAULT", "fail-place:2"));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(names(dir.path()), ["pr.toml"]);
}

/// A small tmpfs mounted for a test, unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir(at).expect("mkdir");
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .stderr(Stdio::null())
            .status();
        mounted.is_ok_and(|s| s.success()).then(|| Tmpfs(at.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[test]
fn a_nearly_full_disk_keeps_the_old_pdf_and_message() {
    let dir = folder();
    // 64 KiB: room for the PDF (29 KiB), not for the message beside it
    // (48 KiB) as well.
    let Some(disk) = Tmpfs::mount(&dir.path().join("disk"), "64k") else {
        eprintln!("skipped: cannot mount a tmpfs here (not root)");
        return;
    };
    std::fs::write(disk.0.join("pr.pdf"), b"the old PDF").expect("write");
    std::fs::write(disk.0.join("pr.eml"), b"the old message").expect("write");
    let out = run(&mut brief(&["build", "pr.toml", "--eml", "-o", "disk/pr.pdf"], dir.path()));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(stderr(&out), "error: cannot write `disk/pr.eml`: no space left on device\n");
    assert_eq!(names(&disk.0), ["pr.eml", "pr.pdf"]);
    assert_eq!(std::fs::read(disk.0.join("pr.pdf")).expect("pr.pdf"), b"the old PDF");
    assert_eq!(std::fs::read(disk.0.join("pr.eml")).expect("pr.eml"), b"the old message");
}

#[test]
fn a_file_size_limit_is_an_error_not_a_silent_death() {
    let dir = with_old_outputs();
    // `ulimit -f` counts 512-byte blocks in `sh`: 5 KiB, less than the PDF.
    let shell = "ulimit -f 10; exec \"$0\" build pr.toml";
    let out = run(Command::new("sh").args(["-c", shell, env!("CARGO_BIN_EXE_brief")]).current_dir(dir.path()));
    assert_eq!(out.status.signal(), None, "not killed by SIGXFSZ");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.starts_with(
            "error: cannot write `pr.pdf`: file too large\n  = hint: this process may write files of at most "
        ) && err.ends_with(" KiB (`ulimit -f`)\n"),
        "{err}"
    );
    assert_old_outputs(dir.path(), "limited");
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
fn a_brief_from_a_pipe_named_on_the_command_line_is_read() {
    let pdf = expected_pdf();
    let dir = folder();
    let fifo = dir.path().join("piped.toml");
    mkfifo(&fifo);
    let source = std::fs::read(dir.path().join("pr.toml")).expect("read");
    let writer = std::thread::spawn(move || std::fs::write(fifo, source));
    let out = within(&mut brief(&["build", "piped.toml", "-o", "-"], dir.path()), QUICKLY);
    writer.join().expect("writer").expect("written");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout == pdf);
    // `/dev/stdin` has no folder to write beside.
    let out = within(&mut brief(&["build", "/dev/stdin"], dir.path()), QUICKLY);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("`/dev/stdin` is not a file in a folder"), "{}", stderr(&out));
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
