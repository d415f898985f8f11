//! The one table of Linli's SPA bundles. Each bundle is a Trunk entry (generated from one
//! template, [`entry_html`]) built into its own folder of `dist/`, with the pages it answers, the
//! paths the static export writes its page at, and the brotli ceiling its page's files are held
//! to. The server (`web.rs`), the static export (`export.rs`), the build (`./linli`), the size
//! report (`scripts/size.sh`) and tidy read it, so adding a bundle is one entry here, a
//! `src/bin/*.rs` and its `[[bin]]`.

/// Paths a bundle's page answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paths {
    /// This path, with or without a trailing slash.
    Exact(&'static str),
    /// Every path that starts with this prefix.
    Below(&'static str),
    /// Every path from the prefix to the suffix, trailing slash aside (`/c/<code>/report`).
    Around(&'static str, &'static str),
}

impl Paths {
    pub fn matches(self, path: &str) -> bool {
        let trimmed = path.strip_suffix('/').filter(|p| !p.is_empty());
        match self {
            Paths::Exact(exact) => path == exact || trimmed == Some(exact),
            Paths::Below(prefix) => path.starts_with(prefix),
            Paths::Around(prefix, suffix) => {
                let path = trimmed.unwrap_or(path);
                path.starts_with(prefix) && path.ends_with(suffix)
            }
        }
    }
}

/// A place the static export writes the bundle's page, so a static host answers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exported {
    Path(&'static str),
    /// The path for every component, `{}` standing for its code: written once, at the code `_`,
    /// with a rewrite rule for the host (or a copy per component if asked: src/export/pages.rs).
    EachComponent(&'static str),
    /// The path for every ballot, `{}` standing for its id.
    EachBallot(&'static str),
    /// The path for every community, `{}` standing for its id.
    EachCommunity(&'static str),
}

/// Another bundle whose files a bundle's page names for the browser to fetch once it has drawn,
/// because residents go on to it with a page load.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prefetch {
    /// The other bundle's `dir`.
    pub bundle: &'static str,
    /// The pages that name it; empty for all of the bundle's pages.
    pub from: &'static [Paths],
}

/// A web worker a bundle's page builds beside it (and starts only when it is needed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Worker {
    /// Why it is apart, for the entry's comment.
    pub comment: &'static str,
    pub manifest: &'static str,
    pub bin: &'static str,
    pub features: Option<&'static str>,
    pub wasm_opt: &'static str,
    pub wasm_opt_params: Option<&'static str>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bundle {
    /// Its folder under `dist/` and its URL prefix (`/<dir>/`); empty for the residents'
    /// bundle, which is built into `dist/` itself and answers what no other bundle claims.
    pub dir: &'static str,
    /// The Trunk entry at the repository's root, generated from the table.
    pub entry: &'static str,
    /// The Cargo bin its page runs.
    pub bin: &'static str,
    pub title: &'static str,
    /// Stylesheets after the shared three (`tokens`, `base`, `pages`), by name in `style/`.
    pub styles: &'static [&'static str],
    /// Whether the page links the web app manifest (the kiosk and the committee are not
    /// installed on a phone).
    pub manifest: bool,
    pub workers: &'static [Worker],
    pub pages: &'static [Paths],
    pub prefetch: Option<Prefetch>,
    pub exported: &'static [Exported],
    /// The most brotli bytes the wasm, JS and CSS its page loads may come to; `None` for the
    /// committee's and the kiosk's, which no resident downloads on a phone.
    pub ceiling: Option<u64>,
    /// Its line in the size report.
    pub label: &'static str,
}

/// Issue #7's budget for every bundle a resident opens first.
const RESIDENTS_CEILING: u64 = 150_000;

/// The size flags every bundle's wasm is optimised with (wasm-opt from npm binaryen).
const WASM_OPT_PARAMS: &str = "--low-memory-unused --strip-producers --strip-target-features";

/// Every bundle, in build order: the residents' first, since building it empties `dist/`.
pub const BUNDLES: &[Bundle] = &[
    Bundle {
        dir: "",
        entry: "index.html",
        bin: "linli",
        title: "邻里 · Linli",
        styles: &[],
        manifest: true,
        workers: &[
            Worker {
                comment: "The scanner's module (QR decoder worker + camera code, dist/qr-worker*), fetched only when the scanner opens, so the residents' first load does not carry it.",
                manifest: "crates/qr-scanner/Cargo.toml",
                bin: "qr-worker",
                features: None,
                wasm_opt: "3",
                wasm_opt_params: None,
            },
            Worker {
                comment: "The same module with the decoder's loops in wasm SIMD (dist/qr-worker-simd*): the scanner loads it instead where the engine validates SIMD.",
                manifest: "crates/qr-scanner/Cargo.toml",
                bin: "qr-worker-simd",
                features: Some("simd"),
                wasm_opt: "3",
                wasm_opt_params: Some("--enable-simd"),
            },
        ],
        pages: &[
            Paths::Exact("/"),
            Paths::Exact("/scan"),
            Paths::Below("/c/"),
        ],
        // The component page links to the report form with a page load: it opens from the cache.
        prefetch: Some(Prefetch {
            bundle: "report",
            from: &[Paths::Below("/c/")],
        }),
        exported: &[Exported::Path("/scan"), Exported::EachComponent("/c/{}")],
        ceiling: Some(RESIDENTS_CEILING),
        label: "first load (wasm + js + css)",
    },
    Bundle {
        dir: "admin",
        entry: "admin.html",
        bin: "linli-committee",
        title: "邻里 · 居委会工作台 · Linli committee",
        styles: &["vote", "committee", "admin"],
        manifest: false,
        workers: &[],
        pages: &[Paths::Exact("/admin"), Paths::Below("/admin/")],
        prefetch: None,
        // On a static copy it says the site is read-only.
        exported: &[Exported::Path("/admin"), Exported::Path("/admin/reports")],
        ceiling: None,
        label: "committee bundle (/admin, not for residents)",
    },
    Bundle {
        dir: "v",
        entry: "vote.html",
        bin: "linli-vote",
        title: "邻里 · 微更新投票 · Linli votes",
        styles: &["vote"],
        manifest: true,
        workers: &[],
        pages: &[Paths::Below("/v/")],
        prefetch: None,
        exported: &[Exported::EachBallot("/v/{}")],
        ceiling: Some(RESIDENTS_CEILING),
        label: "vote page bundle (/v/<ballot>, from a code's QR)",
    },
    Bundle {
        dir: "report",
        entry: "report.html",
        bin: "linli-report",
        title: "邻里 · Linli",
        styles: &[],
        manifest: true,
        workers: &[],
        pages: &[
            Paths::Exact("/report"),
            Paths::Below("/report/"),
            Paths::Around("/c/", "/report"),
        ],
        // A sent report goes on to its tracking page.
        prefetch: Some(Prefetch {
            bundle: "track",
            from: &[],
        }),
        exported: &[Exported::EachComponent("/c/{}/report")],
        ceiling: Some(RESIDENTS_CEILING),
        label: "report form bundle (/c/<code>/report, /report)",
    },
    Bundle {
        dir: "track",
        entry: "track.html",
        bin: "linli-track",
        title: "邻里 · Linli",
        styles: &[],
        manifest: true,
        workers: &[],
        pages: &[
            Paths::Exact("/me"),
            Paths::Below("/r/"),
            Paths::Below("/track/"),
        ],
        prefetch: None,
        exported: &[Exported::Path("/me")],
        ceiling: Some(RESIDENTS_CEILING),
        label: "tracking bundle (/r/<id>, /me)",
    },
    Bundle {
        dir: "circles",
        entry: "circles.html",
        bin: "linli-circles",
        title: "邻里 · 一刻钟便民服务圈 · Linli 15-minute circle",
        styles: &["numbers"],
        manifest: true,
        workers: &[],
        // Its pages choose a community first (src/ui/community_picker.rs): the circle's list, the
        // list of a community's ballots and its figures of reports, so the ballot page a code's
        // QR opens carries none of them.
        pages: &[
            Paths::Exact("/map"),
            Paths::Exact("/vote"),
            Paths::Exact("/numbers"),
        ],
        // A community opens its circle with a page load.
        prefetch: Some(Prefetch {
            bundle: "map",
            from: &[],
        }),
        exported: &[
            Exported::Path("/map"),
            Exported::Path("/vote"),
            Exported::Path("/numbers"),
        ],
        ceiling: Some(RESIDENTS_CEILING),
        label: "community list bundle (/map, /vote, /numbers: a community's circle, ballots and figures)",
    },
    Bundle {
        dir: "map",
        entry: "map.html",
        bin: "linli-map",
        title: "邻里 · 一刻钟便民服务圈 · Linli 15-minute circle",
        styles: &["map"],
        manifest: true,
        workers: &[Worker {
            comment: "The tile worker (crates/map-tiles, dist/map/map-tiles*): where licensed tiles lie under the drawing. Started only when the operator configured a provider, so a resident of a site without tiles (the default) never fetches it.",
            manifest: "crates/map-tiles/Cargo.toml",
            bin: "map-tiles",
            features: None,
            wasm_opt: "s",
            wasm_opt_params: Some(WASM_OPT_PARAMS),
        }],
        pages: &[Paths::Below("/map/")],
        prefetch: None,
        exported: &[Exported::EachCommunity("/map/{}")],
        ceiling: Some(RESIDENTS_CEILING),
        label: "map page bundle (/map/<community>, the 15-minute circle)",
    },
    Bundle {
        dir: "kiosk",
        entry: "kiosk.html",
        bin: "linli-kiosk",
        title: "邻里 · 社区大屏 · Linli kiosk",
        styles: &["kiosk"],
        manifest: false,
        workers: &[],
        pages: &[Paths::Exact("/kiosk"), Paths::Below("/kiosk/")],
        prefetch: None,
        // On a static copy it cannot pair (there is no server to pair with) and says so.
        exported: &[Exported::Path("/kiosk")],
        ceiling: None,
        label: "kiosk bundle (/kiosk, community-centre screens)",
    },
];

/// The residents' bundle: the plate's page, the start and the scanner.
pub fn residents() -> &'static Bundle {
    &BUNDLES[0]
}

/// The bundle by its `dir`.
pub fn by_dir(dir: &str) -> Option<&'static Bundle> {
    BUNDLES.iter().find(|bundle| bundle.dir == dir)
}

/// The bundle whose page answers `path`, or `None` when no bundle has such a page (the server
/// answers 404). The residents' bundle answers only what no other bundle claims.
pub fn bundle_for(path: &str) -> Option<&'static Bundle> {
    let others = BUNDLES.iter().filter(|bundle| !bundle.dir.is_empty());
    others
        .chain(std::iter::once(residents()))
        .find(|bundle| bundle.pages.iter().any(|paths| paths.matches(path)))
}

impl Bundle {
    /// Its page as Trunk builds it, relative to `dist/`.
    pub fn built_page(&self) -> String {
        if self.dir.is_empty() {
            "index.html".to_owned()
        } else {
            format!("{}/index.html", self.dir)
        }
    }

    /// The bundle whose files this page names for prefetch at `path`, if any.
    pub fn prefetches_at(&self, path: &str) -> Option<&'static str> {
        let prefetch = self.prefetch?;
        (prefetch.from.is_empty() || prefetch.from.iter().any(|paths| paths.matches(path)))
            .then_some(prefetch.bundle)
    }
}

/// The Trunk entry of `bundle`: one template for all, so they cannot drift apart.
pub fn entry_html(bundle: &Bundle) -> String {
    let mut head = String::new();
    if bundle.manifest {
        head.push_str("    <link rel=\"manifest\" href=\"/manifest.json\" />\n");
    }
    for style in ["tokens", "base", "pages"].iter().chain(bundle.styles) {
        head.push_str(&format!(
            "    <link data-trunk rel=\"css\" href=\"style/{style}.css\" />\n"
        ));
    }
    head.push_str(&format!(
        "    <link data-trunk rel=\"rust\" data-bin=\"{}\" data-wasm-opt=\"s\"\n          \
         data-wasm-opt-params=\"{WASM_OPT_PARAMS}\" />\n",
        bundle.bin
    ));
    for worker in bundle.workers {
        head.push_str(&format!("    <!-- {} -->\n", worker.comment));
        head.push_str(&format!(
            "    <link data-trunk rel=\"rust\" href=\"{}\" data-bin=\"{}\" data-type=\"worker\"",
            worker.manifest, worker.bin
        ));
        if let Some(features) = worker.features {
            head.push_str(&format!(" data-cargo-features=\"{features}\""));
        }
        head.push_str(&format!(
            "\n          data-loader-shim data-wasm-opt=\"{}\"",
            worker.wasm_opt
        ));
        if let Some(params) = worker.wasm_opt_params {
            head.push_str(&format!(" data-wasm-opt-params=\"{params}\""));
        }
        head.push_str(" />\n");
    }
    // The icon and the manifest are served from the site's root: only the residents' bundle,
    // built into `dist/` itself, copies them.
    if bundle.dir.is_empty() {
        for file in ["favicon.svg", "manifest.json"] {
            head.push_str(&format!(
                "    <link data-trunk rel=\"copy-file\" href=\"public/{file}\" />\n"
            ));
        }
    }
    ENTRY_TEMPLATE
        .replace("{title}", bundle.title)
        .replace("{head}\n", &head)
}

const ENTRY_TEMPLATE: &str = r##"<!doctype html>
<!-- Generated from crates/bundles/src/lib.rs by `cargo run -p linli-bundles -- entries`: edit the table there, not this file. -->
<html lang="zh-CN">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
    <meta name="description" content="邻里 · 通州区社区共治：扫码报修、微更新投票、一刻钟便民服务圈。Linli: Tongzhou's neighbourhood tool." />
    <meta name="theme-color" content="#0b5d57" />
    <meta name="format-detection" content="telephone=no" />
    <title>{title}</title>
    <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
{head}
  </head>
  <body>
    <noscript>
      <p>邻里需要启用 JavaScript。如需反映问题，请拨打 12345。</p>
      <p lang="en">Linli needs JavaScript. To report a problem, call 12345.</p>
    </noscript>
  </body>
</html>
"##;

#[cfg(test)]
mod tests {
    use super::*;

    fn dir_for(path: &str) -> Option<&'static str> {
        bundle_for(path).map(|bundle| bundle.dir)
    }

    #[test]
    fn each_page_is_answered_by_its_bundle() {
        for (path, dir) in [
            ("/", ""),
            ("/scan", ""),
            ("/scan/", ""),
            ("/c/1101120110000001", ""),
            ("/c/1101120110000001/report", "report"),
            ("/c/1101120110000001/report/", "report"),
            ("/report", "report"),
            ("/report/", "report"),
            ("/r/42", "track"),
            ("/me", "track"),
            ("/me/", "track"),
            ("/vote", "circles"),
            ("/vote/", "circles"),
            ("/v/3", "v"),
            ("/map", "circles"),
            ("/map/", "circles"),
            ("/map/beiyuan-jiayuan", "map"),
            ("/map/beiyuan-jiayuan/", "map"),
            ("/admin", "admin"),
            ("/admin/reports", "admin"),
            ("/kiosk", "kiosk"),
            ("/kiosk/pair", "kiosk"),
        ] {
            assert_eq!(dir_for(path), Some(dir), "{path}");
        }
        for no_page in [
            "/reports-of-old",
            "/merit",
            "/healthz",
            "/metrics",
            "/b/1",
            "/track",
        ] {
            assert_eq!(dir_for(no_page), None, "{no_page}");
        }
    }

    #[test]
    fn only_the_component_page_prefetches_the_report_form() {
        let residents = residents();
        assert_eq!(
            residents.prefetches_at("/c/1101120110000001"),
            Some("report")
        );
        assert_eq!(residents.prefetches_at("/"), None);
        assert_eq!(
            by_dir("report").unwrap().prefetches_at("/report"),
            Some("track")
        );
        assert_eq!(by_dir("kiosk").unwrap().prefetches_at("/kiosk"), None);
    }

    #[test]
    fn every_bundle_is_named_once_and_prefetches_a_bundle_that_exists() {
        for (i, bundle) in BUNDLES.iter().enumerate() {
            assert!(
                BUNDLES[i + 1..].iter().all(|other| other.dir != bundle.dir
                    && other.entry != bundle.entry
                    && other.bin != bundle.bin),
                "{} is named twice",
                bundle.entry
            );
            if let Some(prefetch) = bundle.prefetch {
                assert!(by_dir(prefetch.bundle).is_some(), "{}", bundle.entry);
            }
        }
        assert!(residents().dir.is_empty() && residents().entry == "index.html");
    }

    #[test]
    fn an_entry_names_its_bin_styles_and_workers() {
        let map = entry_html(by_dir("map").unwrap());
        assert!(map.contains("<title>邻里 · 一刻钟便民服务圈 · Linli 15-minute circle</title>"));
        assert!(map.contains("data-bin=\"linli-map\""));
        assert!(map.contains("href=\"style/map.css\""));
        assert!(map.contains("href=\"crates/map-tiles/Cargo.toml\" data-bin=\"map-tiles\""));
        assert!(map.contains("<link rel=\"manifest\""));
        assert!(
            !map.contains("copy-file"),
            "only dist/ itself holds the icon"
        );
        let kiosk = entry_html(by_dir("kiosk").unwrap());
        assert!(!kiosk.contains("manifest"));
        let residents = entry_html(residents());
        assert!(residents.contains("data-cargo-features=\"simd\""));
        assert!(residents.contains("href=\"public/favicon.svg\""));
        assert!(!residents.contains("{head}") && !residents.contains("{title}"));
    }
}
