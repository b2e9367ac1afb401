"""Writing the outputs: the print HTML and PDF, the EPUB's XHTML and package, atomically."""
