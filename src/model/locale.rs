//! Language-dependent words and formats: dates, the embargo line, numbers,
//! the dateline, "Page N of M" and the fixed labels of a brief.
//!
//! Languages are picked by their primary subtag. English, French and
//! Spanish have full labels; Russian, German, Arabic, Chinese and Portuguese
//! have reasonable ones; every other language falls back to English (the
//! model warns about that when it reads the brief). Month names come from
//! chrono's locale data (Russian uses the genitive, "июня"), so the output
//! does not depend on the machine's locale.

use chrono::{DateTime, Datelike, FixedOffset, Locale, NaiveDate, Timelike};

use super::tree::Language;

/// A fixed word or phrase of the layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// The header band's label when the brief gives no `kind` ("Brief").
    DefaultKind,
    /// The contact block's heading when the brief gives none ("Media contacts").
    Contacts,
    /// Before the web address ("Web").
    Web,
    /// Before social media handles ("Follow").
    Follow,
    /// Before an e-mail address ("E-mail").
    Email,
    /// Before a telephone number ("Tel.").
    Phone,
    /// After a heading repeated on a new page ("continued").
    Continued,
    /// Heading of the key figures in an e-mailed summary ("Key figures").
    KeyFigures,
    /// Heading of the written-out links of a plain-text summary ("Links").
    Links,
    /// Before the recipient of a copy, in the header band ("Prepared for").
    PreparedFor,
    /// The alternative text of the contact block's QR code ("QR code"),
    /// before its address.
    QrCode,
    /// What a footnote mark's link leads to ("Footnote"), before its number.
    Footnote,
    /// What a footnote number's link leads back to ("Back to the footnote
    /// mark"), before its number.
    BackToMark,
}

/// The languages this module knows; everything else is English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    En,
    Fr,
    Es,
    Ru,
    De,
    Ar,
    Zh,
    Pt,
}

fn lang(language: &Language) -> Lang {
    match language.primary.as_str() {
        "fr" => Lang::Fr,
        "es" => Lang::Es,
        "ru" => Lang::Ru,
        "de" => Lang::De,
        "ar" => Lang::Ar,
        "zh" => Lang::Zh,
        "pt" => Lang::Pt,
        _ => Lang::En,
    }
}

/// The primary subtags of the languages with labels of their own.
pub const LANGUAGES: &[&str] = &["en", "fr", "es", "ru", "ar", "zh", "de", "pt"];

/// Whether the language has its own labels (otherwise English is used).
pub fn is_supported(language: &Language) -> bool {
    lang(language) != Lang::En || language.primary == "en"
}

/// A fixed label in the language.
pub fn label(lang_: &Language, key: Label) -> &'static str {
    use Label::*;
    match (lang(lang_), key) {
        (Lang::En, DefaultKind) => "Brief",
        (Lang::En, Contacts) => "Media contacts",
        (Lang::En, Web) => "Web",
        (Lang::En, Follow) => "Follow",
        (Lang::En, Email) => "E-mail",
        (Lang::En, Phone) => "Tel.",
        (Lang::En, Continued) => "continued",
        (Lang::En, KeyFigures) => "Key figures",
        (Lang::En, Links) => "Links",
        (Lang::En, PreparedFor) => "Prepared for",
        (Lang::En, QrCode) => "QR code",
        (Lang::En, Footnote) => "Footnote",
        (Lang::En, BackToMark) => "Back to the footnote mark",
        (Lang::Fr, DefaultKind) => "Note d’information",
        (Lang::Fr, Contacts) => "Contacts presse",
        (Lang::Fr, Web) => "Web",
        (Lang::Fr, Follow) => "Suivez-nous",
        (Lang::Fr, Email) => "Courriel",
        (Lang::Fr, Phone) => "Tél.",
        (Lang::Fr, Continued) => "suite",
        (Lang::Fr, KeyFigures) => "Chiffres clés",
        (Lang::Fr, Links) => "Liens",
        (Lang::Fr, PreparedFor) => "Établi pour",
        (Lang::Fr, QrCode) => "Code QR",
        (Lang::Fr, Footnote) => "Note",
        (Lang::Fr, BackToMark) => "Retour à l’appel de note",
        (Lang::Es, DefaultKind) => "Nota informativa",
        (Lang::Es, Contacts) => "Contactos de prensa",
        (Lang::Es, Web) => "Web",
        (Lang::Es, Follow) => "Síganos",
        (Lang::Es, Email) => "Correo electrónico",
        (Lang::Es, Phone) => "Tel.",
        (Lang::Es, Continued) => "continuación",
        (Lang::Es, KeyFigures) => "Cifras clave",
        (Lang::Es, Links) => "Enlaces",
        (Lang::Es, PreparedFor) => "Preparado para",
        (Lang::Es, QrCode) => "Código QR",
        (Lang::Es, Footnote) => "Nota",
        (Lang::Es, BackToMark) => "Volver a la llamada de nota",
        (Lang::Ru, DefaultKind) => "Информационная записка",
        (Lang::Ru, Contacts) => "Контакты для СМИ",
        (Lang::Ru, Web) => "Сайт",
        (Lang::Ru, Follow) => "Мы в соцсетях",
        (Lang::Ru, Email) => "Эл. почта",
        (Lang::Ru, Phone) => "Тел.",
        (Lang::Ru, Continued) => "продолжение",
        (Lang::Ru, KeyFigures) => "Ключевые цифры",
        (Lang::Ru, Links) => "Ссылки",
        (Lang::Ru, PreparedFor) => "Подготовлено для",
        (Lang::Ru, QrCode) => "QR-код",
        (Lang::Ru, Footnote) => "Примечание",
        (Lang::Ru, BackToMark) => "Назад к ссылке на примечание",
        (Lang::De, DefaultKind) => "Informationsblatt",
        (Lang::De, Contacts) => "Pressekontakte",
        (Lang::De, Web) => "Web",
        (Lang::De, Follow) => "Folgen Sie uns",
        (Lang::De, Email) => "E-Mail",
        (Lang::De, Phone) => "Tel.",
        (Lang::De, Continued) => "Fortsetzung",
        (Lang::De, KeyFigures) => "Zahlen und Fakten",
        (Lang::De, Links) => "Links",
        (Lang::De, PreparedFor) => "Erstellt für",
        (Lang::De, QrCode) => "QR-Code",
        (Lang::De, Footnote) => "Fußnote",
        (Lang::De, BackToMark) => "Zurück zum Fußnotenzeichen",
        (Lang::Ar, DefaultKind) => "موجز",
        (Lang::Ar, Contacts) => "جهات الاتصال الإعلامية",
        (Lang::Ar, Web) => "الموقع",
        (Lang::Ar, Follow) => "تابعونا",
        (Lang::Ar, Email) => "البريد الإلكتروني",
        (Lang::Ar, Phone) => "الهاتف",
        (Lang::Ar, Continued) => "تابع",
        (Lang::Ar, KeyFigures) => "أرقام رئيسية",
        (Lang::Ar, Links) => "روابط",
        (Lang::Ar, PreparedFor) => "أُعدّ من أجل",
        (Lang::Ar, QrCode) => "رمز الاستجابة السريعة",
        (Lang::Ar, Footnote) => "حاشية",
        (Lang::Ar, BackToMark) => "العودة إلى موضع الحاشية",
        (Lang::Zh, DefaultKind) => "简报",
        (Lang::Zh, Contacts) => "媒体联系人",
        (Lang::Zh, Web) => "网站",
        (Lang::Zh, Follow) => "关注",
        (Lang::Zh, Email) => "电子邮件",
        (Lang::Zh, Phone) => "电话",
        (Lang::Zh, Continued) => "续",
        (Lang::Zh, KeyFigures) => "关键数据",
        (Lang::Zh, Links) => "链接",
        (Lang::Zh, PreparedFor) => "呈送",
        (Lang::Zh, QrCode) => "二维码",
        (Lang::Zh, Footnote) => "注",
        (Lang::Zh, BackToMark) => "返回注释引用处",
        (Lang::Pt, DefaultKind) => "Nota informativa",
        (Lang::Pt, Contacts) => "Contactos de imprensa",
        (Lang::Pt, Web) => "Web",
        (Lang::Pt, Follow) => "Siga-nos",
        (Lang::Pt, Email) => "E-mail",
        (Lang::Pt, Phone) => "Tel.",
        (Lang::Pt, Continued) => "continuação",
        (Lang::Pt, KeyFigures) => "Números-chave",
        (Lang::Pt, Links) => "Ligações",
        (Lang::Pt, PreparedFor) => "Preparado para",
        (Lang::Pt, QrCode) => "Código QR",
        (Lang::Pt, Footnote) => "Nota",
        (Lang::Pt, BackToMark) => "Voltar à chamada de nota",
    }
}

fn chrono_locale(l: Lang) -> Locale {
    match l {
        Lang::En => Locale::en_GB,
        Lang::Fr => Locale::fr_FR,
        Lang::Es => Locale::es_ES,
        Lang::Ru => Locale::ru_RU,
        Lang::De => Locale::de_DE,
        Lang::Ar => Locale::ar_EG,
        Lang::Zh => Locale::zh_CN,
        Lang::Pt => Locale::pt_PT,
    }
}

/// The months as United Nations Arabic documents name them: the Syriac
/// name used in the Levant and Iraq, then the one used in Egypt and the
/// Maghreb ("حزيران/يونيه"), so that every reader knows the month.
const ARABIC_MONTHS: [&str; 12] = [
    "كانون الثاني/يناير",
    "شباط/فبراير",
    "آذار/مارس",
    "نيسان/أبريل",
    "أيار/مايو",
    "حزيران/يونيه",
    "تموز/يوليه",
    "آب/أغسطس",
    "أيلول/سبتمبر",
    "تشرين الأول/أكتوبر",
    "تشرين الثاني/نوفمبر",
    "كانون الأول/ديسمبر",
];

fn month(l: Lang, day: NaiveDate) -> String {
    if l == Lang::Ar {
        return ARABIC_MONTHS[day.month0() as usize].to_string();
    }
    day.format_localized("%B", chrono_locale(l)).to_string()
}

/// A day as written in running text: "30 June 2021", "30 juin 2021",
/// "30 de junio de 2021", "30 июня 2021 г.", "30. Juni 2021".
pub fn format_date(lang_: &Language, day: NaiveDate) -> String {
    let l = lang(lang_);
    let (d, m, y) = (day.day(), month(l, day), day.year());
    match l {
        Lang::En | Lang::Fr | Lang::Ar => format!("{d} {m} {y}"),
        Lang::Es | Lang::Pt => format!("{d} de {m} de {y}"),
        Lang::Ru => format!("{d} {m} {y}\u{a0}г."),
        Lang::De => format!("{d}. {m} {y}"),
        Lang::Zh => format!("{y}年{}月{d}日", day.month()),
    }
}

/// A UTC offset as "UTC−04:00" (with a real minus sign), "UTC+05:30", "UTC".
fn format_offset(offset: FixedOffset) -> String {
    let secs = offset.local_minus_utc();
    if secs == 0 {
        return "UTC".to_string();
    }
    let sign = if secs < 0 { '\u{2212}' } else { '+' };
    let minutes = secs.unsigned_abs() / 60;
    format!("UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The embargo line: "Embargoed until 30 June 2021, 12:00 (UTC−04:00)",
/// "Sous embargo jusqu’au 30 juin 2021, 12 h 00 (UTC−04:00)",
/// "Embargo hasta el 30 de junio de 2021, 12:00 (UTC−04:00)".
pub fn format_embargo(lang_: &Language, at: DateTime<FixedOffset>) -> String {
    let l = lang(lang_);
    let day = format_date(lang_, at.date_naive());
    let (h, m) = (at.hour(), at.minute());
    let zone = format_offset(*at.offset());
    match l {
        Lang::En => format!("Embargoed until {day}, {h:02}:{m:02} ({zone})"),
        Lang::Fr => format!("Sous embargo jusqu’au {day}, {h}\u{a0}h\u{a0}{m:02} ({zone})"),
        Lang::Es => format!("Embargo hasta el {day}, {h:02}:{m:02} ({zone})"),
        Lang::Pt => format!("Embargo até {day}, {h:02}:{m:02} ({zone})"),
        Lang::Ru => format!("Эмбарго до {day}, {h:02}:{m:02} ({zone})"),
        Lang::De => format!("Sperrfrist bis {day}, {h:02}:{m:02} Uhr ({zone})"),
        Lang::Ar => format!("محظور النشر حتى {day}، الساعة {h:02}:{m:02} ({zone})"),
        Lang::Zh => format!("禁止发布至{day} {h:02}:{m:02}（{zone}）"),
    }
}

/// The language's digit-group separator and decimal sign.
fn number_signs(lang_: &Language) -> (&'static str, &'static str) {
    match lang(lang_) {
        Lang::En | Lang::Ar | Lang::Zh => (",", "."),
        Lang::Fr => ("\u{202f}", ","),
        Lang::Es | Lang::De | Lang::Pt => (".", ","),
        Lang::Ru => ("\u{a0}", ","),
    }
}

/// The language's decimal sign ("." in English, "," in French): where the
/// numbers of a table column line up.
pub fn decimal_sign(lang_: &Language) -> char {
    if number_signs(lang_).1 == "," { ',' } else { '.' }
}

/// A number with the language's digit grouping and decimal sign, rounded
/// to `decimals` places: en "1,234.5", fr "1 234,5" (narrow no-break
/// space), es/de/pt "1.234,5", ru "1 234,5" (no-break space).
pub fn format_number(lang_: &Language, value: f64, decimals: usize) -> String {
    let (group, decimal) = number_signs(lang_);
    if !value.is_finite() {
        return value.to_string();
    }
    let digits = format!("{:.*}", decimals, value.abs());
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits.as_str(), None),
    };
    let mut out = String::new();
    if value < 0.0 && digits.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        out.push('\u{2212}');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push_str(group);
        }
        out.push(c);
    }
    if let Some(frac) = frac {
        out.push_str(decimal);
        out.push_str(frac);
    }
    out
}

/// The dateline: "New York, 30 June 2021", or just the date without a place.
pub fn dateline(lang_: &Language, place: Option<&str>, day: NaiveDate) -> String {
    let date = format_date(lang_, day);
    match (place, lang(lang_)) {
        (Some(p), Lang::Ar) => format!("{p}، {date}"),
        (Some(p), Lang::Zh) => format!("{p}，{date}"),
        (Some(p), _) => format!("{p}, {date}"),
        (None, _) => date,
    }
}

/// The comma between the parts of a credit or a contact ("name, role"):
/// "، " in Arabic, "，" in Chinese, ", " elsewhere.
pub fn comma(lang_: &Language) -> &'static str {
    match lang(lang_) {
        Lang::Ar => "، ",
        Lang::Zh => "，",
        _ => ", ",
    }
}

/// Parentheses: full-width in Chinese, "（" and "）".
pub fn parentheses(lang_: &Language) -> (&'static str, &'static str) {
    match lang(lang_) {
        Lang::Zh => ("（", "）"),
        _ => ("(", ")"),
    }
}

/// The dash before who said a quotation: "— " (an em dash and a space),
/// in Chinese "——" (a two-em dash, no space).
pub fn attribution_dash(lang_: &Language) -> &'static str {
    match lang(lang_) {
        Lang::Zh => "——",
        _ => "— ",
    }
}

/// The page number line: "Page 1 of 3", "Page 1 sur 3", "Página 1 de 3",
/// "Страница 1 из 3".
pub fn page_label(lang_: &Language, page: usize, pages: usize) -> String {
    match lang(lang_) {
        Lang::En => format!("Page {page} of {pages}"),
        Lang::Fr => format!("Page {page} sur {pages}"),
        Lang::Es | Lang::Pt => format!("Página {page} de {pages}"),
        Lang::Ru => format!("Страница {page} из {pages}"),
        Lang::De => format!("Seite {page} von {pages}"),
        Lang::Ar => format!("الصفحة {page} من {pages}"),
        Lang::Zh => format!("第{page}页，共{pages}页"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(tag: &str) -> Language {
        Language { tag: tag.to_string(), primary: tag.split('-').next().unwrap_or(tag).to_lowercase() }
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2021, 6, 30).unwrap_or_default()
    }

    #[test]
    fn dates() {
        assert_eq!(format_date(&l("en"), day()), "30 June 2021");
        assert_eq!(format_date(&l("fr-CH"), day()), "30 juin 2021");
        assert_eq!(format_date(&l("es"), day()), "30 de junio de 2021");
        assert_eq!(format_date(&l("ru"), day()), "30 июня 2021\u{a0}г.");
        assert_eq!(format_date(&l("de"), day()), "30. Juni 2021");
        assert_eq!(format_date(&l("zh-Hans"), day()), "2021年6月30日");
        assert_eq!(format_date(&l("ar"), day()), "30 حزيران/يونيه 2021");
        let dec = NaiveDate::from_ymd_opt(2021, 12, 1).unwrap_or_default();
        assert_eq!(format_date(&l("ar-EG"), dec), "1 كانون الأول/ديسمبر 2021");
        assert_eq!(format_date(&l("sw"), day()), "30 June 2021");
        let jan = NaiveDate::from_ymd_opt(2022, 1, 5).unwrap_or_default();
        assert_eq!(format_date(&l("ru"), jan), "5 января 2022\u{a0}г.");
    }

    #[test]
    fn embargo() {
        let at = DateTime::parse_from_rfc3339("2021-06-30T12:00:00-04:00");
        let at = at.unwrap_or_default();
        assert_eq!(format_embargo(&l("en"), at), "Embargoed until 30 June 2021, 12:00 (UTC−04:00)");
        assert_eq!(format_embargo(&l("fr"), at), "Sous embargo jusqu’au 30 juin 2021, 12\u{a0}h\u{a0}00 (UTC−04:00)");
        assert_eq!(format_embargo(&l("es"), at), "Embargo hasta el 30 de junio de 2021, 12:00 (UTC−04:00)");
        let utc = DateTime::parse_from_rfc3339("2021-06-30T09:05:00Z").unwrap_or_default();
        assert_eq!(format_embargo(&l("en"), utc), "Embargoed until 30 June 2021, 09:05 (UTC)");
    }

    #[test]
    fn numbers() {
        assert_eq!(format_number(&l("en"), 1000.0, 0), "1,000");
        assert_eq!(format_number(&l("en"), 1234567.891, 2), "1,234,567.89");
        assert_eq!(format_number(&l("en"), 147.0, 0), "147");
        assert_eq!(format_number(&l("fr"), 1000.0, 0), "1\u{202f}000");
        assert_eq!(format_number(&l("fr"), 2.5, 1), "2,5");
        assert_eq!(format_number(&l("es"), 1000.0, 0), "1.000");
        assert_eq!(format_number(&l("de"), 12345.25, 2), "12.345,25");
        assert_eq!(format_number(&l("ru"), 1000.0, 0), "1\u{a0}000");
        assert_eq!(format_number(&l("en"), -1500.0, 0), "\u{2212}1,500");
        assert_eq!(format_number(&l("en"), -0.0, 0), "0");
        assert_eq!(format_number(&l("en"), 999.0, 0), "999");
    }

    #[test]
    fn pages_and_datelines() {
        assert_eq!(page_label(&l("en"), 1, 3), "Page 1 of 3");
        assert_eq!(page_label(&l("fr"), 1, 3), "Page 1 sur 3");
        assert_eq!(page_label(&l("es"), 1, 3), "Página 1 de 3");
        assert_eq!(page_label(&l("ru"), 1, 3), "Страница 1 из 3");
        assert_eq!(page_label(&l("ar"), 1, 3), "الصفحة 1 من 3");
        assert_eq!(page_label(&l("zh"), 1, 3), "第1页，共3页");
        assert_eq!(dateline(&l("ar"), Some("نيويورك"), day()), "نيويورك، 30 حزيران/يونيه 2021");
        assert_eq!(dateline(&l("en"), Some("New York"), day()), "New York, 30 June 2021");
        assert_eq!(dateline(&l("fr"), None, day()), "30 juin 2021");
    }

    #[test]
    fn labels() {
        assert_eq!(label(&l("en"), Label::DefaultKind), "Brief");
        assert_eq!(label(&l("fr"), Label::DefaultKind), "Note d’information");
        assert_eq!(label(&l("es"), Label::DefaultKind), "Nota informativa");
        assert_eq!(label(&l("en"), Label::Contacts), "Media contacts");
        assert_eq!(label(&l("en"), Label::Phone), "Tel.");
        assert_eq!(label(&l("en"), Label::PreparedFor), "Prepared for");
        assert_eq!(label(&l("fr-CA"), Label::PreparedFor), "Établi pour");
        assert_eq!(label(&l("es"), Label::PreparedFor), "Preparado para");
        assert!(is_supported(&l("fr")));
        assert!(!is_supported(&l("sw")));
    }
}
