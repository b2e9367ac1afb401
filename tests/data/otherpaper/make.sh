#!/bin/sh
# Makes anderekrant.pdf from its source with LibreOffice 7.4 (Debian's
# libreoffice-writer-nogui); the tests read the PDF and need no LibreOffice.
set -e
cd "$(dirname "$0")"
soffice --headless --convert-to pdf:writer_pdf_Export anderekrant.fodt
