//! The JSON Schema of `brief schema`: every example brief satisfies it,
//! typical mistakes do not, and it knows exactly the validator's keys.
//!
//! The validator is Python's `jsonschema` (`tests/schema/validate.py`),
//! the specification's reference implementation, which `.ci/run` installs;
//! where it is missing the two validating tests say so and pass, unless
//! `BRIEF_SCHEMA=all` (as in CI) makes that a failure. A Rust validator
//! and the crates it brought were a tenth of what a first `cargo test`
//! compiled (docs/architecture.md, "What the tests cost").

use serde_json::Value;

use crate::common::{example_briefs, root};

/// The errors of each instance against `schema`, from one run of the
/// validator; `None` when the validator is not installed.
fn validate(schema: &Value, instances: &[Value]) -> Option<Vec<Vec<String>>> {
    use std::io::Write;
    let require = std::env::var("BRIEF_SCHEMA").is_ok_and(|v| v == "all");
    let installed = std::process::Command::new("python3")
        .args(["-c", "import jsonschema"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !installed {
        assert!(!require, "BRIEF_SCHEMA=all, but Python's jsonschema is not installed");
        eprintln!("schema: Python's jsonschema is not installed (pip install jsonschema); not validated");
        return None;
    }
    let mut child = std::process::Command::new("python3")
        .arg(root().join("tests/schema/validate.py"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs");
    let job = serde_json::json!({ "schema": schema, "instances": instances });
    child.stdin.take().expect("stdin").write_all(job.to_string().as_bytes()).expect("write the job");
    let out = child.wait_with_output().expect("the validator ends");
    assert!(out.status.success(), "validate.py: {}", String::from_utf8_lossy(&out.stderr));
    let errors: Vec<Vec<String>> = serde_json::from_slice(&out.stdout).expect("the validator's JSON");
    assert_eq!(errors.len(), instances.len());
    Some(errors)
}

/// Cases for one schema: each an instance, what it is, and whether the
/// schema must accept it; checked in one run of the validator.
#[derive(Default)]
struct Cases(Vec<(String, Value, bool)>);

impl Cases {
    fn accept(&mut self, what: impl Into<String>, instance: Value) {
        self.0.push((what.into(), instance, true));
    }

    fn refuse(&mut self, what: impl Into<String>, instance: Value) {
        self.0.push((what.into(), instance, false));
    }

    fn check(self, schema: &Value) {
        let instances: Vec<Value> = self.0.iter().map(|(_, v, _)| v.clone()).collect();
        let Some(errors) = validate(schema, &instances) else { return };
        for ((what, _, valid), errors) in self.0.iter().zip(errors) {
            if *valid {
                assert!(errors.is_empty(), "{what}: the schema refuses it: {errors:?}");
            } else {
                assert!(!errors.is_empty(), "{what}: the schema accepts it");
            }
        }
    }
}

fn schema() -> Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_brief")).arg("schema").output().expect("runs");
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).expect("the schema is JSON")
}

/// TOML as the JSON editors validate: dates and times become strings.
fn json(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => Value::from(*f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(json).collect()),
        toml::Value::Table(t) => Value::Object(t.iter().map(|(k, v)| (k.clone(), json(v))).collect()),
    }
}

fn brief_json(source: &str) -> Value {
    json(&toml::Value::Table(source.parse::<toml::Table>().expect("TOML")))
}

#[test]
fn every_example_brief_satisfies_the_schema_and_mistakes_do_not() {
    let mut cases = Cases::default();
    let examples = example_briefs();
    assert!(examples.len() >= 4);
    for path in &examples {
        cases.accept(path.display().to_string(), brief_json(&std::fs::read_to_string(path).expect("read")));
    }
    let good = std::fs::read_to_string(crate::common::whole_press_release()).expect("read");
    // The brief's own fonts, as a table.
    for (font, table) in [
        ("", "\n[style.font]\nregular = \"r.ttf\"\n"),
        ("font = { regular = \"r.otf\", bold_italic = \"bi.otf\" }", ""),
    ] {
        let own = format!("{}{table}", good.replacen("font = \"sans\"", font, 1));
        cases.accept(format!("{font}{table}"), brief_json(&own));
    }
    // What `brief check` accepts, the schema accepts: short colours, any
    // case of page sizes and family names.
    for (what, from, to) in [
        ("#RGB colour", "accent = \"#009EDB\"", "accent = \"#fff\""),
        ("lowercase page", "page = \"A4\"", "page = \"letter\""),
        ("capitalised family", "font = \"sans\"", "font = \"Serif\""),
    ] {
        let other = good.replacen(from, to, 1);
        assert_ne!(other, good, "{what}: the replacement applies");
        let brief = brief::parse(other.as_bytes(), &crate::common::Dir(root().join("tests/good")));
        assert!(brief.is_ok(), "{what}: brief check accepts it");
        cases.accept(what, brief_json(&other));
    }
    for (mistake, from, to) in [
        ("unknown key", "title = ", "titel = "),
        ("quoted boolean", "font = \"sans\"", "font = \"sans\"\nqr = \"no\""),
        ("colour name", "accent = \"#009EDB\"", "accent = \"blue\""),
        ("page size", "page = \"A4\"", "page = \"A3\""),
        ("unknown style key", "page = \"A4\"", "paper = \"A4\""),
        ("figure without label", "label = \"participants over three days\"", "note = \"x\""),
        ("web without scheme", "web = \"https://", "web = \""),
        ("font files without regular", "font = \"sans\"", "font = { bold = \"b.ttf\" }"),
        ("unknown font style", "font = \"sans\"", "font = { regular = \"r.ttf\", heavy = \"h.ttf\" }"),
        ("font path as a family", "font = \"sans\"", "font = [\"r.ttf\"]"),
    ] {
        let bad = good.replacen(from, to, 1);
        assert_ne!(bad, good, "{mistake}: the replacement applies");
        cases.refuse(mistake, brief_json(&bad));
    }
    cases.check(&schema());
}

#[test]
fn the_schema_knows_exactly_the_validators_keys() {
    let schema = schema();
    let defs = &schema["$defs"];
    for (table, keys) in brief::model::schema::known_keys() {
        let properties = match table {
            "(top)" => &schema["properties"],
            "brief" => &defs["Header"]["properties"],
            other => {
                let name = format!("{}{}", other[..1].to_uppercase(), &other[1..]);
                &defs[name.as_str()]["properties"]
            }
        };
        let mut found: Vec<&str> = properties.as_object().expect(table).keys().map(String::as_str).collect();
        let mut expected: Vec<&str> = keys.to_vec();
        found.sort_unstable();
        expected.sort_unstable();
        assert_eq!(found, expected, "[{table}]");
    }
}

/// `brief schema --house`: every office's house file satisfies it, and
/// so does what a house may hold that a brief may not; mistakes do not.
#[test]
fn every_house_file_satisfies_the_house_schema_and_mistakes_do_not() {
    let out =
        std::process::Command::new(env!("CARGO_BIN_EXE_brief")).args(["schema", "--house"]).output().expect("runs");
    assert!(out.status.success());
    let schema: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let mut cases = Cases::default();
    let mut houses = 0;
    for office in std::fs::read_dir(root().join("briefs")).expect("briefs/") {
        let house = office.expect("entry").path().join("house.toml");
        if house.is_file() {
            houses += 1;
            cases.accept(house.display().to_string(), brief_json(&std::fs::read_to_string(&house).expect("read")));
        }
    }
    assert!(houses >= 3, "{houses} house files");
    let good = "end_mark = false\n[brief]\nkind = { en = \"Press release\", fr = \"Communiqué\" }\n[[contact.person]]\nname.en = \"A\"\nname.fr = \"B\"\n[style]\naccent = \"#fff\"\n";
    cases.accept("what a house may hold", brief_json(good));
    for (mistake, bad) in [
        ("unknown key", "[brief]\ntitel = \"x\"\n"),
        ("a house naming a house", "house = \"other.toml\"\n"),
        ("an end mark that is true", "end_mark = true\n"),
        ("a colour name per language", "[style]\naccent = { en = \"blue\" }\n"),
        ("a language key that is no tag", "[brief]\nkind = { \"english language\" = \"Press release\" }\n"),
        ("a person without a name", "[[contact.person]]\nemail = \"a@un.org\"\n"),
    ] {
        cases.refuse(mistake, brief_json(bad));
    }
    cases.check(&schema);
    // A brief's schema knows `house`, and not what only a house holds.
    let mut brief = Cases::default();
    let with = |extra: &str| brief_json(&format!("{extra}\n[brief]\ntitle = \"T\"\ndate = 2021-06-30\n"));
    brief.accept("house = false", with("house = false"));
    brief.accept("a house named", with("house = \"../house.toml\""));
    brief.refuse("house = true", with("house = true"));
    brief.refuse("an end mark in a brief", with("end_mark = \"###\""));
    brief.check(&self::schema());
}
