"""PLACEHOLDER until issue 6 lands."""

def extract_attributions(statements) -> list:
    return [() for _ in statements]
