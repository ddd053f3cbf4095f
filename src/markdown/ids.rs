//! Heading ids: a slug of the heading's text, made unique within its body.

use std::collections::{HashMap, HashSet};

/// The heading ids given so far. A repeated heading gets the first free `base-N` from
/// N = 2; each base remembers the last N it tried, so 20,000 identical headings take linear
/// time, not 20,000²/2 tries (earlier candidates stay taken: ids are never given back).
#[derive(Default)]
pub struct Ids {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Ids {
    /// The id for a heading whose text slugifies to `base`.
    pub fn take(&mut self, base: String) -> String {
        if self.used.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(2);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_take_the_first_free_suffix() {
        let mut ids = Ids::default();
        let taken: Vec<String> = ["a", "a-2", "a", "a", "b", "a-3"]
            .into_iter()
            .map(|b| ids.take(b.to_string()))
            .collect();
        assert_eq!(taken, ["a", "a-2", "a-3", "a-4", "b", "a-3-2"]);
    }
}
