"""The site's data and rendering code, and the MkDocs plugin that drives a build (macros/plugin.py)."""
