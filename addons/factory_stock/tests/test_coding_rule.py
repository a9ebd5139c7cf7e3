from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import FactoryStockCase


@tagged("post_install", "-at_install")
class TestCodingRule(FactoryStockCase):
    """Coding rules (编码规则): a storable material saved without a code gets
    the next code of its category's rule (inherited by sub-categories), or of
    the company's default rule; typed codes are kept, duplicates refused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Category = cls.env["product.category"]
        cls.raw = Category.create({"name": "Coding Raw", "factory_code": "TR"})
        cls.magnets = Category.create(
            {"name": "Magnets", "factory_code": "MG", "parent_id": cls.raw.id}
        )
        cls.rule = cls.env["factory.coding.rule"].create(
            {
                "name": "Test raw materials",
                "categ_id": cls.raw.id,
                "use_category_codes": True,
                "padding": 4,
            }
        )
        cls.no_rule = Category.create({"name": "Coding Without Rule"})

    def setUp(self):
        super().setUp()
        # PostgreSQL sequences ignore rollbacks: start every test at 1
        self.rule.number_next = 1

    def _new(self, categ, user=None, model="product.template", **vals):
        Model = self.env[model].with_user(user or self.supervisor)
        return Model.create(
            {"name": "Material", "is_storable": True, "categ_id": categ.id, **vals}
        )

    def test_blank_code_gets_next_code_of_category(self):
        self.assertEqual(self.raw.factory_applied_rule_id, self.rule)
        self.assertEqual(self.raw.factory_next_code, "TR-0001")
        first = self._new(self.raw)
        self.assertEqual(first.default_code, "TR-0001")
        self.assertEqual(first.product_variant_id.default_code, "TR-0001")
        # product.product, blank or spaces only, the form: the same rule
        second = self._new(self.raw, model="product.product")
        self.assertEqual(second.default_code, "TR-0002")
        self.assertEqual(self._new(self.raw, default_code="  ").default_code, "TR-0003")
        with Form(self.env["product.template"].with_user(self.supervisor)) as form:
            form.name = "Enamelled wire"
            form.is_storable = True
            form.categ_id = self.raw
        self.assertEqual(form.record.default_code, "TR-0004")
        self.assertEqual(self.raw.factory_next_code, "TR-0005")
        # a material saved without a code is not refused; non-storable
        # products get no code
        service = self.env["product.template"].create(
            {"name": "Freight", "type": "service", "categ_id": self.raw.id}
        )
        consumable = self.env["product.template"].create(
            {"name": "Gloves", "type": "consu", "categ_id": self.raw.id}
        )
        self.assertFalse(service.default_code)
        self.assertFalse(consumable.default_code)
        # ... until it is tracked in stock
        consumable.with_user(self.supervisor).is_storable = True
        self.assertEqual(consumable.default_code, "TR-0005")

    def test_sub_category_inherits(self):
        self.assertEqual(self.magnets.factory_applied_rule_id, self.rule)
        self.assertEqual(self._new(self.magnets).default_code, "TR-MG-0001")
        # one counter per rule: the parent's next material continues it
        self.assertEqual(self._new(self.raw).default_code, "TR-0002")
        # further down, a category without a code segment adds none
        small = self.env["product.category"].create(
            {"name": "Small", "parent_id": self.magnets.id}
        )
        self.assertEqual(self._new(small).default_code, "TR-MG-0003")
        # a rule of its own wins over the parent's, for its sub-categories too
        own = self.env["factory.coding.rule"].create(
            {"name": "Magnets", "categ_id": self.magnets.id, "prefix": "MAG-"}
        )
        self.assertEqual(small.factory_applied_rule_id, own)
        self.assertEqual(self._new(small).default_code, "MAG-0001")
        self.assertEqual(self._new(self.magnets).default_code, "MAG-0002")
        self.assertEqual(self._new(self.raw).default_code, "TR-0004")

    def test_company_default_rule(self):
        Rule = self.env["factory.coding.rule"]
        shared = Rule.search([("categ_id", "=", False), ("company_id", "=", False)])
        company_default = Rule.create(
            {"name": "Company default", "prefix": "CO-", "padding": 5}
        )
        self.assertEqual(self.no_rule.factory_applied_rule_id, company_default)
        self.assertEqual(self._new(self.no_rule).default_code, "CO-00001")
        # another company's rules never apply here
        other_company = self.env["res.company"].create({"name": "Other Factory"})
        Rule.create(
            {
                "name": "Other company's raw",
                "categ_id": self.no_rule.id,
                "company_id": other_company.id,
                "prefix": "OTHER-",
            }
        )
        self.assertEqual(self._new(self.no_rule).default_code, "CO-00002")
        # one active default rule per company
        with self.assertRaises(ValidationError):
            Rule.create({"name": "Second default", "prefix": "X-"})
        # without the company's default, the shared one; without any rule
        # the material is saved without a code
        company_default.active = False
        if shared:
            self.assertEqual(self.no_rule.factory_applied_rule_id, shared)
            code = self._new(self.no_rule).default_code
            self.assertTrue(code.startswith(shared.prefix or ""), code)
            shared.active = False
        self.assertFalse(self.no_rule.factory_applied_rule_id)
        material = self._new(self.no_rule)
        self.assertFalse(material.default_code)
        self.assertTrue(material.exists())

    def test_typed_code_kept(self):
        typed = self._new(self.raw, default_code="RAW-TYPED-1")
        self.assertEqual(typed.default_code, "RAW-TYPED-1")
        variant = self._new(self.raw, model="product.product", default_code="V-1")
        self.assertEqual(variant.default_code, "V-1")
        self.assertEqual(variant.product_tmpl_id.default_code, "V-1")
        # no number of the rule was used for them
        self.assertEqual(self.raw.factory_next_code, "TR-0001")
        # a typed code that looks like the rule's is skipped by the rule
        self._new(self.raw, default_code="TR-0001")
        self.assertEqual(self._new(self.raw).default_code, "TR-0002")

    def test_duplicate_refused(self):
        with self.assertRaises(ValidationError) as err:
            self._new(self.raw, default_code="TST-0001")
        self.assertIn("TST-0001 is already used", str(err.exception))
        filled = self._new(self.raw)
        with self.assertRaises(ValidationError):
            self._new(self.magnets, default_code=filled.default_code)
        with self.assertRaises(ValidationError):
            self.other_material.with_user(self.supervisor).default_code = " TST-0001 "
        self.assertEqual(self.other_material.default_code, "TST-0002")
        # no context key switches the check off (any RPC client can send one)
        for key in ("install_mode", "factory_defer_code_check", "import_file"):
            with self.subTest(key=key), self.assertRaises(ValidationError):
                self.env["product.product"].with_user(self.supervisor).with_context(
                    **{key: True}
                ).create({"name": "Forged", "default_code": "TST-0001"})
        self.assertFalse(
            self.env["product.product"].search([("name", "=", "Forged")]),
        )

    def test_cleared_code_filled_again(self):
        material = self._new(self.raw, default_code="TO-CLEAR")
        material.with_user(self.supervisor).default_code = False
        self.assertEqual(material.default_code, "TR-0001")
        self.assertEqual(material.product_variant_id.default_code, "TR-0001")
        material.product_variant_id.with_user(self.supervisor).default_code = ""
        self.assertEqual(material.product_variant_id.default_code, "TR-0002")
        self.assertEqual(material.default_code, "TR-0002")

    def test_duplicate_and_variants_get_their_codes(self):
        material = self._new(self.raw)
        copy = material.with_user(self.supervisor).copy()
        self.assertEqual(
            (material.default_code, copy.default_code), ("TR-0001", "TR-0002")
        )
        size = self.env["product.attribute"].create(
            {
                "name": "Coding size",
                "value_ids": [Command.create({"name": n}) for n in ("S", "L")],
            }
        )
        with_variants = self._new(
            self.raw,
            attribute_line_ids=[
                Command.create(
                    {
                        "attribute_id": size.id,
                        "value_ids": [Command.set(size.value_ids.ids)],
                    }
                )
            ],
        )
        self.assertEqual(
            sorted(with_variants.product_variant_ids.mapped("default_code")),
            ["TR-0003", "TR-0004"],
        )

    def test_rule_access(self):
        Rule = self.env["factory.coding.rule"]
        vals = {"name": "Forged", "categ_id": self.no_rule.id, "prefix": "F-"}
        for user in (self.clerk, self.supervisor, self.purchaser, self.worker):
            with self.subTest(user=user.login):
                # every user reads the rules (and the next code of a category)
                self.assertEqual(self.raw.with_user(user).factory_next_code, "TR-0001")
                self.assertEqual(self.rule.with_user(user).example, "TR-0001")
                with self.assertRaises(AccessError):
                    Rule.with_user(user).create(vals)
                with self.assertRaises(AccessError):
                    self.rule.with_user(user).prefix = "X-"
        # factory managers manage them, the next number included, but never
        # the rule's sequence
        managed = Rule.with_user(self.manager).create(vals)
        managed.number_next = 50
        self.assertEqual(self._new(self.no_rule).default_code, "F-0050")
        managed.prefix = "G-"
        managed.padding = 6
        self.assertEqual(self._new(self.no_rule).default_code, "G-000051")
        other_sequence = self.rule.sequence_id
        with self.assertRaises(UserError):
            managed.sequence_id = other_sequence
        with self.assertRaises(UserError):
            Rule.with_user(self.manager).create(
                {**vals, "categ_id": self.magnets.id, "sequence_id": other_sequence.id}
            )
        sequence = managed.sequence_id
        self.assertNotEqual(sequence, other_sequence)
        managed.unlink()
        self.assertFalse(sequence.exists())
        self.assertTrue(other_sequence.exists())

    def test_rule_and_segment_validation(self):
        Rule = self.env["factory.coding.rule"].with_user(self.manager)
        for bad in ({"padding": 0}, {"padding": 13}, {"prefix": "RM "}):
            with self.subTest(bad=bad), self.assertRaises(ValidationError):
                Rule.create({"name": "Bad", "categ_id": self.no_rule.id, **bad})
        with self.assertRaises(ValidationError):
            self.rule.with_user(self.manager).number_next = 0
        for code in ("R M", "RM-", "原料"):
            with self.subTest(code=code), self.assertRaises(ValidationError):
                self.magnets.factory_code = code
        self.assertEqual(self.magnets.factory_code, "MG")
        self.assertFalse(Rule.search([("name", "=", "Bad")]))
