//! "Did you mean …?": the known name nearest to a misspelt one.

/// The candidate closest to `name` (case-insensitive), when it is close
/// enough to be a likely typo: Jaro–Winkler similarity of at least 0.8, or
/// an edit distance of at most a third of the name's length.
pub(crate) fn nearest<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let name = name.to_lowercase();
    let mut best: Option<(&'a str, f64)> = None;
    for &c in candidates {
        let lower = c.to_lowercase();
        let score = strsim::jaro_winkler(&name, &lower);
        let distance = strsim::levenshtein(&name, &lower);
        let close = score >= 0.8 || distance * 3 <= name.chars().count().max(3);
        if close && best.is_none_or(|(_, s)| score > s) {
            best = Some((c, score));
        }
    }
    best.map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let keys = ["title", "date", "kind", "summary", "subtitle"];
        assert_eq!(nearest("titel", &keys), Some("title"));
        assert_eq!(nearest("Date", &keys), Some("date"));
        assert_eq!(nearest("sumary", &keys), Some("summary"));
        assert_eq!(nearest("subtitel", &keys), Some("subtitle"));
        assert_eq!(nearest("colour", &keys), None);
        assert_eq!(nearest("a5", &["A4", "Letter", "A5", "Legal"]), Some("A5"));
    }
}
