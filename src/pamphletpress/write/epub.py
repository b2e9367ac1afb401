"""The EPUB 3: semantic XHTML, accessible metadata, reproducible bytes.

ebooklib assembles the package (manifest, spine, metadata, NCX); the content
documents, the cover page and the nav are written by ``html.py`` with lxml and
handed over as raw items, so that ebooklib's templating cannot drop attributes.
The metadata follows the content: accessibility claims from the images' alt text,
the print edition's page list (``pagelist.py``) when ``build`` made the PDF too.
The result is then re-packed:
``mimetype`` first and stored, fixed timestamps, ``xml:lang`` on ``<package>``
— the things ebooklib 0.20 gets wrong — so the same manuscript always gives
the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from pamphletpress.errors import located
from pamphletpress.read.document import Article, Document, article_text, slugify, text_of
from pamphletpress.read.project import Project
from pamphletpress.read.resources import media_type
from pamphletpress.write.cover import cover_alt, cover_png
from pamphletpress.write.html import (
    NavEntry,
    cover_content,
    ebook_article,
    hyphenator_for,
    nav_content,
    xhtml_page,
)
from pamphletpress.write.output import atomic_target
from pamphletpress.write.pagelist import PrintEdition, mark_page_breaks

OPF_NS = "http://www.idpf.org/2007/opf"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

log = logging.getLogger("pamphletpress")
COVER_PAGE_ID = "cover"

#: Labels of the navigation, in the book's language.
LABELS = {
    "nl": {
        "toc": "Inhoud",
        "landmarks": "Oriëntatiepunten",
        "cover": "Omslag",
        "start": "Begin",
        "pages": "Pagina's",
        "print": "gedrukte uitgave",
        "page_count": "pagina's",
    },
    "en": {
        "toc": "Contents",
        "landmarks": "Landmarks",
        "cover": "Cover",
        "start": "Start",
        "pages": "Pages",
        "print": "print edition",
        "page_count": "pages",
    },
    "de": {
        "toc": "Inhalt",
        "landmarks": "Orientierungspunkte",
        "cover": "Umschlag",
        "start": "Anfang",
        "pages": "Seiten",
        "print": "Druckausgabe",
        "page_count": "Seiten",
    },
    "fr": {
        "toc": "Table des matières",
        "landmarks": "Repères",
        "cover": "Couverture",
        "start": "Début",
        "pages": "Pages",
        "print": "édition imprimée",
        "page_count": "pages",
    },
}

#: The accessibility summary's sentences, by language.
SUMMARY = {
    "nl": {
        "base": "Tekst met koppen voor navigatie, een inhoudsopgave en een leesvolgorde die "
        "de opmaak volgt; lettertype, grootte en kleuren zijn door de lezer aan te passen.",
        "cover": "De omslagafbeelding heeft een tekstalternatief.",
        "images": "Elke afbeelding, ook de omslag, heeft een tekstalternatief.",
        "unlabelled": "Van de {total} afbeeldingen hebben er {n} geen tekstalternatief: "
        "de tekst alleen volstaat daar niet.",
        "pages": "Paginamarkeringen en een paginalijst volgen de gedrukte uitgave.",
        "hazards": "Geen risico's.",
    },
    "en": {
        "base": "Text with headings for navigation, a table of contents and a reading order "
        "that follows the layout; face, size and colours can be set by the reader.",
        "cover": "The cover image has a text alternative.",
        "images": "Every image, the cover included, has a text alternative.",
        "unlabelled": "Of the {total} images, {n} have no text alternative: the text alone "
        "does not suffice there.",
        "pages": "Page break markers and a page list follow the print edition.",
        "hazards": "No hazards.",
    },
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
    document: Document,
    project: Project,
    target: Path,
    options: EpubOptions,
    print_edition: PrintEdition | Callable[[], PrintEdition | None] | None = None,
    confirmed: Callable[[], bool] | None = None,
) -> EpubResult:
    """The EPUB file. ``print_edition`` (or a function that waits for it while the PDF
    is being laid out) adds the printed pages: markers, a page list, ``dc:source``;
    ``confirmed()``, if given, says whether that PDF was written after all (if not,
    the EPUB lists no pages)."""
    started = time.perf_counter()
    waited = 0.0
    notes: list[str] = []
    if callable(print_edition):  # the time spent waiting for the PDF is the PDF's
        wait_for = print_edition

        def print_edition():
            nonlocal waited
            before = time.perf_counter()
            try:
                return wait_for()
            finally:
                waited = time.perf_counter() - before

    edition_seen: list = []

    def seen():
        edition = print_edition() if callable(print_edition) else print_edition
        edition_seen.append(edition)
        return edition

    data = epub_bytes(document, project, options, notes, seen)
    if confirmed is not None and edition_seen and edition_seen[0] is not None:
        before = time.perf_counter()
        written = confirmed()
        waited += time.perf_counter() - before
        if not written:
            data = epub_bytes(document, project, options, notes, None)
    with atomic_target(target) as temporary:
        temporary.write_bytes(data)
    return EpubResult(
        path=target,
        articles=len(document.articles),
        size=len(data),
        seconds=time.perf_counter() - started - waited,
        notes=notes,
    )


def epub_bytes(
    document: Document,
    project: Project,
    options: EpubOptions,
    notes: list[str],
    print_edition: PrintEdition | Callable[[], PrintEdition | None] | None = None,
) -> bytes:
    from ebooklib import epub

    meta = document.meta
    lang = meta.lang
    words = labels(lang)
    stamp = document.timestamp

    # The articles first: the metadata follows from what they hold.
    images: dict[Path, str] = {}
    articles: list[tuple[str, Article, etree._Element]] = []
    used_names: set[str] = set()
    for article in document.articles:
        name = _unique(slugify(article.source.stem), used_names)
        hyphenator = hyphenator_for(article) if options.soft_hyphens else None
        node = ebook_article(article, hyphenator)
        if hyphenator is not None:  # its own breaks: justified without gaps
            node.set("class", "article justified")
        mark_for_assistive_technology(node, article.meta.lang)
        for img in node.iter("img"):
            img.set("src", "../" + _image_name(img.get("src", ""), images))
        articles.append((f"text/{name}.xhtml", article, node))
    unlabelled = images_without_text(articles)
    edition = print_edition() if callable(print_edition) else print_edition
    page_list = []
    if edition is not None:
        page_list = mark_page_breaks([(href, node) for href, _, node in articles], edition)

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
    book.add_metadata("DC", "rights", rights_statement(document, words))
    if edition is not None and page_list:
        book.add_metadata("DC", "source", print_source(document, edition, words), {"id": "print"})
        book.add_metadata(
            None, "meta", "pagination", {"refines": "#print", "property": "source-of"}
        )
    add_accessibility(
        book,
        lang,
        certifier=meta.publication,
        images=sum(1 for _, _, node in articles for _ in node.iter("img")),
        unlabelled=len(unlabelled),
        pages=bool(page_list),
    )

    used_text = "".join(_all_text(document)) + "■•–—‘’“”…0123456789" + "".join(words.values())
    used_text += used_text.upper() + used_text.lower()  # text-transform: uppercase (É)
    faces = faces_used([node for _, _, node in articles])
    embedded = []
    for name in EMBEDDED_FONTS:
        if name not in faces:
            continue  # a face no text is set in: not shipped, no @font-face
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
        uid=COVER_PAGE_ID,
        file_name="text/cover.xhtml",
        media_type="application/xhtml+xml",
        content=xhtml_page(
            lang,
            words["cover"],
            cover_content(cover_alt(meta), "../images/cover.png"),
            "../css/epub.css",
        ),
    )
    book.add_item(cover_page)

    chapters = []
    toc: list[NavEntry] = []
    for index, (href, article, node) in enumerate(articles, 1):
        sections = [
            NavEntry(text_of(h), f"{href}#{h.get('id')}", [])
            for h in node.iter("h2")
            if h.get("id")
        ]
        toc.append(NavEntry(article.meta.title, href, sections))
        item = epub.EpubItem(
            uid=f"article-{index}",
            file_name=href,
            media_type="application/xhtml+xml",
            content=xhtml_page(
                article.meta.lang, article.meta.title, [node], "../css/epub.css", "bodymatter"
            ),
        )
        book.add_item(item)
        chapters.append(item)
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
        content=xhtml_page(
            lang,
            words["toc"],
            nav_content(toc, words, "text/cover.xhtml", page_list),
            "css/epub.css",
        ),
    )
    book.add_item(nav)
    book.toc = [
        (
            epub.Section(entry.title, entry.href),
            [epub.Link(child.href, child.title, _link_uid(child.href)) for child in entry.children],
        )
        if entry.children
        else epub.Link(entry.href, entry.title, _link_uid(entry.href))
        for entry in toc
    ]
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


def _link_uid(href: str) -> str:
    """The NCX id of a table-of-contents entry: its file and anchor, as before."""
    path, _, anchor = href.partition("#")
    return f"{Path(path).stem}-{anchor or 'title'}"


def images_without_text(articles) -> list[etree._Element]:
    """The images with no alt text, each warned about with its manuscript line: the
    book then no longer claims that its text alone suffices, nor WCAG AA."""
    found = []
    for _, article, node in articles:
        for img in node.iter("img"):
            if (img.get("alt") or "").strip():
                continue
            found.append(img)
            line = img.get("data-line")
            where = located(article.source, line)
            log.warning(
                "%s: image %s has no alt text; the EPUB no longer claims WCAG AA or that "
                "its text alone suffices (describe it: ![what it shows](%s))",
                where,
                Path(img.get("src", "")).name,
                Path(img.get("src", "")).name,
            )
    return found


def rights_statement(document: Document, words: dict[str, str]) -> str:
    """``dc:rights``: the ``rights:`` setting, else © year and who holds it."""
    meta = document.meta
    if meta.rights:
        return meta.rights
    holder = meta.publication or ", ".join(meta.authors) or meta.title
    return f"© {document.timestamp.year} {holder}"


def print_source(document: Document, edition: PrintEdition, words: dict[str, str]) -> str:
    """``dc:source``: the print edition the page numbers come from."""
    meta = document.meta
    name = ", ".join(p for p in (meta.publication or meta.title, meta.issue) if p)
    return f"{name} — {words['print']} ({edition.pages} {words['page_count']}, {edition.name})"


#: The faces of the stylesheet, by what a text is set in (family, bold, italic).
FACES = {
    ("serif", False, False): "CharisSIL-Regular.ttf",
    ("serif", False, True): "CharisSIL-Italic.ttf",
    ("serif", True, False): "CharisSIL-Bold.ttf",
    ("serif", True, True): "CharisSIL-BoldItalic.ttf",
    ("sans", True, False): "Inter-Bold.otf",
    ("sans", True, True): "Inter-Bold.otf",
    ("sans", False, False): "Inter-Bold.otf",
    ("sans", False, True): "Inter-Bold.otf",
}
#: What epub.css sets in the sans (Inter), in bold, in italic: keep in step with it.
SANS = {"h1", "h2", "h3", "h4", "h5", "h6", "kicker", "endmark", "box-title", "notes-title"}
BOLD = {"strong", "b", "th", "h1", "h2", "h3", "h4", "h5", "h6", "lede", "kicker"}
ITALIC = {"em", "i", "cite", "dfn", "var", "address", "byline", "figcaption", "caption"}


def faces_used(nodes: list[etree._Element]) -> set[str]:
    """The font files the articles' text is set in, read from the elements and classes
    epub.css styles; the cover and nav are set in what the articles use."""
    used: set[str] = set()

    def walk(element: etree._Element, sans: bool, bold: bool, italic: bool) -> None:
        if not isinstance(element.tag, str):
            return
        names = {etree.QName(element).localname, *(element.get("class") or "").split()}
        sans = sans or bool(names & SANS)
        bold = bold or bool(names & BOLD)
        italic = italic or bool(names & ITALIC)
        if (element.text or "").strip():
            used.add(FACES[("sans" if sans else "serif", bold, italic)])
        for child in element:
            walk(child, sans, bold, italic)
            if (child.tail or "").strip():
                used.add(FACES[("sans" if sans else "serif", bold, italic)])

    for node in nodes:
        walk(node, False, False, False)
    return used


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


def add_accessibility(
    book,
    lang: str,
    certifier: str | None,
    images: int,
    unlabelled: int,
    pages: bool,
) -> None:
    """The schema.org accessibility metadata, as the content allows it.

    An image without alt text takes back the claims it breaks: that the text alone
    suffices, that images have text alternatives, and WCAG AA. The certifier is the
    publisher that puts the book out (not this tool)."""

    def prop(name: str, value: str) -> None:
        book.add_metadata(None, "meta", value, {"property": name})

    described = unlabelled == 0
    prop("schema:accessMode", "textual")
    prop("schema:accessMode", "visual")  # the cover, and any picture
    if described:
        prop("schema:accessModeSufficient", "textual")
    prop("schema:accessModeSufficient", "textual,visual")
    features = ["structuralNavigation", "tableOfContents", "readingOrder"]
    features.append("displayTransformability")
    if described:
        features.append("alternativeText")
    if pages:
        features += ["pageBreakMarkers", "pageNavigation"]
    for feature in features:
        prop("schema:accessibilityFeature", feature)
    prop("schema:accessibilityHazard", "none")
    prop("schema:accessibilitySummary", accessibility_summary(lang, images, unlabelled, pages))
    if described:
        prop("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA")
        if certifier:
            prop("a11y:certifiedBy", certifier)


def accessibility_summary(lang: str, images: int, unlabelled: int, pages: bool) -> str:
    """What the book offers and lacks, in its own language, from what it holds."""
    words = SUMMARY.get(lang.split("-")[0], SUMMARY["en"])
    parts = [words["base"]]
    if images and unlabelled:
        parts.append(words["unlabelled"].format(n=unlabelled, total=images))
    elif images:
        parts.append(words["images"])
    else:
        parts.append(words["cover"])
    if pages:
        parts.append(words["pages"])
    parts.append(words["hazards"])
    return " ".join(parts)


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


#: The name of a box without a title, by language (a landmark needs a name).
BOX_NAME = {"nl": "Kader", "de": "Kasten", "fr": "Encadré", "en": "Box"}


def mark_for_assistive_technology(node: etree._Element, lang: str = "en") -> None:
    """Hide what only the eye needs from screen readers; name each box, uniquely.

    The end mark ■ is decoration (a screen reader would say "black square"); an
    ``<aside>`` is a complementary landmark, which assistive technology lists by
    name: by its heading, else "Kader"; a name that repeats gets a number ("Tip 2").
    """
    seen: dict[str, int] = {}
    for element in node.iter():
        if "endmark" in (element.get("class") or "").split():
            element.set("aria-hidden", "true")
        elif element.tag == "aside" and element.get("role") is None:
            heading = next((h for h in element.iter("h2", "h3") if h.get("id")), None)
            if heading is not None:
                name = " ".join(text_of(heading).split())
            else:
                name = BOX_NAME.get(lang.split("-")[0], BOX_NAME["en"])
            seen[name] = seen.get(name, 0) + 1
            if seen[name] > 1:
                element.attrib.pop("aria-labelledby", None)
                element.set("aria-label", f"{name} {seen[name]}")
            elif heading is not None:
                element.set("aria-labelledby", heading.get("id"))
            else:
                element.set("aria-label", name)


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
    root.set(
        "prefix",
        "a11y: http://www.idpf.org/epub/vocab/package/a11y/# calibre: https://calibre-ebook.com",
    )
    manifest = root.find(f"{{{OPF_NS}}}manifest")
    for item in manifest:
        if item.get("id") == nav_id:
            item.set("properties", "nav")
        elif item.get("id") == cover_id:
            item.set("properties", "cover-image")
        elif item.get("id") == COVER_PAGE_ID:
            # calibre draws its own cover page from the cover image: told which page is
            # ours, it shows the cover once (no second cover, no blank page after it).
            item.set("properties", "calibre:title-page")
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
