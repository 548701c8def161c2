"""Numbers from the request: what str.isdigit() accepts but int() or the database refuse."""

import pytest

from core.params import is_id


@pytest.mark.parametrize("value", ["0", "7", "1234", "9" * 15])
def test_whole_numbers_in_ascii_digits_are_ids(value):
    assert is_id(value)


@pytest.mark.parametrize(
    "value", ["", " 1", "-1", "1.234", "1,5", "²", "١٢", "9" * 16, None, 12, "1e3"]
)
def test_anything_else_is_not(value):
    assert not is_id(value)
