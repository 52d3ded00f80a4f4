//! A syntactically valid brief built from the fuzz input: arbitrary strings
//! (control characters and every Unicode plane included) in every field,
//! Markdown fragments, repeated text, arbitrary counts of figures, sections,
//! quotes and contact persons, page sizes, languages and a logo made of
//! arbitrary bytes. `brief::build` must return a PDF that reads back, or
//! diagnostics; never panic.

#![no_main]

use std::fmt::Write as _;

use arbitrary::Arbitrary;
use brief::model::Resources;
use libfuzzer_sys::fuzz_target;

#[path = "dump.rs"]
mod dump;
use dump::dump;

#[derive(Arbitrary, Debug)]
struct Input {
    title: Text,
    subtitle: Option<Text>,
    kind: Option<Text>,
    organization: Option<Text>,
    symbol: Option<Text>,
    place: Option<Text>,
    notice: Option<Text>,
    summary: Option<Text>,
    language: u8,
    page: u8,
    serif: bool,
    accent: Option<[u8; 3]>,
    embargo: Option<(u8, u8)>,
    logo: Option<Vec<u8>>,
    figures: Vec<Figure>,
    sections: Vec<Section>,
    quotes: Vec<Quote>,
    contact: Option<Contact>,
}

/// A string: arbitrary text, possibly with Markdown around it, repeated.
#[derive(Arbitrary, Debug)]
struct Text {
    parts: Vec<(u8, String)>,
    repeat: u8,
}

#[derive(Arbitrary, Debug)]
struct Figure {
    value: Value,
    label: Text,
    prefix: Option<Text>,
    suffix: Option<Text>,
    note: Option<Text>,
}

#[derive(Arbitrary, Debug)]
enum Value {
    Int(i64),
    Float(f64),
    Str(Text),
}

#[derive(Arbitrary, Debug)]
struct Section {
    heading: Option<Text>,
    text: Text,
}

#[derive(Arbitrary, Debug)]
struct Quote {
    text: Text,
    by: Option<Text>,
    role: Option<Text>,
    after: Option<u16>,
}

#[derive(Arbitrary, Debug)]
struct Contact {
    heading: Option<Text>,
    web: Option<Text>,
    social: Vec<Text>,
    persons: Vec<(Text, Option<Text>, Option<Text>, Option<Text>)>,
}

const MARKDOWN: [(&str, &str); 12] = [
    ("", ""),
    ("**", "**"),
    ("*", "*"),
    ("[", "](https://un.org)"),
    ("", "\n\n"),
    ("* ", "\n"),
    ("1. ", "\n"),
    ("  - ", "\n"),
    ("https://", ".org "),
    ("", "@un.org"),
    ("<", ">"),
    ("", " "),
];

const LANGUAGES: [&str; 10] = ["en", "fr", "es", "ru", "de", "ar", "zh", "pt", "fr-CH", "xx"];
const PAGES: [&str; 4] = ["A4", "Letter", "A5", "Legal"];

impl Text {
    fn render(&self) -> String {
        let mut s = String::new();
        for (kind, text) in &self.parts {
            let (open, close) = MARKDOWN[usize::from(*kind) % MARKDOWN.len()];
            s.push_str(open);
            s.push_str(text);
            s.push_str(close);
        }
        s.repeat(usize::from(self.repeat % 32) + 1)
    }

    /// As a TOML basic string.
    fn toml(&self) -> String {
        quote(&self.render())
    }
}

fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn opt(out: &mut String, key: &str, text: &Option<Text>) {
    if let Some(t) = text {
        let _ = writeln!(out, "{key} = {}", t.toml());
    }
}

impl Input {
    fn toml(&self) -> String {
        let mut s = String::from("[brief]\n");
        let _ = writeln!(s, "title = {}", self.title.toml());
        s.push_str("date = 2021-06-30\n");
        opt(&mut s, "subtitle", &self.subtitle);
        opt(&mut s, "kind", &self.kind);
        opt(&mut s, "organization", &self.organization);
        opt(&mut s, "symbol", &self.symbol);
        opt(&mut s, "place", &self.place);
        opt(&mut s, "notice", &self.notice);
        opt(&mut s, "summary", &self.summary);
        let _ = writeln!(s, "language = \"{}\"", LANGUAGES[usize::from(self.language) % LANGUAGES.len()]);
        if let Some((h, m)) = self.embargo {
            let _ = writeln!(s, "embargo = 2021-06-30T{:02}:{:02}:00-04:00", h % 24, m % 60);
        }
        if self.logo.is_some() {
            s.push_str("logo = \"logo\"\n");
        }
        for f in &self.figures {
            s.push_str("\n[[figure]]\n");
            match &f.value {
                Value::Int(i) => {
                    let _ = writeln!(s, "value = {i}");
                }
                Value::Float(x) if x.is_finite() => {
                    let _ = writeln!(s, "value = {x:?}");
                }
                Value::Float(_) => s.push_str("value = nan\n"),
                Value::Str(t) => {
                    let _ = writeln!(s, "value = {}", t.toml());
                }
            }
            let _ = writeln!(s, "label = {}", f.label.toml());
            opt(&mut s, "prefix", &f.prefix);
            opt(&mut s, "suffix", &f.suffix);
            opt(&mut s, "note", &f.note);
        }
        for sec in &self.sections {
            s.push_str("\n[[section]]\n");
            opt(&mut s, "heading", &sec.heading);
            let _ = writeln!(s, "text = {}", sec.text.toml());
        }
        for q in &self.quotes {
            s.push_str("\n[[quote]]\n");
            let _ = writeln!(s, "text = {}", q.text.toml());
            opt(&mut s, "by", &q.by);
            opt(&mut s, "role", &q.role);
            if let Some(a) = q.after {
                let _ = writeln!(s, "after = {}", usize::from(a) % (self.sections.len() + 2));
            }
        }
        if let Some(c) = &self.contact {
            s.push_str("\n[contact]\n");
            opt(&mut s, "heading", &c.heading);
            opt(&mut s, "web", &c.web);
            let social: Vec<String> = c.social.iter().map(Text::toml).collect();
            let _ = writeln!(s, "social = [{}]", social.join(", "));
            for (name, role, email, phone) in &c.persons {
                s.push_str("\n[[contact.person]]\n");
                let _ = writeln!(s, "name = {}", name.toml());
                opt(&mut s, "role", role);
                opt(&mut s, "email", email);
                opt(&mut s, "phone", phone);
            }
        }
        s.push_str("\n[style]\n");
        let _ = writeln!(s, "page = \"{}\"", PAGES[usize::from(self.page) % PAGES.len()]);
        let _ = writeln!(s, "font = \"{}\"", if self.serif { "serif" } else { "sans" });
        if let Some([r, g, b]) = self.accent {
            let _ = writeln!(s, "accent = \"#{r:02X}{g:02X}{b:02X}\"");
        }
        s
    }
}

/// The logo's bytes come from the fuzz input; any other path is missing.
struct Logo<'a>(Option<&'a [u8]>);

impl Resources for Logo<'_> {
    fn load(&self, path: &str) -> Result<Vec<u8>, String> {
        match (path, self.0) {
            ("logo", Some(data)) => Ok(data.to_vec()),
            _ => Err("file not found".to_string()),
        }
    }
}

fuzz_target!(|input: Input| {
    let source = input.toml();
    match brief::build(source.as_bytes(), &Logo(input.logo.as_deref())) {
        Ok(built) => {
            // The PDF must read back: every object parses and there are pages.
            let doc = lopdf::Document::load_mem(&built.pdf).expect("the PDF reads back");
            assert!(!doc.get_pages().is_empty(), "a PDF without pages");
            dump(&built.pdf);
        }
        Err(brief::BuildError::Invalid(diags)) => {
            let _ = brief::model::render("fuzz.toml", source.as_bytes(), &diags);
        }
        Err(brief::BuildError::Pdf(e)) => panic!("pdf writer failed: {e}"),
    }
});
