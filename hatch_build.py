"""Compiles the message catalogs into the wheel: gettext reads ``.mo`` files, and the
repository keeps only their ``.po`` sources (a source checkout compiles them in memory)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileCatalogs(BuildHookInterface):
    """Adds ``alliancegen/locale/<language>/LC_MESSAGES/alliancegen.mo`` for every ``.po``."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        compiled = Path(tempfile.mkdtemp(prefix="alliancegen-catalogs-"))
        package = Path(self.root) / "alliancegen"
        for source in sorted(package.glob("locale/*/LC_MESSAGES/*.po")):
            relative = source.relative_to(package).with_suffix(".mo")
            target = compiled / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with source.open("rb") as po, target.open("wb") as mo:
                write_mo(mo, read_po(po))
            build_data["force_include"][str(target)] = f"alliancegen/{relative.as_posix()}"
