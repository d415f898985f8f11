//! Paper ballots at the committee's desk, by double entry: each member keys a paper ballot from
//! the paper (by hand, or from a CSV file previewed first), and it counts when two members'
//! keyings agree. Keyings that differ wait for a member who has not keyed it yet, who keys it
//! again or rejects it with a reason. The server refuses the shared first-run account, a member
//! keying the same ballot twice, and a ballot whose household already voted on a phone.

use leptos::prelude::*;
use linli_api::{ImportReport, NewPaperBallot, PaperBallot, PaperStatus, Project, RejectPaper};

use crate::admin::errors::refusal_text;
use crate::client;
use crate::i18n::{CommitteeStrings, ctr, fill, use_i18n};
use crate::ui::error_view::{ErrorView, Loading};

/// Project titles by id, to show a disputed ballot's readings by name.
type Titles = StoredValue<Vec<(String, String)>>;

#[component]
pub(crate) fn PaperPanel(ballot_id: String, projects: Vec<Project>) -> impl IntoView {
    let id = StoredValue::new(ballot_id);
    let papers = LocalResource::new(move || {
        let id = id.get_value();
        async move { client::paper_ballots(&id).await }
    });
    let refresh = Callback::new(move |()| papers.refetch());
    let titles: Titles = StoredValue::new(
        projects
            .iter()
            .map(|p| (p.id.clone(), p.title.clone()))
            .collect(),
    );
    view! {
        <section class="paper">
            <h2>{ctr(|c| c.vote_paper_title)}</h2>
            <p class="hint">{ctr(|c| c.vote_paper_rule)}</p>
            <KeyingForm id projects on_keyed=refresh/>
            <h3>{ctr(|c| c.vote_paper_list)}</h3>
            {move || match papers.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(error)) => view! { <ErrorView error/> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p>{ctr(|c| c.vote_paper_none)}</p> }.into_any(),
                Some(Ok(list)) => view! { <PaperList id papers=list titles on_changed=refresh/> }.into_any(),
            }}
            <CsvImport id on_imported=refresh/>
        </section>
    }
}

fn status_text(c: &CommitteeStrings, status: PaperStatus) -> &'static str {
    match status {
        PaperStatus::Awaiting => c.vote_paper_status_awaiting,
        PaperStatus::Disputed => c.vote_paper_status_disputed,
        PaperStatus::Counted => c.vote_paper_status_counted,
        PaperStatus::Rejected => c.vote_paper_status_rejected,
        PaperStatus::Superseded => c.vote_paper_status_superseded,
    }
}

#[component]
fn KeyingForm(
    id: StoredValue<String>,
    projects: Vec<Project>,
    on_keyed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let code = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<String>::new());
    let keying = Action::new_local(move |paper: &NewPaperBallot| {
        let (paper, id) = (paper.clone(), id.get_value());
        async move { client::key_paper(&id, &paper).await }
    });
    // Clears the form and reloads the list once the server has the keying.
    Effect::new(move |_| {
        if let Some(Ok(_)) = keying.value().get() {
            code.set(String::new());
            chosen.set(Vec::new());
            on_keyed.run(());
        }
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        keying.dispatch(NewPaperBallot {
            code: code.get_untracked(),
            selections: chosen.get_untracked(),
        });
    };
    let answer = move || {
        keying.value().get().map(|result| match result {
            Ok(paper) => {
                let c = i18n.c();
                let said = match paper.status {
                    PaperStatus::Counted => c.vote_paper_keyed_counted,
                    PaperStatus::Disputed => c.vote_paper_keyed_disputed,
                    _ => c.vote_paper_keyed_awaiting,
                };
                view! { <p role="status" data-testid="paper-keyed">{said}</p> }.into_any()
            }
            Err(error) => view! {
                <p class="field-error" role="alert">{refusal_text(&error, i18n.t().error_server)}</p>
            }
            .into_any(),
        })
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
            {answer}
            <button class="button button-primary" type="submit" disabled=move || keying.pending().get()>
                {ctr(|c| c.vote_paper_enter)}
            </button>
        </form>
    }
}

#[component]
fn PaperList(
    id: StoredValue<String>,
    papers: Vec<PaperBallot>,
    titles: Titles,
    on_changed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = move |pid: &str| {
        titles.with_value(|titles| {
            titles
                .iter()
                .find(|(id, _)| id == pid)
                .map_or_else(|| pid.to_owned(), |(_, title)| title.clone())
        })
    };
    view! {
        <table class="figures" data-testid="paper-ballots">
            <thead><tr>
                <th scope="col">{ctr(|c| c.vote_paper_number)}</th>
                <th scope="col">{ctr(|c| c.vote_paper_status)}</th>
                <th scope="col">{ctr(|c| c.vote_paper_keyed_by)}</th>
                <th scope="col">{ctr(|c| c.vote_paper_decision)}</th>
            </tr></thead>
            <tbody>
                {papers.into_iter().map(|paper| {
                    let status = paper.status;
                    let keyings = paper.keyings.into_iter().map(|k| {
                        let reading = k.selections.map(|ids| {
                            let names = ids.iter().map(|pid| name(pid)).collect::<Vec<_>>().join("、");
                            format!(" · {names}")
                        });
                        view! {
                            <li>{k.keyed_by} " " {crate::ui::time::short_time(&k.keyed_at)} {reading}</li>
                        }
                    }).collect_view();
                    let decision = if status.waits() {
                        view! { <RejectForm id paper=paper.id on_rejected=on_changed/> }.into_any()
                    } else {
                        let when = paper.decided_at.as_deref().map(crate::ui::time::short_time);
                        view! {
                            <span>{paper.decided_by} " " {when}</span>
                            {paper.reason.map(|reason| view! { <p class="reason">{reason}</p> })}
                        }
                        .into_any()
                    };
                    view! {
                        <tr data-status=status.name()>
                            <td>{paper.id}</td>
                            <td>{move || status_text(i18n.c(), status)}</td>
                            <td><ul class="plain">{keyings}</ul></td>
                            <td>{decision}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// Rejects one waiting paper ballot, with the reason the committee will see.
#[component]
fn RejectForm(id: StoredValue<String>, paper: i64, on_rejected: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let reject = Action::new_local(move |reason: &String| {
        let (reject, id) = (
            RejectPaper {
                reason: reason.clone(),
            },
            id.get_value(),
        );
        async move { client::reject_paper(&id, paper, &reject).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = reject.value().get() {
            on_rejected.run(());
        }
    });
    let error = move || {
        reject
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| refusal_text(&e, i18n.t().error_server))
    };
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        reject.dispatch(reason.get_untracked());
    };
    view! {
        <form class="reject" on:submit=on_submit>
            <input type="text" maxlength="200"
                aria-label=move || fill(i18n.c().vote_paper_reason_for, &[("n", &paper.to_string())])
                prop:value=move || reason.get() on:input=move |e| reason.set(event_target_value(&e))/>
            <button class="button" type="submit" disabled=move || reject.pending().get()>
                {ctr(|c| c.vote_paper_reject)}
            </button>
            <p class="field-error" role="alert">{error}</p>
        </form>
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
    let count = |status: PaperStatus| {
        report
            .entries
            .iter()
            .filter(|paper| paper.status == status)
            .count()
            .to_string()
    };
    let (rows, valid, entered, counted, awaiting, disputed) = (
        report.rows.to_string(),
        report.valid_rows.to_string(),
        report.entries.len().to_string(),
        count(PaperStatus::Counted),
        count(PaperStatus::Awaiting),
        count(PaperStatus::Disputed),
    );
    let dry_run = report.dry_run;
    let summary = move || {
        let c = i18n.c();
        if dry_run {
            fill(c.vote_import_report, &[("rows", &rows), ("valid", &valid)])
        } else {
            fill(
                c.vote_import_done,
                &[
                    ("n", &entered),
                    ("counted", &counted),
                    ("awaiting", &awaiting),
                    ("disputed", &disputed),
                ],
            )
        }
    };
    view! {
        <p>{summary}</p>
        <ul>
            {report.errors.into_iter().map(|e| {
                let line = e.line.to_string();
                view! { <li class="field-error">{move || fill(i18n.c().vote_import_line, &[("line", &line)])} ": " {e.message}</li> }
            }).collect_view()}
            // Rows taken as the paper meant them (a project written twice, counted once).
            {report.warnings.into_iter().map(|w| {
                let line = w.line.to_string();
                view! { <li>{move || fill(i18n.c().vote_import_line, &[("line", &line)])} ": " {w.message}</li> }
            }).collect_view()}
        </ul>
    }
}
