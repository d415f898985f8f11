//! What a scanned QR code (or a pasted text) means to Linli.
//!
//! Residents mostly scan with WeChat, which opens the URL itself; the in-app scanner and typed
//! entry come through here. A URL to another site is returned as such (the UI shows it and never
//! opens it by itself); anything else is plain text.

use crate::component_code::{CodeError, ComponentCode};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Payload {
    /// `https://<host>/c/<code>` or a bare 16-digit code.
    Component(ComponentCode),
    /// `https://<host>/b/<code>`: a building's plate.
    Building(ComponentCode),
    /// `https://<host>/v/<ballot>#<code>`: a household's voting code (the secret is the fragment).
    VotingCode { ballot: String, code: String },
    /// A Linli path whose code is malformed: the resident is told what is wrong with it.
    MalformedCode { text: String, error: CodeError },
    /// A URL that is not one of Linli's.
    ForeignUrl(String),
    /// Anything else, shown as text.
    Text(String),
}

/// Reads a payload. `own_hosts` are the hosts that serve this Linli (e.g. `linli.tongzhou.gov.cn`,
/// `127.0.0.1:8080`); a Linli path on any other host is a foreign URL, because following it
/// would hand the resident to someone else's site.
pub fn parse_payload(text: &str, own_hosts: &[&str]) -> Payload {
    let trimmed = text.trim();
    if let Ok(code) = ComponentCode::parse(trimmed) {
        return Payload::Component(code);
    }
    let Some((scheme, rest)) = trimmed.split_once("://") else {
        return Payload::Text(trimmed.to_owned());
    };
    if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
        return Payload::ForeignUrl(trimmed.to_owned());
    }
    let (authority, path_and_more) = match rest.find(['/', '?', '#']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let host = authority.rsplit('@').next().unwrap_or(authority);
    if !own_hosts.iter().any(|own| own.eq_ignore_ascii_case(host)) {
        return Payload::ForeignUrl(trimmed.to_owned());
    }
    let (before_fragment, fragment) = match path_and_more.split_once('#') {
        Some((before, fragment)) => (before, Some(fragment)),
        None => (path_and_more, None),
    };
    let path = before_fragment.split('?').next().unwrap_or("");
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match segments.as_slice() {
        ["c", code] => code_payload(code, Payload::Component),
        ["b", code] => code_payload(code, Payload::Building),
        ["v", ballot] if is_slug(ballot) => match fragment.filter(|f| !f.is_empty()) {
            Some(code) => Payload::VotingCode {
                ballot: (*ballot).to_owned(),
                code: code.to_owned(),
            },
            None => Payload::ForeignUrl(trimmed.to_owned()),
        },
        _ => Payload::ForeignUrl(trimmed.to_owned()),
    }
}

fn code_payload(text: &str, make: fn(ComponentCode) -> Payload) -> Payload {
    match ComponentCode::parse(text) {
        Ok(code) => make(code),
        Err(error) => Payload::MalformedCode {
            text: text.to_owned(),
            error,
        },
    }
}

fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 64
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTS: &[&str] = &["linli.example.cn", "127.0.0.1:8080"];

    fn component(code: &str) -> Payload {
        Payload::Component(ComponentCode::parse(code).unwrap())
    }

    fn check(input: &str, expected: Payload) {
        assert_eq!(parse_payload(input, HOSTS), expected, "payload {input:?}");
    }

    #[test]
    fn component_plates_in_every_form() {
        check(
            "https://linli.example.cn/c/1101120110000001",
            component("1101120110000001"),
        );
        check(
            "HTTPS://LINLI.EXAMPLE.CN/c/1101120110000001",
            component("1101120110000001"),
        );
        check(
            "https://linli.example.cn/c/1101120110000001/",
            component("1101120110000001"),
        );
        check(
            "https://linli.example.cn/c/1101120110000001?from=plate",
            component("1101120110000001"),
        );
        check(
            "https://linli.example.cn/c/1101120110000001#x",
            component("1101120110000001"),
        );
        check(
            "http://127.0.0.1:8080/c/1101120110000001",
            component("1101120110000001"),
        );
        check("1101120110000001", component("1101120110000001"));
        check(" 110112 01 10 000001 ", component("1101120110000001"));
    }

    #[test]
    fn buildings_and_voting_codes() {
        check(
            "https://linli.example.cn/b/1101120501000003",
            Payload::Building(ComponentCode::parse("1101120501000003").unwrap()),
        );
        check(
            "https://linli.example.cn/v/2026-beiyuan-autumn#K7PQ-W3XR-9MZ",
            Payload::VotingCode {
                ballot: "2026-beiyuan-autumn".into(),
                code: "K7PQ-W3XR-9MZ".into(),
            },
        );
    }

    #[test]
    fn a_malformed_code_on_our_host_says_what_is_wrong() {
        check(
            "https://linli.example.cn/c/12345",
            Payload::MalformedCode {
                text: "12345".into(),
                error: CodeError::WrongLength { digits: 5 },
            },
        );
    }

    #[test]
    fn other_sites_and_schemes_are_never_taken_for_ours() {
        for url in [
            "https://evil.example.com/c/1101120110000001",
            "https://linli.example.cn.evil.com/c/1101120110000001",
            "https://linli.example.cn@evil.com/c/1101120110000001",
            "javascript:alert(1)",
            "weixin://dl/scan",
            "https://linli.example.cn/admin",
            "https://linli.example.cn/v/2026-beiyuan-autumn",
            "https://linli.example.cn/v/../admin#code",
        ] {
            let got = parse_payload(url, HOSTS);
            assert!(
                matches!(got, Payload::ForeignUrl(_) | Payload::Text(_)),
                "{url} gave {got:?}"
            );
        }
    }

    #[test]
    fn the_userinfo_trick_uses_the_real_host() {
        // `user@host`: the host is after the @, so ours@theirs is theirs.
        check(
            "https://evil.com@linli.example.cn/c/1101120110000001",
            component("1101120110000001"),
        );
    }

    #[test]
    fn other_text_is_text() {
        check("hello 你好", Payload::Text("hello 你好".into()));
        check("", Payload::Text(String::new()));
    }
}
