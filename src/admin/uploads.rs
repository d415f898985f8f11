//! The district's two uploads, an inventory file and an OSM extract, kept by the committee app
//! rather than by the import page: a long file goes on being sent and checked while the clerk
//! uses other pages, and its answer is there on coming back. Also the bar that shows how far one
//! has come.

use leptos::prelude::*;
use linli_api::{ImportKind, ImportSummary, WalkingNetworkSummary};

use crate::client::{self, ClientError, ImportChoice, UploadProgress};
use crate::i18n::{ctr, fill, use_i18n};

/// An inventory file as the clerk chose it, and whether to store it or only try it.
#[derive(Clone, Debug)]
pub(crate) struct InventoryFile {
    pub kind: ImportKind,
    pub file: web_sys::File,
    pub encoding: String,
    pub datum: String,
    pub retire_missing: bool,
    pub apply: bool,
}

/// An `.osm.pbf` extract for one community's walking network.
#[derive(Clone, Debug)]
pub(crate) struct OsmExtract {
    pub community: String,
    pub file: web_sys::File,
    pub around_metres: f64,
    pub apply: bool,
}

/// What was sent and what the server answered: the file stays with its answer, so that "apply"
/// sends exactly the file the dry run checked.
pub(crate) type Sent<I, O> = (I, Result<O, ClientError>);

#[derive(Clone, Copy)]
pub(crate) struct Uploads {
    pub inventory: Action<InventoryFile, Sent<InventoryFile, ImportSummary>>,
    pub inventory_progress: RwSignal<Option<UploadProgress>>,
    pub walking: Action<OsmExtract, Sent<OsmExtract, WalkingNetworkSummary>>,
    pub walking_progress: RwSignal<Option<UploadProgress>>,
}

/// Called once by the committee app's root, whose owner outlives every page.
pub(crate) fn provide_uploads() {
    let inventory_progress = RwSignal::new(None);
    let walking_progress = RwSignal::new(None);
    let inventory = Action::new_local(move |sent: &InventoryFile| {
        let sent = sent.clone();
        async move {
            inventory_progress.set(None);
            let name = sent.file.name();
            let choice = ImportChoice {
                kind: sent.kind,
                file_name: &name,
                encoding: &sent.encoding,
                datum: &sent.datum,
                apply: sent.apply,
                retire_missing: sent.retire_missing,
            };
            let answer = client::import_inventory(&choice, &sent.file, move |p| {
                inventory_progress.set(Some(p))
            })
            .await;
            (sent, answer)
        }
    });
    let walking = Action::new_local(move |sent: &OsmExtract| {
        let sent = sent.clone();
        async move {
            walking_progress.set(None);
            let answer = client::walking_network(
                &sent.community,
                sent.around_metres,
                sent.apply,
                &sent.file,
                move |p| walking_progress.set(Some(p)),
            )
            .await;
            (sent, answer)
        }
    });
    provide_context(Uploads {
        inventory,
        inventory_progress,
        walking,
        walking_progress,
    });
}

pub(crate) fn use_uploads() -> Uploads {
    expect_context::<Uploads>()
}

/// The bar of an upload under way: the share of the file sent, then an indeterminate bar while
/// the server checks its rows. Nothing when no upload is under way.
#[component]
pub(crate) fn UploadBar(
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] progress: Signal<Option<UploadProgress>>,
    test_id: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        if !pending.get() {
            return ().into_any();
        }
        match progress.get() {
            Some(UploadProgress::Checking) => view! {
                <div class="upload-bar" data-testid=test_id>
                    <progress aria-label=ctr(|c| c.upload_checking)></progress>
                    <span>{ctr(|c| c.upload_checking)}</span>
                </div>
            }
            .into_any(),
            sending => {
                let percent = match sending {
                    Some(UploadProgress::Sending { sent, total }) if total > 0.0 => {
                        (sent / total * 100.0).floor().clamp(0.0, 100.0)
                    }
                    _ => 0.0,
                };
                let text = fill(i18n.c().upload_sent, &[("percent", &percent.to_string())]);
                view! {
                    <div class="upload-bar" data-testid=test_id>
                        <progress max="100" value=percent.to_string() aria-label=ctr(|c| c.upload_label)></progress>
                        <span>{text}</span>
                    </div>
                }
                .into_any()
            }
        }
    }
}
