//! Fuzzes `linli_core::fuzzing::check_pb`: see that function for the properties.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| linli_core::fuzzing::check_pb(data));
