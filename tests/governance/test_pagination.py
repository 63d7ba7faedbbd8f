"""The one pagination component: GOV.UK markup, long lists elided, no stray comment text."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string


def _render(number: int, pages: int = 200) -> str:
    page = Paginator(range(pages * 10), 10).get_page(number)
    return render_to_string("components/pagination.html", {"page": page, "query": "group=3"})


def test_a_long_list_links_the_ends_and_the_pages_around_the_current_one():
    html = _render(100)

    for number in (1, 98, 99, 100, 101, 102, 200):
        assert f'aria-label="Page {number}"' in html
    assert 'aria-label="Page 50"' not in html
    assert html.count("govuk-pagination__item--ellipses") == 2
    assert 'aria-current="page">100<' in html


def test_links_keep_the_other_filters():
    assert 'href="?group=3&amp;page=2"' in _render(1, pages=3)


def test_the_component_prints_no_template_comment():
    html = _render(1, pages=3)
    assert "page_param" not in html
    assert "{#" not in html
