//! The integration tests, one binary (one link) for all: each module tests one concern of
//! the pipeline through the library or the real `ictreport` binary, with fixture sites from
//! `tests/fixtures/`. Run one module with `cargo test --test suite <module>::`.

mod atomicity;
mod build_site;
mod chart_extent;
mod chart_style;
mod chart_svg;
mod cli_output;
mod common;
mod compare;
mod compare_honest;
mod content_time;
mod dates_english;
mod dense_pages;
mod deploy_nginx;
mod derived_marks;
mod downloads;
mod drafts;
mod edition_names;
mod every_error;
mod export_rules;
mod figure_boundary;
mod first_hour;
mod hostile;
mod import;
mod import_bounds;
mod import_tables;
mod lean_pages;
mod markdown_errors;
mod module_graph;
mod output_locks;
mod output_safety;
#[cfg(feature = "pdf")]
mod pdf;
#[cfg(feature = "pdf")]
mod pdf_large;
mod properties;
mod provenance;
mod publish;
mod reorganisation;
mod scaffold;
mod search;
mod search_text;
mod serve_bounds;
mod serve_http;
mod serve_incremental;
#[cfg(feature = "pdf")]
mod serve_pdf;
mod site_links;
mod source_writes;
mod static_files;
mod terminal_output;
mod walkthrough;
