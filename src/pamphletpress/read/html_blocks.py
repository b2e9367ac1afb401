"""Markdown inside raw HTML blocks read as Markdown, as pandoc reads it.

A manuscript from a website holds ``<div>`` and ``<table>`` blocks with Markdown
inside (``<td>This is *emphasized*</td>``); Python-Markdown, by Markdown.pl's
rule, passes them on raw unless each tag says ``markdown="1"``, so ``**``, ``_``
and ``[…](…)`` would print as typed. Here every block-level tag counts as
carrying ``markdown="1"`` (pandoc's ``markdown_in_html_blocks``): a ``<div>``'s
content is read as blocks, a ``<td>``'s or ``<p>``'s as a line of text. What is
verbatim by its nature (``<pre>``, ``<script>``, ``<style>``, ``<textarea>``,
``<math>``) stays as written, and a tag with ``markdown="0"`` keeps its content
raw.
"""

from __future__ import annotations

from collections.abc import Mapping

from markdown.extensions.md_in_html import (
    HtmlBlockPreprocessor,
    HTMLExtractorExtra,
    MarkdownInHtmlExtension,
)


class _MarkdownInEveryBlock(HTMLExtractorExtra):
    """Python-Markdown's extractor, every block-level tag read as if ``markdown="1"``."""

    def get_state(self, tag: str, attrs: Mapping[str, str]):
        if "markdown" not in attrs:
            attrs = {**attrs, "markdown": "1"}
        return super().get_state(tag, attrs)


class _Blocks(HtmlBlockPreprocessor):
    def run(self, lines: list[str]) -> list[str]:
        parser = _MarkdownInEveryBlock(self.md)
        parser.feed("\n".join(lines))
        parser.close()
        return "".join(parser.cleandoc).split("\n")


class MarkdownInHtmlBlocks(MarkdownInHtmlExtension):
    """Python-Markdown's ``md_in_html``, with Markdown read in every HTML block."""

    def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's name)
        super().extendMarkdown(md)
        md.preprocessors.register(_Blocks(md), "html_block", 20)
