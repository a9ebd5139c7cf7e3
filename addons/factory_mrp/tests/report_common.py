from odoo import Command

from .material_common import MaterialRequestCase


class ProductionReportCase(MaterialRequestCase):
    """The motor's BoM with two operations (winding, then assembly), a line
    worker with an employee and a badge, a second worker, and released orders
    of the motor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Workcenter = cls.env["mrp.workcenter"]
        cls.wc_winding = Workcenter.create(
            {"name": "Test Winding", "code": "TWIND", "costs_hour": 60}
        )
        cls.wc_assembly = Workcenter.create(
            {"name": "Test Assembly", "code": "TASSY", "costs_hour": 30}
        )
        cls.bom.operation_ids = [
            Command.create(
                {
                    "name": "Winding",
                    "workcenter_id": cls.wc_winding.id,
                    "sequence": 10,
                    "time_cycle_manual": 3,
                }
            ),
            Command.create(
                {
                    "name": "Assembly",
                    "workcenter_id": cls.wc_assembly.id,
                    "sequence": 20,
                    "time_cycle_manual": 2,
                }
            ),
        ]
        Employee = cls.env["hr.employee"]
        cls.employee = Employee.create(
            {
                "name": "Test Worker Liu",
                "barcode": "TW0001",
                "hourly_cost": 32,
                "user_id": cls.worker.id,
            }
        )
        cls.other_employee = Employee.create(
            {"name": "Test Worker Huang", "barcode": "TW0002", "hourly_cost": 28}
        )
        cls.reason = cls.env.ref("factory_stock.defect_reason_function")
        cls.Report = cls.env["factory.production.report"]

    def _released(self, qty=10):
        production = self._order(qty)
        production.action_factory_release()
        self.assertTrue(production.factory_released)
        return production

    def _ops(self, production):
        return production.workorder_ids.sorted("sequence")

    def _report(self, workorder, good=0.0, scrap=0.0, user=None, **vals):
        values = {
            "workorder_id": workorder.id,
            "employee_id": self.employee.id,
            "good_qty": good,
            "scrap_qty": scrap,
            "duration": 30,
            **vals,
        }
        if scrap and "scrap_reason_id" not in vals:
            values["scrap_reason_id"] = self.reason.id
        if "badge" in vals:
            values.pop("employee_id")
        return self.Report.with_user(user or self.worker).create(values)
