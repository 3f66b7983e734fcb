# Sourced by the README's commands and CI: puts a Node.js 24 LTS first on PATH. When the machine's
# `node` is older, a pinned Node 24 comes from the npm registry's node-linux-<arch> package (the
# binary ships inside it), checked against the pinned integrity and cached.
AMEIDE_NODE_VERSION="${AMEIDE_NODE_VERSION:-$(cat "$(dirname "${BASH_SOURCE[0]}")/../../.node-version")}"
AMEIDE_NODE_INTEGRITY_X64="sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=="

ameide_use_node24() {
  local major
  major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  if [ "$major" -ge 24 ]; then return 0; fi
  local cache="${AMEIDE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ameide}/node/$AMEIDE_NODE_VERSION"
  if [ ! -x "$cache/bin/node" ]; then
    local arch package tmp started
    case "$(uname -m)" in
      x86_64) arch=x64 ;;
      aarch64 | arm64) arch=arm64 ;;
      *) echo "node       no Node.js 24 package for $(uname -m): install Node.js >= 24 yourself" >&2; return 1 ;;
    esac
    package="node-linux-$arch@$AMEIDE_NODE_VERSION"
    started=$(date +%s)
    echo "node       fetching $package from the npm registry (machine node is $(node --version 2>/dev/null || echo absent)) ..." >&2
    tmp="$(mktemp -d)"
    local integrity
    integrity="$(cd "$tmp" && npm pack "$package" --json --silent 2>/dev/null | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s)[0].integrity))')" || {
      rm -rf "$tmp"; echo "node       npm pack $package failed: check that the npm registry is reachable" >&2; return 1; }
    if [ "$arch" = x64 ] && [ "$integrity" != "$AMEIDE_NODE_INTEGRITY_X64" ] && [ "$AMEIDE_NODE_VERSION" = 24.22.3 ]; then
      rm -rf "$tmp"; echo "node       $package has integrity $integrity, expected $AMEIDE_NODE_INTEGRITY_X64" >&2; return 1
    fi
    mkdir -p "$cache"
    tar -xzf "$tmp"/node-linux-*.tgz -C "$cache" --strip-components=1 package/bin/node package/LICENSE
    rm -rf "$tmp"
    echo "node       Node.js $("$cache/bin/node" --version) cached in $cache ($(( $(date +%s) - started ))s)" >&2
  fi
  export PATH="$cache/bin:$PATH"
}
