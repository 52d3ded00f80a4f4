//! E-mail addresses as written in a brief's `[email]` table:
//! `gerardl@un.org` or `Laurence Gerard <gerardl@un.org>`.
//!
//! The rules are those of addresses people actually use (RFC 5322's
//! dot-atom): the part before the `@` is ASCII letters, digits and
//! ``! # $ % & ' * + - / = ? ^ _ ` { | } ~`` in dot-separated runs, at
//! most 64 characters; the domain is at least two labels of letters,
//! digits and hyphens, each at most 63 characters, the last one letters.
//! Quoted local parts, comments and group syntax are refused: a mistake
//! is far likelier than a real need for them. Every address accepted here
//! is accepted by the mail library that sends it.

use super::inline::valid_domain;
use super::tree::Mailbox;

/// Why a string is not a mailbox: the end of the message (after the
/// key's name) and a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Bad {
    /// E.g. "is not an e-mail address: `x`".
    pub what: String,
    /// How to fix it.
    pub hint: String,
}

const FORM: &str = "write `name@domain.org` or `Name <name@domain.org>`, e.g. `Laurence Gerard <gerardl@un.org>`";

fn bad(what: impl Into<String>, hint: impl Into<String>) -> Bad {
    Bad { what: what.into(), hint: hint.into() }
}

/// Reads one mailbox. `s` is a single line (control characters are
/// checked before).
pub(crate) fn mailbox(s: &str) -> Result<Mailbox, Bad> {
    let s = s.trim();
    let not = || format!("is not an e-mail address: `{s}`");
    if s.is_empty() {
        return Err(bad("is empty", "remove the key or give it an address"));
    }
    if s.matches('@').count() > 1 && s.contains([',', ';', ' ']) {
        return Err(bad(
            format!("holds several addresses in one string: `{s}`"),
            "write one address per string in an array: `[\"a@un.org\", \"b@un.org\"]`",
        ));
    }
    let (name, addr) = match (s.find('<'), s.rfind('>')) {
        (None, None) => (None, s),
        (Some(open), Some(close)) if open < close && close == s.len() - 1 => {
            let inner = &s[open + 1..close];
            if inner.contains(['<', '>']) {
                return Err(bad(not(), FORM));
            }
            let name = s[..open].trim();
            (Some(name), inner.trim())
        }
        (Some(_), None) => return Err(bad(not(), "close the angle bracket: `Name <name@domain.org>`")),
        _ => return Err(bad(not(), FORM)),
    };
    let name = match name {
        None | Some("") => None,
        Some(n) => Some(display_name(n).ok_or_else(|| {
            bad(
                format!("has a display name that cannot be used: `{n}`"),
                "write the name without `\"`, `<` or `>`, e.g. `Laurence Gerard <gerardl@un.org>`",
            )
        })?),
    };
    if let Some(rest) = addr.strip_prefix("mailto:") {
        return Err(bad(not(), format!("remove `mailto:`: `{rest}`")));
    }
    let Some((user, domain)) = addr.rsplit_once('@') else {
        let hint = if addr.contains(" at ") {
            format!("write `@` for ` at `: `{}`", addr.replacen(" at ", "@", 1))
        } else if name.is_none() && addr.contains(' ') {
            FORM.to_string()
        } else {
            "an address has an `@` between the name and the domain, e.g. `gerardl@un.org`".to_string()
        };
        return Err(bad(not(), hint));
    };
    if addr.chars().any(char::is_whitespace) {
        let hint = if name.is_none() { FORM.to_string() } else { "remove the spaces from the address".to_string() };
        return Err(bad(not(), hint));
    }
    if !valid_user(user) {
        return Err(bad(
            not(),
            "the part before `@` may hold ASCII letters, digits, dots (not two in a row, not first or last) \
             and ``!#$%&'*+-/=?^_`{|}~``",
        ));
    }
    if !valid_domain(domain) || domain.len() > 253 || domain.split('.').any(|l| l.len() > 63) {
        return Err(bad(not(), "the part after `@` must be a domain name, e.g. `un.org`"));
    }
    Ok(Mailbox { name, user: user.to_string(), domain: domain.to_string() })
}

/// A display name, without surrounding quotes; `None` when it holds
/// characters that would need quoting inside it.
fn display_name(n: &str) -> Option<String> {
    let n = match n.strip_prefix('"').and_then(|n| n.strip_suffix('"')) {
        Some(inner) => inner.trim(),
        None => n,
    };
    (!n.is_empty() && !n.contains(['"', '<', '>', '\\']) && !n.chars().any(char::is_control)).then(|| n.to_string())
}

/// A dot-atom of ASCII `atext`, at most 64 characters.
fn valid_user(user: &str) -> bool {
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c);
    !user.is_empty() && user.len() <= 64 && user.split('.').all(|atom| !atom.is_empty() && atom.chars().all(atext))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn ok(s: &str) -> Mailbox {
        match mailbox(s) {
            Ok(m) => m,
            Err(b) => panic!("{s}: {b:?}"),
        }
    }

    #[test]
    fn reads_bare_and_named_addresses() {
        let m = ok("gerardl@un.org");
        assert_eq!((m.name, m.user.as_str(), m.domain.as_str()), (None, "gerardl", "un.org"));
        let m = ok("Laurence Gerard <gerardl@un.org>");
        assert_eq!(m.name.as_deref(), Some("Laurence Gerard"));
        assert_eq!(m.address(), "gerardl@un.org");
        assert_eq!(m.to_string(), "Laurence Gerard <gerardl@un.org>");
        let m = ok("\"Gerard, Laurence\" <gerardl@un.org>");
        assert_eq!(m.name.as_deref(), Some("Gerard, Laurence"));
        assert_eq!(ok("<press@un.org>").name, None);
        assert_eq!(ok("  António Guterres <sg@un.org> ").name.as_deref(), Some("António Guterres"));
        ok("first.last+tag@sub.example.org");
        ok("o'brien@example.ie");
        ok("presse@exemple.français");
    }

    #[test]
    fn refuses_what_is_not_an_address() {
        for s in [
            "gerardl at un.org",
            "gerardl.un.org",
            "gerardl@un",
            "gerardl@@un.org",
            ".gerardl@un.org",
            "ger..ardl@un.org",
            "gerärdl@un.org",
            "\"quoted\"@un.org",
            "Laurence <gerardl@un.org",
            "Laurence gerardl@un.org>",
            "Laurence gerardl@un.org",
            "Laurence <gerardl@un.org> extra",
            "La\"urence <gerardl@un.org>",
            "mailto:gerardl@un.org",
            "a@un.org, b@un.org",
            "ger ardl@un.org",
            "",
        ] {
            assert!(mailbox(s).is_err(), "{s} accepted");
        }
        let long = format!("{}@un.org", "a".repeat(65));
        assert!(mailbox(&long).is_err());
        assert_eq!(mailbox("gerardl at un.org").unwrap_err().hint, "write `@` for ` at `: `gerardl@un.org`");
        assert!(mailbox("a@un.org; b@un.org").unwrap_err().what.contains("several"));
    }
}
