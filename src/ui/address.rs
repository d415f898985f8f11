//! Reading the page's address in the bundles without a router: the residents', the vote and
//! the report bundle choose their page from it once; the map follows it as signals ([`Address`]).

use leptos::prelude::*;

/// `path` without its trailing slash (static hosts serving an exported copy redirect
/// `/c/<code>` to the folder `/c/<code>/`); `/` stays `/`.
pub(crate) fn without_trailing_slash(path: &str) -> &str {
    match path.strip_suffix('/') {
        Some(trimmed) if !trimmed.is_empty() => trimmed,
        _ => path,
    }
}

/// The one non-empty segment after `prefix` (`/c/1101…` after `/c/`); none when the path has
/// another prefix, nothing after it, or more segments.
pub(crate) fn segment_after<'a>(path: &'a str, prefix: &str) -> Option<&'a str> {
    path.strip_prefix(prefix)
        .filter(|segment| !segment.is_empty() && !segment.contains('/'))
}

/// The value of `name` in the address's query, trimmed; none when absent or blank.
pub(crate) fn query_value(name: &str) -> Option<String> {
    let search = window().location().search().ok()?;
    let value = web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)?;
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// The address as signals, for the one bundle whose page keeps its state in the URL and moves
/// within it (the map: a new start is a history step, a filter replaces the entry). Changes are
/// written with `history.pushState`/`replaceState`, and Back and Forward are followed through
/// `popstate`; that is all the map needs of a router, at a fraction of leptos_router's size.
#[derive(Clone, Copy)]
pub(crate) struct Address {
    path: RwSignal<String>,
    search: RwSignal<String>,
}

impl Address {
    /// The address now, kept current through Back and Forward; for the bundle's root.
    pub(crate) fn provide() -> Address {
        let address = Address {
            path: RwSignal::new(String::new()),
            search: RwSignal::new(String::new()),
        };
        address.read_location();
        crate::ui::listen::use_window_event(leptos::ev::popstate, move |_| address.read_location());
        provide_context(address);
        address
    }

    pub(crate) fn use_context() -> Address {
        expect_context::<Address>()
    }

    fn read_location(self) {
        let location = window().location();
        self.path.set(location.pathname().unwrap_or_default());
        self.search.set(location.search().unwrap_or_default());
    }

    /// The path (reactive).
    pub(crate) fn path(self) -> Signal<String> {
        self.path.into()
    }

    /// Reads the query (reactive): `read(|key| value)`.
    pub(crate) fn with_query<T>(
        self,
        read: impl FnOnce(&dyn Fn(&str) -> Option<String>) -> T,
    ) -> T {
        self.search.with(|search| {
            let params = web_sys::UrlSearchParams::new_with_str(search).ok();
            read(&|key| params.as_ref().and_then(|p| p.get(key)))
        })
    }

    /// Moves to `url` (a path with its query) without a page load: a new history entry when
    /// `push`, else in place of the current one. The page stays where it is scrolled: every move
    /// starts from a control near what changes.
    pub(crate) fn go(self, url: &str, push: bool) {
        let Ok(history) = window().history() else {
            return;
        };
        let written = if push {
            history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url))
        } else {
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url))
        };
        if written.is_ok() {
            self.read_location();
        }
    }
}
