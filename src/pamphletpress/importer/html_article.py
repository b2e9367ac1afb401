"""A web article saved from a site (``.html`` and its ``_files`` folder): its main text.

readability (readability-lxml, the port of Mozilla's Readability.js that Firefox's
reader view grew from) finds the article in the page: menus, footers, sharing buttons
and related links stay behind. Title, author, date and language come from the page's
own metadata (``og:title``, ``author``, ``article:published_time``, ``<html lang>``).
Pictures are taken only from the saved folder beside the page; nothing is fetched:
a picture that is only on the web is named in the report.
"""

from __future__ import annotations

import re
from copy import deepcopy
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import html
from readability import Document

from pamphletpress.i18n import N_, _
from pamphletpress.importer.document_report import Notice, Reading
from pamphletpress.importer.pictures import Pictures

#: Parts of an article that are the site's, not the text: sharing buttons, related links.
SITE_PARTS = re.compile(
    r"\b(share|sharing|social|related|newsletter|comments?|cookies?|advert\w*|promo|"
    r"breadcrumbs?|tags|subscribe|menu|nav|navigation|sidebar|site-(?:header|footer))\b",
    re.I,
)
#: Where pages keep a lazily loaded picture's address.
LAZY_SOURCES = ("data-src", "data-original", "data-lazy-src")


def read_article(text: str, page: Path, pictures: Pictures) -> Reading:
    """The page's article as HTML, its saved pictures kept in ``pictures``."""
    tree = html.document_fromstring(text)
    meta = _metadata(tree)
    article = Document(text, positive_keywords=["article", "post", "story"])
    summary = html.fragment_fromstring(article.summary(html_partial=True), create_parent="div")
    content = _whole(tree, summary)
    meta.setdefault("title", " ".join((article.short_title() or "").split()) or None)
    if not meta["title"]:
        del meta["title"]
    reading = Reading("", meta)
    for image in list(content.iter("img")):
        source = next((image.get(k) for k in LAZY_SOURCES if image.get(k)), image.get("src"))
        saved = _saved_file(source or "", page)
        if saved is None:
            reading.left_out.append(
                Notice(
                    N_("picture"),
                    _(
                        "{value} is not in the saved folder (nothing is fetched): save the page "
                        "again with its pictures, or add the picture by hand"
                    ).format(value=source or _("without an address")),
                    _("alt text “{value}”").format(value=image.get("alt") or ""),
                )
            )
            image.drop_tree()
            continue
        image.set("src", pictures.add(saved.read_bytes(), name=saved.name))
    for element in list(content.iter("script", "style", "noscript", "iframe", "form", "button")):
        element.drop_tree()
    for element in list(content.iter()):
        names = f"{element.get('class') or ''} {element.get('id') or ''}"
        if element is not content and SITE_PARTS.search(names) and element.getparent() is not None:
            reading.left_out.append(
                Notice(
                    N_("site part"),
                    _("“{split}” (sharing, related links) left out").format(
                        split=" ".join(element.text_content().split())[:60]
                    ),
                )
            )
            element.drop_tree()
    reading.html = html.tostring(content, encoding="unicode")
    return reading


def _whole(tree, summary):
    """The page's own element that holds the paragraphs readability chose: readability
    finds the article, but its clean-up drops tables and lists it judges thin, and
    those are the article's too. Menus and footers stay out, being outside it."""
    wanted = [_words(p) for p in summary.iter("p") if len(_words(p)) > 40]
    if not wanted:
        return summary
    found = []
    for paragraph in tree.iter("p"):
        if _words(paragraph) in wanted:
            found.append(paragraph)
    if not found:
        return summary
    chains = [list(p.iterancestors())[::-1] for p in found]
    common = None
    for level in zip(*chains):
        if all(node is level[0] for node in level):
            common = level[0]
        else:
            break
    if common is None or common.tag in ("html",):
        return summary
    if len(found) == 1:
        common = found[0].getparent()
    content = deepcopy(common)
    content.tag = "div"
    for element in list(content.iter("nav", "aside", "footer", "menu", "form")):
        element.drop_tree()  # the site's, wherever the page put them
    if len(_words(content)) > 1.5 * len(_words(summary)) + 400:
        return summary  # the paragraphs' common element is most of the page: too wide
    return content


def _words(element) -> str:
    return " ".join(element.text_content().split())


def _metadata(tree) -> dict:
    def first(*queries: str) -> str | None:
        for query in queries:
            found = tree.xpath(query)
            for value in [found] if isinstance(found, str) else found:
                value = " ".join(str(value).split())
                if value:
                    return value
        return None

    meta: dict = {}
    found = {
        "title": first("//meta[@property='og:title']/@content", "string(//h1[1])"),
        "author": first(
            "//meta[@name='author']/@content",
            "//meta[@property='article:author']/@content",
            "//*[@rel='author'][1]//text()",
        ),
        "lang": first("/html/@lang", "//meta[@http-equiv='content-language']/@content"),
        "description": first(
            "//meta[@name='description']/@content", "//meta[@property='og:description']/@content"
        ),
        "publication": first("//meta[@property='og:site_name']/@content"),
        "date": first(
            "//meta[@property='article:published_time']/@content",
            "//meta[@name='date']/@content",
            "//time[@datetime][1]/@datetime",
        ),
    }
    for key, value in found.items():
        if value:
            meta[key] = value
    if "date" in meta:
        match = re.match(r"\d{4}-\d{2}-\d{2}", meta["date"])
        if match:
            meta["date"] = match.group(0)
        else:
            del meta["date"]
    if meta.get("author", "").startswith(("http://", "https://")):
        del meta["author"]  # article:author is often a profile page
    return meta


def _saved_file(source: str, page: Path) -> Path | None:
    """The saved copy of a picture: a path under the page's folder, never the network."""
    parts = urlsplit(source)
    if parts.scheme and parts.scheme != "file" or not parts.path:
        return None
    candidate = (page.parent / unquote(parts.path)).resolve()
    try:
        candidate.relative_to(page.parent.resolve())
    except ValueError:
        return None
    return candidate if candidate.is_file() else None
