"""Input checks of the suite's entry points (forms, imports, RPC).

The ORM turns some values a client can send into crashes instead of
refusals: a string or NaN in a number field, a record id that does not
exist or is not even a number, a value outside a selection, a NUL character
in a text, a date that is not a date. ``factory_clean_vals`` refuses them
with a clear ValidationError before anything is written, and returns the
values with numbers given as text converted.
"""

import math

from odoo import fields
from odoo.exceptions import ValidationError

MAX_ID = 2**31 - 1
# beyond this a quantity or amount is nonsense, and float rounding overflows
MAX_NUMBER = 1e15
NUMBER_TYPES = ("float", "monetary", "integer")


def _refuse(env, label, value):
    raise ValidationError(
        env._("%(field)s: %(value)r is not a valid value.", field=label, value=value)
    )


def factory_number(env, value, label, integer=False):
    """``value`` as a finite number (digits in a string accepted)."""
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", "."))
        except ValueError:
            _refuse(env, label, value)
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or abs(value) > (MAX_ID if integer else MAX_NUMBER)
        or (integer and value != int(value))
    ):
        _refuse(env, label, value)
    return int(value) if integer else value


def _check_value(records, field, value):
    env = records.env
    label = field._description_string(env)
    if field.type in NUMBER_TYPES:
        if value is None or value is False:
            return 0
        return factory_number(env, value, label, integer=field.type == "integer")
    if field.type == "many2one":
        if value in (False, None, 0) and field.required:
            raise ValidationError(env._("%s is required.", label))
        if value in (False, None, 0):
            return False
        if isinstance(value, bool) or not isinstance(value, int):
            _refuse(env, label, value)
        if (
            not 0 < value <= MAX_ID
            or not env[field.comodel_name].browse(value).exists()
        ):
            _refuse(env, label, value)
    elif field.type == "selection" and value not in (False, None):
        if not isinstance(value, str | int) or value not in dict(
            field._description_selection(env)
        ):
            _refuse(env, label, value)
    elif field.type in ("char", "text", "html") and value not in (False, None):
        if not isinstance(value, str) or "\x00" in value:
            _refuse(env, label, value)
    elif field.type in ("date", "datetime") and value not in (False, None):
        convert = fields.Date if field.type == "date" else fields.Datetime
        try:
            convert.to_date(value) if field.type == "date" else convert.to_datetime(
                value
            )
        except (TypeError, ValueError):
            _refuse(env, label, value)
    return value


def factory_clean_vals(records, vals):
    """Checked copy of ``vals`` for ``records`` (a model): unknown fields,
    bad numbers, ids, selection values, texts and dates are refused."""
    if not isinstance(vals, dict):
        raise ValidationError(records.env._("%r is not a set of values.", vals))
    clean = dict(vals)
    for fname, value in vals.items():
        field = records._fields.get(fname) if isinstance(fname, str) else None
        if field is None:
            raise ValidationError(
                records.env._(
                    "%(model)s has no field %(field)r.",
                    model=records._description,
                    field=fname,
                )
            )
        clean[fname] = _check_value(records, field, value)
    return clean
