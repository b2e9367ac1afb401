"""Each picture's file and source colour space in the PDF: an XMP packet on its image XObject.

A PDF keeps pixels, not file names, so a prepress finding about "the image at 33 mm"
leaves the editor to guess which picture it is; and it keeps the colours the press
gets (CMYK), not the space the picture came in (Adobe RGB, a phone's Display P3).
ISO 32000 lets any object carry a metadata stream; PDF/X and PDF/UA allow it. The
packet says the file in ``dc:source`` and its colour space in the XMP standard's
Photoshop schema (``photoshop:ColorMode``, ``photoshop:ICCProfile``: the embedded
profile's name), the properties image software writes for a picture's source.
``check`` reads them back; any other reader ignores them. The stream stays
uncompressed, as XMP packets are meant to be found.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from xml.sax.saxutils import escape

XMP = (
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">'
    "<dc:source>{name}</dc:source>{space}</rdf:Description></rdf:RDF></x:xmpmeta>"
    '<?xpacket end="r"?>'
)
#: The Photoshop schema's ColorMode values (XMP Specification Part 2).
COLOR_MODES = {"grey": 1, "indexed": 2, "RGB": 3, "CMYK": 4, "Lab": 9}


@dataclass(frozen=True)
class ImageSource:
    """What the manuscript's picture was: its file (from the project's folder), the
    colour space it holds (``RGB``, ``CMYK``, ``grey``…) and its ICC profile's name."""

    name: str
    space: str | None = None
    profile: str | None = None


def packet(source: ImageSource) -> bytes:
    """The XMP packet for one image."""
    space = ""
    if source.space in COLOR_MODES:
        space += f"<photoshop:ColorMode>{COLOR_MODES[source.space]}</photoshop:ColorMode>"
    if source.profile:
        space += f"<photoshop:ICCProfile>{escape(source.profile)}</photoshop:ICCProfile>"
    return XMP.format(name=escape(source.name), space=space).encode()


def name_images(pdf, sources: dict[str, ImageSource]) -> None:
    """Give each image XObject drawn from one of ``sources``' URLs (as the print HTML,
    or an SVG in it, has them) a metadata stream naming the file and its colour space."""
    import pydyf

    # WeasyPrint identifies a raster image by the MD5 of its URL (images.py).
    by_id = {
        hashlib.md5(url.encode(), usedforsecurity=False).hexdigest(): source
        for url, source in sources.items()
    }
    done: set[int] = set()
    for obj in list(pdf.objects):
        for data in getattr(obj, "_images", {}).values():
            x_object = data.get("x_object")
            source = by_id.get(getattr(data.get("image"), "id", None))
            if x_object is None or source is None or id(x_object) in done:
                continue
            done.add(id(x_object))
            metadata = pydyf.Stream(
                [packet(source)], pydyf.Dictionary({"Type": "/Metadata", "Subtype": "/XML"})
            )
            pdf.add_object(metadata)
            x_object.extra["Metadata"] = metadata.reference
