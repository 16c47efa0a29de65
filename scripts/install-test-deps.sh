#!/usr/bin/env bash
# Install everything the tests need: Python packages, Debian's Chromium, a Unicode font, PostgreSQL and axe-core
# (the store's tests start a throwaway PostgreSQL cluster of their own; no server needs to run).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi dejavu \
  || ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  SUDO=$([ "$(id -u)" = 0 ] && echo "" || echo sudo)
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core postgresql >/dev/null
fi
# axe-core, pinned, for the accessibility audit (tests/browser/test_accessibility.py injects it offline).
AXE_VERSION=4.10.3
if [ ! -f .cache/axe/node_modules/axe-core/axe.min.js ] \
  || ! grep -q "\"version\": \"$AXE_VERSION\"" .cache/axe/node_modules/axe-core/package.json; then
  if ! command -v npm >/dev/null; then
    SUDO=$([ "$(id -u)" = 0 ] && echo "" || echo sudo)
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
  fi
  npm install --silent --no-save --no-audit --no-fund --prefix .cache/axe "axe-core@$AXE_VERSION"
fi
