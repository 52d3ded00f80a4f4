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
    if let Err(msg) = output::write_atomic(&path, starter(today).as_bytes()) {
        error(msg);
        return Status::Failed;
    }
    if !quiet {
        summary(format!(
            "wrote {}: edit it, then `brief build {}` (or `brief watch {}`)",
            path.display(),
            path.display(),
            path.display()
        ));
    }
    Status::Ok
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
