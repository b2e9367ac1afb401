"""Each picture's file name in the PDF: an XMP packet on its image XObject (``dc:source``).

A PDF keeps pixels, not file names, so a prepress finding about "the image at 33 mm"
leaves the editor to guess which picture it is. ISO 32000 lets any object carry a
metadata stream; PDF/X and PDF/UA allow it. ``check`` reads ``dc:source`` back and
names the picture; any other reader ignores it. The stream stays uncompressed, as
XMP packets are meant to be found.
"""

from __future__ import annotations

import hashlib
from xml.sax.saxutils import escape

XMP = (
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
    "<dc:source>{name}</dc:source></rdf:Description></rdf:RDF></x:xmpmeta>"
    '<?xpacket end="r"?>'
)


def name_images(pdf, names: dict[str, str]) -> None:
    """Give each image XObject drawn from one of ``names``' URLs (as the print HTML
    has them) a metadata stream naming the file as the manuscript does."""
    import pydyf

    # WeasyPrint identifies a raster image by the MD5 of its URL (images.py).
    by_id = {
        hashlib.md5(url.encode(), usedforsecurity=False).hexdigest(): n for url, n in names.items()
    }
    done: set[int] = set()
    for obj in list(pdf.objects):
        for data in getattr(obj, "_images", {}).values():
            x_object, name = data.get("x_object"), by_id.get(getattr(data.get("image"), "id", None))
            if x_object is None or name is None or id(x_object) in done:
                continue
            done.add(id(x_object))
            packet = XMP.format(name=escape(name)).encode()
            metadata = pydyf.Stream(
                [packet], pydyf.Dictionary({"Type": "/Metadata", "Subtype": "/XML"})
            )
            pdf.add_object(metadata)
            x_object.extra["Metadata"] = metadata.reference
