//! `site.yaml`: title, base URL (absolute or a single-slash path), languages, theme.

use super::*;

pub(super) fn config(doc: &Doc<RawConfig>, diags: &mut Vec<Diagnostic>) -> Config {
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
        pdf: raw.pdf,
        pdf_archival: raw.pdf_archival,
        home_provinces: usize::from(raw.home_provinces),
        comparison_year_gap: raw.comparison_year_gap,
        bodies: bodies(doc, diags),
    }
}

/// `bodies`: names given, years in range, `from` not after `until`.
fn bodies(doc: &Doc<RawConfig>, diags: &mut Vec<Diagnostic>) -> Vec<Body> {
    let mut out = Vec::new();
    for (i, b) in doc.value.bodies.iter().enumerate() {
        let at = |field: &str, msg: String, hint: &str| {
            Diagnostic::at(
                &doc.source,
                doc.spans.value(&format!("bodies/{i}/{field}")),
                msg,
            )
            .with_hint(hint)
        };
        let year = |field: &str, y: Option<i64>, diags: &mut Vec<Diagnostic>| {
            let y = y?;
            let checked = Year::new(y);
            if checked.is_none() {
                diags.push(at(
                    field,
                    format!("year {y} is out of range"),
                    "give a year between 1975 and 2100",
                ));
            }
            checked
        };
        let (from, until) = (year("from", b.from, diags), year("until", b.until, diags));
        if b.name.trim().is_empty() {
            diags.push(at(
                "name",
                "the body has no name".into(),
                "e.g. Sở Thông tin và Truyền thông",
            ));
            continue;
        }
        if let (Some(f), Some(u)) = (from, until)
            && f > u
        {
            diags.push(at(
                "until",
                format!("`until: {u}` is before `from: {f}`"),
                "swap the years",
            ));
        }
        out.push(Body {
            name: b.name.trim().to_string(),
            name_en: b.name_en.clone(),
            from,
            until,
        });
    }
    out
}

/// Splits a base URL into (full URL with trailing `/`, path part with trailing `/`).
/// Only an absolute `http(s)://host/…` URL or a path starting with a single `/` is a base:
/// `//host/` would make every page load its styles and scripts from another host.
pub(super) fn parse_base_url(url: &str) -> Result<(String, String), (String, &'static str)> {
    const HINT: &str = "write it like https://example.org/ict/ or /ict/";
    let shown = crate::diagnostic::excerpt(url);
    let trimmed = url.trim();
    if trimmed.contains(['"', '\'', '<', '>', ' ', '?', '#', '\\'])
        || trimmed.chars().any(char::is_control)
    {
        return Err((
            format!("base URL `{shown}` contains characters not allowed in a URL"),
            "use only letters, digits, `-`, `_`, `.`, `:` and `/`",
        ));
    }
    let (mut base_url, mut base_path) = if trimmed.starts_with("https://")
        || trimmed.starts_with("http://")
    {
        let parsed = url::Url::parse(trimmed)
            .map_err(|e| (format!("base URL `{shown}` is not a valid URL: {e}"), HINT))?;
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err((format!("base URL `{shown}` has no host"), HINT));
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err((
                format!("base URL `{shown}` carries a user name or password"),
                "remove the `user:password@` part: it would be published in every page",
            ));
        }
        (parsed.as_str().to_string(), parsed.path().to_string())
    } else if trimmed.starts_with('/') && !trimmed.starts_with("//") {
        (trimmed.to_string(), trimmed.to_string())
    } else {
        return Err((
            format!(
                "base URL `{shown}` must be an absolute http:// or https:// URL, or a path starting with a single /"
            ),
            HINT,
        ));
    };
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
pub(super) fn languages(
    doc: &Doc<RawConfig>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<crate::model::Lang> {
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
