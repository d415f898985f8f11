//! Votes on micro-space renewal projects (微空间微更新): residents' documents and casting, the
//! committee's project library, ballots, codes and paper ballots, and what is published after
//! close.
//!
//! Invariants: a voting code is stored only as a keyed hash and spent by one conditional UPDATE
//! inside an IMMEDIATE transaction that also inserts the vote, so a code counts once whatever the
//! concurrency; a vote row keeps no link to its code; every refusal rolls back, storing nothing;
//! results and ballots are published only after close.

pub mod attempts;
mod ballot;
pub(crate) mod cast;
pub(crate) mod code_requests;
pub(crate) mod committee;
pub(crate) mod documents;
pub(crate) mod events;
pub(crate) mod library;
pub(crate) mod paper;
pub(crate) mod results;
pub(crate) mod sheet;

pub(crate) use cast::vote_post;
pub(crate) use code_requests::{code_request_confirm_post, code_requests_get, code_requests_post};
pub(crate) use committee::{
    admin_ballot_definition_get, admin_ballot_get, admin_ballot_put, admin_ballots_get,
    admin_ballots_post, ballot_close_post, ballot_open_post, codes_post,
};
pub(crate) use documents::{ballot_get, ballots_get, community_ballots_get};
pub(crate) use events::events_get;
pub(crate) use library::{library_get, library_post, library_put};
pub(crate) use paper::{paper_get, paper_import_post, paper_post, paper_reject_post};
pub(crate) use results::{
    export_csv_get, export_pb_get, published_get, receipt_get, receipt_qr_get, results_get,
    turnout_get,
};
pub(crate) use sheet::qr_post;
