from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import FactoryStockCase


@tagged("post_install", "-at_install")
class TestMaterialMaster(FactoryStockCase):
    def test_material_code_unique_per_company(self):
        with self.assertRaises(ValidationError) as err:
            self._create_material("TST-0001", "Duplicate")
        self.assertIn("TST-0001", str(err.exception))
        with self.assertRaises(ValidationError):
            self._create_material(" TST-0001 ", "Duplicate with spaces")
        dups = (
            self.env["product.product"]
            .with_context(active_test=False)
            .search([("name", "like", "Duplicate")])
        )
        self.assertFalse(dups, dups.mapped("display_name"))
        with self.assertRaises(ValidationError):
            self.other_material.default_code = "TST-0001"
        self.assertEqual(self.other_material.default_code, "TST-0002")
        # another company may reuse the code of its own material
        other_company = self.env["res.company"].create({"name": "Other Factory"})
        self.env.user.company_ids |= other_company
        company_bound = self._create_material(
            "OWN-1", "Company bound", company_id=self.company.id
        )
        twin = self._create_material("OWN-1", "Twin", company_id=other_company.id)
        self.assertEqual(twin.default_code, company_bound.default_code)
        # but not a material shared by all companies
        with self.assertRaises(ValidationError):
            self._create_material("OWN-1", "Shared twin", company_id=False)

    def test_material_form(self):
        with Form(self.env["product.template"]) as form:
            form.name = "Enamelled wire"
            form.is_storable = True
            form.default_code = "TST-FORM-1"
            form.factory_spec = "0.3mm"
            form.categ_id = self.category
        template = form.record
        self.assertEqual(
            (template.default_code, template.factory_spec), ("TST-FORM-1", "0.3mm")
        )

    def test_safety_and_maximum_validation(self):
        Rule = self.env["stock.warehouse.orderpoint"]
        vals = {
            "product_id": self.material.id,
            "warehouse_id": self.wh_raw.id,
            "location_id": self.wh_raw.lot_stock_id.id,
        }
        for bad in (
            {"product_min_qty": -1, "product_max_qty": 5},
            {"product_min_qty": 10, "product_max_qty": 5},
            {"product_min_qty": 0, "product_max_qty": -3},
        ):
            with self.assertRaises(ValidationError, msg=bad):
                Rule.create({**vals, **bad})
        self.assertFalse(Rule.search([("product_id", "=", self.material.id)]))
        rule = Rule.create({**vals, "product_min_qty": 10, "product_max_qty": 50})
        with self.assertRaises(ValidationError):
            rule.product_max_qty = 5
        self.assertEqual(rule.product_max_qty, 50)

    def test_errors_are_translated(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        zh = self.env(context={"lang": "zh_CN"})
        with self.assertRaises(ValidationError) as err:
            zh["stock.warehouse.orderpoint"].create(
                {
                    "product_id": self.material.id,
                    "warehouse_id": self.wh_raw.id,
                    "location_id": self.wh_raw.lot_stock_id.id,
                    "product_min_qty": -1,
                }
            )
        self.assertIn("安全库存", str(err.exception))
