"""Chinese capital numerals (大写金额) for amounts of money.

num2words has no Chinese and Odoo's ``amount_to_text`` falls back to English,
so bills and statements need their own function. It follows the rules of the
People's Bank of China for filling in bills and settlement vouchers
(《正确填写票据和结算凭证的基本规定》):

- digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟万亿 and 元角分; a ten is always
  written 壹拾 (10 → 壹拾元整);
- zeros inside the number give one 零, however many there are
  (1,001 → 壹仟零壹元整; 100,000,001 → 壹亿零壹元整), none for the trailing
  zeros of a group (1,000,000 → 壹佰万元整);
- when the 元 digit or the 角 digit is 0 and a later digit is not, 零 is
  written after 元 (1,680.32 → 壹仟陆佰捌拾元零叁角贰分, 325.04 →
  叁佰贰拾伍元零肆分, the PBoC's own examples; the rule allows leaving it out
  in the first case, we always write it so one amount has one spelling);
- 整 after 元 and after 角 (the rule requires it after 元 and allows it after
  角), never after 分;
- amounts under one yuan start at the first non-zero digit: 0.05 → 伍分,
  0.50 → 伍角整 (no 零元: the examples of the rule never write it); zero is
  零元整;
- a negative amount (a statement whose deductions exceed its fees) starts
  with 负.

The amount is rounded half-up to the fen. Amounts of 10^16 yuan or more are
refused.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

DIGITS = "零壹贰叁肆伍陆柒捌玖"
SMALL_UNITS = ("", "拾", "佰", "仟")
GROUP_UNITS = ("", "万", "亿", "万亿")
LIMIT = 10**16


def _group_to_chinese(value):
    """0 < value < 10,000 → e.g. 1005 → 壹仟零伍 (no trailing zeros)."""
    digits = f"{value:04d}"
    out = []
    zero_pending = False
    for position, char in enumerate(digits):
        digit = int(char)
        unit = SMALL_UNITS[3 - position]
        if digit == 0:
            zero_pending = bool(out)
            continue
        if zero_pending:
            out.append(DIGITS[0])
            zero_pending = False
        out.append(DIGITS[digit] + unit)
    return "".join(out)


def _integer_to_chinese(value):
    """value > 0 → the yuan part without 元, e.g. 100010 → 壹拾万零壹拾."""
    groups = []
    while value:
        value, group = divmod(value, 10000)
        groups.append(group)
    out = []
    zero_pending = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            zero_pending = bool(out)
            continue
        # a gap before this group: a zero group, or leading zeros of it
        if out and (zero_pending or group < 1000):
            out.append(DIGITS[0])
        zero_pending = False
        out.append(_group_to_chinese(group) + GROUP_UNITS[index])
    return "".join(out)


def amount_to_chinese(amount):
    """Return the amount in Chinese capital numerals, e.g.
    ``amount_to_chinese(1234567.89)`` → 壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分.

    ``amount``: int, float, Decimal or a numeric string."""
    if isinstance(amount, bool):
        raise TypeError(f"not an amount: {amount!r}")
    try:
        value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"not an amount: {amount!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not an amount: {amount!r}")
    sign = ""
    if value < 0:
        sign = "负"
        value = -value
    fen_total = int(value * 100)
    yuan, rest = divmod(fen_total, 100)
    jiao, fen = divmod(rest, 10)
    if yuan >= LIMIT:
        raise ValueError(f"amount too large: {amount!r}")
    if not fen_total:
        return "零元整"
    out = []
    if yuan:
        out.append(_integer_to_chinese(yuan) + "元")
        if (jiao or fen) and (yuan % 10 == 0 or not jiao):
            out.append(DIGITS[0])
    if jiao:
        out.append(DIGITS[jiao] + "角")
    if fen:
        out.append(DIGITS[fen] + "分")
    else:
        out.append("整")
    return sign + "".join(out)
