"""The EPUB 3: semantic XHTML, accessible metadata, reproducible bytes.

ebooklib assembles the package (manifest, spine, metadata, NCX); the content
documents and the nav are our own XHTML, handed over as raw items so that
ebooklib's templating cannot drop attributes. The result is then re-packed:
``mimetype`` first and stored, fixed timestamps, ``xml:lang`` on ``<package>``
— the things ebooklib 0.20 gets wrong — so the same manuscript always gives
the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from pamphletpress.cover import cover_alt, cover_png
from pamphletpress.document import Document, article_text, slugify, text_of
from pamphletpress.html import ebook_article, hyphenator_for
from pamphletpress.output import atomic_target
from pamphletpress.project import Project
from pamphletpress.resources import media_type

OPF_NS = "http://www.idpf.org/2007/opf"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

#: Labels of the navigation, in the book's language.
LABELS = {
    "nl": {"toc": "Inhoud", "landmarks": "Oriëntatiepunten", "cover": "Omslag", "start": "Begin"},
    "en": {"toc": "Contents", "landmarks": "Landmarks", "cover": "Cover", "start": "Start"},
    "de": {
        "toc": "Inhalt",
        "landmarks": "Orientierungspunkte",
        "cover": "Umschlag",
        "start": "Anfang",
    },
    "fr": {
        "toc": "Table des matières",
        "landmarks": "Repères",
        "cover": "Couverture",
        "start": "Début",
    },
}

ACCESSIBILITY_SUMMARY = {
    "nl": "Tekst met koppen voor navigatie, een inhoudsopgave en een leesvolgorde die de "
    "opmaak volgt. De omslagafbeelding heeft een tekstalternatief. Geen risico's.",
    "en": "Text with headings for navigation, a table of contents and a reading order that "
    "follows the layout. The cover image has a text alternative. No hazards.",
}

EMBEDDED_FONTS = [
    "CharisSIL-Regular.ttf",
    "CharisSIL-Italic.ttf",
    "CharisSIL-Bold.ttf",
    "CharisSIL-BoldItalic.ttf",
    "Inter-Bold.otf",
]


@dataclass
class EpubOptions:
    soft_hyphens: bool = False


@dataclass
class EpubResult:
    path: Path
    articles: int
    size: int
    seconds: float
    notes: list[str] = field(default_factory=list)


def labels(lang: str) -> dict[str, str]:
    return LABELS.get(lang.split("-")[0].lower(), LABELS["en"])


def write_epub(
    document: Document, project: Project, target: Path, options: EpubOptions
) -> EpubResult:
    started = time.perf_counter()
    notes: list[str] = []
    data = epub_bytes(document, project, options, notes)
    with atomic_target(target) as temporary:
        temporary.write_bytes(data)
    return EpubResult(
        path=target,
        articles=len(document.articles),
        size=len(data),
        seconds=time.perf_counter() - started,
        notes=notes,
    )


def epub_bytes(
    document: Document, project: Project, options: EpubOptions, notes: list[str]
) -> bytes:
    from ebooklib import epub

    meta = document.meta
    lang = meta.lang
    words = labels(lang)
    stamp = document.timestamp

    book = epub.EpubBook()
    book.set_identifier(document.identifier)
    book.set_title(meta.title)
    book.set_language(lang)
    authors = list(dict.fromkeys(a for article in document.articles for a in article.meta.authors))
    for number, author in enumerate(authors, 1):
        book.add_author(author, file_as=file_as(author), role="aut", uid=f"creator{number}")
    if meta.publication:
        book.add_metadata("DC", "publisher", meta.publication)
    if meta.full_date:
        book.add_metadata("DC", "date", meta.date)
    description = meta.description or " ".join(
        text_of(e).strip() for e in document.articles[0].lede
    )
    if description:
        book.add_metadata("DC", "description", description)
    for subject in meta.subjects:
        book.add_metadata("DC", "subject", subject)
    add_accessibility(book, lang)

    used_text = "".join(_all_text(document)) + "■•–—‘’“”…0123456789"
    embedded = []
    for name in EMBEDDED_FONTS:
        font_path = project.fonts_dir / name
        if not font_path.is_file():
            notes.append(f"font {name} not found; the EPUB uses the reader's own font instead")
            continue
        if not embedding_allowed(font_path):
            notes.append(f"font {name}: its licence forbids embedding; not in the EPUB")
            continue
        embedded.append(name)
        book.add_item(
            epub.EpubItem(
                uid=f"font-{slugify(name)}",
                file_name=f"fonts/{name}",
                media_type="font/otf" if name.endswith(".otf") else "font/ttf",
                content=subset_font(font_path, used_text),
            )
        )
    css = epub.EpubItem(
        uid="css",
        file_name="css/epub.css",
        media_type="text/css",
        content=stylesheet_for(project.style("epub.css").read_text("utf-8"), embedded).encode(),
    )
    book.add_item(css)

    # Cover
    png = cached_cover(meta, project)
    cover_image = epub.EpubItem(
        uid="cover-image", file_name="images/cover.png", media_type="image/png", content=png
    )
    book.add_item(cover_image)
    cover_page = epub.EpubItem(
        uid="cover",
        file_name="text/cover.xhtml",
        media_type="application/xhtml+xml",
        content=page(
            lang,
            words["cover"],
            f'<section class="cover" epub:type="cover">'
            f'<img src="../images/cover.png" role="doc-cover" alt="{_attr(cover_alt(meta))}"/>'
            "</section>",
            body_type=None,
        ),
    )
    book.add_item(cover_page)

    # Articles
    images: dict[Path, str] = {}
    chapters = []
    toc = []
    used_names: set[str] = set()
    for index, article in enumerate(document.articles, 1):
        name = _unique(slugify(article.source.stem), used_names)
        hyphenator = hyphenator_for(article) if options.soft_hyphens else None
        node = ebook_article(article, hyphenator)
        mark_for_assistive_technology(node)
        for img in node.iter("img"):
            img.set("src", "../" + _image_name(img.get("src", ""), images))
        body = etree.tostring(node, encoding="unicode", method="xml")
        item = epub.EpubItem(
            uid=f"article-{index}",
            file_name=f"text/{name}.xhtml",
            media_type="application/xhtml+xml",
            content=page(article.meta.lang, article.meta.title, body, lang_of_book=lang),
        )
        book.add_item(item)
        chapters.append(item)
        sections = [
            epub.Link(f"text/{name}.xhtml#{h.get('id')}", text_of(h), f"{name}-{h.get('id')}")
            for h in node.iter("h2")
            if h.get("id")
        ]
        link = epub.Link(f"text/{name}.xhtml", article.meta.title, f"{name}-title")
        toc.append(
            (epub.Section(article.meta.title, f"text/{name}.xhtml"), sections) if sections else link
        )
    for path, name in images.items():
        book.add_item(
            epub.EpubItem(
                uid=f"img-{slugify(name)}",
                file_name=name,
                media_type=media_type(path),
                content=path.read_bytes(),
            )
        )

    nav = epub.EpubItem(
        uid="nav",
        file_name="nav.xhtml",
        media_type="application/xhtml+xml",
        content=nav_page(document, toc, words),
    )
    book.add_item(nav)
    book.toc = toc
    book.add_item(epub.EpubNcx())
    book.spine = [cover_page, *chapters]
    book.guide = []

    buffer = io.BytesIO()
    epub.write_epub(
        buffer,
        book,
        {
            "epub3_pages": False,
            "epub3_landmark": False,
            "epub2_guide": False,
            "mtime": stamp,
            "raise_exceptions": True,
        },
    )
    return repack(buffer.getvalue(), lang, stamp, nav_id="nav", cover_id="cover-image")


def cached_cover(meta, project: Project) -> bytes:
    """The cover PNG, drawn once per metadata and fonts, kept in the project's cache."""
    import hashlib

    digest = hashlib.sha256(
        repr((meta.title, meta.kicker, meta.authors, meta.publication, meta.issue)).encode()
    )
    for path in sorted(project.fonts_dir.glob("*")):
        stat = path.stat()
        digest.update(f"{path.name}{stat.st_size}{stat.st_mtime_ns}".encode())
    digest.update(Path(__file__).with_name("cover.py").read_bytes())
    cache = project.root / ".pamphletpress-cache" / "covers" / f"{digest.hexdigest()[:20]}.png"
    if cache.is_file():
        return cache.read_bytes()
    png = cover_png(meta, project.fonts_dir)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache.with_suffix(".part")
        temporary.write_bytes(png)
        temporary.replace(cache)
    except OSError:
        pass  # a read-only project still builds, only slower
    return png


def add_accessibility(book, lang: str) -> None:
    """The schema.org accessibility metadata DAISY Ace asks for."""

    def prop(name: str, value: str) -> None:
        book.add_metadata(None, "meta", value, {"property": name})

    prop("schema:accessMode", "textual")
    prop("schema:accessMode", "visual")
    prop("schema:accessModeSufficient", "textual")
    for feature in (
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "alternativeText",
        "displayTransformability",
    ):
        prop("schema:accessibilityFeature", feature)
    prop("schema:accessibilityHazard", "none")
    summary = ACCESSIBILITY_SUMMARY.get(lang.split("-")[0], ACCESSIBILITY_SUMMARY["en"])
    prop("schema:accessibilitySummary", summary)
    prop("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA")
    prop("a11y:certifiedBy", "pamphletpress")


def file_as(name: str) -> str:
    """``Danny Byrne`` → ``Byrne, Danny`` (Dutch particles stay with the surname)."""
    parts = name.split()
    if len(parts) < 2:
        return name
    particles = {"van", "de", "der", "den", "het", "ter", "ten", "te", "von", "du", "la", "le"}
    index = len(parts) - 1
    while index > 1 and parts[index - 1].lower() in particles:
        index -= 1
    return f"{' '.join(parts[index:])}, {' '.join(parts[:index])}"


def mark_for_assistive_technology(node: etree._Element) -> None:
    """Hide what only the eye needs from screen readers; name each box by its heading.

    The end mark ■ is decoration (a screen reader would say "black square"); an
    ``<aside>`` is a complementary landmark, which assistive technology lists by name.
    """
    for element in node.iter():
        if "endmark" in (element.get("class") or "").split():
            element.set("aria-hidden", "true")
        elif element.tag == "aside" and not element.get("aria-labelledby"):
            heading = next((h for h in element.iter("h2", "h3") if h.get("id")), None)
            if heading is not None:
                element.set("aria-labelledby", heading.get("id"))


def page(
    lang: str,
    title: str,
    body: str,
    lang_of_book: str | None = None,
    body_type: str | None = "bodymatter",
) -> bytes:
    """A complete XHTML content document (the cover's body is no body matter)."""
    body_attributes = f' epub:type="{body_type}"' if body_type else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
        f'lang="{lang}" xml:lang="{lang}">\n<head>\n<meta charset="utf-8"/>\n'
        f"<title>{_text(title)}</title>\n"
        '<link rel="stylesheet" type="text/css" href="../css/epub.css"/>\n</head>\n'
        f"<body{body_attributes}>\n{body}\n</body>\n</html>\n"
    ).encode()


def nav_page(document: Document, toc, words: dict[str, str]) -> bytes:
    """The EPUB 3 nav: the same table of contents as the NCX, and the landmarks."""
    lang = document.lang
    items = []
    for entry in toc:
        article, sections = entry if isinstance(entry, tuple) else (entry, [])
        subs = "".join(f'<li><a href="{s.href}">{_text(s.title)}</a></li>' for s in sections)
        sub = f"<ol>{subs}</ol>" if subs else ""
        items.append(f'<li><a href="{article.href}">{_text(article.title)}</a>{sub}</li>')
    first = (toc[0][0] if isinstance(toc[0], tuple) else toc[0]).href
    body = (
        f'<nav epub:type="toc" id="toc" role="doc-toc"><h1>{_text(words["toc"])}</h1>'
        f"<ol>{''.join(items)}</ol></nav>\n"
        f'<nav epub:type="landmarks" id="landmarks" hidden="">'
        f"<h2>{_text(words['landmarks'])}</h2><ol>"
        f'<li><a epub:type="cover" href="text/cover.xhtml">{_text(words["cover"])}</a></li>'
        f'<li><a epub:type="bodymatter" href="{first}">{_text(words["start"])}</a></li>'
        "</ol></nav>"
    )
    html = page(lang, words["toc"], body, body_type=None).decode()
    html = html.replace('href="../css/epub.css"', 'href="css/epub.css"')
    return html.encode()


def repack(data: bytes, lang: str, stamp: dt.datetime, nav_id: str, cover_id: str) -> bytes:
    """Fix what ebooklib leaves wrong and write a reproducible zip."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    date_time = max(stamp, dt.datetime(1980, 1, 1)).timetuple()[:6]
    with zipfile.ZipFile(out, "w") as target:
        names = ["mimetype"] + sorted(n for n in source.namelist() if n != "mimetype")
        for name in names:
            content = source.read(name)
            if name.endswith(".opf"):
                content = fix_opf(content, lang, nav_id, cover_id)
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.external_attr = 0o644 << 16
            info.create_system = 3
            if name == "mimetype":
                info.compress_type = zipfile.ZIP_STORED
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, content, compresslevel=6 if name != "mimetype" else None)
    return out.getvalue()


def fix_opf(content: bytes, lang: str, nav_id: str, cover_id: str) -> bytes:
    root = etree.fromstring(content)
    root.set(XML_LANG, lang)
    root.set("prefix", "a11y: http://www.idpf.org/epub/vocab/package/a11y/#")
    manifest = root.find(f"{{{OPF_NS}}}manifest")
    for item in manifest:
        if item.get("id") == nav_id:
            item.set("properties", "nav")
        elif item.get("id") == cover_id:
            item.set("properties", "cover-image")
    # The cover image is also named by the EPUB 2 <meta name="cover">, for old readers.
    metadata = root.find(f"{{{OPF_NS}}}metadata")
    if not any(m.get("name") == "cover" for m in metadata):
        etree.SubElement(metadata, f"{{{OPF_NS}}}meta", name="cover", content=cover_id)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def embedding_allowed(path: Path) -> bool:
    """The font's own licence bits (OS/2 fsType): 0x0002 means "restricted", no embedding."""
    import uharfbuzz as hb

    table = hb.Face(hb.Blob.from_file_path(str(path))).reference_table("OS/2").data
    if len(table) < 10:
        return True
    fs_type = int.from_bytes(table[8:10], "big")
    return not (fs_type & 0x000F == 0x0002)


def stylesheet_for(css: str, embedded: list[str]) -> str:
    """The e-book stylesheet without @font-face rules for fonts not in the book."""

    def keep(match: re.Match) -> str:
        url = re.search(r"url\(\s*['\"]?([^'\")]+)", match.group(0))
        name = Path(url.group(1)).name if url else ""
        return match.group(0) if name in embedded else ""

    return re.sub(r"@font-face\s*\{[^}]*\}\n?", keep, css)


def subset_font(path: Path, text: str) -> bytes:
    """The font cut down to the characters the book uses (HarfBuzz: fast and reproducible).

    The name table is kept whole: it carries the copyright and the licence."""
    import uharfbuzz as hb

    face = hb.Face(hb.Blob.from_file_path(str(path)))
    request = hb.SubsetInput()
    request.unicode_set.update(ord(c) for c in set(text))
    request.name_id_set.update(range(0, 256))
    result = hb.subset(face, request)
    if result is None:  # a font HarfBuzz cannot cut: ship it whole
        return path.read_bytes()
    return result.blob.data


def _all_text(document: Document):
    for article in document.articles:
        yield article_text(article)
        yield from article.meta.authors


def _image_name(src: str, images: dict[Path, str]) -> str:
    parts = urlsplit(src)
    path = Path(unquote(parts.path))
    if path not in images:
        stem = slugify(path.stem)
        name = f"images/{stem}{path.suffix.lower()}"
        taken = set(images.values())
        counter = 2
        while name in taken:
            name = f"images/{stem}-{counter}{path.suffix.lower()}"
            counter += 1
        images[path] = name
    return images[path]


def _unique(name: str, used: set[str]) -> str:
    candidate, counter = name, 2
    while candidate in used or candidate in ("cover", "nav"):
        candidate = f"{name}-{counter}"
        counter += 1
    used.add(candidate)
    return candidate


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(value: str) -> str:
    return _text(value).replace('"', "&quot;")
