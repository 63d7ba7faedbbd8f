"""A section's HTML as plain lines of text: what a reader of the report reads.

Used to check a version for what must not be published (safety.py) and to list what
changed between two versions (differences.py). Each block (paragraph, list item, table
row, heading, caption) becomes one line; table cells are joined with " | ". The text of
an SVG chart is left out: its figures are in the table beside it.
"""

from html.parser import HTMLParser

BLOCKS = {
    "p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "caption", "figcaption", "dt", "dd",
    "div", "section", "blockquote", "ul", "ol", "table", "thead", "tbody", "br", "dl",
}  # fmt: skip
CELLS = {"td", "th"}
SKIPPED = {"svg", "script", "style", "title", "desc"}


class _Lines(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skipping = 0

    def _end_line(self):
        line = " ".join("".join(self.current).split())
        if line:
            self.lines.append(line)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self.skipping += 1
        elif tag in BLOCKS:
            self._end_line()
        elif tag in CELLS and self.current and "".join(self.current).strip():
            self.current.append(" | ")

    def handle_startendtag(self, tag, attrs):
        if tag == "br":
            self._end_line()

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCKS:
            self._end_line()

    def handle_data(self, data):
        if not self.skipping:
            self.current.append(data)

    def close(self):
        super().close()
        self._end_line()


def lines_of(html: str) -> list[str]:
    parser = _Lines()
    parser.feed(str(html))
    parser.close()
    return parser.lines


def text_of(html: str) -> str:
    return "\n".join(lines_of(html))
