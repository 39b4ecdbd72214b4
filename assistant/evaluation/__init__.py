"""Measuring the product: PolNeAR attribution scores and question-answering scores."""
