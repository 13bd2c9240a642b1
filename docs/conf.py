"""Sphinx configuration of the documentation site (built by ``nox -s docs``, warnings as errors).

Pages are MyST Markdown (``*.md``); the API reference pages are reStructuredText driven by
autodoc, so the SDKs' docstrings (Google style, with reST roles) are the single source of every
method's documentation. Every fenced ``python`` block of a Markdown page is run against the
local fakes by ``tests/test_documented_examples.py``.
"""

from __future__ import annotations

project = "Python SDKs: Gnosys and ASG Gateway"
author = "The SDK maintainers"
copyright = "the SDK maintainers"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build"]

# Markdown: `[text](page.md#a-heading)` links resolve to the heading's anchor (checked).
myst_heading_anchors = 3

# Docstrings: Google style ("Args:", "Attributes:"), reST inline markup.
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_class_signature = "mixed"
autodoc_preserve_defaults = True
add_module_names = False
python_display_short_literal_types = True

html_theme = "furo"
html_title = "Gnosys & ASG Gateway Python SDKs"
html_static_path: list[str] = []
html_show_sourcelink = False
