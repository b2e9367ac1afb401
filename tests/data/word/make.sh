#!/bin/sh
# Makes the Word and LibreOffice fixtures from their source (LibreOffice 7.4, Debian's
# libreoffice-writer-nogui); the tests read the results and need no LibreOffice.
set -e
cd "$(dirname "$0")"
soffice --headless --convert-to docx:"MS Word 2007 XML" artikel.fodt
soffice --headless --convert-to odt artikel.fodt
