//! The tile grids of the map of Vietnam (63 units before 1 July 2025, 34 after), hand
//! placed in `data/tile-grid.tsv` and checked against the geography table when first read.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::model::geography::{self, Geography};

/// The legend's box is three tiles wide and four tall, at the grid's `legend` cell.
pub(super) const LEGEND_COLS: u16 = 3;
const LEGEND_ROWS: u16 = 4;

/// The grids, as shipped.
const GRID: &str = include_str!("../../data/tile-grid.tsv");

/// Which set of provincial units a map shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Era {
    /// The 63 units before 1 July 2025.
    Before2025,
    /// The 34 units from 1 July 2025.
    From2025,
}

/// One unit's square.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tile {
    /// Index into `geography().former` (63-unit map) or `geography().units` (34-unit map).
    pub unit: usize,
    pub col: u16,
    pub row: u16,
    /// The label drawn on the tile.
    pub short: String,
}

/// A hand-placed map: its tiles and the top-left cell of its legend.
#[derive(Debug, Clone)]
pub struct Grid {
    pub tiles: Vec<Tile>,
    pub legend: (u16, u16),
}

impl Grid {
    pub(super) fn cols(&self) -> u16 {
        let tiles = self.tiles.iter().map(|t| t.col + 1).max().unwrap_or(0);
        tiles.max(self.legend.0 + LEGEND_COLS)
    }

    pub(super) fn rows(&self) -> u16 {
        let tiles = self.tiles.iter().map(|t| t.row + 1).max().unwrap_or(0);
        tiles.max(self.legend.1 + LEGEND_ROWS)
    }
}

/// The shipped grid of `era`.
pub fn grid(era: Era) -> &'static Grid {
    static GRIDS: OnceLock<(Grid, Grid)> = OnceLock::new();
    // The table is part of the program, not user input; the tests parse it.
    let (before, after) = GRIDS.get_or_init(|| {
        parse(GRID, geography::geography()).expect("data/tile-grid.tsv is checked by the tests")
    });
    match era {
        Era::Before2025 => before,
        Era::From2025 => after,
    }
}

/// Parses and checks the grids against `geo`: every unit of each era exactly once, known
/// names, no two tiles (or a tile and the legend) in one cell, short labels unique.
pub fn parse(text: &str, geo: &Geography) -> Result<(Grid, Grid), Vec<String>> {
    let mut problems = Vec::new();
    let mut grids = [
        (Era::Before2025, Vec::new(), None),
        (Era::From2025, Vec::new(), None),
    ];
    for (n, cols) in geography::table_rows(text) {
        let [map, col, row, short, name] = cols[..] else {
            problems.push(format!("line {n}: expected 5 columns"));
            continue;
        };
        let (Ok(col), Ok(row)) = (col.parse::<u16>(), row.parse::<u16>()) else {
            problems.push(format!("line {n}: col and row must be numbers"));
            continue;
        };
        let (tiles, legend) = match map {
            "63" => (&mut grids[0].1, &mut grids[0].2),
            "34" => (&mut grids[1].1, &mut grids[1].2),
            _ => {
                problems.push(format!("line {n}: map must be 63 or 34"));
                continue;
            }
        };
        if short == "legend" {
            *legend = Some((col, row));
            continue;
        }
        let unit = match map {
            "63" => geo.former.iter().position(|f| f.name == name),
            _ => geo.units.iter().position(|u| u.name == name),
        };
        match unit {
            Some(unit) => tiles.push(Tile {
                unit,
                col,
                row,
                short: short.to_string(),
            }),
            None => problems.push(format!("line {n}: `{name}` is not a unit of map {map}")),
        }
    }
    let [(_, before, lb), (_, after, la)] = grids;
    let mut out = Vec::new();
    for (label, tiles, legend, units) in [
        ("63", before, lb, geo.former.len()),
        ("34", after, la, geo.units.len()),
    ] {
        let Some(legend) = legend else {
            problems.push(format!("map {label}: no legend row"));
            continue;
        };
        let grid = Grid { tiles, legend };
        check(&grid, units, label, &mut problems);
        out.push(grid);
    }
    match (problems.is_empty(), out.pop(), out.pop()) {
        (true, Some(after), Some(before)) => Ok((before, after)),
        _ => Err(problems),
    }
}

fn check(grid: &Grid, units: usize, label: &str, problems: &mut Vec<String>) {
    let mut seen_units = vec![0; units];
    let mut cells = HashSet::new();
    let mut shorts = HashSet::new();
    for t in &grid.tiles {
        seen_units[t.unit] += 1;
        if !cells.insert((t.col, t.row)) {
            problems.push(format!("map {label}: two tiles at {},{}", t.col, t.row));
        }
        if !shorts.insert(&t.short) {
            problems.push(format!("map {label}: two tiles labelled `{}`", t.short));
        }
    }
    for (u, n) in seen_units.iter().enumerate() {
        if *n != 1 {
            problems.push(format!("map {label}: unit {u} has {n} tiles"));
        }
    }
    let (lc, lr) = grid.legend;
    for c in lc..lc + LEGEND_COLS {
        for r in lr..lr + LEGEND_ROWS {
            if cells.contains(&(c, r)) {
                problems.push(format!(
                    "map {label}: the legend covers the tile at {c},{r}"
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unit_has_one_tile_and_no_tiles_overlap() {
        let geo = geography::geography();
        let (before, after) = parse(GRID, geo).unwrap();
        assert_eq!(before.tiles.len(), 63);
        assert_eq!(after.tiles.len(), 34);
        for (grid, units) in [(&before, geo.former.len()), (&after, geo.units.len())] {
            let mut seen: Vec<usize> = grid.tiles.iter().map(|t| t.unit).collect();
            seen.sort_unstable();
            assert_eq!(seen, (0..units).collect::<Vec<_>>());
            let cells: HashSet<(u16, u16)> = grid.tiles.iter().map(|t| (t.col, t.row)).collect();
            assert_eq!(cells.len(), grid.tiles.len());
        }
    }

    #[test]
    fn broken_grids_are_refused() {
        let geo = geography::geography();
        let twice = GRID.replace("63\t1\t0\tL.Châu\tLai Châu", "63\t2\t0\tL.Châu\tLai Châu");
        let e = parse(&twice, geo).unwrap_err();
        assert!(e.iter().any(|p| p.contains("two tiles at 2,0")), "{e:?}");
        let missing = GRID.replace("63\t1\t0\tL.Châu\tLai Châu\n", "");
        let e = parse(&missing, geo).unwrap_err();
        assert!(e.iter().any(|p| p.contains("has 0 tiles")), "{e:?}");
        let unknown = GRID.replace("Lai Châu\n", "Atlantis\n");
        assert!(parse(&unknown, geo).unwrap_err()[0].contains("Atlantis"));
        let covered = GRID.replace("63\t4\t16\tlegend", "63\t0\t16\tlegend");
        let e = parse(&covered, geo).unwrap_err();
        assert!(e.iter().any(|p| p.contains("legend covers")), "{e:?}");
    }
}
