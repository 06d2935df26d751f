"""Table tests for fix_spacing: artifacts that must be fixed and text that must not change."""

from __future__ import annotations

import pytest

from pipeline import clean_text
from stages.lexicon import Lexicon
from stages.spacing import SpacingParams, fix_punctuation, join_split_words, split_glued_words

P = SpacingParams()

FIXED = [
    ("The ar guments were long.", "The arguments were long."),
    ("They will of fer a discount.", "They will offer a discount."),
    ("The traf fic grew.", "The traffic grew."),
    ("A diffe rent answer.", "A different answer."),
    ("Y ou can see it.", "You can see it."),
    ("We would r ather wait; the r ange is wide.", "We would rather wait; the range is wide."),
    (
        "A fr action of the load, a fr agile link, a small fr action again.",
        "A fraction of the load, a fragile link, a small fraction again.",
    ),  # a kerned pair split alike all through the book is no abbreviation
    ("a sig nificant change", "a significant change"),
    ("the ener gy bill", "the energy bill"),
    ("the lar gest item", "the largest item"),
    ("an ef fective team", "an effective team"),
    # a rarer joined form, attested by English when no fragment is a function word
    ("Sugar begins to car amelize at 160 degrees.", "Sugar begins to caramelize at 160 degrees."),
    # two rarer words whose joined form English writes far more often than the pair
    ("In cold and temper ate climates.", "In cold and temperate climates."),
    ("Explain it without jar gon.", "Explain it without jargon."),
    # three fragments around one that is no word, into a rarer word English knows
    ("Set the conf igur able limit.", "Set the configurable limit."),
    # two letters English does not write as a word, used nowhere else in the book
    ("It is al ways open to us.", "It is always open to us."),
    ("We un pack the bags.", "We unpack the bags."),
    # the stray fragment yields to the join on its other side
    ("Scribe a line ar ound the rail.", "Scribe a line around the rail."),
]

KEPT = [
    "a stall for the Stillroom Review at the fair",  # a name mid-sentence, not "Still room"
    "the Centre de Visitants by the lighthouse",
    "Let x ij be the entry of row i.",  # a letter before a non-word that English rarely writes
    "The value of r and the slope.",  # a letter before a word: no join on its own
    "We found a way to do it.",
    "Turn it in to the office.",
    "Hold on to the rail.",
    "It happens some times, not always.",
    "Every one of them passed.",
    "Not any more than before.",
    "It is a part of the plan.",
    "It may be late.",
    "Call os.path.join and read example.com or Node.js docs.",
    "Use v1.2 or snake_case and camelCase names.",
    "Mail dev@example.org or see https://example.org/a b.",
    "The van der Berg paper.",
    # two words whose closed form English writes rarely (under 3 per million words)
    "Cut just below the rib cage, then cut the rib cage on both sides.",
    # a name ending in a function word, whose head the book writes in lower case too
    "The hens by the door at Hensby laid well; the winds or the rain at Windsor, in the mart.",
    # two common words whose closed form is far rarer than either: an open compound
    "A colony of honey bees is a family; the tooth brush and the candle light stay.",
    "Let a x be a vector.",
    # a variable before a function word: "nh is" is no split "nhis"
    "The stratum size nh is known and ch is the cost.",
    # two words that are more often two words than one ("log in", "per cent", "a gain")
    "Please log in first; costs rose ten per cent, a gain for us.",
    # two-letter words of English or of borrowed phrases; phrasal verbs
    "It was de facto policy, ad hoc and en route; set up the tent, pay off the loan.",
    # a short fragment the book uses elsewhere ("et al.") is a word of the book
    "As Berg et al. showed, it is al ways a risk.",
    # Italian in an English book: no "an data", "valid i", "informa no"
    "Single or return? Solo andata o andata e ritorno? Return, for two adults: adulti.",
    "Si informano i gentili viaggiatori che i biglietti ferroviari sono validi anche sui treni.",
    # a unit or abbreviation the book writes after numbers, before a word
    "Cast on 1 st, work 24 sts over st st on 3.5 mm needles; cast on 1 st over the gap.",
    # (probe30 chance) the rest of a word hyphenated at the line end is no glued word:
    # no "num-" / "be rsa" (the joined "rsa" is an acronym's)
    "For random variables X, Y and num-\nbers a, b, the expectation is linear.",
]


@pytest.mark.parametrize(("before", "after"), FIXED)
def test_split_words_joined(before, after):
    lex = Lexicon([before])
    assert join_split_words(before, lex, P)[0] == after


@pytest.mark.parametrize("text", KEPT)
def test_traps_unchanged(text):
    lex = Lexicon([text, "away into onto sometimes everyone anymore apart maybe"])
    assert join_split_words(text, lex, P)[0] == text
    assert fix_punctuation(text)[0] == text
    assert split_glued_words(text, lex, P)[0] == text


PUNCT = [
    ("the provider ’s view", "the provider’s view"),
    ("it doesn’ t work", "it doesn’t work"),
    ("that’ s all", "that’s all"),
    ("you ’re late", "you’re late"),
    ("won’ t stop", "won’t stop"),
    ("spend money , then", "spend money, then"),
    ("rise simultaneously .", "rise simultaneously."),
    ("the term : value", "the term: value"),
    ("the ( NACL s) list", "the (NACLs) list"),
    ("wait . . . and see", "wait . . . and see"),
    ("entry . . . . 26", "entry . . . . 26"),
    ("from .5 to .7", "from .5 to .7"),
    ("the ‘quoted’ word", "the ‘quoted’ word"),
    ("it has n’t stopped", "it hasn’t stopped"),
    ("Why ? Because", "Why? Because"),
    # must not change: a ? or ! between words is a symbol; a mark inside braces is math
    ("the ? operator returns", "the ? operator returns"),
    ("the set {an : n ∈ N} is", "the set {an : n ∈ N} is"),
    # must not change: French sets a space before ! ? : ; (the line reads as French)
    ("Rachid : Salut Camille ! Alors, ce week-end", "Rachid : Salut Camille ! Alors, ce week-end"),
    ("Est-ce que tu as fini ton rapport ?", "Est-ce que tu as fini ton rapport ?"),
    # an English line with one French phrase is English: its spaced marks are artifacts
    ("the dish , served à propos : then", "the dish, served à propos: then"),
]


@pytest.mark.parametrize(("before", "after"), PUNCT)
def test_punctuation(before, after):
    assert fix_punctuation(before)[0] == after


def test_glued_word_split_logged():
    result = clean_text("Use judgement. It needs the same ongoingjudgement from people.\n")
    assert "ongoing judgement" in result.body
    rules = [e.rule for e in result.edits]
    assert "glued_word" in rules


def test_glued_sentence():
    result = clean_text("The run stopped at it.If it fails, retry.\n")
    assert "it. If it fails" in result.body


def test_code_is_not_respaced():
    text = "Run this:\n\n    total = add(a , b) ;\n    print(total , x)\n\nDone .\n"
    body = clean_text(text).body
    assert "add(a , b) ;" in body
    assert "print(total , x)" in body
    assert body.rstrip().endswith("Done.")


def test_book_vocabulary_decides():
    # "kuberlet" is no English word, but the book uses it unbroken: the split form joins.
    text = "The kuberlet runs. A kuberlet restarts. Each kuber let logs.\n"
    assert "Each kuberlet logs." in clean_text(text).body


# Glued words: a lost space between two words. The book around each case gives the
# evidence the stage would have in a real book (the parts used elsewhere, or not).
GLUED_SPLIT = [
    # two long words, one rarer, glued by an OCR engine: no word of English that long
    ("Therapy adds training in toleratinguncertainty to it.", "tolerating uncertainty"),
    # English knows the token only as a typo: far rarer than its two words side by side
    ("Validation belongs atthe edge of it.", "at the edge"),
    ("Keep the rest ofthe program simple.", "rest of the program"),
    ("They fail in thesame way each time.", "in the same way"),
    ("Return asmall number for errors.", "Return a small number"),
    ("Route the alerts tothe team.", "alerts to the team"),
    # short tokens: two function words
    ("A single gram of clay hasa large surface.", "clay has a large"),
    ("The simplest isto let it run.", "simplest is to let"),
    # "-as" and "-is" endings are no inflections (such|as, script|is)
    ("Code reviewis the main social event.", "Code review is the main"),
    # a rarer word beside a function word, in a token English does not know
    ("Oil coats the surface of each dropletand keeps it apart.", "droplet and keeps"),
    ("Keep the root zone above thewettest layer.", "above the wettest layer"),
    # two long words
    ("Stop calling a failingdependency for a while.", "a failing dependency for"),
    # a capitalised word before "that", "the", "and"
    ("It saves money. Beyondthat, it is quiet.", "Beyond that, it"),
    # a capitalised head the book also writes in lower case
    (
        "Heavy rain falls. Heavydigging harms the soil; heavy soil drains slowly.",
        "Heavy digging harms",
    ),
    # a rare token English knows from text with the same lost space, whose two words the
    # book writes apart twice and which it never uses again
    (
        "Such as this. Legumes, suchas clover, fix nitrogen, such as beans do.",
        "Legumes, such as clover,",
    ),
    (
        "Ask how many. Count howmany rows changed, and how many failed.",
        "Count how many rows",
    ),
]

GLUED_KEPT = [
    "Keep clear of an offlying reef.",  # no "an of flying": no determiner before "of"
    # a species' Latin name: genus and epithet, not "bernhard us"
    "The hermit crab Pagurus bernhardus lives in old whelk shells.",
    # English words that are two function words or a function word and a word
    "The parties agree whereof this deed is proof.",
    "All rights therein are reserved.",
    "The formatter runs on save.",
    "Set it aright before noon.",
    # a prefix does not stand alone
    "PostgreSQL, whose multiversion design keeps old rows, is fast.",
    # a compound of two short content words the book does not use apart
    "Lime discourages clubroot, a disease of cabbages, and the root stays healthy.",
    # a split would leave "in" before "and": two proteins, glutenin and gliadin
    "Flour has gluten; its proteins, glutenin and gliadin, bind in water.",
    # a name: its head is never written in lower case, and "on" may end a name
    "The report by Ellison was long.",
    "Soils rich in abiotic matter drain.",
    # a name after its title, although the book writes "is" and "on" in lower case
    "A Mrs Ison from Braunston said it is on the way.",
    # the book writes "such as" apart only once: too little to overrule English
    "Legumes, suchas clover, fix nitrogen, such as beans do.",
    # a word of English commoner than that: "a bed" twice does not split "abed"
    "He lay abed till noon in a bed by the door, a bed of straw.",
    # the book uses the token again: one of its words
    "Count howmany rows, then howmany failed, and how many, how many.",
    # a surname before its forename or initials, as a bibliography sets it: a name
    "Moreby, Judith. Sleep and the Anxious Mind. Leeds: Pennine Press, 2021.",
    "Thereby, J. R. Notes on the Weir. Leeds: Pennine Press, 1998.",
    # a form of a word the book writes, rarer than the floor ("wassail"), is one word
    "The group wassails the orchard; the wassail is old, and trees wassailed bore well.",
]


@pytest.mark.parametrize(("text", "want"), GLUED_SPLIT)
def test_glued_words_split(text, want):
    assert want in clean_text(text + "\n").body


@pytest.mark.parametrize("text", GLUED_KEPT)
def test_glued_lookalikes_kept(text):
    result = clean_text(text + "\n")
    assert result.body.strip() == text
    assert not [e for e in result.edits if e.rule in ("glued_word", "glued_run")]


def test_glued_sentence_kept_for_a_package_name():
    # the book writes JSON in capitals: json.Marshal is code, not two sentences
    text = "Parse JSON with json.Marshal and its inverse. JSON is text.\n"
    assert "json.Marshal" in clean_text(text).body


def test_trap_kept_even_when_the_book_uses_the_joined_word():
    result = clean_text("Open the login page. Please log in first, then roll out the rollout.\n")
    assert "Please log in first, then roll out" in result.body
    kept = {e.before for e in result.edits if e.rule == "split_word_kept"}
    assert {"log in", "roll out"} <= kept


def test_glued_sentence_kept_after_a_word_without_vowels():
    assert "http.Get returns" in clean_text("A call to http.Get returns a response.\n").body


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a hyphen left with a space after it by a converter that joined the lines
        ("Open the con- figuration file.", "Open the configuration file."),
        ("The well- known method works.", "The well-known method works."),
        # a common joined word loses the hyphen, as at a line end; a compound keeps it
        (
            "Over a human life- time, and in the long- term view.",
            "Over a human lifetime, and in the long-term view.",
        ),
        ("It adds a self- contained mode.", "It adds a self-contained mode."),
        # a suspended hyphen and a dash before a function word stay
        ("The pre- and post-conditions hold.", "The pre- and post-conditions hold."),
        ("It was over- the rest came later.", "It was over- the rest came later."),
        # the letters of a ligature standing alone: a split after the ligature
        ("Set the fi le path and the fl ow rate.", "Set the file path and the flow rate."),
    ],
)
def test_converter_leftovers(text, want):
    assert clean_text(text + "\n").body == want + "\n"


def test_question_mark_the_book_uses_as_a_symbol_keeps_its_space_everywhere():
    text = "The ? operator returns early. Chain it: each ? unwraps one.\n\nErrors with ?\n"
    assert clean_text(text).body.splitlines()[-1] == "Errors with ?"


def test_no_determiner_split_after_a_determiner():
    result = clean_text("Add the thiserror crate. We did thesame thing.\n")
    assert "the thiserror crate" in result.body and "the same thing" in result.body


def test_lost_compound_hyphen_restored_from_the_book():
    text = (
        "A long-running job. Two long-running jobs. The long-running queue. A longrunning task.\n"
    )
    result = clean_text(text)
    assert result.body.count("long-running") == 4
    assert [e.rule for e in result.edits if e.stage == "fix_spacing"] == ["lost_hyphen"]
    # a solid form English knows, and a book that writes both alike, stay
    kept = "Go on-line, on-line, on-line, online. A well-known and a wellknown one.\n"
    assert clean_text(kept).body.strip() == kept.strip()


BOOK = (
    "The storage layer keeps the storage budget. We generate reports and generate alerts. "
    "A fragile consumer, a fragile queue. The dashboard shows the dashboard.\n"
)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a lost space and a kerning split in one place: the space moved into the word
        ("Then astor age layer failed.", "Then a storage layer failed."),
        ("Wegener ate the reports.", "We generate the reports."),
        ("Afr agile queue.", "A fragile queue."),
        # several spaces lost in a row: function words, then one book word
        ("This iswhythe storage layer fails.", "This is why the storage layer fails."),
        ("It failed, butthedashboard stayed.", "It failed, but the dashboard stayed."),
    ],
)
def test_moved_spaces_and_glued_runs(text, want):
    body = clean_text(BOOK + text + "\n").body
    assert want in body.replace("\n", " ")


@pytest.mark.parametrize(
    "text",
    [
        "Proteins such as glutenin and gliadin bind water.",  # a word, then "in": no split
        "Retrying it only wastes the time of everyone.",  # a word before the space
        "Add the thiserror crate to the storage layer.",  # no "the this error"
        "Astor age records show it.",  # a name the book uses elsewhere: Astor.",
    ],
)
def test_resegment_lookalikes_kept(text):
    extra = "Astor wrote it. " if text.startswith("Astor") else ""
    body = clean_text(BOOK + extra + text + "\n").body
    assert text in body.replace("\n", " ")


def test_a_package_name_before_names_is_no_sentence_end():
    # context.With..., context.DeadlineExceeded: "context." is a package; "it.If" still splits
    text = (
        "Attach the deadline to a context.Context and pass it on. The library offers\n"
        "context.WithTimeout, and returns context.DeadlineExceeded when it ends.It is done.\n"
    )
    body = clean_text(text).body
    assert "a context.Context and" in body and "ends. It is done." in body


def test_prose_line_of_a_layout_export_ending_in_a_call_is_no_code():
    text = (
        "          Timeouts must be visible too. When a deadline expires, ctx.Err()\n"
        "          returns the error, and the caller can test for it before it retries.\n"
    )
    assert "ctx.Err() returns the error" in clean_text(text).body


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a space lost after the stop behind a number, or after a colon before a clause
        ("The total gets 300, not 800.This is why.", "not 800. This is why."),
        ("Paid 1,000.It was late.", "Paid 1,000. It was late."),
        ("It would end too soon:the music must go on.", "too soon: the music"),
        ("Buy apples;the pears can wait.", "Buy apples; the pears"),
        # a comma or semicolon glued between two common words
        ("Bring the can in from the snow,bring the funnel too;either way dry it.", "snow, bring"),
        ("Bring the can in from the snow,bring the funnel too;either way dry it.", "too; either"),
    ],
)
def test_glued_marks_split(text, want):
    assert want in clean_text(text + "\n").body


@pytest.mark.parametrize(
    "text",
    [
        "See section 4.2.The table and Fig.3.The plot and go1.21.This build.",
        "Write key:value pairs, std::vector, mailto:ann and a:b ratios.",
        "The scheme http:the-host and file:the are schemes, not clauses.",
        "Use in:out and to:from as labels.",
        "Set flag:the here and flag:the there, twice.",
    ],
)
def test_glued_mark_lookalikes_kept(text):
    assert clean_text(text + "\n").body.strip() == text


def test_split_plural_joins_on_the_books_singular():
    text = "The Whimbrel calls. A Whimbrel feeds. Whim brels pass through in May.\n"
    assert "Whimbrels pass through" in clean_text(text).body
    # without the book's singular the fragments stay apart
    assert "Whim brels pass" in clean_text("Whim brels pass through in May.\n").body


def test_glued_sentence_before_a_rarer_word():
    # the word after the stop may be rarer than the word before must be
    body = clean_text("Replicas spread the load.Asynchronous copies lag behind.\n").body
    assert "the load. Asynchronous copies" in body
    # a short name before the stop stays a name
    assert "sets req.Header fields" in clean_text("It sets req.Header fields.\n").body


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a drop cap or small capitals split off: joined into a common word, or one the
        # book writes in capitals
        ("Wrenfield Years\n\nT HE HOUSE at Wrenfield stood empty.", "THE HOUSE at"),
        ("NELL. Yes. NELL. No.\n\nN ELL. It is open.", "NELL. It is open."),
        # a name written in capitals once more, the capitals after the initial no word
        ("MR QUAYLE stands by the scales.\n\nQ UAYLE. Two pounds.", "QUAYLE. Two pounds."),
        # ... but not a word after the initial ("Q SHIP" stays)
        ("The Q SHIP sailed. A SHIP came.", "Q SHIP sailed"),
        # a capital that is a word itself stays apart
        ("The sign said A WAY OUT, no more.", "A WAY OUT"),
    ],
)
def test_split_capitals(text, want):
    assert want in clean_text(text + "\n").body


def test_not_sign_at_a_line_end_is_a_break():
    assert "uninterested in" in clean_text("She was quite unin¬\nterested in it.\n").body


def test_glued_capital_a_at_a_line_end():
    body = clean_text("Share the load between them.A\nsingle anchor holds a car.\n").body
    assert "them. A single anchor" in body
    # before a capital on the next line, "A" is a label, not a sentence's first word
    assert "Appendix.A" in clean_text("See the note in Appendix.A\nNext comes B.\n").body


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("when the pollinat-ing insects are few", "when the pollinating insects"),
        # compounds of two words keep their hyphen; so does a form the book repeats
        ("a well-known re-entry of the long-term plan", "a well-known re-entry of the long-term"),
        ("the cach-ing layer; the cach-ing layer again", "the cach-ing layer; the cach-ing"),
    ],
)
def test_hyphen_left_inside_a_reflowed_line(text, want):
    assert want in clean_text(text + "\n").body


def test_a_moved_space_needs_the_book_to_write_the_word_it_makes():
    # "heave in" is two words; "he a vein" would need the book to write "vein"
    body = clean_text("Warm the slab slowly to prevent frost heave in the sub-floor.\n").body
    assert "frost heave in the sub-floor" in body


def test_an_unmapped_glyph_that_starts_lines_is_the_bullet():
    text = "Rules:\n(cid:127) Never eat any fungus you cannot name.\n(cid:127) Collect the whole fruit body.\n"
    result = clean_text(text)
    assert "• Never eat any fungus" in result.body and "(cid:" not in result.body
    assert [e.rule for e in result.edits].count("bullet_glyph") == 2
    # one glyph alone is left as it is (and counted)
    assert "(cid:127) x" in clean_text("Rules: (cid:127) x and more.\n").body


def test_note_mark_glued_to_the_next_sentence():
    body = clean_text(
        "Its keys were held by the masters of the weavers’ guild.1To open it required three men.\n"
    ).body
    assert "guild.1 To open it" in body


def test_a_moved_space_keeps_a_function_word_whole():
    # "sor and" at a line start (after "compres-") is no "so rand"; "inadif ferent" is
    # still "in a different"
    body = clean_text("If it is high, refer to the compres-\nsor and chiller checks.\n").body
    assert "compressor and chiller" in body
    body = clean_text("Most teams discover the need inadif ferent order, late.\n").body
    assert "in a different order" in body


def test_a_prefix_before_its_line_end_hyphen_is_no_stray_fragment():
    text = "Nobody should expect a student who re-\nvises for forty hours to score more.\n"
    body = clean_text(text).body
    assert "a student who revises for forty hours" in body, body


def _pdf_book(texts):
    from pipeline.document import Book, Geom, Line, Page, Source

    lines = [Line(t, 1, Geom(72, 80 + 12 * k, 500, 90 + 12 * k, 10.0)) for k, t in enumerate(texts)]
    return Book(Source("x.pdf", "0", "pdf"), (Page(1, tuple(lines)),), 1)


def test_a_pdf_that_kept_its_spaces_keeps_its_closed_compounds():
    from pipeline.registry import StageLog, get_stages

    spec = get_stages()["fix_spacing"]
    prose = ["The light on the buoy shows the channel to the harbour at night."] * 30
    clean = _pdf_book([*prose, "The ferrywoman coils a rope; the topmarks show the quarter."])
    out = spec.func(clean, spec.params(), StageLog("fix_spacing")).pages[0].lines[-1].text
    assert out == "The ferrywoman coils a rope; the topmarks show the quarter."
    # a PDF that lost spaces elsewhere ("ofthe", "isthe") has its glued words split
    lossy = _pdf_book([*prose, "Most ofthe hive isthe best ofthe rest; the oldhive is empty."])
    out = spec.func(lossy, spec.params(), StageLog("fix_spacing")).pages[0].lines[-1].text
    assert "of the hive is the best of the rest; the old hive" in out, out


STORY = (
    "The lamp in the hall had gone out again, and nobody wanted to be the one to say so.\n"
    "Pim counted the stairs on the way up, as she always did when the house was dark.\n"
)


@pytest.mark.parametrize(
    ("heading", "want"),
    [
        ("ChapterSeven", "Chapter Seven"),  # two words glued where a space was lost
        ("PartThree", "Part Three"),
        ("PowerPoint", "PowerPoint"),  # English writes it so
        ("McAllister", "McAllister"),  # a name's particle
        ("DeWitt", "DeWitt"),
    ],
)
def test_two_capitalised_words_glued_in_a_heading(heading, want):
    body = clean_text(STORY + "\n" + heading + "\n\n" + STORY).body
    assert want in body.splitlines()


def test_a_book_that_writes_words_in_camel_case_keeps_them():
    code = (
        "The handler catches KeyboardInterrupt as well as any other BaseException, and\n"
        "it removes the TemporaryDirectory before it re-raises the error it caught.\n"
    )
    assert "KeyboardInterrupt" in clean_text(code).body
    assert "TemporaryDirectory" in clean_text(code).body


def test_a_private_use_glyph_that_starts_lines_is_the_bullet():
    # a word processor's PDF maps a Symbol font's bullet to U+F0B7
    mark = chr(0xF0B7)
    text = f"Rules:\n{mark} No smoking in the walk.\n{mark} No running, except by the boy.\n"
    result = clean_text(text)
    assert "• No smoking in the walk." in result.body and mark not in result.body
    # one alone, or inside a line, stays
    assert mark in clean_text(f"Rules: {mark} x and more.\n").body


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("what they hav e seen on the roads and paths of the island", "they have seen"),
        ("the man gav e me the rhyme as we walked down the fell", "man gave me"),
        # a word before a lone letter stays: a vitamin, a grade
        ("rich in vitamin e and in iron, as the label says of it", "vitamin e and"),
    ],
)
def test_a_kerned_split_before_a_last_lone_letter(text, wanted):
    assert wanted in clean_text(text + "\n").body


def test_a_glued_words_part_glued_again_at_a_function_word_is_split_too():
    # (probe29 sallowmere, pdfplumber's text of a groff report, which lost many spaces)
    # "surveysofthe" -> "surveys of the" (before, "surveys ofthe")
    from pathlib import Path

    src = Path(__file__).parent.parent / "fixtures/probe29/sallowmere-groff-pdfplumber/input.txt"
    body = clean_text(src.read_text(encoding="utf-8")).body
    assert "levelling surveys of the Trust" in body


def test_a_name_split_before_its_last_letter_joins_where_the_book_writes_it_whole():
    text = (
        "Barrow made the clock for the chapel. Barrow was a smith by trade, and the clock\n"
        "by Barrow still runs. It was fitted by Barro w himself in the spring of 1790.\n"
    )
    assert "fitted by Barrow himself" in clean_text(text).body
    # must not change: a variable after a word the book never writes joined
    assert "vitamin e" in clean_text("Take vitamin e and vitamin d daily with food.\n").body


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # long runs of words an extraction set without spaces (txtwrite, pypdf)
        (
            "It wassetupbythesciencedepartmentofHollinsBridgeSchool, and kept since.",
            "by the science department of Hollins Bridge School, and",
        ),
        (
            "Frost lies in theriverwherethefrostdrainsawayonspringnights.",
            "the river where the frost drains away on spring nights.",
        ),
        ("INSTRUMENTSANDCARE", "INSTRUMENTS AND CARE"),
    ],
)
def test_long_glued_runs_split(text, want):
    assert want in clean_text(text + "\n").body


@pytest.mark.parametrize(
    "text",
    [
        # another language's long words
        "Si informano i gentili viaggiatori che, a causa di lavori di manutenzione "
        "straordinaria della linea, i treni sono sostituiti da autobus.",
        # long words of English, an identifier in prose, a CSV header in quotes
        "The electroencephalography unit logged a NullPointerException at night.",
        'It breaks a comparison such as line == "id,name" at the first line.',
        "Counterrevolutionaries met in Llanfairpwllgwyngyll that spring.",
        # a name whose pieces are words, none of them a function word
        "The barnacle Semibalanella rupestris lives on the rocks of the bay.",
    ],
)
def test_long_words_and_notations_kept(text):
    result = clean_text(text + "\n")
    assert result.body.strip() == text


def test_two_words_the_book_writes_apart_elsewhere_stay_apart():
    # (a parallel text's second language: "ul" and "ta" are words of its own, each written
    # alone many times, their joined form never)
    lines = [
        "Ul mor ta vel ul, sen ta ul ven; ta mor ul sen ta.",
        "Mor ta ul vel; ul sen ta ven ul, ta mor.",
        "Ven ul ta mor, ul ta sen vel.",
    ]
    body = clean_text("\n\n".join(lines) + "\n").body
    assert "ul ta" in body and "ulta" not in body.lower()


def test_a_split_word_whose_parts_the_book_never_writes_alone_still_joins():
    text = "The climate here is temper ate all year round, and the winters are mild.\n"
    assert "temperate all year" in clean_text(text).body


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # a name in a title in title case: no split, though the book writes its parts apart
        (
            "The Fellside Songbook\n\nHymns and Songs for the Chapels of the Upper Dale\n\n"
            "The light comes slow on Harter Fell, and the sheep on the far side of the beck "
            "wait for it. We walked up the side of the fell to the wall on the other side of "
            "the gill, and the fell was quiet.",
            "The Fellside Songbook",
        ),
        # a glued word in running text: split as before
        ("The shop on the cornerof the street sells maps.", "the corner of the street"),
    ],
)
def test_a_glued_word_in_a_title_in_title_case(text, wanted):
    assert wanted in clean_text(text + "\n").body
