# Sourced by prepare.sh: the console's browser tests drive Debian's Chromium (through
# playwright-core). As root with apt it is installed here; elsewhere CHROMIUM_PATH names a
# Chromium, or this says what to install.
ameide_ensure_chromium() {
  if [ -n "${CHROMIUM_PATH:-}" ] || command -v chromium >/dev/null 2>&1; then
    return 0
  fi
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    local started=$SECONDS
    echo "browser    installing chromium (apt-get) for the console's browser tests ..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
    echo "browser    $(chromium --version 2>/dev/null | head -1) installed in $((SECONDS - started))s"
    return 0
  fi
  echo "error: chromium is not installed; the console's browser tests need it" >&2
  echo "  -> install it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM_PATH" >&2
  return 1
}
