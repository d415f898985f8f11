//! The only module that talks HTTP. Every call returns a typed [`ClientError`], never `None`, so
//! a page can tell "you are offline" from "no such code" from "the server broke".

use std::fmt;

use gloo_net::http::{Request, Response};
use linli_api::{
    ApiError, AuditPage, Ballot, BallotDefinition, BallotEvents, BallotResults, BallotSummary,
    Buildings, CastVote, CodeRequest, CommitteeBallot, CommitteeRequest, Communities,
    CommunityBallots, CommunityRecord, Component, ComponentEdit, ComponentIndex, ComponentRecord,
    CountedReceipt, CreatedRequest, Dashboard, GapRow, GenerateCodes, GeneratedCodes, ImportKind,
    ImportReport, ImportSummary, LibraryProject, LoginRequest, Meta, MonthlyRates,
    NearbyCommunities, NearbyCommunity, NewLibraryProject, NewPaperBallot, Open311Error,
    PaperBallot, Places, PublicRequest, QrRequest, QrSvgs, QueueEntry, RatingRequest, RejectPaper,
    ReopenRequest, Services, SessionInfo, StatusChange, StreetRecord, Streets, SupportRequest,
    TrackedRequest, Turnout, Unit, UnitRecord, VoteReceipt, WalkingGraph, WalkingNetworkSummary,
    paths,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ClientError {
    /// The request never got an answer: offline, DNS, connection reset.
    Network(String),
    /// The server answered with an error; `code` is the API's machine-readable code.
    Api {
        status: u16,
        code: String,
        message: String,
    },
    /// The answer was not the document we expected.
    Decode(String),
}

impl ClientError {
    pub(crate) fn is_not_found(&self) -> bool {
        matches!(self, ClientError::Api { status: 404, .. })
    }

    pub(crate) fn api_code(&self) -> Option<&str> {
        match self {
            ClientError::Api { code, .. } => Some(code),
            _ => None,
        }
    }
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::Network(detail) => write!(f, "network error: {detail}"),
            ClientError::Api {
                status, message, ..
            } => write!(f, "{status}: {message}"),
            ClientError::Decode(detail) => write!(f, "unexpected answer: {detail}"),
        }
    }
}

impl std::error::Error for ClientError {}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ClientError> {
    let body = read_body(response).await?;
    serde_json::from_str(&body).map_err(|e| ClientError::Decode(e.to_string()))
}

/// The body of a successful answer, or the answer's error as a [`ClientError`]. Kept apart from
/// the generic [`read`] so that its code is in the bundle once rather than once per document type.
async fn read_body(response: Response) -> Result<String, ClientError> {
    if response.ok() {
        return response
            .text()
            .await
            .map_err(|e| ClientError::Decode(e.to_string()));
    }
    let status = response.status();
    let status_text = response.status_text();
    let body = response.text().await.unwrap_or_default();
    let error = if let Ok(error) = serde_json::from_str::<ApiError>(&body) {
        error
    } else if let Ok(errors) = serde_json::from_str::<Vec<Open311Error>>(&body) {
        // Open311 paths answer an array; every description is meant for people.
        ApiError {
            code: "open311".to_owned(),
            message: errors
                .into_iter()
                .map(|e| e.description)
                .collect::<Vec<_>>()
                .join("\n"),
        }
    } else {
        // A static host answers a missing document with its own HTML page, not our JSON error.
        ApiError {
            code: if status == 404 {
                "not_found"
            } else {
                "http_error"
            }
            .to_owned(),
            message: status_text,
        }
    };
    Err(ClientError::Api {
        status,
        code: error.code,
        message: error.message,
    })
}

/// Sends a built request; not generic, for the same reason as [`read_body`].
async fn send(request: Request) -> Result<Response, ClientError> {
    request
        .send()
        .await
        .map_err(|e| ClientError::Network(e.to_string()))
}

/// A GET of `path`; not generic, for the same reason as [`read_body`].
async fn send_get(path: &str) -> Result<Response, ClientError> {
    Request::get(path)
        .send()
        .await
        .map_err(|e| ClientError::Network(e.to_string()))
}

pub(crate) async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ClientError> {
    read(send_get(path).await?).await
}

pub(crate) async fn post<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
) -> Result<T, ClientError> {
    let request = Request::post(path)
        .json(body)
        .map_err(|e| ClientError::Decode(e.to_string()))?;
    read(send(request).await?).await
}

pub(crate) async fn meta() -> Result<Meta, ClientError> {
    get(paths::META).await
}

/// The district's whole list, for the committee pages; residents choose a street first.
pub(crate) async fn communities() -> Result<Communities, ClientError> {
    get(paths::COMMUNITIES).await
}

pub(crate) async fn streets() -> Result<Streets, ClientError> {
    get(paths::STREETS).await
}

pub(crate) async fn street_communities(street: &str) -> Result<Communities, ClientError> {
    get(&paths::street_communities(street)).await
}

/// The communities near the square `point` stands in; none when the square has no document (a
/// static host keeps files only for squares with a community near).
pub(crate) async fn communities_near(
    point: linli_core::reach::GeoPoint,
) -> Result<Vec<NearbyCommunity>, ClientError> {
    let square = linli_core::reach::NearTile::of(point).name();
    match get::<NearbyCommunities>(&paths::nearby_communities(&square)).await {
        Ok(near) => Ok(near.communities),
        Err(error) if error.is_not_found() => Ok(Vec::new()),
        Err(error) => Err(error),
    }
}

/// One page of `components.json`: in code order, within `community` when one is given, and
/// matching `search` (a code's first digits, or a name or address) when it is not empty.
pub(crate) async fn component_page(
    community: &str,
    search: &str,
    page: u32,
) -> Result<ComponentIndex, ClientError> {
    let mut path = format!("{}?page={page}", paths::COMPONENTS);
    if !community.is_empty() {
        path.push_str(&format!("&community={}", uri_part(community)));
    }
    if !search.trim().is_empty() {
        path.push_str(&format!("&q={}", uri_part(search.trim())));
    }
    get(&path).await
}

pub(crate) async fn component(code: &str) -> Result<Component, ClientError> {
    get(&paths::component(code)).await
}

/// What the map needs of a scanned plate's component (`/map/<community>?c=<code>`): its name,
/// where it is and its community. The rest of [`Component`] is not decoded there, so the map
/// bundle carries no decoder for component codes, classes, maintainers or states.
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
pub(crate) struct PlacedComponent {
    pub code: String,
    pub name: String,
    pub location: linli_api::LatLon,
    pub community_id: String,
}

pub(crate) async fn placed_component(code: &str) -> Result<PlacedComponent, ClientError> {
    get(&paths::component(code)).await
}

/// A community's public figures of the last twelve months.
pub(crate) async fn community_performance(
    community: &str,
) -> Result<linli_api::Performance, ClientError> {
    get(&paths::community_performance(community)).await
}

pub(crate) async fn street_performance(
    street: String,
) -> Result<linli_api::Performance, ClientError> {
    get(&paths::street_performance(&street)).await
}

pub(crate) async fn community_ballots(community: &str) -> Result<CommunityBallots, ClientError> {
    get(&paths::community_ballots(community)).await
}

pub(crate) async fn ballot(id: &str) -> Result<Ballot, ClientError> {
    get(&paths::ballot(id)).await
}

pub(crate) async fn services(community: &str) -> Result<Services, ClientError> {
    get(&paths::services(community)).await
}

pub(crate) async fn buildings(community: &str) -> Result<Buildings, ClientError> {
    get(&paths::buildings(community)).await
}

pub(crate) async fn walking_graph(community: &str) -> Result<WalkingGraph, ClientError> {
    get(&paths::walking_graph(community)).await
}

/// The map page's licensed tiles as the operator configured them (usually off), as the server
/// wrote them: the page reads two notices from it and hands the rest to the tile worker, so the
/// map bundle carries no decoder for it.
pub(crate) async fn map_tiles_text() -> Result<String, ClientError> {
    read_body(send_get(paths::MAP_TILES).await?).await
}

pub(crate) async fn session() -> Result<SessionInfo, ClientError> {
    get(paths::SESSION).await
}

pub(crate) async fn login(request: &LoginRequest) -> Result<SessionInfo, ClientError> {
    post(paths::LOGIN, request).await
}

pub(crate) async fn logout() -> Result<(), ClientError> {
    let response = Request::post(paths::LOGOUT)
        .send()
        .await
        .map_err(|e| ClientError::Network(e.to_string()))?;
    if response.ok() {
        Ok(())
    } else {
        read::<()>(response).await
    }
}

pub(crate) async fn dashboard() -> Result<Dashboard, ClientError> {
    get(paths::DASHBOARD).await
}

/// Files a report as multipart form data (its photos are `media` parts). Its key goes out as the
/// Idempotency-Key, so a resend (after a dropped connection, or from the outbox) answers the same
/// request instead of creating a second one.
pub(crate) async fn submit_report(
    idempotency_key: &str,
    form: web_sys::FormData,
) -> Result<CreatedRequest, ClientError> {
    let response = Request::post(paths::OPEN311_REQUESTS)
        .header("Idempotency-Key", idempotency_key)
        .body(form)
        .map_err(|e| ClientError::Decode(e.to_string()))?
        .send()
        .await
        .map_err(|e| ClientError::Network(e.to_string()))?;
    let mut created: Vec<CreatedRequest> = read(response).await?;
    created
        .pop()
        .ok_or_else(|| ClientError::Decode("empty Open311 answer".into()))
}

/// "Me too" on an open report; `device` is this browser's random id.
pub(crate) async fn support(id: &str, device: &str) -> Result<PublicRequest, ClientError> {
    post(
        &paths::support(id),
        &SupportRequest {
            device: device.to_owned(),
        },
    )
    .await
}

/// A report as everyone may see it (Open311 `requests/{id}.json`).
pub(crate) async fn public_request(id: &str) -> Result<PublicRequest, ClientError> {
    let mut found: Vec<PublicRequest> =
        get(&format!("{}/requests/{id}.json", paths::OPEN311_ROOT)).await?;
    found
        .pop()
        .ok_or_else(|| ClientError::Decode("empty Open311 answer".into()))
}

pub(crate) async fn tracked(id: &str, secret: &str) -> Result<TrackedRequest, ClientError> {
    let response = Request::get(&paths::tracked_request(id))
        .header(linli_api::TRACKING_SECRET_HEADER, secret)
        .send()
        .await
        .map_err(|e| ClientError::Network(e.to_string()))?;
    read(response).await
}

async fn post_tracked<B: Serialize>(
    path: &str,
    secret: &str,
    body: &B,
) -> Result<TrackedRequest, ClientError> {
    let response = Request::post(path)
        .header(linli_api::TRACKING_SECRET_HEADER, secret)
        .json(body)
        .map_err(|e| ClientError::Decode(e.to_string()))?
        .send()
        .await
        .map_err(|e| ClientError::Network(e.to_string()))?;
    read(response).await
}

pub(crate) async fn rate(
    id: &str,
    secret: &str,
    rating: &RatingRequest,
) -> Result<TrackedRequest, ClientError> {
    post_tracked(&paths::rating(id), secret, rating).await
}

pub(crate) async fn reopen(
    id: &str,
    secret: &str,
    reopen: &ReopenRequest,
) -> Result<TrackedRequest, ClientError> {
    post_tracked(&paths::reopen(id), secret, reopen).await
}

/// Erases the reporter's phone number from the report (idempotent).
pub(crate) async fn erase_phone(id: &str, secret: &str) -> Result<TrackedRequest, ClientError> {
    post_tracked(&paths::phone_erase(id), secret, &()).await
}

/// Stops the text messages the district's gateway sends the reporter about this report.
pub(crate) async fn stop_messages(id: &str, secret: &str) -> Result<TrackedRequest, ClientError> {
    post_tracked(&paths::stop_messages(id), secret, &()).await
}

/// The committee's queue, filtered by status and community (empty = all), and to overdue ones.
pub(crate) async fn queue(
    status: &str,
    community: &str,
    overdue: bool,
) -> Result<Vec<QueueEntry>, ClientError> {
    let query = web_sys::UrlSearchParams::new().map_err(|_| ClientError::Decode("query".into()))?;
    for (name, value) in [("status", status), ("community", community)] {
        if !value.is_empty() {
            query.append(name, value);
        }
    }
    if overdue {
        query.append("overdue", "true");
    }
    let query: String = query.to_string().into();
    get(&format!("{}?{query}", paths::ADMIN_REQUESTS)).await
}

pub(crate) async fn committee_request(id: &str) -> Result<CommitteeRequest, ClientError> {
    get(&paths::committee_request(id)).await
}

pub(crate) async fn change_status(
    id: &str,
    change: &StatusChange,
) -> Result<CommitteeRequest, ClientError> {
    post(&paths::status_change(id), change).await
}

/// Hides or restores a part of a report, with the reason the reporter will read.
pub(crate) async fn moderate(
    id: &str,
    change: &linli_api::Moderation,
) -> Result<CommitteeRequest, ClientError> {
    post(&paths::report_moderation(id), change).await
}

/// Blurs a region of a report's photo (position from 1); the original is not kept.
pub(crate) async fn blur_photo(
    id: &str,
    position: u32,
    region: &linli_api::BlurRegion,
) -> Result<CommitteeRequest, ClientError> {
    post(&paths::photo_blur(id, position), region).await
}

/// What the component page shows of a report that still needs work: the rest of
/// [`PublicRequest`] is not decoded there, so its decoder stays out of the residents' first load.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
pub(crate) struct OpenReport {
    pub service_code: String,
    pub status: String,
}

/// Reports on one component that still need work (Open311 list with Linli's extension), as
/// [`PublicRequest`]s or [`OpenReport`]s.
pub(crate) async fn open_reports_on<T: DeserializeOwned>(
    component_code: &str,
) -> Result<Vec<T>, ClientError> {
    get(&format!(
        "{}?component_code={component_code}&status=open,action_scheduled,in_progress",
        paths::OPEN311_REQUESTS
    ))
    .await
}

/// The committee's gap matrix of one community.
pub(crate) async fn gaps(community: &str) -> Result<Vec<GapRow>, ClientError> {
    get(&format!("/api/v1/admin/gaps/{community}.json")).await
}

/// This month's 接诉即办 rates for the session's communities.
pub(crate) async fn rates() -> Result<MonthlyRates, ClientError> {
    get(paths::ADMIN_RATES).await
}

/// The committee's figures of reports; `query` is `from=…&to=…&period=…`, or empty.
pub(crate) async fn figures(query: &str) -> Result<linli_api::CommitteeFigures, ClientError> {
    get(&format!("{}?{query}", paths::ADMIN_FIGURES)).await
}

/// Casts a household's vote; the code travels only in this body, never in a URL.
pub(crate) async fn cast_vote(ballot: &str, vote: &CastVote) -> Result<VoteReceipt, ClientError> {
    post(&paths::cast_vote(ballot), vote).await
}

pub(crate) async fn turnout(ballot: &str) -> Result<Turnout, ClientError> {
    get(&paths::turnout(ballot)).await
}

pub(crate) async fn results(ballot: &str) -> Result<BallotResults, ClientError> {
    get(&paths::results(ballot)).await
}

/// What happened to a ballot: opened, codes issued, closed, paper ballots confirmed.
pub(crate) async fn ballot_events(ballot: &str) -> Result<BallotEvents, ClientError> {
    get(&paths::ballot_events(ballot)).await
}

/// Whether a receipt was counted (after close).
pub(crate) async fn receipt(ballot: &str, receipt: &str) -> Result<CountedReceipt, ClientError> {
    get(&paths::receipt(ballot, receipt)).await
}

/// A committee action without a body (open, close).
async fn post_empty<T: DeserializeOwned>(path: &str) -> Result<T, ClientError> {
    let response = Request::post(path)
        .send()
        .await
        .map_err(|e| ClientError::Network(e.to_string()))?;
    read(response).await
}

pub(crate) async fn admin_ballots() -> Result<Vec<BallotSummary>, ClientError> {
    get(paths::ADMIN_BALLOTS).await
}

pub(crate) async fn admin_ballot(id: &str) -> Result<CommitteeBallot, ClientError> {
    get(&format!("{}.json", paths::admin_ballot(id))).await
}

pub(crate) async fn library(community: &str) -> Result<Vec<LibraryProject>, ClientError> {
    get(&format!("{}?community={community}", paths::ADMIN_LIBRARY)).await
}

pub(crate) async fn update_library_project(
    id: i64,
    fields: &linli_api::LibraryProjectFields,
) -> Result<LibraryProject, ClientError> {
    put(&format!("{}/{id}", paths::ADMIN_LIBRARY_NEW), fields).await
}

pub(crate) async fn add_library_project(
    project: &NewLibraryProject,
) -> Result<LibraryProject, ClientError> {
    post(paths::ADMIN_LIBRARY_NEW, project).await
}

pub(crate) async fn create_ballot(definition: &BallotDefinition) -> Result<Ballot, ClientError> {
    post(paths::ADMIN_BALLOTS_NEW, definition).await
}

pub(crate) async fn ballot_definition(id: &str) -> Result<BallotDefinition, ClientError> {
    get(&paths::admin_ballot_definition(id)).await
}

/// Replaces a draft's definition (refused once the ballot is open).
pub(crate) async fn update_ballot(
    id: &str,
    definition: &BallotDefinition,
) -> Result<Ballot, ClientError> {
    put(&paths::admin_ballot(id), definition).await
}

pub(crate) async fn open_ballot(id: &str) -> Result<Ballot, ClientError> {
    post_empty(&paths::open_ballot(id)).await
}

/// Closes early: the first member's call asks, a second member's call closes.
pub(crate) async fn close_ballot(id: &str) -> Result<CommitteeBallot, ClientError> {
    post_empty(&paths::close_ballot(id)).await
}

pub(crate) async fn generate_codes(id: &str, count: u32) -> Result<GeneratedCodes, ClientError> {
    post(&paths::generate_codes(id), &GenerateCodes { count }).await
}

/// Asks for codes for an open ballot; a second member confirms.
pub(crate) async fn request_codes(id: &str, count: u32) -> Result<CodeRequest, ClientError> {
    post(&paths::code_requests(id), &GenerateCodes { count }).await
}

pub(crate) async fn code_requests(id: &str) -> Result<Vec<CodeRequest>, ClientError> {
    get(&format!("{}.json", paths::code_requests(id))).await
}

/// Confirms another member's request; the codes come back once, to this member.
pub(crate) async fn confirm_code_request(
    id: &str,
    request: i64,
) -> Result<GeneratedCodes, ClientError> {
    post_empty(&paths::confirm_code_request(id, request)).await
}

/// QR codes drawn by the server as SVG, so no encoder ships in any bundle.
pub(crate) async fn qr_svgs(request: &QrRequest) -> Result<QrSvgs, ClientError> {
    post(paths::ADMIN_QR, request).await
}

/// The ballot's paper ballots, waiting and decided.
pub(crate) async fn paper_ballots(id: &str) -> Result<Vec<PaperBallot>, ClientError> {
    get(&format!("{}.json", paths::paper_ballots(id))).await
}

/// This member's keying of a paper ballot; the answer says whether it now counts.
pub(crate) async fn key_paper(
    id: &str,
    paper: &NewPaperBallot,
) -> Result<PaperBallot, ClientError> {
    post(&paths::paper_ballots(id), paper).await
}

pub(crate) async fn reject_paper(
    id: &str,
    paper: i64,
    reject: &RejectPaper,
) -> Result<PaperBallot, ClientError> {
    post(&paths::reject_paper(id, paper), reject).await
}

/// Sends a CSV of paper ballots; a file with wrong rows answers 422 with the same report (and
/// stores nothing), which is returned as `Ok` so the page can list the rows to fix.
pub(crate) async fn import_paper(
    id: &str,
    csv: &str,
    dry_run: bool,
) -> Result<ImportReport, ClientError> {
    let response = Request::post(&format!("{}?dry_run={dry_run}", paths::import_paper(id)))
        .header("Content-Type", "text/csv; charset=utf-8")
        .body(csv.to_owned())
        .map_err(|e| ClientError::Decode(e.to_string()))?
        .send()
        .await
        .map_err(|e| ClientError::Network(e.to_string()))?;
    if response.status() == 422 {
        let body = response.text().await.unwrap_or_default();
        if let Ok(report) = serde_json::from_str::<ImportReport>(&body) {
            return Ok(report);
        }
        let error: ApiError =
            serde_json::from_str(&body).map_err(|e| ClientError::Decode(e.to_string()))?;
        return Err(ClientError::Api {
            status: 422,
            code: error.code,
            message: error.message,
        });
    }
    read(response).await
}

// Kiosks. The committee's list and pairing (admin bundle), and the screen's own calls (kiosk
// bundle), which carry the device token in a header.

pub(crate) async fn put<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
) -> Result<T, ClientError> {
    let request = Request::put(path)
        .json(body)
        .map_err(|e| ClientError::Decode(e.to_string()))?;
    read(send(request).await?).await
}

pub(crate) async fn admin_kiosks() -> Result<Vec<linli_api::KioskInfo>, ClientError> {
    get(paths::ADMIN_KIOSKS).await
}

pub(crate) async fn pair_kiosk(
    request: &linli_api::KioskPairRequest,
) -> Result<linli_api::KioskInfo, ClientError> {
    post(paths::ADMIN_KIOSKS_PAIR, request).await
}

pub(crate) async fn kiosk_settings(
    id: i64,
    settings: &linli_api::KioskSettings,
) -> Result<linli_api::KioskInfo, ClientError> {
    put(&paths::admin_kiosk(id), settings).await
}

pub(crate) async fn revoke_kiosk(id: i64) -> Result<linli_api::KioskInfo, ClientError> {
    post_empty(&paths::admin_kiosk_revoke(id)).await
}

/// A GET with the kiosk's device token.
pub(crate) async fn kiosk_get<T: DeserializeOwned>(
    path: &str,
    token: &str,
) -> Result<T, ClientError> {
    let request = Request::get(path)
        .header(linli_api::KIOSK_TOKEN_HEADER, token)
        .build()
        .map_err(|e| ClientError::Decode(e.to_string()))?;
    read(send(request).await?).await
}

/// A POST with the kiosk's device token (when there is one).
pub(crate) async fn kiosk_post<B: Serialize, T: DeserializeOwned>(
    path: &str,
    token: Option<&str>,
    body: &B,
) -> Result<T, ClientError> {
    let mut builder = Request::post(path);
    if let Some(token) = token {
        builder = builder.header(linli_api::KIOSK_TOKEN_HEADER, token);
    }
    let request = builder
        .json(body)
        .map_err(|e| ClientError::Decode(e.to_string()))?;
    read(send(request).await?).await
}

// The district's own data (issue #20): its places, maintainer units and components' records, for
// the district administrator's pages, and its inventory files and OSM extracts, uploaded with
// their progress.

/// `text` as one component of a URL.
fn uri_part(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}

pub(crate) async fn places() -> Result<Places, ClientError> {
    get("/api/v1/admin/places.json").await
}

/// Creates a street or town; the answer is every place, the new one among them.
pub(crate) async fn create_street(record: &StreetRecord) -> Result<Places, ClientError> {
    post("/api/v1/admin/streets", record).await
}

/// Renames, re-draws, archives or unarchives the street `record.id`.
pub(crate) async fn update_street(record: &StreetRecord) -> Result<Places, ClientError> {
    put(
        &format!("/api/v1/admin/streets/{}", uri_part(&record.id)),
        record,
    )
    .await
}

pub(crate) async fn create_community(record: &CommunityRecord) -> Result<Places, ClientError> {
    post("/api/v1/admin/communities", record).await
}

pub(crate) async fn update_community(record: &CommunityRecord) -> Result<Places, ClientError> {
    put(
        &format!("/api/v1/admin/communities/{}", uri_part(&record.id)),
        record,
    )
    .await
}

/// One page of the audit trail, newest first: the first page, or the one before `before`.
pub(crate) async fn audit(before: Option<i64>) -> Result<AuditPage, ClientError> {
    match before {
        Some(before) => get(&format!("/api/v1/admin/audit.json?before={before}")).await,
        None => get("/api/v1/admin/audit.json").await,
    }
}

pub(crate) async fn units() -> Result<Vec<Unit>, ClientError> {
    get("/api/v1/admin/units.json").await
}

/// Creates a maintainer unit; the answer is every unit.
pub(crate) async fn create_unit(record: &UnitRecord) -> Result<Vec<Unit>, ClientError> {
    post("/api/v1/admin/units", record).await
}

pub(crate) async fn update_unit(record: &UnitRecord) -> Result<Vec<Unit>, ClientError> {
    put(
        &format!("/api/v1/admin/units/{}", uri_part(&record.id)),
        record,
    )
    .await
}

pub(crate) async fn component_record(code: &str) -> Result<ComponentRecord, ClientError> {
    get(&format!("/api/v1/admin/components/{}.json", uri_part(code))).await
}

pub(crate) async fn edit_component(
    code: &str,
    edit: &ComponentEdit,
) -> Result<ComponentRecord, ClientError> {
    put(
        &format!("/api/v1/admin/components/{}", uri_part(code)),
        edit,
    )
    .await
}

/// Retires a component whose plate was removed: its page then says so, its reports stay.
pub(crate) async fn retire_component(code: &str) -> Result<ComponentRecord, ClientError> {
    post_empty(&format!(
        "/api/v1/admin/components/{}/retire",
        uri_part(code)
    ))
    .await
}

/// How far an upload has come.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum UploadProgress {
    /// Bytes of the file sent so far, of all of them.
    Sending { sent: f64, total: f64 },
    /// Every byte is sent: the server is reading and checking the file.
    Checking,
}

/// POSTs a file as the body, with XMLHttpRequest rather than fetch: only its `upload` object
/// reports how many bytes have gone (fetch, and so gloo-net, cannot), which `on_progress` hears.
/// Answers the status and the body's text, whatever the status.
async fn upload(
    path: &str,
    file: &web_sys::Blob,
    on_progress: impl Fn(UploadProgress) + 'static,
) -> Result<(u16, String), ClientError> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    let failed = |error: wasm_bindgen::JsValue| ClientError::Network(format!("{error:?}"));
    let request = web_sys::XmlHttpRequest::new().map_err(failed)?;
    request
        .open_with_async("POST", path, true)
        .map_err(failed)?;
    request
        .set_request_header("Content-Type", "application/octet-stream")
        .map_err(failed)?;
    let on_progress = std::rc::Rc::new(on_progress);
    let size = file.size();
    let sending = {
        let on_progress = on_progress.clone();
        Closure::<dyn Fn(web_sys::ProgressEvent)>::new(move |event: web_sys::ProgressEvent| {
            let total = if event.length_computable() {
                event.total()
            } else {
                size
            };
            on_progress(UploadProgress::Sending {
                sent: event.loaded(),
                total,
            });
        })
    };
    let sent = Closure::<dyn Fn()>::new(move || on_progress(UploadProgress::Checking));
    let events = request.upload().map_err(failed)?;
    events.set_onprogress(Some(sending.as_ref().unchecked_ref()));
    events.set_onload(Some(sent.as_ref().unchecked_ref()));
    // Settles when the answer has come (whatever its status) or the request failed.
    let answered = js_sys::Promise::new(&mut |resolve, reject| {
        request.set_onload(Some(&resolve));
        request.set_onerror(Some(&reject));
        request.set_onabort(Some(&reject));
    });
    request.send_with_opt_blob(Some(file)).map_err(failed)?;
    let outcome = wasm_bindgen_futures::JsFuture::from(answered).await;
    // The listeners go before their closures are dropped, so no event can call a freed one.
    events.set_onprogress(None);
    events.set_onload(None);
    drop((sending, sent));
    outcome.map_err(|_| ClientError::Network("the upload did not reach the server".into()))?;
    let status = request.status().map_err(failed)?;
    let body = request.response_text().map_err(failed)?.unwrap_or_default();
    Ok((status, body))
}

/// An upload's answer as `T`, or its API error.
fn uploaded<T: DeserializeOwned>(status: u16, body: &str) -> Result<T, ClientError> {
    if (200..300).contains(&status) {
        return serde_json::from_str(body).map_err(|e| ClientError::Decode(e.to_string()));
    }
    let error = serde_json::from_str::<ApiError>(body).unwrap_or_else(|_| ApiError {
        code: "http_error".to_owned(),
        message: String::new(),
    });
    Err(ClientError::Api {
        status,
        code: error.code,
        message: error.message,
    })
}

/// What the clerk chose for an inventory file: the query of `POST admin/imports/{kind}`.
pub(crate) struct ImportChoice<'a> {
    pub kind: ImportKind,
    /// The file's name, whose extension tells the server its format.
    pub file_name: &'a str,
    /// `auto`, `utf-8` or `gbk`.
    pub encoding: &'a str,
    /// `wgs84`, `gcj02` or `bd09`.
    pub datum: &'a str,
    pub apply: bool,
    pub retire_missing: bool,
}

/// Sends an inventory file for a dry run or (`apply`) an import. A file with refused rows answers
/// 422 with the same summary (and stores nothing), which is returned as `Ok` so the page can list
/// the rows to fix.
pub(crate) async fn import_inventory(
    choice: &ImportChoice<'_>,
    file: &web_sys::Blob,
    on_progress: impl Fn(UploadProgress) + 'static,
) -> Result<ImportSummary, ClientError> {
    let query = web_sys::UrlSearchParams::new().map_err(|_| ClientError::Decode("query".into()))?;
    query.append("file", choice.file_name);
    query.append("encoding", choice.encoding);
    query.append("datum", choice.datum);
    query.append("apply", if choice.apply { "true" } else { "false" });
    let retire = if choice.retire_missing {
        "true"
    } else {
        "false"
    };
    query.append("retire_missing", retire);
    let query: String = query.to_string().into();
    let path = format!("/api/v1/admin/imports/{}?{query}", choice.kind.name());
    let (status, body) = upload(&path, file, on_progress).await?;
    if status == 422
        && let Ok(summary) = serde_json::from_str::<ImportSummary>(&body)
    {
        return Ok(summary);
    }
    uploaded(status, &body)
}

/// Sends an `.osm.pbf` extract for a community's walking network: a dry run, or (`apply`) stored
/// in place of its network.
pub(crate) async fn walking_network(
    community: &str,
    around_metres: f64,
    apply: bool,
    file: &web_sys::Blob,
    on_progress: impl Fn(UploadProgress) + 'static,
) -> Result<WalkingNetworkSummary, ClientError> {
    let path = format!(
        "/api/v1/admin/walking-graphs/{}?around_metres={around_metres}&apply={apply}",
        uri_part(community)
    );
    let (status, body) = upload(&path, file, on_progress).await?;
    uploaded(status, &body)
}
