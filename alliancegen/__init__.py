"""alliancegen: static websites for local alliances for families."""

__version__ = "0.1.0"
