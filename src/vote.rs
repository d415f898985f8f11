//! 微空间微更新 — micro-space renewal votes: a community's ballots, and each ballot's page, where a
//! household votes with its code, gets a receipt, and after close finds the results.
//!
//! The ballot page is a bundle of its own (`vote.html`, `src/bin/vote.rs`, served for
//! `/v/<ballot>`): households arrive there from the QR on their code sheet, and residents who
//! never vote do not download the vote form with every other page. The list of a community's
//! ballots (`ballot_list`, `/vote`) starts by choosing a community, as the 15-minute circle's
//! list does, and is served by that bundle (`circles.html`).

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
// The list of a community's ballots, which the community list bundle serves (`/vote`).
pub(crate) use ballot_list::BallotList;
pub(crate) use choices::{BallotChoices, selection_text};
pub(crate) use project_card::ProjectCard;
pub(crate) use vote_form::code_error_text;

use leptos::prelude::*;

/// A page of the vote bundle, as its address names it. The list of a community's ballots
/// (`/vote`) is the community list bundle's (`src/map/community_list.rs`).
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum VotePage {
    /// `/v/<id>`: the id as the address has it.
    Ballot(String),
    NotFound,
}

/// Which page an address (`location.pathname`) shows; a trailing slash is ignored.
pub(crate) fn vote_page(path: &str) -> VotePage {
    let path = crate::ui::address::without_trailing_slash(path);
    match crate::ui::address::segment_after(path, "/v/") {
        Some(id) => VotePage::Ballot(id.to_owned()),
        None => VotePage::NotFound,
    }
}

/// The vote bundle's root: the shared shell with a ballot's page. Like the residents' bundle it
/// has no router (see `app`), and the list of a community's ballots (`/vote`) is the community
/// list bundle's, a page load away: a household opening its code sheet's QR downloads neither.
#[component]
pub fn VoteApp() -> impl IntoView {
    crate::shell::provide_shell();
    let path = window().location().pathname().unwrap_or_default();
    let page = match vote_page(&path) {
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
        assert_eq!(vote_page("/v/3"), VotePage::Ballot("3".into()));
        assert_eq!(vote_page("/v/3/"), VotePage::Ballot("3".into()));
        for other in ["/v/", "/v", "/v/3/results", "/vote", "/votes", "/"] {
            assert_eq!(vote_page(other), VotePage::NotFound, "{other}");
        }
    }
}
