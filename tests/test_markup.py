"""Text from content meeting HTML: Markdown sanitised, URLs judged as a browser reads them."""

from __future__ import annotations

import pytest
from html_safety import active_parts

from generator.text.markup import attribute_text, is_safe_url, plain_text, render_markdown

# Each was a live link that ran when clicked, before URLs were read as a browser reads them.
HOSTILE_MARKDOWN = [
    "[x](&#106;avascript:alert(1))",
    "[x](java&#9;script:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](&#x6A;avascript&colon;alert(1))",
    "[x](&#0000106avascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x]( \x01javascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:alert(1))",
    "![i](&#106;avascript:alert(1))",
    "![i](data:image/svg+xml,<svg onload=alert(1)>)",
    "<a href='javascript:alert(1)'>x</a>",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](https://example.org \"t\" onmouseover=alert(1))",
    "<iframe src=https://example.org></iframe>",
]


@pytest.mark.parametrize("text", HOSTILE_MARKDOWN)
def test_hostile_markdown_gives_no_executable_html(text):
    rendered = str(render_markdown(text))
    assert active_parts(rendered) == [], rendered


@pytest.mark.parametrize(("text", "expected"), [
    ("[a](https://example.org/x?y=1&z=2)",
     '<p><a href="https://example.org/x?y=1&amp;z=2">a</a></p>'),
    ("[a](../programmes/watcch/)", '<p><a href="../programmes/watcch/">a</a></p>'),
    ("[a](mailto:n.dutta@imperial.ac.uk)", '<p><a href="mailto:n.dutta@imperial.ac.uk">a</a></p>'),
    ("*A* and **B** with `c`", "<p><em>A</em> and <strong>B</strong> with <code>c</code></p>"),
    ("Fish & <b>chips</b>", "<p>Fish &amp; &lt;b&gt;chips&lt;/b&gt;</p>"),
])
def test_safe_markdown_is_kept(text, expected):
    assert str(render_markdown(text)) == expected


@pytest.mark.parametrize(("url", "safe"), [
    ("https://example.org", True), ("http://example.org", True), ("mailto:a@b.org", True),
    ("../a/", True), ("#top", True), ("/x", True), ("page.html", True),
    ("javascript:alert(1)", False), ("&#106;avascript:alert(1)", False),
    ("java\tscript:alert(1)", False), ("java&#9;script:alert(1)", False),
    ("javascript&#58;alert(1)", False), ("\x00javascript:alert(1)", False),
    (" javascript:alert(1)", False), ("data:text/html,x", False), ("ftp://example.org", False),
])
def test_urls_are_judged_as_a_browser_reads_them(url, safe):
    assert is_safe_url(url) is safe


def test_head_text_is_plain_and_escaped_for_an_attribute():
    hostile = '"><script>alert(1)</script> *A* [b](https://x.org) & \'q\''
    assert plain_text(hostile) == '"><script>alert(1)</script> A b & \'q\''
    assert attribute_text(hostile) == \
        "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; A b &amp; &#x27;q&#x27;"
