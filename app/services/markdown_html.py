"""Markdown → the HTML subset `QTextBrowser`/`QLabel` understand, with the `markdown` package.

Pure functions with no Qt: safe to call on a worker thread (lessons are converted in the
background, then handed to the text browser). Raw HTML in lessons is escaped (a bundle is
untrusted content), links and images keep their relative URLs so the viewer resolves them
inside the bundle.
"""

from __future__ import annotations

import html
import posixpath
import re

import markdown

_EXTENSIONS = ["fenced_code", "tables", "sane_lists", "def_list", "abbr", "footnotes"]

LESSON_CSS = """
body { line-height: 150%; }
h1 { font-size: 20pt; margin-top: 4px; margin-bottom: 10px; }
h2 { font-size: 15pt; margin-top: 18px; margin-bottom: 6px; }
h3 { font-size: 12.5pt; margin-top: 14px; margin-bottom: 4px; }
p, li { margin-top: 4px; margin-bottom: 6px; }
pre { background-color: rgba(127, 127, 127, 0.14); padding: 8px; font-family: monospace; }
code { font-family: monospace; background-color: rgba(127, 127, 127, 0.16); }
table { border-collapse: collapse; margin: 6px 0; }
th, td { border: 1px solid #8c959f; padding: 4px 8px; }
th { background-color: rgba(127, 127, 127, 0.16); }
blockquote { margin-left: 12px; }
"""

_IMG_SRC = re.compile(r'<img[^>]*\bsrc="([^"]+)"', re.IGNORECASE)


class _EscapeHtml(markdown.extensions.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


def _converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=[*_EXTENSIONS, _EscapeHtml()], output_format="html")


def to_html(text: str) -> str:
    """A Markdown document as an HTML body fragment."""
    return _converter().convert(text)


def inline_html(text: str) -> str:
    """One short Markdown string (a question prompt or choice) as inline HTML."""
    out = _converter().convert(text).strip()
    if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    return out


def document(text: str, title: str | None = None) -> str:
    body = to_html(text)
    head = f"<title>{html.escape(title)}</title>" if title else ""
    return f"<html><head>{head}</head><body>{body}</body></html>"


def image_paths(html_text: str, base_path: str) -> dict[str, str]:
    """Images an HTML fragment refers to: ``{src as written: bundle path}``, resolved against
    ``base_path`` (the lesson's own path). Remote, absolute and escaping URLs are left out."""
    found: dict[str, str] = {}
    folder = posixpath.dirname(base_path)
    for src in _IMG_SRC.findall(html_text):
        if "://" in src or src.startswith(("/", "data:")) or src in found:
            continue
        resolved = posixpath.normpath(posixpath.join(folder, html.unescape(src)))
        if not resolved.startswith(".."):
            found[src] = resolved
    return found
