"""The manuscript in Markdown: YAML front matter, lede, body, intertitles and box."""

from __future__ import annotations

import re

import yaml

from pamphletpress.importer.report import ImportReport
from pamphletpress.importer.units import Parts, Unit
from pamphletpress.read.placeholders import BYLINE, DATE, TITLE


def render(parts: Parts, report: ImportReport, meta: dict) -> str:
    """The manuscript: YAML front matter, then the body in the manuscript format."""
    out = [render_front_matter(parts.front, report, meta), ""]
    if parts.lede is not None:
        out += ["::: lede", escape_markdown(parts.lede.text), ":::", ""]
    out += render_units(parts.body)
    if parts.box is not None:
        title, items = parts.box
        out += [f"::: box {title}".rstrip()]
        out += [f"- {escape_markdown(u.text)}" for u in items]
        out += [":::", ""]
    out += render_units(parts.after_box)
    return "\n".join(out).rstrip("\n") + "\n"


def render_units(units: list[Unit]) -> list[str]:
    out: list[str] = []
    previous = None
    for unit in units:
        if unit.kind == "heading":
            out += [f"## {escape_markdown(unit.text, heading=True)}", ""]
        elif unit.kind == "item":
            out.append(f"- {escape_markdown(unit.text)}")
        elif unit.kind in ("raw", "quote"):  # a table or a note, written already; a quotation
            if previous is not None and previous.kind == "item":
                out.append("")
            text = unit.text if unit.kind == "raw" else "> " + escape_markdown(unit.text)
            out += [text, ""]
        else:
            if previous is not None and previous.kind == "item":
                out.append("")
            out += [escape_markdown(unit.text), ""]
        previous = unit
    if previous is not None and previous.kind == "item":
        out.append("")
    return out


def escape_markdown(text: str, heading: bool = False) -> str:
    """Text that Markdown would read as markup, made literal."""
    text = text.replace("\\", "\\\\").replace("*", "\\*").replace("`", "\\`")
    text = re.sub(r"(?<!\w)_|_(?!\w)", r"\\_", text)
    text = re.sub(r"<(?=[A-Za-z/!?])", "&lt;", text)
    if heading:
        return re.sub(r"(#+)$", r"\\\1", text)
    text = re.sub(r"^(\d+)([.)])(\s)", r"\1\\\2\3", text)
    return re.sub(r"^([-+>#=]|:::)", r"\\\1", text)


def render_front_matter(front: dict, report: ImportReport, meta: dict) -> str:
    fields: list[tuple[str, object, str]] = []
    title = front.get("title") or meta.get("title")
    if title:
        fields.append(("title", title, ""))
    else:
        fields.append(("title", TITLE, "TODO: the headline was not in the source"))
        report.placeholders.append("title")
    if front.get("kicker") or meta.get("kicker"):
        fields.append(("kicker", front.get("kicker") or meta.get("kicker"), ""))
    byline = front.get("byline") or meta.get("byline")
    author = (author_of(byline) if byline else None) or meta.get("author")
    if author:
        fields.append(("author", author, ""))
    if byline:
        fields.append(("byline", byline, ""))
    elif not author:
        report.placeholders.append("byline")
    fields.append(("lang", report.lang, ""))
    for key in ("date", "publication", "issue"):
        if meta.get(key):
            fields.append((key, meta[key], ""))
    source = report.source or "a text"
    lines = ["---", f"# Imported by pamphletpress from {source}: fill in the fields marked TODO."]
    for key, value, comment in fields:
        dumped = yaml.safe_dump({key: value}, allow_unicode=True, width=10_000, sort_keys=False)
        lines.append(dumped.strip() + (f"  # {comment}" if comment else ""))
    if not meta.get("date"):
        lines.append(f"# date: {DATE}  # TODO: the date was not in the source")
        report.placeholders.append("date")
    if report.byline is None and not byline and not author:
        lines.append(f"# byline: {BYLINE}  # TODO: no byline was found")
    lines.append("---")
    return "\n".join(lines)


def author_of(byline: str) -> str | None:
    """The name in ``door Danny Byrne (ISA), …``, when the byline is that plain."""
    match = re.match(
        r"(?i:door|by|von|par|por|di):?\s+("
        r"[A-ZÀ-Þ][\w’'.-]+(?:\s(?:(?:van|de|der|den|ter|ten|te|het|von|du|da|le|la)\s)*"
        r"[A-ZÀ-Þ][\w’'.-]+){0,3})\s?(?=$|[(,–—])",
        byline,
    )
    return match.group(1).strip() if match else None
