"""Run the command line with ``python -m alliancegen``."""

from alliancegen.cli import main

main()
