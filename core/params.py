"""Numbers read from a request's query string or form: what a URL or a tampered form can
carry must never reach int() or the database unchecked."""

# Larger than any id or page a database holds, well inside a 64-bit integer (SQLite and
# PostgreSQL's bigint), so a bound parameter never overflows.
MAX_DIGITS = 15


def is_id(value):
    """Whether `value` (a string from the request) is a whole number written in ASCII
    digits: '12' yes; '', '-1', '1.234', '²' (str.isdigit() says yes, int() refuses), or a
    number of more than 15 digits no."""
    return (
        isinstance(value, str)
        and 0 < len(value) <= MAX_DIGITS
        and value.isascii()
        and value.isdigit()
    )
