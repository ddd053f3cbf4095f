//! A tile-grid map of Vietnam: one equal square per provincial unit, placed to follow the
//! country's shape, coloured by each province's latest figure on a sequential scale.
//!
//! No boundary data is needed: the grids (63 units before 1 July 2025, 34 after) are hand
//! placed in `data/tile-grid.tsv` and checked against the geography table when first read.
//! Which grid an indicator gets depends on the years of its data ([`era`]); a province page
//! is placed by the unit it declares (`unit_before_2025` / `unit_from_2025`), and a unit the
//! reorganisation left unchanged is found on both maps. Units without a figure are hatched
//! and named in the legend; the chart's data table lists the figures as text.

use super::element::{El, Elements};
use super::svg::{Canvas, Group};
use super::text;
use super::tile_grid::{Era, Grid, LEGEND_COLS, Tile, grid};
use super::types::{ChartType, Depends, Subject};
use super::{Chart, ChartKind, Context};
use crate::format;
use crate::model::geography::{self, FIRST_YEAR};
use crate::model::{AdminUnit, Better, Indicator, IndicatorRef, Kind, Observation, Province, Site};
use crate::values::indicator_name;

/// Side of a tile and the gap between tiles, in viewBox units. Seven columns make a map
/// 375 units wide: drawn between 278 px (a 320 px phone) and 392 px (its CSS cap) wide, its
/// 15-unit text shows between 11 and 16 px.
const TILE: f64 = 49.0;
const PITCH: f64 = 53.0;
const MARGIN: f64 = 4.0;
/// Labels: the short name (bold) and the year; a name wider than its tile is squeezed. The
/// theme's `.chart-svg text` sets their size (14 units); they are fitted as if 15, for
/// room to spare (the `font-size="15"` the map once wrote lost to that rule everywhere).
const FONT: f64 = 15.0;
const LEGEND_LINE: f64 = 22.0;

/// How many steps the sequential ramp has: a class is drawn in `ramp-1` (least) to
/// `ramp-6` (most), whose colours and text colours are the theme's (`--map-N`,
/// `--map-ink-N`, in each scheme).
const RAMP: usize = 6;

/// The map for an indicator: the 34 units once a province page about a unit from 2025 has
/// a figure for 2025 or later, else the 63 former units (the figures then predate the
/// reorganisation).
pub fn era(cx: Context, r: IndicatorRef) -> Era {
    let after = cx.site.provinces_with(r).any(|(p, s)| {
        matches!(p.unit, Some(AdminUnit::From2025(_)))
            && s.reported().any(|o| o.year.get() >= FIRST_YEAR)
    });
    if after {
        Era::From2025
    } else {
        Era::Before2025
    }
}

/// The tile a province is drawn on in `era`: the unit it declares, or the one it stayed
/// the same as when the reorganisation did not merge it.
pub fn tile_unit(p: &Province, era: Era) -> Option<usize> {
    let geo = geography::geography();
    match (p.unit?, era) {
        (AdminUnit::Before2025(f), Era::Before2025) => Some(f),
        (AdminUnit::From2025(u), Era::From2025) => Some(u),
        (AdminUnit::Before2025(f), Era::From2025) => {
            let u = geo.former[f].successor;
            (geo.predecessors(u).count() == 1).then_some(u)
        }
        (AdminUnit::From2025(u), Era::Before2025) => {
            let mut pre = geo.predecessors(u);
            match (pre.next(), pre.next()) {
                (Some(only), None) => geo.former.iter().position(|f| f.slug == only.slug),
                _ => None,
            }
        }
    }
}

/// The colour classes: round breaks covering the figures, darkest for the best; whole
/// breaks for whole-number indicators (no "8,5–9" for a rank).
struct Scale {
    breaks: Vec<f64>,
    decimals: u8,
    /// Lower is better: the darkest class holds the lowest figures.
    reversed: bool,
}

impl Scale {
    fn new(values: &[f64], better: Better, whole: bool) -> Scale {
        let min = values.iter().copied().fold(f64::INFINITY, f64::min);
        let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let ticks = if whole {
            super::scale::nice_integer(min, max, 5)
        } else {
            super::scale::nice(min, max, 5)
        };
        Scale {
            breaks: ticks.values,
            decimals: ticks.decimals,
            reversed: better == Better::Lower,
        }
    }

    fn classes(&self) -> usize {
        self.breaks.len().saturating_sub(1).max(1)
    }

    fn class_of(&self, v: f64) -> usize {
        let last = self.classes() - 1;
        (0..last)
            .find(|&k| v < self.breaks.get(k + 1).copied().unwrap_or(f64::INFINITY))
            .unwrap_or(last)
    }

    /// The ramp class (`ramp-1` … `ramp-6`) of class `k`: classes spread over the ramp,
    /// least to most.
    fn colours(&self, k: usize) -> String {
        let n = self.classes();
        let k = if self.reversed { n - 1 - k } else { k };
        let i = if n == 1 {
            RAMP - 2
        } else {
            (k * (RAMP - 1) + (n - 1) / 2) / (n - 1)
        };
        format!("ramp-{}", i.min(RAMP - 1) + 1)
    }
}

/// How many provinces with a figure for indicator `r` are units of its map (the map exists
/// when there is one).
pub fn tile_map_provinces<'a>(cx: impl Into<Context<'a>>, r: IndicatorRef) -> usize {
    let cx = cx.into();
    let era = era(cx, r);
    cx.site
        .provinces_with(r)
        .filter(|(p, s)| s.latest().is_some() && tile_unit(p, era).is_some())
        .count()
}

/// A tile-grid map of Vietnam, one square per provincial unit (the 63 before 1 July 2025
/// or the 34 after, by the years of the indicator's data), coloured by each province's
/// latest figure, with a legend; units without a figure hatched.
pub struct TileMap;

impl ChartType for TileMap {
    fn kind(&self) -> ChartKind {
        ChartKind::TileMap
    }

    fn has_data(&self, site: &Site, s: &Subject) -> bool {
        tile_map_provinces(site, s.indicator) > 0
    }

    fn depends(&self) -> Depends {
        Depends::EveryProvince
    }

    fn draw(&self, cx: Context, s: &Subject, id: &str) -> Option<Chart> {
        tile_map(cx, s.indicator, &super::safe_id(id))
    }
}

/// The map of indicator `r`, or `None` when no province with a figure is on it.
fn tile_map(cx: Context, r: IndicatorRef, id: &str) -> Option<Chart> {
    let (site, lang) = (cx.site, cx.lang);
    let ind = site.indicator(r);
    let era = era(cx, r);
    let grid = grid(era);
    let geo = geography::geography();
    // Each tile's province and latest figure (the first page about a unit wins).
    let mut placed: Vec<Option<(&Province, &Observation)>> = vec![None; grid.tiles.len()];
    for (p, s) in site.provinces_with(r) {
        let (Some(unit), Some(obs)) = (tile_unit(p, era), s.latest()) else {
            continue;
        };
        if let Some(i) = grid.tiles.iter().position(|t| t.unit == unit)
            && placed[i].is_none()
        {
            placed[i] = Some((p, obs));
        }
    }
    let with_data: Vec<(&Province, &Observation)> = placed.iter().flatten().copied().collect();
    if with_data.is_empty() {
        return None;
    }
    let values: Vec<f64> = with_data.iter().map(|(_, o)| cx.position(ind, o)).collect();
    let scale = Scale::new(&values, ind.better, whole_numbers(ind));
    let unit_name = |t: &Tile| match era {
        Era::Before2025 => geo.former[t.unit].name.as_str(),
        Era::From2025 => geo.units[t.unit].name.as_str(),
    };
    let (cols, rows) = (grid.cols(), grid.rows());
    let width = 2.0 * MARGIN + f64::from(cols) * PITCH - (PITCH - TILE);
    let height = 2.0 * MARGIN + f64::from(rows) * PITCH - (PITCH - TILE);
    let mut canvas = Canvas::new(width as u32, height as u32);
    canvas.background()?;
    let hatch = format!("{id}-hatch");
    // The layers name this chart's pattern once (`--hatch`); the theme fills a unit
    // without a figure with it (`.no-data`).
    let hatch_var = format!("--hatch:url(#{hatch})");
    canvas.defs(|e| {
        let el = e
            .el("pattern")
            .attr("id", &hatch)
            .num("width", 6.0)
            .num("height", 6.0);
        let el = el.attr("patternUnits", "userSpaceOnUse");
        el.attr("patternTransform", "rotate(45)").open();
        let el = e.el("rect").num("width", 6.0).num("height", 6.0);
        el.attr("class", "hatch-bg").end();
        let el = e.el("line").num("x1", 0.0).num("y1", 0.0).num("x2", 0.0);
        let el = el.num("y2", 6.0).attr("class", "hatch-line");
        el.num("stroke-width", 2.0).end();
        e.close("pattern");
    });
    let tiles = Group::new("tiles baseline").attr("style", hatch_var.as_str());
    canvas.shapes(tiles, |e| {
        for (t, figure) in grid.tiles.iter().zip(&placed) {
            let x = MARGIN + f64::from(t.col) * PITCH;
            let y = MARGIN + f64::from(t.row) * PITCH;
            let name = unit_name(t);
            // Colours come from the theme (`ramp-N`, both schemes), and the hatch of a unit
            // without a figure (`no-data`).
            let (class, tip, year) = match figure {
                Some((p, o)) => {
                    let ramp = scale.colours(scale.class_of(cx.position(ind, o)));
                    let shown = text::province_name(p, lang);
                    let tip = format!(
                        "{shown}: {} ({})",
                        cx.figure(ind, o).value(),
                        cx.figure(ind, o).year_status()
                    );
                    (ramp, tip, Some(o.year.to_string()))
                }
                None => (
                    "no-data".to_string(),
                    format!("{name}: {}", cx.t("map_no_data")),
                    None,
                ),
            };
            let group = Group::new(class)
                .attr("data-unit", crate::slug::slugify(name))
                .tooltip(tip);
            e.group(&group, |e| {
                e.el("rect").rect((x, y), (TILE, TILE)).num("rx", 3.0).end();
                let cx_ = x + TILE / 2.0;
                let name_y = match year {
                    None => y + TILE / 2.0 + 4.5,
                    Some(_) => y + 21.0,
                };
                label(e, &t.short, (cx_, name_y), true);
                if let Some(year) = &year {
                    label(e, year, (cx_, y + 39.0), false);
                }
            });
        }
    });
    let legend_layer = Group::new("legend baseline").attr("style", hatch_var.as_str());
    canvas.shapes(legend_layer, |e| {
        legend(e, cx, grid, &scale, ind);
    });

    let name = indicator_name(ind, lang);
    let total = grid.tiles.len().to_string();
    let era_words = cx.t(match era {
        Era::Before2025 => "map_before_2025",
        Era::From2025 => "map_from_2025",
    });
    let title = cx.fill(
        "chart_tilemap_title",
        &[("name", name), ("total", &total), ("era", era_words)],
    );
    let shown = with_data.len().to_string();
    let description = cx.fill(
        "chart_tilemap_description",
        &[("total", &total), ("era", era_words), ("shown", &shown)],
    );
    let table = super::series::province_table(cx, ind, &with_data);
    Some(canvas.into_chart(ChartKind::TileMap, id, lang, (title, description), table))
}

/// Whether the indicator's figures are whole numbers (counts, ranks, no decimals), so its
/// classes must be too.
fn whole_numbers(ind: &Indicator) -> bool {
    matches!(ind.kind, Kind::Count | Kind::Rank) || ind.decimals == 0
}

/// One line of text centred on `x` (the `tiles` layer's anchor), squeezed to the tile when
/// it would overflow; its colour is its tile's (`--map-ink-N`).
fn label(e: &mut Elements, s: &str, (x, y): (f64, f64), bold: bool) {
    let el = e.el("text").num("x", x).num("y", y);
    let el = el.attr_if("font-weight", bold.then_some("bold"));
    fit(el, s, TILE - 4.0, bold).text("text", s);
}

/// `textLength` squeezing `s` into `room` when it would overflow.
fn fit<'e>(el: El<'e>, s: &str, room: f64, bold: bool) -> El<'e> {
    if text::width(s, FONT) * if bold { 1.1 } else { 1.0 } > room {
        el.num("textLength", room)
            .attr("lengthAdjust", "spacingAndGlyphs")
    } else {
        el
    }
}

/// The legend in the grid's sea corner: the unit, one swatch per class (darkest first),
/// and the hatch for units without a figure.
fn legend(e: &mut Elements, cx: Context, grid: &Grid, scale: &Scale, ind: &Indicator) {
    let x = MARGIN + f64::from(grid.legend.0) * PITCH;
    let mut y = MARGIN + f64::from(grid.legend.1) * PITCH + 14.0;
    let room = f64::from(LEGEND_COLS) * PITCH - (PITCH - TILE);
    let unit = crate::values::unit(ind, cx.lang);
    if !unit.is_empty() {
        let el = e.el("text").num("x", x).num("y", y);
        let el = el.attr("font-weight", "bold");
        fit(el, unit, room, true).text("text", unit);
        y += LEGEND_LINE;
    }
    let percent = unit == "%";
    let num = |v: f64| {
        let n = format::scale_label(v, scale.decimals, cx.lang);
        if percent { format!("{n}%") } else { n }
    };
    let mut classes: Vec<usize> = (0..scale.classes()).collect();
    if !scale.reversed {
        classes.reverse();
    }
    let swatch = |e: &mut Elements, class: &str, words: &str, y: f64| {
        let el = e.el("rect").rect((x, y - 12.0), (16.0, 16.0));
        el.attr("class", class).end();
        let el = e.el("text").num("x", x + 22.0).num("y", y);
        fit(el, words, room - 22.0, false).text("text", words);
    };
    for k in classes {
        let lo = scale.breaks.get(k).copied().unwrap_or_default();
        let hi = scale.breaks.get(k + 1).copied().unwrap_or(lo);
        let words = format!("{}–{}", num(lo), num(hi));
        swatch(e, &format!("swatch {}", scale.colours(k)), &words, y);
        y += LEGEND_LINE;
    }
    swatch(e, "swatch no-data", cx.t("map_no_data"), y);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_run_from_light_to_dark_and_reverse_when_lower_is_better() {
        let s = Scale::new(&[10.0, 55.0, 100.0], Better::Higher, false);
        assert_eq!(s.breaks.first(), Some(&0.0));
        assert_eq!(s.class_of(100.0), s.classes() - 1);
        assert_eq!(s.colours(s.class_of(100.0)), "ramp-6");
        assert_eq!(s.colours(s.class_of(10.0)), "ramp-1");
        let ranks = Scale::new(&[1.0, 40.0], Better::Lower, true);
        assert_eq!(ranks.colours(ranks.class_of(1.0)), "ramp-6");
    }

    #[test]
    fn whole_number_classes_have_whole_breaks() {
        // One rank of 9: the fractional scale would break at 8,5 and 9,5.
        let s = Scale::new(&[9.0], Better::Lower, true);
        assert!(s.breaks.iter().all(|b| b.fract() == 0.0), "{:?}", s.breaks);
        assert_eq!(s.decimals, 0);
        let s = Scale::new(&[2.6, 2.8], Better::Higher, true);
        assert!(s.breaks.iter().all(|b| b.fract() == 0.0), "{:?}", s.breaks);
    }
}
