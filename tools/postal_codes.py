"""Regenerate alliancegen/data/postal-codes-de.tsv from the PyPI package
countrystatecity-postal-codes (ODbL 1.0; not a dependency of alliancegen, and not run at
build time).

    pip download --no-deps countrystatecity-postal-codes==2.0.1 && unzip the wheel, then
    python tools/postal_codes.py path/to/countrystatecity_postal_codes

Writes one line per postal code and locality: code, locality, and the state's two-digit key
that every official municipality key (AGS) begins with (alliancegen's ``State.key``), sorted
by code and locality.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TABLE = Path(__file__).resolve().parent.parent / "alliancegen" / "data" / "postal-codes-de.tsv"
STATE_KEYS = {
    "SH": "01",
    "HH": "02",
    "NI": "03",
    "HB": "04",
    "NW": "05",
    "HE": "06",
    "RP": "07",
    "BW": "08",
    "BY": "09",
    "SL": "10",
    "BE": "11",
    "BB": "12",
    "MV": "13",
    "SN": "14",
    "ST": "15",
    "TH": "16",
}
"""The package's state abbreviations (ISO 3166-2:DE) and the states' AGS keys."""


def rows(package: Path) -> list[tuple[str, str, str]]:
    """The package's German postal codes: (code, locality, state key), without repeats."""
    source = package / "data" / "by-country" / "DE" / "postcodes.json"
    found = json.loads(source.read_text(encoding="utf-8"))
    return sorted(
        {(row["code"], row["localityName"].strip(), STATE_KEYS[row["stateCode"]]) for row in found}
    )


def main(package: str) -> None:
    lines = ("\t".join(row) for row in rows(Path(package)))
    TABLE.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
