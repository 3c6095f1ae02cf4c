#!/usr/bin/env bash
# Sets up everything docsort needs on a fresh machine, then runs one of the root package.json scripts:
#   deploy/local/bootstrap.sh start    # the main job
#   deploy/local/bootstrap.sh test     # every test
# Safe to run again: each step is skipped when its result is already there.
#
# Why a shell script: it must run before Node 22 and pnpm exist. Everything after that is TypeScript.
set -euo pipefail

repo_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cache_dir=${DOCSORT_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/docsort}
toolchain_dir="$cache_dir/toolchain"
required_node_major=22
node_version_spec="node@22"
pnpm_version=$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$repo_dir/package.json")

say() { printf '\033[1m[bootstrap]\033[0m %s\n' "$*" >&2; }
fail() { printf '\033[31m[bootstrap] %s\033[0m\n' "$*" >&2; exit 1; }

if [ $# -eq 0 ]; then
  fail "usage: $0 <script> [args...]   (scripts: start, test, docsort, ... from package.json)"
fi

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# Node.js 22 LTS: the machine's Node may be older. The npm registry's `node` package ships the official
# binary, so it installs with the npm that comes with any Node, from a registry this machine reaches.
if ! command -v node >/dev/null 2>&1 || [ "$(node_major node)" -lt "$required_node_major" ]; then
  if [ "$(node_major "$toolchain_dir/node_modules/node/bin/node")" -lt "$required_node_major" ]; then
    command -v npm >/dev/null 2>&1 || fail "need npm (any version) to install Node.js $required_node_major; install nodejs and npm first"
    say "installing Node.js $required_node_major and pnpm $pnpm_version into $toolchain_dir (from the npm registry)"
    mkdir -p "$toolchain_dir"
    npm install --prefix "$toolchain_dir" --no-audit --no-fund --loglevel=error \
      "$node_version_spec" "pnpm@$pnpm_version" >&2
  fi
  export PATH="$toolchain_dir/node_modules/node/bin:$toolchain_dir/node_modules/.bin:$PATH"
fi

# pnpm, pinned by package.json's packageManager field.
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$pnpm_version" ]; then
  if [ ! -x "$toolchain_dir/node_modules/.bin/pnpm" ] || [ "$("$toolchain_dir/node_modules/.bin/pnpm" --version)" != "$pnpm_version" ]; then
    say "installing pnpm $pnpm_version into $toolchain_dir (from the npm registry)"
    mkdir -p "$toolchain_dir"
    npm install --prefix "$toolchain_dir" --no-audit --no-fund --loglevel=error "pnpm@$pnpm_version" >&2
  fi
  export PATH="$toolchain_dir/node_modules/.bin:$PATH"
fi

say "node $(node --version), pnpm $(pnpm --version)"

# Native Tesseract 5 and its language packs, and poppler's pdftoppm, from Debian's packages: the extract stage's
# OCR engine and scanned-page renderer (it falls back to the slower tesseract.js and pdf.js without them). Keep
# the list in step with the Dockerfile's extract image.
ocr_packages="poppler-utils tesseract-ocr tesseract-ocr-osd tesseract-ocr-eng tesseract-ocr-fra tesseract-ocr-deu tesseract-ocr-spa tesseract-ocr-ita tesseract-ocr-nld tesseract-ocr-por tesseract-ocr-pol"

# Installs the Debian packages of a list that are missing (apt-get, as root or by sudo); says what could not be
# installed and what that costs, and goes on: docsort runs without them.
#   install_debian_packages <what> <log name> <what happens without them> <packages...>
install_debian_packages() {
  local what=$1 log_name=$2 without=$3 missing="" package
  shift 3
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing="$missing $package"
  done
  [ -n "$missing" ] || return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    say "no apt-get here: install $what yourself, or $without"
    return 0
  fi
  local apt=(apt-get) log="$cache_dir/logs/$log_name"
  [ "$(id -u)" -eq 0 ] || apt=(sudo -n apt-get)
  mkdir -p "$(dirname "$log")"
  say "installing $what (Debian's packages:$missing); log: $log"
  # shellcheck disable=SC2086 # the package list is meant to split into words
  if ! { DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -q --no-install-recommends $missing ||
    { DEBIAN_FRONTEND=noninteractive "${apt[@]}" update -q &&
      DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -q --no-install-recommends $missing; }; } >>"$log" 2>&1; then
    say "could not install $what (see $log): $without"
  fi
}

# shellcheck disable=SC2086 # the package list is meant to split into words
install_debian_packages "native Tesseract" tesseract-install.log \
  "OCR will use the slower tesseract.js and pdf.js fallbacks" $ocr_packages

# Debian's chromium, for the tests only: playwright-core drives it in the review page's browser tests.
case "$1" in
  test | test:integration)
    install_debian_packages chromium chromium-install.log "the review page's browser tests fail" chromium
    ;;
esac
cd "$repo_dir"
pnpm install --frozen-lockfile --reporter=append-only >&2
# The script's own output and exit code are what count: pnpm's lines around it are noise, and after a Ctrl-C
# that stopped everything cleanly it would even print "Command failed". Silenced, pnpm would not report a
# missing script either, so that is checked here.
node -e 'process.exit(require("./package.json").scripts?.[process.argv[1]] ? 0 : 1)' "$1" ||
  fail "package.json has no script '$1' (scripts: start, test, docsort, ...)"
exec pnpm run --reporter=silent "$@"
