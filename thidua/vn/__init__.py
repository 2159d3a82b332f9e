"""Vietnamese language helpers: normalisation, collation, dates, money, names, reading time.

Pure Python with no Django import (an import-linter contract enforces it), so every layer of the
project, and scripts, can use it.
"""

from thidua.vn.collate import compare, name_sort_key, sort_key, sorted_vi, split_full_name, sqlite_collation
from thidua.vn.dates import (
    long_date,
    numeric_date,
    parse_date,
    place_date,
    short_date,
    time_text,
    weekday_name,
)
from thidua.vn.money import amount_in_words, format_money, format_number, round_nearest, round_up_to
from thidua.vn.normalise import (
    clean_multiline,
    clean_text,
    detect_legacy,
    encoding_from_font,
    fix_legacy,
    fix_legacy_for_font,
    fold,
    match_key,
    new_tone_placement,
    nfc,
    old_tone_placement,
)
from thidua.vn.numbering import document_number, lower_alpha, roman, two_digit
from thidua.vn.people import display_name, salutation
from thidua.vn.reading import reading_minutes, speaking_range_check, word_count

__all__ = [
    "amount_in_words",
    "clean_multiline",
    "clean_text",
    "compare",
    "detect_legacy",
    "display_name",
    "document_number",
    "encoding_from_font",
    "fix_legacy",
    "fix_legacy_for_font",
    "fold",
    "format_money",
    "format_number",
    "long_date",
    "lower_alpha",
    "match_key",
    "name_sort_key",
    "new_tone_placement",
    "nfc",
    "numeric_date",
    "old_tone_placement",
    "parse_date",
    "place_date",
    "reading_minutes",
    "roman",
    "round_nearest",
    "round_up_to",
    "salutation",
    "short_date",
    "sort_key",
    "sorted_vi",
    "speaking_range_check",
    "split_full_name",
    "sqlite_collation",
    "time_text",
    "two_digit",
    "weekday_name",
    "word_count",
]
