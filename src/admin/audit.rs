//! `/admin/audit`: the audit trail as its readers have it: the district administrator all of
//! it, a committee member their community's; newest first, older pages on request, and the whole
//! readable trail as a CSV file.

use leptos::prelude::*;
use linli_api::AuditEntry;

use crate::admin::district_nav::DistrictNav;
use crate::admin::errors::CommitteeError;
use crate::client::{self, ClientError};
use crate::i18n::{CommitteeStrings, ctr, use_i18n};
use crate::ui::error_view::Loading;

/// What an action code means, in the current language; an action this page does not know yet
/// shows its code alone.
fn action_label(c: &'static CommitteeStrings, action: &str) -> &'static str {
    match action {
        "session.sign_in" => c.audit_sign_in,
        "session.sign_in_failed" => c.audit_sign_in_failed,
        "session.sign_out" | "session.sign_out_everywhere" => c.audit_sign_out,
        "account.add" => c.audit_account_add,
        "district.init" => c.audit_district_init,
        "district.remove_sample" => c.audit_remove_sample,
        "ballot.create" => c.audit_ballot_create,
        "ballot.edit" => c.audit_ballot_edit,
        "ballot.open" => c.audit_ballot_open,
        "ballot.close_asked" => c.audit_ballot_close_asked,
        "ballot.close" => c.audit_ballot_close,
        "ballot.codes_asked" => c.audit_codes_asked,
        "ballot.codes" => c.audit_codes,
        "paper.key" => c.audit_paper_key,
        "paper.reject" => c.audit_paper_reject,
        "library.add" | "library.edit" => c.audit_library,
        "report.status" => c.audit_report_status,
        "report.merge" => c.audit_report_merge,
        "report.hide" => c.audit_report_hide,
        "report.restore" => c.audit_report_restore,
        "report.blur" => c.audit_report_blur,
        "report.phone_erased" | "report.phones_erased" => c.audit_phone_erased,
        "key.rotate" => c.audit_key_rotate,
        "kiosk.pair" => c.audit_kiosk_pair,
        "kiosk.settings" => c.audit_kiosk_settings,
        "kiosk.revoke" => c.audit_kiosk_revoke,
        "api_key.create" => c.audit_api_key_create,
        "api_key.revoke" => c.audit_api_key_revoke,
        "street.save" | "community.save" | "unit.save" => c.audit_place_save,
        "component.edit" => c.audit_component_edit,
        "component.retire" => c.audit_component_retire,
        "import.apply" | "import.walking" => c.audit_import,
        _ => "",
    }
}

/// An entry's detail (a JSON object as text) as one `field: value` line per field, strings
/// without their quotes; anything else as it came.
fn detail_lines(detail: &str) -> Vec<String> {
    match serde_json::from_str::<serde_json::Value>(detail) {
        Ok(serde_json::Value::Object(fields)) => fields
            .into_iter()
            .map(|(field, value)| match value {
                serde_json::Value::String(text) => format!("{field}: {text}"),
                other => format!("{field}: {other}"),
            })
            .collect(),
        _ => vec![detail.to_owned()],
    }
}

/// `2026-12-07T19:25:14+08:00` as `2026-12-07 19:25:14`: every time here is Beijing time.
fn shown_time(at: &str) -> String {
    at.get(..19).unwrap_or(at).replacen('T', " ", 1)
}

#[component]
pub(crate) fn AuditPage() -> impl IntoView {
    let session = LocalResource::new(client::session);
    let district = move || {
        session
            .get()
            .and_then(Result::ok)
            .is_some_and(|info| info.is_district_admin())
    };
    let entries = RwSignal::new(Vec::<AuditEntry>::new());
    let older = RwSignal::new(None::<i64>);
    let error = RwSignal::new(None::<ClientError>);
    let loading = RwSignal::new(true);
    let load = move |before: Option<i64>| {
        loading.set(true);
        leptos::task::spawn_local(async move {
            match client::audit(before).await {
                Ok(page) => {
                    entries.update(|list| list.extend(page.entries));
                    older.set(page.next_before);
                    error.set(None);
                }
                Err(failed) => error.set(Some(failed)),
            }
            loading.set(false);
        });
    };
    load(None);
    view! {
        <section class="page admin-page audit-page">
            {move || district().then(|| view! { <DistrictNav/> })}
            <h1>{ctr(|c| c.audit_title)}</h1>
            <p class="hint">{ctr(|c| c.audit_hint)}</p>
            <p>
                <a class="button button-secondary" href="/api/v1/admin/audit.csv" download="linli-audit.csv">
                    {ctr(|c| c.audit_download)}
                </a>
            </p>
            {move || error.get().map(|error| view! { <CommitteeError error/> })}
            <AuditTable entries/>
            {move || {
                if loading.get() {
                    view! { <Loading/> }.into_any()
                } else if let Some(before) = older.get() {
                    view! {
                        <button type="button" class="button button-secondary" on:click=move |_| load(Some(before))>
                            {ctr(|c| c.audit_older)}
                        </button>
                    }
                    .into_any()
                } else if entries.with(Vec::is_empty) && error.with(Option::is_none) {
                    view! { <p class="notice">{ctr(|c| c.audit_none)}</p> }.into_any()
                } else {
                    ().into_any()
                }
            }}
        </section>
    }
}

#[component]
fn AuditTable(entries: RwSignal<Vec<AuditEntry>>) -> impl IntoView {
    let i18n = use_i18n();
    let row = move |entry: AuditEntry| {
        let (action, code) = (entry.action.clone(), entry.action.clone());
        let label = move || action_label(i18n.c(), &action);
        let detail = detail_lines(&entry.detail)
            .into_iter()
            .map(|line| view! { <div>{line}</div> })
            .collect_view();
        view! {
            <tr data-testid="audit-row" data-action=code data-seq=entry.seq>
                <td class="when">{shown_time(&entry.at)}</td>
                <td>{entry.actor}</td>
                <td class="code address">{entry.address.unwrap_or_default()}</td>
                <td class="code">{entry.community_id.unwrap_or_default()}</td>
                <th scope="row">{label}<br/><span class="code">{entry.action}</span></th>
                <td class="code">{entry.subject.unwrap_or_default()}</td>
                <td class="detail">{detail}</td>
            </tr>
        }
    };
    view! {
        // Focusable, so that a keyboard scrolls the table sideways at phone size.
        <div class="table-scroll" tabindex="0" role="region" aria-label=ctr(|c| c.audit_title)>
            <table class="figures audit" data-testid="audit">
                <thead><tr>
                    <th scope="col">{ctr(|c| c.audit_col_when)}</th>
                    <th scope="col">{ctr(|c| c.audit_col_actor)}</th>
                    <th scope="col">{ctr(|c| c.audit_col_address)}</th>
                    <th scope="col">{ctr(|c| c.audit_col_community)}</th>
                    <th scope="col">{ctr(|c| c.audit_col_action)}</th>
                    <th scope="col">{ctr(|c| c.audit_col_subject)}</th>
                    <th scope="col">{ctr(|c| c.audit_col_detail)}</th>
                </tr></thead>
                <tbody>
                    {move || entries.get().into_iter().map(row).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::{detail_lines, shown_time};

    #[test]
    fn a_detail_reads_one_field_a_line() {
        assert_eq!(
            detail_lines(r#"{"count":3,"asked_by":"zhang","papers":[{"paper":1}]}"#),
            ["asked_by: zhang", "count: 3", r#"papers: [{"paper":1}]"#]
        );
        assert!(detail_lines("{}").is_empty());
        assert_eq!(detail_lines("not json"), ["not json"]);
    }

    #[test]
    fn times_show_without_their_offset() {
        assert_eq!(
            shown_time("2026-12-07T19:25:14+08:00"),
            "2026-12-07 19:25:14"
        );
        assert_eq!(shown_time("odd"), "odd");
    }
}
