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
    embedding_allowed,
    faces_used,
    stylesheet_for,
    subset_font,
)
from pamphletpress.write.html_tree import hyphenator_for
from pamphletpress.write.output import atomic_target
from pamphletpress.write.pagelist import PrintEdition, mark_page_breaks
from pamphletpress.write.picture_formats import for_reader, reader_suffix
from pamphletpress.write.xhtml import (
    NavEntry,
    cover_content,
    ebook_article,
    nav_content,
    xhtml_page,
)

OPF_NS = "http://www.idpf.org/2007/opf"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

COVER_PAGE_ID = "cover"


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
    profile = project.styles_dir / "icc" / "FOGRA39.icc"
    for path, name in images.items():
        kind, content = for_reader(path, profile)
        book.add_item(
            epub.EpubItem(
                uid=f"img-{slugify(name)}", file_name=name, media_type=kind, content=content
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


def _all_text(document: Document):
    for article in document.articles:
        yield article_text(article)
        yield from article.meta.authors


def _image_name(src: str, images: dict[Path, str]) -> str:
    parts = urlsplit(src)
    path = Path(unquote(parts.path))
    if path not in images:
        stem, suffix = slugify(path.stem), reader_suffix(path)
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
