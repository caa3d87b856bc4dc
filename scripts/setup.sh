#!/usr/bin/env bash
# Sets up everything vnplan needs on a fresh Debian machine: system packages, a virtualenv in
# .venv and the package with its test dependencies. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
# OCR and PDF tools, legacy Word readers, fonts for rendered test scans, a browser for the web
# page's end-to-end test and a PostgreSQL server for the storage tests.
for pkg in tesseract-ocr tesseract-ocr-vie poppler-utils antiword catdoc fonts-dejavu-core \
           chromium chromium-driver postgresql; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "setup: please install ${need[*]} (needs root)" >&2
  fi
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install -q -e '.[test]' 2>&1 | grep -v -i '^warning' || true
.venv/bin/vnplan --help >/dev/null
