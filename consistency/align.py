"""PLACEHOLDER until issue 7 lands: align(rules, corpus, vectors, embedder) -> {rule id: [Claim]}."""

def align(rules, corpus, *, vectors=None, embedder=None):
    return {}
