//! The data cases of `tests/cases/NAME/`: each folder holds briefs (and
//! house files), `cmd` the arguments of one `brief` run in the folder, and
//! `expected` its exit status and standard error. `BLESS=1` rewrites them.
//! `house-*` pin the diagnostics of house files, `versions*` those of
//! language versions out of step.

use std::path::PathBuf;

use crate::common::{root, run};

#[test]
fn every_case_reports_what_it_should() {
    let bless = std::env::var_os("BLESS").is_some();
    let cases = root().join("tests/cases");
    let mut names: Vec<PathBuf> =
        std::fs::read_dir(&cases).expect("tests/cases").map(|e| e.expect("entry").path()).collect();
    names.sort();
    assert!(names.len() >= 8, "{names:?}");
    let mut failures = Vec::new();
    for case in names {
        let cmd = std::fs::read_to_string(case.join("cmd")).expect("cmd");
        let args: Vec<&str> = cmd.split_whitespace().collect();
        let out = run(&args, &case);
        let got = format!("exit {}\n{}", out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr));
        let expected_path = case.join("expected");
        if bless {
            std::fs::write(&expected_path, &got).expect("write expected");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if got != expected {
            failures.push(format!("{}:\n--- expected\n{expected}--- got\n{got}", case.display()));
        }
        // `check` writes nothing.
        let pdfs = std::fs::read_dir(&case)
            .expect("ls")
            .filter(|e| e.as_ref().is_ok_and(|e| e.path().extension().is_some_and(|x| x == "pdf")))
            .count();
        assert_eq!(pdfs, 0, "{}", case.display());
    }
    assert!(failures.is_empty(), "{} (BLESS=1 to update)", failures.join("\n"));
}
