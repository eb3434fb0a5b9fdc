"""Artefacts in the headline findings, before and after: what an outlet's top terms and most
quoted speakers say that is not about the news.

Run by hand: ``python benchmarks/findings_artefacts.py [JSONL] [--before REV]``. The corpus
is the AllSides sample beside the project by default; ``--before`` is a git revision of this
project (default: ``f286cc0``, main before the work on trustworthy findings), checked out in
a temporary worktree and measured in the same run, on the same corpus, by the same checks.

For the 15 largest outlets it counts, among each outlet's top 10 distinctive terms:

* ``own name``: the term holds the outlet's name or web domain ("cnn", "told fox", "usa");
* ``staff``: the term holds a name from the outlet's bylines ("michael barbaro", "lerer");
* ``furniture``: most of the term's uses in the outlet's raw articles stand in lines that
  recur in three or more of its articles, or in lines that open like page furniture
  ("Sign up", "Advertisement", "Click here", "Follow", "Read more", "Share");
* ``one article``: the term comes from a single article of the outlet;
* ``form of address``: "mr", "mrs", "ms", "dr" (house style, not news);

and, among each outlet's top 5 speakers by quoted words (the people the findings would name:
``speaker_kind == "person"`` where the version has kinds):

* ``non-person``: a name with a digit, a day or month, a document or message word
  ("report", "statement", "newsletter"), a media or organisation word ("News", "Times",
  "Daily", "House", "Department"), in lower case, or a pronoun;
* ``split``: a person who appears twice among the five ("Trump", "President Donald Trump"):
  two names with the same last name and suffix whose first names, where both have one,
  begin alike ("Joe", "Joseph");
* ``one person, several names``: the same, across all the outlets' lists ("President Obama"
  here, "President Barack Obama" there).

These checks are written here independently of the toolkit's own rules (deliberately plainer),
so that they check them. Each list is printed in full so a reader can judge it too.
"""
from __future__ import annotations

import argparse
import json
import re
import warnings
from collections import Counter, defaultdict
from pathlib import Path

from _before import run_in, worktree  # beside this script
from _corpus import ALLSIDES

TOP_OUTLETS, TOP_TERMS, TOP_SPEAKERS = 15, 10, 5
GENERIC = {"news", "online", "web", "the", "com", "www"}
FURNITURE_OPENING = re.compile(r"^(?:sign up|advertisement|click here|follow|read more|share|subscribe|copyright|©)",
                               re.IGNORECASE)
NOT_A_PERSON = re.compile(
    r"\d|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|june|july"
    r"|august|september|october|november|december|report|statement|newsletter|letter|memo|study|poll|survey"
    r"|document|website|video|tweet|news|times|post|journal|press|daily|house|department|ministry|committee"
    r"|party|agency|office|council|campaign|administration|government|university|institute|foundation"
    r"|association|company|group|network|magazine)\b", re.IGNORECASE)
HONORIFIC = {"mr", "mrs", "ms", "dr"}


def measure(corpus: Path) -> dict:
    """Run the toolkit that is importable here over ``corpus``; return the top terms and
    speakers of the largest outlets, with what the checks need."""
    import toolkit

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        articles = toolkit.load_corpus(corpus)
        result = toolkit.analyze(articles, workers=2, progress=False)
    outlets = articles["outlet"].value_counts().index[:TOP_OUTLETS].tolist()
    terms, voices = result["distinctive_terms"], result["share_of_voice"]
    out = {"outlets": outlets, "terms": {}, "speakers": {}}
    for outlet in outlets:
        out["terms"][outlet] = terms[terms["group"] == outlet]["term"].head(TOP_TERMS).tolist()
        mine = voices[(voices["group"] == outlet) & (voices["speaker"] != "(unattributed)")]
        if "speaker_kind" in mine:
            mine = mine[mine["speaker_kind"] == "person"]
        out["speakers"][outlet] = mine["speaker"].head(TOP_SPEAKERS).tolist()
    return out


def _records(corpus: Path) -> list[dict]:
    return [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]


def _words(text: str) -> list[str]:
    return re.findall(r"[\w.&'’-]+", text.lower())


SUFFIXES = {"jr", "sr", "ii", "iii"}


def _same_person(first: str, second: str) -> bool:
    """Two names of one person: the same last name and suffix (Jr), and first names of which
    one begins the other ("Joe", "Joseph"), or one name without a first name ("Obama")."""
    def parts(name: str) -> tuple[str, str, str]:
        words = [w.strip(".,").lower() for w in name.split() if w.strip(".,")]
        words = [w for w in words if w not in {"president", "sen", "rep", "gov", "mr", "mrs", "ms", "dr"}] or words
        suffix = words[-1] if words[-1] in SUFFIXES else ""
        core = words[:-1] if suffix else words
        return (core[0] if len(core) > 1 else ""), core[-1], suffix
    (a_first, a_last, a_suffix), (b_first, b_last, b_suffix) = parts(first), parts(second)
    if a_last != b_last or a_suffix != b_suffix:
        return False
    return not a_first or not b_first or a_first.startswith(b_first) or b_first.startswith(a_first)


def _contains(term: str, name: str) -> bool:
    return f" {name} " in f" {term} "


def check(measured: dict, records: list[dict]) -> tuple[Counter, dict]:
    by_outlet = defaultdict(list)
    for record in records:
        by_outlet[record.get("source")].append(record)
    counts, found = Counter(), defaultdict(list)
    for outlet in measured["outlets"]:
        mine = by_outlet[outlet]
        name = [w for w in _words(re.sub(r"\(.*?\)|\s-\s.*$", "", outlet)) if w not in GENERIC]
        names = {" ".join(name)} | set(name)
        names |= {re.sub(r"^www\.|\.\w+$", "", r.get("source_url") or "") for r in mine} - {""}
        staff = set()
        for record in mine:
            for person in re.split(r",| and ", record.get("authors") or ""):
                words = _words(person)
                if 2 <= len(words) <= 4:
                    staff |= {" ".join(words), words[-1]}
        lines = [[ln.strip() for ln in (r.get("content_original") or "").split("\n") if ln.strip()] for r in mine]
        repeated = Counter(k for ls in lines for k in {re.sub(r"\d+", "0", ln.lower()) for ln in ls})
        for term in measured["terms"][outlet]:
            texts = [(ln, ln.lower()) for ls in lines for ln in ls]
            uses = [(ln, low) for ln, low in texts if re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", low)]
            in_furniture = sum(1 for ln, low in uses if repeated[re.sub(r"\d+", "0", low)] >= 3
                               or FURNITURE_OPENING.match(ln))
            articles_using = sum(1 for ls in lines
                                 if any(re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", ln.lower()) for ln in ls))
            kinds = []
            if any(_contains(term, n) for n in names if n):
                kinds.append("own name")
            if any(_contains(term, s) for s in staff):
                kinds.append("staff")
            if uses and in_furniture > len(uses) / 2:
                kinds.append("furniture")
            if articles_using <= 1:
                kinds.append("one article")
            if any(w.rstrip(".") in HONORIFIC for w in term.split()):
                kinds.append("form of address")
            for kind in kinds:
                counts[f"terms: {kind}"] += 1
                found[f"terms: {kind}"].append(f"{outlet}: {term}")
            counts["terms: any artefact"] += bool(kinds)
        speakers = measured["speakers"][outlet]
        for speaker in speakers:
            last_two = " ".join(speaker.split()[-2:])  # (a title before a name is no reason: "House Speaker Paul Ryan")
            if NOT_A_PERSON.search(last_two) or re.search(r"\d", speaker) or speaker[:1].islower() \
                    or speaker.lower() in {"he", "she", "they", "it"}:
                counts["speakers: non-person"] += 1
                found["speakers: non-person"].append(f"{outlet}: {speaker}")
        for i, first in enumerate(speakers):
            for second in speakers[i + 1:]:
                if _same_person(first, second):
                    counts["speakers: split"] += 1
                    found["speakers: split"].append(f"{outlet}: {first} / {second}")
    # One person under several names across the outlets' lists ("President Obama", "President Barack Obama")
    every = sorted({s for speakers in measured["speakers"].values() for s in speakers})
    for i, first in enumerate(every):
        for second in every[i + 1:]:
            if _same_person(first, second):
                counts["speakers: one person, several names"] += 1
                found["speakers: one person, several names"].append(f"{first} / {second}")
    counts["terms: shown"] = sum(len(t) for t in measured["terms"].values())
    counts["speakers: shown"] = sum(len(s) for s in measured["speakers"].values())
    return counts, found


def _measure_revision(revision: str, corpus: Path) -> dict:
    with worktree(revision) as folder:
        return run_in(folder, __file__, str(corpus), "--measure-only")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(ALLSIDES))
    parser.add_argument("--before", default="f286cc0", help="git revision to compare with")
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    corpus = Path(args.corpus).resolve()
    if args.measure_only:
        print(json.dumps(measure(corpus)))
        return
    records = _records(corpus)
    before = _measure_revision(args.before, corpus)
    after = measure(corpus)
    (counts_before, found_before), (counts_after, found_after) = check(before, records), check(after, records)
    print(f"corpus: {corpus} ({len(records)} records); the {TOP_OUTLETS} largest outlets, top {TOP_TERMS} terms "
          f"and top {TOP_SPEAKERS} speakers each")
    print(f"{'':32}{'before (' + args.before + ')':>20}{'after':>10}")
    keys = ["terms: shown", "terms: any artefact", "terms: own name", "terms: staff", "terms: furniture",
            "terms: one article", "terms: form of address", "speakers: shown", "speakers: non-person",
            "speakers: split", "speakers: one person, several names"]
    for key in keys:
        print(f"{key:32}{counts_before[key]:>20}{counts_after[key]:>10}")
    for label, measured, found in (("before", before, found_before), ("after", after, found_after)):
        print(f"\n== {label}")
        for outlet in measured["outlets"]:
            print(f"  {outlet}: {', '.join(measured['terms'][outlet])}")
            print(f"      speakers: {'; '.join(measured['speakers'][outlet])}")
        for key in keys:
            if found[key]:
                print(f"  {key}: {' | '.join(found[key])}")


if __name__ == "__main__":
    main()
