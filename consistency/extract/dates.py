"""PLACEHOLDER until issue 4 lands."""
from datetime import date

def extract_dates(text: str, *, published: date | None = None, offset: int = 0) -> list:
    return []


def infer_publication_date(text: str):
    """(date, evidence) from a dateline or caption, or None. PLACEHOLDER."""
    return None
