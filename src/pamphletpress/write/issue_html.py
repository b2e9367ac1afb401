"""An issue's print page: nameplate, front page, contents box, articles following each other.

The articles are set exactly as a single article's print page sets them
(:func:`~pamphletpress.write.print_html.print_html`); this module rearranges
them into an issue: page 1 holds the nameplate, the lead's opening, a place for
the start of its body (filled by the issue layout, :mod:`pamphletpress.layout.issue_pages`,
once it knows how many lines fit), teasers and the contents box; the lead's
body waits at the top of the inside pages as its continuation, then the other
articles follow in the editor's order, then the colophon and the house boxes.
Every page number printed (contents, jump lines) is a ``target-counter`` of an
anchor: right by construction.
"""

from __future__ import annotations

import json
import re

from lxml import etree
from lxml import html as lxml_html

from pamphletpress.read.document import Box, Document, text_of
from pamphletpress.read.issue import Issue, shown_date

#: A pull quote's longest sentence in each length (characters): the issue layout takes
#: the longest whose lines fit the room it fills.
QUOTE_LENGTHS = (70, 120, 170, 220)
QUOTES_PER_LENGTH = 4
SENTENCE_END = re.compile(r"(?<=[.!?”\"’])\s+(?=[A-Z„“‘\"'À-Ý0-9])")

#: The ids the issue layout finds its parts by.
FRONT_BODY = "front-body"
FRONT_END = "front-end"
CONTENTS = "contents"


def article_id(index: int) -> str:
    return f"art-{index}"


def issue_html(page: str, document: Document, issue: Issue, stylesheet: str, house: list) -> str:
    """The print page of ``document`` (one ``article.article`` per article, in the
    issue's order) rearranged as the issue; ``house`` holds the house boxes as
    print elements, ``stylesheet`` the URL of ``issue.css``."""
    root = lxml_html.document_fromstring(page)
    head = root.find("head")
    etree.SubElement(head, "link", rel="stylesheet", href=stylesheet)
    head.find("title").text = issue.title
    issue_metadata(head, document, issue)
    body = root.find("body")
    body.set("class", (body.get("class", "") + " issue").strip())
    body.set("data-jump-out", issue.word("out"))  # the issue layout's jump lines' words
    body.set("data-jump-in", issue.word("in"))
    articles = [a for a in body if a.get("class") == "article"]
    for child in list(body):
        body.remove(child)
    for index, (node, entry) in enumerate(zip(articles, issue.entries, strict=True), 1):
        node.set("id", article_id(index))
        node.set("data-file", entry.path.name)
        node.set("data-short-title", short_title(document.articles[index - 1].meta.title))
        quotes = pull_quotes(document.articles[index - 1])
        if quotes:  # the room a page's foot would leave empty can be the article's
            node.set("data-quotes", json.dumps(quotes, ensure_ascii=False))
        header = node.find("header")
        header.set("data-footer", "")
        if entry.section:  # the running head's section: string-set reads the header's own
            node.set("data-section", entry.section)
            header.set("data-section", entry.section)
    front = etree.SubElement(body, "section", {"class": "front-page"})
    front.append(nameplate(issue))
    lead = articles[0]
    lead.set("class", "article lead")
    front.append(lead)
    blocks = [child for child in lead if child.tag != "header"]
    if issue.entries[0].jump:
        front_body = etree.SubElement(
            lead, "div", {"class": "columns front-body", "id": FRONT_BODY}
        )
        front_body.append(jump_line(issue, "cont-1", 1))
    continuation = etree.Element("article", {"class": "article continuation", "id": "cont-1"})
    continuation.set("data-of", article_id(1))
    if lead.get("data-section"):
        continuation.set("data-section", lead.get("data-section"))
    continuation.append(jump_head(issue, document.articles[0].meta.title, 1))
    if lead.get("data-section"):
        continuation[0].set("data-section", lead.get("data-section"))
    if issue.entries[0].jump:
        for block in blocks:
            lead.remove(block)
            continuation.append(block)
    teasers = [i for i, e in enumerate(issue.entries) if e.front == "teaser" and i]
    if not teasers and len(articles) > 1:
        teasers = [1]  # page 1 always points into the issue beyond its lead
    strip = etree.SubElement(front, "div", {"class": "front-foot"})
    for index in teasers[:2]:
        strip.append(teaser(document.articles[index], index + 1, issue))
    strip.append(contents_box(document, issue))
    etree.SubElement(front, "div", {"id": FRONT_END, "class": "front-end"})
    if issue.entries[0].jump:
        body.append(continuation)
    for node in articles[1:]:
        body.append(node)
    back = etree.SubElement(body, "section", {"class": "back-matter", "id": "back"})
    if issue.colophon or issue.issn:
        back.append(colophon(issue))
    for number, box in enumerate(house, 1):
        box.set("id", f"house-{number}")  # the layout may move it up to fill a page's foot
        back.append(box)
    return "<!DOCTYPE html>\n" + etree.tostring(root, encoding="unicode", method="html")


def issue_metadata(head, document: Document, issue: Issue) -> None:
    """The PDF's Info and XMP the issue's, not its lead article's: its editors (or its
    publisher, or the paper) as author, its titles as description, its date."""
    for meta in head.findall("meta"):
        if meta.get("name") in ("author", "description", "keywords", *ISSUE_DATES):
            head.remove(meta)
    sections = dict.fromkeys(e.section for e in issue.entries if e.section)
    periodical = document.periodical
    values = {
        "author": ", ".join(issue.editors) or issue.publisher or issue.publication,
        "description": periodical.description if periodical else issue.title,
        "keywords": ", ".join([issue.publication, *sections]),
    }
    day = (issue.date + "-01-01")[:10]  # 2026-03 → 2026-03-01
    values.update(dict.fromkeys(ISSUE_DATES, f"{day}T00:00:00+00:00"))
    title = head.find("title")
    for name, content in values.items():
        title.addprevious(etree.Element("meta", name=name, content=content))


ISSUE_DATES = ("dcterms.created", "dcterms.modified")


def pull_quotes(article) -> list[str]:
    """Sentences of the article's own body that may stand large as a pull quote, the
    shortest first: each of ``QUOTE_LENGTHS[0]``'s to the last length's, the sentences
    that quote someone and the longest first in each length, at most
    ``QUOTES_PER_LENGTH`` of a length (the layout takes the one with the best place:
    far from where its sentence stands). Never text of our own: only the author's
    sentences, whole."""
    sentences: list[str] = []
    paragraphs = [b for b in article.body if not isinstance(b, Box) and b.tag == "p"]
    for block in paragraphs[1:]:  # not the opening paragraph: it stands right above
        text = " ".join(text_of(block).replace("■", " ").split())  # not the end mark
        sentences += SENTENCE_END.split(text)
    chosen: list[str] = []
    shortest = 30
    for limit in QUOTE_LENGTHS:
        fits = [s for s in sentences if shortest <= len(s) <= limit and s not in chosen]
        shortest = limit + 1
        quoting = [s for s in fits if re.search(r"[„“”\"]", s)]
        ranked = quoting + sorted((s for s in fits if s not in quoting), key=len, reverse=True)
        chosen += sorted(ranked[:QUOTES_PER_LENGTH], key=len)
    return chosen


def page_ref(target: str) -> etree._Element:
    """A page number WeasyPrint fills in: the page ``#target`` lands on."""
    return etree.Element("a", {"class": "page-ref", "href": f"#{target}"})


def nameplate(issue: Issue) -> etree._Element:
    """The paper's name across page 1, the issue's facts on a rule under it."""
    plate = etree.Element("header", {"class": "nameplate"})
    plate.set("data-head", f"{issue.publication}  ·  {shown_date(issue.date, issue.lang)}")
    etree.SubElement(plate, "p", {"class": "nameplate-title"}).text = issue.publication
    facts = etree.SubElement(plate, "p", {"class": "nameplate-facts"})
    parts = [f"Nr. {issue.number}" if issue.lang.startswith("nl") else f"No. {issue.number}"]
    parts.append(shown_date(issue.date, issue.lang))
    parts += [p for p in (issue.price, issue.website) if p]
    if issue.issn:
        parts.append(f"ISSN {issue.issn}")
    for index, part in enumerate(parts):
        span = etree.SubElement(facts, "span", {"class": "fact"})
        span.text = part
        if index:
            span.set("class", "fact next")
    return plate


def jump_head(issue: Issue, title: str, from_page: int) -> etree._Element:
    """The continuation's opening: ``Vervolg van pagina 1`` and the headline, short."""
    head = etree.Element("header", {"class": "jump-head"})
    line = etree.SubElement(head, "p", {"class": "jump-in"})
    line.text = issue.word("in") + " "
    line.append(page_ref(f"jump-{from_page}"))
    etree.SubElement(head, "h2", {"class": "jump-title"}).text = short_title(title)
    return head


def short_title(title: str) -> str:
    """The headline repeated over a continuation: at most 48 characters, whole words."""
    return title if len(title) <= 48 else title[:48].rsplit(" ", 1)[0] + " …"


def jump_line(issue: Issue, continuation: str, number: int) -> etree._Element:
    """``Lees verder op pagina N`` at the break; N is where ``continuation`` lands."""
    line = etree.Element("p", {"class": "jump-out", "id": f"jump-{number}"})
    line.text = issue.word("out") + " "
    line.append(page_ref(continuation))
    return line


def teaser(article, index: int, issue: Issue) -> etree._Element:
    """A teaser on page 1: kicker, headline, the lede's first sentence, its page."""
    box = etree.Element("div", {"class": "teaser"})
    if article.meta.kicker:
        etree.SubElement(box, "p", {"class": "teaser-kicker"}).text = article.meta.kicker
    etree.SubElement(box, "p", {"class": "teaser-title"}).text = article.meta.title
    words = " ".join(text_of(e) for e in article.lede).split()
    if words:
        text = " ".join(words[:30]) + (" …" if len(words) > 30 else "")
        etree.SubElement(box, "p", {"class": "teaser-text"}).text = text
    where = etree.SubElement(box, "p", {"class": "teaser-page"})
    where.text = issue.word("page") + " "
    where.append(page_ref(article_id(index)))
    return box


def contents_box(document: Document, issue: Issue) -> etree._Element:
    """``In dit nummer``: every article's title and the page it starts on."""
    box = etree.Element("nav", {"class": "contents", "id": CONTENTS})
    etree.SubElement(box, "h2", {"class": "contents-title"}).text = issue.word("contents")
    listing = etree.SubElement(box, "ol", {"class": "contents-list"})
    for index, article in enumerate(document.articles, 1):
        item = etree.SubElement(listing, "li")
        etree.SubElement(item, "span", {"class": "contents-entry"}).text = article.meta.title
        item.append(page_ref(article_id(index)))
    return box


def colophon(issue: Issue) -> etree._Element:
    """The colophon from issue.yml: planned content of the last page."""
    box = etree.Element("aside", {"class": "box colophon"})
    etree.SubElement(box, "h2", {"class": "box-title"}).text = (
        "Colofon" if issue.lang.startswith("nl") else "Colophon"
    )
    etree.SubElement(box, "p").text = f"{issue.publication}, {issue.number}, " + shown_date(
        issue.date, issue.lang
    )
    for paragraph in (issue.colophon or "").split("\n\n"):
        if paragraph.strip():
            etree.SubElement(box, "p").text = " ".join(paragraph.split())
    if issue.issn:
        etree.SubElement(box, "p").text = f"ISSN {issue.issn}"
    return box
