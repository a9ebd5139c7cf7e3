from odoo.tests import tagged

from .report_common import ProductionReportCase


@tagged("post_install", "-at_install")
class TestProductionReportNumbers(ProductionReportCase):
    """The reporting screen shows quantities with their unit's precision:
    what is still to report is rounded on the server, never the float sum
    (10 - 2.2 - 0.4 is 7.3999999999999995 in binary floating point)."""

    def test_still_to_report_is_rounded_to_the_unit(self):
        production = self._released(10)
        winding = self._ops(production)[0]
        winding.workcenter_id.factory_report_tolerance = 0
        self._report(winding, good=2.2, scrap=0.4)
        Report = self.Report.with_user(self.worker)
        ops = {op["id"]: op for op in Report.factory_report_operations()}
        op = ops[winding.id]
        self.assertEqual(10 - 2.2 - 0.4, 7.3999999999999995)  # what it was
        self.assertEqual(op["remaining"], 7.4)
        self.assertEqual(repr(op["remaining"]), "7.4")
        self.assertEqual((op["good"], op["scrap"], op["available"]), (2.2, 0.4, 10))
        # the client formats with the unit's decimals (Units: 0.01)
        self.assertEqual(winding.product_uom_id.rounding, 0.01)
        self.assertEqual(op["digits"], 2)
        result = Report.factory_report_submit(
            {
                "workorder_id": winding.id,
                "employee_id": self.employee.id,
                "good_qty": 1.1,
                "scrap_qty": 0,
            }
        )
        self.assertEqual(result["operation"]["remaining"], 6.3)
        self.assertEqual(result["operation"]["good"], 3.3)

    def test_digits_follow_the_unit_rounding(self):
        category = self.env["uom.category"].create({"name": "Test Digits"})
        precision = self.env["decimal.precision"].precision_get(
            "Product Unit of Measure"
        )
        for rounding, expected in ((1.0, 0), (0.1, 1), (0.5, 1), (0.001, 3)):
            uom = self.env["uom.uom"].create(
                {
                    "name": f"Test unit {rounding}",
                    "category_id": category.id,
                    "uom_type": "reference" if rounding == 1.0 else "bigger",
                    "factor_inv": 1.0 if rounding == 1.0 else 10.0 / rounding,
                    "rounding": rounding,
                }
            )
            workorder = self.env["mrp.workorder"].new({"product_uom_id": uom.id})
            self.assertEqual(
                workorder._factory_uom_digits(), min(expected, precision), rounding
            )
