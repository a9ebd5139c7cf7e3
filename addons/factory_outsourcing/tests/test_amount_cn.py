from decimal import Decimal

from odoo.tests import BaseCase, tagged

from odoo.addons.factory_outsourcing.amount_cn import amount_to_chinese


@tagged("post_install", "-at_install")
class TestAmountToChinese(BaseCase):
    TABLE = [
        (0, "零元整"),
        (0.05, "伍分"),
        (0.5, "伍角整"),
        (0.15, "壹角伍分"),
        (1, "壹元整"),
        (1.05, "壹元零伍分"),
        (10, "壹拾元整"),
        (16, "壹拾陆元整"),
        (10.5, "壹拾元零伍角整"),
        (100.10, "壹佰元零壹角整"),
        (325.04, "叁佰贰拾伍元零肆分"),  # PBoC example
        (1001, "壹仟零壹元整"),
        (1409.50, "壹仟肆佰零玖元伍角整"),  # PBoC example (整 after 角)
        (1680.32, "壹仟陆佰捌拾元零叁角贰分"),  # PBoC example
        (6007.14, "陆仟零柒元壹角肆分"),  # PBoC example
        (20000, "贰万元整"),
        (100010, "壹拾万零壹拾元整"),
        (107000.53, "壹拾万柒仟元零伍角叁分"),  # PBoC example
        (1000000.01, "壹佰万元零壹分"),
        (1234567.89, "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"),
        (10050000, "壹仟零伍万元整"),
        (100000001, "壹亿零壹元整"),
        (10000000000, "壹佰亿元整"),
        (100000000000000, "壹佰万亿元整"),
        (-3.2, "负叁元贰角整"),
        ("2.345", "贰元叁角伍分"),  # half-up to the fen
        (Decimal("99999.995"), "壹拾万元整"),
    ]

    def test_table(self):
        for amount, expected in self.TABLE:
            with self.subTest(amount=amount):
                self.assertEqual(amount_to_chinese(amount), expected)

    def test_float_artifacts(self):
        # 0.1 + 0.2 is 0.30000000000000004 as a float
        self.assertEqual(amount_to_chinese(0.1 + 0.2), "叁角整")
        self.assertEqual(amount_to_chinese(1.005 * 1000), "壹仟零伍元整")

    def test_bad_input(self):
        for bad in ("abc", None, "", float("nan"), float("inf"), 10**16, "1e30"):
            with self.subTest(bad=bad), self.assertRaises(ValueError):
                amount_to_chinese(bad)
        with self.assertRaises(TypeError):
            amount_to_chinese(True)
