#!/usr/bin/env bash
# Set up what the tests need on a Debian machine: Debian's Chromium for the browser tests
# (no tool may download a browser of its own), and a virtualenv with alliancegen and the
# test tools. Run from anywhere; root or sudo is needed only while Chromium is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
python3 -m venv .venv
.venv/bin/pip install -q -e '.[test]'
