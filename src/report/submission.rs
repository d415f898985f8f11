//! A report as the form collects it: what is sent, what a draft keeps and what waits in the
//! outbox. In IndexedDB it is a plain object whose photos stay Blobs.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Blob;

/// The draft key of a report at a free location.
pub(crate) const FREE_PLACE: &str = "free";

#[derive(Clone, Debug, Default)]
pub(crate) struct Submission {
    /// The Idempotency-Key: a resend of the same submission never makes a second request.
    pub key: String,
    /// The SPA's public Open311 key, from `meta.json`.
    pub api_key: String,
    pub service_code: String,
    /// Empty for a report at a free location.
    pub component_code: String,
    pub description: String,
    pub phone: String,
    /// WGS-84 decimal degrees as text; empty when the component gives the place.
    pub lat: String,
    pub long: String,
    /// Already shrunk to at most 1600 px and 500 KB, without EXIF.
    pub photos: Vec<Blob>,
    /// ISO 8601, when the resident pressed send (or last typed, for a draft).
    pub saved_at: String,
}

const TEXT_FIELDS: [&str; 9] = [
    "key",
    "api_key",
    "service_code",
    "component_code",
    "description",
    "phone",
    "lat",
    "long",
    "saved_at",
];

impl Submission {
    fn texts(&self) -> [&String; 9] {
        [
            &self.key,
            &self.api_key,
            &self.service_code,
            &self.component_code,
            &self.description,
            &self.phone,
            &self.lat,
            &self.long,
            &self.saved_at,
        ]
    }

    pub(crate) fn to_js(&self) -> JsValue {
        let object = Object::new();
        for (name, value) in TEXT_FIELDS.iter().zip(self.texts()) {
            let _ = Reflect::set(&object, &(*name).into(), &value.into());
        }
        let photos: Array = self.photos.iter().collect();
        let _ = Reflect::set(&object, &"photos".into(), &photos);
        object.into()
    }

    pub(crate) fn from_js(value: &JsValue) -> Submission {
        let text = |name: &str| {
            Reflect::get(value, &name.into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default()
        };
        let photos = Reflect::get(value, &"photos".into())
            .ok()
            .and_then(|v| v.dyn_into::<Array>().ok())
            .map(|a| a.iter().filter_map(|p| p.dyn_into::<Blob>().ok()).collect())
            .unwrap_or_default();
        Submission {
            key: text("key"),
            api_key: text("api_key"),
            service_code: text("service_code"),
            component_code: text("component_code"),
            description: text("description"),
            phone: text("phone"),
            lat: text("lat"),
            long: text("long"),
            photos,
            saved_at: text("saved_at"),
        }
    }

    /// Open311's fields as multipart form data, photos as `media` parts (FixMyStreet's name).
    pub(crate) fn form_data(&self) -> Result<web_sys::FormData, JsValue> {
        let form = web_sys::FormData::new()?;
        for (name, value) in [
            ("api_key", &self.api_key),
            ("service_code", &self.service_code),
            ("attribute[component_code]", &self.component_code),
            ("description", &self.description),
            ("phone", &self.phone),
            ("lat", &self.lat),
            ("long", &self.long),
        ] {
            if !value.is_empty() {
                form.append_with_str(name, value)?;
            }
        }
        for (index, photo) in self.photos.iter().enumerate() {
            form.append_with_blob_and_filename("media", photo, &format!("photo-{index}.jpg"))?;
        }
        Ok(form)
    }

    /// Where the report is about: its draft's key.
    pub(crate) fn place(&self) -> String {
        if self.component_code.is_empty() {
            FREE_PLACE.to_owned()
        } else {
            self.component_code.clone()
        }
    }

    /// Whether there is anything worth keeping as a draft.
    pub(crate) fn is_blank(&self) -> bool {
        self.service_code.is_empty()
            && self.description.trim().is_empty()
            && self.phone.is_empty()
            && self.photos.is_empty()
    }
}

/// A random key: 128 bits as hex, from the browser's cryptographic random source.
pub(crate) fn random_key() -> String {
    crate::ui::random::random_hex(16)
}

/// Now, as ISO 8601 UTC.
pub(crate) fn now_iso() -> String {
    js_sys::Date::new_0().to_iso_string().into()
}
