"""PLACEHOLDER until issue 7 lands."""

def discover(corpus, *, covered=None):
    return []
