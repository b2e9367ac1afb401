"""The EPUB 3: semantic XHTML, accessible metadata, reproducible bytes.

ebooklib assembles the package (manifest, spine, metadata, NCX); the content
documents, the cover page and the nav are written by ``xhtml.py`` with lxml and
handed over as raw items, so that ebooklib's templating cannot drop attributes.
The metadata follows the content: accessibility claims from the images' alt text
(``accessibility.py``), the print edition's page list (``pagelist.py``) when
``build`` made the PDF too; the fonts are subset to the text (``epub_fonts.py``).
The result is then re-packed:
``mimetype`` first and stored, fixed timestamps, ``xml:lang`` on ``<package>``
— the things ebooklib 0.20 gets wrong — so the same manuscript always gives
the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from pamphletpress.i18n import _
from pamphletpress.read.document import Article, Document, article_text, slugify, text_of
from pamphletpress.read.project import Project
from pamphletpress.write.accessibility import (
    add_accessibility,
    images_without_text,
    mark_for_assistive_technology,
)
from pamphletpress.write.book_metadata import file_as, labels, print_source, rights_statement
from pamphletpress.write.cover import cover_alt, cover_png
from pamphletpress.write.epub_fonts import (
    EMBEDDED_FONTS,
    book_font,
    faces_used,
    stylesheet_for,
)
from pamphletpress.write.epub_images import ScreenPicture, screen_picture
from pamphletpress.write.html_tree import hyphenator_for
from pamphletpress.write.math import MATHML_NS
from pamphletpress.write.output import atomic_target
from pamphletpress.write.pagelist import PrintEdition, mark_page_breaks, ncx_with_page_list
from pamphletpress.write.picture_formats import for_reader, reader_suffix
from pamphletpress.write.xhtml import (
    NavEntry,
    cover_content,
    ebook_article,
    nav_content,
    sections,
    xhtml_page,
)

OPF_NS = "http://www.idpf.org/2007/opf"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

COVER_PAGE_ID = "cover"


@dataclass
class EpubOptions:
    soft_hyphens: bool = False
    #: The deepest heading level in the table of contents (``epub: toc_depth``).
    toc_depth: int = 3
    #: The longest side of a picture in pixels (``epub: max_image_size``).
    max_image_size: int = 1600


@dataclass
class EpubResult:
    path: Path
    articles: int
    size: int
    seconds: float
    notes: list[str] = field(default_factory=list)


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
    pictures: dict[Path, ScreenPicture] = {}
    picture_cache = project.root / ".pamphletpress-cache" / "epub-pictures"
    profile = project.styles_dir / "icc" / "FOGRA39.icc"  # a CMYK picture's, if it has none
    enlarge: list[tuple[str, etree._Element]] = []  # screenshots and diagrams to zoom into
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
            path = Path(unquote(urlsplit(img.get("src", "")).path))
            if path not in pictures:  # TIFF, WebP as JPEG or PNG first, then sized
                kind, content = for_reader(path, profile)
                pictures[path] = screen_picture(
                    content, reader_suffix(path), kind, options.max_image_size, picture_cache
                )
            picture = pictures[path]
            img.set("src", "../" + _image_name(path, picture.suffix, images))
            if picture.width:  # the room is kept while the picture loads
                img.set("width", str(picture.width))
                img.set("height", str(picture.height))
            if picture.line_art and picture.width > ZOOM_WIDTH:
                enlarge.append((f"text/{name}.xhtml", img))
        articles.append((f"text/{name}.xhtml", article, node))
    picture_pages = _enlarge_links(enlarge, words)
    unlabelled = images_without_text(articles)
    edition = print_edition() if callable(print_edition) else print_edition
    page_list = []
    if edition is not None:
        page_list = mark_page_breaks([(href, node) for href, _, node in articles], edition)

    book = epub.EpubBook()
    book.set_identifier(document.identifier)
    book.set_title(document.periodical.title if document.periodical else meta.title)
    if document.periodical:
        from pamphletpress.write.issue_epub import add_periodical

        add_periodical(book, document.periodical)
    book.set_language(lang)
    authors = list(dict.fromkeys(a for article in document.articles for a in article.meta.authors))
    for number, author in enumerate(authors, 1):
        # One dc:creator each, its sort name and its role (only the role is MARC's)
        uid = f"creator{number}"
        book.add_metadata("DC", "creator", author, {"id": uid})
        refines = {"refines": f"#{uid}", "property": "file-as"}
        book.add_metadata(None, "meta", file_as(author), refines)
        role = {"refines": f"#{uid}", "property": "role", "scheme": "marc:relators"}
        book.add_metadata(None, "meta", "aut", role)
    periodical = document.periodical  # an issue: its own, not its lead article's
    publisher = periodical.publisher if periodical else meta.publication
    if publisher:
        book.add_metadata("DC", "publisher", publisher)
    if meta.full_date:
        book.add_metadata("DC", "date", meta.date)
    description = (
        periodical.description
        if periodical
        else meta.description or " ".join(text_of(e).strip() for e in document.articles[0].lede)
    )
    if description:
        book.add_metadata("DC", "description", description)
    for subject in meta.subjects:
        book.add_metadata("DC", "subject", subject)
    rights = rights_statement(document)
    if rights:
        book.add_metadata("DC", "rights", rights)
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
    font_cache = project.root / ".pamphletpress-cache" / "epub-fonts"
    for name in EMBEDDED_FONTS:
        if name not in faces:
            continue  # a face no text is set in: not shipped, no @font-face
        font_path = project.fonts_dir / name
        if not font_path.is_file():
            notes.append(
                _("font {name} not found; the EPUB uses the reader's own font instead").format(
                    name=name
                )
            )
            continue
        content = book_font(font_path, used_text, font_cache)
        if content is None:
            notes.append(
                _("font {name}: its licence forbids embedding; not in the EPUB").format(name=name)
            )
            continue
        embedded.append(name)
        book.add_item(
            epub.EpubItem(
                uid=f"font-{slugify(name)}",
                file_name=f"fonts/{name}",
                media_type="font/otf" if name.endswith(".otf") else "font/ttf",
                content=content,
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
        toc.append(NavEntry(article.meta.title, href, sections(node, href, options.toc_depth)))
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
    image_ids: set[str] = set()
    for path, name in images.items():
        book.add_item(
            epub.EpubItem(
                uid=_unique(f"img-{slugify(name)}", image_ids),
                file_name=name,
                media_type=pictures[path].media_type,
                content=pictures[path].data,
            )
        )
    zoom_pages = []
    for number, (href, title, content) in enumerate(picture_pages, 1):
        item = epub.EpubItem(
            uid=f"picture-{number}",
            file_name=href,
            media_type="application/xhtml+xml",
            content=xhtml_page(lang, title, content, "../css/epub.css"),
        )
        book.add_item(item)
        zoom_pages.append((item, "no"))  # reached by its link only, not in reading order

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
    ncx_ids: set[str] = set()
    book.toc = [_ncx_entry(epub, entry, ncx_ids) for entry in toc]
    book.add_item(epub.EpubNcx())
    book.spine = [cover_page, *chapters, *zoom_pages]
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
    ncx_pages = (page_list, words["pages"])
    return repack(buffer.getvalue(), lang, stamp, "nav", "cover-image", ncx_pages)


def _ncx_entry(epub, entry: NavEntry, used: set[str]):
    """ebooklib's form of a table-of-contents entry, nested as the nav's; ``used``
    holds the NCX ids given so far (each once)."""
    if not entry.children:
        return epub.Link(entry.href, entry.title, _link_uid(entry.href, used))
    return (
        epub.Section(entry.title, entry.href),
        [_ncx_entry(epub, child, used) for child in entry.children],
    )


def _link_uid(href: str, used: set[str]) -> str:
    """The NCX id of a table-of-contents entry, from its file and anchor: an XML name
    whatever the file is called (``01-huur.md``, spaces, accents, emoji), and once only."""
    path, _, anchor = href.partition("#")
    return _unique(f"toc-{slugify(Path(path).stem)}-{slugify(anchor or 'title')}", used)


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


def repack(
    data: bytes,
    lang: str,
    stamp: dt.datetime,
    nav_id: str,
    cover_id: str,
    ncx_pages: tuple[list[tuple[str, str]], str] = ([], ""),
) -> bytes:
    """Fix what ebooklib leaves wrong and write a reproducible zip; the NCX gets the
    page list (``ncx_pages``: the nav's entries and their heading) when there is one."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    date_time = max(stamp, dt.datetime(1980, 1, 1)).timetuple()[:6]
    with zipfile.ZipFile(out, "w") as target:
        names = ["mimetype"] + sorted(n for n in source.namelist() if n != "mimetype")
        # EPUB 3 wants the documents that hold MathML marked so in the manifest.
        with_math = {
            n for n in names if n.endswith(".xhtml") and MATHML_NS.encode() in source.read(n)
        }
        for name in names:
            content = source.read(name)
            if name.endswith(".opf"):
                content = fix_opf(content, lang, nav_id, cover_id, with_math)
            elif name.endswith(".ncx"):
                content = ncx_with_page_list(content, *ncx_pages)
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.external_attr = 0o644 << 16
            info.create_system = 3
            if name == "mimetype":
                info.compress_type = zipfile.ZIP_STORED
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, content, compresslevel=6 if name != "mimetype" else None)
    return out.getvalue()


def fix_opf(
    content: bytes, lang: str, nav_id: str, cover_id: str, with_math: set[str] = frozenset()
) -> bytes:
    """The package document as EPUB 3 wants it; ``with_math``: the zip names of the
    documents holding MathML (their ``mathml`` property)."""
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
        elif any(name.endswith("/" + item.get("href", "")) for name in with_math):
            item.set("properties", "mathml")
    # The cover image is also named by the EPUB 2 <meta name="cover">, for old readers.
    metadata = root.find(f"{{{OPF_NS}}}metadata")
    for meta in metadata.iter(f"{{{OPF_NS}}}meta"):
        if meta.get("name") == "generator":  # ebooklib names itself; it only packed the book
            meta.set("content", "pamphletpress")
    if not any(m.get("name") == "cover" for m in metadata):
        etree.SubElement(metadata, f"{{{OPF_NS}}}meta", name="cover", content=cover_id)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def _all_text(document: Document):
    for article in document.articles:
        yield article_text(article)
        yield from article.meta.authors


#: A screenshot or diagram wider than this (in pixels) links to a page of its own at
#: full size: on a phone's 375 px its small print cannot be read.
ZOOM_WIDTH = 800


def _enlarge_links(
    enlarge: list[tuple[str, etree._Element]], words: dict[str, str]
) -> list[tuple[str, str, list]]:
    """Each picture to zoom into linked to a page showing it at full size, with a link
    back; returns those pages (file, title, content), numbered in reading order. The
    link is named by the picture's alt text (else "Afbeelding op ware grootte"); the
    picture scrolls in a named region that takes the keyboard's focus."""
    pages = []
    for number, (href, img) in enumerate(enlarge, 1):
        figure = img.getparent()
        if figure is None or figure.tag != "figure":
            continue  # a picture in a link or among text: its own link stays
        figure.set("id", figure.get("id") or f"figure-{number}")
        page = f"text/picture-{number}.xhtml"
        alt = " ".join((img.get("alt") or "").split())
        link = etree.Element("a", {"class": "enlarge", "href": Path(page).name})
        if not alt:
            link.set("aria-label", words["enlarge"])
        img.addprevious(link)
        link.append(img)
        content = etree.Element("section", {"class": "full-picture-page"})
        holder = etree.SubElement(
            content,
            "div",
            {"class": "full-picture", "role": "region", "tabindex": "0"},
        )
        holder.set("aria-label", alt or words["enlarge"])
        etree.SubElement(holder, "img", {k: v for k, v in img.attrib.items() if k != "data-line"})
        back = etree.SubElement(etree.SubElement(content, "p"), "a")
        back.set("href", f"{Path(href).name}#{figure.get('id')}")
        back.text = words["back"]
        pages.append((page, alt or words["enlarge"], [content]))
    return pages


def _image_name(path: Path, suffix: str, images: dict[Path, str]) -> str:
    if path not in images:
        stem = slugify(path.stem)
        name = f"images/{stem}{suffix}"
        taken = set(images.values())
        counter = 2
        while name in taken:
            name = f"images/{stem}-{counter}{suffix}"
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
