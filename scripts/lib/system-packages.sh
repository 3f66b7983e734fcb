# Sourced by prepare.sh and test.sh: system packages the platform and its tests need. As root with
# apt (the CI machines, a fresh Debian/Ubuntu box) they are installed here; elsewhere this says what
# to install.

# ameide_ensure_package COMMAND PACKAGE PURPOSE: installs PACKAGE when COMMAND is missing.
ameide_ensure_package() {
  local command=$1 package=$2 purpose=$3
  if command -v "$command" >/dev/null 2>&1; then
    return 0
  fi
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    local started=$SECONDS
    echo "system     installing $package (apt-get) for $purpose ..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null; }
    echo "system     $package installed in $((SECONDS - started))s"
    return 0
  fi
  echo "error: $command is not installed; it is needed for $purpose" >&2
  echo "  -> install the package $package (Debian/Ubuntu: sudo apt-get install $package)" >&2
  return 1
}

# The executors run repository commands in bubblewrap's sandbox (unless a pod is the sandbox).
ameide_ensure_bwrap() {
  [ "${EXECUTOR_SANDBOX:-bwrap}" = "pod" ] || ameide_ensure_package bwrap bubblewrap "the executors' sandbox"
}

# The console's browser tests drive Chromium (through playwright-core), unless CHROMIUM_PATH names one.
ameide_ensure_chromium() {
  [ -n "${CHROMIUM_PATH:-}" ] || ameide_ensure_package chromium chromium "the console's browser tests"
}
