//! The figures of a ballot: live turnout while it is open; after close, each project's votes and
//! rank, the winners by the declared rule, the budget used and the turnout by channel, and what
//! happened to the ballot (opened, codes issued, closed, paper ballots confirmed).

use leptos::prelude::*;
use linli_api::{BallotEvent, BallotEventKind, BallotResults, Channel, Turnout, paths};

use crate::i18n::{channel_text, fill, money, text, tr, use_i18n, vtr};

/// `open_poll`: the figures count devices, not households with codes.
#[component]
pub(crate) fn TurnoutView(turnout: Turnout, open_poll: bool) -> impl IntoView {
    let i18n = use_i18n();
    let (spent, issued) = (
        turnout.codes_spent.to_string(),
        turnout.codes_issued.to_string(),
    );
    let by_channel = turnout.by_channel;
    let channels = text(move || {
        let t = i18n.t();
        Channel::ALL
            .into_iter()
            // An open poll has no paper ballots (no codes to write on them).
            .filter(|channel| !(open_poll && *channel == Channel::Paper))
            .map(|channel| {
                let count = match channel {
                    Channel::Phone => by_channel.phone,
                    Channel::Kiosk => by_channel.kiosk,
                    Channel::Paper => by_channel.paper,
                };
                format!("{} {count}", channel_text(t, channel))
            })
            .collect::<Vec<_>>()
            .join(" · ")
    });
    view! {
        <section class="turnout" data-testid="turnout">
            <h2>{tr(|t| t.vote_turnout_title)}</h2>
            <p>{text(move || if open_poll {
                fill(i18n.v().vote_poll_turnout, &[("n", &spent)])
            } else {
                fill(i18n.t().vote_turnout_line, &[("spent", &spent), ("issued", &issued)])
            })}</p>
            <p class="card-meta">{channels}</p>
        </section>
    }
}

#[component]
pub(crate) fn ResultsView(results: BallotResults) -> impl IntoView {
    let i18n = use_i18n();
    let (used, budget) = (results.budget_used_yuan, results.budget_yuan);
    let spent = text(move || {
        let locale = i18n.locale.get();
        fill(
            i18n.t().vote_budget_spent,
            &[
                ("used", &money(locale, used)),
                ("budget", &money(locale, budget)),
            ],
        )
    });
    let rows = results
        .projects
        .into_iter()
        .map(|p| {
            view! {
                <tr class:winner=p.selected>
                    <td>{p.rank}</td>
                    <th scope="row">
                        {p.title}
                        {p.selected.then(|| view! { " " <span class="badge badge-winner">{tr(|t| t.vote_winner)}</span> })}
                        <span class="card-meta">" " {text(move || money(i18n.locale.get(), p.cost_yuan))}</span>
                    </th>
                    <td>{p.score}</td>
                </tr>
            }
        })
        .collect_view();
    let id = results.ballot_id.clone();
    let open_poll = results.open_poll;
    view! {
        <section class="results" data-testid="results">
            <h2>{tr(|t| t.vote_results_title)}</h2>
            {open_poll.then(|| view! { <p class="poll-label"><strong>{vtr(|t| t.vote_poll_label)}</strong></p> })}
            <p>{spent}</p>
            <table class="figures">
                <thead><tr>
                    <th scope="col">{tr(|t| t.vote_rank)}</th>
                    <th scope="col">{tr(|t| t.vote_project)}</th>
                    <th scope="col">{tr(|t| t.vote_score)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="card-meta">
                {tr(|t| t.vote_export)} " "
                <a href=paths::export_csv(&id) download>"CSV"</a> " · "
                <a href=paths::export_pb(&id) download>"Pabulib .pb"</a>
            </p>
        </section>
        <TurnoutView turnout=results.turnout open_poll/>
    }
}

/// The ballot's published history, when and how many, loaded once.
#[component]
pub(crate) fn HistoryView(ballot_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let events =
        crate::ui::load::use_load_once(
            async move { crate::client::ballot_events(&ballot_id).await },
        );
    let line = move |event: &BallotEvent| {
        let v = i18n.v();
        let n = event.count.unwrap_or(0).to_string();
        match event.kind {
            BallotEventKind::Opened => v.vote_event_opened.to_owned(),
            BallotEventKind::CodesIssued => fill(v.vote_event_codes_issued, &[("n", &n)]),
            BallotEventKind::ClosedEarly => v.vote_event_closed_early.to_owned(),
            BallotEventKind::Closed => v.vote_event_closed.to_owned(),
            BallotEventKind::PaperConfirmed => fill(v.vote_event_paper_confirmed, &[("n", &n)]),
            BallotEventKind::PaperRejected => v.vote_event_paper_rejected.to_owned(),
        }
    };
    move || {
        events.get().and_then(Result::ok).map(|loaded| {
            let rows = loaded
                .events
                .iter()
                .map(|event| {
                    let at = crate::ui::time::short_time(&event.at);
                    let event = event.clone();
                    view! { <li><span class="card-meta">{at}</span> " " {move || line(&event)}</li> }
                })
                .collect_view();
            view! {
                <section class="history" data-testid="ballot-history">
                    <h2>{vtr(|t| t.vote_history_title)}</h2>
                    <ul>{rows}</ul>
                </section>
            }
        })
    }
}
