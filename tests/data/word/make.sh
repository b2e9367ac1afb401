#!/bin/sh
# Makes the Word and LibreOffice fixtures from their sources (LibreOffice 7.4, Debian's
# libreoffice-writer-nogui); the tests read the results and need no LibreOffice.
set -e
cd "$(dirname "$0")"
for source in artikel bijschrift; do
  soffice --headless --convert-to docx:"MS Word 2007 XML" "$source.fodt"
  soffice --headless --convert-to odt "$source.fodt"
done
