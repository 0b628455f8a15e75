"""Allow ``python -m papercli``."""

from papercli.cli import main

main()
