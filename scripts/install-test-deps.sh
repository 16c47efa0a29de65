#!/usr/bin/env bash
# Install everything the tests need: Python packages, Debian's Chromium, a Unicode font and PostgreSQL
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
