//! Random identifiers from the browser's cryptographic source (`crypto.getRandomValues`): the
//! Idempotency-Key that makes a resent report answer the same request, and the per-browser ids of
//! "me too" and open polls. `Math.random` is predictable from a few of its outputs, so a key made
//! with it could be guessed by whoever saw another.

/// `bytes` random bytes as lower-case hex.
pub(crate) fn random_hex(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    let crypto = web_sys::window()
        .expect("a browser window")
        .crypto()
        .expect("every browser Linli supports has crypto.getRandomValues");
    crypto
        .get_random_values_with_u8_array(&mut buffer)
        .expect("at most 65,536 bytes at a time");
    buffer.iter().map(|b| format!("{b:02x}")).collect()
}
