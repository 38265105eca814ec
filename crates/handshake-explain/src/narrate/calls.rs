//! User calls: a `send` with its bytes, a call the endpoint refused, and calls whose state change
//! does not follow (the others are told by the state change).

use alloc::format;
use alloc::string::String;

use handshake_core::endpoint::Cause;
use handshake_core::trace::TraceKind;
use handshake_core::vocab::{CallError, Side, UserCall};

use super::Narrator;
use crate::errors::call_error;
use crate::fact::FactKind;
use crate::korean::{Josa, josa};
use crate::lang::say;

impl Narrator<'_> {
    pub(super) fn call(
        &self,
        i: usize,
        side: Side,
        user_call: &UserCall,
        error: Option<CallError>,
    ) -> Option<String> {
        let who = self.who_cap(side);
        let call = format!("{}()", user_call.name());
        if let Some(err) = error {
            let error = format!("\"{}\"", call_error(err, self.lang));
            return Some(say!(
                self.lang,
                format!("{who} calls {call}, which is refused: {error} (RFC 9293 §3.10)."),
                format!(
                    "{who}가 {} 호출하지만 {} 거부된다(RFC 9293 §3.10).",
                    josa(&call, Josa::Eul),
                    josa(&error, Josa::Euro)
                ),
            ));
        }
        if let UserCall::Send(d) = user_call {
            let len = self.num(FactKind::SendLen, d.len() as u64, i);
            let data = d.preview().map(|p| self.quote(FactKind::SendData, &p, i));
            return Some(say!(
                self.lang,
                format!(
                    "{}'s application calls send() with {len} bytes{}.",
                    who,
                    data.map(|d| format!(": \"{d}\"")).unwrap_or_default()
                ),
                format!(
                    "{who} 애플리케이션이 send()로 {len}바이트를 넘긴다{}.",
                    data.map(|d| format!(": \"{d}\"")).unwrap_or_default()
                ),
            ));
        }
        // listen, connect, close and abort are told by the state change they cause.
        let told_by_state = self.followers(i, side).any(|(_, k)| {
            matches!(k, TraceKind::State { cause, .. }
                if matches!((user_call, cause),
                    (UserCall::Listen, Cause::Listen)
                    | (UserCall::Connect, Cause::Connect)
                    | (UserCall::Close, Cause::Close)
                    | (UserCall::Abort, Cause::Abort)))
        });
        if told_by_state {
            return None;
        }
        Some(say!(
            self.lang,
            format!("{who} calls {call}."),
            format!("{who}가 {} 호출한다.", josa(&call, Josa::Eul)),
        ))
    }
}
