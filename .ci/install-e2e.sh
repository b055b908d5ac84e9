#!/usr/bin/env bash
# Install the Telegram Bot API emulator for the end-to-end tests (tests/e2e), exactly as pinned by
# tests/e2e/package-lock.json (telegram-test-api 4.2.1). Needs node >= 18 and npm on PATH.
set -euo pipefail
cd "$(dirname "$0")/../tests/e2e"
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "install-e2e: node/npm missing; installing Debian's nodejs and npm" >&2
        apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
    else
        echo "install-e2e: node and npm are required for the Telegram end-to-end tests (apt-get install nodejs npm)" >&2
        exit 1
    fi
fi
npm ci --no-audit --no-fund --loglevel=error
node -e "require('telegram-test-api'); require('./shim.js')"
lock_sum=$(cksum < package-lock.json | cut -d' ' -f1)
rm -f node_modules/.installed-*
touch "node_modules/.installed-${lock_sum}"
echo "install-e2e: telegram-test-api $(node -p "require('telegram-test-api/package.json').version") ready"
