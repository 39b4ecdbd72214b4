"""The Gradio web chat and its tabs, over the public API."""
