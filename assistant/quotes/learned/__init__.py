"""The learned part of quote extraction: span edges chosen by a model trained on
PolNeAR train (edges.py describes the candidates, model.py scores them)."""
