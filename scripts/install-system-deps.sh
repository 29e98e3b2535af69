#!/bin/sh
# System packages budgetlens uses outside Python (Debian/Ubuntu). Safe to run more than once.
#  - libreoffice-writer-nogui / -calc-nogui: headless DOCX/XLSX -> PDF conversion for
#    scripts/make_format_variants.py (format-equivalence fixtures)
#  - fonts-wqy-zenhei: a CJK font, so converted PDFs carry real Chinese glyphs
#  - poppler-utils: pdftoppm, to render PDF pages for visual checks
set -e
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends \
    libreoffice-writer-nogui libreoffice-calc-nogui fonts-wqy-zenhei poppler-utils
