//! Rules across files: turns what `content` loaded into a `Site`, reporting every problem.
//!
//! Validation keeps going after a problem so that one build lists them all. It still builds
//! the best `Site` it can (dropping only what cannot be represented, such as an observation
//! of an unknown indicator), so that later stages can report their own problems too; the
//! build fails if any error was reported anywhere.

mod observations;

use std::collections::{HashMap, HashSet};

use crate::content::raw::{Kind, RawCatalog, RawConfig, RawSource};
use crate::content::{Doc, Loaded, LoadedPage, LoadedProvince};
use crate::diagnostic::Diagnostic;
use crate::model::{
    Category, CategoryRef, Config, Indicator, IndicatorRef, Markdown, Page, PageText, Province,
    ProvinceText, Site, Source, SourceRef, Year,
};
use crate::slug::{is_id, is_slug, slugify};

/// URL folders the site uses itself; a free page may not take them.
pub const RESERVED_SLUGS: &[&str] = &["tinh", "chi-so", "nguon", "static", "tai-ve", "en"];

/// Validates the loaded files. Returns the site (when the config, catalog and sources could
/// be read at all) and every problem found.
pub fn validate(loaded: &Loaded) -> (Option<Site>, Vec<Diagnostic>) {
    let (site, diags, _) = validate_keeping(loaded);
    (site, diags)
}

/// What validation found, by province, so that after a province edit only that province
/// is checked again (see [`Findings::recheck`]).
#[derive(Debug, Default)]
pub struct Findings {
    /// Problems outside the provinces: config, catalog, sources, free pages.
    shared: Vec<Diagnostic>,
    /// Each province's own problems, by folder name.
    provinces: HashMap<String, Vec<Diagnostic>>,
    /// Problems reading a province's files, by folder name, as reported when it was last
    /// reloaded (a file that cannot be read leaves the province out without a word here).
    loading: HashMap<String, Vec<Diagnostic>>,
}

/// Like [`validate`], and keeps what it found for [`Findings::recheck`].
pub fn validate_keeping(loaded: &Loaded) -> (Option<Site>, Vec<Diagnostic>, Findings) {
    let mut findings = Findings::default();
    let diags = &mut findings.shared;
    let config = loaded.config.as_ref().map(|c| config(c, diags));
    let (categories, indicators) = match &loaded.catalog {
        Some(c) => catalog(c, diags),
        None => (Vec::new(), Vec::new()),
    };
    let sources = match &loaded.sources {
        Some(s) => sources(s, diags),
        None => Vec::new(),
    };
    let pages = pages(&loaded.pages, diags);
    let ctx = Lookup::new(&indicators, &sources);
    // Without the catalog or the sources every id would look unknown: one broken
    // indicators.yaml would bury its own error under one error per observation.
    let references_known = loaded.catalog.is_some() && loaded.sources.is_some();
    let mut provinces: Vec<Province> = Vec::new();
    for p in loaded.provinces.iter().filter(|_| references_known) {
        let mut own = Vec::new();
        provinces.extend(province(p, &ctx, &mut own));
        findings.provinces.insert(p.slug.clone(), own);
    }
    provinces.sort_by(|a, b| a.slug.cmp(&b.slug));
    let diags = findings.all(loaded);
    let site = match (config, &loaded.catalog, &loaded.sources) {
        (Some(config), Some(_), Some(_)) => Some(Site {
            config,
            categories,
            indicators,
            sources,
            provinces,
            pages,
        }),
        _ => None,
    };
    (site, diags, findings)
}

impl Findings {
    /// Checks the provinces `slugs` again after they were reloaded into `loaded` (or
    /// removed from it), against `site`'s catalog and sources, which the edit left alone.
    /// Returns those provinces, validated, and every problem of the site: the list
    /// [`validate`] would give for `loaded`.
    pub fn recheck(
        &mut self,
        loaded: &Loaded,
        site: &Site,
        slugs: &[String],
    ) -> (Vec<Province>, Vec<Diagnostic>) {
        let ctx = Lookup::new(&site.indicators, &site.sources);
        let mut provinces = Vec::new();
        for slug in slugs {
            self.provinces.remove(slug);
            if let Some(p) = loaded.provinces.iter().find(|p| p.slug == *slug) {
                let mut own = Vec::new();
                provinces.extend(province(p, &ctx, &mut own));
                self.provinces.insert(slug.clone(), own);
            }
        }
        (provinces, self.all(loaded))
    }

    /// Keeps the problems found reading province `slug`'s files again, replacing those of
    /// its previous reload, so they are reported until its files are fixed.
    pub fn reloaded(&mut self, slug: &str, problems: Vec<Diagnostic>) {
        self.loading.insert(slug.to_string(), problems);
    }

    /// Every problem: the kept ones and those across provinces, which any edit can change.
    fn all(&self, loaded: &Loaded) -> Vec<Diagnostic> {
        let mut diags = self.shared.clone();
        diags.extend(self.provinces.values().flatten().cloned());
        diags.extend(self.loading.values().flatten().cloned());
        check_name_collisions(&loaded.provinces, &mut diags);
        diags
    }
}

/// Id → index maps for the references that metrics and front matter make.
pub(crate) struct Lookup<'a> {
    pub indicators: &'a [Indicator],
    pub sources: &'a [Source],
    indicator_ids: HashMap<&'a str, IndicatorRef>,
    source_ids: HashMap<&'a str, SourceRef>,
}

impl<'a> Lookup<'a> {
    pub(crate) fn new(indicators: &'a [Indicator], sources: &'a [Source]) -> Self {
        Self {
            indicators,
            sources,
            indicator_ids: indicators
                .iter()
                .enumerate()
                .map(|(i, x)| (x.id.as_str(), IndicatorRef(i)))
                .collect(),
            source_ids: sources
                .iter()
                .enumerate()
                .map(|(i, x)| (x.id.as_str(), SourceRef(i)))
                .collect(),
        }
    }

    pub fn indicator(&self, id: &str) -> Option<IndicatorRef> {
        self.indicator_ids.get(id).copied()
    }

    pub fn source(&self, id: &str) -> Option<SourceRef> {
        self.source_ids.get(id).copied()
    }

    /// "did you mean" list for an unknown id.
    fn closest<'b>(id: &str, known: impl Iterator<Item = &'b str>) -> Option<&'b str> {
        known
            .map(|k| (edit_distance(id, k), k))
            .filter(|(d, k)| *d <= (k.len() / 3).max(2))
            .min()
            .map(|(_, k)| k)
    }

    pub fn indicator_hint(&self, id: &str) -> String {
        match Self::closest(id, self.indicator_ids.keys().copied()) {
            Some(k) => {
                format!("did you mean `{k}`? Indicators are defined in content/indicators.yaml")
            }
            None => "add the indicator to content/indicators.yaml or fix the id".to_string(),
        }
    }

    pub fn source_hint(&self, id: &str) -> String {
        match Self::closest(id, self.source_ids.keys().copied()) {
            Some(k) => format!("did you mean `{k}`? Sources are defined in content/sources.yaml"),
            None => "add the source to content/sources.yaml or fix the id".to_string(),
        }
    }
}

/// Levenshtein distance, for "did you mean" hints on short ids.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

fn config(doc: &Doc<RawConfig>, diags: &mut Vec<Diagnostic>) -> Config {
    let raw = &doc.value;
    let err = |path: &str, msg: String, hint: &str| {
        Diagnostic::at(&doc.source, doc.spans.value(path), msg).with_hint(hint)
    };
    let (base_url, base_path) = match parse_base_url(&raw.base_url) {
        Ok(pair) => pair,
        Err((msg, hint)) => {
            diags.push(err("base_url", msg, hint));
            ("/".to_string(), "/".to_string())
        }
    };
    if !is_slug(&raw.theme) {
        diags.push(err(
            "theme",
            format!("theme name `{}` is not a folder name", raw.theme),
            "use lowercase letters, digits and `-`",
        ));
    }
    if raw.title.trim().is_empty() {
        diags.push(err(
            "title",
            "the site title is empty".into(),
            "give the site a title",
        ));
    }
    Config {
        title: raw.title.trim().to_string(),
        description: raw.description.clone(),
        title_en: raw.title_en.clone(),
        description_en: raw.description_en.clone(),
        base_url,
        base_path,
        language: raw.language,
        languages: languages(doc, diags),
        theme: raw.theme.clone(),
        allow_raw_html: raw.allow_raw_html,
        search: raw.search,
        home_provinces: usize::from(raw.home_provinces),
    }
}

/// Splits a base URL into (full URL with trailing `/`, path part with trailing `/`).
fn parse_base_url(url: &str) -> Result<(String, String), (String, &'static str)> {
    const HINT: &str = "write it like https://example.org/ict/ or /";
    let mut base_url = url.trim().to_string();
    let mut base_path = if let Some(rest) = base_url
        .strip_prefix("https://")
        .or_else(|| base_url.strip_prefix("http://"))
    {
        match rest.find('/') {
            Some(i) if i > 0 => rest[i..].to_string(),
            None if !rest.is_empty() => "/".to_string(),
            _ => return Err((format!("base URL `{url}` has no host"), HINT)),
        }
    } else if base_url.starts_with('/') {
        base_url.clone()
    } else {
        return Err((
            format!("base URL `{url}` must start with http://, https:// or /"),
            HINT,
        ));
    };
    if base_url.contains(['"', '\'', '<', '>', ' ', '?', '#', '\\']) {
        return Err((
            "base URL contains characters not allowed in a URL".into(),
            "use only letters, digits, `-`, `_`, `.`, `:` and `/`",
        ));
    }
    for s in [&mut base_url, &mut base_path] {
        if !s.ends_with('/') {
            s.push('/');
        }
    }
    Ok((base_url, base_path))
}

/// Applies `--base-url` from the command line.
pub fn override_base_url(config: &mut Config, url: &str, diags: &mut Vec<Diagnostic>) {
    match parse_base_url(url) {
        Ok((base_url, base_path)) => {
            config.base_url = base_url;
            config.base_path = base_path;
        }
        Err((msg, hint)) => diags.push(Diagnostic::error("--base-url", msg).with_hint(hint)),
    }
}

/// `languages:` from site.yaml: the default language first, no repeats.
fn languages(doc: &Doc<RawConfig>, diags: &mut Vec<Diagnostic>) -> Vec<crate::format::Lang> {
    let raw = &doc.value;
    let mut out = vec![raw.language];
    for (i, l) in raw.languages.iter().flatten().enumerate() {
        if out.contains(l) {
            if i > 0 {
                diags.push(
                    Diagnostic::at(
                        &doc.source,
                        doc.spans.value(&format!("languages/{i}")),
                        format!("language `{}` is listed twice", l.code()),
                    )
                    .with_hint("list each language once"),
                );
            }
            continue;
        }
        out.push(*l);
    }
    if let Some(list) = &raw.languages
        && list.first() != Some(&raw.language)
    {
        diags.push(
            Diagnostic::at(
                &doc.source,
                doc.spans.value("languages"),
                format!(
                    "the first of `languages` must be the site's `language` ({})",
                    raw.language.code()
                ),
            )
            .with_hint("the first language is the default one, served at the root of the site"),
        );
    }
    out
}

fn catalog(doc: &Doc<RawCatalog>, diags: &mut Vec<Diagnostic>) -> (Vec<Category>, Vec<Indicator>) {
    let raw = &doc.value;
    let at = |path: String, msg: String| Diagnostic::at(&doc.source, doc.spans.value(&path), msg);
    let mut categories = Vec::new();
    let mut category_ids: HashMap<&str, CategoryRef> = HashMap::new();
    for (i, c) in raw.categories.iter().enumerate() {
        let path = format!("categories/{i}/id");
        if !is_id(&c.id) {
            diags.push(
                at(path, format!("category id `{}` is not a valid id", c.id))
                    .with_hint("use lowercase ASCII letters, digits, `-` or `_`"),
            );
        } else if category_ids.contains_key(c.id.as_str()) {
            // The first definition keeps its place: indicators must not point past the list.
            diags.push(
                at(path, format!("category `{}` is defined twice", c.id))
                    .with_hint("remove or rename one of them"),
            );
            continue;
        } else {
            category_ids.insert(&c.id, CategoryRef(categories.len()));
        }
        categories.push(Category {
            id: c.id.clone(),
            name: c.name.clone(),
            name_en: c.name_en.clone(),
        });
    }
    let mut seen: HashSet<&str> = HashSet::new();
    // The first definition of a repeated id is the one kept below.
    let mut all_ids: HashMap<&str, usize> = HashMap::new();
    for (i, x) in raw.indicators.iter().enumerate() {
        all_ids.entry(x.id.as_str()).or_insert(i);
    }
    let mut indicators = Vec::new();
    let mut index_of_raw: HashMap<usize, IndicatorRef> = HashMap::new();
    for (i, x) in raw.indicators.iter().enumerate() {
        let p = |field: &str| format!("indicators/{i}/{field}");
        if !is_id(&x.id) {
            diags.push(
                at(
                    p("id"),
                    format!("indicator id `{}` is not a valid id", x.id),
                )
                .with_hint("use lowercase ASCII letters, digits and `_`, e.g. ict_revenue"),
            );
        }
        if !seen.insert(&x.id) {
            diags.push(
                at(p("id"), format!("indicator `{}` is defined twice", x.id))
                    .with_hint("remove or rename one of them"),
            );
            continue;
        }
        let category = match category_ids.get(x.category.as_str()) {
            Some(&category) => category,
            None => {
                diags.push(
                    at(p("category"), format!("unknown category `{}`", x.category))
                        .with_hint("use one of the ids under `categories:` at the top of the file"),
                );
                // Kept (in the first category) so that its data is still checked and not
                // reported as an unknown indicator everywhere it is used.
                match categories.first() {
                    Some(_) => CategoryRef(0),
                    None => continue,
                }
            }
        };
        if x.decimals > 6 {
            diags.push(
                at(
                    p("decimals"),
                    format!("{} decimals is too many", x.decimals),
                )
                .with_hint("use 0 to 6"),
            );
        }
        if x.name.trim().is_empty() || x.unit.trim().is_empty() && x.kind != Kind::Rank {
            diags.push(
                at(
                    p("name"),
                    "indicator name and unit must not be empty".into(),
                )
                .with_hint("give the Vietnamese name and unit, e.g. `tỷ đồng`"),
            );
        }
        if let Some(max) = x.max
            && (!max.is_finite() || max <= 0.0)
        {
            diags.push(
                at(
                    p("max"),
                    format!("max must be a positive number, not {max}"),
                )
                .with_hint("remove `max` or give the largest value allowed"),
            );
        }
        index_of_raw.insert(i, IndicatorRef(indicators.len()));
        indicators.push(Indicator {
            id: x.id.clone(),
            name: x.name.clone(),
            name_en: x.name_en.clone(),
            unit: x.unit.clone(),
            unit_en: x.unit_en.clone(),
            kind: x.kind,
            decimals: x.decimals.min(6),
            better: x.better,
            category,
            parent: None,
            max: x.max.filter(|m| m.is_finite() && *m > 0.0),
            description: x.description.clone(),
            description_en: x.description_en.clone(),
            per_100_inhabitants: x.per_100_inhabitants,
            key: x.key,
        });
    }
    // Parents are resolved once every indicator is known, so order does not matter.
    for (i, x) in raw.indicators.iter().enumerate() {
        let (Some(parent), Some(&me)) = (&x.parent, index_of_raw.get(&i)) else {
            continue;
        };
        let path = format!("indicators/{i}/parent");
        match all_ids
            .get(parent.as_str())
            .and_then(|j| index_of_raw.get(j))
        {
            Some(&pr) if pr == me => diags.push(
                at(path, "an indicator cannot be a part of itself".into())
                    .with_hint("remove `parent`"),
            ),
            Some(&pr)
                if raw
                    .indicators
                    .iter()
                    .any(|y| y.id == *parent && y.parent.is_some()) =>
            {
                let _ = pr;
                diags.push(
                    at(
                        path,
                        format!("`{parent}` is itself a part of another indicator"),
                    )
                    .with_hint("parts go one level deep: point `parent` at the whole"),
                );
            }
            Some(&pr) => indicators[me.0].parent = Some(pr),
            None => diags.push(
                at(path, format!("unknown parent indicator `{parent}`"))
                    .with_hint("use the id of an indicator in this file"),
            ),
        }
    }
    (categories, indicators)
}

fn sources(doc: &Doc<Vec<RawSource>>, diags: &mut Vec<Diagnostic>) -> Vec<Source> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for (i, s) in doc.value.iter().enumerate() {
        let at = |field: &str, msg: String| {
            Diagnostic::at(&doc.source, doc.spans.value(&format!("{i}/{field}")), msg)
        };
        if !is_id(&s.id) {
            diags.push(
                at("id", format!("source id `{}` is not a valid id", s.id))
                    .with_hint("use lowercase ASCII letters, digits and `-`, e.g. vinh-phuc-2020"),
            );
        }
        if !seen.insert(s.id.as_str()) {
            diags.push(
                at("id", format!("source `{}` is defined twice", s.id))
                    .with_hint("remove or rename one of them"),
            );
            continue;
        }
        if s.title.trim().is_empty() {
            diags.push(
                at("title", "source title is empty".into()).with_hint("give the article's title"),
            );
        }
        if let Some(url) = &s.url
            && (!(url.starts_with("https://") || url.starts_with("http://"))
                || url.contains(char::is_whitespace))
        {
            diags.push(
                at(
                    "url",
                    format!("source URL `{url}` is not an http(s) address"),
                )
                .with_hint(
                    "give the article's web address starting with https://, or remove `url`",
                ),
            );
        }
        let year = parse_date(&s.date);
        if year.is_none() {
            diags.push(
                at("date", format!("`{}` is not a date", s.date))
                    .with_hint("write the publication date as YYYY-MM-DD, e.g. 2020-10-04"),
            );
        }
        // A source with a bad date stays known, so that every reference to it is not reported
        // as unknown too; the latest year blames no figure on a date we cannot read.
        let Some(year) = year.or_else(|| Year::new(Year::MAX)) else {
            continue;
        };
        out.push(Source {
            id: s.id.clone(),
            title: s.title.clone(),
            publisher: s.publisher.clone(),
            date: s.date.clone(),
            year,
            author: s.author.clone(),
            url: s
                .url
                .clone()
                .filter(|u| u.starts_with("https://") || u.starts_with("http://")),
        });
    }
    out
}

/// Checks `YYYY-MM-DD` (with a real month length) and returns the year.
fn parse_date(s: &str) -> Option<Year> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = s[..4].parse().ok()?;
    let m: u32 = s[5..7].parse().ok()?;
    let d: u32 = s[8..10].parse().ok()?;
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let ok = (1..=12).contains(&m) && d >= 1 && d <= days[(m - 1) as usize];
    ok.then(|| Year::new(y)).flatten()
}

fn province(p: &LoadedProvince, ctx: &Lookup, diags: &mut Vec<Diagnostic>) -> Option<Province> {
    let index = p.index.as_ref()?;
    if !is_slug(&p.slug) {
        diags.push(
            Diagnostic::error(
                &p.dir,
                format!("folder name `{}` is not a URL slug", p.slug),
            )
            .with_hint(format!(
                "rename the folder to `{}` (lowercase ASCII, words joined by `-`)",
                slugify(&index.front.name)
            )),
        );
        return None;
    }
    let fm = &index.front;
    let at = |path: &str, msg: String| Diagnostic::at(&index.source, index.spans.value(path), msg);
    if fm.name.trim().is_empty() {
        diags.push(
            at("name", "province name is empty".into())
                .with_hint("write the province's name, e.g. Vĩnh Phúc"),
        );
    }
    let mut sources = Vec::new();
    for (i, id) in fm.sources.iter().enumerate() {
        match ctx.source(id) {
            Some(r) => sources.push(r),
            None => diags.push(
                at(&format!("sources/{i}"), format!("unknown source `{id}`"))
                    .with_hint(ctx.source_hint(id)),
            ),
        }
    }
    // A metrics file that could not be read is reported already; a page without its data
    // would only add a "no value" error for every inline value and chart.
    let series = observations::series(p.metrics.as_ref()?, ctx, diags);
    let translations = p
        .translations
        .iter()
        .map(|(lang, doc)| {
            let f = &doc.front;
            (
                *lang,
                ProvinceText {
                    name: f.name.clone().unwrap_or_else(|| fm.name.trim().to_string()),
                    region: f.region.clone().unwrap_or_else(|| fm.region.clone()),
                    director_title: f
                        .director_title
                        .clone()
                        .or_else(|| fm.director_title.clone()),
                    term: f.term.clone().or_else(|| fm.term.clone()),
                    summary: f.summary.clone(),
                    body: Markdown {
                        source: doc.source.clone(),
                        body_offset: doc.body_offset,
                    },
                },
            )
        })
        .collect();
    Some(Province {
        slug: p.slug.clone(),
        name: fm.name.trim().to_string(),
        region: fm.region.clone(),
        director: fm.director.clone(),
        director_title: fm.director_title.clone(),
        term: fm.term.clone(),
        sources,
        summary: fm.summary.clone(),
        body: Markdown {
            source: index.source.clone(),
            body_offset: index.body_offset,
        },
        series,
        translations,
    })
}

/// Two provinces whose names give the same slug would look like one in URLs and search.
fn check_name_collisions(provinces: &[LoadedProvince], diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, &LoadedProvince> = HashMap::new();
    for p in provinces {
        let Some(index) = &p.index else { continue };
        let slug = slugify(&index.front.name);
        if let Some(first) = seen.get(&slug) {
            diags.push(
                Diagnostic::at(&index.source, index.spans.value("name"), format!("province name `{}` gives the slug `{slug}`, like the province in {}", index.front.name, first.dir.display()))
                    .with_hint("two provinces cannot share a name; remove the duplicate folder or fix the name"),
            );
        } else {
            seen.insert(slug, p);
        }
    }
}

fn pages(pages: &[LoadedPage], diags: &mut Vec<Diagnostic>) -> Vec<Page> {
    let mut out: Vec<Page> = Vec::new();
    for p in pages.iter().filter(|p| p.lang.is_none()) {
        let doc = &p.doc;
        let slug = doc.front.slug.clone().unwrap_or_else(|| p.stem.clone());
        let pos = doc.spans.value(if doc.front.slug.is_some() {
            "slug"
        } else {
            "title"
        });
        if !is_slug(&slug) || RESERVED_SLUGS.contains(&slug.as_str()) {
            diags.push(
                Diagnostic::at(&doc.source, pos, format!("`{slug}` cannot be a page URL"))
                    .with_hint(format!(
                        "set `slug:` to lowercase ASCII words joined by `-`, not one of {}",
                        RESERVED_SLUGS.join(", ")
                    )),
            );
            continue;
        }
        if out.iter().any(|o| o.slug == slug) {
            diags.push(
                Diagnostic::at(
                    &doc.source,
                    pos,
                    format!("another page already uses the URL `/{slug}/`"),
                )
                .with_hint("give this page another `slug:`"),
            );
            continue;
        }
        out.push(Page {
            slug,
            title: doc.front.title.clone(),
            description: doc.front.description.clone(),
            body: Markdown {
                source: doc.source.clone(),
                body_offset: doc.body_offset,
            },
            translations: Vec::new(),
        });
    }
    // Translations attach to the page with the same file stem.
    for p in pages {
        let Some(lang) = p.lang else { continue };
        let doc = &p.doc;
        let main = pages
            .iter()
            .position(|m| m.lang.is_none() && m.stem == p.stem)
            .and_then(|i| {
                let m = &pages[i];
                let slug = m.doc.front.slug.clone().unwrap_or_else(|| m.stem.clone());
                out.iter_mut().find(|o| o.slug == slug)
            });
        let Some(main) = main else {
            diags.push(
                Diagnostic::at(
                    &doc.source,
                    doc.spans.value("title"),
                    format!(
                        "translation without a main page: there is no content/{}.md",
                        p.stem
                    ),
                )
                .with_hint("add the main (default-language) page, or rename this file"),
            );
            continue;
        };
        if doc.front.slug.as_ref().is_some_and(|s| *s != main.slug) {
            diags.push(
                Diagnostic::at(
                    &doc.source,
                    doc.spans.value("slug"),
                    format!("a translation keeps its page's URL `{}`", main.slug),
                )
                .with_hint("remove `slug:` or make it the same as the main page's"),
            );
        }
        main.translations.push((
            lang,
            PageText {
                title: doc.front.title.clone(),
                description: doc.front.description.clone(),
                body: Markdown {
                    source: doc.source.clone(),
                    body_offset: doc.body_offset,
                },
            },
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked() {
        assert_eq!(parse_date("2020-10-04"), Year::new(2020));
        assert_eq!(parse_date("2020-02-29"), Year::new(2020));
        assert_eq!(parse_date("2019-02-29"), None);
        assert_eq!(parse_date("04/10/2020"), None);
        assert_eq!(parse_date("1800-01-01"), None);
    }

    #[test]
    fn a_province_whose_metrics_failed_is_left_out() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good-min");
        let (mut loaded, diags) = crate::content::load(&root);
        assert!(diags.is_empty(), "{diags:?}");
        loaded.provinces[0].metrics = None;
        let (site, diags) = validate(&loaded);
        assert!(diags.is_empty(), "{diags:?}");
        assert!(site.unwrap().provinces.is_empty());
    }

    #[test]
    fn a_recheck_finds_what_a_full_validation_finds() {
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good");
        let (mut loaded, _) = crate::content::load(&fixture);
        let (site, diags, mut findings) = validate_keeping(&loaded);
        let site = site.unwrap();
        // alpha's claim warning is found once, by the full validation.
        assert_eq!(diags.len(), 1, "{diags:?}");
        // An edit gives dak-lak an unknown source; alpha is not checked again.
        let tmp = tempfile::tempdir().unwrap();
        let dir = std::path::PathBuf::from("content/provinces/dak-lak");
        std::fs::create_dir_all(tmp.path().join(&dir)).unwrap();
        for file in ["index.md", "metrics.yaml"] {
            let text = std::fs::read_to_string(fixture.join(&dir).join(file)).unwrap();
            let text = text.replacen("source: daklak-2019", "source: daklak-2091", 1);
            std::fs::write(tmp.path().join(&dir).join(file), text).unwrap();
        }
        let (edited, d) = crate::content::load_province(tmp.path(), "dak-lak".into(), dir);
        assert!(d.is_empty(), "{d:?}");
        let at = loaded
            .provinces
            .iter()
            .position(|p| p.slug == "dak-lak")
            .unwrap();
        loaded.provinces[at] = edited;
        let (provinces, mut rechecked) = findings.recheck(&loaded, &site, &["dak-lak".into()]);
        assert_eq!(provinces.len(), 1);
        let (_, mut full) = validate(&loaded);
        crate::diagnostic::sort(&mut rechecked);
        crate::diagnostic::sort(&mut full);
        let text = |d: &[Diagnostic]| d.iter().map(|d| d.to_string()).collect::<Vec<_>>();
        assert_eq!(text(&rechecked), text(&full));
        assert_eq!(full.len(), 2, "{full:?}");
    }

    #[test]
    fn ids_are_not_checked_against_a_catalog_that_failed_to_load() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good-min");
        for broken in ["catalog", "sources"] {
            let (mut loaded, _) = crate::content::load(&root);
            match broken {
                "catalog" => loaded.catalog = None,
                _ => loaded.sources = None,
            }
            let (site, diags) = validate(&loaded);
            assert!(site.is_none());
            assert!(diags.is_empty(), "{broken}: {diags:?}");
        }
    }

    fn catalog_of(text: &str) -> (Vec<Category>, Vec<Indicator>, Vec<Diagnostic>) {
        let source = crate::diagnostic::SourceText::new("content/indicators.yaml", text);
        let parsed = crate::yaml::parse::<RawCatalog>(&source).unwrap();
        let doc = Doc {
            source,
            value: parsed.value,
            spans: parsed.spans,
        };
        let mut diags = Vec::new();
        let (categories, indicators) = catalog(&doc, &mut diags);
        (categories, indicators, diags)
    }

    const INDICATOR: &str = "    name: X\n    name_en: X\n    unit: x\n    kind: count\n    decimals: 0\n    better: higher\n";

    #[test]
    fn a_repeated_category_keeps_the_first_definition() {
        // The second `a` used to overwrite the first's index with one past the end of the
        // list, and rendering the indicator page panicked.
        let text = format!(
            "categories:\n  - {{id: a, name: A, name_en: A}}\n  - {{id: a, name: B, name_en: B}}\nindicators:\n  - id: x\n{INDICATOR}    category: a\n"
        );
        let (categories, indicators, diags) = catalog_of(&text);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].message.contains("defined twice"));
        assert_eq!(categories.len(), 1);
        assert_eq!(indicators[0].category, CategoryRef(0));
    }

    #[test]
    fn a_part_of_a_repeated_indicator_finds_the_first_definition() {
        let text = format!(
            "categories:\n  - {{id: a, name: A, name_en: A}}\nindicators:\n  - id: x\n{INDICATOR}    category: a\n  - id: x\n{INDICATOR}    category: a\n  - id: y\n{INDICATOR}    category: a\n    parent: x\n"
        );
        let (_, indicators, diags) = catalog_of(&text);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].message.contains("defined twice"));
        assert_eq!(indicators[1].parent, Some(IndicatorRef(0)));
    }

    #[test]
    fn an_indicator_in_an_unknown_category_stays_known() {
        let text = format!(
            "categories:\n  - {{id: a, name: A, name_en: A}}\nindicators:\n  - id: x\n{INDICATOR}    category: b\n"
        );
        let (_, indicators, diags) = catalog_of(&text);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].message.contains("unknown category `b`"));
        assert_eq!(indicators.len(), 1);
    }

    #[test]
    fn a_source_with_a_bad_date_stays_known() {
        let source = crate::diagnostic::SourceText::new(
            "content/sources.yaml",
            "- {id: s, title: T, publisher: P, date: 2020-02-30}\n",
        );
        let parsed = crate::yaml::parse::<Vec<RawSource>>(&source).unwrap();
        let doc = Doc {
            source,
            value: parsed.value,
            spans: parsed.spans,
        };
        let mut diags = Vec::new();
        let out = sources(&doc, &mut diags);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].message.contains("is not a date"));
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].year, Year::new(Year::MAX).unwrap());
    }

    #[test]
    fn edit_distance_for_hints() {
        assert_eq!(edit_distance("ict_revenu", "ict_revenue"), 1);
        assert_eq!(
            Lookup::closest("ict_revenu", ["ict_revenue", "press"].into_iter()),
            Some("ict_revenue")
        );
        assert_eq!(Lookup::closest("zzz", ["ict_revenue"].into_iter()), None);
    }
}
