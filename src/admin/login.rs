//! The committee sign-in form.

use leptos::prelude::*;
use linli_api::LoginRequest;

use crate::client::{self, ClientError};
use crate::i18n::{ctr, use_i18n};

#[component]
pub(crate) fn LoginForm(#[prop(into)] on_success: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let login = Action::new_local(|request: &LoginRequest| {
        let request = request.clone();
        async move { client::login(&request).await }
    });
    Effect::new(move |_| {
        // Tells the parent, which reloads the session, once the server has said yes.
        if let Some(Ok(_)) = login.value().get() {
            on_success.run(());
        }
    });
    let error_text = move || {
        let t = i18n.t();
        login
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|error| match error {
                ClientError::Api { code, .. } if code == "wrong_credentials" => {
                    i18n.c().login_wrong.to_owned()
                }
                ClientError::Api { code, .. } if code == "missing_credentials" => {
                    i18n.c().login_missing.to_owned()
                }
                other => crate::ui::error_view::error_sentence(t, &other),
            })
    };
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        login.dispatch(LoginRequest {
            username: username.get_untracked(),
            password: password.get_untracked(),
        });
    };
    view! {
        <h1>{ctr(|t| t.login_title)}</h1>
        <form class="form" on:submit=on_submit>
            <label for="username">{ctr(|t| t.username)}</label>
            <input id="username" name="username" autocomplete="username" required
                prop:value=move || username.get() on:input=move |e| username.set(event_target_value(&e))/>
            <label for="password">{ctr(|t| t.password)}</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required
                prop:value=move || password.get() on:input=move |e| password.set(event_target_value(&e))/>
            <p class="field-error" role="alert">{error_text}</p>
            <button class="button button-primary" type="submit" disabled=move || login.pending().get()>
                {ctr(|t| t.login_submit)}
            </button>
        </form>
    }
}
