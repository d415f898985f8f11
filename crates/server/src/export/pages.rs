//! The SPA's pages in a static export: each bundle's page at the paths the bundle table names for
//! a static host, the host's rules for the rest, and its headers.
//!
//! A component's two pages (`/c/<code>`, `/c/<code>/report`) are written once, at `/c/_/` and
//! `/c/_/report/`, with a rewrite rule in `_redirects` sending every code there: a district's
//! census of hundreds of thousands of components would otherwise be as many page folders of the
//! same bytes (1,233,784 files and over 8 GB at district size, measured in docs/benchmarks.md).
//! The component's data is its own document (`/api/v1/components/<code>.json`); the page reads
//! the code from the address. [`ComponentPages::OnePerComponent`] keeps a copy per component, for
//! a host with no rewrite rules at all.

use linli_bundles::{BUNDLES, Exported};

use super::files::ExportFiles;
use crate::AppError;
use crate::web::Spa;

/// Where the static export puts the pages of a component.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ComponentPages {
    /// One copy of each of a component's pages, at the code `_`, and a rewrite rule for the
    /// host (`_redirects`; nginx and Caddy in docs/operations.md). No component code is `_`.
    #[default]
    OneForAll,
    /// A copy of each page in every component's folder: for a host that cannot rewrite.
    OnePerComponent,
}

/// What stands for every component's code in the one copy of its pages.
pub const ANY_COMPONENT: &str = "_";

/// The ids the per-item paths of the bundle table are written for.
pub(crate) struct Items<'a> {
    pub components: &'a [String],
    pub ballots: &'a [String],
    pub communities: &'a [String],
}

/// Writes every bundle's page where the bundle table says, `404.html`, `_redirects` and
/// `_headers`, and answers how many page folders it wrote.
pub(crate) fn write_pages(
    spa: &Spa,
    items: &Items<'_>,
    component_pages: ComponentPages,
    files: &mut ExportFiles,
) -> Result<usize, AppError> {
    let mut written = 0;
    let mut rewrites = Vec::new();
    for bundle in BUNDLES {
        for exported in bundle.exported {
            let each = |pattern: &str, ids: &[String]| -> Vec<String> {
                ids.iter().map(|id| pattern.replace("{}", id)).collect()
            };
            let paths = match (*exported, component_pages) {
                (Exported::Path(path), _) => vec![path.to_owned()],
                (Exported::EachComponent(pattern), ComponentPages::OneForAll) => {
                    let page = pattern.replace("{}", ANY_COMPONENT);
                    rewrites.push(Rewrite {
                        from: pattern.replace("{}", ":code"),
                        to: format!("{page}/index.html"),
                    });
                    vec![page]
                }
                (Exported::EachComponent(pattern), ComponentPages::OnePerComponent) => {
                    each(pattern, items.components)
                }
                (Exported::EachBallot(pattern), _) => each(pattern, items.ballots),
                (Exported::EachCommunity(pattern), _) => each(pattern, items.communities),
            };
            for path in paths {
                // A bundle that was not built is answered by the residents' page, as the server does.
                let page = spa.page_for(&path).unwrap_or(spa.index_html());
                files.write(&format!("{path}/index.html"), page.as_bytes())?;
                written += 1;
            }
        }
    }
    // Hosts that answer unknown paths with `404.html` (GitHub Pages, object storage) show a
    // plate's page there, so a code added after the export still opens, with the report form's
    // files named for prefetch as on every component's page.
    let component_page = format!("/c/{ANY_COMPONENT}");
    let not_found = spa.page_for(&component_page).unwrap_or(spa.index_html());
    files.write("/404.html", not_found.as_bytes())?;
    files.write("/_redirects", redirects(&rewrites).as_bytes())?;
    let csp = spa
        .content_security_policy()
        .to_str()
        .map_err(AppError::internal)?
        .to_owned();
    // Netlify-style headers file; other hosts: see docs/operations.md.
    files.write(
        "/_headers",
        format!(
            "/*\n  Content-Security-Policy: {csp}\n  X-Content-Type-Options: nosniff\n  \
             Referrer-Policy: no-referrer\n  X-Frame-Options: DENY\n"
        )
        .as_bytes(),
    )?;
    Ok(written)
}

/// A path pattern (`:code` one segment) answered with a file's content, the address unchanged.
struct Rewrite {
    from: String,
    to: String,
}

/// The rules in the `_redirects` format Netlify and Cloudflare Pages read: `200` rewrites, so
/// the address stays the component's. The longer pattern first, as a host reading them in
/// order needs.
fn redirects(rewrites: &[Rewrite]) -> String {
    let mut rules: Vec<&Rewrite> = rewrites.iter().collect();
    rules.sort_by_key(|rule| std::cmp::Reverse(rule.from.matches('/').count()));
    let mut text = String::from(
        "# Linli's static export: every component's pages from one copy (docs/operations.md has the\n\
         # same rules for nginx and Caddy). Netlify and Cloudflare Pages read this file.\n",
    );
    for rule in rules {
        text.push_str(&format!("{}  {}  200\n", rule.from, rule.to));
    }
    text
}
