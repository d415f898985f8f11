//! Open311 GeoReport v2 in XML, the spec's required format: every document at its `.xml` path
//! carries the same data as its `.json` twin (read back with a real XML parser and compared
//! field by field), errors are `<errors><error>` on `.xml` paths whoever answers them (a handler,
//! the report limit, the size limit), a POST to `requests.xml` answers XML, and text is escaped.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use linli_server::ClientAddress;
use linli_server::rate_limits::{Rate, RateLimits, RateSettings};
use serde_json::{Value, json};

use crate::support::*;

/// A description and an address with every character XML must escape or may mishandle (the
/// server refuses HTML, so `<` is one that opens no tag).
const TRICKY_DESCRIPTION: &str = "温度<5度 & \"井盖\" 'loose' > ]]> 完";
const TRICKY_ADDRESS: &str = "3号楼 & 4号楼之间 \"东侧\" <2m";

/// The parsed document of an XML answer, after checking what every XML answer must be: UTF-8
/// with the declaration, served as `text/xml; charset=utf-8`.
fn parsed(answer: &Answer) -> roxmltree::Document<'_> {
    assert_eq!(
        answer.headers[header::CONTENT_TYPE],
        "text/xml; charset=utf-8",
        "{}",
        answer.text()
    );
    let text = std::str::from_utf8(&answer.body).expect("XML answers are UTF-8");
    assert!(
        text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
        "{text}"
    );
    roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("not XML ({e}): {text}"))
}

/// The element name of one item of each list element, as the spec nests them.
fn singular(plural: &str) -> &'static str {
    match plural {
        "services" => "service",
        "service_requests" => "request",
        "service_requests_updates" => "request_update",
        "endpoints" => "endpoint",
        "formats" => "format",
        "attributes" => "attribute",
        "errors" => "error",
        other => panic!("{other} is not a list element"),
    }
}

fn elements<'a, 'input>(node: roxmltree::Node<'a, 'input>) -> Vec<roxmltree::Node<'a, 'input>> {
    node.children().filter(|child| child.is_element()).collect()
}

/// Whether `node` says what `json` says: an object's fields as child elements of the same names
/// (no more, no fewer), an array as a list of singular elements, a value as the text (a `null`
/// as an empty element).
fn assert_same(node: roxmltree::Node, json: &Value, place: &str) {
    let place = format!("{place}/{}", node.tag_name().name());
    let text = node.text().unwrap_or_default();
    match json {
        Value::Object(fields) => {
            let children = elements(node);
            let mut names: Vec<&str> = children.iter().map(|c| c.tag_name().name()).collect();
            names.sort_unstable();
            let keys: Vec<&str> = fields.keys().map(String::as_str).collect();
            assert_eq!(names, keys, "{place}");
            for child in children {
                assert_same(child, &fields[child.tag_name().name()], &place);
            }
        }
        Value::Array(items) => {
            let children = elements(node);
            assert_eq!(children.len(), items.len(), "{place}");
            for (child, item) in children.into_iter().zip(items) {
                assert_eq!(
                    child.tag_name().name(),
                    singular(node.tag_name().name()),
                    "{place}"
                );
                assert_same(child, item, &place);
            }
        }
        Value::String(value) => assert_eq!(text, value, "{place}"),
        Value::Number(value) => {
            assert_eq!(text.parse::<f64>().ok(), value.as_f64(), "{place}: {text}");
        }
        Value::Bool(value) => assert_eq!(text, value.to_string(), "{place}"),
        Value::Null => assert!(text.is_empty() && elements(node).is_empty(), "{place}"),
    }
}

/// GETs `path.json` and `path.xml` (with `query`), and checks both answer 200 with the same data
/// under the root element `root`. Returns the JSON.
async fn assert_both_formats(s: &TestServer, path: &str, query: &str, root: &str) -> Value {
    let json_answer = get(&s.state, &format!("{path}.json{query}")).await;
    assert_eq!(json_answer.status, StatusCode::OK, "{}", json_answer.text());
    let xml_answer = get(&s.state, &format!("{path}.xml{query}")).await;
    assert_eq!(xml_answer.status, StatusCode::OK, "{}", xml_answer.text());
    let document = parsed(&xml_answer);
    assert_eq!(document.root_element().tag_name().name(), root, "{path}");
    let json = json_answer.json();
    assert_same(document.root_element(), &json, "");
    json
}

/// The one `<error>` of an XML error answer, as (code, description).
fn xml_error(answer: &Answer, status: StatusCode) -> (String, String) {
    assert_eq!(answer.status, status, "{}", answer.text());
    let document = parsed(answer);
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "errors");
    let errors = elements(root);
    assert!(!errors.is_empty(), "{}", answer.text());
    let error = errors[0];
    assert_eq!(error.tag_name().name(), "error");
    let field = |name: &str| {
        elements(error)
            .into_iter()
            .find(|e| e.tag_name().name() == name)
            .and_then(|e| e.text())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(field("code"), status.as_u16().to_string());
    (field("code"), field("description"))
}

async fn file_tricky_report(s: &TestServer, path: &str) -> Answer {
    let key = client_key(&s.state).await;
    post_form(
        &s.state,
        path,
        &[
            ("api_key", &key),
            ("service_code", "streetlight_out"),
            ("attribute[component_code]", STREET_LIGHT),
            ("description", TRICKY_DESCRIPTION),
            ("address_string", TRICKY_ADDRESS),
        ],
    )
    .await
}

#[tokio::test]
async fn every_document_says_the_same_in_xml_and_json() {
    let s = server();
    let filed = file_tricky_report(&s, "/open311/v2/requests.json").await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text());
    let id = filed.json()[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let token = filed.json()[0]["token"].as_str().unwrap().to_owned();
    file_free_report(&s.state, "第二个问题").await;
    // A public status change, so that the update list has an entry.
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let moved = post_json(
        &s.state,
        &format!("/api/v1/admin/requests/{id}/status"),
        json!({"status": "action_scheduled", "note": "已派遣 & \"照明所\"", "public": true}),
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text());

    let root = "/open311/v2";
    let discovery = assert_both_formats(&s, &format!("{root}/discovery"), "", "discovery").await;
    assert_eq!(
        discovery["endpoints"][0]["formats"],
        json!(["text/xml", "application/json"])
    );
    let services = assert_both_formats(&s, &format!("{root}/services"), "", "services").await;
    assert!(services.as_array().unwrap().len() >= 5);
    assert_both_formats(
        &s,
        &format!("{root}/services/streetlight_out"),
        "",
        "service_definition",
    )
    .await;
    let requests =
        assert_both_formats(&s, &format!("{root}/requests"), "", "service_requests").await;
    assert_eq!(requests.as_array().unwrap().len(), 2, "{requests}");
    // The filters work the same on both.
    assert_both_formats(
        &s,
        &format!("{root}/requests"),
        "?service_code=streetlight_out&status=action_scheduled",
        "service_requests",
    )
    .await;
    let one =
        assert_both_formats(&s, &format!("{root}/requests/{id}"), "", "service_requests").await;
    assert_eq!(one[0]["description"], TRICKY_DESCRIPTION);
    assert_eq!(one[0]["address"], TRICKY_ADDRESS);
    assert_eq!(one[0]["component_code"], STREET_LIGHT);
    let tokens = assert_both_formats(
        &s,
        &format!("{root}/tokens/{token}"),
        "",
        "service_requests",
    )
    .await;
    assert_eq!(tokens[0]["service_request_id"], id.as_str());
    let updates = assert_both_formats(
        &s,
        &format!("{root}/servicerequestupdates"),
        "",
        "service_requests_updates",
    )
    .await;
    assert!(
        updates
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["status"] == "action_scheduled"),
        "{updates}"
    );
}

/// The characters XML gives a meaning to arrive as entities (quotes too, so the text could as
/// well stand in an attribute) and read back as written.
#[tokio::test]
async fn text_is_escaped_so_a_parser_reads_it_back_as_written() {
    let s = server();
    let filed = file_tricky_report(&s, "/open311/v2/requests.json").await;
    let id = filed.json()[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let answer = get(&s.state, &format!("/open311/v2/requests/{id}.xml")).await;
    let text = answer.text();
    assert!(
        text.contains(
            "<description>温度&lt;5度 &amp; &quot;井盖&quot; &apos;loose&apos; &gt; ]]&gt; 完</description>"
        ),
        "{text}"
    );
    let document = parsed(&answer);
    let texts: Vec<&str> = document
        .descendants()
        .filter(|n| ["description", "address"].contains(&n.tag_name().name()))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(texts, [TRICKY_DESCRIPTION, TRICKY_ADDRESS]);
}

#[tokio::test]
async fn a_post_to_requests_xml_takes_the_same_form_and_answers_xml() {
    let s = server();
    let answer = file_tricky_report(&s, "/open311/v2/requests.xml").await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
    let document = parsed(&answer);
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "service_requests");
    let request = elements(root)[0];
    assert_eq!(request.tag_name().name(), "request");
    let field = |name: &str| {
        elements(request)
            .into_iter()
            .find(|e| e.tag_name().name() == name)
            .unwrap_or_else(|| panic!("no <{name}>"))
    };
    let id = field("service_request_id").text().unwrap().to_owned();
    assert!(field("token").text().is_some());
    assert!(field("service_notice").text().is_some());
    // No account: the spec's empty `<account_id/>`.
    assert_eq!(field("account_id").text(), None);
    // Stored like a JSON POST: the JSON list has it.
    let stored = get(&s.state, &format!("/open311/v2/requests/{id}.json")).await;
    assert_eq!(stored.status, StatusCode::OK);
    assert_eq!(stored.json()[0]["description"], TRICKY_DESCRIPTION);
}

#[tokio::test]
async fn errors_on_xml_paths_are_the_specs_errors_document() {
    let s = server();
    let (_, description) = xml_error(
        &get(&s.state, "/open311/v2/requests/999999.xml").await,
        StatusCode::NOT_FOUND,
    );
    assert!(description.contains("999999"), "{description}");
    xml_error(
        &get(&s.state, "/open311/v2/services/no_such_service.xml").await,
        StatusCode::NOT_FOUND,
    );
    xml_error(
        &get(&s.state, "/open311/v2/tokens/no-such-token.xml").await,
        StatusCode::NOT_FOUND,
    );
    xml_error(
        &get(&s.state, "/open311/v2/no_such_document.xml").await,
        StatusCode::NOT_FOUND,
    );
    xml_error(
        &get(&s.state, "/open311/v2/requests.xml?page=first").await,
        StatusCode::BAD_REQUEST,
    );
    xml_error(
        &get(
            &s.state,
            "/open311/v2/servicerequestupdates.xml?page_size=0",
        )
        .await,
        StatusCode::BAD_REQUEST,
    );
    let key = client_key(&s.state).await;
    let refused = post_form(
        &s.state,
        "/open311/v2/requests.xml",
        &[("api_key", &key), ("service_code", "streetlight_out")],
    )
    .await;
    xml_error(&refused, StatusCode::BAD_REQUEST);
    // The same refusal on the JSON path stays the JSON array.
    let refused = post_form(
        &s.state,
        "/open311/v2/requests.json",
        &[("api_key", &key), ("service_code", "streetlight_out")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(refused.json()[0]["code"], 400);
}

/// The report limit answers before the handler runs, and still in the format asked for.
#[tokio::test]
async fn the_report_limit_refuses_in_xml_on_the_xml_path() {
    let mut s = server();
    let settings = RateSettings {
        reports: Rate {
            count: 1,
            per: Duration::from_secs(3600),
        },
        ..RateSettings::default()
    };
    s.state.rate_limits = Arc::new(RateLimits::new(&settings));
    let key = client_key(&s.state).await;
    let post = |path: &'static str| {
        let body = serde_urlencoded::to_string([
            ("api_key", key.as_str()),
            ("service_code", "other"),
            ("lat", "39.9"),
            ("long", "116.6"),
            ("description", "井盖松动"),
        ])
        .unwrap();
        let mut request = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        request
            .extensions_mut()
            .insert(ClientAddress(Some(IpAddr::from([198, 51, 100, 7]))));
        send(&s.state, request)
    };
    assert_eq!(
        post("/open311/v2/requests.xml").await.status,
        StatusCode::CREATED
    );
    let stored = count(&s.state, "service_requests");
    let refused = post("/open311/v2/requests.xml").await;
    let (_, description) = xml_error(&refused, StatusCode::TOO_MANY_REQUESTS);
    assert!(description.contains("Too many reports"), "{description}");
    assert!(refused.headers.contains_key(header::RETRY_AFTER));
    assert_eq!(count(&s.state, "service_requests"), stored);
}

/// A body declared over the report class's size is refused by the size layer, in XML.
#[tokio::test]
async fn a_report_too_large_is_refused_in_xml_on_the_xml_path() {
    let s = server();
    let request = Request::post("/open311/v2/requests.xml")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::CONTENT_LENGTH, "100000000")
        .body(Body::from("api_key=x"))
        .unwrap();
    let refused = send(&s.state, request).await;
    let (_, description) = xml_error(&refused, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(description.contains("too large"), "{description}");
}

/// Clients generated from the description find the XML twins, answering `text/xml`.
#[tokio::test]
async fn openapi_describes_the_xml_paths() {
    let s = server();
    let doc = get(&s.state, "/api/v1/openapi.json").await.json();
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/open311/v2/discovery.xml",
        "/open311/v2/services.xml",
        "/open311/v2/services/{service_code}.xml",
        "/open311/v2/requests/{id}.xml",
        "/open311/v2/tokens/{token}.xml",
        "/open311/v2/servicerequestupdates.xml",
    ] {
        let content = &paths[path]["get"]["responses"]["200"]["content"];
        assert!(content.get("text/xml").is_some(), "{path}: {content}");
        assert!(content.get("application/json").is_none(), "{path}");
    }
    let created = &paths["/open311/v2/requests.xml"]["post"]["responses"]["201"]["content"];
    assert!(created.get("text/xml").is_some(), "{created}");
    assert_eq!(
        paths["/open311/v2/requests.xml"]["get"]["operationId"],
        "requests_get_xml"
    );
}
