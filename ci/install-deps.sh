#!/usr/bin/env bash
# Installs everything oxharness needs to build and test on Debian 12, idempotently.
# Debian packages only (plus npm for JavaScript peers in later suites).
# The packaged Dovecot service must not start by itself: tests start their own
# instance on loopback ports, so we install a policy-rc.d that refuses starts
# while the packages are installed and stop any instance that slipped through.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libboost1.81-dev libssl-dev libyaml-cpp-dev nlohmann-json3-dev libnghttp2-dev libcli11-dev
  libgtest-dev libgmock-dev
  python3 python3-pytest python3-yaml
  openssl curl nghttp2-client nghttp2-server openjdk-17-jdk-headless
  dovecot-core dovecot-imapd dovecot-lmtpd
  isync
  nginx-light testssl.sh
)

# Real client libraries for tests/peers (push: node-apn, node-gcm, apn, firebase-admin; IMAP: imapflow), pinned in
# tests/peers/node/package.json and installed next to it (node_modules is not committed).
# Needs node and npm; without them the peer tests skip (locally) or fail (CI).
install_npm_peers() {
  local dir
  dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/peers/node"
  if ! command -v npm >/dev/null 2>&1; then
    echo "install-deps: npm not found; skipping npm peers (tests/peers/node)"
    return 0
  fi
  if [ -f "$dir/node_modules/@parse/node-apn/package.json" ] && [ -f "$dir/node_modules/node-gcm/package.json" ] &&
     [ -f "$dir/node_modules/imapflow/package.json" ] && [ -f "$dir/node_modules/apn/package.json" ] &&
     [ -f "$dir/node_modules/firebase-admin/package.json" ]; then
    echo "install-deps: npm peers present"
    return 0
  fi
  echo "install-deps: npm install --prefix $dir"
  npm install --prefix "$dir" --no-audit --no-fund
}

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  install_npm_peers
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "install-deps: installing ${missing[*]}"
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
  $SUDO chmod 755 "$policy"
  created_policy=1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
[ "$created_policy" = 1 ] && $SUDO rm -f "$policy"
# A system Dovecot would hold ports 143/24; ours never needs it.
if command -v systemctl >/dev/null 2>&1; then $SUDO systemctl disable --now dovecot >/dev/null 2>&1 || true; fi
if pgrep -x dovecot >/dev/null 2>&1 && [ -f /run/dovecot/master.pid ]; then
  $SUDO kill "$(cat /run/dovecot/master.pid)" 2>/dev/null || true
fi
install_npm_peers
echo "install-deps: done"
