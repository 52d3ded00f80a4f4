//! Which language a run of text is in, as far as its script tells: a
//! tagged PDF names the language of every span whose script is not the
//! document's (a Chinese name in a French brief), so that a screen reader
//! switches voice.

/// The scripts a brief's text is written in, each with the language a
/// span in it is read in when the brief does not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Arabic,
    Cyrillic,
    Greek,
    Han,
}

impl Script {
    /// The language read for a span of this script inside a document in
    /// another script: the official UN language written in it (English
    /// for Latin).
    fn language(self) -> &'static str {
        match self {
            Script::Latin => "en",
            Script::Arabic => "ar",
            Script::Cyrillic => "ru",
            Script::Greek => "el",
            Script::Han => "zh",
        }
    }

    /// The script of a letter; `None` for digits, punctuation, symbols
    /// and spaces, which belong to the text around them.
    fn of(c: char) -> Option<Script> {
        if !c.is_alphabetic() {
            return None;
        }
        Some(match c as u32 {
            0x0370..=0x03FF | 0x1F00..=0x1FFF => Script::Greek,
            0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrillic,
            0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => Script::Arabic,
            _ if super::segment::is_cjk(c) => Script::Han,
            _ => Script::Latin,
        })
    }

    /// The script a language is written in (by its primary subtag).
    fn of_language(primary: &str) -> Script {
        match primary {
            "ar" | "fa" | "ur" | "ps" | "ku" | "sd" | "ug" => Script::Arabic,
            "ru" | "uk" | "be" | "bg" | "mk" | "sr" | "kk" | "ky" | "tg" | "mn" => Script::Cyrillic,
            "el" => Script::Greek,
            "zh" | "ja" | "yue" => Script::Han,
            _ => Script::Latin,
        }
    }
}

/// The language of `text` when its script (that of its first letter)
/// differs from that of the document's language `primary`; `None` when
/// the text is in the document's script or has no letters at all
/// (numbers, punctuation), and so is read in the document's language.
pub fn span_language(primary: &str, text: impl IntoIterator<Item = char>) -> Option<&'static str> {
    let script = text.into_iter().find_map(Script::of)?;
    (script != Script::of_language(primary)).then(|| script.language())
}

#[cfg(test)]
mod tests {
    use super::span_language;

    #[test]
    fn a_span_in_another_script_is_in_that_scripts_language() {
        assert_eq!(span_language("fr", "和平".chars()), Some("zh"));
        assert_eq!(span_language("fr", "سلام".chars()), Some("ar"));
        assert_eq!(span_language("fr", "Москва".chars()), Some("ru"));
        assert_eq!(span_language("en", "Ελλάδα".chars()), Some("el"));
        assert_eq!(span_language("ar", "UNOCT".chars()), Some("en"));
        assert_eq!(span_language("zh", "1,000 UNOCT".chars()), Some("en"));
    }

    #[test]
    fn a_span_in_the_documents_script_or_without_letters_has_none() {
        assert_eq!(span_language("fr", "Genève".chars()), None);
        assert_eq!(span_language("uk", "Київ".chars()), None);
        assert_eq!(span_language("ar", "1,000 – 2021".chars()), None);
        assert_eq!(span_language("zh", "近".chars()), None);
        assert_eq!(span_language("es", "".chars()), None);
    }
}
