//! Votes on micro-renewal projects: the project library, committee ballot definitions, voting
//! codes, casting, paper ballots, turnout, results and the published anonymous ballots.

use serde::{Deserialize, Serialize};

use crate::BallotKind;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// The four themes of the district's project library.
pub const THEMES: [&str; 4] = ["邻里和谐", "文化创意", "运动健康", "绿色生态"];

/// A project in a community's library, reused across ballots.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LibraryProject {
    pub id: i64,
    pub community_id: String,
    #[serde(flatten)]
    pub fields: LibraryProjectFields,
}

/// What a committee writes when it adds or edits a library project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LibraryProjectFields {
    pub title: String,
    pub summary: String,
    /// One of [`THEMES`].
    pub theme: String,
    #[serde(default)]
    pub location: String,
    pub cost_yuan: u64,
    #[serde(default)]
    pub photo_url: Option<String>,
    #[serde(default)]
    pub description: String,
}

/// `POST /admin/library`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NewLibraryProject {
    pub community_id: String,
    #[serde(flatten)]
    pub fields: LibraryProjectFields,
}

/// A ballot as the committee defines it (create, or edit while it is a draft).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct BallotDefinition {
    /// A path-safe id (`2027-beiyuan-spring`); made up from the community when left out.
    #[serde(default)]
    pub id: Option<String>,
    pub community_id: String,
    pub title: String,
    pub explanation: String,
    pub kind: BallotKind,
    /// The money the winners share; the tally needs it for both kinds.
    pub budget_yuan: u64,
    pub min_choices: u32,
    pub max_choices: u32,
    /// Budget ballots: the least share (0–100) of the budget a selection must use.
    #[serde(default)]
    pub min_budget_share_percent: u32,
    /// `greedy`, `greedy-no-skip`, `greedy-threshold` or `equalshares/add1`.
    pub rule: String,
    /// `greedy-threshold`: the least number of votes a funded project needs.
    #[serde(default)]
    pub min_project_score: Option<u64>,
    /// RFC 3339.
    pub opens_at: String,
    pub closes_at: String,
    /// Library project ids, in the order the ballot shows them.
    pub library_projects: Vec<i64>,
    /// An open poll (非约束性意见征集): no voting codes, one vote per device, and every page and
    /// export says the outcome is non-binding. Fixed once the ballot is created.
    #[serde(default)]
    pub open_poll: bool,
    /// The households the ballot is for, and so the most voting codes it can have; left out, the
    /// households of the community's buildings. Fixed once the ballot is opened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub electorate: Option<u32>,
}

/// How a vote reached the ballot box.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Phone,
    Kiosk,
    Paper,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::Phone, Channel::Kiosk, Channel::Paper];

    pub fn name(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Kiosk => "kiosk",
            Channel::Paper => "paper",
        }
    }

    pub fn from_name(name: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// A count for each channel.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ByChannel {
    pub phone: u64,
    pub kiosk: u64,
    pub paper: u64,
}

impl ByChannel {
    pub fn add(&mut self, channel: Channel, count: u64) {
        match channel {
            Channel::Phone => self.phone += count,
            Channel::Kiosk => self.kiosk += count,
            Channel::Paper => self.paper += count,
        }
    }

    pub fn total(&self) -> u64 {
        self.phone + self.kiosk + self.paper
    }
}

/// `POST /ballots/{id}/votes`: one household's vote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CastVote {
    /// As printed or typed: any case, spaces and hyphens allowed. Left empty for an open poll.
    #[serde(default)]
    pub code: String,
    /// Project ids.
    pub selections: Vec<String>,
    /// `phone` or `kiosk`; paper ballots go through the committee.
    pub channel: Channel,
    /// Open polls only: this browser's random id (16–128 characters, kept in its local storage).
    /// The server keeps only a keyed hash of it, to count one vote per device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    /// A random key (16–128 characters) the client makes for this vote and keeps until it shows
    /// the receipt: sent again with the same selection, the vote is answered with the receipt it
    /// was counted under, so an answer lost on a weak network loses nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotency_key: Option<String>,
}

/// The answer to an accepted vote: the receipt to look up in the published list after close.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct VoteReceipt {
    pub ballot_id: String,
    pub receipt: String,
    pub channel: Channel,
    /// In the ballot's project order.
    pub selections: Vec<String>,
}

/// `POST /admin/ballots/{id}/codes`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct GenerateCodes {
    pub count: u32,
}

/// A request for codes for an open ballot, waiting for a second, named member to confirm it (the
/// codes are made then, and shown once to the member who confirms).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CodeRequest {
    pub id: i64,
    pub count: u32,
    pub requested_by: String,
    /// RFC 3339, Beijing time.
    pub requested_at: String,
    /// Whether the member reading this made the request (and so cannot confirm it).
    pub mine: bool,
}

/// Codes shown once, for printing; the server keeps only their keyed hashes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct GeneratedCodes {
    pub ballot_id: String,
    /// Grouped for print: `ABCD-EFGH-JKM7`. The QR carries `/v/{ballot}#{code}`.
    pub codes: Vec<String>,
    /// Codes issued for this ballot so far, these included.
    pub issued_total: u64,
}

/// `ballots/{id}/turnout.json`: live while the ballot is open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Turnout {
    pub ballot_id: String,
    /// Always 0 for an open poll, which has no codes.
    pub codes_issued: u64,
    /// For an open poll: the votes counted (one per device).
    pub codes_spent: u64,
    pub by_channel: ByChannel,
    /// Paper ballots keyed but not yet counted: awaiting a second keying, or disputed.
    pub paper_pending: u64,
}

/// One project's line in the results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ProjectResult {
    pub id: String,
    pub title: String,
    pub cost_yuan: u64,
    /// Votes for the project.
    pub score: u64,
    pub score_by_channel: ByChannel,
    /// 1 for the most votes; equal scores share a rank.
    pub rank: u32,
    pub selected: bool,
}

/// `ballots/{id}/results.json`: only after close.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct BallotResults {
    pub ballot_id: String,
    pub rule: String,
    pub closed_at: String,
    pub budget_yuan: u64,
    pub budget_used_yuan: u64,
    /// By rank, then ballot order.
    pub projects: Vec<ProjectResult>,
    /// Funded project ids in the order the rule chose them.
    pub winners: Vec<String>,
    pub turnout: Turnout,
    /// An open poll's results are advisory only (非约束性意见征集).
    #[serde(default)]
    pub open_poll: bool,
}

/// One anonymous ballot of the published list: what was chosen, and how it was cast. It carries
/// no receipt, so a receipt shown to somebody else proves nothing about the choice.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AnonymousBallot {
    pub channel: Channel,
    pub selections: Vec<String>,
}

/// `ballots/{id}/published.json`, after close: the receipts counted and the ballots counted, as
/// two lists, each in an order of its own (receipts alphabetically, ballots by channel and
/// choice), so that nothing links a receipt to a ballot. A voter checks that their receipt is
/// listed; anyone can recount the ballots.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PublishedBallots {
    pub ballot_id: String,
    pub receipts: Vec<String>,
    pub ballots: Vec<AnonymousBallot>,
}

/// `ballots/{id}/receipts/{receipt}.json`, after close: this receipt was counted. What it chose
/// is not said: only the voter's own device showed that, when the vote was cast.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CountedReceipt {
    pub ballot_id: String,
    pub receipt: String,
}

/// `POST /admin/ballots/{id}/paper`: a paper ballot as staff read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NewPaperBallot {
    pub code: String,
    pub selections: Vec<String>,
}

/// Where a paper ballot stands. Two named members key it independently; it counts when two
/// keyings agree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PaperStatus {
    /// Keyed once; waits for another member to key it from the paper.
    Awaiting,
    /// Keyed twice, differently: waits for a member who has not keyed it yet.
    Disputed,
    /// Two keyings agreed and the vote was counted.
    Counted,
    /// A member rejected it, with a reason; the code stays unused.
    Rejected,
    /// The household's code was counted first on a phone or kiosk, so this one does not count.
    Superseded,
}

impl PaperStatus {
    pub const ALL: [PaperStatus; 5] = [
        PaperStatus::Awaiting,
        PaperStatus::Disputed,
        PaperStatus::Counted,
        PaperStatus::Rejected,
        PaperStatus::Superseded,
    ];

    /// The name stored and sent.
    pub fn name(self) -> &'static str {
        match self {
            PaperStatus::Awaiting => "awaiting",
            PaperStatus::Disputed => "disputed",
            PaperStatus::Counted => "counted",
            PaperStatus::Rejected => "rejected",
            PaperStatus::Superseded => "superseded",
        }
    }

    pub fn from_name(name: &str) -> Option<PaperStatus> {
        Self::ALL.into_iter().find(|status| status.name() == name)
    }

    /// Still waiting for a member: awaiting or disputed.
    pub fn waits(self) -> bool {
        matches!(self, PaperStatus::Awaiting | PaperStatus::Disputed)
    }
}

/// One member's reading of a paper ballot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PaperKeying {
    pub keyed_by: String,
    pub keyed_at: String,
    /// Shown only while the paper ballot is disputed, so the next member can find it in the pile;
    /// a second keying is made from the paper, not from the first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selections: Option<Vec<String>>,
}

/// A paper ballot at the committee's desk: its keyings, and who decided it and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PaperBallot {
    pub id: i64,
    pub ballot_id: String,
    pub status: PaperStatus,
    pub keyings: Vec<PaperKeying>,
    /// Whose keying made it count, or who rejected it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<String>,
    /// Why it was rejected, or why it was superseded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `POST /admin/ballots/{id}/paper/{paper}/reject`: why this paper ballot does not count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RejectPaper {
    pub reason: String,
}

/// One CSV row the import could not take, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ImportRowError {
    /// The line in the file, counting the header as 1.
    pub line: usize,
    pub code: String,
    pub message: String,
}

/// A CSV row the import took after setting something right, and what: a project written twice on
/// one paper ballot is counted once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ImportRowWarning {
    /// The line in the file, counting the header as 1.
    pub line: usize,
    pub message: String,
}

/// The answer to a CSV import: a preview (`dry_run`) or the keyings made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ImportReport {
    pub dry_run: bool,
    pub rows: usize,
    /// Rows that would be (or were) entered.
    pub valid_rows: usize,
    pub errors: Vec<ImportRowError>,
    /// Rows taken as the paper meant them, with what was set right.
    #[serde(default)]
    pub warnings: Vec<ImportRowWarning>,
    /// The paper ballots the rows keyed, as they stand after it; empty on a dry run or when any
    /// row is wrong.
    pub entries: Vec<PaperBallot>,
}

/// `POST /admin/qr`: texts to draw as QR codes, e.g. the voting-code URLs of a print sheet. The
/// committee page builds the URLs (it knows the address residents use) and prints the answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct QrRequest {
    pub texts: Vec<String>,
    /// A CSS length for the printed width and height, e.g. `40mm`.
    pub size: String,
}

/// One `<svg>` element per text, in the same order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct QrSvgs {
    pub svgs: Vec<String>,
}

/// What happened to a ballot, as its results page shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BallotEventKind {
    /// Published: residents see it and may vote from its opening time.
    Opened,
    /// A batch of voting codes was made (`count` of them).
    CodesIssued,
    /// Closed by a committee member before the announced time.
    ClosedEarly,
    /// Closed at the announced time, by the clock.
    Closed,
    /// Paper ballots were counted, their two keyings agreeing (`count` of them).
    PaperConfirmed,
    /// A paper ballot was rejected by a member, with a reason.
    PaperRejected,
}

/// One step of a ballot's history: when, what, and how many where that applies. Who did it is
/// kept for the committee and the audit trail, not published.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct BallotEvent {
    /// RFC 3339, Beijing time.
    pub at: String,
    pub kind: BallotEventKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
}

/// `ballots/{id}/events.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct BallotEvents {
    pub ballot_id: String,
    pub events: Vec<BallotEvent>,
}

/// A committee member's request to close a ballot before its announced time, which waits for a
/// second, named member to confirm it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CloseRequest {
    pub requested_by: String,
    /// RFC 3339, Beijing time.
    pub requested_at: String,
    /// Whether the member reading this made the request (and so cannot confirm it).
    pub mine: bool,
}

/// `admin/ballots/{id}.json`: the ballot as the committee's desk shows it, with what waits for a
/// second member.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CommitteeBallot {
    #[serde(flatten)]
    pub ballot: crate::Ballot,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub close_request: Option<CloseRequest>,
}
