"""pamphletpress: a Markdown manuscript to a print PDF and an EPUB 3."""

__version__ = "0.1.0"
