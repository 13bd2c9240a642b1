"""Sphinx configuration of the documentation site (built by ``nox -s docs``, warnings as errors).

Pages are MyST Markdown (``*.md``); the API reference pages are reStructuredText driven by
autodoc, so the SDKs' docstrings (Google style, with reST roles) are the single source of every
method's documentation. Every fenced ``python`` block of a Markdown page is run against the
local fakes by ``tests/test_documented_examples.py``.
"""

from __future__ import annotations

project = "Python SDKs: Gnosys, ASG Gateway, Kneo and Keystone"
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
html_title = "Gnosys, ASG Gateway, Kneo & Keystone Python SDKs"
html_static_path: list[str] = []
html_show_sourcelink = False

# Several SDKs name a class alike (``RunCreateResponse``, ``RetryPolicy``), and annotations
# imported only for type checking reach autodoc as bare names, which Sphinx could resolve to any
# of them. Qualify each bare name in a signature with the documented object's own SDK: its
# ``models`` module, or the module named in ``_OWN_NAMES``.
python_use_unqualified_type_names = True
_OWN_NAMES = {
    "polarity_keystone": {"RetryPolicy": "sdk_core"},
    "kneo_client": {
        "RetryPolicy": "kneo_client.core.retries",
        "Profile": "kneo_client.core.profiles",
        "Transport": "kneo_client.core.transport",
        "SyncTransport": "kneo_client.core.transport",
    },
}


def _qualify(  # noqa: PLR0917 -- the signature of Sphinx's event
    app: object,
    what: str,
    name: str,
    obj: object,
    options: object,
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str | None, str | None]:
    import importlib
    import re

    package = name.split(".", 1)[0]
    owners: dict[str, str] = {}
    for module in ("models", "types"):  # where an SDK keeps its response classes
        try:
            found = importlib.import_module(f"{package}.{module}")
        except ImportError:
            continue
        owners.update({n: f"{package}.{module}" for n in getattr(found, "__all__", ())})
    if not owners and package not in _OWN_NAMES:
        return signature, return_annotation
    owners.update(_OWN_NAMES.get(package, {}))
    bare = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, owners)) + r")\b")

    def qualify(text: str | None) -> str | None:
        return bare.sub(lambda m: f"{owners[m.group(1)]}.{m.group(1)}", text) if text else text

    return qualify(signature), qualify(return_annotation)


def setup(app: object) -> None:
    """Register :func:`_qualify`."""
    app.connect("autodoc-process-signature", _qualify)  # type: ignore[attr-defined]
