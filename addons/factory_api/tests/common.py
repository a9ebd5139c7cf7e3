import json
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user

from odoo.addons.factory_mrp.tests.report_common import ProductionReportCase

API = "/factory/api/v1"


class FactoryApiCase(HttpCase, ProductionReportCase):
    """The suite's fixtures (two warehouses, users of every role, a motor
    with two operations, workers with badges) plus an API key per user, a
    lot-tracked material on order and an alert in each warehouse."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fg_clerk = new_test_user(
            cls.env,
            login="t_api_fg_clerk",
            groups="base.group_user,factory_stock.group_warehouse_clerk",
            factory_warehouse_ids=[Command.set(cls.wh_fg.ids)],
        )
        cls.keys = {
            user: cls._api_key(user)
            for user in (
                cls.clerk,
                cls.fg_clerk,
                cls.supervisor,
                cls.requester,
                cls.approver,
                cls.worker,
                cls.purchaser,
                cls.manager,
            )
        }
        # a lot-tracked material ordered for each warehouse
        cls.resin = cls._create_material("TST-API-01", "Resin", tracking="lot")
        cls.vendor = cls.env["res.partner"].create({"name": "Test API Vendor"})
        cls.po_raw = cls._purchase(cls.wh_raw, 20)
        cls.po_fg = cls._purchase(cls.wh_fg, 5)
        # an alert in each warehouse
        rule = cls.env["factory.alert.rule"].create(
            {
                "name": "Test API low stock",
                "rule_type": "below_safety",
                "company_id": cls.company.id,
                "channel_message": True,
                "user_ids": [Command.set(cls.purchaser.ids)],
            }
        )
        Alert = cls.env["factory.alert"]
        cls.alert_raw, cls.alert_fg = Alert.create(
            [
                {
                    "rule_id": rule.id,
                    "company_id": cls.company.id,
                    "key": f"test-api-{warehouse.code}",
                    "product_id": cls.material.id,
                    "warehouse_id": warehouse.id,
                    "qty": 1,
                    "threshold": 5,
                }
                for warehouse in (cls.wh_raw, cls.wh_fg)
            ]
        )
        cls._set_stock_cls(cls.material, cls.wh_raw.lot_stock_id, 7)
        cls._set_stock_cls(cls.material, cls.wh_fg.lot_stock_id, 3)

    @classmethod
    def _set_stock_cls(cls, product, location, qty):
        cls.env["stock.quant"]._update_available_quantity(product, location, qty)

    @classmethod
    def _api_key(cls, user, scope="factory_api"):
        # sudo: a key lasting beyond the user's own allowed duration
        return (
            cls.env["res.users.apikeys"]
            .with_user(user)
            .sudo()
            ._generate(scope, "test", fields.Datetime.now() + timedelta(days=1))
        )

    @classmethod
    def _purchase(cls, warehouse, qty):
        order = cls.env["purchase.order"].create(
            {
                "partner_id": cls.vendor.id,
                "picking_type_id": warehouse.in_type_id.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.resin.id,
                            "product_qty": qty,
                            "price_unit": 3.0,
                        }
                    )
                ],
            }
        )
        order.button_confirm()
        return order

    # ------------------------------------------------------------------
    def call(self, method, path, user=None, body=None, key=None, headers=None):
        """(status, JSON answer, response) of an API call as ``user``."""
        sent = {"Content-Type": "application/json"}
        if user is not None:
            sent["Authorization"] = f"Bearer {self.keys[user]}"
        if key:
            sent["Idempotency-Key"] = key
        sent.update(headers or {})
        data = None
        if body is not None:
            data = body if isinstance(body, str | bytes) else json.dumps(body)
        response = self.opener.request(
            method, self.base_url() + API + path, data=data, headers=sent, timeout=30
        )
        try:
            payload = response.json()
        except ValueError:
            payload = None
        return response.status_code, payload, response

    def get(self, path, user, **kwargs):
        return self.call("GET", path, user, **kwargs)

    def post(self, path, user, body=None, **kwargs):
        return self.call(
            "POST", path, user, body={} if body is None else body, **kwargs
        )

    def assertError(self, result, status, code, field=None):
        got_status, payload, _response = result
        self.assertEqual(got_status, status, payload)
        self.assertEqual(set(payload), {"error"}, payload)
        self.assertEqual(payload["error"]["code"], code, payload)
        self.assertTrue(payload["error"]["message"])
        self.assertEqual(payload["error"]["field"], field, payload)
        return payload["error"]
