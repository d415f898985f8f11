//! 一刻钟便民服务圈 — the 15-minute convenience circle: from a resident's building, position or
//! a scanned plate, every everyday service within a 15-minute walk along the streets, as a list
//! first and then as our own drawing of the streets (licensed map tiles beneath it only when the
//! operator configures a provider: `tiles.rs`).
//!
//! The page is a bundle of its own (`map.html`, `src/bin/map.rs`, served for `/map` and
//! `/map/*`): the walking search and the drawing stay out of the residents' first load. Its state
//! lives in the URL (`query.rs`); the search and the geometry are plain data (`circle.rs`,
//! `drawing_data.rs`); the rest are the page's pieces.

pub mod circle;
pub mod community_list;
pub mod drawing_data;
pub mod nearest;
pub mod page;
pub mod query;
pub mod reach_list;
pub mod start_picker;
pub mod street_map;
pub mod tiles;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The map bundle's root: the shared shell with the circle's two routes. Its navigation leaves
/// the bundle with full page loads.
#[component]
pub fn MapApp() -> impl IntoView {
    crate::app::provide_shell();
    tiles::provide_tiles();
    view! {
        <Router>
            <crate::ui::nav::ShellHeader/>
            <main id="main" tabindex="-1">
                <Routes fallback=crate::ui::not_found::NotFound>
                    <Route path=path!("/map") view=page::MapIndex/>
                    <Route path=path!("/map/:community") view=page::CommunityMap/>
                </Routes>
            </main>
            <crate::ui::nav::RoutedBottomNav/>
        </Router>
    }
}
