"""Identity cards beside the licence (JAPAN.md §1.2, §1.4-§1.8).

在留カード and 特別永住者証明書 (bilingual labels, Latin names, Western dates, a
2-letter + 8-digit + 2-letter number), 個人番号カード front and back, 運転経歴証明書,
住基カード, and the 通知カード / 個人番号通知書 (read so they can be refused).

Every field is anchored on a printed label (氏名, 住所, 交付年月日 …) or on the shape of
its value (a date followed by 生, a ``…まで有効`` line, ``AB12345678CD``, ``○○市長``),
never on where this or that card prints it. Labels are small and often misread, so each
field has a value-shaped fallback, and the row a label sits on is followed across the
segments the OCR stage splits a row into (a label and its value may be far apart).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import statistics
from collections.abc import Iterable, Sequence

from docextract._context import Field, Line, Word, same_row, union_boxes
from docextract.extractors import extractor
from docextract.extractors.common import (
    ADDRESS_START,
    FAILED_CHECK_FACTOR,
    PREF_ALT,
    REPAIRED_FACTOR,
    address_value,
    find_dates_tolerant,
    label_span,
    labelled,
    words_to_name,
)
from docextract.text.dates import DateMatch
from docextract.text.normalize import PREFECTURES, fold_text
from docextract.text.numbers import is_valid_dl_number, is_valid_mynumber

# --- labels -----------------------------------------------------------------------------
# Exact printed labels (spaces inside tolerated, Latin case-insensitive). No fuzzy match:
# 生年月日, 交付年月日 and 許可年月日 differ in one or two glyphs, so a fuzzy label would
# take one row for another; a misread label falls back on the value's shape instead.
NAME_LABELS = ("氏名", "NAME")
BIRTH_LABELS = ("生年月日", "DATE OF BIRTH")
ADDRESS_LABELS = ("住居地", "住所", "ADDRESS")
ISSUE_LABELS = ("交付年月日", "DATE OF ISSUE", "発行年月日", "発行日", "交付", "発行")
EXPIRY_LABELS = ("有効期限", "有効期間の満了日", "次回確認期限")
NUMBER_LABELS = ("個人番号", "番号", "NUMBER", "No.")
KANA_LABELS = ("フリガナ", "ふりがな")
# Labels of the rows other than the name's.
OTHER_ROW_LABELS = (
    *BIRTH_LABELS,
    *ADDRESS_LABELS,
    *ISSUE_LABELS,
    *EXPIRY_LABELS,
    "個人番号",
    "性別",
    "国籍",
)
# Labels that start a row of a card's label column: a row holding one is never the
# continuation of the address above it.
ROW_LABELS = (
    *NAME_LABELS,
    *BIRTH_LABELS,
    *ADDRESS_LABELS,
    *ISSUE_LABELS,
    *EXPIRY_LABELS,
    *NUMBER_LABELS,
    "性別",
    "在留資格",
    "国籍",
)

_WS = re.compile(r"\s+")
_CJK = re.compile(r"[぀-ヿ一-鿿]")


# --- words, rows and fields -------------------------------------------------------------


def words_field(words: Sequence[Word], value: str, factor: float = 1.0) -> Field:
    """A field for ``value`` read from ``words`` (possibly of several line segments)."""
    conf = statistics.fmean(w.conf for w in words) * factor
    return Field(value, conf, words[0].page, union_boxes([w.bbox for w in words]))


def words_after(line: Line, offset: int) -> list[Word]:
    return [w for w, (a, _) in zip(line.words, line.spans, strict=True) if a >= offset]


def row_right_of(lines: Sequence[Line], line: Line) -> list[Line]:
    """Other segments of ``line``'s printed row, right of it, left to right.

    The OCR stage splits a row at wide gaps, so a label column and its value, or a value
    and a second value (性別, 許可年月日 …), can be separate lines.
    """
    right = line.bbox[0] + line.bbox[2]
    found = [
        other
        for other in lines
        if other is not line
        and other.page == line.page
        and same_row(other.bbox, line.bbox)
        and other.bbox[0] >= right - 2
    ]
    return sorted(found, key=lambda ln: ln.bbox[0])


def label_value_lines(lines: Sequence[Line], line: Line, offset: int) -> list[tuple[Line, int]]:
    """Where a label's value may be: after the label on its line, then the row's next segment."""
    out = [(line, offset)] if line.text[offset:].strip(" :：|") else []
    return out + [(other, 0) for other in row_right_of(lines, line)[:1]]


# --- dates ------------------------------------------------------------------------------


def date_field(line: Line, match: DateMatch, repaired: bool, factor: float = 1.0) -> Field:
    words = line.span_to_words(match.start, match.end) or line.words
    if repaired:
        factor *= REPAIRED_FACTOR
    return words_field(words, match.value.isoformat(), factor)


def all_dates(lines: Sequence[Line]) -> list[tuple[Line, DateMatch, bool]]:
    return [(line, m, fixed) for line in lines for m, fixed in find_dates_tolerant(line.text)]


def labelled_date(lines: Sequence[Line], labels: Iterable[str]) -> Field | None:
    """The first date printed after one of ``labels`` (on its row)."""
    for line, offset in labelled(lines, labels):
        for candidate, start in label_value_lines(lines, line, offset):
            dates = [(m, f) for m, f in find_dates_tolerant(candidate.text) if m.start >= start]
            if dates:
                return date_field(candidate, *dates[0])
    return None


def birth_date(lines: Sequence[Line]) -> tuple[Field, Line, DateMatch] | None:
    """The date printed with 生 after it (Japanese cards), else the 生年月日 row's date."""
    for line, m, fixed in all_dates(lines):
        if line.text[m.end : m.end + 2].strip().startswith("生"):
            return date_field(line, m, fixed), line, m
    for line, offset in labelled(lines, BIRTH_LABELS):
        for candidate, start in label_value_lines(lines, line, offset):
            dates = [(m, f) for m, f in find_dates_tolerant(candidate.text) if m.start >= start]
            if dates:
                return date_field(candidate, *dates[0]), candidate, dates[0][0]
    return None


# 性別 / 国籍・地域 share the birth date's row on the foreign residents' cards (JAPAN.md
# §1.5 lists 生年月日, 性別, 国籍・地域 together): a row with the sex value (男 M. / 女 F.)
# or those labels dates the birth even when 生年月日 itself was misread.
_BIRTH_ROW = re.compile(r"性別|SEX|国籍|NATIONALITY|(?:男|女)\s*[MF]\b")


def birth_by_row(lines: Sequence[Line]) -> tuple[Field, Line, DateMatch] | None:
    for line, m, fixed in all_dates(lines):
        if _BIRTH_ROW.search(row_text(lines, line)):
            return date_field(line, m, fixed), line, m
    return None


# A residence card is valid for at most 7 years (JAPAN.md §1.5) and a 特別永住者証明書
# until the 7th birthday after application (§1.6): every date on the front but the
# birth date lies within that span of the others. A date this much earlier than all the
# others can only be the birth date.
MAX_CARD_SPAN_DAYS = 8 * 365


def earliest_birth(
    lines: Sequence[Line], expiry: Field | None, expires_on_birthday: bool
) -> tuple[Field, Line, DateMatch] | None:
    """The birth date of a card whose 生年月日 label was misread: its earliest date, when
    it stands more than a card's validity apart from the others. A 特別永住者証明書
    also expires on a birthday, so there the month and day must be the expiry's.
    Confidence is lowered all the same (the row itself was not identified)."""
    found = sorted(all_dates(lines), key=lambda f: f[1].value)
    if len(found) < 2:
        return None
    line, m, fixed = found[0]
    if (found[1][1].value - m.value).days <= MAX_CARD_SPAN_DAYS:
        return None
    if expires_on_birthday and (expiry is None or expiry.value[5:] != m.value.isoformat()[5:]):
        return None
    return date_field(line, m, fixed, REPAIRED_FACTOR), line, m


def issued_between(lines: Sequence[Line], birth: Field | None, expiry: Field) -> Field | None:
    """The issue date when its label was misread: the latest date before the expiry.

    A foreign resident's card front prints the birth date, the permission date (許可年月日,
    never after the issue), the issue date and the end of validity / of the period of
    stay; so the latest date before the expiry, within a card's validity of it and not
    the birth date, is the issue.
    """
    latest = dt.date.fromisoformat(expiry.value)
    found = [
        (m.value.isoformat(), line, m, fixed)
        for line, m, fixed in all_dates(lines)
        if (birth is None or birth.value < m.value.isoformat())
        and 0 < (latest - m.value).days <= MAX_CARD_SPAN_DAYS
    ]
    if not found:
        return None
    _, line, m, fixed = max(found, key=lambda f: f[0])
    return date_field(line, m, fixed)


def the_other_date(lines: Sequence[Line], known: Sequence[Field]) -> Field | None:
    """The one date printed besides ``known`` (a 住基カード front prints three: 生年月日,
    有効期限, 交付年月日; a 通知カード two), when the label of the last was misread."""
    taken = {f.value for f in known}
    others = [(line, m, f) for line, m, f in all_dates(lines) if m.value.isoformat() not in taken]
    if len({m.value for _, m, _ in others}) != 1:
        return None
    return date_field(*others[0])


def expiry_date(lines: Sequence[Line]) -> Field | None:
    """The ``…まで有効`` date (cards since the 2010s), else a labelled expiry."""
    for line, m, fixed in all_dates(lines):
        tail = line.text[m.end :]
        if re.match(r"\s*(?:まで|迄)", tail) or "有効" in tail[:6]:
            return date_field(line, m, fixed)
    return labelled_date(lines, EXPIRY_LABELS)


# --- names ------------------------------------------------------------------------------

_NOT_NAME_GLYPH = re.compile(r"[0-9|｜:：;/\\\[\]()（）「」『』、。,.*#@=_~\-—ー]+")
# English glosses printed beside the labels of bilingual cards: never part of a name.
_GLOSS_WORDS = frozenset(
    {
        *("GOVERNMENT", "OF", "JAPAN", "RESIDENCE", "CARD", "NAME", "DATE", "BIRTH", "SEX"),
        *("NATIONALITY", "REGION", "ADDRESS", "STATUS", "PERIOD", "STAY", "EXPIRATION"),
        *("TYPE", "PERMISSION", "ISSUE", "VALIDITY", "THIS", "MINISTER", "JUSTICE"),
        *("SPECIAL", "PERMANENT", "RESIDENT", "CERTIFICATE", "NUMBER", "NEXT"),
        *("CONFIRMATION", "DUE"),
    }
)
_LATIN_TOKEN = re.compile(r"^[A-Z][A-Z'\-]*,?$")


def latin_name_words(words: Sequence[Word]) -> list[Word]:
    """The longest run of upper-case Latin words (a passport-spelling name) in ``words``.

    Words well below the run's top line are dropped: the 正字 kanji printed under a
    Latin name can be read into its row as stray capitals (朴 秀珍 as BY).
    """
    best: list[Word] = []
    run: list[Word] = []
    for w in [*words, None]:
        text = fold_text(w.text).strip() if w is not None else ""
        if w is not None and _LATIN_TOKEN.match(text) and text.strip(",") not in _GLOSS_WORDS:
            run.append(w)
            continue
        if sum(len(x.text) for x in run) > sum(len(x.text) for x in best):
            best = run
        run = []
    if len(best) > 1:
        top = statistics.median(w.bbox[1] for w in best)
        height = statistics.median(w.bbox[3] for w in best)
        best = [w for w in best if abs(w.bbox[1] - top) <= 0.5 * height]
    return best


def latin_name(lines: Sequence[Line]) -> Field | None:
    """A Latin name: on the 氏名/NAME row, else the first row that is one (2+ words)."""
    for line, offset in labelled(lines, NAME_LABELS):
        for candidate, start in label_value_lines(lines, line, offset):
            words = latin_name_words(words_after(candidate, start))
            if words:
                return words_field(words, " ".join(fold_text(w.text) for w in words))
    # Without a label: a row that is mostly a name of two or more capitalised words
    # (a misread title is a few capitals among debris).
    for line in lines:
        words = latin_name_words(line.words)
        if (
            len(words) >= 2
            and sum(len(w.text) for w in words) >= 5
            and len(words) >= 0.5 * len(line.words)
        ):
            return words_field(words, " ".join(fold_text(w.text) for w in words))
    return None


def clean_name_words(words: Sequence[Word]) -> list[Word]:
    """Name glyphs: OCR debris (digits, rules, brackets) dropped."""
    return [w for w in words if _NOT_NAME_GLYPH.sub("", fold_text(w.text))]


# Name labels, and the labels of the rows under it: where values start on a card
# with a label column (the misread 氏名 of a name row is left of that x).
EDGE_LABELS = ("氏名", "住所", "交付", "番号", "生年月日", "有効期限", "発行日")
# A name's family/given gap is 2-3 glyphs even letter-spaced (licence-style cards
# space names by up to a glyph per character); 性別 or the photo on the same row stand
# 8+ glyphs away. 6 keeps the first and drops the second, with margin on both sides.
NAME_MAX_GAP_HEIGHTS = 6.0


def value_column(lines: Sequence[Line], labels: Iterable[str] = EDGE_LABELS) -> int | None:
    """x where values start right of a card's label column: measured on rows that start
    with an exactly read label, so a misread label on another row (the name's) still
    splits off at that x."""
    starts = []
    for line in lines:
        span = label_span(line.text, labels)
        if span is None or span[0] > 1:
            continue
        after = words_after(line, span[1])
        if after:
            starts.append(after[0].bbox[0])
    # The leftmost: a note that happens to start with a label word (住所地を管轄する…)
    # sits further right, never left of the label column.
    return min(starts) if starts else None


def row_text(lines: Sequence[Line], anchor: Line) -> str:
    """The text of ``anchor``'s whole printed row, segments left to right."""
    row = [ln for ln in lines if ln.page == anchor.page and same_row(ln.bbox, anchor.bbox)]
    return " ".join(ln.text for ln in sorted(row, key=lambda ln: ln.bbox[0]))


def row_words(lines: Sequence[Line], anchor: Line) -> list[tuple[Line, Word]]:
    """Every word of ``anchor``'s printed row (all its segments), left to right."""
    row = [ln for ln in lines if ln.page == anchor.page and same_row(ln.bbox, anchor.bbox)]
    pairs = [(ln, w) for ln in row for w in ln.words]
    return sorted(pairs, key=lambda p: p[1].bbox[0])


def name_on_row(
    lines: Sequence[Line], anchor: Line, edge: int | None, stop_x: int | None = None
) -> Field | None:
    """The name on ``anchor``'s row: after its 氏名 label (or right of the label column),
    before ``stop_x`` (a date on the same row), up to a gap no name has."""
    pairs = row_words(lines, anchor)
    labelled_at = [
        (ln, span[1])
        for ln in dict.fromkeys(ln for ln, _ in pairs)
        if (span := label_span(ln.text, NAME_LABELS)) is not None
    ]
    if labelled_at:
        ln0, offset = labelled_at[0]
        after = set(words_after(ln0, offset))
        cut_x = ln0.bbox[0]
        pairs = [
            (ln, w) for ln, w in pairs if (w in after) or (ln is not ln0 and w.bbox[0] > cut_x)
        ]
    elif edge is not None:
        pairs = [(ln, w) for ln, w in pairs if w.bbox[0] >= edge - 0.3 * w.bbox[3]]
    if stop_x is not None:
        pairs = [(ln, w) for ln, w in pairs if w.bbox[0] + w.bbox[2] <= stop_x]
    raw = "".join(fold_text(w.text) for _, w in pairs)
    if re.search(r"\d\D*\d", raw) or label_span(raw, OTHER_ROW_LABELS):
        return None  # a date or another field's label: not a name row
    words = clean_name_words([w for _, w in pairs])
    if any(_CJK.search(w.text) for w in words):
        # Names are kanji/kana or upper-case Latin: lower-case Latin beside kanji is a
        # misread label (gm, ke for 氏名) or other debris.
        words = [w for w in words if not re.search(r"[a-z]", fold_text(w.text))]
    if not words:
        return None
    height = statistics.median(w.bbox[3] for w in words)
    kept = [words[0]]
    for prev, word in itertools.pairwise(words):
        if word.bbox[0] - (prev.bbox[0] + prev.bbox[2]) > NAME_MAX_GAP_HEIGHTS * height:
            break
        kept.append(word)
    if all(fold_text(w.text).isascii() for w in kept):
        joined = " ".join(fold_text(w.text) for w in kept)  # Latin words keep their spaces
    else:
        joined = words_to_name(kept)
    text = _WS.sub(" ", _NOT_NAME_GLYPH.sub("", joined)).strip()
    if not re.search(r"[぀-ヿ一-鿿A-Za-z]", text) or re.search(r"\d", text):
        return None
    return words_field(kept, text)


def kanji_name(
    lines: Sequence[Line], edge: int | None, labels: Iterable[str] = NAME_LABELS
) -> Field | None:
    """The name on the 氏名 row (a kana reading with ``labels`` フリガナ)."""
    for line, _ in labelled(lines, labels):
        if tuple(labels) != NAME_LABELS:
            # Another label's row: reuse the row reader with that label as the anchor.
            pairs = [w for ln, w in row_words(lines, line) if ln is not line]
            span = label_span(line.text, labels)
            assert span is not None
            pairs = words_after(line, span[1]) + pairs
            words = clean_name_words(pairs)
            text = _WS.sub(" ", _NOT_NAME_GLYPH.sub("", words_to_name(words))).strip()
            if text:
                return words_field(words, text)
            continue
        name = name_on_row(lines, line, edge)
        if name is not None:
            return name
    return None


TITLE_WORDS = re.compile(r"カード|証明書|通知書|NUMBER|CARD", re.IGNORECASE)


def name_above(lines: Sequence[Line], anchor: Line, edge: int | None) -> Field | None:
    """The name when its 氏名 label was misread: the nearest row above ``anchor`` (the
    住所 row, or the birth-date row of a card back) that holds no digits and no title.
    Cards print 氏名 first, directly above (or one row above) those rows."""
    above = sorted(
        (
            ln
            for ln in lines
            if ln.page == anchor.page and ln.bbox[1] + ln.bbox[3] <= anchor.bbox[1]
        ),
        key=lambda ln: -ln.bbox[1],
    )
    for line in above[:4]:
        text = row_text(lines, line)
        if TITLE_WORDS.search(text):
            return None
        if find_dates_tolerant(text) or re.search(r"\d{3}", text):
            continue
        name = name_on_row(lines, line, edge)
        if name is not None and len(re.sub(r"\s", "", name.value)) >= 2:
            return name
    return None


# --- addresses --------------------------------------------------------------------------

_BLOCK = re.compile(r"\d|丁目|番|号|[一二三四五六七八九十]+条")
# Glyphs no address has (a decimal, =, lower-case Latin …): OCR debris, most often a
# misread room number. The value is kept for the reviewer, too weak to decide on.
_NOT_ADDRESS = re.compile(r"[=~<>{}\[\]@#$%^&*_+;:?!|｜]|\d\.\d|[a-z]")
# A continuation line (building, room) is no further below than this many glyph heights,
# and starts within this many glyph heights of where the address value starts: the
# second line of a two-line address is printed in the value column under the first.
# Line spacing on cards is well under one glyph height (the next labelled row is 2+
# below), and 1.5 glyphs of indent absorb the skew left in a photographed card.
CONTINUATION_GAP_HEIGHTS = 1.2
CONTINUATION_INDENT_HEIGHTS = 1.5


def address_start(text: str, start: int = 0) -> int | None:
    """Where an address begins in ``text`` (a prefecture, else a city/ward/town/village)."""
    pref = re.search(PREF_ALT, text[start:])
    if pref:
        return start + pref.start()
    m = ADDRESS_START.search(text, start)
    return m.start() if m else None


def continuation(lines: Sequence[Line], line: Line, words: Sequence[Word]) -> Line | None:
    """The second line of a two-line address (a building name) under ``words``, if any."""
    height = statistics.median(w.bbox[3] for w in words)
    # The address's own words, not its line: a date beside a two-line address can stand
    # as tall as both lines.
    box = union_boxes([w.bbox for w in words])
    x0, bottom = box[0], box[1] + box[3]
    for other in lines:
        if other.page != line.page or other is line or same_row(other.bbox, box):
            continue
        gap = other.bbox[1] - bottom
        if not -0.3 * height <= gap <= CONTINUATION_GAP_HEIGHTS * height:
            continue
        if abs(other.bbox[0] - x0) > CONTINUATION_INDENT_HEIGHTS * height:
            continue
        if label_span(other.text, ROW_LABELS) or find_dates_tolerant(other.text):
            return None
        return other
    return None


def address_from(lines: Sequence[Line], line: Line, start: int, factor: float = 1.0) -> Field:
    """The address from ``line.text[start:]``, with its continuation line when printed."""
    words = words_after(line, start)
    first = line.text[start:]
    # The first word may straddle the start (junk glued to the prefecture): cut the text,
    # keep the word's box.
    if not words or line.spans[line.words.index(words[0])][0] > start:
        words = list(line.span_to_words(start, len(line.text)))
    more = continuation(lines, line, words)
    text = first + (" " + more.text.strip(" |｜」「") if more is not None else "")
    value = address_value(text)
    ok = bool(_BLOCK.search(value)) and not _NOT_ADDRESS.search(value)
    boxes = [*words, *(more.words if more is not None else ())]
    return words_field(boxes, value, factor * (1.0 if ok else FAILED_CHECK_FACTOR))


def front_address(lines: Sequence[Line]) -> Field | None:
    """The 住所/住居地 row, else the first row that reads as an address."""
    for line, offset in labelled(lines, ADDRESS_LABELS):
        for candidate, start in label_value_lines(lines, line, offset):
            begin = address_start(candidate.text, start)
            if begin is not None and _BLOCK.search(candidate.text[begin:]):
                return address_from(lines, candidate, begin)
    for line in lines:
        begin = address_start(line.text)
        if (
            begin is not None
            and _BLOCK.search(line.text[begin:])
            and not label_span(line.text, (*BIRTH_LABELS, *ISSUE_LABELS, *EXPIRY_LABELS))
            and not find_dates_tolerant(line.text)
        ):
            return address_from(lines, line, begin)
    return None


# A block number proper (2丁目, 5番, 3号, 1-20-9): an undated line needs one to count as
# an entry, as the notes under the table also name 市町村 and print numbers (14日以内).
_STRONG_BLOCK = re.compile(r"丁目|番地?|\d\s*号|\d+\s*[-‐−ー－]\s*\d+")


def address_entries(lines: Sequence[Line]) -> list[tuple[str, Field]]:
    """Entries of a back's address-change table: (ISO date or "", address).

    The 住居地記載欄 / 追記欄 / 備考 rows print the date the change was recorded and the
    new address on one row (備考 adds a 住所 label between them). A row whose date was
    misread still counts when it holds an address with a block number.
    """
    entries = []
    for line in lines:
        dates = find_dates_tolerant(line.text)
        if not dates:
            begin = address_start(line.text)
            if begin is not None and _STRONG_BLOCK.search(line.text[begin:]):
                entries.append(("", address_from(lines, line, begin)))
            continue
        m, _ = dates[0]
        label = label_span(line.text[m.end :], ("住所", "住居地"))
        start = m.end + (label[1] if label else 0)
        rest = line.text[start:]
        begin = address_start(line.text, start)
        if begin is None:
            lead = len(rest) - len(rest.lstrip(" :：|｜"))
            if not rest.strip(" :：|｜") or label is None:
                continue  # a date with neither address nor 住所 label: not an entry
            begin = start + lead
        entries.append((m.value.isoformat(), address_from(lines, line, begin)))
    return entries


def latest_entry(lines: Sequence[Line]) -> dict[str, Field]:
    """The latest entry of a back's address-change table."""
    return latest_of(address_entries(lines))


def latest_of(entries: Sequence[tuple[str, Field]]) -> dict[str, Field]:
    """The latest of (ISO date or "", address) entries: by date, and by row where a date
    was misread (the tables are filled downwards, so the lowest entry is the latest)."""
    if not entries:
        return {}

    def row(entry: tuple[str, Field]) -> int:
        return entry[1].bbox[1] if entry[1].bbox is not None else 0

    lowest = max(entries, key=row)
    if not lowest[0]:
        return {"address": lowest[1]}
    return {"address": max(entries, key=lambda e: (e[0], row(e)))[1]}


# --- issuers and numbers ----------------------------------------------------------------

# ○○市長 / ○○区長 / ○○町長 / ○○村長: the mayor who issues 住基カード and 個人番号カード.
_MAYOR = re.compile(r"([一-龥ヶケ]{1,6}?[市区町村])\s*長")
# A prefecture, or its name with 都/府/県 dropped by the OCR (広島公安委員会).
_PREF_BY_STEM = {p if p == "北海道" else p[:-1]: p for p in PREFECTURES}
_PSC = re.compile(
    rf"({PREF_ALT}|{'|'.join(_PREF_BY_STEM)}|[一-龥]{{2,4}}方面)"
    r"(.{0,4}?)(?:公\s*安|安\s*委|委\s*員\s*会)"
)
_MINISTER = re.compile(r"法\s*務\s*大\s*臣|MINISTER\s*OF\s*JUSTICE", re.IGNORECASE)


def mayor(lines: Sequence[Line]) -> Field | None:
    for line in lines:
        for m in _MAYOR.finditer(line.text):
            name = m.group(1)
            if "市区町村" in name or "区町村" in name:
                continue
            words = line.span_to_words(*m.span()) or line.words
            return words_field(words, re.sub(r"\s", "", name) + "長")
    return None


# A prefecture with one glyph misread before 公安委員会 (大孤府公安委員会).
_PSC_MISREAD = re.compile(r"([一-龥]{1,3}[都道府県])\s*(?:公\s*安|安\s*委|委\s*員\s*会)")


def _prefecture_one_glyph_off(read: str) -> str | None:
    """The one prefecture ``read`` is a glyph away from, if only one is."""
    close = [
        p
        for p in PREFECTURES
        if len(p) == len(read) and sum(a != b for a, b in zip(p, read, strict=True)) == 1
    ]
    return close[0] if len(close) == 1 else None


def public_safety_commission(lines: Sequence[Line]) -> Field | None:
    """○○県公安委員会, also with a glyph or two of the seal read into it, or a glyph of
    its prefecture misread (held at the repaired confidence)."""
    for line in lines:
        m = _PSC.search(line.text)
        if m:
            issuer = _PREF_BY_STEM.get(m.group(1), m.group(1)) + "公安委員会"
            exact = re.sub(r"\s", "", line.text[m.start() :]).startswith(issuer)
            words = line.span_to_words(m.start(), m.end()) or line.words
            return words_field(words, issuer, 1.0 if exact else REPAIRED_FACTOR)
    for line in lines:
        for m in _PSC_MISREAD.finditer(line.text):
            prefecture = _prefecture_one_glyph_off(m.group(1))
            if prefecture is not None:
                words = line.span_to_words(*m.span()) or line.words
                return words_field(words, prefecture + "公安委員会", REPAIRED_FACTOR)
    return None


def minister_of_justice(lines: Sequence[Line]) -> Field | None:
    for line in lines:
        m = _MINISTER.search(line.text)
        if m:
            return words_field(line.span_to_words(*m.span()) or line.words, "法務大臣")
    return None


# 在留カード / 特別永住者証明書 numbers: 2 letters, 8 digits, 2 letters (JAPAN.md §1.5).
# Tesseract swaps look-alike glyphs between the two parts; they are mapped back.
_CARD_NUMBER = re.compile(
    r"(?<![A-Z0-9])([A-Z0-9€¥$|]{2})\s?([0-9OIlSBDZ]{8})\s?([A-Z0-9€¥$|]{2})(?![A-Z0-9])"
)
_TO_LETTER = str.maketrans("01258€¥$|", "OIZSBEYSI")
_TO_DIGIT = str.maketrans("OIlSBDZ", "0115802")


def residence_card_number(lines: Sequence[Line]) -> Field | None:
    for line in lines:
        for m in _CARD_NUMBER.finditer(fold_text(line.text)):
            head, body, tail = m.groups()
            if sum(ch.isdigit() for ch in body) < 6:
                continue
            value = (
                head.translate(_TO_LETTER) + body.translate(_TO_DIGIT) + tail.translate(_TO_LETTER)
            )
            if not re.fullmatch(r"[A-Z]{2}\d{8}[A-Z]{2}", value):
                continue
            exact = value == "".join(m.groups())
            words = line.span_to_words(*m.span()) or line.words
            return words_field(words, value, 1.0 if exact else REPAIRED_FACTOR)
    return None


_TWELVE = re.compile(r"(?<!\d)(\d{4})[\s\-]?(\d{4})[\s\-]?(\d{4})(?!\d)")


def individual_number(lines: Sequence[Line]) -> Field | None:
    """A 12-digit 個人番号 (printed 4-4-4); confidence lowered when its check digit fails.

    The report masks it (CONTRACT §3); the value stays whole here so the check digit
    and a second reading can still be compared.
    """
    candidates = []
    for line in lines:
        for m in _TWELVE.finditer(fold_text(line.text)):
            number = "".join(m.groups())
            near_label = label_span(line.text, NUMBER_LABELS) is not None
            candidates.append((is_valid_mynumber(number), near_label, line, m, number))
    if not candidates:
        return None
    valid, _, line, m, number = max(candidates, key=lambda c: (c[0], c[1]))
    words = line.span_to_words(*m.span()) or line.words
    return words_field(words, number, 1.0 if valid else FAILED_CHECK_FACTOR)


_DIGIT_RUN = re.compile(r"\d[\d\s]*\d")
# A run up to this long is a licence number with a few debris digits; one in ten random
# 12-digit windows passes the check digit, so longer runs are not searched.
MAX_NUMBER_RUN = 15
# The 番号 row: its label, or the 第 … 号 the number is printed in.
_NUMBER_ROW = re.compile(r"番号|第.*\d|\d[\d\s]*\D{0,3}号")


def licence_number(lines: Sequence[Line]) -> Field | None:
    """The 12-digit licence number (運転経歴証明書 reuse it, JAPAN.md §1.2).

    Its check digit is verified. A run of another length on the 番号 row is kept with a
    failed check rather than dropped: its box lets the reread stage read it again,
    which replaces it by a 12-digit number whose check digit holds.
    """
    rows = [line for line in lines if _NUMBER_ROW.search(line.text)]
    for line in rows + [ln for ln in lines if ln not in rows]:
        for m in _DIGIT_RUN.finditer(line.text):
            digits = re.sub(r"\s", "", m.group(0))
            if len(digits) == 12:
                words = line.span_to_words(*m.span()) or line.words
                factor = 1.0 if is_valid_dl_number(digits) else FAILED_CHECK_FACTOR
                return words_field(words, digits, factor)
    for line in rows:
        # Debris glued to the number (a seal, the 第/号 read as digits): the one 12-digit
        # window of a longer run whose check digit holds.
        for m in _DIGIT_RUN.finditer(line.text):
            digits = re.sub(r"\s", "", m.group(0))
            windows = {digits[i : i + 12] for i in range(len(digits) - 11)}
            valid = [w for w in windows if is_valid_dl_number(w)]
            if 12 < len(digits) <= MAX_NUMBER_RUN and len(valid) == 1:
                words = line.span_to_words(*m.span()) or line.words
                return words_field(words, valid[0], REPAIRED_FACTOR)
    for line in rows:
        runs = list(_DIGIT_RUN.finditer(line.text))
        if runs:
            longest = max(runs, key=lambda m: len(m.group(0)))
            digits = re.sub(r"\s", "", longest.group(0))
            if len(digits) >= 6:
                words = line.span_to_words(longest.start(), len(line.text)) or line.words
                return words_field(words, digits, FAILED_CHECK_FACTOR)
    return None


# --- the extractors ---------------------------------------------------------------------


def _put(fields: dict[str, Field], key: str, value: Field | None) -> None:
    if value is not None:
        fields[key] = value


def _foreign_resident_front(
    lines: Sequence[Line], expires_on_birthday: bool = False
) -> dict[str, Field]:
    """在留カード and 特別永住者証明書 fronts share their labels (JAPAN.md §1.5, §1.6)."""
    fields: dict[str, Field] = {}
    latin = latin_name(lines)
    if latin is not None:
        fields["name"] = latin
        fields["name_latin"] = latin
    else:
        _put(fields, "name", kanji_name(lines, None))
    expiry = expiry_date(lines)
    _put(fields, "expiry_date", expiry)
    birth = (
        birth_date(lines)
        or birth_by_row(lines)
        or earliest_birth(lines, expiry, expires_on_birthday)
    )
    if birth is not None:
        fields["birth_date"] = birth[0]
    _put(fields, "address", front_address(lines))
    issue = labelled_date(lines, ISSUE_LABELS)
    if issue is None and expiry is not None:
        issue = issued_between(lines, birth[0] if birth is not None else None, expiry)
    _put(fields, "issue_date", issue)
    _put(fields, "issuer", minister_of_justice(lines))
    _put(fields, "document_number", residence_card_number(lines))
    return fields


@extractor("residence_card")
def residence_card_fields(lines: Sequence[Line]) -> dict[str, Field]:
    return _foreign_resident_front(lines)


@extractor("special_permanent_resident_certificate")
def special_permanent_resident_fields(lines: Sequence[Line]) -> dict[str, Field]:
    return _foreign_resident_front(lines, expires_on_birthday=True)


@extractor("residence_card_back")
def residence_card_back_fields(lines: Sequence[Line]) -> dict[str, Field]:
    """住居地記載欄: the latest 届出年月日 / 住居地 entry supersedes the front."""
    return latest_entry(lines)


@extractor("special_permanent_resident_certificate_back")
def special_permanent_resident_back_fields(lines: Sequence[Line]) -> dict[str, Field]:
    return latest_entry(lines)


@extractor("basic_resident_register_card_back")
def basic_resident_register_back_fields(lines: Sequence[Line]) -> dict[str, Field]:
    """追記欄: 転居 entries written by the municipality."""
    return latest_entry(lines)


@extractor("driving_history_certificate_back")
def driving_history_back_fields(lines: Sequence[Line]) -> dict[str, Field]:
    """備考: ``<date> 住所 <address>`` entries, as on the licence back."""
    return latest_entry(lines)


def _japanese_front(lines: Sequence[Line]) -> dict[str, Field]:
    """氏名 / 生年月日 / 住所 cards printed for Japanese residents."""
    fields: dict[str, Field] = {}
    edge = value_column(lines)
    birth = birth_date(lines)
    name = None
    if birth is not None:
        fields["birth_date"], row, match = birth
        if label_span(row_text(lines, row), BIRTH_LABELS) is None:
            # Licence-style: the name shares the birth date's row, left of it.
            date_words = row.span_to_words(match.start, match.end)
            stop = date_words[0].bbox[0] if date_words else None
            name = name_on_row(lines, row, edge, stop)
    name = name or kanji_name(lines, edge)
    address = front_address(lines)
    _put(fields, "address", address)
    if name is None:
        anchor = address_line(lines, address) if address is not None else None
        if anchor is None and birth is not None:
            anchor = birth[1]
        if anchor is not None:
            name = name_above(lines, anchor, edge)
    _put(fields, "name", name)
    if name is not None and re.fullmatch(r"[A-Z][A-Z ,.'\-]+", name.value):
        fields["name_latin"] = name  # a foreign resident's card, printed in Latin letters
    return fields


def address_line(lines: Sequence[Line], field: Field) -> Line | None:
    """The line a field was read from (by its box)."""
    if field.bbox is None:
        return None
    x0, width = field.bbox[0], field.bbox[2]
    for line in lines:
        if (
            line.page == field.page
            and same_row(line.bbox, field.bbox)
            and line.bbox[0] <= x0 + width
            and x0 <= line.bbox[0] + line.bbox[2]
        ):
            return line
    return None


@extractor("driving_history_certificate")
def driving_history_fields(lines: Sequence[Line]) -> dict[str, Field]:
    """運転経歴証明書 (JAPAN.md §1.2): licence-like, no expiry, 番号 = the licence number."""
    fields = _japanese_front(lines)
    _put(fields, "issue_date", labelled_date(lines, ("交付",)))
    _put(fields, "issuer", public_safety_commission(lines))
    _put(fields, "document_number", licence_number(lines))
    return fields


@extractor("basic_resident_register_card")
def basic_resident_register_fields(lines: Sequence[Line]) -> dict[str, Field]:
    """住基カード Type B (JAPAN.md §1.4)."""
    fields = _japanese_front(lines)
    issue = labelled_date(lines, ISSUE_LABELS)
    _put(fields, "issue_date", issue)
    expiry = labelled_date(lines, EXPIRY_LABELS) or expiry_date(lines)
    if expiry is None and issue is not None and "birth_date" in fields:
        expiry = the_other_date(lines, (fields["birth_date"], issue))
    _put(fields, "expiry_date", expiry)
    _put(fields, "issuer", mayor(lines))
    return fields


@extractor("my_number_card")
def my_number_card_fields(lines: Sequence[Line]) -> dict[str, Field]:
    """個人番号カード front (JAPAN.md §1.7): no number and no issue date on this side."""
    fields = _japanese_front(lines)
    _put(fields, "expiry_date", expiry_date(lines))
    _put(fields, "issuer", mayor(lines))
    return fields


@extractor("my_number_card_back")
def my_number_card_back_fields(lines: Sequence[Line]) -> dict[str, Field]:
    """個人番号カード back: the 個人番号 (masked in the report), name and birth date."""
    fields = _japanese_front(lines)
    fields.pop("address", None)
    number = individual_number(lines)
    _put(fields, "document_number", number)
    edge = value_column(lines)
    dated = all_dates(lines)
    if "birth_date" not in fields and len(dated) == 1:
        # The back prints one date, the birth date: its 生 may be misread (16日和).
        line, match, repaired = dated[0]
        fields["birth_date"] = date_field(line, match, repaired)
        if "name" not in fields:
            # The name is printed on the row above it (label and all misread: xs中村涼平).
            _put(fields, "name", name_above(lines, line, edge))
    if "name" not in fields and number is not None and number.bbox is not None:
        # Nor any date read (平成元年3月AF): the name is the row under the number.
        under = [ln for ln in lines if ln.bbox[1] >= number.bbox[1] + number.bbox[3]]
        if under:
            row = min(under, key=lambda ln: ln.bbox[1])
            _put(fields, "name", name_on_row(lines, row, edge))
    return fields


@extractor("my_number_notification_card")
def notification_card_fields(lines: Sequence[Line]) -> dict[str, Field]:
    """通知カード (JAPAN.md §1.8): read so the slot can be refused with its reason."""
    fields = _japanese_front(lines)
    issue = labelled_date(lines, ISSUE_LABELS)
    if issue is None and "birth_date" in fields:
        # The card prints two dates: the birth date and the 発行日.
        issue = the_other_date(lines, (fields["birth_date"],))
    _put(fields, "issue_date", issue)
    _put(fields, "issuer", mayor(lines))
    _put(fields, "document_number", individual_number(lines))
    return fields


@extractor("individual_number_notice")
def individual_number_notice_fields(lines: Sequence[Line]) -> dict[str, Field]:
    """個人番号通知書: a letter with フリガナ, 氏名, 生年月日, the number; dated and signed."""
    fields = _japanese_front(lines)
    fields.pop("address", None)
    _put(fields, "name_kana", kanji_name(lines, None, KANA_LABELS))
    issue = labelled_date(lines, ISSUE_LABELS)
    if issue is None:
        # The letter's date stands alone on its line above the mayor's name.
        dated = [
            (line, m, fixed)
            for line, m, fixed in all_dates(lines)
            if not line.text[m.end : m.end + 2].strip().startswith("生")
            and not label_span(line.text, BIRTH_LABELS)
        ]
        issue = date_field(*dated[0]) if dated else None
    _put(fields, "issue_date", issue)
    _put(fields, "issuer", mayor(lines))
    _put(fields, "document_number", individual_number(lines))
    return fields
