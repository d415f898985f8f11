//! A new request as Open311 clients send it (`POST requests.json`, form-urlencoded or JSON):
//! reading the body into its fields, then checking every field at once into a [`ValidRequest`].
//! The server stores what this accepts; the fuzz target `open311_form` checks that nothing here
//! panics and that what it accepts keeps the limits stated below.

use serde::{Deserialize, Serialize};

use super::{
    FieldError, FieldProblem, check_address, check_description, check_location, check_phone,
};
use crate::component_code::ComponentCode;
use crate::photo::{CleanJpeg, MAX_PHOTOS, PhotoProblem, clean_jpeg};
use crate::problem_type::{PROBLEM_TYPES, ProblemType};

/// The fields of a new request, as Open311 names them, before any check.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewRequestForm {
    pub api_key: Option<String>,
    pub service_code: Option<String>,
    pub lat: Option<String>,
    pub long: Option<String>,
    pub address_string: Option<String>,
    pub description: Option<String>,
    pub phone: Option<String>,
    #[serde(rename = "attribute[component_code]")]
    pub component_code: Option<String>,
}

/// A new request whose every field passed its check: a known service, a description of at most
/// [`super::MAX_DESCRIPTION_CHARS`] characters without HTML, a mainland phone number's digits if
/// any, a 16-digit component code or an in-range WGS-84 position (or both), and clean photos.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidRequest {
    pub problem: &'static ProblemType,
    pub component: Option<ComponentCode>,
    /// (lat, long) in decimal degrees.
    pub location: Option<(f64, f64)>,
    /// Trimmed; may be empty.
    pub address: String,
    pub description: String,
    pub phone: Option<String>,
    pub photos: Vec<CleanJpeg>,
}

impl NewRequestForm {
    /// Reads a `POST requests.json` body: a JSON object when `is_json` (the Content-Type said
    /// `application/json`), form-urlencoded otherwise. The error is the sentence a client gets.
    pub fn from_body(body: &[u8], is_json: bool) -> Result<NewRequestForm, String> {
        let malformed =
            |what: &str| format!("The request body is not valid {what}. 请求格式不正确。");
        if is_json {
            let value: serde_json::Value =
                serde_json::from_slice(body).map_err(|_| malformed("JSON"))?;
            NewRequestForm::from_json(value).ok_or_else(|| malformed("JSON object"))
        } else {
            serde_urlencoded::from_bytes(body).map_err(|_| malformed("form data"))
        }
    }

    /// The same fields from a JSON object; numbers are accepted where the form has text, and
    /// attributes may come as `{"attribute": {"component_code": …}}`.
    pub fn from_json(value: serde_json::Value) -> Option<NewRequestForm> {
        let object = value.as_object()?;
        let text = |key: &str| -> Option<String> {
            match object.get(key)? {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            }
        };
        let component_code = text("attribute[component_code]").or_else(|| {
            object
                .get("attribute")?
                .get("component_code")?
                .as_str()
                .map(str::to_owned)
        });
        Some(NewRequestForm {
            api_key: text("api_key"),
            service_code: text("service_code"),
            lat: text("lat"),
            long: text("long"),
            address_string: text("address_string"),
            description: text("description"),
            phone: text("phone"),
            component_code,
        })
    }

    /// Checks every field and reports every problem at once, so a client fixes them in one go.
    /// Each problem is a sentence in English then Chinese. Whether the API key is valid, and
    /// whether a component code names a known component, need the database: the caller checks.
    pub fn validate(self, photos: &[Vec<u8>]) -> Result<ValidRequest, Vec<String>> {
        let mut errors = Vec::new();
        if photos.len() > MAX_PHOTOS {
            errors.push(photo_error_text(&PhotoProblem::TooManyPhotos));
        }
        let photos: Vec<CleanJpeg> = photos
            .iter()
            .take(MAX_PHOTOS)
            .filter_map(|bytes| {
                clean_jpeg(bytes)
                    .map_err(|problem| errors.push(photo_error_text(&problem)))
                    .ok()
            })
            .collect();
        let problem = match self.service_code.as_deref().map(str::trim) {
            None | Some("") => {
                errors.push("service_code is required. 请选择问题类型。".to_owned());
                None
            }
            Some(code) => {
                let found = PROBLEM_TYPES.iter().find(|p| p.service_code == code);
                if found.is_none() {
                    errors.push(format!(
                        "service_code {code} not found; see services.json. 没有这个问题类型。"
                    ));
                }
                found
            }
        };
        let description = check_description(self.description.as_deref().unwrap_or(""))
            .map_err(|e| errors.push(e.bilingual()))
            .ok();
        let address = check_address(self.address_string.as_deref().unwrap_or(""))
            .map_err(|e| errors.push(e.bilingual()))
            .ok();
        let phone = match self
            .phone
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            None => None,
            Some(text) => check_phone(text)
                .map_err(|e| errors.push(e.bilingual()))
                .ok(),
        };
        let component = match self
            .component_code
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            None => None,
            Some(text) => ComponentCode::parse(text)
                .map_err(|e| {
                    errors.push(format!(
                        "attribute[component_code] is malformed: {e}. 部件编码应为16位数字。"
                    ))
                })
                .ok(),
        };
        let location = match (self.lat.as_deref(), self.long.as_deref()) {
            (None, None) => None,
            (Some(lat), Some(lon)) => {
                match (lat.trim().parse::<f64>(), lon.trim().parse::<f64>()) {
                    (Ok(lat), Ok(lon)) => check_location(lat, lon)
                        .map_err(|e| errors.push(e.bilingual()))
                        .ok(),
                    _ => {
                        errors.push(
                            "lat and long must be decimal degrees (WGS-84). 坐标格式不正确。"
                                .into(),
                        );
                        None
                    }
                }
            }
            _ => {
                errors.push("lat and long go together. 坐标需要同时提供纬度和经度。".into());
                None
            }
        };
        if location.is_none() && component.is_none() && errors.is_empty() {
            errors.push(
                "A location is required: lat and long, or attribute[component_code]. 请提供位置或部件编码。"
                    .into(),
            );
        }
        match (problem, description, address) {
            (Some(problem), Some(description), Some(address)) if errors.is_empty() => {
                Ok(ValidRequest {
                    problem,
                    component,
                    location,
                    address,
                    description,
                    phone,
                    photos,
                })
            }
            _ => Err(errors),
        }
    }
}

impl FieldError {
    /// The problem as one sentence in English then Chinese, as every API error says it.
    pub fn bilingual(&self) -> String {
        let field = self.field;
        let zh = match self.problem {
            FieldProblem::Missing => "必须填写",
            FieldProblem::TooLong { .. } => "太长了",
            FieldProblem::ContainsMarkup => "不能包含 HTML",
            FieldProblem::NotAPhoneNumber => "不是有效的手机或固定电话号码",
            FieldProblem::OutOfRange => "不是有效的坐标",
        };
        format!("{self}. {field}：{zh}。")
    }
}

fn photo_error_text(problem: &PhotoProblem) -> String {
    let zh = match problem {
        PhotoProblem::TooManyPhotos => "最多上传 3 张照片。",
        PhotoProblem::TooManyBytes { .. } => "照片太大，每张不超过 500 KB。",
        PhotoProblem::NotAJpeg => "照片须为 JPEG 图片。",
        PhotoProblem::TooManyPixels { .. } => "照片尺寸太大，长边不超过 1600 像素。",
    };
    format!("media: {problem}. {zh}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(body: &str, is_json: bool, expected: Result<&str, &[&str]>) {
        let got = NewRequestForm::from_body(body.as_bytes(), is_json)
            .map_err(|error| vec![error])
            .and_then(|form| form.validate(&[]));
        match (&got, expected) {
            (Ok(valid), Ok(description)) => assert_eq!(valid.description, description, "{body}"),
            (Err(errors), Err(expected)) => assert_eq!(errors, expected, "{body}"),
            _ => panic!("{body}: got {got:?}, expected {expected:?}"),
        }
    }

    #[test]
    fn reads_both_encodings_of_the_same_request() {
        check(
            "service_code=streetlight_out&lat=39.9&long=116.6&description=%20%E7%81%AF%E4%B8%8D%E4%BA%AE%20",
            false,
            Ok("灯不亮"),
        );
        check(
            r#"{"service_code":"streetlight_out","lat":39.9,"long":"116.6","description":"灯不亮"}"#,
            true,
            Ok("灯不亮"),
        );
        check(
            r#"{"service_code":"streetlight_out","attribute":{"component_code":"1101120110000001"},"description":"x"}"#,
            true,
            Ok("x"),
        );
    }

    #[test]
    fn says_what_is_wrong_with_the_body() {
        check(
            "{",
            true,
            Err(&["The request body is not valid JSON. 请求格式不正确。"]),
        );
        check(
            "[1]",
            true,
            Err(&["The request body is not valid JSON object. 请求格式不正确。"]),
        );
        check(
            "lat=1&lat=2",
            false,
            Err(&["The request body is not valid form data. 请求格式不正确。"]),
        );
    }

    #[test]
    fn reports_every_field_problem_at_once() {
        check(
            "service_code=nope&description=%3Cb%3Ehi&lat=91&long=0&phone=123",
            false,
            Err(&[
                "service_code nope not found; see services.json. 没有这个问题类型。",
                "description may not contain HTML. description：不能包含 HTML。",
                "phone is not a mainland China phone number. phone：不是有效的手机或固定电话号码。",
                "lat is not a valid coordinate. lat：不是有效的坐标。",
            ]),
        );
        check(
            "service_code=streetlight_out&description=x",
            false,
            Err(&[
                "A location is required: lat and long, or attribute[component_code]. 请提供位置或部件编码。",
            ]),
        );
    }
}
