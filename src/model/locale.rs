//! TEMPORARY stand-in for the locale API being built elsewhere.
#![allow(missing_docs)]
use super::Language;
use chrono::{DateTime, FixedOffset, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label { DefaultKind, Contacts, Web, Follow, Email, Phone, Continued }

pub fn format_date(_l: &Language, d: NaiveDate) -> String { d.format("%-d %B %Y").to_string() }
pub fn format_embargo(l: &Language, at: DateTime<FixedOffset>) -> String { format!("Embargoed until {}, {}", format_date(l, at.date_naive()), at.format("%H:%M (UTC%:z)")) }
pub fn dateline(l: &Language, place: Option<&str>, d: NaiveDate) -> String { match place { Some(p) => format!("{p}, {}", format_date(l, d)), None => format_date(l, d) } }
pub fn page_label(_l: &Language, n: usize, m: usize) -> String { format!("Page {n} of {m}") }
pub fn label(_l: &Language, k: Label) -> &'static str { match k { Label::DefaultKind => "Brief", Label::Contacts => "Media contacts", Label::Web => "Web", Label::Follow => "Follow", Label::Email => "E-mail", Label::Phone => "Tel.", Label::Continued => "continued" } }
