"""HTML mail made safe to show: sanitised with nh3, remote images off unless asked.

The result is served on its own URL with a Content-Security-Policy that forbids scripts,
remote loads (images only when asked), forms and plugins, and shown in an
``<iframe sandbox>``; sanitising and CSP each block what the other might miss.
"""

from __future__ import annotations

from collections.abc import Callable

import nh3

TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "center",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "font",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "li",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "tt",
    "u",
    "ul",
}
ATTRIBUTES = {
    "*": {"style", "title", "align", "dir", "lang"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "valign", "width"},
    "th": {"colspan", "rowspan", "valign", "width", "scope"},
    "table": {"width", "cellpadding", "cellspacing", "border"},
    "font": {"color", "size", "face"},
    "ol": {"start", "type"},
}
# No property that can load anything (background, background-image, list-style-image,
# content, cursor, border-image, @import/url() in general) and none that can escape the box.
STYLE_PROPERTIES = {
    "color",
    "background-color",
    "font-weight",
    "font-style",
    "font-size",
    "font-family",
    "text-align",
    "text-decoration",
    "text-transform",
    "line-height",
    "vertical-align",
    "margin",
    "margin-top",
    "margin-bottom",
    "margin-left",
    "margin-right",
    "padding",
    "padding-top",
    "padding-bottom",
    "padding-left",
    "padding-right",
    "border",
    "border-top",
    "border-bottom",
    "border-left",
    "border-right",
    "border-collapse",
    "border-color",
    "border-width",
    "border-style",
    "width",
    "max-width",
    "height",
    "white-space",
}
FRAME_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src {images}; form-action 'none'; "
    "base-uri 'none'; frame-ancestors 'self'; "
    "sandbox allow-popups allow-popups-to-escape-sandbox"
)


def _filter(allow_images: bool) -> Callable[[str, str, str], str | None]:
    def attribute_filter(tag: str, attribute: str, value: str) -> str | None:
        if attribute == "style" and "url(" in value.lower().replace(" ", "").replace("\\", ""):
            return None
        if tag == "img" and attribute == "src":
            remote = value.strip().lower().startswith(("http:", "https:", "//"))
            return value if remote and allow_images else None
        return value

    return attribute_filter


def sanitise(html: str, *, allow_images: bool = False) -> str:
    """Safe HTML: no scripts, handlers, forms, styles sheets; images only when asked."""
    return nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags={
            "script",
            "style",
            "title",
            "head",
            "template",
            "noscript",
            "object",
            "svg",
            "math",
        },
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
        set_tag_attribute_values={"a": {"target": "_blank"}},
        filter_style_properties=STYLE_PROPERTIES,
        attribute_filter=_filter(allow_images),
        strip_comments=True,
    )


def has_remote_images(html: str) -> bool:
    lowered = html.lower()
    return "<img" in lowered and ("http:" in lowered or "https:" in lowered or 'src="//' in lowered)


def frame_document(body: str) -> str:
    """A whole document for the frame (UTF-8, readable default font)."""
    return (
        '<!doctype html><html><head><meta charset="utf-8"><style>body{font:14px/1.45 '
        "system-ui,sans-serif;margin:8px;color:#111;word-wrap:break-word}img{max-width:100%}"
        "</style></head><body>" + body + "</body></html>"
    )


def frame_csp(*, allow_images: bool) -> str:
    return FRAME_CSP.format(images="https: http:" if allow_images else "'none'")
