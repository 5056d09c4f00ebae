#!/usr/bin/env bash
# Installs what the browser end-to-end run needs, on demand and idempotently:
#   - Debian packages: chromium (the browser), ripgrep (stands in for the
#     ripgrep download that code-server's @vscode/ripgrep postinstall cannot
#     make here) and the headers code-server's native modules build against;
#     only the missing ones, with `apt-get update` first.
#   - code-server@$CODE_SERVER_VERSION into a git-ignored cache
#     ($KUBE_PORTS_E2E_CACHE, default <repo>/.vscode-test), not as a project
#     dependency. Skipped when already installed.
# Prints the code-server entry point as the last line of stdout.
set -euo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.100.3}" # newest that runs on Node 20
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${KUBE_PORTS_E2E_CACHE:-$REPO/.vscode-test}"
DEST="$CACHE/code-server-$CODE_SERVER_VERSION"
MARKER="$DEST/.kube-ports-installed"
ENTRY="$DEST/node_modules/code-server/out/node/entry.js"

log() { echo "[e2e-install] $*" >&2; }

mkdir -p "$CACHE"
if command -v flock >/dev/null; then # one install at a time per cache
  exec 9>"$CACHE/.install.lock"
  flock 9
fi

# ---------------------------------------------------------------- apt packages
APT_PACKAGES=(chromium ripgrep libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config)
missing=()
if ! command -v dpkg-query >/dev/null; then
  log "not a Debian-like system: install ${APT_PACKAGES[*]} (or equivalents) yourself; set CHROMIUM_PATH if chromium is elsewhere"
  APT_PACKAGES=()
fi
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  if [[ "${KUBE_PORTS_E2E_SKIP_APT:-}" == 1 ]]; then
    log "missing Debian packages ${missing[*]} (KUBE_PORTS_E2E_SKIP_APT=1, not installing)"
  else
    SUDO=()
    if [[ "$(id -u)" != 0 ]]; then
      if command -v sudo >/dev/null; then SUDO=(sudo -n); else
        log "missing Debian packages ${missing[*]}; run as root or install them: apt-get install ${missing[*]}"
        exit 1
      fi
    fi
    log "installing Debian packages: ${missing[*]}"
    t0=$SECONDS
    export DEBIAN_FRONTEND=noninteractive
    apt_log="$(mktemp)"
    if ! { "${SUDO[@]}" apt-get update -qq && "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$apt_log" 2>&1; then
      cat "$apt_log" >&2
      rm -f "$apt_log"
      log "apt-get failed"
      exit 1
    fi
    rm -f "$apt_log"
    log "Debian packages installed in $((SECONDS - t0)) s"
  fi
fi

# ---------------------------------------------------------------- code-server
if [[ -f "$MARKER" && -f "$ENTRY" ]]; then
  log "code-server $CODE_SERVER_VERSION already installed in $DEST"
  echo "$ENTRY"
  exit 0
fi

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if ((node_major < 20)); then
  log "code-server $CODE_SERVER_VERSION needs Node 20 (found $(node -v))"
  exit 1
fi

mkdir -p "$CACHE"
STAGE="$(mktemp -d "$CACHE/.code-server-stage.XXXXXX")"
trap 'rm -rf "$STAGE"' EXIT

# @vscode/ripgrep's postinstall downloads ripgrep from GitHub unless its cache
# (under os.tmpdir()) already holds the release asset. Seed that cache with the
# Debian rg binary, in a private TMPDIR so nothing outside the cache is touched.
RG="$(command -v rg || true)"
if [[ -z "$RG" ]]; then
  log "ripgrep (rg) not found; install the Debian package ripgrep"
  exit 1
fi
case "$(uname -m)" in
  x86_64) RG_TARGET=x86_64-unknown-linux-musl ;;
  aarch64|arm64) RG_TARGET=aarch64-unknown-linux-musl ;;
  *) RG_TARGET="" ;;
esac
export TMPDIR="$STAGE/tmp"
mkdir -p "$TMPDIR/rg"
cp "$RG" "$TMPDIR/rg/rg"
if [[ -n "$RG_TARGET" ]]; then
  # (package version, ripgrep release) pairs used by code-server's dependencies
  for pair in "1.15.11:v13.0.0-10" "1.15.10:v13.0.0-10" "1.15.9:v13.0.0-10"; do
    pkgv="${pair%%:*}" rgv="${pair#*:}"
    mkdir -p "$TMPDIR/vscode-ripgrep-cache-$pkgv"
    tar -czf "$TMPDIR/vscode-ripgrep-cache-$pkgv/ripgrep-$rgv-$RG_TARGET.tar.gz" -C "$TMPDIR/rg" rg
  done
fi

log "installing code-server@$CODE_SERVER_VERSION into $DEST (takes a minute or two)"
t0=$SECONDS
mkdir -p "$STAGE/prefix"
echo '{"name":"kube-ports-e2e-code-server","private":true}' >"$STAGE/prefix/package.json"
(
  cd "$STAGE/prefix"
  export npm_config_unsafe_perm=true npm_config_yes=true
  export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
  npm install --no-save --no-package-lock --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2
)
if [[ ! -f "$STAGE/prefix/node_modules/code-server/out/node/entry.js" ]]; then
  log "code-server install did not produce out/node/entry.js"
  exit 1
fi
# Check the native pieces that the postinstall builds or downloads.
if ! find "$STAGE/prefix/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin" -name rg 2>/dev/null | grep -q .; then
  log "warning: ripgrep binary missing in code-server's @vscode/ripgrep (search will not work)"
fi
rm -rf "$DEST"
mv "$STAGE/prefix" "$DEST"
echo "$CODE_SERVER_VERSION" >"$MARKER"
log "code-server $CODE_SERVER_VERSION installed in $((SECONDS - t0)) s"
echo "$ENTRY"
