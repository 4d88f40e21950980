"""Small HTML checks used by the smoke tests: every form control has a label."""

from html.parser import HTMLParser

UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


class _FormControls(HTMLParser):
    def __init__(self):
        super().__init__()
        self.controls = []  # (tag, attrs)
        self.label_for = set()
        self._label_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label":
            self._label_depth += 1
            if attrs.get("for"):
                self.label_for.add(attrs["for"])
        elif tag in ("input", "select", "textarea"):
            if tag == "input" and attrs.get("type", "text") in UNLABELLED_TYPES:
                return
            self.controls.append((tag, attrs, self._label_depth > 0))

    def handle_endtag(self, tag):
        if tag == "label" and self._label_depth:
            self._label_depth -= 1


def unlabelled_controls(html: str) -> list[str]:
    """Names of form controls with no <label for>, no wrapping <label>, no aria-label(ledby) or title."""
    parser = _FormControls()
    parser.feed(html)
    missing = []
    for tag, attrs, wrapped in parser.controls:
        if wrapped or attrs.get("aria-label") or attrs.get("aria-labelledby") or attrs.get("title"):
            continue
        if attrs.get("id") and attrs["id"] in parser.label_for:
            continue
        missing.append(f"{tag}[name={attrs.get('name')}]")
    return missing
