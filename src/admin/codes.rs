//! Generating a ballot's voting codes and printing them: the codes come back once, in batches
//! (with progress for a large run), and the server draws each code's QR as SVG (`POST
//! /admin/qr`) for an A4 sheet of `https://<host>/v/<ballot>#<code>` with the code in text below.
//! Nothing here keeps the codes beyond this page.

use leptos::prelude::*;
use linli_api::{CodeRequest, QrRequest, paths};

use crate::admin::errors::refusal_text;
use crate::client;
use crate::i18n::{ctr, fill, use_i18n};

/// The server makes at most 5,000 codes per request; smaller batches show progress sooner.
const CODES_PER_BATCH: u32 = 500;
/// QR codes drawn per request (the server takes at most 500).
const QR_PER_BATCH: usize = 100;
/// Printed QR size: at 40 mm a voting-code URL's modules are over 1 mm, easy for any phone.
const QR_SIZE: &str = "40mm";

/// The batch sizes for `total` codes.
pub(crate) fn batches(total: u32, per_batch: u32) -> Vec<u32> {
    let mut left = total;
    let mut sizes = Vec::new();
    while left > 0 {
        let size = left.min(per_batch);
        sizes.push(size);
        left -= size;
    }
    sizes
}

/// What a code's QR opens: the ballot page with the code in the fragment, which the browser
/// keeps to itself. The code goes without hyphens, for a smaller QR.
pub(crate) fn code_url(origin: &str, ballot: &str, grouped_code: &str) -> String {
    format!(
        "{origin}{}",
        paths::vote_page(ballot, &grouped_code.replace('-', ""))
    )
}

#[derive(Clone, Debug, PartialEq)]
enum Progress {
    Idle,
    Making {
        done: usize,
        total: usize,
    },
    Drawing {
        done: usize,
        total: usize,
    },
    Ready,
    /// An open ballot's codes were asked for; a second member confirms.
    Asked,
    Failed(String),
}

/// Draws the QR of every code on the page for the print sheet, a batch at a time.
async fn draw_sheet(
    id: &str,
    origin: &str,
    codes: RwSignal<Vec<String>>,
    svgs: RwSignal<Vec<String>>,
    progress: RwSignal<Progress>,
    fallback: &'static str,
) {
    let all = codes.get_untracked();
    progress.set(Progress::Drawing {
        done: 0,
        total: all.len(),
    });
    for chunk in all.chunks(QR_PER_BATCH) {
        let request = QrRequest {
            texts: chunk
                .iter()
                .map(|code| code_url(origin, id, code))
                .collect(),
            size: QR_SIZE.to_owned(),
        };
        match client::qr_svgs(&request).await {
            Ok(drawn) => svgs.update(|all| all.extend(drawn.svgs)),
            Err(error) => {
                progress.set(Progress::Failed(refusal_text(&error, fallback)));
                return;
            }
        }
        let done = svgs.with_untracked(Vec::len);
        progress.set(Progress::Drawing {
            done,
            total: all.len(),
        });
    }
    progress.set(Progress::Ready);
}

/// `open`: the ballot is open, so codes are asked for and a second member confirms.
#[component]
pub(crate) fn CodesPanel(ballot_id: String, #[prop(optional)] open: bool) -> impl IntoView {
    let i18n = use_i18n();
    let ballot_id = StoredValue::new(ballot_id);
    let count = RwSignal::new(String::from("10"));
    let progress = RwSignal::new(Progress::Idle);
    let codes = RwSignal::new(Vec::<String>::new());
    let svgs = RwSignal::new(Vec::<String>::new());
    // An open ballot's requests for codes, asked again after each ask or confirmation.
    let changes = RwSignal::new(0u32);
    let requests = LocalResource::new(move || {
        changes.track();
        let id = ballot_id.get_value();
        async move {
            if open {
                client::code_requests(&id).await
            } else {
                Ok(Vec::new())
            }
        }
    });

    let confirm = move |request: CodeRequest| {
        let id = ballot_id.get_value();
        let origin = crate::shell::public_origin();
        let fallback = i18n.t().error_server;
        codes.set(Vec::new());
        svgs.set(Vec::new());
        leptos::task::spawn_local(async move {
            progress.set(Progress::Making {
                done: 0,
                total: request.count as usize,
            });
            match client::confirm_code_request(&id, request.id).await {
                Ok(made) => {
                    codes.set(made.codes);
                    changes.update(|n| *n += 1);
                    draw_sheet(&id, &origin, codes, svgs, progress, fallback).await;
                }
                Err(error) => progress.set(Progress::Failed(refusal_text(&error, fallback))),
            }
        });
    };

    let generate = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Ok(total) = count.get_untracked().trim().parse::<u32>() else {
            return;
        };
        if total == 0 {
            return;
        }
        let id = ballot_id.get_value();
        let origin = crate::shell::public_origin();
        let fallback = i18n.t().error_server;
        if open {
            leptos::task::spawn_local(async move {
                match client::request_codes(&id, total).await {
                    Ok(_) => progress.set(Progress::Asked),
                    Err(error) => progress.set(Progress::Failed(refusal_text(&error, fallback))),
                }
                changes.update(|n| *n += 1);
            });
            return;
        }
        codes.set(Vec::new());
        svgs.set(Vec::new());
        leptos::task::spawn_local(async move {
            let total_codes = total as usize;
            progress.set(Progress::Making {
                done: 0,
                total: total_codes,
            });
            for size in batches(total, CODES_PER_BATCH) {
                match client::generate_codes(&id, size).await {
                    Ok(made) => codes.update(|all| all.extend(made.codes)),
                    Err(error) => {
                        progress.set(Progress::Failed(refusal_text(&error, fallback)));
                        return;
                    }
                }
                let done = codes.with_untracked(Vec::len);
                progress.set(Progress::Making {
                    done,
                    total: total_codes,
                });
            }
            draw_sheet(&id, &origin, codes, svgs, progress, fallback).await;
        });
    };
    let busy = move || {
        matches!(
            progress.get(),
            Progress::Making { .. } | Progress::Drawing { .. }
        )
    };
    let status = move || {
        let c = i18n.c();
        let counted = |template: &str, done: usize, total: usize| {
            fill(
                template,
                &[("done", &done.to_string()), ("total", &total.to_string())],
            )
        };
        match progress.get() {
            Progress::Idle => String::new(),
            Progress::Making { done, total } => counted(c.vote_codes_progress, done, total),
            Progress::Drawing { done, total } => counted(c.vote_codes_drawing, done, total),
            Progress::Ready => c.vote_codes_once.to_owned(),
            Progress::Asked => c.vote_codes_asked.to_owned(),
            Progress::Failed(message) => message,
        }
    };
    let waiting = move || {
        let listed = requests.get().and_then(Result::ok).unwrap_or_default();
        (!listed.is_empty()).then(|| {
            let rows = listed
                .into_iter()
                .map(|request| {
                    let line = fill(
                        i18n.c().vote_codes_request_line,
                        &[
                            ("by", &request.requested_by),
                            ("at", &crate::ui::time::short_time(&request.requested_at)),
                            ("n", &request.count.to_string()),
                        ],
                    );
                    let action = if request.mine {
                        view! { <span class="card-meta">{ctr(|c| c.vote_codes_request_mine)}</span> }.into_any()
                    } else {
                        view! {
                            <button class="button" type="button" disabled=busy
                                on:click=move |_| confirm(request.clone())>{ctr(|c| c.vote_codes_confirm)}</button>
                        }
                        .into_any()
                    };
                    view! { <li>{line} " " {action}</li> }
                })
                .collect_view();
            view! {
                <h3>{ctr(|c| c.vote_codes_requests_title)}</h3>
                <ul>{rows}</ul>
            }
        })
    };
    let sheet = move || {
        let caption = i18n.c().vote_sheet_caption;
        codes.with(|codes| {
            svgs.with(|svgs| {
                codes
                    .iter()
                    .zip(svgs)
                    .map(|(code, svg)| {
                        view! {
                            <figure class="code-card">
                                <div class="code-qr" inner_html=svg.clone()></div>
                                <figcaption class="code-text" data-testid="sheet-code">{code.clone()}</figcaption>
                                <p>{caption}</p>
                            </figure>
                        }
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <section class="codes">
            <h2 class="no-print">{ctr(|c| c.vote_codes_title)}</h2>
            <form class="form no-print" on:submit=generate>
                <label for="code-count">{ctr(|c| c.vote_codes_count)}</label>
                <input id="code-count" type="number" min="1" max="20000" required
                    prop:value=move || count.get() on:input=move |e| count.set(event_target_value(&e))/>
                <button class="button button-primary" type="submit" disabled=busy>
                    {move || if open { i18n.c().vote_codes_ask } else { i18n.c().vote_codes_generate }}
                </button>
            </form>
            <p class="no-print" role="status" data-testid="codes-status">{status}</p>
            {move || open.then(|| view! { <div class="no-print" data-testid="code-requests">{waiting}</div> })}
            <Show when=move || progress.get() == Progress::Ready>
                <button class="button no-print" type="button" on:click=move |_| { let _ = window().print(); }>
                    {ctr(|c| c.vote_codes_print)}
                </button>
            </Show>
            <div class="sheet" data-testid="code-sheet">{sheet}</div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_run_goes_in_batches_that_add_up() {
        assert_eq!(batches(0, 500), Vec::<u32>::new());
        assert_eq!(batches(10, 500), vec![10]);
        assert_eq!(batches(500, 500), vec![500]);
        assert_eq!(batches(1_234, 500), vec![500, 500, 234]);
    }

    #[test]
    fn a_code_url_carries_the_code_in_the_fragment_only() {
        assert_eq!(
            code_url(
                "https://linli.example",
                "2026-beiyuan-autumn",
                "ABCD-EFGH-JKM7"
            ),
            "https://linli.example/v/2026-beiyuan-autumn#ABCDEFGHJKM7"
        );
    }
}
