//! Reading the page's address in the bundles without a router (the residents' and the vote
//! bundle), which choose their page from it once.

/// `path` without its trailing slash (static hosts serving an exported copy redirect
/// `/c/<code>` to the folder `/c/<code>/`); `/` stays `/`.
pub fn without_trailing_slash(path: &str) -> &str {
    match path.strip_suffix('/') {
        Some(trimmed) if !trimmed.is_empty() => trimmed,
        _ => path,
    }
}

/// The one non-empty segment after `prefix` (`/c/1101…` after `/c/`); none when the path has
/// another prefix, nothing after it, or more segments.
pub fn segment_after<'a>(path: &'a str, prefix: &str) -> Option<&'a str> {
    path.strip_prefix(prefix)
        .filter(|segment| !segment.is_empty() && !segment.contains('/'))
}

/// The value of `name` in the address's query, trimmed; none when absent or blank.
pub fn query_value(name: &str) -> Option<String> {
    let search = leptos::prelude::window().location().search().ok()?;
    let value = web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)?;
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}
