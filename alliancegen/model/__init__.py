"""The content model: typed entities, validated and cross-checked (``build_site``)."""

from alliancegen.model.site import Site
from alliancegen.model.site import build_site

__all__ = ["Site", "build_site"]
