//! On a report's committee page: what the public sees of what the resident wrote and took. A
//! member hides or restores the description, each photo and a reopening's reason, always with a
//! reason the reporter reads, and blurs a region of a photo (the original is not kept).

use leptos::prelude::*;
use linli_api::{BlurRegion, CommitteePhoto, CommitteeRequest, HiddenPart, Moderation, ReportPart};

use crate::client::{self, ClientError};
use crate::i18n::{ctr, fill, use_i18n};

/// The common reasons offered as the member types (any other may be written).
const REASON_KEYS: [fn(&crate::i18n::CommitteeStrings) -> &'static str; 5] = [
    |c| c.moderation_reason_phone,
    |c| c.moderation_reason_face,
    |c| c.moderation_reason_plate,
    |c| c.moderation_reason_abuse,
    |c| c.moderation_reason_advert,
];

fn hidden_reason(hidden: &[HiddenPart], part: ReportPart) -> Option<String> {
    hidden
        .iter()
        .find(|h| h.part == part)
        .map(|h| h.reason.clone())
}

#[component]
pub(crate) fn ModerationPanel(
    current: Signal<CommitteeRequest>,
    #[prop(into)] on_update: Callback<CommitteeRequest>,
) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let change = Action::new_local(move |(id, change): &(String, Moderation)| {
        let (id, change) = (id.clone(), change.clone());
        async move { client::moderate(&id, &change).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(updated)) = change.value().get() {
            reason.set(String::new());
            on_update.run(updated);
        }
    });
    // One button per part: hides it, or shows it again when it is hidden.
    let toggle = move |part: ReportPart| {
        let hidden = move || hidden_reason(&current.get().hidden, part);
        view! {
            <span class="moderation-state">
                {move || hidden().map(|why| view! {
                    <span class="badge badge-warn">{fill(i18n.c().moderation_hidden, &[("reason", &why)])}</span>
                })}
            </span>
            <button class="button button-secondary" type="button" disabled=move || change.pending().get()
                data-testid=move || format!("moderate-{}", part_name(part))
                on:click=move |_| {
                    change.dispatch((current.get_untracked().entry.id, Moderation {
                        part,
                        hidden: hidden().is_none(),
                        reason: reason.get_untracked(),
                    }));
                }>
                {move || if hidden().is_some() { i18n.c().moderation_restore } else { i18n.c().moderation_hide }}
            </button>
        }
    };
    let reporter_updates = move || {
        current
            .get()
            .timeline
            .into_iter()
            .filter(|entry| entry.by_reporter && !entry.note.is_empty())
            .filter_map(|entry| Some((entry.id.parse::<i64>().ok()?, entry.note)))
            .collect::<Vec<_>>()
    };
    view! {
        <section class="moderation" aria-labelledby="moderation-title">
            <h2 id="moderation-title">{ctr(|c| c.moderation_title)}</h2>
            <p class="hint">{ctr(|c| c.moderation_hint)}</p>
            <label for="moderation-reason">{ctr(|c| c.moderation_reason)}</label>
            <input id="moderation-reason" list="moderation-reasons" maxlength="200"
                prop:value=move || reason.get() on:input=move |e| reason.set(event_target_value(&e))/>
            <datalist id="moderation-reasons">
                {move || REASON_KEYS.map(|key| view! { <option value=key(i18n.c())/> }).collect_view()}
            </datalist>
            <p class="field-error" role="alert">
                {move || change.value().get().and_then(|r| r.err()).map(|e| match e {
                    ClientError::Api { message, .. } if !message.is_empty() => message,
                    _ => i18n.t().error_server.to_owned(),
                })}
            </p>
            <div class="moderation-item">
                <h3>{crate::i18n::tr(|t| t.report_description)}</h3>
                <blockquote>{move || current.get().entry.description}</blockquote>
                {toggle(ReportPart::Description)}
            </div>
            {move || current.get().photos.into_iter().map(|photo| {
                let part = ReportPart::Photo(photo.position);
                view! {
                    <div class="moderation-item">
                        <h3>{fill(i18n.c().moderation_photo, &[("n", &photo.position.to_string())])}
                            {photo.blurred.then(|| view! { " " <span class="badge">{ctr(|c| c.moderation_blurred)}</span> })}
                        </h3>
                        <PhotoBlur photo current on_update/>
                        {toggle(part)}
                    </div>
                }
            }).collect_view()}
            {move || reporter_updates().into_iter().map(|(id, note)| view! {
                <div class="moderation-item">
                    <h3>{ctr(|c| c.moderation_reporter_note)}</h3>
                    <blockquote>{note}</blockquote>
                    {toggle(ReportPart::Update(id))}
                </div>
            }).collect_view()}
        </section>
    }
}

fn part_name(part: ReportPart) -> String {
    match part {
        ReportPart::Description => "description".into(),
        ReportPart::Photo(n) => format!("photo-{n}"),
        ReportPart::Update(n) => format!("update-{n}"),
    }
}

/// The starting box: the middle half of the photo.
const START_REGION: BlurRegion = BlurRegion {
    x: 0.25,
    y: 0.25,
    width: 0.5,
    height: 0.5,
};
/// How far one arrow key moves or resizes the box, as a fraction of the photo.
const KEY_STEP: f64 = 0.05;

/// The region moved (or, with Shift, resized) by one arrow key, kept within the photo.
fn nudged(region: BlurRegion, key: &str, resize: bool) -> Option<BlurRegion> {
    let (dx, dy) = match key {
        "ArrowLeft" => (-KEY_STEP, 0.0),
        "ArrowRight" => (KEY_STEP, 0.0),
        "ArrowUp" => (0.0, -KEY_STEP),
        "ArrowDown" => (0.0, KEY_STEP),
        _ => return None,
    };
    let mut next = region;
    if resize {
        next.width = (next.width + dx).clamp(KEY_STEP, 1.0 - next.x);
        next.height = (next.height + dy).clamp(KEY_STEP, 1.0 - next.y);
    } else {
        next.x = (next.x + dx).clamp(0.0, 1.0 - next.width);
        next.y = (next.y + dy).clamp(0.0, 1.0 - next.height);
    }
    Some(next)
}

/// The box between two points of a drag, in fractions of the photo.
fn dragged(from: (f64, f64), to: (f64, f64)) -> BlurRegion {
    let clamp = |v: f64| v.clamp(0.0, 1.0);
    let (x0, x1) = (clamp(from.0.min(to.0)), clamp(from.0.max(to.0)));
    let (y0, y1) = (clamp(from.1.min(to.1)), clamp(from.1.max(to.1)));
    BlurRegion {
        x: x0,
        y: y0,
        width: x1 - x0,
        height: y1 - y0,
    }
}

/// A photo, and once "blur" is chosen, a box to drag (or move with the keyboard) over the region.
#[component]
fn PhotoBlur(
    photo: CommitteePhoto,
    current: Signal<CommitteeRequest>,
    on_update: Callback<CommitteeRequest>,
) -> impl IntoView {
    let i18n = use_i18n();
    let editing = RwSignal::new(false);
    let region = RwSignal::new(START_REGION);
    let drag_from = RwSignal::new(None::<(f64, f64)>);
    let frame = NodeRef::<leptos::html::Div>::new();
    let blur = Action::new_local(move |(id, position, region): &(String, u32, BlurRegion)| {
        let (id, position, region) = (id.clone(), *position, *region);
        async move { client::blur_photo(&id, position, &region).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(updated)) = blur.value().get() {
            editing.set(false);
            on_update.run(updated);
        }
    });
    let position = photo.position;
    // Where the pointer is on the photo, in fractions of it (the box lets the pointer through,
    // so the target is the photo itself).
    let point = |e: &web_sys::PointerEvent| -> Option<(f64, f64)> {
        let photo: web_sys::Element = event_target(e);
        let (width, height) = (photo.client_width(), photo.client_height());
        (width > 0 && height > 0).then(|| {
            (
                f64::from(e.offset_x()) / f64::from(width),
                f64::from(e.offset_y()) / f64::from(height),
            )
        })
    };
    let box_style = move || {
        let r = region.get();
        format!(
            "left:{:.1}%;top:{:.1}%;width:{:.1}%;height:{:.1}%",
            r.x * 100.0,
            r.y * 100.0,
            r.width * 100.0,
            r.height * 100.0
        )
    };
    let alt = fill(i18n.c().moderation_photo, &[("n", &position.to_string())]);
    view! {
        <div class="blur-frame" node_ref=frame class:editing=move || editing.get()
            tabindex=move || if editing.get() { "0" } else { "-1" }
            aria-label=move || editing.get().then(|| i18n.c().moderation_blur_hint)
            on:pointerdown=move |e| if editing.get_untracked() && let Some(at) = point(&e) {
                drag_from.set(Some(at));
                region.set(dragged(at, at));
            }
            on:pointermove=move |e| if let (Some(from), Some(at)) = (drag_from.get_untracked(), point(&e)) {
                region.set(dragged(from, at));
            }
            on:pointerup=move |_| drag_from.set(None)
            on:keydown=move |e| if editing.get_untracked()
                && let Some(next) = nudged(region.get_untracked(), &e.key(), e.shift_key()) {
                e.prevent_default();
                region.set(next);
            }>
            <img src=photo.path.clone() alt=alt draggable="false"/>
            {move || editing.get().then(|| view! { <div class="blur-box" style=box_style></div> })}
        </div>
        {move || if editing.get() {
            view! {
                <p class="hint">{ctr(|c| c.moderation_blur_hint)}</p>
                <p class="field-error" role="alert">
                    {move || blur.value().get().and_then(|r| r.err()).map(|e| match e {
                        ClientError::Api { message, .. } if !message.is_empty() => message,
                        _ => i18n.t().error_server.to_owned(),
                    })}
                </p>
                <div class="actions">
                    <button class="button" type="button" disabled=move || blur.pending().get()
                        data-testid=format!("blur-confirm-{position}")
                        on:click=move |_| {
                            blur.dispatch((current.get_untracked().entry.id, position, region.get_untracked()));
                        }>{ctr(|c| c.moderation_blur_confirm)}</button>
                    <button class="button button-secondary" type="button" on:click=move |_| editing.set(false)>
                        {ctr(|c| c.moderation_cancel)}</button>
                </div>
            }.into_any()
        } else {
            view! {
                <button class="button button-secondary" type="button" data-testid=format!("blur-{position}")
                    on:click=move |_| {
                        region.set(START_REGION);
                        editing.set(true);
                        // The box is the next thing to work with, by keyboard too.
                        if let Some(frame) = frame.get_untracked() { let _ = frame.focus(); }
                    }>
                    {ctr(|c| c.moderation_blur)}</button>
            }.into_any()
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrow_keys_move_and_resize_the_box_within_the_photo() {
        let moved = nudged(START_REGION, "ArrowRight", false).unwrap();
        assert!((moved.x - 0.30).abs() < 1e-9 && moved.width == 0.5);
        let mut far = START_REGION;
        for _ in 0..20 {
            far = nudged(far, "ArrowLeft", false).unwrap();
        }
        assert_eq!(far.x, 0.0, "stops at the edge");
        let grown = nudged(START_REGION, "ArrowDown", true).unwrap();
        assert!((grown.height - 0.55).abs() < 1e-9 && grown.y == 0.25);
        assert_eq!(nudged(START_REGION, "Enter", false), None);
    }

    #[test]
    fn a_drag_either_way_gives_the_same_box_clipped_to_the_photo() {
        let forward = dragged((0.1, 0.2), (0.6, 0.9));
        assert_eq!(forward, dragged((0.6, 0.9), (0.1, 0.2)));
        let clipped = dragged((0.8, 0.5), (1.4, -0.2));
        assert_eq!((clipped.x, clipped.y), (0.8, 0.0));
        assert!((clipped.width - 0.2).abs() < 1e-9 && clipped.height == 0.5);
    }
}
