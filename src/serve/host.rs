//! Which `Host` a preview request may name. A page on another site can make the reader's
//! browser send requests to the preview by pointing its own name at 127.0.0.1 (DNS
//! rebinding); such requests carry that name in `Host`, so the preview answers only names
//! that cannot be rebound: IP addresses, `localhost` and its subdomains (RFC 6761), and the
//! names given with `--allow-host`. Vite and webpack-dev-server check the same way.

use std::net::{IpAddr, Ipv6Addr};

/// The hosts a preview answers besides IP addresses and `localhost`.
#[derive(Debug, Clone, Default)]
pub struct AllowedHosts {
    names: Vec<String>,
}

impl AllowedHosts {
    /// `names` as given on the command line (`example.lan`); case and a trailing dot do not
    /// matter.
    pub fn new(names: &[String]) -> AllowedHosts {
        AllowedHosts {
            names: names.iter().map(|n| normalise(n)).collect(),
        }
    }

    /// Whether a request whose `Host` (or URI authority) is `host`, with or without a port,
    /// may be answered.
    pub fn allows(&self, host: &str) -> bool {
        let Some(name) = host_name(host) else {
            return false;
        };
        if let Some(inner) = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
            return inner.parse::<Ipv6Addr>().is_ok();
        }
        if name.parse::<IpAddr>().is_ok() {
            return true;
        }
        let name = normalise(name);
        name == "localhost" || name.ends_with(".localhost") || self.names.contains(&name)
    }
}

/// `host` without its `:port` (which must be digits), or `None` when it is malformed.
fn host_name(host: &str) -> Option<&str> {
    let (name, port) = if host.starts_with('[') {
        let end = host.find(']')?;
        (&host[..=end], &host[end + 1..])
    } else {
        host.split_at(host.rfind(':').unwrap_or(host.len()))
    };
    let port_ok = port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    (port_ok && !name.is_empty()).then_some(name)
}

fn normalise(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

/// The body of the refusal: what happened and what to do instead.
pub fn refusal(host: &str, port: u16) -> String {
    let shown: String = host.chars().take(80).collect();
    let name: String = host_name(host).unwrap_or(host).chars().take(80).collect();
    format!(
        "ictreport serve refused this request: it names the host `{shown}`, and the preview \
         answers only localhost and IP addresses, so that a web page cannot reach it through \
         its own domain name (DNS rebinding).\nOpen http://localhost:{port}/ instead, or start \
         the preview with `--allow-host {name}` if this name is yours.\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_and_addresses_pass() {
        let hosts = AllowedHosts::default();
        for host in [
            "localhost",
            "localhost:1111",
            "LOCALHOST.:1111",
            "app.localhost:1111",
            "127.0.0.1",
            "127.0.0.1:1111",
            "[::1]",
            "[::1]:1111",
            "192.168.1.20:1111",
        ] {
            assert!(hosts.allows(host), "{host}");
        }
    }

    #[test]
    fn other_names_and_malformed_hosts_are_refused() {
        let hosts = AllowedHosts::default();
        for host in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.nip.io:1111",
            "",
            ":1111",
            "localhost:",
            "localhost:11a",
            "[::1",
            "[evil]:1111",
            "::1",
        ] {
            assert!(!hosts.allows(host), "{host}");
        }
    }

    #[test]
    fn the_refusal_names_the_host_to_allow_without_its_port() {
        let text = refusal("evil.example:1111", 1111);
        assert!(text.contains("`--allow-host evil.example`"), "{text}");
        assert!(text.contains("http://localhost:1111/"), "{text}");
    }

    #[test]
    fn names_given_on_the_command_line_pass() {
        let hosts = AllowedHosts::new(&["Preview.Lan.".to_string()]);
        assert!(hosts.allows("preview.lan:1111"));
        assert!(!hosts.allows("other.lan:1111"));
    }
}
