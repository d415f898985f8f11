//! Fuzzes `qr_decode::fuzzing::check_decoder`: see that function for the properties.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| qr_decode::fuzzing::check_decoder(data));
