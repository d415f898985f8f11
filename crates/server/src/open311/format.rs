//! The two formats of GeoReport v2: the spec requires XML and makes JSON optional, and a client
//! chooses by the path's extension (`services.xml`, `requests/7.json`). This module decides which
//! one a request asked for, and writes XML through quick-xml's writer so that every text is
//! escaped. It names nothing of the protocol module or of the error type, so both can use it.

use std::borrow::Cow;

use axum::extract::FromRequestParts;
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use linli_api::{Open311Error, paths};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use serde::Serialize;

/// The XML media type GeoReport v2 names, as the discovery document lists it.
pub(crate) const XML_MEDIA_TYPE: &str = "text/xml";

/// Which format a GeoReport v2 request asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    Json,
    Xml,
}

impl Format {
    /// By the path's extension: `.xml` asks for XML, anything else (`.json`, or a path that
    /// names no document, whose 404 says so) is answered in JSON as before XML existed.
    pub(crate) fn of_path(path: &str) -> Format {
        if path.ends_with(".xml") {
            Format::Xml
        } else {
            Format::Json
        }
    }

    /// For the layers that answer before a handler runs (rate and size limits, a slow client):
    /// the Open311 format of the path, or `None` when it is not an Open311 path at all and the
    /// JSON API's error applies. `path` must be the full one, with the `/open311/v2` prefix.
    pub(crate) fn of_open311_path(path: &str) -> Option<Format> {
        path.starts_with(paths::OPEN311_ROOT)
            .then(|| Format::of_path(path))
    }

    fn extension(self) -> &'static str {
        match self {
            Format::Json => ".json",
            Format::Xml => ".xml",
        }
    }

    /// The name in a path segment such as `7.xml` or `streetlight_out.json`: the router cannot
    /// match a parameter followed by a suffix, so the handlers of `{file}` routes call this.
    /// `None` when the segment has no name or not this format's extension.
    pub(crate) fn name_in(self, file: &str) -> Option<&str> {
        file.strip_suffix(self.extension())
            .filter(|name| !name.is_empty())
    }

    /// `document` in this format, with `status`.
    pub(crate) fn answer<D>(self, status: StatusCode, document: &D) -> Response
    where
        D: Serialize + XmlDocument + ?Sized,
    {
        match self {
            Format::Json => (status, axum::Json(document)).into_response(),
            Format::Xml => {
                let mut response = (status, document.to_xml()).into_response();
                response.headers_mut().insert(
                    CONTENT_TYPE,
                    HeaderValue::from_static("text/xml; charset=utf-8"),
                );
                response
            }
        }
    }
}

/// A handler's `format: Format` argument, read from the request's path.
impl<S: Send + Sync> FromRequestParts<S> for Format {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Format, Self::Rejection> {
        Ok(Format::of_path(parts.uri.path()))
    }
}

/// A document GeoReport v2 defines, as its XML: the same fields as its JSON under the spec's
/// element names, with lists wrapped in a plural element of singular ones.
pub(crate) trait XmlDocument {
    fn write_xml(&self, xml: &mut Xml);

    /// The whole document: UTF-8, with the XML declaration.
    fn to_xml(&self) -> Vec<u8> {
        let mut xml = Xml(Writer::new(Vec::new()));
        xml.event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        self.write_xml(&mut xml);
        xml.0.into_inner()
    }
}

/// A list document is its items' document.
impl<T> XmlDocument for Vec<T>
where
    [T]: XmlDocument,
{
    fn write_xml(&self, xml: &mut Xml) {
        self.as_slice().write_xml(xml);
    }
}

/// quick-xml's writer over memory, where a write cannot fail, with the two shapes the documents
/// are made of: an element of text and an element of elements.
pub(crate) struct Xml(Writer<Vec<u8>>);

impl Xml {
    fn event(&mut self, event: Event<'_>) {
        // Writing into a Vec only fails when memory runs out, which aborts anyway.
        self.0
            .write_event(event)
            .expect("writing XML into memory cannot fail");
    }

    /// `<name>text</name>`, the text escaped; empty text is written `<name/>`.
    pub(crate) fn text(&mut self, name: &str, text: &str) {
        let element = self.0.create_element(name);
        let written = if text.is_empty() {
            element.write_empty()
        } else {
            element.write_text_content(BytesText::new(&allowed_in_xml(text)))
        };
        written.expect("writing XML into memory cannot fail");
    }

    /// `<name>` with whatever `inner` writes, then `</name>`.
    pub(crate) fn element(&mut self, name: &str, inner: impl FnOnce(&mut Xml)) {
        self.event(Event::Start(BytesStart::new(name)));
        inner(self);
        self.event(Event::End(BytesEnd::new(name)));
    }

    /// `<plural><singular>…</singular>…</plural>`, one inner element per item.
    pub(crate) fn list<T>(
        &mut self,
        plural: &str,
        singular: &str,
        items: &[T],
        write: impl Fn(&mut Xml, &T),
    ) {
        self.element(plural, |xml| {
            for item in items {
                xml.element(singular, |xml| write(xml, item));
            }
        });
    }
}

impl Xml {
    /// `<plural><singular>text</singular>…</plural>`, a list of plain values.
    pub(crate) fn texts(&mut self, plural: &str, singular: &str, items: &[String]) {
        self.element(plural, |xml| {
            for item in items {
                xml.text(singular, item);
            }
        });
    }
}

/// XML 1.0 has no way to write most control characters, escaped or not, and a parser stops at
/// the first one; they are replaced by U+FFFD so that one odd description cannot make the whole
/// list unreadable. Tab, newline and carriage return stay (the writer escapes `\r`).
fn allowed_in_xml(text: &str) -> Cow<'_, str> {
    let forbidden = |c: char| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{7f}'..='\u{9f}'))
            || matches!(c, '\u{fffe}' | '\u{ffff}')
    };
    if text.contains(forbidden) {
        Cow::Owned(text.replace(forbidden, "\u{fffd}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The spec's error answer: `<errors><error><code/><description/></error></errors>`.
impl XmlDocument for [Open311Error] {
    fn write_xml(&self, xml: &mut Xml) {
        xml.list("errors", "error", self, |xml, error| {
            xml.text("code", &error.code.to_string());
            xml.text("description", &error.description);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::{Format, XmlDocument};
    use linli_api::Open311Error;

    fn check(errors: &[Open311Error], expected: &str) {
        assert_eq!(String::from_utf8(errors.to_xml()).unwrap(), expected);
    }

    #[test]
    fn errors_are_the_specs_document_with_every_text_escaped() {
        check(
            &[Open311Error {
                code: 400,
                description: "a <b> & \"c\" 'd'\u{1}\r".into(),
            }],
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><errors><error><code>400</code>\
             <description>a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;\u{fffd}&#13;</description>\
             </error></errors>",
        );
        check(
            &[],
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><errors></errors>",
        );
    }

    #[test]
    fn the_extension_chooses_the_format() {
        assert_eq!(Format::of_path("/open311/v2/services.xml"), Format::Xml);
        assert_eq!(Format::of_path("/open311/v2/services.json"), Format::Json);
        assert_eq!(Format::of_path("/open311/v2/nothing"), Format::Json);
        assert_eq!(
            Format::of_open311_path("/open311/v2/requests.xml"),
            Some(Format::Xml)
        );
        assert_eq!(Format::of_open311_path("/api/v1/meta.xml"), None);
        assert_eq!(Format::Xml.name_in("7.xml"), Some("7"));
        assert_eq!(Format::Xml.name_in("7.json"), None);
        assert_eq!(Format::Json.name_in(".json"), None);
    }
}
