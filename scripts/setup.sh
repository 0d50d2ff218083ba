#!/usr/bin/env bash
# Install everything cchc needs on a fresh Debian machine: system tools (when root), a venv, the package.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES="tesseract-ocr tesseract-ocr-vie libreoffice-writer-nogui chromium poppler-utils fonts-dejavu-core fonts-liberation openjdk-17-jre-headless"
missing=""
command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx vie || missing="$missing tesseract-ocr tesseract-ocr-vie"
command -v soffice >/dev/null 2>&1 || missing="$missing libreoffice-writer-nogui"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils"
command -v java >/dev/null 2>&1 || missing="$missing openjdk-17-jre-headless"
if [ -n "$missing" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing system packages:$missing" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $APT_PACKAGES >/dev/null) \
      || echo "setup: apt-get failed; OCR, .doc/PDF conversion, browser or Spark tests will be skipped" >&2
  else
    echo "setup: missing system packages:$missing (install with: sudo apt-get install$missing)" >&2
  fi
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install -q -e '.[dev,spark]' 2>&1 | grep -v -i "warning" || true
.venv/bin/python -c "import cchc" || { echo "setup: cchc failed to install" >&2; exit 1; }
# axe-core for the accessibility checks of the browser tests (tests/web/test_pages_browser.py)
if command -v npm >/dev/null 2>&1 && [ ! -f .cache/axe/node_modules/axe-core/axe.min.js ]; then
  npm install --silent --no-audit --no-fund --prefix .cache/axe axe-core@4.10 >/dev/null 2>&1 \
    || echo "setup: npm could not install axe-core; the page accessibility checks will be skipped" >&2
fi
echo "setup: ok (.venv/bin/cchc)" >&2
