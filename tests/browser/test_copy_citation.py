"""The "Copy citation" button on an entry page works from the keyboard and says so."""

from __future__ import annotations


def test_copy_citation_by_keyboard_copies_and_announces(open_page, expect, site_url, catalogue,
                                                        press_until_focused):
    entry = next(item for item in catalogue if item.kind == "publication")
    page = open_page(entry.url.lstrip("/"))
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url[:-1])
    button = page.get_by_role("button", name="Copy citation")
    press_until_focused(page, button, "the Copy citation button")
    assert button.evaluate("b => getComputedStyle(b).outlineStyle") != "none", \
        "focus is not visible on the button"
    page.keyboard.press("Enter")
    status = page.get_by_role("status").filter(has_text="copied")
    expect(status).to_be_visible()
    expect(status).to_have_text("Citation copied to the clipboard.")
    assert status.get_attribute("aria-live") == "polite"
    citation = " ".join(page.locator(".showcase-cite .showcase-citation").text_content().split())
    assert page.evaluate("navigator.clipboard.readText()") == citation
    assert citation == button.get_attribute("data-copy-text")
