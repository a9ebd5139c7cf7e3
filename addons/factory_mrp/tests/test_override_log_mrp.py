from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .order_cost_common import OrderCostCase


@tagged("post_install", "-at_install")
class TestOverrideLogMrp(OrderCostCase):
    """Over-issue approvals and releases with shortage are in the override
    log with their reason; cost rates are in the audit trail."""

    def _logs(self, record):
        return self.env["factory.override.log"].search(
            [("res_model", "=", record._name), ("res_id", "=", record.id)]
        )

    def test_over_issue_approval_logged(self):
        request = self._approved(
            self._adhoc([(self.magnet, 10, self.env["stock.lot"])])
        )
        request.with_user(self.approver).over_issue_reason = "  Scrap on the first run "
        request.with_user(self.approver).action_approve_over_issue()
        log = self._logs(request)
        self.assertEqual(
            (log.kind, log.user_id, log.document, log.reason, log.warehouse_id),
            (
                "over_issue",
                self.approver,
                request.name,
                "Scrap on the first run",
                self.wh_raw,
            ),
        )
        self.assertIn("TST-RM-02", log.details)
        # a refused approval (no reason) logs nothing
        other = self._approved(self._adhoc([(self.shaft, 1, self.env["stock.lot"])]))
        with self.assertRaises(UserError):
            other.with_user(self.approver).action_approve_over_issue()
        self.assertFalse(self._logs(other))
        with self.assertRaises(AccessError):
            log.with_user(self.manager).unlink()
        with self.assertRaises(AccessError):
            log.with_user(self.manager).write({"reason": "none"})

    def _short_order(self):
        form = Form(self.env["mrp.production"].with_user(self.requester))
        form.product_id = self.motor
        form.bom_id = self.bom
        form.product_qty = 20  # 40 magnets and 20 shafts needed: 30 and 10 free
        form.picking_type_id = self.wh_raw.manu_type_id
        form.date_start = fields.Datetime.now() + timedelta(days=1)
        return form.save()

    def test_release_with_shortage_needs_reason_and_is_logged(self):
        production = self._short_order()
        action = production.with_user(self.requester).action_factory_release()
        wizard = self.env["factory.mrp.release"].with_user(self.requester)
        wizard = wizard.browse(action["res_id"])
        for reason in (False, "  "):
            wizard.reason = reason
            with self.assertRaises(UserError):
                wizard.action_release()
            self.assertFalse(production.factory_released)
        self.assertFalse(self._logs(production))
        wizard.reason = "Customer sample, shafts arrive tomorrow"
        wizard.action_release()
        self.assertTrue(production.factory_released_with_shortage)
        logs = self._logs(production)
        self.assertEqual(
            sorted((log.product_id.default_code, log.quantity) for log in logs),
            [("TST-RM-01", 10.0), ("TST-RM-02", 10.0)],
        )
        self.assertEqual(set(logs.mapped("kind")), {"shortage_release"})
        self.assertEqual(logs.user_id, self.requester)
        self.assertEqual(
            set(logs.mapped("reason")), {"Customer sample, shafts arrive tomorrow"}
        )
        self.assertEqual(logs.warehouse_id, self.wh_raw)
        self.assertTrue(
            production.message_ids.filtered(
                lambda m: "shafts arrive tomorrow" in m.body
            )
        )
        # the Factory Manager finds them by material
        found = (
            self.env["factory.override.log"]
            .with_user(self.manager)
            .search(
                [("kind", "=", "shortage_release"), ("product_id", "=", self.shaft.id)]
            )
        )
        self.assertEqual(found, logs.filtered(lambda l: l.product_id == self.shaft))

    def test_cost_rates_in_audit_trail(self):
        self.wc_wind.with_user(self.manager).write({"costs_hour": 32.0, "name": "W2"})
        self.emp_rated.write({"hourly_cost": 65.0, "job_title": "Winder"})
        lines = self.env["auditlog.log.line"].search(
            [
                ("log_id.model_model", "in", ("mrp.workcenter", "hr.employee")),
                ("log_id.res_id", "in", (self.wc_wind.id, self.emp_rated.id)),
                ("log_id.method", "=", "write"),
            ]
        )
        self.assertEqual(
            sorted(
                (
                    line.log_id.model_model,
                    line.field_name,
                    line.old_value_text,
                    line.new_value_text,
                )
                for line in lines
            ),
            [
                ("hr.employee", "hourly_cost", "60.0", "65.0"),
                ("mrp.workcenter", "costs_hour", "30.0", "32.0"),
            ],
        )
