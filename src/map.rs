//! 一刻钟便民服务圈 — the 15-minute convenience circle: from a resident's building, position or
//! a scanned plate, every everyday service within a 15-minute walk along the streets, as a list
//! first and then as our own drawing of the streets (licensed map tiles beneath it only when the
//! operator configures a provider: `tiles.rs`).
//!
//! The page is a bundle of its own (`map.html`, `src/bin/map.rs`, served for `/map/*`): the
//! walking search and the drawing stay out of the residents' first load. The community list,
//! `/map`, is another (`circles.html`, `community_list.rs`). Its state
//! lives in the URL (`query.rs`); the search and the geometry are plain data (`circle.rs`,
//! `drawing_data.rs`); the rest are the page's pieces.

pub mod circle;
pub mod community_list;
pub(crate) mod data;
pub mod drawing_data;
pub(crate) mod map_view;
pub(crate) mod page;
pub(crate) mod query;
pub(crate) mod reach_list;
pub(crate) mod start_picker;
pub(crate) mod street_map;
pub(crate) mod tiles;

// The community list's bundle root (`src/bin/circles.rs`).
pub use community_list::CirclesApp;

use leptos::prelude::*;

use crate::ui::address::{Address, segment_after, without_trailing_slash};

/// A page of the map bundle, as its address names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum MapPage {
    /// `/map/<community>`, with or without a scanned plate (`?c=`).
    Community(String),
    NotFound,
}

/// Which page an address (`location.pathname`) shows; a trailing slash is ignored. `/map` itself,
/// the community list, is the list's own bundle's (`community_list::CirclesApp`).
pub(crate) fn map_page(path: &str) -> MapPage {
    match segment_after(without_trailing_slash(path), "/map/") {
        Some(community) => MapPage::Community(community.to_owned()),
        None => MapPage::NotFound,
    }
}

/// The map bundle's root: the shared shell with the circle's two pages. The page keeps its state
/// in the URL and moves within it without page loads ([`Address`]: a new start is a history
/// step); links to other tabs leave the bundle with full page loads. It has no router:
/// leptos_router cost this bundle about 40 KB brotli, for what `Address` does in a screenful.
#[component]
pub fn MapApp() -> impl IntoView {
    crate::shell::provide_shell();
    tiles::provide_tiles();
    let address = Address::provide();
    let page = Memo::new(move |_| address.path().with(|path| map_page(path)));
    view! {
        <crate::ui::nav::ShellHeader/>
        <main id="main" tabindex="-1">
            {move || match page.get() {
                MapPage::Community(community) => view! { <page::CommunityMap community/> }.into_any(),
                MapPage::NotFound => view! { <crate::ui::not_found::NotFound/> }.into_any(),
            }}
        </main>
        <crate::ui::nav::BottomNav path=window().location().pathname().unwrap_or_default()/>
    }
}

#[cfg(test)]
mod tests {
    use super::{MapPage, map_page};

    #[test]
    fn each_address_shows_its_page() {
        assert_eq!(map_page("/map/dayun"), MapPage::Community("dayun".into()));
        assert_eq!(map_page("/map/dayun/"), MapPage::Community("dayun".into()));
        // The list is its own bundle's page; the server never sends this bundle for it.
        for other in ["/map", "/map/", "/map/a/b", "/maps", "/"] {
            assert_eq!(map_page(other), MapPage::NotFound, "{other}");
        }
    }
}
