"""axe-core in the browser tests: a page has no serious or critical accessibility violation.

``assert_accessible(page)`` runs axe-core (bundled with axe-playwright-python, never fetched)
on the page as it is and fails listing each serious or critical rule with its first elements.
"""

from axe_playwright_python.sync_playwright import Axe

BLOCKING = {"serious", "critical"}
_axe = Axe()


# Colours are measured as they settle: a button's hover or pressed transition still running
# (0.15 s in Bootstrap) would be read half-way, a contrast no user ever sees for long.
_SETTLED = "() => Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))"


def violations(page) -> list[dict]:
    page.evaluate(_SETTLED)
    results = _axe.run(page)
    return [v for v in results.response["violations"] if v.get("impact") in BLOCKING]


def assert_accessible(page) -> None:
    found = violations(page)
    summary = [
        f"{v['impact']} {v['id']}: {[node['target'] for node in v['nodes'][:3]]} — {v['help']}"
        for v in found
    ]
    assert not found, f"{page.url}:\n" + "\n".join(summary)
