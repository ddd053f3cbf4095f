//! The preview's bounded work per request, against a real `ictreport serve`: a HEAD of the
//! never-ending event stream is answered with headers only, and a client that sends its
//! request headers too slowly is cut off instead of holding a connection for ever.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::common::http_agent as agent;
use crate::serve_http::{origin, start};

#[test]
fn head_of_the_event_stream_answers_headers_only() {
    let s = start();
    let url = format!("{}/__ictreport/events", origin(&s));
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let r = agent().head(&url).call().map(|r| {
            let ct = r.headers().get("content-type").cloned();
            (r.status().as_u16(), ct)
        });
        let _ = tx.send(r.map_err(|e| e.to_string()));
    });
    // A watchdog, not a speed target: the HEAD used to never complete.
    let (status, content_type) = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("HEAD /__ictreport/events does not complete")
        .unwrap();
    assert_eq!(status, 200);
    let content_type = content_type.as_ref().and_then(|v| v.to_str().ok());
    assert!(
        content_type.is_some_and(|t| t.starts_with("text/event-stream")),
        "{content_type:?}"
    );
}

#[test]
fn slow_request_headers_are_cut_off() {
    let s = start();
    let addr = origin(&s).trim_start_matches("http://").to_string();
    let mut conn = TcpStream::connect(&addr).unwrap();
    // Half a request: the blank line that ends the headers never comes.
    conn.write_all(b"GET /ict/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let started = Instant::now();
    let mut answer = Vec::new();
    let read = conn.read_to_end(&mut answer);
    assert!(
        read.is_ok(),
        "the server kept the connection open for {:?}: {read:?}",
        started.elapsed()
    );
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
    // The connection did not end for another reason: a complete request is still answered.
    let (status, ..) = {
        let mut r = agent().get(&format!("{}/ict/", origin(&s))).call().unwrap();
        let _ = r.body_mut().read_to_string();
        (r.status().as_u16(),)
    };
    assert_eq!(status, 200);
}
