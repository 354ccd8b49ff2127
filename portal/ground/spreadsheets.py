"""Cells of the CSV and XLSX files the portal writes, made safe to open in a spreadsheet.

Names, titles and handles are typed by the public. A cell starting with = + - @ (or a tab or a
carriage return, which some spreadsheets skip before reading a formula) would be run as a formula
by Excel or LibreOffice when the ministry opens the file: "=HYPERLINK(...)" sends whoever clicks
to any address, and worse exist. Every writer of such text passes its cells through safe_cell().
"""

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A signed number ("+229 01 97 00 00 00", "-3") is read as a number at worst, never run: kept as is.
_SIGNED_NUMBER = re.compile(r"[+-][\d .]+")


def safe_cell(value):
    """`value` itself, unless it is a text a spreadsheet would read as a formula: that text is
    prefixed with a quote, which spreadsheets show as plain text. Numbers and dates are kept."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _SIGNED_NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_row(values):
    return [safe_cell(value) for value in values]
