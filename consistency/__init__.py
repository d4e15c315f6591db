"""consistency: a fact-consistency checker across news sources."""

# The name on PyPI (`pip install news-consistency`): `consistency` there is an
# unrelated project. The import package and the command keep the short name.
DISTRIBUTION = "news-consistency"

# The one place the version is written: pyproject.toml reads it from here
# (setuptools' dynamic version). Asking importlib.metadata at import cost
# every start 0.03-0.04 CPU-s (it imports email and zipfile to read it).
__version__ = "0.1.0"
