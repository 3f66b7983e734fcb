# Sourced by scripts/codegen/tool.sh, through which `buf generate` runs the code generators other
# than protoc-gen-es; they are pinned and cached under ~/.cache/ameide/codegen:
#   protoc-gen-go and protoc-gen-connect-go (Go module proxy, built with the machine's Go),
#   protoc (Maven Central's release binary, checked against its sha256) for the Python and .pyi
#   generators built into it.
# The Python package's runtime pin (gen/python/pyproject.toml) follows AMEIDE_PROTOC_VERSION.
AMEIDE_PROTOC_VERSION="4.36.2"
AMEIDE_PROTOC_SHA256_X64="f6ee22d65361338459208da8bff801c9ca689741cba9187b34990dd45198f864"
AMEIDE_PROTOC_GEN_GO_VERSION="v1.36.12"
AMEIDE_PROTOC_GEN_CONNECT_GO_VERSION="v1.21.1"

ameide_use_codegen_tools() {
  local cache="${AMEIDE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ameide}/codegen"
  local bin="$cache/bin"
  mkdir -p "$bin"
  # Fast path: everything pinned is there (buf runs several generators at once, each through this).
  if [ -x "$bin/protoc-gen-go-$AMEIDE_PROTOC_GEN_GO_VERSION" ] && [ -x "$bin/protoc-gen-connect-go-$AMEIDE_PROTOC_GEN_CONNECT_GO_VERSION" ] &&
    [ -x "$bin/protoc-$AMEIDE_PROTOC_VERSION" ]; then
    export PATH="$bin:$PATH"
    return 0
  fi
  # One provisioner at a time; the others wait and then find the tools in place.
  local lock
  exec {lock}>"$cache/.lock"
  flock "$lock"
  ameide_install_codegen_tools "$cache" "$bin"
  local status=$?
  flock -u "$lock"
  exec {lock}>&-
  return "$status"
}

ameide_install_codegen_tools() {
  local cache="$1" bin="$2"
  if ! command -v go >/dev/null 2>&1; then
    echo "codegen    Go is needed to build protoc-gen-go and protoc-gen-connect-go: install Go >= 1.24" >&2
    return 1
  fi
  local tool module version started
  for tool in protoc-gen-go protoc-gen-connect-go; do
    case "$tool" in
      protoc-gen-go) module="google.golang.org/protobuf/cmd/protoc-gen-go" version="$AMEIDE_PROTOC_GEN_GO_VERSION" ;;
      protoc-gen-connect-go) module="connectrpc.com/connect/cmd/protoc-gen-connect-go" version="$AMEIDE_PROTOC_GEN_CONNECT_GO_VERSION" ;;
    esac
    if [ ! -x "$bin/$tool-$version" ]; then
      started=$(date +%s)
      echo "codegen    building $module@$version ..." >&2
      GOBIN="$cache/gobin-$tool" go install "$module@$version" || {
        echo "codegen    go install $module@$version failed: check that the Go module proxy is reachable" >&2; return 1; }
      mv "$cache/gobin-$tool/$tool" "$bin/$tool-$version"
      rm -rf "$cache/gobin-$tool"
      echo "codegen    $tool $version cached ($(( $(date +%s) - started ))s)" >&2
    fi
    ln -sfn "$tool-$version" "$bin/$tool"
  done
  if [ ! -x "$bin/protoc-$AMEIDE_PROTOC_VERSION" ]; then
    if [ "$(uname -m)" != x86_64 ]; then
      echo "codegen    no pinned protoc for $(uname -m): put protoc $AMEIDE_PROTOC_VERSION at $bin/protoc-$AMEIDE_PROTOC_VERSION" >&2
      return 1
    fi
    local url="https://repo1.maven.org/maven2/com/google/protobuf/protoc/$AMEIDE_PROTOC_VERSION/protoc-$AMEIDE_PROTOC_VERSION-linux-x86_64.exe"
    echo "codegen    fetching protoc $AMEIDE_PROTOC_VERSION from Maven Central ..." >&2
    curl -sSfL --retry 3 -o "$bin/protoc.tmp" "$url" || {
      rm -f "$bin/protoc.tmp"; echo "codegen    could not fetch $url" >&2; return 1; }
    if [ "$(sha256sum "$bin/protoc.tmp" | cut -d' ' -f1)" != "$AMEIDE_PROTOC_SHA256_X64" ]; then
      rm -f "$bin/protoc.tmp"; echo "codegen    $url does not have the pinned sha256" >&2; return 1
    fi
    chmod +x "$bin/protoc.tmp"
    mv "$bin/protoc.tmp" "$bin/protoc-$AMEIDE_PROTOC_VERSION"
  fi
  ln -sfn "protoc-$AMEIDE_PROTOC_VERSION" "$bin/protoc"
  export PATH="$bin:$PATH"
}
