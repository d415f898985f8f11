//! The attract loop: cards that rotate every [`CARD_SECONDS`] with a visible progress bar, and
//! that a visitor can go through with the large Previous/Next buttons, a tap on the position
//! dots, or a swipe. Each open vote (live turnout, a large QR to vote on a phone, a button to
//! vote here), the 15-minute circle from the kiosk's place, recently fixed reports nearby, and
//! the committee's notice.

use leptos::prelude::*;

use crate::i18n::{fill, ktr, use_i18n};
use crate::kiosk::data::{KioskBallot, KioskData};
use crate::kiosk::qr::Qr;
use crate::kiosk::state::{Screen, use_kiosk};
use crate::ui::time::short_time;

pub(crate) const CARD_SECONDS: u32 = 12;
/// A horizontal move this long (CSS pixels) is a swipe.
const SWIPE_PX: i32 = 80;

#[derive(Clone, Debug, PartialEq)]
enum Card {
    Vote(Box<KioskBallot>),
    Circle,
    Fixed,
    Notice,
}

fn cards(data: &KioskData) -> Vec<Card> {
    let mut cards: Vec<Card> = data
        .ballots
        .iter()
        .cloned()
        .map(|b| Card::Vote(Box::new(b)))
        .collect();
    cards.push(Card::Circle);
    cards.push(Card::Fixed);
    if data
        .config
        .as_ref()
        .is_some_and(|c| !c.notice.trim().is_empty())
    {
        cards.push(Card::Notice);
    }
    cards
}

#[component]
pub(crate) fn AttractLoop(data: RwSignal<KioskData>) -> impl IntoView {
    let i18n = use_i18n();
    let all = Memo::new(move |_| data.with(cards));
    let index = RwSignal::new(0usize);
    let seconds = RwSignal::new(0u32);
    let count = move || all.with(Vec::len).max(1);
    let go = move |step: isize| {
        let n = count() as isize;
        index.update(|i| *i = ((*i as isize + step).rem_euclid(n)) as usize);
        seconds.set(0);
    };
    let tick = leptos_use::use_interval_fn(
        move || {
            let next = seconds.get_untracked() + 1;
            if next >= CARD_SECONDS {
                go(1);
            } else {
                seconds.set(next);
            }
        },
        1000,
    );
    on_cleanup(move || (tick.pause)());
    let current = move || {
        let i = index.get() % count();
        all.with(|cards| cards.get(i).cloned())
    };
    let swipe_start = StoredValue::new(None::<i32>);
    let on_down = move |e: leptos::ev::PointerEvent| swipe_start.set_value(Some(e.client_x()));
    let on_up = move |e: leptos::ev::PointerEvent| {
        if let Some(start) = swipe_start.get_value() {
            let moved = e.client_x() - start;
            if moved <= -SWIPE_PX {
                go(1);
            } else if moved >= SWIPE_PX {
                go(-1);
            }
        }
        swipe_start.set_value(None);
    };
    let position = move || {
        fill(
            i18n.locale.get().kiosk_strings().card_position,
            &[
                ("n", &(index.get() % count() + 1).to_string()),
                ("total", &count().to_string()),
            ],
        )
    };
    view! {
        <section class="kiosk-loop" aria-roledescription="carousel" aria-label=ktr(|k| k.title)>
            <progress class="kiosk-progress" max=CARD_SECONDS.to_string()
                value=move || seconds.get().to_string() aria-label=position data-testid="kiosk-progress"></progress>
            <div class="kiosk-card-area" on:pointerdown=on_down on:pointerup=on_up
                aria-live="polite" data-testid="kiosk-card-area">
                {move || current().map(|card| match card {
                    Card::Vote(vote) => view! { <VoteCard vote=*vote/> }.into_any(),
                    Card::Circle => view! { <CircleCard data/> }.into_any(),
                    Card::Fixed => view! { <FixedCard data/> }.into_any(),
                    Card::Notice => view! { <NoticeCard data/> }.into_any(),
                })}
            </div>
            <nav class="kiosk-loop-nav" aria-label=position>
                <button class="kiosk-button" type="button" on:click=move |_| go(-1) data-testid="kiosk-previous">
                    "‹ " {ktr(|k| k.previous)}
                </button>
                <span class="kiosk-position" data-testid="kiosk-position">{position}</span>
                <button class="kiosk-button" type="button" on:click=move |_| go(1) data-testid="kiosk-next">
                    {ktr(|k| k.next)} " ›"
                </button>
            </nav>
        </section>
    }
}

#[component]
fn VoteCard(vote: KioskBallot) -> impl IntoView {
    let kiosk = use_kiosk();
    let i18n = use_i18n();
    let KioskBallot {
        summary: ballot,
        turnout,
        open_poll,
    } = vote;
    let url = format!("{}/v/{}", crate::shell::public_origin(), ballot.id);
    let spent = turnout.map(|t| t.codes_spent).unwrap_or(0).to_string();
    let closes = short_time(&ballot.closes_at);
    let id = ballot.id.clone();
    let scan = Signal::derive(move || i18n.locale.get().kiosk_strings().vote_scan.to_owned());
    view! {
        <article class="kiosk-card kiosk-vote-card" data-testid="kiosk-card" data-card="vote">
            <p class="kiosk-card-kind">{ktr(|k| k.vote_card_title)}</p>
            <h2>{ballot.title.clone()}</h2>
            <p class="kiosk-figure" data-testid="kiosk-turnout">
                {move || {
                    let strings = i18n.locale.get().kiosk_strings();
                    fill(if open_poll { strings.poll_turnout } else { strings.vote_turnout }, &[("n", &spent)])
                }}
            </p>
            <p>{move || fill(i18n.locale.get().kiosk_strings().vote_closes, &[("time", &closes)])}</p>
            {open_poll.then(|| view! {
                <p class="kiosk-poll" data-testid="kiosk-poll">{ktr(|k| k.poll_label)} " · " {ktr(|k| k.poll_phone_only)}</p>
            })}
            <div class="kiosk-vote-ways">
                <figure class="kiosk-qr-figure">
                    <Qr text=url label=scan/>
                    <figcaption>{ktr(|k| k.vote_scan)}</figcaption>
                </figure>
                {(!open_poll).then(|| view! {
                    <button class="kiosk-button kiosk-primary" type="button" data-testid="kiosk-vote-here"
                        on:click=move |_| kiosk.show(Screen::Keypad { ballot_id: id.clone() })>
                        {ktr(|k| k.vote_here)}
                    </button>
                })}
            </div>
        </article>
    }
}

#[component]
fn CircleCard(data: RwSignal<KioskData>) -> impl IntoView {
    let i18n = use_i18n();
    let place = move || {
        data.with(|d| {
            d.config
                .as_ref()
                .map(|c| c.place_label.clone())
                .unwrap_or_default()
        })
    };
    view! {
        <article class="kiosk-card" data-testid="kiosk-card" data-card="circle">
            <p class="kiosk-card-kind">{ktr(|k| k.circle_title)}</p>
            <h2>{move || fill(i18n.locale.get().kiosk_strings().circle_from, &[("place", &place())])}</h2>
            {move || {
                let lines = data.with(|d| d.circle.clone());
                if lines.is_empty() {
                    view! { <p>{ktr(|k| k.circle_none)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="kiosk-list">
                            {lines.into_iter().take(8).map(|line| {
                                let category = linli_core::service_category::category(&line.category_id);
                                let minutes = line.minutes.to_string();
                                view! {
                                    <li>
                                        <span class="kiosk-list-main">
                                            <strong>{move || category.map(|c| i18n.locale.get().pick(c.name_zh, c.name_en).to_owned()).unwrap_or_default()}</strong>
                                            " · " {line.name.clone()}
                                        </span>
                                        <span class="kiosk-minutes">{move || fill(i18n.locale.get().kiosk_strings().circle_minutes, &[("m", &minutes)])}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </article>
    }
}

#[component]
fn FixedCard(data: RwSignal<KioskData>) -> impl IntoView {
    view! {
        <article class="kiosk-card" data-testid="kiosk-card" data-card="fixed">
            <h2 class="kiosk-card-kind">{ktr(|k| k.fixed_title)}</h2>
            {move || {
                let fixed = data.with(|d| d.fixed.clone());
                if fixed.is_empty() {
                    view! { <p>{ktr(|k| k.fixed_none)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="kiosk-list">
                            {fixed.into_iter().map(|report| view! {
                                <li>
                                    <span class="kiosk-list-main">
                                        <strong>{report.service_name.clone()}</strong>
                                        " · " {report.address.clone()}
                                    </span>
                                    <span class="kiosk-minutes">{short_time(&report.updated_datetime)}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </article>
    }
}

#[component]
fn NoticeCard(data: RwSignal<KioskData>) -> impl IntoView {
    view! {
        <article class="kiosk-card" data-testid="kiosk-card" data-card="notice">
            <h2 class="kiosk-card-kind">{ktr(|k| k.notice_title)}</h2>
            <p class="kiosk-notice">{move || data.with(|d| d.config.as_ref().map(|c| c.notice.clone()).unwrap_or_default())}</p>
        </article>
    }
}
