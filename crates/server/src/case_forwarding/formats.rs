//! How one outbox row is written for the district's endpoint, and how its answer's case number is
//! read. Pure functions of the row, so that the two formats are checked without a network.

use serde_json::Value;

use super::{CaseFormat, CaseForwarding};

/// One request to send: where, as what, and its body.
#[derive(Debug, PartialEq)]
pub(super) struct Written {
    pub url: String,
    pub content_type: &'static str,
    pub body: String,
    /// Whether the token goes in `Authorization: Bearer` (the JSON webhook) rather than in the
    /// body's `api_key` (Open311).
    pub bearer: bool,
}

/// Why a row cannot be written at all: a GeoReport update names the city's case number, and
/// the report has none.
#[derive(Debug, PartialEq)]
pub(super) struct NoCaseNumber;

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn joined(url: &hyper::Uri, document: &str) -> String {
    format!("{}/{document}", url.to_string().trim_end_matches('/'))
}

/// The row `event` with `payload` (`{"report", "change"}`), `delivery_id` its key, for a report
/// whose case number is `external_id`.
pub(super) fn write(
    forwarding: &CaseForwarding,
    event: &str,
    delivery_id: &str,
    payload: &Value,
    external_id: Option<&str>,
) -> Result<Written, NoCaseNumber> {
    let report = &payload["report"];
    let change = &payload["change"];
    match forwarding.format {
        CaseFormat::Json => {
            let body = serde_json::json!({
                "event": event,
                "delivery_id": delivery_id,
                "external_id": external_id,
                "report": report,
                "change": change,
            });
            Ok(Written {
                url: forwarding.url.to_string(),
                content_type: "application/json",
                body: body.to_string(),
                bearer: true,
            })
        }
        CaseFormat::Open311 if change.is_null() => {
            let mut fields: Vec<(String, String)> = vec![
                ("api_key".into(), forwarding.token.clone()),
                ("service_code".into(), text(&report["service_code"])),
                ("lat".into(), text(&report["lat"])),
                ("long".into(), text(&report["long"])),
                ("description".into(), text(&report["description"])),
            ];
            let address = text(&report["address"]);
            if !address.is_empty() {
                fields.push(("address_string".into(), address));
            }
            let component = text(&report["component_code"]);
            if !component.is_empty() {
                fields.push(("attribute[component_code]".into(), component));
            }
            fields.push((
                "attribute[linli_service_request_id]".into(),
                text(&report["service_request_id"]),
            ));
            Ok(Written {
                url: joined(&forwarding.url, "requests.json"),
                content_type: "application/x-www-form-urlencoded",
                body: serde_urlencoded::to_string(&fields).expect("strings encode"),
                bearer: false,
            })
        }
        CaseFormat::Open311 => {
            let external_id = external_id.ok_or(NoCaseNumber)?;
            let fields: Vec<(&str, String)> = vec![
                ("api_key", forwarding.token.clone()),
                ("service_request_id", external_id.to_owned()),
                ("update_id", text(&change["update_id"])),
                ("status", text(&change["status"])),
                ("description", text(&change["description"])),
                ("updated_datetime", text(&change["updated_datetime"])),
                (
                    "linli_service_request_id",
                    text(&report["service_request_id"]),
                ),
            ];
            Ok(Written {
                url: joined(&forwarding.url, "servicerequestupdates.json"),
                content_type: "application/x-www-form-urlencoded",
                body: serde_urlencoded::to_string(&fields).expect("strings encode"),
                bearer: false,
            })
        }
    }
}

/// The case number in a 2xx answer: GeoReport's `[{"service_request_id": …}]` (or the object
/// alone), or the webhook's `{"external_id": …}`; a number is taken as its digits. `None` when
/// the answer carries none (a GeoReport endpoint that answers only a `token` included).
pub(super) fn case_number(format: CaseFormat, answer: &[u8]) -> Option<String> {
    let value: Value = serde_json::from_slice(answer).ok()?;
    let object = match &value {
        Value::Array(items) => items.first()?,
        other => other,
    };
    let field = match format {
        CaseFormat::Open311 => "service_request_id",
        CaseFormat::Json => "external_id",
    };
    let id = match &object[field] {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!id.is_empty() && id.chars().count() <= 100).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::webhook::Retry;
    use serde_json::json;

    fn forwarding(format: CaseFormat) -> CaseForwarding {
        CaseForwarding {
            url: "http://127.0.0.1:9000/open311/v2/".parse().unwrap(),
            format,
            token: "k&y".into(),
            retry: Retry::default(),
        }
    }

    fn payload(change: Value) -> Value {
        json!({
            "report": {"service_request_id": "7", "service_code": "streetlight_out",
                "lat": 39.9, "long": 116.6, "description": "灯不亮 & 闪", "address": "",
                "component_code": "1101120110000001", "status": "open"},
            "change": change,
        })
    }

    #[test]
    fn a_new_report_is_a_georeport_request_with_the_key_in_the_body() {
        let written = write(
            &forwarding(CaseFormat::Open311),
            "report.created",
            "case:7:created",
            &payload(Value::Null),
            None,
        )
        .unwrap();
        assert_eq!(
            written.url,
            "http://127.0.0.1:9000/open311/v2/requests.json"
        );
        assert!(!written.bearer);
        let fields: Vec<(String, String)> = serde_urlencoded::from_str(&written.body).unwrap();
        let field = |name: &str| {
            fields
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(field("api_key"), Some("k&y"));
        assert_eq!(field("description"), Some("灯不亮 & 闪"));
        assert_eq!(field("long"), Some("116.6"));
        assert_eq!(field("attribute[component_code]"), Some("1101120110000001"));
        assert_eq!(field("attribute[linli_service_request_id]"), Some("7"));
        assert_eq!(
            field("address_string"),
            None,
            "an empty address is left out"
        );
        assert_eq!(field("phone"), None);
    }

    #[test]
    fn a_georeport_update_needs_the_citys_case_number() {
        let change = json!({"update_id": "40", "status": "fixed", "description": "修好了",
            "updated_datetime": "2026-12-08T10:00:00+08:00", "by": "committee"});
        let forwarding = forwarding(CaseFormat::Open311);
        let without = write(
            &forwarding,
            "report.updated",
            "k",
            &payload(change.clone()),
            None,
        );
        assert_eq!(without, Err(NoCaseNumber));
        let written = write(
            &forwarding,
            "report.updated",
            "k",
            &payload(change),
            Some("TZ-1"),
        )
        .unwrap();
        assert_eq!(
            written.url,
            "http://127.0.0.1:9000/open311/v2/servicerequestupdates.json"
        );
        assert!(written.body.contains("service_request_id=TZ-1"));
        assert!(written.body.contains("update_id=40"));
    }

    #[test]
    fn case_numbers_are_read_from_either_answer() {
        let open311 = CaseFormat::Open311;
        assert_eq!(
            case_number(open311, br#"[{"service_request_id":"TZ-9","token":null}]"#),
            Some("TZ-9".into())
        );
        assert_eq!(
            case_number(open311, br#"[{"service_request_id":12}]"#),
            Some("12".into())
        );
        assert_eq!(case_number(open311, br#"[{"token":"abc"}]"#), None);
        assert_eq!(case_number(open311, b"<xml/>"), None);
        assert_eq!(
            case_number(CaseFormat::Json, br#"{"external_id":"BJ-1"}"#),
            Some("BJ-1".into())
        );
        assert_eq!(case_number(CaseFormat::Json, b""), None);
    }
}
