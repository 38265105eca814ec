# shellcheck shell=bash
# Installs what scripts/serve and scripts/test need, and only what is missing or of the wrong
# version. Sourced, not run. Every check compares versions, so a second run installs nothing and
# takes about a second. Works as root with CI=true and no standard input.
#
#   setup_build_tools   rustup target wasm32, trunk, wasm-bindgen-cli (= Cargo.lock), npm tools
#                       (wasm-opt from binaryen, playwright-core), `cargo fetch`
#   setup_test_tools    setup_build_tools + the no_std target + Debian packages for the browser
#                       tests (chromium, chromium-driver, fonts-nanum, tshark, plantuml)
#
# Versions and the reasons for them: ../shared/TOOLCHAIN.md.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export ROOT

TRUNK_VERSION="0.21.14"
WASM_TARGET="wasm32-unknown-unknown"
NO_STD_TARGET="thumbv7em-none-eabihf"
# Debian packages for scripts/test: the browser and its driver, a Korean font for screenshots,
# tshark for the pcap check, plantuml for the exports check (it pulls a headless JRE: 26 MB
# to download where one is installed, about 44 MB more where none is).
TEST_APT_PACKAGES=(chromium chromium-driver fonts-nanum tshark plantuml)

export DEBIAN_FRONTEND=noninteractive
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-auto}"
# cargo-installed tools, then the npm tools (binaryen's wasm-opt must win over Debian's
# /usr/bin/wasm-opt, which cannot read wasm-bindgen 0.2.130 output).
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

say() { printf 'setup: %s\n' "$*" >&2; }
die() {
  printf 'setup: error: %s\n' "$*" >&2
  exit 1
}

# The first line of `cmd --version`, or nothing when cmd is missing or fails.
version_of() { "$@" --version 2>/dev/null | head -n 1 || true; }

# The version of a package in Cargo.lock, e.g. `lock_version wasm-bindgen` → 0.2.130.
lock_version() {
  awk -v name="$1" '
    $0 == "[[package]]" { in_pkg = 0 }
    $0 == "name = \"" name "\"" { in_pkg = 1; next }
    in_pkg && /^version = / { gsub(/"/, "", $3); print $3; exit }
  ' "$ROOT/Cargo.lock"
}

need_command() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is missing. $2"
}

ensure_rust_target() {
  local target="$1"
  if ! rustup target list --installed 2>/dev/null | grep -qx "$target"; then
    say "installing the Rust target $target"
    rustup target add "$target" >&2
  fi
}

# `ensure_cargo_tool CRATE VERSION BIN... -- EXTRA_INSTALL_ARGS...`: unless every BIN's
# `--version` prints exactly "BIN VERSION", runs `cargo install --force CRATE --version VERSION
# EXTRA...`, then checks again (another BIN earlier on PATH would shadow the new one).
ensure_cargo_tool() {
  local crate="$1" version="$2" bins=() bin have stale=()
  shift 2
  while [[ $# -gt 0 && "$1" != "--" ]]; do bins+=("$1"); shift; done
  [[ $# -gt 0 ]] && shift
  for bin in "${bins[@]}"; do
    have="$(version_of "$bin")"
    [[ "$have" == "$bin $version" ]] || stale+=("${have:-no $bin}")
  done
  [[ ${#stale[@]} -eq 0 ]] && return 0
  say "installing $crate $version (found ${stale[*]}); this takes a few minutes"
  cargo install --force "$crate" --version "$version" "$@" >&2
  hash -r
  for bin in "${bins[@]}"; do
    have="$(version_of "$bin")"
    [[ "$have" == "$bin $version" ]] ||
      die "$bin --version says '${have:-nothing}' after installing $crate $version; is another $bin ($(command -v "$bin" || echo none)) ahead on PATH?"
  done
}

ensure_trunk() {
  ensure_cargo_tool trunk "$TRUNK_VERSION" trunk -- --locked
}

# wasm-bindgen-cli (wasm-bindgen and wasm-bindgen-test-runner) must equal the wasm-bindgen crate
# in Cargo.lock exactly. Installed without --locked: its own lock file pins a webpki-roots that
# the registry no longer serves.
ensure_wasm_bindgen() {
  local want
  want="$(lock_version wasm-bindgen)"
  [[ -n "$want" ]] || die "no wasm-bindgen in $ROOT/Cargo.lock"
  ensure_cargo_tool wasm-bindgen-cli "$want" wasm-bindgen wasm-bindgen-test-runner
}

# The npm tools of package.json, at exactly the versions package-lock.json pins.
npm_tools_match_lock() {
  (cd "$ROOT" && node -e '
    const lock = require("./package-lock.json").packages;
    for (const [path, entry] of Object.entries(lock)) {
      if (!path.startsWith("node_modules/")) continue;
      let have;
      try { have = require("./" + path + "/package.json").version; } catch { process.exit(1); }
      if (have !== entry.version) process.exit(1);
    }')
}

ensure_npm_tools() {
  need_command node "Install Node.js 20 or newer with npm (Debian: apt-get install nodejs npm)."
  need_command npm "Install npm (Debian: apt-get install npm)."
  if ! npm_tools_match_lock; then
    say "installing the npm tools of package-lock.json (binaryen's wasm-opt, playwright-core)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
  local wasm_opt
  wasm_opt="$(command -v wasm-opt || true)"
  [[ "$wasm_opt" == "$ROOT/node_modules/.bin/wasm-opt" ]] ||
    die "wasm-opt resolves to '${wasm_opt:-nothing}', expected $ROOT/node_modules/.bin/wasm-opt"
  [[ "$(version_of wasm-opt)" == *"(version_132)"* ]] ||
    die "wasm-opt --version says '$(version_of wasm-opt)', expected version_132 (Trunk.toml pins it)"
}

setup_build_tools() {
  local start=$SECONDS
  need_command cargo "Install Rust with rustup (https://rustup.rs), stable 1.95 or newer."
  need_command rustup "Install Rust with rustup (https://rustup.rs): the wasm32 target comes from rustup."
  ensure_rust_target "$WASM_TARGET"
  ensure_trunk
  ensure_wasm_bindgen
  ensure_npm_tools
  # Trunk builds offline (Trunk.toml), so every crate must be in cargo's cache first.
  (cd "$ROOT" && cargo fetch --quiet >&2)
  say "build tools ready ($((SECONDS - start)) s)"
}

# True when every command and package the browser tests need is there.
test_packages_present() {
  local missing=()
  command -v "${CHROMIUM:-chromium}" >/dev/null 2>&1 || missing+=(chromium)
  command -v "${CHROMEDRIVER:-chromedriver}" >/dev/null 2>&1 || missing+=(chromium-driver)
  command -v tshark >/dev/null 2>&1 || missing+=(tshark)
  command -v plantuml >/dev/null 2>&1 || missing+=(plantuml)
  if command -v dpkg-query >/dev/null 2>&1; then
    [[ "$(dpkg-query -W -f='${Status}' fonts-nanum 2>/dev/null)" == "install ok installed" ]] || missing+=(fonts-nanum)
  elif command -v fc-list >/dev/null 2>&1; then
    fc-list | grep -qi nanum || missing+=(fonts-nanum)
  fi
  MISSING_PACKAGES=("${missing[@]}")
  [[ ${#missing[@]} -eq 0 ]]
}

ensure_test_packages() {
  test_packages_present && return 0
  local wanted="${MISSING_PACKAGES[*]}"
  if [[ "$(id -u)" -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    die "the browser tests need: $wanted. Install them as root:
    apt-get update && apt-get install -y --no-install-recommends ${TEST_APT_PACKAGES[*]}
  (elsewhere: Chromium or Chrome and the ChromeDriver of the same version, a Korean font such as
  Noto Sans KR, tshark and PlantUML; point CHROMIUM and CHROMEDRIVER at the browser and driver if they
  are not on PATH as chromium and chromedriver). Nothing was skipped; stopping here."
  fi
  say "installing Debian packages: $wanted"
  # tshark asks whether non-root users may capture; answer "no" ahead of time.
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
  apt-get update -qq </dev/null >&2
  apt-get install -y -q --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    "${TEST_APT_PACKAGES[@]}" </dev/null >&2
  hash -r
  test_packages_present || die "still missing after apt-get install: ${MISSING_PACKAGES[*]}"
}

# Chromium and ChromeDriver must share a major version, or every browser test fails obscurely.
check_browser_versions() {
  local browser driver
  browser="$(version_of "${CHROMIUM:-chromium}" | grep -oE '[0-9]+\.[0-9.]+' | head -n 1 || true)"
  driver="$(version_of "${CHROMEDRIVER:-chromedriver}" | grep -oE '[0-9]+\.[0-9.]+' | head -n 1 || true)"
  [[ -n "$browser" && "${browser%%.*}" == "${driver%%.*}" ]] ||
    die "Chromium (${browser:-unknown}) and ChromeDriver (${driver:-unknown}) differ in major version; install matching ones (Debian: apt-get install chromium chromium-driver)"
}

setup_test_tools() {
  setup_build_tools
  local start=$SECONDS
  ensure_rust_target "$NO_STD_TARGET"
  ensure_test_packages
  check_browser_versions
  export CHROMIUM="${CHROMIUM:-$(command -v chromium)}"
  export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"
  say "test tools ready ($((SECONDS - start)) s)"
}
