#!/usr/bin/env bash
# Installs Debian's chromium for the console's browser tests when it is missing (called by .ci/run).
# Idempotent and silent when /usr/bin/chromium is already there. playwright-core drives this binary:
# a test tool's own browser download cannot work on the CI hosts.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: /usr/bin/chromium is missing and apt-get is not available; install chromium by hand" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "ensure-chromium: not root and no sudo: cannot install chromium" >&2
    exit 1
  fi
fi
echo "== chromium (apt-get install chromium)"
export DEBIAN_FRONTEND=noninteractive
# Package lists may be absent on a fresh image; update only then or when the install fails.
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null 2>&1 || {
  $SUDO apt-get update -qq >/dev/null
  $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
}
[ -x /usr/bin/chromium ] || { echo "ensure-chromium: chromium installed but /usr/bin/chromium is missing" >&2; exit 1; }
/usr/bin/chromium --version 2>/dev/null || true
