//! A place's boundary as the district administrator gives it: GeoJSON pasted or read from a
//! `.geojson` file, which may be the geometry itself, a Feature holding it, or a collection of
//! one Feature, as desktop GIS tools save a single drawn polygon. The places page's street and
//! community forms share it.

use leptos::prelude::*;
use linli_api::Boundary;
use wasm_bindgen_futures::JsFuture;

use crate::i18n::ctr;

/// Why a text is not a boundary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BoundaryProblem {
    /// Not JSON at all.
    NotJson,
    /// JSON, but no Polygon or MultiPolygon geometry in it.
    NotPolygon,
}

/// The boundary a text gives: `None` for an empty text (no boundary).
pub(crate) fn parse_boundary(text: &str) -> Result<Option<Boundary>, BoundaryProblem> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|_| BoundaryProblem::NotJson)?;
    let geometry = match value.get("type").and_then(serde_json::Value::as_str) {
        Some("Feature") => value.get("geometry").cloned(),
        Some("FeatureCollection") => match value.get("features").and_then(|f| f.as_array()) {
            Some(features) if features.len() == 1 => features[0].get("geometry").cloned(),
            _ => None,
        },
        _ => Some(value),
    }
    .ok_or(BoundaryProblem::NotPolygon)?;
    // Only the two members a boundary has: a `bbox` or other foreign member is no reason to
    // refuse a polygon.
    let bare = serde_json::json!({
        "type": geometry.get("type"),
        "coordinates": geometry.get("coordinates"),
    });
    serde_json::from_value(bare)
        .map(Some)
        .map_err(|_| BoundaryProblem::NotPolygon)
}

/// The text a stored boundary is edited as.
pub(crate) fn boundary_text(boundary: Option<&Boundary>) -> String {
    boundary
        .and_then(|b| serde_json::to_string(b).ok())
        .unwrap_or_default()
}

/// A boundary's text field: typed or pasted, or filled from a chosen `.geojson` file.
#[component]
pub(crate) fn BoundaryField(
    /// The textarea's id; the file input's is this with `-file`.
    id: String,
    text: RwSignal<String>,
) -> impl IntoView {
    let file_id = format!("{id}-file");
    let hint_id = format!("{id}-hint");
    let choose = move |event: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&event);
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        leptos::task::spawn_local(async move {
            if let Ok(read) = JsFuture::from(file.text()).await
                && let Some(read) = read.as_string()
            {
                text.set(read);
            }
        });
    };
    view! {
        <label for=id.clone()>{ctr(|c| c.places_boundary)}</label>
        <p class="hint" id=hint_id.clone()>{ctr(|c| c.places_boundary_hint)}</p>
        <textarea id=id rows="3" class="boundary-text" spellcheck="false" aria-describedby=hint_id
            prop:value=move || text.get() on:input=move |e| text.set(event_target_value(&e))></textarea>
        <label for=file_id.clone()>{ctr(|c| c.places_boundary_file)}</label>
        <input id=file_id type="file" accept=".geojson,.json,application/geo+json,application/json" on:change=choose/>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: Result<Option<Boundary>, BoundaryProblem>) {
        assert_eq!(parse_boundary(text), expected, "{text}");
    }

    fn rings() -> Vec<Vec<[f64; 2]>> {
        vec![vec![
            [24.94, 60.166],
            [24.95, 60.166],
            [24.95, 60.175],
            [24.94, 60.166],
        ]]
    }

    fn square() -> Boundary {
        Boundary::Polygon(rings())
    }

    const RING: &str = "[[[24.94,60.166],[24.95,60.166],[24.95,60.175],[24.94,60.166]]]";

    #[test]
    fn a_geometry_a_feature_or_a_collection_of_one_is_a_boundary() {
        check("", Ok(None));
        check("  \n", Ok(None));
        check(
            &format!(r#"{{"type":"Polygon","coordinates":{RING}}}"#),
            Ok(Some(square())),
        );
        check(
            &format!(r#"{{"type":"Polygon","bbox":[1,2,3,4],"coordinates":{RING}}}"#),
            Ok(Some(square())),
        );
        check(
            &format!(
                r#"{{"type":"Feature","properties":{{"name":"x"}},"geometry":{{"type":"Polygon","coordinates":{RING}}}}}"#
            ),
            Ok(Some(square())),
        );
        check(
            &format!(
                r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":null,"geometry":{{"type":"MultiPolygon","coordinates":[{RING}]}}}}]}}"#
            ),
            Ok(Some(Boundary::MultiPolygon(vec![rings()]))),
        );
    }

    #[test]
    fn anything_else_says_why_it_is_not() {
        check("{not json", Err(BoundaryProblem::NotJson));
        check(
            r#"{"type":"Point","coordinates":[24.94,60.17]}"#,
            Err(BoundaryProblem::NotPolygon),
        );
        check(
            r#"{"type":"Feature","geometry":null}"#,
            Err(BoundaryProblem::NotPolygon),
        );
        check(
            r#"{"type":"FeatureCollection","features":[]}"#,
            Err(BoundaryProblem::NotPolygon),
        );
        check(r#"[1, 2]"#, Err(BoundaryProblem::NotPolygon));
    }

    #[test]
    fn a_stored_boundary_reads_back_as_itself() {
        let text = boundary_text(Some(&square()));
        check(&text, Ok(Some(square())));
        assert_eq!(boundary_text(None), "");
    }
}
