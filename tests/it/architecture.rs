//! The pipeline's direction: each stage imports only from the stages
//! before it (geom → model → text → summary → layout → pdf → web → cli), only
//! `pdf` names printpdf, and only `cli` names lettre (the e-mail shell).

use crate::common::root;

const STAGES: [&str; 8] = ["geom", "model", "text", "summary", "layout", "pdf", "web", "cli"];

fn sources(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).expect("src readable") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn stages_import_only_from_earlier_stages() {
    let src = root().join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut bad = Vec::new();
    for file in files {
        let rel = file.strip_prefix(&src).expect("under src").to_string_lossy().replace('\\', "/");
        let stage = rel.split(['/', '.']).next().unwrap_or("");
        let Some(rank) = STAGES.iter().position(|s| *s == stage) else { continue };
        let text = std::fs::read_to_string(&file).expect("readable");
        for (n, line) in text.lines().enumerate() {
            for (later, name) in STAGES.iter().enumerate().skip(rank + 1) {
                if line.contains(&format!("crate::{name}")) || line.contains(&format!("super::super::{name}")) {
                    bad.push(format!(
                        "src/{rel}:{}: `{}` imports the later stage `{name}` ({later})",
                        n + 1,
                        line.trim()
                    ));
                }
            }
            if stage != "pdf" && line.contains("printpdf") && !line.trim_start().starts_with("//") {
                bad.push(format!("src/{rel}:{}: only `pdf` names printpdf", n + 1));
            }
            if stage != "cli" && line.contains("lettre") && !line.trim_start().starts_with("//") {
                bad.push(format!("src/{rel}:{}: only `cli` names lettre", n + 1));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
