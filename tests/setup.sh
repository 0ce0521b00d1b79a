#!/usr/bin/env bash
# Set up what the tests need on a Debian machine: Debian's Chromium for the browser tests
# (no tool may download a browser of its own), Java for the Nu Html Checker, Node.js and npm
# for the quality tools in package.json (axe-core, vnu-jar, Lighthouse), and a virtualenv with
# alliancegen and the test tools. Run from anywhere; root or sudo is needed only while one of
# the Debian packages is missing. Running it again changes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if [ -z "${apt_updated:-}" ]; then
    $sudo apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

command -v chromium >/dev/null || apt_install chromium
tools=()
command -v java >/dev/null || tools+=(default-jre-headless)
command -v node >/dev/null || tools+=(nodejs)
command -v npm >/dev/null || tools+=(npm)
[ "${#tools[@]}" -eq 0 ] || apt_install --no-install-recommends "${tools[@]}"

# The npm packages exactly as locked, once per change of package-lock.json. Install scripts
# stay off: the only one, vnu-jar's, would download a Java runtime when it finds none.
if ! cmp -s package-lock.json node_modules/.installed-package-lock.json; then
  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error \
    >/dev/null
  cp package-lock.json node_modules/.installed-package-lock.json
fi

python3 -m venv .venv
.venv/bin/pip install -q -e '.[test]'
