"""The build step pyproject.toml cannot state: the message catalogues compiled at install.

Babel compiles each ``src/pamphletpress/locale/*/LC_MESSAGES/pamphletpress.po`` into
its ``.mo``: into the wheel (``pip install .``), or beside the ``.po`` in the source
tree for an editable install (``pip install -e .``), where the package is read from.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

LOCALE = Path("src", "pamphletpress", "locale")


def compile_catalogues(source: Path, target: Path) -> list[Path]:
    """Every ``.po`` under ``source`` as a ``.mo`` at the same place under ``target``."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(source.glob("*/LC_MESSAGES/*.po")):
        mo = target / po.relative_to(source).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as file:
            catalogue = read_po(file, locale=po.parent.parent.name)
        with mo.open("wb") as file:
            write_mo(file, catalogue)
        written.append(mo)
    return written


class BuildWithCatalogues(build_py):
    """``build_py``, then the catalogues compiled where the installed package reads them."""

    def run(self) -> None:
        super().run()
        editable = getattr(self, "editable_mode", False)
        target = LOCALE if editable else Path(self.build_lib, "pamphletpress", "locale")
        compile_catalogues(LOCALE, target)


if __name__ == "__main__":  # setuptools runs this file as the main script
    setup(cmdclass={"build_py": BuildWithCatalogues})
