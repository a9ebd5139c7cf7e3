from odoo import Command
from odoo.tests import Form

from odoo.addons.factory_mrp.tests.report_common import ProductionReportCase


class OperationOutsourcingCase(ProductionReportCase):
    """The motor's routing with a third operation in the middle, plating of
    the shaft (委外工序), done by a plating shop at 3.00 per unit: winding →
    plating (outsourced, consumes the shaft) → assembly."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plater = cls.env["res.partner"].create(
            {"name": "Test Plating Shop", "is_company": True}
        )
        cls.plater.with_user(cls.purchaser).action_factory_create_subcontract_location()
        cls.plating_location = cls.plater.property_stock_subcontractor
        cls.wc_plating = cls.env["mrp.workcenter"].create(
            {"name": "Test Plating (outsourced)", "code": "TPLAT"}
        )
        cls.bom.operation_ids = [
            Command.create(
                {
                    "name": "Plating",
                    "workcenter_id": cls.wc_plating.id,
                    "sequence": 15,
                    "time_cycle_manual": 1,
                    "factory_subcontractor_id": cls.plater.id,
                    "factory_operation_fee": 3.0,
                }
            )
        ]
        cls.op_plating = cls.bom.operation_ids.filtered(lambda o: o.name == "Plating")
        cls.bom.bom_line_ids.filtered(
            lambda line: line.product_id == cls.shaft
        ).operation_id = cls.op_plating
        # a valued motor (AVCO): its value is what the order cost
        cls.motor.categ_id = cls.env["product.category"].create(
            {"name": "Test AVCO Motors", "property_cost_method": "average"}
        )
        cls.Balance = cls.env["factory.outsourcing.balance"]

    def _balance_row(self, product, partner=None):
        self.Balance.invalidate_model()
        return self.Balance.search(
            [
                ("partner_id", "=", (partner or self.plater).id),
                ("product_id", "=", product.id),
            ]
        )

    def _held(self, product, partner=None):
        location = (partner or self.plater).property_stock_subcontractor
        quants = self.env["stock.quant"].search(
            [("location_id", "child_of", location.id), ("product_id", "=", product.id)]
        )
        return sum(quants.mapped("quantity"))

    def _assert_balance(self, product, held, partner=None):
        """sent − consumed − returned − scrapped = Odoo's quants = held."""
        row = self._balance_row(product, partner)
        quants = self._held(product, partner)
        self.assertAlmostEqual(quants, held)
        if not row:
            self.assertAlmostEqual(held, 0.0)
            return row
        self.assertAlmostEqual(row.qty_balance, quants)
        self.assertAlmostEqual(row.qty_held, quants)
        return row

    def _validate(self, picking, qty, user):
        picking = picking.with_user(user)
        picking.move_ids.quantity = qty
        picking.move_ids.picked = True
        action = picking.button_validate()
        if isinstance(action, dict) and action.get("res_model"):
            Form.from_action(self.env(user=user), action).save().process()
        return picking.with_env(self.env)

    def _close(self, production):
        """Close the order with what was reported (factory_mrp's own close:
        components consumed for what each operation started)."""
        production.with_user(self.approver).action_factory_close_from_reports()
        return production
