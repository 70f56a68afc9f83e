"""Nothing on a list page moves once it is drawn: the filter bar the script fills, and the
search button it puts in the header, have their space from the start (layout shift 0)."""

from __future__ import annotations

import pytest

LISTS = ("publications/", "presentations/", "outputs/")
SCREENS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 800}}
RECORD_SHIFTS = """
  window.__shifts = [];
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
      window.__shifts.push({value: entry.value, input: entry.hadRecentInput,
        moved: entry.sources.map(s => s.node ? (s.node.outerHTML || s.node.textContent || "")
                                               .slice(0, 80) : "?")});
    }
  }).observe({type: "layout-shift", buffered: true});
"""


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("path", LISTS)
def test_a_list_does_not_shift_when_its_filters_appear(context_in, site_url, path, screen):
    context = context_in(viewport=SCREENS[screen])
    context.add_init_script(RECORD_SHIFTS)
    page = context.new_page()
    page.goto(site_url + path)
    page.wait_for_selector("[data-showcase-filters]:not([hidden]) .showcase-facet:not([hidden])")
    page.wait_for_selector(".showcase-search-button")
    page.evaluate("document.fonts.ready")
    page.wait_for_load_state("networkidle")
    # a frame after the last change: an entry for it is queued by then
    page.evaluate("new Promise(done => requestAnimationFrame(() => setTimeout(done)))")
    shifts = page.evaluate("window.__shifts")
    context.close()
    assert sum(s["value"] for s in shifts) == 0, f"{path} ({screen}) shifted: {shifts}"
