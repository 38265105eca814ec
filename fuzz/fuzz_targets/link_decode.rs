//! Share links (`handshake_core::link`). The first byte picks what the rest is: even, the text
//! of a link (URL, fragment or bare payload) as a user would paste it; odd, the JSON document
//! inside a link, which the target packs into a link itself (deflate, base64url) so that the
//! fuzzer reaches the document's checks without having to find valid deflate. Nothing may panic;
//! a link that opens, encoded again, opens to the same experiment. (Replaying it is left to
//! `scenario_run`: a hostile link may ask for a day of virtual time.)

#![no_main]

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use handshake_core::link;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let text = if mode % 2 == 0 {
        let Ok(text) = std::str::from_utf8(rest) else {
            return;
        };
        text.to_owned()
    } else {
        let deflated = miniz_oxide::deflate::compress_to_vec(rest, 1);
        format!("x1.{}", URL_SAFE_NO_PAD.encode(deflated))
    };
    let Ok(e) = link::decode(&text) else {
        return;
    };
    let again = link::encode(&e);
    assert_eq!(
        link::decode(&again).as_ref(),
        Ok(&e),
        "an opened link encoded again opens differently: {again}"
    );
});
