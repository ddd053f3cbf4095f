//! Which province a spreadsheet cell names: a folder slug, a name with or without
//! diacritics (`Đắk Lắk`, `Dak Lak`, `tỉnh Đắk Lắk`), or a 2025 province code (`66`).
//!
//! Names and codes of provinces not yet in `content/` come from the administrative geography
//! (`model::geography`); such a province is created by the import.

use std::collections::HashMap;

use crate::content::Loaded;
use crate::model::geography::geography;
use crate::slug::slugify;

/// What a cell resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A folder under `content/provinces/`.
    Existing(String),
    /// A province of the table without a folder yet: its name with diacritics.
    New { slug: String, name: String },
}

impl Target {
    pub fn slug(&self) -> &str {
        match self {
            Target::Existing(slug) | Target::New { slug, .. } => slug,
        }
    }
}

/// Looks up what a province cell names.
#[derive(Debug, Default)]
pub struct Provinces {
    /// Slug of a name (or a folder) → target.
    by_slug: HashMap<String, Target>,
    /// 2025 code → slug of the province's name.
    by_code: HashMap<u32, String>,
}

impl Provinces {
    /// The site's provinces (by folder and by name) and every name and code of the table.
    pub fn new(loaded: &Loaded) -> Self {
        let mut out = Provinces::default();
        let geo = geography();
        let names = geo.units.iter().map(|u| (&u.slug, &u.name));
        for (slug, name) in names.chain(geo.former.iter().map(|f| (&f.slug, &f.name))) {
            out.by_slug.entry(slug.clone()).or_insert(Target::New {
                slug: slug.clone(),
                name: name.clone(),
            });
        }
        for u in &geo.units {
            out.by_code.insert(u.code, u.slug.clone());
        }
        for p in &loaded.provinces {
            let existing = Target::Existing(p.slug.clone());
            if let Some(index) = &p.index {
                out.by_slug
                    .insert(slugify(&index.front.name), existing.clone());
            }
            out.by_slug.insert(p.slug.clone(), existing);
        }
        // Other names and spellings (`Thừa Thiên - Huế`, `TP HCM`) name their unit, or the
        // site's folder for it.
        for f in &geo.former {
            for other in &f.other_names {
                let target = out.by_slug.get(&f.slug).cloned();
                if let Some(target) = target {
                    out.by_slug
                        .entry(bare(&slugify(other)).to_string())
                        .or_insert(target);
                }
            }
        }
        out
    }

    /// The province `text` names; `None` when it is no province the site or the table knows.
    pub fn resolve(&self, text: &str) -> Option<Target> {
        let text = text.trim();
        if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            let code: u32 = text.parse().ok()?;
            return self.by_slug.get(self.by_code.get(&code)?).cloned();
        }
        let slug = slugify(text);
        if let Some(t) = self.by_slug.get(&slug) {
            return Some(t.clone());
        }
        self.by_slug.get(bare(&slug)).cloned()
    }

    /// The known names closest to `text`, for a "did you mean".
    pub fn closest(&self, text: &str) -> Vec<&str> {
        let names = self.by_slug.iter().map(|(slug, t)| match t {
            Target::New { name, .. } => (slug.as_str(), name.as_str()),
            Target::Existing(folder) => (slug.as_str(), folder.as_str()),
        });
        super::closest::closest(bare(&slugify(text)), names)
    }
}

/// A name's slug without the words around a province's name: `tỉnh`, `thành phố`, `TP.`
/// (`T.P.`) in front, `province` or `city` after (`Thành phố Hồ Chí Minh`, `TP. Đà Nẵng`,
/// `Nghe An Province`).
fn bare(slug: &str) -> &str {
    let front = ["tinh-", "thanh-pho-", "tp-", "t-p-"]
        .iter()
        .find_map(|p| slug.strip_prefix(p))
        .unwrap_or(slug);
    ["-province", "-city"]
        .iter()
        .find_map(|s| front.strip_suffix(s))
        .unwrap_or(front)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup() -> Provinces {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good");
        let (loaded, _) = crate::content::load(&root);
        Provinces::new(&loaded)
    }

    #[test]
    fn names_slugs_and_codes() {
        let p = lookup();
        let dak_lak = Some(Target::Existing("dak-lak".into()));
        for text in [
            "dak-lak",
            "Đắk Lắk",
            "Dak Lak",
            "ĐẮK LẮK",
            " tỉnh Đắk Lắk ",
            "66",
        ] {
            assert_eq!(p.resolve(text), dak_lak, "{text}");
        }
        assert_eq!(p.resolve("alpha"), Some(Target::Existing("alpha".into())));
        assert_eq!(
            p.resolve("Ha Giang"),
            Some(Target::New {
                slug: "ha-giang".into(),
                name: "Hà Giang".into()
            })
        );
        assert_eq!(
            p.resolve("08").map(|t| t.slug().to_string()),
            Some("tuyen-quang".into())
        );
        assert_eq!(p.resolve("Atlantis"), None);
        // Official names, former names and spellings as published tables write them.
        let slug = |t: &str| p.resolve(t).map(|t| t.slug().to_string());
        for (text, want) in [
            ("Thừa Thiên - Huế", "hue"),
            ("Thừa Thiên Huế", "hue"),
            ("tỉnh Thừa Thiên Huế", "hue"),
            ("TP. Huế", "hue"),
            ("TP. Hồ Chí Minh", "ho-chi-minh"),
            ("Thành phố Hồ Chí Minh", "ho-chi-minh"),
            ("TP HCM", "ho-chi-minh"),
            ("TP.HCM", "ho-chi-minh"),
            ("Ho Chi Minh City", "ho-chi-minh"),
            ("Hòa Bình", "hoa-binh"),
            ("Hoà Bình", "hoa-binh"),
            ("tỉnh Khánh Hoà", "khanh-hoa"),
            ("Bà Rịa - Vũng Tàu", "ba-ria-vung-tau"),
            ("Bà Rịa–Vũng Tàu", "ba-ria-vung-tau"),
            ("BR-VT", "ba-ria-vung-tau"),
            ("TP. Đà Nẵng", "da-nang"),
            ("Thành phố Hà Nội", "ha-noi"),
            ("T.P. Cần Thơ", "can-tho"),
            ("Nghe An Province", "nghe-an"),
            ("Đắc Lắc", "dak-lak"),
            ("Bắc Cạn", "bac-kan"),
        ] {
            assert_eq!(slug(text).as_deref(), Some(want), "{text}");
        }
        // An unknown name gets the closest known ones.
        assert_eq!(p.closest("Thua Thien"), ["Huế"]);
        assert_eq!(p.closest("Quang Nimh").first(), Some(&"Quảng Ninh"));
        assert!(p.closest("Atlantis").is_empty());
        assert_eq!(p.resolve("999"), None);
        assert_eq!(p.resolve(""), None);
    }
}
