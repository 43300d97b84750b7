from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from sentra.imports.rowclean import MOBILE_RE, PHONE_SEPARATORS
from sentra.registry.validators import normalize_phone

prefix = st.sampled_from(["", "0", "62", "+62", "+"])
body = st.text(alphabet="0123456789", min_size=6, max_size=14).map(lambda d: "8" + d)
separator = st.sampled_from(["", " ", "-", "."])


@settings(max_examples=3000, deadline=None)
@given(prefix, body, separator)
def test_fast_path_agrees_with_normalize_phone(pre, digits, sep):
    typed = pre + sep.join([digits[:3], digits[3:7], digits[7:]])
    fast = MOBILE_RE.fullmatch(PHONE_SEPARATORS.sub("", typed))
    if not fast:
        return
    try:
        expected = normalize_phone(typed)
    except ValidationError:
        raise AssertionError(f"fast path accepted {typed!r}, normalize_phone refuses it") from None
    assert "+62" + fast.group(1) == expected


def test_common_forms_take_the_fast_path():
    for typed in ["081234567890", "0812-3456-7890", "+62 812 3456 7890", "6281234567890", "81234567890"]:
        assert MOBILE_RE.fullmatch(PHONE_SEPARATORS.sub("", typed)), typed
