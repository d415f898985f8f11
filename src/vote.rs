//! 微空间微更新 — micro-space renewal votes: the list of ballots, and each ballot's page, where a
//! household votes with its code, gets a receipt, and after close finds the results.
//!
//! The ballot page is a bundle of its own (`vote.html`, `src/bin/vote.rs`, served for
//! `/v/<ballot>`): households arrive there from the QR on their code sheet, and residents who
//! never vote do not download the vote form with every other page.

pub(crate) mod ballot_list;
pub(crate) mod ballot_page;
pub(crate) mod choices;
pub(crate) mod order;
pub(crate) mod project_card;
pub(crate) mod receipt;
pub(crate) mod results;
pub(crate) mod vote_form;

// What the kiosk's in-person voting shares with the vote page: the choices and the sentence for
// one that does not fit, the project cards, and the sentence for a mistyped code.
pub(crate) use choices::{BallotChoices, selection_text};
pub(crate) use project_card::ProjectCard;
pub(crate) use vote_form::code_error_text;

use leptos::prelude::*;

/// A page of the vote bundle, as its address names it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum VotePage {
    Ballots,
    /// `/v/<id>`: the id as the address has it.
    Ballot(String),
    NotFound,
}

/// Which page an address (`location.pathname`) shows; a trailing slash is ignored.
pub(crate) fn vote_page(path: &str) -> VotePage {
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
    use super::{VotePage, vote_page};

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
