#!/usr/bin/env bash
# Install the Debian packages docextract needs, if any is missing: Tesseract with its
# Japanese, English and orientation models, poppler for PDFs, the fonts the fixture
# renderer and the HTML report use (Japanese faces; DejaVu Sans Mono for the passport
# MRZ), and Chromium with its driver, which tests/test_html_report.py renders the report
# in (Debian's driver, so that selenium downloads no browser). As root it installs;
# otherwise it uses sudo, or prints the one command to run and fails.
set -euo pipefail

PACKAGES=(tesseract-ocr tesseract-ocr-jpn tesseract-ocr-eng tesseract-ocr-osd poppler-utils
          fonts-noto-cjk fonts-ipafont-gothic fonts-ipafont-mincho fonts-dejavu-core
          chromium chromium-driver)

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

command -v apt-get >/dev/null || {
  echo "docextract needs: ${missing[*]} (Debian/Ubuntu package names); install them with your package manager." >&2
  exit 1
}
cmd=(apt-get install -y --no-install-recommends "${missing[@]}")
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo=(sudo)
else
  echo "docextract needs system packages. Run this once, then retry:" >&2
  echo "  sudo apt-get update && sudo ${cmd[*]}" >&2
  exit 1
fi
echo "installing: ${missing[*]}"
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" "${cmd[@]}" -qq
