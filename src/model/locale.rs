//! Language-dependent words and formats: dates, the embargo line, an
//! event's date and time with its time zone named, numbers, the dateline,
//! "Page N of M" and the fixed labels of a brief.
//!
//! Languages are picked by their primary subtag. English, French and
//! Spanish have full labels; Russian, German, Arabic, Chinese and Portuguese
//! have reasonable ones; every other language falls back to English (the
//! model warns about that when it reads the brief). Month names come from
//! chrono's locale data (Russian uses the genitive, "июня"), so the output
//! does not depend on the machine's locale.

use chrono::{DateTime, Datelike, FixedOffset, Locale, NaiveDate, NaiveTime, Timelike};

use super::tree::{Event, Language, Zone};

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
    /// Before an event's date and time ("When").
    When,
    /// Before an event's venue and address ("Where").
    Where,
    /// Before an event's webcast address ("Webcast").
    Webcast,
    /// Before who may attend an event and how ("Accreditation").
    Accreditation,
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
        (Lang::En, When) => "When",
        (Lang::En, Where) => "Where",
        (Lang::En, Webcast) => "Webcast",
        (Lang::En, Accreditation) => "Accreditation",
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
        (Lang::Fr, When) => "Quand",
        (Lang::Fr, Where) => "Où",
        (Lang::Fr, Webcast) => "Retransmission",
        (Lang::Fr, Accreditation) => "Accréditation",
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
        (Lang::Es, When) => "Cuándo",
        (Lang::Es, Where) => "Dónde",
        (Lang::Es, Webcast) => "Transmisión web",
        (Lang::Es, Accreditation) => "Acreditación",
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
        (Lang::Ru, When) => "Когда",
        (Lang::Ru, Where) => "Где",
        (Lang::Ru, Webcast) => "Трансляция",
        (Lang::Ru, Accreditation) => "Аккредитация",
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
        (Lang::De, When) => "Wann",
        (Lang::De, Where) => "Wo",
        (Lang::De, Webcast) => "Livestream",
        (Lang::De, Accreditation) => "Akkreditierung",
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
        (Lang::Ar, When) => "الموعد",
        (Lang::Ar, Where) => "المكان",
        (Lang::Ar, Webcast) => "البث الشبكي",
        (Lang::Ar, Accreditation) => "الاعتماد",
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
        (Lang::Zh, When) => "时间",
        (Lang::Zh, Where) => "地点",
        (Lang::Zh, Webcast) => "网播",
        (Lang::Zh, Accreditation) => "媒体注册",
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
        (Lang::Pt, When) => "Quando",
        (Lang::Pt, Where) => "Onde",
        (Lang::Pt, Webcast) => "Transmissão",
        (Lang::Pt, Accreditation) => "Acreditação",
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

/// Arabic weekday names, Sunday first.
const ARABIC_WEEKDAYS: [&str; 7] = ["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"];
/// Chinese weekday names, Sunday first.
const CHINESE_WEEKDAYS: [&str; 7] = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"];

/// A day with its weekday, as a media advisory writes it: "Wednesday,
/// 30 June 2021", "mercredi 30 juin 2021", "miércoles 30 de junio de
/// 2021", "среда, 30 июня 2021 г.", "Mittwoch, 30. Juni 2021",
/// "quarta-feira, 30 de junho de 2021", "الأربعاء، 30 حزيران/يونيه 2021",
/// "2021年6月30日星期三".
pub fn format_weekday_date(lang_: &Language, day: NaiveDate) -> String {
    let l = lang(lang_);
    let date = format_date(lang_, day);
    let sunday_first = day.weekday().num_days_from_sunday() as usize;
    // Weekdays are capitalised only in English and German ("Среда" in
    // the locale data is a heading's form).
    let weekday = day.format_localized("%A", chrono_locale(l)).to_string();
    let mut weekday = if matches!(l, Lang::En | Lang::De) { weekday } else { weekday.to_lowercase() };
    // Portugal's locale data shortens the working days ("quarta"); the
    // United Nations write them out ("quarta-feira").
    if l == Lang::Pt && !matches!(weekday.as_str(), "sábado" | "domingo") && !weekday.ends_with("-feira") {
        weekday.push_str("-feira");
    }
    match l {
        Lang::Ar => format!("{}، {date}", ARABIC_WEEKDAYS[sunday_first]),
        Lang::Zh => format!("{date}{}", CHINESE_WEEKDAYS[sunday_first]),
        // As the Journal and the Delegates' Handbook write them:
        // "miércoles 14 de septiembre de 2005", "mercredi 14 septembre".
        Lang::Fr | Lang::Es => format!("{weekday} {date}"),
        _ => format!("{weekday}, {date}"),
    }
}

/// The zones of the United Nations duty stations, with their city in each
/// language as the time phrase needs it: English, French, Spanish, Russian
/// (genitive: "по времени Нью-Йорка"), German, Arabic, Chinese and
/// Portuguese. A zone stands for the duty station in it (Europe/Zurich for
/// Geneva, Europe/Amsterdam for The Hague, Europe/Berlin for Bonn).
const DUTY_STATIONS: &[(&str, [&str; 8])] = &[
    (
        "America/New_York",
        ["New York", "New York", "Nueva York", "Нью-Йорка", "New York", "نيويورك", "纽约", "Nova Iorque"],
    ),
    ("Europe/Zurich", ["Geneva", "Genève", "Ginebra", "Женевы", "Genf", "جنيف", "日内瓦", "Genebra"]),
    ("Europe/Vienna", ["Vienna", "Vienne", "Viena", "Вены", "Wien", "فيينا", "维也纳", "Viena"]),
    ("Africa/Nairobi", ["Nairobi", "Nairobi", "Nairobi", "Найроби", "Nairobi", "نيروبي", "内罗毕", "Nairobi"]),
    ("Asia/Bangkok", ["Bangkok", "Bangkok", "Bangkok", "Бангкока", "Bangkok", "بانكوك", "曼谷", "Banguecoque"]),
    (
        "Africa/Addis_Ababa",
        [
            "Addis Ababa",
            "Addis-Abeba",
            "Addis Abeba",
            "Аддис-Абебы",
            "Addis Abeba",
            "أديس أبابا",
            "亚的斯亚贝巴",
            "Adis Abeba",
        ],
    ),
    ("Asia/Beirut", ["Beirut", "Beyrouth", "Beirut", "Бейрута", "Beirut", "بيروت", "贝鲁特", "Beirute"]),
    (
        "America/Santiago",
        ["Santiago", "Santiago", "Santiago", "Сантьяго", "Santiago", "سانتياغو", "圣地亚哥", "Santiago"],
    ),
    ("Europe/Amsterdam", ["The Hague", "La Haye", "La Haya", "Гааги", "Den Haag", "لاهاي", "海牙", "Haia"]),
    ("Europe/Berlin", ["Bonn", "Bonn", "Bonn", "Бонна", "Bonn", "بون", "波恩", "Bona"]),
    ("Europe/Rome", ["Rome", "Rome", "Roma", "Рима", "Rom", "روما", "罗马", "Roma"]),
    ("Europe/Paris", ["Paris", "Paris", "París", "Парижа", "Paris", "باريس", "巴黎", "Paris"]),
    ("Europe/London", ["London", "Londres", "Londres", "Лондона", "London", "لندن", "伦敦", "Londres"]),
    ("Europe/Madrid", ["Madrid", "Madrid", "Madrid", "Мадрида", "Madrid", "مدريد", "马德里", "Madrid"]),
    (
        "Europe/Copenhagen",
        ["Copenhagen", "Copenhague", "Copenhague", "Копенгагена", "Kopenhagen", "كوبنهاغن", "哥本哈根", "Copenhaga"],
    ),
    ("Asia/Tokyo", ["Tokyo", "Tokyo", "Tokio", "Токио", "Tokio", "طوكيو", "东京", "Tóquio"]),
];

/// The city of a duty station's zone in the language, in the form the
/// time phrase needs; `None` for a zone of no duty station.
pub fn zone_city(lang_: &Language, zone: &str) -> Option<&'static str> {
    let column = match lang(lang_) {
        Lang::En => 0,
        Lang::Fr => 1,
        Lang::Es => 2,
        Lang::Ru => 3,
        Lang::De => 4,
        Lang::Ar => 5,
        Lang::Zh => 6,
        Lang::Pt => 7,
    };
    DUTY_STATIONS.iter().find(|(id, _)| *id == zone).map(|(_, names)| names[column])
}

/// The IANA names of the duty stations' zones, and their English city
/// names, for suggestions ("Geneva" → "Europe/Zurich").
pub fn duty_station_zones() -> impl Iterator<Item = (&'static str, &'static str)> {
    DUTY_STATIONS.iter().map(|(id, names)| (*id, names[0]))
}

/// A time of day as the language writes it: "10:00", fr "10 h" and
/// "10 h 30", es "10.00", pt "10h00".
fn clock(l: Lang, t: NaiveTime) -> String {
    let (h, m) = (t.hour(), t.minute());
    match l {
        Lang::Fr if m == 0 => format!("{h}\u{a0}h"),
        Lang::Fr => format!("{h}\u{a0}h\u{a0}{m:02}"),
        Lang::Es => format!("{h}.{m:02}"),
        Lang::Pt => format!("{h}h{m:02}"),
        _ => format!("{h:02}:{m:02}"),
    }
}

/// Times as the language writes them, one or a range: "10:00–11:00",
/// "10.00 a 11.00 horas", "10:00–11:00 Uhr", "الساعة 10:00–11:00".
fn clock_phrase(l: Lang, from: NaiveTime, to: Option<NaiveTime>) -> String {
    let from = clock(l, from);
    let to = to.map(|t| clock(l, t));
    match (l, to) {
        (Lang::Es, Some(to)) => format!("{from} a {to} horas"),
        (Lang::Es, None) => format!("{from} horas"),
        (Lang::De, Some(to)) => format!("{from}–{to}\u{a0}Uhr"),
        (Lang::De, None) => format!("{from}\u{a0}Uhr"),
        (Lang::Ar, Some(to)) => format!("الساعة {from}–{to}"),
        (Lang::Ar, None) => format!("الساعة {from}"),
        (_, Some(to)) => format!("{from}–{to}"),
        (_, None) => from,
    }
}

/// Where a language names the time zone: before the times ("纽约时间10:00")
/// or after them ("10:00 EDT", "10 h (heure de New York)").
#[derive(Debug, Clone, PartialEq, Eq)]
enum ZoneWords {
    Before(String),
    After(String),
}

impl ZoneWords {
    fn around(&self, times: &str) -> String {
        match self {
            ZoneWords::Before(z) => format!("{z}{times}"),
            // Chinese full-width parentheses need no space.
            ZoneWords::After(z) if z.starts_with('（') => format!("{times}{z}"),
            ZoneWords::After(z) => format!("{times} {z}"),
        }
    }
}

/// The words naming the time of a moment at `offset`: the city of a duty
/// station ("(heure de Genève)", "纽约时间"), in English the zone's
/// abbreviation ("EDT") or its city ("(Bangkok time)"), and otherwise the
/// UTC offset ("(UTC−04:00)").
fn zone_words(l: Lang, zone: Option<&Zone>, offset: FixedOffset, abbreviation: Option<&str>) -> ZoneWords {
    let utc = format_offset(offset);
    let Some(zone) = zone else {
        return match l {
            Lang::Zh => ZoneWords::After(format!("（{utc}）")),
            _ => ZoneWords::After(format!("({utc})")),
        };
    };
    if l == Lang::En {
        return match abbreviation {
            Some(a) => ZoneWords::After(a.to_string()),
            None => ZoneWords::After(format!("({} time)", zone.city.as_deref().unwrap_or(&zone.city_en))),
        };
    }
    match (l, zone.city.as_deref()) {
        (Lang::Fr, Some(c)) => ZoneWords::After(format!("(heure de {c})")),
        (Lang::Es | Lang::Pt, Some(c)) => ZoneWords::After(format!("(hora de {c})")),
        (Lang::Ru, Some(c)) => ZoneWords::After(format!("(по времени {c})")),
        (Lang::De, Some(c)) => ZoneWords::After(format!("(Ortszeit {c})")),
        (Lang::Ar, Some(c)) => ZoneWords::After(format!("(بتوقيت {c})")),
        (Lang::Zh, Some(c)) => ZoneWords::Before(format!("{c}时间")),
        (Lang::Zh, None) => ZoneWords::After(format!("（{utc}）")),
        _ => ZoneWords::After(format!("({utc})")),
    }
}

/// When an event is, for its page and summary: the day with its weekday,
/// the times and the time zone named, in the language. A day and a range
/// of times: "Wednesday, 30 June 2021, 10:00–11:00 EDT", "mercredi 30 juin
/// 2021, 10 h–11 h (heure de New York)", "miércoles 30 de junio de 2021,
/// 10.00 a 11.00 horas (hora de Nueva York)", "2021年6月30日星期三，
/// 纽约时间10:00–11:00". An event over several days (or across a change of
/// the clocks) names both ends in full: "Monday, 28 June 2021, 10:00 –
/// Wednesday, 30 June 2021, 18:00 EDT".
pub fn format_event_when(lang_: &Language, event: &Event) -> String {
    let l = lang(lang_);
    let zone = event.zone.as_ref();
    let abbreviation = |i: usize| zone.and_then(|z| z.abbreviations[i].as_deref());
    let start = event.start;
    let start_zone = zone_words(l, zone, *start.offset(), abbreviation(0));
    let comma = comma(lang_);
    let end = event.end.map(|end| (end, zone_words(l, zone, *end.offset(), abbreviation(1))));
    let one_day =
        end.as_ref().is_none_or(|(end, words)| end.date_naive() == start.date_naive() && *words == start_zone);
    if one_day {
        let times = clock_phrase(l, start.time(), end.as_ref().map(|(e, _)| e.time()));
        let day = format_weekday_date(lang_, start.date_naive());
        return format!("{day}{comma}{}", start_zone.around(&times));
    }
    let Some((end, end_zone)) = end else { return String::new() };
    // Each end in full: its day, then its time.
    let at = |moment: DateTime<FixedOffset>| {
        let day = format_weekday_date(lang_, moment.date_naive());
        let sep = if l == Lang::Zh { "" } else { comma };
        format!("{day}{sep}{}", clock_phrase(l, moment.time(), None))
    };
    let (from, to) = (at(start), at(end));
    // The zone once at the end when both ends share it, else after each.
    let (from, to, last) = if start_zone == end_zone {
        (from, to, Some(start_zone))
    } else {
        (start_zone.around(&from), end_zone.around(&to), None)
    };
    let span = match l {
        Lang::En => format!("{from} – {to}"),
        Lang::Fr => format!("du {from}, au {to}"),
        Lang::Es => format!("del {from}, al {to}"),
        Lang::Ru => format!("{from} — {to}"),
        Lang::De => format!("{from}, bis {to}"),
        Lang::Pt => format!("de {from}, a {to}"),
        Lang::Ar => format!("من {from}، إلى {to}"),
        Lang::Zh => format!("{from}至{to}"),
    };
    match last {
        Some(zone) => zone.around(&span),
        None => span,
    }
}

/// A UTC offset as the hint of a diagnostic writes it in a TOML literal:
/// "-04:00", "+05:30", "+00:00".
pub fn offset_literal(offset: FixedOffset) -> String {
    let secs = offset.local_minus_utc();
    let sign = if secs < 0 { '-' } else { '+' };
    let minutes = secs.unsigned_abs() / 60;
    format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// [`format_offset`] for the model's messages: "UTC−04:00".
pub fn offset_name(offset: FixedOffset) -> String {
    format_offset(offset)
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
    if !value.is_finite() {
        return value.to_string();
    }
    let digits = format!("{:.*}", decimals, value.abs());
    let negative = value < 0.0 && digits.bytes().any(|b| b.is_ascii_digit() && b != b'0');
    grouped(lang_, negative, &digits)
}

/// A whole number with the language's digit grouping, exactly: its own
/// digits, never through a float (9223372036854775807 stays …807).
pub fn format_integer(lang_: &Language, value: i64) -> String {
    grouped(lang_, value < 0, &value.unsigned_abs().to_string())
}

/// `digits` (ASCII digits, with a `.` before any decimals) with the
/// language's grouping and decimal sign, after a minus sign (U+2212) when
/// `negative`.
fn grouped(lang_: &Language, negative: bool, digits: &str) -> String {
    let (group, decimal) = number_signs(lang_);
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let mut out = String::new();
    if negative {
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
        assert_eq!(format_integer(&l("en"), i64::MAX), "9,223,372,036,854,775,807");
        assert_eq!(
            format_integer(&l("fr"), i64::MIN),
            "\u{2212}9\u{202f}223\u{202f}372\u{202f}036\u{202f}854\u{202f}775\u{202f}808"
        );
        assert_eq!(format_integer(&l("en"), 0), "0");
        assert_eq!(format_integer(&l("de"), -1000), "\u{2212}1.000");
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

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap_or_default()
    }

    fn event(start: &str, end: Option<&str>, zone: Option<Zone>) -> Event {
        Event {
            start: at(start),
            end: end.map(at),
            zone,
            venue: None,
            address: None,
            online: None,
            accreditation: None,
        }
    }

    fn zone(language: &Language, id: &str, abbreviations: [Option<&str>; 2]) -> Option<Zone> {
        Some(Zone {
            id: id.to_string(),
            city: zone_city(language, id).map(str::to_string),
            city_en: id.rsplit('/').next().unwrap_or(id).replace('_', " "),
            abbreviations: abbreviations.map(|a| a.map(str::to_string)),
        })
    }

    #[test]
    fn weekdays() {
        assert_eq!(format_weekday_date(&l("en"), day()), "Wednesday, 30 June 2021");
        assert_eq!(format_weekday_date(&l("fr"), day()), "mercredi 30 juin 2021");
        assert_eq!(format_weekday_date(&l("es"), day()), "miércoles 30 de junio de 2021");
        assert_eq!(format_weekday_date(&l("ru"), day()), "среда, 30 июня 2021\u{a0}г.");
        assert_eq!(format_weekday_date(&l("de"), day()), "Mittwoch, 30. Juni 2021");
        assert_eq!(format_weekday_date(&l("pt"), day()), "quarta-feira, 30 de junho de 2021");
        assert_eq!(format_weekday_date(&l("ar"), day()), "الأربعاء، 30 حزيران/يونيه 2021");
        assert_eq!(format_weekday_date(&l("zh"), day()), "2021年6月30日星期三");
        let sunday = NaiveDate::from_ymd_opt(2021, 7, 4).unwrap_or_default();
        assert_eq!(format_weekday_date(&l("ar"), sunday), "الأحد، 4 تموز/يوليه 2021");
        assert_eq!(format_weekday_date(&l("zh"), sunday), "2021年7月4日星期日");
    }

    #[test]
    fn event_times_name_their_zone() {
        let ny = |tag: &str| zone(&l(tag), "America/New_York", [Some("EDT"), Some("EDT")]);
        let when = |tag: &str| {
            format_event_when(&l(tag), &event("2021-06-30T10:00:00-04:00", Some("2021-06-30T11:00:00-04:00"), ny(tag)))
        };
        assert_eq!(when("en"), "Wednesday, 30 June 2021, 10:00–11:00 EDT");
        assert_eq!(when("fr"), "mercredi 30 juin 2021, 10\u{a0}h–11\u{a0}h (heure de New York)");
        assert_eq!(when("es"), "miércoles 30 de junio de 2021, 10.00 a 11.00 horas (hora de Nueva York)");
        assert_eq!(when("ru"), "среда, 30 июня 2021\u{a0}г., 10:00–11:00 (по времени Нью-Йорка)");
        assert_eq!(when("de"), "Mittwoch, 30. Juni 2021, 10:00–11:00\u{a0}Uhr (Ortszeit New York)");
        assert_eq!(when("pt"), "quarta-feira, 30 de junho de 2021, 10h00–11h00 (hora de Nova Iorque)");
        assert_eq!(when("ar"), "الأربعاء، 30 حزيران/يونيه 2021، الساعة 10:00–11:00 (بتوقيت نيويورك)");
        assert_eq!(when("zh"), "2021年6月30日星期三，纽约时间10:00–11:00");

        // Minutes, and no end.
        let fr = l("fr");
        let half = event("2021-06-30T10:30:00-04:00", None, ny("fr"));
        assert_eq!(format_event_when(&fr, &half), "mercredi 30 juin 2021, 10\u{a0}h\u{a0}30 (heure de New York)");
        let es = event("2021-06-30T09:05:00-04:00", None, ny("es"));
        assert_eq!(format_event_when(&l("es"), &es), "miércoles 30 de junio de 2021, 9.05 horas (hora de Nueva York)");
    }

    #[test]
    fn zones_without_a_name_fall_back() {
        // No `timezone`: the offset.
        let bare = event("2021-06-30T10:00:00-04:00", Some("2021-06-30T11:00:00-04:00"), None);
        assert_eq!(format_event_when(&l("en"), &bare), "Wednesday, 30 June 2021, 10:00–11:00 (UTC−04:00)");
        assert_eq!(format_event_when(&l("zh"), &bare), "2021年6月30日星期三，10:00–11:00（UTC−04:00）");
        // A duty station whose abbreviation is a number: its city in English.
        let bangkok = event("2021-06-30T10:00:00+07:00", None, zone(&l("en"), "Asia/Bangkok", [None, None]));
        assert_eq!(format_event_when(&l("en"), &bangkok), "Wednesday, 30 June 2021, 10:00 (Bangkok time)");
        // Another zone: its IANA city in English, the offset elsewhere.
        let kolkata = |tag: &str| event("2021-06-30T10:00:00+05:30", None, zone(&l(tag), "Asia/Kolkata", [None, None]));
        assert_eq!(format_event_when(&l("en"), &kolkata("en")), "Wednesday, 30 June 2021, 10:00 (Kolkata time)");
        assert_eq!(format_event_when(&l("fr"), &kolkata("fr")), "mercredi 30 juin 2021, 10\u{a0}h (UTC+05:30)");
    }

    #[test]
    fn events_over_several_days_show_both() {
        let geneva = |tag: &str| zone(&l(tag), "Europe/Zurich", [Some("CEST"), Some("CEST")]);
        let days = |tag: &str| event("2021-06-28T10:00:00+02:00", Some("2021-06-30T18:00:00+02:00"), geneva(tag));
        assert_eq!(
            format_event_when(&l("en"), &days("en")),
            "Monday, 28 June 2021, 10:00 – Wednesday, 30 June 2021, 18:00 CEST"
        );
        assert_eq!(
            format_event_when(&l("fr"), &days("fr")),
            "du lundi 28 juin 2021, 10\u{a0}h, au mercredi 30 juin 2021, 18\u{a0}h (heure de Genève)"
        );
        assert_eq!(
            format_event_when(&l("zh"), &days("zh")),
            "日内瓦时间2021年6月28日星期一10:00至2021年6月30日星期三18:00"
        );
        // Across a change of the clocks, each end has its own abbreviation.
        let autumn = event(
            "2024-10-25T10:00:00+02:00",
            Some("2024-11-02T17:00:00+01:00"),
            zone(&l("en"), "Europe/Zurich", [Some("CEST"), Some("CET")]),
        );
        assert_eq!(
            format_event_when(&l("en"), &autumn),
            "Friday, 25 October 2024, 10:00 CEST – Saturday, 2 November 2024, 17:00 CET"
        );
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
        assert_eq!(label(&l("en"), Label::When), "When");
        assert_eq!(label(&l("fr"), Label::Webcast), "Retransmission");
        assert_eq!(label(&l("ar"), Label::Where), "المكان");
        assert_eq!(label(&l("zh"), Label::Accreditation), "媒体注册");
        assert!(is_supported(&l("fr")));
        assert!(!is_supported(&l("sw")));
    }
}
