# Sourced by the Tools scripts that drive headless Chromium: installs Debian's chromium package
# and the websocket client the DevTools protocol needs, when they are missing.
ensure_headless_chromium() {
  if ! command -v chromium >/dev/null; then
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
  fi
  python3 -c "import websocket" 2>/dev/null || pip install -q websocket-client
}
