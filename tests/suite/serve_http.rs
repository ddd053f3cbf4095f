//! `ictreport serve` driven over HTTP: live reload after an edit, the error state after a
//! broken edit (old page still served), recovery, safe paths and content types, HEAD
//! lengths, requests for foreign hosts, editors' in-place saves, and busy ports.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::common::*;
use crate::common::{http_agent as agent, http_get as get};

pub(crate) struct Server {
    pub(crate) child: Child,
    base: String,
    pub(crate) _tmp: tempfile::TempDir,
    pub(crate) root: PathBuf,
    /// What the server prints on stderr, line by line.
    pub(crate) stderr: Lines,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) type Lines = mpsc::Receiver<String>;

fn lines_of(stream: impl Read + Send + 'static) -> Lines {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    rx
}

/// Runs `serve ARGS --root SITE` on a copy of the good fixture (base URL /ict/); returns
/// the child, its temporary folder, the site, and its stdout and stderr lines.
fn spawn(args: &[&str]) -> (Child, tempfile::TempDir, PathBuf, Lines, Lines) {
    let (tmp, root) = site_copy("good");
    // The PDF edition is not what these tests are about: `--no-pdf` keeps the preview quick.
    let mut child = cli()
        .args(["serve", "--no-pdf"])
        .args(args)
        .arg("--root")
        .arg(&root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = lines_of(child.stdout.take().unwrap());
    let stderr = lines_of(child.stderr.take().unwrap());
    (child, tmp, root, stdout, stderr)
}

/// Starts `serve --port 0` on a copy of the good fixture.
pub(crate) fn start() -> Server {
    start_with(&["--port", "0"])
}

/// Starts `serve ARGS` on a copy of the good fixture and waits for its address.
pub(crate) fn start_with(args: &[&str]) -> Server {
    let (child, tmp, root, stdout, stderr) = spawn(args);
    let line = stdout
        .recv_timeout(Duration::from_secs(60))
        .expect("serve printed its address");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("address")
        .trim_end_matches('/')
        .to_string();
    // `url` ends with the base path: http://127.0.0.1:PORT/ict
    Server {
        child,
        base: url,
        _tmp: tmp,
        root,
        stderr,
    }
}

pub(crate) fn origin(s: &Server) -> String {
    s.base.trim_end_matches("/ict").to_string()
}

/// Reads the event stream until a state with `pred` arrives (or times out).
fn wait_state(s: &Server, pred: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
    let url = format!("{}/__ictreport/events", origin(s));
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut r = agent().get(&url).call().unwrap();
    let mut reader = BufReader::new(r.body_mut().as_reader());
    let mut line = String::new();
    while Instant::now() < deadline {
        line.clear();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        if let Some(data) = line.strip_prefix("data: ") {
            let v: serde_json::Value = serde_json::from_str(data.trim()).unwrap();
            if pred(&v) {
                return v;
            }
        }
    }
    panic!("no matching state within 30 s");
}

#[test]
fn edit_reload_break_and_recover() {
    let s = start();
    let page = format!("{}/tinh/alpha/", s.base);
    let (status, ct, body) = get(&page);
    assert_eq!(status, 200);
    assert_eq!(ct, "text/html; charset=utf-8");
    assert!(body.contains("72.120"));
    assert!(
        body.contains("/__ictreport/live.js"),
        "live-reload script injected"
    );
    let v0 = wait_state(&s, |_| true)["version"].as_u64().unwrap();

    edit(
        &s.root,
        "content/provinces/alpha/metrics.yaml",
        "value: 72120",
        "value: 72777",
    );
    wait_state(&s, |v| {
        v["version"].as_u64().unwrap() > v0 && v["errors"].as_array().unwrap().is_empty()
    });
    assert!(get(&page).2.contains("72.777"));

    edit(
        &s.root,
        "content/provinces/alpha/metrics.yaml",
        "value: 72777",
        "value: bảy mươi",
    );
    let broken = wait_state(&s, |v| !v["errors"].as_array().unwrap().is_empty());
    let msg = broken["errors"][0]["text"].as_str().unwrap();
    assert!(
        msg.contains("content/provinces/alpha/metrics.yaml:6:12"),
        "{msg}"
    );
    assert!(msg.contains("hint:"), "{msg}");
    // The overlay speaks the site's language and links to the file at its line, on a page
    // the preview serves (only for files the errors name).
    assert_eq!(broken["overlay"]["lang"], "vi");
    assert!(
        broken["overlay"]["heading"]
            .as_str()
            .unwrap()
            .contains("lỗi")
    );
    let link = &broken["errors"][0]["link"];
    assert_eq!(
        link["text"],
        "Mở content/provinces/alpha/metrics.yaml ở dòng 6"
    );
    let href = link["href"].as_str().unwrap();
    let (status, ct, source) = get(&format!("{}{href}", origin(&s)));
    assert_eq!((status, ct.as_str()), (200, "text/html; charset=utf-8"));
    let source = scraper::Html::parse_document(&source);
    let marked: Vec<String> = source
        .select(&sel("li.error"))
        .map(|li| format!("{}:{}", li.value().id().unwrap_or_default(), text_of(li)))
        .collect();
    assert_eq!(marked, ["L6:value: bảy mươi"]);
    let other = format!("{}/__ictreport/source?file=site.yaml", origin(&s));
    assert_eq!(get(&other).0, 404);
    // Opaque: the page underneath does not show through the errors.
    let script = get(&format!("{}/__ictreport/live.js", origin(&s))).2;
    let css = script.split("cssText = \"position:fixed").nth(1).unwrap();
    let background = css
        .split(';')
        .find(|d| d.starts_with("background:"))
        .unwrap();
    assert_eq!(background, "background:#141414");
    // The last good page is still served.
    assert!(get(&page).2.contains("72.777"));

    edit(
        &s.root,
        "content/provinces/alpha/metrics.yaml",
        "value: bảy mươi",
        "value: 72888",
    );
    wait_state(&s, |v| {
        v["errors"].as_array().unwrap().is_empty()
            && v["version"].as_u64().unwrap() > broken["version"].as_u64().unwrap()
    });
    assert!(get(&page).2.contains("72.888"));
}

#[test]
fn an_import_is_picked_up_like_an_edit() {
    let s = start();
    let v0 = wait_state(&s, |_| true)["version"].as_u64().unwrap();
    let file = s.root.with_file_name("data.csv");
    std::fs::write(
        &file,
        "province,indicator,year,value,source\nalpha,ict_revenue,2019,72999,alpha-2020\nHà Giang,ict_revenue,2019,12.5,daklak-2019\n",
    )
    .unwrap();
    let status = cli()
        .arg("import")
        .arg(&file)
        .arg("--root")
        .arg(&s.root)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    // Each file is renamed into place on its own, so the preview may see the import in more
    // than one rebuild: wait for both provinces.
    wait_state(&s, |v| {
        v["version"].as_u64().unwrap() > v0
            && v["errors"].as_array().unwrap().is_empty()
            && get(&format!("{}/tinh/ha-giang/", s.base)).0 == 200
            && get(&format!("{}/tinh/alpha/", s.base)).2.contains("72.999")
    });
    assert!(get(&format!("{}/tinh/alpha/", s.base)).2.contains("72.999"));
    assert!(
        get(&format!("{}/tinh/ha-giang/", s.base))
            .2
            .contains("12,5")
    );
}

#[test]
fn safe_paths_types_and_status_codes() {
    let s = start();
    let o = origin(&s);
    // The root redirects to the base path.
    let r = agent().get(&format!("{o}/")).call().unwrap();
    assert!(r.status().is_redirection());
    assert_eq!(r.headers().get("location").unwrap(), "/ict/");
    for (path, ty) in [
        ("/ict/tai-ve/du-lieu.csv", "text/csv; charset=utf-8"),
        ("/ict/tai-ve/du-lieu.json", "application/json"),
        ("/ict/sitemap.xml", "text/xml; charset=utf-8"),
    ] {
        let (status, ct, _) = get(&format!("{o}{path}"));
        assert_eq!((status, ct.as_str()), (200, ty), "{path}");
    }
    let css = std::fs::read_dir(s.root.join(ictreport::output::PREVIEW_DIR).join("static"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .find(|n| n.to_string_lossy().ends_with(".css"))
        .expect("a stylesheet");
    let (status, ct, _) = get(&format!("{o}/ict/static/{}", css.to_string_lossy()));
    assert_eq!((status, ct.as_str()), (200, "text/css; charset=utf-8"));
    let (status, ct, body) = get(&format!("{o}/ict/khong-co/"));
    assert_eq!(status, 404);
    assert!(ct.starts_with("text/html"));
    assert!(body.contains("Không tìm thấy trang"));
    let head = agent()
        .head(&format!("{o}/ict/tinh/alpha/"))
        .call()
        .unwrap();
    assert_eq!(head.status().as_u16(), 200);
    // Traversal, plain and percent-encoded, never reaches site.yaml beside the output.
    for path in [
        "/ict/../site.yaml",
        "/ict/%2e%2e/site.yaml",
        "/ict/..%2fsite.yaml",
        "/ict/%2e%2e%2fsite.yaml",
        "/ict/tinh/%2e%2e/%2e%2e/%2e%2e/site.yaml",
    ] {
        let mut r = agent().get(&format!("{o}{path}")).call().unwrap();
        let body = r.body_mut().read_to_string().unwrap_or_default();
        assert!(!body.contains("base_url"), "{path} leaked site.yaml");
        assert_ne!(r.status().as_u16(), 200, "{path}");
    }
    // A symbolic link inside the output that leads out is refused.
    std::os::unix::fs::symlink(
        &s.root,
        s.root.join(ictreport::output::PREVIEW_DIR).join("leak"),
    )
    .unwrap();
    let (status, _, body) = get(&format!("{o}/ict/leak/site.yaml"));
    assert_eq!(status, 404);
    assert!(!body.contains("base_url"));
}

#[test]
fn many_parallel_clients() {
    let s = start();
    let url = format!("{}/tinh/alpha/", s.base);
    let handles: Vec<_> = (0..32)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || (0..10).all(|_| get(&url).0 == 200))
        })
        .collect();
    assert!(handles.into_iter().all(|h| h.join().unwrap()));
}

#[test]
fn ctrl_c_stops_the_server() {
    let mut s = start();
    // An open page keeps an event stream; stopping must not wait for it.
    let events = format!("{}/__ictreport/events", origin(&s));
    std::thread::spawn(move || {
        if let Ok(mut r) = agent().get(&events).call() {
            let _ = r.body_mut().as_reader().read_to_end(&mut Vec::new());
        }
    });
    std::thread::sleep(Duration::from_millis(300));
    let pid = rustix::process::Pid::from_child(&s.child);
    rustix::process::kill_process(pid, rustix::process::Signal::INT).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = s.child.try_wait().unwrap() {
            assert!(status.success(), "{status:?}");
            break;
        }
        assert!(Instant::now() < deadline, "serve did not stop on SIGINT");
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut out = String::new();
    let _ = s
        .child
        .stdout
        .take()
        .map(|mut o| o.read_to_string(&mut out));
}

fn port_of(s: &Server) -> u16 {
    s.base
        .trim_start_matches("http://127.0.0.1:")
        .split('/')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("port in the address")
}

/// Status and body of a GET of `url` naming `host` in the `Host` header.
fn get_as(url: &str, host: &str) -> (u16, String) {
    let mut r = agent().get(url).header("Host", host).call().unwrap();
    let status = r.status().as_u16();
    let stream = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/event-stream"));
    // An event stream never ends: its status is enough.
    let body = if stream {
        String::new()
    } else {
        r.body_mut().read_to_string().unwrap_or_default()
    };
    (status, body)
}

#[test]
fn head_gives_the_length_get_sends() {
    let s = start();
    let o = origin(&s);
    let css = std::fs::read_dir(s.root.join(ictreport::output::PREVIEW_DIR).join("static"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with(".css"))
        .unwrap();
    for path in [
        "/ict/".to_string(),
        "/ict/tinh/alpha/".into(),
        "/ict/chi-so/".into(),
        "/ict/khong-co/".into(),
        "/ict/sitemap.xml".into(),
        "/ict/tai-ve/du-lieu.csv".into(),
        format!("/ict/static/{css}"),
        "/__ictreport/live.js".into(),
        "/".into(),
    ] {
        let url = format!("{o}{path}");
        let head = agent().head(&url).call().unwrap();
        let mut get = agent().get(&url).call().unwrap();
        let body = get.body_mut().read_to_vec().unwrap();
        assert_eq!(head.status(), get.status(), "{path}");
        let length: usize = head
            .headers()
            .get("content-length")
            .and_then(|v| v.to_str().ok()?.parse().ok())
            .unwrap_or_else(|| panic!("{path}: HEAD has no content-length"));
        assert_eq!(length, body.len(), "{path}");
        assert_eq!(
            head.headers().get("content-type"),
            get.headers().get("content-type"),
            "{path}"
        );
    }
}

#[test]
fn unservable_paths_get_the_404_page() {
    let s = start();
    let o = origin(&s);
    let long = "a".repeat(300);
    // Longer than any path the file system takes (PATH_MAX is 4096 on Linux).
    let deep = "d/".repeat(2100);
    for path in [
        format!("/ict/{long}"),
        format!("/ict/{long}/"),
        format!("/ict/tinh/{long}/index.html"),
        format!("/ict/{deep}x"),
        "/ict/index.html/x".into(),
        "/ict/sitemap.xml/".into(),
        "/ict/%ff".into(),
        "/ict/%c0%ae%c0%ae/site.yaml".into(),
        "/ict/a%00b".into(),
        "/ict/tinh/alpha%00/".into(),
    ] {
        let (status, ct, body) = get(&format!("{o}{path}"));
        let shown = &path[..path.len().min(40)];
        assert_eq!(status, 404, "{shown}");
        assert!(ct.starts_with("text/html"), "{shown}: {ct}");
        assert!(body.contains("Không tìm thấy trang"), "{shown}");
    }
}

#[test]
fn only_local_host_names_are_answered() {
    let s = start_with(&["--port", "0", "--allow-host", "preview.lan"]);
    let port = port_of(&s);
    let page = format!("{}/tinh/alpha/", s.base);
    let events = format!("{}/__ictreport/events", origin(&s));
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
    ] {
        for url in [&page, &events] {
            let (status, body) = get_as(url, &host);
            assert_eq!(status, 403, "{host} {url}");
            assert!(body.contains("DNS rebinding"), "{body}");
            assert!(!body.contains("72.120"));
        }
    }
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        "localhost".to_string(),
        format!("preview.lan:{port}"),
    ] {
        let (status, body) = get_as(&page, &host);
        assert_eq!(status, 200, "{host}");
        assert!(body.contains("72.120"), "{host}");
        assert_eq!(get_as(&events, &host).0, 200, "{host}");
    }
}

/// Writes `text` over `path` in place as an editor does: truncate, then two pieces (cut at
/// `cut`), with pauses between.
fn save_in_place(path: &Path, text: &str, cut: usize, pause: Duration) {
    let cut = (cut..text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len());
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(path)
        .unwrap();
    std::thread::sleep(pause);
    file.write_all(&text.as_bytes()[..cut]).unwrap();
    std::thread::sleep(pause);
    file.write_all(&text.as_bytes()[cut..]).unwrap();
}

#[test]
fn rapid_in_place_saves_never_report_a_half_written_file() {
    let s = start();
    // Every state open pages are sent meanwhile.
    let (states_tx, states) = mpsc::channel();
    let url = format!("{}/__ictreport/events", origin(&s));
    std::thread::spawn(move || {
        let mut r = agent().get(&url).call().unwrap();
        for line in BufReader::new(r.body_mut().as_reader())
            .lines()
            .map_while(Result::ok)
        {
            if let Some(data) = line.strip_prefix("data: ") {
                let _ = states_tx.send(serde_json::from_str::<serde_json::Value>(data).unwrap());
            }
        }
    });
    let first = states.recv_timeout(Duration::from_secs(30)).unwrap();
    assert!(first["errors"].as_array().unwrap().is_empty());

    let metrics = s.root.join("content/provinces/alpha/metrics.yaml");
    let text = std::fs::read_to_string(&metrics).unwrap();
    let saves = 50;
    for i in 0..saves {
        let new = text.replacen("value: 72120", &format!("value: {}", 72200 + i), 1);
        let cut = new.len() * (1 + i % 5) / 6;
        let pause = Duration::from_millis([3, 8, 15, 25][i % 4]);
        save_in_place(&metrics, &new, cut, pause);
        std::thread::sleep(Duration::from_millis([5, 20, 40][i % 3]));
    }
    let last = format!("72.{}", 200 + saves - 1);
    let page = format!("{}/tinh/alpha/", s.base);
    let deadline = Instant::now() + Duration::from_secs(30);
    while !get(&page).2.contains(&last) {
        assert!(
            Instant::now() < deadline,
            "the last save never reached the page"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // Until the server has been quiet for a while: everything it printed.
    let mut printed = Vec::new();
    while let Ok(line) = s.stderr.recv_timeout(Duration::from_millis(1500)) {
        printed.push(line);
    }
    let rebuilds = printed.iter().filter(|l| l.starts_with("Rebuilt")).count();
    assert!(rebuilds > 0, "{printed:#?}");
    assert!(
        !printed
            .iter()
            .any(|l| l.contains("failed") || l.contains("error")),
        "{printed:#?}"
    );
    let failed: Vec<serde_json::Value> = states
        .try_iter()
        .filter(|v| !v["errors"].as_array().unwrap().is_empty())
        .collect();
    assert!(failed.is_empty(), "{failed:#?}");
    let preview = s.root.join(ictreport::output::PREVIEW_DIR);
    assert_same_as_full_build(&s.root, &preview, &s._tmp.path().join("full"));
}

#[test]
fn a_busy_default_port_gives_way_to_the_next_free_one() {
    // Held here unless another program holds it already: either way it is busy.
    let _held = std::net::TcpListener::bind(("127.0.0.1", 1111));
    let s = start_with(&[]);
    let port = port_of(&s);
    assert!(port > 1111, "{}", s.base);
    let note = s
        .stderr
        .iter()
        .find(|l| l.contains("in use"))
        .expect("a note about the port");
    assert!(note.starts_with("Port 1111 is in use"), "{note}");
    assert!(
        note.contains(&format!("serving on port {port} instead")),
        "{note}"
    );
    assert_eq!(get(&format!("{}/tinh/alpha/", s.base)).0, 200);
}

#[test]
fn a_busy_explicit_port_is_a_clear_error_before_any_build() {
    let busy = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = busy.local_addr().unwrap().port();
    let (mut child, _tmp, root, _stdout, stderr) = spawn(&["--port", &port.to_string()]);
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "serve did not stop");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(1));
    let printed: Vec<String> = stderr.iter().collect();
    let text = printed.join("\n");
    assert!(
        text.contains(&format!(
            "error: 127.0.0.1:{port}: cannot listen on this address"
        )),
        "{text}"
    );
    assert!(text.contains("hint:") && text.contains("--port"), "{text}");
    assert!(
        !root.join(ictreport::output::PREVIEW_DIR).exists(),
        "it built before checking the port"
    );
}
