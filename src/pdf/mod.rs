//! The PDF edition's typesetter: Typst, used as a library. The documents are written by
//! `render::pages::pdf` from the same model the pages use; this module gives them a Typst
//! world (generated source, fonts embedded in the binary, a fixed date, no files), compiles
//! them into tagged PDF (PDF/UA-1, optionally PDF/A-3a) with pinned metadata so identical
//! input gives identical bytes, and turns what Typst reports into located diagnostics.

pub mod body;
pub mod charts;
pub mod markup;
mod world;

use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst::syntax::DiagSpan;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::diagnostic::Diagnostic;
use crate::model::Lang;
pub use markup::Writer;
pub use world::{FALLBACK_FAMILY, FONT_FAMILY, has_glyph};

/// What a document says of itself, besides its content.
#[derive(Debug, Clone)]
pub struct Meta {
    /// The output path, for errors about the document as a whole.
    pub path: String,
    pub title: String,
    pub lang: Lang,
    /// The creation date (UTC): `SOURCE_DATE_EPOCH`, else the newest source's date.
    pub date: (i32, u8, u8),
    /// A stable identifier (the output path), so two builds give the same document id.
    pub ident: String,
    /// Archival PDF/A-3a besides PDF/UA-1 (`site.yaml`: `pdf_archival: true`).
    pub archival: bool,
}

/// A compiled document.
#[derive(Debug, Clone)]
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
}

/// Typst's preamble of every document: metadata, page, fonts, running header and page
/// numbers. `header` is the text of the running header (set on every page but the first).
pub fn preamble(w: &mut Writer, meta: &Meta, header: &str, site_file: &std::path::Path) {
    let (y, m, d) = meta.date;
    w.code("#set document(title: ");
    w.str(&meta.title, site_file, "the document's title");
    w.code(&format!(
        ", date: datetime(year: {y}, month: {m}, day: {d}))\n\
         #set text(font: ({font}, {fallback}), size: 10pt, lang: \"{lang}\")\n\
         #set par(justify: false, leading: 0.6em)\n\
         #set heading(numbering: none)\n\
         #show heading.where(level: 1): set text(size: 16pt)\n\
         #show heading.where(level: 2): set text(size: 13pt)\n\
         #show heading.where(level: 3): set text(size: 11pt)\n\
         #set table(stroke: 0.5pt + rgb(\"#c4ccd6\"), inset: 4pt)\n\
         #set page(paper: \"a4\", margin: (x: 2cm, top: 2.5cm, bottom: 2cm), numbering: \"1\", \
         header: context {{ if counter(page).get().first() > 1 {{ set text(size: 8pt, fill: rgb(\"#4d4d4d\")); ",
        font = markup::string_literal(FONT_FAMILY),
        fallback = markup::string_literal(world::FALLBACK_FAMILY),
        lang = meta.lang.code(),
    ));
    w.str(header, site_file, "the running header");
    w.code(" } })\n");
}

/// The stack of each thread that typesets. A rayon worker that waits inside Typst (its
/// layout and export run in parallel) takes other queued work meanwhile, on the same stack:
/// fed every PDF of a large site at once, a worker stacked one document's compilation on
/// another's until the 2 MiB of a rayon worker ran out and the build aborted (the whole
/// report of 300 provinces with their own PDFs). Only address space until a thread
/// touches it.
const TYPESETTING_STACK: usize = 256 << 20;

/// The pool Typst runs in: large stacks ([`TYPESETTING_STACK`]), as many threads as the
/// global pool. `None` when the system refused its threads.
fn pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("ictreport-typeset-{i}"))
            .stack_size(TYPESETTING_STACK)
            .build()
            .ok()
    })
    .as_ref()
}

/// `typeset` on every item, in parallel, results in the items' order. The documents are
/// handed to the large-stack pool one per feeding thread, by plain threads that are not rayon
/// workers and so take no other work while they wait: at most as many compilations are ever
/// queued as there are pool threads, so no worker can stack more than that many on its stack
/// (a plain `par_iter` queues them all). Inside `install` every rayon call of Typst runs on
/// the pool's workers (a plain thread with a large stack deadlocked: Typst's nested parallel
/// work went to the global pool, whose workers were waiting for that thread).
pub fn typeset_each<T: Sync, R: Send>(items: &[T], typeset: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let pool = pool();
    let feeders = pool
        .map_or(1, rayon::ThreadPool::current_num_threads)
        .clamp(1, items.len().max(1));
    let next = AtomicUsize::new(0);
    let feed = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            let r = match pool {
                Some(pool) => pool.install(|| typeset(item)),
                None => typeset(item),
            };
            done.push((i, r));
        }
    };
    let mut all: Vec<(usize, R)> = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..feeders).map(|_| scope.spawn(feed)).collect();
        threads
            .into_iter()
            .flat_map(|t| {
                t.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    all.sort_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, r)| r).collect()
}

/// Compiles the document `w` wrote into PDF bytes; every problem is a diagnostic pointing at
/// the file whose text caused it (or at the PDF's path for the document as a whole).
pub fn compile(w: Writer, meta: &Meta) -> Result<Pdf, Vec<Diagnostic>> {
    let (source, origins) = w.into_parts();
    let missing = origins.missing_glyphs();
    if !missing.is_empty() {
        return Err(missing);
    }
    let world = world::DocWorld::new(source, meta.date);
    let located = |span: Option<DiagSpan>, message: &str| -> Diagnostic {
        let origin = span
            .and_then(|s| world.range(s))
            .and_then(|r| origins.at(r.start));
        match origin {
            Some(o) => Diagnostic::error(
                &o.file,
                format!("the PDF edition cannot print {}: {message}", o.what),
            )
            .with_hint("change the text, or build with --no-pdf to skip the PDF edition"),
            None => Diagnostic::error(
                PathBuf::from(&meta.path),
                format!("the PDF edition could not be typeset: {message}"),
            )
            .with_hint("this is a bug in ictreport; build with --no-pdf meanwhile"),
        }
    };
    let errors = |list: &[SourceDiagnostic]| -> Vec<Diagnostic> {
        list.iter()
            .filter(|e| e.severity == Severity::Error)
            .map(|e| located(Some(e.span), &e.message))
            .collect()
    };
    let result = match typst::compile::<PagedDocument>(&world).output {
        Ok(doc) => match options(meta) {
            Ok(options) => typst_pdf::pdf(&doc, &options)
                .map(|bytes| Pdf {
                    bytes,
                    pages: doc.pages().len(),
                })
                .map_err(|e| errors(&e)),
            Err(message) => Err(vec![located(None, &message)]),
        },
        Err(e) => Err(errors(&e)),
    };
    // Typst memoises across compilations in global caches: without eviction a long
    // preview session grows with every edit.
    typst::comemo::evict(0);
    result
}

/// Export options with pinned metadata (identifier, creator, date): identical bytes for
/// identical input.
fn options(meta: &Meta) -> Result<PdfOptions, String> {
    let mut list = vec![PdfStandard::Ua_1];
    if meta.archival {
        list.push(PdfStandard::A_3a);
    }
    let standards = PdfStandards::new(&list).map_err(|e| e.message().to_string())?;
    let (y, m, d) = meta.date;
    Ok(PdfOptions {
        ident: Smart::Custom(meta.ident.clone()),
        creator: Smart::Custom(Some("ictreport".into())),
        timestamp: Datetime::from_ymd_hms(y, m, d, 0, 0, 0).map(Timestamp::new_utc),
        standards,
        tagged: true,
        ..PdfOptions::default()
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn meta() -> Meta {
        Meta {
            path: "tinh/a/a.pdf".into(),
            title: "A".into(),
            lang: Lang::Vi,
            date: (2020, 10, 4),
            ident: "tinh/a/a.pdf".into(),
            archival: false,
        }
    }

    /// What Typst refuses in a literal is reported on the file the literal came from.
    #[test]
    fn a_typst_error_points_at_the_content_file() {
        let file = Path::new("content/provinces/a/index.md");
        let mut w = Writer::default();
        preamble(&mut w, &meta(), "A", Path::new("site.yaml"));
        w.code("#link(");
        w.str("", file, "a link");
        w.code(")[x]\n");
        let errors = compile(w, &meta()).expect_err("an empty link is refused");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].file, file);
        assert!(
            errors[0].message.contains("a link"),
            "{}",
            errors[0].message
        );
    }

    /// However much parallel work a document does inside (as Typst's layout does), no more
    /// documents are in progress at once than the pool has threads: a worker waiting inside
    /// one document never takes up another on its stack.
    #[test]
    fn typesetting_never_stacks_more_documents_than_threads() {
        use rayon::prelude::*;
        use std::sync::atomic::Ordering::SeqCst;
        let (now, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let items: Vec<usize> = (0..64).collect();
        let done = typeset_each(&items, |&i| {
            most.fetch_max(now.fetch_add(1, SeqCst) + 1, SeqCst);
            let inner: usize = (0..2000usize).into_par_iter().map(|x| x % 7).sum();
            now.fetch_sub(1, SeqCst);
            (i, inner)
        });
        let order: Vec<usize> = done.iter().map(|(i, _)| *i).collect();
        assert_eq!(order, items, "results in the items' order");
        let threads = pool().map_or(1, rayon::ThreadPool::current_num_threads);
        let most = most.load(SeqCst);
        assert!(
            most <= threads,
            "{most} documents at once on {threads} threads"
        );
    }

    #[test]
    fn a_document_compiles_to_the_same_bytes_twice() {
        let write = || {
            let mut w = Writer::default();
            preamble(&mut w, &meta(), "A", Path::new("site.yaml"));
            w.code("#heading(level: 1, ");
            w.str("Vĩnh Phúc", Path::new("x"), "a name");
            w.code(")\n");
            w
        };
        let a = compile(write(), &meta())
            .map(|p| p.bytes)
            .unwrap_or_default();
        let b = compile(write(), &meta())
            .map(|p| p.bytes)
            .unwrap_or_default();
        assert!(a.starts_with(b"%PDF-"));
        assert_eq!(a, b);
    }
}
