//! The generator of random valid sites: a plain description of a site ([`SiteSpec`]) drawn
//! by proptest, and the files it stands for ([`SiteSpec::write`]).
//!
//! Every dimension the product offers is here: provinces (1–40; 1–12 by default), drafts of
//! every kind (marked, an empty section, no figures) on provinces, earlier editions,
//! translations and free pages; 2025 units (`unit_before_2025`, `unit_from_2025`, merged
//! and unmerged); one or two languages; derived figures, claims, qualifiers and statuses;
//! scopes and notes; a template override; search on or off; the PDF edition (one site in
//! four, of at most [`PDF_PROVINCES`] provinces, its summaries full of Typst's special
//! characters). The base URLs are the property tests' own dimension ([`BASE_URLS`]). A new
//! feature adds its dimension here.

use std::fmt::Write as _;
use std::path::Path;

use proptest::prelude::*;
use proptest::sample::subsequence;

/// Every base URL each generated site is checked and built under.
pub const BASE_URLS: [&str; 4] = [
    "/",
    "/bao-cao/",
    "https://example.org/",
    "https://example.github.io/bao-cao/",
];

/// Former provinces (before 1 July 2025) the generated provinces are named after, with the
/// unit they became part of. Several share a unit, so merged units get several pages.
pub const FORMER: [(&str, &str, &str); 24] = [
    ("vinh-phuc", "Vĩnh Phúc", "Phú Thọ"),
    ("phu-tho", "Phú Thọ", "Phú Thọ"),
    ("hoa-binh", "Hòa Bình", "Phú Thọ"),
    ("nghe-an", "Nghệ An", "Nghệ An"),
    ("thanh-hoa", "Thanh Hóa", "Thanh Hóa"),
    ("ninh-thuan", "Ninh Thuận", "Khánh Hòa"),
    ("khanh-hoa", "Khánh Hòa", "Khánh Hòa"),
    ("hai-duong", "Hải Dương", "Hải Phòng"),
    ("hai-phong", "Hải Phòng", "Hải Phòng"),
    ("ha-giang", "Hà Giang", "Tuyên Quang"),
    ("tuyen-quang", "Tuyên Quang", "Tuyên Quang"),
    ("cao-bang", "Cao Bằng", "Cao Bằng"),
    ("lai-chau", "Lai Châu", "Lai Châu"),
    ("quang-nam", "Quảng Nam", "Đà Nẵng"),
    ("da-nang", "Đà Nẵng", "Đà Nẵng"),
    ("ha-nam", "Hà Nam", "Ninh Bình"),
    ("nam-dinh", "Nam Định", "Ninh Bình"),
    ("ninh-binh", "Ninh Bình", "Ninh Bình"),
    ("dak-nong", "Đắk Nông", "Lâm Đồng"),
    ("binh-thuan", "Bình Thuận", "Lâm Đồng"),
    ("ben-tre", "Bến Tre", "Vĩnh Long"),
    ("tra-vinh", "Trà Vinh", "Vĩnh Long"),
    ("ca-mau", "Cà Mau", "Cà Mau"),
    ("bac-lieu", "Bạc Liêu", "Cà Mau"),
];

/// The catalog every generated site shares: one indicator of each kind that matters.
pub const INDICATORS: [Indicator; 6] = [
    Indicator {
        id: "subscribers",
        kind: "count",
        unit: "thuê bao",
        decimals: 0,
        trim_zeros: false,
    },
    Indicator {
        id: "revenue",
        kind: "money",
        unit: "tỷ đồng",
        decimals: 0,
        trim_zeros: false,
    },
    Indicator {
        id: "signed_share",
        kind: "percent",
        unit: "%",
        decimals: 1,
        trim_zeros: true,
    },
    Indicator {
        id: "ict_rank",
        kind: "rank",
        unit: "hạng",
        decimals: 0,
        trim_zeros: false,
    },
    Indicator {
        id: "par_score",
        kind: "score",
        unit: "điểm",
        decimals: 2,
        trim_zeros: false,
    },
    Indicator {
        id: "stations",
        kind: "count",
        unit: "trạm",
        decimals: 0,
        trim_zeros: false,
    },
];

#[derive(Debug, Clone, Copy)]
pub struct Indicator {
    pub id: &'static str,
    pub kind: &'static str,
    pub unit: &'static str,
    pub decimals: u8,
    /// `trim_zeros:` in the catalog: both ways of printing decimals are in every site.
    pub trim_zeros: bool,
}

impl Indicator {
    /// Whether derived figures of it are drawn from the distinctive pool (whole numbers
    /// ending in 7, over 1,000), so the property tests can find every place that shows them.
    pub fn traceable(&self) -> bool {
        matches!(self.kind, "count" | "money")
    }
}

/// The most provinces a site with the PDF edition has: typesetting in a debug build is
/// slow, and the case's time limit is the same for every site.
pub const PDF_PROVINCES: usize = 3;

/// Pieces of the remarks a PDF site's summaries end with: what Typst treats specially,
/// with letters. No braces or quotes (the front matter writes it in double quotes) and no
/// digits (the checks look for figures by their digits).
const SPECIAL: [&str; 20] = [
    "#", "$", "*", "_", "@", "<", ">", "\\", "`", "=", "-", "+", "/", "//", "/*", "[", "]", "~",
    "ặ", "x",
];

/// Years of the figures; sources are dated 2023 or later, so actual figures are never newer
/// than their source.
pub const YEARS: [u16; 6] = [2016, 2017, 2018, 2019, 2020, 2022];

#[derive(Debug, Clone)]
pub struct SiteSpec {
    pub english: bool,
    pub search: bool,
    /// A site theme overriding the default's province page and chart stylesheet.
    pub theme_override: bool,
    /// The PDF edition on (`site.yaml` `pdf`); the first base URL's builds write it.
    pub pdf: bool,
    pub sources: Vec<SourceSpec>,
    pub provinces: Vec<ProvinceSpec>,
    pub pages: Vec<PageSpec>,
}

#[derive(Debug, Clone)]
pub struct SourceSpec {
    /// Year and month of publication; `None`: an undated article.
    pub date: Option<(u16, u8)>,
    pub event: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Draft {
    No,
    Marked,
    EmptySection,
    NoFigures,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    None,
    /// `unit_before_2025`: the former province the page is named after.
    Before,
    /// `unit_from_2025`: the unit it became part of.
    From,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Translation {
    None,
    Ready,
    /// An `index.en.md` with an empty section.
    Draft,
}

#[derive(Debug, Clone)]
pub struct ObsSpec {
    pub year: u16,
    pub seed: u32,
    pub qualifier: &'static str,
    pub status: &'static str,
    pub derived: Option<&'static str>,
    pub scope: bool,
    pub note: bool,
}

#[derive(Debug, Clone)]
pub struct SeriesSpec {
    pub indicator: usize,
    pub observations: Vec<ObsSpec>,
    /// A claim (`gấp N lần`) on the last figure, based on the first.
    pub claim: bool,
}

#[derive(Debug, Clone)]
pub struct EditionSpec {
    pub year: u16,
    pub draft: bool,
}

#[derive(Debug, Clone)]
pub struct ProvinceSpec {
    /// Index into [`FORMER`]; unique within a site.
    pub former: usize,
    pub unit: Unit,
    pub draft: Draft,
    pub translation: Translation,
    pub series: Vec<SeriesSpec>,
    /// Inline values written in the prose: (series, observation).
    pub values: Vec<(usize, usize)>,
    /// A chart block of this series, and its type.
    pub chart: Option<(usize, &'static str)>,
    pub editions: Vec<EditionSpec>,
    /// A Markdown link to another province of the site (by position in `provinces`) or to
    /// the sources page, written relative to the site.
    pub link: Option<Link>,
    pub source: usize,
    /// Typst's special characters, ending the summary on a site with the PDF edition.
    pub remark: String,
}

#[derive(Debug, Clone, Copy)]
pub enum Link {
    Province(usize),
    Sources,
}

#[derive(Debug, Clone)]
pub struct PageSpec {
    pub draft: bool,
    pub translation: Translation,
}

fn obs_strategy() -> impl Strategy<Value = ObsSpec> {
    (
        0usize..YEARS.len(),
        1u32..900,
        prop::sample::select(vec!["exact", "exact", "approximate", "at_least", "nearly"]),
        prop::sample::select(vec!["actual", "actual", "actual", "estimate", "target"]),
        prop::option::weighted(
            0.3,
            prop::sample::select(vec!["true", "sum", "back_computed"]),
        ),
        prop::bool::weighted(0.2),
        prop::bool::weighted(0.3),
    )
        .prop_map(
            |(y, seed, qualifier, status, derived, scope, note)| ObsSpec {
                year: YEARS[y],
                seed,
                qualifier,
                status,
                derived,
                scope,
                note,
            },
        )
}

fn series_strategy() -> impl Strategy<Value = Vec<SeriesSpec>> {
    subsequence((0..INDICATORS.len()).collect::<Vec<_>>(), 1..=4).prop_flat_map(|indicators| {
        let n = indicators.len();
        (
            Just(indicators),
            prop::collection::vec(prop::collection::vec(obs_strategy(), 1..=4), n),
            prop::collection::vec(prop::bool::weighted(0.3), n),
        )
            .prop_map(|(indicators, obs, claims)| {
                indicators
                    .into_iter()
                    .zip(obs)
                    .zip(claims)
                    .map(|((indicator, mut observations), claim)| {
                        // One figure per year and status, in year order.
                        observations.sort_by_key(|o| o.year);
                        observations.dedup_by_key(|o| o.year);
                        SeriesSpec {
                            indicator,
                            claim: claim
                                && observations.len() > 1
                                && INDICATORS[indicator].traceable(),
                            observations,
                        }
                    })
                    .collect()
            })
    })
}

fn province_strategy(sources: usize) -> impl Strategy<Value = ProvinceSpec> {
    (
        prop::sample::select(vec![Unit::None, Unit::Before, Unit::Before, Unit::From]),
        prop::sample::select(vec![
            Draft::No,
            Draft::No,
            Draft::No,
            Draft::No,
            Draft::Marked,
            Draft::EmptySection,
            Draft::NoFigures,
        ]),
        prop::sample::select(vec![
            Translation::None,
            Translation::Ready,
            Translation::Ready,
            Translation::Draft,
        ]),
        series_strategy(),
        prop::collection::vec(
            (any::<prop::sample::Index>(), any::<prop::sample::Index>()),
            0..3,
        ),
        prop::option::weighted(
            0.6,
            (
                any::<prop::sample::Index>(),
                prop::sample::select(vec!["line", "bar", "progress"]),
            ),
        ),
        prop::collection::vec((2019u16..=2021, prop::bool::weighted(0.3)), 0..=2),
        prop::option::weighted(
            0.4,
            prop_oneof![
                3 => any::<prop::sample::Index>().prop_map(|i| Link::Province(i.index(1000))),
                1 => Just(Link::Sources),
            ],
        ),
        0..sources,
        prop::collection::vec(prop::sample::select(SPECIAL.to_vec()), 1..16)
            .prop_map(|v| v.concat()),
    )
        .prop_map(
            |(unit, draft, translation, series, values, chart, editions, link, source, remark)| {
                let values = values
                    .into_iter()
                    .map(|(s, o)| {
                        let s = s.index(series.len());
                        (s, o.index(series[s].observations.len()))
                    })
                    .collect();
                let chart = chart.map(|(s, kind)| {
                    let s = s.index(series.len());
                    // A progress bar is for shares only.
                    let kind = if INDICATORS[series[s].indicator].kind == "percent" {
                        kind
                    } else if kind == "progress" {
                        "line"
                    } else {
                        kind
                    };
                    (s, kind)
                });
                let mut editions: Vec<EditionSpec> = editions
                    .into_iter()
                    .map(|(year, draft)| EditionSpec { year, draft })
                    .collect();
                editions.sort_by_key(|e| e.year);
                editions.dedup_by_key(|e| e.year);
                ProvinceSpec {
                    former: 0,
                    unit,
                    draft,
                    translation,
                    series,
                    values,
                    chart,
                    editions,
                    link,
                    source,
                    remark,
                }
            },
        )
}

/// The largest number of provinces a generated site has: `ICTREPORT_PROPTEST_PROVINCES`
/// (up to 24, the names available), 12 by default.
pub fn max_provinces() -> usize {
    std::env::var("ICTREPORT_PROPTEST_PROVINCES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12usize)
        .clamp(1, FORMER.len())
}

pub fn site_strategy() -> impl Strategy<Value = SiteSpec> {
    let sources = prop::collection::vec(
        (
            prop::option::weighted(0.7, (2023u16..=2024, 1u8..=12)),
            prop::bool::weighted(0.3),
        )
            .prop_map(|(date, event)| SourceSpec { date, event }),
        1..=3,
    );
    (
        any::<bool>(),
        prop::bool::weighted(0.3),
        (prop::bool::weighted(0.2), prop::bool::weighted(0.25)),
        sources,
        subsequence((0..FORMER.len()).collect::<Vec<_>>(), 1..=max_provinces()),
        prop::collection::vec(
            (
                prop::bool::weighted(0.3),
                prop::sample::select(vec![
                    Translation::None,
                    Translation::Ready,
                    Translation::Draft,
                ]),
            )
                .prop_map(|(draft, translation)| PageSpec { draft, translation }),
            0..=2,
        ),
    )
        .prop_flat_map(
            |(english, search, (theme_override, pdf), sources, mut formers, pages)| {
                if pdf {
                    formers.truncate(PDF_PROVINCES);
                }
                let n = formers.len();
                let s = sources.len();
                (
                    Just((
                        english,
                        search,
                        (theme_override, pdf),
                        sources,
                        formers,
                        pages,
                    )),
                    prop::collection::vec(province_strategy(s), n),
                )
            },
        )
        .prop_map(
            |((english, search, (theme_override, pdf), sources, formers, pages), provinces)| {
                let n = provinces.len();
                let provinces = provinces
                    .into_iter()
                    .zip(formers)
                    .map(|(mut p, former)| {
                        p.former = former;
                        if let Some(Link::Province(i)) = p.link {
                            p.link = Some(Link::Province(i % n));
                        }
                        p
                    })
                    .collect();
                let mut site = SiteSpec {
                    english,
                    search,
                    theme_override,
                    pdf,
                    sources,
                    provinces,
                    pages,
                };
                site.keep_drawable_charts();
                site
            },
        )
}

/// Whether a figure is a result (actual or estimate): charts and comparisons draw these.
fn reported(o: &ObsSpec) -> bool {
    o.status != "target"
}

impl SiteSpec {
    /// Makes every chart block one that can be drawn, as a careful author writes them: a
    /// comparison (bar) needs two published provinces with results, a line two years of
    /// results, a progress bar a share; a chart that cannot be any is left out.
    fn keep_drawable_charts(&mut self) {
        let reporting = |ind: usize| {
            self.provinces
                .iter()
                .filter(|p| !p.is_draft() && p.has_figures())
                .filter(|p| {
                    p.series
                        .iter()
                        .any(|s| s.indicator == ind && s.observations.iter().any(reported))
                })
                .count()
        };
        let charts: Vec<Option<(usize, &'static str)>> = self
            .provinces
            .iter()
            .map(|p| {
                let (si, kind) = p.chart?;
                let series = &p.series[si];
                let results = series.observations.iter().filter(|o| reported(o)).count();
                let line = results >= 2;
                let fits = match kind {
                    "bar" => !p.is_draft() && results >= 1 && reporting(series.indicator) >= 2,
                    "progress" => results >= 1,
                    _ => line,
                };
                match (fits, line) {
                    (true, _) => Some((si, kind)),
                    (false, true) => Some((si, "line")),
                    (false, false) => None,
                }
            })
            .collect();
        for (p, chart) in self.provinces.iter_mut().zip(charts) {
            p.chart = chart;
        }
    }
}

/// What the generated files say about one observation, for the checks that look for it.
#[derive(Debug, Clone)]
pub struct Figure {
    pub province: &'static str,
    pub indicator: Indicator,
    pub year: u16,
    pub value: f64,
    pub derived: bool,
}

impl ProvinceSpec {
    pub fn slug(&self) -> &'static str {
        FORMER[self.former].0
    }

    pub fn name(&self) -> &'static str {
        FORMER[self.former].1
    }

    /// Whether the province is left out of `build`.
    pub fn is_draft(&self) -> bool {
        self.draft != Draft::No
    }

    /// Whether the site is valid as generated: only a link from a published province to a
    /// draft one breaks it (the draft is left out of the build).
    pub fn links_to_a_draft(&self, site: &SiteSpec) -> bool {
        !self.is_draft()
            && matches!(self.link, Some(Link::Province(j)) if site.provinces[j].is_draft())
    }

    /// Whether `metrics.yaml` holds figures.
    fn has_figures(&self) -> bool {
        self.draft != Draft::NoFigures
    }
}

impl SeriesSpec {
    pub fn indicator(&self) -> Indicator {
        INDICATORS[self.indicator]
    }
}

/// The value an observation holds: a stated whole figure ends in 0, a derived one in 7, so
/// that no stated figure's text is a derived one's.
pub fn value_of(ind: Indicator, o: &ObsSpec) -> f64 {
    match ind.kind {
        "count" | "money" if o.derived.is_some() => 1000.0 + f64::from(o.seed) * 10.0 + 7.0,
        "count" | "money" => f64::from(o.seed) * 10.0,
        "percent" => f64::from(o.seed % 1000) / 10.0,
        "rank" => f64::from(o.seed % 63 + 1),
        "score" => f64::from(o.seed) / 20.0,
        _ => f64::from(o.seed),
    }
}

impl SiteSpec {
    /// Every observation of the published provinces.
    pub fn published_figures(&self) -> Vec<Figure> {
        let mut out = Vec::new();
        for p in self.provinces.iter().filter(|p| !p.is_draft()) {
            for s in &p.series {
                for o in &s.observations {
                    out.push(Figure {
                        province: p.slug(),
                        indicator: s.indicator(),
                        year: o.year,
                        value: value_of(s.indicator(), o),
                        derived: o.derived.is_some(),
                    });
                }
            }
        }
        out
    }

    /// Writes the site into `root` (a new folder). `with_drafts: false` writes the same site
    /// without its draft files: draft provinces, editions, translations and pages.
    pub fn write(&self, root: &Path, with_drafts: bool) {
        let w = |rel: &str, text: &str| {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        w("site.yaml", &self.site_yaml("/"));
        w("content/indicators.yaml", &catalog());
        w("content/sources.yaml", &self.sources_yaml());
        if self.theme_override {
            let default = common_repo().join("themes/default/templates/province.html");
            let text = std::fs::read_to_string(default).unwrap();
            // An override that keeps every block of the default page and adds a line.
            let text = text.replacen(
                "{% block content %}",
                "{% block content %}<p class=\"site-note\">Trang do tỉnh tự soạn.</p>",
                1,
            );
            assert!(
                text.contains("site-note"),
                "the province template changed shape"
            );
            w("themes/rieng/templates/province.html", &text);
            // And its own chart stylesheet, which pages link and chart files embed.
            let css = common_repo().join("themes/default/static/charts.css");
            let css = std::fs::read_to_string(css).unwrap();
            assert!(css.contains("--chart-1: #0b5394;"), "charts.css changed");
            let css = css.replacen("--chart-1: #0b5394;", "--chart-1: #0a4f8c;", 1);
            w("themes/rieng/static/charts.css", &css);
        }
        for (i, p) in self.provinces.iter().enumerate() {
            if p.is_draft() && !with_drafts {
                continue;
            }
            let dir = format!("content/provinces/{}", p.slug());
            w(&format!("{dir}/metrics.yaml"), &p.metrics_yaml(self));
            w(
                &format!("{dir}/index.md"),
                &self.province_md(i, None, false),
            );
            let en_draft = p.translation == Translation::Draft;
            if self.english && p.translation != Translation::None && (with_drafts || !en_draft) {
                w(
                    &format!("{dir}/index.en.md"),
                    &self.province_md(i, None, true),
                );
            }
            for e in &p.editions {
                if e.draft && !with_drafts {
                    continue;
                }
                w(
                    &format!("{dir}/{}.md", e.year),
                    &self.province_md(i, Some(e), false),
                );
            }
        }
        for (k, page) in self.pages.iter().enumerate() {
            if page.draft && !with_drafts {
                continue;
            }
            w(&format!("content/trang-{k}.md"), &page_md(k, page, false));
            let en_draft = page.translation == Translation::Draft;
            if self.english && page.translation != Translation::None && (with_drafts || !en_draft) {
                w(&format!("content/trang-{k}.en.md"), &page_md(k, page, true));
            }
        }
    }

    pub fn site_yaml(&self, base_url: &str) -> String {
        let mut s = format!("title: Báo cáo sinh ngẫu nhiên\nbase_url: {base_url}\nlanguage: vi\n");
        if self.english {
            s.push_str("languages: [vi, en]\ntitle_en: A generated report\n");
        }
        if !self.search {
            s.push_str("search: false\n");
        }
        if self.theme_override {
            s.push_str("theme: rieng\n");
        }
        if !self.pdf {
            s.push_str("pdf: false\n");
        }
        s.push_str(
            "bodies:\n  - name: Sở Thông tin và Truyền thông\n    name_en: Department of Information and Communications\n    until: 2025\n  - name: Sở Khoa học và Công nghệ\n    name_en: Department of Science and Technology\n    from: 2025\n",
        );
        s
    }

    fn sources_yaml(&self) -> String {
        let mut s = String::new();
        for (i, src) in self.sources.iter().enumerate() {
            let date = match src.date {
                Some((y, m)) => format!("{y}-{m:02}"),
                None => "null".into(),
            };
            let _ = write!(
                s,
                "- id: nguon-{i}\n  title: Bài viết số {i} về ngành Thông tin và Truyền thông\n  publisher: Báo Điện tử Thử {i}\n  date: {date}\n  url: https://example.org/bai-{i}\n"
            );
            if src.event {
                s.push_str("  event:\n    date: 2023-05-02\n    label: hội nghị tổng kết; bài đăng sau ngày này\n    label_en: the review conference; the article was published after it\n");
            }
        }
        s
    }

    /// The Markdown of province `i` (its edition `edition`, or its main page), in Vietnamese
    /// or English.
    fn province_md(&self, i: usize, edition: Option<&EditionSpec>, en: bool) -> String {
        let p = &self.provinces[i];
        let mut s = String::from("---\n");
        let _ = writeln!(s, "name: {}", p.name());
        if en {
            s.push_str("region: Red River Delta\n");
            let _ = writeln!(s, "summary: Figures reported by {}.", p.name());
        } else {
            s.push_str("region: Đồng bằng sông Hồng\n");
            let remark = if self.pdf {
                format!(" {}", p.remark.replace('\\', "\\\\"))
            } else {
                String::new()
            };
            let _ = writeln!(s, "summary: \"Số liệu do {} báo cáo.{remark}\"", p.name());
            let _ = writeln!(s, "sources: [nguon-{}]", p.source);
            match p.unit {
                Unit::None => {}
                Unit::Before => {
                    let _ = writeln!(s, "unit_before_2025: {}", p.name());
                }
                Unit::From => {
                    let _ = writeln!(s, "unit_from_2025: {}", FORMER[p.former].2);
                }
            }
        }
        let marked = match edition {
            Some(e) => e.draft,
            None => p.draft == Draft::Marked && !en,
        };
        if marked {
            s.push_str("draft: true\n");
        }
        s.push_str("---\n\n");
        let heading = if en { "## Telecom" } else { "## Viễn thông" };
        let _ = writeln!(s, "{heading}\n");
        if let Some(e) = edition {
            let _ = writeln!(s, "Bản tóm tắt năm {} của {}.\n", e.year, p.name());
            return s;
        }
        if en {
            let _ = writeln!(
                s,
                "The department of {} reported these figures.\n",
                p.name()
            );
        } else {
            let _ = writeln!(s, "Sở của {} đã báo cáo các số liệu sau.\n", p.name());
        }
        if p.has_figures() {
            for &(si, oi) in &p.values {
                let series = &p.series[si];
                let o = &series.observations[oi];
                let _ = writeln!(
                    s,
                    "- {{{{ value(indicator=\"{}\", year={}) }}}}",
                    series.indicator().id,
                    o.year
                );
            }
            if let Some((si, kind)) = p.chart {
                let _ = writeln!(
                    s,
                    "\n```chart\nindicator: {}\ntype: {kind}\n```\n",
                    p.series[si].indicator().id
                );
            }
        }
        match p.link {
            Some(Link::Province(j)) => {
                let other = &self.provinces[j];
                let _ = writeln!(s, "\nXem thêm [{}](/tinh/{}/).", other.name(), other.slug());
            }
            Some(Link::Sources) => s.push_str("\nXem [các nguồn](/nguon/).\n"),
            None => {}
        }
        let (goals, text) = if en {
            ("## Goals", "The province aims to widen its networks.")
        } else {
            ("## Mục tiêu", "Tỉnh đặt mục tiêu mở rộng mạng lưới.")
        };
        let empty = matches!(
            (en, p.draft, p.translation),
            (false, Draft::EmptySection, _) | (true, _, Translation::Draft)
        );
        if empty {
            let _ = writeln!(s, "\n{goals}\n");
        } else {
            let _ = writeln!(s, "\n{goals}\n\n{text}");
        }
        s
    }
}

impl ProvinceSpec {
    fn metrics_yaml(&self, site: &SiteSpec) -> String {
        if !self.has_figures() {
            return "{}\n".into();
        }
        let mut s = String::new();
        for series in &self.series {
            let ind = series.indicator();
            let _ = writeln!(s, "{}:", ind.id);
            let first = &series.observations[0];
            let last = series.observations.len() - 1;
            for (k, o) in series.observations.iter().enumerate() {
                let value = value_of(ind, o);
                let _ = write!(
                    s,
                    "  - year: {}\n    value: {value}\n    source: nguon-{}\n",
                    o.year, self.source
                );
                if ind.kind == "rank" {
                    s.push_str("    out_of: 63\n");
                }
                if o.qualifier != "exact" {
                    let _ = writeln!(s, "    qualifier: {}", o.qualifier);
                }
                if o.status != "actual" {
                    let _ = writeln!(s, "    status: {}", o.status);
                }
                if let Some(d) = o.derived {
                    let _ = write!(
                        s,
                        "    derived: {d}\n    note: Tính từ các số liệu khác của bài.\n"
                    );
                    if site.english {
                        s.push_str("    note_en: Computed from the article's other figures.\n");
                    }
                } else if o.note {
                    s.push_str("    note: Bài viết nêu {num:12.5} điểm phục vụ.\n");
                    if site.english {
                        s.push_str("    note_en: The article gives {num:12.5} service points.\n");
                    }
                }
                if o.scope {
                    s.push_str("    scope: chỉ tính doanh nghiệp nhà nước\n");
                    if site.english {
                        s.push_str("    scope_en: state-owned enterprises only\n");
                    }
                }
                let plain = |o: &ObsSpec| reported(o) && o.derived.is_none();
                if series.claim && k == last && plain(o) && plain(first) {
                    let base = value_of(ind, first);
                    if base > 0.0 && o.year > first.year {
                        let multiple = (value / base * 100.0).round() / 100.0;
                        let _ = write!(
                            s,
                            "    claims:\n      - kind: multiple\n        base_year: {}\n        value: {multiple}\n",
                            first.year
                        );
                    }
                }
            }
        }
        s
    }
}

fn page_md(k: usize, page: &PageSpec, en: bool) -> String {
    let mut s = String::from("---\n");
    if en {
        let _ = writeln!(s, "title: Page {k}");
    } else {
        let _ = writeln!(s, "title: Trang {k}");
    }
    if page.draft && !en {
        s.push_str("draft: true\n");
    }
    s.push_str("---\n\n");
    let empty = en && page.translation == Translation::Draft;
    if empty {
        s.push_str("## About\n");
    } else if en {
        s.push_str("## About\n\nThis page explains the report.\n");
    } else {
        s.push_str("## Giới thiệu\n\nTrang này giải thích báo cáo.\n");
    }
    s
}

/// The other name of an indicator in the catalog (`aliases:`), as an office's table heads
/// the group of its columns.
pub fn alias_of(id: &str) -> String {
    format!("Nhóm chỉ tiêu {id}")
}

fn catalog() -> String {
    let mut s = String::from(
        "categories:\n  - id: chung\n    name: Chung\n    name_en: General\nindicators:\n",
    );
    for ind in INDICATORS {
        let better = if ind.kind == "rank" {
            "lower"
        } else {
            "higher"
        };
        let additive = if ind.traceable() { "true" } else { "false" };
        let _ = write!(
            s,
            "  - id: {id}\n    name: Chỉ tiêu {id}\n    name_en: Indicator {id}\n    unit: \"{unit}\"\n    kind: {kind}\n    decimals: {d}\n    trim_zeros: {trim}\n    better: {better}\n    category: chung\n    additive: {additive}\n    aliases: [\"{alias}\"]\n",
            id = ind.id,
            alias = alias_of(ind.id),
            unit = ind.unit,
            kind = ind.kind,
            d = ind.decimals,
            trim = ind.trim_zeros,
        );
    }
    s
}

fn common_repo() -> std::path::PathBuf {
    crate::common::repo()
}

/// An edit made under the preview, to a province (by position, modulo the count) or to the
/// site's configuration.
#[derive(Debug, Clone)]
pub enum Edit {
    /// A new value for the province's first figure.
    Value(usize, u32),
    /// `draft: true` added or removed.
    ToggleDraft(usize),
    /// A paragraph added to the province's text.
    Prose(usize),
    /// The province's folder deleted.
    Remove(usize),
    /// The site's title changed.
    Title,
}

pub fn edits_strategy() -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec(
        prop_oneof![
            3 => (0usize..40, 1u32..900).prop_map(|(i, s)| Edit::Value(i, s)),
            2 => (0usize..40).prop_map(Edit::ToggleDraft),
            2 => (0usize..40).prop_map(Edit::Prose),
            1 => (0usize..40).prop_map(Edit::Remove),
            1 => Just(Edit::Title),
        ],
        1..=4,
    )
}

impl SiteSpec {
    /// Applies `edit` to the site written in `root`; returns the paths it changed.
    pub fn apply(&self, root: &Path, edit: &Edit) -> Vec<std::path::PathBuf> {
        let province = |i: usize| &self.provinces[i % self.provinces.len()];
        let dir = |p: &ProvinceSpec| root.join("content/provinces").join(p.slug());
        let rewrite =
            |path: std::path::PathBuf, f: &dyn Fn(String) -> String| match std::fs::read_to_string(
                &path,
            ) {
                Ok(text) => {
                    std::fs::write(&path, f(text)).unwrap();
                    vec![path]
                }
                Err(_) => Vec::new(),
            };
        match edit {
            Edit::Value(i, seed) => {
                let p = province(*i);
                let Some(series) = p.series.first().filter(|_| p.has_figures()) else {
                    return Vec::new();
                };
                let mut o = series.observations[0].clone();
                o.seed = *seed;
                let value = value_of(series.indicator(), &o);
                rewrite(dir(p).join("metrics.yaml"), &|text: String| {
                    let mut done = false;
                    text.lines()
                        .map(|l| {
                            if !done && l.starts_with("    value: ") {
                                done = true;
                                format!("    value: {value}\n")
                            } else {
                                format!("{l}\n")
                            }
                        })
                        .collect()
                })
            }
            Edit::ToggleDraft(i) => rewrite(dir(province(*i)).join("index.md"), &|text: String| {
                if text.contains("\ndraft: true\n") {
                    text.replacen("\ndraft: true\n", "\n", 1)
                } else {
                    text.replacen("---\n", "---\ndraft: true\n", 1)
                }
            }),
            Edit::Prose(i) => rewrite(dir(province(*i)).join("index.md"), &|text: String| {
                format!("{text}\nMột đoạn viết thêm khi xem trước.\n")
            }),
            Edit::Remove(i) => {
                let d = dir(province(*i));
                let files: Vec<std::path::PathBuf> = walkdir::WalkDir::new(&d)
                    .into_iter()
                    .filter_map(Result::ok)
                    .filter(|e| e.file_type().is_file())
                    .map(|e| e.into_path())
                    .collect();
                let _ = std::fs::remove_dir_all(&d);
                files
            }
            Edit::Title => rewrite(root.join("site.yaml"), &|text: String| {
                text.replacen("title: ", "title: Bản mới của ", 1)
            }),
        }
    }
}
