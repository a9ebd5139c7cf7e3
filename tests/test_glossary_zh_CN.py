"""The suite's Chinese terminology (docs/glossary_zh_CN.csv) is used by every
module's zh_CN translation.

Rule: wherever a msgid contains a glossary term as a whole word (any case;
plural or past-tense forms as the glossary's ``forms`` column allows; the
placeholders and markup of the msgid do not count), its msgstr must contain
the term's Chinese or one of its accepted variants.  Longer terms do not
excuse shorter ones: "Incoming Inspection" needs 来料检验, which also
satisfies "Inspection" (检验).

A second rule: a msgstr is never left in English (a copy of its msgid), the
way Odoo's translation memory leaves some of its own mail fields.

Pure Python (polib); no database needed.
"""

import csv
import re
from pathlib import Path

import polib

REPO = Path(__file__).resolve().parent.parent
GLOSSARY = REPO / "docs" / "glossary_zh_CN.csv"
PO_FILES = sorted(REPO.glob("addons/*/i18n/zh_CN.po"))

# placeholders (%(name)s, %s, %r, %%), markup and QWeb/XML tags
NOISE = re.compile(r"%\([^)]*\)[a-z]|%[a-z%]|<[^>]*>|&[a-z]+;")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
CJK = re.compile(r"[\u4e00-\u9fff]")
# msgids that are names or codes, the same in both languages
SAME_IN_BOTH = {
    "ID",
    "OK",
    "QC",
    # a placeholder of e-mail addresses, and a report's file-name expression
    "buyer@example.com, finance@example.com",
    "'%s' % object.name.replace('/', '-')",
}


def _forms(term, kinds):
    """Regex alternatives of a term: its plural and past-tense forms."""
    forms = {term}
    head, _, last = term.rpartition(" ")
    prefix = f"{head} " if head else ""
    if "n" in kinds:
        forms |= {f"{term}s", f"{term}es"}
        if last.endswith("y"):
            forms.add(f"{prefix}{last[:-1]}ies")
    if "v" in kinds:
        forms |= {f"{term}d", f"{term}ed", f"{term}s"}
        if re.search(r"[^aeiou][aeiou][bdgmnprt]$", last):
            forms.add(f"{term}{last[-1]}ed")  # submitted, scrapped
    alternatives = "|".join(
        re.escape(f).replace(r"\ ", r"[\s-]+") for f in sorted(forms, key=len)[::-1]
    )
    return re.compile(rf"(?<![A-Za-z-])(?:{alternatives})(?![A-Za-z])", re.IGNORECASE)


def _glossary():
    with GLOSSARY.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    terms = []
    for row in rows:
        accepted = [row["zh_CN"], *filter(None, row["variants"].split("|"))]
        # phrases where the English word has another sense (a mail "delivery
        # error"): taken out of the msgid before this term is looked for
        other_senses = [
            re.compile(re.escape(phrase), re.IGNORECASE)
            for phrase in filter(None, row["except"].split("|"))
        ]
        terms.append(
            (
                row["english"],
                _forms(row["english"], row["forms"]),
                accepted,
                other_senses,
            )
        )
    return terms


def _entries():
    for path in PO_FILES:
        for entry in polib.pofile(str(path)):
            if entry.obsolete or not entry.msgstr:
                continue
            yield path.parent.parent.name, entry


def test_glossary_is_well_formed():
    terms = _glossary()
    english = [term for term, *_rest in terms]
    assert len(english) == len(set(english)), "a glossary term is listed twice"
    for term, _regex, accepted, _other in terms:
        assert all(CJK.search(zh) for zh in accepted), term
    assert len(PO_FILES) >= 2, "no zh_CN.po found under addons/*/i18n"


def test_glossary_rule_catches_a_wrong_translation():
    """The rule itself: 外协 for outsourcing, 省/州 (a province) for a state
    and 外协商处 for stock at subcontractors are caught; the glossary's own
    words pass."""
    terms = {term: (regex, accepted) for term, regex, accepted, _o in _glossary()}
    regex, accepted = terms["Outsourcing"]
    assert regex.search("Outsourcing Cost") and not any(
        z in "外协成本" for z in accepted
    )
    assert any(z in "委外成本" for z in accepted)
    regex, accepted = terms["State"]
    assert regex.search("State") and not any(z in "省/州" for z in accepted)
    regex, accepted = terms["Subcontractor"]
    assert regex.search("At Subcontractors") and not any(
        z in "外协商处" for z in accepted
    )
    regex, accepted = terms["Material Request"]
    assert regex.search("Material requests wait for approval")
    regex, _accepted = terms["Good"]
    assert not regex.search(NOISE.sub(" ", "%(good)s scrapped"))
    regex, _accepted = terms["Issue"]
    assert regex.search("Issued To") and not regex.search("Over-issue")


def test_zh_cn_translations_use_the_glossary():
    terms = _glossary()
    wrong = []
    for module, entry in _entries():
        text = NOISE.sub(" ", entry.msgid)
        if not LATIN_WORD.search(text) or CJK.search(text):
            continue  # no English, or a demo name such as "PTC 热敏电阻"
        for term, regex, accepted, other_senses in terms:
            own = text
            for phrase in other_senses:
                own = phrase.sub(" ", own)
            if regex.search(own) and not any(zh in entry.msgstr for zh in accepted):
                wrong.append(
                    f"{module}: {term} = {'/'.join(accepted)}: "
                    f"{entry.msgid!r} -> {entry.msgstr!r}"
                )
    assert not wrong, "zh_CN translations off the glossary:\n" + "\n".join(wrong)


def test_zh_cn_translations_are_not_english():
    english = [
        f"{module}: {entry.msgid!r}"
        for module, entry in _entries()
        if entry.msgstr == entry.msgid
        and entry.msgid not in SAME_IN_BOTH
        and LATIN_WORD.search(NOISE.sub(" ", entry.msgid))
        and not CJK.search(entry.msgid)
    ]
    assert not english, "zh_CN msgstr left in English:\n" + "\n".join(english)
