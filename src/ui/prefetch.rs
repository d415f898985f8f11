//! The next bundle's files, fetched once the page has drawn. The server names them in
//! `<meta name=linli-prefetch>` on a plate's page (the report form's bundle, which its big
//! button opens); asked for in the head, they competed with the page's own wasm and data on a
//! weak network (see `with_prefetch` in the server).

use std::time::Duration;

use leptos::prelude::{document, set_timeout};

/// After `delay`, turns the page's named files into `<link rel=prefetch>`: the browser fetches
/// them at idle priority and keeps them in its cache. Once per page; nothing on a page without
/// the meta element.
pub(crate) fn prefetch_named_files(delay: Duration) {
    set_timeout(
        || {
            let document = document();
            let Ok(Some(meta)) = document.query_selector("meta[name=linli-prefetch]") else {
                return;
            };
            let files = meta.get_attribute("content").unwrap_or_default();
            for href in files.split_whitespace() {
                let Ok(link) = document.create_element("link") else {
                    return;
                };
                let _ = link.set_attribute("rel", "prefetch");
                let _ = link.set_attribute("href", href);
                // Scripts and wasm are fetched in CORS mode by the bundle's page: the hint must
                // match, or the cached copy is not used.
                if !href.ends_with(".css") {
                    let _ = link.set_attribute("crossorigin", "");
                }
                let _ = meta.before_with_node_1(&link);
            }
            meta.remove();
        },
        delay,
    );
}
