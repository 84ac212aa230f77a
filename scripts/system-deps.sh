#!/usr/bin/env bash
# Install the system libraries, fonts and Java runtime paymaan needs, if they are missing.
#
# WeasyPrint (the PDF writer) loads Pango, HarfBuzz (with its subsetter: without it
# WeasyPrint warns at import, and pytest turns warnings into errors) and fontconfig
# through ctypes, so pip cannot bring them. Persian needs a font with Arabic-script
# glyphs and shaping tables: Vazirmatn where this Debian release packages it
# (fonts-vazirmatn, Debian 13 and later), else Noto Naskh/Sans Arabic from fonts-noto-core
# (Debian 12). poppler-utils gives pdftoppm, which the tests use to render PDF pages.
#
# The linkage stage's Spark engine (PySpark, the `spark` extra, tested in CI on a small
# data set) needs a Java runtime: Debian's default-jre-headless (OpenJDK 17 on Debian 12)
# unless a `java` is already on the PATH.
#
# Idempotent: when everything is installed it changes nothing and needs no network.
# Run as root (CI and the project's machines are root); otherwise it uses sudo if present.
# Usage: bash scripts/system-deps.sh
set -euo pipefail

base_packages=(
  libpango-1.0-0
  libpangoft2-1.0-0
  libharfbuzz0b
  libharfbuzz-subset0
  fontconfig
  fonts-dejavu-core
  poppler-utils
)

is_installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = "installed" ]
}

persian_font_installed() {
  is_installed fonts-vazirmatn || is_installed fonts-noto-core
}

missing=()
for package in "${base_packages[@]}"; do
  is_installed "$package" || missing+=("$package")
done
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)

if [ "${#missing[@]}" -eq 0 ] && persian_font_installed; then
  echo "system-deps: all present (WeasyPrint libraries, Persian font, poppler-utils, Java)"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "system-deps: missing ${missing[*]} and a Persian font; run this script as root" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq

if ! persian_font_installed; then
  # apt-cache answers only after the update above; a release without the package
  # prints no candidate (or "(none)").
  candidate="$(apt-cache policy fonts-vazirmatn 2>/dev/null | awk '/Candidate:/ {print $2}')"
  if [ -n "$candidate" ] && [ "$candidate" != "(none)" ]; then
    missing+=(fonts-vazirmatn)
  else
    missing+=(fonts-noto-core)
  fi
fi

echo "system-deps: installing ${missing[*]}"
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fc-cache -f >/dev/null 2>&1 || true
echo "system-deps: done"
