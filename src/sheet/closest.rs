//! "Did you mean": the known names closest to one an import does not know, by the edit
//! distance between their slugs (so case and diacritics do not count), through `strsim`.

use crate::slug::slugify;

/// At most this many suggestions are given.
const MAX: usize = 3;
/// Names less similar than this (0 to 1, normalised Damerau–Levenshtein) are not offered.
const MIN_SIMILARITY: f64 = 0.6;

/// The names among `known` (slug, name as shown) closest to `text`, best first.
pub fn closest<'a>(text: &str, known: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<&'a str> {
    let query = slugify(text);
    if query.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(f64, &str)> = known
        .filter_map(|(slug, name)| {
            let score = strsim::normalized_damerau_levenshtein(&query, slug);
            // `Thừa Thiên` for `Thừa Thiên Huế`: a name that starts with the words written.
            let prefix =
                slug.starts_with(&format!("{query}-")) || query.starts_with(&format!("{slug}-"));
            let score = if prefix {
                score.max(MIN_SIMILARITY)
            } else {
                score
            };
            (score >= MIN_SIMILARITY).then_some((score, name))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let mut out: Vec<&str> = Vec::new();
    for (_, name) in scored {
        if !out.contains(&name) {
            out.push(name);
        }
        if out.len() == MAX {
            break;
        }
    }
    out
}

/// `did you mean `A`, `B` or `C`?` (empty when there is nothing close).
pub fn did_you_mean(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => format!("did you mean {one}? "),
        [rest @ .., last] => format!("did you mean {} or {last}? ", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspelt_names_find_the_right_one() {
        let known = [
            ("thua-thien-hue", "Thừa Thiên Huế"),
            ("ha-noi", "Hà Nội"),
            ("ha-nam", "Hà Nam"),
            ("ho-chi-minh", "Hồ Chí Minh"),
        ];
        let near = |t: &str| closest(t, known.iter().copied());
        assert_eq!(near("Thua Thien"), ["Thừa Thiên Huế"]);
        assert_eq!(near("Hà Nọi")[0], "Hà Nội");
        assert_eq!(near("Ho Chi Min"), ["Hồ Chí Minh"]);
        assert!(near("Atlantis").is_empty());
        assert_eq!(
            did_you_mean(&["A", "B", "C"]),
            "did you mean `A`, `B` or `C`? "
        );
        assert_eq!(did_you_mean(&[]), "");
    }
}
