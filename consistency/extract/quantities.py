"""PLACEHOLDER until issue 5 lands."""

def extract_quantities(text: str, *, offset: int = 0) -> list:
    return []
