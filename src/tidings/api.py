"""The Python API (filled in by the pipeline work)."""
def analyze(*a, **k):  # placeholder replaced below
    raise NotImplementedError
def open_store(*a, **k):
    raise NotImplementedError
