"""Hypothesis strategies for Vietnamese text."""

import unicodedata

from hypothesis import strategies as st

TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
VOWELS = "aăâeêioôơuưy"
CONSONANTS = "bcdđghklmnpqrstvx"

TONED_VOWELS = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES]
LOWER_LETTERS = TONED_VOWELS + list(CONSONANTS)
LETTERS = LOWER_LETTERS + [c.upper() for c in LOWER_LETTERS]

vn_letter = st.sampled_from(LETTERS)
vn_word = st.lists(vn_letter, min_size=1, max_size=7).map("".join)
vn_text = st.lists(vn_word, min_size=0, max_size=6).map(" ".join)

INITIALS = [""] + "b c ch d đ g gh gi h k kh l m n ng ngh nh ph qu r s t th tr v x".split()
RHYMES = (
    "a oa oe uy oan oang oach uyên uynh uyêt ua ưa ia ai ao oai oay uya uyu uê iêu ươi ôi anh ương ơn ăng ân e o"
).split()


def _tone_rhyme(rhyme: str, tone: str, position: int) -> str:
    vowels = [i for i, ch in enumerate(rhyme) if ch in VOWELS]
    i = vowels[min(position, len(vowels) - 1)]
    return unicodedata.normalize("NFC", rhyme[: i + 1] + tone + rhyme[i + 1 :])


@st.composite
def vn_syllable(draw):
    """A syllable-shaped word with one tone on one of its vowels, in a random case."""
    initial = draw(st.sampled_from(INITIALS))
    rhyme = draw(st.sampled_from(RHYMES))
    tone = draw(st.sampled_from(TONES))
    word = initial + _tone_rhyme(rhyme, tone, draw(st.integers(0, 2)))
    case = draw(st.sampled_from(["lower", "title", "upper"]))
    return {"lower": word, "title": word[:1].upper() + word[1:], "upper": word.upper()}[case]


vn_sentence = st.lists(vn_syllable(), min_size=1, max_size=8).map(" ".join)
