"""PLACEHOLDER until issue 4 lands."""
from datetime import date

def extract_dates(text: str, *, published: date | None = None, offset: int = 0) -> list:
    return []
