"""Table tests for rejoin_lines: joins, dehyphenation, and breaks that must stay."""

from __future__ import annotations

import pytest
import regex

from pipeline import clean_text


def logged(result, rule: str) -> list:
    """The edits of *result* under *rule*."""
    return [e for e in result.edits if e.rule == rule]


def body(text: str) -> str:
    return clean_text(text).body


def test_wrapped_lines_join():
    text = "This is a paragraph that was wrapped at the\nend of every printed line by the typesetter.\n"
    assert body(text) == (
        "This is a paragraph that was wrapped at the end of every printed line by the typesetter.\n"
    )


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ("a worked exam-\nple of it.", "a worked example of it."),
        ("the command-\nline tool.", "the command-line tool."),
        ("a well-\nknown fact.", "a well-known fact."),
        ("for self-\nregulation.", "for self-regulation."),
        ("the con-\nfiguration file.", "the configuration file."),
        ("both pre-\nand post-conditions.", "both pre- and post-conditions."),
        ("it stopped—\nthen resumed.", "it stopped—then resumed."),
        ("a soft exam\u00ad\nple here.", "a soft example here."),
        # an ending after the hyphen, and English knows the joined word
        ("the text was unread-\nable on screens.", "the text was unreadable on screens."),
        # two words, but English writes the joined form as a common word of its own
        ("the wild-\nlife of the marsh.", "the wildlife of the marsh."),
        ("a light-\nhouse on the point.", "a lighthouse on the point."),
        # compounds English keeps hyphenated: the closed form is rare
        ("a long-\nterm plan.", "a long-term plan."),
        ("a hand-\nwritten note.", "a hand-written note."),
        ("the left-\nhand side.", "the left-hand side."),
        # an inflection of a known word (or of one after a prefix) that word lists lack
        ("the malt after kiln-\ning and drying.", "the malt after kilning and drying."),
        ("a strain for repitch-\ning the wort.", "a strain for repitching the wort."),
        # re- closed where English knows the word; kept before an e
        ("the fin re-\npays its cost.", "the fin repays its cost."),
        ("they re-\nenter the lock.", "they re-enter the lock."),
        # (probe29 sallowmere) two words glued after the hyphen, joined a word English does
        # not know: undecided, the hyphen kept (before, "exwasclear")
        (
            "in a storm he was ex-\nwasclear of floodwater.",
            "in a storm he was ex-wasclear of floodwater.",
        ),
    ],
)
def test_line_end_hyphens(lines, expected):
    assert body(lines + "\n") == expected + "\n"


def test_hyphenated_form_of_the_book_wins_over_a_common_joined_word():
    text = "The wild-life trust owns the marsh.\n\nIn spring the wild-\nlife returns to it.\n"
    assert "the wild-life returns" in body(text)


def test_blank_lines_separate_paragraphs():
    text = "First paragraph line one\nand line two.\n\nSecond paragraph.\n"
    assert body(text) == "First paragraph line one and line two.\n\nSecond paragraph.\n"


def test_paragraph_continues_across_page_break():
    text = (
        "Header Of The Book\n\nThe paragraph starts on this page and it keeps going until\n\f"
        "it reaches the next page, where it ends.\n"
    )
    assert "going until it reaches the next page" in body(text)


def test_code_block_keeps_lines():
    text = (
        "Prose before the code that explains it in a sentence.\n\n"
        "    def add(a, b):\n        return a + b\n\n"
        "Prose after.\n"
    )
    out = body(text)
    assert "    def add(a, b):\n        return a + b" in out


def test_list_items_stay_separate():
    text = (
        "Steps to follow:\n\n• open the file and read the\n  header carefully\n"
        "• close it again\n\nThen go on.\n"
    )
    out = body(text)
    assert "• open the file and read the header carefully\n• close it again" in out


def test_heading_is_own_paragraph():
    text = "Chapter 2: Spacing\n\nThe text of the chapter begins here and\ngoes on.\n"
    assert body(text) == "Chapter 2: Spacing\n\nThe text of the chapter begins here and goes on.\n"


def test_short_line_ends_paragraph_without_blank_lines():
    long = "word " * 14
    text = f"{long}\n{long}\n{long}\nshort end.\n{long}\n{long}end.\n"
    out = body(text)
    assert out.count("\n\n") == 1


def test_footnote_does_not_split_a_paragraph_across_pages():
    page1 = (
        "Heading Of The Page\n\nThe argument starts on this page and runs on for a while,\n"
        "as arguments do, and it is not finished when the page ends, so it\n"
        "continues on the next page after the footnote\n\n"
        "1 A footnote about the argument, set at the foot.\n"
    )
    page2 = "that sits at the bottom of this page. It ends here.\n\nA new paragraph.\n"
    out = clean_text(page1 + "\f" + page2).body
    assert "after the footnote that sits at the bottom" in out
    assert "\n\n1 A footnote about the argument, set at the foot.\n\n" in out


FULL = [
    "The survey was planned for a whole season, and every stratum had its own",
    "team of interviewers who knew the streets and the people who lived there.",
    "Each team kept a diary of the visits, the refusals and the households that",
    "could not be found at all, and the diaries were read every week by the",
    "office, which then moved people from the easy strata to the hard ones.",
]


@pytest.mark.parametrize(
    ("last", "nxt", "broken"),
    [
        # Room for the next word, and more: the line was ended on purpose.
        ("that must be guessed from earlier surveys or a pilot study.", "A further", True),
        ("and it was the first of many long days in the field.", "Then the", True),
        # The next word would not have fitted: a full line that happens to end a sentence.
        ("that must be guessed from earlier surveys or a pilot study.", "Unsurprisingly,", False),
        # A full line: no room even for a one-letter word.
        ("and the office read them every week to move the teams where needed.", "A further", False),
        # No sentence end: a line is never a paragraph's last one by length alone here.
        ("that must be guessed from earlier surveys or a pilot", "Study of", False),
    ],
)
def test_paragraph_ends_where_the_next_word_would_have_fitted(last, nxt, broken):
    text = "\n".join([*FULL, last, nxt + " the design came later, when the money ran out.", *FULL])
    out = body(text + "\n")
    assert (f"{last}\n\n{nxt}" in out) is broken, out
    assert (f"{last} {nxt}" in out) is not broken, out


@pytest.mark.parametrize(
    ("lines", "items", "paragraph"),
    [
        # Wrapped items are flush; an indented line after an item that ended its sentence
        # is the first line of a new paragraph.
        (
            [
                "– names every adult who will live in the property as a tenant or",
                "a permitted occupier;",
                "– explains the notice each side must give to end the tenancy.",
                "    If a clause is unclear, ask what it means and write the answer",
                "on the lease itself.",
            ],
            2,
            "If a clause is unclear, ask what it means and write the answer on the lease itself.",
        ),
        # Hanging indent of three: a wrapped line after a sentence end stays in its item.
        (
            [
                "1. Heat the oven to a high heat and wait until it is really hot",
                "   before you start.",
                "2. Spread the bones in the tin and roast them for forty minutes.",
                "   Turn them once, until they are brown all over.",
            ],
            2,
            None,
        ),
        # No wrapped line seen yet: an indented line continues the item as before.
        (
            [
                "• Spread the bones in the tin and roast them for forty minutes.",
                "   Turn them once, until they are brown all over.",
            ],
            1,
            None,
        ),
    ],
)
def test_list_ends_at_a_paragraph_indent_unlike_its_hanging_indent(lines, items, paragraph):
    out = body("Before signing, check that the lease:\n\n" + "\n".join(lines) + "\n")
    blocks = out.strip().split("\n\n")
    assert len(blocks[1].splitlines()) == items, out
    if paragraph:
        assert blocks[2] == paragraph
    else:
        assert len(blocks) == 2, out


@pytest.mark.parametrize(
    ("lines", "paragraphs"),
    [
        # Two first lines indented alike: the first is a paragraph of one line.
        (
            [
                "   “It’ll stand,” he said at last, “until it doesn’t. They all do.”",
                "   My aunt paid him for his morning and crossed the chimney off the",
                "list, and wrote it back on again at the very bottom of the page.",
            ],
            2,
        ),
        # An indented first line, then its flush continuation: one paragraph.
        (
            [
                "   “It’ll stand,” he said at last, “until it doesn’t. They all do.”",
                "My aunt paid him for his morning and crossed the chimney off the",
                "list, and wrote it back on again at the very bottom of the page.",
            ],
            1,
        ),
        # No sentence end at the first line: its paragraph goes on.
        (
            [
                "   The builder looked up at the chimney for a long time with his",
                "   hands in his pockets and then asked for a cup of tea, and we",
                "waited for him to say anything at all about the state of it.",
            ],
            1,
        ),
    ],
)
def test_one_line_indented_paragraph(lines, paragraphs):
    out = body("\n".join(lines) + "\n")
    assert len(out.strip().split("\n\n")) == paragraphs, out


PROSE = (
    "A schema registry moves the decision about what fields mean to one place, and\n"
    "the producer and the consumer agree on it before any data flows between them.\n"
    "In practice this means that every topic has a subject, every subject has its\n"
    "versions, and every version is checked against the rules of compatibility the\n"
    "team chose when the topic was created, which is where most of the work goes.\n"
)


@pytest.mark.parametrize(
    ("caption", "own_block"),
    [
        ("Figure 3-2. The registry sits between producers and consumers", True),
        ("Table 4.1: Retention by tier", True),
        ("FIGURE 7. Two consumers", True),
        # prose that starts with a reference: no stop after the number
        ("Figure 3 shows the registry between the producers and the consumers of", False),
        ("Table 2 lists the settings that every producer of the topic has to", False),
    ],
)
def test_caption_is_a_block_of_its_own(caption, own_block):
    after = "The rules are simple to state, and most teams pick one and keep it for years.\n"
    out = body(PROSE + caption + "\n" + after)
    assert (f"\n\n{caption}\n\n" in out) == own_block
    if not own_block:
        assert f"{caption} The rules" in out


def test_caption_inside_a_running_sentence_is_not_split_off():
    # the line before ends no sentence: "…as shown in" / "Figure 3. The next…" is prose
    text = (
        "The next step is done as shown in\nFigure 3. The step after it is shorter than this one.\n"
    )
    assert body(text) == text.replace("\n", " ").strip() + "\n"


def test_footnote_marked_in_the_text_needs_no_blank_line():
    page = (
        "These three rules cover nearly every change a team makes in a year, and\n"
        "they are easy to check by machine, which is why most registries enforce\n"
        "them on every upload rather than in review. The exceptions are the\n"
        "interesting part: a field that changes meaning without changing type\n"
        "is invisible to the registry, and only a contract test catches it.1\n"
        "1 See the discussion of consumer-driven contracts in Chapter 7.\n"
    )
    other = "A second page of text, long enough to count as a page of the book.\n"
    out = body(page + "\f" + other)
    assert "\n\n1 See the discussion of consumer-driven contracts in Chapter 7.\n" in out
    assert "it.1 1 See" not in out
    # without the mark in the text, the same line is the paragraph's last line
    unmarked = page.replace("catches it.1", "catches it")
    assert "catches it 1 See the discussion" in body(unmarked + "\f" + other)


def test_one_paragraph_per_line_is_not_double_spaced():
    paras = [
        "The first paragraph is one long line that ends its sentence here.",
        "The second paragraph is also one long line and it ends a sentence.",
        "A Heading Between Them",
        "The third paragraph follows the heading and ends like the others do.",
    ] * 3
    text = "\n\n".join(paras) + "\n"
    assert body(text) == text


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ("T\nhe harbour was quiet when the boats came back.", "The harbour was quiet"),
        ("I\nt was late when the boats came back to the harbour.", "It was late when"),
        # "A" is a word of its own: "Asecond" is none
        ("A\nsecond look showed the boats were late again.", "A second look showed"),
    ],
)
def test_drop_cap_on_a_line_of_its_own(lines, expected):
    assert body("Chapter One\n\n" + lines + "\n").split("\n\n")[1].startswith(expected)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            "The list is at https://example.org/docs/\nreference/options.html and in the manual.",
            "at https://example.org/docs/reference/options.html and in",
        ),
        (
            "The guide at www.example.org/guides/first_\nsteps.html helps with the first tour.",
            "www.example.org/guides/first_steps.html helps",
        ),
        # a sentence that ends with an address, then a new sentence
        (
            "Read the notes at https://example.org/docs.\nThe next part covers the rest.",
            "docs. The next",
        ),
    ],
)
def test_web_address_broken_at_a_line_end(lines, expected):
    assert expected in body(lines + "\n").replace("\n\n", " ")


FOOTNOTE_PAGES = (
    "A Heading\n\n"
    "The first paragraph of the page ends well before the foot of the page, here.1\n\n"
    "The second paragraph is the last one on this page and it ends\n"
    "on the page too.\n\n"
    "1 The note that belongs to the first paragraph of the page.\n"
    "\f"
    "A paragraph on the next page starts here and ends here as well.\n"
)


def test_footnote_follows_the_last_paragraph_of_its_page_when_asked():
    out = clean_text(FOOTNOTE_PAGES, sets=["rejoin_lines.notes='page_end'"]).body
    assert (
        out.index("ends on the page too.") < out.index("1 The note") < out.index("A paragraph on")
    )
    assert out.index("A Heading") < out.index("The first paragraph") < out.index("1 The note")


def test_footnote_follows_the_paragraph_that_calls_it():
    res = clean_text(FOOTNOTE_PAGES)
    assert "of the page, here.1\n\n1 The note that belongs" in res.body, res.body
    assert "the first paragraph of the page.\n\nThe second paragraph" in res.body
    (edit,) = logged(res, "note_after_call")
    assert edit.page == 1 and edit.evidence["mark"] == "1"


@pytest.mark.parametrize(
    ("page1", "why"),
    [
        # the call printed twice on the page: which paragraph calls the note is not known
        (
            "The first paragraph of the page ends well before the foot of the page, here.1\n\n"
            "A second paragraph that quotes the same source again, as before.1\n\n"
            "The last paragraph of this page runs on to the next page and\n",
            "two calls",
        ),
        # no call at all ("1820" is a year, "A4" a paper size)
        (
            "In 1820 the first paragraph of the page was printed on A4 paper.\n\n"
            "The last paragraph of this page runs on to the next page and\n",
            "no call",
        ),
        # endnotes under their heading stay there
        (
            "The first paragraph of the page ends well before the foot, here.1\n\nNotes\n\n",
            "endnotes",
        ),
    ],
)
def test_footnote_without_one_call_follows_its_page(page1, why):
    text = (
        page1 + "1 The note of the page, whose call is not to be found once.\n"
        "\f"
        "ends on the next one.\n\nA paragraph on the next page.\n"
    )
    out = body(text)
    assert out.index("1 The note") > out.index(page1.strip().splitlines()[-1].strip()), (why, out)


# Lines shaped like numbered headings in running text (and real headings that must stay).
WRAP = [
    "The committee met every spring to review the rules, and its minutes are kept",
    "in the archive of the society, where anyone with a reader's card may ask for",
]


@pytest.mark.parametrize(
    ("lines", "headings"),
    [
        # a sentence goes on into a line that starts "section 4": no heading
        (
            [
                *WRAP,
                "section 4 of the minutes; it records the vote on the new fees and the",
                "names of the members who spoke against them at the meeting.",
            ],
            [],
        ),
        # after a finished sentence, a full line that runs on into a lower-case line
        (
            [
                "The minutes of that year are short, and most of them record the weather.",
                "Chapter 6 describes how the society changed its rules in the years that",
                "followed, and who paid for the new building by the river.",
            ],
            [],
        ),
        # a comma at the end of the line before: the sentence is not finished
        (
            [
                "The fees were raised twice, first in the spring of the year of the flood,",
                "Part 2 of the plan, and then again when the roof of the hall fell in.",
            ],
            [],
        ),
        # real headings between paragraphs stay headings
        (
            [
                "The minutes of that year are short, and most of them record the weather.",
                "",
                "Chapter 2",
                "",
                "The second chapter begins here and goes on for a while about the rules.",
            ],
            ["Chapter 2"],
        ),
        (
            [
                "The minutes of that year are short, and most of them record the weather.",
                "2.3 Methods",
                "The survey was planned for a whole season with teams in every stratum.",
            ],
            ["2.3 Methods"],
        ),
        (
            [
                "The minutes of that year are short, and most of them record the weather.",
                "Chapter 7 The New Hall",
                "The hall was built in two summers by the members themselves.",
            ],
            ["Chapter 7 The New Hall"],
        ),
    ],
)
def test_heading_shaped_line_in_running_text(lines, headings):
    blocks = body("\n".join(lines) + "\n").strip().split("\n\n")
    assert [b for b in blocks if b in headings] == headings, blocks
    if not headings:
        assert len(blocks) == 1, blocks


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # items numbered by section, with a stop: a list, one item per line
        (
            [
                "4.7. Find the weight of a beam of length l and section a by",
                "integrating along its length.",
                "4.8. Show that the weight found in 4.7 is the same for",
                "3 beams of a third of the length.",
                "4.9. (Harder.) Repeat for a tapered beam.",
            ],
            "4.7. Find the weight of a beam of length l and section a by integrating along its"
            " length.\n4.8. Show that the weight found in 4.7 is the same for 3 beams of a third"
            " of the length.\n4.9. (Harder.) Repeat for a tapered beam.",
        ),
        # no stop after the number: prose that starts with a decimal number goes on
        (
            [
                "The load grew by a little more than was expected, to about",
                "2.5 tonnes per metre, and the beam held.",
            ],
            "The load grew by a little more than was expected, to about 2.5 tonnes per metre,"
            " and the beam held.",
        ),
    ],
)
def test_section_numbered_items(lines, expected):
    assert body("Problems\n\n" + "\n".join(lines) + "\n") == f"Problems\n\n{expected}\n"


PAGE_TOP = "Heading Of The Book\n\n"
NEXT_PAGE = "The next paragraph starts at the top of the new page and ends there too.\n"


@pytest.mark.parametrize(
    ("end_of_page", "broken"),
    [
        # an end-of-proof mark closes the paragraph, as a full stop would
        ("and the bound holds for every n, which proves the claim. □", True),
        ("and the bound holds for every n, which proves the claim. ∎", True),
        # a displayed formula set apart as a block of its own ends its page
        ("the energy is related to the mass by\n\nE = m c2 (3.4)", True),
        ("which gives, for every n,\n\nan ≤ bn ≤ cn", True),
        # prose with an equals sign goes on across the page
        ("we chose the value x = 3 for the first run because the", False),
        # a formula inside a paragraph (no blank line before it, no number) goes on
        ("the energy is related to the mass by\nE = m c2", False),
        # a numbered formula is displayed: it stands apart from the text after it
        ("the energy is related to the mass by\nE = m c2 (3.4)", True),
    ],
)
def test_paragraph_end_at_a_page_end_without_a_full_stop(end_of_page, broken):
    first = "The argument on this page is long enough to fill a line or two of text, and\n"
    out = body(PAGE_TOP + first + end_of_page + "\n\f" + NEXT_PAGE)
    last = end_of_page.splitlines()[-1]
    assert (f"{last}\n\nThe next paragraph" in out) is broken, out
    assert (f"{last} The next paragraph" in out) is not broken, out


def test_end_of_proof_mark_ends_its_paragraph_on_the_page():
    text = (
        "Suppose the sequence is bounded and increasing, and let L be the least upper\n"
        "bound of its terms; then every term after the Nth is within e of L. □\n"
        "The converse fails, as the next example shows with a sequence of signs that\n"
        "never settles down.\n"
    )
    out = body(text)
    assert "of L. □\n\nThe converse fails" in out, out


PROSE_BEFORE = (
    "The song was sung at every harvest supper in the valley for as long as anyone\n"
    "could remember, and the children learnt it before they could read; it went:\n"
)
PROSE_AFTER = "Nobody knew who had written it, and nobody thought to ask until the last of\nthe old singers had died.\n"


@pytest.mark.parametrize(
    ("lines", "verse"),
    [
        # a stanza without blank lines around it keeps its lines
        (
            [
                "The barley stands in golden rows,",
                "The miller waits beside his door;",
                "And every reaper, as he goes,",
                "Sings of the harvest gone before.",
            ],
            True,
        ),
        # short lines that each end a sentence: one-line paragraphs (dialogue), not verse
        (
            ["“Who wrote it?” she asked.", "“Nobody knows.”", "“Somebody must.”"],
            False,
        ),
        # two short lines are not enough to call verse
        (["The barley stands in golden rows,", "The miller waits beside his door."], False),
    ],
)
def test_verse_without_blank_lines_keeps_its_lines(lines, verse):
    out = body(PROSE_BEFORE + "\n".join(lines) + "\n" + PROSE_AFTER)
    assert ("\n\n" + "\n".join(lines) + "\n\n" in out) is verse, out
    assert out.endswith(
        "Nobody knew who had written it, and nobody thought to ask until the last of"
        " the old singers had died.\n"
    )


def test_paragraph_of_short_lines_is_still_joined():
    # a narrow column: short lines, but they start in lower case and run on
    text = (
        "The barley stood in rows\nand the miller waited\nbeside his door while\n"
        "the reapers sang of\nthe harvest before.\n"
    )
    assert body(text) == " ".join(text.split("\n")).strip() + "\n"


@pytest.mark.parametrize(
    ("lines", "table"),
    [
        # columns collapsed to single spaces: rows of figures and units keep their lines,
        # with the header right above them
        (
            [
                "Pipe size Flow Pressure drop",
                "15 mm (½ in) 12 l/min 0.4 bar",
                "22 mm (¾ in) 30 l/min 0.3 bar",
                "28 mm (1 in) 55 l/min 0.2 bar",
            ],
            True,
        ),
        (["Year Boats Catch", "1998 41 12,400 t", "2004 33 9,850 t", "2011 19 4,120 t"], True),
        # prose with many numbers in it is still prose
        (
            [
                "In 1998 the fleet of 41 boats landed 12,400 t, and by 2004 there were",
                "33 boats left, which landed 9,850 t between them in a poor season.",
            ],
            False,
        ),
        # a single line of figures is no table
        (["The readings were", "12.5 13.1 and 14.2 mm on the three days."], False),
    ],
)
def test_table_of_figures_with_collapsed_columns(lines, table):
    out = body(PROSE + "\n" + "\n".join(lines) + "\n\nThe rest follows in prose.\n")
    blocks = out.strip().split("\n\n")
    assert blocks[1] == ("\n" if table else " ").join(lines), out


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # justified lines of a layout converter: widened word gaps, read as prose
        (
            "The  rules  of  the  harbour  board  apply  to  every  boat  that  uses  it,\n"
            "and  where  the  skipper’s   logbook   and  the  board   disagree,  the\n"
            "board’s  figures    always take   precedence   over    the    others.\n",
            "The rules of the harbour board apply to every boat that uses it, and where the "
            "skipper’s logbook and the board disagree, the board’s figures always take "
            "precedence over the others.\n",
        ),
        # a line-end hyphen next to a widened line is decided as in any prose
        (
            "The  council  opened  footpaths  street  by  street,  often  after  resi-\n"
            "dents   were   consulted   and   found,   to   their   surprise,   that\n"
            "they  wanted  the  path  after  all.\n",
            "The council opened footpaths street by street, often after residents were "
            "consulted and found, to their surprise, that they wanted the path after all.\n",
        ),
        # a real table with wide gaps keeps its rows, also a row that reads like words
        (
            "The harvest is shown below.\n\n"
            "Crop        Planted       Yield\n"
            "Barley      early April   4.2 t\n"
            "Oats        late March    3.8 t\n\n"
            "The yields were low.\n",
            "The harvest is shown below.\n\n"
            "Crop        Planted       Yield\n"
            "Barley      early April   4.2 t\n"
            "Oats        late March    3.8 t\n\n"
            "The yields were low.\n",
        ),
        (
            "Its cells are words, as in this table of tasks for the late summer months.\n"
            "Month       Main task            Notes\n"
            "July        take off the supers  after the flow\n"
            "August      treat for the mites  wasps are at their worst\n"
            "September   feed the colonies    syrup is thick\n"
            "The table is a guide only.\n",
            "Its cells are words, as in this table of tasks for the late summer months.\n\n"
            "Month       Main task            Notes\n"
            "July        take off the supers  after the flow\n"
            "August      treat for the mites  wasps are at their worst\n"
            "September   feed the colonies    syrup is thick\n\n"
            "The table is a guide only.\n",
        ),
        # rows with one wide gap each, aligned: a table, not a paragraph
        (
            "Table 2 Monthly costs\n"
            "Rent                       $1,150\n"
            "Heating and power            $210\n"
            "Food                         $420\n"
            "Total                      $1,780\n",
            "Table 2 Monthly costs\n\n"
            "Rent                       $1,150\n"
            "Heating and power            $210\n"
            "Food                         $420\n"
            "Total                      $1,780\n",
        ),
    ],
)
def test_justified_prose_and_aligned_tables(lines, expected):
    assert body(lines) == expected


PARAS = "The first paragraph.\n\nThe second one.\n\nA third, to show the blank lines.\n\n"
FLASK = "1. Fill the flask with the water from the tap and put it on the"
BOIL = "2. Stop when the water begins to boil.\n"
NEXT = "Then the next paragraph starts, and it runs on for a line or"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # an item wrapped flush, its next line a new sentence: the list goes on after it
        (
            "• Caustic soda is corrosive to the skin and above all to the eyes of anyone.\n"
            "Wear glasses throughout the whole of the work, and rinse any splash away.\n"
            "• Keep the ethanol bottle away from flames.\n",
            "• Caustic soda is corrosive to the skin and above all to the eyes of anyone. "
            "Wear glasses throughout the whole of the work, and rinse any splash away.\n"
            "• Keep the ethanol bottle away from flames.\n",
        ),
        # a full item line broken mid-sentence before a capitalised word
        (
            "1. Rinse the clean burette twice with small portions of the fresh 0.1 M\n"
            "NaOH solution, draining each rinse through the tip of the burette.\n",
            "1. Rinse the clean burette twice with small portions of the fresh 0.1 M "
            "NaOH solution, draining each rinse through the tip of the burette.\n",
        ),
        # the last item of a list that wraps flush, in a text with blank-separated paragraphs
        (
            f"{PARAS}{FLASK}\nstove to warm up slowly.\n{BOIL}"
            "Record the time, and repeat the steps until two times agree.\n\n"
            "The paragraph after the list.\n",
            f"{PARAS}{FLASK} stove to warm up slowly.\n"
            "2. Stop when the water begins to boil. Record the time, and repeat the steps "
            "until two times agree.\n\n"
            "The paragraph after the list.\n",
        ),
        # must not change: short items without stops, then a paragraph
        (
            "You will need:\n\n• flour\n• two eggs\n• milk\n"
            "Mix them in a bowl and let the batter rest for an hour before cooking.\n",
            "You will need:\n\n• flour\n• two eggs\n• milk\n\n"
            "Mix them in a bowl and let the batter rest for an hour before cooking.\n",
        ),
        # must not change: a list wrapped with a hanging indent, then a flush paragraph
        (
            f"{PARAS}{FLASK}\n   stove to warm up slowly.\n{BOIL}{NEXT}\ntwo of text.\n",
            f"{PARAS}{FLASK} stove to warm up slowly.\n{BOIL}\n{NEXT} two of text.\n",
        ),
        # must not change: a list wrapped flush, then a paragraph, in a text that sets its
        # paragraphs apart without blank lines
        (
            f"{FLASK}\nstove to warm up slowly.\n{BOIL}{NEXT}\ntwo of text.\n",
            f"{FLASK} stove to warm up slowly.\n{BOIL}\n{NEXT} two of text.\n",
        ),
    ],
)
def test_list_item_continued_without_indent(lines, expected):
    assert body(lines) == expected


FULL_LINE = "The text of this section runs on in full lines of about the same length, as a book"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a title between two full lines, no blank lines around it
        (
            FULL_LINE
            + "\nprints them, and the last sentence of its paragraph ends on a full line.\n"
            "Discriminated unions\n"
            "The most useful form of the pattern relies on a shared property whose\n"
            "type differs in each member of the union, as the listing below shows.\n",
            FULL_LINE
            + " prints them, and the last sentence of its paragraph ends on a full line.\n\n"
            "Discriminated unions\n\n"
            "The most useful form of the pattern relies on a shared property whose type "
            "differs in each member of the union, as the listing below shows.\n",
        ),
        # must not change: a capitalised line that goes on with the sentence
        (
            FULL_LINE
            + "\nprints them, and the last sentence of its paragraph ends on a full line.\n"
            "New York and\n"
            "London were the two cities where the firm kept offices for most of its life.\n",
            FULL_LINE + " prints them, and the last sentence of its paragraph ends on a full line. "
            "New York and London were the two cities where the firm kept offices for most "
            "of its life.\n",
        ),
        # a short capitalised line before a short line that starts with a capital (a line
        # of its own, ended on purpose: the next word would have fitted) stands apart
        (
            FULL_LINE
            + "\nprints them, and the last sentence of its paragraph ends on a full line.\n"
            "Yours Truly\n"
            "Jane Smith\n",
            FULL_LINE + " prints them, and the last sentence of its paragraph ends on a full line."
            "\n\nYours Truly\n\nJane Smith\n",
        ),
    ],
)
def test_title_between_full_lines_without_blank_lines(lines, expected):
    assert body(lines) == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # type declarations without indentation keep their lines
        (
            "The documents are modelled in this way.\n\n"
            'type Invoice = { kind: "invoice"; total: number };\n'
            'type Credit = { kind: "credit"; refunds: string };\n'
            "interface Store {\n"
            "    save(doc: Invoice | Credit): void;\n"
            "}\n",
            "The documents are modelled in this way.\n\n"
            'type Invoice = { kind: "invoice"; total: number };\n'
            'type Credit = { kind: "credit"; refunds: string };\n'
            "interface Store {\n"
            "    save(doc: Invoice | Credit): void;\n"
            "}\n",
        ),
        # must not change: prose that names a type
        (
            "The type of soil in most of the county is a heavy clay that holds\n"
            "water, and the type Invoice in the listing is what the shop uses.\n",
            "The type of soil in most of the county is a heavy clay that holds water, and "
            "the type Invoice in the listing is what the shop uses.\n",
        ),
    ],
)
def test_declarations_without_indentation_are_code(lines, expected):
    assert body(lines) == expected


def test_stanza_with_a_line_nearly_full_keeps_its_lines():
    prose = (
        "The lines below appeared in several collections of verse for the nursery over\n"
        "the years, always among the cautionary pieces and never among the comic ones.\n"
    )
    stanza = [
        "Little Tom Tidy would not go to bed,",
        "He sat on the stairs with a lamp by his head;",
        "His mother said ‘Sleep!’ and his father said ‘Rest!’ at last",
        "But Tom in his nightshirt knew better than best.",
    ]
    out = body(prose + "\n" + "\n".join(stanza) + "\n\n" + prose)
    assert "\n".join(stanza) in out, out


def _pdf_lines(rows):
    """(text, x0, x1) rows as PDF lines in a 10 pt proportional font."""
    from pipeline.document import Geom, Line

    return [
        Line(t, 1, Geom(x0, 100.0 + 12 * k, x1, 110.0 + 12 * k, 10.0, False, 432.0, 648.0))
        for k, (t, x0, x1) in enumerate(rows)
    ]


def test_pdf_song_set_in_keeps_its_lines_and_a_justified_quotation_does_not():
    from stages.shapes import code_line_flags
    from stages.unwrap import _indented_verse

    body = [("Body text of the page runs on and on, as the text of a page does.", 72, 360)] * 6
    song = [
        ("      Meet me down at Cedar Landing,", 100, 228),
        ("      where the lanterns string the pier;", 100, 228),  # no SQL in a proportional font
        ("      bring your dancing shoes and your last half-dime,", 100, 289),
        ("      and she won’t be back this year.", 100, 222),
    ]
    quote = [  # justified to its own measure: every line but the last ends full
        ("    Lit the lamps at sunset, twelve in number. Trimmed at nine, at", 90, 342),
        ("    midnight and at three. The north reflector much fouled by", 90, 342),
        ("    smoke from the burner, which was taken down and cleaned.", 90, 300),
    ]
    lines = _pdf_lines([*body, ("", 0, 0), *song, ("", 0, 0), *quote])
    code = code_line_flags(lines)
    assert not any(code)
    flags = _indented_verse(lines, code)
    assert flags[7:11] == [True] * 4 and not any(flags[12:])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an OCR "--" at a line end joins tight, as a dash does
        (
            "deep enough to lap out--\nand hold the back.\n",
            "deep enough to lap out--and hold the back.\n",
        ),
        # a formula in words after a colon is displayed on its own
        (
            "A dog that is five per cent dehydrated may show only slightly tacky gums, and\n"
            "one that is ten or twelve per cent dehydrated will usually be showing shock.\n"
            "Once the percentage is known, the deficit follows directly from it:\n"
            "Deficit (ml) = body weight (kg) × % dehydration × 10\n"
            "For a 20 kg dog judged to be 8% dehydrated, the deficit is therefore large.\n",
            "A dog that is five per cent dehydrated may show only slightly tacky gums, and "
            "one that is ten or twelve per cent dehydrated will usually be showing shock. "
            "Once the percentage is known, the deficit follows directly from it:\n\n"
            "Deficit (ml) = body weight (kg) × % dehydration × 10\n\n"
            "For a 20 kg dog judged to be 8% dehydrated, the deficit is therefore large.\n",
        ),
    ],
)
def test_breaks_a_text_export_hides(text, expected):
    assert body(text) == expected


def test_glossary_with_hanging_indents_keeps_one_entry_per_paragraph():
    text = (
        "biscuit Clay fired once, before it is glazed, usually to about\n"
        "   950 degrees. Biscuit ware is porous and takes up a glaze.\n"
        "blushing A pink or red flush where copper in a glaze has been\n"
        "   reduced in the kiln; prized on some pieces, a fault on\n"
        "   others.\n"
        "celadon A grey-green stoneware glaze coloured by a little iron\n"
        "   and fired in reduction.\n"
        "craze A network of fine cracks in a glaze that has shrunk more\n"
        "   than the body beneath it.\n"
    )
    paras = clean_text(text).body.strip().split("\n\n")
    assert [p.split()[0] for p in paras] == ["biscuit", "blushing", "celadon", "craze"]
    assert paras[1].endswith("a fault on others.")


def test_centred_formula_stands_apart_and_statement_starts_a_paragraph():
    text = (
        "The arrival rate and the service rate give the utilisation of the server,\n"
        "                     ρ = λ / μ, (3.4)\n"
        "which must be less than one for the line to stay finite. The key results\n"
        "are collected in the following theorem, which the section then proves.\n"
        "Theorem 3.2. In a stable queue the mean number of customers in the system\n"
        "is L = ρ / (1 − ρ), and the mean time a customer spends in it is W.\n"
    )
    paras = clean_text(text).body.strip().split("\n\n")
    assert [p.split()[0] for p in paras] == ["The", "ρ", "which", "Theorem"]


def test_lines_that_are_whole_paragraphs_stay_apart():
    # a converter's reflow: every line a paragraph, one cut by a page break and its head
    long = "The fruit wants sun, shelter and a soil that holds water without lying wet. " * 4
    text = f"{long.strip()}\nChoosing a site\n{long}and the\n\fflowers open early. {long.strip()}\n"
    paras = clean_text(text).body.strip().split("\n\n")
    assert paras[1] == "Choosing a site"
    assert "and the flowers open early." in paras[2]


def test_speeches_of_a_play_start_paragraphs():
    text = (
        "NELL. It is open. It has been open since the fourth of March and\n"
        "nobody has come in.\n"
        "(TOMAS comes in, shaking rain off his hat.)\n"
        "TOMAS. You could lock it, you know. Nobody would blame you.\n"
        "NELL. The charter says a weighing house stands open from first light.\n"
        "TOMAS. Is that what you are doing?\n"
        "NELL. No.\n"
        "TOMAS. Then what is that for?\n"
    )
    paras = clean_text(text).body.strip().split("\n\n")
    assert [p.split()[0] for p in paras] == [
        "NELL.",
        "(TOMAS",
        "TOMAS.",
        "NELL.",
        "TOMAS.",
        "NELL.",
        "TOMAS.",
    ]


def test_numbered_formula_stands_apart_and_a_stanza_keeps_its_lines():
    text = (
        "Hall's condition asks that every set of vertices has enough neighbours, so\n"
        "|N(S)| ≥ |S| for every S ⊆ X. (3.4)\n"
        "Condition (3.4) is clearly necessary, and the theorem says it suffices.\n"
        "\n"
        "The wind comes in from the west with its hands full\n"
        "of somebody else’s rain,\n"
        "and the ash tree, which has heard all this before,\n"
        "says it again.\n"
        "\n"
        "The poem is slight by the standards of what followed, and she knew it.\n"
    )
    paras = clean_text(text).body.strip().split("\n\n")
    assert paras[1] == "|N(S)| ≥ |S| for every S ⊆ X. (3.4)"
    assert paras[2].startswith("Condition (3.4)")
    assert paras[3].split("\n")[1] == "of somebody else’s rain,"


def test_ingredients_listing_and_dialogue_keep_their_lines_and_speeches():
    text = (
        "This is the pickle I make most often, and the clove is, I think, essential.\n"
        "750 g small beetroot, well scrubbed\n"
        "1 red onion, thinly sliced\n"
        "1 ½ tsp fine sea salt\n"
        "2 cloves\n"
        "\n"
        "Town Museum\n"
        "\n"
        "Marktplatz 11\n"
        "Tue-Sun 10am-6pm, Thu until 8pm; closed Mon\n"
        "€7, students €4, under-12s free\n"
    )
    paras = clean_text(text).body.strip().split("\n\n")
    assert paras[1].split("\n") == [
        "750 g small beetroot, well scrubbed",
        "1 red onion, thinly sliced",
        "1 ½ tsp fine sea salt",
        "2 cloves",
    ]
    assert paras[3].split("\n")[0] == "Marktplatz 11"


def test_dialogue_opens_paragraphs_in_fiction():
    speech = [
        "“I believe you,” said the boy. “I just don’t believe the trains.”",
        "The old man looked at him for a long time before he answered him.",
        "“You don’t believe me,” the old man said, and laughed about it.",
    ] * 3
    paras = clean_text("\n".join(speech) + "\n").body.strip().split("\n\n")
    assert len(paras) == 9


def test_numbered_paragraphs_of_a_manual_and_a_number_broken_at_its_hyphen():
    text = (
        "3.1.1 An anchor may be natural or placed, and natural anchors are preferred\n"
        "where they are clearly adequate (see Figure 3-\n"
        "2). They are quicker to rig.\n"
        "3.1.2 Every rope system has three parts: the anchor, the system itself\n"
        "(the rope, the friction device and the connectors) and the load.\n"
        "3.1.3 When assessing a natural anchor, check that the sling will run\n"
        "3.1.4 Trees used as anchors must be alive.\n"
    )
    paras = clean_text(text).body.strip().split("\n\n")
    assert [p.split()[0] for p in paras] == ["3.1.1", "3.1.2", "3.1.3", "3.1.4"]
    assert "(see Figure 3-2)." in paras[0]
    assert "the system itself (the rope" in paras[1]


def test_caption_without_a_stop_and_a_table_whose_columns_collapsed():
    text = (
        "In both cases consumer prices rose by a good deal less than that.\n"
        "Table 3.1 Exchange rate, import prices and consumer prices in the\n"
        "first year after each devaluation (per cent)\n"
        "1983 1997–98\n"
        "Fall in trade-weighted exchange rate 18.0 22.1\n"
        "Rise in import price index 8.4 9.7\n"
        "Rise in consumer price index 3.1 4.2\n"
        "Source: National Statistics Office, Price Bulletin.\n"
    )
    paras = clean_text(text).body.strip().split("\n\n")
    assert paras[1] == (
        "Table 3.1 Exchange rate, import prices and consumer prices in the "
        "first year after each devaluation (per cent)"
    )
    assert paras[2].split("\n")[1] == "Fall in trade-weighted exchange rate 18.0 22.1"
    # prose that ends in one figure, or a table caption in running text, is no table
    prose = (
        "The trade-weighted rate fell by 18.0 per cent in 1983 and by 22.1 per cent\n"
        "in 1997, while import prices rose by 8.4 and 9.7 per cent in the same years.\n"
    )
    assert "\n" not in clean_text(prose).body.strip()


def test_rhymed_lines_set_in_keep_their_lines():
    # PDF lines of alike width set in from the text, each ending at a stop or a comma
    from pipeline.document import Geom, Line
    from stages.unwrap import _indented_verse

    def line(text, x0, x1):
        return Line(text, 1, Geom(x0, 0.0, x1, 10.0, 10.5))

    body = [line("The foreman read it aloud in the voice of a boy at school, and", 54, 316)] * 6
    verse = [
        line("      Flour from the mill and salt from the sea,", 84, 258),
        line("      water from the well at the foot of the lea;", 84, 256),
        line("      whoever finds this, the shop goes to thee –", 84, 262),
        line("      but only if the bread is out by three.", 84, 234),
    ]
    quote = [
        line("      Flour from the mill and salt from the sea and", 84, 258),
        line("      water from the well at the foot of the lea as", 84, 256),
        line("      whoever finds this, the shop goes to thee by", 84, 262),
        line("      but only if the bread is out by three.", 84, 234),
    ]
    assert _indented_verse(body + verse, [False] * 10) == [False] * 6 + [True] * 4
    assert _indented_verse(body + quote, [False] * 10) == [False] * 10


def test_a_table_page_inside_a_paragraph_follows_the_paragraph():
    full = "The line ran down the valley to the harbour and carried slate all year, and\n"
    text = (
        full * 4 + "the last train was hauled by the Eirwen, then fifty-nine years\n"
        "\f"
        "Table 4.1. Down passenger trains, summer 1912.\n"
        "Station   Miles   Quarry   Evening\n"
        "Chwarel Ddu   0   7.05   5.40\n"
        "Pont Eirwen   3½   7.31   6.05\n"
        "\f"
        "old and by some way the oldest working locomotive in Wales.\n"
        "   Much of the trackbed survives as a footpath, and the station building\n"
        "at Pont Eirwen is a private house.\n"
    )
    paras = clean_text(text).body.strip().split("\n\n")
    assert paras[0].endswith(
        "fifty-nine years old and by some way the oldest working locomotive in Wales."
    )
    assert paras[1] == "Table 4.1. Down passenger trains, summer 1912."
    assert paras[3].startswith("Much of the trackbed")


def test_a_dash_that_goes_on_with_the_sentence_is_no_list_item():
    text = (
        "The two engines that arrived in 1875 – the Eirwen and the Gwenllian\n"
        "– were saddle tanks of a type that had been sketched for the Breton lines.\n"
        "They needed:\n"
        "– heavier rail;\n"
        "– a longer shed.\n"
    )
    paras = clean_text(text).body.strip().split("\n\n")
    assert paras[0].startswith("The two engines") and "Gwenllian – were saddle" in paras[0]
    assert paras[-1].split("\n") == ["– heavier rail;", "– a longer shed."]


def test_caption_set_apart_runs_to_the_blank_line_and_with_hyphen_breaks():
    text = (
        "   The change is better understood as a matter of market, not of with-\n"
        "drawing from it, as the older literature would have it.\n"
        "\n"
        "Plate 15. Joris Aldenweert, Quinces on a Pewter Plate, c. 1663.\n"
        "Oil on oak panel, 38.5 × 29 cm. Antwerp, Museum Mayer van den Bergh.\n"
        "\n"
        "   In the 1660s the guild admitted more still-life painters than ever.\n"
    )
    paras = clean_text(text).body.strip().split("\n\n")
    assert "not of withdrawing from it" in paras[0]
    assert paras[1].endswith(
        "c. 1663. Oil on oak panel, 38.5 × 29 cm. Antwerp, Museum Mayer van den Bergh."
    )


def test_block_quote_in_a_justified_layout_export_is_prose_not_code():
    text = (
        "The  inscription  on  the  back  of  the  panel  is  worth  quoting  in  full,\n"
        "since  it  has  been  misread  in  every  catalogue  since  the  last  century:\n"
        "\n"
        "    Dit  stuck is gemaeckt  by  Joris  Aldenweert  in  Antwerpen\n"
        "    anno  1661  ende  vercocht  aen  Sr.  Pieter  de  Wale  voor\n"
        "    xxiiij gulden.\n"
        "\n"
        "The  price  was  low  even  for  a  small  panel,  and  the  buyer  a  dealer.\n"
    )
    paras = clean_text(text).body.strip().split("\n\n")
    assert paras[1] == (
        "Dit stuck is gemaeckt by Joris Aldenweert in Antwerpen anno 1661 ende vercocht "
        "aen Sr. Pieter de Wale voor xxiiij gulden."
    )


def test_a_numbered_heading_set_large_at_a_page_foot_is_no_footnote():
    from pipeline.document import Geom, Line
    from stages.unwrap import split_footnotes

    def line(text, size, top):
        return Line(text, 1, Geom(60.0, top, 500.0, top + size, size))

    body = [
        line("Its local control station is tested before work begins.", 10.5, 100 + 14 * k)
        for k in range(6)
    ]
    heading = [
        line("", 10.5, 190),
        line("3 System Description", 14.0, 200),
        line("The plant is an indirect system.", 10.5, 220),
    ]
    kept, notes = split_footnotes(tuple(body + heading))
    assert notes == [] and kept[-1].text == "The plant is an indirect system."
    small = [line("", 10.5, 190), line("3 The plant is described in Chapter 3.", 8.0, 200)]
    kept, notes = split_footnotes(tuple(body + small))
    assert [n[0].text for n in notes] == ["3 The plant is described in Chapter 3."]


def test_heading_after_a_finished_list_item_and_no_dialogue_rule_with_indents():
    text = (
        "• Most magma forms where the crust is stretched and the mantle rises, and is\n"
        "  exposed by erosion.\n"
        "Review Questions\n"
        "1. Why does most melting happen beneath ridges?\n"
    )
    paras = clean_text(text).body.strip().split("\n\n")
    assert paras[1] == "Review Questions"
    novel = "".join(
        "   The frost had come early that year and the river was white from bank to\n"
        "bank by the first week, so that the watermen sat idle. “Harker’s marked it\n"
        "out already,” said Tom, and nobody answered him for a while after that.\n"
        for _ in range(6)
    )
    paras = clean_text(novel).body.strip().split("\n\n")
    assert len(paras) == 6  # paragraphs open with an indent: a speech inside one stays


def test_a_letters_salutation_stands_on_its_own_line():
    text = "14 Orchard Row\n\nDear Meg,\nYour mother says you have taken the job at the mill, and I am glad of it.\n"
    paras = clean_text(text).body.strip().split("\n\n")
    assert "Dear Meg," in paras and paras[-1].startswith("Your mother says")
    prose = "He wrote to her often, and dear as she was to him,\nHe never said so in a letter.\n"
    assert "\n\n" not in clean_text(prose).body.strip()


def test_a_bullet_on_a_line_of_its_own_goes_with_its_text():
    text = "The main types are these:\n•\n\nPort-hand marks: red, can-shaped.\n•\n\nStarboard-hand marks: green.\n\n*\n\nThe next part.\n"
    paras = clean_text(text).body.strip().split("\n\n")
    assert paras[1].split("\n") == [
        "• Port-hand marks: red, can-shaped.",
        "• Starboard-hand marks: green.",
    ]
    assert "*" in paras  # a lone asterisk (a scene break) is no bullet


def test_a_caption_set_apart_does_not_swallow_the_paragraph_after_it():
    text = (
        "Some text before it, a full line of prose that goes on and ends here at last.\n"
        "\n"
        "Figure 3.2 The bridge in 1902.\n"
        "The next paragraph starts right under the caption and runs on for several lines of\n"
        "text that belong to the body of the book and not to the caption at all, as it goes\n"
        "on and on, line after line, and line after line, until it stops here at last.\n"
        "Another line follows on the next line of the same paragraph and so on and on.\n"
    )
    paras = clean_text(text).body.strip().split("\n\n")
    assert paras[1] == "Figure 3.2 The bridge in 1902."
    assert paras[2].startswith("The next paragraph")


def test_pdf_line_ends_its_paragraph_where_the_next_word_would_have_fitted_in_points():
    # In a PDF the room at a line's right is measured in points against the lines around
    # it: a field line well short of the measure ends its paragraph whatever the book's
    # lines count in characters, and a line that ends at the measure goes on.
    import itertools

    from stages.unwrap import UnwrapParams, _ends_paragraph, _room_right

    rows = [
        ("Cap 2–5 cm across, bell-shaped then convex, blood-red, smooth and dry to", 50, 381),
        ("Gills Adnate, thick and widely spaced, red with a yellow edge.", 50, 326),
        ("His band’s repertoire was wider than the word jazz suggests.", 50, 372),
        ("A typical evening included waltzes, popular songs of the day, a few", 50, 381),
    ]
    lines = _pdf_lines(rows)
    room = _room_right(lines, [False] * len(lines))
    p = UnwrapParams()
    # at 80 characters a full line, both short lines "fit" the next word; in points only
    # the field line has room for it
    pairs = itertools.pairwise(lines)
    ends = [_ends_paragraph(a, b, 80.0, p, room=room[id(a)]) for a, b in pairs]
    assert ends == [None, "next_word_fits", None]
    assert _ends_paragraph(lines[2], lines[3], 80.0, p) == "next_word_fits"  # no geometry
    # a quotation set to a narrower measure: its lines measure against each other
    quote = _pdf_lines([("    Lit the lamps at sunset, twelve in number. Trimmed at", 90, 342)] * 3)
    assert all(abs(r) < 1e-9 for r in _room_right(quote, [False] * 3).values())


def test_a_wrapped_table_cell_goes_on_its_row_and_a_paragraph_after_the_table_does_not():
    prose = (
        "The spore print is the surest guide to the genus, and the table below gives the\n"
        "colours that the common grassland genera leave on white paper overnight.\n\n"
    )
    table = (
        "Colour      Genus       Notes\n"
        "white       Marasmius   fairy ring champignon and its\n"
        "                        relatives\n"
        "chocolate   Agaricus    field and horse mushrooms; free gills\n"
        "brown\n"
        "black       Panaeolus   mottlegills; on dung and in rich turf\n"
    )
    after = "   The colours are those of a thick print, seen in daylight on white paper.\n"
    out = body(prose + table + after)
    assert "white       Marasmius   fairy ring champignon and its relatives\n" in out, out
    assert "free gills brown\nblack       Panaeolus" in out, out
    assert "\n\nThe colours are those of a thick print" in out, out


def test_a_footnote_follows_the_last_list_item_of_its_page():
    full = "Look for the signs below at every dressing change, and write down what you see\n"
    page1 = (
        full * 6 + "each time, in the same words, so that the next nurse can compare them.¹\n"
        "1. pain that is new or worse than at the last change\n"
        "2. spreading redness more than 2 cm beyond the wound edge\n"
        "3. heat and swelling of the surrounding skin\n"
        "¹ Odour is best judged after the wound has been cleaned with saline.\n"
    )
    page2 = (
        "4. a wound that stops healing, or breaks down, without another cause\n"
        "5. fever, raised heart rate or confusion in an older patient\n"
        "Any one of these is a reason to take a swab and to tell the doctor the same day.\n"
    )
    out = clean_text(page1 + "\f" + page2, sets=["rejoin_lines.notes='page_end'"]).body
    assert "surrounding skin\n\n¹ Odour is best judged" in out, out
    assert "with saline.\n\n4. a wound that stops healing" in out, out
    out = body(page1 + "\f" + page2)  # (by default, after the paragraph that calls it)
    assert "can compare them.¹\n\n¹ Odour is best judged" in out, out
    assert "with saline.\n\n1. pain that is new" in out, out


def test_a_list_set_in_with_a_wrapped_item_is_no_verse():
    from pipeline.document import Line
    from stages.unwrap import _indented_verse

    body = [Line("Body text of the page runs on and on, as the text of a page does.", 1)] * 6
    items = [  # short items ending at a stop, as rhymed lines do
        Line("     – a queue that grows over a week,", 1),
        Line("       slowly;", 1),
        Line("     – a queue that comes and goes.", 1),
    ]
    verse = [
        Line("     Meet me down at Cedar Landing,", 1),
        Line("     where the lanterns string the pier;", 1),
        Line("     bring your dancing shoes and your last half-dime,", 1),
        Line("     and she won’t be back this year.", 1),
    ]
    assert _indented_verse(body + items, [False] * 9) == [False] * 9
    assert _indented_verse(body + verse, [False] * 10) == [False] * 6 + [True] * 4


def test_one_space_first_line_indents_mark_paragraphs_and_verse_lines():
    # pypdf writes a first-line indent as one space; verse quoted in the prose comes out
    # with one space before every line but the first, and a long verse line turned over
    # mid-clause goes on.
    paras = [
        " The stanza is a loose quatrain, unrhymed, with lines of eleven or",
        "twelve syllables that never settle into a regular metre. What holds",
        "it together is syntax, and the syntax is held open by a chain of ands.",
        " The second stanza turns from the land to the people on it, and its",
        "rhythm changes accordingly. Nobody runs is the shortest sentence.",
    ]
    verse = [
        "It comes in from the west the way a rumour comes,",
        " low, without hurry, certain of its welcome,",
        " and the dykes take it, and the willows take it,",
        " and the long field turns its face up like a plate.",
    ]
    out = body("\n".join(paras * 3 + verse + paras) + "\n")
    assert "chain of ands.\n\nThe second stanza turns" in out, out
    assert "its welcome,\n\nand the dykes take it" in out or "its welcome,\nand the dykes" in out
    assert "eleven or twelve syllables" in out


def test_a_number_after_a_full_line_broken_off_goes_on_with_the_sentence():
    text = (
        "This handbook covers the KL-4 data logger with firmware 2.8 and the klcfg tool, version\n"
        "3.2. Chapter 1 describes the logger, chapters 2 to 4 follow the order of a deployment,\n"
        "and chapter 5 deals with problems. Appendix A lists the error codes in full.\n"
        "Before you start, check the parts:\n"
        "1. The logger itself, with its battery cover fitted.\n"
        "2. The sensor cables, one for each channel in use.\n"
    )
    out = body(text)
    assert "the klcfg tool, version 3.2. Chapter 1 describes" in out, out
    sums = (
        "2.1 (a) The range is the largest value less the smallest one, here 60 – 49 =\n"
        "11. (b) In the second sample the range is wider, and the spread shows it.\n"
    )
    intro = "Answers to the exercises of the chapter follow, with the working shown.\n\n"
    assert "60 – 49 = 11. (b) In the second" in body(intro + sums)
    assert "check the parts:\n\n1. The logger itself" in out or "parts:\n1. The logger" in out


def test_pdfium_hyphen_marks_are_line_end_hyphens_decided_on_evidence():
    # PDFium's get_text_range writes a line-end hyphen as U+FFFE and joins the printed
    # lines on either side of it into one line of text
    text = (
        "Attention is not a searchlight that the mind turns on things at will, and\n"
        "the older accounts of it, which treat it as a filter on what we perceive, have\n"
        "been criticised for some time by those who study the crafts; their charge is\n"
        "that the filter model, as its critics have long maintained against it, con\ufffe"
        "fuses the virtues of a perceiver with the virtues of an agent, one who\n"
        "is thought to have looked at the case in hand and already to have half\ufffe"
        "formed a judgement of it, or of the people concerned, well before\n"
        "she has looked at it, which is the very thing at issue in this chapter.\n"
    )
    out = body(text)
    assert "against it, confuses the virtues" in out, out
    assert "to have half-formed a judgement" in out, out
    assert "\ufffe" not in out


def test_a_listing_keeps_its_lines_and_a_list_or_a_caption_is_no_listing():
    prose = (
        "The museum in the old shipyards is the most interesting in the town, and the\n"
        "one to see first if the weather turns and the beaches empty for the day.\n\n"
    )
    listing = (
        "Museu del Port\nCarrer de les Drassanes 12\ntel. 972 418 563\nTue–Sun 10:00–18:00;\n\n"
    )
    out = body(prose + listing + prose)
    assert "Museu del Port\nCarrer de les Drassanes 12\ntel. 972 418 563\nTue–Sun" in out, out
    items = "• 2 kg chicken wings\n• 2 onions, halved\n• 1 large carrot, cut up\n\n"
    out = body(prose + items + prose)
    assert "• 2 kg chicken wings\n• 2 onions, halved\n• 1 large carrot, cut up" in out, out
    table = "Table 6.1 Tenon proportions\n\nStock   Tenon   Chisel\n19 mm   6 mm   ¼ in\n22 mm   8 mm   5/16 in\n\n"
    out = body(prose + table + prose)
    assert "Table 6.1 Tenon proportions\n\nStock" in out, out


def test_repeated_field_labels_open_paragraphs_after_a_finished_sentence():
    accounts = []
    for name in ("Shore Crab", "Velvet Crab", "Hermit Crab"):
        accounts.append(
            f"{name}\n\nIdentification: a broad shell with five teeth on each side of the eyes,\n"
            "and claws that are stout and unequal in the adult of the species.\n"
            "Size: body up to 8 cm across in the largest males of the shore.\n"
            "Habitat: rock pools and weed on every kind of shore, and estuaries.\n"
        )
    out = body("\n".join(accounts))
    assert "of the species.\n\nSize: body up to 8 cm" in out, out
    assert "of the shore.\n\nHabitat: rock pools" in out, out
    assert "eyes, and claws that are stout" in out, out


def test_field_labels_without_a_colon_that_recur_in_one_order_open_paragraphs():
    accounts = []
    for name, month in (("Shore Crab", "May"), ("Velvet Crab", "June"), ("Hermit Crab", "July")):
        accounts.append(
            f"{name}\n\nShell Broad, with five teeth on each side of the eyes, and claws\n"
            "that are stout and unequal in the adult of the species, as in others.\n"
            "Habitat Rock pools and weed on every kind of shore, and in estuaries.\n"
            f"Season {month} to October, later in the south in mild years than here.\n"
        )
    out = body("\n".join(accounts))
    assert "in estuaries.\n\nSeason May to October" in out, out
    assert "as in others.\n\nHabitat Rock pools" in out, out
    assert "the eyes, and claws that are stout" in out, out
    # two names that take turns at the lines' starts are no schema: the lines run on
    novel = (
        "It was late when they came back along the shore road from the town.\n"
        "Hannah Marlow had gone ahead with the lamp. The wind had dropped.\n"
        "Thomas Greer followed with the dog, which would not keep to the path.\n"
        "Hannah Marlow called to it twice. It came back, wet to the shoulder.\n"
        "Thomas Greer laughed at that, and for a moment nobody spoke at all.\n"
        "Hannah Marlow turned and said nothing, and they walked on together.\n"
        "Thomas Greer was the first to see the light in the window of the farm.\n"
        "Hannah Marlow stopped at the gate. They were home, and it was over.\n"
    )
    assert body(novel).count("\n") == 1, body(novel)


def test_a_word_hyphenated_at_the_line_end_goes_on_in_a_hanging_indent_block():
    lines = [
        "biscuit Clay fired once, before it is glazed; it is porous and takes",
        "   up water.",
        "celadon A grey-green glaze coloured by a little iron fired in a kiln",
        "   with little air.",
        "craze A network of fine cracks in a glaze that has shrunk.",
        "   It is called crackle when it is stained on purpose, and the",
        "   potter may leave the pot to wait in the refrig-",
        "erator for a day before the stain is rubbed in.",
        "dunting A crack through the body of a pot cooled too fast.",
    ]
    prose = (
        "The terms below are those a potter meets first, in the studio and in the books,\n"
        "set out in the order of the alphabet with a short account of each of them, and\n"
        "with the names that other workshops use for the same things where they differ.\n\n"
    )
    out = body(prose + "\n".join(lines * 2) + "\n")
    assert "wait in the refrigerator for a day" in out, out


def test_pdf_paragraphs_set_apart_by_extra_space_break_after_a_full_line():
    # A glossary or a manual that sets its paragraphs apart with a little more space than
    # it leaves between lines: a full last line that ends a sentence still ends its entry.
    # The same lines at the usual spacing go on.
    import itertools

    from pipeline.document import Geom, Line
    from stages.unwrap import UnwrapParams, _ends_paragraph, _usual_gaps

    words = [
        "continuous variable A numerical variable that can take any value within a range.",
        "correlation coefficient A number between one and minus one that measures the",
        "strength of a straight-line relationship between two numerical variables.",
        "It is written r and has no units, whatever the units of the data may be.",
    ]

    def lines(extra):
        out, top = [], 100.0
        for k in range(12):
            text = words[k % 4]
            out.append(Line(text, 1, Geom(62.0, top, 428.0, top + 11.0, 11.0)))
            top += 15.2 + (extra if k % 4 in (0, 3) else 0.0)
        return out

    p = UnwrapParams()
    spaced = lines(4.0)
    gaps = _usual_gaps(spaced, [False] * 12)
    assert gaps == {22: pytest.approx(4.2)}
    ends = [
        _ends_paragraph(a, b, 80.0, p, usual_gap=gaps[22]) for a, b in itertools.pairwise(spaced)
    ]
    assert ends[:4] == ["paragraph_space", None, None, "paragraph_space"]
    tight = lines(0.0)
    gaps = _usual_gaps(tight, [False] * 12)
    assert [
        _ends_paragraph(a, b, 80.0, p, usual_gap=gaps[22]) for a, b in itertools.pairwise(tight)
    ] == [None] * 11


def test_a_letters_address_and_closing_keep_their_lines():
    text = (
        "14 Garnet Street,\nGlasgow.\n\nDear Nan,\nThe work at the yard is hard but the men are "
        "kind, and I have a bed near the stove, which is more than most can say this winter.\n"
        "Your affectionate brother,\nRobert.\n"
    )
    paras = clean_text(text).body.strip().split("\n\n")
    assert paras[:2] == ["14 Garnet Street,", "Glasgow."]
    assert paras[-2:] == ["Your affectionate brother,", "Robert."]
    # a clause that opens like a closing goes on with its sentence
    prose = (
        "The boats went out at dawn, and with the tide running hard and the wind behind them,\n"
        "With the tide running,\nthe boats went out.\n"
    )
    assert "\n\n" not in clean_text(prose).body.strip()


def test_a_listing_whose_indents_the_export_cut_to_one_space_keeps_its_lines():
    # PDFium's text sets every indented line of a listing in by one space only
    listing = [
        "def merge(*layers: dict) -> dict:",
        " result = {}",
        " for layer in layers:",
        ' # later layers win; None means "not given"',
        " result.update({k: v for k, v in layer.items()",
        " if v is not None})",
        " return result",
    ]
    prose = (
        "The merge() function treats None as not given, which matters for the last layer,\n"
        "the command-line flags, because argparse fills in None for every option the user\n"
        "did not type on the command line.\n"
    )
    other = [
        "def from_env(environ=os.environ) -> dict:",
        " found = {}",
        " for key, value in environ.items():",
        " if not key.startswith(PREFIX):",
        " continue",
        " found[key.lower()] = value",
        " return found",
    ]
    out = body(prose + "\n".join(other) + "\n" + prose + "\n".join(listing) + "\n" + prose)
    assert "\n".join(ln.strip() for ln in listing) in "\n".join(
        ln.strip() for ln in out.splitlines()
    ), out
    # where one space marks each paragraph's first line, a paragraph after code is prose
    paras = " A first paragraph runs on over two lines of text here and\nends here.\n" * 4
    out = body("x = f(1)\n y = g(2)\n z = h(3)\n" + paras)
    assert "A first paragraph runs on over two lines of text here and ends here." in out, out


def test_items_numbered_by_bare_numbers_that_count_up_open_paragraphs():
    text = (
        "Each entry in the books is given a code from 0 to 3 by the reader, as follows here:\n"
        "0 ringing took place and no weather is\nmentioned;\n"
        "1 ringing took place, but the weather is\nnoted as making it difficult;\n"
        "2 ringing was attempted and abandoned\nbecause of the weather;\n"
        "3 the ringers could not reach the tower.\n"
    )
    paras = clean_text(text).body.strip().split("\n\n")
    assert paras[1:] == [
        "0 ringing took place and no weather is mentioned;",
        "1 ringing took place, but the weather is noted as making it difficult;",
        "2 ringing was attempted and abandoned because of the weather;",
        "3 the ringers could not reach the tower.",
    ]
    # numbers that a sentence breaks onto line starts do not count up: prose goes on
    prose = (
        "The society met every week through the winter and by the spring of that year it had\n"
        "12 members, of whom the oldest had rung at the tower since the year when it was rehung,\n"
        "13 years before, and the youngest had joined only a few weeks before the peal was rung.\n"
    )
    assert "\n\n" not in clean_text(prose).body.strip()


def test_a_blank_line_inside_a_sentence_is_an_extractors_cut_not_a_paragraph():
    text = (
        "You are not to think about the guinea any more than you can help. I am thinking\n\n"
        "about it, which is enough for the family. The inspector asked where the compo-\n\n"
        "sition was.\n\nA new paragraph starts here and goes on to its end.\n"
    )
    result = clean_text(text)
    paras = result.body.strip().split("\n\n")
    assert len(paras) == 2 and "I am thinking about it" in paras[0]
    assert "the composition was." in paras[0]
    # each blank line dropped is a judgement call in the edit log, with its evidence
    cuts = logged(result, "blank_inside_sentence")
    assert [(e.evidence["line_ends"], e.evidence["next_word"]) for e in cuts] == [
        ("thinking", "about"),
        ("compo-", "sition"),
    ]
    # a sentence that ends, a heading, or a formula set apart: the blank line stays
    kept = "It ends here.\n\nand then a lower-case start.\n\nL − ε < aN ≤ an ≤ L,\n\nand so on.\n"
    assert len(clean_text(kept).body.strip().split("\n\n")) == 4


def test_free_verse_in_lower_case_keeps_its_lines_and_a_narrow_box_of_prose_does_not():
    prose = (
        "The last poem in the section was written on the back of a timetable in the hall of\n"
        "the ferry terminal, and it keeps the look of the departures board it describes. Its\n"
        "lines are the board's lines, and its silences are the waits between them, which is\n"
        "why the editors of the first anthology that printed it set it in a narrow column of\n"
        "its own and left the lines exactly as the poet had written them on the timetable.\n"
    )
    poem = [
        "nine-fifteen to the islands",
        "cancelled",
        "ten o’clock to the mainland",
        "delayed",
        "my father in his good coat",
        "reading it twice",
        "as if the words",
        "might change their minds",
    ]
    # no blank lines around the stanza: pdftotext's default output runs it on
    out = body(prose + "Departures Board, 1962\n" + "\n".join(poem) + "\n" + prose)
    assert "\n".join(poem) in out, out
    # rhymed lines of a length with the prose's, ending where their phrases end
    stanza = [
        "Sixpence the crossing and a penny the dog,",
        "and nothing at all for the dead;",
        "I have carried the parson, the squire and the hog,",
        "and the bride with a wreath on her head.",
        "The river runs brown and the river runs grey",
        "and it never runs twice the same,",
    ]
    narrow = (  # set to the measure of the book: lines as long as the verse's longest
        "Aske kept the ferry at Callow Reach for thirty-one years,\n"
        "and his verses were written on the backs of the tickets he\n"
        "sold to the people who crossed with him. A schoolmaster who\n"
        "used the crossing copied out about forty of them in 1896,\n"
        "and the copy-book is the only source for most of the poems.\n"
    )
    out = body(narrow + "The Ferryman\n" + "\n".join(stanza) + "\n" + narrow)
    assert "\n".join(stanza) in out, out
    box = (
        "Remember that a number is not\nalways numerical data: the\npostcode and the "
        "phone number\nare labels, so they are both\ncategorical, however they\nare written.\n"
    )
    out = body(prose + "\n" + box + "\n" + prose)
    assert "Remember that a number is not always numerical data: the postcode" in out, out
    assert "the timetable. The last poem" not in out  # (the prose keeps its paragraphs)


def test_a_heading_after_a_full_line_that_ends_a_sentence_stands_apart():
    # flush-left text with no blank lines: the heading's own shape and the line after it
    # tell it from the paragraph's last line
    text = (
        "The discipline of regard, as I shall call it, is thus neither a purely intellectual\n"
        "virtue nor a moral one, and it is the subject of the rest of the book, chapter by.\n"
        "Notes\n"
        "1. Irmgard Seel, Vom Hinsehen: Drei Versuche (Leipzig, 1931), pages 3 to 40 and on.\n"
    )
    paras = clean_text(text).body.strip().split("\n\n")
    assert paras[1] == "Notes", paras
    # a sentence's opening words broken onto a short line go on with it
    text = (
        "The discipline of regard, as I shall call it, is thus neither a purely intellectual\n"
        "virtue nor a moral one, and it is the subject of the rest of the book, chapter by.\n"
        "The Ferry House\nand the quay were both rebuilt in the years after the great flood.\n"
    )
    assert "chapter by. The Ferry House and the quay" in clean_text(text).body


def test_pdf_line_that_ends_no_sentence_ends_its_paragraph_where_the_next_word_fitted():
    # a heading that runs into no sentence: the room at its right, in points, tells
    from stages.unwrap import UnwrapParams, _ends_paragraph, _room_right

    rows = [
        ("and the standard deviation follows from the variance in the usual way", 46, 328),
        ("Example 4.3 Heads in three tosses, continued", 46, 274),
        ("Solution. With the mean from Example 4.1, the expected square is three", 46, 328),
        ("so the variance is three quarters and the deviation follows from it", 46, 328),
        ("as the square root of the variance, and the example is done with that", 46, 328),
    ]
    lines = _pdf_lines(rows)
    room = _room_right(lines, [False] * len(lines))
    p = UnwrapParams()
    # (at 60 characters a full line, the heading is too long for the rule in characters)
    assert _ends_paragraph(lines[1], lines[2], 60.0, p) is None
    assert _ends_paragraph(lines[1], lines[2], 60.0, p, room=room[id(lines[1])]) == (
        "next_word_fits"
    )
    # a full line that ends no sentence goes on; so does one before a lower-case word
    assert _ends_paragraph(lines[2], lines[3], 80.0, p, room=room[id(lines[2])]) is None
    short = _pdf_lines([("the deviation that it follows from", 46, 230), *rows[2:]])
    room = _room_right(short, [False] * len(short))
    assert _ends_paragraph(short[0], short[1], 80.0, p, room=room[id(short[0])]) is None
    lower = _pdf_lines([("a heading of sorts", 46, 180), ("and so on with the text", 46, 328)])
    assert _ends_paragraph(lower[0], lower[1], 80.0, p, room=50.0) is None


def test_a_table_under_its_caption_and_a_solution_after_an_example_heading():
    from pathlib import Path

    from pipeline import clean_file

    pdf = (
        Path(__file__).resolve().parent.parent / "fixtures/probe9/textbook-equations-pdf/input.pdf"
    )
    paras = clean_file(pdf).body.split("\n\n")
    caption = "Table 4.1 The number of heads in three tosses of a fair coin"
    k = paras.index(caption)
    assert paras[k + 1].split() == "x 0 1 2 3 p(x) 1/8 3/8 3/8 1/8".split()
    assert "\n" in paras[k + 1]  # the rows keep their lines
    assert "Example 4.3 Heads in three tosses, continued" in paras


def test_an_epigraphs_source_stands_apart_from_the_text_after_it():
    text = (
        "Trade is a tide that waits for no man, and I have never seen it turn for my brother.\n"
        "— Matthias Vellacott to Josiah Vellacott, 19 December 1825, from the letter-books\n"
        "When Josiah Vellacott stepped ashore at Port Ellery in the spring of 1812 he owned a\n"
        "sea chest, two shirts and a debt of forty pounds to his uncle in the town of Falmouth.\n"
    )
    result = clean_text(text)
    paras = result.body.strip().split("\n\n")
    assert paras[1].startswith("— Matthias") and paras[2].startswith("When Josiah"), paras


def test_a_heading_between_sentences_is_logged_with_its_evidence():
    text = (
        "The discipline of regard, as I shall call it, is thus neither a purely intellectual\n"
        "virtue nor a moral one, and it is the subject of the rest of the book, chapter by.\n"
        "Notes\n"
        "1. Irmgard Seel, Vom Hinsehen: Drei Versuche (Leipzig, 1931), pages 3 to 40 and on.\n"
    )
    ends = [e for e in clean_text(text).edits if e.rule == "paragraph_end"]
    assert any(e.evidence["reason"] == "heading" and e.after.endswith("Notes") for e in ends)


GAP_CUT = (
    "sack (sak) n. 1. A bag of malt or\n\ngrain, formerly of jute, holding\nby\ncustom\nfour\n"
    "bushels\nor\nabout 75 kg. 2. In older ac-\ncounts, a strong sweet wine\n"
)


def test_one_word_lines_of_a_line_cut_at_wide_gaps_are_one_line_again():
    body = clean_text(GAP_CUT).body
    assert "holding by custom four bushels or about 75 kg. 2. In older accounts, a strong" in body
    assert "sack (sak) n. 1. A bag of malt or grain," in body  # (a blank line mid-sentence)


@pytest.mark.parametrize(
    "text",
    [
        # a list of single words: no function word among them
        "You will need these herbs:\nparsley\nthyme\nsage\nrosemary\n\nChop them finely.\n",
        # a one-word line that ends its sentence, then a list
        "It was over.\nEnd.\nNext.\n",
    ],
)
def test_one_word_lines_that_are_no_cut_line_keep_their_lines(text):
    result = clean_text(text)
    assert not logged(result, "gap_cut_line")


CELLS_ONE_PER_LINE = (
    "The sizes below need a saw and a square.\n"
    "Bed size\nLong sides\nShort sides\nPosts\nSoil\n"
    "1.2 × 1.2 m\n4 × 1.20 m\n4 × 1.15 m\n4 × 0.45 m\n0.43 m³\n"
    "2.4 × 1.2 m\n4 × 2.40 m\n4 × 1.15 m\n6 × 0.45 m\n0.86 m³\n"
    "Table 7.1. Timber and soil for a bed two boards high.\n"
)


def test_a_table_written_one_cell_to_a_line_is_put_back_in_rows():
    result = clean_text(CELLS_ONE_PER_LINE)
    assert "Bed size   Long sides   Short sides   Posts   Soil\n" in result.body
    assert "1.2 × 1.2 m   4 × 1.20 m   4 × 1.15 m   4 × 0.45 m   0.43 m³\n" in result.body
    assert [e.rule for e in result.edits].count("cells_to_rows") == 1


@pytest.mark.parametrize(
    "text",
    [
        # a list of quantities with no shape that repeats row by row
        "You need:\n2 eggs\n100 g flour\n1 tsp salt\n50 g butter\n3 apples\n1 lemon\n"
        "200 ml milk\n1 pinch nutmeg\n2 tbsp sugar\nMix them well.\n",
        # short lines of words alone: no figure to show a table
        "Colours:\nred\nblue\ngreen\nyellow\nblack\nwhite\ngrey\npink\nbrown\nAll done.\n",
    ],
)
def test_short_lines_that_are_no_table_keep_their_shape(text):
    assert not [e for e in clean_text(text).edits if e.rule == "cells_to_rows"]


def test_a_footnote_that_runs_on_to_the_next_page_is_one_note():
    from pipeline.document import Book, Geom, Line, Page, Source
    from pipeline.registry import StageLog, get_stages

    def ln(text, page, top, size):
        return Line(text, page, Geom(50, top, 300, top + size, size)) if text else Line("", page)

    body = [f"Body line {k} of the page runs on as a body line does" for k in range(8)]
    p1 = [ln(t, 1, 60 + 13 * k, 10) for k, t in enumerate(body)]
    p1[-1] = ln("and the contractor was dis-", 1, 60 + 13 * 7, 10)
    p1 += [
        ln("", 1, 0, 0),
        ln("2 In the money of the time the bricks were priced", 1, 440, 8),
        ln("by the thousand, and the minute records that it", 1, 450, 8),
    ]
    p2 = [ln("missed in December and sued the company.", 2, 58, 10)]
    p2 += [
        ln(f"More body text {k} runs on as a body line does here.3", 2, 71 + 13 * k, 10)
        for k in range(6)
    ]
    p2 += [
        ln("", 2, 0, 0),
        ln("allowed the price for one season only.", 2, 440, 8),
        ln("3 Committee minutes, 3 March. The lead was never found.", 2, 452, 8),
    ]
    book = Book(Source("x", "t", "pdf"), (Page(1, tuple(p1)), Page(2, tuple(p2))), 2)
    spec = get_stages()["rejoin_lines"]
    log = StageLog("rejoin_lines")
    texts = [b.text for b in spec.func(book, spec.params(), log).blocks]
    assert "the contractor was dismissed in December and sued the company." in texts[0]
    note = next(t for t in texts if t.startswith("2 In the money"))
    assert note.endswith("that it allowed the price for one season only.")
    assert not any(t.startswith("allowed the price") for t in texts)
    assert [e.rule for e in log.edits].count("note_continues") == 1


def test_long_notes_that_fill_much_of_the_page_and_run_over_are_set_aside_whole():
    # A monograph's notes: more than eight lines at the foot, on one page more lines in
    # the notes' size than in the text's, the last note broken off and finished overleaf
    # (lower case, above that page's own notes), while the text runs on mid-sentence.
    from pipeline.document import Book, Geom, Line, Page, Source
    from pipeline.registry import StageLog, get_stages

    def ln(text, page, top, size):
        return Line(text, page, Geom(50, top, 300, top + size, size)) if text else Line("", page)

    def page(num, text, notes):
        out = [ln(t, num, 60 + 13 * k, 10) for k, t in enumerate(text)]
        out.append(ln("", num, 0, 0))
        return tuple(out + [ln(t, num, 300 + 9.4 * k, 7.6) for k, t in enumerate(notes)])

    filler = "the rest of the body text on this page goes on as body text does,"
    p1 = page(
        1,
        ["The first page of the chapter sets out its case, and", *[filler] * 8,
         "and it cites the archive.4 It cites the guild too.5 The",
         "wardens kept their own"],
        ["4 Town archive, guild papers, box 12. The papers were listed in 1903 and",
         "have been consulted by every historian of the valley since, though few of",
         "them have read the wardens' hands with any care, and fewer still the clerks',",
         "which change twice in the decade and once more after the fire, when the",
         "registers were recopied from the surviving drafts by a single hand.",
         "5 On the guild, see the older survey by the town clerk, whose account is full",
         "but partial: it takes the wardens at their word on every point of dispute,",
         "and it says nothing at all of the dealings that never reached the",
         "register, which were, by his own",
         "admission, the greater part of"],
    )  # fmt: skip
    p2 = page(
        2,
        ["books, and the guild knew it.6 Nobody on the bench said",
         "so aloud, and the clerks wrote down what they were told",
         "to write and no more.7"],
        ["the town's trade in the years he describes.",
         "6 Guild register, fol. 64r. The entry is in the clerk's hand.",
         "7 Compare the practice in the lower valley, where the wardens kept two",
         "books, one for the assembly and one of their own, and trusted neither."],
    )  # fmt: skip
    book = Book(Source("x", "t", "pdf"), (Page(1, p1), Page(2, p2)), 2)
    spec = get_stages()["rejoin_lines"]
    log = StageLog("rejoin_lines")
    texts = [b.text for b in spec.func(book, spec.params(), log).blocks]
    assert texts[0].endswith(
        "The wardens kept their own books, and the guild knew it.6 Nobody on the bench said so "
        "aloud, and the clerks wrote down what they were told to write and no more.7"
    )
    assert texts[1].startswith("4 Town archive") and texts[2].startswith("5 On the guild")
    assert texts[2].endswith("the greater part of the town's trade in the years he describes.")
    assert texts[3:] == [
        "6 Guild register, fol. 64r. The entry is in the clerk's hand.",
        "7 Compare the practice in the lower valley, where the wardens kept two books, one "
        "for the assembly and one of their own, and trusted neither.",
    ]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "63. Sequence. What number\n    comes next: 2, 3, 5, 9, 17, …\n    ?\n\n64. Fruit.\n",
            "63. Sequence. What number comes next: 2, 3, 5, 9, 17, … ?",
        ),
        (
            "What number comes next in the row of numbers: 2, 3, 5, 9, 17, …\n?\n",
            "What number comes next in the row of numbers: 2, 3, 5, 9, 17, … ?",
        ),
    ],
)
def test_a_mark_alone_on_a_line_ends_the_line_before(text, want):
    assert want in clean_text(text).body


def test_a_narrow_pdf_box_is_judged_by_its_own_room_not_the_books_line_length():
    from pipeline.document import Book, Geom, Line, Page, Source
    from pipeline.registry import StageLog, get_stages

    body = [f"Body line {k} of the page runs on as a body line does, full." for k in range(8)]
    lines = [Line(t, 1, Geom(48, 60 + 12 * k, 284, 69.5 + 12 * k, 9.5)) for k, t in enumerate(body)]
    box = [
        "A fin is worth adding only",
        "when Bi = ht/k is well",
        "below 1. For a 1 mm",
        "steel fin in water (h ≈",
        "3000 W m−2 K−1) Bi ≈ 0.2.",
    ]
    widths = [83.4, 69.8, 68.4, 69.1, 70.7]
    lines += [Line("", 1)] + [
        Line(t, 1, Geom(296, 200 + 9.75 * k, 296 + w, 207.5 + 9.75 * k, 7.5))
        for k, (t, w) in enumerate(zip(box, widths, strict=True))
    ]
    book = Book(Source("x", "t", "pdf"), (Page(1, tuple(lines)),), 1)
    spec = get_stages()["rejoin_lines"]
    texts = [b.text for b in spec.func(book, spec.params(), StageLog("rejoin_lines")).blocks]
    assert (
        "A fin is worth adding only when Bi = ht/k is well below 1. For a 1 mm steel fin"
        in (texts[-1])
    )


@pytest.mark.parametrize(
    "title, joined",
    [
        ("Santa Eulàlia and the\nUpper Town", True),  # a title cannot end on "the"
        ("12  Tissue Fixation and\nProcessing", True),
        ("Appendix A\nError Codes", False),  # a label's letter, not the article
        ("Edited by\nMiriam Oduya", False),  # a byline keeps its lines
    ],
)
def test_heading_broken_off_on_a_linking_word_goes_on(title, joined):
    prose = (
        "The harbour front is busy in the morning, when the boats come in and the\n"
        "market opens on the quay; by noon it is quiet again until the evening.\n\n"
    )
    after = (
        "\nFrom the harbour the main street climbs steeply through the old part\n"
        "of the town, past the church and the market hall, to the upper square.\n"
    )
    out = body(prose + title + after)
    one = " ".join(title.split("\n")).replace("  ", " ")
    assert ("\n" + one + "\n" in out) is joined, out


def test_a_pdf_caption_at_the_top_of_the_next_column_runs_on_past_its_first_sentence():
    from pipeline.document import Book, Geom, Line, Page, Source
    from pipeline.registry import StageLog, get_stages

    body = [f"Body line {k} of the left column runs on as a body line does," for k in range(7)]
    body.append("and ends its paragraph at the column's foot.")
    lines = [
        Line(t, 1, Geom(48, 460 + 13.6 * k, 233, 470 + 13.6 * k, 10.5)) for k, t in enumerate(body)
    ]
    caption = [
        "Figure 4.1 A magma body rising through the crust.",
        "Melt collects along grain boundaries, joins into veins",
        "and finally ascends as a single mass.",
    ]
    lines += [
        Line(t, 1, Geom(249, 150 + 10 * k, 430, 158 + 10 * k, 8.0)) for k, t in enumerate(caption)
    ]
    lines += [Line("", 1), Line("The right column's text goes on below the figure.", 1,
                                Geom(249, 200, 433, 210, 10.5))]  # fmt: skip
    book = Book(Source("x", "t", "pdf"), (Page(1, tuple(lines)),), 1)
    spec = get_stages()["rejoin_lines"]
    texts = [b.text for b in spec.func(book, spec.params(), StageLog("rejoin_lines")).blocks]
    want = "Figure 4.1 A magma body rising through the crust. Melt collects along grain"
    assert any(t.startswith(want) for t in texts), texts


def test_a_remarks_number_on_a_line_of_its_own_goes_before_its_text():
    text = (
        "4\nTo attend to something is not to do a second thing alongside\nseeing it.\n\n"
        "4.1\nWe say that we were looking straight at it and did not notice\n"
        "it, and the sentence is not a contradiction.\n\n"
        "4.11\nIf noticing were a separate act, I could be asked how long it\ntook.\n"
    )
    out = body(text)
    assert out.startswith("4 To attend to something is not"), out
    assert "\n\n4.1 We say that we were" in out and "\n\n4.11 If noticing were" in out, out
    # a chapter's number over its title, with no decimals under it, stays apart
    chapter = "4\n\nFourth Series\n\nThe remarks of this series were written in two notebooks.\n"
    assert body(chapter).startswith("4\n\nFourth Series\n\n"), body(chapter)


def test_a_blank_line_inside_a_list_items_sentence_goes():
    text = (
        "There are cases, and we should keep them apart:\n\n"
        "(a) I notice something I was looking for (the key on\n\nthe shelf);\n\n"
        "(b) I notice something I was not looking for, because\n\n"
        "it is striking (the shout in the street).\n"
    )
    out = body(text)
    assert "(a) I notice something I was looking for (the key on the shelf);\n" in out, out
    assert "\n(b) I notice something I was not looking for, because it is striking" in out, out


@pytest.mark.parametrize(
    "item, turnover",
    [
        # a cross-reference that a line break put at a line's start is no heading
        ("(c) a visitor permit, for a vessel moored at a place designated under", "section 17 for a period not exceeding 14 days."),
        ("(1) Sections 5 to 9 do not apply to a vessel moored under a permit granted under", "Part 3 of the Rivers and Moorings Act 2021."),
    ],
)  # fmt: skip
def test_a_reference_broken_onto_a_list_items_next_line_stays_in_the_item(item, turnover):
    text = (
        "(1) The authority may grant—\n"
        "(a) a residential permit, for a vessel used as a home; and\n"
        f"{item}\n{turnover}\n"
        "(2) A permit may be granted for a period not exceeding twelve months.\n"
    )
    assert f"{item} {turnover}\n" in body(text), body(text)


def test_a_descent_chart_keeps_an_entry_to_a_line_with_its_turnovers_joined():
    chart = (
        "1 William Pellow (1815–1879), wheelwright, of Sheriton; d. at\n"
        "   Guelph, Ontario\n"
        "= Mary Dunn (1818–1884), m. at Callow 1838\n"
        "    2 Ellen Pellow (1839–1899), twin of Grace\n"
        "    = John Avery (1836–1902), carrier, m. 1860\n"
        "       3 Thomas Avery (1861–1931), railway porter at Brenton\n"
        "    2 James Pellow (1841–1908), wheelwright, emigrated to\n"
        "      Ontario 1869\n"
        "    = Harriet Coombe (1845–1921), m. at Guelph 1872\n"
        "       3 John Dunn Pellow (1873–1944), farmer, of Puslinch\n"
        "         township\n"
        "       3 Harriet Pellow (1876–1877)\n"
    )
    intro = "The chart below sets out the descendants of William Pellow, as far as is known.\n\n"
    out = body(intro + chart + "\nThe railway reached Brenton in the summer of 1859.\n")
    assert (
        "1 William Pellow (1815–1879), wheelwright, of Sheriton; d. at Guelph, Ontario\n"
        "= Mary Dunn (1818–1884), m. at Callow 1838\n"
        "2 Ellen Pellow (1839–1899), twin of Grace\n"
    ) in out, out
    assert "emigrated to Ontario 1869\n= Harriet Coombe" in out, out
    assert "of Puslinch township\n3 Harriet Pellow (1876–1877)\n" in out, out


def test_a_pdf_paragraph_set_two_points_apart_ends_on_a_full_line():
    from pipeline.document import Book, Geom, Line, Page, Source
    from pipeline.registry import StageLog, get_stages

    texts = [
        f"Body line {k} of the page runs on as a body line does, full width." for k in range(9)
    ]
    texts[4] = "Rnd 8 (cable rnd): knit two, purl one, cable four; repeat to the end."
    tops, top = [], 60.0
    for k in range(9):
        tops.append(top)
        top += 15.2 if k == 4 else 13.2  # 2 pt more after the instruction: a new paragraph
    lines = [Line(t, 1, Geom(52, y, 346, y + 10, 10.0)) for t, y in zip(texts, tops, strict=True)]
    book = Book(Source("x", "t", "pdf"), (Page(1, tuple(lines)),), 1)
    spec = get_stages()["rejoin_lines"]
    texts_out = [b.text for b in spec.func(book, spec.params(), StageLog("rejoin_lines")).blocks]
    assert any(t.endswith("repeat to the end.") for t in texts_out), texts_out
    assert any(t.startswith("Body line 5 of the page") for t in texts_out), texts_out


def test_a_books_field_label_opens_a_paragraph_after_a_line_that_does_not_break_off():
    entries = []
    owners = (
        "Private collection",
        "Lent by the Cornwall Maritime Trust and the Penwith Society Museum",
    )
    for k, owner in enumerate(owners * 2):
        entries.append(
            f"Harbour Study {k}\n\nOil on canvas, signed lower left\n{owner}\n"
            "Provenance: The artist; her sister, Mrs Edith Carne, Penzance; by descent.\n"
            "Exhibited: Newlyn 1912, no. 38; Truro 1978, no. 9.\n"
        )
    out = body("\n".join(entries))
    assert "the Penwith Society Museum\n\nProvenance: The artist" in out, out
    # a label after a line that breaks off mid-clause goes on with it
    text = (
        "\n".join(entries) + "\nThe picture was shown in the\nExhibited: column of the catalogue.\n"
    )
    assert "shown in the Exhibited: column" in body(text), body(text)


def test_a_page_reference_broken_onto_the_next_line_is_no_lettered_list_item():
    text = (
        "The painting is discussed at length in the two monographs on the artist.\n"
        "Literature: Pascoe 1998, pp. 44–45; Hocking 2006,\n"
        "   p. 112.\n"
        "A small panel, probably painted on the spot, of the net lofts.\n"
    )
    assert "Hocking 2006, p. 112." in body(text), body(text)


def test_a_number_alone_on_a_line_after_a_finished_sentence_is_no_part_of_it():
    text = (
        "A small panel, probably painted on the spot, of the net lofts above the\n"
        "fish market, and Rendle has drawn the lines of the nets hung out to dry.\n"
        "16\n"
        "The Boatbuilders’ Yard, Hayle, 1919\n"
    )
    out = body(text)
    assert "hung out to dry.\n\n16\n" in out, out


def test_a_book_typed_in_a_monospace_font_throughout_is_prose_not_code():
    from pipeline.document import Book, Geom, Line, Page, Source
    from pipeline.registry import StageLog, get_stages

    para = [
        "    A low room under the sea wall. A kettle ticks on a range",
        "    that has almost gone out. On the table: a tide table",
        "    weighted with a mug, an oil lamp, a ledger open at a page",
        "    of figures in two different hands.",
    ]
    texts = [*para, ""] * 6
    lines = [
        Line(t, 1, Geom(108, 70 + 12 * k, 520, 80 + 12 * k, 12.0, bool(t)))
        for k, t in enumerate(texts)
    ]
    book = Book(Source("x", "t", "pdf"), (Page(1, tuple(lines)),), 1)
    spec = get_stages()["rejoin_lines"]
    blocks = spec.func(book, spec.params(), StageLog("rejoin_lines")).blocks
    assert [b.kind for b in blocks] == ["para"] * 6, [(b.kind, b.text[:30]) for b in blocks]
    assert blocks[0].text.startswith(
        "A low room under the sea wall. A kettle ticks on a range that"
    )


def test_a_paragraphs_last_line_that_pdftotext_joined_to_a_hyphenated_line_ends_it():
    lines = [
        "The club finished the season unbeaten at home and top of the table",
        "from the first week of November, with the division's leading scorer",
        "in a forward whose goals equalled the record set by his grandfather.",
    ] * 4
    text = (
        "\n".join(lines)
        + "\nMarch, two of them to sides in the bottom half, ended their challenge well before the last day.\n"
        + "Below the leaders the season was closer than the final table suggests. Seven points separated\n"
        + "\n".join(lines)
        + "\n"
    )
    out = body(text)
    assert "well before the last day.\n\nBelow the leaders" in out, out


def test_a_speech_in_a_narrow_pdf_column_goes_on_past_a_sentence_on_a_full_line():
    from pipeline.document import Book, Geom, Line, Page, Source
    from pipeline.registry import StageLog, get_stages

    action = [
        f"Action line {k} of the script runs the width of the page, as they do." for k in range(8)
    ]
    lines = [
        Line(t, 1, Geom(108, 60 + 12 * k, 520, 70 + 12 * k, 12.0)) for k, t in enumerate(action)
    ]
    speech = [  # a speech set to its own narrow measure (180–417 pt)
        ("My grandmother rowed this crossing", 180, 410),
        ("with one oar and a broken wrist, on", 180, 417),
        ("the night the Pellew boy was born.", 180, 410),
        ("You won’t find that in any figures.", 180, 417),
        ("You’ll find a line in the book that", 180, 417),
        ("says one passenger, midwife, two", 180, 396),
        ("shillings, and you’ll think that is", 180, 417),
        ("all there was to it, and it was not.", 180, 417),
    ]
    lines += [Line("", 1)] + [
        Line(t, 1, Geom(x0, 200 + 12 * k, x1, 210 + 12 * k, 12.0))
        for k, (t, x0, x1) in enumerate(speech)
    ]
    book = Book(Source("x", "t", "pdf"), (Page(1, tuple(lines)),), 1)
    spec = get_stages()["rejoin_lines"]
    texts = [b.text for b in spec.func(book, spec.params(), StageLog("rejoin_lines")).blocks]
    want = "the night the Pellew boy was born. You won’t find that in any figures."
    assert want in texts[-1], texts


def test_a_table_read_column_by_column_is_put_back_in_rows():
    prose = (
        "Whinmoor won the league for the first time since 1998, unbeaten at home all\n"
        "season and top of the table from the first week of November to the last day.\n\n"
    )
    columns = (
        "Final table\nPos Club\n1\n2\n3\n\nWhinmoor Albion\nKettleby Athletic\nHollins Cross\n\n"
    )
    columns += "P\n\nPts\n\n22\n22\n22\n\n50\n46\n35\n\n"
    out = body(prose + columns + prose)
    assert "Pos   Club                P    Pts\n1     Whinmoor Albion     22   50" in out, out
    out = regex.sub(r" {3,}", "   ", out)  # (cells padded to their column's width)
    assert "Pos   Club   P   Pts\n1   Whinmoor Albion   22   50\n2   Kettleby Athletic" in out, out
    assert "3   Hollins Cross   22   35" in out, out
    # the column heads first, then the columns, then a group of another length
    scorers = "Leading scorers\nPlayer\n\nClub\n\nLge\n\nCup\n\nJonty Fairclough\nRhys Ambler\n\n"
    scorers += "Whinmoor Albion\nKettleby Athletic\n\n21\n17\n\n4\n2\n\n"
    scorers += "League Cup\nQuarter-finals\nSemi-finals\n\n"
    out = regex.sub(r" {3,}", "   ", body(prose + scorers + prose))
    assert "Player   Club   Lge   Cup\nJonty Fairclough   Whinmoor Albion   21   4\nRhys" in out, (
        out
    )
    # groups of words as long as each other, no figures among them, are no table
    words = "Apples\nPears\nPlums\n\nOaks\nAshes\nElms\n\nRed\nBlue\nGreen\n\n"
    assert "Apples   Oaks" not in body(prose + words + prose)


def test_a_dateline_after_a_finished_sentence_opens_a_paragraph():
    # a diary's next day, after a full last line of the day before
    full = "stone boat from Ireland, which I take leave to doubt, as Tregear did."
    text = f"We walked the island and found the chapel, and the old man told us that it\nwas built by a hermit who came over in a\n{full}\nFriday, 15th June.\nWind S.E., fresh.\n"
    assert "\n\nFriday, 15th June.\n\nWind" in clean_text(text).body
    # a date inside a sentence's flow stays in its paragraph
    text = "We sailed on the morning tide and reached the island on\n14 June 1894, after a long night at sea under a clear sky.\n"
    assert "on 14 June 1894, after" in clean_text(text).body


def test_a_numbered_line_at_a_pdf_pages_foot_in_the_texts_size_is_no_footnote():
    from pipeline.document import Geom, Line
    from stages.unwrap import split_footnotes

    def ln(text, top, size):
        return Line(text, 1, Geom(50, top, 300, top + size, size)) if text else Line("", 1)

    body = [
        ln(f"Body line {k} of the page runs on as a line does.", 60 + 13 * k, 10) for k in range(6)
    ]
    stanza = [
        ln("4 When at last the long watch ending", 160, 10),
        ln("and the light above the door.", 173, 10),
    ]
    lines = (*body, ln("", 0, 0), *stanza)
    kept, notes = split_footnotes(lines)
    assert not notes and len(kept) == len(lines)
    # set smaller, it is a note; in the text's size with its mark in the text, too
    small = [ln("4 See the notes at the end of the book.", 160, 8)]
    assert split_footnotes((*body, ln("", 0, 0), *small))[1]
    marked = [*body[:-1], ln("and so the text says it.4", 125, 10)]
    note = [ln("4 See the notes at the end of the book.", 160, 10)]
    assert split_footnotes((*marked, ln("", 0, 0), *note))[1]


def test_a_stanzas_number_hanging_before_its_first_line_stays_with_the_stanza():
    from stages.shapes import code_line_flags
    from stages.unwrap import _indented_verse

    body = [("Body text of the page runs on and on, as the text of a page does.", 72, 360)] * 6
    stanza = [
        ("   4 When at last the long watch ending", 87, 232),
        ("     brings us in to quay and shore,", 98, 211),
        ("     let us find the harbour open", 98, 198),
        ("     and the light above the door.", 98, 203),
    ]
    lines = _pdf_lines([*body, ("", 0, 0), *stanza])
    flags = _indented_verse(lines, code_line_flags(lines))
    assert flags[-4:] == [True] * 4 and not any(flags[:7])
    # a numbered item's wrapped lines under its text are no verse ("2." opens an item)
    item = [
        ("   2. Turn left along the wall, keeping the", 87, 300),
        ("      sea on your right; the steps lead down", 103, 300),
        ("      to two small coves, good for a swim on", 103, 300),
        ("      calm days when the wind is offshore.", 103, 290),
    ]
    lines = _pdf_lines([*body, ("", 0, 0), *item])
    assert not any(_indented_verse(lines, code_line_flags(lines)))


def test_a_labelled_count_opens_a_paragraph_at_each_label():
    # an answer key: each exercise's answers run in after its label, the labels counting up
    text = (
        "Answers\n\nExercise 1 a) I’m b) they’re c) we’ve d) she’ll e) won’t f) shouldn’t\n"
        "Exercise 2 1. It’s, its 2. its, it’s 3. It’s, its 4. its\n"
        "Exercise 3 1. my sister’s bike 2. the three foxes’ tails 3. the men’s\n"
        "coats 4. the garden of Mrs Jones\n"
        "Exercise 4 There are six mistakes in the sign.\n"
    )
    out = clean_text(text).body.split("\n\n")
    assert [p.split()[:2] for p in out[1:]] == [["Exercise", str(n)] for n in range(1, 5)], out
    # a count broken off mid-sentence, or two labels only, opens nothing
    prose = (
        "The first two are easy and the third, which is set in\n"
        "Exercise 3 of the second unit, is not. Each of the exercises in the book\n"
        "has a key at the back, where the answers are given in full for the teacher.\n"
    )
    assert "set in Exercise 3 of" in clean_text(prose).body


@pytest.mark.parametrize(
    "text, kept",
    [
        # a standard's note after its clause, its lines full
        (
            "6.6.3 A weed-suppressing membrane, where used, shall be permeable\n"
            "to water and shall be laid so that no water can pond on it and drain.\n"
            "NOTE Decks less than 150 mm above the ground are difficult to ventilate\n"
            "adequately; Annex C describes low-level construction using bearers laid.\n",
            "and drain.\n\nNOTE Decks",
        ),
        # a table's row whose last cell is empty (a dash), then the next row
        (
            "Table 4\nJoist size (mm) Spacing Maximum Remarks\n"
            "38 × 125 400 1.83 Not for decks more than\n600 mm above ground\n"
            "38 × 125 600 1.52 As above\n47 × 150 400 2.69 –\n"
            "47 × 150 600 2.28 Blocking at mid-span\nwhere span exceeds 2.0 m\n",
            "2.69 –\n\n47 × 150 600",
        ),
        # must not change: a note word inside a sentence, a range broken at its dash
        (
            "The harbour master made a\nnote of it in the ledger and went home for the night.\n",
            "made a note of it",
        ),
        (
            "The town grew fastest in the years 1990 –\n2000, when the port was rebuilt and"
            " the\nrailway came back.\n",
            "1990 – 2000, when",
        ),
    ],
)
def test_notes_and_empty_cells_end_their_lines(text, kept):
    assert kept in clean_text(text).body


def test_a_run_of_one_line_speeches_set_in_is_no_verse():
    from pipeline.document import Line
    from stages.shapes import code_line_flags
    from stages.unwrap import _indented_verse

    body = ["It was the question everyone asked, in the village shop and at the",
            "chapel door, and she had no better answer to it now than in March."] * 3  # fmt: skip
    speeches = ["     ‘You on your own here, then?’", "     ‘Since March.’",
                "     ‘It’s a lot of trees.’", "     He loaded them with a forklift that he"]  # fmt: skip
    lines = [Line(t, 1) for t in [*body, *speeches, "drove as though it had offended him."]]
    assert not any(_indented_verse(lines, code_line_flags(lines)))
    # a stanza set in, its lines ending in commas and one stop, stays verse
    stanza = ["     Home across the shifting water,", "     home beneath the turning star,",
              "     home to those who wait and watch,", "     every sail, however far."]  # fmt: skip
    lines = [Line(t, 1) for t in [*body, "", *stanza, ""]]
    assert all(_indented_verse(lines, code_line_flags(lines))[7:11])


def test_numbered_objectives_closed_by_semicolons_are_items_of_their_own():
    text = (
        "After studying this chapter, you should be able to:\n"
        "7.1 explain the difference between weathering and erosion;\n"
        "7.2 describe three ways in which rock is broken up without any change in it;\n"
        "7.3 explain why limestone dissolves faster in a wet climate than a dry one;\n"
        "7.4 name the horizons of a mature soil profile and say how each forms.\n"
    )
    out = clean_text(text).body.split("\n\n")
    assert [p[:3] for p in out[-4:]] == ["7.1", "7.2", "7.3", "7.4"], out
    # a clause closed by a semicolon before a section number the sentence goes on with
    text = (
        "The two methods agree closely at low pressure; the figures are given in section\n"
        "7.2 and in the appendix, where the readings from every station are set out.\n"
    )
    assert "section 7.2 and" in clean_text(text).body


def test_a_middle_dot_that_goes_on_with_a_run_of_terms_is_no_bullet():
    text = (
        "Key terms\n\nchemical weathering · dissolution · erosion · frost wedging · horizon\n"
        "· mechanical weathering · oxidation · scree\n· soil profile · talus · weathering\n"
    )
    assert "horizon · mechanical weathering · oxidation · scree · soil" in clean_text(text).body
    # must not change: bullets under a line that ends a sentence
    items = "You will need:\n· a trowel\n· a bucket\n· a kneeling mat\n"
    assert "· a trowel\n· a bucket" in clean_text(items).body


def test_a_page_of_plates_that_interrupts_a_sentence_follows_its_paragraph():
    body = "The harbour was quiet all that week, and the boats lay up along the wall. " * 3
    p1 = "The whole of my week on the island I met nineteen people, and\n"
    plates = (
        "Plate 11. The harbour from the church tower, October.\n"
        "The two stone piers were built for the salt barges.\n\n"
        "Plate 12. Mending nets on the north quay.\n"
    )
    p3 = "every one of them asked whether I had come to measure something.\nOn Tuesday the boat came.\n"
    out = clean_text("\f".join([body + "\n" + p1, plates, p3])).body
    assert "nineteen people, and every one of them" in out, out
    assert out.index("measure something.") < out.index("Plate 11.") < out.index("Plate 12.")
    # a page of captions between two finished paragraphs stays where it is
    p1 = "The whole of my week on the island I met nineteen people.\n"
    p3 = "Every one of them asked whether I had come to measure something.\n"
    out = clean_text("\f".join([body + "\n" + p1, plates, p3])).body
    assert out.index("nineteen people.") < out.index("Plate 11.") < out.index("Every one")


def test_a_stanza_broken_up_by_blank_lines_keeps_its_lines():
    prose = "Kaspen sang me one on the crossing, over the noise of the engine, in a voice\n"
    stanza = (
        "that was better than I had expected:\n\nBoil it white and boil it dry,\n\n"
        "the peat is wet and the sea is high;\na barrel to Haldvik, a barrel to Sund,\n\n"
        "and a bucket of ash for the burying ground.\n\nHe would not tell me what it meant.\n"
    )
    out = clean_text(prose * 3 + stanza).body
    assert "dry,\n" in out and "high;\na barrel" in out and "Sund,\n" in out, out
    # must not change: short paragraphs that start with capitals are no stanza
    items = (
        "that was better than I had expected:\n\nBoil the water first,\n\n"
        "Then add the salt and the peat,\nAnd stir it until it thickens,\n\n"
        "Then let it cool.\n"
    )
    out = clean_text(prose * 3 + items).body
    assert "Then add the salt and the peat, And stir" in out, out


def test_a_sidebar_set_in_whole_with_paragraphs_apart_by_space_keeps_them_whole():
    from pipeline.document import Book, Geom, Line, Page, Source
    from pipeline.registry import StageLog, get_stages

    def ln(text, top, x1=300.0):
        return Line("  " + text, 1, Geom(57, top, x1, top + 8.6, 8.6))

    body = [
        Line(f"Body line {k} of the page runs on as the text of a page does here.", 1,
             Geom(46, 40 + 12 * k, 310, 50 + 12 * k, 10.0))
        for k in range(4)
    ]  # fmt: skip
    first = [ln(f"sidebar line {k} of the first paragraph goes on as a line does, and", 100 + 11.2 * k)
             for k in range(9)]  # fmt: skip
    side = [
        *first,
        ln("to rest pointing north–south.", 200.8, 180.0),
        ln("Now bring the magnet slowly towards the bowl from one side.", 216.0, 290.0),
        ln("The needle swings to meet it, because the magnet’s field close", 227.2),
        ln("by is hundreds of times stronger than the earth’s field is there.", 238.4),
    ]
    book = Book(Source("s.pdf", "0", "pdf", "pdf"), (Page(1, (*body, *side)),), 1)
    spec = get_stages()["rejoin_lines"]
    out = spec.func(book, spec.params(), StageLog("rejoin_lines"))
    texts = [b.text for b in out.blocks]
    assert any(t.startswith("Now bring") and "The needle swings" in t for t in texts), texts
    assert any(t.endswith("north–south.") for t in texts), texts


@pytest.mark.parametrize(
    "text, kept",
    [
        # a speech broken off by a dash, then the next paragraph set in
        ("    ‘I don’t know,’ she said. ‘I thought I was. Then I got\nthat.’ She nodded at the"
         " letter. ‘And now I think—’\n    She did not finish. The boy looked at the letter and\n"
         "then away from it.\n", "I think—’\n\nShe did not finish"),
        # must not change: the speech goes on with the narration on the next line, flush
        ("    ‘I don’t know,’ she said. ‘I thought I was. Then I got\nthat.’ She nodded at the"
         " letter. ‘And now I think—’\nshe began again, and stopped.\n", "I think—’ she began"),
    ],
)  # fmt: skip
def test_a_speech_broken_off_by_a_dash_ends_before_an_indented_line(text, kept):
    assert kept in clean_text(text).body


def test_a_stanza_under_its_hanging_number_far_short_of_the_page_is_verse():
    from stages.shapes import code_line_flags
    from stages.unwrap import _indented_verse

    body = [("Body text of the page runs on and on, as the text of a page does.", 72, 360)] * 6
    stanza = [
        ("   3 Be with us at the crossing-place,", 87, 230),
        ("     the ferry and the ford,", 98, 187),
        ("     and show us in a stranger’s face", 98, 228),
        ("     the kindness of the Lord.", 98, 199),
    ]
    lines = _pdf_lines([*body, ("", 0, 0), *stanza])
    assert _indented_verse(lines, code_line_flags(lines))[-4:] == [True] * 4
    # a numbered item set in whose lines fill the page's measure is no stanza
    item = [
        ("   3 Be with us at the crossing-place, where the road", 87, 355),
        ("     meets the water and the ferry waits for the tide", 98, 356),
        ("     to turn, and all of us stand on the slipway in", 98, 354),
        ("     the rain.", 98, 150),
    ]
    lines = _pdf_lines([*body, ("", 0, 0), *item])
    assert not any(_indented_verse(lines, code_line_flags(lines)))


def test_a_numbered_route_paragraph_that_breaks_off_before_a_measure_is_no_heading():
    text = (
        "Cross the stile and follow the wall to the cairn, where there is a fine view.\n\n"
        "5 The descent of Ferny Gill is steep and stony for the first\n"
        "500 m and needs care in the wet, but it soon eases, and the\n"
        "path runs down beside the stream to the tea-room at the foot.\n"
    )
    assert "for the first 500 m and needs" in clean_text(text).body
    # a numbered heading over a paragraph that opens with a figure stays a heading
    text = "It ends here.\n\n5 Results\n500 m were run by each of the twelve volunteers.\n"
    assert "5 Results\n\n500 m were run" in clean_text(text).body


@pytest.mark.parametrize(
    "text, kept",
    [
        ("The strength of fresh granite is about two hundred mega-\npascals, far more than a"
         " frost can reach in a crack.\n", "two hundred megapascals, far"),
        # must not change: a prefix before a word that is no unit keeps its hyphen
        ("The blade was honed with a fine stone and then given a micro-\nbevel at a slightly"
         " steeper angle than the rest.\n", "a micro-bevel at"),
    ],
)  # fmt: skip
def test_an_si_prefix_broken_before_its_unit_is_closed(text, kept):
    assert kept in clean_text(text).body


def _spread(line: str, width: int, seed: int) -> str:
    """*line* justified to *width* as a fixed-pitch export writes it: each word at the
    column its position rounds to, so its word spaces come out two to five wide, unevenly,
    and the line ends at the measure."""
    words = line.split()
    gaps = [2 + (seed + 3 * k) % 3 for k in range(len(words) - 1)]
    room = width - sum(map(len, words)) - sum(gaps)
    k = seed
    while room:  # (take from or give to the gaps, one space at a time, never below two)
        k = (k + 5) % len(gaps)
        if room > 0 or gaps[k] > 2:
            gaps[k] += 1 if room > 0 else -1
            room += -1 if room > 0 else 1
    return "".join(w + " " * g for w, g in zip(words, [*gaps, 0], strict=True))


SPREAD_PARAGRAPH = (
    "The harbour board met on the first Monday of every month in a room above the fish "
    "market, and its minutes, which survive from the spring of the year the new pier was "
    "opened, record with some care who was present, who sent apologies and who had been "
    "fined for mooring in the channel without leave. The fines were small, and most of "
    "the men who paid them paid them more than once, which suggests that the board thought "
    "of them less as a punishment than as a kind of rent for a berth nobody else wanted."
)


def test_a_fixed_pitch_exports_spread_justified_lines_are_prose_and_its_table_keeps_rows():
    import textwrap

    rows = textwrap.wrap(SPREAD_PARAGRAPH, 64)
    margin = " " * 15
    # most lines spread word by word to the measure, every third one with its own spaces
    body = [
        margin + (ln if k % 3 == 2 or k == len(rows) - 1 else _spread(ln, 82, k))
        for k, ln in enumerate(rows)
    ]
    title = margin + "The         Harbour         Board"
    table = [
        margin + "Year        Berths        Fines        Paid",
        margin + "1881        42            17           12",
        margin + "1882        44            21           19",
        margin + "1883        47            9            9",
    ]
    text = "\n".join([title, *body, "", *table, "", *body]) + "\n"
    result = clean_text(text)
    blocks = result.body.strip().split("\n\n")
    squeezed = " ".join(SPREAD_PARAGRAPH.split())
    assert blocks[0] == "The Harbour Board"  # a title spread across the measure, alone
    assert blocks[1] == squeezed and blocks[3] == squeezed
    # the table keeps its rows and its columns, without the page's margin
    assert blocks[2].splitlines() == [t[15:] for t in table]
    assert any(e.rule == "spread_title" for e in result.edits)


def test_a_list_item_that_breaks_at_a_colon_goes_on_in_lower_case():
    text = (
        "Three things to pack\n"
        "1. A torch with fresh batteries, kept in the outside pocket\n"
        "of the bag where you can reach it.\n"
        "2. Water; more than you think you need.\n"
        "3. Something warm to put on when you stop walking:\n"
        "a fleece, a hat, dry socks.\n"
        "The list is short on purpose. Everything else can be bought on the way.\n"
    )
    body = clean_text(text).body
    assert "\n2. Water; more than you think you need.\n" in body
    assert "3. Something warm to put on when you stop walking: a fleece, a hat, dry socks." in body


def test_a_copyright_pages_lines_ended_short_of_its_small_print_measure_stay_apart():
    page = (
        "Harrow & Finch, 9 Mill Yard, Tenbury TB4 2LP\n"
        "First published by Harrow & Finch 2021\n"
        "Copyright © Owen Pellow 2021\n"
        "The moral right of the author has been asserted. All characters in this\n"
        "book are fictitious, and any resemblance to real persons is coincidental.\n"
        "ISBN 978-0-000-00000-0\n"
    )
    body = "The ferry left at six, and by seven the island was\n" * 12  # (a narrower measure)
    lines = [t for t in clean_text(page + "\f" + body).body.splitlines() if t]
    assert lines[:3] == [
        "Harrow & Finch, 9 Mill Yard, Tenbury TB4 2LP",
        "First published by Harrow & Finch 2021",
        "Copyright © Owen Pellow 2021",
    ]
    assert (
        "The moral right of the author has been asserted. All characters in this book are "
        "fictitious, and any resemblance to real persons is coincidental."
    ) in lines


def test_speeches_in_single_quotes_open_paragraphs_in_unindented_fiction():
    text = "\n".join(
        [
            "The boat was late, and the harbour master had gone home to his tea.",
            "‘Will it come?’",
            "‘It always comes,’ said Ada. ‘Sooner or later.’",
            "They waited on the wall until the light went. A gull walked the length",
            "of the rail and back, as if it were on duty.",
            "‘There,’ said Ada.",
            "‘Where?’",
            "‘Past the point. Look.’",
            "It was only a fishing boat, and it went by without stopping.",
        ]
        * 2
    )
    blocks = clean_text(text + "\n").body.strip().split("\n\n")
    assert "‘Will it come?’" in blocks and "‘Where?’" in blocks
    assert "It was only a fishing boat, and it went by without stopping." in blocks


def test_sections_numbered_after_a_section_sign_open_paragraphs_also_after_a_heading():
    text = "\n".join(
        [
            "Keeping Faith",
            "§ 4. A promise made to someone who cannot hear it is still a promise, or so",
            "most of us would say without thinking about it for long.",
            "§ 5. The difficulty is to say to whom it is owed. The promisee is gone, and",
            "the promise outlives him.",
            "Two replies",
            "§ 6. The first reply says that it is owed to the dead man's memory, and the",
            "second that it is owed to nobody at all. As we shall see in",
            "§ 9. Neither will quite do.",
        ]
    )
    blocks = clean_text(text + "\n").body.strip().split("\n\n")
    assert blocks[:2] == ["Keeping Faith", blocks[1]] and blocks[1].startswith("§ 4. A promise")
    assert "Two replies" in blocks
    assert any(b.startswith("§ 6. The first reply") for b in blocks)
    assert any(b.startswith("§ 5. The difficulty") for b in blocks)
    # a section cited at a line's start, no count of its own: the sentence goes on
    assert any(b.endswith("As we shall see in § 9. Neither will quite do.") for b in blocks)


def test_ingredients_with_units_set_close_to_their_figures_keep_their_lines():
    text = (
        "Barley Broth\n"
        "A plain soup for a cold evening, better on the second day than the first.\n"
        "Serves 4\n"
        "60g pearl barley, rinsed\n"
        "100g rolled oats, plus a little more for scattering over the top\n"
        "1 tsp salt\n"
        "1.2l vegetable stock\n"
        "2 carrots, diced\n"
        "150ml single cream\n"
        "Simmer the barley in the stock for forty minutes, then add the carrots and\n"
        "cook until they are soft. Stir in the cream just before serving.\n"
    )
    lines = clean_text(text).body.splitlines()
    for item in ("60g pearl barley, rinsed", "1 tsp salt", "1.2l vegetable stock"):
        assert item in lines
    # a figure glued to no unit stays prose: "the 1990s were" goes on
    prose = (
        "In the 1990s the\n1990s style of soup\nwas thicker, and the recipes said so at length.\n"
    )
    assert "\n" not in clean_text(prose).body.strip()


def test_a_cataloguing_block_set_with_hanging_indents_keeps_its_fields():
    text = (
        "Names: Corrie, Alys, 1971– author.\n"
        "Title: The tide tables : a history of coastal reckoning / Alys\n"
        "   Corrie.\n"
        "Description: Tenby : Harbourside Press, 2019. | Series:\n"
        "   Maritime studies ; 6 | Includes bibliographical refer-\n"
        "   ences and index.\n"
        "Identifiers: LCCN 2019000001 (print) | ISBN 9780000000001 |\n"
        "   ISBN 9780000000002 (ebook)\n"
        "Subjects: LCSH: Tides—History. | Navigation—Wales—History. |\n"
        "   Almanacs—History.\n"
        "Classification: LCC GC301 .C67 2019 | DDC 551.46/4—\n"
        "   dc23\n"
        "\n"
        "Printed on acid-free paper.\n"
    )
    lines = [t for t in clean_text(text).body.splitlines() if t]
    assert any(t.startswith("Description:") and t.endswith("references and index.") for t in lines)
    assert any(t.startswith("Identifiers:") and t.endswith("(ebook)") for t in lines)
    assert any(t.startswith("Subjects:") and t.endswith("Almanacs—History.") for t in lines)


def test_a_contents_rows_leader_dots_and_page_number_on_the_next_line_join_it():
    text = (
        "Contents\n"
        "Foreword . . . . . . . . . . . . ix\n"
        "The Mill Race\n"
        ". . . . . . . . . . . . . . . . . 1\n"
        "The Weir . . . . . . . . . . . . 14\n"
        "\f"
        "Foreword\n"
        "The mill stood at the bend of the river for three hundred years before it burned.\n"
    )
    body = clean_text(text).body
    assert "The Mill Race . . . . . . . . . . . . . . . . . 1" in body.splitlines()


def test_double_spaced_verse_keeps_its_stanzas_and_their_lines():
    # an export that writes a blank line after every line and two between stanzas; the
    # verse's short lines go on in lower case after their blank line
    stanzas = [
        ["The heron stands where the water", "turns its back on the mill,", "grey as a rumour,",
         "and waits for the river", "to bring him what it owes."],
        ["Nobody taught him patience.", "He came with it,", "the way the weir",
         "came with its noise."],
        ["At dusk he lifts, unhurried,", "over the alders and away,", "a coat on a hook",
         "that somebody has taken down."],
    ]  # fmt: skip
    text = "HERON\n\n\n" + "\n\n\n".join("\n\n".join(s) for s in stanzas) + "\n"
    blocks = clean_text(text).body.strip().split("\n\n")
    assert blocks[0] == "HERON"
    assert blocks[1:] == ["\n".join(s) for s in stanzas]


def test_double_spaced_enjambed_stanza_on_a_page_of_verse_keeps_its_lines():
    # a page holds only verse, so its own lines set the local measure; the book's prose
    # (a page of notes) sets the measure a line is weighed against
    def spaced(lines):
        return "\n\n".join(lines)

    prose = [
        "The notes that follow were written for the second edition, and they",
        "say where each poem was first printed, which of them were changed",
        "on the way into this book, and who the people are whose names appear",
        "in them. The mill at Corrow was pulled down in the spring of 1961,",
        "some years before the first of these poems, and nothing of it stands",
        "now but the wheel pit and a wall of the drying shed beside the lane.",
    ]
    stanza = [
        "She knew the carts by sound before they turned",
        "the corner at the chapel: the milk cart's cough,",
        "the carrier's bell, the slow and silent",
        "wagon that the quarry brothers led,",
        "their dog up on the tailboard like a king,",
        "their coats hung on the rail behind like flags",
        "of some small country no one ever saw.",
    ]
    others = [
        ["The mill stood where the river bends.", "Nobody alive recalls it working.",
         "The wheel pit fills with nettles.", "The lane goes round it, as lanes do."],
        ["All night the weir says what it said.", "By morning it has said it twice.",
         "The stones are where they always were.", "The water has gone on to the sea."],
    ]  # fmt: skip
    even = [  # (lines alike in length, each a sentence)
        "Children stand against it to be measured.",
        "They are always shorter than the high mark.",
        "Their parents laugh and take a photograph.",
        "The river goes on by below and does not.",
    ]
    pages = ["\n\n\n".join(spaced(s) for s in (*others, stanza, even, *others))] * 2
    text = "\n\f".join([*pages, spaced(prose)]) + "\n"
    body = clean_text(text).body
    assert "\n".join(stanza) in body
    assert "\n".join(even) in body
    # (the prose keeps its paragraph)
    assert " ".join(prose) in body


def test_two_pages_of_numbered_plates_inside_a_paragraph_follow_it():
    from pipeline.document import Book, Geom, Line, Page, Source
    from pipeline.registry import StageLog, get_stages

    def ln(text, page, top, size=10.0):
        return Line(text, page, Geom(50, top, 300, top + size, size, False, 340.0, 520.0))

    text = [f"The body of the chapter runs on here, line {k}, as a body does," for k in range(6)]
    p1 = (
        *(ln(t, 1, 60 + 13 * k) for k, t in enumerate(text)),
        ln("and the last line of the page breaks off in the middle of", 1, 138),
    )
    p2 = (ln("1. The mill at Corrow, about 1890. The", 2, 190, 8.0),
          ln("photographer stood on the bridge.", 2, 199, 8.0),
          ln("2. The mill race in flood, 1903.", 2, 352, 8.0))  # fmt: skip
    p3 = (ln("3. The last miller and his sons.", 3, 180, 8.0),)
    p4 = (ln("a sentence, which ends here.", 4, 60),
          ln("   A new paragraph starts on the page after the plates.", 4, 73))  # fmt: skip
    pages = (Page(1, p1), Page(2, p2), Page(3, p3), Page(4, p4))
    book = Book(Source("x", "t", "pdf"), pages, 4)
    spec = get_stages()["rejoin_lines"]
    texts = [b.text for b in spec.func(book, spec.params(), StageLog("rejoin_lines")).blocks]
    assert texts[0].endswith("in the middle of a sentence, which ends here.")
    plates = "\n".join(texts[1:-1])  # (the captions, in their order, then the text goes on)
    assert plates.index("1. The mill at Corrow") < plates.index("2. The mill race")
    assert plates.index("2. The mill race") < plates.index("3. The last miller")
    assert texts[-1].startswith("A new paragraph")


def test_a_box_of_fields_opens_a_paragraph_at_each_label_though_none_recurs():
    from pipeline.document import Book, Geom, Line, Page, Source
    from pipeline.registry import StageLog, get_stages

    def ln(text, x0=0.0, top=0.0, x1=0.0, size=8.0):
        if not text:
            return Line("", 1)
        return Line(text, 1, Geom(x0, top, x1, top + size, size, False, 310.0, 480.0))

    body = [
        ln("East of the harbour the land falls away, and within an hour", 40, 111.4, 263.2, 9.4),
        ln("you are down among the salt marshes. The sea wall path", 40, 124.0, 255.6, 9.4),
        ln("follows them all the way to the ferry, passing two", 40, 136.6, 244.7, 9.4),
        ln("hides that look out over the mud.", 40, 149.2, 186.7, 9.4),
        ln(""),
        ln("  The route in brief", 46, 175.5, 123.4),
        ln("  Length: 9 km, one way.", 46, 188.9, 139.8),
        ln(""),
        ln("  Time: about 3 hours.", 46, 203.3, 119.4),
        ln(""),
        ln("  Going: level, on a grass bank with one muddy stretch.", 46, 217.7, 257.7),
        ln(""),
        ln("  Return: the ferry back to the harbour, every hour until", 46, 232.1, 251.4),
        ln("  6pm.", 46, 242.5, 63.8),
    ]
    book = Book(Source("x", "t", "pdf"), (Page(1, tuple(body)),), 1)
    spec = get_stages()["rejoin_lines"]
    texts = [b.text for b in spec.func(book, spec.params(), StageLog("rejoin_lines")).blocks]
    assert "The route in brief" in texts and "Length: 9 km, one way." in texts
    # prose with one label-like opening and no others near: the sentence goes on
    prose = (
        "The keeper wrote in the log every evening, and on the last page he set down\n"
        "Note: the light was lit at dusk, as on every other night of the year.\n"
    )
    assert "\n\n" not in clean_text(prose).body.strip()


def test_contents_whose_leader_dots_pypdf_set_a_dot_to_a_line_keeps_its_rows():
    # pypdf: each dot of a leader on a line of its own, after the row's page number; the
    # chapter numbers alone on the line before their titles
    dots = ".\n" * 12
    text = (
        "Contents\n"
        f"Introduction iv\n{dots}"
        "Part One: Understanding Worry\n"
        f"1\nThe Worry Loop 1\n{dots}"
        f"2\nCatching the Thought 4\n{dots}"
        f"Further Reading 5\n{dots}"
        "\f"
        "Introduction\n"
        "Everybody worries, and this book is about the people in whom it never stops.\n"
    )
    result = clean_text(text)
    lines = result.body.splitlines()
    for row in [
        "Introduction iv",
        "1 The Worry Loop 1",
        "2 Catching the Thought 4",
        "Further Reading 5",
    ]:
        assert row in lines
    assert "." not in lines and not any(ln.endswith(". .") for ln in lines)
    dropped = logged(result, "contents_leader")
    assert len(dropped) == 4 and all(e.before.count(".") == 12 for e in dropped)


def test_a_lone_number_in_prose_is_no_contents_label():
    text = "Contents\nIntroduction iv\nNotes 7\n\fThe count ran to 12\n3\nThe Worry Loop 1\n"
    lines = clean_text(text).body.splitlines()
    assert "3 The Worry Loop 1" not in lines


def test_a_short_copyright_page_keeps_its_address_and_copyright_lines():
    # two legal marks on a page of a few lines: the page's own measure tells the
    # publisher's address and the copyright line, ended on purpose, from full lines
    text = (
        "The Knot\n\fHarrowgate Lane Press, 31 Wharfside, Ellerby EY7 2QD\n"
        "Copyright © Ifeoma Lindqvist-Barr 2025\n"
        "This book is not a substitute for professional advice. If worry is stop-\n"
        "ping you from working, sleeping or seeing people, please talk to your\n"
        "doctor.\n"
        "ISBN 978-1-0369-2218-7\n\f"
        + "Worry is the mind rehearsing trouble before it comes, and\n"
        * 8
    )
    lines = clean_text(text).body.splitlines()
    assert "Harrowgate Lane Press, 31 Wharfside, Ellerby EY7 2QD" in lines
    assert "Copyright © Ifeoma Lindqvist-Barr 2025" in lines


def test_a_contents_read_in_chunks_of_titles_and_numbers_pairs_them_in_order():
    # pdfminer read two titles, then their two page numbers
    text = (
        "Contents\n\nIntroduction\n\nLetters, 1887\n\niv\n\n1\n\nLetters, 1888–1889\n\n3\n\n"
        "Index\n\n6\n\f"
        "Introduction\n"
        "Harriet Lugg went to Scarrow in the spring of 1887 as its first teacher.\n"
    )
    lines = clean_text(text).body.splitlines()
    for row in ["Introduction iv", "Letters, 1887 1", "Letters, 1888–1889 3", "Index 6"]:
        assert row in lines


def test_a_closing_after_a_few_words_of_leave_taking_keeps_its_signature_apart():
    text = (
        "The board meets on Thursday, and I shall tell you everything that is said there\n"
        "when I write again, which will be soon.\n"
        "\n"
        "Until Thursday, your loving sister,\n"
        "Harriet\n"
        "\n"
        "P.S. I have kept the old map.\n"
    )
    lines = clean_text(text).body.splitlines()
    assert "Until Thursday, your loving sister," in lines and "Harriet" in lines


def test_a_letters_closing_and_signature_then_a_heading_overleaf_are_no_verse():
    text = (
        "I have learned the names of all the birds on the marsh, and the children laugh\n"
        "at me only a little now when I get one of them wrong, which is often.\n"
        "\n"
        "Ever your affectionate sister,\n"
        "H. L.\n"
        "\f"
        "Letters, 1888–1889\n"
        "\n"
        "3. To Agnes Lugg\n"
        "\n"
        "The sea was in the schoolroom to the height of the second shelf, and the map\n"
        "of the world is ruined, but the registers were upstairs with me all night.\n"
    )
    body = clean_text(text).body
    assert "H. L.\n\nLetters, 1888–1889\n" in body


def test_a_cast_list_keeps_a_line_for_each_character():
    text = (
        "Characters\n\n"
        "MAUD PENHALLOW, keeper of the Gull Reach light, fifties, a widow of the\n"
        "JORY PENHALLOW, her son, nineteen\n"
        "ESTHER VANE, an inspector for the Lights Board\n"
        "CAPTAIN DUNSTAN ROOKE, master of the supply boat Kittiwake\n\n"
        "The action takes place in the lamp room and the kitchen of the lighthouse.\n"
    )
    lines = clean_text(text).body.splitlines()
    assert "JORY PENHALLOW, her son, nineteen" in lines
    assert "ESTHER VANE, an inspector for the Lights Board" in lines


def test_names_in_capitals_inside_prose_lines_are_no_cast_list():
    text = (
        "The agencies that met that year, NASA, ESA and JAXA among them, agreed on a\n"
        "NASA, as ever, asked for more time to study the plan before it signed, and\n"
        "ESA, which had waited longest, said it would sign once the others had done.\n"
    )
    assert clean_text(text).body.count("\n\n") == 0


@pytest.mark.parametrize("brackets", ["[]", "()"])
def test_a_stage_direction_set_in_as_a_whole_stays_one_paragraph(brackets):
    # (probe29 ferry, a Typst play) in parentheses too (before, split after its sentence)
    o, c = brackets
    text = (
        "MAUD Then you know now what the Board is asking of the young man from\n"
        "   Fowey, and what it asks of us.\n"
        "\n"
        f"        {o}MAUD, JORY and ROOKE go down the stair to the boat together.\n"
        "        ESTHER stands alone at the lens, humming the first verse of\n"
        f"        the song.{c}\n"
        "\n"
        "CURTAIN\n"
    )
    body = clean_text(text).body
    assert "the boat together. ESTHER stands alone at the lens, humming the first verse of" in body


MANUAL_STEPS = (
    "Quillmark runs on any machine with Python 3.10 or later. These steps install it for\n"
    "one user and create a first notebook.\n"
    " 1. Open a terminal and check your Python version with\n"
    "    python3 --version.\n"
    " 2. Install the tool for your user only, so that it does not touch the\n"
    "    system Python:\n"
    "  $ python3 -m pip install --user quillmark\n"
    "\n"
    " 3. Create a notebook folder and tell Quillmark to use it. The\n"
    "    folder may be anywhere, including a synchronised drive.\n"
    "  $ mkdir ~/fieldnotes\n"
    "  $ quill init ~/fieldnotes\n"
    "  Created notebook 'fieldnotes' (0 notes)\n"
    "\n"
    "Listing 2.1 shows a small configuration for a notebook that is synchronised with a\n"
    "shared drive.\n"
    "  # quill.toml\n"
    "  [notebook]\n"
    '  name = "fieldnotes"\n'
    '  editor = "nano"\n'
    "  [sync]\n"
    "  interval = 15\n"
    "\n"
    "Listing 2.1 A configuration with synchronisation\n"
)


def test_a_numbered_steps_turnover_before_its_command_is_no_listing():
    body = clean_text(MANUAL_STEPS).body
    assert (
        "2. Install the tool for your user only, so that it does not touch the system Python:"
        in body
    )
    assert "The folder may be anywhere, including a synchronised drive." in body


def test_a_commands_output_and_a_listings_short_lines_stay_in_the_listing():
    body = clean_text(MANUAL_STEPS).body
    assert "  $ quill init ~/fieldnotes\n  Created notebook 'fieldnotes' (0 notes)\n" in body
    assert '  # quill.toml\n  [notebook]\n  name = "fieldnotes"\n' in body
    assert '  editor = "nano"\n  [sync]\n' in body


def test_a_table_of_commands_keeps_its_column_of_spaces():
    text = (
        "Table 1.1 Everyday commands\n\n"
        " Command                      What it does\n"
        " quill new TITLE              start a note and open it in your editor\n"
        " quill list                   list notes, newest first\n"
        " quill sync                   copy changes to and from a remote\n\n"
        "Notes are ordinary text files with a short header of metadata.\n"
    )
    lines = clean_text(text).body.splitlines()
    row = next(ln for ln in lines if ln.lstrip().startswith("quill list"))
    assert "list   " in row and row.split("   ")[-1].strip() == "list notes, newest first"


def test_a_short_copyright_page_with_a_copyright_sign_keeps_its_paragraphs():
    text = (
        "Quillmark in the Field\n\f"
        "Brackenfold Press, 9 Chandlers Row, Lowther Quay LQ3 5TN\n"
        "Copyright © Odile Marchetti-Fenn 2025. Quillmark is a trademark of the\n"
        "Quillmark Project; its use here does not imply endorsement.\n"
        "The example listings in this book may be copied, changed and used in your own\n"
        "work without asking permission.\n\f"
        + "Quillmark keeps notes as plain text files in a folder of your\n"
        * 8
    )
    lines = clean_text(text).body.splitlines()
    assert "Brackenfold Press, 9 Chandlers Row, Lowther Quay LQ3 5TN" in lines
    assert (
        "The example listings in this book may be copied, changed and used in your own work without asking permission."
        in lines
    )


def test_prose_after_a_command_set_flush_with_it_is_no_output():
    text = (
        "Here it is in use, with the port taken from the environment and the level from\n"
        "the file:\n"
        "$ INVENTORY_PORT=9000 python -m inventory show-config\n"
        "Printing the source next to each value costs almost nothing\n"
        "and answers most support questions before they are asked. In the\n"
        "next section we replace the bare dictionary with a dataclass.\n"
    )
    body = clean_text(text).body
    assert "costs almost nothing and answers most support questions" in body


def test_pdf_lines_on_a_narrow_columns_justified_edge_are_no_verse():
    from stages.unwrap import UnwrapParams, _verse_flags

    column = [  # a field guide's column, 111 pt wide: short in letters, full for its block
        ("battles with neighbouring", 44, 155),
        ("anemones over space on the", 44, 155),
        ("rock.", 44, 62),
        ("  Out of water it closes into a", 54, 155),
        ("smooth red dome, and the chil-", 44, 155),
        ("dren of Harnmouth call these", 44, 155),
        ("tomatoes.", 44, 78),
        ("Snakelocks Anemone", 44, 120),
    ]
    lines = _pdf_lines(column)
    assert not any(_verse_flags(lines, [False] * 8, 70.0, UnwrapParams()))
    ragged = [  # verse ends ragged, however narrow
        ("Turn, light, turn, for the ships", 44, 150),
        ("Turn for the men that go and come;", 44, 155),
        ("Burn till the morning, none will know", 44, 162),
        ("Whose hand it was that trimmed you.", 44, 149),
    ]
    assert all(_verse_flags(_pdf_lines(ragged), [False] * 4, 70.0, UnwrapParams()))


def test_a_box_of_fields_with_turnovers_is_no_verse_and_each_field_a_paragraph():
    text = (
        "The commonest crab of the shore, found under almost every stone at low water.\n"
        "\n"
        "Hermit Crab\n"
        "Pagurus bernhardus\n"
        "Size: up to 4 cm long on the\n"
        "   shore\n"
        "Habitat: pools on the lower\n"
        "   shore, in empty snail\n"
        "   shells\n"
        "Season: all year\n"
        "\n"
        "Green Shore Crab\n"
        "Carcinus maenas\n"
        "Size: up to 8 cm across\n"
        "Habitat: everywhere, under\n"
        "   stones and weed\n"
        "Season: all year\n"
        "\n"
        "Edible Crab\n"
        "Cancer pagurus\n"
        "Size: shell up to 12 cm\n"
        "Habitat: deep crevices\n"
        "Season: spring to autumn\n"
    )
    lines = clean_text(text).body.splitlines()
    assert "Size: up to 4 cm long on the shore" in lines
    assert "Habitat: pools on the lower shore, in empty snail shells" in lines
    assert (
        "Size: up to 8 cm across" in lines and "Habitat: everywhere, under stones and weed" in lines
    )


def test_a_paragraph_ending_in_a_superscript_note_mark_ends_at_the_page_break():
    text = (
        "A more recent account treats exposure as new learning. The old association\n"
        "between the lift and suffocation is not erased, which is why therapists\n"
        "now vary the settings of exposure quite deliberately.¹\n"
        "\n"
        "1 This is one reason why exposure carried out only in the\n"
        "therapist's presence tends to generalise less well.\n"
        "\f"
        "The practical consequences are modest but real. Sessions need not go on\n"
        "until anxiety has fallen to some fixed level, and a session that ends with\n"
        "the client still anxious is no failure.\n"
    )
    paras = clean_text(text).body.split("\n\n")
    assert paras[0].endswith("deliberately.¹")
    assert paras[1].startswith(
        "1 This is one reason why exposure carried out only in the therapist"
    )
    assert paras[2].startswith("The practical consequences")


def test_a_numbered_block_with_a_paragraph_after_it_on_its_page_is_no_footnote():
    # an OCR engine's reading order: the note's block stands among the paragraphs
    text = (
        "The first paragraph of the page runs on over two lines, as paragraphs do\n"
        "in this book, and it ends here.\n"
        "\n"
        "1 This is one reason why exposure carried out only in the\n"
        "therapist's presence tends to generalise less well.\n"
        "\n"
        "The practical consequences are modest but real, and they come after the\n"
        "note on this page.\n"
        "\f"
        "A second page begins here and runs on over two full lines of the text, as\n"
        "the first one did.\n"
    )
    paras = clean_text(text).body.split("\n\n")
    assert paras[1].startswith("1 This is one reason")
    assert paras[2].startswith("The practical consequences")


def test_a_contents_that_pymupdf_wrote_in_blocks_drops_its_leaders():
    # each entry a block: label, title, page number, then the leader dots
    dots = ". . . . . . . . . . . . . . . . . . . . .\n"
    text = (
        "Contents\n\n"
        f"Introduction\niv\n{dots}\n"
        f"1\nKnow Where It Goes\n1\n{dots}\n"
        f"2\nBuild a Buffer\n4\n{dots}\n"
        f"Index\n6\n{dots}"
        "\f"
        "Introduction\n\n"
        "Money worries are rarely about arithmetic; they are about attention and habit.\n"
    )
    result = clean_text(text)
    lines = result.body.splitlines()
    for row in ["Introduction iv", "1 Know Where It Goes 1", "2 Build a Buffer 4", "Index 6"]:
        assert row in lines
    assert not any(". . ." in ln for ln in lines)
    assert len(logged(result, "contents_leader")) == 4


def test_a_title_pages_last_line_does_not_run_on_to_the_next_page():
    text = (
        "Coldharbour Street\n\nA Wenlow Childhood, 1931-1946\n\nEdith Marrable-Stokes\n\n"
        "Wenlow and District Local History Society\n"
        "\f"
        "First published 2025 by the Wenlow and District Local History\n"
        "Society, The Old Library, Bridge Street, Wenlow.\n"
        "\f"
        "Coldharbour Street was pulled down in 1968 to make\n"
        "way for the ring road, and with it went the last of\n"
        "the back-to-back houses that my grandfather built\n"
        "with his brothers in the years before the first war.\n"
        "Number Nine stood at the top end, by the chapel, and\n"
        "from its front step you could see the mill chimney,\n"
        "the canal and, on a clear day, the moors beyond it.\n"
        "We were seven in three rooms, which was not thought\n"
        "many on Coldharbour Street, and we were never cold.\n"
    )
    lines = clean_text(text).body.splitlines()
    assert "Wenlow and District Local History Society" in lines


def test_numbered_verses_whose_sentence_goes_on_are_no_headings():
    text = (
        "The sayings of Haldren, which the people of the vale learned by heart and said\n"
        "over to their children at the ford in the evenings of the dry years.\n"
        "\n"
        "1 Haldren said: A full granary makes a short memory; count the gra-\n"
        "in when it is plenty, not when it is gone, and keep the tally stick.\n"
        "2 He said: Dig the well\n"
        "before you are thirsty, for thirsty men dig badly and in haste, and\n"
        "a well dug in haste runs dry in a year.\n"
    )
    body = clean_text(text).body
    assert "1 Haldren said: A full granary makes a short memory; count the grain when" in body
    assert "2 He said: Dig the well before you are thirsty, for thirsty men dig badly" in body


def test_notes_marked_with_letters_and_set_small_are_footnotes_in_a_pdf():
    from pipeline.document import Geom, Line
    from stages.unwrap import split_footnotes

    def at(text: str, top: float, size: float) -> Line:
        return Line(text, 1, Geom(40.0, top, 256.0, top + size, size, False, 300, 440))

    body = [
        at(f"Body line {k} of the page, set in the text's own size and", 60 + 12 * k, 9.4)
        for k in range(8)
    ]
    notes = [
        at("a Or, the grey water; the scroll of Tamsk reads the cold water.", 170, 7.6),
        at("b The name means she who waits at the ford.", 180, 7.6),
    ]
    kept, found = split_footnotes((*body, Line("", 1), *notes))
    assert [n[0].text[:1] for n in found] == ["a", "b"] and len(kept) == 8
    # the same lines in the text's own size: a line of text may open with the article
    same = [at(ln.text, ln.geom.top, 9.4) for ln in notes]
    kept, found = split_footnotes((*body, Line("", 1), *same))
    assert found == []


def _pdf_blocks(rows):
    """rejoin_lines' blocks for (text, x0, x1) rows on one PDF page."""
    from pipeline.document import Book, Page, Source
    from pipeline.registry import StageLog, get_stages

    book = Book(Source("x", "t", "pdf"), (Page(1, tuple(_pdf_lines(rows))),), 1)
    spec = get_stages()["rejoin_lines"]
    return [b.text for b in spec.func(book, spec.params(), StageLog("rejoin_lines")).blocks]


def test_a_numbered_verse_on_a_full_justified_line_is_no_heading_in_a_pdf():
    rows = [
        ("us stop here. 4 And the people stopped, and they called", 44, 260),
        ("the place Ost, which is to say the resting.", 44, 198),
        ("  5 Now there was a woman among them named", 54, 260),
        ("Serawen, who kept the people’s fire and their tally of", 44, 260),
        ("grain. 6 And she said, The ford below us is shallow; any", 44, 260),
        ("who can come up it can go down it, and so can the river.", 44, 252),
    ]
    texts = _pdf_blocks(rows)
    assert any("5 Now there was a woman among them named Serawen, who kept" in t for t in texts)


def test_a_stanzas_last_line_may_be_its_longest_and_stays_a_line():
    # a poetry book exported by PyMuPDF (probe18): the verse sets the book's measure, so
    # only the stanza's own lines show where they end early; its last line is its longest
    from pathlib import Path

    src = Path(__file__).parent.parent / "fixtures/probe18/poetry-pymupdf-sort/input.txt"
    lines = clean_text(src.read_text(encoding="utf-8")).body.splitlines()
    assert "no word of who was rowing, who was on the roof." in lines
    assert "and under it a date, and nothing else:" in lines


def test_a_pdf_line_ending_in_a_comma_with_room_for_the_next_word_ends_its_line():
    prose = [("The keeper trimmed the wicks at dusk and again at midnight, and the", 72, 360)] * 3
    song = [
        ("Turn, light, turn, for the rock and the tide,", 72, 280),
        ("Turn for the widow that keeps you and has nowhere to bide;", 72, 352),
        ("Burn till the spring comes and the new man with his wife,", 72, 349),
        ("And I’ll go down the stair for the rest of my life.", 72, 318),
    ]
    texts = _pdf_blocks([*prose, ("lamp burned steady through the gale.", 72, 250), *song])
    assert any(t.endswith("for the rock and the tide,") for t in texts)
    # a comma at the end of a full line: the sentence goes on
    full = [
        ("The keeper trimmed the wicks at dusk and again at midnight, and the lamp,", 72, 360),
        ("Turning all night, burned steady through the gale until the morning.", 72, 340),
    ]
    assert len(_pdf_blocks(prose + full)) == 1


def test_a_title_in_title_case_turned_over_onto_a_short_line_is_one_heading():
    body = (
        "Twice every day the sea goes out and comes back again, and when it goes\n"
        "out it leaves puddles of sea water behind in the hollows of the rocks.\n"
    )
    text = (
        "Who Lives Here\n\nNell Pardoe\n\nWendlow Press\nTarrant Hythe\n\f"
        "Chapter 1\nWhen the Tide Goes\nOut\n\n" + body + "\nMeasuring the Solar\nSystem\n\n" + body
    )
    paras = clean_text(text).body.strip().split("\n\n")
    assert "When the Tide Goes Out" in paras and "Measuring the Solar System" in paras
    # a title page's lines stay apart (no running text on their page)
    assert "Wendlow Press Tarrant Hythe" not in clean_text(text).body


def test_a_credit_line_on_a_title_page_opens_its_own_paragraph():
    body = "".join(
        f"The rock pool is a hard place to live, line {k}, when the tide is out all day.\n"
        for k in range(10)
    )
    text = (
        "Who Lives in the\nRock Pool?\n\nNell Pardoe\npictures by Sami Oduya\n\nLimpet Books\n\f"
        + body
        + "\nA painter\nillustrated by the sea, and the rest of it went on as before.\n"
    )
    paras = clean_text(text).body.strip().split("\n\n")
    assert paras[:4] == ["Who Lives in the Rock Pool?", "Nell Pardoe", "pictures by Sami Oduya",
                         "Limpet Books"]  # fmt: skip
    # (in running text a line so opening goes on with its paragraph)
    assert "A painter illustrated by the sea" in clean_text(text).body


def test_a_title_over_a_subtitle_set_smaller_is_two_blocks_however_its_words_run():
    from pipeline.document import Book, Geom, Line, Page, Source
    from pipeline.registry import StageLog, get_stages

    def ln(text, top, size, x0=70.0):
        return Line(text, 1, Geom(x0, top, x0 + 7 * len(text), top + size, size, False, 283, 425))

    def blocks(second_size, second_top):
        page = Page(1, (ln("The Salt Roads", 102.5, 21.0), ln("of the Vennel Hills.", second_top,
                        second_size)))  # fmt: skip
        book = Book(Source("x", "t", "pdf"), (page,), 1)
        spec = get_stages()["rejoin_lines"]
        return [b.text for b in spec.func(book, spec.params(), StageLog("rejoin_lines")).blocks]

    assert blocks(12.0, 133.9) == ["The Salt Roads", "of the Vennel Hills."]
    # (the same size, close under it: one block)
    assert blocks(21.0, 126.0) == ["The Salt Roads of the Vennel Hills."]


def test_a_hymns_long_lines_turned_over_under_a_hanging_stanza_number_stay_lines():
    from pipeline.document import Line
    from stages.unwrap import HANG_ON, HANG_START, _hanging_flags

    stanzas = [
        ("1 Maker of roads and of the rivers’ windings, who set the", "swallow on her way,",
         "guide all who travel, keep the homeward-bound ones,", "and watch them through the day."),
        ("2 Be in the carriage and the crowded station, be on the", "ferry when it’s rough,",
         "and when the journey ends in no arrival, be there, and", "let your being there be enough."),
        ("3 Maker of roads, when every road is ended, and the last", "traveller is home,",
         "meet us, we pray, where all the roads are mended, and", "bring us in along the road."),
    ]  # fmt: skip
    texts = []
    for first, turn1, second, turn2 in stanzas:
        texts += ["   " + first, " " * 11 + turn1, " " * 5 + second, " " * 11 + turn2, ""]
    lines = [Line(t, 1) for t in texts]
    flags = _hanging_flags(lines, [False] * len(lines))
    assert [flags[k] for k in (1, 2, 3)] == [HANG_ON, HANG_START, HANG_ON]
    body = clean_text("\n".join(texts) + "\n").body
    assert "swallow on her way,\n" in body.replace("\n\n", "\n")
    assert "guide all who travel, keep the homeward-bound ones, and watch them" in body


def test_a_quotation_set_in_as_a_whole_goes_on_past_its_first_line_in_a_pdf():
    from pipeline.document import Book, Geom, Line, Page, Source
    from pipeline.registry import StageLog, get_stages

    def ln(text, top, x0=42.5, x1=275.0):
        return Line(text, 1, Geom(x0, top, x1, top + 10, 10.0, False, 318, 500))

    prose = ["There is little to be done about a late frost except to",
             "choose varieties that flower late, and the growers who",
             "planted them in the old days knew it well enough, for",
             "they had lost a crop or two themselves before they did."]  # fmt: skip
    quote = [
        ("     Blossom in the frost is a fiddler at a funeral:", 251.4),
        ("     it makes a fine show, but nobody goes home", 250.1),
        ("     the richer for it, and the fiddler least of all.", 252.0),
    ]
    rows = [ln(t, 40 + 12 * k) for k, t in enumerate(prose)] + [Line("", 1)]
    rows += [ln(t, 100 + 12 * k, 67.4, x1) for k, (t, x1) in enumerate(quote)] + [Line("", 1)]
    rows += [ln(t, 150 + 12 * k) for k, t in enumerate(prose)]
    book = Book(Source("x", "t", "pdf"), (Page(1, tuple(rows)),), 1)
    spec = get_stages()["rejoin_lines"]
    texts = [b.text for b in spec.func(book, spec.params(), StageLog("rejoin_lines")).blocks]
    assert " ".join(t.strip() for t, _ in quote) in texts
    # (one-line paragraphs set in alike, each ending its sentence, stay apart: the novels
    # among the fixtures keep their dialogue so)


def test_a_boxed_example_set_in_under_its_label_is_prose_not_a_table():
    # pdftotext -layout: a box set in by four, its label apart from its title by a gap
    prose = "".join(
        f"The survey counts birds at points along the route, line {k}, in the spring.\n"
        for k in range(6)
    )
    box = (
        "    Example 3.1      Spreading the visits\n"
        "    A survey of farmland birds has forty points and two observers,\n"
        "    each able to count ten points in a morning. Two visits are\n"
        "    needed, one in April and one in late May.\n"
    )
    table = "    Band      Distance (m)\n    A         0–25\n    B         25–50\n"
    body = clean_text(prose + "\n" + box + "\n" + table).body
    assert "Example 3.1 Spreading the visits" in body
    assert "observers, each able to count ten points in a morning. Two visits" in body
    assert "    Band      Distance (m)\n    A         0–25" in body  # (a table stays laid out)


def test_a_pdf_tables_row_with_one_wide_cell_gap_stays_a_row_after_the_rows_before():
    from pipeline.document import Book, Geom, Line, Page, Source
    from pipeline.registry import StageLog, get_stages

    def ln(text, top, x0=71.0, size=9.5, x1=254.0):
        return Line(text, 1, Geom(x0, top, x1, top + size, size, False, 420, 595))

    rows = ["Plot size   Rent   Concession", "Half plot (5 rods)   £34.00   £17.00",
            "Quarter plot (2.5 rods) £18.00   £9.00", "Raised bed (by the hut) £12.00   free"]  # fmt: skip
    prose = ["Concessions are given to plotholders over sixty-five and to anyone who",
             "receives a benefit, and the raised beds are kept for members who find",
             "bending difficult.   They are free."]  # fmt: skip
    lines = []
    for k, t in enumerate(rows):
        lines += [ln(t, 60 + 17 * k), Line("", 1)]
    lines += [ln(t, 140 + 15 * k, 51.0, 10.5, 368.0) for k, t in enumerate(prose)]
    book = Book(Source("x", "t", "pdf"), (Page(1, tuple(lines)),), 1)
    spec = get_stages()["rejoin_lines"]
    texts = [b.text for b in spec.func(book, spec.params(), StageLog("rejoin_lines")).blocks]
    assert all(t in texts for t in rows)  # (each row keeps its cells' gaps)
    assert texts[-1].startswith("Concessions are given") and texts[-1].endswith("free.")


def test_a_caption_ending_no_sentence_does_not_run_on_into_a_heading_set_larger():
    from pipeline.document import Book, Geom, Line, Page, Source
    from pipeline.registry import StageLog, get_stages

    def ln(n, text, top, size):
        return Line(text, n, Geom(51.0, top, 300.0, top + size, size, False, 420.0, 595.0))

    body = "The laptop stands on the chart table beside the gauge hatch, as it always has."
    p1 = Page(
        1,
        (
            ln(1, body, 60.0, 10.5),
            Line("", 1),
            ln(1, "Figure 1. The laptop on the chart table, the hatch behind it", 300.0, 9.0),
        ),
    )
    p2 = Page(2, (ln(2, "2 Daily Readings", 131.0, 17.0), Line("", 2),
                  ln(2, "Readings are taken at the top of every hour, day and night.", 170.0, 10.5)))  # fmt: skip
    book = Book(Source("x", "t", "pdf"), (p1, p2), 2)
    spec = get_stages()["rejoin_lines"]
    texts = [b.text for b in spec.func(book, spec.params(), StageLog("rejoin_lines")).blocks]
    assert "Figure 1. The laptop on the chart table, the hatch behind it" in texts
    assert "2 Daily Readings" in texts


def test_a_dedication_and_an_epigraph_after_a_long_copyright_page_keep_their_lines():
    copyright_page = (
        "".join(
            f"Copyright line {k}: this book is sold subject to the condition that it is not lent.\n"
            for k in range(10)
        )
        + "ISBN 978-1-00000-000-0\n"
    )
    body = "".join(
        f"The lamplighter took the ladder from the hooks in the yard, line {k} of it.\n"
        for k in range(12)
    )
    text = (
        "The Lamplighter\n\nA Novel\n\f" + copyright_page + "\fFor Tam,\nwho always waited up\n"
        "\fCarry the light as far as the gate,\nand the dark will bring you home.\n\f" + body
    )
    lines = clean_text(text).body.splitlines()
    assert "For Tam," in lines and "who always waited up" in lines
    assert "Carry the light as far as the gate," in lines
    assert "and the dark will bring you home." in lines


def test_a_recipes_yield_over_its_ingredients_set_in_is_no_ingredient():
    text = (
        "A trout from the mill stream is the best supper there is, and this is the simplest\n"
        "way to cook it, on the range or in a small oven.\n"
        "Serves 2\n"
        "   2   trout, cleaned\n"
        "   1   lemon, sliced\n"
        "   1 small bunch   wild fennel or dill\n"
        "   25 g   butter\n"
        "\n"
        "Lay each fish on a sheet of paper, tuck the lemon inside it, and bake it.\n"
    )
    body = clean_text(text).body
    assert "\n\nServes 2\n\n" in body, body
    assert "trout, cleaned\n" in body and "lemon, sliced\n" in body


@pytest.mark.parametrize("x1", [368.0, 250.0])
def test_a_pages_last_note_of_one_full_line_that_breaks_off_is_a_note(x1):
    """Below notes that ended, a last note of one line, full to the notes' measure, breaks
    off to go on overleaf; one ending short of it is no such note."""
    from pipeline.document import Geom, Line
    from stages.unwrap import split_footnotes

    def line(text, size, top, right=368.0):
        return Line(text, 7, Geom(51.0, top, right, top + size, size))

    body = [
        line("The vestry argued a great deal about the pound and its keeper.", 10.5, 100 + 14 * k)
        for k in range(8)
    ]
    foot = [
        line("", 10.5, 210),
        line("3 The two entries are in one hand and the same ink. The clerk that year", 8.5, 220),
        line("was the schoolmaster, who signs the foot of each page.", 8.5, 231, 276.0),
        line(
            "4 He was not dismissed. He was the brother-in-law of the warden, and kept",
            8.5,
            242,
            x1,
        ),
    ]
    _kept, notes = split_footnotes(tuple(body + foot))
    assert (len(notes) == 2) == (x1 > 300), [n[0].text for n in notes]


MARKER_SPLIT = [
    # pdftotext's raw mode breaks a printed line after a raised note marker
    (
        "round them was noticed early, and not always kindly. Visitors in\n"
        "the nineteenth century found it slow, thick and hard to follow, and\n"
        "a number of them wrote it down, usually as a joke.1\n"
        "Few of them\n"
        "seem to have noticed that it was also, within its own limits, very\n"
        "exact, with words for every state of water and mud and weather\n"
        "that the marsh could produce from one winter's end to the next.\n",
        ["joke.1 Few of them seem to have noticed"],
    ),
]
MARKER_SPLIT_UNCHANGED = [
    # the next line set in: a paragraph's first line after the note's sentence
    (
        "round them was noticed early, and not always kindly. Visitors in\n"
        "the nineteenth century found it slow, thick and hard to follow, and\n"
        "a number of them wrote it down, usually as a joke.1\n"
        "    Few of them\n"
        "seem to have noticed that it was also, within its own limits, very\n"
        "exact, with words for every state of water and mud and weather\n"
        "that the marsh could produce from one winter's end to the next.\n",
        ["joke.1\n\nFew of them seem"],
    ),
    # a long line after the marker's: a quotation's own line, not the rest of the line
    (
        "part of a letter by the curate of the parish to a friend at Oxford is worth\n"
        "giving at length:2\n"
        "I have been here now above two years and begin, I\n"
        "think, to understand about one word in three, which\n",
        ["length:2\n"],
    ),
]


@pytest.mark.parametrize(("text", "wanted"), MARKER_SPLIT + MARKER_SPLIT_UNCHANGED)
def test_a_line_broken_after_a_raised_note_marker_is_one_again(text, wanted):
    body = clean_text(text).body
    assert all(w in body for w in wanted), body


GLOSSARY_FLAT = (
    "Glossary\n"
    "Words are given in the spelling used in the text, as they were heard.\n"
    "adder’s meat The white flowers of the hedge stitchwort, not to be picked.\n"
    "drove A green lane across the Levels between two ditches, wide enough\n"
    "for driving cattle; also the ditches on either side of it. Penhallow.\n"
    "gleam Of a field after a flood: dry on the surface and wet beneath, so\n"
    "that it looks fit to walk on and is not. Rare.\n"
    "moot The stump and roots of a willow left in the ground after felling.\n"
)
REFERENCES_FLAT = (
    "Bibliography\n"
    "Ashcombe, Thomas. A Glossary of Words Used in the Marshland\n"
    "Parishes. Bridgwater: printed for the author, 1884.\n"
    "Fenbrook Local Studies Group. The Drainage of the Tarrant Levels,\n"
    "1790–1830. Fenbrook Local Studies 9. Fenbrook, 2017.\n"
    "Penhallow, Josiah. Letters to E. M. Thring, 1869–1880. Manuscript, in\n"
    "private hands; transcript in the Group’s collection.\n"
    "Scallon, Winifred. “Water Words on the Tarrant Levels.” Transactions\n"
    "of the Western Dialect Society 41 (2019): 22–47.\n"
)


@pytest.mark.parametrize(
    ("text", "entries"),
    [
        (GLOSSARY_FLAT, ["drove A green", "gleam Of a field", "moot The stump"]),
        (REFERENCES_FLAT, ["Fenbrook Local", "Penhallow, Josiah.", "Scallon, Winifred."]),
    ],
)
def test_glossary_and_reference_entries_without_their_hanging_indents(text, entries):
    body = clean_text(text).body
    assert all(f"\n\n{e}" in body for e in entries), body


def test_a_reference_lists_turnover_opening_with_a_capital_goes_on():
    text = (
        "Further Reading\n"
        "Adeyemi-Carr, Noor. The Uncertain Hour. Ellerby:\n"
        "Harrowgate Lane Press, 2019.\n"
        "Halvorsen, Pieter. Thinking About Thinking: A Plain Guide.\n"
        "London: Quire Books, 2014.\n"
        "Moreby, Judith. Sleep and the Anxious Mind. Manchester:\n"
        "Pennine Health Publications, 2021.\n"
    )
    assert "A Plain Guide. London: Quire Books, 2014." in clean_text(text).body


@pytest.mark.parametrize(
    ("last", "wanted"),
    [
        # an OCR's misread folio ("on") at a page's foot, the next chapter's label overleaf
        ("on", "on\n\nChapter 3\n\nThe Last Crossing"),
        # a sentence broken at the page's end goes on past a label quoted in the text
        ("as the council explained in", "as the council explained in Chapter 3, the"),
    ],
)
def test_a_chapter_label_alone_at_a_pages_top_opens_a_chapter(last, wanted):
    first = (
        "Chapter 3\n\nThe Last Crossing\n\n"
        if last == "on"
        else "Chapter 3, the bridge was the end of it.\n"
    )
    text = (
        "The bridge at Hask End had been talked about for as long as anyone\n"
        f"could remember, and nobody believed it would be built, and\n{last}\n\f{first}"
        "The bridge at Hask End was opened in the spring, and the ferry stopped.\n"
    )
    assert wanted in clean_text(text).body, clean_text(text).body


def test_the_end_of_a_list_is_logged():
    text = (
        "Before the first lesson, check the following points with care:\n"
        "1. The rope hangs free of the wheel and the stay is sound.\n"
        "2. The sally is dry and the tail end is not frayed.\n"
        "Lessons at the tower are on Tuesday evenings from seven until half past eight.\n"
    )
    result = clean_text(text)
    assert "not frayed.\n\nLessons at the tower" in result.body
    ends = logged(result, "list_end")
    assert len(ends) == 1 and ends[0].evidence["reason"] == "sentence_ended"


PROSE_LINES = [
    "He looked at the tarn for a while, then at me, and said that his father had a",
    "rhyme for the tarn in winter, which he gave me as we walked down the long fell,",
    "and which I wrote out that evening as near as I could remember it, word for word:",
]


@pytest.mark.parametrize(
    ("set_in", "verse"),
    [
        # a rhymed stanza of lines alike in length, set in: verse
        (
            ["When Mossgill wears her winter lid", "and never a bird on her,",
             "the tups stay in and the hay is hid", "and the fell is hard as iron."],
            True,
        ),
        # a quotation set in, its lines filled to its measure: prose
        (
            ["The parish kept the tarn as common land for", "grazing, and the right to cut turf on the",
             "moss was let each year at the vestry meeting", "to the highest bidder among the tenants."],
            False,
        ),
    ],
)  # fmt: skip
def test_rhymed_lines_set_in_are_verse(set_in, verse):
    text = "\n".join([*PROSE_LINES, *(f"       {t}" for t in set_in), *PROSE_LINES]) + "\n"
    body = clean_text(text).body
    assert (f"{set_in[0]}\n{set_in[1]}\n" in body) == verse, body


def test_a_chapter_label_after_a_stanza_set_in_is_no_line_of_it():
    text = (
        "      Give them the turned field,\n      give them the worm and the grub;\n"
        "      they will preach what it will yield\n      and argue in the pub.\n"
        "\f                      Chapter 3\n\n                       Night\n\n"
        "The night poems were written in the last winter of the war, and the\n"
        "schoolmaster kept them in a drawer until the spring came round again.\n"
    )
    body = clean_text(text).body
    assert "and argue in the pub.\n\nChapter 3\n\nNight\n\n" in body, body


STANZA_TURNED = [
    "      My father trimmed the wick at six and I was",
    "           sent to bed,",
    "      but I lay and watched the ceiling where the",
    "           slow light turned and spread,",
    "      and I counted every sweep of it across the",
    "           whitewashed wall",
    "      till the counting was a cradle and I did not",
    "           count at all.",
]


def test_a_verse_lines_turnovers_at_one_hanging_indent_join_it():
    text = "\n".join([*PROSE_LINES, "", *STANZA_TURNED, "", *PROSE_LINES]) + "\n"
    result = clean_text(text)
    assert "My father trimmed the wick at six and I was sent to bed,\nbut I lay" in result.body
    assert len(logged(result, "verse_turnover")) == 4


def _letters_pages(number_line: str, marker: str = "here.1") -> str:
    """Two pages of a LibreOffice book as ``pdftotext -layout`` gives them: the text, its
    footnote's number on a line of its own at the margin over the note, the folio."""
    page = (
        "Nell Ashgrove went to Saltcote in the spring of 1911 to\n"
        "teach at the village school, and stayed two years. She\n"
        "wrote to her cousin almost every week; ninety-\n"
        f"one of her letters survive, and five of them are printed {marker}\n"
        "   The letters are given as Nell wrote them, with her\n"
        "spelling and her habit of starting a new thought.\n"
        "\n\n\n"
        f"{number_line}\n"
        "  The letters are kept with the family papers. The replies are\n"
        "lost.\n"
        "\n\n"
        "                                   2\n"
    )
    other = "A second page of text that goes on with the story of the school.\n" * 3
    return page + "\f" + other + "\n                                   3\n"


@pytest.mark.parametrize(
    ("text", "wanted", "unwanted"),
    [
        # (probe30 marsh) the note's number opens its text again (before, "1" a paragraph)
        (_letters_pages("1"), "\n1 The letters are kept with the family papers.", "\n1\n"),
        # a marker a space off its word's punctuation marks the note too
        (_letters_pages("1", "here. 1"), "\n1 The letters are kept", "\n1\n"),
        # must not change: no marker in the text for the number
        (_letters_pages("1", "here."), "\n1\n", "1 The letters"),
    ],
)
def test_a_note_number_on_a_line_of_its_own_opens_its_note(text, wanted, unwanted):
    body = clean_text(text).body
    assert wanted in body and unwanted not in body, body


LETTER = (
    "The letters are given as Nell wrote them, with her spelling and her habit of\n"
    "starting a new thought in the middle of a sentence, and nothing else is changed.\n"
    "\n\n"
    "1. The school house\n"
    "                                           Saltcote, 9 April 1911\n"
    "\n"
    "Dear Hal,\n"
    "   I have been here a week and I still cannot tell the tide from the weather,\n"
    "and the school has one room, one stove and twenty-three children.\n"
)


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # (probe30 marsh) a letter's numbered heading over its date ranged right: two
        # blocks (before, one block of two lines, or one paragraph)
        (LETTER, "\n\n1. The school house\n\nSaltcote, 9 April 1911\n\nDear Hal,\n\n"),
        # must not change: an address's lines share their left edge, a list item's
        # turnover goes on at its text
        (
            LETTER.replace("1. The school house", "12 Quay Street").replace(
                " " * 43 + "Saltcote, 9 April 1911", "Harwick Quay"
            ),
            "\n\n12 Quay Street\nHarwick Quay\n\n",
        ),
        (
            "Before you start:\n\n"
            "1. Fill the kettle from the tap by the door and set it on the stove to\n"
            "   boil, then warm the pot.\n"
            "2. Count the cups.\n",
            "1. Fill the kettle from the tap by the door and set it on the stove to boil, then"
            " warm the pot.\n",
        ),
    ],
)
def test_a_line_set_far_in_after_a_short_line_stands_apart(text, wanted):
    body = clean_text(text).body
    assert wanted in body, body


DISPLAY = (
    "Definition 1.3. A probability on S assigns to each event A a number P(A)\n"
    "such that P(A) ≥ 0, P(S) = 1, and, for events A and B that cannot both happen,\n"
    "P(A ∪ B) = P(A) + P(B).\n"
    "(1.1)\n"
    "These three rules were written down in this form only in the twentieth century,\n"
    "although gamblers had relied on them for a long time before that.\n"
)


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # (probe30 chance, PyMuPDF text) a display's number on the line after it goes back
        # after the formula, which stands apart from the sentences round it (before, the
        # formula was joined into the definition and its number was a paragraph)
        (DISPLAY, "both happen,\n\nP(A ∪ B) = P(A) + P(B). (1.1)\n\nThese three rules"),
        # must not change: a lone number after a line of prose is no display's
        (
            DISPLAY.replace("P(A ∪ B) = P(A) + P(B).", "the sum of their separate chances."),
            "both happen, the sum of their separate chances.",
        ),
    ],
)
def test_a_display_number_on_the_next_line_goes_back_after_its_formula(text, wanted):
    body = clean_text(text).body
    assert wanted in body, body


PLAY_SCENE = (
    "                 Bridie\n"
    "The boat is in, and the tide is making fast over the hard; the carter will not\n"
    "wait for us past the hour, and the chain wants oiling before the night comes.\n"
    "                 Oswin\n"
    "(aside) Another one. The last lasted a fortnight.\n"
    "                 Bridie\n"
    "I heard that, sir.\n"
    "                 Oswin\n"
    "You were meant to, miss. It saves time.\n"
    "                 Margery\n"
    "Then both of you can carry the bags up the stair and stop your quarrelling now.\n"
)


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # (probe29 ferry, a Typst play) short speeches under their speakers' names, set
        # alone and centred: each a block (before, four lines of verse)
        (PLAY_SCENE, "\n\nI heard that, sir.\n\nOswin\n\nYou were meant to, miss."),
        # must not change: a refrain that ends each stanza, set in, is no speaker's name
        (
            "The tide comes up the creek at dusk\n"
            "and fills the reeds with light,\n"
            "    Sing Low\n"
            "\n"
            "The boats come home along the bar\n"
            "and moor for the night,\n"
            "    Sing Low\n"
            "\n"
            "The gulls go out across the sand\n"
            "and settle out of sight,\n"
            "    Sing Low\n",
            "\n\nThe boats come home along the bar and moor for the night, Sing Low\n\n",
        ),
    ],
)
def test_a_plays_short_speeches_under_their_names_are_no_verse(text, wanted):
    body = clean_text(text).body
    assert wanted in body, body


def test_a_typst_plays_short_speeches_are_no_verse():
    # (probe29 ferry) in the PDF, the two one-line speeches under their centred names were
    # taken as four lines of verse
    from pathlib import Path

    from pipeline.inputs import read_book
    from pipeline.outputs import render_body
    from pipeline.runner import run
    from tests.goldens import case_config

    case = Path(__file__).parent.parent / "fixtures/probe29/ferry-typst-play"
    body = render_body(run(read_book(case / "input.pdf"), case_config(case)).book)
    assert "\n\nBridie\n\nI heard that, sir.\n\nOswin\n\nYou were meant to" in body


def _moth(name: str, habitat: str, food: str) -> str:
    return (
        f"{name}\n"
        "Size: wingspan 22–25 mm\n"
        "Flight: late June to early August\n"
        f"{habitat}"
        f"Food plant: {food}\n"
        "A slender grey moth that folds its wings tightly round its\n"
        "body at rest, so that it looks like a twist of ash on the stone.\n"
        "\n"
    )


FIELD_GUIDE = (
    _moth("Sea Lantern", "Habitat: sheltered coves\n", "sea campion and thrift")
    + _moth("Ember Lantern", "Habitat: cliff tops\n", "kidney vetch")
    + _moth(
        "Brackenlow Footman",
        "Habitat: heather moor above Brackenlow, and wet heath else‐\nwhere\n",
        "lichens on stones and old fence posts",
    )
)


def test_a_field_after_a_wrapped_field_and_the_text_after_a_short_field_stand_apart():
    # (probe29 carrowmoths, PyMuPDF text) a field whose value wraps with a hyphen, the next
    # field and the description after it: three paragraphs (before, one)
    body = clean_text(FIELD_GUIDE).body
    for wanted in (
        "\n\nHabitat: heather moor above Brackenlow, and wet heath elsewhere\n\n",
        "\n\nFood plant: lichens on stones and old fence posts\n\nA slender grey moth",
    ):
        assert wanted in body, body


SPEECHES = (
    "NELL. Sit down and drip on the flagstones, then, not on my table.\n"
    "(She pours him a mug from the jug on the hearth.) There. That\n"
    "will cost you nothing tonight, and tomorrow it will cost you double.\n"
    "TOM. I have paid for worse.\n"
    "NELL. You have paid for nothing yet. Drink it.\n"
    "(Tom drinks. The wind gets up outside.)\n"
    "TOM. It is a wild night for a crossing.\n"
    "NELL. It is a wild night for anything.\n"
)


def test_a_direction_inside_a_speech_that_opens_a_line_is_part_of_the_speech():
    # (probe29 ferry) the direction closes on its line and the speech goes on after it:
    # one paragraph (before, the speech was cut before it)
    body = clean_text(SPEECHES).body
    assert "not on my table. (She pours him a mug from the jug on the hearth.) There." in body
    # must not change: a direction between speeches is a paragraph of its own
    assert "\n\n(Tom drinks. The wind gets up outside.)\n\n" in body


FEES = (
    "The fees for the year are set by the committee at its autumn meeting and are due\n"
    "by the first of October.\n"
    "\n"
    "    Item   Full   Concession\n"
    "\n"
    "    Joining fee (once)   £5.00   £2.50\n"
    "\n"
    "    Plot rent, per rod   £3.20   £1.60\n"
    "\n"
    "    Key deposit   £10.00   £10.00\n"
    "\n"
    "A member who leaves may ask for the deposit back when the key is returned.\n"
)


def test_a_tables_rows_a_blank_line_apart_are_one_block():
    # (probe30 tollerby, a reportlab table whose padded rows stand apart) one block of
    # rows (before, each row a paragraph)
    body = clean_text(FEES).body
    # (the rows one block, a line each, with or without the indentation they were set in)
    assert regex.search(
        r"Item   Full   Concession\n *Joining fee \(once\)   £5\.00   £2\.50\n", body
    )
    assert "Key deposit   £10.00   £10.00\n\nA member who leaves" in body, body
    # must not change: a contents' rows, title and number, a blank line apart
    toc = (
        "Contents\n\nIntroduction   4\n\nPart 1 Membership   5\n\nPart 2 Plots   6\n\nIndex   11\n"
    )
    assert "\n\nPart 1 Membership 5\n\n" in clean_text(toc + "\f" + FEES).body


def test_kept_lines_do_not_run_on_into_the_contents_or_a_chapter_opening_a_page():
    # (probe30 chance, PyMuPDF text) a copyright page's short lines, the contents' rows
    # on the next page, the first chapter on the page after: three blocks (before, the
    # copyright lines took "Contents", and the rows took the chapter's heading)
    text = (
        "Published by Marrowby University Press, Fenwick Court, Marrowby.\n"
        "The examples about the Aldercombe fair and the\n"
        "Penwith Road bus are invented, and so are the buses.\n"
        "ISBN 978-1-80611-330-7\n"
        "\fContents\n"
        "1 Events and Probability 1\n"
        "2 Random Variables 3\n"
        "3 The Law of Averages 5\n"
        "\f1 Events and Probability\n"
        "Probability is the part of mathematics that deals with experiments whose\n"
        "outcome we cannot predict, but whose long-run behaviour we can.\n"
    )
    body = clean_text(text).body
    assert "\n\nContents\n\n1 Events and Probability 1\n" in body, body
    assert "3 The Law of Averages 5\n\n1 Events and Probability\n\n" in body, body


POEMS = (
    "Jory Maddern was a cooper, and it shows: his lines are short, tight and hooped.\n"
    "\n\n"
    "Cooper’s Rhyme\n"
    "     Oak for the brine,\n"
    "     ash for the hoop,\n"
    "     a song for the line\n"
    "     and a fire for the soup.\n"
    "\n"
    "     Stave upon stave\n"
    "     and the iron drawn tight,\n"
    "     the cask will behave\n"
    "     if the hooping is right.\n"
)


def test_a_poems_title_over_its_first_stanza_stands_apart():
    # (probe28 saltlantern, pdftotext -layout) the title at the margin over a stanza set
    # in: two blocks (before, the title was the stanza's first line)
    body = clean_text(POEMS).body
    assert "\n\nCooper’s Rhyme\n\nOak for the brine,\nash for the hoop,\n" in body, body


def test_a_yield_over_ingredients_with_quantities_ranged_right_stands_apart():
    # (probe31 saltmarsh, xelatex) the ingredients' quantities ranged right set their
    # lines at several indents: the yield line is still no ingredient (before, one block)
    text = (
        "Creek Onion Soup\n\n"
        "Serves 4\n"
        "4 large onions\n"
        "   40 g butter\n"
        " 1 litre dark stock\n"
        "2 slices stale bread\n"
        "\n"
        "Slice the onions thinly and soften them in the butter over a low heat for forty\n"
        "minutes, until they are soft, sweet and brown all through.\n"
    )
    body = clean_text(text).body
    assert "\n\nServes 4\n\n4 large onions\n" in body, body


REFERENCES = (
    "We thank the keepers of the parish chest for their patience with us over the\n"
    "three summers that this work took, and the vicar for the loan of a lamp.\n"
    "\n"
    "References\n"
    "[1] A. Penhale. Sluices and the tide. Marsh Papers\n"
    "    12, 2004.\n"
    "[2] B. Trask. The lesser drains. Fen Notes 3, 1999.\n"
)


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # (probe31 tidewater) a short heading over a bracketed reference stands apart, and
        # the reference's turned line, set in under its text, goes on
        (
            REFERENCES,
            "\n\nReferences\n\n[1] A. Penhale. Sluices and the tide. Marsh Papers 12, 2004.\n\n"
            "[2] B. Trask.",
        ),
        # must not change: an editor's bracket inside a sentence goes on
        (
            "The clerk wrote that the rate was paid in full by the tenant of the\n"
            "[lower] mill, and that the sluice was mended by the parish.\n",
            "tenant of the [lower] mill, and",
        ),
    ],
)
def test_a_reference_list_under_its_heading_keeps_its_entries(text, wanted):
    body = "\n\n" + clean_text(text).body
    assert wanted in body, body


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # (probe34 brackenfold) a list's last item ended its sentence; the title on the next
        # page, set in by a space as pypdf writes it, is no turnover of the item
        (
            "A few habits are worth keeping:\n"
            "• weigh the flour, since a cup of flour differs in every house;\n"
            "• warm the bowl before any dough that has to rise;\n"
            "• never open the oven door during the first half of a bake.\n"
            "\n"
            "\f Soups and Broths\n"
            "Barley Broth\n"
            "Serves 6\n"
            " 2 large onions\n"
            " 40 g butter\n"
            " 80 g pearl barley\n"
            " 1 litre lamb stock\n"
            " 200 ml milk\n"
            " salt, pepper and a little mace\n",
            "• never open the oven door during the first half of a bake.\n\nSoups and Broths\n",
        ),
        # must not change: an item's turned line at the item's text goes on
        (
            "A few habits are worth keeping:\n"
            "• weigh the oats, since a cup of oats differs in every house, and\n"
            "  Weigh Them Again.\n"
            "• never open the oven door.\n",
            "and Weigh Them Again.\n",
        ),
    ],
)
def test_a_title_set_in_by_a_space_after_a_finished_list_item_ends_the_list(text, wanted):
    body = clean_text(text).body
    assert wanted in body, body


SONG = (
    "The children who stood on the hard that winter made up a rhyme about the ferry and\n"
    "the woman who rowed it, which is still sung in the town when the tide is high:\n"
    "\n"
    "        The bridge is made of iron,\n"
    "        the bridge is made of stone,\n"
    "        but when the barges break it\n"
    "        we ring for Agnes Quell.\n"
    "\n"
    "        She rows against the ebb tide,\n"
    "        she rows against the flood,\n"
    "        and brings the doctor over\n"
    "        for sixpence and a song.\n"
    "\n"
    "Thomas came back in the spring to survey the damage, and crossed with her every\n"
    "morning for a month, and on the last morning he asked her about the water.\n"
)


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # (probe33 brackwater) a stanza whose lines show little (one ends on "it") beside a
        # stanza set in alike keeps its lines
        (SONG, "The bridge is made of iron,\nthe bridge is made of stone,\nbut when the barges"),
        # must not change: a block set in with prose between it and the stanza is no
        # sibling of it
        (
            SONG.replace(
                "        She rows against",
                "The song went on, and the town learned every word of it by the spring.\n\n"
                "        She rows against",
            ),
            "The bridge is made of iron, the bridge is made of stone, but when the barges",
        ),
    ],
)
def test_a_stanza_beside_a_stanza_set_in_alike_is_verse(text, wanted):
    body = clean_text(text).body
    assert wanted in body, body


TERMS = (
    "The layout room has its own words, which new members pick up quickly enough.\n"
    "\n"
    "Words used in the signal box\n"
    "down line\n"
    "The track that carries trains away from the town, towards the coast and the\n"
    "harbour branch beyond the tunnel.\n"
    "token\n"
    "A brass tablet that a driver must hold before taking a train onto the single line\n"
    "between the two loops at the far end.\n"
    "block\n"
    "A length of track that only one train may occupy at a time; the branch has four,\n"
    "each with its own lever in the frame.\n"
)


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # (probe35 hartsmoor) headwords on lines of their own in lower case, each then its
        # definition: each term and each definition a block
        (TERMS, "\n\nWords used in the signal box\n\ndown line\n\nThe track that carries"),
        (TERMS, "at the far end.\n\nblock\n\nA length of track"),
        # must not change: a line in lower case that goes on from a sentence's abbreviation
        (
            "The boxes were painted by Messrs. Hale and Co. in the spring of that year and\n"
            "repainted every ten years after, always in the same green, until the line closed.\n",
            "Messrs. Hale and Co. in the spring",
        ),
    ],
)
def test_headwords_on_lines_of_their_own_stand_apart(text, wanted):
    body = "\n\n" + clean_text(text).body
    assert wanted in body, body


EXAMPLE_BOX = (
    "If we know how fast a bed was laid down, we can estimate how long it took to form,\n"
    "though any such figure is only a rough guide, since deposition is never steady.\n"
    "\n"
    "    Example 3.2 The shale at Penwarne Cove is 24 metres thick, and similar muds\n"
    "    settle today in quiet bays at about 4 millimetres a year. How long did the\n"
    "    shale take to form? Solution. Convert the thickness: 24 metres is 24 000\n"
    "    millimetres, and by equation (3) the time is 24 000 ÷ 4, or about 6 000 years,\n"
    "    though the mud was squeezed as it was buried, so the true figure was longer.\n"
    "\n"
    "Calculations of this kind are easily repeated for a whole cliff, bed by bed, and\n"
    "a short program saves a good deal of arithmetic in the field notebook, where the\n"
    "figures for each bed are written down as the section is measured, from the foot\n"
    "of the cliff to its top, and checked again at the end of the day by lamplight.\n"
)


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # (probe37 carrack) a worked example set in, one of whose lines holds a sum, is
        # prose: its lines join
        (EXAMPLE_BOX, "How long did the shale take to form? Solution. Convert the thickness"),
        # must not change: a listing set in, its lines code, keeps them
        (
            "The program is short:\n\n"
            "    beds = [(24.0, 4.0), (6.5, 10.0)]\n"
            "    for metres, rate in beds:\n"
            "        print(metres * 1000 / rate)\n\n"
            "and it prints the years for each bed.\n",
            "    for metres, rate in beds:\n        print(",
        ),
    ],
)
def test_a_worked_example_set_in_with_a_sum_in_one_line_is_prose(text, wanted):
    body = clean_text(text).body
    assert wanted in body, body


TYPESET = (
    "The redshank is a grey-brown wader with bright orange-red legs and a white rump\n"
    "that shows in flight. It is the nervous sen\u2010\n"
    "try of the marsh, the first bird to fly up with a loud, ringing alarm call when\n"
    "anyone walks along the flood bank, and the last to settle again when the walker\n"
    "has gone on towards the old life\u2010\n"
    "boat house at the harbour mouth, where the path ends at a well-kept stile.\n"
)


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # (probe38 wyndle, probe29 carrowmoths) a renderer's own hyphen (U+2010 at line
        # ends, where every hyphen inside a line is the typed one) breaks a word: joined
        # though both halves are words ("sen" / "try", "life" / "boat")
        (TYPESET, "the nervous sentry of the marsh"),
        (TYPESET, "towards the old lifeboat house"),
        # must not change: where the book sets U+2010 inside its lines too, the line-end
        # one may be an author's, and both halves words keep it
        (
            TYPESET.replace("grey-brown", "grey\u2010brown"),
            "the nervous sen\u2010try of the marsh",
        ),
    ],
)
def test_a_renderers_own_hyphen_at_a_line_end_breaks_a_word(text, wanted):
    body = clean_text(text).body
    assert wanted in body, body


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        # pdftext cut the printed line after the raised call; its rest set in by a space
        (
            "path that does not cross a neighbour's washing\n"
            "line or a public footpath. Bees fly out of the\n"
            "entrance and rise steeply, so a hedge or fence a\n"
            "few yards in front of the hive will lift them over\n"
            "height.1\n The ground should be firm and level, and\n"
            "there should be room to stand behind or beside the\n"
            "hive while it is open, and a path to the hive.\n",
            True,
        ),
        # must not change: a paragraph's last line ending in its call, the next paragraph
        # set in by a space, the two together a full line too
        (
            "concedes this much but argues that the relevant\n"
            "virtues are simply the familiar ones, kindness\n"
            "and justice, which work well, as he says, in\n"
            "the world upstream of action.3\n"
            " I do not think the difference between\n"
            "is large, but it is not nothing, and the rest of\n"
            "this chapter says why it matters as it does.\n",
            False,
        ),
    ],
)
def test_a_line_cut_after_a_notes_call_goes_on(text, joined):
    out = body(text)
    assert ("\n\n" not in out.strip()) == joined, out


SEMICOLON_LIST = (
    "Before you start, make sure that you have the following to hand in the kitchen:\n"
    "a wide, heavy pan that holds at least twice the volume of fruit and\n"
    "sugar;\n"
    "a long wooden spoon kept only for jam, so that it never tastes of\n"
    "onions;\n"
    "clean jars with lids that fit, warmed in a low oven before filling;\n"
    "a saucer chilled in the refrigerator for the wrinkle test.\n"
    "Wash the jars in hot soapy water and rinse them well, then stand them\n"
    "upside down on a tray in an oven at a low heat for twenty minutes.\n"
)


def test_items_of_a_list_whose_bullets_were_lost_end_at_their_semicolons():
    out = body(SEMICOLON_LIST)
    assert (
        "\n\na wide, heavy pan that holds at least twice the volume of fruit and sugar;\n\n" in out
    )
    assert (
        "\n\na long wooden spoon kept only for jam, so that it never tastes of onions;\n\n" in out
    )
    assert "\n\nclean jars with lids that fit, warmed in a low oven before filling;\n\n" in out


@pytest.mark.parametrize(
    "text",
    [
        # prose whose full lines happen to end at semicolons
        "The survey found three things worth reporting to the committee as a whole:\n"
        "the gauge had drifted by a centimetre in the year since it was last read;\n"
        "the screen had lost its paint on the side that faces the prevailing wind;\n"
        "and the records kept by the volunteers were complete for every month.\n",
        # verse: lines closed by semicolons that never turn over
        "And so the keeper spoke:\nthe lamp is lit;\nthe glass is clean;\nthe night is long.\n",
        # a list with its marks: a list already
        "Add up only what you would still have to pay:\n"
        "a) housing costs, including rent or mortgage payments, insurance and local\n"
        "taxes;\n"
        "b) food and transport;\n"
        "c) debts.\n",
    ],
)
def test_semicolon_line_ends_that_close_no_lost_items(text):
    res = clean_text(text)
    assert not logged(res, "semicolon_items"), res.body


@pytest.mark.parametrize(
    ("second_x1", "joined"),
    [
        (330.0, True),  # a quotation set narrower, justified: its lines end together
        (250.0, False),  # two one-line paragraphs of dialogue, indented alike
    ],
)
def test_a_quotation_set_narrower_goes_on_after_a_full_line_that_ends_a_sentence(second_x1, joined):
    from pipeline.document import Book, Geom, Line, Page, Source
    from pipeline.registry import StageLog, get_stages

    def ln(text: str, top: float, x0: float, x1: float) -> Line:
        return Line(text, 1, Geom(x0, top, x1, top + 10, 10.0))

    body = [ln(f"Body line {k} of the page runs on as a body line does, full.", 12 * k, 51, 350)
            for k in range(5)]  # fmt: skip
    # (the extraction sets a line's indent as spaces before its text)
    first = ln("   Emptied the trap at half past four with the mist on the grass.", 60, 66, 330)
    second = ln(
        "   One hundred and twelve moths, and most of them the common ones", 72, 66, second_x1
    )
    after = ln("Body line after the quotation runs on as a body line does.", 84, 51, 350)
    book = Book(Source("x", "t", "pdf"), (Page(1, (*body, first, second, after)),), 1)
    spec = get_stages()["rejoin_lines"]
    texts = [b.text for b in spec.func(book, spec.params(), StageLog("rejoin_lines")).blocks]
    together = any("on the grass. One hundred" in t for t in texts)
    assert together == joined, texts


@pytest.mark.parametrize(
    ("rights", "apart"),
    [
        # verse: each line ended with room to spare, lower-case starts
        ([191.0, 164.0, 224.0, 205.0, 166.0], True),
        # justified prose: lines that end together
        ([295.0, 295.0, 295.0, 295.0, 166.0], False),
        # ragged prose: a little room, never enough for the next word
        ([290.0, 293.0, 289.0, 294.0, 166.0], False),
    ],
)
def test_pdf_verse_lines_ended_with_room_to_spare_stay_apart(rights, apart):
    from pipeline.document import Book, Geom, Line, Page, Source
    from pipeline.registry import StageLog, get_stages

    texts = [
        "Low water, and the boats lie down",
        "like cattle in a summer field,",
        "their ropes gone slack across the mud",
        "where the gulls walk out to see",
        "and nothing moves but light.",
    ]
    body = [Line(f"Body line {k} of the page, full as a body line is.", 1,
                 Geom(40, 12 * k, 295, 12 * k + 10, 10.0)) for k in range(4)]  # fmt: skip
    verse = [
        Line(t, 1, Geom(40, 60 + 12 * k, r, 70 + 12 * k, 10.0))
        for k, (t, r) in enumerate(zip(texts, rights, strict=True))
    ]
    book = Book(Source("x", "t", "pdf"), (Page(1, (*body, *verse)),), 1)
    spec = get_stages()["rejoin_lines"]
    blocks = [b.text for b in spec.func(book, spec.params(), StageLog("rejoin_lines")).blocks]
    joined = any("lie down like cattle" in t for t in blocks)
    assert joined != apart, blocks


# Rules of a mooring club as pdftotext sets them (not -layout): each hanging paragraph number
# a block of its own, a definitions list under a lead that ends in a dash, a footnote.
MOORING_RULES = (
    "Rules of the Harbour Club\n"
    "\n"
    "1. Moorings\n"
    "1.1\n"
    "\n"
    "In these Rules, unless the context otherwise requires—\n"
    "“berth” means a numbered place on the pontoon let to a\n"
    "member for a season;\n"
    "“member” means a person elected under rule 4, and\n"
    "includes a family member;\n"
    "“season” means the months from April to October in any\n"
    "one year.\n"
    "\n"
    "1.2\n"
    "\n"
    "A berth is let for the season only, and a member who wants\n"
    "it again must apply before the end of February, in the form\n"
    "the secretary sends out with the notice of the annual fees.1\n"
    "\n"
    "1.3\n"
    "\n"
    "A member who gives up a berth during the season has no claim to a refund of any part\n"
    "of the fee, whatever the reason for giving it up may be.\n"
    "\n"
    "1 The fees for each season are set out in rule 3.1.\n"
    "\n"
    "1\n"
    "\f"
    "Rules of the Harbour Club\n"
    "\n"
    "2. Conduct on the Pontoon\n"
    "2.1\n"
    "\n"
    "Engines may be run on the pontoon only between 8 and\n"
    "10 in the morning, and never for longer than twenty minutes\n"
    "at a time, so that the other members are not disturbed.\n"
    "\n"
    "2\n"
)


def test_hanging_paragraph_numbers_set_as_blocks_open_their_paragraphs():
    out = body(MOORING_RULES)
    paras = out.split("\n\n")
    assert "1.2 A berth is let for the season only, and a member who wants it again" in out
    assert "2.1 Engines may be run on the pontoon only between 8 and 10 in the morning" in out
    assert "2. Conduct on the Pontoon" in paras  # a heading, no run-on into 2.1
    assert not [p for p in paras if p.strip() in ("1.1", "1.2", "2.1")], paras
    # the definitions are items of their own under their lead
    assert "1.1 In these Rules, unless the context otherwise requires—" in paras
    assert "“member” means a person elected under rule 4, and includes a family member;" in paras
    # the note follows the paragraph that calls it ("fees.1"), not the page's last one
    fees = next(k for k, p in enumerate(paras) if p.endswith("annual fees.1"))
    assert paras[fees + 1] == "1 The fees for each season are set out in rule 3.1.", paras


# A glossary as PDFBox writes it: no blank lines, no indents, each letter group's capital
# alone on its line.
GLOSSARY_FLAT = (
    "The words below are those used on the river, in the order of the alphabet.\n"
    "A\n"
    "anchor n. A weight on a chain that holds a boat in one place against\n"
    "the stream.\n"
    "B\n"
    "bank n. The raised edge of the river.\n"
    "barge n. A flat-bottomed boat for heavy loads, towed or poled.\n"
    "C\n"
    "cut n. A channel dug to carry the river past a mill or a weir.\n"
    "D\n"
    "dolphin n. A post or a group of posts that boats moor to.\n"
)


def test_a_glossarys_letter_groups_head_their_entries():
    res = clean_text(GLOSSARY_FLAT)
    paras = res.body.split("\n\n")
    for letter in "ABCD":
        assert letter in paras, paras
    assert [e.before for e in logged(res, "letter_head")] == list("ABCD")


@pytest.mark.parametrize(
    "text",
    [
        # a drop cap's letter alone over the rest of its word: no letter group
        "T\nhe river was high that spring.\nI\nn the town they waited.\nW\nhen it fell, they went home.\n",
        # capitals out of alphabetical order
        "C\ncut n. A channel.\nA\nanchor n. A weight.\nB\nbank n. The edge.\n",
    ],
)
def test_lone_capitals_that_head_no_letter_groups(text):
    res = clean_text(text)
    assert not logged(res, "letter_head")


# A manual as pypdf writes it: no blank lines, a title page, sections numbered "1.1.",
# paragraphs that open with the program's name in lower case.
MANUAL_LOWER_NAME = (
    "tarn 1.2 User Guide\n"
    "Keeping tide tables\n"
    "Fellside Software\n"
    "\f"
    "Chapter 1. Getting started\n"
    "tarn reads tide tables, checks them for gaps and writes them out again in one\n"
    "format. It is meant for harbour offices that keep their own tables.\n"
    "tarn never changes a table unless you ask it to. The check command only reads,\n"
    "and the fix command writes a new file beside the old one.\n"
    "1.1. Installing tarn\n"
    "tarn needs Python 3.11 or later. It has no compiled parts, so the same package\n"
    "works everywhere. tarn keeps no backup of a table, so make a copy first.\n"
)


def test_a_numbered_heading_over_a_paragraph_that_opens_with_a_lower_case_name():
    paras = body(MANUAL_LOWER_NAME).split("\n\n")
    assert "Chapter 1. Getting started" in paras, paras
    assert "1.1. Installing tarn" in paras, paras
    assert any(p.startswith("tarn needs Python 3.11") for p in paras), paras


def test_a_numbered_line_whose_sentence_goes_on_in_lower_case_stays_one_paragraph():
    # (no word opens a sentence in lower case in this text: the line goes on)
    text = (
        "The rules were few.\n"
        "2.1. The Warden said that the gate must be shut\n"
        "before dark, and it was shut before dark every night that year.\n"
    )
    assert "2.1. The Warden said that the gate must be shut before dark" in body(text)


# A hymn as PyMuPDF writes a songbook's page: no blank lines, no indents, numbered stanzas.
NOTE_ON_THE_TUNE = (
    "The tune is an old one from the dale, and nobody now knows who first set it down on\n"
    "paper; the chapel band has played it from memory for as long as anyone can recall,\n"
    "and the words below were written for it by the steward in the winter of 1960.\n"
)
HYMN = (
    NOTE_ON_THE_TUNE + "1. The ferry waits below the hill\n"
    "and rocks upon the tide;\n"
    "the boatman whistles, loud and shrill,\n"
    "to call us to his side.\n"
    "2. We cross the water, grey and wide,\n"
    "and land upon the shore;\n"
    "the boatman turns against the tide\n"
    "and rows us back once more.\n"
    "The hymn is sung at the harvest supper, standing, after the grace and before the meal,\n"
    "and the band plays the last verse twice over while the tables are cleared for dancing.\n"
)


def test_a_hymnals_numbered_stanzas_keep_their_lines():
    res = clean_text(HYMN)
    paras = res.body.split("\n\n")
    assert (
        "1. The ferry waits below the hill\nand rocks upon the tide;\n"
        "the boatman whistles, loud and shrill,\nto call us to his side." in paras
    ), paras
    second = (
        "2. We cross the water, grey and wide,\nand land upon the shore;\n"
        "the boatman turns against the tide\nand rows us back once more."
    )
    assert any(p.startswith(second) for p in paras), paras
    assert len(logged(res, "numbered_stanza")) == 2


def test_numbered_steps_with_short_turnovers_are_no_stanzas():
    steps = (
        NOTE_ON_THE_TUNE + "Before you start, read all of the steps once.\n"
        "1. Lift the lid of the gauge\n"
        "and take out the funnel,\n"
        "then empty the can.\n"
        "2. Pour the water into the jug\n"
        "and read the level at eye height,\n"
        "then write it down.\n" + NOTE_ON_THE_TUNE
    )
    res = clean_text(steps)
    assert not logged(res, "numbered_stanza")
    assert "1. Lift the lid of the gauge and take out the funnel, then empty the can." in res.body


# A club's agreement as plain pdftotext writes a word processor's numbered clauses: the
# clause's and its first sub-clause's numbers stacked before the title, each lettered
# item's mark a block of its own.
AGREEMENT = (
    "These rules bind every member of the rowing club from the day the committee accepts\n"
    "the member's form, and they may be changed only at a general meeting of the club.\n"
    "\n"
    "1.\n"
    "1.1\n"
    "\n"
    "Boats and Oars\n"
    "A member may take out a club boat only when the following are true:\n"
    "(a)\n"
    "\n"
    "the boat is marked as fit in the log, and has been since its last outing;\n"
    "\n"
    "(b)\n"
    "\n"
    "“Crew” means the rowers named on the log sheet, and the cox if there is one;\n"
    "and\n"
    "\n"
    "(c)\n"
    "\n"
    "the river board shows green or amber at the time of launching the boat.\n"
    "\n"
    "2.\n"
    "2.1 Fees and Subscriptions\n"
    "The subscription is due on the first of April and covers the twelve months after it.\n"
)


def test_a_word_processors_clause_numbers_set_apart_go_back_to_their_text():
    paras = body(AGREEMENT).split("\n\n")
    assert "1. Boats and Oars" in paras, paras
    assert "1.1 A member may take out a club boat only when the following are true:" in paras
    assert any(p.startswith("(a) the boat is marked as fit in the log") for p in paras), paras
    assert any(p.startswith("(b) “Crew” means the rowers named") for p in paras), paras
    assert "2. Fees and Subscriptions" in paras
    assert any(p.startswith("2.1 The subscription is due") for p in paras), paras


@pytest.mark.parametrize("mark", ["∙", "⦁", "►", "➢"])
def test_items_marked_with_other_bullets_are_list_items(mark):
    # (IEEEtran sets its bullets as U+2219; Word's arrows come through as ► or ➢)
    text = (
        "Three kinds of error accounted for almost all of the larger differences:\n"
        f"{mark} movement of the stake in floods, which changed the datum by up to\n"
        "30 mm;\n"
        f"{mark} silt settling on the sensor face, which slowly raised the reading;\n"
        f"{mark} ice in the conduit during the cold spell.\n"
    )
    out = body(text)
    assert f"\n{mark} silt settling on the sensor face, which slowly raised the reading;\n" in out
    assert f"{mark} movement of the stake in floods, which changed the datum by up to 30 mm;" in out


# A walking guide as pdftotext -layout writes groff's mm: a place's name over its practical
# block set in, and a footnote numbered "1." at the page's foot.
GUIDE_PAGE = (
    "The fish market opens at six, and the auction is over by eight, which is early for most\n"
    "visitors, but the noise of it carries along the whole quay and is worth the effort to\n"
    "hear, even for those who cannot follow the bidding in the local dialect at all.1 The\n"
    "stalls at the south end go on selling to the public until half past nine.\n"
    "Gull Tower\n"
    "       ★★★\n"
    "       Bastione del Porto\n"
    "       Daily 9.00–18.00; €4\n"
    "The tower was built to watch for pirates and now watches for nothing but the weather,\n"
    "although the view from its roof is the best in the town on a clear morning in spring.\n"
    "\n"
    "\n"
    "1.    The auction is counted in pairs of numbers, which even visitors who speak the\n"
    "      language rarely follow.\n"
    "\f"
    "The quay ends at the harbour wall, where the ferries tie up in bad weather and the\n"
    "fishermen mend their nets on the stones when the sun is out and the wind is down.\n"
)


def test_a_guides_place_name_over_its_practical_block_is_a_heading():
    paras = body(GUIDE_PAGE).split("\n\n")
    assert "Gull Tower" in paras, paras
    assert any(p.startswith("The stalls at") or p.endswith("half past nine.") for p in paras)


def test_a_footnote_numbered_with_a_stop_follows_the_paragraph_that_calls_it():
    paras = body(GUIDE_PAGE).split("\n\n")
    note = "1. The auction is counted in pairs of numbers, which even visitors who speak the language rarely follow."
    assert note in paras, paras
    assert paras[paras.index(note) - 1].endswith("until half past nine."), paras


def test_a_numbered_list_at_a_pages_foot_over_its_own_note_is_no_note():
    page = (
        "The plan has five rules, and the third of them matters most in the first year of\n"
        "saving, when the habit is new and easily broken by a single bad month.3 They are:\n"
        "\n"
        "1. Save first and spend what is left, not the other way round.\n"
        "2. Automate the transfer so that it happens without a decision.\n"
        "\n"
        "3. Expect the first month to pinch, and treat a shortfall as information.\n"
        "\n"
        "3 This is sometimes called saving the raise.\n"
        "\f"
        "The second part of the plan is about spending, and it is shorter than the first.\n"
    )
    res = clean_text(page)
    assert "2. Automate the transfer so that it happens without a decision.\n" in res.body
    assert "\n\n3 This is sometimes called saving the raise." in res.body


def test_a_reference_opening_the_next_page_with_its_label_is_an_entry_of_its_own():
    refs = (
        "References\n"
        "[4] Brannock, J. A. (2015) Clay minerals of the estuary and the outer\n"
        "     bay. Journal of Coastal Sediments 22, 141–158.\n"
        "[9] Halloran, P. D. (1979) Rates of accretion on two salt marshes of the\n"
        "     northern coast. Unpublished MSc thesis, University of the North.\n"
        "\f"
        "[12] Tidal Observatory of the North (2024) Annual Sea Level Summary for\n"
        "     the Skelwick Gauge, 1993–2023. Skelwick: the Observatory.\n"
        "\f"
        "The appendix gives the station records in full, month by month, for the years\n"
        "in which the gauge was read by hand, before the logger was fitted in 1993.\n"
    )
    paras = body(refs).split("\n\n")
    assert any(p.startswith("[12] Tidal Observatory") for p in paras), paras
    assert any(p.endswith("University of the North.") for p in paras), paras


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        (
            "the marsh has risen by 3.2 mm/",
            "yr since the gauge was set up in the harbour.",
            "mm/yr since",
        ),
        (
            "members pay the annual and/",
            "or the monthly fee, as they choose at the desk.",
            "and/or the",
        ),
        # a slash set apart by spaces: the words stay apart
        (
            "you may pay it once a year /",
            "or every month, as you choose at the desk.",
            "year / or every",
        ),
    ],
)
def test_a_line_broken_after_a_slash(first, second, joined):
    text = (
        "The survey was repeated every spring for the whole of the period, and "
        + first
        + "\n"
        + second
        + "\n"
    )
    assert joined in body(text)


def test_a_title_pages_author_and_publisher_under_a_long_subtitle_stand_apart():
    text = (
        "             Harrowfield\n"
        "A Walking Guide to the Old Town and the Harbour\n"
        "\n"
        "\n"
        "              Tessa Linnane\n"
        "            Lanternside Guides\n"
        "\f"
        "How to Use This Guide\n"
        "Harrowfield is small enough to cross on foot in twenty minutes, and almost everything\n"
        "worth seeing lies within the old walls or along the harbour below them, so that a\n"
        "visitor with a single day can see the best of it without hurrying at all.\n"
    )
    paras = body(text).split("\n\n")
    assert "Tessa Linnane" in paras and "Lanternside Guides" in paras, paras


def test_a_pdf_title_over_two_lines_after_a_finished_sentence_is_a_heading():
    from pipeline.document import Book, Geom, Line, Page, Source
    from pipeline.registry import StageLog, get_stages

    def ln(text: str, page: int, top: float, size: float = 10.0, x0: float = 51.0) -> Line:
        return Line(text, page, Geom(x0, top, 350.0, top + size, size))

    first = [ln(f"Body line {k} of the preface runs on as a body line does, full.", 1, 60 + 12 * k)
             for k in range(6)] + [ln("and thank the station for the use of its flume.", 1, 132)]  # fmt: skip
    second = [
        ln("Low-Cost Stage Sensing with Vented Pressure Transducers in Upland", 2, 55, 14.0),
        ln("Streams, 1990–", 2, 72, 14.0, 160.0),
        ln("2020", 2, 89, 14.0, 180.0),
        *[ln(f"Body line {k} of the paper runs on as a body line does, in full.", 2, 100 + 12 * k)
          for k in range(5)],
    ]  # fmt: skip
    book = Book(Source("x", "t", "pdf"), (Page(1, tuple(first)), Page(2, tuple(second))), 2)
    spec = get_stages()["rejoin_lines"]
    texts = [b.text for b in spec.func(book, spec.params(), StageLog("rejoin_lines")).blocks]
    # (its turnover after a dash joins tight)
    title = "Low-Cost Stage Sensing with Vented Pressure Transducers in Upland Streams, 1990–2020"
    assert title in texts, texts


def test_list_marks_left_at_a_pages_end_are_dropped_and_logged():
    # (mutool's text: the page's bullets and numbers after its text, away from their items)
    page = (
        "Materials\n\n1 sieve and 1 jug\n\n6 clear plastic cups\n\n"
        "Pour the water through the sieve into the jug and let it cool before you use it.\n"
        "\n•\n\n•\n\n1.\n\n2.\n"
    )
    res = clean_text(
        page + "\f" + "The second page goes on with the method, in full lines as before.\n"
    )
    assert "•" not in res.body and "\n1.\n" not in "\n" + res.body
    assert [e.before for e in logged(res, "stray_markers")] == ["• • 1. 2."]


def test_a_crosswords_clues_count_up_with_gaps_each_an_item():
    clues = (
        "Across\n"
        "1 Small dark bird that walks under the\n"
        "   water (6)\n"
        "5 Tall grey fisher of the shallows (5)\n"
        "7 Whiskered swimmer that leaves its\n"
        "   tracks in the mud (5)\n"
        "8 Barrier built across a river to raise\n"
        "   the level of the water above it (4)\n"
        "10 Narrow boat with a flat bottom (4)\n"
    )
    paras = body(clues).split("\n\n")
    assert "5 Tall grey fisher of the shallows (5)" in paras, paras
    assert "7 Whiskered swimmer that leaves its tracks in the mud (5)" in paras, paras


def test_lines_opening_with_years_that_count_up_are_no_items():
    # (a chronicle's sentences, one to a line, each opening with its year: no turnovers)
    text = (
        "The gauge was read by hand for many years before the logger came.\n"
        "1990 saw the first reading taken at the new weir by the warden.\n"
        "1995 brought the flood that washed the old staff gauge away.\n"
        "1998 was the year the logger was fitted to the weir and tested.\n"
        "2003 ended the hand readings for good.\n"
    )
    res = clean_text(text)
    assert "away. 1998 was the year" in res.body, res.body


def test_a_pdf_line_ending_on_a_function_word_joins_the_next_with_a_space():
    # (a typesetter breaks no word without a hyphen: "in" / "stilling" is no "instilling")
    from pipeline.document import Book, Geom, Line, Page, Source
    from pipeline.registry import StageLog, get_stages

    texts = [
        "The stage of a stream is the quantity from which most records of flow",
        "are derived. On large rivers stage is measured in",
        "stilling wells housed in permanent buildings, but on a small stream that",
        "is seldom possible, and the stilling well is often a plastic pipe.",
    ]
    lines = tuple(
        Line(t, 1, Geom(51.0, 60 + 12 * k, 51.0 + 4.6 * len(t), 70 + 12 * k, 10.0))
        for k, t in enumerate(texts)
    )
    book = Book(Source("x", "t", "pdf"), (Page(1, lines),), 1)
    spec = get_stages()["rejoin_lines"]
    text = " ".join(b.text for b in spec.func(book, spec.params(), StageLog("rejoin_lines")).blocks)
    assert "measured in stilling wells" in text, text


def test_a_tables_head_row_over_a_longer_row_in_its_size_is_no_two_line_title():
    from pipeline.document import Book, Geom, Line, Page, Source
    from pipeline.registry import StageLog, get_stages

    def ln(text: str, top: float, size: float = 10.0) -> Line:
        return Line(text, 1, Geom(51.0, top, 51.0 + 0.5 * size * len(text), top + size, size))

    body = [ln(f"Body line {k} of the chapter runs on as a body line does, in full.", 60 + 12 * k)
            for k in range(6)] + [ln("and the board of charges is now in the museum.", 132)]  # fmt: skip
    table = [
        Line("", 1),
        ln("A Chronology", 160, 16.0),
        Line("", 1),
        ln("Year Event", 212, 12.0),
        ln("1471 Oak frame of Bridge Street house felled", 229, 12.0),
        ln("1538 Market charter granted by the abbot", 246, 12.0),
    ]
    book = Book(Source("x", "t", "pdf"), (Page(1, (*body, *table)),), 1)
    spec = get_stages()["rejoin_lines"]
    texts = [b.text for b in spec.func(book, spec.params(), StageLog("rejoin_lines")).blocks]
    assert not any("Year Event 1471" in t for t in texts), texts


def test_a_number_in_brackets_set_in_as_a_turnover_is_no_items_mark():
    clues = (
        "The answers are at the back of the book, with the grids filled in for checking.\n"
        "\n"
        "14 Willow cut back to a stump to make\n"
        "   it grow again (7)\n"
        "15 Stretch of still water above a lock\n"
        "   (5)\n"
        "Down\n"
        "1 Insect with a bright body that hunts\n"
        "   over ponds (9)\n"
    )
    out = body(clues)
    assert "above a lock (5)" in out and "(5) Down" not in out, out
