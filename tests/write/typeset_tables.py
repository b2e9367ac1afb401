"""A small project with what a typographer sets apart from the running text: a
table (a label column, a column of running text, a column of numbers) long
enough to go on in the next column, a captioned and credited figure, long
printed addresses; and one (``make_nested_project``) with a table with merged
cells, one in a list and one in a box. Built once per test session (``tables_pdf`` in conftest)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from tests.projects import make_project

#: The label column's words: each the longest in its cell, and they fit side by side.
LABELS = [
    "Gebruiksvoorwaarden", "Referentie-implementatie", "Omschrijving", "Authenticatie",
    "Omgevingen", "Documentatie-URL", "Contactgegevens", "Beschikbaarheid",
    "Naam", "Versiebeheer", "Beveiligingsniveau", "Organisatie",
]  # fmt: skip
#: The number column, on the decimal comma: as many decimals as the manuscript gives.
NUMBERS = ["99,5", "1.234", "7,25", "12", "0,125", "250,0", "3,5", "48", "1.000,75",
           "5", "66,67", "0,5"]  # fmt: skip
SENTENCE = (
    "Uit de statistieken blijkt dat de waarde bijna altijd op de standaardwaarde staat "
    "ingesteld, zodat iedere dienst in het register een beschikbaarheidsgarantie claimt"
)
#: Long addresses in running text: broken only before . - _ ? # % ~ & and after /.
ADDRESSES = [
    "https://www.somo.nl/nl/huurwoningen-beleggers-en-de-woningmarkt-in-nederland/",
    "https://api.standaarden.overheid.nl/v1/overheidsorganisaties_en_hun_register?zoek=tooi&pagina=2#resultaten",
    "https://voorbeeld.org/~redactie/archief/2026/januari/de-lange-naam-van-een-artikel",
]  # fmt: skip
#: A table that fits the column: long enough to go on in the next one.
TOWNS = [
    "Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Eindhoven", "Groningen", "Tilburg",
    "Almere", "Breda", "Nijmegen", "Apeldoorn", "Haarlem", "Arnhem", "Enschede",
    "Amersfoort", "Zaanstad", "Haarlemmermeer", "’s-Hertogenbosch", "Zwolle", "Zoetermeer",
    "Leiden", "Maastricht", "Dordrecht", "Ede", "Alphen aan den Rijn", "Leeuwarden",
    "Alkmaar", "Emmen", "Westland", "Delft", "Venlo", "Deventer", "Sittard-Geleen",
    "Helmond", "Oss", "Amstelveen", "Hilversum", "Súdwest-Fryslân", "Heerlen", "Hoofddorp",
]  # fmt: skip
#: The towns' table's caption, taken into the table (``Tabel …:``) and composed over it.
TABLE_CAPTION = (
    "Tabel 2: Het aantal diensten per gemeente en hun aandeel in het register, "
    "op de peildatum van het onderzoek"
)
CAPTION = (
    "Een vergadering van de redactie in het voorjaar, waar het nieuwe register voor het "
    "eerst werd besproken met de mensen die het elke dag gebruiken"
)
CREDIT = "Foto: Jan de Fotograaf"

#: A table with merged cells (HTML in the manuscript): a heading over two
#: columns of numbers, a label over two rows, a remark across both columns.
MERGED = """<table>
<thead>
<tr><th rowspan="2">Onderdeel</th><th colspan="2">Begroting</th></tr>
<tr><th>2025</th><th>2026</th></tr>
</thead>
<tbody>
<tr><td>Gebruiksvoorwaarden</td><td>1.200,50</td><td>1.350</td></tr>
<tr><td rowspan="2">Onderhoud</td><td>300</td><td>320,25</td></tr>
<tr><td>45</td><td>50</td></tr>
<tr><td>Referentie-implementatie</td><td colspan="2">een vast bedrag over beide \
jaren samen dat de raad nog moet verdelen over de afdelingen</td></tr>
</tbody>
</table>"""
#: The numbers of the merged table's two columns.
MERGED_NUMBERS = (["1.200,50", "300", "45"], ["1.350", "320,25", "50"])
MERGED_REMARK = (
    "een vast bedrag over beide jaren samen dat de raad nog moet verdelen over de afdelingen"
)
#: Labels of the tables in a list item and in a box, each its cell's longest word.
LIST_LABELS = ["Bereikbaarheid", "Storingsnummer"]
BOX_LABELS = ["Openingstijden", "Klachtenregeling"]
#: Labels of the table in a list item inside the box.
BOX_LIST_LABELS = ["Meldingsformulier", "Terugbelverzoek"]
#: Running text beside them: long enough that shared out by its length (WeasyPrint's
#: automatic layout) the label column would be squeezed to syllables.
REMARK = (
    "de dienst is elke werkdag bereikbaar van acht tot zes, behalve op feestdagen en "
    "in de week tussen kerst en oud en nieuw, wanneer alleen de storingsdienst werkt"
)

PARAGRAPH = (
    "De identificatie van een organisatie zal voortaan via inloggegevens gaan. Op deze "
    "manier ligt de verantwoordelijkheid van het toevoegen en beheren van een dienst in "
    "het register volledig bij de organisatie die de dienst aanbiedt. Wij zullen deze "
    "gegevens handmatig uitgeven aan organisaties, waardoor we ook uitzonderingen kunnen "
    "maken voor organisaties die wel actief zijn in het publieke domein."
)


def manuscript() -> str:
    rows = "\n".join(
        f"| {label} | {SENTENCE} ({index + 1}). | {number} |"
        for index, (label, number) in enumerate(zip(LABELS, NUMBERS, strict=True))
    )
    links = " ".join(
        f"Zie ook [het verslag nummer {n}]({address}) voor de cijfers." for n, address in
        enumerate(ADDRESSES, start=1)
    )  # fmt: skip
    towns = "\n".join(
        f"| {town} | {(index * 37) % 400 + 3} | {(index * 7.3) % 40:.1f} % |".replace(".", ",")
        for index, town in enumerate(TOWNS)
    )
    return f"""---
title: Tabellen en bijschriften
author: Redactie
lang: nl
---

::: lede
Een artikel met een tabel, een foto met bijschrift en lange adressen.
:::

{PARAGRAPH}

| Eigenschap | Toelichting | Waarde |
| --- | --- | ---: |
{rows}

{PARAGRAPH} {links}

{TABLE_CAPTION}

| Gemeente | Diensten | Aandeel |
| --- | ---: | ---: |
{towns}

{PARAGRAPH}

![Een vergadering](images/vergadering.png "{CAPTION}. {CREDIT}")

{PARAGRAPH}
"""


def make_tables_project(folder: Path) -> Path:
    project = make_project(folder, manuscript())
    images = project / "manuscript" / "images"
    images.mkdir()
    # A photo's pixels: many colours, so it is set as a photo at the column's width.
    picture = Image.effect_noise((600, 400), 60).convert("RGB")
    picture.save(images / "vergadering.png")
    return project


def nested_manuscript() -> str:
    list_rows = "\n".join(f"    | {label} | {REMARK} |" for label in LIST_LABELS)
    box_rows = "\n".join(f"| {label} | {REMARK} {REMARK} |" for label in BOX_LABELS)
    box_list_rows = "\n".join(f"    | {label} | {REMARK} |" for label in BOX_LIST_LABELS)
    return f"""---
title: Samengevoegde cellen
author: Redactie
lang: nl
---

{PARAGRAPH}

{MERGED}

{PARAGRAPH}

- Een punt van een lijst, met daaronder een tabel:

    | Eigenschap | Toelichting |
    | --- | --- |
{list_rows}

- Het laatste punt van de lijst.

{PARAGRAPH}

::: box Overzicht
Een kader met een tabel:

| Eigenschap | Toelichting |
| --- | --- |
{box_rows}

- Een punt in het kader, met een tabel:

    | Eigenschap | Toelichting |
    | --- | --- |
{box_list_rows}

- Het laatste punt in het kader.
:::
"""


def make_nested_project(folder: Path) -> Path:
    return make_project(folder, nested_manuscript())
