//! Each GeoReport v2 document as XML: the fields of its JSON, in the same order, under the
//! spec's element names. Linli's extensions (`component_code`, `supporters`, `duplicate_of`,
//! `external_id`, `automated`, `tracking_secret`) are extra elements, which spec clients skip; a
//! JSON `null` is an empty element, as the spec writes an absent `<account_id/>`.

use linli_api::{CreatedRequest, PublicRequest};

use super::format::{Xml, XmlDocument};
use super::{Discovery, Service, ServiceDefinition, TokenAnswer};
use crate::report::PublicUpdate;

impl XmlDocument for Discovery {
    fn write_xml(&self, xml: &mut Xml) {
        xml.element("discovery", |xml| {
            xml.text("changeset", &self.changeset);
            xml.text("contact", &self.contact);
            xml.text("key_service", &self.key_service);
            xml.list("endpoints", "endpoint", &self.endpoints, |xml, endpoint| {
                xml.text("specification", &endpoint.specification);
                xml.text("url", &endpoint.url);
                xml.text("changeset", &endpoint.changeset);
                xml.text("type", &endpoint.kind);
                xml.texts("formats", "format", &endpoint.formats);
            });
        });
    }
}

impl XmlDocument for [Service] {
    fn write_xml(&self, xml: &mut Xml) {
        xml.list("services", "service", self, |xml, service| {
            xml.text("service_code", &service.service_code);
            xml.text("service_name", &service.service_name);
            xml.text("description", &service.description);
            xml.text("metadata", &service.metadata.to_string());
            xml.text("type", &service.kind);
            xml.text("keywords", &service.keywords);
            xml.text("group", &service.group);
        });
    }
}

impl XmlDocument for ServiceDefinition {
    fn write_xml(&self, xml: &mut Xml) {
        xml.element("service_definition", |xml| {
            xml.text("service_code", &self.service_code);
            xml.list("attributes", "attribute", &self.attributes, |xml, a| {
                xml.text("variable", &a.variable.to_string());
                xml.text("code", &a.code);
                xml.text("datatype", &a.datatype);
                xml.text("required", &a.required.to_string());
                xml.text("datatype_description", &a.datatype_description);
                xml.text("order", &a.order.to_string());
                xml.text("description", &a.description);
                xml.text("automated", &a.automated);
            });
        });
    }
}

impl XmlDocument for [PublicRequest] {
    fn write_xml(&self, xml: &mut Xml) {
        xml.list("service_requests", "request", self, |xml, request| {
            xml.text("service_request_id", &request.service_request_id);
            xml.text("status", &request.status);
            xml.text("status_notes", &request.status_notes);
            xml.text("service_name", &request.service_name);
            xml.text("service_code", &request.service_code);
            xml.text("description", &request.description);
            xml.text("agency_responsible", &request.agency_responsible);
            xml.text("service_notice", &request.service_notice);
            xml.text("requested_datetime", &request.requested_datetime);
            xml.text("updated_datetime", &request.updated_datetime);
            xml.text("expected_datetime", &request.expected_datetime);
            xml.text("address", &request.address);
            xml.text("lat", &request.lat.to_string());
            xml.text("long", &request.lon.to_string());
            xml.text("media_url", &request.media_url);
            xml.text(
                "component_code",
                request.component_code.as_deref().unwrap_or_default(),
            );
            xml.text("supporters", &request.supporters.to_string());
            // Only a duplicate has one, as in its JSON.
            if let Some(original) = &request.duplicate_of {
                xml.text("duplicate_of", original);
            }
            // Only a report the city's system numbered has one, as in its JSON.
            if let Some(case_number) = &request.external_id {
                xml.text("external_id", case_number);
            }
        });
    }
}

/// The answer to a POST: the spec's `<service_requests><request>` with the id (Linli always
/// has one at once) and the token.
impl XmlDocument for [CreatedRequest] {
    fn write_xml(&self, xml: &mut Xml) {
        xml.list("service_requests", "request", self, |xml, created| {
            xml.text("service_request_id", &created.service_request_id);
            xml.text("token", &created.token);
            xml.text("service_notice", &created.service_notice);
            xml.text(
                "account_id",
                created.account_id.as_deref().unwrap_or_default(),
            );
            xml.text("tracking_secret", &created.tracking_secret);
        });
    }
}

impl XmlDocument for [TokenAnswer] {
    fn write_xml(&self, xml: &mut Xml) {
        xml.list("service_requests", "request", self, |xml, answer| {
            xml.text("service_request_id", &answer.service_request_id);
            xml.text("token", &answer.token);
        });
    }
}

/// FixMyStreet's update list, under the names its Open311 back end reads
/// (`<service_requests_updates><request_update>`).
impl XmlDocument for [PublicUpdate] {
    fn write_xml(&self, xml: &mut Xml) {
        xml.list(
            "service_requests_updates",
            "request_update",
            self,
            |xml, update| {
                xml.text("update_id", &update.update_id);
                xml.text("service_request_id", &update.service_request_id);
                xml.text("status", &update.status);
                xml.text("updated_datetime", &update.updated_datetime);
                xml.text("description", &update.description);
                xml.text("media_url", &update.media_url);
            },
        );
    }
}
