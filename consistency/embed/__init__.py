"""PLACEHOLDER until issue 3 lands: embed_statements(statements, options, progress) -> (vectors, embedder)."""
import numpy as np

class _Null:
    model_id = "none"
    default_threshold = 1.0

def embed_statements(statements, options, progress=None):
    return np.zeros((len(statements), 1), dtype=np.float32), _Null()
