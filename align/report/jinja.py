"""The reports' Jinja2 templates (``align/report/templates``), compiled once a process."""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def environment():
    import jinja2

    from .html import unit_links

    env = jinja2.Environment(loader=jinja2.PackageLoader("align.report", "templates"),
                             autoescape=jinja2.select_autoescape(["html", "j2"]), trim_blocks=True,
                             lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["unit_links"] = unit_links
    return env


@lru_cache(maxsize=None)
def template(name: str):
    """The template ``name`` (compiling one took longer than rendering a short document's report)."""
    return environment().get_template(name)
