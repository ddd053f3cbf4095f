//! Vietnam's provincial units before and after the 2025 reorganisation (National Assembly
//! Resolution 202/2025/QH15, effective 1 July 2025): 63 former units, each merged into
//! exactly one of 34 units. The table ships in the binary (`data/provinces-2025.tsv`) and
//! is checked when first read; this module is the only one that reads it.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::slug::slugify;

/// The table: one row per former unit (code, name, kind, communes of its 2025 unit; name).
pub const TABLE: &str = include_str!("../../data/provinces-2025.tsv");
/// The former units' kind, region and other names (`Thừa Thiên Huế`, `TP HCM`).
pub const NAMES_TABLE: &str = include_str!("../../data/province-names.tsv");
/// The regions of the names table, in Vietnamese and English.
pub const REGIONS: [(&str, &str); 8] = [
    ("Tây Bắc Bộ", "Northwest"),
    ("Đông Bắc Bộ", "Northeast"),
    ("Đồng bằng sông Hồng", "Red River Delta"),
    ("Bắc Trung Bộ", "North Central Coast"),
    ("Duyên hải Nam Trung Bộ", "South Central Coast"),
    ("Tây Nguyên", "Central Highlands"),
    ("Đông Nam Bộ", "Southeast"),
    ("Đồng bằng sông Cửu Long", "Mekong Delta"),
];
/// The resolution that reorganised the provinces.
pub const RESOLUTION: &str = "202/2025/QH15";
/// The day the new provincial units took office (ISO date).
pub const EFFECTIVE: &str = "2025-07-01";
/// The first year reported by the new units.
pub const FIRST_YEAR: u16 = 2025;

/// A provincial unit from 1 July 2025.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub code: u32,
    pub name: String,
    pub slug: String,
    /// `tỉnh` or `thành phố trung ương`.
    pub kind: String,
    pub communes: u32,
}

/// A provincial unit before 1 July 2025.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormerUnit {
    pub name: String,
    pub slug: String,
    /// Index into [`Geography::units`].
    pub successor: usize,
    /// `tỉnh` or `thành phố trung ương`, before the reorganisation.
    pub kind: String,
    /// One of [`REGIONS`], in Vietnamese.
    pub region: String,
    /// Other names and spellings published tables use (`Thừa Thiên Huế`).
    pub other_names: Vec<String>,
}

/// Both lists, in table order.
#[derive(Debug, Clone)]
pub struct Geography {
    pub units: Vec<Unit>,
    pub former: Vec<FormerUnit>,
}

/// The bundled table, parsed and checked once.
pub fn geography() -> &'static Geography {
    static GEO: OnceLock<Geography> = OnceLock::new();
    // The table is part of the program, not user input; the tests parse it.
    GEO.get_or_init(|| {
        parse(TABLE, NAMES_TABLE).expect("data/provinces-2025.tsv is checked by the tests")
    })
}

impl Geography {
    /// The former unit named `name` (with or without diacritics, or its slug).
    pub fn former_unit(&self, name: &str) -> Option<&FormerUnit> {
        let slug = slugify(name);
        self.former.iter().find(|f| f.slug == slug)
    }

    /// The index of the 2025 unit named `name` (with or without diacritics, or its slug).
    pub fn unit_index(&self, name: &str) -> Option<usize> {
        let slug = slugify(name);
        self.units.iter().position(|u| u.slug == slug)
    }

    /// The unit `f` became part of.
    pub fn successor(&self, f: &FormerUnit) -> &Unit {
        &self.units[f.successor]
    }

    /// The former units that make up the unit at `unit`, in table order.
    pub fn predecessors(&self, unit: usize) -> impl Iterator<Item = &FormerUnit> {
        self.former.iter().filter(move |f| f.successor == unit)
    }

    /// The 2025 unit with this code.
    pub fn unit_by_code(&self, code: u32) -> Option<&Unit> {
        self.units.iter().find(|u| u.code == code)
    }
}

/// Parses and checks a table: every row complete, rows of one code agree on the 2025 unit,
/// former and 2025 names unique after slugging.
pub fn parse(text: &str, names: &str) -> Result<Geography, Vec<String>> {
    let mut geo = Geography {
        units: Vec::new(),
        former: Vec::new(),
    };
    let mut problems = Vec::new();
    let mut by_code: HashMap<u32, usize> = HashMap::new();
    for (line_no, cols) in table_rows(text) {
        let [code, name, kind, communes, before] = cols[..] else {
            problems.push(format!("line {line_no}: expected 5 columns"));
            continue;
        };
        let (Ok(code), Ok(communes)) = (code.parse::<u32>(), communes.parse::<u32>()) else {
            problems.push(format!("line {line_no}: code and communes must be numbers"));
            continue;
        };
        if name.is_empty() || before.is_empty() || kind.is_empty() {
            problems.push(format!("line {line_no}: an empty name or kind"));
            continue;
        }
        let unit = Unit {
            code,
            name: name.to_string(),
            slug: slugify(name),
            kind: kind.to_string(),
            communes,
        };
        let successor = match by_code.get(&code) {
            Some(&u) if geo.units[u] != unit => {
                problems.push(format!(
                    "line {line_no}: code {code} is described differently on another line"
                ));
                continue;
            }
            Some(&u) => u,
            None => {
                geo.units.push(unit);
                by_code.insert(code, geo.units.len() - 1);
                geo.units.len() - 1
            }
        };
        geo.former.push(FormerUnit {
            name: before.to_string(),
            slug: slugify(before),
            successor,
            kind: String::new(),
            region: String::new(),
            other_names: Vec::new(),
        });
    }
    add_names(&mut geo, names, &mut problems);
    unique(
        geo.units.iter().map(|u| &u.slug),
        "2025 unit",
        &mut problems,
    );
    unique(
        geo.former.iter().map(|f| &f.slug),
        "former unit",
        &mut problems,
    );
    if problems.is_empty() {
        Ok(geo)
    } else {
        Err(problems)
    }
}

/// Adds the names table to the former units: every one has exactly one row, with a known
/// kind and region; no other name is also a unit's name.
fn add_names(geo: &mut Geography, names: &str, problems: &mut Vec<String>) {
    for (line_no, cols) in table_rows(names) {
        let [name, kind, region, others] = cols[..] else {
            problems.push(format!("names line {line_no}: expected 4 columns"));
            continue;
        };
        let slug = slugify(name);
        let Some(f) = geo.former.iter_mut().find(|f| f.slug == slug) else {
            problems.push(format!("names line {line_no}: `{name}` is no former unit"));
            continue;
        };
        if !f.kind.is_empty() {
            problems.push(format!("names line {line_no}: `{name}` has two rows"));
        }
        if !REGIONS.iter().any(|(vi, _)| *vi == region) || kind.is_empty() {
            problems.push(format!(
                "names line {line_no}: unknown region or empty kind"
            ));
        }
        f.kind = kind.to_string();
        f.region = region.to_string();
        f.other_names = others
            .split(';')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string)
            .collect();
    }
    for f in &geo.former {
        if f.kind.is_empty() {
            problems.push(format!("names table: no row for `{}`", f.name));
        }
    }
}

/// `thành phố` or `tỉnh`, as a sentence names a unit of kind `kind`.
fn kind_word(kind: &str) -> &'static str {
    match kind.starts_with("thành phố") {
        true => "thành phố",
        false => "tỉnh",
    }
}

impl FormerUnit {
    /// `thành phố` or `tỉnh`, as a sentence names the unit before the reorganisation.
    pub fn kind_word(&self) -> &'static str {
        kind_word(&self.kind)
    }
}

impl Unit {
    /// `thành phố` or `tỉnh`, as a sentence names the unit.
    pub fn kind_word(&self) -> &'static str {
        kind_word(&self.kind)
    }
}

impl Geography {
    /// The region of a 2025 unit: its predecessor's of the same name, else its first's.
    pub fn region_of_unit(&self, unit: usize) -> &str {
        let mut former = self.predecessors(unit);
        let first = self.predecessors(unit).next();
        former
            .find(|f| f.slug == self.units[unit].slug)
            .or(first)
            .map_or("", |f| f.region.as_str())
    }
}

/// A region's English name.
pub fn region_en(region: &str) -> Option<&'static str> {
    REGIONS
        .iter()
        .find(|(vi, _)| *vi == region)
        .map(|(_, en)| *en)
}

/// The rows of a tab-separated table shipped with the program, after its `#` comments and
/// header line: (line number from 1, trimmed cells).
pub fn table_rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|(i, line)| (i + 1, line.split('\t').map(str::trim).collect()))
}

fn unique<'a>(slugs: impl Iterator<Item = &'a String>, what: &str, problems: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    for s in slugs {
        if !seen.insert(s) {
            problems.push(format!("two {what}s share the slug `{s}`"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixty_three_units_become_thirty_four() {
        let g = parse(TABLE, NAMES_TABLE).unwrap();
        assert_eq!(g.former.len(), 63);
        assert_eq!(g.units.len(), 34);
        // Every 2025 unit has a predecessor, and each former unit has one successor.
        for u in 0..g.units.len() {
            assert!(g.predecessors(u).count() >= 1, "{}", g.units[u].name);
        }
        let total: usize = (0..g.units.len()).map(|u| g.predecessors(u).count()).sum();
        assert_eq!(total, 63);
    }

    #[test]
    fn the_five_bundled_provinces() {
        let g = geography();
        let succ = |n: &str| g.successor(g.former_unit(n).unwrap()).name.clone();
        assert_eq!(succ("Vĩnh Phúc"), "Phú Thọ");
        assert_eq!(succ("Hai Duong"), "Hải Phòng");
        assert_eq!(succ("ninh-thuan"), "Khánh Hòa");
        assert_eq!(succ("Nghệ An"), "Nghệ An");
        assert_eq!(succ("Thanh Hóa"), "Thanh Hóa");
        let phu_tho = g.unit_index("Phú Thọ").unwrap();
        let names: Vec<_> = g.predecessors(phu_tho).map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["Phú Thọ", "Vĩnh Phúc", "Hòa Bình"]);
        assert_eq!(g.unit_by_code(25).map(|u| u.name.as_str()), Some("Phú Thọ"));
        assert!(g.former_unit("Atlantis").is_none());
    }

    #[test]
    fn names_are_unique_after_slugging() {
        let g = geography();
        let mut slugs: Vec<_> = g.former.iter().map(|f| &f.slug).collect();
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), 63);
    }

    #[test]
    fn broken_tables_are_refused() {
        let head = "code\tname\tkind\tcommunes\tbefore\n";
        let names = "name\tkind\tregion\tother\nX\ttỉnh\tTây Nguyên\t\nY\ttỉnh\tTây Nguyên\t\n";
        let clash = format!("{head}1\tA\ttỉnh\t3\tX\n1\tB\ttỉnh\t3\tY\n");
        assert!(parse(&clash, names).unwrap_err()[0].contains("code 1"));
        let dup = format!("{head}1\tA\ttỉnh\t3\tX\n2\tB\ttỉnh\t3\tx\n");
        assert!(
            parse(&dup, names)
                .unwrap_err()
                .iter()
                .any(|p| p.contains("former unit"))
        );
        let short = format!("{head}1\tA\ttỉnh\n");
        assert!(parse(&short, names).unwrap_err()[0].contains("5 columns"));
        let nan = format!("{head}one\tA\ttỉnh\t3\tX\n");
        assert!(parse(&nan, names).unwrap_err()[0].contains("numbers"));
        let ok = format!("{head}1\tA\ttỉnh\t3\tX\n1\tA\ttỉnh\t3\tY\n");
        assert!(parse(&ok, names).is_ok());
        let unnamed = format!("{head}1\tA\ttỉnh\t3\tX\n1\tA\ttỉnh\t3\tZ\n");
        assert!(
            parse(&unnamed, names)
                .unwrap_err()
                .iter()
                .any(|p| p.contains("`Y` is no former unit"))
        );
    }
}
