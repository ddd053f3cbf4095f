//! `ictreport serve` driven over HTTP: live reload after an edit, the error state after a
//! broken edit (old page still served), recovery, safe paths and content types.

mod common;

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::*;

struct Server {
    child: Child,
    base: String,
    _tmp: tempfile::TempDir,
    root: std::path::PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `serve --port 0` on a copy of the good fixture (base URL /ict/).
fn start() -> Server {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture("good"), &root);
    let mut child = Command::new(env!("CARGO_BIN_EXE_ictreport"))
        .args(["serve", "--port", "0", "--root"])
        .arg(&root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let line = rx
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
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

fn get(url: &str) -> (u16, String, String) {
    let mut r = agent().get(url).call().unwrap();
    let ct = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let body = r.body_mut().read_to_string().unwrap_or_default();
    (r.status().as_u16(), ct, body)
}

fn origin(s: &Server) -> String {
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

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
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
    let msg = broken["errors"][0].as_str().unwrap();
    assert!(
        msg.contains("content/provinces/alpha/metrics.yaml:6:12"),
        "{msg}"
    );
    assert!(msg.contains("hint:"), "{msg}");
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
    let status = Command::new(env!("CARGO_BIN_EXE_ictreport"))
        .arg("import")
        .arg(&file)
        .arg("--root")
        .arg(&s.root)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    wait_state(&s, |v| {
        v["version"].as_u64().unwrap() > v0
            && v["errors"].as_array().unwrap().is_empty()
            && get(&format!("{}/tinh/ha-giang/", s.base)).0 == 200
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
    let css = std::fs::read_dir(s.root.join("output/static"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .file_name();
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
    std::os::unix::fs::symlink(&s.root, s.root.join("output/leak")).unwrap();
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
