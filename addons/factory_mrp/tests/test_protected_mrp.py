from contextlib import contextmanager

from odoo import Command, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.factory_mrp.models.mrp_production_cost import COST_FIELDS

from .report_common import ProductionReportCase

# context keys a forging RPC client may send: none of them opens a field
FORGING_CONTEXT = {
    "factory_report_booking": True,
    "install_mode": True,
    "factory_private_write": True,
}
# what we judged protected (never given by a caller) and fixed (given on
# create, never changed): the declared lists must contain at least these
EXPECTED_PROTECTED = {
    "factory.material.request": {
        "name",
        "production_id",
        "requested_by_id",
        "state",
        "shortage_submitted",
        "approved_by_id",
        "approved_on",
        "issue_mode",
        "issue_location_id",
        "picking_ids",
        "return_picking_ids",
        "over_issue_approved_by_id",
        "over_issue_approved_on",
    },
    "factory.material.request.line": {"state", "qty_issued", "qty_returned"},
    "factory.production.report": {
        "name",
        "state",
        "reported_by_id",
        "productivity_id",
        "production_id",
    },
    "factory.material.return": {"request_id", "production_id"},
    "factory.mrp.release": {"production_ids"},
    "mrp.production": {
        "factory_released",
        "factory_released_by_id",
        "factory_released_on",
        "factory_released_with_shortage",
        "factory_standard_unit_cost",
        *COST_FIELDS,
    },
    "stock.picking": {
        "factory_material_request_id",
        "factory_mr_return",
        "factory_mr_return_request_id",
        "factory_mr_return_production_id",
        "factory_mr_return_reason",
    },
    "stock.move": {"factory_material_request_id"},
    "mrp.workorder": {"factory_good_qty", "factory_scrap_qty"},
    "mrp.workcenter.productivity": {"factory_employee_id"},
}
EXPECTED_FIXED = {
    "factory.material.request.line": {"request_id"},
    "factory.production.report": {
        "workorder_id",
        "employee_id",
        "good_qty",
        "scrap_qty",
        "scrap_reason_id",
        "date_start",
        "date_end",
        "duration",
    },
}
TRANSIENT = ("factory.material.return", "factory.mrp.release")


class _Rollback(Exception):
    pass


@tagged("post_install", "-at_install")
class TestProtectedMrp(ProductionReportCase):
    """Every protected field of factory_mrp, written or given on create (also
    as a ``default_`` context key) by every role over the ORM, is refused and
    changes nothing; the model's own actions still set them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.roles = {
            "workshop supervisor": cls.requester,
            "manufacturing user": cls.mrp_user,
            "clerk": cls.clerk,
            "warehouse supervisor": cls.supervisor,
            "line worker": cls.worker,
            "purchaser": cls.purchaser,
            "manager": cls.manager,
            "admin": cls.env.ref("base.user_admin"),
        }

    # ------------------------------------------------------------------
    # fixtures: documents that went through their real flows
    # ------------------------------------------------------------------

    def _documents(self):
        production = self._released(10)
        winding = self._ops(production)[0]
        report = self._report(winding, good=2)
        production.with_user(self.requester).action_factory_material_request()
        order_request = self._approved(production.factory_material_request_ids)
        self.assertEqual(order_request.issue_mode, "production_moves")
        lot = self.env["stock.lot"]
        adhoc = self._approved(self._adhoc([(self.magnet, 5, lot)]))
        self._validate(adhoc.picking_ids)
        self.assertEqual(adhoc.state, "issued")
        action = adhoc.with_user(self.requester).action_return()
        wizard = self.env["factory.material.return"].browse(action["res_id"])
        wizard.line_ids.product_qty = 1
        wizard.with_user(self.requester).action_confirm()
        returned = adhoc.return_picking_ids
        self.assertTrue(returned.factory_mr_return)
        draft = self._adhoc([(self.shaft, 1, lot)])
        docs = {
            "factory.material.request": adhoc,
            "factory.material.request.line": draft.line_ids,
            "factory.production.report": report,
            "mrp.production": production,
            "stock.picking": returned,
            "stock.move": production.move_raw_ids[:1],
            "mrp.workorder": winding,
            "mrp.workcenter.productivity": report.productivity_id,
        }
        return {model: record.with_env(self.env) for model, record in docs.items()}

    def _create_vals(self, docs, second=False):
        """Valid values of a new record of each model, any role (``second``:
        of another one beside it)."""
        stock = self.wh_raw.lot_stock_id
        destination = self.cost_center.location_id
        production = docs["mrp.production"]
        loss = self.env["mrp.workcenter.productivity.loss"].search(
            [("loss_type", "=", "productive")], limit=1
        )
        now = fields.Datetime.now()
        return {
            "factory.material.request": {
                "warehouse_id": self.wh_raw.id,
                "cost_center_id": self.cost_center.id,
            },
            "factory.material.request.line": {
                "request_id": docs["factory.material.request.line"].request_id.id,
                "product_id": (self.other_material if second else self.material).id,
                "product_qty": 1,
            },
            "factory.production.report": {
                "workorder_id": docs["mrp.workorder"].id,
                "badge": "TW0001",
                "good_qty": 1,
            },
            "factory.material.return": {},
            "factory.mrp.release": {},
            "mrp.production": {
                "product_id": self.motor.id,
                "bom_id": self.bom.id,
                "product_qty": 1,
                "picking_type_id": self.wh_raw.manu_type_id.id,
            },
            "stock.picking": {
                "picking_type_id": self.wh_raw.int_type_id.id,
                "location_id": stock.id,
                "location_dest_id": destination.id,
            },
            "stock.move": {
                "name": "forged",
                "product_id": self.shaft.id,
                "product_uom": self.shaft.uom_id.id,
                "product_uom_qty": 1,
                "location_id": stock.id,
                "location_dest_id": destination.id,
            },
            "mrp.workorder": {
                "name": "forged",
                "workcenter_id": self.wc_winding.id,
                "production_id": production.id,
                "product_uom_id": self.motor.uom_id.id,
            },
            "mrp.workcenter.productivity": {
                "workcenter_id": self.wc_winding.id,
                "workorder_id": docs["mrp.workorder"].id,
                "loss_id": loss.id,
                "date_start": now,
                "date_end": now,
            },
        }

    def _wizard_of(self, model, user, docs):
        """The transient record ``user`` gets from the model's own action
        (transient records belong to their creator), or None without rights."""
        try:
            if model == "factory.material.return":
                request = docs["factory.material.request"].with_user(user)
                action = request.action_return()
                return self.env[model].with_user(user).browse(action["res_id"])
            return (
                self.env[model]
                .with_user(user)
                ._factory_create(
                    {
                        "production_ids": [Command.set(docs["mrp.production"].ids)],
                        "shortage_text": "short",
                    }
                )
            )
        except AccessError:
            return None

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _value(self, record, fname):
        record = record.sudo()
        record.invalidate_recordset([fname])
        value = record[fname]
        if isinstance(value, models.BaseModel):
            return value.id if record._fields[fname].type == "many2one" else value.ids
        return value

    def _forged(self, model, fname, current):
        """A value of ``fname`` other than ``current`` (as _value gives it)."""
        field = self.env[model]._fields[fname]
        kind = field.type
        if kind == "boolean":
            return not current
        if kind in ("char", "text", "html"):
            return "FORGED"
        if kind in ("float", "monetary"):
            return (current or 0.0) + 7.0
        if kind == "integer":
            return (current or 0) + 7
        if kind == "datetime":
            return "2020-01-02 03:04:05"
        if kind == "date":
            return "2020-01-02"
        if kind == "selection":
            return next(v for v in field.get_values(self.env) if v != current)
        Comodel = self.env[field.comodel_name].sudo()
        if kind == "many2one":
            return Comodel.search([("id", "!=", current or 0)], limit=1, order="id").id
        other = Comodel.search([("id", "not in", current or [])], limit=1, order="id")
        self.assertTrue(other, f"no record to forge {model}.{fname} with")
        return [Command.link(other.id)]

    def _is_forged(self, model, fname, value, forged):
        if isinstance(forged, list):  # x2many: [Command.link(id)]
            return forged[0][1] in value
        if self.env[model]._fields[fname].type == "datetime":
            return value == fields.Datetime.to_datetime(forged)
        return value == forged

    @contextmanager
    def _rolled_back(self):
        """Run the block and undo it (the records a role may create stay out
        of the next role's way, e.g. unique materials per request)."""
        try:
            with self.env.cr.savepoint():
                yield
                raise _Rollback
        except _Rollback:
            pass
        self.env.invalidate_all()

    def _protected(self, model):
        return list(self.env[model]._factory_protected_fields)

    # ------------------------------------------------------------------
    # tests
    # ------------------------------------------------------------------

    def test_declared_lists(self):
        for model, expected in EXPECTED_PROTECTED.items():
            with self.subTest(model=model):
                declared = set(self.env[model]._factory_protected_fields)
                self.assertLessEqual(expected, declared)
                self.assertLessEqual(
                    EXPECTED_FIXED.get(model, set()),
                    set(self.env[model]._factory_fixed_fields),
                )
                for fname in declared | set(self.env[model]._factory_fixed_fields):
                    self.assertIn(fname, self.env[model]._fields)

    def test_forged_writes_refused_for_every_role(self):
        docs = self._documents()
        writable = set()
        for model in EXPECTED_PROTECTED:
            Model = self.env[model]
            fnames = self._protected(model) + list(Model._factory_fixed_fields)
            for role, user in self.roles.items():
                if model in TRANSIENT:
                    record = self._wizard_of(model, user, docs)
                    if record is None:
                        continue
                else:
                    record = docs[model].with_user(user)
                record = record.with_context(**FORGING_CONTEXT)
                has_access = record.has_access("write")
                if has_access:
                    writable.add(model)
                for fname in fnames:
                    before = self._value(record, fname)
                    forged = self._forged(model, fname, before)
                    with self.subTest(model=model, field=fname, role=role):
                        with (
                            self.assertRaises(UserError) as caught,
                            self.env.cr.savepoint(),
                        ):
                            record.write({fname: forged})
                        if has_access:
                            # refused by the protection, not for lack of rights
                            self.assertNotIsInstance(caught.exception, AccessError)
                        self.assertEqual(self._value(record, fname), before)
        self.assertEqual(writable, set(EXPECTED_PROTECTED))

    def test_forged_creates_refused_for_every_role(self):
        docs = self._documents()
        base = self._create_vals(docs)
        creatable = set()
        for model in EXPECTED_PROTECTED:
            for role, user in self.roles.items():
                Model = self.env[model].with_user(user).with_context(**FORGING_CONTEXT)
                has_access = Model.has_access("create")
                if has_access:
                    creatable.add(model)
                for fname in self._protected(model):
                    forged = self._forged(model, fname, False)
                    count = self.env[model].sudo().search_count([])
                    with self.subTest(model=model, field=fname, role=role):
                        with (
                            self.assertRaises(UserError) as caught,
                            self.env.cr.savepoint(),
                        ):
                            Model.create({**base[model], fname: forged})
                        if has_access:
                            self.assertNotIsInstance(caught.exception, AccessError)
                        self.assertEqual(self.env[model].sudo().search_count([]), count)
        self.assertEqual(creatable, set(EXPECTED_PROTECTED))

    def test_default_context_sets_no_protected_field(self):
        docs = self._documents()
        base = self._create_vals(docs)
        other = self._create_vals(docs, second=True)
        created = set()
        for model in EXPECTED_PROTECTED:
            Model = self.env[model]
            forged = {
                fname: self._forged(
                    model,
                    fname,
                    [] if Model._fields[fname].type.endswith("2many") else False,
                )
                for fname in self._protected(model)
            }
            context = {f"default_{fname}": value for fname, value in forged.items()}
            for role, user in self.roles.items():
                Model = self.env[model].with_user(user).with_context(**FORGING_CONTEXT)
                if not Model.has_access("create"):
                    continue
                with self._rolled_back():
                    # what the same creation gives without the context keys
                    # (a forged value may be the right one by chance)
                    baseline = Model.create(dict(base[model]))
                    record = Model.with_context(**context).create(dict(other[model]))
                    created.add(model)
                    for fname, value in forged.items():
                        with self.subTest(model=model, field=fname, role=role):
                            got = self._value(record, fname)
                            self.assertTrue(
                                not self._is_forged(model, fname, got, value)
                                or got == self._value(baseline, fname),
                                f"{model}.{fname} = {got} from the context",
                            )
        self.assertEqual(created, set(EXPECTED_PROTECTED))

    def test_action_context_defaults_set_nothing(self):
        """The context of an action's call does not reach the records the
        action creates in its writer scope either."""
        production = self._released(10)
        production.with_user(self.requester).with_context(
            default_state="approved", default_approved_by_id=self.approver.id
        ).action_factory_material_request()
        request = production.factory_material_request_ids
        self.assertEqual((request.state, request.approved_by_id.id), ("draft", False))
        adhoc = self._adhoc([(self.magnet, 5, self.env["stock.lot"])])
        adhoc.with_user(self.requester).action_submit()
        forged = {
            "default_factory_mr_return": True,
            "default_factory_mr_return_request_id": request.id,
            "default_factory_released": True,
            "default_factory_standard_unit_cost": 999.0,
        }
        adhoc.with_user(self.approver).with_context(
            **forged, default_factory_material_request_id=request.id
        ).action_approve()
        picking = adhoc.picking_ids
        self.assertEqual(len(picking), 1)
        self.assertFalse(picking.factory_mr_return)
        self.assertFalse(request.picking_ids | request.return_picking_ids)
        # Odoo's own backorder of an order, created in the order's writer scope
        backorders = (
            production.with_user(self.requester)
            .with_context(**forged)
            ._split_productions({production: [4, 6]})
        ) - production
        self.assertEqual(len(backorders), 1)
        self.assertFalse(backorders.factory_released)
        self.assertEqual(
            backorders.sudo().factory_standard_unit_cost,
            production.sudo().factory_standard_unit_cost,
        )

    def test_own_actions_still_write(self):
        docs = self._documents()
        request = docs["factory.material.request"]
        self.assertEqual(request.approved_by_id, self.approver)
        self.assertEqual(request.issue_location_id, self.cost_center.location_id)
        self.assertEqual(docs["stock.picking"].factory_mr_return_reason, "surplus")
        production = docs["mrp.production"]
        self.assertTrue(production.factory_released)
        self.assertEqual(
            production.move_raw_ids.factory_material_request_id,
            production.factory_material_request_ids,
        )
        report = docs["factory.production.report"]
        self.assertEqual(report.productivity_id.factory_employee_id, self.employee)
        self.assertEqual(docs["mrp.workorder"].factory_good_qty, 2)
        # the note stays editable on a booked report; a cancellation books
        report.with_user(self.approver).note = "checked"
        report.with_user(self.approver).action_factory_cancel()
        self.assertEqual((report.state, report.productivity_id.id), ("cancel", False))
        # a duplicate starts its own workflow; a forged default is refused
        copy = request.with_user(self.requester).copy()
        self.assertEqual(
            (copy.state, copy.approved_by_id.id, copy.picking_ids.ids),
            ("draft", False, []),
        )
        self.assertEqual(copy.requested_by_id, self.requester)
        with self.assertRaises(UserError):
            request.with_user(self.requester).copy({"state": "approved"})

    def test_release_wizard_only_for_orders_to_release(self):
        production = self._released(10)
        wizard = (
            self.env["factory.mrp.release"]
            .with_user(self.requester)
            ._factory_create(
                {
                    "production_ids": [Command.set(production.ids)],
                    "reason": "Customer waits",
                }
            )
        )
        with self.assertRaisesRegex(UserError, "cannot be released with shortage"):
            wizard.action_release()
        self.assertFalse(production.factory_released_with_shortage)

    def test_draft_and_cancelled_requests_can_be_deleted(self):
        lot = self.env["stock.lot"]
        draft = self._adhoc([(self.magnet, 1, lot)])
        draft.line_ids.with_user(self.requester).unlink()
        cancelled = self._adhoc([(self.magnet, 1, lot)])
        cancelled.with_user(self.requester).action_submit()
        cancelled.with_user(self.requester).action_cancel()
        (draft | cancelled).with_user(self.manager).unlink()
        self.assertFalse((draft | cancelled).exists())

    def test_submitted_request_keeps_what_it_is_for(self):
        request = self._adhoc([(self.magnet, 5, self.env["stock.lot"])])
        request.with_user(self.requester).warehouse_id = self.wh_fg
        request.with_user(self.requester).warehouse_id = self.wh_raw
        self._approved(request)
        for vals in (
            {"warehouse_id": self.wh_fg.id},
            {"date_required": "2020-01-01 00:00:00"},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                request.with_user(self.requester).write(vals)
        self.assertEqual(request.warehouse_id, self.wh_raw)
        with self.assertRaisesRegex(ValidationError, "draft request"):
            request.line_ids.with_user(self.requester).unlink()
        self.assertEqual(len(request.line_ids), 1)
        request.with_user(self.requester).note = "for the warehouse"
        request.with_user(self.requester).over_issue_reason = "spare"
        request.with_user(self.approver).action_approve_over_issue()
        with self.assertRaises(UserError):
            request.with_user(self.approver).over_issue_reason = "another"
        self.assertEqual(request.over_issue_reason, "spare")
