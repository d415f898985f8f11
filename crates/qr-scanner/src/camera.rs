//! The rear camera: opening it (and saying in plain terms why it would not open), releasing it,
//! and its torch.

use js_sys::{Function, JSON, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{MediaStream, MediaStreamTrack};

/// The rear camera, at a resolution where a plate at arm's length has several pixels a module.
const CONSTRAINTS: &str = r#"{"audio":false,"video":{"facingMode":"environment","width":{"ideal":1280},"height":{"ideal":720}}}"#;

/// Why the camera did not open, as the page names it.
pub fn problem(secure_context: bool, error_name: Option<&str>) -> &'static str {
    if !secure_context {
        // Not https (nor localhost): browsers give no camera to such pages.
        return "insecure";
    }
    match error_name {
        Some("NotAllowedError" | "SecurityError" | "PermissionDeniedError") => "denied",
        // No `name` at all: the browser has no `mediaDevices`, i.e. no camera API.
        None | Some("NotFoundError" | "DevicesNotFoundError" | "OverconstrainedError") => {
            "no-camera"
        }
        // It exists but would not start, e.g. another app holds it.
        Some(_) => "camera-failed",
    }
}

/// Opens the rear camera, or names the problem ([`problem`]).
pub async fn open() -> Result<MediaStream, &'static str> {
    let window = web_sys::window().ok_or("no-camera")?;
    let secure = window.is_secure_context();
    let failed = |error: JsValue| {
        let name = Reflect::get(&error, &"name".into()).ok();
        problem(secure, name.and_then(|n| n.as_string()).as_deref())
    };
    let constraints = JSON::parse(CONSTRAINTS).map_err(failed)?;
    let promise = window
        .navigator()
        .media_devices()
        .and_then(|devices| devices.get_user_media_with_constraints(constraints.unchecked_ref()))
        .map_err(failed)?;
    Ok(JsFuture::from(promise)
        .await
        .map_err(failed)?
        .unchecked_into())
}

/// Stops every track, which releases the camera and turns its light off.
pub fn stop(media: &MediaStream) {
    for track in media.get_tracks() {
        track.unchecked_into::<MediaStreamTrack>().stop();
    }
}

fn video_track(media: &MediaStream) -> Option<JsValue> {
    let track = media.get_video_tracks().get(0);
    (!track.is_undefined()).then_some(track)
}

/// Calls `target.name(argument)`: the torch methods are behind web-sys' unstable flag.
fn call(target: &JsValue, name: &str, argument: &JsValue) -> Option<JsValue> {
    let method: Function = Reflect::get(target, &name.into()).ok()?.dyn_into().ok()?;
    method.call1(target, argument).ok()
}

/// Whether the camera has a light the page may switch (`torch` in the track's capabilities).
pub fn has_torch(media: &MediaStream) -> bool {
    video_track(media)
        .and_then(|track| call(&track, "getCapabilities", &JsValue::UNDEFINED))
        .and_then(|capabilities| Reflect::get(&capabilities, &"torch".into()).ok())
        .is_some_and(|torch| torch.is_truthy())
}

/// Switches the torch; `false` when the camera refused.
pub fn set_torch(media: &MediaStream, on: bool) -> bool {
    let constraints = JSON::parse(if on {
        r#"{"advanced":[{"torch":true}]}"#
    } else {
        r#"{"advanced":[{"torch":false}]}"#
    });
    match (video_track(media), constraints) {
        (Some(track), Ok(constraints)) => call(&track, "applyConstraints", &constraints).is_some(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camera_errors_read_as_plain_reasons() {
        assert_eq!(problem(false, Some("NotAllowedError")), "insecure");
        assert_eq!(problem(true, Some("NotAllowedError")), "denied");
        assert_eq!(problem(true, Some("SecurityError")), "denied");
        assert_eq!(problem(true, Some("NotFoundError")), "no-camera");
        assert_eq!(problem(true, None), "no-camera");
        assert_eq!(problem(true, Some("NotReadableError")), "camera-failed");
    }
}
