"""The preflight report: findings with a stable code and a verdict, and the table they print as.

Each finding has a stable code (``pdf-bleed``), a verdict and a message, so the
report reads as a table and greps as lines.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from pamphletpress.i18n import _

PASS, WARN, FAIL, INFO = "pass", "warn", "fail", "info"
NOT_RUN = "not run"  # a check that could not run: the file is not called "passed"


@dataclass
class Finding:
    code: str
    verdict: str
    message: str
    page: int | None = None


@dataclass
class Report:
    path: Path
    kind: str
    findings: list[Finding] = field(default_factory=list)
    figures: dict = field(default_factory=dict)

    def add(self, code: str, verdict: str, message: str, page: int | None = None) -> None:
        self.findings.append(Finding(code, verdict, message, page))

    @property
    def failed(self) -> bool:
        return any(f.verdict == FAIL for f in self.findings)

    @property
    def complete(self) -> bool:
        return not any(f.verdict == NOT_RUN for f in self.findings)

    def as_dict(self) -> dict:
        return {
            "path": str(self.path),
            "kind": self.kind,
            "ok": not self.failed,
            "complete": self.complete,
            "findings": [asdict(f) for f in self.findings],
            "figures": self.figures,
        }


SYMBOLS = {PASS: "ok  ", WARN: "warn", FAIL: "FAIL", INFO: "    ", NOT_RUN: "--  "}


#: Typographic figures, told and never judged: shown with ``check -v`` (``--json`` has them).
DETAIL = frozenset({"pdf-typography", "pdf-composer"})


def format_table(reports: list[Report], detail: bool = True) -> str:
    """The reports as a readable table: one line per finding, failures stand out;
    without ``detail``, the typographic figures are left out."""
    from pamphletpress.errors import display_path

    lines = []
    for report in reports:
        verdict = (
            _("FAILED")
            if report.failed
            else _("passed")
            if report.complete
            else _("not fully checked (see '--' below)")
        )
        lines.append(f"{display_path(report.path)} ({report.kind.upper()}) — {verdict}")
        width = max((len(f.code) for f in report.findings), default=0)
        for finding in report.findings:
            if not detail and finding.code in DETAIL and finding.verdict == INFO:
                continue
            where = _("page {page}: ").format(page=finding.page) if finding.page is not None else ""
            lines.append(
                f"  {SYMBOLS[finding.verdict]}  {finding.code:<{width}}  {where}{finding.message}"
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
