//! The commands around building: a starter brief (`new`), the format's
//! JSON Schema (`schema`), the bundled fonts (`fonts`), shell completions
//! and the manual page, the last two generated from the same clap
//! definitions as the parser, so they never disagree with it.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::CommandFactory;

use crate::model::{self, FontChoice};
use crate::text::FontBook;

use super::args::Args;
use super::{Status, error, output, summary};

/// The starter brief; `DATE` becomes today's date.
const STARTER: &str = include_str!("starter.toml");

/// The starter brief, dated `today`.
pub fn starter(today: chrono::NaiveDate) -> String {
    STARTER.replacen("DATE", &today.format("%Y-%m-%d").to_string(), 1)
}

/// The starter brief for a folder under the house file `house` (named
/// `name`), without the keys the house gives: their lines (and the
/// comment lines that continue them) are left out, and so is a table
/// left with nothing but its header, or an array of tables the house
/// gives whole. Also returns the keys left out, as `table.key`.
pub fn starter_under(today: chrono::NaiveDate, house: &toml::Table, name: &str) -> (String, Vec<String>) {
    let gives = |table: &str, key: &str| -> bool {
        let mut value: Option<&toml::Value> = None;
        for part in table.split('.').filter(|p| !p.is_empty()) {
            value = match value {
                None => house.get(part),
                Some(v) => v.get(part),
            };
        }
        value.and_then(|v| v.get(key)).is_some()
    };
    let mut out: Vec<String> = Vec::new();
    let mut left_out: Vec<String> = Vec::new();
    let mut table = String::new();
    // Lines of the current table since its header; dropped when no key
    // line is left in them.
    let mut pending: Vec<String> = Vec::new();
    let mut keys_left = false;
    let mut dropping = false;
    let mut skip_table = false;
    let flush = |out: &mut Vec<String>, pending: &mut Vec<String>, keys_left: bool| {
        if keys_left || !pending.first().is_some_and(|l| l.starts_with('[')) {
            out.append(pending);
        } else {
            // Keep the blank line before the next part.
            pending.clear();
        }
    };
    for line in starter(today).lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            flush(&mut out, &mut pending, keys_left);
            keys_left = false;
            dropping = false;
            let header = trimmed.trim_matches(|c| c == '[' || c == ']');
            // `[[contact.person]]`: the house's people replace the brief's.
            let (parent, key) = header.rsplit_once('.').unwrap_or(("", header));
            skip_table = trimmed.starts_with("[[") && gives(parent, key);
            if skip_table && !left_out.contains(&header.to_string()) {
                left_out.push(header.to_string());
            }
            table = header.to_string();
            if !skip_table {
                pending.push(line.to_string());
            }
            continue;
        }
        if skip_table {
            continue;
        }
        let entry = trimmed.trim_start_matches("# ");
        let key =
            entry.split_once(" = ").map(|(k, _)| k).filter(|k| k.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
        match key {
            Some(key) if !line.starts_with(' ') => {
                dropping = gives(&table, key);
                if dropping {
                    if !trimmed.starts_with('#') {
                        left_out.push(format!("{table}.{key}"));
                    }
                } else {
                    pending.push(line.to_string());
                    keys_left = true;
                }
            }
            // A comment continuing the line above goes with it.
            _ if dropping && line.starts_with(' ') && trimmed.starts_with('#') => {}
            _ => {
                dropping = false;
                pending.push(line.to_string());
            }
        }
    }
    flush(&mut out, &mut pending, keys_left);
    let sentence = format!(
        "Under the house file `{name}`: what it gives ({}) is left out here; a key written in this brief wins over the house's.",
        left_out.join(", ")
    );
    // Wrapped as the comments above it are, at 72 columns.
    let mut intro = String::new();
    let mut line = String::from("#");
    for word in sentence.split(' ') {
        if line.len() + 1 + word.len() > 72 && line.len() > 1 {
            intro.push_str(&line);
            intro.push('\n');
            line = String::from("#");
        }
        line.push(' ');
        line.push_str(word);
    }
    intro.push_str(&line);
    intro.push('\n');
    let mut text = out.join("\n");
    text.push('\n');
    // The introduction goes after the opening comment.
    let at = text.find("\n\n").map_or(0, |i| i + 1);
    text.insert_str(at, &intro);
    (text, left_out)
}

/// `brief new [NAME]`: writes the starter brief, never over a file.
pub fn new(name: Option<&Path>, quiet: bool) -> Status {
    let mut path = name.map_or_else(|| PathBuf::from("brief.toml"), Path::to_path_buf);
    if path.extension().is_none_or(|e| e != "toml") {
        let mut with = path.into_os_string();
        with.push(".toml");
        path = PathBuf::from(with);
    }
    if path.exists() {
        error(format!(
            "refusing to overwrite `{}`\n  = hint: give another name, or remove the file first",
            path.display()
        ));
        return Status::Failed;
    }
    let today = chrono::Local::now().date_naive();
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    // Under a house file, the keys it gives are left out.
    let house = super::house::find(&dir).and_then(|found| {
        let text = super::inputs::read_limited(&found, super::MAX_BRIEF).ok()?;
        let table = String::from_utf8(text).ok()?.parse::<toml::Table>().ok()?;
        Some((found, table))
    });
    let (text, under) = match &house {
        Some((found, table)) => {
            let relative = relative_to(found, &dir);
            let (text, left_out) = starter_under(today, table, &relative);
            (text, Some((found.display().to_string(), left_out)))
        }
        None => (starter(today), None),
    };
    if let Err(msg) = output::write_atomic(&path, text.as_bytes()) {
        error(msg);
        return Status::Failed;
    }
    if !quiet {
        if let Some((found, left_out)) = under {
            summary(format!(
                "found the house file `{found}`: it gives {}, left out of the starter",
                if left_out.is_empty() { "nothing the starter has".to_string() } else { left_out.join(", ") }
            ));
        }
        summary(format!(
            "wrote {}: edit it, then `brief build {}` (or `brief watch {}`)",
            path.display(),
            path.display(),
            path.display()
        ));
    }
    Status::Ok
}

/// `path` as seen from the folder `dir` (`house.toml`, `../house.toml`).
fn relative_to(path: &Path, dir: &Path) -> String {
    let full = |p: &Path| std::fs::canonicalize(if p.as_os_str().is_empty() { Path::new(".") } else { p }).ok();
    let (Some(path), Some(dir)) = (full(path), full(dir)) else { return path.display().to_string() };
    let mut up = String::new();
    for ancestor in dir.ancestors() {
        if let Ok(rest) = path.strip_prefix(ancestor) {
            return format!("{up}{}", rest.display());
        }
        up.push_str("../");
    }
    path.display().to_string()
}

/// `brief schema [--house]`: the JSON Schema of a brief (or of a house
/// file) on standard output.
pub fn schema(house: bool) -> Status {
    let schema = if house { model::schema::house_schema() } else { model::schema::schema() };
    let text = match serde_json::to_string_pretty(&schema) {
        Ok(t) => t,
        Err(e) => {
            error(format!("cannot write the schema: {e}"));
            return Status::Failed;
        }
    };
    print(&format!("{text}\n"))
}

/// `brief fonts`: the bundled families, their faces and what they cover.
pub fn fonts() -> Status {
    let book = FontBook::shared();
    let mut out = String::from("Bundled font families (compiled into brief; SIL Open Font License 1.1):\n\n");
    for (key, family, default) in [(FontChoice::Sans, "sans", true), (FontChoice::Serif, "serif", false)] {
        let regular = book.face(book.family(&key).select(false, false));
        let name = regular.name.split('-').next().unwrap_or(regular.name);
        let name = name.replace("Noto", "Noto ");
        let glyphs = regular.metrics.number_of_glyphs();
        let _ = std::fmt::Write::write_fmt(
            &mut out,
            format_args!(
                "  {family:<6} {name:<11} regular, bold, italic, bold italic; {glyphs} glyphs: Latin, Greek, Cyrillic{}\n",
                if default { " (default)" } else { "" }
            ),
        );
    }
    out.push_str(
        "\nFor other scripts, whatever the family (by character, in this order after\nthe brief's own font):\n\n",
    );
    for (name, styles, covers) in [
        ("Noto Naskh Arabic", "regular, bold", "Arabic (right to left, justified with kashidas)"),
        ("Noto Sans SC", "regular, bold", "Chinese: GB 2312 and CJK punctuation, with the sans family"),
        ("Noto Serif SC", "regular, bold", "Chinese: GB 2312 and CJK punctuation, with the serif family"),
        ("Noto Sans Math", "regular", "mathematical operators and arrows: ≈ − × ÷ ≤ ≥ ± →"),
        ("Noto Sans Symbols 2", "regular", "geometric shapes, dingbats and signs: ✓ ✗ ■ ● ★"),
        ("Noto Sans Mono", "regular", "code (`code` and code blocks): Latin, Greek, Cyrillic"),
    ] {
        let _ = writeln!(out, "  {name:<19} {styles:<14} {covers}");
    }
    out.push_str(
        "\nArabic and Chinese have no italic: text in them is set upright where a\n\
         brief asks for italic. A character no face has is warned about, naming it.\n\
         \n\
         Choose a Latin family with `font = \"serif\"` under `[style]`.\n\
         \n\
         Or use your own TrueType or OpenType files, a path for each style,\n\
         relative to the brief (only `regular` is required):\n\
         \n\
         [style]\n\
         font = { regular = \"fonts/Lato-Regular.ttf\", bold = \"fonts/Lato-Bold.ttf\",\n\
         \x20        italic = \"fonts/Lato-Italic.ttf\", bold_italic = \"fonts/Lato-BoldItalic.ttf\" }\n\
         \n\
         Their licence must allow embedding; what they lack is set in the faces above.\n",
    );
    print(&out)
}

/// `brief completions SHELL`.
pub fn completions(shell: clap_complete::Shell) -> Status {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Args::command(), "brief", &mut buf);
    print_bytes(&buf)
}

/// `brief man`: the manual page in roff.
pub fn man() -> Status {
    let mut buf = Vec::new();
    if let Err(e) = clap_mangen::Man::new(Args::command()).render(&mut buf) {
        error(format!("cannot write the manual page: {e}"));
        return Status::Failed;
    }
    print_bytes(&buf)
}

fn print(text: &str) -> Status {
    print_bytes(text.as_bytes())
}

/// Standard output in one write; a closed pipe (`brief man | head`) is not
/// an error.
fn print_bytes(bytes: &[u8]) -> Status {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Status::Ok,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Status::Ok,
        Err(e) => {
            error(format!("cannot write to standard output: {e}"));
            Status::Failed
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_brief_is_valid_and_dated() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
        let src = starter(day);
        assert!(src.contains("date = 2026-11-30"));
        let parsed = crate::model::parse(src.as_bytes(), &NoFiles).expect("the starter brief is valid");
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        assert_eq!(parsed.brief.figures.len(), 2);
        assert!(parsed.brief.contact.is_some_and(|c| c.qr.is_some()));
    }

    struct NoFiles;

    impl crate::model::Resources for NoFiles {
        fn load(&self, _path: &str) -> Result<Vec<u8>, String> {
            Err("no files".into())
        }
    }
}
