//! The server through `app(state).oneshot(request)` on a real, temporary SQLite file; one test
//! binary, so the server is compiled into tests once.
//!
//! Contents:
//! - `audit`: the audit trail of a whole vote and a report, who reads what, pages and CSV.
//! - `case_forwarding`: the city's systems (12345 / 数字城管) through a real receiver process:
//!   a new report forwarded once as GeoReport v2 with its case number kept, a change made while
//!   the endpoint is down delivered once after, the JSON webhook; the city's updates applied as
//!   its timeline steps, idempotent by update_id, refused in Open311's shape (bad key, a resident
//!   client's key, bad status) storing nothing, the abuse limit, the OpenAPI description.
//! - `circle`: the committee's gap matrix and service-point import (GeoJSON, CSV).
//! - `component_index`: `components.json` in pages, searched by code across the district and by
//!   name within a community, refusals that say why, each community's whole index, exported.
//! - `duplicates`: a duplicate names its original (followed to the first one), its supporters
//!   move there counted once each, every view links the two, refusals store nothing, reopening
//!   clears the link.
//! - `foundation`: documents (meta, communities, components, buildings, services, graphs,
//!   ballots), errors, OpenAPI covering the routes, committee sessions, security headers and the
//!   SPA fallback, static export, first run.
//! - `gateway`: text messages through a real receiver process: one per public change with the
//!   tracking link, none without a phone or a gateway, kept while the gateway is down and
//!   delivered once after, permanent refusals, stop messages, the phone in no log.
//! - `generate`: `generate-district` writes the same rows for the same seed, labelled as
//!   sample data, and its components export and import back with nothing refused.
//! - `imports`: a district's inventory in CSV (GBK), XLSX, GeoJSON and shapefiles, dry runs,
//!   all-or-nothing imports, every refusal with its line, exports read back unchanged.
//! - `key_rotation`: `rotate-key` over a real database and key file: phones read with the new
//!   key and not the old, tracking links and an open ballot's unspent codes still work.
//! - `kiosk`: pairing with a one-time code, the token given once, settings, revocation, and the
//!   kiosk channel refused without a paired kiosk's token.
//! - `open311`: GeoReport v2 conformance, validation that stores nothing, idempotent resends,
//!   encrypted phones, tracking, the committee's state machine, ratings and reopening.
//! - `open311_xml`: every GeoReport v2 document in XML with the same data as its JSON, errors
//!   as `<errors>` on `.xml` paths (from handlers, the report limit and the size limit), a POST
//!   answered in XML, escaping, the XML paths in the OpenAPI description.
//! - `moderation`: descriptions, photos and reopening reasons hidden and restored with a reason,
//!   gone from every public view, kept for the committee, the reason on the tracking page;
//!   blurred photo regions.
//! - `ops`: backups taken while reports are written, restores and what they refuse, `/healthz`
//!   and `/readyz`.
//! - `personal_data`: phone numbers erased a set time after a report is finished, and on the
//!   reporter's request from the tracking page.
//! - `photos_and_support`: photo uploads (metadata removed, limits), "me too" supporters.
//! - `places`: a deployment started empty, streets and communities created and archived by the
//!   district, maintainer units, a component's record edited and retired, the sample removed.
//! - `plates`: printable QR plates and A4 sheets for the committee.
//! - `process`: the real `linli-server` process on loopback: clients that stall in their headers
//!   or body, SIGTERM with a request in flight and during vote load, a missing key file beside a
//!   database with data, `backup`, `restore` and `rotate-key` from the command line, scheduled
//!   backups.
//! - `query_plans`: the statements the hot resident, kiosk and committee pages run search an
//!   index; none reads a whole table that grows with the district.
//! - `rate_limits`: abuse limits per address and per account: 429 with Retry-After in both
//!   languages (Open311's array on Open311 paths), nothing stored, others not held up.
//! - `request_limits`: each class of write (forms, committee documents, reports with photos,
//!   imports) takes a body up to its size and refuses one byte more with a 413 in both
//!   languages, storing nothing; forms cut off at their shorter time, uploads allowed longer.
//! - `resident_lists`: the streets, a street's communities, the communities near a square of
//!   the map, a community's ballots; archived communities and drafts left out.
//! - `sessions`: idle and absolute session ends, signing out everywhere, the Origin check,
//!   password rules.
//! - `vote`: voting codes spent once under 200-way concurrency, refusals that store nothing,
//!   results hidden until close, paper ballots keyed by two members, `.pb` and CSV
//!   exports, CSV import of paper ballots, committee roles, the project library.

mod audit;
mod case_forwarding;
mod circle;
mod component_index;
mod duplicates;
mod figures;
mod foundation;
mod gateway;
mod generate;
mod imports;
mod key_rotation;
mod kiosk;
mod moderation;
mod open311;
mod open311_xml;
mod ops;
mod personal_data;
mod photos_and_support;
mod places;
mod plates;
mod process;
mod query_plans;
mod rate_limits;
mod request_limits;
mod resident_lists;
mod sessions;
mod support;
mod vote;
