//! Fuzzes `linli_core::fuzzing::check_open311_form`: see that function for the properties.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| linli_core::fuzzing::check_open311_form(data));
