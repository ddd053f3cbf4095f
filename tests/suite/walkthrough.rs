//! The README's "From an empty folder to a published site", step by step, in a temporary
//! folder, with the `ictreport` binary: what each step prints and what it leaves behind.
//! Every command run here must appear in that section of the README, so the two cannot
//! drift apart unnoticed.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::common::*;

/// The walk-through section of the README.
fn readme_walkthrough() -> String {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let start = readme
        .find("## From an empty folder to a published site")
        .expect("the README has the walk-through");
    let rest = &readme[start + 3..];
    rest[..rest.find("\n## ").unwrap_or(rest.len())].to_string()
}

/// Runs `ictreport ARGS` in `dir`, after checking that the README shows the command.
fn ictreport(dir: &Path, args: &[&str]) -> Output {
    let shown = format!(
        "ictreport {}",
        args.iter()
            .map(|a| if a.contains(' ') {
                format!("\"{a}\"")
            } else {
                a.to_string()
            })
            .collect::<Vec<_>>()
            .join(" ")
    );
    assert!(
        readme_walkthrough().contains(&shown),
        "the README's walk-through does not show `{shown}`"
    );
    cli().args(args).current_dir(dir).output().unwrap()
}

fn stdout(o: &Output) -> String {
    assert!(
        o.status.success(),
        "failed:\n{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Asserts that the README's walk-through quotes `text` (what a step printed).
fn quoted(text: &str) {
    assert!(
        readme_walkthrough().contains(text),
        "the README's walk-through does not quote `{text}`"
    );
}

/// A running `ictreport serve`, stopped when dropped.
struct Preview(std::process::Child);

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `ictreport serve --port 0` in `site` and returns it with its address.
fn serve(site: &Path) -> (Preview, String) {
    let mut child = Preview(
        cli()
            .args(["serve", "--port", "0"])
            .current_dir(site)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let out = child.0.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    loop {
        let line = rx
            .recv_timeout(Duration::from_secs(120))
            .expect("serve printed its address");
        if let Some(url) = line.strip_prefix("Serving on ") {
            let url = url.split_whitespace().next().unwrap().to_string();
            assert!(url.starts_with("http://127.0.0.1:"), "{line}");
            return (child, url);
        }
    }
}

fn get(url: &str) -> String {
    let (status, _, body) = http_get(url);
    assert_eq!(status, 200, "{url}");
    body
}

/// The `yaml` block of the README's walk-through that starts with `first_line`.
fn readme_yaml(first_line: &str) -> String {
    let text = readme_walkthrough();
    let start = text
        .find(&format!("```yaml\n   {first_line}"))
        .unwrap_or_else(|| panic!("no yaml block starting with {first_line}"));
    let block = &text[start + 8..];
    let block = &block[..block.find("```").unwrap()];
    block
        .lines()
        .map(|l| l.strip_prefix("   ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn from_an_empty_folder_to_a_published_site() {
    let tmp = tempfile::tempdir().unwrap();
    // 1. init, then build the example.
    let out = stdout(&ictreport(tmp.path(), &["init", "bao-cao-ict"]));
    quoted(out.trim());
    let site = tmp.path().join("bao-cao-ict");
    let out = stdout(&ictreport(&site, &["build"]));
    quoted(out.trim());
    assert!(site.join("output/tinh/vinh-phuc/index.html").is_file());
    assert!(site.join("output/en/tinh/vinh-phuc/index.html").is_file());

    // 2. A new province: a draft, left out of the build with a warning.
    let out = stdout(&ictreport(
        &site,
        &["new", "province", "Đắk Lắk", "--region", "Tây Nguyên"],
    ));
    for f in ["index.md", "index.en.md", "metrics.yaml"] {
        assert!(
            out.contains(&format!("Created content/provinces/dak-lak/{f}")),
            "{out}"
        );
        quoted(f);
    }
    let built = ictreport(&site, &["build"]);
    stdout(&built);
    let warning = String::from_utf8_lossy(&built.stderr).into_owned();
    let first = warning.lines().next().unwrap();
    // The README quotes the line up to its first empty section.
    let cut = "bưu chính`, ";
    let end = first.find(cut).expect("the first empty section") + cut.len();
    quoted(&first[..end]);
    assert!(!site.join("output/tinh/dak-lak").exists());

    // 3. The preview shows the draft, with a banner in each language.
    let (preview, url) = serve(&site);
    quoted("Serving on http://127.0.0.1:1111/");
    let vi = get(&format!("{url}tinh/dak-lak/"));
    let en = get(&format!("{url}en/tinh/dak-lak/"));
    drop(preview);
    // The preview writes a folder of its own: the draft it shows is not in the one `build`
    // publishes.
    assert!(!site.join("output/tinh/dak-lak").exists());
    assert!(
        site.join(".ictreport/preview/tinh/dak-lak/index.html")
            .is_file()
    );
    assert!(vi.contains("class=\"draft-banner\"") && vi.contains("Bản nháp"));
    assert!(en.contains("class=\"draft-banner\"") && en.contains("Draft."));
    quoted("Bản nháp");

    // 4. Write it: the source, its id, the figures and a paragraph under every heading.
    let dir = site.join("content/provinces/dak-lak");
    let sources = std::fs::read_to_string(site.join("content/sources.yaml")).unwrap();
    let source = readme_yaml("- id: dak-lak-2020");
    std::fs::write(
        site.join("content/sources.yaml"),
        format!("{sources}{source}\n"),
    )
    .unwrap();
    // Pasted under the comments `new province` wrote, as the README says.
    quoted("under the comments of `metrics.yaml`");
    let template = std::fs::read_to_string(dir.join("metrics.yaml")).unwrap();
    std::fs::write(
        dir.join("metrics.yaml"),
        format!("{template}{}\n", readme_yaml("ict_revenue:")),
    )
    .unwrap();
    quoted("sources: [dak-lak-2020]");
    // The figures are from before the reorganisation: the unit line puts it on the maps.
    quoted("uncomment `unit_before_2025: \"Đắk Lắk\"`");
    let value = "{{ value(indicator=\"ict_revenue\", year=2019) }}";
    quoted(value);
    for (file, text) in [
        (
            "index.md",
            format!("Doanh thu toàn ngành năm 2019 đạt {value}."),
        ),
        (
            "index.en.md",
            format!("The sector's revenue reached {value} in 2019."),
        ),
    ] {
        let path = dir.join(file);
        let written = std::fs::read_to_string(&path)
            .unwrap()
            .replace("sources: []", "sources: [dak-lak-2020]")
            .replace(
                "# unit_before_2025: \"Đắk Lắk\"  # a report from before 1 July 2025",
                "unit_before_2025: \"Đắk Lắk\"",
            )
            .lines()
            .map(|l| {
                if l.starts_with("## ") {
                    format!("{l}\n\n{text}\n")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        std::fs::write(&path, written).unwrap();
    }

    // 5. check, then build for the published address.
    let out = stdout(&ictreport(&site, &["check"]));
    quoted(out.trim());
    assert!(out.contains("no errors, 0 warnings"), "{out}");
    let built = ictreport(&site, &["build", "--base-url", "https://example.org/ict/"]);
    let out = stdout(&built);
    assert!(out.contains("; 0 warnings."), "{out}");
    let output = site.join("output");
    assert!(output.join("sitemap.xml").is_file() && output.join("atom.xml").is_file());
    let page = page(&output, "tinh/dak-lak/index.html");
    let canonical = page
        .select(&sel("link[rel=canonical]"))
        .next()
        .and_then(|l| l.value().attr("href"))
        .unwrap()
        .to_string();
    assert_eq!(canonical, "https://example.org/ict/tinh/dak-lak/");
    assert!(
        page.select(&sel(".draft-banner")).next().is_none(),
        "a finished province has no banner"
    );
    assert!(output.join("en/tinh/dak-lak/index.html").is_file());
    assert_eq!(broken_links(&output, "/ict/"), Vec::<String>::new());
}
