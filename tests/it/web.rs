//! The web page of `brief build --html`: every example's page holds every
//! word of its brief in order with every address a link
//! (`tests/web/words.py`, the PDF audit's reading of the source), is the
//! same bytes run to run, links its language versions, escapes what the
//! brief says, and, in headless Chromium (`tests/web/check.cjs`), never
//! scrolls sideways at 320, 768 or 1280 pixels, logs no error, loads
//! nothing, draws every character, has no axe-core violation and no
//! html-validate error.
//!
//! The browser needs Debian's `chromium`, Node.js and the npm packages
//! `puppeteer-core`, `axe-core` and `html-validate` in
//! `${XDG_CACHE_HOME:-$HOME/.cache}/brief-web/node_modules` (or
//! `BRIEF_WEB_MODULES`); `.ci/run` installs them. Without them the browser
//! tests are skipped, unless `BRIEF_WEB=all` (or `CI`) is set: then a
//! missing tool is a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{example_briefs, root, run, stderr};

/// Whether the web tests must run whatever is missing.
fn required() -> bool {
    std::env::var("BRIEF_WEB").is_ok_and(|v| v == "all") || std::env::var_os("CI").is_some()
}

/// Builds every example into `dir` with `--html`: each office's briefs
/// into a folder of its own, as they are (with their house files).
fn build_examples(dir: &Path) -> Vec<(PathBuf, PathBuf)> {
    let mut pages = Vec::new();
    for brief in example_briefs() {
        let office = brief.parent().expect("an office");
        let out = dir.join(office.file_name().expect("a name"));
        let name = brief.file_stem().expect("a stem").to_string_lossy().into_owned();
        let pdf = out.join(format!("{name}.pdf"));
        let o = run(&["build", &brief.to_string_lossy(), "-o", &pdf.to_string_lossy(), "--html"], &root());
        assert_eq!(o.status.code(), Some(0), "{}: {}", brief.display(), stderr(&o));
        let page = out.join(format!("{name}.html"));
        assert!(page.is_file() && pdf.is_file(), "{} writes its PDF and its page", brief.display());
        pages.push((brief, page));
    }
    pages
}

/// Whether `python3` is installed (under `BRIEF_WEB=all` or CI it must be).
fn have_python() -> bool {
    let found = Command::new("python3").arg("--version").output().is_ok_and(|o| o.status.success());
    if !found && required() {
        panic!("`python3` is not installed; .ci/run installs it");
    }
    found
}

#[test]
fn every_word_of_every_example_in_order_and_every_address_a_link() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pages = build_examples(dir.path());
    for (brief, page) in &pages {
        let html = std::fs::read_to_string(page).expect("the page");
        // Self-contained: nothing to load, no script to run.
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\""), "{}", page.display());
        assert_eq!(html.matches("<script").count(), 1, "only the JSON-LD: {}", page.display());
        assert!(html.contains("<script type=\"application/ld+json\">"));
        for bad in ["src=\"http", "url(", "@import", "<link rel=\"stylesheet"] {
            assert!(!html.contains(bad), "{} loads something: {bad}", page.display());
        }
        let rtl = html.contains(" dir=\"rtl\">\n<head>");
        assert_eq!(rtl, brief.to_string_lossy().contains(".ar."), "{}", page.display());
    }
    if !have_python() {
        eprintln!("skipped the word check: `python3` is not installed");
        return;
    }
    let mut failed = Vec::new();
    for (brief, page) in &pages {
        let house = brief.with_file_name("house.toml");
        let mut cmd = Command::new("python3");
        cmd.arg(root().join("tests/web/words.py")).arg(page).arg(brief);
        if house.is_file() {
            cmd.arg(&house);
        }
        let o = cmd.output().expect("python3 runs");
        if !o.status.success() {
            failed.push(format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr)));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn the_word_check_finds_a_missing_paragraph_and_an_address_without_a_link() {
    if !have_python() {
        eprintln!("skipped: `python3` is not installed");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let brief = root().join("briefs/unoct/press-release.toml");
    let o = run(
        &["build", &brief.to_string_lossy(), "-o", &dir.path().join("pr.pdf").to_string_lossy(), "--html"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(dir.path().join("pr.html")).expect("the page");
    let start = html.find("<p class=\"lede\">").expect("a lede");
    let end = start + html[start..].find("</p>").expect("its end") + 4;
    let broken = format!("{}{}", &html[..start], &html[end..])
        .replace("<a href=\"mailto:gerardl@un.org\" dir=\"ltr\">gerardl@un.org</a>", "gerardl@un.org");
    let page = dir.path().join("broken.html");
    std::fs::write(&page, broken).expect("written");
    let o = Command::new("python3")
        .arg(root().join("tests/web/words.py"))
        .arg(&page)
        .arg(&brief)
        .arg(brief.with_file_name("house.toml"))
        .output()
        .expect("python3 runs");
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("words missing or out of order: under auspices"), "{out}");
    assert!(out.contains("not a link: mailto:gerardl@un.org"), "{out}");
    assert!(out.contains("an address outside a link: gerardl@un.org"), "{out}");
}

#[test]
fn pages_are_the_same_bytes_run_to_run() {
    let a = tempfile::tempdir().expect("tempdir");
    let b = tempfile::tempdir().expect("tempdir");
    let first = build_examples(a.path());
    let second = build_examples(b.path());
    for ((_, x), (_, y)) in first.iter().zip(&second) {
        let (x_bytes, y_bytes) = (std::fs::read(x).expect("page"), std::fs::read(y).expect("page"));
        assert!(x_bytes == y_bytes, "{} differs from run to run", x.display());
    }
}

#[test]
fn language_versions_link_each_other() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = run(
        &["build", &root().join("briefs/unoct").to_string_lossy(), "-o", &dir.path().to_string_lossy(), "--html"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let links = |name: &str| -> Vec<String> {
        let html = std::fs::read_to_string(dir.path().join(name)).expect("the page");
        html.lines().filter(|l| l.starts_with("<link rel=\"alternate\"")).map(str::to_string).collect()
    };
    let expected: Vec<String> = [
        ("en", "press-release.html"),
        ("ar", "press-release.ar.html"),
        ("es", "press-release.es.html"),
        ("fr", "press-release.fr.html"),
        ("ru", "press-release.ru.html"),
        ("zh", "press-release.zh.html"),
    ]
    .iter()
    .map(|(lang, href)| format!("<link rel=\"alternate\" hreflang=\"{lang}\" href=\"{href}\">"))
    .collect();
    for page in ["press-release.html", "press-release.ar.html", "press-release.zh.html"] {
        assert_eq!(links(page), expected, "{page}");
    }
    assert_eq!(
        links("media-advisory.fr.html"),
        [
            "<link rel=\"alternate\" hreflang=\"en\" href=\"media-advisory.html\">",
            "<link rel=\"alternate\" hreflang=\"fr\" href=\"media-advisory.fr.html\">"
        ]
    );
    // Every page links each of the others that was written.
    for href in ["press-release.ar.html", "media-advisory.html"] {
        assert!(dir.path().join(href).is_file());
    }
}

#[test]
fn what_a_brief_says_is_escaped_everywhere() {
    let dir = tempfile::tempdir().expect("tempdir");
    let source = std::fs::read_to_string(crate::common::whole_press_release()).expect("the press release");
    let hostile = "Talks </script><script>alert(1)</script> & <b>\\\"quotes\\\"</b>";
    let source = source.replacen("title = \"", &format!("title = \"{hostile} "), 1);
    std::fs::write(dir.path().join("x.toml"), source).expect("written");
    let o = run(&["build", "x.toml", "--html"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(dir.path().join("x.html")).expect("the page");
    assert!(!html.contains("<script>alert"), "a script in the page");
    assert!(!html.contains("<b>"), "markup from the brief in the page");
    assert!(html.contains("<h1>Talks &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;"));
    // The JSON-LD: no `<` left to close its element, the same title read back.
    let start = html.find("<script type=\"application/ld+json\">\n").expect("JSON-LD") + 36;
    let end = start + html[start..].find("\n</script>").expect("its end");
    let json = &html[start..end];
    assert!(!json.contains('<') && !json.contains('>'), "{json}");
    let value: serde_json::Value = serde_json::from_str(json).expect("JSON");
    let headline = value["headline"].as_str().expect("a headline");
    assert!(headline.starts_with("Talks </script><script>alert(1)</script> & <b>"), "{headline}");
    assert_eq!(value["@type"], "NewsArticle");
    assert_eq!(value["inLanguage"], "en");
}

#[test]
fn html_goes_all_or_none_with_the_pdf_and_never_into_a_stream() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(crate::common::whole_press_release(), dir.path().join("pr.toml")).expect("copy");
    let o = run(&["build", "pr.toml", "-o", "-", "--html"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("`--html` writes a file beside the PDF"), "{}", stderr(&o));
    // The page's name taken by a directory: nothing is written.
    std::fs::create_dir(dir.path().join("pr.html")).expect("a directory in the way");
    let o = run(&["build", "pr.toml", "--html"], dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!dir.path().join("pr.pdf").exists(), "the PDF without its page");
    let o = run(&["build", "pr.toml", "--for", "x.csv", "--print-run", "run.pdf", "--html"], dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn a_copy_per_recipient_has_its_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let unoct = root().join("briefs/unoct");
    let o = run(
        &[
            "build",
            &unoct.join("press-release.toml").to_string_lossy(),
            "--for",
            &root().join("lists/delegations.csv").to_string_lossy(),
            "-o",
            &dir.path().to_string_lossy(),
            "--html",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut pdfs = 0;
    for e in std::fs::read_dir(dir.path()).expect("the copies") {
        let path = e.expect("entry").path();
        if path.extension().is_some_and(|x| x == "pdf") {
            pdfs += 1;
            let page = std::fs::read_to_string(path.with_extension("html")).expect("a page beside each copy");
            assert!(page.contains("<p class=\"prepared\">"), "{}", path.display());
        }
    }
    assert!(pdfs > 1);
}

/// What the browser check needs: the browser, Node.js and the packages'
/// folder; `None` (with why) when one is missing.
fn browser_tools() -> Result<(PathBuf, PathBuf), String> {
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
        .ok_or("`chromium` is not installed")?;
    if !Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success()) {
        return Err("`node` is not installed".into());
    }
    let modules = match std::env::var_os("BRIEF_WEB_MODULES") {
        Some(dir) => PathBuf::from(dir),
        None => {
            let cache = std::env::var_os("XDG_CACHE_HOME")
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
                .ok_or("no cache folder (HOME is not set)")?;
            cache.join("brief-web/node_modules")
        }
    };
    for package in ["puppeteer-core", "axe-core", "html-validate"] {
        if !modules.join(package).is_dir() {
            return Err(format!("the npm package `{package}` is not in {}", modules.display()));
        }
    }
    Ok((chromium, modules))
}

/// Runs `tests/web/check.cjs` over `pages`, with the bundled fonts
/// installed for the browser (as a reader who has Noto).
fn check_in_browser(chromium: &Path, modules: &Path, pages: &[PathBuf]) -> std::process::Output {
    Command::new("node")
        .arg(root().join("tests/web/check.cjs"))
        .arg("--chromium")
        .arg(chromium)
        .arg("--fonts")
        .arg(root().join("fonts"))
        .args(pages)
        .env("NODE_PATH", modules)
        .output()
        .expect("node runs")
}

#[test]
fn every_example_page_in_a_browser() {
    let (chromium, modules) = match browser_tools() {
        Ok(tools) => tools,
        Err(why) if required() => panic!("{why}; .ci/run installs it (BRIEF_WEB=all)"),
        Err(why) => {
            eprintln!("skipped: {why}");
            return;
        }
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let pages: Vec<PathBuf> = build_examples(dir.path()).into_iter().map(|(_, page)| page).collect();
    let o = check_in_browser(&chromium, &modules, &pages);
    let out = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains(&format!("{} pages checked", pages.len())), "{out}");

    // The checks can fail: a character no font has, a table wider than a
    // phone without its scrolling box, an image without its description.
    let source = std::fs::read_to_string(crate::common::whole_press_release()).expect("the press release");
    let source = source.replacen("title = \"", "title = \"\u{13000} ", 1);
    std::fs::write(dir.path().join("glyph.toml"), source).expect("written");
    let o = run(&["build", "glyph.toml", "--html"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let annex = dir.path().join("who/briefing-note-annex.html");
    let html = std::fs::read_to_string(&annex).expect("the annex");
    let broken = html
        .replace("<div class=\"table\" tabindex=\"0\">", "<div>")
        .replace("</style>", "table { white-space: nowrap; }\n</style>");
    let broken = broken.replacen(" alt=\"Bar chart", " data-x=\"Bar chart", 1);
    std::fs::write(dir.path().join("who/broken.html"), broken).expect("written");
    let o = check_in_browser(&chromium, &modules, &[dir.path().join("glyph.html"), dir.path().join("who/broken.html")]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.contains("glyph.html at 320px: missing glyph: U+13000"), "{out}");
    assert!(out.contains("broken.html at 320px: horizontal overflow"), "{out}");
    assert!(out.contains("broken.html at 1280px: axe: image-alt"), "{out}");
    assert!(out.contains("broken.html: html-validate:"), "{out}");
}

#[test]
fn watch_rebuilds_the_page_with_the_pdf() {
    use crate::tools::{lines_of, wait_for};
    let dir = tempfile::tempdir().expect("tempdir");
    let source = std::fs::read_to_string(crate::common::whole_press_release()).expect("read");
    let brief_path = dir.path().join("pr.toml");
    std::fs::write(&brief_path, &source).expect("write");
    let mut child = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(["watch", "pr.toml", "--html"])
        .current_dir(dir.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("watch starts");
    let rx = lines_of(&mut child);
    let result = (|| -> Result<(), String> {
        wait_for(&rx, "watching `pr.toml`")?;
        let page = std::fs::read_to_string(dir.path().join("pr.html")).map_err(|e| e.to_string())?;
        if !page.contains("<h1>Secretary-General highlights") {
            return Err("the first page is not the brief's".into());
        }
        let changed = source.replacen("title = \"", "title = \"Updated: ", 1);
        std::fs::write(dir.path().join(".pr.toml.swp"), &changed).map_err(|e| e.to_string())?;
        std::fs::rename(dir.path().join(".pr.toml.swp"), &brief_path).map_err(|e| e.to_string())?;
        wait_for(&rx, "built pr.pdf")?;
        let page = std::fs::read_to_string(dir.path().join("pr.html")).map_err(|e| e.to_string())?;
        if !page.contains("<h1>Updated: Secretary-General highlights") {
            return Err("the page was not rebuilt".into());
        }
        Ok(())
    })();
    let _ = child.kill();
    let _ = child.wait();
    if let Err(e) = result {
        panic!("{e}");
    }
}
