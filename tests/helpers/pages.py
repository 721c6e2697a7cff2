"""Reading a page the way a person does."""

import html
import re


def text_of(response):
    """The page's text, tags removed and white space collapsed."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))
