from datetime import timedelta

from odoo import Command, fields
from odoo.tests import Form

from .material_common import MaterialRequestCase


class OrderCostCase(MaterialRequestCase):
    """Work centers with labour and overhead rates, two operations on the
    motor's bill of materials, workers with and without an hourly cost, and
    a valued motor (AVCO) made of FIFO components in stock with real
    valuation layers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Workcenter = cls.env["mrp.workcenter"]
        cls.wc_wind = Workcenter.create(
            {"name": "Test Winding", "costs_hour": 30.0, "factory_overhead_hour": 12.0}
        )
        cls.wc_assy = Workcenter.create(
            {"name": "Test Assembly", "costs_hour": 24.0, "factory_overhead_hour": 0.0}
        )
        cls.loss = cls.env["mrp.workcenter.productivity.loss"].search(
            [("loss_type", "=", "productive")], limit=1
        )
        Employee = cls.env["hr.employee"]
        cls.emp_rated = Employee.create({"name": "Wang Fang", "hourly_cost": 60.0})
        cls.emp_plain = Employee.create({"name": "Li Lei", "hourly_cost": 0.0})
        # valued products: FIFO components, AVCO motor
        Category = cls.env["product.category"]
        cls.cat_fifo = Category.create(
            {"name": "Test FIFO Materials", "property_cost_method": "fifo"}
        )
        cls.cat_avco = Category.create(
            {"name": "Test AVCO Products", "property_cost_method": "average"}
        )
        cls.coil = cls._create_material(
            "TST-CO-01", "Coil", cost=2.0, categ_id=cls.cat_fifo.id
        )
        cls.pole = cls._create_material(
            "TST-CO-02", "Pole piece", cost=0.5, categ_id=cls.cat_fifo.id
        )
        cls.rotor_motor = cls._create_material(
            "TST-CO-FG", "Rotor motor", cost=20.0, categ_id=cls.cat_avco.id
        )
        cls.cost_bom = cls._bom_with_operations(
            cls.rotor_motor, [(cls.coil, 1), (cls.pole, 2)]
        )
        stock = cls.wh_raw.lot_stock_id
        cls._inventory(cls.coil, stock, 10)  # 10 @ 2.0
        cls.coil.standard_price = 3.0
        cls._inventory(cls.coil, stock, 20)  # + 10 @ 3.0
        cls._inventory(cls.pole, stock, 50)  # 50 @ 0.5

    @classmethod
    def _bom_with_operations(cls, product, components):
        return cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": product.product_tmpl_id.id,
                "product_qty": 1,
                "bom_line_ids": [
                    Command.create({"product_id": c.id, "product_qty": qty})
                    for c, qty in components
                ],
                "operation_ids": [
                    Command.create(
                        {
                            "name": "Wind",
                            "workcenter_id": cls.wc_wind.id,
                            "time_cycle_manual": 6.0,
                            "sequence": 10,
                        }
                    ),
                    Command.create(
                        {
                            "name": "Assemble",
                            "workcenter_id": cls.wc_assy.id,
                            "time_cycle_manual": 3.0,
                            "sequence": 20,
                        }
                    ),
                ],
            }
        )

    def _cost_order(self, qty, bom=None, product=None):
        form = Form(self.env["mrp.production"])
        form.product_id = product or self.rotor_motor
        form.bom_id = bom or self.cost_bom
        form.product_qty = qty
        form.picking_type_id = self.wh_raw.manu_type_id
        production = form.save()
        production.action_confirm()
        return production

    def _time(self, workorder, minutes, employee=None, end=None):
        end = end or fields.Datetime.now().replace(microsecond=0)
        return self.env["mrp.workcenter.productivity"].create(
            {
                "workorder_id": workorder.id,
                "workcenter_id": workorder.workcenter_id.id,
                "loss_id": self.loss.id,
                "date_start": end - timedelta(minutes=minutes),
                "date_end": end,
                "factory_employee_id": employee.id if employee else False,
            }
        )

    def _report(self, workorder, employee, good, scrap=0.0):
        """A production report without time (time is recorded apart)."""
        return self.env["factory.production.report"].create(
            {
                "workorder_id": workorder.id,
                "employee_id": employee.id,
                "good_qty": good,
                "scrap_qty": scrap,
                "scrap_reason_id": scrap
                and self.env.ref("factory_stock.defect_reason_function").id,
            }
        )

    def _finish(self, production, user=None):
        """Produce the whole quantity, consume what the bill says, close."""
        production = production.with_user(user) if user else production
        form = Form(production)
        form.qty_producing = production.product_qty
        production = form.save()
        production.move_raw_ids.picked = True
        res = production.button_mark_done()
        self.assertIs(res, True)
        self.assertEqual(production.state, "done")
        return production.with_user(self.env.user)

    def _finished_value(self, production):
        return sum(
            production.move_finished_ids.filtered(
                lambda m: m.product_id == production.product_id
            ).stock_valuation_layer_ids.mapped("value")
        )
