import html

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import text as celltext
from pipeline.text import Text, clean


def paras(raw):
    return [(p.text, p.bullet) for p in Text(raw).paras]


@pytest.mark.parametrize("raw, expected", [
    ("One line", [("One line", False)]),
    ("First\nSecond", [("First", False), ("Second", False)]),
    ("Intro\n• one\n- two\n* three", [("Intro", False), ("one", True), ("two", True), ("three", True)]),
    ("<p>First para.</p> <p>Second para.</p>", [("First para.", False), ("Second para.", False)]),
    ("Topics:<ul><li>Economy</li><li>Evidence &amp; data</li></ul>",
     [("Topics:", False), ("Economy", True), ("Evidence & data", True)]),
    ("Line one<br>Line two<br/>Line three", [("Line one", False), ("Line two", False), ("Line three", False)]),
    ("Health & Care <draft>", [("Health & Care <draft>", False)]),
    ("-1 is a number, not a bullet", [("-1 is a number, not a bullet", False)]),
    ("", []),
])
def test_cell_text_becomes_paragraphs_and_bullets(raw, expected):
    assert paras(raw) == expected


def test_control_characters_are_cleaned_and_reported():
    text, dropped = clean("A\x0bB_x000D_\nC\x00D\x1fE")
    assert text == "A\nB\nCDE"  # the escaped CR and the LF are one line break
    assert dropped is True
    assert clean("plain text") == ("plain text", False)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list(" \n\txa-*&;<>/pli\u2022\u00a0\u2063") + ["<p>", "</li>", "&nbsp;", "&amp;"])))
def test_has_text_says_whether_there_are_paragraphs(pieces):
    raw = "".join(pieces)
    assert celltext.has_text(raw) == bool(celltext.paragraphs(raw))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(" \t\u00a0\u2003ab.\u2022\x00\x0b\r\x1c\x1f\x85"))))
def test_a_line_is_collapsed_as_split_and_join_would(line):
    assert celltext.collapse(line) == " ".join(line.split())


def slow_paragraphs(raw):
    """paragraphs() as its rule says: each line collapsed, empty ones dropped, and a leading mark
    (or a dash before a space) read by the bullet pattern."""
    if celltext.is_html(raw):
        raw = celltext._ITEM.sub("\n" + celltext._ITEM_MARK, raw)
        raw = celltext._BLOCK_END.sub("\n", raw)
        raw = html.unescape(celltext._HTML_TAG.sub("", raw))
    elif "&" in raw and celltext._ENTITY.search(raw):
        raw = html.unescape(raw)
    paras = []
    for line in (" ".join(line.split()) for line in raw.split("\n")):
        if not line or line == celltext._ITEM_MARK:
            continue
        bullet = line[0] == celltext._ITEM_MARK or celltext._BULLET.match(line) is not None
        line = celltext._BULLET.sub("", line.lstrip(celltext._ITEM_MARK)).strip()
        if line:
            paras.append((line, bullet))
    return paras


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(list(" \n\ta-*\u2013\u2022\u00b7\u00a0&;<>/pli1") + ["<li>", "</p>", "&amp;"])))  # \u2063 comes from <li>
def test_paragraphs_are_their_rule(pieces):
    raw = "".join(pieces)
    assert [(p.text, p.bullet) for p in celltext.paragraphs(raw)] == slow_paragraphs(raw)


def slow_clean(raw):
    """clean() as its rule says, without the quick tests in front."""
    text = celltext._ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), raw)
    text = celltext._BREAKS.sub("\n", text)
    stripped = celltext._INVALID.sub("", text)
    return stripped, stripped != text


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab _x0D\n\t\r\x0b\x01\x7f\x85\u2028\u2013\ufffe")) | st.characters()))
def test_clean_is_its_rule(raw):
    assert celltext.clean(raw) == slow_clean(raw)


@pytest.mark.parametrize("raw, printed", [("\u2022", False), ("<br>", False), ("&nbsp;", False), ("  ", False),
                                          ("Done", True), ("\u2022 Done", True)])
def test_a_text_is_true_only_when_it_prints_something(raw, printed):
    assert bool(Text(raw)) is printed


def test_a_numbered_list_left_in_html_becomes_an_item_a_line():
    from pipeline.text import paragraphs

    raw = ('Ongoing. Workshops will focus on the following topics: <ul style="list-style-type: none"> 1. Identifying '
           'top priorities 2. Evidence base including an updated assessment 3. How we can extract social value.')
    assert [p.text for p in paragraphs(raw)] == [
        "Ongoing. Workshops will focus on the following topics:", "1. Identifying top priorities",
        "2. Evidence base including an updated assessment", "3. How we can extract social value."]
    assert [p.text for p in paragraphs("<ol><li>First</li><li>Second</li></ol>")] == ["1. First", "2. Second"]
    assert [p.text for p in paragraphs("<p>Delivered in 2025. Then 2. was next</p>")] == [
        "Delivered in 2025. Then 2. was next"]  # no run from 1: not a list
