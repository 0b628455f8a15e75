"""papercli: a command-line reference manager for paper digests."""

__version__ = "0.1.0"
