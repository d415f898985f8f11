//! Paper ballots at the committee's desk: one member enters a ballot with its code (by hand or
//! from a CSV file, previewed first), and a second, different member confirms it against the
//! paper before it counts. The server refuses a member confirming their own entry.

use leptos::prelude::*;
use linli_api::{ConfirmPaper, ImportReport, NewPaperBallot, Project};

use crate::admin::ballot_desk::refusal_text;
use crate::client;
use crate::i18n::{ctr, fill, use_i18n};
use crate::ui::error_view::{ErrorView, Loading};

#[component]
pub fn PaperPanel(ballot_id: String, projects: Vec<Project>) -> impl IntoView {
    let i18n = use_i18n();
    let id = StoredValue::new(ballot_id);
    let pending = LocalResource::new(move || {
        let id = id.get_value();
        async move { client::paper_pending(&id).await }
    });
    let refresh = Callback::new(move |()| pending.refetch());
    // Said outside the list, which is drawn again (often empty) once the ballots are counted.
    let confirmed = RwSignal::new(None::<usize>);
    let on_confirmed = Callback::new(move |counted: usize| {
        confirmed.set(Some(counted));
        pending.refetch();
    });
    let confirmed_text = move || {
        confirmed
            .get()
            .map(|n| fill(i18n.c().vote_paper_confirmed, &[("n", &n.to_string())]))
    };
    let titles = StoredValue::new(
        projects
            .iter()
            .map(|p| (p.id.clone(), p.title.clone()))
            .collect::<Vec<_>>(),
    );
    view! {
        <section class="paper">
            <h2>{ctr(|c| c.vote_paper_title)}</h2>
            <PaperEntryForm id projects on_entered=refresh/>
            <h3>{ctr(|c| c.vote_paper_pending)}</h3>
            {move || match pending.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(error)) => view! { <ErrorView error/> }.into_any(),
                Some(Ok(entries)) if entries.is_empty() => view! { <p>{ctr(|c| c.vote_paper_none)}</p> }.into_any(),
                Some(Ok(entries)) => view! { <PendingList id entries titles on_confirmed/> }.into_any(),
            }}
            <p role="status" data-testid="paper-confirmed">{confirmed_text}</p>
            <CsvImport id on_imported=refresh/>
        </section>
    }
}

#[component]
fn PaperEntryForm(
    id: StoredValue<String>,
    projects: Vec<Project>,
    on_entered: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let code = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<String>::new());
    let enter = Action::new_local(move |paper: &NewPaperBallot| {
        let (paper, id) = (paper.clone(), id.get_value());
        async move { client::enter_paper(&id, &paper).await }
    });
    // Clears the form and reloads the pending list once the server has the entry.
    Effect::new(move |_| {
        if let Some(Ok(_)) = enter.value().get() {
            code.set(String::new());
            chosen.set(Vec::new());
            on_entered.run(());
        }
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        enter.dispatch(NewPaperBallot {
            code: code.get_untracked(),
            selections: chosen.get_untracked(),
        });
    };
    let error = move || {
        enter
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| refusal_text(&e, i18n.t().error_server))
    };
    view! {
        <form class="form" on:submit=on_submit>
            <label for="paper-code">{ctr(|c| c.vote_paper_code)}</label>
            <input id="paper-code" class="code-text" autocomplete="off" required
                prop:value=move || code.get() on:input=move |e| code.set(event_target_value(&e))/>
            <fieldset class="choices">
                {projects.into_iter().map(|p| {
                    let pid = StoredValue::new(p.id.clone());
                    view! {
                        <label class="choice">
                            <input type="checkbox"
                                prop:checked=move || pid.with_value(|pid| chosen.read().contains(pid))
                                on:change=move |e| {
                                    let on = event_target_checked(&e);
                                    let pid = pid.get_value();
                                    chosen.update(|ids| { ids.retain(|i| *i != pid); if on { ids.push(pid); } });
                                }/>
                            <span>{p.id} " " {p.title}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <p class="field-error" role="alert">{error}</p>
            <button class="button button-primary" type="submit" disabled=move || enter.pending().get()>
                {ctr(|c| c.vote_paper_enter)}
            </button>
        </form>
    }
}

#[component]
fn PendingList(
    id: StoredValue<String>,
    entries: Vec<linli_api::PaperEntry>,
    titles: StoredValue<Vec<(String, String)>>,
    on_confirmed: Callback<usize>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ticked = RwSignal::new(Vec::<i64>::new());
    let confirm = Action::new_local(move |entries: &Vec<i64>| {
        let (entries, id) = (entries.clone(), id.get_value());
        async move { client::confirm_paper(&id, &ConfirmPaper { entries }).await }
    });
    // Tells the panel, which reloads the pending list, once the server has counted them.
    Effect::new(move |_| {
        if let Some(Ok(counted)) = confirm.value().get() {
            on_confirmed.run(counted.len());
        }
    });
    let answer = move || {
        confirm
            .value()
            .get()
            .and_then(Result::err)
            .map(|error| refusal_text(&error, i18n.t().error_server))
    };
    let name = move |pid: &str| {
        titles.with_value(|titles| {
            titles
                .iter()
                .find(|(id, _)| id == pid)
                .map_or_else(|| pid.to_owned(), |(_, title)| title.clone())
        })
    };
    view! {
        <table class="figures" data-testid="paper-pending">
            <thead><tr>
                <th scope="col"></th>
                <th scope="col">{crate::i18n::tr(|t| t.vote_your_choices)}</th>
                <th scope="col">{ctr(|c| c.vote_paper_entered_by)}</th>
            </tr></thead>
            <tbody>
                {entries.into_iter().map(|entry| {
                    let entry_id = entry.id;
                    let names = entry.selections.iter().map(|pid| name(pid)).collect::<Vec<_>>().join("、");
                    view! {
                        <tr>
                            <td><input type="checkbox" aria-label=entry_id.to_string()
                                on:change=move |e| {
                                    let on = event_target_checked(&e);
                                    ticked.update(|ids| { ids.retain(|i| *i != entry_id); if on { ids.push(entry_id); } });
                                }/></td>
                            <td>{names}</td>
                            <td>{entry.entered_by} " " {crate::ui::time::short_time(&entry.entered_at)}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <p role="status">{answer}</p>
        <button class="button button-primary" type="button"
            disabled=move || ticked.read().is_empty() || confirm.pending().get()
            on:click=move |_| { confirm.dispatch(ticked.get_untracked()); }>
            {ctr(|c| c.vote_paper_confirm)}
        </button>
    }
}

#[component]
fn CsvImport(id: StoredValue<String>, on_imported: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let csv = RwSignal::new(String::from("code,projects\n"));
    let import = Action::new_local(move |dry_run: &bool| {
        let (dry_run, id, csv) = (*dry_run, id.get_value(), csv.get_untracked());
        async move { client::import_paper(&id, &csv, dry_run).await }
    });
    // Reloads the pending list once a real import has stored its rows.
    Effect::new(move |_| {
        if let Some(Ok(report)) = import.value().get()
            && !report.dry_run
            && !report.entries.is_empty()
        {
            on_imported.run(());
        }
    });
    let report = move || {
        import.value().get().map(|result| match result {
            Ok(report) => view! { <ImportReportView report/> }.into_any(),
            Err(error) => {
                view! { <p class="field-error">{refusal_text(&error, i18n.t().error_server)}</p> }
                    .into_any()
            }
        })
    };
    let previewed_clean = move || matches!(import.value().get(), Some(Ok(ImportReport { dry_run: true, ref errors, valid_rows, .. })) if errors.is_empty() && valid_rows > 0);
    view! {
        <h3>{ctr(|c| c.vote_import_title)}</h3>
        <p class="hint" id="csv-hint">{ctr(|c| c.vote_import_hint)}</p>
        <textarea id="csv" rows="5" aria-describedby="csv-hint" aria-label=ctr(|c| c.vote_import_title)
            prop:value=move || csv.get() on:input=move |e| csv.set(event_target_value(&e))></textarea>
        <div class="actions">
            <button class="button" type="button" disabled=move || import.pending().get()
                on:click=move |_| { import.dispatch(true); }>{ctr(|c| c.vote_import_preview)}</button>
            <button class="button button-primary" type="button"
                disabled=move || import.pending().get() || !previewed_clean()
                on:click=move |_| { import.dispatch(false); }>{ctr(|c| c.vote_import_go)}</button>
        </div>
        <div role="status" data-testid="import-report">{report}</div>
    }
}

#[component]
fn ImportReportView(report: ImportReport) -> impl IntoView {
    let i18n = use_i18n();
    let (rows, valid, entered) = (
        report.rows.to_string(),
        report.valid_rows.to_string(),
        report.entries.len().to_string(),
    );
    let dry_run = report.dry_run;
    let summary = move || {
        let c = i18n.c();
        if dry_run {
            fill(c.vote_import_report, &[("rows", &rows), ("valid", &valid)])
        } else {
            fill(c.vote_import_done, &[("n", &entered)])
        }
    };
    view! {
        <p>{summary}</p>
        <ul>
            {report.errors.into_iter().map(|e| {
                let line = e.line.to_string();
                view! { <li class="field-error">{move || fill(i18n.c().vote_import_line, &[("line", &line)])} ": " {e.message}</li> }
            }).collect_view()}
        </ul>
    }
}
