//! The README's commands are true: every `brief …` line of its shell
//! examples runs, in order, in a folder holding the example briefs and
//! lists, and succeeds.

use std::path::Path;
use std::process::Command;

use crate::common::root;

/// Copies every file of `from` into `to`, and its folders' files with
/// `deep`.
fn copy_files(from: &Path, to: &Path, deep: bool) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("ls") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name");
        if path.is_file() {
            std::fs::copy(&path, to.join(name)).expect("copy");
        } else if deep {
            copy_files(&path, &to.join(name), true);
        }
    }
}

/// The `brief` lines of the README's `sh` blocks, without their comments.
fn readme_commands() -> Vec<String> {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let mut out = Vec::new();
    let mut in_sh = false;
    for line in readme.lines() {
        if line.starts_with("```") {
            in_sh = line == "```sh";
            continue;
        }
        if in_sh && line.starts_with("brief ") {
            out.push(line.split(" #").next().unwrap_or(line).trim().to_string());
        }
    }
    out
}

#[test]
fn every_command_of_the_readme_runs() {
    let commands = readme_commands();
    assert!(commands.len() >= 10, "{commands:?}");
    let dir = tempfile::tempdir().expect("tempdir");
    let cwd = dir.path();
    copy_files(&root().join("briefs"), &cwd.join("briefs"), true);
    // The everyday commands stand in an office's folder, under its house.
    copy_files(&root().join("briefs/unoct"), cwd, false);
    copy_files(&root().join("lists"), &cwd.join("lists"), false);
    // `out/` is not made here: the README says `-o out/pr.pdf` makes it.
    for command in commands {
        let words: Vec<&str> = command.split_whitespace().collect();
        // `watch` runs until stopped; a redirection's output is read here.
        if words[1] == "watch" {
            continue;
        }
        let args: Vec<&str> = words[1..].iter().take_while(|w| **w != ">").copied().collect();
        if args[0] == "send" {
            // `send` needs the `[email]` table the README says it does.
            let mut brief = std::fs::read_to_string(cwd.join("press-release.toml")).expect("brief");
            brief.push_str("\n[email]\nfrom = \"press@example.org\"\nto = \"media@example.org\"\n");
            std::fs::write(cwd.join("press-release.toml"), brief).expect("written");
        }
        let out = Command::new(env!("CARGO_BIN_EXE_brief")).args(&args).current_dir(cwd).output().expect("runs");
        assert!(
            out.status.success(),
            "`{command}` failed ({:?}):\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(cwd.join("press-release.pdf").is_file() && cwd.join("out/pr.pdf").is_file());
    assert!(cwd.join("world-press-day.toml").is_file() && cwd.join("run.pdf").is_file());
}
