//! The PDF edition of a generated site: every published province has its PDF in every
//! language of the site, linked from its page, and the remark its summary ends with
//! (Typst's special characters) prints literally.

use std::path::Path;

use super::sites::SiteSpec;
use crate::common::{page, sel};
use crate::pdf::{pdf_text, squeezed};

/// The problems of the PDF edition in `out`, a build of `spec` under `base_path`.
pub fn pdf_edition(out: &Path, spec: &SiteSpec, base_path: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let prefixes: &[&str] = if spec.english { &["", "en/"] } else { &[""] };
    for p in spec.provinces.iter().filter(|p| !p.is_draft()) {
        let slug = p.slug();
        for prefix in prefixes {
            let pdf = format!("{prefix}tinh/{slug}/{slug}.pdf");
            if !out.join(&pdf).is_file() {
                problems.push(format!("{pdf}: not written"));
                continue;
            }
            let href = format!("{base_path}{pdf}");
            let doc = page(out, &format!("{prefix}tinh/{slug}/index.html"));
            let linked = doc
                .select(&sel("a[type=\"application/pdf\"]"))
                .any(|a| a.value().attr("href") == Some(href.as_str()));
            if !linked {
                problems.push(format!("{prefix}tinh/{slug}/: no link to {href}"));
            }
        }
        let pdf = format!("tinh/{slug}/{slug}.pdf");
        if out.join(&pdf).is_file() && !pdf_text(&out.join(&pdf)).contains(&squeezed(&p.remark)) {
            problems.push(format!("{pdf}: {:?} does not print literally", p.remark));
        }
    }
    problems
}
