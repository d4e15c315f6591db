"""consistency: a fact-consistency checker across news sources."""

from importlib.metadata import PackageNotFoundError, version

# The name on PyPI (`pip install news-consistency`): `consistency` there is an
# unrelated project. The import package and the command keep the short name.
DISTRIBUTION = "news-consistency"

try:
    __version__ = version(DISTRIBUTION)
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
