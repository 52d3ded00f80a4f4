//! The languages brief hyphenates, by primary BCP 47 subtag, and the
//! `hyphenation` crate's pattern set for each. Read by the text stage and by
//! `build.rs`, which prepares these pattern sets for fast loading.

use hyphenation::Language;

/// Primary subtag → pattern set.
pub const PATTERN_LANGUAGES: &[(&str, Language)] = &[
    ("en", Language::EnglishUS),
    ("fr", Language::French),
    ("es", Language::Spanish),
    ("ru", Language::Russian),
    ("de", Language::German1996),
    ("it", Language::Italian),
    ("pt", Language::Portuguese),
    ("nl", Language::Dutch),
    ("pl", Language::Polish),
    ("sv", Language::Swedish),
    ("da", Language::Danish),
    ("nb", Language::NorwegianBokmal),
    ("no", Language::NorwegianBokmal),
    ("fi", Language::Finnish),
    ("cs", Language::Czech),
    ("sk", Language::Slovak),
    ("uk", Language::Ukrainian),
    ("tr", Language::Turkish),
    ("ca", Language::Catalan),
    ("hu", Language::Hungarian),
    ("ro", Language::Romanian),
    ("hr", Language::Croatian),
    ("sl", Language::Slovenian),
    ("bg", Language::Bulgarian),
    ("el", Language::GreekMono),
    ("id", Language::Indonesian),
];
