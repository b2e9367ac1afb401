"""Checking finished files: preflight of PDF and EPUB, and the one package that reads PDFs back."""
