//! `/admin/import`: the district's inventory from the files its office has. A file is tried
//! first (a dry run: what would be added, changed, left or retired, and every refused row with
//! its line and reasons) and stored only when nothing is refused; a bar shows how far a long
//! file has been sent. Then the exports of each kind in each format, and a community's walking
//! network from an OpenStreetMap extract. District role.

use leptos::html::Input;
use leptos::prelude::*;
use linli_api::{ImportKind, ImportSummary, Places, WalkingNetworkSummary};

use crate::admin::district_nav::DistrictNav;
use crate::admin::errors::{CommitteeError, refusal_text};
use crate::admin::uploads::{InventoryFile, OsmExtract, UploadBar, use_uploads};
use crate::client;
use crate::i18n::{CommitteeStrings, ctr, fill, use_i18n};
use crate::ui::error_view::Loading;

type Label = fn(&'static CommitteeStrings) -> &'static str;

/// In the order a district loads them: places, units, then what lies in the places.
static KINDS: [(ImportKind, Label); 6] = [
    (ImportKind::Streets, |c| c.kind_streets),
    (ImportKind::Communities, |c| c.kind_communities),
    (ImportKind::Units, |c| c.kind_units),
    (ImportKind::Components, |c| c.kind_components),
    (ImportKind::Buildings, |c| c.kind_buildings),
    (ImportKind::Services, |c| c.kind_services),
];

static ENCODINGS: [(&str, Label); 3] = [
    ("auto", |c| c.encoding_auto),
    ("utf-8", |c| c.encoding_utf8),
    ("gbk", |c| c.encoding_gbk),
];

static DATUMS: [(&str, Label); 3] = [
    ("wgs84", |c| c.datum_wgs84),
    ("gcj02", |c| c.datum_gcj02),
    ("bd09", |c| c.datum_bd09),
];

/// A `<select>` of fixed choices, each a value and its label.
fn choices<T: Copy + Send + Sync + 'static>(
    id: &'static str,
    label: Label,
    options: &'static [(T, Label)],
    value: fn(T) -> &'static str,
    chosen: RwSignal<String>,
) -> impl IntoView {
    view! {
        <label for=id>{ctr(label)}</label>
        <select id=id on:change=move |e| chosen.set(event_target_value(&e))>
            {options.iter().map(|(option, label)| {
                let option = value(*option);
                view! { <option value=option selected=move || chosen.get() == option>{ctr(*label)}</option> }
            }).collect_view()}
        </select>
    }
}

#[component]
pub(crate) fn ImportPage() -> impl IntoView {
    let places = LocalResource::new(client::places);
    view! {
        <section class="page admin-page import-page">
            <DistrictNav/>
            <h1>{ctr(|c| c.import_title)}</h1>
            <p class="hint">{ctr(|c| c.import_hint)}</p>
            {move || match places.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(error)) => view! { <CommitteeError error/> }.into_any(),
                Some(Ok(places)) => view! {
                    <InventoryForm/>
                    <Exports/>
                    <WalkingForm places/>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn InventoryForm() -> impl IntoView {
    let i18n = use_i18n();
    let uploads = use_uploads();
    let kind = RwSignal::new(ImportKind::Components.name().to_owned());
    let encoding = RwSignal::new("auto".to_owned());
    let datum = RwSignal::new("wgs84".to_owned());
    let retire_missing = RwSignal::new(false);
    let no_file = RwSignal::new(false);
    let file_input = NodeRef::<Input>::new();
    let action = uploads.inventory;
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let file = file_input
            .get_untracked()
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        no_file.set(file.is_none());
        let (Some(file), Some(kind)) = (file, ImportKind::parse(&kind.get_untracked())) else {
            return;
        };
        action.dispatch(InventoryFile {
            kind,
            file,
            encoding: encoding.get_untracked(),
            datum: datum.get_untracked(),
            retire_missing: retire_missing.get_untracked(),
            apply: false,
        });
    };
    view! {
        <form class="form import-form" on:submit=submit data-testid="import-form">
            <h2>{ctr(|c| c.import_heading)}</h2>
            {choices("import-kind", |c| c.import_kind, &KINDS, ImportKind::name, kind)}
            <label for="import-file">{ctr(|c| c.import_file)}</label>
            <input id="import-file" type="file" node_ref=file_input
                accept=".csv,.txt,.xlsx,.geojson,.json,.zip" aria-describedby="import-file-error"/>
            <p class="field-error" id="import-file-error" role="alert">
                {move || no_file.get().then(|| i18n.c().import_choose_file)}
            </p>
            {choices("import-encoding", |c| c.import_encoding, &ENCODINGS, |e| e, encoding)}
            {choices("import-datum", |c| c.import_datum, &DATUMS, |d| d, datum)}
            <label class="choice">
                <input type="checkbox" id="import-retire" prop:checked=move || retire_missing.get()
                    on:change=move |e| retire_missing.set(event_target_checked(&e))/>
                <span>{ctr(|c| c.import_retire_missing)}</span>
            </label>
            <button class="button button-primary" type="submit" disabled=move || action.pending().get()>
                {ctr(|c| c.import_dry_run)}
            </button>
        </form>
        <div aria-live="polite">
            <UploadBar pending=action.pending() progress=uploads.inventory_progress test_id="import-progress"/>
        </div>
        <div data-testid="import-result">
            {move || action.value().get().map(|(sent, answer)| match answer {
                Ok(summary) => view! { <SummaryView sent summary/> }.into_any(),
                Err(error) => view! {
                    <p class="field-error" role="alert" data-testid="import-refusal">
                        {refusal_text(&error, i18n.t().error_server)}
                    </p>
                }.into_any(),
            })}
        </div>
    }
}

/// What a dry run found or an import stored, and the button that stores a clean dry run.
#[component]
fn SummaryView(sent: InventoryFile, summary: ImportSummary) -> impl IntoView {
    let i18n = use_i18n();
    let action = use_uploads().inventory;
    let refused = summary.refused.len();
    let outcome: Label = if summary.applied {
        |c| c.import_applied
    } else if refused > 0 {
        |c| c.import_refused_nothing
    } else {
        |c| c.import_dry_ok
    };
    let can_apply = !summary.applied && refused == 0;
    let file_name = sent.file.name();
    let encoding = summary.encoding.clone().unwrap_or_else(|| "—".to_owned());
    let apply = {
        let sent = sent.clone();
        move |_| {
            action.dispatch(InventoryFile {
                apply: true,
                ..sent.clone()
            });
        }
    };
    let count = |key: &'static str, label: Label, n: usize| {
        view! { <tr><th scope="row">{ctr(label)}</th><td data-count=key>{n}</td></tr> }
    };
    let outcome_class = if refused > 0 { "field-error" } else { "notice" };
    let refused_heading = move || {
        fill(
            i18n.c().import_refused_heading,
            &[("n", &refused.to_string())],
        )
    };
    view! {
        <div class="import-summary" data-testid="import-summary">
            <p class=outcome_class role="status">{ctr(outcome)}</p>
            <dl class="facts">
                <div><dt>{ctr(|c| c.import_file_name)}</dt><dd>{file_name}</dd></div>
                <div><dt>{ctr(|c| c.import_format)}</dt><dd data-testid="import-format">{summary.format.clone()}</dd></div>
                <div><dt>{ctr(|c| c.import_encoding_read)}</dt><dd data-testid="import-encoding">{encoding}</dd></div>
                <div><dt>{ctr(|c| c.import_datum)}</dt><dd>{summary.datum.clone()}</dd></div>
            </dl>
            <table class="figures import-counts" data-testid="import-counts">
                <tbody>
                    {count("rows", |c| c.import_rows, summary.rows)}
                    {count("add", |c| c.import_add, summary.add)}
                    {count("change", |c| c.import_change, summary.change)}
                    {count("leave", |c| c.import_leave, summary.leave)}
                    {count("retire", |c| c.import_retire, summary.retire)}
                </tbody>
            </table>
            {(refused > 0).then(|| view! {
                <h3>{refused_heading}</h3>
                <div class="table-scroll">
                    <table class="figures refused" data-testid="import-refused">
                        <thead><tr>
                            <th scope="col">{ctr(|c| c.import_line)}</th>
                            <th scope="col">{ctr(|c| c.import_reasons)}</th>
                        </tr></thead>
                        <tbody>
                            {summary.refused.iter().map(|row| view! {
                                <tr>
                                    <th scope="row">{row.line}</th>
                                    <td><ul class="plain">{row.reasons.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}</ul></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            {(!summary.applied).then(|| view! {
                <button class="button button-primary" type="button" data-testid="import-apply"
                    disabled=move || !can_apply || action.pending().get() on:click=apply>
                    {ctr(|c| c.import_apply)}
                </button>
            })}
        </div>
    }
}

/// The export formats: extension, CSV encoding, label.
static FORMATS: [(&str, &str, Label); 5] = [
    ("csv", "utf-8", |c| c.export_csv_utf8),
    ("csv", "gbk", |c| c.export_csv_gbk),
    ("xlsx", "", |c| c.export_xlsx),
    ("geojson", "", |c| c.export_geojson),
    ("zip", "", |c| c.export_zip),
];

/// Links to every kind in every format; a file exported here imports back unchanged.
#[component]
fn Exports() -> impl IntoView {
    let datum = RwSignal::new("wgs84".to_owned());
    view! {
        <section class="exports" aria-labelledby="exports-heading">
            <h2 id="exports-heading">{ctr(|c| c.export_heading)}</h2>
            <p class="hint">{ctr(|c| c.export_hint)}</p>
            {choices("export-datum", |c| c.export_datum, &DATUMS, |d| d, datum)}
            <div class="table-scroll">
                <table class="figures exports-table" data-testid="exports">
                    <tbody>
                        {KINDS.iter().map(|(kind, label)| {
                            let kind = *kind;
                            view! {
                                <tr>
                                    <th scope="row">{ctr(*label)}</th>
                                    // Units have no place of their own: a table, no geometry.
                                    {FORMATS.iter().filter(move |(extension, _, _)| {
                                        kind != ImportKind::Units || matches!(*extension, "csv" | "xlsx")
                                    }).map(|(extension, encoding, format)| {
                                        let href = move || {
                                            let mut href = format!("/api/v1/admin/exports/{}.{extension}?datum={}", kind.name(), datum.get());
                                            if !encoding.is_empty() {
                                                href.push_str("&encoding=");
                                                href.push_str(encoding);
                                            }
                                            href
                                        };
                                        view! { <td><a href=href download rel="external">{ctr(*format)}</a></td> }
                                    }).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn WalkingForm(places: Places) -> impl IntoView {
    let i18n = use_i18n();
    let uploads = use_uploads();
    let action = uploads.walking;
    let communities: Vec<(String, String, String)> = places
        .streets
        .iter()
        .filter(|s| s.archived_at.is_none())
        .flat_map(|s| s.communities.iter())
        .filter(|c| c.archived_at.is_none())
        .map(|c| (c.id.clone(), c.name_zh.clone(), c.name_en.clone()))
        .collect();
    let community = RwSignal::new(
        communities
            .first()
            .map(|(id, _, _)| id.clone())
            .unwrap_or_default(),
    );
    let around = RwSignal::new("1000".to_owned());
    let no_file = RwSignal::new(false);
    let file_input = NodeRef::<Input>::new();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let file = file_input
            .get_untracked()
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        no_file.set(file.is_none());
        let Some(file) = file else { return };
        action.dispatch(OsmExtract {
            community: community.get_untracked(),
            file,
            around_metres: around.get_untracked().trim().parse().unwrap_or(1000.0),
            apply: false,
        });
    };
    view! {
        <section class="walking" aria-labelledby="walking-heading">
            <h2 id="walking-heading">{ctr(|c| c.walking_heading)}</h2>
            <p class="hint">{ctr(|c| c.walking_hint)}</p>
            <form class="form" on:submit=submit data-testid="walking-form">
                <label for="walking-community">{ctr(|c| c.walking_community)}</label>
                <select id="walking-community" on:change=move |e| community.set(event_target_value(&e))>
                    {communities.into_iter().map(|(id, zh, en)| {
                        let value = id.clone();
                        view! {
                            <option value=id.clone() selected=move || community.get() == value>
                                {move || i18n.locale.get().pick(&zh, &en).to_owned()} " (" {id.clone()} ")"
                            </option>
                        }
                    }).collect_view()}
                </select>
                <label for="walking-file">{ctr(|c| c.walking_file)}</label>
                <input id="walking-file" type="file" accept=".pbf" node_ref=file_input aria-describedby="walking-file-error"/>
                <p class="field-error" id="walking-file-error" role="alert">
                    {move || no_file.get().then(|| i18n.c().import_choose_file)}
                </p>
                <label for="walking-around">{ctr(|c| c.walking_around)}</label>
                <input id="walking-around" type="number" min="50" max="5000" step="50" inputmode="numeric"
                    prop:value=move || around.get() on:input=move |e| around.set(event_target_value(&e))/>
                <button class="button button-primary" type="submit" disabled=move || action.pending().get()>
                    {ctr(|c| c.walking_dry_run)}
                </button>
            </form>
            <div aria-live="polite">
                <UploadBar pending=action.pending() progress=uploads.walking_progress test_id="walking-progress"/>
            </div>
            <div data-testid="walking-result">
                {move || action.value().get().map(|(sent, answer)| match answer {
                    Ok(summary) => view! { <WalkingSummary sent summary/> }.into_any(),
                    Err(error) => view! {
                        <p class="field-error" role="alert">{refusal_text(&error, i18n.t().error_server)}</p>
                    }.into_any(),
                })}
            </div>
            <p class="osm-attribution" data-testid="osm-attribution">{ctr(|c| c.osm_attribution)}</p>
        </section>
    }
}

#[component]
fn WalkingSummary(sent: OsmExtract, summary: WalkingNetworkSummary) -> impl IntoView {
    let i18n = use_i18n();
    let action = use_uploads().walking;
    let around = summary.around_metres.unwrap_or(sent.around_metres);
    let by_boundary = summary.cut_by == "boundary";
    let cut = move || {
        if by_boundary {
            i18n.c().walking_cut_boundary.to_owned()
        } else {
            fill(
                i18n.c().walking_cut_buildings,
                &[("m", &format!("{around:.0}"))],
            )
        }
    };
    let km = format!("{:.1}", summary.metres / 1000.0);
    let length = move || fill(i18n.c().walking_km, &[("km", &km)]);
    let stored = summary.stored;
    let apply = move |_| {
        action.dispatch(OsmExtract {
            apply: true,
            ..sent.clone()
        });
    };
    view! {
        <div class="walking-summary" data-testid="walking-summary">
            <p class="notice" role="status">
                {move || if stored { i18n.c().walking_stored } else { i18n.c().walking_not_stored }}
            </p>
            <dl class="facts">
                <div><dt>{ctr(|c| c.walking_community)}</dt><dd>{summary.community_id.clone()}</dd></div>
                <div><dt>{ctr(|c| c.walking_cut)}</dt><dd>{cut}</dd></div>
                <div><dt>{ctr(|c| c.walking_nodes_in_area)}</dt><dd data-count="nodes_in_area">{summary.nodes_in_area}</dd></div>
                <div><dt>{ctr(|c| c.walking_nodes)}</dt><dd data-count="nodes">{summary.nodes}</dd></div>
                <div><dt>{ctr(|c| c.walking_edges)}</dt><dd data-count="edges">{summary.edges}</dd></div>
                <div><dt>{ctr(|c| c.walking_length)}</dt><dd>{length}</dd></div>
            </dl>
            {(!stored).then(|| view! {
                <button class="button button-primary" type="button" data-testid="walking-apply"
                    disabled=move || action.pending().get() on:click=apply>
                    {ctr(|c| c.walking_apply)}
                </button>
            })}
        </div>
    }
}
