"""`./linli faults open311`: a real Open311 client from PyPI against the running server, in XML
and in JSON (issue #22).

The client is `georeport` (pinned in scripts/requirements-faults.txt), a GeoReport v2 wrapper
that parses XML with xmltodict as spec clients do. It reads services, service definitions and
requests, but has no POST, so the report is filed with `requests` as a form body, the spec's
encoding, at the format's own path. Every `.xml` document is also read with the standard
library's parser, the way a city dashboard without a client library would.

Usage: open311_client.py BASE_URL API_KEY. Prints what it got; exits 1 on the first mismatch.
"""

import sys
import xml.etree.ElementTree as ElementTree

import requests
from georeport import GeoReport

BASE, KEY = sys.argv[1], sys.argv[2]
ROOT = f"{BASE}/open311/v2"
DESCRIPTION = "温度<5度 & \"井盖\" 'loose' 完"


def check(condition, what):
    if not condition:
        print(f"FAIL: {what}", file=sys.stderr)
        sys.exit(1)


def as_list(value):
    """xmltodict gives one child as a dict and several as a list."""
    return value if isinstance(value, list) else [value]


def read_xml(path):
    """An XML document as a stdlib parser reads it, after the headers the spec asks for."""
    answer = requests.get(f"{ROOT}/{path}", timeout=10)
    content_type = answer.headers.get("content-type", "")
    check(content_type.startswith("text/xml"), f"{path}: Content-Type {content_type}")
    check(answer.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>'), f"{path}: no declaration")
    return answer.status_code, ElementTree.fromstring(answer.content)


results = {}
for output_format in ("xml", "json"):
    client = GeoReport(ROOT, output_format=output_format)
    services = as_list(client.get_service_list())
    codes = [service["service_code"] for service in services]
    check("streetlight_out" in codes, f"{output_format}: streetlight_out in {codes}")
    definition = client.get_service_definition("streetlight_out")
    attributes = definition["attributes"]
    attribute = as_list(attributes["attribute"] if output_format == "xml" else attributes)[0]
    check(attribute["code"] == "component_code", f"{output_format}: definition {definition}")

    posted = requests.post(
        f"{ROOT}/requests.{output_format}",
        data={
            "api_key": KEY,
            "service_code": "streetlight_out",
            "attribute[component_code]": "1101120110000001",
            "description": DESCRIPTION,
        },
        timeout=10,
    )
    check(posted.status_code == 201, f"{output_format}: POST answered {posted.status_code}: {posted.text}")
    if output_format == "xml":
        created = ElementTree.fromstring(posted.content).find("request")
        request_id = created.findtext("service_request_id")
    else:
        request_id = posted.json()[0]["service_request_id"]

    request = client.get_service_request(request_id)
    check(request["description"] == DESCRIPTION, f"{output_format}: description {request['description']!r}")
    listed = as_list(client.get_service_requests(service_request_id=request_id))
    check(len(listed) == 1 and listed[0]["service_request_id"] == request_id, f"{output_format}: list {listed}")
    results[output_format] = {
        key: str(value).lower() if isinstance(value, bool) else ("" if value is None else str(value))
        for key, value in request.items()
    }
    print(f"  {output_format}: {len(services)} services, filed request {request_id}, read back "
          f"status {request['status']}, {len(request)} fields")

# The two requests differ in their ids and times only: the same fields, the same values otherwise.
xml_request, json_request = results["xml"], results["json"]
check(sorted(xml_request) == sorted(json_request), f"fields differ: {sorted(xml_request)} {sorted(json_request)}")
differing = sorted(k for k in xml_request if xml_request[k] != json_request[k])
allowed = {"service_request_id", "requested_datetime", "updated_datetime", "expected_datetime", "supporters"}
check(set(differing) <= allowed, f"XML and JSON differ in {differing}")

# Every XML document, with the stdlib parser: the spec's root elements, and the error document.
for path, root in [
    ("discovery.xml", "discovery"),
    ("services.xml", "services"),
    ("services/streetlight_out.xml", "service_definition"),
    ("requests.xml", "service_requests"),
    ("servicerequestupdates.xml", "service_requests_updates"),
]:
    status, document = read_xml(path)
    check(status == 200 and document.tag == root, f"{path}: {status} <{document.tag}>")
formats = [f.text for f in read_xml("discovery.xml")[1].iter("format")]
check(formats == ["text/xml", "application/json"], f"discovery formats {formats}")
status, errors = read_xml("requests/999999999.xml")
check(status == 404 and errors.tag == "errors" and errors.findtext("error/code") == "404", "404 in XML")
print(f"  every .xml document parsed; discovery lists {formats}; a 404 is <errors>")
