//! The JSON Schema of `brief schema`: every example brief satisfies it,
//! typical mistakes do not, and it knows exactly the validator's keys.

use serde_json::Value;

use crate::common::{example_briefs, root};

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
    let validator = jsonschema::validator_for(&schema()).expect("a valid JSON Schema");
    let examples = example_briefs();
    assert!(examples.len() >= 4);
    for path in &examples {
        let instance = brief_json(&std::fs::read_to_string(path).expect("read"));
        let errors: Vec<String> = validator.iter_errors(&instance).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
    let good = std::fs::read_to_string(crate::common::whole_press_release()).expect("read");
    // The brief's own fonts, as a table.
    for (font, table) in [
        ("", "\n[style.font]\nregular = \"r.ttf\"\n"),
        ("font = { regular = \"r.otf\", bold_italic = \"bi.otf\" }", ""),
    ] {
        let own = format!("{}{table}", good.replacen("font = \"sans\"", font, 1));
        let errors: Vec<String> = validator.iter_errors(&brief_json(&own)).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{font}{table}: {errors:?}");
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
        assert!(validator.is_valid(&brief_json(&other)), "{what}: the schema refuses it");
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
        assert!(!validator.is_valid(&brief_json(&bad)), "{mistake}: the schema accepts it");
    }
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
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let mut houses = 0;
    for office in std::fs::read_dir(root().join("briefs")).expect("briefs/") {
        let house = office.expect("entry").path().join("house.toml");
        if house.is_file() {
            houses += 1;
            let instance = brief_json(&std::fs::read_to_string(&house).expect("read"));
            let errors: Vec<String> = validator.iter_errors(&instance).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{}: {errors:?}", house.display());
        }
    }
    assert!(houses >= 3, "{houses} house files");
    let good = "end_mark = false\n[brief]\nkind = { en = \"Press release\", fr = \"Communiqué\" }\n[[contact.person]]\nname.en = \"A\"\nname.fr = \"B\"\n[style]\naccent = \"#fff\"\n";
    assert!(
        validator.is_valid(&brief_json(good)),
        "{:?}",
        validator.iter_errors(&brief_json(good)).map(|e| e.to_string()).collect::<Vec<_>>()
    );
    for (mistake, bad) in [
        ("unknown key", "[brief]\ntitel = \"x\"\n"),
        ("a house naming a house", "house = \"other.toml\"\n"),
        ("an end mark that is true", "end_mark = true\n"),
        ("a colour name per language", "[style]\naccent = { en = \"blue\" }\n"),
        ("a language key that is no tag", "[brief]\nkind = { \"english language\" = \"Press release\" }\n"),
        ("a person without a name", "[[contact.person]]\nemail = \"a@un.org\"\n"),
    ] {
        assert!(!validator.is_valid(&brief_json(bad)), "{mistake}: the schema accepts it");
    }
    // A brief's schema knows `house`, and not what only a house holds.
    let brief = jsonschema::validator_for(&self::schema()).expect("schema");
    let with = |extra: &str| brief_json(&format!("{extra}\n[brief]\ntitle = \"T\"\ndate = 2021-06-30\n"));
    assert!(brief.is_valid(&with("house = false")) && brief.is_valid(&with("house = \"../house.toml\"")));
    assert!(!brief.is_valid(&with("house = true")) && !brief.is_valid(&with("end_mark = \"###\"")));
}
