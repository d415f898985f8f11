//! 微空间微更新 — micro-space renewal votes: the list of ballots, and each ballot's page, where a
//! household votes with its code, gets a receipt, and after close finds the results.
//!
//! The ballot page is a bundle of its own (`vote.html`, `src/bin/vote.rs`, served for
//! `/v/<ballot>`): households arrive there from the QR on their code sheet, and residents who
//! never vote do not download the vote form with every other page.

pub mod ballot_list;
pub mod ballot_page;
pub mod choices;
pub mod order;
pub mod project_card;
pub mod receipt;
pub mod results;
pub mod vote_form;

use leptos::prelude::*;
use linli_api::{BallotStatus, Channel};
use linli_core::selection::{yuan_en, yuan_zh};

use crate::i18n::{Locale, Strings};

pub fn status_text(t: &Strings, status: BallotStatus) -> &'static str {
    match status {
        BallotStatus::Draft => t.ballot_draft,
        BallotStatus::Open => t.ballot_open,
        BallotStatus::Closed => t.ballot_closed,
    }
}

pub fn channel_text(t: &Strings, channel: Channel) -> &'static str {
    match channel {
        Channel::Phone => t.vote_channel_phone,
        Channel::Kiosk => t.vote_channel_kiosk,
        Channel::Paper => t.vote_channel_paper,
    }
}

/// Reactive text as one type: every label made this way shares one copy of Leptos' rendering
/// code, where each `move ||` closure would be a type, and a copy in the wasm, of its own.
pub fn text(make: impl Fn() -> String + Send + Sync + 'static) -> Signal<String> {
    Signal::derive(make)
}

/// Yuan as each language writes them, in integers only: `3.2万元`, `¥32,000`.
pub fn money(locale: Locale, yuan: u64) -> String {
    match locale {
        Locale::ZhCn => yuan_zh(yuan),
        Locale::En => yuan_en(yuan),
    }
}

/// A page of the vote bundle, as its address names it.
#[derive(Debug, PartialEq, Eq)]
pub enum VotePage {
    Ballots,
    /// `/v/<id>`: the id as the address has it.
    Ballot(String),
    NotFound,
}

/// Which page an address (`location.pathname`) shows; a trailing slash is ignored.
pub fn vote_page(path: &str) -> VotePage {
    let path = crate::ui::address::without_trailing_slash(path);
    if path == "/vote" {
        return VotePage::Ballots;
    }
    match crate::ui::address::segment_after(path, "/v/") {
        Some(id) => VotePage::Ballot(id.to_owned()),
        None => VotePage::NotFound,
    }
}

/// The vote bundle's root: the shared shell with the ballot list (`/vote`) or a ballot's page.
/// Like the residents' bundle it has no router (see `app`): the two pages are page loads of
/// their own, so a household opening its code sheet's QR does not download one.
#[component]
pub fn VoteApp() -> impl IntoView {
    crate::shell::provide_shell();
    let path = window().location().pathname().unwrap_or_default();
    let page = match vote_page(&path) {
        VotePage::Ballots => view! { <ballot_list::BallotList/> }.into_any(),
        VotePage::Ballot(id) => view! { <ballot_page::BallotPage id/> }.into_any(),
        VotePage::NotFound => view! { <crate::ui::not_found::NotFound/> }.into_any(),
    };
    view! {
        <crate::ui::nav::ShellHeader/>
        <main id="main" tabindex="-1">{page}</main>
        <crate::ui::nav::BottomNav path/>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_reads_naturally() {
        assert_eq!(money(Locale::En, 0), "¥0");
        assert_eq!(money(Locale::En, 120000), "¥120,000");
        assert_eq!(money(Locale::En, 1234567), "¥1,234,567");
        assert_eq!(money(Locale::ZhCn, 95_000), "9.5万元");
        assert_eq!(money(Locale::ZhCn, 800), "800元");
    }

    #[test]
    fn each_address_shows_its_page() {
        assert_eq!(vote_page("/vote"), VotePage::Ballots);
        assert_eq!(vote_page("/vote/"), VotePage::Ballots);
        assert_eq!(vote_page("/v/3"), VotePage::Ballot("3".into()));
        assert_eq!(vote_page("/v/3/"), VotePage::Ballot("3".into()));
        for other in ["/v/", "/v", "/v/3/results", "/votes", "/"] {
            assert_eq!(vote_page(other), VotePage::NotFound, "{other}");
        }
    }
}
