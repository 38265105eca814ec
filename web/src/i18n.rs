//! Every user-visible string of the app, in English and Korean.
//!
//! One closed enum, [`Msg`], names each message; [`messages!`] declares a key together with both
//! of its texts, so a key without a translation does not compile and a translation never drifts
//! away from its key. Components read the current [`Lang`] with [`use_lang`] and write
//! `Msg::LaneClient.text(lang)`.
//!
//! Adding a message: add one entry to the `messages!` block below, grouped with its component.
//! Keep protocol names (SYN, ACK, FIN, RST, state names such as `TIME-WAIT`) in their RFC
//! spelling in both languages; they come from `handshake-core`, not from here. Messages with
//! values in them get a function next to `Msg` that formats the value into the text of both
//! languages, so word order can differ between them.

use handshake_explain::format::grouped;
use yew::prelude::*;

/// A language of the user interface: the explanations' own (`handshake_explain::Lang`), so a
/// component passes it straight to the narration, the errors and the formatting helpers.
pub use handshake_explain::Lang;

/// The browser's preferred language (`navigator.language`), English when there is none.
pub fn detect_lang() -> Lang {
    web_sys::window()
        .and_then(|window| window.navigator().language())
        .map_or(Lang::En, |tag| Lang::from_tag(&tag))
}

/// The current language, provided by [`crate::App`] through a `ContextProvider<Lang>`.
#[hook]
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or(Lang::En)
}

/// Declares [`Msg`] with its texts: `Key { en: "…", ko: "…" }`, doc comments allowed.
macro_rules! messages {
    ($( $(#[$doc:meta])* $key:ident { en: $en:literal, ko: $ko:literal $(,)? } )*) => {
        /// A message key; [`Msg::text`] gives its text in a [`Lang`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Msg {
            $( $(#[$doc])* $key, )*
        }

        impl Msg {
            /// Every message, in declaration order (for tests).
            pub const ALL: &'static [Msg] = &[$(Msg::$key),*];

            /// The message in `lang`.
            pub const fn text(self, lang: Lang) -> &'static str {
                // A table indexed by the key, in declaration order like the enum: a `match`
                // of two arms per message compiled to 8.8 KB of wasm code (issue 15).
                const TEXTS: &[[&str; 2]] = &[$([$en, $ko]),*];
                let column = match lang {
                    Lang::En => 0,
                    Lang::Ko => 1,
                };
                TEXTS[self as usize][column]
            }
        }
    };
}

messages! {
    // Header.
    /// The product name; a brand, the same in every language.
    AppTitle { en: "Handshake Lab", ko: "Handshake Lab" }
    AppTagline { en: "TCP connection management, made visible", ko: "눈으로 보는 TCP 연결 관리" }
    LanguageSwitchLabel { en: "Language", ko: "언어" }

    // Stage: the two lanes and the wire between them.
    StageLabel { en: "Connection between client and server", ko: "클라이언트와 서버 사이의 연결" }
    LaneClient { en: "Client", ko: "클라이언트" }
    LaneServer { en: "Server", ko: "서버" }
    LaneStateLabel { en: "State", ko: "상태" }
    WireLabel { en: "Segments travelling between client and server", ko: "클라이언트와 서버 사이를 오가는 세그먼트" }
    WireTime { en: "time", ko: "시간" }
    WireHint { en: "Segments will travel here", ko: "여기로 세그먼트가 오갑니다" }

    // Control bar.
    ControlsLabel { en: "Controls", ko: "조작" }
    ControlPlay { en: "Play", ko: "재생" }
    ControlStep { en: "Step", ko: "한 단계" }
    ControlReset { en: "Reset", ko: "처음으로" }
    ControlsPending { en: "The controls come alive with the first scenario.", ko: "첫 시나리오가 들어오면 조작 버튼이 켜집니다." }

    // Footer.
    FooterVersion { en: "version", ko: "버전" }
    FooterModel { en: "Models RFC 9293 and RFC 6298", ko: "RFC 9293 · RFC 6298 모델" }

    // The page shown after a panic (both languages at once: the app's state is gone).
    PanicTitle { en: "Something went wrong", ko: "문제가 생겼습니다" }
    PanicBody {
        en: "Handshake Lab stopped because of a bug. Reloading the page starts it again.",
        ko: "Handshake Lab이 버그 때문에 멈췄습니다. 페이지를 다시 불러오면 처음부터 시작합니다.",
    }
    PanicReload { en: "Reload", ko: "다시 불러오기" }
    PanicDetails { en: "Details for a bug report", ko: "버그 신고용 자세한 정보" }

    // Keyboard shortcuts (web/src/shortcuts.rs; the help overlay lists them).
    ShortcutPlayPause { en: "Play / pause", ko: "재생 / 일시 정지" }
    ShortcutStepForward { en: "Step forward to the next event", ko: "다음 사건으로 한 단계 앞으로" }
    ShortcutStepBack { en: "Step back to the previous event", ko: "이전 사건으로 한 단계 뒤로" }
    ShortcutReset { en: "Reset: back to the start of the scenario", ko: "처음으로: 시나리오 시작으로 되돌리기" }
    ShortcutFaster { en: "Faster", ko: "더 빠르게" }
    ShortcutSlower { en: "Slower", ko: "더 느리게" }
    ShortcutSelectNext { en: "Select the next segment on the link", ko: "링크 위의 다음 세그먼트 선택" }
    ShortcutSelectPrevious { en: "Select the previous segment on the link", ko: "링크 위의 이전 세그먼트 선택" }
    ShortcutDrop { en: "Drop the selected segment", ko: "선택한 세그먼트 버리기" }
    ShortcutDelayHalf { en: "Delay the selected segment by 0.5 s", ko: "선택한 세그먼트 0.5초 지연" }
    ShortcutDelayOne { en: "Delay the selected segment by 1 s", ko: "선택한 세그먼트 1초 지연" }
    ShortcutHold { en: "Hold the selected segment, or release it", ko: "선택한 세그먼트 붙잡기 / 놓아주기" }
    ShortcutDuplicate { en: "Duplicate the selected segment", ko: "선택한 세그먼트 복제" }
    ShortcutEscape { en: "Close the menu, clear the selection", ko: "메뉴 닫기, 선택 해제" }
    ShortcutAbsolute { en: "Relative / absolute sequence numbers", ko: "상대 / 절대 시퀀스 번호" }
    ShortcutFollow { en: "Follow the present", ko: "현재 시점 따라가기" }
    ShortcutSkipWaiting { en: "Fast-forward waiting for timers on / off", ko: "타이머 대기 빨리 감기 켜기 / 끄기" }
    ShortcutHelp { en: "Show this list", ko: "이 목록 보기" }
    ShortcutUndo { en: "Undo the last change to the session's actions", ko: "세션 동작의 마지막 변경 되돌리기" }
    ShortcutFit { en: "Fit the whole run in the box, or back to full scale", ko: "실행 전체를 한 화면에 맞추기 / 원래 배율로" }
    ShortcutQuiz { en: "Predict, then reveal: ask before each step, on / off", ko: "예측하고 확인: 단계마다 먼저 묻기 켜기 / 끄기" }

    // The lab: ladder, endpoint cards and timers (components/{ladder,endpoint_header,timers}.rs).
    FollowPresent { en: "Follow the present", ko: "현재 시점 따라가기" }
    FitRun { en: "Fit the whole run", ko: "실행 전체 보기" }
    FitRunHint { en: "Shrink the time axis so the whole run fits in the box", ko: "시간 축을 줄여 실행 전체를 한 화면에 보여 줍니다" }
    RetransmissionOf { en: "rtx of", ko: "재전송:" }
    CopyOf { en: "copy of", ko: "복제:" }
    Lost { en: "lost", ko: "유실" }
    LostByUser { en: "Dropped by you", ko: "직접 버린 세그먼트" }
    LostByScenario { en: "Dropped by the scenario's rule", ko: "시나리오 규칙으로 버려진 세그먼트" }
    LostRandomly { en: "Lost at random (loss rate)", ko: "무작위 유실 (유실률)" }
    LostTooOld { en: "Lost: older than the MSL", ko: "유실: MSL보다 오래됨" }
    LostHostDown { en: "Lost: the receiving host was down", ko: "유실: 받는 호스트가 꺼져 있었음" }
    Held { en: "held", ko: "붙잡힘" }
    Delayed { en: "delay", ko: "지연" }
    Released { en: "released", ko: "놓아줌" }
    CapsuleHint { en: "in flight; open the fault menu", ko: "전송 중; 장애 메뉴 열기" }
    CapsuleRecordedHint { en: "in flight; show its header", ko: "전송 중; 헤더 보기" }
    CapsuleHeldHint { en: "held on the link; open the menu to release it", ko: "링크에 붙잡혀 있음; 메뉴에서 놓아주기" }
    TimerRetransmission { en: "Retransmission timer", ko: "재전송 타이머" }
    TimerTimeWait { en: "TIME-WAIT timer", ko: "TIME-WAIT 타이머" }
    TimerFinWait2 { en: "FIN-WAIT-2 timer", ko: "FIN-WAIT-2 타이머" }
    TimerDelayedAck { en: "Delayed-ACK timer", ko: "지연 ACK 타이머" }
    TimerRestartedShort { en: "restarted", ko: "다시 시작" }
    TimerFired { en: "Timer expired", ko: "타이머 만료" }
    TimerCancelled { en: "Timer stopped before expiring", ko: "만료 전에 멈춘 타이머" }
    TimerRestarted { en: "Timer restarted", ko: "타이머 다시 시작" }
    TimerRunning { en: "Timer running", ko: "타이머 작동 중" }
    GapHint {
        en: "Nothing moved here: this wait is drawn shorter than it lasted",
        ko: "이 동안은 아무것도 움직이지 않아 실제보다 짧게 그렸습니다",
    }

    // The lab: control bar (components/control_bar.rs).
    ControlPause { en: "Pause", ko: "일시 정지" }
    ControlReplay { en: "Replay", ko: "다시 재생" }
    ControlStepBack { en: "Back", ko: "한 단계 뒤로" }
    ControlScrubber { en: "Time", ko: "시간" }
    ControlSpeed { en: "Speed", ko: "속도" }
    ControlSkipWaiting { en: "Skip waiting", ko: "대기 건너뛰기" }
    ControlSkipWaitingHint {
        en: "While nothing moves and only a timer is awaited, time runs 20 times faster; the countdowns still show it.",
        ko: "아무것도 움직이지 않고 타이머만 기다리는 동안 시간이 20배 빨리 흐릅니다. 카운트다운에는 그대로 보입니다.",
    }
    ControlAbsolute { en: "Absolute numbers", ko: "절대 번호" }
    HelpButton { en: "Keys", ko: "단축키" }
    ControlUndo { en: "Undo", ko: "되돌리기" }

    // The lab: fault menu (components/fault_menu.rs).
    FaultMenuLabel { en: "On the link:", ko: "전송 중인 세그먼트:" }
    FaultDrop { en: "Drop", ko: "버리기" }
    FaultDelay { en: "Delay", ko: "지연" }
    FaultDelayCustom { en: "Custom delay in milliseconds", ko: "직접 정하는 지연 (밀리초)" }
    FaultHold { en: "Hold", ko: "붙잡기" }
    FaultRelease { en: "Release", ko: "놓아주기" }
    FaultDuplicate { en: "Duplicate", ko: "복제" }
    FaultClose { en: "Close", ko: "닫기" }

    // The lab: applications' calls, armed faults, loss (components/calls_panel.rs).
    CallsLabel { en: "application calls", ko: "애플리케이션 호출" }
    CallsText { en: "Text to send", ko: "보낼 텍스트" }
    CallsMore { en: "Arm a fault · random loss", ko: "장애 걸어 두기 · 무작위 유실" }
    CallsMoreShort { en: "faults", ko: "장애" }
    ArmLabel { en: "Next segment:", ko: "다음 세그먼트:" }
    ArmButton { en: "Arm", ko: "걸어 두기" }
    ArmedList { en: "Armed", ko: "걸어 둔 장애" }
    LossLabel { en: "Random loss", ko: "무작위 유실" }

    // The lab: changing the past (components/change_prompt.rs).
    ChangeTitle { en: "This changes the past.", ko: "과거를 바꾸려고 합니다." }
    ChangeQuestion {
        en: "Keep them (each is applied again after this change, where it still applies) or cut them?",
        ko: "이 동작들을 남길까요(바꾼 뒤에도 적용되는 것만 다시 적용합니다), 잘라낼까요?",
    }
    ChangeKeep { en: "Keep them", ko: "남기기" }
    ChangeCut { en: "Cut them", ko: "잘라내기" }
    ChangeCancel { en: "Cancel", ko: "취소" }
    NoticeUndone { en: "Undone: the session's actions are as they were.", ko: "되돌렸습니다. 세션의 동작이 바꾸기 전과 같습니다." }

    // The lab: notices (components/notice.rs).
    NoticeActionFailed { en: "Could not do that", ko: "할 수 없습니다" }
    NoticeImportFailed { en: "The scenario file could not be read", ko: "시나리오 파일을 읽을 수 없습니다" }
    NoticeImported { en: "Scenario loaded; press Play.", ko: "시나리오를 불러왔습니다. 재생을 누르세요." }
    NoticeUnknownPreset { en: "The link asks for a scenario that does not exist:", ko: "링크가 가리키는 시나리오가 없습니다:" }
    NoticeUnknownPresetHint { en: "Showing the first one; the Scenario menu lists them all.", ko: "첫 번째 시나리오를 보여 줍니다. 시나리오 메뉴에서 모두 볼 수 있습니다." }
    NoticeDismiss { en: "Dismiss", ko: "닫기" }
    NoticeIgnoredParams { en: "Left out of the link (the default applies):", ko: "링크에서 쓸 수 없어 기본값을 쓴 값:" }
    UrlExpectTime { en: "a time in seconds, 0 or more", ko: "0 이상의 초 단위 시각" }
    UrlExpectSpeed { en: "a speed above 0, kept within 0.25 to 64", ko: "0보다 큰 배속, 0.25~64배 사이로 맞춤" }
    UrlExpectLang { en: "ko or en", ko: "ko 또는 en" }
    UrlExpectFlag { en: "1 or 0", ko: "1 또는 0" }
    UrlExpectPreset { en: "a scenario's name", ko: "시나리오 이름" }

    // Share links, exports and import (lab/share.rs, components/{share_menu,notice}.rs).
    NoticeLinkFailed { en: "The share link could not be opened:", ko: "공유 링크를 열 수 없습니다:" }
    NoticeLinkFailedHint { en: "The lab opened without it.", ko: "링크 없이 실험실을 열었습니다." }
    NoticeLinkCopied { en: "Link copied. Anyone who opens it sees this experiment, paused here:", ko: "링크를 복사했습니다. 링크를 여는 사람은 이 실험을 이 시점에 멈춘 상태로 봅니다:" }
    NoticeLinkCopyByHand { en: "Copy this link (Ctrl+C); the browser did not let the page copy it:", ko: "이 링크를 복사하세요(Ctrl+C). 브라우저가 페이지의 복사를 허락하지 않았습니다:" }
    ShareLinkField { en: "Share link", ko: "공유 링크" }
    ShareCopyLink { en: "Copy link", ko: "링크 복사" }
    ShareCopyLinkHint { en: "opens this whole experiment at this moment (key l)", ko: "이 실험 전체를 이 시점에서 엽니다 (단축키 l)" }
    ShortcutCopyLink { en: "Copy a link to this experiment", ko: "이 실험의 링크 복사" }
    ShareMenu { en: "Share", ko: "공유" }
    ExportMenu { en: "Export this run", ko: "이 실행 내보내기" }
    ExportSvg { en: "Ladder as SVG (print, slides)", ko: "사다리 그림 SVG (인쇄, 슬라이드)" }
    ExportPng { en: "Ladder as PNG (2×)", ko: "사다리 그림 PNG (2배)" }
    ExportText { en: "Text ladder", ko: "텍스트 사다리" }
    ExportNarrated { en: "Text ladder with the narration", ko: "설명이 붙은 텍스트 사다리" }
    ExportMermaid { en: "Mermaid sequence diagram", ko: "Mermaid 시퀀스 다이어그램" }
    ExportPlantUml { en: "PlantUML sequence diagram", ko: "PlantUML 시퀀스 다이어그램" }
    ExportPcap { en: "pcap for Wireshark", ko: "Wireshark용 pcap" }
    ExportScenario { en: "Scenario file (JSON, replays this session)", ko: "시나리오 파일 (JSON, 이 세션을 재현)" }
    ExportJsonLines { en: "Trace as JSON Lines", ko: "트레이스 JSON Lines" }
    NoticeExportFailed { en: "The file could not be made:", ko: "파일을 만들 수 없습니다:" }
    ExportDownloadFailed { en: "the browser refused the download.", ko: "브라우저가 내려받기를 거부했습니다." }
    ExportPngFailed { en: "the browser could not draw the SVG as a picture.", ko: "브라우저가 SVG를 그림으로 그리지 못했습니다." }
    OpenFile { en: "Open a file…", ko: "파일 열기…" }
    OpenFileHint { en: "a scenario file, an SVG exported here, or a capture (.pcap, .pcapng); or drop it on the page", ko: "시나리오 파일, 여기서 내보낸 SVG, 또는 캡처 파일(.pcap, .pcapng). 페이지에 끌어다 놓아도 됩니다" }
    DropHere { en: "Drop a scenario file or an exported SVG to open it", ko: "시나리오 파일이나 내보낸 SVG를 놓으면 엽니다" }
    NoticeFileRefused { en: "The file could not be opened:", ko: "파일을 열 수 없습니다:" }
    FileNotText { en: "it is not UTF-8 text.", ko: "UTF-8 텍스트가 아닙니다." }
    FileUnknown { en: "it is neither a scenario file (JSON) nor an SVG exported by Handshake Lab.", ko: "시나리오 파일(JSON)도 Handshake Lab에서 내보낸 SVG도 아닙니다." }
    FileTooLarge { en: "it is larger than 16 MB.", ko: "16MB보다 큽니다." }
    EmbedOpen { en: "Open in Handshake Lab", ko: "Handshake Lab에서 열기" }
    UpdateAvailable { en: "A new version of Handshake Lab is available.", ko: "Handshake Lab의 새 버전이 있습니다." }
    UpdateReload { en: "Reload", ko: "새로 고침" }
    ProjectorLeave { en: "Leave projector mode", ko: "프로젝터 모드 끝내기" }
    ProjectorKeys { en: "→ / PageDown step · ← back · b blank · 1–4 arm · Shift+P leave", ko: "→ / PageDown 다음 · ← 이전 · b 화면 가리기 · 1–4 장애 걸어 두기 · Shift+P 끝내기" }
    ShortcutArmDropClient { en: "Drop the next segment the client sends", ko: "클라이언트가 보낼 다음 세그먼트 버리기" }
    ShortcutArmDropServer { en: "Drop the next segment the server sends", ko: "서버가 보낼 다음 세그먼트 버리기" }
    ShortcutArmDelayClient { en: "Delay the next segment the client sends by 1 s", ko: "클라이언트가 보낼 다음 세그먼트 1초 지연" }
    ShortcutArmDelayServer { en: "Delay the next segment the server sends by 1 s", ko: "서버가 보낼 다음 세그먼트 1초 지연" }
    ShortcutPresent { en: "Projector mode on / off", ko: "프로젝터 모드 켜기 / 끄기" }
    ShortcutClickerNext { en: "Projector mode: step forward (a clicker's next)", ko: "프로젝터 모드: 한 단계 앞으로 (리모컨의 다음)" }
    ShortcutClickerBack { en: "Projector mode: step back (a clicker's back)", ko: "프로젝터 모드: 한 단계 뒤로 (리모컨의 이전)" }
    ShortcutBlank { en: "Projector mode: blank the screen, or bring it back", ko: "프로젝터 모드: 화면 가리기 / 다시 보이기" }
    ShortcutBlankDot { en: "Projector mode: blank the screen (as some clickers send it)", ko: "프로젝터 모드: 화면 가리기 (일부 리모컨이 보내는 키)" }

    // The lab: settings (components/settings.rs).
    SettingsLabel { en: "Settings", ko: "설정" }
    SettingsIntro {
        en: "Changing a value starts the scenario again from 0.",
        ko: "값을 바꾸면 시나리오가 0초부터 다시 시작합니다.",
    }
    SettingSeed { en: "Seed", ko: "시드" }
    SettingSeedHint {
        en: "Picks the initial sequence numbers and which segments random loss takes; the same seed replays the same run.",
        ko: "초기 시퀀스 번호와 무작위 유실을 정합니다. 같은 시드는 같은 실행을 재현합니다.",
    }
    SettingLatency { en: "One-way latency", ko: "편도 지연" }
    SettingMsl { en: "MSL", ko: "MSL" }
    SettingMslHint {
        en: "TIME-WAIT lasts 2·MSL. Short here so it can be watched; RFC 9293 says 2 minutes (TIME-WAIT 4 min), Linux waits 60 s.",
        ko: "TIME-WAIT는 2·MSL 동안 이어집니다. 지켜볼 수 있게 짧게 두었습니다. RFC 9293은 2분(TIME-WAIT 4분), Linux는 60초를 기다립니다.",
    }
    SettingMss { en: "MSS", ko: "MSS" }
    SettingWindow { en: "Receive window", ko: "수신 윈도" }
    SettingRto { en: "Initial RTO", ko: "초기 RTO" }
    SettingRtoHint {
        en: "RFC 6298 (2.1): 1 second until a round trip is measured.",
        ko: "RFC 6298 (2.1): 왕복 시간을 재기 전까지 1초.",
    }
    ImportLabel { en: "Import a scenario file (paste JSON)", ko: "시나리오 파일 가져오기 (JSON 붙여넣기)" }
    ImportButton { en: "Load", ko: "불러오기" }
    ErrEmpty { en: "Enter a value.", ko: "값을 입력하세요." }
    ErrNotANumber { en: "Not a number.", ko: "숫자가 아닙니다." }
    ErrNotWhole { en: "Must be a whole number.", ko: "정수여야 합니다." }
    ErrNegative { en: "Must not be negative.", ko: "음수일 수 없습니다." }
    ErrTooLarge { en: "Too large; at most", ko: "너무 큽니다. 최댓값" }
    ErrPercent { en: "Must be between 0 and 100.", ko: "0에서 100 사이여야 합니다." }
    ErrCore { en: "Not accepted by the model", ko: "모델이 받아들이지 않는 값입니다" }

    // The lab: layout and side panel (app.rs).
    SideLabel { en: "Explanations", ko: "설명" }
    TabDiagram { en: "State diagram", ko: "상태도" }
    TabInspector { en: "Inspector", ko: "세그먼트 보기" }
    TabSettings { en: "Settings", ko: "설정" }
    TabLearn { en: "Learn", ko: "학습" }
    /// The phone's bottom sheet: make it taller or shorter.
    SheetGrow { en: "Taller panel", ko: "패널 키우기" }
    SheetShrink { en: "Shorter panel", ko: "패널 줄이기" }
    InspectorMore { en: "Every field and byte", ko: "모든 필드와 바이트 보기" }
    NarrationLabel { en: "What happened", ko: "일어난 일" }

    // Explanations (components/{narration_log,inspector,state_diagram,preset_menu,help_overlay}.rs).
    ExplainClient { en: "Client", ko: "클라이언트" }
    ExplainServer { en: "Server", ko: "서버" }
    NarrationEmpty {
        en: "Nothing has happened yet. Press Play or step forward.",
        ko: "아직 아무 일도 없습니다. 재생하거나 한 단계 앞으로 가 보세요.",
    }
    NarrationListLabel {
        en: "What happened, oldest first. Arrow keys move, Enter goes to that moment.",
        ko: "일어난 일, 오래된 것부터. 화살표로 옮기고 Enter로 그 시각으로 갑니다.",
    }
    NarrationSeekHint { en: "Go to this moment", ko: "이 시각으로 이동" }
    NarrationNewest { en: "Newest", ko: "최신 항목" }
    InspectorLabel { en: "Segment inspector", ko: "세그먼트 보기" }
    InspectorEmpty {
        en: "Select a segment on the ladder (click it, or press n / p) to see every header field, its bytes and both ends' variables.",
        ko: "사다리 그림에서 세그먼트를 고르면(누르거나 n / p) 헤더 필드와 바이트, 양쪽의 변수를 볼 수 있습니다.",
    }
    InspectorEmptyRecorded {
        en: "Select a segment on the ladder (click it, or press n / p) to see every header field as captured, its bytes and its frame.",
        ko: "사다리 그림에서 세그먼트를 고르면(누르거나 n / p) 캡처된 헤더 필드와 바이트, 프레임 번호를 볼 수 있습니다.",
    }
    InspectorFields { en: "Header fields", ko: "헤더 필드" }
    InspectorFieldsHint {
        en: "↑ ↓ move between fields; the field's bytes light up on the right.",
        ko: "↑ ↓ 로 필드를 옮기면 그 필드의 바이트가 옆에 표시됩니다.",
    }
    InspectorBytes { en: "Header bytes (one 32-bit word per row)", ko: "헤더 바이트 (한 줄에 32비트 워드 하나)" }
    InspectorTcb { en: "Both ends just after this segment left", ko: "이 세그먼트가 떠난 직후의 양쪽" }
    InspectorVariable { en: "Variable", ko: "변수" }
    InspectorState { en: "State", ko: "상태" }
    InspectorSender { en: "sender", ko: "보낸 쪽" }
    InspectorRelative { en: "relative", ko: "상대값" }
    InspectorRaw { en: "raw", ko: "절대값" }
    InspectorCorrect { en: "correct", ko: "올바름" }
    InspectorUnverified { en: "as captured; not verified: the payload is not kept", ko: "캡처된 그대로; 페이로드를 보관하지 않아 검증하지 않음" }
    InspectorTcbNotOnWire { en: "The ends' TCB variables are not on the wire: a capture shows only the segments.", ko: "양 끝의 TCB 변수는 선로에 보이지 않습니다. 캡처에는 세그먼트만 담겨 있습니다." }
    InspectorFrame { en: "Frame", ko: "프레임" }
    InspectorWindowScaled { en: "the window scale both SYNs carried, RFC 7323 §2.2", ko: "양쪽 SYN에 실린 윈도 스케일, RFC 7323 §2.2" }
    FieldOptionsOther { en: "Other options", ko: "기타 옵션" }
    InspectorIncorrect { en: "incorrect", ko: "틀림" }
    InspectorSet { en: "Set", ko: "1 (켜짐)" }
    InspectorNotSet { en: "Not set", ko: "0 (꺼짐)" }
    InspectorIgnored { en: "ignored: the bit is not set", ko: "비트가 꺼져 있어 무시됨" }
    InspectorBytesUnit { en: "bytes", ko: "바이트" }
    InspectorPayload { en: "Payload", ko: "페이로드" }
    InspectorNone { en: "none", ko: "없음" }
    InspectorNextSeq { en: "Next sequence number", ko: "다음 시퀀스 번호" }
    InspectorSentAt { en: "sent at", ko: "보낸 시각" }
    InspectorInFlight { en: "in flight", ko: "전송 중" }
    InspectorArrivedAt { en: "arrived at", ko: "도착 시각" }
    InspectorLostAt { en: "lost at", ko: "유실 시각" }
    InspectorHeldSince { en: "held on the link since", ko: "링크에 붙잡힌 시각" }
    InspectorDelayed { en: "delayed by", ko: "지연" }
    InspectorRetransmits { en: "retransmits", ko: "재전송 대상" }
    InspectorCopies { en: "link copy of", ko: "링크 복제 원본" }
    InspectorNoTcb { en: "no connection (no TCB)", ko: "연결 없음 (TCB 없음)" }
    FieldSrcPort { en: "Source Port", ko: "출발지 포트" }
    FieldDstPort { en: "Destination Port", ko: "목적지 포트" }
    FieldSeq { en: "Sequence Number", ko: "시퀀스 번호" }
    FieldAck { en: "Acknowledgment Number", ko: "확인 응답 번호" }
    FieldDataOffset { en: "Data Offset (header length)", ko: "데이터 오프셋 (헤더 길이)" }
    FieldReserved { en: "Reserved", ko: "예약" }
    FieldFlags { en: "Flags", ko: "플래그 (제어 비트)" }
    FieldWindow { en: "Window", ko: "윈도" }
    FieldChecksum { en: "Checksum", ko: "체크섬" }
    FieldUrgent { en: "Urgent Pointer", ko: "긴급 포인터" }
    FieldOptions { en: "Options", ko: "옵션" }
    FieldMss { en: "Maximum Segment Size", ko: "최대 세그먼트 크기 (MSS)" }
    FieldKind { en: "Kind", ko: "종류" }
    FieldLength { en: "Length", ko: "길이" }
    DiagramLabel { en: "RFC 9293 state diagram", ko: "RFC 9293 상태도" }
    DiagramCaption {
        en: "RFC 9293 Figure 5. Each arc reads event / action; the thick arc is each side's latest transition.",
        ko: "RFC 9293 그림 5. 화살표마다 '사건 / 동작'이 적혀 있고, 굵은 화살표가 양쪽 각각의 마지막 전이입니다.",
    }
    DiagramNoTransition { en: "no transition yet", ko: "아직 전이 없음" }
    DiagramNotDrawn { en: "not an arc of Figure 5", ko: "그림 5에 없는 전이" }
    DiagramIn { en: "in", ko: "현재" }
    DiagramEnlarge { en: "Enlarge", ko: "크게 보기" }
    DiagramShrink { en: "Back to the panel", ko: "원래 크기로" }
    DiagramNote1 {
        en: "Note 1: SYN-RECEIVED returns to LISTEN on an RST only if it came from a passive OPEN.",
        ko: "주 1: RST를 받은 SYN-RECEIVED가 LISTEN으로 돌아가는 것은 수동 열기(listen())에서 시작한 경우뿐입니다.",
    }
    PresetMenuLabel { en: "Scenario", ko: "시나리오" }
    PresetMenuCustom { en: "Your own scenario", ko: "직접 만든 시나리오" }
    PresetMenuNotice { en: "What to notice", ko: "눈여겨볼 점" }
    PresetMenuNoticeMore { en: "More", ko: "더 보기" }
    PresetMenuNoticeLess { en: "Less", ko: "접기" }
    PresetMenuCurrent { en: "current", ko: "현재" }
    PresetMenuList { en: "Scenarios", ko: "시나리오 목록" }
    HelpTitle { en: "Keys and how to use the lab", ko: "단축키와 사용법" }
    HelpKeys { en: "Keyboard shortcuts", ko: "단축키" }
    HelpKeyColumn { en: "Key", ko: "키" }
    HelpActionColumn { en: "What it does", ko: "동작" }
    HelpUsage { en: "How to use it", ko: "사용법" }
    HelpUsagePlay {
        en: "Pick a scenario at the top and press Play (Space). Each arrow on the ladder is a segment; time runs downwards.",
        ko: "위에서 시나리오를 고르고 재생(Space)을 누르세요. 사다리 그림의 화살표 하나가 세그먼트 하나이고, 시간은 아래로 흐릅니다.",
    }
    HelpUsageFaults {
        en: "Click a segment in flight, or select it with n / p, to drop, delay, hold or duplicate it, and watch how TCP recovers.",
        ko: "날아가는 세그먼트를 누르거나 n / p로 고른 뒤 버리기, 지연, 붙잡기, 복제를 해 보고 TCP가 어떻게 회복하는지 보세요.",
    }
    HelpUsageInspect {
        en: "A selected segment shows its header fields, its bytes and both ends' variables in the inspector; the state diagram shows where each end is.",
        ko: "고른 세그먼트의 헤더 필드와 바이트, 양쪽 변수는 세그먼트 보기 탭에, 양쪽의 현재 상태는 상태도에 나옵니다.",
    }
    HelpUsageNarration {
        en: "The narration explains each event and why it happened; click an entry to go back to that moment. ← steps back by replaying the run.",
        ko: "설명 목록은 사건마다 무엇이 왜 일어났는지 알려 줍니다. 항목을 누르면 그 시각으로 돌아갑니다. ←는 실행을 다시 재생해 한 단계 뒤로 갑니다.",
    }
    HelpClose { en: "Close", ko: "닫기" }
    HelpEscHint { en: "Esc closes this window.", ko: "Esc를 누르면 닫힙니다." }

    // Issue 14: the profile switch and the comparison (components/profile_switch.rs).
    ProfileLabel { en: "TCP profile", ko: "TCP 프로필" }
    ProfileRfc { en: "RFC 9293", ko: "RFC 9293 규격" }
    ProfileLinux { en: "Linux", ko: "리눅스" }
    ProfileHint {
        en: "The same scenario with the standard's numbers or with those measured on a Linux kernel (TIME-WAIT 60 s, SYN re-sent after 1, 2, 3 … s). Changing it starts the scenario over.",
        ko: "같은 시나리오를 표준의 수치로, 또는 리눅스 커널에서 잰 수치로(TIME-WAIT 60초, SYN 재전송 1, 2, 3 … 초 뒤) 돌립니다. 바꾸면 시나리오가 처음부터 다시 시작합니다.",
    }
    CompareProfiles { en: "Compare RFC vs Linux", ko: "RFC와 리눅스 비교" }
    CompareHide { en: "Hide the comparison", ko: "비교 닫기" }
    CompareLabel {
        en: "The same scenario under both profiles, at the same present (read-only)",
        ko: "두 프로필에서 돌린 같은 시나리오, 같은 현재 시각(보기 전용)",
    }

    // Issue 14: a real capture in the lab (components/capture_view.rs).
    CaptureOpen { en: "Open capture…", ko: "캡처 열기…" }
    CaptureOpenHint {
        en: "Open a .pcap or .pcapng file, or drop one on the lab",
        ko: ".pcap 또는 .pcapng 파일을 열거나 실험실에 끌어다 놓으세요",
    }
    CaptureClose { en: "Back to the lab", ko: "실험실로 돌아가기" }
    CaptureConnections { en: "TCP connections in this capture: pick one", ko: "이 캡처의 TCP 연결: 하나를 고르세요" }
    CaptureStart { en: "Start", ko: "처음으로" }
    CaptureBack { en: "Back", ko: "한 단계 뒤로" }
    CaptureStep { en: "Step", ko: "한 단계" }
    CaptureEnd { en: "End", ko: "끝으로" }
    CaptureSeek { en: "Time in the capture", ko: "캡처 안의 시각" }
    CaptureConnectionCount { en: "TCP connections", ko: "TCP 연결 수" }
    CaptureInferred {
        en: "Both ends' states are inferred from the segments by a passive observer, with RFC 9293's rules.",
        ko: "두 끝의 상태는 세그먼트만 보는 수동 관찰자가 RFC 9293의 규칙으로 추론한 것입니다.",
    }
    CaptureNotes { en: "What the observer noticed", ko: "관찰자가 알아챈 것" }
    CaptureNoNotes { en: "Nothing unusual so far.", ko: "아직 이상한 점이 없습니다." }
    CaptureSegment { en: "Segment", ko: "세그먼트" }
    CaptureSegmentHint { en: "Click a segment on the ladder to see its header.", ko: "사다리의 세그먼트를 누르면 헤더를 봅니다." }
    CaptureStopped { en: "Reading stopped early; what came before is shown:", ko: "읽기가 일찍 멈췄습니다. 그 앞까지 보여 줍니다:" }
    CaptureProblem { en: "This file cannot be shown:", ko: "이 파일은 보여 줄 수 없습니다:" }
    CaptureSegments { en: "segments", ko: "세그먼트" }
    CaptureUnknownState { en: "unknown", ko: "알 수 없음" }

}

/// "2 later actions of this session come after this moment:"
pub fn later_actions(n: usize, lang: Lang) -> String {
    match (lang, n) {
        (Lang::En, 1) => "1 later action of this session comes after this moment:".to_owned(),
        (Lang::En, n) => format!("{n} later actions of this session come after this moment:"),
        (Lang::Ko, n) => format!("이 시점 뒤에 이 세션에서 한 동작이 {n}개 있습니다:"),
    }
}

/// "Cut 2 later actions:"
pub fn cut_actions(n: usize, lang: Lang) -> String {
    match (lang, n) {
        (Lang::En, 1) => "Cut 1 later action:".to_owned(),
        (Lang::En, n) => format!("Cut {n} later actions:"),
        (Lang::Ko, n) => format!("뒤에 있던 동작 {n}개를 잘라냈습니다:"),
    }
}

/// "Kept the 2 later actions, applied again after this change." or, when the core refused some,
/// "Kept 1 of 2 later actions; these no longer apply:"
pub fn kept_actions(kept: usize, total: usize, lang: Lang) -> String {
    match (lang, kept == total) {
        (Lang::En, true) if total == 1 => {
            "Kept the later action, applied again after this change.".to_owned()
        }
        (Lang::En, true) => {
            format!("Kept the {total} later actions, applied again after this change.")
        }
        (Lang::En, false) => {
            format!("Kept {kept} of {total} later actions; these no longer apply:")
        }
        (Lang::Ko, true) => format!("뒤에 있던 동작 {total}개를 이 변경 뒤에 다시 적용했습니다."),
        (Lang::Ko, false) => {
            format!(
                "뒤에 있던 동작 {total}개 중 {kept}개를 다시 적용했습니다. 더는 적용되지 않는 동작:"
            )
        }
    }
}

/// Projector mode's line of armed faults: "The client's next segment: a drop, a delay of 1 s" /
/// "클라이언트의 다음 세그먼트: 버리기, 1초 지연" (the faults worded by `handshake-explain`).
pub fn armed_line(
    side: handshake_core::sim::Side,
    faults: &[handshake_core::sim::Fault],
    lang: Lang,
) -> String {
    use handshake_core::sim::Side;
    let list: Vec<String> = faults
        .iter()
        .map(|f| handshake_explain::errors::fault(*f, lang))
        .collect();
    let whose = match (lang, side) {
        (Lang::En, Side::Client) => "The client's next segment",
        (Lang::En, Side::Server) => "The server's next segment",
        (Lang::Ko, Side::Client) => "클라이언트의 다음 세그먼트",
        (Lang::Ko, Side::Server) => "서버의 다음 세그먼트",
    };
    format!("{whose}: {}", list.join(", "))
}

/// "Saved lost-syn-2.55s.svg." / "lost-syn-2.55s.svg 파일을 내려받았습니다."
pub fn exported(name: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("Saved {name}."),
        Lang::Ko => format!("{name} 파일을 내려받았습니다."),
    }
}

/// What the narration's live region says when the present moved back (a step back, a seek, a
/// reset): "Now at 0.3 s: client SYN-SENT, server LISTEN." (`time` as the log writes it.)
pub fn now_at(time: &str, client: &str, server: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("Now at {time}: client {client}, server {server}."),
        Lang::Ko => format!("지금 {time}: 클라이언트 {client}, 서버 {server}."),
    }
}

/// Said before the newest entries when the present jumped past more of them than are read out:
/// "12 earlier events are in the log."
pub fn earlier_in_log(n: usize, lang: Lang) -> String {
    match (lang, n) {
        (Lang::En, 1) => "1 earlier event is in the log.".to_owned(),
        (Lang::En, n) => format!("{n} earlier events are in the log."),
        (Lang::Ko, n) => format!("앞선 사건 {n}개는 설명 목록에 있습니다."),
    }
}

/// A capsule that stands for segments drawn under it: "and 4 more".
pub fn and_more(n: usize, lang: Lang) -> String {
    match lang {
        Lang::En => format!("and {n} more"),
        Lang::Ko => format!("외 {n}개"),
    }
}

/// "Cut to 2,000 characters (the text had 100,000)."
pub fn text_cut(max: usize, had: usize, lang: Lang) -> String {
    let (max, had) = (grouped(max as u64), grouped(had as u64));
    match lang {
        Lang::En => format!("Cut to {max} characters (the text had {had})."),
        Lang::Ko => format!("{max}자까지만 넣었습니다 (원래 {had}자)."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_trimmed_text_in_every_language() {
        for &msg in Msg::ALL {
            for lang in Lang::ALL {
                let text = msg.text(lang);
                assert!(!text.is_empty(), "{msg:?} is empty in {lang:?}");
                assert_eq!(
                    text,
                    text.trim(),
                    "{msg:?} has stray whitespace in {lang:?}"
                );
            }
        }
    }

    /// A Korean text equal to the English one is a forgotten translation, except for brands.
    #[test]
    fn korean_differs_from_english_except_brands() {
        const SAME_ON_PURPOSE: &[Msg] = &[Msg::AppTitle, Msg::SettingMsl, Msg::SettingMss];
        for &msg in Msg::ALL {
            if !SAME_ON_PURPOSE.contains(&msg) {
                assert_ne!(
                    msg.text(Lang::Ko),
                    msg.text(Lang::En),
                    "{msg:?} is untranslated"
                );
            }
        }
    }
}
