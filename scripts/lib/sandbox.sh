# Sourced by prepare.sh: the executors run repository commands under bubblewrap, so it must be
# installed. As root with apt (the CI machines, a fresh Debian/Ubuntu box) it is installed here;
# elsewhere this says what to install (or EXECUTOR_SANDBOX=pod, where a pod is the sandbox).
ameide_ensure_bwrap() {
  if command -v bwrap >/dev/null 2>&1 || [ "${EXECUTOR_SANDBOX:-bwrap}" = "pod" ]; then
    return 0
  fi
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    local started=$SECONDS
    echo "sandbox    installing bubblewrap (apt-get) for the executors' sandbox ..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap >/dev/null; }
    echo "sandbox    bubblewrap $(bwrap --version | cut -d' ' -f2) installed in $((SECONDS - started))s"
    return 0
  fi
  echo "error: bubblewrap (bwrap) is not installed; the executors run repository commands in its sandbox" >&2
  echo "  -> install it (Debian/Ubuntu: sudo apt-get install bubblewrap; Fedora: sudo dnf install bubblewrap)" >&2
  return 1
}
