"""Bad input fuzzed on material request and return lines, production reports
(create and the phone's factory_report_submit) and the approval setting:
random JSON values, ids of other companies' and other warehouses' records."""

from hypothesis import given
from hypothesis import strategies as st

from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.factory_stock.tests.fuzz_common import (
    FUZZ,
    check_refusal,
    ids,
    json_values,
    numbers,
)

from .report_common import ProductionReportCase

REPORT_KEYS = (
    "workorder_id",
    "employee_id",
    "badge",
    "good_qty",
    "scrap_qty",
    "scrap_reason_id",
    "duration",
    "date_start",
    "date_end",
    "note",
)


@tagged("post_install", "-at_install")
class TestFuzzMrpInputs(ProductionReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env["res.company"].create({"name": "Fuzz MRP Company"})
        cls.foreign_product = cls.env["product.product"].create(
            {
                "name": "Foreign part",
                "default_code": "TST-FZ-FOREIGN-M",
                "is_storable": True,
                "company_id": company.id,
            }
        )
        cls.foreign_employee = cls.env["hr.employee"].create(
            {"name": "Foreign worker", "barcode": "FZ0009", "company_id": company.id}
        )
        cls.lot = cls.env["stock.lot"].create(
            {"name": "FZ-SHAFT-1", "product_id": cls.shaft.id}
        )
        cls.request = cls._adhoc_request(cls.wh_raw)
        cls.issued = cls._adhoc_request(cls.wh_raw)
        cls.issued.action_submit()
        cls.issued.with_user(cls.approver).action_approve()
        picking = cls.issued.picking_ids.with_user(cls.clerk)
        picking.move_ids.write({"quantity": 2, "picked": True})
        picking.button_validate()
        cls.other_wh_request = cls._adhoc_request(cls.wh_fg)
        cls.products = ids(
            cls.shaft.id, cls.magnet.id, cls.motor.id, cls.foreign_product.id
        )
        cls.production = cls._released_order(cls.wh_raw)
        unreleased = cls._released_order(cls.wh_fg, release=False)
        cls.workorders = ids(
            *cls.production.workorder_ids.ids, unreleased.workorder_ids[:1].id
        )
        cls.employees = ids(
            cls.employee.id, cls.other_employee.id, cls.foreign_employee.id
        )
        cls.admin = new_test_user(
            cls.env,
            login="t_fz_mrp_admin",
            groups="base.group_user,factory_stock.group_factory_admin",
        )

    @classmethod
    def _adhoc_request(cls, warehouse):
        return (
            cls.env["factory.material.request"]
            .with_user(cls.requester)
            .create(
                {
                    "warehouse_id": warehouse.id,
                    "cost_center_id": cls.cost_center.id,
                    "line_ids": [
                        Command.create({"product_id": cls.shaft.id, "product_qty": 2})
                    ],
                }
            )
        )

    @classmethod
    def _released_order(cls, warehouse, release=True):
        production = cls.env["mrp.production"].create(
            {
                "product_id": cls.motor.id,
                "product_qty": 5,
                "bom_id": cls.bom.id,
                "picking_type_id": warehouse.manu_type_id.id,
            }
        )
        production.action_confirm()
        if release:
            production.with_user(cls.requester).action_factory_release()
        return production

    # ------------------------------------------------------------ snapshots
    def _requests(self):
        requests = self.request | self.other_wh_request | self.issued
        quants = self.env["stock.quant"].search(
            [("product_id", "=", self.shaft.id)], order="id"
        )
        return (
            requests.read(["state", "return_picking_ids"]),
            requests.line_ids.sorted("id").read(
                ["product_id", "product_qty", "lot_id"]
            ),
            quants.read(["quantity", "location_id"]),
        )

    def _reports(self):
        workorders = self.production.workorder_ids.sorted("id")
        return (
            self.env["factory.production.report"].search_count([]),
            self.env["mrp.workcenter.productivity"].search_count([]),
            workorders.read(["qty_produced", "state"]),
        )

    # ------------------------------------------------------- request lines
    @FUZZ
    @given(data=st.data(), qty=numbers)
    def test_request_line_create(self, data, qty):
        vals = {
            "request_id": data.draw(ids(self.request.id, self.other_wh_request.id)),
            "product_id": data.draw(self.products),
            "lot_id": data.draw(st.one_of(st.just(False), ids(self.lot.id))),
            "product_qty": qty,
        }
        Line = self.env["factory.material.request.line"].with_user(self.requester)
        outcome, _ = check_refusal(self, lambda: Line.create(vals), self._requests)
        if outcome == "done":
            self.assertGreater(float(qty), 0)

    @FUZZ
    @given(
        field=st.sampled_from(["product_qty", "product_id", "lot_id"]), value=numbers
    )
    def test_request_line_write(self, field, value):
        line = self.request.line_ids.with_user(self.requester)
        check_refusal(self, lambda: line.write({field: value}), self._requests)

    # --------------------------------------------------------- return lines
    @FUZZ
    @given(data=st.data(), qty=numbers, reason=json_values)
    def test_return_lines(self, data, qty, reason):
        request = self.issued.with_user(self.requester)
        Return = self.env["factory.material.return"].with_user(self.requester)

        def call():
            wizard = Return.create({"request_id": request.id})
            wizard.write({"reason": reason})
            self.env["factory.material.return.line"].with_user(self.requester).create(
                {
                    "wizard_id": wizard.id,
                    "product_id": data.draw(self.products),
                    "lot_id": data.draw(st.one_of(st.just(False), ids(self.lot.id))),
                    "product_qty": qty,
                }
            )
            wizard.action_confirm()

        check_refusal(self, call, self._requests)

    # ---------------------------------------------------- production reports
    @FUZZ
    @given(data=st.data(), keys=st.lists(st.sampled_from(REPORT_KEYS), unique=True))
    def test_report_create(self, data, keys):
        vals = {
            "workorder_id": self.production.workorder_ids[:1].id,
            "employee_id": self.employee.id,
            "good_qty": 1,
            "duration": 5,
        }
        for key in keys:
            vals[key] = data.draw(self._report_value(key))
        Report = self.env["factory.production.report"].with_user(self.worker)
        check_refusal(self, lambda: Report.create(vals), self._reports)
        check_refusal(self, lambda: Report.factory_report_submit(vals), self._reports)

    @FUZZ
    @given(vals=json_values, badge=json_values)
    def test_report_phone_methods(self, vals, badge):
        Report = self.env["factory.production.report"].with_user(self.worker)
        for call in (
            lambda: Report.factory_report_submit(vals),
            lambda: Report.factory_report_badge(badge),
            lambda: Report.factory_report_operations(limit=badge),
        ):
            check_refusal(self, call, self._reports)

    def _report_value(self, key):
        if key == "workorder_id":
            return self.workorders
        if key == "employee_id":
            return self.employees
        if key == "scrap_reason_id":
            return ids(self.reason.id)
        if key == "badge":
            return st.one_of(st.sampled_from(["TW0001", "FZ0009", ""]), json_values)
        if key in ("date_start", "date_end"):
            return st.one_of(
                st.sampled_from(["2024-01-01 08:00:00", "2999-01-01", "yesterday"]),
                json_values,
            )
        return numbers

    # -------------------------------------------------------------- setting
    @FUZZ
    @given(value=json_values)
    def test_approval_setting(self, value):
        Settings = self.env["res.config.settings"].with_user(self.admin)
        check_refusal(
            self,
            lambda: Settings.create({"factory_mr_approval_required": value}).execute(),
            lambda: self.env.company.read(["factory_mr_approval_required"]),
        )
