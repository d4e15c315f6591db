"""consistency: a fact-consistency checker across news sources."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("consistency")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
