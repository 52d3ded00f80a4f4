//! The brief format as a JSON Schema, for editors: taplo and Even Better
//! TOML read it from a `#:schema` comment and then complete keys, show
//! their documentation and flag mistakes as the user types.
//!
//! The types here describe the file as written (TOML tables and arrays of
//! tables), not the validated [`Brief`](super::Brief): they exist only to
//! derive the schema. The validator (`validate.rs`) stays the authority and
//! says more than a schema can (character coverage, Markdown, logo
//! contents); a test checks that every example brief satisfies the schema
//! and that the schema knows exactly the keys the validator knows.

// The types are only described, never built.
#![allow(dead_code)]

use schemars::JsonSchema;
use serde::Serialize;

use super::validate::{keys, limits};

/// A brief: a press release, fact sheet or briefing note, rendered to PDF
/// by `brief build`.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "brief")]
struct BriefFile {
    /// The header: title, date, issuing body, document symbol, dateline.
    brief: Header,
    /// The press event a media advisory announces: set on page one, and
    /// written as a calendar file by `brief build --ics`.
    event: Option<Event>,
    /// Key figures, shown as tiles under the lede.
    #[schemars(length(max = limits::FIGURES))]
    figure: Option<Vec<Figure>>,
    /// Body sections, in order.
    #[schemars(length(max = limits::SECTIONS))]
    section: Option<Vec<Section>>,
    /// Pull quotes.
    #[schemars(length(max = limits::QUOTES))]
    quote: Option<Vec<Quote>>,
    /// The contact block at the end.
    contact: Option<Contact>,
    /// Paper and look.
    style: Option<Style>,
    /// The e-mail of `brief build --eml` and `brief send`.
    email: Option<Email>,
    /// The house file: a path (relative to the brief), or `false` for
    /// none. Default: the `house.toml` beside the brief or nearest above.
    house: Option<HouseChoice>,
}

/// A brief's house file.
#[derive(Serialize, JsonSchema)]
#[serde(untagged)]
enum HouseChoice {
    /// The path of the house file, relative to the brief.
    Path(#[schemars(length(min = 1))] String),
    /// `false`: no house file.
    None(#[schemars(extend("const" = false))] bool),
}

/// The `[brief]` table.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Header {
    /// The headline.
    #[schemars(length(min = 1, max = limits::LINE_CHARS))]
    title: String,
    /// The issue date: `2021-06-30`, or with a time and offset.
    #[schemars(extend("format" = "date"))]
    date: String,
    /// The label of the header band ("Press release"); the language's
    /// default when absent.
    kind: Option<String>,
    /// The issuing body; also the PDF's author.
    organization: Option<String>,
    /// The document symbol ("UNOCT/PR/2021/30").
    symbol: Option<String>,
    /// A line under the title.
    subtitle: Option<String>,
    /// The place of the dateline ("New York").
    place: Option<String>,
    /// A BCP 47 language tag: labels, date and number formats,
    /// hyphenation. Default `en`.
    #[schemars(regex(pattern = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"))]
    language: Option<String>,
    /// A notice line ("For information media – not an official record").
    notice: Option<String>,
    /// Embargoed until this moment: a date-time with its UTC offset.
    #[schemars(extend("format" = "date-time"))]
    embargo: Option<String>,
    /// The lede under the title (Markdown).
    summary: Option<String>,
    /// A PNG, JPEG or SVG file, relative to the brief, or a table with
    /// the file and its description.
    logo: Option<Logo>,
    /// What the logo shows, for screen readers ("United Nations emblem").
    logo_alt: Option<String>,
}

/// The logo: a path, or the path with its description.
#[derive(Serialize, JsonSchema)]
#[serde(untagged)]
enum Logo {
    /// A PNG, JPEG or SVG file, relative to the brief.
    File(String),
    /// The file and what it shows.
    Described {
        /// A PNG, JPEG or SVG file, relative to the brief.
        file: String,
        /// What the logo shows, for screen readers.
        alt: Option<String>,
    },
}

/// The `[event]` table: a press conference or briefing. Its name is the
/// brief's title.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Event {
    /// When it starts: a date-time with its UTC offset
    /// (`2021-06-30T10:00:00-04:00`).
    #[schemars(extend("format" = "date-time"))]
    start: String,
    /// When it ends, after `start`: a date-time with its UTC offset.
    #[schemars(extend("format" = "date-time"))]
    end: Option<String>,
    /// The IANA time zone of its times ("America/New_York",
    /// "Europe/Zurich" for Geneva): named in the times, and the offsets of
    /// `start` and `end` are checked against it.
    timezone: Option<String>,
    /// The room or building ("Press Briefing Room (S-237)").
    venue: Option<String>,
    /// The street address.
    address: Option<String>,
    /// The webcast's address.
    #[schemars(regex(pattern = r"^[Hh][Tt][Tt][Pp][Ss]?://\S+$"))]
    online: Option<String>,
    /// Who may attend and how (Markdown).
    accreditation: Option<String>,
}

/// A `[[figure]]`: one key figure.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Figure {
    /// The number (formatted for the language) or a text ("2.6 billion").
    value: FigureValue,
    /// What the value counts.
    label: String,
    /// Small text before the value ("almost").
    prefix: Option<String>,
    /// Unit after the value ("%").
    suffix: Option<String>,
    /// Small line under the label.
    note: Option<String>,
}

/// A figure's value.
#[derive(Serialize, JsonSchema)]
#[serde(untagged)]
enum FigureValue {
    /// A whole number.
    Integer(i64),
    /// A decimal number.
    Float(f64),
    /// Text, shown as written.
    Text(String),
}

/// A `[[section]]` of the body.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Section {
    /// An optional heading.
    heading: Option<String>,
    /// Markdown: paragraphs, **bold**, *italic*, [links](https://…), bullet
    /// and numbered lists.
    #[schemars(length(min = 1))]
    text: String,
}

/// A `[[quote]]`: a pull quote.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Quote {
    /// The quoted words (Markdown).
    text: String,
    /// Who said it.
    by: Option<String>,
    /// Their role.
    role: Option<String>,
    /// Set after this section (1-based; 0 is before the first). Default:
    /// spread through the body in order.
    #[schemars(range(min = 0))]
    after: Option<u32>,
}

/// The `[contact]` table.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Contact {
    /// Its heading; the language's default ("Media contacts") when absent.
    heading: Option<String>,
    /// A web address, also printed as a QR code.
    #[schemars(regex(pattern = r"^[Hh][Tt][Tt][Pp][Ss]?://\S+$"))]
    web: Option<String>,
    /// Social media handles and hashtags.
    social: Option<Vec<String>>,
    /// People to contact.
    #[schemars(length(max = limits::PERSONS))]
    person: Option<Vec<Person>>,
}

/// A `[[contact.person]]`.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Person {
    /// Name ("Ms. Laurence Gerard").
    name: String,
    /// Role or office.
    role: Option<String>,
    /// E-mail address.
    email: Option<String>,
    /// Telephone number.
    phone: Option<String>,
}

/// The `[style]` table.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Style {
    /// Paper size: `A4`, `Letter`, `A5` or `Legal`, in any case.
    #[schemars(regex(pattern = r"^([Aa][45]|[Ll][Ee][Tt][Tt][Ee][Rr]|[Ll][Ee][Gg][Aa][Ll])$"))]
    page: Option<String>,
    /// Band and highlight colour, `#RRGGBB` or `#RGB`.
    #[schemars(regex(pattern = r"^#([0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})$"))]
    accent: Option<String>,
    /// The type family: a bundled one, or your own font files.
    font: Option<FontChoice>,
    /// A QR code of `contact.web` beside the contacts (default true).
    qr: Option<bool>,
    /// The standards the PDF claims: `"pdf/a-2a+ua-1"` (the default) or
    /// `"none"`. The PDF is tagged and archival either way.
    standard: Option<Standard>,
}

/// What a brief's PDF claims to meet.
#[derive(Serialize, JsonSchema)]
#[allow(dead_code)]
enum Standard {
    /// PDF/A-2a and PDF/UA-1, claimed in the metadata.
    #[serde(rename = "pdf/a-2a+ua-1")]
    Claimed,
    /// No claim.
    #[serde(rename = "none")]
    None,
}

/// The `[email]` table. Each address is `name@domain` or
/// `Name <name@domain>`.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Email {
    /// The sender (one address); needed for an e-mail.
    from: Option<String>,
    /// The addressees.
    to: Option<Addresses>,
    /// Copies.
    cc: Option<Addresses>,
    /// Blind copies.
    bcc: Option<Addresses>,
    /// The subject; default: the title.
    subject: Option<String>,
    /// Where replies go.
    reply_to: Option<Addresses>,
}

/// One address or a list of them.
#[derive(Serialize, JsonSchema)]
#[serde(untagged)]
enum Addresses {
    /// One address.
    One(String),
    /// Several.
    Many(#[schemars(length(max = limits::ADDRESSES))] Vec<String>),
}

/// The type family.
#[derive(Serialize, JsonSchema)]
#[serde(untagged)]
enum FontChoice {
    /// A bundled family: `sans` or `serif`, in any case.
    Bundled(#[schemars(regex(pattern = r"^([Ss][Aa][Nn][Ss]|[Ss][Ee][Rr][Ii][Ff])$"))] String),
    /// Your own TrueType or OpenType files.
    Files(Font),
}

/// The `[style.font]` table: a TrueType or OpenType file for each style,
/// relative to the brief; what a style lacks is set in the nearest one
/// given.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Font {
    /// Upright, normal weight.
    regular: String,
    /// Bold (the title, headings, figures).
    bold: Option<String>,
    /// Italic (quotes, emphasis).
    italic: Option<String>,
    /// Bold italic.
    bold_italic: Option<String>,
}

/// The JSON Schema of the brief format (draft 2020-12).
pub fn schema() -> serde_json::Value {
    let mut schema = schemars::schema_for!(BriefFile).to_value();
    drop_null(&mut schema);
    schema
}

/// The keys whose value is a table (or array of tables) of the format
/// itself; any other value of a house file may be given per language.
const TABLE_KEYS: &[&str] = &[
    "brief",
    "figure",
    "section",
    "quote",
    "contact",
    "style",
    "email",
    "event",
    "boilerplate",
    "logo",
    "font",
    "person",
];

/// The JSON Schema of a house file, made from the brief's: nothing is
/// required of the tables a brief merges key by key, any value may be
/// given per language (a table keyed by language tag), `house` is
/// gone and `end_mark` and `[[boilerplate]]` are there.
pub fn house_schema() -> serde_json::Value {
    use serde_json::{Value, json};
    let mut schema = schema();
    let Value::Object(root) = &mut schema else { return schema };
    root.insert("title".into(), json!("brief house file"));
    root.insert(
        "description".into(),
        json!("What every brief of an office shares: a brief's own values win, key by key; see docs/house.md."),
    );
    root.remove("required");
    // Entries of arrays stay complete: an array is replaced whole.
    if let Some(Value::Object(defs)) = root.get_mut("$defs") {
        for name in ["Header", "Contact", "Style", "Email", "Font"] {
            if let Some(Value::Object(def)) = defs.get_mut(name) {
                def.remove("required");
            }
        }
    }
    let section = json!({ "$ref": "#/$defs/Section" });
    if let Some(Value::Object(properties)) = root.get_mut("properties") {
        properties.remove("house");
        properties.insert(
            "end_mark".into(),
            json!({
                "description": "Printed after the body (\"* *** *\", \"###\", \"-ENDS-\"); `false` for none.",
                "anyOf": [{ "type": "string", "minLength": 1 }, { "const": false }]
            }),
        );
        properties.insert(
            "boilerplate".into(),
            json!({
                "description": "Sections set at the end of every brief (\"About the Office\", \"Note to editors\").",
                "type": "array",
                "items": section
            }),
        );
    }
    by_language(&mut schema);
    schema
}

/// Lets every value of the format's tables (not a table of the format)
/// be given per language instead: `{ en = …, fr = … }`.
fn by_language(value: &mut serde_json::Value) {
    use serde_json::{Value, json};
    let Value::Object(map) = value else {
        if let Value::Array(items) = value {
            items.iter_mut().for_each(by_language);
        }
        return;
    };
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        for (key, property) in properties.iter_mut() {
            if TABLE_KEYS.contains(&key.as_str()) {
                continue;
            }
            let one = property.take();
            *property = json!({
                "anyOf": [
                    one.clone(),
                    {
                        "type": "object",
                        "description": "The value per language, by BCP 47 tag (`en`, `fr`, `es`, `ru`, `ar`, `zh`); a brief takes its language's.",
                        "propertyNames": { "pattern": r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$" },
                        "additionalProperties": one
                    }
                ]
            });
        }
    }
    for (key, inner) in map.iter_mut() {
        if key != "properties" {
            by_language(inner);
        }
    }
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        for (key, property) in properties.iter_mut() {
            if TABLE_KEYS.contains(&key.as_str()) {
                by_language(property);
            }
        }
    }
}

/// TOML has no null: an optional key is absent, never null. schemars
/// writes `Option<T>` as "T or null"; this leaves "T" (the key stays out
/// of `required`).
fn drop_null(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    map.insert("type".into(), only);
                }
            }
            for key in ["anyOf", "oneOf"] {
                if let Some(Value::Array(options)) = map.get_mut(key) {
                    options.retain(|o| o.get("type").is_none_or(|t| t != "null"));
                    if options.len() == 1 {
                        let only = options.remove(0);
                        map.remove(key);
                        if let Value::Object(inner) = only {
                            map.extend(inner);
                        }
                    }
                }
            }
            map.values_mut().for_each(drop_null);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_null),
        _ => {}
    }
}

/// The keys the schema knows, per table, for the test that keeps it in
/// step with the validator.
pub fn known_keys() -> Vec<(&'static str, &'static [&'static str])> {
    vec![
        ("(top)", keys::TOP),
        ("brief", keys::BRIEF),
        ("figure", keys::FIGURE),
        ("section", keys::SECTION),
        ("quote", keys::QUOTE),
        ("contact", keys::CONTACT),
        ("person", keys::PERSON),
        ("style", keys::STYLE),
        ("font", keys::FONT),
        ("email", keys::EMAIL),
        ("event", keys::EVENT),
    ]
}
