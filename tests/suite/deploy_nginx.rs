//! The nginx recipe in docs/deploy/nginx.conf, run for real: a site built for a sub-path is
//! served with clean URLs, its 404 page, UTF-8 charsets and long caching for fingerprinted
//! static files only.

use std::io::Read;
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A response header as text, empty when absent.
fn header(r: &ureq::http::Response<ureq::Body>, name: &str) -> String {
    r.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

#[test]
fn nginx_recipe_serves_the_site_under_a_sub_path() {
    let nginx = ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .expect("nginx is installed by scripts/install-test-deps.sh");
    let tmp = tempfile::tempdir().unwrap();
    let port = free_port();
    let www = tmp.path().join("www/ict");
    // The good fixture, with a file the site adds to its theme's static folder.
    let site = tmp.path().join("site");
    copy_dir(&fixture("good"), &site);
    let added = site.join("themes/default/static");
    std::fs::create_dir_all(&added).unwrap();
    std::fs::write(added.join("bao-cao.pdf"), b"%PDF-1.4").unwrap();
    let opts = ictreport::BuildOptions {
        root: site,
        output: Some(www.clone()),
        base_url: Some(format!("http://127.0.0.1:{port}/ict/")),
        broken_links_are_warnings: false,
        pdf: false,
    };
    ictreport::build(&opts).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let recipe = std::fs::read_to_string(repo().join("docs/deploy/nginx.conf"))
        .unwrap()
        .replace(
            "root /var/www;",
            &format!("root {}/www;", tmp.path().display()),
        );
    let t = tmp.path().display();
    let conf = format!(
        "daemon off; master_process off; pid {t}/nginx.pid; error_log {t}/error.log; events {{}}\nhttp {{ include /etc/nginx/mime.types; access_log off; client_body_temp_path {t}; proxy_temp_path {t}; fastcgi_temp_path {t}; uwsgi_temp_path {t}; scgi_temp_path {t};\nserver {{ listen 127.0.0.1:{port};\n{recipe}\n}} }}\n"
    );
    let conf_path = tmp.path().join("nginx.conf");
    std::fs::write(&conf_path, conf).unwrap();
    let mut child = Command::new(nginx)
        .arg("-c")
        .arg(&conf_path)
        .arg("-p")
        .arg(tmp.path())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(10);
    while agent.get(&format!("{base}/ict/")).call().is_err() {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            panic!("nginx exited with {status}: {err}");
        }
        assert!(Instant::now() < deadline, "nginx did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    let check = || -> Result<(), String> {
        let mut r = agent
            .get(&format!("{base}/ict/tinh/alpha/"))
            .call()
            .map_err(|e| e.to_string())?;
        let ct = header(&r, "content-type");
        let body = r.body_mut().read_to_string().unwrap_or_default();
        if r.status() != 200 || ct != "text/html; charset=utf-8" || !body.contains("72.120") {
            return Err(format!("province page: {} {ct}", r.status()));
        }
        let r = agent
            .get(&format!("{base}/ict/tinh/alpha"))
            .call()
            .map_err(|e| e.to_string())?;
        let loc = header(&r, "location");
        if r.status() != 301 || !loc.ends_with("/ict/tinh/alpha/") {
            return Err(format!("no redirect to the folder: {} {loc}", r.status()));
        }
        let mut r = agent
            .get(&format!("{base}/ict/khong-co/"))
            .call()
            .map_err(|e| e.to_string())?;
        let body = r.body_mut().read_to_string().unwrap_or_default();
        if r.status() != 404 || !body.contains("Không tìm thấy trang") {
            return Err(format!("missing page: {}", r.status()));
        }
        let csv = agent
            .get(&format!("{base}/ict/tai-ve/du-lieu.csv"))
            .call()
            .map_err(|e| e.to_string())?;
        let ct = header(&csv, "content-type");
        if !ct.starts_with("text/csv") || !ct.contains("charset=utf-8") {
            return Err(format!("csv content type {ct}"));
        }
        // Every static file: cached for good exactly when its name carries its content's
        // hash (the stylesheet, script and icon), so a replaced file the site added (kept
        // under its name) is fetched again.
        let mut immutable = Vec::new();
        for entry in std::fs::read_dir(www.join("static")).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            let bytes = std::fs::read(entry.path()).unwrap();
            let r = agent
                .get(&format!("{base}/ict/static/{name}"))
                .call()
                .map_err(|e| e.to_string())?;
            let cache = header(&r, "cache-control");
            let fingerprinted = crate::static_files::carries_its_hash(&name, &bytes);
            if r.status() != 200 || cache.contains("immutable") != fingerprinted {
                return Err(format!(
                    "static/{name}: {} cache-control {cache}",
                    r.status()
                ));
            }
            if fingerprinted {
                immutable.push(name);
            }
        }
        if !immutable.iter().any(|n| n.ends_with(".css")) {
            return Err(format!("cached for good: {immutable:?}"));
        }
        Ok(())
    };
    let result = check();
    let _ = child.kill();
    let _ = child.wait();
    result.unwrap();
}
