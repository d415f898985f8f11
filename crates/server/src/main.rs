//! The `linli-server` command: serve Linli, or export it as static files.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use linli_server::export::{ComponentPages, ExportRequest};
use std::time::Duration;

use linli_api::ImportKind;
use linli_core::datum::Datum;
use linli_server::audit::{self, ChainCheck};
use linli_server::district::{self, District};
use linli_server::imports::{ImportRequest, export_data, import_file, parse_encoding};
use linli_server::rate_limits::{Rate, RateLimits, RateSettings};
use linli_server::secrets::{MissingKey, Secrets, database_holds_keyed_data};
use linli_server::seed::sample_data;
use linli_server::serve::{ServeLimits, serve, stop_requested};
use linli_server::{
    AppState, Db, MapTilesSetting, PhoneErasure, SessionRules, Spa, TileOptions,
    load_sample_if_empty,
};

#[derive(Parser)]
#[command(about = "Linli 邻里: neighbourhood governance for Tongzhou")]
struct Cli {
    /// The SQLite database file; created, migrated and seeded when missing.
    #[arg(
        long,
        env = "LINLI_DB",
        default_value = "data/linli.sqlite",
        global = true
    )]
    db: PathBuf,
    /// The SPA as built by Trunk.
    #[arg(long, env = "LINLI_DIST", default_value = "dist", global = true)]
    dist: PathBuf,
    /// Where residents' phones reach Linli, e.g. `https://linli.tongzhou.example`: printed plates
    /// and code sheets carry it, whatever address the committee's desktop used.
    #[arg(long, env = "LINLI_PUBLIC_URL", global = true, value_parser = public_url)]
    public_url: Option<String>,
    /// Licensed tiles under the map page's streets: off (the default), tianditu or gaode.
    #[arg(long, env = "LINLI_MAP_TILES", global = true)]
    map_tiles: Option<String>,
    /// One tile URL template ({s} {z} {x} {y} {key}) replacing the provider's, e.g. a
    /// self-hosted tile server.
    #[arg(long, env = "LINLI_MAP_TILES_URL", global = true)]
    map_tiles_url: Option<String>,
    /// The 审图号 (map approval number) the provider publishes, shown under the map.
    #[arg(long, env = "LINLI_MAP_TILES_APPROVAL", global = true)]
    map_tiles_approval: Option<String>,
    /// If the database serves no district yet, load the labelled Tongzhou sample into it first
    /// (`./linli run`, the tests). A deployment uses `init` instead.
    /// In the environment, 1/true/yes/on set it and 0/false/no/off or empty leave it unset.
    #[arg(
        long,
        env = "LINLI_SAMPLE_IF_EMPTY",
        global = true,
        value_parser = clap::builder::FalseyValueParser::new()
    )]
    sample_if_empty: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

/// How fast one client may do what (see src/rate_limits.rs and docs/operations.md): a count and
/// a period in s, m or h, e.g. 30/10m.
#[derive(clap::Args)]
struct AbuseFlags {
    /// Sign-in attempts from one client address.
    #[arg(long, env = "LINLI_LIMIT_SIGN_IN", default_value_t = RateSettings::default().sign_in_per_address)]
    limit_sign_in: Rate,
    /// Sign-in attempts for one username, from anywhere.
    #[arg(long, env = "LINLI_LIMIT_SIGN_IN_ACCOUNT", default_value_t = RateSettings::default().sign_in_per_account)]
    limit_sign_in_account: Rate,
    /// Reports (Open311 POST requests.json) from one client address.
    #[arg(long, env = "LINLI_LIMIT_REPORTS", default_value_t = RateSettings::default().reports)]
    limit_reports: Rate,
    /// Photos on reports from one client address.
    #[arg(long, env = "LINLI_LIMIT_PHOTOS", default_value_t = RateSettings::default().photos)]
    limit_photos: Rate,
    /// "Me too", ratings, reopenings and phone erasures from one client address.
    #[arg(long, env = "LINLI_LIMIT_SUPPORT", default_value_t = RateSettings::default().support)]
    limit_support: Rate,
    /// Kiosk pairing attempts from one client address.
    #[arg(long, env = "LINLI_LIMIT_PAIRING", default_value_t = RateSettings::default().pairing)]
    limit_pairing: Rate,
    /// Updates a city system (12345, 数字城管) posts to reports from one client address.
    #[arg(long, env = "LINLI_LIMIT_CASE_UPDATES", default_value_t = RateSettings::default().case_updates)]
    limit_case_updates: Rate,
    /// The header in which a trusted reverse proxy passes the client's address (e.g.
    /// X-Forwarded-For, whose last address is taken, or X-Real-IP). Off by default: set it only
    /// when every connection comes through that proxy, or clients choose their own address.
    #[arg(long, env = "LINLI_TRUSTED_PROXY_HEADER")]
    trusted_proxy_header: Option<axum::http::HeaderName>,
}

impl AbuseFlags {
    fn settings(&self) -> RateSettings {
        RateSettings {
            sign_in_per_address: self.limit_sign_in,
            sign_in_per_account: self.limit_sign_in_account,
            reports: self.limit_reports,
            photos: self.limit_photos,
            support: self.limit_support,
            pairing: self.limit_pairing,
            case_updates: self.limit_case_updates,
        }
    }
}

// One value, parsed once at start: `serve`'s many settings in place cost nothing, and boxing
// them would only make every match on it read worse.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Set up an empty database, once: a district's own deployment (its code, names and extent;
    /// the district account and nothing else), or the labelled Tongzhou sample (--sample). The
    /// account's password is shown once (or taken from LINLI_ADMIN_PASSWORD).
    Init {
        /// The district's county-level code after GB/T 2260, e.g. 110112 for 通州区.
        #[arg(long, required_unless_present = "sample", conflicts_with = "sample", requires_all = ["name_zh", "name_en"])]
        district: Option<String>,
        /// The district's name in Chinese, e.g. 通州区.
        #[arg(long)]
        name_zh: Option<String>,
        /// The district's name in English, e.g. "Tongzhou District".
        #[arg(long)]
        name_en: Option<String>,
        /// The district's extent, west,south,east,north in WGS-84 degrees: every imported place
        /// must lie in it. Known for 110112; required for any other district.
        #[arg(long)]
        bounds: Option<String>,
        /// Load the labelled Tongzhou sample instead (a newcomer's first look); a database that
        /// already holds it is left as it is.
        #[arg(long)]
        sample: bool,
    },
    /// Fill a new database with a generated district (issue #25): labelled sample data
    /// (every name starts with 【生成】), the same for the same seed, for measuring Linli at
    /// Tongzhou's size (`./linli bench-scale`). Prints the rows and seconds of each table.
    GenerateDistrict {
        /// Any number: the same seed and scale write the same rows.
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// 1, 10 or 100 times the sample (3 communities, 48 components…), or district: 22
        /// streets, 600 communities, 300,000 components, 200,000 reports, 300,000 votes.
        #[arg(long, default_value = "1", value_parser = linli_server::generate::Scale::parse)]
        scale: linli_server::generate::Scale,
    },
    /// Remove every sample row, and everything done on them (reports, votes, kiosk pairings),
    /// in one transaction. The district, its accounts and API keys stay.
    RemoveSample,
    /// Check the audit trail: every entry follows from the one before it. Prints the number of
    /// entries and the last hash (note it down elsewhere: a trail cut short after it is then
    /// found too), or the first entry that was changed or removed, and exits with 1.
    AuditVerify,
    /// Serve the SPA and the API (the default).
    Serve {
        #[arg(long, env = "LINLI_HOST", default_value = "127.0.0.1")]
        host: std::net::IpAddr,
        #[arg(long, env = "LINLI_PORT", default_value_t = 8080)]
        port: u16,
        /// Mark the session cookie Secure and send HSTS: set when served over TLS.
        #[arg(long, env = "LINLI_SECURE_COOKIES")]
        secure_cookies: bool,
        /// Seconds a client may take to send its headers, or pause within a body, before the
        /// server gives up on it (idle keep-alive connections are closed after as long).
        #[arg(long, env = "LINLI_CLIENT_TIMEOUT", default_value_t = 30)]
        client_timeout: u64,
        /// Seconds a report with photos or an import file may take in all, body and answer (no
        /// request may take longer).
        #[arg(long, env = "LINLI_REQUEST_TIMEOUT", default_value_t = 300)]
        request_timeout: u64,
        /// Seconds any other write (a vote, a sign-in, a status change, a committee document) may
        /// take in all, body and answer.
        #[arg(long, env = "LINLI_FORM_TIMEOUT", default_value_t = 30)]
        form_timeout: u64,
        /// Seconds the requests in flight get to finish after SIGTERM or Ctrl-C.
        #[arg(long, env = "LINLI_DRAIN_TIMEOUT", default_value_t = 10)]
        drain_timeout: u64,
        /// Minutes without a request after which a committee session ends.
        #[arg(long, env = "LINLI_SESSION_IDLE_MINUTES", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=24 * 60))]
        session_idle_minutes: u64,
        /// Hours after sign-in at which a committee session ends, however busy.
        #[arg(long, env = "LINLI_SESSION_HOURS", default_value_t = 12, value_parser = clap::value_parser!(u64).range(1..=7 * 24))]
        session_hours: u64,
        #[command(flatten)]
        abuse: Box<AbuseFlags>,
        /// Start with a new key file although the database holds data that only the missing
        /// one can read: every stored phone number, tracking link and unspent voting code
        /// becomes unreadable. For a key that is lost for good, never for one not yet restored.
        #[arg(long)]
        replace_lost_key: bool,
        /// A folder for scheduled backups (`linli-<UTC time>.sqlite`): one at start when none
        /// is due yet is there, then one every --backup-every hours. Keep it on another disk,
        /// and copy it off the machine.
        #[arg(long, env = "LINLI_BACKUP_DIR")]
        backup_dir: Option<PathBuf>,
        /// Hours between scheduled backups (a fraction is allowed, e.g. 0.5).
        #[arg(long, env = "LINLI_BACKUP_EVERY", default_value_t = 24.0, value_parser = backup_hours)]
        backup_every: f64,
        /// How many scheduled backups are kept; older ones are removed.
        #[arg(long, env = "LINLI_BACKUP_KEEP", default_value_t = 14, value_parser = clap::value_parser!(u32).range(1..))]
        backup_keep: u32,
        /// Days after a report is finished (fixed or closed) at which its reporter's phone
        /// number is erased; checked at start and every hour after.
        #[arg(long, env = "LINLI_ERASE_PHONES_AFTER_DAYS", default_value_t = PhoneErasure::default().after_days, value_parser = clap::value_parser!(u32).range(0..=3650))]
        erase_phones_after_days: u32,
        /// Serve Prometheus metrics at /metrics to requests with `Authorization: Bearer <token>`
        /// (at least 16 characters); without it there are none. Prefer the environment, which
        /// a process list does not show.
        #[arg(long, env = "LINLI_METRICS_TOKEN", hide_env_values = true)]
        metrics_token: Option<String>,
        #[command(flatten)]
        gateway: GatewayArgs,
        #[command(flatten)]
        case_forwarding: CaseForwardingArgs,
    },
    /// Write a consistent copy of the database to a new file, readable by its owner only, while
    /// the server may be serving. The key file (linli.key beside the database) is not in it:
    /// back that up apart.
    Backup {
        /// The new file; an existing one is never overwritten.
        #[arg(long)]
        out: PathBuf,
    },
    /// Make a backup the database at --db: checked (integrity, a Linli schema this version
    /// knows), copied and migrated beside it, then moved into place. The key file that was in
    /// use when the backup was made must be beside it (linli.key).
    Restore {
        /// The backup file.
        #[arg(long)]
        from: PathBuf,
        /// Replace a database already at --db (the server must be stopped); it is kept beside
        /// it as <name>.before-restore-<time>.
        #[arg(long)]
        force: bool,
    },
    /// Re-encrypt every reporter's phone number under a new key, with the server stopped. Only
    /// the phone-sealing key changes: tracking links and voting codes (of open ballots too) stay
    /// valid. Backups made before need the key file as it was before: take a new one after.
    RotateKey,
    /// Import communities, components or buildings from CSV (UTF-8 or GBK), XLSX, GeoJSON or a
    /// zipped shapefile: a dry run that says what would be added, changed, left or retired and
    /// every refused row, unless --apply (all rows or none). Keyed by code: the same file twice
    /// changes nothing.
    Import {
        /// streets, communities, units, components, buildings or services (service points).
        #[arg(long)]
        kind: String,
        /// auto (the default), utf-8 or gbk.
        #[arg(long, default_value = "auto")]
        encoding: String,
        /// The datum of the file's coordinates: wgs84 (CGCS2000 too), gcj02 (Amap, Tencent) or
        /// bd09 (Baidu).
        #[arg(long, default_value = "wgs84")]
        datum: String,
        /// Store the rows (all or none); without it, a dry run.
        #[arg(long)]
        apply: bool,
        /// Retire stored components of the file's communities that the file no longer lists.
        #[arg(long)]
        retire_missing: bool,
        file: PathBuf,
    },
    /// Write communities, components or buildings to a file an import reads back unchanged; the
    /// format follows the extension (.csv, .xlsx, .geojson, .zip for a shapefile).
    ExportData {
        #[arg(long)]
        kind: String,
        #[arg(long, default_value = "wgs84")]
        datum: String,
        /// For CSV: utf-8 (the default) or gbk.
        #[arg(long, default_value = "utf-8")]
        encoding: String,
        out: PathBuf,
    },
    /// Load a community's walking network from an .osm.pbf extract, cut to its boundary (or to
    /// a buffer around its buildings): a dry run unless --apply.
    ImportWalking {
        #[arg(long)]
        community: String,
        /// For a community without a boundary: metres around its buildings.
        #[arg(long, default_value_t = linli_server::imports::DEFAULT_AROUND_METRES)]
        around_metres: f64,
        #[arg(long)]
        apply: bool,
        file: PathBuf,
    },
    /// Import a community's service points from GeoJSON or CSV (all rows or none).
    ImportServices {
        #[arg(long)]
        community: String,
        /// Check and report only.
        #[arg(long)]
        dry_run: bool,
        file: PathBuf,
    },
    /// Add a committee member for one community. The password comes from
    /// LINLI_NEW_USER_PASSWORD, or is read from the first line of standard input.
    AddUser {
        #[arg(long)]
        username: String,
        /// The community id the member acts for, e.g. beiyuan-jiayuan.
        #[arg(long)]
        community: String,
    },
    /// Write every read document and the built SPA into a folder for a static host. Into the
    /// folder of an earlier export, only what changed is written.
    Export {
        #[arg(long, default_value = "export")]
        out: PathBuf,
        /// Refresh only this community's documents and pages (and the district's few small
        /// lists) in an earlier export, leaving the other communities' files as they are.
        #[arg(long)]
        community: Option<String>,
        /// A copy of a component's pages in every component's folder, for a static host that
        /// cannot rewrite paths (by default one copy serves every code through `_redirects`).
        #[arg(long)]
        page_per_component: bool,
    },
}

#[tokio::main]
async fn main() {
    // Errors are printed as sentences (Display), not as Rust's debug form.
    if let Err(error) = run().await {
        eprintln!("linli-server: {error}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("LINLI_LOG")
                .unwrap_or_else(|_| "info,tower_http=info".into()),
        )
        .init();
    let mut cli = Cli::parse();
    if cli.command.is_none() {
        // No subcommand means `serve`, with its flags and environment variables as usual.
        let mut args: Vec<String> = std::env::args().collect();
        args.push("serve".to_owned());
        cli = Cli::parse_from(args);
    }
    let map_tiles = MapTilesSetting::resolve(&TileOptions {
        provider: cli.map_tiles.clone(),
        url: cli.map_tiles_url.clone(),
        // Read from the environment only, so the key never shows in a process list.
        tianditu_key: std::env::var("LINLI_TIANDITU_KEY").ok(),
        approval: cli.map_tiles_approval.clone(),
    })?;
    if let Some(tiles) = &map_tiles.document.tiles {
        tracing::info!(provider = %tiles.provider, hosts = ?map_tiles.img_sources, "map tiles on");
        if cli.map_tiles_approval.is_none() {
            tracing::warn!(
                "map tiles on without LINLI_MAP_TILES_APPROVAL: the map shows the copyright but no 审图号"
            );
        }
    }
    let map_tiles = Arc::new(map_tiles);
    // These work on files: none may create or migrate the database at --db first.
    match cli.command.take().expect("set above") {
        Command::Backup { out } => return backup(&cli.db, &out),
        Command::Restore { from, force } => return restore(&from, &cli.db, force),
        Command::RotateKey => return rotate_key(&cli.db),
        other => cli.command = Some(other),
    }
    let db = Db::open(&cli.db)?;
    match cli.command.take().expect("set above") {
        Command::Init {
            district,
            name_zh,
            name_en,
            bounds,
            sample,
        } => {
            let given = DistrictFlags {
                code: district,
                name_zh,
                name_en,
                bounds,
            };
            init(&db, sample, given)?;
        }
        Command::GenerateDistrict { seed, scale } => generate_district(&db, seed, scale)?,
        Command::AuditVerify => match audit::verify(&db).map_err(|e| e.parts().1.message)? {
            ChainCheck::Intact { entries, last_hash } => {
                let entries = match entries {
                    1 => "1 entry".to_owned(),
                    n => format!("{n} entries"),
                };
                println!("the audit trail is intact: {entries}, the last hash {last_hash}");
            }
            ChainCheck::Broken { seq, reason } => {
                return Err(format!(
                    "审计记录在第 {seq} 条处断开。The audit trail is broken at entry {seq}: {reason}."
                )
                .into());
            }
        },
        Command::RemoveSample => {
            ready(&db, &cli)?;
            let removed = district::remove_sample(&db).map_err(|e| e.parts().1.message)?;
            if removed.rows() == 0 {
                println!("no sample rows: nothing removed");
            }
            for (table, rows) in &removed.tables {
                println!("{table:>20}  {rows}");
            }
            println!("removed {} sample rows in one transaction", removed.rows());
        }
        Command::Serve {
            host,
            port,
            secure_cookies,
            client_timeout,
            request_timeout,
            form_timeout,
            drain_timeout,
            session_idle_minutes,
            session_hours,
            abuse,
            replace_lost_key,
            backup_dir,
            backup_every,
            backup_keep,
            erase_phones_after_days,
            metrics_token,
            gateway,
            case_forwarding,
        } => {
            let gateway = gateway.setting(cli.public_url.as_deref())?;
            let case_forwarding = case_forwarding.setting()?;
            let district = ready(&db, &cli)?;
            let spa = Spa::load(&cli.dist, &map_tiles.img_sources)
                .map_err(|e| format!("cannot read the built SPA in {}: {e}", cli.dist.display()))?;
            // A new key is written without being asked only where nothing needs the old one.
            let needs_old_key = database_holds_keyed_data(&db).map_err(|e| e.parts().1.message)?;
            let when_missing = if needs_old_key && !replace_lost_key {
                MissingKey::Refuse
            } else {
                MissingKey::Create
            };
            let key_file = cli.db.with_extension("key");
            let had_key = key_file.exists();
            let secrets = Secrets::load_or_create(&key_file, when_missing)?;
            if !had_key && needs_old_key {
                tracing::warn!(key = %key_file.display(), "replaced a lost key file: what the old key sealed is unreadable");
            }
            let phone_erasure = PhoneErasure {
                after_days: erase_phones_after_days,
            };
            let state = AppState {
                db: db.clone(),
                spa: Some(Arc::new(spa)),
                secure_cookies,
                secrets: Arc::new(secrets),
                public_url: cli.public_url.clone(),
                map_tiles,
                limits: ServeLimits {
                    client_idle: Duration::from_secs(client_timeout),
                    form_request: Duration::from_secs(form_timeout),
                    upload_request: Duration::from_secs(request_timeout),
                    drain: Duration::from_secs(drain_timeout),
                },
                code_attempts: Default::default(),
                rate_limits: Arc::new(RateLimits::new(&abuse.settings())),
                client_address_header: abuse.trusted_proxy_header,
                sessions: SessionRules {
                    idle: Duration::from_secs(session_idle_minutes * 60),
                    lifetime: Duration::from_secs(session_hours * 3600),
                },
                phone_erasure,
                gateway,
                case_forwarding,
            };
            if let Some(token) = metrics_token.filter(|t| !t.is_empty()) {
                linli_server::metrics::enable(&token)?;
                tracing::info!("metrics on at /metrics (with the token)");
            }
            if let Some(dir) = backup_dir {
                let schedule = linli_server::backup::Schedule {
                    dir,
                    every: Duration::from_secs_f64(backup_every * 3600.0),
                    keep: backup_keep as usize,
                };
                tracing::info!(?schedule, "scheduled backups on");
                linli_server::backup::spawn_schedule(cli.db.clone(), schedule);
            }
            tracing::info!(
                after_days = erase_phones_after_days,
                "phone numbers of finished reports are erased"
            );
            linli_server::spawn_phone_erasure(db.clone(), phone_erasure);
            if let Some(gateway) = &state.gateway {
                tracing::info!(url = %gateway.url, "messages to reporters go to the gateway");
                // As often as the first retry, so a short retry is also a short first wait,
                // and at least every few seconds, so a new message does not wait long.
                let every = gateway
                    .retry
                    .first
                    .clamp(Duration::from_millis(20), Duration::from_secs(5));
                linli_server::gateway::spawn_worker(state.clone(), every);
            }
            if let Some(forwarding) = &state.case_forwarding {
                tracing::info!(url = %forwarding.url, format = %forwarding.format, "new reports and their public changes are forwarded to the city's case system");
                let every = forwarding
                    .retry
                    .first
                    .clamp(Duration::from_millis(20), Duration::from_secs(5));
                linli_server::case_forwarding::spawn_worker(state.clone(), every);
            }
            let listener = listen(SocketAddr::new(host, port))?;
            // Before the address is printed: whoever reads it may send SIGTERM at once.
            let stop = stop_requested();
            let base = format!("http://{}", listener.local_addr()?);
            let is_sample = district::holds_sample(&db).map_err(|e| e.parts().1.message)?;
            println!();
            if is_sample {
                println!("  Linli 邻里 is running — 示例数据 / sample data for 通州区 Tongzhou");
            } else {
                println!(
                    "  Linli 邻里 is running for {} {} ({})",
                    district.name_zh, district.name_en, district.code
                );
            }
            println!("  Residents 居民:        {base}/");
            if is_sample {
                println!("  A component plate:    {base}/c/1101120110000001");
            }
            println!("  Kiosk 社区大屏:         {base}/kiosk");
            println!("  Committee 居委会:       {base}/admin");
            println!();
            serve(listener, state, stop).await?;
            tracing::info!("stopped");
        }
        Command::ImportServices {
            community,
            dry_run,
            file,
        } => {
            ready(&db, &cli)?;
            let report = linli_server::import_services_file(&db, &community, &file, dry_run)
                .map_err(|e| format!("{e:?}"))?;
            println!("{}", serde_json::to_string_pretty(&report)?);
            if !report.errors.is_empty() {
                std::process::exit(1);
            }
        }
        Command::Import {
            kind,
            encoding,
            datum,
            apply,
            retire_missing,
            file,
        } => {
            ready(&db, &cli)?;
            let request = ImportRequest {
                kind: ImportKind::parse(&kind).ok_or(
                    "--kind is streets, communities, units, components, buildings or services",
                )?,
                file_name: file.display().to_string(),
                encoding: parse_encoding(&encoding).ok_or("--encoding is auto, utf-8 or gbk")?,
                datum: Datum::parse(&datum).ok_or("--datum is wgs84, gcj02 or bd09")?,
                apply,
                retire_missing,
                community: None,
            };
            let started = std::time::Instant::now();
            let summary = import_file(&db, &request, &file).map_err(|e| e.parts().1.message)?;
            let seconds = started.elapsed().as_secs_f64();
            print_summary(&summary, seconds);
            if !summary.refused.is_empty() {
                std::process::exit(1);
            }
        }
        Command::ExportData {
            kind,
            datum,
            encoding,
            out,
        } => {
            ready(&db, &cli)?;
            let kind = ImportKind::parse(&kind).ok_or(
                "--kind is streets, communities, units, components, buildings or services",
            )?;
            let format = linli_tables::Format::from_file_name(&out.display().to_string())
                .ok_or("the file's extension is .csv, .xlsx, .geojson or .zip")?;
            let datum = Datum::parse(&datum).ok_or("--datum is wgs84, gcj02 or bd09")?;
            let encoding = match parse_encoding(&encoding) {
                Some(linli_tables::EncodingChoice::Gb18030) => linli_tables::TextEncoding::Gb18030,
                Some(_) => linli_tables::TextEncoding::Utf8,
                None => Err("--encoding is utf-8 or gbk")?,
            };
            let bytes =
                export_data(&db, kind, format, encoding, datum).map_err(|e| e.parts().1.message)?;
            std::fs::write(&out, &bytes)?;
            println!("wrote {} ({} bytes)", out.display(), bytes.len());
        }
        Command::ImportWalking {
            community,
            around_metres,
            apply,
            file,
        } => {
            ready(&db, &cli)?;
            let started = std::time::Instant::now();
            let summary = linli_server::imports::import_walking_file(
                &db,
                &community,
                &file,
                around_metres,
                apply,
            )
            .map_err(|e| e.parts().1.message)?;
            println!(
                "{}: cut by its {} — {} way nodes in the area, a graph of {} nodes, {} edges, {:.0} m, in {:.2} s",
                summary.community_id,
                summary.cut_by,
                summary.nodes_in_area,
                summary.nodes,
                summary.edges,
                summary.metres,
                started.elapsed().as_secs_f64()
            );
            println!(
                "{}",
                if summary.stored {
                    "stored"
                } else {
                    "dry run: nothing stored (add --apply)"
                }
            );
            println!("{}", osm_import::ATTRIBUTION);
        }
        Command::AddUser {
            username,
            community,
        } => {
            ready(&db, &cli)?;
            let password = match std::env::var("LINLI_NEW_USER_PASSWORD") {
                Ok(password) if !password.is_empty() => password,
                _ => {
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line)?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            linli_server::create_committee_account(&db, &username, &password, &community)
                .map_err(|e| format!("add-user: {}", e.parts().1.message))?;
            println!("committee member {username} added for {community}");
        }
        Command::Backup { .. } | Command::Restore { .. } | Command::RotateKey => {
            unreachable!("handled above")
        }
        Command::Export {
            out,
            community,
            page_per_component,
        } => {
            ready(&db, &cli)?;
            let spa_dir = cli
                .dist
                .join("index.html")
                .exists()
                .then_some(cli.dist.as_path());
            if spa_dir.is_none() {
                eprintln!(
                    "note: no built SPA in {}; exporting the API documents only",
                    cli.dist.display()
                );
            }
            // The export reads public documents only; no stored secret is needed.
            let state = AppState {
                db,
                spa: None,
                secure_cookies: false,
                secrets: Arc::new(Secrets::random()),
                public_url: cli.public_url.clone(),
                map_tiles,
                limits: ServeLimits::default(),
                code_attempts: Default::default(),
                rate_limits: Default::default(),
                client_address_header: None,
                sessions: Default::default(),
                phone_erasure: Default::default(),
                gateway: None,
                case_forwarding: None,
            };
            let component_pages = if page_per_component {
                ComponentPages::OnePerComponent
            } else {
                ComponentPages::OneForAll
            };
            let request = ExportRequest {
                out: &out,
                spa_dir,
                community: community.as_deref(),
                component_pages,
            };
            let summary =
                linli_server::export::export(state, request)
                    .await
                    .map_err(|e| match e {
                        // An unknown community, in the API's sentence.
                        linli_server::AppError::NotFound(message) => format!("export: {message}"),
                        other => format!("{other:?}"),
                    })?;
            println!(
                "exported {} documents and {} page folders to {}: {} files written, {} unchanged, {} removed",
                summary.documents,
                summary.pages,
                out.display(),
                summary.files.written,
                summary.files.unchanged,
                summary.files.removed
            );
        }
    }
    Ok(())
}

/// `linli-server backup --out FILE`.
fn backup(
    database: &std::path::Path,
    out: &std::path::Path,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let made = linli_server::backup::backup(database, out)?;
    println!(
        "backed up {} to {} ({} bytes in {:.2} s)",
        database.display(),
        made.path.display(),
        made.bytes,
        made.seconds
    );
    println!(
        "the key file {} is not in the backup: keep a copy of it apart",
        database.with_extension("key").display()
    );
    Ok(())
}

/// `linli-server restore --from FILE [--force]`.
fn restore(
    from: &std::path::Path,
    database: &std::path::Path,
    force: bool,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let restored = linli_server::backup::restore(from, database, force)?;
    println!(
        "restored {} into {} (schema version {} migrated to {})",
        from.display(),
        database.display(),
        restored.from_version,
        restored.to_version
    );
    if let Some(previous) = &restored.previous {
        println!("the database it replaced is kept as {}", previous.display());
    }
    let key = database.with_extension("key");
    if key.exists() {
        println!(
            "it is read with the key file {}: that must be the key in use when the backup was made",
            key.display()
        );
    } else {
        println!(
            "put the key file in use when the backup was made at {} before serving: without it \
             phone numbers and voting codes cannot be read or checked",
            key.display()
        );
    }
    Ok(())
}

/// `linli-server rotate-key`.
fn rotate_key(database: &std::path::Path) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let key_file = database.with_extension("key");
    let rotated = linli_server::key_rotation::rotate_key(database, &key_file)?;
    let numbers = match rotated.phones {
        1 => "1 phone number".to_owned(),
        n => format!("{n} phone numbers"),
    };
    println!(
        "re-encrypted {numbers} under a new key in {}",
        key_file.display()
    );
    if rotated.unreadable > 0 {
        println!(
            "{} phone numbers no key could read (sealed under a key replaced as lost) were left as they were",
            rotated.unreadable
        );
    }
    println!(
        "tracking links and voting codes are unchanged. Backups made before now need the old key \
         file: take a new backup, and keep a copy of the new key file apart"
    );
    Ok(())
}

/// Hours between scheduled backups: more than none, and few enough to count in seconds.
fn backup_hours(given: &str) -> Result<f64, String> {
    let hours: f64 = given.trim().parse().map_err(|_| {
        format!("--backup-every is a number of hours, like 24 or 0.5 (got {given:?})")
    })?;
    if !(hours.is_finite() && hours > 0.0 && hours <= 24.0 * 366.0) {
        return Err(format!(
            "--backup-every is more than 0 and at most a year of hours (got {given:?})"
        ));
    }
    Ok(hours)
}

const NOT_SET_UP: &str = "这个数据库还没有初始化。This database serves no district yet: run \
    `linli-server init --district <GB/T 2260 code> --name-zh <区名> --name-en <name>` for a \
    deployment, or `linli-server init --sample` for the labelled Tongzhou sample.";

/// The district the database serves, for every command but `init`: loaded first from the sample
/// when `--sample-if-empty` asks for it, else refused with how to set one up.
fn ready(db: &Db, cli: &Cli) -> Result<District, Box<dyn std::error::Error + Send + Sync>> {
    if cli.sample_if_empty {
        let password = chosen_password();
        let chosen = password.is_some();
        if let Some(account) =
            load_sample_if_empty(db, &sample_data(), password).map_err(|e| e.parts().1.message)?
        {
            println!(
                "loaded the labelled Tongzhou sample (示例数据) into {}",
                cli.db.display()
            );
            show_account(&account, chosen);
        }
    }
    Ok(district::read_blocking(db)
        .map_err(|e| e.parts().1.message)?
        .ok_or(NOT_SET_UP)?)
}

/// The summary as a clerk reads it on a terminal.
fn print_summary(summary: &linli_api::ImportSummary, seconds: f64) {
    println!(
        "{} rows of {} ({}{}, datum {}) in {seconds:.2} s",
        summary.rows,
        summary.kind.name(),
        summary.format,
        summary
            .encoding
            .as_deref()
            .map(|e| format!(", {e}"))
            .unwrap_or_default(),
        summary.datum
    );
    println!(
        "  add {}  change {}  leave {}  retire {}  refused {}",
        summary.add,
        summary.change,
        summary.leave,
        summary.retire,
        summary.refused.len()
    );
    for refused in summary.refused.iter().take(50) {
        println!("  line {}: {}", refused.line, refused.reasons.join(" "));
    }
    if summary.refused.len() > 50 {
        println!("  … and {} more refused rows", summary.refused.len() - 50);
    }
    println!(
        "{}",
        if summary.applied {
            "stored, in one transaction"
        } else if summary.refused.is_empty() {
            "dry run: nothing stored (add --apply to store)"
        } else {
            "nothing stored: mend the refused rows and import again"
        }
    );
}

/// `linli-server generate-district`: one line per table, then the account (shown once).
fn generate_district(
    db: &Db,
    seed: u64,
    scale: linli_server::generate::Scale,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let chosen = chosen_password();
    let password_was_chosen = chosen.is_some();
    let started = std::time::Instant::now();
    let generated = linli_server::generate::generate(db, seed, scale, chosen)
        .map_err(|e| e.parts().1.message)?;
    println!("generated district, seed {seed}, scale {}:", scale.label);
    let mut rows = 0;
    for table in &generated.tables {
        rows += table.rows;
        println!(
            "  {:<18} {:>9} rows {:>8.2} s {:>10.0} rows/s",
            table.table,
            table.rows,
            table.seconds,
            table.rows as f64 / table.seconds.max(1e-9)
        );
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "  {:<18} {:>9} rows {:>8.2} s {:>10.0} rows/s",
        "total",
        rows,
        seconds,
        rows as f64 / seconds.max(1e-9)
    );
    show_account(&generated.account, password_was_chosen);
    Ok(())
}

/// What `init` was told about the district.
struct DistrictFlags {
    code: Option<String>,
    name_zh: Option<String>,
    name_en: Option<String>,
    bounds: Option<String>,
}

/// `linli-server init`: the district's deployment, or the sample; prints the account once.
fn init(
    db: &Db,
    sample: bool,
    given: DistrictFlags,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let chosen_password = chosen_password();
    let password_was_chosen = chosen_password.is_some();
    let account = if sample {
        let loaded = load_sample_if_empty(db, &sample_data(), chosen_password)
            .map_err(|e| e.parts().1.message)?;
        let holds_sample = district::holds_sample(db).map_err(|e| e.parts().1.message)?;
        match loaded {
            Some(account) => account,
            None if holds_sample => {
                println!("the database already holds the Tongzhou sample: nothing changed");
                return Ok(());
            }
            None => {
                return Err("这个数据库已服务于一个区，不能再装入示例数据。\
                     This database already serves a district: the sample is not loaded into it."
                    .into());
            }
        }
    } else {
        let district = District::from_flags(
            given.code.as_deref().unwrap_or_default(),
            given.name_zh.as_deref().unwrap_or_default(),
            given.name_en.as_deref().unwrap_or_default(),
            given.bounds.as_deref(),
        )?;
        let account =
            district::init(db, &district, chosen_password).map_err(|e| e.parts().1.message)?;
        println!(
            "set up {} {} ({}), extent {}: no places yet",
            district.name_zh,
            district.name_en,
            district.code,
            district.bounds.to_text()
        );
        account
    };
    show_account(&account, password_was_chosen);
    Ok(())
}

/// The district account's first password, from LINLI_ADMIN_PASSWORD (scripted set-ups), or
/// `None` to generate one.
fn chosen_password() -> Option<String> {
    std::env::var("LINLI_ADMIN_PASSWORD")
        .ok()
        .filter(|p| !p.is_empty())
}

fn show_account(account: &linli_server::FirstRunAccount, password_was_chosen: bool) {
    println!("district account created. Shown this once only:");
    println!("  username: {}", account.username);
    if password_was_chosen {
        println!("  password: the one given in LINLI_ADMIN_PASSWORD");
    } else {
        println!("  password: {}", account.password);
    }
}

/// `http(s)://host[:port]`, nothing after it (a trailing `/` is dropped): the QR codes append
/// `/c/…` and `/v/…` to it.
/// Connections the kernel queues for the server before it accepts them. Tokio's `bind` asks for
/// 128: with 200 voters connecting at once (`./linli bench`), the queue overflowed in every round
/// (`nstat TcpExtListenOverflows`) and each dropped one waited for its SYN to be resent a second
/// later, the ~1 s p99 of some rounds (docs/benchmarks.md, "Measurements behind the code"). The
/// kernel caps this at `net.core.somaxconn` (4096 by default since Linux 5.4).
const LISTEN_BACKLOG: u32 = 1024;

fn listen(address: SocketAddr) -> std::io::Result<tokio::net::TcpListener> {
    let socket = if address.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    // As `TcpListener::bind` does: a restarted server takes its port back at once.
    socket.set_reuseaddr(true)?;
    socket.bind(address)?;
    socket.listen(LISTEN_BACKLOG)
}

/// The district's message gateway (src/gateway.rs, docs/operations.md).
#[derive(clap::Args, Debug)]
struct GatewayArgs {
    /// The gateway's webhook (http:// only), e.g. http://127.0.0.1:9000/send. Without it no
    /// message is enqueued or sent. Needs --public-url for the tracking links.
    #[arg(long, env = "LINLI_GATEWAY_URL")]
    gateway_url: Option<String>,
    /// Sent as `Authorization: Bearer <token>`. Prefer the environment or --gateway-token-file,
    /// which a process list does not show.
    #[arg(
        long,
        env = "LINLI_GATEWAY_TOKEN",
        hide_env_values = true,
        conflicts_with = "gateway_token_file"
    )]
    gateway_token: Option<String>,
    /// A file holding the gateway's token (its first line).
    #[arg(long, env = "LINLI_GATEWAY_TOKEN_FILE")]
    gateway_token_file: Option<PathBuf>,
    /// Seconds before the first retry of a message not delivered; each retry waits twice as
    /// long as the one before, up to --gateway-retry-cap.
    #[arg(long, env = "LINLI_GATEWAY_RETRY_SECONDS", default_value_t = linli_server::gateway::Retry::default().first.as_secs_f64(), value_parser = positive_seconds)]
    gateway_retry_seconds: f64,
    /// The longest wait between two retries, in seconds.
    #[arg(long, env = "LINLI_GATEWAY_RETRY_CAP", default_value_t = linli_server::gateway::Retry::default().cap.as_secs_f64(), value_parser = positive_seconds)]
    gateway_retry_cap: f64,
    /// Attempts after which a message is given up as failed.
    #[arg(long, env = "LINLI_GATEWAY_MAX_ATTEMPTS", default_value_t = linli_server::gateway::Retry::default().max_attempts, value_parser = clap::value_parser!(u32).range(1..=100))]
    gateway_max_attempts: u32,
}

impl GatewayArgs {
    fn setting(
        self,
        public_url: Option<&str>,
    ) -> Result<Option<linli_server::gateway::Gateway>, Box<dyn std::error::Error + Send + Sync>>
    {
        let Some(url) = self.gateway_url.filter(|u| !u.is_empty()) else {
            return Ok(None);
        };
        let url: hyper::Uri = url
            .parse()
            .map_err(|e| format!("LINLI_GATEWAY_URL is not a URL: {e}"))?;
        if url.scheme_str() != Some("http") {
            return Err("LINLI_GATEWAY_URL must start with http:// (https needs a TLS proxy in front; see docs/operations.md)".into());
        }
        let public_url = public_url.ok_or(
            "LINLI_GATEWAY_URL needs LINLI_PUBLIC_URL, for the tracking links in messages",
        )?;
        let token = match (self.gateway_token, self.gateway_token_file) {
            (Some(token), _) => token,
            (None, Some(file)) => std::fs::read_to_string(&file)
                .map_err(|e| format!("cannot read the gateway token file {}: {e}", file.display()))?
                .lines()
                .next()
                .unwrap_or("")
                .trim()
                .to_owned(),
            (None, None) => String::new(),
        };
        if token.is_empty() {
            return Err(
                "LINLI_GATEWAY_URL needs a token: LINLI_GATEWAY_TOKEN or LINLI_GATEWAY_TOKEN_FILE"
                    .into(),
            );
        }
        Ok(Some(linli_server::gateway::Gateway {
            url,
            token,
            public_url: public_url.to_owned(),
            retry: linli_server::gateway::Retry {
                first: Duration::from_secs_f64(self.gateway_retry_seconds),
                cap: Duration::from_secs_f64(
                    self.gateway_retry_cap.max(self.gateway_retry_seconds),
                ),
                max_attempts: self.gateway_max_attempts,
            },
        }))
    }
}

/// The city's case system that reports are forwarded to (src/case_forwarding.rs,
/// docs/operations.md, "12345 and 数字城管").
#[derive(clap::Args, Debug)]
struct CaseForwardingArgs {
    /// The endpoint (http:// only): GeoReport v2's root for `open311`, e.g.
    /// http://127.0.0.1:9100/open311/v2, or the webhook for `json`. Without it nothing is
    /// forwarded or queued.
    #[arg(long, env = "LINLI_CASE_FORWARD_URL")]
    case_forward_url: Option<String>,
    /// `open311` (Linli as a GeoReport v2 client) or `json` (a JSON webhook).
    #[arg(long, env = "LINLI_CASE_FORWARD_FORMAT", default_value = "open311")]
    case_forward_format: linli_server::case_forwarding::CaseFormat,
    /// The endpoint's api_key (open311) or bearer token (json). Prefer the environment or
    /// --case-forward-token-file, which a process list does not show.
    #[arg(
        long,
        env = "LINLI_CASE_FORWARD_TOKEN",
        hide_env_values = true,
        conflicts_with = "case_forward_token_file"
    )]
    case_forward_token: Option<String>,
    /// A file holding the token (its first line).
    #[arg(long, env = "LINLI_CASE_FORWARD_TOKEN_FILE")]
    case_forward_token_file: Option<PathBuf>,
    /// Seconds before the first retry of a case not forwarded; each retry waits twice as long
    /// as the one before, up to --case-forward-retry-cap.
    #[arg(long, env = "LINLI_CASE_FORWARD_RETRY_SECONDS", default_value_t = linli_server::case_forwarding::Retry::default().first.as_secs_f64(), value_parser = positive_seconds)]
    case_forward_retry_seconds: f64,
    /// The longest wait between two retries, in seconds.
    #[arg(long, env = "LINLI_CASE_FORWARD_RETRY_CAP", default_value_t = linli_server::case_forwarding::Retry::default().cap.as_secs_f64(), value_parser = positive_seconds)]
    case_forward_retry_cap: f64,
    /// Attempts after which a case is given up as failed.
    #[arg(long, env = "LINLI_CASE_FORWARD_MAX_ATTEMPTS", default_value_t = linli_server::case_forwarding::Retry::default().max_attempts, value_parser = clap::value_parser!(u32).range(1..=100))]
    case_forward_max_attempts: u32,
}

impl CaseForwardingArgs {
    fn setting(
        self,
    ) -> Result<
        Option<linli_server::case_forwarding::CaseForwarding>,
        Box<dyn std::error::Error + Send + Sync>,
    > {
        let Some(url) = self.case_forward_url.filter(|u| !u.is_empty()) else {
            return Ok(None);
        };
        let url: hyper::Uri = url
            .parse()
            .map_err(|e| format!("LINLI_CASE_FORWARD_URL is not a URL: {e}"))?;
        if url.scheme_str() != Some("http") {
            return Err("LINLI_CASE_FORWARD_URL must start with http:// (https needs a TLS proxy in front; see docs/operations.md)".into());
        }
        let token = match (self.case_forward_token, self.case_forward_token_file) {
            (Some(token), _) => token,
            (None, Some(file)) => std::fs::read_to_string(&file)
                .map_err(|e| {
                    format!(
                        "cannot read the case forwarding token file {}: {e}",
                        file.display()
                    )
                })?
                .lines()
                .next()
                .unwrap_or("")
                .trim()
                .to_owned(),
            (None, None) => String::new(),
        };
        if token.is_empty() {
            return Err("LINLI_CASE_FORWARD_URL needs a token: LINLI_CASE_FORWARD_TOKEN or LINLI_CASE_FORWARD_TOKEN_FILE".into());
        }
        Ok(Some(linli_server::case_forwarding::CaseForwarding {
            url,
            format: self.case_forward_format,
            token,
            retry: linli_server::case_forwarding::Retry {
                first: Duration::from_secs_f64(self.case_forward_retry_seconds),
                cap: Duration::from_secs_f64(
                    self.case_forward_retry_cap
                        .max(self.case_forward_retry_seconds),
                ),
                max_attempts: self.case_forward_max_attempts,
            },
        }))
    }
}

fn positive_seconds(given: &str) -> Result<f64, String> {
    match given.parse::<f64>() {
        Ok(seconds) if seconds > 0.0 && seconds <= 86_400.0 => Ok(seconds),
        _ => Err(format!(
            "a number of seconds above 0 and at most a day (got {given:?})"
        )),
    }
}

fn public_url(given: &str) -> Result<String, String> {
    let url = given.trim().trim_end_matches('/');
    let host = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("LINLI_PUBLIC_URL must start with https:// (or http://)")?;
    let plain = |c: char| c.is_ascii_alphanumeric() || ".-:[]".contains(c);
    if host.is_empty() || !host.chars().all(plain) {
        return Err(format!(
            "LINLI_PUBLIC_URL must be a scheme and host only, like https://linli.example.cn (got {given:?})"
        ));
    }
    Ok(url.to_owned())
}

#[cfg(test)]
mod tests {
    use super::{listen, public_url};

    /// 300 residents connecting at once, before the server accepts any: every connection is
    /// queued. With the 128 that `TcpListener::bind` asks for, the kernel drops the SYNs past the
    /// queue and those phones wait a second for their resend.
    #[tokio::test]
    async fn a_burst_of_connections_is_queued_not_dropped() {
        let listener = listen("127.0.0.1:0".parse().unwrap()).unwrap();
        let address = listener.local_addr().unwrap();
        let connected = tokio::task::spawn_blocking(move || {
            (0..300)
                .map(|_| {
                    std::net::TcpStream::connect_timeout(
                        &address,
                        std::time::Duration::from_millis(500),
                    )
                })
                .collect::<Vec<_>>()
        })
        .await
        .unwrap();
        let failed = connected.iter().filter(|c| c.is_err()).count();
        assert_eq!(failed, 0, "{failed} of 300 connections were not queued");
    }

    #[test]
    fn a_public_url_is_a_scheme_and_a_host() {
        assert_eq!(
            public_url("https://linli.example.cn/").as_deref(),
            Ok("https://linli.example.cn")
        );
        assert_eq!(
            public_url("http://10.0.0.5:8080").as_deref(),
            Ok("http://10.0.0.5:8080")
        );
        for wrong in [
            "linli.example.cn",
            "https://",
            "https://linli.example.cn/app",
            "ftp://x",
        ] {
            assert!(public_url(wrong).is_err(), "{wrong}");
        }
    }
}
